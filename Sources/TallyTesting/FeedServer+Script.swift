extension FeedServer {
    /// The server's Python program. Arguments: DOCROOT LOG CERT KEY UNTRUSTED_CERT UNTRUSTED_KEY. It prints one JSON
    /// line with its ports (`http`, `https`, `untrusted`), then serves until its standard input closes; each request
    /// is logged to LOG as one JSON line (path, port, request headers, requests in progress) before it is answered.
    static let script = #"""
        import email.utils, gzip, hashlib, json, os, ssl, sys, threading, time, zlib
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit, parse_qs

        DOCROOT, LOG, CERT, KEY, UNTRUSTED_CERT, UNTRUSTED_KEY = sys.argv[1:7]
        lock = threading.Lock()
        active = {"now": 0}
        FEED = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Kinh tế</title>'
                '<language>vi</language><item><title><![CDATA[Bình Dương]]></title>'
                '<link>https://www.vietnamplus.vn/a-1.vnp</link><guid>a-1</guid>'
                '<pubDate>Tue, 14 May 2024 08:30:00 +0700</pubDate></item></channel></rss>\n').encode()
        FEED_ETAG = '"v1"'
        FEED_MODIFIED = "Tue, 14 May 2024 01:30:00 GMT"
        MIB = 1024 * 1024
        BOMB = gzip.compress(b" " * (30 * MIB), 9)


        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                with lock:
                    active["now"] += 1
                    entry = {"path": self.path, "port": self.server.server_address[1], "concurrent": active["now"],
                             "headers": {k.lower(): v for k, v in self.headers.items()}}
                    with open(LOG, "a") as log:
                        log.write(json.dumps(entry) + "\n")
                try:
                    delay = float(query.get("delay", "0"))
                    if delay:
                        time.sleep(delay)
                    self.route(url.path, query)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass
                finally:
                    with lock:
                        active["now"] -= 1

            def send(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def conditional(self, body, etag, modified, content_type):
                match = self.headers.get("If-None-Match")
                if match == etag or (match is None and self.headers.get("If-Modified-Since") == modified):
                    return self.send(304, headers=[("ETag", etag), ("Last-Modified", modified)])
                self.send(200, body, [("Content-Type", content_type), ("ETag", etag), ("Last-Modified", modified)])

            def route(self, path, query):
                if path == "/feed":
                    return self.conditional(FEED, FEED_ETAG, FEED_MODIFIED, "application/rss+xml; charset=utf-8")
                if path == "/html":
                    return self.send(200, b"<!DOCTYPE html><html><body>Not a feed</body></html>",
                                     [("Content-Type", "text/html; charset=utf-8")])
                if path.startswith("/files/"):
                    name = os.path.normpath(path[len("/files/"):])
                    full = os.path.join(DOCROOT, name)
                    if name.startswith("..") or not os.path.isfile(full):
                        return self.send(404, b"no such file")
                    with open(full, "rb") as f:
                        body = f.read()
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    modified = email.utils.formatdate(os.path.getmtime(full), usegmt=True)
                    kind = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".xml": "application/xml",
                            ".html": "text/html"}.get(os.path.splitext(full)[1], "application/octet-stream")
                    return self.conditional(body, etag, modified, query.get("type", kind))
                if path.startswith("/status/"):
                    code = int(path.split("/")[2])
                    headers = [("Retry-After", query["retry-after"])] if "retry-after" in query else []
                    return self.send(code, b"status %d" % code, headers + [("Content-Type", "text/plain")])
                if path.startswith("/chain/"):
                    codes, _, target = path[len("/chain/"):].partition("/")
                    steps = [c for c in codes.split(",") if c]
                    if not steps:
                        return self.send(404, b"empty chain")
                    location = "/chain/" + ",".join(steps[1:]) + "/" + target if len(steps) > 1 else "/" + target
                    query_text = urlsplit(self.path).query
                    return self.send(int(steps[0]), headers=[("Location", location + ("?" + query_text if query_text else ""))])
                if path.startswith("/hops/"):
                    n = int(path.split("/")[2])
                    return self.send(302, headers=[("Location", "/hops/%d" % (n - 1) if n > 1 else "/feed")])
                if path.startswith("/loop/"):
                    return self.send(301, headers=[("Location", "/loop/" + ("b" if path.endswith("/a") else "a"))])
                if path == "/redirect":
                    return self.send(int(query.get("status", "302")), headers=[("Location", query["to"])])
                if path == "/stall/headers":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.wfile.write(FEED[:40])
                    self.wfile.flush()
                    return time.sleep(3600)
                if path == "/stall/silent":
                    return time.sleep(3600)
                if path == "/stall/drip":
                    # A byte every half second: never idle long enough for a read timeout, never done.
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    for byte in FEED[:7200]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.5)
                    return
                if path == "/gzip":
                    return self.send(200, gzip.compress(FEED),
                                     [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")])
                if path == "/deflate":
                    return self.send(200, zlib.compress(FEED),
                                     [("Content-Type", "application/rss+xml"), ("Content-Encoding", "deflate")])
                if path == "/big":
                    size = int(query.get("mib", "25")) * MIB
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    if query.get("length", "yes") == "yes":
                        self.send_header("Content-Length", str(size))
                    else:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    chunk = b"<!-- " + b"x" * (64 * 1024 - 10) + b" -->\n"
                    sent = 0
                    while sent < size:
                        piece = chunk[:size - sent]
                        self.wfile.write(piece)
                        sent += len(piece)
                    return
                if path == "/bomb":
                    return self.send(200, BOMB, [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")])
                self.send(404, b"no such fixture")


        class Server(ThreadingHTTPServer):
            daemon_threads = True
            # Tests connect many at once; the default backlog of 5 would drop connections.
            request_queue_size = 256
            context = None

            # The TLS handshake happens in the request's thread, so that a client that never finishes one
            # cannot hold up the others.
            def finish_request(self, request, client_address):
                if self.context:
                    try:
                        request = self.context.wrap_socket(request, server_side=True)
                    except OSError:
                        return
                self.RequestHandlerClass(request, client_address, self)


        def serve(context):
            server = Server(("127.0.0.1", 0), Handler)
            server.context = context
            threading.Thread(target=server.serve_forever, daemon=True).start()
            return server.server_address[1]


        def tls(cert, key):
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            context.set_alpn_protocols(["http/1.1"])
            return context


        ports = {"http": serve(None), "https": serve(tls(CERT, KEY)), "untrusted": serve(tls(UNTRUSTED_CERT, UNTRUSTED_KEY))}
        print(json.dumps(ports), flush=True)
        # The test process holds our standard input: when it ends, however it ends, so do we.
        sys.stdin.read()
        os._exit(0)
        """#
}

#!/usr/bin/env python3
"""SPEC §10's fetch benchmark: one `tallyctl fetch` round of 200 feeds from a local server with `parallel = 8`.

    fetch_round.py [BINDIR] [ROUNDS]

BINDIR holds tallyd and tallyctl (default .build/release; build them with `swift build -c release`). The script
writes 200 RSS 2.0 feeds of 50 items each (as VietnamPlus writes them: +0700 dates, CDATA titles, HTML in
descriptions, categories; about 40 KB each) across 10 agreements into a temporary directory, serves them from
127.0.0.1 with ETag and Last-Modified (a Python ThreadingHTTPServer, gzip when asked), starts tallyd on a
configuration of its own (`[fetch] parallel = 8`), and times, as wall time of the whole `tallyctl fetch`:

  cold      the first round: 200 answers of 200 OK, 10,000 items parsed and submitted (review = true:
            every matching item becomes an inbox candidate)
  304       forced rounds (`--force`) where every feed answers 304 Not Modified to the validators tallyd kept
  unchanged forced rounds without validators' luck: the files are touched, so every feed answers 200 OK
            again and tallyd finds every item already seen

ROUNDS (default 5) is the number of 304 and unchanged rounds each; min / median / max are printed.
Needs python3 only; run it from the repository root.
"""
import email.utils, gzip, hashlib, os, shutil, signal, statistics, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

bindir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
FEEDS, AGREEMENTS, ITEMS = 200, 10, 50
for tool in ("tallyd", "tallyctl"):
    if not os.access(os.path.join(bindir, tool), os.X_OK):
        sys.exit("%s/%s is missing: build it with `swift build -c release` (or give BINDIR)" % (bindir, tool))

work = tempfile.mkdtemp(prefix="tally-fetch-bench-")
docroot = os.path.join(work, "feeds")
os.makedirs(docroot)
os.makedirs(os.path.join(work, "agreements.d"))
os.makedirs(os.path.join(work, "run"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = os.path.join(docroot, os.path.basename(self.path))
        if not os.path.isfile(path):
            return self.answer(404, b"no such feed", [])
        body = open(path, "rb").read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        modified = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        validators = [("ETag", etag), ("Last-Modified", modified)]
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, b"", validators)
        headers = validators + [("Content-Type", "application/rss+xml; charset=utf-8")]
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 5)
            headers.append(("Content-Encoding", "gzip"))
        self.answer(200, body, headers)

    def answer(self, status, body, headers):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
server.request_queue_size = 256
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]


def rss(feed):
    now = time.time()
    items = []
    for i in range(ITEMS):
        published = email.utils.formatdate(now - 3600 * (i + 1) - 60 * feed, localtime=False)[:-5] + "+0000"
        items.append(
            "<item><title><![CDATA[Bình Dương: tin số %d của kênh %d]]></title>"
            "<link>https://www.vietnamplus.vn/kenh-%d/tin-%d.vnp</link><guid>k%d-t%d</guid>"
            "<description><![CDATA[<p>Tỉnh <b>Bình Dương</b> – %s</p>]]></description>"
            "<category>Kinh tế</category><category>Địa phương</category><pubDate>%s</pubDate></item>"
            % (i, feed, feed, i, feed, i, "Thủ Dầu Một " * 40, published))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Kênh %d</title>'
            "<language>vi</language>%s</channel></rss>\n" % (feed, "".join(items)))


for feed in range(FEEDS):
    with open(os.path.join(docroot, "kenh-%d.rss" % feed), "w") as f:
        f.write(rss(feed))
for agreement in range(AGREEMENTS):
    text = ('id = "bench-%d"\ntitle = "Thỏa thuận %d"\nstart = 2020-01-01\nend = 2035-12-31\n\n'
            '[[quota]]\nid = "tin-bai"\ntitle = "Tin, bài"\ntarget = 1000\nper = "year"\nkinds = ["article"]\n'
            % (agreement, agreement))
    for feed in range(agreement, FEEDS, AGREEMENTS):
        text += ('\n[[feed]]\nid = "kenh-%d"\nurl = "http://127.0.0.1:%d/kenh-%d.rss"\noutlet = "VietnamPlus"\n'
                 'match = ["Bình Dương"]\n' % (feed, port, feed))
    with open(os.path.join(work, "agreements.d", "bench-%d.toml" % agreement), "w") as f:
        f.write(text)
config = os.path.join(work, "tally.toml")
with open(config, "w") as f:
    f.write('[daemon]\nsocket = "run/io.tally"\ndatabase = "state/tally.sqlite"\nagreements_dir = "agreements.d"\n'
            'onboarding = "0s"\n\n[fetch]\nparallel = 8\n')

socket = os.path.join(work, "run", "io.tally")
environment = dict(os.environ, TALLY_SOCKET=socket)
environment.pop("NOTIFY_SOCKET", None)
daemon = subprocess.Popen([os.path.join(bindir, "tallyd"), "--config", config], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "tallyd.log"), "w"))
try:
    deadline = time.time() + 60
    while not os.path.exists(socket):
        if daemon.poll() is not None or time.time() > deadline:
            sys.exit("tallyd did not start; see %s/tallyd.log" % work)
        time.sleep(0.1)

    def fetch(*arguments):
        started = time.monotonic()
        run = subprocess.run([os.path.join(bindir, "tallyctl"), "fetch", *arguments], env=environment,
                             capture_output=True, text=True)
        elapsed = time.monotonic() - started
        if run.returncode != 0:
            sys.exit("tallyctl fetch %s failed (%d):\n%s%s" % (" ".join(arguments), run.returncode, run.stdout[-2000:],
                                                                run.stderr))
        return elapsed, run.stdout.strip().splitlines()[-1]

    def report(name, times, summary):
        print("%-10s min %6.2f s  median %6.2f s  max %6.2f s   (%s)" % (
            name, min(times), statistics.median(times), max(times), summary))

    cold, summary = fetch()
    report("cold", [cold], summary)
    times = []
    for _ in range(rounds):
        elapsed, summary = fetch("--force")
        times.append(elapsed)
    report("304", times, summary)
    times = []
    for _ in range(rounds):
        for name in os.listdir(docroot):
            with open(os.path.join(docroot, name), "a") as f:
                f.write("\n")
        elapsed, summary = fetch("--force")
        times.append(elapsed)
    report("unchanged", times, summary)
    print("%d feeds of %d items, parallel = 8, %s" % (FEEDS, ITEMS, bindir))
finally:
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(timeout=30)
    server.shutdown()
    shutil.rmtree(work, ignore_errors=True)

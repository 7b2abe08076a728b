#!/usr/bin/env python3
"""SPEC §10's figures, each beside a baseline measured in the same run:

    feeds_bench.py BINDIR [RUNS]

1. parse: `tallyctl fetch` of one ~19.5 MiB RSS feed (9,000 items of ~2 KiB; the limit is 20 MiB) from a loopback server: items/s and the
   fetcher's peak RSS (ru_maxrss of the tallyctl process), beside Python's expat reading the same bytes
   (xml.parsers.expat, C) and the bytes fetched by curl.
2. round: one `tallyctl fetch` round of 200 feeds (50 items each) with `[fetch] parallel = 8`: wall time, beside
   `curl` fetching the same 200 URLs 8 at a time (xargs -P 8).
3. submit: 10,000 items sent to tallyd with SubmitFetch (the fetcher's method, in calls under the 1 MiB request
   limit), beside `tallyctl import` of the same 10,000 items as CSV into a fresh database: items/s.

Each figure is repeated RUNS times (default 5) on fresh databases; prints min/median/max and the ratio of medians.
"""
import http.server, os, resource, shutil, signal, statistics, subprocess, sys, tempfile, threading, time
import xml.parsers.expat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Varlink  # noqa: E402

bindir = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
TALLYD, TALLYCTL = os.path.join(bindir, "tallyd"), os.path.join(bindir, "tallyctl")
work = tempfile.mkdtemp(prefix="tally-feeds-bench-")
NOW = "2026-06-15T12:00:00+07:00"


def rss(items, prefix, size=0):
    """An RSS 2.0 feed of `items` Vietnamese items with +0700 dates; descriptions padded to about `size` bytes."""
    body = ["<?xml version='1.0' encoding='UTF-8'?>\n<rss version='2.0'><channel><title>Bình Dương</title><language>vi</language>"]
    pad = "Tỉnh Bình Dương đẩy mạnh chuyển đổi số trong các khu công nghiệp. " * max(1, size // 80)
    for i in range(items):
        day = 1 + i % 28
        body.append(
            "<item><title><![CDATA[Bình Dương: tin số %d về kinh tế]]></title><link>https://baotinh.vn/%s/%d.html</link>"
            "<guid isPermaLink='false'>%s-%d</guid><description><![CDATA[<p>%s</p>]]></description><category>Kinh tế</category>"
            "<pubDate>Mon, %02d Jun 2026 08:%02d:00 +0700</pubDate></item>" % (i, prefix, i, prefix, i, pad, min(day, 14), i % 60))
    body.append("</channel></rss>")
    return "".join(body).encode()


def installation(name, feeds, parallel=8):
    """A configuration directory: one agreement over 2026 with `feeds` (id → URL)."""
    root = os.path.join(work, name)
    os.makedirs(os.path.join(root, "agreements.d"))
    os.makedirs(os.path.join(root, "state"))
    open(os.path.join(root, "tally.toml"), "w").write(
        '[daemon]\nsocket = "run/io.tally"\ndatabase = "state/tally.sqlite"\nagreements_dir = "agreements.d"\n'
        'timezone = "Asia/Ho_Chi_Minh"\nonboarding = "0s"\n\n[fetch]\nparallel = %d\n' % parallel)
    text = ('id = "binh-duong-2026"\ntitle = "Bình Dương 2026"\nstart = 2026-01-01\nend = 2026-12-31\n\n'
            '[[quota]]\nid = "tin-bai"\ntarget = 1000\nper = "month"\nkinds = ["article"]\n')
    for feed, url in feeds:
        text += '\n[[feed]]\nid = "%s"\nurl = "%s"\noutlet = "Báo Tỉnh"\nmatch = ["Bình Dương"]\nreview = true\n' % (feed, url)
    open(os.path.join(root, "agreements.d", "binh-duong.toml"), "w").write(text)
    return root


class Daemon:
    def __init__(self, root):
        self.socket_path = os.path.join(root, "run", "io.tally")
        env = dict(os.environ, TALLY_TEST_NOW=NOW)
        env.pop("NOTIFY_SOCKET", None)
        self.process = subprocess.Popen([TALLYD, "--config", os.path.join(root, "tally.toml")], env=env,
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(root, "tallyd.log"), "ab"))
        for _ in range(600):
            if os.path.exists(self.socket_path):
                break
            time.sleep(0.05)
        time.sleep(0.2)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def ctl(daemon, *args):
    """Runs tallyctl; returns (wall seconds, peak RSS of that process in KiB)."""
    began = time.perf_counter()
    pid = os.posix_spawn(TALLYCTL, [TALLYCTL, "--socket", daemon.socket_path, *args], os.environ,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - began
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2, 3):
        raise RuntimeError("tallyctl %s exited %d" % (" ".join(args), code))
    return elapsed, usage.ru_maxrss


def serve(directory):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=directory, **k)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def summary(name, values, unit, baseline_name, baseline, lower_is_better=True):
    ratio = statistics.median(values) / statistics.median(baseline)
    print("%-8s %-52s min %.3f  median %.3f  max %.3f %s" % (name, "tally", min(values), statistics.median(values), max(values), unit))
    print("%-8s %-52s min %.3f  median %.3f  max %.3f %s" % ("", baseline_name, min(baseline), statistics.median(baseline),
                                                             max(baseline), unit))
    print("%-8s ratio of medians %.2f×" % ("", ratio if lower_is_better else 1 / ratio))


site = os.path.join(work, "site")
os.makedirs(site)
server, base = serve(site)

# 1. Parse a 20 MiB feed.
big = rss(9_000, "lon", size=1_800)
open(os.path.join(site, "big.rss"), "wb").write(big)
print("big feed: %.1f MiB, 9000 items" % (len(big) / 1048576))
fetch_times, peaks, expat_times, curl_times = [], [], [], []
for run in range(runs):
    root = installation("parse-%d" % run, [("lon", base + "/big.rss")])
    d = Daemon(root)
    try:
        elapsed, peak = ctl(d, "fetch")
        fetch_times.append(elapsed)
        peaks.append(peak / 1024)
    finally:
        d.stop()
    began = time.perf_counter()
    parser = xml.parsers.expat.ParserCreate()
    parser.Parse(big, True)
    expat_times.append(time.perf_counter() - began)
    began = time.perf_counter()
    subprocess.run(["curl", "-s", "-o", "/dev/null", base + "/big.rss"], check=True)
    curl_times.append(time.perf_counter() - began)
summary("parse", fetch_times, "s", "python expat over the same bytes (C, no HTTP, no tallyd)", expat_times)
print("%-8s items/s (median): %.0f; fetcher peak RSS MiB min %.1f median %.1f max %.1f; curl alone %.3f s" % (
    "", 9000 / statistics.median(fetch_times), min(peaks), statistics.median(peaks), max(peaks), statistics.median(curl_times)))

# 2. A round of 200 feeds, 8 at a time.
for i in range(200):
    open(os.path.join(site, "f%03d.rss" % i), "wb").write(rss(50, "f%03d" % i, size=300))
round_times, curl_round = [], []
urls = [base + "/f%03d.rss" % i for i in range(200)]
for run in range(runs):
    root = installation("round-%d" % run, [("f%03d" % i, urls[i]) for i in range(200)])
    d = Daemon(root)
    try:
        round_times.append(ctl(d, "fetch")[0])
    finally:
        d.stop()
    began = time.perf_counter()
    subprocess.run("xargs -P 8 -n 1 curl -s -o /dev/null", shell=True, input="\n".join(urls).encode(), check=True)
    curl_round.append(time.perf_counter() - began)
summary("round", round_times, "s", "curl, the same 200 URLs, 8 at a time", curl_round)

# 3. Submitting 10,000 items, beside importing them as CSV.
items = [{"guid": "s-%d" % i, "url": "https://baotinh.vn/s/%d.html" % i, "title": "Bình Dương: tin số %d" % i,
          "summary": "Tỉnh Bình Dương đẩy mạnh chuyển đổi số.", "categories": ["Kinh tế"],
          "published": "2026-06-%02dT08:00:00+07:00" % (1 + i % 14)} for i in range(10_000)]
csv = os.path.join(work, "items.csv")
with open(csv, "w") as f:
    f.write("agreement,published,kind,outlet,title,url\n")
    for item in items:
        f.write("binh-duong-2026,%s,article,Báo Tỉnh,%s,%s\n" % (item["published"], item["title"], item["url"]))
submit_rates, import_rates = [], []
for run in range(runs):
    root = installation("submit-%d" % run, [("s", base + "/none.rss")])
    d = Daemon(root)
    try:
        client = Varlink(d.socket_path)
        due = client.call("io.tally.DueFeeds", {})
        url = due["feeds"][0]["url"]
        began = time.perf_counter()
        for start in range(0, len(items), 1000):
            client.call("io.tally.SubmitFetch", {
                "agreement": "binh-duong-2026", "feed": "s", "url": url, "result": {"outcome": "FETCHED", "status": 200},
                "items": items[start:start + 1000], "partial": start + 1000 < len(items)})
        submit_rates.append(len(items) / (time.perf_counter() - began))
    finally:
        d.stop()
    root = installation("import-%d" % run, [])
    d = Daemon(root)
    try:
        import_rates.append(len(items) / ctl(d, "import", csv)[0])
    finally:
        d.stop()
summary("submit", submit_rates, "items/s", "tallyctl import of the same 10,000 items as CSV", import_rates, lower_is_better=False)

server.shutdown()
shutil.rmtree(work, ignore_errors=True)

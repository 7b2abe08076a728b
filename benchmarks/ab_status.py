#!/usr/bin/env python3
"""Issue 11's figures, A/B between two builds, runs interleaved so both share the machine's noise.

    ab_status.py OLD_BINDIR NEW_BINDIR [RUNS]

Each BINDIR holds tallyd and tallyctl (e.g. `.build-bench/release` of two checkouts; tally-fetch beside them is
not used). Each build gets an installation of its own — `make bench`'s loaded database has a schema that builds
from before issue 12 cannot open — with the 2,000 agreements of benchmarks/generate.py and the same 40,000
deliveries (20 per agreement), under the benchmark clock. Then, alternating old and new: tallyd's start to READY=1,
io.tally.Check (a pass and the status of all) and GetStatus of all over a raw socket, `tallyctl status --json` of
all, `tallyctl check --json`, `tallyctl status --json ONE`, 64 clients × 100 GetStatus, VmRSS after all that, and
`tallyctl import` of 20,000 more rows. Prints min / median / max of each and the ratio of the medians.

Issue 11's "no figure worse than before" is measured with it against a build of defa272 (before issue 11).
"""
import csv
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402
from benchlib import Daemon, Varlink, load_test, percentile  # noqa: E402

old_bin, new_bin = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
work = tempfile.mkdtemp(prefix="tally-ab-")

config = os.path.join(work, "config")
os.makedirs(os.path.join(config, "agreements.d"))
with open(os.path.join(config, "tally.toml"), "w", encoding="utf-8") as f:
    f.write(g.MAIN_TOML.format(seed=g.SEED))
plans = [g.agreement_plan(n) for n in range(1, g.AGREEMENTS + 1)]
for a in plans:
    with open(os.path.join(config, "agreements.d", a["id"] + ".toml"), "w", encoding="utf-8") as f:
        f.write(g.agreement_toml(a))


def deliveries(name, per_agreement, prefix):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(g.HEADER)
        for a in plans:
            for row in g.deliveries(a, per_agreement, prefix):
                w.writerow(row)
    return path


loaded = deliveries("deliveries.csv", 20, "d")
more = [deliveries("more-%d.csv" % n, 10, "m%d" % n) for n in range(2)]

daemons = {}
for name, bindir in (("old", old_bin), ("new", new_bin)):
    root = os.path.join(work, name)
    shutil.copytree(config, root)
    os.makedirs(os.path.join(root, "run"))
    os.makedirs(os.path.join(root, "state"))
    daemon = Daemon(bindir, root, g.NOW)
    daemon.start()
    daemon.ctl("import", loaded)
    daemon.ctl("check")
    daemon.settle()
    daemons[name] = daemon

figures = {}


def record(label, name, value):
    figures.setdefault(label, {"old": [], "new": []})[name].append(value)


def alternate(count, measure):
    for i in range(count):
        for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
            measure(name, daemons[name])


def raw(daemon, method):
    client = Varlink(daemon.socket_path)
    began = time.perf_counter()
    client.call_raw(method, {})
    elapsed = (time.perf_counter() - began) * 1000
    client.close()
    return elapsed


def restart(name, daemon):
    daemon.stop()
    record("tallyd start → READY=1", name, daemon.start())
    daemon.settle()


one = plans[7]["id"]
alternate(max(3, runs // 3), restart)
alternate(runs, lambda n, d: record("io.tally.Check (pass + status of all), raw socket", n, raw(d, "io.tally.Check")))
alternate(runs, lambda n, d: record("io.tally.GetStatus of all, raw socket", n, raw(d, "io.tally.GetStatus")))
alternate(runs, lambda n, d: record("tallyctl status --json, all 2,000", n, d.ctl("status", "--json")[0]))
alternate(runs, lambda n, d: record("tallyctl check --json, all 2,000", n, d.ctl("check", "--json")[0]))
alternate(3 * runs, lambda n, d: record("tallyctl status --json ONE", n, d.ctl("status", "--json", one)[0]))


def load(name, daemon):
    latencies, errors, elapsed = load_test(daemon.socket_path, [a["id"] for a in plans], 100)
    record("64 clients × 100 GetStatus: p50 latency", name, percentile(latencies, 50))
    record("64 clients × 100 GetStatus: p99 latency", name, percentile(latencies, 99))
    record("64 clients × 100 GetStatus: calls/s", name, len(latencies) / elapsed)
    record("64 clients × 100 GetStatus: errors", name, errors)


alternate(2, load)
for name, daemon in daemons.items():
    daemon.settle()
    memory = daemon.memory()
    record("tallyd VmRSS after the above, MiB", name, memory["VmRSS"])
    # Anonymous memory is what the daemon keeps; file-backed, the pages of its binary and libraries it has run.
    record("  of which anonymous (RssAnon), MiB", name, memory["RssAnon"])
    record("  of which file-backed (RssFile), MiB", name, memory["RssFile"])


def more_rows(round_number):
    def measure(name, daemon):
        record("tallyctl import of 20,000 more rows", name, daemon.ctl("import", more[round_number])[0])
        daemon.settle()
    return measure


for round_number in range(2):
    alternate(1, more_rows(round_number))

for daemon in daemons.values():
    daemon.stop()
shutil.rmtree(work, ignore_errors=True)

print("%-52s %26s %26s %7s" % ("figure (ms unless said)", "old min / median / max", "new min / median / max", "new/old"))
for label, values in figures.items():
    cells = []
    for name in ("old", "new"):
        v = values[name]
        cells.append("%.1f / %.1f / %.1f" % (min(v), statistics.median(v), max(v)))
    old_median, new_median = statistics.median(values["old"]), statistics.median(values["new"])
    ratio = "%.2f" % (new_median / old_median) if old_median else "—"
    print("%-52s %26s %26s %7s   (%d runs)" % (label, cells[0], cells[1], ratio, len(values["old"])))

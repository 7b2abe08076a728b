#!/usr/bin/env python3
"""Row 1 of bench.py (100,000 rows into a fresh database) alone, repeated, with optional profiling.

    import_bench.py BIN_DIR DATA_DIR WORK_DIR [--runs N] [--perf daemon|ctl]

Each run: a fresh installation of the generated agreements in WORK_DIR/import-run, tallyd started under the
benchmark clock and waited for (READY=1), then the whole `tallyctl import` process timed, GetInfo checked, and
`sqlite3 .import` of the same CSV timed beside it. With --perf, `perf record -g` runs on tallyd (attached for the
import only) or on tallyctl, and the perf.data files are left in WORK_DIR.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Daemon, installation, spawn  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("bin")
parser.add_argument("data")
parser.add_argument("work")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--perf", choices=["daemon", "ctl"])
args = parser.parse_args()
work = os.path.abspath(args.work)
os.makedirs(work, exist_ok=True)
now = open(os.path.join(args.data, "NOW")).read().strip()
csv_path = os.path.abspath(os.path.join(args.data, "import.csv"))
rows = sum(1 for _ in open(csv_path, encoding="utf-8")) - 1
rates, sqlite_rates = [], []
for i in range(args.runs):
    fresh = installation(os.path.join(work, "import-run"), args.data)
    d = Daemon(args.bin, fresh, now)
    ready = d.start()
    perf = None
    daemon_cpu = d.cpu()
    ctl_cpu = 0.0
    if args.perf == "daemon":
        out = os.path.join(work, "perf-daemon-%d.data" % i)
        perf = subprocess.Popen(["perf", "record", "-g", "-F", "999", "-o", out, "-p", str(d.process.pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
    if args.perf == "ctl":
        out = os.path.join(work, "perf-ctl-%d.data" % i)
        began = time.perf_counter()
        subprocess.run(["perf", "record", "-g", "-F", "999", "-o", out, d.tallyctl, "--socket", d.socket_path,
                        "import", csv_path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - began
    else:
        ms, rusage, _ = d.ctl("import", csv_path)
        elapsed = ms / 1000
        ctl_cpu = rusage.ru_utime + rusage.ru_stime
    if perf:
        perf.send_signal(2)
        perf.wait()
    daemon_cpu = d.cpu() - daemon_cpu
    created = d.call("io.tally.GetInfo")["info"]["deliveries"]
    d.stop()
    if created != rows:
        raise RuntimeError("import created %d deliveries, expected %d" % (created, rows))
    rates.append(rows / elapsed)
    ms = spawn(["sqlite3", os.path.join(fresh, "bare.sqlite"), ".import --csv %s bare" % csv_path])[0]
    sqlite_rates.append(rows / (ms / 1000))
    shutil.rmtree(fresh)
    load = open("/proc/loadavg").read().split()[0]
    print("run %d: ready %.0f ms, import %.2f s = %.0f rows/s (CPU: tallyd %.2f s, tallyctl %.2f s); "
          "sqlite3 .import %.0f rows/s; load %s"
          % (i + 1, ready, elapsed, rates[-1], daemon_cpu, ctl_cpu, sqlite_rates[-1], load), flush=True)
print("median: tallyctl import %.0f rows/s, sqlite3 .import %.0f rows/s (n=%d)"
      % (statistics.median(rates), statistics.median(sqlite_rates), len(rates)))

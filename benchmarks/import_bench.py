#!/usr/bin/env python3
"""The "CSV import" figure of bench.py alone, repeated, with optional profiling.

    import_bench.py BIN_DIR DATA_DIR WORK_DIR [--runs N] [--perf daemon|ctl]

Each run: a fresh installation (state/, a copy of tally.toml, agreements.d linked), tallyd started with the
test clock and waited for (READY=1), then the whole `tallyctl import` process timed, GetInfo checked, and
`sqlite3 .import` of the same CSV timed beside it. With --perf, `perf record -g` runs on tallyd (attached
for the import only) or on tallyctl, and the perf.data files are left in WORK_DIR.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.argv, _argv = sys.argv[:4], sys.argv  # bench.py reads BIN, DATA, WORK from argv at import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("bin")
parser.add_argument("data")
parser.add_argument("work")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--perf", choices=["daemon", "ctl"])
args = parser.parse_args(_argv[1:])
os.makedirs(bench.WORK, exist_ok=True)



def cpu_seconds(pid):
    """User and system CPU time of a running process, from /proc (load on the machine does not change it)."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


csv_path, rows = bench.import_csv()
rates, sqlite_rates = [], []
for i in range(args.runs):
    fresh = bench.fresh_installation()
    d = bench.Daemon(fresh)
    ready = d.start(timeout=600)
    perf = None
    daemon_cpu = cpu_seconds(d.process.pid)
    ctl_cpu = os.times().children_user + os.times().children_system
    if args.perf == "daemon":
        out = os.path.join(bench.WORK, "perf-daemon-%d.data" % i)
        perf = subprocess.Popen(["perf", "record", "-g", "-F", "999", "-o", out, "-p", str(d.process.pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
    if args.perf == "ctl":
        out = os.path.join(bench.WORK, "perf-ctl-%d.data" % i)
        began = time.perf_counter()
        subprocess.run(["perf", "record", "-g", "-F", "999", "-o", out, bench.TALLYCTL, "--socket", d.socket_path,
                        "import", csv_path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - began
    else:
        elapsed = bench.timed_ctl(d, ["import", csv_path]) / 1000
        ctl_cpu = os.times().children_user + os.times().children_system - ctl_cpu
    if perf:
        perf.send_signal(2)
        perf.wait()
    daemon_cpu = cpu_seconds(d.process.pid) - daemon_cpu
    bench.check_imported(d, rows)
    rates.append(rows / elapsed)
    sqlite_rates.append(bench.sqlite_import_rate(fresh, csv_path, rows))
    load = open("/proc/loadavg").read().split()[0]
    print("run %d: ready %.0f ms, import %.2f s = %.0f rows/s (CPU: tallyd %.2f s, tallyctl %.2f s); "
          "sqlite3 .import %.0f rows/s; load %s"
          % (i + 1, ready, elapsed, rates[-1], daemon_cpu, ctl_cpu if not args.perf else 0, sqlite_rates[-1], load), flush=True)
print("median: tallyctl import %.0f rows/s, sqlite3 .import %.0f rows/s (n=%d)"
      % (statistics.median(rates), statistics.median(sqlite_rates), len(rates)))

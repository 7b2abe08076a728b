#!/usr/bin/env python3
"""Issue 15's import figures, each beside its baseline in the same run, repeated (min / median / max).

    import_figures.py BIN_DIR DATA_DIR WORK_DIR [--runs N] [--big-runs N] [--skip fresh,loaded,big] [--callgrind]

- fresh:  `tallyctl import` of the generated 100,000 rows into a fresh database (the 2,000 agreements), against
          `sqlite3 .import` of the same CSV into a bare table; target ratio <= 3.
- loaded: the same 100,000 rows into a copy of the loaded 2,000,000-delivery database (WORK_DIR/installation,
          made by bench.py), against the same `sqlite3 .import`; target ratio <= 5.
- big:    tallyd's peak memory (VmHWM, reset after READY=1) while one `tallyctl import` takes all 2,000,000
          generated rows (the load parts as one CSV) into a fresh database, beside the peak of the start before it
          (a fresh database's start has its own); target <= 128 MiB.
- --callgrind: tallyd under `valgrind --tool=callgrind`, collecting only from just before the 100,000-row import
          into a fresh database to its reply (`callgrind_control -i on/off`): its instruction count (Ir), which
          does not depend on the load on the machine. The profile is left in WORK_DIR/callgrind.out.import.
"""
import argparse
import os
import shutil
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
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--big-runs", type=int, default=2)
parser.add_argument("--skip", default="")
parser.add_argument("--callgrind", action="store_true")
args = parser.parse_args(_argv[1:])
skip = set(filter(None, args.skip.split(",")))
os.makedirs(bench.WORK, exist_ok=True)
ROWS = []


def spread(values):
    return min(values), statistics.median(values), max(values)


def row(name, values, unit, baseline=None, baseline_name="", target=""):
    lo, med, hi = spread(values)
    text = "| %s | %s / %s / %s %s |" % (name, fmt(lo), fmt(med), fmt(hi), unit)
    if baseline:
        blo, bmed, bhi = spread(baseline)
        text += " %s: %s / %s / %s %s | %.2f× |" % (baseline_name, fmt(blo), fmt(bmed), fmt(bhi), unit, med / bmed)
    else:
        text += " | |"
    text += " %s |" % target
    ROWS.append(text)
    bench.log("  " + text)


def fmt(value):
    return "{:,.0f}".format(value) if value >= 100 else "%.2f" % value


def status_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def children_cpu():
    t = os.times()
    return t.children_user + t.children_system


def process_cpu(pid):
    """User and system CPU seconds of a running process, from /proc."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sqlite_seconds(directory, csv_path):
    """`sqlite3 .import` of the CSV into a bare table in a new file in `directory`: (wall s, CPU s)."""
    path = os.path.join(directory, "bare.sqlite")
    if os.path.exists(path):
        os.unlink(path)
    cpu = children_cpu()
    began = time.perf_counter()
    subprocess.run(["sqlite3", path, ".import --csv %s bare" % csv_path], check=True)
    elapsed = time.perf_counter() - began
    os.unlink(path)
    return elapsed, children_cpu() - cpu


def import_into(installation, csv_path, rows, expected_total):
    """Starts tallyd on `installation`, times one `tallyctl import`, checks the count; returns (s, VmHWM of the start,
    VmHWM while importing)."""
    d = bench.Daemon(installation)
    d.start(timeout=600)
    before = status_kib(d.process.pid, "VmHWM")
    # The start's own peak (a fresh database takes the 2,000 agreements' counters) is not the import's: the
    # high-water mark is reset (Linux >= 4.0) so that what follows is the peak while importing.
    with open("/proc/%d/clear_refs" % d.process.pid, "w") as f:
        f.write("5")
    cpu = children_cpu() + process_cpu(d.process.pid)
    elapsed = bench.timed_ctl(d, ["import", csv_path]) / 1000
    after = status_kib(d.process.pid, "VmHWM")
    # The import's CPU, tallyctl's and tallyd's (its re-evaluation after the commit included): on a loaded
    # machine wall time measures the neighbours as much as the import.
    cpu = children_cpu() + process_cpu(d.process.pid) - cpu
    bench.check_imported(d, expected_total)
    return elapsed, before / 1024, after / 1024, cpu


def fresh_100k(csv_path, rows):
    bench.log("\n== 100,000 rows into a fresh database (%d runs)" % args.runs)
    tally, sqlite, tally_cpu, sqlite_cpu = [], [], [], []
    for i in range(args.runs):
        fresh = bench.fresh_installation()
        seconds, _, _, cpu = import_into(fresh, csv_path, rows, rows)
        tally.append(seconds)
        tally_cpu.append(cpu)
        wall, cpu = sqlite_seconds(fresh, csv_path)
        sqlite.append(wall)
        sqlite_cpu.append(cpu)
        shutil.rmtree(fresh)
        bench.log("  run %d: tallyctl import %.2f s (CPU %.2f s), sqlite3 .import %.2f s (CPU %.2f s)"
                  % (i + 1, tally[-1], tally_cpu[-1], sqlite[-1], sqlite_cpu[-1]))
    row("100k rows into a fresh database: `tallyctl import`, wall s", tally, "s", sqlite,
        "`sqlite3 .import`, bare table", "≤ 3×")
    row("  the same, CPU s (tallyctl + tallyd)", tally_cpu, "s", sqlite_cpu, "`sqlite3 .import` CPU", "")


def loaded_100k(csv_path, rows):
    source = os.path.join(bench.WORK, "installation")
    if not os.path.exists(os.path.join(source, "loaded")):
        bench.log("no loaded installation in %s (bench.py makes it); skipping" % source)
        return
    copy = os.path.join(bench.WORK, "loaded-run")
    bench.log("\n== 100,000 rows into a copy of the 2,000,000-delivery database (%d runs)" % args.runs)
    tally, sqlite, tally_cpu, sqlite_cpu = [], [], [], []
    for i in range(args.runs):
        shutil.rmtree(copy, ignore_errors=True)
        os.makedirs(os.path.join(copy, "state"))
        shutil.copy(os.path.join(source, "tally.toml"), copy)
        os.symlink(os.path.join(bench.DATA, "config", "agreements.d"), os.path.join(copy, "agreements.d"))
        subprocess.run(["cp", "--reflink=auto", os.path.join(source, "state", "tally.sqlite"), os.path.join(copy, "state")],
                       check=True)
        existing = 2_000_000
        seconds, _, _, cpu = import_into(copy, csv_path, rows, existing + rows)
        tally.append(seconds)
        tally_cpu.append(cpu)
        wall, cpu = sqlite_seconds(copy, csv_path)
        sqlite.append(wall)
        sqlite_cpu.append(cpu)
        bench.log("  run %d: tallyctl import %.2f s (CPU %.2f s), sqlite3 .import %.2f s (CPU %.2f s)"
                  % (i + 1, tally[-1], tally_cpu[-1], sqlite[-1], sqlite_cpu[-1]))
    shutil.rmtree(copy, ignore_errors=True)
    row("100k rows into the 2 M-delivery database: `tallyctl import`, wall s", tally, "s", sqlite,
        "`sqlite3 .import`, bare table", "≤ 5×")
    row("  the same, CPU s (tallyctl + tallyd)", tally_cpu, "s", sqlite_cpu, "`sqlite3 .import` CPU", "")


def big_import():
    parts = sorted(os.listdir(os.path.join(bench.DATA, "load")))
    big = os.path.join(bench.WORK, "load-all.csv")
    if not os.path.exists(big):
        with open(big + ".tmp", "w", encoding="utf-8") as out:
            for n, part in enumerate(parts):
                with open(os.path.join(bench.DATA, "load", part), encoding="utf-8") as f:
                    header = f.readline()
                    if n == 0:
                        out.write(header)
                    shutil.copyfileobj(f, out)
        os.rename(big + ".tmp", big)
    rows = sum(1 for _ in open(big, encoding="utf-8")) - 1
    bench.log("\n== %d rows in one `tallyctl import` into a fresh database (%d runs)" % (rows, args.big_runs))
    peaks, starts, seconds, sqlite = [], [], [], []
    for i in range(args.big_runs):
        fresh = bench.fresh_installation()
        elapsed, before, after, _ = import_into(fresh, big, rows, rows)
        seconds.append(elapsed)
        starts.append(before)
        peaks.append(after)
        sqlite.append(sqlite_seconds(fresh, big)[0])
        shutil.rmtree(fresh)
        bench.log("  run %d: VmHWM %.1f MiB while importing (%.1f MiB at the start), %.1f s; sqlite3 .import %.1f s"
                  % (i + 1, after, before, elapsed, sqlite[-1]))
    row("tallyd VmHWM while one import of %s rows runs" % "{:,}".format(rows), peaks, "MiB", starts,
        "VmHWM of the start before it (reset after READY=1)", "≤ 128 MiB")
    row("  that import, s", seconds, "s", sqlite, "`sqlite3 .import`, bare table", "")


def callgrind(csv_path, rows):
    bench.log("\n== callgrind: tallyd's instructions for the 100,000-row import into a fresh database")
    fresh = bench.fresh_installation()
    out = os.path.join(bench.WORK, "callgrind.out.import")
    real_tallyd = bench.TALLYD
    # valgrind 3.19 gives up on the DWARF 5 of Swift's release builds: the profile is taken of a copy without
    # debug information (function names stay, from the symbol table).
    stripped = os.path.join(bench.WORK, "tallyd-stripped")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, real_tallyd], check=True)
    wrapper = os.path.join(bench.WORK, "tallyd-callgrind")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=%s %s \"$@\"\n"
                % (out, stripped))
    os.chmod(wrapper, 0o755)
    bench.TALLYD = wrapper
    try:
        d = bench.Daemon(fresh)
        d.start(timeout=1800)
        pid = d.process.pid
        subprocess.run(["callgrind_control", "-i", "on", str(pid)], check=True, stdout=subprocess.DEVNULL)
        began = time.perf_counter()
        bench.timed_ctl(d, ["import", csv_path])
        elapsed = time.perf_counter() - began
        subprocess.run(["callgrind_control", "-i", "off", str(pid)], check=True, stdout=subprocess.DEVNULL)
        bench.check_imported(d, rows)
    finally:
        bench.TALLYD = real_tallyd
    total = None
    with open(out) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
    shutil.rmtree(fresh)
    bench.log("  %s instructions (Ir) in %.0f s under callgrind; profile in %s" % ("{:,}".format(total), elapsed, out))
    ROWS.append("| tallyd instructions (callgrind Ir), 100k-row import into a fresh database | %s | | | |"
                % "{:,}".format(total))


def main():
    csv_path, rows = bench.import_csv()
    if "fresh" not in skip:
        fresh_100k(csv_path, rows)
    if "loaded" not in skip:
        loaded_100k(csv_path, rows)
    if "big" not in skip:
        big_import()
    if args.callgrind:
        callgrind(csv_path, rows)
    print("\n| figure | tally min / median / max | baseline (same run) min / median / max | ratio of medians | target |")
    print("|---|---|---|---|---|")
    for text in ROWS:
        print(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`make bench`: every figure of issue 15's table, each beside its baseline measured in the same run.

    bench.py BIN_DIR DATA_DIR WORK_DIR [--quick] [--base BASE_BIN_DIR]

BIN_DIR holds release tallyd and tallyctl; DATA_DIR is benchmarks/generate.py's output (2,000 agreements × 8
quotas, 2,000,000 deliveries in load/, 100,000 more in import.csv); WORK_DIR (gitignored) keeps the loaded
installation (WORK_DIR/installation: the 2,000,000 deliveries imported through tallyd and 1 % voided, made once)
and the 2,000,000 rows as one CSV. The runs, numbered as the rows of the issue:

  loaded runs  each on a fresh copy of the loaded database: start → READY=1 (5); VmRSS freshly started;
               `tallyctl status ONE --json` interleaved with `chronyc -n tracking` of a private chronyd that does
               not touch the clock (7); `tallyctl check --json` of all, its wall time (8) and its `duration_ms`,
               the pass as tallyd reports it (9); 64 clients × 500 io.tally.GetStatus (10); the 100,000 rows of
               import.csv imported, beside `sqlite3 .import` of the same file into a bare table (2); then VmRSS
               again, after the imports and the load run (4).
  fresh runs   each on an empty database: start → READY=1 (6) and until tallyd is idle (the agreements' past windows
               are recorded after READY=1), then the 100,000 rows beside `sqlite3 .import` (1).
  reloads      on an empty database with a copy of the agreements: io.tally.Reload 100 times with the files
               unchanged, then 100 times with every file's text changed (a comment line with the reload's number,
               written in place of the previous one), VmRSS after each, against VmRSS after the first reload of each series (11).
  big import   tallyd's VmHWM (reset after READY=1) while one `tallyctl import` takes the 2,000,000 rows into an
               empty database, beside the VmHWM of `sqlite3 .import` of the same file (3). Full mode only; its second
               run is left out, with a note, when it would take the run past the full mode's 20 minutes.

Floors, beside rows 1, 2, 4 and 7 in the same run: the least the platform needs for the same work, with tally doing
none of its own. Rows 1 and 2: `sqlite3` storing the same CSV in tally's `delivery` table with its four indexes
(`.import` into a scratch table, one INSERT … SELECT, in the database tallyd left: empty for row 1, the 2 M one for
row 2); no validation, counters, revisions or transfer. Row 4: VmRSS of an idle tallyd with no agreements and an
empty database. Row 7: benchmarks/argument-floor, swift-argument-parser parsing `status ONE --json` in a static
Swift program and printing it back (--floor; no socket, no call).

Every figure is printed as min / median / max of its repetitions beside its baseline's, with the ratio of the
medians where the issue states a ratio, the issue's target and met / NOT MET (timings judged on the median, memory
on the worst run; the VmHWM of a short-lived process such as sqlite3 or tallyctl is sampled from /proc every
20 ms while it runs). The machine, the date and the binaries head the output; the table is Markdown on stdout,
progress goes to stderr. --quick repeats less, reloads 25 times with changed files and skips the big import.
--base adds a "before" column of another build (e.g. one from before issue 15) for the starts, the fresh VmRSS, the
single status, the check and the pass: it runs on the same copies, before BIN_DIR's daemon in each loaded run.
Exit status 1 under CI=true when a baseline could not be measured (chronyd not runnable here).
"""
import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Daemon, Varlink, fmt, installation, load_test, log, percentile, spawn, spread  # noqa: E402

BUDGET_MINUTES = 20
parser = argparse.ArgumentParser(description="issue 15's figures (see the docstring)")
parser.add_argument("bin")
parser.add_argument("data")
parser.add_argument("work")
parser.add_argument("--quick", action="store_true")
parser.add_argument("--base", help="another build's directory, for before/after columns")
parser.add_argument("--floor", help="benchmarks/argument-floor's binary, row 7's floor")


class Bench:
    def __init__(self, args):
        self.bin, self.data, self.work = (os.path.abspath(p) for p in (args.bin, args.data, args.work))
        self.base = os.path.abspath(args.base) if args.base else None
        self.floor = os.path.abspath(args.floor) if args.floor else None
        self.quick = args.quick
        self.now = open(os.path.join(self.data, "NOW")).read().strip()
        self.csv = os.path.join(self.data, "import.csv")
        self.csv_rows = sum(1 for _ in open(self.csv, encoding="utf-8")) - 1
        self.agreements = sorted(f[:-5] for f in os.listdir(os.path.join(self.data, "config", "agreements.d"))
                                 if f.endswith(".toml"))
        self.log_path = os.path.join(self.work, "tallyd.log")
        q = self.quick
        self.loaded_runs = 2 if q else 5
        self.fresh_runs = 2 if q else 5
        self.singles = 30 if q else 60          # status ONE (and chronyc) per loaded run
        self.checks = 3 if q else 4             # check --json per loaded run
        self.calls = 500                        # per client, 64 clients, once per loaded run
        self.reloads_changed = 25 if q else 100
        self.reloads_unchanged = 100
        self.big_runs = 0 if q else 2
        self.values = {}                         # figure key → values, per build ("new", "base")
        self.notes = []
        self.phases = []

    def add(self, key, value, build="new"):
        self.values.setdefault((key, build), []).append(value)

    def got(self, key, build="new"):
        return self.values.get((key, build), [])

    def daemon(self, root, build="new"):
        return Daemon(self.base if build == "base" else self.bin, root, self.now, log_path=self.log_path)

    def phase(self, name, began):
        self.phases.append((name, time.perf_counter() - began))
        log("   (%s: %.0f s)" % (name, time.perf_counter() - began))


# ---------------------------------------------------------------------------------------------
# The header: machine, date, binaries


def header(b):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1048576
    print("# tally benchmarks, issue 15 — %s mode" % ("quick" if b.quick else "full"))
    print()
    print("- date: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    print("- machine: %d cores, %.1f GiB, %s; %s %s; load average at the start %s"
          % (os.cpu_count(), mem, cpu, platform.system(), platform.release(),
             " ".join(open("/proc/loadavg").read().split()[:3])))
    for label, directory in [("binaries", b.bin)] + ([("before (--base)", b.base)] if b.base else []):
        print("- %s: %s" % (label, directory))
        for name in ("tallyd", "tallyctl"):
            path = os.path.join(directory, name)
            digest = hashlib.sha256(open(path, "rb").read()).hexdigest()[:12]
            stat = os.stat(path)
            print("  - %s: built %s, %.0f MiB, sha256 %s…" % (name, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(stat.st_mtime)),
                                                        stat.st_size / 1048576, digest))
        version = subprocess.run([os.path.join(directory, "tallyctl"), "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True).stdout.strip()
        print("  - `tallyctl --version`: %s" % version)
    for tool, argv in (("sqlite3", ["sqlite3", "--version"]), ("chronyc", [chrony_binary("chronyc") or "chronyc", "--version"])):
        try:
            print("- %s: %s" % (tool, subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                     text=True).stdout.strip().split("\n")[0]))
        except OSError:
            print("- %s: not installed" % tool)
    print("- data: %s (%d agreements; import.csv %s rows)" % (b.data, len(b.agreements), fmt(b.csv_rows)))
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------
# The loaded installation (made once, cached in WORK)


def load_database(b):
    """Imports the 2,000,000 deliveries through the daemon and voids 1 % through Varlink, once."""
    config = os.path.join(b.work, "installation")
    stamp = os.path.join(config, "loaded")
    if os.path.exists(stamp):
        log("using the loaded database in %s (remove %s to reload)" % (config, stamp))
        return config
    installation(config, b.data)
    daemon = b.daemon(config)
    daemon.start()
    parts = sorted(os.listdir(os.path.join(b.data, "load")))
    began = time.perf_counter()
    for i, part in enumerate(parts):
        ms = daemon.ctl("import", os.path.join(b.data, "load", part))[0]
        log("  loaded %s (%d/%d) in %.1f s" % (part, i + 1, len(parts), ms / 1000))
    load_seconds = time.perf_counter() - began
    wanted = set(open(os.path.join(b.data, "void.txt")).read().split())
    import sqlite3
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(config, "state", "tally.sqlite"), uri=True)
    ids = [row[0] for row in db.execute("SELECT id, external_id FROM delivery ORDER BY id") if row[1] in wanted]
    db.close()
    began = time.perf_counter()
    client = Varlink(daemon.socket_path)
    for n, delivery in enumerate(ids):
        client.call("io.tally.Void", {"id": delivery, "reason": "Trùng tin đã ghi (benchmark)"})
        if n % 5000 == 4999:
            log("  voided %d/%d" % (n + 1, len(ids)))
    client.close()
    void_seconds = time.perf_counter() - began
    info = daemon.call("io.tally.GetInfo")["info"]
    daemon.stop()
    with open(stamp, "w") as f:
        json.dump({"deliveries": info["deliveries"], "voided": len(ids), "load_seconds": load_seconds,
                   "void_seconds": void_seconds}, f)
    log("loaded %d deliveries in %.0f s, voided %d in %.0f s" % (info["deliveries"], load_seconds, len(ids), void_seconds))
    return config


def big_csv(b):
    """The 2,000,000 generated rows of load/ as one CSV (cached in WORK)."""
    path = os.path.join(b.work, "load-all.csv")
    if not os.path.exists(path):
        parts = sorted(os.listdir(os.path.join(b.data, "load")))
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            for n, part in enumerate(parts):
                with open(os.path.join(b.data, "load", part), encoding="utf-8") as f:
                    header_line = f.readline()
                    if n == 0:
                        out.write(header_line)
                    shutil.copyfileobj(f, out)
        os.rename(path + ".tmp", path)
    return path, sum(1 for _ in open(path, encoding="utf-8")) - 1


# ---------------------------------------------------------------------------------------------
# Baselines: sqlite3 .import, a private chronyd


def sqlite_import(directory, csv_path):
    """`sqlite3 .import` of the CSV into a bare table in a new file in `directory`: (wall s, CPU s, peak RSS MiB)."""
    path = os.path.join(directory, "bare.sqlite")
    if os.path.exists(path):
        os.unlink(path)
    ms, code, rusage, peak = spawn(["sqlite3", path, ".import --csv %s bare" % csv_path], peak=True)
    os.unlink(path)
    if code != 0:
        raise RuntimeError("sqlite3 .import exited %d" % code)
    return ms / 1000, rusage.ru_utime + rusage.ru_stime, peak


FLOOR_INSERT = """INSERT INTO delivery (agreement, key, published, day, kind, language, outlet, title, url, url_key, tags,
                      count, external_id, recorded_at, recorded_by)
SELECT agreement, id || '#floor', published, substr(published, 1, 10), kind, language, nullif(outlet, ''),
       nullif(title, ''), nullif(url, ''), lower(nullif(url, '')), '["' || tags || '"]', coalesce(nullif(count, ''), 1),
       id, 0, 0
FROM bare ORDER BY agreement"""


def sqlite_floor(database, csv_path, schema_of=None):
    """The least SQLite needs to store the CSV's rows in tally's `delivery` table, its four indexes kept: `.import`
    into a scratch table, one INSERT … SELECT (keys suffixed, so that rows tallyd stored do not conflict), the scratch
    dropped, in one sqlite3 process on `database` (tallyd stopped). With `schema_of`, `database` is made new, holding
    only that database's `delivery` table, empty. Returns (wall s, CPU s, rows stored)."""
    def count():
        return int(subprocess.run(["sqlite3", database, "SELECT count(*) FROM delivery"], check=True,
                                  stdout=subprocess.PIPE, text=True).stdout)

    if schema_of:
        schema = subprocess.run(["sqlite3", schema_of, ".schema delivery"], check=True, stdout=subprocess.PIPE,
                                text=True).stdout
        if os.path.exists(database):
            os.unlink(database)
        subprocess.run(["sqlite3", database, "PRAGMA journal_mode=WAL", schema], check=True, stdout=subprocess.DEVNULL)
    before = count()
    ms, code, rusage, _ = spawn(["sqlite3", database, ".import --csv %s bare" % csv_path, FLOOR_INSERT, "DROP TABLE bare"])
    if code != 0:
        raise RuntimeError("sqlite3 (floor) exited %d" % code)
    after = count()
    if schema_of:
        os.unlink(database)
    return ms / 1000, rusage.ru_utime + rusage.ru_stime, after - before


def chrony_binary(name):
    return shutil.which(name) or next((p for p in ("/usr/sbin/" + name, "/usr/bin/" + name) if os.path.exists(p)), None)


class Chrony:
    """A private chronyd (-x: the system clock is not touched; no NTP sources, no NTP or command port), answering
    `chronyc -h SOCKET -n tracking` on a Unix socket in a temporary directory. `why` says why not, if not."""

    def __init__(self):
        self.process, self.why, self.dir = None, None, tempfile.mkdtemp(prefix="tally-chrony-")
        self.socket = os.path.join(self.dir, "chronyd.sock")
        self.chronyc = chrony_binary("chronyc")
        chronyd = chrony_binary("chronyd")
        if not chronyd or not self.chronyc:
            self.why = "chrony is not installed (Debian package chrony; `make bench` installs it)"
            return
        conf = os.path.join(self.dir, "chrony.conf")
        with open(conf, "w") as f:
            f.write("bindcmdaddress %s\ncmdport 0\nport 0\npidfile %s\ndriftfile %s\n"
                    % (self.socket, os.path.join(self.dir, "chronyd.pid"), os.path.join(self.dir, "drift")))
        user = ["-u", "root"] if os.geteuid() == 0 else []
        self.log = os.path.join(self.dir, "chronyd.log")
        self.process = subprocess.Popen([chronyd, "-x", "-d", "-f", conf] + user, stdin=subprocess.DEVNULL,
                                        stdout=open(self.log, "wb"), stderr=subprocess.STDOUT)
        for _ in range(100):
            if os.path.exists(self.socket) or self.process.poll() is not None:
                break
            time.sleep(0.1)
        reply = self.tracking_text()
        if "Reference ID" not in reply:
            self.why = "chronyd did not answer `chronyc -n tracking` (%s; chronyd's log: %s)" % (
                reply.strip() or "no output", open(self.log).read().strip().replace("\n", " | ")[-400:])
            self.stop()

    def tracking_text(self):
        if not self.process or self.process.poll() is not None:
            return ""
        return subprocess.run([self.chronyc, "-h", self.socket, "-n", "tracking"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=30).stdout

    def tracking(self):
        """One whole `chronyc -n tracking` process, in ms; its reply is checked afterwards (tracking_text)."""
        ms, code, _, _ = spawn([self.chronyc, "-h", self.socket, "-n", "tracking"])
        if code != 0:
            raise RuntimeError("chronyc tracking exited %d" % code)
        return ms

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Concurrent clients (row 10)


# ---------------------------------------------------------------------------------------------
# The runs


def import_beside_sqlite(b, daemon, directory, csv_path, expected_total, key):
    """Times one `tallyctl import` (whole process) and checks the count, then `sqlite3 .import` of the same file."""
    cpu = daemon.cpu()
    ms, rusage, ctl_peak = daemon.ctl("import", csv_path, peak=True)
    daemon.settle()  # the pass after the commit: its CPU is the import's, and sqlite3 below does not share the cores
    cpu = daemon.cpu() - cpu + rusage.ru_utime + rusage.ru_stime
    total = daemon.call("io.tally.GetInfo")["info"]["deliveries"]
    if total != expected_total:
        raise RuntimeError("the import left %d deliveries, expected %d" % (total, expected_total))
    wall, sqlite_cpu, _ = sqlite_import(directory, csv_path)
    b.add(key, ms / 1000)
    b.add(key + "/cpu", cpu)
    b.add(key + "/sqlite", wall)
    b.add(key + "/sqlite-cpu", sqlite_cpu)
    b.add(key + "/ctl-rss", ctl_peak)
    log("    import %.2f s (CPU %.2f s, tallyd + tallyctl); sqlite3 .import %.2f s (CPU %.2f s)" % (ms / 1000, cpu, wall, sqlite_cpu))


def statuses_and_checks(b, daemon, build, chrony, rng):
    """Rows 7, 8, 9 on a running daemon; returns how many deliveries it recorded.

    Every other check follows a write (one delivery recorded, its own pass awaited): the written agreement's counts
    are read again, and the alert bookkeeping of all ("after a write"); the others take the evaluations kept since
    the last pass ("nothing new", tallyd's EvaluationMemo), as the timer's passes of a quiet day do."""
    ids = [rng.choice(b.agreements) for _ in range(b.singles)]
    for i, one in enumerate(ids):
        # Interleaved, the order alternating, so that both share the machine's moments.
        if chrony and i % 2:
            b.add("chronyc", chrony.tracking())
        b.add("status", daemon.ctl("status", one, "--json")[0], build)
        if chrony and not i % 2:
            b.add("chronyc", chrony.tracking())
        if b.floor and build == "new":
            ms, code, _, _ = spawn([b.floor, "status", one, "--json"])
            if code != 0:
                raise RuntimeError("argument-floor exited %d" % code)
            b.add("status-floor", ms)
    out = os.path.join(daemon.root, "check.json")
    active = [a["id"] for a in daemon.call("io.tally.ListAgreements")["agreements"] if a["state"] in ("ACTIVE", "EXPIRING")]
    recorded = 0
    for i in range(b.checks):
        kind = "fresh" if i % 2 == 0 else "kept"
        if kind == "fresh":
            daemon.ctl("record", rng.choice(active), "--kind", "article", "--published", b.now[:10],
                       "--id", "bench-check-%s-%d" % (build, i))
            recorded += 1
        ms = daemon.ctl("check", "--json", stdout=out)[0]
        b.add("check", ms, build)
        b.add("check-" + kind, ms, build)
        reply = json.load(open(out))
        if len(reply["agreements"]) != len(b.agreements):
            raise RuntimeError("check --json listed %d agreements" % len(reply["agreements"]))
        duration = reply.get("duration_ms")
        if duration is None:
            duration = daemon.call("io.tally.GetInfo")["info"].get("last_check_duration_ms")
        if duration is not None:
            b.add("pass", duration, build)
            b.add("pass-" + kind, duration, build)
    log("    %s: status ONE median %.1f ms, check --json median %.0f ms, pass median %s ms"
        % (build, statistics.median(b.got("status", build)[-len(ids):]), statistics.median(b.got("check", build)[-b.checks:]),
           fmt(statistics.median(b.got("pass", build)[-b.checks:])) if b.got("pass", build) else "—"))
    return recorded


def loaded_runs(b, config, chrony):
    began = time.perf_counter()
    database = os.path.join(config, "state", "tally.sqlite")
    copy = os.path.join(b.work, "loaded-run")
    expected = json.load(open(os.path.join(config, "loaded")))["deliveries"]
    rng = random.Random(15)
    for i in range(b.loaded_runs):
        log("\n== loaded run %d/%d: a copy of the %s-delivery database" % (i + 1, b.loaded_runs, fmt(expected)))
        installation(copy, b.data, database=database)
        recorded = 0
        for build in (["base"] if b.base else []) + ["new"]:
            daemon = b.daemon(copy, build)
            ready = daemon.start()
            b.add("start-loaded", ready, build)
            time.sleep(1)
            b.add("rss-fresh", daemon.memory()["VmRSS"], build)
            log("    %s: READY=1 after %.0f ms, VmRSS %.1f MiB" % (build, ready, b.got("rss-fresh", build)[-1]))
            recorded += statuses_and_checks(b, daemon, build, chrony if build == "new" else None, rng)
            if build == "base":
                daemon.stop()
                continue
            latencies, errors, elapsed = load_test(daemon.socket_path, b.agreements, b.calls)
            b.add("clients-p99", percentile(latencies, 99))
            b.add("clients-p50", statistics.median(latencies))
            b.add("clients-rate", len(latencies) / elapsed)
            b.add("clients-errors", errors)
            log("    64 clients × %d GetStatus: %.0f calls/s, p50 %.1f ms, p99 %.1f ms, %d errors"
                % (b.calls, len(latencies) / elapsed, statistics.median(latencies), percentile(latencies, 99), errors))
            b.add("rss-load", daemon.memory()["VmRSS"])
            import_beside_sqlite(b, daemon, copy, b.csv, expected + recorded + b.csv_rows, "import-loaded")
            m = daemon.memory()
            b.add("rss-after", m["VmRSS"])
            b.add("rss-after-anon", m["RssAnon"])
            b.add("rss-after-file", m["RssFile"])
            b.add("hwm-after", m["VmHWM"])
            log("    VmRSS after the load run and the import %.1f MiB (anonymous %.1f, file %.1f; VmHWM %.1f)"
                % (m["VmRSS"], m["RssAnon"], m["RssFile"], m["VmHWM"]))
            daemon.stop()
            floor(b, "import-loaded", os.path.join(copy, "state", "tally.sqlite"))
    shutil.rmtree(copy, ignore_errors=True)
    b.phase("loaded runs", began)


def floor(b, key, database, schema_of=None):
    wall, cpu, stored = sqlite_floor(database, b.csv, schema_of)
    if stored != b.csv_rows:
        raise RuntimeError("the floor stored %d rows, expected %d" % (stored, b.csv_rows))
    b.add(key + "/floor", wall)
    b.add(key + "/floor-cpu", cpu)
    log("    floor: sqlite3 into tally's delivery table %.2f s (CPU %.2f s)" % (wall, cpu))


def idle_floor(b):
    """VmRSS of tallyd with no agreements and an empty database, a second after READY=1 (row 4's floor)."""
    root = installation(os.path.join(b.work, "idle-run"), b.data)
    os.unlink(os.path.join(root, "agreements.d"))
    os.makedirs(os.path.join(root, "agreements.d"))
    daemon = b.daemon(root)
    daemon.start()
    time.sleep(1)
    m = daemon.memory()
    daemon.stop()
    shutil.rmtree(root, ignore_errors=True)
    b.add("rss-idle", m["VmRSS"])
    b.add("rss-idle-file", m["RssFile"])
    log("    floor: an idle tallyd with no agreements, VmRSS %.1f MiB (file-backed %.1f)" % (m["VmRSS"], m["RssFile"]))


def fresh_runs(b):
    began = time.perf_counter()
    for i in range(b.fresh_runs):
        log("\n== fresh run %d/%d: an empty database" % (i + 1, b.fresh_runs))
        builds = (["base", "new"] if i % 2 == 0 else ["new", "base"]) if b.base else ["new"]
        for build in builds:
            root = installation(os.path.join(b.work, "fresh-run"), b.data)
            daemon = b.daemon(root, build)
            ready = daemon.start()
            b.add("start-empty", ready, build)
            # After READY=1 tallyd records the new agreements' past windows (395,000 outcomes): until it is idle is a
            # figure of its own, and the import is measured once that is done, as it is when the import comes later.
            idle = ready + daemon.settle()
            b.add("start-empty-idle", idle, build)
            log("    %s: READY=1 after %.0f ms, idle after %.0f ms" % (build, ready, idle))
            if build == "new":
                import_beside_sqlite(b, daemon, root, b.csv, b.csv_rows, "import-fresh")
            daemon.stop()
            if build == "new":
                floor(b, "import-fresh", os.path.join(root, "floor.sqlite"), schema_of=os.path.join(root, "state", "tally.sqlite"))
                idle_floor(b)
    shutil.rmtree(os.path.join(b.work, "fresh-run"), ignore_errors=True)
    b.phase("fresh runs", began)


def reloads(b):
    began = time.perf_counter()
    log("\n== reloads: %d with the files unchanged, then %d with every file's text changed"
        % (b.reloads_unchanged, b.reloads_changed))
    root = installation(os.path.join(b.work, "reload-run"), b.data, copy_agreements=True)
    daemon = b.daemon(root)
    b.add("start-empty", daemon.start())
    daemon.settle()  # the past windows recorded after READY=1
    client = Varlink(daemon.socket_path)
    directory = os.path.join(root, "agreements.d")
    sizes = {f: os.path.getsize(os.path.join(directory, f)) for f in os.listdir(directory)}
    for kind, count in (("unchanged", b.reloads_unchanged), ("changed", b.reloads_changed)):
        for n in range(1, count + 1):
            if kind == "changed":
                # Each file's text becomes its original and one comment line of the same length every time: its
                # size stays put, and the line is written in place, not by truncating the file (ext4 flushes a
                # truncated and rewritten file on close: 2,000 such rewrites took 5 s under a build's I/O).
                line = ("# benchmark reload %03d\n" % n).encode()
                for name, size in sizes.items():
                    fd = os.open(os.path.join(directory, name), os.O_WRONLY)
                    os.pwrite(fd, line, size)
                    os.close(fd)
            t = time.perf_counter()
            reply = client.call("io.tally.Reload")
            b.add("reload-ms-" + kind, (time.perf_counter() - t) * 1000)
            if reply.get("agreements") != len(sizes):
                raise RuntimeError("reload: %s" % reply)
            b.add("reload-rss-" + kind, daemon.memory()["VmRSS"])
        rss = b.got("reload-rss-" + kind)
        log("    %s: VmRSS after reload 1 %.1f MiB, 10 %.1f, %d %.1f MiB; a reload took %.0f ms (median)"
            % (kind, rss[0], rss[min(9, len(rss) - 1)], count, rss[-1], statistics.median(b.got("reload-ms-" + kind))))
    client.close()
    daemon.stop()
    shutil.rmtree(root, ignore_errors=True)
    b.phase("reloads", began)


def big_import(b):
    began = time.perf_counter()
    path, rows = big_csv(b)
    for i in range(b.big_runs):
        spent, last = time.perf_counter() - b.began, (time.perf_counter() - began) / max(i, 1)
        if i and spent + last > BUDGET_MINUTES * 60:
            b.notes.append(("3", "%d of %d runs: another would have taken the full mode past its %d-minute budget "
                                 "(%.0f s spent, one run %.0f s)" % (i, b.big_runs, BUDGET_MINUTES, spent, last)))
            log("\n   (a further big import would pass the %d-minute budget: skipped)" % BUDGET_MINUTES)
            break
        log("\n== big import %d/%d: %s rows in one `tallyctl import` into an empty database" % (i + 1, b.big_runs, fmt(rows)))
        root = installation(os.path.join(b.work, "big-run"), b.data)
        daemon = b.daemon(root)
        b.add("start-empty", daemon.start())
        daemon.settle()  # the past windows recorded after READY=1 belong to the start
        start_peak = daemon.memory()["VmHWM"]
        # The start's own peak (the counters of 2,000 new agreements) is not the import's: reset it (Linux >= 4.0).
        daemon.reset_hwm()
        ms, _, ctl_peak = daemon.ctl("import", path, peak=True)
        daemon.settle()  # the pass after the commit is part of the import's peak
        peak = daemon.memory()["VmHWM"]
        b.add("big-ctl-rss", ctl_peak)
        total = daemon.call("io.tally.GetInfo")["info"]["deliveries"]
        daemon.stop()
        if total != rows:
            raise RuntimeError("the 2 M import left %d deliveries, expected %d" % (total, rows))
        wall, _, sqlite_peak = sqlite_import(root, path)
        b.add("big-hwm", peak)
        b.add("big-start-hwm", start_peak)
        b.add("big-s", ms / 1000)
        b.add("big-sqlite-rss", sqlite_peak)
        b.add("big-sqlite-s", wall)
        log("    VmHWM %.1f MiB while importing (%.1f MiB at the start), %.0f s; sqlite3 .import %.0f s, peak RSS %.1f MiB"
            % (peak, start_peak, ms / 1000, wall, sqlite_peak))
        shutil.rmtree(root, ignore_errors=True)
    b.phase("big import", began)


# ---------------------------------------------------------------------------------------------
# The table


def three(values, digits=None):
    if not values:
        return "—"
    lo, med, hi = spread(values)
    return "%s / %s / %s" % (fmt(lo, digits), fmt(med, digits), fmt(hi, digits))


def table(b, chrony_why):
    rows = []

    def row(number, name, key, unit, target, judge=None, baseline=None, baseline_name="", ratio=None, before=True,
            digits=None, values=None, baseline_values=None, note="", label=None, missing="not measured"):
        """judge(values, baseline_values) → bool; ratio: the issue states one (ratio of medians)."""
        values = b.got(key) if values is None else values
        base_values = (b.got(baseline) if baseline else []) if baseline_values is None else baseline_values
        if not values:
            verdict = missing
        elif baseline_name and not base_values:
            verdict = "no baseline"
        elif judge:
            verdict = "met" if judge(values, base_values) else "**NOT MET**"
        else:
            verdict = ""
        cells = [str(number), name, "%s %s" % (three(values, digits), unit) if values else "—",
                 ("%s: %s %s" % (baseline_name, three(base_values, digits), unit)) if base_values else
                 (baseline_name + ": —" if baseline_name else "—"),
                 ("%.2f×" % (statistics.median(values) / statistics.median(base_values))) if ratio and values and base_values else "",
                 target, verdict]
        if b.base:
            base_build = b.got(key, "base") if before else []
            cells.insert(3, "%s %s" % (three(base_build, digits), unit) if base_build else "")
        rows.append((cells, note, label or str(number)))

    med = statistics.median
    ratio_le = lambda limit: (lambda v, s: med(v) / med(s) <= limit)
    row(1, "import 100k rows into a fresh database: `tallyctl import`, wall", "import-fresh", "s", "≤ 3×",
        ratio_le(3), "import-fresh/sqlite", "`sqlite3 .import`, bare table", ratio=True)
    row("", "  the same, CPU (tallyd + tallyctl)", "import-fresh/cpu", "s", "", None, "import-fresh/sqlite-cpu",
        "sqlite3 CPU", ratio=True)
    row("", "  floor: `sqlite3` storing them in tally's `delivery` table (4 indexes), nothing else", "import-fresh/floor",
        "s", "", None, "import-fresh/sqlite", "`sqlite3 .import`, bare table", ratio=True, before=False)
    row(2, "the same 100k rows into the 2 M database, wall", "import-loaded", "s", "≤ 5×",
        ratio_le(5), "import-loaded/sqlite", "`sqlite3 .import`, bare table", ratio=True)
    row("", "  the same, CPU (tallyd + tallyctl)", "import-loaded/cpu", "s", "", None, "import-loaded/sqlite-cpu",
        "sqlite3 CPU", ratio=True)
    row("", "  floor: `sqlite3` storing them in the 2 M database's `delivery` table, nothing else", "import-loaded/floor",
        "s", "", None, "import-loaded/sqlite", "`sqlite3 .import`, bare table", ratio=True, before=False)
    if b.got("big-hwm"):
        row(3, "tallyd VmHWM while one `tallyctl import` takes 2 M rows", "big-hwm", "MiB", "≤ 128 MiB",
            lambda v, s: max(v) <= 128, "big-sqlite-rss", "VmHWM of `sqlite3 .import` of them")
        row("", "  that import, wall", "big-s", "s", "", None, "big-sqlite-s", "`sqlite3 .import`", ratio=True)
    else:
        row(3, "tallyd VmHWM while one `tallyctl import` takes 2 M rows", "big-hwm", "MiB", "≤ 128 MiB",
            missing="skipped (quick mode)",
            note="skipped in the quick mode: the full mode measures it (one 2 M-row import takes about 2 minutes here)")
    row(4, "tallyd VmRSS on the 2 M set after the load run and the 100k import", "rss-after", "MiB", "≤ 32 MiB",
        lambda v, s: max(v) <= 32, "rss-fresh", "VmRSS freshly started", before=False)
    row("", "  floor: VmRSS of an idle tallyd with no agreements and an empty database", "rss-idle", "MiB", "",
        baseline_name="of which file-backed", baseline_values=b.got("rss-idle-file"), before=False)
    row(5, "start → READY=1 on the 2 M database", "start-loaded", "ms", "≤ 300 ms", lambda v, s: med(v) <= 300)
    row(6, "start → READY=1 on an empty database, 2,000 agreements", "start-empty", "ms", "≤ 500 ms",
        lambda v, s: med(v) <= 500)
    row("", "  the same, until tallyd is idle (its agreements' past windows recorded)", "start-empty-idle", "ms", "")
    row(7, "`tallyctl status ONE --json` round trip", "status", "ms", "≤ 2.5×",
        ratio_le(2.5), "chronyc", "`chronyc -n tracking`", ratio=True,
        note="no baseline: %s" % chrony_why if chrony_why else "")
    row("", "  floor: argument-floor parsing `status ONE --json` (ArgumentParser, static Swift), no socket",
        "status-floor", "ms", "", None, "chronyc", "`chronyc -n tracking`", ratio=True, before=False,
        missing="not measured (no --floor)")
    # Rows 8 and 9 as every earlier run measured them: nothing written since the daemon's last pass. The state
    # after a write (counts read again from SQLite, every agreement evaluated afresh) is shown beside them.
    row(8, "`tallyctl check --json` of all 2,000 agreements, wall", "check-kept", "ms", "≤ 150 ms",
        lambda v, s: med(v) <= 150)
    row("", "  the same, right after a write", "check-fresh", "ms", "")
    row(9, "one evaluation pass as tallyd reports it (`duration_ms`)", "pass-kept", "ms", "≤ 50 ms",
        lambda v, s: med(v) <= 50)
    row("", "  the same, right after a write", "pass-fresh", "ms", "")
    row(10, "64 clients × %d GetStatus: p99 latency of each run" % b.calls, "clients-p99", "ms", "≤ 20 ms",
        lambda v, s: med(v) <= 20)
    row("", "  errors, each run", "clients-errors", "", "0", lambda v, s: sum(v) == 0, digits=0, label="10")
    row("", "  throughput", "clients-rate", "calls/s", "")
    row("", "  p50 latency", "clients-p50", "ms", "")
    for kind, label in (("unchanged", "agreement files unchanged"), ("changed", "every file's text changed")):
        rss = b.got("reload-rss-" + kind)
        if rss:
            row(11 if kind == "unchanged" else "", "VmRSS after reload %d (%s)" % (len(rss), label), "", "MiB",
                "≤ first + 2 MiB", lambda v, s: v[0] - s[0] <= 2, values=[rss[-1]], baseline_values=[rss[0]],
                baseline_name="after reload 1", before=False, label="11, files %s" % kind,
                note="+%.1f MiB; after reloads 2–%d: %s MiB" % (rss[-1] - rss[0], len(rss), three(rss[1:])))
        else:
            row(11 if kind == "unchanged" else "", "VmRSS after 100 reloads (%s)" % label, "", "MiB", "≤ first + 2 MiB",
                values=[], label="11, files %s" % kind)

    columns = ["#", "figure", "tally min / median / max", "baseline, same run: min / median / max", "ratio",
               "target", "verdict"]
    if b.base:
        columns.insert(3, "before (--base) min / median / max")
    print()
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" for _ in columns) + "|")
    for cells, _, _ in rows:
        print("| " + " | ".join(cells) + " |")
    print()
    print("Repetitions: %d loaded runs (each: %d single statuses beside as many chronyc, %d checks, 64 × %d calls, one "
          "100k import), %d fresh runs, %d + %d reloads, %d big import(s). Timings are judged on the median (row 10 on "
          "the median of the runs' p99), memory on the worst run; ratios are of medians."
          % (b.loaded_runs, b.singles, b.checks, b.calls, b.fresh_runs, b.reloads_unchanged, b.reloads_changed,
             len(b.got("big-hwm"))))
    notes = [(label, note) for _, note, label in rows if note] + b.notes
    if b.got("rss-after-anon"):
        notes.append(("4", "VmRSS after the load run, before the import: %s MiB; after both: anonymous %s MiB, file-backed "
                      "%s MiB; VmHWM %s MiB" % (three(b.got("rss-load")), three(b.got("rss-after-anon")),
                                               three(b.got("rss-after-file")), three(b.got("hwm-after")))))
    if b.got("import-fresh/ctl-rss"):
        notes.append(("1, 2", "tallyctl's own VmHWM while importing 100k rows: %s MiB"
                      % three(b.got("import-fresh/ctl-rss") + b.got("import-loaded/ctl-rss"))))
    if b.got("big-start-hwm"):
        notes.append(("3", "VmHWM of the start before it (reset after READY=1): %s MiB; tallyctl's own VmHWM during "
                      "that import: %s MiB" % (three(b.got("big-start-hwm")), three(b.got("big-ctl-rss")))))
    for kind in ("unchanged", "changed"):
        if b.got("reload-ms-" + kind):
            notes.append(("11, files " + kind, "one reload took %s ms" % three(b.got("reload-ms-" + kind))))
    for number, note in notes:
        print("- %s: %s" % (number, note))


def main():
    args = parser.parse_args()
    b = Bench(args)
    os.makedirs(b.work, exist_ok=True)
    began = b.began = time.perf_counter()
    header(b)
    config = load_database(b)
    loaded = json.load(open(os.path.join(config, "loaded")))
    print("- loaded database: %s (%s deliveries, %s voided; loaded once in %.0f s, voids %.0f s)"
          % (os.path.join(config, "state", "tally.sqlite"), fmt(loaded["deliveries"]), fmt(loaded["voided"]),
             loaded["load_seconds"], loaded["void_seconds"]))
    sys.stdout.flush()
    # The cached installation may have been loaded from another checkout: point it at this data.
    link = os.path.join(config, "agreements.d")
    if os.path.islink(link) and os.readlink(link) != os.path.join(b.data, "config", "agreements.d"):
        os.unlink(link)
        os.symlink(os.path.join(b.data, "config", "agreements.d"), link)
    # One start not counted: it applies the migrations this build has and the loaded database lacks (once), and
    # reads the database into the page cache the copies then come from.
    t = time.perf_counter()
    warm = b.daemon(config)
    log("first start on the loaded database (migrations, page cache; not counted): %.0f ms" % warm.start(timeout=3600))
    warm.stop()
    b.phase("first start", t)
    chrony = Chrony()
    if chrony.why:
        log("chronyc baseline: %s" % chrony.why)
    try:
        loaded_runs(b, config, None if chrony.why else chrony)
        if not chrony.why and "Reference ID" not in chrony.tracking_text():
            chrony.why = "chronyd stopped answering tracking during the run"
    finally:
        chrony.stop()
    fresh_runs(b)
    reloads(b)
    if b.big_runs:
        big_import(b)
    else:
        log("\nbig import (row 3) skipped in the quick mode")
    table(b, chrony.why)
    elapsed = time.perf_counter() - began
    print()
    print("Took %d min %02d s (%s), load average at the end %s." % (
        elapsed // 60, elapsed % 60, ", ".join("%s %.0f s" % p for p in b.phases),
        " ".join(open("/proc/loadavg").read().split()[:3])))
    if not b.quick:
        big = " (the 2 M-row import of row 3: %.0f s)" % dict(b.phases)["big import"] if "big import" in dict(b.phases) else ""
        print("%s the full mode's budget of %d minutes%s." % (
            "**Over**" if elapsed > BUDGET_MINUTES * 60 else "Within", BUDGET_MINUTES, big))
    if chrony.why:
        print("No chronyc baseline for row 7: %s." % chrony.why)
        if os.environ.get("CI") == "true":
            sys.exit("bench: row 7 has no baseline (CI=true)")


if __name__ == "__main__":
    main()

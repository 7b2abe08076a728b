#!/usr/bin/env python3
"""`make bench`: measures tallyd and tallyctl on the generated installation (benchmarks/generate.py).

    bench.py BIN_DIR DATA_DIR WORK_DIR [--quick]

BIN_DIR holds release tallyd and tallyctl; DATA_DIR is the generator's output; WORK_DIR (gitignored)
caches the loaded 2-million-delivery database between runs. Every figure is printed as a table row
with its median and p99 over repeated runs and its target. Loopback Unix sockets only.
"""
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

BIN, DATA, WORK = (os.path.abspath(p) for p in sys.argv[1:4])
QUICK = "--quick" in sys.argv
NOW = open(os.path.join(DATA, "NOW")).read().strip()
TALLYD, TALLYCTL = os.path.join(BIN, "tallyd"), os.path.join(BIN, "tallyctl")
RESULTS = []


def log(message):
    print(message, file=sys.stderr, flush=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def report(name, values, unit, target, ok=None, runs=None):
    med, p99 = statistics.median(values), percentile(values, 99)
    verdict = "" if ok is None else ("met" if ok(med, p99) else "NOT MET")
    RESULTS.append((name, med, p99, unit, runs or len(values), target, verdict))
    log("  %-58s median %10.2f %-6s p99 %10.2f  (n=%d) target %s %s" % (name, med, unit, p99, runs or len(values), target, verdict))


class Varlink:
    """A minimal Varlink client: NUL-terminated JSON over a Unix stream socket."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""

    def call_raw(self, method, parameters=None):
        message = {"method": method}
        if parameters is not None:
            message["parameters"] = parameters
        self.sock.sendall(json.dumps(message).encode() + b"\0")
        while b"\0" not in self.buffer:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("tallyd closed the connection")
            self.buffer += chunk
        reply, _, self.buffer = self.buffer.partition(b"\0")
        return reply

    def call(self, method, parameters=None):
        reply = json.loads(self.call_raw(method, parameters))
        if "error" in reply:
            raise RuntimeError("%s: %s %s" % (method, reply["error"], reply.get("parameters")))
        return reply.get("parameters", {})

    def close(self):
        self.sock.close()


class Daemon:
    """tallyd on a configuration directory, its READY=1 read from a NOTIFY_SOCKET we own."""

    def __init__(self, config_dir):
        self.config_dir = config_dir
        self.socket_path = os.path.join(config_dir, "run", "io.tally")
        self.process = None

    def start(self, timeout=120):
        notify_path = os.path.join(WORK, "notify.sock")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        notify.settimeout(timeout)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LISTEN_", "WATCHDOG_", "JOURNAL_STREAM"))}
        env.update(NOTIFY_SOCKET=notify_path, TALLY_TEST_NOW=NOW)
        stderr = open(os.path.join(WORK, "tallyd.log"), "ab")
        began = time.perf_counter()
        self.process = subprocess.Popen([TALLYD, "--config", os.path.join(self.config_dir, "tally.toml")],
                                        env=env, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr)
        try:
            while True:
                if b"READY=1" in notify.recv(65536).split(b"\n"):
                    ready = time.perf_counter() - began
                    break
        finally:
            notify.close()
            os.unlink(notify_path)
        return ready * 1000

    def rss_kib(self):
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def ctl(self, *args, check=True):
        result = subprocess.run([TALLYCTL, "--socket", self.socket_path, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        if check and result.returncode not in (0, 2, 3):
            raise RuntimeError("tallyctl %s: exit %d: %s" % (" ".join(args), result.returncode, result.stderr.decode()))
        return result


def timed_ctl(daemon, args):
    """Whole process round trip of one tallyctl invocation, in ms (posix_spawn + waitpid)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    began = time.perf_counter()
    pid = os.posix_spawn(TALLYCTL, [TALLYCTL, "--socket", daemon.socket_path, *args], os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status = os.waitpid(pid, 0)
    elapsed = (time.perf_counter() - began) * 1000
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2, 3):
        raise RuntimeError("tallyctl %s exited %d" % (" ".join(args), code))
    return elapsed


# ---------------------------------------------------------------------------------------------
# The loaded database (cached)


def load_database():
    """Imports the 2,000,000 deliveries through the daemon and voids 1 % through Varlink, once."""
    config = os.path.join(WORK, "installation")
    stamp = os.path.join(config, "loaded")
    if os.path.exists(stamp):
        log("using the loaded database in %s (remove %s to reload)" % (config, stamp))
        return config
    shutil.rmtree(config, ignore_errors=True)
    os.makedirs(os.path.join(config, "state"))
    shutil.copy(os.path.join(DATA, "config", "tally.toml"), config)
    os.symlink(os.path.join(DATA, "config", "agreements.d"), os.path.join(config, "agreements.d"))
    daemon = Daemon(config)
    daemon.start()
    parts = sorted(os.listdir(os.path.join(DATA, "load")))
    began = time.perf_counter()
    for i, part in enumerate(parts):
        t = time.perf_counter()
        daemon.ctl("import", os.path.join(DATA, "load", part))
        log("  loaded %s (%d/%d) in %.1f s" % (part, i + 1, len(parts), time.perf_counter() - t))
    load_seconds = time.perf_counter() - began
    wanted = set(open(os.path.join(DATA, "void.txt")).read().split())
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
    info = Varlink(daemon.socket_path).call("io.tally.GetInfo")["info"]
    daemon.stop()
    with open(stamp, "w") as f:
        json.dump({"deliveries": info["deliveries"], "voided": len(ids), "load_seconds": load_seconds,
                   "void_seconds": void_seconds}, f)
    log("loaded %d deliveries in %.0f s, voided %d in %.0f s" % (info["deliveries"], load_seconds, len(ids), void_seconds))
    return config


# ---------------------------------------------------------------------------------------------
# The import figure (also import_bench.py)


def import_csv():
    """The generated 100,000-row CSV and its number of rows."""
    path = os.path.join(DATA, "import.csv")
    return path, sum(1 for _ in open(path, encoding="utf-8")) - 1


def fresh_installation():
    """An empty installation of the generated agreements in WORK/import-run: state/, tally.toml, agreements.d."""
    fresh = os.path.join(WORK, "import-run")
    shutil.rmtree(fresh, ignore_errors=True)
    os.makedirs(os.path.join(fresh, "state"))
    shutil.copy(os.path.join(DATA, "config", "tally.toml"), fresh)
    os.symlink(os.path.join(DATA, "config", "agreements.d"), os.path.join(fresh, "agreements.d"))
    return fresh


def check_imported(daemon, rows):
    """Stops `daemon` after checking that the import created every row."""
    created = Varlink(daemon.socket_path).call("io.tally.GetInfo")["info"]["deliveries"]
    daemon.stop()
    if created != rows:
        raise RuntimeError("import created %d deliveries, expected %d" % (created, rows))


def sqlite_import_rate(fresh, csv_path, rows):
    """Rows per second of `sqlite3 .import` of the same CSV into a bare table, for comparison."""
    began = time.perf_counter()
    subprocess.run(["sqlite3", os.path.join(fresh, "bare.sqlite"), ".import --csv %s bare" % csv_path], check=True)
    return rows / (time.perf_counter() - began)


# ---------------------------------------------------------------------------------------------
# Concurrent clients


def client_worker(args):
    socket_path, agreement_ids, clients, calls, seed = args
    latencies, errors, lock = [], [0], threading.Lock()

    def one(c):
        r = random.Random(seed * 100 + c)
        mine = []
        try:
            v = Varlink(socket_path)
            for _ in range(calls):
                began = time.perf_counter()
                reply = v.call_raw("io.tally.GetStatus", {"agreements": [r.choice(agreement_ids)]})
                mine.append((time.perf_counter() - began) * 1000)
                if reply.startswith(b'{"error"') or b'"error":' in reply[:40]:
                    with lock:
                        errors[0] += 1
            v.close()
        except Exception:
            with lock:
                errors[0] += calls - len(mine)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=one, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def load_test(daemon, agreement_ids, processes=8, clients=64, calls=500):
    per_process = clients // processes
    with multiprocessing.Pool(processes) as pool:
        began = time.perf_counter()
        results = pool.map(client_worker, [(daemon.socket_path, agreement_ids, per_process, calls, p) for p in range(processes)])
        elapsed = time.perf_counter() - began
    latencies = [l for r in results for l in r[0]]
    errors = sum(r[1] for r in results)
    return latencies, errors, elapsed


# ---------------------------------------------------------------------------------------------


def main():
    os.makedirs(WORK, exist_ok=True)
    config = load_database()
    # The cached installation may have been loaded from another checkout: point it at this data.
    link = os.path.join(config, "agreements.d")
    if os.path.islink(link) and os.readlink(link) != os.path.join(DATA, "config", "agreements.d"):
        os.unlink(link)
        os.symlink(os.path.join(DATA, "config", "agreements.d"), link)
    loaded = json.load(open(os.path.join(config, "loaded")))
    agreement_ids = sorted(f[:-5] for f in os.listdir(os.path.join(DATA, "config", "agreements.d")) if f.endswith(".toml"))
    daemon = Daemon(config)
    runs = 3 if QUICK else 7

    log("\n== daemon start to READY=1 (%d starts)" % runs)
    starts = []
    for i in range(runs):
        starts.append(daemon.start())
        if i < runs - 1:
            daemon.stop()
    report("daemon start to READY=1 (2M deliveries)", starts, "ms", "<= 500 ms", lambda m, p: m <= 500)

    client = Varlink(daemon.socket_path)
    info = client.call("io.tally.GetInfo")["info"]
    log("   %d agreements, %d deliveries" % (info["agreements"], info["deliveries"]))

    log("\n== full evaluation pass (io.tally.Check)")
    passes, checks, noops = [], [], []
    for _ in range(10 if QUICK else 30):
        began = time.perf_counter()
        client.call_raw("io.tally.GetInfo")
        noops.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        client.call("io.tally.Check")
        checks.append((time.perf_counter() - began) * 1000)
        measured = client.call("io.tally.GetInfo")["info"].get("last_check_duration_ms")
        if measured is not None:
            passes.append(measured)
    if passes:
        report("full evaluation pass, in the daemon (last_check_duration_ms)", passes, "ms", "<= 100 ms", lambda m, p: p <= 100)
    report("io.tally.Check round trip (pass + status of all)", checks, "ms", "-")
    report("io.tally.GetInfo round trip (no-op reference)", noops, "ms", "-")

    log("\n== tallyctl status --json AGREEMENT")
    r = random.Random(7)
    singles = [timed_ctl(daemon, ["status", "--json", r.choice(agreement_ids)]) for _ in range(50 if QUICK else 300)]
    report("tallyctl status --json AGREEMENT (process round trip)", singles, "ms", "<= 10 ms median", lambda m, p: m <= 10)

    log("\n== tallyctl status --json (all %d)" % len(agreement_ids))
    alls = [timed_ctl(daemon, ["status", "--json"]) for _ in range(5 if QUICK else 20)]
    report("tallyctl status --json, all agreements", alls, "ms", "<= 500 ms", lambda m, p: m <= 500)
    client.close()

    log("\n== 64 concurrent clients x 500 GetStatus (8 processes x 8 connections)")
    latencies, errors, elapsed = load_test(daemon, agreement_ids, calls=100 if QUICK else 500)
    throughput = len(latencies) / elapsed
    report("64 clients x %d GetStatus(one agreement): latency" % (100 if QUICK else 500), latencies, "ms",
           "zero errors", lambda m, p: errors == 0)
    RESULTS.append(("64 clients: throughput / errors", throughput, errors, "calls/s | errors", 1, "zero errors",
                    "met" if errors == 0 else "NOT MET"))
    log("  throughput %.0f calls/s over %.1f s, errors %d" % (throughput, elapsed, errors))

    rss = daemon.rss_kib() / 1024
    RESULTS.append(("daemon VmRSS after the above", rss, rss, "MiB", 1, "<= 64 MiB", "met" if rss <= 64 else "NOT MET"))
    log("\n== daemon VmRSS %.1f MiB" % rss)
    daemon.stop()

    log("\n== CSV import of 100,000 deliveries into a fresh database (same 2,000 agreements)")
    csv_path, rows = import_csv()
    rates, sqlite_rates = [], []
    for i in range(2 if QUICK else 5):
        fresh = fresh_installation()
        d = Daemon(fresh)
        d.start()
        elapsed = timed_ctl(d, ["import", csv_path]) / 1000
        check_imported(d, rows)
        rates.append(rows / elapsed)
        sqlite_rates.append(sqlite_import_rate(fresh, csv_path, rows))
        shutil.rmtree(fresh)
    report("tallyctl import of 100,000 rows", rates, "rows/s", ">= 50,000 rows/s", lambda m, p: m >= 50000)
    report("sqlite3 .import of the same CSV into a bare table", sqlite_rates, "rows/s", "-")
    ratio = statistics.median(sqlite_rates) / statistics.median(rates)
    RESULTS.append(("ratio sqlite3 .import / tallyctl import (medians)", ratio, ratio, "x", 1, "-", ""))

    RESULTS.append(("one-time load: 20 imports of 100,000 rows into the growing database",
                    2_000_000 / loaded["load_seconds"], 2_000_000 / loaded["load_seconds"], "rows/s", 1, "-", ""))
    RESULTS.append(("one-time load: Void of 1 %% (%d) over one Varlink connection" % loaded["voided"],
                    loaded["voided"] / loaded["void_seconds"], loaded["voided"] / loaded["void_seconds"], "voids/s", 1, "-", ""))

    print("\n| figure | median | p99 | unit | runs | target | |")
    print("|---|---:|---:|---|---:|---|---|")
    for name, med, p99, unit, n, target, verdict in RESULTS:
        print("| %s | %s | %s | %s | %d | %s | %s |" % (name, fmt(med), fmt(p99), unit, n, target, verdict))


def fmt(value):
    if isinstance(value, int):
        return str(value)
    return "%.0f" % value if value >= 1000 else "%.2f" % value


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 15's start, memory, reload and pass figures, each beside a baseline build in the same run.

    start_bench.py BASE_BIN NEW_BIN DATA_DIR LOADED_DIR [--runs N] [--reloads N] [--only empty,loaded,reload]
                   [--callgrind]

BASE_BIN and NEW_BIN hold release tallyd (and tallyctl); DATA_DIR is `make bench`'s generated data
(`.bench/data-*`); LOADED_DIR its loaded installation (`.bench/work-*/installation`, 2 M deliveries), which both
builds start on in turn (neither changes its schema). Runs are interleaved base/new; every figure is printed as
min / median / max. Figures:

- start → READY=1 on an empty database with the 2,000 generated agreements (a fresh state directory per start);
- start → READY=1 on the loaded database;
- VmRSS (and its anonymous part) freshly started on the loaded database, then after a load run (64 clients ×
  100 GetStatus, 5 statuses of all, 10 passes);
- one evaluation pass as tallyd reports it (`last_check_duration_ms`; `check --json`'s `duration_ms` if sent);
- VmRSS after the 1st and the Nth of N reloads of the 2,000 agreements (`io.tally.Reload`), on the empty database.

`--callgrind` instead counts instructions (valgrind --tool=callgrind, repeatable where wall time is not) of each
build's start to READY=1 on the loaded database and of one pass (`io.tally.Check` of one agreement: a full pass and
one status), dumped with callgrind_control, and prints the totals. A build directory that does not exist is
skipped (`-`: count one build only).
"""
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

args = [a for i, a in enumerate(sys.argv[1:]) if not a.startswith("--") and not sys.argv[i].startswith("--")]
BASE, NEW, DATA, LOADED = (os.path.abspath(p) for p in args[:4])


def option(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


RUNS = option("--runs", 7)
ONLY = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else ["empty", "loaded", "reload"]
RELOADS = option("--reloads", 100)
NOW = open(os.path.join(DATA, "NOW")).read().strip()
WORK = tempfile.mkdtemp(prefix="tally-start-")
AGREEMENTS = os.path.join(DATA, "config", "agreements.d")


def log(message):
    print(message, file=sys.stderr, flush=True)


class Varlink:
    """NUL-terminated JSON over a Unix stream socket."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""

    def call(self, method, parameters=None):
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
        reply = json.loads(reply)
        if "error" in reply:
            raise RuntimeError("%s: %s %s" % (method, reply["error"], reply.get("parameters")))
        return reply.get("parameters", {})

    def close(self):
        self.sock.close()


def installation(name, state=None):
    """A configuration directory: the generated tally.toml and agreements, an empty or the loaded state."""
    root = os.path.join(WORK, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "run"))
    shutil.copy(os.path.join(DATA, "config", "tally.toml"), root)
    os.symlink(AGREEMENTS, os.path.join(root, "agreements.d"))
    if state:
        os.symlink(state, os.path.join(root, "state"))
    else:
        os.makedirs(os.path.join(root, "state"))
    return root


class Daemon:
    """tallyd on `root`, its READY=1 read from a NOTIFY_SOCKET of ours; `prefix` runs it under a tool."""

    def __init__(self, bindir, root, prefix=()):
        self.bindir, self.root, self.prefix = bindir, root, list(prefix)
        self.socket_path = os.path.join(root, "run", "io.tally")

    def start(self, timeout=1800):
        notify_path = os.path.join(WORK, "notify.sock")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        notify.settimeout(timeout)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LISTEN_", "WATCHDOG_", "JOURNAL_STREAM"))}
        env.update(NOTIFY_SOCKET=notify_path, TALLY_TEST_NOW=NOW)
        began = time.perf_counter()
        self.process = subprocess.Popen(
            self.prefix + [os.path.join(self.bindir, "tallyd"), "--config", os.path.join(self.root, "tally.toml")],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while b"READY=1" not in notify.recv(65536).split(b"\n"):
                pass
            elapsed = time.perf_counter() - began
        finally:
            notify.close()
            os.unlink(notify_path)
        return elapsed * 1000

    def memory(self):
        """VmRSS, RssAnon and VmHWM in MiB."""
        fields = {}
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "RssAnon", "VmHWM"):
                    fields[key] = int(value.split()[0]) / 1024
        return fields

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=600)


RESULTS = []


def row(name, base, new, unit, target=""):
    def three(values):
        if not values:
            return "—"
        return "%.1f / %.1f / %.1f" % (min(values), statistics.median(values), max(values))

    ratio = statistics.median(new) / statistics.median(base) if base and new and statistics.median(base) else None
    RESULTS.append((name, three(base), three(new), unit, "%.2f" % ratio if ratio else "", target))
    log("  %-60s base %-24s new %-24s %s" % (name, three(base), three(new), unit))


def load_run(daemon, ids):
    """64 connections × 100 GetStatus of one agreement, 5 statuses of all, 10 passes."""
    def worker(offset):
        client = Varlink(daemon.socket_path)
        for i in range(100):
            client.call("io.tally.GetStatus", {"agreements": [ids[(offset * 31 + i * 7) % len(ids)]]})
        client.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client = Varlink(daemon.socket_path)
    for _ in range(5):
        client.call("io.tally.GetStatus")
    for _ in range(10):
        client.call("io.tally.Check", {"agreements": [ids[0]]})
    client.close()


def timed_figures():
    builds = (("base", BASE), ("new", NEW))
    ids = sorted(f[:-5] for f in os.listdir(AGREEMENTS) if f.endswith(".toml"))
    empty, loaded = {b: [] for b, _ in builds}, {b: [] for b, _ in builds}
    log("== start to READY=1, empty database, %d agreements (%d runs each)" % (len(ids), RUNS))
    for i in range(RUNS if "empty" in ONLY else 0):
        for name, bindir in builds if i % 2 == 0 else builds[::-1]:
            daemon = Daemon(bindir, installation("empty-" + name))
            empty[name].append(daemon.start())
            daemon.stop()
    if "empty" in ONLY:
        row("start → READY=1, empty database, 2,000 agreements", empty["base"], empty["new"], "ms", "≤ 500 ms")

    log("== start to READY=1, the loaded database (%d runs each)" % RUNS)
    state = os.path.join(LOADED, "state")
    memory = {b: {"fresh": [], "fresh_anon": [], "after": [], "after_anon": [], "hwm": []} for b, _ in builds}
    passes, reported = {b: [] for b, _ in builds}, {b: [] for b, _ in builds}
    for i in range(RUNS if "loaded" in ONLY else 0):
        for name, bindir in builds if i % 2 == 0 else builds[::-1]:
            daemon = Daemon(bindir, installation("loaded-" + name, state))
            loaded[name].append(daemon.start())
            if i < 3:
                time.sleep(1)
                m = daemon.memory()
                memory[name]["fresh"].append(m["VmRSS"])
                memory[name]["fresh_anon"].append(m["RssAnon"])
                client = Varlink(daemon.socket_path)
                for _ in range(10):
                    reply = client.call("io.tally.Check", {"agreements": [ids[0]]})
                    passes[name].append(client.call("io.tally.GetInfo")["info"]["last_check_duration_ms"])
                    if "duration_ms" in reply:
                        reported[name].append(reply["duration_ms"])
                client.close()
                load_run(daemon, ids)
                m = daemon.memory()
                memory[name]["after"].append(m["VmRSS"])
                memory[name]["after_anon"].append(m["RssAnon"])
                memory[name]["hwm"].append(m["VmHWM"])
            daemon.stop()
    if "loaded" in ONLY:
        row("start → READY=1, 2 M deliveries", loaded["base"], loaded["new"], "ms", "≤ 300 ms")
        row("one pass, GetInfo last_check_duration_ms (2 M)", passes["base"], passes["new"], "ms", "≤ 50 ms")
        if reported["new"]:
            row("one pass, Check's duration_ms (2 M)", reported["base"], reported["new"], "ms", "≤ 50 ms")
        row("VmRSS freshly started (2 M)", memory["base"]["fresh"], memory["new"]["fresh"], "MiB")
        row("  of it anonymous (RssAnon)", memory["base"]["fresh_anon"], memory["new"]["fresh_anon"], "MiB")
        row("VmRSS after the load run (2 M)", memory["base"]["after"], memory["new"]["after"], "MiB", "≤ 32 MiB")
        row("  of it anonymous (RssAnon)", memory["base"]["after_anon"], memory["new"]["after_anon"], "MiB")
        row("VmHWM after the load run (2 M)", memory["base"]["hwm"], memory["new"]["hwm"], "MiB")

    log("== %d reloads of %d agreements (empty database)" % (RELOADS, len(ids)))
    growth = {}
    for name, bindir in builds if "reload" in ONLY else ():
        daemon = Daemon(bindir, installation("reload-" + name))
        daemon.start()
        client = Varlink(daemon.socket_path)
        rss = []
        for n in range(RELOADS):
            client.call("io.tally.Reload")
            rss.append(daemon.memory()["VmRSS"])
        client.close()
        daemon.stop()
        growth[name] = rss
        log("  %s: after reload 1 %.1f MiB, 10 %.1f, %d %.1f MiB" % (name, rss[0], rss[min(9, len(rss) - 1)], RELOADS, rss[-1]))
    if growth:
        row("VmRSS after reload 1", [growth["base"][0]], [growth["new"][0]], "MiB")
        row("VmRSS after reload %d" % RELOADS, [growth["base"][-1]], [growth["new"][-1]], "MiB")
        row("growth, reload 1 → %d" % RELOADS, [growth["base"][-1] - growth["base"][0]],
            [growth["new"][-1] - growth["new"][0]], "MiB", "≤ 2 MiB")

    print("\n| figure | base min / median / max | new min / median / max | unit | new / base | target |")
    print("|---|---|---|---|---:|---|")
    for name, base, new, unit, ratio, target in RESULTS:
        print("| %s | %s | %s | %s | %s | %s |" % (name, base, new, unit, ratio, target))


def callgrind_figures():
    state = os.path.join(LOADED, "state")
    ids = sorted(f[:-5] for f in os.listdir(AGREEMENTS) if f.endswith(".toml"))
    print("| build | start → READY=1, 2 M (Ir) | one pass: Check of one agreement (Ir) | start → READY=1, empty (Ir) |")
    print("|---|---:|---:|---:|")
    for name, bindir in (("base", BASE), ("new", NEW)):
        if not os.path.isdir(bindir):
            continue
        # valgrind 3.19 cannot read the DWARF of Swift 6.3's binaries: it counts a copy without it.
        os.makedirs(os.path.join(WORK, "bin-" + name))
        subprocess.run(["objcopy", "--strip-debug", os.path.join(bindir, "tallyd"),
                        os.path.join(WORK, "bin-" + name, "tallyd")], check=True)
        bindir = os.path.join(WORK, "bin-" + name)
        counts = []
        for kind in [k for k in ("loaded", "empty") if k in ONLY]:
            out = os.path.join(WORK, "callgrind-%s-%s" % (name, kind))
            daemon = Daemon(bindir, installation("cg-%s-%s" % (kind, name), state if kind == "loaded" else None),
                            prefix=["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out + ".%p"])
            daemon.start()
            pid = daemon.process.pid
            counts.append(dump(pid, out))
            if kind == "loaded":
                subprocess.run(["callgrind_control", "-z", str(pid)], check=True, stdout=subprocess.DEVNULL)
                client = Varlink(daemon.socket_path)
                client.call("io.tally.Check", {"agreements": [ids[0]]})
                client.close()
                counts.append(dump(pid, out))
            daemon.stop()
        cells = ["{:,}".format(c) for c in counts] + ["—"] * (3 - len(counts))
        print("| %s | %s |" % (name, " | ".join(cells)))
        sys.stdout.flush()


def dump(pid, out):
    """Dumps the counts of `pid` so far and returns their total of instructions (all threads)."""
    before = set(os.listdir(WORK))
    subprocess.run(["callgrind_control", "-d", str(pid)], check=True, stdout=subprocess.DEVNULL)
    time.sleep(1)
    total = 0
    for file in sorted(set(os.listdir(WORK)) - before):
        if file.startswith(os.path.basename(out)):
            with open(os.path.join(WORK, file)) as f:
                for line in f:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        total += int(line.split()[1])
                        break
    return total


if __name__ == "__main__":
    try:
        callgrind_figures() if "--callgrind" in sys.argv else timed_figures()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)

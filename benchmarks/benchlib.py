"""Helpers shared by the benchmarks (bench.py, callgrind_guard.py, import_bench.py, amend_pass.py).

- Varlink: a minimal client (NUL-terminated JSON over a Unix stream socket).
- Daemon: tallyd on a configuration directory under the benchmark clock, its start timed to READY=1 read from a
  NOTIFY_SOCKET of ours (optionally under a tool such as valgrind), its memory and CPU read from /proc.
- installation(): a configuration directory of the generated data (tally.toml, agreements.d linked or copied, an
  empty state directory or a copy of a database).
- spawn(): one process timed from posix_spawn to wait4, with its own CPU (rusage) and, if asked, its peak RSS.
- load_test(): concurrent clients calling GetStatus of one agreement each, in several processes.
- spread(), percentile(), fmt(): the statistics every figure is printed with.
- strip_debug(), callgrind_total(): valgrind 3.19 cannot read the DWARF 5 of Swift's release binaries, so
  instruction counts are taken of copies without it; a callgrind dump's total of instructions.
"""
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time


def log(message):
    print(message, file=sys.stderr, flush=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def spread(values):
    """(min, median, max) of a non-empty list."""
    return min(values), statistics.median(values), max(values)


def fmt(value, digits=None):
    """1,234 for large values, 12.3 or 1.23 for small ones."""
    if isinstance(value, int) and digits is None:
        return "{:,}".format(value)
    if digits is not None:
        return "{:,.{}f}".format(value, digits)
    if abs(value) >= 1000:
        return "{:,.0f}".format(value)
    return "%.1f" % value if abs(value) >= 10 else "%.2f" % value


class Varlink:
    """A minimal Varlink client: NUL-terminated JSON over a Unix stream socket."""

    def __init__(self, path, timeout=None):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
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


def varlink_call(path, method, parameters=None, timeout=600):
    """One call on a connection of its own."""
    client = Varlink(path, timeout)
    try:
        return client.call(method, parameters)
    finally:
        client.close()


def spawn(argv, stdout=None, env=None, peak=False):
    """Runs argv (looked up in PATH; stdin and, unless `stdout` names a file, stdout to /dev/null) and returns
    (wall ms, exit code, rusage of that process alone, peak RSS in MiB or None).

    The peak is the process's VmHWM, read from /proc every 20 ms while it runs (`peak=True` only; the polling
    stays out of the timed figures). wait4's ru_maxrss cannot serve: posix_spawn's child starts as a vfork of this
    process, and Linux carries the parent's high-water mark over the exec into the child's ru_maxrss."""
    out = os.open(stdout or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    hwm = None
    try:
        began = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, env if env is not None else os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, out, 1)])
        while True:
            if peak:
                try:
                    hwm = max(hwm or 0, proc_status(pid).get("VmHWM", 0))
                except (FileNotFoundError, ProcessLookupError):
                    pass
            done, status, rusage = os.wait4(pid, os.WNOHANG if peak else 0)
            if done:
                break
            time.sleep(0.02)
        elapsed = (time.perf_counter() - began) * 1000
    finally:
        os.close(out)
        os.close(null)
    return elapsed, os.waitstatus_to_exitcode(status), rusage, hwm


def installation(root, data, database=None, copy_agreements=False):
    """A configuration directory at `root` for the generated data in `data`: its tally.toml, its agreements.d
    (linked, or copied when `copy_agreements`), run/, and state/ empty or holding a copy of `database`."""
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "state"))
    os.makedirs(os.path.join(root, "run"))
    shutil.copy(os.path.join(data, "config", "tally.toml"), root)
    agreements = os.path.join(data, "config", "agreements.d")
    if copy_agreements:
        shutil.copytree(agreements, os.path.join(root, "agreements.d"))
    else:
        os.symlink(agreements, os.path.join(root, "agreements.d"))
    if database:
        for suffix in ("", "-wal"):
            if suffix == "" or os.path.exists(database + suffix):
                subprocess.run(["cp", "--reflink=auto", database + suffix, os.path.join(root, "state", "tally.sqlite" + suffix)],
                               check=True)
    return root


def proc_status(pid):
    """The kB fields of /proc/PID/status (VmRSS, RssAnon, RssFile, VmHWM, …), in MiB."""
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            parts = value.split()
            if len(parts) == 2 and parts[1] == "kB":
                fields[key] = int(parts[0]) / 1024
    return fields


def process_cpu(pid):
    """User and system CPU seconds of a running process, from /proc (the machine's load does not change it)."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Daemon:
    """tallyd of `bin_dir` on the configuration directory `root` under the benchmark clock `now`; `prefix` runs it
    under a tool (valgrind). Its output is appended to `log_path`, or dropped."""

    def __init__(self, bin_dir, root, now, prefix=(), log_path=None, env=None):
        self.bin_dir, self.root, self.now, self.prefix = bin_dir, root, now, list(prefix)
        self.log_path, self.extra_env = log_path, env or {}
        self.socket_path = os.path.join(root, "run", "io.tally")
        self.tallyctl = os.path.join(bin_dir, "tallyctl")
        self.process = None

    def start(self, timeout=600):
        """Starts tallyd and returns the ms from exec to READY=1."""
        notify_path = os.path.join(self.root, "notify.sock")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        notify.settimeout(0.5)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LISTEN_", "WATCHDOG_", "JOURNAL_STREAM", "NOTIFY_"))}
        env.update(NOTIFY_SOCKET=notify_path, TALLY_TEST_NOW=self.now, **self.extra_env)
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        began = time.perf_counter()
        self.process = subprocess.Popen(
            self.prefix + [os.path.join(self.bin_dir, "tallyd"), "--config", os.path.join(self.root, "tally.toml")],
            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        try:
            while True:
                try:
                    if b"READY=1" in notify.recv(65536).split(b"\n"):
                        ready = time.perf_counter() - began
                        break
                except socket.timeout:
                    if self.process.poll() is not None:
                        raise RuntimeError("tallyd exited %d before READY=1 (%s)" % (self.process.returncode, self.log_path))
                    if time.perf_counter() - began > timeout:
                        self.process.kill()
                        raise RuntimeError("tallyd not ready within %d s" % timeout)
        finally:
            notify.close()
            os.unlink(notify_path)
            if out is not subprocess.DEVNULL:
                out.close()
        return ready * 1000

    def memory(self):
        return proc_status(self.process.pid)

    def reset_hwm(self):
        """Resets VmHWM to the current RSS (Linux >= 4.0), so that what follows is a peak of its own."""
        with open("/proc/%d/clear_refs" % self.process.pid, "w") as f:
            f.write("5")

    def cpu(self):
        return process_cpu(self.process.pid)

    def settle(self, quiet=0.5, timeout=120):
        """Waits until tallyd has used no CPU for `quiet` seconds (its work after a reply, such as the pass after an
        import's commit, is done); returns the ms it was still busy for."""
        began, last, still = time.perf_counter(), self.cpu(), 0.0
        busy_until = began
        while time.perf_counter() - began < timeout and still < quiet:
            time.sleep(0.1)
            cpu = self.cpu()
            if cpu - last < 0.005:
                still += 0.1
            else:
                still, busy_until = 0.0, time.perf_counter()
            last = cpu
        # The ms until tallyd last used CPU (to within the 100 ms of a sample).
        return (busy_until - began) * 1000

    def call(self, method, parameters=None):
        return varlink_call(self.socket_path, method, parameters)

    def ctl(self, *args, stdout=None, peak=False):
        """One whole `tallyctl` process (exec, connect, round trip, exit): (ms, rusage, peak RSS MiB if `peak`);
        exits 2 and 3 (something needs attention) are answers, others are failures."""
        ms, code, rusage, hwm = spawn([self.tallyctl, "--socket", self.socket_path, *args], stdout=stdout, peak=peak)
        if code not in (0, 2, 3):
            raise RuntimeError("tallyctl %s exited %d" % (" ".join(args), code))
        return ms, rusage, hwm

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=600)


def strip_debug(binary, copy):
    """A copy of `binary` without debug information (symbols kept), which valgrind 3.19 can read."""
    subprocess.run(["strip", "--strip-debug", "-o", copy, binary], check=True)
    return copy


def callgrind_total(path):
    """The instruction count of one callgrind dump (its `totals:` or `summary:` line)."""
    with open(path) as f:
        for line in f:
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    raise RuntimeError("no totals in %s" % path)


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


def load_test(socket_path, agreement_ids, calls, processes=8, clients=64):
    """`clients` connections in `processes` processes, each making `calls` GetStatus of one agreement."""
    per_process = clients // processes
    with multiprocessing.Pool(processes) as pool:
        began = time.perf_counter()
        results = pool.map(client_worker, [(socket_path, agreement_ids, per_process, calls, p) for p in range(processes)])
        elapsed = time.perf_counter() - began
    latencies = [l for r in results for l in r[0]]
    return latencies, sum(r[1] for r in results), elapsed

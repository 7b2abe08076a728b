#!/usr/bin/env python3
"""A/B of the status figures between two builds, runs interleaved so both share the machine's noise.

    ab_status.py OLD_BINDIR NEW_BINDIR [RUNS]

Each BINDIR holds tallyd and tallyctl (e.g. `.build-bench/release` of two checkouts). Both daemons get the
2,000 agreements of benchmarks/generate.py (no load files) and the same 40,000 deliveries (20 per
agreement), the benchmark clock, and answer: `tallyctl status --json` of all, a raw GetStatus of all
over the socket (no tallyctl), `tallyctl check --json` and `tallyctl status --json ONE`. Prints
min/median/max and the ratio.

Issue 11's "no figure worse than before" is measured with it against a build of defa272 (before issue 11):
each build gets an installation of its own, because `make bench`'s loaded database has a schema that
builds from before issue 12 cannot open.
"""
import csv, os, shutil, socket, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402

old_bin, new_bin = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
work = tempfile.mkdtemp(prefix="tally-ab-")
env = dict(os.environ, TALLY_TEST_NOW=g.NOW)

config = os.path.join(work, "config")
os.makedirs(os.path.join(config, "agreements.d"))
with open(os.path.join(config, "tally.toml"), "w", encoding="utf-8") as f:
    f.write(g.MAIN_TOML.format(seed=g.SEED))
plans = [g.agreement_plan(n) for n in range(1, g.AGREEMENTS + 1)]
for a in plans:
    with open(os.path.join(config, "agreements.d", a["id"] + ".toml"), "w", encoding="utf-8") as f:
        f.write(g.agreement_toml(a))
deliveries = os.path.join(work, "deliveries.csv")
with open(deliveries, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(g.HEADER)
    for a in plans:
        for row in g.deliveries(a, 20, "d"):
            w.writerow(row)

daemons = {}
for name, bindir in (("old", old_bin), ("new", new_bin)):
    root = os.path.join(work, name)
    shutil.copytree(config, root)
    os.makedirs(os.path.join(root, "run"))
    os.makedirs(os.path.join(root, "state"))
    process = subprocess.Popen([os.path.join(bindir, "tallyd"), "--config", os.path.join(root, "tally.toml")], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock = os.path.join(root, "run", "io.tally")
    for _ in range(600):
        if os.path.exists(sock):
            break
        time.sleep(0.1)
    ctl = os.path.join(bindir, "tallyctl")
    subprocess.run([ctl, "--socket", sock, "import", deliveries], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([ctl, "--socket", sock, "check"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemons[name] = (process, sock, ctl)


def tallyctl(name, *args):
    _, sock, ctl = daemons[name]
    start = time.perf_counter()
    subprocess.run([ctl, "--socket", sock, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def raw_status(name):
    s = socket.socket(socket.AF_UNIX)
    s.connect(daemons[name][1])
    start = time.perf_counter()
    s.sendall(b'{"method":"io.tally.GetStatus","parameters":{}}\0')
    reply = bytearray()
    while not reply.endswith(b"\0"):
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        reply += chunk
    s.close()
    return (time.perf_counter() - start) * 1000


one = plans[7]["id"]
figures = [("tallyctl status --json, all 2,000", lambda n: tallyctl(n, "status", "--json"), runs),
           ("GetStatus of all, raw socket", raw_status, runs),
           ("tallyctl check --json, all 2,000", lambda n: tallyctl(n, "check", "--json"), runs),
           (f"tallyctl status --json {one}", lambda n: tallyctl(n, "status", "--json", one), 3 * runs)]
for label, measure, count in figures:
    times = {"old": [], "new": []}
    for i in range(count):
        for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
            times[name].append(measure(name))
    for name in ("old", "new"):
        t = times[name]
        print(f"{label:40} {name}: min {min(t):7.1f}  median {statistics.median(t):7.1f}  max {max(t):7.1f} ms  ({count} runs)")
    print(f"{label:40} ratio new/old (medians): {statistics.median(times['new']) / statistics.median(times['old']):.2f}")
for process, _, _ in daemons.values():
    process.terminate()
    process.wait()
shutil.rmtree(work, ignore_errors=True)

#!/usr/bin/env python3
"""SPEC §9's benchmark: the evaluation pass with one amendment per agreement and carry-over on a quarter of the
quotas, beside the same pass without them, in the same run.

    amend_pass.py BINDIR DATA_DIR LOADED_STATE_DIR [RUNS]

BINDIR holds tallyd (a release build); DATA_DIR is `make bench`'s generated data (`.bench/data-*`, with
`config/` and `NOW`); LOADED_STATE_DIR the state directory of its loaded installation (`.bench/work-*/
installation/state`, 2 million deliveries). Both daemons run at once on copies of that database: one on the
generated agreements as they are, one on the same agreements each with an amendment (a quota's target raised
from the middle of the agreement, retroactively signed) and `carry = "deficit"` on every fourth quota that is not
`total`. The amendments change targets only, so the counters need no rebuild. Passes are interleaved (plain,
amended, plain, …) and read from tallyd's own `last_check_duration_ms`; prints min/median/max of each and the
ratio of the medians.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Varlink  # noqa: E402

bindir, data, state = sys.argv[1], sys.argv[2], sys.argv[3]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 30
now = open(os.path.join(data, "NOW")).read().strip()
work = tempfile.mkdtemp(prefix="tally-amend-")


def amended(text):
    """One amendment per agreement, carry on every fourth non-total quota."""
    start = re.search(r"^start\s*=\s*(\S+)", text, re.M).group(1)
    end = re.search(r"^end\s*=\s*(\S+)", text, re.M).group(1)
    y0, m0, d0 = map(int, start.split("-"))
    y1, m1, d1 = map(int, end.split("-"))
    middle_year, middle_month = divmod(((y0 * 12 + m0 - 1) + (y1 * 12 + m1 - 1)) // 2, 12)
    effective = "%04d-%02d-01" % (middle_year, middle_month + 1)
    blocks = text.split("[[quota]]")
    out = [blocks[0]]
    first_quota = None
    for index, block in enumerate(blocks[1:]):
        quota = re.search(r'^id\s*=\s*"([^"]+)"', block, re.M).group(1)
        per = re.search(r'^per\s*=\s*"([^"]+)"', block, re.M)
        if first_quota is None:
            first_quota = (quota, int(re.search(r"^target\s*=\s*(\d+)", block, re.M).group(1)))
        if index % 4 == 1 and per and per.group(1) != "total":
            block = block.replace('per    = "%s"' % per.group(1), 'per    = "%s"\ncarry  = "deficit"' % per.group(1), 1)
        out.append(block)
    text = "[[quota]]".join(out)
    # The amendment goes after the quotas and before any campaign table.
    position = text.find("[[campaign]]")
    amendment = ('[[amendment]]\nid        = "pl-01"\ntitle     = "Phụ lục 01"\nsigned    = %s\neffective = %s\n\n'
                 '  [[amendment.quota]]\n  id     = "%s"\n  target = %d\n\n'
                 % (effective, effective, first_quota[0], first_quota[1] + first_quota[1] // 2 + 1))
    return text + "\n" + amendment if position < 0 else text[:position] + amendment + text[position:]


daemons = {}
for name in ("plain", "amended"):
    root = os.path.join(work, name)
    os.makedirs(os.path.join(root, "run"))
    shutil.copytree(state, os.path.join(root, "state"))
    shutil.copy(os.path.join(data, "config", "tally.toml"), os.path.join(root, "tally.toml"))
    shutil.copytree(os.path.join(data, "config", "agreements.d"), os.path.join(root, "agreements.d"))
    if name == "amended":
        for file in os.listdir(os.path.join(root, "agreements.d")):
            path = os.path.join(root, "agreements.d", file)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(amended(text))
    check = subprocess.run([os.path.join(bindir, "tallyctl"), "validate", os.path.join(root, "tally.toml")],
                           capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit("the %s configuration is not valid:\n%s%s" % (name, check.stdout, check.stderr))
    process = subprocess.Popen([os.path.join(bindir, "tallyd"), "--config", os.path.join(root, "tally.toml")],
                               env=dict(os.environ, TALLY_TEST_NOW=now), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    sock = os.path.join(root, "run", "io.tally")
    for _ in range(1200):
        if os.path.exists(sock):
            break
        time.sleep(0.1)
    daemons[name] = (process, Varlink(sock))

passes = {"plain": [], "amended": []}
for i in range(runs + 2):
    for name in (("plain", "amended") if i % 2 == 0 else ("amended", "plain")):
        client = daemons[name][1]
        client.call("io.tally.Check")
        measured = client.call("io.tally.GetInfo")["info"].get("last_check_duration_ms")
        if i >= 2 and measured is not None:  # the first two passes record the windows the amendments revise
            passes[name].append(measured)
for name in ("plain", "amended"):
    p = passes[name]
    print("evaluation pass, %-8s min %7.2f  median %7.2f  max %7.2f ms  (%d passes)"
          % (name, min(p), statistics.median(p), max(p), len(p)))
print("ratio amended / plain (medians): %.2f" % (statistics.median(passes["amended"]) / statistics.median(passes["plain"])))
for name, (process, _) in daemons.items():
    with open("/proc/%d/status" % process.pid) as f:
        rss = next(line.split()[1] for line in f if line.startswith("VmRSS:"))
    print("daemon VmRSS after the passes, %-8s %6.1f MiB" % (name, int(rss) / 1024))
for process, client in daemons.values():
    client.close()
    process.terminate()
    process.wait()
shutil.rmtree(work, ignore_errors=True)

#!/usr/bin/env python3
"""Issue 17's benchmark: drafting and rendering the acceptance record of an agreement with 10,000 items in each
format, beside the plain §7 report of the same agreement and period, in the same run.

    record_bench.py BIN_DIR [--items N] [--runs N]

One agreement (a yearly article quota priced at 1,800,000 đ, `over_delivery = "paid"` so that every item is a line
of the record, VAT excluded at 8 %), N deliveries spread over 2025 imported through `tallyctl import`, the clock
at 2026-01-20. Each run times whole `tallyctl` processes (exec, round trip, rendering, the file written):
`report --period 2025` as text and html (the baseline), then `accept draft --period 2025` in text, json, csv, html,
docx, xlsx and pdf (pdf when Chromium is installed). Printed per format: wall ms and tallyctl's peak RSS (VmHWM
from /proc), each min / median / max, tallyd's peak during the call, and the ratio to the text report's median.
"""
import argparse
import csv
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Daemon, fmt, log, spread  # noqa: E402


def triple(values):
    return " / ".join(fmt(v) for v in spread(values))

NOW = "2026-01-20T10:00:00+07:00"
AGREEMENT = "bench-record"


def write_installation(root, items):
    os.makedirs(os.path.join(root, "agreements.d"))
    os.makedirs(os.path.join(root, "run"))
    os.makedirs(os.path.join(root, "state"))
    with open(os.path.join(root, "tally.toml"), "w") as f:
        f.write('[daemon]\nsocket = "run/io.tally"\ndatabase = "state/tally.sqlite"\nagreements_dir = "agreements.d"\n'
                'onboarding = "0s"\n')
    with open(os.path.join(root, "agreements.d", "a.toml"), "w") as f:
        f.write(f'''id = "{AGREEMENT}"
title = "Thông tấn xã Việt Nam – UBND tỉnh Bến Tre: thông tin tuyên truyền 2025"
reference = "12/HĐ-TTXVN"
parties = ["Thông tấn xã Việt Nam", "Ủy ban nhân dân tỉnh Bến Tre"]
start = 2025-01-01
end = 2025-12-31

[settlement]
value = 1_000_000_000_000
payer = "Ủy ban nhân dân tỉnh Bến Tre"
vat = "excluded"
vat_rate = 8
over_delivery = "paid"
every = "year"

[[quota]]
id = "tin-bai"
title = "Tin, bài về kinh tế – xã hội của tỉnh"
target = {items}
per = "year"
kinds = ["article"]
price = 1_800_000
''')
    rows = os.path.join(root, "deliveries.csv")
    with open(rows, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["agreement", "published", "kind", "language", "outlet", "title", "url", "tags", "count", "id"])
        for n in range(items):
            day = 1 + n * 364 // items
            month, mday = divmod(day, 31)
            published = "2025-%02d-%02d" % (min(month + 1, 12), min(max(mday, 1), 28))
            out.writerow([AGREEMENT, published, "article", "vi", "Báo Bến Tre",
                          "Bến Tre đẩy mạnh chuyển đổi số trong nông nghiệp, bài %d" % n,
                          "https://tin.example.vn/ben-tre/%d.htm" % n, "", 1, "d-%05d" % n])
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tally-record-bench.")
    try:
        rows = write_installation(work, args.items)
        daemon = Daemon(os.path.abspath(args.bin), work, NOW, log_path=os.path.join(work, "tallyd.log"))
        daemon.start()
        try:
            daemon.ctl("import", rows)
            daemon.settle()
            formats = ["text", "json", "csv", "html", "docx", "xlsx"]
            if shutil.which("chromium") or shutil.which("chromium-browser"):
                formats.append("pdf")
            cases = [("report (§7), text", ["report", AGREEMENT, "--period", "2025", "--format", "text"], "txt"),
                     ("report (§7), html", ["report", AGREEMENT, "--period", "2025", "--format", "html"], "html")]
            cases += [("accept draft, " + f, ["accept", "draft", AGREEMENT, "--period", "2025", "--format", f], f)
                      for f in formats]
            wall = {name: [] for name, _, _ in cases}
            client_peak = {name: [] for name, _, _ in cases}
            daemon_peak = {name: [] for name, _, _ in cases}
            for run in range(args.runs):
                log("run %d/%d" % (run + 1, args.runs))
                for name, argv, ext in cases:
                    path = os.path.join(work, "out." + ext)
                    daemon.reset_hwm()
                    ms, _, hwm = daemon.ctl(*argv, "--output", path, peak=True)
                    if not os.path.getsize(path):
                        raise RuntimeError("%s wrote nothing" % name)
                    wall[name].append(ms)
                    client_peak[name].append(hwm)
                    daemon_peak[name].append(daemon.memory().get("VmHWM", 0))
            base = statistics.median(wall["report (§7), text"])
            print("\n%d items (every one a line of the record), %d runs; `tallyctl` processes, wall and peak RSS"
                  % (args.items, args.runs))
            print("\n| output | wall ms, min / median / max | × the §7 text report | tallyctl VmHWM MiB | "
                  "tallyd VmHWM MiB |")
            print("|---|---|---:|---|---|")
            for name, _, _ in cases:
                print("| %s | %s | %s | %s | %s |" % (name, triple(wall[name]), fmt(statistics.median(wall[name]) / base),
                                                  triple(client_peak[name]), triple(daemon_peak[name])))
        finally:
            daemon.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

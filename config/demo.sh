#!/usr/bin/env bash
# make demo: the real daemon on the example agreements, a temporary database and socket, driven by tallyctl.
set -euo pipefail
bin=${1:-.build/debug}
root=$(cd "$(dirname "$0")/.." && pwd)
# Where the signed acceptance record's documents are written; kept after the demo (make demo DEMO_OUTPUT=DIR).
out=${2:-$root/demo-output}
work=$(mktemp -d /tmp/tally-demo.XXXXXX)
daemon=""
server=""
cleanup() {
  if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then kill -TERM "$daemon"; wait "$daemon" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The example configuration, with its socket and database moved into the temporary directory.
sed -e "s|^socket *=.*|socket = \"$work/io.tally\"|" \
    -e "s|^database *=.*|database = \"$work/tally.sqlite\"|" \
    -e "s|^agreements_dir *=.*|agreements_dir = \"$work/agreements.d\"|" \
    -e "s|^# mail_from *= *\(\"[^\"]*\"\).*|mail_from = \1|" \
    "$root/config/tally.toml" > "$work/tally.toml"

# The example feeds (examples/feeds), served on a loopback port as a publisher's site serves its RSS: their
# dates are written relative to today, so the demo's items are always recent.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/site/rss" "$work/site/atom"
python3 - "$root/examples/feeds" "$work/site" <<'PY'
import datetime, re, sys, zoneinfo
today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).date()
def day(n): return today - datetime.timedelta(days=int(n))
for name, target in [("nhandan-dia-phuong.rss", "rss/dia-phuong.rss"), ("nhandan-thoi-su.atom", "atom/thoi-su.atom")]:
    text = open(f"{sys.argv[1]}/{name}", encoding="utf-8").read()
    text = re.sub(r"\{\{DATE822:(\d+)\}\}", lambda m: day(m[1]).strftime("%a, %d %b %Y"), text)
    text = re.sub(r"\{\{DATE:(\d+)\}\}", lambda m: day(m[1]).isoformat(), text)
    open(f"{sys.argv[2]}/{target}", "w", encoding="utf-8").write(text)
PY
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >"$work/http.log" 2>&1 &
server=$!
# The example agreements, the Đà Nẵng one reading two of those feeds: the local section (only what names the
# city, advertising left out) and the news section, in which one article of the first appears again.
cp -r "$root/config/agreements.d" "$work/agreements.d"
cat >>"$work/agreements.d/20-nhan-dan-da-nang.toml" <<TOML

[[feed]]
id      = "dia-phuong"
url     = "http://127.0.0.1:$port/rss/dia-phuong.rss"
outlet  = "Nhân Dân điện tử"
match   = ["Đà Nẵng"]
exclude = ["quảng cáo"]
every   = "5m"

[[feed]]
id      = "thoi-su"
url     = "http://127.0.0.1:$port/atom/thoi-su.atom"
outlet  = "Nhân Dân điện tử"
match   = ["Đà Nẵng"]
TOML
export TALLY_SOCKET="$work/io.tally"
ctl() { echo; echo "\$ tallyctl $*"; "$bin/tallyctl" "$@"; }

"$bin/tallyctl" validate "$work/tally.toml"
"$bin/tallyd" --config "$work/tally.toml" 2>"$work/tallyd.log" &
daemon=$!
for _ in $(seq 100); do [ -S "$TALLY_SOCKET" ] && break; sleep 0.1; done
[ -S "$TALLY_SOCKET" ] || { cat "$work/tallyd.log"; echo "tallyd did not start" >&2; exit 1; }

# A first install: every agreement is new, so onboarding holds its alerts (no storm of BEHIND and stale
# before the history is imported); the status says until when.
echo; echo "\$ tallyctl status | grep -E '^●|alerts held'"
{ "$bin/tallyctl" status || true; } | grep -E '^●|alerts held' || true
ctl alerts
ctl import "$root/config/deliveries-example.csv"
echo "(the import released the hold of the agreements it brought deliveries for: what is still bad is alerted now)"
ctl alerts
ctl agreements
ctl record nhan-dan-da-nang-2026 --kind article --published yesterday --outlet "Báo Nhân Dân điện tử" \
    --title "Đà Nẵng khởi công tuyến metro số 1" --url "https://example.vn/da-nang/metro-1" --tag do-thi || true
ctl status || true      # exit 2 or 3 when something is at risk or behind: that is the point of the demo

# Deliveries that record themselves (SPEC §10): fetch the feeds, review the candidates, accept two.
echo; echo "\$ tallyctl status nhan-dan-da-nang-2026 | grep -E 'tin-thoi-su|inbox'"
{ "$bin/tallyctl" status nhan-dan-da-nang-2026 || true; } | grep -E 'tin-thoi-su|inbox' || true
ctl fetch
ctl feeds
ctl inbox
ids=$("$bin/tallyctl" inbox --json | python3 -c 'import json, sys; print(" ".join(str(c["id"]) for c in json.load(sys.stdin)["candidates"][:2]))')
ctl inbox accept $ids
ctl inbox
echo; echo "\$ tallyctl status nhan-dan-da-nang-2026 | grep -E 'tin-thoi-su|inbox'"
{ "$bin/tallyctl" status nhan-dan-da-nang-2026 || true; } | grep -E 'tin-thoi-su|inbox' || true
ctl fetch --force     # fetched again at once: the server answers 304 Not Modified, nothing new
ctl show ttxvn-vinh-long-2025
ctl check --at 2026-12-31 --json >/dev/null && echo "(what-if at 2026-12-31 evaluated, nothing changed)"
ctl report --period previous-month --format text || true
# The same report as the mail tally-report.service sends on the 1st (SPEC §11), written instead of sent.
ctl report ttxvn-vinh-long-2025 --period previous-month --mail-dry-run "$work/outbox" --config "$work/tally.toml"
python3 - "$work/outbox/ttxvn-vinh-long-2025.eml" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
for name in ("From", "To", "Subject", "Date", "Message-ID"):
    print(f"  {name}: {m[name]}")
print("  parts: " + ", ".join(p.get_content_type() + (f" ({p.get_filename()})" if p.get_filename() else "")
                            for p in m.walk() if not p.is_multipart()))
PY

# Acceptance and settlement (SPEC §12): the agreements are priced. Vĩnh Long's first quarter with deliveries,
# 2025-Q3, is drafted (in English here), signed (this user runs the demo's tallyd, so may sign), shown as signed,
# paid; then the liquidation statement, and the record as the documents the parties print and keep.
ctl accept draft ttxvn-vinh-long-2025 --period 2025-Q3 --lang en
ctl accept sign ttxvn-vinh-long-2025 --period 2025-Q3 --number 01/BB-NT --date 10/10/2025 \
    --signer-a "Nguyễn Văn An, Phó Chủ tịch UBND tỉnh" --signer-b "Trần Thị Bình, Giám đốc Trung tâm Thông tin"
ctl accept show ttxvn-vinh-long-2025 01/BB-NT
ctl payment record ttxvn-vinh-long-2025 --amount 28512000 --date 20/10/2025 --reference "UNC 1025/KBNN" --record 01/BB-NT
ctl settle ttxvn-vinh-long-2025
mkdir -p "$out"
formats="html docx xlsx"
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
  formats="$formats pdf"
fi
for format in $formats; do
  ctl accept show ttxvn-vinh-long-2025 01/BB-NT --format "$format" --output "$out/01-BB-NT.$format"
done

echo
echo "tallyd log ($work/tallyd.log, or the journal when journald runs):"
tail -n 5 "$work/tallyd.log" || true

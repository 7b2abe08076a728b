#!/usr/bin/env bash
# make demo: the real daemon on the example agreements, a temporary database and socket, driven by tallyctl.
set -euo pipefail
bin=${1:-.build/debug}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/tally-demo.XXXXXX)
daemon=""
cleanup() {
  if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then kill -TERM "$daemon"; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The example configuration, with its socket and database moved into the temporary directory.
sed -e "s|^socket *=.*|socket = \"$work/io.tally\"|" \
    -e "s|^database *=.*|database = \"$work/tally.sqlite\"|" \
    -e "s|^agreements_dir *=.*|agreements_dir = \"$root/config/agreements.d\"|" \
    "$root/config/tally.toml" > "$work/tally.toml"
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
ctl show ttxvn-vinh-long-2025
ctl check --at 2026-12-31 --json >/dev/null && echo "(what-if at 2026-12-31 evaluated, nothing changed)"
ctl report --period previous-month --format text || true
echo
echo "tallyd log ($work/tallyd.log, or the journal when journald runs):"
tail -n 5 "$work/tallyd.log" || true

#!/bin/bash
# Checks an installed tree: `systemd-analyze verify` of the units (any output is a failure),
# `systemd-analyze security --offline` of each service against its maximum exposure, and that
# tally.catalog explains every MESSAGE_ID of the sources in English and Vietnamese.
# usage: verify-units.sh DESTDIR UNITDIR "SERVICE=MAX_EXPOSURE_x10 …" UNIT...
#   e.g. verify-units.sh D /usr/local/lib/systemd/system "tallyd.service=15 tally-fetch.service=25" tallyd.service …
set -euo pipefail
D=$1 UNITDIR=$2 LIMITS=$3; shift 3
cd "$(dirname "$0")/.."

# The tree alone has no sysinit.target & co.: verify in a copy of it beside the host's units.
V=$(mktemp -d /tmp/tally-verify-root.XXXXXX)
trap 'rm -rf "$V"' EXIT
mkdir -p "$V/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$V/usr/lib/systemd/"
cp -a "$D/." "$V/"

failed=0
paths=()
for u in "$@"; do paths+=("$V$UNITDIR/$u"); done
out=$(systemd-analyze verify --root="$V" --man=no "${paths[@]}" 2>&1) || failed=1
if [ -n "$out" ] || [ $failed = 1 ]; then
  echo "$out" | sed "s|$V||g"; echo "FAIL: systemd-analyze verify ($*)"; failed=1
else
  echo "PASS: systemd-analyze verify --root=DESTDIR --man=no: $* clean"
fi

for limit in $LIMITS; do
  unit=${limit%=*} max=${limit#*=}
  if sec=$(systemd-analyze security --offline=true --root="$V" --threshold="$max" --no-pager \
      "$V$UNITDIR/$unit" 2>&1); then
    echo "PASS: $(echo "$sec" | grep "Overall exposure level" | sed "s/^→ //") (at most $((max / 10)).$((max % 10)))"
  else
    echo "$sec" | grep -v '^✓'; echo "FAIL: systemd-analyze security $unit above $((max / 10)).$((max % 10))"; failed=1
  fi
done

# Every messageID in the sources has an English and a Vietnamese catalog entry, and no entry is
# for an id the sources do not use.
# CATALOGDIR from the Makefile: with PREFIX=/usr the units are in /lib/systemd/system, the catalog in /usr/lib.
catalog="$V${CATALOGDIR:-$(dirname "$UNITDIR")/catalog}/tally.catalog"
ids=$(grep -rhoE 'case \.[A-Za-z]+: "[0-9a-f]{32}"' Sources/TallyCore/Alert.swift Sources/TallyDaemon \
  | grep -oE '[0-9a-f]{32}' | sort -u)
entries=$(grep -oE '^-- [0-9a-f]{32}( vi)?$' "$catalog" | sort)
missing=0
for id in $ids; do
  for suffix in "" " vi"; do
    grep -qx -- "-- $id$suffix" <<<"$entries" || { echo "catalog: no entry '-- $id$suffix'"; missing=1; }
  done
done
for id in $(grep -oE '[0-9a-f]{32}' <<<"$entries" | sort -u); do
  grep -qx "$id" <<<"$ids" || { echo "catalog: entry $id is for no MESSAGE_ID in the sources"; missing=1; }
done
if [ $missing = 0 ] && [ -n "$ids" ]; then
  echo "PASS: tally.catalog explains all $(wc -w <<<"$ids") MESSAGE_IDs in en and vi"
else
  echo "FAIL: tally.catalog does not match the MESSAGE_IDs of the sources"; failed=1
fi
exit $failed

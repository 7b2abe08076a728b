#!/usr/bin/env bash
# make bench: release binaries, the generated installation (cached in .bench/), then every figure of issue 15
# (benchmarks/bench.py; the full mode takes up to 20 minutes on 2 cores once the installation is cached).
#   BENCH_DIR=.bench   where the generated data and the loaded database are kept (gitignored)
#   BENCH_QUICK=1      fewer repetitions, no 2 M-row import (a smoke run; RESULTS.md holds full runs)
#   BENCH_BASE_BIN=DIR another build's tallyd and tallyctl, for "before" columns (e.g. one from before issue 15)
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
BENCH_DIR=${BENCH_DIR:-.bench}
mkdir -p "$BENCH_DIR"

# Release binaries as `make install` ships them: --static-swift-stdlib, built in their own scratch path
# (.build-bench/) so the development build in .build/ is not relinked. BENCH_DYNAMIC=1 measures a plain
# release build in .build/ instead (process start-up is slower with the shared Swift libraries).
# BENCH_BIN=DIR measures binaries built elsewhere (e.g. a baseline for before/after figures).
flags=(-c release --static-swift-stdlib --scratch-path .build-bench)
[ -n "${BENCH_DYNAMIC:-}" ] && flags=(-c release)
if [ -n "${BENCH_BIN:-}" ]; then
  BIN=$BENCH_BIN
else
  $SWIFT build "${flags[@]}" --product tallyd >&2
  $SWIFT build "${flags[@]}" --product tallyctl >&2
  BIN=$($SWIFT build "${flags[@]}" --show-bin-path)
fi

# Regenerate only when the generator changed (its hash names the data).
hash=$(sha256sum benchmarks/generate.py | cut -c1-12)
data="$BENCH_DIR/data-$hash"
if [ ! -f "$data/NOW" ]; then
  echo "generating the installation into $data (once; about a minute)" >&2
  rm -rf "$BENCH_DIR"/data-* "$BENCH_DIR"/work-*
  rm -rf "$data.tmp"
  python3 benchmarks/generate.py "$data.tmp" && mv "$data.tmp" "$data"
fi
"$BIN/tallyctl" validate "$data/config/tally.toml" >/dev/null

# Row 7's floor: swift-argument-parser alone, parsing the same arguments in a static program (benchmarks/argument-floor).
floor_flags=(-c release --static-swift-stdlib --package-path benchmarks/argument-floor --scratch-path .build-bench/argument-floor)
$SWIFT build "${floor_flags[@]}" >&2
floor="$($SWIFT build "${floor_flags[@]}" --show-bin-path)/argument-floor"

options=(--floor "$floor")
[ -n "${BENCH_QUICK:-}" ] && options+=(--quick)
[ -n "${BENCH_BASE_BIN:-}" ] && options+=(--base "$BENCH_BASE_BIN")
python3 benchmarks/bench.py "$BIN" "$data" "$BENCH_DIR/work-$hash" "${options[@]}"

#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS, then merges what it found into the kept corpus.
#
#   fuzz/run.sh varlink|config|csv|feed [SECONDS]
#
# New inputs go to fuzz/.work/TARGET (not kept); at the end `-merge=1` copies into
# fuzz/corpus/TARGET only those that add coverage. A crash leaves its input in
# fuzz/artifacts/TARGET/ and makes this script fail. The log is fuzz/.work/TARGET.log.
set -euo pipefail
extra=
cd "$(dirname "$0")"
target=$1
seconds=${2:-600}
case $target in
  varlink) binary=FuzzVarlink; max_len=4096 ;;
  # CTOML (TOMLKit 0.6.0's C layer) offers no way to delete a parsed document's root table object, ~100
  # bytes a parse, which stopped every run at once. TOMLDocument frees it since session 10 (see its deinit and
  # benchmarks/FUZZ.md); leak detection stays off here until a run with it on has been recorded.
  config)  binary=FuzzConfig;  max_len=4096; extra=-detect_leaks=0; export ASAN_OPTIONS=detect_leaks=0 ;;
  csv)     binary=FuzzCSV;     max_len=1024 ;;
  # Room for a whole seed feed (the fixtures are up to 2.6 KB). FoundationXML leaks the CFString of every
  # libxml2 error it reports (_CFErrorCreateFromXMLInterface, see benchmarks/FUZZ.md): not tally's, and it
  # would stop every run on the first malformed input.
  feed)    binary=FuzzFeed;    max_len=8192; extra=-detect_leaks=0; export ASAN_OPTIONS=detect_leaks=0 ;;
  *) echo "unknown target $target; targets are varlink, config, csv, feed" >&2; exit 2 ;;
esac
fuzzer=.build/release/$binary
# A Swift trap must reach libFuzzer as a plain crash, not go through the runtime's backtracer.
export SWIFT_BACKTRACE=enable=no
mkdir -p "corpus/$target" ".work/$target" "artifacts/$target"
log=.work/$target.log
echo "fuzz $target: $seconds s, log $log" >&2
status=0
# -max_len keeps mutations small (the seeds are truncated to it); big inputs only slow the search.
"$fuzzer" ".work/$target" "corpus/$target" -max_len="$max_len" -max_total_time="$seconds" \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 -timeout=10 $extra >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+DONE|^stat::|ERROR|Test unit written' "$log" >&2 || true
"$fuzzer" -merge=1 "corpus/$target" ".work/$target" >".work/$target.merge.log" 2>&1
echo "fuzz $target: kept corpus $(ls "corpus/$target" | wc -l) files, $(du -sh "corpus/$target" | cut -f1)" >&2
exit $status

#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs one libFuzzer target of tests/fuzz/fuzz.mk.
# Usage: run.sh MODE DIR TARGET SECONDS "LIBFUZZER OPTIONS" SEED...
#   MODE fuzz:   fuzz for SECONDS, keeping new inputs in DIR/TARGET/corpus
#                (make fuzz-TARGET); fails on any crash, leak, timeout or
#                sanitizer report, the input in DIR/TARGET/crash-*.
#   MODE replay: run every seed and every regression input
#                (tests/fuzz/regress/TARGET/*) once.
#   MODE smoke:  fuzz for SECONDS from the seeds, in a scratch corpus.
# The last line of the output is "TARGET: N executions" (or the error).
mode=$1; dir=$2; target=$3; secs=$4; opts=$5; shift 5
bin=$dir/fuzz_$target
work=$dir/$target
mkdir -p "$work/seeds" "$work/corpus"
# One flat directory of seeds, each named after its path (the same base
# name can come from two directories).
rm -f "$work/seeds/"*
for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$work/seeds/$(printf '%s' "$f" | tr '/' '_')"
done
regress=tests/fuzz/regress/$target
log=$work/$mode.log
# shellcheck disable=SC2086
case $mode in
fuzz)
    echo "  FUZZ    $target for $secs s (log: $log)"
    nice "$bin" $opts -max_total_time="$secs" -artifact_prefix="$work/" \
        "$work/corpus" "$work/seeds" $( [ -d "$regress" ] && echo "$regress" ) > "$log" 2>&1
    status=$? ;;
replay)
    files=$(ls "$work/seeds/"* "$regress"/* 2>/dev/null)
    [ -n "$files" ] || { echo "$target: no seeds"; exit 1; }
    nice "$bin" $opts $files > "$log" 2>&1
    rc=$?
    status=$rc
    echo "$target: $(grep -c '^Executed ' "$log") inputs replayed" ;;
smoke)
    scratch=$work/smoke-corpus
    rm -rf "$scratch"; mkdir -p "$scratch"
    nice "$bin" $opts -max_total_time="$secs" -artifact_prefix="$work/" \
        "$scratch" "$work/seeds" $( [ -d "$regress" ] && echo "$regress" ) > "$log" 2>&1
    status=$?
    rm -rf "$scratch" ;;
esac
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
if [ "$status" -ne 0 ]; then
    echo "$target: failed, see $log:"
    grep -m5 -E '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error|ALARM|Test unit written|[^ ]*: error)' "$log"
    exit 1
fi
[ "$mode" = replay ] || echo "$target: ${runs:-0} executions in $secs s"
exit 0

#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs one test suite and keeps its TAP-style result lines.
# Usage: run-suite.sh NAME TIMEOUT_SECONDS COMMAND...
# The command prints "ok N - name" / "not ok N - name" lines and may print a
# plan "1..N" first; a test that cannot run here (its data is absent) adds a
# TAP "# SKIP" directive to its line, which scripts/summarize.sh counts as
# skipped.  The suite's log goes to build/results/NAME.log; a
# timeout, a non-zero exit or missing planned results each add a failure.
name=$1; limit=$2; shift 2
mkdir -p build/results
log=build/results/$name.log
timeout --foreground -k 5 "$limit" "$@" > "$log" 2>&1
status=$?
# cmocka reports a skipped test as "not ok N # SKIP name": written the TAP
# way, "ok N - name # SKIP".
sed -i -E 's/^not ok ([0-9]+) # SKIP (.*)$/ok \1 - \2 # SKIP/' "$log"
grep -E '^(not )?ok ' "$log" | sed "s/^/[$name] /"
plan=$(grep -m1 -E '^1\.\.[0-9]+' "$log" | sed 's/^1\.\.//')
seen=$(grep -c -E '^(not )?ok ' "$log")
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "not ok - $name: timed out after ${limit}s" | tee -a "$log"
elif [ "$status" -ne 0 ]; then
    echo "not ok - $name: exited with status $status" | tee -a "$log"
fi
if [ "$seen" -eq 0 ]; then
    echo "not ok - $name: reported no results" | tee -a "$log"
elif [ -n "$plan" ] && [ "$seen" -lt "$plan" ]; then
    echo "not ok - $name: $((plan - seen)) planned tests never reported" | tee -a "$log"
fi
exit 0

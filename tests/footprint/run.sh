#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The footprint suite: for every system, kmem's figures for its system.cdl
# equal what the running system reports, the measured boot peak is at
# least idle, and with a memory owner RAM minus what it can allocate is
# exactly kernel + idle + what the rootserver says is held besides
# (scripts/footprint.sh check); the comparisons themselves are shown to
# fail when the figures differ.
# Usage: run.sh SYSTEM...      (the first one also serves the self-tests)
# Prints TAP.
fp=scripts/footprint.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..$(( $# * 4 + 5 ))"
"$fp" check "$@" | grep -v '^1\.\.'
n=$(( $# * 4 ))
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# Self-tests on the first system's real figures.
first=$1
"$fp" log "$first" > "$tmp/log"; logged=$?
# every self-test needs a real boot log to start from
[ $logged = 0 ] && [ -s "$tmp/log" ]; have_log=$?
"${KMEM:-build/bin/kmem}" --csv --arch mote "build/$first/system.cdl" > "$tmp/csv"
"$fp" compare "$tmp/csv" "$tmp/log" > /dev/null
r=$?; [ $have_log = 0 ] && [ $r = 0 ]; tap $? "compare: $first's own figures agree"
# one kind of one component off by a page, total unchanged elsewhere
awk '!done && /^rootserver: mem / && $3 != "total" && / data=/ {
        sub(/ data=[0-9]+/, " data=" 0); done = 1 } { print }' "$tmp/log" > "$tmp/log.kind"
"$fp" compare "$tmp/csv" "$tmp/log.kind" > "$tmp/out"
r=$?; [ $have_log = 0 ] && [ $r = 1 ] && grep -q ' data: kmem' "$tmp/out"
tap $? "compare: a wrong kind is caught"
grep -v '^rootserver: mem system ' "$tmp/log" > "$tmp/log.row"
"$fp" compare "$tmp/csv" "$tmp/log.row" > "$tmp/out"
r=$?; [ $have_log = 0 ] && [ $r = 1 ] && grep -q '^# system: kmem' "$tmp/out"
tap $? "compare: a missing row is caught"
# The RAM identity on the default system (it has the memory manager):
# it holds, and a page the memory manager could not allocate is caught.
"$fp" log default > "$tmp/dlog"; dlogged=$?
"${KMEM:-build/bin/kmem}" --csv --arch mote build/default/system.cdl > "$tmp/dcsv"
"$fp" ram "$tmp/dcsv" "$tmp/dlog" > /dev/null
r=$?; [ $dlogged = 0 ] && [ $r = 0 ]; tap $? "ram: default's RAM minus free = kernel + idle + held"
awk '/^memory_manager: free / { $3 -= 4096 } { print }' "$tmp/dlog" > "$tmp/dlog.free"
"$fp" ram "$tmp/dcsv" "$tmp/dlog.free" > "$tmp/out"
r=$?; [ $dlogged = 0 ] && [ $r = 1 ] && grep -q '^# ram_used' "$tmp/out"
tap $? "ram: a page missing from the memory manager is caught"

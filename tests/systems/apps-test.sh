#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The application platform, driven through the console of the appstest
# system (the default assembly with more builtins: tests/systems/apps.mk):
# every application installed, started, checked, stopped and uninstalled;
# eight at once; a fault contained; the quota refusal; each malformed
# bundle refused with its own error and nothing allocated; 1,000
# start/stop cycles with the memory manager's figures the same after.
# Usage: apps-test.sh IMAGE     Prints TAP.  Each run has its own disk.
img=${1:-build/images/appstest.elf}
LIMIT=${SYSTEM_TEST_TIMEOUT:-30}
. "$(dirname "$0")/../lib/console.sh"

# A blank disk of our own (formatted at the prompt): installed bundles
# and the applications' key-value pairs live in the store on it.
boot() { truncate -s 4M "$work/disk.img"; boot_fifo "$1" $(disk_args "$work/disk.img"); }
# Application lines may follow the prompt on its line: their patterns
# have no ^.
# mstats_now FILE: the memory manager's figures (high-water mark aside)
mstats_now() {
    local b; b=$(count '^high_water_bytes')
    local mark; mark=$(wc -l < "$work/out")
    send "mstats"; wait_for $((b + 1)) '^high_water_bytes'; sleep 0.5
    tail -n +$((mark + 1)) "$work/out" | tr -d '\r' |
        grep -E '^(allocated_bytes|free_bytes|requested_bytes|overhead_bytes|allocated_objects|kind|owner) ' > "$1"
}

# NAME OUTPUT-PATTERN STATUS-PATTERN: one application's whole life
life() {
    expect "install $1" "mote> " > /dev/null
    expect "start $1" "$2" 20; local r1=$?
    sleep 0.5
    expect "status $1" "^$1: $3"; local r2=$?
    [ "$3" = running ] && { send "stop $1"; expect "status $1" "^$1: stopped"; r2=$((r2 + $?)); }
    send "uninstall $1"
    expect "bundles" "mote> " > /dev/null; sleep 0.3
    ! tail -3 "$work/out" | grep -q "^$1\$"; local r3=$?
    [ $r1 = 0 ] && [ $r2 = 0 ] && [ $r3 = 0 ]
    tap $? "$1: install, start ($2), status $3, stop, uninstall"
}

FIBS="fibonacci fib2 fib3 fib4 fib5 fib6 fib7 fib8"

eight_at_once() {
    for f in $FIBS; do send "install $f"; sleep 0.2; done
    for f in $FIBS; do send "start $f"; sleep 0.2; done
    local ok=0
    for f in $FIBS; do wait_for 1 "\[$f\] fib(3) = 2" || ok=1; done
    tap $ok "eight applications at once, each at its own priority, all logging"
    ok=0
    for f in $FIBS; do expect "status $f" "^$f: running" || ok=1; done
    tap $ok "eight applications: status running"
    local before; before=$(count '\[fib[0-9]*\] fib(')
    send "fault"; sleep 1
    expect "status panic" "^panic: faulted vm_fault addr=0x0 cause=15 pc=0x"; local r=$?
    expect "echo still here" "^still here"; local c=$?
    wait_for $((before + 8)) '\[fib[0-9]*\] fib('; local g=$?
    [ $r = 0 ] && [ $c = 0 ] && [ $g = 0 ]
    tap $? "a faulting application is contained: status faulted, the console answers, the others go on"
    for f in $FIBS; do send "stop $f"; sleep 0.1; send "uninstall $f"; sleep 0.1; done
    send "uninstall panic"; sleep 0.5
}

malformed() {
    local before; mstats_now "$work/m0"
    local msgs=
    for k in truncated machine class overlap window wx absurd manifest; do
        expect "install bad_$k" "^install: bad_$k: invalid bundle: "
        local m; m=$(grep "^install: bad_$k: invalid bundle: " "$work/out" | tail -1 | sed 's/^[^:]*: [^:]*: //')
        msgs="$msgs$m
"
    done
    mstats_now "$work/m1"
    local distinct; distinct=$(printf '%s' "$msgs" | sed 's/ (phdr.*//' | sort -u | grep -c .)
    [ "$distinct" = 8 ]; tap $? "eight malformed bundles refused, each with its own error ($distinct distinct)"
    cmp -s "$work/m0" "$work/m1"; tap $? "malformed bundles: the memory manager's figures unchanged"
    grep -q '^allocated_bytes ' "$work/m0"; tap $? "mstats: allocated_bytes N alone on a line"
}

cycles() {
    for a in hello fibonacci timer keyval; do send "install $a"; sleep 0.2; done
    mstats_now "$work/c0"
    expect "test_cycles 1000 hello fibonacci timer keyval" "^test_cycles: " 300
    grep -q '^test_cycles: 1000 of 1000 cycles' "$work/out"; local r=$?
    mstats_now "$work/c1"
    [ $r = 0 ] && cmp -s "$work/c0" "$work/c1"
    tap $? "1,000 start/stop cycles of four applications: mstats identical before and after"
    [ $? = 0 ] || diff "$work/c0" "$work/c1" | sed 's/^/# /' | head
}

# The commands' words: bad or missing ones print the usage and run
# nothing; a name too long for the process manager is refused, not cut
# (to the first 31 characters, which may name another application).
arguments() {
    local r=0 long=hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh ran; ran=$(count '^test_cycles: ')
    for c in "test_cycles" "test_cycles 3" "test_cycles x timer" "test_cycles -1 timer" \
             "test_cycles 100001 timer"; do
        expect "$c" "^usage: test_cycles N NAME\.\.\.$" || { r=1; echo "# $c"; }
    done
    [ "$(count '^test_cycles: ')" = "$ran" ] || r=1
    tap $r "test_cycles: no N, no name, a bad N or one over 100000: usage, nothing run"
    r=0
    for c in status test_started "bundles x" "builtins x" "mstats x" "fault x" "start a b" \
             "install a b"; do
        expect "$c" "^usage: ${c%% *}" || { r=1; echo "# $c"; }
    done
    tap $r "status, test_started without a name, extra words to the others: usage"
    check "start $long" "^start: name longer than 31 characters$" \
          "start: a 40-character name is refused, not cut"
}

# Ctrl-C ends test_cycles between two cycles (the count so far said).
cycles_interrupted() {
    send "install hello"; sleep 0.2
    send "test_cycles 100000 hello"; sleep 2; printf '\003' >&3
    wait_for 1 '^test_cycles: [0-9]* of 100000 cycles$' 20; local r=$?
    local done; done=$(last '^test_cycles: [0-9]* of 100000' | cut -d' ' -f2)
    [ $r = 0 ] && [ "${done:-100000}" -lt 100000 ] && expect "status hello" "^hello: stopped$"
    tap $? "test_cycles: Ctrl-C stops it between cycles ($done done), hello left stopped"
    send "uninstall hello"; sleep 0.3
}

# loglevel applies to applications' lines as to the components': at
# error, logtest's warn/info/debug/trace lines are not shown.
app_loglevel() {
    expect "loglevel error" "^log level error$" > /dev/null
    local before; before=$(count 'logtest: a line at level')
    life logtest '\[logtest error\] logtest: a line at level 1' "exited 0"
    local after; after=$(count 'logtest: a line at level')
    expect "loglevel info" "^log level info$" > /dev/null
    [ $((after - before)) = 1 ]
    tap $? "loglevel error: an application's debug, trace, info and warn lines are not shown"
}

echo "1..24"
if [ ! -f "$img" ]; then echo "Bail out! no image $img"; exit 1; fi
boot "$img"
wait_for 1 'mote> '; tap $? "appstest: boots to the prompt"
expect "format" "^format: done" > /dev/null || echo "# format failed: key-value steps will fail"
expect "builtins" "^bad_manifest"; tap $? "builtins lists the archive's bundles"
mstats_now "$work/s0"
life hello '\[hello\] hello, world' "exited 0"
life logtest '\[logtest\] logtest: done' "exited 0"
life keyval '\[keyval\] keyval: all steps passed' "exited 0"
life timer '\[timer\] timer: .*quiet' "exited 0"
life hog '\[hog\] hog: got 8 pages, then refused: not enough memory (quota)' "exited 0"
life panic '\[panic warn\] panic: about to write' "faulted vm_fault"
life fibonacci '\[fibonacci\] fib(3) = 2' running
app_loglevel
mstats_now "$work/s1"
cmp -s "$work/s0" "$work/s1"; tap $? "every application gone: the figures equal those before, to the byte"
expect "start nosuchapp" "^start: nosuchapp: not installed"; tap $? "errors name what went wrong"
eight_at_once
malformed
cycles
arguments
cycles_interrupted
stop

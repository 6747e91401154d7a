#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Boots the example systems and the default system in QEMU and checks them
# through the serial console; prints TAP lines.
# Usage: system-test.sh IMAGE_DIR [NAME...]   (the names: examples and/or
# "default"; all of them by default)
# Each example prints PASS:/FAIL: lines; it passes when the expected number
# of PASS lines appears, with no FAIL line, before the timeout.  The
# default system is driven like a person would: commands typed at the
# `mote> ` prompt, answers checked.
dir=${1:-build/images}
QEMU=${QEMU:-qemu-system-riscv64}
# The default system drives two virtio entropy devices: the Makefile's
# QEMU_FLAGS bring them (QEMU_DEVICES); so does this fallback.
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio -device virtio-rng-device -device virtio-rng-device}
LIMIT=${SYSTEM_TEST_TIMEOUT:-30}
work=$(mktemp -d)
trap 'stop; rm -rf "$work"' EXIT
n=0

# example name : PASS lines it prints
EXAMPLES="rpcbasic:8 rpcmany:3 rpcshared:21 notify:9 dataport:2 hwirq:5 sharedirq:3 captransfer:7 fault:2 fpu:2 compat:6"

tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# QEMU with its console on a FIFO (input) and a log file (output).
boot() {
    rm -f "$work/in" "$work/out"; mkfifo "$work/in"; : > "$work/out"
    $QEMU $QEMU_FLAGS -kernel "$1" < "$work/in" > "$work/out" 2>&1 &
    qpid=$!
    exec 3> "$work/in"
}
stop() {
    exec 3>&- 2>/dev/null
    [ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
    qpid=
}
# wait_for COUNT PATTERN: until COUNT lines match (or a FAIL line, or timeout)
wait_for() {
    local end=$((SECONDS + LIMIT))
    while [ $SECONDS -lt $end ]; do
        [ "$(grep -c -- "$2" "$work/out")" -ge "$1" ] && return 0
        grep -q '^FAIL:' "$work/out" && return 1
        kill -0 "$qpid" 2>/dev/null || { [ "$(grep -c -- "$2" "$work/out")" -ge "$1" ]; return; }
        sleep 0.2
    done
    return 1
}
send() { printf '%s\r' "$1" >&3; }

example() {
    local name=${1%%:*} want=${1##*:}
    if [ ! -f "$dir/$name.elf" ]; then tap 1 "$name: no image $dir/$name.elf"; return; fi
    boot "$dir/$name.elf"
    wait_for "$want" '^PASS:'; local r=$?
    sleep 0.3
    stop
    local got; got=$(grep -c '^PASS:' "$work/out")
    [ $r = 0 ] && grep -q '^FAIL:' "$work/out" && r=1
    tap $r "$name: $got of $want PASS lines$(grep -m1 '^FAIL:' "$work/out" | sed 's/^/, first /')"
    [ $r = 0 ] || sed 's/^/# /' "$work/out" | tail -20
    [ "$name" = hwirq ] && sleeps_overlap
}

# hwirq: the client's three short sleeps end while the sleeper's long one,
# called first, still waits: the timer service defers its replies (one
# that answered sleeps in turn would end the long one first).
sleeps_overlap() {
    local short long
    short=$(grep -n '^PASS: sleep 3' "$work/out" | head -1 | cut -d: -f1)
    long=$(grep -n '^PASS: long sleep' "$work/out" | head -1 | cut -d: -f1)
    [ -n "$short" ] && [ -n "$long" ] && [ "$short" -lt "$long" ]
    tap $? "hwirq: short sleeps end during an earlier long one (deferred replies)"
}

# command TEXT PATTERN DESCRIPTION: type TEXT, expect PATTERN in the answer.
command() {
    local before; before=$(grep -c -- "$2" "$work/out")
    send "$1"
    wait_for $((before + 1)) "$2"
    tap $? "default: $3"
}

# random_twice: `random` answers one line per entropy device, 16 bytes
# and the interrupts that device has delivered; asked twice, both
# devices must answer both times and both counts must grow: two IRQs on
# one notification, both served by shared_irq_driver's control thread.
RNG_LINE='^rng[01] irq [0-9]*: [0-9a-f]\{32\} ([0-9]* interrupts)'
random_twice() {
    local before; before=$(grep -c -- "$RNG_LINE" "$work/out")
    send "random"; wait_for $((before + 2)) "$RNG_LINE"; local r1=$?
    send "random"; wait_for $((before + 4)) "$RNG_LINE"; local r2=$?
    [ $r1 = 0 ] && [ $r2 = 0 ]; tap $? "default: random: bytes from both virtio entropy devices, twice"
    local c; c=$(grep -- "$RNG_LINE" "$work/out" | tail -4 | sed 's/^rng\([01]\).*(\([0-9]*\) interrupts).*/\1:\2/' | tr '\n' ' '); c=${c% }
    # c = "0:a 1:b 0:c 1:d" -> c > a >= 1 and d > b >= 1
    set -- $c
    local a=${1#0:} b=${2#1:} cc=${3#0:} d=${4#1:}
    [ "${1%%:*}${2%%:*}${3%%:*}${4%%:*}" = 0101 ] && [ "$a" -ge 1 ] && [ "$b" -ge 1 ] \
        && [ "$cc" -gt "$a" ] && [ "$d" -gt "$b" ]
    tap $? "default: random: both devices' interrupt counts grow ($c)"
}

default_system() {
    if [ ! -f "$dir/default.elf" ]; then tap 1 "default: no image"; return; fi
    boot "$dir/default.elf"
    wait_for 1 'mote> '; tap $? "default: boots to the prompt"
    command "help" "^mstats .*memory manager" "help lists the commands"
    command "echo hello from the test" "^hello from the test" "echo"
    command "mem" "^debug_console: .* threads" "mem"
    command "ps" "control" "ps"
    command "log hi logger" "^\[log [0-9.]*\] console: hi logger" "log goes through the logger (rpc_shared)"
    command "time" "^rtc [0-9]*\.[0-9]* s" "time from the timer service"
    random_twice
    send "fault"; sleep 1
    command "status panic" "^panic: faulted vm_fault addr=0x0 .*pc=0x" "fault: the panic application faults, contained"
    command "echo still alive" "^still alive" "the console still runs after the fault"
    command "nosuch" "nosuch: unknown command" "unknown command"
    send "exit"
    local end=$((SECONDS + LIMIT))
    while kill -0 "$qpid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
    # powered off: QEMU is gone with status 0 (a panic exits 255), after "bye"
    local status=1
    if ! kill -0 "$qpid" 2>/dev/null; then wait "$qpid"; status=$?; qpid=; fi
    [ "$status" = 0 ] && grep -q '^bye' "$work/out"; tap $? "default: exit powers off"
    stop
}

want_default=1
if [ $# -gt 1 ]; then
    shift
    pick=; want_default=0
    for name in "$@"; do
        [ "$name" = default ] && { want_default=1; continue; }
        for e in $EXAMPLES; do [ "${e%%:*}" = "$name" ] && pick="$pick $e"; done
    done
    EXAMPLES=$pick
fi
# one line per example, one more for hwirq's overlap check, 13 for default
extra=0; case " $EXAMPLES" in *" hwirq:"*) extra=1;; esac
count=$(($(echo $EXAMPLES | wc -w) + extra + 13 * want_default))
echo "1..$count"
for e in $EXAMPLES; do example "$e"; done
[ $want_default = 1 ] && default_system

#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# scripts/stack-check.sh on a small program of known frames (cases.c):
# the deepest chain found through a command table called by pointer, the
# budget from the data hole, a too-small hole and an unbounded recursion
# refused.  Prints TAP.
set -u
work=${BUILD:-build}/stackcheck
mkdir -p "$work"
X=riscv64-unknown-elf-
CC="${X}gcc -march=rv64imac -mabi=lp64 -mcmodel=medany -O0 -ffreestanding -nostdlib -static"
n=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
build() {   # OUT STACK [CFLAGS]: linked as components are (component.ld)
    $CC ${3:-} -Wl,--defsym=MT_STACK0=$2 -T lib/mote/component.ld -o "$1" tests/stackcheck/cases.c
}
echo "1..6"
build "$work/ok.elf" 2048; tap $? "the test program links with a 2 KiB stack"
out=$(scripts/stack-check.sh "$work/ok.elf" 2>&1); st=$?
tap $st "within its 2 KiB: the check passes ($out)"
# cmd_b's 900-byte buffer is the deepest chain, through the table.
echo "$out" | grep -q ' dispatch([0-9]*) cmd_b([0-9]*)$'; tap $? "the deepest chain goes through the table to cmd_b"
echo "$out" | grep -q '^stack [0-9]* of 2048 bytes'; tap $? "the budget is the hole less the IPC buffer: 2048"
build "$work/small.elf" 512
scripts/stack-check.sh "$work/small.elf" > /dev/null 2> "$work/small.err"
[ $? = 1 ] && grep -q 'error: thread stack need [0-9]* bytes exceeds the 512' "$work/small.err"
tap $? "a 512-byte stack: the check fails, naming need and budget"
build "$work/rec.elf" 2048 -DRECURSE
scripts/stack-check.sh "$work/rec.elf" > /dev/null 2> "$work/rec.err"
[ $? = 1 ] && grep -q 'recursion through again' "$work/rec.err"
tap $? "an unbounded recursion: the check fails"

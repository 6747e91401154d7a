#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make footprint: app_hello_bytes, everything a running hello costs in the
# default system, from the memory manager's own figures: what `install
# hello` allocated (its code page, shared by every run) plus the rise of
# the high-water mark while hello runs (its objects and frames; fresh
# boot, so the mark equals the bytes in use before the start).
# Usage: app-footprint.sh IMAGE     Prints NAME VALUE UNIT.
img=${1:-build/images/default.elf}
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio -device virtio-rng-device -device virtio-rng-device}
work=$(mktemp -d)
trap 'exec 3>&-; [ -n "$qpid" ] && kill $qpid 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/in"; : > "$work/out"
$QEMU $QEMU_FLAGS -kernel "$img" < "$work/in" > "$work/out" 2>&1 &
qpid=$!
exec 3> "$work/in"
wait_n() {
    local end=$((SECONDS + 60))
    while [ $SECONDS -lt $end ]; do
        [ "$(grep -c -- "$2" "$work/out")" -ge "$1" ] && return 0; sleep 0.2; done
    return 1
}
field() { tr -d '\r' < "$work/out" | sed -n "s/^$1 \([0-9]*\)$/\1/p" | sed -n "${2}p"; }
wait_n 1 'mote> ' || { echo "# no prompt"; exit 1; }
printf 'mstats\r' >&3; wait_n 1 '^high_water_bytes'
printf 'install hello\r' >&3; sleep 1
printf 'mstats\r' >&3; wait_n 2 '^high_water_bytes'
printf 'start hello\r' >&3; wait_n 1 'hello, world'; sleep 1
printf 'mstats\r' >&3; wait_n 3 '^high_water_bytes'
a0=$(field allocated_bytes 1); a1=$(field allocated_bytes 2)
h1=$(field high_water_bytes 2); h2=$(field high_water_bytes 3)
[ "$h1" = "$a1" ] || echo "# the high-water mark was above the bytes in use: figure not exact"
echo "app_hello_bytes $(( (a1 - a0) + (h2 - h1) )) B"

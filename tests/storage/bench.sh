#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench-store: the storage figures, measured by the console's
# `storebench` (components/debug_console/cmd_storage.c) on a fresh store
# in a temporary disk image, under QEMU_FLAGS (-icount shift=0 from the
# Makefile, so rdinstret counts exactly).  Prints NAME VALUE UNIT lines.
# Run twice: as `make run` attaches the disk (a flush is the host's
# fdatasync, and while the guest waits for it the idle kernel takes its
# timer ticks: they count), and with cache=unsafe (flush a no-op), whose
# kv_write_durable is printed as kv_write_cpu: the guest's own work.
image=${1:-build/images/default.elf}
QEMU=${QEMU:-qemu-system-riscv64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wait_for() {
    for _ in $(seq 300); do grep -q -- "$1" "$work/out" && return 0; sleep 0.1; done
    return 1
}
# measure CACHE: boot a fresh disk with that cache mode, format, storebench.
measure() {
    rm -f "$work/disk.img" "$work/in"
    truncate -s 4M "$work/disk.img"
    mkfifo "$work/in"
    $QEMU $QEMU_FLAGS -drive file="$work/disk.img",if=none,format=raw,id=d0,cache=$1 \
        -device virtio-blk-device,drive=d0 -kernel "$image" < "$work/in" > "$work/out" 2>&1 &
    qpid=$!
    exec 3> "$work/in"
    wait_for 'mote> ' && printf 'format\r' >&3 && wait_for '^format: done' &&
        printf 'storebench\r' >&3 && wait_for '^blk_read_4k '
    ok=$?
    printf 'exit\r' >&3; exec 3>&-
    sleep 0.5; kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null
    out=$(tr -d '\r' < "$work/out" | grep -E '^(kv_write_durable|blk_read_4k) [0-9]+ instructions$')
    [ $ok = 0 ] && [ "$(echo "$out" | grep -c .)" = 2 ] ||
    { echo "bench-store: storebench did not report its 2 figures" >&2; tail -5 "$work/out" >&2; exit 1; }
}
measure writeback && echo "$out" || exit 1
measure unsafe && echo "$out" | sed -n 's/^kv_write_durable /kv_write_cpu /p' || exit 1

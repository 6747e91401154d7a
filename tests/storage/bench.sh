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
LIMIT=30
. "$(dirname "$0")/../lib/console.sh"
# measure CACHE: boot a fresh disk with that cache mode, format, storebench.
measure() {
    rm -f "$work/disk.img"
    truncate -s 4M "$work/disk.img"
    boot_fifo "$image" $(disk_args "$work/disk.img" ",cache=$1")
    wait_for 1 'mote> ' && expect format '^format: done' && expect storebench '^blk_read_4k '
    ok=$?
    send exit; sleep 0.5; stop
    out=$(tr -d '\r' < "$work/out" | grep -E '^(kv_write_durable|blk_read_4k) [0-9]+ instructions$')
    [ $ok = 0 ] && [ "$(echo "$out" | grep -c .)" = 2 ] ||
    { echo "bench-store: storebench did not report its 2 figures" >&2; tail -5 "$work/out" >&2; exit 1; }
}
measure writeback && echo "$out" || exit 1
measure unsafe && echo "$out" | sed -n 's/^kv_write_durable /kv_write_cpu /p' || exit 1

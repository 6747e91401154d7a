#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench (bench-apps): the application platform's figures under
# -icount shift=0 (instret counts instructions): app_start, from the
# process manager getting `start bench` to the first instruction of the
# bench application's main, and sdk_call_roundtrip, a ping the runtime
# answers at once, measured inside the application (apps/bench), and
# sdk_kv_write_durable, a 64-byte key-value write on a blank disk of its
# own that it formats (a value replaced 21 times: the mean, request to
# reply in the app).
# Usage: apps-bench.sh IMAGE     Prints NAME VALUE UNIT lines.
img=${1:-build/images/default.elf}
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio -device virtio-rng-device -device virtio-rng-device}
work=$(mktemp -d)
trap 'exec 3>&-; [ -n "$qpid" ] && kill $qpid 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/in"; : > "$work/out"
truncate -s 4M "$work/disk.img"
$QEMU $QEMU_FLAGS -icount shift=0 -drive file="$work/disk.img",if=none,format=raw,id=d0 \
    -device virtio-blk-device,drive=d0 -kernel "$img" < "$work/in" > "$work/out" 2>&1 &
qpid=$!
exec 3> "$work/in"
wait_line() {
    local end=$((SECONDS + 60))
    while [ $SECONDS -lt $end ]; do grep -q -- "$1" "$work/out" && return 0; sleep 0.2; done
    return 1
}
wait_line 'mote> ' || { echo "# no prompt"; exit 1; }
printf 'format\r' >&3
wait_line '^format: done' || echo "# format failed: no key-value figure"
printf 'install bench\r' >&3; sleep 1
printf 'start bench\r' >&3
wait_line 'sdk_kv_write_durable' || { echo "# no figures"; exit 1; }
printf 'test_started bench\r' >&3
wait_line '^started_at [0-9]*' || { echo "# no start count"; exit 1; }
out=$(tr -d '\r' < "$work/out")
main=$(echo "$out" | sed -n 's/.*bench: main at instret \([0-9]*\).*/\1/p' | head -1)
start=$(echo "$out" | sed -n 's/^started_at \([0-9]*\)$/\1/p' | head -1)
echo "app_start $((main - start)) instructions"
echo "$out" | grep -o 'sdk_call_roundtrip [0-9]* instructions' | head -1
echo "$out" | grep -o 'sdk_kv_write_durable [0-9]* instructions' | head -1

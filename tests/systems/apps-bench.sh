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
LIMIT=60
. "$(dirname "$0")/../lib/console.sh"
truncate -s 4M "$work/disk.img"
boot_fifo "$img" -icount shift=0 $(disk_args "$work/disk.img")
wait_line() { wait_for 1 "$1"; }
wait_line 'mote> ' || { echo "# no prompt"; exit 1; }
send format
wait_line '^format: done' || echo "# format failed: no key-value figure"
send "install bench"; sleep 1
send "start bench"
wait_line 'sdk_kv_write_durable' || { echo "# no figures"; exit 1; }
send "test_started bench"
wait_line '^started_at [0-9]*' || { echo "# no start count"; exit 1; }
out=$(tr -d '\r' < "$work/out")
main=$(echo "$out" | sed -n 's/.*bench: main at instret \([0-9]*\).*/\1/p' | head -1)
start=$(echo "$out" | sed -n 's/^started_at \([0-9]*\)$/\1/p' | head -1)
echo "app_start $((main - start)) instructions"
echo "$out" | grep -o 'sdk_call_roundtrip [0-9]* instructions' | head -1
echo "$out" | grep -o 'sdk_kv_write_durable [0-9]* instructions' | head -1

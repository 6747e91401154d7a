#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make footprint: app_hello_bytes, everything a running hello costs in the
# default system, from the memory manager's own figures: what `install
# hello` allocated (its code page, shared by every run) plus the rise of
# the high-water mark while hello runs (its objects and frames; fresh
# boot, so the mark equals the bytes in use before the start).
# Usage: app-footprint.sh IMAGE     Prints NAME VALUE UNIT.
img=${1:-build/images/default.elf}
LIMIT=60
. "$(dirname "$0")/../lib/console.sh"
boot_fifo "$img"
field() { tr -d '\r' < "$work/out" | sed -n "s/^$1 \([0-9]*\)$/\1/p" | sed -n "${2}p"; }
wait_for 1 'mote> ' || { echo "# no prompt"; exit 1; }
send mstats; wait_for 1 '^high_water_bytes'
send "install hello"; sleep 1
send mstats; wait_for 2 '^high_water_bytes'
send "start hello"; wait_for 1 'hello, world'; sleep 1
send mstats; wait_for 3 '^high_water_bytes'
a0=$(field allocated_bytes 1); a1=$(field allocated_bytes 2)
h1=$(field high_water_bytes 2); h2=$(field high_water_bytes 3)
[ "$h1" = "$a1" ] || echo "# the high-water mark was above the bytes in use: figure not exact"
echo "app_hello_bytes $(( (a1 - a0) + (h2 - h1) )) B"

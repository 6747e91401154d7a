#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Prints the measured sections of docs/FOOTPRINT.md for the given systems:
# per system, kmem's bytes by kind for each row of its system.cdl
# (kmem --csv, the figures of kmem --details) and the boot figures the
# running system printed (scripts/footprint.sh log).  Usage:
#   scripts/footprint-doc.sh NAME...
BUILD=${BUILD:-build}
KMEM=${KMEM:-$BUILD/bin/kmem}
# No ipc_buffer column: motec puts each IPC buffer in the top of its
# thread's stack page, so kmem counts it under stack (docs/FOOTPRINT.md).
cols="code data stack dataport tcb cnode endpoint notification page_table other"

kind_table() {   # NAME: one markdown row per kmem row, kinds as columns
    echo "| row | total | code | data | stack | dataport | tcb | cnode | ep | ntfn | pt | other |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    "$KMEM" --csv --arch mote "$BUILD/$1/system.cdl" | awk -F, -v cols="$cols" '
        NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next }
        { n = split(cols, c, " "); line = "| " ($1 == "GRAND TOTAL" ? "**total**" : $1) " | " $2
          for (i = 1; i <= n; i++) line = line " | " ($at[c[i]] ? $at[c[i]] : "")
          print line " |" }'
}

boot_line() {    # NAME: the running system's figures
    local log; log=$(scripts/footprint.sh log "$1") || { echo "(did not boot)"; return; }
    echo "$log" | sed -n 's/^rootserver: boot //p' | tr ' ' '\n' | awk -F= '
        { v[$1] = $2 }
        END { printf "| %d | %d | %d | %d | %d | %d | %d (%d KiB) | %d (%d KiB) |\n", v["system"],
              v["inplace"], v["rootserver"], v["reclaimed"], v["archive"], v["archive_reclaimed"], v["peak"],
              v["peak"] / 1024, v["idle"], v["idle"] / 1024 }'
}

echo "| system | from untyped | in place | rootserver block | reclaimed | archive | archive reclaimed | boot peak | idle |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in "$@"; do printf '| %s ' "$s"; boot_line "$s"; done
for s in "$@"; do
    echo
    echo "### $s"
    echo
    kind_table "$s"
done

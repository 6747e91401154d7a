#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Prints the measured sections of docs/FOOTPRINT.md for the given systems
# and draws its pictures from the same figures:
#   - per system, kmem's bytes by kind for each row of its system.cdl
#     (kmem --csv, the figures of kmem --details) and the boot figures the
#     running system printed (scripts/footprint.sh log);
#   - docs/footprint-default.svg: kmem --svg of the default system;
#   - docs/footprint-peak.svg: boot peak against idle, every system given.
# Usage: scripts/footprint-doc.sh NAME...     (DOCS=dir: where the SVGs go)
BUILD=${BUILD:-build}
KMEM=${KMEM:-$BUILD/bin/kmem}
DOCS=${DOCS:-docs}
# No ipc_buffer column: motec puts each IPC buffer in its thread's stack
# region or data page, so kmem counts it under stack or data (docs/FOOTPRINT.md).
cols="code data stack dataport tcb cnode endpoint notification page_table other"
figs=$(mktemp)
trap 'rm -f "$figs"' EXIT

kind_table() {   # NAME: one markdown row per kmem row, kinds as columns
    echo "| row | total | code | data | stack | dataport | tcb | cnode | ep | ntfn | pt | other |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    "$KMEM" --csv --arch mote "$BUILD/$1/system.cdl" | awk -F, -v cols="$cols" '
        NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next }
        { n = split(cols, c, " "); line = "| " ($1 == "GRAND TOTAL" ? "**total**" : $1) " | " $2
          for (i = 1; i <= n; i++) line = line " | " ($at[c[i]] ? $at[c[i]] : "")
          print line " |" }'
}

# boot_line NAME: the running system's figures as a table row; "NAME idle
# peak" into $figs for the chart.
boot_line() {
    local log; log=$(scripts/footprint.sh log "$1") || { echo "| (did not boot) |"; return; }
    echo "$log" | sed -n 's/^rootserver: boot //p; s/^memory_manager: free \([0-9]*\) .*/free=\1/p
                         s/^rootserver: mem total \([0-9]*\)$/total=\1/p' |
        tr ' ' '\n' | awk -F= -v name="$1" -v figs="$figs" '
        { v[$1] = $2 }
        END { used = v["free"] != "" ? v["ram"] - v["free"] : "-"
              printf "| %d | %d | %d | %d | %d | %d (%d KiB) | %d (%d KiB) | %d KiB | %s |\n",
                  v["system"], v["inplace"], v["rootserver"], v["archive"], v["archive_reclaimed"],
                  v["peak"], v["peak"] / 1024, v["total"], v["total"] / 1024,
                  (v["peak"] - v["total"]) / 1024, used
              print name, v["total"], v["peak"] >> figs }'
}

# The chart: a bar per system, idle and what the boot adds on top, a tick
# at idle + 64 KiB (issue 11's goal for the boot peak).
peak_svg() {
    awk -v rows="$(wc -l < "$figs")" '
    BEGIN { left = 110; width = 520; row = 26; top = 56
            h = top + rows * row + 60; max = 1 }
    { name[NR] = $1; idle[NR] = $2; peak[NR] = $3
      if ($3 > max) max = $3; if ($2 + 65536 > max) max = $2 + 65536 }
    END {
        scale = width / max
        printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " \
               "font-family=\"sans-serif\" font-size=\"12\">\n", left + width + 140, h
        printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
        printf "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Boot peak vs idle " \
               "(measured in QEMU)</text>\n"
        printf "<text x=\"10\" y=\"38\" fill=\"#555\">idle = kmem GRAND TOTAL = running system; " \
               "peak = RAM in use once every object exists; | = idle + 64 KiB</text>\n"
        for (i = 1; i <= NR; i++) {
            y = top + (i - 1) * row
            printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 8, y + 14, name[i]
            printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#4e79a7\"/>\n",
                   left, y, idle[i] * scale
            printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#f28e2b\"/>\n",
                   left + idle[i] * scale, y, (peak[i] - idle[i]) * scale
            printf "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"black\" " \
                   "stroke-width=\"2\"/>\n", left + (idle[i] + 65536) * scale,
                   left + (idle[i] + 65536) * scale, y - 2, y + 20
            end = peak[i] > idle[i] + 65536 ? peak[i] : idle[i] + 65536
            printf "<text x=\"%.1f\" y=\"%d\">%d + %d KiB</text>\n", left + end * scale + 6,
                   y + 14, idle[i] / 1024, (peak[i] - idle[i]) / 1024
        }
        y = top + NR * row + 16
        printf "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#4e79a7\"/>" \
               "<text x=\"%d\" y=\"%d\">idle</text>\n", left, y, left + 20, y + 12
        printf "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#f28e2b\"/>" \
               "<text x=\"%d\" y=\"%d\">boot only: the rootserver (image, CNode, VSpace, " \
               "tables) and the archive'"'"'s boot-only pages</text>\n", left + 70, y, left + 90, y + 12
        printf "</svg>\n"
    }' "$figs"
}

echo "| system | from untyped | in place | rootserver block | archive | archive reclaimed | boot peak | idle | peak - idle | ram_used |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in "$@"; do printf '| %s ' "$s"; boot_line "$s"; done
for s in "$@"; do
    echo
    echo "### $s"
    echo
    kind_table "$s"
done
for s in "$@"; do
    [ "$s" = default ] && "$KMEM" --arch mote --svg "$DOCS/footprint-default.svg" \
        "$BUILD/default/system.cdl" > /dev/null
done
peak_svg > "$DOCS/footprint-peak.svg"

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
#        scripts/footprint-doc.sh --update FILE
#            rewrites, in FILE, every block between the lines
#            "<!-- footprint-doc: NAME -->" and "<!-- /footprint-doc -->"
#            with this script's section NAME (figures, reference, kinds,
#            floor, peak, tables), for every system built under $BUILD,
#            and redraws both pictures.  After `make footprint`.
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
              printf "| %d | %d | %d | %d | %d | %d (%d KiB) | %d (%d KiB) | %d | %s |\n",
                  v["system"], v["inplace"], v["rootserver"], v["archive"], v["archive_reclaimed"],
                  v["peak"], v["peak"] / 1024, v["total"], v["total"] / 1024,
                  v["peak"] - v["total"], used
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

# The default system's sections.  The reference's figures are those of
# its kmem (../shared/reference/MemoryFootprint.md); mote's shared-IRQ
# driver stands for its mailbox driver, log_conn for its multi_logger.
default_boot() {   # the running default system's "rootserver: boot" fields, one NAME=VALUE a line
    scripts/footprint.sh log default | sed -n 's/^rootserver: boot //p' | tr ' ' '\n'
}

figures() {
    default_boot | awk -F= '{ v[$1] = $2 }
    END { used = v["kernel"] + v["idle"] + v["held"]
          printf "    idle_bytes %d\n    ram_used_bytes %d\n    boot_peak_bytes %d\n\n", v["idle"], used, v["peak"]
          printf "boot peak - idle: %d bytes (%.1f KiB; the goal: at most 65536).  ", v["peak"] - v["idle"],
                 (v["peak"] - v["idle"]) / 1024
          printf "ram_used_bytes %d = kernel image %d + idle_bytes %d + held %d.\n",
                 used, v["kernel"], v["idle"], v["held"] }'
}

reference() {
    local peak; peak=$(default_boot | sed -n 's/^peak=//p')
    echo "| component | reference | mote | mote / reference |"
    echo "|---|---:|---:|---:|"
    "$KMEM" --csv --arch mote "$BUILD/default/system.cdl" | awk -F, -v peak="$peak" '
        BEGIN { ref["debug_console"] = 133200; ref["shared_irq_driver"] = 68416
                ref["memory_manager"] = 122416; ref["uart_driver"] = 72528
                ref["log_conn"] = 32800; ref["GRAND TOTAL"] = 1190976
                as["shared_irq_driver"] = "mailbox_driver / shared_irq_driver"
                as["log_conn"] = "multi_logger / log_conn"
                n = split("debug_console shared_irq_driver memory_manager uart_driver log_conn", order, " ") }
        { mote[$1] = $2 }
        END { for (i = 1; i <= n; i++) { c = order[i]
                  printf "| %s | %d | %d | %d %% |\n", c in as ? as[c] : c, ref[c], mote[c],
                         100 * mote[c] / ref[c] + 0.5 }
              t = mote["GRAND TOTAL"]
              printf "| **GRAND TOTAL = idle** | **%d (%d KiB)** | **%d (%d KiB)** | **%d %%** |\n",
                     ref["GRAND TOTAL"], ref["GRAND TOTAL"] / 1024, t, t / 1024, 100 * t / ref["GRAND TOTAL"] + 0.5
              printf "| boot peak | ~4 MiB (4194304) | %d (%d KiB) | %d %% |\n", peak, peak / 1024,
                     100 * peak / 4194304 + 0.5
              q = ref["GRAND TOTAL"] / 4
              printf "| a quarter of the reference'"'"'s idle | %d (%.1f KiB) | %d over it | |\n", q, q / 1024, t - q }'
}

kinds() {   # the default system's bytes by kind
    echo "| kind | bytes | share |"
    echo "|---|---:|---:|"
    "$KMEM" --csv --arch mote "$BUILD/default/system.cdl" | awk -F, '
        NR == 1 { for (i = 3; i <= NF; i++) col[i] = $i; next }
        $1 == "GRAND TOTAL" { for (i = 3; i <= NF; i++)
                                  if ($i > 0 && col[i] != "mmio" && col[i] != "untyped") print $i, col[i]
                              total = $2 }
        END { print total, "TOTAL" }' | sort -rn | awk '
        $2 == "TOTAL" { total = $1; next } { v[++n] = $1; k[n] = $2 }
        END { for (i = 1; i <= n; i++) printf "| %s | %d | %.1f %% |\n", k[i], v[i], 100 * v[i] / total
              printf "| **total = idle** | **%d** | |\n", total }'
}

# floor: each component of the default system against the smallest a
# one-thread component can be (a VSpace and two page tables, a page of
# code, a page of data, a TCB, a CNode of 8 slots: sizes from
# include/mote/objects.h), and what it holds above it.
floor() {
    local sz; sz=$(awk '/define MT_(PAGE_TABLE|VSPACE|TCB|SLOT|FRAME_4K)_SIZE_BITS/ { printf "%s=%d ", $2, 2 ^ $3 }' \
        include/mote/objects.h)
    echo "| component | total | above the floor | of which code | data | cnode | page tables | other kinds |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    "$KMEM" --csv --arch mote "$BUILD/default/system.cdl" | awk -F, -v sz="$sz" '
        BEGIN { n = split(sz, kv, "[ =]"); for (i = 1; i < n; i += 2) b[kv[i]] = kv[i + 1]
                page = b["MT_FRAME_4K_SIZE_BITS"]; tcb = b["MT_TCB_SIZE_BITS"]; cn = 8 * b["MT_SLOT_SIZE_BITS"]
                pts = b["MT_VSPACE_SIZE_BITS"] + 2 * b["MT_PAGE_TABLE_SIZE_BITS"]
                floor = 2 * page + pts + tcb + cn; n = 0 }
        NR == 1 { for (i = 2; i <= NF; i++) at[$i] = i; next }
        function v(k) { return $at[k] + 0 }
        $1 == "GRAND TOTAL" { total = $2; next }
        v("tcb") == 0 { rest += $2; next }
        { n++; over = $2 - floor; above += over
          other = v("stack") + v("dataport") + v("tcb") - tcb
          printf "| %s | %d | %d | %d | %d | %d | %d | %d |\n", $1, $2, over, v("code") - page,
                 v("data") - page, v("cnode") - cn, v("page_table") - pts, other }
        END { printf "| **%d components** | **%d** | **%d** | | | | | |\n", n, n * floor + above, above
              printf "| connections and system (ASID pool, system CNode) | %d | | | | | | |\n", rest
              printf "| **total = idle** | **%d** | | | | | | |\n\n", total
              printf "The floor: %d bytes a component, %d for %d components; with today'"'"'s " \
                     "connections %d (%.1f KiB).\n", floor, n * floor, n, n * floor + rest, (n * floor + rest) / 1024 }'
}

peak() {
    echo "| system | from untyped | in place | rootserver block | archive | archive reclaimed | boot peak | idle | peak - idle | ram_used |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for s in "$@"; do printf '| %s ' "$s"; boot_line "$s"; done
}

tables() {
    for s in "$@"; do
        echo
        echo "### $s"
        echo
        kind_table "$s"
    done
}

pictures() {
    for s in "$@"; do
        [ "$s" = default ] && "$KMEM" --arch mote --svg "$DOCS/footprint-default.svg" \
            "$BUILD/default/system.cdl" > /dev/null
    done
    peak_svg > "$DOCS/footprint-peak.svg"
}

# update FILE NAME...: each marked block of FILE rewritten by its section.
update() {
    local file=$1 out; shift
    out=$(mktemp)
    local section
    : > "$out"
    local skipping=
    while IFS= read -r line; do
        if [ -n "$skipping" ]; then
            [ "$line" = "<!-- /footprint-doc -->" ] || continue
            skipping=
        fi
        printf '%s\n' "$line" >> "$out"
        case $line in
        "<!-- footprint-doc: "*" -->")
            section=${line#<!-- footprint-doc: }; section=${section% -->}
            echo >> "$out"
            case $section in
            figures|reference|kinds|floor) "$section" >> "$out" ;;
            peak) "$section" "$@" >> "$out" ;;
            tables) "$section" "$@" | tail -n +2 >> "$out" ;;
            *) echo "$file: error: unknown section '$section'" >&2; rm -f "$out"; exit 1 ;;
            esac
            echo >> "$out"
            skipping=1 ;;
        esac
    done < "$file"
    [ -z "$skipping" ] || { echo "$file: error: a block is not closed" >&2; rm -f "$out"; exit 1; }
    cat "$out" > "$file"; rm -f "$out"
}

if [ "$1" = --update ]; then
    [ -f "$2" ] || { echo "usage: scripts/footprint-doc.sh --update FILE" >&2; exit 1; }
    file=$2
    set --
    for d in systems/*/; do
        s=$(basename "$d"); [ -f "$BUILD/$s/system.cdl" ] && set -- "$@" "$s"
    done
    update "$file" "$@"
    pictures "$@"
    exit 0
fi
peak "$@"
tables "$@"
pictures "$@"

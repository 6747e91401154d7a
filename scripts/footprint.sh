#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The footprint figures: kmem's report of a system's spec next to what the
# running system reports about itself (the rootserver's "mem" lines).
#
#   footprint.sh report NAME...     a table per system (make footprint)
#   footprint.sh check NAME...      TAP: kmem equals the running system,
#                                   per component, per kind and in total
#   footprint.sh compare CSV LOG    compares kmem --csv output with a boot
#                                   log; exit 1 and "# ..." lines on a
#                                   difference (tests/footprint uses it)
#   footprint.sh log NAME           the rootserver's lines of one boot
#                                   (and memory_manager's "free" line)
#   footprint.sh ram CSV LOG        the accounting identity: RAM minus what
#                                   the memory manager can allocate equals
#                                   kernel + kmem's total + what the
#                                   rootserver says is held besides; exit 1
#                                   and "# ..." lines when it does not
#
# The figures of one system (report):
#   idle_bytes N        kmem's GRAND TOTAL (the kernel image excluded, as
#                       the reference's kmem excludes it)
#   ram_used_bytes N    measured on the target: the RAM the kernel manages
#                       (boot info: from the kernel's first byte to RAM's
#                       end) minus what the memory manager can still
#                       allocate once it has reclaimed the rootserver
#   boot_peak_bytes N   measured on the target: what the boot untyped no
#                       longer had free when every object existed, plus the
#                       archive's kept pages (rootserver/report.c)
#
# NAME is a system: build/images/NAME.elf is booted, build/NAME/system.cdl
# read.  QEMU, QEMU_FLAGS, BUILD, KMEM and FOOTPRINT_TIMEOUT (seconds per
# boot, default 30) come from the environment.
BUILD=${BUILD:-build}
KMEM=${KMEM:-$BUILD/bin/kmem}
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio}
LIMIT=${FOOTPRINT_TIMEOUT:-30}
work=$(mktemp -d)
qpid=
trap '[ -n "$qpid" ] && kill "$qpid" 2>/dev/null; rm -rf "$work"' EXIT

# boot NAME: the rootserver's lines to $work/NAME.log (stops QEMU as soon
# as the last figure line is out: the boot line, and with a memory owner
# memory_manager's "free" line); 1 if they never came.
boot() {
    local raw=$work/$1.raw end=$((SECONDS + LIMIT))
    : > "$raw"
    $QEMU $QEMU_FLAGS -kernel "$BUILD/images/$1.elf" < /dev/null > "$raw" 2>&1 &
    qpid=$!
    while [ $SECONDS -lt $end ] && ! done_booting "$raw"; do
        kill -0 "$qpid" 2>/dev/null || break
        sleep 0.2
    done
    kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=
    # the free line may follow the console's prompt on its line
    tr -d '\r' < "$raw" | sed 's/^.*\(memory_manager: free \)/\1/' |
        grep -E '^rootserver: |^memory_manager: free ' > "$work/$1.log"
    done_booting "$work/$1.log"
}

# done_booting FILE: the boot line is out, and the free line if the
# rootserver gave its memory to an owner (reclaimed > 0).
done_booting() {
    grep -q '^rootserver: boot ' "$1" || return 1
    grep -q '^rootserver: boot .* reclaimed=0 ' "$1" && return 0
    grep -q 'memory_manager: free ' "$1"
}

# kmem's rows, its columns renamed to the rootserver's kinds.
kmem_csv() {
    "$KMEM" --csv --arch mote "$BUILD/$1/system.cdl" > "$work/$1.csv"
}

# compare CSV LOG: every row (component or connection) of either side, its
# total and each kind; kinds map code+rodata -> code, vspace+pt ->
# page_table, ipcbuf -> ipc_buffer, ep -> endpoint, ntfn -> notification,
# irq/other -> other.  mmio is left out: device frames are not RAM (kmem
# lists them apart, the rootserver counts them 0).
compare() {
    awk -F'[ ,=]' '
    FNR == NR {
        if (FNR == 1) { for (i = 3; i <= NF; i++) col[i] = $i; next }
        row = $1
        rows[row] = 1; k[row] = $2
        for (i = 3; i <= NF; i++) if (col[i] != "mmio" && col[i] != "untyped") kk[row, col[i]] = $i
        next
    }
    /^rootserver: mem / {
        row = $3; rows[row] = 1; r[row] = $4
        for (i = 5; i < NF; i += 2) {
            kind = $i
            if (kind == "rodata") kind = "code"
            else if (kind == "vspace" || kind == "pt") kind = "page_table"
            else if (kind == "ipcbuf") kind = "ipc_buffer"
            else if (kind == "ep") kind = "endpoint"
            else if (kind == "ntfn") kind = "notification"
            else if (kind == "irq") kind = "other"
            rk[row, kind] += $(i + 1)
        }
    }
    END {
        bad = 0
        for (row in rows) {
            if (k[row] + 0 != r[row] + 0) {
                printf "# %s: kmem %d bytes, running %d\n", row, k[row], r[row]; bad = 1
            }
            if (row == "total") continue
            for (c in col) {
                kind = col[c]
                if (kind == "mmio" || kind == "untyped") continue
                if (kk[row, kind] + 0 != rk[row, kind] + 0) {
                    printf "# %s %s: kmem %d, running %d\n", row, kind, kk[row, kind], rk[row, kind]
                    bad = 1
                }
            }
        }
        exit bad
    }' <(sed 's/^GRAND TOTAL,/total,/' "$1") "$2"
}

# field KEY LOG: a key=value of the "rootserver: boot" line.
field() { sed -n "s/^rootserver: boot .*\\b$1=\\([0-9]*\\).*/\\1/p" "$2"; }

kib() { echo "$(( $1 / 1024 )) KiB"; }

# ram_used LOG: RAM minus what the memory manager can allocate; empty
# without a memory manager's line.
ram_used() {
    local free; free=$(sed -n 's/^memory_manager: free \([0-9]*\) .*/\1/p' "$1")
    [ -n "$free" ] && [ -n "$(field ram "$1")" ] && echo $(( $(field ram "$1") - free ))
}

# ram_identity CSV LOG: ram_used = kernel + kmem's total + held.
ram_identity() {
    local used kt k h
    used=$(ram_used "$2"); kt=$(awk -F, '$1 == "GRAND TOTAL" { print $2 }' "$1")
    k=$(field kernel "$2"); h=$(field held "$2")
    if [ -z "$used" ] || [ -z "$kt" ] || [ -z "$k" ] || [ -z "$h" ]; then
        echo "# missing figures: ram_used '$used' kmem '$kt' kernel '$k' held '$h'"; return 1
    fi
    if [ "$used" != $(( k + kt + h )) ]; then
        echo "# ram_used $used != kernel $k + kmem total $kt + held $h = $(( k + kt + h ))"; return 1
    fi
}

# figures NAME: the three figure lines (after report or check booted it).
figures() {
    local csv=$work/$1.csv log=$work/$1.log
    echo "idle_bytes $(awk -F, '$1 == "GRAND TOTAL" { print $2 }' "$csv")"
    echo "ram_used_bytes $(ram_used "$log")"
    echo "boot_peak_bytes $(field peak "$log")"
}

report() {
    local name=$1 log=$work/$1.log csv=$work/$1.csv
    echo "== $name =="
    if ! kmem_csv "$name" || ! boot "$name"; then
        echo "  (no figures: kmem failed or the system did not boot)"; return 1
    fi
    printf '  %-28s %12s %12s %s\n' component kmem running ""
    tail -n +2 "$csv" | while IFS=, read -r row total _; do
        key=$row; [ "$row" = "GRAND TOTAL" ] && key=total
        run=$(awk -v r="$key" '$1 == "rootserver:" && $2 == "mem" && $3 == r { print $4 }' "$log")
        printf '  %-28s %12s %12s %s\n' "$row" "$total" "${run:--}" \
            "$([ "$total" = "$run" ] && echo "" || echo "  DIFFERS")"
    done
    local peak idle
    peak=$(field peak "$log"); idle=$(field idle "$log")
    local kt; kt=$(awk -F, '$1 == "GRAND TOTAL" { print $2 }' "$csv")
    printf '  boot peak %s bytes (%s, measured): kmem total + %s\n' "$peak" "$(kib "$peak")" \
        "$(kib $(( peak - kt )))"
    printf '  idle      %s bytes (%s): system %s + in place %s + rootserver not reclaimed %s\n' \
        "$idle" "$(kib "$idle")" "$(field system "$log")" "$(field inplace "$log")" \
        "$(( $(field rootserver "$log") - $(field reclaimed "$log") ))"
    printf '  archive   %s bytes, %s of them (boot-only: header, spec, data bytes) given back\n' \
        "$(field archive "$log")" "$(field archive_reclaimed "$log")"
    local used; used=$(ram_used "$log")
    [ -n "$used" ] && printf '  ram used  %s bytes = kernel %s + idle + held %s (RAM %s minus what the memory manager can allocate)\n' \
        "$used" "$(field kernel "$log")" "$(field held "$log")" "$(field ram "$log")"
    figures "$name" > "$work/$name.figures"
    if compare "$csv" "$log" > "$work/$name.diff"; then
        echo "  kmem and the running system agree, per component and kind"
    else
        echo "  kmem and the running system DIFFER:"; sed 's/^#/ /' "$work/$name.diff"
    fi
}

check() {
    local n=0
    echo "1..$(( $# * 4 ))"
    for name in "$@"; do
        local log=$work/$name.log csv=$work/$name.csv
        if ! kmem_csv "$name" || ! boot "$name"; then
            echo "not ok $((n += 1)) - $name: kmem or the boot failed"
            echo "not ok $((n += 1)) - $name: no figures"
            echo "not ok $((n += 1)) - $name: no boot peak"
            echo "not ok $((n += 1)) - $name: no ram figures"; sed 's/^/# /' "$log" 2>/dev/null; continue
        fi
        if compare "$csv" "$log" > "$work/$name.diff"; then
            echo "ok $((n += 1)) - $name: kmem equals the running system per component and kind"
        else
            echo "not ok $((n += 1)) - $name: kmem and the running system differ"; cat "$work/$name.diff"
        fi
        local kt; kt=$(awk -F, '$1 == "GRAND TOTAL" { print $2 }' "$csv")
        local rt; rt=$(awk '$2 == "mem" && $3 == "total" { print $4 }' "$log")
        if [ -n "$kt" ] && [ "$kt" = "$rt" ] && [ "$(field gaps "$log")" = 0 ]; then
            echo "ok $((n += 1)) - $name: total $kt bytes in both, no alignment gaps"
        else
            echo "not ok $((n += 1)) - $name: kmem total '$kt', running '$rt', gaps '$(field gaps "$log")'"
        fi
        # the peak holds at least the system itself (idle also counts a
        # rootserver block nobody reclaims, of which the peak counts the
        # part the rootserver used: systems without a memory owner)
        local peak own; peak=$(field peak "$log")
        own=$(( $(field system "$log") + $(field inplace "$log") ))
        if [ -n "$peak" ] && [ "$peak" -gt "$own" ]; then
            echo "ok $((n += 1)) - $name: measured boot peak $peak > the system's own $own"
        else
            echo "not ok $((n += 1)) - $name: boot peak '$peak' not above the system's own $own"
        fi
        if [ "$(field reclaimed "$log")" = 0 ]; then
            echo "ok $((n += 1)) - $name: ram_used # SKIP no memory owner measures it"
        elif ram_identity "$csv" "$log" > "$work/$name.ram"; then
            echo "ok $((n += 1)) - $name: ram_used $(ram_used "$log") = kernel + idle + held"
        else
            echo "not ok $((n += 1)) - $name: the RAM accounting does not add up"; cat "$work/$name.ram"
        fi
    done
}

mode=$1; shift
case $mode in
    report) rc=0; for s in "$@"; do report "$s" || rc=1; echo; done
            for s in "$@"; do [ "$s" = default ] && [ -f "$work/$s.figures" ] && cat "$work/$s.figures"; done
            exit $rc ;;
    check) check "$@" ;;
    compare) compare "$1" "$2" ;;
    ram) ram_identity "$1" "$2" ;;
    log) boot "$1"; rc=$?; cat "$work/$1.log"; exit $rc ;;
    *) echo "usage: footprint.sh report|check NAME... | compare|ram CSV LOG | log NAME" >&2; exit 2 ;;
esac

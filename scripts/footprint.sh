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
# as the last figure line is out); 1 if it never came.
boot() {
    local raw=$work/$1.raw end=$((SECONDS + LIMIT))
    : > "$raw"
    $QEMU $QEMU_FLAGS -kernel "$BUILD/images/$1.elf" < /dev/null > "$raw" 2>&1 &
    qpid=$!
    while [ $SECONDS -lt $end ] && ! grep -q '^rootserver: boot ' "$raw"; do
        kill -0 "$qpid" 2>/dev/null || break
        sleep 0.2
    done
    kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=
    tr -d '\r' < "$raw" | grep '^rootserver: ' > "$work/$1.log"
    grep -q '^rootserver: boot ' "$work/$1.log"
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
    printf '  boot peak %s bytes (%s): system %s + rootserver %s + archive %s\n' "$peak" \
        "$(kib "$peak")" "$(field system "$log")" "$(field rootserver "$log")" "$(field archive "$log")"
    printf '  idle      %s bytes (%s): system %s + in place %s + rootserver not reclaimed %s\n' \
        "$idle" "$(kib "$idle")" "$(field system "$log")" "$(field inplace "$log")" \
        "$(( $(field rootserver "$log") - $(field reclaimed "$log") ))"
    printf '  archive   %s bytes, %s of them (the spec) given back\n' "$(field archive "$log")" \
        "$(field archive_reclaimed "$log")"
    if compare "$csv" "$log" > "$work/$name.diff"; then
        echo "  kmem and the running system agree, per component and kind"
    else
        echo "  kmem and the running system DIFFER:"; sed 's/^#/ /' "$work/$name.diff"
    fi
}

check() {
    local n=0
    echo "1..$(( $# * 2 ))"
    for name in "$@"; do
        local log=$work/$name.log csv=$work/$name.csv
        if ! kmem_csv "$name" || ! boot "$name"; then
            echo "not ok $((n += 1)) - $name: kmem or the boot failed"
            echo "not ok $((n += 1)) - $name: no figures"; sed 's/^/# /' "$log" 2>/dev/null; continue
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
    done
}

mode=$1; shift
case $mode in
    report) rc=0; for s in "$@"; do report "$s" || rc=1; echo; done; exit $rc ;;
    check) check "$@" ;;
    compare) compare "$1" "$2" ;;
    log) boot "$1"; rc=$?; cat "$work/$1.log"; exit $rc ;;
    *) echo "usage: footprint.sh report|check NAME... | compare CSV LOG | log NAME" >&2; exit 2 ;;
esac

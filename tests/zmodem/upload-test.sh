#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Uploads files to the default system's console with the real `sz`:
# QEMU's serial port is a TCP socket (its own chardev, whatever `make
# run` uses); the test types at the prompt through it and, for each
# transfer, hands the socket to sz.  Prints TAP lines and the upload rate.
# Usage: upload-test.sh IMAGE BUNDLE ZCORRUPT
image=$1 bundle=$2 zcorrupt=$3
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio -device virtio-rng-device -device virtio-rng-device}
# Our serial port replaces the run's (stdio, mon:stdio or other).
flags=$(echo " $QEMU_FLAGS " | sed 's/ -serial [^ ]*/ /g')
LIMIT=${SYSTEM_TEST_TIMEOUT:-60}
work=$(mktemp -d)
n=0 qpid= cpid=
trap 'stop; rm -rf "$work"' EXIT

tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
stop() {
    [ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null
    exec 3<&-
    [ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
    cpid= qpid=
}

# QEMU listens on a free port and waits for us before it starts the guest.
boot() {
    local try
    for try in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM % 20000)))
        $QEMU $flags -serial "tcp:127.0.0.1:$port,server=on,wait=on" -kernel "$image" \
            < /dev/null > "$work/qemu.log" 2>&1 &
        qpid=$!
        local i
        for i in $(seq 50); do
            kill -0 "$qpid" 2>/dev/null || break
            # (braces: a bare exec's 2>/dev/null would stay for good)
            if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then return 0; fi
            sleep 0.1
        done
        kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=
    done
    return 1
}
# The console's output goes to $work/out, except while sz has the socket.
listen() { cat <&3 >> "$work/out" & cpid=$!; }
unlisten() { kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null; cpid=; }

wait_for() {    # COUNT PATTERN
    local end=$((SECONDS + LIMIT))
    while [ $SECONDS -lt $end ]; do
        [ "$(grep -a -c -- "$2" "$work/out")" -ge "$1" ] && return 0
        kill -0 "$qpid" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}
send() { printf '%s\r' "$1" >&3; }
command() {     # TEXT PATTERN DESCRIPTION
    local before; before=$(grep -a -c -- "$2" "$work/out")
    send "$1"
    wait_for $((before + 1)) "$2"
    tap $? "$3"
}
crc32() { gzip -c < "$1" | tail -c 8 | od -An -tx4 -N4 | tr -d ' '; }

# upload FILE [FILTER...]: rz at the prompt, then sz FILE (through FILTER).
upload() {
    local file=$1; shift
    local before; before=$(grep -a -c '^rz: waiting' "$work/out")
    send "rz"
    wait_for $((before + 1)) '^rz: waiting' || return 1
    unlisten
    if [ $# -gt 0 ]; then
        timeout 120 sz -q "$file" <&3 2>/dev/null | "$@" >&3
        szstatus=${PIPESTATUS[0]}
    else
        timeout 120 sz -q "$file" <&3 >&3 2>/dev/null
        szstatus=$?
    fi
    listen
}

# An upload that must arrive whole: the console's line, then `uploaded`.
good_upload() { # FILE DESCRIPTION
    local name size sum
    name=$(basename "$1"); size=$(stat -c %s "$1"); sum=$(crc32 "$1")
    upload "$1"
    [ "$szstatus" = 0 ]; tap $? "$2: sz succeeds"
    wait_for 1 "^rz: received $name $size bytes in [0-9]* ms, 0 retries"
    tap $? "$2: rz: received $name $size bytes, 0 retries"
    command "uploaded" "^uploaded $name $size bytes crc32 $sum" "$2: uploaded: crc32 $sum"
}

failed_upload() { # FILE ERROR DESCRIPTION [FILTER...]
    local file=$1 err=$2 what=$3; shift 3
    local before; before=$(grep -a -c "^rz: $err" "$work/out")
    upload "$file" "$@"
    [ "$szstatus" != 0 ]; tap $? "$what: sz fails"
    wait_for $((before + 1)) "^rz: $err"; tap $? "$what: rz: $err"
    command "uploaded" "^uploaded: none" "$what: nothing is kept"
}

echo "1..20"
if [ ! -f "$image" ] || [ ! -f "$bundle" ] || ! boot; then
    echo "# no image, no bundle or QEMU did not start"; exit 1
fi
: > "$work/out"; listen
wait_for 1 'mote> '; tap $? "boots to the prompt on the socket"
command "uploaded" "^uploaded: none" "no uploaded file at boot"
# frames COUNT DESCRIPTION: mem says the memory manager has COUNT out.
frames() { command "mem" " $1 frames handed out" "$2: $1 frames handed out"; }
send "mem"; wait_for 1 'frames handed out'
base=$(grep -a -m1 'frames handed out' "$work/out" | sed 's/.* \([0-9]*\) frames handed out.*/\1/')
good_upload "$bundle" "app bundle"

# 60 KiB of every byte value: the rate.
head -c 61440 /dev/urandom > "$work/random.bin"
good_upload "$work/random.bin" "60 KiB random"
ms=$(grep -a "^rz: received random.bin" "$work/out" | tail -1 | sed 's/.* in \([0-9]*\) ms.*/\1/')
[ -n "$ms" ] && [ "$ms" -gt 0 ] && echo "# rz_upload_rate $((61440 * 1000 / ms / 1024)) KiB/s (61440 bytes in $ms ms)"
frames $((base + 15)) "60 KiB held in 15 frames"
command "uploaded drop" "^uploaded: dropped" "uploaded drop"
frames "$base" "dropped: frames given back"

head -c 70000 /dev/zero > "$work/big.bin"
failed_upload "$work/big.bin" "file too large" "70000 bytes"
# Every 13th byte damaged: shorter than sz's shortest subpacket.
failed_upload "$work/random.bin" "CRC error, transfer refused" "damaged line" "$zcorrupt" 2000 13
# Five Ctrl-X at the console cancel a waiting rz, as they cancel ZMODEM.
send "rz"; wait_for 5 '^rz: waiting'
printf '\030\030\030\030\030' >&3
wait_for 1 '^rz: cancelled'; tap $? "five Ctrl-X: rz: cancelled"
command "uploaded" "^uploaded: none" "five Ctrl-X: nothing is kept"
command "echo still here" "^still here" "the console still runs"
stop
grep -a -v '^ok' "$work/out" | cat -v | grep -a -E '^(rz|uploaded|mote> (rz|uploaded))' | sed 's/^/# /'

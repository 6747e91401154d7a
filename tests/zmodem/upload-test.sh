#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Uploads files to the default system's console with the real `sz`:
# QEMU's serial port is a TCP socket (its own chardev, whatever `make
# run` uses); the test types at the prompt through it and, for each
# transfer, hands the socket to sz.  Prints TAP lines and the upload rate.
# Usage: upload-test.sh IMAGE BUNDLE ZCORRUPT
image=$1 bundle=$2 zcorrupt=$3
LIMIT=${SYSTEM_TEST_TIMEOUT:-60}
. "$(dirname "$0")/../lib/console.sh"
crc32() { gzip -c < "$1" | tail -c 8 | od -An -tx4 -N4 | tr -d ' '; }

# An upload that must arrive whole: the console's line, then `uploaded`.
good_upload() { # FILE DESCRIPTION
    local name size sum
    name=$(basename "$1"); size=$(stat -c %s "$1"); sum=$(crc32 "$1")
    upload "$1"
    [ "$szstatus" = 0 ]; tap $? "$2: sz succeeds"
    wait_for 1 "^rz: received $name $size bytes in [0-9]* ms, 0 retries"
    tap $? "$2: rz: received $name $size bytes, 0 retries"
    check "uploaded" "^uploaded $name $size bytes crc32 $sum" "$2: uploaded: crc32 $sum"
}

failed_upload() { # FILE ERROR DESCRIPTION [FILTER...]
    local file=$1 err=$2 what=$3; shift 3
    local before; before=$(count "^rz: $err")
    upload "$file" "$@"
    [ "$szstatus" != 0 ]; tap $? "$what: sz fails"
    wait_for $((before + 1)) "^rz: $err"; tap $? "$what: rz: $err"
    check "uploaded" "^uploaded: none" "$what: nothing is kept"
}

echo "1..20"
if [ ! -f "$image" ] || [ ! -f "$bundle" ] || ! boot_socket "$image"; then
    echo "# no image, no bundle or QEMU did not start"; exit 1
fi
wait_for 1 'mote> '; tap $? "boots to the prompt on the socket"
check "uploaded" "^uploaded: none" "no uploaded file at boot"
# frames COUNT DESCRIPTION: mem says the memory manager has COUNT out.
frames() { check "mem" " $1 frames handed out" "$2: $1 frames handed out"; }
send "mem"; wait_for 1 'frames handed out'
base=$(grep -a -m1 'frames handed out' "$work/out" | sed 's/.* \([0-9]*\) frames handed out.*/\1/')
good_upload "$bundle" "app bundle"

# 60 KiB of every byte value: the rate.
head -c 61440 /dev/urandom > "$work/random.bin"
good_upload "$work/random.bin" "60 KiB random"
ms=$(grep -a "^rz: received random.bin" "$work/out" | tail -1 | sed 's/.* in \([0-9]*\) ms.*/\1/')
[ -n "$ms" ] && [ "$ms" -gt 0 ] && echo "# rz_upload_rate $((61440 * 1000 / ms / 1024)) KiB/s (61440 bytes in $ms ms)"
frames $((base + 15)) "60 KiB held in 15 frames"
check "uploaded drop" "^uploaded: dropped" "uploaded drop"
frames "$base" "dropped: frames given back"

head -c 70000 /dev/zero > "$work/big.bin"
failed_upload "$work/big.bin" "file too large" "70000 bytes"
# Every 13th byte damaged: shorter than sz's shortest subpacket.
failed_upload "$work/random.bin" "CRC error, transfer refused" "damaged line" "$zcorrupt" 2000 13
# Five Ctrl-X at the console cancel a waiting rz, as they cancel ZMODEM.
send "rz"; wait_for 5 '^rz: waiting'
printf '\030\030\030\030\030' >&3
wait_for 1 '^rz: cancelled'; tap $? "five Ctrl-X: rz: cancelled"
check "uploaded" "^uploaded: none" "five Ctrl-X: nothing is kept"
check "echo still here" "^still here" "the console still runs"
stop
grep -a -v '^ok' "$work/out" | cat -v | grep -a -E '^(rz|uploaded|mote> (rz|uploaded))' | sed 's/^/# /'

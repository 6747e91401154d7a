#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Issue 10 end to end on the default system (debug kernel) and a disk
# image of this run's own: an application that is not in the boot
# archive is uploaded with the real `sz` through QEMU's serial port (a
# TCP socket chardev), installed and run; a corrupted transfer and an
# invalid bundle are refused with nothing installed or stored; after a
# power-off the next boot on the same image lists the bundle, starts it
# without installing it again, and the application reads back the key
# it wrote before; uninstall removes it from the disk.  Without a disk,
# key-value calls fail at once with MT_SDK_NO_STORAGE.
# Usage: persist-test.sh IMAGE BUNDLE ZCORRUPT     Prints TAP.
image=$1 bundle=$2 zcorrupt=$3
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio -device virtio-rng-device -device virtio-rng-device}
flags=$(echo " $QEMU_FLAGS " | sed 's/ -serial [^ ]*/ /g')
LIMIT=${SYSTEM_TEST_TIMEOUT:-60}
work=$(mktemp -d)
disk=$work/disk.img
n=0 qpid= cpid=
trap 'stop; rm -rf "$work"' EXIT

tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
stop() {
    [ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null
    exec 3<&-
    [ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
    cpid= qpid=
}
# QEMU on the disk, its serial port a socket it waits on; output to $work/out.
boot() {
    local try i
    : > "$work/out"
    for try in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM % 20000)))
        $QEMU $flags -serial "tcp:127.0.0.1:$port,server=on,wait=on" \
            ${disk:+-drive file="$disk",if=none,format=raw,id=d0 -device virtio-blk-device,drive=d0} \
            -kernel "$image" < /dev/null > "$work/qemu.log" 2>&1 &
        qpid=$!
        for i in $(seq 50); do
            kill -0 "$qpid" 2>/dev/null || break
            if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then listen; return 0; fi
            sleep 0.1
        done
        kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=
    done
    return 1
}
listen() { cat <&3 >> "$work/out" & cpid=$!; }
unlisten() { kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null; cpid=; }
count() { grep -a -c -- "$1" "$work/out"; }
wait_for() {    # COUNT PATTERN
    local end=$((SECONDS + LIMIT))
    while [ $SECONDS -lt $end ]; do
        [ "$(count "$2")" -ge "$1" ] && return 0
        kill -0 "$qpid" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}
send() { printf '%s\r' "$1" >&3; }
expect() { local b; b=$(count "$2"); send "$1"; wait_for $((b + 1)) "$2"; }
command() { expect "$1" "$2"; tap $? "$3"; }     # TEXT PATTERN DESCRIPTION
# The lines a command prints (up to the next prompt).
output() {
    local mark; mark=$(wc -l < "$work/out")
    expect "$1" "^mote> " > /dev/null; expect "echo -end-" "^-end-" > /dev/null
    tail -n +$((mark + 1)) "$work/out" | tr -d '\r' | grep -a -v -e '^mote> ' -e '^-end-'
}
# upload FILE [FILTER...]: rz at the prompt, sz FILE (through FILTER).
upload() {
    local file=$1 before; shift
    before=$(count '^rz: waiting')
    send "rz"
    wait_for $((before + 1)) '^rz: waiting' || return 1
    unlisten
    if [ $# -gt 0 ]; then
        timeout 120 sz -q "$file" <&3 2>/dev/null | "$@" >&3
    else
        timeout 120 sz -q "$file" <&3 >&3 2>/dev/null
    fi
    listen
}
installed() { output "bundles" | grep -a -q '^counter$'; }
on_disk() { output "bloblist" | grep -a -q '^bloblist: counter '; }

echo "1..36"
if [ ! -f "$image" ] || [ ! -f "$bundle" ] || [ ! -x "$zcorrupt" ]; then
    echo "Bail out! no image, bundle or zcorrupt"; exit 1
fi
truncate -s 4M "$disk"
boot || { echo "Bail out! QEMU did not start"; exit 1; }
wait_for 1 'mote> '; tap $? "boots to the prompt on the socket"
command "format" "^format: done" "format: a store on the blank disk"
! output "builtins" | grep -a -q '^counter$'; tap $? "counter is not in the boot archive"
command "start counter" "^start: counter: not installed" "counter: not installed at first"

# A transfer damaged on the line: refused by ZMODEM's CRC, nothing kept.
mkdir -p "$work/trunc"; head -c 3000 "$bundle" > "$work/trunc/counter.bundle"
cat "$bundle" > "$work/counter.bundle"
upload "$work/counter.bundle" "$zcorrupt" 2000 13
wait_for 1 '^rz: CRC error, transfer refused'; tap $? "a damaged transfer: rz: CRC error, transfer refused"
command "uploaded" "^uploaded: none" "a damaged transfer: nothing is kept"
command "install counter" "^install: counter: no such builtin bundle" "a damaged transfer: install finds no counter"
! installed && ! on_disk; tap $? "a damaged transfer: nothing installed, nothing on the disk"

# A whole transfer of an invalid bundle: the process manager's validator
# refuses it and deletes it from the disk again.
upload "$work/trunc/counter.bundle"
wait_for 1 '^rz: received counter.bundle 3000 bytes'; tap $? "a truncated bundle arrives whole"
command "install counter" "^install: counter: invalid bundle: " "a truncated bundle: install refuses it"
! installed && ! on_disk; tap $? "a truncated bundle: nothing installed, nothing on the disk"

# The real one.
upload "$bundle"
size=$(stat -c %s "$bundle")
wait_for 1 "^rz: received counter.bundle $size bytes"; tap $? "counter.bundle uploaded with sz ($size bytes)"
command "install counter" "^install: counter: installed from the upload ($size bytes" "install counter takes the upload"
installed && on_disk; tap $? "bundles lists counter, the disk holds it"
command "start counter" "\[counter\] counter: run 1\$" "counter runs: run 1 (its key written)"
command "status counter" "^counter: exited 0" "counter: exited 0"
command "kvread runs" "^kvread: runs: no such key" "counter's key is in its namespace, not the console's"
command "install hello" "^mote> " "install hello (a builtin)"

# A bundle on the disk over what one application can map (72 KiB): the
# next boot lists it, start says why it cannot be loaded.
expect "blobput big 100000" "^blobput: big: 100000 bytes stored" > /dev/null
# Power off; the same image again.
stop
boot; wait_for 1 'mote> '; tap $? "boots again on the same disk"
command "start big" "^start: big: 100000 bytes: over the 72 KiB a bundle may have" "a 100,000-byte bundle on the disk: start refuses it, saying why"
expect "uninstall big" "^mote> " > /dev/null
installed; tap $? "after the power-off: bundles lists counter"
output "bundles" | grep -a -q '^hello$'; tap $? "after the power-off: bundles lists the builtin hello"
command "start hello" "\[hello\] hello, world" "hello starts from the disk without installing again"
command "start counter" "\[counter\] counter: run 2\$" "start works without installing again; the key written before the power-off is read back (run 2)"
# The disk is untrusted: hello's bytes there replaced (the console's
# blob test path writes .bundles) are validated again at start.
send "stop hello"; expect "blobput hello 3000" "^blobput: hello: 3000 bytes stored" > /dev/null
command "start hello" "^start: hello: invalid bundle: " "a bundle changed on the disk: start validates it again and refuses it"
command "uninstall counter" "^mote> " "uninstall counter"
! installed && ! on_disk; tap $? "uninstalled: not in bundles, not on the disk"
stop
boot; wait_for 1 'mote> '
command "start counter" "^start: counter: not installed" "after the next boot: counter stays uninstalled"
# Uninstall took counter's key-value pairs with it: the same bundle,
# installed again, counts from 1 (run 3 if its key "runs" had stayed).
upload "$bundle"
wait_for 1 "^rz: received counter.bundle $size bytes"
command "install counter" "^install: counter: installed from the upload" "counter uploaded and installed again"
command "start counter" "\[counter\] counter: run 1\$" "uninstall deleted counter's keys: installed again, it counts from run 1"
stop
# No disk at all: builtins install until power-off, key-value calls fail
# at once with their own error.
disk=
boot; wait_for 1 'mote> '
command "install keyval" "^process_manager: keyval: installed until power-off, not on the disk: no disk" "no disk: install says the bundle is not kept"
command "start keyval" "\[keyval error\] write greeting: no storage (no disk or no store on it)" "no disk: key-value calls answer no storage"
command "status keyval" "^keyval: exited 1" "no disk: keyval reports the failure and exits 1"
stop
# No flash drive either (the builtins' image, QEMU_FLASH): no builtins,
# and the system says so instead of failing.
flags=$(echo " $flags " | sed 's/ -drive if=pflash[^ ]*/ /')
boot; wait_for 1 'mote> '
command "builtins" "^no builtins: no flash image (erased or absent)" "no flash: builtins says there are none, and why"
command "install hello" "^install: hello: no builtins: no flash image" "no flash: install of a builtin says why"
command "echo still here" "^still here" "no flash: the console goes on"
stop
grep -a -E '^(rz|install|start|\[counter)' "$work/out" | cat -v | sed 's/^/# /'

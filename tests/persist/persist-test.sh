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
LIMIT=${SYSTEM_TEST_TIMEOUT:-60}
. "$(dirname "$0")/../lib/console.sh"
disk=$work/disk.img

# QEMU on the disk (none when $disk is empty), its console on a socket.
boot() { boot_socket "$image" ${disk:+$(disk_args "$disk")}; }
installed() { output "bundles" | grep -a -q '^counter$'; }
on_disk() { output "bloblist --bundle" | grep -a -q '^bloblist: counter '; }

echo "1..37"
if [ ! -f "$image" ] || [ ! -f "$bundle" ] || [ ! -x "$zcorrupt" ]; then
    echo "Bail out! no image, bundle or zcorrupt"; exit 1
fi
truncate -s 4M "$disk"
boot || { echo "Bail out! QEMU did not start"; exit 1; }
wait_for 1 'mote> '; tap $? "boots to the prompt on the socket"
check "format" "^format: done" "format: a store on the blank disk"
! output "builtins" | grep -a -q '^counter$'; tap $? "counter is not in the boot archive"
check "start counter" "^start: counter: not installed" "counter: not installed at first"

# A transfer damaged on the line: refused by ZMODEM's CRC, nothing kept.
mkdir -p "$work/trunc"; head -c 3000 "$bundle" > "$work/trunc/counter.bundle"
cat "$bundle" > "$work/counter.bundle"
upload "$work/counter.bundle" "$zcorrupt" 2000 13
wait_for 1 '^rz: CRC error, transfer refused'; tap $? "a damaged transfer: rz: CRC error, transfer refused"
check "uploaded" "^uploaded: none" "a damaged transfer: nothing is kept"
check "install counter" "^install: counter: no such builtin bundle" "a damaged transfer: install finds no counter"
! installed && ! on_disk; tap $? "a damaged transfer: nothing installed, nothing on the disk"

# A whole transfer of an invalid bundle: the process manager's validator
# refuses it and deletes it from the disk again.
upload "$work/trunc/counter.bundle"
wait_for 1 '^rz: received counter.bundle 3000 bytes'; tap $? "a truncated bundle arrives whole"
check "install counter" "^install: counter: invalid bundle: " "a truncated bundle: install refuses it"
! installed && ! on_disk; tap $? "a truncated bundle: nothing installed, nothing on the disk"

# The real one.
upload "$bundle"
size=$(stat -c %s "$bundle")
wait_for 1 "^rz: received counter.bundle $size bytes"; tap $? "counter.bundle uploaded with sz ($size bytes)"
check "install counter" "^install: counter: installed from the upload ($size bytes" "install counter takes the upload"
installed && on_disk; tap $? "bundles lists counter, the disk holds it"
check "start counter" "\[counter\] counter: run 1\$" "counter runs: run 1 (its key written)"
check "status counter" "^counter: exited 0" "counter: exited 0"
check "kvread runs" "^kvread: runs: no such key" "counter's key is in its namespace, not the console's"
check "install hello" "^mote> " "install hello (a builtin)"

# A bundle on the disk over what one application can map (72 KiB): the
# next boot lists it, start says why it cannot be loaded.  A test blob
# (no --bundle) is not one: it is in a namespace of its own.
expect "blobput --bundle big 100000" "^blobput: big: 100000 bytes stored" > /dev/null
expect "blobput notabundle 1" "^blobput: notabundle: 1 byte stored" > /dev/null
# Power off; the same image again.
stop
boot; wait_for 1 'mote> '; tap $? "boots again on the same disk"
check "start big" "^start: big: 100000 bytes: over the 72 KiB a bundle may have" "a 100,000-byte bundle on the disk: start refuses it, saying why"
expect "uninstall big" "^mote> " > /dev/null
installed; tap $? "after the power-off: bundles lists counter"
output "bundles" | grep -a -q '^hello$'; tap $? "after the power-off: bundles lists the builtin hello"
! output "bundles" | grep -a -q '^notabundle$' && output "bloblist" | grep -a -q '^bloblist: notabundle 1 byte$'
tap $? "after the power-off: a test blob is not listed as a bundle (bloblist has it)"
check "start hello" "\[hello\] hello, world" "hello starts from the disk without installing again"
check "start counter" "\[counter\] counter: run 2\$" "start works without installing again; the key written before the power-off is read back (run 2)"
# The disk is untrusted: hello's bytes there replaced (the console's
# blob test path writes .bundles with --bundle) are validated again at start.
send "stop hello"; expect "blobput --bundle hello 3000" "^blobput: hello: 3000 bytes stored" > /dev/null
check "start hello" "^start: hello: invalid bundle: " "a bundle changed on the disk: start validates it again and refuses it"
check "uninstall counter" "^mote> " "uninstall counter"
! installed && ! on_disk; tap $? "uninstalled: not in bundles, not on the disk"
stop
boot; wait_for 1 'mote> '
check "start counter" "^start: counter: not installed" "after the next boot: counter stays uninstalled"
# Uninstall took counter's key-value pairs with it: the same bundle,
# installed again, counts from 1 (run 3 if its key "runs" had stayed).
upload "$bundle"
wait_for 1 "^rz: received counter.bundle $size bytes"
check "install counter" "^install: counter: installed from the upload" "counter uploaded and installed again"
check "start counter" "\[counter\] counter: run 1\$" "uninstall deleted counter's keys: installed again, it counts from run 1"
stop
# No disk at all: builtins install until power-off, key-value calls fail
# at once with their own error.
disk=
boot; wait_for 1 'mote> '
check "install keyval" "^process_manager: keyval: installed until power-off, not on the disk: no disk" "no disk: install says the bundle is not kept"
check "start keyval" "\[keyval error\] write greeting: no storage (no disk or no store on it)" "no disk: key-value calls answer no storage"
check "status keyval" "^keyval: exited 1" "no disk: keyval reports the failure and exits 1"
stop
# No flash drive either (the builtins' image, QEMU_FLASH): no builtins,
# and the system says so instead of failing.
QEMU_FLAGS=$(echo " $QEMU_FLAGS " | sed 's/ -drive if=pflash[^ ]*/ /')
boot; wait_for 1 'mote> '
check "builtins" "^no builtins: no flash image (erased or absent)" "no flash: builtins says there are none, and why"
check "install hello" "^install: hello: no builtins: no flash image" "no flash: install of a builtin says why"
check "echo still here" "^still here" "no flash: the console goes on"
stop
grep -a -E '^(rz|install|start|\[counter)' "$work/out" | cat -v | sed 's/^/# /'

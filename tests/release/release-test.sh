#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The release kernel's tests; prints TAP lines.
# Usage: release-test.sh RELEASE_IMAGE_DIR DEBUG_IMAGE_DIR
# 1. The default system on the release kernel, driven at its console
#    (tests/systems/system-test.sh's default part): banner, prompt, every
#    command, `exit` through the Power cap.
# 2. Each debug system call (RELEASE_CALLS) on the release kernel: the
#    kernel reports an unknown-syscall fault (fault 2) and nothing the call
#    would print appears; on the debug kernel the same image prints.
rel=$1; dbg=$2
CALLS=${RELEASE_CALLS:-9 10 11 12 13}
MARKER='debug call answered'
. "$(dirname "$0")/../lib/console.sh"

sys=$(tests/systems/system-test.sh "$rel" default)
plan=$(( $(echo "$sys" | sed -n 's/^1\.\.//p') + $(echo $CALLS | wc -w) + 1 ))
echo "1..$plan"
n=0
while IFS= read -r line; do
    case $line in
    ok\ *|not\ ok\ *) n=$((n + 1)); echo "$line" | sed -E "s/^(not )?ok [0-9]+ - /\1ok $n - release: /";;
    1..*) ;;
    *) echo "$line";;
    esac
done <<< "$sys"

# boot IMAGE: its console output, after at most 10 s (QEMU is stopped then)
boot() { timeout 10 $QEMU $QEMU_FLAGS -kernel "$1" < /dev/null > "$work/out" 2>&1; }

for c in $CALLS; do
    boot "$rel/refuse-$c.elf"
    grep -q "a thread faulted (fault 2 at pc" "$work/out" && ! grep -q "$MARKER" "$work/out"
    r=$?
    tap $r "release: debug system call $c is an unknown-syscall fault"
    [ $r = 0 ] || sed 's/^/# /' "$work/out" | tail -5
done
boot "$dbg/refuse-13.elf"; status=$?
grep -q "$MARKER" "$work/out" && [ $status = 0 ]
tap $? "debug kernel: the same PutS prints and Shutdown ends with status 0"

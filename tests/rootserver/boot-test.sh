#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Boots the rootserver's test systems in QEMU and checks their consoles.
# Usage: boot-test.sh GOOD_IMAGE BAD_SPEC_IMAGE MISSING_IMAGE_IMAGE NO_OWNER_IMAGE NO_KEEPER_IMAGE
#                     NO_IPC_MAPPING_IMAGE
# QEMU and QEMU_FLAGS come from the environment (the Makefile's).
# Prints TAP: a plan, then "ok N - name" / "not ok N - name".
good=$1; bad=$2; missing=$3; noown=$4; nokeep=$5; noipc=$6
qemu=${QEMU:-qemu-system-riscv64}
flags=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

boot() {   # boot IMAGE NAME: console to $tmp/NAME, exit status to $tmp/NAME.status
    timeout --foreground -k 2 30 $qemu $flags -kernel "$1" > "$tmp/$2.raw" 2>&1 < /dev/null
    echo $? > "$tmp/$2.status"
    tr -d '\r' < "$tmp/$2.raw" | sed -n '/^mote kernel/,$p' > "$tmp/$2"
}

check() {  # check LOG DESCRIPTION REGEX
    n=$((n + 1))
    if grep -qE "$3" "$tmp/$1"; then echo "ok $n - $2"; else
        echo "not ok $n - $2"; echo "# expected /$3/ in:"; sed 's/^/#   /' "$tmp/$1"; fi
}

echo "1..26"
boot "$good" good
check good "rootserver reports its figures" \
    '^rootserver: spec [0-9]+ bytes, [0-9]+ objects, system uses [0-9]+ bytes, reclaimed [0-9]+ bytes$'
check good "read-only pages mapped in place, data copied" \
    '^rootserver: [1-9][0-9]* pages mapped in place, [1-9][0-9]* copied'
check good "memory owner gets the leftover and the rootserver's untyped" \
    '^rootserver: client__cnode__root gets [1-9][0-9]* untyped'
check good "server's .data copied and .bss zero" '^server: data 100, bss sum 0$'
check good "client starts with a0 = its thread index" '^client: started as client thread 0$'
check good "rpc over the spec's endpoint with the client's badge" '^server: call 101: echo\(20\) from badge 1$'
check good "rpc reply" '^client: echo\(20\) = 21$'
check good "notification with the emitter's badge" '^client: tick badge 0x1$'
check good "memory owner holds its untyped caps" '^client: holds 4 untyped$'
check good "rootserver revoked and its memory retyped" \
    '^client: revoked the rootserver \(0\), retyped from its memory \(0\)$'
check good "system runs on after the rootserver is gone" '^client: after reclaim echo\(41\) = 42$'
# The keeper CNode is the spec's: motec's prediction is what the system uses.
sed -n 's/.*motec predicted \([0-9]*\) bytes$/predicted \1/p' "$tmp/good" > "$tmp/good.fig"
sed -n 's/.*system uses \([0-9]*\) bytes,.*/uses \1/p' "$tmp/good" >> "$tmp/good.fig"
# both lines present and one value between them
echo "equal $(wc -l < "$tmp/good.fig") $(sort -u -k2 "$tmp/good.fig" | wc -l)" >> "$tmp/good.fig"
check good.fig "motec predicts the bytes the system uses (keeper in the spec)" '^equal 2 1$'
check good "the keeper CNode and the ASID pool are reported as the system's" '^rootserver: mem system [0-9]+ cnode=[0-9]+ other=4096$'
check good "per-owner figures by kind" \
    '^rootserver: mem client [0-9]+ code=[0-9]+ .*tcb=512 cnode=[0-9]+ vspace=4096 pt=[0-9]+'
awk '/^rootserver: mem / && $3 != "total" { s += $4 } /^rootserver: mem total/ { t = $4 }
     END { print (s == t && t > 0) ? "sum ok" : "sum " s " total " t }' "$tmp/good" > "$tmp/good.sum"
check good.sum "the owners add up to the total" '^sum ok$'
check good "boot peak and idle figures" \
    '^rootserver: boot system=[0-9]+ inplace=[0-9]+ gaps=0 rootserver=[0-9]+ archive=[0-9]+ reclaimed=[0-9]+ archive_reclaimed=[0-9]+ peak=[0-9]+ idle=[0-9]+ ram=[0-9]+ kernel=[0-9]+ held=[0-9]+$'
check good "the archive's boot-only head (header, spec, data bytes) goes to the memory owner" \
    '^rootserver: boot .* archive_reclaimed=[1-9][0-9]* '
echo "status $(cat "$tmp/good.status")" > "$tmp/good.exit"
check good.exit "clean shutdown" '^status 0$'
boot "$bad" bad
check bad "a bad spec is reported, not crashed on" '^rootserver: bad spec: cap table'
boot "$missing" missing
check missing "a missing image is reported" "^rootserver: image 'client' is not in the boot archive"
boot "$noown" noown
check noown "without a memory owner nothing is reclaimed" \
    '^rootserver: spec [0-9]+ bytes, [0-9]+ objects, system uses [0-9]+ bytes, reclaimed 0 bytes$'
check noown "... and no untyped is handed out" '^client: holds 0 untyped$'
check noown "... and the system runs" '^client: after reclaim echo\(41\) = 42$'
check noown "... and the archive's boot-only head is not handed out" '^rootserver: boot .* archive_reclaimed=0 '
boot "$nokeep" nokeep
check nokeep "a spec without a keeper CNode is refused" '^rootserver: bad spec: no keeper CNode'
boot "$noipc" noipc
check noipc "an IPC buffer whose frame is not mapped writable there is refused" \
    '^rootserver: bad spec: tcb [a-z_]+__tcb__[a-z_]+: IPC buffer frame [a-z_]+__data__0 is not mapped writable at 0x1[0-9a-f]+c00$'

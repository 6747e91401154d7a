#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make debug`'s gdb script, non-interactively: gdb-multiarch -batch runs
# it against QEMU halted with a gdb server; every symbol file loads with no
# question, and the kernel's, the rootserver's and each component's
# symbols resolve (each component's after `mote-INST`).  Prints TAP lines.
# Usage: gdb-test.sh GDB_SCRIPT IMAGE
script=$1; image=$2
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_FLAGS=${QEMU_FLAGS:--M virt -smp 1 -m 128M -nographic -bios default -monitor none -serial stdio}
port=$((20000 + $$ % 20000))
out=$(mktemp)
trap 'kill $qpid 2>/dev/null; rm -f "$out"' EXIT
$QEMU ${QEMU_FLAGS/-serial stdio/-serial null} -kernel "$image" -S -gdb tcp::$port < /dev/null > /dev/null 2>&1 &
qpid=$!
sleep 1
insts=$(sed -n 's/^define mote-\(.*\)$/\1/p' "$script" | grep -v '^all$')
cmds=(-ex "target remote :$port" -ex 'info line kernel_main' -ex 'info line rs_fail')
for i in $insts; do cmds+=(-ex "mote-$i" -ex 'info symbol 0x100000'); done
timeout 60 gdb-multiarch -batch -x "$script" "${cmds[@]}" < /dev/null > "$out" 2>&1
n=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
echo "1..$((3 + $(echo $insts | wc -w)))"
! grep -q '(y or n)' "$out"; tap $? "gdb asks no question"
grep -q 'kernel_main> and ends' "$out"; tap $? "the kernel's symbols (kernel_main)"
grep -q 'rs_fail> and ends' "$out"; tap $? "the rootserver's symbols (rs_fail)"
for i in $insts; do
    grep -q "_start in section .text of .*/$i.full.elf" "$out"
    tap $? "component $i's symbols at 0x100000 (mote-$i)"
done

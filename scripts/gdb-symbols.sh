#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Writes the gdb script `make debug` runs: every symbol a system has, with
# no question asked (set confirm off).
# Usage: gdb-symbols.sh IMAGE ROOT_ELF [COMPONENT_ELF...]
#   IMAGE          the bootable image (the kernel's symbols, its own
#                  addresses in the upper half)
#   ROOT_ELF       the root task (the rootserver, linked at 0x10000)
#   COMPONENT_ELF  each component instance's unstripped ELF
#                  (build/NAME/obj/INST.full.elf)
# Every component is linked at the same virtual address (0x100000), each
# in its own address space, so their symbols overlap: gdb names an address
# after the first file that covers it.  The script loads them all and
# defines, per instance, `mote-INST`: keep only that component's symbols
# (for breakpoints and backtraces in it; the kernel's and the
# rootserver's stay), and `mote-all` to load them all again.
set -e
# absolute paths: the names gdb keeps for its symbol files
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
image=$(abs "$1"); root=$(abs "$2"); shift 2
elfs=
for elf in "$@"; do elfs="$elfs $(abs "$elf")"; done
echo "set confirm off"
echo "set pagination off"
echo "set architecture riscv:rv64"
echo "file $image"
echo "add-symbol-file $root"
for elf in $elfs; do echo "add-symbol-file $elf"; done
# Switching: drop whichever component files are loaded, then add some.
echo "python"
printf 'MOTE_COMPONENTS = ['
for elf in $elfs; do printf '"%s", ' "$elf"; done
echo ']'
cat <<'PY'
def mote_keep(keep):
    for o in list(gdb.objfiles()):
        if o.filename in MOTE_COMPONENTS:
            gdb.execute("remove-symbol-file " + o.filename)
    for f in keep:
        gdb.execute("add-symbol-file " + f)
end
PY
echo "define mote-all"
echo "  python mote_keep(MOTE_COMPONENTS)"
echo "end"
echo "document mote-all"
echo "Load every component's symbols (they overlap at 0x100000: the first wins)."
echo "end"
for elf in $elfs; do
    inst=$(basename "$elf" .full.elf)
    echo "define mote-$inst"
    echo "  python mote_keep([\"$elf\"])"
    echo "end"
    echo "document mote-$inst"
    echo "Keep only component $inst's symbols at 0x100000 (kernel and rootserver stay)."
    echo "end"
done

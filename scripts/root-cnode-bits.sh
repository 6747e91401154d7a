#!/bin/sh
# Prints log2 of the root CNode slots a system's rootserver needs, for
# kernel/kernel.mk (ROOT_CNODE_BITS): the kernel's initial caps, the
# rootserver's image frames and page tables, the archive's frames, the
# boot untyped caps, then one slot per spec object and per mapping and the
# rootserver's own margin (rootserver/main.c, plan_slots).
# Usage: root-cnode-bits.sh SYSTEM.spec ARCHIVE ROOTSERVER.elf SIZE-TOOL
set -e
spec=$1; archive=$2; elf=$3; size_tool=$4
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
objects=$(u32 "$spec" 16)
mappings=$(u32 "$spec" 32)
archive_pages=$(( ($(stat -c %s "$archive") + 4095) / 4096 ))
image_pages=$(( ($("$size_tool" "$elf" | awk 'NR == 2 { print $4 }') + 4095) / 4096 + 4 ))
page_tables=$(( (archive_pages + image_pages) / 512 + 4 ))
initial=9; untyped=96; margin=64   # initial: MT_INIT_FIRST_FREE
need=$(( initial + image_pages + page_tables + archive_pages + untyped + objects + mappings + margin ))
bits=8
while [ $(( 1 << bits )) -lt "$need" ]; do bits=$(( bits + 1 )); done
echo "$bits"

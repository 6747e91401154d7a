#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Copies a system.spec with its first TCB's IPC buffer moved one page up,
# where its frame is not mapped: the rootserver must refuse the spec
# rather than configure a thread whose buffer the kernel and the thread
# would see in different places.
# Usage: spec-ipcbuf-elsewhere.sh IN OUT
# Offsets from include/mote/spec.h: the header's tcb_offset is at 44, a
# TCB record's ipc_vaddr at 16 (little-endian).
set -e
cp "$1" "$2"
tcbs=$(od -An -tu4 -j44 -N4 "$2" | tr -d ' ')
at=$((tcbs + 16))
va=$(od -An -tu8 -j$at -N8 "$2" | tr -d ' ')
va=$((va + 4096))
i=0
while [ $i -lt 8 ]; do
    printf "\\$(printf %o $(((va >> (8 * i)) & 255)))"
    i=$((i + 1))
done | dd of="$2" bs=1 seek=$at conv=notrunc 2>/dev/null

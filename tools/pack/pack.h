/* SPDX-License-Identifier: BSD-2-Clause */
/* mkarchive: the boot archive packer (format: include/mote/archive.h). */
#ifndef PACK_H
#define PACK_H

#include <stddef.h>
#include <stdint.h>

#include <mote/archive.h>

/* One file to pack.  path is used in messages only; data/size is the
 * file's content. */
struct pack_file {
    const char *name;
    const char *path;
    const uint8_t *data;
    size_t size;
    uint32_t flags;     /* MT_ARCHIVE_*; ELF and SPEC are set by pack_classify */
};

/* Messages are "path: error: text" into err (size PACK_ERR_MAX). */
#define PACK_ERR_MAX 512

/* Sets MT_ARCHIVE_ELF for ELF files and checks what the archive needs of
 * them (ELF64 RISC-V executable, page-congruent PT_LOAD segments inside
 * the file).  Returns 0, or -1 with err set. */
int pack_check_elf(const struct pack_file *f, char *err);

/* Checks a binary spec's header (magic, version, size). */
int pack_check_spec(const struct pack_file *f, char *err);

/* Lays out the archive: directory first, then the boot-only bytes (spec,
 * --boot files, the ELFs' writable-segment bytes) packed, then the kept
 * pages (the ELFs' read-only segments, other files) page-aligned; each
 * group keeps the given order.  On success
 * *out is a malloc'd buffer of *out_size bytes (a multiple of a page). */
int pack_build(const struct pack_file *files, int n, uint8_t **out, size_t *out_size,
               char *err);

/* Checks an archive (as the rootserver would) and returns its directory. */
int pack_parse(const uint8_t *data, size_t size, const struct mt_archive_header **hdr,
               char *err);

/* The free root CNode slots the rootserver needs to build the system in
 * archive, besides the kernel's caps (tools/pack/rootcnode.c).  Returns
 * 0, or -1 with err set (no spec, more than the kernel's largest root
 * CNode). */
int pack_root_cnode_slots(const uint8_t *archive, size_t size, const char *archive_path,
                          uint64_t *slots, char *err);

#endif

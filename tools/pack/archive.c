/* SPDX-License-Identifier: BSD-2-Clause */
/* Archive layout (include/mote/archive.h): header and directory, the
 * boot-only bytes packed, then the kept pages. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mote/spec.h>

#include "pack.h"

#define PAGE MT_ARCHIVE_PAGE

static uint64_t page_up(uint64_t x) { return (x + PAGE - 1) & ~(uint64_t)(PAGE - 1); }
static uint64_t align8(uint64_t x) { return (x + 7) & ~(uint64_t)7; }

static int check_names(const struct pack_file *files, int n, char *err)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(files[i].name);
        if (len == 0 || len >= MT_ARCHIVE_NAME_MAX) {
            snprintf(err, PACK_ERR_MAX, "%s: error: archive name '%s' must have 1 to %u "
                     "characters", files[i].path, files[i].name, MT_ARCHIVE_NAME_MAX - 1);
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (!strcmp(files[i].name, files[j].name)) {
                snprintf(err, PACK_ERR_MAX, "%s: error: archive name '%s' given twice "
                         "(also for %s)", files[i].path, files[i].name, files[j].path);
                return -1;
            }
    }
    return 0;
}

/* An ELF's two extents (file ranges; archive offsets come later): the
 * pages of its read-only segments (kept) and the file bytes of its
 * writable segments that those pages do not hold (boot-only).  pack_check_elf
 * has checked the headers. */
static void elf_extents(const struct pack_file *f, struct mt_archive_entry *e)
{
    Elf64_Ehdr eh;
    memcpy(&eh, f->data, sizeof eh);
    uint64_t klo = UINT64_MAX, khi = 0, dlo = UINT64_MAX, dhi = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, f->data + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0 || ph.p_filesz == 0)
            continue;
        uint64_t *lo = ph.p_flags & PF_W ? &dlo : &klo, *hi = ph.p_flags & PF_W ? &dhi : &khi;
        uint64_t a = ph.p_flags & PF_W ? ph.p_offset : ph.p_offset & ~(uint64_t)(PAGE - 1);
        uint64_t b = ph.p_flags & PF_W ? ph.p_offset + ph.p_filesz
                                       : page_up(ph.p_offset + ph.p_filesz);
        *lo = a < *lo ? a : *lo;
        *hi = b > *hi ? b : *hi;
    }
    /* extent 0 is the kept one, empty if nothing is read-only */
    e->extent[0] = (struct mt_archive_extent){ klo < khi ? klo : 0, 0, klo < khi ? khi - klo : 0 };
    e->extent_count = 1;
    if (dlo < dhi && (dlo < klo || dhi > khi))
        e->extent[e->extent_count++] = (struct mt_archive_extent){ dlo, 0, dhi - dlo };
}

/* Does the spec among files name image as a component image?  Only those
 * ELFs are cut to their segments: any other file (an application bundle
 * is an ELF with more behind it) is stored whole.  pack_check_spec has
 * checked the header; tables outside the spec name nothing. */
static int spec_names(const struct pack_file *files, int n, const char *image)
{
    for (int i = 0; i < n; i++) {
        if (!(files[i].flags & MT_ARCHIVE_SPEC))
            continue;
        struct mt_spec_header h;
        memcpy(&h, files[i].data, sizeof h);
        for (uint32_t k = 0; k < h.image_count; k++) {
            uint64_t at = h.image_offset + (uint64_t)k * sizeof(struct mt_spec_image);
            if (at + sizeof(struct mt_spec_image) > files[i].size)
                break;
            struct mt_spec_image im;
            memcpy(&im, files[i].data + at, sizeof im);
            uint64_t name = (uint64_t)h.string_offset + im.name;
            size_t len = strlen(image) + 1;
            if (name + len <= files[i].size && !memcmp(files[i].data + name, image, len))
                return 1;
        }
    }
    return 0;
}

/* Is extent x of a file with these flags kept (mapped in place)? */
static int kept(uint32_t flags, int x)
{
    return x == 0 && !(flags & MT_ARCHIVE_BOOT_ONLY);
}

/* Places every extent: boot-only ones from at (packed), kept ones after
 * (page-aligned).  Returns the archive's size. */
static uint64_t place(const struct pack_file *files, int n, struct mt_archive_entry *dir,
                      uint64_t at, uint64_t *keep_offset)
{
    for (int pass = 0; pass < 2; pass++) {
        if (pass)
            at = *keep_offset = page_up(at);
        for (int i = 0; i < n; i++)
            for (uint32_t x = 0; x < dir[i].extent_count; x++) {
                if (kept(files[i].flags, (int)x) != pass)
                    continue;
                dir[i].extent[x].archive_offset = at;
                at = pass ? page_up(at + dir[i].extent[x].bytes)
                          : align8(at + dir[i].extent[x].bytes);
            }
    }
    return page_up(at);
}

int pack_build(const struct pack_file *files, int n, uint8_t **out, size_t *out_size,
               char *err)
{
    if (check_names(files, n, err))
        return -1;
    struct mt_archive_entry *dir = calloc((size_t)n + 1, sizeof *dir);
    struct mt_archive_header h = { MT_ARCHIVE_MAGIC, MT_ARCHIVE_VERSION, (uint32_t)n, 0, 0 };
    for (int i = 0; i < n; i++) {
        strcpy(dir[i].name, files[i].name);
        dir[i].size = files[i].size;
        dir[i].flags = files[i].flags;
        if ((files[i].flags & MT_ARCHIVE_ELF) && spec_names(files, n, files[i].name))
            elf_extents(&files[i], &dir[i]);
        else
            dir[i].extent[dir[i].extent_count++] =
                (struct mt_archive_extent){ 0, 0, kept(files[i].flags, 0)
                                                      ? page_up(files[i].size) : files[i].size };
    }
    h.total_bytes = place(files, n, dir, sizeof h + (uint64_t)n * sizeof *dir, &h.keep_offset);
    uint8_t *buf = calloc(1, (size_t)h.total_bytes);
    memcpy(buf, &h, sizeof h);
    memcpy(buf + sizeof h, dir, (size_t)n * sizeof *dir);
    for (int i = 0; i < n; i++)
        for (uint32_t x = 0; x < dir[i].extent_count; x++) {
            const struct mt_archive_extent *e = &dir[i].extent[x];
            uint64_t len = e->file_offset + e->bytes <= files[i].size
                           ? e->bytes : files[i].size - e->file_offset;
            memcpy(buf + e->archive_offset, files[i].data + e->file_offset, (size_t)len);
        }
    free(dir);
    *out = buf;
    *out_size = (size_t)h.total_bytes;
    return 0;
}

static int bad(char *err, const char *msg)
{
    snprintf(err, PACK_ERR_MAX, "error: %s", msg);
    return -1;
}

/* Every extent inside the archive, after the directory, kept ones
 * page-aligned in the kept region, boot-only ones before it. */
static int check_entry(const struct mt_archive_header *h, const struct mt_archive_entry *e,
                       uint64_t dir_end, char *err)
{
    if (memchr(e->name, 0, sizeof e->name) == NULL)
        return bad(err, "archive entry name is not NUL-terminated");
    if (e->extent_count == 0 || e->extent_count > MT_ARCHIVE_EXTENTS)
        return bad(err, "archive entry has no extent or too many");
    for (uint32_t x = 0; x < e->extent_count; x++) {
        const struct mt_archive_extent *t = &e->extent[x];
        int keep = t->archive_offset >= h->keep_offset;
        if (t->archive_offset < dir_end || t->archive_offset > h->total_bytes ||
            t->bytes > h->total_bytes - t->archive_offset ||
            (keep && (t->archive_offset % PAGE || t->file_offset % PAGE)) ||
            (!keep && t->bytes > h->keep_offset - t->archive_offset))
            return bad(err, "archive extent lies outside its region or is not page-aligned");
    }
    return 0;
}

int pack_parse(const uint8_t *data, size_t size, const struct mt_archive_header **hdr,
               char *err)
{
    const struct mt_archive_header *h = (const void *)data;
    if (size < sizeof *h || h->magic != MT_ARCHIVE_MAGIC)
        return bad(err, "not a mote boot archive (bad magic)");
    if (h->version != MT_ARCHIVE_VERSION)
        return bad(err, "boot archive of another version");
    if (h->total_bytes != size || size % PAGE)
        return bad(err, "boot archive size does not match its header");
    uint64_t dir_end = sizeof *h + (uint64_t)h->entry_count * sizeof(struct mt_archive_entry);
    if (dir_end > size || h->keep_offset > size || h->keep_offset % PAGE ||
        h->keep_offset < dir_end)
        return bad(err, "boot archive directory lies outside the archive");
    for (uint32_t i = 0; i < h->entry_count; i++)
        if (check_entry(h, &mt_archive_entries(h)[i], dir_end, err))
            return -1;
    *hdr = h;
    return 0;
}

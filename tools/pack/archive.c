/* SPDX-License-Identifier: BSD-2-Clause */
/* Archive layout: directory, then files page-aligned, boot-only last. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

#define PAGE MT_ARCHIVE_PAGE

static uint64_t page_up(uint64_t x) { return (x + PAGE - 1) & ~(uint64_t)(PAGE - 1); }

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

/* Directory order: every file that stays, then the boot-only ones. */
static void order(const struct pack_file *files, int n, int *idx)
{
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++)
            if (!!(files[i].flags & MT_ARCHIVE_BOOT_ONLY) == pass)
                idx[k++] = i;
}

int pack_build(const struct pack_file *files, int n, uint8_t **out, size_t *out_size,
               char *err)
{
    if (check_names(files, n, err))
        return -1;
    int *idx = calloc((size_t)n + 1, sizeof *idx);
    struct mt_archive_entry *dir = calloc((size_t)n + 1, sizeof *dir);
    struct mt_archive_header h = { MT_ARCHIVE_MAGIC, MT_ARCHIVE_VERSION, (uint32_t)n, 0, 0 };
    order(files, n, idx);
    uint64_t at = page_up(sizeof h + (uint64_t)n * sizeof *dir);
    h.boot_only_offset = UINT64_MAX;
    for (int k = 0; k < n; k++) {
        const struct pack_file *f = &files[idx[k]];
        if ((f->flags & MT_ARCHIVE_BOOT_ONLY) && h.boot_only_offset == UINT64_MAX)
            h.boot_only_offset = at;
        strcpy(dir[k].name, f->name);
        dir[k].offset = at;
        dir[k].size = f->size;
        dir[k].flags = f->flags;
        at = page_up(at + f->size);
    }
    h.total_bytes = at;
    if (h.boot_only_offset == UINT64_MAX)
        h.boot_only_offset = at;
    uint8_t *buf = calloc(1, (size_t)at);
    memcpy(buf, &h, sizeof h);
    memcpy(buf + sizeof h, dir, (size_t)n * sizeof *dir);
    for (int k = 0; k < n; k++)
        memcpy(buf + dir[k].offset, files[idx[k]].data, files[idx[k]].size);
    free(idx);
    free(dir);
    *out = buf;
    *out_size = (size_t)at;
    return 0;
}

static int bad(char *err, const char *msg)
{
    snprintf(err, PACK_ERR_MAX, "error: %s", msg);
    return -1;
}

static int check_entry(const struct mt_archive_header *h, const struct mt_archive_entry *e,
                       uint64_t dir_end, char *err)
{
    if (memchr(e->name, 0, sizeof e->name) == NULL)
        return bad(err, "archive entry name is not NUL-terminated");
    if (e->offset % PAGE || e->offset < dir_end || e->offset > h->total_bytes ||
        e->size > h->total_bytes - e->offset)
        return bad(err, "archive entry lies outside the archive or is not page-aligned");
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
    if (dir_end > size || h->boot_only_offset > size)
        return bad(err, "boot archive directory lies outside the archive");
    for (uint32_t i = 0; i < h->entry_count; i++)
        if (check_entry(h, &mt_archive_entries(h)[i], dir_end, err))
            return -1;
    *hdr = h;
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* mkarchive: packs component ELFs and the system spec into a boot archive.
 *
 *   mkarchive -o OUT [--spec PATH] [--boot NAME=PATH] NAME=PATH ...
 *   mkarchive --list ARCHIVE
 *   mkarchive --root-cnode-slots ARCHIVE
 *
 * NAME=PATH adds a file kept for the system's life (component ELFs: NAME
 * is the image name motec's spec uses); --boot adds a boot-only file and
 * --spec adds PATH as the boot-only "system.spec".  Errors name the input
 * ("path: error: ...") and exit 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

#define MAX_FILES 256

static int die(const char *msg)
{
    fprintf(stderr, "%s\n", msg);
    return 1;
}

static uint8_t *read_file(const char *path, size_t *size, char *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, PACK_ERR_MAX, "%s: error: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n == cap)
            buf = realloc(buf, cap = cap ? cap * 2 : 65536);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        snprintf(err, PACK_ERR_MAX, "%s: error: read failed", path);
        return NULL;
    }
    *size = n;
    return buf;
}

/* NAME=PATH (or a bare PATH for --spec) into one pack_file. */
static int add(struct pack_file *f, const char *arg, const char *fixed_name, uint32_t flags,
               char *err)
{
    const char *eq = fixed_name ? NULL : strchr(arg, '=');
    if (!fixed_name && (!eq || eq == arg || !eq[1])) {
        snprintf(err, PACK_ERR_MAX, "mkarchive: error: '%s': expected NAME=PATH", arg);
        return -1;
    }
    f->name = fixed_name ? fixed_name : strndup(arg, (size_t)(eq - arg));
    f->path = fixed_name ? arg : eq + 1;
    f->flags = flags;
    if (!(f->data = read_file(f->path, &f->size, err)))
        return -1;
    if (flags & MT_ARCHIVE_SPEC)
        return pack_check_spec(f, err);
    if (f->size >= 4 && !memcmp(f->data, "\177ELF", 4)) {
        f->flags |= MT_ARCHIVE_ELF;
        return pack_check_elf(f, err);
    }
    return 0;
}

static int write_file(const char *path, const uint8_t *data, size_t size, char *err)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
        snprintf(err, PACK_ERR_MAX, "%s: error: cannot write: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int list(const char *path, char *err)
{
    size_t size;
    uint8_t *data = read_file(path, &size, err);
    const struct mt_archive_header *h;
    if (!data)
        return die(err);
    if (pack_parse(data, size, &h, err)) {
        fprintf(stderr, "%s: %s\n", path, err);
        return 1;
    }
    printf("%llu bytes, %u files, kept from %llu\n", (unsigned long long)h->total_bytes,
           h->entry_count, (unsigned long long)h->keep_offset);
    for (uint32_t i = 0; i < h->entry_count; i++) {
        const struct mt_archive_entry *e = &mt_archive_entries(h)[i];
        printf("%-24s %8llu%s%s%s\n", e->name, (unsigned long long)e->size,
               e->flags & MT_ARCHIVE_ELF ? " elf" : "", e->flags & MT_ARCHIVE_SPEC ? " spec" : "",
               e->flags & MT_ARCHIVE_BOOT_ONLY ? " boot-only" : "");
        for (uint32_t x = 0; x < e->extent_count; x++)
            printf("  file %llu..%llu at %llu %s\n", (unsigned long long)e->extent[x].file_offset,
                   (unsigned long long)(e->extent[x].file_offset + e->extent[x].bytes),
                   (unsigned long long)e->extent[x].archive_offset,
                   e->extent[x].archive_offset >= h->keep_offset ? "kept" : "boot-only");
    }
    return 0;
}

/* Prints the free root CNode slots the rootserver needs for the archive's
 * system (kernel/kernel.mk's ROOT_CNODE_SLOTS). */
static int root_cnode_slots(const char *archive, char *err)
{
    size_t size;
    uint8_t *data = read_file(archive, &size, err);
    uint64_t slots;
    if (!data || pack_root_cnode_slots(data, size, archive, &slots, err))
        return die(err);
    printf("%llu\n", (unsigned long long)slots);
    free(data);
    return 0;
}

/* One command-line argument (and its operand); returns 0, or -1 with err. */
static int parse_arg(char **argv, int argc, int *i, struct pack_file *files, int *n,
                     const char **out, char *err)
{
    const char *a = argv[*i];
    int takes = !strcmp(a, "-o") || !strcmp(a, "--spec") || !strcmp(a, "--boot");
    if (takes && *i + 1 == argc) {
        snprintf(err, PACK_ERR_MAX, "mkarchive: error: %s needs an argument", a);
        return -1;
    }
    if (!strcmp(a, "-o")) {
        *out = argv[++*i];
        return 0;
    }
    if (*n == MAX_FILES) {
        snprintf(err, PACK_ERR_MAX, "mkarchive: error: more than %d files", MAX_FILES);
        return -1;
    }
    if (!strcmp(a, "--spec"))
        return add(&files[(*n)++], argv[++*i], "system.spec",
                   MT_ARCHIVE_SPEC | MT_ARCHIVE_BOOT_ONLY, err);
    if (!strcmp(a, "--boot"))
        return add(&files[(*n)++], argv[++*i], NULL, MT_ARCHIVE_BOOT_ONLY, err);
    if (a[0] == '-') {
        snprintf(err, PACK_ERR_MAX, "mkarchive: error: unknown option '%s'", a);
        return -1;
    }
    return add(&files[(*n)++], a, NULL, 0, err);
}

int main(int argc, char **argv)
{
    static struct pack_file files[MAX_FILES];
    char err[PACK_ERR_MAX];
    const char *out = NULL;
    int n = 0;
    if (argc == 3 && !strcmp(argv[1], "--list"))
        return list(argv[2], err);
    if (argc == 3 && !strcmp(argv[1], "--root-cnode-slots"))
        return root_cnode_slots(argv[2], err);
    for (int i = 1; i < argc; i++)
        if (parse_arg(argv, argc, &i, files, &n, &out, err))
            return die(err);
    if (!out)
        return die("usage: mkarchive -o OUT [--spec PATH] [--boot NAME=PATH] NAME=PATH ...\n"
                   "       mkarchive --list ARCHIVE\n"
                   "       mkarchive --root-cnode-slots ARCHIVE");
    uint8_t *buf;
    size_t size;
    if (pack_build(files, n, &buf, &size, err) || write_file(out, buf, size, err))
        return die(err);
    return 0;
}

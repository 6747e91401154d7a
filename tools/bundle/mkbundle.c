/* SPDX-License-Identifier: BSD-2-Clause */
/* mkbundle: makes an application bundle from an ELF and manifest values,
 * and checks bundles.  Format: include/mote/bundle.h; docs/APPS.md.
 *
 *   mkbundle --name=N --version=X.Y.Z --quota=BYTES --priority=P
 *            --stack=BYTES [--plan] -o OUT APP.elf
 *   mkbundle --check [--plan] BUNDLE...
 *
 * Sizes take a K or M suffix.  A bundle is written only if the validator
 * the process manager runs (lib/bundle) accepts it, so `make apps` fails
 * on a bundle the system would refuse.  --plan prints the load plan. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

struct opts {
    const char *name, *out, *version;
    unsigned long long quota, priority, stack;
    int check, plan;
};

static int fail(const char *path, const char *msg)
{
    fprintf(stderr, "%s: error: %s\n", path, msg);
    return 1;
}

static int read_file(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap && n <= MT_BUNDLE_MAX_BYTES) {
            uint8_t *more = realloc(buf, cap *= 2);
            if (!more)
                free(buf);
            buf = more;
        }
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) {
        free(buf);
        return fail(path, "cannot read the file");
    }
    *data = buf;
    *size = n;
    return 0;
}

static void print_plan(const char *path, const struct mt_bundle_plan *p)
{
    static const char *kind[MT_OBJ_COUNT] = {
        [MT_OBJ_TCB] = "tcb", [MT_OBJ_CNODE] = "cnode", [MT_OBJ_VSPACE] = "vspace",
        [MT_OBJ_PAGE_TABLE] = "page_table", [MT_OBJ_FRAME_4K] = "frame_4k" };
    printf("%s: %s %u.%u.%u priority %u stack %u quota %llu\n", path, p->name,
           p->app_version >> 24, p->app_version >> 16 & 0xff, p->app_version & 0xffff,
           p->priority, p->stack_bytes, (unsigned long long)p->quota_bytes);
    printf("  entry 0x%llx sp 0x%llx ipc_buffer 0x%llx stack 0x%llx shared 0x%llx heap 0x%llx\n",
           (unsigned long long)p->entry, (unsigned long long)p->stack_top,
           (unsigned long long)p->ipc_buffer, (unsigned long long)p->stack_bottom,
           (unsigned long long)p->shared_page, (unsigned long long)p->heap_base);
    for (unsigned i = 0; i < p->mapping_count; i++) {
        const struct mt_bundle_mapping *m = &p->map[i];
        printf("  map 0x%llx pages %llu %c%c%c %s", (unsigned long long)m->vaddr,
               (unsigned long long)m->pages, m->perms & MT_VM_READ ? 'r' : '-',
               m->perms & MT_VM_WRITE ? 'w' : '-', m->perms & MT_VM_EXEC ? 'x' : '-',
               m->in_place ? "in-place" : "copy");
        if (m->in_place)
            printf(" from 0x%llx\n", (unsigned long long)m->file_offset);
        else
            printf(" %llu bytes from 0x%llx to 0x%llx\n", (unsigned long long)m->copy_bytes,
                   (unsigned long long)m->file_offset, (unsigned long long)m->copy_vaddr);
    }
    for (int k = 0; k < MT_OBJ_COUNT; k++)
        if (p->bytes[k])
            printf("  cost %s %llu\n", kind[k] ? kind[k] : "?", (unsigned long long)p->bytes[k]);
    printf("  cost total %llu (plus %llu in-place bytes of the bundle)\n",
           (unsigned long long)p->need_bytes, (unsigned long long)p->pages_in_place * 4096);
}

/* Validates a bundle in memory; prints why it is refused. */
static int check(const char *path, const uint8_t *data, size_t size, int plan)
{
    struct mt_bundle_plan p;
    int e = mt_bundle_check(data, size, &p);
    if (e) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s (program header %d, value %llu)", mt_bundle_strerror(e),
                 p.error_phdr, (unsigned long long)p.error_value);
        return fail(path, msg);
    }
    if (plan)
        print_plan(path, &p);
    return 0;
}

static int check_files(char **paths, int n, int plan)
{
    int bad = 0;
    for (int i = 0; i < n; i++) {
        uint8_t *data;
        size_t size;
        if (read_file(paths[i], &data, &size)) {
            bad = 1;
            continue;
        }
        bad |= check(paths[i], data, size, plan);
        free(data);
    }
    return bad;
}

/* "24K", "2M", "4096": a size in bytes; 0 on garbage or overflow. */
static unsigned long long parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long mul = *end == 'K' ? 1024 : *end == 'M' ? 1024 * 1024 : 1;
    if (mul > 1)
        end++;
    if (errno || end == s || *end || *s == '-' || v > ~0ull / mul)
        return 0;
    return v * mul;
}

/* "X.Y.Z" with X, Y < 256 and Z < 65536. */
static int parse_version(const char *s, uint32_t *out)
{
    unsigned x, y, z;
    char tail;
    if (sscanf(s, "%u.%u.%u%c", &x, &y, &z, &tail) != 3 || x > 255 || y > 255 || z > 65535)
        return -1;
    *out = MT_APP_VERSION(x, y, z);
    return 0;
}

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The ELF, zero padding to 8 bytes, the manifest with its checksum. */
static uint8_t *make_bundle(const struct opts *o, uint32_t version, const uint8_t *elf,
                            size_t elf_size, size_t *size)
{
    size_t at = (elf_size + 7) & ~(size_t)7;
    *size = at + sizeof(struct mt_bundle_manifest);
    uint8_t *b = calloc(1, *size);
    if (!b)
        return NULL;
    memcpy(b, elf, elf_size);
    uint8_t *m = b + at;
    put(m, MT_BUNDLE_MAGIC, 8);
    put(m + 8, MT_BUNDLE_VERSION, 4);
    put(m + 12, sizeof(struct mt_bundle_manifest), 4);
    put(m + 16, elf_size, 8);
    memcpy(m + 24, o->name, strlen(o->name) < MT_BUNDLE_NAME_MAX ? strlen(o->name)
                                                                : MT_BUNDLE_NAME_MAX);
    put(m + 56, version, 4);
    put(m + 60, o->priority, 4);
    put(m + 64, o->quota, 8);
    put(m + 72, o->stack, 4);
    put(m + MT_BUNDLE_CHECKSUM_OFFSET, mt_bundle_checksum(b, *size), 4);
    return b;
}

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return fail(path, strerror(errno));
    int bad = fwrite(data, 1, size, f) != size;
    bad |= fclose(f) != 0;
    if (bad) {
        remove(path);
        return fail(path, "cannot write the bundle");
    }
    return 0;
}

static int build(const struct opts *o, const char *elf_path)
{
    uint32_t version;
    if (!o->name || !o->out || !o->version || !o->quota || !o->priority || !o->stack)
        return fail("mkbundle", "need --name, --version, --quota, --priority, --stack and -o");
    if (parse_version(o->version, &version))
        return fail(o->version, "version must be X.Y.Z (X, Y < 256, Z < 65536)");
    uint8_t *elf, *b;
    size_t elf_size, size;
    if (read_file(elf_path, &elf, &elf_size))
        return 1;
    b = make_bundle(o, version, elf, elf_size, &size);
    free(elf);
    if (!b)
        return fail(elf_path, "out of memory");
    /* Refused bundles are not written: the message names the ELF. */
    int bad = check(elf_path, b, size, o->plan) || write_file(o->out, b, size);
    free(b);
    return bad;
}

/* --key=value options; a bad number is reported as the option's text. */
static int parse_opt(struct opts *o, const char *a)
{
    const char *v = strchr(a, '=');
    v = v ? v + 1 : "";
    if (!strncmp(a, "--name=", 7))
        o->name = v;
    else if (!strncmp(a, "--version=", 10))
        o->version = v;
    else if (!strncmp(a, "--quota=", 8))
        o->quota = parse_size(v);
    else if (!strncmp(a, "--priority=", 11))
        o->priority = parse_size(v);
    else if (!strncmp(a, "--stack=", 8))
        o->stack = parse_size(v);
    else if (!strcmp(a, "--check"))
        o->check = 1;
    else if (!strcmp(a, "--plan"))
        o->plan = 1;
    else
        return -1;
    if ((!strncmp(a, "--quota=", 8) && !o->quota) || (!strncmp(a, "--priority=", 11) && !o->priority) ||
        (!strncmp(a, "--stack=", 8) && !o->stack) || o->priority > 0xffffffffu || o->stack > 0xffffffffu)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o = { 0 };
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            o.out = argv[++i];
        else if (parse_opt(&o, argv[i]))
            return fail(argv[i], "unknown option or bad value (see tools/bundle/mkbundle.c)");
    }
    if (o.check)
        return i < argc ? check_files(argv + i, argc - i, o.plan)
                        : fail("mkbundle", "--check needs bundle files");
    if (i != argc - 1)
        return fail("mkbundle", "need exactly one input ELF");
    return build(&o, argv[i]);
}

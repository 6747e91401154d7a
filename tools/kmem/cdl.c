/* SPDX-License-Identifier: BSD-2-Clause */
/* capDL text reader: the entry points.
 *
 * Two passes over the text, which is a mapping of the file where it can
 * be: pass 1 (cdl_objects.c) reads the `objects` sections and the arch
 * line and skips the others at character level; pass 2 (cdl_caps.c) reads
 * `caps`, `irq maps`, `cdt` and `domains` when every object is known, so
 * references resolve at once through the object index, and jumps over the
 * `objects` sections.  Only references that name capabilities (`<name>`)
 * wait for the end (cdl_graph.c).  What is kept is compact: each name once
 * in a declaration record, 12 bytes an object, 4 bytes a cap; the mapping
 * is let go behind the lexer, so a large spec is never resident whole. */
/* madvise (MADV_DONTNEED, MADV_SEQUENTIAL) is not POSIX */
#define _DEFAULT_SOURCE
#include "cdl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const kmem_otype_names[KO_COUNT] = {
    [KO_UT] = "ut", [KO_TCB] = "tcb", [KO_EP] = "ep",
    [KO_NTFN] = "notification", [KO_CNODE] = "cnode", [KO_FRAME] = "frame",
    [KO_PT] = "pt", [KO_PD] = "pd", [KO_PUD] = "pud", [KO_PGD] = "pgd",
    [KO_PDPT] = "pdpt", [KO_PML4] = "pml4", [KO_ASID_POOL] = "asid_pool",
    [KO_IO_PT] = "io_pt", [KO_VCPU] = "vcpu", [KO_SC] = "sc",
    [KO_RTREPLY] = "rtreply", [KO_FPU] = "fpu", [KO_IRQ] = "irq", [KO_IOAPIC_IRQ] = "ioapic_irq",
    [KO_MSI_IRQ] = "msi_irq", [KO_ARM_IRQ] = "arm_irq",
    [KO_SGI] = "arm_sgi_signal", [KO_IO_PORTS] = "io_ports",
    [KO_IO_DEVICE] = "io_device", [KO_ARM_IO_DEVICE] = "arm_io_device",
};

static void parser_free(struct parser *p)
{
    cdl_index_free(p);
    kmem_vec_free(&p->ranges);
    kmem_vec_free(&p->arrays);
    kmem_index_free(&p->arr_ix);
    kmem_vec_free(&p->capnames);
    kmem_index_free(&p->cn_ix);
    kmem_vec_free(&p->copies);
    kmem_vec_free(&p->children);
    kmem_vec_free(&p->containers);
    kmem_vec_free(&p->targets);
    kmem_vec_free(&p->blocks);
    kmem_vec_free(&p->capslots);
    kmem_index_free(&p->slot_ix);
    kmem_vec_free(&p->spans);
}

static struct parser *parser_new(struct kmem_spec *s, const char *buf, size_t len,
                                 struct kmem_diag *d)
{
    struct parser *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->s = s;
    p->d = d;
    p->b = buf;
    p->len = len;
    p->locate = KMEM_NONE;
    kmem_vec_init(&p->ranges, sizeof(struct range));
    kmem_vec_init(&p->arrays, sizeof(struct array));
    kmem_vec_init(&p->capnames, sizeof(struct capname));
    kmem_vec_init(&p->copies, sizeof(struct copy));
    kmem_vec_init(&p->children, sizeof(struct child));
    kmem_vec_init(&p->containers, sizeof(uint32_t));
    kmem_vec_init(&p->targets, sizeof(uint32_t));
    kmem_vec_init(&p->blocks, sizeof(struct capblock));
    kmem_vec_init(&p->capslots, sizeof(struct capslot));
    kmem_vec_init(&p->spans, 2 * sizeof(size_t));
    return p;
}

static void spec_init(struct kmem_spec *s, const char *file, const char *buf,
                      size_t len)
{
    memset(s, 0, sizeof(*s));
    s->file = file;
    s->buf = buf;
    s->len = len;
    kmem_vec_init(&s->objs, sizeof(struct kmem_obj));
    kmem_vec_init(&s->names, 1);
    kmem_vec_init(&s->binds, sizeof(struct kmem_bind));
}

/* Both passes, the copies, then the adjacency; the parser's own state
 * (the object index first) is freed before the adjacency is built. */
static int parse(struct kmem_spec *s, int release, struct kmem_diag *d)
{
    if (s->len > UINT32_MAX - 1) {
        kmem_error(d, "%s: error: file is larger than 4 GiB", s->file);
        return -1;
    }
    struct parser *p = parser_new(s, s->buf, s->len, d);
    if (!p) {
        kmem_error(d, "kmem: out of memory");
        return -1;
    }
    volatile int rc = -1;
    p->release = release;
    if (setjmp(p->jb) == 0) {
        cdl_pass1(p);
        p->released = 0;
        cdl_pass2(p);
        cdl_resolve_copies(p);
        cdl_index_free(p);
        cdl_build_adjacency(p);
        rc = 0;
    }
    parser_free(p);
    free(p);
    return rc;
}

/* Where object obj of a spec over buf is declared: pass 1 again, quietly,
 * until it is made (and re-declared, if it was implied); an error later
 * in the text (the one being reported, perhaps) ends the search. */
static uint32_t locate(const char *file, const char *buf, size_t len, uint32_t obj)
{
    struct kmem_spec t;
    struct kmem_diag quiet = { NULL, 0 };
    spec_init(&t, file, buf, len);
    struct parser *p = parser_new(&t, buf, len, &quiet);
    uint32_t pos = 0;
    if (p) {
        p->locate = obj;
        if (setjmp(p->jb) == 0)
            cdl_pass1(p);
        pos = p->located;
        parser_free(p);
        free(p);
    }
    kmem_spec_free(&t);
    return pos;
}

uint32_t cdl_obj_pos(struct parser *p, uint32_t obj)
{
    return locate(p->s->file, p->b, p->len, obj);
}

uint32_t kmem_obj_pos(const struct kmem_spec *s, uint32_t i)
{
    return locate(s->file, s->buf, s->len, i);
}

int kmem_parse(struct kmem_spec *s, const char *file, const char *buf,
               size_t len, struct kmem_diag *d)
{
    spec_init(s, file, buf, len);
    return parse(s, 0, d);
}

/* A regular file is mapped; anything else (standard input, a pipe) is
 * read into memory. */
static int map_file(const char *path, const char **buf, size_t *len, size_t *map_len,
                    struct kmem_diag *d)
{
    *map_len = 0;
    int fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
            madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
            close(fd);
            *buf = m;
            *len = *map_len = (size_t)st.st_size;
            return 0;
        }
    }
    if (fd >= 0)
        close(fd);
    char *b;
    if (kmem_read_file(path, &b, len, d) < 0)
        return -1;
    *buf = b;
    return 0;
}

int kmem_parse_file(struct kmem_spec *s, const char *path, struct kmem_diag *d)
{
    const char *buf;
    size_t len, map_len;
    memset(s, 0, sizeof(*s));
    if (map_file(path, &buf, &len, &map_len, d) < 0)
        return -1;
    spec_init(s, path, buf, len);
    s->map_len = map_len;
    s->owns_buf = 1;
    return parse(s, map_len != 0, d);
}

void kmem_spec_free(struct kmem_spec *s)
{
    if (s->owns_buf) {
        if (s->map_len)
            munmap((void *)s->buf, s->map_len);
        else
            free((void *)s->buf);
    }
    kmem_vec_free(&s->objs);
    kmem_vec_free(&s->names);
    kmem_vec_free(&s->binds);
    free(s->adj_start);
    free(s->adj_target);
    memset(s, 0, sizeof(*s));
}

/* The whole of f into memory; cap is a first guess of its size. */
static int read_all(FILE *f, size_t cap, char **buf, size_t *len)
{
    size_t n = 0;
    char *b = NULL;
    for (;;) {
        if (!b || n == cap) {
            if (b)
                cap *= 2;
            char *nb = realloc(b, cap);
            if (!nb) {
                free(b);
                return -1;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    *buf = b;
    *len = n;
    return 0;
}

int kmem_read_file(const char *path, char **buf, size_t *len, struct kmem_diag *d)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        kmem_error(d, "%s: error: cannot open: %s", path, strerror(errno));
        return -1;
    }
    /* A directory opens, and its "size" is no size at all: say what it is
     * rather than fail to allocate it. */
    struct stat st;
    size_t cap = 1 << 16;
    int rc = 0;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        kmem_error(d, "%s: error: is a directory, not a file", path);
        rc = -1;
    } else {
        if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
            cap = (size_t)st.st_size + 1;
        if (read_all(f, cap, buf, len) < 0) {
            kmem_error(d, "%s: error: out of memory", path);
            rc = -1;
        } else if (ferror(f)) {
            free(*buf);
            kmem_error(d, "%s: error: read failed", path);
            rc = -1;
        }
    }
    if (f != stdin)
        fclose(f);
    return rc;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* kmem: memory accounting for capDL specs.
 *
 * The library is split in stages, each in its own file:
 *   cdl*.c    reader of the capDL text format (two passes; cdl.h lists
 *             its files)
 *   sizes.c   object sizes per architecture (seL4's and mote's)
 *   account.c the components and their reach (account.h is shared)
 *   charge.c  charging every object to a row, by kind
 *   report.c  the output dispatch; text, details, JSON and CSV
 *   report_diff.c, report_svg.c  diffs and ELF sizes; the SVG chart
 *   elf.c     ELF32/ELF64 section sizes (tools/common/elf_read.c reads)
 *   cli.c     the command line
 * Errors are reported as "file:line:col: error: message". */
#ifndef KMEM_H
#define KMEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef KMEM_MAX_OBJECTS
#define KMEM_MAX_OBJECTS (1u << 26)   /* elements of all arrays together */
#endif
/* Arrays and ranges say in a few bytes what takes memory and time: a spec
 * of N bytes may declare at most KMEM_OBJECT_BASE + KMEM_OBJECTS_PER_BYTE
 * * N objects, and its ranges and capabilities may name at most
 * KMEM_WORK_BASE + KMEM_WORK_PER_BYTE * N objects in all. */
#define KMEM_OBJECT_BASE (1u << 20)
#define KMEM_OBJECTS_PER_BYTE 16u
#define KMEM_WORK_BASE (1u << 22)
#define KMEM_WORK_PER_BYTE 64u

#define KMEM_NONE UINT32_MAX

/* ------------------------------------------------------------------ */
/* Small utilities (util.c)                                            */

struct kmem_arena {
    struct kmem_arena_block *head;
};
void *kmem_arena_alloc(struct kmem_arena *a, size_t n);
char *kmem_arena_strndup(struct kmem_arena *a, const char *s, size_t n);
void kmem_arena_free(struct kmem_arena *a);

/* Growable array of fixed-size elements. */
struct kmem_vec {
    void *data;
    size_t len, cap, elem;
};
void kmem_vec_init(struct kmem_vec *v, size_t elem);
void *kmem_vec_push(struct kmem_vec *v);      /* returns the new zeroed slot */
void kmem_vec_free(struct kmem_vec *v);
#define KMEM_VEC_AT(v, type, i) (&((type *)(v)->data)[i])

uint32_t kmem_hash(const char *s, size_t n);

/* Open-addressing table of u32 ids; equality is decided by a callback. */
struct kmem_index_slot {
    uint32_t id;        /* id + 1, 0 = empty */
    uint32_t hash;
};
struct kmem_index {
    struct kmem_index_slot *slots;
    size_t cap, count;
};
typedef int (*kmem_eq_fn)(const void *ctx, uint32_t id, const void *key);
uint32_t kmem_index_find(const struct kmem_index *ix, uint32_t hash,
                         kmem_eq_fn eq, const void *ctx, const void *key);
void kmem_index_insert(struct kmem_index *ix, uint32_t hash, uint32_t id);
void kmem_index_free(struct kmem_index *ix);

/* String -> u32 map with its own copies of the keys. */
struct kmem_strmap {
    struct kmem_index ix;
    struct kmem_vec keys;        /* const char * */
    struct kmem_arena arena;
};
uint32_t kmem_strmap_get(const struct kmem_strmap *m, const char *s, size_t n);
uint32_t kmem_strmap_add(struct kmem_strmap *m, const char *s, size_t n); /* id */
void kmem_strmap_free(struct kmem_strmap *m);

/* ------------------------------------------------------------------ */
/* The capDL model (cdl.c)                                            */

enum kmem_otype {
    KO_UT, KO_TCB, KO_EP, KO_NTFN, KO_CNODE, KO_FRAME,
    KO_PT, KO_PD, KO_PUD, KO_PGD, KO_PDPT, KO_PML4,
    KO_ASID_POOL, KO_IO_PT, KO_VCPU, KO_SC, KO_RTREPLY, KO_FPU,
    KO_IRQ, KO_IOAPIC_IRQ, KO_MSI_IRQ, KO_ARM_IRQ, KO_SGI,
    KO_IO_PORTS, KO_IO_DEVICE, KO_ARM_IO_DEVICE,
    KO_COUNT
};
extern const char *const kmem_otype_names[KO_COUNT];

enum kmem_arch {
    KA_NONE, KA_RISCV32, KA_RISCV64, KA_AARCH32, KA_AARCH64, KA_IA32,
    KA_X86_64, KA_MOTE, KA_COUNT
};
extern const char *const kmem_arch_names[KA_COUNT];
int kmem_arch_parse(const char *s, size_t n, enum kmem_arch *out, int *riscv_generic);

#define KF_DECLARED   0x01u  /* declared with a type, not just implied */
#define KF_PADDR      0x02u  /* has paddr: (a device frame / device untyped) */
#define KF_MAP_X      0x04u  /* mapped executable somewhere */
#define KF_MAP_W      0x08u  /* mapped writable somewhere */
#define KF_CHILD      0x10u  /* covered by an untyped */
#define KF_HAS_BITS   0x20u
#define KF_HAS_VM     0x40u
#define KF_PARENT     0x80u  /* an untyped that covers other objects */

/* Twelve bytes an object: a large spec's objects are its memory. */
struct kmem_obj {
    uint32_t decl;         /* its declaration record in spec.names */
    int32_t index;         /* -1 when not an array element */
    uint8_t type;
    uint8_t flags;
    uint8_t bits;          /* "N bits" */
    uint8_t vmbits;        /* frame size, log2 bytes */
};

/* Rights of a cap, as the reader sees them. */
#define KR_R 1u
#define KR_W 2u
#define KR_G 4u
#define KR_X 8u
#define KR_P 16u

struct kmem_bind {
    uint32_t tcb, target;
    uint64_t slot;
};

/* Symbolic TCB slots, numbered as capDL's model numbers them. */
#define KMEM_SLOT_CSPACE 0u
#define KMEM_SLOT_VSPACE 1u
#define KMEM_SLOT_IPCBUF 4u

struct kmem_spec {
    const char *file;       /* name used in messages */
    const char *buf;        /* whole text (a file mapping, mostly not resident) */
    size_t len;
    size_t map_len;         /* buf is a mapping of the file of this length */
    int owns_buf;           /* kmem_spec_free unmaps or frees buf */
    enum kmem_arch arch;    /* from the arch line, KA_NONE if absent */
    int riscv_generic;      /* "arch riscv": word size not given */
    int mote_comment;       /* a "-- mote" line comment near the top */
    uint32_t arch_pos;
    struct kmem_vec objs;   /* struct kmem_obj */
    /* declaration records: the name's length (LEB128), then its bytes
     * (read with kmem_obj_name); positions are found again on demand */
    struct kmem_vec names;
    uint64_t ncaps;
    /* adjacency built after parsing: caps of object i are
     * adj_target[adj_start[i] .. adj_start[i+1]) */
    uint32_t *adj_start, *adj_target;
    struct kmem_vec binds;  /* struct kmem_bind: TCB cspace/vspace/ipcbuf */
};

/* Error sink: where messages go and what was printed. */
struct kmem_diag {
    FILE *err;
    int errors;
};
void kmem_error_at(struct kmem_diag *d, const char *file, const char *buf,
                   size_t len, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void kmem_error(struct kmem_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void kmem_line_col(const char *buf, size_t len, size_t pos,
                   unsigned long *line, unsigned long *col);

/* Parses buf (which must stay alive with the spec).  Returns 0, or -1 after
 * printing one error. */
int kmem_parse(struct kmem_spec *s, const char *file, const char *buf,
               size_t len, struct kmem_diag *d);
/* Parses a file ("-": standard input), mapped rather than read where it
 * can be, and let go behind the reader. */
int kmem_parse_file(struct kmem_spec *s, const char *path, struct kmem_diag *d);
void kmem_spec_free(struct kmem_spec *s);
/* Reads a whole file (or "-" for stdin) into malloc'd memory. */
int kmem_read_file(const char *path, char **buf, size_t *len,
                   struct kmem_diag *d);

static inline struct kmem_obj *kmem_obj_at(const struct kmem_spec *s, uint32_t i)
{
    return KMEM_VEC_AT(&s->objs, struct kmem_obj, i);
}

/* A name: not NUL-terminated. */
struct kmem_name {
    const char *s;
    uint32_t len;
};

static inline struct kmem_name kmem_decl_name(const struct kmem_spec *s, uint32_t decl)
{
    const unsigned char *d = (const unsigned char *)s->names.data + decl;
    struct kmem_name n = { NULL, 0 };
    for (unsigned shift = 0;; shift += 7) {
        n.len |= (uint32_t)(*d & 0x7f) << shift;
        if (!(*d++ & 0x80))
            break;
    }
    n.s = (const char *)d;
    return n;
}

static inline struct kmem_name kmem_obj_name(const struct kmem_spec *s, uint32_t i)
{
    return kmem_decl_name(s, kmem_obj_at(s, i)->decl);
}

/* Byte offset of object i's declaration, for messages: not kept (four
 * bytes an object), but found by reading the objects again. */
uint32_t kmem_obj_pos(const struct kmem_spec *s, uint32_t i);

/* ------------------------------------------------------------------ */
/* Sizes (sizes.c)                                                     */

/* Size parameters, log2 bytes; 0xff = the object does not exist there. */
enum kmem_size_key {
    KS_TCB, KS_EP, KS_NTFN, KS_SLOT, KS_PT, KS_PD, KS_PUD, KS_PGD,
    KS_PDPT, KS_PML4, KS_VSPACE, KS_ASID_POOL, KS_IO_PT, KS_VCPU,
    KS_SC, KS_REPLY, KS_FPU, KS_UT_MIN, KS_UT_MAX, KS_CNODE_MIN, KS_CNODE_MAX,
    KS_COUNT
};
extern const char *const kmem_size_key_names[KS_COUNT];
#define KMEM_NO_SIZE 0xffu

struct kmem_sizes {
    enum kmem_arch arch;
    int mcs;
    uint8_t bits[KS_COUNT];
    uint32_t frame_sizes;   /* bit n set: frames of 2^n bytes exist */
};

/* Fills s for arch (and MCS).  Returns -1 if mote is asked for MCS. */
int kmem_sizes_for(struct kmem_sizes *s, enum kmem_arch arch, int mcs);
/* Applies "key bits" lines from a file to s. */
int kmem_sizes_load(struct kmem_sizes *s, const char *file, const char *buf,
                    size_t len, struct kmem_diag *d);
/* Size of object i in bytes; -1 (with a message) if it cannot exist. */
int kmem_obj_size(const struct kmem_spec *sp, const struct kmem_sizes *sz,
                  uint32_t i, int is_vspace_root, uint64_t *bytes,
                  struct kmem_diag *d);

/* ------------------------------------------------------------------ */
/* Accounting (account.c)                                              */

enum kmem_kind {
    KK_CODE, KK_DATA, KK_STACK, KK_IPCBUF, KK_DATAPORT, KK_MMIO,
    KK_TCB, KK_CNODE, KK_EP, KK_NTFN, KK_PT, KK_OTHER, KK_UNTYPED,
    KK_COUNT
};
extern const char *const kmem_kind_names[KK_COUNT];
/* Kinds that are listed but not added to totals. */
static inline int kmem_kind_counted(int k)
{
    return k != KK_MMIO && k != KK_UNTYPED;
}

struct kmem_row {
    const char *name;        /* NUL-terminated, owned by the report */
    int shared;              /* objects of several components */
    int unowned;
    int by_name;             /* owner known from names alone (no thread) */
    uint64_t bytes[KK_COUNT];
    uint64_t count[KK_COUNT];
    uint64_t total;          /* counted kinds only */
};

struct kmem_options {
    enum kmem_arch arch;     /* KA_NONE: from the spec */
    int mcs;
    int split_shared;
    const char *sizes_file;
};

struct kmem_report {
    const char *file;
    enum kmem_arch arch;
    struct kmem_sizes sizes;
    struct kmem_row *rows;   /* sorted by name */
    size_t nrows;
    uint64_t total;
    uint64_t nobjects, ncaps;
    struct kmem_arena arena;
};

int kmem_account(const struct kmem_spec *s, const struct kmem_options *o,
                 struct kmem_report *r, struct kmem_diag *d);
void kmem_report_free(struct kmem_report *r);
const struct kmem_row *kmem_report_find(const struct kmem_report *r,
                                        const char *name);
/* Parse + account a file in one call. */
int kmem_account_file(const char *path, const struct kmem_options *o,
                      struct kmem_report *r, struct kmem_diag *d);

/* ------------------------------------------------------------------ */
/* Output (report.c, report_diff.c, report_svg.c)                      */

/* --details is the text table with each row's kinds; JSON and CSV always
 * carry the kinds. */
enum kmem_format { KMEM_FMT_TEXT, KMEM_FMT_DETAILS, KMEM_FMT_JSON, KMEM_FMT_CSV,
                   KMEM_FMT_COUNT };

/* ELF (elf.c): allocated bytes of an image by kind of section. */
struct kmem_elf_sizes {
    uint64_t text, rodata, data, bss;
};
int kmem_elf_sections(const char *file, const unsigned char *buf, size_t len,
                      struct kmem_elf_sizes *out, struct kmem_diag *d);

struct kmem_image {
    const char *name;
    struct kmem_elf_sizes sizes;
};

/* What is printed: one report, the change from old to report, or images. */
enum kmem_subject { KMEM_OUT_REPORT, KMEM_OUT_DIFF, KMEM_OUT_ELF };
struct kmem_output {
    enum kmem_subject what;
    const struct kmem_report *old, *report;
    const struct kmem_image *images;
    size_t nimages;
};
void kmem_print(FILE *f, enum kmem_format fmt, const struct kmem_output *o);
/* The chart, written beside the chosen output. */
void kmem_print_svg(FILE *f, const struct kmem_report *r);

/* ------------------------------------------------------------------ */
/* Command line (cli.c)                                                */

int kmem_main(int argc, char **argv, FILE *out, FILE *err);

#endif

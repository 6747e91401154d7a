/* SPDX-License-Identifier: BSD-2-Clause */
/* Object sizes.
 *
 * seL4's sizes are the values of libsel4's per-architecture constants as of
 * seL4 13.0 (libsel4/sel4_arch_include/<arch>/sel4/sel4_arch/constants.h;
 * seL4_MinSchedContextBits, 7 on every architecture since 13.0, from
 * libsel4/include/sel4/constants.h) in the configuration without FPU,
 * hypervisor or debug-API extensions; --sizes FILE overrides any of them.  mote's sizes come from the kernel's
 * own ABI header, so they cannot drift from the kernel. */
#include "kmem.h"

#include <mote/objects.h>
#include <string.h>

const char *const kmem_arch_names[KA_COUNT] = {
    [KA_NONE] = "none", [KA_RISCV32] = "riscv32", [KA_RISCV64] = "riscv64",
    [KA_AARCH32] = "aarch32", [KA_AARCH64] = "aarch64", [KA_IA32] = "ia32",
    [KA_X86_64] = "x86_64", [KA_MOTE] = "mote",
};

const char *const kmem_size_key_names[KS_COUNT] = {
    [KS_TCB] = "tcb", [KS_EP] = "ep", [KS_NTFN] = "notification",
    [KS_SLOT] = "slot", [KS_PT] = "pt", [KS_PD] = "pd", [KS_PUD] = "pud",
    [KS_PGD] = "pgd", [KS_PDPT] = "pdpt", [KS_PML4] = "pml4",
    [KS_VSPACE] = "vspace", [KS_ASID_POOL] = "asid_pool", [KS_IO_PT] = "io_pt",
    [KS_VCPU] = "vcpu", [KS_SC] = "sc", [KS_REPLY] = "reply", [KS_FPU] = "fpu",
    [KS_UT_MIN] = "ut_min", [KS_UT_MAX] = "ut_max",
    [KS_CNODE_MIN] = "cnode_min", [KS_CNODE_MAX] = "cnode_max",
};

/* libsel4's names for the same parameters, accepted in --sizes files. */
static const char *const sel4_names[KS_COUNT] = {
    [KS_TCB] = "seL4_TCBBits", [KS_EP] = "seL4_EndpointBits",
    [KS_NTFN] = "seL4_NotificationBits", [KS_SLOT] = "seL4_SlotBits",
    [KS_PT] = "seL4_PageTableBits", [KS_PD] = "seL4_PageDirBits",
    [KS_PUD] = "seL4_PUDBits", [KS_PGD] = "seL4_PGDBits",
    [KS_PDPT] = "seL4_PDPTBits", [KS_PML4] = "seL4_PML4Bits",
    [KS_VSPACE] = "seL4_VSpaceBits", [KS_ASID_POOL] = "seL4_ASIDPoolBits",
    [KS_IO_PT] = "seL4_IOPageTableBits", [KS_VCPU] = "seL4_VCPUBits",
    [KS_SC] = "seL4_MinSchedContextBits", [KS_REPLY] = "seL4_ReplyBits", [KS_FPU] = NULL,
    [KS_UT_MIN] = "seL4_MinUntypedBits", [KS_UT_MAX] = "seL4_MaxUntypedBits",
    [KS_CNODE_MIN] = NULL, [KS_CNODE_MAX] = NULL,
};

#define N KMEM_NO_SIZE
#define FS(b) (1u << (b))

struct arch_table {
    uint8_t bits[KS_COUNT];
    uint8_t ntfn_mcs;
    uint32_t frames;
};

/* Order: tcb ep ntfn slot pt pd pud pgd pdpt pml4 vspace asid io_pt vcpu
 *        sc reply fpu ut_min ut_max cnode_min cnode_max (fpu: mote's FPU
 *        context object; seL4 keeps FP state in the TCB) */
static const struct arch_table tables[KA_COUNT] = {
    [KA_RISCV32] = { { 9, 4, 4, 4, 12, N, N, N, N, N, 12, 12, N, N,
                       7, 4, N, 4, 29, 0, 59 }, 5, FS(12) | FS(22) },
    [KA_RISCV64] = { { 10, 4, 5, 5, 12, N, N, N, N, N, 12, 12, N, 10,
                       7, 5, N, 4, 38, 0, 58 }, 6, FS(12) | FS(21) | FS(30) },
    [KA_AARCH32] = { { 9, 4, 4, 4, 10, 14, N, N, N, N, 14, 12, 12, 12,
                       7, 4, N, 4, 29, 0, 59 }, 5,
                     FS(12) | FS(16) | FS(20) | FS(24) },
    [KA_AARCH64] = { { 11, 4, 5, 5, 12, 12, 12, 12, N, N, 12, 12, 12, 12,
                       7, 5, N, 4, 47, 0, 58 }, 6, FS(12) | FS(21) | FS(30) },
    [KA_IA32] = { { 11, 4, 4, 4, 12, 12, N, N, N, N, 12, 12, 12, N,
                    7, 4, N, 4, 29, 0, 59 }, 5, FS(12) | FS(22) },
    [KA_X86_64] = { { 11, 4, 5, 5, 12, 12, N, N, 12, 12, 12, 12, 12, 14,
                      7, 5, N, 4, 47, 0, 58 }, 6, FS(12) | FS(21) | FS(30) },
    [KA_MOTE] = { { MT_TCB_SIZE_BITS, MT_ENDPOINT_SIZE_BITS,
                    MT_NOTIFICATION_SIZE_BITS, MT_SLOT_SIZE_BITS,
                    MT_PAGE_TABLE_SIZE_BITS, N, N, N, N, N, MT_VSPACE_SIZE_BITS,
                    MT_ASID_POOL_SIZE_BITS, N, N, N, N, MT_FPU_SIZE_BITS,
                    MT_UNTYPED_MIN_BITS, MT_UNTYPED_MAX_BITS,
                    MT_CNODE_MIN_RADIX, MT_CNODE_MAX_RADIX }, N,
                  FS(MT_FRAME_4K_SIZE_BITS) | FS(MT_FRAME_2M_SIZE_BITS) },
};

int kmem_arch_parse(const char *s, size_t n, enum kmem_arch *out, int *generic)
{
    static const struct {
        const char *name;
        enum kmem_arch arch;
        int generic;
    } names[] = {
        { "riscv", KA_RISCV64, 1 }, { "riscv32", KA_RISCV32, 0 },
        { "riscv64", KA_RISCV64, 0 }, { "arm11", KA_AARCH32, 0 },
        { "aarch32", KA_AARCH32, 0 }, { "arm", KA_AARCH32, 0 },
        { "aarch64", KA_AARCH64, 0 }, { "ia32", KA_IA32, 0 },
        { "x86_64", KA_X86_64, 0 }, { "mote", KA_MOTE, 0 },
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0) {
            *out = names[i].arch;
            if (generic)
                *generic = names[i].generic;
            return 0;
        }
    return -1;
}

int kmem_sizes_for(struct kmem_sizes *s, enum kmem_arch arch, int mcs)
{
    memset(s, 0, sizeof(*s));
    if (arch <= KA_NONE || arch >= KA_COUNT)
        return -1;
    const struct arch_table *t = &tables[arch];
    s->arch = arch;
    s->mcs = mcs;
    memcpy(s->bits, t->bits, sizeof(s->bits));
    s->frame_sizes = t->frames;
    if (mcs) {
        if (t->ntfn_mcs == N)
            return -1;
        s->bits[KS_NTFN] = t->ntfn_mcs;
    } else {
        s->bits[KS_SC] = N;
        s->bits[KS_REPLY] = N;
    }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int set_key(struct kmem_sizes *s, const char *k, size_t n, unsigned v)
{
    for (int i = 0; i < KS_COUNT; i++) {
        const char *a = kmem_size_key_names[i], *b = sel4_names[i];
        if ((strlen(a) == n && memcmp(a, k, n) == 0) ||
            (b && strlen(b) == n && memcmp(b, k, n) == 0)) {
            s->bits[i] = (uint8_t)v;
            return 0;
        }
    }
    return -1;
}

/* One line of a sizes file, being read. */
struct sline {
    const char *file, *buf;
    size_t len, eol;
    const char *key;
    size_t key_pos, keylen;
    struct kmem_diag *d;
};

/* A size at buf[*k]: 0..63 or "none" (N); -1 after a message. */
static int read_size(const struct sline *l, size_t *k, unsigned *out)
{
    size_t v0 = *k;
    unsigned v = 0;
    if (l->eol - *k >= 4 && memcmp(l->buf + *k, "none", 4) == 0) {
        v = N;
        *k += 4;
    } else {
        while (*k < l->eol && l->buf[*k] >= '0' && l->buf[*k] <= '9' && v < 1000)
            v = v * 10 + (unsigned)(l->buf[(*k)++] - '0');
        if (*k == v0 || v > 63) {
            kmem_error_at(l->d, l->file, l->buf, l->len, v0,
                          "expected a size in bits (0 to 63) or 'none'");
            return -1;
        }
    }
    if (*k < l->eol && !is_space(l->buf[*k]) && l->buf[*k] != '#') {
        kmem_error_at(l->d, l->file, l->buf, l->len, *k, "unexpected text after a size");
        return -1;
    }
    *out = v;
    return 0;
}

/* Value number nval of the line's key, at v0. */
static int apply_size(struct kmem_sizes *s, const struct sline *l, int nval, unsigned v,
                      size_t v0)
{
    int frames = l->keylen == 6 && memcmp(l->key, "frames", 6) == 0;
    int klen = (int)(l->keylen > 60 ? 60 : l->keylen);
    if (frames) {
        if (v != N && v > 31) {
            kmem_error_at(l->d, l->file, l->buf, l->len, v0, "frame size too large");
            return -1;
        }
        if (v != N)
            s->frame_sizes |= 1u << v;
    } else if (nval > 0) {
        kmem_error_at(l->d, l->file, l->buf, l->len, v0, "one size per line");
        return -1;
    } else if (set_key(s, l->key, l->keylen, v) < 0) {
        kmem_error_at(l->d, l->file, l->buf, l->len, l->key_pos,
                      "unknown size name '%.*s'", klen, l->key);
        return -1;
    }
    return 0;
}

/* The values after the key at buf[k]. */
static int read_line(struct kmem_sizes *s, struct sline *l, size_t k)
{
    int nvals = 0;
    if (l->keylen == 6 && memcmp(l->key, "frames", 6) == 0)
        s->frame_sizes = 0;
    for (;;) {
        while (k < l->eol && is_space(l->buf[k]))
            k++;
        if (k == l->eol || l->buf[k] == '#')
            break;
        size_t v0 = k;
        unsigned v;
        if (read_size(l, &k, &v) < 0 || apply_size(s, l, nvals, v, v0) < 0)
            return -1;
        nvals++;
    }
    if (nvals == 0) {
        kmem_error_at(l->d, l->file, l->buf, l->len, k, "'%.*s' needs a size",
                      (int)(l->keylen > 60 ? 60 : l->keylen), l->key);
        return -1;
    }
    return 0;
}

/* Lines "key bits", "key none", or "frames b1 b2 ..."; '#' starts a
 * comment. */
int kmem_sizes_load(struct kmem_sizes *s, const char *file, const char *buf,
                    size_t len, struct kmem_diag *d)
{
    struct sline l = { file, buf, len, 0, NULL, 0, 0, d };
    for (size_t i = 0; i < len; i = l.eol + 1) {
        l.eol = i;
        while (l.eol < len && buf[l.eol] != '\n')
            l.eol++;
        size_t j = i;
        while (j < l.eol && is_space(buf[j]))
            j++;
        if (j == l.eol || buf[j] == '#')
            continue;
        size_t k = j;
        while (k < l.eol && !is_space(buf[k]) && buf[k] != '#')
            k++;
        l.key = buf + j;
        l.key_pos = j;
        l.keylen = k - j;
        if (read_line(s, &l, k) < 0)
            return -1;
    }
    return 0;
}

static int absent(const struct kmem_spec *sp, const struct kmem_sizes *sz,
                  uint32_t i, struct kmem_diag *d)
{
    int type = kmem_obj_at(sp, i)->type;
    kmem_error_at(d, sp->file, sp->buf, sp->len, kmem_obj_pos(sp, i),
                  "%s objects do not exist on %s%s", kmem_otype_names[type],
                  kmem_arch_names[sz->arch],
                  sz->arch != KA_MOTE && !sz->mcs && (type == KO_SC || type == KO_RTREPLY)
                      ? " without MCS" : "");
    return -1;
}

static uint64_t pow2(unsigned b)
{
    return 1ull << b;
}

/* Objects whose size the spec gives: untyped, cnodes, frames, scheduling
 * contexts.  Returns 0 and the size, or -1 with a message. */
static int sized(const struct kmem_spec *sp, const struct kmem_sizes *sz, uint32_t i,
                 uint64_t *bytes, struct kmem_diag *d)
{
    const struct kmem_obj *o = kmem_obj_at(sp, i);
    const char *arch = kmem_arch_names[sz->arch];
    const uint8_t *bits = sz->bits;
    switch (o->type) {
    case KO_UT:
        if (!(o->flags & KF_HAS_BITS))
            return 0;
        if ((bits[KS_UT_MIN] != N && o->bits < bits[KS_UT_MIN]) ||
            (bits[KS_UT_MAX] != N && o->bits > bits[KS_UT_MAX])) {
            kmem_error_at(d, sp->file, sp->buf, sp->len, kmem_obj_pos(sp, i),
                          "untyped of %u bits is outside %u..%u on %s", o->bits,
                          bits[KS_UT_MIN], bits[KS_UT_MAX], arch);
            return -1;
        }
        *bytes = pow2(o->bits);
        return 0;
    case KO_CNODE:
        if ((bits[KS_CNODE_MIN] != N && o->bits < bits[KS_CNODE_MIN]) ||
            (bits[KS_CNODE_MAX] != N && o->bits > bits[KS_CNODE_MAX]) ||
            bits[KS_SLOT] == N || o->bits + bits[KS_SLOT] > 62) {
            kmem_error_at(d, sp->file, sp->buf, sp->len, kmem_obj_pos(sp, i),
                          "cnode of %u bits is outside %u..%u on %s", o->bits,
                          bits[KS_CNODE_MIN], bits[KS_CNODE_MAX], arch);
            return -1;
        }
        *bytes = pow2(o->bits + bits[KS_SLOT]);
        return 0;
    case KO_SC:
        if (bits[KS_SC] == N)
            return absent(sp, sz, i, d);
        if ((o->flags & KF_HAS_BITS) && o->bits < bits[KS_SC]) {
            kmem_error_at(d, sp->file, sp->buf, sp->len, kmem_obj_pos(sp, i),
                          "scheduling context of %u bits is below the minimum "
                          "of %u on %s", o->bits, bits[KS_SC], arch);
            return -1;
        }
        *bytes = pow2(o->flags & KF_HAS_BITS ? o->bits : bits[KS_SC]);
        return 0;
    default:
        return -1;
    }
}

static int frame_size(const struct kmem_spec *sp, const struct kmem_sizes *sz,
                      uint32_t i, uint64_t *bytes, struct kmem_diag *d)
{
    unsigned vm = kmem_obj_at(sp, i)->vmbits;
    if (vm > 31 || !(sz->frame_sizes & (1u << vm))) {
        uint64_t b = pow2(vm);
        kmem_error_at(d, sp->file, sp->buf, sp->len, kmem_obj_pos(sp, i),
                      "frames of %llu%s do not exist on %s",
                      (unsigned long long)(b >= (1u << 30) ? b >> 30
                                           : b >= (1u << 20) ? b >> 20 : b >> 10),
                      b >= (1u << 30) ? "G" : b >= (1u << 20) ? "M" : "k",
                      kmem_arch_names[sz->arch]);
        return -1;
    }
    *bytes = pow2(vm);
    return 0;
}

/* The size key of an object of fixed size; -1: none (no memory). */
static int fixed_key(int type, int is_vspace_root, enum kmem_arch arch)
{
    switch (type) {
    case KO_TCB: return KS_TCB;
    case KO_EP: return KS_EP;
    case KO_NTFN: return KS_NTFN;
    case KO_PT: return is_vspace_root && arch == KA_MOTE ? KS_VSPACE : KS_PT;
    case KO_PD: return KS_PD;
    case KO_PUD: return KS_PUD;
    case KO_PGD: return KS_PGD;
    case KO_PDPT: return KS_PDPT;
    case KO_PML4: return KS_PML4;
    case KO_ASID_POOL: return KS_ASID_POOL;
    case KO_IO_PT: return KS_IO_PT;
    case KO_VCPU: return KS_VCPU;
    case KO_RTREPLY: return KS_REPLY;
    case KO_FPU: return KS_FPU;
    default: return -1;
    }
}

int kmem_obj_size(const struct kmem_spec *sp, const struct kmem_sizes *sz,
                  uint32_t i, int is_vspace_root, uint64_t *bytes,
                  struct kmem_diag *d)
{
    int type = kmem_obj_at(sp, i)->type;
    *bytes = 0;
    if (type == KO_UT || type == KO_CNODE || type == KO_SC)
        return sized(sp, sz, i, bytes, d);
    if (type == KO_FRAME)
        return frame_size(sp, sz, i, bytes, d);
    if (type == KO_IRQ)
        return 0;   /* IRQ state is static kernel memory */
    int key = fixed_key(type, is_vspace_root, sz->arch);
    if (key < 0)   /* interrupt sources, I/O ports, devices: none */
        return sz->arch == KA_MOTE ? absent(sp, sz, i, d) : 0;
    if (sz->bits[key] == N)
        return absent(sp, sz, i, d);
    *bytes = pow2(sz->bits[key]);
    return 0;
}

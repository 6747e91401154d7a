/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer's invocations: random ones, and ones shaped for each object
 * type so that they get past the first argument check often enough. */
#include "fuzz.h"

struct inv {
    mt_cptr_t cap;
    mt_word_t label;
    int nmr, ncaps;
    mt_word_t mr[MT_REG_COUNT + 2];
    mt_cptr_t caps[MT_MSG_MAX_EXTRA_CAPS];
};

static mt_word_t perform(struct inv *v);

static const mt_word_t interesting[] = {
    0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 20, 21, 22, 31, 32, 37, 38, 39, 52, 56, 58,
    63, 64, 65, 127, 128, 255, 256, 257, 511, 512, 4095, 4096, 4097, 0x1fffff, 0x200000,
    0x200001, 0x10000000, 0x10000008, 0x20000000, 0x40000000, TEST_VBASE,
    MT_USER_TOP - 0x200000, MT_USER_TOP - 4096, MT_USER_TOP - 1, MT_USER_TOP,
    MT_USER_TOP + 4096, 0x80000000, 0x80200000, 0xffffffc000000000ul, 0x7ffffffffffffffful,
    0x8000000000000000ul, ~0ul - 4095, ~0ul - 1, ~0ul,
};
#define NINTERESTING (sizeof interesting / sizeof interesting[0])

mt_word_t rnd(void)
{
    mt_word_t x = fz.rng;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    fz.rng = x;
    return x * 0x2545f4914f6cdd1dul;
}

mt_cptr_t rnd_pool_slot(void) { return fz.pool_lo + rnd_below(fz.pool_hi - fz.pool_lo); }

/* Values where decoders have edges: sizes, bit numbers, slot numbers,
 * alignments, the top of user space, all-ones. */
mt_word_t rnd_interesting(void)
{
    mt_word_t k = rnd_below(64), r = rnd_below(100);
    if (r < 40) return interesting[rnd_below(NINTERESTING)];
    if (r < 55) return 1ul << k;
    if (r < 65) return (1ul << k) + (rnd_below(3) - 1);
    if (r < 80) return rnd_pool_slot();
    if (r < 90) return rnd_below(70);
    if (r < 95) return (rnd() & (MT_USER_TOP * 2 - 1)) & ~0xffful;
    return rnd();
}

/* An extra cap: a pool slot, or a cptr that does not resolve.  Never
 * another root slot: the pool must not get hold of the fuzzer's own caps. */
mt_cptr_t rnd_cap_cptr(void)
{
    if (chance(90))
        return rnd_pool_slot();
    mt_word_t v = rnd_interesting();
    return v < BIT_ROOT_SLOTS && !in_pool(v) ? rnd_pool_slot() : v;
}

/* A pool slot holding a cap of this type, if one turns up quickly. */
mt_cptr_t pool_cap_of(int type)
{
    for (int i = 0; i < 12; i++) {
        mt_cptr_t s = rnd_pool_slot();
        if (cap_type(s) == type)
            return s;
    }
    return rnd_pool_slot();
}

/* A pool slot holding a reply cap if there is one (they are rare: one
 * per saved caller), else a random one. */
static mt_cptr_t pool_reply_cap(void)
{
    mt_word_t n = fz.pool_hi - fz.pool_lo, start = rnd_below(n);
    for (mt_word_t i = 0; i < n; i++) {
        mt_cptr_t s = fz.pool_lo + (start + i) % n;
        if (cap_type(s) == MT_CAP_REPLY)
            return s;
    }
    return rnd_pool_slot();
}

/* Root-CNode indices are kept in the pool (depth 64 is the only depth at
 * which anything in the root CNode resolves). */
void root_filter(mt_word_t *index, mt_word_t depth)
{
    if (depth == MT_WORD_BITS && *index < BIT_ROOT_SLOTS && !in_pool(*index))
        *index = rnd_pool_slot();
}

/* A slot address inside CNode n: mostly valid, sometimes nonsense. */
void rnd_addr(const struct fz_cnode *n, mt_word_t *index, mt_word_t *depth)
{
    if (chance(85)) {
        int d = n->guard_bits + n->radix;
        mt_word_t slot = rnd_below(1ul << n->radix);
        *index = (d < MT_WORD_BITS ? n->prefix << d : 0) | (n->guard << n->radix) | slot;
        *depth = (mt_word_t)(n->prefix_depth + d);
    } else {
        *index = rnd_interesting();
        *depth = chance(50) ? rnd_below(70) : rnd_interesting();
    }
    if (n->cptr == ROOT)
        root_filter(index, *depth);
}

const struct fz_cnode *rnd_cnode(void) { return &fz.cnodes[rnd_below(fz.ncnodes)]; }

/* A CNode for a thread's CSpace: never the root's. */
static mt_cptr_t rnd_cspace(void)
{
    mt_cptr_t c = rnd_cnode()->cptr;
    return c == ROOT ? rnd_cap_cptr() : c;
}

static mt_cptr_t rnd_vspace(void)
{
    return chance(80) && fz.nvspaces ? fz.vspaces[rnd_below(fz.nvspaces)] : rnd_cap_cptr();
}

static mt_word_t rnd_vaddr(void)
{
    switch (rnd_below(7)) {
    case 0: return 0x10000000 + (rnd_below(16) << MT_PAGE_BITS);
    case 1: return 0x20000000 + (rnd_below(4) << MT_FRAME_2M_SIZE_BITS);
    case 2: return MT_USER_TOP - (rnd_below(3) << MT_FRAME_2M_SIZE_BITS) - MT_PAGE_SIZE;
    case 3: return 0x10000000 + rnd_below(4096);
    default: return rnd_interesting();
    }
}

/* Where a written pc may point: the park loop, or somewhere that faults. */
static mt_word_t safe_pc(void)
{
    static const mt_word_t bad[] = { 0, 2, 4096, MT_USER_TOP, 0xffffffc080200000ul, ~0ul - 3 };
    return chance(50) ? (mt_word_t)fuzz_park : bad[rnd_below(sizeof bad / sizeof bad[0])];
}

static void rnd_mrs(struct inv *v, int from, int to)
{
    for (int i = from; i < to; i++)
        v->mr[i] = rnd_interesting();
}

/* Anything: a random label (mostly a real one), MRs and caps. */
static void op_random(struct inv *v)
{
    v->cap = rnd_pool_slot();
    v->label = chance(85) ? rnd_below(MT_INVOCATION_COUNT) : rnd_interesting();
    v->nmr = (int)rnd_below(10);
    v->ncaps = (int)rnd_below(4);
    rnd_mrs(v, 0, v->nmr);
    for (int i = 0; i < v->ncaps; i++)
        v->caps[i] = rnd_cap_cptr();
}

/* Destination of a Retype in the root CNode: slots inside the pool only. */
static void retype_root_dest(struct inv *v)
{
    mt_word_t *offset = &v->mr[4], *count = &v->mr[5];
    if (v->mr[3] != 0) {
        root_filter(&v->mr[2], v->mr[3]);
        return;
    }
    if (*offset < BIT_ROOT_SLOTS && !in_pool(*offset))
        *offset = rnd_pool_slot();
    if (in_pool(*offset) && *count <= 256 && *offset + *count > fz.pool_hi)
        *count = fz.pool_hi - *offset;
}

static void op_retype(struct inv *v)
{
    const struct fz_cnode *n = rnd_cnode();
    mt_word_t type = rnd_below(MT_OBJ_COUNT + 1);
    v->cap = chance(80) ? fz.uts[rnd_below(fz.nuts)] : pool_cap_of(MT_CAP_UNTYPED);
    v->label = MT_UNTYPED_RETYPE;
    v->mr[0] = chance(95) ? type : rnd_interesting();
    v->mr[1] = type == MT_OBJ_CNODE ? 1 + rnd_below(10) :
               type == MT_OBJ_UNTYPED ? 4 + rnd_below(20) : chance(80) ? 0 : rnd_interesting();
    if (chance(10))
        v->mr[1] = rnd_interesting();
    if (chance(60)) {
        v->mr[2] = 0, v->mr[3] = 0;
        v->mr[4] = chance(85) ? rnd_below(1ul << n->radix) : rnd_interesting();
    } else {
        rnd_addr(n, &v->mr[2], &v->mr[3]);
        v->mr[4] = rnd_below(16);
    }
    v->mr[5] = chance(85) ? 1 + rnd_below(4) : rnd_interesting();
    v->caps[0] = n->cptr;
    if (n->cptr == ROOT)
        retype_root_dest(v);
    v->nmr = chance(95) ? 6 : (int)rnd_below(6);
    v->ncaps = chance(95) ? 1 : 0;
}

/* Badge, guard data or nothing, for Mint and Mutate. */
static mt_word_t rnd_cap_data(void)
{
    switch (rnd_below(4)) {
    case 0: return 0;
    case 1: return 1 + rnd_below(16);
    case 2: return mt_cnode_guard(rnd_below(8), rnd_below(MT_WORD_BITS));
    default: return rnd_interesting();
    }
}

static void op_cnode(struct inv *v)
{
    static const int nmr[] = { 2, 2, 5, 6, 4, 5, 2 };
    const struct fz_cnode *dst = rnd_cnode(), *src = rnd_cnode();
    mt_word_t which = rnd_below(7);
    v->cap = dst->cptr;
    v->label = MT_CNODE_REVOKE + which;
    rnd_addr(dst, &v->mr[0], &v->mr[1]);
    rnd_addr(src, &v->mr[2], &v->mr[3]);
    v->mr[4] = chance(60) ? MT_RIGHTS_ALL : rnd_below(16);
    if (v->label == MT_CNODE_MUTATE)
        v->mr[4] = rnd_cap_data();
    v->mr[5] = rnd_cap_data();
    v->caps[0] = src->cptr;
    v->ncaps = chance(95) ? 1 : 0;
    v->nmr = chance(95) ? nmr[which] : (int)rnd_below(7);
    if (chance(4)) {   /* mostly no caller waits; else one that is no fault */
        v->label = MT_CNODE_SAVE_CALLER;
        v->nmr = chance(95) ? 2 : (int)rnd_below(3);
    }
}

/* Configure / SetSpace: CSpace, VSpace and (Configure) IPC buffer frame. */
static void tcb_spaces(struct inv *v, int configure)
{
    const struct fz_cnode *n = rnd_cnode();
    v->mr[0] = chance(70) ? rnd_below(HC_SLOTS) : rnd_interesting();
    v->mr[1] = chance(40) ? 0 : chance(70) && n->cptr != ROOT ?
               mt_cnode_guard(0, (mt_word_t)(MT_WORD_BITS - n->radix)) : rnd_interesting();
    v->caps[0] = n->cptr == ROOT ? rnd_cspace() : n->cptr;
    v->caps[1] = rnd_vspace();
    v->ncaps = 2;
    v->nmr = 2;
    if (configure) {
        v->mr[2] = chance(70) ? 0x10000000 + (rnd_below(16) << 9) : rnd_interesting();
        v->caps[2] = pool_cap_of(MT_CAP_FRAME);
        v->ncaps = (int)rnd_below(2) + 2;
        v->nmr = 3;
    }
}

static void tcb_registers(struct inv *v)
{
    v->mr[0] = rnd_below(2);
    v->mr[1] = chance(80) ? 1 + rnd_below(MT_REG_COUNT) : rnd_interesting();
    v->nmr = 2;
    if (v->label == MT_TCB_WRITE_REGISTERS) {
        v->nmr = (int)(2 + (v->mr[1] <= MT_REG_COUNT ? v->mr[1] : rnd_below(MT_REG_COUNT)));
        rnd_mrs(v, 2, v->nmr);
        if (chance(10))
            v->nmr = (int)rnd_below((mt_word_t)v->nmr);
    }
}

static void op_tcb(struct inv *v)
{
    v->cap = chance(90) ? pool_cap_of(MT_CAP_TCB) : rnd_pool_slot();
    v->label = chance(15) ? MT_TCB_BIND_FPU + rnd_below(2) :
               MT_TCB_CONFIGURE + rnd_below(MT_TCB_UNBIND_NOTIFICATION - MT_TCB_CONFIGURE + 1);
    switch (v->label) {
    case MT_TCB_CONFIGURE: tcb_spaces(v, 1); break;
    case MT_TCB_SET_SPACE: tcb_spaces(v, 0); break;
    case MT_TCB_SET_PRIORITY:
    case MT_TCB_SET_MC_PRIORITY:
        v->mr[0] = chance(80) ? rnd_below(FUZZ_HELPER_MCP + 10) : rnd_interesting();
        v->caps[0] = pool_cap_of(MT_CAP_TCB);
        v->nmr = v->ncaps = 1;
        break;
    case MT_TCB_SET_IPC_BUFFER:
        v->mr[0] = chance(20) ? 0 : 0x10000000 + (rnd_below(16) << 9);
        v->caps[0] = pool_cap_of(MT_CAP_FRAME);
        v->nmr = v->ncaps = 1;
        break;
    case MT_TCB_READ_REGISTERS:
    case MT_TCB_WRITE_REGISTERS: tcb_registers(v); break;
    case MT_TCB_BIND_NOTIFICATION:
        v->caps[0] = pool_cap_of(MT_CAP_NOTIFICATION);
        v->ncaps = 1;
        break;
    case MT_TCB_BIND_FPU:
        v->caps[0] = pool_cap_of(MT_CAP_FPU);
        v->ncaps = chance(95);
        break;
    default: break;
    }
}

static void op_vm(struct inv *v)
{
    int frame = chance(60);
    v->cap = pool_cap_of(frame ? MT_CAP_FRAME : MT_CAP_PAGE_TABLE);
    v->mr[0] = rnd_vaddr();
    v->mr[1] = chance(70) ? MT_VM_READ | MT_VM_WRITE : rnd_below(9);
    v->caps[0] = rnd_vspace();
    if (frame) {
        v->label = MT_FRAME_MAP + rnd_below(3);
        v->nmr = v->label == MT_FRAME_MAP ? 2 : 0;
    } else {
        v->label = chance(60) ? MT_PAGE_TABLE_MAP : MT_PAGE_TABLE_UNMAP;
        v->nmr = 1;
    }
    v->ncaps = 1;
}

/* IRQControl_Get (the one non-pool cap the fuzzer invokes, with its
 * destination kept in the pool) and the handlers' methods. */
static void op_irq(struct inv *v)
{
    if (chance(40)) {
        const struct fz_cnode *n = rnd_cnode();
        v->cap = MT_INIT_IRQ_CONTROL;
        v->label = MT_IRQ_CONTROL_GET;
        v->mr[0] = chance(80) ? rnd_below(MT_IRQ_MAX + 3) : rnd_interesting();
        rnd_addr(n, &v->mr[1], &v->mr[2]);
        v->caps[0] = n->cptr;
        v->nmr = 3;
        v->ncaps = 1;
        return;
    }
    v->cap = pool_cap_of(MT_CAP_IRQ_HANDLER);
    v->label = MT_IRQ_HANDLER_ACK + rnd_below(3);
    v->caps[0] = pool_cap_of(MT_CAP_NOTIFICATION);
    v->ncaps = (int)rnd_below(2);
}

/* ASID control's MakePool (from pool untyped into the pool's slots) and
 * pools' Assign of pool VSpaces (pool-made pools, or the boot pool). */
static void op_asid(struct inv *v)
{
    if (chance(30)) {
        const struct fz_cnode *n = rnd_cnode();
        v->cap = MT_INIT_ASID_CONTROL;
        v->label = MT_ASID_CONTROL_MAKE_POOL;
        rnd_addr(n, &v->mr[0], &v->mr[1]);
        v->caps[0] = pool_cap_of(MT_CAP_UNTYPED);
        v->caps[1] = n->cptr;
        v->nmr = 2;
        v->ncaps = chance(90) ? 2 : (int)rnd_below(2);
        return;
    }
    v->cap = chance(70) ? pool_cap_of(MT_CAP_ASID_POOL) : MT_INIT_ASID_POOL;
    v->label = chance(95) ? MT_ASID_POOL_ASSIGN : MT_ASID_CONTROL_MAKE_POOL;
    v->caps[0] = chance(90) ? pool_cap_of(MT_CAP_VSPACE) : rnd_pool_slot();
    v->ncaps = chance(95) ? 1 : 0;
}

static void load_message(const struct inv *v)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    for (int i = 0; i < v->nmr; i++)
        b->mr[i] = v->mr[i];
    for (int i = 0; i < v->ncaps; i++)
        b->caps_or_badges[i] = v->caps[i];
}

/* The fuzzer's own IPC: NBSend (never blocks, never faults, even on a cptr
 * that does not resolve; on a reply cap it is the reply), Signal, Yield. */
static void op_ipc(void)
{
    struct inv v = { .cap = chance(30) ? pool_reply_cap() :
                            chance(90) ? rnd_pool_slot() : rnd_cap_cptr() };
    v.nmr = (int)rnd_below(8);
    v.ncaps = (int)rnd_below(4);
    rnd_mrs(&v, 0, v.nmr);
    for (int i = 0; i < v.ncaps; i++)
        v.caps[i] = rnd_cap_cptr();
    load_message(&v);
    int type = cap_type(v.cap);
    fz.st.saved_replies += type == MT_CAP_REPLY;
    if (v.cap >= BIT_ROOT_SLOTS || type == MT_CAP_ENDPOINT || type == MT_CAP_REPLY)
        mt_nbsend(v.cap, mt_msginfo(64 + rnd_below(64), 0, (mt_word_t)v.ncaps, (mt_word_t)v.nmr));
    else if (type == MT_CAP_NOTIFICATION)
        mt_signal(v.cap);
    else
        mt_yield();
}

void check_label(mt_word_t label, mt_cptr_t cap, mt_word_t inv)
{
    if (label < MT_NUM_ERRORS)
        return;
    if (fz.bad_labels++ < 10)
        mt_printf("# invocation %lu on cap %lu (type %d): reply label %lu\n",
                  inv, cap, cap_type(cap), label);
}

/* Calls the object and returns the reply label (~0 when there is none).
 * An endpoint would make the Call an IPC that may never be answered, so
 * it gets an NBSend; a written pc is made safe. */
static mt_word_t perform(struct inv *v)
{
    int type = cap_type(v->cap);
    if (type == MT_CAP_TCB && v->label == MT_TCB_WRITE_REGISTERS && v->nmr > 2)
        v->mr[2] = safe_pc();
    load_message(v);
    mt_word_t info = mt_msginfo(v->label, 0, (mt_word_t)v->ncaps, (mt_word_t)v->nmr);
    if (type == MT_CAP_ENDPOINT) {
        mt_nbsend(v->cap, info);
        return ~0ul;
    }
    info = mt_call(v->cap, info);
    fz.invocations++;
    if (v->label < MT_INVOCATION_COUNT) {   /* coverage: how far each method gets */
        fz.tried[v->label]++;
        fz.succeeded[v->label] += mt_msginfo_label(info) == MT_OK;
    }
    check_label(mt_msginfo_label(info), v->cap, v->label);
    return mt_msginfo_label(info);
}

mt_word_t fz_invoke(mt_cptr_t cap, mt_word_t label, int nmr, const mt_word_t *mr,
                    int ncaps, const mt_cptr_t *caps)
{
    struct inv v = { .cap = cap, .label = label, .nmr = nmr, .ncaps = ncaps };
    for (int i = 0; i < nmr; i++)
        v.mr[i] = mr[i];
    for (int i = 0; i < ncaps; i++)
        v.caps[i] = caps[i];
    return perform(&v);
}

static mt_word_t pool_index(mt_cptr_t s) { return s - fz.pool_lo; }

/* count empty pool slots in a row, from a random place; 0 if none. */
static mt_cptr_t pool_free_run(mt_word_t count)
{
    mt_word_t n = fz.pool_hi - fz.pool_lo, start = rnd_below(n), run = 0;
    for (mt_word_t k = 0; k < n; k++) {
        mt_cptr_t s = fz.pool_lo + (start + k) % n;
        if (s == fz.pool_lo)
            run = 0;                /* runs do not wrap around */
        run = cap_type(s) == MT_CAP_NULL ? run + 1 : 0;
        if (run == count)
            return s + 1 - count;
    }
    return 0;
}

mt_cptr_t pool_free_slot(void) { return pool_free_run(1); }

/* ---- Retype with arguments that fit: an untyped (Describe tells how
 * much room it has; a full one is sometimes revoked), an object that fits
 * in it, and empty destination slots. ---- */

static int log2_floor(mt_word_t x)
{
    int b = -1;
    while (x) {
        x >>= 1;
        b++;
    }
    return b;
}

/* A type (and size) whose objects fit count_max >= 1 times in the room. */
static int fitting_object(int device, mt_word_t size, mt_word_t used, mt_word_t *type,
                          mt_word_t *bits, mt_word_t *count_max)
{
    static const mt_word_t dev_types[] = { MT_OBJ_FRAME_4K, MT_OBJ_FRAME_4K, MT_OBJ_UNTYPED, MT_OBJ_FRAME_2M };
    for (int attempt = 0; attempt < 6; attempt++) {
        *type = device ? dev_types[rnd_below(4)] : rnd_below(MT_OBJ_COUNT);
        if (*type == MT_OBJ_ASID_POOL)   /* not retypable: ASID control makes pools */
            *type = MT_OBJ_VSPACE;
        int room = log2_floor(size - used);
        if (room < 4)
            return 0;
        *bits = *type == MT_OBJ_UNTYPED ? 4 + rnd_below((mt_word_t)room - 3) :
                *type == MT_OBJ_CNODE ? 1 + rnd_below(room > 13 ? 8 : room > 6 ? (mt_word_t)room - 5 : 1) : 0;
        int ob = mt_object_size_bits(*type, *bits);
        if (ob < 0)
            continue;
        mt_word_t obj = 1ul << ob, start = (used + obj - 1) & ~(obj - 1);
        if (start < size && size - start >= obj) {
            *count_max = (size - start) >> ob;
            return 1;
        }
    }
    return 0;
}

/* Destination: count empty root slots of the pool, or a slot of another
 * pool CNode (which may be taken). */
static int retype_dest_shaped(struct inv *v, mt_word_t count)
{
    if (chance(80)) {
        mt_cptr_t s = pool_free_run(count);
        if (!s && count > 1)
            s = pool_free_run(count = 1);
        if (!s)
            return 0;
        v->caps[0] = ROOT;
        v->mr[2] = v->mr[3] = 0;
        v->mr[4] = s;
        v->mr[5] = count;
        return 1;
    }
    const struct fz_cnode *n = rnd_cnode();
    if (n->cptr == ROOT)
        return 0;
    mt_word_t slots = 1ul << n->radix;
    v->caps[0] = n->cptr;
    v->mr[2] = n->prefix;           /* depth 0: the root itself */
    v->mr[3] = (mt_word_t)n->prefix_depth;
    v->mr[4] = rnd_below(slots);
    v->mr[5] = count < slots - v->mr[4] ? count : slots - v->mr[4];
    return 1;
}

static int op_retype_shaped(struct inv *v)
{
    mt_cptr_t ut = chance(85) ? fz.uts[rnd_below(fz.nuts)] : pool_cap_of(MT_CAP_UNTYPED);
    struct mt_untyped_info info;
    if (cap_type(ut) != MT_CAP_UNTYPED || mt_untyped_describe(ut, &info) != MT_OK)
        return 0;
    mt_word_t size = 1ul << info.size_bits, used = size - info.free_bytes, type, bits, max;
    if (!fitting_object(info.device, size, used, &type, &bits, &max)) {
        if (!chance(50) || fz_invoke(ROOT, MT_CNODE_REVOKE, 2, (mt_word_t[]){ ut, ROOT_DEPTH }, 0, 0))
            return 0;
        if (!fitting_object(info.device, size, 0, &type, &bits, &max))
            return 0;
    }
    mt_word_t count = 1 + rnd_below(max < 4 ? max : 4);
    if (!retype_dest_shaped(v, count))
        return 0;
    v->cap = ut;
    v->label = MT_UNTYPED_RETYPE;
    v->mr[0] = type;
    v->mr[1] = bits;
    v->nmr = 6;
    v->ncaps = 1;
    return 1;
}

/* After a Retype into the root: which pool slots now hold 2 MiB frames. */
static void note_retype(const struct inv *v, mt_word_t label)
{
    if (label != MT_OK || v->caps[0] != ROOT || v->mr[3] != 0 || !in_pool(v->mr[4]))
        return;
    for (mt_word_t i = 0; i < v->mr[5] && in_pool(v->mr[4] + i); i++)
        fz.big_hint[pool_index(v->mr[4] + i)] = v->mr[0] == MT_OBJ_FRAME_2M;
}

static void op_retype_any(void)
{
    struct inv v = { 0 };
    if (chance(90) && op_retype_shaped(&v)) {
        mt_word_t label = perform(&v);
        fz.st.shaped_retype[0]++;
        fz.st.shaped_retype[1] += label == MT_OK;
        note_retype(&v, label);
        return;
    }
    op_retype(&v);
    perform(&v);
}

/* ---- Maps into the pool VSpaces' windows, where tables are. ---- */

/* A random set (or, with want 0, clear) bit of mask, WIN_SLOTS wide. */
static int rnd_bit(unsigned mask, int want)
{
    int start = (int)rnd_below(WIN_SLOTS);
    for (int k = 0; k < WIN_SLOTS; k++) {
        int j = (start + k) % WIN_SLOTS;
        if (((mask >> j) & 1) == (unsigned)want)
            return j;
    }
    return start;
}

static void op_frame_map_shaped(struct fz_win *w, mt_cptr_t f)
{
    unsigned char *hint = &fz.big_hint[pool_index(f)];
    if (chance(80))                 /* mapped elsewhere, it could not go here */
        fz_invoke(f, MT_FRAME_UNMAP, 0, 0, 0, 0);
    int j = rnd_bit(w->l0, *hint ? 0 : 1);
    mt_word_t va = WIN_BASE + (mt_word_t)j * BIG_BYTES;
    if (!*hint)
        va += rnd_below(512) << MT_PAGE_BITS;
    mt_word_t perms = chance(70) ? MT_VM_READ | MT_VM_WRITE : MT_VM_READ;
    mt_word_t label = fz_invoke(f, MT_FRAME_MAP, 2, (mt_word_t[]){ va, perms }, 1, &w->vs);
    fz.st.shaped_map[0]++;
    fz.st.shaped_map[1] += label == MT_OK;
    if (label == MT_ALIGNMENT_ERROR)
        *hint = 1;
    else if (label == MT_FAILED_LOOKUP && !*hint)
        w->l0 &= ~(1u << j);        /* no table there after all */
}

/* A page table that is not mapped (Unmap needs the last cap to it). */
static mt_cptr_t unmapped_pt(void)
{
    mt_cptr_t pt = 0;
    for (int k = 0; k < 3; k++) {
        pt = pool_cap_of(MT_CAP_PAGE_TABLE);
        if (cap_type(pt) != MT_CAP_PAGE_TABLE)
            continue;
        if (chance(3))
            break;
        if (fz_invoke(pt, MT_PAGE_TABLE_UNMAP, 0, 0, 0, 0) == MT_OK) {
            unsigned char *at = &fz.pt_where[pool_index(pt)];
            if (*at)                /* it leaves a window slot it was in */
                fz.wins[*at / WIN_SLOTS - 1].l0 &= ~(1u << (*at % WIN_SLOTS));
            *at = 0;
            break;
        }
    }
    return pt;
}

static void op_pt_map_shaped(struct fz_win *w, mt_cptr_t pt)
{
    int j = rnd_bit(w->l0, chance(95) ? 0 : 1);
    mt_word_t va = WIN_BASE + (mt_word_t)j * BIG_BYTES;
    if (cap_type(pt) != MT_CAP_PAGE_TABLE)
        return;
    mt_word_t label = fz_invoke(pt, MT_PAGE_TABLE_MAP, 1, &va, 1, &w->vs);
    fz.st.shaped_ptmap[0]++;
    fz.st.shaped_ptmap[1] += label == MT_OK;
    if (label == MT_OK) {
        w->l0 |= 1u << j;
        fz.pt_where[pool_index(pt)] = (unsigned char)((w - fz.wins + 1) * WIN_SLOTS + j);
    }
}

/* A window whose VSpace is still there: one lost (deleted, moved) is
 * replaced by another pool VSpace, its tables unknown. */
static struct fz_win *rnd_win(void)
{
    struct fz_win *w = &fz.wins[rnd_below(NWINS)];
    if (cap_type(w->vs) != MT_CAP_VSPACE) {
        w->vs = pool_cap_of(MT_CAP_VSPACE);
        w->l0 = 0;
        if (cap_type(w->vs) == MT_CAP_VSPACE && fz.rebinds_left-- > 0)
            (void)window_table(w->vs);
    }
    return w;
}

static void op_vm_any(void)
{
    if (chance(75)) {
        struct fz_win *w = rnd_win();
        mt_cptr_t f = pool_cap_of(MT_CAP_FRAME);
        int frame = chance(70) && cap_type(f) == MT_CAP_FRAME;
        if (frame && (w->l0 || fz.big_hint[pool_index(f)]))
            op_frame_map_shaped(w, f);
        else
            op_pt_map_shaped(w, unmapped_pt());
        return;
    }
    struct inv v = { 0 };
    op_vm(&v);
    perform(&v);
}

/* One operation; the ones that are not a single invocation first. */
void fuzz_one(void)
{
    struct inv v = { 0 };
    mt_word_t r = rnd_below(100);
#ifdef FUZZ_TRACE
    mt_printf("op %lu\n", r);
#endif
    if (r < 5) op_ipc();
    else if (r < 11) op_block();
    else if (r < 12) op_caller();
    else if (r < 15) op_puts();
    else if (r < 17) op_scratch();
    else if (r < 21) op_sleeper();
    else if (r < 24) op_kill();
    else if (r < 36) op_retype_any();
    else if (r < 48) op_vm_any();
    if (r < 48)
        return;
    if (r < 60) op_random(&v);
    else if (r < 78) op_cnode(&v);
    else if (r < 93) op_tcb(&v);
    else if (r < 97) op_irq(&v);
    else op_asid(&v);
    perform(&v);
}

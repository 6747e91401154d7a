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

static int in_pool(mt_word_t s) { return s >= fz.pool_lo && s < fz.pool_hi; }

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
static mt_cptr_t pool_cap_of(int type)
{
    for (int i = 0; i < 12; i++) {
        mt_cptr_t s = rnd_pool_slot();
        if (cap_type(s) == type)
            return s;
    }
    return rnd_pool_slot();
}

/* Root-CNode indices are kept in the pool (depth 64 is the only depth at
 * which anything in the root CNode resolves). */
static void root_filter(mt_word_t *index, mt_word_t depth)
{
    if (depth == MT_WORD_BITS && *index < BIT_ROOT_SLOTS && !in_pool(*index))
        *index = rnd_pool_slot();
}

/* A slot address inside CNode n: mostly valid, sometimes nonsense. */
static void rnd_addr(const struct fz_cnode *n, mt_word_t *index, mt_word_t *depth)
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

static const struct fz_cnode *rnd_cnode(void) { return &fz.cnodes[rnd_below(fz.ncnodes)]; }

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
    v->label = MT_TCB_CONFIGURE + rnd_below(MT_TCB_UNBIND_NOTIFICATION - MT_TCB_CONFIGURE + 1);
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

static void load_message(const struct inv *v)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    for (int i = 0; i < v->nmr; i++)
        b->mr[i] = v->mr[i];
    for (int i = 0; i < v->ncaps; i++)
        b->caps_or_badges[i] = v->caps[i];
}

/* The fuzzer's own IPC: NBSend (never blocks, never faults, even on a cptr
 * that does not resolve), Signal, Yield.  It never receives on a pool cap:
 * a Recv on a cap it may not receive on would be a cap fault, and the
 * fuzzer has no fault handler. */
static void op_ipc(void)
{
    struct inv v = { .cap = chance(90) ? rnd_pool_slot() : rnd_cap_cptr() };
    v.nmr = (int)rnd_below(8);
    v.ncaps = (int)rnd_below(4);
    rnd_mrs(&v, 0, v.nmr);
    for (int i = 0; i < v.ncaps; i++)
        v.caps[i] = rnd_cap_cptr();
    load_message(&v);
    int type = cap_type(v.cap);
    if (v.cap >= BIT_ROOT_SLOTS || type == MT_CAP_ENDPOINT)
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

/* Calls the object.  An endpoint would make the Call an IPC that may never
 * be answered, so it gets an NBSend; a written pc is made safe. */
static void perform(struct inv *v)
{
    int type = cap_type(v->cap);
    if (type == MT_CAP_TCB && v->label == MT_TCB_WRITE_REGISTERS && v->nmr > 2)
        v->mr[2] = safe_pc();
    load_message(v);
    mt_word_t info = mt_msginfo(v->label, 0, (mt_word_t)v->ncaps, (mt_word_t)v->nmr);
    if (type == MT_CAP_ENDPOINT) {
        mt_nbsend(v->cap, info);
        return;
    }
    info = mt_call(v->cap, info);
    fz.invocations++;
    if (v->label < MT_INVOCATION_COUNT) {   /* coverage: how far each method gets */
        fz.tried[v->label]++;
        fz.succeeded[v->label] += mt_msginfo_label(info) == MT_OK;
    }
    check_label(mt_msginfo_label(info), v->cap, v->label);
}

void fuzz_one(void)
{
    struct inv v = { 0 };
    mt_word_t r = rnd_below(100);
    if (r < 8) {
        op_ipc();
        return;
    }
    if (r < 25) op_random(&v);
    else if (r < 40) op_retype(&v);
    else if (r < 65) op_cnode(&v);
    else if (r < 82) op_tcb(&v);
    else if (r < 94) op_vm(&v);
    else op_irq(&v);
    perform(&v);
}

/* A fault is answered at once: restart in the park loop (on a random cap
 * of the helpers' CSpace) or stay stopped.  Any other message (a helper
 * may Call the fault endpoint) gets an empty reply. */
void answer_faults(void)
{
    for (int i = 0; i < 4; i++) {
        mt_word_t badge = 0, info = mt_nbrecv(fz.fault_ep, &badge);
        mt_word_t label = mt_msginfo_label(info);
        if (info == 0 && badge == 0)
            return;
        if (label < MT_FAULT_CAP || label > MT_FAULT_VM) {
            mt_reply(mt_msginfo(0, 0, 0, 0));
            continue;
        }
        fz.faults_answered++;
        mt_set_mr(0, (mt_word_t)fuzz_park);
        mt_set_mr(1, 0);
        mt_set_mr(2, rnd_below(HC_SLOTS));
        mt_reply(chance(70) ? mt_msginfo(0, 0, 0, 3) : mt_msginfo(1, 0, 0, 0));
    }
}

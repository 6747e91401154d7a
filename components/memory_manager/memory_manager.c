/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory manager: every kernel object kind from its untyped (blocks.c),
 * for a client, charged to an owner within the owner's quota, with exact
 * figures per kind and per owner.  Objects of one request form a group:
 * made all or nothing, freed together.  Freeing revokes each object's
 * block, so every copy the client made of its caps goes too and the
 * bytes are back to the byte. */
#include <libmote/print.h>
#include <libmote/string.h>
#include "mm.h"
#include "../interfaces/memory.h"
#include "../interfaces/uart.h"

MT_RPC_SERVER(memory, MEMORY_METHODS)

/* With the UART driver connected, mt_printf goes there: the release
 * kernel has no debug PutS (on the debug kernel, unconnected, PutS prints). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#define SET_OUTPUT() mt_set_output(uart_output)
#else
#define SET_OUTPUT() ((void)0)
#endif

#define MAX_OWNERS 16         /* components and nine applications */
#define MAX_GROUPS 112
#define MAX_OBJS 64            /* objects in one request */
/* Caps clients send (attach: their CNode) land here and move on. */
#define RECV_SLOT (MT_SLOT_COUNT - 1)

static struct owner {
    struct mem_name name;
    unsigned long quota, bytes, objects;
    uint16_t creator;          /* client badge that may charge it */
    uint8_t used;
} owners[MAX_OWNERS];

static struct group {
    slot_no first;             /* first block; blocks link by next */
    slot_no held;              /* our slot of a frame cap alloc handed out */
    uint8_t owner, used;
    uint16_t client;
} groups[MAX_GROUPS];

static uint8_t client_owner[MT_CLIENT_COUNT_memory + 1];
static slot_no client_cnode[MT_CLIENT_COUNT_memory + 1];
static unsigned long kind_bytes[MT_OBJ_COUNT], kind_objs[MT_OBJ_COUNT];
static unsigned long allocated, requested, objects, high_water;

static const char *const kind_names[MT_OBJ_COUNT] = {
    [MT_OBJ_UNTYPED] = "untyped", [MT_OBJ_TCB] = "tcb", [MT_OBJ_ENDPOINT] = "endpoint",
    [MT_OBJ_NOTIFICATION] = "notification", [MT_OBJ_CNODE] = "cnode",
    [MT_OBJ_FRAME_4K] = "frame_4k", [MT_OBJ_FRAME_2M] = "frame_2m",
    [MT_OBJ_PAGE_TABLE] = "page_table", [MT_OBJ_VSPACE] = "vspace", [MT_OBJ_FPU] = "fpu",
};

/* The first untyped slot holds the block the rootserver was built from.
 * The rootserver runs above every component until it suspends itself, so
 * by the time this runs it is done: revoking the block destroys it and
 * frees its memory for Retype.  Then all our untyped become blocks, and,
 * before any client asks for memory, we say what we can still allocate:
 * RAM minus that is everything the idle system holds (scripts/footprint.sh,
 * ram_used_bytes). */
void pre_init(void)
{
    SET_OUTPUT();
    int err = mt_cnode_revoke(MT_SLOT_CNODE, MT_UNTYPED_SLOT_FIRST, DEPTH);
    if (err)
        mt_printf("memory_manager: reclaiming the rootserver failed: error %d\n", err);
    slots[RECV_SLOT].state = S_HELD;
    blocks_init();
    mt_rpc_accept_cap(RECV_SLOT);
    mt_printf("memory_manager: free %lu bytes\n", blocks_free_bytes());
}

static long new_owner(struct mem_name name, unsigned long quota, unsigned creator)
{
    for (int i = 0; i < MAX_OWNERS; i++)
        if (!owners[i].used) {
            name.s[MEM_NAME_MAX - 1] = 0;
            owners[i] = (struct owner){ .name = name, .quota = quota,
                                        .creator = (uint16_t)creator, .used = 1 };
            return i;
        }
    return -MEM_TABLE_FULL;
}

/* Client b's instance name from the assembly (motec's table, badge order),
 * cut to fit: every owner is named, whether or not its client attaches. */
static struct mem_name client_name(mt_word_t b)
{
    struct mem_name n = { { 0 } };
    const char *p = mt_client_names_memory;
    for (; b > 1; b--)
        p += strlen(p) + 1;
    for (unsigned i = 0; p[i] && i < sizeof n.s - 1; i++)
        n.s[i] = p[i];
    return n;
}

/* The caller's own owner, made on first use (named after its instance
 * unless it attached with a name). */
static long caller_owner(void)
{
    mt_word_t b = mt_rpc_badge();
    if (b < 1 || b > MT_CLIENT_COUNT_memory)
        return -MEM_NO_OWNER;
    if (!client_owner[b]) {
        long o = new_owner(client_name(b), 0, (unsigned)b);
        if (o < 0)
            return o;
        client_owner[b] = (uint8_t)(o + 1);
    }
    return client_owner[b] - 1;
}

/* Owner id 0: the caller; id > 0: owner id - 1, if the caller made it. */
static long resolve(long id)
{
    if (id == 0)
        return caller_owner();
    if (id < 1 || id > MAX_OWNERS || !owners[id - 1].used ||
        owners[id - 1].creator != mt_rpc_badge())
        return -MEM_NO_OWNER;
    return id - 1;
}

static void charge(int o, int kind, int bits, long sign)
{
    unsigned long b = 1ul << bits;
    owners[o].bytes += (unsigned long)sign * b;
    owners[o].objects += (unsigned long)sign;
    kind_bytes[kind] += (unsigned long)sign * b;
    kind_objs[kind] += (unsigned long)sign;
    allocated += (unsigned long)sign * (1ul << (bits < MT_UNTYPED_MIN_BITS ? MT_UNTYPED_MIN_BITS : bits));
    requested += (unsigned long)sign * b;
    objects += (unsigned long)sign;
    if (allocated > high_water)
        high_water = allocated;
}

static long new_group(int owner)
{
    for (int g = 0; g < MAX_GROUPS; g++)
        if (!groups[g].used) {
            groups[g] = (struct group){ .owner = (uint8_t)owner, .used = 1,
                                        .client = (uint16_t)mt_rpc_badge() };
            return g;
        }
    return -MEM_TABLE_FULL;
}

/* Frees every block of group g and uncharges it. */
static void group_release(long g)
{
    struct group *gr = &groups[g];
    for (mt_cptr_t s = gr->first, next; s; s = next) {
        next = slots[s].next;
        int bits = slots[s].bits;
        charge(gr->owner, slots[s].kind, bits, -1);
        block_put(s);
    }
    if (gr->held)
        slot_release(gr->held);
    gr->used = 0;
}

/* One object from a block of its size into (cnode, index), linked into
 * group g; returns 0 or a negated enum mem_error. */
static long make_one(long g, int type, int size_bits, mt_cptr_t cnode, mt_word_t index)
{
    int bits = mt_object_size_bits((unsigned long)type, (unsigned long)size_bits);
    mt_cptr_t b = block_get(bits);
    if (!b)
        return -MEM_NO_MEMORY;
    int err = mt_untyped_retype(b, type, size_bits, cnode, 0, 0, index, 1);
    slots[b].kind = (uint8_t)type;
    slots[b].bits = (uint8_t)(bits < MT_UNTYPED_MIN_BITS ? MT_UNTYPED_MIN_BITS : bits);
    slots[b].owner = groups[g].owner;
    slots[b].next = groups[g].first;
    groups[g].first = (slot_no)b;
    charge(groups[g].owner, type, bits, 1);
    return err ? -MEM_NO_SLOT : 0;
}

/* A request's cost in bytes, or a negated enum mem_error. */
static long cost(const struct mem_req *req, unsigned *count)
{
    long bytes = 0;
    *count = 0;
    for (int i = 0; i < MEM_REQ_MAX && req->row[i].count; i++) {
        const struct mem_req_row *r = &req->row[i];
        int bits = r->type < MT_OBJ_COUNT ? mt_object_size_bits(r->type, r->size_bits) : -1;
        if (bits < 0 || bits > 30 || r->count > MAX_OBJS || (*count += r->count) > MAX_OBJS)
            return -MEM_BAD_REQUEST;
        bytes += (long)r->count << bits;
    }
    return *count ? bytes : -MEM_BAD_REQUEST;
}

long memory_objs_alloc(long owner_id, struct mem_req req, unsigned long dest)
{
    long o = resolve(owner_id), g;
    unsigned count;
    long bytes = cost(&req, &count);
    mt_cptr_t cnode = client_cnode[mt_rpc_badge() <= MT_CLIENT_COUNT_memory ? mt_rpc_badge() : 0];
    if (o < 0 || bytes < 0)
        return o < 0 ? o : bytes;
    if (!cnode)
        return -MEM_NO_CNODE;
    if (owners[o].quota && owners[o].bytes + (unsigned long)bytes > owners[o].quota)
        return -MEM_QUOTA;
    if ((g = new_group((int)o)) < 0)
        return g;
    unsigned long index = dest;
    for (int i = 0; i < MEM_REQ_MAX && req.row[i].count; i++)
        for (unsigned n = 0; n < req.row[i].count; n++) {
            long e = make_one(g, req.row[i].type, req.row[i].size_bits, cnode, index++);
            if (e) {
                group_release(g);
                return e;
            }
        }
    return g;
}

long memory_objs_free(long g)
{
    if (g < 0 || g >= MAX_GROUPS || !groups[g].used || groups[g].client != mt_rpc_badge())
        return -MEM_BAD_REQUEST;
    group_release(g);
    return 0;
}

/* A frame for the caller itself, its cap in the reply. */
long memory_alloc(void)
{
    long o = caller_owner(), g = o < 0 ? o : new_group((int)o);
    mt_cptr_t held = g < 0 ? 0 : slot_take();
    if (!held) {
        if (g >= 0)
            groups[g].used = 0;
        return -1;
    }
    groups[g].held = (slot_no)held;
    if (make_one(g, MT_OBJ_FRAME_4K, 0, MT_SLOT_CNODE, held)) {
        group_release(g);
        return -1;
    }
    mt_rpc_give_cap(held);
    return g;
}

int memory_free(long handle)
{
    if (handle < 0 || handle >= MAX_GROUPS || !groups[handle].held)
        return -1;
    return memory_objs_free(handle) ? -1 : 0;
}

long memory_attach(struct mem_name name)
{
    mt_word_t b = mt_rpc_badge();
    long o = caller_owner();
    if (o < 0)
        return o;
    name.s[MEM_NAME_MAX - 1] = 0;
    owners[o].name = name;
    if (!mt_rpc_caps_received())
        return 0;
    if (client_cnode[b])
        mt_cnode_delete(MT_SLOT_CNODE, client_cnode[b], DEPTH);
    mt_cptr_t s = client_cnode[b] ? client_cnode[b] : slot_take();
    if (!s)
        return -MEM_TABLE_FULL;
    /* the cap arrived in our receive slot: keep it in s */
    if (mt_cnode_move(MT_SLOT_CNODE, s, DEPTH, MT_SLOT_CNODE, RECV_SLOT, DEPTH)) {
        slot_release(s);
        client_cnode[b] = 0;
        return -MEM_NO_CNODE;
    }
    client_cnode[b] = (slot_no)s;
    return 0;
}

long memory_owner_new(struct mem_name name, unsigned long quota)
{
    long o = caller_owner();
    return o < 0 ? o : (o = new_owner(name, quota, (unsigned)mt_rpc_badge())) < 0 ? o : o + 1;
}

long memory_owner_free(long id)
{
    long o = id ? resolve(id) : -MEM_NO_OWNER;
    if (o < 0)
        return o;
    if (owners[o].objects)
        return -MEM_BUSY;
    owners[o].used = 0;
    return 0;
}

long memory_owner_left(long id)
{
    long o = resolve(id);
    if (o < 0)
        return o;
    return owners[o].quota ? (long)(owners[o].quota - owners[o].bytes) : 0x7fffffffffffffffl;
}

struct mem_figures memory_figures(void)
{
    return (struct mem_figures){
        .allocated_bytes = allocated, .free_bytes = blocks_free_bytes(),
        .requested_bytes = requested,
        .overhead_bytes = MT_SLOT_COUNT * (1ul << MT_SLOT_SIZE_BITS) + sizeof slots +
                          sizeof owners + sizeof groups,
        .allocated_objects = objects, .high_water_bytes = high_water };
}

struct mem_row memory_kind_row(int kind)
{
    struct mem_row r = { .valid = kind >= 0 && kind < MT_OBJ_COUNT && kind_names[kind] };
    if (r.valid) {
        memcpy(r.name.s, kind_names[kind], strlen(kind_names[kind]) + 1);
        r.bytes = kind_bytes[kind];
        r.objects = kind_objs[kind];
    }
    return r;
}

struct mem_row memory_owner_row(int index)
{
    struct mem_row r = { .valid = index >= 0 && index < MAX_OWNERS };
    if (r.valid && owners[index].used)
        r = (struct mem_row){ .name = owners[index].name, .bytes = owners[index].bytes,
                              .objects = owners[index].objects, .quota = owners[index].quota,
                              .valid = 1 };
    else if (r.valid)
        r.valid = 2;   /* an unused entry: skip it */
    return r;
}

/* What the untyped we hold add up to (the console's mem). */
struct mem_stats memory_stats(void)
{
    struct mem_stats st = { 0, kind_objs[MT_OBJ_FRAME_4K], 0, blocks_free_bytes() };
    for (int u = 0; u < MT_UNTYPED_SLOT_COUNT; u++) {
        struct mt_untyped_info info;
        if (mt_untyped_describe(MT_UNTYPED_SLOT_FIRST + u, &info) != MT_OK || info.device)
            continue;
        st.untyped_count++;
        st.total_bytes += 1ul << info.size_bits;
    }
    return st;
}

MT_COMPONENT(MT_PROVIDES(memory));

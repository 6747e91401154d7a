/* SPDX-License-Identifier: BSD-2-Clause */
/* Validating the binary spec before acting on any of it: every table lies
 * inside the file, every index names an object of the right type, every
 * string is terminated.  A bad spec is reported and the machine shut down
 * with RS_EXIT_BAD_SPEC; nothing here may fault. */
#include <libmote/string.h>

#include "rs.h"

#define BAD rs_bad

static uint64_t spec_size;

static const void *table(uint32_t count, uint32_t offset, uint32_t rec, const char *what)
{
    if (offset % 8 || offset > spec_size || (uint64_t)count * rec > spec_size - offset)
        BAD("%s table: %u records at %u in %lu bytes", what, count,
            offset, (unsigned long)spec_size);
    return (const uint8_t *)rs.spec + offset;
}

static void check_string(uint32_t off, const char *what)
{
    if (off >= rs.spec->string_bytes)
        BAD("%s name at %u", what, off);
}

static void check_obj(uint32_t i, int type, const char *what)
{
    if (i >= rs.spec->object_count)
        BAD("%s refers to object %u of %u", what, i, rs.spec->object_count);
    if (type >= 0 && rs.obj[i].type != type)
        BAD("%s: object %s has type %u, not %d", what, rs_name(i), rs.obj[i].type, type);
}

static void check_objects(void)
{
    for (uint32_t i = 0; i < rs.spec->object_count; i++) {
        const struct mt_spec_object *o = &rs.obj[i];
        check_string(o->name, "object");
        int ok = o->type < MT_OBJ_COUNT && o->type != MT_OBJ_UNTYPED;
        if (o->type == MT_OBJ_CNODE)
            ok = o->size_bits >= MT_CNODE_MIN_RADIX && o->size_bits <= MT_SPEC_CNODE_MAX_BITS;
        if (o->type == MT_SPEC_OBJ_IRQ)
            ok = o->paddr >= 1 && o->paddr <= MT_IRQ_MAX;
        if (o->type == MT_SPEC_OBJ_POWER)
            ok = o->paddr == 0;
        if ((o->flags & (MT_SPEC_OBJ_IMAGE | MT_SPEC_OBJ_REPORT)) && o->type != MT_OBJ_FRAME_4K)
            ok = 0;
        if ((o->flags & MT_SPEC_OBJ_REPORT) && (o->flags & ~MT_SPEC_OBJ_REPORT))
            ok = 0;
        /* large device regions come in 2 MiB frames (motec) */
        if ((o->flags & MT_SPEC_OBJ_DEVICE) && o->type != MT_OBJ_FRAME_4K &&
            o->type != MT_OBJ_FRAME_2M)
            ok = 0;
        if (!ok)
            BAD("object %s: type %u, size %u, flags %u, paddr 0x%lx", rs_name(i),
                o->type, o->size_bits, o->flags, (unsigned long)o->paddr);
    }
}

static void check_caps(void)
{
    for (uint32_t i = 0; i < rs.spec->cap_count; i++) {
        const struct mt_spec_cap *c = &rs.cap[i];
        check_obj(c->cnode, MT_OBJ_CNODE, "cap");
        check_obj(c->object, -1, "cap");
        if (c->slot == 0 || c->slot >= (1u << rs.obj[c->cnode].size_bits))
            BAD("cap in %s: slot %u is outside the CNode", rs_name(c->cnode), c->slot);
        if (rs.obj[c->object].flags & MT_SPEC_OBJ_IMAGE)
            BAD("cap in %s to archive frame %s", rs_name(c->cnode),
                rs_name(c->object));
        if (c->flags & ~MT_SPEC_CAP_INSPECT || ((c->flags & MT_SPEC_CAP_INSPECT) &&
            rs.obj[c->object].type != MT_OBJ_TCB && rs.obj[c->object].type != MT_OBJ_CNODE))
            BAD("cap in %s: flags %u on a cap to %s", rs_name(c->cnode), c->flags,
                rs_name(c->object));
    }
}

static void check_mapping(const struct mt_spec_mapping *m)
{
    check_obj(m->vspace, MT_OBJ_VSPACE, "mapping");
    check_obj(m->object, -1, "mapping");
    const struct mt_spec_object *o = &rs.obj[m->object];
    int table = m->source == MT_SPEC_SRC_TABLE;
    int big = o->type == MT_OBJ_FRAME_2M;   /* shared only, 2 MiB aligned */
    if (table != (o->type == MT_OBJ_PAGE_TABLE) ||
        (!table && o->type != MT_OBJ_FRAME_4K && !big) || m->source > MT_SPEC_SRC_SHARED ||
        (big && (m->source != MT_SPEC_SRC_SHARED ||
                 m->vaddr % (1ull << MT_FRAME_2M_SIZE_BITS))) ||
        m->vaddr % MT_PAGE_SIZE || m->vaddr >= MT_USER_TOP)
        BAD("mapping of %s at 0x%lx (source %u)", rs_name(m->object),
            (unsigned long)m->vaddr, m->source);
    if ((m->source == MT_SPEC_SRC_IMAGE) != !!(o->flags & MT_SPEC_OBJ_IMAGE))
        BAD("mapping of %s: in place or not", rs_name(m->object));
    if (m->source != MT_SPEC_SRC_IMAGE && m->source != MT_SPEC_SRC_COPY)
        return;
    if (m->image >= rs.spec->image_count)
        BAD("mapping of %s names image %u of %u", rs_name(m->object), m->image,
            rs.spec->image_count);
    uint64_t size = rs.image[m->image].file_bytes;
    uint64_t need = m->source == MT_SPEC_SRC_IMAGE ? 1 : m->copy_bytes;
    if (m->image_offset >= size || need > size - m->image_offset ||
        m->copy_offset + m->copy_bytes > MT_PAGE_SIZE ||
        (m->source == MT_SPEC_SRC_IMAGE && m->image_offset % MT_PAGE_SIZE))
        BAD("mapping of %s: image offset %lu",
            rs_name(m->object), (unsigned long)m->image_offset);
}

/* The kernel reaches a thread's IPC buffer through the frame cap, the
 * thread through its address: they must be the same page, writable.  The
 * buffer may share that page with anything (motec puts it at the top of
 * the thread's stack), so this is the only link between the two. */
static int mapped_rw_at(uint32_t vspace, uint32_t obj, uint64_t vaddr)
{
    for (uint32_t i = 0; i < rs.spec->mapping_count; i++) {
        const struct mt_spec_mapping *m = &rs.map[i];
        if (m->vspace == vspace && m->object == obj && m->vaddr == vaddr &&
            m->source != MT_SPEC_SRC_TABLE && (m->perms & MT_VM_WRITE))
            return 1;
    }
    return 0;
}

static void check_tcbs(void)
{
    for (uint32_t i = 0; i < rs.spec->tcb_count; i++) {
        const struct mt_spec_tcb *t = &rs.tcb[i];
        check_obj(t->tcb, MT_OBJ_TCB, "tcb");
        check_obj(t->cspace, MT_OBJ_CNODE, "tcb cspace");
        check_obj(t->vspace, MT_OBJ_VSPACE, "tcb vspace");
        if (t->ipc_frame != MT_SPEC_NONE) {
            check_obj(t->ipc_frame, MT_OBJ_FRAME_4K, "tcb ipc buffer");
            if (rs.obj[t->ipc_frame].flags & MT_SPEC_OBJ_IMAGE)
                BAD("tcb %s: IPC buffer in an archive frame", rs_name(t->tcb));
            uint64_t page = t->ipc_vaddr & ~(uint64_t)(MT_PAGE_SIZE - 1);
            if (!mapped_rw_at(t->vspace, t->ipc_frame, page))
                BAD("tcb %s: IPC buffer frame %s is not mapped writable at 0x%lx",
                    rs_name(t->tcb), rs_name(t->ipc_frame), (unsigned long)t->ipc_vaddr);
        }
        if (t->bound_ntfn != MT_SPEC_NONE)
            check_obj(t->bound_ntfn, MT_OBJ_NOTIFICATION, "tcb bound notification");
        if (t->fpu)
            check_obj((uint32_t)t->fpu - 1, MT_OBJ_FPU, "tcb FPU");
        if (t->ipc_vaddr % MT_IPC_BUFFER_BYTES || t->max_priority < t->priority)
            BAD("tcb %s: IPC buffer 0x%lx unaligned or priority too high",
                rs_name(t->tcb), (unsigned long)t->ipc_vaddr);
    }
}

/* The keeper is the header's: a CNode holding its own cap in
 * MT_SPEC_KEEPER_SELF_SLOT (caps.c checks that it is big enough). */
static void find_keeper(void)
{
    rs.keeper = rs.spec->keeper;
    if (rs.keeper == MT_SPEC_NONE)
        return;
    check_obj(rs.keeper, MT_OBJ_CNODE, "keeper");
    for (uint32_t i = 0; i < rs.spec->cap_count; i++)
        if (rs.cap[i].cnode == rs.keeper && rs.cap[i].slot == MT_SPEC_KEEPER_SELF_SLOT &&
            rs.cap[i].object == rs.keeper)
            return;
    BAD("keeper CNode %s holds no cap to itself in slot %u", rs_name(rs.keeper),
        MT_SPEC_KEEPER_SELF_SLOT);
}

static void check_rest(void)
{
    for (uint32_t i = 0; i < rs.spec->irq_count; i++) {
        check_obj(rs.irq[i].handler, MT_SPEC_OBJ_IRQ, "irq");
        check_obj(rs.irq[i].ntfn, MT_OBJ_NOTIFICATION, "irq");
        if (rs.irq[i].irq != rs.obj[rs.irq[i].handler].paddr)
            BAD("irq %u: handler of IRQ %lu", rs.irq[i].irq,
                (unsigned long)rs.obj[rs.irq[i].handler].paddr);
    }
    for (uint32_t i = 0; i < rs.spec->image_count; i++)
        check_string(rs.image[i].name, "image");
    find_keeper();
    if (rs.spec->memory_owner != MT_SPEC_NONE) {
        check_obj(rs.spec->memory_owner, MT_OBJ_CNODE, "memory owner");
        uint64_t slots = 1ull << rs.obj[rs.spec->memory_owner].size_bits;
        if (rs.spec->untyped_slot == 0 || rs.spec->untyped_slot_count == 0 ||
            rs.spec->untyped_slot + (uint64_t)rs.spec->untyped_slot_count > slots)
            BAD("memory owner's untyped slots [%u, +%u)",
                rs.spec->untyped_slot, rs.spec->untyped_slot_count);
    }
}

void spec_load(const uint8_t *bytes, uint64_t size)
{
    const struct mt_spec_header *h = (const void *)bytes;
    spec_size = size;
    rs.spec = h;
    if (size < sizeof *h || h->magic != MT_SPEC_MAGIC)
        BAD("no spec header (magic) in %lu bytes", (unsigned long)size);
    if (h->version != MT_SPEC_VERSION || h->total_bytes != size)
        BAD("version %u, %u bytes: expected version %u, %lu bytes", h->version,
            h->total_bytes, MT_SPEC_VERSION, (unsigned long)size);
    rs.obj = table(h->object_count, h->object_offset, sizeof *rs.obj, "object");
    rs.cap = table(h->cap_count, h->cap_offset, sizeof *rs.cap, "cap");
    rs.map = table(h->mapping_count, h->mapping_offset, sizeof *rs.map, "mapping");
    rs.tcb = table(h->tcb_count, h->tcb_offset, sizeof *rs.tcb, "tcb");
    rs.irq = table(h->irq_count, h->irq_offset, sizeof *rs.irq, "irq");
    rs.image = table(h->image_count, h->image_offset, sizeof *rs.image, "image");
    rs.strings = table(h->string_bytes, h->string_offset, 1, "string");
    if (h->string_bytes == 0 || rs.strings[h->string_bytes - 1] != 0)
        BAD("string table is not NUL-terminated");
    if (h->object_count > RS_MAX_OBJECTS || h->image_count > RS_MAX_IMAGES)
        BAD("%u objects, %u images: at most %u and %u",
            h->object_count, h->image_count, RS_MAX_OBJECTS, RS_MAX_IMAGES);
    check_objects();
    check_caps();
    for (uint32_t i = 0; i < h->mapping_count; i++)
        check_mapping(&rs.map[i]);
    check_tcbs();
    check_rest();
}

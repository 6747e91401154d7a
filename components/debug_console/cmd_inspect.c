/* SPDX-License-Identifier: BSD-2-Clause */
/* ps, capscan, mdebug: every thread's priority and state, a component's
 * caps, the memory owner's untyped.
 * Through the inspect-only caps the assembly grants (`inspect = true`,
 * motec's MT_INSPECT_TABLE): each names a TCB or CNode and can only be
 * asked about it (TCB_GetInfo, CNode_Describe). */
#include <libmote/string.h>
#include "commands.h"
#include "console.h"

#ifdef MT_INSPECT_TABLE
MT_INSPECT_TABLE;

static const char *const states[] = {
    "inactive", "runnable", "send", "receive", "reply", "notification",
};

void cmd_ps(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("%-18s %-10s %4s  %s\n", "COMPONENT", "THREAD", "PRIO", "STATE");
    for (int i = 0; i < MT_INSPECT_COUNT; i++) {
        const struct mt_inspect_entry *e = &mt_inspect[i];
        struct mt_thread_state_info in;
        if (!e->thread)
            continue;
        int err = mt_tcb_get_info(e->slot, &in);
        if (err) {
            con_printf("%-18s %-10s error %d\n", e->instance, e->thread, err);
            continue;
        }
        con_printf("%-18s %-10s %4u  %s\n", e->instance, e->thread, in.priority,
                   in.state < sizeof states / sizeof states[0] ? states[in.state] : "?");
    }
    sup_table();   /* restart counts of the supervised components */
}

/* enum mt_cap_type's names, one string (no table of pointers). */
static const char kinds[] = "null\0untyped\0tcb\0endpoint\0notification\0cnode\0frame\0"
                            "page_table\0vspace\0irq_control\0irq_handler\0asid_control\0"
                            "asid_pool\0reply\0fpu\0power\0";

static const char *kind_name(unsigned t)
{
    const char *k = kinds;
    for (; t && *k; t--)
        k += strlen(k) + 1;
    return *k ? k : "?";
}

/* The CNode's radix: the one depth at which slot 0 resolves exactly. */
static int cnode_bits(unsigned slot)
{
    for (int bits = 1; bits <= 20; bits++)
        if (mt_cnode_describe(slot, 0, bits, 0) == MT_OK)
            return bits;
    return 0;
}

static void rights(char *out, unsigned r)
{
    out[0] = r & MT_RIGHT_READ ? 'r' : '-';
    out[1] = r & MT_RIGHT_WRITE ? 'w' : '-';
    out[2] = r & MT_RIGHT_GRANT ? 'g' : '-';
    out[3] = r & MT_RIGHT_GRANT_REPLY ? 'G' : '-';
    out[4] = 0;
}

static void scan(const struct mt_inspect_entry *e)
{
    int bits = cnode_bits(e->slot), n = 0;
    char r[5];
    con_printf("%s: CNode of %u slots\n%5s  %-13s %-6s %s\n", e->instance, 1u << bits, "SLOT",
               "KIND", "RIGHTS", "BADGE/GUARD");
    for (unsigned s = 0; bits && s < 1u << bits; s++) {
        struct mt_cap_description d;
        if (mt_cnode_describe(e->slot, s, bits, &d) != MT_OK || d.type == MT_CAP_NULL)
            continue;
        rights(r, d.rights);
        con_printf("%5u  %-13s %-6s 0x%lx%s\n", s, kind_name(d.type), r,
                   (unsigned long)d.data, d.flags & MT_DESCRIBE_INSPECT_ONLY ? " inspect-only" : "");
        n++;
    }
    con_printf("%d cap%s\n", n, n == 1 ? "" : "s");
}

#ifdef MT_INSPECT_MEMORY_OWNER
/* The slot of the smallest other untyped in the CNode whose memory holds
 * d's (the one d was carved or split from), or -1: d is a root. */
static long parent_of(unsigned slot, int bits, const struct mt_cap_description *d)
{
    unsigned long lo = d->data, hi = lo + (1ul << d->size_bits), best = 0;
    long parent = -1;
    for (unsigned s = 0; s < 1u << bits; s++) {
        struct mt_cap_description p;
        if (s == slot || mt_cnode_describe(mt_inspect[MT_INSPECT_MEMORY_OWNER].slot, s, bits,
                                           &p) != MT_OK || p.type != MT_CAP_UNTYPED)
            continue;
        unsigned long size = 1ul << p.size_bits;
        if (p.size_bits > d->size_bits && p.data <= lo && hi <= p.data + size &&
            (parent < 0 || size < best))
            parent = (long)s, best = size;
    }
    return parent;
}

/* One untyped line.  A root's bytes and every RAM untyped's free bytes are
 * added to sums[0..1]: a child's bytes are its parent's already (the
 * total is mem's), while free bytes lie past each one's own watermark. */
static void untyped_line(unsigned slot, int bits, const struct mt_cap_description *d,
                         unsigned long *sums)
{
    unsigned long size = 1ul << d->size_bits;
    long parent = parent_of(slot, bits, d);
    con_printf("%5u  0x%09lx  %9lu  %9lu", slot, (unsigned long)d->data, size,
               (unsigned long)d->free_bytes);
    if (parent >= 0)
        con_printf("  in %ld", parent);
    con_printf("%s\n", d->flags & MT_DESCRIBE_DEVICE ? "  device" : "");
    if (d->flags & MT_DESCRIBE_DEVICE)
        return;
    sums[parent >= 0 ? 3 : 0] += parent >= 0 ? 1 : size;
    sums[1] += d->free_bytes;
    sums[2] += parent < 0;
}

/* The memory owner's state as its CSpace shows it: each untyped it holds
 * (address, size, bytes free for Retype, "in S": cut from slot S's), the
 * frames and other caps.  The totals count RAM roots only, as mem does. */
void cmd_mdebug(int argc, char **argv)
{
    const struct mt_inspect_entry *e = &mt_inspect[MT_INSPECT_MEMORY_OWNER];
    int bits = cnode_bits(e->slot);
    unsigned long sums[4] = { 0, 0, 0, 0 }, frames = 0, other = 0;
    (void)argc, (void)argv;
    con_printf("%s: CNode of %u slots\n%5s  %-11s  %9s  %9s\n", e->instance, 1u << bits,
               "SLOT", "PADDR", "BYTES", "FREE");
    for (unsigned s = 0; bits && s < 1u << bits; s++) {
        struct mt_cap_description d;
        if (mt_cnode_describe(e->slot, s, bits, &d) != MT_OK || d.type == MT_CAP_NULL)
            continue;
        if (d.type == MT_CAP_UNTYPED) {
            untyped_line(s, bits, &d, sums);
        } else {
            frames += d.type == MT_CAP_FRAME;
            other += d.type != MT_CAP_FRAME;
        }
    }
    con_printf("%lu untyped: %lu KiB, %lu KiB free (and %lu cut from them); "
               "%lu frame cap%s, %lu other cap%s\n", sums[2], sums[0] / 1024, sums[1] / 1024,
               sums[3], frames, frames == 1 ? "" : "s", other, other == 1 ? "" : "s");
}
#else
void cmd_mdebug(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("mdebug: no memory owner in this system\n");
}
#endif

void cmd_capscan(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : MT_INSTANCE_NAME;
    for (int i = 0; i < MT_INSPECT_COUNT; i++)
        if (!mt_inspect[i].thread && !strcmp(mt_inspect[i].instance, name)) {
            scan(&mt_inspect[i]);
            return;
        }
    con_printf("capscan: no component '%s' (ps lists them)\n", name);
}
#else
/* Without inspect = true the console has no caps to look through. */
void cmd_ps(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("ps: this console has no inspect caps (inspect = true in the assembly)\n");
}

void cmd_capscan(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("capscan: this console has no inspect caps (inspect = true in the assembly)\n");
}

void cmd_mdebug(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("mdebug: this console has no inspect caps (inspect = true in the assembly)\n");
}
#endif

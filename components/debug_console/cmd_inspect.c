/* ps and capscan: every thread's priority and state, a component's caps.
 * Through the inspect-only caps the assembly grants (`inspect = true`,
 * motec's MT_INSPECT_TABLE): each names a TCB or CNode and can only be
 * asked about it (TCB_GetInfo, CNode_Describe). */
#include <libmote/string.h>
#include "commands.h"

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
}

static const char *const kinds[] = {
    "null", "untyped", "tcb", "endpoint", "notification", "cnode", "frame", "page_table",
    "vspace", "irq_control", "irq_handler", "asid_control", "asid_pool", "reply", "fpu",
    "power",
};

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
        con_printf("%5u  %-13s %-6s 0x%lx%s\n", s,
                   d.type < sizeof kinds / sizeof kinds[0] ? kinds[d.type] : "?", r,
                   (unsigned long)d.data, d.flags & MT_DESCRIBE_INSPECT_ONLY ? " inspect-only" : "");
        n++;
    }
    con_printf("%d cap%s\n", n, n == 1 ? "" : "s");
}

void cmd_capscan(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : MT_INSTANCE_NAME;
    for (int i = 0; i < MT_INSPECT_COUNT; i++)
        if (!mt_inspect[i].thread && !strcmp(mt_inspect[i].instance, name)) {
            scan(&mt_inspect[i]);
            return;
        }
    con_printf("capscan: no component '%s'; these are:", name);
    for (int i = 0; i < MT_INSPECT_COUNT; i++)
        if (!mt_inspect[i].thread)
            con_printf(" %s", mt_inspect[i].instance);
    con_printf("\n");
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
#endif

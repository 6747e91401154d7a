/* SPDX-License-Identifier: BSD-2-Clause */
/* Supervision at the console: `supervise` lists what the fault
 * supervisor knows of each component reporting to it (policy, state,
 * faults, restarts); `crash rng` makes the entropy driver fault in the
 * middle of a call (a test hook of the Rng interface), to see it
 * restarted.  sup_line() is the one-line summary a `ps` can print per
 * component. */
#include <libmote/print.h>
#include <libmote/string.h>
#include "console.h"
#include "../interfaces/rng.h"
#include "../interfaces/supervision.h"

#if MT_CONNECTED_supervise
MT_RPC_CLIENT(supervise, SUPERVISION_METHODS)
#endif
MT_RPC_CLIENT(rng, RNG_METHODS)

static const char *const policies[] = { "none", "never", "always", "backoff" };
static const char *const states[] = { "running", "stopped", "restarting" };

/* Appends str to buf (of at least 80 bytes) at *at, then spaces up to
 * column to: mt_printf has no left-justified widths. */
static void column(char *buf, unsigned *at, const char *str, unsigned to)
{
    while (*str && *at < 70)
        buf[(*at)++] = *str++;
    do
        buf[(*at)++] = ' ';
    while (*at < to);
    buf[*at] = 0;
}

/* Client index -> one line; 0 past the last one (or no supervisor). */
int sup_line(unsigned index, char *buf, unsigned size)
{
    if (size < 100)
        return 0;
#if MT_CONNECTED_supervise
    struct sup_stats s = supervise_stats(index);
    if (mt_rpc_status() != MT_RPC_OK || s.status != SUP_OK)
        return 0;
    unsigned at = 0;
    s.name[sizeof s.name - 1] = 0;
    column(buf, &at, s.name, 19);
    column(buf, &at, policies[(unsigned)s.policy & 3], 28);
    column(buf, &at, states[(unsigned)s.state % 3], 39);
    mt_snprintf(buf + at, size - at, "%6u %8u %5u", s.faults, s.restarts, s.limit);
    return 1;
#else
    (void)index, (void)buf, (void)size;
    return 0;
#endif
}

/* The supervised components' table (also the end of `ps`); 0 if none. */
int sup_table(void)
{
    char line[112];
    unsigned i = 0;
    for (; sup_line(i, line, sizeof line); i++)
        con_printf("%s%s\n", i ? "" : "component          restart  state      faults restarts limit\n",
                   line);
    return i != 0;
}

void cmd_supervise(char *args)
{
    (void)args;
    if (!sup_table())
        con_printf("supervise: no supervised component\n");
}

void cmd_crash(char *args)
{
    if (strcmp(args, "rng")) {
        con_printf("usage: crash rng\n");
        return;
    }
    rng_crash();
    mt_word_t st = mt_rpc_status();
    if (st == MT_REPLY_LOST)
        con_printf("crash: rng: the call failed: reply lost (the driver faulted)\n");
    else if (st == MT_RPC_STOPPED)
        con_printf("crash: rng: the driver is stopped\n");
    else
        con_printf("crash: rng: answered (status %lu)\n", (unsigned long)st);
}

/* The application platform's console commands (named as in the reference
 * system): mstats here; the process manager's commands join them. */
#include <libmote/string.h>
#include "console.h"
#include "../interfaces/memory.h"

MT_RPC_CLIENT(basic, memory, MEMORY_METHODS)

/* The memory manager's figures: the five summary lines alone, each
 * "name N", then per kind and per owner. */
static void cmd_mstats(char *args)
{
    (void)args;
    struct mem_figures f = memory_figures();
    con_printf("allocated_bytes %lu\nfree_bytes %lu\nrequested_bytes %lu\n"
               "overhead_bytes %lu\nallocated_objects %lu\nhigh_water_bytes %lu\n",
               f.allocated_bytes, f.free_bytes, f.requested_bytes, f.overhead_bytes,
               f.allocated_objects, f.high_water_bytes);
    for (int k = 0;; k++) {
        struct mem_row r = memory_kind_row(k);
        if (!r.valid && k >= MT_OBJ_COUNT)
            break;
        if (r.valid)
            con_printf("kind %s bytes %lu objects %lu\n", r.name.s, r.bytes, r.objects);
    }
    for (int o = 0;; o++) {
        struct mem_row r = memory_owner_row(o);
        if (!r.valid)
            break;
        if (r.valid == 1)
            con_printf("owner %s bytes %lu objects %lu quota %lu\n", r.name.s, r.bytes,
                       r.objects, r.quota);
    }
}

static const struct { const char *name; void (*fn)(char *); const char *help; } cmds[] = {
    { "mstats", cmd_mstats, "mstats         the memory manager's figures" },
};

int apps_execute(const char *name, char *args)
{
    for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(name, cmds[i].name)) {
            cmds[i].fn(args);
            return 1;
        }
    return 0;
}

void apps_help(void)
{
    for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        con_printf("%s\n", cmds[i].help);
}

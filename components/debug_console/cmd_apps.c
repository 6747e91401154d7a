/* SPDX-License-Identifier: BSD-2-Clause */
/* The application platform's console commands, named as in the reference
 * system: bundles and processes (the process manager) and the memory
 * manager's figures.  Every error names what went wrong. */
#include <libmote/string.h>
#include "console.h"
#include "../interfaces/memory.h"
#include "../interfaces/proc.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)
MT_RPC_CLIENT(proc, PROC_METHODS)

/* The first word of args as a name ("" if none). */
static struct proc_name name_of(const char *args)
{
    struct proc_name n = { { 0 } };
    for (unsigned i = 0; args[i] && args[i] != ' ' && i < PROC_NAME_MAX - 1; i++)
        n.s[i] = args[i];
    return n;
}

/* The process manager's reason for its last refusal, copied out in a
 * frame of its own: a caller that prints it then carries no 120-byte
 * reply under con_printf (scripts/stack-check.sh). */
__attribute__((noinline)) const char *apps_why(void)
{
    static struct proc_why why;
    why = proc_why();
    return why.s;
}

/* Prints "cmd: <why>" for a failed call; returns whether it failed. */
static int failed(const char *cmd, long err)
{
    if (err >= 0)
        return 0;
    con_printf("%s: %s\n", cmd, apps_why());
    return 1;
}

/* install/uninstall/start/stop NAME */
static void named(const char *cmd, char *args, long (*fn)(struct proc_name))
{
    struct proc_name n = name_of(args);
    if (!n.s[0]) {
        con_printf("%s: which application? (%s NAME)\n", cmd, cmd);
        return;
    }
    failed(cmd, fn(n));
}

/* The uploaded file if NAME is its name (cmd_install.c), else a builtin. */
static void cmd_install(char *args)
{
    if (!install_uploaded(name_of(args)))
        named("install", args, proc_install);
}
static void cmd_uninstall(char *args) { named("uninstall", args, proc_uninstall); }
static void cmd_start(char *args) { named("start", args, proc_start); }
static void cmd_stop(char *args) { named("stop", args, proc_stop); }

/* Prints the names; returns how many. */
static int list(struct proc_name (*fn)(int))
{
    for (int i = 0;; i++) {
        struct proc_name n = fn(i);
        if (!n.s[0])
            return i;
        con_printf("%s\n", n.s);
    }
}

/* None: the process manager says why (no flash image, ...). */
static void cmd_builtins(char *args)
{
    (void)args;
    if (!list(proc_builtin))
        con_printf("%s\n", proc_why().s);
}
static void cmd_bundles(char *args) { (void)args; list(proc_bundle); }

static const char *fault_name(unsigned long kind)
{
    static const char *const names[] = { "none", "cap_fault", "unknown_syscall",
                                         "exception", "vm_fault" };
    return kind < 5 ? names[kind] : "unknown";
}

static void cmd_status(char *args)
{
    struct proc_name n = name_of(args);
    struct proc_status st = proc_status(n);
    if (!n.s[0] || failed("status", st.err))
        return;
    if (st.state == PROC_RUNNING)
        con_printf("%s: running\n", n.s);
    else if (st.state == PROC_EXITED)
        con_printf("%s: exited %ld\n", n.s, st.code);
    else if (st.state == PROC_FAULTED)
        con_printf("%s: faulted %s addr=0x%lx cause=%lu pc=0x%lx\n", n.s,
                   fault_name(st.fault), st.addr, st.cause, st.pc);
    else
        con_printf("%s: stopped\n", n.s);
}

/* A deliberate crash: the panic application writes to address 0; the
 * process manager contains it (status panic says how). */
static void cmd_fault(char *args)
{
    struct proc_name n = { "panic" };
    (void)args;
    if (!proc_status(n).err || !failed("fault", proc_install(n)))
        failed("fault", proc_start(n));
}

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

/* test_started NAME: the instruction count at which the process manager
 * got the last `start NAME` (make bench: app_start). */
static void cmd_test_started(char *args)
{
    struct proc_status st = proc_status(name_of(args));
    if (!failed("test_started", st.err))
        con_printf("started_at %lu\n", st.started_at);
}

/* test_cycles N NAME...: N times start every NAME, then stop each (the
 * system test compares mstats before and after). */
static void cmd_test_cycles(char *args)
{
    unsigned long n = 0, done = 0;
    while (*args >= '0' && *args <= '9')
        n = n * 10 + (unsigned long)(*args++ - '0');
    for (; done < n; done++) {
        for (char *p = args; *p; p++)
            if (p[-1] == ' ' && *p != ' ' && failed("test_cycles", proc_start(name_of(p))))
                goto out;
        for (char *p = args; *p; p++)
            if (p[-1] == ' ' && *p != ' ' && failed("test_cycles", proc_stop(name_of(p))))
                goto out;
    }
out:
    con_printf("test_cycles: %lu of %lu cycles\n", done, n);
}

static const struct { const char *name; void (*fn)(char *); const char *help; } cmds[] = {
    { "builtins", cmd_builtins, "builtins       bundles in the flash image" },
    { "install", cmd_install, "install NAME   install the uploaded NAME[.bundle], else a builtin" },
    { "uninstall", cmd_uninstall, "uninstall NAME remove an installed bundle" },
    { "bundles", cmd_bundles, "bundles        installed bundles" },
    { "start", cmd_start, "start NAME     start an installed application" },
    { "stop", cmd_stop, "stop NAME      stop a running application" },
    { "status", cmd_status, "status NAME    running, stopped, exited N or faulted" },
    { "fault", cmd_fault, "fault          start the panic application (it faults)" },
    { "mstats", cmd_mstats, "mstats         the memory manager's figures" },
    { "test_started", cmd_test_started, "test_started NAME  instret at its last start" },
    { "test_cycles", cmd_test_cycles, "test_cycles N NAME...  start and stop the NAMEs N times" },
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

/* The i-th command's name, 0 past the last (Tab completion). */
const char *apps_command(unsigned i)
{
    return i < sizeof cmds / sizeof cmds[0] ? cmds[i].name : 0;
}

void apps_help(void)
{
    for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        con_printf("%s\n", cmds[i].help);
}

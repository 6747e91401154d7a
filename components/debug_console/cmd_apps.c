/* SPDX-License-Identifier: BSD-2-Clause */
/* The application platform's console commands, named as in the reference
 * system: bundles and processes (the process manager) and the memory
 * manager's figures.  Every error names what went wrong. */
#include <libmote/string.h>
#include "commands.h"
#include "../interfaces/memory.h"
#include "../interfaces/proc.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)
MT_RPC_CLIENT(proc, PROC_METHODS)

/* NAME as the process manager's name: 0 (said why) if it is too long
 * for one, rather than a cut name that may be another application's. */
static int name_of(const char *cmd, const char *s, struct proc_name *n)
{
    unsigned len = (unsigned)strlen(s);
    if (len >= PROC_NAME_MAX) {
        con_printf("%s: name longer than %d characters\n", cmd, PROC_NAME_MAX - 1);
        return 0;
    }
    memset(n, 0, sizeof *n);
    memcpy(n->s, s, len);
    return 1;
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
static void named(char **argv, long (*fn)(struct proc_name))
{
    struct proc_name n;
    if (name_of(argv[0], argv[1], &n))
        failed(argv[0], fn(n));
}

/* The uploaded file if NAME is its name (cmd_install.c), else a builtin. */
static void cmd_install(int argc, char **argv)
{
    struct proc_name n;
    (void)argc;
    if (name_of(argv[0], argv[1], &n) && !install_uploaded(n))
        failed(argv[0], proc_install(n));
}
static void cmd_uninstall(int argc, char **argv) { (void)argc; named(argv, proc_uninstall); }
static void cmd_start(int argc, char **argv) { (void)argc; named(argv, proc_start); }
static void cmd_stop(int argc, char **argv) { (void)argc; named(argv, proc_stop); }

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
static void cmd_builtins(int argc, char **argv)
{
    (void)argc, (void)argv;
    if (!list(proc_builtin))
        con_printf("%s\n", proc_why().s);
}
static void cmd_bundles(int argc, char **argv) { (void)argc, (void)argv; list(proc_bundle); }

static const char *fault_name(unsigned long kind)
{
    static const char *const names[] = { "none", "cap_fault", "unknown_syscall",
                                         "exception", "vm_fault" };
    return kind < 5 ? names[kind] : "unknown";
}

static void cmd_status(int argc, char **argv)
{
    struct proc_name n;
    (void)argc;
    if (!name_of(argv[0], argv[1], &n))
        return;
    struct proc_status st = proc_status(n);
    if (failed("status", st.err))
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
static void cmd_fault(int argc, char **argv)
{
    struct proc_name n = { "panic" };
    (void)argc, (void)argv;
    if (!proc_status(n).err || !failed("fault", proc_install(n)))
        failed("fault", proc_start(n));
}

/* The memory manager's figures: the five summary lines alone, each
 * "name N", then per kind and per owner. */
static void cmd_mstats(int argc, char **argv)
{
    (void)argc, (void)argv;
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
static void cmd_test_started(int argc, char **argv)
{
    struct proc_name n;
    (void)argc;
    if (!name_of(argv[0], argv[1], &n))
        return;
    struct proc_status st = proc_status(n);
    if (!failed("test_started", st.err))
        con_printf("started_at %lu\n", st.started_at);
}

/* One start (or stop) of every NAME; 0 if one failed (said why). */
static int each(int argc, char **argv, long (*fn)(struct proc_name))
{
    struct proc_name n;
    for (int i = 2; i < argc; i++)
        if (!name_of(argv[0], argv[i], &n) || failed(argv[0], fn(n)))
            return 0;
    return 1;
}

/* test_cycles N NAME...: N times start every NAME, then stop each (the
 * system test compares mstats before and after).  N is bounded and
 * Ctrl-C ends the loop between cycles: a console that must wait for
 * millions of them is one nobody can use. */
#define CYCLES_MAX 100000
static void cmd_test_cycles(int argc, char **argv)
{
    unsigned long n, done = 0;
    if (!con_number(argv[1], &n) || !n || n > CYCLES_MAX) {
        con_usage(argv[0]);
        return;
    }
    while (done < n && !con_interrupted() && each(argc, argv, proc_start) &&
           each(argc, argv, proc_stop))
        done++;
    con_printf("test_cycles: %lu of %lu cycles\n", done, n);
}

const struct con_cmd apps_cmds[] = {
    { "builtins", "", "bundles in the flash image", 0, 0, cmd_builtins },
    { "install", "NAME", "install the uploaded NAME[.bundle], else a builtin", 1, 1,
      cmd_install },
    { "uninstall", "NAME", "remove an installed bundle", 1, 1, cmd_uninstall },
    { "bundles", "", "installed bundles", 0, 0, cmd_bundles },
    { "start", "NAME", "start an installed application", 1, 1, cmd_start },
    { "stop", "NAME", "stop a running application", 1, 1, cmd_stop },
    { "status", "NAME", "running, stopped, exited N or faulted", 1, 1, cmd_status },
    { "fault", "", "start the panic application (it faults)", 0, 0, cmd_fault },
    { "mstats", "", "the memory manager's figures", 0, 0, cmd_mstats },
    { "test_started", "NAME", "instret at its last start", 1, 1, cmd_test_started },
    { "test_cycles", "N NAME...", "start, stop the NAMEs N times (N <= 100000; ^C ends)", 2,
      CMD_MAX_WORDS - 1, cmd_test_cycles },
};
const unsigned apps_ncmds = sizeof apps_cmds / sizeof apps_cmds[0];

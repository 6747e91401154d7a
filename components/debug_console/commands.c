/* SPDX-License-Identifier: BSD-2-Clause */
/* The command table, the dispatch (words, argument counts, usage) and
 * Tab completion.  The commands live in cmd_*.c. */
#include <libmote/string.h>
#include "commands.h"

#define MAX_WORDS CMD_MAX_WORDS

/* cmd_rz.c's commands take the rest of the line as one string. */
static void run_rz(int argc, char **argv) { (void)argc, (void)argv; cmd_rz(""); }
static void run_uploaded(int argc, char **argv);
/* cmd_supervise.c's too: `supervise`, `crash rng`. */
static void run_supervise(int argc, char **argv) { (void)argc, (void)argv; cmd_supervise(""); }
static void run_crash(int argc, char **argv) { (void)argc; cmd_crash(argv[1]); }

const struct con_cmd con_cmds[] = {
    { "help", "", "this list", 0, 0, cmd_help },
    { "?", "", "this list", 0, 0, cmd_help },
    { "echo", "[TEXT]", "print TEXT", 0, CMD_REST, cmd_echo },
    { "mem", "", "memory: this component, memory manager", 0, 0, cmd_mem },
    { "kmem", "", "memory per component (as host kmem)", 0, 0,
      cmd_kmem },
    { "ps", "", "every thread: priority, state", 0, 0, cmd_ps },
    { "capscan", "[COMPONENT]", "a component's caps", 0, 1,
      cmd_capscan },
    { "mdebug", "", "the memory manager's untyped", 0, 0, cmd_mdebug },
    { "time", "", "the RTC (timer service)", 0, 0, cmd_time },
    { "uptime", "", "time since the console started", 0, 0, cmd_uptime },
    { "sleep", "MS", "sleep MS milliseconds", 1, 1, cmd_sleep },
    { "log", "TEXT", "send TEXT to the logger", 1, CMD_REST, cmd_log },
    { "loglevel", "[LEVEL]", "error warn info debug trace", 0, 1,
      cmd_loglevel },
    { "random", "", "bytes from each virtio entropy device", 0, 0, cmd_random },
    { "rz", "", "receive a file (host: sz FILE)", 0, 0, run_rz },
    { "uploaded", "[drop]", "the received file (drop: free it)", 0, 1,
      run_uploaded },
    { "source", "NAME", "run script NAME (boot archive)", 1, 1, cmd_source },
    { "supervise", "", "supervised components: policy, faults, restarts", 0, 0, run_supervise },
    { "crash", "rng", "make the entropy driver fault mid-call", 1, 1, run_crash },
    { "exit", "", "power off", 0, 0, cmd_exit },
};
const unsigned con_ncmds = sizeof con_cmds / sizeof con_cmds[0];

/* Every table: the console's own, the application platform's, storage's. */
static const struct con_cmd *const tables[] = { con_cmds, apps_cmds, storage_cmds };
static const unsigned *const sizes[] = { &con_ncmds, &apps_ncmds, &storage_ncmds };

/* The i-th command of all the tables, 0 past the last. */
static const struct con_cmd *command(unsigned i)
{
    for (unsigned t = 0; t < sizeof tables / sizeof tables[0]; i -= *sizes[t++])
        if (i < *sizes[t])
            return &tables[t][i];
    return 0;
}

static const struct con_cmd *find(const char *name)
{
    const struct con_cmd *c;
    for (unsigned i = 0; (c = command(i)); i++)
        if (!strcmp(name, c->name))
            return c;
    return 0;
}

void con_usage(const char *name)
{
    const struct con_cmd *c = find(name);
    con_printf("usage: %s%s%s\n", c->name, *c->args ? " " : "", c->args);
}

const char *con_s(unsigned long n) { return n == 1 ? "" : "s"; }

static void run_uploaded(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "drop")) {
        con_usage(argv[0]);
        return;
    }
    cmd_uploaded(argc > 1 ? argv[1] : "");
}

void cmd_help(int argc, char **argv)
{
    const struct con_cmd *c;
    (void)argc, (void)argv;
    for (unsigned i = 0; (c = command(i)); i++)
        con_printf("%-12s %-17s %s\n", c->name, c->args, c->help);
    con_printf("keys: arrows Home End Del ^A ^E ^K ^U ^W ^C Tab\n");
}

int con_number(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (~0ul - 9) / 10)
            return 0;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return 1;
}

/* Split at spaces; the command's own rule for the rest of the line. */
static int words(char *line, char **argv, int rest)
{
    int n = 0;
    while (*line) {
        while (*line == ' ')
            *line++ = 0;
        if (!*line)
            break;
        if (n == MAX_WORDS || (rest && n == 1)) {
            argv[n] = line;
            return rest ? 2 : MAX_WORDS + 1;
        }
        argv[n++] = line;
        while (*line && *line != ' ')
            line++;
    }
    return n;
}

void con_execute(char *line)
{
    /* One array for every nesting level (as cmd_source.c's line): only
     * `source` runs commands from a command, and it is done with its
     * argv before it does. */
    static char *argv[MAX_WORDS + 2];
    char *name = line;
    while (*name == ' ')
        name++;
    char *end = name;
    while (*end && *end != ' ')
        end++;
    char saved = *end;
    *end = 0;
    const struct con_cmd *c = find(name);
    if (!*name)
        return;
    if (!c) {
        con_printf("%s: unknown command (try 'help')\n", name);
        return;
    }
    *end = saved;
    /* Checked here for every command: bad or extra words print the usage
     * and nothing runs (`format x` must not erase the disk). */
    int argc = words(name, argv, c->max == CMD_REST);
    int max = c->max == CMD_REST ? 1 : c->max;
    if (argc - 1 < c->min || argc - 1 > max) {
        con_usage(c->name);
        return;
    }
    argv[argc] = 0;
    c->fn(argc, argv);
}

/* Whether name starts with the n characters of word. */
static int prefix(const char *name, const char *word, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (name[i] != word[i])
            return 0;
    return 1;
}

/* Every command name, 0 past the last. */
static const char *command_name(unsigned i)
{
    const struct con_cmd *c = command(i);
    return c ? c->name : 0;
}

/* Tab: how far every command starting with `word` agrees. */
unsigned con_complete(char *word, unsigned size, int *unique)
{
    unsigned n = (unsigned)strlen(word), common = 0;
    const char *first = 0, *name;
    *unique = 0;
    for (unsigned i = 0; (name = command_name(i)); i++) {
        if (!prefix(name, word, n))
            continue;
        *unique = !first;
        if (!first) {
            first = name;
            common = (unsigned)strlen(name);
        }
        unsigned k = n;
        while (k < common && name[k] == first[k])
            k++;
        common = k;
    }
    if (!first || common >= size)
        return 0;
    memcpy(word, first, common);
    word[common] = 0;
    return common;
}

void con_list_matches(const char *word)
{
    unsigned n = (unsigned)strlen(word);
    const char *name;
    for (unsigned i = 0; (name = command_name(i)); i++)
        if (prefix(name, word, n))
            con_printf("%s  ", name);
    con_printf("\n");
}

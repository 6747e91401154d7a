/* SPDX-License-Identifier: BSD-2-Clause */
/* The command table's row and the commands' files. */
#ifndef DEBUG_CONSOLE_COMMANDS_H
#define DEBUG_CONSOLE_COMMANDS_H

#include "console.h"

/* A command gets its words (argv[0] is its name).  min..max words after
 * the name, checked before it runs (usage printed otherwise); max
 * CMD_REST: one argument, the rest of the line as typed. */
#define CMD_REST (-1)
#define CMD_MAX_WORDS 8   /* with the name */
struct con_cmd {
    const char *name, *args, *help;
    signed char min, max;
    void (*fn)(int argc, char **argv);
};

extern const struct con_cmd con_cmds[];
extern const unsigned con_ncmds;
/* The application platform's (cmd_apps.c) and storage's (cmd_storage.c):
 * one dispatch, one help, one completion for every table. */
extern const struct con_cmd apps_cmds[], storage_cmds[];
extern const unsigned apps_ncmds, storage_ncmds;

/* cmd_basic.c */
void cmd_echo(int argc, char **argv);
void cmd_time(int argc, char **argv);
void cmd_uptime(int argc, char **argv);
void cmd_sleep(int argc, char **argv);
void cmd_log(int argc, char **argv);
void cmd_loglevel(int argc, char **argv);
void cmd_random(int argc, char **argv);
void cmd_exit(int argc, char **argv);
/* cmd_mem.c */
void cmd_mem(int argc, char **argv);
void cmd_kmem(int argc, char **argv);
/* cmd_inspect.c */
void cmd_ps(int argc, char **argv);
void cmd_capscan(int argc, char **argv);
void cmd_mdebug(int argc, char **argv);
/* cmd_source.c */
void cmd_source(int argc, char **argv);
/* commands.c */
void cmd_help(int argc, char **argv);
void con_usage(const char *name);   /* the usage line of command `name` */
const char *con_s(unsigned long n);  /* "s" unless n is 1: plurals */
/* A decimal number (all of s); 0 if s is not one. */
int con_number(const char *s, unsigned long *out);

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* debug_console's parts: output and the loop (console.c), the line
 * editor (edit.c), the command table (commands.c) and the commands. */
#ifndef DEBUG_CONSOLE_H
#define DEBUG_CONSOLE_H

#include <libmote/rpc.h>

int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_write(const void *b, unsigned n);
/* The next received byte, or -1 if there is none yet; whether Ctrl-C
 * came (the input up to it is dropped). */
int con_getbyte(void);
int con_interrupted(void);

/* edit.c: the prompt (a new empty line), one input byte (1: a line is
 * complete, in ed_line()), the prompt and line drawn again. */
void ed_prompt(void);
int ed_feed(char c);
char *ed_line(void);
void ed_redraw(void);

/* cmd_rz.c: the commands rz and uploaded, and the uploaded file (its
 * bytes, or 0 if there is none; upload_drop frees it). */
void cmd_rz(char *args);
void cmd_uploaded(char *args);
const unsigned char *upload_get(const char **name, unsigned long *size);
void upload_drop(void);
/* cmd_supervise.c: `supervise` and `crash`; sup_line writes the fault
 * supervisor's line for its client index (name, restart policy, state,
 * faults, restarts, limit) into buf (>= 100 bytes): 0 past the last. */
void cmd_supervise(char *args);
void cmd_crash(char *args);
int sup_line(unsigned index, char *buf, unsigned size);
int sup_table(void);   /* prints the table of sup_line's lines; 0: none */

/* commands.c: runs one command line (NUL-terminated, modified in place);
 * completion of a command name: extends `word` (of `size` bytes) by what
 * every command starting with it shares and returns its new length (0:
 * no command starts so; *unique: just one does); the candidates, one line. */
void con_execute(char *line);
unsigned con_complete(char *word, unsigned size, int *unique);
void con_list_matches(const char *word);
/* cmd_basic.c: note the start time (uptime counts from it). */
void con_started(void);
/* cmd_apps.c: the process manager's last reason. */
const char *apps_why(void);
/* cmd_install.c: installs the uploaded file if it is called NAME or
 * NAME.bundle (1), else does nothing (0). */
struct proc_name;
int install_uploaded(struct proc_name n);

#endif

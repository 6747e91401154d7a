/* SPDX-License-Identifier: BSD-2-Clause */
/* debug_console's parts: output (console.c) and commands (commands.c). */
#ifndef DEBUG_CONSOLE_H
#define DEBUG_CONSOLE_H

#include <libmote/rpc.h>

int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_write(const void *b, unsigned n);
int con_getbyte(void);
/* cmd_rz.c: the commands rz and uploaded, and the uploaded file (its
 * bytes, or 0 if there is none; upload_drop frees it). */
void cmd_rz(char *args);
void cmd_uploaded(char *args);
const unsigned char *upload_get(const char **name, unsigned long *size);
void upload_drop(void);
/* Runs one command line (NUL-terminated, modified in place). */
void con_execute(char *line);
/* cmd_apps.c: runs an application-platform command (1) or not (0). */
int apps_execute(const char *name, char *args);
void apps_help(void);
/* cmd_install.c: installs the uploaded file if it is called NAME or
 * NAME.bundle (1), else does nothing (0). */
struct proc_name;
int install_uploaded(struct proc_name n);
/* cmd_storage.c: runs the storage command `name` (0: not one of them). */
int storage_command(const char *name, char *args);
void storage_help(void);

#endif

/* debug_console's parts: output (console.c) and commands (commands.c). */
#ifndef DEBUG_CONSOLE_H
#define DEBUG_CONSOLE_H

#include <libmote/rpc.h>

int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs one command line (NUL-terminated, modified in place). */
void con_execute(char *line);
/* cmd_storage.c: runs the storage command `name` (0: not one of them). */
int storage_command(const char *name, char *args);
void storage_help(void);

#endif

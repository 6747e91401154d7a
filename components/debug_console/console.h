/* debug_console's parts: output (console.c) and commands (commands.c). */
#ifndef DEBUG_CONSOLE_H
#define DEBUG_CONSOLE_H

#include <libmote/rpc.h>

int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs one command line (NUL-terminated, modified in place). */
void con_execute(char *line);
/* cmd_apps.c: runs an application-platform command (1) or not (0). */
int apps_execute(const char *name, char *args);
void apps_help(void);

#endif

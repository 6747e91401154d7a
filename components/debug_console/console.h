/* debug_console's parts: output (console.c) and commands (commands.c). */
#ifndef DEBUG_CONSOLE_H
#define DEBUG_CONSOLE_H

#include <libmote/rpc.h>

int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs one command line (NUL-terminated, modified in place). */
void con_execute(char *line);

#endif

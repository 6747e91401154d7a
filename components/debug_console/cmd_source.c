/* SPDX-License-Identifier: BSD-2-Clause */
/* source NAME: run the commands of a script, a file of the boot archive
 * the assembly maps into the console (files = [...], MT_FILES_TABLE),
 * one command a line; '#' starts a comment line.  Each command is shown
 * after "+ " before it runs. */
#include <libmote/string.h>
#include "commands.h"

#define MAX_DEPTH 4     /* a script may source another, so far */

#ifdef MT_FILES_TABLE
MT_FILES_TABLE;

static int depth;

/* Runs one line (without its newline) of n bytes.  One buffer serves
 * every nesting level (not one on the stack per level): a level does not
 * look at its line again once con_execute has run it, and a nested
 * `source` uses its argument before it runs the script. */
static void run_line(const char *name, unsigned lineno, const char *s, unsigned n)
{
    static char line[128];
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    while (n && *s == ' ')
        s++, n--;
    if (!n || *s == '#')
        return;
    if (n >= sizeof line) {
        con_printf("source: %s:%u: line longer than %u characters; skipped\n", name, lineno,
                   (unsigned)sizeof line - 1);
        return;
    }
    memcpy(line, s, n);
    line[n] = 0;
    con_printf("+ %s\n", line);
    con_execute(line);
}

static void run_file(const struct mt_file_entry *f)
{
    unsigned lineno = 1;
    for (unsigned long at = 0; at < f->size; lineno++) {
        if (con_interrupted()) {   /* Ctrl-C: the rest of the script is not run */
            con_printf("source: %s: interrupted\n", f->name);
            return;
        }
        unsigned long end = at;
        while (end < f->size && f->data[end] != '\n')
            end++;
        run_line(f->name, lineno, f->data + at, (unsigned)(end - at));
        at = end + 1;
    }
}

void cmd_source(int argc, char **argv)
{
    (void)argc;
    for (int i = 0; i < MT_FILE_COUNT; i++)
        if (!strcmp(mt_files[i].name, argv[1])) {
            if (depth == MAX_DEPTH) {
                con_printf("source: %s: scripts nested deeper than %d\n", argv[1], MAX_DEPTH);
                return;
            }
            depth++;
            run_file(&mt_files[i]);
            depth--;
            return;
        }
    con_printf("source: no script '%s'; these are:", argv[1]);
    for (int i = 0; i < MT_FILE_COUNT; i++)
        con_printf(" %s", mt_files[i].name);
    con_printf("\n");
}
#else
void cmd_source(int argc, char **argv)
{
    (void)argc;
    con_printf("source: no script '%s' (files = [...] in the assembly maps them)\n", argv[1]);
}
#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the debug console's line editor (edit.c) and command
 * dispatch (commands.c: words, argument counts, usage, Tab completion) on
 * an arbitrary byte stream, as the console's loop (console.c's run())
 * feeds them: each byte to ed_feed, each complete line to con_execute,
 * then a new prompt.
 *
 * edit.c is compiled into this file (#include), as it is, so the editor's
 * state can be reset before each input and its invariants checked after
 * each byte; commands.c and libmote's print.c are linked as they are.
 * What they call outside those files is here: the output (con_write,
 * con_printf as console.c has them, into a model of the terminal), and
 * the commands, which check the words the dispatch gave them against the
 * command table's rules.
 *
 * After every byte: the line is at most 127 printable characters and its
 * cursor within it, and the terminal's line, drawn from nothing but the
 * bytes the console wrote, is the prompt and the line with the cursor in
 * its place. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../components/debug_console/edit.c"
#include "commands.h"

#define FAIL(...) (fprintf(stderr, "fuzz-console: " __VA_ARGS__), fputc('\n', stderr), abort())

/* ---- the terminal: one line, the cursor, the escapes the editor uses ---- */

#define COLS 4096
static struct {
    char row[COLS];
    unsigned len, col;
    char esc[16];           /* an escape sequence being received */
    unsigned esc_n;
} term;

static void term_reset(void) { memset(&term, 0, sizeof term); }

/* ESC [ n D, ESC [ K, ESC [ H, ESC [ 2 J: nothing else is expected. */
static void term_escape(void)
{
    char *s = term.esc + 2;             /* after ESC [ */
    char final = term.esc[term.esc_n - 1];
    unsigned n = (unsigned)strtoul(s, NULL, 10);
    if (final == 'D')
        term.col = n > term.col ? 0 : term.col - n;
    else if (final == 'K')
        term.len = term.col < term.len ? term.col : term.len;
    else if (final == 'H')
        term.col = 0;
    else if (final == 'J' && n == 2)
        term.len = 0;
    else
        FAIL("unexpected escape sequence ESC %.*s", (int)term.esc_n - 1, term.esc + 1);
    term.esc_n = 0;
}

static void term_byte(char c)
{
    if (term.esc_n) {
        if (term.esc_n == sizeof term.esc)
            FAIL("escape sequence too long");
        term.esc[term.esc_n++] = c;
        if (term.esc_n == 2 && c != '[')
            FAIL("ESC not followed by '['");
        if (term.esc_n > 2 && (c < '0' || c > '9') && c != ';')
            term_escape();
        return;
    }
    if (c == 0x1b) {
        term.esc[term.esc_n++] = c;
    } else if (c == '\r') {
        term.col = 0;
    } else if (c == '\n') {
        term.len = term.col = 0;
    } else if (c == '\a') {
        /* the bell */
    } else if ((unsigned char)c < ' ' || c == 0x7f) {
        FAIL("control byte 0x%02x written to the terminal", (unsigned char)c);
    } else {
        if (term.col >= COLS)
            FAIL("terminal line too long");
        while (term.len < term.col)
            term.row[term.len++] = ' ';
        term.row[term.col++] = c;
        if (term.col > term.len)
            term.len = term.col;
    }
}

/* ---- what console.c provides ---- */

void con_write(const void *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        term_byte(((const char *)b)[i]);
}

int con_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = mt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    con_write(buf, (unsigned)n);
    return n;
}

int con_getbyte(void) { return -1; }
int con_interrupted(void) { return 0; }

/* ---- the commands: each checks what the dispatch handed it ---- */

static char line_copy[ED_MAX];      /* the line as entered, before con_execute */

static const struct con_cmd *row_of(const char *name)
{
    for (unsigned i = 0; i < con_ncmds; i++)
        if (!strcmp(con_cmds[i].name, name))
            return &con_cmds[i];
    for (unsigned i = 0; i < 4; i++)
        if (!strcmp(apps_cmds[i].name, name))
            return &apps_cmds[i];
    for (unsigned i = 0; i < 3; i++)
        if (!strcmp(storage_cmds[i].name, name))
            return &storage_cmds[i];
    FAIL("a command ran that is not in the table: '%s'", name);
}

/* Words are the line's, in order, non-empty; a CMD_REST command's one
 * argument is the rest of the line from its first non-blank. */
static void check_words(int argc, char **argv)
{
    if (argc < 1 || argv[argc])
        FAIL("argc %d without its terminating null", argc);
    const struct con_cmd *c = row_of(argv[0]);
    int max = c->max == CMD_REST ? 1 : c->max;
    if (argc - 1 < c->min || argc - 1 > max)
        FAIL("%s ran with %d arguments (%d..%d)", c->name, argc - 1, c->min, max);
    for (int i = 0; i < argc; i++) {
        if (argv[i] < ed.line || argv[i] >= ed.line + ED_MAX || !*argv[i])
            FAIL("word %d of '%s' is not a word of the line", i, line_copy);
        if (argv[i][0] == ' ' || (strchr(argv[i], ' ') && !(c->max == CMD_REST && i == 1)))
            FAIL("word %d of '%s' holds a blank: '%s'", i, line_copy, argv[i]);
        if (!strstr(line_copy, argv[i]))
            FAIL("word '%s' is not in the line '%s'", argv[i], line_copy);
    }
}

/* con_number: 1 for all-digit text (with its value), 0 for anything
 * else; it may refuse values near ULONG_MAX, never a smaller one. */
static void check_number(const char *s)
{
    unsigned long v = 0;
    int ok = con_number(s, &v);
    int digits = *s && !s[strspn(s, "0123456789")];
    errno = 0;
    unsigned long want = digits ? strtoul(s, NULL, 10) : 0;
    int range = errno == ERANGE;
    if (ok && (!digits || range || v != want))
        FAIL("con_number('%s') = %lu", s, v);
    if (!ok && digits && !range && want < ULONG_MAX / 10)
        FAIL("con_number('%s') refused a number", s);
}

static void words_cmd(int argc, char **argv)
{
    check_words(argc, argv);
    for (int i = 1; i < argc; i++)
        check_number(argv[i]);
    con_printf("%s: %d arguments%s%s\n", argv[0], argc - 1, argc > 1 ? ", the first " : "",
               argc > 1 ? argv[1] : "");
}

void cmd_echo(int argc, char **argv) { check_words(argc, argv); con_printf("%s\n", argc > 1 ? argv[1] : ""); }
void cmd_time(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_uptime(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_sleep(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_log(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_loglevel(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_random(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_exit(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_mem(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_kmem(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_ps(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_capscan(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_mdebug(int argc, char **argv) { words_cmd(argc, argv); }
void cmd_source(int argc, char **argv) { words_cmd(argc, argv); }

/* The commands that take a string (commands.c's run_* wrappers). */
static void string_cmd(const char *what, const char *arg)
{
    if (!arg || strchr(arg, ' '))
        FAIL("%s got '%s'", what, arg ? arg : "(null)");
    con_printf("%s %s\n", what, arg);
}
void cmd_rz(char *args) { string_cmd("rz", args); }
void cmd_uploaded(char *args) { string_cmd("uploaded", args); }
void cmd_supervise(char *args) { string_cmd("supervise", args); }
void cmd_crash(char *args) { string_cmd("crash", args); }

/* The application platform's and storage's tables (cmd_apps.c,
 * cmd_storage.c): a few rows, so dispatch and completion span tables. */
const struct con_cmd apps_cmds[] = {
    { "apps", "", "", 0, 0, words_cmd }, { "install", "NAME", "", 1, 1, words_cmd },
    { "start", "NAME", "", 1, 1, words_cmd }, { "stop", "NAME", "", 1, 1, words_cmd },
};
const unsigned apps_ncmds = 4;
const struct con_cmd storage_cmds[] = {
    { "kv", "KEY V", "", 1, CMD_REST, words_cmd }, { "format", "", "", 0, 0, words_cmd },
    { "fsck", "", "", 0, 0, words_cmd },
};
const unsigned storage_ncmds = 3;

/* ---- the editor's invariants ---- */

static void check_editor(void)
{
    size_t plen = strlen(MT_ATTR_prompt);
    if (ed.len >= ED_MAX || ed.pos > ed.len || strlen(ed.line) != ed.len)
        FAIL("line state: len %u pos %u strlen %zu", ed.len, ed.pos, strlen(ed.line));
    for (unsigned i = 0; i < ed.len; i++)
        if (ed.line[i] < ' ' || ed.line[i] >= 0x7f)
            FAIL("byte 0x%02x in the line", (unsigned char)ed.line[i]);
    unsigned kept = ed.hist_n < ED_HISTORY ? ed.hist_n : ED_HISTORY;
    if (ed.browse > kept)
        FAIL("history: browse %u of %u", ed.browse, kept);
    if (!ed.active || ed.esc != ESC_NONE || term.esc_n)
        return;
    if (term.len != plen + ed.len || memcmp(term.row, MT_ATTR_prompt, plen) ||
        memcmp(term.row + plen, ed.line, ed.len) || term.col != plen + ed.pos)
        FAIL("the screen shows '%.*s' (cursor %u), the line is '%s' (cursor %u)",
             (int)term.len, term.row, term.col, ed.line, ed.pos + (unsigned)plen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    memset(&ed, 0, sizeof ed);
    term_reset();
    ed_prompt();
    check_editor();
    for (size_t i = 0; i < size; i++) {
        if (ed_feed((char)data[i])) {
            memcpy(line_copy, ed_line(), ED_MAX);
            con_execute(ed_line());
            ed_prompt();
        }
        check_editor();
    }
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* The line editor: one input byte at a time, VT100/xterm keys, a history
 * of the last ED_HISTORY lines, Tab completion of command names.  The
 * screen is kept right by redrawing the whole line (prompt, text, erase
 * to the end, cursor back) after any change that is not a plain append:
 * lines are short, and one write of ~140 bytes costs less code than
 * cursor arithmetic for each key. */
#include <libmote/print.h>
#include <libmote/string.h>
#include "console.h"

#define ED_MAX 128          /* the buffer, NUL included: 127 characters */
#define ED_HISTORY 16
#define CTRL(c) ((c) & 0x1f)

enum esc { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

static struct {
    char line[ED_MAX];
    unsigned len, pos;
    int too_long;           /* typed past the buffer: the line is refused */
    int active;             /* the prompt is on screen */
    int last_cr;            /* the previous byte was CR: a LF after it is not a line */
    enum esc esc;
    unsigned esc_arg;
    char hist[ED_HISTORY][ED_MAX];
    unsigned hist_n;        /* lines ever entered; the last ED_HISTORY are kept */
    unsigned browse;        /* how far back up/down went (0: the line being typed) */
} ed;

char *ed_line(void) { return ed.line; }

void ed_redraw(void)
{
    char out[ED_MAX + 48];
    if (!ed.active)
        return;
    int n = mt_snprintf(out, sizeof out, "\r%s%s\x1b[K", MT_ATTR_prompt, ed.line);
    if (n >= (int)sizeof out - 12)
        n = (int)sizeof out - 12;   /* a long prompt attribute: cut, room for the move */
    if (ed.pos < ed.len)
        n += mt_snprintf(out + n, sizeof out - (unsigned)n, "\x1b[%uD", ed.len - ed.pos);
    con_write(out, (unsigned)n);
}

void ed_prompt(void)
{
    ed.len = ed.pos = 0;
    ed.line[0] = 0;
    ed.too_long = 0;
    ed.browse = 0;
    ed.active = 1;
    con_printf("%s", MT_ATTR_prompt);
}

static void set_line(const char *s)
{
    unsigned n = (unsigned)strlen(s);
    memcpy(ed.line, s, n + 1);
    ed.len = ed.pos = n;
    ed.too_long = 0;
    ed_redraw();
}

/* Insert c at the cursor; a full buffer refuses the line (at Enter). */
static void insert(char c)
{
    if (ed.len >= ED_MAX - 1) {
        ed.too_long = 1;
        con_write("\a", 1);
        return;
    }
    memmove(ed.line + ed.pos + 1, ed.line + ed.pos, ed.len - ed.pos + 1);
    ed.line[ed.pos++] = c;
    ed.len++;
    if (ed.pos == ed.len)
        con_write(&c, 1);
    else
        ed_redraw();
}

/* Remove the characters [from, to) and redraw. */
static void cut(unsigned from, unsigned to)
{
    if (from >= to)
        return;
    memmove(ed.line + from, ed.line + to, ed.len - to + 1);
    ed.len -= to - from;
    ed.pos = from;
    ed_redraw();
}

static void move_to(unsigned pos)
{
    if (pos == ed.pos)
        return;
    ed.pos = pos;
    ed_redraw();
}

static unsigned word_start(void)
{
    unsigned p = ed.pos;
    while (p && ed.line[p - 1] == ' ')
        p--;
    while (p && ed.line[p - 1] != ' ')
        p--;
    return p;
}

/* Up (dir 1) and down (dir -1) through the history. */
static void history(int dir)
{
    unsigned kept = ed.hist_n < ED_HISTORY ? ed.hist_n : ED_HISTORY;
    if (dir > 0 && ed.browse < kept)
        ed.browse++;
    else if (dir < 0 && ed.browse > 0)
        ed.browse--;
    else
        return;
    set_line(ed.browse ? ed.hist[(ed.hist_n - ed.browse) % ED_HISTORY] : "");
}

static void remember(void)
{
    const char *last = ed.hist_n ? ed.hist[(ed.hist_n - 1) % ED_HISTORY] : "";
    if (ed.len == 0 || !strcmp(last, ed.line))
        return;
    memcpy(ed.hist[ed.hist_n % ED_HISTORY], ed.line, ed.len + 1);
    ed.hist_n++;
}

/* Tab: complete the command name before the cursor (the first word). */
static void complete(void)
{
    char word[ED_MAX];
    unsigned n = ed.pos;
    for (unsigned i = 0; i < n; i++)
        if (ed.line[i] == ' ')
            return;             /* only the command name is completed */
    memcpy(word, ed.line, n);
    word[n] = 0;
    int unique;
    unsigned common = con_complete(word, sizeof word, &unique);
    if (common == 0) {
        con_write("\a", 1);
        return;
    }
    if (unique) {
        for (unsigned i = n; i < common; i++)
            insert(word[i]);
        if (ed.pos == ed.len)
            insert(' ');
        return;
    }
    if (common == n) {              /* ambiguous: the candidates, then the line again */
        con_write("\n", 1);
        con_list_matches(word);
        ed_redraw();
        return;
    }
    for (unsigned i = n; i < common; i++)
        insert(word[i]);
}

static int end_of_line(void)
{
    con_write("\n", 1);
    ed.active = 0;
    ed.browse = 0;
    if (ed.too_long) {
        con_printf("line too long: at most %u characters; ignored\n", ED_MAX - 1);
        ed_prompt();
        return 0;
    }
    remember();
    return 1;
}

/* The final byte of ESC [ ... or ESC O ...: arrows, Home, End, Delete. */
static void escape_key(char c)
{
    unsigned kept = ed.esc_arg;
    ed.esc = ESC_NONE;
    if (c == 'A')
        history(1);
    else if (c == 'B')
        history(-1);
    else if (c == 'C' && ed.pos < ed.len)
        move_to(ed.pos + 1);
    else if (c == 'D' && ed.pos > 0)
        move_to(ed.pos - 1);
    else if (c == 'H' || (c == '~' && (kept == 1 || kept == 7)))
        move_to(0);
    else if (c == 'F' || (c == '~' && (kept == 4 || kept == 8)))
        move_to(ed.len);
    else if (c == '~' && kept == 3 && ed.pos < ed.len)
        cut(ed.pos, ed.pos + 1);
}

/* Inside an escape sequence: 1 if c belonged to it. */
static int escape(char c)
{
    switch (ed.esc) {
    case ESC_NONE:
        return 0;
    case ESC_START:
        ed.esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
        ed.esc_arg = 0;
        return 1;
    case ESC_CSI:
        if (c >= '0' && c <= '9') {
            ed.esc_arg = ed.esc_arg * 10 + (unsigned)(c - '0');
            return 1;
        }
        if (c == ';')
            return 1;
        escape_key(c);
        return 1;
    case ESC_SS3:
        escape_key(c);
        return 1;
    }
    return 0;
}

static void control(char c)
{
    switch (c) {
    case CTRL('A'): move_to(0); break;
    case CTRL('E'): move_to(ed.len); break;
    case CTRL('B'): if (ed.pos) move_to(ed.pos - 1); break;
    case CTRL('F'): if (ed.pos < ed.len) move_to(ed.pos + 1); break;
    case CTRL('K'): cut(ed.pos, ed.len); break;
    case CTRL('U'): cut(0, ed.pos); break;
    case CTRL('W'): cut(word_start(), ed.pos); break;
    case CTRL('D'): if (ed.pos < ed.len) cut(ed.pos, ed.pos + 1); break;
    case CTRL('H'): case 0x7f: if (ed.pos) cut(ed.pos - 1, ed.pos); break;
    case CTRL('P'): history(1); break;
    case CTRL('N'): history(-1); break;
    case CTRL('L'): con_write("\x1b[H\x1b[2J", 7); ed_redraw(); break;
    case '\t': complete(); break;
    case CTRL('C'):
        con_write("^C\n", 3);
        ed_prompt();
        break;
    case 0x1b: ed.esc = ESC_START; break;
    default: break;
    }
}

/* One input byte; 1 when a line is complete (ed_line() has it). */
int ed_feed(char c)
{
    int cr = ed.last_cr;
    ed.last_cr = c == '\r';
    if (!ed.active)
        return 0;
    if (escape(c))
        return 0;
    if (c == '\r' || c == '\n')
        return c == '\n' && cr ? 0 : end_of_line();   /* the LF of a CRLF: nothing */
    if (c >= ' ' && c < 0x7f)
        insert(c);
    else
        control(c);
    return 0;
}

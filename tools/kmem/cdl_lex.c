/* SPDX-License-Identifier: BSD-2-Clause */
/* The capDL reader's lexer: tokens, comments, and skipping the groups and
 * sections a pass does not read.  A spec read from a file mapping is let
 * go behind the lexer as it goes (see release_behind), so a large spec is
 * never resident as a whole. */
/* madvise (MADV_DONTNEED, MADV_SEQUENTIAL) is not POSIX */
#define _DEFAULT_SOURCE
#include "cdl.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* How far behind the lexer the mapping is kept (backtracking needs a few
 * tokens), and how much is let go at once. */
#define RELEASE_LAG (1u << 16)
#define RELEASE_STEP (1u << 20)

static inline int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

void cdl_fail(struct parser *p, size_t pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kmem_error_at(p->d, p->s->file, p->b, p->len, pos, "%s", msg);
    longjmp(p->jb, 1);
}

static inline int is_punct(int c)
{
    switch (c) {
    case '{': case '}': case '(': case ')': case '[': case ']': case ',':
    case ';': case ':': case '=': case '/': case '<': case '>': case '-':
    case '.':
        return 1;
    default:
        return 0;
    }
}

static void line_comment(struct parser *p)
{
    size_t start = p->pos + 2;
    const char *nl = memchr(p->b + start, '\n', p->len - start);
    size_t end = nl ? (size_t)(nl - p->b) : p->len;
    if (p->s->objs.len == 0 && !p->s->mote_comment) {
        size_t i = start;
        while (i < end && (p->b[i] == ' ' || p->b[i] == '\t'))
            i++;
        if (end - i >= 4 && memcmp(p->b + i, "mote", 4) == 0 &&
            (end - i == 4 || !cdl_is_alpha(cdl_at(p, i + 4))))
            p->s->mote_comment = 1;
    }
    p->pos = end;
}

void cdl_block_comment(struct parser *p)
{
    size_t start = p->pos;
    int depth = 0;
    while (p->pos < p->len) {
        if (cdl_at(p, p->pos) == '/' && cdl_at(p, p->pos + 1) == '*') {
            depth++;
            p->pos += 2;
        } else if (cdl_at(p, p->pos) == '*' && cdl_at(p, p->pos + 1) == '/') {
            p->pos += 2;
            if (--depth == 0)
                return;
        } else {
            p->pos++;
        }
    }
    cdl_fail(p, start, "unterminated comment");
}

static void skip_space(struct parser *p)
{
    for (;;) {
        int c = cdl_at(p, p->pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v')
            p->pos++;
        else if (c == '-' && cdl_at(p, p->pos + 1) == '-')
            line_comment(p);
        else if (c == '/' && cdl_at(p, p->pos + 1) == '*')
            cdl_block_comment(p);
        else
            return;
    }
}

static void lex_number(struct parser *p)
{
    size_t i = p->pos;
    uint64_t v = 0;
    unsigned base = 10;
    if (cdl_at(p, i) == '0' && (cdl_at(p, i + 1) == 'x' || cdl_at(p, i + 1) == 'X')) {
        base = 16;
        i += 2;
    } else if (cdl_at(p, i) == '0' && (cdl_at(p, i + 1) == 'o' || cdl_at(p, i + 1) == 'O')) {
        base = 8;
        i += 2;
    }
    size_t digits = i;
    for (;; i++) {
        int c = cdl_at(p, i);
        unsigned dv;
        if (is_digit(c))
            dv = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            dv = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            dv = (unsigned)(c - 'A' + 10);
        else
            break;
        if (dv >= base)
            cdl_fail(p, i, "digit '%c' is not valid in a base-%u number", c, base);
        if (v > (UINT64_MAX - dv) / base)
            cdl_fail(p, p->pos, "number does not fit in 64 bits");
        v = v * base + dv;
    }
    if (i == digits)
        cdl_fail(p, p->pos, "number has no digits after its prefix");
    p->tk.t = T_NUM;
    p->tk.num = v;
    p->tk.len = (uint32_t)(i - p->pos);
    p->pos = i;
}

/* Names: letters, digits, '_', '@' (dumps name objects type@address),
 * and single '.' or '-' inside (not "..", not "--"). */
static void lex_ident(struct parser *p)
{
    size_t i = p->pos + 1;
    for (;;) {
        int d = cdl_at(p, i);
        if (cdl_is_alpha(d) || is_digit(d) || d == '@')
            i++;
        else if ((d == '.' || d == '-') && cdl_at(p, i + 1) != d)
            i++;
        else
            break;
    }
    p->tk.t = T_ID;
    p->tk.len = (uint32_t)(i - p->pos);
    p->pos = i;
}

static void lex_string(struct parser *p)
{
    size_t i = p->pos + 1;
    while (cdl_at(p, i) != '"') {
        if (cdl_at(p, i) < 0 || cdl_at(p, i) == '\n')
            cdl_fail(p, p->pos, "unterminated string");
        i += cdl_at(p, i) == '\\' ? 2 : 1;
    }
    p->tk.t = T_STR;
    p->tk.len = (uint32_t)(i + 1 - p->pos);
    p->pos = i + 1;
}

/* Drops the pages of a file mapping that lie well behind the lexer: they
 * were read, and if an error message or a name kept from there needs
 * them again the kernel reads them back from the file. */
static void release_behind(struct parser *p)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t upto = (p->pos - RELEASE_LAG) / page * page;
    size_t from = p->released / page * page;
    if (upto > from)
        madvise((void *)(p->b + from), upto - from, MADV_DONTNEED);
    p->released = p->pos - RELEASE_LAG;
}

void cdl_next(struct parser *p)
{
    if (p->release && p->pos >= p->released + RELEASE_STEP + RELEASE_LAG)
        release_behind(p);
    skip_space(p);
    p->tk.pos = (uint32_t)p->pos;
    p->tk.len = 1;
    int c = cdl_at(p, p->pos);
    if (c < 0) {
        p->tk.t = T_EOF;
        p->tk.len = 0;
        return;
    }
    if (cdl_is_alpha(c)) {
        lex_ident(p);
        return;
    }
    if (is_digit(c)) {
        lex_number(p);
        return;
    }
    if (c == '"') {
        lex_string(p);
        return;
    }
    if (c == '.' && cdl_at(p, p->pos + 1) == '.') {
        p->tk.t = T_DOTDOT;
        p->tk.len = 2;
        p->pos += 2;
        return;
    }
    if (is_punct(c)) {
        p->tk.t = T_P;
        p->tk.c = (char)c;
        p->pos++;
        return;
    }
    if (c >= 0x21 && c < 0x7f)
        cdl_fail(p, p->pos, "unexpected character '%c'", c);
    cdl_fail(p, p->pos, "unexpected byte 0x%02x", (unsigned)c);
}

const char *cdl_tok_desc(const struct parser *p, char *buf, size_t n)
{
    switch (p->tk.t) {
    case T_EOF:
        return "end of file";
    case T_P:
        snprintf(buf, n, "'%c'", p->tk.c);
        return buf;
    case T_DOTDOT:
        return "'..'";
    case T_STR:
        return "a string";
    default:
        snprintf(buf, n, "'%.*s'", p->tk.len > 40 ? 40 : (int)p->tk.len,
                 p->b + p->tk.pos);
        return buf;
    }
}

void cdl_fail_expect(struct parser *p, const char *what)
{
    char buf[64];
    cdl_fail(p, p->tk.pos, "expected %s, found %s", what, cdl_tok_desc(p, buf, sizeof(buf)));
}

void cdl_expect(struct parser *p, char c)
{
    if (!cdl_is_p(p, c)) {
        char what[8] = { '\'', c, '\'', 0 };
        cdl_fail_expect(p, what);
    }
    cdl_next(p);
}

uint64_t cdl_expect_num(struct parser *p, const char *what)
{
    if (p->tk.t != T_NUM)
        cdl_fail_expect(p, what);
    uint64_t v = p->tk.num;
    cdl_next(p);
    return v;
}

void cdl_enter(struct parser *p)
{
    if (++p->depth > MAX_DEPTH)
        cdl_fail(p, p->tk.pos, "nesting deeper than %d levels", MAX_DEPTH);
}

/* Skips a balanced group starting at the current token ({, ( or [). */
void cdl_skip_group(struct parser *p)
{
    char stack[MAX_DEPTH];
    int n = 0;
    do {
        if (p->tk.t == T_EOF)
            cdl_fail(p, p->tk.pos, "unexpected end of file inside a group");
        if (p->tk.t == T_P) {
            char c = p->tk.c;
            if (c == '{' || c == '(' || c == '[') {
                if (n == MAX_DEPTH)
                    cdl_fail(p, p->tk.pos, "nesting deeper than %d levels", MAX_DEPTH);
                stack[n++] = c == '{' ? '}' : c == '(' ? ')' : ']';
            } else if (c == '}' || c == ')' || c == ']') {
                if (n == 0 || stack[n - 1] != c)
                    cdl_fail(p, p->tk.pos, "unbalanced '%c'", c);
                n--;
            }
        }
        cdl_next(p);
    } while (n > 0);
}

/* Character-level skip of a { ... } section for the pass that ignores it;
 * the other pass reads it token by token and reports its errors.  A '<'
 * means the spec may copy named caps (cdl_graph.c needs their slots). */
void cdl_skip_section(struct parser *p)
{
    if (!cdl_is_p(p, '{'))
        cdl_fail_expect(p, "'{'");
    size_t start = p->tk.pos;
    long depth = 0;
    size_t i = start;
    while (i < p->len) {
        char c = p->b[i];
        if (c != '{' && c != '}' && c != '-' && c != '/' && c != '"') {
            p->has_copies |= c == '<';
            if (++i >= p->released + RELEASE_STEP + RELEASE_LAG && p->release) {
                p->pos = i;
                release_behind(p);
            }
            continue;
        }
        if (c == '{') {
            depth++;
            i++;
        } else if (c == '}') {
            i++;
            if (--depth == 0) {
                p->pos = i;
                cdl_next(p);
                return;
            }
        } else if (c == '-' && cdl_at(p, i + 1) == '-') {
            const char *nl = memchr(p->b + i, '\n', p->len - i);
            i = nl ? (size_t)(nl - p->b) : p->len;
        } else if (c == '/' && cdl_at(p, i + 1) == '*') {
            p->pos = i;
            cdl_block_comment(p);
            i = p->pos;
        } else if (c == '"') {
            i++;
            while (i < p->len && p->b[i] != '"' && p->b[i] != '\n')
                i += p->b[i] == '\\' ? 2 : 1;
            i++;
        } else {
            i++;
        }
    }
    cdl_fail(p, start, "'{' is never closed");
}

void cdl_fail_section(struct parser *p)
{
    cdl_fail_expect(p, "'arch', 'objects', 'caps', 'irq maps', 'cdt' or 'domains'");
}

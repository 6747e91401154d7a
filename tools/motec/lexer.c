/* SPDX-License-Identifier: BSD-2-Clause */
#include "lexer.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "util.h"

void lexer_init(struct lexer *lx, const char *file, const char *src, size_t len)
{
    lx->file = file;
    lx->src = src;
    lx->len = len;
    lx->pos = 0;
    lx->line = 1;
    lx->col = 1;
}

/* peek() past the end of the input (a NUL byte is an ordinary byte, and an
 * error outside comments). */
#define END (-1)

static int peek(struct lexer *lx, size_t ahead)
{
    return lx->pos + ahead < lx->len ? (unsigned char)lx->src[lx->pos + ahead] : END;
}

static int is_alnum(int c)
{
    return c != END && isalnum(c);
}

static int is_digit(int c)
{
    return c != END && isdigit(c);
}

static void advance(struct lexer *lx)
{
    if (lx->pos >= lx->len)
        return;
    if (lx->src[lx->pos] == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->pos++;
}

static struct loc here(struct lexer *lx)
{
    struct loc l = { lx->file, lx->line, lx->col };
    return l;
}

/* The largest N of a line marker: N plus the lines of the largest input
 * (cpp's output, MOTEC_MAX_CPP_BYTES) stays an int. */
#define MAX_MARKER_LINE (1L << 28)
_Static_assert(MAX_MARKER_LINE + MOTEC_MAX_CPP_BYTES < INT32_MAX, "line numbers fit an int");

/* A line starting with '#': cpp's line marker '# N "file" flags' says
 * that the next line is line N of file; any other '#' line (a directive
 * when cpp did not run, a #pragma, a marker with a larger N) is skipped. */
static void line_marker(struct lexer *lx)
{
    size_t start = lx->pos;
    while (peek(lx, 0) != END && peek(lx, 0) != '\n')
        advance(lx);
    const char *s = lx->src + start, *e = lx->src + lx->pos;
    /* at the end of the input there is no next line for it to number */
    if (e - s < 5 || s[1] != ' ' || !isdigit((unsigned char)s[2]) || peek(lx, 0) == END)
        return;
    long n = 0;
    for (s += 2; s < e && isdigit((unsigned char)*s) && n < MAX_MARKER_LINE / 10; s++)
        n = n * 10 + (*s - '0');
    if (s + 1 >= e || s[0] != ' ' || s[1] != '"')
        return;
    struct strbuf sb;
    sb_init(&sb);
    for (s += 2; s < e && *s != '"'; s++)
        sb_putc(&sb, *s == '\\' && s + 1 < e ? *++s : *s);
    if (!sb.s[0]) {             /* no file name: not a marker, or messages would name none */
        sb_free(&sb);
        return;
    }
    if (!lx->file || !streq(lx->file, sb.s))
        lx->file = sb.s;
    else
        sb_free(&sb);
    /* the newline ending the marker makes it n; gcc writes "# 0" markers
     * before the first line, and no message may name a line 0 */
    lx->line = (int)(n > 0 ? n : 1) - 1;
}

/* Skips blanks, comments and preprocessor lines; 0 on an unterminated
 * block comment (reported). */
static int skip_space(struct lexer *lx)
{
    int line_start = lx->col == 1;
    for (;;) {
        int c = peek(lx, 0);
        if (c == '\n') {
            advance(lx);
            line_start = 1;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            advance(lx);
        } else if (c == '#' && line_start) {
            line_marker(lx);
        } else if (c == '/' && peek(lx, 1) == '/') {
            while (peek(lx, 0) != END && peek(lx, 0) != '\n')
                advance(lx);
        } else if (c == '/' && peek(lx, 1) == '*') {
            struct loc start = here(lx);
            advance(lx);
            advance(lx);
            while (peek(lx, 0) != END && !(peek(lx, 0) == '*' && peek(lx, 1) == '/'))
                advance(lx);
            if (peek(lx, 0) == END) {
                diag_error(start, "unterminated comment");
                return 0;
            }
            advance(lx);
            advance(lx);
        } else {
            return 1;
        }
    }
}

static void lex_number(struct lexer *lx, struct token *t)
{
    size_t start = lx->pos;
    int base = 10;
    if (peek(lx, 0) == '0' && (peek(lx, 1) == 'x' || peek(lx, 1) == 'X')) {
        base = 16;
        advance(lx);
        advance(lx);
    }
    while (is_alnum(peek(lx, 0)) || (base == 10 && peek(lx, 0) == '.' && is_digit(peek(lx, 1))))
        advance(lx);
    t->text = xstrndup(lx->src + start, lx->pos - start);
    char *end;
    errno = 0;
    if (base == 10 && strchr(t->text, '.')) {
        t->kind = T_FLOAT;
        t->fval = strtod(t->text, &end);
    } else {
        t->kind = T_INT;
        t->ival = strtoull(t->text, &end, 0);
    }
    if (*end || (base == 16 && lx->pos - start == 2)) {
        diag_error(t->loc, "malformed number '%.80s'", t->text);
        t->kind = T_ERROR;
    } else if (t->kind == T_INT && (errno == ERANGE || t->ival > INT64_MAX)) {
        diag_error(t->loc, "number '%.80s' is out of range (the largest is %lld)", t->text,
                   (long long)INT64_MAX);
        t->kind = T_ERROR;
    } else if (errno == ERANGE) {
        diag_error(t->loc, "number '%.80s' is out of range", t->text);
        t->kind = T_ERROR;
    }
}

/* After the characters of a string or file name: 0 (and reported) unless
 * the closing character is next. */
static int closed_by(struct lexer *lx, int close, struct loc open, const char *what)
{
    if (peek(lx, 0) == close)
        return 1;
    if (peek(lx, 0) == 0)
        diag_error(here(lx), "unexpected byte 0x00 in %s", what);
    else
        diag_error(open, "unterminated %s", what);
    return 0;
}

static void lex_string(struct lexer *lx, struct token *t)
{
    struct strbuf sb;
    sb_init(&sb);
    advance(lx);
    /* a string may span lines, as CAmkES's grammar allows */
    while (peek(lx, 0) > 0 && peek(lx, 0) != '"') {
        sb_putc(&sb, (char)peek(lx, 0));
        advance(lx);
    }
    if (!closed_by(lx, '"', t->loc, "string")) {
        t->kind = T_ERROR;
        sb_free(&sb);
        return;
    }
    advance(lx);
    t->kind = T_STRING;
    t->text = sb.s;
}

static const char *const puncts[] = {
    "->", "<-", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "**",
    "{", "}", "(", ")", "[", "]", ";", ",", ".", "=", ":", "<", ">",
    "+", "-", "*", "/", "%", "|", "&", "^", "~", "!", "?", NULL,
};

static void lex_punct(struct lexer *lx, struct token *t)
{
    for (int i = 0; puncts[i]; i++) {
        size_t n = strlen(puncts[i]);
        if (lx->pos + n <= lx->len && memcmp(lx->src + lx->pos, puncts[i], n) == 0) {
            for (size_t k = 0; k < n; k++)
                advance(lx);
            t->kind = T_PUNCT;
            t->text = xstrdup(puncts[i]);
            return;
        }
    }
    int c = peek(lx, 0);
    if (isprint(c))
        diag_error(t->loc, "unexpected character '%c'", c);
    else
        diag_error(t->loc, "unexpected byte 0x%02x", c);
    advance(lx);
    t->kind = T_ERROR;
}

void lexer_next(struct lexer *lx, struct token *t)
{
    memset(t, 0, sizeof *t);
    if (!skip_space(lx)) {
        t->kind = T_ERROR;
        t->loc = here(lx);
        return;
    }
    t->loc = here(lx);
    int c = peek(lx, 0);
    if (c == END) {
        t->kind = T_EOF;
    } else if (isalpha(c) || c == '_') {
        size_t start = lx->pos;
        while (is_alnum(peek(lx, 0)) || peek(lx, 0) == '_')
            advance(lx);
        t->kind = T_IDENT;
        t->text = xstrndup(lx->src + start, lx->pos - start);
    } else if (isdigit(c)) {
        lex_number(lx, t);
    } else if (c == '"') {
        lex_string(lx, t);
    } else {
        lex_punct(lx, t);
    }
}

char *lexer_angle(struct lexer *lx, struct loc at)
{
    size_t start = lx->pos;
    while (peek(lx, 0) > 0 && peek(lx, 0) != '>' && peek(lx, 0) != '\n')
        advance(lx);
    if (!closed_by(lx, '>', at, "'<...>' file name"))
        return NULL;
    char *s = xstrndup(lx->src + start, lx->pos - start);
    advance(lx);
    return s;
}

const char *tok_describe(const struct token *t)
{
    static char buf[96];
    switch (t->kind) {
    case T_EOF: return "end of file";
    case T_IDENT: snprintf(buf, sizeof buf, "'%.80s'", t->text); return buf;
    case T_INT:
    case T_FLOAT: snprintf(buf, sizeof buf, "number %.80s", t->text); return buf;
    case T_STRING: return "a string";
    case T_PUNCT: snprintf(buf, sizeof buf, "'%s'", t->text); return buf;
    case T_ERROR: break;
    }
    return "an invalid token";
}

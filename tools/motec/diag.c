/* SPDX-License-Identifier: BSD-2-Clause */
#include "diag.h"

#include "util.h"

static struct strbuf text;
static int errors;
static FILE *echo;

/* s onto text with control characters written as \n, \r, \xNN: a
 * message quotes the input's strings and file names, which may hold a
 * newline (a string may span lines) or a terminal's escape sequence, and
 * each diagnostic must stay one line as the input wrote it. */
static void put_escaped(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            sb_printf(&text, "\\n");
        else if (c == '\r')
            sb_printf(&text, "\\r");
        else if ((c < 0x20 && c != '\t') || c == 0x7f)
            sb_printf(&text, "\\x%02x", c);
        else
            sb_putc(&text, (char)c);
    }
}

static void report(struct loc *at, const char *kind, const char *fmt, va_list ap)
{
    struct strbuf line;
    sb_init(&line);
    if (!text.s)
        sb_init(&text);
    size_t start = text.len;
    if (at)
        sb_printf(&line, "%s:%d:%d: %s: ", at->file ? at->file : "<input>",
                  at->line, at->col, kind);
    else
        sb_printf(&line, "motec: %s: ", kind);
    sb_vprintf(&line, fmt, ap);
    put_escaped(line.s);
    sb_free(&line);
    sb_putc(&text, '\n');
    if (echo)
        fputs(text.s + start, echo);
}

void diag_error(struct loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(&at, "error", fmt, ap);
    va_end(ap);
    errors++;
}

void diag_warning(struct loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(&at, "warning", fmt, ap);
    va_end(ap);
}

void diag_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(NULL, "error", fmt, ap);
    va_end(ap);
    errors++;
}

int diag_error_count(void)
{
    return errors;
}

const char *diag_text(void)
{
    return text.s ? text.s : "";
}

void diag_reset(void)
{
    if (text.s)
        sb_free(&text);
    errors = 0;
}

void diag_set_echo(FILE *stream)
{
    echo = stream;
}

void diag_raw(const char *line, int is_error)
{
    if (!text.s)
        sb_init(&text);
    size_t start = text.len;
    sb_printf(&text, "%s", line);
    if (echo)
        fputs(text.s + start, echo);
    errors += is_error;
}

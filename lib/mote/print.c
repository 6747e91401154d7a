/* mt_printf: formatting into a sink, which is either the debug console or a
 * bounded buffer. */
#include <libmote/print.h>
#include <libmote/syscall.h>

struct sink {
    char *buf;              /* NULL: the console */
    unsigned long size, len;
};

static void put(struct sink *s, char c)
{
    if (!s->buf)
        mt_debug_putchar(c);
    else if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

struct spec {
    int width, zero, is_long;
};

static void put_num(struct sink *s, unsigned long v, unsigned base, int neg,
                    const struct spec *sp)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    int len = n + neg;
    if (neg && sp->zero)
        put(s, '-');
    for (; len < sp->width; len++)
        put(s, sp->zero ? '0' : ' ');
    if (neg && !sp->zero)
        put(s, '-');
    while (n)
        put(s, tmp[--n]);
}

static void put_str(struct sink *s, const char *str, const struct spec *sp)
{
    int n = 0;
    if (!str)
        str = "(null)";
    while (str[n])
        n++;
    for (; n < sp->width; n++)
        put(s, ' ');
    while (*str)
        put(s, *str++);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
    sp->width = 0;
    sp->zero = 0;
    sp->is_long = 0;
    if (*f == '0') {
        sp->zero = 1;
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    while (*f == 'l') {
        sp->is_long = 1;
        f++;
    }
    return f;
}

static void convert(struct sink *s, char c, const struct spec *sp, va_list *ap)
{
    long sv;
    unsigned long uv;
    switch (c) {
    case 'd': case 'i':
        sv = sp->is_long ? va_arg(*ap, long) : va_arg(*ap, int);
        put_num(s, sv < 0 ? -(unsigned long)sv : (unsigned long)sv, 10, sv < 0, sp);
        break;
    case 'u': case 'x':
        uv = sp->is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
        put_num(s, uv, c == 'u' ? 10 : 16, 0, sp);
        break;
    case 'p':
        put(s, '0');
        put(s, 'x');
        put_num(s, (unsigned long)va_arg(*ap, void *), 16, 0, sp);
        break;
    case 'c':
        put(s, (char)va_arg(*ap, int));
        break;
    case 's':
        put_str(s, va_arg(*ap, const char *), sp);
        break;
    case '%':
        put(s, '%');
        break;
    default:
        put(s, '%');
        if (c)
            put(s, c);
    }
}

static void format(struct sink *s, const char *f, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    while (*f) {
        if (*f != '%') {
            put(s, *f++);
            continue;
        }
        struct spec sp;
        f = parse_spec(f + 1, &sp);
        convert(s, *f, &sp, &aq);
        if (*f)
            f++;
    }
    va_end(aq);
}

int mt_vprintf(const char *fmt, va_list ap)
{
    struct sink s = { 0, 0, 0 };
    format(&s, fmt, ap);
    return (int)s.len;
}

int mt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = mt_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int mt_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
{
    struct sink s = { buf, size, 0 };
    format(&s, fmt, ap);
    if (size)
        buf[s.len < size ? s.len : size - 1] = 0;
    return (int)s.len;
}

int mt_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = mt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void mt_puts(const char *s)
{
    while (*s)
        mt_debug_putchar(*s++);
}

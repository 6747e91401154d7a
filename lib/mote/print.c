/* SPDX-License-Identifier: BSD-2-Clause */
/* mt_printf: formatting into a sink, which is either the console or a
 * bounded buffer.  Console output is collected and handed to the output
 * function one chunk at a time, so what one mt_printf prints (up to a
 * chunk) is not cut into by another thread's output.  The output is the
 * kernel's debug PutS on the debug kernel unless the component chose
 * another (mt_set_output: its UART or logger connection); on the release
 * kernel there is no debug PutS and output without one is dropped. */
#include <libmote/print.h>
#include <libmote/syscall.h>

#if MT_KERNEL_DEBUG
/* PutS prints at most MT_DEBUG_PUTS_MAX bytes a call and stops at the first
 * byte the caller may not read (then it returns 0: give up). */
static void debug_output(const char *s, unsigned long n)
{
    while (n) {
        unsigned long done = mt_debug_puts(s, n);
        if (!done)
            return;
        s += done;
        n -= done;
    }
}
#define DEFAULT_OUTPUT debug_output
#else
#define DEFAULT_OUTPUT 0
#endif

/* Zero until set (bss, not data: a component without other data then
 * needs no data page in its image). */
static mt_output_fn output;

void mt_set_output(mt_output_fn fn)
{
    __atomic_store_n(&output, fn, __ATOMIC_SEQ_CST);
}

static void emit(const char *s, unsigned long n)
{
    mt_output_fn fn = __atomic_load_n(&output, __ATOMIC_SEQ_CST);
    if (!fn)
        fn = DEFAULT_OUTPUT;
    if (fn && n)
        fn(s, n);
}

#define CHUNK 160

struct sink {
    int console;            /* else into buf, at most size - 1 bytes */
    char *buf;
    unsigned long size, len;
    unsigned used;
    char chunk[CHUNK];
};

static void flush(struct sink *s)
{
    emit(s->chunk, s->used);
    s->used = 0;
}

static void put(struct sink *s, char c)
{
    if (s->console) {
        if (s->used == CHUNK)
            flush(s);
        s->chunk[s->used++] = c;
    } else if (s->len + 1 < s->size) {
        s->buf[s->len] = c;
    }
    s->len++;
}

struct spec {
    int width, zero, is_long, left;   /* left: '-', pad after (columns of names) */
};

/* n bytes of str in a field of sp->width: padded before (with '0' after
 * the sign when sp->zero) or, for sp->left, after.  Numbers and strings
 * share it: one padding loop in every image, not two (so "%05s" pads
 * with zeros; nothing writes it). */
static void put_field(struct sink *s, const char *str, int n, int neg,
                      const struct spec *sp)
{
    int pad = sp->width - n - neg;
    if (neg && sp->zero)
        put(s, '-');
    for (; !sp->left && pad > 0; pad--)
        put(s, sp->zero ? '0' : ' ');
    if (neg && !sp->zero)
        put(s, '-');
    while (n--)
        put(s, *str++);
    for (; pad > 0; pad--)
        put(s, ' ');
}

static void put_num(struct sink *s, unsigned long v, unsigned base, int neg,
                    const struct spec *sp)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[sizeof tmp - ++n] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    put_field(s, tmp + sizeof tmp - n, n, neg, sp);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
    sp->width = 0;
    sp->zero = 0;
    sp->is_long = 0;
    sp->left = 0;
    if (*f == '-') {
        sp->left = 1;
        f++;
    }
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
    const char *str;
    int n;
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
        str = va_arg(*ap, const char *);
        if (!str)
            str = "(null)";
        for (n = 0; str[n]; n++)
            ;
        put_field(s, str, n, 0, sp);
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
    struct sink s = { .console = 1 };
    format(&s, fmt, ap);
    flush(&s);
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
    struct sink s = { .buf = buf, .size = size };
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
    unsigned long n = 0;
    while (s[n])
        n++;
    emit(s, n);
}

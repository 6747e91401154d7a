/* SPDX-License-Identifier: BSD-2-Clause */
/* The ZMODEM receiver (zmodem.h).  Protocol facts, from the public
 * description: a frame is a header (type + four bytes: a file position,
 * least significant first, or flags) sent in hex (ZPAD ZPAD ZDLE 'B', CRC-16)
 * or binary (ZPAD ZDLE 'A' with CRC-16, 'C' with CRC-32), followed for
 * some types by data subpackets, each ended by ZDLE and one of
 * ZCRCE/G/Q/W and its CRC over the data and that end byte.  Binary bytes
 * are ZDLE-escaped (ZDLE, then the byte xor 0x40); five CAN (= ZDLE) in a
 * row cancel.  The receiver sends hex headers only.
 *
 * A session: ZRQINIT -> ZRINIT, [ZSINIT -> ZACK], ZFILE + info subpacket
 * -> ZRPOS(0), ZDATA(pos) + subpackets (ZCRCQ/ZCRCW ask for a ZACK),
 * ZEOF(length) -> ZRINIT, ZFIN -> ZFIN, then the sender's "OO". */
#if __STDC_HOSTED__
#include <string.h>
#else
#include <libmote/string.h>
#endif
#include "zmodem.h"

enum { ZPAD = '*', ZDLE = 0x18, ZBIN = 'A', ZHEX = 'B', ZBIN32 = 'C', XON = 0x11, XOFF = 0x13 };
enum { ZCRCE = 'h', ZCRCG = 'i', ZCRCQ = 'j', ZCRCW = 'k', ZRUB0 = 'l', ZRUB1 = 'm' };
enum {
    ZRQINIT, ZRINIT, ZSINIT, ZACK, ZFILE, ZSKIP, ZNAK, ZABORT, ZFIN, ZRPOS, ZDATA,
    ZEOF, ZFERR, ZCRC, ZCHALLENGE, ZCOMPL, ZCAN, ZFREECNT, ZCOMMAND, ZSTDERR,
};
/* ZRINIT ZF0: full duplex, receives while storing, CRC-32 welcome. */
enum { CANFDX = 0x01, CANOVIO = 0x02, CANFC32 = 0x20 };

/* Session phases and the lexer's states. */
enum { PH_INIT, PH_FILE, PH_EOF, PH_OO };
enum { LX_IDLE, LX_PAD, LX_KIND, LX_HDR, LX_SUB, LX_CRC };
/* unescape's answers besides a byte. */
enum { NONE = -1, BAD = -2, END = 0x100 };

static unsigned crc16(unsigned crc, unsigned char c)
{
    crc ^= (unsigned)c << 8;
    for (int i = 0; i < 8; i++)
        crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    return crc & 0xffff;
}

static unsigned long crc32_byte(unsigned long crc, unsigned char c)
{
    crc ^= c;
    for (int i = 0; i < 8; i++)
        crc = crc & 1 ? (crc >> 1) ^ 0xedb88320ul : crc >> 1;
    return crc;
}

unsigned long zm_crc32(unsigned long crc, const unsigned char *b, unsigned long n)
{
    crc = ~crc & 0xfffffffful;
    while (n--)
        crc = crc32_byte(crc, *b++);
    return ~crc & 0xfffffffful;
}

/* ---- Output: hex headers. */

static void send_hdr(struct zm_rx *z, unsigned char type, const unsigned char p[4])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char out[24] = { ZPAD, ZPAD, ZDLE, ZHEX };
    unsigned n = 4, crc = 0;
    z->last[0] = type;
    for (int i = 0; i < 4; i++)
        z->last[i + 1] = p[i];
    for (int i = 0; i < 7; i++) {
        unsigned char b = i < 5 ? z->last[i] : (unsigned char)(i == 5 ? crc >> 8 : crc);
        if (i < 5)
            crc = crc16(crc, b);
        out[n++] = (unsigned char)digits[b >> 4];
        out[n++] = (unsigned char)digits[b & 15];
    }
    out[n++] = '\r';
    out[n++] = '\n' | 0x80;
    /* XON undoes a spurious XOFF; not after ZACK (streaming) or ZFIN. */
    if (type != ZACK && type != ZFIN)
        out[n++] = XON;
    z->ops->send(z->ctx, out, n);
}

static void send_pos(struct zm_rx *z, unsigned char type)
{
    unsigned long v = z->pos;
    unsigned char p[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    send_hdr(z, type, p);
}

/* A receiver with a buffer does not claim CANOVIO: a sender then waits
 * for a ZACK at the end of each buffer's worth (ZCRCW) instead of
 * streaming on. */
static void send_rinit(struct zm_rx *z)
{
    unsigned char f0 = CANFDX | CANFC32 | (z->rxbuf ? 0 : CANOVIO);
    unsigned char p[4] = { (unsigned char)z->rxbuf, (unsigned char)(z->rxbuf >> 8), 0, f0 };
    send_hdr(z, ZRINIT, p);
}

static void send_plain(struct zm_rx *z, unsigned char type)
{
    unsigned char p[4] = { 0, 0, 0, 0 };
    send_hdr(z, type, p);
}

static void resend(struct zm_rx *z)
{
    send_hdr(z, z->last[0], z->last + 1);
}

/* Eight CANs stop any ZMODEM sender; the backspaces erase them from a
 * terminal that shows them. */
void zm_rx_cancel(struct zm_rx *z)
{
    unsigned char out[16];
    for (int i = 0; i < 16; i++)
        out[i] = i < 8 ? ZDLE : '\b';
    z->ops->send(z->ctx, out, sizeof out);
}

void zm_rx_init(struct zm_rx *z, const struct zm_ops *ops, void *ctx, unsigned rxbuf)
{
    memset(z, 0, sizeof *z);
    z->ops = ops;
    z->ctx = ctx;
    z->rxbuf = rxbuf;
    send_rinit(z);
}

/* ---- Errors: ask again, until there were too many in a row. */

static int error(struct zm_rx *z)
{
    z->lex = LX_IDLE;
    z->retries++;
    if (++z->errors > ZM_MAX_ERRORS) {
        zm_rx_cancel(z);
        return ZM_ECRC;
    }
    if (z->phase == PH_FILE)
        send_pos(z, ZRPOS);
    else
        resend(z);
    return ZM_RUN;
}

/* A bad subpacket: data is asked for again from pos; a file's info or
 * ZSINIT's attention string is refused with ZNAK, so it comes again. */
static int bad_sub(struct zm_rx *z)
{
    if (z->frame == ZDATA)
        return error(z);
    z->lex = LX_IDLE;
    z->retries++;
    if (++z->errors > ZM_MAX_ERRORS) {
        zm_rx_cancel(z);
        return ZM_ECRC;
    }
    send_plain(z, ZNAK);
    return ZM_RUN;
}

int zm_rx_timeout(struct zm_rx *z)
{
    if (z->phase == PH_OO)
        return ZM_DONE;               /* our ZFIN went out; "OO" is a courtesy */
    if (++z->timeouts > ZM_MAX_TIMEOUTS) {
        zm_rx_cancel(z);
        /* A sender that gave up on our ZRPOS for bad data: CRC errors. */
        return z->errors ? ZM_ECRC : ZM_ETIMEOUT;
    }
    z->lex = LX_IDLE;
    if (z->phase == PH_FILE)
        send_pos(z, ZRPOS);
    else
        resend(z);
    return ZM_RUN;
}

/* ---- Input. */

/* ZDLE decoding: a byte, END | ZCRCx, NONE (nothing yet) or BAD.  Bare
 * XON/XOFF are flow control the line may add: senders escape real ones. */
static int unescape(struct zm_rx *z, unsigned char c)
{
    if (z->esc) {
        z->esc = 0;
        if (c >= ZCRCE && c <= ZCRCW)
            return END | c;
        if (c == ZRUB0)
            return 0x7f;
        if (c == ZRUB1)
            return 0xff;
        return (c & 0x60) == 0x40 ? c ^ 0x40 : BAD;
    }
    if (c == ZDLE) {
        z->esc = 1;
        return NONE;
    }
    if ((c & 0x7f) == XON || (c & 0x7f) == XOFF)
        return NONE;
    return c;
}

static void start_sub(struct zm_rx *z, unsigned char frame)
{
    z->frame = frame;
    z->lex = LX_SUB;
    z->dlen = 0;
    z->esc = 0;
    z->overflow = 0;
    z->eol = 0;
    z->crc = z->crc32 ? 0xffffffffu : 0;
}

static void add_crc(struct zm_rx *z, unsigned char c)
{
    z->crc = z->crc32 ? crc32_byte(z->crc, c) : crc16((unsigned)z->crc, c);
}

/* The file's info subpacket: "name\0size mtime mode ...\0". */
static int file_info(struct zm_rx *z)
{
    unsigned long n = z->dlen < ZM_INFO_MAX ? z->dlen : ZM_INFO_MAX, i = 0, k = 0;
    if (z->phase == PH_FILE) {       /* offered again: our ZRPOS was lost */
        send_pos(z, ZRPOS);
        return ZM_RUN;
    }
    if (z->phase != PH_INIT) {       /* one file a session */
        send_plain(z, ZSKIP);
        return ZM_RUN;
    }
    for (; i < n && z->info[i]; i++) {
        if (z->info[i] == '/')
            k = 0;                   /* keep the last path element */
        else if (k < ZM_NAME_MAX - 1)
            z->name[k++] = (char)z->info[i];
    }
    z->name[k] = 0;
    z->size = 0;
    for (i++; i < n && z->info[i] >= '0' && z->info[i] <= '9'; i++)
        z->size = z->size > 0xffffffffffful ? ~0ul       /* saturates */
                                            : z->size * 10 + (z->info[i] - '0');
    z->buf = z->ops->open(z->ctx, z->name, z->size, &z->cap);
    if (!z->buf) {
        zm_rx_cancel(z);
        return ZM_ETOOBIG;
    }
    z->phase = PH_FILE;
    z->pos = 0;
    send_pos(z, ZRPOS);
    return ZM_RUN;
}

/* A verified data subpacket: its bytes count; its end says what next. */
static int data_done(struct zm_rx *z)
{
    if (z->overflow) {
        zm_rx_cancel(z);
        return ZM_ETOOBIG;
    }
    z->pos += z->dlen;
    switch (z->end) {
    case ZCRCQ:
        send_pos(z, ZACK);
        start_sub(z, ZDATA);
        break;
    case ZCRCG:
        start_sub(z, ZDATA);
        break;
    case ZCRCW:
        send_pos(z, ZACK);
        z->lex = LX_IDLE;
        break;
    default:                         /* ZCRCE: a header follows */
        z->lex = LX_IDLE;
    }
    return ZM_RUN;
}

/* The fuzzer's build (ZM_FUZZ_NO_CRC) takes every CRC as good, so that
 * mutated input gets past the checks into the states behind them. */
#ifdef ZM_FUZZ_NO_CRC
#define CHECKED(ok) ((void)(ok), 1)
#else
#define CHECKED(ok) (ok)
#endif

static int crc_ok(struct zm_rx *z)
{
    if (z->crc32) {
        unsigned long got = z->tail[0] | (unsigned long)z->tail[1] << 8 |
                            (unsigned long)z->tail[2] << 16 | (unsigned long)z->tail[3] << 24;
        return CHECKED(got == (~z->crc & 0xffffffffu));
    }
    return CHECKED(crc16(crc16((unsigned)z->crc, z->tail[0]), z->tail[1]) == 0);
}

static int sub_done(struct zm_rx *z)
{
    if (!crc_ok(z))
        return bad_sub(z);
    z->errors = 0;
    if (z->frame == ZDATA)
        return data_done(z);
    z->lex = LX_IDLE;
    if (z->frame == ZFILE)
        return file_info(z);
    send_plain(z, ZACK);             /* ZSINIT: nothing of it is needed */
    return ZM_RUN;
}

/* Data goes straight to the file's buffer past pos; only a good CRC
 * moves pos over it.  Bytes past the room are counted, not stored: if
 * their CRC is good the file is too large, else it is line noise. */
static int sub_byte(struct zm_rx *z, unsigned char c)
{
    if (z->eol && ((c & 0x7f) == '\r' || (c & 0x7f) == '\n')) {
        z->eol--;
        return ZM_RUN;
    }
    z->eol = 0;
    int v = unescape(z, c);
    if (v == NONE)
        return ZM_RUN;
    if (v == BAD)
        return bad_sub(z);
    if (v & END) {
        z->end = (unsigned char)v;
        add_crc(z, z->end);
        z->tlen = 0;
        z->lex = LX_CRC;
        return ZM_RUN;
    }
    if (z->dlen >= ZM_SUB_MAX)
        return bad_sub(z);
    if (z->frame != ZDATA) {
        if (z->dlen < ZM_INFO_MAX)
            z->info[z->dlen] = (unsigned char)v;
    } else if (z->pos + z->dlen < z->cap) {
        z->buf[z->pos + z->dlen] = (unsigned char)v;
    } else {
        z->overflow = 1;
    }
    z->dlen++;
    add_crc(z, (unsigned char)v);
    return ZM_RUN;
}

static int crc_byte(struct zm_rx *z, unsigned char c)
{
    int v = unescape(z, c);
    if (v == NONE)
        return ZM_RUN;
    if (v < 0 || v > 0xff)
        return bad_sub(z);
    z->tail[z->tlen++] = (unsigned char)v;
    if (z->tlen < (z->crc32 ? 4u : 2u))
        return ZM_RUN;
    return sub_done(z);
}

static int got_header(struct zm_rx *z, unsigned char type, const unsigned char *p)
{
    unsigned long at = p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
                       (unsigned long)p[3] << 24;
    z->timeouts = 0;
    switch (type) {
    case ZRQINIT:
        if (z->phase == PH_INIT)
            send_rinit(z);
        return ZM_RUN;
    case ZSINIT:
    case ZFILE:
        start_sub(z, type);
        return ZM_RUN;
    case ZDATA:
        if (z->phase != PH_FILE)
            return ZM_RUN;
        if (at != z->pos)            /* not where we are: say where */
            return error(z);
        start_sub(z, ZDATA);
        return ZM_RUN;
    case ZEOF:
        /* At another place it may predate our ZRPOS: ignore it, the
         * timeout repeats the ZRPOS if it does not. */
        if (z->phase == PH_FILE && at == z->pos) {
            z->phase = PH_EOF;
            z->errors = 0;
            send_rinit(z);
        }
        return ZM_RUN;
    case ZFIN:
        send_plain(z, ZFIN);
        if (z->phase != PH_EOF && z->phase != PH_OO)
            return ZM_EPROTO;        /* the session ended without a file */
        z->phase = PH_OO;
        return ZM_RUN;
    case ZNAK:
        resend(z);
        return ZM_RUN;
    case ZCAN:
    case ZABORT:
    case ZFERR:
        return ZM_ECANCEL;
    case ZCOMMAND:                   /* a remote command: never */
        zm_rx_cancel(z);
        return ZM_EPROTO;
    default:
        return ZM_RUN;
    }
}

static int hexval(unsigned char c)
{
    c &= 0x7f;                       /* hex headers ignore parity */
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Hex: 14 digits (type, four bytes, CRC-16).  Binary: ZDLE-escaped
 * type, four bytes and a CRC-16 (kind 'A') or CRC-32 (kind 'C'). */
static int header_byte(struct zm_rx *z, unsigned char c)
{
    int ok;
    if (z->kind == ZHEX) {
        int v = hexval(c);
        if (v < 0)
            return error(z);
        z->hdr[z->hlen++] = (unsigned char)v;
        if (z->hlen < 14)
            return ZM_RUN;
        unsigned crc = 0;
        for (int i = 0; i < 7; i++) {
            z->hdr[i] = (unsigned char)(z->hdr[2 * i] << 4 | z->hdr[2 * i + 1]);
            crc = crc16(crc, z->hdr[i]);
        }
        ok = crc == 0;
    } else {
        int v = unescape(z, c);
        if (v == NONE)
            return ZM_RUN;
        if (v < 0 || v > 0xff)
            return error(z);
        z->hdr[z->hlen++] = (unsigned char)v;
        if (z->hlen < (z->kind == ZBIN32 ? 9u : 7u))
            return ZM_RUN;
        if (z->kind == ZBIN32) {
            unsigned long want = zm_crc32(0, z->hdr, 5);
            ok = (z->hdr[5] | (unsigned long)z->hdr[6] << 8 | (unsigned long)z->hdr[7] << 16 |
                  (unsigned long)z->hdr[8] << 24) == want;
        } else {
            unsigned crc = 0;
            for (int i = 0; i < 7; i++)
                crc = crc16(crc, z->hdr[i]);
            ok = crc == 0;
        }
    }
    z->lex = LX_IDLE;
    if (!CHECKED(ok))
        return error(z);
    z->crc32 = z->kind == ZBIN32;
    int st = got_header(z, z->hdr[0], z->hdr + 1);
    /* A hex header ends with CR LF, which a subpacket after it skips. */
    if (z->lex == LX_SUB && z->kind == ZHEX)
        z->eol = 2;
    return st;
}

int zm_rx_byte(struct zm_rx *z, unsigned char c)
{
    if (c == ZDLE) {
        if (++z->cans >= 5)
            return ZM_ECANCEL;
    } else {
        z->cans = 0;
    }
    switch (z->lex) {
    case LX_IDLE:
        if (c == ZPAD)
            z->lex = LX_PAD;
        else if (z->phase == PH_OO && c == 'O' && ++z->oos == 2)
            return ZM_DONE;
        return ZM_RUN;
    case LX_PAD:
        if (c == ZDLE)
            z->lex = LX_KIND;
        else if (c != ZPAD)
            z->lex = LX_IDLE;
        return ZM_RUN;
    case LX_KIND:
        z->kind = c;
        z->hlen = 0;
        z->esc = 0;
        z->lex = c == ZBIN || c == ZHEX || c == ZBIN32 ? LX_HDR : LX_IDLE;
        return ZM_RUN;
    case LX_HDR:
        return header_byte(z, c);
    case LX_SUB:
        return sub_byte(z, c);
    default:
        return crc_byte(z, c);
    }
}

const char *zm_strerror(int status)
{
    switch (status) {
    case ZM_RUN: return "in progress";
    case ZM_DONE: return "done";
    case ZM_ECANCEL: return "cancelled";
    case ZM_ETOOBIG: return "file too large";
    case ZM_ECRC: return "CRC error, transfer refused";
    case ZM_ETIMEOUT: return "timeout";
    case ZM_EPROTO: return "protocol error (no file sent, or a refused frame)";
    default: return "unknown error";
    }
}

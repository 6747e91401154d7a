/* SPDX-License-Identifier: BSD-2-Clause */
/* A ZMODEM receiver (one file), written from Forsberg's protocol
 * description.  Plain C without a library: the debug console builds it
 * freestanding, the host tests and the fuzzer build the same file.
 *
 * Byte in, bytes out: the caller feeds every received byte to
 * zm_rx_byte and calls zm_rx_timeout when the line has been quiet for a
 * while; the receiver answers through ops->send and puts verified data
 * straight into the buffer ops->open gave for the file.  Bytes reach
 * z->pos only after their subpacket's CRC matched; a bad subpacket makes
 * the receiver ask for a retransmission from z->pos (ZRPOS), and too many
 * errors in a row refuse the transfer.  The file is complete when
 * zm_rx_byte returns ZM_DONE: its name is z->name, its bytes the first
 * z->pos of the buffer. */
#ifndef ZMODEM_H
#define ZMODEM_H

enum zm_status {
    ZM_RUN = 0,        /* more bytes, please */
    ZM_DONE = 1,       /* one file received and the session closed */
    ZM_ECANCEL = -1,   /* the sender cancelled or aborted (or five Ctrl-X) */
    ZM_ETOOBIG = -2,   /* open refused the file, or more data than room */
    ZM_ECRC = -3,      /* too many bad headers/subpackets in a row, or the
                          sender went quiet after one */
    ZM_ETIMEOUT = -4,  /* too many timeouts in a row, no error before */
    ZM_EPROTO = -5,    /* a frame we refuse (remote command) or no file sent */
};

struct zm_ops {
    /* Bytes to the sender. */
    void (*send)(void *ctx, const unsigned char *b, unsigned n);
    /* A file is offered (size: as announced, 0 if not): where its bytes
     * go and how many fit (*cap), or 0 to refuse it as too large. */
    unsigned char *(*open)(void *ctx, const char *name, unsigned long size,
                           unsigned long *cap);
};

#define ZM_NAME_MAX 64
#define ZM_INFO_MAX 128      /* bytes of a ZFILE/ZSINIT subpacket kept */
#define ZM_SUB_MAX 8192      /* the longest data subpacket ZMODEM sends */
#define ZM_MAX_ERRORS 10
#define ZM_MAX_TIMEOUTS 10

struct zm_rx {
    const struct zm_ops *ops;
    void *ctx;
    unsigned rxbuf;               /* advertised buffer (ZRINIT ZP0/ZP1); 0: stream */
    /* Results. */
    char name[ZM_NAME_MAX];
    unsigned long size;           /* announced by ZFILE */
    unsigned long pos;            /* verified bytes in buf */
    unsigned long retries;        /* bad headers and subpackets asked for again */
    /* Private. */
    unsigned char phase, lex, esc, cans;
    unsigned char kind;           /* header being read: 'A', 'B' or 'C' */
    unsigned char frame;          /* the frame whose subpackets we read */
    unsigned char crc32;          /* subpackets carry CRC-32 (after a 'C' header) */
    unsigned char end;            /* ZCRCx that ended the subpacket */
    unsigned char overflow;       /* this subpacket ran past cap */
    unsigned char eol;            /* CR/LF of a hex header still to skip */
    unsigned char oos;            /* 'O's of the closing "OO" seen */
    unsigned char hdr[14];
    unsigned hlen, tlen;
    unsigned char tail[4];
    unsigned char *buf;
    unsigned long cap, dlen;      /* room in buf; bytes in this subpacket */
    unsigned long crc;
    unsigned char info[ZM_INFO_MAX];
    unsigned char last[5];        /* last header sent (ZNAK resends it) */
    unsigned errors, timeouts;
};

/* Starts a session: sends ZRINIT. */
void zm_rx_init(struct zm_rx *z, const struct zm_ops *ops, void *ctx, unsigned rxbuf);
int zm_rx_byte(struct zm_rx *z, unsigned char c);
/* The line was quiet: repeats our last request (ZM_RUN) or gives up. */
int zm_rx_timeout(struct zm_rx *z);
/* Tells the sender to stop (after an error of ours). */
void zm_rx_cancel(struct zm_rx *z);
const char *zm_strerror(int status);

/* CRC-32 (IEEE, as zlib's crc32): crc = zm_crc32(0, b, n) for a whole buffer. */
unsigned long zm_crc32(unsigned long crc, const unsigned char *b, unsigned long n);

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* The ZMODEM receiver (components/debug_console/zmodem.c) against the
 * real sender: every test runs lrzsz's `sz` on one end of a socketpair
 * and the receiver on the other, optionally damaging the sender's bytes
 * on the way.  A transfer must end with exactly the file's bytes or with
 * an error, never with anything else. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "zmodem.h"

/* How the sender's bytes are damaged on the way (stream offsets). */
enum damage { NONE, FLIP, DROP, DUP };

struct run {
    const char *opts[4];          /* extra sz options */
    enum damage kind;
    long at;                      /* offset of the damaged byte */
    long every;                   /* and every that many bytes after it (0: once) */
    unsigned rxbuf;               /* advertised receive buffer */
    unsigned long limit;          /* largest file accepted (0: any) */
    /* Results. */
    int status, sz_status;
    unsigned long zrpos, received, retries;
    unsigned char *buf;
    unsigned long cap;
    char name[ZM_NAME_MAX];
    int fd;
};

static char dir[64];

static void put_all(int fd, const unsigned char *b, size_t n)
{
    while (n) {
        ssize_t k = write(fd, b, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;                   /* the sender is gone */
        b += k;
        n -= (size_t)k;
    }
}

static void on_send(void *ctx, const unsigned char *b, unsigned n)
{
    struct run *r = ctx;
    if (n >= 6 && !memcmp(b, "**\030B09", 6))
        r->zrpos++;
    put_all(r->fd, b, n);
}

static unsigned char *on_open(void *ctx, const char *name, unsigned long size, unsigned long *cap)
{
    struct run *r = ctx;
    snprintf(r->name, sizeof r->name, "%s", name);
    if (r->limit && size > r->limit)
        return NULL;
    r->cap = r->limit ? r->limit : size;
    r->buf = malloc(r->cap + 1);
    *cap = r->cap;
    return r->buf;
}

static const struct zm_ops ops = { on_send, on_open };

static pid_t start_sz(int fd, const struct run *r, const char *path)
{
    const char *argv[8] = { "sz", "-q" };
    int n = 2;
    for (int i = 0; i < 4 && r->opts[i]; i++)
        argv[n++] = r->opts[i];
    argv[n++] = path;
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(null, 2);
        execvp("sz", (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* One byte from the sender through the damage, into the receiver. */
static int feed(struct zm_rx *z, struct run *r, unsigned char c, long off)
{
    int hit = r->kind != NONE && off >= r->at &&
              (off == r->at || (r->every && (off - r->at) % r->every == 0));
    if (!hit)
        return zm_rx_byte(z, c);
    if (r->kind == FLIP)
        return zm_rx_byte(z, c ^ 0x04);
    if (r->kind == DUP) {
        int st = zm_rx_byte(z, c);
        return st ? st : zm_rx_byte(z, c);
    }
    return ZM_RUN;                    /* DROP */
}

static int wait_sz(pid_t pid)
{
    int status = 0;
    for (int i = 0; i < 200; i++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return 255;
}

/* With ZMODEM_CORPUS=DIR, each session's sender bytes are kept there:
 * the fuzzer's seeds (make fuzz-zmodem). */
static FILE *corpus_file(void)
{
    static int n;
    const char *d = getenv("ZMODEM_CORPUS");
    char path[256];
    if (!d)
        return NULL;
    snprintf(path, sizeof path, "%s/sz-%d", d, n++);
    return fopen(path, "wb");
}

/* Runs sz on `path` against the receiver; fills r's results. */
static void transfer(const char *path, struct run *r)
{
    int sv[2];
    struct zm_rx z;
    long off = 0;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    pid_t pid = start_sz(sv[1], r, path);
    assert_true(pid > 0);
    close(sv[1]);
    r->fd = sv[0];
    zm_rx_init(&z, &ops, r, r->rxbuf);
    FILE *keep = corpus_file();
    time_t end = time(NULL) + 60;
    int st = ZM_RUN;
    while (st == ZM_RUN && time(NULL) < end) {
        struct pollfd p = { sv[0], POLLIN, 0 };
        unsigned char b[4096];
        if (poll(&p, 1, 300) == 0) {
            st = zm_rx_timeout(&z);
            continue;
        }
        ssize_t n = read(sv[0], b, sizeof b);
        if (n <= 0)
            break;
        if (keep)
            fwrite(b, 1, (size_t)n, keep);
        for (ssize_t i = 0; i < n && st == ZM_RUN; i++)
            st = feed(&z, r, b[i], off++);
    }
    close(sv[0]);
    if (keep)
        fclose(keep);
    r->status = st;
    r->received = z.pos;
    r->retries = z.retries;
    r->sz_status = wait_sz(pid);
}

static unsigned char *make_file(const char *name, size_t n, int pattern, char *path)
{
    unsigned char *d = malloc(n + 1);
    uint32_t x = 12345;
    static const unsigned char special[] = { 0x18, 0x10, 0x11, 0x13, 0x90, 0x91, 0x93, 0x7f,
                                             0xff, '*', '@', '\r', 0x98, 0x0d, 0x8d };
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        d[i] = pattern == 0 ? (unsigned char)i
             : pattern == 1 ? (unsigned char)(x >> 16)
                            : special[(x >> 16) % sizeof special];
    }
    snprintf(path, 128, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, n, f), n);
    fclose(f);
    return d;
}

/* sz sends path; the receiver must end with exactly its bytes. */
static void expect_file(struct run *r, const char *name, size_t n, int pattern)
{
    char path[128];
    unsigned char *d = make_file(name, n, pattern, path);
    transfer(path, r);
    assert_int_equal(r->status, ZM_DONE);
    assert_int_equal(r->sz_status, 0);
    assert_string_equal(r->name, name);
    assert_int_equal(r->received, n);
    assert_memory_equal(r->buf, d, n);
    if (r->kind == NONE)
        assert_int_equal(r->retries, 0);   /* a clean line needs none */
    free(d);
    free(r->buf);
}

static void test_text(void **s)
{
    (void)s;
    struct run r = { 0 };
    expect_file(&r, "hello.txt", 300, 1);
    assert_int_equal(r.zrpos, 1);     /* the one that starts the file */
}

static void test_empty(void **s)
{
    (void)s;
    struct run r = { 0 };
    expect_file(&r, "empty", 0, 0);
}

static void test_all_byte_values(void **s)
{
    (void)s;
    struct run r = { 0 };
    expect_file(&r, "bytes.bin", 256 * 64, 0);
}

/* Bytes ZMODEM must escape (ZDLE, XON/XOFF with and without bit 7, DLE,
 * CR after '@', 0x7f/0xff), plain and with every control escaped. */
static void test_escaped_bytes(void **s)
{
    (void)s;
    struct run plain = { 0 }, esc = { .opts = { "-e" } };
    expect_file(&plain, "special.bin", 9000, 2);
    expect_file(&esc, "special.bin", 9000, 2);
}

static void test_crc16_and_8k_blocks(void **s)
{
    (void)s;
    struct run c16 = { .opts = { "-o" } }, big = { .opts = { "--start-8k" } };
    expect_file(&c16, "crc16.bin", 20000, 1);
    expect_file(&big, "blocks8k.bin", 60000, 1);
}

/* A small advertised buffer: the sender waits for ZACKs (ZCRCW). */
static void test_window(void **s)
{
    (void)s;
    struct run r = { .rxbuf = 1024 };
    expect_file(&r, "window.bin", 40000, 1);
}

/* One damaged byte in the data: the subpacket fails its CRC, the
 * receiver asks again from where it was, the file arrives intact. */
static void test_flip_retransmitted(void **s)
{
    (void)s;
    struct run r = { .kind = FLIP, .at = 6000 };
    expect_file(&r, "flip.bin", 20000, 1);
    assert_true(r.zrpos >= 2);
    assert_true(r.retries >= 1);
}

/* Damage at each of many places of the session (headers, file info,
 * data, CRCs, ZEOF): dropped, doubled or flipped bytes.  Every transfer
 * ends with the exact file or an error, never with other bytes. */
static void test_damage_everywhere(void **s)
{
    (void)s;
    char path[128];
    size_t n = 2500;
    unsigned char *d = make_file("sweep.bin", n, 1, path);
    int done = 0, runs = 0;
    for (long at = 3; at < 2800; at += 211) {
        for (int kind = FLIP; kind <= DUP; kind++) {
            struct run r = { .kind = kind, .at = at };
            transfer(path, &r);
            runs++;
            if (r.status == ZM_DONE) {
                assert_int_equal(r.received, n);
                assert_memory_equal(r.buf, d, n);
                done++;
            }
            free(r.buf);
        }
    }
    print_message("# %d of %d damaged sessions recovered, the rest refused\n", done, runs);
    assert_true(done > runs / 2);
    free(d);
}

/* A line that keeps damaging the data (every 13th byte: sz shortens its
 * subpackets after errors, but not below that): refused after too many
 * errors in a row, and the sender is told to stop. */
static void test_persistent_damage_refused(void **s)
{
    (void)s;
    char path[128];
    unsigned char *d = make_file("noisy.bin", 30000, 1, path);
    struct run r = { .kind = FLIP, .at = 2000, .every = 13, .rxbuf = 1024 };
    transfer(path, &r);
    assert_int_equal(r.status, ZM_ECRC);
    assert_true(r.received < 30000);
    assert_int_not_equal(r.sz_status, 0);
    free(r.buf);
    free(d);
}

static void test_too_large(void **s)
{
    (void)s;
    char path[128];
    unsigned char *d = make_file("big.bin", 5000, 1, path);
    struct run r = { .limit = 4096 };
    transfer(path, &r);
    assert_int_equal(r.status, ZM_ETOOBIG);
    assert_int_not_equal(r.sz_status, 0);
    free(d);
}

/* One file a session: a second one offered is skipped (ZSKIP). */
static void test_second_file_skipped(void **s)
{
    (void)s;
    char first[128], second[128];
    unsigned char *a = make_file("first.bin", 3000, 1, first);
    unsigned char *b = make_file("second.bin", 2000, 0, second);
    struct run r = { .opts = { first } };
    transfer(second, &r);
    assert_int_equal(r.status, ZM_DONE);
    assert_string_equal(r.name, "first.bin");
    assert_int_equal(r.received, 3000);
    assert_memory_equal(r.buf, a, 3000);
    free(r.buf);
    free(a);
    free(b);
}

static void drop(void *ctx, const unsigned char *b, unsigned n)
{
    (void)ctx, (void)b, (void)n;
}

/* Without a sender: five CANs cancel; silence times out. */
static void test_cancel_and_timeout(void **s)
{
    (void)s;
    static const struct zm_ops quiet = { drop, NULL };
    struct zm_rx z;
    zm_rx_init(&z, &quiet, NULL, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(zm_rx_byte(&z, 0x18), ZM_RUN);
    assert_int_equal(zm_rx_byte(&z, 0x18), ZM_ECANCEL);
    zm_rx_init(&z, &quiet, NULL, 0);
    for (int i = 0; i < ZM_MAX_TIMEOUTS; i++)
        assert_int_equal(zm_rx_timeout(&z), ZM_RUN);
    assert_int_equal(zm_rx_timeout(&z), ZM_ETIMEOUT);
}

static void test_crc32(void **s)
{
    (void)s;
    assert_int_equal(zm_crc32(0, (const unsigned char *)"123456789", 9), 0xcbf43926ul);
    assert_int_equal(zm_crc32(zm_crc32(0, (const unsigned char *)"1234", 4),
                              (const unsigned char *)"56789", 5), 0xcbf43926ul);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    snprintf(dir, sizeof dir, "/tmp/zmodem-test-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_cancel_and_timeout),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_all_byte_values),
        cmocka_unit_test(test_escaped_bytes),
        cmocka_unit_test(test_crc16_and_8k_blocks),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_flip_retransmitted),
        cmocka_unit_test(test_damage_everywhere),
        cmocka_unit_test(test_persistent_damage_refused),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_second_file_skipped),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return failed;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: motec's front end (parse, check, allocate, fit: what
 * `motec system.camkes` does before it writes anything) on an arbitrary
 * input file, and for a system that builds every output in memory.  It
 * must never crash, hang or leave a descriptor open; a failed build must
 * have said why, every message one line of the form
 * file:line:col: error: message (or "motec: error:" for the few without
 * a place); a generated header must be C whose string literals hold the
 * input's strings, not lines of C made from them.
 *
 * The input is written to work/a/b/input.camkes, where work/components is
 * the tree's components/: the systems' imports ("../../components/...")
 * resolve, so the seeds (systems/, tests/motec/data) reach the checker
 * and the allocator as they do in the build.  Without cpp (--no-cpp):
 * cpp is another program, run per file.
 *
 * motec is a batch compiler that frees its model at exit, not before;
 * its objects are built with malloc, calloc, realloc and free renamed to
 * the fz_ functions below (objcopy --redefine-sym, tests/fuzz/fuzz.mk),
 * which keep every block on a list, so each input's memory is released
 * after it and the next input starts from an empty heap. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "driver.h"
#include "emit.h"
#include "model.h"
#include "parser.h"
#include "spec_model.h"

#ifndef FUZZ_TREE
#error "FUZZ_TREE: the tree's top directory (absolute)"
#endif
#ifndef FUZZ_WORK
#error "FUZZ_WORK: a directory for the input file (absolute)"
#endif

/* ---- motec's heap ---- */

struct block {
    struct block *prev, *next;
    size_t size;
    size_t pad;     /* 32 bytes: the payload keeps malloc's 16-byte alignment */
};
static struct block live = { &live, &live, 0, 0 };

static void *track(struct block *b, size_t n)
{
    if (!b)
        return NULL;
    b->size = n;
    b->next = live.next;
    b->prev = &live;
    live.next->prev = b;
    live.next = b;
    return b + 1;
}

static struct block *untrack(void *p)
{
    struct block *b = (struct block *)p - 1;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    return b;
}

void *fz_malloc(size_t n);
void *fz_calloc(size_t n, size_t size);
void *fz_realloc(void *p, size_t n);
void fz_free(void *p);

void *fz_malloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(struct block))
        return NULL;
    return track(malloc(sizeof(struct block) + n), n);
}

void *fz_calloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - sizeof(struct block)) / size)
        return NULL;
    return track(calloc(1, sizeof(struct block) + n * size), n * size);
}

void *fz_realloc(void *p, size_t n)
{
    if (!p)
        return fz_malloc(n);
    if (n > SIZE_MAX - sizeof(struct block))
        return NULL;
    struct block *b = untrack(p);
    struct block *nb = realloc(b, sizeof(struct block) + n);
    if (!nb)
        return track(b, b->size);   /* the old block stays valid */
    return track(nb, n);
}

void fz_free(void *p)
{
    if (p)
        free(untrack(p));
}

static void release_all(void)
{
    while (live.next != &live)
        free(untrack(live.next + 1));
}

/* ---- the input file ---- */

static char input[4096];

/* Files next to the input that seeds name: the default system's script,
 * tests/motec/data's imports. */
static const char *const beside[][2] = {
    { "selftest.mote", "systems/default/selftest.mote" },
    { "interfaces.camkes", "tests/motec/data/interfaces.camkes" },
};
#define NBESIDE (sizeof beside / sizeof beside[0])

static void remove_work(void)
{
    char path[sizeof input + 64];
    unlink(input);
    snprintf(path, sizeof path, "%s", input);
    *strrchr(path, '/') = 0;                  /* work/a/b */
    for (size_t i = 0; i < NBESIDE; i++) {
        char link[sizeof path + 64];
        snprintf(link, sizeof link, "%s/%s", path, beside[i][0]);
        unlink(link);
    }
    rmdir(path);
    *strrchr(path, '/') = 0;                  /* work/a */
    rmdir(path);
    *strrchr(path, '/') = 0;                  /* work */
    char link[sizeof path + 16];
    snprintf(link, sizeof link, "%s/components", path);
    unlink(link);
    rmdir(path);
}

/* work/a/b (with links to the files of beside[]) and work/components
 * -> the tree's components/. */
static void make_work(void)
{
    char dir[2048], sub[2100];
    snprintf(dir, sizeof dir, "%s/motec-XXXXXX", FUZZ_WORK);
    if (mkdir(FUZZ_WORK, 0755) && access(FUZZ_WORK, F_OK)) {
        perror(FUZZ_WORK);
        exit(1);
    }
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(sub, sizeof sub, "%s/components", dir);
    if (symlink(FUZZ_TREE "/components", sub))
        perror(sub);
    snprintf(sub, sizeof sub, "%s/a", dir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    mkdir(sub, 0755);
    snprintf(input, sizeof input, "%s/input.camkes", sub);
    for (size_t i = 0; i < NBESIDE; i++) {
        char link[sizeof sub + 64], target[2048];
        snprintf(link, sizeof link, "%s/%s", sub, beside[i][0]);
        snprintf(target, sizeof target, "%s/%s", FUZZ_TREE, beside[i][1]);
        if (symlink(target, link))
            perror(link);
    }
    atexit(remove_work);
}

static void write_input(const uint8_t *data, size_t size)
{
    int fd = open(input, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        perror(input);
        abort();
    }
    close(fd);
}

/* ---- the checks ---- */

#define FAIL_HEADER(why, text, at)                                             \
    (fprintf(stderr, "generated header: %s at byte %ld:\n%s\n", why,        \
             (long)((at) - (text)), text), abort())

/* One diagnostic line: "F:L:C: error: ..." with L, C >= 1 (F may hold
 * ':' only if it is a path: take the last "L:C: kind: " in the line), or
 * "motec: error: ...". */
static int well_formed(const char *line, size_t n)
{
    if (n > 14 && !strncmp(line, "motec: error: ", 14))
        return 1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (line[i] != ':' || line[i + 1] < '1' || line[i + 1] > '9')
            continue;
        char *end;
        long l = strtol(line + i + 1, &end, 10);
        if (*end != ':' || end[1] < '1' || end[1] > '9' || l < 1)
            continue;
        long c = strtol(end + 1, &end, 10);
        if (c >= 1 && (!strncmp(end, ": error: ", 9) || !strncmp(end, ": warning: ", 11)))
            return i > 0;
    }
    return 0;
}

static void check_diag(int rc)
{
    const char *t = diag_text();
    if (rc && diag_error_count() == 0) {
        fprintf(stderr, "motec failed without an error message:\n%s", t);
        abort();
    }
    for (const char *nl; *t; t = nl + 1) {
        nl = strchr(t, '\n');
        if (!nl || !well_formed(t, (size_t)(nl - t))) {
            fprintf(stderr, "badly formed diagnostic: %.*s\n", nl ? (int)(nl - t) : 200, t);
            abort();
        }
    }
}

/* Each line of a generated header: no control byte, every string
 * literal closed on its line (a '"' inside one is escaped). */
static void check_header(const struct m_inst *in)
{
    struct strbuf sb;
    sb_init(&sb);
    emit_header(in, &sb);
    int quoted = 0;
    for (const char *p = sb.s; *p; p++) {
        if (*p == '\n' && quoted)
            FAIL_HEADER("a string literal runs past its line", sb.s, p);
        if ((unsigned char)*p < ' ' && *p != '\n')
            FAIL_HEADER("a control byte", sb.s, p);
        if (quoted && *p == '\\' && p[1])
            p++;
        else if (*p == '"')
            quoted = !quoted;
    }
    sb_free(&sb);
}

/* Every output of a system that built, in memory. */
static void emit_outputs(const struct system *sys, const struct spec_model *sm)
{
    struct strbuf sb;
    size_t len;
    for (int i = 0; i < sys->insts.n; i++)
        if (!inst_is_hw(sys->insts.v[i]))   /* as emit_all: no header for hardware */
            check_header(sys->insts.v[i]);
    sb_init(&sb);
    emit_cdl(sm, &sb);
    emit_dot(sys, &sb);
    emit_manifest(sys, &sb);
    sb_free(&sb);
    fz_free(emit_spec(sm, &len));
}

/* The lowest free descriptor: a descriptor left open moves it. */
static int lowest_fd(void)
{
    int fd = open("/dev/null", O_RDONLY);
    close(fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!input[0])
        make_work();
    write_input(data, size);
    int fd0 = lowest_fd();
    struct motec_opts o;
    motec_default_opts(&o);
    o.input = input;
    o.no_cpp = 1;
    o.std_dir = FUZZ_TREE "/tools/motec/std";
    struct program prog;
    struct system sys;
    struct spec_model sm;
    int rc = motec_build(&o, &prog, &sys, &sm);
    check_diag(rc);
    if (rc == 0)
        emit_outputs(&sys, &sm);
    if (getenv("FUZZ_VERBOSE"))     /* what motec said, for a look at the seeds */
        fprintf(stderr, "motec: %s\n%s", rc ? "failed" : "built", diag_text());
    diag_reset();
    release_all();
    if (lowest_fd() != fd0) {
        fprintf(stderr, "motec left a file descriptor open\n");
        abort();
    }
    return 0;
}

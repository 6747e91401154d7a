/* SPDX-License-Identifier: BSD-2-Clause */
/* Suite apps: each application `make apps` built, loaded from the boot
 * archive through its plan, run to its end (or stopped), checked against
 * what it must have done, and torn down with every byte back. */
#include <mote/fault.h>

#include "apprun.h"
#include "../lib/untyped.h"

#define SDK_INFO_LEVEL MT_SDK_LOG_INFO

static const struct mt_bootinfo *bi;
static mt_cptr_t big_ut, run_ut;
static int test_no, failures;
static struct run r;

static void report(int ok, const char *name, const char *what)
{
    test_no++;
    failures += !ok;
    mt_printf("%sok %d - %s: %s\n", ok ? "" : "not ", test_no, name, what);
}

static int has(const char *text, const char *s)
{
    for (; *text; text++) {
        unsigned i = 0;
        while (s[i] && text[i] == s[i])
            i++;
        if (!s[i])
            return 1;
    }
    return 0;
}

static const struct mt_archive_entry *find(const char *name)
{
    const struct mt_archive_header *h = (const void *)bi->archive_vaddr;
    for (uint32_t i = 0; bi->archive_bytes && i < h->entry_count; i++)
        if (!strcmp(mt_archive_entries(h)[i].name, name))
            return &mt_archive_entries(h)[i];
    return 0;
}

/* Loads and runs one bundle (size: 0 = the whole file); returns the load
 * result, and whether every byte came back in *back. */
static int run_app(const char *name, mt_word_t cut, int stop_after, int *back)
{
    const struct mt_archive_entry *e = find(name);
    memset(&r, 0, sizeof r);
    r.bi = bi;
    r.slot_first = r.slot_next = run_ut + 1;
    r.slot_end = bi->empty.end;
    if (!e || mt_untyped_retype(big_ut, MT_OBJ_UNTYPED, RUN_UT_BITS, ROOT, 0, 0, run_ut, 1))
        return 100;
    r.bundle_page = e->extent[0].archive_offset / MT_PAGE_SIZE;   /* a kept file: one extent */
    const uint8_t *data = (const uint8_t *)bi->archive_vaddr + e->extent[0].archive_offset;
    int res = run_load(&r, data, cut ? cut : e->size, run_ut);
    if (res == 0)
        run_serve(&r, stop_after);
    run_teardown(&r);
    struct mt_untyped_info info;
    *back = !mt_untyped_describe(run_ut, &info) && info.free_bytes == 1ul << RUN_UT_BITS;
    mt_cnode_delete(ROOT, run_ut, DEPTH);
    return res;
}

/* Runs name; reports a load failure or an unreturned byte, else 1. */
static int run_ok(const char *name, int stop_after)
{
    int back;
    int res = run_app(name, 0, stop_after, &back);
    if (res) {
        char why[80];
        mt_snprintf(why, sizeof why, "load failed (%d: %s)", res,
                    res < 0 ? mt_bundle_strerror(-res) : "building");
        report(0, name, why);
        return 0;
    }
    report(back, name, "every byte back after the run");
    return 1;
}

#define CHECK_COUNT 16

static int line_is(int i, int level, const char *text)
{
    return i < r.nlines && r.lines[i].level == level && !strcmp(r.lines[i].text, text);
}

/* What a run that ended with exit(0) logged last. */
static int exited_ok(void)
{
    return r.exited && r.exit_code == 0 && !r.faulted;
}

static void check_hello(void)
{
    int ran = run_ok("hello", 0);
    report(ran && exited_ok() && r.nlines == 1 && line_is(0, SDK_INFO_LEVEL, "hello, world\n"),
           "hello", "logs 'hello, world' and exits 0");
    /* The plan's cost against the objects really made for the start. */
    report(ran && r.bytes_made == r.plan.need_bytes, "hello", "objects made == the plan's cost");
    mt_printf("app_hello_bytes %lu B\n", (unsigned long)r.bytes_made);
}

static void check_logtest(void)
{
    int ran = run_ok("logtest", 0), levels = r.nlines == 7;
    for (int i = 0; levels && i < 5; i++)
        levels = r.lines[i].level == i + 1 && has(r.lines[i].text, "logtest: a line at level");
    report(ran && exited_ok() && levels && r.lines[5].len == MT_SDK_LOG_MAX &&
           line_is(6, SDK_INFO_LEVEL, "logtest: done\n"),
           "logtest", "a line at each level 1..5, the long one cut at 432 bytes, exit 0");
}

static void check_keyval(void)
{
    int ran = run_ok("keyval", 0);
    /* Two 4 KiB + header mallocs take two pages each; the freed blocks
     * merge and serve 8000 bytes without a fifth page. */
    report(ran && exited_ok() && r.keys_left == 0 && r.nlines == 3 && r.heap_pages == 4 &&
           has(r.lines[2].text, "all steps passed"),
           "keyval", "short and 4 KiB values written, read back, deleted; malloc'd; exit 0");
}

static void check_timer(void)
{
    int ran = run_ok("timer", 0);
    report(ran && exited_ok() && r.nlines == 1 && has(r.lines[0].text, "quiet"),
           "timer", "periodic ticks until the one-shot, quiet after cancel; exit 0");
}

static void check_fibonacci(void)
{
    int ran = run_ok("fibonacci", 4);
    report(ran && !r.exited && !r.faulted && line_is(0, SDK_INFO_LEVEL, "fib(0) = 0\n") &&
           line_is(1, SDK_INFO_LEVEL, "fib(1) = 1\n") && line_is(2, SDK_INFO_LEVEL, "fib(2) = 1\n") &&
           line_is(3, SDK_INFO_LEVEL, "fib(3) = 2\n"),
           "fibonacci", "fib(0..3), sleeping between, stopped while running");
}

static void check_hog(void)
{
    int ran = run_ok("hog", 0);
    /* 4 pages at a time while they fit: the quota left after the start. */
    unsigned expect = (unsigned)((r.plan.quota_bytes - r.plan.need_bytes) / (4 * MT_PAGE_SIZE)) * 4;
    report(ran && exited_ok() && r.heap_pages == expect && r.nlines == 1 &&
           has(r.lines[0].text, "not enough memory"),
           "hog", "heap pages up to its quota, then refused; exit 0");
}

static void check_panic(void)
{
    int ran = run_ok("panic", 0);
    report(ran && r.faulted && r.fault_label == MT_FAULT_VM && r.fault_mr[1] == 0 &&
           (r.fault_mr[2] & MT_VM_WRITE) && r.nlines == 1 && r.lines[0].level == MT_SDK_LOG_WARN,
           "panic", "a write fault at address 0 reaches its fault endpoint");
}

/* A bundle cut short is refused before anything is allocated. */
static void check_malformed(void)
{
    const struct mt_archive_entry *e = find("hello");
    int back = 0;
    int res = e ? run_app("hello", e->size - 8, 0, &back) : 0;
    report(res == -MT_BUNDLE_BAD_MAGIC && back && r.bytes_made == 0, "hello cut short",
           "refused (bad magic), nothing allocated");
}

static void run_checks(void)
{
    check_hello();
    check_logtest();
    check_keyval();
    check_timer();
    check_fibonacci();
    check_hog();
    check_panic();
    check_malformed();
}

int main(const struct mt_bootinfo *boot)
{
    bi = boot;
    big_ut = largest_untyped(bi, RUN_UT_BITS);
    run_ut = bi->empty.start;
    mt_printf("# mote application test: bundles loaded through lib/bundle's plan\n1..%d\n",
              CHECK_COUNT);
    if (!big_ut || !bi->archive_bytes) {
        mt_printf("Bail out! no untyped or no archive\n");
        return 1;
    }
    run_checks();
    mt_printf("# %d of %d failed\n", failures, test_no);
    return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* kmem tests: hand-computed totals for the real capDL specs and for specs
 * written for the tests, every option, and every class of bad input.
 *
 * Sizes used in the comments (log2 bytes, libsel4's constants):
 *   aarch32 (arm11): TCB 9, endpoint 4, notification 4 (5 with MCS),
 *                    slot 4, page table 10, page directory 14, ASID pool 12
 *   aarch64: TCB 11, endpoint 4, notification 5, slot 5, all paging 12
 *   riscv64: TCB 10, endpoint 4, notification 5 (6 MCS), slot 5, PT 12,
 *            reply 5 (MCS)
 *   every architecture: sched context >= 7 (seL4 13.0's
 *            seL4_MinSchedContextBits; 12.x had 8 on 64-bit ones)
 *   x86_64:  TCB 11, slot 5, all paging 12, VCPU 14, IOMMU PT 12
 * mote's come from include/mote/objects.h and are used by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <mote/objects.h>

#include "kmem.h"

#define SPEC(f) KMEM_TEST_SPECS "/" f

static char tmpdir[64];

/* The real specs live outside the repository (KMEM_REAL_SPECS, from the
 * environment or the build); the tests of their totals are skipped, not
 * failed, where they are absent.  Everything else uses the specs in
 * tests/kmem/specs, written in the same dialects. */
static const char *real_dir = KMEM_REAL_SPECS;

static const char *REAL(const char *file)
{
    static char bufs[4][512];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof(bufs[0]), "%s/%s", real_dir, file);
    return b;
}

#define SKIP_WITHOUT_REAL_SPECS()                                              \
    do {                                                                       \
        if (access(REAL("camkes-adder-arm.cdl"), R_OK) != 0) {                 \
            printf("# %s skipped: no real specs in %s\n", __func__,       \
                   real_dir);                                                  \
            skip();                                                            \
        }                                                                      \
    } while (0)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

struct run {
    int rc;
    char *out, *err;
};

static struct run run_argv(int argc, char **argv)
{
    struct run r;
    size_t on, en;
    FILE *o = open_memstream(&r.out, &on);
    FILE *e = open_memstream(&r.err, &en);
    r.rc = kmem_main(argc, argv, o, e);
    fclose(o);
    fclose(e);
    return r;
}

/* kmem(arg, ..., NULL) */
static struct run kmem(const char *first, ...)
{
    char *argv[32] = { "kmem" };
    int argc = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    return run_argv(argc, argv);
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

static char *write_tmp(const char *name, const void *text, size_t len)
{
    char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
    sprintf(path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

static struct kmem_report account(const char *path, enum kmem_arch arch, int mcs,
                                  int split, const char *sizes)
{
    struct kmem_options o = { arch, mcs, split, sizes };
    struct kmem_report r;
    struct kmem_diag d = { stderr, 0 };
    assert_int_equal(kmem_account_file(path, &o, &r, &d), 0);
    return r;
}

static const struct kmem_row *row(const struct kmem_report *r, const char *name)
{
    const struct kmem_row *x = kmem_report_find(r, name);
    if (!x)
        fail_msg("no row '%s'", name);
    return x;
}

static uint64_t total(const struct kmem_report *r, const char *name)
{
    return row(r, name)->total;
}

#define B(bits) (1ull << (bits))

/* ------------------------------------------------------------------ */
/* The real specs                                                      */

/* adder: CAmkES "adder" example on arm11 (aarch32). */
#define ADDER_TOTAL   (3 * B(9)          /* 3 TCBs */                    \
                       + B(4 + 4)        /* adder_cnode, 4 bits */       \
                       + 4 * B(4)        /* 4 endpoints */               \
                       + 3 * B(12)       /* 3 IPC buffers */             \
                       + B(14)           /* page directory */            \
                       + 2 * B(10)       /* 2 page tables */             \
                       + 19 * B(16)      /* 19 64k group_bin frames */   \
                       + 4 * B(12)       /* 4 4k group_bin frames */     \
                       + 12 * B(12))     /* 3 threads x 4 stack pages */
#define CLIENT_TOTAL  (2 * B(9) + B(8) + 4 * B(4) + 2 * B(12) + B(14) \
                       + 2 * B(10) + 19 * B(16) + 8 * B(12))

static void test_real_adder(void **state)
{
    (void)state;
    SKIP_WITHOUT_REAL_SPECS();
    struct kmem_report r = account(REAL("camkes-adder-arm.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_AARCH32);
    assert_int_equal(ADDER_TOTAL, 1343296);
    assert_int_equal(total(&r, "adder"), ADDER_TOTAL);
    assert_int_equal(CLIENT_TOTAL, 1305920);
    assert_int_equal(total(&r, "client"), CLIENT_TOTAL);
    /* p_ep sits in both CNodes: its own row "p", one endpoint */
    assert_int_equal(total(&r, "p"), B(4));
    assert_true(row(&r, "p")->shared);
    /* s_data_0_obj is mapped by both: row "s", one 4k dataport frame */
    assert_int_equal(total(&r, "s"), B(12));
    assert_int_equal(row(&r, "s")->bytes[KK_DATAPORT], B(12));
    const struct kmem_row *a = row(&r, "adder");
    assert_int_equal(a->bytes[KK_CODE], 19 * B(16) + 4 * B(12));   /* RWX frames */
    assert_int_equal(a->count[KK_CODE], 23);
    assert_int_equal(a->bytes[KK_STACK], 12 * B(12));
    assert_int_equal(a->bytes[KK_IPCBUF], 3 * B(12));
    assert_int_equal(a->bytes[KK_PT], B(14) + 2 * B(10));
    /* untyped never counted: 9 place holders of 4,5,6,8,11,14,16,17,20
     * bits, and the root untypeds are containers of their children */
    const struct kmem_row *u = row(&r, "(unowned)");
    assert_int_equal(u->total, 0);
    assert_int_equal(u->count[KK_UNTYPED], 9);
    assert_int_equal(u->bytes[KK_UNTYPED], B(4) + B(5) + B(6) + B(8) + B(11) +
                     B(14) + B(16) + B(17) + B(20));
    assert_int_equal(r.total, ADDER_TOTAL + CLIENT_TOTAL + B(4) + B(12));
    kmem_report_free(&r);
}

/* example-arm: the grammar showcase; one thread (rm_tcb) with rm_cn and
 * rm_pd, everything its CSpace reaches, and the rest unowned. */
#define RM_TOTAL  (2 * B(9)              /* rm_tcb, g (reached via test[1]) */  \
                   + B(10 + 4)           /* rm_cn, 10 bits */                   \
                   + 3 * B(8 + 4)        /* test[0..2], 8 bits */               \
                   + B(4) + B(4)         /* control ep, timer notification */   \
                   + 2 * B(14)           /* rm_pd, linux_pd */                  \
                   + B(12)               /* rm_ap; 3 irqs and sgi1 cost 0 */    \
                   + 132 * B(12))        /* frame_nic1[64], nic2[64], nic3[4] */
#define UNOWNED_EX (3 * B(9)             /* x, a, b */                          \
                    + 3 * B(8 + 4)       /* test[3], test[4], cnode_booter */   \
                    + 6 * B(4)           /* y[0..4], z */                       \
                    + B(4))              /* nic1_notification */

static void test_real_example(void **state)
{
    (void)state;
    SKIP_WITHOUT_REAL_SPECS();
    struct kmem_report r = account(REAL("example-arm.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(RM_TOTAL, 607264);
    assert_int_equal(total(&r, "rm"), RM_TOTAL);
    assert_int_equal(total(&r, "(unowned)"), UNOWNED_EX);
    assert_int_equal(r.total, RM_TOTAL + UNOWNED_EX);
    const struct kmem_row *rm = row(&r, "rm");
    assert_int_equal(rm->count[KK_OTHER], 5);      /* rm_ap, irq_handler[3], sgi1 */
    assert_int_equal(rm->count[KK_CNODE], 4);
    /* untyped held: rm_ut_small[3..5,7..20,23,27..49] = 41 in rm_cn, and
     * 8 more rm_ut_small by the rm_ prefix (unreached, [0] is a container),
     * plus rm_ut_big[100] */
    assert_int_equal(rm->count[KK_UNTYPED], 49 + 100);
    assert_int_equal(rm->bytes[KK_UNTYPED], 49 * B(12) + 100 * B(20));
    kmem_report_free(&r);
}

/* hello-dump: a running arm11 system dumped; one thread. */
static void test_real_hello_dump(void **state)
{
    (void)state;
    SKIP_WITHOUT_REAL_SPECS();
    struct kmem_report r = account(REAL("hello-dump.cdl"), KA_NONE, 0, 0, NULL);
    uint64_t frames = 128 * B(20)   /* frame(1M) x 128 */
                      + 56 * B(12); /* frame(4k) x 56 */
    uint64_t expect = frames + B(9) /* TCB */ + B(12 + 4) /* 12-bit cnode */
                      + B(14) + B(10) /* pd, pt */ + B(12) /* asid pool */;
    assert_int_equal(expect, 134534656);
    assert_int_equal(total(&r, "tcb@0xf0031700"), expect);
    /* frame@0xf002f000 is the TCB's IPC buffer (slot 4), the rest data */
    assert_int_equal(row(&r, "tcb@0xf0031700")->count[KK_DATA], 183);
    assert_int_equal(row(&r, "tcb@0xf0031700")->count[KK_IPCBUF], 1);
    assert_int_equal(row(&r, "tcb@0xf0031700")->count[KK_UNTYPED], 46);
    assert_int_equal(r.total, expect);
    kmem_report_free(&r);
}

/* The real adder through the command line: the reference layout. */
static void test_real_outputs(void **state)
{
    (void)state;
    SKIP_WITHOUT_REAL_SPECS();
    struct run r = kmem(REAL("camkes-adder-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out,
        "adder                                        1311 KiB             1343296\n"
        "client                                       1275 KiB             1305920\n"
        "p                                               0 KiB                  16\n"
        "s                                               4 KiB                4096\n"
        "GRAND TOTAL                                  2591 KiB             2653328\n");
    assert_string_equal(r.err, "");
    run_free(&r);
}

/* ------------------------------------------------------------------ */
/* Specs written for the tests                                         */

/* camkes-echo-arm: CAmkES's dialect on arm11 (sizes as for the adder). */
#define ECHO_TOTAL   (3 * B(9)           /* 3 TCBs */                       \
                      + B(4 + 4)         /* echo_cnode, 4 bits */          \
                      + 2 * B(4)         /* fault and pre_init endpoints */ \
                      + B(4)             /* echo_timer_ntfn; the irq is 0 */ \
                      + 3 * B(12)        /* 3 IPC buffers */                \
                      + B(14) + 2 * B(10) /* page directory, 2 tables */    \
                      + 3 * B(16) + 2 * B(12) /* RWX group_bin frames */    \
                      + B(12)            /* frame_echo_group_bin_0005, RW */ \
                      + 6 * B(12))       /* 3 threads x 2 stack pages */
#define CALLER_TOTAL (2 * B(9) + B(5 + 4) + 2 * B(4) + 2 * B(12)            \
                      + B(14) + B(10) + 2 * B(16) + B(12) + 4 * B(12))

static void test_camkes_style(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("camkes-echo-arm.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_AARCH32);
    assert_int_equal(ECHO_TOTAL, 266032);
    assert_int_equal(total(&r, "echo"), ECHO_TOTAL);
    assert_int_equal(CALLER_TOTAL, 178720);
    assert_int_equal(total(&r, "caller"), CALLER_TOTAL);
    /* e_ep sits in both CNodes: its own row "e" */
    assert_int_equal(total(&r, "e"), B(4));
    assert_true(row(&r, "e")->shared);
    /* d_data_0_obj is mapped by both: row "d", one 4k dataport frame */
    assert_int_equal(total(&r, "d"), B(12));
    assert_int_equal(row(&r, "d")->bytes[KK_DATAPORT], B(12));
    const struct kmem_row *e = row(&r, "echo");
    assert_int_equal(e->bytes[KK_CODE], 3 * B(16) + 2 * B(12));
    assert_int_equal(e->count[KK_CODE], 5);
    assert_int_equal(e->bytes[KK_DATA], B(12));
    assert_int_equal(e->bytes[KK_STACK], 6 * B(12));
    assert_int_equal(e->bytes[KK_IPCBUF], 3 * B(12));
    assert_int_equal(e->bytes[KK_PT], B(14) + 2 * B(10));
    assert_int_equal(e->count[KK_OTHER], 1);      /* echo_timer_irq */
    assert_int_equal(row(&r, "caller")->count[KK_STACK], 4);
    /* the place holders: untyped, never counted; root untypeds are the
     * containers of their children */
    const struct kmem_row *u = row(&r, "(unowned)");
    assert_int_equal(u->total, 0);
    assert_int_equal(u->count[KK_UNTYPED], 3);
    assert_int_equal(u->bytes[KK_UNTYPED], B(4) + B(6) + B(12));
    assert_int_equal(r.total, ECHO_TOTAL + CALLER_TOTAL + B(4) + B(12));
    kmem_report_free(&r);
}

/* grammar-arm: the grammar at large; one thread with mgr_cn and mgr_pd. */
#define MGR_TOTAL  (2 * B(9)             /* mgr_tcb, w (reply cap in sub[1]) */ \
                    + B(6 + 4)           /* mgr_cn, 6 bits */                   \
                    + 3 * B(4 + 4)       /* sub[0..2], 4 bits */                \
                    + B(14)              /* mgr_pd */                           \
                    + B(12)              /* mgr_ap; irq_line[0], sgi0 cost 0 */ \
                    + B(4) + B(4)        /* req, tick */                        \
                    + 16 * B(12)         /* buf[], RW: data */                  \
                    + 2 * B(16))         /* dma[0..1], RX: code */
#define UNOWNED_GR (B(14)                /* spare_pd */                         \
                    + B(4)               /* lonely */                           \
                    + B(5 + 4)           /* boot_cn */                          \
                    + B(4 + 4)           /* sub[3] */                           \
                    + B(9)               /* deep/x */                           \
                    + 4 * B(4))          /* q[0..2], r */

static void test_grammar_spec(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("grammar-arm.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(MGR_TOTAL, 219936);
    assert_int_equal(total(&r, "mgr"), MGR_TOTAL);
    assert_int_equal(total(&r, "(unowned)"), UNOWNED_GR);
    assert_int_equal(r.total, MGR_TOTAL + UNOWNED_GR);
    const struct kmem_row *m = row(&r, "mgr");
    assert_int_equal(m->count[KK_OTHER], 3);     /* mgr_ap, irq_line[0], sgi0 */
    assert_int_equal(m->count[KK_CNODE], 4);
    assert_int_equal(m->bytes[KK_CODE], 2 * B(16));
    assert_int_equal(m->count[KK_DATA], 16);
    /* untyped held: mgr_ut_small[2..4, 6, 7] in mgr_cn, and [1], [5] by
     * the mgr_ prefix ([0] is a container, as are mgr_ut, inner,
     * helper_ut and deep) */
    assert_int_equal(m->count[KK_UNTYPED], 7);
    assert_int_equal(m->bytes[KK_UNTYPED], 7 * B(12));
    kmem_report_free(&r);
}

/* dump-arm: a kernel dump's dialect; one thread, named after its TCB. */
static void test_dump_style(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("dump-arm.cdl"), KA_NONE, 0, 0, NULL);
    uint64_t frames = 4 * B(20)     /* frame(1M) x 4, one mapped by the pd */
                      + 6 * B(12);  /* frame(4k) x 6 */
    uint64_t expect = frames + B(9) /* TCB */ + B(10 + 4) /* 10-bit cnode */
                      + B(14) + B(10) /* pd, pt */ + B(12) /* asid pool */;
    assert_int_equal(expect, 4257280);
    assert_int_equal(total(&r, "tcb@0xf0031700"), expect);
    /* frame@0xf002f000 is the TCB's IPC buffer (slot 4), the rest data */
    const struct kmem_row *t = row(&r, "tcb@0xf0031700");
    assert_int_equal(t->count[KK_DATA], 9);
    assert_int_equal(t->count[KK_IPCBUF], 1);
    assert_int_equal(t->count[KK_UNTYPED], 6);
    assert_int_equal(t->bytes[KK_UNTYPED], 2 * B(12) + B(14) + B(16) + 2 * B(20));
    assert_int_equal(r.total, expect);
    kmem_report_free(&r);
}

static void test_ia32_spec(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("ia32.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_IA32);
    const struct kmem_row *d = row(&r, "drv");
    assert_int_equal(d->bytes[KK_PT], 2 * B(12));       /* pd, pt */
    assert_int_equal(d->bytes[KK_DATA], B(22));          /* frame (4M), RW */
    assert_int_equal(d->bytes[KK_OTHER], B(12));         /* io_pt */
    assert_int_equal(d->count[KK_OTHER], 5);   /* + ports, ioapic, msi, device */
    assert_int_equal(d->total, B(11) + B(4 + 4) + 2 * B(12) + B(12) + B(12)
                                   + B(22) + B(12) + B(4));
    kmem_report_free(&r);
}

/* unbound: no thread holds a CSpace or VSpace cap, so no component comes
 * from the caps; the TCBs' name prefixes (alpha_, beta_) name the owners,
 * and the table says so. */
static void assert_json(const char *text);

static void test_owners_by_name(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("unbound.cdl"), KA_NONE, 0, 0, NULL);
    /* riscv64: TCB 2^10, slot 2^5, endpoint 2^4, pt and frames 2^12 */
    uint64_t alpha = B(10) + B(3 + 5) + 2 * B(12) + B(4);
    uint64_t beta = B(10) + B(2 + 5) + B(12) + B(12);
    assert_int_equal(total(&r, "alpha"), alpha);
    assert_true(row(&r, "alpha")->by_name);
    assert_int_equal(row(&r, "alpha")->bytes[KK_IPCBUF], B(12));
    assert_int_equal(total(&r, "beta"), beta);
    assert_true(row(&r, "beta")->by_name);
    assert_int_equal(row(&r, "beta")->bytes[KK_CODE], B(12));  /* mapped RWX */
    assert_int_equal(total(&r, "(unowned)"), B(4));            /* shared_ep */
    assert_false(row(&r, "(unowned)")->by_name);
    assert_int_equal(r.total, alpha + beta + B(4));
    kmem_report_free(&r);
    /* components found from caps are never marked */
    r = account(SPEC("camkes-echo-arm.cdl"), KA_NONE, 0, 0, NULL);
    for (size_t i = 0; i < r.nrows; i++)
        assert_false(r.rows[i].by_name);
    kmem_report_free(&r);
    struct run c = kmem(SPEC("unbound.cdl"), NULL);
    assert_int_equal(c.rc, 0);
    assert_string_equal(c.out,
        "alpha (by name)                                 9 KiB                9488\n"
        "beta (by name)                                  9 KiB                9344\n"
        "(unowned)                                       0 KiB                  16\n"
        "GRAND TOTAL                                    18 KiB               18848\n");
    run_free(&c);
    c = kmem("--json", SPEC("unbound.cdl"), NULL);
    assert_json(c.out);
    assert_non_null(strstr(c.out, "\"name\": \"alpha\""));
    assert_non_null(strstr(c.out, "}}, \"by_name\": true}"));
    run_free(&c);
}

/* The default output is the reference layout. */
static void test_default_layout(void **state)
{
    (void)state;
    struct run r = kmem(SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out,
        "caller                                        174 KiB              178720\n"
        "d                                               4 KiB                4096\n"
        "e                                               0 KiB                  16\n"
        "echo                                          259 KiB              266032\n"
        "GRAND TOTAL                                   438 KiB              448864\n");
    assert_string_equal(r.err, "");
    run_free(&r);
}

#define MOTE_PAGE B(MT_FRAME_4K_SIZE_BITS)
#define MOTE_UART  (B(MT_TCB_SIZE_BITS)                              \
                    + B(4 + MT_SLOT_SIZE_BITS)     /* 4-bit cnode */  \
                    + B(MT_VSPACE_SIZE_BITS)       /* root */         \
                    + 2 * B(MT_PAGE_TABLE_SIZE_BITS)                  \
                    + 5 * MOTE_PAGE  /* code, rodata, data, stack, ipcbuf */ \
                    + B(MT_NOTIFICATION_SIZE_BITS))  /* mmio not counted */
#define MOTE_SHELL (B(MT_TCB_SIZE_BITS) + B(5 + MT_SLOT_SIZE_BITS) \
                    + B(MT_VSPACE_SIZE_BITS) + 2 * B(MT_PAGE_TABLE_SIZE_BITS) \
                    + 5 * MOTE_PAGE) /* code x2, data, stack, ipcbuf */
#define MOTE_CONN  (B(MT_ENDPOINT_SIZE_BITS) + MOTE_PAGE)

static void test_mote_spec(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("mote-small.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_MOTE);          /* the "-- mote" line */
    assert_int_equal(total(&r, "uart"), MOTE_UART);
    assert_int_equal(total(&r, "shell"), MOTE_SHELL);
    assert_int_equal(total(&r, "uart_conn"), MOTE_CONN);
    const struct kmem_row *u = row(&r, "uart");
    assert_int_equal(u->bytes[KK_CODE], 2 * MOTE_PAGE);   /* code + rodata */
    assert_int_equal(u->bytes[KK_MMIO], MOTE_PAGE);       /* listed ... */
    assert_int_equal(u->bytes[KK_IPCBUF], MOTE_PAGE);
    assert_int_equal(row(&r, "uart_conn")->bytes[KK_DATAPORT], MOTE_PAGE);
    assert_int_equal(row(&r, "mm")->bytes[KK_UNTYPED], B(20));
    /* ... but device frames and untyped are not in the total */
    assert_int_equal(r.total, MOTE_UART + MOTE_SHELL + MOTE_CONN);
    kmem_report_free(&r);
}

/* mote's FPU context object: charged to its thread's component as
 * "other", at the size include/mote/objects.h gives; seL4 has none. */
static void test_mote_fpu_object(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("mote-fpu.cdl"), KA_NONE, 0, 0, NULL);
    const struct kmem_row *c = row(&r, "calc");
    assert_int_equal(c->bytes[KK_OTHER], B(MT_FPU_SIZE_BITS));
    assert_int_equal(r.total, B(MT_TCB_SIZE_BITS) + B(MT_FPU_SIZE_BITS) +
                              B(2 + MT_SLOT_SIZE_BITS) + B(MT_VSPACE_SIZE_BITS) +
                              2 * B(MT_PAGE_TABLE_SIZE_BITS) + 2 * MOTE_PAGE);
    kmem_report_free(&r);
    struct run x = kmem("--arch=riscv64", SPEC("mote-fpu.cdl"), NULL);
    assert_int_equal(x.rc, 1);
    assert_non_null(strstr(x.err, "fpu objects do not exist on riscv64"));
    run_free(&x);
}

static void test_mote_detect_by_names(void **state)
{
    (void)state;
    /* the same spec without its "-- mote" line: the names say mote */
    char *buf;
    size_t len;
    struct kmem_diag d = { stderr, 0 };
    assert_int_equal(kmem_read_file(SPEC("mote-small.cdl"), &buf, &len, &d), 0);
    assert_memory_equal(buf, "-- mote\n", 8);
    char *path = write_tmp("nocomment.cdl", buf + 8, len - 8);
    struct kmem_report r = account(path, KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_MOTE);
    assert_int_equal(r.total, MOTE_UART + MOTE_SHELL + MOTE_CONN);
    kmem_report_free(&r);
    /* one name off the convention, no comment: seL4's riscv64 sizes */
    char *other = malloc(len + 16);
    memcpy(other, buf + 8, len - 8);
    strcpy(other + len - 8, "objects { x = ep }\n");
    char *p2 = write_tmp("notmote.cdl", other, strlen(other));
    r = account(p2, KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_RISCV64);
    kmem_report_free(&r);
    free(other);
    free(p2);
    free(path);
    free(buf);
}

static void test_layout_spec(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("layout.cdl"), KA_NONE, 0, 0, NULL);
    assert_int_equal(r.arch, KA_AARCH64);
    uint64_t app = B(11)            /* TCB */
                   + B(3 + 5)       /* cnode(3 bits) */
                   + 4 * B(12)      /* pgd, pud, pd, pt */
                   + B(21)          /* frame(2M), mapped RWX: code */
                   + 2 * B(12)      /* app_frames[0..1], RX: code */
                   + B(12)          /* app_frames[2], the IPC buffer */
                   + B(4) + B(5)    /* ep, notification */
                   + B(12);         /* asid_pool; irq 0; app_dev is mmio */
    assert_int_equal(total(&r, "app"), app);
    const struct kmem_row *a = row(&r, "app");
    assert_int_equal(a->bytes[KK_CODE], B(21) + 2 * B(12));
    assert_int_equal(a->bytes[KK_IPCBUF], B(12));
    assert_int_equal(a->bytes[KK_MMIO], B(12));
    assert_int_equal(a->count[KK_PT], 4);
    /* free_frame lies in an untyped nobody holds */
    assert_int_equal(total(&r, "(unowned)"), B(12));
    assert_int_equal(r.total, app + B(12));
    kmem_report_free(&r);
}

static void test_x86_spec(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("x86.cdl"), KA_NONE, 0, 0, NULL);
    const struct kmem_row *v = row(&r, "vm");
    assert_int_equal(v->bytes[KK_PT], 4 * B(12));  /* pml4, pdpt, pd, pt */
    assert_int_equal(v->bytes[KK_OTHER], B(14) + B(12)); /* vcpu, io_pt */
    assert_int_equal(v->count[KK_OTHER], 6);   /* + ports, ioapic, msi, device */
    assert_int_equal(v->bytes[KK_DATA], B(21)); /* huge frame, RW */
    assert_int_equal(v->total, B(11) + B(6 + 5) + 4 * B(12) + B(12) + B(21)
                                   + B(14) + B(12));
    kmem_report_free(&r);
}

/* Shared objects: own rows, or divided with --split-shared. */
static void test_shared_rows(void **state)
{
    (void)state;
    struct kmem_report r = account(SPEC("shared.cdl"), KA_NONE, 0, 0, NULL);
    uint64_t base = B(10) + B(2 + 5) + B(12) + B(12); /* TCB, cnode, pd, frame */
    assert_int_equal(total(&r, "a"), base);
    assert_int_equal(total(&r, "b"), base);
    assert_int_equal(total(&r, "c"), base + B(4));   /* + c_spare_ep by prefix */
    assert_int_equal(total(&r, "conn"), B(12));       /* conn_data_0_obj */
    assert_int_equal(total(&r, "ab"), B(4));          /* ab_ep */
    assert_int_equal(total(&r, "b+c"), B(5));         /* "mystery": no connection name */
    assert_int_equal(row(&r, "a")->bytes[KK_CODE], B(12));  /* a_frame is RWX */
    assert_int_equal(row(&r, "b")->bytes[KK_DATA], B(12));
    kmem_report_free(&r);

    r = account(SPEC("shared.cdl"), KA_NONE, 0, 1, NULL);
    assert_null(kmem_report_find(&r, "conn"));
    assert_null(kmem_report_find(&r, "ab"));
    assert_null(kmem_report_find(&r, "b+c"));
    /* 4096 / 3 = 1365 rest 1 (to a, the first); 16 / 2; 32 / 2 */
    assert_int_equal(total(&r, "a"), base + 1366 + 8);
    assert_int_equal(total(&r, "b"), base + 1365 + 8 + 16);
    assert_int_equal(total(&r, "c"), base + B(4) + 1365 + 16);
    assert_int_equal(r.total, 3 * base + B(4) + B(12) + B(4) + B(5));
    kmem_report_free(&r);
}

static void test_split_shared_cli_mote(void **state)
{
    (void)state;
    struct run r = kmem("--split-shared", "--csv", SPEC("mote-small.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    /* uart_conn's endpoint and page halve: 8 + 2048 each */
    char line[256];
    snprintf(line, sizeof(line), "shell,%llu,",
             (unsigned long long)(MOTE_SHELL + MOTE_CONN / 2));
    assert_non_null(strstr(r.out, line));
    snprintf(line, sizeof(line), "uart,%llu,",
             (unsigned long long)(MOTE_UART + MOTE_CONN / 2));
    assert_non_null(strstr(r.out, line));
    assert_null(strstr(r.out, "uart_conn"));
    run_free(&r);
}

/* ------------------------------------------------------------------ */
/* Options                                                             */

static void test_arch_option(void **state)
{
    (void)state;
    /* mcs.cdl: TCB, 2-bit cnode, pt, sc, sc(10 bits), reply, notification */
    struct { enum kmem_arch a; uint64_t expect; } cases[] = {
        { KA_NONE,    B(10) + B(2 + 5) + B(12) + B(7) + B(10) + B(5) + B(6) },
        { KA_RISCV32, B(9) + B(2 + 4) + B(12) + B(7) + B(10) + B(4) + B(5) },
        { KA_AARCH32, B(9) + B(2 + 4) + B(10) + B(7) + B(10) + B(4) + B(5) },
        { KA_AARCH64, B(11) + B(2 + 5) + B(12) + B(7) + B(10) + B(5) + B(6) },
        { KA_IA32,    B(11) + B(2 + 4) + B(12) + B(7) + B(10) + B(4) + B(5) },
        { KA_X86_64,  B(11) + B(2 + 5) + B(12) + B(7) + B(10) + B(5) + B(6) },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct kmem_report r = account(SPEC("mcs.cdl"), cases[i].a, 0, 0, NULL);
        assert_true(r.sizes.mcs);            /* sc and rtreply imply MCS */
        assert_int_equal(total(&r, "srv"), cases[i].expect);
        kmem_report_free(&r);
    }
    assert_int_equal(B(10) + B(2 + 5) + B(12) + B(7) + B(10) + B(5) + B(6), 6496);
    /* through the command line */
    struct run r = kmem("--arch", "riscv32", SPEC("mcs.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "srv                                             5 KiB                5872\n"));
    run_free(&r);
    /* --arch mote on a spec with mote names and arch riscv64 */
    r = kmem("--arch=mote", "--json", SPEC("mote-small.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "\"arch\": \"mote\""));
    run_free(&r);
    /* seL4 riscv64 sizes for the mote spec when asked */
    struct kmem_report rr = account(SPEC("mote-small.cdl"), KA_RISCV64, 0, 0, NULL);
    assert_int_equal(total(&rr, "uart_conn"), B(4) + B(12));
    assert_int_equal(row(&rr, "uart")->bytes[KK_TCB], B(10));
    kmem_report_free(&rr);
}

static void test_mcs_option(void **state)
{
    (void)state;
    /* grammar-arm with MCS: notifications grow from 2^4 to 2^5 (tick for
     * mgr; lonely for nobody) */
    struct kmem_report r = account(SPEC("grammar-arm.cdl"), KA_NONE, 1, 0, NULL);
    assert_true(r.sizes.mcs);
    assert_int_equal(total(&r, "mgr"), MGR_TOTAL + (B(5) - B(4)));
    assert_int_equal(total(&r, "(unowned)"), UNOWNED_GR + (B(5) - B(4)));
    kmem_report_free(&r);
    assert_int_equal(MGR_TOTAL + UNOWNED_GR + 2 * (B(5) - B(4)), 237712);
    struct run c = kmem("--mcs", SPEC("grammar-arm.cdl"), NULL);
    assert_int_equal(c.rc, 0);
    assert_non_null(strstr(c.out, "GRAND TOTAL                                   232 KiB              237712\n"));
    run_free(&c);
}

static void test_sizes_option(void **state)
{
    (void)state;
    /* echo with TCBs of 2^10 and endpoints of 2^5 */
    struct kmem_report r = account(SPEC("camkes-echo-arm.cdl"), KA_NONE, 0, 0,
                                   SPEC("big-tcb.sizes"));
    assert_int_equal(total(&r, "echo"), ECHO_TOTAL + 3 * (B(10) - B(9)) +
                                            2 * (B(5) - B(4)));
    assert_int_equal(total(&r, "e"), B(5));
    kmem_report_free(&r);
    struct run c = kmem("--sizes", SPEC("big-tcb.sizes"), "--csv",
                        SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(c.rc, 0);
    assert_non_null(strstr(c.out, "e,32,"));
    run_free(&c);
}

static void test_details_option(void **state)
{
    (void)state;
    struct run r = kmem("--details", SPEC("mote-small.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    char expect[256];
    snprintf(expect, sizeof(expect), "    mmio (1, not in total)%*s%llu KiB%20llu\n",
             40 - 26 + 9 - 1, "", (unsigned long long)(MOTE_PAGE / 1024),
             (unsigned long long)MOTE_PAGE);
    assert_non_null(strstr(r.out, expect));
    assert_non_null(strstr(r.out, "    code (2)                                    8 KiB                8192\n"));
    assert_non_null(strstr(r.out, "    untyped (1, not in total)                1024 KiB             1048576\n"));
    run_free(&r);
    r = kmem("--details", SPEC("camkes-echo-arm.cdl"), NULL);
    assert_non_null(strstr(r.out,
        "echo                                          259 KiB              266032\n"
        "    code (5)                                  200 KiB              204800\n"
        "    data (1)                                    4 KiB                4096\n"
        "    stack (6)                                  24 KiB               24576\n"
        "    ipc_buffer (3)                             12 KiB               12288\n"
        "    tcb (3)                                     1 KiB                1536\n"
        "    cnode (1)                                   0 KiB                 256\n"
        "    endpoint (2)                                0 KiB                  32\n"
        "    notification (1)                            0 KiB                  16\n"
        "    page_table (3)                             18 KiB               18432\n"
        "    other (1)                                   0 KiB                   0\n"));
    run_free(&r);
}

/* A small JSON checker: values, objects, arrays, strings, numbers. */
static const char *json_value(const char *p);
static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}
static const char *json_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    while (*p && *p != '"')
        p += *p == '\\' ? 2 : 1;
    return *p == '"' ? p + 1 : NULL;
}
static const char *json_value(const char *p)
{
    p = json_ws(p);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        p = json_ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (close == '}') {
                p = json_string(json_ws(p));
                if (!p)
                    return NULL;
                p = json_ws(p);
                if (*p++ != ':')
                    return NULL;
            }
            p = json_value(p);
            if (!p)
                return NULL;
            p = json_ws(p);
            if (*p == close)
                return p + 1;
            if (*p++ != ',')
                return NULL;
        }
    }
    if (*p == '"')
        return json_string(p);
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
        return p + 4;
    if (strncmp(p, "false", 5) == 0)
        return p + 5;
    const char *s = p;
    if (*p == '-')
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > s ? p : NULL;
}
static void assert_json(const char *text)
{
    const char *end = json_value(text);
    assert_non_null(end);
    assert_string_equal(json_ws(end), "");
}

static void test_json_option(void **state)
{
    (void)state;
    struct run r = kmem("--json", SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    assert_json(r.out);
    assert_non_null(strstr(r.out, "\"arch\": \"aarch32\""));
    assert_non_null(strstr(r.out, "\"tcb\": 9"));
    assert_non_null(strstr(r.out, "{\"name\": \"echo\", \"shared\": false, \"unowned\": false, "
                                  "\"bytes\": 266032, \"kib\": 259, \"kinds\": {\"code\": "
                                  "{\"count\": 5, \"bytes\": 204800, \"counted\": true}"));
    assert_non_null(strstr(r.out, "{\"name\": \"e\", \"shared\": true"));
    assert_non_null(strstr(r.out, "\"untyped\": {\"count\": 3, \"bytes\": 4176, \"counted\": false}"));
    assert_non_null(strstr(r.out, "\"total\": 448864,"));
    run_free(&r);
}

static void test_csv_option(void **state)
{
    (void)state;
    struct run r = kmem("--csv", SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    /* the sums of ECHO_TOTAL and CALLER_TOTAL's terms by kind */
    assert_string_equal(r.out,
        "component,total_bytes,code,data,stack,ipc_buffer,dataport,mmio,tcb,cnode,"
        "endpoint,notification,page_table,other,untyped\n"
        "caller,178720,131072,4096,16384,8192,0,0,1024,512,32,0,17408,0,0\n"
        "d,4096,0,0,0,0,4096,0,0,0,0,0,0,0,0\n"
        "e,16,0,0,0,0,0,0,0,0,16,0,0,0,0\n"
        "echo,266032,204800,4096,24576,12288,0,0,1536,256,32,16,18432,0,0\n"
        "(unowned),0,0,0,0,0,0,0,0,0,0,0,0,0,4176\n"
        "GRAND TOTAL,448864,335872,8192,40960,20480,4096,0,2560,768,80,16,35840,0,4176\n");
    run_free(&r);
    /* the real adder, where present */
    if (access(REAL("camkes-adder-arm.cdl"), R_OK) != 0)
        return;
    r = kmem("--csv", REAL("camkes-adder-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out,
        "component,total_bytes,code,data,stack,ipc_buffer,dataport,mmio,tcb,cnode,"
        "endpoint,notification,page_table,other,untyped\n"
        "adder,1343296,1261568,0,49152,12288,0,0,1536,256,64,0,18432,0,0\n"
        "client,1305920,1245184,0,32768,8192,0,0,1024,256,64,0,18432,0,0\n"
        "p,16,0,0,0,0,0,0,0,0,16,0,0,0,0\n"
        "s,4096,0,0,0,0,4096,0,0,0,0,0,0,0,0\n"
        "(unowned),0,0,0,0,0,0,0,0,0,0,0,0,0,1263984\n"
        "GRAND TOTAL,2653328,2506752,0,81920,20480,4096,0,2560,512,144,0,36864,0,1263984\n");
    run_free(&r);
}

static size_t count_of(const char *s, const char *sub)
{
    size_t n = 0;
    for (const char *p = strstr(s, sub); p; p = strstr(p + 1, sub))
        n++;
    return n;
}

static char *read_svg(const char *path)
{
    char *svg;
    size_t len;
    struct kmem_diag d = { stderr, 0 };
    assert_int_equal(kmem_read_file(path, &svg, &len, &d), 0);
    svg = realloc(svg, len + 1);
    svg[len] = 0;
    assert_memory_equal(svg, "<svg ", 5);
    assert_string_equal(svg + len - 7, "</svg>\n");
    return svg;
}

/* The width of the bar segment whose tooltip is title. */
static double segment_width(const char *svg, const char *title)
{
    const char *t = strstr(svg, title);
    assert_non_null(t);
    const char *w = t;
    while (w > svg && strncmp(w, "width=\"", 7) != 0)
        w--;
    return atof(w + 7);
}

static void test_svg_option(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof(path), "%s/echo.svg", tmpdir);
    struct run r = kmem("--svg", path, SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    /* the table still goes to stdout */
    assert_non_null(strstr(r.out, "GRAND TOTAL"));
    char *svg = read_svg(path);
    /* bars: caller 8 kinds + d 1 + e 1 + echo 9 = 19 segments, each with a
     * tooltip; legend: 10 kinds in use; 1 background */
    assert_int_equal(count_of(svg, "<title>"), 19);
    assert_int_equal(count_of(svg, "<rect"), 19 + 10 + 1);
    assert_non_null(strstr(svg, "<title>echo code: 200 KiB (204800 bytes)</title>"));
    assert_non_null(strstr(svg, ">caller</text>"));
    assert_non_null(strstr(svg, ">259 KiB</text>"));
    /* e is 16 bytes: labelled so, not "0 KiB" */
    assert_non_null(strstr(svg, ">16 B</text>"));
    assert_null(strstr(svg, ">0 KiB<"));
    assert_non_null(strstr(svg, "GRAND TOTAL 438 KiB"));
    free(svg);
    run_free(&r);
}

/* A 128 MiB CNode beside rows of 16 bytes to 9 KiB: a logarithmic axis
 * keeps every row visible, and sizes are in MiB, KiB or B as they fit. */
static void test_svg_scale(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof(path), "%s/dwarf.svg", tmpdir);
    struct run r = kmem("--svg", path, SPEC("dwarf.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    char *svg = read_svg(path);
    assert_non_null(strstr(svg, "logarithmic scale"));
    assert_non_null(strstr(svg, ">128 MiB</text>"));     /* big: 134222848 B */
    assert_non_null(strstr(svg, ">9.1 KiB</text>"));     /* small: 9344 B */
    assert_non_null(strstr(svg, ">16 B</text>"));        /* x_ep */
    assert_null(strstr(svg, "0 KiB<"));
    assert_null(strstr(svg, "000 KiB"));                 /* no 131072 KiB */
    /* the 16-byte row and the big CNode: both bars of the 560-pixel axis
     * visible, the small one at least a 32nd of it */
    assert_true(segment_width(svg, "<title>x endpoint: 16 B (16 bytes)</title>") >= 560.0 / 32);
    assert_true(segment_width(svg, "<title>big cnode: 128 MiB") > 500);
    free(svg);
    run_free(&r);
    /* one row: a linear axis in binary units */
    snprintf(path, sizeof(path), "%s/x86.svg", tmpdir);
    r = kmem("--svg", path, SPEC("x86.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    svg = read_svg(path);
    assert_null(strstr(svg, "logarithmic"));
    assert_non_null(strstr(svg, ">512 KiB</text>"));
    assert_non_null(strstr(svg, ">1.5 MiB</text>"));
    free(svg);
    run_free(&r);
}

static void test_diff_option(void **state)
{
    (void)state;
    /* new: a's cnode grows, b and s go, d appears */
    const char *old_spec =
        "arch riscv\nobjects {\n a_tcb = tcb\n a_cnode = cnode (2 bits)\n"
        " s_data = frame (4k)\n b_tcb = tcb\n b_cnode = cnode (2 bits)\n}\n"
        "caps {\n a_tcb { cspace: a_cnode }\n b_tcb { cspace: b_cnode }\n"
        " a_cnode { 1: s_data }\n b_cnode { 1: s_data }\n}\n";
    const char *new_spec =
        "arch riscv\nobjects {\n a_tcb = tcb\n a_cnode = cnode (3 bits)\n"
        " d_tcb = tcb\n d_cnode = cnode (2 bits)\n}\n"
        "caps {\n a_tcb { cspace: a_cnode }\n d_tcb { cspace: d_cnode }\n}\n";
    char *o = write_tmp("old.cdl", old_spec, strlen(old_spec));
    char *n = write_tmp("new.cdl", new_spec, strlen(new_spec));
    struct run r = kmem("--diff", o, n, NULL);
    assert_int_equal(r.rc, 0);
    /* a: 1024 + 2^(2+5) = 1152 -> 1024 + 2^(3+5) = 1280 (+128);
     * b: 1152 -> 0; d: 0 -> 1152; s (s_data, shared by a and b): 4096 -> 0;
     * totals 1152 + 1152 + 4096 = 6400 -> 1280 + 1152 = 2432 */
    assert_string_equal(r.out,
        "component                                    old bytes     new bytes          delta\n"
        "a                                                 1152          1280           +128\n"
        "b                                                 1152             0          -1152\n"
        "d                                                    0          1152          +1152\n"
        "s                                                 4096             0          -4096\n"
        "GRAND TOTAL                                       6400          2432          -3968\n");
    run_free(&r);
    r = kmem("--diff", "--csv", o, n, NULL);
    assert_string_equal(r.out, "component,old_bytes,new_bytes,delta_bytes\n"
                               "a,1152,1280,128\nb,1152,0,-1152\nd,0,1152,1152\n"
                               "s,4096,0,-4096\nGRAND TOTAL,6400,2432,-3968\n");
    run_free(&r);
    r = kmem("--json", "--diff", o, n, NULL);
    assert_json(r.out);
    assert_non_null(strstr(r.out, "{\"name\": \"b\", \"old\": 1152, \"new\": 0, \"delta\": -1152}"));
    assert_non_null(strstr(r.out, "\"total\": {\"old\": 6400, \"new\": 2432, \"delta\": -3968}"));
    run_free(&r);
    /* a broken NEW spec fails the diff */
    const char *bad = "arch riscv\nobjects { x = }\n";
    char *b = write_tmp("bad.cdl", bad, strlen(bad));
    r = kmem("--diff", o, b, NULL);
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.err, "bad.cdl:2:15: error: expected an object type, found '}'"));
    run_free(&r);
    free(o);
    free(n);
    free(b);
}

/* ------------------------------------------------------------------ */
/* ELF                                                                 */

struct sec {
    uint32_t type;
    uint64_t flags, size;
};

/* An ELF file with a null section and the given ones; no contents are
 * needed, only the headers. */
static size_t make_elf(unsigned char *buf, int is64, int be, const struct sec *s,
                       int n)
{
    size_t eh = is64 ? 64 : 52, sh = is64 ? 64 : 40;
    memset(buf, 0, eh + sh * (size_t)(n + 1));
#define PUT(off, val, width)                                                   \
    for (int k_ = 0; k_ < (width); k_++)                                       \
        buf[(off) + (be ? (width) - 1 - k_ : k_)] = (unsigned char)((uint64_t)(val) >> (8 * k_))
    memcpy(buf, "\177ELF", 4);
    buf[4] = is64 ? 2 : 1;
    buf[5] = be ? 2 : 1;
    buf[6] = 1;
    if (is64) {
        PUT(40, eh, 8);
        PUT(58, sh, 2);
        PUT(60, n + 1, 2);
    } else {
        PUT(32, eh, 4);
        PUT(46, sh, 2);
        PUT(48, n + 1, 2);
    }
    for (int i = 0; i < n; i++) {
        size_t h = eh + sh * (size_t)(i + 1);
        PUT(h + 4, s[i].type, 4);
        if (is64) {
            PUT(h + 8, s[i].flags, 8);
            PUT(h + 32, s[i].size, 8);
        } else {
            PUT(h + 8, s[i].flags, 4);
            PUT(h + 20, s[i].size, 4);
        }
    }
#undef PUT
    return eh + sh * (size_t)(n + 1);
}

static void test_elf_option(void **state)
{
    (void)state;
    /* PROGBITS=1, NOBITS=8; flags W=1, A=2, X=4 */
    const struct sec secs[] = {
        { 1, 2 | 4, 0x1234 },   /* .text */
        { 1, 2, 0x100 },        /* .rodata */
        { 1, 2, 0x20 },         /* .eh_frame: read-only too */
        { 1, 2 | 1, 0x40 },     /* .data */
        { 8, 2 | 1, 0x2000 },   /* .bss */
        { 1, 0, 0x999 },        /* .comment: not allocated */
    };
    unsigned char buf[1024];
    size_t n64 = make_elf(buf, 1, 0, secs, 6);
    char *a = write_tmp("uart_driver.elf", buf, n64);
    size_t n32 = make_elf(buf, 0, 1, secs, 6);   /* ELF32, big-endian */
    char *b = write_tmp("timer", buf, n32);
    struct run r = kmem("--elf", a, b, NULL);
    assert_int_equal(r.rc, 0);
    /* text 0x1234 = 4660; rodata 0x120 = 288; data 0x40 = 64;
     * bss 0x2000 = 8192; total 13204 */
    assert_string_equal(r.out,
        "image                                   text      rodata        data         bss       total\n"
        "uart_driver                             4660         288          64        8192       13204\n"
        "timer                                   4660         288          64        8192       13204\n"
        "TOTAL                                   9320         576         128       16384       26408\n");
    run_free(&r);
    r = kmem("--elf", "--csv", a, NULL);
    assert_string_equal(r.out, "image,text,rodata,data,bss,total\n"
                               "uart_driver,4660,288,64,8192,13204\n"
                               "TOTAL,4660,288,64,8192,13204\n");
    run_free(&r);
    r = kmem("--json", "--elf", b, NULL);
    assert_json(r.out);
    assert_non_null(strstr(r.out, "{\"image\": \"timer\", \"text\": 4660, \"rodata\": 288, "
                                  "\"data\": 64, \"bss\": 8192, \"total\": 13204}"));
    run_free(&r);
    free(a);
    free(b);
}

static void test_elf_segments_and_errors(void **state)
{
    (void)state;
    /* no section headers: PT_LOAD segments R+X (text), RW with bss */
    unsigned char buf[256] = { 0 };
    memcpy(buf, "\177ELF", 4);
    buf[4] = 2;
    buf[5] = 1;
    buf[32] = 64;            /* e_phoff */
    buf[54] = 56;            /* e_phentsize */
    buf[56] = 2;             /* e_phnum */
    unsigned char *ph = buf + 64;
    ph[0] = 1; ph[4] = 5;    /* PT_LOAD, R+X */
    ph[32] = 0x10; ph[33] = 0x01;  /* filesz 0x110 */
    ph[40] = 0x10; ph[41] = 0x01;  /* memsz 0x110 */
    ph += 56;
    ph[0] = 1; ph[4] = 6;    /* PT_LOAD, R+W */
    ph[32] = 0x30;           /* filesz 0x30 */
    ph[40] = 0x30; ph[41] = 0x10;  /* memsz 0x1030: 0x1000 of bss */
    struct kmem_elf_sizes es;
    struct kmem_diag d = { NULL, 0 };
    assert_int_equal(kmem_elf_sections("x", buf, 64 + 2 * 56, &es, &d), 0);
    assert_int_equal(es.text, 0x110);
    assert_int_equal(es.data, 0x30);
    assert_int_equal(es.bss, 0x1000);
    assert_int_equal(es.rodata, 0);
    /* truncated program headers */
    assert_int_equal(kmem_elf_sections("x", buf, 100, &es, &d), -1);
    /* not ELF */
    char *p = write_tmp("notelf.elf", "hello, world, this is not an ELF file at all..........", 56);
    struct run r = kmem("--elf", p, NULL);
    assert_int_equal(r.rc, 1);
    char expect[160];
    snprintf(expect, sizeof(expect), "%s: error: not an ELF file\n", p);
    assert_string_equal(r.err, expect);
    run_free(&r);
    /* section headers past the end */
    const struct sec one = { 1, 6, 8 };
    size_t n = make_elf(buf, 1, 0, &one, 1);
    buf[40] = 0xf0;
    assert_int_equal(kmem_elf_sections("x", buf, n, &es, &d), -1);
    free(p);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                           */

struct bad {
    const char *spec;
    const char *error;     /* expected stderr, after "t.cdl:" */
};

static const struct bad bad_specs[] = {
    { "arch arm11\n/* never closed", "2:1: error: unterminated comment\n" },
    { "arch arm11\nobjects {\n  x = blob\n}\n", "3:7: error: unknown object type 'blob'\n" },
    { "arch arm11\nobjects { x tcb }\n", "2:13: error: expected '=', found 'tcb'\n" },
    { "arch arm11\nobjects { x = tcb }\ncaps { x { 1: nope } }\n",
      "3:15: error: unknown object 'nope'\n" },
    { "arch arm11\nobjects {\n x = tcb\n x = ep\n}\n",
      "4:2: error: 'x' is declared twice (first on line 3)\n" },
    { "arch arm11\nobjects { f = frame }\n", "2:11: error: frame 'f' has no size, such as (4k)\n" },
    { "arch arm11\nobjects { f = frame (3k) }\n", "2:22: error: frame size must be a power of two\n" },
    { "arch riscv\nobjects { f = frame (64k) }\n",
      "2:11: error: frames of 64k do not exist on riscv64\n" },
    { "arch pdp11\n", "1:6: error: unknown architecture 'pdp11'\n" },
    { "objects { x = tcb }\n", "1:1: error: no 'arch' line; give one with --arch\n" },
    { "arch arm11\nobjects { x[99999999999999999999999] = ep }\n",
      "2:13: error: number does not fit in 64 bits\n" },
    { "arch arm11\nobjects { x = tcb\n",
      "3:1: error: expected an object declaration or '}', found end of file\n" },
    { "arch arm11\nobjects { x = tcb }\ncaps { x { foo: x } }\n",
      "3:12: error: unknown slot name 'foo'\n" },
    { "arch arm11\nobjects { x[2] = ep\n c = cnode (2 bits) }\ncaps { c { 1: x[5..] } }\n",
      "4:15: error: index 5 is past the end of 'x'\n" },
    { "arch arm11\nobjects { y = ep\n c = cnode (2 bits) }\ncaps { c { 1: y[] } }\n",
      "4:15: error: 'y' is not an array\n" },
    { "arch arm11\nobjects { c = cnode (2 bits) }\ncaps { c { 1: <nothere> } }\n",
      "3:16: error: unknown capability name 'nothere'\n" },
    { "arch riscv\nobjects { p = pd }\n", "2:11: error: pd objects do not exist on riscv64\n" },
    { "-- mote\narch riscv\nobjects { a__sc__x = sc }\n",
      "3:11: error: sc objects do not exist on mote\n" },
    { "arch arm11 $\n", "1:12: error: unexpected character '$'\n" },
    { "arch arm11\nobjects { c = cnode }\n", "2:11: error: cnode 'c' has no size, such as (4 bits)\n" },
    { "arch arm11\n\x01", "2:1: error: unexpected byte 0x01\n" },
    { "arch arm11\nobjects { f = frame (4k, fill: [{0 \"x}]) }\n",
      "2:36: error: unterminated string\n" },
    { "arch arm11\nobjects { x = tcb { y } }\n",
      "2:19: error: only an untyped (ut) can cover other objects\n" },
    { "arch arm11\nobjects { u = ut (2 bits) }\n",
      "2:11: error: untyped of 2 bits is outside 4..29 on aarch32\n" },
    { "arch arm11\nobjects { x = ut }\nwhat { }\n",
      "3:1: error: expected 'arch', 'objects', 'caps', 'irq maps', 'cdt' or 'domains', "
      "found 'what'\n" },
    { "arch arm11\narch arm11\n", "2:1: error: a second 'arch' line\n" },
    { "arch arm11\nobjects { x = ep }\ncaps { x { 1: x (R W) } }\n",
      "3:20: error: expected ',', found 'W'\n" },
    { "arch arm11\nobjects { x = tcb }\n caps { x = (x, 0)\n y { } }\n",
      "4:2: error: unknown object 'y'\n" },
    { "arch arm11\nobjects { x = tcb\n x = ut }\n",
      "3:2: error: 'x' was declared as tcb on line 2, not as ut\n" },
    { "arch arm11\nobjects { a/b = ep\n a = tcb }\n",
      "3:2: error: 'a' was used as an untyped container on line 2 and cannot be a tcb\n" },
    { "arch arm11\nobjects { x[0] = ep }\n", "2:11: error: array 'x' has no elements\n" },
    { "arch arm11\nobjects { x[99999999999] = ep }\n", "2:11: error: array 'x' is too large\n" },
    { "arch arm11\nobjects { c = cnode (2 bits) }\ncaps { c { 1: irq_control 2: <x> } }\n",
      "3:31: error: unknown capability name 'x'\n" },
    { "arch arm11\nobjects { c = cnode (2 bits) }\ncaps { n = (zz, 1)\n c { 1: <n> } }\n",
      "4:10: error: capability name 'n' refers to an unknown object\n" },
    { "arch arm11\nobjects { c = cnode (2 bits) }\ncaps { n = (c, 9)\n c { 1: <n> } }\n",
      "4:10: error: capability name 'n' names an empty slot\n" },
    { "arch arm11\ncdt { (nobody, 1) { } }\n", "2:8: error: unknown object 'nobody'\n" },
    { "arch arm11\nirq maps { 1: nobody }\n", "2:15: error: unknown object 'nobody'\n" },
    { "arch arm11\nobjects { c = cnode (2 bits) }\ncaps { c { 1: 0x } }\n",
      "3:15: error: number has no digits after its prefix\n" },
    { "arch arm11\nobjects { c = cnode (2 bits) }\ncaps { c { 1: c ) } }\n",
      "3:17: error: expected a capability, found ')'\n" },
    { "arch arm11\ndomains { schedule: [(0, 10) }\n", "2:30: error: unbalanced '}'\n" },
    /* arrays and ranges: memory and time stay proportional to the spec */
    { "arch arm11\nobjects { x[67108864] = ep }\n",
      "2:11: error: array 'x' makes more than 1049216 objects, too many for a spec of "
      "40 bytes\n" },
    { "arch arm11\nobjects { x[600000] = ep\n y[600000] = ep }\n",
      "3:2: error: array 'y' makes more than 1049440 objects, too many for a spec of "
      "54 bytes\n" },
    { "arch arm11\nobjects { x[500000] = ep\n c[500000] = cnode (2 bits) }\n"
      "caps { c[] { 0: x[] } }\n",
      "4:17: error: ranges and capabilities name more than 4200064 objects, too many for a "
      "spec of 90 bytes\n" },
    { "arch arm11\nobjects { u[400000] = ut\n u[0..399999, 0..399999, 0..399999, 0..399999, "
      "0..399999, 0..399999, 0..399999, 0..399999, 0..399999, 0..399999, 0..399999] = ut }\n",
      "3:2: error: ranges and capabilities name more than 4204992 objects, too many for a "
      "spec of 167 bytes\n" },
};

static void test_bad_specs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_specs) / sizeof(*bad_specs); i++) {
        char *path = write_tmp("t.cdl", bad_specs[i].spec, strlen(bad_specs[i].spec));
        struct run r = kmem(path, NULL);
        char expect[512];
        snprintf(expect, sizeof(expect), "%s:%s", path, bad_specs[i].error);
        if (r.rc != 1 || strcmp(r.err, expect) != 0)
            fail_msg("case %zu: status %d, stderr\n%s\nexpected\n%s", i, r.rc, r.err,
                     expect);
        assert_string_equal(r.out, "");
        run_free(&r);
        free(path);
    }
}

/* The bad specs above with huge arrays were refused before they were made:
 * 2^26 endpoints took 4 GB and 24 s. */
static void test_huge_arrays_stay_small(void **state)
{
    (void)state;
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    assert_true(ru.ru_maxrss < 1024 * 1024);   /* KiB */
}

/* A NUL byte is an error, not the end of the spec. */
static void test_nul_byte(void **state)
{
    (void)state;
    char *path = write_tmp("t.cdl", "arch arm11\n\0objects { }\n", 23);
    struct run r = kmem(path, NULL);
    char expect[256];
    snprintf(expect, sizeof(expect), "%s:2:1: error: unexpected byte 0x00\n", path);
    assert_int_equal(r.rc, 1);
    assert_string_equal(r.err, expect);
    run_free(&r);
    free(path);
}

/* Every prefix of a valid spec either reads or fails cleanly. */
static void test_truncated_specs(void **state)
{
    (void)state;
    char *buf;
    size_t len;
    struct kmem_diag d = { NULL, 0 };
    assert_int_equal(kmem_read_file(SPEC("layout.cdl"), &buf, &len, &d), 0);
    for (size_t n = 0; n <= len; n++) {
        char *copy = malloc(n ? n : 1);
        memcpy(copy, buf, n);
        struct kmem_spec s;
        struct kmem_diag dd = { NULL, 0 };
        int rc = kmem_parse(&s, "t", copy, n, &dd);
        assert_true(rc == 0 || dd.errors == 1);
        kmem_spec_free(&s);
        free(copy);
    }
    free(buf);
}

static void test_bad_sizes_file(void **state)
{
    (void)state;
    struct { const char *text, *error; } cases[] = {
        { "tcb lots\n", "1:5: error: expected a size in bits (0 to 63) or 'none'\n" },
        { "# ok\nwidget 4\n", "2:1: error: unknown size name 'widget'\n" },
        { "tcb\n", "1:4: error: 'tcb' needs a size\n" },
        { "tcb 9 10\n", "1:7: error: one size per line\n" },
        { "ep 99\n", "1:4: error: expected a size in bits (0 to 63) or 'none'\n" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char *path = write_tmp("t.sizes", cases[i].text, strlen(cases[i].text));
        struct run r = kmem("--sizes", path, SPEC("grammar-arm.cdl"), NULL);
        char expect[256];
        snprintf(expect, sizeof(expect), "%s:%s", path, cases[i].error);
        assert_int_equal(r.rc, 1);
        assert_string_equal(r.err, expect);
        run_free(&r);
        free(path);
    }
    /* "none" removes an object type: pd on aarch32 then cannot exist */
    char *path = write_tmp("t.sizes", "pd none\n", 8);
    struct run r = kmem("--sizes", path, SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.err, "camkes-echo-arm.cdl:17:1: error: pd objects do not exist on aarch32\n"));
    run_free(&r);
    /* "frames" replaces the list of frame sizes */
    free(path);
    path = write_tmp("t.sizes", "frames 12 16\n", 13);
    r = kmem("--sizes", path, SPEC("camkes-echo-arm.cdl"), NULL);
    assert_int_equal(r.rc, 0);
    run_free(&r);
    free(path);
}

static void test_usage_errors(void **state)
{
    (void)state;
    struct { const char *a, *b, *c; const char *msg; } cases[] = {
        { NULL, NULL, NULL, "kmem: error: no spec given\n" },
        { "--json", "--csv", "x.cdl", "kmem: error: choose one of --json and --csv\n" },
        { "--diff", "x.cdl", NULL, "kmem: error: --diff needs two specs, OLD and NEW\n" },
        { "--elf", NULL, NULL, "kmem: error: --elf needs at least one image\n" },
        { "--bogus", "x.cdl", NULL, "kmem: error: unknown option '--bogus'\n" },
        { "--arch", "vax", "x.cdl", "kmem: error: unknown architecture 'vax'\n" },
        { "--svg", NULL, NULL, "kmem: error: --svg needs a value\n" },
        { "a.cdl", "b.cdl", NULL, "kmem: error: give one spec (or --diff OLD NEW)\n" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct run r = kmem(cases[i].a, cases[i].b, cases[i].c, NULL);
        assert_int_equal(r.rc, 2);
        assert_memory_equal(r.err, cases[i].msg, strlen(cases[i].msg));
        run_free(&r);
    }
    struct run r = kmem("--help", NULL);
    assert_int_equal(r.rc, 0);
    assert_memory_equal(r.out, "usage: kmem", 11);
    run_free(&r);
    r = kmem("/nonexistent/spec.cdl", NULL);
    assert_int_equal(r.rc, 1);
    assert_string_equal(r.err, "/nonexistent/spec.cdl: error: cannot open: No such file or directory\n");
    run_free(&r);
    r = kmem(KMEM_TEST_SPECS, NULL);
    assert_int_equal(r.rc, 1);
    assert_string_equal(r.err, KMEM_TEST_SPECS ": error: is a directory, not a file\n");
    run_free(&r);
    r = kmem("--mcs", SPEC("mote-small.cdl"), NULL);
    assert_int_equal(r.rc, 1);
    assert_string_equal(r.err, KMEM_TEST_SPECS "/mote-small.cdl: error: mote has no MCS objects (--mcs)\n");
    run_free(&r);
}

/* A spec of several MiB is mapped and let go behind the reader in 1 MiB
 * steps (the bench's generator, 500 components): the totals do not
 * change.  Each component: TCB 2^10, CNode 2^(6+5), two page tables 2^12,
 * an endpoint 2^4 and 94 frames of 2^12; its conn endpoint 2^4 is shared
 * with the next one (its own row), the last one's only its own. */
static void test_large_spec_streamed(void **state)
{
    (void)state;
    char path[96], cmd[256];
    snprintf(path, sizeof(path), "%s/big.cdl", tmpdir);
    snprintf(cmd, sizeof(cmd), "build/kmem/gen_spec 50000 %s", path);
    assert_int_equal(system(cmd), 0);
    uint64_t comp = B(10) + B(6 + 5) + 2 * B(12) + B(4) + 94 * B(12);
    struct kmem_report r = account(path, KA_NONE, 0, 0, NULL);
    assert_int_equal(r.nobjects, 50000);
    assert_int_equal(total(&r, "c0"), comp);
    assert_int_equal(total(&r, "conn0"), B(4));
    assert_true(row(&r, "conn0")->shared);
    assert_int_equal(total(&r, "c499"), comp + B(4));
    assert_int_equal(r.total, 500 * (comp + B(4)));
    kmem_report_free(&r);
    /* the same spec from standard input, read rather than mapped */
    snprintf(cmd, sizeof(cmd), "build/bin/kmem - < %s | tail -1", path);
    FILE *p = popen(cmd, "r");
    char line[128] = "";
    assert_non_null(fgets(line, sizeof(line), p));
    assert_int_equal(pclose(p), 0);
    char expect[128];
    snprintf(expect, sizeof(expect), "%-40s%9llu KiB%20llu\n", "GRAND TOTAL",
             (unsigned long long)(500 * (comp + B(4)) / 1024),
             (unsigned long long)(500 * (comp + B(4))));
    assert_string_equal(line, expect);
}

/* The installed binary agrees with the library. */
static void test_binary(void **state)
{
    (void)state;
    FILE *p = popen("build/bin/kmem " SPEC("camkes-echo-arm.cdl") " | tail -1", "r");
    assert_non_null(p);
    char line[128] = "";
    assert_non_null(fgets(line, sizeof(line), p));
    assert_int_equal(pclose(p), 0);
    assert_string_equal(line,
        "GRAND TOTAL                                   438 KiB              448864\n");
    p = popen("build/bin/kmem " KMEM_TEST_SPECS "/nope.cdl 2>/dev/null", "r");
    assert_non_null(p);
    int status = pclose(p);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
}

int main(void)
{
    const char *env = getenv("KMEM_REAL_SPECS");
    if (env && *env)
        real_dir = env;
    strcpy(tmpdir, "/tmp/kmem-test-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_adder),
        cmocka_unit_test(test_real_example),
        cmocka_unit_test(test_real_hello_dump),
        cmocka_unit_test(test_real_outputs),
        cmocka_unit_test(test_camkes_style),
        cmocka_unit_test(test_grammar_spec),
        cmocka_unit_test(test_dump_style),
        cmocka_unit_test(test_ia32_spec),
        cmocka_unit_test(test_owners_by_name),
        cmocka_unit_test(test_default_layout),
        cmocka_unit_test(test_mote_spec),
        cmocka_unit_test(test_mote_fpu_object),
        cmocka_unit_test(test_mote_detect_by_names),
        cmocka_unit_test(test_layout_spec),
        cmocka_unit_test(test_x86_spec),
        cmocka_unit_test(test_shared_rows),
        cmocka_unit_test(test_split_shared_cli_mote),
        cmocka_unit_test(test_arch_option),
        cmocka_unit_test(test_mcs_option),
        cmocka_unit_test(test_sizes_option),
        cmocka_unit_test(test_details_option),
        cmocka_unit_test(test_json_option),
        cmocka_unit_test(test_csv_option),
        cmocka_unit_test(test_svg_option),
        cmocka_unit_test(test_svg_scale),
        cmocka_unit_test(test_diff_option),
        cmocka_unit_test(test_elf_option),
        cmocka_unit_test(test_elf_segments_and_errors),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test(test_huge_arrays_stay_small),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_truncated_specs),
        cmocka_unit_test(test_bad_sizes_file),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_large_spec_streamed),
        cmocka_unit_test(test_binary),
    };
    int failed = cmocka_run_group_tests_name("kmem", tests, NULL, NULL);
    char cmd[96];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        return 1;
    return failed;
}

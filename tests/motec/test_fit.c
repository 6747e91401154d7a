/* SPDX-License-Identifier: BSD-2-Clause */
/* The fit check. */
#include "driver.h"
#include "helpers.h"
#include <mote/objects.h>

static void test_blocks_and_alignment(void **state)
{
    (void)state;
    struct spec_model sm;
    struct fit_result r;
    sm_init(&sm);
    /* 12 KiB of RAM: blocks of 8 KiB and 4 KiB. */
    for (int i = 0; i < 3; i++)
        sm_add_obj(&sm, xasprintf("a__data__%d", i), MT_OBJ_FRAME_4K, 0);
    assert_int_equal(fit_check(&sm, 0x80000000ull, 0x3000, 0, &r), 0);
    assert_int_equal(r.nblocks, 2);
    assert_int_equal(r.object_bytes, 0x3000);
    sm_add_obj(&sm, xasprintf("a__tcb__x"), MT_OBJ_TCB, 0);
    assert_int_equal(fit_check(&sm, 0x80000000ull, 0x3000, 0, &r), -1);
    assert_int_equal(r.failed_obj, 3);
}

static void test_device_frames_take_no_ram(void **state)
{
    (void)state;
    struct spec_model sm;
    struct fit_result r;
    sm_init(&sm);
    int o = sm_add_obj(&sm, xasprintf("c__mmio__0"), MT_OBJ_FRAME_4K, 0);
    sm.objs.v[o].flags = MT_SPEC_OBJ_DEVICE;
    sm_add_obj(&sm, xasprintf("c__irq__3"), MT_SPEC_OBJ_IRQ, 0);
    assert_int_equal(fit_check(&sm, 0x80000000ull, 0x1000, 0x1000, &r), 0);
    assert_int_equal(r.object_bytes, 0);
}

static void test_reserve_counts(void **state)
{
    (void)state;
    struct fit_result r;
    struct spec_model sm;
    sm_init(&sm);
    sm_add_obj(&sm, xasprintf("a__data__0"), MT_OBJ_FRAME_4K, 0);
    assert_int_equal(fit_check(&sm, 0x80000000ull, 0x2000, 0x2000, &r), -1);
    assert_int_equal(r.free_bytes, 0);
}

static void test_system_fits_default_ram(void **state)
{
    (void)state;
    char *src = with_prelude("assembly { composition { component Server s; component Client c;\n"
                             "  connection rpc_basic x(from c.p, to s.p); } }\n");
    struct built *b = build_src(src);
    assert_int_equal(b->rc, 0);
    assert_true(b->sm.ram_bytes > 0);
}

static void test_too_small_error_text(void **state)
{
    (void)state;
    struct motec_opts o;
    motec_default_opts(&o);
    o.input = "tests/motec/data/system.camkes";
    o.ram_bytes = 4ull << 20;
    o.reserve_bytes = (4ull << 20) - 0x10000;
    diag_reset();
    assert_int_equal(motec_run(&o), 1);
    assert_string_equal(diag_text(),
                        "tests/motec/data/system.camkes:53:1: error: system does not fit in memory: "
                        "its objects need 125 KiB (128704 bytes) but 64 KiB are free (RAM 4096 "
                        "KiB at 0x80000000, 4032 KiB reserved); 'console__stack__ready_0' was "
                        "the first object that did not fit\n");
}

const struct CMUnitTest fit_tests[] = {
    cmocka_unit_test(test_blocks_and_alignment),
    cmocka_unit_test(test_device_frames_take_no_ram),
    cmocka_unit_test(test_reserve_counts),
    cmocka_unit_test(test_system_fits_default_ram),
    cmocka_unit_test(test_too_small_error_text),
};
const size_t fit_test_count = sizeof fit_tests / sizeof fit_tests[0];

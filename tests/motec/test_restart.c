/* SPDX-License-Identifier: BSD-2-Clause */
/* The restart policy: `restart` / `restart_limit`, what a restartable
 * component's spec gets (fault endpoint in every TCB, the pristine
 * mapping of its data) and what its supervisor's gets (its TCB caps). */
#include <string.h>

#include "helpers.h"

static const char RESTART_SRC[] =
    "import <std_connector.camkes>;\n"                              /* 1 */
    "procedure FaultReport {}\n"                                    /* 2 */
    "procedure P {}\n"                                              /* 3 */
    "component Sup { provides FaultReport fault; }\n"               /* 4 */
    "component Drv { control; provides P p; maybe uses FaultReport fault; }\n" /* 5 */
    "component Cli { control; uses P p; }\n"                        /* 6 */
    "assembly { composition {\n"                                    /* 7 */
    "  component Sup sup; component Drv drv; component Drv plain; component Cli cli;\n" /* 8 */
    "  connection rpc_basic f(from plain.fault, from drv.fault, to sup.fault);\n" /* 9 */
    "  connection rpc_basic x(from cli.p, to drv.p); }\n"           /* 10 */
    "  configuration { %s } }\n";                                   /* 11 */

static struct built *build_restart(const char *config)
{
    return build_src(xasprintf(RESTART_SRC, config));
}

static void expect_restart_error(const char *config, const char *text)
{
    struct built *b = build_restart(config);
    assert_int_not_equal(b->rc, 0);
    assert_string_equal(diag_text(), text);
}

static void test_restart_attribute_errors(void **state)
{
    (void)state;
    expect_restart_error("drv.restart = \"sometimes\";",
                         "t.camkes:11:33: error: component instance 'drv': attribute 'restart' "
                         "must be \"never\", \"always\" or \"backoff\"\n");
    expect_restart_error("plain.restart_limit = 2;",
                         "t.camkes:11:41: error: component instance 'plain': 'restart_limit' "
                         "needs a 'restart' policy\n");
    expect_restart_error("cli.restart = \"always\";",
                         "t.camkes:11:33: error: component instance 'cli': 'restart' needs a "
                         "connected 'uses FaultReport' interface (its faults go to the "
                         "supervisor)\n");
    expect_restart_error("drv.restart_limit = 70000; drv.restart = \"always\";",
                         "t.camkes:11:39: error: component instance 'drv': attribute "
                         "'restart_limit' must be an integer from 0 to 65535, not 70000\n");
}

/* A supervisor may not call the component it restarts. */
static void test_restart_supervisor_uses_it(void **state)
{
    (void)state;
    expect_errors("import <std_connector.camkes>;\n"
                  "procedure FaultReport {}\nprocedure P {}\n"
                  "component Sup { provides FaultReport fault; uses P p; }\n"
                  "component Drv { provides P p; uses FaultReport fault; }\n"
                  "assembly { composition { component Sup sup; component Drv drv;\n"
                  "  connection rpc_basic f(from drv.fault, to sup.fault);\n"
                  "  connection rpc_basic x(from sup.p, to drv.p); }\n"
                  "  configuration { drv.restart = \"always\"; } }\n",
                  "t.camkes:9:33: error: component instance 'drv' has a restart policy, but "
                  "its supervisor 'sup' calls it through 'p' (it would wait for the component "
                  "it restarts)\n");
}

/* The supervisor holds drv's two TCBs (control, p) right after its own
 * caps; plain (no policy) gives it nothing. */
static void test_restart_supervisor_caps(void **state)
{
    (void)state;
    struct built *b = build_restart("drv.restart = \"backoff\"; drv.restart_limit = 3;");
    assert_int_equal(b->rc, 0);
    struct m_inst *sup = inst(b, "sup"), *drv = inst(b, "drv"), *plain = inst(b, "plain");
    assert_int_equal(drv->restart, MT_RESTART_BACKOFF);
    assert_int_equal(drv->restart_limit, 3);
    assert_int_equal(plain->restart, MT_RESTART_NONE);
    assert_int_equal(drv->threads.n, 2);
    assert_int_equal(drv->sup_first, sup->slot_restart);
    assert_int_equal(sup->slots_used, sup->slot_restart + 2);
    for (int t = 0; t < 2; t++) {
        const struct sm_cap *c = cap_at(b, "sup__cnode__root", sup->slot_restart + (uint32_t)t);
        assert_non_null(c);
        assert_int_equal(c->obj, obj_index(b, drv->threads.v[t]->tcb));
        assert_int_equal(c->rights, MT_RIGHTS_ALL);
    }
}

/* Every drv TCB reports faults to its FaultReport slot; plain's do not
 * (it may set its own at run time). */
static void test_restart_fault_endpoints(void **state)
{
    (void)state;
    struct built *b = build_restart("drv.restart = \"always\";");
    assert_int_equal(b->rc, 0);
    int drv_cnode = obj_index(b, "drv__cnode__root"), seen = 0;
    uint32_t slot = iface(b, "drv", "fault")->slot;
    for (int i = 0; i < b->sm.tcbs.n; i++) {
        const struct sm_tcb *t = &b->sm.tcbs.v[i];
        if (t->cspace == drv_cnode) {
            assert_int_equal(t->fault_ep, slot);
            seen++;
        } else {
            assert_int_equal(t->fault_ep, 0);
        }
    }
    assert_int_equal(seen, 2);
}

/* drv's data page is mapped a second time, read-only, from the archive in
 * place, MT_SPEC_PRISTINE_OFFSET above; plain's is not. */
static void test_restart_pristine_mapping(void **state)
{
    (void)state;
    struct built *b = build_restart("drv.restart = \"never\";");
    assert_int_equal(b->rc, 0);
    int p = obj_index(b, "drv__data__pristine_0"), data = obj_index(b, "drv__data__0");
    assert_true(p >= 0 && data >= 0);
    assert_int_equal(obj_index(b, "plain__data__pristine_0"), -1);
    assert_int_equal(b->sm.objs.v[p].flags, MT_SPEC_OBJ_IMAGE);
    const struct sm_map *dm = NULL, *pm = NULL;
    for (int i = 0; i < b->sm.maps.n; i++) {
        if (b->sm.maps.v[i].obj == data)
            dm = &b->sm.maps.v[i];
        if (b->sm.maps.v[i].obj == p)
            pm = &b->sm.maps.v[i];
    }
    assert_non_null(dm);
    assert_non_null(pm);
    assert_int_equal(pm->vaddr, dm->vaddr + MT_SPEC_PRISTINE_OFFSET);
    assert_int_equal(pm->perms, MT_VM_READ);
    assert_int_equal(pm->source, MT_SPEC_SRC_IMAGE);
    assert_int_equal(pm->image_offset, dm->image_offset - (uint64_t)dm->copy_offset);
}

const struct CMUnitTest restart_tests[] = {
    cmocka_unit_test(test_restart_attribute_errors),
    cmocka_unit_test(test_restart_supervisor_uses_it),
    cmocka_unit_test(test_restart_supervisor_caps),
    cmocka_unit_test(test_restart_fault_endpoints),
    cmocka_unit_test(test_restart_pristine_mapping),
};
const size_t restart_test_count = sizeof restart_tests / sizeof restart_tests[0];

/* SPDX-License-Identifier: BSD-2-Clause */
/* Semantic checks: every error message, with its exact text. */
#include <stdlib.h>

#include "helpers.h"

/* Compiles PRELUDE + assembly and compares all diagnostics. */
static void expect(const char *assembly, const char *text)
{
    char *src = with_prelude(assembly);
    expect_errors(src, text);
    free(src);
}

static void test_unknown_component_type(void **state)
{
    (void)state;
    expect("assembly { composition {\n  component Nope n;\n} }\n",
           "t.camkes:24:13: error: unknown component type 'Nope'\n");
}

static void test_duplicate_instance(void **state)
{
    (void)state;
    expect("assembly { composition {\n  component Server s;\n  component Client s;\n} }\n",
           "t.camkes:25:20: error: duplicate component instance 's' (first declared at "
           "t.camkes:24:20)\n");
}

static void test_duplicate_connection(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Client c;\n"
           "  connection rpc_basic x(from c.p, to s.p);\n"
           "  connection notification x(from c.ev, to s.ev);\n} }\n",
           "t.camkes:25:27: error: duplicate connection 'x' (first declared at t.camkes:24:24)\n");
}

static void test_connection_named_like_instance(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Client c;\n"
           "  connection rpc_basic s(from c.p, to s.p);\n} }\n",
           "t.camkes:24:24: error: connection 's' has the name of component instance 's' "
           "(declared at t.camkes:23:43)\n");
}

static void test_unknown_connector(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Client c;\n"
           "  connection seL4Magic x(from c.p, to s.p);\n} }\n",
           "t.camkes:24:14: error: connection 'x': unknown connector 'seL4Magic' (mote has "
           "rpc_basic, rpc_shared, rpc_signal, notification, shared_data, mmio, hw_irq, shared_irq)\n");
}

static void test_unimplemented_connector(void **state)
{
    (void)state;
    expect("connector Fancy { from Procedure; to Procedure template \"x.c\"; }\n"
           "assembly { composition { component Server s; component Client c;\n"
           "  connection Fancy x(from c.p, to s.p);\n} }\n",
           "t.camkes:25:14: error: connection 'x': connector 'Fancy' has no mote implementation "
           "(mote has rpc_basic, rpc_shared, rpc_signal, notification, shared_data, mmio, hw_irq, "
           "shared_irq)\n");
}

static void test_unknown_end_instance_and_iface(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Client c;\n"
           "  connection rpc_basic x(from z.p, to s.q);\n} }\n",
           "t.camkes:24:31: error: connection 'x': unknown component instance 'z'\n"
           "t.camkes:24:39: error: connection 'x': component instance 's' (type Server) has no "
           "interface 'q'\n");
}

static void test_mismatched_ends(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Client c;\n"
           "  connection rpc_basic x(from c.ev, to s.p);\n} }\n",
           "t.camkes:24:31: error: connection 'x': 'c.ev' is a emits interface, but connector "
           "rpc_basic needs a uses interface at its 'from' end\n");
    expect("assembly { composition { component Server s; component Client c;\n"
           "  connection notification x(from c.ev, to s.p);\n} }\n",
           "t.camkes:24:43: error: connection 'x': 's.p' is a provides interface, but connector "
           "notification needs a consumes interface at its 'to' end\n");
}

static void test_hardware_side(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; component Client d;\n"
           "  connection mmio x(from c.d, to d.d);\n} }\n",
           "t.camkes:24:34: error: connection 'x': 'd.d' must be on a hardware component for "
           "connector mmio\n");
}

static void test_connected_twice(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Server t; "
           "component Client c;\n"
           "  connection rpc_basic x(from c.p, to s.p);\n"
           "  connection rpc_basic y(from c.p, to t.p);\n} }\n",
           "t.camkes:25:31: error: connection 'y': 'c.p' is already connected by connection 'x' "
           "and may be connected only once\n");
}

static void test_mixed_connectors(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Client c; "
           "component Client d;\n"
           "  connection rpc_basic x(from c.p, to s.p);\n"
           "  connection rpc_shared y(from d.p, to s.p);\n} }\n",
           "t.camkes:25:40: error: connection 'y': 's.p' is served by connector rpc_basic in "
           "connection 'x'; all its connections must use one connector\n");
}

static void test_end_counts(void **state)
{
    (void)state;
    expect("assembly { composition { component Server s; component Server t; "
           "component Client c;\n"
           "  connection rpc_basic x(from c.p, to s.p, to t.p);\n} }\n",
           "t.camkes:24:24: error: connection 'x': connector rpc_basic takes one 'to' end, "
           "not 2\n");
    expect("assembly { composition { component Client c;\n"
           "  connection rpc_basic x(from c.p);\n} }\n",
           "t.camkes:24:24: error: connection 'x': needs at least one 'from' and one 'to' end\n");
}

static void test_unknown_attribute_and_instance(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration {\n    c.colour = 1;\n    q.level = 2;\n  } }\n",
           "t.camkes:25:7: error: component instance 'c' (type Client) has no attribute "
           "'colour'\n"
           "t.camkes:26:5: warning: configuration: 'q.level' is ignored: there is no component "
           "instance 'q' (CAmkES ignores it too)\n");
}

static void test_attribute_set_twice(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.level = 1;\n c.level = 2; } }\n",
           "t.camkes:25:4: error: component instance 'c': attribute 'level' is set twice "
           "(first at t.camkes:24:21)\n");
}

static void test_bad_priority(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.priority = 300; } }\n",
           "t.camkes:24:32: error: component instance 'c': attribute 'priority' must be an "
           "integer from 0 to 255, not 300\n");
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.priority = \"high\"; } }\n",
           "t.camkes:24:32: error: component instance 'c': attribute 'priority' must be an "
           "integer from 0 to 255\n");
}

static void test_bad_stack_size(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.stack_size = 1000; } }\n",
           "t.camkes:24:34: error: component instance 'c': attribute 'stack_size' must be a "
           "positive multiple of 4096 (at most 16 MiB)\n");
    expect("assembly { composition { component Client c; component Server s; }\n"
           "  configuration { s.p_stack_size = 0; } }\n",
           "t.camkes:24:36: error: component instance 's': attribute 'p_stack_size' must be a "
           "positive multiple of 4096 (at most 16 MiB)\n");
}

static void test_declared_type_mismatch(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.label = 5; c.level = \"x\"; } }\n",
           "t.camkes:24:42: error: component instance 'c': attribute 'level' is declared 'int' "
           "and needs an integer\n"
           "t.camkes:24:29: error: component instance 'c': attribute 'label' is declared "
           "'string' and needs a string\n");
}

/* CAmkES gives every component a control thread: an interface left
 * without a thread gets one even without 'control'. */
static void test_threadless_gets_control(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Server s; component Client c;\n"
        "  connection rpc_basic x(from c.p, to s.p); }\n"
        "  configuration { s.p_has_thread = false; s._priority = 7; } }\n"));
    assert_int_equal(b->rc, 0);
    struct m_inst *s = inst(b, "s");
    assert_int_equal(s->threads.n, 1);
    assert_string_equal(s->threads.v[0]->name, "control");
    assert_int_equal(s->threads.v[0]->priority, 7);
    assert_int_equal(iface(b, "s", "p")->thread, 0);
}

static void test_hardware_attributes_missing(void **state)
{
    (void)state;
    expect("assembly { composition { component Dev hw; component Client c;\n"
           "  connection mmio m(from c.d, to hw.regs);\n"
           "  connection hw_irq i(from hw.irq, to c.irq); } }\n",
           "t.camkes:23:40: error: hardware component instance 'hw' needs attribute 'regs_paddr' "
           "(the physical address of MMIO dataport 'regs')\n"
           "t.camkes:23:40: error: hardware component instance 'hw' needs attribute 'regs_size' "
           "(the size of MMIO dataport 'regs')\n"
           "t.camkes:23:40: error: hardware component instance 'hw' needs attribute "
           "'irq_irq_number' (the IRQ that event 'irq' stands for)\n");
}

static void test_hardware_attribute_values(void **state)
{
    (void)state;
    expect("assembly { composition { component Dev hw; component Client c;\n"
           "  connection mmio m(from c.d, to hw.regs); }\n"
           "  configuration { hw.regs_paddr = 0x10000010; hw.regs_size = 0x100;\n"
           "    hw.irq_irq_number = 64; } }\n",
           "t.camkes:25:35: error: component instance 'hw': attribute 'regs_paddr' must be page "
           "aligned (0x10000010 is not)\n"
           "t.camkes:26:25: error: component instance 'hw': attribute 'irq_irq_number' must be an "
           "integer from 1 to 63, not 64\n");
}

static void test_irq_used_twice(void **state)
{
    (void)state;
    expect("component Drv { control; consumes Irq irq; }\n"
           "assembly { composition { component Dev hw; component Drv c;\n"
           "  connection shared_irq i(from hw.irq, from hw.irq2, to c.irq); }\n"
           "  configuration { hw.irq_irq_number = 5; hw.irq2_irq_number = 5; } }\n",
           "t.camkes:26:63: error: hardware component instance 'hw': IRQ 5 is already used by "
           "'hw.irq'\n");
}

static void test_shared_data_sizes(void **state)
{
    (void)state;
    expect("component Big { control; dataport Buf(8192) d; }\n"
           "assembly { composition { component Big b; component Client c;\n"
           "  connection shared_data x(from b.d, to c.d); } }\n",
           "t.camkes:25:41: error: connection 'x': dataport 'c.d' has 4096 bytes but 'b.d' has "
           "8192\n");
}

static void test_duplicate_declarations(void **state)
{
    (void)state;
    expect("procedure P { }\n"
           "component Server { control; }\n"
           "component Twice { uses P a; uses Q a; attribute int x; attribute int x; }\n"
           "assembly { composition { } }\n",
           "t.camkes:23:11: error: duplicate procedure 'P' (first declared at t.camkes:2:11)\n"
           "t.camkes:24:11: error: duplicate component 'Server' (first declared at t.camkes:4:11)\n"
           "t.camkes:25:36: error: duplicate interface 'a' (first declared at t.camkes:25:26)\n"
           "t.camkes:25:70: error: duplicate attribute 'x' (first declared at t.camkes:25:53)\n");
}

static void test_unknown_procedure_and_hw_iface(void **state)
{
    (void)state;
    expect("component Bad { uses Nope n; }\n"
           "component BadHw { hardware; provides P p; }\n"
           "assembly { composition { } }\n",
           "t.camkes:23:22: error: component 'Bad': unknown procedure 'Nope' for interface 'n'\n"
           "t.camkes:24:40: error: hardware component 'BadHw' may only have dataport and emits "
           "interfaces, not 'provides p'\n");
}

static void test_two_assemblies_and_names(void **state)
{
    (void)state;
    expect("assembly { composition { component Client a__b; } }\n"
           "assembly { composition { } }\n",
           "t.camkes:23:43: error: component instance name 'a__b' may not contain '__' (it "
           "separates the parts of object names)\n");
}

static void test_cnode_too_small(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.cnode_size_bits = 1; } }\n",
           "t.camkes:24:39: error: component instance 'c': cnode_size_bits = 1 gives 2 slots but "
           "it needs 4\n");
}

/* The rootserver refuses a CNode above MT_SPEC_CNODE_MAX_BITS, so motec
 * must: at the value that asks for it, not at boot. */
static void test_cnode_too_large(void **state)
{
    (void)state;
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.cnode_size_bits = 17; } }\n",
           "t.camkes:24:39: error: component instance 'c': attribute 'cnode_size_bits' must be "
           "an integer from 1 to 16, not 17\n");
    expect("assembly { composition { component Client c; }\n"
           "  configuration { c.cnode_free_slots = 65536; } }\n",
           "t.camkes:24:40: error: component instance 'c' needs 65540 CNode slots; a CNode has "
           "at most 65536\n");
}

static void test_cnode_largest_allowed(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude("assembly { composition { component Client c; }\n"
                                             "  configuration { c.cnode_size_bits = 16; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(inst(b, "c")->cnode_bits, MT_SPEC_CNODE_MAX_BITS);
}

static void test_no_assembly(void **state)
{
    (void)state;
    /* an empty file, and one with components only: placed at its end */
    expect_errors("", "t.camkes:1:1: error: no assembly: the input declares no "
                  "'assembly { ... }'\n");
    expect_errors("component A { control; }\n\n", "t.camkes:3:1: error: no assembly: the "
                  "input declares no 'assembly { ... }'\n");
    expect("", "t.camkes:23:1: error: no assembly: the input declares no 'assembly { ... }'\n");
}

/* Shared-data and MMIO connections whose every end is refused: each end
 * reported, nothing read past the empty list of ends (found by
 * fuzz-motec, tests/fuzz). */
static void test_region_connection_without_ends(void **state)
{
    (void)state;
    expect_errors("import <std_connector.camkes>;\n"
                  "assembly { composition {\n"
                  "connection shared_data c(from a.buf, to b.buf);\n"
                  "connection mmio m(from a.regs, to b.regs); } }\n",
                  "t.camkes:3:31: error: connection 'c': unknown component instance 'a'\n"
                  "t.camkes:3:41: error: connection 'c': unknown component instance 'b'\n"
                  "t.camkes:4:24: error: connection 'm': unknown component instance 'a'\n"
                  "t.camkes:4:35: error: connection 'm': unknown component instance 'b'\n");
}

static void test_good_system_has_no_errors(void **state)
{
    (void)state;
    struct program prog = { 0 };
    struct system sys;
    diag_reset();
    assert_int_equal(parse_file(&prog, "tests/motec/data/system.camkes", STD_DIR), 0);
    assert_int_equal(check_program(&prog, &sys), 0);
    assert_string_equal(diag_text(), "");
}

const struct CMUnitTest check_tests[] = {
    cmocka_unit_test(test_region_connection_without_ends),
    cmocka_unit_test(test_unknown_component_type),
    cmocka_unit_test(test_duplicate_instance),
    cmocka_unit_test(test_duplicate_connection),
    cmocka_unit_test(test_connection_named_like_instance),
    cmocka_unit_test(test_unknown_connector),
    cmocka_unit_test(test_unimplemented_connector),
    cmocka_unit_test(test_unknown_end_instance_and_iface),
    cmocka_unit_test(test_mismatched_ends),
    cmocka_unit_test(test_hardware_side),
    cmocka_unit_test(test_connected_twice),
    cmocka_unit_test(test_mixed_connectors),
    cmocka_unit_test(test_end_counts),
    cmocka_unit_test(test_unknown_attribute_and_instance),
    cmocka_unit_test(test_attribute_set_twice),
    cmocka_unit_test(test_bad_priority),
    cmocka_unit_test(test_bad_stack_size),
    cmocka_unit_test(test_declared_type_mismatch),
    cmocka_unit_test(test_threadless_gets_control),
    cmocka_unit_test(test_hardware_attributes_missing),
    cmocka_unit_test(test_hardware_attribute_values),
    cmocka_unit_test(test_irq_used_twice),
    cmocka_unit_test(test_shared_data_sizes),
    cmocka_unit_test(test_duplicate_declarations),
    cmocka_unit_test(test_unknown_procedure_and_hw_iface),
    cmocka_unit_test(test_two_assemblies_and_names),
    cmocka_unit_test(test_cnode_too_small),
    cmocka_unit_test(test_cnode_too_large),
    cmocka_unit_test(test_cnode_largest_allowed),
    cmocka_unit_test(test_no_assembly),
    cmocka_unit_test(test_good_system_has_no_errors),
};
const size_t check_test_count = sizeof check_tests / sizeof check_tests[0];

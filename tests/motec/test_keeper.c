/* SPDX-License-Identifier: BSD-2-Clause */
/* The keeper CNode: emitted as an object, sized by the rootserver's rule,
 * holding a cap to itself, counted by the fit check, in both outputs. */
#include <string.h>

#include "emit.h"
#include "helpers.h"
#include "keeper.h"
#include <mote/objects.h>

/* Two components, one rpc_basic connection, placeholder images: each
 * component leaves 4 caps to the keeper (the in-place code copy, the data
 * page with the stack and IPC buffer in it, two page tables). */
#define TWO "assembly { composition { component Server s; component Client c;\n" \
            "  connection rpc_basic x(from c.p, to s.p);%s } }\n"

static struct built *two(const char *extra)
{
    char *src = with_prelude(xasprintf(TWO, extra));
    struct built *b = build_src(src);
    assert_int_equal(b->rc, 0);
    return b;
}

static void test_keeper_object_and_self_cap(void **state)
{
    (void)state;
    struct built *b = two("");
    int k = obj_index(b, "system__cnode__keeper");
    assert_true(k >= 0);
    assert_int_equal(b->sm.objs.v[k].type, MT_OBJ_CNODE);
    assert_int_equal(b->sm.objs.v[k].size_bits, 4);
    const struct sm_cap *c = cap_at(b, "system__cnode__keeper", KEEPER_SELF_SLOT);
    assert_non_null(c);
    assert_int_equal(c->obj, k);
    assert_int_equal(c->rights, MT_RIGHTS_ALL);
    assert_int_equal(c->data, mt_cnode_guard(0, 60));
    assert_null(cap_at(b, "system__cnode__keeper", 0));
}

static void test_keeper_size_counts_by_hand(void **state)
{
    (void)state;
    /* null + self + 2 x 4 + the ASID pool */
    assert_int_equal(keeper_slots_needed(&two("")->sm), 11);
    /* a shared page: its frame and a copied cap for the second mapping */
    struct built *b = two(" connection shared_data sd(from c.d, to s.d);");
    assert_int_equal(keeper_slots_needed(&b->sm), 13);
    assert_int_equal(b->sm.objs.v[obj_index(b, "system__cnode__keeper")].size_bits, 4);
}

static void test_keeper_owner_avoids_instances(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Server s; component Client system;\n"
        "  connection rpc_basic x(from system.p, to s.p); } }\n"));
    assert_int_equal(b->rc, 0);
    assert_true(obj_index(b, "system1__cnode__keeper") >= 0);
    assert_true(obj_index(b, "system__cnode__keeper") < 0);
}

static void test_keeper_in_fit_check(void **state)
{
    (void)state;
    struct built *b = two("");
    struct fit_result r;
    assert_int_equal(fit_check(&b->sm, 0x80000000ull, 128ull << 20, 4ull << 20, &r), 0);
    uint64_t sum = 0;
    for (int i = 0; i < b->sm.objs.n; i++)
        sum += sm_obj_ram(&b->sm.objs.v[i]);
    assert_int_equal(r.object_bytes, sum);
    assert_int_equal(sm_obj_ram(&b->sm.objs.v[obj_index(b, "system__cnode__keeper")]),
                     16 << MT_SLOT_SIZE_BITS);
    /* largest first: nothing is lost to alignment */
    assert_int_equal(r.used_bytes, sum);
}

static void test_keeper_in_outputs(void **state)
{
    (void)state;
    struct built *b = two("");
    struct strbuf o;
    sb_init(&o);
    emit_cdl(&b->sm, &o);
    assert_non_null(strstr(o.s, "  system__cnode__keeper = cnode (4 bits)\n"));
    assert_non_null(strstr(o.s, "  system__cnode__keeper {\n    0x1: system__cnode__keeper "
                                "(guard: 0, guard_size: 60)\n  }\n"));
    size_t len;
    unsigned char *spec = emit_spec(&b->sm, &len);
    const struct mt_spec_header *h = (const void *)spec;
    const struct mt_spec_object *obj = (const void *)(spec + h->object_offset);
    const char *str = (const char *)spec + h->string_offset;
    int found = 0;
    for (uint32_t i = 0; i < h->object_count; i++)
        found += !strcmp(str + obj[i].name, "system__cnode__keeper") &&
                 obj[i].type == MT_OBJ_CNODE && obj[i].size_bits == 4;
    assert_int_equal(found, 1);
    /* the header names it: the rootserver finds it by index, not name */
    assert_true(h->keeper < h->object_count);
    assert_string_equal(str + obj[h->keeper].name, "system__cnode__keeper");
    sb_free(&o);
}

const struct CMUnitTest keeper_tests[] = {
    cmocka_unit_test(test_keeper_object_and_self_cap),
    cmocka_unit_test(test_keeper_size_counts_by_hand),
    cmocka_unit_test(test_keeper_owner_avoids_instances),
    cmocka_unit_test(test_keeper_in_fit_check),
    cmocka_unit_test(test_keeper_in_outputs),
};
const size_t keeper_test_count = sizeof keeper_tests / sizeof keeper_tests[0];

/* SPDX-License-Identifier: BSD-2-Clause */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char PRELUDE[] =
    "import <std_connector.camkes>;\n"                     /* 1 */
    "procedure P { void f(in int x); }\n"                  /* 2 */
    "procedure Q { int g(void); }\n"                       /* 3 */
    "component Server {\n"                                 /* 4 */
    "    provides P p;\n"                                  /* 5 */
    "    consumes Ev ev;\n"                                /* 6 */
    "    dataport Buf d;\n"                                /* 7 */
    "}\n"                                                  /* 8 */
    "component Client {\n"                                 /* 9 */
    "    control;\n"                                       /* 10 */
    "    maybe uses P p;\n"                                /* 11 */
    "    emits Ev ev;\n"                                   /* 12 */
    "    dataport Buf d;\n"                                /* 13 */
    "    consumes Irq irq;\n"                              /* 14 */
    "    attribute int level = 3;\n"                       /* 15 */
    "    attribute string label;\n"                        /* 16 */
    "}\n"                                                  /* 17 */
    "component Dev {\n"                                    /* 18 */
    "    hardware; dataport Buf regs;\n"                   /* 19 */
    "    emits Irq irq; emits Irq irq2;\n"                 /* 20 */
    "}\n"                                                  /* 21 */
    "\n";                                                  /* 22 */

char *with_prelude(const char *assembly)
{
    return xasprintf("%s%s", PRELUDE, assembly);
}

struct built *build_src_ram(const char *src, uint64_t ram, uint64_t reserve)
{
    struct built *b = calloc(1, sizeof *b);
    diag_reset();
    sm_init(&b->sm);
    b->rc = -1;
    if (parse_string(&b->prog, "t.camkes", src, STD_DIR) || check_program(&b->prog, &b->sys))
        return b;
    struct inst_image *imgs = calloc((size_t)b->sys.insts.n + 1, sizeof *imgs);
    for (int i = 0; i < b->sys.insts.n; i++) {
        imgs[i].name = b->sys.insts.v[i]->comp->name;
        elf_placeholder(&imgs[i].elf, MT_LAYOUT_IMAGE_BASE);
    }
    if (alloc_system(&b->sys, imgs, &b->sm))
        return b;
    sm_finalize(&b->sm);
    struct fit_result r;
    b->rc = fit_check(&b->sm, 0x80000000ull, ram, reserve, &r);
    b->sm.ram_bytes = r.used_bytes;
    return b;
}

struct built *build_src(const char *src)
{
    return build_src_ram(src, 128ull << 20, 4ull << 20);
}

void expect_errors(const char *src, const char *text)
{
    struct built *b = build_src(src);
    assert_int_not_equal(b->rc, 0);
    assert_string_equal(diag_text(), text);
}

struct m_inst *inst(struct built *b, const char *name)
{
    struct m_inst *in = sys_find_inst(&b->sys, name);
    assert_non_null(in);
    return in;
}

struct m_iface *iface(struct built *b, const char *i, const char *name)
{
    struct m_iface *f = inst_find_iface(inst(b, i), name);
    assert_non_null(f);
    return f;
}

int obj_index(struct built *b, const char *name)
{
    return sm_find(&b->sm, name);
}

const struct sm_cap *cap_at(struct built *b, const char *cnode, uint32_t slot)
{
    int c = obj_index(b, cnode);
    assert_true(c >= 0);
    for (int i = 0; i < b->sm.caps.n; i++)
        if (b->sm.caps.v[i].cnode == c && b->sm.caps.v[i].slot == slot)
            return &b->sm.caps.v[i];
    return NULL;
}

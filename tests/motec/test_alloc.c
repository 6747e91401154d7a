/* SPDX-License-Identifier: BSD-2-Clause */
/* The allocator: threads, slots, badges, layout, has_thread savings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include <mote/objects.h>

static struct built *sys_build(void)
{
    static struct built *b;
    if (!b) {
        size_t len;
        char *src = read_file("tests/motec/data/system.camkes", &len);
        assert_non_null(src);
        /* build_src names the file t.camkes; imports are relative to it, so
         * inline the interfaces instead. */
        char *ifs = read_file("tests/motec/data/interfaces.camkes", &len);
        char *all = xasprintf("%s\n%s", ifs, strstr(src, "component Uart"));
        b = build_src(xasprintf("import <std_connector.camkes>;\n%s", all));
        assert_int_equal(b->rc, 0);
    }
    return b;
}

static void test_threads_and_priorities(void **state)
{
    (void)state;
    struct built *b = sys_build();
    struct m_inst *u = inst(b, "uart_driver");
    assert_int_equal(u->threads.n, 3);
    assert_string_equal(u->threads.v[0]->name, "control");
    assert_string_equal(u->threads.v[1]->name, "uart");
    assert_string_equal(u->threads.v[2]->name, "irq");
    assert_int_equal(u->threads.v[1]->priority, 200);
    assert_int_equal(u->threads.v[1]->stack_size, 8192);
    struct m_inst *l = inst(b, "logger");
    assert_int_equal(l->threads.n, 1);
    assert_int_equal(l->threads.v[0]->priority, 0);    /* logger_priority beats priority */
}

static void test_layout(void **state)
{
    (void)state;
    struct m_inst *u = inst(sys_build(), "uart_driver");
    /* The control thread in the data page (the one-page layout: the
     * placeholder image is linked as lib/mote/component.ld links): its
     * stack from the page's bottom, above the unmapped guard page after
     * the code, its IPC buffer just below .data at 0x102e00. */
    assert_int_equal(u->threads.v[0]->stack_base, 0x102000);
    assert_int_equal(u->threads.v[0]->ipcbuf, 0x102c00);
    assert_int_equal(u->threads.v[0]->stack_top, 0x102c00);
    /* Every other stack above a guard page (the null page for the first),
     * its thread's IPC buffer in its top 512 bytes, sp just below that. */
    assert_int_equal(u->threads.v[1]->stack_base, 0x1000);
    assert_int_equal(u->threads.v[1]->ipcbuf, 0x2e00);
    assert_int_equal(u->threads.v[1]->stack_top, 0x2e00);
    assert_int_equal(u->threads.v[2]->stack_base, 0x4000);
    assert_int_equal(u->threads.v[2]->ipcbuf, 0x4e00);
    struct m_iface *mem = inst_find_iface(u, "mem");
    assert_int_equal(mem->vaddr, 0x6000);
    assert_int_equal(mem->vsize, 0x1000);
    /* No IPC-buffer frames: a TCB's buffer frame is its top stack page,
     * or for thread 0 the data page; nothing maps the guard page. */
    struct built *b = sys_build();
    assert_int_equal(obj_index(b, "uart_driver__ipcbuf__0"), -1);
    assert_int_equal(obj_index(b, "uart_driver__stack__control_0"), -1);
    for (int i = 0; i < b->sm.tcbs.n; i++) {
        const char *n = b->sm.objs.v[b->sm.tcbs.v[i].ipc_frame].name;
        assert_true(strstr(n, "__stack__") || strstr(n, "__data__0"));
    }
    for (int i = 0; i < b->sm.maps.n; i++)
        assert_true(b->sm.maps.v[i].vaddr != 0x101000);
    for (int i = 1; i < u->threads.n; i++)
        assert_true(u->threads.v[i]->stack_top <= MT_LAYOUT_IMAGE_BASE);
}

/* The one-page layout only where it fits: a stack bigger than a page, a
 * data segment with no hole below it, or a mapped page below it keep the
 * thread's own stack pages. */
static void test_one_page_only_where_it_fits(void **state)
{
    (void)state;
    struct built *b = sys_build();
    struct m_inst *u = inst(b, "uart_driver");
    struct inst_image img = { .name = "x" };
    elf_placeholder(&img.elf, MT_LAYOUT_IMAGE_BASE);
    struct spec_model *sm = &b->sm;    /* laid out again into the same model */
    int vs = obj_index(b, "uart_driver__vspace__root");
    img.elf.segs[1].vaddr = MT_LAYOUT_IMAGE_BASE + 0x2100;   /* hole too small */
    img.elf.segs[1].offset = 0x2100;
    assert_int_equal(alloc_vspace(u, &img, sm, vs), 0);
    assert_true(u->threads.v[0]->stack_top <= MT_LAYOUT_IMAGE_BASE);
    elf_placeholder(&img.elf, MT_LAYOUT_IMAGE_BASE);
    img.elf.segs[0].memsz = 0x2000;                           /* code over the guard */
    assert_int_equal(alloc_vspace(u, &img, sm, vs), 0);
    assert_true(u->threads.v[0]->stack_top <= MT_LAYOUT_IMAGE_BASE);
    elf_placeholder(&img.elf, MT_LAYOUT_IMAGE_BASE);
    u->threads.v[0]->stack_size = 0x2000;                     /* more than a page asked */
    assert_int_equal(alloc_vspace(u, &img, sm, vs), 0);
    assert_true(u->threads.v[0]->stack_top <= MT_LAYOUT_IMAGE_BASE);
    u->threads.v[0]->stack_size = 0x1000;
    assert_int_equal(alloc_vspace(u, &img, sm, vs), 0);
    assert_int_equal(u->threads.v[0]->stack_top, 0x102c00);
}

static void test_slots(void **state)
{
    (void)state;
    struct built *b = sys_build();
    struct m_inst *u = inst(b, "uart_driver");
    assert_int_equal(u->slot_cnode, 1);
    assert_int_equal(u->slot_vspace, 2);
    assert_int_equal(u->threads.v[0]->tcb_slot, 3);
    assert_int_equal(u->slot_init_ntfn, 6);
    assert_int_equal(iface(b, "uart_driver", "uart")->slot, 7);
    assert_int_equal(iface(b, "uart_driver", "irq")->slot, 8);
    assert_int_equal(iface(b, "uart_driver", "logger")->slot, 10);
    assert_int_equal(u->slots_used, 11);
    assert_int_equal(u->cnode_bits, 4);
    const struct sm_cap *c = cap_at(b, "uart_driver__cnode__root", 9);
    assert_non_null(c);
    assert_string_equal(b->sm.objs.v[c->obj].name, "uart_irq__irq__10");
    assert_null(cap_at(b, "uart_driver__cnode__root", 0));
    c = cap_at(b, "uart_driver__cnode__root", 1);
    assert_int_equal(c->data, mt_cnode_guard(0, 60));
}

static void test_badges(void **state)
{
    (void)state;
    struct built *b = sys_build();
    assert_int_equal(iface(b, "console", "logger")->ends.v[0]->badge, 1);
    assert_int_equal(iface(b, "uart_driver", "logger")->ends.v[0]->badge, 2);
    assert_int_equal(iface(b, "logger", "logger")->nclients, 2);
    const struct sm_cap *c = cap_at(b, "console__cnode__root",
                                    iface(b, "console", "logger")->slot);
    assert_int_equal(c->data, 1);
    assert_int_equal(c->rights, MT_RIGHT_WRITE | MT_RIGHT_GRANT | MT_RIGHT_GRANT_REPLY);
    /* the server's cap: replies with caps need its grant */
    c = cap_at(b, "logger__cnode__root", iface(b, "logger", "logger")->slot);
    assert_int_equal(c->rights, MT_RIGHT_READ | MT_RIGHT_GRANT);
    /* Shared IRQ: one notification, a badge bit per source. */
    assert_int_equal(b->sm.irqs.n, 3);
    int n1 = -1;
    for (int i = 0; i < b->sm.irqs.n; i++) {
        const struct sm_irq *q = &b->sm.irqs.v[i];
        if (q->irq == 11 || q->irq == 12) {
            assert_int_equal(q->badge, q->irq == 11 ? 1 : 2);
            if (n1 >= 0)
                assert_int_equal(q->ntfn, n1);
            n1 = q->ntfn;
        }
    }
}

static void test_rpc_shared_pages(void **state)
{
    (void)state;
    struct built *b = sys_build();
    struct m_iface *srv = iface(b, "logger", "logger");
    assert_int_equal(srv->vsize, 2 * MT_PAGE_SIZE);
    assert_true(obj_index(b, "logger_conn__dataport__console") >= 0);
    assert_true(obj_index(b, "logger_conn__dataport__uart_driver") >= 0);
    assert_int_equal(iface(b, "console", "logger")->vsize, MT_PAGE_SIZE);
}

static void test_mmio_and_memory_owner(void **state)
{
    (void)state;
    struct built *b = sys_build();
    int f = obj_index(b, "uart_mmio__mmio__0");
    assert_true(f >= 0);
    assert_int_equal(b->sm.objs.v[f].flags, MT_SPEC_OBJ_DEVICE);
    assert_int_equal(b->sm.objs.v[f].paddr, 0x10000000);
    struct m_inst *mm = inst(b, "memory_manager");
    assert_int_equal(b->sm.memory_owner, obj_index(b, "memory_manager__cnode__root"));
    assert_int_equal(b->sm.untyped_slot, mm->slot_untyped);
    assert_int_equal(b->sm.untyped_slot_count, 32);
    assert_true(mm->cnode_bits >= 6);
}

static uint64_t ram_of(struct built *b)
{
    uint64_t n = 0;
    for (int i = 0; i < b->sm.objs.n; i++)
        n += sm_obj_ram(&b->sm.objs.v[i]);
    return n;
}

/* irq_has_thread = false removes the IRQ thread: its TCB, its stack page
 * and (with one thread left) the start-up notification. */
static void test_has_thread_false_saves(void **state)
{
    (void)state;
    const char *fmt = "component Drv { control; consumes Irq irq; }\n"
                      "assembly { composition { component Dev hw; component Drv d;\n"
                      "  connection hw_irq i(from hw.irq, to d.irq); }\n"
                      "  configuration { hw.irq_irq_number = 3; %s } }\n";
    char *with = with_prelude(xasprintf(fmt, ""));
    char *without = with_prelude(xasprintf(fmt, "d.irq_has_thread = false;"));
    struct built *a = build_src(with);
    uint64_t ram_with = ram_of(a);
    int threads_with = inst(a, "d")->threads.n;
    struct built *b = build_src(without);
    assert_int_equal(a->rc, 0);
    assert_int_equal(b->rc, 0);
    assert_int_equal(threads_with, 2);
    assert_int_equal(inst(b, "d")->threads.n, 1);
    assert_int_equal(iface(b, "d", "irq")->thread, 0);
    /* the keeper CNode holds a slot for each of those objects' caps: it
     * may shrink too */
    int ka = obj_index(a, "system__cnode__keeper"), kb = obj_index(b, "system__cnode__keeper");
    uint64_t keeper_saved = sm_obj_ram(&a->sm.objs.v[ka]) - sm_obj_ram(&b->sm.objs.v[kb]);
    assert_int_equal(ram_with - ram_of(b) - keeper_saved,
                     (1u << MT_TCB_SIZE_BITS) + MT_PAGE_SIZE + (1u << MT_NOTIFICATION_SIZE_BITS));
    assert_int_equal(obj_index(b, "d__tcb__irq"), -1);
    assert_int_equal(obj_index(b, "d__stack__irq_0"), -1);
}

/* Two provided rpc_basic interfaces with no thread of their own: one
 * control thread, one endpoint (the first one's cap, in one slot), the
 * second interface's badges minted above the first's, each interface's
 * own badges still counting from 1; a threaded interface keeps its own. */
static void test_control_interfaces_share_endpoint(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Two { provides P p; provides Q q; provides P r; }\n"
        "component User { control; uses P p; uses Q q; uses P r; }\n"
        "assembly { composition { component Two t; component User a; component User u;\n"
        "  connection rpc_basic cp(from a.p, from u.p, to t.p);\n"
        "  connection rpc_basic cq(from u.q, to t.q);\n"
        "  connection rpc_basic cr(from u.r, to t.r); }\n"
        "  configuration { t.p_has_thread = false; t.q_has_thread = false; } }\n"));
    assert_int_equal(b->rc, 0);
    struct m_inst *t = inst(b, "t");
    assert_int_equal(t->threads.n, 2);              /* control, r */
    struct m_iface *p = iface(b, "t", "p"), *q = iface(b, "t", "q"), *r = iface(b, "t", "r");
    assert_string_equal(q->obj, p->obj);
    assert_int_equal(q->slot, p->slot);
    assert_int_equal(q->nslots, 0);
    assert_int_equal(obj_index(b, "cq__ep__q"), -1);
    assert_true(obj_index(b, "cr__ep__r") >= 0);
    assert_int_equal(p->badge_base, 0);
    assert_int_equal(q->badge_base, 2);             /* above a's and u's */
    assert_int_equal(r->badge_base, 0);
    assert_int_equal(iface(b, "u", "q")->ends.v[0]->badge, 1);
    const struct sm_cap *c = cap_at(b, "u__cnode__root", iface(b, "u", "q")->slot);
    assert_int_equal(c->data, 3);
    assert_string_equal(b->sm.objs.v[c->obj].name, p->obj);
    c = cap_at(b, "u__cnode__root", iface(b, "u", "r")->slot);
    assert_int_equal(c->data, 1);
    assert_string_equal(b->sm.objs.v[c->obj].name, "cr__ep__r");
    /* rpc_shared finds its page by badge: such an interface keeps its own */
    struct built *sh = build_src(with_prelude(
        "component Two { provides P p; provides Q q; }\n"
        "component User { control; uses P p; uses Q q; }\n"
        "assembly { composition { component Two t; component User u;\n"
        "  connection rpc_basic cp(from u.p, to t.p);\n"
        "  connection rpc_shared cq(from u.q, to t.q); }\n"
        "  configuration { t.p_has_thread = false; t.q_has_thread = false; } }\n"));
    assert_int_equal(sh->rc, 0);
    assert_null(iface(sh, "t", "q")->ep_owner);
    assert_int_equal(iface(sh, "t", "q")->badge_base, 0);
    assert_true(obj_index(sh, "cq__ep__q") >= 0);
}

/* fpu = true: an FPU object per thread of that instance only, each
 * bound to its TCB in the spec, and the header says to build it with FP;
 * any other value than a boolean is an error. */
static void test_fpu_attribute(void **state)
{
    (void)state;
    const char *fmt = "component Drv { control; consumes Irq irq; }\n"
                      "assembly { composition { component Dev hw; component Drv d;\n"
                      "  component Client c;\n"
                      "  connection hw_irq i(from hw.irq, to d.irq); }\n"
                      "  configuration { hw.irq_irq_number = 3; d.fpu = %s; } }\n";
    struct built *b = build_src(with_prelude(xasprintf(fmt, "true")));
    struct built *off = build_src(with_prelude(xasprintf(fmt, "false")));
    assert_int_equal(b->rc, 0);
    assert_int_equal(off->rc, 0);
    assert_true(inst(b, "d")->fpu);
    assert_false(inst(b, "c")->fpu);
    assert_int_equal(ram_of(b) - ram_of(off), 2u << MT_FPU_SIZE_BITS);
    int fpus = 0;
    for (int i = 0; i < b->sm.tcbs.n; i++) {
        const struct sm_tcb *t = &b->sm.tcbs.v[i];
        const char *name = b->sm.objs.v[t->tcb].name;
        if (t->fpu < 0) {
            assert_true(strncmp(name, "c__", 3) == 0);
            continue;
        }
        assert_int_equal(b->sm.objs.v[t->fpu].type, MT_OBJ_FPU);
        assert_true(strncmp(name, "d__", 3) == 0);
        fpus++;
    }
    assert_int_equal(fpus, 2);
    for (int i = 0; i < off->sm.tcbs.n; i++)
        assert_int_equal(off->sm.tcbs.v[i].fpu, -1);
    expect_errors(with_prelude(xasprintf(fmt, "7")),
                  "t.camkes:27:50: error: component instance 'd': attribute 'fpu' must be an "
                  "integer from 0 to 1, not 7\n");
}

/* inspect = true: an inspect-only cap to every instance's CNode and
 * thread's TCB, in instance order, and nothing for the others. */
static void test_inspect_attribute(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Server s; component Client c;\n"
        "  connection rpc_basic x(from c.p, to s.p); }\n"
        "  configuration { c.inspect = true; } }\n"));
    assert_int_equal(b->rc, 0);
    struct m_inst *c = inst(b, "c"), *s = inst(b, "s");
    assert_int_equal(s->ninspect, 0);
    /* s: CNode + its rpc thread; c: CNode + control */
    assert_int_equal(c->ninspect, 4);
    assert_int_equal(c->inspected.n, 4);
    const char *want[4] = { "s__cnode__root", "s__tcb__p", "c__cnode__root", "c__tcb__control" };
    for (int i = 0; i < 4; i++) {
        const struct sm_cap *k = cap_at(b, "c__cnode__root", c->slot_inspect + (uint32_t)i);
        assert_non_null(k);
        assert_int_equal(k->flags, MT_SPEC_CAP_INSPECT);
        assert_string_equal(b->sm.objs.v[k->obj].name, want[i]);
    }
    assert_null(c->inspected.v[0].thread);
    assert_string_equal(c->inspected.v[1].thread->name, "p");
    assert_true(c->slots_used >= c->slot_inspect + 4);
    for (int i = 0; i < b->sm.caps.n; i++)
        if (b->sm.caps.v[i].flags)
            assert_int_equal(b->sm.caps.v[i].cnode, obj_index(b, "c__cnode__root"));
}

/* mem_report = true: one read-only page flagged for the rootserver. */
static void test_mem_report_attribute(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; }\n"
        "  configuration { c.mem_report = true; } }\n"));
    assert_int_equal(b->rc, 0);
    int o = obj_index(b, "c__dataport__mem_report");
    assert_true(o >= 0);
    assert_int_equal(b->sm.objs.v[o].flags, MT_SPEC_OBJ_REPORT);
    int maps = 0;
    for (int i = 0; i < b->sm.maps.n; i++)
        if (b->sm.maps.v[i].obj == o) {
            assert_int_equal(b->sm.maps.v[i].perms, MT_VM_READ);
            assert_int_equal(b->sm.maps.v[i].vaddr, inst(b, "c")->report_vaddr);
            maps++;
        }
    assert_int_equal(maps, 1);
}

/* <dataport>_access = "R": that end's mapping is read-only, a 2 MiB
 * device region stays one 2 MiB frame; the default is read and write;
 * any other value is an error at the attribute. */
static int map_perms(struct built *b, int obj)
{
    for (int i = 0; i < b->sm.maps.n; i++)
        if (b->sm.maps.v[i].obj == obj)
            return b->sm.maps.v[i].perms;
    return -1;
}

static void test_access_attribute(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; component Dev flash;\n"
        "  connection mmio m(from c.d, to flash.regs); }\n"
        "  configuration { flash.regs_paddr = 0x22000000; flash.regs_size = 0x200000;\n"
        "    c.d_access = \"R\"; } }\n"));
    assert_int_equal(b->rc, 0);
    int o = obj_index(b, "m__mmio__0");
    assert_true(o >= 0);
    assert_int_equal(b->sm.objs.v[o].type, MT_OBJ_FRAME_2M);
    assert_int_equal(map_perms(b, o), MT_VM_READ);
    b = build_src(with_prelude(
        "assembly { composition { component Client c; component Dev flash;\n"
        "  connection mmio m(from c.d, to flash.regs); }\n"
        "  configuration { flash.regs_paddr = 0x22000000; flash.regs_size = 0x1000; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(map_perms(b, obj_index(b, "m__mmio__0")), MT_VM_READ | MT_VM_WRITE);
    expect_errors(with_prelude(
        "assembly { composition { component Client c; component Dev flash;\n"
        "  connection mmio m(from c.d, to flash.regs); }\n"
        "  configuration { flash.regs_paddr = 0x22000000; flash.regs_size = 0x1000;\n"
        "    c.d_access = \"X\"; } }\n"),
        "t.camkes:26:18: error: component instance 'c': attribute 'd_access' must be \"R\", "
        "\"W\" or \"RW\"\n");
}

/* A region of 2 MiB frames goes to the top of the first GiB, a leaf of
 * the level-1 table the component has anyway: c keeps its three page
 * tables (the root is the VSpace; level 1 of GiB 0; level 0 of the image's
 * 2 MiB), none for the region. */
static void test_big_region_first_gib(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; component Dev flash;\n"
        "  connection mmio m(from c.d, to flash.regs); }\n"
        "  configuration { flash.regs_paddr = 0x22000000; flash.regs_size = 0x200000; } }\n"));
    assert_int_equal(b->rc, 0);
    int o = obj_index(b, "m__mmio__0"), tables = 0;
    uint64_t va = 0;
    for (int i = 0; i < b->sm.maps.n; i++)
        if (b->sm.maps.v[i].obj == o)
            va = b->sm.maps.v[i].vaddr;
    assert_int_equal(va, MT_LAYOUT_HIGH_BASE - (1ull << MT_FRAME_2M_SIZE_BITS));
    for (int i = 0; i < b->sm.objs.n; i++)
        tables += b->sm.objs.v[i].type == MT_OBJ_PAGE_TABLE &&
                  !strncmp(b->sm.objs.v[i].name, "c__pt__", 7);
    assert_int_equal(tables, 2);
}

/* files = [...]: a missing file is an error at the attribute. */
static void test_files_attribute_errors(void **state)
{
    (void)state;
    expect_errors(with_prelude(
        "assembly { composition { component Client c; }\n"
        "  configuration { c.files = [\"no-such-file.mote\"]; } }\n"),
        "t.camkes:24:30: error: component instance 'c': cannot read file "
        "'no-such-file.mote'\n");
    expect_errors(with_prelude(
        "assembly { composition { component Client c; }\n"
        "  configuration { c.files = [3]; } }\n"),
        "t.camkes:24:30: error: component instance 'c': attribute 'files' takes file names "
        "(strings)\n");
}

/* files = [...]: a file smaller than a page goes into the instance's
 * rodata (its bytes kept for the header, no page mapped); a bigger one is
 * mapped read-only in place, a page per 4 KiB. */
static void test_files_small_in_rodata(void **state)
{
    (void)state;
    char dir[] = "/tmp/motec-files-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *small_path = xasprintf("%s/small.mote", dir), *big_path = xasprintf("%s/big.mote", dir);
    FILE *f = fopen(small_path, "wb");
    assert_non_null(f);
    fputs("echo \"hi\"\n", f);
    fclose(f);
    f = fopen(big_path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 5000; i++)
        fputc('x', f);
    fclose(f);
    struct built *b = build_src(with_prelude(xasprintf(
        "assembly { composition { component Client c; }\n"
        "  configuration { c.files = [\"%s\", \"%s\"]; } }\n", small_path, big_path)));
    remove(small_path);
    remove(big_path);
    remove(dir);
    assert_int_equal(b->rc, 0);
    const struct m_file *small = &inst(b, "c")->files.v[0], *big = &inst(b, "c")->files.v[1];
    assert_int_equal(small->size, 10);
    assert_memory_equal(small->bytes, "echo \"hi\"\n", 10);
    assert_int_equal(small->vaddr, 0);
    assert_null(big->bytes);
    assert_true(big->vaddr != 0);
    assert_true(obj_index(b, "c__rodata__file1_0") >= 0);
    assert_true(obj_index(b, "c__rodata__file1_1") >= 0);
    assert_true(obj_index(b, "c__rodata__file0_0") < 0);
}

static void test_page_tables_minimal(void **state)
{
    (void)state;
    struct built *b = sys_build();
    /* Everything of a small component sits in one 2 MiB region. */
    assert_true(obj_index(b, "console__pt__l1_0") >= 0);
    assert_true(obj_index(b, "console__pt__l0_0") >= 0);
    int pts = 0;
    for (int i = 0; i < b->sm.objs.n; i++)
        pts += strncmp(b->sm.objs.v[i].name, "console__pt__", 13) == 0;
    assert_int_equal(pts, 2);
}

static void test_large_stack_goes_high(void **state)
{
    (void)state;
    char *src = with_prelude("assembly { composition { component Client c; }\n"
                             "  configuration { c.stack_size = 0x200000; } }\n");
    struct built *b = build_src(src);
    assert_int_equal(b->rc, 0);
    struct m_thread *t = inst(b, "c")->threads.v[0];
    assert_int_equal(t->stack_base, MT_LAYOUT_HIGH_BASE + MT_PAGE_SIZE);
}

const struct CMUnitTest alloc_tests[] = {
    cmocka_unit_test(test_threads_and_priorities),
    cmocka_unit_test(test_layout),
    cmocka_unit_test(test_one_page_only_where_it_fits),
    cmocka_unit_test(test_slots),
    cmocka_unit_test(test_badges),
    cmocka_unit_test(test_rpc_shared_pages),
    cmocka_unit_test(test_mmio_and_memory_owner),
    cmocka_unit_test(test_access_attribute),
    cmocka_unit_test(test_big_region_first_gib),
    cmocka_unit_test(test_has_thread_false_saves),
    cmocka_unit_test(test_control_interfaces_share_endpoint),
    cmocka_unit_test(test_fpu_attribute),
    cmocka_unit_test(test_inspect_attribute),
    cmocka_unit_test(test_mem_report_attribute),
    cmocka_unit_test(test_files_small_in_rodata),
    cmocka_unit_test(test_files_attribute_errors),
    cmocka_unit_test(test_page_tables_minimal),
    cmocka_unit_test(test_large_stack_goes_high),
};
const size_t alloc_test_count = sizeof alloc_tests / sizeof alloc_tests[0];

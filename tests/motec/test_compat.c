/* SPDX-License-Identifier: BSD-2-Clause */
/* CAmkES compatibility (issue 12): the C preprocessor, include
 * directories, and input files that are not sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "source.h"
#include <mote/objects.h>

#define DATA "tests/motec/data/compat/"

static const char *dirs[] = { DATA "inc1", DATA "inc2", STD_DIR };

/* Parses and checks a data file with cpp (or without). */
static int compile(const char *file, int cpp, const char **defines, int ndefines,
                   struct system *sys)
{
    static struct program prog;
    struct parse_cfg cfg = { .incdirs = dirs, .nincdirs = 3, .defines = defines,
                             .ndefines = ndefines, .cpp = cpp };
    memset(&prog, 0, sizeof prog);
    diag_reset();
    if (parse_file_cfg(&prog, file, &cfg))
        return -1;
    return check_program(&prog, sys);
}

static int64_t attr_int(struct system *sys, const char *in, const char *name)
{
    struct m_attr *a = inst_find_attr(sys_find_inst(sys, in), name);
    assert_non_null(a);
    assert_non_null(a->value);
    return a->value->i;
}

/* #include'd macros expand, #ifdef'd-out settings are not applied, -D
 * reaches cpp. */
static void test_cpp_runs(void **state)
{
    (void)state;
    struct system sys;
    assert_int_equal(compile(DATA "cpp.camkes", 1, NULL, 0, &sys), 0);
    assert_int_equal(attr_int(&sys, "s", "x"), 7);
    assert_int_equal(attr_int(&sys, "s", "y"), 1);
    const char *defs[] = { "WITH_Y" };
    assert_int_equal(compile(DATA "cpp.camkes", 1, defs, 1, &sys), 0);
    assert_int_equal(attr_int(&sys, "s", "y"), 7);
    /* --no-cpp: the macro is not known, and the error says where */
    assert_int_not_equal(compile(DATA "cpp.camkes", 0, NULL, 0, &sys), 0);
    assert_non_null(strstr(diag_text(), "cpp.camkes:13:11: error: expected a number, found "
                                        "'PLAT_X'"));
}

/* Positions are those of the original file: line markers for lines,
 * the original text (comments blanked) for columns. */
static void test_cpp_positions(void **state)
{
    (void)state;
    struct system sys;
    assert_int_not_equal(compile(DATA "cpp_error.camkes", 1, NULL, 0, &sys), 0);
    assert_string_equal(diag_text(), DATA "cpp_error.camkes:6:31: error: component instance "
                        "'s' (type S) has no attribute 'nope'\n");
}

/* A string spanning lines goes through cpp unchanged and without cpp's
 * warning about it (CAmkES allows such strings). */
static void test_cpp_multiline_string(void **state)
{
    (void)state;
    struct system sys;
    assert_int_equal(compile(DATA "multiline.camkes", 1, NULL, 0, &sys), 0);
    assert_string_equal(diag_text(), "");
    struct m_attr *a = inst_find_attr(sys_find_inst(&sys, "s"), "s");
    assert_string_equal(a->value->s, "one\n  two");
}

/* On a line a macro changed, the expansion starts at the macro's
 * column: "big" is reported where SIZE is written (cpp's spacing would
 * put it at 25). */
static void test_cpp_macro_column(void **state)
{
    (void)state;
    struct system sys;
    assert_int_not_equal(compile(DATA "cpp_macro_col.camkes", 1, NULL, 0, &sys), 0);
    assert_string_equal(diag_text(), DATA "cpp_macro_col.camkes:5:28: error: component "
                        "instance 's': attribute 'n' is declared 'int' and needs an integer\n");
}

/* cpp's own errors come through in its file:line:col form. */
static void test_cpp_error(void **state)
{
    (void)state;
    struct system sys;
    assert_int_equal(compile(DATA "cpp_bad.camkes", 1, NULL, 0, &sys), -1);
    assert_true(diag_error_count() > 0);
    assert_non_null(strstr(diag_text(), DATA "cpp_bad.camkes:1:10: fatal error: missing.h"));
}

/* No cpp on the PATH, and cpp output over the cap: errors where the
 * file was imported (or without a place for the top file). */
static void test_cpp_limits(void **state)
{
    (void)state;
    static struct program prog;
    struct parse_cfg cfg = { .incdirs = dirs, .nincdirs = 3, .cpp = 1, .max_cpp_bytes = 1024 };
    memset(&prog, 0, sizeof prog);
    diag_reset();
    assert_int_equal(parse_file_cfg(&prog, DATA "imports_big.camkes", &cfg), -1);
    assert_string_equal(diag_text(), DATA "imports_big.camkes:1:1: error: the C preprocessor's "
                        "output for '" DATA "big_output.camkes' is larger than the limit of "
                        "1024 bytes\n");
    char *path = getenv("PATH") ? xstrdup(getenv("PATH")) : NULL;
    setenv("PATH", "/nonexistent", 1);
    memset(&prog, 0, sizeof prog);
    diag_reset();
    cfg.max_cpp_bytes = 0;
    int rc = parse_file_cfg(&prog, DATA "cpp.camkes", &cfg);
    if (path)
        setenv("PATH", path, 1);
    assert_int_equal(rc, -1);
    assert_string_equal(diag_text(), "motec: error: cannot run the C preprocessor 'cpp' on '"
                        DATA "cpp.camkes' (install gcc's cpp, or use --no-cpp)\n");
    /* a cpp that fails without a word: motec says so */
    char dir[] = "/tmp/motec_cpp_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *fake = xasprintf("%s/cpp", dir);
    FILE *f = fopen(fake, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\nexit 3\n", f);
    fclose(f);
    assert_int_equal(chmod(fake, 0755), 0);
    setenv("PATH", dir, 1);
    memset(&prog, 0, sizeof prog);
    diag_reset();
    rc = parse_file_cfg(&prog, DATA "incdirs.camkes", &cfg);
    if (path)
        setenv("PATH", path, 1);
    unlink(fake);
    rmdir(dir);
    assert_int_equal(rc, -1);
    assert_string_equal(diag_text(), "motec: error: the C preprocessor failed on '" DATA
                        "incdirs.camkes'\n");
}

/* Every -I counts, in order: a.camkes from inc1 (not inc2's), b.camkes
 * from inc2. */
static void test_include_order(void **state)
{
    (void)state;
    struct system sys;
    assert_int_equal(compile(DATA "incdirs.camkes", 1, NULL, 0, &sys), 0);
    for (int i = 0; i < sys.prog->procedures.n; i++)
        assert_string_not_equal(sys.prog->procedures.v[i].name, "Wrong");
    assert_int_equal(compile(DATA "notfound.camkes", 1, NULL, 0, &sys), -1);
    assert_string_equal(diag_text(), DATA "notfound.camkes:2:1: error: cannot import "
                        "'nowhere.camkes': not found in the include directories (" DATA "inc1, "
                        DATA "inc2, " STD_DIR ")\n");
}

/* The standard directory is found from the binary: motec works from any
 * working directory. */
static void test_std_from_binary(void **state)
{
    (void)state;
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char *cmd = xasprintf("cd / && %s/%s -I %s/%sinc1 -I %s/%sinc2 %s/%sincdirs.camkes "
                          ">/dev/null 2>&1", cwd, MOTEC_BIN, cwd, DATA, cwd, DATA, cwd, DATA);
    assert_int_equal(system(cmd), 0);
}

/* A device, a fifo or a huge file is not a source. */
static void test_not_a_source(void **state)
{
    (void)state;
    expect_errors("import \"/dev/zero\";", "t.camkes:1:1: error: cannot read '/dev/zero': it is "
                  "not a regular file\n");
    char path[] = "/tmp/motec_big_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, MOTEC_MAX_SOURCE_BYTES + 1), 0);
    close(fd);
    char *src = xasprintf("import \"%s\";", path);
    char *want = xasprintf("t.camkes:1:1: error: cannot read '%s': it is larger than the limit "
                           "of 8 MiB\n", path);
    expect_errors(src, want);
    unlink(path);
}

/* _priority and _stack_size are the control thread's; <iface>_...
 * the interface thread's; priority and stack_size everyone's default. */
static void test_control_thread_attrs(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Both { control; provides P p; }\n"
        "assembly { composition { component Both s; component Client c;\n"
        "  connection seL4RPCCall x(from c.p, to s.p); }\n"
        "  configuration { s._priority = 50; s._stack_size = 16 * 1024; s.priority = 90;\n"
        "    s.p_stack_size = 8192; c.p_priority = 3; } }\n"));
    assert_int_equal(b->rc, 0);
    struct m_inst *s = inst(b, "s");
    assert_int_equal(s->threads.n, 2);
    assert_int_equal(s->threads.v[0]->priority, 50);
    assert_int_equal(s->threads.v[0]->stack_size, 16384);
    assert_int_equal(s->threads.v[1]->priority, 90);
    assert_int_equal(s->threads.v[1]->stack_size, 8192);
    assert_string_equal(diag_text(), "t.camkes:27:43: warning: component instance 'c': "
                        "attribute 'p_priority' is ignored by mote: that interface has no thread "
                        "of its own in mote\n");
    /* a control thread mote omits: said so */
    b = build_src(with_prelude("assembly { composition { component Server s; }\n"
                               "  configuration { s._stack_size = 8192; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(inst(b, "s")->threads.n, 0);
    assert_non_null(strstr(diag_text(), "t.camkes:24:35: warning: component instance 's': "
                           "'_stack_size' is ignored: component Server has no 'control' and no "
                           "interface without a thread, so mote omits its control thread\n"));
    expect_errors(with_prelude("assembly { composition { component Client c; }\n"
                               "  configuration { c._priority = 300; } }\n"),
                  "t.camkes:24:33: error: component instance 'c': attribute '_priority' must "
                  "be an integer from 0 to 255, not 300\n");
}

/* Settings CAmkES accepts and mote does not use: each one warned. */
static void test_ignored_settings(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Locks { control; has semaphore sem; provides P p; }\n"
        "assembly { composition { component Locks l; component Client c; component Dev d;\n"
        "  connection seL4RPCCall x(from c.p, to l.p); }\n"
        "  configuration { l.sem_value = 0; d.integrity_label = \"dev\";\n"
        "    l._period = 10; l.p_budget = 2; l._passive = true; l._domain = 1;\n"
        "    x.buffer = 1; nobody.ID = 1; } }\n"));
    assert_int_equal(b->rc, 0);
    const char *want[] = {
        "t.camkes:23:28: warning: 'has semaphore' is ignored: libmote offers no CAmkES locks\n",
        "t.camkes:28:5: warning: configuration: 'x.buffer' is ignored: mote's connectors take "
        "no attributes\n",
        "t.camkes:28:19: warning: configuration: 'nobody.ID' is ignored: there is no component "
        "instance 'nobody' (CAmkES ignores it too)\n",
        "t.camkes:26:33: warning: component instance 'l': attribute 'sem_value' is ignored by "
        "mote: 'has' declarations are ignored\n",
        "t.camkes:27:17: warning: component instance 'l': attribute '_period' is ignored by "
        "mote: mote has no MCS scheduling contexts\n",
        "t.camkes:27:34: warning: component instance 'l': attribute 'p_budget' is ignored by "
        "mote: mote has no MCS scheduling contexts\n",
        "t.camkes:27:68: warning: component instance 'l': attribute '_domain' is ignored by "
        "mote: mote has no scheduling domains\n",
        "t.camkes:26:56: warning: component instance 'd': attribute 'integrity_label' is "
        "ignored by mote: mote has no integrity labels\n",
    };
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_non_null(strstr(diag_text(), want[i]));
}

/* seL4Notification: one emitter, several consumers, each with its own
 * notification and the emitter a cap to each; two emitters refused.
 * mote's own 'notification' stays many-to-one. */
static void test_sel4_notification(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Sink { control; consumes Ev ev; }\n"
        "assembly { composition { component Client c; component Sink a; component Sink z;\n"
        "  connection seL4Notification n(from c.ev, to a.ev, to z.ev); } }\n"));
    assert_int_equal(b->rc, 0);
    struct m_iface *ev = iface(b, "c", "ev");
    assert_int_equal(ev->nslots, 2);
    const struct sm_cap *k0 = cap_at(b, "c__cnode__root", ev->slot);
    const struct sm_cap *k1 = cap_at(b, "c__cnode__root", ev->slot + 1);
    assert_int_equal(k0->obj, obj_index(b, "n__ntfn__a_ev"));
    assert_int_equal(k1->obj, obj_index(b, "n__ntfn__z_ev"));
    assert_string_equal(iface(b, "z", "ev")->obj, "n__ntfn__z_ev");
    expect_errors(with_prelude(
        "component Sink { control; consumes Ev ev; }\n"
        "assembly { composition { component Client c; component Client d; component Sink a;\n"
        "  connection seL4Notification n(from c.ev, from d.ev, to a.ev); } }\n"),
        "t.camkes:25:31: error: connection 'n': connector seL4Notification takes one 'from' "
        "end, not 2\n");
    b = build_src(with_prelude(
        "component Sink { control; consumes Ev ev; }\n"
        "assembly { composition { component Client c; component Client d; component Sink a;\n"
        "  connection notification n(from c.ev, from d.ev, to a.ev); } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(iface(b, "d", "ev")->ends.v[0]->badge, 2);
}

/* seL4HardwareMMIO: several software components map one device. */
static void test_mmio_several_from(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; component Client e; component Dev d;\n"
        "  connection seL4HardwareMMIO m(from c.d, from e.d, to d.regs); }\n"
        "  configuration { d.regs_paddr = 0x10000000; d.regs_size = 0x1000; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_true(iface(b, "c", "d")->vaddr != 0);
    assert_true(iface(b, "e", "d")->vaddr != 0);
}

/* Several assemblies merge (a connection may name an instance of
 * another); schedule blocks, connector attributes, multi-line strings
 * and inline struct types are read. */
static void test_grammar(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "connector Mine { from Procedure; to Procedure; attribute int depth = 2; }\n"
        "struct pt { int x; };\n"
        "component Cfg { control; attribute struct { int a; string b; } s; attribute {int c;} t;\n"
        "  attribute string text = \"one\n  two\"; }\n"
        "assembly { composition { component Client c;\n"
        "  connection seL4RPCCall x(from c.p, to s.p); } }\n"
        "assembly { composition { component Server s; component Cfg g; }\n"
        "  configuration { g.s = {\"a\": 1, \"b\": \"x\"}; } }\n"
        "schedule { }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(iface(b, "s", "p")->ends.n, 1);
    assert_string_equal(inst_find_attr(inst(b, "g"), "text")->value->s, "one\n  two");
    assert_string_equal(diag_text(), "t.camkes:32:1: warning: 'schedule' is ignored: mote has "
                        "no scheduling domains\n");
}

/* A group (one shared address space in CAmkES) is refused, never
 * turned into separate address spaces. */
static void test_group_refused(void **state)
{
    (void)state;
    expect_errors(with_prelude("assembly { composition {\n"
                               "  group g { component Client c; component Server s; } } }\n"),
                  "t.camkes:24:3: error: group 'g': components sharing one address space are "
                  "not supported (mote gives every component instance its own VSpace and "
                  "CSpace); declare the instances outside the group\n");
}

/* A region too large for the spec is refused before allocation: no
 * wrapped page count, no frames missing behind an advertised size. */
static void test_huge_dataport(void **state)
{
    (void)state;
    const char *fmt = "component Big { control; dataport Buf(%s) d; }\n"
                      "assembly { composition { component Big a; component Big b;\n"
                      "  connection seL4SharedData s(from a.d, to b.d); } }\n";
    expect_errors(with_prelude(xasprintf(fmt, "0x7fffffffffffffff")),
                  "t.camkes:25:36: error: connection 's': 'a.d' is 9223372036854775807 bytes, "
                  "2251799813685248 pages of 4 KiB; a system holds at most 3072 objects\n");
    expect_errors(with_prelude(xasprintf(fmt, "(1 << 30) + 4096")),
                  "t.camkes:25:36: error: connection 's': 'a.d' is 1073745920 bytes, 262145 "
                  "pages of 4 KiB; a system holds at most 3072 objects\n");
    /* a multiple of 2 MiB: 2 MiB frames, at a 2 MiB aligned address */
    struct built *big = build_src(with_prelude(xasprintf(fmt, "8 << 20")));
    assert_int_equal(big->rc, 0);
    assert_int_equal(big->sys.conns.v[0]->npages, 4);
    assert_int_equal(big->sm.objs.v[obj_index(big, "s__dataport__3")].type, MT_OBJ_FRAME_2M);
    assert_int_equal(iface(big, "b", "d")->vaddr % (2u << 20), 0);
    struct built *b = build_src(with_prelude(xasprintf(fmt, "1 << 20")));
    assert_int_equal(b->rc, 0);
    assert_int_equal(b->sys.conns.v[0]->npages, 256);
    assert_int_equal(iface(b, "a", "d")->vsize, 1 << 20);
}

/* cantripRPCCallSignal: an RPC endpoint plus a notification per
 * client, which the client waits on and the server holds a cap to at
 * slot + badge.  The other Cantrip connectors are mote's. */
static void test_cantrip_connectors(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Tmr { control; provides P t; }\n"
        "component User { control; uses P t; dataport Buf d; }\n"
        "assembly { composition { component Tmr s; component User a; component User z;\n"
        "  connection cantripRPCCallSignal sig(from a.t, from z.t, to s.t);\n"
        "  connection cantripSharedData sd(from a.d, to z.d); } }\n"));
    assert_int_equal(b->rc, 0);
    struct m_iface *st = iface(b, "s", "t"), *zt = iface(b, "z", "t");
    assert_int_equal(st->nslots, 3);
    assert_int_equal(zt->nslots, 2);
    assert_int_equal(cap_at(b, "z__cnode__root", zt->slot + 1)->obj, obj_index(b, "sig__ntfn__z"));
    assert_int_equal(cap_at(b, "s__cnode__root", st->slot + 2)->obj, obj_index(b, "sig__ntfn__z"));
    assert_int_equal(cap_at(b, "s__cnode__root", st->slot + 1)->obj, obj_index(b, "sig__ntfn__a"));
    assert_int_equal(b->sys.conns.v[1]->ci->kind, CK_SHARED_DATA);
}

/* cnode_headroom and untyped_memory are mote's cnode_free_slots and
 * untyped_slots. */
static void test_cantrip_attributes(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Mm { control; attribute int untyped_memory = true; }\n"
        "component Rt { control; attribute int cnode_headroom = 8; }\n"
        "assembly { composition { component Mm m; component Rt r; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(inst(b, "m")->untyped_slots, 64);
    assert_int_equal(inst(b, "r")->free_slots, 8);
    assert_true(inst(b, "r")->cnode_bits >= 4);
}

/* A large 2 MiB aligned device region is mapped with 2 MiB frames: 8
 * objects for 16 MiB, at a 2 MiB aligned address, with no level-0
 * tables under them; a small or unaligned one keeps 4 KiB frames. */
static void test_large_mmio(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Tcm { hardware; dataport Buf(0x1000000) tcm; }\n"
        "component Drv { control; dataport Buf(0x1000000) tcm; }\n"
        "assembly { composition { component Tcm d; component Drv c;\n"
        "  connection seL4HardwareMMIO m(from c.tcm, to d.tcm); }\n"
        "  configuration { d.tcm_paddr = 0x34000000; d.tcm_size = 0x1000000; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(b->sys.conns.v[0]->npages, 8);
    const struct sm_obj *o = &b->sm.objs.v[obj_index(b, "m__mmio__7")];
    assert_int_equal(o->type, MT_OBJ_FRAME_2M);
    assert_int_equal(o->paddr, 0x34e00000);
    uint64_t va = iface(b, "c", "tcm")->vaddr;
    assert_int_equal(va % (2u << 20), 0);
    for (uint64_t a = va; a < va + 0x1000000; a += 2u << 20)
        assert_int_equal(sm_find(&b->sm, xasprintf("c__pt__l0_%llu", (unsigned long long)(a >> 21))),
                         -1);
    b = build_src(with_prelude(
        "component Tcm { hardware; dataport Buf(0x1000000) tcm; }\n"
        "component Drv { control; dataport Buf(0x1000000) tcm; }\n"
        "assembly { composition { component Tcm d; component Drv c;\n"
        "  connection seL4HardwareMMIO m(from c.tcm, to d.tcm); }\n"
        "  configuration { d.tcm_paddr = 0x34001000; d.tcm_size = 0x800000; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(b->sys.conns.v[0]->npages, 2048);
    assert_int_equal(b->sm.objs.v[obj_index(b, "m__mmio__0")].type, MT_OBJ_FRAME_4K);
}

/* A project's own declaration of a connector motec implements is no
 * duplicate of the standard one; other duplicates still are. */
static void test_connector_redeclared(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "connector cantripIRQ { from hardware Events; to Event; }\n"
        "connector seL4SharedData { from Dataports; to Dataports; }\n"
        "assembly { composition { component Client c; } }\n"));
    assert_int_equal(b->rc, 0);
    expect_errors(with_prelude("connector Mine { from Event; to Event; }\n"
                               "connector Mine { from Event; to Event; }\n"
                               "assembly { composition { component Client c; } }\n"),
                  "t.camkes:24:1: error: duplicate connector 'Mine' (first declared at "
                  "t.camkes:23:1)\n");
}

/* CAmkES's older connector names, as seL4's example apps use them. */
static void test_old_connector_names(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; component Server s;\n"
        "  connection seL4RPC r(from c.p, to s.p);\n"
        "  connection seL4Asynch a(from c.ev, to s.ev); } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(b->sys.conns.v[0]->ci->kind, CK_RPC_BASIC);
    assert_int_equal(b->sys.conns.v[1]->ci->kind, CK_NOTIFICATION);
    assert_false(b->sys.conns.v[1]->ci->from_multi);
    assert_int_equal(connector_lookup("seL4RPCCallNoType")->kind, CK_RPC_BASIC);
    assert_true(connector_lookup("seL4NotificationQueue")->to_multi);
    assert_true(connector_lookup("seL4NotificationNative")->from_multi);
}

/* Compound components: inner instances and connections join the
 * system under the instance's name, exports lead connections inside,
 * '<-' passes the instance's attribute on (set, or its default). */
static void test_compound_components(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Inner { provides P p; uses P q; attribute string s; attribute int k; }\n"
        "component Pipe { provides P in; uses P out; attribute string s = \"dflt\";\n"
        "  attribute int k;\n"
        "  composition { component Inner a; component Inner z;\n"
        "    connection seL4RPCCall mid(from a.q, to z.p);\n"
        "    export a.p -> in; export z.q -> out; }\n"
        "  configuration { a.s <- s; z.s = \"fixed\"; a.k <- k; } }\n"
        "assembly { composition { component Client c; component Server s;\n"
        "  component Pipe p1; component Pipe p2;\n"
        "  connection seL4RPCCall x1(from c.p, to p1.in);\n"
        "  connection seL4RPCCall x2(from p1.out, to p2.in);\n"
        "  connection seL4RPCCall x3(from p2.out, to s.p); }\n"
        "  configuration { p1.s = \"set\"; p2.k = 4; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(b->sys.insts.n, 6);
    assert_int_equal(iface(b, "p1_a", "p")->ends.v[0]->conn->ends.v[0]->inst, inst(b, "c"));
    assert_int_equal(iface(b, "p2_a", "p")->ends.v[0]->conn->ends.v[0]->inst, inst(b, "p1_z"));
    assert_int_equal(iface(b, "s", "p")->ends.v[0]->conn->ends.v[0]->inst, inst(b, "p2_z"));
    assert_non_null(sys_find_inst(&b->sys, "p1_z"));
    assert_string_equal(inst_find_attr(inst(b, "p1_a"), "s")->value->s, "set");
    assert_string_equal(inst_find_attr(inst(b, "p2_a"), "s")->value->s, "dflt");
    assert_string_equal(inst_find_attr(inst(b, "p2_z"), "s")->value->s, "fixed");
    assert_int_equal(inst_find_attr(inst(b, "p2_a"), "k")->value->i, 4);
    assert_null(inst_find_attr(inst(b, "p1_a"), "k")->value);
    assert_null(sys_find_inst(&b->sys, "p1"));   /* everything exported: no instance */
    /* an interface it does not export is its own: the compound is an
     * instance too (its code serves it) */
    b = build_src(with_prelude(
        "component Inner { provides P p; }\n"
        "component Box { provides P in; provides P extra;\n"
        "  composition { component Inner a; export a.p -> in; } }\n"
        "assembly { composition { component Client c; component Client d; component Box b;\n"
        "  connection seL4RPCCall x(from c.p, to b.in);\n"
        "  connection seL4RPCCall y(from d.p, to b.extra); } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(iface(b, "b", "extra")->ends.n, 1);
    assert_int_equal(iface(b, "b_a", "p")->ends.n, 1);
    expect_errors(with_prelude(
        "component Inner { provides P p; }\n"
        "component Box { provides P in; composition { component Inner a; export a.p -> in; } }\n"
        "assembly { composition { component Client c; component Box b;\n"
        "  connection seL4RPCCall x(from c.p, to b.out); } }\n"),
        "t.camkes:26:41: error: compound component 'Box' (instance 'b') exports no interface "
        "'out'\n");
}

/* Compounds that contain themselves end at a depth limit; a reference
 * to a top-level block belongs in an assembly. */
static void test_compound_limits(void **state)
{
    (void)state;
    expect_errors(with_prelude("component A { composition { component B b; } }\n"
                               "component B { composition { component A a; } }\n"
                               "assembly { composition { component A x; } }\n"),
                  "t.camkes:24:41: error: compound components nested too deeply (more than 16 "
                  "levels)\n");
    expect_errors(with_prelude("component A { composition inner; }\n"),
                  "t.camkes:23:15: error: a reference to a top-level composition belongs in an "
                  "assembly\n");
}

/* Top-level compositions and configurations, taken in by name. */
static void test_named_blocks(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "composition pair { component Client c; component Server s;\n"
        "  connection seL4RPCCall x(from c.p, to s.p); }\n"
        "configuration tuning { c.level = 9; }\n"
        "assembly { composition pair; configuration tuning; }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(b->sys.insts.n, 2);
    assert_int_equal(inst_find_attr(inst(b, "c"), "level")->value->i, 9);
    expect_errors(with_prelude("assembly { composition nothing; }\n"),
                  "t.camkes:23:12: error: no top-level composition named 'nothing'\n");
}

/* inst.attr <- other.attr in an assembly, through chains; a cycle is an
 * error, a reference to nothing set a warning. */
static void test_attribute_references(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; component Client d; component Client e; }\n"
        "  configuration { c.level <- d.level; d.level <- e.level; e.level = 5 + 6;\n"
        "    c.label <- d.nothing; } }\n"));
    assert_int_equal(b->rc, 0);
    assert_int_equal(inst_find_attr(inst(b, "c"), "level")->value->i, 11);
    assert_non_null(strstr(diag_text(), "t.camkes:25:7: warning: attribute 'c.label' is left "
                                        "unset: 'd.nothing' is not set\n"));
    expect_errors(with_prelude(
        "assembly { composition { component Client c; }\n"
        "  configuration { c.level <- c.label; c.label <- c.level; } }\n"),
        "t.camkes:24:21: error: attribute 'c.level': its references ('<-') go round in a "
        "cycle\n"
        "t.camkes:24:41: error: attribute 'c.label': its references ('<-') go round in a "
        "cycle\n");
}

/* A hardware dataport placed the older way, "paddr:size"; _cached is
 * warned (device frames are uncached). */
static void test_hw_attributes_string(void **state)
{
    (void)state;
    const char *fmt = "assembly { composition { component Client c; component Dev d;\n"
                      "  connection seL4HardwareMMIO m(from c.d, to d.regs); }\n"
                      "  configuration { d.regs_attributes = %s; d.regs_cached = true; } }\n";
    struct built *b = build_src(with_prelude(xasprintf(fmt, "\"0x43F90000:0x1000\"")));
    assert_int_equal(b->rc, 0);
    assert_int_equal(iface(b, "d", "regs")->paddr, 0x43F90000);
    assert_int_equal(iface(b, "d", "regs")->size, 0x1000);
    assert_string_equal(diag_text(), "t.camkes:25:76: warning: component instance 'd': "
                        "attribute 'regs_cached' is ignored by mote: device frames are always "
                        "mapped uncached\n");
    struct built *q = build_src(with_prelude(
        "component Sink { control; consumes Irq irq; }\n"
        "assembly { composition { component Dev d; component Sink s;\n"
        "  connection seL4HardwareInterrupt i(from d.irq, to s.irq); }\n"
        "  configuration { d.irq_attributes = \"27\"; } }\n"));
    assert_int_equal(q->rc, 0);
    assert_int_equal(iface(q, "d", "irq")->irq, 27);
    expect_errors(with_prelude(
        "component Sink { control; consumes Irq irq; }\n"
        "assembly { composition { component Dev d; component Sink s;\n"
        "  connection seL4HardwareInterrupt i(from d.irq, to s.irq); }\n"
        "  configuration { d.irq_attributes = \"x\"; } }\n"),
        "t.camkes:26:38: error: component instance 'd': attribute 'irq_attributes' must be an "
        "IRQ number from 1 to 63 (or a string of one)\n");
    expect_errors(with_prelude(xasprintf(fmt, "\"0x43F90001\"")),
                  "t.camkes:25:39: error: component instance 'd': attribute 'regs_attributes' "
                  "must be a string \"paddr:size\" (page aligned, size 1 to 4 GiB)\n"
                  "t.camkes:25:69: warning: component instance 'd': attribute 'regs_cached' is "
                  "ignored by mote: device frames are always mapped uncached\n");
}

const struct CMUnitTest compat_tests[] = {
    cmocka_unit_test(test_hw_attributes_string),
    cmocka_unit_test(test_attribute_references),
    cmocka_unit_test(test_named_blocks),
    cmocka_unit_test(test_compound_limits),
    cmocka_unit_test(test_compound_components),
    cmocka_unit_test(test_old_connector_names),
    cmocka_unit_test(test_connector_redeclared),
    cmocka_unit_test(test_large_mmio),
    cmocka_unit_test(test_cantrip_connectors),
    cmocka_unit_test(test_cantrip_attributes),
    cmocka_unit_test(test_huge_dataport),
    cmocka_unit_test(test_group_refused),
    cmocka_unit_test(test_grammar),
    cmocka_unit_test(test_sel4_notification),
    cmocka_unit_test(test_mmio_several_from),
    cmocka_unit_test(test_control_thread_attrs),
    cmocka_unit_test(test_ignored_settings),
    cmocka_unit_test(test_cpp_runs),
    cmocka_unit_test(test_cpp_positions),
    cmocka_unit_test(test_cpp_error),
    cmocka_unit_test(test_cpp_macro_column),
    cmocka_unit_test(test_cpp_multiline_string),
    cmocka_unit_test(test_include_order),
    cmocka_unit_test(test_cpp_limits),
    cmocka_unit_test(test_std_from_binary),
    cmocka_unit_test(test_not_a_source),
};
const size_t compat_test_count = sizeof compat_tests / sizeof compat_tests[0];

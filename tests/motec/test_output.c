/* SPDX-License-Identifier: BSD-2-Clause */
/* Writers: system.cdl parses back with the same objects and caps, the
 * binary spec matches the model, the generated header compiles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "helpers.h"
#include <mote/msginfo.h>

static struct built *small(void)
{
    static struct built *b;
    if (!b) {
        char *src = with_prelude(
            "component Drv { control; consumes Irq irq; uses P p; dataport Buf d; }\n"
            "assembly { composition { component Server s; component Client c; "
            "component Drv d; component Dev hw;\n"
            "  connection rpc_basic x(from c.p, from d.p, to s.p);\n"
            "  connection shared_data sd(from c.d, to s.d);\n"
            "  connection shared_irq i(from hw.irq, from hw.irq2, to d.irq);\n"
            "  connection mmio m(from d.d, to hw.regs); }\n"
            "  configuration { hw.irq_irq_number = 5; hw.irq2_irq_number = 6;\n"
            "    hw.regs_paddr = 0x10000000; hw.regs_size = 0x1000; c.label = \"hi\"; } }\n");
        b = build_src(src);
        assert_int_equal(b->rc, 0);
    }
    return b;
}

/* A reader for the capDL subset motec writes: "name = type ..." lines in
 * objects, "name {" blocks of "slot: target ..." lines in caps. */
struct cdl {
    int nobjs, ncnode_caps, nirq_maps;
    char names[512][96];
    char types[512][16];
};

static int read_objects(char **lines, int i, int n, struct cdl *c)
{
    for (; i < n && strcmp(lines[i], "}") != 0; i++) {
        char name[96], type[16];
        assert_int_equal(sscanf(lines[i], " %95s = %15[a-z_]", name, type), 2);
        strcpy(c->names[c->nobjs], name);
        strcpy(c->types[c->nobjs++], type);
    }
    return i;
}

static int cdl_type_of(const struct cdl *c, const char *name)
{
    for (int i = 0; i < c->nobjs; i++)
        if (strcmp(c->names[i], name) == 0)
            return i;
    return -1;
}

static void parse_cdl(char *text, struct cdl *c)
{
    static char *lines[8192];
    int n = 0, i;
    for (char *s = strtok(text, "\n"); s && n < 8192; s = strtok(NULL, "\n"))
        lines[n++] = s;
    assert_string_equal(lines[0], "arch riscv");
    for (i = 1; i < n && strcmp(lines[i], "objects {") != 0; i++)
        ;
    i = read_objects(lines, i + 1, n, c);
    const char *block = NULL;
    for (; i < n && strcmp(lines[i], "irq maps {") != 0; i++) {
        char name[96], target[96];
        unsigned slot;
        if (strcmp(lines[i], "caps {") == 0)
            continue;
        if (sscanf(lines[i], " %95s {", name) == 1 && strstr(lines[i], "{")) {
            block = strstr(name, "__cnode__") ? "cnode" : "other";
            assert_true(cdl_type_of(c, name) >= 0);
        } else if (block && strcmp(block, "cnode") == 0 &&
                   sscanf(lines[i], " 0x%x: %95s", &slot, target) == 2) {
            assert_true(cdl_type_of(c, target) >= 0);
            c->ncnode_caps++;
        }
    }
    for (i++; i < n && strcmp(lines[i], "}") != 0; i++)
        c->nirq_maps++;
}

static void test_cdl_round_trip(void **state)
{
    (void)state;
    struct built *b = small();
    struct strbuf sb;
    sb_init(&sb);
    emit_cdl(&b->sm, &sb);
    struct cdl *c = calloc(1, sizeof *c);
    parse_cdl(sb.s, c);
    assert_int_equal(c->nobjs, b->sm.objs.n);
    assert_int_equal(c->ncnode_caps, b->sm.caps.n);
    assert_int_equal(c->nirq_maps, 2);
    assert_string_equal(c->types[cdl_type_of(c, "x__ep__p")], "ep");
    assert_string_equal(c->types[cdl_type_of(c, "i__ntfn__irq")], "notification");
    assert_string_equal(c->types[cdl_type_of(c, "c__tcb__control")], "tcb");
    assert_string_equal(c->types[cdl_type_of(c, "c__cnode__root")], "cnode");
    assert_string_equal(c->types[cdl_type_of(c, "m__mmio__0")], "frame");
    assert_string_equal(c->types[cdl_type_of(c, "i__irq__5")], "irq");
    free(c);
}

/* Every object name is <owner>__<kind>__<detail>, owner an instance or a
 * connection, kind one of the documented ones. */
static void test_naming_convention(void **state)
{
    (void)state;
    static const char *const kinds[] = { "code", "rodata", "data", "stack", "ipcbuf", "tcb",
                                         "cnode", "vspace", "pt", "ep", "ntfn", "dataport",
                                         "mmio", "irq", "untyped", "asid_pool" };
    struct built *b = small();
    for (int i = 0; i < b->sm.objs.n; i++) {
        char owner[64], kind[32], detail[64];
        const char *name = b->sm.objs.v[i].name;
        const char *k = strstr(name, "__"), *d = k ? strstr(k + 2, "__") : NULL;
        assert_non_null(d);
        snprintf(owner, sizeof owner, "%.*s", (int)(k - name), name);
        snprintf(kind, sizeof kind, "%.*s", (int)(d - k - 2), k + 2);
        snprintf(detail, sizeof detail, "%s", d + 2);
        int ok = 0;
        for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++)
            ok |= strcmp(kind, kinds[j]) == 0;
        assert_true(ok);
        assert_true(detail[0] != 0);
        assert_true(sys_find_inst(&b->sys, owner) || strchr("xmi", owner[0]) ||
                    strcmp(owner, "sd") == 0 || strcmp(owner, "system") == 0);
    }
}

static void test_binary_spec(void **state)
{
    (void)state;
    struct built *b = small();
    size_t len;
    unsigned char *spec = emit_spec(&b->sm, &len);
    const struct mt_spec_header *h = (const void *)spec;
    assert_int_equal(h->magic, MT_SPEC_MAGIC);
    assert_int_equal(h->version, MT_SPEC_VERSION);
    assert_int_equal(h->total_bytes, len);
    assert_int_equal(h->object_count, b->sm.objs.n);
    assert_int_equal(h->cap_count, b->sm.caps.n);
    assert_int_equal(h->tcb_count, b->sm.tcbs.n);
    assert_int_equal(h->irq_count, 2);
    assert_int_equal(h->object_offset % 8, 0);
    assert_int_equal(h->mapping_offset % 8, 0);
    const struct mt_spec_object *o = (const void *)(spec + h->object_offset);
    const char *strings = (const char *)spec + h->string_offset;
    for (uint32_t i = 0; i < h->object_count; i++)
        assert_string_equal(strings + o[i].name, b->sm.objs.v[i].name);
    /* Creation order: RAM objects largest first, then the rest. */
    int seen_free = 0, last = 64;
    for (uint32_t i = 0; i < h->object_count; i++) {
        uint64_t ram = sm_obj_ram(&b->sm.objs.v[i]);
        if (!ram) {
            seen_free = 1;
            continue;
        }
        assert_false(seen_free);
        int bits = mt_object_size_bits(o[i].type, o[i].size_bits);
        assert_true(bits <= last);
        last = bits;
    }
    const struct mt_spec_cap *c = (const void *)(spec + h->cap_offset);
    for (uint32_t i = 1; i < h->cap_count; i++)
        assert_true(c[i - 1].cnode < c[i].cnode ||
                    (c[i - 1].cnode == c[i].cnode && c[i - 1].slot < c[i].slot));
    free(spec);
}

/* Device frames come in address order whatever order the assembly lists
 * them in: the rootserver carves them from device untyped upwards. */
static void test_device_frames_in_address_order(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "component Drv2 { control; dataport Buf a; dataport Buf b; }\n"
        "assembly { composition { component Drv2 d; component Dev hi; component Dev lo;\n"
        "  connection mmio mh(from d.a, to hi.regs);\n"
        "  connection mmio ml(from d.b, to lo.regs); }\n"
        "  configuration { hi.regs_paddr = 0x10008000; hi.regs_size = 0x1000;\n"
        "    lo.regs_paddr = 0x10007000; lo.regs_size = 0x1000; } }\n"));
    assert_int_equal(b->rc, 0);
    uint64_t last = 0;
    int devices = 0;
    for (int i = 0; i < b->sm.objs.n; i++) {
        const struct sm_obj *o = &b->sm.objs.v[i];
        if (!(o->flags & MT_SPEC_OBJ_DEVICE))
            continue;
        assert_true(o->paddr > last);
        last = o->paddr;
        devices++;
    }
    assert_int_equal(devices, 2);
}

static void test_header_compiles(void **state)
{
    (void)state;
    struct built *b = small();
    struct strbuf sb;
    sb_init(&sb);
    emit_header(inst(b, "d"), &sb);
    assert_non_null(strstr(sb.s, "#define MT_SLOT_irq "));
    assert_non_null(strstr(sb.s, "#define MT_BADGE_irq_irq 0x1ul"));
    assert_non_null(strstr(sb.s, "#define MT_BADGE_irq_irq2 0x2ul"));
    assert_non_null(strstr(sb.s, "#define MT_VADDR_d "));
    assert_null(strstr(sb.s, "(void)"));   /* definitions only: no functions */
    assert_null(strstr(sb.s, "{\n    return"));
    system("mkdir -p build/tests");
    assert_int_equal(write_file("build/tests/d_gen.h", sb.s, sb.len), 0);
    sb_free(&sb);
    sb_init(&sb);
    emit_header(inst(b, "c"), &sb);
    assert_non_null(strstr(sb.s, "#define MT_ATTR_label \"hi\""));
    assert_non_null(strstr(sb.s, "#define MT_ATTR_level 3"));
    assert_int_equal(write_file("build/tests/c_gen.h", sb.s, sb.len), 0);
    /* Each header on its own: a component includes only its own. */
    assert_int_equal(system("gcc -std=c11 -Wall -Wextra -Werror -Iinclude -fsyntax-only "
                            "-include build/tests/d_gen.h -x c /dev/null"), 0);
    assert_int_equal(system("gcc -std=c11 -Wall -Wextra -Werror -Iinclude -fsyntax-only "
                            "-include build/tests/c_gen.h -x c /dev/null"), 0);
    sb_free(&sb);
}

/* String attributes and file names as C string literals, whatever they
 * hold: a string spanning lines, a backslash, a control byte (before,
 * written raw, the first two ended the literal and let the rest of the
 * string become lines of C in the header). */
static void test_header_strings_escaped(void **state)
{
    (void)state;
    struct built *b = build_src(with_prelude(
        "assembly { composition { component Client c; }\n"
        "  configuration { c.label = \"back\\slash\n#define MT_SLOT_CNODE 99\n\ttab\x7f\"; } }\n"));
    assert_int_equal(b->rc, 0);
    struct strbuf sb;
    sb_init(&sb);
    emit_header(inst(b, "c"), &sb);
    assert_non_null(strstr(sb.s, "#define MT_ATTR_label \"back\\\\slash\\012#define "
                                 "MT_SLOT_CNODE 99\\012\\011tab\\177\"\n"));
    system("mkdir -p build/tests");
    assert_int_equal(write_file("build/tests/esc_gen.h", sb.s, sb.len), 0);
    sb_free(&sb);
    const char *check = "_Static_assert(sizeof MT_ATTR_label == 42, \"the whole string\");\n";
    assert_int_equal(write_file("build/tests/esc.c", check, strlen(check)), 0);
    assert_int_equal(system("gcc -std=c11 -Wall -Wextra -Werror -Iinclude -fsyntax-only "
                            "-include build/tests/esc_gen.h build/tests/esc.c"), 0);
}

/* Builds Server s and Client c joined by `connector`, writes the header
 * motec generates for instance `who` (which must contain `want`, when
 * given) and the C source `src`, and returns the target compiler's
 * status for src against that header.  The target compiler: libmote's
 * headers hold RISC-V asm. */
static int compile_against(const char *connector, const char *who, const char *want,
                           const char *src)
{
    struct built *b = build_src(with_prelude(xasprintf(
        "assembly { composition { component Server s; component Client c;\n"
        "  connection %s x(from c.p, to s.p); } }\n", connector)));
    assert_int_equal(b->rc, 0);
    struct strbuf sb;
    sb_init(&sb);
    emit_header(inst(b, who), &sb);
    if (want)
        assert_non_null(strstr(sb.s, want));
    system("mkdir -p build/tests");
    assert_int_equal(write_file("build/tests/rpc_gen.h", sb.s, sb.len), 0);
    sb_free(&sb);
    assert_int_equal(write_file("build/tests/rpc.c", src, strlen(src)), 0);
    return system("riscv64-unknown-elf-gcc -std=c11 -Wall -Wextra -Werror -ffreestanding "
                  "-DMT_KERNEL_DEBUG=1 -Iinclude -Ilib/mote/include -fsyntax-only "
                  "-include build/tests/rpc_gen.h build/tests/rpc.c 2>/dev/null");
}

/* An RPC server of one method returning `char[result]`, against the
 * generated header of s (server of connection x): gcc's status. */
static int compile_server(const char *connector, int result)
{
    return compile_against(connector, "s", 0,
                           xasprintf("#include <libmote/rpc.h>\n"
                                     "struct big { char b[%d]; };\n"
                                     "#define BIG(M, i) M(i, get, 1, struct big)\n"
                                     "MT_RPC_SERVER(p, BIG)\n"
                                     "struct big p_get(void) { struct big r = { { 0 } }; return r; }\n"
                                     "long (*use)(mt_word_t, void *, size_t) = mt_rpc_dispatch_p;\n",
                                     result));
}

/* The server checks at compile time that a result fits the message:
 * the MRs for rpc_basic, the shared page for rpc_shared. */
static void test_server_result_size_checked(void **state)
{
    (void)state;
    assert_int_equal(compile_server("rpc_basic", MT_MSG_MAX_LENGTH * 8), 0);
    assert_int_not_equal(compile_server("rpc_basic", MT_MSG_MAX_LENGTH * 8 + 1), 0);
    assert_int_equal(compile_server("rpc_shared", MT_MSG_MAX_LENGTH * 8 + 1), 0);
    assert_int_not_equal(compile_server("rpc_shared", 4097), 0);
}

/* The server's header names its clients in badge order (the memory
 * manager names its owners by it): the string holds exactly them. */
static void test_client_names(void **state)
{
    (void)state;
    assert_int_equal(compile_against("rpc_basic", "s",
                                     "mt_client_names_p[] = \"c\\0\" \"\";",
                                     "_Static_assert(sizeof mt_client_names_p == 3, \"c, 0, 0\");\n"
                                     "_Static_assert(MT_CLIENT_COUNT_p == 1, \"one client\");\n"),
                     0);
}

static void test_dot(void **state)
{
    (void)state;
    struct built *b = small();
    struct strbuf sb;
    sb_init(&sb);
    emit_dot(&b->sys, &sb);
    assert_non_null(strstr(sb.s, "digraph system {"));
    assert_non_null(strstr(sb.s, "\"c\" -> \"s\""));
    assert_non_null(strstr(sb.s, "\"hw\" -> \"d\""));
    sb_free(&sb);
}

/* An RPC client passing `char[arg]` through MT_RPC_CLIENT(p, ..) against
 * the generated header of c (client of connection x): gcc's status.  The
 * header, not the C, says which connector it is. */
static int compile_client(const char *connector, int arg)
{
    return compile_against(connector, "c",
                           strcmp(connector, "rpc_basic") ? "#define MT_CONNECTOR_p shared"
                                                          : "#define MT_CONNECTOR_p basic",
                           xasprintf("#include <libmote/rpc.h>\n"
                                     "struct big { char b[%d]; };\n"
                                     "#define BIG(M, i) M(i, put, 1, int, (struct big, x))\n"
                                     "MT_RPC_CLIENT(p, BIG)\n"
                                     "int use(struct big x) { return p_put(x); }\n", arg));
}

/* The client's marshalling follows the assembly's connector: arguments
 * larger than the message registers compile over rpc_shared only. */
static void test_client_connector_from_header(void **state)
{
    (void)state;
    assert_int_equal(compile_client("rpc_basic", 64), 0);
    assert_int_not_equal(compile_client("rpc_basic", MT_MSG_MAX_LENGTH * 8 + 1), 0);
    assert_int_equal(compile_client("rpc_shared", MT_MSG_MAX_LENGTH * 8 + 1), 0);
    assert_int_not_equal(compile_client("rpc_shared", 4097), 0);
}

/* manifest.mk: the build's list of instances (hardware left out) and
 * each one's type and FP build, in assembly order, in make's syntax. */
static void test_manifest(void **state)
{
    (void)state;
    struct built *b = small();
    struct strbuf sb;
    sb_init(&sb);
    emit_manifest(&b->sys, &sb);
    assert_non_null(strstr(sb.s, "\nMT_INSTANCES := s c d\n"));
    assert_non_null(strstr(sb.s, "\nMT_TYPE_s := Server\nMT_FPU_s := 0\nMT_TYPE_c := Client\n"
                                 "MT_FPU_c := 0\nMT_TYPE_d := Drv\nMT_FPU_d := 0\n"));
    assert_null(strstr(sb.s, "hw"));
    sb_free(&sb);
}

const struct CMUnitTest output_tests[] = {
    cmocka_unit_test(test_manifest),
    cmocka_unit_test(test_cdl_round_trip),
    cmocka_unit_test(test_naming_convention),
    cmocka_unit_test(test_binary_spec),
    cmocka_unit_test(test_device_frames_in_address_order),
    cmocka_unit_test(test_header_compiles),
    cmocka_unit_test(test_header_strings_escaped),
    cmocka_unit_test(test_client_names),
    cmocka_unit_test(test_server_result_size_checked),
    cmocka_unit_test(test_client_connector_from_header),
    cmocka_unit_test(test_dot),
};
const size_t output_test_count = sizeof output_tests / sizeof output_tests[0];

/* SPDX-License-Identifier: BSD-2-Clause */
/* Lexer and parser. */
#include <string.h>

#include "helpers.h"
#include "lexer.h"

static void test_lexer_tokens(void **state)
{
    (void)state;
    const char *src = "component X{ // line\n/* block\n */ 0x1F 42 \"s t\" -> <- << 1.5\n"
                      "#define FOO 1\n  end";
    struct lexer lx;
    struct token t;
    lexer_init(&lx, "f", src, strlen(src));
    const char *want[] = { "component", "X", "{", "0x1F", "42", "s t", "->", "<-", "<<", "1.5",
                           "end" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        lexer_next(&lx, &t);
        assert_string_equal(t.text, want[i]);
    }
    lexer_next(&lx, &t);
    assert_int_equal(t.kind, T_EOF);
}

static void test_lexer_positions(void **state)
{
    (void)state;
    const char *src = "a\n  bb /* x\n */ c";
    struct lexer lx;
    struct token t;
    lexer_init(&lx, "f", src, strlen(src));
    lexer_next(&lx, &t);
    assert_int_equal(t.loc.line, 1);
    lexer_next(&lx, &t);
    assert_int_equal(t.loc.line, 2);
    assert_int_equal(t.loc.col, 3);
    lexer_next(&lx, &t);
    assert_int_equal(t.loc.line, 3);
    assert_int_equal(t.loc.col, 5);
}

static void test_lexer_numbers(void **state)
{
    (void)state;
    struct lexer lx;
    struct token t;
    lexer_init(&lx, "f", "0x10000000 4096", 15);
    lexer_next(&lx, &t);
    assert_int_equal(t.kind, T_INT);
    assert_int_equal(t.ival, 0x10000000);
    lexer_next(&lx, &t);
    assert_int_equal(t.ival, 4096);
}

static void test_parse_component(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    const char *src =
        "procedure P { include \"x.h\"; void f(in int a, out char b[]); struct { int x; } y; };\n"
        "component C {\n control; hardware;\n provides P a; uses P b; maybe uses P c;\n"
        " emits E d; consumes E e; dataport Buf f; dataport Buf(8192) g;\n"
        " attribute unsigned int h = 2; attribute string i = \"s\"; attribute int j[] = [1,2];\n"
        " include <foo.h>;\n}\n";
    assert_int_equal(parse_string(&prog, "t", src, STD_DIR), 0);
    assert_int_equal(prog.procedures.n, 1);
    assert_int_equal(prog.components.n, 1);
    struct component_decl *c = &prog.components.v[0];
    assert_true(c->control && c->hardware);
    assert_int_equal(c->ifaces.n, 7);
    assert_int_equal(c->ifaces.v[0].kind, IF_PROVIDES);
    assert_true(c->ifaces.v[2].maybe);
    assert_int_equal(c->ifaces.v[6].buf_size, 8192);
    assert_int_equal(c->attrs.n, 3);
    assert_string_equal(c->attrs.v[0].type, "unsigned int");
    assert_int_equal(c->attrs.v[0].dflt->i, 2);
    assert_true(c->attrs.v[2].is_array);
    assert_int_equal(c->attrs.v[2].dflt->n, 2);
}

static void test_parse_values(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    const char *src =
        "assembly { composition { component C c; }\n configuration {\n"
        " c.a = (1 << 12) * 2 + 0x10; c.b = -3 + 10 % 4; c.c = \"ab\" \"cd\"; c.d = true;\n"
        " c.e = [1, \"x\", [2]]; c.f = {\"k\": 1, \"l\": \"v\"}; c.g = 2 ** 3 > 7 ? 5 : 6;\n"
        " c.h = {key = 1; other = 2;}; c.i = 1.5; } }\n";
    assert_int_equal(parse_string(&prog, "t", src, STD_DIR), 0);
    struct assembly_decl *a = &prog.assemblies.v[0];
    assert_int_equal(a->settings.n, 9);
    assert_int_equal(a->settings.v[0].value->i, 8208);
    assert_int_equal(a->settings.v[1].value->i, -1);
    assert_string_equal(a->settings.v[2].value->s, "abcd");
    assert_int_equal(a->settings.v[3].value->kind, V_BOOL);
    assert_int_equal(a->settings.v[4].value->n, 3);
    assert_int_equal(a->settings.v[5].value->kind, V_DICT);
    assert_string_equal(a->settings.v[5].value->items[1]->s, "v");
    assert_int_equal(a->settings.v[6].value->i, 5);
    assert_int_equal(a->settings.v[7].value->n, 2);
    assert_int_equal(a->settings.v[8].value->kind, V_FLOAT);
}

static void test_parse_assembly(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    const char *src =
        "assembly { composition { component A a; component B b;\n"
        " connection seL4RPCCall c(from a.x, from b.y, to a.z,); }\n"
        " configuration { a.p = 1; } }\n";
    assert_int_equal(parse_string(&prog, "t", src, STD_DIR), 0);
    struct assembly_decl *a = &prog.assemblies.v[0];
    assert_int_equal(a->instances.n, 2);
    assert_string_equal(a->instances.v[1].name, "b");
    assert_int_equal(a->connections.n, 1);
    assert_int_equal(a->connections.v[0].ends.n, 3);
    assert_true(a->connections.v[0].ends.v[1].is_from);
    assert_false(a->connections.v[0].ends.v[2].is_from);
    assert_string_equal(a->connections.v[0].ends.v[2].iface, "z");
}

static void test_parse_imports(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    assert_int_equal(parse_file(&prog, "tests/motec/data/system.camkes", STD_DIR), 0);
    assert_int_equal(prog.procedures.n, 3);       /* from "interfaces.camkes" */
    assert_true(prog.connectors.n >= 16);          /* from <std_connector.camkes> */
    assert_int_equal(prog.files.n, 3);
}

static void test_import_twice_and_self(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    assert_int_equal(parse_file(&prog, "tests/motec/data/self_import.camkes", STD_DIR), 0);
    assert_int_equal(prog.procedures.n, 3);
    assert_int_equal(diag_error_count(), 0);
}

static void test_syntax_error_text(void **state)
{
    (void)state;
    expect_errors("component C {\n  provides P p\n}\n",
                  "t.camkes:3:1: error: expected ';' after the interface, found '}'\n");
    expect_errors("assembly { composition { component C c } }",
                  "t.camkes:1:40: error: expected ';' after the component instance, found '}'\n");
    expect_errors("component C { frobnicate; }",
                  "t.camkes:1:15: error: expected a component item (control, hardware, provides, "
                  "uses, emits, consumes, dataport, attribute), found 'frobnicate'\n");
    expect_errors("/* open", "t.camkes:1:1: error: unterminated comment\n");
    expect_errors("import \"x", "t.camkes:1:8: error: unterminated string\n");
    expect_errors("component C { } $", "t.camkes:1:17: error: unexpected character '$'\n");
    expect_errors("assembly { configuration { a.b = 1 / 0; } composition { } }",
                  "t.camkes:1:36: error: division by zero\n");
}

static void test_import_errors(void **state)
{
    (void)state;
    expect_errors("import <nonexistent.camkes>;",
                  "t.camkes:1:1: error: cannot import 'nonexistent.camkes': not found in the "
                  "include directories (tools/motec/std)\n");
    expect_errors("import <oops;\n", "t.camkes:1:1: error: unterminated '<...>' file name\n");
    expect_errors("\nimport \"/\";", "t.camkes:2:1: error: cannot read '/': it is a "
                  "directory, not a file\n");
}

/* A diagnostic is one line whatever the strings it quotes hold: a file
 * name that spans lines (found by fuzz-motec, tests/fuzz) or carries a
 * terminal escape is written with \n, \r, \xNN. */
static void test_diag_one_line(void **state)
{
    (void)state;
    expect_errors("import \"no\nsuch\r\x1b[2J\";",
                  "t.camkes:1:1: error: cannot import './no\\nsuch\\r\\x1b[2J': No such "
                  "file or directory\n");
}

/* A line marker without a file name is no marker: messages keep the
 * file's name and lines (found by fuzz-motec, tests/fuzz: before, they
 * named no file, ":57:1: error: ..."); one for line 0 counts from 1, one
 * past MAX_MARKER_LINE is no marker either (line numbers overflowed). */
static void test_line_marker_without_name(void **state)
{
    (void)state;
    expect_errors("# 56 \"\"\n}\n", "t.camkes:2:1: error: expected import, procedure, "
                  "component, connector or assembly, found '}'\n");
    expect_errors("# 56 \"a.camkes\"\n}\n", "a.camkes:56:1: error: expected import, procedure, "
                  "component, connector or assembly, found '}'\n");
    expect_errors("# 0 \"a.camkes\"\n}\n", "a.camkes:1:1: error: expected import, procedure, "
                  "component, connector or assembly, found '}'\n");
    /* a marker that ends the input numbers no line */
    expect_errors("}\n# 1 \"a.camkes\"", "t.camkes:1:1: error: expected import, procedure, "
                  "component, connector or assembly, found '}'\n");
    expect_errors("# 0 \"a.camkes\"", "t.camkes:1:15: error: no assembly: the input declares "
                  "no 'assembly { ... }'\n");
    /* a line number near INT_MAX would overflow as lines follow: no marker */
    expect_errors("# 2147483639 \"a.camkes\"\n\n\n\n\n\n\n\n\n\n}\n",
                  "t.camkes:11:1: error: expected import, procedure, "
                  "component, connector or assembly, found '}'\n");
}

/* The top-level input a directory: said so (not an I/O error). */
static void test_input_directory(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    assert_int_equal(parse_file(&prog, "tests/motec", STD_DIR), -1);
    assert_string_equal(diag_text(), "motec: error: cannot read 'tests/motec': it is a directory, "
                        "not a file\n");
}

static void test_unsupported_constructs(void **state)
{
    (void)state;
    expect_errors("assembly { composition { export a.b -> c; } }",
                  "t.camkes:1:26: error: 'export' belongs in a compound component's "
                  "composition\n");
    expect_errors("assembly { }", "t.camkes:1:1: error: assembly has no composition\n");
}

const struct CMUnitTest parser_tests[] = {
    cmocka_unit_test(test_lexer_tokens),
    cmocka_unit_test(test_lexer_positions),
    cmocka_unit_test(test_lexer_numbers),
    cmocka_unit_test(test_parse_component),
    cmocka_unit_test(test_parse_values),
    cmocka_unit_test(test_parse_assembly),
    cmocka_unit_test(test_parse_imports),
    cmocka_unit_test(test_import_twice_and_self),
    cmocka_unit_test(test_syntax_error_text),
    cmocka_unit_test(test_import_errors),
    cmocka_unit_test(test_input_directory),
    cmocka_unit_test(test_diag_one_line),
    cmocka_unit_test(test_line_marker_without_name),
    cmocka_unit_test(test_unsupported_constructs),
};
const size_t parser_test_count = sizeof parser_tests / sizeof parser_tests[0];

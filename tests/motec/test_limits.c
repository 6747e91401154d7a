/* SPDX-License-Identifier: BSD-2-Clause */
/* Bad input at the edges: integer overflow, huge numbers, deep nesting and
 * NUL bytes are errors with a place, never a crash, a hang or a wrong value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "lexer.h"

/* The expression starts in column EXPR_COL of line 1. */
#define EXPR_PREFIX "assembly { configuration { a.b = "
#define EXPR_COL ((int)sizeof EXPR_PREFIX)

static char *setting(const char *expr)
{
    return xasprintf(EXPR_PREFIX "%s; } composition { } }", expr);
}

/* The value expr folds to. */
static int64_t fold(const char *expr)
{
    struct program prog = { 0 };
    diag_reset();
    if (parse_string(&prog, "t", setting(expr), STD_DIR) != 0)
        fail_msg("'%s': %s", expr, diag_text());
    return prog.assemblies.v[0].settings.v[0].value->i;
}

/* expr fails with message, reported at its offset 'at'. */
static void expect_expr_error(const char *expr, int at, const char *message)
{
    char *want = xasprintf("t.camkes:1:%d: error: %s\n", EXPR_COL + at, message);
    expect_errors(setting(expr), want);
    free(want);
}

static void test_overflow_is_an_error(void **state)
{
    (void)state;
    expect_expr_error("(-9223372036854775807 - 1) / -1", 27,
                      "integer overflow in '/' (-9223372036854775808 / -1)");
    expect_expr_error("(-9223372036854775807 - 1) % -1", 27,
                      "integer overflow in '%' (-9223372036854775808 % -1)");
    expect_expr_error("9223372036854775807 + 1", 20,
                      "integer overflow in '+' (9223372036854775807 + 1)");
    expect_expr_error("-9223372036854775807 - 2", 21,
                      "integer overflow in '-' (-9223372036854775807 - 2)");
    expect_expr_error("4294967296 * 4294967296", 11,
                      "integer overflow in '*' (4294967296 * 4294967296)");
    expect_expr_error("-(-9223372036854775807 - 1)", 0,
                      "integer overflow in '-' (-(-9223372036854775808))");
    expect_expr_error("2 ** 63", 2, "integer overflow in '**' (2 ** 63)");
    expect_expr_error("1 << 63", 2, "integer overflow in '<<' (1 << 63)");
    expect_expr_error("3 << 62", 2, "integer overflow in '<<' (3 << 62)");
    expect_expr_error("7 % 0", 2, "division by zero");
    expect_expr_error("2 ** -1", 2, "negative exponent -1");
}

static void test_shift_count_range(void **state)
{
    (void)state;
    expect_expr_error("1 << 64", 2, "shift count 64 is out of range (0 to 63)");
    expect_expr_error("1 << -1", 2, "shift count -1 is out of range (0 to 63)");
    expect_expr_error("1 >> 64", 2, "shift count 64 is out of range (0 to 63)");
    assert_int_equal(fold("1 << 62"), INT64_C(1) << 62);
    assert_int_equal(fold("-1 << 63"), INT64_MIN);
    assert_int_equal(fold("(-9223372036854775807 - 1) >> 63"), -1);
}

/* Results at the edges of the range are exact. */
static void test_edge_values(void **state)
{
    (void)state;
    assert_int_equal(fold("9223372036854775807"), INT64_MAX);
    assert_int_equal(fold("-9223372036854775807 - 1"), INT64_MIN);
    assert_int_equal(fold("(-9223372036854775807 - 1) / 1"), INT64_MIN);
    assert_int_equal(fold("9223372036854775807 / -1"), -INT64_MAX);
    assert_int_equal(fold("-7 % 3"), -1);
    assert_int_equal(fold("2 ** 62"), INT64_C(1) << 62);
    assert_int_equal(fold("(-2) ** 63"), INT64_MIN);
    assert_int_equal(fold("(-3) ** 39"), INT64_C(-4052555153018976267));
    assert_int_equal(fold("0 ** 0"), 1);
    assert_int_equal(fold("1 ? 2 : 0 ? 4 : 5"), 2);
    assert_int_equal(fold("0 ? 2 : 0 ? 4 : 5"), 5);
}

/* ** is square and multiply: a huge exponent answers at once. */
static void test_huge_exponent(void **state)
{
    (void)state;
    expect_expr_error("2 ** 0x7fffffffffffffff", 2,
                      "integer overflow in '**' (2 ** 9223372036854775807)");
    assert_int_equal(fold("1 ** 0x7fffffffffffffff"), 1);
    assert_int_equal(fold("(-1) ** 0x7fffffffffffffff"), -1);
    assert_int_equal(fold("0 ** 0x7fffffffffffffff"), 0);
}

static void test_number_range(void **state)
{
    (void)state;
    const char *big[] = { "99999999999999999999999", "9223372036854775808",
                          "0xffffffffffffffff" };
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        char *msg = xasprintf("number '%s' is out of range (the largest is "
                              "9223372036854775807)", big[i]);
        expect_expr_error(big[i], 0, msg);
        free(msg);
    }
    expect_expr_error("[1.5e999]", 1, "number '1.5e999' is out of range");
    assert_int_equal(fold("0x7fffffffffffffff"), INT64_MAX);
}

/* n copies of open, then "1" (not closed: the limit comes first). */
static char *nested(const char *open, size_t n)
{
    size_t k = strlen(open);
    char *s = malloc(n * k + 2);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * k, open, k);
    strcpy(s + n * k, "1");
    return s;
}

static void test_nesting_limit(void **state)
{
    (void)state;
    /* open, and the offset in it of what nests */
    const struct { const char *open; int at; } cases[] = {
        { "(", 0 }, { "[", 0 }, { "{\"k\": ", 0 }, { "{k = ", 0 }, { "-", 0 },
        { "~", 0 }, { "1 ? ", 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *expr = nested(cases[i].open, 200000);
        int at = 200 * (int)strlen(cases[i].open) + cases[i].at;
        expect_expr_error(expr, at, "nested too deeply (more than 200 levels)");
        free(expr);
    }
    /* 200 levels are fine */
    char closing[201];
    memset(closing, ')', 200);
    closing[200] = 0;
    assert_int_equal(fold(xasprintf("%s%s", nested("(", 200), closing)), 1);
    memset(closing, ']', 200);
    struct program prog = { 0 };
    diag_reset();
    char *list = xasprintf("%s%s", nested("[", 200), closing);
    assert_int_equal(parse_string(&prog, "t", setting(list), STD_DIR), 0);
}

/* A NUL byte is an error, not the end of the input (except in a comment). */
static void test_nul_bytes(void **state)
{
    (void)state;
    const struct { const char *src; size_t len; const char *text; } cases[] = {
        { "a \0 b", 5, "f:1:3: error: unexpected byte 0x00\n" },
        { "\"ab\0c\"", 6, "f:1:4: error: unexpected byte 0x00 in string\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct lexer lx;
        struct token t;
        diag_reset();
        lexer_init(&lx, "f", cases[i].src, cases[i].len);
        do
            lexer_next(&lx, &t);
        while (t.kind != T_ERROR && t.kind != T_EOF);
        assert_int_equal(t.kind, T_ERROR);
        assert_string_equal(diag_text(), cases[i].text);
    }
    struct lexer lx;
    struct token t;
    diag_reset();
    lexer_init(&lx, "f", "/* \0 */ x", 9);
    lexer_next(&lx, &t);
    assert_int_equal(t.kind, T_IDENT);
    lexer_next(&lx, &t);
    assert_int_equal(t.kind, T_EOF);
    /* and so in an import <...> */
    lexer_init(&lx, "f", "<std\0x>", 7);
    lexer_next(&lx, &t);
    assert_null(lexer_angle(&lx, t.loc));
    assert_string_equal(diag_text(), "f:1:5: error: unexpected byte 0x00 in '<...>' file name\n");
}

static void test_empty_and_cut_input(void **state)
{
    (void)state;
    struct program prog = { 0 };
    diag_reset();
    assert_int_equal(parse_string(&prog, "t", "", STD_DIR), 0);
    assert_int_equal(diag_error_count(), 0);
    expect_errors("procedure P {", "t.camkes:1:13: error: unterminated '{' (no matching '}')\n");
    expect_errors("component C { dataport Buf(",
                  "t.camkes:1:28: error: expected a number, found end of file\n");
}

const struct CMUnitTest limits_tests[] = {
    cmocka_unit_test(test_overflow_is_an_error),
    cmocka_unit_test(test_shift_count_range),
    cmocka_unit_test(test_edge_values),
    cmocka_unit_test(test_huge_exponent),
    cmocka_unit_test(test_number_range),
    cmocka_unit_test(test_nesting_limit),
    cmocka_unit_test(test_nul_bytes),
    cmocka_unit_test(test_empty_and_cut_input),
};
const size_t limits_test_count = sizeof limits_tests / sizeof limits_tests[0];

/* SPDX-License-Identifier: BSD-2-Clause */
/* All motec unit tests in one cmocka group (one TAP plan). */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

int main(void)
{
    const struct { const struct CMUnitTest *t; size_t n; } groups[] = {
        { parser_tests, parser_test_count }, { check_tests, check_test_count },
        { alloc_tests, alloc_test_count },   { fit_tests, fit_test_count },
        { output_tests, output_test_count }, { keeper_tests, keeper_test_count },
        { limits_tests, limits_test_count }, { compat_tests, compat_test_count },
    };
    size_t total = 0, at = 0;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        total += groups[g].n;
    struct CMUnitTest *all = calloc(total, sizeof *all);
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        memcpy(all + at, groups[g].t, groups[g].n * sizeof *all);
        at += groups[g].n;
    }
    return _cmocka_run_group_tests("motec", all, total, NULL, NULL);
}

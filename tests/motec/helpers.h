/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the motec unit tests: compile an assembly given as text and
 * look at the results. */
#ifndef MOTEC_TEST_HELPERS_H
#define MOTEC_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "alloc.h"
#include "diag.h"
#include "fit.h"
#include "model.h"
#include "parser.h"
#include "spec_model.h"

#define STD_DIR "tools/motec/std"

struct built {
    struct program prog;
    struct system sys;
    struct spec_model sm;
    int rc;            /* 0: parse, check, alloc and fit all passed */
};

/* Runs every stage on src (named "t.camkes") with placeholder images and
 * 128 MiB of RAM with a 4 MiB reserve. */
struct built *build_src(const char *src);
struct built *build_src_ram(const char *src, uint64_t ram, uint64_t reserve);
/* Asserts that compiling src fails with exactly this diagnostic text. */
void expect_errors(const char *src, const char *text);
/* PRELUDE declares procedures P, Q and a few components; tests append
 * their assembly.  It is PRELUDE_LINES lines long. */
extern const char PRELUDE[];
#define PRELUDE_LINES 22
char *with_prelude(const char *assembly);

struct m_inst *inst(struct built *b, const char *name);
struct m_iface *iface(struct built *b, const char *inst, const char *name);
int obj_index(struct built *b, const char *name);
const struct sm_cap *cap_at(struct built *b, const char *cnode, uint32_t slot);

/* Test groups, one per file. */
extern const struct CMUnitTest parser_tests[];
extern const size_t parser_test_count;
extern const struct CMUnitTest check_tests[];
extern const size_t check_test_count;
extern const struct CMUnitTest alloc_tests[];
extern const size_t alloc_test_count;
extern const struct CMUnitTest fit_tests[];
extern const size_t fit_test_count;
extern const struct CMUnitTest output_tests[];
extern const size_t output_test_count;
extern const struct CMUnitTest keeper_tests[];
extern const size_t keeper_test_count;
extern const struct CMUnitTest limits_tests[];
extern const size_t limits_test_count;
extern const struct CMUnitTest compat_tests[];
extern const size_t compat_test_count;

#endif

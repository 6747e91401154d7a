/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading .camkes sources: regular files of bounded size only, run
 * through the C preprocessor as CAmkES does (cpp.c). */
#ifndef MOTEC_SOURCE_H
#define MOTEC_SOURCE_H

#include <stddef.h>

#include "diag.h"

/* A source file larger than this is refused: CAmkES inputs are a few
 * KiB, and a device or a growing file must not take all memory. */
#define MOTEC_MAX_SOURCE_BYTES (8u << 20)
/* cpp's output may be larger (includes, macro expansion), not unbounded. */
#define MOTEC_MAX_CPP_BYTES (64u << 20)

struct parse_cfg {
    const char *const *incdirs; /* import <x> and cpp -I, searched in order */
    int nincdirs;
    const char *const *defines; /* cpp -D NAME[=VALUE] */
    int ndefines;
    int cpp;                    /* run the C preprocessor on every file */
    size_t max_cpp_bytes;       /* cap on cpp's output; 0: MOTEC_MAX_CPP_BYTES */
};

/* Reads path; NULL after reporting at `at` (or without a place if at.file
 * is NULL): missing, not a regular file, too large, unreadable. */
char *source_read(const char *path, size_t *len, struct loc at);
/* Like source_read, but silent: NULL on any failure. */
char *source_read_quiet(const char *path, size_t *len);
/* Runs cpp on path with cfg's -I and -D; the output keeps cpp's line
 * markers, and every line cpp did not change (apart from blanks and
 * comments) is the original line with its comments blanked, so
 * positions stay those of the original files.  NULL after reporting. */
char *cpp_file(const char *path, const struct parse_cfg *cfg, size_t *len, struct loc at);

#endif

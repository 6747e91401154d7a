/* SPDX-License-Identifier: BSD-2-Clause */
/* Parser for the CAmkES architecture language (see docs/MOTEC.md).
 * Imports are followed as they are met: "file" relative to the importing
 * file, <file> from the standard directory. */
#ifndef MOTEC_PARSER_H
#define MOTEC_PARSER_H

#include "ast.h"
#include "source.h"

/* Parses the file at path (and everything it imports) into prog, each
 * file run through cpp if cfg says so.  Returns 0 on success; errors are
 * reported through diag. */
int parse_file_cfg(struct program *prog, const char *path, const struct parse_cfg *cfg);
/* The same without cpp, with one standard directory (tests). */
int parse_file(struct program *prog, const char *path, const char *std_dir);
/* Parses source text given directly (tests); file names it in messages. */
int parse_string(struct program *prog, const char *file, const char *src,
                 const char *std_dir);

#endif

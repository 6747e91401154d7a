/* SPDX-License-Identifier: BSD-2-Clause */
/* Tokens of the CAmkES architecture language.  Comments of both kinds and
 * C preprocessor lines ('#...', which CAmkES hands to cpp) are skipped. */
#ifndef MOTEC_LEXER_H
#define MOTEC_LEXER_H

#include <stdint.h>

#include "diag.h"

enum tok_kind {
    T_EOF,
    T_IDENT,
    T_INT,
    T_FLOAT,
    T_STRING,
    T_PUNCT,   /* text holds the punctuator: "{", "->", "<<", ... */
    T_ERROR,   /* already reported */
};

struct token {
    enum tok_kind kind;
    struct loc loc;
    char *text;     /* identifier, string contents or punctuator */
    uint64_t ival;  /* T_INT */
    double fval;    /* T_FLOAT */
};

struct lexer {
    const char *file;
    const char *src;
    size_t pos, len;
    int line, col;
};

void lexer_init(struct lexer *lx, const char *file, const char *src, size_t len);
/* Reads the next token into *t; errors are reported and give T_ERROR. */
void lexer_next(struct lexer *lx, struct token *t);
/* After a '<' token: reads raw text up to '>' (for import <file>).
 * Returns NULL (and reports) if the line ends first. */
char *lexer_angle(struct lexer *lx, struct loc at);
const char *tok_describe(const struct token *t);

#endif

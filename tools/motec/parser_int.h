/* SPDX-License-Identifier: BSD-2-Clause */
/* Internals shared by the parser's files. */
#ifndef MOTEC_PARSER_INT_H
#define MOTEC_PARSER_INT_H

#include <setjmp.h>

#include "ast.h"
#include "lexer.h"
#include "source.h"

struct parser {
    struct lexer lx;
    struct token cur;
    struct program *prog;
    const struct parse_cfg *cfg;
    const char *path;
    jmp_buf fail;       /* a syntax error ends the parse of this file */
    int depth;          /* import nesting */
    int nesting;        /* brackets and operators in the value being read */
};

void p_advance(struct parser *p);
int p_is(struct parser *p, const char *punct_or_word);
int p_accept(struct parser *p, const char *punct_or_word);
void p_expect(struct parser *p, const char *punct, const char *context);
char *p_ident(struct parser *p, const char *what);
_Noreturn void p_syntax(struct parser *p, const char *expected);
_Noreturn void p_fail(struct parser *p);
void p_skip_braces(struct parser *p);

struct value *parse_item(struct parser *p);
int64_t parse_numeric(struct parser *p);
void parse_assembly(struct parser *p);
void parse_composition(struct parser *p, struct assembly_decl *a);
void parse_configuration(struct parser *p, struct assembly_decl *a);
void parse_named_block(struct parser *p);
void parse_component(struct parser *p);
void parse_attribute(struct parser *p, struct component_decl *c);
void parse_schedule(struct parser *p);
int parse_source(struct program *prog, const char *file, const char *src,
                 size_t len, const struct parse_cfg *cfg, int depth);

#endif

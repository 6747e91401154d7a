/* SPDX-License-Identifier: BSD-2-Clause */
#define _XOPEN_SOURCE 700 /* realpath */
/* Top-level declarations: import, procedure, component, connector, struct.
 * The assembly is in parse_assembly.c, values in parse_value.c. */
#include "parser.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser_int.h"

#define MAX_IMPORT_DEPTH 32

void p_advance(struct parser *p)
{
    lexer_next(&p->lx, &p->cur);
    if (p->cur.kind == T_ERROR)
        p_fail(p);
}

int p_is(struct parser *p, const char *s)
{
    return (p->cur.kind == T_PUNCT || p->cur.kind == T_IDENT) && streq(p->cur.text, s);
}

int p_accept(struct parser *p, const char *s)
{
    if (!p_is(p, s))
        return 0;
    p_advance(p);
    return 1;
}

_Noreturn void p_fail(struct parser *p)
{
    longjmp(p->fail, 1);
}

_Noreturn void p_syntax(struct parser *p, const char *expected)
{
    diag_error(p->cur.loc, "expected %s, found %s", expected, tok_describe(&p->cur));
    p_fail(p);
}

void p_expect(struct parser *p, const char *punct, const char *context)
{
    if (p_accept(p, punct))
        return;
    char what[128];
    snprintf(what, sizeof what, "'%s' %s", punct, context);
    p_syntax(p, what);
}

char *p_ident(struct parser *p, const char *what)
{
    if (p->cur.kind != T_IDENT)
        p_syntax(p, what);
    char *s = p->cur.text;
    p_advance(p);
    return s;
}

/* Skips a balanced { ... } block: procedure bodies mean nothing to mote. */
void p_skip_braces(struct parser *p)
{
    struct loc open = p->cur.loc;
    p_expect(p, "{", "to open the body");
    int depth = 1;
    while (depth > 0) {
        if (p->cur.kind == T_EOF) {
            diag_error(open, "unterminated '{' (no matching '}')");
            p_fail(p);
        }
        if (p_is(p, "{"))
            depth++;
        else if (p_is(p, "}"))
            depth--;
        p_advance(p);
    }
}

static int already_read(struct program *prog, const char *real)
{
    for (int i = 0; i < prog->files.n; i++)
        if (streq(prog->files.v[i], real))
            return 1;
    return 0;
}

/* Reads a file: through cpp unless turned off.  NULL after reporting. */
static char *load(const char *path, const struct parse_cfg *cfg, size_t *len, struct loc at)
{
    return cfg->cpp ? cpp_file(path, cfg, len, at) : source_read(path, len, at);
}

/* Reads an imported file unless it was read before (imports are
 * idempotent, so a file may import itself or be imported twice). */
static void import_file(struct parser *p, struct loc at, const char *path)
{
    char real[PATH_MAX];
    size_t len;
    if (!realpath(path, real)) {
        diag_error(at, "cannot import '%s': %s", path, strerror(errno));
        p_fail(p);
    }
    if (already_read(p->prog, real))
        return;
    if (p->depth >= MAX_IMPORT_DEPTH) {
        diag_error(at, "imports nested too deeply");
        p_fail(p);
    }
    char *src = load(path, p->cfg, &len, at);
    if (!src || parse_source(p->prog, xstrdup(path), src, len, p->cfg, p->depth + 1))
        p_fail(p);
}

/* The first include directory holding name; NULL if none does. */
static char *search_dirs(const struct parse_cfg *cfg, const char *name)
{
    for (int i = 0; i < cfg->nincdirs; i++) {
        char *path = xasprintf("%s/%s", cfg->incdirs[i], name);
        if (access(path, F_OK) == 0)
            return path;
        free(path);
    }
    return NULL;
}

static _Noreturn void not_found(struct parser *p, struct loc at, const char *name)
{
    struct strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < p->cfg->nincdirs; i++)
        sb_printf(&sb, "%s%s", i ? ", " : "", p->cfg->incdirs[i]);
    diag_error(at, "cannot import '%s': not found in the include directories (%s)", name,
               sb.len ? sb.s : "none given: use -I");
    p_fail(p);
}

/* "file": relative to the importing file, then the include directories;
 * <file>: the include directories, in the order given. */
static void parse_import(struct parser *p)
{
    struct loc at = p->cur.loc;
    char *name, *path, *found;
    p_advance(p);
    if (p->cur.kind == T_STRING) {
        name = p->cur.text;
        p_advance(p);
        char *dir = xstrdup(p->path);
        path = name[0] == '/' ? name : xasprintf("%s/%s", dirname(dir), name);
        if (name[0] != '/' && access(path, F_OK) != 0 && (found = search_dirs(p->cfg, name)))
            path = found;
    } else if (p_is(p, "<")) {
        name = lexer_angle(&p->lx, at);
        if (!name)
            p_fail(p);
        p_advance(p);
        path = search_dirs(p->cfg, name);
        if (!path)
            not_found(p, at, name);
    } else {
        p_syntax(p, "a file name (\"file\" or <file>) after 'import'");
    }
    p_expect(p, ";", "after the import");
    import_file(p, at, path);
}

static void parse_procedure(struct parser *p)
{
    struct procedure_decl d;
    p_advance(p);
    d.loc = p->cur.loc;
    d.name = p_ident(p, "a procedure name");
    p_skip_braces(p);
    VEC_PUSH(p->prog->procedures, d);
}

static int end_type(const char *s, enum end_type *t, bool *multi)
{
    static const char *const names[] = { "Procedure", "Event", "Dataport",
                                         "Procedures", "Events", "Dataports" };
    for (int i = 0; i < 6; i++)
        if (streq(s, names[i])) {
            *t = (enum end_type)(i % 3);
            *multi = i >= 3;
            return 1;
        }
    return 0;
}

/* from/to [hardware] Type [template "..."] [with N threads] ; */
static void parse_connector_end(struct parser *p, const char *dir, enum end_type *t,
                                bool *multi, bool *hw)
{
    p_expect(p, dir, "in the connector");
    *hw = p_accept(p, "hardware");
    if (p->cur.kind != T_IDENT || !end_type(p->cur.text, t, multi))
        p_syntax(p, "Procedure, Event, Dataport, Procedures, Events or Dataports");
    p_advance(p);
    while (!p_is(p, ";")) {
        if (p_accept(p, "template")) {
            if (p->cur.kind != T_STRING)
                p_syntax(p, "a template file name");
            while (p->cur.kind == T_STRING)
                p_advance(p);
        } else if (p_accept(p, "with")) {
            parse_numeric(p);
            if (!p_accept(p, "threads") && !p_accept(p, "thread"))
                p_syntax(p, "'threads'");
        } else {
            p_syntax(p, "';' after the connector end");
        }
    }
    p_advance(p);
}

static void parse_connector(struct parser *p)
{
    struct connector_decl d = { .loc = p->cur.loc };
    p_advance(p);
    d.name = p_ident(p, "a connector name");
    p_expect(p, "{", "to open the connector");
    parse_connector_end(p, "from", &d.from_type, &d.from_multi, &d.from_hw);
    parse_connector_end(p, "to", &d.to_type, &d.to_multi, &d.to_hw);
    /* attribute lines describe the connector's template settings: mote's
     * connectors are built in, so they are read and not used */
    while (p_is(p, "attribute")) {
        struct component_decl scratch = { 0 };
        parse_attribute(p, &scratch);
    }
    p_expect(p, "}", "to close the connector");
    VEC_PUSH(p->prog->connectors, d);
}

static void parse_struct(struct parser *p)
{
    p_advance(p);
    p_ident(p, "a struct name");
    p_skip_braces(p);
    p_accept(p, ";");
}

/* schedule { ... }: a domain schedule (seL4's domains); mote has none. */
void parse_schedule(struct parser *p)
{
    diag_warning(p->cur.loc, "'schedule' is ignored: mote has no scheduling domains");
    p_advance(p);
    if (p->cur.kind == T_IDENT)
        p_advance(p);
    p_skip_braces(p);
}

static void parse_top(struct parser *p)
{
    if (p_accept(p, ";"))
        return;
    if (p_is(p, "import"))
        parse_import(p);
    else if (p_is(p, "procedure"))
        parse_procedure(p);
    else if (p_is(p, "component"))
        parse_component(p);
    else if (p_is(p, "connector"))
        parse_connector(p);
    else if (p_is(p, "assembly"))
        parse_assembly(p);
    else if (p_is(p, "struct"))
        parse_struct(p);
    else if (p_is(p, "schedule"))
        parse_schedule(p);
    else if (p_is(p, "composition") || p_is(p, "configuration"))
        parse_named_block(p);
    else
        p_syntax(p, "import, procedure, component, connector or assembly");
}

int parse_source(struct program *prog, const char *file, const char *src,
                 size_t len, const struct parse_cfg *cfg, int depth)
{
    struct parser *p = xcalloc(1, sizeof *p);
    char real[PATH_MAX];
    VEC_PUSH(prog->files, xstrdup(realpath(file, real) ? real : file));
    p->prog = prog;
    p->cfg = cfg;
    p->path = file;
    p->depth = depth;
    lexer_init(&p->lx, file, src, len);
    int rc = 0;
    if (setjmp(p->fail) == 0) {
        p_advance(p);
        while (p->cur.kind != T_EOF)
            parse_top(p);
        if (depth == 0)
            prog->end = p->cur.loc;   /* where a missing assembly belongs */
    } else {
        rc = -1;
    }
    free(p);
    return rc;
}

/* Tests: no cpp, one standard directory. */
static const struct parse_cfg *plain_cfg(const char *std_dir)
{
    struct parse_cfg *cfg = xcalloc(1, sizeof *cfg);
    const char **dirs = xcalloc(1, sizeof *dirs);
    dirs[0] = std_dir;
    cfg->incdirs = dirs;
    cfg->nincdirs = std_dir ? 1 : 0;
    return cfg;
}

int parse_string(struct program *prog, const char *file, const char *src,
                 const char *std_dir)
{
    return parse_source(prog, file, src, strlen(src), plain_cfg(std_dir), 0);
}

int parse_file_cfg(struct program *prog, const char *path, const struct parse_cfg *cfg)
{
    size_t len;
    struct loc nowhere = { NULL, 0, 0 };
    char *src = load(path, cfg, &len, nowhere);
    if (!src)
        return -1;
    return parse_source(prog, path, src, len, cfg, 0);
}

int parse_file(struct program *prog, const char *path, const char *std_dir)
{
    return parse_file_cfg(prog, path, plain_cfg(std_dir));
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* system.dot: components as boxes, connections as labelled edges from
 * each 'from' end to the 'to' ends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit.h"

void emit_dot(const struct system *sys, struct strbuf *o)
{
    sb_printf(o, "digraph system {\n  rankdir=LR;\n  node [shape=box];\n");
    for (int i = 0; i < sys->insts.n; i++) {
        const struct m_inst *in = sys->insts.v[i];
        sb_printf(o, "  \"%s\" [label=\"%s\\n(%s)\"%s];\n", in->decl->name, in->decl->name,
                  in->comp->name, in->comp->hardware ? ", style=dashed" : "");
    }
    for (int i = 0; i < sys->conns.n; i++) {
        const struct m_conn *c = sys->conns.v[i];
        for (int f = 0; f < c->ends.n; f++)
            for (int t = 0; t < c->ends.n; t++) {
                const struct m_end *a = c->ends.v[f], *b = c->ends.v[t];
                if (!a->is_from || b->is_from)
                    continue;
                sb_printf(o, "  \"%s\" -> \"%s\" [label=\"%s\\n%s: %s -> %s\"];\n",
                          a->inst->decl->name, b->inst->decl->name, c->decl->name, c->ci->name,
                          a->iface->decl->name, b->iface->decl->name);
            }
    }
    sb_printf(o, "}\n");
}

static int write_text(const char *dir, const char *name, struct strbuf *sb)
{
    char *path = xasprintf("%s/%s", dir, name);
    int rc = write_file(path, sb->s, sb->len);
    if (rc)
        diag_fatal("cannot write '%s': %s", path, strerror(errno));
    free(path);
    sb_free(sb);
    return rc;
}

static int make_dirs(const char *dir)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0777);
            *s = '/';
        }
    int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
    free(p);
    if (rc)
        diag_fatal("cannot create directory '%s': %s", dir, strerror(errno));
    return rc;
}

int emit_all(const struct system *sys, const struct spec_model *sm, const char *dir)
{
    struct strbuf sb;
    int rc = make_dirs(dir);
    for (int i = 0; i < sys->insts.n && !rc; i++) {
        if (inst_is_hw(sys->insts.v[i]))
            continue;
        sb_init(&sb);
        emit_header(sys->insts.v[i], &sb);
        char *name = xasprintf("%s_gen.h", sys->insts.v[i]->decl->name);
        rc |= write_text(dir, name, &sb);
        free(name);
    }
    sb_init(&sb);
    emit_cdl(sm, &sb);
    rc |= write_text(dir, "system.cdl", &sb);
    sb_init(&sb);
    emit_dot(sys, &sb);
    rc |= write_text(dir, "system.dot", &sb);
    sb_init(&sb);
    emit_manifest(sys, &sb);
    rc |= write_text(dir, "manifest.mk", &sb);
    size_t len;
    unsigned char *spec = emit_spec(sm, &len);
    char *path = xasprintf("%s/system.spec", dir);
    if (write_file(path, spec, len)) {
        diag_fatal("cannot write '%s': %s", path, strerror(errno));
        rc = -1;
    }
    free(path);
    free(spec);
    return rc;
}

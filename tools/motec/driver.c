/* SPDX-License-Identifier: BSD-2-Clause */
#include "driver.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "emit.h"
#include "fit.h"
#include "parser.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "system.spec is written in host byte order: build motec on a little-endian host"
#endif

void motec_default_opts(struct motec_opts *o)
{
    memset(o, 0, sizeof *o);
    o->std_dir = "tools/motec/std";
    o->ram_base = 0x80000000ull;
    o->ram_bytes = 128ull << 20;
    o->reserve_bytes = 4ull << 20;
}

/* The image of instance in: --elf by instance name, then by type name;
 * otherwise the placeholder (one page per segment). */
static int load_image(const struct motec_opts *o, struct m_inst *in, struct inst_image *img)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < o->nelfs; i++) {
            if (!streq(o->elfs[i].name, pass ? in->comp->name : in->decl->name))
                continue;
            char err[160];
            img->name = o->elfs[i].name;
            if (elf_read(o->elfs[i].path, &img->elf, err, sizeof err) == 0)
                return 0;
            diag_error(in->decl->loc, "component instance '%s': ELF '%s': %s", in->decl->name,
                       o->elfs[i].path, err);
            return -1;
        }
    img->name = in->comp->name;
    elf_placeholder(&img->elf, MT_LAYOUT_IMAGE_BASE);
    return 0;
}

static int check_fit(const struct motec_opts *o, struct system *sys, struct spec_model *sm)
{
    struct fit_result r;
    int rc = fit_check(sm, o->ram_base, o->ram_bytes, o->reserve_bytes, &r);
    sm->ram_bytes = r.used_bytes;
    if (rc == 0)
        return 0;
    diag_error(sys->assembly->loc, "system does not fit in memory: its objects need %llu KiB "
               "(%llu bytes) but %llu KiB are free (RAM %llu KiB at 0x%llx, %llu KiB reserved); "
               "'%s' was the first object that did not fit",
               (unsigned long long)(r.object_bytes >> 10), (unsigned long long)r.object_bytes,
               (unsigned long long)(r.free_bytes >> 10), (unsigned long long)(o->ram_bytes >> 10),
               (unsigned long long)o->ram_base, (unsigned long long)(o->reserve_bytes >> 10),
               sm->objs.v[r.failed_obj].name);
    return -1;
}

static void summary(const struct system *sys, const struct spec_model *sm)
{
    uint64_t ram = 0;
    for (int i = 0; i < sm->objs.n; i++)
        ram += sm_obj_ram(&sm->objs.v[i]);
    printf("motec: %d components, %d connections, %d objects (%llu KiB of RAM), %d caps, "
           "%d threads\n", sys->insts.n, sys->conns.n, sm->objs.n,
           (unsigned long long)(ram >> 10), sm->caps.n, sm->tcbs.n);
}

int motec_build(const struct motec_opts *o, struct program *prog, struct system *sys,
                struct spec_model *sm)
{
    memset(prog, 0, sizeof *prog);
    sm_init(sm);
    struct parse_cfg cfg = { .defines = o->defines, .ndefines = o->ndefines, .cpp = !o->no_cpp };
    const char **dirs = xcalloc((size_t)o->nincdirs + 1, sizeof *dirs);
    for (int i = 0; i < o->nincdirs; i++)
        dirs[cfg.nincdirs++] = o->incdirs[i];
    if (o->std_dir)
        dirs[cfg.nincdirs++] = o->std_dir;
    cfg.incdirs = dirs;
    if (parse_file_cfg(prog, o->input, &cfg) || check_program(prog, sys))
        return -1;
    struct inst_image *imgs = xcalloc((size_t)sys->insts.n + 1, sizeof *imgs);
    int bad = 0;
    for (int i = 0; i < sys->insts.n; i++)
        bad |= load_image(o, sys->insts.v[i], &imgs[i]);
    if (bad || alloc_system(sys, imgs, sm))
        return -1;
    sm_finalize(sm);
    return check_fit(o, sys, sm);
}

int motec_run(const struct motec_opts *o)
{
    struct program prog;
    struct system sys;
    struct spec_model sm;
    if (motec_build(o, &prog, &sys, &sm))
        return 1;
    if (o->out_dir && emit_all(&sys, &sm, o->out_dir))
        return 1;
    if (o->verbose)
        summary(&sys, &sm);
    return diag_error_count() ? 1 : 0;
}

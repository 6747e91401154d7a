/* SPDX-License-Identifier: BSD-2-Clause */
/* kmem's command line. */
#include "kmem.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: kmem [options] SPEC.cdl\n"
    "       kmem [options] --diff OLD.cdl NEW.cdl\n"
    "       kmem [--json | --csv] --elf IMAGE...\n"
    "Memory held by each component of a capDL spec (frames and kernel objects).\n"
    "  --details        per component, bytes by kind of object\n"
    "  --json, --csv    machine-readable output\n"
    "  --svg FILE       also write a stacked bar chart to FILE\n"
    "  --diff OLD NEW   per-component change between two specs\n"
    "  --elf IMAGE...   text/rodata/data/bss of component images\n"
    "  --arch NAME      riscv32 riscv64 aarch32 (arm11) aarch64 ia32 x86_64 mote\n"
    "  --mcs            seL4 built with MCS (sc and rtreply objects)\n"
    "  --sizes FILE     object sizes in bits, one 'name bits' per line\n"
    "  --split-shared   divide shared objects between their components\n";

struct args {
    enum kmem_format fmt;
    int mcs, split, diff, elf;
    const char *svg, *arch, *sizes;
    const char **files;
    int nfiles;
};

/* --opt VALUE or --opt=VALUE */
static int opt_value(const char *arg, const char *name, int *i, int argc,
                     char **argv, const char **out, FILE *err)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *out = arg + n + 1;
        return 1;
    }
    if (arg[n] != 0)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(err, "kmem: error: %s needs a value\n", name);
        return -1;
    }
    *out = argv[++*i];
    return 1;
}

/* The format options: --json and --csv exclude each other and win over
 * --details (JSON and CSV always carry the kinds). */
static int set_format(struct args *a, const char *s, int *details)
{
    enum kmem_format f;
    if (strcmp(s, "--details") == 0) {
        *details = 1;
        return 1;
    }
    if (strcmp(s, "--json") == 0)
        f = KMEM_FMT_JSON;
    else if (strcmp(s, "--csv") == 0)
        f = KMEM_FMT_CSV;
    else
        return 0;
    if (a->fmt != KMEM_FMT_TEXT && a->fmt != f)
        return -1;
    a->fmt = f;
    return 1;
}

static int flag(const char *s, const char *name, int *out)
{
    if (strcmp(s, name) != 0)
        return 0;
    *out = 1;
    return 1;
}

/* One argument; 1 when used, 0 when unknown, -1 on error. */
static int parse_one(struct args *a, int argc, char **argv, int *i, int *details,
                     FILE *err)
{
    const char *s = argv[*i];
    int r = set_format(a, s, details);
    if (r < 0)
        fprintf(err, "kmem: error: choose one of --json and --csv\n%s", usage);
    if (r != 0)
        return r;
    if (flag(s, "--mcs", &a->mcs) || flag(s, "--split-shared", &a->split) ||
        flag(s, "--diff", &a->diff) || flag(s, "--elf", &a->elf))
        return 1;
    if ((r = opt_value(s, "--svg", i, argc, argv, &a->svg, err)) != 0 ||
        (r = opt_value(s, "--arch", i, argc, argv, &a->arch, err)) != 0 ||
        (r = opt_value(s, "--sizes", i, argc, argv, &a->sizes, err)) != 0)
        return r;
    return 0;
}

static const char *check_args(const struct args *a, int details)
{
    if (a->diff && a->elf)
        return "--diff and --elf do not go together";
    if (a->diff && a->nfiles != 2)
        return "--diff needs two specs, OLD and NEW";
    if (a->elf && a->nfiles < 1)
        return "--elf needs at least one image";
    if (!a->diff && !a->elf && a->nfiles != 1)
        return a->nfiles ? "give one spec (or --diff OLD NEW)" : "no spec given";
    if ((a->diff || a->elf) && a->svg)
        return "--svg draws one spec, not --diff or --elf";
    if (details && (a->elf || a->diff))
        return "--details applies to one spec";
    return NULL;
}

static int parse_args(int argc, char **argv, struct args *a, FILE *out, FILE *err)
{
    memset(a, 0, sizeof(*a));
    a->files = calloc((size_t)argc + 1, sizeof(*a->files));
    if (!a->files)
        return -1;
    int only_files = 0, details = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int r;
        if (only_files || s[0] != '-' || strcmp(s, "-") == 0) {
            a->files[a->nfiles++] = s;
        } else if (strcmp(s, "--") == 0) {
            only_files = 1;
        } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            fputs(usage, out);
            return 1;
        } else if ((r = parse_one(a, argc, argv, &i, &details, err)) != 0) {
            if (r < 0)
                return -1;
        } else {
            fprintf(err, "kmem: error: unknown option '%s'\n%s", s, usage);
            return -1;
        }
    }
    const char *why = check_args(a, details);
    if (why) {
        fprintf(err, "kmem: error: %s\n%s", why, usage);
        return -1;
    }
    if (details && a->fmt == KMEM_FMT_TEXT)
        a->fmt = KMEM_FMT_DETAILS;
    return 0;
}

static void image_name(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, n, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = 0;
}

static int read_image(const char *path, struct kmem_image *img, struct kmem_diag *d)
{
    char *buf, nb[256];
    size_t len;
    if (kmem_read_file(path, &buf, &len, d) < 0)
        return -1;
    int rc = kmem_elf_sections(path, (unsigned char *)buf, len, &img->sizes, d);
    free(buf);
    image_name(path, nb, sizeof(nb));
    img->name = strdup(nb);
    return img->name ? rc : -1;
}

static int run_elf(const struct args *a, FILE *out, struct kmem_diag *d)
{
    size_t n = (size_t)a->nfiles;
    struct kmem_image *imgs = calloc(n, sizeof(*imgs));
    int rc = imgs ? 0 : 1;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (read_image(a->files[i], &imgs[i], d) < 0)
            rc = 1;
    if (rc == 0) {
        struct kmem_output o = { .what = KMEM_OUT_ELF, .images = imgs, .nimages = n };
        kmem_print(out, a->fmt, &o);
    }
    for (size_t i = 0; imgs && i < n; i++)
        free((char *)imgs[i].name);
    free(imgs);
    return rc;
}

static int run_diff(const struct args *a, const struct kmem_options *o, FILE *out,
                    struct kmem_diag *d)
{
    struct kmem_report r0, r1;
    int rc = 1;
    if (kmem_account_file(a->files[0], o, &r0, d) == 0) {
        if (kmem_account_file(a->files[1], o, &r1, d) == 0) {
            struct kmem_output out_ = { .what = KMEM_OUT_DIFF, .old = &r0, .report = &r1 };
            kmem_print(out, a->fmt, &out_);
            rc = 0;
        }
        kmem_report_free(&r1);
    }
    kmem_report_free(&r0);
    return rc;
}

static int write_svg(const char *path, const struct kmem_report *r, FILE *err)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(err, "%s: error: cannot write\n", path);
        return 1;
    }
    kmem_print_svg(f, r);
    if (fclose(f) != 0) {
        fprintf(err, "%s: error: write failed\n", path);
        return 1;
    }
    return 0;
}

static int run_report(const struct args *a, const struct kmem_options *o, FILE *out,
                      FILE *err, struct kmem_diag *d)
{
    struct kmem_report r;
    int rc = 1;
    if (kmem_account_file(a->files[0], o, &r, d) == 0) {
        rc = a->svg ? write_svg(a->svg, &r, err) : 0;
        if (rc == 0) {
            struct kmem_output out_ = { .what = KMEM_OUT_REPORT, .report = &r };
            kmem_print(out, a->fmt, &out_);
        }
    }
    kmem_report_free(&r);
    return rc;
}

int kmem_main(int argc, char **argv, FILE *out, FILE *err)
{
    struct args a;
    struct kmem_diag d = { err, 0 };
    int pr = parse_args(argc, argv, &a, out, err);
    if (pr != 0) {
        free(a.files);
        return pr > 0 ? 0 : 2;
    }
    struct kmem_options o = { KA_NONE, a.mcs, a.split, a.sizes };
    if (a.arch && kmem_arch_parse(a.arch, strlen(a.arch), &o.arch, NULL) < 0) {
        fprintf(err, "kmem: error: unknown architecture '%s'\n%s", a.arch, usage);
        free(a.files);
        return 2;
    }
    int rc = a.elf ? run_elf(&a, out, &d)
             : a.diff ? run_diff(&a, &o, out, &d) : run_report(&a, &o, out, err, &d);
    free(a.files);
    if (fflush(out) != 0)
        rc = 1;
    return rc;
}

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
    int details, json, csv, mcs, split, diff, elf;
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

static int parse_args(int argc, char **argv, struct args *a, FILE *out, FILE *err)
{
    memset(a, 0, sizeof(*a));
    a->files = calloc((size_t)argc + 1, sizeof(*a->files));
    if (!a->files)
        return -1;
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int r;
        if (only_files || s[0] != '-' || strcmp(s, "-") == 0) {
            a->files[a->nfiles++] = s;
        } else if (strcmp(s, "--") == 0) {
            only_files = 1;
        } else if (strcmp(s, "--details") == 0) {
            a->details = 1;
        } else if (strcmp(s, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(s, "--csv") == 0) {
            a->csv = 1;
        } else if (strcmp(s, "--mcs") == 0) {
            a->mcs = 1;
        } else if (strcmp(s, "--split-shared") == 0) {
            a->split = 1;
        } else if (strcmp(s, "--diff") == 0) {
            a->diff = 1;
        } else if (strcmp(s, "--elf") == 0) {
            a->elf = 1;
        } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            fputs(usage, out);
            return 1;
        } else if ((r = opt_value(s, "--svg", &i, argc, argv, &a->svg, err)) != 0 ||
                   (r = opt_value(s, "--arch", &i, argc, argv, &a->arch, err)) != 0 ||
                   (r = opt_value(s, "--sizes", &i, argc, argv, &a->sizes, err)) != 0) {
            if (r < 0)
                return -1;
        } else {
            fprintf(err, "kmem: error: unknown option '%s'\n%s", s, usage);
            return -1;
        }
    }
    const char *why = NULL;
    if (a->json && a->csv)
        why = "choose one of --json and --csv";
    else if (a->diff && a->elf)
        why = "--diff and --elf do not go together";
    else if (a->diff && a->nfiles != 2)
        why = "--diff needs two specs, OLD and NEW";
    else if (a->elf && a->nfiles < 1)
        why = "--elf needs at least one image";
    else if (!a->diff && !a->elf && a->nfiles != 1)
        why = a->nfiles ? "give one spec (or --diff OLD NEW)" : "no spec given";
    else if ((a->diff || a->elf) && a->svg)
        why = "--svg draws one spec, not --diff or --elf";
    else if (a->details && (a->elf || a->diff))
        why = "--details applies to one spec";
    if (why) {
        fprintf(err, "kmem: error: %s\n%s", why, usage);
        return -1;
    }
    return 0;
}

static const char *image_name(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, n, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = 0;
    return buf;
}

static int run_elf(const struct args *a, FILE *out, struct kmem_diag *d)
{
    int n = a->nfiles, rc = 0;
    struct kmem_elf_sizes *sizes = calloc((size_t)n, sizeof(*sizes));
    char **names = calloc((size_t)n, sizeof(*names));
    if (!sizes || !names) {
        free(sizes);
        free(names);
        return 1;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        char *buf;
        size_t len;
        char nb[256];
        if (kmem_read_file(a->files[i], &buf, &len, d) < 0) {
            rc = 1;
            break;
        }
        if (kmem_elf_sections(a->files[i], (unsigned char *)buf, len, &sizes[i], d) < 0)
            rc = 1;
        free(buf);
        names[i] = strdup(image_name(a->files[i], nb, sizeof(nb)));
    }
    if (rc == 0)
        kmem_print_elf(out, (const char *const *)names, sizes, (size_t)n,
                       a->json ? KMEM_FMT_JSON : a->csv ? KMEM_FMT_CSV : KMEM_FMT_TEXT);
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(sizes);
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
    int rc = 0;
    if (a.arch && kmem_arch_parse(a.arch, strlen(a.arch), &o.arch, NULL) < 0) {
        fprintf(err, "kmem: error: unknown architecture '%s'\n%s", a.arch, usage);
        free(a.files);
        return 2;
    }
    if (a.elf) {
        rc = run_elf(&a, out, &d);
    } else if (a.diff) {
        struct kmem_report r0, r1;
        if (kmem_account_file(a.files[0], &o, &r0, &d) < 0) {
            rc = 1;
        } else {
            if (kmem_account_file(a.files[1], &o, &r1, &d) < 0) {
                rc = 1;
            } else {
                kmem_print_diff(out, &r0, &r1,
                                a.json ? KMEM_FMT_JSON
                                       : a.csv ? KMEM_FMT_CSV : KMEM_FMT_TEXT);
                kmem_report_free(&r1);
            }
        }
        kmem_report_free(&r0);
    } else {
        struct kmem_report r;
        if (kmem_account_file(a.files[0], &o, &r, &d) < 0) {
            rc = 1;
        } else {
            if (a.svg) {
                FILE *f = fopen(a.svg, "w");
                if (!f) {
                    fprintf(err, "%s: error: cannot write\n", a.svg);
                    rc = 1;
                } else {
                    kmem_print_svg(f, &r);
                    if (fclose(f) != 0) {
                        fprintf(err, "%s: error: write failed\n", a.svg);
                        rc = 1;
                    }
                }
            }
            if (rc == 0) {
                if (a.json)
                    kmem_print_json(out, &r);
                else if (a.csv)
                    kmem_print_csv(out, &r);
                else
                    kmem_print_table(out, &r, a.details);
            }
        }
        kmem_report_free(&r);
    }
    free(a.files);
    if (fflush(out) != 0)
        rc = 1;
    return rc;
}

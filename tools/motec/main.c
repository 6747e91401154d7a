/* SPDX-License-Identifier: BSD-2-Clause */
/* motec: the mote assembly compiler.  See docs/MOTEC.md. */
#define _XOPEN_SOURCE 700 /* readlink */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "driver.h"
#include "util.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: motec [options] system.camkes\n"
            "  -o DIR            write the outputs to DIR (default: only check)\n"
            "  -I DIR            an include directory (import <file>, cpp); any number,\n"
            "                    searched in order, then motec's standard directory\n"
            "  -D NAME[=VALUE]   define a macro for the C preprocessor\n"
            "  --no-cpp          do not run the C preprocessor\n"
            "  --elf NAME=PATH   the built ELF of component instance or type NAME\n"
            "  --ram SIZE        RAM size (default 128M)\n"
            "  --ram-base ADDR   RAM base address (default 0x80000000)\n"
            "  --reserve SIZE    RAM taken by firmware, kernel and boot image (default 4M)\n"
            "  -v                print a summary\n");
}

/* "128M", "4096", "0x1000", "64K" */
static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s)
        return -1;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    else if (*end == 'G' || *end == 'g')
        v <<= 30, end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int add_elf(struct motec_opts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return -1;
    o->elfs = xrealloc(o->elfs, (size_t)(o->nelfs + 1) * sizeof *o->elfs);
    o->elfs[o->nelfs].name = xstrndup(arg, (size_t)(eq - arg));
    o->elfs[o->nelfs].path = eq + 1;
    o->nelfs++;
    return 0;
}

static void add_string(const char ***v, int *n, const char *s)
{
    *v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

/* The standard imports live in tools/motec/std of the tree the binary
 * was built in (build/bin/motec, build/release/bin/motec), or in std/
 * next to an installed binary: found from /proc/self/exe, so motec
 * works from any directory. */
static const char *find_std_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return "tools/motec/std";
    exe[n] = 0;
    char *dir = dirname(exe);
    for (int up = 0; up < 5; up++) {
        const char *sub[] = { "std", "tools/motec/std" };
        for (int k = 0; k < 2; k++) {
            char *p = xasprintf("%s/%s/std_connector.camkes", dir, sub[k]);
            int ok = access(p, R_OK) == 0;
            free(p);
            if (ok)
                return xasprintf("%s/%s", dir, sub[k]);
        }
        dir = dirname(dir);
    }
    return "tools/motec/std";
}

static int parse_args(int argc, char **argv, struct motec_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (streq(a, "-h") || streq(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (streq(a, "-v")) {
            o->verbose = 1;
        } else if (a[0] == '-' && !next) {
            bad = 1;
        } else if (streq(a, "-o")) {
            o->out_dir = argv[++i];
        } else if (streq(a, "--no-cpp")) {
            o->no_cpp = 1;
        } else if (a[0] == '-' && (a[1] == 'I' || a[1] == 'D') && a[2]) {
            add_string(a[1] == 'I' ? &o->incdirs : &o->defines,
                       a[1] == 'I' ? &o->nincdirs : &o->ndefines, a + 2);
        } else if (streq(a, "-I") || streq(a, "-D")) {
            add_string(a[1] == 'I' ? &o->incdirs : &o->defines,
                       a[1] == 'I' ? &o->nincdirs : &o->ndefines, argv[++i]);
        } else if (streq(a, "--elf")) {
            bad = add_elf(o, argv[++i]);
        } else if (streq(a, "--ram")) {
            bad = parse_size(argv[++i], &o->ram_bytes);
        } else if (streq(a, "--ram-base")) {
            bad = parse_size(argv[++i], &o->ram_base);
        } else if (streq(a, "--reserve")) {
            bad = parse_size(argv[++i], &o->reserve_bytes);
        } else if (a[0] == '-' || o->input) {
            bad = 1;
        } else {
            o->input = a;
        }
        if (bad) {
            fprintf(stderr, "motec: error: bad argument '%s'\n", argv[i]);
            return -1;
        }
    }
    return o->input ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct motec_opts o;
    motec_default_opts(&o);
    o.std_dir = find_std_dir();
    if (parse_args(argc, argv, &o)) {
        usage(stderr);
        return 1;
    }
    diag_set_echo(stderr);
    return motec_run(&o);
}

/* motec: the mote assembly compiler.  See docs/MOTEC.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "driver.h"
#include "util.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: motec [options] system.camkes\n"
            "  -o DIR            write the outputs to DIR (default: only check)\n"
            "  -I DIR            directory of standard imports (default tools/motec/std)\n"
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
        } else if (streq(a, "-I")) {
            o->std_dir = argv[++i];
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
    if (parse_args(argc, argv, &o)) {
        usage(stderr);
        return 1;
    }
    diag_set_echo(stderr);
    return motec_run(&o);
}

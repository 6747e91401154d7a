/* SPDX-License-Identifier: BSD-2-Clause */
/* The whole compile: parse, check, allocate, fit, write.  main.c only
 * turns the command line into struct motec_opts. */
#ifndef MOTEC_DRIVER_H
#define MOTEC_DRIVER_H

#include <stdint.h>

struct elf_arg {
    const char *name;   /* component instance or type */
    const char *path;
};

struct motec_opts {
    const char *input;      /* the top .camkes file */
    const char *out_dir;    /* NULL: check only */
    const char **incdirs;   /* -I: import <file> and cpp's includes, in order */
    int nincdirs;
    const char **defines;   /* -D NAME[=VALUE] for cpp */
    int ndefines;
    int no_cpp;             /* --no-cpp: read files as they are */
    const char *std_dir;    /* the standard imports, searched after -I */
    uint64_t ram_base, ram_bytes, reserve_bytes;
    struct elf_arg *elfs;
    int nelfs;
    int verbose;
};

void motec_default_opts(struct motec_opts *o);
struct program;
struct system;
struct spec_model;
/* Parse, check, allocate and fit; 0 on success (tests use this). */
int motec_build(const struct motec_opts *o, struct program *prog, struct system *sys,
                struct spec_model *sm);
/* Returns the process exit status: 0 success, 1 errors reported. */
int motec_run(const struct motec_opts *o);

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* Internals shared by the checker's files. */
#ifndef MOTEC_CHECK_INT_H
#define MOTEC_CHECK_INT_H

#include "model.h"

#define DEFAULT_PRIORITY 100
#define DEFAULT_STACK_SIZE 4096

void check_connections(struct system *sys);
/* The assembly with compound components' insides in place of them. */
struct assembly_decl *flatten_compounds(struct program *prog, struct assembly_decl *top);
void check_attributes(struct system *sys);
void check_threads_and_hardware(struct system *sys);

#endif

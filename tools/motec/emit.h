/* SPDX-License-Identifier: BSD-2-Clause */
/* Output writers.  Each builds its text in memory; emit_all writes the
 * files into the output directory. */
#ifndef MOTEC_EMIT_H
#define MOTEC_EMIT_H

#include "model.h"
#include "spec_model.h"

void emit_cdl(const struct spec_model *sm, struct strbuf *out);
/* Binary spec: returns a malloc'd buffer of *len bytes. */
unsigned char *emit_spec(const struct spec_model *sm, size_t *len);
void emit_header(const struct m_inst *in, struct strbuf *out);
void emit_dot(const struct system *sys, struct strbuf *out);
/* manifest.mk: the instances and their types, for the build. */
void emit_manifest(const struct system *sys, struct strbuf *out);
int emit_all(const struct system *sys, const struct spec_model *sm, const char *dir);

#endif

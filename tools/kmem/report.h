/* SPDX-License-Identifier: BSD-2-Clause */
/* What the printers of kmem's report share (report*.c). */
#ifndef KMEM_REPORT_H
#define KMEM_REPORT_H

#include "kmem.h"

#define KMEM_NAME_COL 40

int kmem_name_width(const struct kmem_report *r);
/* Whether the default table (details = 0) or --details lists the row. */
int kmem_row_shown(const struct kmem_row *row, int details);
void kmem_json_str(FILE *f, const char *s);
void kmem_csv_str(FILE *f, const char *s);
void kmem_print_diff(FILE *f, const struct kmem_report *a,
                     const struct kmem_report *b, enum kmem_format format);
void kmem_print_elf(FILE *f, const struct kmem_image *images, size_t n,
                    enum kmem_format format);

#endif

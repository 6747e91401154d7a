/* SPDX-License-Identifier: BSD-2-Clause */
/* Diagnostics.  Every mistake motec finds is reported as
 *   file:line:col: error: message
 * The text is kept in a buffer (so tests can assert on it) and echoed to
 * a stream when one is set (the command line tool uses stderr).  Each is
 * one line: control characters in a message (a string of the input may
 * span lines) are written as \n, \r or \xNN. */
#ifndef MOTEC_DIAG_H
#define MOTEC_DIAG_H

#include <stdio.h>

struct loc {
    const char *file;
    int line, col;
};

void diag_error(struct loc at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(struct loc at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For errors with no place in a source file (bad options, unreadable ELF). */
void diag_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A message already formatted elsewhere (cpp's), kept as it is. */
void diag_raw(const char *line, int is_error);

int diag_error_count(void);
const char *diag_text(void);
void diag_reset(void);
void diag_set_echo(FILE *stream);

#endif

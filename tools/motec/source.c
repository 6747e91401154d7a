/* SPDX-License-Identifier: BSD-2-Clause */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static void report(struct loc at, const char *fmt, const char *path, const char *why)
{
    if (at.file)
        diag_error(at, fmt, path, why);
    else
        diag_fatal(fmt, path, why);
}

/* Reads at most MOTEC_MAX_SOURCE_BYTES + 1 bytes: a file that grows while
 * it is read is caught as too large too. */
static char *read_bounded(FILE *f, size_t *len)
{
    struct strbuf sb;
    sb_init(&sb);
    char buf[4096];
    size_t n;
    while (sb.len <= MOTEC_MAX_SOURCE_BYTES && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < n; i++)
            sb_putc(&sb, buf[i]);
    }
    if (ferror(f)) {
        sb_free(&sb);
        errno = EIO;
        return NULL;
    }
    *len = sb.len;
    return sb.s;
}

static char *do_read(const char *path, size_t *len, const char **why)
{
    struct stat st = { 0 };
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        *why = S_ISDIR(st.st_mode) ? "it is a directory, not a file"
                                   : "it is not a regular file";
        return NULL;
    }
    char *s = read_bounded(f, len);
    fclose(f);
    if (!s) {
        *why = strerror(EIO);
    } else if (*len > MOTEC_MAX_SOURCE_BYTES) {
        free(s);
        s = NULL;
        *why = "it is larger than the limit of 8 MiB";
    }
    return s;
}

char *source_read(const char *path, size_t *len, struct loc at)
{
    const char *why = NULL;
    char *s = do_read(path, len, &why);
    if (!s)
        report(at, "cannot read '%s': %s", path, why);
    return s;
}

char *source_read_quiet(const char *path, size_t *len)
{
    const char *why;
    return do_read(path, len, &why);
}

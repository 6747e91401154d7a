/* SPDX-License-Identifier: BSD-2-Clause */
#define _POSIX_C_SOURCE 200809L /* fork, kill */
/* The C preprocessor, run on every file as CAmkES does: gcc's cpp with
 * the -I and -D options given to motec.  cpp collapses blanks and drops
 * comments, which would move every column after the first; so each
 * output line that is the original line up to blanks and comments is
 * replaced by that original line (comments blanked out), and a line a
 * macro changed keeps the original text up to the expansion (whose start
 * keeps its column) and cpp's spacing after it.  Line numbers and file names come
 * from cpp's line markers, which the lexer follows. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "source.h"
#include "util.h"

/* One file's lines as the lexer may see them: comments blanked. */
struct orig {
    char *name;
    char **blank, **norm;  /* per line (1-based): blanked text, blanks removed */
    int nlines;
};

static VEC(struct orig) origs;

/* Replaces comments by spaces (newlines kept), state carried across lines. */
static void blank_comments(char *s, size_t len)
{
    int in_str = 0, in_block = 0, in_line = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i], n = i + 1 < len ? s[i + 1] : 0;
        if (in_block) {
            if (c == '*' && n == '/')
                s[i] = s[i + 1] = ' ', i++, in_block = 0;
            else if (c != '\n')
                s[i] = ' ';
        } else if (in_line) {
            if (c == '\n')
                in_line = 0;
            else
                s[i] = ' ';
        } else if (in_str) {
            if (c == '\\' && n)
                i++;
            else if (c == '"' || c == '\n')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '/' && (n == '*' || n == '/')) {
            in_block = n == '*', in_line = n == '/';
            s[i] = s[i + 1] = ' ', i++;
        }
    }
}

static char *strip_blanks(const char *s)
{
    char *o = xmalloc(strlen(s) + 1), *p = o;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\f' && *s != '\v')
            *p++ = *s;
    *p = 0;
    return o;
}

static struct orig *orig_lookup(const char *name)
{
    for (int i = 0; i < origs.n; i++)
        if (streq(origs.v[i].name, name))
            return origs.v[i].nlines >= 0 ? &origs.v[i] : NULL;
    struct orig o = { .name = xstrdup(name), .nlines = -1 };
    size_t len;
    char *s = name[0] == '<' ? NULL : source_read_quiet(name, &len);
    if (s) {
        blank_comments(s, len);
        o.nlines = 0;
        for (char *line = s; line; o.nlines++) {
            char *nl = memchr(line, '\n', len - (size_t)(line - s));
            if (nl)
                *nl = 0;
            o.blank = xrealloc(o.blank, (size_t)(o.nlines + 2) * sizeof *o.blank);
            o.norm = xrealloc(o.norm, (size_t)(o.nlines + 2) * sizeof *o.norm);
            o.blank[o.nlines + 1] = line;
            o.norm[o.nlines + 1] = strip_blanks(line);
            line = nl ? nl + 1 : NULL;
        }
    }
    VEC_PUSH(origs, o);
    return o.nlines >= 0 ? &origs.v[origs.n - 1] : NULL;
}

/* "# 12 "file" 1 3": the line number and file name; 0 if not a marker. */
static int parse_marker(const char *s, int *line, char **name)
{
    char *end;
    if (s[0] != '#' || s[1] != ' ' || s[2] < '0' || s[2] > '9')
        return 0;
    long n = strtol(s + 2, &end, 10);
    if (end[0] != ' ' || end[1] != '"')
        return 0;
    struct strbuf sb;
    sb_init(&sb);
    for (end += 2; *end && *end != '"'; end++)
        sb_putc(&sb, *end == '\\' && end[1] ? *++end : *end);
    *line = (int)n;
    *name = sb.s;
    return 1;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A line a macro changed: the original text up to the first difference
 * (so what comes before the expansion, and the expansion's start, keep
 * their columns), then cpp's text from there. */
static void merge_line(struct strbuf *sb, const char *orig, const char *out)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (blank(orig[i]))
            i++;
        while (blank(out[j]))
            j++;
        if (!orig[i] || orig[i] != out[j])
            break;
        i++, j++;
    }
    sb_printf(sb, "%.*s%s\n", (int)i, orig, out + j);
}

/* Rebuilds cpp's output (out, NUL terminated) line by line. */
static char *restore(char *out, size_t *len)
{
    struct strbuf sb;
    sb_init(&sb);
    struct orig *cur = NULL;
    int line = 1;
    for (char *s = out; s;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = 0;
        char *name;
        if (parse_marker(s, &line, &name)) {
            cur = orig_lookup(name);
            sb_printf(&sb, "%s\n", s);
        } else {
            char *norm = strip_blanks(s);
            int known = cur && line >= 1 && line <= cur->nlines;
            if (known && streq(norm, cur->norm[line]))
                sb_printf(&sb, "%s\n", cur->blank[line]);
            else if (known)
                merge_line(&sb, cur->blank[line], s);
            else
                sb_printf(&sb, "%s\n", s);
            free(norm);
            line++;
        }
        s = nl ? nl + 1 : NULL;
    }
    *len = sb.len;
    return sb.s;
}

static char **cpp_argv(const char *path, const struct parse_cfg *cfg)
{
    char **argv = xcalloc((size_t)(2 * cfg->nincdirs + cfg->ndefines + 9), sizeof *argv);
    int n = 0;
    /* -undef: no "linux" or "unix" macros in names; -nostdinc: includes
     * come from the -I directories only, as CAmkES passes them. */
    static const char *const fixed[] = { "cpp", "-x", "c", "-undef", "-nostdinc",
                                         "-fno-diagnostics-show-caret" };
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[n++] = (char *)fixed[i];
    for (int i = 0; i < cfg->nincdirs; i++)
        argv[n++] = xasprintf("-I%s", cfg->incdirs[i]);
    for (int i = 0; i < cfg->ndefines; i++)
        argv[n++] = xasprintf("-D%s", cfg->defines[i]);
    argv[n++] = (char *)path;
    return argv;
}

/* Reads the child's output, at most cap bytes; -1 past that. */
static int read_output(int fd, struct strbuf *sb, size_t cap)
{
    char buf[8192];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        for (ssize_t i = 0; i < n; i++)
            sb_putc(sb, buf[i]);
        if (sb->len > cap)
            return -1;
    }
    return 0;
}

/* cpp's own messages are already "file:line:col: error: ...".  Its
 * complaint about a string that spans lines is dropped: the CAmkES
 * grammar allows such strings (cpp passes them through unchanged). */
static void pass_messages(FILE *err, int failed)
{
    char line[1024];
    rewind(err);
    while (fgets(line, sizeof line, err))
        if (!strstr(line, ": warning: missing terminating"))
            diag_raw(line, failed && strstr(line, ": error: ") != NULL);
    fclose(err);
}

static int run_cpp(char **argv, FILE *err, struct strbuf *sb, size_t cap, int *status)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fileno(err), 2);
        close(fds[0]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    int rc = read_output(fds[0], sb, cap);
    if (rc)
        kill(pid, SIGKILL);
    close(fds[0]);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return rc ? -2 : 0;
}

/* At the import that read the file, or without a place for the top file. */
static void report_at(struct loc at, const char *fmt, const char *path, size_t n)
{
    if (at.file)
        diag_error(at, fmt, path, n);
    else
        diag_fatal(fmt, path, n);
}

char *cpp_file(const char *path, const struct parse_cfg *cfg, size_t *len, struct loc at)
{
    size_t n;
    char *check = source_read(path, &n, at);   /* regular, bounded: cpp would block on a fifo */
    if (!check)
        return NULL;
    free(check);
    FILE *err = tmpfile();
    struct strbuf sb;
    sb_init(&sb);
    int status = 0, before = diag_error_count();
    size_t cap = cfg->max_cpp_bytes ? cfg->max_cpp_bytes : MOTEC_MAX_CPP_BYTES;
    int rc = err ? run_cpp(cpp_argv(path, cfg), err, &sb, cap, &status) : -1;
    int failed = rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    int missing = rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127;
    if (err && !missing)
        pass_messages(err, failed);
    else if (err)
        fclose(err);
    if (rc == -2)
        report_at(at, "the C preprocessor's output for '%s' is larger than the limit of %zu "
                  "bytes", path, cap);
    else if (missing)
        report_at(at, "cannot run the C preprocessor 'cpp' on '%s' (install gcc's cpp, or "
                  "use --no-cpp)", path, 0);
    else if (failed && diag_error_count() == before)
        report_at(at, "the C preprocessor failed on '%s'", path, 0);
    if (failed) {
        sb_free(&sb);
        return NULL;
    }
    return restore(sb.s ? sb.s : xstrdup(""), len);
}

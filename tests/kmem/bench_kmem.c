/* SPDX-License-Identifier: BSD-2-Clause */
/* kmem's benchmark: reports a generated spec of 1,000,000 objects and
 * their caps with build/bin/kmem, three times, and prints the median wall
 * and CPU (user + system) times, the peak resident set (getrusage of each run) and the spec's size
 * as lines "NAME VALUE UNIT".  Usage: bench_kmem GEN_SPEC KMEM SPEC */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OBJECTS 1000000
#define RUNS 3

/* Runs argv with stdout to out_fd; returns the exit status. */
static int run(char **argv, int out_fd, struct rusage *ru, double *secs)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (out_fd >= 0)
            dup2(out_fd, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (wait4(pid, &status, 0, ru) < 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long long json_field(const char *text, const char *name)
{
    const char *p = strstr(text, name);
    return p ? atoll(p + strlen(name)) : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_kmem GEN_SPEC KMEM SPEC\n");
        return 2;
    }
    struct stat st;
    struct rusage ru;
    double secs;
    char count[16];
    snprintf(count, sizeof(count), "%d", OBJECTS);
    if (stat(argv[3], &st) != 0) {
        char *gen[] = { argv[1], count, argv[3], NULL };
        if (run(gen, -1, &ru, &secs) != 0 || stat(argv[3], &st) != 0) {
            fprintf(stderr, "bench_kmem: cannot generate %s\n", argv[3]);
            return 1;
        }
    }
    /* counts, as kmem itself reads them */
    char tmp[] = "/tmp/kmem-bench-XXXXXX";
    int fd = mkstemp(tmp);
    char *json[] = { argv[2], "--json", argv[3], NULL };
    if (fd < 0 || run(json, fd, &ru, &secs) != 0) {
        fprintf(stderr, "bench_kmem: kmem failed on %s\n", argv[3]);
        return 1;
    }
    static char text[1 << 16];
    ssize_t got = pread(fd, text, sizeof(text) - 1, 0);
    text[got > 0 ? got : 0] = 0;
    close(fd);
    unlink(tmp);

    int null = open("/dev/null", O_WRONLY);
    double times[RUNS], cpu[RUNS];
    long peak = 0;
    for (int i = 0; i < RUNS; i++) {
        char *cmd[] = { argv[2], argv[3], NULL };
        if (run(cmd, null, &ru, &times[i]) != 0) {
            fprintf(stderr, "bench_kmem: kmem failed on %s\n", argv[3]);
            return 1;
        }
        if (ru.ru_maxrss > peak)
            peak = ru.ru_maxrss;
        cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    }
    qsort(times, RUNS, sizeof(*times), cmp);
    qsort(cpu, RUNS, sizeof(*cpu), cmp);
    printf("kmem_1m_objects %lld objects\n", json_field(text, "\"objects\": "));
    printf("kmem_1m_caps %lld caps\n", json_field(text, "\"caps\": "));
    printf("kmem_1m_spec_size %lld bytes\n", (long long)st.st_size);
    printf("kmem_1m_time %.3f s\n", times[RUNS / 2]);
    printf("kmem_1m_cpu_time %.3f s\n", cpu[RUNS / 2]);
    printf("kmem_1m_peak_rss %ld KiB\n", peak);
    printf("kmem_1m_rss_per_spec_size %.2f x\n",
           (double)peak * 1024.0 / (double)st.st_size);
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* The small commands: echo, time, uptime, sleep, log, loglevel, random,
 * exit. */
#include <libmote/string.h>
#include "commands.h"
#include "../interfaces/log.h"
#include "../interfaces/timer.h"
#include "../interfaces/rng.h"

LOG_CLIENT(log)
MT_RPC_CLIENT(timer, TIMER_METHODS)
MT_RPC_CLIENT(rng, RNG_METHODS)

static const char *const levels[] = LOG_LEVEL_NAMES;
static unsigned long started;   /* RTC ns when the console first asked */

void cmd_echo(int argc, char **argv) { con_printf("%s\n", argc > 1 ? argv[1] : ""); }

static void seconds(const char *what, unsigned long ns)
{
    con_printf("%s %lu.%03lu s\n", what, ns / 1000000000ul, ns / 1000000ul % 1000);
}

void cmd_time(int argc, char **argv)
{
    (void)argc, (void)argv;
    unsigned long ns = timer_time();
    con_printf("rtc %lu.%09lu s\n", ns / 1000000000ul, ns % 1000000000ul);
}

/* The RTC is wall-clock time: uptime counts from the console's start,
 * which con_started() records before the first prompt. */
void con_started(void) { started = timer_time(); }

void cmd_uptime(int argc, char **argv)
{
    (void)argc, (void)argv;
    seconds("up", timer_time() - started);
}

void cmd_sleep(int argc, char **argv)
{
    unsigned long ms;
    if (!con_number(argv[1], &ms) || ms > 3600000ul) {
        con_printf("sleep: MS is a number of milliseconds up to 3600000\n");
        return;
    }
    (void)argc;
    unsigned long t0 = timer_time();
    for (unsigned long step; ms; ms -= step) {   /* Ctrl-C ends it */
        step = ms < 50 ? ms : 50;
        timer_sleep(step * 1000000ul);
        if (con_interrupted()) {
            seconds("^C\nsleep: interrupted after", timer_time() - t0);
            return;
        }
    }
    seconds("slept", timer_time() - t0);
}

void cmd_log(int argc, char **argv) { (void)argc; log_printf("console: %s", argv[1]); }

void cmd_loglevel(int argc, char **argv)
{
    int level = LOG_QUERY;
    if (argc > 1) {
        for (level = 0; level < LOG_LEVELS && strcmp(argv[1], levels[level]); level++)
            ;
        if (level == LOG_LEVELS) {
            con_printf("loglevel: LEVEL is one of error warn info debug trace\n");
            return;
        }
    }
    int now = log_level(level);
    con_printf("log level %s\n", now >= 0 && now < LOG_LEVELS ? levels[now] : "?");
}

static void hex(char *out, const unsigned char *b, unsigned n)
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned k = 0; k < n; k++) {
        *out++ = digits[b[k] >> 4];
        *out++ = digits[b[k] & 15];
    }
    *out = 0;
}

/* One line per device until the driver says there are no more. */
void cmd_random(int argc, char **argv)
{
    char bytes[2 * RNG_BYTES + 1];
    (void)argc, (void)argv;
    for (unsigned dev = 0;; dev++) {
        struct rng_reply r = rng_read(dev);
        if (mt_rpc_status() != MT_RPC_OK) {   /* a restarted or stopped driver */
            con_printf("random: %s (error %lu)\n", mt_rpc_status() == MT_RPC_STOPPED ?
                       "the driver is stopped" : "no answer", (unsigned long)mt_rpc_status());
            return;
        }
        if (r.status == RNG_NO_DEVICE)
            return;
        hex(bytes, r.b, r.status == RNG_OK ? r.len : 0);
        con_printf("rng%u irq %d: %s (%lu interrupt%s)\n", dev, r.irq,
                   r.status == RNG_OK ? bytes : "not ready", r.irqs, r.irqs == 1 ? "" : "s");
    }
}

/* Power-off needs the Power cap (the assembly's power_off = true) on
 * either kernel; without it only the debug kernel's Shutdown is left. */
void cmd_exit(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("bye\n");
#if defined(MT_SLOT_POWER)
    int err = mt_power_off(MT_SLOT_POWER, 0);
#elif MT_KERNEL_DEBUG
    mt_debug_shutdown(0);
    int err = -1;
#else
    int err = -1;
#endif
    con_printf("exit: cannot power off (error %d)\n", err);
}

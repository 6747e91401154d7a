/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's commands.  Figures come from the generated tables (this
 * component's own threads, slots and stacks), the kernel and the memory
 * manager. */
#include <libmote/string.h>
#include "console.h"
#include "../interfaces/log.h"
#include "../interfaces/memory.h"
#include "../interfaces/timer.h"
#include "../interfaces/rng.h"

LOG_CLIENT(log)
MT_RPC_CLIENT(memory, MEMORY_METHODS)
MT_RPC_CLIENT(timer, TIMER_METHODS)
MT_RPC_CLIENT(rng, RNG_METHODS)

static const char *const roles[] = { "control", "rpc", "event", "irq" };

static void cmd_help(char *args)
{
    (void)args;
    con_printf("help           this list\n"
               "echo TEXT      print TEXT\n"
               "mem            memory: kernel, this component, memory manager\n"
               "ps | threads   this component's threads\n"
               "time           the RTC (timer service)\n"
               "log TEXT       send TEXT to the logger\n"
               "random         bytes from each virtio entropy device (shared_irq_driver)\n"
               "rz             receive a file with ZMODEM (host: sz FILE)\n"
               "uploaded [drop] the received file: name, size, CRC-32 (drop: free it)\n"
               "exit           power off\n");
    apps_help();
    storage_help();
}

static void cmd_echo(char *args) { con_printf("%s\n", args); }

/* The kernel's own figures come from a debug call: the release kernel
 * has none, so there the line is left out. */
static void mem_kernel(void)
{
#if MT_KERNEL_DEBUG
    mt_word_t k[4];
    mt_debug_kernel_info(k);
    con_printf("kernel image    %lu bytes, RAM %lu KiB\n", k[MT_KINFO_IMAGE_BYTES],
               k[MT_KINFO_RAM_BYTES] / 1024);
#endif
}

static void cmd_mem(char *args)
{
    (void)args;
    mem_kernel();
    struct mem_stats st = memory_stats();
    unsigned long stacks = 0;
    for (int i = 0; i < MT_THREAD_COUNT; i++)
        stacks += mt_threads[i].stack_size;
    con_printf("%s: %d threads: %lu bytes of stack, %d TCBs of 512 bytes, "
               "CNode of %d slots (%d bytes)\n", MT_INSTANCE_NAME, MT_THREAD_COUNT,
               stacks, MT_THREAD_COUNT, MT_SLOT_COUNT, MT_SLOT_COUNT * 32);
    con_printf("memory_manager  %lu untyped caps: %lu KiB, %lu KiB free; %lu frames handed out\n",
               st.untyped_count, st.total_bytes / 1024, st.free_bytes / 1024, st.frames_out);
}

static void cmd_ps(char *args)
{
    (void)args;
    con_printf("%s threads\n id  role     prio  stack top  ipc buffer\n", MT_INSTANCE_NAME);
    for (int i = 0; i < MT_THREAD_COUNT; i++) {
        const struct mt_thread_info *t = &mt_threads[i];
        con_printf("%3d  %s\t  %3u  0x%06lx   0x%lx\n", i, roles[t->role & 3],
                   t->priority, (unsigned long)t->stack_top, (unsigned long)t->ipc_buffer);
    }
}

static void cmd_time(char *args)
{
    (void)args;
    unsigned long ns = timer_time();
    con_printf("rtc %lu.%09lu s\n", ns / 1000000000ul, ns % 1000000000ul);
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
static void cmd_random(char *args)
{
    char bytes[2 * RNG_BYTES + 1];
    (void)args;
    for (unsigned dev = 0;; dev++) {
        struct rng_reply r = rng_read(dev);
        if (r.status == RNG_NO_DEVICE)
            return;
        hex(bytes, r.b, r.status == RNG_OK ? r.len : 0);
        con_printf("rng%u irq %d: %s (%lu interrupts)\n", dev, r.irq,
                   r.status == RNG_OK ? bytes : "not ready", r.irqs);
    }
}

static void cmd_log(char *args) { log_printf("console: %s", args); }
/* Power-off needs the Power cap (the assembly's power_off = true) on
 * either kernel; without it only the debug kernel's Shutdown is left. */
static void cmd_exit(char *args)
{
    (void)args;
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

static const struct { const char *name; void (*fn)(char *); } cmds[] = {
    { "help", cmd_help }, { "echo", cmd_echo }, { "mem", cmd_mem }, { "ps", cmd_ps },
    { "threads", cmd_ps }, { "time", cmd_time }, { "log", cmd_log },
    { "random", cmd_random },
    { "rz", cmd_rz }, { "uploaded", cmd_uploaded },
    { "exit", cmd_exit },
};

void con_execute(char *line)
{
    while (*line == ' ')
        line++;
    char *args = line;
    while (*args && *args != ' ')
        args++;
    if (*args)
        *args++ = 0;
    if (!*line)
        return;
    for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(line, cmds[i].name)) {
            cmds[i].fn(args);
            return;
        }
    if (!apps_execute(line, args) && !storage_command(line, args))
        con_printf("%s: unknown command (try 'help')\n", line);
}

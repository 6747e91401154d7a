/* SPDX-License-Identifier: BSD-2-Clause */
/* mem: figures from the generated tables (this component's own
 * threads, slots and stacks) and the memory manager; kmem: the
 * rootserver's memory report (mem_report = true), laid out as the host's
 * build/bin/kmem prints its table for the same spec. */
#include <libmote/string.h>
#include "commands.h"
#include "../interfaces/memory.h"

MT_RPC_CLIENT(memory, MEMORY_METHODS)

static const char *plural(unsigned long n) { return n == 1 ? "" : "s"; }

/* The kernel's own figures come from a debug call: the release kernel
 * has none, so there the line is left out. */
static void mem_kernel(void)
{
#if MT_KERNEL_DEBUG
    mt_word_t k[4];
    mt_debug_kernel_info(k);
    con_printf("kernel: image %lu bytes, RAM %lu KiB\n", k[MT_KINFO_IMAGE_BYTES],
               k[MT_KINFO_RAM_BYTES] / 1024);
#endif
}

void cmd_mem(int argc, char **argv)
{
    (void)argc, (void)argv;
    mem_kernel();
    struct mem_stats st = memory_stats();
    unsigned long stacks = 0;
    for (int i = 0; i < MT_THREAD_COUNT; i++)
        stacks += mt_threads[i].stack_size;
    con_printf("%s: %d thread%s (%lu bytes of stack), CNode of %d slots\n", MT_INSTANCE_NAME,
               MT_THREAD_COUNT, plural(MT_THREAD_COUNT), stacks, MT_SLOT_COUNT);
    con_printf("memory_manager: %lu untyped cap%s: %lu KiB, %lu KiB free; "
               "%lu frame%s handed out\n", st.untyped_count, plural(st.untyped_count),
               st.total_bytes / 1024, st.free_bytes / 1024, st.frames_out,
               plural(st.frames_out));
}

#ifdef MT_MEM_REPORT
/* "name    N KiB    bytes": the name column as wide as kmem's (40, or the
 * longest name and a space). */
static void kmem_line(const char *name, unsigned width, unsigned long bytes)
{
    char pad[MT_MEM_REPORT_NAME + 1];
    unsigned n = (unsigned)strlen(name), k = 0;
    while (n + k < width && k < sizeof pad - 1)
        pad[k++] = ' ';
    pad[k] = 0;
    con_printf("%s%s%9lu KiB%20lu\n", name, pad, bytes / 1024, bytes);
}

void cmd_kmem(int argc, char **argv)
{
    const struct mt_mem_report *r = MT_MEM_REPORT;
    unsigned width = 40;
    (void)argc, (void)argv;
    if (r->magic != MT_MEM_REPORT_MAGIC) {
        con_printf("kmem: the rootserver left no memory report\n");
        return;
    }
    for (unsigned i = 0; i < r->rows; i++)
        if (strlen(r->row[i].owner) + 1 > width)
            width = (unsigned)strlen(r->row[i].owner) + 1;
    for (unsigned i = 0; i < r->rows; i++)
        kmem_line(r->row[i].owner, width, r->row[i].bytes);
    kmem_line("GRAND TOTAL", width, r->total);
}
#else
void cmd_kmem(int argc, char **argv)
{
    (void)argc, (void)argv;
    con_printf("kmem: no memory report here (mem_report = true in the assembly)\n");
}
#endif

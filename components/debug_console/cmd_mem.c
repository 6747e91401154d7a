/* mem: figures from the generated tables (this component's own
 * threads, slots and stacks) and the memory manager. */
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
    con_printf("%s: %d thread%s: %lu bytes of stack, %d TCB%s of 512 bytes, "
               "CNode of %d slots (%d bytes)\n", MT_INSTANCE_NAME, MT_THREAD_COUNT,
               plural(MT_THREAD_COUNT), stacks, MT_THREAD_COUNT, plural(MT_THREAD_COUNT),
               MT_SLOT_COUNT, MT_SLOT_COUNT * 32);
    con_printf("memory_manager: %lu untyped cap%s: %lu KiB, %lu KiB free; "
               "%lu frame%s handed out\n", st.untyped_count, plural(st.untyped_count),
               st.total_bytes / 1024, st.free_bytes / 1024, st.frames_out,
               plural(st.frames_out));
}

/* Frames are retyped from the untyped in our slots [MT_UNTYPED_SLOT_FIRST,
 * + count) into our free slots; the slot index is the client's handle.
 * free revokes and deletes our cap, so the client's copy goes too. */
#include <libmote/print.h>
#include <libmote/rpc.h>
#include "../interfaces/memory.h"
#include "../interfaces/uart.h"

MT_RPC_SERVER(memory, MEMORY_METHODS)

/* With the UART driver connected, mt_printf goes there: the release
 * kernel has no debug PutS (on the debug kernel, unconnected, PutS prints). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#define SET_OUTPUT() mt_set_output(uart_output)
#else
#define SET_OUTPUT() ((void)0)
#endif

#define FIRST_FRAME_SLOT MT_SLOT_FIRST_FREE
#define DEPTH MT_WORD_BITS

static unsigned char used[MT_SLOT_COUNT];
static unsigned long frames_out;

/* The first untyped slot holds the block the rootserver was built from.
 * The rootserver runs above every component until it suspends itself, so
 * by the time this runs it is done: revoking the block destroys it and
 * frees its memory for Retype.  Then, before any client asks for memory,
 * it says what it can still allocate: RAM minus that is everything the
 * idle system holds (scripts/footprint.sh, ram_used_bytes). */
void pre_init(void)
{
    SET_OUTPUT();
    int err = mt_cnode_revoke(MT_SLOT_CNODE, MT_UNTYPED_SLOT_FIRST, DEPTH);
    struct mem_stats st = memory_stats();
    /* one line for both: a second format string would cost a code page */
    mt_printf("memory_manager: free %lu bytes (rootserver revoke: error %d)\n", st.free_bytes, err);
}

static long free_slot(void)
{
    for (long s = FIRST_FRAME_SLOT; s < MT_SLOT_COUNT; s++)
        if (!used[s])
            return s;
    return -1;
}

long memory_alloc(void)
{
    long s = free_slot();
    if (s < 0)
        return -1;
    for (int u = 0; u < MT_UNTYPED_SLOT_COUNT; u++) {
        if (mt_untyped_retype(MT_UNTYPED_SLOT_FIRST + u, MT_OBJ_FRAME_4K,
                              MT_PAGE_BITS, MT_SLOT_CNODE, 0, 0, s, 1) == MT_OK) {
            used[s] = 1;
            frames_out++;
            mt_rpc_give_cap(s);
            return s;
        }
    }
    return -1;
}

int memory_free(long handle)
{
    if (handle < FIRST_FRAME_SLOT || handle >= MT_SLOT_COUNT || !used[handle])
        return -1;
    mt_cnode_revoke(MT_SLOT_CNODE, handle, DEPTH);
    mt_cnode_delete(MT_SLOT_CNODE, handle, DEPTH);
    used[handle] = 0;
    frames_out--;
    return 0;
}

/* What the untyped we hold add up to, as the kernel describes them. */
struct mem_stats memory_stats(void)
{
    struct mem_stats st = { 0, frames_out, 0, 0 };
    for (int u = 0; u < MT_UNTYPED_SLOT_COUNT; u++) {
        struct mt_untyped_info info;
        if (mt_untyped_describe(MT_UNTYPED_SLOT_FIRST + u, &info) != MT_OK)
            continue;
        st.untyped_count++;
        st.total_bytes += 1ul << info.size_bits;
        st.free_bytes += info.free_bytes;
    }
    return st;
}

MT_COMPONENT(MT_PROVIDES(memory));

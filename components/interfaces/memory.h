/* procedure Memory (rpc_basic): 4 KiB frames from the leftover untyped.
 * alloc replies with the frame cap (cap transfer: the client names its
 * receive slot with mt_rpc_accept_cap first) and a handle for free. */
#ifndef IFACE_MEMORY_H
#define IFACE_MEMORY_H

struct mem_stats { unsigned long untyped_count, frames_out, total_bytes, free_bytes; };

#define MEMORY_METHODS(M, i)                                 \
    M(i, alloc, 1, long)                                     \
    M(i, free, 2, int, (long, handle))                       \
    M(i, stats, 3, struct mem_stats)

#endif

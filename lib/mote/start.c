/* SPDX-License-Identifier: BSD-2-Clause */
/* Run-time support of crt0_root.S. */
#include <stddef.h>
#include <libmote/syscall.h>
#include <libmote/invoke.h>

_Static_assert(offsetof(struct mt_bootinfo, ipc_buffer) == 8,
               "crt0_root.S loads the IPC buffer address from offset 8");

/* The debug kernel powers the machine off with the status; the release
 * kernel has no such call for any thread, so the root task stops itself
 * (a system's memory owner may then reclaim it). */
void mt_root_exit(int status)
{
#if MT_KERNEL_DEBUG
    for (;;)
        mt_debug_shutdown(status);
#else
    (void)status;
    for (;;)
        mt_tcb_suspend(MT_INIT_TCB);
#endif
}

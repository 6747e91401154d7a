/* Run-time support of crt0_root.S. */
#include <stddef.h>
#include <libmote/syscall.h>

_Static_assert(offsetof(struct mt_bootinfo, ipc_buffer) == 8,
               "crt0_root.S loads the IPC buffer address from offset 8");

void mt_root_exit(int status) __attribute__((noreturn));

void mt_root_exit(int status)
{
    for (;;)
        mt_debug_shutdown(status);
}

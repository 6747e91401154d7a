/* SPDX-License-Identifier: BSD-2-Clause */
/* A root task that makes one debug system call, DEBUG_CALL (a number of
 * include/mote/syscall.h), with a raw ecall: libmote has no debug wrappers
 * when built for the release kernel.  On the release kernel the call is an
 * unknown system call: a fault, and with no fault handler the kernel
 * suspends the task and says so.  On the debug kernel PutS prints the
 * marker and the task powers off with status 0. */
#include <mote/syscall.h>
#include <mote/types.h>

static const char marker[] = "debug call answered\n";

static mt_word_t raw_call(mt_word_t no, mt_word_t a0, mt_word_t a1)
{
    register mt_word_t r0 __asm__("a0") = a0;
    register mt_word_t r1 __asm__("a1") = a1;
    register mt_word_t r7 __asm__("a7") = no;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r7) : "a2", "a3", "a4", "a5", "memory");
    return r0;
}

int main(void)
{
    if (DEBUG_CALL == MT_SYS_DEBUG_PUTS)
        raw_call(MT_SYS_DEBUG_PUTS, (mt_word_t)marker, sizeof marker - 1);
    else
        raw_call(DEBUG_CALL, DEBUG_CALL == MT_SYS_DEBUG_SHUTDOWN ? 7 : '!', 0);
    raw_call(MT_SYS_DEBUG_PUTS, (mt_word_t)marker, sizeof marker - 1);
    raw_call(MT_SYS_DEBUG_SHUTDOWN, 0, 0);
    return 1;
}

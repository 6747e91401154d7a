/* SPDX-License-Identifier: BSD-2-Clause */
/* Application entry.  The process manager starts an application's only
 * thread here with (docs/APPS.md, "Start state"):
 *   sp  the stack top: the IPC buffer's address, 512-aligned; the stack
 *       grows down from it to a page boundary above an unmapped guard page
 *   a0  the IPC buffer's address (also configured in the TCB)
 *   every other register zero, the image loaded (bss zeroed).
 * tp carries the IPC buffer for libmote's system-call wrappers; main's
 * return value becomes the exit code. */
    .section .text.start, "ax"
    .globl _start
_start:
    mv tp, a0
    mv s0, zero
    mv ra, zero
    call main
    call sdk_exit
1:  j 1b

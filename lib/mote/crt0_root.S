/* SPDX-License-Identifier: BSD-2-Clause */
/* Root task entry.  The kernel starts the root task here with
 * a0 = the virtual address of its struct mt_bootinfo.  We set up a static
 * stack, point tp at the IPC buffer (struct mt_bootinfo.ipc_buffer, the
 * second word) and call main(bootinfo); its return value becomes the exit
 * status through mt_root_exit().  The 16 KiB stack is a default: a root
 * task that defines mt_root_stack_top itself (the rootserver, whose image
 * is part of a system's boot peak) gets its own, and with
 * --gc-sections this one is dropped. */
    .section .text.start, "ax"
    .globl _start
_start:
    la sp, mt_root_stack_top
    ld tp, 8(a0)            /* bootinfo->ipc_buffer */
    mv s0, zero
    call main
    call mt_root_exit
1:  j 1b

    .section .bss.mt_root_stack, "aw", @nobits
    .balign 16
    .weak mt_root_stack_top
mt_root_stack:
    .space 16384
mt_root_stack_top:

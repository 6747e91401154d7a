/* SPDX-License-Identifier: BSD-2-Clause */
/* Component thread entry.  The rootserver starts every thread of a
 * component here with a0 = its index in the generated thread table
 * (docs/MOTEC.md).  sp and tp come from that table (mt_component.threads,
 * entries of 40 bytes: stack_top at 16, ipc_buffer at 32); the index goes
 * into the IPC buffer's user_data word (offset 456), where
 * mt_thread_index() reads it through tp.  component.c static-asserts these
 * offsets.  Then mt_thread_start(index) runs the component and never
 * returns. */
    .section .text.start, "ax"
    .globl _start
_start:
    la t0, mt_component
    ld t0, 8(t0)            /* mt_component.threads */
    li t1, 40
    mul t1, t1, a0
    add t0, t0, t1
    ld sp, 16(t0)           /* stack_top */
    ld tp, 32(t0)           /* ipc_buffer */
    sd a0, 456(tp)          /* ipc_buffer->user_data = index */
    mv s0, zero
    mv ra, zero
    call mt_thread_start
1:  j 1b

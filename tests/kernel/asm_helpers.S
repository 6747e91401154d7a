/* SPDX-License-Identifier: BSD-2-Clause */
/* Code the tests need at known addresses: loops and faulting instructions. */
    .text
    .balign 4

/* asm_spin_marked(a0): s2 = 0x5a5a, s3 = a0, then Recv on cap a0 (syscall
 * 5) and spin forever after it. */
    .globl asm_spin_marked, asm_spin_loop, asm_spin_end
asm_spin_marked:
    li s2, 0x5a5a
    mv s3, a0
    li a1, 0
    li a7, 5
    ecall
asm_spin_loop:
    j asm_spin_loop
asm_spin_end:
    nop

/* An illegal instruction (all-zero word) at a known address. */
    .globl asm_illegal
asm_illegal:
    .word 0
    ret

    .globl asm_ebreak
asm_ebreak:
    .option push
    .option norvc
    ebreak
    .option pop
    ret

/* asm_bad_syscall(a0): ecall with a7 = 99, a0 = arg, a1..a6 = 11..16. */
    .globl asm_bad_syscall, asm_bad_syscall_ecall
asm_bad_syscall:
    li a1, 11
    li a2, 12
    li a3, 13
    li a4, 14
    li a5, 15
    li a6, 16
    li a7, 99
asm_bad_syscall_ecall:
    .option push
    .option norvc
    ecall
    .option pop
    ret

/* asm_load_addr(a0): load from a0.  asm_store_addr(a0): store to a0.
 * asm_jump_addr(a0): jump to a0. */
    .globl asm_load_addr, asm_store_addr, asm_jump_addr
asm_load_addr:
    ld a0, 0(a0)
    ret
asm_store_addr:
    sd a0, 0(a0)
    ret
asm_jump_addr:
    jr a0

/* asm_send_park(a0 cap, a1 msginfo, a2 MR0, a3 notification): Send, then
 * wait on the notification for good (nobody signals it).  A sender whose
 * send is cancelled re-runs its ecall and sends again. */
    .globl asm_send_park
asm_send_park:
    mv s2, a3
    li a7, 3
    ecall
1:  mv a0, s2
    li a7, 5
    ecall
    j 1b

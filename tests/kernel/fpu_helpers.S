/* SPDX-License-Identifier: BSD-2-Clause */
/* FP register patterns for the FPU tests (test_fpu.c).  Pattern s puts
 * s + n in fn (as raw 64-bit values) and s & 31 in fflags; a check counts
 * the registers (and fflags) that no longer hold it.  System call numbers
 * are literals here; test_fpu.c asserts them against the ABI. */
#define SYS_CALL 1
#define SYS_RECV 5
#define SYS_YIELD 8
#define REGS 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31

    .option arch, +d
    .text
    .balign 4

/* fill pattern t2 */
    .macro FILL
    .irp n, REGS
    addi t0, t2, \n
    fmv.d.x f\n, t0
    .endr
    andi t0, t2, 31
    fsflags t0
    .endm

/* a0 = how many registers differ from pattern t2 */
    .macro CHECK
    li a0, 0
    .irp n, REGS
    fmv.x.d t0, f\n
    addi t1, t2, \n
    sub t0, t0, t1
    snez t0, t0
    add a0, a0, t0
    .endr
    frflags t0
    andi t1, t2, 31
    sub t0, t0, t1
    snez t0, t0
    add a0, a0, t0
    .endm

/* fp_fill(seed) */
    .globl fp_fill
fp_fill:
    mv t2, a0
    FILL
    ret

/* fp_check(seed) -> differing registers */
    .globl fp_check
fp_check:
    mv t2, a0
    CHECK
    ret

/* fp_yield_round(seed): fill, Yield, check */
    .globl fp_yield_round
fp_yield_round:
    mv t2, a0
    FILL
    li a7, SYS_YIELD
    ecall
    CHECK
    ret

/* fp_call_round(seed, ep): fill, Call ep with an empty message, check */
    .globl fp_call_round
fp_call_round:
    mv t2, a0
    FILL
    mv a0, a1
    li a1, 0
    li a7, SYS_CALL
    ecall
    CHECK
    ret

/* fp_fill_recv_use(seed, ep): fill, Recv on ep, then an FP instruction
 * at fp_use_after_recv (the FPU may be gone by then) */
    .globl fp_fill_recv_use, fp_use_after_recv
fp_fill_recv_use:
    mv t2, a0
    FILL
    mv a0, a1
    li a7, SYS_RECV
    ecall
fp_use_after_recv:
    fmv.x.d a0, f0
    ret

/* One FP instruction at a known address: the fault test's. */
    .globl fp_use
fp_use:
    fadd.d f1, f2, f3
    ret

/* fp_touch(): one FP instruction that dirties the state (the benchmark's) */
    .globl fp_touch
fp_touch:
    fadd.d f0, f0, f1
    ret

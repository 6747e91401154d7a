/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel entry from OpenSBI: a0 = hart id, a1 = device tree (physical),
 * paging off, running at the physical load address.  Build a boot page
 * table with gigapages (identity for the kernel's own gigabyte, so the pc
 * stays valid, and the upper-half window over the first 4 GiB of physical
 * memory), turn on Sv39 and jump to the virtual address of kernel_main. */
#include "layout.h"

    .section .text.boot, "ax"
    .globl _start
_start:
    /* Only hart 0 boots; any other hart parks. */
    bnez a0, park
    lla t0, boot_pagetable
    /* identity gigapage for 0x80000000 (entry 2) */
    li t1, (0x80000000 >> 12) << 10 | PTE_BOOT_FLAGS
    sd t1, 2*8(t0)
    /* upper-half window: entries 256..259 map physical 0..4 GiB */
    li t2, 0
    li t3, 4
    li t4, 256*8
    add t4, t4, t0
1:  slli t1, t2, 30 - 12 + 10
    ori t1, t1, PTE_BOOT_FLAGS
    sd t1, 0(t4)
    addi t2, t2, 1
    addi t4, t4, 8
    blt t2, t3, 1b
    /* satp = Sv39 | ppn(boot_pagetable) */
    srli t0, t0, 12
    li t1, SATP_SV39
    or t0, t0, t1
    sfence.vma
    csrw satp, t0
    sfence.vma
    /* jump into the upper half */
    li t0, KERNEL_OFFSET
    lla t1, 2f
    add t1, t1, t0
    jr t1
2:  lla sp, kernel_stack_top
    call kernel_main
park:
    wfi
    j park

    .section .bss
    .balign 4096
    .globl boot_pagetable
boot_pagetable:
    .space 4096
    .globl kernel_stack
kernel_stack:
    .space KERNEL_STACK_SIZE
    .globl kernel_stack_top
kernel_stack_top:

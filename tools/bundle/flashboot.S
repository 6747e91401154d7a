/* SPDX-License-Identifier: BSD-2-Clause */
/* The first page of the builtins flash image: QEMU virt treats pflash
 * unit 1 as S-mode firmware.  With a drive there, it no longer loads
 * -kernel into RAM: it only exposes the file through fw_cfg, and OpenSBI
 * enters S-mode at the start of the bank (0x22000000).  So the image
 * begins with this loader, which does what QEMU would have done: it reads
 * the -kernel ELF through fw_cfg's DMA interface into a scratch buffer,
 * copies each PT_LOAD to its physical address (zeroing the rest of its
 * memory size), and jumps to the entry's physical address with a0 (hart
 * id) and a1 (device tree) as OpenSBI gave them.  With no -kernel (the
 * buffer stays zero) or a file that is not an ELF it waits forever.
 * Position-independent; uses no stack and no memory but the buffer. */

#define FW_CFG_DMA 0x10100010       /* virt's fw_cfg: data 0, selector 8, DMA 16 */
#define DESC 0x80100000             /* scratch: between OpenSBI and the kernel */
#define BUF 0x81000000              /* scratch: 16 MiB into RAM (kernel images < 14 MiB) */
#define KERNEL_SIZE 0x08            /* FW_CFG_KERNEL_SIZE: 4 bytes, little-endian */
#define KERNEL_DATA 0x11            /* FW_CFG_KERNEL_DATA */
#define CTL_SELECT_READ 0x0a        /* FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ */
/* The descriptor's fields are big-endian: each constant is the word a
 * little-endian store must write. */
#define BE_CONTROL(key) ((CTL_SELECT_READ << 24) | ((key) << 8))
#define BE_ADDR(a) ((((a) >> 24) & 0xff) << 32 | (((a) >> 16) & 0xff) << 40 | \
                    (((a) >> 8) & 0xff) << 48 | ((a) & 0xff) << 56)

    .section .text
    .option norvc
    .globl _start
_start:
    li s0, DESC
    li s5, FW_CFG_DMA
    /* The kernel's size into DESC + 16. */
    li t1, BE_CONTROL(KERNEL_SIZE)
    li t2, 4 << 24                  /* length 4, big-endian */
    li t3, BE_ADDR(DESC + 16)
    jal ra, dma
    lwu a4, 16(s0)
    beqz a4, hang                   /* no -kernel */
    /* Its bytes into BUF: the length byte-swapped. */
    andi t2, a4, 0xff
    slli t2, t2, 24
    srli t4, a4, 8
    andi t4, t4, 0xff
    slli t4, t4, 16
    or t2, t2, t4
    srli t4, a4, 16
    andi t4, t4, 0xff
    slli t4, t4, 8
    or t2, t2, t4
    srli t4, a4, 24
    or t2, t2, t4
    li t1, BE_CONTROL(KERNEL_DATA)
    li t3, BE_ADDR(BUF)
    jal ra, dma
    j elf

/* One transfer: the descriptor (t1 control, t2 length, t3 address, all
 * as stored) at DESC, its address to the DMA register (the transfer is
 * done when the store completes), then control reads 0 (bit 0: error). */
dma:
    sw t1, 0(s0)
    sw t2, 4(s0)
    sd t3, 8(s0)
    fence
    li t1, BE_ADDR(DESC)
    sd t1, 0(s5)
    fence
    lw t1, 0(s0)
    bnez t1, hang
    ret

elf:
    /* The ELF: "\177ELF", then e_entry (24), e_phoff (32), e_phnum (56). */
    li s0, BUF
    lwu t1, 0(s0)
    li t2, 0x464c457f
    bne t1, t2, hang
    ld s1, 24(s0)                   /* entry (virtual) */
    ld s2, 32(s0)
    add s2, s2, s0                  /* the program headers */
    lhu s3, 56(s0)                  /* their count */
    li s4, 0                        /* the entry's physical address */
phdr:
    beqz s3, go
    lw t1, 0(s2)                    /* p_type */
    li t2, 1
    bne t1, t2, next
    ld t3, 8(s2)                    /* p_offset */
    ld t4, 16(s2)                   /* p_vaddr */
    ld t5, 24(s2)                   /* p_paddr */
    ld t6, 32(s2)                   /* p_filesz */
    ld a2, 40(s2)                   /* p_memsz */
    sub t1, s1, t4                  /* the entry in this segment? */
    bgeu t1, a2, 2f
    add s4, t5, t1
2:  add t3, t3, s0                  /* copy filesz bytes ... */
    add a3, t5, t6
3:  bgeu t5, a3, 4f
    lbu t1, 0(t3)
    sb t1, 0(t5)
    addi t3, t3, 1
    addi t5, t5, 1
    j 3b
4:  sub a3, a2, t6                  /* ... and zero the rest of memsz */
    add a3, a3, t5
5:  bgeu t5, a3, next
    sb zero, 0(t5)
    addi t5, t5, 1
    j 5b
next:
    addi s2, s2, 56
    addi s3, s3, -1
    j phdr
go:
    beqz s4, hang
    fence.i
    jr s4
hang:
    wfi
    j hang

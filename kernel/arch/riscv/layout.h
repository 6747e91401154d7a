/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory layout constants shared by C and assembly. */
#ifndef KERNEL_ARCH_LAYOUT_H
#define KERNEL_ARCH_LAYOUT_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##ul
#endif

#define KERNEL_OFFSET UL(0xffffffc000000000)
#define KERNEL_STACK_SIZE 8192
#define SATP_SV39 (UL(8) << 60)
/* valid, read, write, exec, global, accessed, dirty */
#define PTE_BOOT_FLAGS (0x01 | 0x02 | 0x04 | 0x08 | 0x20 | 0x40 | 0x80)

/* QEMU virt devices the kernel itself drives. */
#define PLIC_PADDR UL(0x0c000000)
#define PLIC_SIZE UL(0x600000)
#define TEST_DEVICE_PADDR UL(0x100000)
#define RAM_PADDR UL(0x80000000)

#endif

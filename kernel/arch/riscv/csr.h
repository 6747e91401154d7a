/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V supervisor CSRs and the instructions the kernel needs. */
#ifndef KERNEL_ARCH_CSR_H
#define KERNEL_ARCH_CSR_H

#define csr_read(csr) ({ unsigned long v__; \
    __asm__ volatile("csrr %0, " #csr : "=r"(v__)); v__; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "r"((unsigned long)(v)))
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" : : "r"((unsigned long)(v)))
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" : : "r"((unsigned long)(v)))

#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_FS (3ul << 13)
#define SSTATUS_SUM (1ul << 18)

#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIE_SEIE (1ul << 9)

#define SCAUSE_INTERRUPT (1ul << 63)
#define IRQ_S_TIMER 5
#define IRQ_S_EXTERNAL 9

enum exception_cause {
    EXC_INSTR_MISALIGNED = 0, EXC_INSTR_ACCESS = 1, EXC_ILLEGAL_INSTR = 2,
    EXC_BREAKPOINT = 3, EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6, EXC_STORE_ACCESS = 7, EXC_ECALL_U = 8,
    EXC_INSTR_PAGE_FAULT = 12, EXC_LOAD_PAGE_FAULT = 13, EXC_STORE_PAGE_FAULT = 15,
};

static inline void sfence_vma_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }
static inline void sfence_vma_asid(unsigned long asid)
{
    __asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}
static inline void sfence_vma_page(unsigned long va, unsigned long asid)
{
    __asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory");
}
static inline void wfi(void) { __asm__ volatile("wfi"); }

#endif

/* Switching address spaces on the fastpath: satp from a VSpace cap, no
 * checks (the caller made them), no write when it is already current. */
#ifndef KERNEL_ARCH_VSPACE_SWITCH_H
#define KERNEL_ARCH_VSPACE_SWITCH_H

#include "cap.h"
#include "csr.h"
#include "layout.h"

static inline word_t vspace_satp(struct cap vspace)
{
    return SATP_SV39 | ((word_t)cap_vspace_asid(vspace) << 44) | (cap_paddr(vspace) >> 12);
}

static inline void satp_switch(word_t satp)
{
    if (csr_read(satp) != satp)
        csr_write(satp, satp);
}

static inline void vspace_switch(struct cap vspace)
{
    satp_switch(vspace_satp(vspace));
}

#endif

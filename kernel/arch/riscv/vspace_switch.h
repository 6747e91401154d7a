/* SPDX-License-Identifier: BSD-2-Clause */
/* Switching address spaces on the fastpath: no write when it is already
 * current.  A TCB's satp is worked out when its VSpace cap is installed and
 * kept valid by asid.c. */
#ifndef KERNEL_ARCH_VSPACE_SWITCH_H
#define KERNEL_ARCH_VSPACE_SWITCH_H

#include "cap.h"
#include "csr.h"
#include "layout.h"

static inline void satp_switch(word_t satp)
{
    if (csr_read(satp) != satp)
        csr_write(satp, satp);
}

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure FaultReport (rpc_basic).  A component that calls
 * mt_set_fault_endpoint(MT_SLOT_<uses>) has the kernel deliver its
 * threads' faults to the provider as calls on this interface: the fault
 * kinds of <mote/fault.h> are its methods 1..4 (label = fault type, MRs =
 * the fault message).  hello tells the supervisor the caller's name. */
#ifndef IFACE_FAULT_REPORT_H
#define IFACE_FAULT_REPORT_H

struct fault_name { char s[24]; };
struct fault_syscall_regs { unsigned long a[7]; };

#define FAULT_REPORT_METHODS(M, i)                                                  \
    M(i, cap, 1, int, (unsigned long, pc), (unsigned long, cptr),                     \
      (unsigned long, in_recv), (unsigned long, lookup))                              \
    M(i, syscall, 2, int, (unsigned long, pc), (unsigned long, sp),                   \
      (unsigned long, number), (struct fault_syscall_regs, regs))                     \
    M(i, exception, 3, int, (unsigned long, pc), (unsigned long, sp),                 \
      (unsigned long, scause), (unsigned long, stval))                                \
    M(i, vm, 4, int, (unsigned long, pc), (unsigned long, addr),                      \
      (unsigned long, access), (unsigned long, scause))                               \
    M(i, hello, 16, int, (struct fault_name, name))

#endif

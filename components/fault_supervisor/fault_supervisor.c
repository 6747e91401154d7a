/* SPDX-License-Identifier: BSD-2-Clause */
/* Each fault arrives as a call from the faulting thread (badge = that
 * component's badge).  Replying with a non-zero label leaves it stopped. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include <libmote/string.h>
#include "../interfaces/fault_report.h"
#include "../interfaces/uart.h"

MT_RPC_SERVER(fault, FAULT_REPORT_METHODS)

/* With the UART driver connected, mt_printf goes there: the release
 * kernel has no debug PutS (on the debug kernel, unconnected, PutS prints). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#define SET_OUTPUT() mt_set_output(uart_output)
#else
#define SET_OUTPUT() ((void)0)
#endif

void pre_init(void) { SET_OUTPUT(); }

static struct fault_name names[MT_CLIENT_COUNT_fault];

static const char *who(void)
{
    mt_word_t i = mt_rpc_client();
    return i < MT_CLIENT_COUNT_fault && names[i].s[0] ? names[i].s : "?";
}

/* Report, keep the thread stopped, tell whoever listens. */
static int stopped(void)
{
    mt_printf("fault_supervisor: %s stopped; the rest of the system keeps running\n", who());
    mt_rpc_set_reply_label(1);
#if MT_CONNECTED_faulted
    mt_emit(faulted);
#endif
    return 0;
}

int fault_hello(struct fault_name name)
{
    name.s[sizeof name.s - 1] = 0;
    if (mt_rpc_client() < MT_CLIENT_COUNT_fault)
        names[mt_rpc_client()] = name;
    return 0;
}

int fault_vm(unsigned long pc, unsigned long addr, unsigned long access, unsigned long scause)
{
    mt_printf("FAULT: %s: page fault at 0x%lx (pc 0x%lx, access %lu, scause %lu)\n",
              who(), addr, pc, access, scause);
    return stopped();
}

int fault_exception(unsigned long pc, unsigned long sp, unsigned long scause, unsigned long stval)
{
    mt_printf("FAULT: %s: exception scause %lu stval 0x%lx (pc 0x%lx, sp 0x%lx)\n",
              who(), scause, stval, pc, sp);
    return stopped();
}

int fault_cap(unsigned long pc, unsigned long cptr, unsigned long in_recv, unsigned long lookup)
{
    mt_printf("FAULT: %s: cap fault on cptr %lu (pc 0x%lx, recv %lu, lookup %lu)\n",
              who(), cptr, pc, in_recv, lookup);
    return stopped();
}

int fault_syscall(unsigned long pc, unsigned long sp, unsigned long number,
                  struct fault_syscall_regs regs)
{
    mt_printf("FAULT: %s: unknown syscall %lu (pc 0x%lx, sp 0x%lx, a0 0x%lx)\n",
              who(), number, pc, sp, regs.a[0]);
    return stopped();
}

MT_COMPONENT(MT_PROVIDES(fault));

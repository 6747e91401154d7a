/* SPDX-License-Identifier: BSD-2-Clause */
/* Reports its faults to the supervisor, waits for `crash`, then writes to
 * the unmapped null page. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/fault_report.h"
#include "../interfaces/uart.h"

MT_RPC_CLIENT(fault, FAULT_REPORT_METHODS)

/* With the UART driver connected, mt_printf goes there: the release
 * kernel has no debug PutS (on the debug kernel, unconnected, PutS prints). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#define SET_OUTPUT() mt_set_output(uart_output)
#else
#define SET_OUTPUT() ((void)0)
#endif

void pre_init(void)
{
    struct fault_name n = { MT_INSTANCE_NAME };
    SET_OUTPUT();
    mt_set_fault_endpoint(MT_SLOT_fault);
    fault_hello(n);
}

int run(void)
{
    mt_event_wait(crash);
    mt_printf("fault_demo: writing to address 0\n");
    *(volatile int *)0 = 1;
    mt_printf("FAIL: fault_demo still running after its fault\n");
    return 0;
}

MT_COMPONENT();

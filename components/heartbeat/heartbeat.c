/* SPDX-License-Identifier: BSD-2-Clause */
/* Triggers the fault, waits until the supervisor has handled it, then
 * keeps working: proof that one component's fault stops only that one. */
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    mt_emit(crash);
    mt_event_wait(faulted);
    mt_printf("PASS: fault reported by the supervisor\n");
    for (int i = 1; i <= 3; i++) {
        mt_yield();
        mt_printf("heartbeat %d\n", i);
    }
    mt_printf("PASS: heartbeat still running after the fault\n");
    return 0;
}

MT_COMPONENT();

/* SPDX-License-Identifier: BSD-2-Clause */
/* Raises both interrupts itself: an RTC alarm 10 ms ahead and the UART's
 * transmitter-empty interrupt; MT_SHARED_IRQ_LOOP dispatches each to its
 * handler by badge bit and acknowledges it. */
#include <libmote/component.h>
#include <libmote/print.h>
#include <libmote/dev/goldfish_rtc.h>
#include "../interfaces/ns16550a.h"

#define RTC MT_DATAPORT(rtc, volatile void)
#define UART MT_DATAPORT(uart, volatile void)

static int alarms, uart_irqs;

static void report(void)
{
    if (alarms == 1 && uart_irqs == 1)
        mt_printf("PASS: both sources dispatched on one notification, no IRQ thread\n");
}

static void on_alarm(void)
{
    rtc_write(RTC, RTC_CLEAR_INTERRUPT, 1);
    mt_printf("PASS: rtc alarm dispatched (badge 0x%lx)\n", MT_BADGE_irq_alarm);
    alarms++;
    report();
}

/* The line stays high while THR is empty and THRE is enabled: turn it off. */
static void on_uart(void)
{
    uart_out(UART, UART_IER, 0);
    (void)uart_in(UART, UART_IIR);
    mt_printf("PASS: uart interrupt dispatched (badge 0x%lx)\n", MT_BADGE_irq_irq);
    uart_irqs++;
    report();
}

int run(void)
{
    rtc_alarm_in(RTC, 10000000ul);
    uart_out(UART, UART_IER, UART_IER_THRE);
    MT_SHARED_IRQ_LOOP(irq, (alarm, on_alarm), (irq, on_uart));
}

MT_COMPONENT();

/* SPDX-License-Identifier: BSD-2-Clause */
/* The ns16550a UART of QEMU virt (byte registers). */
#ifndef NS16550A_H
#define NS16550A_H

enum { UART_RBR = 0, UART_THR = 0, UART_IER = 1, UART_IIR = 2, UART_FCR = 2, UART_LSR = 5 };
enum { UART_IER_RX = 1, UART_IER_THRE = 2, UART_LSR_DR = 1, UART_LSR_THRE = 0x20 };
/* FCR: FIFOs on and cleared; receive interrupt at 14 bytes (or after
 * four quiet character times, for what is left). */
enum { UART_FCR_ENABLE = 1, UART_FCR_CLEAR = 6, UART_FCR_TRIGGER_14 = 0xc0 };

static inline unsigned char uart_in(volatile void *base, unsigned reg)
{
    return ((volatile unsigned char *)base)[reg];
}

static inline void uart_out(volatile void *base, unsigned reg, unsigned char v)
{
    ((volatile unsigned char *)base)[reg] = v;
}

#endif

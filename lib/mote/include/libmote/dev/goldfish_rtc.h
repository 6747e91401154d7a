/* SPDX-License-Identifier: BSD-2-Clause */
/* The goldfish RTC of QEMU virt (0x101000, PLIC source 11 there): time in
 * ns and a one-shot alarm that raises its interrupt line until cleared.
 * A device's register layout, not kernel ABI: components and the kernel
 * tests use it, the kernel does not.  base is where the registers are
 * mapped. */
#ifndef LIBMOTE_DEV_GOLDFISH_RTC_H
#define LIBMOTE_DEV_GOLDFISH_RTC_H

enum {
    RTC_TIME_LOW = 0x00, RTC_TIME_HIGH = 0x04, RTC_ALARM_LOW = 0x08,
    RTC_ALARM_HIGH = 0x0c, RTC_IRQ_ENABLED = 0x10, RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18, RTC_CLEAR_INTERRUPT = 0x1c,
};

static inline unsigned rtc_read(volatile void *base, unsigned reg)
{
    return *(volatile unsigned *)((volatile char *)base + reg);
}

static inline void rtc_write(volatile void *base, unsigned reg, unsigned v)
{
    *(volatile unsigned *)((volatile char *)base + reg) = v;
}

/* TIME_LOW latches TIME_HIGH: read it first. */
static inline unsigned long rtc_now(volatile void *base)
{
    unsigned long lo = rtc_read(base, RTC_TIME_LOW);
    return ((unsigned long)rtc_read(base, RTC_TIME_HIGH) << 32) | lo;
}

/* Enables the interrupt and arms the alarm ns from now (ALARM_LOW arms). */
static inline void rtc_alarm_in(volatile void *base, unsigned long ns)
{
    unsigned long t = rtc_now(base) + ns;
    rtc_write(base, RTC_IRQ_ENABLED, 1);
    rtc_write(base, RTC_ALARM_HIGH, (unsigned)(t >> 32));
    rtc_write(base, RTC_ALARM_LOW, (unsigned)t);
}

#endif

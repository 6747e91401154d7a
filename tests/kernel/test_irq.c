/* SPDX-License-Identifier: BSD-2-Clause */
/* IRQControl and IRQHandler, and a real device interrupt: the goldfish
 * RTC alarm delivered to a notification and acknowledged. */
#include "ktest.h"
#include <libmote/dev/goldfish_rtc.h>

#define IRQ_BADGE 0x800

static mt_cptr_t irq_get(struct ctx *c, mt_word_t irq)
{
    mt_cptr_t h = slot_alloc(c);
    int err = h ? mt_irq_control_get(MT_INIT_IRQ_CONTROL, irq, ROOT, h, ROOT_DEPTH) : -1;
    if (err) {
        ktest_fail(c, __LINE__, "IRQControl_Get(%lu): error %d", irq, err);
        return 0;
    }
    return h;
}

static int t_get(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t h = irq_get(c, RTC_IRQ), h2 = slot_alloc(c);
    CHECK(h);
    CHECK_EQ(cap_type(h), MT_CAP_IRQ_HANDLER);
    CHECK_ERR(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, h2, ROOT_DEPTH),
              MT_REVOKE_FIRST);
    CHECK_OK(mt_cnode_delete(ROOT, h, ROOT_DEPTH));
    CHECK_OK(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, h2, ROOT_DEPTH));
    return 0;
}

static int t_get_errors(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t s = slot_alloc(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(ep);
    CHECK_ERR(mt_irq_control_get(MT_INIT_IRQ_CONTROL, MT_IRQ_MAX + 1, ROOT, s, ROOT_DEPTH),
              MT_RANGE_ERROR);
    CHECK_EQ(mt_get_mr(1), MT_IRQ_MAX);
    CHECK_ERR(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, ep, ROOT_DEPTH),
              MT_DELETE_FIRST);
    CHECK_ERR(mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, 1ul << 40, ROOT_DEPTH),
              MT_FAILED_LOOKUP);
    CHECK_EQ(cap_type(s), MT_CAP_NULL);
    return 0;
}

static int t_handler_ops(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t h = irq_get(c, RTC_IRQ), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    mt_cptr_t n = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    CHECK(h && ep && n);
    CHECK_ERR(mt_irq_handler_set_notification(h, ep), MT_INVALID_CAPABILITY);
    CHECK_OK(mt_irq_handler_set_notification(h, n));
    CHECK_OK(mt_irq_handler_clear(h));
    CHECK_OK(mt_irq_handler_ack(h));
    return 0;
}

struct irq_setup {
    volatile void *rtc;     /* the RTC registers */
    mt_cptr_t handler, ntfn;
};

static int irq_setup(struct ctx *c, struct irq_setup *s)
{
    mt_cptr_t frame = device_frame(c, RTC_PADDR);
    s->rtc = (volatile void *)vaddr_alloc(c, 1);
    s->ntfn = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t b = s->ntfn ? cap_mint(c, s->ntfn, MT_RIGHTS_ALL, IRQ_BADGE) : 0;
    s->handler = irq_get(c, RTC_IRQ);
    CHECK(frame && b && s->handler);
    CHECK_OK(map_frame(c, VS, frame, (mt_word_t)s->rtc, MT_VM_READ | MT_VM_WRITE));
    CHECK_OK(mt_irq_handler_set_notification(s->handler, b));
    rtc_write(s->rtc, RTC_CLEAR_INTERRUPT, 1);
    return 0;
}

/* Wait for the alarm, check it, clear the device and acknowledge. */
static int irq_take(struct ctx *c, struct irq_setup *s)
{
    CHECK_EQ(mt_wait(s->ntfn), IRQ_BADGE);
    CHECK_EQ(rtc_read(s->rtc, RTC_ALARM_STATUS), 0);
    rtc_write(s->rtc, RTC_CLEAR_INTERRUPT, 1);
    CHECK_OK(mt_irq_handler_ack(s->handler));
    return 0;
}

static int t_rtc_alarm(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct irq_setup s;
    TRY(irq_setup(c, &s));
    CHECK(rtc_now(s.rtc) > 0);
    rtc_alarm_in(s.rtc, 1000000);
    TRY(irq_take(c, &s));
    rtc_alarm_in(s.rtc, 500000);        /* acknowledged: it comes again */
    TRY(irq_take(c, &s));
    rtc_write(s.rtc, RTC_IRQ_ENABLED, 0);
    return 0;
}

/* Until Ack the source stays masked: a second alarm waits for it. */
static int t_rtc_masked_until_ack(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct irq_setup s;
    TRY(irq_setup(c, &s));
    rtc_alarm_in(s.rtc, 200000);
    CHECK_EQ(mt_wait(s.ntfn), IRQ_BADGE);
    rtc_write(s.rtc, RTC_CLEAR_INTERRUPT, 1);
    rtc_alarm_in(s.rtc, 200000);
    for (long i = 0; i < 100000000L && rtc_read(s.rtc, RTC_ALARM_STATUS); i++)
        ;
    CHECK_EQ(rtc_read(s.rtc, RTC_ALARM_STATUS), 0);
    CHECK_EQ(mt_poll(s.ntfn), 0);
    CHECK_OK(mt_irq_handler_ack(s.handler));
    TRY(irq_take(c, &s));
    rtc_write(s.rtc, RTC_IRQ_ENABLED, 0);
    return 0;
}

/* IRQControl_GetPower makes a Power cap (copyable, a child of
 * IRQControl); Power_Off refuses a status QEMU cannot report and any other
 * label.  (That it powers off is the release systems test's `exit`.) */
static int t_power_cap(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    mt_cptr_t p = slot_alloc(c), copy = slot_alloc(c), ep = obj_new(c, MT_OBJ_ENDPOINT, 0);
    CHECK(p && copy && ep);
    CHECK_OK(mt_irq_control_get_power(MT_INIT_IRQ_CONTROL, ROOT, p, ROOT_DEPTH));
    CHECK_EQ(cap_type(p), MT_CAP_POWER);
    CHECK_ERR(mt_irq_control_get_power(MT_INIT_IRQ_CONTROL, ROOT, ep, ROOT_DEPTH),
              MT_DELETE_FIRST);
    CHECK_ERR(mt_irq_control_get_power(MT_INIT_IRQ_CONTROL, ROOT, 1ul << 40, ROOT_DEPTH),
              MT_FAILED_LOOKUP);
    CHECK_ERR(mt_power_off(p, 0x10000), MT_RANGE_ERROR);
    CHECK_EQ(mt_get_mr(1), 0xffff);
    CHECK_ERR(mt_invoke(p, MT_IRQ_HANDLER_ACK, 0, 0, 0, 0), MT_ILLEGAL_OPERATION);
    CHECK_ERR(mt_invoke(p, MT_POWER_OFF, 0, 0, 0, 0), MT_TRUNCATED_MESSAGE);
    CHECK_ERR(mt_power_off(ROOT, 0), MT_ILLEGAL_OPERATION);   /* not a Power cap */
    CHECK_OK(mt_cnode_copy(ROOT, copy, ROOT_DEPTH, ROOT, p, ROOT_DEPTH, MT_RIGHTS_ALL));
    CHECK_EQ(cap_type(copy), MT_CAP_POWER);
    CHECK_OK(mt_cnode_delete(ROOT, copy, ROOT_DEPTH));
    CHECK_OK(mt_cnode_delete(ROOT, p, ROOT_DEPTH));
    return 0;
}

/* The handler is deleted while its interrupt is pending: delivered, not
 * acknowledged, the device still raising the line.  The IRQ can be had
 * again, and the next interrupt goes to the new handler's notification
 * (SetNotification unmasks the source), the old one gets nothing more. */
static int t_delete_pending(struct ctx *c, mt_word_t arg)
{
    (void)arg;
    struct irq_setup s;
    TRY(irq_setup(c, &s));
    rtc_alarm_in(s.rtc, 200000);
    CHECK_EQ(mt_wait(s.ntfn), IRQ_BADGE);
    CHECK(rtc_read(s.rtc, RTC_ALARM_STATUS) == 0);
    CHECK_OK(mt_cnode_delete(ROOT, s.handler, ROOT_DEPTH));
    mt_cptr_t n2 = obj_new(c, MT_OBJ_NOTIFICATION, 0);
    mt_cptr_t b2 = n2 ? cap_mint(c, n2, MT_RIGHTS_ALL, IRQ_BADGE << 1) : 0;
    mt_cptr_t h2 = irq_get(c, RTC_IRQ);
    CHECK(b2 && h2);
    CHECK_OK(mt_irq_handler_set_notification(h2, b2));
    rtc_write(s.rtc, RTC_CLEAR_INTERRUPT, 1);
    rtc_alarm_in(s.rtc, 200000);
    CHECK_EQ(mt_wait(n2), IRQ_BADGE << 1);
    CHECK_EQ(mt_poll(s.ntfn), 0);
    rtc_write(s.rtc, RTC_CLEAR_INTERRUPT, 1);
    rtc_write(s.rtc, RTC_IRQ_ENABLED, 0);
    CHECK_OK(mt_irq_handler_ack(h2));
    return 0;
}

static const struct test irq_group_tests[] = {
    { "power_cap_from_irq_control", t_power_cap, 0 },
    { "irq_control_get_and_revoke_first", t_get, 0 },
    { "irq_control_get_errors", t_get_errors, 0 },
    { "irq_handler_set_notification_clear_ack", t_handler_ops, 0 },
    { "irq_rtc_alarm_delivered_and_acked", t_rtc_alarm, 0 },
    { "irq_rtc_masked_until_ack", t_rtc_masked_until_ack, 0 },
    { "irq_handler_deleted_while_pending", t_delete_pending, 0 },
};
GROUP(irq_group);

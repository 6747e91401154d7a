/* SPDX-License-Identifier: BSD-2-Clause */
/* Preemption benchmark: a root task whose low-priority thread runs the
 * kernel's longest operations while a high-priority thread takes RTC
 * alarms, in guest instructions (QEMU -icount shift=0: one instruction
 * is one nanosecond of the RTC's clock):
 *   irq_latency_under_load   the worst time from an alarm's due time
 *                            until its handler thread runs
 * The workload: Retype of a 32 MiB untyped into 8,192 4 KiB frames and,
 * after a Revoke, into one CNode of 2^20 slots (the untyped is reset:
 * cleared); Revoke of 65,536 caps derived from one endpoint; Delete of a
 * 2^16-slot CNode full of caps; Delete of the 2^20-slot CNode; then the
 * operations on lists a user builds (bench_preempt_lists.c).  On the
 * kernel built with KERNEL_STRETCH (make bench-preempt) the kernel prints
 * kernel_max_nonpreemptible when this ends. */
#include "ktest.h"
#include <libmote/dev/goldfish_rtc.h>

#define WORK_PRIO 100
#define ALARM_PRIO 150
#define BIG_BITS 25             /* the 32 MiB untyped */
#define FRAMES_RADIX 13         /* 8,192 frames */
#define BIGCN_RADIX 20
#define COPIES (1ul << 16)
#define DEL_RADIX 16

static struct ctx c;
static volatile void *rtc;
static mt_cptr_t handler, alarm_ntfn, done_ntfn;
static volatile int work_done, work_failed;
static mt_word_t alarms, worst;

static void alarm_thread(mt_word_t arg)
{
    mt_word_t seed = arg;
    while (!work_done) {
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        mt_word_t due = rtc_now(rtc) + 20000 + (seed >> 47) % 200000;
        rtc_write(rtc, RTC_IRQ_ENABLED, 1);
        rtc_write(rtc, RTC_ALARM_HIGH, (unsigned)(due >> 32));
        rtc_write(rtc, RTC_ALARM_LOW, (unsigned)due);
        mt_wait(alarm_ntfn);
        mt_word_t late = rtc_now(rtc) - due;
        if (late > worst)
            worst = late;
        alarms++;
        rtc_write(rtc, RTC_CLEAR_INTERRUPT, 1);
        mt_irq_handler_ack(handler);
    }
    rtc_write(rtc, RTC_IRQ_ENABLED, 0);
    mt_signal(done_ntfn);
    for (;;)
        mt_wait(alarm_ntfn);
}

/* n copies of ep into CNode cn (radix bits) from slot 0 on. */
static int copies(mt_cptr_t cn, int radix, mt_cptr_t ep, mt_word_t n)
{
    for (mt_word_t i = 0; i < n; i++)
        if (mt_cnode_copy(cn, i, radix, ROOT, ep, ROOT_DEPTH, MT_RIGHTS_ALL))
            return -1;
    return 0;
}

int lists_workload(struct ctx *c, mt_cptr_t big);   /* bench_preempt_lists.c */

static int workload(mt_cptr_t big)
{
    mt_cptr_t ut = slot_alloc(&c), frames = slot_alloc(&c), bigcn = slot_alloc(&c);
    mt_cptr_t del = slot_alloc(&c), ep = slot_alloc(&c);
    if (mt_untyped_retype(big, MT_OBJ_CNODE, FRAMES_RADIX, ROOT, 0, 0, frames, 1) ||
        mt_untyped_retype(big, MT_OBJ_CNODE, DEL_RADIX, ROOT, 0, 0, del, 1) ||
        mt_untyped_retype(big, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, ep, 1) ||
        mt_untyped_retype(big, MT_OBJ_UNTYPED, BIG_BITS, ROOT, 0, 0, ut, 1))
        return -1;
    for (mt_word_t i = 0; i < (1ul << FRAMES_RADIX); i += 256)
        if (mt_untyped_retype(ut, MT_OBJ_FRAME_4K, 0, ROOT, frames, ROOT_DEPTH, i, 256))
            return -2;
    if (mt_cnode_revoke(ROOT, ut, ROOT_DEPTH) ||
        mt_untyped_retype(ut, MT_OBJ_CNODE, BIGCN_RADIX, ROOT, 0, 0, bigcn, 1))
        return -3;
    if (copies(bigcn, BIGCN_RADIX, ep, COPIES) || mt_cnode_revoke(ROOT, ep, ROOT_DEPTH))
        return -4;
    if (copies(del, DEL_RADIX, ep, 1ul << DEL_RADIX) || mt_cnode_delete(ROOT, del, ROOT_DEPTH))
        return -5;
    if (mt_cnode_delete(ROOT, bigcn, ROOT_DEPTH) || mt_cnode_revoke(ROOT, ut, ROOT_DEPTH))
        return -6;
    return lists_workload(&c, ut);   /* the 32 MiB untyped, free again */
}

/* Quiet costs first (no alarms; a timer tick may fall in): Revoke per
 * cap and Delete per full slot, over 4,096 copies. */
static void per_cap_costs(mt_cptr_t big)
{
    mt_cptr_t cn = slot_alloc(&c), ep = slot_alloc(&c);
    if (mt_untyped_retype(big, MT_OBJ_CNODE, 12, ROOT, 0, 0, cn, 1) ||
        mt_untyped_retype(big, MT_OBJ_ENDPOINT, 0, ROOT, 0, 0, ep, 1) || copies(cn, 12, ep, 4096))
        return;
    mt_word_t t0 = rdinstret();
    mt_cnode_revoke(ROOT, ep, ROOT_DEPTH);
    mt_word_t revoke = rdinstret() - t0;
    if (copies(cn, 12, ep, 4096))
        return;
    t0 = rdinstret();
    mt_cnode_delete(ROOT, cn, ROOT_DEPTH);
    mt_printf("# revoke %lu, delete %lu instructions per cap (4,096 caps)\n", revoke / 4096,
              (rdinstret() - t0) / 4096);
}

static void work_thread(mt_word_t big)
{
    work_failed = workload(big);
    work_done = 1;
}

static int setup_rtc(void)
{
    mt_cptr_t frame = device_frame(&c, RTC_PADDR);
    rtc = (volatile void *)vaddr_alloc(&c, 1);
    alarm_ntfn = obj_new(&c, MT_OBJ_NOTIFICATION, 0);
    done_ntfn = obj_new(&c, MT_OBJ_NOTIFICATION, 0);
    handler = slot_alloc(&c);
    if (!frame || !alarm_ntfn || !done_ntfn || !handler ||
        map_frame(&c, VS, frame, (mt_word_t)rtc, MT_VM_READ | MT_VM_WRITE) ||
        mt_irq_control_get(MT_INIT_IRQ_CONTROL, RTC_IRQ, ROOT, handler, ROOT_DEPTH) ||
        mt_irq_handler_set_notification(handler, alarm_ntfn))
        return -1;
    rtc_write(rtc, RTC_CLEAR_INTERRUPT, 1);
    return 0;
}

int main(const struct mt_bootinfo *bi)
{
    struct thread w, a;
    ctx_init(&c, bi);
    mt_cptr_t big = find_big_untyped(bi);
    c.ut = slot_alloc(&c);
    if (!big || mt_untyped_retype(big, MT_OBJ_UNTYPED, TEST_UT_BITS, ROOT, 0, 0, c.ut, 1) ||
        setup_rtc() || thread_spawn(&c, &w, 0, WORK_PRIO, work_thread, big) ||
        thread_spawn(&c, &a, 0, ALARM_PRIO, alarm_thread, 12345)) {
        mt_printf("# bench-preempt: setup failed: %s\n", c.reason);
        return 1;
    }
    per_cap_costs(big);
    mt_word_t t0 = rdinstret();
    mt_wait(done_ntfn);   /* the root task (priority 255) waits for both */
    if (work_failed) {
        mt_printf("# bench-preempt: workload step %d failed: %s\n", work_failed, c.reason);
        return 1;
    }
    mt_printf("# workload %lu instructions, %lu alarms\n", rdinstret() - t0, alarms);
    mt_printf("irq_latency_under_load %lu instructions\n", worst);
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* Component start-up and the interface threads' loops (see
 * <libmote/component.h> for the order of events). */
#include <stddef.h>
#include <libmote/component.h>
#include <libmote/rpc.h>

/* crt0_component.S indexes the thread table with these offsets. */
_Static_assert(sizeof(struct mt_thread_info) == 40, "crt0: thread entry size");
_Static_assert(offsetof(struct mt_thread_info, stack_top) == 16, "crt0: stack_top");
_Static_assert(offsetof(struct mt_thread_info, ipc_buffer) == 32, "crt0: ipc_buffer");
_Static_assert(offsetof(struct mt_component, threads) == 8, "crt0: threads");
_Static_assert(offsetof(struct mt_ipc_buffer, user_data) == 456, "crt0: user_data");

void pre_init(void) __attribute__((weak));
void post_init(void) __attribute__((weak));
int run(void) __attribute__((weak));

/* Set by thread 0 once post_init has returned. */
static volatile int mt_started;

/* Thread 0: every initialiser in order, then release the others.  A
 * notification does not count signals, so one signal wakes one waiter and
 * each woken thread passes it on (see wait_for_start). */
static void start_up(const struct mt_component *c)
{
    if (pre_init)
        pre_init();
    for (unsigned i = 0; i < c->iface_count; i++)
        if (c->ifaces[i].init)
            c->ifaces[i].init();
    if (post_init)
        post_init();
    __atomic_store_n(&mt_started, 1, __ATOMIC_SEQ_CST);
    if (c->init_ntfn)
        mt_signal(c->init_ntfn);
}

/* Other threads: wait for thread 0.  The notification queues waiters in
 * order and nobody signals it before mt_started is set, so a chain of
 * pass-on signals wakes every waiter; the last one stays pending, unread. */
static void wait_for_start(const struct mt_component *c)
{
    if (__atomic_load_n(&mt_started, __ATOMIC_SEQ_CST))
        return;
    while (!__atomic_load_n(&mt_started, __ATOMIC_SEQ_CST))
        mt_wait(c->init_ntfn);
    mt_signal(c->init_ntfn);
}

/* Suspending our own TCB stops this thread for good; the loop only
 * guards against a failed invocation. */
void mt_thread_exit(void)
{
    const struct mt_component *c = &mt_component;
    for (;;)
        mt_tcb_suspend(c->threads[mt_thread_index()].tcb_slot);
}

/* The fault endpoint is looked up in the faulting thread's CSpace when the
 * fault happens; guard data 0 keeps the CNode cap's own guard. */
int mt_set_fault_endpoint(mt_cptr_t ep)
{
    const struct mt_component *c = &mt_component;
    int err = MT_OK;
    for (unsigned i = 0; i < c->thread_count && err == MT_OK; i++)
        err = mt_tcb_set_space(c->threads[i].tcb_slot, ep, MT_SPEC_SLOT_CNODE, 0,
                               MT_SPEC_SLOT_VSPACE);
    return err;
}

void mt_reg_callback(unsigned iface, void (*fn)(void *), void *arg)
{
    struct mt_callback *cb = &mt_component.callbacks[iface];
    cb->arg = arg;
    __atomic_store_n(&cb->fn, fn, __ATOMIC_SEQ_CST);
}

void mt_handle_event(unsigned i, mt_word_t badge)
{
    const struct mt_iface_impl *f = &mt_component.ifaces[i];
    struct mt_callback *cb = &mt_component.callbacks[i];
    if (f->handler)
        f->handler(badge);
    void (*fn)(void *) = __atomic_exchange_n(&cb->fn, NULL, __ATOMIC_SEQ_CST);
    if (fn)
        fn(cb->arg);
    for (unsigned k = 0; k < f->irq_count; k++)
        if (badge & f->irqs[k].badge)
            mt_irq_handler_ack(f->irqs[k].handler_slot);
}

void mt_serve_iface(unsigned i)
{
    const struct mt_iface_impl *f = &mt_component.ifaces[i];
    if (f->dispatch)
        mt_rpc_serve(f);
    for (;;)
        mt_handle_event(i, mt_wait(f->slot));
}

void mt_thread_start(mt_word_t index)
{
    const struct mt_component *c = &mt_component;
    const struct mt_thread_info *t = &c->threads[index];
    if (index == 0)
        start_up(c);
    else
        wait_for_start(c);
    if (t->role != MT_THREAD_ROLE_CONTROL)
        mt_serve_iface(t->iface);
    if (run)
        run();
    mt_thread_exit();
}

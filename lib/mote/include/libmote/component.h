/* SPDX-License-Identifier: BSD-2-Clause */
/* The component runtime: how a component's C meets its generated header.
 *
 * A component is compiled against its instance's `<inst>_gen.h` (motec's
 * definitions: slots, threads, badges, addresses).  Either the build
 * force-includes it (-include) or names it with -DMT_GEN_HEADER='"x_gen.h"';
 * this header includes it in the latter case.
 *
 * The component hands libmote one descriptor, built by MT_COMPONENT(...)
 * from the generated tables and the handlers of its interfaces.  libmote's
 * crt0 starts every thread in mt_thread_start(index):
 *
 *   thread 0 (control, or the first interface thread) runs pre_init(),
 *   each provided interface's <iface>__init(), post_init(), then releases
 *   the other threads through the start-up notification;
 *   then the control thread runs run(), an RPC thread serves its endpoint,
 *   an event thread calls its handler per notification, an IRQ thread calls
 *   its handler and acknowledges the sources that fired.
 *
 * pre_init, post_init and run are optional: define them to use them. */
#ifndef LIBMOTE_COMPONENT_H
#define LIBMOTE_COMPONENT_H

#ifdef MT_GEN_HEADER
#include MT_GEN_HEADER
#endif

#include <stddef.h>
#include <mote/spec.h>
#include <libmote/syscall.h>
#include <libmote/invoke.h>

/* What a component does with one of its interfaces (index MT_IFACE_<if>). */
struct mt_iface_impl {
    void (*init)(void);                        /* provides: <iface>__init */
    /* provides: MT_RPC_SERVER's; msg holds bytes bytes of request.  Returns
     * the result's bytes, or minus an RPC status (<libmote/rpc.h>). */
    long (*dispatch)(mt_word_t method, void *msg, size_t bytes);
    void (*handler)(mt_word_t badge);          /* consumes: events and IRQs */
    const struct mt_client_info *clients;      /* provides: by badge - 1 */
    const struct mt_irq_info *irqs;            /* IRQ consumers: sources */
    unsigned client_count, irq_count;
    mt_cptr_t slot;                            /* endpoint / notification */
    /* provides: its clients' badges on the endpoint are badge_base + 1 ..
     * (non-zero when it shares the control thread's endpoint with an
     * interface declared before it; the runtime subtracts it) */
    mt_word_t badge_base;
};

/* A one-shot callback, as CAmkES's <event>_reg_callback. */
struct mt_callback {
    void (*fn)(void *arg);
    void *arg;
};

/* What the runtime keeps per thread (the RPC layer's caller and status).
 * MT_COMPONENT makes one per entry of the thread table, so no two threads
 * ever share one, however many a component has. */
struct mt_thread_state {
    mt_word_t rpc_badge;       /* server: current caller */
    mt_word_t rpc_status;      /* client: last reply label; server: next reply label */
    mt_cptr_t rpc_give_cap;    /* cap to send with the next message, 0: none */
    int rpc_caps_in;           /* caps that arrived with the last message */
    int rpc_deferred;          /* server: the current call is answered later */
};

struct mt_component {
    const char *name;
    const struct mt_thread_info *threads;
    unsigned thread_count, iface_count;
    mt_cptr_t init_ntfn;                       /* 0: a single thread */
    const struct mt_iface_impl *ifaces;
    struct mt_callback *callbacks;             /* one per interface */
    struct mt_thread_state *state;             /* one per thread */
    /* a thread started by a supervisor (a1 = MT_START_*): mt_restart_start
     * for a component with a restart policy, else 0 */
    void (*restart)(const struct mt_component *c, unsigned index, mt_word_t how);
    mt_cptr_t first_free_slot, slot_count;     /* MT_SLOT_FIRST_FREE, MT_SLOT_COUNT */
};

/* a1 of a component's threads: set by the rootserver (0) or a supervisor. */
enum { MT_START_BOOT = 0, MT_START_RESTART = 1, MT_START_STOPPED = 2 };

/* lib/mote/restart.c: thread 0 restores data and bss, acks IRQs and
 * resumes the other threads; returns to a restarted thread, never to a
 * stopped one. */
void mt_restart_start(const struct mt_component *c, unsigned index, mt_word_t how);
#ifdef MT_RESTART_POLICY
#define MT_RESTART_FN mt_restart_start
#else
#define MT_RESTART_FN 0
#endif

/* Defined by MT_COMPONENT in the component; read by crt0 and the runtime. */
extern const struct mt_component mt_component;

/* Optional hooks of the component (weak in libmote). */
void pre_init(void);
void post_init(void);
int run(void);

/* how: a1, MT_START_* (the rootserver leaves it 0) */
void mt_thread_start(mt_word_t index, mt_word_t how) __attribute__((noreturn));
/* Serve interface i forever on the calling thread (the control thread
 * calls this in run() for an interface with <iface>_has_thread = false). */
void mt_serve_iface(unsigned i) __attribute__((noreturn));
/* The calling thread's index in the thread table: crt0 stores it in the
 * user_data word of the thread's IPC buffer (tp), so this is one load.
 * That word belongs to libmote: components must not write it. */
static inline unsigned mt_thread_index(void)
{
    return (unsigned)mt_ipcbuf()->user_data;
}
/* Stop the calling thread for good (what happens after run() returns). */
void mt_thread_exit(void) __attribute__((noreturn));
/* Make every thread of this component report faults to ep (a `uses`
 * endpoint: the handler learns who faulted by its badge). */
int mt_set_fault_endpoint(mt_cptr_t ep);
void mt_reg_callback(unsigned iface, void (*fn)(void *), void *arg);
/* Handle one notification word of interface i: the handler, a pending
 * callback, and for IRQs the acknowledgement of every source that fired. */
void mt_handle_event(unsigned i, mt_word_t badge);

/* ---- Building the descriptor ---- */

#define MT_COMPONENT(...)                                                     \
    static const struct mt_iface_impl mt_ifaces_[MT_IFACE_COUNT + 1] = {      \
        __VA_ARGS__ };                                                        \
    static struct mt_callback mt_callbacks_[MT_IFACE_COUNT + 1];              \
    static struct mt_thread_state mt_thread_state_[MT_THREAD_COUNT];          \
    const struct mt_component mt_component = {                                \
        .name = MT_INSTANCE_NAME, .threads = mt_threads,                      \
        .thread_count = MT_THREAD_COUNT, .iface_count = MT_IFACE_COUNT,       \
        .init_ntfn = MT_SLOT_INIT_NTFN, .ifaces = mt_ifaces_,                 \
        .callbacks = mt_callbacks_, .state = mt_thread_state_,                \
        .restart = MT_RESTART_FN, .first_free_slot = MT_SLOT_FIRST_FREE,      \
        .slot_count = MT_SLOT_COUNT }

/* A provided procedure; MT_RPC_SERVER(iface, ...) must come before. */
#define MT_PROVIDES(iface)                                                    \
    [MT_IFACE_##iface] = { .init = iface##__init,                             \
        .dispatch = mt_rpc_dispatch_##iface, .clients = mt_clients_##iface,   \
        .client_count = MT_CLIENT_COUNT_##iface, .slot = MT_SLOT_##iface,     \
        .badge_base = MT_BADGE_BASE_##iface }

/* A consumed event: fn(badge) per notification (NULL: callbacks only). */
#define MT_CONSUMES(iface, fn)                                                \
    [MT_IFACE_##iface] = { .handler = fn, .slot = MT_SLOT_##iface }

/* A consumed IRQ event (hw_irq or shared_irq): fn(badge bits), then every
 * source whose bit was set is acknowledged. */
#define MT_IRQ(iface, fn)                                                     \
    [MT_IFACE_##iface] = { .handler = fn, .slot = MT_SLOT_##iface,            \
        .irqs = mt_irqs_##iface, .irq_count = MT_IRQ_COUNT_##iface }

/* ---- Using interfaces ---- */

/* Notifications.  An emitter holds a cap per consumer (CAmkES's
 * seL4Notification has one emitter and any number of consumers) and
 * signals each. */
#define mt_emit(iface) mt_emit_all(MT_SLOT_##iface, MT_EMIT_COUNT_##iface)
static inline void mt_emit_all(mt_cptr_t first, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        mt_signal(first + i);
}
#define mt_event_wait(iface) mt_wait(MT_SLOT_##iface)
#define mt_event_poll(iface) mt_poll(MT_SLOT_##iface)
#define mt_event_reg_callback(iface, fn, arg) mt_reg_callback(MT_IFACE_##iface, fn, arg)

/* Dataports and MMIO: a typed pointer at the generated address. */
#define MT_DATAPORT(iface, type) ((type *)MT_VADDR_##iface)
#define MT_DATAPORT_SIZE(iface) MT_SIZE_##iface

/* IRQ acknowledge of one source (CAmkES: <irq>_acknowledge). */
#define mt_irq_ack(iface, src) mt_irq_handler_ack(MT_SLOT_IRQ_##iface##_##src)

/* Several IRQ sources on one notification, served by the calling thread:
 *   MT_SHARED_IRQ_LOOP(irq, (wtirq, on_wtirq), (eirq, on_eirq));
 * waits on irq's notification forever; for each source whose badge bit is
 * set calls its handler, then acknowledges that source.  A thread that
 * takes the notification in another wait (bound to its TCB: the bits
 * arrive in mt_rpc_serve_bound's on_signal) dispatches them the same way:
 *   MT_SHARED_IRQ_DISPATCH(irq, bits, (wtirq, on_wtirq), (eirq, on_eirq)); */
#define MT_SHARED_IRQ_DISPATCH(iface, bits, ...)                              \
    do {                                                                      \
        mt_word_t mt_bits_ = (bits);                                          \
        MT_FOR_EACH_CTX(MT_IRQ_CASE_, iface, __VA_ARGS__)                     \
    } while (0)
#define MT_SHARED_IRQ_LOOP(iface, ...)                                        \
    for (;;)                                                                  \
        MT_SHARED_IRQ_DISPATCH(iface, mt_wait(MT_SLOT_##iface), __VA_ARGS__)
#define MT_IRQ_CASE_(iface, pair) MT_IRQ_CASE_X_((iface, MT_UNPACK_ pair))
#define MT_UNPACK_(...) __VA_ARGS__
#define MT_IRQ_CASE_X_(args) MT_IRQ_CASE_Y_ args
#define MT_IRQ_CASE_Y_(iface, src, fn)                                        \
    if (mt_bits_ & MT_BADGE_##iface##_##src) {                                \
        fn();                                                                 \
        mt_irq_handler_ack(MT_SLOT_IRQ_##iface##_##src);                      \
    }

/* ---- Preprocessor helpers (up to 8 elements) ---- */
#define MT_CAT(a, b) MT_CAT_(a, b)
#define MT_CAT_(a, b) a##b
#define MT_NARG(...) MT_NARG_(0 __VA_OPT__(,) __VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define MT_NARG_(z, a, b, c, d, e, f, g, h, n, ...) n

/* F(ctx, x) for each x, no separator. */
#define MT_FOR_EACH_CTX(F, c, ...) MT_CAT(MT_FEX_, MT_NARG(__VA_ARGS__))(F, c, __VA_ARGS__)
#define MT_FEX_0(F, c, ...)
#define MT_FEX_1(F, c, x) F(c, x)
#define MT_FEX_2(F, c, x, ...) F(c, x) MT_FEX_1(F, c, __VA_ARGS__)
#define MT_FEX_3(F, c, x, ...) F(c, x) MT_FEX_2(F, c, __VA_ARGS__)
#define MT_FEX_4(F, c, x, ...) F(c, x) MT_FEX_3(F, c, __VA_ARGS__)
#define MT_FEX_5(F, c, x, ...) F(c, x) MT_FEX_4(F, c, __VA_ARGS__)
#define MT_FEX_6(F, c, x, ...) F(c, x) MT_FEX_5(F, c, __VA_ARGS__)
#define MT_FEX_7(F, c, x, ...) F(c, x) MT_FEX_6(F, c, __VA_ARGS__)
#define MT_FEX_8(F, c, x, ...) F(c, x) MT_FEX_7(F, c, __VA_ARGS__)

/* F(x) for each x, separated by commas. */
#define MT_FOR_EACH_COMMA(F, ...) MT_CAT(MT_FEC_, MT_NARG(__VA_ARGS__))(F, __VA_ARGS__)
#define MT_FEC_0(F, ...)
#define MT_FEC_1(F, x) F(x)
#define MT_FEC_2(F, x, ...) F(x), MT_FEC_1(F, __VA_ARGS__)
#define MT_FEC_3(F, x, ...) F(x), MT_FEC_2(F, __VA_ARGS__)
#define MT_FEC_4(F, x, ...) F(x), MT_FEC_3(F, __VA_ARGS__)
#define MT_FEC_5(F, x, ...) F(x), MT_FEC_4(F, __VA_ARGS__)
#define MT_FEC_6(F, x, ...) F(x), MT_FEC_5(F, __VA_ARGS__)
#define MT_FEC_7(F, x, ...) F(x), MT_FEC_6(F, __VA_ARGS__)
#define MT_FEC_8(F, x, ...) F(x), MT_FEC_7(F, __VA_ARGS__)

#endif

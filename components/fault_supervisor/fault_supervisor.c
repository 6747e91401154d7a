/* SPDX-License-Identifier: BSD-2-Clause */
/* Each fault arrives as a call from the faulting thread (badge = that
 * component's badge on the FaultReport connection).  What happens next is
 * the component's restart policy (the assembly's `restart` attribute,
 * motec's table mt_restart_fault[]):
 *   none     the faulting thread stays stopped (non-zero reply label);
 *   never    the component is stopped: its threads run none of its code
 *            again, and calls to it fail with MT_RPC_STOPPED;
 *   always   the component is restarted at once;
 *   backoff  it is restarted after a delay that doubles each time.
 * With restart_limit N, the fault after the N-th restart stops it for good,
 * as never does.
 *
 * A restart (restart()): suspend every thread of the component (callers
 * waiting for one of them to reply get MT_REPLY_LOST from the kernel),
 * reset each one's registers to its start (pc = the image's _start, sp =
 * its stack top, a0 = its index, a1 = MT_START_RESTART or _STOPPED), and
 * resume thread 0: it copies the component's data back from the pristine
 * archive pages motec mapped for it, clears bss and resumes the other
 * threads (lib/mote/restart.c).  The caps, mappings and shared pages stay.
 *
 * One thread, the control thread, serves everything: `fault` and
 * `supervise` have no threads of their own, so motec gives them one
 * endpoint (the second one's badges above the first's), and the timer's
 * rpc_signal notification is bound to the thread, so a backoff is an
 * alarm, not a sleep: the supervisor answers `supervise` and takes other
 * components' faults while a restart waits for its delay.
 *
 * Code: 5,616 bytes of text and rodata, two pages: about 2,900 its own
 * (two fifths of it the fault lines' and messages' strings and motec's
 * tables) and 2,700 libmote's (mt_printf, RPC, start-up, invocations).
 * One page would need 1,520 bytes less: more than any part it could do
 * without while keeping every fault report, policy and the backoff. */
#include <libmote/rpc.h>
#include <libmote/print.h>
#include <libmote/string.h>
#include "../interfaces/fault_report.h"
#include "../interfaces/supervision.h"
#include "../interfaces/timer.h"
#include "../interfaces/uart.h"

MT_RPC_SERVER(fault, FAULT_REPORT_METHODS)
#if MT_CONNECTED_supervise
MT_RPC_SERVER(supervise, SUPERVISION_METHODS)
#endif
#if MT_CONNECTED_timer
#ifndef MT_SLOT_SIGNAL_timer
#error "fault_supervisor: connect `timer` with rpc_signal (backoff delays are alarms)"
#endif
MT_RPC_CLIENT(timer, TIMER_METHODS)
#endif

/* With the UART driver connected, mt_printf goes there: the release
 * kernel has no debug PutS (on the debug kernel, unconnected, PutS prints). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#define SET_OUTPUT() mt_set_output(uart_output)
#else
#define SET_OUTPUT() ((void)0)
#endif

/* The first backoff delay, doubled per restart, at most the second.
 * Without a timer connection (`maybe uses Timer`) there is no delay. */
#define BACKOFF_FIRST_NS 10000000ul     /* 10 ms */
#define BACKOFF_MAX_NS 5000000000ul     /* 5 s */

void pre_init(void) { SET_OUTPUT(); }

struct client {
    struct fault_name name;    /* from hello, else the assembly's */
    unsigned faults, restarts;
    int state;                 /* SUP_RUNNING, SUP_STOPPED, SUP_RESTARTING */
    unsigned long due;         /* a restart waiting for its backoff alarm; 0: none */
};
static struct client clients[MT_CLIENT_COUNT_fault];

static const char *who(mt_word_t i)
{
    if (i >= MT_CLIENT_COUNT_fault)
        return "?";
    return clients[i].name.s[0] ? clients[i].name.s : mt_restart_names_fault[i];
}

/* Suspends every thread of client i; their callers get MT_REPLY_LOST. */
static void suspend_all(const struct mt_restart_info *r)
{
    const struct mt_restart_thread *th = &mt_restart_threads_fault[r->first_thread];
    for (unsigned k = 0; k < r->thread_count; k++)
        mt_tcb_suspend(th[k].tcb_slot);
}

/* Starts every thread of the component again, from its image's _start:
 * how = MT_START_RESTART runs it anew, MT_START_STOPPED leaves only
 * libmote's refusal of every call (lib/mote/restart.c). */
static int restart(const struct mt_restart_info *r, mt_word_t how)
{
    const struct mt_restart_thread *th = &mt_restart_threads_fault[r->first_thread];
    int err = MT_OK;
    suspend_all(r);
    for (unsigned k = 0; k < r->thread_count && err == MT_OK; k++) {
        mt_word_t regs[MT_REG_A1 + 1] = { 0 };
        regs[MT_REG_PC] = MT_IMAGE_BASE;
        regs[MT_REG_SP] = th[k].stack_top;
        regs[MT_REG_A0] = k;
        regs[MT_REG_A1] = how;         /* thread 0 restores the data */
        err = mt_tcb_write_registers(th[k].tcb_slot, 0, MT_REG_A1 + 1, regs);
    }
    return err ? err : mt_tcb_resume(th[0].tcb_slot);
}

/* Report client i stopped (the faulting thread stays so: a non-zero
 * reply label, when its fault is the message being answered), tell
 * whoever listens. */
static int stopped(mt_word_t i, const char *why)
{
    if (i < MT_CLIENT_COUNT_fault)
        clients[i].state = SUP_STOPPED;
    mt_printf("fault_supervisor: %s stopped%s; the rest of the system keeps running\n",
              who(i), why);
    mt_rpc_set_reply_label(1);
#if MT_CONNECTED_faulted
    mt_emit(faulted);
#endif
    return 0;
}

/* Client i's restart, now (its threads are suspended). */
static void restart_now(mt_word_t i)
{
    const struct mt_restart_info *r = &mt_restart_fault[i];
    struct client *c = &clients[i];
    int err = restart(r, MT_START_RESTART);
    if (err) {
        mt_printf("fault_supervisor: restarting %s failed (error %d)\n", who(i), err);
        stopped(i, "");
        return;
    }
    c->restarts++;
    c->state = SUP_RUNNING;
    if (r->limit)
        mt_printf("fault_supervisor: %s restarted (restart %u of %u)\n", who(i), c->restarts,
                  r->limit);
    else
        mt_printf("fault_supervisor: %s restarted (restart %u)\n", who(i), c->restarts);
}

#if MT_CONNECTED_timer
/* The alarm for the earliest restart waiting (none: cancelled). */
static void set_alarm(void)
{
    unsigned long d = 0, now = timer_time();
    for (unsigned i = 0; i < MT_CLIENT_COUNT_fault; i++)
        if (clients[i].due && (!d || clients[i].due < d))
            d = clients[i].due;
    timer_alarm(!d ? 0 : d > now ? d - now : 1);
}

/* The alarm (or an old one: the deadlines decide): the restarts due. */
static void on_alarm(mt_word_t bits)
{
    unsigned long now = timer_time();
    (void)bits;
    for (unsigned i = 0; i < MT_CLIENT_COUNT_fault; i++) {
        if (!clients[i].due || clients[i].due > now)
            continue;
        clients[i].due = 0;
        restart_now(i);
    }
    set_alarm();
}
#endif

/* A backoff restart: after a delay that doubles per restart, through the
 * alarm; without a timer connection, at once. */
static void backoff(mt_word_t i)
{
    unsigned long ns = BACKOFF_FIRST_NS;
    for (unsigned k = 0; k < clients[i].restarts && ns < BACKOFF_MAX_NS; k++)
        ns *= 2;
    if (ns > BACKOFF_MAX_NS)
        ns = BACKOFF_MAX_NS;
#if MT_CONNECTED_timer
    mt_printf("fault_supervisor: restarting %s in %lu ms\n", who(i), ns / 1000000ul);
    clients[i].due = timer_time() + ns;
    set_alarm();
#else
    restart_now(i);
#endif
}

/* After the report: what the client's restart policy says. */
static int handle_fault(void)
{
    mt_word_t i = mt_rpc_client();
    if (i >= MT_CLIENT_COUNT_fault)
        return stopped(i, "");
    const struct mt_restart_info *r = &mt_restart_fault[i];
    struct client *c = &clients[i];
    c->faults++;
    if (r->policy == MT_RESTART_NONE)
        return stopped(i, "");
    if (r->policy == MT_RESTART_NEVER || (r->limit && c->restarts >= r->limit)) {
        restart(r, MT_START_STOPPED);  /* its clients get MT_RPC_STOPPED from now on */
        return stopped(i, r->policy == MT_RESTART_NEVER ? " (restart = never)"
                                                        : ": restart limit reached");
    }
    c->state = SUP_RESTARTING;
    suspend_all(r);                    /* its callers fail now, not after the delay */
    if (r->policy == MT_RESTART_BACKOFF)
        backoff(i);
    else
        restart_now(i);
    return 0;
}

int fault_hello(struct fault_name name)
{
    name.s[sizeof name.s - 1] = 0;
    if (mt_rpc_client() < MT_CLIENT_COUNT_fault)
        clients[mt_rpc_client()].name = name;
    return 0;
}

int fault_vm(unsigned long pc, unsigned long addr, unsigned long access, unsigned long scause)
{
    mt_printf("FAULT: %s: page fault at 0x%lx (pc 0x%lx, access %lu, scause %lu)\n",
              who(mt_rpc_client()), addr, pc, access, scause);
    return handle_fault();
}

int fault_exception(unsigned long pc, unsigned long sp, unsigned long scause, unsigned long stval)
{
    mt_printf("FAULT: %s: exception scause %lu stval 0x%lx (pc 0x%lx, sp 0x%lx)\n",
              who(mt_rpc_client()), scause, stval, pc, sp);
    return handle_fault();
}

int fault_cap(unsigned long pc, unsigned long cptr, unsigned long in_recv, unsigned long lookup)
{
    mt_printf("FAULT: %s: cap fault on cptr %lu (pc 0x%lx, recv %lu, lookup %lu)\n",
              who(mt_rpc_client()), cptr, pc, in_recv, lookup);
    return handle_fault();
}

int fault_syscall(unsigned long pc, unsigned long sp, unsigned long number,
                  struct fault_syscall_regs regs)
{
    mt_printf("FAULT: %s: unknown syscall %lu (pc 0x%lx, sp 0x%lx, a0 0x%lx)\n",
              who(mt_rpc_client()), number, pc, sp, regs.a[0]);
    return handle_fault();
}

#if MT_CONNECTED_supervise
struct sup_stats supervise_stats(unsigned index)
{
    struct sup_stats s = { .status = SUP_NO_CLIENT };
    if (index >= MT_CLIENT_COUNT_fault)
        return s;
    const struct client *c = &clients[index];
    s.status = SUP_OK;
    s.policy = mt_restart_fault[index].policy;
    s.state = c->state;
    s.faults = c->faults;
    s.restarts = c->restarts;
    s.limit = mt_restart_fault[index].limit;
    const char *n = c->name.s[0] ? c->name.s : mt_restart_names_fault[index];
    size_t len = strlen(n);
    memcpy(s.name, n, len < sizeof s.name - 1 ? len : sizeof s.name - 1);
    return s;
}
#define SUPERVISE_IFACE , MT_PROVIDES(supervise)
#else
#define SUPERVISE_IFACE
#endif

/* Faults, stats and (with a timer) the backoff alarm on one receive. */
int run(void)
{
    const struct mt_iface_impl *f = &mt_component.ifaces[MT_IFACE_fault];
#if MT_CONNECTED_timer
    if (mt_tcb_bind_notification(mt_component.threads[mt_thread_index()].tcb_slot,
                                 MT_SLOT_SIGNAL_timer) != MT_OK)
        mt_printf("fault_supervisor: no alarm: backoff restarts will not happen\n");
    mt_rpc_serve_bound(f, on_alarm);
#else
    mt_rpc_serve(f);
#endif
}

MT_COMPONENT(MT_PROVIDES(fault) SUPERVISE_IFACE);

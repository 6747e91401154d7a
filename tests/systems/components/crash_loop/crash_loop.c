/* SPDX-License-Identifier: BSD-2-Clause */
/* Faults as soon as it runs, every time (restartloop test): each start
 * must see its data as the image has it and its bss clear, so a restart
 * that did not restore them shows here as a FAIL line.  Its `poke` event
 * thread must be running again after each restart: the control thread
 * pokes it and waits for its handler.  With a client on `hold` and a
 * thread for it, it first waits until that thread has saved the client's
 * call (never to answer it), so the restart must fail the saved call;
 * with hold_has_thread = false nobody serves hold before the fault, and
 * once stopped the control thread answers it MT_RPC_STOPPED. */
#include <libmote/component.h>
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../hold.h"

#if MT_CONNECTED_hold
MT_RPC_SERVER(hold, HOLD_METHODS)
#define HOLD_IFACE , MT_PROVIDES(hold)
#else
#define HOLD_IFACE
#endif

static int counter = 7;     /* .data */
static int starts;          /* .bss */
static volatile int event_thread_started, held;

void post_init(void)
{
    counter++;
    starts++;
    mt_printf("%s: started (data %d, bss %d)\n", MT_INSTANCE_NAME, counter, starts);
    if (counter != 8 || starts != 1)
        mt_printf("FAIL: crash_loop: its data was not restored\n");
}

static void poke_handler(mt_word_t badge)
{
    (void)badge;
    event_thread_started = 1;
}

#if MT_CONNECTED_hold
/* Saved, never answered. */
int hold_wait(void)
{
    if (mt_rpc_defer(MT_SLOT_FIRST_FREE) != MT_OK)
        mt_printf("FAIL: crash_loop: cannot save the caller\n");
    held = 1;
    return 0;
}
#endif

int run(void)
{
    mt_emit(ping);
    for (int i = 0; i < 1000 && !event_thread_started; i++)
        mt_yield();
    if (!event_thread_started)
        mt_printf("FAIL: crash_loop: its event thread does not run\n");
#if MT_CONNECTED_hold && MT_SERVED_BY_hold != 0
    while (!held)              /* hold's own thread saves the call */
        mt_yield();
#endif
    mt_printf("%s: event thread ran; faulting\n", MT_INSTANCE_NAME);
    *(volatile int *)0 = 1;
    return 0;
}

MT_COMPONENT(MT_CONSUMES(poke, poke_handler) HOLD_IFACE);

/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot test client: calls the server, waits for its tick, then takes the
 * rootserver's memory back (it is the memory owner) and checks that the
 * system still runs without the rootserver. */
#include <libmote/invoke.h>
#include <libmote/print.h>
#include MT_GEN_HEADER

void _start(mt_word_t thread) __attribute__((section(".text.start"), noreturn));

static mt_word_t echo(mt_word_t x)
{
    mt_set_mr(0, x);
    mt_word_t info = mt_call(MT_SLOT_echo, mt_msginfo(1, 0, 0, 1));
    return mt_msginfo_label(info) ? ~0ul : mt_get_mr(0);
}

static void reclaim(void)
{
    int n = 0;
    for (int s = MT_UNTYPED_SLOT_FIRST; s < MT_UNTYPED_SLOT_FIRST + MT_UNTYPED_SLOT_COUNT; s++)
        n += mt_debug_cap_identify(s) == MT_CAP_UNTYPED;
    mt_printf("client: holds %d untyped\n", n);
    /* the first untyped slot is the rootserver's own memory */
    int err = mt_cnode_revoke(MT_SLOT_CNODE, MT_UNTYPED_SLOT_FIRST, MT_WORD_BITS);
    int err2 = mt_untyped_retype(MT_UNTYPED_SLOT_FIRST, MT_OBJ_FRAME_4K, 0, MT_SLOT_CNODE, 0, 0,
                                 MT_SLOT_FIRST_FREE, 1);
    mt_printf("client: revoked the rootserver (%d), retyped from its memory (%d)\n", err, err2);
}

void _start(mt_word_t thread)
{
    mt_set_ipcbuf((struct mt_ipc_buffer *)mt_threads[thread].ipc_buffer);
    mt_printf("client: started as %s thread %lu\n", MT_INSTANCE_NAME, thread);
    mt_printf("client: echo(20) = %lu\n", echo(20));
    mt_printf("client: tick badge 0x%lx\n", mt_wait(MT_SLOT_tick));
    reclaim();
    mt_printf("client: after reclaim echo(41) = %lu\n", echo(41));
    mt_printf("client: tick badge 0x%lx\n", mt_wait(MT_SLOT_tick));
    mt_printf("client: done\n");
    for (;;)
        mt_debug_shutdown(0);
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot test server: answers echo(x) with x + 1 and signals tick first.
 * Its counter lives in .data (copied from the archive by the rootserver)
 * and its scratch array in .bss (zero-filled): both must start right. */
#include <libmote/print.h>
#include <libmote/syscall.h>
#include MT_GEN_HEADER

void _start(mt_word_t thread) __attribute__((section(".text.start"), noreturn));

static volatile mt_word_t calls = 100;
static volatile mt_word_t scratch[600];   /* spans a second page */

static mt_word_t scratch_sum(void)
{
    mt_word_t sum = 0;
    for (unsigned i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        sum += scratch[i];
    return sum;
}

void _start(mt_word_t thread)
{
    mt_set_ipcbuf((struct mt_ipc_buffer *)mt_threads[thread].ipc_buffer);
    mt_printf("server: data %lu, bss sum %lu\n", calls, scratch_sum());
    mt_word_t badge;
    mt_recv(MT_SLOT_echo, &badge);
    for (;;) {
        mt_word_t x = mt_get_mr(0);
        scratch[calls % 600] = x;
        mt_printf("server: call %lu: echo(%lu) from badge %lu\n", ++calls, x, badge);
        mt_signal(MT_SLOT_tick);
        mt_set_mr(0, x + 1);
        mt_reply_recv(MT_SLOT_echo, mt_msginfo(0, 0, 0, 1), &badge);
    }
}

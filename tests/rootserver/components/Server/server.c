/* Boot test server: answers echo(x) with x + 1 and signals tick first. */
#include <libmote/print.h>
#include <libmote/syscall.h>
#include MT_GEN_HEADER

void _start(mt_word_t thread) __attribute__((section(".text.start"), noreturn));

void _start(mt_word_t thread)
{
    mt_set_ipcbuf((struct mt_ipc_buffer *)mt_threads[thread].ipc_buffer);
    mt_printf("server: waiting on echo\n");
    mt_word_t badge;
    mt_recv(MT_SLOT_echo, &badge);
    for (;;) {
        mt_word_t x = mt_get_mr(0);
        mt_printf("server: echo(%lu) from badge %lu\n", x, badge);
        mt_signal(MT_SLOT_tick);
        mt_set_mr(0, x + 1);
        mt_reply_recv(MT_SLOT_echo, mt_msginfo(0, 0, 0, 1), &badge);
    }
}

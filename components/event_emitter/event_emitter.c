/* SPDX-License-Identifier: BSD-2-Clause */
/* Emits go, waits for the consumer's ack, MT_ATTR_rounds times.  ack has
 * no thread of its own: run() waits on it. */
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    mt_word_t early = mt_event_poll(ack);
    mt_printf("%s: poll before any emit: %lu\n", early ? "FAIL" : "PASS", early);
    for (int i = 0; i < MT_ATTR_rounds; i++) {
        mt_emit(go);
        mt_word_t badge = mt_event_wait(ack);
        mt_printf("%s: round %d acknowledged (badge 0x%lx)\n",
                  badge ? "PASS" : "FAIL", i + 1, badge);
    }
    return 0;
}

MT_COMPONENT();

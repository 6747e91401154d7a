/* Waits for the emitter's one tick on its own notification. */
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    mt_word_t badge = mt_event_wait(tick);
    mt_printf("%s: %s woken by the one emit (badge 0x%lx)\n", badge ? "PASS" : "FAIL",
              MT_INSTANCE_NAME, badge);
    return 0;
}

MT_COMPONENT();

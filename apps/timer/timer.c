/* SPDX-License-Identifier: BSD-2-Clause */
/* timer: a periodic timer every 100 ms counts ticks until a one-shot
 * timer fires after one second; reports the count (about 10), cancels the
 * periodic timer and checks that nothing fires any more. */
#include <sdk.h>

#define TICK 0
#define STOP 1
#define MS 1000000ull

int main(void)
{
    int e = sdk_timer_periodic(TICK, 100 * MS);
    if (!e)
        e = sdk_timer_oneshot(STOP, 1000 * MS);
    unsigned ticks = 0;
    uint32_t fired = 0;
    while (!e && !(fired & 1u << STOP)) {
        e = sdk_timer_wait(&fired);
        ticks += !!(fired & 1u << TICK);
    }
    if (!e)
        e = sdk_timer_cancel(TICK);
    if (e) {
        sdk_log(SDK_ERROR, "timer: %s\n", sdk_strerror(e));
        return 1;
    }
    sdk_sleep(300 * MS);
    e = sdk_timer_poll(&fired);
    sdk_printf("timer: %u ticks in one second; after cancel: %s\n", ticks,
               !e && fired == 0 ? "quiet" : "still firing");
    return e || fired;
}

/* One emit: seL4Notification wakes every consumer of it. */
#include <libmote/component.h>
#include <libmote/print.h>

int run(void)
{
    mt_emit(tick);
    return 0;
}

MT_COMPONENT();

/* SPDX-License-Identifier: BSD-2-Clause */
/* rpc_signal server: signals the notification of the client that called
 * (the cap at MT_SLOT_SIGNAL_alarm + badge - 1), then answers. */
#include <libmote/rpc.h>
#include "../alarm.h"

MT_RPC_SERVER(alarm, ALARM_METHODS)
long alarm_arm(long x)
{
    mt_signal(MT_SLOT_SIGNAL_alarm + mt_rpc_badge() - 1);
    return x + 1;
}

MT_COMPONENT(MT_PROVIDES(alarm));

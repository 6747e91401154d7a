/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls the alarm server and waits on its own signal notification (the
 * server's signal must reach this client, not the other); then reads
 * the PCIe host bridge's IDs through the 2 MiB device frame. */
#include <stdint.h>
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../alarm.h"

MT_RPC_CLIENT(alarm, ALARM_METHODS)

/* QEMU's PCIe host bridge: vendor 0x1b36 (Red Hat), device 0x0008 */
#define HOST_BRIDGE_IDS 0x00081b36u

int run(void)
{
    long r = alarm_arm(41);
    mt_word_t badge = mt_wait(MT_SLOT_SIGNAL_alarm);
    mt_printf("%s: %s: arm() = %ld, then its own signal (badge 0x%lx)\n",
              r == 42 && badge != 0 ? "PASS" : "FAIL", MT_INSTANCE_NAME, r, badge);
    volatile uint32_t *cfg = MT_DATAPORT(ecam, volatile uint32_t);
    uint32_t ids = cfg[0];
    mt_printf("%s: %s: ECAM through a %lu KiB frame at 0x%lx reads 0x%x\n",
              ids == HOST_BRIDGE_IDS ? "PASS" : "FAIL", MT_INSTANCE_NAME,
              (unsigned long)MT_DATAPORT_SIZE(ecam) >> 10, (unsigned long)MT_VADDR_ecam, ids);
    return 0;
}

MT_COMPONENT();

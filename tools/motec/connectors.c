/* SPDX-License-Identifier: BSD-2-Clause */
/* mote's connectors and the seL4 / CAmkES names accepted for them. */
#include "model.h"

static const struct connector_info connectors[] = {
    { "rpc_basic", CK_RPC_BASIC, IF_USES, IF_PROVIDES, true, false, false, false },
    { "rpc_shared", CK_RPC_SHARED, IF_USES, IF_PROVIDES, true, false, false, false },
    { "notification", CK_NOTIFICATION, IF_EMITS, IF_CONSUMES, true, false, false, false },
    /* CAmkES's seL4Notification: one emitter, any number of consumers */
    { "seL4Notification", CK_NOTIFICATION, IF_EMITS, IF_CONSUMES, false, true, false, false },
    { "shared_data", CK_SHARED_DATA, IF_DATAPORT, IF_DATAPORT, true, true, false, false },
    { "mmio", CK_MMIO, IF_DATAPORT, IF_DATAPORT, true, false, false, true },
    { "hw_irq", CK_HW_IRQ, IF_EMITS, IF_CONSUMES, false, false, true, false },
    { "shared_irq", CK_SHARED_IRQ, IF_EMITS, IF_CONSUMES, true, false, true, false },
    { "rpc_signal", CK_RPC_SIGNAL, IF_USES, IF_PROVIDES, true, false, false, false },
};

static const struct { const char *alias, *name; } aliases[] = {
    { "seL4RPCCall", "rpc_basic" },
    { "seL4RPCSimple", "rpc_basic" },
    { "seL4RPC", "rpc_basic" },                  /* CAmkES's older names */
    { "seL4Asynch", "seL4Notification" },
    { "seL4RPCCallNoType", "rpc_basic" },
    { "seL4NotificationQueue", "seL4Notification" },   /* from Event; to Events */
    { "seL4NotificationNative", "notification" },      /* from Events; to Event */
    { "seL4RPCDataport", "rpc_shared" },
    { "seL4RPCOverMultiSharedData", "rpc_shared" },
    { "seL4SharedData", "shared_data" },
    { "seL4HardwareMMIO", "mmio" },
    { "seL4HardwareInterrupt", "hw_irq" },
    { "cantripIRQ", "shared_irq" },
    /* the reference system's (Cantrip's) connectors */
    { "cantripRPCCall", "rpc_basic" },
    { "cantripRPCCallSignal", "rpc_signal" },
    { "cantripRPCOverMultiSharedData", "rpc_shared" },
    { "cantripSharedData", "shared_data" },
    { "cantripMMIO", "mmio" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct connector_info *connector_lookup(const char *name)
{
    for (unsigned i = 0; i < COUNT(aliases); i++)
        if (streq(name, aliases[i].alias))
            name = aliases[i].name;
    for (unsigned i = 0; i < COUNT(connectors); i++)
        if (streq(name, connectors[i].name))
            return &connectors[i];
    return NULL;
}

const char *connector_names(void)
{
    return "rpc_basic, rpc_shared, rpc_signal, notification, shared_data, mmio, hw_irq, "
           "shared_irq";
}

const char *iface_kind_name(enum iface_kind k)
{
    static const char *const names[] = { "provides", "uses", "emits", "consumes", "dataport" };
    return names[k];
}

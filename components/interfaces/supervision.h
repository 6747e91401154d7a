/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Supervision (rpc_basic): what the fault supervisor knows of
 * each component that reports its faults to it (by client index of its
 * FaultReport interface), for the console's `supervise` and `ps`. */
#ifndef IFACE_SUPERVISION_H
#define IFACE_SUPERVISION_H

enum { SUP_OK = 0, SUP_NO_CLIENT = 1 };
enum { SUP_RUNNING = 0, SUP_STOPPED = 1, SUP_RESTARTING = 2 };

struct sup_stats {
    int status;              /* SUP_*: NO_CLIENT past the last one */
    int policy;              /* enum mt_restart_policy (<mote/spec.h>) */
    int state;               /* SUP_RUNNING, _STOPPED, _RESTARTING */
    unsigned faults;         /* faults reported */
    unsigned restarts;       /* restarts done */
    unsigned limit;          /* restart_limit; 0: none */
    char name[24];           /* the instance */
};

#define SUPERVISION_METHODS(M, i)                            \
    M(i, stats, 1, struct sup_stats, (unsigned, index))

#endif

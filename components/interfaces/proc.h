/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Proc (rpc_basic): the process manager.  Its clients are the
 * console (badge 1: bundles and processes) and the SDK runtime (badge 2:
 * what an application asks for that needs its objects, and how it ended).
 * Every method that fails returns a negated enum proc_error; why() then
 * gives the sentence ("nosuchapp: not installed"). */
#ifndef IFACE_PROC_H
#define IFACE_PROC_H

#define PROC_NAME_MAX 32
#define PROC_WHY_MAX 120

struct proc_name { char s[PROC_NAME_MAX]; };
struct proc_why { char s[PROC_WHY_MAX]; };

enum proc_state { PROC_STOPPED = 0, PROC_RUNNING = 1, PROC_EXITED = 2, PROC_FAULTED = 3 };

/* status: state, exit code, and for a fault its kind (enum mt_fault), pc,
 * address and scause. */
struct proc_status {
    long err;
    int state;
    long code;
    unsigned long fault, pc, addr, cause;
    unsigned long started_at;   /* instret when the last start was asked (make bench) */
};

/* The runtime's requests: err, the address mapped, the quota left. */
struct proc_mem { long err; unsigned long addr, left; };
struct proc_info { long err; struct proc_name name; };

enum proc_error {
    PROC_OK = 0,
    PROC_NO_SUCH_BUILTIN = 1,
    PROC_NOT_INSTALLED = 2,
    PROC_ALREADY_INSTALLED = 3,
    PROC_IS_RUNNING = 4,
    PROC_NOT_RUNNING = 5,
    PROC_TOO_MANY = 6,        /* every install or run entry is taken */
    PROC_INVALID_BUNDLE = 7,  /* the validator refused it */
    PROC_NO_MEMORY = 8,       /* the memory manager refused (quota, memory) */
    PROC_FAILED = 9,          /* a kernel invocation failed */
    PROC_DENIED = 10,         /* a runtime method from another client */
    PROC_NO_APP = 11,         /* no running application has that badge */
    PROC_STORAGE = 12,        /* the disk did not keep or give back the bundle */
    PROC_TOO_BIG = 13,        /* more bytes, pages or objects than a run can have */
};

#define PROC_METHODS(M, i)                                                    \
    M(i, builtin, 1, struct proc_name, (int, index))                          \
    M(i, bundle, 2, struct proc_name, (int, index))                           \
    M(i, install, 3, long, (struct proc_name, name))                          \
    M(i, uninstall, 4, long, (struct proc_name, name))                        \
    M(i, start, 5, long, (struct proc_name, name))                            \
    M(i, stop, 6, long, (struct proc_name, name))                             \
    M(i, status, 7, struct proc_status, (struct proc_name, name))             \
    M(i, why, 8, struct proc_why)                                             \
    M(i, runtime_ep, 9, long)                                                 \
    M(i, app_info, 10, struct proc_info, (unsigned long, badge))              \
    M(i, heap, 11, struct proc_mem, (unsigned long, badge), (unsigned long, pages)) \
    M(i, shared, 12, struct proc_mem, (unsigned long, badge))                 \
    M(i, exited, 13, long, (unsigned long, badge), (long, code))              \
    M(i, faulted, 14, long, (unsigned long, badge), (unsigned long, fault),   \
      (unsigned long, pc), (unsigned long, addr), (unsigned long, cause))     \
    M(i, install_stored, 15, long, (struct proc_name, name))

/* install_stored: the console has put the bundle NAME (an upload it
 * validated) into the store's .bundles; the process manager reads it
 * back, validates it again and installs it, or deletes it from the disk. */

/* An application's badge on the runtime's endpoint: its run entry (low 4
 * bits, 1..), a start count above, and PROC_FAULT_BADGE on the copy its
 * TCB names as fault endpoint. */
#define PROC_RUN_BITS 4
#define PROC_FAULT_BADGE (1ul << 40)

#endif

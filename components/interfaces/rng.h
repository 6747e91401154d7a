/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Rng (rpc_basic): random bytes from one of a driver's entropy
 * devices, with what it took: the device's IRQ and how many interrupts
 * it has delivered so far.  crash is a test hook: the serving thread
 * faults in the middle of the call (the caller gets MT_REPLY_LOST once
 * the supervisor restarts or stops the driver). */
#ifndef IFACE_RNG_H
#define IFACE_RNG_H

#define RNG_BYTES 16

/* RNG_BUSY: as many requests already wait for the devices as the driver
 * has room to save (free CNode slots), which one caller thread each
 * never comes near: try again. */
enum { RNG_OK = 0, RNG_NO_DEVICE = 1, RNG_NOT_READY = 2, RNG_BUSY = 3 };

struct rng_reply {
    int status;              /* RNG_*: NO_DEVICE past the last device */
    int irq;                 /* the device's PLIC source */
    unsigned len;            /* bytes of b the device filled */
    unsigned long irqs;      /* interrupts the device has delivered */
    unsigned char b[RNG_BYTES];
};

#define RNG_METHODS(M, i)                                    \
    M(i, read, 1, struct rng_reply, (unsigned, dev))         \
    M(i, crash, 2, int)

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Rng (rpc_basic): random bytes from one of a driver's entropy
 * devices, with what it took: the device's IRQ and how many interrupts
 * it has delivered so far. */
#ifndef IFACE_RNG_H
#define IFACE_RNG_H

#define RNG_BYTES 16

enum { RNG_OK = 0, RNG_NO_DEVICE = 1, RNG_NOT_READY = 2 };

struct rng_reply {
    int status;              /* RNG_*: NO_DEVICE past the last device */
    int irq;                 /* the device's PLIC source */
    unsigned len;            /* bytes of b the device filled */
    unsigned long irqs;      /* interrupts the device has delivered */
    unsigned char b[RNG_BYTES];
};

#define RNG_METHODS(M, i)                                    \
    M(i, read, 1, struct rng_reply, (unsigned, dev))

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Who of the rpcmany test (tests/systems/rpcmany.camkes). */
#ifndef TEST_WHO_H
#define TEST_WHO_H

/* who: the serving thread's index * 100 + the caller's badge.
 * slow: sets reply label WHO_SLOW_LABEL, lets the other threads run, and
 * returns like who. */
#define WHO_METHODS(M, i)                                    \
    M(i, who, 1, long)                                       \
    M(i, slow, 2, long)

#define WHO_SLOW_LABEL 5

#endif

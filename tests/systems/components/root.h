/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Root of the fpu system test (tests/systems/fpu.camkes). */
#ifndef TEST_ROOT_H
#define TEST_ROOT_H

/* root_milli: the square root of x, times 1000, rounded. */
#define ROOT_METHODS(M, i)                                   \
    M(i, root_milli, 1, long, (long, x))

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* procedure Alarm of the compat system test (tests/systems/compat.camkes). */
#ifndef TEST_ALARM_H
#define TEST_ALARM_H

/* arm: signals the caller's notification, then returns x + 1. */
#define ALARM_METHODS(M, i)                                  \
    M(i, arm, 1, long, (long, x))

#endif

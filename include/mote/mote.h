/* SPDX-License-Identifier: BSD-2-Clause */
/* The whole user/kernel ABI. */
#ifndef MOTE_MOTE_H
#define MOTE_MOTE_H
#include <mote/types.h>
#include <mote/errors.h>
#include <mote/syscall.h>
#include <mote/msginfo.h>
#include <mote/objects.h>
#include <mote/invocation.h>
#include <mote/fault.h>
#include <mote/bootinfo.h>
#endif

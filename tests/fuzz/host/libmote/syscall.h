/* SPDX-License-Identifier: BSD-2-Clause */
/* Host seam (tests/fuzz): lib/mote/print.c includes <libmote/syscall.h>
 * for the debug kernel's PutS, which a build with MT_KERNEL_DEBUG=0 does
 * not use; the real header is RISC-V assembly.  The formatting the console
 * relies on (mt_vsnprintf) is then compiled for the host as it is. */
#ifndef LIBMOTE_SYSCALL_H
#define LIBMOTE_SYSCALL_H
#endif

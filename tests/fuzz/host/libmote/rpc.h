/* SPDX-License-Identifier: BSD-2-Clause */
/* Host seam (tests/fuzz): the debug console's line editor and command
 * dispatch (edit.c, commands.c) include <libmote/rpc.h> through
 * console.h but use nothing of it; the real header brings in the RISC-V
 * system call wrappers, which do not compile for the host.  The fuzzer
 * puts this directory first on the include path. */
#ifndef LIBMOTE_RPC_H
#define LIBMOTE_RPC_H
#endif

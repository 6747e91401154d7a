/* SPDX-License-Identifier: BSD-2-Clause */
/* kmem's program: the command line of cli.c on stdout and stderr. */
#include "kmem.h"

#include <malloc.h>

int main(int argc, char **argv)
{
    /* Large arrays (objects, names, caps) grow by doubling.  glibc maps
     * big blocks and moves them with mremap, without a copy, unless freeing
     * one has raised its threshold, after which they grow on the heap by
     * copying and leave the old copies resident: keep the threshold fixed. */
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    return kmem_main(argc, argv, stdout, stderr);
}

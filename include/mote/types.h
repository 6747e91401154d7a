/* SPDX-License-Identifier: BSD-2-Clause */
/* The basic types of the user/kernel ABI.  ABI structures and calls are
 * written in mt_word_t rather than a fixed width, so the word size is
 * named here; the port is still RV64-only in other places (the object
 * sizes in objects.h, the kernel's two-word cap encoding, Sv39). */
#ifndef MOTE_TYPES_H
#define MOTE_TYPES_H

typedef unsigned long mt_word_t;
typedef mt_word_t mt_cptr_t;   /* capability address in a CSpace */

#define MT_WORD_BITS  ((int)(sizeof(mt_word_t) * 8))
#define MT_WORD_BYTES ((int)sizeof(mt_word_t))

#endif

/* The basic types of the user/kernel ABI.  Word size stays out of generic
 * code: everything is expressed in mt_word_t so an rv32 port only changes
 * this file. */
#ifndef MOTE_TYPES_H
#define MOTE_TYPES_H

typedef unsigned long mt_word_t;
typedef mt_word_t mt_cptr_t;   /* capability address in a CSpace */

#define MT_WORD_BITS  ((int)(sizeof(mt_word_t) * 8))
#define MT_WORD_BYTES ((int)sizeof(mt_word_t))

#endif

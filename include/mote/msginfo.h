/* SPDX-License-Identifier: BSD-2-Clause */
/* The message-info word and the IPC buffer layout. */
#ifndef MOTE_MSGINFO_H
#define MOTE_MSGINFO_H

#include <mote/types.h>

#define MT_MSG_MAX_LENGTH 56  /* message registers per message */
#define MT_MSG_MAX_EXTRA_CAPS 3

/* Bits of the message-info word, low to high:
 *   length (7) | extra caps (2) | caps unwrapped (3) | label (rest) */
#define MT_MSGINFO_LENGTH_BITS 7
#define MT_MSGINFO_EXTRA_SHIFT 7
#define MT_MSGINFO_UNWRAPPED_SHIFT 9
#define MT_MSGINFO_LABEL_SHIFT 12

static inline mt_word_t mt_msginfo(mt_word_t label, mt_word_t unwrapped,
                                   mt_word_t extra_caps, mt_word_t length)
{
    return (label << MT_MSGINFO_LABEL_SHIFT) |
           ((unwrapped & 7) << MT_MSGINFO_UNWRAPPED_SHIFT) |
           ((extra_caps & 3) << MT_MSGINFO_EXTRA_SHIFT) | (length & 0x7f);
}
static inline mt_word_t mt_msginfo_label(mt_word_t m) { return m >> MT_MSGINFO_LABEL_SHIFT; }
static inline mt_word_t mt_msginfo_length(mt_word_t m) { return m & 0x7f; }
static inline mt_word_t mt_msginfo_extra_caps(mt_word_t m) { return (m >> MT_MSGINFO_EXTRA_SHIFT) & 3; }
static inline mt_word_t mt_msginfo_unwrapped(mt_word_t m) { return (m >> MT_MSGINFO_UNWRAPPED_SHIFT) & 7; }

/* The IPC buffer: 64 words, aligned to its size.  It does not need a page
 * of its own: any aligned 64-word slot of a mapped, writable frame will do.
 * mr[0..3] shadow the CPU message registers and are not read by the kernel;
 * a sender's caps_or_badges holds the cptrs of the caps it sends, a
 * receiver's gets the badges of caps that arrived unwrapped. */
struct mt_ipc_buffer {
    mt_word_t tag;
    mt_word_t mr[MT_MSG_MAX_LENGTH];
    mt_word_t user_data;
    mt_word_t caps_or_badges[MT_MSG_MAX_EXTRA_CAPS];
    /* Where a received cap goes: receive_cnode is looked up in the
     * receiver's CSpace and must name a CNode cap; receive_index and
     * receive_depth then address the (empty) slot inside it.  A lookup
     * that fails means the receiver accepts no cap. */
    mt_cptr_t receive_cnode;
    mt_cptr_t receive_index;
    mt_word_t receive_depth;
};

#define MT_IPC_BUFFER_WORDS 64
#define MT_IPC_BUFFER_BYTES (MT_IPC_BUFFER_WORDS * MT_WORD_BYTES)

_Static_assert(sizeof(struct mt_ipc_buffer) == MT_IPC_BUFFER_BYTES,
               "IPC buffer layout is part of the ABI");

#endif

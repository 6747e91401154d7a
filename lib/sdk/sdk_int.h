/* SPDX-License-Identifier: BSD-2-Clause */
/* Inside the SDK: one request = fill MRs, Call, check the reply. */
#ifndef SDK_INT_H
#define SDK_INT_H

#include <libmote/syscall.h>
#include <mote/bundle.h>
#include <sdk.h>

/* Calls the runtime with label and the first len MRs of the IPC buffer;
 * returns the reply label, or MT_TRUNCATED_MESSAGE for a successful reply
 * shorter than reply_len words.  Keeps an error reply's MR0/MR1 for
 * sdk_error_detail. */
int sdk_call(mt_word_t label, unsigned len, unsigned reply_len);

/* Message register i of the IPC buffer (request or reply). */
static inline mt_word_t *sdk_mr(int i) { return &mt_ipcbuf()->mr[i]; }

#endif

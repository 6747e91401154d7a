/* SPDX-License-Identifier: BSD-2-Clause */
/* Invocation error codes.  One way to report an error: a kernel invocation
 * replies with the code in the message-info label (0 = success).  The
 * numbering follows seL4's so that its documentation reads across. */
#ifndef MOTE_ERRORS_H
#define MOTE_ERRORS_H

enum mt_error {
    MT_OK = 0,
    MT_INVALID_ARGUMENT = 1,   /* MR0: index of the bad argument */
    MT_INVALID_CAPABILITY = 2, /* MR0: index of the bad cap (0 = invoked) */
    MT_ILLEGAL_OPERATION = 3,
    MT_RANGE_ERROR = 4,        /* MR0, MR1: allowed minimum and maximum */
    MT_ALIGNMENT_ERROR = 5,
    MT_FAILED_LOOKUP = 6,      /* MR0: 1 if source lookup, MR1: lookup failure */
    MT_TRUNCATED_MESSAGE = 7,
    MT_DELETE_FIRST = 8,
    MT_REVOKE_FIRST = 9,
    MT_NOT_ENOUGH_MEMORY = 10, /* MR0: bytes available */
    /* Not an invocation error: the label of what a caller gets instead of
     * its reply when its saved reply cap is deleted (badge 0, no MRs). */
    MT_REPLY_LOST = 11,
    MT_NUM_ERRORS
};

/* Lookup failure kinds (MR1 of MT_FAILED_LOOKUP and of cap faults). */
enum mt_lookup_failure {
    MT_LOOKUP_NONE = 0,
    MT_LOOKUP_INVALID_ROOT = 1,
    MT_LOOKUP_MISSING_CAP = 2,
    MT_LOOKUP_DEPTH_MISMATCH = 3,
    MT_LOOKUP_GUARD_MISMATCH = 4,
};

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* Decoding an object invocation and replying to it. */
#include "cap.h"
#include "cspace.h"
#include "invoke.h"
#include "ipc.h"
#include "vspace.h"
#include "irq.h"

static word_t error_mr[2];
static int error_mr_count;

word_t inv_arg(const struct invocation *iv, int i)
{
    if (i < MT_MSG_REGISTERS_IN_CPU)
        return iv->t->regs[MT_REG_A0 + 2 + i];
    return iv->buf ? iv->buf->mr[i] : 0;
}

int inv_error_mrs(int code, word_t mr0, word_t mr1, int n)
{
    error_mr[0] = mr0;
    error_mr[1] = mr1;
    error_mr_count = n;
    return code;
}

int inv_lookup_error(bool source, int failure)
{
    if (failure == LOOKUP_BAD_DEPTH)
        return inv_range_error(1, MT_WORD_BITS);
    return inv_error_mrs(MT_FAILED_LOOKUP, source, (word_t)failure, 2);
}

int inv_need(const struct invocation *iv, word_t n, int k)
{
    if (iv->length < n || iv->n_extra < k)
        return MT_TRUNCATED_MESSAGE;
    return MT_OK;
}

/* Extra caps are named by cptrs in the IPC buffer, at full depth.  No
 * method takes an inspect-only cap as an argument: refusing them here
 * keeps every decoder from having to. */
static int lookup_extra_caps(struct invocation *iv, word_t info)
{
    int n = (int)mt_msginfo_extra_caps(info);
    iv->n_extra = 0;
    if (!iv->buf)
        return MT_OK;
    for (int i = 0; i < n; i++) {
        struct lookup l = lookup_cap_slot(iv->t, iv->buf->caps_or_badges[i]);
        if (!l.slot || cap_inspect_only(l.slot->cap))
            return inv_invalid_cap(i + 1);
        iv->extra[i] = l.slot;
        iv->n_extra++;
    }
    return MT_OK;
}

static int decode(struct invocation *iv)
{
    if (cap_is_zombie(iv->cap))
        return inv_invalid_cap(0);   /* as the empty slot it is becoming */
    switch (cap_type(iv->cap)) {
    case MT_CAP_UNTYPED: return decode_untyped(iv);
    case MT_CAP_CNODE: return decode_cnode(iv);
    case MT_CAP_TCB: return decode_tcb(iv);
    case MT_CAP_FRAME: return decode_frame(iv);
    case MT_CAP_PAGE_TABLE: return decode_page_table(iv);
    case MT_CAP_IRQ_CONTROL: return decode_irq_control(iv);
    case MT_CAP_IRQ_HANDLER: return decode_irq_handler(iv);
    case MT_CAP_POWER: return decode_power(iv);
    case MT_CAP_ASID_CONTROL: return decode_asid_control(iv);
    case MT_CAP_ASID_POOL: return decode_asid_pool(iv);
    case MT_CAP_NULL: return inv_invalid_cap(0);
    case MT_CAP_VSPACE: case MT_CAP_FPU:   /* no methods */
        return MT_ILLEGAL_OPERATION;
    /* syscall.c sends to these instead of invoking them */
    case MT_CAP_ENDPOINT: case MT_CAP_NOTIFICATION: case MT_CAP_REPLY: case MT_CAP_TYPE_COUNT:
        return MT_ILLEGAL_OPERATION;
    case MT_CAP_KERNEL_QUEUE_ZOMBIE: case MT_CAP_KERNEL_ZOMBIE:   /* refused above */
        return inv_invalid_cap(0);
    }
    return MT_ILLEGAL_OPERATION;
}

void invoke_object(struct tcb *t, struct cte *slot, word_t info, bool reply)
{
    struct invocation iv = {
        .t = t, .slot = slot, .cap = slot->cap,
        .label = mt_msginfo_label(info),
        .length = mt_msginfo_length(info),
        .buf = tcb_ipc_buffer(t),
        .call = reply,
    };
    if (iv.length > MT_MSG_MAX_LENGTH)
        iv.length = MT_MSG_MAX_LENGTH;
    if (!iv.buf && iv.length > MT_MSG_REGISTERS_IN_CPU)
        iv.length = MT_MSG_REGISTERS_IN_CPU;
    error_mr_count = 0;
    int err = lookup_extra_caps(&iv, info);
    if (err == MT_OK)
        err = decode(&iv);
    if (err == INV_PREEMPTED) {
        /* seL4's restart: the ecall runs again when the invoker next
         * runs; the interrupt is handled now, so the scheduler sees
         * whom it woke and the invoker is charged the tick. */
        t->regs[MT_REG_PC] -= 4;
        handle_pending_interrupts();
        return;
    }
    if (!reply || t->state != TS_RUNNING)
        return;
    if (err != MT_OK)
        set_kernel_reply(t, err, error_mr, error_mr_count);
    else
        set_kernel_reply(t, MT_OK, iv.out, iv.out_len);
}

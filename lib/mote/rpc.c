/* SPDX-License-Identifier: BSD-2-Clause */
/* rpc_basic and rpc_shared at run time: the generated stubs and dispatch
 * functions of <libmote/rpc.h> only copy structs; this file moves the
 * messages, the optional cap and the status label. */
#include <libmote/rpc.h>
#include <libmote/string.h>

/* Per-thread RPC state: the calling thread's own entry of the table
 * MT_COMPONENT sized by the thread table. */
static struct mt_thread_state *self(void)
{
    return &mt_component.state[mt_thread_index()];
}

mt_word_t mt_rpc_badge(void) { return self()->rpc_badge; }
mt_word_t mt_rpc_client(void) { return self()->rpc_badge - 1; }
mt_word_t mt_rpc_status(void) { return self()->rpc_status; }
int mt_rpc_caps_received(void) { return self()->rpc_caps_in; }
void mt_rpc_give_cap(mt_cptr_t cap) { self()->rpc_give_cap = cap; }
void mt_rpc_set_reply_label(mt_word_t label) { self()->rpc_status = label; }

/* The slot is in our own CNode (MT_SLOT_CNODE is slot 1 in every
 * component); depth = word size because the CNode's guard fills the rest. */
void mt_rpc_accept_cap(mt_cptr_t slot)
{
    struct mt_ipc_buffer *b = mt_ipcbuf();
    b->receive_cnode = 1;
    b->receive_index = slot;
    b->receive_depth = MT_WORD_BITS;
}

/* Put the pending cap (if any) into the message; returns the cap count. */
static mt_word_t take_cap(struct mt_thread_state *t)
{
    if (!t->rpc_give_cap)
        return 0;
    mt_ipcbuf()->caps_or_badges[0] = t->rpc_give_cap;
    t->rpc_give_cap = 0;
    return 1;
}

/* Caps that were transferred (not unwrapped to a badge). */
static int caps_arrived(mt_word_t info)
{
    return (int)(mt_msginfo_extra_caps(info) & ~mt_msginfo_unwrapped(info) & 1);
}

static mt_word_t words(size_t bytes)
{
    return (bytes + sizeof(mt_word_t) - 1) / sizeof(mt_word_t);
}

/* rpc_basic: a reply too short for the result would leave stale MRs
 * (our own arguments) in it, so it counts as an error. */
static mt_word_t reply_status(mt_word_t info, int in_mrs, size_t result_bytes)
{
    mt_word_t label = mt_msginfo_label(info);
    if (label == MT_RPC_OK && in_mrs &&
        mt_msginfo_length(info) * sizeof(mt_word_t) < result_bytes)
        return MT_RPC_BAD_LENGTH;
    return label;
}

mt_word_t mt_rpc_call(mt_cptr_t ep, mt_word_t method, void *msg,
                      const void *args, size_t args_bytes,
                      void *result, size_t result_bytes)
{
    struct mt_thread_state *t = self();
    int in_mrs = !msg;
    mt_word_t len = in_mrs ? words(args_bytes) : 0;
    if (in_mrs)
        msg = mt_ipcbuf()->mr;
    memcpy(msg, args, args_bytes);
    mt_word_t caps = take_cap(t);
    mt_word_t info = mt_call(ep, mt_msginfo(method, 0, caps, len));
    t->rpc_caps_in = caps_arrived(info);
    t->rpc_status = reply_status(info, in_mrs, result_bytes);
    if (t->rpc_status == MT_RPC_OK)
        memcpy(result, msg, result_bytes);
    else
        memset(result, 0, result_bytes);
    return t->rpc_status;
}

/* The interface a badge belongs to: f, or another provided interface on
 * f's endpoint (the control thread's interfaces share one: motec), whose
 * badges lie above its badge_base. */
static const struct mt_iface_impl *owner_of(const struct mt_iface_impl *f, mt_word_t badge)
{
    const struct mt_component *c = &mt_component;
    if (badge - f->badge_base - 1 < f->client_count)
        return f;
    for (unsigned i = 0; i < c->iface_count; i++) {
        const struct mt_iface_impl *g = &c->ifaces[i];
        if (g->dispatch && g->slot == f->slot && badge - g->badge_base - 1 < g->client_count)
            return g;
    }
    return f;
}

/* One request: find the message (the client's shared page, or our MRs:
 * only as many bytes as the kernel delivered, the rest are stale), dispatch
 * on the label, return the reply's message info.  rpc_badge is the badge
 * within the caller's interface (1 .. its client count). */
static mt_word_t handle(const struct mt_iface_impl *f, mt_word_t badge, mt_word_t info)
{
    struct mt_thread_state *t = self();
    f = owner_of(f, badge);
    badge -= f->badge_base;
    t->rpc_badge = badge;
    t->rpc_caps_in = caps_arrived(info);
    t->rpc_status = MT_RPC_OK;
    void *page = badge - 1 < f->client_count ?
                 (void *)f->clients[badge - 1].shared_page : 0;
    void *msg = page ? page : mt_ipcbuf()->mr;
    size_t bytes = page ? MT_PAGE_SIZE : mt_msginfo_length(info) * sizeof(mt_word_t);
    long n = f->dispatch(mt_msginfo_label(info), msg, bytes);
    mt_word_t label = n < 0 ? (mt_word_t)-n : t->rpc_status;
    mt_word_t len = page || n < 0 ? 0 : words((size_t)n);
    return mt_msginfo(label, 0, take_cap(t), len);
}

int mt_rpc_defer(mt_cptr_t slot)
{
    int err = mt_cnode_save_caller(MT_SPEC_SLOT_CNODE, slot, MT_WORD_BITS);
    self()->rpc_deferred = err == MT_OK;
    return err;
}

int mt_rpc_reply_deferred(mt_cptr_t slot, void *msg, const void *result, size_t bytes)
{
    mt_word_t len = msg ? 0 : words(bytes);
    memcpy(msg ? msg : mt_ipcbuf()->mr, result, bytes);
    return mt_reply_to(slot, mt_msginfo(MT_RPC_OK, 0, take_cap(self()), len));
}

/* A deferred call, or a signal, has no reply now: just wait for the next
 * message. */
void mt_rpc_serve_bound(const struct mt_iface_impl *f, void (*on_signal)(mt_word_t bits))
{
    struct mt_thread_state *t = self();
    mt_word_t badge, reply = 0;
    mt_word_t info = mt_recv(f->slot, &badge);
    for (;;) {
        int answer = 0;
        if (on_signal && info == 0) {
            on_signal(badge);
        } else {
            reply = handle(f, badge, info);
            answer = !t->rpc_deferred;
            t->rpc_deferred = 0;
        }
        info = answer ? mt_reply_recv(f->slot, reply, &badge) : mt_recv(f->slot, &badge);
    }
}

void mt_rpc_serve(const struct mt_iface_impl *f)
{
    mt_rpc_serve_bound(f, 0);
}

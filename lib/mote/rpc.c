/* rpc_basic and rpc_shared at run time: the generated stubs and dispatch
 * functions of <libmote/rpc.h> only copy structs; this file moves the
 * messages, the optional cap and the status label. */
#include <libmote/rpc.h>
#include <libmote/string.h>

/* Per-thread RPC state, indexed by the thread's place in the generated
 * thread table (mt_thread_index: the IPC buffer in tp names the thread). */
#define MT_RPC_MAX_THREADS 16

struct mt_rpc_thread {
    mt_word_t badge;       /* server: current caller */
    mt_word_t status;      /* client: last reply label; server: next reply label */
    mt_cptr_t give_cap;    /* cap to send with the next message, 0: none */
    int caps_in;           /* caps that arrived with the last message */
};

static struct mt_rpc_thread mt_rpc_threads[MT_RPC_MAX_THREADS];

static struct mt_rpc_thread *self(void)
{
    unsigned i = mt_thread_index();
    return &mt_rpc_threads[i < MT_RPC_MAX_THREADS ? i : 0];
}

mt_word_t mt_rpc_badge(void) { return self()->badge; }
mt_word_t mt_rpc_client(void) { return self()->badge - 1; }
mt_word_t mt_rpc_status(void) { return self()->status; }
int mt_rpc_caps_received(void) { return self()->caps_in; }
void mt_rpc_give_cap(mt_cptr_t cap) { self()->give_cap = cap; }
void mt_rpc_set_reply_label(mt_word_t label) { self()->status = label; }

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
static mt_word_t take_cap(struct mt_rpc_thread *t)
{
    if (!t->give_cap)
        return 0;
    mt_ipcbuf()->caps_or_badges[0] = t->give_cap;
    t->give_cap = 0;
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

mt_word_t mt_rpc_call(mt_cptr_t ep, mt_word_t method, void *msg,
                      const void *args, size_t args_bytes,
                      void *result, size_t result_bytes)
{
    struct mt_rpc_thread *t = self();
    mt_word_t len = msg ? 0 : words(args_bytes);
    if (!msg)
        msg = mt_ipcbuf()->mr;
    memcpy(msg, args, args_bytes);
    mt_word_t caps = take_cap(t);
    mt_word_t info = mt_call(ep, mt_msginfo(method, 0, caps, len));
    t->caps_in = caps_arrived(info);
    t->status = mt_msginfo_label(info);
    if (t->status == MT_RPC_OK)
        memcpy(result, msg, result_bytes);
    else
        memset(result, 0, result_bytes);
    return t->status;
}

/* One request: find the message (the client's shared page, or our MRs),
 * dispatch on the label, return the reply's message info. */
static mt_word_t handle(const struct mt_iface_impl *f, mt_word_t badge, mt_word_t info)
{
    struct mt_rpc_thread *t = self();
    t->badge = badge;
    t->caps_in = caps_arrived(info);
    t->status = MT_RPC_OK;
    void *page = badge - 1 < f->client_count ?
                 (void *)f->clients[badge - 1].shared_page : 0;
    void *msg = page ? page : mt_ipcbuf()->mr;
    long n = f->dispatch(mt_msginfo_label(info), msg);
    mt_word_t label = n < 0 ? MT_RPC_NO_METHOD : t->status;
    mt_word_t len = page || n < 0 ? 0 : words((size_t)n);
    return mt_msginfo(label, 0, take_cap(t), len);
}

void mt_rpc_serve(const struct mt_iface_impl *f)
{
    mt_word_t badge;
    mt_word_t info = mt_recv(f->slot, &badge);
    for (;;)
        info = mt_reply_recv(f->slot, handle(f, badge, info), &badge);
}

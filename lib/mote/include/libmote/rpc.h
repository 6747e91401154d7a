/* SPDX-License-Identifier: BSD-2-Clause */
/* RPC without an IDL: an interface is one X-macro table in C.
 *
 *   #define CALC_METHODS(M, i)                       \
 *       M(i, add, 1, long, (long, a), (long, b))     \
 *       M(i, neg, 2, long, (long, x))
 *
 * Each row: the table's context i (pass it through), method name, method
 * id (the message label), result type, then up to 8 (type, name)
 * arguments.  Any copyable C type works, structs included.
 *
 * Client (one line per `uses` interface):
 *   MT_RPC_CLIENT(calc, CALC_METHODS)   -> long calc_add(long a, long b)
 * The connector (rpc_basic or rpc_shared) is the assembly's: motec's
 * generated header says it (MT_CONNECTOR_calc is basic or shared), so the
 * stubs cannot disagree with it; an interface that is not connected has
 * none, and a client of it does not compile.
 * Server (one line per `provides` interface; implement calc_add ... and
 * list MT_PROVIDES(calc) in MT_COMPONENT):
 *   MT_RPC_SERVER(calc, CALC_METHODS)
 *
 * Marshalling is a struct copy: a method's arguments form
 * struct mt_args_<iface>_<method>; its result a value of the result type.
 * rpc_basic copies them into the caller's IPC-buffer message registers
 * (result back the same way; status in the reply label); rpc_shared copies
 * them into the page shared by that client and the server (the server
 * finds it by the caller's badge) and the IPC message is empty.
 * Size limits are checked at compile time, against the generated
 * MT_MSG_BYTES_<iface> on the server; at run time a server refuses an
 * rpc_basic request shorter than the method's arguments (the MRs past the
 * message are stale, perhaps another client's) and a client a reply
 * shorter than the result, with MT_RPC_BAD_LENGTH. */
#ifndef LIBMOTE_RPC_H
#define LIBMOTE_RPC_H

#include <stddef.h>
#include <libmote/component.h>

/* Reply labels (status).  Methods' own errors belong in their results. */
enum {
    MT_RPC_OK = 0,
    MT_RPC_NO_METHOD = 1,    /* no method has that label */
    MT_RPC_BAD_LENGTH = 2,   /* rpc_basic: a request shorter than the method's
                                arguments, or a reply shorter than its result */
    MT_RPC_STOPPED = 3,      /* the server is stopped for good by its supervisor:
                                only libmote answers (lib/mote/restart.c) */
};

/* The runtime: copy args to msg (NULL: the IPC buffer MRs), Call, copy
 * the result back; returns the reply label (the result is zero on error). */
mt_word_t mt_rpc_call(mt_cptr_t ep, mt_word_t method, void *msg,
                      const void *args, size_t args_bytes,
                      void *result, size_t result_bytes);
/* Serve a provided interface forever (its thread, or run()); with the
 * interfaces sharing its endpoint (motec: the control thread's rpc_basic
 * ones), picked by badge. */
void mt_rpc_serve(const struct mt_iface_impl *f) __attribute__((noreturn));

/* Per calling thread: */
/* server: badge of the current caller within its interface, 1 ..
 * MT_CLIENT_COUNT_<iface> (interfaces sharing the control thread's
 * endpoint have their badges minted above MT_BADGE_BASE_<iface>) */
mt_word_t mt_rpc_badge(void);
mt_word_t mt_rpc_client(void);       /* server: caller index (badge - 1) */
void mt_rpc_give_cap(mt_cptr_t cap); /* send cap with the next call or reply */
void mt_rpc_accept_cap(mt_cptr_t slot); /* received caps land in this slot */
int mt_rpc_caps_received(void);      /* caps that arrived with the last message */
mt_word_t mt_rpc_status(void);       /* client: label of the last reply */
/* Server: reply label for the current call (default MT_RPC_OK).  For a
 * fault message a non-zero label leaves the faulting thread stopped. */
void mt_rpc_set_reply_label(mt_word_t label);

/* Deferred replies: a server that cannot answer a call at once (a timer
 * answering a sleep when it ends, a runtime serving many applications)
 * saves the caller and takes further calls meanwhile.  In the method:
 *     if (mt_rpc_defer(slot) == MT_OK) return 0;   (the value is not sent)
 * slot is an empty slot of the component's CNode (MT_SLOT_FIRST_FREE..,
 * see cnode_free_slots); the caller keeps waiting.  Later, from the serving
 * thread or any other of the component:
 *     mt_rpc_reply_deferred(slot, NULL, &result, sizeof result);
 * msg is NULL for rpc_basic (the result goes in the MRs) or, for
 * rpc_shared, that client's shared page.  A cap given with
 * mt_rpc_give_cap goes with the deferred reply.  It returns MT_OK, or
 * MT_INVALID_CAPABILITY if the caller went away meanwhile (suspended or
 * destroyed: the slot is empty).  Deleting the slot instead makes the
 * client's call fail with status MT_REPLY_LOST (the result reads as 0). */
int mt_rpc_defer(mt_cptr_t slot);
int mt_rpc_reply_deferred(mt_cptr_t slot, void *msg, const void *result, size_t bytes);
/* mt_rpc_serve for a thread with a bound notification (TCB
 * BindNotification): a signal ends its wait for calls, and arrives as
 * message info 0 (no method has label 0), so on_signal(bits) runs instead
 * of a method, with no reply.  A server that defers replies until some
 * event (an IRQ, a timer) waits for calls and that event at once. */
void mt_rpc_serve_bound(const struct mt_iface_impl *f, void (*on_signal)(mt_word_t bits))
    __attribute__((noreturn));

/* ---- Generators ---- */

#define MT_RPC_MSG_basic(iface) ((void *)0)
#define MT_RPC_MSG_shared(iface) ((void *)MT_VADDR_##iface)
#define MT_RPC_MAX_basic(iface) (MT_MSG_MAX_LENGTH * sizeof(mt_word_t))
#define MT_RPC_MAX_shared(iface) (MT_SIZE_##iface)

#define MT_RPC_CLIENT(iface, TABLE)                                           \
    MT_RPC_CLIENT_(MT_CONNECTOR_##iface, iface, TABLE)
/* One more level, so that MT_CONNECTOR_<iface> expands before the paste. */
#define MT_RPC_CLIENT_(kind, iface, TABLE) MT_RPC_CLIENT_KIND_(kind, iface, TABLE)
#define MT_RPC_CLIENT_KIND_(kind, iface, TABLE)                               \
    TABLE(MT_RPC_ARGS_, iface)                                                \
    TABLE(MT_RPC_STUB_##kind, iface)

#define MT_RPC_SERVER(iface, TABLE)                                           \
    TABLE(MT_RPC_ARGS_, iface)                                                \
    TABLE(MT_RPC_DECL_, iface)                                                \
    void iface##__init(void) __attribute__((weak));                           \
    static long mt_rpc_dispatch_##iface(mt_word_t method, void *msg,          \
                                        size_t bytes_)                        \
    {                                                                         \
        switch (method) {                                                     \
        TABLE(MT_RPC_CASE_, iface)                                            \
        default:                                                              \
            (void)msg;                                                        \
            (void)bytes_;                                                     \
            return -(long)MT_RPC_NO_METHOD;                                   \
        }                                                                     \
    }

/* The argument struct of one method. */
#define MT_RPC_ARGS_(iface, name, id, ret, ...)                               \
    struct mt_args_##iface##_##name {                                         \
        MT_FOR_EACH_CTX(MT_MEMBER_, _, __VA_ARGS__)                           \
    };

/* The server's implementation prototype. */
#define MT_RPC_DECL_(iface, name, id, ret, ...)                               \
    ret iface##_##name(MT_RPC_PARAMS_(__VA_ARGS__));

/* A function, not an expression in the macro: for a method without
 * arguments need is 0 and the comparison would be always false. */
static inline int mt_rpc_short_(size_t have, size_t need) { return have < need; }

/* One case of the server dispatch: check, unmarshal, call, marshal.
 * Arguments and result must fit the message (MRs or shared page) whatever
 * the client was compiled with: the server checks its own side. */
#define MT_RPC_CASE_(iface, name, id, ret, ...)                               \
    case id: {                                                                \
        struct mt_args_##iface##_##name a_;                                   \
        _Static_assert(sizeof a_ <= MT_MSG_BYTES_##iface,                     \
                       #iface "_" #name ": args too big");                    \
        _Static_assert(sizeof(ret) <= MT_MSG_BYTES_##iface,                   \
                       #iface "_" #name ": result too big");                  \
        if (mt_rpc_short_(bytes_, sizeof a_))                                 \
            return -(long)MT_RPC_BAD_LENGTH;                                  \
        __builtin_memcpy(&a_, msg, sizeof a_);                                \
        ret r_ = iface##_##name(MT_FOR_EACH_COMMA(MT_ARG_, __VA_ARGS__));     \
        __builtin_memcpy(msg, &r_, sizeof r_);                                \
        return (long)sizeof r_;                                               \
    }

#define MT_RPC_STUB_basic(iface, name, id, ret, ...)                          \
    MT_RPC_STUB_(basic, iface, name, id, ret, __VA_ARGS__)
#define MT_RPC_STUB_shared(iface, name, id, ret, ...)                         \
    MT_RPC_STUB_(shared, iface, name, id, ret, __VA_ARGS__)

/* The client function <iface>_<name>(args...). */
#define MT_RPC_STUB_(kind, iface, name, id, ret, ...)                         \
    _Static_assert(sizeof(struct mt_args_##iface##_##name) <=                 \
                   MT_RPC_MAX_##kind(iface), #iface "_" #name ": args too big"); \
    _Static_assert(sizeof(ret) <= MT_RPC_MAX_##kind(iface),                   \
                   #iface "_" #name ": result too big");                      \
    static inline __attribute__((unused)) ret                                 \
    iface##_##name(MT_RPC_PARAMS_(__VA_ARGS__))                               \
    {                                                                         \
        struct mt_args_##iface##_##name a_ = {                                \
            MT_FOR_EACH_CTX(MT_INIT_, _, __VA_ARGS__) };                      \
        ret r_;                                                               \
        mt_rpc_call(MT_SLOT_##iface, id, MT_RPC_MSG_##kind(iface), &a_,      \
                    sizeof a_, &r_, sizeof r_);                               \
        return r_;                                                            \
    }

#define MT_RPC_PARAMS_(...)                                                   \
    MT_CAT(MT_VOID_, MT_NARG(__VA_ARGS__)) MT_FOR_EACH_COMMA(MT_PARAM_, __VA_ARGS__)
#define MT_VOID_0 void
#define MT_VOID_1
#define MT_VOID_2
#define MT_VOID_3
#define MT_VOID_4
#define MT_VOID_5
#define MT_VOID_6
#define MT_VOID_7
#define MT_VOID_8
#define MT_PARAM_(p) MT_PARAM_X_ p
#define MT_PARAM_X_(t, n) t n
#define MT_MEMBER_(ctx, p) MT_MEMBER_X_ p
#define MT_MEMBER_X_(t, n) t n;
#define MT_INIT_(ctx, p) MT_INIT_X_ p
#define MT_INIT_X_(t, n) .n = n,
#define MT_ARG_(p) MT_ARG_X_ p
#define MT_ARG_X_(t, n) a_.n

#endif

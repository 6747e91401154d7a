/* SPDX-License-Identifier: BSD-2-Clause */
/* The storage component: the Store interface (components/interfaces/
 * store.h, provided as `storage`) over the on-disk store (store*.c) on the virtio disk
 * (disk.c).  One thread serves every client, one call at a time; bulk
 * bytes are read from and written to the caller's shared page. */
#include <libmote/component.h>
#include <libmote/rpc.h>
#include <libmote/print.h>
#include "../interfaces/store.h"
#include "../interfaces/uart.h"
#include "disk.h"

/* With the UART driver connected, mt_printf goes there (the release
 * kernel has no PutS; and the driver keeps the console's prompt whole). */
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
void pre_init(void) { mt_set_output(uart_output); }
#endif

MT_RPC_SERVER(storage, STORE_METHODS)

static struct store st;
static mt_word_t put_owner;          /* badge of the client with the open put */

/* The caller's bulk area (its page, found by badge). */
static unsigned char *bulk(void)
{
    return STORE_BULK(MT_VADDR_storage + mt_rpc_client() * 4096ul);
}

static int name(struct store_name *n, const struct store_key *k)
{
    struct store_key c = *k;
    c.ns[STORE_NS_MAX] = c.key[STORE_KEY_MAX] = 0;   /* whatever the client sent */
    return store_name_set(n, c.ns, c.key);
}

void post_init(void)
{
    int err = store_mount(&st, disk_init());
    if (err)
        say("storage: ", store_strerror(err), ~0ul, "");
    else
        say("storage: store mounted: ", "", st.count, " objects");
}

int storage_put(struct store_key k, unsigned len)
{
    struct store_name n;
    int err = name(&n, &k);
    if (err)
        return err;
    if (len > STORE_BULK_MAX)
        return STORE_ETOOBIG;
    return store_write(&st, &n, bulk(), len);
}

struct store_got storage_get(struct store_key k, unsigned off)
{
    struct store_got g = { 0, 0, 0 };
    struct store_name n;
    g.status = name(&n, &k);
    if (!g.status)
        g.status = store_read(&st, &n, off, bulk(), STORE_BULK_MAX, &g.total, &g.len);
    return g;
}

int storage_del(struct store_key k)
{
    struct store_name n;
    int err = name(&n, &k);
    return err ? err : store_delete(&st, &n);
}

int storage_begin(struct store_key k, unsigned total)
{
    struct store_name n;
    int err = name(&n, &k);
    if (err)
        return err;
    if (st.put.open && put_owner == mt_rpc_badge())
        store_abort(&st);            /* the client started over */
    if (!(err = store_begin(&st, &n, total)))
        put_owner = mt_rpc_badge();
    return err;
}

int storage_append(unsigned len)
{
    if (!st.put.open || put_owner != mt_rpc_badge())
        return STORE_ENOPUT;
    if (len > STORE_BULK_MAX)
        return STORE_ETOOBIG;
    return store_append(&st, bulk(), len);
}

int storage_commit(void)
{
    if (!st.put.open || put_owner != mt_rpc_badge())
        return STORE_ENOPUT;
    return store_commit(&st);
}

int storage_abort(void)
{
    if (!st.put.open || put_owner != mt_rpc_badge())
        return STORE_ENOPUT;
    store_abort(&st);
    return 0;
}

struct store_listed storage_list(struct store_key k, unsigned cursor)
{
    struct store_listed l = { 0, cursor, 0, "" };
    k.ns[STORE_NS_MAX] = 0;
    l.status = store_list(&st, k.ns, &l.cursor, l.key, &l.len);
    return l;
}

struct store_df storage_df(void)
{
    struct store_usage u;
    struct store_df d = { 0, 0, 0, 0, 0, 0 };
    d.status = store_usage(&st, &u);
    d.disk_bytes = u.disk_sectors * STORE_SECTOR;
    d.region_bytes = (unsigned long)u.region_sectors * STORE_SECTOR;
    d.used_bytes = (unsigned long)u.tail * STORE_SECTOR;
    d.live_bytes = (unsigned long)u.live * STORE_SECTOR;
    d.objects = u.objects;
    return d;
}

int storage_format(unsigned long id)
{
    put_owner = 0;
    return store_format(&st, id);
}

/* Report lines into the caller's bulk, as many as fit. */
struct report { unsigned char *b; unsigned n; };

static void report(void *arg, const char *line)
{
    struct report *r = arg;
    while (*line && r->n < STORE_BULK_MAX - 2)
        r->b[r->n++] = (unsigned char)*line++;
    r->b[r->n++] = '\n';
    r->b[r->n] = 0;
}

int storage_check(void)
{
    struct report r = { bulk(), 0 };
    r.b[0] = 0;
    return store_check(&st, report, &r);
}

unsigned long storage_bench_read(void) { return disk_bench_read(); }

int run(void)
{
    mt_serve_iface(MT_IFACE_storage);
}

MT_COMPONENT(MT_PROVIDES(storage));

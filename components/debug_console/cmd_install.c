/* SPDX-License-Identifier: BSD-2-Clause */
/* `install NAME` of the uploaded file (rz), when NAME is its name, with
 * or without ".bundle": the console streams it into the store's .bundles
 * as NAME (a streamed put: whole at commit, or not there at all) and asks
 * the process manager to install it from there; that reads it back,
 * validates it completely (lib/bundle: it trusts neither the console nor
 * the disk) and deletes it from the disk if it refuses, saying why.  The
 * console does not validate it first: a second validator here would only
 * repeat that check (4 KiB of code), and a refused upload leaves nothing
 * installed or stored either way.  Installed, the upload is dropped (its
 * frames go back). */
#include <libmote/string.h>
#include "console.h"
#include "../interfaces/proc.h"
#include "../interfaces/store.h"

MT_RPC_CLIENT(proc, PROC_METHODS)
MT_RPC_CLIENT(storage, STORE_METHODS)

#define BULK STORE_BULK(MT_VADDR_storage)
#define SUFFIX ".bundle"

/* Whether the uploaded file is called NAME or NAME.bundle. */
static int upload_is(const char *file, const char *name)
{
    unsigned n = (unsigned)strlen(name);
    return !memcmp(file, name, n) && (!file[n] || !strcmp(file + n, SUFFIX));
}

static const char *store_text(int s)
{
    static const char *const text[STORE_NERR] = { STORE_ERROR_TEXT };
    if (mt_rpc_status())
        return "no answer from storage";
    return s >= 0 && s < STORE_NERR ? text[s] : "unknown error";
}

/* The bytes into .bundles/NAME; 0 or the failed call's status. */
static int store_bundle(const char *name, const unsigned char *b, unsigned long size)
{
    struct store_key k;
    memset(&k, 0, sizeof k);
    memcpy(k.ns, STORE_NS_BUNDLES, sizeof STORE_NS_BUNDLES);
    memcpy(k.key, name, strlen(name));
    int s = storage_begin(k, (unsigned)size);
    for (unsigned long off = 0; !s && !mt_rpc_status() && off < size;) {
        unsigned n = size - off < STORE_BULK_MAX ? (unsigned)(size - off) : STORE_BULK_MAX;
        memcpy(BULK, b + off, n);
        s = storage_append(n);
        off += n;
    }
    if (!s && !mt_rpc_status())
        s = storage_commit();
    if (mt_rpc_status())
        return -1;
    if (s)
        storage_abort();          /* a failed stream blocks no other writer */
    return s;
}

static void install_upload(struct proc_name n, const unsigned char *b, unsigned long size)
{
    if (!proc_status(n).err) {
        con_printf("install: %s: already installed (uninstall it first)\n", n.s);
        return;
    }
    int s = store_bundle(n.s, b, size);
    if (s) {
        con_printf("install: %s: not stored: %s\n", n.s, store_text(s));
        return;
    }
    if (proc_install_stored(n) < 0) {   /* its why: "NAME: invalid bundle: ..." */
        con_printf("install: %s\n", apps_why());
        return;
    }
    upload_drop();
    con_printf("install: %s: installed from the upload (%lu bytes, on the disk)\n", n.s, size);
}

int install_uploaded(struct proc_name n)
{
    const char *file;
    unsigned long size;
    const unsigned char *b = upload_get(&file, &size);
    if (!b || !n.s[0] || !upload_is(file, n.s))
        return 0;
    install_upload(n, b, size);
    return 1;
}

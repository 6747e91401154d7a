/* SPDX-License-Identifier: BSD-2-Clause */
/* The console's storage commands, over the storage component's Store
 * interface: key-value entries in the console's own namespace, the
 * store's upkeep (format, df, storecheck), and a test path for blobs
 * (put streamed in chunks, get in chunks, list, delete) as the process
 * manager uses them for bundles.  Test blobs live in a namespace of
 * their own (".blobs"), so a test never leaves an "installed" bundle
 * behind; --bundle picks the installed bundles' namespace instead, to
 * replace a bundle's bytes on purpose (tests/persist: re-validation). */
#include <libmote/string.h>
#include "commands.h"
#include "../interfaces/store.h"
#include "../interfaces/rng.h"

MT_RPC_CLIENT(storage, STORE_METHODS)
MT_RPC_CLIENT(rng, RNG_METHODS)

#define BULK STORE_BULK(MT_VADDR_storage)
#define NS STORE_NS_CONSOLE
#define BUNDLES STORE_NS_BUNDLES
#define BLOBS STORE_NS_BLOBS

static const char *errtext(int err)
{
    static const char *const why[STORE_NERR] = { STORE_ERROR_TEXT };
    return err >= 0 && err < STORE_NERR ? why[err] : "unknown error";
}

/* Split off the first word of *args (NUL-terminated in place). */
static char *word(char **args)
{
    char *w = *args, *p;
    while (*w == ' ')
        w++;
    for (p = w; *p && *p != ' '; p++)
        ;
    if (*p)
        *p++ = 0;
    *args = p;
    return w;
}

/* A name for the store, or an error printed for `cmd`. */
static int key_of(struct store_key *k, const char *ns, const char *key, const char *cmd)
{
    memset(k, 0, sizeof *k);
    unsigned n = (unsigned)strlen(key);
    if (!n || n > STORE_KEY_MAX) {
        con_printf("%s: %s\n", cmd, errtext(STORE_EKEY));
        return -1;
    }
    memcpy(k->ns, ns, strlen(ns));
    memcpy(k->key, key, n);
    return 0;
}

static int failed(const char *cmd, const char *what, int status)
{
    unsigned long rpc = mt_rpc_status();
    if (rpc)
        con_printf("%s: %s: no answer from storage (rpc %lu)\n", cmd, what, rpc);
    else if (status)
        con_printf("%s: %s: %s\n", cmd, what, errtext(status));
    return rpc || status;
}

/* One argument, the rest of the line: KEY, then the value as typed. */
static void cmd_kvwrite(int argc, char **argv)
{
    struct store_key k;
    char *args = argv[1], *key = word(&args);
    (void)argc;
    if (key_of(&k, NS, key, "kvwrite"))
        return;
    unsigned len = (unsigned)strlen(args);
    memcpy(BULK, args, len);
    if (!failed("kvwrite", key, storage_put(k, len)))
        con_printf("kvwrite: %s: %u byte%s stored\n", key, len, con_s(len));
}

static void cmd_kvread(int argc, char **argv)
{
    struct store_key k;
    char *key = argv[1];
    (void)argc;
    if (key_of(&k, NS, key, "kvread"))
        return;
    for (unsigned off = 0;;) {
        struct store_got g = storage_get(k, off);
        if (failed("kvread", key, g.status))
            return;
        if (!off)
            con_printf("%s = ", key);
        for (unsigned i = 0; i < g.len; i++)
            con_printf("%c", BULK[i] >= ' ' && BULK[i] < 0x7f ? BULK[i] : '.');
        off += g.len;
        if (off >= g.total || !g.len)
            break;
    }
    con_printf("\n");
}

static void cmd_kvdelete(int argc, char **argv)
{
    struct store_key k;
    char *key = argv[1];
    (void)argc;
    if (!key_of(&k, NS, key, "kvdelete") && !failed("kvdelete", key, storage_del(k)))
        con_printf("kvdelete: %s: deleted\n", key);
}

/* The store's identity comes from the entropy device, so a new store
 * never mistakes an old one's records for its own. */
static void cmd_format(int argc, char **argv)
{
    unsigned long id = 0;
    (void)argc, (void)argv;
    struct rng_reply r = rng_read(0);
    for (unsigned i = 0; i < 8 && r.status == RNG_OK && i < r.len; i++)
        id = id << 8 | r.b[i];
    if (r.status != RNG_OK || r.len < 8) {
        con_printf("format: no entropy for the store's identity (rng status %d)\n", r.status);
        return;
    }
    if (!failed("format", "disk", storage_format(id))) {
        struct store_df d = storage_df();
        con_printf("format: done: %lu KiB for data\n", d.region_bytes / 1024);
    }
}

static void cmd_df(int argc, char **argv)
{
    (void)argc, (void)argv;
    struct store_df d = storage_df();
    if (failed("df", "store", d.status))
        return;
    con_printf("df: disk %lu KiB, store %lu KiB: %lu KiB used (%lu KiB live), "
               "%lu KiB free, %u object%s\n", d.disk_bytes / 1024, d.region_bytes / 1024,
               (d.used_bytes + 1023) / 1024, (d.live_bytes + 1023) / 1024,
               (d.region_bytes - d.live_bytes) / 1024, d.objects, con_s(d.objects));
}

static void print_bulk(void)
{
    BULK[STORE_BULK_MAX - 1] = 0;
    con_printf("%s", (const char *)BULK);
}

/* The report is the answer whatever the store's state: print it. */
static void cmd_storecheck(int argc, char **argv)
{
    (void)argc, (void)argv;
    storage_check();
    if (!failed("storecheck", "store", 0))
        print_bulk();
}

/* ---- Blobs: a test path for what the process manager does with
 * bundles.  blobput NAME SIZE stores SIZE bytes of a pattern derived from
 * NAME, streamed in chunks; blobget reads them back in chunks and checks
 * them. */

static unsigned char pattern(const char *name, unsigned i)
{
    return (unsigned char)(name[i % strlen(name)] * 7u + i * 13u + (i >> 9));
}

/* An optional --bundle, then `want` words: the namespace, argv moved past
 * the flag (NAME is argv[1]); 0 with the usage printed if the words are
 * not so. */
static const char *blob_args(int argc, char ***argv, int want)
{
    char **v = *argv;
    int bundle = argc > 1 && !strcmp(v[1], "--bundle");
    if (argc - 1 - bundle != want) {
        con_usage(v[0]);
        return 0;
    }
    *argv = v + bundle;
    return bundle ? BUNDLES : BLOBS;
}

static void cmd_blobput(int argc, char **argv)
{
    struct store_key k;
    const char *ns = blob_args(argc, &argv, 2);
    unsigned long total = 0;
    if (!ns || key_of(&k, ns, argv[1], "blobput"))
        return;
    char *name = argv[1], *size = argv[2];
    /* con_number: digits only, no overflow (a size that wrapped was
     * taken for a small one) */
    if (!con_number(size, &total) || total > STORE_VALUE_MAX) {
        con_printf("blobput: %s: bad size '%s' (bytes, up to %u)\n", name, size,
                   STORE_VALUE_MAX);
        return;
    }
    if (failed("blobput", name, storage_begin(k, (unsigned)total)))
        return;
    for (unsigned long off = 0; off < total;) {
        unsigned n = total - off < STORE_BULK_MAX ? (unsigned)(total - off) : STORE_BULK_MAX;
        for (unsigned i = 0; i < n; i++)
            BULK[i] = pattern(name, (unsigned)(off + i));
        if (failed("blobput", name, storage_append(n)))
            return;
        off += n;
    }
    if (!failed("blobput", name, storage_commit()))
        con_printf("blobput: %s: %lu byte%s stored\n", name, total, con_s(total));
}

static void cmd_blobget(int argc, char **argv)
{
    struct store_key k;
    const char *ns = blob_args(argc, &argv, 1);
    unsigned off = 0, total = 0, bad = 0;
    if (!ns || key_of(&k, ns, argv[1], "blobget"))
        return;
    char *name = argv[1];
    do {
        struct store_got g = storage_get(k, off);
        if (failed("blobget", name, g.status))
            return;
        for (unsigned i = 0; i < g.len; i++)
            bad += BULK[i] != pattern(name, off + i);
        total = g.total;
        off += g.len;
        if (!g.len)
            break;
    } while (off < total);
    con_printf("blobget: %s: %u bytes, %s\n", name, off,
               bad || off != total ? "DIFFERENT from blobput's" : "as written");
}

static void cmd_bloblist(int argc, char **argv)
{
    struct store_key k;
    const char *ns = blob_args(argc, &argv, 0);
    unsigned n = 0;
    if (!ns)
        return;
    memset(&k, 0, sizeof k);
    memcpy(k.ns, ns, strlen(ns));
    for (unsigned cursor = 0;; n++) {
        struct store_listed l = storage_list(k, cursor);
        if (l.status == STORE_ENOTFOUND)
            break;
        if (failed("bloblist", ns, l.status))
            return;
        l.key[STORE_KEY_MAX] = 0;
        con_printf("bloblist: %s %u byte%s\n", l.key, l.len, con_s(l.len));
        cursor = l.cursor;
    }
    con_printf("bloblist: %u blob%s\n", n, con_s(n));
}

static void cmd_blobdel(int argc, char **argv)
{
    struct store_key k;
    const char *ns = blob_args(argc, &argv, 1);
    if (ns && !key_of(&k, ns, argv[1], "blobdel") && !failed("blobdel", argv[1], storage_del(k)))
        con_printf("blobdel: %s: deleted\n", argv[1]);
}

static inline unsigned long rdinstret(void)
{
    unsigned long v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* The storage figures (make bench-store, under -icount shift=0): the
 * median of RUNS. kv_write_durable is timed here, request to reply (the
 * reply comes after the flush); blk_read_4k inside the driver. */
#define RUNS 21
static unsigned long median(unsigned long *v)
{
    for (int i = 1; i < RUNS; i++)
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            unsigned long t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[RUNS / 2];
}

static void cmd_storebench(int argc, char **argv)
{
    static unsigned long w[RUNS], r[RUNS];   /* not on the stack: a script may run it */
    struct store_key k;
    (void)argc, (void)argv;
    key_of(&k, NS, "bench", "storebench");
    memset(BULK, 'v', 64);
    for (int i = 0; i < RUNS; i++) {
        unsigned long t0 = rdinstret();
        int err = storage_put(k, 64);
        w[i] = rdinstret() - t0;
        if (failed("storebench", "kv write", err))
            return;
        r[i] = storage_bench_read();
    }
    con_printf("kv_write_durable %lu instructions\n", median(w));
    con_printf("blk_read_4k %lu instructions\n", median(r));
}

const struct con_cmd storage_cmds[] = {
    { "kvread", "KEY", "read KEY (the console's namespace on the disk)", 1, 1, cmd_kvread },
    { "kvwrite", "KEY V", "store V under KEY, durably", 1, CMD_REST, cmd_kvwrite },
    { "kvdelete", "KEY", "delete KEY", 1, 1, cmd_kvdelete },
    { "format", "", "erase the disk: an empty store", 0, 0, cmd_format },
    { "df", "", "disk space used and free", 0, 0, cmd_df },
    { "storecheck", "", "verify the store's checksums and structure", 0, 0, cmd_storecheck },
    { "blobput", "[--bundle] N SIZE", "store a test blob N of SIZE bytes (--bundle: as bundle N)", 2, 3, cmd_blobput },
    { "blobget", "[--bundle] N", "read blob N back, check it", 1, 2, cmd_blobget },
    { "bloblist", "[--bundle]", "list the test blobs (--bundle: the bundles)", 0, 1,
      cmd_bloblist },
    { "blobdel", "[--bundle] N", "delete blob N", 1, 2, cmd_blobdel },
    { "storebench", "", "storage figures (instructions)", 0, 0, cmd_storebench },
};
const unsigned storage_ncmds = sizeof storage_cmds / sizeof storage_cmds[0];

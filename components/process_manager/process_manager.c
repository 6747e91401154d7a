/* SPDX-License-Identifier: BSD-2-Clause */
/* The process manager: installs bundles (validated completely before
 * anything is allocated; kept on the disk: stored.c), starts, stops and
 * reports applications, and answers the SDK runtime's requests that need
 * an application's objects.
 * One thread serves both clients, so nothing here needs a lock. */
#include <libmote/print.h>
#include <libmote/string.h>
#include "pm.h"
#include "../interfaces/uart.h"
#include "../interfaces/store.h"

MT_RPC_SERVER(proc, PROC_METHODS)
MT_RPC_CLIENT(memory, MEMORY_METHODS)
#if MT_CONNECTED_uart
MT_RPC_CLIENT(uart, UART_METHODS)
UART_OUTPUT(uart)
#endif

#define CONSOLE_BADGE 1   /* the assembly's proc_conn lists the console first */
#define RUNTIME_BADGE 2   /* and the runtime second */

static struct bundle bundles[MAX_INSTALLED];
struct run runs[MAX_RUNNING];
struct mt_bundle_plan plan;
mt_cptr_t runtime_ep;
static struct proc_why why;
static unsigned long starts;

/* Records the sentence for why() and returns -code. */
static long fail(long code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mt_vsnprintf(why.s, sizeof why.s, fmt, ap);
    va_end(ap);
    return -code;
}

/* Attach to the memory manager (our CNode, so objects land in it), and
 * make the window's page table and the runtime's endpoint. */
void pre_init(void)
{
#if MT_CONNECTED_uart
    mt_set_output(uart_output);
#endif
    struct mem_name n = { "process_manager" };
    mt_cptr_t s = slot_take(), e = slot_take();
    struct mem_req q = { .row = { { MT_OBJ_PAGE_TABLE, 0, 1 }, { MT_OBJ_ENDPOINT, 0, 1 } } };
    mt_rpc_give_cap(MT_SLOT_CNODE);
    long err = memory_attach(n);
    if (!err && e == s + 1 && memory_objs_alloc(0, q, s) >= 0 &&
        !mt_page_table_map(s, MT_SLOT_VSPACE, WINDOW))
        runtime_ep = e;
    else
        mt_printf("process_manager: no objects from the memory manager (%ld)\n", err);
}

static struct bundle *find_bundle(const char *name)
{
    for (int i = 0; i < MAX_INSTALLED; i++)
        if (bundles[i].used && !strcmp(bundles[i].name, name))
            return &bundles[i];
    return 0;
}

/* Builtin i's name; none (""), with why() set, when the flash holds no
 * image or fewer bundles. */
struct proc_name proc_builtin(int i)
{
    struct proc_name n = { { 0 } };
    struct mt_flash_bundle b;
    if (i >= 0 && !builtin_get((unsigned)i, &b))
        memcpy(n.s, b.name, sizeof n.s);
    else if (i == 0)
        fail(PROC_NO_SUCH_BUILTIN, "no builtins: %s", builtins_why());
    return n;
}

struct proc_name proc_bundle(int i)
{
    struct proc_name n = { { 0 } };
    for (int k = 0; k < MAX_INSTALLED; k++)
        if (bundles[k].used && i-- == 0) {
            memcpy(n.s, bundles[k].name, sizeof n.s);
            break;
        }
    return n;
}

/* *bd: a free entry named NAME (not yet used); or -code with why() set. */
static long new_entry(const char *name, struct bundle **bd)
{
    if (find_bundle(name))
        return fail(PROC_ALREADY_INSTALLED, "%s: already installed", name);
    for (int i = 0; i < MAX_INSTALLED; i++)
        if (!bundles[i].used) {
            bundles[i] = (struct bundle){ .group = -1 };
            memcpy(bundles[i].name, name, strlen(name) + 1);
            *bd = &bundles[i];
            return 0;
        }
    return fail(PROC_TOO_MANY, "%s: %d bundles installed already", name, MAX_INSTALLED);
}

static void drop_pages(struct bundle *bd)
{
    if (bd->group >= 0)
        memory_objs_free(bd->group);
    for (unsigned k = 0; k < bd->pages; k++)
        slot_give(bd->page[k]);
    bd->group = -1;
    bd->pages = 0;
}

/* Over BUNDLE_MAX: said with the reason (pm.h). */
static long too_big(const char *name, unsigned long size)
{
    return fail(PROC_TOO_BIG, "%s: %lu bytes: over the %lu KiB a bundle may have (what one "
                "application's %d slots can map)", name, size, BUNDLE_MAX_KIB, APP_SLOTS);
}

/* The sentence for a refusal of the validator. */
static long invalid(struct bundle *bd, int e)
{
    return fail(PROC_INVALID_BUNDLE, "%s: invalid bundle: %s (phdr %d, value %lu)", bd->name,
                mt_bundle_strerror(e), plan.error_phdr, (unsigned long)plan.error_value);
}

/* The validator's verdict e on bd, whose plan must call itself bd->name. */
static long planned(struct bundle *bd, int e)
{
    if (e)
        return invalid(bd, e);
    if (strcmp(plan.name, bd->name))
        return fail(PROC_INVALID_BUNDLE, "%s: invalid bundle: its manifest names %s", bd->name,
                    plan.name);
    return 0;
}

/* Validates bd->data completely (it must call itself bd->name) into
 * plan and makes its in-place pages: nothing is allocated for a bundle
 * that fails. */
static long prepare(struct bundle *bd)
{
    long err = planned(bd, mt_bundle_check(bd->data, bd->size, &plan));
    if (err)
        return err;
    unsigned long objects = 3 + plan.page_tables + plan.pages_copied + plan.pages_in_place;
    if (plan.pages_in_place > INPLACE_MAX || objects > APP_SLOTS)
        return fail(PROC_TOO_BIG, "%s: %lu code pages in place and %lu objects to start: at "
                    "most %d and %d here", bd->name, (unsigned long)plan.pages_in_place, objects,
                    INPLACE_MAX, APP_SLOTS);
    err = app_install_pages(bd, &plan);
    if (err) {
        drop_pages(bd);
        return fail(-err, "%s: no memory for its code pages", bd->name);
    }
    return 0;
}

/* A builtin's plan again at its start: the flash is read-only to the
 * whole system and its bytes passed mt_bundle_check at install, so every
 * check but the checksum (whose cost would grow app_start with the
 * bundle's size) is run again. */
static long replan(struct bundle *bd)
{
    return planned(bd, mt_bundle_replan(bd->data, bd->size, &plan));
}

/* A bundle from the disk into the load buffer, then prepare(); the
 * caller unloads (stored_unload) whatever happened. */
static long load(struct bundle *bd)
{
    unsigned long size = 0;
    long s = stored_load(bd->name, &size);
    if (s > 0 || s == -1)
        return fail(PROC_STORAGE, "%s: not read from the disk: %s", bd->name, store_why((int)s));
    if (s < 0)
        return fail(-s, "%s: no memory to read it from the disk into", bd->name);
    if (size > BUNDLE_MAX)
        return too_big(bd->name, size);
    bd->data = (const uint8_t *)LOAD_VADDR;
    bd->size = size;
    return prepare(bd);
}

static void unload(struct bundle *bd)
{
    stored_unload();
    bd->data = 0;
    bd->size = 0;
}

/* A builtin: validated, its pages made, kept on the disk when there is a
 * store (without one it is installed until power-off). */
long proc_install(struct proc_name name)
{
    name.s[PROC_NAME_MAX - 1] = 0;
    struct mt_flash_bundle b;
    if (!builtin_find(name.s, &b))
        return builtin_get(0, &b)
               ? fail(PROC_NO_SUCH_BUILTIN, "%s: no builtins: %s", name.s, builtins_why())
               : fail(PROC_NO_SUCH_BUILTIN, "%s: no such builtin bundle", name.s);
    struct bundle *bd;
    long err = new_entry(name.s, &bd);
    if (err)
        return err;
    if (b.size > BUNDLE_MAX)
        return too_big(name.s, (unsigned long)b.size);
    bd->data = b.data;
    bd->size = (unsigned long)b.size;
    if ((err = prepare(bd)))
        return err;
    int s = stored_put(name.s, bd->data, bd->size);
    if (s)
        mt_printf("process_manager: %s: installed until power-off, not on the disk: %s\n",
                  name.s, store_why(s));
    bd->used = 1;
    return 0;
}

/* An upload the console stored: read back and validated here again (the
 * disk is untrusted); refused, it is deleted from the disk. */
long proc_install_stored(struct proc_name name)
{
    name.s[PROC_NAME_MAX - 1] = 0;
    if (mt_rpc_badge() != CONSOLE_BADGE)
        return fail(PROC_DENIED, "install_stored: the console's method");
    struct bundle *bd;
    long err = new_entry(name.s, &bd);
    if (err)
        return err;
    err = load(bd);
    drop_pages(bd);              /* made again at each start */
    unload(bd);
    if (err) {
        stored_del(name.s);
        return err;
    }
    bd->from_disk = 1;
    bd->used = 1;
    return 0;
}

/* At boot: every bundle the disk holds is installed (validated when it
 * starts).  Names that no bundle could have are not listed. */
static void listed(const char *name)
{
    int ok = name[0] >= 'a' && name[0] <= 'z';
    for (const char *c = name; *c; c++)
        ok &= (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-';
    struct bundle *bd;
    if (ok && !new_entry(name, &bd)) {
        bd->from_disk = 1;
        bd->used = 1;
    }
}

/* A bundle by name, or NULL with why() set. */
static struct bundle *installed(struct proc_name *name)
{
    name->s[PROC_NAME_MAX - 1] = 0;
    struct bundle *bd = find_bundle(name->s);
    if (!bd)
        fail(PROC_NOT_INSTALLED, "%s: not installed", name->s);
    return bd;
}

long proc_uninstall(struct proc_name name)
{
    struct bundle *bd = installed(&name);
    if (!bd)
        return -PROC_NOT_INSTALLED;
    if (bd->run)
        return fail(PROC_IS_RUNNING, "%s: running (stop it first)", name.s);
    int s = stored_del_keys(name.s);   /* its key-value pairs go with it */
    if (s > 0 && s != STORE_ENODISK && s != STORE_EBLANK && s != STORE_EFOREIGN)
        return fail(PROC_STORAGE, "%s: its keys not removed from the disk: %s", name.s,
                    store_why(s));
    s = stored_del(name.s);
    if (s && bd->from_disk)
        return fail(PROC_STORAGE, "%s: not removed from the disk: %s", name.s, store_why(s));
    drop_pages(bd);
    bd->used = 0;
    return 0;
}

static void end_run(struct run *r)
{
    app_teardown(r);
    if (r->bd->from_disk)
        drop_pages(r->bd);
    r->bd->run = 0;
    r->used = 0;
}

static inline unsigned long instret(void)
{
    unsigned long v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

long proc_start(struct proc_name name)
{
    unsigned long at = instret();
    struct bundle *bd = installed(&name);
    if (!bd)
        return -PROC_NOT_INSTALLED;
    if (bd->run)
        return fail(PROC_IS_RUNNING, "%s: already running", name.s);
    if (!runtime_ep)
        return fail(PROC_FAILED, "%s: no runtime endpoint", name.s);
    int i = 0;
    while (i < MAX_RUNNING && runs[i].used)
        i++;
    if (i == MAX_RUNNING)
        return fail(PROC_TOO_MANY, "%s: %d applications running already", name.s, MAX_RUNNING);
    long err = bd->from_disk ? load(bd) : replan(bd);
    if (err) {
        if (bd->from_disk)
            unload(bd);
        return err;
    }
    struct run *r = &runs[i];
    *r = (struct run){ .used = 1, .slot0 = MT_SLOT_FIRST_FREE + (mt_cptr_t)(i * APP_SLOTS),
                       .badge = (mt_word_t)(i + 1) | ++starts << PROC_RUN_BITS };
    bd->run = i + 1;
    bd->started_at = at;
    err = app_start(r, bd, &plan);
    if (bd->from_disk)
        unload(bd);              /* the application has its copies */
    if (err) {
        end_run(r);
        return fail(-err, "%s: %s", name.s, err == -PROC_NO_MEMORY ? "not enough memory"
                    : err == -PROC_TOO_MANY ? "too many objects" : "building it failed");
    }
    bd->state = PROC_RUNNING;
    return 0;
}

long proc_stop(struct proc_name name)
{
    struct bundle *bd = installed(&name);
    if (!bd)
        return -PROC_NOT_INSTALLED;
    if (!bd->run)
        return fail(PROC_NOT_RUNNING, "%s: not running", name.s);
    end_run(&runs[bd->run - 1]);
    bd->state = PROC_STOPPED;
    return 0;
}

struct proc_status proc_status(struct proc_name name)
{
    struct bundle *bd = installed(&name);
    if (!bd)
        return (struct proc_status){ .err = -PROC_NOT_INSTALLED };
    return (struct proc_status){ 0, bd->state, bd->code, bd->fault, bd->pc, bd->addr, bd->cause,
                                 bd->started_at };
}

struct proc_why proc_why(void) { return why; }

/* ---- The runtime's requests ---- */

/* The running application with this badge (fault bit ignored), if the
 * caller is the runtime. */
static struct run *by_badge(mt_word_t badge)
{
    mt_word_t i = (badge & ((1ul << PROC_RUN_BITS) - 1)) - 1;
    badge &= ~PROC_FAULT_BADGE;
    if (mt_rpc_badge() != RUNTIME_BADGE || i >= MAX_RUNNING || !runs[i].used ||
        runs[i].badge != badge)
        return 0;
    return &runs[i];
}

/* The endpoint applications call, a copy in the reply (runtime only). */
long proc_runtime_ep(void)
{
    if (mt_rpc_badge() != RUNTIME_BADGE || !runtime_ep)
        return -PROC_DENIED;
    mt_rpc_give_cap(runtime_ep);
    return 0;
}

struct proc_info proc_app_info(unsigned long badge)
{
    struct run *r = by_badge(badge);
    struct proc_info in = { .err = r ? 0 : -PROC_NO_APP };
    if (r)
        memcpy(in.name.s, r->bd->name, PROC_NAME_MAX);
    return in;
}

struct proc_mem proc_heap(unsigned long badge, unsigned long pages)
{
    struct run *r = by_badge(badge);
    return r ? app_heap(r, pages) : (struct proc_mem){ -PROC_NO_APP, 0, 0 };
}

struct proc_mem proc_shared(unsigned long badge)
{
    struct run *r = by_badge(badge);
    mt_cptr_t copy = 0;
    struct proc_mem m = r ? app_shared(r, &copy) : (struct proc_mem){ -PROC_NO_APP, 0, 0 };
    if (copy)
        mt_rpc_give_cap(copy);
    return m;
}

long proc_exited(unsigned long badge, long code)
{
    struct run *r = by_badge(badge);
    if (!r)
        return -PROC_NO_APP;
    r->bd->state = PROC_EXITED;
    r->bd->code = code;
    end_run(r);
    return 0;
}

long proc_faulted(unsigned long badge, unsigned long fault, unsigned long pc,
                  unsigned long addr, unsigned long cause)
{
    struct run *r = by_badge(badge);
    if (!r)
        return -PROC_NO_APP;
    struct bundle *bd = r->bd;
    bd->state = PROC_FAULTED;
    bd->code = 0;
    bd->fault = fault;
    bd->pc = pc;
    bd->addr = addr;
    bd->cause = cause;
    end_run(r);
    return 0;
}

int run(void)
{
    stored_list(listed);
    mt_rpc_serve(&mt_component.ifaces[MT_IFACE_proc]);
}

MT_COMPONENT(MT_PROVIDES(proc));

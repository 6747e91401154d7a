/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy FP switching.  sstatus.FS is Off for every thread but the FPU
 * owner, the one whose state is in the f registers.  Any other thread's
 * first FP instruction traps as illegal: if the thread has an FPU object,
 * the owner's state goes to its object (if dirty), this thread's is
 * loaded, it becomes the owner and the instruction is retried; if it has
 * none, the trap is its fault.  Threads that never use FP never pay.
 *
 * The kernel is built without F and D, so only this file touches the f
 * registers.  The fastpath leaves FS alone: a thread switched to there is
 * not the one that ran before it, so the sender must not be the owner.
 * The owner is therefore kept off the fastpath as a sender (its
 * cspace_limit is 0, tcb_cache_spaces); as a receiver it is fine: it
 * starts with FS Off and takes one trap at its next FP instruction. */
#include "csr.h"
#include "fpu.h"
#include "tcb.h"

#define FS_OFF (0ul << 13)
#define FS_CLEAN (2ul << 13)
#define FS_DIRTY (3ul << 13)

struct tcb *fpu_owner;
static bool fpu_dirty;   /* with FS Off: registers newer than the owner's object */

#define FP_EACH(op) \
    op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) \
    op(12) op(13) op(14) op(15) op(16) op(17) op(18) op(19) op(20) op(21) \
    op(22) op(23) op(24) op(25) op(26) op(27) op(28) op(29) op(30) op(31)
#define FSD(n) "fsd f" #n ", " #n "*8(%0)\n"
#define FLD(n) "fld f" #n ", " #n "*8(%0)\n"

static void set_fs(word_t fs)
{
    csr_clear(sstatus, SSTATUS_FS);
    csr_set(sstatus, fs);
}

/* Both with FS on. */
static void fpu_save(struct fpu *f)
{
    __asm__ volatile(".option push\n.option arch, +d\n" FP_EACH(FSD)
                     "frcsr t0\nsd t0, 256(%0)\n.option pop"
                     : : "r"(f) : "t0", "memory");
}

static void fpu_load(const struct fpu *f)
{
    __asm__ volatile(".option push\n.option arch, +d\n" FP_EACH(FLD)
                     "ld t0, 256(%0)\nfscsr t0\n.option pop"
                     : : "r"(f) : "t0", "memory");
}

void fpu_off(void)
{
    if ((csr_read(sstatus) & SSTATUS_FS) == FS_DIRTY)
        fpu_dirty = true;
    csr_clear(sstatus, SSTATUS_FS);
}

/* The owner's registers into its object if they changed; no owner after. */
static void fpu_release(void)
{
    fpu_off();
    struct tcb *old = fpu_owner;
    if (fpu_dirty) {
        set_fs(FS_CLEAN);
        fpu_save(old->fpu);
        csr_clear(sstatus, SSTATUS_FS);
    }
    fpu_dirty = false;
    fpu_owner = NULL;
    tcb_cache_spaces(old);   /* its fastpath back */
}

bool fpu_trap(struct tcb *t)
{
    if (!t->fpu || (csr_read(sstatus) & SSTATUS_FS) != FS_OFF)
        return false;
    if (fpu_owner != t) {
        if (fpu_owner)
            fpu_release();
        set_fs(FS_CLEAN);
        fpu_load(t->fpu);
        fpu_owner = t;
        t->cspace_limit = 0;   /* no fastpath as a sender while it owns FP */
    }
    set_fs(fpu_dirty ? FS_DIRTY : FS_CLEAN);
    fpu_dirty = false;
    return true;
}

void fpu_bind(struct tcb *t, struct fpu *f)
{
    t->fpu = f;
    f->bound = t;
}

void fpu_unbind(struct tcb *t)
{
    if (fpu_owner == t)
        fpu_release();
    t->fpu->bound = NULL;
    t->fpu = NULL;
}

void fpu_destroy(struct fpu *f)
{
    if (f->bound)
        fpu_unbind(f->bound);
}

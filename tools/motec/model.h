/* SPDX-License-Identifier: BSD-2-Clause */
/* The checked system: component instances with their interfaces, and the
 * connections between them, with every attribute resolved.  The
 * allocator (alloc*.c) fills in the fields marked "allocation". */
#ifndef MOTEC_MODEL_H
#define MOTEC_MODEL_H

#include "ast.h"

enum conn_kind {
    CK_RPC_BASIC, CK_RPC_SHARED, CK_NOTIFICATION, CK_SHARED_DATA,
    CK_MMIO, CK_HW_IRQ, CK_SHARED_IRQ,
    CK_RPC_SIGNAL,   /* rpc_basic + a notification per client the server signals */
};

struct connector_info {
    const char *name;         /* mote's name */
    enum conn_kind kind;
    enum iface_kind from_kind, to_kind;
    bool from_multi, to_multi; /* several ends on that side */
    bool from_hw, to_hw;       /* that side is a hardware component */
};

/* Looks a connector up by mote or seL4 name; NULL if unknown. */
const struct connector_info *connector_lookup(const char *name);
const char *connector_names(void);   /* "rpc_basic, rpc_shared, ..." */
const char *iface_kind_name(enum iface_kind k);

struct m_inst;
struct m_conn;
struct m_iface;

struct m_end {
    struct conn_end *decl;
    struct m_conn *conn;
    struct m_inst *inst;
    struct m_iface *iface;
    bool is_from;
    /* allocation */
    uint64_t badge;           /* rpc client badge, notification/IRQ badge bit */
    int irq;                  /* IRQ sources: the IRQ number */
    char *obj;                /* per-end object: rpc_shared page, irq handler */
};

struct m_conn {
    struct connection_decl *decl;
    const struct connector_info *ci;
    VEC(struct m_end *) ends;
    /* allocation: shared objects */
    char *ep, *ntfn;           /* names of the endpoint / notification */
    int npages;                /* shared_data, mmio: pages (frames) */
    bool big;                  /* 2 MiB frames (region_big) */
    uint64_t bytes;            /* shared_data, mmio: size */
};

struct m_attr {
    char *name;
    struct value *value;      /* NULL if declared without default and unset */
    struct attr_decl *decl;   /* NULL for built-in attributes */
};

enum thread_kind { TH_CONTROL, TH_RPC, TH_EVENT, TH_IRQ };

struct m_thread {
    char *name;               /* "control" or the interface name */
    enum thread_kind kind;
    struct m_iface *iface;    /* NULL for control */
    int priority;
    uint64_t stack_size;
    /* allocation */
    uint64_t stack_base;       /* lowest stack byte; a guard page below */
    uint64_t stack_top;        /* initial sp: just below the IPC buffer */
    uint64_t ipcbuf;           /* the top 512 bytes of the stack region */
    int ipc_obj;               /* the stack frame holding the IPC buffer */
    bool in_data_page;         /* the one-page layout (alloc_vspace.c) */
    uint32_t tcb_slot;
    char *tcb;
};

struct m_iface {
    struct iface_decl *decl;
    struct m_inst *inst;
    VEC(struct m_end *) ends;  /* connection ends at this interface */
    bool has_thread;
    int priority;              /* -1: the component's */
    uint64_t stack_size;       /* 0: the component's */
    uint64_t paddr, size;      /* hardware dataport */
    bool read_only;            /* dataport: <iface>_access = "R" */
    int irq;                   /* hardware emits: IRQ number, -1 unset */
    /* allocation */
    char *obj;                 /* provides: its endpoint; consumes: its notification */
    int nclients;              /* provides: badges handed out */
    /* provides, rpc_basic, no thread of its own: the control thread's
     * endpoint, that of the first such interface (ep_owner; NULL: this
     * one's own), its clients' badges minted above badge_base */
    struct m_iface *ep_owner;
    uint64_t badge_base;
    int thread;                /* serving thread, -1 none */
    uint32_t slot;             /* the endpoint / notification cap */
    uint32_t first_slot, nslots; /* every cap this interface holds */
    uint64_t vaddr, vsize;     /* dataport / mmio / rpc_shared page */
};

struct m_file {
    char *name, *path;         /* archive name (the file's base name) and host path */
    uint64_t size;
    uint64_t vaddr;            /* allocation: where it is mapped */
    unsigned char *bytes;      /* a file smaller than a page: its bytes, which go into
                                * the instance's rodata (no archive page of its own) */
};

struct m_inspect {
    struct m_inst *inst;
    struct m_thread *thread;   /* NULL: the instance's CNode */
};

struct m_inst {
    struct instance_decl *decl;
    struct component_decl *comp;
    VEC(struct m_iface *) ifaces;
    VEC(struct m_attr) attrs;
    int priority;
    uint64_t stack_size;
    int ctl_priority;          /* _priority: the control thread's; -1: priority */
    uint64_t ctl_stack_size;   /* _stack_size: the control thread's; 0: stack_size */
    int cnode_bits_attr;       /* 0: automatic */
    int free_slots;            /* cnode_free_slots */
    int untyped_slots;         /* > 0: the memory owner */
    bool fpu;                  /* fpu: each thread gets an FPU object */
    bool power_off;            /* holds a Power cap (power_off = true) */
    bool asid_pool;            /* holds the system's ASID pool (asid_pool = true) */
    int restart;               /* enum mt_restart_policy (restart = "...") */
    int restart_limit;         /* restart_limit; 0: none */
    struct m_iface *fault_iface; /* restart: its connected `uses FaultReport` */
    bool inspect;              /* inspect-only caps to every CNode and TCB (inspect = true) */
    bool mem_report;           /* the rootserver's memory report, mapped (mem_report = true) */
    uint64_t report_vaddr;     /* allocation: where */
    /* allocation */
    VEC(struct m_thread *) threads;
    int cnode_bits;
    uint32_t slots_used;       /* first free slot */
    uint32_t slot_cnode, slot_vspace, slot_init_ntfn, slot_untyped, slot_power,
             slot_asid_pool;
    uint32_t slot_restart;     /* first supervised TCB cap (a FaultReport provider) */
    uint32_t sup_first;        /* restart: its first TCB cap in the supervisor's CSpace */
    uint32_t slot_inspect, ninspect; /* inspect = true: the first of ninspect slots */
    VEC(struct m_inspect) inspected; /* what they hold, in slot order */
    VEC(struct m_file) files;  /* files = [...]: boot-archive files mapped read-only */
    uint64_t entry;
    int image;                 /* index into the spec's image table */
};

struct system {
    struct program *prog;
    struct assembly_decl *assembly;
    VEC(struct m_inst *) insts;
    VEC(struct m_conn *) conns;
};

/* Checks the program; 0 and a filled sys on success, errors reported. */
int check_program(struct program *prog, struct system *sys);

/* Helpers shared by check and alloc. */
struct m_inst *sys_find_inst(struct system *sys, const char *name);
struct m_iface *inst_find_iface(struct m_inst *in, const char *name);
struct m_attr *inst_find_attr(struct m_inst *in, const char *name);
int inst_is_hw(const struct m_inst *in);
/* Whether mote gives the instance a control thread (thread 0). */
int inst_has_control(const struct m_inst *in);
/* A dataport's size: Buf(N) gives N, any other type one page. */
uint64_t dataport_size(const struct iface_decl *d);
/* Whether a region is made of 2 MiB frames: its size is a multiple of
 * 2 MiB and, for MMIO, so is its physical address. */
int region_big(uint64_t paddr, uint64_t size);

#endif

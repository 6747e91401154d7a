/* SPDX-License-Identifier: BSD-2-Clause */
/* The parsed architecture description: what the .camkes files say, before
 * any checking.  Everything keeps its source location for error messages. */
#ifndef MOTEC_AST_H
#define MOTEC_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

enum value_kind { V_INT, V_BOOL, V_FLOAT, V_STRING, V_LIST, V_DICT };

struct value {
    enum value_kind kind;
    struct loc loc;
    int64_t i;        /* V_INT, V_BOOL */
    double f;         /* V_FLOAT */
    char *s;          /* V_STRING */
    int n;            /* V_LIST, V_DICT: number of items */
    struct value **items;
    struct value **keys; /* V_DICT */
};

struct attr_decl {
    struct loc loc;
    char *type;       /* "int", "string", "unsigned", a struct name ... */
    char *name;
    bool is_array;
    struct value *dflt; /* NULL: no default */
};

enum iface_kind { IF_PROVIDES, IF_USES, IF_EMITS, IF_CONSUMES, IF_DATAPORT };

struct iface_decl {
    struct loc loc;
    enum iface_kind kind;
    char *type;       /* procedure, event or dataport type name */
    struct loc type_loc;
    char *name;
    bool maybe;
    uint64_t buf_size; /* dataport Buf(N): N; 0 otherwise */
};

/* has mutex m; has semaphore s; has binary_semaphore b; */
struct has_decl {
    struct loc loc;
    char *kind, *name;
};

struct component_decl {
    struct loc loc;
    char *name;
    bool control, hardware;
    struct assembly_decl *body;   /* compound components: NULL otherwise */
    VEC(struct iface_decl) ifaces;
    VEC(struct attr_decl) attrs;
    VEC(struct has_decl) has;
};

enum end_type { END_PROCEDURE, END_EVENT, END_DATAPORT };

struct connector_decl {
    struct loc loc;
    char *name;
    enum end_type from_type, to_type;
    bool from_multi, to_multi, from_hw, to_hw;
};

struct procedure_decl {
    struct loc loc;
    char *name;
};

struct instance_decl {
    struct loc loc;
    char *type;
    struct loc type_loc;
    char *name;
};

struct conn_end {
    struct loc loc;
    bool is_from;
    char *inst, *iface;
};

struct connection_decl {
    struct loc loc;
    char *connector;
    struct loc connector_loc;
    char *name;
    VEC(struct conn_end) ends;
};

struct setting {
    struct loc loc, inst_loc;
    char *inst, *attr;
    struct value *value;
    char *ref;        /* inst.attr <- ref: the enclosing component's attribute */
};

/* export inner.iface -> outer; (compound components) */
struct export_decl {
    struct loc loc;
    char *inst, *iface, *outer;
};

struct block_ref;
/* An assembly, or the body of a compound component. */
struct assembly_decl {
    struct loc loc;
    VEC(struct instance_decl) instances;
    VEC(struct connection_decl) connections;
    VEC(struct setting) settings;
    VEC(struct export_decl) exports;
    bool in_component;   /* a compound component's composition/configuration */
    VEC(struct block_ref) refs;  /* composition Name; configuration Name; */
};

/* A top-level 'composition Name { }' or 'configuration Name { }', and an
 * assembly's reference to one. */
struct block_ref {
    struct loc loc;
    char *name;
    bool is_config;
};
struct named_block {
    struct loc loc;
    char *name;
    bool is_config;
    struct assembly_decl *body;
};

struct program {
    VEC(struct procedure_decl) procedures;
    VEC(struct component_decl) components;
    VEC(struct connector_decl) connectors;
    VEC(struct assembly_decl) assemblies;
    VEC(struct named_block) blocks;   /* top-level composition/configuration */
    VEC(char *) files;   /* every file read, in order (for dependency lists) */
    struct loc end;      /* the end of the top-level file */
};

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by store.c and store_log.c (not part of the API). */
#ifndef STORE_UTIL_H
#define STORE_UTIL_H

#include "store_format.h"

#define cpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define zero(d, n) __builtin_memset((d), 0, (n))

int st_rd(struct store *s, unsigned long sector, unsigned n);
int st_wr(struct store *s, unsigned long sector, unsigned n);
int st_flush(struct store *s);
uint32_t st_hash(const struct store_name *n);
uint32_t st_seed(uint64_t id, uint32_t gen);
uint32_t st_rec_crc(struct rec *r);
void st_rec_fill(const struct store *s, struct rec *r, int type,
                 const struct store_name *n, uint32_t len, uint32_t dcrc);
int st_name_ok(const struct store_name *n);
int st_find(struct store *s, const struct store_name *n, int *at);
int st_index_put(struct store *s, const struct store_name *n, uint32_t sector, uint32_t len);
void st_index_drop(struct store *s, int at);
int st_write_sb(struct store *s, uint32_t slot, uint32_t gen, uint32_t region, uint32_t gen_hi);

/* store_mount.c: the log walk that mount and check share. */
struct scan {
    uint32_t pos, seq, prev;         /* where the log ends, what comes next */
    uint32_t records, bytes;
    int corrupt;                     /* a bad record with more log after it */
    uint32_t bad_at;
};
int st_rec_sane(const struct store *s, const struct rec *r);
int st_data_crc(struct store *s, uint32_t pos, uint32_t len, uint32_t *crc);
int st_scan(struct store *s, struct scan *sc, int apply);
enum { SB_VALID, SB_BLANK, SB_FOREIGN, SB_DAMAGED };
int st_sb_parse(const unsigned char *sec, struct sb *b, unsigned long dev_sectors);
/* store_read.c: an index entry's record checks out (small ones whole). */
int st_verify(struct store *s, const struct store_entry *e);
#endif

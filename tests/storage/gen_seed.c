/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes a real store image (a few keys, a streamed value, a compaction)
 * for the fuzzer's corpus: gen_seed FILE. */
#include <stdio.h>
#include <string.h>
#include "memdev.h"

static unsigned char disk[100 * STORE_SECTOR];

int main(int argc, char **argv)
{
    static struct memdev md;
    static struct store st;
    static unsigned char big[3000];
    struct store_name n;
    if (argc != 2)
        return fprintf(stderr, "usage: gen_seed FILE\n"), 1;
    memdev_init(&md, disk, 100);
    st.dev = &md.dev;
    store_format(&st, 42);
    for (int i = 0; i < 30; i++) {
        char k[16], v[16];
        snprintf(k, sizeof k, "k%d", i % 5);
        snprintf(v, sizeof v, "v%d", i);
        store_name_set(&n, "t", k);
        store_write(&st, &n, v, (uint32_t)strlen(v));
    }
    store_name_set(&n, "t", "big");
    memset(big, 'b', sizeof big);
    store_write(&st, &n, big, sizeof big);
    store_name_set(&n, "t", "k1");
    store_delete(&st, &n);
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(disk, 1, sizeof disk, f) != sizeof disk || fclose(f))
        return perror(argv[1]), 1;
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* bench: the platform's figures seen from an application (make bench,
 * tests/systems/apps-bench.sh): the retired-instruction count at main's
 * first instruction (the process manager keeps the count at which it got
 * `start`: app_start is the difference), and the instructions of an SDK
 * call the runtime answers at once (ping), averaged over many; and a
 * durable key-value write of 64 bytes (the runtime's call to storage, the
 * record and the flush on the disk), the mean of RUNS. */
#include <sdk.h>

#define CALLS 1000
#define RUNS 21

static inline uint64_t instret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* The mean instructions of a 64-byte sdk_kv_write that replaces a value
 * (the key "bench" is left for the next run to overwrite); *err: the
 * last call's error. */
static uint64_t kv_write(int *err)
{
    static const uint8_t value[64];
    *err = sdk_kv_write("bench", value, sizeof value);   /* the shared page, the key */
    uint64_t a = instret();
    for (int i = 0; i < RUNS && !*err; i++)
        *err = sdk_kv_write("bench", value, sizeof value);
    return (instret() - a) / RUNS;
}

int main(void)
{
    uint64_t at = instret();
    uint64_t a = instret();
    for (int i = 0; i < CALLS; i++)
        sdk_ping();
    uint64_t b = instret();
    for (int i = 0; i < CALLS; i++)
        __asm__ volatile("" ::: "memory");   /* the loop alone */
    uint64_t c = instret();
    sdk_printf("bench: main at instret %lu\n", (unsigned long)at);
    sdk_printf("sdk_call_roundtrip %lu instructions\n",
               (unsigned long)((b - a) - (c - b)) / CALLS);
    int e = 0;
    uint64_t w = kv_write(&e);
    sdk_printf(e ? "sdk_kv_write_durable: error %lu\n" : "sdk_kv_write_durable %lu instructions\n",
               e ? (unsigned long)e : (unsigned long)w);
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* bench: the platform's figures seen from an application (make bench,
 * tests/systems/apps-bench.sh): the retired-instruction count at main's
 * first instruction (the process manager keeps the count at which it got
 * `start`: app_start is the difference), and the instructions of an SDK
 * call the runtime answers at once (ping), averaged over many. */
#include <sdk.h>

#define CALLS 1000

static inline uint64_t instret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
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
    return 0;
}

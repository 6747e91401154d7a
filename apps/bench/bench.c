/* bench: the platform's figures seen from an application (make bench,
 * tests/systems/apps-bench.sh): the retired-instruction count at main's
 * first instruction (the process manager keeps the count at which it got
 * `start`: app_start is the difference), and the instructions of an SDK
 * call the runtime answers at once (ping), averaged over many; and a
 * durable key-value write of 64 bytes (the runtime's call to storage, the
 * record and the flush on the disk), the median of RUNS. */
#include <sdk.h>

#define CALLS 1000
#define RUNS 21

static inline uint64_t instret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* The median instructions of a 64-byte sdk_kv_write; 0 if one failed. */
static uint64_t kv_write(int *err)
{
    static const uint8_t value[64];
    uint64_t v[RUNS];
    for (int i = 0; i < RUNS; i++) {
        uint64_t a = instret();
        *err = sdk_kv_write("bench", value, sizeof value);
        v[i] = instret() - a;
        if (*err)
            return 0;
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    }
    sdk_kv_delete("bench");
    return v[RUNS / 2];
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
    int e;
    uint64_t w = kv_write(&e);
    if (e)
        sdk_printf("sdk_kv_write_durable: %s\n", sdk_strerror(e));
    else
        sdk_printf("sdk_kv_write_durable %lu instructions\n", (unsigned long)w);
    return 0;
}

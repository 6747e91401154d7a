/* SPDX-License-Identifier: BSD-2-Clause */
/* fibonacci: prints one term of the sequence, sleeps half a second, and
 * again, until stopped; after fib(93), the last that fits 64 bits, it
 * starts over. */
#include <sdk.h>

#define LAST 93
#define PAUSE_NS 500000000ull

int main(void)
{
    uint64_t a = 0, b = 1;
    for (unsigned n = 0;; n++) {
        if (n > LAST) {
            n = 0;
            a = 0;
            b = 1;
        }
        sdk_printf("fib(%u) = %lu\n", n, (unsigned long)a);
        uint64_t next = a + b;
        a = b;
        b = next;
        int e = sdk_sleep(PAUSE_NS);
        if (e) {
            sdk_log(SDK_ERROR, "sleep: %s\n", sdk_strerror(e));
            return 1;
        }
    }
}

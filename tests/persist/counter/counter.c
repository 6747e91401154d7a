/* SPDX-License-Identifier: BSD-2-Clause */
/* counter: a test application that is not in the boot archive (the
 * persist suite uploads it): counts its runs in the key "runs" of its
 * key-value namespace, which lives on the disk, and logs the count. */
#include <sdk.h>

int main(void)
{
    uint64_t runs = 0;
    size_t len = 0;
    int e = sdk_kv_read("runs", &runs, sizeof runs, &len);
    if (e && e != MT_SDK_NO_SUCH_KEY)
        return sdk_log(SDK_ERROR, "read runs: %s\n", sdk_strerror(e)), 1;
    if (!e && len != sizeof runs)
        return sdk_log(SDK_ERROR, "runs holds %lu bytes\n", (unsigned long)len), 1;
    runs = e ? 1 : runs + 1;
    e = sdk_kv_write("runs", &runs, sizeof runs);
    if (e)
        return sdk_log(SDK_ERROR, "write runs: %s\n", sdk_strerror(e)), 1;
    sdk_printf("counter: run %lu\n", (unsigned long)runs);
    return 0;
}

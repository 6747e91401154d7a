/* SPDX-License-Identifier: BSD-2-Clause */
/* keyval: writes two values (a short one and a full 4 KiB page), reads
 * them back and compares, deletes them, checks they are gone, and
 * reports.  Its two 4 KiB buffers come from sdk_malloc; freed, they merge
 * into one block that a larger allocation reuses without the heap growing.
 * Exit code: 0 when every step did what it should. */
#include <sdk.h>

static uint8_t *big, *back;

static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Write, read back, compare, delete, read again (must be absent). */
static int round_trip(const char *key, const uint8_t *value, size_t len)
{
    size_t got;
    int e = sdk_kv_write(key, value, len);
    if (e)
        return sdk_log(SDK_ERROR, "write %s: %s\n", key, sdk_strerror(e)), 1;
    e = sdk_kv_read(key, back, MT_SDK_VALUE_MAX, &got);
    if (e || got != len || !same(value, back, len))
        return sdk_log(SDK_ERROR, "read %s: %s, %lu bytes\n", key, sdk_strerror(e),
                       (unsigned long)got), 1;
    e = sdk_kv_delete(key);
    if (e)
        return sdk_log(SDK_ERROR, "delete %s: %s\n", key, sdk_strerror(e)), 1;
    e = sdk_kv_read(key, back, MT_SDK_VALUE_MAX, &got);
    if (e != MT_SDK_NO_SUCH_KEY)
        return sdk_log(SDK_ERROR, "%s still there after delete: %s\n", key, sdk_strerror(e)), 1;
    sdk_printf("%s: %lu bytes written, read back, deleted\n", key, (unsigned long)len);
    return 0;
}

/* The freed buffers merge: 8000 bytes fit where the two 4 KiB ones were. */
static int reuse(void)
{
    uintptr_t lo = (uintptr_t)(big < back ? big : back);
    uintptr_t hi = (uintptr_t)(big < back ? back : big) + MT_SDK_VALUE_MAX;
    sdk_free(big);
    sdk_free(back);
    uint8_t *p = sdk_malloc(8000);
    int ok = p && (uintptr_t)p >= lo - 4096 && (uintptr_t)p + 8000 <= hi;
    if (!ok)
        sdk_log(SDK_ERROR, "malloc did not reuse the freed blocks: %p\n", (void *)p);
    sdk_free(p);
    return !ok;
}

int main(void)
{
    static const char hello[] = "hello, storage";
    big = sdk_malloc(MT_SDK_VALUE_MAX);
    back = sdk_malloc(MT_SDK_VALUE_MAX);
    if (!big || !back)
        return sdk_log(SDK_ERROR, "malloc: %s\n", sdk_strerror(MT_NOT_ENOUGH_MEMORY)), 1;
    for (size_t i = 0; i < MT_SDK_VALUE_MAX; i++)
        big[i] = (uint8_t)(i * 7 + 3);
    int bad = round_trip("greeting", (const uint8_t *)hello, sizeof hello - 1);
    bad |= round_trip("a-full-page", big, MT_SDK_VALUE_MAX);
    bad |= reuse();
    sdk_printf("keyval: %s\n", bad ? "FAILED" : "all steps passed");
    return bad;
}

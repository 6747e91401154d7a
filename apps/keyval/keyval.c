/* keyval: writes two values (a short one and a full 4 KiB page), reads
 * them back and compares, deletes them, checks they are gone, and
 * reports.  Exit code: 0 when every step did what it should. */
#include <sdk.h>

static uint8_t big[MT_SDK_VALUE_MAX], back[MT_SDK_VALUE_MAX];

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
    e = sdk_kv_read(key, back, sizeof back, &got);
    if (e || got != len || !same(value, back, len))
        return sdk_log(SDK_ERROR, "read %s: %s, %lu bytes\n", key, sdk_strerror(e),
                       (unsigned long)got), 1;
    e = sdk_kv_delete(key);
    if (e)
        return sdk_log(SDK_ERROR, "delete %s: %s\n", key, sdk_strerror(e)), 1;
    e = sdk_kv_read(key, back, sizeof back, &got);
    if (e != MT_SDK_NO_SUCH_KEY)
        return sdk_log(SDK_ERROR, "%s still there after delete: %s\n", key, sdk_strerror(e)), 1;
    sdk_printf("%s: %lu bytes written, read back, deleted\n", key, (unsigned long)len);
    return 0;
}

int main(void)
{
    static const char hello[] = "hello, storage";
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7 + 3);
    int bad = round_trip("greeting", (const uint8_t *)hello, sizeof hello - 1);
    bad |= round_trip("a-full-page", big, sizeof big);
    sdk_printf("keyval: %s\n", bad ? "FAILED" : "all steps passed");
    return bad;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* Key-value storage: the key in message registers, the value in the
 * shared page the runtime maps on the first request for it. */
#include <libmote/string.h>

#include "sdk_int.h"

static uint8_t *shared;  /* the shared page, once mapped */

static int shared_page(void)
{
    if (shared)
        return MT_OK;
    int e = sdk_call(MT_SDK_SHARED_PAGE, 0, 1);
    if (!e)
        shared = (uint8_t *)*sdk_mr(0);
    return e;
}

/* After the shared page (its request uses the message registers too):
 * MR0 = the key's length, the key's bytes from MR[key_mr] on.  *mrs = the
 * message length so far. */
static int prepare(const char *key, int key_mr, unsigned *mrs)
{
    size_t n = strlen(key);
    if (n == 0 || n > MT_SDK_KEY_MAX)
        return MT_INVALID_ARGUMENT;
    int e = shared_page();
    if (e)
        return e;
    *sdk_mr(0) = n;
    memcpy(sdk_mr(key_mr), key, n);
    *mrs = (unsigned)(key_mr + (n + MT_WORD_BYTES - 1) / MT_WORD_BYTES);
    return MT_OK;
}

int sdk_kv_read(const char *key, void *buf, size_t size, size_t *len)
{
    unsigned mrs;
    int e = prepare(key, 1, &mrs);
    if (!e)
        e = sdk_call(MT_SDK_KV_READ, mrs, 1);
    if (!e && *sdk_mr(0) > MT_SDK_VALUE_MAX)
        e = MT_TRUNCATED_MESSAGE;
    *len = e ? 0 : *sdk_mr(0);
    if (!e)
        memcpy(buf, shared, *len < size ? *len : size);
    return e;
}

int sdk_kv_write(const char *key, const void *value, size_t len)
{
    if (len > MT_SDK_VALUE_MAX)
        return MT_RANGE_ERROR;
    unsigned mrs;
    int e = prepare(key, 2, &mrs);
    if (e)
        return e;
    memcpy(shared, value, len);
    *sdk_mr(1) = len;
    return sdk_call(MT_SDK_KV_WRITE, mrs, 0);
}

int sdk_kv_delete(const char *key)
{
    unsigned mrs;
    int e = prepare(key, 1, &mrs);
    return e ? e : sdk_call(MT_SDK_KV_DELETE, mrs, 0);
}

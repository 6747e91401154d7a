/* SPDX-License-Identifier: BSD-2-Clause */
/* The builtin bundles: an image in QEMU virt's second flash bank (built
 * by mkflash, <mote/bundle.h>), mapped read-only as device memory through
 * the `flash` dataport (after the loader's page: <mote/bundle.h>), so
 * they take no RAM until one is installed.  The
 * flash is untrusted input: the image is checked when first asked for,
 * and every entry again as it is read (lib/bundle/flash.c); each bundle
 * goes through mt_bundle_check at install.  Without a flash drive (or with
 * anything else in it) there are no builtins, and why() says so. */
#include <libmote/string.h>
#include "pm.h"

#define IMAGE ((const uint8_t *)MT_VADDR_flash + MT_FLASH_IMAGE_OFFSET)
#define IMAGE_ROOM (MT_SIZE_flash - MT_FLASH_IMAGE_OFFSET)
_Static_assert(MT_SIZE_flash > MT_FLASH_IMAGE_OFFSET, "the flash window holds the image");

static int checked = -1;   /* mt_flash_check's verdict; -1: not yet asked */
static unsigned count;

/* MT_FLASH_OK and the image's bundle count, or why there are none. */
static int image(unsigned *n)
{
    if (checked < 0)
        checked = mt_flash_check(IMAGE, IMAGE_ROOM, &count);
    *n = count;
    return checked;
}

const char *builtins_why(void)
{
    unsigned n;
    int e = image(&n);
    return e ? mt_flash_strerror(e) : "the flash image lists none";
}

int builtin_get(unsigned i, struct mt_flash_bundle *b)
{
    unsigned n;
    int e = image(&n);
    return e ? e : i < n ? mt_flash_get(IMAGE, IMAGE_ROOM, i, b) : MT_FLASH_BAD_COUNT;
}

int builtin_find(const char *name, struct mt_flash_bundle *b)
{
    unsigned n;
    image(&n);
    for (unsigned i = 0; i < n; i++)
        if (!builtin_get(i, b) && !strcmp(b->name, name))
            return 1;
    return 0;
}

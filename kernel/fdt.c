/* Just enough of the flattened device tree to find RAM: the reg property
 * of the first /memory node (two address cells, two size cells on virt). */
#include "kernel.h"
#include "boot.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool prefix(const char *s, const char *p)
{
    while (*p)
        if (*s++ != *p++)
            return false;
    return *s == '\0' || *s == '@';
}

bool fdt_find_memory(paddr_t dtb, paddr_t *base, word_t *size)
{
    const uint8_t *fdt = phys_to_virt(dtb);
    if (be32(fdt) != FDT_MAGIC)
        return false;
    const uint8_t *p = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    int depth = 0, memory_depth = -1;
    for (;;) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            depth++;
            if (depth == 2 && prefix(name, "memory"))
                memory_depth = depth;
            size_t len = 0;
            while (name[len])
                len++;
            p += ALIGN_UP(len + 1, 4);
        } else if (tok == FDT_END_NODE) {
            depth--;
        } else if (tok == FDT_PROP) {
            uint32_t len = be32(p), nameoff = be32(p + 4);
            const uint8_t *val = p + 8;
            const char *pname = strings + nameoff;
            if (depth == memory_depth && prefix(pname, "reg") && len >= 16) {
                *base = (word_t)be32(val) << 32 | be32(val + 4);
                *size = (word_t)be32(val + 8) << 32 | be32(val + 12);
                return true;
            }
            p += 8 + ALIGN_UP(len, 4);
        } else if (tok != FDT_NOP) {
            return false;
        }
    }
}

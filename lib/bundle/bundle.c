/* SPDX-License-Identifier: BSD-2-Clause */
/* Bundle validation, part one: the container, the manifest trailer and the
 * ELF header.  Every read goes through rd*(), after a bounds check against
 * the bundle's size; multi-byte fields are assembled little-endian byte by
 * byte, so the code needs no alignment and no memcpy. */
#include <stddef.h>

#include "bundle.h"
#include "bundle_int.h"

_Static_assert(offsetof(struct mt_bundle_manifest, checksum) == MT_BUNDLE_CHECKSUM_OFFSET,
               "checksum offset");
_Static_assert(offsetof(struct mt_bundle_manifest, name) == 24, "name offset");

uint64_t mt_bundle_rd(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i > 0; i--)
        v = v << 8 | p[i - 1];
    return v;
}

uint32_t mt_bundle_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = crc >> 1 ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

uint32_t mt_bundle_checksum(const uint8_t *data, size_t size)
{
    static const uint8_t zero[4];
    size_t at = size - sizeof(struct mt_bundle_manifest) + MT_BUNDLE_CHECKSUM_OFFSET;
    uint32_t crc = mt_bundle_crc32(0, data, at);
    crc = mt_bundle_crc32(crc, zero, 4);
    return mt_bundle_crc32(crc, data + at + 4, size - at - 4);
}

/* The trailer's own framing: magic, version, size, where the ELF ends,
 * zero padding and reserved fields, the checksum. */
static int check_frame(const uint8_t *data, size_t size, const uint8_t *m, uint64_t *elf_bytes,
                       int crc)
{
    size_t trailer = size - sizeof(struct mt_bundle_manifest);
    if (RD64(m, 0) != MT_BUNDLE_MAGIC)
        return MT_BUNDLE_BAD_MAGIC;
    if (RD32(m, 8) != MT_BUNDLE_VERSION)
        return MT_BUNDLE_BAD_VERSION;
    if (RD32(m, 12) != sizeof(struct mt_bundle_manifest))
        return MT_BUNDLE_BAD_MANIFEST_SIZE;
    *elf_bytes = RD64(m, 16);
    /* The ELF ends at most 7 bytes before the trailer, which is 8-aligned. */
    if (trailer % 8 || *elf_bytes > trailer || trailer - *elf_bytes > 7)
        return MT_BUNDLE_BAD_ELF_SIZE;
    for (size_t i = (size_t)*elf_bytes; i < trailer; i++)
        if (data[i])
            return MT_BUNDLE_BAD_PADDING;
    if (RD32(m, 76) || RD32(m, 84))
        return MT_BUNDLE_BAD_PADDING;
    if (crc && RD32(m, MT_BUNDLE_CHECKSUM_OFFSET) != mt_bundle_checksum(data, size))
        return MT_BUNDLE_BAD_CHECKSUM;
    return MT_BUNDLE_OK;
}

/* [a-z][a-z0-9_-]*, NUL-terminated, zero after the NUL: a name prints
 * safely on any console and names a key-value namespace unambiguously. */
int mt_bundle_check_name(const uint8_t *n, char *out)
{
    unsigned len = 0;
    while (len < MT_BUNDLE_NAME_MAX && n[len])
        len++;
    if (len == 0 || len == MT_BUNDLE_NAME_MAX || n[0] < 'a' || n[0] > 'z')
        return MT_BUNDLE_BAD_NAME;
    for (unsigned i = 0; i < MT_BUNDLE_NAME_MAX; i++) {
        uint8_t c = n[i];
        int ok = i < len ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           c == '_' || c == '-'
                         : c == 0;
        if (!ok)
            return MT_BUNDLE_BAD_NAME;
        out[i] = (char)c;
    }
    return MT_BUNDLE_OK;
}

/* The manifest's values, each against its range. */
static int check_fields(const uint8_t *m, struct mt_bundle_plan *plan)
{
    int e = mt_bundle_check_name(m + 24, plan->name);
    if (e)
        return e;
    plan->app_version = RD32(m, 56);
    plan->priority = RD32(m, 60);
    plan->quota_bytes = RD64(m, 64);
    plan->stack_bytes = RD32(m, 72);
    if (plan->priority < MT_APP_PRIORITY_MIN || plan->priority > MT_APP_PRIORITY_MAX)
        return plan->error_value = plan->priority, MT_BUNDLE_BAD_PRIORITY;
    if (plan->stack_bytes < MT_APP_STACK_MIN || plan->stack_bytes > MT_APP_STACK_MAX ||
        plan->stack_bytes % MT_APP_IPC_BUFFER_BYTES)
        return plan->error_value = plan->stack_bytes, MT_BUNDLE_BAD_STACK;
    if (plan->quota_bytes == 0 || plan->quota_bytes > MT_APP_QUOTA_MAX)
        return plan->error_value = plan->quota_bytes, MT_BUNDLE_BAD_QUOTA;
    return MT_BUNDLE_OK;
}

/* The ELF header: a static little-endian rv64 lp64 executable whose
 * program headers lie inside the ELF. */
static int check_ehdr(const uint8_t *e, uint64_t elf_bytes, struct mt_elf *elf)
{
    if (elf_bytes < EHDR_SIZE || RD32(e, 0) != ELF_MAGIC)
        return MT_BUNDLE_NOT_ELF;
    if (e[4] != ELFCLASS64)
        return MT_BUNDLE_BAD_CLASS;
    if (e[5] != ELFDATA2LSB)
        return MT_BUNDLE_BAD_ENDIAN;
    if (e[6] != EV_CURRENT || RD32(e, 20) != EV_CURRENT)
        return MT_BUNDLE_BAD_ELF_VERSION;
    if (RD16(e, 16) != ET_EXEC)
        return MT_BUNDLE_BAD_TYPE;
    if (RD16(e, 18) != EM_RISCV)
        return MT_BUNDLE_BAD_MACHINE;
    if (RD32(e, 48) & (EF_RISCV_FLOAT_ABI | EF_RISCV_RVE))
        return MT_BUNDLE_BAD_ABI;
    elf->entry = RD64(e, 24);
    elf->phoff = RD64(e, 32);
    elf->phnum = RD16(e, 56);
    if (RD16(e, 52) != EHDR_SIZE || RD16(e, 54) != PHDR_SIZE || elf->phnum == 0 ||
        elf->phnum > MT_BUNDLE_MAX_PHDRS || elf->phoff > elf_bytes ||
        (uint64_t)elf->phnum * PHDR_SIZE > elf_bytes - elf->phoff)
        return MT_BUNDLE_BAD_PHDRS;
    elf->bytes = elf_bytes;
    return MT_BUNDLE_OK;
}

static int check(const uint8_t *data, size_t size, struct mt_bundle_plan *plan, int crc)
{
    *plan = (struct mt_bundle_plan){ .error_phdr = -1 };
    if (size < sizeof(struct mt_bundle_manifest) + EHDR_SIZE)
        return MT_BUNDLE_TOO_SMALL;
    if (size > MT_BUNDLE_MAX_BYTES)
        return MT_BUNDLE_TOO_BIG;
    const uint8_t *m = data + size - sizeof(struct mt_bundle_manifest);
    struct mt_elf elf = { .data = data };
    int e = check_frame(data, size, m, &elf.bytes, crc);
    if (!e)
        e = check_fields(m, plan);
    if (!e)
        e = check_ehdr(data, elf.bytes, &elf);
    if (!e)
        e = mt_bundle_plan(&elf, plan);
    return e;
}

int mt_bundle_check(const uint8_t *data, size_t size, struct mt_bundle_plan *plan)
{
    return check(data, size, plan, 1);
}

int mt_bundle_replan(const uint8_t *data, size_t size, struct mt_bundle_plan *plan)
{
    return check(data, size, plan, 0);
}

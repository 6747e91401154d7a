/* SPDX-License-Identifier: BSD-2-Clause */
/* The bundle validator (lib/bundle): every way a bundle can be wrong is
 * refused with its own code, the real applications built by `make apps`
 * are accepted, and hello's plan is checked against the layout worked out
 * by hand (docs/APPS.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "bundle.h"
#include "test_flash.h"

#define M_SIZE sizeof(struct mt_bundle_manifest)
#define ELF_SIZE 0xa10u

static uint8_t b[ELF_SIZE + 0x1000];
static size_t size;
static struct mt_bundle_plan plan;

static void put(size_t off, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        b[off + i] = (uint8_t)(v >> (8 * i));
}

/* Program header i, field at byte off. */
static void ph(int i, size_t off, uint64_t v, unsigned bytes) { put(64 + 56 * (size_t)i + off, v, bytes); }
static void ph_set(int i, uint32_t type, uint32_t flags, uint64_t offset, uint64_t vaddr,
                   uint64_t filesz, uint64_t memsz)
{
    ph(i, 0, type, 4);
    ph(i, 4, flags, 4);
    ph(i, 8, offset, 8);
    ph(i, 16, vaddr, 8);
    ph(i, 24, vaddr, 8);
    ph(i, 32, filesz, 8);
    ph(i, 40, memsz, 8);
    ph(i, 48, 0x1000, 8);
}

/* Manifest field at byte off of the trailer. */
static void man(size_t off, uint64_t v, unsigned bytes) { put(size - M_SIZE + off, v, bytes); }

static void seal(void) { man(MT_BUNDLE_CHECKSUM_OFFSET, mt_bundle_checksum(b, size), 4); }

/* What the SDK makes: code RX at the window's base with the headers, data
 * RW at 0x202a00 with 2 KiB of stack and the IPC buffer below it. */
static int setup(void **state)
{
    (void)state;
    memset(b, 0, sizeof b);
    memcpy(b, "\177ELF\2\1\1", 7);
    put(16, 2, 2);            /* ET_EXEC */
    put(18, 243, 2);          /* EM_RISCV */
    put(20, 1, 4);
    put(24, 0x200100, 8);     /* entry */
    put(32, 64, 8);           /* phoff */
    put(48, 1, 4);            /* EF_RISCV_RVC */
    put(52, 64, 2);
    put(54, 56, 2);
    put(56, 2, 2);
    ph_set(0, 1, 5, 0, 0x200000, 0x200, 0x200);
    ph_set(1, 1, 6, 0xa00, 0x202a00, 0x10, 0x40);
    size = ELF_SIZE + M_SIZE;
    man(0, MT_BUNDLE_MAGIC, 8);
    man(8, MT_BUNDLE_VERSION, 4);
    man(12, M_SIZE, 4);
    man(16, ELF_SIZE, 8);
    memcpy(b + size - M_SIZE + 24, "test", 4);
    man(56, MT_APP_VERSION(1, 2, 3), 4);
    man(60, 50, 4);
    man(64, 24576, 8);
    man(72, 2048, 4);
    seal();
    return 0;
}

static int check(void) { return mt_bundle_check(b, size, &plan); }
/* Seals the change first, so the check gets past the checksum. */
#define EXPECT(code) do { seal(); assert_int_equal(check(), (code)); } while (0)

static void test_valid_synthetic(void **state)
{
    (void)state;
    assert_int_equal(check(), MT_BUNDLE_OK);
    assert_string_equal(plan.name, "test");
    assert_int_equal(plan.app_version, 0x01020003);
    assert_int_equal(plan.mapping_count, 2);
    assert_int_equal(plan.map[0].vaddr, 0x200000);
    assert_int_equal(plan.map[0].in_place, 1);
    assert_int_equal(plan.map[0].perms, MT_VM_READ | MT_VM_EXEC);
    assert_int_equal(plan.map[1].vaddr, 0x202000);
    assert_int_equal(plan.map[1].pages, 1);
    assert_int_equal(plan.map[1].in_place, 0);
    assert_int_equal(plan.map[1].copy_vaddr, 0x202a00);
    assert_int_equal(plan.map[1].copy_bytes, 0x10);
    assert_int_equal(plan.map[1].file_offset, 0xa00);
    assert_int_equal(plan.stack_bottom, 0x202000);
    assert_int_equal(plan.ipc_buffer, 0x202800);
    assert_int_equal(plan.stack_top, 0x202800);
    assert_int_equal(plan.shared_page, 0x203000);
    assert_int_equal(plan.heap_base, 0x204000);
    assert_int_equal(plan.page_tables, 2);
    assert_int_equal(plan.need_bytes, 512 + 128 + 4096 + 2 * 4096 + 4096);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t whole = size;
    size = 100;
    assert_int_equal(check(), MT_BUNDLE_TOO_SMALL);
    size = whole - 8;              /* the trailer is no longer at the end */
    assert_int_equal(check(), MT_BUNDLE_BAD_MAGIC);
    /* Every shorter prefix is refused, none read out of bounds (ASan in
     * make fuzz; here: no crash, never OK). */
    for (size = 0; size < whole; size++)
        assert_int_not_equal(check(), MT_BUNDLE_OK);
}

static void test_too_big(void **state)
{
    (void)state;
    size_t n = MT_BUNDLE_MAX_BYTES + 8;
    uint8_t *big = calloc(1, n);
    assert_non_null(big);
    assert_int_equal(mt_bundle_check(big, n, &plan), MT_BUNDLE_TOO_BIG);
    free(big);
}

static void test_framing(void **state)
{
    (void)state;
    man(0, MT_BUNDLE_MAGIC ^ 1, 8);
    EXPECT(MT_BUNDLE_BAD_MAGIC);
    setup(NULL);
    man(8, 2, 4);
    EXPECT(MT_BUNDLE_BAD_VERSION);
    setup(NULL);
    man(12, 96, 4);
    EXPECT(MT_BUNDLE_BAD_MANIFEST_SIZE);
    setup(NULL);
    man(16, ELF_SIZE + 1, 8);
    EXPECT(MT_BUNDLE_BAD_ELF_SIZE);
    man(16, ELF_SIZE - 8, 8);
    EXPECT(MT_BUNDLE_BAD_ELF_SIZE);
    man(16, ELF_SIZE - 1, 8);      /* one byte of padding, not zero */
    b[ELF_SIZE - 1] = 0xff;
    EXPECT(MT_BUNDLE_BAD_PADDING);
    setup(NULL);
    man(76, 1, 4);
    EXPECT(MT_BUNDLE_BAD_PADDING);
    setup(NULL);
    man(84, 1, 4);
    EXPECT(MT_BUNDLE_BAD_PADDING);
    setup(NULL);
    b[0x100] ^= 1;                 /* a flipped bit, checksum not redone */
    assert_int_equal(check(), MT_BUNDLE_BAD_CHECKSUM);
}

static void set_name(const char *s, size_t n)
{
    memset(b + size - M_SIZE + 24, 0, MT_BUNDLE_NAME_MAX);
    memcpy(b + size - M_SIZE + 24, s, n);
}

static void test_manifest_garbage(void **state)
{
    (void)state;
    static const struct { const char *s; size_t n; } bad[] = {
        { "", 0 }, { "Hello", 5 }, { "9lives", 6 }, { "a b", 3 }, { "tab\t", 4 },
        { "x\0y", 3 }, { "\xff", 1 }, { "abcdefghijklmnopqrstuvwxyzabcdef", 32 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set_name(bad[i].s, bad[i].n);
        EXPECT(MT_BUNDLE_BAD_NAME);
    }
    set_name("abcdefghijklmnopqrstuvwxyz-_012", 31);
    EXPECT(MT_BUNDLE_OK);
    man(60, 0, 4);
    EXPECT(MT_BUNDLE_BAD_PRIORITY);
    man(60, 100, 4);
    EXPECT(MT_BUNDLE_BAD_PRIORITY);
    man(60, 50, 4);
    static const uint32_t stacks[] = { 0, 512, 1000, 2049, 2 << 20, 0xffffffff };
    for (size_t i = 0; i < sizeof stacks / sizeof stacks[0]; i++) {
        man(72, stacks[i], 4);
        EXPECT(MT_BUNDLE_BAD_STACK);
    }
    man(72, 2048, 4);
    man(64, 0, 8);
    EXPECT(MT_BUNDLE_BAD_QUOTA);
    man(64, (256ull << 20) + 1, 8);
    EXPECT(MT_BUNDLE_BAD_QUOTA);
    man(64, ~0ull, 8);
    EXPECT(MT_BUNDLE_BAD_QUOTA);
}

static void test_elf_header(void **state)
{
    (void)state;
    b[1] = 'X';
    EXPECT(MT_BUNDLE_NOT_ELF);
    setup(NULL);
    b[4] = 1;                       /* ELFCLASS32 */
    EXPECT(MT_BUNDLE_BAD_CLASS);
    setup(NULL);
    b[5] = 2;                       /* big-endian */
    EXPECT(MT_BUNDLE_BAD_ENDIAN);
    setup(NULL);
    put(20, 2, 4);
    EXPECT(MT_BUNDLE_BAD_ELF_VERSION);
    setup(NULL);
    put(16, 3, 2);                  /* ET_DYN */
    EXPECT(MT_BUNDLE_BAD_TYPE);
    setup(NULL);
    put(18, 62, 2);                 /* EM_X86_64 */
    EXPECT(MT_BUNDLE_BAD_MACHINE);
    setup(NULL);
    put(48, 1 | 4, 4);              /* lp64d */
    EXPECT(MT_BUNDLE_BAD_ABI);
    put(48, 1 | 8, 4);              /* RVE */
    EXPECT(MT_BUNDLE_BAD_ABI);
}

static void test_phdr_table(void **state)
{
    (void)state;
    put(54, 64, 2);
    EXPECT(MT_BUNDLE_BAD_PHDRS);
    setup(NULL);
    put(56, 0, 2);
    EXPECT(MT_BUNDLE_BAD_PHDRS);
    put(56, MT_BUNDLE_MAX_PHDRS + 1, 2);
    EXPECT(MT_BUNDLE_BAD_PHDRS);
    setup(NULL);
    put(32, ELF_SIZE - 56, 8);      /* two headers from here pass the end */
    EXPECT(MT_BUNDLE_BAD_PHDRS);
    put(32, ~0ull - 8, 8);          /* phoff + size would wrap */
    EXPECT(MT_BUNDLE_BAD_PHDRS);
    setup(NULL);
    put(52, 52, 2);                 /* e_ehsize of ELF32 */
    EXPECT(MT_BUNDLE_BAD_PHDRS);
}

static void test_segment_kinds(void **state)
{
    (void)state;
    put(56, 3, 2);
    ph_set(2, 3, 4, 0x100, 0, 0x10, 0x10);   /* PT_INTERP */
    EXPECT(MT_BUNDLE_DYNAMIC);
    assert_int_equal(plan.error_phdr, 2);
    ph(2, 0, 2, 4);                          /* PT_DYNAMIC */
    EXPECT(MT_BUNDLE_DYNAMIC);
    ph(2, 0, 7, 4);                          /* PT_TLS */
    EXPECT(MT_BUNDLE_TLS);
    ph(2, 0, 0x6474e551, 4);                 /* PT_GNU_STACK: ignored */
    EXPECT(MT_BUNDLE_OK);
    ph(2, 0, 1, 4);                          /* an empty PT_LOAD: ignored */
    ph(2, 32, 0, 8);
    ph(2, 40, 0, 8);
    EXPECT(MT_BUNDLE_OK);
    ph(2, 32, 1, 8);                         /* ... unless it has file bytes */
    EXPECT(MT_BUNDLE_FILESZ_OVER_MEMSZ);
    setup(NULL);
    ph(0, 0, 4, 4);                          /* both notes: nothing to load */
    ph(1, 0, 4, 4);
    EXPECT(MT_BUNDLE_NO_SEGMENTS);
    setup(NULL);
    put(56, 5, 2);
    for (int i = 2; i < 5; i++)
        ph_set(i, 1, 4, 0, 0x210000 + 0x1000 * (uint64_t)i, 0, 0x10);
    EXPECT(MT_BUNDLE_TOO_MANY_SEGMENTS);
}

static void test_segment_ranges(void **state)
{
    (void)state;
    ph(1, 32, 0x41, 8);                       /* filesz > memsz */
    EXPECT(MT_BUNDLE_FILESZ_OVER_MEMSZ);
    setup(NULL);
    ph(1, 32, 0x11, 8);                       /* one byte past the ELF */
    ph(1, 40, 0x11, 8);
    EXPECT(MT_BUNDLE_SEGMENT_OUTSIDE_FILE);
    setup(NULL);
    ph(1, 8, ~0ull - 0xfff + 0xa00, 8);      /* offset + filesz wraps */
    EXPECT(MT_BUNDLE_SEGMENT_OUTSIDE_FILE);
    setup(NULL);
    ph(0, 16, 0x1ff000, 8);                   /* below the window */
    EXPECT(MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW);
    setup(NULL);
    ph(1, 16, MT_APP_WINDOW_TOP - 0x600, 8);  /* ends past the top */
    ph(1, 40, 0x601, 8);
    EXPECT(MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW);
    setup(NULL);
    ph(1, 40, ~0ull, 8);                      /* vaddr + memsz wraps */
    EXPECT(MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW);
    setup(NULL);
    ph(1, 16, 0xffffffffffffff00ull, 8);
    EXPECT(MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW);
    setup(NULL);
    ph(1, 8, 0x900, 8);                       /* offset 0x900 for vaddr ...a00 */
    EXPECT(MT_BUNDLE_NOT_CONGRUENT);
}

static void test_permissions(void **state)
{
    (void)state;
    ph(1, 4, 7, 4);                           /* RWX */
    EXPECT(MT_BUNDLE_WRITE_EXEC);
    ph(1, 4, 3, 4);                           /* WX */
    EXPECT(MT_BUNDLE_WRITE_EXEC);
    ph(1, 4, 2, 4);                           /* write without read */
    EXPECT(MT_BUNDLE_BAD_PERMISSIONS);
    ph(1, 4, 0, 4);
    EXPECT(MT_BUNDLE_BAD_PERMISSIONS);
    setup(NULL);
    ph(0, 4, 1, 4);                           /* execute-only */
    EXPECT(MT_BUNDLE_BAD_PERMISSIONS);
}

static void test_overlap(void **state)
{
    (void)state;
    put(56, 3, 2);                           /* rodata on the code's page */
    ph_set(2, 1, 4, 0x300, 0x200300, 0x10, 0x10);
    EXPECT(MT_BUNDLE_OVERLAP);
    assert_int_equal(plan.error_phdr, 2);
    ph_set(2, 1, 4, 0x100, 0x200100, 0x10, 0x10);  /* bytes overlap too */
    EXPECT(MT_BUNDLE_OVERLAP);
    ph_set(2, 1, 4, 0x0, 0x1ff0000 + 0x200000, 0x0, 0x10);
    ph(0, 40, 0x2000000, 8);                 /* code's zero fill covers it */
    EXPECT(MT_BUNDLE_OVERLAP);
}

static void test_entry(void **state)
{
    (void)state;
    put(24, 0x200200, 8);                    /* one past the code's bytes */
    EXPECT(MT_BUNDLE_BAD_ENTRY);
    put(24, 0x202a00, 8);                    /* in the data */
    EXPECT(MT_BUNDLE_BAD_ENTRY);
    put(24, 0x200101, 8);                    /* odd */
    EXPECT(MT_BUNDLE_BAD_ENTRY);
    put(24, 0x200000, 8);
    EXPECT(MT_BUNDLE_OK);
}

static void test_stack_place(void **state)
{
    (void)state;
    ph(1, 4, 4, 4);                          /* data read-only: no writable */
    EXPECT(MT_BUNDLE_NO_WRITABLE);
    setup(NULL);
    man(72, 1024, 4);                        /* the linker reserved 2 KiB */
    EXPECT(MT_BUNDLE_BAD_STACK_PLACE);
    man(72, 4096, 4);                        /* more than reserved: hits the code */
    EXPECT(MT_BUNDLE_BAD_STACK_PLACE);
    setup(NULL);
    ph(0, 40, 0x1001, 8);                    /* code's zero fill into the guard page */
    EXPECT(MT_BUNDLE_BAD_STACK_PLACE);
    assert_int_equal(plan.error_phdr, 0);
    ph(0, 40, 0x1000, 8);                    /* touching the guard page is fine */
    EXPECT(MT_BUNDLE_OK);
}

static void test_heap_room(void **state)
{
    (void)state;
    /* Data ending on the window's last page leaves no shared page. */
    uint64_t v = MT_APP_WINDOW_TOP - 0x600;
    ph(1, 16, v, 8);
    ph(1, 8, 0xa00, 8);
    ph(1, 40, 0x600, 8);
    EXPECT(MT_BUNDLE_NO_HEAP_ROOM);
}

static void test_quota(void **state)
{
    (void)state;
    man(64, 17023, 8);
    EXPECT(MT_BUNDLE_QUOTA_TOO_SMALL);
    assert_int_equal(plan.error_value, 17024);
    man(64, 17024, 8);
    EXPECT(MT_BUNDLE_OK);
    /* A segment in another 2 MiB region needs another level-0 table. */
    put(56, 3, 2);
    ph_set(2, 1, 4, 0x0, 0x400000, 0x10, 0x10);
    EXPECT(MT_BUNDLE_QUOTA_TOO_SMALL);
    assert_int_equal(plan.error_value, 17024 + 4096);
}

static void test_messages(void **state)
{
    (void)state;
    for (int i = 0; i < MT_BUNDLE_ERROR_COUNT; i++)
        for (int j = 0; j < i; j++)
            assert_string_not_equal(mt_bundle_strerror(i), mt_bundle_strerror(j));
    assert_string_equal(mt_bundle_strerror(-1), "unknown bundle error");
    assert_string_equal(mt_bundle_strerror(MT_BUNDLE_ERROR_COUNT), "unknown bundle error");
}

static void test_crc(void **state)
{
    (void)state;
    /* The standard check value of CRC-32/ISO-HDLC (zlib's crc32). */
    assert_int_equal(mt_bundle_crc32(0, (const uint8_t *)"123456789", 9), 0xcbf43926);
}

static uint8_t *load(const char *name, size_t *n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.bundle", BUNDLE_APPS_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t buf[1 << 20];
    *n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

static void test_real_apps(void **state)
{
    (void)state;
    static const char *apps[] = { "hello", "fibonacci", "keyval", "timer", "logtest",
                                  "panic", "hog" };
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
        size_t n;
        uint8_t *d = load(apps[i], &n);
        assert_int_equal(mt_bundle_check(d, n, &plan), MT_BUNDLE_OK);
        assert_string_equal(plan.name, apps[i]);
        /* Flipping any byte of the bundle is caught (checksum or worse). */
        for (size_t at = 0; at < n; at += 97) {
            d[at] ^= 0x5a;
            assert_int_not_equal(mt_bundle_check(d, n, &plan), MT_BUNDLE_OK);
            d[at] ^= 0x5a;
        }
    }
}

/* hello by hand: code + rodata < 4 KiB in place at the window base; the
 * guard page at 0x201000; at 0x202000 one page holding 2 KiB of stack,
 * the IPC buffer at 0x202800 and the data from 0x202a00; one level-1 and
 * one level-0 table (all below 2 MiB + 2 MiB); TCB 512, CNode 4 slots. */
static void test_hello_plan(void **state)
{
    (void)state;
    size_t n;
    uint8_t *d = load("hello", &n);
    assert_int_equal(mt_bundle_check(d, n, &plan), MT_BUNDLE_OK);
    assert_int_equal(plan.mapping_count, 2);
    assert_int_equal(plan.map[0].vaddr, MT_APP_WINDOW_BASE);
    assert_int_equal(plan.map[0].pages, 1);
    assert_int_equal(plan.map[0].in_place, 1);
    assert_int_equal(plan.map[0].file_offset, 0);
    assert_int_equal(plan.map[0].perms, MT_VM_READ | MT_VM_EXEC);
    assert_int_equal(plan.map[1].vaddr, 0x202000);
    assert_int_equal(plan.map[1].pages, 1);
    assert_int_equal(plan.map[1].perms, MT_VM_READ | MT_VM_WRITE);
    assert_int_equal(plan.map[1].in_place, 0);
    assert_int_equal(plan.map[1].copy_vaddr, 0x202a00);
    assert_true(plan.entry >= 0x200000 && plan.entry < 0x201000);
    assert_int_equal(plan.stack_bottom, 0x202000);
    assert_int_equal(plan.stack_top, 0x202800);
    assert_int_equal(plan.ipc_buffer, 0x202800);
    assert_int_equal(plan.shared_page, 0x203000);
    assert_int_equal(plan.heap_base, 0x204000);
    assert_int_equal(plan.heap_limit, MT_APP_WINDOW_TOP);
    assert_int_equal(plan.pages_in_place, 1);
    assert_int_equal(plan.pages_copied, 1);
    assert_int_equal(plan.page_tables, 2);
    assert_int_equal(plan.bytes[MT_OBJ_TCB], 512);
    assert_int_equal(plan.bytes[MT_OBJ_CNODE], 128);
    assert_int_equal(plan.bytes[MT_OBJ_VSPACE], 4096);
    assert_int_equal(plan.bytes[MT_OBJ_PAGE_TABLE], 8192);
    assert_int_equal(plan.bytes[MT_OBJ_FRAME_4K], 4096);
    assert_int_equal(plan.need_bytes, 17024);
    printf("# app_hello_bytes %llu B (new objects and frames; plus %llu B of code mapped in place)\n",
           (unsigned long long)plan.need_bytes, (unsigned long long)plan.pages_in_place * 4096);
}


/* mkbundle itself: bad input is "path: error: ...", exit 1, nothing
 * written; a good run reproduces the bundle make apps made. */
static int sh(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli(void **state)
{
    (void)state;
    const char *mk = BUNDLE_MKBUNDLE;
    const char *elf = BUNDLE_APPS_DIR "/hello.stripped";
    const char *out = BUNDLE_APPS_DIR "/cli-test.bundle";
    char cmd[1024];
    remove(out);
    snprintf(cmd, sizeof cmd, "%s --check %s 2>&1 | grep -q '%s: error: no bundle manifest'",
             mk, elf, elf);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s --check %s 2>/dev/null", mk, elf);
    assert_int_equal(sh(cmd), 1);
    snprintf(cmd, sizeof cmd, "%s --name=hello --version=1.0.0 --quota=16K --priority=50 "
             "--stack=2K -o %s %s 2>&1 | grep -q 'quota below'", mk, out, elf);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "test ! -e %s", out);
    assert_int_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s --name=hello --version=1.0 --quota=24K --priority=50 "
             "--stack=2K -o %s %s 2>/dev/null", mk, out, elf);
    assert_int_equal(sh(cmd), 1);
    snprintf(cmd, sizeof cmd, "%s --name=hello --quota=24Q -o %s %s 2>/dev/null", mk, out, elf);
    assert_int_equal(sh(cmd), 1);
    snprintf(cmd, sizeof cmd, "%s --check /nonexistent 2>/dev/null", mk);
    assert_int_equal(sh(cmd), 1);
    snprintf(cmd, sizeof cmd, "%s --name=hello --version=1.0.0 --quota=24K --priority=50 "
             "--stack=2K -o %s %s && cmp -s %s %s/hello.bundle", mk, out, elf, out,
             BUNDLE_APPS_DIR);
    assert_int_equal(sh(cmd), 0);
    remove(out);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_valid_synthetic), T(test_truncated), T(test_too_big), T(test_framing),
        T(test_manifest_garbage), T(test_elf_header), T(test_phdr_table),
        T(test_segment_kinds), T(test_segment_ranges), T(test_permissions),
        T(test_overlap), T(test_entry), T(test_stack_place), T(test_heap_room),
        T(test_quota), T(test_messages), T(test_crc), T(test_real_apps),
        T(test_hello_plan), T(test_cli),
        T(test_flash_synthetic), T(test_flash_refusals), T(test_flash_mkflash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

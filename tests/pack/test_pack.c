/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests for mkarchive: layout, ELF and spec checks, the parser the
 * rootserver mirrors, and the command line's error messages.
 * argv[1] is the mkarchive binary. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <mote/spec.h>

#include "pack.h"

#define PAGE MT_ARCHIVE_PAGE
static const char *mkarchive;

/* A RISC-V ELF with two PT_LOAD segments: text at file 0x1000 / vaddr
 * 0x100000 and data at file 0x2000 + skew / vaddr 0x101000. */
static uint8_t *make_elf(size_t *size, uint64_t skew, uint16_t machine)
{
    *size = 0x2100 + skew;
    uint8_t *b = calloc(1, *size);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_EXEC;
    eh->e_machine = machine;
    eh->e_entry = 0x100000;
    eh->e_phoff = sizeof *eh;
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;
    Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof *eh);
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000, .p_vaddr = 0x100000,
                          .p_filesz = 0x800, .p_memsz = 0x800, .p_flags = PF_R | PF_X };
    ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x2000 + skew, .p_vaddr = 0x101000,
                          .p_filesz = 0x100, .p_memsz = 0x1000, .p_flags = PF_R | PF_W };
    b[0x1000] = 0x13;   /* recognisable bytes */
    b[0x2000 + skew] = 0x42;
    return b;
}

/* A spec naming the images "client", "server" and "c": only ELFs the
 * spec names are cut to their segments. */
static uint8_t *make_spec(size_t *size)
{
    *size = 200;
    uint8_t *b = calloc(1, *size);
    struct mt_spec_header h = { .magic = MT_SPEC_MAGIC, .version = MT_SPEC_VERSION,
                                .total_bytes = 200, .image_count = 3, .image_offset = 96,
                                .string_offset = 144, .string_bytes = 16 };
    memcpy(b, &h, sizeof h);
    struct mt_spec_image im[3] = { { .name = 0 }, { .name = 7 }, { .name = 14 } };
    memcpy(b + 96, im, sizeof im);
    memcpy(b + 144, "client\0server\0c", 16);
    return b;
}

static struct pack_file elf_file(const char *name, uint64_t skew, uint16_t machine)
{
    struct pack_file f = { .name = name, .path = name };
    f.data = make_elf(&f.size, skew, machine);
    f.flags = MT_ARCHIVE_ELF;
    return f;
}

static struct pack_file spec_file(void)
{
    struct pack_file f = { .name = "system.spec", .path = "system.spec",
                           .flags = MT_ARCHIVE_SPEC | MT_ARCHIVE_BOOT_ONLY };
    f.data = make_spec(&f.size);
    return f;
}

/* Boot-only bytes first, packed (the spec, each ELF's data bytes), the
 * ELFs' text pages after, page-aligned; ELF headers are not stored. */
static void test_layout_boot_only_first(void **state)
{
    (void)state;
    struct pack_file f[3] = { spec_file(), elf_file("client", 0, EM_RISCV),
                              elf_file("server", 0, EM_RISCV) };
    uint8_t *buf;
    size_t size;
    char err[PACK_ERR_MAX];
    assert_int_equal(pack_build(f, 3, &buf, &size, err), 0);
    const struct mt_archive_header *h;
    assert_int_equal(pack_parse(buf, size, &h, err), 0);
    const struct mt_archive_entry *e = mt_archive_entries(h);
    assert_int_equal(h->entry_count, 3);
    assert_string_equal(e[0].name, "system.spec");
    assert_string_equal(e[1].name, "client");
    assert_true(e[0].flags & MT_ARCHIVE_BOOT_ONLY);
    /* one page of header, directory, spec and data bytes; two text pages */
    assert_int_equal(h->keep_offset, PAGE);
    assert_int_equal(size, 3 * PAGE);
    assert_int_equal(e[0].extent_count, 1);
    assert_true(e[0].extent[0].archive_offset < h->keep_offset);
    assert_int_equal(e[0].extent[0].archive_offset % 8, 0);
    assert_memory_equal(buf + e[0].extent[0].archive_offset, f[0].data, f[0].size);
    for (int i = 1; i < 3; i++) {
        const struct mt_archive_extent *x = e[i].extent;
        assert_int_equal(e[i].extent_count, 2);
        assert_int_equal(e[i].size, f[i].size);
        assert_int_equal(x[0].file_offset, 0x1000);
        assert_int_equal(x[0].bytes, PAGE);
        assert_true(x[0].archive_offset >= h->keep_offset);
        assert_int_equal(x[0].archive_offset % PAGE, 0);
        assert_memory_equal(buf + x[0].archive_offset, f[i].data + 0x1000, 0x1000);
        assert_int_equal(x[1].file_offset, 0x2000);
        assert_int_equal(x[1].bytes, 0x100);
        assert_true(x[1].archive_offset + x[1].bytes <= h->keep_offset);
        assert_memory_equal(buf + x[1].archive_offset, f[i].data + 0x2000, 0x100);
    }
    free(buf);
}

static void test_segments_page_aligned_in_archive(void **state)
{
    (void)state;
    struct pack_file f[2] = { elf_file("c", 0, EM_RISCV), spec_file() };
    uint8_t *buf;
    size_t size;
    char err[PACK_ERR_MAX];
    assert_int_equal(pack_check_elf(&f[0], err), 0);
    assert_int_equal(pack_build(f, 2, &buf, &size, err), 0);
    const struct mt_archive_entry *e = mt_archive_entries((const void *)buf);
    /* the text segment's first byte is the first byte of an archive page */
    uint64_t text = mt_archive_offset(e, 0x1000, PAGE), data = mt_archive_offset(e, 0x2000, 1);
    assert_int_equal(text % PAGE, 0);
    assert_int_equal(buf[text], 0x13);
    assert_int_equal(buf[data], 0x42);
    /* the ELF header, a range across extents and bytes past the file: not stored */
    assert_true(mt_archive_offset(e, 0, 64) == MT_ARCHIVE_NOT_STORED);
    assert_true(mt_archive_offset(e, 0x1ff0, 0x20) == MT_ARCHIVE_NOT_STORED);
    assert_true(mt_archive_offset(e, 0x2000, 0x101) == MT_ARCHIVE_NOT_STORED);
    free(buf);
}

/* Writable bytes inside the text's last page are read from there: no
 * boot-only extent. */
static void test_data_inside_text_page(void **state)
{
    (void)state;
    struct pack_file f[2] = { elf_file("c", 0, EM_RISCV), spec_file() };
    Elf64_Phdr *ph = (Elf64_Phdr *)(f[0].data + sizeof(Elf64_Ehdr));
    ph[1].p_offset = 0x1e00;
    ph[1].p_vaddr = 0x101e00;
    uint8_t *buf;
    size_t size;
    char err[PACK_ERR_MAX];
    assert_int_equal(pack_build(f, 2, &buf, &size, err), 0);
    const struct mt_archive_entry *e = mt_archive_entries((const void *)buf);
    assert_int_equal(e->extent_count, 1);
    assert_true(mt_archive_offset(e, 0x1e00, 0x100) != MT_ARCHIVE_NOT_STORED);
    free(buf);
}

/* An ELF no spec names (an application bundle starts as one) is stored
 * whole, kept, page-aligned. */
static void test_unnamed_elf_whole(void **state)
{
    (void)state;
    struct pack_file f[2] = { elf_file("bundle", 0, EM_RISCV), spec_file() };
    uint8_t *buf;
    size_t size;
    char err[PACK_ERR_MAX];
    assert_int_equal(pack_build(f, 2, &buf, &size, err), 0);
    const struct mt_archive_entry *e = mt_archive_entries((const void *)buf);
    assert_int_equal(e->extent_count, 1);
    assert_int_equal(e->extent[0].file_offset, 0);
    assert_int_equal(e->extent[0].archive_offset % PAGE, 0);
    assert_memory_equal(buf + e->extent[0].archive_offset, f[0].data, f[0].size);
    free(buf);
}

static void test_no_files(void **state)
{
    (void)state;
    uint8_t *buf;
    size_t size;
    char err[PACK_ERR_MAX];
    const struct mt_archive_header *h;
    assert_int_equal(pack_build(NULL, 0, &buf, &size, err), 0);
    assert_int_equal(size, PAGE);
    assert_int_equal(pack_parse(buf, size, &h, err), 0);
    assert_int_equal(h->keep_offset, PAGE);
    free(buf);
}

static void expect_elf_error(struct pack_file f, const char *want)
{
    char err[PACK_ERR_MAX];
    assert_int_equal(pack_check_elf(&f, err), -1);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, ": error: "));
}

static void test_elf_not_congruent(void **state)
{
    (void)state;
    expect_elf_error(elf_file("skewed", 8, EM_RISCV), "not page-congruent");
}

static void test_elf_wrong_machine(void **state)
{
    (void)state;
    expect_elf_error(elf_file("x86", 0, EM_X86_64), "not a RISC-V executable");
}

static void test_elf_truncated(void **state)
{
    (void)state;
    struct pack_file f = elf_file("short", 0, EM_RISCV);
    f.size = 0x1400;   /* the text segment runs past the end */
    expect_elf_error(f, "outside the file");
    f.size = 10;
    expect_elf_error(f, "too short");
}

static void test_elf_without_load(void **state)
{
    (void)state;
    struct pack_file f = elf_file("empty", 0, EM_RISCV);
    ((Elf64_Ehdr *)f.data)->e_phnum = 0;
    expect_elf_error(f, "no PT_LOAD");
}

/* A linker's unused PHDR (memsz 0, at address 0) loads nothing: ignored. */
static void test_elf_empty_segment_ignored(void **state)
{
    (void)state;
    char err[PACK_ERR_MAX];
    struct pack_file f = elf_file("nodata", 0, EM_RISCV);
    Elf64_Phdr *ph = (Elf64_Phdr *)(f.data + sizeof(Elf64_Ehdr));
    ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0xe8, .p_flags = PF_R | PF_W };
    assert_int_equal(pack_check_elf(&f, err), 0);
}

static void test_spec_checks(void **state)
{
    (void)state;
    char err[PACK_ERR_MAX];
    struct pack_file f = spec_file();
    assert_int_equal(pack_check_spec(&f, err), 0);
    f.size = 100;
    assert_int_equal(pack_check_spec(&f, err), -1);
    assert_non_null(strstr(err, "size does not match"));
    f = spec_file();
    ((uint8_t *)f.data)[0] ^= 1;
    assert_int_equal(pack_check_spec(&f, err), -1);
    assert_non_null(strstr(err, "bad magic"));
}

static void test_bad_names(void **state)
{
    (void)state;
    char err[PACK_ERR_MAX];
    uint8_t *buf;
    size_t size;
    struct pack_file f[2] = { elf_file("same", 0, EM_RISCV), elf_file("same", 0, EM_RISCV) };
    assert_int_equal(pack_build(f, 2, &buf, &size, err), -1);
    assert_non_null(strstr(err, "given twice"));
    f[1].name = "a_name_that_is_far_too_long_for_the_directory_entry";
    assert_int_equal(pack_build(f, 2, &buf, &size, err), -1);
    assert_non_null(strstr(err, "must have 1 to 39 characters"));
}

static void test_parse_rejects(void **state)
{
    (void)state;
    char err[PACK_ERR_MAX];
    uint8_t *buf;
    size_t size;
    const struct mt_archive_header *h;
    struct pack_file f[1] = { elf_file("c", 0, EM_RISCV) };
    assert_int_equal(pack_build(f, 1, &buf, &size, err), 0);
    assert_int_equal(pack_parse(buf, size - PAGE, &h, err), -1);
    assert_non_null(strstr(err, "size does not match"));
    struct mt_archive_entry *e = (struct mt_archive_entry *)(buf + sizeof *h);
    e->extent[0].archive_offset += 8;      /* the kept text page */
    assert_int_equal(pack_parse(buf, size, &h, err), -1);
    assert_non_null(strstr(err, "not page-aligned"));
    e->extent[0].archive_offset -= 8;
    e->extent_count = 3;
    assert_int_equal(pack_parse(buf, size, &h, err), -1);
    assert_non_null(strstr(err, "too many"));
    e->extent_count = 2;
    memset(e->name, 'x', sizeof e->name);
    assert_int_equal(pack_parse(buf, size, &h, err), -1);
    buf[0] ^= 1;
    assert_int_equal(pack_parse(buf, size, &h, err), -1);
    assert_non_null(strstr(err, "bad magic"));
    free(buf);
}

/* Runs mkarchive with args (a shell fragment); returns its exit status and
 * its stderr in out. */
static int run_cli(const char *args, char *out, size_t cap)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", mkarchive, args);
    FILE *p = popen(cmd, "r");
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_tmp(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    fclose(f);
}

/* The free root CNode slots asked for an archive whose spec has objects
 * objects, images of them archive pages (-1: refused; table_slack
 * records of the object table beyond the spec's end). */
static long cnode_slots_for(uint32_t objects, uint32_t images, uint32_t table_slack, char *err)
{
    size_t spec_size = 96 + (size_t)(objects - table_slack) * sizeof(struct mt_spec_object);
    uint8_t *spec = calloc(1, spec_size);
    struct mt_spec_header h = { .magic = MT_SPEC_MAGIC, .version = MT_SPEC_VERSION,
                                .total_bytes = (uint32_t)spec_size, .object_count = objects,
                                .object_offset = 96 };
    memcpy(spec, &h, sizeof h);
    for (uint32_t i = 0; i < images && i < objects - table_slack; i++) {
        struct mt_spec_object o = { .type = MT_OBJ_FRAME_4K, .flags = MT_SPEC_OBJ_IMAGE };
        memcpy(spec + 96 + (size_t)i * sizeof o, &o, sizeof o);
    }
    struct pack_file f[1] = { { .name = "system.spec", .path = "system.spec", .data = spec,
                                .size = spec_size,
                                .flags = MT_ARCHIVE_SPEC | MT_ARCHIVE_BOOT_ONLY } };
    uint8_t *buf;
    size_t size;
    uint64_t slots;
    long r = -1;
    assert_int_equal(pack_build(f, 1, &buf, &size, err), 0);
    if (!pack_root_cnode_slots(buf, size, "a.archive", &slots, err))
        r = (long)slots;
    free(buf);
    free(spec);
    return r;
}

/* A slot per object but the archive pages (mapped in place, never
 * created), and MT_SPEC_ROOT_SLOT_MARGIN; the kernel adds its own and
 * refuses more than its largest CNode. */
static void test_root_cnode_slots(void **state)
{
    (void)state;
    char err[PACK_ERR_MAX];
    assert_int_equal(cnode_slots_for(0, 0, 0, err), MT_SPEC_ROOT_SLOT_MARGIN);
    assert_int_equal(cnode_slots_for(100, 0, 0, err), 100 + MT_SPEC_ROOT_SLOT_MARGIN);
    assert_int_equal(cnode_slots_for(100, 40, 0, err), 60 + MT_SPEC_ROOT_SLOT_MARGIN);
    assert_int_equal(cnode_slots_for(65536, 0, 0, err), -1);
    assert_non_null(strstr(err, "a.archive: error: the rootserver needs 65539 root CNode slots"));
    assert_int_equal(cnode_slots_for(10, 0, 1, err), -1);
    assert_non_null(strstr(err, "a.archive: error: the spec's object table lies outside it"));
    uint8_t junk[PAGE] = { 0 };
    uint64_t slots;
    assert_int_equal(pack_root_cnode_slots(junk, sizeof junk, "j.archive", &slots, err), -1);
    assert_non_null(strstr(err, "j.archive: "));
}

static void test_cli(void **state)
{
    (void)state;
    char out[2048], dir[] = "/tmp/mote-pack-XXXXXX", args[1024];
    assert_non_null(mkdtemp(dir));
    size_t n;
    uint8_t *elf = make_elf(&n, 0, EM_RISCV), *bad = make_elf(&n, 8, EM_RISCV);
    char good[300], skew[300], arch[300];
    snprintf(good, sizeof good, "%s/good.elf", dir);
    snprintf(skew, sizeof skew, "%s/skew.elf", dir);
    snprintf(arch, sizeof arch, "%s/out.archive", dir);
    write_tmp(good, elf, 0x2100);
    write_tmp(skew, bad, 0x2108);
    snprintf(args, sizeof args, "-o %s c=%s", arch, good);
    assert_int_equal(run_cli(args, out, sizeof out), 0);
    snprintf(args, sizeof args, "-o %s c=%s", arch, skew);
    assert_int_equal(run_cli(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "skew.elf: error: PT_LOAD segment 1"));
    snprintf(args, sizeof args, "-o %s c=%s/missing", arch, dir);
    assert_int_equal(run_cli(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "missing: error: cannot open"));
    assert_int_equal(run_cli("-o x nonsense", out, sizeof out), 1);
    assert_non_null(strstr(out, "expected NAME=PATH"));
    assert_int_equal(run_cli("--bogus", out, sizeof out), 1);
    assert_non_null(strstr(out, "unknown option"));
    snprintf(args, sizeof args, "-o %s --spec %s", arch, good);
    assert_int_equal(run_cli(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "not a system spec"));
    free(elf);
    free(bad);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    assert_int_equal(system(args), 0);
}

int main(int argc, char **argv)
{
    mkarchive = argc > 1 ? argv[1] : "build/bin/mkarchive";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_boot_only_first),
        cmocka_unit_test(test_segments_page_aligned_in_archive),
        cmocka_unit_test(test_data_inside_text_page),
        cmocka_unit_test(test_unnamed_elf_whole),
        cmocka_unit_test(test_no_files),
        cmocka_unit_test(test_elf_not_congruent),
        cmocka_unit_test(test_elf_wrong_machine),
        cmocka_unit_test(test_elf_truncated),
        cmocka_unit_test(test_elf_without_load),
        cmocka_unit_test(test_elf_empty_segment_ignored),
        cmocka_unit_test(test_spec_checks),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_root_cnode_slots),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests_name("pack", tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* The host tools' one ELF reader (kmem, motec, mkarchive).
 *
 * It decodes an ELF image held in memory — ELF32 or ELF64, either byte
 * order, whatever the host's — and never reads outside it: the header is
 * checked against the length, and a program or section header table is
 * only read after elf_check_phdrs / elf_check_shdrs found it inside the
 * file.  What an image must contain (a machine, loadable segments, page
 * congruence) is each tool's own policy, with its own messages. */
#ifndef TOOLS_COMMON_ELF_READ_H
#define TOOLS_COMMON_ELF_READ_H

#include <stdint.h>

#define ELF_ET_EXEC 2u
#define ELF_EM_RISCV 243u
#define ELF_PT_LOAD 1u
#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_SHT_NOBITS 8u
#define ELF_SHF_WRITE 0x1u
#define ELF_SHF_ALLOC 0x2u
#define ELF_SHF_EXECINSTR 0x4u

enum elf_status {
    ELF_OK,
    ELF_NOT_ELF,        /* too short for an identification, or no magic */
    ELF_BAD_IDENT,      /* a class or byte order that is neither 1 nor 2 */
    ELF_TRUNCATED,      /* shorter than its class's header */
    ELF_BAD_PHDRS,      /* program headers outside the file, or too small */
    ELF_BAD_SHDRS,      /* section headers outside the file, or too small */
};

struct elf_file {
    const unsigned char *data;
    uint64_t len;
    int is64, big_endian;
    uint16_t type, machine;
    uint64_t entry;
    uint64_t phoff, phentsize, phnum;
    uint64_t shoff, shentsize, shnum;
};

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz;
};

struct elf_shdr {
    uint32_t type;
    uint64_t flags, size;
};

/* Reads the file header; returns ELF_OK or why not. */
enum elf_status elf_read_header(struct elf_file *e, const void *data, uint64_t len);
/* Whether the program header table lies inside the file with entries of
 * at least the class's size (an empty table does). */
enum elf_status elf_check_phdrs(const struct elf_file *e);
/* The same for the section headers; resolves extended numbering (a count
 * of 0 with the real count in section 0), so call it before elf_shdr. */
enum elf_status elf_check_shdrs(struct elf_file *e);
/* Entry i of a checked table. */
void elf_phdr(const struct elf_file *e, uint64_t i, struct elf_phdr *out);
void elf_shdr(const struct elf_file *e, uint64_t i, struct elf_shdr *out);
/* Whether [off, off + n) lies inside the file (no overflow). */
int elf_in_file(const struct elf_file *e, uint64_t off, uint64_t n);
/* A short description of a status, for messages. */
const char *elf_status_text(enum elf_status st);

#endif

/* SPDX-License-Identifier: BSD-2-Clause */
/* Application bundles: the format, the application's address-space layout
 * and the validator's error codes (docs/APPS.md explains the choices).
 *
 * A bundle is the application's ELF file, unchanged, followed by zero
 * padding to an 8-byte boundary and a fixed-size manifest trailer:
 *
 *   [0, elf_bytes)                    the rv64 ELF (ET_EXEC, EM_RISCV)
 *   [elf_bytes, trailer_offset)       0..7 zero bytes
 *   [trailer_offset, bundle size)     struct mt_bundle_manifest
 *
 * A trailer rather than a header: the ELF starts at offset 0 of the
 * bundle, so when the bundle is held page-aligned in memory its read-only
 * segments (page-congruent in the file) can be mapped in place without a
 * header page in front costing 4 KiB, and readelf/objdump read a bundle
 * as the ELF it is.
 *
 * Address-space layout of a running application (all in the user window
 * [MT_APP_WINDOW_BASE, MT_APP_WINDOW_TOP)):
 *
 *   ELF segments              where the ELF says; read-only ones in place
 *   stack block               directly below the lowest writable segment W:
 *                             [W - 512 - stack_bytes, W - 512) the stack,
 *                             [W - 512, W) the IPC buffer; its bottom is
 *                             page-aligned and the page below is unmapped
 *                             (the guard), so the stack, the IPC buffer
 *                             and the data may share a page
 *   shared page               the page after the image's last page:
 *                             mapped by the SDK runtime on request (key-
 *                             value transfers, <mote/sdk_abi.h>)
 *   heap                      from the page after the shared page upwards,
 *                             pages mapped by the SDK runtime on request
 *
 * This header is also read by the SDK's linker script (through cpp), so
 * its numbers carry no C suffixes and its C parts sit under
 * #ifndef __ASSEMBLER__. */
#ifndef MOTE_BUNDLE_H
#define MOTE_BUNDLE_H

/* The user window.  It starts at 2 MiB, so that a small application's
 * image, stack, shared page and first heap pages share one level-0 page
 * table, and below 1 GiB, so one level-1 table serves the whole window;
 * the pages below 2 MiB stay unmapped (null pointers fault). */
#define MT_APP_WINDOW_BASE 0x200000
#define MT_APP_WINDOW_TOP 0x40000000

/* The IPC buffer, at the top of the stack block. */
#define MT_APP_IPC_BUFFER_BYTES 512

#ifndef __ASSEMBLER__

#include <stdint.h>

#define MT_BUNDLE_MAGIC 0x314c444e42544d21ull /* "!MTBNDL1" */
#define MT_BUNDLE_VERSION 1u
#define MT_BUNDLE_NAME_MAX 32u          /* bytes, NUL included */

/* Limits the validator enforces; each one refuses an absurd bundle. */
#define MT_BUNDLE_MAX_BYTES (16u << 20)  /* a whole bundle */
#define MT_BUNDLE_MAX_PHDRS 16u          /* program headers of any type */
#define MT_BUNDLE_MAX_SEGMENTS 4u        /* PT_LOAD segments with memory */
#define MT_APP_STACK_MIN 1024u           /* bytes; multiples of 512 */
#define MT_APP_STACK_MAX (1u << 20)
#define MT_APP_QUOTA_MAX (256ull << 20)  /* bytes of objects and frames */
#define MT_APP_PRIORITY_MIN 1u
#define MT_APP_PRIORITY_MAX 99u          /* below system components (100) */

/* An application's CSpace: one CNode of 2^MT_APP_CNODE_RADIX slots;
 * slot 0 stays empty (the null cptr), MT_APP_SLOT_SDK holds the badged
 * endpoint to the SDK runtime, the application's one door, and
 * MT_APP_SLOT_FAULT the badged endpoint to the process manager that its
 * TCB names as fault endpoint (the kernel looks a fault endpoint up in the
 * faulting thread's own CSpace; the SDK never uses it).  Slot 3 is free. */
#define MT_APP_CNODE_RADIX 2
#define MT_APP_SLOT_SDK 1
#define MT_APP_SLOT_FAULT 2

/* The manifest trailer: the last sizeof(struct mt_bundle_manifest) bytes
 * of a bundle.  Every field is little-endian; reserved fields are zero. */
struct mt_bundle_manifest {
    uint64_t magic;                  /* MT_BUNDLE_MAGIC */
    uint32_t version;                /* MT_BUNDLE_VERSION */
    uint32_t manifest_bytes;         /* sizeof(struct mt_bundle_manifest) */
    uint64_t elf_bytes;              /* size of the ELF at offset 0 */
    char name[MT_BUNDLE_NAME_MAX];   /* [a-z][a-z0-9_-]*, NUL, zero fill */
    uint32_t app_version;            /* major << 24 | minor << 16 | patch */
    uint32_t priority;               /* MT_APP_PRIORITY_MIN..MAX */
    uint64_t quota_bytes;            /* objects and frames it may use */
    uint32_t stack_bytes;            /* the stack proper, IPC buffer apart */
    uint32_t reserved;
    /* CRC-32 (IEEE 802.3, as zlib's crc32) of the whole bundle with
     * this field read as zero. */
    uint32_t checksum;
    uint32_t reserved2;
};

_Static_assert(sizeof(struct mt_bundle_manifest) == 88, "bundle manifest layout");

#define MT_APP_VERSION(major, minor, patch) \
    ((uint32_t)(major) << 24 | (uint32_t)(minor) << 16 | (uint32_t)(patch))

/* The validator's verdicts (lib/bundle): one code per way a bundle can be
 * wrong, so an install error says exactly what is wrong.  The process
 * manager's install reports them; lib/bundle's mt_bundle_strerror gives
 * the text. */
enum mt_bundle_error {
    MT_BUNDLE_OK = 0,
    /* The container and the manifest. */
    MT_BUNDLE_TOO_SMALL = 1,        /* shorter than a manifest + ELF header */
    MT_BUNDLE_TOO_BIG = 2,          /* over MT_BUNDLE_MAX_BYTES */
    MT_BUNDLE_BAD_MAGIC = 3,
    MT_BUNDLE_BAD_VERSION = 4,
    MT_BUNDLE_BAD_MANIFEST_SIZE = 5,
    MT_BUNDLE_BAD_ELF_SIZE = 6,     /* elf_bytes does not end where the padding starts */
    MT_BUNDLE_BAD_PADDING = 7,      /* non-zero padding or reserved field */
    MT_BUNDLE_BAD_CHECKSUM = 8,
    MT_BUNDLE_BAD_NAME = 9,
    MT_BUNDLE_BAD_PRIORITY = 10,
    MT_BUNDLE_BAD_STACK = 11,       /* size out of range or not a multiple of 512 */
    MT_BUNDLE_BAD_QUOTA = 12,       /* zero or over MT_APP_QUOTA_MAX */
    /* The ELF header. */
    MT_BUNDLE_NOT_ELF = 13,
    MT_BUNDLE_BAD_CLASS = 14,       /* not ELFCLASS64 */
    MT_BUNDLE_BAD_ENDIAN = 15,      /* not little-endian */
    MT_BUNDLE_BAD_ELF_VERSION = 16,
    MT_BUNDLE_BAD_TYPE = 17,        /* not ET_EXEC */
    MT_BUNDLE_BAD_MACHINE = 18,     /* not EM_RISCV */
    MT_BUNDLE_BAD_ABI = 19,         /* float ABI or RVE the SDK does not build */
    MT_BUNDLE_BAD_PHDRS = 20,       /* entry size, count or place in the file */
    /* The program headers. */
    MT_BUNDLE_DYNAMIC = 21,         /* PT_INTERP or PT_DYNAMIC */
    MT_BUNDLE_TLS = 22,             /* PT_TLS */
    MT_BUNDLE_NO_SEGMENTS = 23,
    MT_BUNDLE_TOO_MANY_SEGMENTS = 24,
    MT_BUNDLE_FILESZ_OVER_MEMSZ = 25,
    MT_BUNDLE_SEGMENT_OUTSIDE_FILE = 26,
    MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW = 27,
    MT_BUNDLE_NOT_CONGRUENT = 28,   /* p_offset and p_vaddr differ within a page */
    MT_BUNDLE_BAD_PERMISSIONS = 29, /* no access, or write without read */
    MT_BUNDLE_WRITE_EXEC = 30,      /* a segment both writable and executable */
    MT_BUNDLE_OVERLAP = 31,         /* two segments share a page */
    MT_BUNDLE_BAD_ENTRY = 32,       /* entry not in an executable segment's bytes */
    /* The layout and the cost. */
    MT_BUNDLE_NO_WRITABLE = 33,     /* no writable segment to put the stack below */
    MT_BUNDLE_BAD_STACK_PLACE = 34, /* stack block or its guard page collide or misalign */
    MT_BUNDLE_NO_HEAP_ROOM = 35,    /* no page left in the window for the shared page */
    MT_BUNDLE_QUOTA_TOO_SMALL = 36, /* quota below what the plan needs */
    MT_BUNDLE_ERROR_COUNT
};

/* The builtin bundles' flash image (lib/bundle/flash.c reads it, mkflash
 * writes it; docs/APPS.md).  It sits at MT_FLASH_IMAGE_OFFSET of QEMU
 * virt's second flash bank (pflash unit 1, MT_FLASH_BANK_BYTES, which the
 * drive file must fill exactly); the page before it is the loader QEMU's
 * boot flow enters there (tools/bundle/flashboot.S).  The process manager
 * maps the bank's first MT_FLASH_WINDOW_BYTES read-only.  Offsets below
 * are from the image's start; little-endian throughout:
 *
 *   [0, 32)                           struct mt_flash_header
 *   [32, 32 + 48 * count)             struct mt_flash_entry, one a bundle
 *   page-aligned offsets, up to bytes  the bundles, byte for byte
 *
 * The flash is untrusted input like a disk: the reader checks the header,
 * the index's CRC, every name and every entry's place before it hands out
 * a bundle, and the bundle itself goes through mt_bundle_check. */
#define MT_FLASH_MAGIC 0x314853414c46544dull   /* "MTFLASH1" */
#define MT_FLASH_VERSION 1u
#define MT_FLASH_MAX_BUNDLES 64u
#define MT_FLASH_BANK_BYTES (32u << 20)         /* virt's pflash bank */
#define MT_FLASH_WINDOW_BYTES (2u << 20)        /* what the reader maps: one 2 MiB frame */
#define MT_FLASH_IMAGE_OFFSET 4096u             /* after the boot loader's page */

struct mt_flash_header {
    uint64_t magic;                  /* MT_FLASH_MAGIC */
    uint32_t version;                /* MT_FLASH_VERSION */
    uint32_t count;                  /* entries, 0..MT_FLASH_MAX_BUNDLES */
    uint64_t bytes;                  /* the image's end: the last bundle's */
    uint32_t checksum;               /* CRC-32 of header and index, this field read as 0 */
    uint32_t reserved;
};

struct mt_flash_entry {
    char name[MT_BUNDLE_NAME_MAX];   /* as a bundle's name, NUL, zero fill */
    uint64_t offset;                 /* page-aligned, past the index */
    uint64_t size;                   /* 1..MT_BUNDLE_MAX_BYTES, ends by bytes */
};

_Static_assert(sizeof(struct mt_flash_header) == 32, "flash header layout");
_Static_assert(sizeof(struct mt_flash_entry) == 48, "flash entry layout");

enum mt_flash_error {
    MT_FLASH_OK = 0,
    MT_FLASH_NO_IMAGE = 1,           /* erased or absent: all ones or all zeros */
    MT_FLASH_BAD_MAGIC = 2,
    MT_FLASH_BAD_VERSION = 3,
    MT_FLASH_BAD_COUNT = 4,          /* over MT_FLASH_MAX_BUNDLES */
    MT_FLASH_BAD_SIZE = 5,           /* bytes before the index's end or past the window */
    MT_FLASH_BAD_CHECKSUM = 6,
    MT_FLASH_BAD_RESERVED = 7,
    MT_FLASH_BAD_NAME = 8,
    MT_FLASH_BAD_PLACE = 9,          /* an entry's bytes misaligned or outside the image */
    MT_FLASH_DUPLICATE = 10,         /* two entries with one name */
    MT_FLASH_ERROR_COUNT
};

#endif /* __ASSEMBLER__ */
#endif

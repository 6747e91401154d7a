/* SPDX-License-Identifier: BSD-2-Clause */
/* The validator's messages, one per enum mt_bundle_error. */
#include "bundle.h"

static const char *const messages[MT_BUNDLE_ERROR_COUNT] = {
    [MT_BUNDLE_OK] = "bundle is valid",
    [MT_BUNDLE_TOO_SMALL] = "too small for a manifest and an ELF header",
    [MT_BUNDLE_TOO_BIG] = "bigger than a bundle may be (16 MiB)",
    [MT_BUNDLE_BAD_MAGIC] = "no bundle manifest at the end (bad magic)",
    [MT_BUNDLE_BAD_VERSION] = "bundle format of another version",
    [MT_BUNDLE_BAD_MANIFEST_SIZE] = "manifest size does not match this format",
    [MT_BUNDLE_BAD_ELF_SIZE] = "the ELF size in the manifest does not end where the manifest starts",
    [MT_BUNDLE_BAD_PADDING] = "padding or a reserved manifest field is not zero",
    [MT_BUNDLE_BAD_CHECKSUM] = "checksum mismatch (corrupt bundle)",
    [MT_BUNDLE_BAD_NAME] = "name is not [a-z][a-z0-9_-]* of at most 31 bytes with zero fill",
    [MT_BUNDLE_BAD_PRIORITY] = "priority out of the application range 1..99",
    [MT_BUNDLE_BAD_STACK] = "stack size not a multiple of 512 in 1 KiB..1 MiB",
    [MT_BUNDLE_BAD_QUOTA] = "memory quota zero or over 256 MiB",
    [MT_BUNDLE_NOT_ELF] = "not an ELF file",
    [MT_BUNDLE_BAD_CLASS] = "not a 64-bit ELF (ELFCLASS64)",
    [MT_BUNDLE_BAD_ENDIAN] = "not a little-endian ELF",
    [MT_BUNDLE_BAD_ELF_VERSION] = "unknown ELF version",
    [MT_BUNDLE_BAD_TYPE] = "not a static executable (ET_EXEC)",
    [MT_BUNDLE_BAD_MACHINE] = "not a RISC-V ELF (EM_RISCV)",
    [MT_BUNDLE_BAD_ABI] = "built for a hardware-float or RVE ABI (applications are lp64)",
    [MT_BUNDLE_BAD_PHDRS] = "program headers malformed, too many, or outside the ELF",
    [MT_BUNDLE_DYNAMIC] = "dynamically linked (PT_INTERP or PT_DYNAMIC)",
    [MT_BUNDLE_TLS] = "uses thread-local storage (PT_TLS)",
    [MT_BUNDLE_NO_SEGMENTS] = "no loadable segment",
    [MT_BUNDLE_TOO_MANY_SEGMENTS] = "more than 4 loadable segments",
    [MT_BUNDLE_FILESZ_OVER_MEMSZ] = "a segment has more file bytes than memory bytes",
    [MT_BUNDLE_SEGMENT_OUTSIDE_FILE] = "a segment's bytes lie outside the ELF",
    [MT_BUNDLE_SEGMENT_OUTSIDE_WINDOW] = "a segment lies outside the application window 0x200000..0x40000000",
    [MT_BUNDLE_NOT_CONGRUENT] = "a segment's file offset and address differ within a page",
    [MT_BUNDLE_BAD_PERMISSIONS] = "a segment is not readable",
    [MT_BUNDLE_WRITE_EXEC] = "a segment is both writable and executable",
    [MT_BUNDLE_OVERLAP] = "two segments share a page",
    [MT_BUNDLE_BAD_ENTRY] = "the entry point is not in an executable segment",
    [MT_BUNDLE_NO_WRITABLE] = "no writable segment to put the stack below",
    [MT_BUNDLE_BAD_STACK_PLACE] = "no room for the stack block and its guard page below the data "
                                  "(link with the SDK's script and the manifest's stack size)",
    [MT_BUNDLE_NO_HEAP_ROOM] = "the image leaves no page of the window for the shared page and heap",
    [MT_BUNDLE_QUOTA_TOO_SMALL] = "memory quota below what the application needs to start",
};

const char *mt_bundle_strerror(int code)
{
    if (code < 0 || code >= MT_BUNDLE_ERROR_COUNT || !messages[code])
        return "unknown bundle error";
    return messages[code];
}

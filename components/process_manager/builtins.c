/* SPDX-License-Identifier: BSD-2-Clause */
/* The builtin bundles: the system build lists them in builtins.h
 * (BUILTIN(name, "path") for every application it packs), and each is
 * included here byte for byte, so they travel in the boot archive inside
 * this component's read-only image. */
#include "pm.h"

#define BUILTIN(name, path)                                                   \
    __asm__(".section .rodata\n.balign 8\n"                                \
            ".global builtin_" #name "\nbuiltin_" #name ":\n"                 \
            ".incbin \"" path "\"\n"                                          \
            ".global builtin_" #name "_end\nbuiltin_" #name "_end:\n"          \
            ".previous\n");                                                   \
    extern const uint8_t builtin_##name[], builtin_##name##_end[];
#include "builtins.h"
#undef BUILTIN

#define BUILTIN(name, path) { #name, builtin_##name, builtin_##name##_end },
const struct builtin builtins[] = {
#include "builtins.h"
};
#undef BUILTIN

const int builtin_count = sizeof builtins / sizeof builtins[0];

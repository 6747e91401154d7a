/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include "object.h"

struct cap create_object(enum mt_object_type type, word_t size_bits, paddr_t pa, bool device);

#endif

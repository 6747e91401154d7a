#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include "object.h"

struct cap create_object(word_t type, word_t size_bits, paddr_t pa, bool device);

#endif

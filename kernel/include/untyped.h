#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include "object.h"

int object_size_bits(word_t type, word_t size_bits);
struct cap create_object(word_t type, word_t size_bits, paddr_t pa, bool device);

#endif

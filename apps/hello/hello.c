/* SPDX-License-Identifier: BSD-2-Clause */
/* hello: the smallest application: one line and exit code 0. */
#include <sdk.h>

int main(void)
{
    sdk_printf("hello, world\n");
    return 0;
}

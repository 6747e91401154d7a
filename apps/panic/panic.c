/* SPDX-License-Identifier: BSD-2-Clause */
/* panic: says so, then stores to address 0, below the application window
 * and never mapped: the process manager (its fault handler) gets the page
 * fault and should report the application Faulted. */
#include <sdk.h>

int main(void)
{
    sdk_log(SDK_WARN, "panic: about to write to address 0\n");
    *(volatile int *)0 = 42;
    sdk_log(SDK_ERROR, "panic: the write did not fault\n");
    return 1;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* A line that damages bytes: copies stdin to stdout as it comes, xoring
 * 0x04 into byte AT and every EVERY-th byte after it.  The upload test
 * puts it between sz and the serial port.  Usage: zcorrupt AT EVERY */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: zcorrupt AT EVERY\n");
        return 1;
    }
    long at = atol(argv[1]), every = atol(argv[2]), off = 0;
    unsigned char b[4096];
    ssize_t n;
    while ((n = read(0, b, sizeof b)) > 0) {
        for (ssize_t i = 0; i < n; i++, off++)
            if (off == at || (every > 0 && off > at && (off - at) % every == 0))
                b[i] ^= 0x04;
        for (ssize_t done = 0; done < n;) {
            ssize_t k = write(1, b + done, (size_t)(n - done));
            if (k <= 0)
                return 1;
            done += k;
        }
    }
    return 0;
}

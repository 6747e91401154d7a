/* SPDX-License-Identifier: BSD-2-Clause */
/* The stack checker's test program (tests/stackcheck/stackcheck-test.sh):
 * known frames, a command table called through a pointer, and, with
 * -DRECURSE, a recursion no spec bounds.  Built -O0 so every frame is as
 * written; volatile buffers keep them. */
void _start(void);

static int leaf(int x)
{
    volatile char big[400];
    big[x & 7] = (char)x;
    return big[1];
}

int counter = 1;    /* data: the writable segment whose hole is the stack */

static int cmd_a(int x) { volatile char b[64]; b[0] = (char)x; return leaf(x) + b[0]; }
static int cmd_b(int x) { volatile char b[900]; b[0] = (char)x; return b[0]; }

static int (*const table[])(int) = { cmd_a, cmd_b };

#ifdef RECURSE
static int again(int x) { volatile char b[32]; b[0] = (char)x; return x ? again(x - 1) + b[0] : 0; }
#endif

static int dispatch(int i, int x)
{
#ifdef RECURSE
    if (i < 0)
        return again(x);
#endif
    return table[i & 1](x);
}

__attribute__((section(".text.start"))) void _start(void)
{
    counter += dispatch(0, counter);
    for (;;)
        ;
}

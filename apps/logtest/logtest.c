/* SPDX-License-Identifier: BSD-2-Clause */
/* logtest: one line at every level, then a line longer than a message
 * can carry (cut at MT_SDK_LOG_MAX bytes); the runtime shows the levels
 * its loglevel lets through. */
#include <sdk.h>

int main(void)
{
    static const char *names[] = { "", "error", "warn", "info", "debug", "trace" };
    int bad = 0;
    for (int level = SDK_ERROR; level <= SDK_TRACE; level++)
        bad |= sdk_log(level, "logtest: a line at level %d (%s)\n", level, names[level]) != 0;
    char longer[MT_SDK_LOG_MAX + 64];
    for (unsigned i = 0; i < sizeof longer - 1; i++)
        longer[i] = (char)('a' + i % 26);
    longer[sizeof longer - 1] = 0;
    bad |= sdk_log(SDK_INFO, "%s", longer) != 0;
    sdk_printf("logtest: %s\n", bad ? "a log call failed" : "done");
    return bad;
}

#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Adds up the result lines of every suite log given and prints the closing
# line "N passed, N failed" ("N passed, N failed, N skipped" when a test was
# skipped); exits 1 if anything failed or nothing ran.  A result line with a
# TAP "# SKIP" directive ("ok 3 - name # SKIP why", or cmocka's
# "not ok 3 # SKIP name") counts as skipped, neither passed nor failed.
passed=0; failed=0; skipped=0
skip='^(not )?ok .*# *[Ss][Kk][Ii][Pp]'
for log in "$@"; do
    [ -f "$log" ] || { failed=$((failed + 1)); echo "missing results: $log"; continue; }
    s=$(grep -c -E "$skip" "$log")
    p=$(grep -E '^ok ' "$log" | grep -c -v -E "$skip")
    f=$(grep -E '^not ok ' "$log" | grep -c -v -E "$skip")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
if [ "$failed" -ne 0 ]; then
    echo "failures:"
    grep -h -E '^not ok ' "$@" 2>/dev/null | grep -v -E "$skip" | sed 's/^/  /'
fi
if [ "$skipped" -ne 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

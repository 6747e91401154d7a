#!/bin/sh
# Adds up the result lines of every suite log given and prints the closing
# line "N passed, N failed"; exits 1 if anything failed or nothing ran.
passed=0; failed=0
for log in "$@"; do
    [ -f "$log" ] || { failed=$((failed + 1)); echo "missing results: $log"; continue; }
    p=$(grep -c -E '^ok ' "$log")
    f=$(grep -c -E '^not ok ' "$log")
    passed=$((passed + p)); failed=$((failed + f))
done
if [ "$failed" -ne 0 ]; then
    echo "failures:"
    grep -h -E '^not ok ' "$@" 2>/dev/null | sed 's/^/  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What removing interface threads saves in a system: motec allocates the
# system twice from a scratch copy of components/ and systems/ — as it is,
# and with every `<iface>_has_thread = false` turned to true — and kmem
# prints the difference per component (placeholder images both times, so
# only the threads differ).  Usage: scripts/thread-savings.sh [SYSTEM]
set -e
sys=${1:-default}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for variant in as-is with-threads; do
    mkdir -p "$tmp/$variant"
    cp -r "$top/components" "$top/systems" "$tmp/$variant/"
    if [ "$variant" = with-threads ]; then
        grep -rl '_has_thread *= *false' "$tmp/$variant" | while read -r f; do
            sed -i 's/_has_thread *= *false/_has_thread = true/' "$f"
        done
    fi
    "$top/build/bin/motec" -I "$top/tools/motec/std" -o "$tmp/$variant/out" \
        "$tmp/$variant/systems/$sys/$sys.camkes" > /dev/null
done
"$top/build/bin/kmem" --diff "$tmp/with-threads/out/system.cdl" "$tmp/as-is/out/system.cdl"

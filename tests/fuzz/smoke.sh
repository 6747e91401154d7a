#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The fuzz suite of `make test` (tests/fuzz/fuzz.mk): per target, a replay
# of its seeds and regression inputs, then FUZZ_SMOKE_TIME seconds of
# fuzzing; one TAP line each.  Environment: FUZZ_DIR, FUZZ_SMOKE_TIME,
# FUZZ_TARGETS, FUZZ_OPTS and each target's seeds in FUZZ_<TARGET>_SEEDS.
targets=$FUZZ_TARGETS
set -- $targets
echo "1..$(( $# * 2 ))"
n=0
for t in $targets; do
    seeds=$(eval echo "\$FUZZ_$(echo "$t" | tr a-z A-Z)_SEEDS")
    for mode in replay smoke; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        out=$(tests/fuzz/run.sh $mode "$FUZZ_DIR" "$t" "$FUZZ_SMOKE_TIME" "$FUZZ_OPTS" $seeds)
        rc=$?
        printf '%s\n' "$out" | sed 's/^/# /'
        if [ $rc -eq 0 ]; then
            echo "ok $n - fuzz-$t $mode: $(printf '%s\n' "$out" | tail -1 | sed "s/^$t: //")"
        else
            echo "not ok $n - fuzz-$t $mode"
        fi
    done
done

# SPDX-License-Identifier: BSD-2-Clause
# scripts/stack-check.sh (the build's measured-stack check) on a program
# of known frames.
TEST_SUITES += stackcheck
.PHONY: suite-stackcheck
suite-stackcheck: deps
	@scripts/run-suite.sh stackcheck 60 tests/stackcheck/stackcheck-test.sh

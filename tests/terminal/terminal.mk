# SPDX-License-Identifier: BSD-2-Clause
# `make run`'s serial setup driven through a real terminal (tmux): the
# console's keys and QEMU's Ctrl-A x.  tmux is installed for this suite
# only.
TEST_SUITES += terminal
suite-terminal: deps
	@scripts/install-deps.sh tmux
	@$(MAKE) --no-print-directory KERNEL_DEBUG=0 $(BUILD_TOP)/release/images/default.elf
	@scripts/run-suite.sh terminal 120 tests/terminal/terminal-test.sh

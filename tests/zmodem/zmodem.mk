# SPDX-License-Identifier: BSD-2-Clause
# The ZMODEM receiver of the debug console (components/debug_console/zmodem.c)
# on the host, against the real sender (lrzsz's sz):
#   make suite-zmodem   cmocka tests (also run by make test)
#   make fuzz           includes fuzz-zmodem: libFuzzer over the receiver,
#                       ZMODEM_FUZZ_TIME seconds under ASan and UBSan
ZMODEM_DIR := $(BUILD)/zmodem
ZMODEM_SRC := components/debug_console/zmodem.c
ZMODEM_HDR := components/debug_console/zmodem.h
ZMODEM_FUZZ_TIME ?= 10
ZMODEM_FUZZ_CC ?= clang

$(ZMODEM_DIR)/test_zmodem: tests/zmodem/test_zmodem.c $(ZMODEM_SRC) $(ZMODEM_HDR) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOST_CC) $(HOST_CFLAGS) -D_DEFAULT_SOURCE -Icomponents/debug_console \
	    tests/zmodem/test_zmodem.c $(ZMODEM_SRC) -o $@ $(CMOCKA_LIBS)

# ZM_FUZZ_NO_CRC: every CRC counts as good, so mutated inputs reach the
# states behind the checks (memory safety is what the fuzzer looks for).
$(ZMODEM_DIR)/fuzz_zmodem: tests/zmodem/fuzz_zmodem.c $(ZMODEM_SRC) $(ZMODEM_HDR)
	@scripts/install-deps.sh clang libclang-rt-14-dev
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(ZMODEM_FUZZ_CC) -std=c11 -g -O1 -DZM_FUZZ_NO_CRC -Icomponents/debug_console \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    tests/zmodem/fuzz_zmodem.c $(ZMODEM_SRC) -o $@

.PHONY: suite-zmodem fuzz fuzz-zmodem
TEST_SUITES += zmodem
suite-zmodem: $(ZMODEM_DIR)/test_zmodem
	@CMOCKA_MESSAGE_OUTPUT=TAP scripts/run-suite.sh zmodem 300 $(ZMODEM_DIR)/test_zmodem

# Seeds: the sender's side of every session of the cmocka tests.
fuzz: fuzz-zmodem
fuzz-zmodem: $(ZMODEM_DIR)/fuzz_zmodem $(ZMODEM_DIR)/test_zmodem
	@mkdir -p $(ZMODEM_DIR)/corpus $(ZMODEM_DIR)/seeds
	@ZMODEM_CORPUS=$(ZMODEM_DIR)/seeds $(ZMODEM_DIR)/test_zmodem > /dev/null 2>&1 || true
	@echo "  FUZZ    zmodem receiver for $(ZMODEM_FUZZ_TIME) s"
	@$(ZMODEM_DIR)/fuzz_zmodem -max_total_time=$(ZMODEM_FUZZ_TIME) -detect_leaks=1 \
	    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(ZMODEM_DIR)/ $(ZMODEM_DIR)/corpus $(ZMODEM_DIR)/seeds

# The upload suite: the default system's console receives files from the
# real sz over QEMU's serial port on a TCP socket (tests/zmodem/upload-test.sh):
# an app bundle, 60 KiB of random bytes (the rate), a file too large and
# a damaged line (zcorrupt between sz and the port) refused.
$(ZMODEM_DIR)/zcorrupt: tests/zmodem/zcorrupt.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOST_CC) $(HOST_CFLAGS) $< -o $@

.PHONY: suite-upload
TEST_SUITES += upload
suite-upload: deps $(BUILD)/images/default.elf $(ZMODEM_DIR)/zcorrupt apps
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" scripts/run-suite.sh upload 600 \
	    tests/zmodem/upload-test.sh $(BUILD)/images/default.elf $(APPS_DIR)/hello.bundle \
	    $(ZMODEM_DIR)/zcorrupt

# The upload rate alone (the upload suite prints it too).
.PHONY: bench-upload
BENCHES += bench-upload
bench-upload: deps $(BUILD)/images/default.elf $(ZMODEM_DIR)/zcorrupt apps
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" tests/zmodem/upload-test.sh \
	    $(BUILD)/images/default.elf $(APPS_DIR)/hello.bundle $(ZMODEM_DIR)/zcorrupt \
	    | sed -n 's/^# \(rz_upload_rate [0-9]* KiB\/s\).*/\1/p'

# SPDX-License-Identifier: BSD-2-Clause
# The kernel test suite and the kernel benchmarks: two root tasks, each
# built to $(BUILD)/roots/NAME.elf; kernel/kernel.mk turns those into
# bootable images $(BUILD)/images/NAME.elf.

KTEST_DIR := tests/kernel
KTEST_CFLAGS := $(TARGET_CFLAGS) -Wswitch-enum -Ilib/mote/include
KTEST_SRCS := $(filter-out $(KTEST_DIR)/bench%.c $(KTEST_DIR)/fuzz%.c,$(wildcard $(KTEST_DIR)/*.c)) \
              $(KTEST_DIR)/asm_helpers.S $(KTEST_DIR)/fpu_helpers.S
KTEST_OBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(KTEST_SRCS)))
KBENCH_OBJS := $(filter-out $(BUILD)/$(KTEST_DIR)/main.o $(BUILD)/$(KTEST_DIR)/test_%,$(KTEST_OBJS)) \
               $(BUILD)/$(KTEST_DIR)/bench.o
KTEST_HDRS := $(wildcard $(KTEST_DIR)/*.h lib/mote/include/libmote/*.h include/mote/*.h)

$(BUILD)/$(KTEST_DIR)/%.o: $(KTEST_DIR)/%.c $(KTEST_HDRS)
	@mkdir -p $(dir $@)
	$(TCC) $(KTEST_CFLAGS) -c $< -o $@

# The FPU tests do FP in C: F and D, with the suite's lp64 calling convention.
$(BUILD)/$(KTEST_DIR)/test_fpu.o: KTEST_CFLAGS += -march=rv64imafdc_zicsr_zifencei

$(BUILD)/$(KTEST_DIR)/%.o: $(KTEST_DIR)/%.S
	@mkdir -p $(dir $@)
	$(TCC) $(TARGET_ASFLAGS) -c $< -o $@

# A root task: crt0 first, then its objects, libmote and libgcc.
define ktest_link
	@mkdir -p $(dir $@)
	$(TCC) $(USER_LDFLAGS) -o $@ $(LIBMOTE_CRT0) $(1) $(LIBMOTE_LDLIBS)
endef

$(BUILD)/roots/kernel-tests.elf: $(KTEST_OBJS) $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	$(call ktest_link,$(KTEST_OBJS))

# The test image's boot archive: one boot-only file of a known pattern and
# one kept file, so the boot test can check that the boot-only head is
# reclaimable and the kept pages stay.
$(BUILD)/roots/kernel-tests.archive: $(BUILD)/bin/mkarchive
	@mkdir -p $(dir $@)
	@for i in $$(seq 1 400); do printf 'mote-boot-only-tail-%04d\n' $$i; done > $(BUILD)/roots/boot-tail.txt
	@$(BUILD)/bin/mkarchive -o $@ --boot tail=$(BUILD)/roots/boot-tail.txt \
	    kept=$(BUILD)/roots/boot-tail.txt

# The invocation fuzzer (tests/kernel/fuzz.c): the shared helpers, no tests.
# FUZZ_SEED=n and FUZZ_ITERS=n (make variables) pick another run,
# FUZZ_CHECK_FIRST=n (-1: all) and FUZZ_CHECK_EVERY=n how often the
# kernel's invariant checker runs (fuzz.h); the objects are rebuilt when
# they change.
FUZZ_SEED ?=
FUZZ_ITERS ?=
FUZZ_CHECK_FIRST ?=
FUZZ_CHECK_EVERY ?=
KFUZZ_DEFS := $(if $(FUZZ_SEED),-DFUZZ_SEED=$(FUZZ_SEED)ul) $(if $(FUZZ_ITERS),-DFUZZ_ITERS=$(FUZZ_ITERS)) \
              $(if $(FUZZ_CHECK_FIRST),-DFUZZ_CHECK_FIRST=$(FUZZ_CHECK_FIRST)) \
              $(if $(FUZZ_CHECK_EVERY),-DFUZZ_CHECK_EVERY=$(FUZZ_CHECK_EVERY))
KFUZZ_OWN := $(patsubst %.c,$(BUILD)/%.o,$(wildcard $(KTEST_DIR)/fuzz*.c))
KFUZZ_OBJS := $(filter-out $(BUILD)/$(KTEST_DIR)/main.o $(BUILD)/$(KTEST_DIR)/test_%,$(KTEST_OBJS)) \
              $(KFUZZ_OWN)
# A file that holds the defines and changes only when they do (written at
# parse time: .SECONDARY would keep make from remaking a missing stamp).
KFUZZ_STAMP := $(BUILD)/$(KTEST_DIR)/fuzz-defs
$(shell mkdir -p $(BUILD)/$(KTEST_DIR); echo '$(KFUZZ_DEFS)' | cmp -s - $(KFUZZ_STAMP) || \
        echo '$(KFUZZ_DEFS)' > $(KFUZZ_STAMP))

$(KFUZZ_OWN): $(BUILD)/$(KTEST_DIR)/%.o: $(KTEST_DIR)/%.c $(KTEST_HDRS) $(KFUZZ_STAMP)
	@mkdir -p $(dir $@)
	$(TCC) $(KTEST_CFLAGS) $(KFUZZ_DEFS) -c $< -o $@

$(BUILD)/roots/kernel-fuzz.elf: $(KFUZZ_OBJS) $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	$(call ktest_link,$(KFUZZ_OBJS))

$(BUILD)/roots/kernel-bench.elf: $(KBENCH_OBJS) $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	$(call ktest_link,$(KBENCH_OBJS))

# The preemption benchmark (tests/kernel/bench_preempt.c): the same
# helpers, its own main.
KPBENCH_OBJS := $(filter-out $(BUILD)/$(KTEST_DIR)/bench.o,$(KBENCH_OBJS)) \
                $(BUILD)/$(KTEST_DIR)/bench_preempt.o $(BUILD)/$(KTEST_DIR)/bench_preempt_lists.o
$(BUILD)/roots/kernel-preempt-bench.elf: $(KPBENCH_OBJS) $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	$(call ktest_link,$(KPBENCH_OBJS))

TEST_SUITES += kernel
BENCHES += bench-kernel bench-preempt

.PHONY: suite-kernel test-kernel bench-kernel kernel-tests
kernel-tests: $(BUILD)/roots/kernel-tests.elf $(BUILD)/roots/kernel-bench.elf

# Under -icount the RTC alarm comes at an exact instruction count (the
# preemption tests interrupt an operation every few thousand instructions;
# QEMU's host timers cannot do that) and the suite is deterministic.
KTEST_QEMU_FLAGS := -icount shift=0,sleep=off -rtc clock=vm
suite-kernel: deps $(BUILD)/images/kernel-tests.elf
	@scripts/run-suite.sh kernel 300 $(QEMU) $(QEMU_FLAGS) $(KTEST_QEMU_FLAGS) -kernel $(BUILD)/images/kernel-tests.elf

test-kernel: deps
	@rm -f $(BUILD)/results/kernel.log
	@$(MAKE) --no-print-directory suite-kernel
	@scripts/summarize.sh $(BUILD)/results/kernel.log

bench-kernel: deps $(BUILD)/images/kernel-bench.elf
	@out=$$(timeout --foreground -k 5 300 $(QEMU) $(QEMU_FLAGS) -icount shift=0 -rtc clock=vm \
	    -kernel $(BUILD)/images/kernel-bench.elf 2>&1 | tr -d '\r' | \
	    grep -E '^[a-z_]+ [0-9]+ [a-z]+$$'); echo "$$out"; \
	[ "$$(echo "$$out" | grep -c .)" -ge 6 ] || \
	    { echo "bench-kernel: the benchmark did not report its 6 figures" >&2; exit 1; }

# irq_latency_under_load on the kernel as built; kernel_max_nonpreemptible
# from the KERNEL_STRETCH kernel (kernel.mk), the larger of its two runs:
# the preemption workload and a fuzzer round.
KBENCH_RUN = timeout --foreground -k 5 600 $(QEMU) $(QEMU_FLAGS) -icount shift=0,sleep=off -rtc clock=vm -kernel
.PHONY: bench-preempt
bench-preempt: deps $(BUILD)/images/kernel-preempt-bench.elf \
               $(BUILD)/stretch-images/kernel-preempt-bench.elf $(BUILD)/stretch-images/kernel-fuzz.elf
	@lat=$$($(KBENCH_RUN) $(BUILD)/images/kernel-preempt-bench.elf 2>&1 | tr -d '\r' | \
	    grep -E '^(irq_latency_under_load [0-9]+ [a-z]+|# workload .*|# revoke .*)$$'); \
	w=$$($(KBENCH_RUN) $(BUILD)/stretch-images/kernel-preempt-bench.elf 2>&1 | tr -d '\r' | \
	    sed -n 's/^kernel_max_nonpreemptible \([0-9]*\) instructions$$/\1/p'); \
	f=$$($(KBENCH_RUN) $(BUILD)/stretch-images/kernel-fuzz.elf 2>&1 | tr -d '\r' | \
	    sed -n 's/^kernel_max_nonpreemptible \([0-9]*\) instructions$$/\1/p'); \
	echo "$$lat"; echo "# kernel_max_nonpreemptible: workload $$w, fuzzer round $$f"; \
	[ -n "$$w" ] && [ -n "$$f" ] && echo "$$lat" | grep -q '^irq_latency_under_load' || \
	    { echo "bench-preempt: a run did not report its figure" >&2; exit 1; }; \
	echo "kernel_max_nonpreemptible $$(( w > f ? w : f )) instructions"

# The kernel suite and a fuzzer round on the stress kernel (kernel.mk),
# where every preemption point preempts: whatever restarts must end as
# if it had not.
TEST_SUITES += kstress kfstress
.PHONY: suite-kstress suite-kfstress test-kpreempt
suite-kstress: deps $(BUILD)/stress-images/kernel-tests.elf
	@scripts/run-suite.sh kstress 300 $(QEMU) $(QEMU_FLAGS) $(KTEST_QEMU_FLAGS) -kernel $(BUILD)/stress-images/kernel-tests.elf

suite-kfstress: deps $(BUILD)/stress-images/kernel-fuzz.elf
	@scripts/run-suite.sh kfstress 240 $(QEMU) $(QEMU_FLAGS) -kernel $(BUILD)/stress-images/kernel-fuzz.elf

test-kpreempt: deps
	@rm -f $(BUILD)/results/kstress.log $(BUILD)/results/kfstress.log
	@$(MAKE) --no-print-directory suite-kstress suite-kfstress
	@scripts/summarize.sh $(BUILD)/results/kstress.log $(BUILD)/results/kfstress.log

# The fuzzer as a suite: about 16 s of 200,000 random operations, the
# kernel's invariant checker after each of the first 20,000 and every 64th
# after.  It reports each round in its log, so a failure or a timeout
# shows the round it happened in.
TEST_SUITES += kfuzz
.PHONY: suite-kfuzz test-kfuzz kernel-fuzz
kernel-fuzz: $(BUILD)/images/kernel-fuzz.elf

# $(1): the suite's name: on a failure, the last round the log reached.
kfuzz_where = @grep -q '^not ok' $(BUILD)/results/$(1).log && \
    echo "$(1): the last round reported: $$(grep '^\# round' $(BUILD)/results/$(1).log | tail -1)" || true

suite-kfuzz: deps $(BUILD)/images/kernel-fuzz.elf
	@scripts/run-suite.sh kfuzz 240 $(QEMU) $(QEMU_FLAGS) -kernel $(BUILD)/images/kernel-fuzz.elf
	$(call kfuzz_where,kfuzz)

test-kfuzz: deps
	@rm -f $(BUILD)/results/kfuzz.log
	@$(MAKE) --no-print-directory suite-kfuzz
	@scripts/summarize.sh $(BUILD)/results/kfuzz.log

# The long fuzz run, not part of `make test`: rounds until 10,000,000
# invocations, the invariant checker after every operation
# (2,922 s, about 50 minutes, nice'd on the shared 2-core machine).  Its
# objects are built apart from the suite's.
KFUZZ_LONG_DEFS := -DFUZZ_ITERS=0 -DFUZZ_MIN_INVOCATIONS=10000000 -DFUZZ_CHECK_FIRST=-1 \
                   $(if $(FUZZ_SEED),-DFUZZ_SEED=$(FUZZ_SEED)ul)
KFUZZ_LONG_OWN := $(patsubst $(BUILD)/$(KTEST_DIR)/%,$(BUILD)/$(KTEST_DIR)/long/%,$(KFUZZ_OWN))

$(KFUZZ_LONG_OWN): $(BUILD)/$(KTEST_DIR)/long/%.o: $(KTEST_DIR)/%.c $(KTEST_HDRS) $(KFUZZ_STAMP)
	@mkdir -p $(dir $@)
	$(TCC) $(KTEST_CFLAGS) $(KFUZZ_LONG_DEFS) -c $< -o $@

$(BUILD)/roots/kernel-fuzz-long.elf: $(filter-out $(KFUZZ_OWN),$(KFUZZ_OBJS)) $(KFUZZ_LONG_OWN) \
                                    $(LIBMOTE) $(LIBMOTE_CRT0) $(LIBMOTE_LDSCRIPT)
	$(call ktest_link,$(filter-out $(KFUZZ_OWN),$(KFUZZ_OBJS)) $(KFUZZ_LONG_OWN))

.PHONY: test-kfuzz-long
test-kfuzz-long: deps $(BUILD)/images/kernel-fuzz-long.elf
	@rm -f $(BUILD)/results/kfuzz-long.log
	@start=$$(date +%s); \
	scripts/run-suite.sh kfuzz-long 14400 $(QEMU) $(QEMU_FLAGS) -kernel $(BUILD)/images/kernel-fuzz-long.elf; \
	echo "kfuzz-long: $$(grep -m1 '^\# invariant checks' $(BUILD)/results/kfuzz-long.log), $$(( $$(date +%s) - start )) s"
	$(call kfuzz_where,kfuzz-long)
	@scripts/summarize.sh $(BUILD)/results/kfuzz-long.log

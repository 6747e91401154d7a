# SPDX-License-Identifier: BSD-2-Clause
# motec, the assembly compiler (host tool), and its unit tests.

MOTEC_SRCS := $(filter-out tools/motec/main.c,$(wildcard tools/motec/*.c))
MOTEC_OBJS := $(MOTEC_SRCS:tools/motec/%.c=$(BUILD)/motec/%.o)
MOTEC_HDRS := $(wildcard tools/motec/*.h) $(wildcard include/mote/*.h) $(wildcard tools/common/*.h)
MOTEC_TEST_SRCS := $(wildcard tests/motec/*.c)
MOTEC_TEST_BIN := $(BUILD)/tests/motec_tests
# -Wswitch-enum: a switch over an enum names every value (no default arm
# where the enum is closed), so adding a value points at each switch.
MOTEC_CFLAGS := $(HOST_CFLAGS) -Wswitch-enum

.PHONY: motec suite-motec
TEST_SUITES += motec

motec: $(BIN)/motec

$(BUILD)/motec/%.o: tools/motec/%.c $(MOTEC_HDRS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(MOTEC_CFLAGS) -Itools/common -c $< -o $@

# The shared ELF reader goes into the library too.
$(BUILD)/motec/libmotec.a: $(MOTEC_OBJS) $(COMMON_HOST_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/motec: $(BUILD)/motec/main.o $(BUILD)/motec/libmotec.a
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $^ -o $@

$(MOTEC_TEST_BIN): $(MOTEC_TEST_SRCS) $(wildcard tests/motec/*.h) $(BUILD)/motec/libmotec.a
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -Itools/motec -Itests/motec -DMOTEC_BIN='"$(BIN)/motec"' $(MOTEC_TEST_SRCS) \
	    $(BUILD)/motec/libmotec.a $(CMOCKA_LIBS) -o $@

# The tests run from the tree's top directory: data files are found as
# tests/motec/data/..., the standard imports as tools/motec/std.
suite-motec: $(MOTEC_TEST_BIN) $(BIN)/motec
	@CMOCKA_MESSAGE_OUTPUT=TAP scripts/run-suite.sh motec 300 $(MOTEC_TEST_BIN)

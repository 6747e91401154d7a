# SPDX-License-Identifier: BSD-2-Clause
# libmote: the user-space runtime, one static library for every user image.
LIBMOTE := $(BUILD)/lib/libmote.a
LIBMOTE_CFLAGS := $(USER_CFLAGS) -Wswitch-enum -Ilib/mote/include
LIBMOTE_SRCS := $(wildcard lib/mote/*.c lib/mote/dev/*.c)
LIBMOTE_OBJS := $(LIBMOTE_SRCS:%.c=$(BUILD)/%.o)
LIBMOTE_CRT0 := $(BUILD)/lib/mote/crt0_root.o
LIBMOTE_LDSCRIPT := lib/mote/user.ld
# Link flags of a user image (append the objects, then $(LIBMOTE_LDLIBS)).
USER_LDFLAGS := $(TARGET_ARCH) -nostdlib -static -T $(LIBMOTE_LDSCRIPT) \
                -Wl,--gc-sections -Wl,-z,max-page-size=4096
LIBMOTE_LDLIBS := $(LIBMOTE) -lgcc

$(BUILD)/lib/mote/%.o: lib/mote/%.c Makefile $(wildcard lib/mote/include/libmote/*.h lib/mote/include/libmote/*/*.h include/mote/*.h)
	@mkdir -p $(dir $@)
	$(TCC) $(LIBMOTE_CFLAGS) -c $< -o $@

$(LIBMOTE_CRT0): lib/mote/crt0_root.S
	@mkdir -p $(dir $@)
	$(TCC) $(TARGET_ASFLAGS) -c $< -o $@

$(LIBMOTE): $(LIBMOTE_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^

.PHONY: libmote
libmote: $(LIBMOTE) $(LIBMOTE_CRT0)

# libmote for code built with the F and D extensions and their calling
# convention (-march=rv64imafdc -mabi=lp64d): the same sources, built again,
# since objects of the two ABIs do not link together.  libgcc's default
# multilib is this one.  A thread runs such code once it has an FPU object.
MT_FP_ARCH := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany
LIBMOTE_FP := $(BUILD)/lib/lp64d/libmote.a
LIBMOTE_FP_OBJS := $(LIBMOTE_SRCS:lib/mote/%.c=$(BUILD)/lib/lp64d/mote/%.o)
LIBMOTE_FP_CRT0 := $(BUILD)/lib/lp64d/mote/crt0_root.o
USER_FP_LDFLAGS := $(MT_FP_ARCH) -nostdlib -static -T $(LIBMOTE_LDSCRIPT) \
                   -Wl,--gc-sections -Wl,-z,max-page-size=4096
LIBMOTE_FP_LDLIBS := $(LIBMOTE_FP) -lgcc

$(BUILD)/lib/lp64d/mote/%.o: lib/mote/%.c Makefile $(wildcard lib/mote/include/libmote/*.h lib/mote/include/libmote/*/*.h include/mote/*.h)
	@mkdir -p $(dir $@)
	$(TCC) $(LIBMOTE_CFLAGS) $(MT_FP_ARCH) -c $< -o $@

$(BUILD)/lib/lp64d/mote/%.o: lib/mote/%.S
	@mkdir -p $(dir $@)
	$(TCC) $(TARGET_ASFLAGS) $(MT_FP_ARCH) -c $< -o $@

$(LIBMOTE_FP): $(LIBMOTE_FP_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^

# libmote: the user-space runtime, one static library for every user image.
LIBMOTE := $(BUILD)/lib/libmote.a
LIBMOTE_CFLAGS := $(TARGET_CFLAGS) -Wswitch-enum -Ilib/mote/include
LIBMOTE_SRCS := $(wildcard lib/mote/*.c)
LIBMOTE_OBJS := $(LIBMOTE_SRCS:%.c=$(BUILD)/%.o)
LIBMOTE_CRT0 := $(BUILD)/lib/mote/crt0_root.o
LIBMOTE_LDSCRIPT := lib/mote/user.ld
# Link flags of a user image (append the objects, then $(LIBMOTE_LDLIBS)).
USER_LDFLAGS := $(TARGET_ARCH) -nostdlib -static -T $(LIBMOTE_LDSCRIPT) \
                -Wl,--gc-sections -Wl,-z,max-page-size=4096
LIBMOTE_LDLIBS := $(LIBMOTE) -lgcc

$(BUILD)/lib/mote/%.o: lib/mote/%.c $(wildcard lib/mote/include/libmote/*.h lib/mote/include/libmote/*/*.h include/mote/*.h)
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

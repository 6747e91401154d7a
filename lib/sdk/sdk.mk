# SPDX-License-Identifier: BSD-2-Clause
# The application SDK (lib/sdk) and the applications (apps/).
#   make apps          every application in apps/apps.mk -> build/apps/NAME.bundle
#   make libsdk        build/lib/sdk/libsdk.a, crt0 and the linker script
#
# An application is apps/NAME/NAME.c and one line in apps/apps.mk:
#   $(eval $(call sdk_app,NAME,version=X.Y.Z quota=BYTES priority=P stack=BYTES))
# The manifest values go to mkbundle (--version= ...) and the stack size
# also to the linker (the stack block lies below the data; <mote/bundle.h>).
# Sizes may end in K or M.  Built rv64imac/lp64, linked with libsdk and
# libmote's freestanding parts (mt_vsnprintf, string functions).

SDK_DIR := $(BUILD)/lib/sdk
LIBSDK := $(SDK_DIR)/libsdk.a
SDK_CRT0 := $(SDK_DIR)/crt0.o
SDK_LDSCRIPT := $(SDK_DIR)/app.ld
SDK_CFLAGS := $(USER_CFLAGS) -Ilib/sdk/include -Ilib/mote/include
SDK_SRCS := $(wildcard lib/sdk/*.c)
SDK_OBJS := $(SDK_SRCS:%.c=$(BUILD)/%.o)
SDK_HDRS := $(wildcard lib/sdk/*.h lib/sdk/include/*.h include/mote/*.h lib/mote/include/libmote/*.h)
APPS_DIR := $(BUILD)/apps
MKBUNDLE := $(BIN)/mkbundle
APPS :=

$(BUILD)/lib/sdk/%.o: lib/sdk/%.c $(SDK_HDRS) Makefile
	@mkdir -p $(@D)
	$(TCC) $(SDK_CFLAGS) -c $< -o $@

$(SDK_CRT0): lib/sdk/crt0.S
	@mkdir -p $(@D)
	$(TCC) $(TARGET_ASFLAGS) -c $< -o $@

# The window's addresses come from <mote/bundle.h>.
$(SDK_LDSCRIPT): lib/sdk/app.ld.S include/mote/bundle.h
	@mkdir -p $(@D)
	$(TCC) -E -P -x assembler-with-cpp -Iinclude $< -o $@

$(LIBSDK): $(SDK_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(CROSS)ar rcs $@ $^

# The validator compiled freestanding for the target too, as the process
# manager will: it must not need more than the compiler gives.
$(BUILD)/lib/bundle/%.o: lib/bundle/%.c $(wildcard lib/bundle/*.h) include/mote/bundle.h
	@mkdir -p $(@D)
	$(TCC) $(TARGET_CFLAGS) -Ilib/bundle -c $< -o $@
SDK_BUNDLE_TARGET_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard lib/bundle/*.c))

# The value of KEY=... in a manifest list.
sdk_field = $(patsubst $(1)=%,%,$(filter $(1)=%,$(2)))

# $(call sdk_app,NAME,MANIFEST): the rules of one application.
define sdk_app
APPS += $(1)
$(APPS_DIR)/$(1).o: apps/$(1)/$(1).c $(SDK_HDRS) Makefile
	@mkdir -p $$(@D)
	$(TCC) $(SDK_CFLAGS) -c $$< -o $$@
$(APPS_DIR)/$(1).elf: $(APPS_DIR)/$(1).o $(SDK_CRT0) $(LIBSDK) $(LIBMOTE) $(SDK_LDSCRIPT) apps/apps.mk
	$(TCC) $(TARGET_LINK_ARCH) -nostdlib -static -T $(SDK_LDSCRIPT) -Wl,--gc-sections \
	    -Wl,-z,max-page-size=4096 -Wl,--defsym=SDK_STACK_BYTES=$(call sdk_field,stack,$(2)) \
	    $(SDK_CRT0) $$< $(LIBSDK) $(LIBMOTE) -lgcc -o $$@
# The bundle carries the stripped ELF; NAME.elf keeps the symbols for gdb.
$(APPS_DIR)/$(1).bundle: $(APPS_DIR)/$(1).elf $(MKBUNDLE) lib/sdk/sdk.mk
	$(CROSS)strip -o $(APPS_DIR)/$(1).stripped $$<
	$(MKBUNDLE) --name=$(1) $(addprefix --,$(2)) -o $$@ $(APPS_DIR)/$(1).stripped
endef

-include apps/apps.mk

.PHONY: apps libsdk
libsdk: $(LIBSDK) $(SDK_CRT0) $(SDK_LDSCRIPT)
apps: $(APPS:%=$(APPS_DIR)/%.bundle) $(SDK_BUNDLE_TARGET_OBJS)

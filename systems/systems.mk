# SPDX-License-Identifier: BSD-2-Clause
# Systems: a CAmkES assembly → a bootable image $(BUILD)/images/NAME.elf.
#
#   make system-NAME          build one system
#
# Every systems/NAME/NAME.camkes is a system.  Other .mk files (tests/,
# tools/, mk/: the Makefile includes them after this one) add one with
#   $(eval $(call mote_system,NAME))
# after setting, where the defaults do not fit,
#   SYSTEM_CAMKES_NAME := path/to/NAME.camkes      (systems/NAME/NAME.camkes)
#   SYSTEM_COMPONENTS_NAME := dir ...              (components): TYPE's
#                                                  sources are DIR/TYPE/*.c
#   SYSTEM_LDSCRIPT_NAME := file.ld                (the component script)
#   SYSTEM_CRT0_NAME := file.S                     (the component crt0; set
#                                                  empty for none)
#
# An instance with the attribute fpu = true (MT_FPU_<inst> := 1 in the
# manifest; its header defines MT_COMPONENT_FPU) is compiled and linked
# -march=rv64imafdc -mabi=lp64d against the lp64d libmote; its threads get
# FPU objects.
#
# The flow: motec writes the headers (they do not depend on the ELFs) and
# manifest.mk (the instances, their types and FP builds, which the recipe reads);
# every component instance is compiled from its type's sources with
# -I$(BUILD)/NAME -DMT_INSTANCE=<inst> -DMT_GEN_HEADER="<inst>_gen.h" (so a
# source says #include MT_GEN_HEADER), linked with libmote at 0x100000 and
# stripped (a type with a stack.calls file is linked with the stack it asks
# for, and scripts/stack-check.sh must find its measured need within it);
# motec runs again with --elf <inst>=<stripped ELF> for the final
# spec and fit check; mkarchive packs the ELFs and the spec into
# $(BUILD)/roots/NAME.archive; the rootserver is the root task
# $(BUILD)/roots/NAME.elf; kernel/kernel.mk links the image.

MOTE_COMPONENT_LD := $(firstword $(wildcard lib/mote/component.ld) tests/rootserver/component.ld)
MOTE_COMPONENT_CRT0 := $(wildcard lib/mote/crt0_component.S)
SYS_CFLAGS := $(USER_CFLAGS) -Ilib/mote/include
SYS_LDFLAGS := $(TARGET_ARCH) -nostdlib -static -Wl,--gc-sections -Wl,-z,max-page-size=4096

SYSTEMS := $(foreach f,$(wildcard systems/*/*.camkes),$(if $(filter $(notdir $(f:.camkes=)),\
             $(notdir $(patsubst %/,%,$(dir $(f))))),$(notdir $(f:.camkes=))))

sys_camkes = $(or $(SYSTEM_CAMKES_$(1)),systems/$(1)/$(1).camkes)
sys_dirs = $(or $(SYSTEM_COMPONENTS_$(1)),components)
sys_ld = $(or $(SYSTEM_LDSCRIPT_$(1)),$(MOTE_COMPONENT_LD))
sys_crt0 = $(if $(filter undefined,$(origin SYSTEM_CRT0_$(1))),$(MOTE_COMPONENT_CRT0),$(SYSTEM_CRT0_$(1)))

# The archive's recipe (shell): $(1) is the system, $(2) the archive.
define mote_build_archive
	set -e; out=$(BUILD)/$(1); obj=$$out/obj; camkes=$(call sys_camkes,$(1)); \
	mkdir -p $$obj $(dir $(2)); rm -f $$out/*_gen.h $$out/manifest.mk; \
	$(BIN)/motec -o $$out $$camkes; \
	eval "$$(sed -n 's/^\(MT_[A-Za-z0-9_]*\) := \(.*\)$$/\1="\2"/p' $$out/manifest.mk)"; \
	crt0=; crt0fp=; if [ -n "$(call sys_crt0,$(1))" ]; then crt0=$$obj/crt0.o; crt0fp=$$obj/crt0-lp64d.o; \
	  $(TCC) $(TARGET_ASFLAGS) -Ilib/mote/include -c $(call sys_crt0,$(1)) -o $$crt0; \
	  $(TCC) $(TARGET_ASFLAGS) $(MT_FP_ARCH) -Ilib/mote/include -c $(call sys_crt0,$(1)) -o $$crt0fp; fi; \
	elfs=; \
	for inst in $$MT_INSTANCES; do \
	  eval type=\$$MT_TYPE_$$inst fpu=\$$MT_FPU_$$inst; \
	  srcs=; for d in $(call sys_dirs,$(1)); do \
	    [ -n "$$srcs" ] || srcs=$$(ls $$d/$$type/*.c 2>/dev/null || true); done; \
	  if [ -z "$$srcs" ]; then echo "$$camkes: error: no sources for component $$type" \
	    "of instance '$$inst' (looked for DIR/$$type/*.c in $(call sys_dirs,$(1)))" >&2; exit 1; fi; \
	  objs=$$crt0; arch=; libs="$(LIBMOTE_LDLIBS)"; \
	  if [ "$$fpu" = 1 ]; then \
	    objs=$$crt0fp; arch="$(MT_FP_ARCH)"; libs="$(LIBMOTE_FP_LDLIBS)"; fi; \
	  for s in $$srcs; do o=$$obj/$$inst-$$(basename $$s .c).o; \
	    $(TCC) $(SYS_CFLAGS) $$arch -I$$out -DMT_INSTANCE=$$inst "-DMT_GEN_HEADER=\"$${inst}_gen.h\"" \
	      -c $$s -o $$o; objs="$$objs $$o"; done; \
	  calls=$$(dirname $$(set -- $$srcs; echo $$1))/stack.calls; stack=; \
	  if [ -f $$calls ]; then stack=$$(awk '$$1 == "stack" { print "-Wl,--defsym=MT_STACK0=" $$2 }' $$calls); fi; \
	  $(TCC) $(SYS_LDFLAGS) $$arch $$stack -T $(call sys_ld,$(1)) -o $$obj/$$inst.full.elf $$objs $$libs; \
	  if [ -f $$calls ]; then scripts/stack-check.sh $$obj/$$inst.full.elf lib/mote/stack.calls $$calls >/dev/null; fi; \
	  $(CROSS)strip -o $$out/$$inst.elf $$obj/$$inst.full.elf; \
	  elfs="$$elfs $$inst=$$out/$$inst.elf"; \
	done; \
	$(BIN)/motec -o $$out $$(for e in $$elfs; do printf -- '--elf %s ' $$e; done) $$camkes; \
	$(BIN)/mkarchive -o $(2) --spec $$out/system.spec $$elfs $$MT_FILES; \
	$(BIN)/mkarchive --root-cnode-slots $(2) > $(2:.archive=.cnode-slots)
endef

define mote_system
$(BUILD)/roots/$(1).archive: $(call sys_camkes,$(1)) $(call sys_ld,$(1)) $(call sys_crt0,$(1)) \
    $(wildcard $(foreach d,$(call sys_dirs,$(1)),$(d)/*/*.c $(d)/*/*.h $(d)/*/stack.calls)) \
    lib/mote/stack.calls scripts/stack-check.sh \
    $(wildcard $(dir $(call sys_camkes,$(1)))*.mote) \
    $(LIBMOTE) $(LIBMOTE_FP) $(BIN)/motec $(BIN)/mkarchive $(ROOTSERVER) systems/systems.mk
	@echo "  SYSTEM  $(1)"
	@$$(call mote_build_archive,$(1),$$@)

$(BUILD)/roots/$(1).elf: $(ROOTSERVER)
	@mkdir -p $$(@D)
	@cp $$< $$@

.PHONY: system-$(1)
system-$(1): $(BUILD)/images/$(1).elf
endef

$(foreach s,$(sort $(SYSTEMS)),$(eval $(call mote_system,$(s))))

# SPDX-License-Identifier: BSD-2-Clause
# The process manager's builtin bundles: builtins.h in a system's build
# directory, one BUILTIN(name, "path") line per bundle, which
# components/process_manager/builtins.c includes byte for byte.
#   $(eval $(call platform_builtins,SYSTEM,BUNDLE-FILES))
define platform_builtins
$(BUILD)/$(1)/builtins.h: $(2) systems/platform.mk
	@mkdir -p $$(@D)
	@for f in $(2); do n=$$$${f##*/}; echo "BUILTIN($$$${n%.bundle}, \"$$$$f\")"; done > $$@
$(BUILD)/roots/$(1).archive: $(BUILD)/$(1)/builtins.h
endef

# The default system: every application of apps/.
$(eval $(call platform_builtins,default,$(APPS:%=$(APPS_DIR)/%.bundle)))

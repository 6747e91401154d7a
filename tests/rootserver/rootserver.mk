# SPDX-License-Identifier: BSD-2-Clause
# The rootserver's boot test: the rsboot system booted in QEMU, four
# broken variants of it (a corrupt spec, a missing image, no keeper CNode,
# an IPC buffer where its frame is not mapped)
# and one without a memory owner (rsnoown), their consoles
# checked by tests/rootserver/boot-test.sh.
SYSTEM_CAMKES_rsboot := tests/rootserver/rsboot.camkes
SYSTEM_COMPONENTS_rsboot := tests/rootserver/components
SYSTEM_LDSCRIPT_rsboot := tests/rootserver/component.ld
SYSTEM_CRT0_rsboot :=
$(eval $(call mote_system,rsboot))

# rsnoown: the same system without a memory owner.
SYSTEM_CAMKES_rsnoown := tests/rootserver/rsnoown.camkes
SYSTEM_COMPONENTS_rsnoown := tests/rootserver/components
SYSTEM_LDSCRIPT_rsnoown := tests/rootserver/component.ld
SYSTEM_CRT0_rsnoown :=
$(eval $(call mote_system,rsnoown))

# rsbad: the spec's cap count (header offset 24) made absurd.
$(BUILD)/roots/rsbad.archive: $(BUILD)/roots/rsboot.archive
	@cp $(BUILD)/rsboot/system.spec $(BUILD)/rsboot/bad.spec
	@printf '\377\377\377\000' | dd of=$(BUILD)/rsboot/bad.spec bs=1 seek=24 conv=notrunc 2>/dev/null
	@$(BIN)/mkarchive -o $@ --spec $(BUILD)/rsboot/bad.spec client=$(BUILD)/rsboot/client.elf \
	    server=$(BUILD)/rsboot/server.elf

# rsnoimg: the client's image left out.
$(BUILD)/roots/rsnoimg.archive: $(BUILD)/roots/rsboot.archive
	@$(BIN)/mkarchive -o $@ --spec $(BUILD)/rsboot/system.spec server=$(BUILD)/rsboot/server.elf

# rsnokeep: the header names no keeper CNode (its keeper field, offset
# 84, set to MT_SPEC_NONE) though caps need keeping.
$(BUILD)/roots/rsnokeep.archive: $(BUILD)/roots/rsboot.archive
	@cp $(BUILD)/rsboot/system.spec $(BUILD)/rsboot/nokeep.spec
	@printf '\377\377\377\377' | dd of=$(BUILD)/rsboot/nokeep.spec bs=1 seek=84 conv=notrunc 2>/dev/null
	@$(BIN)/mkarchive -o $@ --spec $(BUILD)/rsboot/nokeep.spec client=$(BUILD)/rsboot/client.elf \
	    server=$(BUILD)/rsboot/server.elf

# rsnoipc: the first TCB's IPC buffer moved to a page its frame is not
# mapped at.
$(BUILD)/roots/rsnoipc.archive: $(BUILD)/roots/rsboot.archive tests/rootserver/spec-ipcbuf-elsewhere.sh
	@tests/rootserver/spec-ipcbuf-elsewhere.sh $(BUILD)/rsboot/system.spec $(BUILD)/rsboot/noipc.spec
	@$(BIN)/mkarchive -o $@ --spec $(BUILD)/rsboot/noipc.spec client=$(BUILD)/rsboot/client.elf \
	    server=$(BUILD)/rsboot/server.elf

$(BUILD)/roots/rsbad.elf $(BUILD)/roots/rsnoimg.elf $(BUILD)/roots/rsnokeep.elf \
$(BUILD)/roots/rsnoipc.elf: $(ROOTSERVER)
	@mkdir -p $(@D)
	@cp $< $@

RS_TEST_IMAGES := $(BUILD)/images/rsboot.elf $(BUILD)/images/rsbad.elf $(BUILD)/images/rsnoimg.elf \
                  $(BUILD)/images/rsnoown.elf $(BUILD)/images/rsnokeep.elf \
                  $(BUILD)/images/rsnoipc.elf

.PHONY: suite-rootserver
suite-rootserver: deps $(RS_TEST_IMAGES)
	@QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" \
	    scripts/run-suite.sh rootserver 120 tests/rootserver/boot-test.sh $(RS_TEST_IMAGES)
TEST_SUITES += rootserver

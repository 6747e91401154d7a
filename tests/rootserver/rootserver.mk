# The rootserver's boot test: the rsboot system booted in QEMU, its
# console checked by tests/rootserver/boot-test.sh.
SYSTEM_CAMKES_rsboot := tests/rootserver/rsboot.camkes
SYSTEM_COMPONENTS_rsboot := tests/rootserver/components
SYSTEM_LDSCRIPT_rsboot := tests/rootserver/component.ld
SYSTEM_CRT0_rsboot :=
$(eval $(call mote_system,rsboot))

.PHONY: suite-rootserver
suite-rootserver: deps $(BUILD)/images/rsboot.elf
	@scripts/run-suite.sh rootserver 120 tests/rootserver/boot-test.sh $(BUILD)/images/rsboot.elf

# tests/boot/boot.mk - `make boot-test`: build/mtpm-static inside a real
# Debian 12 kernel under QEMU (TCG), against swtpm as tpm-tis and tpm-crb.
# See tests/boot/boot-test.sh. Needs the Debian mirror once, to fetch the
# kernel package into $(BUILD)/boot/kernel.
boot-test: $(STATIC_BIN)
	sh tests/boot/boot-test.sh $(BUILD)

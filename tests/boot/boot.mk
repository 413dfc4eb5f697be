# tests/boot/boot.mk - `make boot-test`: build/mtpm-static inside a real
# Debian 12 kernel under QEMU (TCG), against swtpm as tpm-tis and tpm-crb,
# then a LUKS2 root opened at boot by Debian's initramfs with the mtpm
# keyscript (tests/boot/luks-boot.sh; the full build/mtpm pins the parents
# and enrols on the host). See tests/boot/boot-test.sh. Needs the Debian
# mirror once, to fetch the kernel package into $(BUILD)/boot/kernel.
.PHONY: boot-test
boot-test: $(STATIC_BIN) $(CLI)
	sh tests/boot/boot-test.sh $(BUILD)

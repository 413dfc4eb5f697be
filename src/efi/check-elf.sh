#!/bin/sh
# src/efi/check-elf.sh ELF - what objcopy cannot see: mtpm.so must be an
# image the firmware loads exactly as linked.
#
#  1. Every allocated section is one objcopy copies into the PE image
#     (efi.mk EFI_SECTIONS) or one nothing reads at run time. Debian's
#     elf_x86_64_efi.lds gathers .rodata*, .data* and .bss (not .bss.*)
#     into .data; an orphan such as a -fdata-sections .bss.x would be
#     silently dropped and its variable would alias whatever follows the
#     image in memory.
#  2. No undefined symbol: a PE image imports nothing.
#  3. Only R_X86_64_RELATIVE relocations: gnu-efi's _relocate applies
#     those and nothing else.
set -eu
elf=$1
fail=0
# readelf -SW: "[Nr] Name Type Address Off Size ES Flg ..."
bad=$(readelf -SW "$elf" | awk '
	/^ *\[ *[0-9]+\]/ {
		sub(/^ *\[ *[0-9]+\] */, "")
		name = $1; flg = $7
		if (flg !~ /A/) next
		if (name ~ /^(\.text|\.sdata|\.data|\.dynamic|\.dynsym|\.rel|\.rela|\.rel\..*|\.rela\..*|\.reloc)$/) next
		if (name ~ /^(\.hash|\.gnu\.hash|\.eh_frame|\.note\.gnu\.build-id|\.dynstr)$/) next
		print name
	}')
if [ -n "$bad" ]; then
	echo "check-elf: $elf: allocated sections objcopy would drop: $bad" >&2
	fail=1
fi
und=$(nm -D --undefined-only "$elf" 2>/dev/null | awk '{print $2}' | tr '\n' ' ')
if [ -n "$und" ]; then
	echo "check-elf: $elf: undefined symbols: $und" >&2
	fail=1
fi
rel=$(readelf -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ +R_/ && $3 != "R_X86_64_RELATIVE" {print $3}' | sort -u | tr '\n' ' ')
if [ -n "$rel" ]; then
	echo "check-elf: $elf: relocations _relocate does not apply: $rel" >&2
	fail=1
fi
# 4. crt0's .reloc survived --gc-sections: the PE needs a relocation
#    directory or the firmware will not load it.
if ! readelf -SW "$elf" | grep -q ' \.reloc '; then
	echo "check-elf: $elf: no .reloc section" >&2
	fail=1
fi
exit $fail

# src/efi/efi.mk - mtpm.efi, the UEFI application (src/efi/README.md).
#
#   make efi          $(BUILD)/mtpm.efi: the freestanding core (the same
#                     source list as `make freestanding`) + the BearSSL
#                     backend on platform entropy + transport/efi.c +
#                     src/efi/*.c, linked with Debian's gnu-efi, printed
#                     with its size. Objects go under $(BUILD)/efi/.
#   MTPM_EFI_BUILD_ID=STR  printed at start, so a second, different image
#                     can be built (a changed boot application: PCR 4).
#
# Included by the top-level Makefile (`include src/efi/efi.mk`); uses its
# BUILD, WARN and BEARSSL_A when set. Before that line exists:
#   make -f Makefile -f src/efi/efi.mk BUILD=build-efi efi
#
# Calling convention: -DGNU_EFI_USE_MS_ABI, so EFIAPI is
# __attribute__((ms_abi)) and every firmware call is a plain C call (no
# uefi_call_wrapper thunks); transport/efi.c declares SubmitCommand with
# the same attribute.

EFI_CC       ?= gcc
EFI_DIR       = $(BUILD)/efi
EFI_BIN       = $(BUILD)/mtpm.efi
EFI_ELF       = $(EFI_DIR)/mtpm.so
EFI_MAP       = $(EFI_DIR)/mtpm.map
EFI_LIBDIR   ?= /usr/lib
EFI_INCDIR   ?= /usr/include/efi
EFI_BEARSSL  ?= $(if $(BEARSSL_A),$(BEARSSL_A),/usr/lib/x86_64-linux-gnu/libbearssl.a)
EFI_WARN     ?= $(if $(WARN),$(WARN),-Wall -Wextra)
MTPM_EFI_BUILD_ID ?=
# Budget (src/efi/README.md): the image must fit 96 KiB.
EFI_BUDGET    = 98304

# The core: the same list `make freestanding` builds (examples/examples.mk
# FS_SRC), spelled out so this file does not depend on include order.
EFI_CORE_SRC  = $(sort $(foreach d,src/marshal src/cmds src/session src/seal,$(wildcard $(d)/*.c)) \
                  src/crypto/ct.c src/crypto/hash.c src/crypto/kdf.c \
                  transport/callback.c transport/frame.c)
# The BearSSL table (random from the app's platform sources, see
# MTPM_CRYPTO_EXTERNAL_RANDOM in src/crypto/bearssl.c), the TCG2 transport
# and the app.
EFI_APP_SRC   = src/crypto/bearssl.c transport/efi.c $(sort $(wildcard src/efi/*.c))
EFI_OBJ       = $(EFI_CORE_SRC:%.c=$(EFI_DIR)/obj/%.o) $(EFI_APP_SRC:%.c=$(EFI_DIR)/obj/%.o)

# gnu-efi's flags (position-independent, no red zone: firmware interrupts
# run on our stack; wchar_t is UCS-2) plus the core's freestanding ones.
# -fvisibility=hidden: nothing is exported from the .so, so --gc-sections
# may drop every unreferenced function (a -shared link keeps exported ones).
# -fno-stack-protector for our objects: there is no TLS canary in firmware;
# Debian's BearSSL objects are built with one, see efi_canary in rt.c.
EFI_CFLAGS    = -std=c11 $(EFI_WARN) -Os -Iinclude -isystem $(EFI_INCDIR) -isystem $(EFI_INCDIR)/x86_64 \
                -ffreestanding -fno-builtin -fno-stack-protector -fpic -fshort-wchar \
                -mno-red-zone -DGNU_EFI_USE_MS_ABI -DMTPM_CRYPTO_EXTERNAL_RANDOM \
                -DMTPM_NO_SHA512 -DMTPM_RC_NAMES_ONLY -DMTPM_TABLE_LEAN -fvisibility=hidden \
                -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
                -fstack-usage -fcallgraph-info=su
# Debian's elf_x86_64_efi.lds gathers .rodata*, .data* and .bss into the
# one .data section objcopy keeps, but not the .bss.NAME sections that
# -fdata-sections makes: the linker would place them as orphans after
# .data, objcopy would drop them, and their variables would alias memory
# past the image. And --gc-sections drops crt0's .reloc (nothing refers
# to it), without which the PE has no relocation directory and the
# firmware refuses to load it ("Not Found"). The script is used as
# installed with those two lines changed (check-elf.sh proves nothing
# allocated is left out and .reloc is there).
EFI_LDS       = $(EFI_DIR)/elf_x86_64_efi.lds
EFI_LDFLAGS   = -nostdlib -znocombreloc -T $(EFI_LDS) -shared \
                -Bsymbolic --gc-sections --exclude-libs ALL -Map=$(EFI_MAP)
EFI_SECTIONS  = -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
                -j .rela -j '.rel.*' -j '.rela.*' -j .reloc

.PHONY: efi efi-build-id
efi: $(EFI_BIN)

# The build ID lives in a generated header that changes only when the
# value does, so a new ID rebuilds main.o and nothing else.
$(EFI_DIR)/build_id.h: efi-build-id
	@mkdir -p $(dir $@)
	@printf '#define MTPM_EFI_BUILD_ID "%s"\n' '$(MTPM_EFI_BUILD_ID)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(EFI_DIR)/obj/src/efi/main.o: $(EFI_DIR)/build_id.h

$(EFI_DIR)/obj/%.o: %.c src/efi/efi.mk
	@mkdir -p $(dir $@)
	$(EFI_CC) $(EFI_CFLAGS) -I$(EFI_DIR) -MMD -MP -c $< -o $@

$(EFI_LDS): $(EFI_LIBDIR)/elf_x86_64_efi.lds src/efi/efi.mk
	@mkdir -p $(dir $@)
	sed -e 's/^\( *\)\*(\.bss)$$/\1*(.bss .bss.*)/' \
	    -e 's/^\( *\)\*(\.reloc)$$/\1KEEP(*(.reloc))/' $< > $@
	@grep -q '(.bss .bss.\*)' $@ && grep -q 'KEEP(\*(.reloc))' $@ || \
	    { echo "efi: $< changed: no *(.bss) or *(.reloc) line to adapt" >&2; rm -f $@; exit 1; }

$(EFI_ELF): $(EFI_OBJ) $(EFI_LDS) src/efi/efi.mk
	ld $(EFI_LDFLAGS) -o $@ $(EFI_LIBDIR)/crt0-efi-x86_64.o $(EFI_OBJ) \
	    $(EFI_BEARSSL) -L$(EFI_LIBDIR) -lefi -lgnuefi
	@sh src/efi/check-elf.sh $@

$(EFI_BIN): $(EFI_ELF)
	@# --strip-all: no COFF symbol table in the image (17 KiB the firmware
	@# never reads); $(EFI_MAP) keeps the names.
	objcopy $(EFI_SECTIONS) --strip-all --target efi-app-x86_64 --subsystem=10 $< $@
	@sz=$$(stat -c %s $@); echo "efi: $@ $$sz bytes (budget $(EFI_BUDGET))"; \
	    if [ $$sz -gt $(EFI_BUDGET) ]; then echo "efi: over budget" >&2; exit 1; fi

-include $(EFI_OBJ:.o=.d)

# tests/luks/common.sh - helpers shared by the LUKS2 fixture scripts
# (POSIX sh; source it). See tests/luks/README.md.
#
# Every TPM access goes to the swtpm named by $TPM2TOOLS_TCTI (tpm2-tools,
# clevis) and $SWTPM_PORT (systemd tools: swtpm:host=127.0.0.1,port=P), as
# tests/lib/swtpm.sh `swtpm_start --tcp` exports them.
#
# tpm2-tools talks to swtpm without a resource manager, so every tool
# leaves its objects loaded, and systemd-cryptenroll 252 leaves one HMAC
# session loaded after its test unseal: luks_flush empties the TPM's
# transient and session slots after each step (the TPM holds only 3
# objects and 3 loaded sessions).

luks_die() {
	echo "${LUKS_PROG:-luks}: $*" >&2
	exit 1
}

# luks_need_env: the swtpm variables are set.
luks_need_env() {
	[ -n "${SWTPM_PORT:-}" ] || luks_die "SWTPM_PORT is not set (start swtpm with tests/lib/swtpm.sh swtpm_start --tcp)"
	[ -n "${TPM2TOOLS_TCTI:-}" ] || luks_die "TPM2TOOLS_TCTI is not set"
	export TPM2TOOLS_TCTI
	# shellcheck disable=SC2034 # used by the scripts that source this
	LUKS_SD_TCTI="swtpm:host=127.0.0.1,port=$SWTPM_PORT"
}

luks_flush() {
	tpm2_flushcontext -t >/dev/null 2>&1
	tpm2_flushcontext -l >/dev/null 2>&1
	tpm2_flushcontext -s >/dev/null 2>&1
	:
}

# luks_systemd_bin NAME: path of a systemd helper that is not on PATH
# (systemd-cryptsetup, systemd-measure live in /lib/systemd on Debian).
luks_systemd_bin() {
	for _d in /usr/lib/systemd /lib/systemd; do
		if [ -x "$_d/$1" ]; then
			echo "$_d/$1"
			return 0
		fi
	done
	return 1
}

# luks_hex: stdin as one line of lowercase hex.
luks_hex() {
	od -An -v -tx1 | tr -d ' \n'
}

# luks_sha HASH: the HASH digest (hex) of stdin.
luks_sha() {
	openssl dgst "-$1" -r | cut -d' ' -f1
}

# luks_pcr BANK N: PCR N of BANK, lowercase hex.
luks_pcr() {
	tpm2_pcrread "$1:$2" | sed -n 's/.*: 0x//p' | tr 'A-F' 'a-f'
}

# luks_u16 FILE: the big-endian UINT16 at the start of FILE.
luks_u16() {
	# shellcheck disable=SC2046 # the two numbers are meant to split
	set -- $(od -An -tu1 -N2 "$1")
	echo $(($1 * 256 + $2))
}

# luks_split_tpm2b FILE A B: A = the first TPM2B of FILE (size field
# included), B = the rest. A systemd tpm2-blob is TPM2B_PRIVATE then
# TPM2B_PUBLIC, back to back.
luks_split_tpm2b() {
	_n=$(($(luks_u16 "$1") + 2))
	head -c "$_n" "$1" >"$2"
	tail -c +$((_n + 1)) "$1" >"$3"
}

# luks_jstr FILE KEY...: the string at KEY/KEY/... of the JSON in FILE
# (exit 1 if absent or not a string).
luks_jstr() {
	_f=$1
	shift
	_q=
	for _k in "$@"; do _q="$_q -g $_k"; done
	# shellcheck disable=SC2086 # the -g list is meant to split
	jose fmt -j "$_f" -O $_q -Su- 2>/dev/null
}

# luks_jlist FILE KEY: the array of numbers at KEY as "a,b,c" ("" if empty).
luks_jlist() {
	jose fmt -j "$1" -Og "$2" -Af- 2>/dev/null | tr -d '"' | paste -sd, -
}

# luks_jtrue FILE KEY: exit 0 if KEY is the JSON literal true.
luks_jtrue() {
	jose fmt -j "$1" -Og "$2" -T >/dev/null 2>&1
}

# luks_rsa_tpm2b PEM OUT: the TPM2B_PUBLIC systemd 252 loads (TPM2_LoadExternal,
# owner hierarchy) for a PEM RSA public key when it checks a signed PCR
# policy: type RSA, nameAlg SHA-256, attributes 0x00060040 (userWithAuth |
# decrypt | sign), no symmetric, scheme NULL, keyBits from the modulus,
# exponent 65537 written out (not 0), unique = the modulus. See
# docs/luks-formats.md, "signed PCR policy".
luks_rsa_tpm2b() {
	_mod=$(openssl rsa -pubin -in "$1" -noout -modulus 2>/dev/null | sed -n 's/^Modulus=//p' | tr 'A-F' 'a-f')
	[ -n "$_mod" ] || return 1
	_nb=$((${#_mod} / 2))
	_exp=$(openssl rsa -pubin -in "$1" -noout -text 2>/dev/null | sed -n 's/^Exponent: \([0-9]*\).*/\1/p')
	[ "$_exp" = 65537 ] || return 1
	_area=$(printf '0001000b00060040000000100010%04x00010001%04x%s' \
		$((_nb * 8)) "$_nb" "$_mod")
	printf '%04x%s' $((${#_area} / 2)) "$_area" | xxd -r -p >"$2"
}

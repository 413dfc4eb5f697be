#!/bin/sh
# mtpm-unlock.sh - dracut initqueue/settled hook (dracut without systemd):
# open LUKS devices with `mtpm luks unlock` before cryptroot-ask asks.
#
# dracut-initqueue sources every initqueue/settled/*.sh in name order, each
# time udev has settled; ours is 20-mtpm-unlock.sh, and cryptroot-ask's
# jobs are cryptroot-ask-*.sh, so ours runs first. Sourced, so: no exit,
# and every variable ours (_mtpm_*).
#
# Devices: those of rd.luks.uuid= when given, else every crypto_LUKS
# device blkid sees. The mapping gets the name cryptroot-ask would give it
# (the /etc/crypttab name for that UUID, else luks-UUID), so cryptroot-ask
# finds it open and asks nothing. Each device is tried once per boot: on
# failure one line on the console, and cryptroot-ask asks for the
# passphrase as usual. rd.luks=0 turns it off, as it does dracut's crypt
# module. A token that wants a PIN is left to cryptroot-ask's prompt.
# The key is held in a shell variable between mtpm and cryptsetup, never
# in a file or on a command line.

_mtpm_unlock() {
	getargbool 1 rd.luks -d -n rd_NO_LUKS || return 0
	_mtpm_state=/run/mtpm-unlock
	mkdir -p "$_mtpm_state" && chmod 700 "$_mtpm_state" || return 0
	MTPM_TCTI=
	MTPM_UNLOCK_ARGS=
	[ -r /etc/mtpm/initramfs.conf ] && . /etc/mtpm/initramfs.conf
	set -- luks unlock
	[ -n "$MTPM_TCTI" ] && set -- -T "$MTPM_TCTI" "$@"
	# shellcheck disable=SC2086 # a word list by design
	set -- "$@" $MTPM_UNLOCK_ARGS

	_mtpm_devs=
	for _mtpm_u in $(getargs rd.luks.uuid -d rd_LUKS_UUID); do
		_mtpm_u=${_mtpm_u#luks-}
		[ -b "/dev/disk/by-uuid/$_mtpm_u" ] &&
			_mtpm_devs="$_mtpm_devs /dev/disk/by-uuid/$_mtpm_u"
	done
	if [ -z "$(getargs rd.luks.uuid -d rd_LUKS_UUID)" ]; then
		_mtpm_devs=$(blkid -t TYPE=crypto_LUKS -o device 2>/dev/null)
	fi

	for _mtpm_dev in $_mtpm_devs; do
		_mtpm_uuid=$(cryptsetup luksUUID "$_mtpm_dev" 2>/dev/null) || continue
		_mtpm_name=luks-$_mtpm_uuid
		if [ -r /etc/crypttab ]; then
			while read -r _mtpm_n _mtpm_d _mtpm_rest || [ -n "$_mtpm_n" ]; do
				[ "$_mtpm_d" = "UUID=$_mtpm_uuid" ] && _mtpm_name=$_mtpm_n && break
			done </etc/crypttab
		fi
		[ -b "/dev/mapper/$_mtpm_name" ] && continue
		[ -e "$_mtpm_state/$_mtpm_uuid" ] && continue
		: >"$_mtpm_state/$_mtpm_uuid"
		if cryptsetup luksDump --dump-json-metadata "$_mtpm_dev" 2>/dev/null |
			grep -Eq '"tpm2-pin"[[:space:]]*:[[:space:]]*true'; then
			warn "mtpm: $_mtpm_dev: the TPM token wants a PIN; leaving it to the passphrase prompt"
			continue
		fi
		[ -d /sys/module/dm_crypt ] || modprobe dm_crypt
		_mtpm_key=$(/usr/sbin/mtpm "$@" "$_mtpm_dev" </dev/null 2>"$_mtpm_state/err")
		_mtpm_rc=$?
		if [ $_mtpm_rc = 0 ]; then
			if printf '%s' "$_mtpm_key" |
				cryptsetup open --key-file - "$_mtpm_dev" "$_mtpm_name" 2>"$_mtpm_state/err"; then
				info "mtpm: $_mtpm_dev: opened as $_mtpm_name from the TPM"
			else
				warn "mtpm: $_mtpm_dev: cryptsetup refused the TPM's key ($(sed -n 1p "$_mtpm_state/err")); asking for the passphrase"
			fi
		else
			warn "mtpm: $_mtpm_dev: TPM unlock failed (mtpm exit $_mtpm_rc: $(sed -n 1p "$_mtpm_state/err")); asking for the passphrase"
		fi
		_mtpm_key=
	done
}

_mtpm_unlock
unset -f _mtpm_unlock

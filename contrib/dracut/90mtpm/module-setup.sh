#!/bin/bash
# 90mtpm - dracut module: open LUKS2 volumes with `mtpm luks unlock` (the
# systemd-tpm2, clevis tpm2 and mtpm tokens in the header), falling back to
# the usual passphrase prompt. Install this folder as
# /usr/lib/dracut/modules.d/90mtpm (see contrib/dracut/README.md and
# docs/initramfs.md). dracut sources this file and calls the functions.
#
# Two ways in, one per kind of dracut initramfs:
#   systemd in the initramfs (dracut's "systemd" module; Fedora, RHEL, and
#     Debian's dracut whenever systemd is installed): systemd-cryptsetup
#     does not run crypttab keyscripts, so mtpm answers its passphrase
#     question instead, as a password agent (systemd's ask-password
#     protocol): mtpm-askpass.path watches /run/systemd/ask-password,
#     mtpm-askpass.service runs mtpm-askpass.sh, which answers a
#     "cryptsetup:DEVICE" question once with the key mtpm unseals, through
#     systemd-reply-password. When mtpm fails it does not answer; the
#     console or plymouth agent that asks the person is still there.
#   no systemd (dracut's own initqueue, cryptroot-ask): mtpm-unlock.sh, an
#     initqueue/settled hook that runs before cryptroot-ask's jobs, opens
#     each LUKS device of rd.luks.uuid (or every crypto_LUKS device when
#     none is given) with `mtpm luks unlock DEV | cryptsetup open
#     --key-file - DEV NAME`, under the name cryptroot-ask would use; on
#     failure cryptroot-ask finds the mapping missing and asks as usual.
#
# Settings, read here and at boot: /etc/mtpm/initramfs.conf (or
# $MTPM_INITRAMFS_CONF), a shell fragment: MTPM_BIN (the binary to copy;
# default the first of /usr/local/sbin/mtpm /usr/sbin/mtpm
# /usr/local/bin/mtpm /usr/bin/mtpm), MTPM_PARENT_NAME_FILE (default
# /etc/mtpm/parents), MTPM_TCTI, MTPM_UNLOCK_ARGS.
#
# dracut sets initdir, moddir, systemdutildir, systemdsystemunitdir:
# shellcheck disable=SC2154

_mtpm_conf() {
    MTPM_BIN=
    MTPM_PARENT_NAME_FILE=${MTPM_PARENT_NAME_FILE:-}
    _mtpm_conffile=${MTPM_INITRAMFS_CONF:-/etc/mtpm/initramfs.conf}
    if [[ -r $_mtpm_conffile ]]; then
        # shellcheck source=/dev/null
        . "$_mtpm_conffile"
    fi
    : "${MTPM_PARENT_NAME_FILE:=/etc/mtpm/parents}"
    if [[ -z $MTPM_BIN ]]; then
        local b
        for b in /usr/local/sbin/mtpm /usr/sbin/mtpm /usr/local/bin/mtpm /usr/bin/mtpm; do
            if [[ -x $b ]]; then
                MTPM_BIN=$b
                break
            fi
        done
    fi
}

# called by dracut
check() {
    require_binaries cryptsetup || return 1
    _mtpm_conf
    if [[ -z $MTPM_BIN || ! -x $MTPM_BIN ]]; then
        dinfo "mtpm: no mtpm binary (set MTPM_BIN in ${_mtpm_conffile})"
        return 1
    fi
    return 0
}

# called by dracut
depends() {
    if dracut_module_included "systemd"; then
        echo crypt systemd-ask-password
    else
        echo crypt
    fi
    return 0
}

# called by dracut
install() {
    _mtpm_conf
    inst_binary "$MTPM_BIN" /usr/sbin/mtpm

    if [[ -r $MTPM_PARENT_NAME_FILE ]]; then
        inst_simple "$MTPM_PARENT_NAME_FILE" /etc/mtpm/parents
    else
        dwarning "mtpm: no pinned-parent file $MTPM_PARENT_NAME_FILE: every TPM unlock will be refused (exit 9) and the passphrase asked; run 'mtpm luks pin DEVICE' on this trusted system, then dracut -f"
    fi
    if [[ -r $_mtpm_conffile ]]; then
        inst_simple "$_mtpm_conffile" /etc/mtpm/initramfs.conf
    fi

    # what mtpm-askpass.sh and mtpm-unlock.sh run besides mtpm
    inst_multiple cryptsetup grep sed tr mkdir chmod sleep

    if dracut_module_included "systemd"; then
        inst_multiple -o "$systemdutildir"/systemd-reply-password
        if [[ ! -x "$initdir$systemdutildir"/systemd-reply-password ]]; then
            dwarning "mtpm: no systemd-reply-password: the TPM cannot answer systemd-cryptsetup"
        fi
        inst_script "$moddir/mtpm-askpass.sh" /usr/libexec/mtpm/mtpm-askpass
        inst_simple "$moddir/mtpm-askpass.service" "$systemdsystemunitdir"/mtpm-askpass.service
        inst_simple "$moddir/mtpm-askpass.path" "$systemdsystemunitdir"/mtpm-askpass.path
        $SYSTEMCTL -q --root "$initdir" enable mtpm-askpass.path
    else
        inst_multiple blkid
        inst_hook initqueue/settled 20 "$moddir/mtpm-unlock.sh"
    fi
    dracut_need_initqueue
}

# called by dracut: the TPM drivers, when the kernel has them as modules
installkernel() {
    hostonly='' instmods tpm_tis tpm_crb
}

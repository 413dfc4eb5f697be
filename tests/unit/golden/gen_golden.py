#!/usr/bin/env python3
"""gen_golden.py - write marshal_golden.h (C arrays) from the captured
frames (frames.txt, see capture.sh), the files tpm2-tools wrote in the same
run, and the kernel trusted-key vector in /work/shared/vectors.

Usage: python3 gen_golden.py > marshal_golden.h   (run in this directory)
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
KV = '/work/shared/vectors/kernel-trusted-key'

frames = {}
for line in open(os.path.join(HERE, 'frames.txt')):
    step, cc, d, hexs = line.split()
    # keep the last frame of each (step, cc, dir): the one that succeeded
    frames[(step, int(cc, 16), d)] = bytes.fromhex(hexs)

# (C name, step, command code, direction, what it holds)
FRAMES = [
    ('createprimary_ecc_cmd', 'ecc_primary', 0x131, 'cmd',
     'TPM2_CreatePrimary command (ECC P-256, AES-128-CFB): HMAC session auth, TPM2B_SENSITIVE_CREATE, TPM2B_PUBLIC template, TPM2B_DATA, TPML_PCR_SELECTION'),
    ('createprimary_ecc_rsp', 'ecc_primary', 0x131, 'rsp',
     'TPM2_CreatePrimary response: handle, TPM2B_PUBLIC (ECC), TPM2B_CREATION_DATA, TPM2B_DIGEST, TPMT_TK_CREATION, TPM2B_NAME, auth'),
    ('createprimary_rsa_rsp', 'rsa_primary', 0x131, 'rsp',
     'TPM2_CreatePrimary response (RSA-2048, AES-128-CFB)'),
    ('contextsave_ecc_rsp', 'ecc_primary', 0x162, 'rsp',
     'TPM2_ContextSave response: TPMS_CONTEXT of the ECC primary'),
    ('contextsave_rsa_rsp', 'rsa_primary', 0x162, 'rsp',
     'TPM2_ContextSave response: TPMS_CONTEXT of the RSA primary'),
    ('create_seal_cmd', 'seal', 0x153, 'cmd',
     'TPM2_Create command of a sealed data object: TPM2B_SENSITIVE_CREATE with userAuth "sealauth" and data, KEYEDHASH template'),
    ('create_seal_rsp', 'seal', 0x153, 'rsp',
     'TPM2_Create response: TPM2B_PRIVATE, TPM2B_PUBLIC (KEYEDHASH, NULL scheme), creation data, hash, ticket, auth'),
    ('create_hmac_rsp', 'hmac_key', 0x153, 'rsp',
     'TPM2_Create response: KEYEDHASH key with HMAC-SHA256 scheme'),
    ('create_aes_rsp', 'aes_key', 0x153, 'rsp',
     'TPM2_Create response: SYMCIPHER AES-128-CFB key'),
    ('createloaded_ecdsa_rsp', 'ecc_sign_key', 0x191, 'rsp',
     'TPM2_CreateLoaded response: handle, TPM2B_PRIVATE, TPM2B_PUBLIC (ECC, ECDSA-SHA256), TPM2B_NAME'),
    ('createloaded_rsassa_rsp', 'rsa_sign_key', 0x191, 'rsp',
     'TPM2_CreateLoaded response: RSA-2048 key with RSASSA-SHA256 scheme'),
    ('hash_rsp', 'ecc_sign', 0x17d, 'rsp',
     'TPM2_Hash response: TPM2B_DIGEST, TPMT_TK_HASHCHECK'),
    ('sign_ecdsa_rsp', 'ecc_sign', 0x15d, 'rsp',
     'TPM2_Sign response: TPMT_SIGNATURE (ECDSA)'),
    ('sign_rsassa_rsp', 'rsa_sign', 0x15d, 'rsp',
     'TPM2_Sign response: TPMT_SIGNATURE (RSASSA)'),
    ('ecdh_keygen_rsp', 'ecdh', 0x163, 'rsp',
     'TPM2_ECDH_KeyGen response: two TPM2B_ECC_POINTs'),
    ('pcr_extend_cmd', 'pcrextend', 0x182, 'cmd',
     'TPM2_PCR_Extend command: TPML_DIGEST_VALUES (SHA-1, SHA-256)'),
    ('pcr_read_cmd', 'pcrread', 0x17e, 'cmd',
     'TPM2_PCR_Read command: TPML_PCR_SELECTION'),
    ('pcr_read_rsp', 'pcrread', 0x17e, 'rsp',
     'TPM2_PCR_Read response: pcrUpdateCounter, TPML_PCR_SELECTION, TPML_DIGEST'),
    ('getcap_algs_rsp', 'cap_algs', 0x17a, 'rsp', 'TPM2_GetCapability(TPM_CAP_ALGS) response'),
    ('getcap_commands_rsp', 'cap_commands', 0x17a, 'rsp', 'TPM2_GetCapability(TPM_CAP_COMMANDS) response'),
    ('getcap_pcrs_rsp', 'cap_pcrs', 0x17a, 'rsp', 'TPM2_GetCapability(TPM_CAP_PCRS) response'),
    ('getcap_props_rsp', 'cap_props', 0x17a, 'rsp', 'TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES, PT_FIXED) response'),
    ('getcap_curves_rsp', 'cap_curves', 0x17a, 'rsp', 'TPM2_GetCapability(TPM_CAP_ECC_CURVES) response'),
    ('getcap_handles_rsp', 'cap_handles', 0x17a, 'rsp', 'TPM2_GetCapability(TPM_CAP_HANDLES, transient) response (empty list)'),
    ('startauthsession_cmd', 'nvdefine', 0x176, 'cmd',
     'TPM2_StartAuthSession command (unsalted, unbound): TPM2B_NONCE, TPM2B_ENCRYPTED_SECRET, TPM_SE, TPMT_SYM_DEF, authHash'),
    ('nv_readpublic_rsp', 'nvreadpublic', 0x169, 'rsp',
     'TPM2_NV_ReadPublic response: TPM2B_NV_PUBLIC, TPM2B_NAME'),
    ('nv_write_cmd', 'nvwrite', 0x137, 'cmd',
     'TPM2_NV_Write command: TPM2B_MAX_NV_BUFFER, offset'),
    ('nv_read_rsp', 'nvread', 0x14e, 'rsp',
     'TPM2_NV_Read response: TPM2B_MAX_NV_BUFFER, auth'),
]

FILES = [
    ('file_ecc_primary_pub', os.path.join(HERE, 'ecc_primary.pub'),
     'TPM2B_PUBLIC written by tpm2_createprimary -o (same key as createprimary_ecc_rsp)'),
    ('file_seal_pub', os.path.join(HERE, 'seal.pub'), 'TPM2B_PUBLIC written by tpm2_create -u'),
    ('file_seal_priv', os.path.join(HERE, 'seal.priv'), 'TPM2B_PRIVATE written by tpm2_create -r'),
    ('file_ecdsa_sig', os.path.join(HERE, 'ecdsa.sig'), 'TPMT_SIGNATURE written by tpm2_sign -o (ECDSA)'),
    ('file_rsassa_sig', os.path.join(HERE, 'rsassa.sig'), 'TPMT_SIGNATURE written by tpm2_sign -o (RSASSA)'),
    ('kernel_srk_pub', os.path.join(KV, 'srk.pub'),
     'Kernel trusted-key vector K1 (/work/shared/vectors/kernel-trusted-key/srk.pub): '
     'TPM2B_PUBLIC of the ECC SRK 0x81000001, tpm2_readpublic -o, swtpm 0.7.1/libtpms 0.9.2, tpm2-tools 5.4'),
]


def carray(name, data, comment):
    out = ['/* %s */' % comment, 'static const uint8_t golden_%s[%d] = {' % (name, len(data))]
    for i in range(0, len(data), 12):
        out.append('\t' + ' '.join('0x%02x,' % b for b in data[i:i + 12]))
    out.append('};')
    return '\n'.join(out) + '\n'


print('''/*
 * marshal_golden.h - TPM wire bytes for test_marshal.c. GENERATED by
 * tests/unit/golden/gen_golden.py; do not edit.
 *
 * Provenance: frames captured by tests/unit/golden/capture.sh from a real
 * TPM, swtpm 0.7.1 (libtpms 0.9.2), driven by tpm2-tools 5.4 (tpm2-tss
 * 3.2.1) with TSS2_LOG=tcti+trace, on Debian 12; the raw trace frames are
 * in frames.txt. The kernel_* arrays come from the kernel trusted-key
 * vector K1 in /work/shared/vectors/kernel-trusted-key (see its README).
 */
#include <stdint.h>
''')
for name, step, cc, d, what in FRAMES:
    print(carray(name, frames[(step, cc, d)], what))
for name, path, what in FILES:
    print(carray(name, open(path, 'rb').read(), what))

# blob.dump.txt of the kernel vector: pubkey / privkey lines carry hex.
dump = open(os.path.join(KV, 'blob.dump.txt')).read()
pub = re.search(r'pubkey\s+\(TPM2B_PUBLIC,\s*\d+ bytes\): ([0-9a-f]+)', dump).group(1)
priv = re.search(r'privkey \(TPM2B_PRIVATE,\s*\d+ bytes\): ([0-9a-f]+)', dump).group(1)
print(carray('kernel_seal_pub', bytes.fromhex(pub),
             'Kernel trusted-key vector K1, blob.dump.txt "pubkey": TPM2B_PUBLIC of the '
             'sealed object, written by Linux 6.12.95 trusted_tpm2.c against swtpm 0.7.1/libtpms 0.9.2'))
print(carray('kernel_seal_priv', bytes.fromhex(priv),
             'Kernel trusted-key vector K1, blob.dump.txt "privkey": TPM2B_PRIVATE of the sealed object'))

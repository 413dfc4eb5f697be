#!/bin/sh
# bench/tools_unseal.sh PUBLIC PRIVATE WORKDIR - the tpm2-tools command
# sequence for the same unseal as `mtpm unseal` (secret to stdout):
# load under the persistent SRK, a policy session salted to the SRK with
# response encryption enabled, PolicyPCR sha256:0,7, Unseal, and flushes
# so nothing stays loaded (swtpm has no resource manager). TPM2TOOLS_TCTI
# names the TPM.
set -e
W=$3
tpm2_load -Q -C 0x81000001 -u "$1" -r "$2" -c "$W/obj.ctx"
tpm2_startauthsession -Q --policy-session -c 0x81000001 -S "$W/s.ctx"
tpm2_sessionconfig -Q "$W/s.ctx" --enable-encrypt
tpm2_policypcr -Q -S "$W/s.ctx" -l sha256:0,7
tpm2_unseal -c "$W/obj.ctx" -p "session:$W/s.ctx"
# tpm2_flushcontext cannot take the saved object context file back; -t and
# -s flush every loaded transient object and session (each a GetCapability
# and a FlushContext per handle).
tpm2_flushcontext -t
tpm2_flushcontext -s

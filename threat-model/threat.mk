# threat-model/threat.mk - `make threat-check` (run by `make check`).
# Fails when a threat names no test or a test that does not exist, or when a
# SECURITY-GAP comment in the code is not mirrored in threat-model/gaps.tsv.
.PHONY: threat-check
threat-check:
	@sh threat-model/check.sh

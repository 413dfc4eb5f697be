#!/bin/sh
# tests/lib/lint.sh LIB [CLI] - the library's hard rules, checked on the
# archive itself with nm:
#   1. it never allocates: no undefined reference to an allocator;
#   2. every global symbol it defines starts with mtpm_ or MTPM_;
# and, given the CLI binary,
#   3. BearSSL is its only crypto: no OpenSSL symbol in it, no libcrypto or
#      libssl among the libraries it loads (OpenSSL is for tests only).
set -u
LIB=$1
CLI=${2:-}
bad=0
alloc=$(nm -u "$LIB" 2>/dev/null | awk '{print $NF}' |
	grep -E '^(malloc|calloc|realloc|free|reallocarray|posix_memalign|aligned_alloc|strdup|strndup|valloc|memalign)$' | sort -u)
if [ -n "$alloc" ]; then
	echo "lint: $LIB references an allocator:" $alloc >&2
	bad=1
fi
unpref=$(nm -g --defined-only "$LIB" 2>/dev/null | awk 'NF == 3 {print $3}' |
	grep -vE '^(mtpm_|MTPM_)' | sort -u)
if [ -n "$unpref" ]; then
	echo "lint: global symbols without the mtpm_/MTPM_ prefix:" $unpref >&2
	bad=1
fi
if [ -n "$CLI" ]; then
	ossl=$(nm "$CLI" 2>/dev/null | awk '{print $NF}' |
		grep -E '^(EVP_|OPENSSL_|OSSL_|SSL_|CRYPTO_|ERR_get|BN_|EC_KEY|RSA_)' | sort -u | head -5)
	libs=$(ldd "$CLI" 2>/dev/null | grep -E 'libcrypto|libssl')
	if [ -n "$ossl$libs" ]; then
		echo "lint: $CLI uses OpenSSL:" $ossl $libs >&2
		bad=1
	elif ! nm "$CLI" | grep -q ' br_sha256_init$'; then
		echo "lint: $CLI has no BearSSL in it (br_sha256_init missing)" >&2
		bad=1
	else
		echo "lint: $CLI: BearSSL is its only crypto (no OpenSSL symbol, no libcrypto)"
	fi
fi
if [ $bad = 0 ]; then
	echo "lint: $LIB: no allocator, $(nm -g --defined-only "$LIB" | awk 'NF == 3' | wc -l) global symbols, all prefixed"
fi
exit $bad

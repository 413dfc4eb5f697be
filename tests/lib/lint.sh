#!/bin/sh
# tests/lib/lint.sh LIB - the library's two hard rules, checked on the
# archive itself with nm:
#   1. it never allocates: no undefined reference to an allocator;
#   2. every global symbol it defines starts with mtpm_ or MTPM_.
set -u
LIB=$1
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
if [ $bad = 0 ]; then
	echo "lint: $LIB: no allocator, $(nm -g --defined-only "$LIB" | awk 'NF == 3' | wc -l) global symbols, all prefixed"
fi
exit $bad

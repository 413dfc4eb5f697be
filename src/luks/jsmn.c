/*
 * src/luks/jsmn.c - the one place jsmn (Debian libjsmn-dev 1.1.0, MIT,
 * header-only) is compiled into the library.
 *
 * JSMN_STATIC keeps jsmn's functions static (the library exports only
 * mtpm_ symbols); JSMN_STRICT refuses unquoted strings, primitives as keys
 * and objects as keys; JSMN_PARENT_LINKS records each token's parent and
 * makes closing a container O(depth) instead of O(tokens). jsmn neither
 * allocates nor recurses: it writes into the caller's token array.
 *
 * jsmn still lets through missing or extra commas, repeated colons, any
 * primitive starting with - 0-9 t f n, and raw control characters in
 * strings: json.c checks all of that on the tokens afterwards.
 *
 * jsmn is confined to this file so that its jsmntok_t view of the
 * caller's array and the mtpm_json_tok view the rest of src/luks uses are
 * never visible to the compiler in one translation unit (the layouts are
 * identical, checked below).
 */
#include <assert.h>
#include <limits.h>
#include <stddef.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
/* Debian's libjsmn-dev; the static build links it into its include folder
 * as it does bearssl.h (examples/examples.mk). */
#include <jsmn.h>

#include "luks_int.h"

static_assert(sizeof(jsmntok_t) == sizeof(mtpm_json_tok), "jsmntok_t layout");
static_assert(offsetof(jsmntok_t, start) == offsetof(mtpm_json_tok, start), "start");
static_assert(offsetof(jsmntok_t, end) == offsetof(mtpm_json_tok, end), "end");
static_assert(offsetof(jsmntok_t, size) == offsetof(mtpm_json_tok, size), "size");
static_assert(offsetof(jsmntok_t, parent) == offsetof(mtpm_json_tok, parent), "parent");
static_assert(sizeof(jsmntype_t) == sizeof(int), "jsmntype_t");
static_assert(JSMN_OBJECT == MTPM_J_OBJECT && JSMN_ARRAY == MTPM_J_ARRAY &&
		      JSMN_STRING == MTPM_J_STRING && JSMN_PRIMITIVE == MTPM_J_PRIM,
	      "jsmn token types");
/* positions are int in jsmn */
static_assert(MTPM_JSON_TEXT_MAX < INT_MAX, "text bound");

int mtpm_json_tokenize(const char *s, size_t n, mtpm_json_tok *t, unsigned nt,
		       unsigned *pos)
{
	jsmn_parser p;
	int r;

	jsmn_init(&p);
	r = jsmn_parse(&p, s, n, (jsmntok_t *)(void *)t, nt);
	*pos = p.pos;
	return r;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Many strings in one pass over a text (see litscan.h).
 *
 * Candidates are positions whose first three (case-folded) bytes begin
 * one of the strings; each is then compared in full. Two ways to find
 * them, with the same answers:
 *
 * - scalar: a 15-bit key of the three bytes before each position,
 *   rolled on by one byte a step, looked up in a bitmap of the strings'
 *   keys (about 15 instructions a byte);
 * - SSSE3, where the CPU has it: sixteen positions at a time, the way
 *   Hyperscan's "Teddy" does it. The strings are put in 8 buckets; for
 *   each of the first three bytes, two 16-byte tables say, for a byte's
 *   low and high nibble, which buckets have a string with a byte of that
 *   nibble there (PSHUFB looks all sixteen up at once). A position whose
 *   three bytes leave a bucket in all six lookups is a candidate for
 *   that bucket's strings (about 3 instructions a byte).
 */
#include <stdint.h>
#include <string.h>

#include "litscan.h"

#if defined(__x86_64__) || defined(__i386__)
#include <tmmintrin.h>
#define HAVE_TEDDY 1
#endif

static unsigned char fold[256];

static void fold_init(void)
{
	int c;

	if (fold['A'])
		return;
	for (c = 0; c < 256; c++)
		fold[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Does lits[i] start at t[k]? Then note it; returns 1 for a new one. */
static int check_one(struct litscan_lit *l, const unsigned char *t,
		     size_t k, size_t len)
{
	size_t c;

	if (l->pos != SIZE_MAX || k + l->n > len)
		return 0;
	for (c = 0; c < l->n; c++)
		if ((l->icase ? fold[t[k + c]] : t[k + c]) !=
		    (unsigned char)l->s[c])
			return 0;
	l->pos = k;
	return 1;
}

#define KEY(a, b, c) (((unsigned)(a) << 10 ^ (unsigned)(b) << 5 ^ \
		       (unsigned)(c)) & 0x7fff)	/* as rolled below */

/* The strings by key: a bitmap of the keys, and a chain per key */
struct keys {
	uint64_t bits[512];	/* 0x8000 keys */
};

static int16_t head[0x8000];	/* first string of a key, + 1 */

static void keys_init(struct keys *ks, struct litscan_lit *lits, int nr)
{
	int i;

	memset(ks->bits, 0, sizeof(ks->bits));
	for (i = nr - 1; i >= 0; i--) {
		const unsigned char *l = (const unsigned char *)lits[i].s;

		lits[i].key = 0;
		lits[i].next = -1;
		if (lits[i].n < LITSCAN_MIN)
			continue;
		lits[i].key = KEY(fold[l[0]], fold[l[1]], fold[l[2]]);
		ks->bits[lits[i].key >> 6] |= 1ULL << (lits[i].key & 63);
		lits[i].next = head[lits[i].key] - 1;
		head[lits[i].key] = (int16_t)(i + 1);
	}
}

static void keys_release(struct litscan_lit *lits, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		head[lits[i].key] = 0;
}

/* The strings whose key is @key, at t[k]; returns how many were new */
static int check_key(struct litscan_lit *lits, unsigned key,
		     const unsigned char *t, size_t k, size_t len)
{
	int i, got = 0;

	for (i = head[key] - 1; i >= 0; i = lits[i].next)
		got += check_one(&lits[i], t, k, len);
	return got;
}

/* From @from on, the scalar way; returns how many it found. */
static int scan_scalar(const struct keys *ks, struct litscan_lit *lits,
		       const unsigned char *t, size_t len, size_t from,
		       int left)
{
	const unsigned char *p, *end = t + len;
	unsigned key;
	int got = 0;

	if (len < 3 || from > len - 3 || !left)
		return 0;
	/* key: the three bytes before p */
	key = KEY(0, fold[t[from]], fold[t[from + 1]]);
	for (p = t + from + 2; p < end; ) {
		key = (key << 5 ^ fold[*p++]) & 0x7fff;
		if (!(ks->bits[key >> 6] >> (key & 63) & 1))
			continue;
		got += check_key(lits, key, t, (size_t)(p - t) - 3, len);
		if (got == left)
			break;
	}
	return got;
}

#ifdef HAVE_TEDDY
__attribute__((target("ssse3")))
static __m128i fold16(__m128i v)
{
	__m128i ge = _mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1));
	__m128i le = _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1));

	return _mm_or_si128(v, _mm_and_si128(_mm_and_si128(ge, le),
					     _mm_set1_epi8(0x20)));
}

__attribute__((target("ssse3")))
static __m128i lookup(__m128i v, __m128i lo, __m128i hi)
{
	__m128i m = _mm_set1_epi8(0x0f);

	return _mm_and_si128(
		_mm_shuffle_epi8(lo, _mm_and_si128(v, m)),
		_mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(v, 4), m)));
}

/*
 * Positions 0 to len - 18, sixteen at a time; returns the first not
 * looked at. A candidate is then checked against the key bitmap, which
 * is exact where the nibble tables are not.
 */
__attribute__((target("ssse3")))
static size_t scan_teddy(const struct keys *ks, struct litscan_lit *lits,
			 int nr, const unsigned char *t, size_t len, int *left)
{
	uint8_t lo[3][16], hi[3][16];
	__m128i tlo[3], thi[3];
	size_t i;
	int j, k;

	memset(lo, 0, sizeof(lo));
	memset(hi, 0, sizeof(hi));
	for (k = 0; k < nr; k++)
		for (j = 0; j < 3 && lits[k].n >= LITSCAN_MIN; j++) {
			unsigned c = fold[(unsigned char)lits[k].s[j]];

			lo[j][c & 15] |= (uint8_t)(1 << (k & 7));
			hi[j][c >> 4] |= (uint8_t)(1 << (k & 7));
		}
	for (j = 0; j < 3; j++) {
		tlo[j] = _mm_loadu_si128((const __m128i *)lo[j]);
		thi[j] = _mm_loadu_si128((const __m128i *)hi[j]);
	}
	for (i = 0; i + 18 <= len && *left; i += 16) {
		__m128i c = lookup(fold16(_mm_loadu_si128(
					(const __m128i *)(t + i))),
				   tlo[0], thi[0]);
		unsigned mask;

		c = _mm_and_si128(c, lookup(fold16(_mm_loadu_si128(
					(const __m128i *)(t + i + 1))),
					    tlo[1], thi[1]));
		c = _mm_and_si128(c, lookup(fold16(_mm_loadu_si128(
					(const __m128i *)(t + i + 2))),
					    tlo[2], thi[2]));
		mask = (unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(c, _mm_setzero_si128())) ^ 0xffff;
		while (mask) {
			size_t at = i + (size_t)__builtin_ctz(mask);
			unsigned key = KEY(fold[t[at]], fold[t[at + 1]],
					   fold[t[at + 2]]);

			mask &= mask - 1;
			if (ks->bits[key >> 6] >> (key & 63) & 1)
				*left -= check_key(lits, key, t, at, len);
		}
	}
	return i;
}
#endif

void litscan(struct litscan_lit *lits, int nr, const char *text, size_t len,
	     int force_scalar)
{
	const unsigned char *t = (const unsigned char *)text;
	struct keys ks;
	size_t from = 0;
	int i, left = 0;

	fold_init();
	for (i = 0; i < nr; i++) {
		lits[i].pos = SIZE_MAX;
		if (lits[i].n >= LITSCAN_MIN)
			left++;
		else
			lits[i].pos = 0;	/* too short: say "maybe" */
	}
	if (!left || len < LITSCAN_MIN)
		return;
	/* head[] numbers them in 16 bits */
	if (nr > INT16_MAX - 1) {
		for (i = 0; i < nr; i++)
			lits[i].pos = 0;
		return;
	}
	keys_init(&ks, lits, nr);
#ifdef HAVE_TEDDY
	if (!force_scalar && len >= 64 && __builtin_cpu_supports("ssse3"))
		from = scan_teddy(&ks, lits, nr, t, len, &left);
#else
	(void)force_scalar;
#endif
	scan_scalar(&ks, lits, t, len, from, left);
	keys_release(lits, nr);
}

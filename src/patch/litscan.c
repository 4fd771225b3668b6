// SPDX-License-Identifier: GPL-2.0
/*
 * Many strings in one pass over a text (see litscan.h).
 *
 * Each string is looked for by three of its bytes: the three rarest in
 * C source, side by side ("regulator_get_optional" by "_op", not by
 * "reg", which is on nearly every line of kernel/bpf/verifier.c).
 * Candidates are positions where those three (case-folded) bytes are;
 * the string is then compared in full from where it would start. Three
 * ways to find them, with the same answers:
 *
 * - scalar: a 15-bit key of the three bytes before each position,
 *   rolled on by one byte a step, looked up in a bitmap of the strings'
 *   keys (about 15 instructions a byte);
 * - SSSE3, where the CPU has it: sixteen positions at a time, the way
 *   Hyperscan's "Teddy" does it. The strings are put in 8 buckets; for
 *   each of the three bytes, two 16-byte tables say, for a byte's low
 *   and high nibble, which buckets have a string with a byte of that
 *   nibble there (PSHUFB looks all sixteen up at once). A position whose
 *   three bytes leave a bucket in all six lookups is a candidate for
 *   that bucket's strings, checked against the key bitmap, which is
 *   exact (about 2 instructions a byte);
 * - AVX2, where the CPU has it: the same, thirty-two at a time.
 *
 * Only the first place of each string is wanted, so a string found is
 * taken out of the tables and the bitmap: "bpf", found on line 1 of
 * verifier.c, does not make its 3,000 other places candidates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "litscan.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
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

/*
 * How rare each byte is in the kernel's C source: -8 log2 of its share
 * of the bytes of every 20th .c and .h file of Linux 6.1 (' ' 22, 'e'
 * 35, '_' 32, 'r' 41, 'q' 73, 'Z' 88); bytes that were not there, or
 * only in names in comments, 200.
 */
static const unsigned char cost_printable[95] = {	/* ' ' to '~' */
	22, 87, 66, 63, 132, 84, 73, 95, 53, 53, 55, 82,
	50, 59, 64, 63, 45, 57, 60, 65, 68, 71, 69, 76,
	68, 76, 77, 54, 79, 60, 62, 108, 93, 50, 62, 51,
	54, 48, 59, 62, 64, 52, 104, 68, 55, 54, 55, 56,
	54, 79, 51, 50, 49, 61, 67, 73, 67, 74, 88, 80,
	83, 80, 131, 32, 135, 43, 57, 45, 44, 35, 48, 56,
	56, 40, 90, 63, 49, 51, 42, 46, 50, 73, 41, 42,
	38, 49, 57, 65, 54, 66, 80, 68, 84, 68, 110,
};

int litscan_rarity(int c, int icase)
{
	c &= 0xff;
	/* either case: about as common as the lower case, which is more so */
	if (icase && c >= 'A' && c <= 'Z')
		c += 32;
	if (c >= ' ' && c <= '~')
		return cost_printable[c - ' '];
	return c == '\t' || c == '\n' ? 40 : c == '\f' ? 180 : 200;
}

/* The offset of the three rarest bytes side by side in @l */
static size_t rarest_three(const struct litscan_lit *l)
{
	size_t d, best = 0;
	int score, top = -1;

	for (d = 0; d + 3 <= l->n; d++) {
		score = litscan_rarity((unsigned char)l->s[d], l->icase) +
			litscan_rarity((unsigned char)l->s[d + 1], l->icase) +
			litscan_rarity((unsigned char)l->s[d + 2], l->icase);
		if (score > top) {
			top = score;
			best = d;
		}
	}
	return best;
}

/* Does @s (@n bytes; @icase: in lower case, ASCII case ignored) start at t? */
static int same_at(const unsigned char *t, const char *s, size_t n, int icase)
{
	size_t k;

	for (k = 0; k < n; k++)
		if ((icase ? fold[t[k]] : t[k]) != (unsigned char)s[k])
			return 0;
	return 1;
}

/*
 * Do lits[i]'s three bytes at t[k] begin it where it would start? Then
 * note it; returns 1 for a new one.
 */
static int check_one(struct litscan_lit *l, const unsigned char *t,
		     size_t at, size_t len)
{
	size_t k;

	if (l->pos != SIZE_MAX || at < l->off)
		return 0;
	k = at - l->off;
	if (k + l->n > len || !same_at(t + k, l->s, l->n, l->icase))
		return 0;
	l->pos = k;
	return 1;
}

#define KEY(a, b, c) (((unsigned)(a) << 10 ^ (unsigned)(b) << 5 ^ \
		       (unsigned)(c)) & 0x7fff)	/* as rolled below */

/*
 * The strings by key: a bitmap of the keys of those not found yet, and
 * a chain per key
 */
struct keys {
	uint64_t bits[512];	/* 0x8000 keys */
	int *order;		/* the strings by their three bytes */
	int nr_order;
};

static int16_t head[0x8000];	/* first string of a key, + 1 */

/* The bitmap of the strings not found yet */
static void keys_refresh(struct keys *ks, const struct litscan_lit *lits,
			 int nr)
{
	int i;

	memset(ks->bits, 0, sizeof(ks->bits));
	for (i = 0; i < nr; i++)
		if (lits[i].n >= LITSCAN_MIN && lits[i].pos == SIZE_MAX)
			ks->bits[lits[i].key >> 6] |=
				1ULL << (lits[i].key & 63);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void keys_init(struct keys *ks, struct litscan_lit *lits, int nr)
{
	uint64_t *sorted = xmalloc((size_t)nr * sizeof(*sorted) + 1);
	int i;

	for (i = nr - 1; i >= 0; i--) {
		const unsigned char *l;

		lits[i].key = 0;
		lits[i].next = -1;
		lits[i].off = 0;
		if (lits[i].n < LITSCAN_MIN)
			continue;
		lits[i].off = rarest_three(&lits[i]);
		l = (const unsigned char *)lits[i].s + lits[i].off;
		lits[i].key = KEY(fold[l[0]], fold[l[1]], fold[l[2]]);
		lits[i].next = head[lits[i].key] - 1;
		head[lits[i].key] = (int16_t)(i + 1);
	}
	/*
	 * Strings whose three bytes are alike share a SIMD bucket (fewer
	 * false candidates than strings dealt out in turn)
	 */
	ks->nr_order = 0;
	for (i = 0; i < nr; i++) {
		const unsigned char *l = (const unsigned char *)lits[i].s +
					 lits[i].off;

		if (lits[i].n >= LITSCAN_MIN)
			sorted[ks->nr_order++] =
				(uint64_t)fold[l[0]] << 40 |
				(uint64_t)fold[l[1]] << 32 |
				(uint64_t)fold[l[2]] << 24 | (uint64_t)i;
	}
	qsort(sorted, (size_t)ks->nr_order, sizeof(*sorted), cmp_u64);
	ks->order = xmalloc((size_t)nr * sizeof(*ks->order) + 1);
	for (i = 0; i < ks->nr_order; i++)
		ks->order[i] = (int)(sorted[i] & 0xffffff);
	free(sorted);
	keys_refresh(ks, lits, nr);
}

static void keys_release(struct keys *ks, struct litscan_lit *lits, int nr)
{
	int i;

	free(ks->order);
	for (i = 0; i < nr; i++)
		head[lits[i].key] = 0;
}

/*
 * The strings whose key is @key, their three bytes at t[at]; returns
 * how many were new
 */
static int check_key(struct litscan_lit *lits, unsigned key,
		     const unsigned char *t, size_t at, size_t len)
{
	int i, got = 0;

	for (i = head[key] - 1; i >= 0; i = lits[i].next)
		got += check_one(&lits[i], t, at, len);
	return got;
}

/* From @from on, the scalar way; returns how many it found. */
static int scan_scalar(struct keys *ks, struct litscan_lit *lits, int nr,
		       const unsigned char *t, size_t len, size_t from,
		       int left)
{
	const unsigned char *p, *end = t + len;
	unsigned key;
	int got = 0, new;

	if (len < 3 || from > len - 3 || !left)
		return 0;
	/* key: the three bytes before p */
	key = KEY(0, fold[t[from]], fold[t[from + 1]]);
	for (p = t + from + 2; p < end; ) {
		key = (key << 5 ^ fold[*p++]) & 0x7fff;
		if (!(ks->bits[key >> 6] >> (key & 63) & 1))
			continue;
		new = check_key(lits, key, t, (size_t)(p - t) - 3, len);
		if (!new)
			continue;
		got += new;
		if (got == left)
			break;
		keys_refresh(ks, lits, nr);
	}
	return got;
}

#ifdef HAVE_TEDDY
/*
 * The nibble tables of the strings not found yet, in eight buckets of
 * strings next to each other in ks->order. The text is not case-folded:
 * a letter of a string that ignores case puts both of its high nibbles
 * in ("a" 6, "A" 4; the low nibble is the same).
 */
struct teddy {
	uint8_t lo[3][16], hi[3][16];
};

static void teddy_tables(const struct keys *ks,
			 const struct litscan_lit *lits, struct teddy *td)
{
	int i, j, k, b, left = 0, seen = 0;

	memset(td, 0, sizeof(*td));
	for (i = 0; i < ks->nr_order; i++)
		left += lits[ks->order[i]].pos == SIZE_MAX;
	for (i = 0; i < ks->nr_order; i++) {
		k = ks->order[i];
		if (lits[k].pos != SIZE_MAX)
			continue;
		b = (int)((long)seen++ * 8 / left);
		for (j = 0; j < 3; j++) {
			unsigned c = (unsigned char)lits[k].s[lits[k].off + j];

			td->lo[j][c & 15] |= (uint8_t)(1 << b);
			td->hi[j][c >> 4] |= (uint8_t)(1 << b);
			if (lits[k].icase && c >= 'a' && c <= 'z')
				td->hi[j][(c - 32) >> 4] |= (uint8_t)(1 << b);
		}
	}
}

/*
 * Candidates in @mask (bit k: position i + k) checked against the key
 * bitmap, which is exact where the nibble tables are not, then in full.
 * Returns how many strings were found (the tables are then remade).
 */
static inline int teddy_check(struct keys *ks, struct litscan_lit *lits,
			      int nr, const unsigned char *t, size_t len,
			      size_t i, uint32_t mask, struct teddy *td)
{
	int got = 0, new;

	while (mask) {
		size_t at = i + (size_t)__builtin_ctz(mask);
		unsigned key = KEY(fold[t[at]], fold[t[at + 1]],
				   fold[t[at + 2]]);

		mask &= mask - 1;
		if (!(ks->bits[key >> 6] >> (key & 63) & 1))
			continue;
		new = check_key(lits, key, t, at, len);
		if (!new)
			continue;
		got += new;
		teddy_tables(ks, lits, td);
		keys_refresh(ks, lits, nr);
	}
	return got;
}

__attribute__((target("ssse3")))
static __m128i lookup16(__m128i v, const uint8_t lo[16], const uint8_t hi[16])
{
	__m128i m = _mm_set1_epi8(0x0f);

	return _mm_and_si128(
		_mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)lo),
				 _mm_and_si128(v, m)),
		_mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)hi),
				 _mm_and_si128(_mm_srli_epi16(v, 4), m)));
}

/*
 * Positions 0 to len - 18, sixteen at a time; returns the first not
 * looked at.
 */
__attribute__((target("ssse3")))
static size_t scan_ssse3(struct keys *ks, struct litscan_lit *lits,
			 int nr, const unsigned char *t, size_t len, int *left)
{
	struct teddy td;
	size_t i;

	teddy_tables(ks, lits, &td);
	for (i = 0; i + 18 <= len && *left; i += 16) {
		__m128i c;
		uint32_t mask;

		c = lookup16(_mm_loadu_si128((const __m128i *)(t + i)),
			     td.lo[0], td.hi[0]);
		c = _mm_and_si128(c, lookup16(_mm_loadu_si128(
				(const __m128i *)(t + i + 1)),
				td.lo[1], td.hi[1]));
		c = _mm_and_si128(c, lookup16(_mm_loadu_si128(
				(const __m128i *)(t + i + 2)),
				td.lo[2], td.hi[2]));
		mask = (uint32_t)_mm_movemask_epi8(
			_mm_cmpeq_epi8(c, _mm_setzero_si128())) ^ 0xffff;
		if (mask)
			*left -= teddy_check(ks, lits, nr, t, len, i, mask,
					     &td);
	}
	return i;
}

/* The same, thirty-two at a time (positions 0 to len - 34) */
__attribute__((target("avx2")))
static __m256i lookup32(__m256i v, const uint8_t lo[16], const uint8_t hi[16])
{
	__m256i m = _mm256_set1_epi8(0x0f);
	__m256i l = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)lo));
	__m256i h = _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)hi));

	return _mm256_and_si256(
		_mm256_shuffle_epi8(l, _mm256_and_si256(v, m)),
		_mm256_shuffle_epi8(h, _mm256_and_si256(
					_mm256_srli_epi16(v, 4), m)));
}

__attribute__((target("avx2")))
static size_t scan_avx2(struct keys *ks, struct litscan_lit *lits,
			int nr, const unsigned char *t, size_t len, int *left)
{
	struct teddy td;
	size_t i;

	teddy_tables(ks, lits, &td);
	for (i = 0; i + 34 <= len && *left; i += 32) {
		__m256i c;
		uint32_t mask;

		c = lookup32(_mm256_loadu_si256((const __m256i *)(t + i)),
			     td.lo[0], td.hi[0]);
		c = _mm256_and_si256(c, lookup32(_mm256_loadu_si256(
				(const __m256i *)(t + i + 1)),
				td.lo[1], td.hi[1]));
		c = _mm256_and_si256(c, lookup32(_mm256_loadu_si256(
				(const __m256i *)(t + i + 2)),
				td.lo[2], td.hi[2]));
		mask = ~(uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(c, _mm256_setzero_si256()));
		if (mask)
			*left -= teddy_check(ks, lits, nr, t, len, i, mask,
					     &td);
	}
	return i;
}
#endif

void litscan(struct litscan_lit *lits, int nr, const char *text, size_t len,
	     enum litscan_way way)
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
	if (way == LITSCAN_BEST && len >= 64 &&
	    __builtin_cpu_supports("avx2"))
		from = scan_avx2(&ks, lits, nr, t, len, &left);
	else if (way != LITSCAN_SCALAR && len >= 64 &&
		 __builtin_cpu_supports("ssse3"))
		from = scan_ssse3(&ks, lits, nr, t, len, &left);
#else
	(void)way;
#endif
	scan_scalar(&ks, lits, nr, t, len, from, left);
	keys_release(&ks, lits, nr);
}

/*
 * One string in a text: sixteen places at a time, the ones where two of
 * its rarest bytes are where they would be ("rust" by its 'u' and 't';
 * a letter that ignores case is compared with the 0x20 bit set, which
 * only adds candidates), each then compared in full.
 */
const char *litscan_find(const char *text, size_t len, const char *s,
			 size_t n, int icase)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t a = 0, b, k, i = 0, last;

	fold_init();
	if (!n)
		return text;
	if (n > len)
		return NULL;
	last = len - n;		/* the last place it can start */
	for (k = 1; k < n; k++)
		if (litscan_rarity((unsigned char)s[k], icase) >
		    litscan_rarity((unsigned char)s[a], icase))
			a = k;
	b = a ? 0 : n - 1;
	for (k = 0; k < n; k++)
		if (k != a && litscan_rarity((unsigned char)s[k], icase) >
			      litscan_rarity((unsigned char)s[b], icase))
			b = k;
#if defined(__x86_64__)
	/* SSE2 is always there on x86-64 */
	if (n >= 2) {
		unsigned char ca = (unsigned char)s[a];
		unsigned char cb = (unsigned char)s[b];
		__m128i va = _mm_set1_epi8((char)ca);
		__m128i vb = _mm_set1_epi8((char)cb);
		__m128i oa = _mm_set1_epi8(icase && ca >= 'a' && ca <= 'z' ?
					   0x20 : 0);
		__m128i ob = _mm_set1_epi8(icase && cb >= 'a' && cb <= 'z' ?
					   0x20 : 0);
		size_t top = (a > b ? a : b) + 16;

		for (; i + top <= len; i += 16) {
			__m128i x = _mm_or_si128(_mm_loadu_si128(
					(const __m128i *)(t + i + a)), oa);
			__m128i y = _mm_or_si128(_mm_loadu_si128(
					(const __m128i *)(t + i + b)), ob);
			unsigned mask = (unsigned)_mm_movemask_epi8(
				_mm_and_si128(_mm_cmpeq_epi8(x, va),
					      _mm_cmpeq_epi8(y, vb)));

			while (mask) {
				k = i + (size_t)__builtin_ctz(mask);
				mask &= mask - 1;
				if (k <= last && same_at(t + k, s, n, icase))
					return text + k;
			}
		}
	}
#endif
	for (; i <= last; i++) {
		unsigned char c = icase ? fold[t[i + a]] : t[i + a];

		if (c == (unsigned char)s[a] && same_at(t + i, s, n, icase))
			return text + i;
	}
	return NULL;
}

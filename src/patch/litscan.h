/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_LITSCAN_H
#define KDEV_PATCH_LITSCAN_H

#include <stddef.h>

/*
 * Where is each of a set of strings first in a text? For K: keywords
 * over a whole file (kernel/bpf/verifier.c is 465 KB): one pass for all
 * of them instead of one search each. And where is one string first
 * (litscan_find(), for regex.c). Pure.
 */
struct litscan_lit {
	const char *s;		/* icase: in lower case */
	size_t n;		/* at least LITSCAN_MIN */
	int icase;		/* ASCII letters in either case */
	size_t pos;		/* out: the first offset, or SIZE_MAX */
	/* private */
	unsigned key;
	int next;
	size_t off;		/* of its three rarest bytes */
};

#define LITSCAN_MIN 3

/* How litscan() looks: the tests compare the ways */
enum litscan_way {
	LITSCAN_BEST,		/* AVX2, else SSSE3, else scalar */
	LITSCAN_SCALAR,
	LITSCAN_SSSE3,		/* where the CPU has it, else scalar */
};

/* Set each @lits[i].pos. */
void litscan(struct litscan_lit *lits, int nr, const char *text, size_t len,
	     enum litscan_way way);

/*
 * How rare byte @c is in C source, higher for rarer (@icase: either case
 * of a letter). For picking which bytes of a string to look for first.
 */
int litscan_rarity(int c, int icase);

/*
 * Where is @s (@n bytes) first in @text? NULL: nowhere. @icase: ASCII
 * case ignored (@s in lower case).
 */
const char *litscan_find(const char *text, size_t len, const char *s,
			 size_t n, int icase);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_LITSCAN_H
#define KDEV_PATCH_LITSCAN_H

#include <stddef.h>

/*
 * Where is each of a set of strings first in a text? For K: keywords
 * over a whole file (kernel/bpf/verifier.c is 465 KB): one pass for all
 * of them instead of one memmem() each. Pure.
 */
struct litscan_lit {
	const char *s;		/* icase: in lower case */
	size_t n;		/* at least LITSCAN_MIN */
	int icase;		/* ASCII letters in either case */
	size_t pos;		/* out: the first offset, or SIZE_MAX */
	/* private */
	unsigned key;
	int next;
};

#define LITSCAN_MIN 3

/*
 * Set each @lits[i].pos. @force_scalar: not the SIMD way even where the
 * CPU has it (the tests compare the two).
 */
void litscan(struct litscan_lit *lits, int nr, const char *text, size_t len,
	     int force_scalar);

#endif

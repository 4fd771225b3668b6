/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_REGEX_H
#define KDEV_PATCH_REGEX_H

#include <stddef.h>

/*
 * A small regular expression matcher for the patterns MAINTAINERS holds
 * (N: and K: lines, and F:/X: globs turned into regexes), with Perl's
 * syntax and byte semantics, since the kernel's scripts match them with
 * Perl: literals and escapes, ., [classes] with ranges, \d \w \s and
 * their negations (ASCII), ^ $ \A \z \Z \b \B, groups ( ) and (?: ),
 * inline flags (?i) (?x) (?s) (?m) and (?i: ... ), alternation,
 * * + ? {n} {n,} {n,m} (greedy, lazy and possessive forms all mean the
 * same to a yes/no match). Look-around and back-references are refused.
 *
 * Matching is an NFA simulation (no backtracking): time is linear in
 * the text for any pattern, so hostile input cannot hang it.
 */

#define KRE_ICASE	0x1	/* /i */
#define KRE_EXTENDED	0x2	/* /x: whitespace and # comments ignored */
#define KRE_DOTALL	0x4	/* /s */
#define KRE_MULTILINE	0x8	/* /m */
/*
 * Not Perl's: the texts will be short (paths, addresses), so work out no
 * strings to look for first (kre_need() has none)
 */
#define KRE_SHORT	0x10

struct kre;

/*
 * Compile @len bytes of @pat. Returns NULL on a syntax error or an
 * unsupported construct, with a static message in *errmsg.
 */
struct kre *kre_compile(const char *pat, size_t len, int flags,
			const char **errmsg);
/* Does @re match anywhere in @text (like Perl's m//)? */
int kre_search(const struct kre *re, const char *text, size_t len);
/*
 * The same, for a caller that knows that no match lies in a line before
 * the one holding offset @hint: because the first place of any of
 * kre_need()'s strings is there or later.
 */
int kre_search_hint(const struct kre *re, const char *text, size_t len,
		    size_t hint);
/*
 * The leftmost match at or after @from, as Perl finds it (greedy
 * quantifiers take the longest, alternatives are tried in order):
 * returns 1 with [*start, *end) set, or 0.
 */
int kre_match_span(const struct kre *re, const char *text, size_t len,
		   size_t from, size_t *start, size_t *end);
void kre_free(struct kre *re);
/*
 * Strings one of which every match contains: the i-th, or NULL past the
 * last (NULL at 0: none known). One string: every match contains it
 * ("bpf" of "(?:\b|_)bpf(?:\b|_)"); more: the branches of "clang|llvm",
 * or "dma_buf", "dma_fence" and "dma_resv" of "\bdma_(?:buf|fence|
 * resv)\b". *icase: compared ignoring ASCII case (then in lower case).
 */
const char *kre_need(const struct kre *re, int i, size_t *len, int *icase);
#define KRE_NEED_MAX 8		/* kre_need() gives at most these */
/*
 * The search kre uses for those strings: where @s (@n bytes, in lower
 * case when @icase, which ignores ASCII case) is first in @text, or NULL.
 */
const char *kre_find_string(const char *text, size_t len, const char *s,
			    size_t n, int icase);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the MAINTAINERS parser and its regexes (N:, K:,
 * F:/X: globs), the .mailmap reader, the patch reader, and the query
 * that puts them together (src/patch/).
 *
 * The input is used three ways: as MAINTAINERS text, as .mailmap text
 * and as a patch whose files and keyword lines make the query, next to
 * a few fixed paths.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "patch/diff.h"
#include "patch/litscan.h"
#include "patch/maintainers.h"
#include "patch/regex.h"

static const char *const paths[] = {
	"Makefile", "drivers/net/foo.c", "net/", "include/linux/a.h",
	"arch/x86/boot/dts/b.dts", "dev/null",
};

/* Where is @l first in text[0..n)? (icase: its string is in lower case) */
static size_t plain_find(const char *text, size_t n,
			 const struct litscan_lit *l)
{
	size_t i, k;

	for (i = 0; i + l->n <= n; i++) {
		for (k = 0; k < l->n; k++) {
			unsigned char c = (unsigned char)text[i + k];

			if ((l->icase ? (unsigned char)tolower(c) : c) !=
			    (unsigned char)l->s[k])
				break;
		}
		if (k == l->n)
			return i;
	}
	return SIZE_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct maintainers *m;
	struct mnt_query q;
	struct patch p = PATCH_INIT;
	struct strbuf out = STRBUF_INIT;
	struct kre *re;
	const char *err;
	size_t i;

	int saved, devnull;

	/* messages about the input are expected; keep the log readable */
	fflush(stderr);
	saved = dup(2);
	devnull = open("/dev/null", O_WRONLY);
	if (saved < 0 || devnull < 0)
		abort();
	dup2(devnull, 2);
	close(devnull);
	m = maintainers_parse("/nonexistent-tree", "MAINTAINERS", text, size);
	mailmap_parse(m, text, size);
	mnt_query_init(&q);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		strvec_push(&q.files, paths[i]);
	patch_parse(text, size, &p);
	for (i = 0; i < p.names.nr && i < 64; i++)
		strvec_push(&q.files, p.names.v[i]);
	for (i = 0; i < p.nr_lines; i++) {
		if (p.lines[i].off + p.lines[i].len > size)
			abort();
		mnt_keywords_patch_line(m, &q, text + p.lines[i].off,
					p.lines[i].len, p.lines[i].in_diff);
	}
	mnt_keywords_text(m, &q, text, size);
	mnt_query_run(m, &q);
	mnt_query_print(&q, &out);
	/* every line printed is an address with its role */
	if (out.len && out.buf[out.len - 1] != '\n')
		abort();
	/* the whole input as a regex, and searched with itself */
	re = kre_compile(text, size, KRE_EXTENDED, &err);
	if (re) {
		size_t s, e;

		int found = kre_search(re, text, size);

		if (kre_match_span(re, text, size, 0, &s, &e)) {
			if (s > e || e > size || !found)
				abort();
		} else if (found) {
			abort();
		}
		kre_free(re);
	}
	/*
	 * The words of the first line as strings to find in the rest:
	 * litscan()'s three ways agree with each other and with a plain
	 * search (a word starting with an odd byte, folded to lower case,
	 * ignores case).
	 */
	{
		const char *nl = memchr(text, '\n', size), *w, *e;
		struct litscan_lit a[12], b[12], c[12];
		char folded[12][64];
		int nr = 0, i;

		for (w = text; nl && w < nl && nr < 12; w = e + 1) {
			e = memchr(w, ' ', (size_t)(nl - w));
			if (!e)
				e = nl;
			if (e - w >= LITSCAN_MIN && e - w <= 64) {
				memset(&a[nr], 0, sizeof(a[nr]));
				a[nr].s = w;
				a[nr].n = (size_t)(e - w);
				if (*w & 1) {
					size_t k;

					for (k = 0; k < a[nr].n; k++)
						folded[nr][k] = (char)tolower(
							(unsigned char)w[k]);
					a[nr].s = folded[nr];
					a[nr].icase = 1;
				}
				b[nr] = c[nr] = a[nr];
				nr++;
			}
		}
		if (nr) {
			const char *rest = nl + 1;
			size_t n = size - (size_t)(rest - text);

			litscan(a, nr, rest, n, LITSCAN_BEST);
			litscan(b, nr, rest, n, LITSCAN_SCALAR);
			litscan(c, nr, rest, n, LITSCAN_SSSE3);
			for (i = 0; i < nr; i++) {
				size_t want = plain_find(rest, n, &a[i]);
				const char *f;

				f = litscan_find(rest, n, a[i].s, a[i].n,
						 a[i].icase);

				if (a[i].pos != want || b[i].pos != want ||
				    c[i].pos != want ||
				    (f ? (size_t)(f - rest) : SIZE_MAX) != want)
					abort();
			}
		}
	}
	/*
	 * The first line as a regex over the rest: kre_search() (which
	 * may look only at the lines that have the pattern's strings) must
	 * say what the NFA over the whole text says (the same pattern
	 * compiled with KRE_SHORT, which looks for no strings first), and
	 * a match must hold one of kre_need()'s strings.
	 */
	{
		const char *nl = memchr(text, '\n', size);
		struct kre *plain;

		re = nl ? kre_compile(text, (size_t)(nl - text), KRE_EXTENDED,
				      &err) : NULL;
		plain = nl ? kre_compile(text, (size_t)(nl - text),
					 KRE_EXTENDED | KRE_SHORT, &err) : NULL;
		if (!re != !plain)
			abort();
		if (re) {
			const char *rest = nl + 1;
			size_t n = size - (size_t)(rest - text), s, e, k;
			int found = kre_search(re, rest, n), icase;
			const char *need;

			size_t s2, e2, mid = n / 3;

			if (found != kre_match_span(re, rest, n, 0, &s, &e) ||
			    found != kre_search(plain, rest, n) ||
			    found != kre_match_span(plain, rest, n, 0, &s2,
						    &e2) ||
			    (found && (s != s2 || e != e2)))
				abort();
			/* the same leftmost match from further on */
			{
				size_t s3, e3;
				int f1 = kre_match_span(re, rest, n, mid, &s2,
							&e2);
				int f2 = kre_match_span(plain, rest, n, mid,
							&s3, &e3);

				if (f1 != f2 || (f1 && (s2 != s3 || e2 != e3)))
					abort();
			}
			for (i = 0; found && (need = kre_need(re, (int)i, &k,
							       &icase)); i++) {
				struct litscan_lit l = { .s = need, .n = k,
							 .icase = icase };

				if (plain_find(rest + s, e - s, &l) != SIZE_MAX)
					break;
			}
			if (found && i && !need)
				abort();	/* none of them in the match */
			/* from where the first of those strings is */
			{
				size_t hint = SIZE_MAX;
				const char *at;

				for (i = 0; (need = kre_need(re, (int)i, &k,
							     &icase)); i++) {
					at = kre_find_string(rest, n, need, k,
							     icase);
					if (at && (size_t)(at - rest) < hint)
						hint = (size_t)(at - rest);
				}
				if (i && hint == SIZE_MAX ? found :
				    kre_search_hint(re, rest, n,
						    i ? hint : 0) != found)
					abort();
			}
			kre_free(re);
			kre_free(plain);
		}
	}
	strbuf_release(&out);
	patch_release(&p);
	mnt_query_release(&q);
	maintainers_free(m);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return 0;
}

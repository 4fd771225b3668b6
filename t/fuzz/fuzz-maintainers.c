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
	 * litscan()'s two ways agree with each other and with memmem().
	 */
	{
		const char *nl = memchr(text, '\n', size), *w, *e;
		struct litscan_lit a[8], b[8];
		int nr = 0, i;

		for (w = text; nl && w < nl && nr < 8; w = e + 1) {
			e = memchr(w, ' ', (size_t)(nl - w));
			if (!e)
				e = nl;
			if (e - w >= LITSCAN_MIN) {
				memset(&a[nr], 0, sizeof(a[nr]));
				a[nr].s = w;
				a[nr].n = (size_t)(e - w);
				b[nr] = a[nr];
				nr++;
			}
		}
		if (nr) {
			const char *rest = nl + 1;
			size_t n = size - (size_t)(rest - text);

			litscan(a, nr, rest, n, 0);
			litscan(b, nr, rest, n, 1);
			for (i = 0; i < nr; i++) {
				const char *f = memmem(rest, n, a[i].s, a[i].n);
				size_t want = f ? (size_t)(f - rest) : SIZE_MAX;

				if (a[i].pos != want || b[i].pos != want)
					abort();
			}
		}
	}
	/*
	 * The first line as a regex over the rest: kre_search() (which
	 * may look only at the lines that have the pattern's string) must
	 * say what the NFA over the whole text says.
	 */
	{
		const char *nl = memchr(text, '\n', size);

		re = nl ? kre_compile(text, (size_t)(nl - text), KRE_EXTENDED,
				      &err) : NULL;
		if (re) {
			const char *rest = nl + 1;
			size_t n = size - (size_t)(rest - text), s, e;
			int found = kre_search(re, rest, n);

			if (found != kre_match_span(re, rest, n, 0, &s, &e))
				abort();
			kre_free(re);
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

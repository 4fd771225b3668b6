// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "patch/diff.h"
#include "patch/litscan.h"
#include "patch/maintainers.h"
#include "patch/mnt-cache.h"
#include "patch/regex.h"
#include "unit.h"

static int re_match(const char *pat, int flags, const char *text)
{
	const char *err = NULL;
	struct kre *re = kre_compile(pat, strlen(pat), flags, &err);
	int r;

	assert_non_null(re);
	r = kre_search(re, text, strlen(text));
	kre_free(re);
	return r;
}

static void test_regex(void **state)
{
	const char *err = NULL;
	size_t s, e;
	struct kre *re;

	(void)state;
	assert_true(re_match("^drivers/net/.*\\.c", 0, "drivers/net/a.cfg"));
	assert_false(re_match("^drivers/net/.*\\.c", 0, "xdrivers/net/a.c"));
	assert_true(re_match("(?:\\b|_)bpf(?:\\b|_)", KRE_EXTENDED, "a_bpf_b"));
	assert_false(re_match("(?:\\b|_)bpf(?:\\b|_)", KRE_EXTENDED, "abpfb"));
	assert_true(re_match("\\b(?i:clang|llvm)\\b", KRE_EXTENDED,
			     "al analysis than LLVM."));
	/*
	 * The prefilter: one of the branches' strings must be there
	 * ("l", common to clang and llvm, says too little), in either case.
	 */
	assert_true(re_match("\\b(?i:clang|llvm)\\b", KRE_EXTENDED, "x Clang"));
	assert_false(re_match("\\b(?i:clang|llvm)\\b", KRE_EXTENDED,
			      "lvm clan lv"));
	assert_true(re_match("\\b(pstore|ramoops)", 0, "a ramoops"));
	assert_false(re_match("\\b(pstore|ramoops)", 0, "ramoop ps"));
	assert_false(re_match("\\b(pstore|ramoops)", 0, "xpstore"));
	assert_true(re_match("(ab|c)d", 0, "xcd"));
	assert_true(re_match("(a|b|c|d|e|f|g|h|i|j)z", 0, "jz"));
	assert_true(re_match("x(?i:ab|CD)y", 0, "xcDy"));
	assert_false(re_match("x(?i:ab|CD)y", 0, "xcD y"));
	/* (?i) in the middle reaches to the end of its group */
	assert_true(re_match("^[+-].*(?i)pidfd", KRE_EXTENDED, "+x PIDFD\n"));
	assert_false(re_match("^[+-].*(?i)pidfd", KRE_EXTENDED, " x pidfd\n"));
	/* /x: spaces are not part of the pattern */
	assert_true(re_match("a b c", KRE_EXTENDED, "abc"));
	assert_false(re_match("a b c", 0, "abc"));
	assert_true(re_match("bcm[9]?47622", 0, "bcm947622"));
	assert_true(re_match("[^a-z0-9]ps3", 0, "platforms/ps3"));
	assert_true(re_match("x$", 0, "x\n"));
	assert_true(re_match("a{2,3}$", 0, "xaaa"));
	assert_false(re_match("^a{2,3}$", 0, "aaaa"));
	assert_true(re_match("[[:digit:]]+", 0, "x9"));
	/*
	 * A pattern that takes no newline is run only over the lines with
	 * its string; anchors still see the whole text.
	 */
	assert_false(re_match("^foo", 0, "x\nfoo"));
	assert_true(re_match("(?m)^foo", 0, "x\nfoo"));
	assert_false(re_match("foo$", 0, "foo\nx"));
	assert_true(re_match("foo$", 0, "x\nfoo\n"));
	assert_true(re_match("\\bfoo\\b", 0, "xfoo\nfoox\n(foo)"));
	assert_false(re_match("\\bfoo\\b", 0, "xfoo\nfoox\nfoo_"));
	assert_true(re_match("a+bcd", 0, "bcd\nabc\nxaaabcd"));
	assert_false(re_match("a+bcd", 0, "bcd\nabc\nxaaa\nbcd"));
	assert_true(re_match("\\b(?i:clang|llvm)\\b", KRE_EXTENDED,
			     "xclang\nllvmx\n CLANG\n"));
	assert_false(re_match("\\b(?i:clang|llvm)\\b", KRE_EXTENDED,
			      "xclang\nllvmx\n"));
	/* \s takes a newline: a match across lines is still found */
	assert_true(re_match("struct\\s+phylink", KRE_EXTENDED,
			     "struct\n\tphylink"));
	/* case-insensitive strings are looked for by their rarest byte */
	assert_true(re_match("(?i)rust", 0, "rusT"));
	assert_true(re_match("(?i)rust", 0, "x trust"));
	assert_false(re_match("(?i)rust", 0, "xxrus"));
	assert_false(re_match("(?i)rust", 0, "RUS\nT"));
	assert_true(re_match("(?i)abcq", 0, "xxABCQ"));
	assert_false(re_match("(?i)abcq", 0, "xxABC"));
	assert_true(re_match("(?i)q_z", 0, "Q_Z"));
	/* the hint: the string is not before it, the match may start before */
	re = kre_compile("a+bcd", 5, 0, &err);
	assert_true(kre_search_hint(re, "z\nxaaabcd", 9, 6));
	assert_false(kre_search_hint(re, "aabcd\nbcd", 9, 6));
	kre_free(re);
	/* refused, not crashed */
	assert_null(kre_compile("(", 1, 0, &err));
	assert_null(kre_compile("a**", 3, 0, &err));
	assert_null(kre_compile("\\1", 2, 0, &err));
	assert_null(kre_compile("(?=x)", 5, 0, &err));
	assert_null(kre_compile("[z-a]", 5, 0, &err));
	/* linear: no blow-up on a nested star */
	assert_false(re_match("((((a*)*)*)*)*b", 0,
			      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"));
	/* leftmost, then longest for greedy */
	re = kre_compile("a+", 2, 0, &err);
	assert_true(kre_match_span(re, "xaay", 4, 0, &s, &e));
	assert_int_equal(s, 1);
	assert_int_equal(e, 3);
	kre_free(re);
	re = kre_compile("a|ab", 4, 0, &err);
	assert_true(kre_match_span(re, "xab", 3, 0, &s, &e));
	assert_int_equal(e - s, 1);
	kre_free(re);
}

static void check_email(const char *in, const char *name, const char *addr)
{
	struct strbuf n = STRBUF_INIT, a = STRBUF_INIT;

	mnt_parse_email(in, &n, &a);
	assert_string_equal(n.buf, name);
	assert_string_equal(a.buf, addr);
	strbuf_release(&n);
	strbuf_release(&a);
}

static void test_email(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	check_email("Jane Doe <jane@example.org>", "Jane Doe", "jane@example.org");
	check_email("\"David S. Miller\" <davem@davemloft.net>",
		    "\"David S. Miller\"", "davem@davemloft.net");
	check_email("Pan, Xinhui <Xinhui.Pan@amd.com>", "\"Pan, Xinhui\"",
		    "Xinhui.Pan@amd.com");
	check_email("Paulo <pc@cjr.nz> (DFS, global)", "Paulo", "pc@cjr.nz");
	check_email("<solo@example.org>", "", "solo@example.org");
	check_email("bare@example.org", "", "bare@example.org");
	check_email("Theodore Ts'o <tytso@mit.edu>", "\"Theodore Ts'o\"",
		    "tytso@mit.edu");
	check_email("no address here", "", "");
	mnt_format_email("\"A B\"", " a@b.c ", &sb);
	assert_string_equal(sb.buf, "A B <a@b.c>");
	strbuf_reset(&sb);
	mnt_format_email("", "a@b.c", &sb);
	assert_string_equal(sb.buf, "a@b.c");
	strbuf_release(&sb);

	assert_true(mnt_rfc822_valid("Jane Doe <jane@example.org>"));
	assert_true(mnt_rfc822_valid("jane@example.org (comment, here)"));
	assert_true(mnt_rfc822_valid("\"Doe, Jane\" <jane@example.org>"));
	assert_false(mnt_rfc822_valid("Jane Q. Doe <jane@example.org>"));
	assert_false(mnt_rfc822_valid("Doe, Jane <jane@example.org>"));
	assert_false(mnt_rfc822_valid("a@b.c, d@e.f"));
	assert_false(mnt_rfc822_valid(""));
}

static void test_roles(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	mnt_status_role("Maintained", &sb);
	assert_string_equal(sb.buf, "maintainer");
	strbuf_reset(&sb);
	mnt_status_role("Odd Fixes", &sb);
	assert_string_equal(sb.buf, "odd fixer");
	strbuf_reset(&sb);
	mnt_status_role("Buried alive in reporters", &sb);
	assert_string_equal(sb.buf, "chief penguin");
	strbuf_reset(&sb);
	mnt_status_role(NULL, &sb);
	assert_string_equal(sb.buf, "unknown");
	strbuf_reset(&sb);
	mnt_section_label("ARM/Allwinner sunXi SoC support and a very long name",
			  &sb);
	assert_string_equal(sb.buf,
			    "ARM/Allwinner sunXi SoC support and a very long...");
	strbuf_release(&sb);
}

static const char text[] =
	"List of maintainers\n"
	"\tM: not a tag (indented)\n"
	"\n"
	"NET DRIVERS\n"
	"M:\tNet Person <net@example.org>\n"
	"L:\tnetdev@example.org\n"
	"S:\tOdd Fixes\n"
	"F:\tdrivers/net/\n"
	"X:\tdrivers/net/wireless/\n"
	"\n"
	"WIRELESS\n"
	"M:\tAir Person <air@example.org>\n"
	"L:\tair-list@example.org (moderated for non-subscribers)\n"
	"S:\tMaintained\n"
	"F:\tdrivers/net/wireless/*\n"
	"T:\tgit git://example.org/air.git\n"
	"\n"
	"HEADERS\n"
	"R:\tNet Person <NET@example.org>\n"
	"S:\tSupported\n"
	"F:\tinclude/linux/net*.h\n"
	"N:\tnetdev\n"
	"K:\tnetif_rx\n"
	"\n"
	"THE REST\n"
	"M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
	"L:\tlkml@example.org\n"
	"S:\tBuried alive in reporters\n"
	"F:\t*\n"
	"F:\t*/\n";

static char *run_query(struct maintainers *m, const char *const *files,
		       const char *kwtext)
{
	struct mnt_query q;
	struct strbuf out = STRBUF_INIT;

	mnt_query_init(&q);
	for (; *files; files++)
		strvec_push(&q.files, *files);
	if (kwtext)
		mnt_keywords_text(m, &q, kwtext, strlen(kwtext));
	mnt_query_run(m, &q);
	mnt_query_print(&q, &out);
	mnt_query_release(&q);
	return strbuf_detach(&out, NULL);
}

static void test_query(void **state)
{
	struct maintainers *m;
	const char *f1[] = { "drivers/net/e1000/main.c", NULL };
	const char *f2[] = { "drivers/net/wireless/a.c", NULL };
	const char *f3[] = { "drivers/net/wireless/b/c.c", NULL };
	const char *f4[] = { "include/linux/netdevice.h", NULL };
	const char *f5[] = { "Makefile", NULL };
	char *out;

	(void)state;
	m = maintainers_parse("/nonexistent", "MAINTAINERS", text,
			      strlen(text));
	assert_int_equal(m->nr_sections, 4);
	assert_string_equal(m->sections[0].name, "NET DRIVERS");
	assert_string_equal(m->sections[3].status, "Buried alive in reporters");
	assert_int_equal(m->warnings, 0);

	out = run_query(m, f1, NULL);
	assert_string_equal(out,
		"Net Person <net@example.org> (odd fixer:NET DRIVERS)\n"
		"netdev@example.org (open list:NET DRIVERS)\n"
		"lkml@example.org (open list)\n");
	free(out);
	/* X: takes the file from NET DRIVERS; "*" matches one level only */
	out = run_query(m, f2, NULL);
	assert_string_equal(out,
		"Air Person <air@example.org> (maintainer:WIRELESS)\n"
		"air-list@example.org (moderated list:WIRELESS)\n"
		"lkml@example.org (open list)\n");
	free(out);
	out = run_query(m, f3, NULL);
	assert_string_equal(out, "lkml@example.org (open list)\n");
	free(out);
	/* the same person by address in another case: first role only */
	out = run_query(m, f4, NULL);
	assert_string_equal(out,
		"Net Person <NET@example.org> (reviewer:HEADERS)\n"
		"lkml@example.org (open list)\n");
	free(out);
	/* K: on the file's text adds the section after the file matches */
	out = run_query(m, f5, "x = netif_rx(skb);");
	assert_string_equal(out,
		"Net Person <NET@example.org> (reviewer:HEADERS)\n"
		"lkml@example.org (open list)\n");
	free(out);
	maintainers_free(m);
}

static void check_same_answers(struct maintainers *a, struct maintainers *b)
{
	static const char *const files[][2] = {
		{ "drivers/net/e1000/main.c", NULL },
		{ "drivers/net/wireless/a.c", NULL },
		{ "include/linux/netdevice.h", NULL },
		{ "Makefile", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *x = run_query(a, files[i], "x = netif_rx(skb);");
		char *y = run_query(b, files[i], "x = netif_rx(skb);");

		assert_string_equal(x, y);
		free(x);
		free(y);
	}
}

/*
 * The index cache: an image of the arrays, used in place at its base,
 * its pointers moved anywhere else; the same answers either way, and
 * a damaged one refused.
 */
static void test_cache(void **state)
{
	static const char key[] = "test-key";
	struct maintainers *m, *c;
	struct strbuf img = STRBUF_INIT;
	uint64_t base, total, *buf;
	const char *seed = getenv("KDEV_WRITE_FUZZ_SEED");
	void *map;

	(void)state;
	m = maintainers_parse("/nonexistent", "MAINTAINERS", text,
			      strlen(text));
	mnt_cache_build(m, NULL, key, strlen(key), &img);
	assert_int_equal(mnt_cache_header(img.buf, img.len, &base, &total), 0);
	assert_int_equal(total, img.len);
	assert_true(base == mnt_cache_base(key, strlen(key)));
	assert_int_equal(base % 4096, 0);

	/* anywhere: the pointers are moved */
	buf = xcalloc(img.len / 8 + 1, 8);
	memcpy(buf, img.buf, img.len);
	c = maintainers_new("/nonexistent", "MAINTAINERS");
	assert_int_equal(mnt_cache_fill(c, buf, img.len, key, strlen(key), 1),
			 0);
	assert_true(c->in_map);
	assert_int_equal(c->nr_sections, m->nr_sections);
	assert_string_equal(c->sections[0].name, "NET DRIVERS");
	assert_string_equal(c->sections[3].status,
			    "Buried alive in reporters");
	assert_true(c->entries[0].value > (char *)buf &&
		    c->entries[0].value < (char *)buf + img.len);
	check_same_answers(m, c);
	maintainers_free(c);
	free(buf);

	/* at its base: used as it is */
	map = mmap((void *)(uintptr_t)base, img.len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	/* (free on x86-64 Linux 4.17 and later; kdev itself falls back) */
	assert_true(map == (void *)(uintptr_t)base);
	if (map == (void *)(uintptr_t)base) {
		memcpy(map, img.buf, img.len);
		c = maintainers_new("/nonexistent", "MAINTAINERS");
		assert_int_equal(mnt_cache_fill(c, map, img.len, key,
						strlen(key), 1), 0);
		assert_true(c->entries[0].value == c->lines[c->entries[0].tvi] +
			    (m->entries[0].value -
			     m->lines[m->entries[0].tvi]));
		assert_true((uintptr_t)c->lines[0] > base &&
			    (uintptr_t)c->lines[0] < base + img.len);
		check_same_answers(m, c);
		maintainers_free(c);
	}
	if (map != MAP_FAILED)
		munmap(map, img.len);

	/* refused: another key, a short file, a flipped byte, a layout */
	buf = xcalloc(img.len / 8 + 1, 8);
	c = maintainers_new("/nonexistent", "MAINTAINERS");
	memcpy(buf, img.buf, img.len);
	assert_int_equal(mnt_cache_fill(c, buf, img.len, "other", 5, 1), -1);
	memcpy(buf, img.buf, img.len);
	assert_int_equal(mnt_cache_fill(c, buf, img.len - 8, key, strlen(key),
					1), -1);
	memcpy(buf, img.buf, img.len);
	((char *)buf)[img.len / 2] ^= 1;
	assert_int_equal(mnt_cache_fill(c, buf, img.len, key, strlen(key), 1),
			 -1);
	/* a byte of the arrays (the last word), and of the header */
	memcpy(buf, img.buf, img.len);
	((char *)buf)[img.len - 9] ^= 0x10;
	assert_int_equal(mnt_cache_fill(c, buf, img.len, key, strlen(key), 1),
			 -1);
	memcpy(buf, img.buf, img.len);
	((char *)buf)[96] ^= 1;		/* the count of the lines */
	assert_int_equal(mnt_cache_fill(c, buf, img.len, key, strlen(key), 1),
			 -1);
	memcpy(buf, img.buf, img.len);
	((char *)buf)[12] ^= 1;	/* the layout hash */
	assert_int_equal(mnt_cache_fill(c, buf, img.len, key, strlen(key), 0),
			 -1);
	/* every pointer checked: one more than the strings hold */
	{
		size_t i, refused = 0, tried = 0;

		for (i = 64; i + 8 <= img.len; i += 8) {
			uint64_t v;

			memcpy(&v, img.buf + i, 8);
			if (v < base || v >= base + img.len)
				continue;
			memcpy(buf, img.buf, img.len);
			v = base + img.len + 4096;
			memcpy((char *)buf + i, &v, 8);
			tried++;
			refused += mnt_cache_fill(c, buf, img.len, key,
						  strlen(key), 0) == -1;
		}
		assert_true(tried > 20);
		assert_int_equal(refused, tried);
	}
	assert_int_equal(c->nr_entries, 0);
	maintainers_free(c);
	free(buf);

	/* the fuzzer's seed: KDEV_WRITE_FUZZ_SEED=t/fuzz/corpus-mnt-cache/... */
	if (seed) {
		struct strbuf fz = STRBUF_INIT;
		FILE *f = fopen(seed, "w");

		mnt_cache_build(m, NULL, "fuzz-key", 8, &fz);
		assert_non_null(f);
		assert_int_equal(fwrite(fz.buf, 1, fz.len, f), fz.len);
		assert_int_equal(fclose(f), 0);
		strbuf_release(&fz);
	}
	strbuf_release(&img);
	maintainers_free(m);
}

/* The first @s (ASCII case ignored when @icase) in @t, or SIZE_MAX */
static size_t naive_find(const char *t, size_t len, const char *s, size_t n,
			 int icase)
{
	size_t i, k;

	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			unsigned char a = (unsigned char)t[i + k];

			if (icase && a >= 'A' && a <= 'Z')
				a += 32;
			if (a != (unsigned char)s[k])
				break;
		}
		if (k == n)
			return i;
	}
	return SIZE_MAX;
}

/*
 * litscan(): the AVX2, SSSE3 and scalar ways and a plain search agree,
 * on random texts over a small alphabet (many near misses, strings found
 * again after their first place), strings at the very end, in either
 * case, bytes above 0x7f, more strings than buckets, and strings looked
 * for by bytes in their middle or at their end (their rarest three).
 */
static void test_litscan(void **state)
{
	static const char alpha[] = "abcABC_\n\xe9x";
	static const char *const fixed[] = {
		"bpf", "rust", "clang", "LLVM", "__check_", "abc", "cab", "a_b",
		"aaax", "b\xe9\xe9", "cba_abc", "xCa", "_a_", "abcabcab",
	};
	enum { NFIXED = sizeof(fixed) / sizeof(fixed[0]) };
	struct litscan_lit a[16], b[16], c[16];
	unsigned seed = 12345;
	char text[300];
	int round, i;

	(void)state;
	for (round = 0; round < 6000; round++) {
		size_t len = (size_t)(round % 290) + 1, k;
		int nr = round % 15 + 1;

		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			text[k] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		/* a string planted at the very end now and then */
		if (round % 3 == 0 && len >= 3)
			memcpy(text + len - 3, "cAb", 3);
		for (i = 0; i < nr; i++) {
			memset(&a[i], 0, sizeof(a[i]));
			a[i].s = fixed[(round + i * 5) % NFIXED];
			a[i].n = strlen(a[i].s);
			/* strings without upper case may ignore case */
			a[i].icase = ((round >> 2) + i) % 2 &&
				     strcmp(a[i].s, "LLVM") &&
				     strcmp(a[i].s, "xCa");
			b[i] = c[i] = a[i];
		}
		litscan(a, nr, text, len, LITSCAN_BEST);
		litscan(b, nr, text, len, LITSCAN_SCALAR);
		litscan(c, nr, text, len, LITSCAN_SSSE3);
		for (i = 0; i < nr; i++) {
			size_t want = naive_find(text, len, a[i].s, a[i].n,
						 a[i].icase);
			const char *f = litscan_find(text, len, a[i].s,
						     a[i].n, a[i].icase);

			if ((f ? (size_t)(f - text) : SIZE_MAX) != want)
				fail_msg("round %d: litscan_find('%s'%s) in "
					 "%zu bytes: %zd, want %zu", round,
					 a[i].s, a[i].icase ? " (i)" : "", len,
					 f ? f - text : (ssize_t)-1, want);

			if (a[i].pos != want || b[i].pos != want ||
			    c[i].pos != want)
				fail_msg("round %d: '%s'%s in %zu bytes: "
					 "best %zu, scalar %zu, ssse3 %zu, "
					 "want %zu", round, a[i].s,
					 a[i].icase ? " (i)" : "", len,
					 a[i].pos, b[i].pos, c[i].pos, want);
		}
	}
	/* litscan_find() of one byte, of nothing, of more than the text */
	assert_ptr_equal(litscan_find("abcB", 4, "b", 1, 1), "abcB" + 1);
	assert_null(litscan_find("abc", 3, "B", 1, 0));
	assert_ptr_equal(litscan_find("abc", 3, "", 0, 0), "abc");
	assert_null(litscan_find("ab", 2, "abc", 3, 0));
	/* a string too short to look for is a "maybe" (0) */
	memset(&a[0], 0, sizeof(a[0]));
	a[0].s = "ps";
	a[0].n = 2;
	litscan(a, 1, "xyz", 3, LITSCAN_BEST);
	assert_int_equal(a[0].pos, 0);
	/* the rarest three: "_op" of regulator_get_optional, not "reg" */
	assert_true(litscan_rarity('_', 0) < litscan_rarity('q', 0));
	assert_true(litscan_rarity('e', 0) < litscan_rarity('Z', 0));
	assert_int_equal(litscan_rarity('Z', 1), litscan_rarity('z', 1));
}

/*
 * mnt_glob_prefix() says what the regex get_maintainer makes of an F:
 * glob says (m@^REGEX@), on random globs and paths over a small
 * alphabet, with and without the '/' a directory gets.
 */
static void test_glob(void **state)
{
	static const char galpha[] = "ab/.*?";
	static const char palpha[] = "ab/.";
	unsigned seed = 777;
	char g[12], path[16];
	int round, slash;

	(void)state;
	for (round = 0; round < 20000; round++) {
		struct strbuf re = STRBUF_INIT;
		const char *err, *p;
		struct kre *k;
		size_t gl, pl, i;

		seed = seed * 1103515245u + 12345u;
		gl = (seed >> 16) % 8;
		pl = (seed >> 20) % 12;
		slash = (seed >> 26) & 1;
		for (i = 0; i < gl; i++) {
			seed = seed * 1103515245u + 12345u;
			g[i] = galpha[(seed >> 16) % (sizeof(galpha) - 1)];
		}
		g[gl] = '\0';
		for (i = 0; i < pl; i++) {
			seed = seed * 1103515245u + 12345u;
			path[i] = palpha[(seed >> 16) % (sizeof(palpha) - 1)];
		}
		path[pl] = '\0';
		strbuf_addch(&re, '^');
		for (p = g; *p; p++) {
			if (*p == '.')
				strbuf_addstr(&re, "\\.");
			else if (*p == '*')
				strbuf_addstr(&re, ".*");
			else if (*p == '?')
				strbuf_addch(&re, '.');
			else
				strbuf_addch(&re, *p);
		}
		if (slash)
			strbuf_addch(&re, '/');
		k = kre_compile(re.buf, re.len, KRE_SHORT, &err);
		assert_non_null(k);
		assert_true(mnt_glob_plain(g));
		if (mnt_glob_prefix(g, slash, path) !=
		    kre_search(k, path, pl))
			fail_msg("glob '%s'%s on '%s': %d, regex %s says %d",
				 g, slash ? " + /" : "", path,
				 mnt_glob_prefix(g, slash, path), re.buf,
				 kre_search(k, path, pl));
		kre_free(k);
		strbuf_release(&re);
	}
	assert_false(mnt_glob_plain("drivers/foo[0-9]/"));
	assert_false(mnt_glob_plain("a+b"));
	assert_true(mnt_glob_plain("drivers/net/*/intel/?.c"));
}

static void test_warnings(void **state)
{
	static const char bad[] =
		"M:\tEarly <e@x.org>\n"
		"SEC\n"
		"Z:\twhat\n"
		"N:\t(open\n"
		"M:\tnobody\n";
	struct stderr_capture c;
	struct maintainers *m;
	char *err;

	(void)state;
	stderr_capture_begin(&c);
	m = maintainers_parse("/nonexistent", "M", bad, strlen(bad));
	err = stderr_capture_end(&c);
	assert_non_null(strstr(err, "M:1: tag outside a section"));
	assert_non_null(strstr(err, "M:3: unknown tag"));
	assert_non_null(strstr(err, "M:4: cannot use N: pattern"));
	assert_non_null(strstr(err, "M:5: no e-mail address"));
	assert_int_equal(m->warnings, 4);
	free(err);
	maintainers_free(m);
}

static void test_mailmap(void **state)
{
	static const char mm[] =
		"# comment\n"
		"Real Name <real@x.org>\n"
		"<new@x.org> <old@x.org>\n"
		"Other One <one@x.org> <one-old@x.org>\n"
		"Third <third@x.org> Wrong Name <w@x.org>\n";
	static const char sec[] =
		"A\nM:\treal@x.org\nM:\tSomeone <old@x.org>\n"
		"M:\tX <one-old@x.org>\nM:\tWrong Name <w@x.org>\n"
		"S:\tMaintained\nF:\t*\n";
	const char *files[] = { "README", NULL };
	struct maintainers *m;
	char *out;

	(void)state;
	m = maintainers_parse("/nonexistent", "MAINTAINERS", sec, strlen(sec));
	mailmap_parse(m, mm, strlen(mm));
	out = run_query(m, files, NULL);
	assert_string_equal(out,
		"Real Name <real@x.org> (maintainer:A)\n"
		"Someone <new@x.org> (maintainer:A)\n"
		"Other One <one@x.org> (maintainer:A)\n"
		"Third <third@x.org> (maintainer:A)\n");
	free(out);
	maintainers_free(m);
}

static void test_patch(void **state)
{
	static const char p1[] =
		"From: A <a@b.c>\n"
		"Subject: [PATCH] net: pidfd thing\n"
		"\n"
		"Fixes: 0123456789ab (\"x\")\n"
		"---\n"
		" net/a.c | 2 +-\n"
		"diff --git a/net/a.c b/net/a.c\n"
		"index 1..2 100644\n"
		"--- a/net/a.c\n"
		"+++ b/net/a.c\n"
		"@@ -1,3 +1,3 @@\n"
		" ctx\n"
		"-old\n"
		"+new\n"
		" ctx\n"
		"diff --git a/old/b.c b/new/b.c\n"
		"similarity index 90%\n"
		"rename from old/b.c\n"
		"rename to new/b.c\n"
		"diff --git a/c.c b/c.c\n"
		"new file mode 100644\n"
		"--- /dev/null\n"
		"+++ b/c.c\n"
		"@@ -0,0 +1 @@\n"
		"+x\n";
	struct patch p = PATCH_INIT;
	size_t i, in_diff = 0;

	(void)state;
	patch_parse(p1, strlen(p1), &p);
	/* get_maintainer's list, repeats and dev/null included */
	assert_int_equal(p.names.nr, 12);
	assert_string_equal(p.names.v[0], "net/a.c");
	assert_string_equal(p.names.v[4], "old/b.c");
	assert_string_equal(p.names.v[7], "new/b.c");
	assert_string_equal(p.names.v[10], "dev/null");
	assert_string_equal(p.names.v[11], "c.c");
	assert_int_equal(p.fixes.nr, 1);
	assert_string_equal(p.fixes.v[0], "0123456789ab");
	for (i = 0; i < p.nr_lines; i++)
		in_diff += p.lines[i].in_diff;
	assert_true(in_diff > 0);
	assert_true(in_diff < p.nr_lines);
	/* the hunks */
	assert_int_equal(p.nr_files, 3);
	assert_string_equal(p.files[0].new_path, "net/a.c");
	assert_int_equal(p.files[0].added, 1);
	assert_int_equal(p.files[0].removed, 1);
	assert_true(p.files[1].is_rename);
	assert_string_equal(p.files[1].old_path, "old/b.c");
	assert_string_equal(p.files[1].new_path, "new/b.c");
	assert_true(p.files[2].is_new);
	assert_null(p.files[2].old_path);
	assert_int_equal(p.files[2].added, 1);
	patch_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_litscan),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_mailmap),
		cmocka_unit_test(test_patch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

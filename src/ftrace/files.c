// SPDX-License-Identifier: GPL-2.0
/*
 * The small files around a trace: available_filter_functions, the
 * kernel's filter globs, near names for a pattern that matches nothing,
 * and the raw file a guest hands back to "kdev trace" (ftrace.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace.h"

/* ---- available_filter_functions ---- */

void ftrace_parse_filter_functions(const char *text, size_t len,
				   struct strvec *names, struct strvec *mods)
{
	size_t pos = 0;

	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		size_t a = 0, b, m0, m1;

		pos += n + 1;
		while (a < n && isspace((unsigned char)s[a]))
			a++;
		b = a;
		while (b < n && !isspace((unsigned char)s[b]))
			b++;
		/* "ADDR name [mod]": skip a leading hex address */
		if (b < n && b - a >= 8) {
			size_t k;

			for (k = a; k < b && isxdigit((unsigned char)s[k]); k++)
				;
			if (k == b) {
				a = b;
				while (a < n && isspace((unsigned char)s[a]))
					a++;
				b = a;
				while (b < n && !isspace((unsigned char)s[b]))
					b++;
			}
		}
		if (a == b || s[a] == '#' || memchr(s + a, '\0', b - a))
			continue;
		m0 = b;
		while (m0 < n && s[m0] == ' ')
			m0++;
		m1 = m0;
		if (m0 < n && s[m0] == '[') {
			m0++;
			for (m1 = m0; m1 < n && s[m1] != ']'; m1++)
				;
			if (m1 >= n || memchr(s + m0, '\0', m1 - m0))
				m1 = m0;
		}
		strvec_pushf(names, "%.*s", (int)(b - a), s + a);
		strvec_pushf(mods, "%.*s", (int)(m1 - m0), s + m0);
	}
}

/* ---- globs ---- */

/* Does [...] at *@pp match @ch? Moves *@pp past "]"; -1: no "]". */
static int match_class(const char **pp, char ch)
{
	const char *p = *pp + 1;
	int neg = 0, hit = 0;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	/* a "]" first is a member */
	do {
		char lo = *p, hi = *p;

		if (!lo)
			return -1;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			p += 3;
		} else {
			p++;
		}
		if (lo <= ch && ch <= hi)
			hit = 1;
	} while (*p != ']');
	*pp = p + 1;
	return hit != neg;
}

int ftrace_glob_match(const char *pat, const char *name)
{
	const char *star = NULL, *back = NULL;

	for (;;) {
		const char *p = pat;
		char c = *name;

		if (*p == '*') {
			star = ++pat;
			back = name;
			continue;
		}
		if (!c)
			return !*p;
		if (*p == '?') {
			pat++;
			name++;
			continue;
		}
		if (*p == '[') {
			int m = match_class(&p, c);

			if (m == 1) {
				pat = p;
				name++;
				continue;
			}
			if (m < 0 && c == '[') {
				pat++;
				name++;
				continue;
			}
		} else if (*p == c) {
			pat++;
			name++;
			continue;
		}
		if (!star)
			return 0;
		pat = star;
		name = ++back;
	}
}

/* ---- near names ---- */

/* Levenshtein distance, or @cap + 1 once it is surely above @cap. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb,
		       size_t cap)
{
	size_t *row, i, j, d;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0], best;

		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);

			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (up + 1 < v)
				v = up + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

size_t ftrace_similar(const char *pat, const struct strvec *names,
		      const char **out, size_t max)
{
	struct strbuf stem = STRBUF_INIT;
	size_t *dist, n = 0, i, k, cap;
	int prefix, suffix;
	const char *p;

	if (!max)
		return 0;
	for (p = pat; *p; p++)
		if (!strchr("*?[]", *p))
			strbuf_addch(&stem, *p);
	if (!stem.len) {
		strbuf_release(&stem);
		return 0;
	}
	prefix = ends_with(pat, "*") && !starts_with(pat, "*");
	suffix = starts_with(pat, "*") && !ends_with(pat, "*");
	cap = stem.len / 4 + 1;
	dist = xmalloc(max * sizeof(*dist));
	for (i = 0; i < names->nr; i++) {
		const char *name = names->v[i];
		size_t ln = strlen(name), lc = ln, d;
		const char *cmp = name;

		if ((prefix || suffix) && ln > stem.len) {
			lc = stem.len;
			if (suffix)
				cmp = name + ln - stem.len;
		}
		d = distance(stem.buf, stem.len, cmp, lc, cap);
		/* a name that holds the pattern's letters is near too */
		if (d > cap && strstr(name, stem.buf))
			d = cap;
		if (d > cap)
			continue;
		/* no duplicates; a shorter name first on a tie */
		for (k = 0; k < n; k++)
			if (!strcmp(out[k], name))
				break;
		if (k < n)
			continue;
		for (k = n; k > 0; k--) {
			size_t dk = dist[k - 1];

			if (dk < d || (dk == d && (strlen(out[k - 1]) < ln ||
				       (strlen(out[k - 1]) == ln &&
					strcmp(out[k - 1], name) <= 0))))
				break;
		}
		if (k >= max)
			continue;
		if (n < max)
			n++;
		memmove(out + k + 1, out + k, (n - 1 - k) * sizeof(*out));
		memmove(dist + k + 1, dist + k, (n - 1 - k) * sizeof(*dist));
		out[k] = name;
		dist[k] = d;
	}
	free(dist);
	strbuf_release(&stem);
	return n;
}

/* ---- the raw file ---- */

void ftrace_raw_header(struct strbuf *out, const char *release,
		       const char *tracer, int status,
		       const struct strvec *mod_funcs)
{
	size_t i;

	strbuf_addstr(out, "kdev-trace 1\n");
	strbuf_addf(out, "release %s\n", release);
	strbuf_addf(out, "tracer %s\n", tracer);
	strbuf_addf(out, "status %d\n", status);
	for (i = 0; mod_funcs && i + 1 < mod_funcs->nr; i += 2)
		strbuf_addf(out, "module %s %s\n", mod_funcs->v[i],
			    mod_funcs->v[i + 1]);
	strbuf_addstr(out, "trace\n");
}

static int token_ok(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (isspace((unsigned char)s[i]) || !s[i])
			return 0;
	return 1;
}

int ftrace_raw_parse(const char *buf, size_t len, struct ftrace_raw *raw,
		     const char **why)
{
	size_t pos = 0;
	int first = 1;

	memset(raw, 0, sizeof(*raw));
	raw->status = -1;
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n, kl;
		const char *v;
		size_t vl;

		if (!nl)
			break;
		n = (size_t)(nl - s);
		pos += n + 1;
		if (first) {
			if (n != 12 || memcmp(s, "kdev-trace 1", 12)) {
				*why = "it does not start with 'kdev-trace 1'";
				return -1;
			}
			first = 0;
			continue;
		}
		if (n == 5 && !memcmp(s, "trace", 5)) {
			raw->text = buf + pos;
			raw->text_len = len - pos;
			return 0;
		}
		for (kl = 0; kl < n && s[kl] != ' '; kl++)
			;
		v = s + kl + (kl < n);
		vl = n - (size_t)(v - s);
		if (kl == 7 && !memcmp(s, "release", 7)) {
			if (!token_ok(v, vl) || vl >= sizeof(raw->release))
				goto bad;
			memcpy(raw->release, v, vl);
			raw->release[vl] = '\0';
		} else if (kl == 6 && !memcmp(s, "tracer", 6)) {
			if (!token_ok(v, vl) || vl >= sizeof(raw->tracer))
				goto bad;
			memcpy(raw->tracer, v, vl);
			raw->tracer[vl] = '\0';
		} else if (kl == 6 && !memcmp(s, "status", 6)) {
			int st = 0;
			size_t i;

			if (!vl || vl > 3)
				goto bad;
			for (i = 0; i < vl; i++) {
				if (!isdigit((unsigned char)v[i]))
					goto bad;
				st = st * 10 + v[i] - '0';
			}
			raw->status = st;
		} else if (kl == 6 && !memcmp(s, "module", 6)) {
			const char *sp = memchr(v, ' ', vl);

			if (!sp || !token_ok(v, (size_t)(sp - v)) ||
			    !token_ok(sp + 1, vl - (size_t)(sp - v) - 1))
				goto bad;
			strvec_pushf(&raw->mod_funcs, "%.*s", (int)(sp - v), v);
			strvec_pushf(&raw->mod_funcs, "%.*s",
				     (int)(vl - (size_t)(sp - v) - 1), sp + 1);
		}
		/* unknown keys: from a later kdev, ignored */
	}
	*why = first ? "it is empty" : "it ends before its trace";
	ftrace_raw_release(raw);
	return -1;
bad:
	*why = "a header line is malformed";
	ftrace_raw_release(raw);
	return -1;
}

void ftrace_raw_release(struct ftrace_raw *raw)
{
	strvec_clear(&raw->mod_funcs);
	raw->text = NULL;
	raw->text_len = 0;
}

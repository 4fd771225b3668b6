// SPDX-License-Identifier: GPL-2.0
/*
 * The dynamic debug query language and control-file lines (see
 * dyndbg.h). The grammar follows what the 6.1 kernel's parser accepts,
 * so that a query that passes here is not refused by the kernel; the
 * messages say which word is wrong and why.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "dyndbg.h"

#define DD_MAXWORDS 9		/* the kernel's MAXWORDS: 4 pairs + flags */

static const char *const key_names[DD_NKEYS] = {
	[DD_FUNC] = "func", [DD_FILE] = "file", [DD_MODULE] = "module",
	[DD_FORMAT] = "format", [DD_CLASS] = "class", [DD_LINE] = "line",
};

static const struct {
	unsigned int flag;
	char ch;
} flag_chars[] = {
	{ DD_FLAG_PRINT, 'p' }, { DD_FLAG_MODULE, 'm' },
	{ DD_FLAG_FUNC, 'f' }, { DD_FLAG_LINE, 'l' }, { DD_FLAG_TID, 't' },
};

const char *dd_key_name(enum dd_key k)
{
	return k < DD_NKEYS ? key_names[k] : "?";
}

struct word {
	size_t pos, len;	/* as written, quotes included */
	size_t vpos, vlen;	/* the value, quotes excluded */
};

PRINTF(4, 5) static int fail(struct dd_error *err, size_t pos, size_t len,
			     const char *fmt, ...)
{
	va_list ap;

	err->pos = pos;
	err->len = len;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* the kernel's isspace() in the tokenizer: space, \t, \n, \v, \f, \r */
static int is_space(int ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

static int tokenize(const char *t, size_t b, size_t e, struct word *w,
		    int *nw, struct dd_error *err)
{
	size_t p = b;

	*nw = 0;
	while (p < e) {
		struct word cur;

		while (p < e && is_space((unsigned char)t[p]))
			p++;
		if (p >= e || t[p] == '#')
			break;
		cur.pos = p;
		if (t[p] == '"' || t[p] == '\'') {
			const char *q = memchr(t + p + 1, t[p], e - p - 1);
			size_t end = e;

			if (!q) {
				while (end > p && is_space((unsigned char)t[end - 1]))
					end--;
				return fail(err, p, end - p,
					    "unterminated quote: no closing %c "
					    "before the end of the query%s",
					    t[p], !strchr(t + e, t[p]) ? "" :
					    " (';' and newlines end a query, "
					    "also inside quotes)");
			}
			cur.vpos = p + 1;
			cur.vlen = (size_t)(q - t) - cur.vpos;
			p = (size_t)(q - t) + 1;
		} else {
			cur.vpos = p;
			while (p < e && !is_space((unsigned char)t[p]))
				p++;
			cur.vlen = p - cur.vpos;
		}
		cur.len = p - cur.pos;
		if (*nw == DD_MAXWORDS)
			return fail(err, cur.pos, cur.len,
				    "too many words: a query is at most 4 "
				    "keyword-value pairs and the flags");
		w[(*nw)++] = cur;
	}
	return 0;
}

/* The kernel's string_unescape(UNESCAPE_SPACE|OCTAL|SPECIAL). */
static char *unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i = 0;

	while (i < n) {
		char c = s[i];

		if (c != '\\' || i + 1 >= n) {
			*o++ = c;
			i++;
			continue;
		}
		c = s[i + 1];
		switch (c) {
		case 'n': *o++ = '\n'; i += 2; continue;
		case 't': *o++ = '\t'; i += 2; continue;
		case 'r': *o++ = '\r'; i += 2; continue;
		case 'f': *o++ = '\f'; i += 2; continue;
		case 'v': *o++ = '\v'; i += 2; continue;
		case '\\': *o++ = '\\'; i += 2; continue;
		case '"': *o++ = '"'; i += 2; continue;
		case 'a': *o++ = '\a'; i += 2; continue;
		case 'e': *o++ = '\033'; i += 2; continue;
		}
		if (c >= '0' && c <= '7') {
			unsigned int v = 0, k;

			for (k = 0; k < 3 && i + 1 + k < n &&
			     s[i + 1 + k] >= '0' && s[i + 1 + k] <= '7'; k++)
				v = v * 8 + (unsigned int)(s[i + 1 + k] - '0');
			*o++ = (char)v;
			i += 1 + k;
			continue;
		}
		*o++ = '\\';	/* not an escape: kept */
		i++;
	}
	*o = '\0';
	return out;
}

/* A line number as kstrtouint() takes it; "" is 0. */
static int parse_lineno(const char *s, size_t n, unsigned int *out)
{
	unsigned long v = 0;
	size_t i = 0;

	if (n && s[0] == '+')
		i = 1;
	if (i == n)
		return n ? -1 : (*out = 0, 0);
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > UINT_MAX)
			return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int parse_range(struct dd_query *q, const char *t, size_t pos,
		       size_t n, size_t wpos, size_t wlen, struct dd_error *err)
{
	const char *s = t + pos;
	const char *dash = memchr(s, '-', n);
	size_t n1 = dash ? (size_t)(dash - s) : n;
	unsigned int first, last;

	if (q->val[DD_LINE])
		return fail(err, wpos, wlen, "a line range is given twice");
	if (parse_lineno(s, n1, &first))
		return fail(err, wpos, wlen, "'%.*s' is not a line number "
			    "(line takes N, N-M, -M or N-)", (int)n1, s);
	if (dash) {
		if (parse_lineno(dash + 1, n - n1 - 1, &last))
			return fail(err, wpos, wlen, "'%.*s' is not a line "
				    "number (line takes N, N-M, -M or N-)",
				    (int)(n - n1 - 1), dash + 1);
		if (!last)
			last = UINT_MAX;
		if (last < first)
			return fail(err, wpos, wlen, "the line range %u-%u ends "
				    "before it starts", first, last);
	} else {
		last = first;
	}
	q->first_line = first;
	q->last_line = last;
	q->val[DD_LINE] = xstrndup(s, n);
	q->pos[DD_LINE] = wpos;
	return 0;
}

static int key_of(const char *s, size_t n)
{
	int k;

	for (k = 0; k < DD_NKEYS; k++)
		if (strlen(key_names[k]) == n && !memcmp(key_names[k], s, n))
			return k;
	return -1;
}

static int set_val(struct dd_query *q, enum dd_key k, char *v, size_t wpos,
		   size_t wlen, struct dd_error *err)
{
	if (q->val[k]) {
		free(v);
		return fail(err, wpos, wlen, "%s is given twice in one query",
			    key_names[k]);
	}
	q->val[k] = v;
	q->pos[k] = wpos;
	return 0;
}

static int has_wild(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

static int parse_flags(struct dd_query *q, const char *t,
		       const struct word *w, struct dd_error *err)
{
	const char *s = t + w->vpos;
	size_t i;

	if (key_of(s, w->vlen) >= 0)
		return fail(err, w->pos, w->len, "%.*s needs a value, and the "
			    "query ends with a flags change, as in '%.*s foo "
			    "+p'", (int)w->vlen, s, (int)w->vlen, s);
	if (w->vlen == 0 || !strchr("+-=", s[0]))
		return fail(err, w->pos, w->len, "'%.*s' is not a flags "
			    "change: a query ends with one, such as +p, -p, "
			    "+pmf or =_", (int)w->vlen, s);
	q->op = s[0];
	q->flags = 0;
	for (i = 1; i < w->vlen; i++) {
		size_t k;

		if (s[i] == '_')
			continue;
		for (k = 0; k < ARRAY_SIZE(flag_chars); k++)
			if (flag_chars[k].ch == s[i])
				break;
		if (k == ARRAY_SIZE(flag_chars))
			return fail(err, w->pos, w->len, "unknown flag '%c' in "
				    "'%.*s': the flags are p (print), m "
				    "(module), f (function), l (line), "
				    "t (thread id) and _ (none)", s[i],
				    (int)w->vlen, s);
		q->flags |= flag_chars[k].flag;
	}
	if (w->vlen == 1 && q->op != '=')
		return fail(err, w->pos, w->len, "no flags after '%c': "
			    "say which, such as %cp", q->op, q->op);
	q->flags_pos = w->pos;
	return 0;
}

static int parse_pairs(struct dd_query *q, const char *t,
		       const struct word *w, int n, unsigned int opts,
		       struct dd_error *err)
{
	int i;

	for (i = 0; i < n; i += 2) {
		const char *ks = t + w[i].vpos;
		int k = key_of(ks, w[i].vlen);
		const struct word *v;
		const char *vs;
		char *val;

		if (k < 0) {
			if (!(opts & DD_PARSE_FILTER) && w[i].vlen &&
			    strchr("+-=", ks[0]))
				return fail(err, w[i].pos, w[i].len,
					    "the flags must come last (separate "
					    "queries with ;)");
			return fail(err, w[i].pos, w[i].len, "unknown keyword "
				    "'%.*s': the keywords are func, file, module, "
				    "format, class and line",
				    (int)w[i].vlen, ks);
		}
		if (i + 1 >= n)
			return fail(err, w[i].pos, w[i].len, "%s needs a value%s",
				    key_names[k], opts & DD_PARSE_FILTER ? "" :
				    " before the flags");
		v = &w[i + 1];
		vs = t + v->vpos;
		switch (k) {
		case DD_LINE:
			if (parse_range(q, t, v->vpos, v->vlen, v->pos, v->len,
					err))
				return -1;
			break;
		case DD_FORMAT:
			if (set_val(q, DD_FORMAT, unescape(vs, v->vlen), v->pos,
				    v->len, err))
				return -1;
			break;
		case DD_MODULE:
			if (opts & DD_PARSE_MODULE)
				return fail(err, w[i].pos, w[i].len,
					    "no module keyword in "
					    "MODULE.dyndbg=: the module is "
					    "the parameter's");
			if (set_val(q, DD_MODULE, xstrndup(vs, v->vlen), v->pos,
				    v->len, err))
				return -1;
			break;
		case DD_CLASS:
			val = xstrndup(vs, v->vlen);
			if (has_wild(val)) {
				free(val);
				return fail(err, v->pos, v->len, "class names "
					    "take no wildcards");
			}
			if (set_val(q, DD_CLASS, val, v->pos, v->len, err))
				return -1;
			break;
		case DD_FILE: {
			const char *colon = memchr(vs, ':', v->vlen);
			size_t fl = colon ? (size_t)(colon - vs) : v->vlen;

			if (set_val(q, DD_FILE, xstrndup(vs, fl), v->pos,
				    v->len, err))
				return -1;
			if (!colon)
				break;
			/* file F:func or F:N-M */
			if (isalpha((unsigned char)colon[1]) || colon[1] == '*' ||
			    colon[1] == '?') {
				if (set_val(q, DD_FUNC,
					    xstrndup(colon + 1, v->vlen - fl - 1),
					    v->pos, v->len, err))
					return -1;
			} else if (parse_range(q, t, v->vpos + fl + 1,
					       v->vlen - fl - 1, v->pos, v->len,
					       err)) {
				return -1;
			}
			break;
		}
		default:
			if (set_val(q, (enum dd_key)k, xstrndup(vs, v->vlen),
				    v->pos, v->len, err))
				return -1;
		}
	}
	return 0;
}

static int parse_one(const char *t, size_t b, size_t e, unsigned int opts,
		     struct dd_query *q, struct dd_error *err)
{
	struct word w[DD_MAXWORDS];
	int n;

	memset(q, 0, sizeof(*q));
	if (tokenize(t, b, e, w, &n, err))
		return -1;
	if (!n)
		return 1;
	q->start = w[0].pos;
	q->end = w[n - 1].pos + w[n - 1].len;
	if (!(opts & DD_PARSE_FILTER)) {
		if (parse_flags(q, t, &w[n - 1], err))
			return -1;
		n--;
	}
	return parse_pairs(q, t, w, n, opts, err);
}

int dd_parse(const char *text, unsigned int opts, struct dd_queries *out,
	     struct dd_error *err)
{
	size_t len = strlen(text), b = 0, had = out->nr;

	memset(err, 0, sizeof(*err));
	while (b <= len) {
		size_t e = b + strcspn(text + b, ";\n");
		struct dd_query q;
		int r = parse_one(text, b, e, opts, &q, err);

		if (r < 0) {
			dd_query_release(&q);
			while (out->nr > had)
				dd_query_release(&out->v[--out->nr]);
			return -1;
		}
		if (r == 0) {
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = q;
		}
		b = e + 1;
	}
	return 0;
}

void dd_query_release(struct dd_query *q)
{
	int k;

	for (k = 0; k < DD_NKEYS; k++) {
		free(q->val[k]);
		q->val[k] = NULL;
	}
}

void dd_queries_clear(struct dd_queries *q)
{
	size_t i;

	for (i = 0; i < q->nr; i++)
		dd_query_release(&q->v[i]);
	free(q->v);
	q->v = NULL;
	q->nr = q->alloc = 0;
}

void dd_error_print(const char *text, const struct dd_error *err, FILE *fp)
{
	size_t len = strlen(text), pos = err->pos > len ? len : err->pos;
	size_t b = pos, e = pos, i, n;

	while (b && text[b - 1] != '\n')
		b--;
	while (e < len && text[e] != '\n')
		e++;
	fprintf(fp, "error: %s\n  %.*s\n  ", err->msg, (int)(e - b), text + b);
	for (i = b; i < pos; i++)
		fputc(text[i] == '\t' ? '\t' : ' ', fp);
	n = err->len;
	if (pos + n > e)
		n = e - pos;
	if (!n)
		n = 1;
	for (i = 0; i < n; i++)
		fputc('^', fp);
	fputc('\n', fp);
}

void dd_flags_str(unsigned int flags, char buf[8])
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(flag_chars); i++)
		if (flags & flag_chars[i].flag)
			buf[n++] = flag_chars[i].ch;
	if (!n)
		buf[n++] = '_';
	buf[n] = '\0';
}

unsigned int dd_apply(const struct dd_query *q, unsigned int flags)
{
	switch (q->op) {
	case '=':
		return q->flags;
	case '+':
		return flags | q->flags;
	case '-':
		return flags & ~q->flags;
	}
	return flags;
}

/* ---- the control file ---- */

static char *unescape_format(const char *s, size_t n)
{
	return unescape(s, n);
}

int dd_parse_site(const char *line, size_t len, struct dd_site *s)
{
	const char *p = line, *end = line + len, *sp, *colon, *q;
	const char *fmt_b, *fmt_e;
	unsigned int lineno;

	memset(s, 0, sizeof(*s));
	while (len && (line[len - 1] == '\r'))
		end = line + --len;
	if (!len || line[0] == '#')
		return 1;
	if (memchr(line, '\0', len))
		return -1;
	sp = memchr(p, ' ', len);
	if (!sp)
		return -1;
	for (colon = sp; colon > p && colon[-1] != ':'; colon--)
		;
	if (colon <= p + 1 || colon == sp ||
	    parse_lineno(colon, (size_t)(sp - colon), &lineno) ||
	    colon[0] == '+')
		return -1;
	p = sp + 1;
	if (p >= end || *p != '[')
		return -1;
	q = memchr(p, ']', (size_t)(end - p));
	if (!q)
		return -1;
	sp = memchr(q, ' ', (size_t)(end - q));
	if (!sp || sp == q + 1 || sp + 2 >= end || sp[1] != '=')
		return -1;
	s->file = xstrndup(line, (size_t)(colon - 1 - line));
	s->line = lineno;
	s->module = xstrndup(p + 1, (size_t)(q - p - 1));
	s->func = xstrndup(q + 1, (size_t)(sp - q - 1));
	p = sp + 2;
	for (; p < end && *p != ' '; p++) {
		size_t k;

		if (*p == '_')
			continue;
		for (k = 0; k < ARRAY_SIZE(flag_chars); k++)
			if (flag_chars[k].ch == *p)
				s->flags |= flag_chars[k].flag;
	}
	if (p + 1 >= end || p[1] != '"')
		goto bad;
	fmt_b = p + 2;
	fmt_e = NULL;
	if (end[-1] == '"' && end - 1 >= fmt_b) {
		fmt_e = end - 1;
	} else {
		/* " class:NAME" or " class unknown, _id:N" after it */
		const char *c;
		size_t i = (size_t)(end - fmt_b);

		while (i-- > 0)
			if ((size_t)(end - fmt_b) - i >= 7 &&
			    !memcmp(fmt_b + i, "\" class", 7)) {
				fmt_e = fmt_b + i;
				break;
			}
		if (!fmt_e)
			goto bad;
		c = fmt_e + 7;
		if (c < end && *c == ':')
			s->class = xstrndup(c + 1, (size_t)(end - c - 1));
		else
			s->class = xstrdup("?");
	}
	s->format = unescape_format(fmt_b, (size_t)(fmt_e - fmt_b));
	return 0;
bad:
	dd_site_release(s);
	return -1;
}

void dd_site_release(struct dd_site *s)
{
	free(s->file);
	free(s->module);
	free(s->func);
	free(s->format);
	free(s->class);
	memset(s, 0, sizeof(*s));
}

int dd_parse_control(const char *text, size_t len, struct dd_sites *out)
{
	size_t b = 0;
	int bad = 0;

	while (b < len) {
		const char *nl = memchr(text + b, '\n', len - b);
		size_t e = nl ? (size_t)(nl - text) : len;
		struct dd_site s;
		int r = dd_parse_site(text + b, e - b, &s);

		if (r == 0) {
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = s;
		} else if (r < 0) {
			bad++;
		}
		b = e + 1;
	}
	return bad;
}

void dd_sites_clear(struct dd_sites *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		dd_site_release(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->nr = s->alloc = 0;
}

/* ---- matching ---- */

int dd_wildcard(const char *pat, const char *s)
{
	const char *star = NULL, *back = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			back = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++back;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

int dd_match_key(const struct dd_query *q, enum dd_key k,
		 const struct dd_site *s)
{
	const char *v = q->val[k];

	if (k == DD_CLASS)
		return v ? s->class && !strcmp(v, s->class) : !s->class;
	if (k == DD_LINE)
		return !((q->first_line && s->line < q->first_line) ||
			 (q->last_line && s->line > q->last_line));
	if (!v)
		return 1;
	switch (k) {
	case DD_MODULE:
		return dd_wildcard(v, s->module);
	case DD_FILE:
		return dd_wildcard(v, s->file) ||
		       dd_wildcard(v, base_name(s->file));
	case DD_FUNC:
		return dd_wildcard(v, s->func);
	case DD_FORMAT:
		if (*v == '^')
			return !strncmp(s->format, v + 1, strlen(v + 1));
		return strstr(s->format, v) != NULL;
	default:
		return 1;
	}
}

int dd_match(const struct dd_query *q, const struct dd_site *s)
{
	int k;

	for (k = 0; k < DD_NKEYS; k++)
		if (!dd_match_key(q, (enum dd_key)k, s))
			return 0;
	return 1;
}

/* ---- suggestions ---- */

size_t dd_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row = xmalloc((lb + 1) * sizeof(*row)), d;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

struct cand {
	const char *name;
	size_t d;
};

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return strcmp(a->name, b->name);
}

void dd_suggest(const char *word, char *const *names, size_t n, size_t max,
		struct strvec *out)
{
	struct cand *c = xmalloc((n ? n : 1) * sizeof(*c));
	size_t i, nc = 0, wl = strlen(word);
	size_t limit = wl / 3 > 2 ? wl / 3 : 2;

	for (i = 0; i < n; i++) {
		size_t d, nl = strlen(names[i]);

		/* too far apart in length to be a typo: skip the work */
		if ((nl > wl ? nl - wl : wl - nl) > limit)
			continue;
		d = dd_edit_distance(word, names[i]);
		if (d <= limit && d > 0) {
			c[nc].name = names[i];
			c[nc++].d = d;
		}
	}
	qsort(c, nc, sizeof(*c), cand_cmp);
	for (i = 0; i < nc && out->nr < max; i++) {
		size_t k;
		int dup = 0;

		for (k = 0; k < out->nr; k++)
			if (!strcmp(out->v[k], c[i].name))
				dup = 1;
		if (!dup)
			strvec_push(out, c[i].name);
	}
	free(c);
}

/* ---- writing a query back ---- */

static int add_value(struct strbuf *sb, enum dd_key k, const char *v)
{
	const char *p;

	if (k == DD_FORMAT) {
		/* octal escapes: never needs quotes */
		for (p = v; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (c <= ' ' || c >= 127 || c == '\\' || c == '"' ||
			    c == '\'' || c == '#' || c == ';')
				strbuf_addf(sb, "\\%03o", c);
			else
				strbuf_addch(sb, (char)c);
		}
		if (!*v)
			strbuf_addstr(sb, "''");
		return 0;
	}
	if (*v && !strpbrk(v, " \t\n\v\f\r'\"") && *v != '#') {
		strbuf_addstr(sb, v);
		return 0;
	}
	if (strchr(v, '\''))
		return -1;
	strbuf_addf(sb, "'%s'", v);
	return 0;
}

int dd_query_text(const struct dd_query *q, int skip_module,
		  struct strbuf *out)
{
	static const enum dd_key order[] = {
		DD_MODULE, DD_FILE, DD_FUNC, DD_FORMAT, DD_CLASS,
	};
	size_t i;
	char fl[8];

	for (i = 0; i < ARRAY_SIZE(order); i++) {
		enum dd_key k = order[i];

		if (!q->val[k] || (k == DD_MODULE && skip_module))
			continue;
		strbuf_addf(out, "%s ", key_names[k]);
		if (add_value(out, k, q->val[k]))
			return -1;
		strbuf_addch(out, ' ');
	}
	if (q->val[DD_LINE] && (q->first_line || q->last_line)) {
		strbuf_addstr(out, "line ");
		if (q->first_line)
			strbuf_addf(out, "%u", q->first_line);
		if (q->last_line != q->first_line) {
			strbuf_addch(out, '-');
			if (q->last_line != UINT_MAX)
				strbuf_addf(out, "%u", q->last_line);
		}
		strbuf_addch(out, ' ');
	}
	if (q->op) {
		dd_flags_str(q->flags, fl);
		strbuf_addf(out, "%c%s", q->op, q->flags ? fl : "_");
	} else if (out->len && out->buf[out->len - 1] == ' ') {
		strbuf_setlen(out, out->len - 1);
	}
	return 0;
}

int dd_boot_param(const struct dd_query *q, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *mod = q->val[DD_MODULE];
	int per_module = mod && *mod && !has_wild(mod) &&
			 !strpbrk(mod, " .=\"'");
	int ret = dd_query_text(q, per_module, &sb);

	if (!ret) {
		if (per_module && !strchr(sb.buf, ' '))
			strbuf_addf(out, "%s.dyndbg=%s", mod, sb.buf);
		else if (per_module)
			strbuf_addf(out, "%s.dyndbg=\"%s\"", mod, sb.buf);
		else
			strbuf_addf(out, "dyndbg=\"%s\"", sb.buf);
	}
	strbuf_release(&sb);
	return ret;
}

int dd_console_level(const char *s)
{
	static const char *const names[][2] = {
		{ "emerg", "1" }, { "alert", "2" }, { "crit", "3" },
		{ "err", "4" }, { "error", "4" }, { "warning", "5" },
		{ "warn", "5" }, { "notice", "6" }, { "info", "7" },
		{ "debug", "8" },
	};
	size_t i;
	char *end;
	long v;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcasecmp(s, names[i][0]))
			return atoi(names[i][1]);
	if (!*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 1 || v > 15)
		return -1;
	return (int)v;
}

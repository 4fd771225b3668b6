// SPDX-License-Identifier: GPL-2.0
/*
 * Patch reader: the file names get_maintainer.pl takes from a patch,
 * the lines it matches keywords against, and the files with their
 * added and removed lines.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "diff.h"

static int is_sp(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* (\S+)\s*$ at @p (end @e): the token's length, or 0 */
static size_t last_token(const char *p, const char *e)
{
	const char *t = p;

	while (t < e && !is_sp((unsigned char)*t))
		t++;
	if (t == p)
		return 0;
	for (const char *q = t; q < e; q++)
		if (!is_sp((unsigned char)*q))
			return 0;
	return t - p;
}

static int skip(const char **p, const char *e, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(e - *p) < n || memcmp(*p, s, n))
		return 0;
	*p += n;
	return 1;
}

static void push_name(struct strvec *v, const char *p, size_t n)
{
	strvec_push(v, "");
	free(v->v[v->nr - 1]);
	v->v[v->nr - 1] = xstrndup(p, n);
}

/* " mode change [0-7]+ => [0-7]+ (\S+)\s*$" */
static int mode_change(const char *p, const char *e, struct strvec *v)
{
	const char *q;
	int i;
	size_t n;

	if (!skip(&p, e, " mode change "))
		return 0;
	for (i = 0; i < 2; i++) {
		q = p;
		while (p < e && *p >= '0' && *p <= '7')
			p++;
		if (p == q)
			return 0;
		if (!skip(&p, e, i ? " " : " => "))
			return 0;
	}
	n = last_token(p, e);
	if (!n)
		return 0;
	push_name(v, p, n);
	return 1;
}

/* get_maintainer's "+++"/"---" file: \s+(\S+), first component dropped */
static int header_name(const char *p, const char *e, struct strvec *v)
{
	const char *q, *slash;

	if (p >= e || !is_sp((unsigned char)*p))
		return 0;
	while (p < e && is_sp((unsigned char)*p))
		p++;
	q = p;
	while (q < e && !is_sp((unsigned char)*q))
		q++;
	if (q == p)
		return 0;
	slash = memchr(p, '/', q - p);
	if (slash)
		p = slash + 1;
	push_name(v, p, q - p);
	return 1;
}

/*
 * A path in a header line: "a/x" -> "x" (@strip), "/dev/null" -> NULL.
 * "rename from/to" paths have no a/ and b/.
 */
static char *diff_path(const char *p, const char *e, int strip)
{
	const char *q, *slash;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	q = p;
	while (q < e && *q != '\t' && *q != '\n' && *q != '\r')
		q++;
	if (q - p == 9 && !memcmp(p, "/dev/null", 9))
		return NULL;
	slash = strip ? memchr(p, '/', q - p) : NULL;
	if (slash)
		p = slash + 1;
	return xstrndup(p, q - p);
}

static long number(const char **p, const char *e)
{
	long v = 0;
	int n = 0;

	while (*p < e && **p >= '0' && **p <= '9' && n < 9) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

static struct patch_file *new_file(struct patch *pt)
{
	struct patch_file *f;

	ALLOC_GROW(pt->files, pt->nr_files + 1, pt->alloc_files);
	f = &pt->files[pt->nr_files++];
	memset(f, 0, sizeof(*f));
	return f;
}

void patch_parse(const char *text, size_t len, struct patch *pt)
{
	size_t pos = 0;
	int in_diff = 0, git_header = 0, cur_hunks = 0;
	long old_left = 0, new_left = 0;
	struct patch_file *cur = NULL;

	while (pos < len) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) + 1 : len - pos;
		const char *e = l + n, *p = l;
		size_t t;

		pos += n;
		/* the hunks: added and removed lines per file */
		if ((old_left > 0 || new_left > 0) && n >= 11 &&
		    !memcmp(l, "diff --git ", 11))
			old_left = new_left = 0;	/* short hunk */
		if (cur && (old_left > 0 || new_left > 0)) {
			if (*l == '+') {
				cur->added++;
				new_left--;
			} else if (*l == '-') {
				cur->removed++;
				old_left--;
			} else if (*l == ' ' || *l == '\n' || *l == '\r') {
				old_left--;
				new_left--;
			}
		} else if (n >= 11 && !memcmp(l, "diff --git ", 11)) {
			cur = new_file(pt);
			git_header = 1;
			cur_hunks = 0;
		} else if (n >= 4 && !memcmp(l, "--- ", 4) && (!cur ||
			   !git_header || cur_hunks)) {
			cur = new_file(pt);
			cur->old_path = diff_path(l + 4, e, 1);
			git_header = 0;
			cur_hunks = 0;
		} else if (cur && n >= 4 && !memcmp(l, "--- ", 4)) {
			free(cur->old_path);
			cur->old_path = diff_path(l + 4, e, 1);
			if (!cur->old_path)
				cur->is_new = 1;
		} else if (cur && n >= 4 && !memcmp(l, "+++ ", 4)) {
			free(cur->new_path);
			cur->new_path = diff_path(l + 4, e, 1);
			if (!cur->new_path)
				cur->is_deleted = 1;
			if (!cur->old_path && !git_header)
				cur->is_new = 1;
		} else if (cur && git_header && n >= 14 &&
			   !memcmp(l, "new file mode ", 14)) {
			cur->is_new = 1;
		} else if (cur && git_header && n >= 18 &&
			   !memcmp(l, "deleted file mode ", 18)) {
			cur->is_deleted = 1;
		} else if (cur && git_header && n >= 12 &&
			   !memcmp(l, "rename from ", 12)) {
			cur->is_rename = 1;
			free(cur->old_path);
			cur->old_path = diff_path(l + 12, e, 0);
		} else if (cur && git_header && n >= 10 &&
			   !memcmp(l, "rename to ", 10)) {
			cur->is_rename = 1;
			free(cur->new_path);
			cur->new_path = diff_path(l + 10, e, 0);
		} else if (cur && n >= 4 && !memcmp(l, "@@ -", 4)) {
			const char *q = l + 4;
			long os, oc = 1, ns, nc = 1;

			os = number(&q, e);
			if (q < e && *q == ',') {
				q++;
				oc = number(&q, e);
			}
			if (skip(&q, e, " +")) {
				ns = number(&q, e);
				if (q < e && *q == ',') {
					q++;
					nc = number(&q, e);
				}
				if (os >= 0 && ns >= 0 && oc >= 0 && nc >= 0) {
					old_left = oc;
					new_left = nc;
					cur_hunks++;
				}
			}
		}

		/* get_maintainer's reading, the same line again */
		if (mode_change(p, e, &pt->names))
			continue;
		if (skip(&p, e, "rename ") && (skip(&p, e, "from ") ||
					      skip(&p, e, "to ")) &&
		    (t = last_token(p, e))) {
			push_name(&pt->names, p, t);
			continue;
		}
		p = l;
		if (skip(&p, e, "diff --git a/")) {
			size_t t1 = 0;

			while (p + t1 < e && !is_sp((unsigned char)p[t1]))
				t1++;
			if (t1 && p + t1 + 3 <= e && !memcmp(p + t1, " b/", 3) &&
			    (t = last_token(p + t1 + 3, e))) {
				push_name(&pt->names, p, t1);
				push_name(&pt->names, p + t1 + 3, t);
				continue;
			}
		}
		p = l;
		if (skip(&p, e, "Fixes:") && p < e && is_sp((unsigned char)*p)) {
			while (p < e && is_sp((unsigned char)*p))
				p++;
			for (t = 0; p + t < e && t < 40 && hexval(p[t]) >= 0; t++)
				;
			if (t >= 6) {
				push_name(&pt->fixes, p, t);
				continue;
			}
		}
		p = l;
		if ((skip(&p, e, "+++") || skip(&p, e, "---")) &&
		    header_name(p, e, &pt->names)) {
			in_diff = 1;
			continue;
		}
		p = l;
		if (skip(&p, e, "@@ -") && number(&p, e) >= 0 &&
		    skip(&p, e, ",") && number(&p, e) >= 0)
			continue;
		ALLOC_GROW(pt->lines, pt->nr_lines + 1, pt->alloc_lines);
		pt->lines[pt->nr_lines].off = l - text;
		pt->lines[pt->nr_lines].len = n;
		pt->lines[pt->nr_lines].in_diff = in_diff;
		pt->nr_lines++;
	}
}

void patch_release(struct patch *pt)
{
	size_t i;

	strvec_clear(&pt->names);
	strvec_clear(&pt->fixes);
	free(pt->lines);
	for (i = 0; i < pt->nr_files; i++) {
		free(pt->files[i].old_path);
		free(pt->files[i].new_path);
	}
	free(pt->files);
	memset(pt, 0, sizeof(*pt));
}

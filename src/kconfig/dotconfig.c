// SPDX-License-Identifier: GPL-2.0
/*
 * A plain .config reader and differ: no Kconfig tree needed.
 */
#include <stdlib.h>
#include <string.h>

#include "kconfig/dotconfig.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/strbuf.h"
#include "lib/util.h"

const char *dotconfig_prefix(void)
{
	const char *p = getenv("CONFIG_");

	return p ? p : "CONFIG_";
}

static int is_sym_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static void add_entry(struct dotconfig *dc, const char *name, size_t nlen,
		      const char *val, size_t vlen, int line)
{
	struct dotconfig_entry *e;

	if (dc->nr == dc->alloc) {
		dc->alloc = dc->alloc ? 2 * dc->alloc : 256;
		dc->v = xrealloc(dc->v, dc->alloc * sizeof(*dc->v));
	}
	e = &dc->v[dc->nr];
	e->name = xstrndup(name, nlen);
	e->value = xstrndup(val, vlen);
	e->line = line;
	e->seq = dc->nr++;
	dc->sorted = 0;
}

/* A value is a quoted string or a run of non-blank characters. */
static int valid_value(const char *v, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	if (v[0] == '"') {
		for (i = 1; i < len; i++) {
			if (v[i] == '\\' && i + 1 < len)
				i++;
			else if (v[i] == '"')
				return i == len - 1;
		}
		return 0;
	}
	for (i = 0; i < len; i++)
		if (v[i] == ' ' || v[i] == '\t')
			return 0;
	return 1;
}

static int parse_line(struct dotconfig *dc, const char *s, size_t len,
		      const char *prefix, int line)
{
	size_t plen = strlen(prefix), n;
	const char *name;

	while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' ||
		       s[len - 1] == '\t'))
		len--;
	if (!len)
		return 0;
	if (s[0] == '#') {
		static const char not_set[] = " is not set";
		size_t nl = sizeof(not_set) - 1;

		if (len < 2 || s[1] != ' ' || len - 2 < plen ||
		    memcmp(s + 2, prefix, plen))
			return 0;	/* a comment */
		name = s + 2 + plen;
		for (n = 0; name + n < s + len && is_sym_char(name[n]); n++)
			;
		if (!n || (size_t)(s + len - (name + n)) != nl ||
		    memcmp(name + n, not_set, nl))
			return 0;	/* a comment that names a symbol */
		add_entry(dc, name, n, "n", 1, line);
		return 0;
	}
	if (len < plen || memcmp(s, prefix, plen))
		return -1;
	name = s + plen;
	for (n = 0; name + n < s + len && is_sym_char(name[n]); n++)
		;
	if (!n || name + n == s + len || name[n] != '=')
		return -1;
	if (!valid_value(name + n + 1, s + len - (name + n + 1)))
		return -1;
	add_entry(dc, name, n, name + n + 1, s + len - (name + n + 1), line);
	return 0;
}

int dotconfig_parse(struct dotconfig *dc, const char *buf, size_t len,
		    const char *file, const char *prefix)
{
	const char *p = buf, *end = buf + len, *nl;
	int line = 0, bad = 0;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		line++;
		if (parse_line(dc, p, nl - p, prefix, line) < 0) {
			bad++;
			if (file)
				warning("%s:%d: not a config assignment: '%.*s'",
					file, line,
					(int)(nl - p > 60 ? 60 : nl - p), p);
		}
		p = nl + 1;
	}
	return bad;
}

int dotconfig_read(struct dotconfig *dc, const char *path, const char *prefix)
{
	struct strbuf sb = STRBUF_INIT;

	if (read_file(path, &sb) < 0) {
		strbuf_release(&sb);
		return error_errno("cannot read '%s'", path);
	}
	dotconfig_parse(dc, sb.buf, sb.len, path, prefix);
	strbuf_release(&sb);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const struct dotconfig_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct dotconfig_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort by name; of several assignments to one symbol, keep the last. */
void dotconfig_sort(struct dotconfig *dc)
{
	size_t i, n = 0;

	if (dc->sorted || !dc->nr) {
		dc->sorted = 1;
		return;
	}
	qsort(dc->v, dc->nr, sizeof(*dc->v), cmp_entry);
	for (i = 0; i < dc->nr; i++) {
		if (i + 1 < dc->nr && !strcmp(dc->v[i].name, dc->v[i + 1].name)) {
			free(dc->v[i].name);
			free(dc->v[i].value);
			continue;
		}
		dc->v[n++] = dc->v[i];
	}
	dc->nr = n;
	dc->sorted = 1;
}

const struct dotconfig_entry *dotconfig_find(struct dotconfig *dc,
					      const char *name)
{
	struct dotconfig_entry key = { (char *)name, NULL, 0, 0 };

	dotconfig_sort(dc);
	if (!dc->nr)
		return NULL;
	return bsearch(&key, dc->v, dc->nr, sizeof(*dc->v), cmp_name);
}

void dotconfig_release(struct dotconfig *dc)
{
	size_t i;

	for (i = 0; i < dc->nr; i++) {
		free(dc->v[i].name);
		free(dc->v[i].value);
	}
	free(dc->v);
	dc->v = NULL;
	dc->nr = dc->alloc = 0;
}

size_t dotconfig_diff(struct dotconfig *a, struct dotconfig *b,
		      struct dotconfig_diff **out)
{
	struct dotconfig_diff *d;
	size_t i = 0, j = 0, nr = 0;
	int c;

	dotconfig_sort(a);
	dotconfig_sort(b);
	d = xmalloc((a->nr + b->nr + 1) * sizeof(*d));
	while (i < a->nr || j < b->nr) {
		if (i == a->nr)
			c = 1;
		else if (j == b->nr)
			c = -1;
		else
			c = strcmp(a->v[i].name, b->v[j].name);
		if (c < 0) {
			d[nr++] = (struct dotconfig_diff){ DC_REMOVED,
				a->v[i].name, a->v[i].value, NULL };
			i++;
		} else if (c > 0) {
			d[nr++] = (struct dotconfig_diff){ DC_ADDED,
				b->v[j].name, NULL, b->v[j].value };
			j++;
		} else {
			if (strcmp(a->v[i].value, b->v[j].value))
				d[nr++] = (struct dotconfig_diff){ DC_CHANGED,
					a->v[i].name, a->v[i].value,
					b->v[j].value };
			i++;
			j++;
		}
	}
	*out = d;
	return nr;
}

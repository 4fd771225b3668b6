// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of "kdev patch check" (src/patch/check.h): commit
 * messages, subject prefixes, trailers, Fixes: tags, body width,
 * checkpatch.pl's output and the exit status.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

const char *check_severity_name(enum check_severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	case SEV_CHECK: return "check";
	case SEV_NONE: break;
	}
	return "none";
}

void check_add(struct check_findings *f, enum check_severity sev,
	       const char *code, const char *fmt, ...)
{
	struct check_finding *c;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	c = &f->v[f->nr++];
	memset(c, 0, sizeof(*c));
	c->severity = sev;
	c->code = xstrdup(code ? code : "");
	c->message = strbuf_detach(&sb, NULL);
}

void check_findings_release(struct check_findings *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++) {
		free(f->v[i].code);
		free(f->v[i].message);
		free(f->v[i].file);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

int check_count(const struct check_findings *f, enum check_severity sev)
{
	size_t i;
	int n = 0;

	for (i = 0; i < f->nr; i++)
		n += f->v[i].severity == sev;
	return n;
}

int check_exit_status(int errors, int warnings)
{
	if (errors > 0)
		return 2;
	if (warnings > 0)
		return 1;
	return 0;
}

/* ------------------------------------------------------ identities */

static void trim(struct strbuf *sb)
{
	size_t i = 0;

	strbuf_rtrim(sb);
	while (i < sb->len && isspace((unsigned char)sb->buf[i]))
		i++;
	if (i) {
		memmove(sb->buf, sb->buf + i, sb->len - i + 1);
		sb->len -= i;
	}
}

int split_ident(const char *s, struct strbuf *name, struct strbuf *addr)
{
	const char *lt = strchr(s, '<'), *gt;

	strbuf_reset(name);
	strbuf_reset(addr);
	if (lt) {
		gt = strchr(lt, '>');
		if (!gt)
			return -1;
		strbuf_add(addr, lt + 1, (size_t)(gt - lt - 1));
		strbuf_add(name, s, (size_t)(lt - s));
		trim(name);
		trim(addr);
		if (name->len >= 2 && name->buf[0] == '"' &&
		    name->buf[name->len - 1] == '"') {
			memmove(name->buf, name->buf + 1, name->len - 2);
			strbuf_setlen(name, name->len - 2);
		}
		return addr->len && strchr(addr->buf, '@') ? 0 : -1;
	}
	strbuf_addstr(addr, s);
	trim(addr);
	if (!strchr(addr->buf, '@') || strchr(addr->buf, ' ')) {
		strbuf_reset(addr);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------- RFC 2047 */

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode one encoded word's text; 0, or -1 for an unknown encoding. */
static int decode_word(char enc, const char *t, size_t n, struct strbuf *out)
{
	size_t i;

	if (enc == 'q' || enc == 'Q') {
		for (i = 0; i < n; i++) {
			if (t[i] == '_') {
				strbuf_addch(out, ' ');
			} else if (t[i] == '=' && i + 2 < n &&
				   hexval(t[i + 1]) >= 0 &&
				   hexval(t[i + 2]) >= 0) {
				strbuf_addch(out, hexval(t[i + 1]) * 16 +
					     hexval(t[i + 2]));
				i += 2;
			} else {
				strbuf_addch(out, t[i]);
			}
		}
		return 0;
	}
	if (enc == 'b' || enc == 'B') {
		unsigned acc = 0;
		int bits = 0;

		for (i = 0; i < n; i++) {
			int v = b64val((unsigned char)t[i]);

			if (v < 0)
				continue;
			acc = (acc << 6) | (unsigned)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				strbuf_addch(out, (int)((acc >> bits) & 0xff));
			}
		}
		return 0;
	}
	return -1;
}

void rfc2047_decode(const char *s, size_t len, struct strbuf *out)
{
	size_t i = 0, pending_ws = 0, ws_start = 0;
	int last_encoded = 0;

	while (i < len) {
		if (s[i] == '=' && i + 1 < len && s[i + 1] == '?') {
			/* =?charset?E?text?= */
			const char *p = s + i + 2, *end = s + len;
			const char *q1 = memchr(p, '?', (size_t)(end - p));
			const char *q2, *fin;

			if (q1 && q1 + 2 < end && q1[2] == '?') {
				q2 = q1 + 2;
				fin = q2 + 1;
				while (fin + 1 < end &&
				       !(fin[0] == '?' && fin[1] == '='))
					fin++;
				if (fin + 1 < end) {
					size_t mark = out->len;

					/* whitespace between two words goes */
					if (!last_encoded && pending_ws)
						strbuf_add(out, s + ws_start,
							   pending_ws);
					if (!decode_word(q1[1], q2 + 1,
							 (size_t)(fin - q2 - 1),
							 out)) {
						i = (size_t)(fin + 2 - s);
						pending_ws = 0;
						last_encoded = 1;
						continue;
					}
					strbuf_setlen(out, mark);
				}
			}
		}
		if (s[i] == ' ' || s[i] == '\t') {
			if (!pending_ws)
				ws_start = i;
			pending_ws++;
			i++;
			continue;
		}
		if (pending_ws)
			strbuf_add(out, s + ws_start, pending_ws);
		pending_ws = 0;
		last_encoded = 0;
		strbuf_addch(out, s[i]);
		i++;
	}
	if (pending_ws && !last_encoded)
		strbuf_add(out, s + ws_start, pending_ws);
}

/* --------------------------------------------------- commit message */

struct line_iter {
	const char *text;
	size_t len, pos;
};

/* The next line without its '\n' (and a '\r' before it); 0 at the end. */
static int next_line(struct line_iter *it, const char **l, size_t *n)
{
	const char *nl;

	if (it->pos >= it->len)
		return 0;
	*l = it->text + it->pos;
	nl = memchr(*l, '\n', it->len - it->pos);
	*n = nl ? (size_t)(nl - *l) : it->len - it->pos;
	it->pos += *n + (nl ? 1 : 0);
	if (*n && (*l)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

static int header_line(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)l[i]) || l[i] == '-'))
		i++;
	return i > 0 && i < n && l[i] == ':';
}

static int is_blank(const char *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)l[i]))
			return 0;
	return 1;
}

/* Does the text start with a mail's headers (and a Subject: among them)? */
static int looks_like_mail(const char *text, size_t len)
{
	struct line_iter it = { text, len, 0 };
	const char *l;
	size_t n;
	int lines = 0, subject = 0;

	if (len >= 5 && !memcmp(text, "From ", 5))
		return 1;
	while (next_line(&it, &l, &n)) {
		if (is_blank(l, n))
			break;
		if (lines && (l[0] == ' ' || l[0] == '\t'))
			continue;
		if (!header_line(l, n))
			return 0;
		if (n >= 8 && !strncasecmp(l, "Subject:", 8))
			subject = 1;
		lines++;
	}
	return subject && lines >= 2;
}

static const char *const known_trailers[] = {
	"Signed-off-by", "Fixes", "Change-Id", "Reviewed-by", "Acked-by",
	"Tested-by", "Reported-by", "Suggested-by", "Co-developed-by",
	"Cc", "Link", "Closes", "Reported-and-tested-by",
};

static int known_trailer(const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_trailers); i++)
		if (strlen(known_trailers[i]) == n &&
		    !strncasecmp(known_trailers[i], key, n))
			return 1;
	return 0;
}

/* "Key: value" with a key of letters, digits and '-': the key's length. */
static size_t trailer_key(const char *l)
{
	size_t i = 0;

	if (!isalpha((unsigned char)l[0]))
		return 0;
	while (isalnum((unsigned char)l[i]) || l[i] == '-')
		i++;
	if (l[i] != ':' || (l[i + 1] && l[i + 1] != ' ' && l[i + 1] != '\t'))
		return 0;
	return i;
}

static void find_trailers(struct commit_msg *m)
{
	size_t last_par = 0, i;

	for (i = 0; i < m->body.nr; i++)
		if (!*m->body.v[i] && i + 1 < m->body.nr)
			last_par = i + 1;
	for (i = 0; i < m->body.nr; i++) {
		const char *l = m->body.v[i];
		size_t k = trailer_key(l);
		struct msg_trailer *t;
		struct strbuf v = STRBUF_INIT;

		if (!k || (i < last_par && !known_trailer(l, k)))
			continue;
		strbuf_addstr(&v, l + k + 1);
		trim(&v);
		ALLOC_GROW(m->trailers, m->nr_trailers + 1, m->alloc_trailers);
		t = &m->trailers[m->nr_trailers++];
		t->key = xstrndup(l, k);
		t->value = strbuf_detach(&v, NULL);
		t->line = (int)i;
	}
}

/* Drop "[PATCH v2 1/3] " and the like from the front of a mail subject. */
static const char *skip_tags(const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '[')
			return s;
		{
			const char *e = strchr(s, ']');

			if (!e)
				return s;
			s = e + 1;
		}
	}
}

void commit_msg_parse(const char *text, size_t len, struct commit_msg *m)
{
	struct line_iter it = { text, len, 0 };
	struct strbuf subj = STRBUF_INIT, from = STRBUF_INIT, cur = STRBUF_INIT;
	struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;
	const char *l;
	size_t n;
	int in_subject = 0, in_from = 0;

	m->is_mail = looks_like_mail(text, len);
	if (m->is_mail) {
		if (len >= 5 && !memcmp(text, "From ", 5))
			next_line(&it, &l, &n);
		while (next_line(&it, &l, &n)) {
			if (is_blank(l, n))
				break;
			if (l[0] == ' ' || l[0] == '\t') {
				if (in_subject || in_from)
					strbuf_add(in_subject ? &subj : &from,
						   l, n);
				continue;
			}
			in_subject = n >= 8 && !strncasecmp(l, "Subject:", 8);
			in_from = n >= 5 && !strncasecmp(l, "From:", 5);
			if (in_subject)
				strbuf_add(&subj, l + 8, n - 8);
			if (in_from)
				strbuf_add(&from, l + 5, n - 5);
		}
		rfc2047_decode(subj.buf, subj.len, &cur);
		trim(&cur);
		m->subject = xstrdup(skip_tags(cur.buf));
		strbuf_reset(&cur);
		rfc2047_decode(from.buf, from.len, &cur);
		if (!split_ident(cur.buf, &name, &addr)) {
			m->author_name = xstrdup(name.buf);
			m->author_email = xstrdup(addr.buf);
		}
	} else {
		/* the first paragraph is the subject, joined as git does */
		while (next_line(&it, &l, &n)) {
			if (is_blank(l, n)) {
				if (subj.len)
					break;
				continue;
			}
			if (subj.len)
				strbuf_addch(&subj, ' ');
			strbuf_add(&subj, l, n);
		}
		trim(&subj);
		m->subject = xstrdup(subj.buf);
	}
	/* the body, up to the diff */
	while (next_line(&it, &l, &n)) {
		if ((n == 3 && !memcmp(l, "---", 3)) ||
		    (n >= 11 && !memcmp(l, "diff --git ", 11)) ||
		    (n >= 7 && !memcmp(l, "Index: ", 7)))
			break;
		strvec_push(&m->body, "");
		free(m->body.v[m->body.nr - 1]);
		m->body.v[m->body.nr - 1] = xstrndup(l, n);
	}
	while (m->body.nr && is_blank(m->body.v[0], strlen(m->body.v[0]))) {
		free(m->body.v[0]);
		memmove(m->body.v, m->body.v + 1, m->body.nr * sizeof(char *));
		m->body.nr--;
	}
	while (m->body.nr &&
	       is_blank(m->body.v[m->body.nr - 1],
			strlen(m->body.v[m->body.nr - 1])))
		strvec_pop(&m->body);
	find_trailers(m);
	strbuf_release(&subj);
	strbuf_release(&from);
	strbuf_release(&cur);
	strbuf_release(&name);
	strbuf_release(&addr);
}

void commit_msg_release(struct commit_msg *m)
{
	size_t i;

	free(m->subject);
	free(m->author_name);
	free(m->author_email);
	strvec_clear(&m->body);
	for (i = 0; i < m->nr_trailers; i++) {
		free(m->trailers[i].key);
		free(m->trailers[i].value);
	}
	free(m->trailers);
	memset(m, 0, sizeof(*m));
}

/* -------------------------------------------------- subject prefix */

size_t subject_prefix(const char *subject, struct strbuf *prefix)
{
	const char *s = skip_tags(subject), *p, *end = NULL;

	if (!strncmp(s, "Revert \"", 8))
		s += 8;
	p = s;
	for (;;) {
		const char *t = p;

		while (*t && *t != ':' && *t != ' ' && *t != '\t')
			t++;
		if (t == p || t[0] != ':' || t[1] != ' ')
			break;
		/* something must follow: the summary */
		{
			const char *after = t + 1;

			while (*after == ' ')
				after++;
			if (!*after || *after == '"')
				break;
		}
		end = t;
		p = t + 2;
		while (*p == ' ')
			p++;
	}
	strbuf_reset(prefix);
	if (!end)
		return 0;
	strbuf_add(prefix, s, (size_t)(end - s));
	return prefix->len;
}

size_t prefix_first(const char *prefix)
{
	return strcspn(prefix, ":");
}

static void count_in(struct prefix_count **v, size_t *nr, size_t *alloc,
		     const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < *nr; i++)
		if (strlen((*v)[i].prefix) == n &&
		    !strncasecmp((*v)[i].prefix, s, n)) {
			(*v)[i].count++;
			return;
		}
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[*nr].prefix = xstrndup(s, n);
	(*v)[*nr].count = 1;
	(*nr)++;
}

void prefix_stats_add(struct prefix_stats *ps, const char *subject)
{
	struct strbuf p = STRBUF_INIT;

	ps->subjects++;
	if (!strncmp(subject, "Merge ", 6) || !subject_prefix(subject, &p)) {
		strbuf_release(&p);
		return;
	}
	count_in(&ps->full, &ps->nr_full, &ps->alloc_full, p.buf, p.len);
	count_in(&ps->first, &ps->nr_first, &ps->alloc_first, p.buf,
		 prefix_first(p.buf));
	strbuf_release(&p);
}

/* stable: insertion sort by count, descending */
static void sort_counts(struct prefix_count *v, size_t nr)
{
	size_t i, j;

	for (i = 1; i < nr; i++) {
		struct prefix_count c = v[i];

		for (j = i; j > 0 && v[j - 1].count < c.count; j--)
			v[j] = v[j - 1];
		v[j] = c;
	}
}

void prefix_stats_sort(struct prefix_stats *ps)
{
	sort_counts(ps->full, ps->nr_full);
	sort_counts(ps->first, ps->nr_first);
}

void prefix_stats_release(struct prefix_stats *ps)
{
	size_t i;

	for (i = 0; i < ps->nr_full; i++)
		free(ps->full[i].prefix);
	for (i = 0; i < ps->nr_first; i++)
		free(ps->first[i].prefix);
	free(ps->full);
	free(ps->first);
	memset(ps, 0, sizeof(*ps));
}

int prefix_fits(const struct prefix_stats *ps, const char *prefix,
		struct strbuf *suggest)
{
	size_t i, fl = prefix_first(prefix);
	int total = 0;

	for (i = 0; i < ps->nr_first; i++)
		total += ps->first[i].count;
	if (total < 3)
		return -1;
	for (i = 0; i < ps->nr_full; i++)
		if (!strcasecmp(ps->full[i].prefix, prefix))
			return 1;
	for (i = 0; i < ps->nr_first; i++)
		if (strlen(ps->first[i].prefix) == fl &&
		    !strncasecmp(ps->first[i].prefix, prefix, fl) &&
		    ps->first[i].count * 5 >= total)
			return 1;
	if (suggest) {
		strbuf_reset(suggest);
		for (i = 0; i < ps->nr_full && i < 3; i++)
			strbuf_addf(suggest, "%s'%s' (%d)", i ? ", " : "",
				    ps->full[i].prefix, ps->full[i].count);
	}
	return 0;
}

/* ------------------------------------------------------------ Fixes */

void fixes_parse(const char *value, struct fixes_tag *f)
{
	const char *p = value, *q, *e;

	memset(f, 0, sizeof(*f));
	while (*p == ' ' || *p == '\t')
		p++;
	while (hexval((unsigned char)*p) >= 0) {
		if (f->hash_len < 40)
			f->hash[f->hash_len] = (char)tolower((unsigned char)*p);
		f->hash_len++;
		p++;
	}
	if (f->hash_len > 40 || (*p && *p != ' ' && *p != '\t' && *p != '(')) {
		/* "v5.1", a word that starts with hex letters: no hash */
		f->hash_len = 0;
	}
	f->hash[f->hash_len] = '\0';
	if (!f->hash_len) {
		f->problem = FIXES_NO_HASH;
		return;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	q = p;
	if (q[0] == '(' && q[1] == '"') {
		e = strrchr(q + 2, ')');
		if (e && e > q + 2 && e[-1] == '"')
			f->subject = xstrndup(q + 2, (size_t)(e - 1 - (q + 2)));
	}
	if (f->hash_len < 12)
		f->problem = FIXES_SHORT_HASH;
	else if (!f->subject)
		f->problem = FIXES_NO_SUBJECT;
}

void fixes_release(struct fixes_tag *f)
{
	free(f->subject);
	f->subject = NULL;
}

/* ------------------------------------------------------------ width */

int line_columns(const char *line)
{
	int col = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)line; *p; p++) {
		if (*p == '\t')
			col = (col / 8 + 1) * 8;
		else if ((*p & 0xc0) != 0x80)
			col++;
	}
	return col;
}

static int timestamp_line(const char *l)
{
	if (*l != '[')
		return 0;
	l++;
	while (*l == ' ')
		l++;
	if (!isdigit((unsigned char)*l))
		return 0;
	while (isdigit((unsigned char)*l))
		l++;
	if (*l != '.')
		return 0;
	l++;
	while (isdigit((unsigned char)*l))
		l++;
	return *l == ']';
}

int body_line_exempt(const char *line)
{
	size_t k;

	if (line[0] == ' ' || line[0] == '\t' || line[0] == '>' ||
	    timestamp_line(line) || strstr(line, "://") || !strchr(line, ' '))
		return 1;
	k = trailer_key(line);
	if (k && (known_trailer(line, k) ||
		  (k > 3 && !strncasecmp(line + k - 3, "-by", 3))))
		return 1;
	return 0;
}

/* ------------------------------------------------- message checks */

static int key_is(const struct msg_trailer *t, const char *key)
{
	return !strcasecmp(t->key, key);
}

static void check_signoff(const struct commit_msg *m, const char *an,
			  const char *ae, struct check_findings *out)
{
	struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;
	size_t i;
	int sobs = 0, ok = 0;
	const char *near = NULL;

	for (i = 0; i < m->nr_trailers; i++) {
		const struct msg_trailer *t = &m->trailers[i];

		if (!key_is(t, "Signed-off-by"))
			continue;
		sobs++;
		if (!ae)
			continue;
		if (split_ident(t->value, &name, &addr))
			continue;
		if (!strcasecmp(addr.buf, ae)) {
			if (!an || !strcmp(name.buf, an))
				ok = 1;
			else
				near = t->value;
		}
	}
	if (!sobs)
		check_add(out, SEV_ERROR, "NO_SIGNOFF",
			  "no Signed-off-by: line; add yours with 'git commit "
			  "--amend -s' (it certifies the Developer's "
			  "Certificate of Origin)");
	else if (ae && !ok && near)
		check_add(out, SEV_ERROR, "SIGNOFF_AUTHOR",
			  "the Signed-off-by '%s' has the author's address "
			  "but not the author's name '%s'", near, an);
	else if (ae && !ok)
		check_add(out, SEV_ERROR, "SIGNOFF_AUTHOR",
			  "no Signed-off-by from the author '%s <%s>'",
			  an ? an : "", ae);
	strbuf_release(&name);
	strbuf_release(&addr);
}

void check_message(const struct commit_msg *m, const char *author_name,
		   const char *author_email, struct check_findings *out)
{
	struct strbuf prefix = STRBUF_INIT;
	const char *an = author_name, *ae = author_email;
	size_t i;
	int long_lines = 0, first_long = 0, first_cols = 0;

	if (!ae) {
		an = m->author_name;
		ae = m->author_email;
	}
	if (!m->subject || !*m->subject) {
		check_add(out, SEV_ERROR, "NO_SUBJECT", "the subject is empty");
	} else if (!subject_prefix(m->subject, &prefix)) {
		check_add(out, SEV_WARNING, "SUBJECT_PREFIX",
			  "the subject has no 'subsystem: ' prefix: '%s'",
			  m->subject);
	}
	check_signoff(m, an, ae, out);
	for (i = 0; i < m->nr_trailers; i++) {
		const struct msg_trailer *t = &m->trailers[i];
		struct fixes_tag f;

		if (key_is(t, "Change-Id")) {
			check_add(out, SEV_ERROR, "CHANGE_ID",
				  "'Change-Id: %s' is a Gerrit tag; remove it "
				  "before sending upstream", t->value);
			continue;
		}
		if (!key_is(t, "Fixes"))
			continue;
		fixes_parse(t->value, &f);
		switch (f.problem) {
		case FIXES_NO_HASH:
			check_add(out, SEV_ERROR, "FIXES_FORMAT",
				  "'Fixes: %s' does not start with a commit "
				  "hash; write Fixes: <12+ hex digits> "
				  "(\"subject\")", t->value);
			break;
		case FIXES_SHORT_HASH:
			check_add(out, SEV_WARNING, "FIXES_SHORT_HASH",
				  "'Fixes: %s' has a %zu-digit hash; use at "
				  "least 12 (git log -1 --abbrev=12 "
				  "--format='%%h (\"%%s\")' %s)", t->value,
				  f.hash_len, f.hash);
			break;
		case FIXES_NO_SUBJECT:
			check_add(out, SEV_WARNING, "FIXES_NO_SUBJECT",
				  "'Fixes: %s' lacks the commit's subject in "
				  "(\"...\")", t->value);
			break;
		case FIXES_OK:
			break;
		}
		fixes_release(&f);
	}
	for (i = 0; i < m->body.nr; i++) {
		int c = line_columns(m->body.v[i]);

		if (c <= BODY_MAX_COLUMNS || body_line_exempt(m->body.v[i]))
			continue;
		if (!long_lines++) {
			first_long = (int)i;
			first_cols = c;
		}
	}
	if (long_lines)
		check_add(out, SEV_WARNING, "BODY_LINE_LENGTH",
			  "%d line%s of the message %s longer than %d columns "
			  "(first: body line %d, %d columns); wrap the text",
			  long_lines, long_lines == 1 ? "" : "s",
			  long_lines == 1 ? "is" : "are", BODY_MAX_COLUMNS,
			  first_long + 1, first_cols);
	strbuf_release(&prefix);
}

/* ------------------------------------------------------ checkpatch */

static enum check_severity cp_type(const char *l, size_t n, size_t *skip)
{
	static const struct {
		const char *word;
		enum check_severity sev;
	} types[] = {
		{ "ERROR:", SEV_ERROR },
		{ "WARNING:", SEV_WARNING },
		{ "CHECK:", SEV_CHECK },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		size_t w = strlen(types[i].word);

		if (n > w && !memcmp(l, types[i].word, w)) {
			*skip = w;
			return types[i].sev;
		}
	}
	return SEV_NONE;
}

void checkpatch_parse(const char *text, size_t len,
		      struct checkpatch_result *r)
{
	struct line_iter it = { text, len, 0 };
	struct check_finding *cur = NULL;
	const char *l;
	size_t n;

	memset(r, 0, sizeof(*r));
	r->lines = -1;
	while (next_line(&it, &l, &n)) {
		char *s = xstrndup(l, n);
		enum check_severity sev;
		size_t skip = 0;
		int e, w, c, lines;

		sev = cp_type(s, n, &skip);
		if (sev != SEV_NONE) {
			const char *msg = s + skip, *code = "";
			char *codebuf = NULL;
			size_t k = 0;

			/* --show-types: "WARNING:LONG_LINE: text" */
			while (isupper((unsigned char)msg[k]) ||
			       isdigit((unsigned char)msg[k]) || msg[k] == '_')
				k++;
			if (k && msg[k] == ':') {
				codebuf = xstrndup(msg, k);
				code = codebuf;
				msg += k + 1;
			}
			while (*msg == ' ')
				msg++;
			check_add(&r->msgs, sev, code, "%s", msg);
			cur = &r->msgs.v[r->msgs.nr - 1];
			free(codebuf);
		} else if (cur && s[0] == '#') {
			const char *f = strstr(s, ": FILE: ");

			if (f && !cur->file) {
				const char *path = f + 8;
				char *colon = strchr(path, ':');

				if (colon) {
					cur->file = xstrndup(path,
							     (size_t)(colon - path));
					cur->line = atoi(colon + 1);
				}
			}
		} else if (!n) {
			cur = NULL;
		} else if (sscanf(s, "total: %d errors, %d warnings, %d checks, "
				  "%d lines checked", &e, &w, &c, &lines) == 4) {
			r->errors = e;
			r->warnings = w;
			r->checks = c;
			r->lines = lines;
			r->has_total = 1;
			cur = NULL;
		} else if (sscanf(s, "total: %d errors, %d warnings, %d lines "
				  "checked", &e, &w, &lines) == 3) {
			r->errors = e;
			r->warnings = w;
			r->checks = 0;
			r->lines = lines;
			r->has_total = 1;
			cur = NULL;
		}
		free(s);
	}
	if (!r->has_total) {
		r->errors = check_count(&r->msgs, SEV_ERROR);
		r->warnings = check_count(&r->msgs, SEV_WARNING);
		r->checks = check_count(&r->msgs, SEV_CHECK);
	}
}

void checkpatch_release(struct checkpatch_result *r)
{
	check_findings_release(&r->msgs);
}

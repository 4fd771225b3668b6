// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of "kdev patch send" (src/patch/series.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "series.h"

void recipients_release(struct recipients *r)
{
	strvec_clear(&r->to);
	strvec_clear(&r->cc);
}

void rcpt_address(const char *ident, struct strbuf *out)
{
	const char *lt = strrchr(ident, '<'), *s = ident, *e;
	size_t i;

	strbuf_reset(out);
	if (lt && (e = strchr(lt, '>'))) {
		s = lt + 1;
	} else {
		e = ident + strlen(ident);
	}
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	for (i = 0; s + i < e; i++)
		strbuf_addch(out, tolower((unsigned char)s[i]));
}

static int index_of(const struct strvec *v, const char *ident)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i;
	int found = -1;

	rcpt_address(ident, &a);
	for (i = 0; i < v->nr && found < 0; i++) {
		rcpt_address(v->v[i], &b);
		if (!strcmp(a.buf, b.buf))
			found = (int)i;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return found;
}

int rcpt_has(const struct strvec *v, const char *ident)
{
	return index_of(v, ident) >= 0;
}

static void remove_at(struct strvec *v, int i)
{
	free(v->v[i]);
	memmove(v->v + i, v->v + i + 1, (v->nr - (size_t)i) * sizeof(char *));
	v->nr--;
}

void rcpt_add_to(struct recipients *r, const char *ident)
{
	int i = index_of(&r->cc, ident);

	if (i >= 0)
		remove_at(&r->cc, i);
	if (!rcpt_has(&r->to, ident))
		strvec_push(&r->to, ident);
}

void rcpt_add_cc(struct recipients *r, const char *ident)
{
	if (!rcpt_has(&r->to, ident) && !rcpt_has(&r->cc, ident))
		strvec_push(&r->cc, ident);
}

void rcpt_merge(struct recipients *into, const struct recipients *from)
{
	size_t i;

	for (i = 0; i < from->to.nr; i++)
		rcpt_add_to(into, from->to.v[i]);
	for (i = 0; i < from->cc.nr; i++)
		rcpt_add_cc(into, from->cc.v[i]);
}

/* ----------------------------------------------------------- mails */

/* The end of the headers: the offset of the empty line, or @len. */
static size_t headers_end(const char *text, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;

		if (!n || (n == 1 && text[pos] == '\r'))
			return pos;
		pos += n + (nl ? 1 : 0);
	}
	return len;
}

static void add_header(struct strbuf *out, const char *name,
		       const struct strvec *v)
{
	size_t i;

	if (!v->nr)
		return;
	strbuf_addf(out, "%s: ", name);
	for (i = 0; i < v->nr; i++)
		strbuf_addf(out, "%s%s%s", i ? " " : "", v->v[i],
			    i + 1 < v->nr ? ",\n" : "\n");
}

void mail_set_recipients(const char *text, size_t len,
			 const struct recipients *r, struct strbuf *out)
{
	size_t end = headers_end(text, len), pos = 0;
	int skipping = 0;

	while (pos < end) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', end - pos);
		size_t n = nl ? (size_t)(nl - l) + 1 : end - pos;

		if (l[0] == ' ' || l[0] == '\t') {
			if (!skipping)
				strbuf_add(out, l, n);
		} else {
			skipping = (n >= 3 && !strncasecmp(l, "To:", 3)) ||
				   (n >= 3 && !strncasecmp(l, "Cc:", 3));
			if (!skipping)
				strbuf_add(out, l, n);
		}
		pos += n;
	}
	if (out->len && out->buf[out->len - 1] != '\n')
		strbuf_addch(out, '\n');
	add_header(out, "To", &r->to);
	add_header(out, "Cc", &r->cc);
	strbuf_add(out, text + end, len - end);
}

/* --------------------------------------------------- subject prefix */

void tree_repo_name(const char *tvalue, struct strbuf *out)
{
	const char *s = tvalue, *url, *e, *slash;

	strbuf_reset(out);
	/* "git URL [BRANCH]": the URL is the second word when there is a type */
	while (*s == ' ' || *s == '\t')
		s++;
	url = s;
	e = s + strcspn(s, " \t");
	if (!memchr(url, '/', (size_t)(e - url)) && *e) {
		url = e;
		while (*url == ' ' || *url == '\t')
			url++;
		e = url + strcspn(url, " \t");
	}
	while (e > url && e[-1] == '/')
		e--;
	slash = e;
	while (slash > url && slash[-1] != '/')
		slash--;
	if (e - slash > 4 && !strncmp(e - 4, ".git", 4))
		e -= 4;
	strbuf_add(out, slash, (size_t)(e - slash));
}

int suggest_subject_prefix(const struct strvec *trees, struct strbuf *prefix,
			   struct strbuf *fixes)
{
	struct strbuf name = STRBUF_INIT, other = STRBUF_INIT;
	size_t i, j;
	int found = 0;

	strbuf_reset(prefix);
	strbuf_reset(fixes);
	for (i = 0; i < trees->nr && !found; i++) {
		tree_repo_name(trees->v[i], &name);
		if (name.len <= 5 || !ends_with(name.buf, "-next"))
			continue;
		found = 1;
		strbuf_addf(prefix, "PATCH %s", name.buf);
		for (j = 0; j < trees->nr; j++) {
			tree_repo_name(trees->v[j], &other);
			if (other.len + 5 == name.len &&
			    !strncmp(other.buf, name.buf, other.len))
				strbuf_addf(fixes, "PATCH %s", other.buf);
			if (fixes->len)
				break;
		}
	}
	strbuf_release(&name);
	strbuf_release(&other);
	return found;
}

/* ----------------------------------------------------- cover letter */

/* "A U Thor (2):": a name, a count in parentheses, a colon at the end */
static int shortlog_line(const char *l, size_t n)
{
	size_t i;

	if (n < 5 || l[n - 1] != ':' || l[n - 2] != ')' ||
	    isspace((unsigned char)l[0]))
		return 0;
	i = n - 3;
	if (!isdigit((unsigned char)l[i]))
		return 0;
	while (i > 0 && isdigit((unsigned char)l[i]))
		i--;
	return l[i] == '(' && i > 1 && l[i - 1] == ' ';
}

int cover_parts(const char *text, size_t len, size_t *body, size_t *shortlog)
{
	size_t end = headers_end(text, len), pos;

	if (end >= len)
		return -1;
	pos = end + (text[end] == '\r' ? 2 : 1);
	*body = pos;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;

		if (shortlog_line(text + pos, n)) {
			*shortlog = pos;
			return 0;
		}
		pos += n + (nl ? 1 : 0);
	}
	return -1;
}

/* The Subject: header's value, unfolded, in @out; its offsets too. */
static int subject_header(const char *text, size_t len, struct strbuf *out,
			  size_t *start, size_t *stop)
{
	size_t end = headers_end(text, len), pos = 0;
	int in = 0;

	strbuf_reset(out);
	while (pos < end) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', end - pos);
		size_t n = nl ? (size_t)(nl - l) : end - pos;

		if (in && (l[0] == ' ' || l[0] == '\t')) {
			strbuf_add(out, l, n);
			*stop = pos + n;
		} else if (in) {
			return 0;
		} else if (n >= 8 && !strncasecmp(l, "Subject:", 8)) {
			in = 1;
			*start = pos;
			*stop = pos + n;
			strbuf_add(out, l + 8, n - 8);
		}
		pos += n + (nl ? 1 : 0);
	}
	return in ? 0 : -1;
}

/* Past the "[PATCH ...]" tags of @s. */
static const char *after_tags(const char *s)
{
	while (*s == ' ')
		s++;
	while (*s == '[') {
		const char *e = strchr(s, ']');

		if (!e)
			break;
		s = e + 1;
		while (*s == ' ')
			s++;
	}
	return s;
}

int cover_title(const char *text, size_t len, struct strbuf *title)
{
	struct strbuf subj = STRBUF_INIT;
	size_t a, b;
	int ret = -1;

	strbuf_reset(title);
	if (!subject_header(text, len, &subj, &a, &b)) {
		strbuf_addstr(title, after_tags(subj.buf));
		strbuf_rtrim(title);
		ret = title->len ? 0 : -1;
	}
	strbuf_release(&subj);
	return ret;
}

int cover_is_template(const char *text, size_t len)
{
	struct strbuf t = STRBUF_INIT;
	int tmpl = cover_title(text, len, &t) ||
		   strstr(t.buf, "*** SUBJECT HERE ***") != NULL;

	strbuf_release(&t);
	return tmpl;
}

int cover_blurb(const char *text, size_t len, struct strbuf *blurb)
{
	size_t body, shortlog;

	strbuf_reset(blurb);
	if (cover_parts(text, len, &body, &shortlog))
		return -1;
	strbuf_add(blurb, text + body, shortlog - body);
	return 0;
}

void cover_rewrite(const char *text, size_t len, const char *title,
		   const char *blurb, int version, struct strbuf *out)
{
	static const char subj_tmpl[] = "*** SUBJECT HERE ***";
	static const char blurb_tmpl[] = "*** BLURB HERE ***\n";
	struct strbuf subj = STRBUF_INIT;
	size_t a = 0, b = 0, body = 0, shortlog = 0, pos;
	const char *t;
	int have_subj = !subject_header(text, len, &subj, &a, &b);
	int have_parts = !cover_parts(text, len, &body, &shortlog);

	strbuf_reset(out);
	/* headers, with the title in the subject */
	if (title && have_subj &&
	    (t = memmem(text + a, b - a, subj_tmpl, strlen(subj_tmpl)))) {
		strbuf_add(out, text, (size_t)(t - text));
		strbuf_addstr(out, title);
		pos = (size_t)(t - text) + strlen(subj_tmpl);
	} else {
		pos = 0;
	}
	if (!have_parts) {
		strbuf_add(out, text + pos, len - pos);
		strbuf_release(&subj);
		return;
	}
	strbuf_add(out, text + pos, body - pos);
	if (blurb) {
		strbuf_addstr(out, blurb);
	} else {
		const char *bt = memmem(text + body, shortlog - body, blurb_tmpl,
					strlen(blurb_tmpl));

		if (bt && version > 1) {
			size_t after = (size_t)(bt - text) + strlen(blurb_tmpl);

			strbuf_add(out, text + body, after - body);
			strbuf_addf(out, "\nChanges in v%d:\n"
				    "- *** what changed since v%d ***\n",
				    version, version - 1);
			strbuf_add(out, text + after, shortlog - after);
		} else {
			strbuf_add(out, text + body, shortlog - body);
		}
	}
	strbuf_add(out, text + shortlog, len - shortlog);
	strbuf_release(&subj);
}

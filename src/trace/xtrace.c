// SPDX-License-Identifier: GPL-2.0
/*
 * The shell's xtrace stream, cut into records (see xtrace.h). Pure: no
 * I/O, the caller feeds bytes and gets records and pass-through bytes
 * back through its callbacks.
 */
#include <stdlib.h>
#include <string.h>

#include "xtrace.h"

enum {
	S_IDLE,		/* between records */
	S_MARK,		/* cur holds a prefix of the mark */
	S_RECORD,	/* cur holds a record up to here */
	S_JUNK,		/* XT_OWN_FD: a line that is not a record */
};

#define MARK_BYTE '\001'
#define MARK_REST "kT|"

void xt_init(struct xt_parser *p, enum xt_mode mode, xt_record_fn on_record,
	     xt_pass_fn on_pass, void *data)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->on_record = on_record;
	p->on_pass = on_pass;
	p->data = data;
	strbuf_init(&p->cur, 0);
	p->state = S_IDLE;
	p->last = -1;
}

void xt_release(struct xt_parser *p)
{
	int i;

	strbuf_release(&p->cur);
	for (i = 0; i < p->nopen; i++)
		strbuf_release(&p->open[i].buf);
	p->nopen = 0;
}

void xt_record_release(struct xt_record *rec)
{
	free(rec->file);
	free(rec->text);
	rec->file = rec->text = NULL;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Length of "DIGITS|" at @s (DIGITS may be empty when @empty_ok), or 0. */
static size_t num_field(const char *s, size_t n, int empty_ok)
{
	size_t i = 0;

	if (n && s[0] == '-')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9' && i < 12)
		i++;
	if (i >= n || s[i] != '|')
		return 0;
	if (!empty_ok && (i == 0 || (i == 1 && s[0] == '-')))
		return 0;
	return i + 1;
}

static long to_long(const char *s, size_t n, long dflt)
{
	char buf[16];

	if (!n || n >= sizeof(buf) || (n == 1 && s[0] == '-'))
		return dflt;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '-' ? !all_digits(buf + 1, n - 1) : !all_digits(buf, n))
		return dflt;
	return strtol(buf, NULL, 10);
}

/*
 * Offsets in a record: marks counted into *depth, the file from @fs to
 * the first '|' that is followed by the three number fields. Returns
 * the offset of the command text, or -1.
 */
static long header(const char *s, size_t len, int *depth, size_t *fs,
		   size_t *fe, size_t num[3][2])
{
	size_t i = 0, k, rest = strlen(MARK_REST);

	while (i < len && s[i] == MARK_BYTE)
		i++;
	if (!i || len - i < rest || memcmp(s + i, MARK_REST, rest))
		return -1;
	*depth = (int)i;
	i += rest;
	*fs = i;
	for (k = i; k < len; k++) {
		size_t a, b, c, pos;

		if (s[k] != '|')
			continue;
		pos = k + 1;
		a = num_field(s + pos, len - pos, 1);
		if (!a)
			continue;
		b = num_field(s + pos + a, len - pos - a, 1);
		if (!b)
			continue;
		c = num_field(s + pos + a + b, len - pos - a - b, 1);
		if (!c)
			continue;
		*fe = k;
		num[0][0] = pos;
		num[0][1] = a - 1;
		num[1][0] = pos + a;
		num[1][1] = b - 1;
		num[2][0] = pos + a + b;
		num[2][1] = c - 1;
		return (long)(pos + a + b + c);
	}
	return -1;
}

int xt_parse_record(const char *s, size_t len, struct xt_record *rec)
{
	size_t fs, fe, num[3][2];
	int depth;
	long text = header(s, len, &depth, &fs, &fe, num);

	memset(rec, 0, sizeof(*rec));
	if (text < 0)
		return -1;
	rec->depth = depth;
	rec->file = xstrndup(s + fs, fe - fs);
	rec->line = (int)to_long(s + num[0][0], num[0][1], 0);
	if (rec->line < 0)
		rec->line = 0;
	rec->pid = to_long(s + num[1][0], num[1][1], -1);
	rec->prev_status = (int)to_long(s + num[2][0], num[2][1], -1);
	if (rec->prev_status < -1 || rec->prev_status > 255)
		rec->prev_status = -1;
	rec->text = xstrndup(s + text, len - (size_t)text);
	return 0;
}

/*
 * XT_OWN_FD: does the record in @p->cur end at the newline just added?
 * Only when that newline is outside bash's quoting ('...' and $'...').
 */
static int record_complete(const struct xt_parser *p)
{
	size_t fs, fe, num[3][2], i;
	int depth, q = 0;	/* 0 out, 1 '...', 2 $'...' */
	long text;
	const char *s = p->cur.buf;
	size_t len = p->cur.len - 1;	/* without the newline */

	if (p->mode == XT_MIXED)
		return 1;
	text = header(s, len, &depth, &fs, &fe, num);
	if (text < 0)
		return 1;	/* not a record: cut at the newline */
	for (i = (size_t)text; i < len; i++) {
		char c = s[i];

		if (q == 1) {
			if (c == '\'')
				q = 0;
		} else if (q == 2) {
			if (c == '\\')
				i++;
			else if (c == '\'')
				q = 0;
		} else if (c == '\\') {
			i++;
		} else if (c == '$' && i + 1 < len && s[i + 1] == '\'') {
			q = 2;
			i++;
		} else if (c == '\'') {
			q = 1;
		}
	}
	return q == 0;
}

static void pass(struct xt_parser *p, const char *buf, size_t len)
{
	if (len && p->mode != XT_OWN_FD && p->on_pass)
		p->on_pass(buf, len, p->data);
}

static void emit(struct xt_parser *p)
{
	struct xt_record rec;
	size_t len = p->cur.len;

	if (len && p->cur.buf[len - 1] == '\n')
		len--;
	if (xt_parse_record(p->cur.buf, len, &rec)) {
		/* looked like a mark, is not a record: the bytes are not ours */
		pass(p, p->cur.buf, p->cur.len);
	} else {
		rec.stamp = p->start;
		p->records++;
		if (p->on_record)
			p->on_record(&rec, p->data);
		xt_record_release(&rec);
	}
	strbuf_reset(&p->cur);
	p->state = S_IDLE;
}

/* In S_MARK: may @c come next in the mark? */
static int mark_continues(const struct strbuf *cur, char c)
{
	size_t marks = 0, rest;

	while (marks < cur->len && cur->buf[marks] == MARK_BYTE)
		marks++;
	rest = cur->len - marks;
	if (!rest && c == MARK_BYTE)
		return 1;
	return rest < strlen(MARK_REST) && MARK_REST[rest] == c;
}

/*
 * XT_PACKETS. Hand on the records at the front whose lines are complete,
 * or all of them at the end of the stream.
 */
static void flush_open(struct xt_parser *p, int all)
{
	int k = 0, i;

	while (k < p->nopen && (all || p->open[k].done)) {
		struct xt_open *o = &p->open[k];
		struct xt_record rec;

		if (!xt_parse_record(o->buf.buf, o->buf.len, &rec)) {
			rec.stamp = o->start;
			p->records++;
			if (p->on_record)
				p->on_record(&rec, p->data);
			xt_record_release(&rec);
		}
		strbuf_release(&o->buf);
		k++;
	}
	if (!k)
		return;
	for (i = k; i < p->nopen; i++)
		p->open[i - k] = p->open[i];
	p->nopen -= k;
	p->last = p->last >= k ? p->last - k : -1;
}

/* Is every newline in @s inside the quotes dash puts around a word? */
static int newlines_quoted(const char *s, size_t len)
{
	char q = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '\'' || s[i] == '"') {
			q = s[i];
		} else if (s[i] == '\n') {
			return 0;
		}
	}
	return 1;
}

static void feed_packet(struct xt_parser *p, const char *buf, size_t len,
			const struct xt_stamp *now)
{
	size_t fs, fe, num[3][2];
	int depth, k;
	long text;
	struct xt_open *o;
	const char *nl;

	if (!len)
		return;
	if (buf[0] == MARK_BYTE &&
	    (text = header(buf, len, &depth, &fs, &fe, num)) >= 0) {
		if (p->nopen == XT_MAX_OPEN) {
			p->open[0].done = 1;
			flush_open(p, 0);
		}
		o = &p->open[p->nopen];
		memset(o, 0, sizeof(*o));
		strbuf_init(&o->buf, 0);
		strbuf_add(&o->buf, buf, len);
		o->start = *now;
		/* a shell that writes words with the mark has them here */
		o->has_words = (size_t)text < len;
		if (buf[len - 1] == '\n') {
			/* a shell that writes the whole line at once */
			strbuf_setlen(&o->buf, len - 1);
			o->done = 1;
		}
		p->nopen++;
		flush_open(p, 0);
		return;
	}
	if (!p->nopen) {
		pass(p, buf, len);
		return;
	}
	if (len == 1 && buf[0] == '\n') {
		k = p->last;
		if (k < 0 || p->open[k].done)
			for (k = 0; k < p->nopen && p->open[k].done; k++)
				;
		if (k < p->nopen)
			p->open[k].done = 1;
		flush_open(p, 0);
		return;
	}
	nl = memchr(buf, '\n', len);
	if (nl && !newlines_quoted(buf, len)) {
		pass(p, buf, len);
		return;
	}
	k = -1;
	if (buf[0] != ' ')
		for (k = 0; k < p->nopen; k++)
			if (!p->open[k].done && !p->open[k].has_words)
				break;
	if (k < 0 || k >= p->nopen) {
		k = p->last;
		if (k < 0 || p->open[k].done || !p->open[k].has_words)
			for (k = p->nopen - 1; k >= 0 && p->open[k].done; k--)
				;
	}
	if (k < 0) {
		pass(p, buf, len);
		return;
	}
	o = &p->open[k];
	strbuf_add(&o->buf, buf, len);
	o->has_words = 1;
	p->last = k;
	if (o->buf.len > XT_MAX_RECORD) {
		o->done = 1;
		flush_open(p, 0);
	}
}

void xt_feed(struct xt_parser *p, const char *buf, size_t len,
	     const struct xt_stamp *now)
{
	size_t i = 0, run;

	if (p->mode == XT_PACKETS) {
		feed_packet(p, buf, len, now);
		return;
	}

	while (i < len) {
		char c = buf[i];

		switch (p->state) {
		case S_IDLE:
			if (c == MARK_BYTE) {
				p->start = *now;
				strbuf_addch(&p->cur, c);
				p->state = S_MARK;
				i++;
				break;
			}
			/* pass on everything up to the next mark at once */
			run = 1;
			while (i + run < len && buf[i + run] != MARK_BYTE)
				run++;
			if (p->mode == XT_MIXED) {
				pass(p, buf + i, run);
				i += run;
			} else {
				p->state = S_JUNK;
			}
			break;
		case S_JUNK:
			i++;
			if (c == '\n')
				p->state = S_IDLE;
			break;
		case S_MARK:
			if (!mark_continues(&p->cur, c)) {
				/* not a mark: those bytes were the script's */
				pass(p, p->cur.buf, p->cur.len);
				strbuf_reset(&p->cur);
				p->state = S_IDLE;
				break;	/* @c again, from S_IDLE */
			}
			strbuf_addch(&p->cur, c);
			i++;
			if (p->cur.len >= strlen(MARK_REST) &&
			    !memcmp(p->cur.buf + p->cur.len - strlen(MARK_REST),
				    MARK_REST, strlen(MARK_REST)))
				p->state = S_RECORD;
			break;
		case S_RECORD: {
			const char *nl = memchr(buf + i, '\n', len - i);
			size_t n = nl ? (size_t)(nl - buf - i) + 1 : len - i;

			strbuf_add(&p->cur, buf + i, n);
			i += n;
			if (nl && record_complete(p))
				emit(p);
			else if (p->cur.len > XT_MAX_RECORD)
				emit(p);
			break;
		}
		}
	}
}

void xt_finish(struct xt_parser *p)
{
	flush_open(p, 1);
	if (p->state == S_MARK) {
		pass(p, p->cur.buf, p->cur.len);
		strbuf_reset(&p->cur);
	} else if (p->state == S_RECORD) {
		emit(p);
	}
	p->state = S_IDLE;
}

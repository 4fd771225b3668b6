// SPDX-License-Identifier: GPL-2.0
/*
 * "kdev time": time per traced command, aggregated per script line, and
 * the report (text and JSON). See profile.h.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/json.h"
#include "profile.h"

void prof_init(struct profile *p, const char *shell, const char *script,
	       const struct xt_stamp *begin)
{
	memset(p, 0, sizeof(*p));
	p->shell = xstrdup(shell ? shell : "");
	p->script = xstrdup(script ? script : "");
	p->begin = *begin;
	p->end = *begin;
	p->exit_status = -1;
}

void prof_add(struct profile *p, const struct xt_record *rec)
{
	struct prof_cmd *c;

	ALLOC_GROW(p->cmds, p->nr + 1, p->alloc);
	c = &p->cmds[p->nr++];
	memset(c, 0, sizeof(*c));
	c->file = xstrdup(rec->file ? rec->file : "");
	c->line = rec->line;
	c->pid = rec->pid;
	c->depth = rec->depth;
	c->status = -1;
	c->text = xstrdup(rec->text ? rec->text : "");
	c->start = rec->stamp;
	/* $? as this one started is the status of the one before */
	if (p->nr > 1)
		p->cmds[p->nr - 2].status = rec->prev_status;
}

static uint64_t delta(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

/* Files in the order the trace first names them, unknown ("") last. */
static const struct profile *sort_prof;

static size_t file_rank(const struct profile *p, const char *file)
{
	size_t i;

	if (!*file)
		return SIZE_MAX;
	for (i = 0; i < p->nr; i++)
		if (!strcmp(p->cmds[i].file, file))
			return i;
	return SIZE_MAX;
}

static int cmp_cmd_pos(const void *a, const void *b)
{
	const struct prof_cmd *x = &sort_prof->cmds[*(const size_t *)a];
	const struct prof_cmd *y = &sort_prof->cmds[*(const size_t *)b];
	size_t rx, ry;

	if (strcmp(x->file, y->file)) {
		rx = file_rank(sort_prof, x->file);
		ry = file_rank(sort_prof, y->file);
		if (rx != ry)
			return rx < ry ? -1 : 1;
		return strcmp(x->file, y->file);
	}
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

void prof_end(struct profile *p, const struct xt_stamp *end, int exit_status,
	      int term_signal)
{
	size_t i, *order;

	p->end = *end;
	p->exit_status = exit_status;
	p->term_signal = term_signal;
	for (i = 0; i < p->nr; i++) {
		struct prof_cmd *c = &p->cmds[i];
		const struct xt_stamp *next = i + 1 < p->nr ?
					      &p->cmds[i + 1].start : end;

		c->wall = delta(c->start.t, next->t);
		c->user = delta(c->start.user, next->user);
		c->sys = delta(c->start.sys, next->sys);
	}
	if (p->nr)
		p->cmds[p->nr - 1].status = term_signal ? 128 + term_signal :
					    exit_status;
	/* one prof_line per (file, line) */
	order = xcalloc(p->nr + 1, sizeof(*order));
	for (i = 0; i < p->nr; i++)
		order[i] = i;
	sort_prof = p;
	qsort(order, p->nr, sizeof(*order), cmp_cmd_pos);
	sort_prof = NULL;
	p->lines = xcalloc(p->nr + 1, sizeof(*p->lines));
	p->nlines = 0;
	for (i = 0; i < p->nr; i++) {
		const struct prof_cmd *c = &p->cmds[order[i]];
		struct prof_line *l = p->nlines ? &p->lines[p->nlines - 1] :
					  NULL;

		if (!l || strcmp(l->file, c->file) || l->line != c->line) {
			l = &p->lines[p->nlines++];
			l->file = c->file;
			l->line = c->line;
		}
		l->count++;
		l->total += c->wall;
		if (c->wall > l->max)
			l->max = c->wall;
		l->user += c->user;
		l->sys += c->sys;
		if (c->status > 0)
			l->failures++;
	}
	free(order);
}

void prof_set_source(struct profile *p, size_t i, char *text)
{
	if (i >= p->nlines) {
		free(text);
		return;
	}
	free(p->lines[i].source);
	p->lines[i].source = text;
}

void prof_release(struct profile *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		free(p->cmds[i].file);
		free(p->cmds[i].text);
	}
	for (i = 0; i < p->nlines; i++)
		free(p->lines[i].source);
	free(p->cmds);
	free(p->lines);
	free(p->shell);
	free(p->script);
	memset(p, 0, sizeof(*p));
}

static int cmp_slow(const void *a, const void *b)
{
	const struct prof_line *x = &sort_prof->lines[*(const size_t *)a];
	const struct prof_line *y = &sort_prof->lines[*(const size_t *)b];

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t *prof_slowest(const struct profile *p)
{
	size_t *idx = xcalloc(p->nlines + 1, sizeof(*idx));
	size_t i;

	for (i = 0; i < p->nlines; i++)
		idx[i] = i;
	sort_prof = p;
	qsort(idx, p->nlines, sizeof(*idx), cmp_slow);
	sort_prof = NULL;
	return idx;
}

void prof_add_duration(struct strbuf *sb, uint64_t ns)
{
	if (ns >= (uint64_t)1000000000)
		strbuf_addf(sb, "%" PRIu64 ".%03" PRIu64 "s", ns / (uint64_t)1000000000,
			    ns % (uint64_t)1000000000 / 1000000);
	else if (ns >= 1000000)
		strbuf_addf(sb, "%" PRIu64 ".%01" PRIu64 "ms", ns / 1000000,
			    ns % 1000000 / 100000);
	else if (ns >= 1000)
		strbuf_addf(sb, "%" PRIu64 "us", ns / 1000);
	else
		strbuf_addstr(sb, ns ? "<1us" : "0");
}

static void add_col(struct strbuf *out, uint64_t ns, int width)
{
	struct strbuf tmp = STRBUF_INIT;

	prof_add_duration(&tmp, ns);
	strbuf_addf(out, "%*s", width, tmp.buf);
	strbuf_release(&tmp);
}

static const char *display_file(const struct prof_line *l)
{
	return *l->file ? l->file : "?";
}

/* The source text, tabs as one space, trimmed, cut to @max bytes. */
static void add_source(struct strbuf *out, const char *src, size_t max)
{
	size_t n;

	if (!src)
		return;
	while (*src == ' ' || *src == '\t')
		src++;
	n = strcspn(src, "\n");
	while (n && (src[n - 1] == ' ' || src[n - 1] == '\t' ||
		     src[n - 1] == '\r'))
		n--;
	if (n > max) {
		strbuf_add(out, src, max - 3);
		strbuf_addstr(out, "...");
		return;
	}
	for (; n; n--, src++)
		strbuf_addch(out, *src == '\t' ? ' ' : *src);
}

static void add_status(struct strbuf *out, const struct profile *p)
{
	if (p->term_signal)
		strbuf_addf(out, "killed by signal %d", p->term_signal);
	else if (p->exit_status >= 0)
		strbuf_addf(out, "exit status %d", p->exit_status);
	else
		strbuf_addstr(out, "exit status unknown");
}

static void add_totals(struct strbuf *out, const struct profile *p)
{
	strbuf_addstr(out, "total: ");
	prof_add_duration(out, delta(p->begin.t, p->end.t));
	strbuf_addstr(out, " wall, ");
	prof_add_duration(out, delta(p->begin.user, p->end.user));
	strbuf_addstr(out, " user, ");
	prof_add_duration(out, delta(p->begin.sys, p->end.sys));
	strbuf_addf(out, " sys, %zu command%s, ", p->nr, p->nr == 1 ? "" : "s");
	add_status(out, p);
	if (p->nr) {
		strbuf_addstr(out, " (");
		prof_add_duration(out, delta(p->begin.t, p->cmds[0].start.t));
		strbuf_addstr(out, " before the first command)");
	}
	strbuf_addch(out, '\n');
}

void prof_report(const struct profile *p, size_t top, struct strbuf *out)
{
	size_t *idx = prof_slowest(p);
	const char *file = NULL;
	size_t i, n = top < p->nlines ? top : p->nlines;

	strbuf_addf(out, "kdev time: %s %s\n", p->shell, p->script);
	if (n) {
		strbuf_addf(out, "\nslowest lines (%zu of %zu):\n", n,
			    p->nlines);
		strbuf_addstr(out, "     total  count       max      user"
			      "       sys  line\n");
		for (i = 0; i < n; i++) {
			const struct prof_line *l = &p->lines[idx[i]];
			struct strbuf where = STRBUF_INIT;

			add_col(out, l->total, 10);
			strbuf_addf(out, " %6lu", l->count);
			add_col(out, l->max, 10);
			add_col(out, l->user, 10);
			add_col(out, l->sys, 10);
			strbuf_addf(&where, "%s:%d", display_file(l), l->line);
			strbuf_addf(out, "  %-16s ", where.buf);
			add_source(out, l->source, 40);
			strbuf_rtrim(out);
			strbuf_addch(out, '\n');
			strbuf_release(&where);
		}
	}
	for (i = 0; i < p->nlines; i++) {
		const struct prof_line *l = &p->lines[i];

		if (!file || strcmp(file, l->file)) {
			file = l->file;
			strbuf_addf(out, "\n%s:\n", display_file(l));
			strbuf_addstr(out, "  line  count     total      mean"
				      "       max      user       sys  fail"
				      "  source\n");
		}
		strbuf_addf(out, "%6d %6lu", l->line, l->count);
		add_col(out, l->total, 10);
		add_col(out, l->count ? l->total / l->count : 0, 10);
		add_col(out, l->max, 10);
		add_col(out, l->user, 10);
		add_col(out, l->sys, 10);
		if (l->failures)
			strbuf_addf(out, " %5lu  ", l->failures);
		else
			strbuf_addstr(out, "     -  ");
		add_source(out, l->source, 60);
		strbuf_rtrim(out);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
	add_totals(out, p);
	free(idx);
}

static void json_us(struct json_writer *jw, const char *key, uint64_t ns)
{
	json_uint(jw, key, (ns + 500) / 1000);
}

void prof_json(const struct profile *p, struct strbuf *out)
{
	struct json_writer jw;
	size_t i;

	json_init(&jw, out, 1);
	json_object_begin(&jw, NULL);
	json_string(&jw, "shell", p->shell);
	json_string(&jw, "script", p->script);
	if (p->term_signal) {
		json_null(&jw, "exit_status");
		json_int(&jw, "signal", p->term_signal);
	} else {
		json_int(&jw, "exit_status", p->exit_status);
		json_null(&jw, "signal");
	}
	json_us(&jw, "wall_us", delta(p->begin.t, p->end.t));
	json_us(&jw, "user_us", delta(p->begin.user, p->end.user));
	json_us(&jw, "sys_us", delta(p->begin.sys, p->end.sys));
	json_us(&jw, "startup_us",
		p->nr ? delta(p->begin.t, p->cmds[0].start.t) : 0);
	json_uint(&jw, "commands", p->nr);
	json_array_begin(&jw, "lines");
	for (i = 0; i < p->nlines; i++) {
		const struct prof_line *l = &p->lines[i];

		json_object_begin(&jw, NULL);
		json_string(&jw, "file", *l->file ? l->file : NULL);
		json_int(&jw, "line", l->line);
		json_string(&jw, "source", l->source);
		json_uint(&jw, "count", l->count);
		json_us(&jw, "total_us", l->total);
		json_us(&jw, "mean_us", l->count ? l->total / l->count : 0);
		json_us(&jw, "max_us", l->max);
		json_us(&jw, "user_us", l->user);
		json_us(&jw, "sys_us", l->sys);
		json_uint(&jw, "failures", l->failures);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_array_begin(&jw, "trace");
	for (i = 0; i < p->nr; i++) {
		const struct prof_cmd *c = &p->cmds[i];

		json_object_begin(&jw, NULL);
		json_us(&jw, "start_us", delta(p->begin.t, c->start.t));
		json_us(&jw, "wall_us", c->wall);
		json_us(&jw, "user_us", c->user);
		json_us(&jw, "sys_us", c->sys);
		json_string(&jw, "file", *c->file ? c->file : NULL);
		json_int(&jw, "line", c->line);
		json_int(&jw, "pid", c->pid);
		json_int(&jw, "depth", c->depth);
		json_int(&jw, "status", c->status);
		json_string(&jw, "command", c->text);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_object_end(&jw);
	strbuf_addch(out, '\n');
}

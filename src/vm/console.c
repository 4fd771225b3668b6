// SPDX-License-Identifier: GPL-2.0
/*
 * The console monitor of "kdev run": cut the guest's kernel console into
 * reports as it streams in. Which lines start and end a report comes
 * from the oops parser of "kdev decode".
 */
#include <stdlib.h>
#include <string.h>

#include "../decode/oops.h"
#include "../lib/util.h"
#include "console.h"

void console_init(struct console_monitor *m, console_report_fn fn, void *ctx)
{
	memset(m, 0, sizeof(*m));
	strbuf_init(&m->partial, 0);
	strbuf_init(&m->report, 0);
	m->fn = fn;
	m->ctx = ctx;
}

static int body_starts(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return len >= n && !memcmp(s, lit, n);
}

enum console_severity console_severity_of(const char *line, size_t len)
{
	struct oops_line pl;
	const char *b;
	size_t n;

	if (oops_parse_line(line, len, &pl) != OOPS_START)
		return CONSOLE_NONE;
	b = line + pl.body;
	n = len - pl.body;
	while (n && *b == ' ') {
		b++;
		n--;
	}
	if (!strcmp(pl.type, "panic"))
		return CONSOLE_PANIC;
	if (!strcmp(pl.type, "Oops") || body_starts(b, n, "kernel BUG at") ||
	    body_starts(b, n, "BUG: kernel NULL pointer dereference") ||
	    body_starts(b, n, "BUG: unable to handle"))
		return CONSOLE_OOPS;
	if (!strcmp(pl.type, "WARNING") || !strcmp(pl.type, "hung") ||
	    !strcmp(pl.type, "rcu") || !strcmp(pl.type, "lockup") ||
	    !strcmp(pl.type, "cut") || body_starts(b, n, "watchdog: BUG: soft lockup"))
		return CONSOLE_WARNING;
	return CONSOLE_BUG;
}

static void emit(struct console_monitor *m)
{
	if (m->report.len && m->fn)
		m->fn(m->ctx, m->report_sev, m->report.buf, m->report.len);
	strbuf_reset(&m->report);
	m->report_sev = CONSOLE_NONE;
	m->report_frames = 0;
}

static void remember(struct console_monitor *m, const char *s, size_t len)
{
	free(m->tail[m->tail_next]);
	m->tail[m->tail_next] = xstrndup(s, len);
	m->tail_next = (m->tail_next + 1) % CONSOLE_TAIL;
}

static void line(struct console_monitor *m, const char *s, size_t len)
{
	struct oops_line pl;
	enum oops_kind kind = oops_parse_line(s, len, &pl);

	remember(m, s, len);
	if (kind == OOPS_START) {
		enum console_severity sev = console_severity_of(s, len);

		/*
		 * A new report, unless this line continues the one being
		 * collected: "cut here" then "WARNING:", "BUG:" then "Oops:".
		 */
		if (m->report_sev && (m->report_frames ||
				      m->report_sev == CONSOLE_PANIC))
			emit(m);
		if (!m->report_sev)
			m->reports++;
		if (sev > m->report_sev)
			m->report_sev = sev;
		if (sev > m->worst)
			m->worst = sev;
	}
	if (!m->report_sev)
		return;
	strbuf_add(&m->report, s, len);
	strbuf_addch(&m->report, '\n');
	if (kind == OOPS_FRAME)
		m->report_frames++;
	if (kind == OOPS_END)
		emit(m);
}

void console_feed(struct console_monitor *m, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		strbuf_add(&m->partial, buf, n);
		if (!nl)
			break;
		while (m->partial.len && m->partial.buf[m->partial.len - 1] == '\r')
			strbuf_setlen(&m->partial, m->partial.len - 1);
		line(m, m->partial.buf, m->partial.len);
		strbuf_reset(&m->partial);
		buf += n + 1;
		len -= n + 1;
	}
}

void console_flush(struct console_monitor *m)
{
	if (m->partial.len) {
		line(m, m->partial.buf, m->partial.len);
		strbuf_reset(&m->partial);
	}
	emit(m);
}

void console_tail(const struct console_monitor *m, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < CONSOLE_TAIL; i++) {
		const char *s = m->tail[(m->tail_next + i) % CONSOLE_TAIL];

		if (s) {
			strbuf_addstr(out, s);
			strbuf_addch(out, '\n');
		}
	}
}

void console_release(struct console_monitor *m)
{
	size_t i;

	strbuf_release(&m->partial);
	strbuf_release(&m->report);
	for (i = 0; i < CONSOLE_TAIL; i++) {
		free(m->tail[i]);
		m->tail[i] = NULL;
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kdev build's progress line and time summary (see progress.h).
 */
#include <stdlib.h>
#include <string.h>

#include "build/progress.h"
#include "lib/util.h"

int build_percent(long done, long total)
{
	long p;

	if (total <= 0 || done < 0 || done > total)
		return -1;
	p = done * 100 / total;
	return p > 99 ? 99 : (int)p;
}

long build_eta_ms(long done, long total, long elapsed_ms)
{
	if (total <= 0 || done <= 0 || done > total || elapsed_ms < 0)
		return -1;
	/* elapsed * (total - done) / done, without overflow for hours */
	return (long)((double)elapsed_ms * (double)(total - done) /
		      (double)done);
}

void build_format_duration(struct strbuf *sb, long ms)
{
	long s;

	if (ms < 0)
		ms = 0;
	if (ms < 60000) {
		strbuf_addf(sb, "%ld.%ld s", ms / 1000, ms % 1000 / 100);
		return;
	}
	s = ms / 1000;
	if (s < 3600)
		strbuf_addf(sb, "%ld:%02ld", s / 60, s % 60);
	else
		strbuf_addf(sb, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			    s % 60);
}

/* m:ss for the live line, which changes every second */
static void clock_text(struct strbuf *sb, long ms)
{
	long s = ms < 0 ? 0 : ms / 1000;

	if (s < 3600)
		strbuf_addf(sb, "%ld:%02ld", s / 60, s % 60);
	else
		strbuf_addf(sb, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			    s % 60);
}

void build_progress_line(struct strbuf *sb, long done, long total,
			 long elapsed_ms, const char *step, int width,
			 int color)
{
	int pct = build_percent(done, total);
	size_t head_cols, step_len = strlen(step);
	struct strbuf head = STRBUF_INIT;

	strbuf_addch(&head, '[');
	if (pct >= 0)
		strbuf_addf(&head, "%ld/~%ld %d%%", done, total, pct);
	else
		strbuf_addf(&head, "%ld", done);
	strbuf_addstr(&head, "] ");
	clock_text(&head, elapsed_ms);
	head_cols = head.len;

	if (color)
		strbuf_addstr(sb, "\033[1m");
	strbuf_addbuf(sb, &head);
	if (color)
		strbuf_addstr(sb, "\033[m");
	strbuf_release(&head);
	if (!step_len)
		return;
	if (width <= 0 || head_cols + 1 + step_len <= (size_t)width) {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, step);
		return;
	}
	/* room for " ..." and at least a few characters of the path */
	if (head_cols + 8 > (size_t)width)
		return;
	strbuf_addstr(sb, " ...");
	strbuf_addstr(sb, step + step_len - ((size_t)width - head_cols - 4));
}

void build_step_text(struct strbuf *sb, const char *tag, size_t tag_len,
		     const char *path, size_t path_len, int module)
{
	if (tag) {
		strbuf_add(sb, tag, tag_len);
		if (module)
			strbuf_addstr(sb, " [M]");
		if (path)
			strbuf_addch(sb, ' ');
	}
	if (path)
		strbuf_add(sb, path, path_len);
}

/* The line "@key@sep..." in @text: its start, or NULL; *@end past its
   newline */
static const char *find_key_sep(const char *text, size_t len,
				const char *key, char sep, const char **end)
{
	const char *p = text, *stop = text + len;
	size_t klen = strlen(key);

	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));
		const char *eol = nl ? nl : stop;

		*end = nl ? nl + 1 : stop;
		if ((size_t)(eol - p) > klen && !memcmp(p, key, klen) &&
		    p[klen] == sep)
			return p;
		p = *end;
	}
	return NULL;
}

static const char *find_key(const char *text, size_t len, const char *key,
			    const char **end)
{
	return find_key_sep(text, len, key, ' ', end);
}

/* The decimal number after "@key@sep" up to the end of its line, or -1 */
static long key_number(const char *text, size_t len, const char *key,
		       char sep)
{
	const char *end, *p = find_key_sep(text, len, key, sep, &end);
	long v = 0;
	int digits = 0;

	if (!p)
		return -1;
	for (p += strlen(key) + 1; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (1L << 40))
			return -1;
		v = v * 10 + (*p - '0');
		digits++;
	}
	if (!digits || (p < end && *p != '\n'))
		return -1;
	return v;
}

int build_ccache_parse(const char *text, size_t len, long *hits,
		       long *misses)
{
	long d = key_number(text, len, "direct_cache_hit", '\t');
	long p = key_number(text, len, "preprocessed_cache_hit", '\t');
	long m = key_number(text, len, "cache_miss", '\t');

	if (d < 0 && p < 0 && m < 0)
		return -1;
	*hits = (d > 0 ? d : 0) + (p > 0 ? p : 0);
	*misses = m > 0 ? m : 0;
	return 0;
}

long build_stats_get(const char *text, size_t len, const char *key,
		     long def)
{
	long v = key_number(text, len, key, ' ');

	return v < 0 ? def : v;
}

void build_stats_set(struct strbuf *text, const char *key, long value)
{
	const char *end, *p = find_key(text->buf, text->len, key, &end);
	struct strbuf out = STRBUF_INIT;

	if (p) {
		strbuf_add(&out, text->buf, (size_t)(p - text->buf));
		strbuf_add(&out, end,
			   (size_t)(text->buf + text->len - end));
	} else {
		strbuf_addbuf(&out, text);
	}
	if (out.len && out.buf[out.len - 1] != '\n')
		strbuf_addch(&out, '\n');
	strbuf_addf(&out, "%s %ld\n", key, value);
	strbuf_reset(text);
	strbuf_addbuf(text, &out);
	strbuf_release(&out);
}

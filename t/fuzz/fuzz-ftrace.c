// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: src/ftrace/. Each line goes through
 * ftrace_parse_line() from an exact-size copy (ASan sees any read past
 * it) and must give a consistent event; the whole input is fed to a
 * trace in pieces whose size comes from its first byte, and the calls
 * and stats must agree; it is also read as available_filter_functions,
 * as a raw file, and its first line as a glob against the others.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace/ftrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { if (!(cond)) abort(); } while (0)

static int terminated(const char *s, size_t sz)
{
	return memchr(s, '\0', sz) != NULL;
}

static void parse_one(const char *line, size_t len)
{
	struct ftrace_event ev;
	char *buf = malloc(len ? len : 1);
	enum ftrace_kind k;

	check(buf);
	if (len)
		memcpy(buf, line, len);
	k = ftrace_parse_line(buf, len, &ev);
	check(k == ev.kind);
	check(k >= FT_OTHER && k <= FT_LOST);
	check(terminated(ev.comm, sizeof(ev.comm)));
	check(terminated(ev.func, sizeof(ev.func)));
	check(terminated(ev.parent, sizeof(ev.parent)));
	check(terminated(ev.module, sizeof(ev.module)));
	check(ev.depth >= 0 && ev.pid >= -1 && ev.cpu >= -1);
	if (k == FT_OTHER)
		check(!ev.func[0] && ev.pid == -1 && !ev.has_dur);
	if (k == FT_FUNC)
		check(ev.func[0] && ev.parent[0] && ev.pid >= 0 && ev.has_ts);
	if (k == FT_ENTRY || k == FT_LEAF)
		check(ev.func[0] && !strchr(ev.func, ' '));
	if (k == FT_LEAF)
		check(ev.has_dur);
	if (k != FT_FUNC)
		check(!ev.parent[0]);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct strvec names = STRVEC_INIT, mods = STRVEC_INIT;
	struct ftrace_trace t;
	struct ftrace_raw raw;
	const char *why, *near[4];
	size_t pos = 0, chunk, i, calls = 0, n;

	while (pos < size) {
		const char *nl = memchr(s + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - (s + pos)) : size - pos;

		parse_one(s + pos, len);
		pos += len + 1;
	}

	chunk = size ? (size_t)(unsigned char)s[0] % 64 + 1 : 1;
	ftrace_init(&t);
	for (pos = 0; pos < size; pos += chunk)
		ftrace_feed(&t, s + pos, size - pos < chunk ? size - pos : chunk);
	ftrace_finish(&t);
	for (i = 0; i < t.ncalls; i++) {
		check(t.calls[i].func && t.calls[i].comm);
		check(t.calls[i].depth >= 0);
		check(ftrace_intern(&t, t.calls[i].func) == t.calls[i].func);
	}
	for (i = 0; i < t.nstats; i++) {
		check(t.stats[i].calls > 0);
		check(t.stats[i].self_ns <= t.stats[i].total_ns);
		check(!i || t.stats[i - 1].total_ns >= t.stats[i].total_ns);
		calls += t.stats[i].calls;
	}
	check(calls == t.ncalls);
	ftrace_release(&t);

	ftrace_parse_filter_functions(s, size, &names, &mods);
	check(names.nr == mods.nr);
	for (i = 0; i < names.nr; i++)
		check(names.v[i][0] && !strchr(names.v[i], ' '));
	if (names.nr) {
		for (i = 1; i < names.nr && i < 64; i++)
			ftrace_glob_match(names.v[0], names.v[i]);
		n = ftrace_similar(names.v[0], &names, near, 4);
		check(n <= 4);
	}
	strvec_clear(&names);
	strvec_clear(&mods);

	if (!ftrace_raw_parse(s, size, &raw, &why)) {
		check(raw.text >= s && raw.text + raw.text_len == s + size);
		check(raw.mod_funcs.nr % 2 == 0);
		check(terminated(raw.release, sizeof(raw.release)));
		check(raw.status >= -1 && raw.status <= 999);
		ftrace_raw_release(&raw);
	} else {
		check(why && *why);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: src/trace/. The input is fed as an xtrace stream in
 * the byte modes, cut into reads of a size taken from its first byte,
 * and in packet mode, cut into packets at each 0x1e byte; each
 * record goes into a profile, and the input is also read as a script
 * by the line guesser, which is then asked about each of its lines.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace/profile.h"
#include "trace/shmatch.h"
#include "trace/xtrace.h"

static size_t passed;

static void on_record(const struct xt_record *r, void *data)
{
	if (!r->file || !r->text || r->line < 0 || r->depth < 1 ||
	    r->prev_status < -1 || r->prev_status > 255)
		abort();
	prof_add(data, r);
}

static void on_pass(const char *buf, size_t len, void *data)
{
	(void)data;
	if (!buf || !len)
		abort();
	passed += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t chunk, i, *slow;
	int mode;

	if (size < 1 || size > 64 * 1024)
		return 0;
	chunk = (size_t)data[0] % 17 + 1;
	for (mode = 0; mode < 3; mode++) {
		struct xt_stamp st = { 0, 0, 0 };
		struct xt_parser p;
		struct profile prof;
		struct strbuf out = STRBUF_INIT;

		prof_init(&prof, "sh", "fuzz.sh", &st);
		xt_init(&p, mode == 0 ? XT_OWN_FD : mode == 1 ? XT_MIXED :
			XT_PACKETS, on_record, on_pass, &prof);
		passed = 0;
		for (i = 1; mode < 2 && i < size; i += chunk) {
			size_t n = size - i < chunk ? size - i : chunk;

			st.t += data[i];
			st.user += data[i] & 3;
			xt_feed(&p, s + i, n, &st);
		}
		for (i = 1; mode == 2 && i < size; ) {
			const char *e = memchr(s + i, 0x1e, size - i);
			size_t n = e ? (size_t)(e - s) - i : size - i;

			st.t += data[i];
			xt_feed(&p, s + i, n, &st);
			i += n + 1;
		}
		xt_finish(&p);
		if (mode == 0 && passed)
			abort();
		if (passed > size)
			abort();
		st.t += 5;
		prof_end(&prof, &st, data[0] & 1 ? 1 : -1, data[0] & 2 ? 9 : 0);
		slow = prof_slowest(&prof);
		for (i = 1; i < prof.nlines; i++)
			if (prof.lines[slow[i]].total >
			    prof.lines[slow[i - 1]].total)
				abort();
		free(slow);
		prof_report(&prof, 3, &out);
		prof_json(&prof, &out);
		strbuf_release(&out);
		prof_release(&prof);
		xt_release(&p);
	}
	{
		struct shmatch *m = shmatch_new();
		const char *f;
		int line;

		shmatch_add_text(m, "fuzz.sh", s, size);
		for (i = 0; i < size;) {
			const char *nl = memchr(s + i, '\n', size - i);
			size_t n = nl ? (size_t)(nl - s - i) : size - i;

			if (!shmatch_find(m, s + i, n, &f, &line) &&
			    (line < 1 || !f))
				abort();
			i += n + 1;
		}
		shmatch_free(m);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the dynamic debug query checker and control-file
 * lines (src/debug/dyndbg.c).
 * Build: make build/fuzz/fuzz-dyndbg
 * Run:   build/fuzz/fuzz-dyndbg -max_total_time=60 build/fuzz/work-fuzz-dyndbg \
 *		t/fuzz/corpus-dyndbg
 *
 * The input is parsed as queries (all three modes) and as a control
 * file. Invariants: an error points inside the text; a parsed query's
 * span is inside the text and its line range is ordered; a query that
 * can be written back parses again to the same values; every site
 * parsed has a file, module and function. Broken ones abort().
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug/dyndbg.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { if (!(cond)) abort(); } while (0)

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void roundtrip(const struct dd_query *q)
{
	struct strbuf sb = STRBUF_INIT;
	struct dd_queries back = { 0 };
	struct dd_error err;
	int k;

	if (dd_query_text(q, 0, &sb) || !q->op) {
		strbuf_release(&sb);
		return;
	}
	check(!dd_parse(sb.buf, 0, &back, &err));
	check(back.nr == 1);
	for (k = 0; k < DD_NKEYS; k++)
		if (k != DD_LINE)
			check(same(q->val[k], back.v[0].val[k]));
	check(back.v[0].op == q->op && back.v[0].flags == q->flags);
	check(back.v[0].first_line == q->first_line);
	check(back.v[0].last_line == q->last_line ||
	      (q->first_line == q->last_line));
	dd_queries_clear(&back);
	strbuf_release(&sb);
}

static void queries(const char *text, size_t len, unsigned int opts)
{
	struct dd_queries qs = { 0 };
	struct dd_error err;
	size_t i;

	if (dd_parse(text, opts, &qs, &err)) {
		check(qs.nr == 0);
		check(err.pos <= len);
		check(err.msg[0]);
		check(memchr(err.msg, '\0', sizeof(err.msg)));
		dd_queries_clear(&qs);
		return;
	}
	for (i = 0; i < qs.nr; i++) {
		const struct dd_query *q = &qs.v[i];

		check(q->start < q->end && q->end <= len);
		check(!q->last_line || q->first_line <= q->last_line);
		check((opts & DD_PARSE_FILTER) ? !q->op :
		      (q->op == '+' || q->op == '-' || q->op == '='));
		check(!(opts & DD_PARSE_MODULE) || !q->val[DD_MODULE]);
		check(!q->val[DD_CLASS] || !strpbrk(q->val[DD_CLASS], "*?"));
		if (!(opts & DD_PARSE_FILTER))
			roundtrip(q);
	}
	dd_queries_clear(&qs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct dd_sites s = { 0 };
	size_t i;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	queries(text, strlen(text), 0);
	queries(text, strlen(text), DD_PARSE_FILTER);
	queries(text, strlen(text), DD_PARSE_MODULE);
	free(text);

	/* exact-size copy: ASan sees a read past the end */
	text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	dd_parse_control(text, size, &s);
	for (i = 0; i < s.nr; i++) {
		check(s.v[i].file && s.v[i].file[0]);
		check(s.v[i].module && s.v[i].func && s.v[i].format);
		check(s.v[i].flags < 0x20);
	}
	dd_sites_clear(&s);
	free(text);
	return 0;
}

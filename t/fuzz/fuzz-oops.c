// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the kernel console-text parser (src/decode/oops.c).
 * Build: make build/fuzz/fuzz-oops
 * Run:   build/fuzz/fuzz-oops -max_total_time=60 build/fuzz/work-fuzz-oops \
 *		t/fuzz/corpus-oops
 *
 * The input is split into lines; each line is copied into a buffer of its
 * exact size (no NUL), so that ASan catches any read past the length, and
 * run through oops_strip_prefix(), oops_parse_line() and, for CPU lines,
 * oops_parse_cpu(). Broken invariants abort().
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/oops.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { if (!(cond)) abort(); } while (0)

static int terminated(const char *s, size_t sz)
{
	return memchr(s, '\0', sz) != NULL;
}

static int is_sym_char(int ch)
{
	return ch == '_' || ch == '.' || ch == '$' || isalnum(ch);
}

static char *dup_exact(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	if (!p)
		abort();
	if (n)
		memcpy(p, s, n);
	return p;
}

static void check_header(const char *s, size_t len)
{
	struct oops_header h;
	char *b = dup_exact(s, len);
	int r = oops_parse_cpu(b, len, &h);

	check(r == 0 || r == -1);
	check(terminated(h.release, sizeof(h.release)));
	check(terminated(h.version, sizeof(h.version)));
	check(terminated(h.taint, sizeof(h.taint)));
	check(terminated(h.comm, sizeof(h.comm)));
	check(terminated(h.buildid, sizeof(h.buildid)));
	check(!h.buildid[0] || strlen(h.buildid) == 40);
	check(h.cpu >= 0 && h.pid >= 0);
	free(b);
}

static void check_frame(const struct oops_line *o, size_t len)
{
	const struct oops_frame *f = &o->frame;
	size_t k;

	check(terminated(f->sym, sizeof(f->sym)));
	check(terminated(f->module, sizeof(f->module)));
	check(terminated(f->buildid, sizeof(f->buildid)));
	check(terminated(f->reg, sizeof(f->reg)));
	check(o->body <= f->text_begin);
	check(f->text_begin < f->text_end);
	check(f->text_end <= len);
	/* a symbol or an address, and nothing that does not belong */
	check(f->sym[0] || f->has_addr);
	check(!f->has_size || f->sym[0]);
	check(!f->exact || f->reg[0]);
	check(!f->buildid[0] || f->module[0]);
	for (k = 0; f->sym[k]; k++)
		check(is_sym_char((unsigned char)f->sym[k]));
	check(!f->sym[0] || !isdigit((unsigned char)f->sym[0]));
	for (k = 0; f->module[k]; k++)
		check(is_sym_char((unsigned char)f->module[k]) ||
		      f->module[k] == '-');
	for (k = 0; f->buildid[k]; k++)
		check(hexval((unsigned char)f->buildid[k]) >= 0);
}

static void parse_one(const char *line, size_t len)
{
	struct oops_line o, o2;
	char *buf = dup_exact(line, len);
	char *cr;
	size_t n = len, body;
	enum oops_kind k;

	while (n && (buf[n - 1] == '\r' || buf[n - 1] == '\n'))
		n--;
	body = oops_strip_prefix(buf, n);
	check(body <= n);
	check(oops_strip_prefix(buf, n) == body);

	k = oops_parse_line(buf, len, &o);
	check(k == o.kind);
	check(k >= OOPS_OTHER && k <= OOPS_END);
	check(o.body == body);
	check(terminated(o.marker, sizeof(o.marker)));
	check((k == OOPS_START) == (o.type != NULL));
	if (k == OOPS_START)
		check(o.type[0] && strlen(o.type) < 16);
	if (k == OOPS_CODE)
		check(o.code > o.body && o.code <= n);
	else
		check(o.code == 0);
	if (k == OOPS_MARKER)
		check(o.marker[0]);
	else
		check(!o.marker[0]);
	if (k != OOPS_KASLR)
		check(o.kaslr == 0);
	if (k == OOPS_FRAME) {
		check_frame(&o, n);
	} else {
		static const struct oops_frame zero;

		check(!memcmp(&o.frame, &zero, sizeof(zero)));
	}
	if (k == OOPS_CPU)
		check_header(buf + o.body, len - o.body);

	/* the same again, with a CR after it */
	cr = malloc(len + 1);
	if (!cr)
		abort();
	if (len)
		memcpy(cr, buf, len);
	cr[len] = '\r';
	oops_parse_line(cr, len + 1, &o2);
	check(!memcmp(&o, &o2, sizeof(o)));
	free(cr);

	/* the frame text alone (no prefix, no "(P)") is the same frame */
	if (k == OOPS_FRAME) {
		size_t ft = o.frame.text_end - o.frame.text_begin;
		char *t = dup_exact(buf + o.frame.text_begin, ft);

		check(oops_parse_line(t, ft, &o2) == OOPS_FRAME);
		check(o2.body == 0);
		check(o2.frame.text_begin == 0 && o2.frame.text_end == ft);
		o2.frame.text_begin = o.frame.text_begin;
		o2.frame.text_end = o.frame.text_end;
		check(!memcmp(&o.frame, &o2.frame, sizeof(o.frame)));
		free(t);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t pos = 0;

	while (pos < size) {
		const char *nl = memchr(s + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (s + pos)) : size - pos;

		parse_one(s + pos, n);
		pos += n + 1;
	}
	/* the whole input as one line, and as the body of a CPU line */
	if (size < 4096) {
		struct oops_line o;
		char *b = dup_exact(s, size);

		oops_parse_line(b, size, &o);
		free(b);
		check_header(s, size);
	}
	return 0;
}

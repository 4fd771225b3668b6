// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the kernel console-text parser (src/decode/oops.c).
 *
 * Every line is parsed from an exact-size heap copy with no terminating
 * NUL, so that ASan reports any read past the length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "decode/oops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char *exact_copy(const char *s, size_t n)
{
	char *buf = malloc(n ? n : 1);

	assert_non_null(buf);
	memcpy(buf, s, n);
	return buf;
}

static enum oops_kind parse_n(const char *s, size_t n, struct oops_line *out)
{
	char *buf = exact_copy(s, n);
	enum oops_kind k = oops_parse_line(buf, n, out);

	free(buf);
	return k;
}

static enum oops_kind parse(const char *s, struct oops_line *out)
{
	return parse_n(s, strlen(s), out);
}

static size_t strip_n(const char *s, size_t n)
{
	char *buf = exact_copy(s, n);
	size_t r = oops_strip_prefix(buf, n);

	free(buf);
	return r;
}

static int parse_cpu(const char *s, struct oops_header *h)
{
	size_t n = strlen(s);
	char *buf = exact_copy(s, n);
	int r = oops_parse_cpu(buf, n, h);

	free(buf);
	return r;
}

/* A TAP comment naming the case, with control characters escaped. */
static void note(const char *what, const char *s)
{
	char buf[256];
	size_t k = 0;

	for (; *s && k + 5 < sizeof(buf); s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < ' ' || ch >= 0x7f)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "\\x%02x", ch);
		else
			buf[k++] = (char)ch;
	}
	buf[k] = '\0';
	print_message("# %s: %s\n", what, buf);
}

static int all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/* Fields every non-frame result must have. */
static void assert_no_frame(const struct oops_line *o)
{
	assert_true(all_zero(&o->frame, sizeof(o->frame)));
}

/* ------------------------------------------------------------------ */
/* frames                                                              */

struct frame_case {
	const char *line;
	size_t body;
	const char *reg;
	const char *sym;
	uint64_t off, size;
	int has_size;
	const char *module;
	const char *buildid;
	int reliable, exact, has_addr;
	uint64_t addr;
	size_t text_begin, text_end;
};

#define SYM(s, o, sz) .sym = s, .off = o, .size = sz, .has_size = 1

static const struct frame_case frame_cases[] = {
	/* log prefixes */
	{ "[  123.456789]  foo+0x12/0x40 [mod]", 15, "",
	  SYM("foo", 0x12, 0x40), .module = "mod", .reliable = 1,
	  .text_begin = 16, .text_end = 35 },
	{ " foo+0x12/0x40 [mod]", 0, "", SYM("foo", 0x12, 0x40),
	  .module = "mod", .reliable = 1, .text_begin = 1, .text_end = 20 },
	{ "foo+0x12/0x40", 0, "", SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 0, .text_end = 13 },
	{ "[Thu Nov 26 02:11:28 2026]  foo+0x12/0x40 [mod]", 27, "",
	  SYM("foo", 0x12, 0x40), .module = "mod", .reliable = 1,
	  .text_begin = 28, .text_end = 47 },
	{ "[    1.234567][  T123]  foo+0x12/0x40", 23, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 24, .text_end = 37 },
	{ "[    1.2] [  T123]  foo+0x12/0x40", 19, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 20, .text_end = 33 },
	{ "[    1.234567][    C0]  foo+0x12/0x40", 23, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 24, .text_end = 37 },
	{ "[    1.234567][C0]  foo+0x12/0x40", 19, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 20, .text_end = 33 },
	{ "Nov 26 02:11:28 host kernel: [    1.234567]  foo+0x12/0x40 [mod]",
	  44, "", SYM("foo", 0x12, 0x40), .module = "mod", .reliable = 1,
	  .text_begin = 45, .text_end = 64 },
	{ "Nov 26 02:11:28 host kernel:  foo+0x12/0x40", 29, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 30, .text_end = 43 },
	{ "Nov  6 02:11:28 host kernel:  foo+0x12/0x40", 29, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 30, .text_end = 43 },
	{ "2026-11-26T02:11:28+0000 host kernel:  foo+0x12/0x40", 38, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 39, .text_end = 52 },
	{ "<4>[    1.234567]  foo+0x12/0x40", 18, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 19, .text_end = 32 },
	{ "<4> foo+0x12/0x40", 3, "", SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 4, .text_end = 17 },
	{ "kern  :warn  : [    1.234567]  foo+0x12/0x40", 30, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 31, .text_end = 44 },
	{ "kern  :err   :  foo+0x12/0x40", 15, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 16, .text_end = 29 },
	{ "[  123.456789]  foo+0x12/0x40 [mod]\r\n", 15, "",
	  SYM("foo", 0x12, 0x40), .module = "mod", .reliable = 1,
	  .text_begin = 16, .text_end = 35 },
	{ "[  123.456789]  foo+0x12/0x40\r", 15, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 16, .text_end = 29 },
	{ "\x1b[1;31m[  123.456789]  foo+0x12/0x40 [mod]", 22, "",
	  SYM("foo", 0x12, 0x40), .module = "mod", .reliable = 1,
	  .text_begin = 23, .text_end = 42 },
	/* a colour reset after the timestamp: its blank stays in the body */
	{ "\x1b[32m[  123.456789]\x1b[0m  foo+0x12/0x40", 23, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1,
	  .text_begin = 25, .text_end = 38 },
	{ "[    1.657059]  ? filemap_map_pages+0x150/0x710", 15, "",
	  SYM("filemap_map_pages", 0x150, 0x710), .reliable = 0,
	  .text_begin = 16, .text_end = 47 },

	/* frame shapes */
	{ " ? foo+0x1/0x2", 0, "", SYM("foo", 1, 2), .reliable = 0,
	  .text_begin = 1, .text_end = 14 },
	{ " foo.cold+0x32/0x79", 0, "", SYM("foo.cold", 0x32, 0x79),
	  .reliable = 1, .text_begin = 1, .text_end = 19 },
	{ " foo.isra.0+0x1/0x2", 0, "", SYM("foo.isra.0", 1, 2),
	  .reliable = 1, .text_begin = 1, .text_end = 19 },
	{ " foo.llvm.1234567890+0x1/0x2", 0, "",
	  SYM("foo.llvm.1234567890", 1, 2), .reliable = 1,
	  .text_begin = 1, .text_end = 28 },
	{ " __pfx_foo+0x0/0x10", 0, "", SYM("__pfx_foo", 0, 0x10),
	  .reliable = 1, .text_begin = 1, .text_end = 19 },
	{ " _RNvCs1234_4core3fmt5write+0xa/0x1b", 0, "",
	  SYM("_RNvCs1234_4core3fmt5write", 0xa, 0x1b), .reliable = 1,
	  .text_begin = 1, .text_end = 36 },
	{ " foo+0x12/0x40 [mod 0123456789abcdef0123456789abcdef01234567]",
	  0, "", SYM("foo", 0x12, 0x40), .module = "mod",
	  .buildid = "0123456789abcdef0123456789abcdef01234567",
	  .reliable = 1, .text_begin = 1, .text_end = 61 },
	{ " foo+0x12", 0, "", .sym = "foo", .off = 0x12, .reliable = 1,
	  .text_begin = 1, .text_end = 9 },
	{ " foo+0x12/0x40\t ", 0, "", SYM("foo", 0x12, 0x40),
	  .reliable = 1, .text_begin = 1, .text_end = 14 },
	{ " foo+0x12/0x40 [snd-hda_intel]", 0, "",
	  SYM("foo", 0x12, 0x40), .module = "snd-hda_intel",
	  .reliable = 1, .text_begin = 1, .text_end = 30 },
	{ " [<ffffffff81234567>] foo+0x12/0x40", 0, "",
	  SYM("foo", 0x12, 0x40), .reliable = 1, .has_addr = 1,
	  .addr = 0xffffffff81234567ULL, .text_begin = 1, .text_end = 35 },
	{ " [<ffffffff81234567>] ? foo+0x12/0x40", 0, "",
	  SYM("foo", 0x12, 0x40), .reliable = 0, .has_addr = 1,
	  .addr = 0xffffffff81234567ULL, .text_begin = 1, .text_end = 37 },
	{ " [<FFFFFFFF81234567>] foo+0xA/0x1F [mod ABCDEF01]", 0, "",
	  SYM("foo", 0xa, 0x1f), .module = "mod", .buildid = "ABCDEF01",
	  .reliable = 1, .has_addr = 1, .addr = 0xffffffff81234567ULL,
	  .text_begin = 1, .text_end = 49 },
	{ " [<c1234567>] ? foo+0x1/0x2 [mod]", 0, "",
	  SYM("foo", 1, 2), .module = "mod", .reliable = 0, .has_addr = 1,
	  .addr = 0xc1234567ULL, .text_begin = 1, .text_end = 33 },
	{ " [<ffffffffc0123456>]", 0, "", .sym = "", .reliable = 1,
	  .has_addr = 1, .addr = 0xffffffffc0123456ULL,
	  .text_begin = 1, .text_end = 21 },
	{ " 0xffffffffc0123456", 0, "", .sym = "", .reliable = 1,
	  .has_addr = 1, .addr = 0xffffffffc0123456ULL,
	  .text_begin = 1, .text_end = 19 },
	{ " 0xffffffffc0123456 [mod]", 0, "", .sym = "", .module = "mod",
	  .reliable = 1, .has_addr = 1, .addr = 0xffffffffc0123456ULL,
	  .text_begin = 1, .text_end = 25 },
	{ " el0_svc+0x3c/0x190 (P)", 0, "", SYM("el0_svc", 0x3c, 0x190),
	  .reliable = 1, .text_begin = 1, .text_end = 19 },
	{ " show_stack+0x18/0x24 (C)", 0, "", SYM("show_stack", 0x18, 0x24),
	  .reliable = 1, .text_begin = 1, .text_end = 21 },
	{ " foo+0x1c/0x30 [mod 0123abcd] (P)", 0, "", SYM("foo", 0x1c, 0x30),
	  .module = "mod", .buildid = "0123abcd", .reliable = 1,
	  .text_begin = 1, .text_end = 29 },

	/* register lines */
	{ "RIP: 0010:kdevcrash_middle+0xd/0x20 [kdevcrash]", 0, "RIP",
	  SYM("kdevcrash_middle", 0xd, 0x20), .module = "kdevcrash",
	  .reliable = 1, .exact = 1, .text_begin = 0, .text_end = 47 },
	{ "[    1.653324] RIP: 0010:kdevcrash_middle+0xd/0x20 [kdevcrash]",
	  15, "RIP", SYM("kdevcrash_middle", 0xd, 0x20),
	  .module = "kdevcrash", .reliable = 1, .exact = 1,
	  .text_begin = 15, .text_end = 62 },
	{ "RIP: 0033:0x47b7a0", 0, "RIP", .sym = "", .reliable = 1,
	  .exact = 1, .has_addr = 1, .addr = 0x47b7a0,
	  .text_begin = 0, .text_end = 18 },
	{ "RIP: 0010:[<ffffffff81234567>]  [<ffffffff81234567>] foo+0x12/0x40",
	  0, "RIP", SYM("foo", 0x12, 0x40), .reliable = 1, .exact = 1,
	  .has_addr = 1, .addr = 0xffffffff81234567ULL,
	  .text_begin = 0, .text_end = 66 },
	{ "pc : foo+0x1c/0x30 [mod]", 0, "pc", SYM("foo", 0x1c, 0x30),
	  .module = "mod", .reliable = 1, .exact = 1,
	  .text_begin = 0, .text_end = 24 },
	{ "lr : bar+0x10/0x20", 0, "lr", SYM("bar", 0x10, 0x20),
	  .reliable = 1, .exact = 0, .text_begin = 0, .text_end = 18 },
	{ "EIP: foo+0x1/0x2", 0, "EIP", SYM("foo", 1, 2), .reliable = 1,
	  .exact = 1, .text_begin = 0, .text_end = 16 },
	{ "PC is at foo+0x1c/0x30 [mod]", 0, "pc", SYM("foo", 0x1c, 0x30),
	  .module = "mod", .reliable = 1, .exact = 1,
	  .text_begin = 0, .text_end = 28 },
	{ "LR is at bar+0x10/0x20", 0, "lr", SYM("bar", 0x10, 0x20),
	  .reliable = 1, .exact = 0, .text_begin = 0, .text_end = 22 },
	{ " epc : foo+0x1/0x2", 0, "epc", SYM("foo", 1, 2), .reliable = 1,
	  .exact = 1, .text_begin = 1, .text_end = 18 },
	{ " ra : bar+0x1/0x2", 0, "ra", SYM("bar", 1, 2), .reliable = 1,
	  .exact = 0, .text_begin = 1, .text_end = 17 },
};

static void check_frame(const struct frame_case *c)
{
	struct oops_line o;
	const struct oops_frame *f = &o.frame;

	note("frame", c->line);
	assert_int_equal(parse(c->line, &o), OOPS_FRAME);
	assert_int_equal(o.kind, OOPS_FRAME);
	assert_int_equal(o.body, c->body);
	assert_null(o.type);
	assert_string_equal(f->reg, c->reg);
	assert_string_equal(f->sym, c->sym ? c->sym : "");
	assert_int_equal(f->off, c->off);
	assert_int_equal(f->size, c->size);
	assert_int_equal(f->has_size, c->has_size);
	assert_string_equal(f->module, c->module ? c->module : "");
	assert_string_equal(f->buildid, c->buildid ? c->buildid : "");
	assert_int_equal(f->reliable, c->reliable);
	assert_int_equal(f->exact, c->exact);
	assert_int_equal(f->has_addr, c->has_addr);
	assert_int_equal(f->addr, c->addr);
	assert_int_equal(f->text_begin, c->text_begin);
	assert_int_equal(f->text_end, c->text_end);
	/* the other results stay clear */
	assert_string_equal(o.marker, "");
	assert_int_equal(o.kaslr, 0);
	assert_int_equal(o.code, 0);
}

static void test_frames(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(frame_cases); i++)
		check_frame(&frame_cases[i]);
}

/* The frame text alone, without prefix or "(P)", parses to the same frame. */
static void test_frame_text_reparses(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(frame_cases); i++) {
		const struct frame_case *c = &frame_cases[i];
		struct oops_line a, b;
		size_t n;

		assert_int_equal(parse(c->line, &a), OOPS_FRAME);
		n = a.frame.text_end - a.frame.text_begin;
		assert_int_equal(parse_n(c->line + a.frame.text_begin, n, &b),
				 OOPS_FRAME);
		assert_int_equal(b.frame.text_begin, 0);
		assert_int_equal(b.frame.text_end, n);
		b.frame.text_begin = a.frame.text_begin;
		b.frame.text_end = a.frame.text_end;
		assert_memory_equal(&a.frame, &b.frame, sizeof(a.frame));
	}
}

/* What oops_strip_prefix() says is what oops_parse_line() reports. */
static void test_strip_prefix(void **state)
{
	static const struct {
		const char *line;
		size_t body;
	} cases[] = {
		{ "", 0 },
		{ "hello", 0 },
		{ "[  123.456789] hello", 15 },
		{ "[  123.456789]hello", 14 },
		{ "[Thu Nov 26 02:11:28 2026] hello", 27 },
		{ "[    1.234567][  T123] hello", 23 },
		{ "[    1.2] [  T123] hello", 19 },
		{ "[    1.2] [C0] hello", 15 },
		{ "Nov 26 02:11:28 host kernel: [ 1.2] hello", 36 },
		{ "Nov 26 02:11:28 host kernel: hello", 29 },
		{ "2026-11-26T02:11:28+0000 host kernel: hello", 38 },
		{ "2026-11-26T02:11:28.123456+00:00 host kernel: hello", 46 },
		{ "<4>[ 1.2] hello", 10 },
		{ "<4>hello", 3 },
		{ "kern  :warn  : [ 1.2] hello", 22 },
		{ "kern  :warn  : hello", 15 },
		{ "\x1b[0;32m[ 1.2] hello", 14 },
		{ "\x1b[0mhello", 4 },
		/* dmesg -H, journalctl -o short-monotonic, --time-format=iso */
		{ "[  +0.000004] hello", 14 },
		{ "[Nov26 02:11] hello", 14 },
		{ "[Nov 6 02:11] hello", 0 },
		{ "[    1.234567] host kernel: hello", 28 },
		{ "[    1.234567] my-host.lan kernel: hello", 35 },
		{ "2026-11-26T02:11:28,123456+00:00 hello", 33 },
		{ "2026-11-26T02:11:28,123456+00:00 [ 1.2] hello", 40 },
		/* a message that looks like a syslog header is a message */
		{ "[ 1.0] Run /x kernel: BUG: y", 7 },
		{ "[ 1.0] two words kernel: hello", 7 },
		/* not prefixes */
		{ "[drm] hello", 0 },
		{ "[    1.2] [drm] hello", 10 },
		{ "[Firmware Bug]: TSC_DEADLINE disabled", 0 },
		{ "[1] hello", 0 },
		{ "[T] hello", 0 },
		{ "[  C] hello", 0 },
		{ "[X1] hello", 0 },
		{ "[Mon 02:11] hello", 0 },
		{ "[Thu Nov 26 02:11:28.5 2026] hello", 0 },
		{ "[Error: 1] hello", 0 },
		{ "[ 1.2", 0 },
		{ "<IRQ>", 0 },
		{ "<4", 0 },
		{ "<12345>hello", 0 },
		{ "\x1b[", 0 },
		{ "kernel: hello", 0 },
		{ "kern  :warn", 0 },
		{ "Nov 26 02:11:28 host sshd: hello", 0 },
	};
	size_t i;

	(void)state;
	/* the syslog header is looked for in the first 200 bytes only */
	{
		char buf[300];

		snprintf(buf, sizeof(buf), "Nov 26 02:11:28 %0176d kernel: hello", 0);
		assert_int_equal(strip_n(buf, strlen(buf)), 200 + 1);
		snprintf(buf, sizeof(buf), "Nov 26 02:11:28 %0177d kernel: hello", 0);
		assert_int_equal(strip_n(buf, strlen(buf)), 0);
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct oops_line o;

		note("prefix", cases[i].line);
		assert_int_equal(strip_n(cases[i].line, strlen(cases[i].line)),
				 cases[i].body);
		parse(cases[i].line, &o);
		assert_int_equal(o.body, cases[i].body);
	}
}

/* dmesg --color=always: colour around the timestamp, a reset at the end */
static void test_colour_frames(void **state)
{
	static const char *const lines[] = {
		"\x1b[32m[    1.2] \x1b[0m foo+0x12/0x40 [mod]\x1b[0m",
		" foo+0x12/0x40 [mod]\x1b[0m\x1b[0m",
		" foo+0x12/0x40 [mod]\x1b[0m\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		struct oops_line o;

		note("colour", lines[i]);
		parse(lines[i], &o);
		assert_int_equal(o.kind, OOPS_FRAME);
		assert_string_equal(o.frame.sym, "foo");
		assert_string_equal(o.frame.module, "mod");
		assert_int_equal(o.frame.off, 0x12);
	}
	/* a lone escape at the end is not a colour code */
	{
		struct oops_line o;

		parse(" foo+0x12/0x40\x1b", &o);
		assert_int_equal(o.kind, OOPS_OTHER);
	}
}

/* ------------------------------------------------------------------ */
/* lines that must not be frames                                       */

static void test_not_frames(void **state)
{
	static const char *const lines[] = {
		"foo+0x12/0x40 trailing text",
		" foo+0x12/0x40 [mod] trailing",
		"[drm] foo+0x12/0x40",
		"[  123.456789] [drm] foo+0x12/0x40",
		"Workqueue: events foo_fn [foo]",
		"[    1.656562] Workqueue: events foo_fn [foo]",
		"RSP: 0018:ffffd60bc05abca0 EFLAGS: 00000202",
		"CR2: 0000000000000000",
		"Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
		"x29: ffff800008003d90 x28: 0000000000000000",
		"epc : ffffffff8061c2b4 ra : ffffffff8061c2b0 sp : ff20000000133d70",
		"sp : ffff80000a5bbc50",
		"",
		" ",
		"\r\n",
		"foo+0xZZ/0x40",
		"foo+0x12/0xZZ",
		"foo+0x12/",
		"foo+0x",
		"foo+",
		"foo+12/0x40",
		"foo",
		"? ",
		"?",
		"0x",
		"+0x1/0x2",
		"[<ffff>] foo",
		"[<1234567>] foo+0x1/0x2",
		"[<ffffffff81234567>",
		"[<ffffffff81234567>] trailing words",
		" 0x11112222333344445",
		"foo+0x11112222333344445/0x1",
		"foo+0x1/0x11112222333344445",
		"foo+0x1/0x2 [mod",
		"foo+0x1/0x2 []",
		"foo+0x1/0x2 [mod ]",
		"foo+0x1/0x2 [mod xyz]",
		"foo+0x1/0x2 [mod] [mod]",
		"foo+0x1/0x2 (P) x",
		"foo+0x1/0x2 (p)",
		"RIP: ",
		"RIP: 0010:",
		"pc : ",
		"lr : x",
		"KDEV-LAB: triggering oops",
		"Killed",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		struct oops_line o;

		note("not a frame", lines[i]);
		assert_int_equal(parse(lines[i], &o), OOPS_OTHER);
		assert_int_equal(o.kind, OOPS_OTHER);
		assert_null(o.type);
		assert_no_frame(&o);
	}
}

static void test_long_lines(void **state)
{
	struct oops_line o;
	char *s = malloc(5000 + 64);
	size_t n;

	(void)state;
	assert_non_null(s);

	/* 5000 'a's */
	memset(s, 'a', 5000);
	assert_int_equal(parse_n(s, 5000, &o), OOPS_OTHER);
	assert_int_equal(o.body, 0);
	assert_no_frame(&o);

	/* ... as a symbol: too long for sym[] */
	memcpy(s + 5000, "+0x1/0x2", 8);
	assert_int_equal(parse_n(s, 5008, &o), OOPS_OTHER);
	assert_no_frame(&o);

	/* 300 characters */
	memset(s, 'b', 300);
	memcpy(s + 300, "+0x1/0x2 [mod]", 14);
	assert_int_equal(parse_n(s, 314, &o), OOPS_OTHER);
	assert_no_frame(&o);

	/* 256 do not fit (the NUL), 255 do */
	memmove(s + 256, s + 300, 14);
	assert_int_equal(parse_n(s, 270, &o), OOPS_OTHER);
	assert_no_frame(&o);
	memmove(s + 255, s + 256, 14);
	assert_int_equal(parse_n(s, 269, &o), OOPS_FRAME);
	assert_int_equal(strlen(o.frame.sym), 255);
	assert_int_equal(o.frame.text_end, 269);
	assert_string_equal(o.frame.module, "mod");

	/* a 63-character module name fits, 64 do not */
	n = 0;
	memcpy(s, "foo+0x1/0x2 [", 13);
	n = 13;
	memset(s + n, 'm', 63);
	n += 63;
	s[n++] = ']';
	assert_int_equal(parse_n(s, n, &o), OOPS_FRAME);
	assert_int_equal(strlen(o.frame.module), 63);
	memset(s + 13, 'm', 64);
	s[13 + 64] = ']';
	assert_int_equal(parse_n(s, 13 + 65, &o), OOPS_OTHER);
	assert_no_frame(&o);

	/* a 71-digit build id fits, 72 do not */
	memcpy(s, "foo+0x1/0x2 [m ", 15);
	memset(s + 15, 'a', 71);
	s[15 + 71] = ']';
	assert_int_equal(parse_n(s, 15 + 72, &o), OOPS_FRAME);
	assert_int_equal(strlen(o.frame.buildid), 71);
	memset(s + 15, 'a', 72);
	s[15 + 72] = ']';
	assert_int_equal(parse_n(s, 15 + 73, &o), OOPS_OTHER);
	assert_no_frame(&o);

	/* a 16-digit address fits, 17 do not */
	memcpy(s, " [<ffffffffffffffff>]", 21);
	assert_int_equal(parse_n(s, 21, &o), OOPS_FRAME);
	assert_int_equal(o.frame.addr, UINT64_MAX);

	free(s);
}

/* ------------------------------------------------------------------ */
/* other kinds                                                         */

static void test_start(void **state)
{
	static const struct {
		const char *line;
		const char *type;
		size_t body;
	} cases[] = {
		{ "[    1.651758] BUG: kernel NULL pointer dereference, address: 0000000000000000",
		  "BUG", 15 },
		{ "kernel BUG at mm/slub.c:123!", "BUG", 0 },
		{ "[    1.652610] Oops: 0002 [#1] PREEMPT SMP NOPTI", "Oops", 15 },
		{ "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] SMP KASAN",
		  "Oops", 0 },
		{ "Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP",
		  "Oops", 0 },
		{ "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000",
		  "Oops", 0 },
		{ "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP",
		  "Oops", 0 },
		{ "general protection fault: 0000 [#1] SMP", "Oops", 0 },
		{ "invalid opcode: 0000 [#1] PREEMPT SMP NOPTI", "Oops", 0 },
		{ "divide error: 0000 [#1] SMP", "Oops", 0 },
		{ "WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 foo+0x1/0x2",
		  "WARNING", 0 },
		{ "[  123.456789] WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 foo+0x1/0x2 [mod]",
		  "WARNING", 15 },
		{ "[    2.674420] Kernel panic - not syncing: sysrq triggered crash",
		  "panic", 15 },
		{ "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:83]",
		  "BUG", 0 },
		{ "INFO: task kworker/0:1:12 blocked for more than 120 seconds.",
		  "hung", 0 },
		{ "INFO: rcu_sched self-detected stall on CPU", "rcu", 0 },
		{ "UBSAN: array-index-out-of-bounds in drivers/foo.c:12:3",
		  "UBSAN", 0 },
		{ "------------[ cut here ]------------", "cut", 0 },
		{ "[    1.2] ------------[ cut here ]------------\r\n", "cut", 10 },
		{ "<4>[    1.2] WARNING: CPU: 1 PID: 2 at x.c:1 f+0x1/0x2", "WARNING", 13 },
		{ "\x1b[31mBUG: unable to handle page fault for address: ffff", "BUG", 5 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct oops_line o;

		note("start", cases[i].line);
		assert_int_equal(parse(cases[i].line, &o), OOPS_START);
		assert_non_null(o.type);
		assert_string_equal(o.type, cases[i].type);
		assert_int_equal(o.body, cases[i].body);
		assert_no_frame(&o);
	}

	/* almost-starts */
	{
		static const char *const no[] = {
			"BUG:", "Oops:0", "WARNING:", "kernel BUG", "INFO: foo",
			"------------[ cut here ]-----------",
			"a BUG: b",
		};
		for (i = 0; i < ARRAY_SIZE(no); i++) {
			struct oops_line o;

			note("not a start", no[i]);
			assert_int_equal(parse(no[i], &o), OOPS_OTHER);
			assert_null(o.type);
		}
	}
}

static void test_kinds(void **state)
{
	static const struct {
		const char *line;
		enum oops_kind kind;
		size_t body;
	} cases[] = {
		{ "[    1.652786] CPU: 0 PID: 83 Comm: sh Tainted: G           OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2",
		  OOPS_CPU, 15 },
		{ "CPU: 0 UID: 0 PID: 1 Comm: sh Not tainted 6.12.0 #1", OOPS_CPU, 0 },
		{ "CPU: 0", OOPS_OTHER, 0 },
		{ "[    1.655790] Call Trace:", OOPS_CALL_TRACE, 15 },
		{ "Call trace:", OOPS_CALL_TRACE, 0 },
		{ "Backtrace:", OOPS_CALL_TRACE, 0 },
		{ "[    1.659387] Modules linked in: kdevcrash(OE)", OOPS_MODULES, 15 },
		{ "Modules linked in: a b c", OOPS_MODULES, 0 },
		{ "Modules linked in:", OOPS_MODULES, 0 },
		{ "[    1.660255] ---[ end trace 0000000000000000 ]---", OOPS_END, 15 },
		{ "---[ end Kernel panic - not syncing: Fatal exception ]---", OOPS_END, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct oops_line o;

		note("kind", cases[i].line);
		assert_int_equal(parse(cases[i].line, &o), cases[i].kind);
		assert_int_equal(o.kind, cases[i].kind);
		assert_int_equal(o.body, cases[i].body);
		assert_null(o.type);
		assert_no_frame(&o);
		assert_string_equal(o.marker, "");
		assert_int_equal(o.code, 0);
		assert_int_equal(o.kaslr, 0);
	}
}

static void test_markers(void **state)
{
	static const struct {
		const char *line;
		const char *marker;
		size_t body;
	} cases[] = {
		{ "[    1.656281]  <TASK>", "TASK", 15 },
		{ "[    1.659301]  </TASK>", "/TASK", 15 },
		{ " <IRQ>", "IRQ", 0 },
		{ " </IRQ>", "/IRQ", 0 },
		{ "<NMI>", "NMI", 0 },
		{ " </NMI>", "/NMI", 0 },
		{ " <#DF>", "#DF", 0 },
		{ " <SOFTIRQ>", "SOFTIRQ", 0 },
		{ " <EOE>", "EOE", 0 },
		{ "  <IRQ>  \r\n", "IRQ", 0 },
		{ "[    1.2][  T1]  <TASK>", "TASK", 16 },
		{ "<4>[    1.2]  <IRQ>", "IRQ", 13 },
	};
	static const char *const no[] = {
		"<irq>", "<>", "</", "<IRQ> foo", "<IRQ", "IRQ>", "< IRQ>",
		"<ABCDEFGHIJKLMNOP>", "<IRQ>>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct oops_line o;

		note("marker", cases[i].line);
		assert_int_equal(parse(cases[i].line, &o), OOPS_MARKER);
		assert_string_equal(o.marker, cases[i].marker);
		assert_int_equal(o.body, cases[i].body);
		assert_no_frame(&o);
	}
	/* the longest marker that fits */
	{
		struct oops_line o;

		assert_int_equal(parse("<ABCDEFGHIJKLMNO>", &o), OOPS_MARKER);
		assert_string_equal(o.marker, "ABCDEFGHIJKLMNO");
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		struct oops_line o;

		note("not a marker", no[i]);
		assert_int_not_equal(parse(no[i], &o), OOPS_MARKER);
		assert_string_equal(o.marker, "");
	}
}

static void test_code(void **state)
{
	static const struct {
		const char *line;
		size_t body, code;
	} cases[] = {
		{ "Code: 48 89 e5 <0f> 0b", 0, 6 },
		{ "[  123.456789] Code: 48 89 e5 <0f> 0b", 15, 21 },
		{ "<4>[  123.456789] Code: 48 89 e5 <0f> 0b\r\n", 18, 24 },
		{ "Code: d503233f a9be7bfd 910003fd f9000bf3 (b9400260)", 0, 6 },
		{ "Code: Unable to access opcode bytes at 0x47b776.", 0, 6 },
		{ "Code: ", 0, 6 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct oops_line o;

		note("code", cases[i].line);
		assert_int_equal(parse(cases[i].line, &o), OOPS_CODE);
		assert_int_equal(o.body, cases[i].body);
		assert_int_equal(o.code, cases[i].code);
		assert_no_frame(&o);
	}
	{
		struct oops_line o;
		const char *l = "[  123.456789] Code: 48 89 e5 <0f> 0b";

		parse(l, &o);
		assert_memory_equal(l + o.code, "48 89", 5);
		assert_int_equal(parse("Code:", &o), OOPS_OTHER);
		assert_int_equal(parse("Code:48", &o), OOPS_OTHER);
	}
}

static void test_kaslr(void **state)
{
	struct oops_line o;

	(void)state;
	assert_int_equal(parse("[    2.681351] Kernel Offset: 0x1aa00000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)", &o),
			 OOPS_KASLR);
	assert_int_equal(o.kaslr, 0x1aa00000);
	assert_int_equal(o.body, 15);
	assert_no_frame(&o);

	assert_int_equal(parse("Kernel Offset: disabled", &o), OOPS_KASLR);
	assert_int_equal(o.kaslr, 0);

	assert_int_equal(parse("Kernel Offset: 0x38a00000 from 0xffff800080000000", &o),
			 OOPS_KASLR);
	assert_int_equal(o.kaslr, 0x38a00000);

	assert_int_equal(parse("Kernel Offset: 0x", &o), OOPS_OTHER);
	assert_int_equal(o.kaslr, 0);
	assert_int_equal(parse("Kernel Offset: 0x11112222333344445", &o),
			 OOPS_OTHER);
	assert_int_equal(parse("Kernel Offset:", &o), OOPS_OTHER);
	assert_int_equal(parse("Kernel Offset: enabled", &o), OOPS_OTHER);

	/* a failed "Kernel Offset:" must not leave the rest to parse as a frame */
	assert_int_equal(parse("[    1.657627] Kernel Offset:  t+0x4e/0x80", &o),
			 OOPS_OTHER);
	assert_no_frame(&o);
	assert_int_equal(parse("Kernel Offset: foo+0x1/0x2", &o), OOPS_OTHER);
	assert_no_frame(&o);
	assert_int_equal(parse("Kernel Offset: [<ffffffff81234567>]", &o),
			 OOPS_OTHER);
	assert_no_frame(&o);
	assert_int_equal(parse("Kernel Offset: <IRQ>", &o), OOPS_OTHER);
	assert_string_equal(o.marker, "");
}

/* ------------------------------------------------------------------ */
/* oops_parse_cpu                                                      */

static void test_parse_cpu(void **state)
{
	static const struct {
		const char *line;
		int cpu, pid;
		const char *comm, *taint, *release, *version, *buildid;
	} cases[] = {
		{ "CPU: 0 PID: 83 Comm: sh Tainted: G           OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2",
		  0, 83, "sh", "G OE", "6.1.0-56-cloud-amd64",
		  "#1 Debian 6.1.192-2", "" },
		{ "CPU: 0 PID: 1 Comm: init Tainted: G      D    OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2\r",
		  0, 1, "init", "G D OE", "6.1.0-56-cloud-amd64",
		  "#1 Debian 6.1.192-2", "" },
		{ "CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.8.0-rc1+ #12",
		  1, 0, "swapper/1", "", "6.8.0-rc1+", "#12", "" },
		{ "CPU: 3 PID: 4242 Comm: Web Content Not tainted 6.1.0 #1",
		  3, 4242, "Web Content", "", "6.1.0", "#1", "" },
		{ "CPU: 0 UID: 0 PID: 1 Comm: sh Not tainted 6.12.0 #1",
		  0, 1, "sh", "", "6.12.0", "#1", "" },
		{ "CPU: 2 UID: 1000 PID: 77 Comm: kworker/2:1 Tainted: G        W          6.16.0-rc2-00001-gabcdef #3 PREEMPT(voluntary) ",
		  2, 77, "kworker/2:1", "G W", "6.16.0-rc2-00001-gabcdef",
		  "#3 PREEMPT(voluntary)", "" },
		{ "CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1 0123456789abcdef0123456789abcdef01234567",
		  0, 1, "sh", "", "6.1.0", "#1",
		  "0123456789abcdef0123456789abcdef01234567" },
		{ "CPU: 0 PID: 1 Comm: sh Kdump: loaded Not tainted 6.1.0 #1",
		  0, 1, "sh", "", "6.1.0", "#1", "" },
		{ "CPU: 0 PID: 1 Comm: sh Kdump: loaded Tainted: G    B   6.1.0 #1",
		  0, 1, "sh", "G B", "6.1.0", "#1", "" },
		/* 39 hex digits: not a build id */
		{ "CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1 0123456789abcdef0123456789abcdef0123456",
		  0, 1, "sh", "", "6.1.0",
		  "#1 0123456789abcdef0123456789abcdef0123456", "" },
		/* 41 hex digits: not a build id either */
		{ "CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1 0123456789abcdef0123456789abcdef012345678",
		  0, 1, "sh", "", "6.1.0",
		  "#1 0123456789abcdef0123456789abcdef012345678", "" },
		/* not hex */
		{ "CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1 0123456789abcdef0123456789abcdef0123456g",
		  0, 1, "sh", "", "6.1.0",
		  "#1 0123456789abcdef0123456789abcdef0123456g", "" },
		/* nothing after the comm */
		{ "CPU: 0 PID: 1 Comm: sh", 0, 1, "sh", "", "", "", "" },
		{ "CPU: 0 PID: 1 Comm: sh Not tainted", 0, 1, "sh", "", "", "", "" },
	};
	static const char *const bad[] = {
		"", "CPU:", "CPU: x", "CPU: 0", "CPU: 0 PID:", "CPU: 0 PID: ",
		"CPU: 0 PID: x Comm: sh", "CPU: 0 PID: 1", "CPU: 0 PID: 1 Comm:",
		"CPU: 0 PID: 1 Comm: ", "PID: 1 CPU: 0 Comm: sh",
	};
	struct oops_header h;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		note("cpu", cases[i].line);
		assert_int_equal(parse_cpu(cases[i].line, &h), 0);
		assert_int_equal(h.cpu, cases[i].cpu);
		assert_int_equal(h.pid, cases[i].pid);
		assert_string_equal(h.comm, cases[i].comm);
		assert_string_equal(h.taint, cases[i].taint);
		assert_string_equal(h.release, cases[i].release);
		assert_string_equal(h.version, cases[i].version);
		assert_string_equal(h.buildid, cases[i].buildid);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		note("bad cpu", bad[i]);
		assert_int_equal(parse_cpu(bad[i], &h), -1);
	}

	/* huge numbers and fields do not overflow */
	{
		char buf[1024];

		snprintf(buf, sizeof(buf),
			 "CPU: 99999999999999999999 PID: 4294967296 Comm: %0200d Not tainted %0300d #1",
			 0, 1);
		assert_int_equal(parse_cpu(buf, &h), 0);
		assert_true(h.cpu >= 0);
		assert_true(h.pid >= 0);
		assert_int_equal(strlen(h.comm), sizeof(h.comm) - 1);
		assert_int_equal(strlen(h.release), sizeof(h.release) - 1);
		assert_string_equal(h.version, "#1");
	}
}

/* ------------------------------------------------------------------ */
/* every prefix of every line above: no over-read (ASan), sane output  */

static void check_invariants(const char *s, size_t n)
{
	struct oops_line o;
	const struct oops_frame *f = &o.frame;
	enum oops_kind k = parse_n(s, n, &o);

	assert_int_equal(k, o.kind);
	assert_true(o.body <= n);
	assert_true(memchr(f->sym, 0, sizeof(f->sym)) != NULL);
	assert_true(memchr(f->module, 0, sizeof(f->module)) != NULL);
	assert_true(memchr(f->buildid, 0, sizeof(f->buildid)) != NULL);
	assert_true(memchr(f->reg, 0, sizeof(f->reg)) != NULL);
	assert_true(memchr(o.marker, 0, sizeof(o.marker)) != NULL);
	if (k == OOPS_FRAME) {
		assert_true(o.body <= f->text_begin);
		assert_true(f->text_begin < f->text_end);
		assert_true(f->text_end <= n);
		assert_true(f->sym[0] || f->has_addr);
	} else {
		assert_no_frame(&o);
	}
	if (k == OOPS_START)
		assert_non_null(o.type);
	else
		assert_null(o.type);
	if (k == OOPS_CODE)
		assert_true(o.body < o.code && o.code <= n);
	if (k == OOPS_CPU) {
		struct oops_header h;
		char *b = exact_copy(s + o.body, n - o.body);

		oops_parse_cpu(b, n - o.body, &h);
		free(b);
	}
}

static void check_all_prefixes(const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i <= n; i++)
		check_invariants(s, i);
}

static void test_truncated(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(frame_cases); i++)
		check_all_prefixes(frame_cases[i].line);
	check_all_prefixes("CPU: 0 PID: 83 Comm: sh Tainted: G           OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2");
	check_all_prefixes("CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1 0123456789abcdef0123456789abcdef01234567");
	check_all_prefixes("Nov 26 02:11:28 host kernel: [    1.2] Kernel Offset: 0x1aa00000 from 0xffffffff81000000");
	check_all_prefixes("2026-11-26T02:11:28+0000 host kernel: Code: 48 89 e5 <0f> 0b");
	check_all_prefixes("[Thu Nov 26 02:11:28 2026] [  T123]  </IRQ>");
	check_all_prefixes("kern  :warn  : [    1.2] ---[ end trace 0000000000000000 ]---");
	check_all_prefixes("\x1b[0;32m<4>[    1.2][    C0] ------------[ cut here ]------------");

	/* the CPU parser on every prefix too */
	{
		const char *l = "CPU: 0 UID: 0 PID: 1 Comm: Web Content Kdump: loaded Tainted: G   W   6.12.0 #1 0123456789abcdef0123456789abcdef01234567";
		size_t n = strlen(l), j;

		for (j = 0; j <= n; j++) {
			struct oops_header h;
			char *b = exact_copy(l, j);
			int r = oops_parse_cpu(b, j, &h);

			free(b);
			assert_true(r == 0 || r == -1);
			assert_true(memchr(h.comm, 0, sizeof(h.comm)) != NULL);
			assert_true(memchr(h.release, 0, sizeof(h.release)) != NULL);
			assert_true(memchr(h.version, 0, sizeof(h.version)) != NULL);
			assert_true(memchr(h.taint, 0, sizeof(h.taint)) != NULL);
			assert_true(memchr(h.buildid, 0, sizeof(h.buildid)) != NULL);
		}
	}
}

/* ------------------------------------------------------------------ */
/* a real 6.1 console log                                              */

static char *read_fixture(const char *rel, size_t *lenp)
{
	const char *root = getenv("SRC_ROOT");
	char path[4096];
	FILE *fp;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", root && *root ? root : ".", rel);
	fp = fopen(path, "rb");
	if (!fp) {
		print_message("# cannot open %s (set SRC_ROOT)\n", path);
		fail();
	}
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*lenp = (size_t)n;
	return buf;
}

static void test_fixture(void **state)
{
	size_t len, pos = 0, nlines = 0;
	char *text = read_fixture("t/data/oops/debian-cloud-kdevcrash.log", &len);
	int count[OOPS_END + 1] = { 0 };
	int unreliable = 0, exact = 0, with_mod = 0, bare = 0, cpu_ok = 0;
	int starts_bug = 0, starts_oops = 0, starts_panic = 0;
	int task = 0, end_task = 0;
	uint64_t kaslr = 0;

	(void)state;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		const char *s = text + pos;
		struct oops_line o;

		/* its own exact-size buffer, so that ASan sees over-reads */
		parse_n(s, n, &o);
		nlines++;
		count[o.kind]++;
		switch (o.kind) {
		case OOPS_FRAME: {
			const struct oops_frame *f = &o.frame;
			int has_plus = memmem(s, n, "+0x", 3) != NULL;

			/* only the lines with sym+0x... or a RIP: are frames */
			assert_true(has_plus || memmem(s, n, "RIP: 0033:0x47b7a0", 18));
			assert_int_equal(f->text_end, n);
			if (f->reg[0]) {
				assert_string_equal(f->reg, "RIP");
				assert_int_equal(f->text_begin, o.body);
			} else {
				assert_int_equal(f->text_begin, o.body + 1);
			}
			unreliable += !f->reliable;
			exact += f->exact;
			with_mod += !strcmp(f->module, "kdevcrash");
			bare += !f->sym[0];
			if (!f->sym[0])
				assert_int_equal(f->addr, 0x47b7a0);
			break;
		}
		case OOPS_START:
			starts_bug += !strcmp(o.type, "BUG");
			starts_oops += !strcmp(o.type, "Oops");
			starts_panic += !strcmp(o.type, "panic");
			break;
		case OOPS_MARKER:
			task += !strcmp(o.marker, "TASK");
			end_task += !strcmp(o.marker, "/TASK");
			break;
		case OOPS_KASLR:
			kaslr = o.kaslr;
			break;
		case OOPS_CODE:
			assert_memory_equal(s + o.code - 6, "Code: ", 6);
			break;
		case OOPS_CPU: {
			struct oops_header h;
			char *b = exact_copy(s + o.body, n - o.body);

			assert_int_equal(oops_parse_cpu(b, n - o.body, &h), 0);
			free(b);
			assert_int_equal(h.cpu, 0);
			assert_string_equal(h.release, "6.1.0-56-cloud-amd64");
			assert_string_equal(h.version, "#1 Debian 6.1.192-2");
			if (h.pid == 83) {
				assert_string_equal(h.comm, "sh");
				assert_string_equal(h.taint, "G OE");
			} else {
				assert_int_equal(h.pid, 1);
				assert_string_equal(h.comm, "init");
				assert_string_equal(h.taint, "G D OE");
			}
			cpu_ok++;
			break;
		}
		default:
			break;
		}
		pos += n + 1;
	}
	free(text);

	/* counted by hand with grep on the fixture */
	assert_int_equal(nlines, 423);
	assert_int_equal(count[OOPS_FRAME], 38);	/* 34 trace + 4 RIP */
	assert_int_equal(unreliable, 15);		/* grep -c '\]  ? ' */
	assert_int_equal(exact, 4);			/* the RIP: lines */
	assert_int_equal(with_mod, 4);
	assert_int_equal(bare, 2);			/* RIP: 0033:0x47b7a0 */
	assert_int_equal(count[OOPS_MARKER], 4);
	assert_int_equal(task, 2);
	assert_int_equal(end_task, 2);
	assert_int_equal(count[OOPS_START], 3);
	assert_int_equal(starts_bug, 1);
	assert_int_equal(starts_oops, 1);
	assert_int_equal(starts_panic, 1);
	assert_int_equal(count[OOPS_CPU], 2);
	assert_int_equal(cpu_ok, 2);
	assert_int_equal(count[OOPS_CALL_TRACE], 2);
	assert_int_equal(count[OOPS_CODE], 4);
	assert_int_equal(count[OOPS_MODULES], 1);
	assert_int_equal(count[OOPS_END], 1);
	assert_int_equal(count[OOPS_KASLR], 1);
	assert_int_equal(kaslr, 0x1aa00000);
	assert_int_equal(count[OOPS_OTHER], 423 - 38 - 4 - 3 - 2 - 2 - 4 - 1 - 1 - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_frame_text_reparses),
		cmocka_unit_test(test_strip_prefix),
		cmocka_unit_test(test_colour_frames),
		cmocka_unit_test(test_not_frames),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_kaslr),
		cmocka_unit_test(test_parse_cpu),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_fixture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

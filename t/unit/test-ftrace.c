// SPDX-License-Identifier: GPL-2.0
/*
 * src/ftrace/: ftrace's function and function_graph lines (as a 6.1
 * kernel writes them, with and without funcgraph-proc), the call tree
 * and per-function times built from them, text fed in pieces,
 * available_filter_functions, the filter globs, near names and the raw
 * file kdev trace's guest hands back.
 *
 * Lines are parsed from exact-size heap copies with no NUL, so that ASan
 * reports any read past the length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ftrace/ftrace.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"

static enum ftrace_kind parse(const char *s, struct ftrace_event *ev)
{
	size_t n = strlen(s);
	char *buf = malloc(n ? n : 1);
	enum ftrace_kind k;

	assert_non_null(buf);
	memcpy(buf, s, n);
	k = ftrace_parse_line(buf, n, ev);
	free(buf);
	return k;
}

static void test_function_lines(void **state)
{
	struct ftrace_event ev;

	(void)state;
	assert_int_equal(parse("              sh-113     [000] .....     "
			       "4.942390: vfs_open <-path_openat", &ev),
			 FT_FUNC);
	assert_string_equal(ev.comm, "sh");
	assert_int_equal(ev.pid, 113);
	assert_int_equal(ev.cpu, 0);
	assert_true(ev.has_ts);
	assert_int_equal(ev.ts_ns, 4942390000ull);
	assert_string_equal(ev.func, "vfs_open");
	assert_string_equal(ev.parent, "path_openat");

	/* a name with blanks and dashes, no flags column, a trailing CR */
	assert_int_equal(parse(" kworker/u4:2-my task-77 [011]  12.5: "
			       "ksys_write <-__x64_sys_write\r\n", &ev),
			 FT_FUNC);
	assert_string_equal(ev.comm, "kworker/u4:2-my task");
	assert_int_equal(ev.pid, 77);
	assert_int_equal(ev.cpu, 11);
	assert_int_equal(ev.ts_ns, 12500000000ull);

	/* record-tgid; sym-offset; a suffixed name; an address */
	assert_int_equal(parse("            bash-1977    (   1977) [000] "
			       "d..2.    17.1: do_sys_open.isra.0+0x4/0x20 <-"
			       "0xffffffffc0123456", &ev), FT_FUNC);
	assert_int_equal(ev.pid, 1977);
	assert_string_equal(ev.func, "do_sys_open.isra.0");
	assert_string_equal(ev.parent, "0xffffffffc0123456");

	/* module functions with sym-offset: "[mod]" */
	assert_int_equal(parse("  insmod-5 [001] ..... 1.000001: "
			       "kdevcrash_init+0x0/0x40 [kdevcrash] <-"
			       "do_one_initcall", &ev), FT_FUNC);
	assert_string_equal(ev.func, "kdevcrash_init");
	assert_string_equal(ev.module, "kdevcrash");
}

static void test_graph_lines(void **state)
{
	struct ftrace_event ev;

	(void)state;
	/* funcgraph-proc: the task column */
	assert_int_equal(parse(" 0)    kdev-115    |               |  "
			       "vfs_get_link() {", &ev), FT_ENTRY);
	assert_int_equal(ev.cpu, 0);
	assert_int_equal(ev.pid, 115);
	assert_string_equal(ev.comm, "kdev");
	assert_int_equal(ev.depth, 0);
	assert_false(ev.has_dur);
	assert_string_equal(ev.func, "vfs_get_link");

	assert_int_equal(parse(" 0)    kdev-115    |   2.303 us    |    "
			       "rw_verify_area();", &ev), FT_LEAF);
	assert_int_equal(ev.depth, 1);
	assert_true(ev.has_dur);
	assert_int_equal(ev.dur_ns, 2303);

	assert_int_equal(parse(" 0)    kdev-115    | # 1264.824 us |  }", &ev),
			 FT_EXIT);
	assert_int_equal(ev.dur_ns, 1264824);
	assert_int_equal(ev.depth, 0);
	assert_string_equal(ev.func, "");

	/* 7 digits of microseconds: 2 decimals; the exit names its call */
	assert_int_equal(parse(" 1)    kdev-115    | * 15146.19 us |  } /* "
			       "vfs_iter_read */", &ev), FT_EXIT);
	assert_int_equal(ev.dur_ns, 15146190);
	assert_string_equal(ev.func, "vfs_iter_read");

	/* no task column; a module function; more than 7 digits */
	assert_int_equal(parse(" 3)               |      foo_rx [foo]() {",
			       &ev), FT_ENTRY);
	assert_int_equal(ev.pid, -1);
	assert_int_equal(ev.cpu, 3);
	assert_int_equal(ev.depth, 2);
	assert_string_equal(ev.func, "foo_rx");
	assert_string_equal(ev.module, "foo");
	assert_int_equal(parse(" 1) $ 12345678 us  |  }", &ev), FT_EXIT);
	assert_int_equal(ev.dur_ns, 12345678000ull);

	/* funcgraph-abstime in front */
	assert_int_equal(parse("  461.323457 |   1)   0.100 us    |  "
			       "f();", &ev), FT_LEAF);
	assert_int_equal(ev.cpu, 1);
	assert_int_equal(ev.dur_ns, 100);
}

static void test_other_lines(void **state)
{
	static const char *const lines[] = {
		"",
		"# tracer: function_graph",
		"#",
		"# CPU  TASK/PID         DURATION                  FUNCTION CALLS",
		"# |     |    |           |   |                     |   |   |   |",
		" ------------------------------------------",
		" 1)    sh-111     =>    cat-112   ",
		" 0)   ==========> |",
		" 0)   <========== |",
		" 0)    sh-111     |               |  /* my marker */",
		" 0)    sh-111     | 1.0 ms |  f();",	/* not a duration */
		" 0)    sh-111     |               |  f();",	/* leaf, no time */
		" 0)    sh-111     |               |  f(",
		" 0)    sh-111     |               |  9f() {",
		" 0)    sh-111     |               |  f g() {",
		"  sh-1 [000] ..... 1.0: tracing_mark_write: hello",
		"  sh-1 [000] ..... 1.0: f <-",
		"  sh-x [000] ..... 1.0: f <-g",
		"  -1 [000] ..... 1.0: f <-g",
		"  sh-1 [000] ..... 1: f <-g",
		"  sh-1 [000] ..... 1.0:f <-g",
		"  sh-1 [x] ..... 1.0: f <-g",
		"  sh-1 [000] ..... 1.0: f <-g h",
		"12)",
		"CPU:1 [LOST  EVENTS]",
	};
	struct ftrace_event ev;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (parse(lines[i], &ev) != FT_OTHER)
			fail_msg("'%s' parsed as %d", lines[i], ev.kind);
		assert_int_equal(ev.pid, -1);
		assert_string_equal(ev.func, "");
	}
	assert_int_equal(parse("CPU:1 [LOST 1234 EVENTS]", &ev), FT_LOST);
	assert_int_equal(ev.lost, 1234);
	/* an embedded NUL is not a line */
	assert_int_equal(ftrace_parse_line("  sh-1 [000] 1.0: f\0 <-g", 24,
					   &ev), FT_OTHER);
}

static const char graph_trace[] =
	"# tracer: function_graph\n"
	"#\n"
	" 0)    sh-115    |               |  ksys_write() {\n"
	" 0)    sh-115    |               |    vfs_write() {\n"
	" 0)    sh-115    |   1.000 us    |      rw_verify_area();\n"
	" 0)    sh-115    |   2.000 us    |      rw_verify_area();\n"
	/* another task, on another CPU, in between */
	" 1)    cat-116   |   5.000 us    |  vfs_read();\n"
	" 0)    sh-115    | + 10.000 us   |    }\n"
	" 0)    sh-115    | + 12.500 us   |  }\n"
	"CPU:0 [LOST 3 EVENTS]\n"
	/* the entry was lost: the exit names it */
	" 0)    sh-115    |   4.000 us    |  } /* vfs_write */\n"
	/* never returns within the trace */
	" 0)    sh-115    |               |  vfs_open() {\n";

static void check_graph(struct ftrace_trace *t)
{
	const struct ftrace_call *c = t->calls;

	assert_true(t->graph);
	assert_int_equal(t->ncalls, 7);
	assert_int_equal(t->lost, 3);
	assert_int_equal(t->unparsed, 0);
	assert_string_equal(c[0].func, "ksys_write");
	assert_int_equal(c[0].depth, 0);
	assert_int_equal(c[0].dur_ns, 12500);
	assert_string_equal(c[1].func, "vfs_write");
	assert_int_equal(c[1].depth, 1);
	assert_int_equal(c[1].dur_ns, 10000);
	assert_string_equal(c[2].func, "rw_verify_area");
	assert_int_equal(c[2].depth, 2);
	assert_ptr_equal(c[2].func, c[3].func);
	assert_string_equal(c[4].func, "vfs_read");
	assert_int_equal(c[4].pid, 116);
	assert_string_equal(c[4].comm, "cat");
	assert_string_equal(c[5].func, "vfs_write");
	assert_ptr_equal(c[5].func, c[1].func);
	assert_int_equal(c[5].dur_ns, 4000);
	assert_string_equal(c[6].func, "vfs_open");
	assert_false(c[6].has_dur);

	/* hottest first: total time, then calls */
	assert_int_equal(t->nstats, 5);
	assert_string_equal(t->stats[0].func, "vfs_write");
	assert_int_equal(t->stats[0].calls, 2);
	assert_int_equal(t->stats[0].total_ns, 14000);
	assert_int_equal(t->stats[0].self_ns, 7000 + 4000);
	assert_string_equal(t->stats[1].func, "ksys_write");
	assert_int_equal(t->stats[1].self_ns, 2500);
	assert_string_equal(t->stats[2].func, "vfs_read");
	assert_string_equal(t->stats[3].func, "rw_verify_area");
	assert_int_equal(t->stats[3].calls, 2);
	assert_int_equal(t->stats[3].total_ns, 3000);
	assert_string_equal(t->stats[4].func, "vfs_open");
	assert_int_equal(t->stats[4].total_ns, 0);
}

static void test_graph_tree(void **state)
{
	struct ftrace_trace t;
	size_t step, pos;

	(void)state;
	ftrace_init(&t);
	ftrace_feed(&t, graph_trace, strlen(graph_trace));
	ftrace_finish(&t);
	check_graph(&t);
	ftrace_release(&t);

	/* the same text in pieces of every size, no final newline */
	for (step = 1; step < 40; step += 3) {
		ftrace_init(&t);
		for (pos = 0; pos < strlen(graph_trace) - 1; pos += step) {
			size_t n = strlen(graph_trace) - 1 - pos;

			ftrace_feed(&t, graph_trace + pos, n < step ? n : step);
		}
		ftrace_finish(&t);
		check_graph(&t);
		ftrace_release(&t);
	}
}

static void test_function_calls(void **state)
{
	static const char text[] =
		"# tracer: function\n"
		"            kdev-113     [000] .....     4.756750: vfs_get_link <-ovl_get_link\n"
		"              sh-113     [000] .....     4.942390: vfs_open <-path_openat\n"
		"              sh-113     [001] .....     4.943323: vfs_open <-path_openat\n"
		"what is this\n"
		"              sh-113     [001] .....     4.943393: ksys_write <-__x64_sys_write\n";
	struct ftrace_trace t;

	(void)state;
	ftrace_init(&t);
	ftrace_feed(&t, text, strlen(text));
	ftrace_finish(&t);
	assert_false(t.graph);
	assert_int_equal(t.ncalls, 4);
	assert_int_equal(t.unparsed, 1);
	assert_string_equal(t.calls[0].comm, "kdev");
	assert_string_equal(t.calls[1].comm, "sh");
	assert_string_equal(t.calls[1].parent, "path_openat");
	assert_int_equal(t.calls[3].ts_ns, 4943393000ull);
	assert_int_equal(t.nstats, 3);
	assert_string_equal(t.stats[0].func, "vfs_open");
	assert_int_equal(t.stats[0].calls, 2);
	/* a tie: by name */
	assert_string_equal(t.stats[1].func, "ksys_write");
	assert_ptr_equal(ftrace_intern(&t, "vfs_open"), t.calls[1].func);
	ftrace_release(&t);
}

static void test_filter_functions(void **state)
{
	static const char text[] =
		"vfs_write\n"
		"vp_legacy_remove [virtio_pci_legacy_dev]\n"
		"ffffffff81234560 addr_name [m]\n"
		"\n"
		"# comment\n"
		"bad [mod\n"
		"last";
	struct strvec names = STRVEC_INIT, mods = STRVEC_INIT;

	(void)state;
	ftrace_parse_filter_functions(text, strlen(text), &names, &mods);
	assert_int_equal(names.nr, 5);
	assert_int_equal(mods.nr, 5);
	assert_string_equal(names.v[0], "vfs_write");
	assert_string_equal(mods.v[0], "");
	assert_string_equal(names.v[1], "vp_legacy_remove");
	assert_string_equal(mods.v[1], "virtio_pci_legacy_dev");
	assert_string_equal(names.v[2], "addr_name");
	assert_string_equal(mods.v[2], "m");
	assert_string_equal(names.v[3], "bad");
	assert_string_equal(mods.v[3], "");
	assert_string_equal(names.v[4], "last");
	strvec_clear(&names);
	strvec_clear(&mods);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(ftrace_glob_match("vfs_*", "vfs_write"));
	assert_true(ftrace_glob_match("vfs_*", "vfs_"));
	assert_false(ftrace_glob_match("vfs_*", "ksys_write"));
	assert_true(ftrace_glob_match("*write", "ksys_write"));
	assert_false(ftrace_glob_match("*write", "vfs_writev"));
	assert_true(ftrace_glob_match("*_wr*te*", "vfs_writev"));
	assert_true(ftrace_glob_match("tcp_?endmsg", "tcp_sendmsg"));
	assert_true(ftrace_glob_match("tcp_[rs]*", "tcp_recvmsg"));
	assert_false(ftrace_glob_match("tcp_[!rs]*", "tcp_recvmsg"));
	assert_true(ftrace_glob_match("tcp_[a-c]*", "tcp_close"));
	assert_true(ftrace_glob_match("*", ""));
	assert_false(ftrace_glob_match("", "a"));
	assert_true(ftrace_glob_match("a[", "a["));
	assert_true(ftrace_glob_match("vfs_write", "vfs_write"));
	assert_false(ftrace_glob_match("vfs_write", "vfs_writev"));
}

static void test_similar(void **state)
{
	struct strvec names = STRVEC_INIT;
	const char *out[3];
	size_t n;

	(void)state;
	strvec_pushl(&names, "vfs_write", "vcs_write", "vfs_writev",
		     "ksys_write", "tcp_sendmsg", "tcp_recvmsg", "vfs_write",
		     NULL);
	n = ftrace_similar("vfs_wirte", &names, out, 3);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "vfs_write");
	assert_string_equal(out[1], "vcs_write");
	assert_string_equal(out[2], "vfs_writev");
	/* a prefix pattern: the names' beginnings */
	n = ftrace_similar("tpc_*", &names, out, 3);
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "tcp_recvmsg");
	assert_string_equal(out[1], "tcp_sendmsg");
	/* names that hold the letters come after the close ones */
	n = ftrace_similar("write", &names, out, 3);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "vcs_write");
	assert_string_equal(out[1], "vfs_write");
	assert_string_equal(out[2], "ksys_write");
	assert_int_equal(ftrace_similar("zzzzzzzzzz", &names, out, 3), 0);
	assert_int_equal(ftrace_similar("***", &names, out, 3), 0);
	strvec_clear(&names);
}

static void test_raw(void **state)
{
	struct strvec mf = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct ftrace_raw raw;
	const char *why = NULL;

	(void)state;
	strvec_pushl(&mf, "foo_rx", "foo", NULL);
	ftrace_raw_header(&sb, "6.1.0-56-cloud-amd64", "function", 3, &mf);
	strbuf_addstr(&sb, "  sh-1 [000] ..... 1.0: f <-g\n");
	assert_int_equal(ftrace_raw_parse(sb.buf, sb.len, &raw, &why), 0);
	assert_string_equal(raw.release, "6.1.0-56-cloud-amd64");
	assert_string_equal(raw.tracer, "function");
	assert_int_equal(raw.status, 3);
	assert_int_equal(raw.mod_funcs.nr, 2);
	assert_string_equal(raw.mod_funcs.v[1], "foo");
	assert_int_equal(raw.text_len, 30);
	assert_memory_equal(raw.text, "  sh-1", 6);
	ftrace_raw_release(&raw);

	assert_int_equal(ftrace_raw_parse("", 0, &raw, &why), -1);
	assert_string_equal(why, "it is empty");
	assert_int_equal(ftrace_raw_parse("kdev-trace 2\ntrace\n", 19, &raw,
					  &why), -1);
	assert_int_equal(ftrace_raw_parse("kdev-trace 1\nstatus 1\n", 22,
					  &raw, &why), -1);
	assert_string_equal(why, "it ends before its trace");
	assert_int_equal(ftrace_raw_parse("kdev-trace 1\nstatus x\ntrace\n",
					  28, &raw, &why), -1);
	assert_string_equal(why, "a header line is malformed");
	assert_int_equal(ftrace_raw_parse("kdev-trace 1\nmodule a\ntrace\n",
					  28, &raw, &why), -1);
	/* unknown keys are for later versions */
	assert_int_equal(ftrace_raw_parse("kdev-trace 1\nnew thing\ntrace\n",
					  29, &raw, &why), 0);
	assert_int_equal(raw.status, -1);
	assert_int_equal(raw.text_len, 0);
	ftrace_raw_release(&raw);
	strbuf_release(&sb);
	strvec_clear(&mf);
}

static void test_fmt_us(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(ftrace_fmt_us(buf, sizeof(buf), 0), "0.000 us");
	assert_string_equal(ftrace_fmt_us(buf, sizeof(buf), 12345),
			    "12.345 us");
	assert_string_equal(ftrace_fmt_us(buf, sizeof(buf), 15146190),
			    "15146.190 us");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_lines),
		cmocka_unit_test(test_graph_lines),
		cmocka_unit_test(test_other_lines),
		cmocka_unit_test(test_graph_tree),
		cmocka_unit_test(test_function_calls),
		cmocka_unit_test(test_filter_functions),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_similar),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_fmt_us),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the dynamic debug query checker and control-file lines
 * (src/debug/dyndbg.c). The accepted queries are the examples of the
 * kernel's Documentation/admin-guide/dynamic-debug-howto.rst (6.1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug/dyndbg.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"

static void parse_ok(const char *text, unsigned int opts, size_t want)
{
	struct dd_queries q = { 0 };
	struct dd_error err;
	int r = dd_parse(text, opts, &q, &err);

	if (r)
		print_error("'%s': %s (at %zu)\n", text, err.msg, err.pos);
	assert_int_equal(r, 0);
	assert_int_equal(q.nr, want);
	dd_queries_clear(&q);
}

static void test_howto_examples(void **state)
{
	static const char *const one[] = {
		"file svcsock.c line 1603 +p",
		"  file   svcsock.c     line  1603 +p  ",
		"file \"drivers/usb/*\" +p",
		"func svc_tcp_accept +p",
		"func *recv*\t\t+p # in rfcomm, bluetooth, ping, tcp",
		"file svcsock.c +p",
		"file kernel/freezer.c +p\t# ie column 1 of control file",
		"file drivers/usb/* +p",
		"file inode.c:start_* +p",
		"file inode.c:1-100 +p",
		"module sunrpc +p",
		"module nfsd +p",
		"module drm* +p",
		"format svcrdma: +p",
		"format readahead +p",
		"format nfsd:\\040SETATTR +p",
		"format \"nfsd: SETATTR\" +p",
		"format 'nfsd: SETATTR' +p",
		"class DRM_UT_KMS +p",
		"class JUNK +p",
		"line 1603 +p",
		"line 1600-1605 +p",
		"line -1605 +p",
		"line 1600- +p",
		"module nfsd +p",
		"func svc_process +p",
		"func svc_process -p",
		"format \"nfsd: READ\" +p",
		"file *usb* +p",
		"+p",
		"+mf",
		"=_",
		"-flmpt",
		"+pt",
		"=pmf",
		"module module_name -p",
		"file ec.c +p",
		"func run* module main +p",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(one); i++)
		parse_ok(one[i], 0, 1);
	parse_ok("-p; module main func run* +p", 0, 2);
	parse_ok("func pnpacpi_get_resources +p; func pnp_assign_mem +p", 0, 2);
	parse_ok("func pnpacpi_get_resources +p\nfunc pnp_assign_mem +p\n", 0, 2);
	parse_ok("file init/* +p #cmt ; func parse_one +p", 0, 2);
	parse_ok("func pc87360_init_device +p; func pc87360_find +p", 0, 2);
	parse_ok("# only a comment\n\n;  ;", 0, 0);
	/* MODULE.dyndbg= values */
	parse_ok(" func bar +p; func buz +mp", DD_PARSE_MODULE, 2);
	/* filters for list */
	parse_ok("module binfmt_misc func load_*", DD_PARSE_FILTER, 1);
	parse_ok("", DD_PARSE_FILTER, 0);
}

static struct dd_query *one_query(const char *text, unsigned int opts,
				  struct dd_queries *q)
{
	struct dd_error err;

	memset(q, 0, sizeof(*q));
	assert_int_equal(dd_parse(text, opts, q, &err), 0);
	assert_int_equal(q->nr, 1);
	return &q->v[0];
}

static void test_values(void **state)
{
	struct dd_queries qs;
	struct dd_query *q;

	(void)state;
	q = one_query("format nfsd:\\040SETATTR\\n +pmf", 0, &qs);
	assert_string_equal(q->val[DD_FORMAT], "nfsd: SETATTR\n");
	assert_int_equal(q->op, '+');
	assert_int_equal(q->flags, DD_FLAG_PRINT | DD_FLAG_MODULE |
			 DD_FLAG_FUNC);
	dd_queries_clear(&qs);

	q = one_query("file inode.c:1-100 =_", 0, &qs);
	assert_string_equal(q->val[DD_FILE], "inode.c");
	assert_int_equal(q->first_line, 1);
	assert_int_equal(q->last_line, 100);
	assert_int_equal(q->op, '=');
	assert_int_equal(q->flags, 0);
	dd_queries_clear(&qs);

	q = one_query("file inode.c:start_* -l", 0, &qs);
	assert_string_equal(q->val[DD_FUNC], "start_*");
	assert_int_equal(q->flags, DD_FLAG_LINE);
	dd_queries_clear(&qs);

	q = one_query("line -1605 +p", 0, &qs);
	assert_int_equal(q->first_line, 0);
	assert_int_equal(q->last_line, 1605);
	dd_queries_clear(&qs);

	q = one_query("line 1600- +p", 0, &qs);
	assert_int_equal(q->first_line, 1600);
	assert_int_equal(q->last_line, UINT_MAX);
	dd_queries_clear(&qs);

	q = one_query("line 7 +t", 0, &qs);
	assert_int_equal(q->first_line, 7);
	assert_int_equal(q->last_line, 7);
	dd_queries_clear(&qs);

	q = one_query("format 'a \"b\"' module 'x y' +p", 0, &qs);
	assert_string_equal(q->val[DD_FORMAT], "a \"b\"");
	assert_string_equal(q->val[DD_MODULE], "x y");
	assert_int_equal(q->start, 0);
	assert_int_equal(q->end, strlen("format 'a \"b\"' module 'x y' +p"));
	dd_queries_clear(&qs);
}

/* @text fails with a message holding @msg, pointing at @pos for @len */
static void parse_bad(const char *text, unsigned int opts, const char *msg,
		      size_t pos, size_t len)
{
	struct dd_queries q = { 0 };
	struct dd_error err;

	assert_int_equal(dd_parse(text, opts, &q, &err), -1);
	assert_int_equal(q.nr, 0);
	if (!strstr(err.msg, msg))
		print_error("'%s': '%s' lacks '%s'\n", text, err.msg, msg);
	assert_non_null(strstr(err.msg, msg));
	assert_int_equal(err.pos, pos);
	assert_int_equal(err.len, len);
	dd_queries_clear(&q);
}

static void test_rejects(void **state)
{
	(void)state;
	parse_bad("mode foo +p", 0, "unknown keyword 'mode'", 0, 4);
	parse_bad("module foo +x", 0, "unknown flag 'x'", 11, 2);
	parse_bad("module foo +pq", 0, "unknown flag 'q'", 11, 3);
	parse_bad("module foo p", 0, "'p' is not a flags change", 11, 1);
	parse_bad("module foo", 0, "'foo' is not a flags change", 7, 3);
	parse_bad("module", 0, "module needs a value", 0, 6);
	parse_bad("module foo +", 0, "no flags after '+'", 11, 1);
	parse_bad("file svcsock.c line 20-10 +p", 0,
		  "the line range 20-10 ends before it starts", 20, 5);
	parse_bad("line 1x +p", 0, "'1x' is not a line number", 5, 2);
	parse_bad("line 1-2x +p", 0, "'2x' is not a line number", 5, 4);
	parse_bad("line 1 line 2 +p", 0, "given twice", 12, 1);
	parse_bad("file a.c:5 line 2 +p", 0, "given twice", 16, 1);
	parse_bad("file a.c:fn func b +p", 0, "func is given twice", 17, 1);
	parse_bad("format \"abc +p", 0, "unterminated quote", 7, 7);
	parse_bad("func ok +p; format 'x", 0, "unterminated quote", 19, 2);
	parse_bad("format \"a;b\" +p", 0, "also inside quotes", 7, 2);
	parse_bad("module a func b file c format d line 1 +p", 0,
		  "too many words", 37, 1);
	parse_bad("module a +p module b +p", 0, "the flags must come last", 9, 2);
	parse_bad("module +p func", 0, "func needs a value", 10, 4);
	parse_bad("func f +p\nfunk g +p", 0, "unknown keyword 'funk'", 10, 4);
	parse_bad("class DRM_* +p", 0, "class names take no wildcards", 6, 5);
	parse_bad("module x +p", DD_PARSE_MODULE, "no module keyword", 0, 6);
	parse_bad("module x +p", DD_PARSE_FILTER, "unknown keyword '+p'", 9, 2);
	parse_bad("module", DD_PARSE_FILTER, "module needs a value", 0, 6);
	/* all nine words, the last a keyword: no tenth is read (fuzzer) */
	parse_bad("file a func b line 1-2 format x module", DD_PARSE_FILTER,
		  "module needs a value", 32, 6);
}

static void test_error_print(void **state)
{
	struct dd_queries q = { 0 };
	struct dd_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	const char *text = "func f +p\n\tmode foo +p";

	(void)state;
	assert_int_equal(dd_parse(text, 0, &q, &err), -1);
	dd_error_print(text, &err, fp);
	fclose(fp);
	dd_queries_clear(&q);
	assert_string_equal(buf, "error: unknown keyword 'mode': the keywords "
			    "are func, file, module, format, class and line\n"
			    "  \tmode foo +p\n"
			    "  \t^^^^\n");
	free(buf);
}

static void test_control_lines(void **state)
{
	struct dd_site s;
	struct dd_sites all = { 0 };
	const char *text =
		"# filename:lineno [module]function flags format\n"
		"fs/binfmt_misc.c:293 [binfmt_misc]check_special_flags =_ "
		"\"register: flag: P (preserve argv0)\\n\"\n"
		"init/main.c:1424 [main]run_init_process =pmf \"  with "
		"arguments:\\n\"\n"
		"drivers/gpu/drm/drm_x.c:10 [drm]drm_f =p \"say \"hi\"\\t\" "
		"class:DRM_UT_KMS\n"
		"garbage\n"
		"a.c:1 [m]f =p \"x\" class unknown, _id:3\n";

	(void)state;
	assert_int_equal(dd_parse_site("x.c:12 [mod]fn =plt \"a\\tb\\\\c\\012\"",
				       strlen("x.c:12 [mod]fn =plt "
					      "\"a\\tb\\\\c\\012\""), &s), 0);
	assert_string_equal(s.file, "x.c");
	assert_int_equal(s.line, 12);
	assert_string_equal(s.module, "mod");
	assert_string_equal(s.func, "fn");
	assert_int_equal(s.flags, DD_FLAG_PRINT | DD_FLAG_LINE | DD_FLAG_TID);
	assert_string_equal(s.format, "a\tb\\c\n");
	assert_null(s.class);
	dd_site_release(&s);

	assert_int_equal(dd_parse_site("# filename:lineno", 17, &s), 1);
	assert_int_equal(dd_parse_site("", 0, &s), 1);
	assert_int_equal(dd_parse_site("x.c [m]f =p \"a\"", 15, &s), -1);
	assert_int_equal(dd_parse_site("x.c:1 m]f =p \"a\"", 16, &s), -1);
	assert_int_equal(dd_parse_site("x.c:1 [m]f =p a", 15, &s), -1);
	assert_int_equal(dd_parse_site("x.c:1 [m]f =p \"a", 16, &s), -1);
	assert_int_equal(dd_parse_site(":1 [m]f =p \"a\"", 14, &s), -1);

	assert_int_equal(dd_parse_control(text, strlen(text), &all), 1);
	assert_int_equal(all.nr, 4);
	assert_string_equal(all.v[1].module, "main");
	assert_int_equal(all.v[1].flags, DD_FLAG_PRINT | DD_FLAG_MODULE |
			 DD_FLAG_FUNC);
	assert_string_equal(all.v[1].format, "  with arguments:\n");
	assert_string_equal(all.v[2].format, "say \"hi\"\t");
	assert_string_equal(all.v[2].class, "DRM_UT_KMS");
	assert_string_equal(all.v[3].class, "?");
	dd_sites_clear(&all);
}

static int matches(const char *query, const char *line)
{
	struct dd_queries qs;
	struct dd_site s;
	int r;

	one_query(query, 0, &qs);
	assert_int_equal(dd_parse_site(line, strlen(line), &s), 0);
	r = dd_match(&qs.v[0], &s);
	dd_site_release(&s);
	dd_queries_clear(&qs);
	return r;
}

static void test_match(void **state)
{
	const char *l = "fs/binfmt_misc.c:335 [binfmt_misc]bm_register_write "
			"=_ \"register: received %zu bytes\\n\"";
	const char *c = "drivers/gpu/drm/x.c:10 [drm]f =_ \"a\" class:KMS";

	(void)state;
	assert_true(matches("+p", l));
	assert_true(matches("module binfmt_misc +p", l));
	assert_true(matches("module binfmt* +p", l));
	assert_true(matches("module binfmt_mis? +p", l));
	assert_false(matches("module binfmt +p", l));
	assert_true(matches("file binfmt_misc.c +p", l));
	assert_true(matches("file fs/binfmt_misc.c +p", l));
	assert_true(matches("file fs/* +p", l));
	assert_true(matches("file *misc* +p", l));
	assert_false(matches("file misc.c +p", l));
	assert_true(matches("func bm_*_write +p", l));
	assert_true(matches("format received +p", l));
	assert_true(matches("format ^register: +p", l));
	assert_false(matches("format ^received +p", l));
	assert_true(matches("format 'bytes\\n' +p", l));
	assert_true(matches("line 335 +p", l));
	assert_true(matches("line 300-400 +p", l));
	assert_true(matches("line -335 +p", l));
	assert_true(matches("line 335- +p", l));
	assert_false(matches("line 336- +p", l));
	assert_false(matches("line 1-334 +p", l));
	assert_true(matches("file binfmt_misc.c:330-340 +p", l));
	assert_false(matches("class KMS +p", l));
	/* a class'd callsite only answers to its class */
	assert_false(matches("module drm +p", c));
	assert_true(matches("module drm class KMS +p", c));
	assert_false(matches("class ATOMIC +p", c));

	assert_true(dd_wildcard("*", ""));
	assert_true(dd_wildcard("a*b*c", "axxbyyc"));
	assert_false(dd_wildcard("a*b*c", "axxbyy"));
	assert_false(dd_wildcard("?", ""));
	assert_true(dd_wildcard("**?", "x"));
}

static void test_apply_flags(void **state)
{
	struct dd_queries qs;
	char buf[8];

	(void)state;
	one_query("+pf", 0, &qs);
	assert_int_equal(dd_apply(&qs.v[0], DD_FLAG_LINE),
			 DD_FLAG_PRINT | DD_FLAG_FUNC | DD_FLAG_LINE);
	dd_queries_clear(&qs);
	one_query("-pl", 0, &qs);
	assert_int_equal(dd_apply(&qs.v[0], DD_FLAG_PRINT | DD_FLAG_LINE |
				  DD_FLAG_TID), DD_FLAG_TID);
	dd_queries_clear(&qs);
	one_query("=m", 0, &qs);
	assert_int_equal(dd_apply(&qs.v[0], DD_FLAG_PRINT), DD_FLAG_MODULE);
	dd_queries_clear(&qs);
	dd_flags_str(0, buf);
	assert_string_equal(buf, "_");
	dd_flags_str(DD_FLAG_PRINT | DD_FLAG_TID | DD_FLAG_FUNC, buf);
	assert_string_equal(buf, "pft");
}

static void test_suggest(void **state)
{
	char *names[] = {
		"binfmt_misc", "virtio_net", "virtio_ring", "virtio_net",
		"main", "ip_set", "ip_set_hash_ip",
	};
	struct strvec out = STRVEC_INIT;

	(void)state;
	assert_int_equal(dd_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(dd_edit_distance("", "abc"), 3);
	assert_int_equal(dd_edit_distance("same", "same"), 0);

	dd_suggest("binfmt_mis", names, ARRAY_SIZE(names), 3, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0], "binfmt_misc");
	strvec_clear(&out);

	dd_suggest("virtio_ne", names, ARRAY_SIZE(names), 3, &out);
	assert_int_equal(out.nr, 2);
	assert_string_equal(out.v[0], "virtio_net");
	assert_string_equal(out.v[1], "virtio_ring");
	strvec_clear(&out);

	dd_suggest("ipset", names, ARRAY_SIZE(names), 3, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0], "ip_set");
	strvec_clear(&out);

	dd_suggest("zzzzzz", names, ARRAY_SIZE(names), 3, &out);
	assert_int_equal(out.nr, 0);
	strvec_clear(&out);
}

static void boot(const char *query, const char *want)
{
	struct dd_queries qs;
	struct strbuf sb = STRBUF_INIT;

	one_query(query, 0, &qs);
	assert_int_equal(dd_boot_param(&qs.v[0], &sb), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
	dd_queries_clear(&qs);
}

static void test_boot_param(void **state)
{
	struct dd_queries qs, back;
	struct strbuf sb = STRBUF_INIT;
	struct dd_error err;

	(void)state;
	boot("module ip_set +p", "ip_set.dyndbg=+p");
	boot("module ip_set func foo +p", "ip_set.dyndbg=\"func foo +p\"");
	boot("file ec.c +p", "dyndbg=\"file ec.c +p\"");
	boot("module drm* +p", "dyndbg=\"module drm* +p\"");
	boot("format \"nfsd: READ\" +p", "dyndbg=\"format nfsd:\\040READ +p\"");
	boot("func 'a b' =_", "dyndbg=\"func 'a b' =_\"");
	boot("file x.c:10-20 -p", "dyndbg=\"file x.c line 10-20 -p\"");
	boot("line 5- +p", "dyndbg=\"line 5- +p\"");
	boot("line -5 +p", "dyndbg=\"line -5 +p\"");

	/* the text it writes parses back to the same format value */
	one_query("format \"it's a \\042b\\042 #x\\073\" +p", 0, &qs);
	assert_string_equal(qs.v[0].val[DD_FORMAT], "it's a \"b\" #x;");
	assert_int_equal(dd_query_text(&qs.v[0], 0, &sb), 0);
	assert_null(strchr(sb.buf, '"'));
	memset(&back, 0, sizeof(back));
	assert_int_equal(dd_parse(sb.buf, 0, &back, &err), 0);
	assert_string_equal(back.v[0].val[DD_FORMAT], qs.v[0].val[DD_FORMAT]);
	dd_queries_clear(&back);
	dd_queries_clear(&qs);
	strbuf_release(&sb);

	/* whitespace and ' in a func cannot be written without " */
	one_query("func \"it's x\" +p", 0, &qs);
	assert_int_equal(dd_boot_param(&qs.v[0], &sb), -1);
	strbuf_release(&sb);
	dd_queries_clear(&qs);
}

static void test_console_level(void **state)
{
	(void)state;
	assert_int_equal(dd_console_level("debug"), 8);
	assert_int_equal(dd_console_level("DEBUG"), 8);
	assert_int_equal(dd_console_level("info"), 7);
	assert_int_equal(dd_console_level("warn"), 5);
	assert_int_equal(dd_console_level("err"), 4);
	assert_int_equal(dd_console_level("emerg"), 1);
	assert_int_equal(dd_console_level("1"), 1);
	assert_int_equal(dd_console_level("15"), 15);
	assert_int_equal(dd_console_level("0"), -1);
	assert_int_equal(dd_console_level("16"), -1);
	assert_int_equal(dd_console_level("8x"), -1);
	assert_int_equal(dd_console_level(""), -1);
	assert_int_equal(dd_console_level("loud"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_howto_examples),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_error_print),
		cmocka_unit_test(test_control_lines),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_apply_flags),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_boot_param),
		cmocka_unit_test(test_console_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

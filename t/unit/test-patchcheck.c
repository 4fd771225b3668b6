// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patch/check.h"
#include "patch/series.h"
#include "unit.h"

static const char *prefix_of(const char *subject, struct strbuf *sb)
{
	subject_prefix(subject, sb);
	return sb->buf;
}

static void test_subject_prefix(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_string_equal(prefix_of("net: sched: fix a leak", &sb),
			    "net: sched");
	assert_string_equal(prefix_of("fuse: fix x", &sb), "fuse");
	assert_string_equal(prefix_of("[PATCH v2 1/3] x86/mm: fix y", &sb),
			    "x86/mm");
	assert_string_equal(prefix_of("Revert \"netfilter: nf_tables: x\"",
				      &sb), "netfilter: nf_tables");
	assert_string_equal(prefix_of("ARM: dts: imx6q: add a node", &sb),
			    "ARM: dts: imx6q");
	assert_string_equal(prefix_of("Fix the thing", &sb), "");
	assert_string_equal(prefix_of("fuse:no space", &sb), "");
	assert_string_equal(prefix_of("fuse: ", &sb), "");
	assert_string_equal(prefix_of("a b: c", &sb), "");
	assert_string_equal(prefix_of("", &sb), "");
	assert_int_equal(prefix_first("net: sched"), 3);
	assert_int_equal(prefix_first("fuse"), 4);
	strbuf_release(&sb);
}

static void test_prefix_stats(void **state)
{
	struct prefix_stats ps = { 0 };
	struct strbuf sug = STRBUF_INIT;

	(void)state;
	prefix_stats_add(&ps, "fuse: a");
	prefix_stats_add(&ps, "fuse: b");
	assert_int_equal(prefix_fits(&ps, "vfs", &sug), -1);
	prefix_stats_add(&ps, "Merge branch 'x'");
	prefix_stats_add(&ps, "no prefix here");
	prefix_stats_add(&ps, "fuse: c");
	prefix_stats_add(&ps, "netfilter: nf_tables: d");
	prefix_stats_sort(&ps);
	assert_int_equal(ps.subjects, 6);
	assert_int_equal(prefix_fits(&ps, "fuse", &sug), 1);
	assert_int_equal(prefix_fits(&ps, "FUSE", &sug), 1);
	assert_int_equal(prefix_fits(&ps, "fuse: dir", &sug), 1);
	/* 1 of 4 is at least a fifth */
	assert_int_equal(prefix_fits(&ps, "netfilter: x", &sug), 1);
	assert_int_equal(prefix_fits(&ps, "fs: fuse", &sug), 0);
	assert_string_equal(sug.buf, "'fuse' (3), 'netfilter: nf_tables' (1)");
	prefix_stats_release(&ps);
	strbuf_release(&sug);
}

static void test_fixes(void **state)
{
	struct fixes_tag f;

	(void)state;
	fixes_parse("54a0c1b3c2d1 (\"net: fix x\")", &f);
	assert_int_equal(f.problem, FIXES_OK);
	assert_string_equal(f.hash, "54a0c1b3c2d1");
	assert_string_equal(f.subject, "net: fix x");
	fixes_release(&f);
	fixes_parse("54A0C1B (\"net: fix \"quoted\" x\")", &f);
	assert_int_equal(f.problem, FIXES_SHORT_HASH);
	assert_int_equal(f.hash_len, 7);
	assert_string_equal(f.hash, "54a0c1b");
	assert_string_equal(f.subject, "net: fix \"quoted\" x");
	fixes_release(&f);
	fixes_parse("54a0c1b3c2d1", &f);
	assert_int_equal(f.problem, FIXES_NO_SUBJECT);
	assert_null(f.subject);
	fixes_release(&f);
	fixes_parse("54a0c1b3c2d1 net: fix x", &f);
	assert_int_equal(f.problem, FIXES_NO_SUBJECT);
	fixes_release(&f);
	fixes_parse("v5.10 (\"x\")", &f);
	assert_int_equal(f.problem, FIXES_NO_HASH);
	fixes_release(&f);
	fixes_parse("deadbeefs (\"x\")", &f);
	assert_int_equal(f.problem, FIXES_NO_HASH);
	fixes_release(&f);
	fixes_parse("", &f);
	assert_int_equal(f.problem, FIXES_NO_HASH);
	fixes_release(&f);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(line_columns("abc"), 3);
	assert_int_equal(line_columns("\tx"), 9);
	assert_int_equal(line_columns("ab\tx"), 9);
	assert_int_equal(line_columns("\xc3\xa9t\xc3\xa9"), 3);
	assert_true(body_line_exempt("  [ 1.23] BUG: x y"));
	assert_true(body_line_exempt("[  12.345678] BUG: x y"));
	assert_true(body_line_exempt("see https://lore.kernel.org/x y"));
	assert_true(body_line_exempt("Fixes: 123456789012 (\"long\")"));
	assert_true(body_line_exempt("Reported-and-tested-by: A <a@b>"));
	assert_true(body_line_exempt("Suggested-by: A Long Name <a@b>"));
	assert_true(body_line_exempt("> quoted mail text and so on"));
	assert_true(body_line_exempt("drivers/net/ethernet/foo/bar/baz.c"));
	assert_false(body_line_exempt("Note: a sentence of words"));
	assert_false(body_line_exempt("A plain sentence."));
}

static void test_rfc2047(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	(void)state;
	s = "=?UTF-8?q?J=C3=B6rg_M=C3=BCller?= <j@example.com>";
	rfc2047_decode(s, strlen(s), &sb);
	assert_string_equal(sb.buf, "J\xc3\xb6rg M\xc3\xbcller <j@example.com>");
	strbuf_reset(&sb);
	s = "=?UTF-8?B?SsO2cmc=?= =?UTF-8?q?_x?=";
	rfc2047_decode(s, strlen(s), &sb);
	assert_string_equal(sb.buf, "J\xc3\xb6rg x");
	strbuf_reset(&sb);
	s = "plain =?bogus text =?UTF-8?x?abc?= end";
	rfc2047_decode(s, strlen(s), &sb);
	assert_string_equal(sb.buf, s);
	strbuf_reset(&sb);
	s = "=?UTF-8?q?=4";
	rfc2047_decode(s, strlen(s), &sb);
	assert_string_equal(sb.buf, s);
	strbuf_release(&sb);
}

static void test_ident(void **state)
{
	struct strbuf n = STRBUF_INIT, a = STRBUF_INIT;

	(void)state;
	assert_int_equal(split_ident("A U Thor <a@b.c>", &n, &a), 0);
	assert_string_equal(n.buf, "A U Thor");
	assert_string_equal(a.buf, "a@b.c");
	assert_int_equal(split_ident("\"D. S. M\" <d@e.f> # 5.10", &n, &a), 0);
	assert_string_equal(n.buf, "D. S. M");
	assert_string_equal(a.buf, "d@e.f");
	assert_int_equal(split_ident(" x@y.z ", &n, &a), 0);
	assert_string_equal(n.buf, "");
	assert_string_equal(a.buf, "x@y.z");
	assert_int_equal(split_ident("Nobody", &n, &a), -1);
	assert_int_equal(split_ident("Bad <nope", &n, &a), -1);
	strbuf_release(&n);
	strbuf_release(&a);
}

static const char mail[] =
	"From 0123456789012345678901234567890123456789 Mon Sep 17 00:00:00 2001\n"
	"From: =?UTF-8?q?J=C3=B6rg?= <j@example.com>\n"
	"Date: Tue, 2 Jan 2024 03:04:05 +0000\n"
	"Subject: [PATCH v2 1/2] netfilter: nf_tables: fix a very long\n"
	" subject\n"
	"\n"
	"The body, with a line that is much too long for a commit message of the kernel.\n"
	"\n"
	"Change-Id: Iabc\n"
	"Fixes: 1234567 (\"x: y\")\n"
	"Signed-off-by: J\xc3\xb6rg <j@example.com>\n"
	"---\n"
	" net/netfilter/x.c | 1 +\n"
	"diff --git a/net/netfilter/x.c b/net/netfilter/x.c\n";

static void test_mail(void **state)
{
	struct commit_msg m = COMMIT_MSG_INIT;
	struct check_findings f = { 0 };

	(void)state;
	commit_msg_parse(mail, strlen(mail), &m);
	assert_true(m.is_mail);
	assert_string_equal(m.subject,
			    "netfilter: nf_tables: fix a very long subject");
	assert_string_equal(m.author_name, "J\xc3\xb6rg");
	assert_string_equal(m.author_email, "j@example.com");
	assert_int_equal(m.body.nr, 5);
	assert_int_equal(m.nr_trailers, 3);
	assert_string_equal(m.trailers[0].key, "Change-Id");
	assert_string_equal(m.trailers[2].value, "J\xc3\xb6rg <j@example.com>");
	check_message(&m, NULL, NULL, &f);
	assert_int_equal(f.nr, 3);
	assert_string_equal(f.v[0].code, "CHANGE_ID");
	assert_int_equal(f.v[0].severity, SEV_ERROR);
	assert_string_equal(f.v[1].code, "FIXES_SHORT_HASH");
	assert_string_equal(f.v[2].code, "BODY_LINE_LENGTH");
	assert_int_equal(check_count(&f, SEV_ERROR), 1);
	assert_int_equal(check_count(&f, SEV_WARNING), 2);
	check_findings_release(&f);
	/* someone else's sign-off only */
	check_message(&m, "Other", "other@example.com", &f);
	assert_string_equal(f.v[0].code, "SIGNOFF_AUTHOR");
	check_findings_release(&f);
	commit_msg_release(&m);
}

static void test_raw_message(void **state)
{
	const char *raw = "fuse: a subject\nthat wraps\n\nBody.\n\n"
			  "Cc: x@y.z\nSigned-off-by: A <a@b.c>\n";
	struct commit_msg m = COMMIT_MSG_INIT;
	struct check_findings f = { 0 };

	(void)state;
	commit_msg_parse(raw, strlen(raw), &m);
	assert_false(m.is_mail);
	assert_string_equal(m.subject, "fuse: a subject that wraps");
	assert_null(m.author_email);
	assert_int_equal(m.nr_trailers, 2);
	check_message(&m, "A", "a@b.c", &f);
	assert_int_equal(f.nr, 0);
	check_message(&m, "A", "A@B.C", &f);
	assert_int_equal(f.nr, 0);
	check_message(&m, "B", "a@b.c", &f);
	assert_int_equal(f.nr, 1);
	assert_string_equal(f.v[0].code, "SIGNOFF_AUTHOR");
	check_findings_release(&f);
	commit_msg_release(&m);
	commit_msg_parse("", 0, &m);
	assert_string_equal(m.subject, "");
	check_message(&m, NULL, NULL, &f);
	assert_string_equal(f.v[0].code, "NO_SUBJECT");
	assert_string_equal(f.v[1].code, "NO_SIGNOFF");
	check_findings_release(&f);
	commit_msg_release(&m);
}

static const char cp_out[] =
	"WARNING:COMMIT_LOG_LONG_LINE: Possible unwrapped commit description\n"
	"#7: \n"
	"The body, with a line\n"
	"\n"
	"ERROR:CODE_INDENT: code indent should use tabs where possible\n"
	"#23: FILE: fs/fuse/dev.c:2347:\n"
	"+        return 1;$\n"
	"\n"
	"CHECK: Alignment should match open parenthesis\n"
	"#30: FILE: net/x.c:5:\n"
	"\n"
	"total: 1 errors, 1 warnings, 1 checks, 12 lines checked\n"
	"\n"
	"NOTE: For some of the reported defects, checkpatch may be able to\n";

static void test_checkpatch(void **state)
{
	struct checkpatch_result r;

	(void)state;
	checkpatch_parse(cp_out, strlen(cp_out), &r);
	assert_true(r.has_total);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.warnings, 1);
	assert_int_equal(r.checks, 1);
	assert_int_equal(r.lines, 12);
	assert_int_equal(r.msgs.nr, 3);
	assert_string_equal(r.msgs.v[0].code, "COMMIT_LOG_LONG_LINE");
	assert_null(r.msgs.v[0].file);
	assert_string_equal(r.msgs.v[1].code, "CODE_INDENT");
	assert_int_equal(r.msgs.v[1].severity, SEV_ERROR);
	assert_string_equal(r.msgs.v[1].file, "fs/fuse/dev.c");
	assert_int_equal(r.msgs.v[1].line, 2347);
	assert_string_equal(r.msgs.v[2].code, "");
	assert_string_equal(r.msgs.v[2].message,
			    "Alignment should match open parenthesis");
	assert_string_equal(r.msgs.v[2].file, "net/x.c");
	checkpatch_release(&r);
	/* an older checkpatch without checks; no total at all */
	checkpatch_parse("total: 2 errors, 3 warnings, 40 lines checked\n", 46,
			 &r);
	assert_int_equal(r.errors, 2);
	assert_int_equal(r.warnings, 3);
	assert_int_equal(r.checks, 0);
	checkpatch_release(&r);
	checkpatch_parse("ERROR: a\nWARNING: b\nWARNING: c\n", 30, &r);
	assert_false(r.has_total);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.warnings, 2);
	checkpatch_release(&r);
}

static void test_exit_status(void **state)
{
	(void)state;
	assert_int_equal(check_exit_status(0, 0), 0);
	assert_int_equal(check_exit_status(0, 3), 1);
	assert_int_equal(check_exit_status(1, 0), 2);
	assert_int_equal(check_exit_status(1, 5), 2);
}

static void test_recipients(void **state)
{
	struct recipients a = RECIPIENTS_INIT, b = RECIPIENTS_INIT;
	struct recipients u = RECIPIENTS_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *m = "From x\nSubject: s\nTo: old@x\nCc: old@y,\n old@z\n"
			"\nbody\nTo: not a header\n";

	(void)state;
	rcpt_add_cc(&a, "List <l@x.org>");
	rcpt_add_to(&a, "M <m@x.org>");
	rcpt_add_to(&a, "m@X.org");
	rcpt_add_cc(&a, "M Again <M@x.org>");
	rcpt_add_to(&a, "l@x.org");
	assert_int_equal(a.to.nr, 2);
	assert_int_equal(a.cc.nr, 0);
	rcpt_add_to(&b, "F <f@y.org>");
	rcpt_add_cc(&b, "m@x.org");
	rcpt_add_cc(&b, "lfs@y.org");
	rcpt_merge(&u, &a);
	rcpt_merge(&u, &b);
	assert_int_equal(u.to.nr, 3);
	assert_string_equal(u.to.v[2], "F <f@y.org>");
	assert_int_equal(u.cc.nr, 1);
	assert_string_equal(u.cc.v[0], "lfs@y.org");
	mail_set_recipients(m, strlen(m), &u, &out);
	assert_string_equal(out.buf,
			    "From x\nSubject: s\n"
			    "To: M <m@x.org>,\n l@x.org,\n F <f@y.org>\n"
			    "Cc: lfs@y.org\n"
			    "\nbody\nTo: not a header\n");
	recipients_release(&a);
	recipients_release(&b);
	recipients_release(&u);
	strbuf_release(&out);
}

static void test_suggest(void **state)
{
	struct strvec t = STRVEC_INIT;
	struct strbuf p = STRBUF_INIT, f = STRBUF_INIT;

	(void)state;
	tree_repo_name("git git://git.kernel.org/pub/scm/linux/kernel/git/"
		       "netdev/net-next.git", &p);
	assert_string_equal(p.buf, "net-next");
	tree_repo_name("git git://git.kernel.org/pub/scm/x/tip.git x86/core",
		       &p);
	assert_string_equal(p.buf, "tip");
	tree_repo_name("quilt https://example.org/patches/", &p);
	assert_string_equal(p.buf, "patches");
	strvec_push(&t, "git git://x/mszeredi/fuse.git");
	assert_int_equal(suggest_subject_prefix(&t, &p, &f), 0);
	strvec_push(&t, "git git://x/netfilter/nf.git");
	strvec_push(&t, "git git://x/netfilter/nf-next.git");
	strvec_push(&t, "git git://x/netdev/net-next.git");
	assert_int_equal(suggest_subject_prefix(&t, &p, &f), 1);
	assert_string_equal(p.buf, "PATCH nf-next");
	assert_string_equal(f.buf, "PATCH nf");
	strvec_clear(&t);
	strbuf_release(&p);
	strbuf_release(&f);
}

static const char cover[] =
	"From 0123 Mon Sep 17 00:00:00 2001\n"
	"Subject: [PATCH v3 0/2] *** SUBJECT HERE ***\n"
	"\n"
	"*** BLURB HERE ***\n"
	"\n"
	"A U Thor (2):\n"
	"  x: y\n";

static void test_cover(void **state)
{
	struct strbuf out = STRBUF_INIT, t = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	assert_true(cover_is_template(cover, strlen(cover)));
	cover_rewrite(cover, strlen(cover), NULL, NULL, 3, &out);
	assert_string_equal(out.buf,
			    "From 0123 Mon Sep 17 00:00:00 2001\n"
			    "Subject: [PATCH v3 0/2] *** SUBJECT HERE ***\n"
			    "\n"
			    "*** BLURB HERE ***\n"
			    "\nChanges in v3:\n"
			    "- *** what changed since v2 ***\n"
			    "\n"
			    "A U Thor (2):\n"
			    "  x: y\n");
	cover_rewrite(cover, strlen(cover), "x: do y", "Why y.\n\n", 3, &out);
	assert_string_equal(out.buf,
			    "From 0123 Mon Sep 17 00:00:00 2001\n"
			    "Subject: [PATCH v3 0/2] x: do y\n"
			    "\n"
			    "Why y.\n"
			    "\n"
			    "A U Thor (2):\n"
			    "  x: y\n");
	assert_false(cover_is_template(out.buf, out.len));
	assert_int_equal(cover_title(out.buf, out.len, &t), 0);
	assert_string_equal(t.buf, "x: do y");
	assert_int_equal(cover_blurb(out.buf, out.len, &b), 0);
	assert_string_equal(b.buf, "Why y.\n\n");
	assert_int_equal(cover_blurb("no body", 7, &b), -1);
	strbuf_release(&out);
	strbuf_release(&t);
	strbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_prefix),
		cmocka_unit_test(test_prefix_stats),
		cmocka_unit_test(test_fixes),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_rfc2047),
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_raw_message),
		cmocka_unit_test(test_checkpatch),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_cover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

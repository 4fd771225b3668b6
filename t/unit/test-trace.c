// SPDX-License-Identifier: GPL-2.0
/*
 * src/trace/: the xtrace stream parser (records cut in any place, bash
 * quoting across lines, dash's records mixed into stderr), the per-line
 * profile (time between records, statuses, aggregation, report, JSON)
 * and the line guesser for dash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "trace/gdbcmd.h"
#include "trace/profile.h"
#include "trace/shmatch.h"
#include "trace/xtrace.h"
#include "unit.h"

#define M XT_MARK

struct got {
	struct strvec recs;	/* "file|line|pid|status|depth|text|t" */
	struct strbuf pass;
};

static void got_record(const struct xt_record *r, void *data)
{
	struct got *g = data;

	strvec_pushf(&g->recs, "%s|%d|%ld|%d|%d|%s|%llu", r->file, r->line,
		     r->pid, r->prev_status, r->depth, r->text,
		     (unsigned long long)r->stamp.t);
}

static void got_pass(const char *buf, size_t len, void *data)
{
	struct got *g = data;

	strbuf_add(&g->pass, buf, len);
}

/* Feed @s in pieces of @chunk bytes, the i-th at time i. */
static void feed(enum xt_mode mode, const char *s, size_t chunk,
		 struct got *g)
{
	struct xt_parser p;
	size_t len = strlen(s), i;

	memset(g, 0, sizeof(*g));
	strbuf_init(&g->pass, 0);
	xt_init(&p, mode, got_record, got_pass, g);
	for (i = 0; i < len; i += chunk) {
		struct xt_stamp st = { i / chunk, 0, 0 };
		size_t n = len - i < chunk ? len - i : chunk;
		char *copy = xmalloc(n);

		memcpy(copy, s + i, n);	/* exact size, for ASan */
		xt_feed(&p, copy, n, &st);
		free(copy);
	}
	xt_finish(&p);
	xt_release(&p);
}

static void got_clear(struct got *g)
{
	strvec_clear(&g->recs);
	strbuf_release(&g->pass);
}

static void test_bash_records(void **state UNUSED)
{
	const char *s = M "s.sh|3|42|0|sleep 0.3\n"
			"\001" M "s.sh|4|43|0|echo sub\n"
			M "./lib.sh|12|42|1|echo 'a\nb' 'it'\\''s'\n"
			M "s.sh|5|42|0|echo $'x\\'y\nz'\n"
			M "a|b.sh|6|42|0|x=1\n";
	size_t chunk;

	/* the same records whatever the reads were */
	for (chunk = 1; chunk <= strlen(s); chunk += chunk < 8 ? 1 : 13) {
		struct got g;

		feed(XT_OWN_FD, s, chunk, &g);
		assert_int_equal(g.recs.nr, 5);
		assert_int_equal(strncmp(g.recs.v[0],
					 "s.sh|3|42|0|1|sleep 0.3|", 24), 0);
		assert_int_equal(strncmp(g.recs.v[1], "s.sh|4|43|0|2|echo sub|",
					 23), 0);
		assert_int_equal(strncmp(g.recs.v[2],
					 "./lib.sh|12|42|1|1|echo 'a\nb' "
					 "'it'\\''s'|", 40), 0);
		assert_int_equal(strncmp(g.recs.v[3],
					 "s.sh|5|42|0|1|echo $'x\\'y\nz'|", 29),
				 0);
		/* a '|' in the file name */
		assert_int_equal(strncmp(g.recs.v[4], "a|b.sh|6|42|0|1|x=1|",
					 20), 0);
		assert_int_equal(g.pass.len, 0);
		got_clear(&g);
	}
}

static void test_bash_stamps(void **state UNUSED)
{
	struct got g;

	/* a record is stamped when its first byte came */
	feed(XT_OWN_FD, M "f|1|1|0|a\n" M "f|2|1|0|b\n", 7, &g);
	assert_int_equal(g.recs.nr, 2);
	assert_true(ends_with(g.recs.v[0], "|0"));
	assert_true(ends_with(g.recs.v[1], "|2"));
	got_clear(&g);
}

static void test_mixed(void **state UNUSED)
{
	const char *s = "err out\n" M "||77|0|sleep 1\npartial"
			M "||77|2|false\n\001 not a mark\n\001k\n" "tail\001";
	size_t chunk;

	for (chunk = 1; chunk <= strlen(s); chunk++) {
		struct got g;

		feed(XT_MIXED, s, chunk, &g);
		assert_int_equal(g.recs.nr, 2);
		assert_int_equal(strncmp(g.recs.v[0], "|0|77|0|1|sleep 1|", 18),
				 0);
		assert_int_equal(strncmp(g.recs.v[1], "|0|77|2|1|false|", 16), 0);
		/* everything else comes out as it went in */
		assert_string_equal(g.pass.buf, "err out\npartial"
				    "\001 not a mark\n\001k\ntail\001");
		got_clear(&g);
	}
}

static void test_not_records(void **state UNUSED)
{
	struct xt_record r;
	struct got g;

	assert_int_equal(xt_parse_record("\001kT|nofields", 12, &r), -1);
	assert_int_equal(xt_parse_record("kT|f|1|2|3|x", 12, &r), -1);
	assert_int_equal(xt_parse_record(M "f|1|2|3|x", 13, &r), 0);
	assert_string_equal(r.file, "f");
	assert_int_equal(r.line, 1);
	assert_int_equal(r.pid, 2);
	assert_int_equal(r.prev_status, 3);
	assert_string_equal(r.text, "x");
	xt_record_release(&r);
	/* bad status: unknown, not a crash */
	assert_int_equal(xt_parse_record(M "f|1|2|999|x", 15, &r), 0);
	assert_int_equal(r.prev_status, -1);
	xt_record_release(&r);
	/* a mark without fields in the mixed stream is the script's */
	feed(XT_MIXED, M "oops\n", 3, &g);
	assert_int_equal(g.recs.nr, 0);
	assert_string_equal(g.pass.buf, M "oops\n");
	got_clear(&g);
	/* junk on the bash fd is dropped, records after it are kept */
	feed(XT_OWN_FD, "junk\n" M "f|1|1|0|a\n", 4, &g);
	assert_int_equal(g.recs.nr, 1);
	got_clear(&g);
}

/* Feed NULL-terminated @pkts, one packet each, the i-th at time i. */
static void feed_packets(const char *const *pkts, struct got *g)
{
	struct xt_parser p;
	size_t i;

	memset(g, 0, sizeof(*g));
	strbuf_init(&g->pass, 0);
	xt_init(&p, XT_PACKETS, got_record, got_pass, g);
	for (i = 0; pkts[i]; i++) {
		struct xt_stamp st = { i, 0, 0 };
		size_t n = strlen(pkts[i]);
		char *copy = xmalloc(n ? n : 1);

		memcpy(copy, pkts[i], n);
		xt_feed(&p, copy, n, &st);
		free(copy);
	}
	xt_finish(&p);
	xt_release(&p);
}

#define DM M "||7|0|"	/* dash's PS4, as kdev time sets it */

static void test_packets(void **state UNUSED)
{
	/* dash: one line in four writes, the script's output around it */
	static const char *const plain[] = {
		"before\n", DM, "sleep", " 0.2", "\n", "after\n", NULL
	};
	/* a pipeline: two lines written at the same time */
	static const char *const pipe[] = {
		DM, DM, "cat", "true", "\n", "\n", DM, "x", "\n", NULL
	};
	static const char *const pipe2[] = {
		DM, "sleep", DM, " 1", "\n", "cat", " -A", "\n", NULL
	};
	/* the script's line while a record is open; a quoted newline */
	static const char *const mixed[] = {
		DM, "echo", "oops\n", " 'a\nb'", "\n", "tail", NULL
	};
	/* a mark written with its first word: that record has a word */
	static const char *const with_word[] = {
		DM "x", DM, "y", "\n", " z", "\n", NULL
	};
	/* a line cut short at the end of the stream, a whole line at once */
	static const char *const cut[] = {
		DM "whole line\n", DM, "kill", " -9", NULL
	};
	struct got g;

	feed_packets(plain, &g);
	assert_int_equal(g.recs.nr, 1);
	assert_string_equal(g.recs.v[0], "|0|7|0|1|sleep 0.2|1");
	assert_string_equal(g.pass.buf, "before\nafter\n");
	got_clear(&g);

	feed_packets(pipe, &g);
	assert_int_equal(g.recs.nr, 3);
	assert_string_equal(g.recs.v[0], "|0|7|0|1|cat|0");
	assert_string_equal(g.recs.v[1], "|0|7|0|1|true|1");
	assert_string_equal(g.recs.v[2], "|0|7|0|1|x|6");
	assert_int_equal(g.pass.len, 0);
	got_clear(&g);

	feed_packets(pipe2, &g);
	assert_int_equal(g.recs.nr, 2);
	assert_string_equal(g.recs.v[0], "|0|7|0|1|sleep 1|0");
	assert_string_equal(g.recs.v[1], "|0|7|0|1|cat -A|2");
	assert_int_equal(g.pass.len, 0);
	got_clear(&g);

	feed_packets(mixed, &g);
	assert_int_equal(g.recs.nr, 1);
	assert_string_equal(g.recs.v[0], "|0|7|0|1|echo 'a\nb'|0");
	assert_string_equal(g.pass.buf, "oops\ntail");
	got_clear(&g);

	feed_packets(with_word, &g);
	assert_int_equal(g.recs.nr, 2);
	assert_string_equal(g.recs.v[0], "|0|7|0|1|x z|0");
	assert_string_equal(g.recs.v[1], "|0|7|0|1|y|1");
	assert_int_equal(g.pass.len, 0);
	got_clear(&g);

	feed_packets(cut, &g);
	assert_int_equal(g.recs.nr, 2);
	assert_string_equal(g.recs.v[0], "|0|7|0|1|whole line|0");
	assert_string_equal(g.recs.v[1], "|0|7|0|1|kill -9|1");
	assert_int_equal(g.pass.len, 0);
	got_clear(&g);
}

/* More lines open at once than the parser keeps: nothing lost or leaked */
static void test_packets_many(void **state UNUSED)
{
	const char *pkts[2 * XT_MAX_OPEN + 8];
	struct got g;
	size_t i, n = 0;

	for (i = 0; i < XT_MAX_OPEN + 3; i++)
		pkts[n++] = DM;
	pkts[n++] = "w";
	pkts[n++] = "\n";
	pkts[n] = NULL;
	feed_packets(pkts, &g);
	assert_int_equal(g.recs.nr, XT_MAX_OPEN + 3);
	assert_int_equal(g.pass.len, 0);
	got_clear(&g);
}

/* ---- profile ---- */

static void add(struct profile *p, const char *file, int line, int prev,
		uint64_t t, uint64_t user, const char *text)
{
	struct xt_record r = { (char *)file, line, 1, prev, 1, (char *)text,
			       { t, user, 0 } };

	prof_add(p, &r);
}

#define MS 1000000ull

static void test_profile(void **state UNUSED)
{
	struct xt_stamp begin = { 1000 * MS, 0, 0 }, end = { 2000 * MS,
							     500 * MS, 0 };
	struct profile p;
	struct strbuf sb = STRBUF_INIT;
	size_t *slow;

	prof_init(&p, "bash", "s.sh", &begin);
	add(&p, "s.sh", 5, 0, 1001 * MS, 0, "f");
	add(&p, "s.sh", 2, 0, 1002 * MS, 0, "sleep 0.1");	/* loop */
	add(&p, "s.sh", 2, 0, 1102 * MS, 0, "sleep 0.1");
	add(&p, "s.sh", 2, 0, 1202 * MS, 0, "sleep 0.1");
	add(&p, "lib.sh", 1, 0, 1302 * MS, 0, "burn");
	add(&p, "s.sh", 7, 3, 1802 * MS, 400 * MS, "false");
	prof_end(&p, &end, 1, 0);

	assert_int_equal(p.nr, 6);
	assert_int_equal(p.cmds[1].wall, 100 * MS);
	assert_int_equal(p.cmds[4].wall, 500 * MS);
	assert_int_equal(p.cmds[4].user, 400 * MS);
	assert_int_equal(p.cmds[4].status, 3);	/* $? of the next one */
	assert_int_equal(p.cmds[5].status, 1);	/* the script's */
	assert_int_equal(p.cmds[5].wall, 198 * MS);

	/* file order: s.sh (named first) then lib.sh; lines in order */
	assert_int_equal(p.nlines, 4);
	assert_string_equal(p.lines[0].file, "s.sh");
	assert_int_equal(p.lines[0].line, 2);
	assert_int_equal(p.lines[0].count, 3);
	assert_int_equal(p.lines[0].total, 300 * MS);
	assert_int_equal(p.lines[0].max, 100 * MS);
	assert_int_equal(p.lines[1].line, 5);
	assert_int_equal(p.lines[2].line, 7);
	assert_int_equal(p.lines[2].failures, 1);
	assert_string_equal(p.lines[3].file, "lib.sh");
	assert_int_equal(p.lines[3].failures, 1);

	slow = prof_slowest(&p);
	assert_string_equal(p.lines[slow[0]].file, "lib.sh");
	assert_int_equal(p.lines[slow[1]].line, 2);
	assert_int_equal(p.lines[slow[2]].line, 7);
	free(slow);

	prof_set_source(&p, 0, xstrdup("\tsleep 0.1   "));
	prof_report(&p, 2, &sb);
	assert_non_null(strstr(sb.buf, "slowest lines (2 of 4):"));
	assert_non_null(strstr(sb.buf, "   500.0ms      1   500.0ms   400.0ms"
			       "         0  lib.sh:1"));
	assert_non_null(strstr(sb.buf, "     2      3   300.0ms   100.0ms"
			       "   100.0ms         0         0     -  "
			       "sleep 0.1\n"));
	assert_non_null(strstr(sb.buf, "total: 1.000s wall, 500.0ms user, 0 "
			       "sys, 6 commands, exit status 1 (1.0ms before "
			       "the first command)\n"));
	strbuf_reset(&sb);
	prof_json(&p, &sb);
	assert_non_null(strstr(sb.buf, "\"exit_status\": 1"));
	assert_non_null(strstr(sb.buf, "\"total_us\": 300000"));
	assert_non_null(strstr(sb.buf, "\"source\": \"\\tsleep 0.1   \""));
	strbuf_release(&sb);
	prof_release(&p);
}

static void test_profile_signal_empty(void **state UNUSED)
{
	struct xt_stamp begin = { 5, 0, 0 }, end = { 3 * MS, 0, 0 };
	struct profile p;
	struct strbuf sb = STRBUF_INIT;

	prof_init(&p, "sh", "x.sh", &begin);
	prof_end(&p, &end, -1, 9);
	prof_report(&p, 10, &sb);
	assert_non_null(strstr(sb.buf, "0 commands, killed by signal 9\n"));
	strbuf_reset(&sb);
	prof_json(&p, &sb);
	assert_non_null(strstr(sb.buf, "\"signal\": 9"));
	strbuf_release(&sb);
	prof_release(&p);
}

static void test_durations(void **state UNUSED)
{
	static const struct {
		uint64_t ns;
		const char *want;
	} t[] = {
		{ 0, "0" }, { 999, "<1us" }, { 1500, "1us" },
		{ 2500000, "2.5ms" }, { 1234567890, "1.234s" },
		{ 61000000000ull, "61.000s" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;

		prof_add_duration(&sb, t[i].ns);
		assert_string_equal(sb.buf, t[i].want);
		strbuf_release(&sb);
	}
}

/* ---- dash line guessing ---- */

static const char script[] =
	"#!/bin/sh\n"				/* 1 */
	"f() {\n"				/* 2 */
	"\tsleep 0.3\n"				/* 3 */
	"}\n"					/* 4 */
	"for i in 1 2 3; do sleep 0.1; done\n"	/* 5 */
	"f\n"					/* 6 */
	"x=$(echo sub)\n"			/* 7 */
	"cat <<EOF >out\n"			/* 8 */
	"sleep 9 in a here-document\n"		/* 9 */
	"EOF\n"					/* 10 */
	"echo \"a b\" 2>/dev/null | tr a b\n"	/* 11 */
	"case $x in\n"				/* 12 */
	"sub) echo matched ;;\n"		/* 13 */
	"*) echo other ;;\n"			/* 14 */
	"esac\n"				/* 15 */
	"if [ -f /x ]; then rm -f /x; fi\n"	/* 16 */
	"echo 'multi\n"				/* 17 */
	"line' done\n"				/* 18 */
	"FOO=1 env\n"				/* 19 */
	"$cmd arg\n"				/* 20 */
	"sleep 0.1\n";				/* 21 */

static int guess(struct shmatch *m, const char *text)
{
	const char *file = NULL;
	int line = 0;

	if (shmatch_find(m, text, strlen(text), &file, &line))
		return -1;
	assert_string_equal(file, "s.sh");
	return line;
}

static void test_shmatch(void **state UNUSED)
{
	struct shmatch *m = shmatch_new();

	shmatch_add_text(m, "s.sh", script, strlen(script));
	assert_int_equal(guess(m, "sleep 0.1"), 5);
	assert_int_equal(guess(m, "sleep 0.1"), 5);	/* a loop stays */
	assert_int_equal(guess(m, "f"), 6);		/* not the definition */
	assert_int_equal(guess(m, "sleep 0.3"), 3);
	assert_int_equal(guess(m, "echo sub"), 7);	/* inside $(...) */
	assert_int_equal(guess(m, "x=sub"), 7);
	assert_int_equal(guess(m, "cat"), 8);
	assert_int_equal(guess(m, "echo a b"), 11);
	assert_int_equal(guess(m, "tr a b"), 11);
	assert_int_equal(guess(m, "echo matched"), 13);
	assert_int_equal(guess(m, "[ -f /x ]"), 16);
	assert_int_equal(guess(m, "echo multi"), 17);
	assert_int_equal(guess(m, "FOO=1 env"), 19);
	assert_int_equal(guess(m, "mycmd arg"), 20);	/* $cmd */
	/* after line 20 the nearest "sleep 0.1" is the one below */
	assert_int_equal(guess(m, "sleep 0.1"), 21);
	/* a here-document's text is no command */
	assert_int_equal(guess(m, "sleep 9 in a here-document"), 21);
	assert_int_equal(guess(m, "nosuchcommand"), 20);
	shmatch_free(m);
}

static void test_shmatch_source(void **state)
{
	char *dir = *state, *lib = xasprintf("%s/lib.sh", dir);
	struct strbuf text = STRBUF_INIT;
	struct shmatch *m = shmatch_new();
	const char *file;
	int line;

	static const char libtext[] = "echo in lib\nlibf() {\n\techo libf\n}\n";

	assert_int_equal(write_file_atomic(lib, libtext, strlen(libtext)), 0);
	strbuf_addf(&text, ". %s\nlibf\necho libf\n", lib);
	shmatch_add_text(m, "main.sh", text.buf, text.len);
	strbuf_reset(&text);
	strbuf_addf(&text, ". %s", lib);
	assert_int_equal(shmatch_find(m, text.buf, text.len, &file, &line), 0);
	assert_string_equal(file, "main.sh");
	assert_int_equal(line, 1);
	/* the sourced file is read, and what follows is looked for there */
	assert_int_equal(shmatch_find(m, "echo in lib", 11, &file, &line), 0);
	assert_string_equal(file, lib);
	assert_int_equal(line, 1);
	assert_int_equal(shmatch_find(m, "libf", 4, &file, &line), 0);
	assert_string_equal(file, "main.sh");
	assert_int_equal(line, 2);
	assert_int_equal(shmatch_find(m, "echo libf", 9, &file, &line), 0);
	assert_int_equal(line, 3);	/* the nearest after line 2 */
	assert_int_equal(shmatch_commands(m), 5);
	shmatch_free(m);
	strbuf_release(&text);
	free(lib);
}

static void test_shmatch_garbage(void **state UNUSED)
{
	static const char *const bad[] = {
		"$(", "\"unterminated", "'x", "`", "a <<", "<<EOF\n", "(((",
		")))", "${", "\\", "f() {", "2>", "x=\"$(a \"$(b)\")\"",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct shmatch *m = shmatch_new();
		char *copy = xmalloc(strlen(bad[i]));
		const char *f;
		int l;

		memcpy(copy, bad[i], strlen(bad[i]));
		shmatch_add_text(m, "b.sh", copy, strlen(bad[i]));
		shmatch_find(m, "a", 1, &f, &l);
		free(copy);
		shmatch_free(m);
	}
}

/* ---- kdev gdb ---- */

static void test_gdb_location(void **state UNUSED)
{
	struct gdb_location l;

	assert_int_equal(gdb_parse_location("ipt_do_table+0x24f/0x610 "
					    "[ip_tables]", &l), 0);
	assert_string_equal(l.sym, "ipt_do_table");
	assert_int_equal(l.off, 0x24f);
	assert_int_equal(l.size, 0x610);
	assert_int_equal(l.has_size, 1);
	assert_string_equal(l.module, "ip_tables");
	assert_int_equal(gdb_parse_location("*(nf_hook_slow+0x40)", &l), 0);
	assert_string_equal(l.sym, "nf_hook_slow");
	assert_int_equal(l.off, 0x40);
	assert_int_equal(l.has_size, 0);
	assert_int_equal(gdb_parse_location(" vfs_write ", &l), 0);
	assert_string_equal(l.sym, "vfs_write");
	assert_int_equal(l.off, 0);
	assert_int_equal(gdb_parse_location("0xffffffff81000000", &l), 0);
	assert_string_equal(l.sym, "");
	assert_int_equal(l.off, 0xffffffff81000000ull);
	assert_int_equal(gdb_parse_location("*0x10", &l), 0);
	assert_int_equal(l.off, 0x10);
	assert_int_equal(gdb_parse_location("x.cold+16", &l), 0);
	assert_int_equal(l.off, 16);
	assert_int_equal(gdb_parse_location("", &l), -1);
	assert_int_equal(gdb_parse_location("f+", &l), -1);
	assert_int_equal(gdb_parse_location("f+0xzz", &l), -1);
	assert_int_equal(gdb_parse_location("f+1/", &l), -1);
	assert_int_equal(gdb_parse_location("f/1+2", &l), -1);
	assert_int_equal(gdb_parse_location("f g+1", &l), -1);
	assert_int_equal(gdb_parse_location("f+-1", &l), -1);
	assert_int_equal(gdb_parse_location("f+1 []", &l), -1);
	assert_int_equal(gdb_parse_location("f+1 ip_tables]", &l), -1);
	assert_int_equal(gdb_parse_location("0x1g", &l), -1);
}

static char *joined(const struct strvec *v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < v->nr; i++)
		strbuf_addf(&sb, "%s%s", i ? "|" : "", v->v[i]);
	return strbuf_detach(&sb, NULL);
}

static void test_gdb_argv(void **state UNUSED)
{
	struct strvec argv = STRVEC_INIT, dirs = STRVEC_INIT,
		      cmds = STRVEC_INIT;
	struct gdb_setup s;
	char *j;

	memset(&s, 0, sizeof(s));
	s.vmlinux = "/o/vmlinux";
	s.tree = "/o";
	s.helpers = "/o/vmlinux-gdb.py";
	s.target = ":1234";
	s.module_dirs = &dirs;
	s.user_cmds = &cmds;
	s.batch = 1;
	strvec_push(&dirs, "/m 1");
	strvec_push(&dirs, "/m\"2");
	strvec_push(&cmds, "bt");
	gdb_build_argv(&s, &argv);
	j = joined(&argv);
	assert_string_equal(j, "gdb|-q|-batch|-iex|add-auto-load-safe-path /o|"
			    "-iex|set pagination off|/o/vmlinux|"
			    "-ex|source /o/vmlinux-gdb.py|"
			    "-ex|target remote :1234|"
			    "-ex|lx-symbols \"/m 1\" \"/m\\\"2\"|-ex|bt");
	free(j);
	strvec_clear(&argv);
	/* no helpers: kdev's loader; kgdb over a unix socket */
	s.helpers = NULL;
	s.batch = 0;
	s.tree = NULL;
	s.target = "| exec \"$KDEV_GDB_SELF\" gdb --relay";
	s.modscript = "/c/gdb-modules.py";
	s.user_cmds = NULL;
	gdb_build_argv(&s, &argv);
	j = joined(&argv);
	assert_string_equal(j, "gdb|-q|-iex|set pagination off|/o/vmlinux|"
			    "-ex|target remote | exec \"$KDEV_GDB_SELF\" gdb "
			    "--relay|"
			    "-ex|source /c/gdb-modules.py");
	free(j);
	strvec_clear(&argv);
	strvec_clear(&dirs);
	strvec_clear(&cmds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bash_records),
		cmocka_unit_test(test_bash_stamps),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_not_records),
		cmocka_unit_test(test_packets),
		cmocka_unit_test(test_packets_many),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_profile_signal_empty),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_shmatch),
		cmocka_unit_test_setup_teardown(test_shmatch_source,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_shmatch_garbage),
		cmocka_unit_test(test_gdb_location),
		cmocka_unit_test(test_gdb_argv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

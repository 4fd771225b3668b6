// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode/symbolize.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/json.h"
#include "lib/run-command.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "lib/util.h"

/* Helpers */


/* Sorted, space-separated names in @dir, without "." and "..". */
static char *list_dir(const char *dir)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t i, j;

	assert_non_null(d);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strvec_push(&names, de->d_name);
	}
	closedir(d);
	/* insertion sort: a handful of names at most */
	for (i = 1; i < names.nr; i++)
		for (j = i; j && strcmp(names.v[j - 1], names.v[j]) > 0; j--) {
			char *t = names.v[j];

			names.v[j] = names.v[j - 1];
			names.v[j - 1] = t;
		}
	for (i = 0; i < names.nr; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, names.v[i]);
	}
	strvec_clear(&names);
	return strbuf_detach(&sb, NULL);
}


/* No child process of ours is left, running or unreaped. */
static void assert_no_children(void)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* strbuf */

static void test_strbuf_init(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	struct strbuf hinted;

	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);

	/* reset, setlen(0) and rtrim on the shared empty buffer are no-ops */
	strbuf_reset(&sb);
	strbuf_setlen(&sb, 0);
	strbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);

	strbuf_init(&hinted, 100);
	assert_true(hinted.alloc >= 101);
	assert_int_equal(hinted.len, 0);
	assert_string_equal(hinted.buf, "");
	strbuf_release(&hinted);
	assert_int_equal(hinted.alloc, 0);
	assert_string_equal(hinted.buf, "");
}

static void test_strbuf_add(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT, other = STRBUF_INIT;

	strbuf_add(&sb, "abcdef", 3);
	assert_string_equal(sb.buf, "abc");
	strbuf_add(&sb, "zzz", 0);
	strbuf_addstr(&sb, "-de");
	strbuf_addch(&sb, '!');
	strbuf_addchars(&sb, '.', 4);
	strbuf_addchars(&sb, 'x', 0);
	assert_string_equal(sb.buf, "abc-de!....");
	assert_int_equal(sb.len, 11);

	strbuf_addstr(&other, "[other]");
	strbuf_addbuf(&sb, &other);
	assert_string_equal(sb.buf, "abc-de!....[other]");
	assert_string_equal(other.buf, "[other]");

	/* appending an empty strbuf changes nothing */
	strbuf_release(&other);
	strbuf_addbuf(&sb, &other);
	assert_int_equal(sb.len, 18);

	strbuf_setlen(&sb, 6);
	assert_string_equal(sb.buf, "abc-de");
	assert_int_equal(sb.len, 6);
	strbuf_addch(&sb, '?');
	assert_string_equal(sb.buf, "abc-de?");

	strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	strbuf_addstr(&sb, "again");
	assert_string_equal(sb.buf, "again");

	strbuf_release(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	/* usable again after release */
	strbuf_addch(&sb, 'z');
	assert_string_equal(sb.buf, "z");
	strbuf_release(&sb);
}

static void test_strbuf_addf(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	char *big = xmalloc(10001), *expect;
	size_t i, n = 0;

	memset(big, 'q', 10000);
	big[10000] = '\0';

	strbuf_addf(&sb, "%d-%s-%c", -42, "x", 'y');
	assert_string_equal(sb.buf, "-42-x-y");

	/* much longer than the first allocation: the second vsnprintf */
	strbuf_addf(&sb, "<%s>", big);
	assert_int_equal(sb.len, 7 + 10002);
	assert_int_equal(sb.buf[7], '<');
	assert_memory_equal(sb.buf + 8, big, 10000);
	assert_string_equal(sb.buf + 10008, ">");

	/* an empty result leaves the buffer alone */
	strbuf_addf(&sb, "%s", "");
	assert_int_equal(sb.len, 10009);
	strbuf_release(&sb);

	/* many small appends, each crossing or not an allocation boundary */
	expect = xmalloc(5 * 2000 + 1);
	for (i = 0; i < 2000; i++) {
		strbuf_addf(&sb, "%zu,", i % 1000);
		n += (size_t)sprintf(expect + n, "%zu,", i % 1000);
	}
	assert_int_equal(sb.len, n);
	assert_int_equal(strlen(sb.buf), n);
	assert_string_equal(sb.buf, expect);
	assert_true(sb.alloc > sb.len);

	free(expect);
	free(big);
	strbuf_release(&sb);
}

static void test_strbuf_rtrim(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, " \tkeep me \t\r\n \n");
	strbuf_rtrim(&sb);
	assert_string_equal(sb.buf, " \tkeep me");
	assert_int_equal(sb.len, 9);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, " \n\t\r");
	strbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);

	/* only trailing whitespace; a vertical tab is not stripped */
	strbuf_addstr(&sb, "a\v");
	strbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "a\v");
	strbuf_release(&sb);
}

static void test_strbuf_detach(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *s;

	/* empty: still a malloc'd string, never the shared slop buffer */
	s = strbuf_detach(&sb, &len);
	assert_non_null(s);
	assert_ptr_not_equal(s, strbuf_slopbuf);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	strbuf_addstr(&sb, "hello");
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	/* the strbuf is empty and independent afterwards */
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	strbuf_addstr(&sb, "other");
	assert_string_equal(s, "hello");
	free(s);

	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "other");
	free(s);
	strbuf_release(&sb);
}

static void test_strbuf_json_escaped(void **state UNUSED)
{
	static const char in[] =
		"q\"b\\n\nt\tr\r\x01\x1f\x7f \xc3\xa9\xe2\x82\xac~";
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_json_escaped(&sb, in, sizeof(in) - 1);
	assert_string_equal(sb.buf,
			    "q\\\"b\\\\n\\nt\\tr\\r\\u0001\\u001f\\u007f "
			    "\xc3\xa9\xe2\x82\xac~");
	strbuf_reset(&sb);

	/* length-delimited: an embedded NUL is escaped, not a terminator */
	strbuf_add_json_escaped(&sb, "a\0b", 3);
	assert_string_equal(sb.buf, "a\\u0000b");
	strbuf_reset(&sb);

	/* bytes >= 0x80 that are not valid UTF-8 still pass through */
	strbuf_add_json_escaped(&sb, "\x80\xff", 2);
	assert_string_equal(sb.buf, "\x80\xff");
	strbuf_reset(&sb);

	strbuf_add_json_escaped(&sb, "", 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

/* strvec */

static void assert_strvec(const struct strvec *sv, const char *const *expect,
			  size_t nr)
{
	size_t i;

	assert_int_equal(sv->nr, nr);
	assert_non_null(sv->v);
	for (i = 0; i < nr; i++)
		assert_string_equal(sv->v[i], expect[i]);
	assert_null(sv->v[nr]);
}

static void test_strvec(void **state UNUSED)
{
	static const char *const e1[] = { "one" };
	static const char *const e3[] = { "one", "two-2", "x" };
	static const char *const e5[] = { "one", "two-2", "x", "", "y" };
	struct strvec sv = STRVEC_INIT;
	char buf[8] = "one";
	size_t i;

	strvec_push(&sv, buf);
	buf[0] = 'X';	/* push copies */
	assert_strvec(&sv, e1, 1);
	strvec_pushf(&sv, "%s-%d", "two", 2);
	strvec_pushl(&sv, "x", NULL);
	assert_strvec(&sv, e3, 3);
	strvec_pushl(&sv, "", "y", NULL);
	assert_strvec(&sv, e5, 5);
	strvec_pushl(&sv, NULL);
	assert_strvec(&sv, e5, 5);

	strvec_pop(&sv);
	strvec_pop(&sv);
	assert_strvec(&sv, e3, 3);
	strvec_pop(&sv);
	strvec_pop(&sv);
	strvec_pop(&sv);
	assert_strvec(&sv, e1, 0);
	/* pop on an empty vector is a no-op */
	strvec_pop(&sv);
	assert_strvec(&sv, e1, 0);

	strvec_clear(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.nr, 0);
	assert_int_equal(sv.alloc, 0);

	/* past the first allocation, then reused after clear */
	for (i = 0; i < 100; i++) {
		strvec_pushf(&sv, "%zu", i);
		assert_null(sv.v[sv.nr]);
	}
	assert_int_equal(sv.nr, 100);
	assert_string_equal(sv.v[0], "0");
	assert_string_equal(sv.v[99], "99");
	strvec_clear(&sv);
	assert_null(sv.v);
}

static void test_strvec_clear_empty(void **state UNUSED)
{
	struct strvec sv = STRVEC_INIT;

	strvec_clear(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.nr, 0);
	strvec_pop(&sv);
	assert_null(sv.v);
	strvec_clear(&sv);
	strvec_push(&sv, "after");
	assert_string_equal(sv.v[0], "after");
	assert_null(sv.v[1]);
	strvec_clear(&sv);
}

/* json */

/* The same document, written with either layout. */
static void write_doc(struct json_writer *jw)
{
	json_object_begin(jw, NULL);
	json_string(jw, "name", "kdev");
	json_int(jw, "n", -3);
	json_array_begin(jw, "list");
	json_uint(jw, NULL, 1);
	json_object_begin(jw, NULL);
	json_bool(jw, "ok", 1);
	json_null(jw, "none");
	json_object_end(jw);
	json_array_begin(jw, NULL);
	json_array_end(jw);
	json_array_end(jw);
	json_object_begin(jw, "empty");
	json_object_end(jw);
	json_bool(jw, "last", 0);
	json_object_end(jw);
}

static void test_json_compact(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer jw;

	json_init(&jw, &sb, 0);
	write_doc(&jw);
	assert_string_equal(sb.buf,
			    "{\"name\":\"kdev\",\"n\":-3,"
			    "\"list\":[1,{\"ok\":true,\"none\":null},[]],"
			    "\"empty\":{},\"last\":false}");
	assert_int_equal(jw.depth, 0);
	strbuf_release(&sb);
}

static void test_json_pretty(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer jw;

	json_init(&jw, &sb, 1);
	write_doc(&jw);
	assert_string_equal(sb.buf,
			    "{\n"
			    "  \"name\": \"kdev\",\n"
			    "  \"n\": -3,\n"
			    "  \"list\": [\n"
			    "    1,\n"
			    "    {\n"
			    "      \"ok\": true,\n"
			    "      \"none\": null\n"
			    "    },\n"
			    "    []\n"
			    "  ],\n"
			    "  \"empty\": {},\n"
			    "  \"last\": false\n"
			    "}\n");
	strbuf_release(&sb);
}

static void test_json_empty(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer jw;

	json_init(&jw, &sb, 0);
	json_object_begin(&jw, NULL);
	json_object_end(&jw);
	json_array_begin(&jw, NULL);
	json_array_end(&jw);
	assert_string_equal(sb.buf, "{}[]");
	strbuf_reset(&sb);

	json_init(&jw, &sb, 1);
	json_object_begin(&jw, NULL);
	json_object_end(&jw);
	json_array_begin(&jw, NULL);
	json_array_end(&jw);
	assert_string_equal(sb.buf, "{}\n[]\n");
	strbuf_release(&sb);
}

static void test_json_scalars(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer jw;

	json_init(&jw, &sb, 0);
	json_object_begin(&jw, NULL);
	json_int(&jw, "min", INT64_MIN);
	json_int(&jw, "max", INT64_MAX);
	json_int(&jw, "zero", 0);
	json_uint(&jw, "umax", UINT64_MAX);
	json_bool(&jw, "t", 42);
	json_bool(&jw, "f", 0);
	json_null(&jw, "null");
	json_string(&jw, "nullstr", NULL);
	json_string(&jw, "k\"\\\n\x01", "v\"\\\t\x7f\xc3\xa9");
	json_stringn(&jw, "part", "abcdef", 3);
	json_string(&jw, "", "");
	json_object_end(&jw);
	assert_string_equal(sb.buf,
			    "{\"min\":-9223372036854775808,"
			    "\"max\":9223372036854775807,"
			    "\"zero\":0,"
			    "\"umax\":18446744073709551615,"
			    "\"t\":true,\"f\":false,\"null\":null,"
			    "\"nullstr\":null,"
			    "\"k\\\"\\\\\\n\\u0001\":"
			    "\"v\\\"\\\\\\t\\u007f\xc3\xa9\","
			    "\"part\":\"abc\","
			    "\"\":\"\"}");
	strbuf_release(&sb);
}

static void test_json_long_array(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT, expect = STRBUF_INIT;
	struct json_writer jw;
	int i;

	/* 600 elements: well past what an 8-bit element counter holds */
	json_init(&jw, &sb, 0);
	json_array_begin(&jw, NULL);
	strbuf_addch(&expect, '[');
	for (i = 0; i < 600; i++) {
		json_int(&jw, NULL, i);
		strbuf_addf(&expect, i ? ",%d" : "%d", i);
	}
	json_array_end(&jw);
	strbuf_addch(&expect, ']');
	assert_string_equal(sb.buf, expect.buf);
	strbuf_reset(&sb);
	strbuf_reset(&expect);

	/* and in an object nested inside the long array, in pretty mode */
	json_init(&jw, &sb, 1);
	json_array_begin(&jw, NULL);
	strbuf_addstr(&expect, "[");
	for (i = 0; i < 300; i++) {
		json_bool(&jw, NULL, i & 1);
		strbuf_addf(&expect, "%s\n  %s", i ? "," : "",
			    i & 1 ? "true" : "false");
	}
	json_object_begin(&jw, NULL);
	json_int(&jw, "a", 1);
	json_int(&jw, "b", 2);
	json_object_end(&jw);
	json_array_end(&jw);
	strbuf_addstr(&expect, ",\n  {\n    \"a\": 1,\n    \"b\": 2\n  }\n]\n");
	assert_string_equal(sb.buf, expect.buf);

	strbuf_release(&sb);
	strbuf_release(&expect);
}

/* run-command */

static void assert_quoted(const char *expect, char *const *argv)
{
	struct strbuf sb = STRBUF_INIT;

	quote_argv(&sb, argv);
	assert_string_equal(sb.buf, expect);
	strbuf_release(&sb);
}

static void test_quote_argv(void **state UNUSED)
{
	char *plain[] = { "make", "-j8", "O=/tmp/b", "a,b:c@d%e+f_g.h",
			  NULL };
	char *odd[] = { "it's", "a b", "$HOME", "", "x\"y", "*", "'",
			"semi;", NULL };
	char *none[] = { NULL };

	assert_quoted("make -j8 O=/tmp/b a,b:c@d%e+f_g.h", plain);
	assert_quoted("'it'\\''s' 'a b' '$HOME' '' 'x\"y' '*' ''\\''' "
		      "'semi;'", odd);
	assert_quoted("", none);
}

static void test_quote_argv_appends(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	char *argv[] = { "b c", NULL };

	strbuf_addstr(&sb, "$");
	quote_argv(&sb, argv);
	assert_string_equal(sb.buf, "$ 'b c'");
	strbuf_release(&sb);
}

static void test_capture_stdout(void **state UNUSED)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT;

	strvec_pushl(&cp.args, "printf", "hello", NULL);
	assert_int_equal(capture_command(&cp, &out, NULL), 0);
	assert_string_equal(out.buf, "hello");
	assert_int_equal(out.len, 5);
	assert_int_equal(cp.pid, 0);
	assert_no_children();
	strvec_clear(&cp.args);
	strbuf_release(&out);
}

static void test_capture_stderr_status(void **state UNUSED)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	strvec_pushl(&cp.args, "sh", "-c", "echo out; echo err >&2; exit 3",
		     NULL);
	assert_int_equal(capture_command(&cp, &out, &err), 3);
	assert_string_equal(out.buf, "out\n");
	assert_string_equal(err.buf, "err\n");
	assert_no_children();
	strvec_clear(&cp.args);
	strbuf_release(&out);
	strbuf_release(&err);

	/* a signal is reported as 128 + N */
	strvec_pushl(&cp.args, "sh", "-c", "kill -TERM $$", NULL);
	assert_int_equal(capture_command(&cp, &out, NULL), 128 + 15);
	assert_no_children();
	strvec_clear(&cp.args);
	strbuf_release(&out);
}

/* More than a pipe holds on both streams at once must not deadlock. */
static void test_capture_large(void **state UNUSED)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;

	strvec_pushl(&cp.args, "sh", "-c",
		     "i=0; while [ $i -lt 3000 ]; do "
		     "echo 0123456789abcdef0123456789abcdef0123456789abcdef; "
		     "echo e0123456789abcdef0123456789abcdef >&2; "
		     "i=$((i + 1)); done", NULL);
	assert_int_equal(capture_command(&cp, &out, &err), 0);
	assert_int_equal(out.len, 3000 * 49);
	assert_int_equal(err.len, 3000 * 34);
	for (i = 0; i < out.len; i += 49)
		assert_memory_equal(out.buf + i,
				    "0123456789abcdef0123456789abcdef"
				    "0123456789abcdef\n", 49);
	assert_no_children();
	strvec_clear(&cp.args);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_capture_missing_program(void **state UNUSED)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct stderr_capture c;
	int errors = error_count;
	char *msg;

	strvec_pushl(&cp.args, "no-such-program-kdev", "arg", NULL);
	stderr_capture_begin(&c);
	assert_int_equal(capture_command(&cp, &out, &err), -1);
	msg = stderr_capture_end(&c);
	assert_string_equal(msg, "error: cannot run 'no-such-program-kdev': "
			    "No such file or directory\n");
	assert_int_equal(error_count, errors + 1);
	assert_string_equal(out.buf, "");
	assert_string_equal(err.buf, "");
	assert_int_equal(cp.pid, 0);
	/* the child that failed to exec was reaped */
	assert_no_children();
	/* finishing a command that never started is an error, not a wait */
	assert_int_equal(finish_command(&cp), -1);

	free(msg);
	strvec_clear(&cp.args);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* The same descriptor for out and err, and 2 given for out. */
static void test_run_command_shared_fds(void **state)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf sb = STRBUF_INIT;
	FILE *tmp = tmpfile();
	int fd, saved;

	(void)state;
	assert_non_null(tmp);
	fd = fileno(tmp);
	cp.out = fd;
	cp.err = fd;
	strvec_pushl(&cp.args, "sh", "-c", "echo out; echo err >&2", NULL);
	assert_int_equal(run_command(&cp), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(read_fd(fd, &sb), 0);
	assert_string_equal(sb.buf, "out\nerr\n");
	/* the parent's copy is still open */
	assert_true(fcntl(fd, F_GETFD) >= 0);

	/* out = 2: stdout goes where our stderr goes, stderr is kept */
	strbuf_reset(&sb);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	cp.out = 2;
	cp.err = -1;
	assert_int_equal(run_command(&cp), 0);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(read_fd(fd, &sb), 0);
	assert_string_equal(sb.buf, "out\nerr\n");
	strvec_clear(&cp.args);
	strbuf_release(&sb);
	fclose(tmp);
}

static void test_run_command_dir(void **state)
{
	const char *dir = *state;
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT;
	char *made = xasprintf("%s/made", dir), *missing, *real, *expect;
	struct stderr_capture c;
	char *msg;

	cp.dir = dir;
	strvec_pushl(&cp.args, "sh", "-c", "echo in-dir > made", NULL);
	assert_int_equal(run_command(&cp), 0);
	assert_true(is_file(made));
	assert_int_equal(read_file(made, &out), 0);
	assert_string_equal(out.buf, "in-dir\n");
	strvec_clear(&cp.args);
	strbuf_reset(&out);

	real = realpath(dir, NULL);
	assert_non_null(real);
	expect = xasprintf("%s\n", real);
	strvec_pushl(&cp.args, "pwd", "-P", NULL);
	assert_int_equal(capture_command(&cp, &out, NULL), 0);
	assert_string_equal(out.buf, expect);
	strvec_clear(&cp.args);

	/* a directory that does not exist: the child never execs */
	missing = xasprintf("%s/missing", dir);
	cp.dir = missing;
	strvec_pushl(&cp.args, "true", NULL);
	stderr_capture_begin(&c);
	assert_int_equal(run_command(&cp), -1);
	msg = stderr_capture_end(&c);
	assert_string_equal(msg, "error: cannot run 'true': "
			    "No such file or directory\n");
	assert_no_children();

	free(msg);
	free(missing);
	free(expect);
	free(real);
	free(made);
	strvec_clear(&cp.args);
	strbuf_release(&out);
}

static void test_start_command_empty(void **state UNUSED)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct stderr_capture c;
	char *msg;

	stderr_capture_begin(&c);
	assert_int_equal(run_command(&cp), -1);
	msg = stderr_capture_end(&c);
	assert_string_equal(msg, "error: start_command: empty argv\n");
	free(msg);
}

static void test_have_program(void **state)
{
	const char *dir = *state;
	char *exe = xasprintf("%s/exe", dir);
	char *plain = xasprintf("%s/plain", dir);

	assert_true(have_program("sh"));
	assert_false(have_program("no-such-program-kdev"));
	assert_true(have_program("/bin/sh"));
	assert_false(have_program("/no/such/dir/sh"));

	assert_int_equal(write_file_atomic(exe, "#!/bin/sh\n", 10), 0);
	assert_int_equal(chmod(exe, 0755), 0);
	assert_int_equal(write_file_atomic(plain, "x", 1), 0);
	assert_int_equal(chmod(plain, 0644), 0);
	assert_true(have_program(exe));
	/* root may access() anything, so X_OK alone decides */
	assert_false(have_program(plain));

	free(exe);
	free(plain);
}

/* file */

static void write_bytes(const char *path, const char *buf, size_t n)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/*
 * file_view: a big file is mapped, a small one read (NUL-terminated);
 * a mapped file cut short under kdev ends in an error naming it, not
 * in SIGBUS.
 */
static void test_file_view(void **state)
{
	const char *dir = *state;
	char *path = xasprintf("%s/big", dir);
	char *big = xmalloc(200000), msg[512];
	struct file_view v;
	int pfd[2], status;
	ssize_t n;
	size_t i;
	pid_t pid;

	for (i = 0; i < 200000; i++)
		big[i] = (char)(i * 7);
	write_bytes(path, big, 200000);
	assert_int_equal(file_view_open(path, &v), 0);
	assert_int_equal(v.len, 200000);
	assert_memory_equal(v.buf, big, 200000);
	assert_ptr_not_equal(v.buf, v.sb.buf);	/* mapped, not read */
	file_view_close(&v);

	/* small: read */
	write_bytes(path, "small\n", 6);
	assert_int_equal(file_view_open(path, &v), 0);
	assert_int_equal(v.len, 6);
	assert_string_equal(v.buf, "small\n");
	file_view_close(&v);
	assert_int_equal(file_view_open(dir, &v), -1);	/* a directory */
	file_view_close(&v);

	/* cut short while mapped: the child stops with an error */
	write_bytes(path, big, 200000);
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		volatile char c;

		dup2(pfd[1], 2);
		if (file_view_open(path, &v) || truncate(path, 0))
			_exit(3);
		c = v.buf[150000];
		(void)c;
		_exit(0);
	}
	close(pfd[1]);
	n = read(pfd[0], msg, sizeof(msg) - 1);
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_non_null(strstr(msg, "shrank while kdev read it"));
	assert_non_null(strstr(msg, path));
	free(big);
	free(path);
}

static void test_read_file(void **state)
{
	const char *dir = *state;
	struct strbuf sb = STRBUF_INIT;
	char *path = xasprintf("%s/in", dir), *missing;
	char *big = xmalloc(200000);
	size_t i;
	FILE *f;

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("line 1\nline 2\n", f);
	fclose(f);

	strbuf_addstr(&sb, "prefix:");
	assert_int_equal(read_file(path, &sb), 0);
	assert_string_equal(sb.buf, "prefix:line 1\nline 2\n");
	assert_int_equal(sb.len, 21);
	strbuf_reset(&sb);

	/* larger than one 64 KiB read, with NUL bytes */
	for (i = 0; i < 200000; i++)
		big[i] = (char)(i * 7);
	write_bytes(path, big, 200000);
	assert_int_equal(read_file(path, &sb), 0);
	assert_int_equal(sb.len, 200000);
	assert_memory_equal(sb.buf, big, 200000);
	assert_int_equal(sb.buf[sb.len], '\0');
	strbuf_reset(&sb);

	missing = xasprintf("%s/missing", dir);
	errno = 0;
	assert_int_equal(read_file(missing, &sb), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(sb.buf, "");

	/* a directory opens but cannot be read */
	errno = 0;
	assert_int_equal(read_file(dir, &sb), -1);
	assert_int_equal(errno, EISDIR);

	free(missing);
	free(big);
	free(path);
	strbuf_release(&sb);
}

static void test_mkdir_p(void **state)
{
	const char *dir = *state;
	char *deep = xasprintf("%s/a/b/c", dir);
	char *file = xasprintf("%s/f", dir);
	char *under = xasprintf("%s/f/x", dir);
	struct stderr_capture cap;
	char *err;

	assert_int_equal(mkdir_p(deep), 0);
	assert_true(is_dir(deep));
	assert_int_equal(mkdir_p(deep), 0);	/* there already: fine */
	assert_int_equal(write_file_atomic(file, "x", 1), 0);
	stderr_capture_begin(&cap);
	assert_int_equal(mkdir_p(under), -1);
	err = stderr_capture_end(&cap);
	assert_non_null(strstr(err, "error: cannot create '"));
	assert_non_null(strstr(err, "/f/x': Not a directory"));
	free(err);
	free(deep);
	free(file);
	free(under);
}

static void test_write_file_atomic(void **state)
{
	const char *dir = *state;
	static const char data[] = "first\0with NUL\n";
	struct strbuf sb = STRBUF_INIT;
	char *path = xasprintf("%s/out.json", dir), *names;

	assert_false(is_file(path));
	assert_int_equal(write_file_atomic(path, data, sizeof(data)), 0);
	assert_int_equal(read_file(path, &sb), 0);
	assert_int_equal(sb.len, sizeof(data));
	assert_memory_equal(sb.buf, data, sizeof(data));
	names = list_dir(dir);
	assert_string_equal(names, "out.json");
	free(names);
	strbuf_reset(&sb);

	/* overwrite with something shorter */
	assert_int_equal(write_file_atomic(path, "2nd", 3), 0);
	assert_int_equal(read_file(path, &sb), 0);
	assert_string_equal(sb.buf, "2nd");
	assert_int_equal(sb.len, 3);
	strbuf_reset(&sb);

	/* a new file follows the umask; an old one keeps its mode */
	{
		struct stat st;
		char *fresh = xasprintf("%s/fresh", dir);
		mode_t old = umask(027);

		assert_int_equal(write_file_atomic(fresh, "x", 1), 0);
		umask(old);
		assert_int_equal(stat(fresh, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
		assert_int_equal(chmod(path, 0604), 0);
		assert_int_equal(write_file_atomic(path, "3rd", 3), 0);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0604);
		assert_int_equal(unlink(fresh), 0);
		free(fresh);
	}

	/* and with nothing */
	assert_int_equal(write_file_atomic(path, "", 0), 0);
	assert_int_equal(read_file(path, &sb), 0);
	assert_int_equal(sb.len, 0);
	assert_true(is_file(path));
	names = list_dir(dir);
	assert_string_equal(names, "out.json");
	free(names);

	free(path);
	strbuf_release(&sb);
}

static void test_write_file_atomic_fail(void **state)
{
	const char *dir = *state;
	char *path = xasprintf("%s/no-dir/out", dir), *names, *msg;
	struct stderr_capture c;
	int errors = error_count;

	stderr_capture_begin(&c);
	assert_int_equal(write_file_atomic(path, "x", 1), -1);
	msg = stderr_capture_end(&c);
	assert_true(starts_with(msg, "error: cannot create a temporary file"));
	assert_true(ends_with(msg, "No such file or directory\n"));
	assert_int_equal(error_count, errors + 1);
	assert_false(is_file(path));
	assert_false(is_dir(path));
	names = list_dir(dir);
	assert_string_equal(names, "");

	free(names);
	free(msg);
	free(path);
}

static void test_is_dir_file(void **state)
{
	const char *dir = *state;
	char *file = xasprintf("%s/f", dir), *link = xasprintf("%s/l", dir);
	char *missing = xasprintf("%s/none", dir);

	assert_int_equal(write_file_atomic(file, "", 0), 0);
	assert_int_equal(symlink("f", link), 0);

	assert_true(is_dir(dir));
	assert_false(is_file(dir));
	assert_true(is_file(file));
	assert_false(is_dir(file));
	/* symlinks are followed */
	assert_true(is_file(link));
	assert_false(is_dir(missing));
	assert_false(is_file(missing));
	assert_false(is_file("/dev/null"));
	assert_false(is_dir("/dev/null"));
	assert_true(is_dir("/"));

	free(missing);
	free(link);
	free(file);
}

/* util */

static void test_hexval(void **state UNUSED)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 16; i++) {
		assert_int_equal(hexval(digits[i]), i);
		assert_int_equal(hexval(digits[i] >= 'a' ?
					digits[i] - 'a' + 'A' : digits[i]), i);
	}
	assert_int_equal(hexval('g'), -1);
	assert_int_equal(hexval('G'), -1);
	assert_int_equal(hexval('/'), -1);
	assert_int_equal(hexval(':'), -1);
	assert_int_equal(hexval('@'), -1);
	assert_int_equal(hexval('`'), -1);
	assert_int_equal(hexval('x'), -1);
	assert_int_equal(hexval('\0'), -1);
	assert_int_equal(hexval(-1), -1);
	assert_int_equal(hexval(0xe9), -1);
}

static void test_prefix_suffix(void **state UNUSED)
{
	const char *rest = NULL;

	assert_true(starts_with("vmlinux", "vm"));
	assert_true(starts_with("vmlinux", ""));
	assert_true(starts_with("vm", "vm"));
	assert_false(starts_with("vm", "vmlinux"));
	assert_false(starts_with("xvmlinux", "vm"));

	assert_true(skip_prefix("--tree=/src", "--tree=", &rest));
	assert_string_equal(rest, "/src");
	assert_true(skip_prefix("abc", "abc", &rest));
	assert_string_equal(rest, "");
	assert_true(skip_prefix("abc", "", &rest));
	assert_string_equal(rest, "abc");
	rest = "untouched";
	assert_false(skip_prefix("--tre", "--tree=", &rest));
	assert_false(skip_prefix("-tree=", "--tree=", &rest));
	assert_string_equal(rest, "untouched");

	assert_true(ends_with("mod.ko", ".ko"));
	assert_true(ends_with(".ko", ".ko"));
	assert_true(ends_with("x", ""));
	assert_true(ends_with("", ""));
	assert_false(ends_with("ko", ".ko"));
	assert_false(ends_with("mod.ko.xz", ".ko"));
	assert_false(ends_with("", "x"));
}

static void test_xasprintf(void **state UNUSED)
{
	char *s = xasprintf("%s:%d:%#llx", "file.c", 42, 0xffffffff81000000ULL);
	char *e = xasprintf("%s", "");
	char *d = xstrndup("abcdef", 3);

	assert_string_equal(s, "file.c:42:0xffffffff81000000");
	assert_string_equal(e, "");
	assert_string_equal(d, "abc");
	free(s);
	free(e);
	free(d);
}

/* path_normalize */

static void test_path_normalize(void **state UNUSED)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "a/./b", "a/b" },
		{ "a/x/../b", "a/b" },
		{ "/a/../../b", "/b" },
		{ "../a", "../a" },
		{ "a/../..", ".." },
		{ "../..", "../.." },
		{ "../a/../..", "../.." },
		{ "./", "." },
		{ ".", "." },
		{ "a/..", "." },
		{ "//a//b/", "/a/b" },
		/* in place, "" has no room for "."; it stays empty */
		{ "", "" },
		{ "/", "/" },
		{ "/..", "/" },
		{ "/./", "/" },
		{ "///", "/" },
		{ "a/b/../../../c", "../c" },
		{ "a/b/c/../../d/./e/", "a/d/e" },
		{ "/build/x/../../drivers/tty/sysrq.c",
		  "/drivers/tty/sysrq.c" },
		{ "/usr/src/linux/./kernel/../mm/slub.c",
		  "/usr/src/linux/mm/slub.c" },
		/* names that only look like dots */
		{ ".../a/..b/.c", ".../a/..b/.c" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* exactly sized heap copy: ASan sees any write past it */
		char *p = xstrdup(cases[i].in);

		path_normalize(p);
		if (strcmp(p, cases[i].out))
			fail_msg("path_normalize(\"%s\") = \"%s\", want \"%s\"",
				 cases[i].in, p, cases[i].out);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_init),
		cmocka_unit_test(test_strbuf_add),
		cmocka_unit_test(test_strbuf_addf),
		cmocka_unit_test(test_strbuf_rtrim),
		cmocka_unit_test(test_strbuf_detach),
		cmocka_unit_test(test_strbuf_json_escaped),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_strvec_clear_empty),
		cmocka_unit_test(test_json_compact),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_json_scalars),
		cmocka_unit_test(test_json_long_array),
		cmocka_unit_test(test_quote_argv),
		cmocka_unit_test(test_quote_argv_appends),
		cmocka_unit_test(test_capture_stdout),
		cmocka_unit_test(test_capture_stderr_status),
		cmocka_unit_test(test_capture_large),
		cmocka_unit_test(test_capture_missing_program),
		cmocka_unit_test(test_run_command_shared_fds),
		cmocka_unit_test_setup_teardown(test_run_command_dir,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_start_command_empty),
		cmocka_unit_test_setup_teardown(test_have_program,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_read_file,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_file_view,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_p, tmpdir_setup,
						tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_write_file_atomic,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_write_file_atomic_fail,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_is_dir_file,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_hexval),
		cmocka_unit_test(test_prefix_suffix),
		cmocka_unit_test(test_xasprintf),
		cmocka_unit_test(test_path_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

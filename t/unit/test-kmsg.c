// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for /dev/kmsg records, level names, --since and the log
 * view (src/debug/kmsg.c, src/debug/view.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debug/kmsg.h"
#include "debug/view.h"
#include "lib/strbuf.h"
#include "unit.h"

static void test_record(void **state)
{
	const char *s = "6,1234,5678901,-;hello \\x5c world\\x0asecond\n"
			" SUBSYSTEM=pci\n"
			" DEVICE=+pci:0000:00:01.0\n"
			"4,1235,5678999,c,caller=T12;next\n";
	struct kmsg_record r;
	size_t used, off = 0;

	(void)state;
	assert_int_equal(kmsg_parse(s, strlen(s), &used, &r), 0);
	assert_int_equal(r.level, 6);
	assert_int_equal(r.facility, 0);
	assert_int_equal(r.seq, 1234);
	assert_int_equal(r.usec, 5678901);
	assert_false(r.cont);
	assert_int_equal(r.text_len, strlen("hello \\ world\nsecond"));
	assert_string_equal(r.text, "hello \\ world\nsecond");
	assert_string_equal(r.subsystem, "pci");
	assert_string_equal(r.device, "+pci:0000:00:01.0");
	off += used;
	assert_memory_equal(s + off, "4,1235", 6);
	kmsg_record_release(&r);

	assert_int_equal(kmsg_parse(s + off, strlen(s) - off, &used, &r), 0);
	assert_int_equal(r.level, 4);
	assert_true(r.cont);
	assert_string_equal(r.text, "next");
	assert_null(r.subsystem);
	assert_int_equal(off + used, strlen(s));
	kmsg_record_release(&r);

	/* facility: user (1) at notice (5) is 13 */
	assert_int_equal(kmsg_parse("13,1,2,-;x", 10, &used, &r), 0);
	assert_int_equal(r.facility, 1);
	assert_int_equal(r.level, 5);
	kmsg_record_release(&r);

	/* nothing but blank lines */
	assert_int_equal(kmsg_parse("\n\n", 2, &used, &r), 1);
	assert_int_equal(used, 2);
	/* a NUL as \x00 stays inside the length */
	assert_int_equal(kmsg_parse("0,1,2,-;a\\x00b", 14, &used, &r), 0);
	assert_int_equal(r.text_len, 3);
	assert_memory_equal(r.text, "a\0b", 3);
	kmsg_record_release(&r);
}

static void test_bad_records(void **state)
{
	static const char *const bad[] = {
		"no semicolon here",
		"x,1,2,-;text",
		"6,1,2;text",
		"6,1,2,?;text",
		"6,1,2,-x;text",
		"6,,2,-;text",
		"99999,1,2,-;text",
		"6,1,99999999999999999999999,-;text",
		";text",
	};
	struct kmsg_record r;
	size_t i, used;
	const char *two = "garbage\n6,1,2,-;ok\n";

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(kmsg_parse(bad[i], strlen(bad[i]), &used, &r),
				 -1);
		assert_int_equal(used, strlen(bad[i]));
		assert_null(r.text);
	}
	/* a bad line is skipped, the next record is read */
	assert_int_equal(kmsg_parse(two, strlen(two), &used, &r), -1);
	assert_int_equal(used, 8);
	assert_int_equal(kmsg_parse(two + used, strlen(two) - used, &used, &r),
			 0);
	assert_string_equal(r.text, "ok");
	kmsg_record_release(&r);
}

static void test_levels(void **state)
{
	(void)state;
	assert_int_equal(kmsg_level("emerg"), 0);
	assert_int_equal(kmsg_level("err"), 3);
	assert_int_equal(kmsg_level("error"), 3);
	assert_int_equal(kmsg_level("WARN"), 4);
	assert_int_equal(kmsg_level("warning"), 4);
	assert_int_equal(kmsg_level("debug"), 7);
	assert_int_equal(kmsg_level("7"), 7);
	assert_int_equal(kmsg_level("0"), 0);
	assert_int_equal(kmsg_level("8"), -1);
	assert_int_equal(kmsg_level("77"), -1);
	assert_int_equal(kmsg_level(""), -1);
	assert_int_equal(kmsg_level("loud"), -1);
	assert_string_equal(kmsg_level_name(3), "err");
	assert_string_equal(kmsg_level_name(9), "?");
}

static void test_since(void **state)
{
	double out, boot_wall;
	struct tm tm = { 0 };

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(kmsg_parse_since("12.5", 100, 0, &out), 0);
	assert_true(out == 12.5);
	assert_int_equal(kmsg_parse_since("90s", 100, 0, &out), 0);
	assert_true(out == 10);
	assert_int_equal(kmsg_parse_since("1m", 100, 0, &out), 0);
	assert_true(out == 40);
	assert_int_equal(kmsg_parse_since("1h30m", 10000, 0, &out), 0);
	assert_true(out == 10000 - 5400);
	assert_int_equal(kmsg_parse_since("2d", 100, 0, &out), 0);
	assert_true(out == 0);	/* before the boot: from the start */
	/* wall clock: boot at 2024-05-01 12:00:00 UTC */
	tm.tm_year = 124;
	tm.tm_mon = 4;
	tm.tm_mday = 1;
	tm.tm_hour = 12;
	boot_wall = (double)timegm(&tm);
	assert_int_equal(kmsg_parse_since("2024-05-01 12:01:00", 1000,
					  boot_wall, &out), 0);
	assert_true(out == 60);
	assert_int_equal(kmsg_parse_since("2024-05-01T12:00:30", 1000,
					  boot_wall, &out), 0);
	assert_true(out == 30);
	assert_int_equal(kmsg_parse_since("2024-04-30", 1000, boot_wall, &out),
			 0);
	assert_true(out == 0);
	assert_int_equal(kmsg_parse_since("12:00", 1000, 0, &out), 0);
	assert_int_equal(kmsg_parse_since("", 1, 0, &out), -1);
	assert_int_equal(kmsg_parse_since("10x", 1, 0, &out), -1);
	assert_int_equal(kmsg_parse_since("-5", 1, 0, &out), -1);
	assert_int_equal(kmsg_parse_since("yesterday", 1, 0, &out), -1);
	assert_int_equal(kmsg_parse_since("2024-13-01", 1, 0, &out), -1);
}

static void test_times(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	kmsg_add_boot_time(&sb, 1234567);
	assert_string_equal(sb.buf, "[    1.234567] ");
	strbuf_reset(&sb);
	kmsg_add_boot_time(&sb, 123456000001ULL);
	assert_string_equal(sb.buf, "[123456.000001] ");
	strbuf_reset(&sb);
	kmsg_add_iso_time(&sb, 2500000, 1714564800.0);
	assert_string_equal(sb.buf, "2024-05-01T12:00:02.500000+00:00 ");
	strbuf_release(&sb);
}

/* Run records through a view into a string. */
static char *view_of(const char *kmsg, int decode, int json, int color)
{
	struct decode_options o = DECODE_OPTIONS_INIT;
	struct kmsg_view v;
	char *buf = NULL;
	size_t len = 0, off = 0, used;
	FILE *fp = open_memstream(&buf, &len);
	struct stderr_capture cap;

	o.vmlinux = "/nonexistent/vmlinux";
	stderr_capture_begin(&cap);
	kmsg_view_init(&v, fp, &o);
	v.decode = decode;
	v.json = json;
	v.color = color;
	while (off < strlen(kmsg)) {
		struct kmsg_record r;

		if (!kmsg_parse(kmsg + off, strlen(kmsg) - off, &used, &r)) {
			kmsg_view_record(&v, &r);
			kmsg_record_release(&r);
		}
		off += used;
	}
	kmsg_view_flush(&v);
	kmsg_view_release(&v);
	fclose(fp);
	free(stderr_capture_end(&cap));
	return buf;
}

static const char oops[] =
	"6,1,1000000,-;before\n"
	"1,2,2000000,-;BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	"4,3,2000001,-;Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
	"4,4,2000002,-;Call Trace:\n"
	"4,5,2000003,-; <TASK>\n"
	"4,6,2000004,-; kdevcrash_outer+0xd/0x30 [kdevcrash]\n"
	"4,7,2000005,-; </TASK>\n"
	"4,8,2000006,-;---[ end trace 0000000000000000 ]---\n"
	"6,9,3000000,-;after\\x0atwo lines\n";

static void test_view_text(void **state)
{
	char *out;

	(void)state;
	out = view_of(oops, 0, 0, 0);
	assert_string_equal(out,
		"[    1.000000] before\n"
		"[    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		"[    2.000001] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		"[    2.000002] Call Trace:\n"
		"[    2.000003]  <TASK>\n"
		"[    2.000004]  kdevcrash_outer+0xd/0x30 [kdevcrash]\n"
		"[    2.000005]  </TASK>\n"
		"[    2.000006] ---[ end trace 0000000000000000 ]---\n"
		"[    3.000000] after\n"
		"[    3.000000] two lines\n");
	free(out);

	/* colour: the level's, reset at the end of the line */
	out = view_of("3,1,1,-;bad\n6,2,2,-;fine\n", 0, 0, 1);
	assert_string_equal(out, "[    0.000001] \033[31mbad\033[0m\n"
			    "[    0.000002] fine\n");
	free(out);
}

static void test_view_decodes_once(void **state)
{
	char *out;

	(void)state;
	/* held while the report is cut, then printed once, decoded */
	out = view_of(oops, 1, 0, 0);
	assert_non_null(strstr(out, "[    1.000000] before\n"));
	assert_non_null(strstr(out, "kdevcrash_outer+0xd/0x30 [kdevcrash]"));
	assert_non_null(strstr(out, "Oops: 0002"));
	assert_null(strstr(strstr(out, "Oops: 0002") + 1, "Oops: 0002"));
	assert_null(strstr(strstr(out, "Call Trace:") + 1, "Call Trace:"));
	/* the order stays: before, the report, after */
	assert_true(strstr(out, "before") < strstr(out, "Oops"));
	assert_true(strstr(out, "end trace") < strstr(out, "after"));
	free(out);
}

static void test_view_json(void **state)
{
	char *out;

	(void)state;
	out = view_of("3,1,1500000,-;a \\x22q\\x22\n", 0, 1, 0);
	assert_string_equal(out, "{\"type\":\"record\",\"seq\":1,\"usec\":1500000,"
			    "\"time\":\"1.500000\",\"level\":\"err\","
			    "\"priority\":3,\"facility\":0,"
			    "\"text\":\"a \\\"q\\\"\"}\n");
	free(out);
	out = view_of(oops, 1, 1, 0);
	/* nine records and one report, one object a line */
	{
		size_t lines = 0;
		const char *p;

		for (p = out; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, 10);
	}
	assert_non_null(strstr(out, "{\"type\":\"report\",\"severity\":\"oops\","
			       "\"decoded\":{\"reports\":["));
	assert_non_null(strstr(out, "\"symbol\":\"kdevcrash_outer\""));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_view_text),
		cmocka_unit_test(test_view_decodes_once),
		cmocka_unit_test(test_view_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

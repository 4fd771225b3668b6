// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <string.h>

#include "kconfig/dotconfig.h"

static int parse(struct dotconfig *dc, const char *text, char **err)
{
	struct stderr_capture cap;
	int bad;

	stderr_capture_begin(&cap);
	bad = dotconfig_parse(dc, text, strlen(text), "t.config", "CONFIG_");
	*err = stderr_capture_end(&cap);
	return bad;
}

static void test_parse_forms(void **state UNUSED)
{
	struct dotconfig dc = DOTCONFIG_INIT;
	const struct dotconfig_entry *e;
	char *err;

	assert_int_equal(parse(&dc,
		"#\n# Automatically generated file; DO NOT EDIT.\n#\n"
		"CONFIG_A=y\n"
		"# CONFIG_B is not set\n"
		"CONFIG_C=m\r\n"
		"CONFIG_S=\"a \\\"q\\\" b\"\n"
		"CONFIG_H=0x10\n"
		"# CONFIG_D is not set, really\n"
		"\n"
		"CONFIG_A=n\n", &err), 0);
	assert_string_equal(err, "");
	free(err);
	assert_non_null(e = dotconfig_find(&dc, "A"));
	assert_string_equal(e->value, "n");		/* the last one wins */
	assert_int_equal(e->line, 11);
	assert_non_null(e = dotconfig_find(&dc, "B"));
	assert_string_equal(e->value, "n");
	assert_non_null(e = dotconfig_find(&dc, "C"));
	assert_string_equal(e->value, "m");
	assert_non_null(e = dotconfig_find(&dc, "S"));
	assert_string_equal(e->value, "\"a \\\"q\\\" b\"");
	assert_non_null(e = dotconfig_find(&dc, "H"));
	assert_string_equal(e->value, "0x10");
	assert_null(dotconfig_find(&dc, "D"));
	assert_null(dotconfig_find(&dc, "Z"));
	assert_int_equal(dc.nr, 5);
	dotconfig_release(&dc);
}

static void test_parse_malformed(void **state UNUSED)
{
	struct dotconfig dc = DOTCONFIG_INIT;
	char *err;

	assert_int_equal(parse(&dc,
		"CONFIG_A=y\n"
		"CONFIG_B\n"
		"FOO=y\n"
		"CONFIG_C=\"unterminated\n"
		"CONFIG_D=two words\n"
		"CONFIG_=y\n", &err), 5);
	assert_non_null(strstr(err, "t.config:2: not a config assignment"));
	assert_non_null(strstr(err, "t.config:3:"));
	assert_non_null(strstr(err, "t.config:4:"));
	assert_non_null(strstr(err, "t.config:5:"));
	assert_non_null(strstr(err, "t.config:6:"));
	free(err);
	assert_int_equal(dc.nr, 1);
	dotconfig_release(&dc);
}

static void test_parse_prefix(void **state UNUSED)
{
	struct dotconfig dc = DOTCONFIG_INIT;

	assert_int_equal(dotconfig_parse(&dc, "XX_A=y\n# XX_B is not set\n",
					 25, NULL, "XX_"), 0);
	assert_int_equal(dc.nr, 2);
	assert_string_equal(dotconfig_find(&dc, "B")->value, "n");
	dotconfig_release(&dc);
}

static void test_diff(void **state UNUSED)
{
	struct dotconfig a = DOTCONFIG_INIT, b = DOTCONFIG_INIT;
	struct dotconfig_diff *d;
	const char *ta = "CONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\n"
			 "CONFIG_E=1\n";
	const char *tb = "CONFIG_E=2\nCONFIG_B=y\nCONFIG_C=m\nCONFIG_D=y\n";
	size_t n;

	dotconfig_parse(&a, ta, strlen(ta), NULL, "CONFIG_");
	dotconfig_parse(&b, tb, strlen(tb), NULL, "CONFIG_");
	n = dotconfig_diff(&a, &b, &d);
	assert_int_equal(n, 4);
	assert_int_equal(d[0].change, DC_REMOVED);
	assert_string_equal(d[0].name, "A");
	assert_string_equal(d[0].old, "y");
	assert_null(d[0].new);
	assert_int_equal(d[1].change, DC_CHANGED);
	assert_string_equal(d[1].name, "C");
	assert_string_equal(d[1].old, "n");
	assert_string_equal(d[1].new, "m");
	assert_int_equal(d[2].change, DC_ADDED);
	assert_string_equal(d[2].name, "D");
	assert_int_equal(d[3].change, DC_CHANGED);
	assert_string_equal(d[3].name, "E");
	free(d);
	assert_int_equal(dotconfig_diff(&a, &a, &d), 0);
	free(d);
	dotconfig_release(&a);
	dotconfig_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_prefix),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

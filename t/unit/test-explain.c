// SPDX-License-Identifier: GPL-2.0
/*
 * Why a value did not stick, and enable --deps (src/kconfig/explain.c),
 * on small inline Kconfig files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <errno.h>
#include <string.h>

#include "kconfig/explain.h"
#include "kconfig/kconfig.h"

static const char *kconfig_text;

static int vread(void *data UNUSED, const char *name, struct strbuf *out)
{
	if (strcmp(name, "Kconfig")) {
		errno = ENOENT;
		return -1;
	}
	strbuf_addstr(out, kconfig_text);
	return 0;
}

static const char base[] =
	"config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n"
	"config NET\n\tbool \"net\"\n"
	"config INET\n\tbool \"inet\"\n\tdepends on NET\n"
	"config NET_9P\n\ttristate \"9p\"\n\tdepends on NET\n"
	"config 9P_FS\n\ttristate \"9p fs\"\n\tdepends on INET && NET_9P\n"
	"config HIDDEN\n\tbool\n\tdefault y if NET\n"
	"config CRC\n\ttristate \"crc\"\n"
	"config USER\n\tbool \"user\"\n\tselect CRC\n"
	"config FP\n\tbool\n"
	"choice\n\tprompt \"unwinder\"\n\tdefault ORC\n"
	"config ORC\n\tbool \"orc\"\n"
	"config FPU\n\tbool \"frame pointer\"\n\tselect FP\n"
	"endchoice\n"
	"config CPUS\n\tint \"cpus\"\n\trange 2 64\n\tdefault 8\n"
	"config ARCHONLY\n\tbool\n"
	"config NEEDS_ARCH\n\tbool \"needs arch\"\n\tdepends on ARCHONLY\n";

static struct kconfig *load(const char *config)
{
	struct kconfig_parse_opts o = {
		.root = "Kconfig", .read_file = vread, .quiet = true,
	};
	struct kconfig *kc;

	kconfig_text = base;
	kc = kconfig_parse(&o);
	assert_non_null(kc);
	if (config)
		assert_int_equal(kconfig_read_text(kc, "c", config,
						   strlen(config), false), 0);
	kconfig_calc(kc);
	return kc;
}

/* set NAME=VALUE, resolve, explain; returns the reason (or NULL) */
static char *set_explain(struct kconfig *kc, const char *name,
			 const char *value)
{
	struct strbuf why = STRBUF_INIT;
	struct ksym *sym = kconfig_lookup(kc, name);

	assert_non_null(sym);
	assert_int_equal(kconfig_set_user(kc, name, value), 0);
	kconfig_calc(kc);
	if (kconfig_explain(sym, value, &why)) {
		strbuf_release(&why);
		return NULL;
	}
	return strbuf_detach(&why, NULL);
}

static void test_sticks(void **state UNUSED)
{
	struct kconfig *kc = load("CONFIG_NET=y\n");

	assert_null(set_explain(kc, "INET", "y"));
	assert_null(set_explain(kc, "CPUS", "16"));
	kconfig_free(kc);
}

static void test_depends(void **state UNUSED)
{
	struct kconfig *kc = load("CONFIG_NET=y\nCONFIG_NET_9P=y\n");
	char *why = set_explain(kc, "9P_FS", "y");

	assert_non_null(why);
	assert_string_equal(why, "depends on INET [=n] && NET_9P [=y] (unmet: INET [=n])");
	free(why);
	kconfig_free(kc);
}

static void test_select_and_no_prompt(void **state UNUSED)
{
	struct kconfig *kc = load("CONFIG_USER=y\n");
	char *why = set_explain(kc, "CRC", "n");

	assert_string_equal(why, "selected by USER [=y]");
	free(why);
	why = set_explain(kc, "FP", "y");
	assert_non_null(strstr(why, "it has no prompt"));
	assert_non_null(strstr(why, "selected by FPU [=n]"));
	free(why);
	kconfig_free(kc);
}

static void test_choice_range_bool(void **state UNUSED)
{
	struct kconfig *kc = load(NULL);
	char *why;

	assert_int_equal(kconfig_set_user(kc, "FPU", "y"), 0);
	why = set_explain(kc, "ORC", "y");
	assert_null(why);			/* the later one wins */
	kconfig_free(kc);
	kc = load(NULL);
	why = set_explain(kc, "ORC", "n");	/* the default member */
	assert_non_null(strstr(why, "must have one member set"));
	free(why);
	why = set_explain(kc, "FPU", "y");
	assert_null(why);
	why = set_explain(kc, "CPUS", "100");
	assert_string_equal(why, "out of range [2 64] (Kconfig:37)");
	free(why);
	assert_int_equal(kconfig_set_user(kc, "MODULES", "n"), 0);
	why = set_explain(kc, "CRC", "m");
	assert_string_equal(why, "MODULES is n: tristates are y or n");
	free(why);
	kconfig_free(kc);
}

static void test_enable_deps(void **state UNUSED)
{
	struct kconfig *kc = load(NULL);
	struct strvec steps = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;

	assert_int_equal(kconfig_enable(kc, kconfig_lookup(kc, "9P_FS"), mod,
					 true, &steps, &why), 0);
	assert_int_equal(steps.nr, 4);
	assert_string_equal(steps.v[0], "NET=y");
	assert_string_equal(steps.v[1], "INET=y");
	assert_string_equal(steps.v[2], "NET_9P=m");
	assert_string_equal(steps.v[3], "9P_FS=m");
	kconfig_calc(kc);
	assert_string_equal(ksym_value(kconfig_lookup(kc, "9P_FS")), "m");
	strvec_clear(&steps);

	/* no prompt: through its selector, a choice member */
	assert_int_equal(kconfig_enable(kc, kconfig_lookup(kc, "FP"), yes,
					 true, &steps, &why), 0);
	assert_int_equal(steps.nr, 1);
	assert_string_equal(steps.v[0], "FPU=y");
	strvec_clear(&steps);
	kconfig_free(kc);
}

static void test_enable_fails(void **state UNUSED)
{
	struct kconfig *kc = load(NULL);
	struct strvec steps = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;

	assert_int_equal(kconfig_enable(kc, kconfig_lookup(kc, "NEEDS_ARCH"),
					 yes, true, &steps, &why), -1);
	assert_string_equal(why.buf, "ARCHONLY has no prompt and nothing selects it: it cannot be turned on here");
	assert_int_equal(steps.nr, 0);
	strbuf_reset(&why);
	/* without --deps: nothing is turned on for it */
	assert_int_equal(kconfig_enable(kc, kconfig_lookup(kc, "INET"), yes,
					 false, &steps, &why), -1);
	assert_non_null(strstr(why.buf, "INET stays n: depends on NET [=n]"));
	assert_string_equal(ksym_value(kconfig_lookup(kc, "NET")), "n");
	strbuf_release(&why);
	strvec_clear(&steps);
	kconfig_free(kc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sticks),
		cmocka_unit_test(test_depends),
		cmocka_unit_test(test_select_and_no_prompt),
		cmocka_unit_test(test_choice_range_bool),
		cmocka_unit_test(test_enable_deps),
		cmocka_unit_test(test_enable_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The Kconfig parser, preprocessor and evaluator (src/kconfig/) on
 * small inline Kconfig files. The expected .config texts are what the
 * kernel's own scripts/kconfig/conf --olddefconfig writes for the same
 * Kconfig and .config (checked with Debian's linux-source-6.1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <errno.h>
#include <string.h>

#include "kconfig/internal.h"
#include "kconfig/kconfig.h"
#include "lib/error.h"

/* Helpers */

struct vfile {
	const char *name;
	const char *text;
};

static int vread(void *data, const char *name, struct strbuf *out)
{
	const struct vfile *f;

	for (f = data; f->name; f++)
		if (!strcmp(f->name, name)) {
			strbuf_addstr(out, f->text);
			return 0;
		}
	errno = ENOENT;
	return -1;
}

static const char *const test_env[] = {
	"ARCH=x86", "ENVVAR=from-env", "NAME=MY", NULL,
};

static struct kconfig *parse_files(const struct vfile *files,
				   struct kconfig_shell *sh)
{
	struct kconfig_parse_opts o = {
		.root = files[0].name, .read_file = vread,
		.data = (void *)files, .env = test_env, .shell = sh,
	};

	return kconfig_parse(&o);
}

static struct kconfig *parse(const char *text)
{
	const struct vfile files[] = { { "Kconfig", text }, { NULL, NULL } };

	return parse_files(files, NULL);
}

/* Parse, expecting failure; returns what went to stderr. */
static char *parse_fails(const char *text)
{
	struct stderr_capture c;
	struct kconfig *kc;

	stderr_capture_begin(&c);
	kc = parse(text);
	assert_null(kc);
	return stderr_capture_end(&c);
}

/* A .config in a temporary file, read as olddefconfig does. */
static void read_config(struct kconfig *kc, const char *text, bool merge)
{
	char path[] = "/tmp/kdev-kconfig-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(kconfig_read(kc, path, merge), 0);
	unlink(path);
}

/* The .config olddefconfig writes for @config (NULL: none) */
static char *olddefconfig(struct kconfig *kc, const char *config)
{
	struct strbuf sb = STRBUF_INIT;

	if (config)
		read_config(kc, config, false);
	kconfig_calc(kc);
	kconfig_format(kc, &sb);
	return strbuf_detach(&sb, NULL);
}

#define HEADER "#\n# Automatically generated file; DO NOT EDIT.\n" \
	       "# Main menu\n#\n"

static void expect_config(const char *kconfig, const char *config,
			  const char *expected)
{
	struct kconfig *kc = parse(kconfig);
	char *out;

	assert_non_null(kc);
	out = olddefconfig(kc, config);
	assert_string_equal(out, expected);
	free(out);
	kconfig_free(kc);
}

static const char *value(struct kconfig *kc, const char *name)
{
	struct ksym *sym = kconfig_lookup(kc, name);

	assert_non_null(sym);
	return ksym_value(sym);
}

/* Values, types, select and depends */

static const char basic_kconfig[] =
	"config MODULES\n"
	"\tbool \"modules\"\n"
	"\tmodules\n"
	"\n"
	"choice\n"
	"\tprompt \"pick\"\n"
	"\tdefault B\n"
	"config A\n"
	"\tbool \"a\"\n"
	"config B\n"
	"\tbool \"b\"\n"
	"endchoice\n"
	"\n"
	"config T\n"
	"\ttristate \"t\"\n"
	"\tdefault m\n"
	"config S\n"
	"\tbool \"s\"\n"
	"\tselect T\n"
	"config D\n"
	"\tbool\n"
	"\tdefault y\n"
	"\tdepends on S\n"
	"config N\n"
	"\tint \"n\"\n"
	"\trange 2 10\n"
	"\tdefault 20\n"
	"config H\n"
	"\thex \"h\"\n"
	"\tdefault 0x10\n"
	"config STR\n"
	"\tstring \"str\"\n"
	"\tdefault \"a\\\"b\"\n";

static void test_basic(void **state)
{
	(void)state;
	/* select lifts T to y past its default; D's default needs S;
	   N's default is clamped to the range; strings are escaped */
	expect_config(basic_kconfig, "CONFIG_S=y\n",
		      HEADER
		      "# CONFIG_MODULES is not set\n"
		      "# CONFIG_A is not set\n"
		      "CONFIG_B=y\n"
		      "CONFIG_T=y\n"
		      "CONFIG_S=y\n"
		      "CONFIG_D=y\n"
		      "CONFIG_N=10\n"
		      "CONFIG_H=0x10\n"
		      "CONFIG_STR=\"a\\\"b\"\n");
	/* without S, D is not written at all */
	expect_config(basic_kconfig, "CONFIG_MODULES=y\nCONFIG_A=y\n",
		      HEADER
		      "CONFIG_MODULES=y\n"
		      "CONFIG_A=y\n"
		      "# CONFIG_B is not set\n"
		      "CONFIG_T=m\n"
		      "# CONFIG_S is not set\n"
		      "CONFIG_N=10\n"
		      "CONFIG_H=0x10\n"
		      "CONFIG_STR=\"a\\\"b\"\n");
}

/* Choices: default, user choice, optional, tristate, hidden */

static const char choice_kconfig[] =
	"config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n"
	"choice\n\tprompt \"bool choice\"\n\tdefault C2 if D\n"
	"config C1\n\tbool \"c1\"\n"
	"config C2\n\tbool \"c2\"\n"
	"endchoice\n"
	"config D\n\tbool \"d\"\n"
	"choice\n\tprompt \"opt\"\n\toptional\n"
	"config O1\n\tbool \"o1\"\n"
	"endchoice\n"
	"choice\n\tprompt \"tri\"\n\ttristate\n"
	"config T1\n\ttristate \"t1\"\n"
	"config T2\n\ttristate \"t2\"\n"
	"endchoice\n"
	"choice\n\tprompt \"hidden\"\n\tdepends on D\n"
	"config H1\n\tbool \"h1\"\n"
	"endchoice\n";

static void test_choice(void **state)
{
	(void)state;
	/* first visible member; an optional choice is off; a tristate
	   choice is m, its members n */
	expect_config(choice_kconfig, "",
		      HEADER
		      "CONFIG_MODULES=y\n"
		      "CONFIG_C1=y\n"
		      "# CONFIG_C2 is not set\n"
		      "# CONFIG_D is not set\n"
		      "# CONFIG_T1 is not set\n"
		      "# CONFIG_T2 is not set\n");
	/* the user's choice beats the default; m members of an m choice */
	expect_config(choice_kconfig,
		      "CONFIG_D=y\nCONFIG_C1=y\nCONFIG_T1=m\nCONFIG_T2=m\n"
		      "CONFIG_O1=y\n",
		      HEADER
		      "CONFIG_MODULES=y\n"
		      "CONFIG_C1=y\n"
		      "# CONFIG_C2 is not set\n"
		      "CONFIG_D=y\n"
		      "CONFIG_O1=y\n"
		      "CONFIG_T1=m\n"
		      "CONFIG_T2=m\n"
		      "CONFIG_H1=y\n");
	/* the conditional default */
	expect_config(choice_kconfig, "CONFIG_D=y\n",
		      HEADER
		      "CONFIG_MODULES=y\n"
		      "# CONFIG_C1 is not set\n"
		      "CONFIG_C2=y\n"
		      "CONFIG_D=y\n"
		      "# CONFIG_T1 is not set\n"
		      "# CONFIG_T2 is not set\n"
		      "CONFIG_H1=y\n");
}

static void test_choice_members(void **state)
{
	struct kconfig *kc = parse(choice_kconfig);
	struct ksym *c1, *ch;

	(void)state;
	assert_non_null(kc);
	c1 = kconfig_lookup(kc, "C1");
	ch = c1->choice;
	assert_non_null(ch);
	assert_true(ch->is_choice);
	assert_null(ch->name);
	assert_int_equal(ch->nr_members, 2);
	assert_ptr_equal(ch->members[0], c1);
	assert_string_equal(ch->members[1]->name, "C2");
	kconfig_calc(kc);
	assert_ptr_equal(ch->selected, c1);
	kconfig_free(kc);
}

/* imply, select against depends, and tristates without MODULES */

static const char modules_kconfig[] =
	"config MODULES\n\tbool \"modules\"\n\tmodules\n"
	"config T\n\ttristate \"t\"\n\tdefault m\n"
	"config U\n\ttristate \"u\"\n"
	"config V\n\tbool \"v\"\n\tdepends on m\n\tdefault y\n"
	"config W\n\tbool \"w\"\n\tdefault m\n"
	"config A\n\tbool \"a\"\n\timply B\n\tselect SEL\n"
	"config B\n\ttristate \"b\"\n\tdepends on C\n"
	"config C\n\tbool \"c\"\n\tdefault y\n"
	"config SEL\n\tbool\n\tdepends on C\n";

static void test_modules_imply_select(void **state)
{
	struct stderr_capture cap;
	struct kconfig *kc;
	char *out, *err;

	(void)state;
	/* MODULES=n: m is y, and "depends on m" is n */
	expect_config(modules_kconfig, "CONFIG_U=m\nCONFIG_A=y\n",
		      HEADER
		      "# CONFIG_MODULES is not set\n"
		      "CONFIG_T=y\nCONFIG_U=y\nCONFIG_W=y\nCONFIG_A=y\n"
		      "CONFIG_B=y\nCONFIG_C=y\nCONFIG_SEL=y\n");
	expect_config(modules_kconfig,
		      "CONFIG_MODULES=y\nCONFIG_U=m\nCONFIG_A=y\n",
		      HEADER
		      "CONFIG_MODULES=y\n"
		      "CONFIG_T=m\nCONFIG_U=m\nCONFIG_V=y\nCONFIG_W=y\n"
		      "CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_SEL=y\n");
	/* imply gives way to the user's n, select does not */
	expect_config(modules_kconfig,
		      "CONFIG_MODULES=y\nCONFIG_A=y\n# CONFIG_B is not set\n",
		      HEADER
		      "CONFIG_MODULES=y\n"
		      "CONFIG_T=m\n# CONFIG_U is not set\nCONFIG_V=y\n"
		      "CONFIG_W=y\nCONFIG_A=y\n# CONFIG_B is not set\n"
		      "CONFIG_C=y\nCONFIG_SEL=y\n");
	/* select beats depends on, with a warning */
	kc = parse(modules_kconfig);
	assert_non_null(kc);
	stderr_capture_begin(&cap);
	out = olddefconfig(kc, "CONFIG_MODULES=y\nCONFIG_A=y\n"
			   "# CONFIG_C is not set\n");
	err = stderr_capture_end(&cap);
	assert_non_null(strstr(out, "# CONFIG_C is not set\nCONFIG_SEL=y\n"));
	assert_non_null(strstr(err, "unmet direct dependencies detected for SEL"));
	assert_non_null(strstr(err, "Depends on [n]: C [=n]"));
	assert_non_null(strstr(err, "Selected by [y]:\n  - A [=y]"));
	free(out);
	free(err);
	kconfig_free(kc);
}

/* Ranges, int/hex/string values and comparisons */

static const char numbers_kconfig[] =
	"config N\n\tint \"n\"\n\trange 1 10\n"
	"config M\n\tint \"m\"\n\trange 1 10\n\tdefault 5\n"
	"config H\n\thex \"h\"\n\trange 0x10 0x20\n\tdefault 0x30\n"
	"config BIG\n\tbool \"big\"\n\tdefault y if M > 3\n"
	"config HX\n\tbool \"hx\"\n\tdefault y if H >= 0x18\n"
	"config S\n\tstring \"s\"\n\tdefault \"abc\"\n"
	"config SEQ\n\tbool \"seq\"\n\tdefault y if S = \"abc\"\n"
	"config SLT\n\tdef_bool S < \"abd\"\n"
	"config NEG\n\tint \"neg\"\n\tdefault -3\n"
	"config NOPROMPT\n\tint\n\tdefault 7 if BIG\n\tdefault 8\n";

static void test_numbers(void **state)
{
	(void)state;
	/* a user value out of range is dropped for the default; no
	   value at all is clamped to the range */
	expect_config(numbers_kconfig, "CONFIG_M=50\nCONFIG_H=0x15\n",
		      HEADER
		      "CONFIG_N=1\nCONFIG_M=5\nCONFIG_H=0x15\nCONFIG_BIG=y\n"
		      "# CONFIG_HX is not set\nCONFIG_S=\"abc\"\n"
		      "CONFIG_SEQ=y\nCONFIG_SLT=y\nCONFIG_NEG=-3\n"
		      "CONFIG_NOPROMPT=7\n");
	/* hex without 0x compares as hex; strings compare as strings */
	expect_config(numbers_kconfig,
		      "CONFIG_M=2\nCONFIG_H=1a\nCONFIG_S=\"abd\"\n",
		      HEADER
		      "CONFIG_N=1\nCONFIG_M=2\nCONFIG_H=1a\n"
		      "# CONFIG_BIG is not set\nCONFIG_HX=y\n"
		      "CONFIG_S=\"abd\"\n# CONFIG_SEQ is not set\n"
		      "CONFIG_NEG=-3\nCONFIG_NOPROMPT=8\n");
	/* a default out of range is clamped */
	expect_config(numbers_kconfig, "",
		      HEADER
		      "CONFIG_N=1\nCONFIG_M=5\nCONFIG_H=0x20\nCONFIG_BIG=y\n"
		      "CONFIG_HX=y\nCONFIG_S=\"abc\"\nCONFIG_SEQ=y\n"
		      "CONFIG_SLT=y\nCONFIG_NEG=-3\nCONFIG_NOPROMPT=7\n");
}

/* Menus: visible if, if blocks, menuconfig, comments, mainmenu */

static const char menus_kconfig[] =
	"mainmenu \"Test $(ARCH) menu\"\n"
	"menu \"Visible\"\n\tvisible if SHOW\n"
	"config IN\n\tbool \"in\"\n\tdefault y\n"
	"endmenu\n"
	"config SHOW\n\tbool \"show\"\n"
	"menuconfig MC\n\tbool \"mc\"\n"
	"if MC\n"
	"config CHILD\n\tbool \"child\"\n\tdefault y\n"
	"comment \"a comment\"\n\tdepends on CHILD\n"
	"endif\n"
	"menu \"Empty\"\n\tdepends on n\n"
	"config GONE\n\tbool \"gone\"\n"
	"endmenu\n"
	"config LAST\n\tbool \"last\"\n";

#define MENU_HEADER "#\n# Automatically generated file; DO NOT EDIT.\n" \
		    "# Test x86 menu\n#\n"

static void test_menus(void **state)
{
	struct kconfig *kc;
	struct kmenu *m;

	(void)state;
	/* "visible if" hides the prompt, so the user's n is ignored */
	expect_config(menus_kconfig, "",
		      MENU_HEADER
		      "CONFIG_IN=y\n# CONFIG_SHOW is not set\n"
		      "# CONFIG_MC is not set\n# CONFIG_LAST is not set\n");
	expect_config(menus_kconfig, "CONFIG_MC=y\n# CONFIG_IN is not set\n",
		      MENU_HEADER
		      "CONFIG_IN=y\n# CONFIG_SHOW is not set\nCONFIG_MC=y\n"
		      "CONFIG_CHILD=y\n\n#\n# a comment\n#\n"
		      "# CONFIG_LAST is not set\n");
	expect_config(menus_kconfig, "CONFIG_SHOW=y\n# CONFIG_IN is not set\n",
		      MENU_HEADER
		      "\n#\n# Visible\n#\n# CONFIG_IN is not set\n"
		      "# end of Visible\n\nCONFIG_SHOW=y\n"
		      "# CONFIG_MC is not set\n# CONFIG_LAST is not set\n");

	/* the tree: MC's dependents below it, the "if" flattened (its
	   entries follow it) */
	kc = parse(menus_kconfig);
	assert_non_null(kc);
	m = kconfig_root(kc)->list;
	assert_int_equal(m->type, KM_MENU);
	assert_string_equal(kmenu_prompt(m), "Visible");
	assert_string_equal(m->list->sym->name, "IN");
	m = m->next->next;
	assert_int_equal(m->type, KM_MENUCONFIG);
	assert_non_null(m->list);
	assert_int_equal(m->list->type, KM_IF);
	assert_null(m->list->list);
	assert_string_equal(m->list->next->sym->name, "CHILD");
	assert_ptr_equal(m->list->next->parent, m);
	assert_int_equal(m->list->next->list->type, KM_COMMENT);
	assert_int_equal(m->next->type, KM_MENU);
	assert_false(kmenu_visible(m->next));
	kconfig_free(kc);
}

/* Preprocessor: variables, macros with arguments, built-ins */

static const char macros_kconfig[] =
	"greeting = hello $(1)!\n"
	"simple := $(X)\n"
	"X = late\n"
	"rec = $(X)\n"
	"X += more\n"
	"app := a\n"
	"app += b$(comma)\n"
	"comma := ,\n"
	"twice = $(1)$(1)\n"
	"config G\n\tstring \"g\"\n"
	"\tdefault \"$(greeting,world) $(simple)|$(rec)|$(app)|$(twice,ab)\"\n"
	"config F\n\tstring \"f\"\n\tdefault \"$(filename):$(lineno)\"\n"
	"config E\n\tstring \"e\"\n\tdefault \"$(ENVVAR)\"\n"
	"config $(NAME)_SYM\n\tdef_bool y\n"
	"config SH\n\tstring \"sh\"\n\tdefault \"$(shell,printf 'a\\nb\\n\\n')\"\n"
	"config Q\n\tstring \"q\"\n"
	"\tdefault 'single \"quoted\" \\\\ \\x'\n";

static void test_macros(void **state)
{
	const struct vfile files[] = {
		{ "Kconfig", macros_kconfig }, { NULL, NULL },
	};
	struct kconfig_shell *sh = kc_shell_new("/", NULL, 2);
	struct kconfig *kc = parse_files(files, sh);
	char *out;

	(void)state;
	assert_non_null(kc);
	kc_shell_free(sh);
	out = olddefconfig(kc, NULL);
	assert_string_equal(out, HEADER
			    "CONFIG_G=\"hello world! |late more|a b|abab\"\n"
			    "CONFIG_F=\"Kconfig:15\"\n"
			    "CONFIG_E=\"from-env\"\n"
			    "CONFIG_MY_SYM=y\n"
			    "CONFIG_SH=\"a b\"\n"
			    "CONFIG_Q=\"single \\\"quoted\\\" \\\\ x\"\n");
	free(out);
	kconfig_free(kc);

	/* without a shell, $(shell,...) is empty and runs nothing */
	kc = parse(macros_kconfig);
	assert_non_null(kc);
	assert_string_equal(value(kc, "SH"), "");
	kconfig_free(kc);
}

static void test_macro_errors(void **state)
{
	struct stderr_capture c;
	struct kconfig *kc;
	char *err;

	(void)state;
	err = parse_fails("config A\n\tbool\n$(error-if,y,stop here)\n");
	assert_string_equal(err, "error: Kconfig:3: stop here\n");
	free(err);
	err = parse_fails("config A\n\tbool\n\tdefault $(foo\n");
	assert_string_equal(err, "error: Kconfig:3: unterminated reference to 'foo': missing ')'\n");
	free(err);
	err = parse_fails("x = $(x)\nconfig $(x)\n\tbool\n");
	assert_string_equal(err, "error: Kconfig:2: Recursive variable 'x' references itself (eventually)\n");
	free(err);
	err = parse_fails("config A\n\tstring \"$(info,a,b)\"\n");
	assert_string_equal(err, "error: Kconfig:2: too many function arguments passed to 'info'\n");
	free(err);

	/* warning-if warns, error-if with n does nothing */
	stderr_capture_begin(&c);
	kc = parse("$(warning-if,y,careful)\n$(error-if,n,no)\n"
		   "config A\n\tbool\n");
	err = stderr_capture_end(&c);
	assert_non_null(kc);
	assert_string_equal(err, "warning: Kconfig:1: careful\n");
	free(err);
	kconfig_free(kc);
}

/* $(shell,...): output as Kconfig takes it, commands started ahead */

static void test_shell(void **state)
{
	struct kconfig_shell *sh = kc_shell_new("/", NULL, 2);
	char *tmpl, *out;
	int a, b;

	(void)state;
	/* trailing newlines dropped, the others made spaces, 4095 bytes */
	out = kc_shell_run(sh, "printf 'x\\ny\\n\\n'");
	assert_string_equal(out, "x y");
	free(out);
	out = kc_shell_run(sh, "head -c 5000 /dev/zero | tr '\\0' a");
	assert_int_equal(strlen(out), 4095);
	free(out);
	out = kc_shell_run(sh, "echo lost >/dev/null; exit 3");
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(kc_shell_count(sh), 3);

	/* a command made of another's output waits for it */
	a = kc_shell_start(sh, "sleep 0.2; echo a");
	tmpl = xasprintf("echo %c%d%cb", KC_MARK_START, a, KC_MARK_END);
	b = kc_shell_start(sh, tmpl);
	assert_int_not_equal(a, b);
	assert_string_equal(kc_shell_result(sh, b), "ab");
	/* the real pass asks with the real text: nothing runs again */
	out = kc_shell_run(sh, "echo ab");
	assert_string_equal(out, "ab");
	free(out);
	assert_int_equal(kc_shell_start(sh, "sleep 0.2; echo a"), a);
	assert_int_equal(kc_shell_count(sh), 5);
	out = kc_shell_resolve(sh, tmpl);
	assert_string_equal(out, "echo ab");
	free(out);
	free(tmpl);
	kc_shell_free(sh);
}

/* Files: source, help texts, syntax errors with file:line */

static void test_source_and_help(void **state)
{
	const struct vfile files[] = {
		{ "Kconfig",
		  "source \"sub/$(ARCH).kconfig\"\n"
		  "config B\n\tbool \"b\"\n\tdefault A\n" },
		{ "sub/x86.kconfig",
		  "config A\n\tbool \"a\"\n\tdefault y\n\thelp\n"
		  "\t  Some help.\n\n\t  More help,\n\t    indented.\n"
		  "config C\n\tbool \"c\"\n\thelp\n\t  c help\n"
		  "\tdefault y\n" },
		{ NULL, NULL },
	};
	struct kconfig *kc = parse_files(files, NULL);
	struct ksym *a;

	(void)state;
	assert_non_null(kc);
	kconfig_calc(kc);
	a = kconfig_lookup(kc, "A");
	assert_int_equal(a->nr_menus, 1);
	assert_string_equal(a->menus[0]->file, "sub/x86.kconfig");
	assert_int_equal(a->menus[0]->line, 1);
	assert_string_equal(a->menus[0]->help,
			    "Some help.\n\nMore help,\n  indented.");
	assert_string_equal(value(kc, "B"), "y");
	/* a less indented line ends the help: "default y" is C's */
	assert_string_equal(kconfig_lookup(kc, "C")->menus[0]->help,
			    "c help\n");
	assert_string_equal(value(kc, "C"), "y");
	kconfig_free(kc);
}

static void test_syntax_errors(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "config\n", "Kconfig:1: syntax error: unexpected end of line" },
		{ "config A\n\tbool \"a\"\n\tdepends on &&\n",
		  "Kconfig:3: syntax error near '&&'" },
		{ "foo bar\n", "Kconfig:1: unknown statement \"foo\"" },
		{ "config A\n\tbool\n\nmenu \"x\"\nconfig B\n\tbool\n",
		  "Kconfig:4: missing end statement for this entry" },
		{ "if A\nendmenu\n",
		  "Kconfig:2: unexpected 'endmenu' within if block" },
		{ "endif\n", "Kconfig:1: invalid statement" },
		{ "choice\n\tprompt \"c\"\nmenu \"m\"\nendmenu\nendchoice\n",
		  "Kconfig:3: invalid statement" },
		{ "config A\n\tbool\n\tmodules\nconfig B\n\tbool\n\tmodules\n",
		  "Kconfig:6: symbol 'B' redefines option 'modules' already defined by symbol 'A'" },
		{ "config A\n\tbool\n\tdefault (B\n",
		  "Kconfig:3: syntax error: unexpected end of line" },
		{ "source \"missing\"\n",
		  "Kconfig:1: can't open file \"missing\": No such file or directory" },
		{ "mainmenu \"a\"\nmainmenu \"b\"\n",
		  "Kconfig:2: invalid statement" },
		{ "config A\n\tbool \"a\"\n\tdepends on B\n"
		  "config B\n\tbool \"b\"\n\tdefault C\n"
		  "config C\n\tdef_bool y\n\tdepends on A\n",
		  "Kconfig:1: recursive dependency: A depends on B, B has a default that contains C, C depends on A" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err = parse_fails(cases[i].text);
		char *want = xasprintf("error: %s\n", cases[i].err);

		if (strncmp(err, want, strlen(want)))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
				 want);
		free(want);
		free(err);
	}
}

static void test_recursive_source(void **state)
{
	const struct vfile files[] = {
		{ "Kconfig", "source \"a\"\n" },
		{ "a", "config A\n\tbool\nsource \"Kconfig\"\n" },
		{ NULL, NULL },
	};
	struct stderr_capture c;
	char *err;

	(void)state;
	stderr_capture_begin(&c);
	assert_null(parse_files(files, NULL));
	err = stderr_capture_end(&c);
	assert_string_equal(err, "error: a:3: recursive inclusion of 'Kconfig'\n");
	free(err);
}

static void test_lexer_details(void **state)
{
	struct stderr_capture c;
	struct kconfig *kc;
	char *err;

	(void)state;
	/* continued lines, comments, quotes, a stray character, no
	   newline at the end */
	stderr_capture_begin(&c);
	kc = parse("config A # comment\n"
		   "\tbool \"a\" if \\\n\t\tB || C\n"
		   "config B\n\tdef_bool y ;\n"
		   "config C\n\tstring\n\tdefault 'it\"s'");
	err = stderr_capture_end(&c);
	assert_non_null(kc);
	assert_non_null(strstr(err, "warning: Kconfig:5: ignoring unsupported character ';'\n"));
	assert_non_null(strstr(err, "warning: Kconfig:8: no new line at end of file\n"));
	free(err);
	kconfig_calc(kc);
	assert_int_equal(kconfig_lookup(kc, "A")->visible, yes);
	assert_string_equal(value(kc, "C"), "it\"s");
	kconfig_free(kc);
}

/* .config files */

static void test_read_warnings(void **state)
{
	struct kconfig *kc = parse("config A\n\tbool \"a\"\n"
				   "config B\n\tbool \"b\"\n"
				   "config STR\n\tstring \"s\"\n"
				   "config U\n\tbool \"u\"\n\tdepends on NOTDEF\n");
	struct stderr_capture c;
	char path[] = "/tmp/kdev-kconfig-XXXXXX";
	const char *text =
		"CONFIG_A=y\n"
		"garbage line\n"
		"CONFIG_B=maybe\n"
		"CONFIG_NOPE=y\n"
		"CONFIG_A=n\n"
		"CONFIG_STR=\"unterminated\n"
		"# a comment\n"
		"\n"
		"CONFIG_NOTDEF=y\n";
	char *err, *want;
	int fd = mkstemp(path);

	(void)state;
	assert_non_null(kc);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	stderr_capture_begin(&c);
	assert_int_equal(kconfig_read(kc, path, false), 0);
	err = stderr_capture_end(&c);
	want = xasprintf("warning: %s:2: unexpected data: garbage line\n"
			 "warning: %s:3: symbol value 'maybe' invalid for B\n"
			 "warning: %s:4: unknown symbol CONFIG_NOPE\n"
			 "warning: %s:5: override: reassigning to symbol A\n"
			 "warning: %s:6: invalid string found\n"
			 "warning: %s:9: unknown symbol CONFIG_NOTDEF\n",
			 path, path, path, path, path, path);
	assert_string_equal(err, want);
	free(err);
	free(want);
	unlink(path);
	kconfig_calc(kc);
	assert_string_equal(value(kc, "A"), "n");

	/* a missing file is an error */
	stderr_capture_begin(&c);
	assert_int_equal(kconfig_read(kc, "/nonexistent/.config", false), -1);
	err = stderr_capture_end(&c);
	assert_string_equal(err, "error: cannot read '/nonexistent/.config': No such file or directory\n");
	free(err);
	kconfig_free(kc);
}

static void test_merge(void **state)
{
	struct kconfig *kc = parse(choice_kconfig);
	char *out;

	(void)state;
	assert_non_null(kc);
	/* as merge_config.sh: the fragment's lines replace the base's;
	   dropping C1=y leaves the choice to its default */
	read_config(kc, "CONFIG_D=y\nCONFIG_C1=y\nCONFIG_T1=m\n", false);
	read_config(kc, "# CONFIG_C1 is not set\nCONFIG_T2=m\n", true);
	kconfig_calc(kc);
	assert_string_equal(value(kc, "C1"), "n");
	assert_string_equal(value(kc, "C2"), "y");
	assert_string_equal(value(kc, "T1"), "m");
	assert_string_equal(value(kc, "T2"), "m");
	/* a later y takes the choice */
	read_config(kc, "CONFIG_C1=y\n", true);
	out = olddefconfig(kc, NULL);
	assert_string_equal(out, HEADER
			    "CONFIG_MODULES=y\nCONFIG_C1=y\n"
			    "# CONFIG_C2 is not set\nCONFIG_D=y\n"
			    "CONFIG_T1=m\nCONFIG_T2=m\nCONFIG_H1=y\n");
	free(out);
	/* without merge, the file is all there is */
	read_config(kc, "CONFIG_T2=m\n", false);
	kconfig_calc(kc);
	assert_string_equal(value(kc, "D"), "n");
	assert_string_equal(value(kc, "T1"), "n");
	kconfig_free(kc);
}

static void test_set_user(void **state)
{
	struct kconfig *kc = parse(basic_kconfig);
	struct stderr_capture c;
	char *err;

	(void)state;
	assert_non_null(kc);
	assert_int_equal(kconfig_set_user(kc, "MODULES", "y"), 0);
	assert_int_equal(kconfig_set_user(kc, "A", "y"), 0);
	assert_int_equal(kconfig_set_user(kc, "N", "3"), 0);
	assert_int_equal(kconfig_set_user(kc, "STR", "x\"y"), 0);
	kconfig_calc(kc);
	assert_string_equal(value(kc, "A"), "y");
	assert_string_equal(value(kc, "B"), "n");
	assert_string_equal(value(kc, "N"), "3");
	assert_string_equal(value(kc, "STR"), "x\"y");
	assert_int_equal(kconfig_set_user(kc, "A", NULL), 0);
	kconfig_calc(kc);
	assert_string_equal(value(kc, "B"), "y");

	stderr_capture_begin(&c);
	assert_int_equal(kconfig_set_user(kc, "NOPE", "y"), -1);
	assert_int_equal(kconfig_set_user(kc, "A", "m"), -1);
	assert_int_equal(kconfig_set_user(kc, "N", "0x1"), -1);
	err = stderr_capture_end(&c);
	assert_string_equal(err,
			    "error: unknown symbol 'NOPE'\n"
			    "error: 'm' is not a value for bool A (y or n)\n"
			    "error: '0x1' is not a valid int value for N\n");
	free(err);
	kconfig_free(kc);
}

static int tmpdir_exists(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	int ret = is_file(p);

	free(p);
	return ret;
}

static void test_write(void **state)
{
	const char *dir = *state;
	struct kconfig *kc = parse(basic_kconfig);
	char *path = xasprintf("%s/sub/.config", dir);
	struct strbuf sb = STRBUF_INIT, old = STRBUF_INIT;

	assert_non_null(kc);
	kconfig_calc(kc);
	/* the directory is made; no .old for a new file */
	assert_int_equal(kconfig_write(kc, path, true), 0);
	assert_false(tmpdir_exists(dir, "sub/.config.old"));
	assert_int_equal(read_file(path, &sb), 0);
	assert_non_null(strstr(sb.buf, "CONFIG_B=y\n"));
	/* the same text again: the file is left alone */
	assert_int_equal(kconfig_write(kc, path, true), 0);
	assert_false(tmpdir_exists(dir, "sub/.config.old"));
	/* a change: the previous one is kept as .config.old */
	assert_int_equal(kconfig_set_user(kc, "A", "y"), 0);
	kconfig_calc(kc);
	assert_int_equal(kconfig_write(kc, path, true), 0);
	free(path);
	path = xasprintf("%s/sub/.config.old", dir);
	assert_int_equal(read_file(path, &old), 0);
	assert_string_equal(old.buf, sb.buf);
	free(path);
	strbuf_release(&sb);
	strbuf_release(&old);
	kconfig_free(kc);
}

/* Expressions */

static void test_expr_format(void **state)
{
	struct kconfig *kc = parse("config A\n\tbool \"a\"\n"
				   "\tdepends on B && (C || !D) && E = \"x\"\n"
				   "config B\n\tdef_bool y\n"
				   "config C\n\tbool\n"
				   "config D\n\tdef_bool y\n"
				   "config E\n\tstring\n\tdefault \"x\"\n");
	struct strbuf sb = STRBUF_INIT;
	struct ksym *a;

	(void)state;
	assert_non_null(kc);
	kconfig_calc(kc);
	a = kconfig_lookup(kc, "A");
	kexpr_format(&sb, a->dir_dep, false);
	assert_string_equal(sb.buf, "B && (C || !D) && E=\"x\"");
	strbuf_reset(&sb);
	kexpr_format(&sb, a->dir_dep, true);
	assert_string_equal(sb.buf,
			    "B [=y] && (C [=n] || !D [=y]) && E [=x]=\"x\"");
	strbuf_reset(&sb);
	kexpr_format_unmet(&sb, a->dir_dep, yes);
	assert_string_equal(sb.buf, "(C [=n] || !D [=y])");
	assert_int_equal(kexpr_calc(a->dir_dep), no);
	assert_int_equal(a->visible, no);
	strbuf_release(&sb);
	kconfig_free(kc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_choice_members),
		cmocka_unit_test(test_modules_imply_select),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_menus),
		cmocka_unit_test(test_macros),
		cmocka_unit_test(test_macro_errors),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_source_and_help),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_recursive_source),
		cmocka_unit_test(test_lexer_details),
		cmocka_unit_test(test_read_warnings),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_set_user),
		cmocka_unit_test_setup_teardown(test_write, tmpdir_setup,
						tmpdir_teardown),
		cmocka_unit_test(test_expr_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

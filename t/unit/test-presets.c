// SPDX-License-Identifier: GPL-2.0
/*
 * The preset table (src/kconfig/presets.c), and the copy of it made
 * from it: t/data/presets/NAME.config (what t1420 feeds to the kernel's
 * merge_config.sh). Run with KDEV_UPDATE_PRESETS=1 to rewrite them after
 * changing the table. The PRESETS section of doc/kdev-config.1 describes
 * them; t/t0100-docs.sh checks that it lists every line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "kconfig/dotconfig.h"
#include "kconfig/presets.h"

static const char *const expected_names[] = {
	"debug", "vm", "kasan", "lockdep", "kgdb",
};

static int is_sym_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * The symbol of a fragment line (without CONFIG_) into @sym, and its
 * value into @val ("n" for "is not set"); -1 when the line is not one
 * of the two forms, written the way conf writes them.
 */
static int parse_line(const char *line, char *sym, size_t symsz,
		      const char **val)
{
	const char *p = line, *start;
	int unset = 0;
	size_t len;

	if (skip_prefix(p, "# ", &p))
		unset = 1;
	if (!skip_prefix(p, "CONFIG_", &p))
		return -1;
	start = p;
	while (is_sym_char(*p))
		p++;
	len = p - start;
	if (!len || len >= symsz)
		return -1;
	memcpy(sym, start, len);
	sym[len] = '\0';
	if (unset) {
		*val = "n";
		return strcmp(p, " is not set") ? -1 : 0;
	}
	if (*p++ != '=')
		return -1;
	*val = p;
	if (!strcmp(p, "y") || !strcmp(p, "m"))
		return 0;
	if (*p == '"') {
		len = strlen(p);
		return len >= 2 && p[len - 1] == '"' &&
		       !strpbrk(p + 1, "\n\\") &&
		       !memchr(p + 1, '"', len - 2) ? 0 : -1;
	}
	if (skip_prefix(p, "0x", &p))
		return *p && strspn(p, "0123456789abcdef") == strlen(p) ?
		       0 : -1;
	if (*p == '-')
		p++;
	return *p && strspn(p, "0123456789") == strlen(p) ? 0 : -1;
}

/* Does @text name CONFIG_@sym (not as the start of a longer name)? */
static int mentions(const char *text, const char *sym)
{
	char *needle = xasprintf("CONFIG_%s", sym);
	const char *p = text;
	int found = 0;

	while (!found && (p = strstr(p, needle))) {
		p += strlen(needle);
		found = !is_sym_char(*p);
	}
	free(needle);
	return found;
}

/* --- what the files hold, made from the table ---------------------- */

static void format_fragment(struct strbuf *sb, const struct kconfig_preset *p)
{
	size_t i;

	strbuf_addf(sb, "# kdev config preset %s: %s\n", p->name,
		    p->summary);
	strbuf_addstr(sb, "# Made from src/kconfig/presets.c by "
		      "t/unit/test-presets.c; do not edit.\n");
	for (i = 0; p->lines[i]; i++)
		strbuf_addf(sb, "%s\n", p->lines[i]);
}

/* --- the source tree ------------------------------------------------ */

/*
 * The source tree: this program is build/unit/test-presets in it, so
 * it can be run from anywhere.
 */
static char *src_root(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *p;
	int up;

	if (n <= 0)
		return xstrdup(".");
	exe[n] = '\0';
	for (up = 0; up < 3; up++) {
		p = strrchr(exe, '/');
		if (!p)
			return xstrdup(".");
		*p = '\0';
	}
	return xstrdup(*exe ? exe : "/");
}

static int updating(void)
{
	const char *u = getenv("KDEV_UPDATE_PRESETS");

	return u && *u && strcmp(u, "0");
}

/*
 * Compare @path with @want; in update mode write it instead. Returns 0
 * when they agree (or after writing), else fails the test.
 */
static void check_file(const char *path, const struct strbuf *want)
{
	struct strbuf have = STRBUF_INIT;

	if (updating()) {
		assert_int_equal(write_file_atomic(path, want->buf,
						   want->len), 0);
		return;
	}
	if (read_file(path, &have))
		fail_msg("cannot read '%s': %s (run KDEV_UPDATE_PRESETS=1 "
			 "build/unit/test-presets)", path, strerror(errno));
	if (have.len != want->len || memcmp(have.buf, want->buf, have.len))
		fail_msg("'%s' does not match src/kconfig/presets.c: run "
			 "KDEV_UPDATE_PRESETS=1 build/unit/test-presets",
			 path);
	strbuf_release(&have);
}

/* --- the tests ------------------------------------------------------ */

static void test_list_and_find(void **state UNUSED)
{
	const struct kconfig_preset *list;
	size_t nr, i;

	list = kconfig_preset_list(&nr);
	assert_int_equal(nr, ARRAY_SIZE(expected_names));
	for (i = 0; i < nr; i++) {
		assert_string_equal(list[i].name, expected_names[i]);
		assert_ptr_equal(kconfig_preset_find(list[i].name), &list[i]);
	}
	assert_null(kconfig_preset_find("nope"));
	assert_null(kconfig_preset_find(""));
	assert_null(kconfig_preset_find("DEBUG"));
	assert_null(kconfig_preset_find("debu"));
	assert_null(kconfig_preset_find("debug "));
	assert_null(kconfig_preset_find(NULL));
}

static void test_lines_are_fragment_lines(void **state UNUSED)
{
	const struct kconfig_preset *list;
	size_t nr, i, j, k;

	list = kconfig_preset_list(&nr);
	for (i = 0; i < nr; i++) {
		const char *const *l = list[i].lines;
		char a[128], b[128];
		const char *v;

		assert_non_null(l);
		assert_non_null(l[0]);
		for (j = 0; l[j]; j++) {
			if (parse_line(l[j], a, sizeof(a), &v))
				fail_msg("%s: not a fragment line: \"%s\"",
					 list[i].name, l[j]);
			for (k = 0; k < j; k++) {
				assert_int_equal(parse_line(l[k], b,
							    sizeof(b), &v), 0);
				if (!strcmp(a, b))
					fail_msg("%s: CONFIG_%s twice",
						 list[i].name, a);
			}
		}
	}
}

/* kdev's own .config reader reads every fragment without a warning. */
static void test_dotconfig_reads_them(void **state UNUSED)
{
	const struct kconfig_preset *list;
	size_t nr, i, j;

	list = kconfig_preset_list(&nr);
	for (i = 0; i < nr; i++) {
		struct dotconfig dc = DOTCONFIG_INIT;
		struct strbuf sb = STRBUF_INIT;
		struct stderr_capture cap;
		char sym[128], *err;
		const char *v;
		int bad;

		format_fragment(&sb, &list[i]);
		stderr_capture_begin(&cap);
		bad = dotconfig_parse(&dc, sb.buf, sb.len, list[i].name,
				      "CONFIG_");
		err = stderr_capture_end(&cap);
		assert_int_equal(bad, 0);
		assert_string_equal(err, "");
		for (j = 0; list[i].lines[j]; j++) {
			const struct dotconfig_entry *e;

			assert_int_equal(parse_line(list[i].lines[j], sym,
						    sizeof(sym), &v), 0);
			e = dotconfig_find(&dc, sym);
			assert_non_null(e);
			assert_string_equal(e->value, v);
		}
		free(err);
		strbuf_release(&sb);
		dotconfig_release(&dc);
	}
}

static void test_includes(void **state UNUSED)
{
	const struct kconfig_preset *list, *inc;
	size_t nr, i, j;

	list = kconfig_preset_list(&nr);
	for (i = 0; i < nr; i++) {
		if (!list[i].includes)
			continue;
		inc = kconfig_preset_find(list[i].includes);
		assert_non_null(inc);
		assert_ptr_not_equal(inc, &list[i]);
		/* complete: the included lines come first, in order */
		for (j = 0; inc->lines[j]; j++) {
			assert_non_null(list[i].lines[j]);
			assert_string_equal(list[i].lines[j], inc->lines[j]);
		}
		assert_non_null(list[i].lines[j]);
	}
	assert_string_equal(kconfig_preset_find("kgdb")->includes, "debug");
}

static void test_help_and_summary(void **state UNUSED)
{
	const struct kconfig_preset *list;
	size_t nr, i, j;

	list = kconfig_preset_list(&nr);
	for (i = 0; i < nr; i++) {
		const struct kconfig_preset *p = &list[i];
		const char *s, *eol;
		char sym[128];
		const char *v;

		assert_non_null(p->summary);
		assert_true(*p->summary);
		assert_null(strchr(p->summary, '\n'));
		if (strlen(p->name) + 3 + strlen(p->summary) > 72)
			fail_msg("%s: summary too long for one line",
				 p->name);
		assert_int_not_equal(p->summary[strlen(p->summary) - 1], '.');
		assert_true(!p->arch || !strcmp(p->arch, "x86"));

		assert_non_null(p->help);
		assert_true(ends_with(p->help, "\n"));
		assert_false(ends_with(p->help, "\n\n"));
		for (s = p->help; *s; s = eol + 1) {
			eol = strchr(s, '\n');
			if (eol - s > 72)
				fail_msg("%s: help line over 72 columns: "
					 "%.*s", p->name, (int)(eol - s), s);
			if (eol > s && eol[-1] == ' ')
				fail_msg("%s: trailing blank: %.*s", p->name,
					 (int)(eol - s), s);
		}
		/*
		 * A line that turns something off says why (in the help
		 * of the preset it comes from).
		 */
		j = 0;
		if (p->includes)
			while (kconfig_preset_find(p->includes)->lines[j])
				j++;
		for (; p->lines[j]; j++) {
			assert_int_equal(parse_line(p->lines[j], sym,
						    sizeof(sym), &v), 0);
			if (!strcmp(v, "n") && !mentions(p->help, sym))
				fail_msg("%s: the help does not say why "
					 "CONFIG_%s is off", p->name, sym);
		}
	}
}

/* What t1420 and the help of kgdb rely on: the x86 facts. */
static void test_known_choices(void **state UNUSED)
{
	const struct kconfig_preset *debug = kconfig_preset_find("debug");
	const struct kconfig_preset *kgdb = kconfig_preset_find("kgdb");
	const struct kconfig_preset *vm = kconfig_preset_find("vm");
	const struct kconfig_preset *kasan = kconfig_preset_find("kasan");
	size_t j;

	/* FRAME_POINTER sticks on x86 only with its unwinder */
	assert_true(mentions(debug->help, "UNWINDER_FRAME_POINTER"));
	for (j = 0; debug->lines[j]; j++)
		if (!strcmp(debug->lines[j], "CONFIG_FRAME_POINTER=y"))
			break;
	assert_non_null(debug->lines[j]);
	for (j = 0; debug->lines[j]; j++)
		if (!strcmp(debug->lines[j],
			    "CONFIG_UNWINDER_FRAME_POINTER=y"))
			break;
	assert_non_null(debug->lines[j]);
	/* kgdb documents STRICT_KERNEL_RWX but cannot turn it off on x86 */
	assert_true(mentions(kgdb->help, "STRICT_KERNEL_RWX"));
	for (j = 0; kgdb->lines[j]; j++)
		assert_null(strstr(kgdb->lines[j], "STRICT_KERNEL_RWX"));
	/* vm: built in, never as modules */
	for (j = 0; vm->lines[j]; j++)
		assert_true(ends_with(vm->lines[j], "=y"));
	assert_null(kasan->arch);
}

static void test_fragment_files(void **state UNUSED)
{
	const struct kconfig_preset *list;
	char *root = src_root(), *dir, *path;
	struct dirent *de;
	size_t nr, i;
	DIR *d;

	dir = xasprintf("%s/t/data/presets", root);
	if (updating())
		assert_int_equal(mkdir_p(dir), 0);
	list = kconfig_preset_list(&nr);
	for (i = 0; i < nr; i++) {
		struct strbuf sb = STRBUF_INIT;

		format_fragment(&sb, &list[i]);
		path = xasprintf("%s/%s.config", dir, list[i].name);
		check_file(path, &sb);
		free(path);
		strbuf_release(&sb);
	}
	/* and no fragment of a preset that is gone */
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char *name;

		if (de->d_name[0] == '.')
			continue;
		name = xstrdup(de->d_name);
		if (ends_with(name, ".config"))
			name[strlen(name) - strlen(".config")] = '\0';
		if (!kconfig_preset_find(name) ||
		    !ends_with(de->d_name, ".config")) {
			path = xasprintf("%s/%s", dir, de->d_name);
			if (!updating() || remove(path))
				fail_msg("'%s' is not the fragment of a "
					 "preset", path);
			free(path);
		}
		free(name);
	}
	closedir(d);
	free(dir);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_and_find),
		cmocka_unit_test(test_lines_are_fragment_lines),
		cmocka_unit_test(test_dotconfig_reads_them),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_help_and_summary),
		cmocka_unit_test(test_known_choices),
		cmocka_unit_test(test_fragment_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

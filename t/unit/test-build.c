// SPDX-License-Identifier: GPL-2.0
/*
 * kdev build's pure parts: the make command line for each option
 * combination (src/build/makeargv.c), the host tool table and its
 * packages (src/build/hostdeps.c), the progress line, its arithmetic
 * and the statistics and ccache counters (src/build/progress.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "build/hostdeps.h"
#include "build/makeargv.h"
#include "build/progress.h"
#include "lib/run-command.h"
#include "unit.h"

/* The command as one quoted line: env first, then argv */
static char *command(const struct build_opts *o)
{
	struct strvec env = STRVEC_INIT, argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	build_make_command(o, &env, &argv);
	if (env.nr)
		quote_argv(&sb, env.v);
	quote_argv(&sb, argv.v);
	strvec_clear(&env);
	strvec_clear(&argv);
	return strbuf_detach(&sb, NULL);
}

#define assert_command(o, want)                                   \
	do {                                                      \
		char *got_ = command(o);                          \
		assert_string_equal(got_, want);                  \
		free(got_);                                       \
	} while (0)

static void test_argv_plain(void **state UNUSED)
{
	struct build_opts o = { 0 };
	char *targets[] = { "net/netfilter/xt_recent.o", "modules" };
	char *vars[] = { "KCFLAGS=-Og -g", "INSTALL_MOD_PATH=/tmp/m" };

	assert_command(&o, "make");
	o.jobs = 8;
	assert_command(&o, "make -j8");
	o.dir = "/src/linux";
	o.objtree = "/build/x86";
	assert_command(&o, "make -C /src/linux -j8 O=/build/x86");
	o.targets = targets;
	o.nr_targets = 2;
	assert_command(&o, "make -C /src/linux -j8 O=/build/x86 "
		       "net/netfilter/xt_recent.o modules");
	o.vars = vars;
	o.nr_vars = 2;
	o.keep_going = 1;
	assert_command(&o, "make -C /src/linux -j8 -k O=/build/x86 "
		       "'KCFLAGS=-Og -g' INSTALL_MOD_PATH=/tmp/m "
		       "net/netfilter/xt_recent.o modules");
}

static void test_argv_variables(void **state UNUSED)
{
	struct build_opts o = { 0 };

	o.jobs = 2;
	o.arch = "arm64";
	o.cross_compile = "aarch64-linux-gnu-";
	o.w = "1";
	o.c = "2";
	o.v = "1";
	o.m = "/home/me/mod";
	assert_command(&o, "make -j2 ARCH=arm64 "
		       "CROSS_COMPILE=aarch64-linux-gnu- W=1 C=2 V=1 "
		       "M=/home/me/mod");
	memset(&o, 0, sizeof(o));
	o.llvm = "1";
	o.cc = "clang-14";
	o.hostcc = "clang-14";
	assert_command(&o, "make LLVM=1 CC=clang-14 HOSTCC=clang-14");
}

static void test_argv_ccache(void **state UNUSED)
{
	struct build_opts o = { 0 };

	o.jobs = 4;
	o.ccache = 1;
	assert_command(&o, "make -j4 'CC=ccache gcc' 'HOSTCC=ccache gcc'");
	o.llvm = "1";
	assert_command(&o, "make -j4 LLVM=1 'CC=ccache clang' "
		       "'HOSTCC=ccache clang'");
	o.llvm = "-14";
	assert_command(&o, "make -j4 LLVM=-14 'CC=ccache clang-14' "
		       "'HOSTCC=ccache clang-14'");
	o.llvm = "/usr/lib/llvm-14/bin/";
	assert_command(&o, "make -j4 LLVM=/usr/lib/llvm-14/bin/ "
		       "'CC=ccache /usr/lib/llvm-14/bin/clang' "
		       "'HOSTCC=ccache /usr/lib/llvm-14/bin/clang'");
	/* LLVM=0 is off */
	o.llvm = "0";
	assert_command(&o, "make -j4 LLVM=0 'CC=ccache gcc' "
		       "'HOSTCC=ccache gcc'");
	o.llvm = NULL;
	o.cross_compile = "aarch64-linux-gnu-";
	assert_command(&o, "make -j4 CROSS_COMPILE=aarch64-linux-gnu- "
		       "'CC=ccache aarch64-linux-gnu-gcc' 'HOSTCC=ccache gcc'");
	/* the user's CC is wrapped, once */
	o.cross_compile = NULL;
	o.cc = "gcc-12";
	assert_command(&o, "make -j4 'CC=ccache gcc-12' 'HOSTCC=ccache gcc'");
	o.cc = "ccache gcc-12";
	o.hostcc = "ccache gcc";
	assert_command(&o, "make -j4 'CC=ccache gcc-12' 'HOSTCC=ccache gcc'");
}

static void test_argv_distributed(void **state UNUSED)
{
	struct build_opts o = { 0 };

	o.jobs = 12;
	o.dist = BUILD_DIST_DISTCC;
	assert_command(&o, "make -j12 'CC=distcc gcc'");
	o.ccache = 1;
	assert_command(&o, "CCACHE_PREFIX=distcc make -j12 'CC=ccache gcc' "
		       "'HOSTCC=ccache gcc'");
	o.dist = BUILD_DIST_ICECC;
	assert_command(&o, "CCACHE_PREFIX=icecc make -j12 'CC=ccache gcc' "
		       "'HOSTCC=ccache gcc'");
	o.ccache = 0;
	o.llvm = "1";
	assert_command(&o, "make -j12 LLVM=1 'CC=icecc clang'");
	/* the host compiler is never sent away */
	o.hostcc = "gcc-12";
	assert_command(&o, "make -j12 LLVM=1 'CC=icecc clang' HOSTCC=gcc-12");
}

static void test_compilers(void **state UNUSED)
{
	struct build_opts o = { 0 };
	char *s;

	s = build_compiler(&o);
	assert_string_equal(s, "gcc");
	free(s);
	s = build_linker(&o);
	assert_string_equal(s, "ld");
	free(s);
	o.cross_compile = "riscv64-linux-gnu-";
	s = build_compiler(&o);
	assert_string_equal(s, "riscv64-linux-gnu-gcc");
	free(s);
	s = build_linker(&o);
	assert_string_equal(s, "riscv64-linux-gnu-ld");
	free(s);
	s = build_host_compiler(&o);
	assert_string_equal(s, "gcc");
	free(s);
	o.llvm = "-15";
	s = build_compiler(&o);
	assert_string_equal(s, "clang-15");
	free(s);
	s = build_linker(&o);
	assert_string_equal(s, "ld.lld-15");
	free(s);
	s = build_host_compiler(&o);
	assert_string_equal(s, "clang-15");
	free(s);
	assert_true(build_llvm_on(&o));
	o.llvm = "";
	assert_false(build_llvm_on(&o));
}

static void test_jobs(void **state UNUSED)
{
	assert_int_equal(build_default_jobs(2, BUILD_DIST_NONE, 0), 2);
	assert_int_equal(build_default_jobs(0, BUILD_DIST_NONE, 0), 1);
	assert_int_equal(build_default_jobs(4, BUILD_DIST_DISTCC, 22), 22);
	assert_int_equal(build_default_jobs(4, BUILD_DIST_DISTCC, 0), 8);
	assert_int_equal(build_default_jobs(4, BUILD_DIST_ICECC, 0), 16);
}

static void test_need_config(void **state UNUSED)
{
	char *none[] = { NULL };
	char *cfg[] = { "tinyconfig", "all" };
	char *info[] = { "clean", "help", "htmldocs", "kernelversion" };
	char *obj[] = { "clean", "net/netfilter/xt_recent.o" };
	char *plain[] = { "config" };

	assert_true(build_targets_need_config(none, 0));
	assert_false(build_targets_need_config(cfg, 2));
	assert_false(build_targets_need_config(cfg, 1));
	assert_false(build_targets_need_config(info, 4));
	assert_true(build_targets_need_config(obj, 2));
	assert_false(build_targets_need_config(obj, 1));
	/* "make config" asks its questions and writes one */
	assert_false(build_targets_need_config(plain, 1));
}

/* a .config as a list of the symbols that are y */
static int on_in_list(void *data, const char *sym)
{
	const char *const *l = data;

	for (; *l; l++)
		if (!strcmp(*l, sym))
			return 1;
	return 0;
}

static const char *need_names(const struct hostdeps_query *q,
			      struct strbuf *sb)
{
	struct hostdep_need need[HOSTDEPS_MAX];
	size_t i, n = hostdeps_needed(q, need);

	strbuf_reset(sb);
	for (i = 0; i < n; i++) {
		strbuf_addf(sb, "%s%s", i ? " " : "", need[i].file);
		if (need[i].reason)
			strbuf_addf(sb, "(%s)", need[i].reason);
	}
	return sb->buf;
}

static void test_hostdeps_needed(void **state UNUSED)
{
	const char *btf[] = { "DEBUG_INFO_BTF", "UNWINDER_ORC", NULL };
	const char *sig[] = { "MODULE_SIG", "KERNEL_ZSTD", "IKHEADERS", NULL };
	struct hostdeps_query q = { "gcc", "gcc", "ld", 0, NULL, NULL };
	struct strbuf sb = STRBUF_INIT;

	/* no .config: the tools every build runs */
	assert_string_equal(need_names(&q, &sb),
			    "make gcc ld flex bison bc perl");
	q.config_on = on_in_list;
	q.data = btf;
	assert_string_equal(need_names(&q, &sb),
			    "make gcc ld flex bison bc perl "
			    "gelf.h(UNWINDER_ORC) pahole(DEBUG_INFO_BTF)");
	q.data = sig;
	assert_string_equal(need_names(&q, &sb),
			    "make gcc ld flex bison bc perl "
			    "openssl/opensslv.h(MODULE_SIG) "
			    "openssl(MODULE_SIG) cpio(IKHEADERS) "
			    "zstd(KERNEL_ZSTD)");
	/* an M= build of a prepared tree: make and the toolchain */
	q.external = 1;
	assert_string_equal(need_names(&q, &sb), "make gcc ld");
	/* LLVM: clang builds the host tools too */
	q.external = 0;
	q.data = btf;
	q.cc = q.hostcc = "clang";
	q.ld = "ld.lld";
	assert_string_equal(need_names(&q, &sb),
			    "make clang ld.lld flex bison bc perl "
			    "gelf.h(UNWINDER_ORC) pahole(DEBUG_INFO_BTF)");
	/* a cross build needs the host's gcc as well */
	q.cc = "aarch64-linux-gnu-gcc";
	q.hostcc = "gcc";
	q.ld = "aarch64-linux-gnu-ld";
	q.data = (const char *[]){ NULL };
	assert_string_equal(need_names(&q, &sb),
			    "make aarch64-linux-gnu-gcc gcc "
			    "aarch64-linux-gnu-ld flex bison bc perl");
	strbuf_release(&sb);
}

static const char *pkg_of(const char *file, int compiler,
			  enum distro_family f, struct strbuf *sb)
{
	const char *on[] = { "DEBUG_INFO_BTF", "OBJTOOL", "MODULE_SIG",
			     "KERNEL_XZ", NULL };
	struct hostdeps_query q = { "gcc", "gcc", "ld", 0, on_in_list, on };
	struct hostdep_need need[HOSTDEPS_MAX];
	size_t i, n;

	if (compiler)
		q.cc = file;
	n = hostdeps_needed(&q, need);
	strbuf_reset(sb);
	for (i = 0; i < n; i++)
		if (!strcmp(need[i].file, file))
			return hostdep_package(&need[i], f, sb) ? sb->buf :
			       "(none)";
	return "(not needed)";
}

static void test_hostdeps_packages(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	static const struct {
		const char *file;
		const char *pkg[4];	/* debian fedora arch suse */
		int compiler;
	} want[] = {
		{ "bison", { "bison", "bison", "bison", "bison" } },
		{ "gelf.h", { "libelf-dev", "elfutils-libelf-devel",
			      "libelf", "libelf-devel" } },
		{ "openssl/opensslv.h", { "libssl-dev", "openssl-devel",
					  "openssl", "libopenssl-devel" } },
		{ "pahole", { "dwarves", "dwarves", "pahole", "dwarves" } },
		{ "xz", { "xz-utils", "xz", "xz", "xz" } },
		{ "gcc", { "gcc", "gcc", "gcc", "gcc" } },
		{ "gcc-12", { "gcc-12", "gcc", "gcc", "gcc" }, 1 },
		{ "clang-14", { "clang-14", "clang", "clang", "clang" }, 1 },
		{ "aarch64-linux-gnu-gcc",
		  { "gcc-aarch64-linux-gnu", "gcc-aarch64-linux-gnu",
		    "aarch64-linux-gnu-gcc", "(none)" }, 1 },
		{ "ld", { "binutils", "binutils", "binutils", "binutils" } },
		{ "/opt/cc/bin/mycc", { "(none)", "(none)", "(none)",
					"(none)" }, 1 },
	};
	static const enum distro_family fam[] = {
		DISTRO_DEBIAN, DISTRO_FEDORA, DISTRO_ARCH, DISTRO_SUSE,
	};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		for (j = 0; j < 4; j++)
			assert_string_equal(pkg_of(want[i].file,
						   want[i].compiler, fam[j],
						   &sb), want[i].pkg[j]);
	assert_string_equal(pkg_of("bison", 0, DISTRO_UNKNOWN, &sb),
			    "(none)");
	strbuf_release(&sb);
}

static void test_hostdeps_present(void **state)
{
	const char *dir = *state;
	const char *dirs[] = { "/nonexistent", dir, NULL };
	struct hostdeps_query q = { "gcc", "gcc", "ld", 0, on_in_list,
				    (const char *[]){ "OBJTOOL", NULL } };
	struct hostdep_need need[HOSTDEPS_MAX];
	char *path, *old_path = xstrdup(getenv("PATH"));
	size_t i, n = hostdeps_needed(&q, need);
	const struct hostdep_need *gelf = NULL, *bison = NULL;

	for (i = 0; i < n; i++) {
		if (!strcmp(need[i].file, "gelf.h"))
			gelf = &need[i];
		if (!strcmp(need[i].file, "bison"))
			bison = &need[i];
	}
	assert_non_null(gelf);
	assert_non_null(bison);
	assert_false(hostdep_present(gelf, dirs));
	path = xasprintf("%s/gelf.h", dir);
	assert_int_equal(write_file_atomic(path, "", 0), 0);
	assert_true(hostdep_present(gelf, dirs));
	free(path);
	/* a program: looked for in $PATH only */
	path = xasprintf("%s/bison", dir);
	assert_int_equal(write_file_atomic(path, "#!/bin/sh\n", 10), 0);
	assert_int_equal(chmod(path, 0755), 0);
	setenv("PATH", "/nonexistent", 1);
	assert_false(hostdep_present(bison, dirs));
	setenv("PATH", dir, 1);
	assert_true(hostdep_present(bison, dirs));
	setenv("PATH", old_path, 1);
	free(path);
	free(old_path);
}

static void test_progress_arithmetic(void **state UNUSED)
{
	assert_int_equal(build_percent(0, 100), 0);
	assert_int_equal(build_percent(50, 200), 25);
	/* never 100 while running, unknown past the estimate */
	assert_int_equal(build_percent(100, 100), 99);
	assert_int_equal(build_percent(101, 100), -1);
	assert_int_equal(build_percent(5, 0), -1);
	assert_int_equal(build_eta_ms(0, 100, 1000), -1);
	assert_int_equal(build_eta_ms(25, 100, 1000), 3000);
	assert_int_equal(build_eta_ms(100, 100, 1000), 0);
	/* hours of a big build, no overflow */
	assert_int_equal(build_eta_ms(1, 30000, 7200000),
			 7200000L * 29999);
}

static void test_progress_line(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;

	build_progress_line(&sb, 1234, 2100, 133000,
			    "CC drivers/tty/serial/8250/8250_core.o", 0, 0);
	assert_string_equal(sb.buf, "[1234/~2100 58%] 2:13 "
			    "CC drivers/tty/serial/8250/8250_core.o");
	strbuf_reset(&sb);
	build_progress_line(&sb, 12, 0, 3400, "LD [M] fs/ext4/ext4.ko", 0, 0);
	assert_string_equal(sb.buf, "[12] 0:03 LD [M] fs/ext4/ext4.ko");
	/* past the estimate: the count alone */
	strbuf_reset(&sb);
	build_progress_line(&sb, 2200, 2100, 3723000, "", 0, 0);
	assert_string_equal(sb.buf, "[2200] 1:02:03");
	/* cut to the terminal, the end of the path kept */
	strbuf_reset(&sb);
	build_progress_line(&sb, 12, 0, 3400, "CC drivers/gpu/drm/amd/x.o",
			    24, 0);
	assert_string_equal(sb.buf, "[12] 0:03 ...drm/amd/x.o");
	assert_int_equal(sb.len, 24);
	strbuf_reset(&sb);
	build_progress_line(&sb, 12, 0, 3400, "CC drivers/gpu/drm/amd/x.o",
			    12, 0);
	assert_string_equal(sb.buf, "[12] 0:03");
	strbuf_reset(&sb);
	build_progress_line(&sb, 1, 2, 0, "CC a.o", 0, 1);
	assert_string_equal(sb.buf, "\033[1m[1/~2 50%] 0:00\033[m CC a.o");
	strbuf_reset(&sb);
	build_step_text(&sb, "CC", 2, "net/x.o", 7, 1);
	assert_string_equal(sb.buf, "CC [M] net/x.o");
	strbuf_reset(&sb);
	build_step_text(&sb, "MODPOST", 7, NULL, 0, 0);
	assert_string_equal(sb.buf, "MODPOST");
	strbuf_release(&sb);
}

static void test_durations(void **state UNUSED)
{
	static const struct {
		long ms;
		const char *text;
	} t[] = {
		{ -5, "0.0 s" }, { 430, "0.4 s" }, { 12345, "12.3 s" },
		{ 59999, "59.9 s" }, { 60000, "1:00" }, { 125000, "2:05" },
		{ 3723000, "1:02:03" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		strbuf_reset(&sb);
		build_format_duration(&sb, t[i].ms);
		assert_string_equal(sb.buf, t[i].text);
	}
	strbuf_release(&sb);
}

static void test_stats(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	const char *cc = "cache_miss\t7\ncache_size_kibibyte\t10\n"
			 "direct_cache_hit\t30\ndirect_cache_miss\t9\n"
			 "preprocessed_cache_hit\t2\n";
	long hits = -1, misses = -1;

	assert_int_equal(build_stats_get("", 0, "objects_full", -1), -1);
	build_stats_set(&sb, "objects_full", 2100);
	assert_string_equal(sb.buf, "objects_full 2100\n");
	build_stats_set(&sb, "other", 5);
	build_stats_set(&sb, "objects_full", 2200);
	assert_string_equal(sb.buf, "other 5\nobjects_full 2200\n");
	assert_int_equal(build_stats_get(sb.buf, sb.len, "objects_full", 0),
			 2200);
	assert_int_equal(build_stats_get(sb.buf, sb.len, "other", 0), 5);
	/* a prefix of a key is not the key; junk is no number */
	assert_int_equal(build_stats_get(sb.buf, sb.len, "objects", 0), 0);
	assert_int_equal(build_stats_get("x 12a\n", 6, "x", -1), -1);
	assert_int_equal(build_stats_get("x 99999999999999999999\n", 23, "x",
					 -1), -1);
	strbuf_release(&sb);

	assert_int_equal(build_ccache_parse(cc, strlen(cc), &hits, &misses),
			 0);
	assert_int_equal(hits, 32);
	assert_int_equal(misses, 7);
	assert_int_equal(build_ccache_parse("stats zeroed\n", 13, &hits,
					    &misses), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_plain),
		cmocka_unit_test(test_argv_variables),
		cmocka_unit_test(test_argv_ccache),
		cmocka_unit_test(test_argv_distributed),
		cmocka_unit_test(test_compilers),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_need_config),
		cmocka_unit_test(test_hostdeps_needed),
		cmocka_unit_test(test_hostdeps_packages),
		cmocka_unit_test_setup_teardown(test_hostdeps_present,
						tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_progress_arithmetic),
		cmocka_unit_test(test_progress_line),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

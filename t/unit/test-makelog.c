// SPDX-License-Identifier: GPL-2.0
/*
 * src/build/makelog.c: line classes and the first error of real build
 * logs. The logs under t/data/build/ are real output: out-of-tree
 * modules built against Debian's 6.1 cloud headers (syntax error,
 * modpost undefined symbol, -Werror, missing include, error inside a
 * header, duplicate symbol, missing object), "make prepare" of a
 * tinyconfig tree, Kconfig's conf on a broken Kconfig, and plain
 * gcc/clang/ld runs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "build/makelog.h"
#include "lib/file.h"
#include "lib/strbuf.h"
#include "unit.h"

/* A copy of @text without its NUL, so ASan sees reads past the end. */
static char *exact_copy(const char *text, size_t n)
{
	char *copy = xmalloc(n ? n : 1);

	memcpy(copy, text, n);
	return copy;
}

static char *load(const char *name, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xasprintf("t/data/build/%s", name);
	char *copy;

	assert_int_equal(read_file(path, &sb), 0);
	free(path);
	*len = sb.len;
	copy = exact_copy(sb.buf, sb.len);
	strbuf_release(&sb);
	return copy;
}

static enum ml_kind classify(const char *line, struct ml_line *ml)
{
	static char *copy;
	size_t n = strlen(line);

	free(copy);
	copy = exact_copy(line, n);
	return ml_classify(copy, n, ml);
}

static void assert_span(const char *p, size_t n, const char *want)
{
	assert_non_null(p);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(p, want, n);
}

static void assert_step(const char *line, enum ml_kind kind, const char *tag,
			const char *path, int module, int object)
{
	struct ml_line ml;

	assert_int_equal(classify(line, &ml), kind);
	assert_int_equal(ml.kind, kind);
	assert_span(ml.tag, ml.tag_len, tag);
	assert_span(ml.path, ml.path_len, path);
	assert_int_equal(ml.module, module);
	assert_int_equal(ml.object, object);
}

static void test_classify_steps(void **state UNUSED)
{
	assert_step("  CC      net/netfilter/xt_recent.o\n", ML_CC, "CC",
		    "net/netfilter/xt_recent.o", 0, 1);
	assert_step("  CC [M]  /tmp/mklog/good/good.o", ML_CC, "CC",
		    "/tmp/mklog/good/good.o", 1, 1);
	assert_step("  LD [M]  /tmp/mklog/good/good.ko\r\n", ML_LD, "LD",
		    "/tmp/mklog/good/good.ko", 1, 0);
	assert_step("  BTF [M] /tmp/mklog/good/good.ko", ML_BTF, "BTF",
		    "/tmp/mklog/good/good.ko", 1, 0);
	assert_step("  AR      lib/lib.a", ML_AR, "AR", "lib/lib.a", 0, 0);
	assert_step("  AS      arch/x86/entry/entry_64.o", ML_AS, "AS",
		    "arch/x86/entry/entry_64.o", 0, 1);
	assert_step("  HOSTCC  scripts/kallsyms", ML_HOSTCC, "HOSTCC",
		    "scripts/kallsyms", 0, 0);
	assert_step("  GEN     Makefile", ML_GEN, "GEN", "Makefile", 0, 0);
	assert_step("  CHK     kernel/kheaders_data.tar.xz", ML_CHK, "CHK",
		    "kernel/kheaders_data.tar.xz", 0, 0);
	assert_step("  UPD     include/generated/utsrelease.h", ML_UPD, "UPD",
		    "include/generated/utsrelease.h", 0, 0);
	assert_step("  SYNC    include/config/auto.conf", ML_SYNC, "SYNC",
		    "include/config/auto.conf", 0, 0);
	assert_step("  MODPOST /tmp/mklog/good/Module.symvers", ML_MODPOST,
		    "MODPOST", "/tmp/mklog/good/Module.symvers", 0, 0);
	assert_step("  KSYMS   .tmp_vmlinux.kallsyms1.S", ML_KSYMS, "KSYMS",
		    ".tmp_vmlinux.kallsyms1.S", 0, 0);
	assert_step("  LDS     arch/x86/kernel/vmlinux.lds", ML_LDS, "LDS",
		    "arch/x86/kernel/vmlinux.lds", 0, 0);
	assert_step("  OBJCOPY arch/x86/boot/setup.bin", ML_OBJCOPY,
		    "OBJCOPY", "arch/x86/boot/setup.bin", 0, 0);
	assert_step("  ZSTD22  arch/x86/boot/compressed/vmlinux.bin.zst",
		    ML_COMPRESS, "ZSTD22",
		    "arch/x86/boot/compressed/vmlinux.bin.zst", 0, 0);
	assert_step("  BUILD   arch/x86/boot/bzImage   ", ML_BUILD, "BUILD",
		    "arch/x86/boot/bzImage", 0, 0);
	/* unknown tags are still steps; long tags push the target right */
	assert_step("  WRAP    arch/x86/include/generated/uapi/asm/bpf_perf_event.h",
		    ML_STEP, "WRAP",
		    "arch/x86/include/generated/uapi/asm/bpf_perf_event.h", 0, 0);
	assert_step("  DESCEND objtool", ML_STEP, "DESCEND", "objtool", 0, 0);
	assert_step("  CHKSHA1 /usr/src/linux-source-6.1/include/linux/atomic/atomic-arch-fallback.h",
		    ML_STEP, "CHKSHA1",
		    "/usr/src/linux-source-6.1/include/linux/atomic/atomic-arch-fallback.h",
		    0, 0);
}

static void test_classify_other(void **state UNUSED)
{
	struct ml_line ml;

	assert_int_equal(classify("Kernel: arch/x86/boot/bzImage is ready  (#3)",
				  &ml), ML_IMAGE_READY);
	assert_span(ml.path, ml.path_len, "arch/x86/boot/bzImage");

	assert_int_equal(classify("make[2]: Entering directory '/tmp/o'", &ml),
			 ML_MAKE_ENTER);
	assert_int_equal(ml.make_level, 2);
	assert_span(ml.path, ml.path_len, "/tmp/o");
	assert_int_equal(classify("make: Leaving directory '/usr/src/x'", &ml),
			 ML_MAKE_LEAVE);
	assert_int_equal(ml.make_level, 0);
	assert_span(ml.path, ml.path_len, "/usr/src/x");

	assert_int_equal(classify("make[1]: *** [/usr/src/linux-headers-6.1.0-56-common/scripts/Makefile.build:255: /tmp/mklog/hdr/hh.o] Error 1",
				  &ml), ML_MAKE_ERROR);
	assert_int_equal(ml.make_level, 1);
	assert_span(ml.path, ml.path_len, "/tmp/mklog/hdr/hh.o");
	assert_int_equal(classify("make: *** [Makefile:250: __sub-make] Error 2",
				  &ml), ML_MAKE_ERROR);
	assert_span(ml.path, ml.path_len, "__sub-make");
	assert_int_equal(classify("make[1]: *** No rule to make target 'a.o', needed by 'b.o'.  Stop.",
				  &ml), ML_MAKE_ERROR);
	assert_span(ml.path, ml.path_len, "a.o");
	assert_int_equal(classify("Makefile:3: *** missing separator.  Stop.",
				  &ml), ML_MAKE_ERROR);
	assert_span(ml.path, ml.path_len, "Makefile");
	assert_int_equal(ml.line, 3);

	assert_int_equal(classify("/tmp/mklog/syntax/brk.c:4:13: warning: unused variable ‘x’ [-Wunused-variable]",
				  &ml), ML_DIAG_WARNING);
	assert_span(ml.path, ml.path_len, "/tmp/mklog/syntax/brk.c");
	assert_int_equal(ml.line, 4);
	assert_int_equal(ml.column, 13);
	assert_int_equal(classify("c.c:1:10: fatal error: 'nothere.h' file not found",
				  &ml), ML_DIAG_ERROR);
	assert_int_equal(classify("x.c:1:36: note: each undeclared identifier",
				  &ml), ML_DIAG_NOTE);

	/* not steps: gcc's excerpt, source text, one space, lower case */
	assert_int_equal(classify("    5 |         return x;", &ml), ML_OTHER);
	assert_int_equal(classify("      |         ^~~~~~", &ml), ML_OTHER);
	assert_int_equal(classify("  X = 1;", &ml), ML_OTHER);
	assert_int_equal(classify(" CC      a.o", &ml), ML_OTHER);
	assert_int_equal(classify("  cc      a.o", &ml), ML_OTHER);
	assert_int_equal(classify("  CC", &ml), ML_OTHER);
	assert_int_equal(classify("  CC      ", &ml), ML_OTHER);
	assert_int_equal(classify("   \t\n", &ml), ML_BLANK);
	assert_int_equal(classify("", &ml), ML_BLANK);
	assert_int_equal(classify("make", &ml), ML_OTHER);
	assert_int_equal(classify("make[x]: Entering directory '/a'", &ml),
			 ML_OTHER);
	assert_string_equal(ml_kind_name(ML_MAKE_ERROR), "make-error");
	assert_string_equal(ml_kind_name(ML_CC), "CC");
}

/* Every line of a successful build is classified; count objects. */
static void test_classify_real_logs(void **state UNUSED)
{
	size_t len, pos = 0, objects = 0, modules = 0, steps = 0, other = 0;
	char *log = load("prepare.log", &len);
	struct ml_error err;
	struct ml_line ml;

	while (pos < len) {
		const char *nl = memchr(log + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - log - pos) : len - pos;
		enum ml_kind k = ml_classify(log + pos, n, &ml);

		if (k >= ML_CC && k <= ML_STEP)
			steps++;
		else if (k != ML_MAKE_ENTER && k != ML_MAKE_LEAVE)
			other++;
		objects += ml.object;
		modules += ml.module;
		pos += n + 1;
	}
	assert_int_equal(steps, 59);
	assert_int_equal(other, 0);
	assert_int_equal(objects, 1);	/* 4 CC, three of them to .s */
	assert_int_equal(modules, 0);
	assert_int_equal(ml_first_error(log, len, &err), 0);
	free(log);

	log = load("good.log", &len);
	for (pos = 0, objects = 0; pos < len;) {
		const char *nl = memchr(log + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - log - pos) : len - pos;

		ml_classify(log + pos, n, &ml);
		objects += ml.object;
		modules += ml.module;
		pos += n + 1;
	}
	assert_int_equal(objects, 2);
	assert_int_equal(modules, 4);
	assert_int_equal(ml_first_error(log, len, &err), 0);
	free(log);

	/* in-tree: the last step line is the current file */
	log = load("init.log", &len);
	for (pos = 0, objects = 0, modules = 0; pos < len;) {
		const char *nl = memchr(log + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - log - pos) : len - pos;
		struct ml_line cur;

		if (ml_classify(log + pos, n, &cur) >= ML_CC &&
		    cur.kind <= ML_STEP)
			ml = cur;
		objects += cur.object;
		modules += cur.module;
		pos += n + 1;
	}
	assert_int_equal(objects, 6);
	assert_int_equal(modules, 0);
	assert_int_equal(ml.kind, ML_AR);
	assert_span(ml.path, ml.path_len, "init/built-in.a");
	assert_int_equal(ml_first_error(log, len, &err), 0);
	free(log);
}

static void first_error(const char *name, struct ml_error *err,
			enum ml_error_kind kind, const char *file, int line,
			int column, const char *message)
{
	size_t len;
	char *log = load(name, &len);
	assert_int_equal(ml_first_error(log, len, err), 1);
	assert_string_equal(ml_error_kind_name(err->kind),
			    ml_error_kind_name(kind));
	if (file)
		assert_string_equal(err->file, file);
	else
		assert_null(err->file);
	assert_int_equal(err->line, line);
	assert_int_equal(err->column, column);
	assert_string_equal(err->message, message);
	/* the offset points at the error's line, after its block start */
	assert_true(err->offset < len);
	assert_true(err->block_offset <= err->offset);
	assert_true(err->offset == 0 || log[err->offset - 1] == '\n');
	assert_true(err->block_offset == 0 ||
		    log[err->block_offset - 1] == '\n');
	free(log);
}

static void assert_context(const struct ml_error *err, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_int_equal(err->nr_context, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(err->context[i], va_arg(ap, const char *));
	va_end(ap);
}

static void test_syntax_error(void **state UNUSED)
{
	struct ml_error err;

	first_error("syntax.log", &err, ML_ERR_COMPILER,
		    "/tmp/mklog/syntax/brk.c", 5, 9,
		    "expected ‘,’ or ‘;’ before ‘return’");
	assert_int_equal(err.werror, 0);
	assert_string_equal(err.function, "In function ‘brk_init’");
	assert_int_equal(err.nr_includes, 0);
	/* the excerpt, not the warning that follows */
	assert_context(&err, 2, "    5 |         return x;",
		       "      |         ^~~~~~");
	assert_int_equal(err.offset, 158);
	assert_int_equal(err.block_offset, 105);
	ml_error_release(&err);
}

static void test_werror(void **state UNUSED)
{
	struct ml_error err;

	first_error("werror.log", &err, ML_ERR_COMPILER,
		    "/tmp/mklog/werror/wer.c", 4, 13,
		    "unused variable ‘unused_var’ [-Werror=unused-variable]");
	assert_int_equal(err.werror, 1);
	assert_context(&err, 2, "    4 |         int unused_var;",
		       "      |             ^~~~~~~~~~");
	ml_error_release(&err);
}

static void test_missing_include(void **state UNUSED)
{
	struct ml_error err;

	first_error("incl.log", &err, ML_ERR_COMPILER,
		    "/tmp/mklog/incl/inc.c", 2, 10,
		    "missing_header.h: No such file or directory");
	assert_null(err.function);
	assert_context(&err, 2, "    2 | #include \"missing_header.h\"",
		       "      |          ^~~~~~~~~~~~~~~~~~");
	assert_int_equal(err.block_offset, err.offset);
	ml_error_release(&err);

	first_error("clang1.log", &err, ML_ERR_COMPILER, "c.c", 1, 10,
		    "'nothere.h' file not found");
	assert_context(&err, 2, "#include \"nothere.h\"", "         ^~~~~~~~~~~");
	ml_error_release(&err);

	first_error("clang2.log", &err, ML_ERR_COMPILER, "c2.c", 4, 10,
		    "expected ';' after return statement");
	assert_context(&err, 3, "        return 0", "                ^",
		       "                ;");
	ml_error_release(&err);
}

static void test_error_in_header(void **state UNUSED)
{
	struct ml_error err;

	first_error("hdr.log", &err, ML_ERR_COMPILER, "/tmp/mklog/hdr/bad.h",
		    1, 36, "‘y’ undeclared (first use in this function)");
	assert_int_equal(err.nr_includes, 1);
	assert_string_equal(err.includes[0],
			    "In file included from /tmp/mklog/hdr/hh.c:2");
	assert_string_equal(err.function, "In function ‘f’");
	/* the note belongs to the error */
	assert_context(&err, 3,
		       "    1 | static inline int f(void) { return y; }",
		       "      |                                    ^",
		       "/tmp/mklog/hdr/bad.h:1:36: note: each undeclared identifier is reported only once for each function it appears in");
	assert_int_equal(err.block_offset, 101);
	ml_error_release(&err);
}

/* a deep chain through the kernel's headers: nine levels */
static void test_include_chain(void **state UNUSED)
{
	struct ml_error err;

	first_error("chain.log", &err, ML_ERR_COMPILER,
		    "/usr/src/linux-headers-6.1.0-56-common/include/linux/types.h",
		    179, 18, "expected identifier or ‘(’ before ‘{’ token");
	assert_int_equal(err.nr_includes, 9);
	assert_string_equal(err.includes[0],
			    "In file included from /usr/src/linux-headers-6.1.0-56-common/include/linux/kasan-checks.h:5");
	assert_string_equal(err.includes[2],
			    "from ./arch/x86/include/generated/asm/rwonce.h:1");
	assert_string_equal(err.includes[8], "from /tmp/mklog/chain/ch.c:2");
	assert_null(err.function);
	/* stops at the next chain, which belongs to the next error */
	assert_context(&err, 2, "  179 | struct list_head {",
		       "      |                  ^");
	assert_int_equal(err.block_offset, 103);
	ml_error_release(&err);
}

static void test_modpost(void **state UNUSED)
{
	struct ml_error err;

	first_error("undef.log", &err, ML_ERR_MODPOST,
		    "/tmp/mklog/undef/und.ko", 0, 0,
		    "\"kdev_no_such_symbol\" [/tmp/mklog/undef/und.ko] undefined!");
	assert_context(&err, 0);
	ml_error_release(&err);
}

static void test_linker(void **state UNUSED)
{
	struct ml_error err;

	first_error("multi.log", &err, ML_ERR_LINKER, "/tmp/mklog/multi/mb.c",
		    1, 0,
		    "multiple definition of `kdev_dup'; /tmp/mklog/multi/ma.o:/tmp/mklog/multi/ma.c:2: first defined here");
	assert_string_equal(err.function, "in function `kdev_dup'");
	assert_true(err.block_offset < err.offset);
	ml_error_release(&err);

	first_error("ld-undef.log", &err, ML_ERR_LINKER,
		    "/tmp/mklog/ldu/prog.c", 4, 0,
		    "undefined reference to `kdev_missing'");
	assert_string_equal(err.function, "in function `main'");
	assert_int_equal(err.block_offset, 0);
	ml_error_release(&err);

	/* through gcc: /usr/bin/ld, then collect2 (not the first) */
	first_error("gcc-link.log", &err, ML_ERR_LINKER,
		    "/tmp/mklog/ldu/prog.c", 4, 0,
		    "undefined reference to `kdev_missing'");
	ml_error_release(&err);
}

static void test_make_errors(void **state UNUSED)
{
	struct ml_error err;

	first_error("norule.log", &err, ML_ERR_MAKE,
		    "/tmp/mklog/norule/nothere.o", 0, 0,
		    "No rule to make target '/tmp/mklog/norule/nothere.o', needed by '/tmp/mklog/norule/nr.o'");
	ml_error_release(&err);

	first_error("noconfig.log", &err, ML_ERR_KCONFIG, NULL, 0, 0,
		    "Configuration file \".config\" not found!");
	assert_context(&err, 4, "***",
		       "*** Please run some configurator (e.g. \"make oldconfig\" or",
		       "*** \"make menuconfig\" or \"make xconfig\").",
		       "***");
	ml_error_release(&err);

	first_error("kconfig.log", &err, ML_ERR_KCONFIG, "Kconfig", 4, 0,
		    "syntax error");
	ml_error_release(&err);
}

/* One log in memory, with a NUL-less exact copy. */
static int first_error_text(const char *text, struct ml_error *err)
{
	size_t n = strlen(text);
	char *copy = exact_copy(text, n);
	int ret = ml_first_error(copy, n, err);

	free(copy);
	return ret;
}

static void test_synthetic(void **state UNUSED)
{
	struct ml_error err;

	/* warnings alone are no error */
	assert_int_equal(first_error_text(
		"  CC      a.o\n"
		"a.c:3:5: warning: unused variable 'x' [-Wunused-variable]\n"
		"    3 |     int x;\n"
		"      |     ^\n"
		"  LD      vmlinux.o\n", &err), 0);
	assert_int_equal(first_error_text("", &err), 0);
	assert_int_equal(first_error_text("\n\n\n", &err), 0);

	/* only make's consequence: reported as make-failed */
	assert_int_equal(first_error_text(
		"  GEN     foo\n"
		"some script said no\n"
		"make[2]: *** [scripts/Makefile.build:12: foo] Error 1\n"
		"make: *** [Makefile:1: all] Error 2", &err), 1);
	assert_int_equal(err.kind, ML_ERR_MAKE_FAILED);
	assert_string_equal(err.file, "foo");
	assert_int_equal(err.offset, 34);
	ml_error_release(&err);

	/* make deleting a half-written target is no error of its own */
	assert_int_equal(first_error_text(
		"  CC      drivers/tty/tty_io.o\n"
		"fixdep: error opening file: drivers/tty/.tty_io.o.d: No such file or directory\n"
		"make[3]: *** [scripts/Makefile.build:255: drivers/tty/tty_io.o] Error 2\n"
		"make[3]: *** Deleting file 'drivers/tty/tty_io.o'\n"
		"make[2]: *** [scripts/Makefile.build:508: drivers/tty] Error 2\n",
		&err), 1);
	assert_int_equal(err.kind, ML_ERR_MAKE_FAILED);
	assert_string_equal(err.file, "drivers/tty/tty_io.o");
	ml_error_release(&err);

	/* the one-line ld form and lld */
	assert_int_equal(first_error_text(
		"  LD      vmlinux.o\n"
		"ld: vmlinux.o: in function `f': net/x.c:12: undefined reference to `x'\n",
		&err), 1);
	assert_int_equal(err.kind, ML_ERR_LINKER);
	assert_string_equal(err.file, "net/x.c");
	assert_int_equal(err.line, 12);
	assert_string_equal(err.message, "undefined reference to `x'");
	assert_string_equal(err.function, "in function `f'");
	ml_error_release(&err);

	assert_int_equal(first_error_text(
		"ld.lld: error: undefined symbol: kdev_x\n"
		">>> referenced by main.c:7 (init/main.c:7)\n"
		">>>               init/main.o:(start_kernel) in archive vmlinux.a\n",
		&err), 1);
	assert_int_equal(err.kind, ML_ERR_LINKER);
	assert_string_equal(err.message, "undefined symbol: kdev_x");
	assert_int_equal(err.nr_context, 2);
	ml_error_release(&err);

	/* gas, Makefile syntax, kconfig recursive dependency, gcc driver */
	assert_int_equal(first_error_text(
		"  AS      arch/x86/entry/entry_64.o\n"
		"arch/x86/entry/entry_64.S: Assembler messages:\n"
		"arch/x86/entry/entry_64.S:12: Error: no such instruction: `foo'\n",
		&err), 1);
	assert_int_equal(err.kind, ML_ERR_COMPILER);
	assert_int_equal(err.line, 12);
	assert_string_equal(err.message, "no such instruction: `foo'");
	ml_error_release(&err);

	assert_int_equal(first_error_text(
		"drivers/foo/Makefile:3: *** missing separator.  Stop.\n",
		&err), 1);
	assert_int_equal(err.kind, ML_ERR_MAKE);
	assert_string_equal(err.file, "drivers/foo/Makefile");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.message, "missing separator.");
	ml_error_release(&err);

	assert_int_equal(first_error_text(
		"  SYNC    include/config/auto.conf\n"
		".config:12:warning: symbol value 'x' invalid for FOO\n"
		"drivers/a/Kconfig:5:error: recursive dependency detected!\n"
		"*** Error during sync of the configuration.\n", &err), 1);
	assert_int_equal(err.kind, ML_ERR_KCONFIG);
	assert_string_equal(err.file, "drivers/a/Kconfig");
	assert_int_equal(err.line, 5);
	ml_error_release(&err);

	assert_int_equal(first_error_text(
		"gcc: error: unrecognized command-line option '-mfoo'\n"
		"make[1]: *** [x] Error 1\n", &err), 1);
	assert_int_equal(err.kind, ML_ERR_TOOL);
	assert_null(err.file);
	ml_error_release(&err);

	/* a second error in the same header keeps the include chain */
	assert_int_equal(first_error_text(
		"In file included from a.c:1:\n"
		"b.h:1:1: warning: x\n"
		"b.h:2:1: error: y\n", &err), 1);
	assert_int_equal(err.nr_includes, 1);
	assert_int_equal(err.line, 2);
	ml_error_release(&err);

	/* CRLF, no final newline; context capped at ML_MAX_CONTEXT */
	assert_int_equal(first_error_text(
		"x.c:1:2: error: bad\r\n1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n"
		"8\r\n9\r\n10\r\n11", &err), 1);
	assert_string_equal(err.message, "bad");
	assert_int_equal(err.nr_context, ML_MAX_CONTEXT);
	assert_string_equal(err.context[9], "10");
	ml_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_steps),
		cmocka_unit_test(test_classify_other),
		cmocka_unit_test(test_classify_real_logs),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_werror),
		cmocka_unit_test(test_missing_include),
		cmocka_unit_test(test_error_in_header),
		cmocka_unit_test(test_include_chain),
		cmocka_unit_test(test_modpost),
		cmocka_unit_test(test_linker),
		cmocka_unit_test(test_make_errors),
		cmocka_unit_test(test_synthetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

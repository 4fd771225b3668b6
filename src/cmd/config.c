// SPDX-License-Identifier: GPL-2.0
/*
 * kdev config: configure a kernel tree with kdev's own Kconfig
 * implementation (src/kconfig/), without make.
 *
 *   kdev config olddefconfig [O=DIR] [ARCH=ARCH] [CC=CC]
 *                            [CROSS_COMPILE=PREFIX] [LLVM=1]
 *
 * does what "make olddefconfig" does and writes the same .config.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../kdev.h"
#include "../kconfig/kconfig.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/strbuf.h"

static const char config_usage[] =
	"usage: kdev config <command> [VAR=VALUE...]\n"
	"\n"
	"Configure the kernel tree in the current directory (or kdev -C DIR),\n"
	"as the kernel's Kconfig does, without make.\n"
	"\n"
	"commands:\n"
	"   olddefconfig   update .config: new symbols get their defaults\n"
	"\n"
	"variables, as make takes them:\n"
	"   O=DIR               build directory (default: $KBUILD_OUTPUT, or\n"
	"                       the source tree)\n"
	"   ARCH=ARCH           architecture (default: $ARCH, or this machine's)\n"
	"   CC=CC, CROSS_COMPILE=PREFIX, LLVM=1\n"
	"                       the toolchain Kconfig probes\n"
	"\n"
	"KCONFIG_CONFIG names the .config file (relative to the build\n"
	"directory), CONFIG_ its symbol prefix.\n";

struct config_args {
	struct kconfig_opts opts;
	const char *objtree;
	char *srctree;
};

/* VAR=VALUE arguments, as make takes them */
static int parse_vars(struct config_args *a, int argc, char **argv,
		      const char *usage)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *v;

		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
		if (skip_prefix(argv[i], "O=", &v))
			a->objtree = v;
		else if (skip_prefix(argv[i], "ARCH=", &v))
			a->opts.arch = v;
		else if (skip_prefix(argv[i], "CC=", &v))
			a->opts.cc = v;
		else if (skip_prefix(argv[i], "CROSS_COMPILE=", &v))
			a->opts.cross_compile = v;
		else if (skip_prefix(argv[i], "LLVM=", &v))
			a->opts.llvm = *v && strcmp(v, "0");
		else if (argv[i][0] == '-')
			usage_error(usage, "unknown option '%s'", argv[i]);
		else
			usage_error(usage, "'%s' is not VAR=VALUE (O=, ARCH=, CC=, CROSS_COMPILE=, LLVM=)",
				    argv[i]);
	}
	return 0;
}

/*
 * The source tree is the current directory, or, in a build directory
 * made with O=, the tree its "source" link points to.
 */
static int find_tree(struct config_args *a)
{
	const char *out = a->objtree;

	if (!out || !*out)
		out = getenv("KBUILD_OUTPUT");
	if (is_file("Kconfig") && is_file("Makefile")) {
		a->srctree = xstrdup(".");
	} else if (is_file("source/Kconfig")) {
		a->srctree = xstrdup("source");
		if (!out || !*out)
			out = ".";
	} else {
		return error("no Kconfig here: run kdev config in a kernel source tree (or kdev -C DIR config ...)");
	}
	a->opts.srctree = a->srctree;
	if (out && *out) {
		if (mkdir_p(out))
			return -1;
		a->opts.objtree = out;
	}
	return 0;
}

/*
 * Without a .config, Kconfig starts from the first of
 * KCONFIG_DEFCONFIG_LIST that exists; the kernel's Makefile sets it to
 * the running kernel's config, then the architecture's defconfig.
 */
static const char *defconfig_fallback(struct kconfig *kc, struct strbuf *buf)
{
	struct utsname u;
	const char *cands[4];
	size_t i, n = 0;

	if (!uname(&u)) {
		strbuf_addf(buf, "/lib/modules/%s/.config", u.release);
		strbuf_addch(buf, '\0');
		strbuf_addf(buf, "/boot/config-%s", u.release);
		cands[n++] = buf->buf;
		cands[n++] = "/etc/kernel-config";
		cands[n++] = buf->buf + strlen(buf->buf) + 1;
	}
	cands[n++] = kconfig_defconfig_path(kc);
	for (i = 0; i < n; i++)
		if (cands[i] && is_file(cands[i]))
			return cands[i];
	return NULL;
}

/* make olddefconfig: read .config, give new symbols their defaults. */
static int config_olddefconfig(struct config_args *a)
{
	struct strbuf buf = STRBUF_INIT;
	const char *path, *from;
	const char *werror = getenv("KCONFIG_WERROR");
	struct kconfig *kc;
	int ret = 0, warnings;

	kc = kconfig_load(&a->opts);
	if (!kc)
		return 1;
	/* KCONFIG_WERROR is about the .config and the values, as in
	   Kconfig, not about the Kconfig files */
	warnings = kconfig_warnings(kc);
	path = kconfig_config_path(kc);
	if (is_file(path)) {
		from = path;
	} else {
		from = defconfig_fallback(kc, &buf);
		if (from)
			note("no %s: using defaults found in %s", path, from);
	}
	if (from && kconfig_read(kc, from, false)) {
		ret = 1;
		goto out;
	}
	kconfig_calc(kc);
	if (werror && *werror && kconfig_warnings(kc) > warnings) {
		error("warnings are errors (KCONFIG_WERROR): %s not written",
		      path);
		ret = 1;
		goto out;
	}
	if (kconfig_write(kc, path, true))
		ret = 1;
out:
	strbuf_release(&buf);
	kconfig_free(kc);
	return ret;
}

int cmd_config(int argc, char **argv)
{
	struct config_args a;
	int ret;

	if (argc < 2) {
		fputs(config_usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage_help(config_usage);
	if (strcmp(argv[1], "olddefconfig")) {
		if (argv[1][0] == '-')
			usage_error(config_usage, "unknown option '%s'", argv[1]);
		usage_error(config_usage, "'%s' is not a config command",
			    argv[1]);
	}
	memset(&a, 0, sizeof(a));
	if (parse_vars(&a, argc - 1, argv + 1, config_usage))
		return usage_help(config_usage);
	if (find_tree(&a))
		return 1;
	ret = config_olddefconfig(&a);
	free(a.srctree);
	return ret;
}

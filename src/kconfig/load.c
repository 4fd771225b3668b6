// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a kernel tree's Kconfig with the environment the kernel's
 * Makefile gives scripts/kconfig/conf: ARCH (the host's by default,
 * as "uname -m" maps to SUBARCH), SRCARCH, srctree, KERNELVERSION from
 * the top Makefile, the toolchain (CC, LD, ... from CROSS_COMPILE or
 * LLVM), CC_VERSION_TEXT and, for clang, CLANG_FLAGS. $(shell,...)
 * commands run in the build directory with that environment.
 *
 * Parsing runs twice: a first pass only starts every $(shell,...)
 * command it meets, concurrently; the second, real, pass takes their
 * output, running what the first did not foresee.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/run-command.h"
#include "lib/strvec.h"

extern char **environ;

/* uname -m as the kernel's Makefile turns it into SUBARCH */
char *kconfig_host_arch(void)
{
	static const struct {
		const char *prefix, *arch;
	} map[] = {
		{ "x86_64", "x86" }, { "sun4u", "sparc64" }, { "arm", "arm" },
		{ "sa110", "arm" }, { "s390x", "s390" }, { "ppc", "powerpc" },
		{ "mips", "mips" }, { "sh2", "sh" }, { "sh3", "sh" },
		{ "sh4", "sh" }, { "aarch64", "arm64" }, { "riscv", "riscv" },
		{ "loongarch", "loongarch" },
	};
	struct utsname u;
	size_t i;

	if (uname(&u))
		return xstrdup("x86");
	if (u.machine[0] == 'i' && u.machine[1] && !strcmp(u.machine + 2, "86"))
		return xstrdup("x86");
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (starts_with(u.machine, map[i].prefix))
			return xstrdup(map[i].arch);
	return xstrdup(u.machine);
}

const char *kconfig_srcarch(const char *arch)
{
	if (!strcmp(arch, "i386") || !strcmp(arch, "x86_64"))
		return "x86";
	if (!strcmp(arch, "sparc64"))
		return "sparc";
	if (!strcmp(arch, "parisc64"))
		return "parisc";
	if (!strcmp(arch, "sh64"))
		return "sh";
	return arch;
}

/* NAME = value at the start of a line of a Makefile */
static char *make_var(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, name, len) &&
		    (p[len] == ' ' || p[len] == '=')) {
			const char *v = p + len, *end;

			while (*v == ' ' || *v == '\t')
				v++;
			if (*v == '=') {
				v++;
				while (*v == ' ' || *v == '\t')
					v++;
				end = v + strcspn(v, "\n#");
				while (end > v && (end[-1] == ' ' ||
						   end[-1] == '\t'))
					end--;
				return xstrndup(v, (size_t)(end - v));
			}
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static char *kernel_version(const char *srctree)
{
	struct strbuf mk = STRBUF_INIT, v = STRBUF_INIT;
	char *path = xasprintf("%s/Makefile", srctree);
	char *ver, *patch, *sub, *extra;

	if (read_file(path, &mk)) {
		error_errno("cannot read '%s'", path);
		free(path);
		return NULL;
	}
	free(path);
	ver = make_var(mk.buf, "VERSION");
	patch = make_var(mk.buf, "PATCHLEVEL");
	sub = make_var(mk.buf, "SUBLEVEL");
	extra = make_var(mk.buf, "EXTRAVERSION");
	strbuf_addstr(&v, ver ? ver : "");
	if (patch && *patch) {
		strbuf_addf(&v, ".%s", patch);
		if (sub && *sub)
			strbuf_addf(&v, ".%s", sub);
	}
	strbuf_addstr(&v, extra ? extra : "");
	free(ver);
	free(patch);
	free(sub);
	free(extra);
	strbuf_release(&mk);
	return strbuf_detach(&v, NULL);
}

/* Words of a make expression that name an existing defconfig. */
static void defconfig_words(struct strvec *cand, const char *dir,
			    const char *value)
{
	const char *p = value;

	while (*p) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
		char *name, *path;

		if (!n) {
			p++;
			continue;
		}
		name = ends_with(p, "_defconfig") && !p[n] ?
		       xstrndup(p, n) : xasprintf("%.*s_defconfig", (int)n, p);
		path = xasprintf("%s/%s", dir, name);
		if (is_file(path))
			strvec_push(cand, name);
		free(path);
		free(name);
		p += n;
	}
}

/*
 * KBUILD_DEFCONFIG, as far as it can be read from arch/$SRCARCH/Makefile
 * without make: the candidates it assigns that exist (with $(ARCH),
 * $(SRCARCH), $(SUBARCH) and "uname -m" filled in; in what make would
 * have to compute, any word that names a defconfig), preferring
 * $(ARCH)_defconfig for ARCH=x86_64 and the like, then the one named
 * after the host's machine.
 */
static char *find_defconfig(const char *srctree, const char *arch,
			    const char *srcarch, const char *subarch)
{
	struct strbuf mk = STRBUF_INIT;
	struct strvec cand = STRVEC_INIT;
	char *dir = xasprintf("%s/arch/%s/configs", srctree, srcarch);
	char *path = xasprintf("%s/arch/%s/Makefile", srctree, srcarch);
	struct utsname u;
	char *res = NULL, *p;
	size_t i;

	if (uname(&u))
		strcpy(u.machine, "unknown");
	if (!read_file(path, &mk)) {
		for (p = strstr(mk.buf, "KBUILD_DEFCONFIG"); p;
		     p = strstr(p + 1, "KBUILD_DEFCONFIG")) {
			static const char *const vars[] = {
				"$(ARCH)", "$(SRCARCH)", "$(SUBARCH)",
				"$(uname)", "$(shell uname -m)",
			};
			const char *v = p + strlen("KBUILD_DEFCONFIG");
			const char *vals[] = {
				arch, srcarch, subarch, u.machine, u.machine,
			};
			struct strbuf name = STRBUF_INIT;

			v += strspn(v, " \t:?");
			if (*v != '=')
				continue;
			v++;
			v += strspn(v, " \t");
			while (*v && !strchr("\n#", *v)) {
				for (i = 0; i < ARRAY_SIZE(vars); i++)
					if (starts_with(v, vars[i]))
						break;
				if (i < ARRAY_SIZE(vars)) {
					strbuf_addstr(&name, vals[i]);
					v += strlen(vars[i]);
				} else {
					strbuf_addch(&name, *v++);
				}
			}
			strbuf_rtrim(&name);
			if (strchr(name.buf, '$') || strchr(name.buf, ' ')) {
				defconfig_words(&cand, dir, name.buf);
			} else if (name.len) {
				free(path);
				path = xasprintf("%s/%s", dir, name.buf);
				if (is_file(path))
					strvec_push(&cand, name.buf);
			}
			strbuf_release(&name);
		}
	}
	if (strcmp(arch, srcarch)) {
		char *want = xasprintf("%s_defconfig", arch);

		for (i = 0; !res && i < cand.nr; i++)
			if (!strcmp(cand.v[i], want))
				res = xstrdup(want);
		free(want);
	}
	for (i = 0; !res && i < cand.nr; i++)
		if (starts_with(cand.v[i], u.machine))
			res = xstrdup(cand.v[i]);
	if (!res && cand.nr)
		res = xstrdup(cand.v[0]);
	if (!res)
		res = xstrdup("defconfig");
	free(path);
	path = xasprintf("%s/%s", dir, res);
	free(res);
	free(dir);
	strvec_clear(&cand);
	strbuf_release(&mk);
	return path;
}

static void split_words(struct strvec *sv, const char *s)
{
	while (*s) {
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (!n)
			break;
		strvec_pushf(sv, "%.*s", (int)n, s);
		s += n;
	}
}

/* First line of "LC_ALL=C $(CC) --version", without '#'. */
static char *cc_version_text(const char *cc)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT;
	char *res;
	size_t i, j;

	strvec_pushl(&cp.args, "env", "LC_ALL=C", NULL);
	split_words(&cp.args, cc);
	strvec_push(&cp.args, "--version");
	cp.err = CHILD_NULL;
	cp.in = CHILD_NULL;
	capture_command(&cp, &out, NULL);
	strvec_clear(&cp.args);
	res = xstrndup(out.buf, strcspn(out.buf, "\n"));
	for (i = j = 0; res[i]; i++)
		if (res[i] != '#')
			res[j++] = res[i];
	res[j] = '\0';
	strbuf_release(&out);
	return res;
}

static char *clang_target(const char *srcarch, const char *cross)
{
	static const char *const map[][2] = {
		{ "arm", "arm-linux-gnueabi" },
		{ "arm64", "aarch64-linux-gnu" },
		{ "hexagon", "hexagon-linux-musl" },
		{ "m68k", "m68k-linux-gnu" },
		{ "mips", "mipsel-linux-gnu" },
		{ "powerpc", "powerpc64le-linux-gnu" },
		{ "riscv", "riscv64-linux-gnu" }, { "s390", "s390x-linux-gnu" },
		{ "x86", "x86_64-linux-gnu" },
	};
	size_t i;

	if (*cross) {
		const char *base = strrchr(cross, '/');
		size_t n;

		base = base ? base + 1 : cross;
		n = strlen(base);
		if (n && base[n - 1] == '-')
			n--;
		return xstrndup(base, n);
	}
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i][0], srcarch))
			return xstrdup(map[i][1]);
	return NULL;
}

static void setvar(struct strvec *env, const char *name, const char *value)
{
	strvec_pushf(env, "%s=%s", name, value ? value : "");
}

static char *abs_path(const char *path)
{
	char buf[PATH_MAX];

	if (realpath(path, buf))
		return xstrdup(buf);
	if (path[0] == '/')
		return xstrdup(path);
	if (!getcwd(buf, sizeof(buf)))
		return xstrdup(path);
	return xasprintf("%s/%s", buf, path);
}

/* srctree as the kernel's Makefile exports it for an O= build */
static char *srctree_var(const char *src, const char *obj)
{
	size_t n = strlen(src);

	if (!strcmp(src, obj))
		return xstrdup(".");
	if (!strncmp(obj, src, n) && obj[n] == '/' && !strchr(obj + n + 1, '/'))
		return xstrdup("..");
	return xstrdup(src);
}

struct tree_reader {
	const char *srctree;
};

static int read_tree_file(void *data, const char *name, struct strbuf *out)
{
	struct tree_reader *t = data;
	char *path;
	int ret;

	if (name[0] == '/')
		return read_file(name, out);
	path = xasprintf("%s/%s", t->srctree, name);
	ret = read_file(path, out);
	free(path);
	return ret;
}

/* Jobs for $(shell,...) commands: KDEV_KCONFIG_JOBS, or 2 per CPU. */
static int shell_jobs(void)
{
	const char *env = getenv("KDEV_KCONFIG_JOBS");
	long n;

	if (env && *env)
		return (int)strtol(env, NULL, 10);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 8 ? 16 : (int)n * 2;
}

struct kconfig *kconfig_load(const struct kconfig_opts *opts)
{
	struct strvec env = STRVEC_INIT, child_env = STRVEC_INIT;
	char *src = NULL, *obj = NULL, *arch = NULL, *version = NULL;
	char *ccver = NULL, *srcvar = NULL, *defconfig = NULL;
	char *config = NULL, *rootpath = NULL, *target = NULL;
	char *subarch = NULL;
	const char *srcarch, *cross, *llvm, *cfg, *kconfig_root;
	struct kconfig_shell *sh = NULL;
	struct tree_reader reader;
	struct kconfig_parse_opts po = { 0 };
	struct kconfig *kc = NULL;
	struct strbuf tool = STRBUF_INIT;
	char **e;
	int jobs;

	if (!opts->srctree || !is_dir(opts->srctree)) {
		error("'%s' is not a kernel source tree",
		      opts->srctree ? opts->srctree : "");
		return NULL;
	}
	src = abs_path(opts->srctree);
	obj = abs_path(opts->objtree ? opts->objtree : opts->srctree);
	kconfig_root = getenv("KBUILD_KCONFIG");
	if (!kconfig_root || !*kconfig_root)
		kconfig_root = "Kconfig";
	rootpath = xasprintf("%s/%s", src, kconfig_root);
	if (!is_file(rootpath)) {
		error("no %s in '%s': not a kernel source tree", kconfig_root,
		      src);
		goto out;
	}
	if (opts->arch && *opts->arch)
		arch = xstrdup(opts->arch);
	else if (getenv("ARCH") && *getenv("ARCH"))
		arch = xstrdup(getenv("ARCH"));
	else
		arch = kconfig_host_arch();
	srcarch = kconfig_srcarch(arch);
	free(rootpath);
	rootpath = xasprintf("%s/arch/%s", src, srcarch);
	if (!is_dir(rootpath)) {
		error("unknown architecture '%s': no arch/%s in '%s'", arch,
		      srcarch, src);
		goto out;
	}
	version = kernel_version(src);
	if (!version)
		goto out;
	subarch = kconfig_host_arch();
	srcvar = srctree_var(src, obj);
	cross = opts->cross_compile ? opts->cross_compile :
		getenv("CROSS_COMPILE") ? getenv("CROSS_COMPILE") : "";
	llvm = getenv("LLVM");
	if (opts->llvm && (!llvm || !*llvm))
		llvm = "1";

	setvar(&env, "ARCH", arch);
	setvar(&env, "SRCARCH", srcarch);
	setvar(&env, "UTS_MACHINE", arch);
	if (!strcmp(arch, "um")) {
		/* arch/um/Makefile: the host architecture underneath */
		setvar(&env, "SUBARCH", subarch);
		setvar(&env, "HEADER_ARCH", !strcmp(subarch, "x86_64") ||
		       !strcmp(subarch, "i386") ? "x86" : subarch);
	}
	setvar(&env, "srctree", srcvar);
	setvar(&env, "objtree", ".");
	setvar(&env, "KERNELVERSION", version);
	setvar(&env, "KBUILD_KCONFIG", kconfig_root);
	setvar(&env, "CROSS_COMPILE", cross);
	setvar(&env, "CONFIG_SHELL", "sh");
	setvar(&env, "LC_COLLATE", "C");
	setvar(&env, "LC_NUMERIC", "C");
	if (llvm && *llvm) {
		const char *pre = ends_with(llvm, "/") ? llvm : "";
		const char *suf = llvm[0] == '-' ? llvm : "";
		static const char *const tools[][2] = {
			{ "LD", "ld.lld" }, { "AR", "llvm-ar" },
			{ "NM", "llvm-nm" }, { "OBJCOPY", "llvm-objcopy" },
			{ "OBJDUMP", "llvm-objdump" },
			{ "READELF", "llvm-readelf" },
			{ "STRIP", "llvm-strip" },
			{ "HOSTCC", "clang" }, { "HOSTCXX", "clang++" },
		};
		size_t i;

		strbuf_addf(&tool, "%sclang%s", pre, suf);
		for (i = 0; i < ARRAY_SIZE(tools); i++)
			strvec_pushf(&env, "%s=%s%s%s", tools[i][0], pre,
				     tools[i][1], suf);
	} else {
		static const char *const tools[][2] = {
			{ "LD", "ld" }, { "AR", "ar" }, { "NM", "nm" },
			{ "OBJCOPY", "objcopy" }, { "OBJDUMP", "objdump" },
			{ "READELF", "readelf" }, { "STRIP", "strip" },
		};
		size_t i;

		strbuf_addf(&tool, "%sgcc", cross);
		for (i = 0; i < ARRAY_SIZE(tools); i++)
			strvec_pushf(&env, "%s=%s%s", tools[i][0], cross,
				     tools[i][1]);
		setvar(&env, "HOSTCC", "gcc");
		setvar(&env, "HOSTCXX", "g++");
	}
	if (opts->cc && *opts->cc) {
		strbuf_reset(&tool);
		strbuf_addstr(&tool, opts->cc);
	}
	setvar(&env, "CC", tool.buf);
	strvec_pushf(&env, "CPP=%s -E", tool.buf);
	setvar(&env, "PAHOLE", "pahole");
	setvar(&env, "RUSTC", "rustc");
	setvar(&env, "BINDGEN", "bindgen");
	setvar(&env, "HOSTRUSTC", "rustc");
	ccver = cc_version_text(tool.buf);
	setvar(&env, "CC_VERSION_TEXT", ccver);
	if (strstr(ccver, "clang")) {
		struct strbuf flags = STRBUF_INIT;
		const char *ias = getenv("LLVM_IAS");

		target = clang_target(srcarch, cross);
		if (target)
			strbuf_addf(&flags, "--target=%s ", target);
		strbuf_addstr(&flags, ias && !strcmp(ias, "0") ?
			      "-fno-integrated-as" : "-fintegrated-as");
		strbuf_addstr(&flags, " -Werror=unknown-warning-option"
			      " -Werror=ignored-optimization-argument");
		setvar(&env, "CLANG_FLAGS", flags.buf);
		strbuf_release(&flags);
	}

	cfg = opts->config ? opts->config : getenv("KCONFIG_CONFIG");
	if (!cfg || !*cfg)
		cfg = ".config";
	config = cfg[0] == '/' ? xstrdup(cfg) : xasprintf("%s/%s", obj, cfg);
	setvar(&env, "KCONFIG_CONFIG", cfg);
	defconfig = find_defconfig(src, arch, srcarch, subarch);

	/* children: the environment, with make's view of these */
	for (e = environ; *e; e++) {
		size_t n = strcspn(*e, "=");
		bool ours = false;
		char **v;

		for (v = env.v; v && *v && !ours; v++)
			ours = !strncmp(*v, *e, n) && (*v)[n] == '=';
		if (ours || !strncmp(*e, "LC_ALL=", 7) ||
		    !strncmp(*e, "CONFIG_=", 8) ||
		    !strncmp(*e, "GREP_OPTIONS=", 13))
			continue;
		strvec_push(&child_env, *e);
	}
	for (e = env.v; *e; e++)
		strvec_push(&child_env, *e);

	jobs = shell_jobs();
	sh = kc_shell_new(is_dir(obj) ? obj : src, child_env.v,
			  jobs > 0 ? jobs : 1);
	reader.srctree = src;
	po.root = kconfig_root;
	po.read_file = read_tree_file;
	po.data = &reader;
	po.env = (const char *const *)env.v;
	po.use_environ = true;
	po.shell = sh;

	if (jobs > 0) {
		/* first pass: start the commands, keep nothing else */
		struct kc_pp_opts ppo = {
			.env = po.env, .use_environ = true, .shell = sh,
			.prefetch = true, .quiet = true,
		};
		struct kconfig_parse_opts quiet = po;
		struct kconfig *scratch = kc_new();
		struct kc_pp *pp = kc_pp_new(&ppo);

		quiet.quiet = true;
		kc_parse(scratch, pp, &quiet);
		kc_pp_free(pp);
		kconfig_free(scratch);
	}
	kc = kconfig_parse(&po);
	if (kc)
		kconfig_set_paths(kc, config, defconfig);
out:
	kc_shell_free(sh);
	strvec_clear(&env);
	strvec_clear(&child_env);
	strbuf_release(&tool);
	free(src);
	free(obj);
	free(arch);
	free(version);
	free(ccver);
	free(srcvar);
	free(defconfig);
	free(config);
	free(rootpath);
	free(target);
	free(subarch);
	return kc;
}

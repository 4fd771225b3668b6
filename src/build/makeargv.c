// SPDX-License-Identifier: GPL-2.0
/*
 * The make command line of "kdev build" (see makeargv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "build/makeargv.h"
#include "lib/strbuf.h"
#include "lib/util.h"

int build_llvm_on(const struct build_opts *o)
{
	return o->llvm && *o->llvm && strcmp(o->llvm, "0");
}

/* LLVM=1: clang; LLVM=-14: clang-14; LLVM=/usr/lib/llvm-14/bin/: a prefix */
static char *llvm_tool(const struct build_opts *o, const char *tool)
{
	const char *l = o->llvm;

	if (l[0] == '-')
		return xasprintf("%s%s", tool, l);
	if (ends_with(l, "/"))
		return xasprintf("%s%s", l, tool);
	return xstrdup(tool);
}

char *build_compiler(const struct build_opts *o)
{
	if (o->cc && *o->cc)
		return xstrdup(o->cc);
	if (build_llvm_on(o))
		return llvm_tool(o, "clang");
	return xasprintf("%sgcc", o->cross_compile ? o->cross_compile : "");
}

char *build_host_compiler(const struct build_opts *o)
{
	if (o->hostcc && *o->hostcc)
		return xstrdup(o->hostcc);
	if (build_llvm_on(o))
		return llvm_tool(o, "clang");
	return xstrdup("gcc");
}

char *build_linker(const struct build_opts *o)
{
	if (build_llvm_on(o))
		return llvm_tool(o, "ld.lld");
	return xasprintf("%sld", o->cross_compile ? o->cross_compile : "");
}

/* "WRAPPER CC", unless CC already starts with that wrapper */
static char *wrap(const char *wrapper, const char *cc)
{
	size_t n = strlen(wrapper);

	if (!strncmp(cc, wrapper, n) && (cc[n] == ' ' || !cc[n]))
		return xstrdup(cc);
	return xasprintf("%s %s", wrapper, cc);
}

static void push_var(struct strvec *argv, const char *name, const char *val)
{
	if (val)
		strvec_pushf(argv, "%s=%s", name, val);
}

void build_make_command(const struct build_opts *o, struct strvec *env,
			struct strvec *argv)
{
	static const char *const dist_prog[] = {
		[BUILD_DIST_DISTCC] = "distcc",
		[BUILD_DIST_ICECC] = "icecc",
	};
	char *cc = NULL, *hostcc = NULL;
	size_t i;

	strvec_push(argv, o->make ? o->make : "make");
	if (o->dir)
		strvec_pushl(argv, "-C", o->dir, NULL);
	if (o->jobs > 0)
		strvec_pushf(argv, "-j%d", o->jobs);
	if (o->keep_going)
		strvec_push(argv, "-k");
	push_var(argv, "O", o->objtree);
	push_var(argv, "ARCH", o->arch);
	push_var(argv, "CROSS_COMPILE", o->cross_compile);
	push_var(argv, "LLVM", o->llvm);

	if (o->ccache || o->dist != BUILD_DIST_NONE) {
		char *base = build_compiler(o);

		if (o->ccache) {
			cc = wrap("ccache", base);
			if (o->dist != BUILD_DIST_NONE)
				strvec_pushf(env, "CCACHE_PREFIX=%s",
					     dist_prog[o->dist]);
		} else {
			cc = wrap(dist_prog[o->dist], base);
		}
		free(base);
	} else if (o->cc) {
		cc = xstrdup(o->cc);
	}
	if (o->ccache) {
		char *base = build_host_compiler(o);

		hostcc = wrap("ccache", base);
		free(base);
	} else if (o->hostcc) {
		hostcc = xstrdup(o->hostcc);
	}
	push_var(argv, "CC", cc);
	push_var(argv, "HOSTCC", hostcc);
	free(cc);
	free(hostcc);

	push_var(argv, "W", o->w);
	push_var(argv, "C", o->c);
	push_var(argv, "V", o->v);
	push_var(argv, "M", o->m);
	for (i = 0; i < o->nr_vars; i++)
		strvec_push(argv, o->vars[i]);
	for (i = 0; i < o->nr_targets; i++)
		strvec_push(argv, o->targets[i]);
}

int build_default_jobs(int cpus, enum build_dist dist, int distcc_jobs)
{
	if (cpus < 1)
		cpus = 1;
	switch (dist) {
	case BUILD_DIST_DISTCC:
		return distcc_jobs > 0 ? distcc_jobs : 2 * cpus;
	case BUILD_DIST_ICECC:
		return 4 * cpus;
	default:
		return cpus;
	}
}

static int is_config_target(const char *t)
{
	return ends_with(t, "config");
}

static int is_info_target(const char *t)
{
	static const char *const exact[] = {
		"clean", "mrproper", "distclean", "help", "kernelversion",
		"tags", "TAGS", "cscope", "gtags", "headers",
		"headers_install", "outputmakefile", "image_name",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exact); i++)
		if (!strcmp(t, exact[i]))
			return 1;
	return ends_with(t, "docs") || starts_with(t, "help-") ||
	       ends_with(t, "clean");
}

int build_targets_need_config(char *const *targets, size_t nr)
{
	size_t i, info = 0;

	for (i = 0; i < nr; i++) {
		if (is_config_target(targets[i]))
			return 0;
		if (is_info_target(targets[i]))
			info++;
	}
	return !nr || info < nr;
}

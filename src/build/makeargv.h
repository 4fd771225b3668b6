/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_BUILD_MAKEARGV_H
#define KDEV_BUILD_MAKEARGV_H

#include <stddef.h>

#include "lib/strvec.h"

/*
 * The make command line of "kdev build", built from its options and
 * nothing else: no file is read, no program run, so that every
 * combination can be checked word for word (t/unit/test-build.c).
 *
 * Compiler wrappers are set the way Kbuild takes them, on the command
 * line: CC="ccache gcc", CC="distcc gcc", CC="icecc gcc". ccache with
 * distcc or icecc is CC="ccache gcc" and CCACHE_PREFIX=distcc (or
 * icecc) in make's environment, so that a cache miss is compiled
 * remotely. HOSTCC goes through ccache too, never through distcc or
 * icecc (host programs are few and run here).
 */

enum build_dist {
	BUILD_DIST_NONE,
	BUILD_DIST_DISTCC,
	BUILD_DIST_ICECC,
};

struct build_opts {
	const char *make;		/* NULL: "make" */
	const char *dir;		/* make -C DIR, NULL: none */
	int jobs;			/* -jN; 0: none */
	int keep_going;			/* -k */
	const char *objtree;		/* O=, NULL: none */
	const char *arch;		/* ARCH= */
	const char *cross_compile;	/* CROSS_COMPILE= */
	const char *llvm;		/* LLVM= (1, -14, /usr/lib/llvm-14/) */
	const char *w;			/* W= (1, 12, e...) */
	const char *c;			/* C= (1, 2) */
	const char *m;			/* M= */
	const char *v;			/* V= */
	const char *cc;			/* CC= given by the user */
	const char *hostcc;		/* HOSTCC= given by the user */
	int ccache;			/* wrap CC (and HOSTCC) in ccache */
	enum build_dist dist;
	char **vars;			/* other VAR=VALUE, in order */
	size_t nr_vars;
	char **targets;
	size_t nr_targets;
};

/*
 * Fill @env ("NAME=VALUE" to add to make's environment; may stay
 * empty) and @argv (argv[0] is the make program). Both are appended to.
 */
void build_make_command(const struct build_opts *o, struct strvec *env,
			struct strvec *argv);

/*
 * The C compiler Kbuild uses with these options, without any wrapper:
 * the user's CC=, else CROSS_COMPILE + "gcc", else with LLVM= "clang"
 * and its prefix or suffix ("clang-14", "/usr/lib/llvm-14/bin/clang").
 * The caller frees it.
 */
char *build_compiler(const struct build_opts *o);
/* The host compiler: HOSTCC=, else "gcc" or LLVM='s clang. Freed by
   the caller. */
char *build_host_compiler(const struct build_opts *o);

/* The linker: ld.lld (with LLVM='s prefix or suffix) or
   CROSS_COMPILE + "ld". Freed by the caller. */
char *build_linker(const struct build_opts *o);

/* Is LLVM= set to something that turns LLVM on (not "", not "0")? */
int build_llvm_on(const struct build_opts *o);

/*
 * The default -j: online CPUs; with distcc the number "distcc -j" said
 * (@distcc_jobs, or twice the CPUs when it said nothing); with icecc
 * four times the CPUs, as the scheduler hands the extra jobs to the
 * cluster's hosts.
 */
int build_default_jobs(int cpus, enum build_dist dist, int distcc_jobs);

/*
 * Does this target list need a configured tree (a .config)? No for the
 * config targets (defconfig, tinyconfig, menuconfig...) and for those
 * that only clean, list or describe (clean, mrproper, distclean, help,
 * kernelversion, *docs, tags...). An empty list means the default
 * target: yes. One config target anywhere in the list: no, it makes
 * the .config the others use.
 */
int build_targets_need_config(char *const *targets, size_t nr);

#endif

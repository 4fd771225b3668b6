/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_BUILD_HOSTDEPS_H
#define KDEV_BUILD_HOSTDEPS_H

#include <stddef.h>

#include "lib/osrelease.h"
#include "lib/strbuf.h"

/*
 * The host tools and headers a kernel build needs, from a table: which
 * ones this tree and .config need (hostdeps_needed), which of those
 * are missing here (hostdep_present), and the package that provides
 * each on a distribution family (hostdep_package). "kdev build" checks
 * them before it runs make; "kdev doctor" can list them.
 *
 * Needing is pure (the query says what the .config holds); only
 * hostdep_present() looks at the file system.
 */

enum hostdep_kind {
	HOSTDEP_PROGRAM,	/* found in $PATH */
	HOSTDEP_HEADER,		/* found below an include directory */
};

/* Which program a row names when it is not a fixed one */
enum hostdep_role {
	HOSTDEP_FIXED,		/* ->file */
	HOSTDEP_CC,		/* the query's compiler */
	HOSTDEP_HOSTCC,		/* the query's host compiler */
	HOSTDEP_LD,		/* the query's linker */
};

struct hostdep {
	const char *name;	/* "bison", "libelf headers" */
	enum hostdep_kind kind;
	enum hostdep_role role;
	const char *file;	/* "bison", "gelf.h"; NULL for the roles */
	const char *why;	/* "Kconfig's parser", for messages */
	/* package per family (enum distro_family); NULL: none known */
	const char *pkg[5];
	/*
	 * Needed when one of these CONFIG_ symbols (without the prefix)
	 * is y or m; an empty list: always.
	 */
	const char *const *when;
	unsigned int flags;	/* HOSTDEP_* below */
};

#define HOSTDEP_TREE_ONLY	0x1	/* not for an M= build of a
					   prepared tree */

struct hostdeps_query {
	const char *cc;		/* "gcc", "clang", "aarch64-linux-gnu-gcc" */
	const char *hostcc;	/* "gcc", "clang" */
	const char *ld;		/* "ld", "ld.lld" */
	int external;		/* an M= build: the tree is prepared */
	/* Is CONFIG_@sym y or m? NULL: no .config, nothing is set. */
	int (*config_on)(void *data, const char *sym);
	void *data;
};

struct hostdep_need {
	const struct hostdep *dep;
	const char *file;	/* what to look for (the role's program) */
	const char *reason;	/* the symbol that needs it, or NULL */
};

#define HOSTDEPS_MAX 32

/* The whole table, for listing. */
const struct hostdep *hostdeps_table(size_t *nr);

/*
 * What this build needs, in table order, without duplicates (HOSTCC
 * that is CC is one entry). Fills at most HOSTDEPS_MAX entries of
 * @out; returns their number. The strings point into @q and the table.
 */
size_t hostdeps_needed(const struct hostdeps_query *q,
		       struct hostdep_need *out);

/*
 * Is it here? A program in $PATH; a header in one of @include_dirs
 * (NULL-terminated; NULL: hostdeps_include_dirs()).
 */
int hostdep_present(const struct hostdep_need *n,
		    const char *const *include_dirs);
/* /usr/local/include, /usr/include and this machine's multiarch one */
const char *const *hostdeps_include_dirs(void);

/*
 * The package that provides @n on @family, appended to @out; returns 0
 * when none is known (an unknown family, a cross compiler on SUSE).
 * For the compiler rows it follows the program: gcc, clang, or a cross
 * gcc ("gcc-aarch64-linux-gnu" on Debian and Fedora,
 * "aarch64-linux-gnu-gcc" on Arch).
 */
int hostdep_package(const struct hostdep_need *n, enum distro_family family,
		    struct strbuf *out);

#endif

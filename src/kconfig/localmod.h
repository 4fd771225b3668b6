/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_KCONFIG_LOCALMOD_H
#define KDEV_KCONFIG_LOCALMOD_H

/*
 * "kdev config from-running": a running kernel's configuration laid
 * on a tree, and --localmod, which keeps as modules only those a list
 * names (what make localmodconfig does, with kdev's own reasoning):
 *
 *  1. each module name is looked up in the tree's Kbuild Makefiles
 *     (kb_which(), as "kdev config which NAME" does): the options on
 *     the way from its object up to the top are needed;
 *  2. what those options depend on (their "depends on" and the
 *     conditions of their prompts) is needed too, transitively;
 *  3. every other tristate that is m is set to n, and the whole is
 *     computed again; a needed option that went down (it was only on
 *     because an option just turned off selected it) brings back the
 *     first of its selectors that was turned off, and 3 is repeated
 *     until nothing needed goes down.
 */

#include <stddef.h>

#include "kconfig/kconfig.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"

/* A sorted set of module names, '-' written as '_'. */
struct modlist {
	char **v;
	size_t nr, alloc;
};

#define MODLIST_INIT { NULL, 0, 0 }

/* Add @name (up to @len bytes; a ".ko" suffix and a path are dropped). */
void modlist_add(struct modlist *ml, const char *name, size_t len);
int modlist_has(const struct modlist *ml, const char *name);
void modlist_release(struct modlist *ml);
/*
 * Add the first word of each line of @buf: /proc/modules ("ext4 1019904
 * 3 - Live 0x0"), or a list file as modprobed-db keeps it (one name a
 * line; '#' starts a comment; blank lines are skipped). Returns the
 * number of names read.
 */
size_t modlist_parse(struct modlist *ml, const char *buf, size_t len);

/*
 * Read a configuration that may come from another kernel version:
 * @kc's user values become those of @buf (conf_read), computed.
 * Unknown symbols and values are not warned about one by one; their
 * number is returned in *@skipped.
 */
int kconfig_read_foreign(struct kconfig *kc, const char *name,
			 const char *buf, size_t len, size_t *skipped);

struct localmod_result {
	struct strvec found;	/* module names the tree builds */
	struct strvec missing;	/* names no Kbuild file of the tree has */
	struct strvec kept;	/* options left m (without the prefix) */
	struct strvec restored;	/* selectors brought back by step 3 */
	size_t turned_off;	/* options that were m and are now n */
	size_t left_m;		/* options that are m in the result */
};

#define LOCALMOD_RESULT_INIT { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, \
			       STRVEC_INIT, 0, 0 }

/*
 * Trim @kc, which holds @text (read with kconfig_read_foreign()) and is
 * computed, to the modules of @mods. @srctree, @arch: the tree and
 * ARCH= (NULL: this machine's) for the Kbuild lookup. The result is
 * computed in @kc, ready to write. Returns 0, or -1 with an error.
 */
int localmod_apply(struct kconfig *kc, const char *srctree,
		   const char *arch, const char *name, const char *text,
		   size_t len, const struct modlist *mods,
		   struct localmod_result *res);
void localmod_result_release(struct localmod_result *res);

#endif

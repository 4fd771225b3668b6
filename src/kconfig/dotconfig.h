/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DOTCONFIG_H
#define KDEV_DOTCONFIG_H

#include <stddef.h>

/*
 * A plain reader for .config files and fragments, without a Kconfig
 * tree: what "kdev config diff" and "which" need. Each assignment
 * "CONFIG_FOO=val" or "# CONFIG_FOO is not set" becomes an entry with
 * the name without the prefix and the value as written ("n" for "is
 * not set"; strings keep their quotes). A later assignment of the same
 * symbol replaces the earlier one, as in the kernel's conf.
 */
struct dotconfig_entry {
	char *name;
	char *value;
	int line;
	size_t seq;		/* order of appearance */
};

struct dotconfig {
	struct dotconfig_entry *v;
	size_t nr, alloc;
	int sorted;
};

#define DOTCONFIG_INIT { NULL, 0, 0, 0 }

/*
 * Parse @len bytes. Malformed lines are reported as warnings
 * "FILE:LINE: ..." (when @file is not NULL) and counted; the count is
 * returned. @prefix is the symbol prefix, normally "CONFIG_".
 */
int dotconfig_parse(struct dotconfig *dc, const char *buf, size_t len,
		    const char *file, const char *prefix);
/* Read a file; -1 with an error when it cannot be read. */
int dotconfig_read(struct dotconfig *dc, const char *path,
		   const char *prefix);
/* The value of @name, or NULL when the file does not mention it. */
const struct dotconfig_entry *dotconfig_find(struct dotconfig *dc,
					      const char *name);
/* Sort by name (done by dotconfig_find() when needed). */
void dotconfig_sort(struct dotconfig *dc);
void dotconfig_release(struct dotconfig *dc);

/* The prefix in effect: $CONFIG_ when set, else "CONFIG_". */
const char *dotconfig_prefix(void);

enum dotconfig_change { DC_REMOVED, DC_ADDED, DC_CHANGED };

struct dotconfig_diff {
	enum dotconfig_change change;
	const char *name;
	const char *old, *new;		/* NULL when absent */
};

/*
 * The sorted difference between @a and @b. A symbol absent from one
 * side counts as removed/added, even when the other side says "n".
 * Returns the number of entries written to *@out (malloc'd; the
 * strings point into @a and @b).
 */
size_t dotconfig_diff(struct dotconfig *a, struct dotconfig *b,
		      struct dotconfig_diff **out);

#endif

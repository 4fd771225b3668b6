/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_DIFF_H
#define KDEV_PATCH_DIFF_H

#include <stddef.h>

#include "../lib/strvec.h"

/*
 * What a patch touches: a unified diff, a git diff, or a mail from git
 * format-patch (its headers and message come before the diff).
 *
 * Two readings of the same text. @names is the list
 * scripts/get_maintainer.pl takes from it, line by line and without
 * following hunks: the file of every "---"/"+++" line (first path
 * component dropped, so "/dev/null" gives "dev/null"), both of "diff
 * --git a/X b/Y", "rename from/to" and " mode change" lines, in order,
 * with repeats. @lines are the lines it matches K: keywords against:
 * every other line, flagged in_diff from the first "---"/"+++" line on
 * (there only added and removed lines count).
 *
 * @files follows the hunks: one entry per file diff with its old and
 * new path (NULL for /dev/null), whether it is new, deleted or renamed,
 * and how many lines it adds and removes.
 */

struct patch_line {
	size_t off, len;	/* in the text, with the '\n' */
	int in_diff;
};

struct patch_file {
	char *old_path, *new_path;
	int is_new, is_deleted, is_rename;
	int added, removed;
};

struct patch {
	struct strvec names;
	struct strvec fixes;		/* hex of "Fixes: <hex>" lines */
	struct patch_line *lines;
	size_t nr_lines, alloc_lines;
	struct patch_file *files;
	size_t nr_files, alloc_files;
};

#define PATCH_INIT { STRVEC_INIT, STRVEC_INIT, NULL, 0, 0, NULL, 0, 0 }

void patch_parse(const char *text, size_t len, struct patch *p);
void patch_release(struct patch *p);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_TRACE_SHMATCH_H
#define KDEV_TRACE_SHMATCH_H

#include <stddef.h>

/*
 * Which script line a traced command came from, for shells whose PS4
 * cannot say (Debian's dash is built without LINENO): the scripts are
 * cut into simple commands (words, with quoting, $(...), redirections
 * and here-documents understood), and a traced command ("cmd arg...",
 * after expansion, without redirections, as dash prints it) goes to the
 * simple command whose literal words match it best; ties go to the one
 * nearest after the previous match, as a script mostly runs downwards.
 * A guess, right for plain scripts: see kdev-time(1).
 */

struct shmatch;

struct shmatch *shmatch_new(void);
void shmatch_free(struct shmatch *m);
/* Add a script's text under @path (its name in the report). */
void shmatch_add_text(struct shmatch *m, const char *path, const char *text,
		      size_t len);
/* Add a script from disk; -1 if it cannot be read. */
int shmatch_add_file(struct shmatch *m, const char *path);
/*
 * Guess the line of traced command @text (@len bytes). Sets *file
 * (owned by @m) and *line; returns 0, or -1 when nothing matches. A
 * match of ". FILE" adds FILE (when readable) for the commands to come.
 */
int shmatch_find(struct shmatch *m, const char *text, size_t len,
		 const char **file, int *line);
/* How many simple commands the scripts gave (for tests). */
size_t shmatch_commands(const struct shmatch *m);

#endif

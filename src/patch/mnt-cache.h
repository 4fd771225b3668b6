/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_MNT_CACHE_H
#define KDEV_PATCH_MNT_CACHE_H

#include <stddef.h>

#include "../lib/strbuf.h"
#include "maintainers.h"

/*
 * The index cache of a parsed MAINTAINERS (and .mailmap): private to
 * src/patch/maintainers.c, exposed for the unit tests and the fuzzer.
 *
 * The file is: a header (magic, format version, total length, a
 * checksum of the rest, the key and the offsets and counts of each
 * table), the key (what the sources' stat() said when it was made),
 * the tables (lines, entries, sections, K: entries, .mailmap names and
 * addresses, warnings of the parse) as arrays of 32-bit numbers, and
 * the strings they point to (NUL-terminated). Everything is checked
 * when it is read: a file that is short, has a wrong checksum, an
 * offset or index out of range, sections that do not follow each
 * other, or .mailmap keys out of order is not used.
 */

#define MNT_CACHE_VERSION 1

/*
 * The cache of @m (parsed, not loaded from a cache, warnings logged)
 * and of @mm's .mailmap entries (NULL: none) into @out.
 */
void mnt_cache_build(const struct maintainers *m,
		     const struct maintainers *mm, const char *key,
		     size_t key_len, struct strbuf *out);

/*
 * Fill @m (new, m->paths set to the files it was made from) from the
 * cache @buf of @len bytes (8-byte aligned) made with the key @key.
 * The strings stay in @buf. Returns 0, or -1 with @m unchanged when the
 * key differs or the cache is not valid. @check_sum 0 skips the
 * checksum (the fuzzer). Warnings of the parse are printed again.
 */
int mnt_cache_fill(struct maintainers *m, void *buf, size_t len,
		   const char *key, size_t key_len, int check_sum);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_MNT_CACHE_H
#define KDEV_PATCH_MNT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/strbuf.h"
#include "maintainers.h"

/*
 * The index cache of a parsed MAINTAINERS (and .mailmap): private to
 * src/patch/maintainers.c, exposed for the unit tests and the fuzzer.
 *
 * The file is an image of the arrays struct maintainers points to,
 * made to be mapped at one address (its header's base, from the key):
 * a header (magic, format version, a hash of the structs' layout, total
 * length, a checksum of the header and all after it, the base, the
 * offset and count of each table), the key (what the sources' stat()
 * said when it was made), the NUL-terminated strings, then the arrays
 * themselves (lines, entries, sections, the section of each entry, K:
 * entries, the N:/K: strings, .mailmap names and addresses, warnings of
 * the parse, the F:/X:/N: entries by literal), their pointers
 * pointing into the strings as they will be at the base. Mapped there,
 * loading is the mmap() and a check of every pointer and index; mapped
 * anywhere else (the address was taken), the pointers are moved. A file
 * that is short, has a wrong checksum, layout, pointer or index, or
 * sections that do not follow each other, or .mailmap keys out of order
 * is not used.
 */

#define MNT_CACHE_VERSION 4

/* The bases: 32 TiB up, and up to 16 TiB above (x86-64: 128 TiB) */
#define MNT_CACHE_BASE 0x200000000000ULL

/* Where the cache made with @key wants to be mapped. */
uint64_t mnt_cache_base(const char *key, size_t key_len);

/*
 * The base and total length in the header at @buf (@len bytes), if it
 * is a cache of this format: 0, or -1.
 */
int mnt_cache_header(const void *buf, size_t len, uint64_t *base,
		     uint64_t *total);

/*
 * The cache of @m (parsed, not loaded from a cache, warnings logged)
 * and of @mm's .mailmap entries (NULL: none) into @out.
 */
void mnt_cache_build(const struct maintainers *m,
		     const struct maintainers *mm, const char *key,
		     size_t key_len, struct strbuf *out);

/*
 * Fill @m (new, m->paths set to the files it was made from) from the
 * cache @buf of @len bytes (8-byte aligned, writable) made with the key
 * @key: its arrays stay in @buf (m->in_map). Returns 0, or -1 with @m
 * unchanged when the key differs or the cache is not valid; then @buf
 * may have been written to and is not to be used again. @check_sum 0
 * skips the checksum (the fuzzer).
 */
int mnt_cache_fill(struct maintainers *m, void *buf, size_t len,
		   const char *key, size_t key_len, int check_sum);

#endif

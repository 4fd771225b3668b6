/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_UTIL_H
#define KDEV_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED __attribute__((unused))
#define NORETURN __attribute__((noreturn))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF(1, 2);
/* Milliseconds of CLOCK_MONOTONIC, for deadlines. */
long monotonic_ms(void);

/* Grow an array to hold at least @nr elements, doubling. */
#define ALLOC_GROW(arr, nr, alloc)                                        \
	do {                                                              \
		if ((size_t)(nr) > (alloc)) {                             \
			size_t n_ = (alloc) < 16 ? 16 : (alloc) * 2;      \
			if (n_ < (size_t)(nr))                            \
				n_ = (nr);                                \
			(arr) = xrealloc((arr), n_ * sizeof(*(arr)));     \
			(alloc) = n_;                                     \
		}                                                         \
	} while (0)

/* The value of hex digit @ch, or -1. */
static inline int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int starts_with(const char *s, const char *prefix);
/* If @s starts with @prefix, point *out past it and return 1. */
int skip_prefix(const char *s, const char *prefix, const char **out);
int ends_with(const char *s, const char *suffix);
/*
 * Normalise a path in place, lexically: "a/./b" -> "a/b", "a/x/../b" ->
 * "a/b", "//a/" -> "/a"; ".." above "/" is "/".
 */
void path_normalize(char *path);

#endif

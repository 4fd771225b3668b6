// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "util.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory allocating %zu bytes", n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory allocating %zu elements", nmemb);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory allocating %zu bytes", n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return p;
}

int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int skip_prefix(const char *s, const char *prefix, const char **out)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return 0;
	*out = s + n;
	return 1;
}

int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

void path_normalize(char *path)
{
	size_t len = strlen(path), n = 0, i = 0, depth = 0;
	int abs = path[0] == '/';
	char *out;

	/* in place: "" has no room for "." */
	if (!len)
		return;
	out = xmalloc(len + 2);
	if (abs)
		out[n++] = '/';
	while (i < len) {
		size_t start, seglen;

		while (i < len && path[i] == '/')
			i++;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		seglen = i - start;
		if (!seglen || (seglen == 1 && path[start] == '.'))
			continue;
		if (seglen == 2 && path[start] == '.' && path[start + 1] == '.') {
			if (depth) {
				/* drop the last segment and its '/' */
				while (n > (size_t)abs && out[n - 1] != '/')
					n--;
				if (n > (size_t)abs)
					n--;
				depth--;
				continue;
			}
			if (abs)
				continue;
		} else {
			depth++;
		}
		if (n > (size_t)abs)
			out[n++] = '/';
		memcpy(out + n, path + start, seglen);
		n += seglen;
	}
	if (!n)
		out[n++] = '.';
	out[n] = '\0';
	memcpy(path, out, n + 1);
	free(out);
}

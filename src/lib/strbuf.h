/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_STRBUF_H
#define KDEV_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util.h"

/*
 * A growable string. buf is always NUL-terminated, also when empty
 * (it then points to a shared empty string), so it can be passed to
 * any C string function without a check.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { strbuf_slopbuf, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_reset(struct strbuf *sb);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append @s with JSON string escaping (no surrounding quotes). */
void strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t len);

void strbuf_rtrim(struct strbuf *sb);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_JSON_H
#define KDEV_JSON_H

#include <stdint.h>

#include "strbuf.h"

#define JSON_MAX_DEPTH 32

/*
 * A small streaming JSON writer. Inside an object every value takes a
 * key; inside an array the key is NULL. Output is pretty-printed with
 * two-space indentation when @pretty is set, compact otherwise.
 */
struct json_writer {
	struct strbuf *out;
	int depth;
	int pretty;
	unsigned char count[JSON_MAX_DEPTH];
};

void json_init(struct json_writer *jw, struct strbuf *out, int pretty);
void json_object_begin(struct json_writer *jw, const char *key);
void json_object_end(struct json_writer *jw);
void json_array_begin(struct json_writer *jw, const char *key);
void json_array_end(struct json_writer *jw);
void json_string(struct json_writer *jw, const char *key, const char *val);
void json_stringn(struct json_writer *jw, const char *key, const char *val,
		  size_t len);
void json_int(struct json_writer *jw, const char *key, int64_t val);
void json_uint(struct json_writer *jw, const char *key, uint64_t val);
void json_bool(struct json_writer *jw, const char *key, int val);
void json_null(struct json_writer *jw, const char *key);

#endif

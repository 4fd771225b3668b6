// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>

#include "error.h"
#include "json.h"

void json_init(struct json_writer *jw, struct strbuf *out, int pretty)
{
	memset(jw, 0, sizeof(*jw));
	jw->out = out;
	jw->pretty = pretty;
}

static void newline(struct json_writer *jw)
{
	if (!jw->pretty)
		return;
	strbuf_addch(jw->out, '\n');
	strbuf_addchars(jw->out, ' ', (size_t)jw->depth * 2);
}

/* Separator, indentation and key before a value. */
static void begin_value(struct json_writer *jw, const char *key)
{
	if (jw->depth) {
		if (jw->count[jw->depth])
			strbuf_addch(jw->out, ',');
		jw->count[jw->depth] = 1;
		newline(jw);
	}
	if (key) {
		strbuf_addch(jw->out, '"');
		strbuf_add_json_escaped(jw->out, key, strlen(key));
		strbuf_addstr(jw->out, jw->pretty ? "\": " : "\":");
	}
}

static void open_scope(struct json_writer *jw, const char *key, char c)
{
	begin_value(jw, key);
	strbuf_addch(jw->out, c);
	if (jw->depth + 1 >= JSON_MAX_DEPTH)
		die("json nesting too deep");
	jw->count[++jw->depth] = 0;
}

static void close_scope(struct json_writer *jw, char c)
{
	int had = jw->count[jw->depth];

	jw->depth--;
	if (had)
		newline(jw);
	strbuf_addch(jw->out, c);
	if (!jw->depth && jw->pretty)
		strbuf_addch(jw->out, '\n');
}

void json_object_begin(struct json_writer *jw, const char *key)
{
	open_scope(jw, key, '{');
}

void json_object_end(struct json_writer *jw)
{
	close_scope(jw, '}');
}

void json_array_begin(struct json_writer *jw, const char *key)
{
	open_scope(jw, key, '[');
}

void json_array_end(struct json_writer *jw)
{
	close_scope(jw, ']');
}

void json_stringn(struct json_writer *jw, const char *key, const char *val,
		  size_t len)
{
	begin_value(jw, key);
	strbuf_addch(jw->out, '"');
	strbuf_add_json_escaped(jw->out, val, len);
	strbuf_addch(jw->out, '"');
}

void json_string(struct json_writer *jw, const char *key, const char *val)
{
	if (!val) {
		json_null(jw, key);
		return;
	}
	json_stringn(jw, key, val, strlen(val));
}

void json_int(struct json_writer *jw, const char *key, int64_t val)
{
	begin_value(jw, key);
	strbuf_addf(jw->out, "%" PRId64, val);
}

void json_uint(struct json_writer *jw, const char *key, uint64_t val)
{
	begin_value(jw, key);
	strbuf_addf(jw->out, "%" PRIu64, val);
}

void json_bool(struct json_writer *jw, const char *key, int val)
{
	begin_value(jw, key);
	strbuf_addstr(jw->out, val ? "true" : "false");
}

void json_null(struct json_writer *jw, const char *key)
{
	begin_value(jw, key);
	strbuf_addstr(jw->out, "null");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel log view shared by kdev dmesg and kdev run -v (view.h):
 * lines are fed through the console cutter of kdev run; the lines of a
 * report are held until it ends and then printed decoded, through the
 * decoder of kdev decode.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/json.h"
#include "../lib/util.h"
#include "view.h"

static const char *level_color(int level)
{
	switch (level) {
	case 0: case 1: case 2:
		return "\033[1;31m";
	case 3:
		return "\033[31m";
	case 4:
		return "\033[33m";
	case 5:
		return "\033[1m";
	case 7:
		return "\033[2m";
	default:
		return NULL;
	}
}

static const char *severity_name(enum console_severity s)
{
	switch (s) {
	case CONSOLE_WARNING:
		return "warning";
	case CONSOLE_BUG:
		return "bug";
	case CONSOLE_OOPS:
		return "oops";
	case CONSOLE_PANIC:
		return "panic";
	default:
		return "report";
	}
}

/* The decoder's pretty JSON on one line: whitespace outside strings goes. */
static void compact_json(struct strbuf *out, const char *s, size_t n)
{
	size_t i;
	int in_str = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (in_str) {
			strbuf_addch(out, c);
			if (c == '\\' && i + 1 < n)
				strbuf_addch(out, s[++i]);
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
			strbuf_addch(out, c);
		} else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
			strbuf_addch(out, c);
		}
	}
}

static void json_report(struct kmsg_view *v, enum console_severity sev,
			const char *text, size_t len)
{
	struct decode_options o = *v->dopts;
	struct strbuf line = STRBUF_INIT;
	struct decoder *d;
	char *mem = NULL;
	size_t memlen = 0;
	FILE *fp = open_memstream(&mem, &memlen);

	if (!fp)
		return;
	o.json = 1;
	o.color = 0;
	o.list = -1;
	d = decoder_new(&o);
	decoder_input(d, "kmsg", text, len, fp);
	decoder_finish(d, fp);
	decoder_free(d);
	fclose(fp);
	strbuf_addf(&line, "{\"type\":\"report\",\"severity\":\"%s\","
		    "\"decoded\":", severity_name(sev));
	compact_json(&line, mem, memlen);
	strbuf_addstr(&line, "}\n");
	fwrite(line.buf, 1, line.len, v->out);
	strbuf_release(&line);
	free(mem);
}

static void on_report(void *ctx, enum console_severity sev, const char *text,
		      size_t len)
{
	struct kmsg_view *v = ctx;

	v->fired = 1;
	v->reports++;
	if (v->json) {
		json_report(v, sev, text, len);
	} else {
		if (!v->dec) {
			struct decode_options o = *v->dopts;

			o.color = v->color;
			o.json = 0;
			v->dec = decoder_new(&o);
		}
		fflush(v->out);
		decoder_input(v->dec, "kmsg", text, len, v->out);
	}
	strbuf_reset(&v->held);
	fflush(v->out);
}

void kmsg_view_init(struct kmsg_view *v, FILE *out,
		    const struct decode_options *dopts)
{
	memset(v, 0, sizeof(*v));
	v->out = out;
	v->decode = 1;
	v->dopts = dopts;
	strbuf_init(&v->held, 0);
	strbuf_init(&v->partial, 0);
	console_init(&v->mon, on_report, v);
}

/* @plain goes to the cutter; @shown is what the reader sees. */
static void line_out(struct kmsg_view *v, const char *plain, size_t plen,
		     const char *shown, size_t slen)
{
	if (!v->decode) {
		if (!v->json)
			fwrite(shown, 1, slen, v->out);
		return;
	}
	v->fired = 0;
	console_feed(&v->mon, plain, plen);
	console_feed(&v->mon, "\n", 1);
	if (v->json)
		return;
	if (v->mon.report_sev != CONSOLE_NONE)
		strbuf_add(&v->held, shown, slen);
	else if (!v->fired)
		fwrite(shown, 1, slen, v->out);
}

static void json_record(struct kmsg_view *v, const struct kmsg_record *r)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;
	struct json_writer jw;

	json_init(&jw, &sb, 0);
	json_object_begin(&jw, NULL);
	json_string(&jw, "type", "record");
	json_uint(&jw, "seq", r->seq);
	json_uint(&jw, "usec", r->usec);
	if (v->time == KMSG_TIME_ISO)
		kmsg_add_iso_time(&t, r->usec, v->boot_wall);
	else
		strbuf_addf(&t, "%llu.%06llu",
			    (unsigned long long)(r->usec / 1000000),
			    (unsigned long long)(r->usec % 1000000));
	strbuf_rtrim(&t);
	json_string(&jw, "time", t.buf);
	json_string(&jw, "level", kmsg_level_name(r->level));
	json_int(&jw, "priority", r->level);
	json_int(&jw, "facility", r->facility);
	json_stringn(&jw, "text", r->text, r->text_len);
	if (r->subsystem)
		json_string(&jw, "subsystem", r->subsystem);
	if (r->device)
		json_string(&jw, "device", r->device);
	json_object_end(&jw);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, v->out);
	strbuf_release(&sb);
	strbuf_release(&t);
}

void kmsg_view_record(struct kmsg_view *v, const struct kmsg_record *r)
{
	struct strbuf plain = STRBUF_INIT, shown = STRBUF_INIT;
	const char *s = r->text, *end = r->text + r->text_len;
	const char *col = v->color ? level_color(r->level) : NULL;

	if (v->json)
		json_record(v, r);
	do {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		strbuf_reset(&plain);
		strbuf_reset(&shown);
		kmsg_add_boot_time(&plain, r->usec);
		strbuf_add(&plain, s, n);
		if (v->time == KMSG_TIME_BOOT)
			kmsg_add_boot_time(&shown, r->usec);
		else if (v->time == KMSG_TIME_ISO)
			kmsg_add_iso_time(&shown, r->usec, v->boot_wall);
		if (col)
			strbuf_addstr(&shown, col);
		strbuf_add(&shown, s, n);
		if (col)
			strbuf_addstr(&shown, "\033[0m");
		strbuf_addch(&shown, '\n');
		line_out(v, plain.buf, plain.len, shown.buf, shown.len);
		s = nl ? nl + 1 : end;
	} while (s < end);
	strbuf_release(&plain);
	strbuf_release(&shown);
}

static void console_line(struct kmsg_view *v, const char *s, size_t n)
{
	static const char *const sev_color[] = {
		[CONSOLE_NONE] = NULL, [CONSOLE_WARNING] = "\033[33m",
		[CONSOLE_BUG] = "\033[31m", [CONSOLE_OOPS] = "\033[1;31m",
		[CONSOLE_PANIC] = "\033[1;31m",
	};
	struct strbuf shown = STRBUF_INIT;
	const char *col = NULL;

	while (n && s[n - 1] == '\r')
		n--;
	if (v->color)
		col = sev_color[console_severity_of(s, n)];
	if (col)
		strbuf_addstr(&shown, col);
	strbuf_add(&shown, s, n);
	if (col)
		strbuf_addstr(&shown, "\033[0m");
	strbuf_addch(&shown, '\n');
	line_out(v, s, n, shown.buf, shown.len);
	strbuf_release(&shown);
}

void kmsg_view_console(struct kmsg_view *v, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		strbuf_add(&v->partial, buf, n);
		if (!nl)
			break;
		console_line(v, v->partial.buf, v->partial.len);
		strbuf_reset(&v->partial);
		buf += n + 1;
		len -= n + 1;
	}
	fflush(v->out);
}

void kmsg_view_flush(struct kmsg_view *v)
{
	if (!v->decode)
		return;
	if (v->partial.len) {
		console_line(v, v->partial.buf, v->partial.len);
		strbuf_reset(&v->partial);
	}
	v->fired = 0;
	console_flush(&v->mon);
	if (!v->json && v->held.len) {
		fwrite(v->held.buf, 1, v->held.len, v->out);
		strbuf_reset(&v->held);
	}
	fflush(v->out);
}

int kmsg_view_pending(const struct kmsg_view *v)
{
	return v->mon.report_sev != CONSOLE_NONE || v->partial.len;
}

void kmsg_view_release(struct kmsg_view *v)
{
	console_release(&v->mon);
	strbuf_release(&v->held);
	strbuf_release(&v->partial);
	decoder_free(v->dec);
	v->dec = NULL;
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DEBUG_VIEW_H
#define KDEV_DEBUG_VIEW_H

#include <stdio.h>

#include "../decode/decoder.h"
#include "../vm/console.h"
#include "kmsg.h"

/*
 * The kernel log as kdev dmesg and kdev run -v show it: one line per
 * line of text with its timestamp, coloured by level, and each report
 * (oops, WARNING, BUG, panic...) printed decoded in place of its raw
 * lines as soon as the console cutter (src/vm/console.h) sees it end.
 * With json, one JSON object per line: each record, then each decoded
 * report.
 */

enum kmsg_time { KMSG_TIME_BOOT, KMSG_TIME_ISO, KMSG_TIME_NONE };

struct kmsg_view {
	FILE *out;
	int color;
	int json;
	int decode;		/* decode reports (else lines as they are) */
	enum kmsg_time time;
	double boot_wall;	/* for KMSG_TIME_ISO */
	const struct decode_options *dopts;
	/* state */
	struct decoder *dec;
	struct console_monitor mon;
	struct strbuf held;	/* shown lines of the report being cut */
	struct strbuf partial;	/* console: a line not ended yet */
	int fired;
	int reports;
};

void kmsg_view_init(struct kmsg_view *v, FILE *out,
		    const struct decode_options *dopts);
/* One /dev/kmsg record. */
void kmsg_view_record(struct kmsg_view *v, const struct kmsg_record *r);
/* Serial console bytes (kdev run -v): lines with no level. */
void kmsg_view_console(struct kmsg_view *v, const char *buf, size_t len);
/* A report still being cut is decoded now (end of input, a pause). */
void kmsg_view_flush(struct kmsg_view *v);
/* Lines are held for a report being cut. */
int kmsg_view_pending(const struct kmsg_view *v);
void kmsg_view_release(struct kmsg_view *v);

#endif

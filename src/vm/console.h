/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_CONSOLE_H
#define KDEV_VM_CONSOLE_H

#include <stddef.h>

#include "../lib/strbuf.h"

/*
 * Watches a guest's kernel console as it streams in: splits it into
 * lines, keeps the last few, and cuts out each report (oops, BUG,
 * WARNING, panic, KASAN, UBSAN, KFENCE, lockups, hung tasks, RCU stalls)
 * so it can be decoded as soon as it is complete. Pure: no I/O.
 */

enum console_severity {
	CONSOLE_NONE,
	CONSOLE_WARNING,	/* WARNING, lockups, hung tasks, RCU stalls */
	CONSOLE_BUG,		/* KASAN, KFENCE, UBSAN, other BUG: reports */
	CONSOLE_OOPS,		/* Oops, general protection fault, kernel BUG */
	CONSOLE_PANIC,		/* Kernel panic - not syncing */
};

#define CONSOLE_TAIL 20

typedef void (*console_report_fn)(void *ctx, enum console_severity sev,
				  const char *text, size_t len);

struct console_monitor {
	struct strbuf partial;	/* a line not ended yet */
	struct strbuf report;	/* the report being collected */
	enum console_severity report_sev;
	int report_frames;
	enum console_severity worst;
	int reports;
	char *tail[CONSOLE_TAIL];	/* the last lines, a ring */
	size_t tail_next;
	console_report_fn fn;
	void *ctx;
};

void console_init(struct console_monitor *m, console_report_fn fn, void *ctx);
/* Feed console bytes; complete reports are passed to fn. */
void console_feed(struct console_monitor *m, const char *buf, size_t len);
/* End of the console: pass on a report still being collected. */
void console_flush(struct console_monitor *m);
/* Append the last lines seen (at most CONSOLE_TAIL) to @out. */
void console_tail(const struct console_monitor *m, struct strbuf *out);
void console_release(struct console_monitor *m);
/* What a report's first line says, for a line of console text. */
enum console_severity console_severity_of(const char *line, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_TRACE_PROFILE_H
#define KDEV_TRACE_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/strbuf.h"
#include "xtrace.h"

/*
 * "kdev time": the trace records of one script run turned into time per
 * command and per line. A command lasts from its record to the next
 * record of the run (whichever process wrote it) or to the end of the
 * run: the shell prints each command just before it runs it, so the
 * wall, user and system time between two records went to the first.
 * Pure: the caller provides the records, their stamps and the end.
 */

struct prof_cmd {
	char *file;		/* "" when unknown */
	int line;		/* 0 when unknown */
	long pid;
	int depth;
	int status;		/* exit status, -1 unknown */
	char *text;
	struct xt_stamp start;
	uint64_t wall, user, sys;	/* ns */
};

struct prof_line {
	const char *file;	/* points into a prof_cmd */
	int line;
	unsigned long count;
	unsigned long failures;	/* commands with a non-zero status */
	uint64_t total, max, user, sys;	/* ns */
	char *source;		/* the line's text, or NULL */
};

struct profile {
	struct prof_cmd *cmds;
	size_t nr, alloc;
	struct prof_line *lines;	/* after prof_end(), file order */
	size_t nlines;
	struct xt_stamp begin, end;
	int exit_status;	/* 0-255, or -1 */
	int term_signal;	/* killed by this signal, or 0 */
	char *shell;
	char *script;
};

void prof_init(struct profile *p, const char *shell, const char *script,
	       const struct xt_stamp *begin);
/* Add a record (copied); records must come in the order they arrived. */
void prof_add(struct profile *p, const struct xt_record *rec);
/*
 * The run ended at @end (the shell's own CPU time plus its children's
 * there): close the last command, aggregate per line.
 */
void prof_end(struct profile *p, const struct xt_stamp *end, int exit_status,
	      int term_signal);
/* Give line @i's source text (owned by the profile afterwards). */
void prof_set_source(struct profile *p, size_t i, char *text);
void prof_release(struct profile *p);

/* Indexes into p->lines, slowest first (ties: file order); free() it. */
size_t *prof_slowest(const struct profile *p);

/* The report: @top slowest lines, the per-line table, the total. */
void prof_report(const struct profile *p, size_t top, struct strbuf *out);
void prof_json(const struct profile *p, struct strbuf *out);

/* "1.234s", "12.3ms", "45us" */
void prof_add_duration(struct strbuf *sb, uint64_t ns);

#endif

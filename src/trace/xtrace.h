/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_TRACE_XTRACE_H
#define KDEV_TRACE_XTRACE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/strbuf.h"

/*
 * The shell's xtrace stream, as "kdev time" sets it up: PS4 expands to
 *
 *	XT_MARK FILE '|' LINE '|' PID '|' STATUS '|'
 *
 * (XT_MARK's first byte repeated once per level of indirection, as the
 * shell repeats PS4's first character), followed by the command as the
 * shell prints it. FILE and LINE may be empty (dash has neither), STATUS
 * is $? before the command, that is the status of the one before.
 *
 * XT_OWN_FD: the stream is the shell's own (bash's BASH_XTRACEFD); a
 * record ends at a newline outside the quotes bash puts around words.
 * XT_MIXED: the stream is the script's stderr with the records mixed in
 * (dash writes xtrace to fd 2); a record is a line that starts with the
 * mark, every other byte is passed on untouched, as soon as it is seen.
 * XT_PACKETS: as XT_MIXED, but each xt_feed() is one write() of the
 * shell (the stream is a packet-mode pipe, O_DIRECT). dash writes a
 * trace line as several writes (the PS4 expansion, each word, the
 * newline), and the processes of a pipeline write theirs at the same
 * time, so the lines of two commands can interleave. Each mark opens a
 * record; a word that starts without a space goes to the oldest open
 * record that has no word yet, a word that starts with a space and a
 * lone newline to the record that got the last word. Records are handed
 * on in the order their marks came. A packet with an unquoted newline
 * is the script's own output, as is anything while no record is open;
 * a script's write without a newline that comes while a record is open
 * is taken for a word (it cannot be told apart).
 */

#define XT_MARK "\001kT|"
#define XT_MAX_RECORD (64 * 1024)

enum xt_mode {
	XT_OWN_FD,
	XT_MIXED,
	XT_PACKETS,
};

/* When the bytes came: the caller's clock and CPU counters, in ns. */
struct xt_stamp {
	uint64_t t;
	uint64_t user;
	uint64_t sys;
};

struct xt_record {
	char *file;		/* "" when the shell did not say */
	int line;		/* 0 when unknown */
	long pid;		/* -1 when unknown */
	int prev_status;	/* $? as the command started, -1 unknown */
	int depth;		/* 1 for a plain command, 2 inside $(...) ... */
	char *text;		/* the command as traced */
	struct xt_stamp stamp;	/* when its first byte arrived */
};

typedef void (*xt_record_fn)(const struct xt_record *rec, void *data);
typedef void (*xt_pass_fn)(const char *buf, size_t len, void *data);

#define XT_MAX_OPEN 32

struct xt_open {
	struct strbuf buf;	/* mark, header and the words so far */
	struct xt_stamp start;
	int has_words;
	int done;
};

struct xt_parser {
	enum xt_mode mode;
	xt_record_fn on_record;
	xt_pass_fn on_pass;	/* XT_MIXED: bytes that are not records */
	void *data;
	struct strbuf cur;	/* the record (or maybe-mark) being read */
	int state;		/* internal */
	struct xt_stamp start;
	unsigned long records;
	/* XT_PACKETS: records whose lines are still being written */
	struct xt_open open[XT_MAX_OPEN];
	int nopen;
	int last;		/* the record that got the last word, or -1 */
};

void xt_init(struct xt_parser *p, enum xt_mode mode, xt_record_fn on_record,
	     xt_pass_fn on_pass, void *data);
/* Feed @len bytes that arrived at @now (XT_PACKETS: one packet). */
void xt_feed(struct xt_parser *p, const char *buf, size_t len,
	     const struct xt_stamp *now);
/* End of the stream: a record without its newline still counts. */
void xt_finish(struct xt_parser *p);
void xt_release(struct xt_parser *p);

/*
 * Parse one record's bytes (from the first mark byte, without the final
 * newline) into @rec (file and text malloc'd). Returns 0, or -1 if it
 * is not a record.
 */
int xt_parse_record(const char *s, size_t len, struct xt_record *rec);
void xt_record_release(struct xt_record *rec);

#endif

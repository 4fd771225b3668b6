/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DEBUG_KMSG_H
#define KDEV_DEBUG_KMSG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../lib/strbuf.h"

/*
 * Records of /dev/kmsg (Documentation/ABI/testing/dev-kmsg):
 *
 *   PRI,SEQ,USEC,FLAGS[,more...];TEXT\n
 *    KEY=VALUE\n			(continuation lines, zero or more)
 *
 * PRI is facility * 8 + level; TEXT has bytes below ' ', above '~' and
 * '\' written as \xNN. One read() of /dev/kmsg returns one record; a
 * saved copy is the records one after another. Pure: no I/O.
 */

struct kmsg_record {
	int level;		/* 0 emerg .. 7 debug */
	int facility;		/* 0 kernel, 1 user, ... */
	uint64_t seq;
	uint64_t usec;		/* since boot */
	int cont;		/* FLAGS 'c': a fragment of a line */
	char *text;		/* unescaped; may hold '\n' */
	size_t text_len;
	char *subsystem;	/* " SUBSYSTEM=" or NULL */
	char *device;		/* " DEVICE=" or NULL */
};

/*
 * Parse the record at the start of @buf. *used is set to the bytes it
 * takes (with its continuation lines), also for a bad record, so the
 * caller can go on after it. Returns 0, 1 when @buf holds no record (only
 * blank lines), -1 for a malformed one.
 */
int kmsg_parse(const char *buf, size_t len, size_t *used,
	       struct kmsg_record *r);
void kmsg_record_release(struct kmsg_record *r);

/* A level from a name (emerg alert crit err warn notice info debug, and
 * error, warning, panic) or 0..7; -1 if neither. */
int kmsg_level(const char *s);
const char *kmsg_level_name(int level);

/*
 * --since: seconds since boot ("12.5"), a duration ago ("90s", "10m",
 * "2h", "1d", "1h30m"), or a local wall-clock time ("2024-05-01
 * 12:00:00", "2024-05-01T12:00", "12:00:00", "12:00": today).
 * @now_boot is seconds since boot now, @boot_wall the wall-clock time
 * (seconds since the epoch) of the boot. Returns 0 and sets *out to
 * seconds since boot, or -1.
 */
int kmsg_parse_since(const char *s, double now_boot, double boot_wall,
		     double *out);

/* "[    1.234567] " as the kernel's console prints it. */
void kmsg_add_boot_time(struct strbuf *sb, uint64_t usec);
/* "2024-05-01T12:00:00.123456+02:00 " in local time. */
void kmsg_add_iso_time(struct strbuf *sb, uint64_t usec, double boot_wall);

#endif

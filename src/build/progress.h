/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_BUILD_PROGRESS_H
#define KDEV_BUILD_PROGRESS_H

#include <stddef.h>

#include "lib/strbuf.h"

/*
 * The arithmetic and text of kdev build's live progress line and time
 * summary. Pure: the caller counts, measures and prints.
 *
 * The total is an estimate, known only when the output directory holds
 * the statistics of an earlier build that compiled everything (see
 * build_stats_*): an incremental build shows its count alone.
 */

/* 0..99 while building (100 is for the end), -1 when @total is unknown
   or already passed. */
int build_percent(long done, long total);
/* Milliseconds left at the pace so far, -1 when it cannot be said. */
long build_eta_ms(long done, long total, long elapsed_ms);
/* "0.4 s", "12.3 s", "2:05", "1:02:03" */
void build_format_duration(struct strbuf *sb, long ms);

/*
 * The live line, without "\r" or newline, cut to @width columns (0: no
 * limit) by shortening the step's path from the left:
 *   "[1234/~2100 58%] 2:13 CC drivers/tty/serial/8250/8250_core.o"
 *   "[12] 0:03 LD [M] fs/ext4/ext4.ko"
 * @step is "TAG path" as built by build_step_text(), may be "".
 * @color: the counts in bold.
 */
void build_progress_line(struct strbuf *sb, long done, long total,
			 long elapsed_ms, const char *step, int width,
			 int color);

/* "CC [M] net/foo.o" from a step's tag and path (not terminated) */
void build_step_text(struct strbuf *sb, const char *tag, size_t tag_len,
		     const char *path, size_t path_len, int module);

/*
 * The statistics file kdev build keeps in the output directory
 * (.kdev/stats): "key value" lines. build_stats_get() returns the value
 * of @key or @def; build_stats_set() replaces or appends it.
 */
long build_stats_get(const char *text, size_t len, const char *key,
		     long def);
void build_stats_set(struct strbuf *text, const char *key, long value);

/*
 * ccache's counters from "ccache --print-stats" (tab-separated "key
 * value" lines): hits are direct_cache_hit + preprocessed_cache_hit,
 * misses cache_miss. Returns 0, or -1 when the text has none of them.
 */
int build_ccache_parse(const char *text, size_t len, long *hits,
		       long *misses);

#endif

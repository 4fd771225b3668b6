/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DEBUG_DYNDBG_H
#define KDEV_DEBUG_DYNDBG_H

#include <stddef.h>
#include <stdio.h>

#include "../lib/strbuf.h"
#include "../lib/strvec.h"

/*
 * The kernel's dynamic debug query language (6.1, lib/dynamic_debug.c
 * and Documentation/admin-guide/dynamic-debug-howto.rst), checked before
 * anything reaches <debugfs>/dynamic_debug/control, and the lines that
 * file shows. Pure: no I/O.
 *
 *   query    ::= (keyword value)* flags      at most 4 pairs
 *   keyword  ::= func | file | module | format | class | line
 *   line     ::= N | N-M | -M | N-           (file also takes F:N-M, F:func)
 *   flags    ::= [-+=][pmflt_]*
 *
 * Queries are separated by ';' or newlines; a word starting with '#'
 * comments out the rest of its query. Values may be quoted with " or '
 * (no escapes inside); format values take \ooo, \t, \n... escapes.
 */

/* The callsite flags, as the kernel keeps them. */
#define DD_FLAG_PRINT	0x01	/* p */
#define DD_FLAG_MODULE	0x02	/* m */
#define DD_FLAG_FUNC	0x04	/* f */
#define DD_FLAG_LINE	0x08	/* l */
#define DD_FLAG_TID	0x10	/* t */

enum dd_key { DD_FUNC, DD_FILE, DD_MODULE, DD_FORMAT, DD_CLASS, DD_LINE,
	      DD_NKEYS };

struct dd_query {
	/* the values as the kernel sees them (format unescaped), or NULL */
	char *val[DD_NKEYS];
	size_t pos[DD_NKEYS];	/* where each value is in the text */
	unsigned int first_line, last_line;	/* 0: no limit */
	int op;			/* '+', '-', '='; 0 for a filter */
	unsigned int flags;
	size_t start, end;	/* the query's span in the text */
	size_t flags_pos;
};

struct dd_queries {
	struct dd_query *v;
	size_t nr, alloc;
};

struct dd_error {
	size_t pos, len;	/* the offending word in the text */
	char msg[256];
};

/* dd_parse() options */
#define DD_PARSE_FILTER	0x1	/* no flags word: filters for "list" */
#define DD_PARSE_MODULE	0x2	/* MODULE.dyndbg=: no "module" keyword */

/*
 * Parse every query in @text. Empty queries and comments are skipped.
 * Returns 0, or -1 with @err set (nothing is added to @out then).
 */
int dd_parse(const char *text, unsigned int opts, struct dd_queries *out,
	     struct dd_error *err);
void dd_queries_clear(struct dd_queries *q);
void dd_query_release(struct dd_query *q);
const char *dd_key_name(enum dd_key k);

/*
 * Print the line of @text holding the error, a caret line under the
 * offending word and the reason: "error: REASON" first.
 */
void dd_error_print(const char *text, const struct dd_error *err, FILE *fp);

/* Flags as the control file shows them: "p", "pmf", "_" for none. */
void dd_flags_str(unsigned int flags, char buf[8]);
/* The flags a callsite has after @q is applied to @flags. */
unsigned int dd_apply(const struct dd_query *q, unsigned int flags);

/* A line of the control file. */
struct dd_site {
	char *file;
	unsigned int line;
	char *module;
	char *func;
	unsigned int flags;
	char *format;		/* unescaped */
	char *class;		/* NULL: the default class */
};

struct dd_sites {
	struct dd_site *v;
	size_t nr, alloc;
};

/*
 * Parse one control-file line (no newline). Returns 0 for a callsite,
 * 1 for the header or a blank line, -1 for a line that is neither.
 */
int dd_parse_site(const char *line, size_t len, struct dd_site *s);
void dd_site_release(struct dd_site *s);
/* The whole file: returns the number of lines that did not parse. */
int dd_parse_control(const char *text, size_t len, struct dd_sites *out);
void dd_sites_clear(struct dd_sites *s);

/* The kernel's wildcard match: '*' any run, '?' one character. */
int dd_wildcard(const char *pat, const char *s);
/* Does @q select @s (as the kernel's ddebug_change() decides)? */
int dd_match(const struct dd_query *q, const struct dd_site *s);
/* Same, one key only (DD_LINE: the line range). */
int dd_match_key(const struct dd_query *q, enum dd_key k,
		 const struct dd_site *s);

/* Levenshtein distance, for suggestions. */
size_t dd_edit_distance(const char *a, const char *b);
/*
 * Push onto @out up to @max names from @names (duplicates allowed in
 * the input) closest to @word, best first; only names close enough to
 * be a plausible typo.
 */
void dd_suggest(const char *word, char *const *names, size_t n, size_t max,
		struct strvec *out);

/*
 * The query in the kernel's words, values re-quoted with ' where they
 * need it; without the module term when @skip_module. Returns 0, or -1
 * when a value cannot be written without '"' (a value holding both
 * whitespace and ' that is not a format).
 */
int dd_query_text(const struct dd_query *q, int skip_module,
		  struct strbuf *out);
/*
 * The boot parameter for @q: MODULE.dyndbg=... when the query names one
 * module without wildcards, dyndbg="..." otherwise. 0 or -1 as above.
 */
int dd_boot_param(const struct dd_query *q, struct strbuf *out);

/*
 * A console log level for /proc/sys/kernel/printk: 1..15 or a name
 * (emerg 1, alert 2, crit 3, err 4, warning 5, notice 6, info 7,
 * debug 8: messages below the level reach the console). -1 if bad.
 */
int dd_console_level(const char *s);

#endif

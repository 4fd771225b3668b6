/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_CHECK_H
#define KDEV_PATCH_CHECK_H

#include <stddef.h>

#include "../lib/strbuf.h"
#include "../lib/strvec.h"

/*
 * The pure parts of "kdev patch check": reading a commit message (from
 * git log or a git format-patch mail), the subject's "subsystem:"
 * prefix, trailers, Fixes: tags, body width, the output of the tree's
 * scripts/checkpatch.pl, and the exit status. The rules follow
 * Documentation/process/submitting-patches.rst and submit-checklist.rst
 * of the kernel tree; the wording is kdev's own.
 */

enum check_severity {
	SEV_NONE,
	SEV_CHECK,		/* checkpatch's CHECK: (--strict) */
	SEV_WARNING,
	SEV_ERROR,
};

const char *check_severity_name(enum check_severity s);

/* One problem found, by kdev or by checkpatch. */
struct check_finding {
	enum check_severity severity;
	char *code;		/* "FIXES_SHORT_HASH", checkpatch's type */
	char *message;
	char *file;		/* checkpatch's FILE: location, or NULL */
	int line;
};

struct check_findings {
	struct check_finding *v;
	size_t nr, alloc;
};

void check_add(struct check_findings *f, enum check_severity sev,
	       const char *code, const char *fmt, ...) PRINTF(4, 5);
void check_findings_release(struct check_findings *f);
/* Count the findings of @sev. */
int check_count(const struct check_findings *f, enum check_severity sev);

/* --- the commit message --- */

struct msg_trailer {
	char *key;		/* as written: "Signed-off-by" */
	char *value;		/* trimmed */
	int line;		/* index in body */
};

struct commit_msg {
	char *subject;		/* mail "[PATCH ...]" tags removed, unfolded */
	char *author_name;	/* From: of a mail (RFC 2047 decoded), or NULL */
	char *author_email;
	struct strvec body;	/* lines after the subject, up to "---" */
	struct msg_trailer *trailers;	/* "Key: value" lines of the body */
	size_t nr_trailers, alloc_trailers;
	int is_mail;
};

#define COMMIT_MSG_INIT { NULL, NULL, NULL, STRVEC_INIT, NULL, 0, 0, 0 }

/*
 * Parse @len bytes of @text: a mail as git format-patch writes it
 * (headers, blank line, body, "---", diff) when it starts with "From "
 * or a header line, else a raw message as "git log --format=%B" gives
 * it (subject line, blank line, body). Never fails; a missing part is
 * empty.
 */
void commit_msg_parse(const char *text, size_t len, struct commit_msg *m);
void commit_msg_release(struct commit_msg *m);

/* Decode RFC 2047 encoded words (=?UTF-8?q?...?= and ?b?) into @out. */
void rfc2047_decode(const char *s, size_t len, struct strbuf *out);

/*
 * Split "Name <addr>" (or a bare address) into @name and @addr, both
 * trimmed; a trailing comment after '>' is dropped. 0, or -1 when there
 * is no address in it.
 */
int split_ident(const char *s, struct strbuf *name, struct strbuf *addr);

/*
 * The "subsystem: summary" prefix of @subject: everything before the
 * last ": " of a leading run of words without spaces each followed by
 * ": " ("net: sched: fix x" gives "net: sched"). A mail's "[PATCH v2
 * 1/3]" tags and a 'Revert "' around the subject are skipped. Returns
 * the length of the prefix written to @prefix (0: no prefix).
 */
size_t subject_prefix(const char *subject, struct strbuf *prefix);
/* The first component of a prefix ("net" of "net: sched"). */
size_t prefix_first(const char *prefix);

/*
 * What the history of the touched files uses: fed the subjects of
 * "git log --format=%s -- PATHS", it counts whole prefixes and their
 * first components.
 */
struct prefix_count {
	char *prefix;
	int count;
};

struct prefix_stats {
	struct prefix_count *full, *first;
	size_t nr_full, alloc_full, nr_first, alloc_first;
	int subjects;		/* fed in, with a prefix or not */
};

void prefix_stats_add(struct prefix_stats *ps, const char *subject);
/* Sort both lists by count (ties: first seen first). */
void prefix_stats_sort(struct prefix_stats *ps);
void prefix_stats_release(struct prefix_stats *ps);

/*
 * Does @prefix fit the history? 1 yes; 0 no, with the most common
 * prefixes ("'netfilter: nf_tables' (3), 'netfilter' (2)") in
 * @suggest; -1 when the history is too short to tell (fewer than
 * three subjects with a prefix). It fits when its first component is
 * the first component of at least a fifth of the history's prefixed
 * subjects (case does not matter), or when the whole prefix was used
 * before. Call prefix_stats_sort() first.
 */
int prefix_fits(const struct prefix_stats *ps, const char *prefix,
		struct strbuf *suggest);

/* --- Fixes: tags --- */

enum fixes_problem {
	FIXES_OK,
	FIXES_NO_HASH,		/* no hex digits first */
	FIXES_SHORT_HASH,	/* fewer than 12 hex digits */
	FIXES_NO_SUBJECT,	/* no ("subject") after the hash */
};

struct fixes_tag {
	char hash[41];
	size_t hash_len;
	char *subject;		/* between (" and "), or NULL */
	enum fixes_problem problem;
};

/* Parse the value of a Fixes: trailer ("54a0c1b3c2d1 (\"x: y\")"). */
void fixes_parse(const char *value, struct fixes_tag *f);
void fixes_release(struct fixes_tag *f);

/* --- body width --- */

#define BODY_MAX_COLUMNS 75

/* Columns of @line: UTF-8 code points, tabs to the next multiple of 8. */
int line_columns(const char *line);
/*
 * May @line be longer than BODY_MAX_COLUMNS? Quoted logs (indented
 * lines, "[  12.345678]" timestamps, "> " quotes), links ("://"),
 * trailers (Fixes:, Link:, Signed-off-by: ...) and lines with no space
 * (a long identifier or path) may.
 */
int body_line_exempt(const char *line);

/*
 * kdev's own checks of a message whose author is @author_name,
 * @author_email (NULL: take the message's own From:): subject prefix
 * present, Signed-off-by by the author, Fixes: format, no Change-Id,
 * body width. The checks that need git (the Fixes commit exists, its
 * subject, the history's prefixes) are done by the command.
 */
void check_message(const struct commit_msg *m, const char *author_name,
		   const char *author_email, struct check_findings *out);

/* --- checkpatch.pl output --- */

struct checkpatch_result {
	struct check_findings msgs;	/* ERROR/WARNING/CHECK, in order */
	int errors, warnings, checks;	/* from "total:", else counted */
	int lines;			/* "N lines checked", or -1 */
	int has_total;
};

/*
 * Parse what "checkpatch.pl [--show-types]" printed for one patch:
 * each "ERROR: msg", "WARNING:TYPE: msg" or "CHECK: msg" line starts a
 * message, a "#N: FILE: path:line:" line under it gives its place, the
 * "total: E errors, W warnings, C checks, N lines checked" line the
 * counts.
 */
void checkpatch_parse(const char *text, size_t len,
		      struct checkpatch_result *r);
void checkpatch_release(struct checkpatch_result *r);

/* 0 clean, 1 warnings (or checks) only, 2 any error. */
int check_exit_status(int errors, int warnings);

#endif

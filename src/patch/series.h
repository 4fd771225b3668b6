/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_SERIES_H
#define KDEV_PATCH_SERIES_H

#include <stddef.h>

#include "../lib/strbuf.h"
#include "../lib/strvec.h"

/*
 * The pure parts of "kdev patch send": recipient lists, To:/Cc: headers
 * written into git format-patch's files, the cover letter's template
 * and the --subject-prefix suggestion from MAINTAINERS' T: trees.
 */

/* To and Cc of one mail; "Name <addr>" strings, no address twice. */
struct recipients {
	struct strvec to, cc;
};

#define RECIPIENTS_INIT { STRVEC_INIT, STRVEC_INIT }

void recipients_release(struct recipients *r);
/* The address part of "Name <addr>" or "addr", lower-cased, in @out. */
void rcpt_address(const char *ident, struct strbuf *out);
/* Is @ident's address in @v? */
int rcpt_has(const struct strvec *v, const char *ident);
/* Add @ident to To (and drop it from Cc) or to Cc (unless in To). */
void rcpt_add_to(struct recipients *r, const char *ident);
void rcpt_add_cc(struct recipients *r, const char *ident);
/* @into gets everyone of @from: To stays To, Cc stays Cc unless in To. */
void rcpt_merge(struct recipients *into, const struct recipients *from);

/*
 * Copy the mail @text to @out with its To: and Cc: headers replaced by
 * @r's (one header each, folded one address a line; none when empty).
 * The headers end at the first empty line; the body is copied as is.
 */
void mail_set_recipients(const char *text, size_t len,
			 const struct recipients *r, struct strbuf *out);

/*
 * The subject prefix to suggest from the T: lines of the sections a
 * series touches (most specific first): for the first tree whose
 * repository is named NAME-next ("git git://.../netdev/net-next.git"),
 * "PATCH NAME-next", as subsystems such as netdev, bpf and netfilter
 * ask in their profiles; @fixes gets NAME when the same section also
 * lists NAME.git (where fixes go). Returns 0 with nothing suggested
 * when no tree is a -next one.
 */
int suggest_subject_prefix(const struct strvec *trees, struct strbuf *prefix,
			   struct strbuf *fixes);
/* The repository name of a T: value: "net-next" of ".../net-next.git". */
void tree_repo_name(const char *tvalue, struct strbuf *out);

/*
 * The cover letter git format-patch --cover-letter wrote: the offset of
 * its body (after the headers' empty line) and of the shortlog
 * ("A U Thor (2):"), which ends the blurb. -1 when not found.
 */
int cover_parts(const char *text, size_t len, size_t *body, size_t *shortlog);
/* Its subject without the "[PATCH ...]" tags; 0, or -1 when none. */
int cover_title(const char *text, size_t len, struct strbuf *title);
/* Is it still git's template ("*** SUBJECT HERE ***")? */
int cover_is_template(const char *text, size_t len);
/*
 * A new cover letter @text with @title put in its subject (replacing
 * "*** SUBJECT HERE ***") and @blurb as its blurb, or, when @blurb is
 * NULL and @version > 1, a "Changes in vN:" section template after
 * git's "*** BLURB HERE ***".
 */
void cover_rewrite(const char *text, size_t len, const char *title,
		   const char *blurb, int version, struct strbuf *out);
/* The blurb of an edited cover letter (body up to the shortlog). */
int cover_blurb(const char *text, size_t len, struct strbuf *blurb);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the pure parts of kdev patch check and send
 * (src/patch/check.c, src/patch/series.c). The input is read as a
 * commit message or format-patch mail (then checked, its trailers and
 * Fixes: tags parsed), as checkpatch.pl output, as a subject, as a
 * cover letter to rewrite and as a mail to put recipients into.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "patch/check.h"
#include "patch/series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char *s = xstrndup(text, size);	/* C-string views stop at a NUL */
	struct commit_msg m = COMMIT_MSG_INIT;
	struct check_findings f = { 0 };
	struct checkpatch_result r;
	struct prefix_stats ps = { 0 };
	struct recipients rc = RECIPIENTS_INIT;
	struct strbuf sb = STRBUF_INIT, sb2 = STRBUF_INIT;
	struct strvec trees = STRVEC_INIT;
	size_t i;

	commit_msg_parse(text, size, &m);
	check_message(&m, NULL, NULL, &f);
	check_message(&m, "A U Thor", "a@example.com", &f);
	for (i = 0; i < m.nr_trailers; i++) {
		struct fixes_tag fx;

		fixes_parse(m.trailers[i].value, &fx);
		fixes_release(&fx);
		rcpt_add_cc(&rc, m.trailers[i].value);
		split_ident(m.trailers[i].value, &sb, &sb2);
	}
	for (i = 0; i < m.body.nr; i++) {
		line_columns(m.body.v[i]);
		body_line_exempt(m.body.v[i]);
		prefix_stats_add(&ps, m.body.v[i]);
		strvec_push(&trees, m.body.v[i]);
	}
	prefix_stats_sort(&ps);
	if (subject_prefix(s, &sb))
		prefix_fits(&ps, sb.buf, &sb2);
	suggest_subject_prefix(&trees, &sb, &sb2);
	checkpatch_parse(text, size, &r);
	check_exit_status(r.errors, r.warnings);
	strbuf_reset(&sb);
	rfc2047_decode(text, size, &sb);
	cover_rewrite(text, size, "title", NULL, 2, &sb);
	cover_rewrite(text, size, NULL, "blurb\n", 1, &sb);
	cover_is_template(text, size);
	cover_blurb(text, size, &sb2);
	rcpt_add_to(&rc, s);
	strbuf_reset(&sb);
	mail_set_recipients(text, size, &rc, &sb);

	checkpatch_release(&r);
	check_findings_release(&f);
	commit_msg_release(&m);
	prefix_stats_release(&ps);
	recipients_release(&rc);
	strvec_clear(&trees);
	strbuf_release(&sb);
	strbuf_release(&sb2);
	free(s);
	return 0;
}

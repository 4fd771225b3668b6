// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the Kbuild Makefile parser and expander
 * (src/kconfig/kbuild.c). Every word is expanded and every condition
 * evaluated against a small .config, and the text is merged into
 * itself at its first include, checking the structure stays sound.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig/kbuild.h"

static const char config_text[] =
	"CONFIG_Y=y\nCONFIG_M=m\n# CONFIG_N is not set\nCONFIG_S=\"s\"\n";

static void check(const struct kb_makefile *mf)
{
	size_t i, j;

	for (i = 0; i < mf->nr_conds; i++)
		if (mf->conds[i].parent >= (int)i ||
		    mf->conds[i].parent < -1 ||
		    (size_t)mf->conds[i].file >= mf->nr_files)
			abort();
	for (i = 0; i < mf->nr_assigns; i++) {
		const struct kb_assign *a = &mf->assigns[i];

		if (a->cond >= (int)mf->nr_conds || a->cond < -1 ||
		    (size_t)a->file >= mf->nr_files || !*a->lhs ||
		    a->line < 1)
			abort();
		for (j = 0; j < a->nr_words; j++)
			if (!*a->words[j].text || a->words[j].line < a->line)
				abort();
	}
	for (i = 0; i < mf->nr_includes; i++)
		if (mf->includes[i].at > mf->nr_assigns)
			abort();
}

static void exercise(const struct kb_makefile *mf, struct kb_env *env)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	char *name, *sel;

	for (i = 0; i < mf->nr_assigns && i < 64; i++) {
		const struct kb_assign *a = &mf->assigns[i];

		if (kb_split_lhs(a->lhs, &name, &sel)) {
			free(name);
			free(sel);
		}
		for (j = 0; j < a->nr_words && j < 16; j++) {
			strbuf_reset(&sb);
			kb_expand(mf, env, a->words[j].text, &sb, NULL);
		}
		if (a->cond >= 0 && kb_cond_eval(mf, env, a->cond) > 1)
			abort();
	}
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dotconfig dc = DOTCONFIG_INIT;
	struct kb_env env = { .config = &dc, .srcarch = "x86",
			      .arch = "x86_64", .dir = "d" };
	struct kb_makefile mf, sub;

	if (size > 64 * 1024)
		return 0;
	dotconfig_parse(&dc, config_text, sizeof(config_text) - 1, NULL,
			"CONFIG_");
	kb_parse(&mf, "d/Makefile", (const char *)data, size);
	check(&mf);
	exercise(&mf, &env);
	env.config = NULL;
	env.lists = &mf;
	env.discover = 1;
	exercise(&mf, &env);
	env.lists = NULL;
	if (mf.nr_includes) {
		kb_parse(&sub, "d/sub.mk", (const char *)data, size);
		kb_merge_include(&mf, &mf.includes[0], &sub);
		kb_makefile_release(&sub);
		check(&mf);
		if (!mf.includes[0].merged)
			abort();
		exercise(&mf, &env);
	}
	kb_makefile_release(&mf);
	dotconfig_release(&dc);
	return 0;
}

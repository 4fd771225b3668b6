/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_KCONFIG_EXPLAIN_H
#define KDEV_KCONFIG_EXPLAIN_H

/*
 * Answers about values: why a requested value did not stick, and what
 * it takes to turn a symbol on (kdev config set/merge/preset/enable/
 * why). Everything works on a loaded, computed struct kconfig.
 */
#include <stdbool.h>

#include "kconfig/kconfig.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"

/* A value as .config writes it: y, m, 42, 0x10, "quoted"; n when the
   symbol is not written at all (or is n). */
void ksym_config_value(struct ksym *sym, struct strbuf *out);

/* A .config string value without its quotes and escapes ("a \"b\""
   gives a "b"); anything else as it is. The caller frees it. */
char *kconfig_unquote(const char *s);

/*
 * Does @sym have the value @want (written as in a .config: y, m, n,
 * numbers, "quoted" or bare strings)? 1 if so; else 0 with the reason
 * in @why, one line: "depends on INET [=n] && NET_9P [=y]",
 * "selected by KASAN [=y]", "the choice \"Choose kernel unwinder\"
 * picked UNWINDER_ORC", "out of range [1 64]"...
 */
int kconfig_explain(struct ksym *sym, const char *want, struct strbuf *why);

/* The first prompt of @sym, or NULL when it has none. */
struct kprop *ksym_prompt(struct ksym *sym);

/* "A [=y] && B [=n]" for every select (or imply) of @sym; only those
   in effect when @active; at most @max of them (0: all), then "and N
   more". Returns how many there are. */
int ksym_format_selectors(struct ksym *sym, enum kprop_type type,
			  bool active, int max, struct strbuf *out);

/*
 * Make @sym at least @want (mod or yes), turning on what it depends on
 * when @deps (recursively, through symbols that have prompts; a symbol
 * without a prompt through one of its selectors). Each value set is
 * pushed to @steps as "NAME=VALUE". On failure, -1 with the reason in
 * @why and the configuration as it was.
 */
int kconfig_enable(struct kconfig *kc, struct ksym *sym, enum tristate want,
		   bool deps, struct strvec *steps, struct strbuf *why);
/* What kconfig_enable(..., deps = true, ...) would set, changing nothing. */
int kconfig_enable_plan(struct kconfig *kc, struct ksym *sym,
			enum tristate want, struct strvec *steps,
			struct strbuf *why);

#endif

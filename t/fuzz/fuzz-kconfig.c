// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the Kconfig lexer, parser and preprocessor, then
 * the evaluator and the .config reader and writer (src/kconfig/).
 *
 * The input is a Kconfig file, optionally followed by a line "---" and
 * a .config. "source" finds the Kconfig text itself under any name
 * ending in "Kconfig" (so inclusion loops are reached), nothing else.
 * No $(shell,...) command ever runs: there is no shell to run it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig/internal.h"
#include "kconfig/kconfig.h"
#include "lib/strbuf.h"

struct input {
	const char *kconfig;
	size_t len;
};

static int read_input(void *data, const char *name, struct strbuf *out)
{
	const struct input *in = data;

	if (!ends_with(name, "Kconfig")) {
		errno = ENOENT;
		return -1;
	}
	strbuf_add(out, in->kconfig, in->len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const env[] = { "ARCH=x86", "SRCARCH=x86", NULL };
	const char *text = (const char *)data, *sep;
	struct input in = { text, size };
	struct kconfig_parse_opts o = {
		.root = "Kconfig", .read_file = read_input, .data = &in,
		.env = env, .quiet = true,
	};
	struct strbuf out = STRBUF_INIT;
	struct ksym **syms;
	struct kconfig *kc;
	size_t i, nr;

	sep = memmem(text, size, "\n---\n", 5);
	if (sep)
		in.len = (size_t)(sep - text) + 1;
	kc = kconfig_parse(&o);
	if (!kc)
		return 0;
	if (sep)
		kc_read_buffer(kc, "config", sep + 5,
			       size - (size_t)(sep + 5 - text), false);
	kconfig_calc(kc);
	kconfig_format(kc, &out);
	/* every written line is a comment or CONFIG_NAME=VALUE */
	for (i = 0; i < out.len; i = (size_t)(strchr(out.buf + i, '\n') -
					     out.buf) + 1)
		if (out.buf[i] != '#' && out.buf[i] != '\n' &&
		    strncmp(out.buf + i, "CONFIG_", 7))
			abort();
	/* a value for each symbol; printing its dependencies */
	syms = kconfig_symbols(kc, &nr);
	for (i = 0; i < nr; i++) {
		struct ksym *sym = syms[i];
		struct strbuf sb = STRBUF_INIT;

		if (!ksym_value(sym))
			abort();
		kexpr_format(&sb, sym->dir_dep, true);
		kexpr_format_unmet(&sb, sym->rev_dep, yes);
		strbuf_release(&sb);
	}
	strbuf_release(&out);
	kconfig_free(kc);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the build log parser (src/build/makelog.c). Every
 * line is classified and the first error looked for, checking that
 * what comes back points inside the input and is consistent.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "build/makelog.h"

static void check_span(const char *p, size_t n, const char *base,
		       size_t size)
{
	if (!p)
		return;
	if (p < base || p + n > base + size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *log = (const char *)data;
	struct ml_error err;
	struct ml_line ml;
	size_t pos = 0, i;

	if (size > 256 * 1024)
		return 0;
	while (pos < size) {
		const char *nl = memchr(log + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - log - pos) : size - pos;
		enum ml_kind k = ml_classify(log + pos, n, &ml);

		if (k != ml.kind || !ml_kind_name(k))
			abort();
		check_span(ml.tag, ml.tag_len, log + pos, n);
		check_span(ml.path, ml.path_len, log + pos, n);
		if ((ml.object || ml.module) && !ml.tag)
			abort();
		if (ml.object && ml.kind != ML_CC && ml.kind != ML_AS)
			abort();
		pos += n + 1;
	}
	if (ml_first_error(log, size, &err)) {
		if (err.offset >= size || err.block_offset > err.offset ||
		    (err.offset && log[err.offset - 1] != '\n') ||
		    !err.message || err.nr_context > ML_MAX_CONTEXT ||
		    err.nr_includes > ML_MAX_INCLUDES || err.line < 0 ||
		    err.column < 0 || !ml_error_kind_name(err.kind))
			abort();
		for (i = 0; i < err.nr_context; i++)
			if (!err.context[i])
				abort();
		ml_error_release(&err);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the MAINTAINERS index cache reader
 * (src/patch/mnt-cache.c). The input is a cache file; the checksum is
 * not checked, so the fuzzer reaches the structure checks. Whatever is
 * accepted must then answer a query without crashing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "patch/maintainers.h"
#include "patch/mnt-cache.h"

static const char key[] = "fuzz-key";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maintainers *m;
	struct mnt_query q;
	struct strbuf out = STRBUF_INIT;
	uint64_t *buf;

	if (size > (1 << 20))
		return 0;
	buf = calloc(size / 8 + 2, 8);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* the test's own caches are made with this key: let them in */
	m = maintainers_new("/nonexistent", "MAINTAINERS");
	if (!mnt_cache_fill(m, buf, size, key, sizeof(key) - 1, 0)) {
		mnt_query_init(&q);
		strvec_push(&q.files, "drivers/foo/a.c");
		strvec_push(&q.files, "Makefile");
		mnt_keywords_text(m, &q, "int bar_magic; fooish", 21);
		maintainers_read_mailmap(m);
		mnt_query_run(m, &q);
		mnt_query_print(&q, &out);
		mnt_query_release(&q);
	}
	strbuf_release(&out);
	maintainers_free(m);
	free(buf);
	return 0;
}

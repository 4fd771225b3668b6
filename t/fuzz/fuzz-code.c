// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the "Code:" line decoder:
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *	t/fuzz/fuzz-code.c src/decode/code.c src/lib/[a-z]*.c \
 *	$(pkg-config --cflags --libs capstone)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT;
	struct code_bytes cb;
	char *text = malloc(size + 1);
	uint64_t sym_off;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	if (!code_parse(text, &cb)) {
		/* vary the symbol offset with the input */
		sym_off = size ? data[0] : 0;
		if (code_disasm(&cb, "  ", NULL, 0, &out) < 0)
			abort();
		strbuf_reset(&out);
		if (code_disasm(&cb, "", "fn", sym_off, &out) < 0)
			abort();
	}
	strbuf_release(&out);
	free(text);
	return 0;
}

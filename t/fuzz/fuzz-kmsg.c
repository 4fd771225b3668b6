// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the /dev/kmsg record parser and --since
 * (src/debug/kmsg.c).
 * Build: make build/fuzz/fuzz-kmsg
 * Run:   build/fuzz/fuzz-kmsg -max_total_time=60 build/fuzz/work-fuzz-kmsg \
 *		t/fuzz/corpus-kmsg
 *
 * The input, copied to a buffer of its exact size, is read record by
 * record as kdev dmesg --file reads a saved log. Invariants: each step
 * consumes at least a byte and no more than is left, levels are 0..7,
 * text is no longer than the input. Broken ones abort().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debug/kmsg.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	size_t off = 0;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	while (off < size) {
		struct kmsg_record r;
		size_t used = 0;
		int ret = kmsg_parse(buf + off, size - off, &used, &r);

		check(ret >= -1 && ret <= 1);
		check(used > 0 && used <= size - off);
		if (!ret) {
			check(r.level >= 0 && r.level <= 7);
			check(r.facility >= 0 && r.facility < 128);
			check(r.text && r.text_len <= used);
			check(r.text[r.text_len] == '\0');
			kmsg_record_release(&r);
		} else {
			check(!r.text && !r.subsystem && !r.device);
		}
		off += used;
	}
	free(buf);

	if (size < 256) {
		char *s = malloc(size + 1);
		double out;

		if (!s)
			abort();
		memcpy(s, data, size);
		s[size] = '\0';
		if (!kmsg_parse_since(s, 1000, 1.7e9, &out))
			check(out >= 0);
		kmsg_level(s);
		free(s);
	}
	return 0;
}

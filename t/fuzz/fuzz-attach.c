// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the frames of kdev attach's channel (src/vm/proto.h)
 * as a stream, the way kdev run and the guest's agent read them, and the
 * records of each payload.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vm/proto.h"

static const char *const keys[] = {
	"cmd", "tty", "rows", "cols", "term", "sig", "status", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kdev_att_frame f;
	size_t off = 0, i;
	long n;

	while ((n = kdev_att_parse(data + off, size - off, &f)) > 0) {
		/* the frame lies inside what was read, its payload too */
		if ((size_t)n > size - off || (size_t)n != KDEV_ATT_HDR + f.len ||
		    f.data != data + off + KDEV_ATT_HDR ||
		    f.len > KDEV_ATT_MAX_PAYLOAD || !f.type || f.session > 0xffff)
			abort();
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			const char *v = kdev_att_record(f.data, f.len, keys[i]);

			/* a value ends inside the payload */
			if (v && ((const uint8_t *)v < f.data ||
				  (const uint8_t *)v + strlen(v) >=
				  f.data + f.len))
				abort();
		}
		off += (size_t)n;
	}
	/* "read more" only when the rest is shorter than a whole frame */
	if (!n && size - off >= KDEV_ATT_HDR + KDEV_ATT_MAX_PAYLOAD)
		abort();
	return 0;
}

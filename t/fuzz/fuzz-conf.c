// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the guest's /kdev.conf parser (guest/conf.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../guest/conf.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kdev_conf c;
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (!kdev_conf_parse(&c, buf, size)) {
		/* everything it hands out is a string inside the buffer */
		for (i = 0; i < c.nr_modules; i++)
			if (c.modules[i][0] != '/')
				abort();
		for (i = 0; i < c.nr_env; i++)
			if (!strchr(c.env[i], '='))
				abort();
		if (c.env[c.nr_env] || !c.root)
			abort();
	} else if (!c.err[0]) {
		abort();
	}
	free(buf);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the pure parsers of src/vm/modules.c (modules.dep,
 * modules.builtin, depends=, an ELF's .modinfo, a bzImage header).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "vm/modules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modindex idx = MODINDEX_INIT;
	struct strvec names = STRVEC_INIT;
	struct strbuf value = STRBUF_INIT;
	char *copy = malloc(size + 1);
	char release[64];

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	moddep_parse(copy, size, &idx);
	modbuiltin_parse(copy, size, &names);
	modinfo_depends_parse(copy, size, &names);
	if (modinfo_get(copy, size, "depends", &value) == 1 &&
	    strlen(value.buf) > size)
		abort();
	if (!kernel_release_from_buf(copy, size, release, sizeof(release)) &&
	    strlen(release) >= sizeof(release))
		abort();
	free(module_name(copy));
	modindex_release(&idx);
	strvec_clear(&names);
	strbuf_release(&value);
	free(copy);
	return 0;
}

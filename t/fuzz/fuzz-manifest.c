// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the install manifest reader (src/install/manifest.c)
 * and the grub.cfg reader (src/install/bootcfg.c). A manifest that is
 * accepted must hold only paths manifest_path_ok allows, and must read
 * back to the same text once written; grub.cfg entries must have paths.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "install/bootcfg.h"
#include "install/manifest.h"

static void check_manifest(const char *text, size_t size)
{
	struct manifest m, back;
	struct strbuf err = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i;

	if (manifest_parse(text, size, &m, &err)) {
		if (!err.len || m.release || m.nr_paths || m.nr_steps)
			abort();
		strbuf_release(&err);
		return;
	}
	if (!m.release || !release_name_ok(m.release))
		abort();
	for (i = 0; i < m.nr_paths; i++)
		if (!manifest_path_ok(m.paths[i].path, m.release) ||
		    !manifest_covers(&m, m.paths[i].path))
			abort();
	for (i = 0; i < m.nr_steps; i++)
		if (!mf_undo_name(m.steps[i].what))
			abort();
	manifest_format(&m, &a);
	if (manifest_parse(a.buf, a.len, &back, &err))
		abort();
	manifest_format(&back, &b);
	if (strcmp(a.buf, b.buf))
		abort();
	manifest_release(&back);
	manifest_release(&m);
	strbuf_release(&err);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void check_grub(const char *text, size_t size)
{
	struct grub_cfg gc;
	struct strbuf v = STRBUF_INIT;
	size_t i;

	grub_cfg_parse(text, size, &gc);
	for (i = 0; i < gc.nr; i++) {
		if (!gc.e[i].title || !gc.e[i].path || !gc.e[i].title_path)
			abort();
		if (grub_cfg_find(&gc, gc.e[i].path) == NULL)
			abort();
	}
	grub_cfg_find(&gc, gc.set_default);
	grub_cfg_entry_for(&gc, "vmlinuz-6.1.0");
	grub_cfg_release(&gc);
	kv_get(text, size, "saved_entry", &v);
	strbuf_release(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	check_manifest((const char *)data, size);
	check_grub((const char *)data, size);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_KCONFIG_PRESETS_H
#define KDEV_KCONFIG_PRESETS_H

#include <stddef.h>

/*
 * The built-in config fragments of "kdev config preset NAME...".
 *
 * Each line is a fragment line, exactly as scripts/kconfig/merge_config.sh
 * and the kernel's conf read it: "CONFIG_FOO=y" or "# CONFIG_BAR is not
 * set". Laid over a .config and resolved with olddefconfig, every line
 * of a preset is in the result, word for word: t/t1420-config-presets.sh
 * proves it with the kernel's own scripts/kconfig (Linux 6.1, x86_64)
 * from defconfig, and for vm and debug from Debian's cloud config and
 * from tinyconfig too. A line that does not stick on some other tree is
 * something to report, not an error in the fragment.
 *
 * The fragments are also in t/data/presets/NAME.config (and their
 * lines in doc/kdev-config.1); t/unit/test-presets.c checks that they
 * agree with this table (and rewrites them with KDEV_UPDATE_PRESETS=1).
 */
struct kconfig_preset {
	const char *name;		/* "debug", "vm", ... */
	const char *summary;		/* one line, no final period */
	/*
	 * NULL-terminated and complete: when the preset includes another,
	 * that one's lines come first, so nothing needs to be resolved.
	 */
	const char *const *lines;
	/*
	 * Why the non-obvious lines are there: plain text, lines of at
	 * most 72 columns, each ending in '\n'.
	 */
	const char *help;
	const char *includes;		/* the preset whose lines start
					   this one's, or NULL */
	/*
	 * NULL when the lines name no architecture-specific symbol; else
	 * the kernel's SRCARCH they are written for ("x86"), where other
	 * architectures lack some symbols or need other choices.
	 */
	const char *arch;
};

/* The preset called @name (case-sensitive), or NULL. */
const struct kconfig_preset *kconfig_preset_find(const char *name);

/* All presets, in the order "kdev config preset --list" shows them. */
const struct kconfig_preset *kconfig_preset_list(size_t *nr);

#endif

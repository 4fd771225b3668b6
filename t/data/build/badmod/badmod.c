// SPDX-License-Identifier: GPL-2.0
/*
 * A module with a deliberate syntax error, for t/t1500-build.sh: kdev
 * build must print the error marked below first, with its file:line.
 */
#include <linux/module.h>

static int badmod_unused_warning(void)
{
	int unused;

	return 0;
}

static int __init badmod_init(void)
{
	int x = badmod_unused_warning()
	return x; /* KDEV-MARK: error */
}

module_init(badmod_init);
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kconfig/localmod.h"

static size_t parse(struct modlist *ml, const char *text)
{
	return modlist_parse(ml, text, strlen(text));
}

static void test_proc_modules(void **state)
{
	struct modlist ml = MODLIST_INIT;

	(void)state;
	assert_int_equal(parse(&ml,
		"virtio_net 73728 0 - Live 0xffffffffc0a1b000\n"
		"fuse 176128 3 - Live 0x0000000000000000\n"
		"nf_conntrack 180224 1 nf_nat, Live 0x0\n"), 3);
	assert_int_equal(ml.nr, 3);
	/* sorted */
	assert_string_equal(ml.v[0], "fuse");
	assert_string_equal(ml.v[1], "nf_conntrack");
	assert_string_equal(ml.v[2], "virtio_net");
	assert_true(modlist_has(&ml, "fuse"));
	assert_false(modlist_has(&ml, "Live"));
	assert_false(modlist_has(&ml, "73728"));
	modlist_release(&ml);
}

static void test_list_file(void **state)
{
	struct modlist ml = MODLIST_INIT;

	(void)state;
	/* modprobed-db: one name a line, comments, blanks, dashes, .ko */
	parse(&ml, "# modprobed.db\n\n  virtio-net\t# nic\nxfs.ko\n"
		   "kernel/fs/btrfs/btrfs.ko.xz\r\nfuse\nfuse\n#fuse2\n"
		   "snd-hda-intel");
	assert_int_equal(ml.nr, 5);
	assert_true(modlist_has(&ml, "virtio_net"));
	assert_true(modlist_has(&ml, "xfs"));
	assert_true(modlist_has(&ml, "btrfs"));
	assert_true(modlist_has(&ml, "fuse"));
	assert_true(modlist_has(&ml, "snd_hda_intel"));
	assert_false(modlist_has(&ml, "fuse2"));
	assert_false(modlist_has(&ml, "virtio-net"));
	modlist_release(&ml);
}

static void test_empty_and_odd(void **state)
{
	struct modlist ml = MODLIST_INIT;

	(void)state;
	assert_int_equal(parse(&ml, ""), 0);
	assert_int_equal(parse(&ml, "\n\n# x\n   \n"), 0);
	assert_int_equal(ml.nr, 0);
	/* a path that ends in a slash, ".ko" alone: nothing */
	parse(&ml, "dir/\n.ko\n");
	assert_int_equal(ml.nr, 0);
	modlist_add(&ml, "abc", 2);
	assert_true(modlist_has(&ml, "ab"));
	modlist_release(&ml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_modules),
		cmocka_unit_test(test_list_file),
		cmocka_unit_test(test_empty_and_odd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "install/bootcfg.h"
#include "install/manifest.h"
#include "lib/strbuf.h"
#include "lib/util.h"

static int parse(const char *text, struct manifest *m, struct strbuf *err)
{
	return manifest_parse(text, strlen(text), m, err);
}

static const char good[] =
	"# a comment\n"
	"kdev-manifest 1\n"
	"release 6.1.0-tiny\n"
	"time 1700000000\n"
	"family debian\n"
	"\n"
	"dir /lib/modules/6.1.0-tiny\n"
	"file /boot/vmlinuz-6.1.0-tiny\n"
	"file /boot/initrd.img-6.1.0-tiny\r\n"
	"dir /boot/0123abcd/6.1.0-tiny\n"
	"file /boot/loader/entries/0123abcd-6.1.0-tiny.conf\n"
	"undo update-initramfs\n"
	"undo grub-mkconfig /boot/grub/grub.cfg\n"
	"complete\n";

static void test_manifest_parse(void **state)
{
	struct manifest m;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(parse(good, &m, &err), 0);
	assert_string_equal(m.release, "6.1.0-tiny");
	assert_true(m.time == 1700000000LL);
	assert_string_equal(m.family, "debian");
	assert_int_equal(m.complete, 1);
	assert_int_equal(m.nr_paths, 5);
	assert_int_equal(m.paths[0].kind, MF_DIR);
	assert_string_equal(m.paths[2].path, "/boot/initrd.img-6.1.0-tiny");
	assert_int_equal(m.nr_steps, 2);
	assert_int_equal(m.steps[0].what, MF_UNDO_UPDATE_INITRAMFS);
	assert_null(m.steps[0].arg);
	assert_int_equal(m.steps[1].what, MF_UNDO_GRUB_MKCONFIG);
	assert_string_equal(m.steps[1].arg, "/boot/grub/grub.cfg");
	assert_true(manifest_covers(&m, "/lib/modules/6.1.0-tiny/kernel/x.ko"));
	assert_true(manifest_covers(&m, "/boot/vmlinuz-6.1.0-tiny"));
	assert_false(manifest_covers(&m, "/lib/modules/6.1.0-tiny-rc1"));
	assert_false(manifest_covers(&m, "/boot/vmlinuz-6.1.0-tiny.old"));
	manifest_release(&m);
	strbuf_release(&err);
}

static void test_manifest_roundtrip(void **state)
{
	struct manifest m = MANIFEST_INIT, back;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, err = STRBUF_INIT;

	(void)state;
	m.release = xstrdup("6.8.0-rc1+");
	m.time = 42;
	strcpy(m.family, "arch");
	manifest_add_path(&m, MF_DIR, "/usr/lib/modules/6.8.0-rc1+");
	manifest_add_path(&m, MF_FILE, "/boot/vmlinuz-linux-6.8.0-rc1+");
	/* a repeat is ignored, a dir wins over a file */
	manifest_add_path(&m, MF_FILE, "/boot/vmlinuz-linux-6.8.0-rc1+");
	manifest_add_step(&m, MF_UNDO_KERNEL_INSTALL, NULL);
	manifest_add_step(&m, MF_UNDO_KERNEL_INSTALL, NULL);
	assert_int_equal(m.nr_paths, 2);
	assert_int_equal(m.nr_steps, 1);
	manifest_format(&m, &a);
	assert_non_null(strstr(a.buf, "\nundo kernel-install\n"));
	assert_null(strstr(a.buf, "complete"));
	assert_int_equal(manifest_parse(a.buf, a.len, &back, &err), 0);
	manifest_format(&back, &b);
	assert_string_equal(a.buf, b.buf);
	assert_int_equal(back.complete, 0);
	manifest_release(&back);
	manifest_release(&m);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&err);
}

static void expect_bad_len(const char *text, size_t len, const char *msg)
{
	struct manifest m;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(manifest_parse(text, len, &m, &err), -1);
	if (!strstr(err.buf, msg))
		fail_msg("'%s' does not say '%s'", err.buf, msg);
	assert_null(m.release);
	assert_int_equal(m.nr_paths, 0);
	strbuf_release(&err);
}

static void expect_bad(const char *text, const char *msg)
{
	expect_bad_len(text, strlen(text), msg);
}

static void test_manifest_bad(void **state)
{
	(void)state;
	expect_bad("", "empty manifest");
	expect_bad("release 1\n", "line 1: not a kdev manifest");
	expect_bad("kdev-manifest 2\nrelease 1\n", "version '2' is newer");
	expect_bad("kdev-manifest 1\n", "no release record");
	expect_bad("kdev-manifest 1\nrelease 1\nrelease 2\n", "line 3: bad or repeated");
	expect_bad("kdev-manifest 1\nrelease ../x\n", "bad or repeated release");
	expect_bad("kdev-manifest 1\nrelease 6.1*\n", "bad or repeated release");
	expect_bad("kdev-manifest 1\nrelease 1\ntime -3\n", "bad time");
	expect_bad("kdev-manifest 1\nrelease 1\ntime 3x\n", "bad time");
	expect_bad("kdev-manifest 1\nrelease 1\nrm -rf /\n", "unknown record 'rm'");
	expect_bad("kdev-manifest 1\nrelease 1\nfile\n", "'file' without a value");
	expect_bad("kdev-manifest 1\nrelease 1\nfile boot/1\n", "not absolute");
	expect_bad("kdev-manifest 1\nrelease 1\nundo rm /boot\n", "unknown undo step");
	expect_bad("kdev-manifest 1\nrelease 1\nundo update-grub /x\n", "unknown undo step");
	expect_bad("kdev-manifest 1\nrelease 1\nundo grub-mkconfig\n", "unknown undo step");
	expect_bad("kdev-manifest 1\nrelease 1\nundo grub-mkconfig /etc/x\n", "bad grub.cfg path");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /etc/passwd\n", "outside what kdev installs");
	/* the release must be in the path, and not the top directory itself */
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /boot/vmlinuz-5.10\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\ndir /boot\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\ndir /lib/modules/\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /boot/../etc/6.1\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /boot//6.1\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /boot/6.1/\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /boot/./6.1\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /boot/a\t6.1\n", "outside");
	expect_bad("kdev-manifest 1\nrelease 6.1\nfile /bootx/6.1\n", "outside");
	expect_bad_len("kdev-manifest 1\nrel\0ease 6.1\n", 27, "line 2: a NUL");
}

static void test_release_names(void **state)
{
	(void)state;
	assert_true(release_name_ok("6.1.0-13-amd64"));
	assert_true(release_name_ok("6.8.0-rc1+"));
	assert_true(release_name_ok("5.15.0_custom~1"));
	assert_false(release_name_ok(""));
	assert_false(release_name_ok("*"));
	assert_false(release_name_ok("6.1?"));
	assert_false(release_name_ok("6.[1]"));
	assert_false(release_name_ok(".."));
	assert_false(release_name_ok("../x"));
	assert_false(release_name_ok("a/b"));
	assert_false(release_name_ok("-rf"));
	assert_false(release_name_ok("6.1 0"));
	assert_false(release_name_ok("6.1\n"));
	assert_true(manifest_path_ok("/efi/abc/6.1/linux", "6.1"));
	assert_true(manifest_path_ok("/usr/lib/modules/6.1", "6.1"));
	assert_false(manifest_path_ok("/usr/lib/modules/6.1", ""));
	assert_false(manifest_path_ok("/lib/modules6.1", "6.1"));
}

static void test_boot_names(void **state)
{
	struct boot_names n;
	char all[16][BOOT_NAME_MAX];
	size_t nr, i;

	(void)state;
	boot_names(DISTRO_DEBIAN, "6.1.0", &n);
	assert_string_equal(n.image, "vmlinuz-6.1.0");
	assert_string_equal(n.initrd, "initrd.img-6.1.0");
	assert_string_equal(n.sysmap, "System.map-6.1.0");
	assert_string_equal(n.config, "config-6.1.0");
	assert_string_equal(n.fallback, "");
	boot_names(DISTRO_FEDORA, "6.1.0", &n);
	assert_string_equal(n.image, "vmlinuz-6.1.0");
	assert_string_equal(n.initrd, "initramfs-6.1.0.img");
	boot_names(DISTRO_SUSE, "6.1.0", &n);
	assert_string_equal(n.initrd, "initrd-6.1.0");
	boot_names(DISTRO_ARCH, "6.1.0", &n);
	assert_string_equal(n.image, "vmlinuz-linux-6.1.0");
	assert_string_equal(n.initrd, "initramfs-linux-6.1.0.img");
	assert_string_equal(n.fallback, "initramfs-linux-6.1.0-fallback.img");
	assert_string_equal(n.sysmap, "System.map-6.1.0");
	nr = boot_standard_names("6.1.0", all, ARRAY_SIZE(all));
	assert_int_equal(nr, 10);
	for (i = 0; i < nr; i++) {
		assert_non_null(strstr(all[i], "6.1.0"));
		assert_null(strpbrk(all[i], "*?["));
	}
	/* a small array is not overrun */
	assert_int_equal(boot_standard_names("6.1.0", all, 3), 2);
	assert_string_equal(all[2], "");
}

static const char grubcfg[] =
	"function load_video {\n"
	"  insmod all_video\n"
	"}\n"
	"if [ \"${next_entry}\" ] ; then\n"
	"   set default=\"${next_entry}\"\n"
	"else\n"
	"   set default=\"0\"\n"
	"fi\n"
	"set default=\"${saved_entry}\"\n"
	"menuentry 'Debian GNU/Linux' --class debian $menuentry_id_option 'gnulinux-simple-U' {\n"
	"\tload_video\n"
	"\tlinux\t/boot/vmlinuz-6.2.0 root=UUID=U ro quiet\n"
	"}\n"
	"submenu 'Advanced options for Debian GNU/Linux' $menuentry_id_option 'gnulinux-advanced-U' {\n"
	"\tmenuentry 'Debian GNU/Linux, with Linux 6.2.0' --class debian $menuentry_id_option 'gnulinux-6.2.0-advanced-U' {\n"
	"\t\tlinux\t/boot/vmlinuz-6.2.0 root=UUID=U ro quiet\n"
	"\t}\n"
	"\tmenuentry 'Debian GNU/Linux, with Linux 6.2.0 (recovery mode)' $menuentry_id_option 'gnulinux-6.2.0-recovery-U' {\n"
	"\t\tlinux\t/boot/vmlinuz-6.2.0 root=UUID=U ro single\n"
	"\t}\n"
	"\tmenuentry \"Debian GNU/Linux, with Linux 6.1.0\" $menuentry_id_option 'gnulinux-6.1.0-advanced-U' {\n"
	"\t\tlinux\t/vmlinuz-6.1.0 root=UUID=U ro quiet\n"
	"\t}\n"
	"}\n"
	"menuentry 'UEFI Firmware Settings' $menuentry_id_option 'uefi-firmware' {\n"
	"\tfwsetup\n"
	"}\n";

static void test_grub_cfg(void **state)
{
	struct grub_cfg gc;
	const struct grub_entry *e;

	(void)state;
	grub_cfg_parse(grubcfg, strlen(grubcfg), &gc);
	assert_int_equal(gc.nr, 5);
	assert_string_equal(gc.set_default, "${saved_entry}");
	assert_string_equal(gc.e[0].path, "0");
	assert_string_equal(gc.e[1].path, "1>0");
	assert_string_equal(gc.e[3].path, "1>2");
	assert_string_equal(gc.e[3].title_path,
			    "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0");
	assert_string_equal(gc.e[3].id_path,
			    "gnulinux-advanced-U>gnulinux-6.1.0-advanced-U");
	assert_string_equal(gc.e[3].kernel, "/vmlinuz-6.1.0");
	assert_string_equal(gc.e[4].path, "2");
	assert_null(gc.e[4].kernel);

	e = grub_cfg_find(&gc, "0");
	assert_ptr_equal(e, &gc.e[0]);
	e = grub_cfg_find(&gc, "1>2");
	assert_ptr_equal(e, &gc.e[3]);
	e = grub_cfg_find(&gc, "gnulinux-advanced-U>gnulinux-6.1.0-advanced-U");
	assert_ptr_equal(e, &gc.e[3]);
	e = grub_cfg_find(&gc, "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.2.0");
	assert_ptr_equal(e, &gc.e[1]);
	e = grub_cfg_find(&gc, "uefi-firmware");
	assert_ptr_equal(e, &gc.e[4]);
	assert_null(grub_cfg_find(&gc, "9"));
	assert_null(grub_cfg_find(&gc, ""));
	/* a nested title alone is not a top-level selector */
	assert_null(grub_cfg_find(&gc, "Debian GNU/Linux, with Linux 6.1.0"));

	/* the entry that names the kernel, not the "simple" top one */
	e = grub_cfg_entry_for(&gc, "vmlinuz-6.2.0");
	assert_ptr_equal(e, &gc.e[1]);
	e = grub_cfg_entry_for(&gc, "vmlinuz-6.1.0");
	assert_ptr_equal(e, &gc.e[3]);
	assert_null(grub_cfg_entry_for(&gc, "vmlinuz-6.1"));
	grub_cfg_release(&gc);
}

static void test_grub_cfg_garbage(void **state)
{
	static const char *const bad[] = {
		"}\n}\n}\nmenuentry\nmenuentry 'x' {\n",
		"menuentry 'a {\n\tlinux /x\n",
		"submenu a {\nsubmenu b {\nsubmenu c {\nsubmenu d {\nsubmenu e {\n"
		"submenu f {\nsubmenu g {\nsubmenu h {\nsubmenu i {\nmenuentry j {\n"
		"linux /boot/vmlinuz-9\n}\n}\n}\n}\n}\n}\n}\n}\n}\n}\nmenuentry k {\n}\n",
		"linux /boot/x\nset default=\"\nif x {\nmenuentry z {\n}\n",
	};
	struct grub_cfg gc;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		grub_cfg_parse(bad[i], strlen(bad[i]), &gc);
		grub_cfg_find(&gc, "0");
		grub_cfg_entry_for(&gc, "vmlinuz-9");
		grub_cfg_release(&gc);
	}
	grub_cfg_parse(bad[2], strlen(bad[2]), &gc);
	assert_int_equal(gc.nr, 2);
	assert_string_equal(gc.e[1].path, "1");
	grub_cfg_release(&gc);
}

static void test_kv(void **state)
{
	static const char text[] =
		"# GRUB Environment Block\n"
		"GRUB_DEFAULT=0\n"
		"  GRUB_DEFAULT=\"saved\"\n"
		"saved_entry=gnulinux-advanced-U>gnulinux-6.1.0-advanced-U\n"
		"GRUB_CMDLINE='quiet splash'\r\n"
		"####################";
	struct strbuf v = STRBUF_INIT;

	(void)state;
	assert_int_equal(kv_get(text, strlen(text), "GRUB_DEFAULT", &v), 0);
	assert_string_equal(v.buf, "saved");
	assert_int_equal(kv_get(text, strlen(text), "saved_entry", &v), 0);
	assert_string_equal(v.buf, "gnulinux-advanced-U>gnulinux-6.1.0-advanced-U");
	assert_int_equal(kv_get(text, strlen(text), "GRUB_CMDLINE", &v), 0);
	assert_string_equal(v.buf, "quiet splash");
	assert_int_equal(kv_get(text, strlen(text), "next_entry", &v), -1);
	assert_int_equal(kv_get(text, strlen(text), "GRUB", &v), -1);
	strbuf_release(&v);
}

static void test_bzimage(void **state)
{
	unsigned char img[0x400];
	char rel[64];
	static const char ver[] = "6.1.192 (root@host) #1 SMP";

	(void)state;
	memset(img, 0, sizeof(img));
	assert_int_equal(bzimage_release(img, sizeof(img), rel, sizeof(rel)), -1);
	memcpy(img + 0x202, "HdrS", 4);
	assert_int_equal(bzimage_release(img, sizeof(img), rel, sizeof(rel)), -1);
	/* kernel_version: offset of the string, less 0x200 */
	img[0x20e] = 0x00;
	img[0x20f] = 0x01;
	memcpy(img + 0x300, ver, sizeof(ver));
	assert_int_equal(bzimage_release(img, sizeof(img), rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.1.192");
	/* cut to the buffer, and to the image */
	assert_int_equal(bzimage_release(img, sizeof(img), rel, 4), 0);
	assert_string_equal(rel, "6.1");
	assert_int_equal(bzimage_release(img, 0x302, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.");
	img[0x20f] = 0x7f;
	assert_int_equal(bzimage_release(img, sizeof(img), rel, sizeof(rel)), -1);
	assert_int_equal(bzimage_release(img, 0x100, rel, sizeof(rel)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_parse),
		cmocka_unit_test(test_manifest_roundtrip),
		cmocka_unit_test(test_manifest_bad),
		cmocka_unit_test(test_release_names),
		cmocka_unit_test(test_boot_names),
		cmocka_unit_test(test_grub_cfg),
		cmocka_unit_test(test_grub_cfg_garbage),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_bzimage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

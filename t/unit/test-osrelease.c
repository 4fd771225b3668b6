// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/osrelease.h"
#include "lib/util.h"

static void parse(const char *text, struct os_release *o)
{
	os_release_parse(text, strlen(text), o);
}

static void test_debian(void **state)
{
	struct os_release o;

	(void)state;
	parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	      "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n", &o);
	assert_string_equal(o.id, "debian");
	assert_string_equal(o.version_id, "12");
	assert_string_equal(o.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	assert_int_equal(o.family, DISTRO_DEBIAN);
	assert_string_equal(distro_family_name(o.family), "debian");
}

static void test_like(void **state)
{
	struct os_release o;

	(void)state;
	/* Ubuntu, Linux Mint: ID_LIKE carries the family. */
	parse("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n", &o);
	assert_int_equal(o.family, DISTRO_DEBIAN);
	parse("ID=\"almalinux\"\r\nID_LIKE=\"rhel centos fedora\"\r\n", &o);
	assert_string_equal(o.id, "almalinux");
	assert_int_equal(o.family, DISTRO_FEDORA);
	parse("NAME=\"Arch Linux\"\nID=arch\n", &o);
	assert_int_equal(o.family, DISTRO_ARCH);
	parse("ID=endeavouros\nID_LIKE=arch\n", &o);
	assert_int_equal(o.family, DISTRO_ARCH);
	parse("ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n", &o);
	assert_int_equal(o.family, DISTRO_SUSE);
	parse("ID='fedora'\n", &o);
	assert_string_equal(o.id, "fedora");
	assert_int_equal(o.family, DISTRO_FEDORA);
}

static void test_garbage(void **state)
{
	struct os_release o;
	char big[600];

	(void)state;
	parse("", &o);
	assert_int_equal(o.family, DISTRO_UNKNOWN);
	assert_string_equal(distro_family_name(o.family), "unknown");
	parse("ID\n=\n==\nID=\"unterminated\nID_LIKE=nixos", &o);
	assert_string_equal(o.id, "unterminated");
	assert_int_equal(o.family, DISTRO_UNKNOWN);
	/* An over-long value is cut, not overflowed. */
	memset(big, 'x', sizeof(big));
	memcpy(big, "ID=", 3);
	big[sizeof(big) - 1] = '\0';
	parse(big, &o);
	assert_int_equal(strlen(o.id), sizeof(o.id) - 1);
	parse("ID=\"a\\\"b\"\n", &o);
	assert_string_equal(o.id, "a\"b");
}

static void test_read_root(void **state)
{
	char dir[] = "/tmp/kdev-osr.XXXXXX";
	char *p;
	FILE *fp;
	struct os_release o;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(os_release_read(dir, &o), -1);
	assert_int_equal(o.family, DISTRO_UNKNOWN);
	p = xasprintf("%s/usr", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = xasprintf("%s/usr/lib", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = xasprintf("%s/usr/lib/os-release", dir);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs("ID=arch\n", fp);
	fclose(fp);
	assert_int_equal(os_release_read(dir, &o), 0);
	assert_int_equal(o.family, DISTRO_ARCH);
	unlink(p);
	free(p);
	p = xasprintf("%s/usr/lib", dir);
	rmdir(p);
	free(p);
	p = xasprintf("%s/usr", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_like),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_read_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

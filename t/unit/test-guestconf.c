// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/util.h"

/* The guest's parser is not in the host's objects: build it in. */
#include "../../guest/conf.c"

/* A literal with its embedded NULs, without the one C adds. */
#define CONF(s) s, sizeof(s) - 1

/*
 * Parse a copy of @len bytes in a buffer of exactly that size, so that
 * ASan catches a read past its end. The copy lives until the next call
 * or the test's teardown, as the strings of @c point into it.
 */
static char *conf_copy;

static int parse(struct kdev_conf *c, const char *data, size_t len)
{
	free(conf_copy);
	conf_copy = xmalloc(len ? len : 1);
	memcpy(conf_copy, data, len);
	return kdev_conf_parse(c, conf_copy, len);
}

static int free_copy(void **state UNUSED)
{
	free(conf_copy);
	conf_copy = NULL;
	return 0;
}

/* Expect @data to be rejected with a message that contains @msg. */
static void check_rejected(struct kdev_conf *c, const char *data, size_t len,
			   const char *msg)
{
	if (parse(c, data, len) != -1)
		fail_msg("accepted, expected \"%s\"", msg);
	if (!strstr(c->err, msg))
		fail_msg("error \"%s\" lacks \"%s\"", c->err, msg);
}

/* assert_rejected(c, CONF("..."), msg): CONF expands to two arguments */
#define assert_rejected(c, ...) check_rejected(c, __VA_ARGS__)

static void test_full(void **state UNUSED)
{
	static const char data[] =
		"module=/lib/kdev/virtio_ring.ko\0"
		"module=/lib/kdev/virtio_pci.ko\0"
		"root=root\0"
		"rootflags=rw\0"
		"overlay=/etc\0"
		"overlay=/tmp\0"
		"share=src:/home/me/linux:rw\0"
		"share=out:/tmp/out:ro\0"
		"cwd=/home/me/linux\0"
		"uid=1000\0"
		"gid=1001\0"
		"groups=4,24,27\0"
		"hostname=kdev\0"
		"env=HOME=/home/me\0"
		"env=PATH=/usr/bin:/bin\0"
		"env=EMPTY=\0"
		"cmd=make -j2 && ./run \"$1\"\n echo done\0"
		"rows=50\0"
		"cols=200\0";
	struct kdev_conf c;

	assert_int_equal(parse(&c, CONF(data)), 0);
	assert_int_equal(c.nr_modules, 2);
	assert_string_equal(c.modules[0], "/lib/kdev/virtio_ring.ko");
	assert_string_equal(c.modules[1], "/lib/kdev/virtio_pci.ko");
	assert_string_equal(c.root, "root");
	assert_int_equal(c.root_ro, 0);
	assert_int_equal(c.nr_overlays, 2);
	assert_string_equal(c.overlays[0], "/etc");
	assert_string_equal(c.overlays[1], "/tmp");
	assert_int_equal(c.nr_shares, 2);
	assert_string_equal(c.shares[0].tag, "src");
	assert_string_equal(c.shares[0].path, "/home/me/linux");
	assert_int_equal(c.shares[0].ro, 0);
	assert_string_equal(c.shares[1].tag, "out");
	assert_string_equal(c.shares[1].path, "/tmp/out");
	assert_int_equal(c.shares[1].ro, 1);
	assert_string_equal(c.cwd, "/home/me/linux");
	assert_int_equal(c.uid, 1000);
	assert_int_equal(c.gid, 1001);
	assert_int_equal(c.nr_groups, 3);
	assert_int_equal(c.groups[0], 4);
	assert_int_equal(c.groups[1], 24);
	assert_int_equal(c.groups[2], 27);
	assert_string_equal(c.hostname, "kdev");
	assert_int_equal(c.nr_env, 3);
	assert_string_equal(c.env[0], "HOME=/home/me");
	assert_string_equal(c.env[1], "PATH=/usr/bin:/bin");
	assert_string_equal(c.env[2], "EMPTY=");
	assert_null(c.env[3]);
	assert_string_equal(c.cmd, "make -j2 && ./run \"$1\"\n echo done");
	assert_int_equal(c.rows, 50);
	assert_int_equal(c.cols, 200);
	assert_string_equal(kdev_conf_getenv(&c, "PATH"), "/usr/bin:/bin");
	assert_string_equal(kdev_conf_getenv(&c, "EMPTY"), "");
	assert_null(kdev_conf_getenv(&c, "PAT"));
	assert_null(kdev_conf_getenv(&c, "SHELL"));
}

static void test_defaults_interactive(void **state UNUSED)
{
	struct kdev_conf c;

	assert_int_equal(parse(&c, CONF("root=r\0")), 0);
	assert_string_equal(c.root, "r");
	assert_int_equal(c.root_ro, 1);
	assert_null(c.cmd);		/* interactive */
	assert_string_equal(c.cwd, "/");
	assert_int_equal(c.uid, 0);
	assert_int_equal(c.gid, 0);
	assert_null(c.hostname);
	assert_int_equal(c.nr_modules + c.nr_overlays + c.nr_shares +
			 c.nr_env + c.nr_groups, 0);
	assert_null(c.env[0]);
	assert_int_equal(c.rows, 0);
	assert_int_equal(c.cols, 0);

	/* cmd= present, even empty: not interactive */
	assert_int_equal(parse(&c, CONF("root=r\0cmd=\0")), 0);
	assert_non_null(c.cmd);
	assert_string_equal(c.cmd, "");

	/* shares are virtiofs unless fstype=9p */
	assert_int_equal(c.fs_9p, 0);
	assert_int_equal(parse(&c, CONF("root=r\0fstype=9p\0")), 0);
	assert_int_equal(c.fs_9p, 1);
	assert_int_equal(parse(&c, CONF("fstype=9p\0fstype=virtiofs\0"
					"root=r\0")), 0);
	assert_int_equal(c.fs_9p, 0);
	assert_int_equal(parse(&c, CONF("root=r\0fstype=nfs\0")), -1);
	assert_non_null(strstr(c.err, "fstype=nfs: not 9p or virtiofs"));
}

static void test_repeated(void **state UNUSED)
{
	static const char data[] =
		"root=a\0" "root=b\0"
		"rootflags=rw\0" "rootflags=ro\0"
		"cwd=/x\0" "cwd=/y\0"
		"uid=1\0" "uid=2\0"
		"groups=1,2,3\0" "groups=7\0"
		"hostname=h1\0" "hostname=h2\0"
		"cmd=one\0" "cmd=two\0"
		"env=A=1\0" "env=B=2\0" "env=A=3\0" "env=AB=4\0"
		"module=/m1\0" "module=/m2\0" "module=/m1\0";
	struct kdev_conf c;

	assert_int_equal(parse(&c, CONF(data)), 0);
	assert_string_equal(c.root, "b");
	assert_int_equal(c.root_ro, 1);
	assert_string_equal(c.cwd, "/y");
	assert_int_equal(c.uid, 2);
	assert_int_equal(c.nr_groups, 1);
	assert_int_equal(c.groups[0], 7);
	assert_string_equal(c.hostname, "h2");
	assert_string_equal(c.cmd, "two");
	/* a repeated NAME replaces the earlier one, in place */
	assert_int_equal(c.nr_env, 3);
	assert_string_equal(c.env[0], "A=3");
	assert_string_equal(c.env[1], "B=2");
	assert_string_equal(c.env[2], "AB=4");
	assert_null(c.env[3]);
	/* list keys append, in order, repeats included */
	assert_int_equal(c.nr_modules, 3);
	assert_string_equal(c.modules[2], "/m1");
}

static void test_empty_values(void **state UNUSED)
{
	static const char *const rejected[] = {
		"root", "rootflags", "cwd", "uid", "gid", "rows", "cols",
		"module", "overlay", "share",
	};
	struct kdev_conf c;
	char buf[64];
	size_t i;
	int n;

	assert_int_equal(parse(&c, CONF("root=r\0groups=\0hostname=\0")), 0);
	assert_int_equal(c.nr_groups, 0);
	assert_null(c.hostname);
	assert_rejected(&c, CONF("root=r\0env=\0"), "not NAME=VALUE");
	assert_rejected(&c, CONF("root=r\0env==x\0"), "not NAME=VALUE");
	for (i = 0; i < ARRAY_SIZE(rejected); i++) {
		n = snprintf(buf, sizeof(buf), "root=r%c%s=%c", 0, rejected[i],
			     0);
		assert_rejected(&c, buf, n, "empty value");
	}
}

static void test_framing(void **state UNUSED)
{
	struct kdev_conf c;

	/* the last record lacks its NUL: a truncated file */
	assert_rejected(&c, CONF("root=r\0cmd=true"), "record 2: no NUL");
	assert_rejected(&c, CONF("root=r"), "record 1: no NUL");
	/* nothing at all, or only empty records: no root */
	assert_rejected(&c, "", 0, "no root=");
	assert_rejected(&c, CONF("\0\0\0"), "no root=");
	/* empty records are skipped */
	assert_int_equal(parse(&c, CONF("\0root=r\0\0cmd=x\0\0")), 0);
	assert_string_equal(c.cmd, "x");
	assert_rejected(&c, CONF("root=r\0justtext\0"),
			"record 2: not key=value");
	assert_rejected(&c, CONF("root=r\0=value\0"), "not key=value");
	/* a value is anything but NUL, '=' included */
	assert_int_equal(parse(&c, CONF("root=r\0cmd=a=b\x01\xff\n\0")), 0);
	assert_string_equal(c.cmd, "a=b\x01\xff\n");
}

static void test_unknown_keys(void **state UNUSED)
{
	struct kdev_conf c;

	assert_int_equal(parse(&c, CONF("future=1\0root=r\0modules=/x\0"
					"ROOT=q\0cmd =x\0net=user\0")), 0);
	assert_string_equal(c.root, "r");
	assert_int_equal(c.nr_modules, 0);
	assert_null(c.cmd);
}

/* "root=r\0KEY=" and @len times @ch and a NUL, parsed. */
static int parse_long(struct kdev_conf *c, const char *key, const char *pre,
		      int ch, size_t len)
{
	size_t n = 7 + strlen(key) + 1 + strlen(pre) + len + 1;
	char *buf = xmalloc(n);
	int ret;

	memcpy(buf, "root=r", 7);
	sprintf(buf + 7, "%s=%s", key, pre);
	memset(buf + n - 1 - len, ch, len);
	buf[n - 1] = '\0';
	ret = parse(c, buf, n);
	free(buf);
	return ret;
}

static void test_overlong(void **state UNUSED)
{
	struct kdev_conf c;
	char buf[8192], tag[CONF_MAX_TAG + 1], *big;
	size_t i, n;

	assert_int_equal(parse_long(&c, "hostname", "", 'h', 64), 0);
	assert_int_equal(strlen(c.hostname), 64);
	assert_int_equal(parse_long(&c, "hostname", "", 'h', 65), -1);
	assert_int_equal(parse_long(&c, "cwd", "/", 'd', CONF_MAX_PATH - 1),
			 0);
	assert_int_equal(parse_long(&c, "cwd", "/", 'd', CONF_MAX_PATH), -1);
	assert_int_equal(parse_long(&c, "overlay", "/", 'd', CONF_MAX_PATH),
			 -1);
	assert_int_equal(parse_long(&c, "module", "/", 'd', CONF_MAX_PATH),
			 -1);
	assert_int_equal(parse_long(&c, "root", "", 't', CONF_MAX_TAG), 0);
	assert_int_equal(parse_long(&c, "root", "", 't', CONF_MAX_TAG + 1),
			 -1);
	memset(tag, 't', sizeof(tag));
	n = snprintf(buf, sizeof(buf), "root=r%cshare=%.*s:/p:ro%c", 0,
		     CONF_MAX_TAG, tag, 0);
	assert_int_equal(parse(&c, buf, n), 0);
	n = snprintf(buf, sizeof(buf), "root=r%cshare=%.*s:/p:ro%c", 0,
		     CONF_MAX_TAG + 1, tag, 0);
	assert_rejected(&c, buf, n, "bad tag");
	assert_int_equal(parse_long(&c, "cmd", "", 'c', CONF_MAX_STRING), 0);
	assert_int_equal(parse_long(&c, "cmd", "", 'c', CONF_MAX_STRING + 1),
			 -1);
	assert_true(strstr(c.err, "cmd=: longer than") != NULL);
	assert_int_equal(parse_long(&c, "env", "A=", 'e', CONF_MAX_STRING),
			 -1);
	assert_int_equal(parse_long(&c, "groups", "", '1', 20), -1);
	/* too many records */
	n = snprintf(buf, sizeof(buf), "root=r%c", 0);
	for (i = 0; i <= CONF_MAX_MODULES; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "module=/m%zu%c", i, 0);
	assert_rejected(&c, buf, n, "more than 64 module=");
	assert_int_equal(parse(&c, buf, n - strlen("module=/m64") - 1), 0);
	assert_int_equal(c.nr_modules, CONF_MAX_MODULES);
	n = snprintf(buf, sizeof(buf), "root=r%cgroups=1", 0);
	for (i = 1; i <= CONF_MAX_GROUPS; i++)
		n += snprintf(buf + n, sizeof(buf) - n, ",%zu", i);
	buf[n++] = '\0';
	assert_rejected(&c, buf, n, "more than 256 groups");
	/* the whole file */
	big = xcalloc(1, CONF_MAX_SIZE + 1);
	assert_rejected(&c, big, CONF_MAX_SIZE + 1, "larger than");
	free(big);
}

static void test_bad_numbers(void **state UNUSED)
{
	static const char *const bad[] = {
		"uid=abc", "uid=-1", "uid=+1", "uid= 1", "uid=1 ", "uid=1x",
		"uid=0x10", "uid=4294967295", "uid=99999999999999999999999",
		"gid=1.5", "rows=65536", "cols=-0", "rows=1e3",
		"groups=a", "groups=1,,2", "groups=1,", "groups=,1",
		"groups=1;2", "groups=4294967295",
	};
	struct kdev_conf c;
	char buf[64];
	size_t i;
	int n;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = snprintf(buf, sizeof(buf), "root=r%c%s%c", 0, bad[i], 0);
		if (parse(&c, buf, n) != -1)
			fail_msg("%s was accepted", bad[i]);
		assert_true(strstr(c.err, "record 2: ") == c.err);
	}
	assert_int_equal(parse(&c, CONF("root=r\0uid=4294967294\0gid=007\0"
					"rows=65535\0cols=0\0"
					"groups=0,4294967294\0")), 0);
	assert_int_equal(c.uid, 4294967294U);
	assert_int_equal(c.gid, 7);
	assert_int_equal(c.rows, 65535);
	assert_int_equal(c.cols, 0);
	assert_int_equal(c.nr_groups, 2);
	assert_int_equal(c.groups[1], 4294967294U);
	assert_rejected(&c, CONF("root=r\0uid=abc\0"),
			"record 2: uid=abc: not a valid id");
}

static void test_share(void **state UNUSED)
{
	static const char *const bad[] = {
		"share=tag", "share=tag:/p", "share=:/p:ro", "share=tag::ro",
		"share=tag:rel:ro", "share=tag:/p:rx", "share=tag:/p:",
		"share=tag:/a/../b:ro", "share=tag:/..:rw",
	};
	struct kdev_conf c;
	char buf[64];
	size_t i;
	int n;

	/* the tag ends at the first ':', the mode starts after the last */
	assert_int_equal(parse(&c, CONF("root=r\0share=t:/a:b/c::rw\0"
					"share=u:/:ro\0"
					"share=v:/a/..b/.../x..:ro\0")), 0);
	assert_int_equal(c.nr_shares, 3);
	assert_string_equal(c.shares[0].tag, "t");
	assert_string_equal(c.shares[0].path, "/a:b/c:");
	assert_int_equal(c.shares[0].ro, 0);
	assert_string_equal(c.shares[1].path, "/");
	assert_int_equal(c.shares[1].ro, 1);
	assert_string_equal(c.shares[2].path, "/a/..b/.../x..");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = snprintf(buf, sizeof(buf), "root=r%c%s%c", 0, bad[i], 0);
		if (parse(&c, buf, n) != -1)
			fail_msg("%s was accepted", bad[i]);
	}
}

static void test_paths(void **state UNUSED)
{
	struct kdev_conf c;

	assert_rejected(&c, CONF("root=r\0overlay=etc\0"), "bad path");
	assert_rejected(&c, CONF("root=r\0overlay=/etc/..\0"), "bad path");
	assert_rejected(&c, CONF("root=r\0overlay=/../x\0"), "bad path");
	assert_rejected(&c, CONF("root=r\0module=virtio.ko\0"), "not absolute");
	assert_rejected(&c, CONF("root=r\0cwd=.\0"), "not an absolute path");
	assert_rejected(&c, CONF("root=r\0rootflags=RO\0"), "not ro or rw");
	assert_rejected(&c, CONF("root=r\0root=a:b\0"), "bad tag");
	/* ".." is fine where nothing is joined to the new root */
	assert_int_equal(parse(&c, CONF("root=r\0cwd=/home/../tmp\0"
					"overlay=/\0overlay=/a..\0")), 0);
	assert_string_equal(c.overlays[0], "/");
	assert_string_equal(c.overlays[1], "/a..");
}

static void test_moddeps(void **state UNUSED)
{
	static const char *const bad[] = {
		"moddeps=", "moddeps=2", "moddeps=:", "moddeps=x:",
		"moddeps=2:2", "moddeps=2:3", "moddeps=3:", "moddeps=2:0,",
		"moddeps=2:,0", "moddeps=2:0,,1", "moddeps=2:-1",
		"moddeps=2:0;1", "moddeps=64:", "moddeps=2:99999999999999999999",
	};
	struct strbuf sb = STRBUF_INIT;
	struct kdev_conf c;
	char buf[128];
	size_t i;
	int n;

	assert_int_equal(parse(&c, CONF("root=r\0module=/a.ko\0moddeps=0:\0"
					"module=/b.ko\0module=/c.ko\0"
					"moddeps=2:0\0moddeps=1:0\0")), 0);
	assert_int_equal(c.nr_modules, 3);
	assert_int_equal(c.module_deps_known[0], 1);
	assert_int_equal(c.module_deps[0], 0);
	assert_int_equal(c.module_deps_known[1], 1);
	assert_int_equal(c.module_deps[1], 1);
	assert_int_equal(c.module_deps_known[2], 1);
	assert_int_equal(c.module_deps[2], 1);
	/* without moddeps= a module waits for all before it (old hosts) */
	assert_int_equal(parse(&c, CONF("root=r\0module=/a.ko\0"
					"module=/b.ko\0moddeps=1:0\0")), 0);
	assert_int_equal(c.module_deps_known[0], 0);
	assert_int_equal(c.module_deps[1], 1);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = snprintf(buf, sizeof(buf), "root=r%cmodule=/a.ko%c"
			     "module=/b.ko%cmodule=/c.ko%c%s%c", 0, 0, 0, 0,
			     bad[i], 0);
		if (parse(&c, buf, n) != -1)
			fail_msg("%s was accepted", bad[i]);
		assert_non_null(strstr(c.err, "record 5: moddeps="));
	}
	/* all 64 modules fit the bits */
	strbuf_add(&sb, "root=r", 7);
	for (i = 0; i < 64; i++)
		strbuf_add(&sb, "module=/m.ko", 13);
	strbuf_add(&sb, "moddeps=63:0,62,31", 19);
	assert_int_equal(parse(&c, sb.buf, sb.len), 0);
	assert_true(c.module_deps[63] == (1ULL << 62 | 1ULL << 31 | 1ULL));
	strbuf_release(&sb);
}

static void test_plain_command(void **state UNUSED)
{
	static const char *const plain[] = {
		"uname", "./test.sh", "/usr/bin/true", "make", "a-b_c.d+e",
		"x86_64-linux-gnu-gcc", "user@host:1,2", "../x", "my/true",
	};
	static const char *const shell[] = {
		"", "uname -r", "a;b", "a|b", "a&", "$HOME", "`id`", "a\\b",
		"'a'", "\"a\"", "*.sh", "a?", "[a]", "~/x", "~", "A=b", "#x",
		"a\tb", "a\nb", "(a)", "{a}", "!x", "a>b", "<a", "-x",
		"--help", "%1", "a^b", "x\x7f",
		/* run by the shell itself: builtins, reserved words */
		"true", "false", "echo", "printf", "test", "[", ".", ":", "cd",
		"exit", "export", "set", "wait", "kill", "pwd", "read", "if",
		"while", "!", "{", "time", "source", "type", "command", "exec",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(plain); i++)
		if (!kdev_conf_plain_command(plain[i]))
			fail_msg("'%s' is a plain command", plain[i]);
	for (i = 0; i < ARRAY_SIZE(shell); i++)
		if (kdev_conf_plain_command(shell[i]))
			fail_msg("'%s' needs the shell", shell[i]);
	assert_int_equal(kdev_conf_plain_command(NULL), 0);
}

#define T(f) cmocka_unit_test_teardown(f, free_copy)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_full),
		T(test_defaults_interactive),
		T(test_repeated),
		T(test_empty_values),
		T(test_framing),
		T(test_unknown_keys),
		T(test_overlong),
		T(test_bad_numbers),
		T(test_share),
		T(test_paths),
		T(test_moddeps),
		T(test_plain_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

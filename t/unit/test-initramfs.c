// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/error.h"
#include "lib/file.h"
#include "lib/run-command.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "lib/util.h"
#include "vm/initramfs.h"
#include "vm/modules.h"
#include "vm/proto.h"

/* Debian's cloud kernel, as "make demo" extracts it; optional. */
#ifndef DEBIAN_ROOT
#define DEBIAN_ROOT	"/root/.cache/kdev/debian/root"
#endif
#define DEBIAN_RELEASE	"6.1.0-56-cloud-amd64"
#define DEBIAN_MODULES	DEBIAN_ROOT "/lib/modules/" DEBIAN_RELEASE
#define DEBIAN_VMLINUZ	DEBIAN_ROOT "/boot/vmlinuz-" DEBIAN_RELEASE

/* Helpers */



static void write_buf(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void write_str(const char *path, const char *s)
{
	write_buf(path, s, strlen(s));
}

/* mkdir -p of @dir/@sub */
static void make_dirs(const char *dir, const char *sub)
{
	char *path = xasprintf("%s/%s", dir, sub), *p;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		assert_true(!mkdir(path, 0755) || errno == EEXIST);
		*p = '/';
	}
	assert_true(!mkdir(path, 0755) || errno == EEXIST);
	free(path);
}

/* Run @argv (NULL-terminated); stdin from @in_path, stdout to @out_path. */
static int run_io(const char *in_path, const char *out_path,
		  const char *dir, struct strbuf *out, const char *arg0, ...)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	int in = -1, o = -1, ret;
	const char *arg;
	va_list ap;

	strvec_push(&cp.args, arg0);
	va_start(ap, arg0);
	while ((arg = va_arg(ap, const char *)))
		strvec_push(&cp.args, arg);
	va_end(ap);
	if (in_path) {
		in = open(in_path, O_RDONLY | O_CLOEXEC);
		assert_true(in >= 0);
		cp.in = in;
	}
	if (out_path) {
		o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			 0644);
		assert_true(o >= 0);
		cp.out = o;
	}
	cp.dir = dir;
	if (out)
		ret = capture_command(&cp, out, NULL);
	else
		ret = run_command(&cp);
	if (in >= 0)
		close(in);
	if (o >= 0)
		close(o);
	strvec_clear(&cp.args);
	return ret;
}

static char *join_sv(const char *const *v, size_t nr)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, v[i]);
	}
	return strbuf_detach(&sb, NULL);
}

static char *set_names(const struct module_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < set->nr; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, set->v[i].name);
	}
	return strbuf_detach(&sb, NULL);
}

#define assert_names(got_expr, expect)			\
	do {						\
		char *got_ = (got_expr);		\
		assert_string_equal(got_, expect);	\
		free(got_);				\
	} while (0)

/* cpio writer */

static unsigned long hex8(const char *p)
{
	char buf[9];

	memcpy(buf, p, 8);
	buf[8] = '\0';
	for (int i = 0; i < 8; i++)
		assert_true(hexval(buf[i]) >= 0);
	return strtoul(buf, NULL, 16);
}

struct cpio_entry {
	unsigned long ino, mode, uid, gid, nlink, mtime, size, namesize;
	const char *name;
	const char *data;
};

/*
 * A strict newc reader: every header checked, every entry returned in
 * @e (up to @max), the trailer's position too. Returns the count.
 */
static size_t parse_newc(const struct strbuf *a, struct cpio_entry *e,
			 size_t max)
{
	size_t off = 0, n = 0;

	for (;;) {
		struct cpio_entry x;
		const char *h = a->buf + off;
		int i;

		assert_true(off % 4 == 0);
		assert_true(off + CPIO_NEWC_HDR_LEN <= a->len);
		assert_memory_equal(h, CPIO_NEWC_MAGIC, 6);
		x.ino = hex8(h + 6);
		x.mode = hex8(h + 14);
		x.uid = hex8(h + 22);
		x.gid = hex8(h + 30);
		x.nlink = hex8(h + 38);
		x.mtime = hex8(h + 46);
		x.size = hex8(h + 54);
		for (i = 0; i < 4; i++)	/* dev and rdev major/minor */
			assert_int_equal(hex8(h + 62 + 8 * i), 0);
		x.namesize = hex8(h + 94);
		assert_int_equal(hex8(h + 102), 0);	/* check */
		assert_true(x.namesize >= 2);
		off += CPIO_NEWC_HDR_LEN;
		assert_true(off + x.namesize <= a->len);
		x.name = a->buf + off;
		/* namesize counts the NUL, and there is no other */
		assert_int_equal(strlen(x.name) + 1, x.namesize);
		off += x.namesize;
		while (off % 4) {
			assert_int_equal(a->buf[off], 0);
			off++;
		}
		x.data = a->buf + off;
		off += x.size;
		assert_true(off <= a->len);
		while (off % 4) {
			assert_int_equal(a->buf[off], 0);
			off++;
		}
		assert_int_equal(x.uid, 0);
		assert_int_equal(x.gid, 0);
		assert_int_equal(x.mtime, 0);
		if (!strcmp(x.name, CPIO_TRAILER)) {
			assert_int_equal(x.size, 0);
			/* then NULs up to a multiple of 512 */
			assert_int_equal(a->len % 512, 0);
			for (; off < a->len; off++)
				assert_int_equal(a->buf[off], 0);
			return n;
		}
		assert_true(n < max);
		e[n++] = x;
	}
}

static unsigned char bin[70001];

static void fill_bin(void)
{
	size_t i;

	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i < 256 ? i : (i * 7 + 3) ^ (i >> 8));
}

static const char conf[] = "module=/lib/kdev/virtio.ko\0root=root\0"
			   "cmd=echo 'hi there'\0";

/* The archive every cpio test looks at. */
static void build_sample(struct strbuf *out)
{
	struct cpio c;

	fill_bin();
	cpio_init(&c, out);
	assert_int_equal(cpio_add_file(&c, "/init", 0755, "#!/bin/sh\n", 10),
			 0);
	assert_int_equal(cpio_add_file(&c, "kdev.conf", 0644, conf,
				       sizeof(conf) - 1), 0);
	cpio_add_dir(&c, "/etc/", 0700);
	cpio_add_dir(&c, "etc", 0755);		/* already there: no-op */
	cpio_add_dir(&c, "/", 0755);		/* the root: nothing */
	/* parents lib and lib/kdev come first, automatically */
	assert_int_equal(cpio_add_file(&c, "/lib/kdev/virtio.ko", 0644, bin,
				       sizeof(bin)), 0);
	/* names of each length mod 4, data of each length mod 4 */
	assert_int_equal(cpio_add_file(&c, "lib/kdev/a", 0600, "x", 1), 0);
	assert_int_equal(cpio_add_file(&c, "lib/kdev/ab", 0600, "xy", 2), 0);
	assert_int_equal(cpio_add_file(&c, "lib/kdev/abc", 0600, "xyz", 3),
			 0);
	assert_int_equal(cpio_add_file(&c, "lib/kdev/abcd", 0600, "", 0), 0);
	cpio_add_symlink(&c, "/bin/sh", "/init");
	cpio_add_dir(&c, "dev", 0755);
	/* type bits in @mode are ignored: a regular file, setuid */
	assert_int_equal(cpio_add_file(&c, "etc/suid", S_IFDIR | 04755,
				       "s", 1), 0);
	cpio_finish(&c);
}

static const char sample_names[] =
	"init\n"
	"kdev.conf\n"
	"etc\n"
	"lib\n"
	"lib/kdev\n"
	"lib/kdev/virtio.ko\n"
	"lib/kdev/a\n"
	"lib/kdev/ab\n"
	"lib/kdev/abc\n"
	"lib/kdev/abcd\n"
	"bin\n"
	"bin/sh\n"
	"dev\n"
	"etc/suid\n";

static const char sample_listing[] =
	"-rwxr-xr-x   1 root     root           10 Jan  1  1970 init\n"
	"-rw-r--r--   1 root     root           57 Jan  1  1970 kdev.conf\n"
	"drwx------   2 root     root            0 Jan  1  1970 etc\n"
	"drwxr-xr-x   2 root     root            0 Jan  1  1970 lib\n"
	"drwxr-xr-x   2 root     root            0 Jan  1  1970 lib/kdev\n"
	"-rw-r--r--   1 root     root        70001 Jan  1  1970 "
		"lib/kdev/virtio.ko\n"
	"-rw-------   1 root     root            1 Jan  1  1970 lib/kdev/a\n"
	"-rw-------   1 root     root            2 Jan  1  1970 lib/kdev/ab\n"
	"-rw-------   1 root     root            3 Jan  1  1970 "
		"lib/kdev/abc\n"
	"-rw-------   1 root     root            0 Jan  1  1970 "
		"lib/kdev/abcd\n"
	"drwxr-xr-x   2 root     root            0 Jan  1  1970 bin\n"
	"lrwxrwxrwx   1 root     root            5 Jan  1  1970 "
		"bin/sh -> /init\n"
	"drwxr-xr-x   2 root     root            0 Jan  1  1970 dev\n"
	"-rwsr-xr-x   1 root     root            1 Jan  1  1970 etc/suid\n";

static void test_cpio_format(void **state UNUSED)
{
	struct strbuf a = STRBUF_INIT;
	struct cpio_entry e[32];
	size_t n, i, j;

	build_sample(&a);
	n = parse_newc(&a, e, ARRAY_SIZE(e));
	assert_int_equal(n, 14);
	assert_int_equal(a.len % 512, 0);
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(e[i].name, '/');

		assert_true(e[i].name[0] != '/');
		assert_true(e[i].ino != 0);
		for (j = 0; j < i; j++)
			assert_true(e[j].ino != e[i].ino);
		if (S_ISDIR(e[i].mode))
			assert_int_equal(e[i].nlink, 2);
		else
			assert_int_equal(e[i].nlink, 1);
		/* the parent directory came before */
		if (slash) {
			size_t plen = (size_t)(slash - e[i].name);

			for (j = 0; j < i; j++)
				if (strlen(e[j].name) == plen &&
				    !memcmp(e[j].name, e[i].name, plen) &&
				    S_ISDIR(e[j].mode))
					break;
			assert_true(j < i);
		}
	}
	assert_string_equal(e[0].name, "init");
	assert_int_equal(e[0].mode, S_IFREG | 0755);
	assert_string_equal(e[2].name, "etc");
	assert_int_equal(e[2].mode, S_IFDIR | 0700);
	assert_string_equal(e[5].name, "lib/kdev/virtio.ko");
	assert_int_equal(e[5].size, sizeof(bin));
	assert_memory_equal(e[5].data, bin, sizeof(bin));
	assert_string_equal(e[11].name, "bin/sh");
	assert_int_equal(e[11].mode, S_IFLNK | 0777);
	assert_int_equal(e[11].size, 5);
	assert_memory_equal(e[11].data, "/init", 5);
	assert_int_equal(e[13].mode, S_IFREG | 04755);
	strbuf_release(&a);
}

static void test_cpio_listing(void **state)
{
	const char *dir = *state;
	char *path = xasprintf("%s/initramfs.cpio", dir);
	struct strbuf a = STRBUF_INIT, out = STRBUF_INIT;

	build_sample(&a);
	write_buf(path, a.buf, a.len);
	/* the listing's date and names must not depend on the locale */
	setenv("LC_ALL", "C", 1);
	setenv("TZ", "UTC", 1);

	assert_int_equal(run_io(path, NULL, NULL, &out, "cpio", "-t",
				"--quiet", NULL), 0);
	assert_string_equal(out.buf, sample_names);
	strbuf_reset(&out);
	assert_int_equal(run_io(path, NULL, NULL, &out, "cpio", "-itv",
				"--quiet", NULL), 0);
	assert_string_equal(out.buf, sample_listing);

	strbuf_release(&out);
	strbuf_release(&a);
	free(path);
}

static void assert_file(const char *dir, const char *name, unsigned mode,
			const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | mode);
	assert_int_equal(st.st_mtime, 0);
	assert_int_equal(read_file(path, &sb), 0);
	assert_int_equal(sb.len, len);
	assert_memory_equal(sb.buf, data, len);
	strbuf_release(&sb);
	free(path);
}

static void test_cpio_extract(void **state)
{
	const char *dir = *state;
	char *path = xasprintf("%s/initramfs.cpio", dir);
	char *root = xasprintf("%s/root", dir);
	char *p, link[64];
	struct strbuf a = STRBUF_INIT;
	struct stat st;
	ssize_t n;
	mode_t mask;

	build_sample(&a);
	write_buf(path, a.buf, a.len);
	assert_int_equal(mkdir(root, 0755), 0);
	mask = umask(0);
	assert_int_equal(run_io(path, NULL, root, NULL, "cpio", "-idm",
				"--quiet", "--no-absolute-filenames", NULL),
			 0);
	umask(mask);

	assert_file(root, "init", 0755, "#!/bin/sh\n", 10);
	assert_file(root, "kdev.conf", 0644, conf, sizeof(conf) - 1);
	assert_file(root, "lib/kdev/virtio.ko", 0644, bin, sizeof(bin));
	assert_file(root, "lib/kdev/a", 0600, "x", 1);
	assert_file(root, "lib/kdev/ab", 0600, "xy", 2);
	assert_file(root, "lib/kdev/abc", 0600, "xyz", 3);
	assert_file(root, "lib/kdev/abcd", 0600, "", 0);
	assert_file(root, "etc/suid", 04755, "s", 1);

	p = xasprintf("%s/etc", root);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0700);
	free(p);
	p = xasprintf("%s/lib/kdev", root);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0755);
	free(p);
	p = xasprintf("%s/bin/sh", root);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	n = readlink(p, link, sizeof(link));
	assert_int_equal(n, 5);
	assert_memory_equal(link, "/init", 5);
	free(p);

	strbuf_release(&a);
	free(root);
	free(path);
}

static void test_cpio_empty(void **state)
{
	const char *dir = *state;
	char *path = xasprintf("%s/empty.cpio", dir);
	struct strbuf a = STRBUF_INIT, out = STRBUF_INIT;
	struct cpio_entry e[1];
	struct cpio c;

	cpio_init(&c, &a);
	cpio_finish(&c);
	assert_int_equal(a.len, 512);
	assert_int_equal(parse_newc(&a, e, 0), 0);
	assert_memory_equal(a.buf + CPIO_NEWC_HDR_LEN, CPIO_TRAILER,
			    sizeof(CPIO_TRAILER));
	write_buf(path, a.buf, a.len);
	assert_int_equal(run_io(path, NULL, NULL, &out, "cpio", "-t",
				"--quiet", NULL), 0);
	assert_string_equal(out.buf, "");

	/* appended after other bytes: aligned to the start of the buffer */
	strbuf_reset(&a);
	strbuf_addchars(&a, 0, 512);
	cpio_init(&c, &a);
	assert_int_equal(cpio_add_file(&c, "x", 0644, "abc", 3), 0);
	cpio_finish(&c);
	assert_int_equal(a.len, 1024);
	assert_memory_equal(a.buf + 512, CPIO_NEWC_MAGIC, 6);

	strbuf_release(&out);
	strbuf_release(&a);
	free(path);
}

/* The size is a multiple of 512 whatever the content. */
static void test_cpio_sizes(void **state UNUSED)
{
	struct strbuf a = STRBUF_INIT;
	struct cpio_entry e[2];
	size_t len;

	fill_bin();
	for (len = 0; len < 1100; len += 7) {
		struct cpio c;

		strbuf_reset(&a);
		cpio_init(&c, &a);
		assert_int_equal(cpio_add_file(&c, "f", 0644, bin, len), 0);
		cpio_finish(&c);
		assert_int_equal(a.len % 512, 0);
		assert_int_equal(parse_newc(&a, e, 1), 1);
		assert_int_equal(e[0].size, len);
		assert_memory_equal(e[0].data, bin, len);
	}
	strbuf_release(&a);
}

/* Module names and the pure parsers */

static void test_module_name(void **state UNUSED)
{
	static const struct {
		const char *in, *out;
		int comp;
	} cases[] = {
		{ "virtio_pci.ko", "virtio_pci", MODULE_PLAIN },
		{ "kernel/arch/x86/events/amd/amd-uncore.ko", "amd_uncore",
		  MODULE_PLAIN },
		{ "/lib/modules/x/a-b_c.ko.xz", "a_b_c", MODULE_XZ },
		{ "d/e.ko.zst", "e", MODULE_ZSTD },
		{ "d/e.ko.gz", "e", MODULE_GZIP },
		{ "d/.ko", NULL, MODULE_PLAIN },
		{ "d/e.ko.bz2", NULL, MODULE_NOT },
		{ "d/e.ko/", NULL, MODULE_NOT },
		{ "e.o", NULL, MODULE_NOT },
		{ "", NULL, MODULE_NOT },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *n = module_name(cases[i].in);

		if (cases[i].out)
			assert_string_equal(n, cases[i].out);
		else
			assert_null(n);
		assert_int_equal(module_compression(cases[i].in),
				 cases[i].comp);
		free(n);
	}
}

static const char moddep_text[] =
	"# a comment\n"
	"kernel/drivers/virtio/virtio_pci.ko.xz: "
	"kernel/drivers/virtio/virtio_pci_modern_dev.ko.zst "
	"kernel/drivers/virtio/virtio_pci_legacy_dev.ko "
	"kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko\n"
	"\n"
	"kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko"
	"\r\n"
	"kernel/drivers/virtio/virtio_ring.ko:\n"
	"kernel/drivers/virtio/virtio_pci_modern_dev.ko.zst:\n"
	"  kernel/fs/a-b.ko.gz  :  kernel/fs/c.ko \t kernel/fs/notamodule.o\n"
	"kernel/fs/c.ko: kernel/fs/a-b.ko.gz\n"	/* a cycle */
	"no colon here\n"
	"kernel/fs/bad.txt: kernel/fs/c.ko\n"
	"/abs/path/d.ko: kernel/fs/e.ko";	/* no newline at the end */

static void test_moddep_parse(void **state UNUSED)
{
	struct modindex idx = MODINDEX_INIT;
	struct modindex_entry *e;
	char *names;
	size_t i;

	assert_int_equal(moddep_parse(moddep_text, sizeof(moddep_text) - 1,
				      &idx), 2);
	assert_true(idx.sorted);
	/* sorted, each once; legacy_dev and e only as dependencies */
	{
		struct strvec sv = STRVEC_INIT;

		for (i = 0; i < idx.nr; i++)
			strvec_push(&sv, idx.v[i].name);
		names = join_sv((const char *const *)sv.v, sv.nr);
		strvec_clear(&sv);
	}
	assert_string_equal(names, "a_b c d e virtio virtio_pci "
			    "virtio_pci_legacy_dev virtio_pci_modern_dev "
			    "virtio_ring");
	free(names);

	e = modindex_find(&idx, "virtio-pci");
	assert_non_null(e);
	assert_string_equal(e->path, "kernel/drivers/virtio/virtio_pci.ko.xz");
	assert_true(e->have_deps);
	assert_names(join_sv((const char *const *)e->deps.v, e->deps.nr),
		     "virtio_pci_modern_dev virtio_pci_legacy_dev virtio "
		     "virtio_ring");
	e = modindex_find(&idx, "virtio_pci_legacy_dev");
	assert_non_null(e);
	assert_string_equal(e->path,
			    "kernel/drivers/virtio/virtio_pci_legacy_dev.ko");
	assert_true(e->have_deps);
	assert_int_equal(e->deps.nr, 0);
	e = modindex_find(&idx, "virtio");
	assert_names(join_sv((const char *const *)e->deps.v, e->deps.nr),
		     "virtio_ring");
	e = modindex_find(&idx, "a_b");
	assert_string_equal(e->path, "kernel/fs/a-b.ko.gz");
	assert_names(join_sv((const char *const *)e->deps.v, e->deps.nr), "c");
	e = modindex_find(&idx, "d");
	assert_string_equal(e->path, "/abs/path/d.ko");
	assert_null(modindex_find(&idx, "bad"));
	assert_null(modindex_find(&idx, "notamodule"));
	modindex_release(&idx);

	/* nothing at all */
	assert_int_equal(moddep_parse("", 0, &idx), 0);
	assert_int_equal(idx.nr, 0);
	assert_null(modindex_find(&idx, "x"));
	modindex_release(&idx);
}

static void test_modbuiltin_parse(void **state UNUSED)
{
	static const char text[] = "kernel/fs/ext4/ext4.ko\n"
				   "kernel/arch/x86/events/amd/amd-uncore.ko\n"
				   "\n  kernel/fs/binfmt_script.ko  \r\n"
				   "garbage\n"
				   "kernel/x/last.ko";
	struct strvec sv = STRVEC_INIT;

	modbuiltin_parse(text, sizeof(text) - 1, &sv);
	assert_names(join_sv((const char *const *)sv.v, sv.nr),
		     "ext4 amd_uncore binfmt_script last");
	strvec_clear(&sv);
	modbuiltin_parse("", 0, &sv);
	assert_int_equal(sv.nr, 0);
}

static void test_depends_parse(void **state UNUSED)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "virtio_ring,virtio_pci_modern_dev,virtio",
		  "virtio_ring virtio_pci_modern_dev virtio" },
		{ "", "" },
		{ ",", "" },
		{ "a,b-c,,d,", "a b_c d" },
		{ " x , y", "x y" },
	};
	struct strvec sv = STRVEC_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		modinfo_depends_parse(cases[i].in, strlen(cases[i].in), &sv);
		assert_names(join_sv((const char *const *)sv.v, sv.nr),
			     cases[i].out);
		strvec_clear(&sv);
	}
	/* length-delimited: stops at @len */
	modinfo_depends_parse("a,b,c", 3, &sv);
	assert_names(join_sv((const char *const *)sv.v, sv.nr), "a b");
	strvec_clear(&sv);
}

/* A minimal relocatable ELF object with a .modinfo section. */

static void put(struct strbuf *sb, size_t off, uint64_t v, int size, int be)
{
	int i;

	for (i = 0; i < size; i++) {
		int shift = 8 * (be ? size - 1 - i : i);

		sb->buf[off + (size_t)i] = (char)(v >> shift);
	}
}

static void fake_module(struct strbuf *sb, int is64, int be,
			const char *modinfo, size_t mlen)
{
	static const char shstr[] = "\0.text\0.modinfo\0.shstrtab";
	size_t eh = is64 ? 64 : 52, shs = is64 ? 64 : 40;
	size_t minfo = eh, str = minfo + mlen, sh, i;
	/* name, type, offset, size of sections 1..3 */
	const uint64_t secs[3][4] = {
		{ 1, SHT_PROGBITS, eh, 0 },
		{ 7, SHT_PROGBITS, minfo, mlen },
		{ 16, SHT_STRTAB, str, sizeof(shstr) },
	};

	sh = (str + sizeof(shstr) + 7) & ~(size_t)7;
	strbuf_reset(sb);
	strbuf_addchars(sb, 0, sh + 4 * shs);
	memcpy(sb->buf, ELFMAG, SELFMAG);
	sb->buf[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
	sb->buf[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
	sb->buf[EI_VERSION] = EV_CURRENT;
	put(sb, 0x10, ET_REL, 2, be);
	put(sb, 0x12, is64 ? EM_X86_64 : EM_ARM, 2, be);
	put(sb, 0x14, EV_CURRENT, 4, be);
	if (is64) {
		put(sb, 0x28, sh, 8, be);
		put(sb, 0x34, eh, 2, be);
		put(sb, 0x3a, shs, 2, be);
		put(sb, 0x3c, 4, 2, be);
		put(sb, 0x3e, 3, 2, be);
	} else {
		put(sb, 0x20, sh, 4, be);
		put(sb, 0x28, eh, 2, be);
		put(sb, 0x2e, shs, 2, be);
		put(sb, 0x30, 4, 2, be);
		put(sb, 0x32, 3, 2, be);
	}
	memcpy(sb->buf + minfo, modinfo, mlen);
	memcpy(sb->buf + str, shstr, sizeof(shstr));
	for (i = 0; i < 3; i++) {
		size_t o = sh + (i + 1) * shs;

		put(sb, o, secs[i][0], 4, be);
		put(sb, o + 4, secs[i][1], 4, be);
		put(sb, o + (is64 ? 0x18 : 0x10), secs[i][2], is64 ? 8 : 4,
		    be);
		put(sb, o + (is64 ? 0x20 : 0x14), secs[i][3], is64 ? 8 : 4,
		    be);
	}
}

/* Write a fake module whose depends= is @deps (NULL: no such key). */
static void write_fake_module(const char *path, const char *deps)
{
	struct strbuf info = STRBUF_INIT, elf = STRBUF_INIT;

	strbuf_add(&info, "license=GPL", 12);
	if (deps)
		strbuf_addf(&info, "depends=%s", deps);
	strbuf_addch(&info, '\0');
	strbuf_add(&info, "\0\0vermagic=6.1.0 SMP mod_unload", 32);
	fake_module(&elf, 1, 0, info.buf, info.len);
	write_buf(path, elf.buf, elf.len);
	strbuf_release(&info);
	strbuf_release(&elf);
}

/* modinfo_get() on an exactly sized heap copy: ASan sees overreads. */
static int modinfo_get_copy(const char *data, size_t len, const char *key,
			    struct strbuf *val)
{
	char *copy = xmalloc(len ? len : 1);
	int r;

	memcpy(copy, data, len);
	r = modinfo_get(copy, len, key, val);
	free(copy);
	return r;
}

static void test_modinfo_get(void **state UNUSED)
{
	static const char info[] = "license=GPL\0depends=virtio,virtio_ring"
				   "\0\0\0name=virtio_pci\0depends2=x\0"
				   "empty=\0vermagic=6.1.0 SMP";
	struct strbuf elf = STRBUF_INIT, val = STRBUF_INIT;
	int is64, be;
	size_t len;

	for (is64 = 0; is64 < 2; is64++)
		for (be = 0; be < 2; be++) {
			fake_module(&elf, is64, be, info, sizeof(info) - 1);
			assert_int_equal(modinfo_get_copy(elf.buf, elf.len,
							  "depends", &val), 1);
			assert_string_equal(val.buf, "virtio,virtio_ring");
			assert_int_equal(modinfo_get_copy(elf.buf, elf.len,
							  "name", &val), 1);
			assert_string_equal(val.buf, "virtio_pci");
			assert_int_equal(modinfo_get_copy(elf.buf, elf.len,
							  "empty", &val), 1);
			assert_string_equal(val.buf, "");
			/* the last string has no NUL: the section ends it */
			assert_int_equal(modinfo_get_copy(elf.buf, elf.len,
							  "vermagic", &val), 1);
			assert_string_equal(val.buf, "6.1.0 SMP");
			assert_int_equal(modinfo_get_copy(elf.buf, elf.len,
							  "depend", &val), 0);
			assert_int_equal(modinfo_get_copy(elf.buf, elf.len,
							  "license=GPL", &val),
					 0);
		}

	/* every truncation is rejected, cleanly */
	fake_module(&elf, 1, 0, info, sizeof(info) - 1);
	for (len = 0; len < elf.len; len++)
		assert_int_equal(modinfo_get_copy(elf.buf, len, "depends",
						  &val), -1);
	/* garbage */
	assert_int_equal(modinfo_get_copy("\177ELF", 4, "depends", &val), -1);
	assert_int_equal(modinfo_get_copy("hello world, not an ELF file",
					  28, "depends", &val), -1);
	/* a bad class, a bad byte order */
	elf.buf[EI_CLASS] = 3;
	assert_int_equal(modinfo_get_copy(elf.buf, elf.len, "depends", &val),
			 -1);
	elf.buf[EI_CLASS] = ELFCLASS64;
	elf.buf[EI_DATA] = 0;
	assert_int_equal(modinfo_get_copy(elf.buf, elf.len, "depends", &val),
			 -1);
	elf.buf[EI_DATA] = ELFDATA2LSB;
	/* section headers pointing past the end */
	put(&elf, 0x28, 0xfffffffffffffff0ull, 8, 0);
	assert_int_equal(modinfo_get_copy(elf.buf, elf.len, "depends", &val),
			 -1);
	/* a huge section count */
	fake_module(&elf, 1, 0, info, sizeof(info) - 1);
	put(&elf, 0x3c, 0xfff0, 2, 0);
	assert_int_equal(modinfo_get_copy(elf.buf, elf.len, "depends", &val),
			 -1);
	/* .modinfo's size past the end */
	fake_module(&elf, 1, 0, info, sizeof(info) - 1);
	put(&elf, elf.len - 2 * 64 + 0x20, 0x7fffffffffffffffull, 8, 0);
	assert_int_equal(modinfo_get_copy(elf.buf, elf.len, "depends", &val),
			 -1);
	/* no .modinfo: an ELF file, not a module */
	fake_module(&elf, 1, 0, info, sizeof(info) - 1);
	memcpy(elf.buf + 64 + sizeof(info) - 1 + 7, ".modinfX", 8);
	assert_int_equal(modinfo_get_copy(elf.buf, elf.len, "depends", &val),
			 -1);

	strbuf_release(&elf);
	strbuf_release(&val);
}

/* Resolution over a parsed modules.dep, no files */

static void test_resolve_pure(void **state UNUSED)
{
	static const char *const wanted[] = {
		"virtio-pci", "ext4", "virtio_ring", "nowhere", "a-b",
		"virtio_pci", "last",
	};
	struct modindex idx = MODINDEX_INIT;
	struct strvec builtin = STRVEC_INIT;
	struct module_set set = MODULE_SET_INIT;

	moddep_parse(moddep_text, sizeof(moddep_text) - 1, &idx);
	strvec_pushl(&builtin, "ext4", "last", NULL);
	assert_int_equal(modindex_resolve(&idx, &builtin, wanted,
					  ARRAY_SIZE(wanted), NULL, NULL,
					  &set), 0);
	/* depth first, as listed; the a_b <-> c cycle cut */
	assert_names(set_names(&set),
		     "virtio_pci_modern_dev virtio_pci_legacy_dev virtio_ring "
		     "virtio virtio_pci c a_b");
	assert_string_equal(set.v[4].path,
			    "kernel/drivers/virtio/virtio_pci.ko.xz");
	/* each one's own dependencies in the set, for parallel loading */
	assert_int_equal(set.v[0].deps.nr, 0);
	assert_names(join_sv((const char *const *)set.v[3].deps.v,
			     set.v[3].deps.nr), "virtio_ring");
	assert_names(join_sv((const char *const *)set.v[4].deps.v,
			     set.v[4].deps.nr),
		     "virtio_pci_modern_dev virtio_pci_legacy_dev virtio "
		     "virtio_ring");
	/* the cycle: c came first, so it cannot wait for a_b */
	assert_int_equal(set.v[5].deps.nr, 0);
	assert_names(join_sv((const char *const *)set.v[6].deps.v,
			     set.v[6].deps.nr), "c");
	assert_names(join_sv((const char *const *)set.builtin.v,
			     set.builtin.nr), "ext4 last");
	assert_names(join_sv((const char *const *)set.missing.v,
			     set.missing.nr), "nowhere");

	/* a second call adds to the set, each module still once */
	{
		static const char *const more[] = { "d", "virtio", "ext4" };

		assert_int_equal(modindex_resolve(&idx, &builtin, more,
						  ARRAY_SIZE(more), NULL,
						  NULL, &set), 0);
		assert_names(set_names(&set),
			     "virtio_pci_modern_dev virtio_pci_legacy_dev "
			     "virtio_ring virtio virtio_pci c a_b e d");
		assert_int_equal(set.builtin.nr, 2);
	}
	module_set_release(&set);
	assert_int_equal(set.nr, 0);

	/* built in wins over a module file of the same name */
	strvec_push(&builtin, "virtio");
	{
		static const char *const w[] = { "virtio_pci" };

		assert_int_equal(modindex_resolve(&idx, &builtin, w, 1, NULL,
						  NULL, &set), 0);
		assert_names(set_names(&set),
			     "virtio_pci_modern_dev virtio_pci_legacy_dev "
			     "virtio_ring virtio_pci");
		assert_names(join_sv((const char *const *)set.builtin.v,
				     set.builtin.nr), "virtio");
		/* nothing waits for a built-in module */
		assert_names(join_sv((const char *const *)set.v[3].deps.v,
				     set.v[3].deps.nr),
			     "virtio_pci_modern_dev virtio_pci_legacy_dev "
			     "virtio_ring");
	}
	module_set_release(&set);
	strvec_clear(&builtin);
	modindex_release(&idx);
}

static void test_resolve_deep(void **state UNUSED)
{
	struct modindex idx = MODINDEX_INIT;
	struct module_set set = MODULE_SET_INIT;
	struct strbuf sb = STRBUF_INIT;
	static const char *const w[] = { "m0" };
	struct stderr_capture c;
	char *msg;
	int i;

	/* m0 -> m1 -> ... -> m299: too deep */
	for (i = 0; i < 300; i++)
		strbuf_addf(&sb, "m%d.ko: m%d.ko\n", i, i + 1);
	moddep_parse(sb.buf, sb.len, &idx);
	stderr_capture_begin(&c);
	assert_int_equal(modindex_resolve(&idx, NULL, w, 1, NULL, NULL, &set),
			 -1);
	msg = stderr_capture_end(&c);
	assert_string_equal(msg, "error: module dependencies deeper than 256 "
			    "at 'm257'\n");
	free(msg);
	module_set_release(&set);
	modindex_release(&idx);

	/* 200 deep is fine */
	strbuf_reset(&sb);
	for (i = 0; i < 200; i++)
		strbuf_addf(&sb, "m%d.ko: m%d.ko\n", i, i + 1);
	moddep_parse(sb.buf, sb.len, &idx);
	assert_int_equal(modindex_resolve(&idx, NULL, w, 1, NULL, NULL, &set),
			 0);
	assert_int_equal(set.nr, 201);
	assert_string_equal(set.v[0].name, "m200");
	assert_string_equal(set.v[200].name, "m0");
	module_set_release(&set);
	modindex_release(&idx);
	strbuf_release(&sb);
}

/* Files: compression */

static int have_compressors(void)
{
	return have_program("xz") && have_program("zstd") &&
	       have_program("gzip");
}

/* Compress @src into @dst with "@prog -c". */
static void compress_file(const char *prog, const char *src, const char *dst)
{
	assert_int_equal(run_io(src, dst, NULL, NULL, prog, "-c", NULL), 0);
}

static void assert_same_bytes(const char *module, const char *orig)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	assert_int_equal(module_read(module, &a), 0);
	assert_int_equal(read_file(orig, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_module_read(void **state)
{
	const char *dir = *state;
	char *plain = xasprintf("%s/m.ko", dir);
	char *xz = xasprintf("%s/m.ko.xz", dir);
	char *zst = xasprintf("%s/m.ko.zst", dir);
	char *gz = xasprintf("%s/m.ko.gz", dir);
	char *bad = xasprintf("%s/bad.ko.xz", dir);
	char *missing = xasprintf("%s/missing.ko.zst", dir);
	struct strbuf sb = STRBUF_INIT;
	struct stderr_capture c;
	char *msg, *expect;

	if (!have_compressors()) {
		print_message("# skipped: xz, zstd or gzip not installed\n");
		skip();
	}
	write_fake_module(plain, "a,b");
	compress_file("xz", plain, xz);
	compress_file("zstd", plain, zst);
	compress_file("gzip", plain, gz);
	assert_same_bytes(plain, plain);
	assert_same_bytes(xz, plain);
	assert_same_bytes(zst, plain);
	assert_same_bytes(gz, plain);

	/* it appends */
	strbuf_addstr(&sb, "pre");
	assert_int_equal(module_read(xz, &sb), 0);
	assert_memory_equal(sb.buf, "pre\177ELF", 7);

	/* garbage and missing files: -1, @out as it was */
	write_str(bad, "not xz at all");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "keep");
	stderr_capture_begin(&c);
	assert_int_equal(module_read(bad, &sb), -1);
	assert_int_equal(module_read(missing, &sb), -1);
	msg = stderr_capture_end(&c);
	assert_string_equal(sb.buf, "keep");
	expect = xasprintf("error: cannot decompress '%s': xz: (stdin): "
			   "File format not recognized\n"
			   "error: cannot read '%s': No such file or "
			   "directory\n", bad, missing);
	assert_string_equal(msg, expect);
	free(expect);
	free(msg);

	strbuf_release(&sb);
	free(plain);
	free(xz);
	free(zst);
	free(gz);
	free(bad);
	free(missing);
}

/*
 * A module tree without modules.dep at DIR/mods: fake modules,
 * compressed or not, a stale one that modules.builtin overrides, a
 * symbolic link "build" to a directory outside that must not be
 * followed (as /lib/modules/RELEASE/build is).
 */
static void make_fake_tree(const char *dir)
{
	static const struct {
		const char *path, *deps, *compress;
	} mods[] = {
		{ "mods/kernel/top.ko", "mid-a,mid_b,gone", NULL },
		{ "mods/kernel/sub/mid_a.ko.xz", "leaf", "xz" },
		{ "mods/kernel/sub/mid-b.ko.zst", "leaf,stale", "zstd" },
		{ "mods/kernel/sub/deeper/leaf.ko.gz", "", "gzip" },
		{ "mods/kernel/stale.ko", "", NULL },
		{ "mods/extra/lonely.ko", NULL, NULL },	/* no depends= */
		{ "outside/hidden.ko", "", NULL },
	};
	char *p, *q;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		char *slash;

		p = xasprintf("%s/%s", dir, mods[i].path);
		slash = strrchr(p, '/');
		*slash = '\0';
		make_dirs(dir, p + strlen(dir) + 1);
		*slash = '/';
		if (mods[i].compress) {
			q = xasprintf("%s.tmp", p);
			write_fake_module(q, mods[i].deps);
			compress_file(mods[i].compress, q, p);
			assert_int_equal(unlink(q), 0);
			free(q);
		} else {
			write_fake_module(p, mods[i].deps);
		}
		free(p);
	}
	/* not modules: ignored */
	p = xasprintf("%s/mods/kernel/README", dir);
	write_str(p, "hello");
	free(p);
	p = xasprintf("%s/mods/kernel/top.ko.sig", dir);
	write_str(p, "sig");
	free(p);
	p = xasprintf("%s/mods/modules.builtin", dir);
	write_str(p, "kernel/stale.ko\nkernel/fs/ext4/ext4.ko\n");
	free(p);
	p = xasprintf("%s/mods/build", dir);
	assert_int_equal(symlink("../outside", p), 0);
	free(p);
}

static void test_resolve_modinfo_dir(void **state)
{
	const char *dir = *state;
	static const char *const wanted[] = { "top", "ext4", "lonely",
					      "hidden", "leaf" };
	struct module_set set = MODULE_SET_INIT;
	char *expect, *mods, *with_slash;

	if (!have_compressors()) {
		print_message("# skipped: xz, zstd or gzip not installed\n");
		skip();
	}
	make_fake_tree(dir);
	mods = xasprintf("%s/mods", dir);

	assert_int_equal(modules_resolve(mods, wanted, ARRAY_SIZE(wanted),
					 &set), 0);
	assert_names(set_names(&set), "leaf mid_a mid_b top lonely");
	expect = xasprintf("%s/kernel/sub/mid-b.ko.zst", mods);
	assert_string_equal(set.v[2].path, expect);
	free(expect);
	assert_names(join_sv((const char *const *)set.builtin.v,
			     set.builtin.nr), "stale ext4");
	assert_names(join_sv((const char *const *)set.missing.v,
			     set.missing.nr), "gone hidden");
	module_set_release(&set);

	/* a trailing slash on the directory changes nothing */
	with_slash = xasprintf("%s//", mods);
	assert_int_equal(modules_resolve(with_slash, wanted, 1, &set), 0);
	expect = xasprintf("%s/kernel/sub/deeper/leaf.ko.gz", mods);
	assert_string_equal(set.v[0].path, expect);
	free(expect);
	module_set_release(&set);

	free(with_slash);
	free(mods);
}

static void test_resolve_errors(void **state)
{
	const char *dir = *state;
	static const char *const bad[] = { "bad" };
	static const char *const ok[] = { "ok" };
	struct module_set set = MODULE_SET_INIT;
	struct stderr_capture c;
	char *p, *msg, *expect;

	p = xasprintf("%s/bad.ko", dir);
	write_str(p, "this is not an ELF file");
	free(p);
	p = xasprintf("%s/ok.ko", dir);
	write_fake_module(p, "");
	free(p);

	/* a garbage module is an error once it is needed, not before */
	assert_int_equal(modules_resolve(dir, ok, 1, &set), 0);
	assert_names(set_names(&set), "ok");
	stderr_capture_begin(&c);
	assert_int_equal(modules_resolve(dir, bad, 1, &set), -1);
	msg = stderr_capture_end(&c);
	expect = xasprintf("error: '%s/bad.ko' is not a kernel module\n", dir);
	assert_string_equal(msg, expect);
	free(expect);
	free(msg);
	module_set_release(&set);

	/* no such directory; a file */
	p = xasprintf("%s/missing", dir);
	stderr_capture_begin(&c);
	assert_int_equal(modules_resolve(p, ok, 1, &set), -1);
	msg = stderr_capture_end(&c);
	expect = xasprintf("error: cannot read '%s': No such file or "
			   "directory\n", p);
	assert_string_equal(msg, expect);
	free(expect);
	free(msg);
	free(p);
	p = xasprintf("%s/ok.ko", dir);
	stderr_capture_begin(&c);
	assert_int_equal(modules_resolve(p, ok, 1, &set), -1);
	msg = stderr_capture_end(&c);
	expect = xasprintf("error: cannot read '%s': not a directory\n", p);
	assert_string_equal(msg, expect);
	free(expect);
	free(msg);
	free(p);
	module_set_release(&set);
}

/* modules.dep wins over depends= */
static void test_resolve_moddep_dir(void **state)
{
	const char *dir = *state;
	static const char *const wanted[] = { "a" };
	struct module_set set = MODULE_SET_INIT;
	char *p, *expect;

	make_dirs(dir, "kernel");
	p = xasprintf("%s/kernel/a.ko", dir);
	write_fake_module(p, "c");
	free(p);
	p = xasprintf("%s/kernel/b.ko", dir);
	write_fake_module(p, "");
	free(p);
	p = xasprintf("%s/kernel/c.ko", dir);
	write_fake_module(p, "");
	free(p);
	p = xasprintf("%s/modules.dep", dir);
	write_str(p, "kernel/a.ko: kernel/b.ko\nkernel/b.ko:\n"
		  "kernel/c.ko:\n");
	free(p);

	assert_int_equal(modules_resolve(dir, wanted, 1, &set), 0);
	assert_names(set_names(&set), "b a");
	expect = xasprintf("%s/kernel/b.ko", dir);
	assert_string_equal(set.v[0].path, expect);
	assert_int_equal(set.builtin.nr, 0);
	assert_int_equal(set.missing.nr, 0);
	module_set_release(&set);

	/* "DIR/": the same paths, no "//" */
	p = xasprintf("%s/", dir);
	assert_int_equal(modules_resolve(p, wanted, 1, &set), 0);
	assert_string_equal(set.v[0].path, expect);
	module_set_release(&set);
	free(p);
	free(expect);
}

/* bzImage */

static void fake_bzimage(struct strbuf *sb, size_t size, unsigned off,
			 const char *version)
{
	strbuf_reset(sb);
	strbuf_addchars(sb, 0, size);
	sb->buf[0x1fe] = 0x55;
	sb->buf[0x1ff] = (char)0xaa;
	memcpy(sb->buf + 0x202, "HdrS", 4);
	sb->buf[0x20e] = (char)(off & 0xff);
	sb->buf[0x20f] = (char)(off >> 8);
	if (version)
		memcpy(sb->buf + off + 0x200, version, strlen(version));
}

static void test_bzimage_synthetic(void **state)
{
	const char *dir = *state;
	static const char ver[] = "6.9.0-rc1+ (me@host) #3 SMP PREEMPT";
	char *path = xasprintf("%s/bzImage", dir), buf[64];
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	fake_bzimage(&sb, 0x4000, 0x3000, ver);
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf,
						 sizeof(buf)), 0);
	assert_string_equal(buf, "6.9.0-rc1+");
	write_buf(path, sb.buf, sb.len);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kernel_release_from_bzimage(path, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "6.9.0-rc1+");
	/* exactly fits, one byte short */
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf, 11), 0);
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf, 10), -1);
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf, 0), -1);

	/* the largest offset: the string past 64 KiB */
	fake_bzimage(&sb, 0x10200 + 64, 0xffff, "7.0 x");
	write_buf(path, sb.buf, sb.len);
	assert_int_equal(kernel_release_from_bzimage(path, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "7.0");

	/*
	 * Every truncation of a good one, on an exactly sized copy: -1
	 * until the word's end is in, never a crash.
	 */
	fake_bzimage(&sb, 0x3000 + 0x200 + sizeof(ver) - 1, 0x3000, ver);
	for (len = 0; len <= sb.len; len++) {
		char *copy = xmalloc(len + 1);
		int expect = len > 0x3200 + strlen("6.9.0-rc1+") ? 0 : -1;

		memcpy(copy, sb.buf, len);
		assert_int_equal(kernel_release_from_buf(copy, len, buf,
							 sizeof(buf)), expect);
		free(copy);
	}

	/* no magic; a zero offset; an empty or unprintable version */
	fake_bzimage(&sb, 0x4000, 0x3000, ver);
	sb.buf[0x202] = 'X';
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf,
						 sizeof(buf)), -1);
	fake_bzimage(&sb, 0x4000, 0, NULL);
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf,
						 sizeof(buf)), -1);
	fake_bzimage(&sb, 0x4000, 0x3000, " 6.1");
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf,
						 sizeof(buf)), -1);
	fake_bzimage(&sb, 0x4000, 0x3000, "6.1\001 x");
	assert_int_equal(kernel_release_from_buf(sb.buf, sb.len, buf,
						 sizeof(buf)), -1);

	/* files: short, garbage, missing, a directory */
	write_str(path, "short");
	assert_int_equal(kernel_release_from_bzimage(path, buf, sizeof(buf)),
			 -1);
	strbuf_reset(&sb);
	for (len = 0; len < 100000; len++)
		strbuf_addch(&sb, (int)(len * 31 % 251));
	write_buf(path, sb.buf, sb.len);
	assert_int_equal(kernel_release_from_bzimage(path, buf, sizeof(buf)),
			 -1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(kernel_release_from_bzimage(path, buf, sizeof(buf)),
			 -1);
	assert_int_equal(kernel_release_from_bzimage(dir, buf, sizeof(buf)),
			 -1);

	strbuf_release(&sb);
	free(path);
}

/* Debian's cloud kernel, when extracted */

static void need_debian(void)
{
	if (!is_dir(DEBIAN_MODULES)) {
		print_message("# skipped: no Debian kernel modules at %s "
			      "(make demo extracts them)\n", DEBIAN_MODULES);
		skip();
	}
}

static void test_debian_bzimage(void **state UNUSED)
{
	char buf[65];

	if (!is_file(DEBIAN_VMLINUZ)) {
		print_message("# skipped: no %s\n", DEBIAN_VMLINUZ);
		skip();
	}
	assert_int_equal(kernel_release_from_bzimage(DEBIAN_VMLINUZ, buf,
						     sizeof(buf)), 0);
	assert_string_equal(buf, DEBIAN_RELEASE);
	assert_int_equal(kernel_release_from_bzimage(DEBIAN_VMLINUZ, buf,
						     strlen(DEBIAN_RELEASE)),
			 -1);
}

/*
 * Check @set against "modinfo -F depends" (kmod): every dependency of
 * every module comes earlier in the order.
 */
static void check_with_modinfo(const struct module_set *set,
			       const char *tmp)
{
	char *plain = tmp ? xasprintf("%s/check.ko", tmp) : NULL;
	size_t i, j, k;

	if (!have_program("modinfo")) {
		print_message("# modinfo not installed: not compared\n");
		free(plain);
		return;
	}
	for (i = 0; i < set->nr; i++) {
		struct strbuf out = STRBUF_INIT;
		struct strvec deps = STRVEC_INIT;
		const char *path = set->v[i].path;

		/* Debian's kmod reads .ko.xz and .ko.zst, not .ko.gz */
		if (plain) {
			assert_int_equal(module_read(path, &out), 0);
			write_buf(plain, out.buf, out.len);
			strbuf_reset(&out);
			path = plain;
		}
		assert_int_equal(run_io(NULL, NULL, NULL, &out, "modinfo",
					"-F", "depends", path, NULL), 0);
		strbuf_rtrim(&out);
		modinfo_depends_parse(out.buf, out.len, &deps);
		for (j = 0; j < deps.nr; j++) {
			for (k = 0; k < i; k++)
				if (!strcmp(set->v[k].name, deps.v[j]))
					break;
			if (k == i)
				fail_msg("%s needs %s, which does not come "
					 "before it", set->v[i].name,
					 deps.v[j]);
		}
		strvec_clear(&deps);
		strbuf_release(&out);
	}
	free(plain);
}

static void test_debian_modinfo(void **state UNUSED)
{
	static const char *const guest[] = { KDEV_GUEST_MODULES };
	static const char *const net[] = { "virtio_net" };
	struct module_set set = MODULE_SET_INIT;

	need_debian();
	assert_int_equal(modules_resolve(DEBIAN_MODULES, guest,
					 ARRAY_SIZE(guest), &set), 0);
	assert_names(set_names(&set),
		     "virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev "
		     "virtio virtio_pci virtio_console fuse virtiofs overlay");
	assert_string_equal(set.v[4].path, DEBIAN_MODULES
			    "/kernel/drivers/virtio/virtio_pci.ko");
	assert_int_equal(set.builtin.nr, 0);
	assert_int_equal(set.missing.nr, 0);
	check_with_modinfo(&set, NULL);

	/* --net on top: only what is new */
	assert_int_equal(modules_resolve(DEBIAN_MODULES, net, 1, &set), 0);
	assert_names(set_names(&set),
		     "virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev "
		     "virtio virtio_pci virtio_console fuse virtiofs overlay "
		     "failover net_failover virtio_net");
	check_with_modinfo(&set, NULL);
	module_set_release(&set);

	/* alone */
	assert_int_equal(modules_resolve(DEBIAN_MODULES, net, 1, &set), 0);
	assert_names(set_names(&set),
		     "virtio_ring virtio failover net_failover virtio_net");
	check_with_modinfo(&set, NULL);
	module_set_release(&set);

	/* built in per modules.builtin; and not there at all */
	{
		static const char *const w[] = { "binfmt-script", "ext4",
						 "no_such_module" };

		assert_int_equal(modules_resolve(DEBIAN_MODULES, w,
						 ARRAY_SIZE(w), &set), 0);
		assert_int_equal(set.nr, 0);
		assert_names(join_sv((const char *const *)set.builtin.v,
				     set.builtin.nr), "binfmt_script ext4");
		assert_names(join_sv((const char *const *)set.missing.v,
				     set.missing.nr), "no_such_module");
		module_set_release(&set);
	}
}

/* A copy of some of them, compressed, with a hand-written modules.dep. */
static void test_debian_moddep_compressed(void **state)
{
	const char *dir = *state;
	static const struct {
		const char *rel, *compress;
	} mods[] = {
		{ "kernel/drivers/virtio/virtio_pci.ko", "xz" },
		{ "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "zstd" },
		{ "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "gzip" },
		{ "kernel/drivers/virtio/virtio.ko", "zstd" },
		{ "kernel/drivers/virtio/virtio_ring.ko", NULL },
	};
	static const char *const wanted[] = { "virtio_pci", "ext4",
					      "virtio-console" };
	struct module_set set = MODULE_SET_INIT;
	struct strbuf sb = STRBUF_INIT;
	char *p, *orig, *copy;
	size_t i;

	need_debian();
	if (!have_compressors()) {
		print_message("# skipped: xz, zstd or gzip not installed\n");
		skip();
	}
	make_dirs(dir, "kernel/drivers/virtio");
	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		orig = xasprintf("%s/%s", DEBIAN_MODULES, mods[i].rel);
		if (mods[i].compress) {
			const char *ext = mods[i].compress;

			if (!strcmp(ext, "zstd"))
				ext = "zst";
			else if (!strcmp(ext, "gzip"))
				ext = "gz";
			copy = xasprintf("%s/%s.%s", dir, mods[i].rel, ext);
			compress_file(mods[i].compress, orig, copy);
		} else {
			copy = xasprintf("%s/%s", dir, mods[i].rel);
			strbuf_reset(&sb);
			assert_int_equal(read_file(orig, &sb), 0);
			write_buf(copy, sb.buf, sb.len);
		}
		free(copy);
		free(orig);
	}
	p = xasprintf("%s/modules.dep", dir);
	write_str(p,
		  "kernel/drivers/virtio/virtio_pci.ko.xz: "
		  "kernel/drivers/virtio/virtio_pci_modern_dev.ko.zst "
		  "kernel/drivers/virtio/virtio_pci_legacy_dev.ko.gz "
		  "kernel/drivers/virtio/virtio.ko.zst "
		  "kernel/drivers/virtio/virtio_ring.ko\n"
		  "kernel/drivers/virtio/virtio_pci_modern_dev.ko.zst:\n"
		  "kernel/drivers/virtio/virtio_pci_legacy_dev.ko.gz:\n"
		  "kernel/drivers/virtio/virtio.ko.zst: "
		  "kernel/drivers/virtio/virtio_ring.ko\n"
		  "kernel/drivers/virtio/virtio_ring.ko:\n");
	free(p);
	p = xasprintf("%s/modules.builtin", dir);
	write_str(p, "kernel/fs/ext4/ext4.ko\nkernel/fs/binfmt_script.ko\n");
	free(p);

	assert_int_equal(modules_resolve(dir, wanted, ARRAY_SIZE(wanted),
					 &set), 0);
	assert_names(set_names(&set),
		     "virtio_pci_modern_dev virtio_pci_legacy_dev virtio_ring "
		     "virtio virtio_pci");
	assert_names(join_sv((const char *const *)set.builtin.v,
			     set.builtin.nr), "ext4");
	assert_names(join_sv((const char *const *)set.missing.v,
			     set.missing.nr), "virtio_console");
	check_with_modinfo(&set, dir);

	/* the uncompressed bytes are the original's: module_read, cmp */
	for (i = 0; i < set.nr; i++) {
		const char *base = strrchr(set.v[i].path, '/') + 1;
		char *out = xasprintf("%s/%s.out", dir, set.v[i].name);

		orig = xasprintf("%s/kernel/drivers/virtio/%.*s",
				 DEBIAN_MODULES,
				 (int)(strstr(base, ".ko") + 3 - base), base);
		assert_same_bytes(set.v[i].path, orig);
		strbuf_reset(&sb);
		assert_int_equal(module_read(set.v[i].path, &sb), 0);
		write_buf(out, sb.buf, sb.len);
		assert_int_equal(run_io(NULL, NULL, NULL, NULL, "cmp", orig,
					out, NULL), 0);
		free(out);
		free(orig);
	}
	module_set_release(&set);
	strbuf_release(&sb);
}

/* The whole host side: modules resolved, read, put in an initramfs. */
static void test_debian_initramfs(void **state)
{
	const char *dir = *state;
	static const char *const guest[] = { KDEV_GUEST_MODULES };
	struct module_set set = MODULE_SET_INIT;
	struct strbuf a = STRBUF_INIT, mod = STRBUF_INIT, out = STRBUF_INIT;
	struct strbuf expect = STRBUF_INIT;
	struct cpio c;
	char *path;
	size_t i;

	need_debian();
	path = xasprintf("%s/initramfs.cpio", dir);
	assert_int_equal(modules_resolve(DEBIAN_MODULES, guest,
					 ARRAY_SIZE(guest), &set), 0);
	cpio_init(&c, &a);
	assert_int_equal(cpio_add_file(&c, "/init", 0755, "x", 1), 0);
	strbuf_addstr(&expect, "init\nlib\nlib/kdev\n");
	for (i = 0; i < set.nr; i++) {
		char *name = xasprintf(KDEV_MODULE_DIR "/%s.ko",
				       set.v[i].name);

		strbuf_reset(&mod);
		assert_int_equal(module_read(set.v[i].path, &mod), 0);
		assert_int_equal(modinfo_get(mod.buf, mod.len, "depends",
					     &out), 1);
		assert_int_equal(cpio_add_file(&c, name, 0644, mod.buf,
					       mod.len), 0);
		strbuf_addf(&expect, "%s\n", name + 1);
		free(name);
	}
	cpio_finish(&c);
	write_buf(path, a.buf, a.len);
	strbuf_reset(&out);
	assert_int_equal(run_io(path, NULL, NULL, &out, "cpio", "-t",
				"--quiet", NULL), 0);
	assert_string_equal(out.buf, expect.buf);

	module_set_release(&set);
	strbuf_release(&a);
	strbuf_release(&mod);
	strbuf_release(&out);
	strbuf_release(&expect);
	free(path);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, tmpdir_setup, \
						    tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpio_format),
		TMP_TEST(test_cpio_listing),
		TMP_TEST(test_cpio_extract),
		TMP_TEST(test_cpio_empty),
		cmocka_unit_test(test_cpio_sizes),
		cmocka_unit_test(test_module_name),
		cmocka_unit_test(test_moddep_parse),
		cmocka_unit_test(test_modbuiltin_parse),
		cmocka_unit_test(test_depends_parse),
		cmocka_unit_test(test_modinfo_get),
		cmocka_unit_test(test_resolve_pure),
		cmocka_unit_test(test_resolve_deep),
		TMP_TEST(test_module_read),
		TMP_TEST(test_resolve_modinfo_dir),
		TMP_TEST(test_resolve_errors),
		TMP_TEST(test_resolve_moddep_dir),
		TMP_TEST(test_bzimage_synthetic),
		cmocka_unit_test(test_debian_bzimage),
		cmocka_unit_test(test_debian_modinfo),
		TMP_TEST(test_debian_moddep_compressed),
		TMP_TEST(test_debian_initramfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

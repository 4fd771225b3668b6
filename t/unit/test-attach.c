// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for kdev attach: the frame parser and records of the
 * attach channel (src/vm/proto.h), the guests' socket directory and
 * names, and kdev run's hub relaying a client's session to a fake QEMU
 * connection and back (src/vm/attach.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/strbuf.h"
#include "vm/attach.h"
#include "vm/proto.h"

/* Helpers */

static void frame_bytes(struct strbuf *sb, unsigned int type,
			unsigned int session, const char *data, size_t len)
{
	attach_frame(sb, type, session, data, len);
}

static int unix_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_true(strlen(path) < sizeof(sa.sun_path));
	strcpy(sa.sun_path, path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Let the hub handle whatever is pending, a few rounds. */
static void pump(struct attach_hub *h)
{
	struct pollfd p[ATTACH_MAX_CLIENTS + 4];
	int round;

	for (round = 0; round < 8; round++) {
		size_t n = attach_hub_pollfds(h, p, ARRAY_SIZE(p));

		if (poll(p, n, 20) <= 0)
			continue;
		attach_hub_handle(h, p, n);
	}
}

/* Read one whole frame from @fd (blocking, bounded by a timeout). */
static void read_frame(int fd, struct strbuf *buf, struct kdev_att_frame *f,
		       size_t *used)
{
	long n;

	while ((n = kdev_att_parse(buf->buf, buf->len, f)) == 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char tmp[4096];
		ssize_t r;

		assert_int_equal(poll(&p, 1, 2000), 1);
		r = read(fd, tmp, sizeof(tmp));
		assert_true(r > 0);
		strbuf_add(buf, tmp, (size_t)r);
	}
	assert_true(n > 0);
	*used = (size_t)n;
}

static void consume(struct strbuf *buf, size_t used)
{
	memmove(buf->buf, buf->buf + used, buf->len - used);
	strbuf_setlen(buf, buf->len - used);
}

/* Tests */

static void test_parse(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	struct kdev_att_frame f;
	size_t i;

	frame_bytes(&sb, KDEV_ATT_DATA, 0x1234, "hello", 5);
	assert_int_equal(sb.len, KDEV_ATT_HDR + 5);
	/* little-endian session and length */
	assert_int_equal((unsigned char)sb.buf[2], 0x34);
	assert_int_equal((unsigned char)sb.buf[3], 0x12);
	assert_int_equal((unsigned char)sb.buf[4], 5);
	/* every prefix is "read more" */
	for (i = 0; i < sb.len; i++)
		assert_int_equal(kdev_att_parse(sb.buf, i, &f), 0);
	assert_int_equal(kdev_att_parse(sb.buf, sb.len, &f), 13);
	assert_int_equal(f.type, KDEV_ATT_DATA);
	assert_int_equal(f.session, 0x1234);
	assert_int_equal(f.len, 5);
	assert_memory_equal(f.data, "hello", 5);

	/* two frames back to back: the first only */
	frame_bytes(&sb, KDEV_ATT_EOF, 7, NULL, 0);
	assert_int_equal(kdev_att_parse(sb.buf, sb.len, &f), 13);
	assert_int_equal(kdev_att_parse(sb.buf + 13, sb.len - 13, &f), 8);
	assert_int_equal(f.type, KDEV_ATT_EOF);
	assert_int_equal(f.session, 7);
	assert_int_equal(f.len, 0);

	/* a rewritten session id */
	kdev_att_set_session((unsigned char *)sb.buf, 65535);
	assert_int_equal(kdev_att_parse(sb.buf, sb.len, &f), 13);
	assert_int_equal(f.session, 65535);
	strbuf_release(&sb);
}

static void test_parse_limits(void **state UNUSED)
{
	unsigned char hdr[KDEV_ATT_HDR];
	unsigned char *big;
	struct kdev_att_frame f;

	/* the largest payload is fine, one more byte is not */
	big = calloc(1, KDEV_ATT_HDR + KDEV_ATT_MAX_PAYLOAD);
	assert_non_null(big);
	kdev_att_header(big, KDEV_ATT_STDOUT, 1, KDEV_ATT_MAX_PAYLOAD);
	assert_int_equal(kdev_att_parse(big, KDEV_ATT_HDR +
					KDEV_ATT_MAX_PAYLOAD, &f),
			 KDEV_ATT_HDR + KDEV_ATT_MAX_PAYLOAD);
	assert_int_equal(kdev_att_parse(big, KDEV_ATT_HDR, &f), 0);
	kdev_att_header(hdr, KDEV_ATT_STDOUT, 1, KDEV_ATT_MAX_PAYLOAD + 1);
	assert_int_equal(kdev_att_parse(hdr, sizeof(hdr), &f), -1);
	/* a length in the high bytes (no overflow on 32 bits either) */
	kdev_att_header(hdr, KDEV_ATT_STDOUT, 1, 0);
	hdr[7] = 0xff;
	assert_int_equal(kdev_att_parse(hdr, sizeof(hdr), &f), -1);
	free(big);

	/* type 0 and a reserved byte: malformed as soon as seen */
	kdev_att_header(hdr, 0, 1, 0);
	assert_int_equal(kdev_att_parse(hdr, 1, &f), -1);
	kdev_att_header(hdr, KDEV_ATT_DATA, 1, 0);
	hdr[1] = 1;
	assert_int_equal(kdev_att_parse(hdr, 2, &f), -1);
	assert_int_equal(kdev_att_parse(hdr, 0, &f), 0);

	/* an unknown type parses: the reader skips it */
	kdev_att_header(hdr, 200, 3, 0);
	assert_int_equal(kdev_att_parse(hdr, sizeof(hdr), &f), 8);
	assert_int_equal(f.type, 200);
}

static void test_records(void **state UNUSED)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *d;

	attach_record(&sb, "cmd", "echo a=b; exit 3");
	attach_record(&sb, "tty", "1");
	attach_record(&sb, "cmdx", "no");
	attach_record(&sb, "rows", "24");
	attach_record(&sb, "rows", "50");
	attach_record(&sb, "term", "");
	d = (const unsigned char *)sb.buf;
	assert_string_equal(kdev_att_record(d, sb.len, "cmd"),
			    "echo a=b; exit 3");
	assert_string_equal(kdev_att_record(d, sb.len, "tty"), "1");
	assert_string_equal(kdev_att_record(d, sb.len, "cmdx"), "no");
	/* the last one wins; empty values are values */
	assert_string_equal(kdev_att_record(d, sb.len, "rows"), "50");
	assert_string_equal(kdev_att_record(d, sb.len, "term"), "");
	assert_null(kdev_att_record(d, sb.len, "cols"));
	assert_null(kdev_att_record(d, sb.len, "cm"));
	assert_null(kdev_att_record(d, sb.len, "echo a"));
	/* not terminated: nothing at all */
	assert_null(kdev_att_record(d, sb.len - 1, "cmd"));
	assert_null(kdev_att_record(d, 0, "cmd"));
	/* a record without '=' is no value */
	assert_null(kdev_att_record((const unsigned char *)"tty\0", 4, "tty"));
	strbuf_release(&sb);
}

static void test_names(void **state UNUSED)
{
	assert_true(attach_name_ok("1"));
	assert_true(attach_name_ok("work-6.8_rc1.x"));
	assert_false(attach_name_ok(""));
	assert_false(attach_name_ok(".hidden"));
	assert_false(attach_name_ok("-v"));
	assert_false(attach_name_ok("a/b"));
	assert_false(attach_name_ok("a b"));
	assert_false(attach_name_ok("../x"));
	assert_true(attach_name_ok("0123456789012345678901234567890123456789"
				   "012345678901234567890123"));
	assert_false(attach_name_ok("0123456789012345678901234567890123456789"
				    "0123456789012345678901234"));
}

static void test_dir(void **state)
{
	const char *tmp = *state;
	char *dir, *want = xasprintf("%s/kdev", tmp);
	struct stat st;

	setenv("XDG_RUNTIME_DIR", tmp, 1);
	/* not there: no guests, and no message */
	errno = 0;
	assert_null(attach_dir(0));
	assert_int_equal(errno, ENOENT);
	dir = attach_dir(1);
	assert_string_equal(dir, want);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
	/* one others may enter is made private */
	assert_int_equal(chmod(want, 0755), 0);
	dir = attach_dir(0);
	assert_non_null(dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
	/* a file in its place is refused */
	assert_int_equal(rmdir(want), 0);
	assert_int_equal(close(creat(want, 0600)), 0);
	{
		struct stderr_capture cap;
		char *msg;

		stderr_capture_begin(&cap);
		assert_null(attach_dir(1));
		msg = stderr_capture_end(&cap);
		assert_non_null(strstr(msg, "is not a directory of yours"));
		free(msg);
	}
	unlink(want);
	free(want);
	unsetenv("XDG_RUNTIME_DIR");
}

static void test_hub_names(void **state)
{
	const char *tmp = *state;
	struct attach_hub a, b, c;
	char *port_a = xasprintf("%s/a.sock", tmp);
	char *port_b = xasprintf("%s/b.sock", tmp);
	char *port_c = xasprintf("%s/c.sock", tmp);
	char **names, *dir;
	int *pids, fd;
	struct stderr_capture cap;
	char *msg;
	struct stat st;

	setenv("XDG_RUNTIME_DIR", tmp, 1);
	/* the lowest free numbers */
	assert_int_equal(attach_hub_open(&a, NULL, port_a), 0);
	assert_string_equal(a.name, "1");
	assert_int_equal(attach_hub_open(&b, NULL, port_b), 0);
	assert_string_equal(b.name, "2");
	assert_int_equal(stat(a.path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a name in use is an error */
	stderr_capture_begin(&cap);
	assert_int_equal(attach_hub_open(&c, "2", port_c), -1);
	msg = stderr_capture_end(&cap);
	assert_non_null(strstr(msg, "a guest named '2' is already running"));
	free(msg);
	/* a socket left behind by a run that is gone is taken over */
	dir = xstrdup(a.dir);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/work.sock",
			 dir);
		assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)),
				 0);
		close(fd);	/* never listened: refused */
	}
	assert_int_equal(attach_hub_open(&c, "work", port_c), 0);
	assert_string_equal(c.name, "work");

	/* the list: those that answer, numbers in order, our pid */
	assert_int_equal(attach_list(dir, &names, &pids), 3);
	assert_string_equal(names[0], "1");
	assert_string_equal(names[1], "2");
	assert_string_equal(names[2], "work");
	assert_null(names[3]);
	assert_int_equal(pids[0], getpid());
	attach_names_free(names);
	free(pids);
	attach_hub_close(&b);
	/* closed: gone from the list, the socket removed */
	assert_int_equal(attach_list(dir, &names, NULL), 2);
	assert_string_equal(names[1], "work");
	attach_names_free(names);
	fd = attach_connect(dir, "2");
	assert_int_equal(fd, -1);
	assert_int_equal(errno, ENOENT);
	/* "1" is taken, "2" free again */
	assert_int_equal(attach_hub_open(&b, NULL, port_b), 0);
	assert_string_equal(b.name, "2");
	attach_hub_close(&a);
	attach_hub_close(&b);
	attach_hub_close(&c);
	free(dir);
	free(port_a);
	free(port_b);
	free(port_c);
	unsetenv("XDG_RUNTIME_DIR");
}

/* Two clients, a fake QEMU: frames go through with their sessions. */
static void test_hub_relay(void **state)
{
	const char *tmp = *state;
	char *port = xasprintf("%s/attach.sock", tmp);
	struct strbuf qin = STRBUF_INIT, ain = STRBUF_INIT, bin = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct attach_hub h;
	struct kdev_att_frame f;
	unsigned int sa, sb_id;
	size_t used;
	int qemu, a, b;
	char rest;

	setenv("XDG_RUNTIME_DIR", tmp, 1);
	assert_int_equal(attach_hub_open(&h, "g", port), 0);
	qemu = unix_connect(port);
	a = unix_connect(h.path);
	b = unix_connect(h.path);
	pump(&h);

	/* each client's OPEN reaches the guest with a session of its own */
	attach_record(&sb, "cmd", "uname -r");
	{
		struct strbuf fr = STRBUF_INIT;

		frame_bytes(&fr, KDEV_ATT_OPEN, 0, sb.buf, sb.len);
		frame_bytes(&fr, KDEV_ATT_DATA, 0, "in-a", 4);
		assert_int_equal(write(a, fr.buf, fr.len), (ssize_t)fr.len);
		pump(&h);
		strbuf_reset(&fr);
		frame_bytes(&fr, KDEV_ATT_OPEN, 0, sb.buf, sb.len);
		assert_int_equal(write(b, fr.buf, fr.len), (ssize_t)fr.len);
		strbuf_release(&fr);
	}
	pump(&h);
	read_frame(qemu, &qin, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_OPEN);
	assert_string_equal(kdev_att_record(f.data, f.len, "cmd"), "uname -r");
	sa = f.session;
	assert_true(sa != 0);
	consume(&qin, used);
	read_frame(qemu, &qin, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_DATA);
	assert_int_equal(f.session, sa);
	assert_memory_equal(f.data, "in-a", 4);
	consume(&qin, used);
	read_frame(qemu, &qin, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_OPEN);
	sb_id = f.session;
	assert_true(sb_id != 0 && sb_id != sa);
	consume(&qin, used);

	/* the guest answers each: output, then the exit status */
	strbuf_reset(&sb);
	frame_bytes(&sb, KDEV_ATT_STDOUT, sb_id, "to-b", 4);
	frame_bytes(&sb, KDEV_ATT_STDERR, sa, "err-a", 5);
	frame_bytes(&sb, KDEV_ATT_EXIT, sa, "status=3", 9);
	frame_bytes(&sb, KDEV_ATT_STDOUT, 999, "nobody", 6);
	assert_int_equal(write(qemu, sb.buf, sb.len), (ssize_t)sb.len);
	pump(&h);
	read_frame(a, &ain, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_STDERR);
	assert_int_equal(f.session, 0);
	assert_memory_equal(f.data, "err-a", 5);
	consume(&ain, used);
	read_frame(a, &ain, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_EXIT);
	assert_string_equal(kdev_att_record(f.data, f.len, "status"), "3");
	consume(&ain, used);
	/* after its EXIT, the client reads EOF */
	assert_int_equal(read(a, &rest, 1), 0);
	read_frame(b, &bin, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_STDOUT);
	assert_memory_equal(f.data, "to-b", 4);
	consume(&bin, used);

	/* b leaves before its end: the guest hangs its session up */
	close(b);
	pump(&h);
	read_frame(qemu, &qin, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_CLOSE);
	assert_int_equal(f.session, sb_id);
	consume(&qin, used);

	/* a client that speaks out of turn is dropped */
	b = unix_connect(h.path);
	strbuf_reset(&sb);
	frame_bytes(&sb, KDEV_ATT_DATA, 0, "x", 1);
	assert_int_equal(write(b, sb.buf, sb.len), (ssize_t)sb.len);
	pump(&h);
	assert_int_equal(read(b, &rest, 1), 0);
	close(b);

	/* the guest goes: a waiting client hears it */
	b = unix_connect(h.path);
	strbuf_reset(&sb);
	frame_bytes(&sb, KDEV_ATT_OPEN, 0, NULL, 0);
	assert_int_equal(write(b, sb.buf, sb.len), (ssize_t)sb.len);
	pump(&h);
	close(qemu);
	pump(&h);
	strbuf_reset(&bin);
	read_frame(b, &bin, &f, &used);
	assert_int_equal(f.type, KDEV_ATT_ERROR);
	assert_memory_equal(f.data, "the guest has stopped", f.len);
	close(b);
	close(a);

	attach_hub_close(&h);
	assert_int_equal(access(port, F_OK), -1);
	assert_int_equal(access(h.path ? h.path : "/nonexistent", F_OK), -1);
	strbuf_release(&qin);
	strbuf_release(&ain);
	strbuf_release(&bin);
	strbuf_release(&sb);
	free(port);
	unsetenv("XDG_RUNTIME_DIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_dir, tmpdir_setup,
						tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_hub_names, tmpdir_setup,
						tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_hub_relay, tmpdir_setup,
						tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

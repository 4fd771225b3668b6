// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "file.h"

int read_fd(int fd, struct strbuf *sb)
{
	struct stat st;
	size_t room = 65536;

	/* a regular file: room for all of it, and for the read that ends */
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0)
		room = (size_t)st.st_size + 4096;
	strbuf_grow(sb, room);
	for (;;) {
		ssize_t n;

		if (sb->alloc - sb->len - 1 == 0)
			strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			sb->buf[sb->len] = '\0';
			return -1;
		}
		if (!n)
			break;
		sb->len += (size_t)n;
	}
	sb->buf[sb->len] = '\0';
	return 0;
}

int read_file(const char *path, struct strbuf *sb)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret, saved;

	if (fd < 0)
		return -1;
	ret = read_fd(fd, sb);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

/* Files this big are mapped; smaller ones cost less to read */
#define VIEW_MAP_MIN (64 * 1024)

static char bus_msg[512];
static size_t bus_len;
static struct sigaction bus_old;
static int bus_set;

static void on_sigbus(int sig)
{
	(void)sig;
	if (write(2, bus_msg, bus_len) < 0)
		_exit(1);
	_exit(1);
}

int file_view_open(const char *path, struct file_view *v)
{
	struct stat st;
	int fd, ret;

	memset(v, 0, sizeof(*v));
	strbuf_init(&v->sb, 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (!bus_set && !fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    st.st_size >= VIEW_MAP_MIN && (uint64_t)st.st_size < SIZE_MAX) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ,
			       MAP_PRIVATE | MAP_POPULATE, fd, 0);

		if (p != MAP_FAILED) {
			struct sigaction sa;
			int n;

			close(fd);
			n = snprintf(bus_msg, sizeof(bus_msg),
				     "error: '%s' shrank while kdev read it\n",
				     path);
			bus_len = n < 0 ? 0 : (size_t)n < sizeof(bus_msg) ?
				  (size_t)n : sizeof(bus_msg) - 1;
			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = on_sigbus;
			sigemptyset(&sa.sa_mask);
			sigaction(SIGBUS, &sa, &bus_old);
			bus_set = 1;
			v->map = p;
			v->buf = p;
			v->len = (size_t)st.st_size;
			return 0;
		}
	}
	ret = read_fd(fd, &v->sb);
	close(fd);
	v->buf = v->sb.buf;
	v->len = v->sb.len;
	return ret;
}

void file_view_close(struct file_view *v)
{
	if (v->map) {
		munmap(v->map, v->len);
		sigaction(SIGBUS, &bus_old, NULL);
		bus_set = 0;
	}
	strbuf_release(&v->sb);
	memset(v, 0, sizeof(*v));
}

int write_file_atomic(const char *path, const void *buf, size_t len)
{
	struct strbuf tmp = STRBUF_INIT;
	const char *p = buf;
	struct stat st;
	mode_t mode, mask;
	int fd;

	strbuf_addf(&tmp, "%s.XXXXXX", path);
	fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		error_errno("cannot create a temporary file for '%s'", path);
		strbuf_release(&tmp);
		return -1;
	}
	/* mkostemp() makes 0600: keep the old file's mode, or the umask's */
	if (!stat(path, &st)) {
		mode = st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode))
		goto fail;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp.buf, path)) {
		fd = -1;
		goto fail;
	}
	strbuf_release(&tmp);
	return 0;
fail:
	error_errno("cannot write '%s'", path);
	if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
	strbuf_release(&tmp);
	return -1;
}

int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int mkdir_p(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret = 0;

	strbuf_addstr(&sb, path);
	for (i = 1; i <= sb.len && !ret; i++) {
		char c = sb.buf[i];

		if (c != '/' && c)
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0755) && errno != EEXIST)
			ret = error_errno("cannot create '%s'", sb.buf);
		sb.buf[i] = c;
	}
	strbuf_release(&sb);
	return ret;
}

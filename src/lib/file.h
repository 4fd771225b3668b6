/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_FILE_H
#define KDEV_FILE_H

#include "strbuf.h"

/* Append the whole of @fd / @path to @sb. Return 0 or -1 (errno set). */
int read_fd(int fd, struct strbuf *sb);
int read_file(const char *path, struct strbuf *sb);

/*
 * A file's bytes to look at: a big regular file is mapped (no copy into
 * fresh pages: kernel/bpf/verifier.c is 465 KB), others are read. @buf
 * is NUL-terminated only when read. Should a mapped file shrink while
 * it is looked at (another program truncating it), kdev stops with an
 * error naming it rather than dying of SIGBUS.
 */
struct file_view {
	const char *buf;
	size_t len;
	/* private */
	void *map;
	struct strbuf sb;
};

int file_view_open(const char *path, struct file_view *v);
void file_view_close(struct file_view *v);
/*
 * Write @len bytes to @path atomically: a temporary file in the same
 * directory, fsync, rename. Return 0 or error().
 */
int write_file_atomic(const char *path, const void *buf, size_t len);
int is_dir(const char *path);
/* mkdir -p: create @path and its missing parents (0755). 0 or error(). */
int mkdir_p(const char *path);
int is_file(const char *path);

#endif

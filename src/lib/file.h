/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_FILE_H
#define KDEV_FILE_H

#include "strbuf.h"

/* Append the whole of @fd / @path to @sb. Return 0 or -1 (errno set). */
int read_fd(int fd, struct strbuf *sb);
int read_file(const char *path, struct strbuf *sb);
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

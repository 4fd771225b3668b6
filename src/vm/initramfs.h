/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_INITRAMFS_H
#define KDEV_VM_INITRAMFS_H

#include <stddef.h>

#include "lib/strbuf.h"
#include "lib/strvec.h"

/*
 * A writer of cpio "newc" archives (the initramfs format) into memory.
 * No I/O: the caller writes c->out wherever it likes.
 *
 * Every entry is reproducible: mtime 0, uid 0, gid 0, inode numbers
 * counting up from 1, nlink 2 for directories and 1 otherwise.
 *
 * Paths may be given with or without leading "/" and are stored without
 * it ("init", "lib/kdev/virtio.ko"), as the kernel's unpacker expects;
 * trailing "/" are dropped too. The root itself ("", "/") is never
 * stored: the kernel's rootfs already has it.
 *
 * Parent directories come first: every add function first adds, with
 * mode 0755, each parent directory that this writer has not written yet.
 * cpio_add_dir() of a directory already written is a no-op (its first
 * mode stays). Adding two files or symlinks under one path writes both
 * (the later one wins when unpacked); don't.
 *
 * @mode is the permission bits (07777); the type bits are set by each
 * function and any given in @mode are ignored.
 */
struct cpio {
	struct strbuf *out;
	unsigned ino;		/* the last inode number used */
	struct strvec dirs;	/* directories written so far */
};

void cpio_init(struct cpio *c, struct strbuf *out);
void cpio_add_dir(struct cpio *c, const char *path, unsigned mode);
/* Return 0, or error() if @len does not fit the format (4 GiB). */
int cpio_add_file(struct cpio *c, const char *path, unsigned mode,
		  const void *data, size_t len);
void cpio_add_symlink(struct cpio *c, const char *path, const char *target);
/*
 * Write the "TRAILER!!!" entry and pad with NULs to a multiple of 512
 * bytes; release the writer's own state (not c->out). An archive with
 * nothing but the trailer is valid.
 */
void cpio_finish(struct cpio *c);

#define CPIO_NEWC_MAGIC		"070701"
#define CPIO_NEWC_HDR_LEN	110
#define CPIO_TRAILER		"TRAILER!!!"

#endif

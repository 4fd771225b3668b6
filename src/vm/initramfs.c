// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/stat.h>

#include "lib/error.h"
#include "vm/initramfs.h"

void cpio_init(struct cpio *c, struct strbuf *out)
{
	c->out = out;
	c->ino = 0;
	c->dirs = (struct strvec)STRVEC_INIT;
}

/* The archive's name for @path: no leading or trailing "/". */
static void archive_name(struct strbuf *sb, const char *path)
{
	size_t len;

	while (*path == '/')
		path++;
	len = strlen(path);
	while (len && path[len - 1] == '/')
		len--;
	strbuf_add(sb, path, len);
}

static void pad4(struct strbuf *out)
{
	strbuf_addchars(out, 0, (4 - out->len % 4) % 4);
}

/*
 * One entry: the 110-byte header, the name with its NUL padded to 4
 * bytes (counting from the start of the header), the data padded to 4.
 * Alignment counts from the start of c->out, as the kernel counts from
 * the start of the initramfs (which may hold several archives).
 */
static void add_entry(struct cpio *c, const char *name, unsigned mode,
		      unsigned nlink, unsigned ino, const void *data,
		      size_t len)
{
	size_t namesize = strlen(name) + 1;

	strbuf_addf(c->out, "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X"
		    "%08X%08X", CPIO_NEWC_MAGIC,
		    ino, mode, 0u, 0u, nlink, 0u, (unsigned)len,
		    0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	strbuf_add(c->out, name, namesize);
	pad4(c->out);
	strbuf_add(c->out, data, len);
	pad4(c->out);
}

static int have_dir(const struct cpio *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->dirs.nr; i++)
		if (!strcmp(c->dirs.v[i], name))
			return 1;
	return 0;
}

static void add_dir_name(struct cpio *c, const char *name, unsigned mode)
{
	if (!*name || have_dir(c, name))
		return;
	add_entry(c, name, S_IFDIR | (mode & 07777), 2, ++c->ino, NULL, 0);
	strvec_push(&c->dirs, name);
}

/* Add each parent of @name ("a", "a/b" for "a/b/c") not yet written. */
static void add_parents(struct cpio *c, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash;

	for (slash = strchr(name, '/'); slash; slash = strchr(slash + 1, '/')) {
		strbuf_reset(&sb);
		strbuf_add(&sb, name, (size_t)(slash - name));
		/* "a//b": the empty component adds nothing new */
		if (sb.len && sb.buf[sb.len - 1] != '/')
			add_dir_name(c, sb.buf, 0755);
	}
	strbuf_release(&sb);
}

void cpio_add_dir(struct cpio *c, const char *path, unsigned mode)
{
	struct strbuf name = STRBUF_INIT;

	archive_name(&name, path);
	add_parents(c, name.buf);
	add_dir_name(c, name.buf, mode);
	strbuf_release(&name);
}

int cpio_add_file(struct cpio *c, const char *path, unsigned mode,
		  const void *data, size_t len)
{
	struct strbuf name = STRBUF_INIT;

	if (len > 0xffffffffu)
		return error("'%s' is too large for an initramfs (%zu bytes)",
			     path, len);
	archive_name(&name, path);
	if (!name.len) {
		strbuf_release(&name);
		return error("cannot add a file as '%s'", path);
	}
	add_parents(c, name.buf);
	add_entry(c, name.buf, S_IFREG | (mode & 07777), 1, ++c->ino,
		  data, len);
	strbuf_release(&name);
	return 0;
}

void cpio_add_symlink(struct cpio *c, const char *path, const char *target)
{
	struct strbuf name = STRBUF_INIT;

	archive_name(&name, path);
	if (name.len) {
		add_parents(c, name.buf);
		add_entry(c, name.buf, S_IFLNK | 0777, 1, ++c->ino,
			  target, strlen(target));
	}
	strbuf_release(&name);
}

void cpio_finish(struct cpio *c)
{
	add_entry(c, CPIO_TRAILER, 0, 1, 0, NULL, 0);
	strbuf_addchars(c->out, 0, (512 - c->out->len % 512) % 512);
	strvec_clear(&c->dirs);
}

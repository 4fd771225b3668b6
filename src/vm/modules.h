/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_MODULES_H
#define KDEV_VM_MODULES_H

#include <stddef.h>

#include "lib/strbuf.h"
#include "lib/strvec.h"

/*
 * Which kernel modules the guest must load, in which order, and their
 * bytes, uncompressed (the guest loads them with finit_module(), and the
 * kernel may lack CONFIG_MODULE_DECOMPRESS).
 *
 * Module names are compared with '-' and '_' alike; every name this
 * file returns has '_' ("amd-uncore.ko" is "amd_uncore").
 */

/* A module to load. */
struct module {
	char *name;		/* "virtio_pci" */
	char *path;		/* "DIR/kernel/drivers/virtio/virtio.ko.xz" */
	struct strvec deps;	/* names of the modules of the set it needs
				 * (direct dependencies; all earlier in v) */
};

struct module_set {
	struct module *v;	/* load order: dependencies first, each once */
	size_t nr, alloc;
	struct strvec builtin;	/* built into the kernel: nothing to load */
	struct strvec missing;	/* neither found nor built in */
};

#define MODULE_SET_INIT { NULL, 0, 0, STRVEC_INIT, STRVEC_INIT }

/*
 * Resolve the @nr modules @wanted against the module directory @dir
 * (/lib/modules/RELEASE, a kernel build tree, any directory), adding
 * to @set (which starts MODULE_SET_INIT or holds an earlier result).
 *
 * Dependencies come from DIR/modules.dep when it exists (paths in it
 * are relative to @dir); otherwise every *.ko, *.ko.xz, *.ko.zst and
 * *.ko.gz under @dir counts (searched recursively, symbolic links to
 * directories not followed; when a name is found twice, the path that
 * sorts first wins) and each one's dependencies are the "depends=" of
 * its .modinfo section. DIR/modules.builtin, when it exists, names the
 * built-in modules; it is consulted first (so a stale .ko left in a
 * build tree after CONFIG_FOO=m became =y is not loaded).
 *
 * A wanted module or a dependency that is neither found nor built in
 * goes to set->missing, and modules that need it stay in the load
 * order: the caller decides. Returns 0, or -1 after error() when @dir
 * or a module cannot be read or a module is not an ELF file.
 */
int modules_resolve(const char *dir, const char *const *wanted, size_t nr,
		    struct module_set *set);
void module_set_release(struct module_set *set);

/*
 * Append the uncompressed bytes of the module file @path (.ko, .ko.xz,
 * .ko.zst, .ko.gz; the compressed ones through "xz -dc", "zstd -dc",
 * "gzip -dc") to @out. Returns 0, or -1 after error() (@out unchanged).
 */
int module_read(const char *path, struct strbuf *out);

/*
 * The kernel release ("6.1.0-56-cloud-amd64") of an x86 bzImage: the
 * first word of the version string its setup header points to. Returns
 * 0, or -1 without a message when @path cannot be read, is not a
 * bzImage or the release does not fit @n bytes (with its NUL): the
 * caller decides whether that is an error.
 */
int kernel_release_from_bzimage(const char *path, char *buf, size_t n);
/* The same on the first @len bytes of a bzImage. */
int kernel_release_from_buf(const void *data, size_t len, char *buf,
			    size_t n);

/*
 * The pure pieces below take buffers, never touch files and print
 * nothing, so that they can be unit-tested and fuzzed.
 */

enum module_compression {
	MODULE_NOT = -1,	/* not a module file name */
	MODULE_PLAIN,		/* .ko */
	MODULE_XZ,		/* .ko.xz */
	MODULE_ZSTD,		/* .ko.zst */
	MODULE_GZIP,		/* .ko.gz */
};

enum module_compression module_compression(const char *path);
/*
 * The module name of a file name or path ("a/b/amd-uncore.ko.xz" is
 * "amd_uncore"), malloc'd; NULL when @path does not end in a module
 * suffix or the name would be empty.
 */
char *module_name(const char *path);
/* Read '-' as '_' in @name, in place; returns @name. */
char *module_name_normalize(char *name);

/* Known modules, by name. */
struct modindex_entry {
	char *name;
	char *path;		/* as found: relative to the directory or not */
	struct strvec deps;	/* names; meaningful once have_deps is set */
	int have_deps;
	int state;		/* modindex_resolve()'s */
};

struct modindex {
	struct modindex_entry *v;
	size_t nr, alloc;
	int sorted;
};

#define MODINDEX_INIT { NULL, 0, 0, 0 }

struct modindex_entry *modindex_add(struct modindex *idx, const char *name,
				    const char *path);
/*
 * Sort by name; of entries with the same name only the one whose path
 * sorts first stays. modindex_find() sorts when needed.
 */
void modindex_sort(struct modindex *idx);
struct modindex_entry *modindex_find(struct modindex *idx, const char *name);
void modindex_release(struct modindex *idx);

/*
 * Parse modules.dep ("kernel/a.ko.xz: kernel/b.ko kernel/c.ko" per line)
 * into @idx, deps known for each module listed. Blank lines and lines
 * starting with '#' are skipped; so are malformed lines (no ':', or no
 * module suffix on the left), which are counted: returns their number.
 */
int moddep_parse(const char *buf, size_t len, struct modindex *idx);
/*
 * Parse modules.builtin (one path a line, "kernel/fs/ext4/ext4.ko"):
 * push each module's name to @names. Lines that are no module paths
 * are skipped.
 */
void modbuiltin_parse(const char *buf, size_t len, struct strvec *names);
/* Split a "depends=" value ("a,b-c,,d") into names ("a" "b_c" "d"). */
void modinfo_depends_parse(const char *s, size_t len, struct strvec *names);
/*
 * Find "@key=VALUE" in the .modinfo section of the ELF object (32 or
 * 64-bit, either byte order) @elf, @len bytes: set @value to VALUE.
 * Returns 1, 0 when there is no such key, -1 when @elf is not an ELF
 * file, is truncated or has no .modinfo section.
 */
int modinfo_get(const void *elf, size_t len, const char *key,
		struct strbuf *value);

/*
 * Walk the dependencies of @wanted depth first, as modprobe does:
 * each module's dependencies in the order listed, then the module. An
 * entry without have_deps gets them from @load_deps(entry, @data) first
 * (which returns 0, or -1 to stop the walk). Names in @builtin count as
 * built in, before @idx is looked at. Cycles are cut; chains deeper
 * than MODULES_MAX_DEPTH are an error. Returns 0, or -1 (after error()
 * on a too deep chain).
 */
#define MODULES_MAX_DEPTH 256
int modindex_resolve(struct modindex *idx, const struct strvec *builtin,
		     const char *const *wanted, size_t nr,
		     int (*load_deps)(struct modindex_entry *e, void *data),
		     void *data, struct module_set *set);

#endif

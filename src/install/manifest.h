/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_INSTALL_MANIFEST_H
#define KDEV_INSTALL_MANIFEST_H

#include "lib/strbuf.h"

/*
 * The record kdev install keeps of one installed kernel, in
 * ROOT/var/lib/kdev/installed/RELEASE, and all that kdev list and kdev
 * remove trust. Text, one record a line, "KEYWORD VALUE":
 *
 *   # comment lines and blank lines are ignored
 *   kdev-manifest 1            first record: the format version
 *   release 6.1.0-tiny         exactly once
 *   time 1764132000            install time, seconds since the epoch
 *   family debian              the root's distribution family
 *   file /boot/vmlinuz-R       a file the install created
 *   dir /lib/modules/R         a directory it created (removed whole)
 *   undo STEP [ARG]            a step kdev remove runs, in this order:
 *                                update-initramfs   (-d -k R, before)
 *                                kernel-install     (remove R, before)
 *                                update-grub        (after)
 *                                grub-mkconfig PATH (-o PATH, after)
 *                                grub2-mkconfig PATH (-o PATH, after)
 *   complete                   the install finished
 *
 * Paths are as seen inside the root: absolute, no "." or ".." parts, no
 * "//", no trailing "/", no control characters, under /boot, /efi,
 * /lib/modules or /usr/lib/modules, at least two levels deep, and one of
 * their parts holds the release. A manifest that breaks a rule is
 * rejected whole, so a damaged or forged one cannot make kdev remove
 * delete anything else.
 */

#define MANIFEST_VERSION 1
#define MANIFEST_DIR "/var/lib/kdev/installed"

enum mf_kind {
	MF_FILE,
	MF_DIR,
};

enum mf_undo {
	MF_UNDO_UPDATE_INITRAMFS,
	MF_UNDO_KERNEL_INSTALL,
	MF_UNDO_UPDATE_GRUB,
	MF_UNDO_GRUB_MKCONFIG,
	MF_UNDO_GRUB2_MKCONFIG,
};

struct mf_path {
	enum mf_kind kind;
	char *path;
};

struct mf_step {
	enum mf_undo what;
	char *arg;		/* the grub.cfg path for *-mkconfig, else NULL */
};

struct manifest {
	char *release;
	long long time;
	char family[16];
	int complete;
	struct mf_path *paths;
	size_t nr_paths, alloc_paths;
	struct mf_step *steps;
	size_t nr_steps, alloc_steps;
};

#define MANIFEST_INIT { NULL, 0, "", 0, NULL, 0, 0, NULL, 0, 0 }

/*
 * Parse @len bytes of manifest text into @m (initialised). Returns 0, or
 * -1 with a one-line reason in @err ("line 3: ...") and @m released.
 * The release must be a valid one (release_name_ok) and every path must
 * pass manifest_path_ok for it.
 */
int manifest_parse(const char *text, size_t len, struct manifest *m,
		   struct strbuf *err);
/* The text form of @m, which manifest_parse reads back to the same. */
void manifest_format(const struct manifest *m, struct strbuf *out);
void manifest_release(struct manifest *m);

/* Add a path or undo step once (a repeat is ignored). */
void manifest_add_path(struct manifest *m, enum mf_kind kind,
		       const char *path);
void manifest_add_step(struct manifest *m, enum mf_undo what,
		       const char *arg);
/* Is @path listed, or inside a listed directory? */
int manifest_covers(const struct manifest *m, const char *path);

/*
 * Is @r a kernel release kdev accepts as a name: 1 to 200 characters of
 * [A-Za-z0-9._+~-] (no '/', blanks or glob characters), not starting
 * with '.' or '-'?
 */
int release_name_ok(const char *r);
/* May a manifest for @release list @path (the rules above)? */
int manifest_path_ok(const char *path, const char *release);
/* "update-initramfs" ... for an undo step, NULL when out of range. */
const char *mf_undo_name(enum mf_undo what);

#endif

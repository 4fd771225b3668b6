/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_INSTALL_SYSTEM_H
#define KDEV_INSTALL_SYSTEM_H

#include "install/manifest.h"
#include "lib/osrelease.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"

/*
 * The root filesystem kdev install, list and remove work on: this
 * machine ("/") or another one (--root DIR). Its tools run inside it
 * (chroot DIR TOOL) and only when it has them.
 */
struct kroot {
	char *dir;		/* "" for "/", else DIR without a trailing '/' */
	int is_host;		/* DIR is this machine's "/" */
	struct os_release os;
	const char *modules;	/* "/lib/modules" or "/usr/lib/modules" */
	int dry_run;
};

/* Open @dir (NULL: "/"). 0, or error() when it is not a directory. */
int kroot_open(struct kroot *r, const char *dir, int dry_run);
void kroot_release(struct kroot *r);
/* ROOT + @path (an absolute path inside the root), malloc'd. */
char *kroot_path(const struct kroot *r, const char *path);
/*
 * Does the full path @full (from kroot_path) stay inside the root: no
 * symlink among its existing parents leads out of it? Always 1 for "/".
 */
int kroot_inside(const struct kroot *r, const char *full);
/* The path of @tool inside the root (e.g. "/usr/sbin/update-grub"), or NULL. */
const char *kroot_tool(const struct kroot *r, const char *tool);
/*
 * Run @argv (argv[0] a path inside the root from kroot_tool) in the root:
 * chroot ROOT ... unless it is this machine. Shown on stderr as
 * "+ COMMAND"; with dry_run printed on stdout as "run: COMMAND" and not
 * run. Returns its exit status (0 for a dry run), -1 when it cannot run.
 */
int kroot_run(const struct kroot *r, const char *const *argv);
/* Run a host command (make) the same way; @dir for chdir or NULL. */
int host_run(const struct kroot *r, const char *const *argv);

/* uname -r of the running kernel. */
const char *running_release(void);
/* Is @release the running kernel of this root (only ever for "/")? */
int kroot_is_running(const struct kroot *r, const char *release);

/*
 * Which package owns @path (inside the root) by the root family's
 * package manager (dpkg-query --admindir, rpm --root, pacman --root) when
 * the host has it: 1 and the package name in @pkg, 0 when none does,
 * -1 when it cannot be told.
 */
int kroot_owner(const struct kroot *r, const char *path, struct strbuf *pkg);

/* The manifest of @release: 0, 1 when there is none, -1 bad (error()). */
int manifest_load(const struct kroot *r, const char *release,
		  struct manifest *m);
/* Write it atomically (creating the directory). 0 or -1. */
int manifest_save(const struct kroot *r, const struct manifest *m);
/* Every release with a manifest, sorted. */
void manifest_list(const struct kroot *r, struct strvec *out);

/*
 * Every path (inside the root) under /boot and /efi, four levels deep,
 * sorted: taken before and after a tool runs to see what it made.
 */
void boot_snapshot(const struct kroot *r, struct strvec *out);
/* Is @s in the sorted vector @sv? */
int strvec_has_sorted(const struct strvec *sv, const char *s);

/* Total bytes of the regular files at @path (recursively), no symlinks. */
unsigned long long tree_size(const char *path);
/* Remove @path recursively (no symlink is followed). 0 or error(). */
int remove_tree(const char *path);

#endif

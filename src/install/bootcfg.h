/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_INSTALL_BOOTCFG_H
#define KDEV_INSTALL_BOOTCFG_H

#include <stddef.h>

#include "lib/osrelease.h"
#include "lib/strbuf.h"

/*
 * Names of a kernel's files in /boot, by distribution family:
 *   Debian, Ubuntu   vmlinuz-R        initrd.img-R
 *   Fedora, RHEL     vmlinuz-R        initramfs-R.img
 *   SUSE             vmlinuz-R        initrd-R
 *   Arch             vmlinuz-linux-R  initramfs-linux-R.img and
 *                                     initramfs-linux-R-fallback.img
 * Arch names boot files after the package base ("linux", "linux-lts",
 * a custom "linux-NAME"); kdev takes "linux-R" as that name, so each
 * release gets its own files and grub-mkconfig pairs them (it looks for
 * initramfs-X.img and initramfs-X-fallback.img next to vmlinuz-X).
 * System.map-R and config-R are the same everywhere. Unknown: Debian's.
 */
#define BOOT_NAME_MAX 256

struct boot_names {
	char image[BOOT_NAME_MAX];
	char sysmap[BOOT_NAME_MAX];
	char config[BOOT_NAME_MAX];
	char initrd[BOOT_NAME_MAX];
	char fallback[BOOT_NAME_MAX];	/* "" when the family has none */
};

void boot_names(enum distro_family family, const char *release,
		struct boot_names *n);
/*
 * Every standard /boot file name any family uses for @release (the
 * union of the above, no patterns), NULL-terminated, for remove --force
 * and list. Returns how many were stored in @out (at most @max - 1).
 */
size_t boot_standard_names(const char *release, char out[][BOOT_NAME_MAX],
			   size_t max);

/* One boot menu entry of a grub.cfg. */
struct grub_entry {
	char *title;
	char *id;		/* $menuentry_id_option value, or NULL */
	char *path;		/* "0", "1>2": grub's numeric path */
	char *title_path;	/* "Advanced options for X>X, with Linux R" */
	char *id_path;		/* ids joined by '>' (NULL if one is missing) */
	char *kernel;		/* the image of its "linux" line, or NULL */
};

struct grub_cfg {
	struct grub_entry *e;
	size_t nr, alloc;
	char *set_default;	/* the last top-level 'set default=' value */
};

/* Parse grub.cfg text. Never fails; unknown lines are skipped. */
void grub_cfg_parse(const char *text, size_t len, struct grub_cfg *cfg);
void grub_cfg_release(struct grub_cfg *cfg);
/*
 * The entry GRUB would pick for @sel (a number path "1>2", a title,
 * an id, or a '>' path of titles or ids), or NULL.
 */
const struct grub_entry *grub_cfg_find(const struct grub_cfg *cfg,
				       const char *sel);
/*
 * The normal (not recovery or fallback) entry that boots
 * /boot/IMAGE-name @image (its "linux" line's file name ends with it),
 * or NULL.
 */
const struct grub_entry *grub_cfg_entry_for(const struct grub_cfg *cfg,
					    const char *image);

/*
 * The value of @key in a grubenv or /etc/default/grub style file
 * ("KEY=value" lines, optional quotes) into @out; 0, or -1 if absent.
 */
int kv_get(const char *text, size_t len, const char *key, struct strbuf *out);

/*
 * The kernel release in an x86 bzImage header (the "kernel_version"
 * field of the setup header), from the first @len bytes of the image.
 * 0 and the release in @out, or -1 when it is not such an image.
 */
int bzimage_release(const unsigned char *buf, size_t len, char *out,
		    size_t n);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_OSRELEASE_H
#define KDEV_OSRELEASE_H

/*
 * Which distribution a root filesystem is, from its os-release file
 * (os-release(5)): ID, ID_LIKE, VERSION_ID, PRETTY_NAME. The family says
 * which tools and file names a distribution uses: Debian and Ubuntu
 * (dpkg, update-initramfs, update-grub), Fedora and RHEL (rpm, dracut,
 * grub2-mkconfig, kernel-install), Arch (pacman, mkinitcpio), SUSE.
 */

enum distro_family {
	DISTRO_UNKNOWN,
	DISTRO_DEBIAN,
	DISTRO_FEDORA,
	DISTRO_ARCH,
	DISTRO_SUSE,
};

struct os_release {
	char id[64];		/* "debian", "ubuntu", "fedora", "arch" */
	char id_like[128];	/* "debian", "rhel fedora", "" */
	char version_id[64];
	char pretty_name[128];
	enum distro_family family;
};

/*
 * Parse os-release text (@len bytes at @text, need not be terminated).
 * Unknown keys are ignored, values may be quoted with " or ' and use
 * backslash escapes. Always fills @out; the family is DISTRO_UNKNOWN when
 * neither ID nor ID_LIKE names a known one.
 */
void os_release_parse(const char *text, unsigned long len,
		      struct os_release *out);
/*
 * Read ROOT/etc/os-release, else ROOT/usr/lib/os-release (@root NULL or
 * "/" for this machine). Returns 0, or -1 with @out set to an unknown
 * distribution when neither file exists.
 */
int os_release_read(const char *root, struct os_release *out);
/* "debian", "fedora", "arch", "suse", "unknown" */
const char *distro_family_name(enum distro_family family);

#endif

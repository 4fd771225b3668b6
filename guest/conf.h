/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_GUEST_CONF_H
#define KDEV_GUEST_CONF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The parser of /kdev.conf (format: src/vm/proto.h). Pure: no I/O, no
 * allocation, so the host's unit tests run it.
 *
 * Rules beyond proto.h:
 *  - every record ends with a NUL, the last one too (a missing one means
 *    a truncated file: rejected); empty records ("\0\0") are skipped;
 *  - a record without '=' or with an empty key is rejected; unknown keys
 *    are ignored;
 *  - moddeps=I:J,K,... (module numbers from 0, in module= order) comes
 *    after module I's record and names only modules before it (J, K <
 *    I); "I:" is a module that needs none of the others;
 *  - list keys (module, overlay, share, env) append in order; a repeated
 *    env=NAME=... replaces the earlier NAME; other keys: the last wins;
 *  - values are bounded (CONF_MAX_*); longer ones are rejected;
 *  - paths (module, overlay, share, cwd) are absolute; overlay and share
 *    paths have no ".." component (they are joined to the new root);
 *  - share=TAG:GUESTPATH:ro|rw splits at the first ':' and at the last:
 *    the tag has no ':', the guest path may have some;
 *  - numbers are plain decimal: uid and gid 0..4294967294, rows and
 *    cols 0..65535 (0: unknown), groups a comma-separated list of gids;
 *  - empty values: cmd= is a command that does nothing (not interactive),
 *    groups= is no supplementary group, hostname= leaves the hostname;
 *    any other empty value is rejected;
 *  - root= is required; rootflags defaults to ro, cwd to "/", uid and
 *    gid to 0; no cmd= means an interactive shell.
 */

#define CONF_MAX_SIZE		(1024 * 1024)	/* the whole file */
#define CONF_MAX_MODULES	64		/* module_deps: bits of a uint64_t */
#define CONF_MAX_OVERLAYS	32
#define CONF_MAX_SHARES		32
#define CONF_MAX_ENV		512
#define CONF_MAX_GROUPS		256
#define CONF_MAX_PATH		4095		/* PATH_MAX less its NUL */
#define CONF_MAX_TAG		36		/* struct virtio_fs_config */
#define CONF_MAX_HOSTNAME	64		/* HOST_NAME_MAX */
#define CONF_MAX_STRING		(128 * 1024 - 1) /* cmd, env: MAX_ARG_STRLEN */

struct kdev_share {
	const char *tag;
	const char *path;
	int ro;
};

struct kdev_conf {
	const char *modules[CONF_MAX_MODULES];
	size_t nr_modules;
	/*
	 * moddeps=I:J,K (bit J and K of module_deps[I]): module I can be
	 * loaded once J and K are. A module without such a record waits
	 * for all those listed before it.
	 */
	uint64_t module_deps[CONF_MAX_MODULES];
	unsigned char module_deps_known[CONF_MAX_MODULES];
	const char *overlays[CONF_MAX_OVERLAYS];
	size_t nr_overlays;
	struct kdev_share shares[CONF_MAX_SHARES];
	size_t nr_shares;
	char *env[CONF_MAX_ENV + 1];	/* NULL-terminated, for execve() */
	size_t nr_env;
	const char *cmd;		/* NULL: interactive */
	const char *cwd;
	const char *root;
	int root_ro;
	const char *hostname;		/* NULL: leave it */
	int fs_9p;			/* fstype=9p: shares are 9p, not virtiofs */
	uid_t uid;
	gid_t gid;
	gid_t groups[CONF_MAX_GROUPS];
	size_t nr_groups;
	unsigned int rows, cols;	/* 0: unknown */
	char err[192];			/* why kdev_conf_parse() failed */
};

/*
 * Parse @len bytes at @buf into @c. The strings of @c point into @buf,
 * which is modified (share= records are split in place) and must outlive
 * @c. Return 0, or -1 with a one-line message in c->err.
 */
int kdev_conf_parse(struct kdev_conf *c, char *buf, size_t len);

/*
 * Whether the command @cmd (cmd=) is one plain word that /bin/sh -c
 * would only look up in PATH and run: letters, digits and "_./+-:@,",
 * not starting with '-', and no shell reserved word or builtin unless
 * it has a '/'. init then runs it with execvp() instead of through the
 * shell; the result is the same, one program start sooner.
 */
int kdev_conf_plain_command(const char *cmd);

/* The value of @name in c->env, or NULL. */
const char *kdev_conf_getenv(const struct kdev_conf *c, const char *name);

#endif

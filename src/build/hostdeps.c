// SPDX-License-Identifier: GPL-2.0
/*
 * The host tools a kernel build needs, and their packages (hostdeps.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "build/hostdeps.h"
#include "lib/file.h"
#include "lib/run-command.h"
#include "lib/util.h"

#define PKG(deb, fed, arch, suse) { NULL, deb, fed, arch, suse }
#define SAME(p) PKG(p, p, p, p)

static const char *const always[] = { NULL };
static const char *const when_libelf[] = {
	"OBJTOOL", "STACK_VALIDATION", "UNWINDER_ORC", "DEBUG_INFO_BTF",
	NULL
};
static const char *const when_ssl[] = {
	"MODULE_SIG", "MODULE_SIG_FORMAT", "SYSTEM_TRUSTED_KEYRING",
	"SYSTEM_REVOCATION_LIST", NULL
};
static const char *const when_sign[] = { "MODULE_SIG", NULL };
static const char *const when_btf[] = { "DEBUG_INFO_BTF", NULL };
static const char *const when_kheaders[] = { "IKHEADERS", NULL };
static const char *const when_zstd[] = {
	"KERNEL_ZSTD", "MODULE_COMPRESS_ZSTD", NULL
};
static const char *const when_xz[] = {
	"KERNEL_XZ", "MODULE_COMPRESS_XZ", NULL
};
static const char *const when_lz4[] = { "KERNEL_LZ4", NULL };
static const char *const when_lzo[] = { "KERNEL_LZO", NULL };

static const struct hostdep table[] = {
	{ "make", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "make",
	  "runs the build", SAME("make"), always, 0 },
	{ "compiler", HOSTDEP_PROGRAM, HOSTDEP_CC, NULL,
	  "the C compiler (CC)", SAME(NULL), always, 0 },
	{ "host compiler", HOSTDEP_PROGRAM, HOSTDEP_HOSTCC, NULL,
	  "builds the build's own tools (HOSTCC)", SAME(NULL), always,
	  HOSTDEP_TREE_ONLY },
	{ "linker", HOSTDEP_PROGRAM, HOSTDEP_LD, NULL,
	  "links vmlinux and modules", SAME(NULL), always, 0 },
	{ "flex", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "flex",
	  "Kconfig's and genksyms' lexers", SAME("flex"), always,
	  HOSTDEP_TREE_ONLY },
	{ "bison", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "bison",
	  "Kconfig's and genksyms' parsers", SAME("bison"), always,
	  HOSTDEP_TREE_ONLY },
	{ "bc", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "bc",
	  "computes the timer constants (kernel/time)", SAME("bc"), always,
	  HOSTDEP_TREE_ONLY },
	{ "perl", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "perl",
	  "generates headers and tables", SAME("perl"), always,
	  HOSTDEP_TREE_ONLY },
	{ "libelf headers", HOSTDEP_HEADER, HOSTDEP_FIXED, "gelf.h",
	  "objtool and resolve_btfids read ELF with libelf",
	  PKG("libelf-dev", "elfutils-libelf-devel", "libelf",
	      "libelf-devel"), when_libelf, HOSTDEP_TREE_ONLY },
	{ "openssl headers", HOSTDEP_HEADER, HOSTDEP_FIXED,
	  "openssl/opensslv.h", "sign-file and extract-cert use libcrypto",
	  PKG("libssl-dev", "openssl-devel", "openssl", "libopenssl-devel"),
	  when_ssl, HOSTDEP_TREE_ONLY },
	{ "openssl", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "openssl",
	  "makes the module signing key", SAME("openssl"), when_sign,
	  HOSTDEP_TREE_ONLY },
	{ "pahole", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "pahole",
	  "turns DWARF into BTF",
	  PKG("dwarves", "dwarves", "pahole", "dwarves"), when_btf,
	  HOSTDEP_TREE_ONLY },
	{ "cpio", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "cpio",
	  "packs the in-kernel headers archive", SAME("cpio"),
	  when_kheaders, HOSTDEP_TREE_ONLY },
	{ "zstd", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "zstd",
	  "compresses the kernel or its modules", SAME("zstd"), when_zstd,
	  HOSTDEP_TREE_ONLY },
	{ "xz", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "xz",
	  "compresses the kernel or its modules",
	  PKG("xz-utils", "xz", "xz", "xz"), when_xz, HOSTDEP_TREE_ONLY },
	{ "lz4", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "lz4",
	  "compresses the kernel", SAME("lz4"), when_lz4, HOSTDEP_TREE_ONLY },
	{ "lzop", HOSTDEP_PROGRAM, HOSTDEP_FIXED, "lzop",
	  "compresses the kernel", SAME("lzop"), when_lzo, HOSTDEP_TREE_ONLY },
};

const struct hostdep *hostdeps_table(size_t *nr)
{
	*nr = ARRAY_SIZE(table);
	return table;
}

static const char *role_file(const struct hostdep *d,
			     const struct hostdeps_query *q)
{
	switch (d->role) {
	case HOSTDEP_CC:
		return q->cc;
	case HOSTDEP_HOSTCC:
		return q->hostcc;
	case HOSTDEP_LD:
		return q->ld;
	default:
		return d->file;
	}
}

size_t hostdeps_needed(const struct hostdeps_query *q,
		       struct hostdep_need *out)
{
	size_t i, j, n = 0;

	for (i = 0; i < ARRAY_SIZE(table) && n < HOSTDEPS_MAX; i++) {
		const struct hostdep *d = &table[i];
		const char *file = role_file(d, q), *reason = NULL;
		int dup = 0;

		if (!file || !*file)
			continue;
		if ((d->flags & HOSTDEP_TREE_ONLY) && q->external)
			continue;
		if (d->when[0]) {
			for (j = 0; d->when[j]; j++)
				if (q->config_on &&
				    q->config_on(q->data, d->when[j]))
					break;
			if (!d->when[j])
				continue;
			reason = d->when[j];
		}
		for (j = 0; j < n; j++)
			if (out[j].dep->kind == d->kind &&
			    !strcmp(out[j].file, file))
				dup = 1;
		if (dup)
			continue;
		out[n].dep = d;
		out[n].file = file;
		out[n].reason = reason;
		n++;
	}
	return n;
}

const char *const *hostdeps_include_dirs(void)
{
	static char multiarch[96];
	static const char *dirs[4];
	struct utsname u;

	if (dirs[0])
		return dirs;
	dirs[0] = "/usr/local/include";
	dirs[1] = "/usr/include";
	/* Debian's multiarch directory: x86_64-linux-gnu and the like */
	if (!uname(&u)) {
		const char *abi = !strncmp(u.machine, "arm", 3) &&
				  strcmp(u.machine, "arm64") ?
				  "gnueabihf" : "gnu";
		const char *m = !strcmp(u.machine, "arm64") ? "aarch64" :
				!strncmp(u.machine, "arm", 3) ? "arm" :
				u.machine;

		snprintf(multiarch, sizeof(multiarch),
			 "/usr/include/%s-linux-%s", m, abi);
		dirs[2] = multiarch;
	}
	return dirs;
}

int hostdep_present(const struct hostdep_need *n,
		    const char *const *include_dirs)
{
	size_t i;

	if (n->dep->kind == HOSTDEP_PROGRAM)
		return have_program(n->file);
	if (!include_dirs)
		include_dirs = hostdeps_include_dirs();
	for (i = 0; include_dirs[i]; i++) {
		char *p = xasprintf("%s/%s", include_dirs[i], n->file);
		int ok = is_file(p);

		free(p);
		if (ok)
			return 1;
	}
	return 0;
}

/* "name" or "name-N" (a versioned Debian package such as gcc-12) */
static int versioned(const char *s, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(s, name, n))
		return 0;
	if (!s[n])
		return 1;
	if (s[n] != '-' || !isdigit((unsigned char)s[n + 1]))
		return 0;
	for (s += n + 1; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return 0;
	return 1;
}

/* gcc, clang, ld, ld.lld with an optional version or cross prefix */
static int tool_package(const char *prog, enum distro_family f,
			struct strbuf *out)
{
	static const struct {
		const char *tool, *pkg;
	} tools[] = {
		{ "gcc", "gcc" }, { "clang", "clang" }, { "ld.lld", "lld" },
		{ "ld", "binutils" },
	};
	const char *base = strrchr(prog, '/');
	size_t i, len;

	base = base ? base + 1 : prog;
	for (i = 0; i < ARRAY_SIZE(tools); i++) {
		const char *t = tools[i].tool;

		if (versioned(base, t)) {
			const char *dash = strrchr(base, '-');

			/* Debian and Ubuntu name versioned ones gcc-12 */
			if (dash && f == DISTRO_DEBIAN && strcmp(base, t))
				strbuf_addf(out, "%s%s", tools[i].pkg, dash);
			else
				strbuf_addstr(out, tools[i].pkg);
			return 1;
		}
		/* a cross tool: TRIPLET-gcc, TRIPLET-ld */
		len = strlen(base);
		if (len > strlen(t) + 1 && ends_with(base, t) &&
		    base[len - strlen(t) - 1] == '-' &&
		    strcmp(t, "clang") && strcmp(t, "ld.lld")) {
			int tl = (int)(len - strlen(t) - 1);

			switch (f) {
			case DISTRO_DEBIAN:
			case DISTRO_FEDORA:
				strbuf_addf(out, "%s-%.*s", tools[i].pkg, tl,
					    base);
				return 1;
			case DISTRO_ARCH:
				strbuf_addf(out, "%.*s-%s", tl, base,
					    tools[i].pkg);
				return 1;
			default:
				return 0;
			}
		}
	}
	return 0;
}

int hostdep_package(const struct hostdep_need *n, enum distro_family family,
		    struct strbuf *out)
{
	const char *pkg;

	if (family == DISTRO_UNKNOWN || (unsigned int)family >= 5)
		return 0;
	if (n->dep->role != HOSTDEP_FIXED)
		return tool_package(n->file, family, out);
	pkg = n->dep->pkg[family];
	if (!pkg)
		return 0;
	strbuf_addstr(out, pkg);
	return 1;
}

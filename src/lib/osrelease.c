// SPDX-License-Identifier: GPL-2.0
/* Which distribution a root filesystem is: os-release(5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "osrelease.h"
#include "util.h"

static void copy_value(char *dst, size_t size, const char *v, size_t len)
{
	size_t o = 0, i = 0;
	char quote = 0;

	if (len && (v[0] == '"' || v[0] == '\'')) {
		quote = v[0];
		i = 1;
	}
	for (; i < len && o + 1 < size; i++) {
		if (quote && v[i] == quote)
			break;
		if (quote == '"' && v[i] == '\\' && i + 1 < len)
			i++;
		dst[o++] = v[i];
	}
	dst[o] = '\0';
}

static enum distro_family family_of(const char *word, size_t len)
{
	static const struct {
		const char *id;
		enum distro_family family;
	} ids[] = {
		{ "debian", DISTRO_DEBIAN }, { "ubuntu", DISTRO_DEBIAN },
		{ "fedora", DISTRO_FEDORA }, { "rhel", DISTRO_FEDORA },
		{ "centos", DISTRO_FEDORA },
		{ "arch", DISTRO_ARCH }, { "archlinux", DISTRO_ARCH },
		{ "suse", DISTRO_SUSE }, { "opensuse", DISTRO_SUSE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ids); i++)
		if (strlen(ids[i].id) == len && !memcmp(ids[i].id, word, len))
			return ids[i].family;
	return DISTRO_UNKNOWN;
}

/* The first known family among the space-separated words of @s. */
static enum distro_family family_of_list(const char *s)
{
	while (*s) {
		size_t n;
		enum distro_family f;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (!n)
			break;
		f = family_of(s, n);
		if (f != DISTRO_UNKNOWN)
			return f;
		s += n;
	}
	return DISTRO_UNKNOWN;
}

void os_release_parse(const char *text, unsigned long len,
		      struct os_release *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		const char *eq = memchr(p, '=', eol - p);

		if (eq) {
			size_t klen = eq - p, vlen = eol - eq - 1;
			const char *v = eq + 1;

			if (vlen && v[vlen - 1] == '\r')
				vlen--;
			if (klen == 2 && !memcmp(p, "ID", 2))
				copy_value(out->id, sizeof(out->id), v, vlen);
			else if (klen == 7 && !memcmp(p, "ID_LIKE", 7))
				copy_value(out->id_like, sizeof(out->id_like),
					   v, vlen);
			else if (klen == 10 && !memcmp(p, "VERSION_ID", 10))
				copy_value(out->version_id,
					   sizeof(out->version_id), v, vlen);
			else if (klen == 11 && !memcmp(p, "PRETTY_NAME", 11))
				copy_value(out->pretty_name,
					   sizeof(out->pretty_name), v, vlen);
		}
		p = eol + 1;
	}
	out->family = family_of_list(out->id);
	if (out->family == DISTRO_UNKNOWN)
		out->family = family_of_list(out->id_like);
	/* "opensuse-tumbleweed", "opensuse-leap" */
	if (out->family == DISTRO_UNKNOWN && starts_with(out->id, "opensuse"))
		out->family = DISTRO_SUSE;
}

int os_release_read(const char *root, struct os_release *out)
{
	static const char *const files[] = {
		"/etc/os-release", "/usr/lib/os-release",
	};
	size_t i;

	if (!root || !strcmp(root, "/"))
		root = "";
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		struct strbuf sb = STRBUF_INIT;
		char *path = xasprintf("%s%s", root, files[i]);
		int ret = read_file(path, &sb);

		free(path);
		if (!ret) {
			os_release_parse(sb.buf, sb.len, out);
			strbuf_release(&sb);
			return 0;
		}
		strbuf_release(&sb);
	}
	memset(out, 0, sizeof(*out));
	return -1;
}

const char *distro_family_name(enum distro_family family)
{
	switch (family) {
	case DISTRO_DEBIAN:
		return "debian";
	case DISTRO_FEDORA:
		return "fedora";
	case DISTRO_ARCH:
		return "arch";
	case DISTRO_SUSE:
		return "suse";
	default:
		return "unknown";
	}
}

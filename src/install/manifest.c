// SPDX-License-Identifier: GPL-2.0
/* The install manifest: a pure reader and writer (manifest.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

static const char *const undo_names[] = {
	[MF_UNDO_UPDATE_INITRAMFS] = "update-initramfs",
	[MF_UNDO_KERNEL_INSTALL] = "kernel-install",
	[MF_UNDO_UPDATE_GRUB] = "update-grub",
	[MF_UNDO_GRUB_MKCONFIG] = "grub-mkconfig",
	[MF_UNDO_GRUB2_MKCONFIG] = "grub2-mkconfig",
};

const char *mf_undo_name(enum mf_undo what)
{
	if ((size_t)what >= ARRAY_SIZE(undo_names))
		return NULL;
	return undo_names[what];
}

static int undo_takes_path(enum mf_undo what)
{
	return what == MF_UNDO_GRUB_MKCONFIG || what == MF_UNDO_GRUB2_MKCONFIG;
}

int release_name_ok(const char *r)
{
	size_t len = strlen(r);

	if (!len || len > 200 || r[0] == '.' || r[0] == '-')
		return 0;
	return strspn(r, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+~-") == len;
}

int manifest_path_ok(const char *path, const char *release)
{
	static const char *const tops[] = {
		"/boot/", "/efi/", "/lib/modules/", "/usr/lib/modules/",
	};
	const char *p, *rest = NULL;
	size_t i, rlen = strlen(release);
	int has_release = 0;

	if (!rlen)
		return 0;
	for (i = 0; i < ARRAY_SIZE(tops) && !rest; i++)
		skip_prefix(path, tops[i], &rest);
	if (!rest || !*rest)
		return 0;
	for (p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	/* each part after the first '/' */
	p = path + 1;
	for (;;) {
		size_t n = strcspn(p, "/");

		if (!n || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (p >= rest && n >= rlen && memmem(p, n, release, rlen))
			has_release = 1;
		if (!p[n])
			break;
		p += n + 1;
	}
	return has_release;
}

void manifest_add_path(struct manifest *m, enum mf_kind kind,
		       const char *path)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (!strcmp(m->paths[i].path, path)) {
			if (kind == MF_DIR)
				m->paths[i].kind = MF_DIR;
			return;
		}
	ALLOC_GROW(m->paths, m->nr_paths + 1, m->alloc_paths);
	m->paths[m->nr_paths].kind = kind;
	m->paths[m->nr_paths].path = xstrdup(path);
	m->nr_paths++;
}

void manifest_add_step(struct manifest *m, enum mf_undo what,
		       const char *arg)
{
	size_t i;

	for (i = 0; i < m->nr_steps; i++)
		if (m->steps[i].what == what &&
		    !strcmp(m->steps[i].arg ? m->steps[i].arg : "",
			    arg ? arg : ""))
			return;
	ALLOC_GROW(m->steps, m->nr_steps + 1, m->alloc_steps);
	m->steps[m->nr_steps].what = what;
	m->steps[m->nr_steps].arg = arg ? xstrdup(arg) : NULL;
	m->nr_steps++;
}

int manifest_covers(const struct manifest *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++) {
		const char *p = m->paths[i].path, *rest;

		if (!strcmp(p, path))
			return 1;
		if (m->paths[i].kind == MF_DIR && skip_prefix(path, p, &rest) &&
		    *rest == '/')
			return 1;
	}
	return 0;
}

void manifest_release(struct manifest *m)
{
	size_t i;

	free(m->release);
	for (i = 0; i < m->nr_paths; i++)
		free(m->paths[i].path);
	free(m->paths);
	for (i = 0; i < m->nr_steps; i++)
		free(m->steps[i].arg);
	free(m->steps);
	memset(m, 0, sizeof(*m));
}

void manifest_format(const struct manifest *m, struct strbuf *out)
{
	size_t i;

	strbuf_addf(out, "# kdev install manifest: what 'kdev remove' removes"
		    " (man kdev-install)\nkdev-manifest %d\nrelease %s\n"
		    "time %lld\n", MANIFEST_VERSION,
		    m->release ? m->release : "", m->time);
	if (*m->family)
		strbuf_addf(out, "family %s\n", m->family);
	for (i = 0; i < m->nr_paths; i++)
		strbuf_addf(out, "%s %s\n",
			    m->paths[i].kind == MF_DIR ? "dir" : "file",
			    m->paths[i].path);
	for (i = 0; i < m->nr_steps; i++) {
		strbuf_addf(out, "undo %s", mf_undo_name(m->steps[i].what));
		if (m->steps[i].arg)
			strbuf_addf(out, " %s", m->steps[i].arg);
		strbuf_addch(out, '\n');
	}
	if (m->complete)
		strbuf_addstr(out, "complete\n");
}

static int fail(struct strbuf *err, struct manifest *m, int line,
		const char *fmt, const char *what)
{
	strbuf_reset(err);
	strbuf_addf(err, "line %d: ", line);
	strbuf_addf(err, fmt, what);
	manifest_release(m);
	return -1;
}

/* A path record's value, checked once the release is known. */
static int path_value_ok(const char *v)
{
	return v[0] == '/';
}

int manifest_parse(const char *text, size_t len, struct manifest *m,
		   struct strbuf *err)
{
	const char *p = text, *end = text + len;
	int lineno = 0, seen_version = 0;
	char *line = NULL;
	size_t i;

	memset(m, 0, sizeof(*m));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *key, *val;

		lineno++;
		free(line);
		line = xstrndup(p, n);
		p += n + (nl ? 1 : 0);
		if (strlen(line) != n) {
			free(line);
			return fail(err, m, lineno, "%s", "a NUL byte");
		}
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		key = line;
		val = strchr(line, ' ');
		if (val)
			*val++ = '\0';
		if (!seen_version) {
			if (strcmp(key, "kdev-manifest") || !val) {
				free(line);
				return fail(err, m, lineno, "%s",
					    "not a kdev manifest (no 'kdev-manifest 1' first)");
			}
			if (strcmp(val, "1")) {
				fail(err, m, lineno, "format version '%s' is newer than this kdev",
				     val);
				free(line);
				return -1;
			}
			seen_version = 1;
			continue;
		}
		if (!strcmp(key, "complete") && !val) {
			m->complete = 1;
			continue;
		}
		if (!val || !*val) {
			fail(err, m, lineno, "'%s' without a value", key);
			free(line);
			return -1;
		}
		if (!strcmp(key, "release")) {
			if (m->release || !release_name_ok(val)) {
				fail(err, m, lineno, "bad or repeated release '%s'",
				     val);
				free(line);
				return -1;
			}
			m->release = xstrdup(val);
		} else if (!strcmp(key, "time")) {
			char *e;

			errno = 0;
			m->time = strtoll(val, &e, 10);
			if (*e || errno || m->time < 0) {
				fail(err, m, lineno, "bad time '%s'", val);
				free(line);
				return -1;
			}
		} else if (!strcmp(key, "family")) {
			if (strlen(val) >= sizeof(m->family)) {
				fail(err, m, lineno, "bad family '%s'", val);
				free(line);
				return -1;
			}
			strcpy(m->family, val);
		} else if (!strcmp(key, "file") || !strcmp(key, "dir")) {
			if (!path_value_ok(val)) {
				fail(err, m, lineno, "path '%s' is not absolute",
				     val);
				free(line);
				return -1;
			}
			manifest_add_path(m, key[0] == 'd' ? MF_DIR : MF_FILE,
					  val);
		} else if (!strcmp(key, "undo")) {
			char *arg = strchr(val, ' ');
			size_t k;

			if (arg)
				*arg++ = '\0';
			for (k = 0; k < ARRAY_SIZE(undo_names); k++)
				if (!strcmp(val, undo_names[k]))
					break;
			if (k == ARRAY_SIZE(undo_names) ||
			    !arg != !undo_takes_path((enum mf_undo)k) ||
			    (arg && !path_value_ok(arg))) {
				fail(err, m, lineno, "unknown undo step '%s'",
				     val);
				free(line);
				return -1;
			}
			manifest_add_step(m, (enum mf_undo)k, arg);
		} else {
			fail(err, m, lineno, "unknown record '%s'", key);
			free(line);
			return -1;
		}
	}
	free(line);
	if (!seen_version)
		return fail(err, m, lineno, "%s", "empty manifest");
	if (!m->release)
		return fail(err, m, lineno, "%s", "no release record");
	for (i = 0; i < m->nr_paths; i++)
		if (!manifest_path_ok(m->paths[i].path, m->release)) {
			struct strbuf tmp = STRBUF_INIT;

			strbuf_addf(&tmp, "path '%s' is outside what kdev "
				    "installs for %s", m->paths[i].path,
				    m->release);
			strbuf_reset(err);
			strbuf_addbuf(err, &tmp);
			strbuf_release(&tmp);
			manifest_release(m);
			return -1;
		}
	for (i = 0; i < m->nr_steps; i++) {
		const char *a = m->steps[i].arg;

		/* a grub.cfg to regenerate lives in /boot */
		if (a && (!starts_with(a, "/boot/") || strstr(a, "/..") ||
			  strstr(a, "//") || strpbrk(a, "\t\r"))) {
			fail(err, m, lineno, "bad grub.cfg path '%s'", a);
			return -1;
		}
	}
	return 0;
}

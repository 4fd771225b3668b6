// SPDX-License-Identifier: GPL-2.0
/*
 * Boot file names by distribution, a grub.cfg menu reader and the
 * release in an x86 bzImage header: pure functions (bootcfg.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

void boot_names(enum distro_family family, const char *release,
		struct boot_names *n)
{
	const char *r = release;

	snprintf(n->sysmap, sizeof(n->sysmap), "System.map-%s", r);
	snprintf(n->config, sizeof(n->config), "config-%s", r);
	n->fallback[0] = '\0';
	switch (family) {
	case DISTRO_FEDORA:
		snprintf(n->image, sizeof(n->image), "vmlinuz-%s", r);
		snprintf(n->initrd, sizeof(n->initrd), "initramfs-%s.img", r);
		break;
	case DISTRO_SUSE:
		snprintf(n->image, sizeof(n->image), "vmlinuz-%s", r);
		snprintf(n->initrd, sizeof(n->initrd), "initrd-%s", r);
		break;
	case DISTRO_ARCH:
		snprintf(n->image, sizeof(n->image), "vmlinuz-linux-%s", r);
		snprintf(n->initrd, sizeof(n->initrd),
			 "initramfs-linux-%s.img", r);
		snprintf(n->fallback, sizeof(n->fallback),
			 "initramfs-linux-%s-fallback.img", r);
		break;
	case DISTRO_DEBIAN:
	case DISTRO_UNKNOWN:
	default:
		snprintf(n->image, sizeof(n->image), "vmlinuz-%s", r);
		snprintf(n->initrd, sizeof(n->initrd), "initrd.img-%s", r);
		break;
	}
}

size_t boot_standard_names(const char *release, char out[][BOOT_NAME_MAX],
			   size_t max)
{
	static const char *const fmts[] = {
		"vmlinuz-%s", "vmlinuz-linux-%s", "System.map-%s", "config-%s",
		"initrd.img-%s", "initramfs-%s.img", "initramfs-%s-fallback.img",
		"initramfs-linux-%s.img", "initramfs-linux-%s-fallback.img",
		"initrd-%s",
	};
	size_t i, nr = 0;

	for (i = 0; i < ARRAY_SIZE(fmts) && nr + 1 < max; i++)
		snprintf(out[nr++], BOOT_NAME_MAX, fmts[i], release);
	if (nr < max)
		out[nr][0] = '\0';
	return nr;
}

/* ---- grub.cfg ---- */

/* Split one line into shell-like words (' and " quotes, \ escapes). */
static size_t split_words(const char *s, char **w, size_t max)
{
	size_t nr = 0;

	while (*s && nr < max) {
		struct strbuf sb = STRBUF_INIT;
		char q = 0;

		s += strspn(s, " \t");
		if (!*s || *s == '#')
			break;
		for (; *s; s++) {
			if (q) {
				if (*s == q) {
					q = 0;
					continue;
				}
				if (q == '"' && *s == '\\' && s[1])
					s++;
				strbuf_addch(&sb, *s);
				continue;
			}
			if (*s == ' ' || *s == '\t')
				break;
			if (*s == '\'' || *s == '"') {
				q = *s;
				continue;
			}
			if (*s == '\\' && s[1])
				s++;
			strbuf_addch(&sb, *s);
		}
		w[nr++] = strbuf_detach(&sb, NULL);
	}
	return nr;
}

#define GRUB_MAX_DEPTH 8

struct frame {
	int menu;		/* a menuentry or submenu (else another block) */
	long entry;		/* its index in cfg->e, -1 for a submenu */
	int count;		/* entries seen inside it */
	char *num, *title, *id;	/* its paths, for children */
};

static char *join(const char *a, const char *b)
{
	if (!a)
		return NULL;
	if (!*a)
		return xstrdup(b);
	return xasprintf("%s>%s", a, b);
}

void grub_cfg_parse(const char *text, size_t len, struct grub_cfg *cfg)
{
	struct frame st[GRUB_MAX_DEPTH + 1];
	const char *p = text, *end = text + len;
	int depth = 0, overflow = 0;

	memset(cfg, 0, sizeof(*cfg));
	memset(st, 0, sizeof(st));
	st[0].menu = 1;
	st[0].entry = -1;
	st[0].num = xstrdup("");
	st[0].title = xstrdup("");
	st[0].id = xstrdup("");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup(p, n), *w[32];
		size_t nw, i;
		int opens;

		p += n + (nl ? 1 : 0);
		nw = split_words(line, w, ARRAY_SIZE(w));
		opens = nw && !strcmp(w[nw - 1], "{");
		if (nw && !strcmp(w[0], "}")) {
			if (overflow) {
				overflow--;
			} else if (depth > 0) {
				free(st[depth].num);
				free(st[depth].title);
				free(st[depth].id);
				memset(&st[depth], 0, sizeof(st[depth]));
				depth--;
			}
		} else if (nw >= 2 && opens && (!strcmp(w[0], "menuentry") ||
						!strcmp(w[0], "submenu"))) {
			struct frame *up;
			const char *id = NULL;
			int d = depth;
			char num[16];
			struct frame f = { 1, -1, 0, NULL, NULL, NULL };

			for (i = 2; i + 1 < nw; i++)
				if (!strcmp(w[i], "$menuentry_id_option") ||
				    !strcmp(w[i], "--id"))
					id = w[i + 1];
			/* counted in the nearest menu (the top is one) */
			while (!st[d].menu)
				d--;
			up = &st[d];
			snprintf(num, sizeof(num), "%d", up->count++);
			f.num = join(up->num, num);
			f.title = join(up->title, w[1]);
			f.id = id ? join(up->id, id) : NULL;
			if (!strcmp(w[0], "menuentry")) {
				struct grub_entry *e;

				ALLOC_GROW(cfg->e, cfg->nr + 1, cfg->alloc);
				e = &cfg->e[cfg->nr];
				memset(e, 0, sizeof(*e));
				e->title = xstrdup(w[1]);
				e->id = id ? xstrdup(id) : NULL;
				e->path = xstrdup(f.num);
				e->title_path = xstrdup(f.title);
				e->id_path = f.id ? xstrdup(f.id) : NULL;
				f.entry = (long)cfg->nr++;
			}
			if (depth < GRUB_MAX_DEPTH) {
				st[++depth] = f;
			} else {
				overflow++;
				free(f.num);
				free(f.title);
				free(f.id);
			}
		} else if (opens) {
			if (depth < GRUB_MAX_DEPTH) {
				depth++;
				memset(&st[depth], 0, sizeof(st[depth]));
				st[depth].entry = -1;
			} else {
				overflow++;
			}
		} else if (nw >= 2 && (!strcmp(w[0], "linux") ||
				       !strcmp(w[0], "linuxefi") ||
				       !strcmp(w[0], "linux16"))) {
			int d;

			for (d = depth; d > 0; d--)
				if (st[d].entry >= 0)
					break;
			if (d > 0 && !cfg->e[st[d].entry].kernel)
				cfg->e[st[d].entry].kernel = xstrdup(w[1]);
		} else if (nw >= 2 && depth == 0 && !strcmp(w[0], "set") &&
			   starts_with(w[1], "default=")) {
			free(cfg->set_default);
			cfg->set_default = xstrdup(w[1] + 8);
		}
		for (i = 0; i < nw; i++)
			free(w[i]);
		free(line);
	}
	for (; depth >= 0; depth--) {
		free(st[depth].num);
		free(st[depth].title);
		free(st[depth].id);
	}
}

void grub_cfg_release(struct grub_cfg *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nr; i++) {
		free(cfg->e[i].title);
		free(cfg->e[i].id);
		free(cfg->e[i].path);
		free(cfg->e[i].title_path);
		free(cfg->e[i].id_path);
		free(cfg->e[i].kernel);
	}
	free(cfg->e);
	free(cfg->set_default);
	memset(cfg, 0, sizeof(*cfg));
}

static int eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

const struct grub_entry *grub_cfg_find(const struct grub_cfg *cfg,
				       const char *sel)
{
	size_t i;

	if (!sel || !*sel)
		return NULL;
	for (i = 0; i < cfg->nr; i++) {
		const struct grub_entry *e = &cfg->e[i];

		if (eq(e->path, sel) || eq(e->title_path, sel) ||
		    eq(e->id_path, sel))
			return e;
	}
	/* a top-level entry by its own title or id */
	for (i = 0; i < cfg->nr; i++) {
		const struct grub_entry *e = &cfg->e[i];

		if (!strchr(e->path, '>') && (eq(e->title, sel) ||
					      eq(e->id, sel)))
			return e;
	}
	return NULL;
}

static int is_special(const struct grub_entry *e)
{
	return strstr(e->title, "recovery mode") ||
	       strstr(e->title, "fallback") ||
	       (e->id && strstr(e->id, "-recovery-"));
}

const struct grub_entry *grub_cfg_entry_for(const struct grub_cfg *cfg,
					    const char *image)
{
	const char *rel = strchr(image, '-');
	size_t i;
	int pass;

	/*
	 * First an entry whose id names the kernel (Debian's
	 * gnulinux-R-advanced-UUID): the top "simple" entry boots whatever
	 * kernel is newest when the menu is made again.
	 */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < cfg->nr; i++) {
			const struct grub_entry *e = &cfg->e[i];
			const char *base;

			if (!e->kernel || is_special(e))
				continue;
			if (!pass && (!e->id || !rel || !strstr(e->id, rel)))
				continue;
			base = strrchr(e->kernel, '/');
			base = base ? base + 1 : e->kernel;
			if (!strcmp(base, image))
				return e;
		}
	return NULL;
}

int kv_get(const char *text, size_t len, const char *key, struct strbuf *out)
{
	const char *p = text, *end = text + len;
	size_t klen = strlen(key);
	int found = -1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *l = p;

		p += n + (nl ? 1 : 0);
		while (n && (*l == ' ' || *l == '\t')) {
			l++;
			n--;
		}
		if (n > klen && !memcmp(l, key, klen) && l[klen] == '=') {
			const char *v = l + klen + 1;
			size_t vl = n - klen - 1;

			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			if (vl >= 2 && (v[0] == '"' || v[0] == '\'') &&
			    v[vl - 1] == v[0]) {
				v++;
				vl -= 2;
			}
			strbuf_reset(out);
			strbuf_add(out, v, vl);
			found = 0;	/* the last one wins, as in a shell */
		}
	}
	return found;
}

int bzimage_release(const unsigned char *buf, size_t len, char *out,
		    size_t n)
{
	size_t off, i;

	if (len < 0x210 || memcmp(buf + 0x202, "HdrS", 4) || !n)
		return -1;
	off = (size_t)buf[0x20e] | (size_t)buf[0x20f] << 8;
	if (!off)
		return -1;
	off += 0x200;
	for (i = 0; off + i < len && i + 1 < n; i++) {
		unsigned char c = buf[off + i];

		if (c <= ' ' || c >= 0x7f)
			break;
		out[i] = (char)c;
	}
	out[i] = '\0';
	return i ? 0 : -1;
}

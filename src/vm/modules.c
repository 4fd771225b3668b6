// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/error.h"
#include "lib/file.h"
#include "lib/run-command.h"
#include "vm/modules.h"

/* Names */

static const struct {
	const char *suffix;
	enum module_compression comp;
} suffixes[] = {
	{ ".ko", MODULE_PLAIN },
	{ ".ko.xz", MODULE_XZ },
	{ ".ko.zst", MODULE_ZSTD },
	{ ".ko.gz", MODULE_GZIP },
};

/* The compression of @s, @len bytes, and the length of its suffix. */
static enum module_compression suffix_of(const char *s, size_t len,
					 size_t *suffix_len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t n = strlen(suffixes[i].suffix);

		if (len >= n && !memcmp(s + len - n, suffixes[i].suffix, n)) {
			if (suffix_len)
				*suffix_len = n;
			return suffixes[i].comp;
		}
	}
	return MODULE_NOT;
}

enum module_compression module_compression(const char *path)
{
	return suffix_of(path, strlen(path), NULL);
}

char *module_name_normalize(char *name)
{
	char *p;

	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/* module_name() of @path, @len bytes (need not be NUL-terminated). */
static char *module_name_len(const char *path, size_t len)
{
	const char *base = path;
	size_t i, n;

	for (i = 0; i < len; i++)
		if (path[i] == '/')
			base = path + i + 1;
	len -= (size_t)(base - path);
	if (suffix_of(base, len, &n) == MODULE_NOT || len == n ||
	    memchr(base, '\0', len - n))
		return NULL;
	return module_name_normalize(xstrndup(base, len - n));
}

char *module_name(const char *path)
{
	return module_name_len(path, strlen(path));
}

/* Compare module names, '-' and '_' alike. */
static int modname_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = *a == '-' ? '_' : (unsigned char)*a;
		int cb = *b == '-' ? '_' : (unsigned char)*b;

		if (ca != cb || !ca)
			return ca - cb;
	}
}

static int strvec_has_name(const struct strvec *sv, const char *name)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		if (!modname_cmp(sv->v[i], name))
			return 1;
	return 0;
}

/* The index */

struct modindex_entry *modindex_add(struct modindex *idx, const char *name,
				    const char *path)
{
	struct modindex_entry *e;

	ALLOC_GROW(idx->v, idx->nr + 1, idx->alloc);
	e = &idx->v[idx->nr++];
	memset(e, 0, sizeof(*e));
	e->name = module_name_normalize(xstrdup(name));
	e->path = xstrdup(path);
	idx->sorted = 0;
	return e;
}

static void entry_release(struct modindex_entry *e)
{
	free(e->name);
	free(e->path);
	strvec_clear(&e->deps);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct modindex_entry *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : strcmp(x->path, y->path);
}

void modindex_sort(struct modindex *idx)
{
	size_t i, n = 0;

	if (idx->nr)
		qsort(idx->v, idx->nr, sizeof(*idx->v), entry_cmp);
	for (i = 0; i < idx->nr; i++) {
		if (n && !strcmp(idx->v[n - 1].name, idx->v[i].name))
			entry_release(&idx->v[i]);
		else
			idx->v[n++] = idx->v[i];
	}
	idx->nr = n;
	idx->sorted = 1;
}

static int find_cmp(const void *key, const void *elem)
{
	const struct modindex_entry *e = elem;

	return modname_cmp(key, e->name);
}

struct modindex_entry *modindex_find(struct modindex *idx, const char *name)
{
	if (!idx->sorted)
		modindex_sort(idx);
	if (!idx->nr)
		return NULL;
	return bsearch(name, idx->v, idx->nr, sizeof(*idx->v), find_cmp);
}

void modindex_release(struct modindex *idx)
{
	size_t i;

	for (i = 0; i < idx->nr; i++)
		entry_release(&idx->v[i]);
	free(idx->v);
	idx->v = NULL;
	idx->nr = idx->alloc = 0;
	idx->sorted = 0;
}

/* Parsers */

/* The next line of @buf..@end into *line, *len; advance *pos. */
static int next_line(const char **pos, const char *end, const char **line,
		     size_t *len)
{
	const char *p = *pos, *nl;

	if (p >= end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	*line = p;
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	*pos = nl ? nl + 1 : end;
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return 1;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_blank((*s)[*len - 1]))
		(*len)--;
}

int moddep_parse(const char *buf, size_t len, struct modindex *idx)
{
	const char *pos = buf, *end = buf + len, *line;
	struct strvec extra = STRVEC_INIT;	/* dep paths seen */
	size_t n, i;
	int bad = 0;

	while (next_line(&pos, end, &line, &n)) {
		const char *colon, *p, *q;
		struct modindex_entry *e;
		char *name, *path;
		size_t plen;

		trim(&line, &n);
		if (!n || *line == '#')
			continue;
		colon = memchr(line, ':', n);
		if (!colon) {
			bad++;
			continue;
		}
		plen = (size_t)(colon - line);
		trim(&line, &plen);
		name = module_name_len(line, plen);
		if (!name) {
			bad++;
			continue;
		}
		path = xstrndup(line, plen);
		e = modindex_add(idx, name, path);
		e->have_deps = 1;
		free(name);
		free(path);

		p = colon + 1;
		q = line + n;
		while (p < q) {
			const char *w;

			while (p < q && is_blank(*p))
				p++;
			w = p;
			while (p < q && !is_blank(*p))
				p++;
			if (p == w)
				break;
			name = module_name_len(w, (size_t)(p - w));
			if (!name)
				continue;	/* not a module: ignore */
			strvec_push(&e->deps, name);
			strvec_push(&extra, name);
			free(name);
			path = xstrndup(w, (size_t)(p - w));
			strvec_push(&extra, path);
			free(path);
		}
	}

	/*
	 * A dependency without a line of its own has no dependencies.
	 * Find them all first: adding unsorts the index.
	 */
	modindex_sort(idx);
	for (i = 0; i + 1 < extra.nr; i += 2)
		if (modindex_find(idx, extra.v[i])) {
			free(extra.v[i]);
			extra.v[i] = NULL;
		}
	for (i = 0; i + 1 < extra.nr; i += 2)
		if (extra.v[i])
			modindex_add(idx, extra.v[i], extra.v[i + 1])
				->have_deps = 1;
	modindex_sort(idx);
	strvec_clear(&extra);
	return bad;
}

void modbuiltin_parse(const char *buf, size_t len, struct strvec *names)
{
	const char *pos = buf, *end = buf + len, *line;
	size_t n;

	while (next_line(&pos, end, &line, &n)) {
		char *name;

		trim(&line, &n);
		name = module_name_len(line, n);
		if (name)
			strvec_push(names, name);
		free(name);
	}
}

void modinfo_depends_parse(const char *s, size_t len, struct strvec *names)
{
	const char *end = s + len;

	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t n = comma ? (size_t)(comma - s) : (size_t)(end - s);

		trim(&s, &n);
		if (n && !memchr(s, '\0', n)) {
			char *name = xstrndup(s, n);

			strvec_push(names, module_name_normalize(name));
			free(name);
		}
		if (!comma)
			break;
		s = comma + 1;
	}
}

/* A minimal ELF section reader: both classes, both byte orders. */

struct elf_image {
	const unsigned char *p;
	size_t len;
	int is64, be;
};

/* @size bytes at @off; the caller has checked the bounds. */
static uint64_t elf_rd(const struct elf_image *e, size_t off, int size)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < size; i++) {
		int b = e->be ? i : size - 1 - i;

		v = v << 8 | e->p[off + (size_t)b];
	}
	return v;
}

/* Does [off, off + size) lie inside the image? */
static int elf_in(const struct elf_image *e, uint64_t off, uint64_t size)
{
	return off <= e->len && size <= e->len - off;
}

struct elf_shdr {
	uint32_t name, type, link;
	uint64_t offset, size;
};

static void elf_shdr(const struct elf_image *e, uint64_t at,
		     struct elf_shdr *sh)
{
	size_t o = (size_t)at;

	sh->name = (uint32_t)elf_rd(e, o, 4);
	sh->type = (uint32_t)elf_rd(e, o + 4, 4);
	if (e->is64) {
		sh->offset = elf_rd(e, o + 0x18, 8);
		sh->size = elf_rd(e, o + 0x20, 8);
		sh->link = (uint32_t)elf_rd(e, o + 0x28, 4);
	} else {
		sh->offset = elf_rd(e, o + 0x10, 4);
		sh->size = elf_rd(e, o + 0x14, 4);
		sh->link = (uint32_t)elf_rd(e, o + 0x18, 4);
	}
}

/* Find section @name: 0 and its bytes, or -1. */
static int elf_find_section(const struct elf_image *e, const char *name,
			    const unsigned char **data, size_t *size)
{
	size_t ehsize = e->is64 ? 64 : 52, shsize = e->is64 ? 64 : 40;
	size_t namelen = strlen(name) + 1;
	uint64_t shoff, shnum, shstrndx, shentsize, i;
	struct elf_shdr sh, strtab;

	if (e->len < ehsize)
		return -1;
	shoff = elf_rd(e, e->is64 ? 0x28 : 0x20, e->is64 ? 8 : 4);
	shentsize = elf_rd(e, e->is64 ? 0x3a : 0x2e, 2);
	shnum = elf_rd(e, e->is64 ? 0x3c : 0x30, 2);
	shstrndx = elf_rd(e, e->is64 ? 0x3e : 0x32, 2);
	if (!shoff || shentsize < shsize || !elf_in(e, shoff, shsize))
		return -1;
	/* extended numbering: the real values are in section 0 */
	elf_shdr(e, shoff, &sh);
	if (!shnum)
		shnum = sh.size;
	if (shstrndx == SHN_XINDEX)
		shstrndx = sh.link;
	if (!shnum || shnum > (e->len - shoff) / shentsize ||
	    shstrndx >= shnum)
		return -1;
	elf_shdr(e, shoff + shstrndx * shentsize, &strtab);
	if (strtab.type == SHT_NOBITS ||
	    !elf_in(e, strtab.offset, strtab.size))
		return -1;
	for (i = 1; i < shnum; i++) {
		elf_shdr(e, shoff + i * shentsize, &sh);
		if (sh.name >= strtab.size ||
		    strtab.size - sh.name < namelen ||
		    memcmp(e->p + strtab.offset + sh.name, name, namelen))
			continue;
		if (sh.type == SHT_NOBITS || !elf_in(e, sh.offset, sh.size))
			return -1;
		*data = e->p + sh.offset;
		*size = (size_t)sh.size;
		return 0;
	}
	return -1;
}

int modinfo_get(const void *elf, size_t len, const char *key,
		struct strbuf *value)
{
	struct elf_image e = { elf, len, 0, 0 };
	const unsigned char *sec, *p, *end;
	size_t size, keylen = strlen(key);

	if (len < EI_NIDENT || memcmp(elf, ELFMAG, SELFMAG))
		return -1;
	switch (e.p[EI_CLASS]) {
	case ELFCLASS32:
		break;
	case ELFCLASS64:
		e.is64 = 1;
		break;
	default:
		return -1;
	}
	switch (e.p[EI_DATA]) {
	case ELFDATA2LSB:
		break;
	case ELFDATA2MSB:
		e.be = 1;
		break;
	default:
		return -1;
	}
	if (elf_find_section(&e, ".modinfo", &sec, &size))
		return -1;
	/* NUL-separated "key=value" strings, maybe NUL padding between */
	for (p = sec, end = sec + size; p < end; ) {
		const unsigned char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);

		if (n > keylen && p[keylen] == '=' && !memcmp(p, key, keylen)) {
			strbuf_reset(value);
			strbuf_add(value, p + keylen + 1, n - keylen - 1);
			return 1;
		}
		p += n + 1;
	}
	return 0;
}

/* Resolution */

struct resolve {
	struct modindex *idx;
	const struct strvec *builtin;
	int (*load_deps)(struct modindex_entry *e, void *data);
	void *data;
	struct module_set *set;
};

static int set_has_module(const struct module_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		if (!modname_cmp(set->v[i].name, name))
			return 1;
	return 0;
}

static void push_name(struct strvec *sv, const char *name)
{
	char *n;

	if (strvec_has_name(sv, name))
		return;
	n = module_name_normalize(xstrdup(name));
	strvec_push(sv, n);
	free(n);
}

static int visit(struct resolve *r, const char *name, int depth)
{
	struct modindex_entry *e;
	struct module *m;
	size_t i;

	if (depth > MODULES_MAX_DEPTH)
		return error("module dependencies deeper than %d at '%s'",
			     MODULES_MAX_DEPTH, name);
	if (r->builtin && strvec_has_name(r->builtin, name)) {
		push_name(&r->set->builtin, name);
		return 0;
	}
	e = modindex_find(r->idx, name);
	if (!e) {
		push_name(&r->set->missing, name);
		return 0;
	}
	if (e->state)		/* done, or a cycle: cut it */
		return 0;
	if (set_has_module(r->set, e->name)) {	/* an earlier call's */
		e->state = 2;
		return 0;
	}
	e->state = 1;
	if (!e->have_deps) {
		if (r->load_deps && r->load_deps(e, r->data))
			return -1;
		e->have_deps = 1;
	}
	for (i = 0; i < e->deps.nr; i++)
		if (visit(r, e->deps.v[i], depth + 1))
			return -1;
	e->state = 2;
	ALLOC_GROW(r->set->v, r->set->nr + 1, r->set->alloc);
	m = &r->set->v[r->set->nr];
	m->name = xstrdup(e->name);
	m->path = xstrdup(e->path);
	m->deps = (struct strvec)STRVEC_INIT;
	/* those to load first: not built in, not missing, not a cycle's */
	for (i = 0; i < e->deps.nr; i++)
		if (set_has_module(r->set, e->deps.v[i]))
			push_name(&m->deps, e->deps.v[i]);
	r->set->nr++;
	return 0;
}

int modindex_resolve(struct modindex *idx, const struct strvec *builtin,
		     const char *const *wanted, size_t nr,
		     int (*load_deps)(struct modindex_entry *e, void *data),
		     void *data, struct module_set *set)
{
	struct resolve r = { idx, builtin, load_deps, data, set };
	size_t i;

	/* sort now: entries must not move during the walk */
	modindex_sort(idx);
	for (i = 0; i < idx->nr; i++)
		idx->v[i].state = 0;
	for (i = 0; i < nr; i++)
		if (visit(&r, wanted[i], 0))
			return -1;
	return 0;
}

void module_set_release(struct module_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++) {
		free(set->v[i].name);
		free(set->v[i].path);
		strvec_clear(&set->v[i].deps);
	}
	free(set->v);
	set->v = NULL;
	set->nr = set->alloc = 0;
	strvec_clear(&set->builtin);
	strvec_clear(&set->missing);
}

/* Files */

int module_read(const char *path, struct strbuf *out)
{
	static const char *const prog[] = {
		[MODULE_XZ] = "xz", [MODULE_ZSTD] = "zstd",
		[MODULE_GZIP] = "gzip",
	};
	enum module_compression comp = module_compression(path);
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t orig = out->len;
	int fd, status;

	if (comp == MODULE_NOT || comp == MODULE_PLAIN) {
		if (read_file(path, out)) {
			strbuf_setlen(out, orig);
			return error_errno("cannot read '%s'", path);
		}
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_errno("cannot read '%s'", path);
	strvec_pushl(&cp.args, prog[comp], "-dc", NULL);
	if (comp == MODULE_ZSTD)
		strvec_push(&cp.args, "-q");
	cp.in = fd;
	status = capture_command(&cp, out, &err);
	close(fd);
	strvec_clear(&cp.args);
	if (status) {
		strbuf_setlen(out, orig);
		strbuf_rtrim(&err);
		if (status > 0)
			error("cannot decompress '%s'%s%s", path,
			      err.len ? ": " : "", err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add every module file under @path (a directory) to @idx. */
static int scan_dir(struct strbuf *path, struct modindex *idx)
{
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	size_t len = path->len, i;
	int ret = 0;
	DIR *d = opendir(path->buf);

	if (!d)
		return error_errno("cannot read '%s'", path->buf);
	/*
	 * Each name after a letter for its type as readdir() knows it ('d'
	 * directory, 'f' regular file, '?' to look at): a tree of modules
	 * has thousands of entries, and a stat() each is most of the time.
	 */
	while ((de = readdir(d))) {
		char type = de->d_type == DT_DIR ? 'd' :
			    de->d_type == DT_REG ? 'f' : '?';

		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strvec_pushf(&names, "%c%s", type, de->d_name);
	}
	closedir(d);
	if (names.nr)
		qsort(names.v, names.nr, sizeof(*names.v), path_cmp);

	for (i = 0; i < names.nr && !ret; i++) {
		const char *base = names.v[i] + 1;
		struct stat st;
		char *name = NULL;

		strbuf_setlen(path, len);
		strbuf_addf(path, "/%s", base);
		if (names.v[i][0] == '?') {
			if (lstat(path->buf, &st))
				continue;	/* gone meanwhile */
			names.v[i][0] = S_ISDIR(st.st_mode) ? 'd' :
					S_ISREG(st.st_mode) ? 'f' :
					S_ISLNK(st.st_mode) ? 'l' : '?';
		}
		if (names.v[i][0] == 'd') {
			ret = scan_dir(path, idx);
			continue;
		}
		name = module_name(base);
		/* a symbolic link to a module counts, to a directory not */
		if (name && (names.v[i][0] == 'f' ||
			     (names.v[i][0] == 'l' && !stat(path->buf, &st) &&
			      S_ISREG(st.st_mode))))
			modindex_add(idx, name, path->buf);
		free(name);
	}
	strbuf_setlen(path, len);
	strvec_clear(&names);
	return ret;
}

/* load_deps for a directory without modules.dep: "depends=". */
static int load_modinfo_deps(struct modindex_entry *e, void *data UNUSED)
{
	struct strbuf buf = STRBUF_INIT, val = STRBUF_INIT;
	int ret = 0, r;

	if (module_read(e->path, &buf))
		return -1;
	r = modinfo_get(buf.buf, buf.len, "depends", &val);
	if (r < 0)
		ret = error("'%s' is not a kernel module", e->path);
	else if (r > 0)
		modinfo_depends_parse(val.buf, val.len, &e->deps);
	strbuf_release(&buf);
	strbuf_release(&val);
	return ret;
}

/* Read @dir/@name into @sb: 1, 0 when it does not exist, -1. */
static int read_optional(const char *dir, const char *name,
			 struct strbuf *sb)
{
	char *path = xasprintf("%s/%s", dir, name);
	int ret = 1;

	if (read_file(path, sb))
		ret = errno == ENOENT ? 0 : error_errno("cannot read '%s'",
							  path);
	free(path);
	return ret;
}

int modules_resolve(const char *dir, const char *const *wanted, size_t nr,
		    struct module_set *set)
{
	struct modindex idx = MODINDEX_INIT;
	struct strvec builtin = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, root = STRBUF_INIT;
	int (*load_deps)(struct modindex_entry *e, void *data) = NULL;
	struct stat st;
	int ret = -1, r;
	size_t i;

	if (stat(dir, &st))
		return error_errno("cannot read '%s'", dir);
	if (!S_ISDIR(st.st_mode))
		return error("cannot read '%s': not a directory", dir);
	/* "DIR/" and "DIR": the paths returned never hold "//" */
	strbuf_addstr(&root, dir);
	while (root.len > 1 && root.buf[root.len - 1] == '/')
		strbuf_setlen(&root, root.len - 1);
	dir = root.buf;
	r = read_optional(dir, "modules.builtin", &sb);
	if (r < 0)
		goto out;
	if (r)
		modbuiltin_parse(sb.buf, sb.len, &builtin);

	strbuf_reset(&sb);
	r = read_optional(dir, "modules.dep", &sb);
	if (r < 0)
		goto out;
	if (r) {
		int bad = moddep_parse(sb.buf, sb.len, &idx);

		if (bad)
			warning("'%s/modules.dep': %d malformed line%s ignored",
				dir, bad, bad == 1 ? "" : "s");
		for (i = 0; i < idx.nr; i++) {
			char *p = idx.v[i].path;

			if (*p != '/') {
				idx.v[i].path = xasprintf("%s/%s", dir, p);
				free(p);
			}
		}
	} else {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, dir);
		if (scan_dir(&sb, &idx))
			goto out;
		load_deps = load_modinfo_deps;
	}
	ret = modindex_resolve(&idx, &builtin, wanted, nr, load_deps, NULL,
			       set);
out:
	modindex_release(&idx);
	strvec_clear(&builtin);
	strbuf_release(&sb);
	strbuf_release(&root);
	return ret;
}

/* bzImage */

int kernel_release_from_buf(const void *data, size_t len, char *buf,
			    size_t n)
{
	const unsigned char *p = data;
	size_t off, i;

	/* the setup header: "HdrS" at 0x202, kernel_version at 0x20e */
	if (len < 0x210 || memcmp(p + 0x202, "HdrS", 4))
		return -1;
	off = (size_t)(p[0x20e] | p[0x20f] << 8);
	if (!off)
		return -1;
	off += 0x200;
	for (i = 0; off + i < len; i++) {
		unsigned char c = p[off + i];

		if (c == ' ' || c == '\0' || c == '\n') {
			if (!i || i >= n)
				return -1;
			memcpy(buf, p + off, i);
			buf[i] = '\0';
			return 0;
		}
		if (c < 0x21 || c > 0x7e)	/* printable ASCII only */
			return -1;
	}
	return -1;	/* truncated */
}

int kernel_release_from_bzimage(const char *path, char *buf, size_t n)
{
	/* the version string starts below 0xffff + 0x200 */
	size_t want = 0x10200 + 512, got = 0;
	unsigned char *data;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	data = xmalloc(want);
	while (got < want) {
		ssize_t r = read(fd, data + got, want - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	ret = kernel_release_from_buf(data, got, buf, n);
	free(data);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * MAINTAINERS: parser, pattern matcher, and the people and lists a set
 * of files and keyword hits gets (see maintainers.h for the rules).
 */
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include "../lib/error.h"
#include "../lib/file.h"
#include "maintainers.h"
#include "litscan.h"
#include "mnt-cache.h"
#include "regex.h"

#define CHIEF_PENGUIN "Linus Torvalds <torvalds@linux-foundation.org>"

/* Perl's \s */
static int is_sp(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static void lower(struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < sb->len; i++)
		if (is_upper((unsigned char)sb->buf[i]))
			sb->buf[i] += 32;
}

/* ------------------------------------------------------------ parsing */

static void mnt_warn(struct maintainers *m, int file, int line,
		     const char *what, const char *text)
{
	m->warnings++;
	warning("%s:%d: %s: '%.60s'", m->paths.v[file], line, what, text);
	if (m->log_warnings) {
		struct mnt_warning *w;

		ALLOC_GROW(m->warn_log, m->nr_warn_log + 1, m->alloc_warn_log);
		w = &m->warn_log[m->nr_warn_log++];
		w->file = file;
		w->line = line;
		w->what = xstrdup(what);
		w->text = xstrndup(text, strnlen(text, 60));
	}
}

/* A glob as get_maintainer makes it a regex: . -> \. * -> .* ? -> . */
static char *glob_to_regex(const char *glob)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = glob; *p; p++) {
		if (*p == '.')
			strbuf_addstr(&sb, "\\.");
		else if (*p == '*')
			strbuf_addstr(&sb, ".*");
		else if (*p == '?')
			strbuf_addch(&sb, '.');
		else
			strbuf_addch(&sb, *p);
	}
	return strbuf_detach(&sb, NULL);
}

static int entry_is_dir(struct maintainers *m, struct mnt_entry *e);
static char *glob_to_regex(const char *glob);

/*
 * Entry @e is about to own memory (its glob regex or compiled regex):
 * list it, so that maintainers_free() need not look at every entry.
 */
static void own(struct maintainers *m, struct mnt_entry *e)
{
	if (e->regex || e->re)
		return;		/* listed already */
	ALLOC_GROW(m->owned, (size_t)m->nr_owned + 1, m->alloc_owned);
	m->owned[m->nr_owned++] = (int)(e - m->entries);
}

/* The F:/X: glob as a regex, made when first needed. */
static const char *entry_regex(struct maintainers *m, struct mnt_entry *e)
{
	if (!e->regex) {
		own(m, e);
		e->regex = glob_to_regex(e->value);
	}
	return e->regex;
}

static int compile_entry(struct maintainers *m, struct mnt_entry *e)
{
	const char *err = NULL;
	struct strbuf sb = STRBUF_INIT;

	if (e->re_state)
		return e->re_state == 1;
	if (e->tag == 'F' || e->tag == 'X') {
		entry_is_dir(m, e);
		strbuf_addch(&sb, '^');
		strbuf_addstr(&sb, entry_regex(m, e));
		if (e->dir_state == 1)
			strbuf_addch(&sb, '/');
		e->re = kre_compile(sb.buf, sb.len, KRE_SHORT, &err);
	} else {
		/* N: and K: are matched with m//x */
		own(m, e);
		e->re = kre_compile(e->value, strlen(e->value), KRE_EXTENDED,
				    &err);
	}
	strbuf_release(&sb);
	e->re_state = e->re ? 1 : 2;
	if (!e->re) {
		char what[96];

		snprintf(what, sizeof(what), "cannot use %c: pattern (%s)",
			 e->tag, err);
		mnt_warn(m, e->file, e->line, what, e->value);
	}
	return e->re_state == 1;
}

static void add_line(struct maintainers *m, char *line)
{
	ALLOC_GROW(m->lines, m->nr_lines + 1, m->alloc_lines);
	m->lines[m->nr_lines++] = line;
}

static int known_tag(int c)
{
	return c && strchr("MRLSTWQBCPFXNK", c) != NULL;
}

/* Characters that end the literal start of an F:/X: glob */
static int glob_meta(int c)
{
	switch (c) {
	case '*': case '?': case '[': case ']': case '{': case '}':
	case '(': case ')': case '|': case '+': case '^': case '$':
	case '\\': case '\0':
		return 1;
	}
	return 0;
}

/* Has the value an e-mail address get_maintainer would find? */
static int has_address(const char *v)
{
	const char *at = strchr(v, '@');

	return at && at > v;
}

/*
 * @text (owned by @m, NUL-terminated at @len) is cut into lines in
 * place; lines and values point into it.
 */
static void parse_text(struct maintainers *m, int file, char *text,
		       size_t len)
{
	size_t pos = 0;
	int lineno = 0;

	while (pos < len) {
		char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		const char *v;
		size_t i;

		if (nl)
			*nl = '\0';
		pos += n + (nl ? 1 : 0);
		lineno++;
		if (is_upper((unsigned char)line[0]) && line[1] == ':') {
			struct mnt_entry *e;

			v = line + 2;
			while (is_sp((unsigned char)*v))
				v++;
			ALLOC_GROW(m->entries, m->nr_entries + 1,
				   m->alloc_entries);
			e = &m->entries[m->nr_entries++];
			memset(e, 0, sizeof(*e));
			e->tag = line[0];
			e->value = (char *)v;
			e->tvi = m->nr_lines;
			e->file = file;
			e->line = lineno;
			if (!known_tag(e->tag))
				mnt_warn(m, file, lineno, "unknown tag", line);
			else if (!*v && e->tag != 'S')
				mnt_warn(m, file, lineno, "empty value", line);
			if ((e->tag == 'M' || e->tag == 'R') && *v &&
			    !has_address(v))
				mnt_warn(m, file, lineno,
					 "no e-mail address", line);
			if (e->tag == 'F' || e->tag == 'X') {
				for (i = 0; !glob_meta(e->value[i]); i++)
					;
				e->lit_len = i;
				/* -d on the regex: only a plain path can be */
				if (strpbrk(e->value, ".*?") ||
				    ends_with(e->value, "/") || !*e->value)
					e->dir_state = 2;
			}
			if (e->tag == 'N' || e->tag == 'K')
				compile_entry(m, e);
			add_line(m, line);
			continue;
		}
		for (i = 0; line[i] && is_sp((unsigned char)line[i]); i++)
			;
		if (!line[i] || line[i] == '#')
			continue;
		add_line(m, line);
	}
}

/* Group the kept lines' tags into sections. */
static void make_sections(struct maintainers *m)
{
	int i = 0, j;

	m->entry_section = xcalloc(m->nr_entries + 1, sizeof(int));
	while (i < m->nr_entries) {
		struct mnt_section *s;
		int tvi = m->entries[i].tvi;

		ALLOC_GROW(m->sections, m->nr_sections + 1, m->alloc_sections);
		s = &m->sections[m->nr_sections];
		memset(s, 0, sizeof(*s));
		s->first = i;
		for (j = i; j < m->nr_entries &&
		     m->entries[j].tvi == tvi + (j - i); j++)
			m->entry_section[j] = m->nr_sections;
		s->nr = j - i;
		s->header_tvi = tvi > 0 ? tvi - 1 : 0;
		s->name = m->lines[s->header_tvi];
		s->file = m->entries[i].file;
		s->line = m->entries[i].line - 1;
		if (tvi == 0)
			mnt_warn(m, m->entries[i].file, m->entries[i].line,
				 "tag outside a section", m->lines[0]);
		for (j = i; j < i + s->nr; j++) {
			if (m->entries[j].tag == 'S')
				s->status = m->entries[j].value;
			if (m->entries[j].tag == 'K') {
				m->keywords = xrealloc(m->keywords,
					sizeof(int) * (m->nr_keywords + 1));
				m->keywords[m->nr_keywords++] = j;
			}
		}
		m->nr_sections++;
		i += s->nr;
	}
}

static struct maintainers *new_maintainers(const char *tree)
{
	struct maintainers *m = xcalloc(1, sizeof(*m));
	const char *err;

	m->tree = xstrdup(tree ? tree : ".");
	m->chief = kre_compile(CHIEF_PENGUIN, strlen(CHIEF_PENGUIN), KRE_SHORT,
			       &err);
	return m;
}

struct maintainers *maintainers_new(const char *tree, const char *name)
{
	struct maintainers *m = new_maintainers(tree);

	strvec_push(&m->paths, name);
	return m;
}

struct maintainers *maintainers_parse(const char *tree, const char *name,
				      const char *text, size_t len)
{
	struct maintainers *m = new_maintainers(tree);

	strvec_push(&m->paths, name);
	m->texts = xcalloc(2, sizeof(char *));
	m->texts[0] = xmalloc(len + 1);
	memcpy(m->texts[0], text, len);
	m->texts[0][len] = '\0';
	parse_text(m, 0, m->texts[0], len);
	make_sections(m);
	return m;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---------------------------------------------------------- the cache */

static int cache_off;

void maintainers_no_cache(void)
{
	cache_off = 1;
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * ${XDG_CACHE_HOME:-$HOME/.cache}/kdev/maintainers/HASH.idx for the
 * MAINTAINERS @path of @tree, or NULL (no cache wanted or no place).
 */
static char *cache_file(const char *tree, const char *path)
{
	const char *no = getenv("KDEV_NO_CACHE");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *real, *file;
	uint64_t h = 0xcbf29ce484222325ULL;

	if (cache_off || (no && *no && strcmp(no, "0")))
		return NULL;
	if ((!xdg || *xdg != '/') && (!home || *home != '/'))
		return NULL;
	real = realpath(path, NULL);
	if (!real)
		return NULL;
	h = fnv1a(h, real, strlen(real) + 1);
	h = fnv1a(h, tree, strlen(tree));
	free(real);
	if (xdg && *xdg == '/')
		file = xasprintf("%s/kdev/maintainers/%016llx.idx", xdg,
				 (unsigned long long)h);
	else
		file = xasprintf("%s/.cache/kdev/maintainers/%016llx.idx",
				 home, (unsigned long long)h);
	return file;
}

/*
 * What stat() says of @path, into @key; *newest is the latest
 * modification time seen. The cache is used only when all of it is the same.
 */
static void key_add(struct strbuf *key, const char *path, time_t *newest)
{
	struct stat st;
	uint64_t v[8];

	strbuf_add(key, path, strlen(path) + 1);
	if (stat(path, &st)) {
		strbuf_add(key, "-", 2);
		return;
	}
	v[0] = st.st_dev;
	v[1] = st.st_ino;
	v[2] = st.st_mode;
	v[3] = (uint64_t)st.st_size;
	v[4] = (uint64_t)st.st_mtim.tv_sec;
	v[5] = (uint64_t)st.st_mtim.tv_nsec;
	v[6] = (uint64_t)st.st_ctim.tv_sec;
	v[7] = (uint64_t)st.st_ctim.tv_nsec;
	strbuf_add(key, v, sizeof(v));
	if (st.st_mtim.tv_sec > *newest)
		*newest = st.st_mtim.tv_sec;
}

static int cache_read(struct maintainers *m, const char *file,
		      const struct strbuf *key)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	uint64_t base, total, hdr[64];
	void *map;
	size_t i;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < 64 ||
	    st.st_size > (1 << 30)) {
		close(fd);
		return -1;
	}
	/*
	 * At the address its pointers are for, the image is used as it is:
	 * no arrays to allocate and fill. If that address is taken, or the
	 * kernel has no MAP_FIXED_NOREPLACE (4.17), anywhere else, and the
	 * pointers are moved.
	 */
	map = MAP_FAILED;
	if (pread(fd, hdr, sizeof(hdr), 0) == (ssize_t)sizeof(hdr) &&
	    !mnt_cache_header(hdr, sizeof(hdr), &base, &total) &&
	    total == (uint64_t)st.st_size && base == (uintptr_t)base) {
		map = mmap((void *)(uintptr_t)base, (size_t)st.st_size,
			   PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE |
			   MAP_POPULATE, fd, 0);
		if (map != MAP_FAILED && map != (void *)(uintptr_t)base) {
			munmap(map, (size_t)st.st_size);
			map = MAP_FAILED;
		}
	}
	if (map == MAP_FAILED)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ,
			   MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	/*
	 * Mapped read-only first: MAP_POPULATE on a writable private map
	 * would copy every page. Entries the query compiles a regex for,
	 * and pointers that must move, are then written: those pages
	 * alone are copied.
	 */
	if (mprotect(map, (size_t)st.st_size, PROT_READ | PROT_WRITE)) {
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	if (mnt_cache_fill(m, map, (size_t)st.st_size, key->buf, key->len,
			   1)) {
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	m->cache_map = map;
	m->cache_len = (size_t)st.st_size;
	for (i = 0; i < m->nr_warn_log; i++) {
		const struct mnt_warning *w = &m->warn_log[i];

		m->warnings++;
		warning("%s:%d: %s: '%.60s'", m->paths.v[w->file], w->line,
			w->what, w->text);
	}
	return 0;
}

static void mailmap_sort(struct maintainers *m);

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* mkdir -p, quietly */
static int mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/*
 * Write the cache of @m (just parsed) and of TREE/.mailmap. Quietly
 * nothing when it cannot be written: the cache is only a speed-up.
 */
static void cache_write(struct maintainers *m, const char *file,
			const struct strbuf *key)
{
	struct maintainers *mm = NULL;
	struct strbuf out = STRBUF_INIT, sb = STRBUF_INIT;
	char *tmp, *mailmap, *slash;
	int fd;

	tmp = xasprintf("%s.XXXXXX", file);
	slash = strrchr(tmp, '/');
	*slash = '\0';
	if (mkdirs(tmp) || (mkdir(tmp, 0755) && errno != EEXIST)) {
		free(tmp);
		return;
	}
	*slash = '/';
	mailmap = xasprintf("%s/.mailmap", m->tree);
	if (is_file(mailmap)) {
		if (read_file(mailmap, &sb))
			goto out;
		mm = xcalloc(1, sizeof(*mm));
		mailmap_parse(mm, sb.buf, sb.len);
		mailmap_sort(mm);
	}
	mnt_cache_build(m, mm, key->buf, key->len, &out);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto out;
	if (fchmod(fd, 0644) || write_all(fd, out.buf, out.len) ||
	    close(fd) || rename(tmp, file))
		unlink(tmp);
	else
		m->from_cache = 2;
out:
	if (mm)
		maintainers_free(mm);
	strbuf_release(&out);
	strbuf_release(&sb);
	free(mailmap);
	free(tmp);
}

struct maintainers *maintainers_load(const char *tree, const char *path)
{
	struct maintainers *m;
	struct strvec files = STRVEC_INIT;
	struct strbuf key = STRBUF_INIT;
	char *def = NULL, *cache = NULL, *mailmap;
	time_t newest = 0;
	size_t i;

	if (!path)
		path = def = xasprintf("%s/MAINTAINERS", tree);
	if (is_dir(path)) {
		DIR *d = opendir(path);
		struct dirent *de;

		if (!d) {
			error_errno("cannot read the directory '%s'", path);
			free(def);
			return NULL;
		}
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				strvec_pushf(&files, "%s/%s", path, de->d_name);
		closedir(d);
		if (files.nr)
			qsort(files.v, files.nr, sizeof(char *), cmp_str);
		if (!files.nr) {
			error("no MAINTAINERS files in '%s'", path);
			free(def);
			return NULL;
		}
	} else {
		strvec_push(&files, path);
	}
	m = new_maintainers(tree);
	for (i = 0; i < files.nr; i++)
		strvec_push(&m->paths, files.v[i]);
	if (files.nr < 65536)
		cache = cache_file(m->tree, path);
	if (cache) {
		strbuf_addf(&key, "kdev maintainers %d", MNT_CACHE_VERSION);
		strbuf_add(&key, "", 1);
		if (files.nr > 1 || strcmp(files.v[0], path))
			key_add(&key, path, &newest);
		for (i = 0; i < files.nr; i++)
			key_add(&key, files.v[i], &newest);
		mailmap = xasprintf("%s/.mailmap", m->tree);
		key_add(&key, mailmap, &newest);
		free(mailmap);
		if (!cache_read(m, cache, &key))
			goto done;
		m->log_warnings = 1;
	}
	m->texts = xcalloc(files.nr + 1, sizeof(char *));
	for (i = 0; i < files.nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t n;

		if (read_file(files.v[i], &sb)) {
			if (errno == ENOENT)
				error("cannot read '%s': no such file; is '%s' "
				      "a kernel tree? (--tree DIR)", files.v[i],
				      tree);
			else
				error_errno("cannot read '%s'", files.v[i]);
			strbuf_release(&sb);
			strvec_clear(&files);
			strbuf_release(&key);
			free(cache);
			free(def);
			maintainers_free(m);
			return NULL;
		}
		m->texts[i] = strbuf_detach(&sb, &n);
		parse_text(m, (int)i, m->texts[i], n);
	}
	make_sections(m);
	/*
	 * Not when a file changed in the last two seconds: a change in the
	 * same clock tick that keeps the size would not show in the key.
	 */
	if (cache && newest < time(NULL) - 2)
		cache_write(m, cache, &key);
	m->log_warnings = 0;
done:
	strvec_clear(&files);
	strbuf_release(&key);
	free(cache);
	free(def);
	return m;
}

void maintainers_free(struct maintainers *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->nr_owned; i++) {
		free(m->entries[m->owned[i]].regex);
		kre_free(m->entries[m->owned[i]].re);
	}
	free(m->owned);
	if (m->kw_patch)
		for (i = 0; i < m->nr_keywords; i++)
			kre_free(m->kw_patch[i]);
	free(m->kw_patch);
	for (i = 0; !m->mm_borrowed && i < (int)m->nr_mm_names; i++) {
		free(m->mm_names[i].key);
		free(m->mm_names[i].value);
	}
	for (i = 0; !m->mm_borrowed && i < (int)m->nr_mm_addrs; i++) {
		free(m->mm_addrs[i].key);
		free(m->mm_addrs[i].value);
	}
	if (!m->mm_borrowed || !m->in_map) {
		free(m->mm_names);
		free(m->mm_addrs);
	}
	if (!m->in_map) {
		free(m->entries);
		free(m->lines);
		free(m->sections);
		free(m->entry_section);
		free(m->keywords);
		free(m->mmc_names);
		free(m->mmc_addrs);
		for (i = 0; i < (int)m->nr_warn_log; i++) {
			free(m->warn_log[i].what);
			free(m->warn_log[i].text);
		}
		free(m->warn_log);
		free(m->needs);
	}
	kre_free(m->chief);
	kre_free(m->file_email);
	kre_free(m->addr_in);
	if (m->texts)
		for (i = 0; i < (int)m->paths.nr; i++)
			free(m->texts[i]);
	free(m->texts);
	strvec_clear(&m->paths);
	free(m->tree);
	if (m->cache_map)
		munmap(m->cache_map, m->cache_len);
	free(m);
}

/* ------------------------------------------------------- e-mail text */

static void trim_into(struct strbuf *out, const char *s, size_t len)
{
	while (len && is_sp((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && is_sp((unsigned char)s[len - 1]))
		len--;
	strbuf_add(out, s, len);
}

/* name: trimmed, one quote off each end, quoted again when it must be */
static void clean_name(struct strbuf *name)
{
	struct strbuf t = STRBUF_INIT;
	size_t i, start = 0, end;
	int special = 0;

	trim_into(&t, name->buf, name->len);
	end = t.len;
	if (end && t.buf[0] == '"')
		start = 1;
	if (end > start && t.buf[end - 1] == '"')
		end--;
	strbuf_reset(name);
	for (i = start; i < end; i++) {
		int c = (unsigned char)t.buf[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == ' ' ||
		      c == '-'))
			special = 1;
	}
	if (!special) {
		strbuf_add(name, t.buf + start, end - start);
	} else {
		strbuf_addch(name, '"');
		for (i = start; i < end; i++) {
			if (t.buf[i] == '"' && (i == start || t.buf[i - 1] != '\\'))
				strbuf_addch(name, '\\');
			strbuf_addch(name, t.buf[i]);
		}
		strbuf_addch(name, '"');
	}
	strbuf_release(&t);
}

void mnt_parse_email(const char *s, struct strbuf *name,
		     struct strbuf *address)
{
	size_t len = strlen(s), i, a = 0, e = 0;
	const char *lt = strchr(s, '<'), *gt;
	int found = 0;

	strbuf_reset(name);
	strbuf_reset(address);
	/* ^([^<]+)<(.+\@.*)>.*$ */
	if (lt && lt > s && (gt = strrchr(s, '>')) && gt > lt) {
		const char *p;

		for (p = lt + 2; p < gt; p++)
			if (*p == '@')
				break;
		if (p < gt) {
			strbuf_add(name, s, lt - s);
			strbuf_add(address, lt + 1, gt - lt - 1);
			found = 1;
		}
	}
	/* ^\s*<(.+\@\S*)>.*$ */
	if (!found) {
		for (i = 0; i < len && is_sp((unsigned char)s[i]); i++)
			;
		if (i < len && s[i] == '<') {
			size_t q, r, st = i + 1;

			for (q = len; q-- > st + 1;) {
				if (s[q] != '@')
					continue;
				for (r = q + 1; r < len &&
				     !is_sp((unsigned char)s[r]); r++)
					;
				while (r > q + 1 && s[r - 1] != '>')
					r--;
				if (r > q + 1) {
					a = st;
					e = r - 1;
					found = 2;
					break;
				}
			}
			if (found)
				strbuf_add(address, s + a, e - a);
		}
	}
	/* ^(.+\@\S*).*$ */
	if (!found) {
		const char *at = strrchr(s, '@');

		if (at && at > s) {
			for (e = at - s + 1; e < len && !is_sp((unsigned char)s[e]);
			     e++)
				;
			strbuf_add(address, s, e);
		}
	}
	clean_name(name);
	{
		struct strbuf t = STRBUF_INIT;

		trim_into(&t, address->buf, address->len);
		strbuf_reset(address);
		strbuf_addbuf(address, &t);
		strbuf_release(&t);
	}
}

void mnt_format_email(const char *name, const char *address,
		      struct strbuf *out)
{
	struct strbuf n = STRBUF_INIT;

	strbuf_addstr(&n, name);
	clean_name(&n);
	if (!n.len) {
		trim_into(out, address, strlen(address));
	} else {
		strbuf_addbuf(out, &n);
		strbuf_addstr(out, " <");
		trim_into(out, address, strlen(address));
		strbuf_addch(out, '>');
	}
	strbuf_release(&n);
}

/* ----------------------------------------------------------- RFC 822 */

/* Comments replaced by one space, innermost and last first. */
static char *rfc822_strip_comments(const char *in)
{
	char *s = xstrdup(in);

	for (;;) {
		size_t len = strlen(s), i = 0, open = (size_t)-1, j;
		size_t best_open = (size_t)-1, best_close = 0;

		while (i < len) {
			if (s[i] == '\\') {
				if (i + 1 >= len)
					break;
				i += 2;
			} else if (s[i] == '"') {
				for (j = i + 1; j < len && s[j] != '"'; j++)
					if (s[j] == '\\')
						j++;
				if (j >= len)
					break;
				i = j + 1;
			} else {
				if (s[i] == '(') {
					open = i;
					/* a comment with no parens inside */
					for (j = i + 1; j < len && s[j] != '(' &&
					     s[j] != ')'; j++)
						if (s[j] == '\\')
							j++;
					if (j < len && s[j] == ')') {
						best_open = open;
						best_close = j;
					}
				}
				i++;
			}
		}
		if (best_open == (size_t)-1)
			return s;
		s[best_open] = ' ';
		memmove(s + best_open + 1, s + best_close + 1,
			len - best_close);
	}
}

enum { T_ATOM, T_QSTR, T_DLIT, T_SPECIAL };

struct rtok {
	int type;
	char c;			/* T_SPECIAL */
	size_t start, end;	/* in the stripped string */
};

struct rparse {
	struct rtok *t;
	size_t nr, alloc;
};

static int rfc822_tokenize(const char *s, struct rparse *rp)
{
	size_t i = 0, len = strlen(s), j;

	while (i < len) {
		unsigned char c = s[i];
		struct rtok tok = { 0 };

		if (c == ' ' || c == '\t') {
			i++;
			continue;
		}
		if (c == '\r' && i + 2 < len + 1 && s[i + 1] == '\n' &&
		    (s[i + 2] == ' ' || s[i + 2] == '\t')) {
			i += 3;
			continue;
		}
		tok.start = i;
		if (c == '"') {
			for (j = i + 1; j < len && s[j] != '"'; j++) {
				if (s[j] == '\\')
					j++;
				else if (s[j] == '\r')
					return -1;
			}
			if (j >= len)
				return -1;
			tok.type = T_QSTR;
			i = j + 1;
		} else if (c == '[') {
			for (j = i + 1; j < len && s[j] != ']'; j++) {
				if (s[j] == '\\')
					j++;
				else if (s[j] == '[' || s[j] == '\r')
					return -1;
			}
			if (j >= len)
				return -1;
			tok.type = T_DLIT;
			i = j + 1;
		} else if (strchr("()<>@,;:\\.]", c)) {
			tok.type = T_SPECIAL;
			tok.c = c;
			i++;
		} else if (c < 32 || c == 127) {
			return -1;
		} else {
			for (j = i; j < len; j++) {
				unsigned char d = s[j];

				if (d <= 32 || d == 127 || strchr("()<>@,;:\\\".[]", d))
					break;
			}
			tok.type = T_ATOM;
			i = j;
		}
		tok.end = i;
		ALLOC_GROW(rp->t, rp->nr + 1, rp->alloc);
		rp->t[rp->nr++] = tok;
	}
	return 0;
}

static int tok_is(const struct rparse *rp, size_t i, char c)
{
	return i < rp->nr && rp->t[i].type == T_SPECIAL && rp->t[i].c == c;
}

static int tok_word(const struct rparse *rp, size_t i)
{
	return i < rp->nr && (rp->t[i].type == T_ATOM ||
			      rp->t[i].type == T_QSTR);
}

/* Each returns the index after what it parsed, or -1. */
static long r_domain(const struct rparse *rp, size_t i)
{
	for (;;) {
		if (i >= rp->nr || (rp->t[i].type != T_ATOM &&
				    rp->t[i].type != T_DLIT))
			return -1;
		i++;
		if (!tok_is(rp, i, '.'))
			return (long)i;
		i++;
	}
}

static long r_addr_spec(const struct rparse *rp, size_t i)
{
	for (;;) {
		if (!tok_word(rp, i))
			return -1;
		i++;
		if (!tok_is(rp, i, '.'))
			break;
		i++;
	}
	if (!tok_is(rp, i, '@'))
		return -1;
	return r_domain(rp, i + 1);
}

static long r_route_addr(const struct rparse *rp, size_t i)
{
	long r;

	if (!tok_is(rp, i, '<'))
		return -1;
	i++;
	if (tok_is(rp, i, '@')) {
		for (;;) {
			r = r_domain(rp, i + 1);
			if (r < 0)
				return -1;
			i = r;
			if (tok_is(rp, i, ',') && tok_is(rp, i + 1, '@')) {
				i++;
				continue;
			}
			if (!tok_is(rp, i, ':'))
				return -1;
			i++;
			break;
		}
	}
	r = r_addr_spec(rp, i);
	if (r < 0 || !tok_is(rp, r, '>'))
		return -1;
	return r + 1;
}

static long r_mailbox(const struct rparse *rp, size_t i)
{
	long r = r_addr_spec(rp, i);

	if (r >= 0)
		return r;
	while (tok_word(rp, i))
		i++;
	return r_route_addr(rp, i);
}

static long r_address(const struct rparse *rp, size_t i)
{
	long r = r_mailbox(rp, i);

	if (r >= 0)
		return r;
	while (tok_word(rp, i))
		i++;
	if (!tok_is(rp, i, ':'))
		return -1;
	i++;
	if (!tok_is(rp, i, ';')) {
		for (;;) {
			r = r_mailbox(rp, i);
			if (r < 0)
				return -1;
			i = r;
			if (!tok_is(rp, i, ','))
				break;
			i++;
		}
	}
	if (!tok_is(rp, i, ';'))
		return -1;
	return (long)i + 1;
}

int mnt_rfc822_valid(const char *s)
{
	char *t = rfc822_strip_comments(s);
	struct rparse rp = { 0 };
	int ok = 0;

	if (!rfc822_tokenize(t, &rp))
		ok = rp.nr && r_address(&rp, 0) == (long)rp.nr;
	free(rp.t);
	free(t);
	return ok;
}

/*
 * A valid comma-separated list: its addresses (as substrings of the
 * comment-stripped text) into @out; 0 when it is not a valid list.
 */
static int rfc822_validlist(const char *s, struct strvec *out)
{
	char *t = rfc822_strip_comments(s);
	struct rparse rp = { 0 };
	size_t i = 0;
	int ok = 0;

	if (rfc822_tokenize(t, &rp))
		goto out;
	for (;;) {
		if (i < rp.nr && !tok_is(&rp, i, ',')) {
			long r = r_address(&rp, i);

			if (r < 0)
				goto out;
			strvec_push(out, "");
			free(out->v[out->nr - 1]);
			out->v[out->nr - 1] = xstrndup(t + rp.t[i].start,
						       rp.t[r - 1].end -
						       rp.t[i].start);
			i = r;
		}
		if (i >= rp.nr)
			break;
		if (!tok_is(&rp, i, ','))
			goto out;
		i++;
	}
	ok = 1;
out:
	free(rp.t);
	free(t);
	return ok;
}

/* ------------------------------------------------------------ mailmap */

static void mm_add(struct mailmap_entry **arr, size_t *nr, size_t *alloc,
		   const char *key, const char *value)
{
	ALLOC_GROW(*arr, *nr + 1, *alloc);
	(*arr)[*nr].key = xstrdup(key);
	(*arr)[*nr].value = xstrdup(value);
	(*arr)[*nr].seq = *nr;
	(*nr)++;
}

static int cmp_mm(const void *a, const void *b)
{
	const struct mailmap_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The value for @key (the last line that set it), or NULL. */
static const char *mm_get(const struct mailmap_entry *arr, size_t nr,
			  const char *key)
{
	size_t lo = 0, hi = nr;
	const char *found = NULL;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(arr[mid].key, key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && !strcmp(arr[lo - 1].key, key))
		found = arr[lo - 1].value;
	return found;
}

/*
 * One line: "Name <a>", "<a> <b>", "Name <a> <b>" or "Name <a> Other
 * <b>" (git-shortlog(1)'s forms).
 */
static void mailmap_line(struct maintainers *m, const char *line)
{
	const char *p = line, *o[3], *c[3];
	int n = 0;
	struct strbuf t0 = STRBUF_INIT, t1 = STRBUF_INIT, a0 = STRBUF_INIT;
	struct strbuf a1 = STRBUF_INIT, name = STRBUF_INIT;
	struct strbuf addr = STRBUF_INIT, tmp = STRBUF_INIT;

	while (n < 3 && (o[n] = strchr(p, '<'))) {
		c[n] = strchr(o[n] + 1, '>');
		if (!c[n] || c[n] == o[n] + 1)
			return;
		p = c[n] + 1;
		n++;
	}
	if (!n || n > 2 || *p)
		return;
	strbuf_add(&t0, line, o[0] - line);
	strbuf_add(&a0, o[0] + 1, c[0] - o[0] - 1);
	if (n == 2) {
		strbuf_add(&t1, c[0] + 1, o[1] - c[0] - 1);
		strbuf_add(&a1, o[1] + 1, c[1] - o[1] - 1);
	}
	strbuf_rtrim(&t0);
	if (n == 1 && t0.len) {
		strbuf_addf(&tmp, "%s <%s>", t0.buf, a0.buf);
		mnt_parse_email(tmp.buf, &name, &addr);
		mm_add(&m->mm_names, &m->nr_mm_names, &m->alloc_mm_names,
		       addr.buf, name.buf);
	} else if (n == 2 && !t0.len && o[0] == line) {
		size_t i;

		for (i = 0; i < t1.len && is_sp((unsigned char)t1.buf[i]); i++)
			;
		if (i == t1.len)
			mm_add(&m->mm_addrs, &m->nr_mm_addrs, &m->alloc_mm_addrs,
			       a1.buf, a0.buf);
	} else if (n == 2 && o[0] > line) {
		struct strbuf t1t = STRBUF_INIT;

		trim_into(&t1t, t1.buf, t1.len);
		strbuf_addf(&tmp, "%s <%s>", t0.buf, a0.buf);
		mnt_parse_email(tmp.buf, &name, &addr);
		if (!t1t.len) {
			mm_add(&m->mm_names, &m->nr_mm_names,
			       &m->alloc_mm_names, a1.buf, name.buf);
			mm_add(&m->mm_addrs, &m->nr_mm_addrs,
			       &m->alloc_mm_addrs, a1.buf, addr.buf);
		} else {
			struct strbuf wn = STRBUF_INIT, wa = STRBUF_INIT;
			struct strbuf key = STRBUF_INIT;

			strbuf_reset(&tmp);
			strbuf_addf(&tmp, "%s <%s>", t1t.buf, a1.buf);
			mnt_parse_email(tmp.buf, &wn, &wa);
			mnt_format_email(wn.buf, wa.buf, &key);
			mm_add(&m->mm_names, &m->nr_mm_names,
			       &m->alloc_mm_names, key.buf, name.buf);
			mm_add(&m->mm_addrs, &m->nr_mm_addrs,
			       &m->alloc_mm_addrs, key.buf, addr.buf);
			strbuf_release(&wn);
			strbuf_release(&wa);
			strbuf_release(&key);
		}
		strbuf_release(&t1t);
	}
	strbuf_release(&t0);
	strbuf_release(&t1);
	strbuf_release(&a0);
	strbuf_release(&a1);
	strbuf_release(&name);
	strbuf_release(&addr);
	strbuf_release(&tmp);
}

/* Own the strings of entries that point into the cache. */
static void mailmap_own(struct maintainers *m)
{
	size_t i;

	if (!m->mm_borrowed)
		return;
	if (m->in_map) {
		/* the arrays too are the cache's */
		struct mailmap_entry *n = xcalloc(m->nr_mm_names + 1,
						  sizeof(*n));
		struct mailmap_entry *a = xcalloc(m->nr_mm_addrs + 1,
						  sizeof(*a));

		if (m->nr_mm_names)
			memcpy(n, m->mm_names,
			       m->nr_mm_names * sizeof(*n));
		if (m->nr_mm_addrs)
			memcpy(a, m->mm_addrs,
			       m->nr_mm_addrs * sizeof(*a));
		m->mm_names = n;
		m->mm_addrs = a;
	}
	for (i = 0; i < m->nr_mm_names; i++) {
		m->mm_names[i].key = xstrdup(m->mm_names[i].key);
		m->mm_names[i].value = xstrdup(m->mm_names[i].value);
	}
	for (i = 0; i < m->nr_mm_addrs; i++) {
		m->mm_addrs[i].key = xstrdup(m->mm_addrs[i].key);
		m->mm_addrs[i].value = xstrdup(m->mm_addrs[i].value);
	}
	m->mm_borrowed = 0;
}

void mailmap_parse(struct maintainers *m, const char *text, size_t len)
{
	size_t pos = 0;

	mailmap_own(m);
	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;
		struct strbuf line = STRBUF_INIT, t = STRBUF_INIT;
		const char *hash;

		pos += n + (nl ? 1 : 0);
		strbuf_add(&line, l, n);
		hash = memchr(line.buf, '#', line.len);
		if (hash)
			strbuf_setlen(&line, hash - line.buf);
		/* a NUL inside ends the line for us */
		strbuf_setlen(&line, strlen(line.buf));
		trim_into(&t, line.buf, line.len);
		if (t.len)
			mailmap_line(m, t.buf);
		strbuf_release(&line);
		strbuf_release(&t);
	}
	m->mailmap_sorted = 0;
}

static void mailmap_sort(struct maintainers *m)
{
	if (m->mailmap_sorted)
		return;
	if (m->nr_mm_names)
		qsort(m->mm_names, m->nr_mm_names, sizeof(*m->mm_names), cmp_mm);
	if (m->nr_mm_addrs)
		qsort(m->mm_addrs, m->nr_mm_addrs, sizeof(*m->mm_addrs), cmp_mm);
	m->mailmap_sorted = 1;
}

int maintainers_read_mailmap(struct maintainers *m)
{
	char *path;
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;
	size_t i;

	if (m->from_cache == 1) {
		/* the cache's copy: sorted, its strings in the mapping */
		m->from_cache = 4;
		if (!m->nr_mm_names && !m->nr_mm_addrs) {
			free(m->mm_names);
			free(m->mm_addrs);
			m->mm_names = m->mmc_names;
			m->mm_addrs = m->mmc_addrs;
			m->nr_mm_names = m->alloc_mm_names = m->nr_mmc_names;
			m->nr_mm_addrs = m->alloc_mm_addrs = m->nr_mmc_addrs;
			m->mmc_names = m->mmc_addrs = NULL;
			m->mm_borrowed = 1;
			m->mailmap_sorted = 1;
			return 0;
		}
		mailmap_own(m);
		for (i = 0; i < m->nr_mmc_names; i++)
			mm_add(&m->mm_names, &m->nr_mm_names,
			       &m->alloc_mm_names, m->mmc_names[i].key,
			       m->mmc_names[i].value);
		for (i = 0; i < m->nr_mmc_addrs; i++)
			mm_add(&m->mm_addrs, &m->nr_mm_addrs,
			       &m->alloc_mm_addrs, m->mmc_addrs[i].key,
			       m->mmc_addrs[i].value);
		m->mailmap_sorted = 0;
		return 0;
	}
	path = xasprintf("%s/.mailmap", m->tree);

	if (is_file(path)) {
		if (read_file(path, &sb))
			ret = error_errno("cannot read '%s'", path);
		else
			mailmap_parse(m, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	free(path);
	return ret;
}

/* get_maintainer's mailmap_email(): "Name <addr>" through .mailmap */
static void mailmap_email(struct maintainers *m, const char *line,
			  struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf email = STRBUF_INIT;
	const char *rn, *ra;

	mailmap_sort(m);
	mnt_parse_email(line, &name, &addr);
	mnt_format_email(name.buf, addr.buf, &email);
	rn = mm_get(m->mm_names, m->nr_mm_names, email.buf);
	ra = mm_get(m->mm_addrs, m->nr_mm_addrs, email.buf);
	if (!rn && !ra) {
		rn = mm_get(m->mm_names, m->nr_mm_names, addr.buf);
		ra = mm_get(m->mm_addrs, m->nr_mm_addrs, addr.buf);
	}
	strbuf_reset(out);
	mnt_format_email(rn ? rn : name.buf, ra ? ra : addr.buf, out);
	strbuf_release(&name);
	strbuf_release(&addr);
	strbuf_release(&email);
}

/* ------------------------------------------------------------ matching */

static int count_slashes(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

static int entry_is_dir(struct maintainers *m, struct mnt_entry *e)
{
	if (!e->dir_state) {
		char *p = xasprintf("%s/%s", m->tree, entry_regex(m, e));

		e->dir_state = is_dir(p) ? 1 : 2;
		free(p);
	}
	return e->dir_state == 1;
}

/* The pattern's depth as get_maintainer counts it. */
static int entry_depth(struct maintainers *m, struct mnt_entry *e)
{
	const char *re = entry_regex(m, e);
	int d = count_slashes(re);

	if (re[0] == '.' && re[1] == '*')
		return -1;
	if (entry_is_dir(m, e))
		return d + 1;	/* the '/' get_maintainer adds */
	if (!ends_with(re, "/"))
		d++;
	return d;
}

/*
 * Is @glob a plain glob, whose regex (glob_to_regex()) has no other
 * special character than the ".*" and "." its '*' and '?' make? (An F:
 * pattern is a Perl regex but for those: "foo[0-9]" is a class.)
 */
int mnt_glob_plain(const char *glob)
{
	return !glob[strcspn(glob, "\\^$|+()[]{}@\n")];
}

/*
 * Does plain glob @g (with a '/' after it when @slash) match the start
 * of @s, as m@^REGEX@ does? '*' is any bytes, '?' any one byte (not a
 * newline: the caller sends no path with one). Backtracks only to the
 * last '*': linear for the patterns MAINTAINERS has.
 */
int mnt_glob_prefix(const char *g, int slash, const char *s)
{
	size_t n = strlen(g), i = 0, star = SIZE_MAX, from = 0;
	size_t end = n + (slash ? 1 : 0);
	const char *t = s;

	while (i < end) {
		int c = i < n ? (unsigned char)g[i] : '/';

		if (c == '*') {
			star = ++i;
			from = (size_t)(t - s);
			continue;
		}
		if (*t && (c == '?' || c == (unsigned char)*t)) {
			i++;
			t++;
			continue;
		}
		if (star != SIZE_MAX && s[from]) {
			i = star;
			t = s + ++from;
			continue;
		}
		return 0;
	}
	return 1;
}

int mnt_pattern_match(struct maintainers *m, struct mnt_entry *e,
		      const char *file)
{
	if (strncmp(file, e->value, e->lit_len))
		return 0;
	if (entry_is_dir(m, e)) {
		/* get_maintainer adds a '/': everything below matches */
		if (e->lit_len == strlen(e->value))
			return file[e->lit_len] == '/';
	}
	if (mnt_glob_plain(e->value) && !strchr(file, '\n')) {
		/* no regex to make and run: most F: lines */
		if (!mnt_glob_prefix(e->value, e->dir_state == 1, file))
			return 0;
	} else if (!compile_entry(m, e) ||
		   !kre_search(e->re, file, strlen(file))) {
		return 0;
	}
	if (e->dir_state == 1 || ends_with(entry_regex(m, e), "/"))
		return 1;
	return count_slashes(file) == count_slashes(entry_regex(m, e));
}

/* ---------------------------------------------------------------- query */

void mnt_query_init(struct mnt_query *q)
{
	memset(q, 0, sizeof(*q));
}

void mnt_query_release(struct mnt_query *q)
{
	size_t i;

	strvec_clear(&q->files);
	free(q->kw_hits);
	for (i = 0; i < q->nr_matched; i++)
		strvec_clear(&q->matched[i].files);
	free(q->matched);
	for (i = 0; i < q->nr_people; i++) {
		free(q->people[i].email);
		free(q->people[i].name);
		free(q->people[i].address);
		strbuf_release(&q->people[i].role);
		free(q->people[i].hits);
	}
	free(q->people);
	memset(q, 0, sizeof(*q));
}

static void add_kw_hit(struct mnt_query *q, int entry)
{
	ALLOC_GROW(q->kw_hits, q->nr_kw + 1, q->alloc_kw);
	q->kw_hits[q->nr_kw++] = entry;
}

void mnt_keywords_patch_line(struct maintainers *m, struct mnt_query *q,
			     const char *line, size_t len, int in_diff)
{
	int i;

	if (in_diff && !m->kw_patch)
		m->kw_patch = xcalloc(m->nr_keywords + 1, sizeof(*m->kw_patch));
	for (i = 0; i < m->nr_keywords; i++) {
		struct mnt_entry *e = &m->entries[m->keywords[i]];
		const struct kre *re;

		if (!compile_entry(m, e))
			continue;
		re = e->re;
		if (in_diff) {
			/* get_maintainer prepends "^[+-].*" to the keyword */
			if (!m->kw_patch[i]) {
				struct strbuf sb = STRBUF_INIT;
				const char *err;

				strbuf_addf(&sb, "^[+-].*%s", e->value);
				m->kw_patch[i] = kre_compile(sb.buf, sb.len,
							     KRE_EXTENDED, &err);
				strbuf_release(&sb);
			}
			re = m->kw_patch[i];
			if (!re)
				continue;
		}
		if (kre_search(re, line, len))
			add_kw_hit(q, m->keywords[i]);
	}
}

/*
 * The strings one of which every match of N: or K: entry @j holds
 * (kre_need()): from its regex when compiled, else from the cache's
 * needs. Returns how many are in @out (0: none known).
 */
static int entry_needs(struct maintainers *m, int j,
		       struct mnt_need out[KRE_NEED_MAX])
{
	struct mnt_entry *e = &m->entries[j];
	int lo = 0, hi = m->nr_needs, nr = 0;
	size_t n;

	if (e->re_state == 1) {
		for (; nr < KRE_NEED_MAX; nr++) {
			out[nr].s = kre_need(e->re, nr, &n, &out[nr].icase);
			if (!out[nr].s)
				break;
			out[nr].len = (int)n;
			out[nr].entry = j;
		}
		return nr;
	}
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (m->needs[mid].entry < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < m->nr_needs && m->needs[lo].entry == j &&
	       nr < KRE_NEED_MAX)
		out[nr++] = m->needs[lo++];
	return nr;
}

/*
 * Can the N: or K: entry @j match in @text? 0 when none of the strings
 * one of which all its matches contain is there; compiles nothing to
 * find out.
 */
static int entry_may_match(struct maintainers *m, int j, const char *text,
			   size_t len)
{
	struct mnt_need need[KRE_NEED_MAX];
	int i, nr;

	if (m->entries[j].re_state == 2)
		return 0;
	/* kre_search() looks for them first anyway */
	if (m->entries[j].re_state == 1)
		return 1;
	nr = entry_needs(m, j, need);
	if (!nr)
		return 1;
	for (i = 0; i < nr; i++)
		if ((size_t)need[i].len <= len &&
		    kre_find_string(text, len, need[i].s, (size_t)need[i].len,
				    need[i].icase))
			return 1;
	return 0;
}

/*
 * K: over a file or patch that may be large (kernel/bpf/verifier.c is
 * 500 KB). Each keyword's regex has a string every match contains (or
 * strings one of which it contains, "clang|llvm"): where each is first
 * in @text is found for all of them in one pass (litscan.c); the regex
 * then starts at the line of the first, or is not run at all.
 */
static void add_kw_lit(struct litscan_lit **lits, int **kw, int *nr,
		       size_t alloc[2], const char *s, size_t n, int icase,
		       int i)
{
	ALLOC_GROW(*lits, (size_t)*nr + 1, alloc[0]);
	ALLOC_GROW(*kw, (size_t)*nr + 1, alloc[1]);
	memset(&(*lits)[*nr], 0, sizeof(**lits));
	(*lits)[*nr].s = s;
	(*lits)[*nr].n = n;
	(*lits)[*nr].icase = icase;
	(*kw)[(*nr)++] = i;
}

void mnt_keywords_text(struct maintainers *m, struct mnt_query *q,
		       const char *text, size_t len)
{
	struct litscan_lit *lits = NULL;
	int *kw = NULL;		/* the keyword of each of lits */
	size_t alloc[2] = { 0, 0 }, *hint;
	int nr = 0, i, k;

	if (!m->nr_keywords)
		return;
	/*
	 * hint[i]: where keyword i's regex is to start; 0 when it has no
	 * string to look for first, SIZE_MAX until one of its is found
	 */
	hint = xcalloc((size_t)m->nr_keywords, sizeof(*hint));
	for (i = 0; i < m->nr_keywords; i++) {
		int j = m->keywords[i];
		struct mnt_entry *e = &m->entries[j];
		struct mnt_need need[KRE_NEED_MAX];
		int nn;

		nn = entry_needs(m, j, need);
		/* not in the cache (none written yet): ask the regex */
		if (!nn && e->re_state != 2 && !m->in_map &&
		    compile_entry(m, e))
			nn = entry_needs(m, j, need);
		/* one too short: no filter */
		for (k = 0; k < nn; k++)
			if (need[k].len < LITSCAN_MIN)
				nn = 0;
		for (k = 0; k < nn; k++)
			add_kw_lit(&lits, &kw, &nr, alloc, need[k].s,
				   (size_t)need[k].len, need[k].icase, i);
		if (nn)
			hint[i] = SIZE_MAX;
	}
	if (nr)
		litscan(lits, nr, text, len, LITSCAN_BEST);
	for (k = 0; k < nr; k++)
		if (lits[k].pos < hint[kw[k]])
			hint[kw[k]] = lits[k].pos;
	for (i = 0; i < m->nr_keywords; i++) {
		int j = m->keywords[i];
		struct mnt_entry *e = &m->entries[j];

		if (hint[i] == SIZE_MAX || e->re_state == 2)
			continue;
		if (compile_entry(m, e) &&
		    kre_search_hint(e->re, text, len, hint[i]))
			add_kw_hit(q, j);
	}
	free(lits);
	free(kw);
	free(hint);
}

/* The state get_maintainers() keeps while it adds sections. */
struct gather {
	struct maintainers *m;
	struct mnt_query *q;
	struct strvec used_names, used_addrs;	/* lower case */
	struct strvec used_lists;
	struct mnt_person *lists;		/* list_to, moved in at the end */
	size_t nr_lists, alloc_lists;
};

static int in_vec(const struct strvec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

static void add_hit(struct mnt_person *p, enum mnt_role role, int section)
{
	size_t i;

	for (i = 0; i < p->nr_hits; i++)
		if (p->hits[i].role == role && p->hits[i].section == section)
			return;
	ALLOC_GROW(p->hits, p->nr_hits + 1, p->alloc_hits);
	p->hits[p->nr_hits].role = role;
	p->hits[p->nr_hits].section = section;
	p->nr_hits++;
}

static struct mnt_person *new_person(struct mnt_person **arr, size_t *nr,
				     size_t *alloc)
{
	struct mnt_person *p;

	ALLOC_GROW(*arr, *nr + 1, *alloc);
	p = &(*arr)[(*nr)++];
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->role, 0);
	return p;
}

/* push_email_address(): 0 when there is no address in @line */
static int push_email(struct gather *g, const char *line, const char *role,
		      enum mnt_role kind, int section)
{
	struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf ln = STRBUF_INIT, la = STRBUF_INIT;
	struct mnt_query *q = g->q;
	struct mnt_person *p;
	size_t i;

	mnt_parse_email(line, &name, &addr);
	if (!addr.len) {
		strbuf_release(&name);
		strbuf_release(&addr);
		return 0;
	}
	strbuf_addbuf(&ln, &name);
	lower(&ln);
	strbuf_addbuf(&la, &addr);
	lower(&la);
	if ((name.len && in_vec(&g->used_names, ln.buf)) ||
	    in_vec(&g->used_addrs, la.buf)) {
		/* already there: only the JSON learns of this section */
		for (i = 0; i < q->nr_people; i++) {
			struct strbuf pn = STRBUF_INIT, pa = STRBUF_INIT;
			int same;

			mnt_parse_email(q->people[i].email, &pn, &pa);
			lower(&pn);
			lower(&pa);
			same = (name.len && !strcmp(pn.buf, ln.buf)) ||
			       !strcmp(pa.buf, la.buf);
			strbuf_release(&pn);
			strbuf_release(&pa);
			if (same) {
				add_hit(&q->people[i], kind, section);
				break;
			}
		}
	} else {
		struct strbuf f = STRBUF_INIT;

		p = new_person(&q->people, &q->nr_people, &q->alloc_people);
		mnt_format_email(name.buf, addr.buf, &f);
		p->email = strbuf_detach(&f, NULL);
		strbuf_addstr(&p->role, role);
		if (section >= 0 || kind != ROLE_IN_FILE)
			add_hit(p, kind, section);
		if (name.len)
			strvec_push(&g->used_names, ln.buf);
		strvec_push(&g->used_addrs, la.buf);
	}
	strbuf_release(&name);
	strbuf_release(&addr);
	strbuf_release(&ln);
	strbuf_release(&la);
	return 1;
}

void mnt_section_label(const char *name, struct strbuf *out)
{
	size_t len = strlen(name);

	if (len > 50) {
		len = 47;
		while (len && is_sp((unsigned char)name[len - 1]))
			len--;
		strbuf_add(out, name, len);
		strbuf_addstr(out, "...");
	} else {
		strbuf_addstr(out, name);
	}
}

void mnt_status_role(const char *status, struct strbuf *out)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_addstr(&s, status ? status : "unknown");
	lower(&s);
	if (!strcmp(s.buf, "supported"))
		strbuf_addstr(out, "supporter");
	else if (!strcmp(s.buf, "maintained"))
		strbuf_addstr(out, "maintainer");
	else if (!strcmp(s.buf, "odd fixes"))
		strbuf_addstr(out, "odd fixer");
	else if (!strcmp(s.buf, "orphan"))
		strbuf_addstr(out, "orphan minder");
	else if (!strcmp(s.buf, "obsolete"))
		strbuf_addstr(out, "obsolete minder");
	else if (!strcmp(s.buf, "buried alive in reporters"))
		strbuf_addstr(out, "chief penguin");
	else
		strbuf_addbuf(out, &s);
	strbuf_release(&s);
}

static void add_categories(struct gather *g, int si)
{
	struct maintainers *m = g->m;
	const struct mnt_section *s = &m->sections[si];
	struct strbuf label = STRBUF_INIT, role = STRBUF_INIT;
	int i;

	mnt_section_label(s->name, &label);
	for (i = s->first; i < s->first + s->nr; i++) {
		const struct mnt_entry *e = &m->entries[i];

		strbuf_reset(&role);
		if (e->tag == 'L') {
			const char *v = e->value, *sp = v;
			struct strbuf addr = STRBUF_INIT, low = STRBUF_INIT;
			const char *extra = "";
			int moderated;

			while (*sp && !is_sp((unsigned char)*sp))
				sp++;
			if (*sp && sp > v) {
				strbuf_add(&addr, v, sp - v);
				extra = sp;
				while (is_sp((unsigned char)*extra))
					extra++;
			} else {
				strbuf_addstr(&addr, v);
			}
			moderated = strstr(extra, "moderated") != NULL;
			strbuf_addbuf(&low, &addr);
			lower(&low);
			if (!strstr(extra, "subscribers-only") &&
			    !in_vec(&g->used_lists, low.buf)) {
				struct mnt_person *p;

				strvec_push(&g->used_lists, low.buf);
				p = new_person(&g->lists, &g->nr_lists,
					       &g->alloc_lists);
				p->email = strbuf_detach(&addr, NULL);
				p->is_list = 1;
				p->list_kind = moderated;
				strbuf_addstr(&p->role, moderated ?
					      "moderated list" : "open list");
				if (strcmp(s->name, "THE REST"))
					strbuf_addf(&p->role, ":%s", label.buf);
				add_hit(p, ROLE_LIST, si);
			} else if (!strstr(extra, "subscribers-only")) {
				size_t j;

				for (j = 0; j < g->nr_lists; j++) {
					struct strbuf l = STRBUF_INIT;

					strbuf_addstr(&l, g->lists[j].email);
					lower(&l);
					if (!strcmp(l.buf, low.buf))
						add_hit(&g->lists[j], ROLE_LIST,
							si);
					strbuf_release(&l);
				}
			}
			strbuf_release(&addr);
			strbuf_release(&low);
		} else if (e->tag == 'M' || e->tag == 'R') {
			struct strvec list = STRVEC_INIT;
			enum mnt_role kind = e->tag == 'M' ? ROLE_MAINTAINER :
					     ROLE_REVIEWER;
			size_t j;

			if (e->tag == 'M')
				mnt_status_role(s->status, &role);
			else
				strbuf_addstr(&role, "reviewer");
			strbuf_addf(&role, ":%s", label.buf);
			if (mnt_rfc822_valid(e->value)) {
				push_email(g, e->value, role.buf, kind, si);
			} else if (rfc822_validlist(e->value, &list)) {
				for (j = 0; j < list.nr; j++)
					if (*list.v[j])
						push_email(g, list.v[j], role.buf,
							   kind, si);
			} else {
				push_email(g, e->value, role.buf, kind, si);
			}
			strvec_clear(&list);
		}
	}
	strbuf_release(&label);
	strbuf_release(&role);
}

/* get_maintainer's deduplicate_email() */
struct dedup {
	struct strvec names, addrs;	/* lower-case keys */
	struct strvec nn, na;		/* name key -> [name, address] */
	struct strvec an, aa;		/* address key -> [name, address] */
};

static long vec_find(const struct strvec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return (long)i;
	return -1;
}

static char *deduplicate_email(struct maintainers *m, struct dedup *d,
			       const char *email)
{
	struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf e = STRBUF_INIT, t = STRBUF_INIT, key = STRBUF_INIT;
	long k = -1;
	int matched = 0;

	mnt_parse_email(email, &name, &addr);
	mnt_format_email(name.buf, addr.buf, &t);
	mailmap_email(m, t.buf, &e);
	mnt_parse_email(e.buf, &name, &addr);
	strbuf_addbuf(&key, &name);
	lower(&key);
	if (name.len && (k = vec_find(&d->names, key.buf)) >= 0) {
		strbuf_reset(&name);
		strbuf_addstr(&name, d->nn.v[k]);
		strbuf_reset(&addr);
		strbuf_addstr(&addr, d->na.v[k]);
		matched = 1;
	} else {
		strbuf_reset(&key);
		strbuf_addbuf(&key, &addr);
		lower(&key);
		if ((k = vec_find(&d->addrs, key.buf)) >= 0) {
			strbuf_reset(&name);
			strbuf_addstr(&name, d->an.v[k]);
			strbuf_reset(&addr);
			strbuf_addstr(&addr, d->aa.v[k]);
			matched = 1;
		}
	}
	if (!matched) {
		strbuf_reset(&key);
		strbuf_addbuf(&key, &name);
		lower(&key);
		strvec_push(&d->names, key.buf);
		strvec_push(&d->nn, name.buf);
		strvec_push(&d->na, addr.buf);
		strbuf_reset(&key);
		strbuf_addbuf(&key, &addr);
		lower(&key);
		strvec_push(&d->addrs, key.buf);
		strvec_push(&d->an, name.buf);
		strvec_push(&d->aa, addr.buf);
	}
	strbuf_reset(&t);
	mnt_format_email(name.buf, addr.buf, &t);
	mailmap_email(m, t.buf, &e);
	strbuf_release(&name);
	strbuf_release(&addr);
	strbuf_release(&t);
	strbuf_release(&key);
	return strbuf_detach(&e, NULL);
}

/* clean_file_emails(): a "Name <addr>" from text found in a file */
static void clean_file_email(struct maintainers *m, const char *raw,
			     struct strbuf *out)
{
	struct strbuf e = STRBUF_INIT, name = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf nn = STRBUF_INIT;
	size_t from = 0, s, end, len = strlen(raw);
	struct strvec nw = STRVEC_INIT;
	const char *err;

	if (!m->addr_in) {
		static const char pat[] =
			"[\\(\\<\\{]{0,1}[A-Za-z0-9_\\.\\+-]+\\@[A-Za-z0-9\\.-]+"
			"[\\)\\>\\}]{0,1}";

		m->addr_in = kre_compile(pat, strlen(pat), KRE_SHORT, &err);
	}
	/* s/[(<{]?(ADDR)[)>}]?/<$1>/g */
	while (m->addr_in && kre_match_span(m->addr_in, raw, len, from, &s,
					    &end)) {
		size_t a = s, b = end;

		strbuf_add(&e, raw + from, s - from);
		if (strchr("(<{", raw[a]))
			a++;
		if (b > a && strchr(")>}", raw[b - 1]))
			b--;
		strbuf_addch(&e, '<');
		strbuf_add(&e, raw + a, b - a);
		strbuf_addch(&e, '>');
		from = end > s ? end : end + 1;
	}
	if (from < len)
		strbuf_add(&e, raw + from, len - from);
	mnt_parse_email(e.buf, &name, &addr);
	if (!strcmp(name.buf, "\"[,\\.]\""))
		strbuf_reset(&name);
	/* split(/[^A-Za-z\x80-\xc3',.+-]/, name), trailing empties dropped */
	{
		size_t i, st = 0;

		for (i = 0; i <= name.len; i++) {
			unsigned char c = i < name.len ? name.buf[i] : 0;
			int keep = (c >= 'a' && c <= 'z') ||
				   (c >= 'A' && c <= 'Z') ||
				   (c >= 0x80 && c <= 0xc3) ||
				   (c && strchr("',.+-", c));

			if (i < name.len && keep)
				continue;
			strvec_push(&nw, "");
			free(nw.v[nw.nr - 1]);
			nw.v[nw.nr - 1] = xstrndup(name.buf + st, i - st);
			st = i + 1;
		}
		while (nw.nr && !*nw.v[nw.nr - 1])
			strvec_pop(&nw);
	}
	if (nw.nr > 2) {
		const char *first = nw.v[nw.nr - 3], *middle = nw.v[nw.nr - 2];
		const char *last = nw.v[nw.nr - 1];
		size_t fl = strlen(first), ml = strlen(middle);
		int fa = fl == 1 && ((first[0] >= 'a' && first[0] <= 'z') ||
				     (first[0] >= 'A' && first[0] <= 'Z'));

		strbuf_reset(&name);
		if (fa || (fl == 2 && first[1] == '.') || ml == 1 ||
		    (ml == 2 && middle[1] == '.'))
			strbuf_addf(&name, "%s %s %s", first, middle, last);
		else
			strbuf_addf(&name, "%s %s", middle, last);
	}
	strbuf_addbuf(&nn, &name);
	if (nn.len && strchr(",.", nn.buf[nn.len - 1])) {
		strbuf_setlen(&nn, nn.len - 1);
	} else if (nn.len >= 2 && strchr(",.", nn.buf[nn.len - 2]) &&
		   nn.buf[nn.len - 1] == '"') {
		strbuf_setlen(&nn, nn.len - 2);
		strbuf_addch(&nn, '"');
	}
	if (nn.len && strchr(",.", nn.buf[0])) {
		memmove(nn.buf, nn.buf + 1, nn.len);
		nn.len--;
	} else if (nn.len >= 2 && nn.buf[0] == '"' && strchr(",.", nn.buf[1])) {
		memmove(nn.buf + 1, nn.buf + 2, nn.len - 1);
		nn.len--;
	}
	strbuf_reset(out);
	mnt_format_email(nn.buf, addr.buf, out);
	strvec_clear(&nw);
	strbuf_release(&e);
	strbuf_release(&name);
	strbuf_release(&addr);
	strbuf_release(&nn);
}

/* maintainers_in_file(): addresses in a .yaml file that is matched */
static void file_emails(struct maintainers *m, const char *file,
			struct strvec *out)
{
	struct strbuf text = STRBUF_INIT, one = STRBUF_INIT;
	char *path;
	size_t from = 0, s, e;
	const char *err;
	size_t n = strlen(file);

	if (n >= 11 && !strcmp(file + n - 11, "MAINTAINERS") &&
	    (n == 11 || !((file[n - 12] >= 'a' && file[n - 12] <= 'z') ||
			  (file[n - 12] >= 'A' && file[n - 12] <= 'Z') ||
			  (file[n - 12] >= '0' && file[n - 12] <= '9') ||
			  file[n - 12] == '_')))
		return;
	if (!ends_with(file, ".yaml"))
		return;
	path = xasprintf("%s/%s", m->tree, file);
	if (!is_file(path) || read_file(path, &text)) {
		free(path);
		strbuf_release(&text);
		return;
	}
	free(path);
	if (!m->file_email) {
		static const char pat[] =
			"[A-Za-z\\x80-\\xc3\\\"\\' \\,\\.\\+-]*\\s*[\\,]*\\s*"
			"[\\(\\<\\{]{0,1}[A-Za-z0-9_\\.\\+-]+\\@"
			"[A-Za-z0-9\\.-]+\\.[A-Za-z0-9]+[\\)\\>\\}]{0,1}";

		m->file_email = kre_compile(pat, strlen(pat), 0, &err);
	}
	while (m->file_email && kre_match_span(m->file_email, text.buf,
					       text.len, from, &s, &e)) {
		char *raw = xstrndup(text.buf + s, e - s);

		clean_file_email(m, raw, &one);
		strvec_push(out, one.buf);
		free(raw);
		from = e > s ? e : e + 1;
	}
	strbuf_release(&text);
	strbuf_release(&one);
}

static void add_matched(struct mnt_query *q, int section, int depth,
			const char *file)
{
	struct mnt_matched *mm = NULL;
	size_t i;

	for (i = 0; i < q->nr_matched; i++)
		if (q->matched[i].section == section)
			mm = &q->matched[i];
	if (!mm) {
		ALLOC_GROW(q->matched, q->nr_matched + 1, q->alloc_matched);
		mm = &q->matched[q->nr_matched++];
		memset(mm, 0, sizeof(*mm));
		mm->section = section;
		mm->depth = depth;
		mm->by_keyword = !file;
	}
	if (file && !in_vec(&mm->files, file))
		strvec_push(&mm->files, file);
}

struct sec_depth {
	int section, depth;
};

static int cmp_depth(const void *a, const void *b)
{
	const struct sec_depth *x = a, *y = b;

	if (x->depth != y->depth)
		return y->depth - x->depth;
	return x->section - y->section;
}

/* get_maintainer's sort_and_uniq() of the K: lines' indexes: as strings */
static int cmp_tvi_str(const void *a, const void *b)
{
	char x[24], y[24];

	snprintf(x, sizeof(x), "%d", *(const int *)a);
	snprintf(y, sizeof(y), "%d", *(const int *)b);
	return strcmp(x, y);
}

static int person_matches(const struct mnt_person *p, const char *name,
			  const char *addr)
{
	struct strbuf en = STRBUF_INIT, ea = STRBUF_INIT;
	int same;

	mnt_parse_email(p->email, &en, &ea);
	same = !strcmp(name, en.buf) || !strcmp(addr, ea.buf);
	strbuf_release(&en);
	strbuf_release(&ea);
	return same;
}

/* Byte @k of entry @e's literal start, or -1 past it */
static int lit_at(const struct mnt_entry *e, size_t k)
{
	return k < e->lit_len ? (unsigned char)e->value[k] : -1;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* The first of by_lit[lo..hi) whose byte @k is @c or more */
static int lit_bound(const struct maintainers *m, int lo, int hi, size_t k,
		     int c)
{
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (lit_at(&m->entries[m->by_lit[mid]], k) < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The F:, X: and N: entries that can match @file, in entry order, into
 * *@cand; returns how many. With m->by_lit (the index cache's) only
 * those whose literal start @file starts with: the list is sorted, so
 * those of each longer start of @file are a narrower run of the one
 * before. Without it (no cache), all of them: the tests compare the two.
 */
static int candidates(struct maintainers *m, const char *file, int **cand,
		      size_t *alloc)
{
	size_t k, len = strlen(file);
	int lo = 0, hi = m->nr_by_lit, nc = 0, i;

	if (!m->by_lit) {
		for (i = 0; i < m->nr_entries; i++)
			if (m->entries[i].tag == 'F' ||
			    m->entries[i].tag == 'X' ||
			    m->entries[i].tag == 'N') {
				ALLOC_GROW(*cand, (size_t)nc + 1, *alloc);
				(*cand)[nc++] = i;
			}
		return nc;
	}
	for (k = 0; ; k++) {
		/* [lo, hi): literals file[0..k) starts with; k long first */
		while (lo < hi && lit_at(&m->entries[m->by_lit[lo]], k) < 0) {
			ALLOC_GROW(*cand, (size_t)nc + 1, *alloc);
			(*cand)[nc++] = m->by_lit[lo++];
		}
		if (k == len || lo >= hi)
			break;
		/* narrow to those whose byte k is file[k] */
		lo = lit_bound(m, lo, hi, k, (unsigned char)file[k]);
		hi = lit_bound(m, lo, hi, k, (unsigned char)file[k] + 1);
	}
	qsort(*cand, (size_t)nc, sizeof(int), cmp_int);
	return nc;
}

/*
 * The sections @file is in, into @hits, from the entries that can match
 * it (@cand, in entry order, so sections come in order): a section with
 * a matching X: is out; else it is in with the depth of its last
 * matching F:, or 0 when an N: came after. Returns how many.
 */
static int sections_of(struct maintainers *m, const char *file,
		       const int *cand, int nc, struct sec_depth *hits)
{
	size_t len = strlen(file);
	int i, nr = 0;

	for (i = 0; i < nc; ) {
		int sec = m->entry_section[cand[i]], end, j;
		int depth = 0, hit = 0, excluded = 0;

		for (end = i; end < nc && m->entry_section[cand[end]] == sec;
		     end++)
			;
		for (j = i; j < end && !excluded; j++) {
			struct mnt_entry *e = &m->entries[cand[j]];

			if (e->tag == 'X' && mnt_pattern_match(m, e, file))
				excluded = 1;
		}
		for (j = i; j < end && !excluded; j++) {
			struct mnt_entry *e = &m->entries[cand[j]];

			if (e->tag == 'F' && mnt_pattern_match(m, e, file)) {
				depth = entry_depth(m, e);
				hit = 1;
			} else if (e->tag == 'N' &&
				   entry_may_match(m, cand[j], file, len) &&
				   compile_entry(m, e) &&
				   kre_search(e->re, file, len)) {
				depth = 0;
				hit = 1;
			}
		}
		if (hit) {
			hits[nr].section = sec;
			hits[nr].depth = depth;
			nr++;
		}
		i = end;
	}
	return nr;
}

void mnt_query_run(struct maintainers *m, struct mnt_query *q)
{
	struct gather g = { m, q, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT,
			    NULL, 0, 0 };
	struct sec_depth *hits = xcalloc(m->nr_sections + 1, sizeof(*hits));
	struct strvec femails = STRVEC_INIT;
	struct dedup d = { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT,
			   STRVEC_INIT, STRVEC_INIT };
	size_t f, i, alloc_cand = 0;
	int j, nr, *cand = NULL;

	for (f = 0; f < q->files.nr; f++) {
		const char *file = q->files.v[f];

		nr = candidates(m, file, &cand, &alloc_cand);
		nr = sections_of(m, file, cand, nr, hits);
		qsort(hits, nr, sizeof(*hits), cmp_depth);
		for (j = 0; j < nr; j++) {
			add_matched(q, hits[j].section, hits[j].depth, file);
			add_categories(&g, hits[j].section);
		}
		file_emails(m, file, &femails);
	}
	if (q->nr_kw) {
		qsort(q->kw_hits, q->nr_kw, sizeof(int), cmp_tvi_str);
		for (i = 0; i < q->nr_kw; i++) {
			int tvi = m->entries[q->kw_hits[i]].tvi;
			int sec = m->entry_section[q->kw_hits[i]];

			if (i && m->entries[q->kw_hits[i - 1]].tvi == tvi)
				continue;
			add_matched(q, sec, -2, NULL);
			add_categories(&g, sec);
		}
	}
	/* deduplicate, through .mailmap: people, then lists */
	for (i = 0; i < q->nr_people; i++) {
		char *e = deduplicate_email(m, &d, q->people[i].email);

		free(q->people[i].email);
		q->people[i].email = e;
	}
	for (i = 0; i < g.nr_lists; i++) {
		char *e = deduplicate_email(m, &d, g.lists[i].email);

		free(g.lists[i].email);
		g.lists[i].email = e;
	}
	/* the chief penguin is left out */
	for (i = 0; i < q->nr_people; i++)
		if (m->chief && kre_search(m->chief, q->people[i].email,
					   strlen(q->people[i].email)))
			q->people[i].dropped = 1;
	/* addresses in .yaml files, "in file" */
	for (i = 0; i < femails.nr; i++) {
		struct strbuf e = STRBUF_INIT, name = STRBUF_INIT;
		struct strbuf addr = STRBUF_INIT, tmp = STRBUF_INIT;
		size_t k;

		mailmap_email(m, femails.v[i], &e);
		mnt_parse_email(e.buf, &name, &addr);
		mnt_format_email(name.buf, addr.buf, &tmp);
		push_email(&g, tmp.buf, "", ROLE_IN_FILE, -1);
		mnt_parse_email(tmp.buf, &name, &addr);
		for (k = 0; k < q->nr_people; k++) {
			struct mnt_person *p = &q->people[k];

			if (p->dropped || !person_matches(p, name.buf, addr.buf))
				continue;
			add_hit(p, ROLE_IN_FILE, -1);
			if (strstr(p->role.buf, "in file"))
				continue;
			if (p->role.len)
				strbuf_addch(&p->role, ',');
			strbuf_addstr(&p->role, "in file");
		}
		strbuf_release(&e);
		strbuf_release(&name);
		strbuf_release(&addr);
		strbuf_release(&tmp);
	}
	/* lists after people; then merge_email(): first of each text wins */
	for (i = 0; i < g.nr_lists; i++) {
		struct mnt_person *p = new_person(&q->people, &q->nr_people,
						  &q->alloc_people);

		strbuf_release(&p->role);
		*p = g.lists[i];
	}
	for (i = 0; i < q->nr_people; i++) {
		size_t k;

		if (q->people[i].dropped)
			continue;
		for (k = i + 1; k < q->nr_people; k++) {
			struct mnt_person *o = &q->people[k];

			if (o->dropped || strcmp(o->email, q->people[i].email))
				continue;
			o->dropped = 1;
			for (j = 0; j < (int)o->nr_hits; j++)
				add_hit(&q->people[i], o->hits[j].role,
					o->hits[j].section);
		}
	}
	for (i = 0; i < q->nr_people; i++) {
		struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;

		mnt_parse_email(q->people[i].email, &name, &addr);
		q->people[i].name = strbuf_detach(&name, NULL);
		q->people[i].address = strbuf_detach(&addr, NULL);
	}
	free(g.lists);
	strvec_clear(&g.used_names);
	strvec_clear(&g.used_addrs);
	strvec_clear(&g.used_lists);
	strvec_clear(&femails);
	strvec_clear(&d.names);
	strvec_clear(&d.addrs);
	strvec_clear(&d.nn);
	strvec_clear(&d.na);
	strvec_clear(&d.an);
	strvec_clear(&d.aa);
	free(hits);
	free(cand);
}

void mnt_query_print(const struct mnt_query *q, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < q->nr_people; i++) {
		const struct mnt_person *p = &q->people[i];

		if (p->dropped)
			continue;
		if (q->no_roles)
			strbuf_addf(out, "%s\n", p->email);
		else
			strbuf_addf(out, "%s (%s)\n", p->email, p->role.buf);
	}
}

static int has_maintainers(const char *dir)
{
	struct stat st;
	char *p = xasprintf("%s/MAINTAINERS", dir);
	int ok = !stat(p, &st);

	free(p);
	return ok;
}

char *maintainers_find_tree(const char *opt, int need)
{
	char *cwd, *p;

	if (opt) {
		char *real = realpath(opt, NULL);

		if (!real || !is_dir(real)) {
			error("cannot use the tree '%s': %s", opt,
			      real ? "not a directory" : strerror(errno));
			free(real);
			return NULL;
		}
		if (need && !has_maintainers(real)) {
			error("'%s' has no MAINTAINERS file; give a kernel tree "
			      "with --tree DIR", opt);
			free(real);
			return NULL;
		}
		return real;
	}
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		error_errno("cannot get the current directory");
		return NULL;
	}
	for (;;) {
		if (has_maintainers(cwd))
			return cwd;
		p = strrchr(cwd, '/');
		if (!p || p == cwd) {
			if (p && has_maintainers("/")) {
				cwd[1] = '\0';
				return cwd;
			}
			break;
		}
		*p = '\0';
	}
	free(cwd);
	error("no MAINTAINERS file here or in any directory above; run kdev "
	      "in a kernel tree or give --tree DIR");
	return NULL;
}

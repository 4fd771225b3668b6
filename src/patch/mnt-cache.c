// SPDX-License-Identifier: GPL-2.0
/*
 * The index cache of a parsed MAINTAINERS: written after a parse, mapped
 * instead of parsing again. See mnt-cache.h for the format.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "mnt-cache.h"
#include "regex.h"

#define MC_MAGIC "KDEVMNTC"

struct mc_table {
	uint64_t off, nr;
};

enum {
	T_KEY,		/* bytes */
	T_STRINGS,	/* bytes, the last one NUL */
	T_LINES,	/* char *: m->lines */
	T_ENTRIES,	/* struct mnt_entry */
	T_SECTIONS,	/* struct mnt_section */
	T_ENTRY_SECTION, /* int */
	T_KEYWORDS,	/* int */
	T_NEEDS,	/* struct mnt_need */
	T_MM_NAMES,	/* struct mailmap_entry */
	T_MM_ADDRS,
	T_WARNINGS,	/* struct mnt_warning */
	T_BY_LIT,	/* int: m->by_lit */
	NR_TABLES
};

struct mc_header {
	char magic[8];
	uint32_t version, layout;
	uint64_t total;		/* file length */
	uint64_t sum, xsum;	/* see file_sums() */
	uint64_t base;		/* where the file's pointers expect it */
	uint32_t nr_paths, has_mailmap;
	struct mc_table t[NR_TABLES];
};

static const size_t elem_size[NR_TABLES] = {
	[T_KEY] = 1, [T_STRINGS] = 1, [T_LINES] = sizeof(char *),
	[T_ENTRIES] = sizeof(struct mnt_entry),
	[T_SECTIONS] = sizeof(struct mnt_section),
	[T_ENTRY_SECTION] = sizeof(int), [T_KEYWORDS] = sizeof(int),
	[T_NEEDS] = sizeof(struct mnt_need),
	[T_MM_NAMES] = sizeof(struct mailmap_entry),
	[T_MM_ADDRS] = sizeof(struct mailmap_entry),
	[T_WARNINGS] = sizeof(struct mnt_warning),
	[T_BY_LIT] = sizeof(int),
};

/*
 * The structs are stored as they are in memory: a kdev built with
 * another layout of them must not take the file for its own.
 */
static uint32_t layout(void)
{
	static const size_t v[] = {
		NR_TABLES, sizeof(struct mc_header),
		sizeof(void *), sizeof(size_t), sizeof(int),
		sizeof(struct mnt_entry), offsetof(struct mnt_entry, tag),
		offsetof(struct mnt_entry, value),
		offsetof(struct mnt_entry, tvi),
		offsetof(struct mnt_entry, file),
		offsetof(struct mnt_entry, line),
		offsetof(struct mnt_entry, regex),
		offsetof(struct mnt_entry, lit_len),
		offsetof(struct mnt_entry, dir_state),
		offsetof(struct mnt_entry, re),
		offsetof(struct mnt_entry, re_state),
		sizeof(struct mnt_section), offsetof(struct mnt_section, name),
		offsetof(struct mnt_section, header_tvi),
		offsetof(struct mnt_section, first),
		offsetof(struct mnt_section, nr),
		offsetof(struct mnt_section, status),
		offsetof(struct mnt_section, file),
		offsetof(struct mnt_section, line),
		sizeof(struct mnt_need), offsetof(struct mnt_need, entry),
		offsetof(struct mnt_need, s), offsetof(struct mnt_need, len),
		offsetof(struct mnt_need, icase),
		sizeof(struct mailmap_entry),
		offsetof(struct mailmap_entry, key),
		offsetof(struct mailmap_entry, value),
		offsetof(struct mailmap_entry, seq),
		sizeof(struct mnt_warning), offsetof(struct mnt_warning, file),
		offsetof(struct mnt_warning, line),
		offsetof(struct mnt_warning, what),
		offsetof(struct mnt_warning, text),
	};
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		h = (h ^ (uint32_t)v[i]) * 16777619u;
	return h;
}

typedef uint64_t v4u64 __attribute__((vector_size(32)));

/*
 * Two checksums of the 64-bit words of @buf, in four lanes (word i in
 * lane i % 4): a sum, and a mix of each word with the sum so far; the
 * words after the last whole 32 bytes are added in by themselves. The
 * same body twice: for any x86-64 and, where the CPU has it, for AVX2
 * (half the instructions over the 2.3 MB of the kernel's index).
 */
#define SUMS_BODY							\
	const char *p = buf;						\
	v4u64 s = { 0, 0, 0, 0 }, x = { 0, 0, 0, 0 }, w;		\
	size_t i, n = len / 32;						\
									\
	for (i = 0; i < n; i++) {					\
		memcpy(&w, p + 32 * i, 32);				\
		s += w;							\
		x ^= w + s;						\
	}								\
	*sum = s[0] + 3 * s[1] + 5 * s[2] + 7 * s[3];			\
	*xsum = x[0] ^ (x[1] << 7 | x[1] >> 57) ^			\
		(x[2] << 14 | x[2] >> 50) ^ (x[3] << 21 | x[3] >> 43);	\
	for (i = 32 * n; i + 8 <= len; i += 8) {			\
		uint64_t last;						\
									\
		memcpy(&last, p + i, 8);				\
		*sum += last;						\
		*xsum ^= last * 0x9e3779b97f4a7c15ULL;			\
	}

static void sums_plain(const void *buf, size_t len, uint64_t *sum,
		       uint64_t *xsum)
{
	SUMS_BODY
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void sums_avx2(const void *buf, size_t len, uint64_t *sum,
		      uint64_t *xsum)
{
	SUMS_BODY
}
#endif

static void sums(const void *buf, size_t len, uint64_t *sum, uint64_t *xsum)
{
#if defined(__x86_64__)
	if (__builtin_cpu_supports("avx2")) {
		sums_avx2(buf, len, sum, xsum);
		return;
	}
#endif
	sums_plain(buf, len, sum, xsum);
}

/*
 * The file's checksums: of the header (these two fields zero) and of
 * all that follows it. The strings are in: they are MAINTAINERS' own
 * text, but a byte of them gone bad here would be an answer that is not
 * MAINTAINERS'.
 */
static void file_sums(const char *b, size_t len, const struct mc_header *h,
		      uint64_t *sum, uint64_t *xsum)
{
	struct mc_header z = *h;
	uint64_t hs, hx;

	z.sum = z.xsum = 0;
	sums(&z, sizeof(z), &hs, &hx);
	sums(b + sizeof(z), len - sizeof(z), sum, xsum);
	*sum ^= hs * 0x9e3779b97f4a7c15ULL;
	*xsum ^= hx;
}

uint64_t mnt_cache_base(const char *key, size_t key_len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < key_len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	/* a 32-bit kdev: 1 GiB up (it will likely be moved) */
	if (sizeof(void *) < 8)
		return 0x40000000ULL + ((uint64_t)(h & 0xff) << 20);
	/* 32 TiB up, below where mmap() and the stack put things */
	return MNT_CACHE_BASE + ((uint64_t)(h & 0xffff) << 28);
}

/* ------------------------------------------------------------ writing */

struct builder {
	struct strbuf tab[NR_TABLES];
};

/*
 * @s into the strings; returns the pointer to be: its offset there + 1
 * (so that 0 stays NULL), made an address by fix() once the strings'
 * place in the file is known.
 */
static uintptr_t add_str(struct builder *b, const char *s, size_t n)
{
	uint64_t off = b->tab[T_STRINGS].len;

	strbuf_add(&b->tab[T_STRINGS], s, n);
	strbuf_addch(&b->tab[T_STRINGS], '\0');
	return (uintptr_t)off + 1;
}

#define ADD(b, t, v) strbuf_add(&(b)->tab[t], &(v), sizeof(v))

static void add_mailmap(struct builder *b, int t,
			const struct mailmap_entry *arr, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct mailmap_entry e;

		memset(&e, 0, sizeof(e));
		e.key = (char *)add_str(b, arr[i].key, strlen(arr[i].key));
		e.value = (char *)add_str(b, arr[i].value,
					  strlen(arr[i].value));
		e.seq = i;
		ADD(b, t, e);
	}
}

/* A pointer add_str() returned, made the string's address in the file. */
static void fix(char **pp, uint64_t str_at)
{
	if (*pp)
		*pp = (char *)(uintptr_t)((uintptr_t)*pp + str_at);
}

#define FIX_EACH(b, t, type, field, str_at)				\
	do {								\
		type *a_ = (type *)(b)->tab[t].buf;			\
		size_t n_ = (b)->tab[t].len / sizeof(type), i_;		\
									\
		for (i_ = 0; i_ < n_; i_++)				\
			fix((char **)&a_[i_].field, (str_at));		\
	} while (0)

/* F:, X: and N: entries by literal (see struct maintainers' by_lit) */
static const struct maintainers *lit_m;

static int cmp_lit(const void *a, const void *b)
{
	const struct mnt_entry *x = &lit_m->entries[*(const int *)a];
	const struct mnt_entry *y = &lit_m->entries[*(const int *)b];
	size_t n = x->lit_len < y->lit_len ? x->lit_len : y->lit_len;
	int c = n ? memcmp(x->value, y->value, n) : 0;

	if (c)
		return c;
	if (x->lit_len != y->lit_len)
		return x->lit_len < y->lit_len ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static void add_by_lit(struct builder *b, const struct maintainers *m)
{
	int *idx = xcalloc((size_t)m->nr_entries + 1, sizeof(*idx));
	int i, n = 0;

	for (i = 0; i < m->nr_entries; i++)
		if (m->entries[i].tag == 'F' || m->entries[i].tag == 'X' ||
		    m->entries[i].tag == 'N')
			idx[n++] = i;
	lit_m = m;
	qsort(idx, (size_t)n, sizeof(*idx), cmp_lit);
	lit_m = NULL;
	strbuf_add(&b->tab[T_BY_LIT], idx, (size_t)n * sizeof(*idx));
	free(idx);
}

void mnt_cache_build(const struct maintainers *m,
		     const struct maintainers *mm, const char *key,
		     size_t key_len, struct strbuf *out)
{
	struct builder b;
	struct mc_header h;
	uintptr_t *line_ptr = xcalloc((size_t)m->nr_lines + 1,
				      sizeof(*line_ptr));
	uint64_t base = mnt_cache_base(key, key_len), at;
	char **lp;
	int i, t;

	for (t = 0; t < NR_TABLES; t++)
		strbuf_init(&b.tab[t], 0);
	strbuf_add(&b.tab[T_KEY], key, key_len);
	for (i = 0; i < m->nr_lines; i++) {
		line_ptr[i] = add_str(&b, m->lines[i], strlen(m->lines[i]));
		ADD(&b, T_LINES, line_ptr[i]);
	}
	for (i = 0; i < m->nr_entries; i++) {
		const struct mnt_entry *e = &m->entries[i];
		struct mnt_entry ce;

		memset(&ce, 0, sizeof(ce));
		ce.tag = e->tag;
		/* values point into their lines */
		ce.value = (char *)(line_ptr[e->tvi] +
				    (uintptr_t)(e->value - m->lines[e->tvi]));
		ce.tvi = e->tvi;
		ce.file = e->file;
		ce.line = e->line;
		ce.lit_len = e->lit_len;
		ce.dir_state = e->dir_state == 2 ? 2 : 0;
		ce.re_state = e->re_state == 2 ? 2 : 0;
		ADD(&b, T_ENTRIES, ce);
		ADD(&b, T_ENTRY_SECTION, m->entry_section[i]);
	}
	for (i = 0; i < m->nr_sections; i++) {
		const struct mnt_section *s = &m->sections[i];
		struct mnt_section cs;
		int j;

		memset(&cs, 0, sizeof(cs));
		cs.name = (char *)line_ptr[s->header_tvi];
		cs.header_tvi = s->header_tvi;
		cs.first = s->first;
		cs.nr = s->nr;
		for (j = s->first; j < s->first + s->nr; j++)
			if (m->entries[j].tag == 'S')
				cs.status = (char *)
					(line_ptr[m->entries[j].tvi] +
					 (uintptr_t)(m->entries[j].value -
						     m->lines[m->entries[j].tvi]));
		cs.file = s->file;
		cs.line = s->line;
		ADD(&b, T_SECTIONS, cs);
	}
	for (i = 0; i < m->nr_keywords; i++)
		ADD(&b, T_KEYWORDS, m->keywords[i]);
	if (mm) {
		add_mailmap(&b, T_MM_NAMES, mm->mm_names, mm->nr_mm_names);
		add_mailmap(&b, T_MM_ADDRS, mm->mm_addrs, mm->nr_mm_addrs);
	}
	for (i = 0; i < (int)m->nr_warn_log; i++) {
		const struct mnt_warning *w = &m->warn_log[i];
		struct mnt_warning cw;

		memset(&cw, 0, sizeof(cw));
		cw.file = w->file;
		cw.line = w->line;
		cw.what = (char *)add_str(&b, w->what, strlen(w->what));
		cw.text = (char *)add_str(&b, w->text, strlen(w->text));
		ADD(&b, T_WARNINGS, cw);
	}
	for (i = 0; i < m->nr_entries; i++) {
		const struct mnt_entry *e = &m->entries[i];
		struct mnt_need cn;
		const char *lit;
		size_t len;
		int icase, k;

		if ((e->tag != 'N' && e->tag != 'K') || e->re_state != 1)
			continue;
		for (k = 0; k < KRE_NEED_MAX &&
			    (lit = kre_need(e->re, k, &len, &icase)); k++) {
			memset(&cn, 0, sizeof(cn));
			cn.entry = i;
			cn.s = (char *)add_str(&b, lit, len);
			cn.len = (int)len;
			cn.icase = icase;
			ADD(&b, T_NEEDS, cn);
		}
	}
	add_by_lit(&b, m);
	if (!b.tab[T_STRINGS].len)
		strbuf_addch(&b.tab[T_STRINGS], '\0');

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MC_MAGIC, 8);
	h.version = MNT_CACHE_VERSION;
	h.layout = layout();
	h.base = base;
	h.nr_paths = (uint32_t)m->paths.nr;
	h.has_mailmap = !!mm;
	/* where the strings go: after the header and the key */
	at = sizeof(h);
	at = (at + 7) / 8 * 8 + b.tab[T_KEY].len;
	at = (at + 7) / 8 * 8;
	/* "offset + 1" pointers to addresses: base + at + offset */
	at = base + at - 1;
	lp = (char **)b.tab[T_LINES].buf;
	for (i = 0; i < m->nr_lines; i++)
		fix(&lp[i], at);
	FIX_EACH(&b, T_ENTRIES, struct mnt_entry, value, at);
	FIX_EACH(&b, T_SECTIONS, struct mnt_section, name, at);
	FIX_EACH(&b, T_SECTIONS, struct mnt_section, status, at);
	FIX_EACH(&b, T_NEEDS, struct mnt_need, s, at);
	FIX_EACH(&b, T_WARNINGS, struct mnt_warning, what, at);
	FIX_EACH(&b, T_WARNINGS, struct mnt_warning, text, at);
	FIX_EACH(&b, T_MM_NAMES, struct mailmap_entry, key, at);
	FIX_EACH(&b, T_MM_NAMES, struct mailmap_entry, value, at);
	FIX_EACH(&b, T_MM_ADDRS, struct mailmap_entry, key, at);
	FIX_EACH(&b, T_MM_ADDRS, struct mailmap_entry, value, at);

	strbuf_reset(out);
	strbuf_add(out, &h, sizeof(h));
	for (t = 0; t < NR_TABLES; t++) {
		while (out->len % 8)
			strbuf_addch(out, '\0');
		h.t[t].off = out->len;
		h.t[t].nr = b.tab[t].len / elem_size[t];
		strbuf_addbuf(out, &b.tab[t]);
		strbuf_release(&b.tab[t]);
	}
	while (out->len % 8)
		strbuf_addch(out, '\0');
	h.total = out->len;
	file_sums(out->buf, out->len, &h, &h.sum, &h.xsum);
	memcpy(out->buf, &h, sizeof(h));
	free(line_ptr);
}

/* ------------------------------------------------------------ reading */

struct reader {
	uint64_t delta;		/* where it is, minus base (mod 2^64) */
	uint64_t str_lo, str_hi;	/* the strings, as expected */
};

/*
 * Check a pointer of the file (into the strings, or NULL when @null_ok)
 * and move it to where the file is.
 */
static int ptr(const struct reader *r, void *field, int null_ok)
{
	char *p;
	uint64_t v;

	memcpy(&p, field, sizeof(p));
	v = (uint64_t)(uintptr_t)p;
	if (!v)
		return null_ok ? 0 : -1;
	if (v < r->str_lo || v >= r->str_hi)
		return -1;
	if (r->delta) {
		p = (char *)(uintptr_t)(v + r->delta);
		memcpy(field, &p, sizeof(p));
	}
	return 0;
}

static int check_mailmap(const struct reader *r, struct mailmap_entry *a,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ptr(r, &a[i].key, 0) || ptr(r, &a[i].value, 0))
			return -1;
		/* lookups are binary searches: the keys must be in order */
		if (i && strcmp(a[i - 1].key, a[i].key) > 0)
			return -1;
	}
	return 0;
}

int mnt_cache_header(const void *buf, size_t len, uint64_t *base,
		     uint64_t *total)
{
	struct mc_header h;

	if (len < sizeof(h))
		return -1;
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, MC_MAGIC, 8) || h.version != MNT_CACHE_VERSION ||
	    h.layout != layout() || h.base % 4096)
		return -1;
	*base = h.base;
	*total = h.total;
	return 0;
}

int mnt_cache_fill(struct maintainers *m, void *buf, size_t len,
		   const char *key, size_t key_len, int check_sum)
{
	struct mc_header h;
	struct reader r;
	char *b = buf, *str;
	char **lines;
	struct mnt_entry *entries;
	struct mnt_section *sections;
	struct mnt_need *needs;
	struct mnt_warning *warns;
	struct mailmap_entry *mn, *ma;
	int *entry_section, *keywords, *by_lit;
	uint64_t nl, ne, ns, nk, nn, nw, nb, i, j, str_len, run;
	uint64_t npaths = m->paths.nr;
	uint64_t sum, xsum, base, total;
	int t;

	if (((uintptr_t)buf & 7) ||
	    mnt_cache_header(buf, len, &base, &total))
		return -1;
	memcpy(&h, buf, sizeof(h));
	if (total != len || len % 8 || h.nr_paths != npaths ||
	    len > UINT32_MAX)
		return -1;
	for (t = 0; t < NR_TABLES; t++) {
		if (h.t[t].off < sizeof(h) || h.t[t].off % 8 ||
		    h.t[t].off > len || h.t[t].nr > len / elem_size[t] ||
		    h.t[t].nr * elem_size[t] > len - h.t[t].off)
			return -1;
	}
	if (h.t[T_KEY].nr != key_len ||
	    memcmp(b + h.t[T_KEY].off, key, key_len))
		return -1;
	if (check_sum) {
		file_sums(b, len, &h, &sum, &xsum);
		if (sum != h.sum || xsum != h.xsum)
			return -1;
	}
	str = b + h.t[T_STRINGS].off;
	str_len = h.t[T_STRINGS].nr;
	if (!str_len || str[str_len - 1])
		return -1;
	r.delta = (uint64_t)(uintptr_t)buf - h.base;
	r.str_lo = h.base + h.t[T_STRINGS].off;
	r.str_hi = r.str_lo + str_len;
	if (r.str_hi < r.str_lo)
		return -1;

	nl = h.t[T_LINES].nr;
	ne = h.t[T_ENTRIES].nr;
	ns = h.t[T_SECTIONS].nr;
	nk = h.t[T_KEYWORDS].nr;
	nn = h.t[T_NEEDS].nr;
	nw = h.t[T_WARNINGS].nr;
	nb = h.t[T_BY_LIT].nr;
	if (nl > INT32_MAX || ne > INT32_MAX || ns > ne || nk > ne || nb > ne ||
	    h.t[T_ENTRY_SECTION].nr != ne)
		return -1;
	lines = (char **)(b + h.t[T_LINES].off);
	entries = (struct mnt_entry *)(b + h.t[T_ENTRIES].off);
	sections = (struct mnt_section *)(b + h.t[T_SECTIONS].off);
	entry_section = (int *)(b + h.t[T_ENTRY_SECTION].off);
	keywords = (int *)(b + h.t[T_KEYWORDS].off);
	needs = (struct mnt_need *)(b + h.t[T_NEEDS].off);
	mn = (struct mailmap_entry *)(b + h.t[T_MM_NAMES].off);
	ma = (struct mailmap_entry *)(b + h.t[T_MM_ADDRS].off);
	warns = (struct mnt_warning *)(b + h.t[T_WARNINGS].off);
	by_lit = (int *)(b + h.t[T_BY_LIT].off);

	/*
	 * Mapped where its pointers point, and its checksum right: the
	 * file is, byte for byte, one a kdev with these structs wrote into
	 * the user's own cache, and it is used as it is. Anywhere else its
	 * pointers are moved, and every one of them and every index is
	 * checked (as for the fuzzer, which passes no checksum); from there
	 * on a bad file is half moved: the caller drops it.
	 */
	if (check_sum && !r.delta)
		goto take;
	for (i = 0; i < nl; i++)
		if (ptr(&r, &lines[i], 0))
			return -1;
	for (i = 0; i < ne; i++) {
		struct mnt_entry *e = &entries[i];
		uint64_t left;

		if (ptr(&r, &e->value, 0) || e->tvi < 0 ||
		    (uint64_t)e->tvi >= nl || e->file < 0 ||
		    (uint64_t)e->file >= npaths || e->line < 0 ||
		    e->tag < 'A' || e->tag > 'Z' || e->regex || e->re ||
		    (e->dir_state != 0 && e->dir_state != 2) ||
		    (e->re_state != 0 && e->re_state != 2))
			return -1;
		left = (uint64_t)(str + str_len - e->value);
		if (e->lit_len >= left)
			return -1;
	}
	/* the sections cut the entries into runs, in order */
	for (i = 0, j = 0; i < ns; i++) {
		struct mnt_section *s = &sections[i];
		uint64_t k;

		if ((uint64_t)s->first != j || s->nr <= 0 ||
		    (uint64_t)s->nr > ne - j || s->header_tvi < 0 ||
		    (uint64_t)s->header_tvi >= nl || s->file < 0 ||
		    (uint64_t)s->file >= npaths || s->line < 0 ||
		    ptr(&r, &s->name, 0) || ptr(&r, &s->status, 1))
			return -1;
		for (k = j; k < j + (uint64_t)s->nr; k++)
			if ((uint64_t)entry_section[k] != i)
				return -1;
		if (s->status) {
			for (k = j; k < j + (uint64_t)s->nr; k++)
				if (entries[k].tag == 'S' &&
				    entries[k].value == s->status)
					break;
			if (k == j + (uint64_t)s->nr)
				return -1;
		}
		j += (uint64_t)s->nr;
	}
	if (j != ne)
		return -1;
	for (i = 0; i < nk; i++)
		if (keywords[i] < 0 || (uint64_t)keywords[i] >= ne ||
		    entries[keywords[i]].tag != 'K')
			return -1;
	if (check_mailmap(&r, mn, h.t[T_MM_NAMES].nr) ||
	    check_mailmap(&r, ma, h.t[T_MM_ADDRS].nr))
		return -1;
	for (i = 0; i < nw; i++)
		if (warns[i].file < 0 || (uint64_t)warns[i].file >= npaths ||
		    warns[i].line < 0 || ptr(&r, &warns[i].what, 0) ||
		    ptr(&r, &warns[i].text, 0))
			return -1;
	for (i = 0, run = 0; i < nn; i++) {
		struct mnt_need *n = &needs[i];

		/* one entry's (at most KRE_NEED_MAX) side by side */
		run = i && n->entry == needs[i - 1].entry ? run + 1 : 1;
		if (n->entry < 0 || (uint64_t)n->entry >= ne ||
		    (i && n->entry < needs[i - 1].entry) ||
		    run > KRE_NEED_MAX ||
		    (entries[n->entry].tag != 'N' &&
		     entries[n->entry].tag != 'K') ||
		    n->len <= 0 || (n->icase != 0 && n->icase != 1) ||
		    ptr(&r, &n->s, 0) ||
		    (uint64_t)n->len >= (uint64_t)(str + str_len - n->s))
			return -1;
	}
	/* in range and of the right kind; their order is not trusted */
	for (i = 0; i < nb; i++)
		if (by_lit[i] < 0 || (uint64_t)by_lit[i] >= ne ||
		    (entries[by_lit[i]].tag != 'F' &&
		     entries[by_lit[i]].tag != 'X' &&
		     entries[by_lit[i]].tag != 'N'))
			return -1;

take:
	m->lines = lines;
	m->nr_lines = (int)nl;
	m->alloc_lines = nl;
	m->entries = entries;
	m->nr_entries = (int)ne;
	m->alloc_entries = ne;
	m->sections = sections;
	m->nr_sections = (int)ns;
	m->alloc_sections = ns;
	m->entry_section = entry_section;
	m->keywords = keywords;
	m->nr_keywords = (int)nk;
	m->mmc_names = h.t[T_MM_NAMES].nr ? mn : NULL;
	m->nr_mmc_names = h.t[T_MM_NAMES].nr;
	m->mmc_addrs = h.t[T_MM_ADDRS].nr ? ma : NULL;
	m->nr_mmc_addrs = h.t[T_MM_ADDRS].nr;
	m->needs = needs;
	m->nr_needs = (int)nn;
	m->by_lit = nb ? by_lit : NULL;
	m->nr_by_lit = (int)nb;
	m->warn_log = warns;
	m->nr_warn_log = m->alloc_warn_log = nw;
	m->in_map = 1;
	m->from_cache = h.has_mailmap ? 1 : 3;
	return 0;
}

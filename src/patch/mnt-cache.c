// SPDX-License-Identifier: GPL-2.0
/*
 * The index cache of a parsed MAINTAINERS: written after a parse, read
 * (mapped) instead of parsing again. See mnt-cache.h for the format.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "mnt-cache.h"
#include "regex.h"

#define MC_MAGIC "KDEVMNTC"
#define MC_NONE UINT32_MAX

struct mc_table {
	uint32_t nr, off;
};

enum {
	T_LINES,	/* u32 string */
	T_ENTRIES,	/* struct mc_entry */
	T_SECTIONS,	/* struct mc_section */
	T_KEYWORDS,	/* u32 entry */
	T_MM_NAMES,	/* u32 key, u32 value */
	T_MM_ADDRS,
	T_WARNINGS,	/* struct mc_warning */
	T_NEEDS,	/* struct mc_need */
	T_KEY,		/* bytes */
	T_STRINGS,	/* bytes, the last one NUL */
	NR_TABLES
};

struct mc_header {
	char magic[8];
	uint32_t version, endian;
	uint64_t total;		/* file length */
	uint64_t sum, xsum;	/* of the 64-bit words after the header */
	uint32_t nr_paths, has_mailmap;
	struct mc_table t[NR_TABLES];
};

struct mc_entry {
	uint32_t value, tvi, line, lit_len;
	uint16_t file;
	char tag;
	uint8_t flags;
};

#define MCE_NOT_DIR	0x1	/* dir_state 2 */
#define MCE_BAD_RE	0x2	/* re_state 2 */

struct mc_section {
	uint32_t name_tvi, first, nr, status, file, line;
};

struct mc_warning {
	uint32_t file, line, what, text;
};

struct mc_need {
	uint32_t entry, s, len, icase;
};

static const size_t elem_size[NR_TABLES] = {
	[T_LINES] = 4, [T_ENTRIES] = sizeof(struct mc_entry),
	[T_SECTIONS] = sizeof(struct mc_section), [T_KEYWORDS] = 4,
	[T_MM_NAMES] = 8, [T_MM_ADDRS] = 8,
	[T_WARNINGS] = sizeof(struct mc_warning),
	[T_NEEDS] = sizeof(struct mc_need), [T_KEY] = 1,
	[T_STRINGS] = 1,
};

typedef uint64_t v2u64 __attribute__((vector_size(16)));

/* Two checksums of the 64-bit words of @buf: a sum and a mix. */
static void sums(const void *buf, size_t len, uint64_t *sum, uint64_t *xsum)
{
	const char *p = buf;
	v2u64 s = { 0, 0 }, x = { 0, 0 }, w;
	size_t i, n = len / 16;

	for (i = 0; i < n; i++) {
		memcpy(&w, p + 16 * i, 16);
		s += w;
		x ^= w + s;
	}
	*sum = s[0] + 3 * s[1];
	*xsum = x[0] ^ (x[1] << 7 | x[1] >> 57);
	if (len % 16 >= 8) {
		uint64_t last;

		memcpy(&last, p + 16 * n, 8);
		*sum += last;
		*xsum ^= last * 0x9e3779b97f4a7c15ULL;
	}
}

/* ------------------------------------------------------------ writing */

struct builder {
	struct strbuf tab[NR_TABLES];
};

static uint32_t add_str(struct builder *b, const char *s)
{
	uint32_t off = (uint32_t)b->tab[T_STRINGS].len;

	strbuf_add(&b->tab[T_STRINGS], s, strlen(s) + 1);
	return off;
}

static void add_u32(struct builder *b, int t, uint32_t v)
{
	strbuf_add(&b->tab[t], &v, sizeof(v));
}

static void add_mailmap(struct builder *b, int t,
			const struct mailmap_entry *arr, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		add_u32(b, t, add_str(b, arr[i].key));
		add_u32(b, t, add_str(b, arr[i].value));
	}
}

void mnt_cache_build(const struct maintainers *m,
		     const struct maintainers *mm, const char *key,
		     size_t key_len, struct strbuf *out)
{
	struct builder b;
	struct mc_header h;
	uint32_t *line_off = xcalloc(m->nr_lines + 1, sizeof(*line_off));
	size_t off;
	int i, t;

	for (t = 0; t < NR_TABLES; t++)
		strbuf_init(&b.tab[t], 0);
	strbuf_add(&b.tab[T_KEY], key, key_len);
	/* values point into the lines: offsets into the same strings */
	for (i = 0; i < m->nr_lines; i++) {
		line_off[i] = add_str(&b, m->lines[i]);
		add_u32(&b, T_LINES, line_off[i]);
	}
	for (i = 0; i < m->nr_entries; i++) {
		const struct mnt_entry *e = &m->entries[i];
		const char *l = m->lines[e->tvi];
		struct mc_entry ce = { 0 };

		ce.value = line_off[e->tvi] + (uint32_t)(e->value - l);
		ce.tvi = (uint32_t)e->tvi;
		ce.line = (uint32_t)e->line;
		ce.lit_len = (uint32_t)e->lit_len;
		ce.file = (uint16_t)e->file;
		ce.tag = e->tag;
		ce.flags = (e->dir_state == 2 ? MCE_NOT_DIR : 0) |
			   (e->re_state == 2 ? MCE_BAD_RE : 0);
		strbuf_add(&b.tab[T_ENTRIES], &ce, sizeof(ce));
	}
	for (i = 0; i < m->nr_sections; i++) {
		const struct mnt_section *s = &m->sections[i];
		struct mc_section cs;
		int j;

		cs.name_tvi = (uint32_t)s->header_tvi;
		cs.first = (uint32_t)s->first;
		cs.nr = (uint32_t)s->nr;
		cs.status = MC_NONE;
		for (j = s->first; j < s->first + s->nr; j++)
			if (m->entries[j].tag == 'S')
				cs.status = (uint32_t)j;
		cs.file = (uint32_t)s->file;
		cs.line = (uint32_t)s->line;
		strbuf_add(&b.tab[T_SECTIONS], &cs, sizeof(cs));
	}
	for (i = 0; i < m->nr_keywords; i++)
		add_u32(&b, T_KEYWORDS, (uint32_t)m->keywords[i]);
	if (mm) {
		add_mailmap(&b, T_MM_NAMES, mm->mm_names, mm->nr_mm_names);
		add_mailmap(&b, T_MM_ADDRS, mm->mm_addrs, mm->nr_mm_addrs);
	}
	for (i = 0; i < (int)m->nr_warn_log; i++) {
		const struct mnt_warning *w = &m->warn_log[i];
		struct mc_warning cw;

		cw.file = (uint32_t)w->file;
		cw.line = (uint32_t)w->line;
		cw.what = add_str(&b, w->what);
		cw.text = add_str(&b, w->text);
		strbuf_add(&b.tab[T_WARNINGS], &cw, sizeof(cw));
	}
	for (i = 0; i < m->nr_entries; i++) {
		const struct mnt_entry *e = &m->entries[i];
		struct mc_need cn;
		const char *lit;
		size_t len;
		int icase;

		if ((e->tag != 'N' && e->tag != 'K') || e->re_state != 1)
			continue;
		lit = kre_literal(e->re, &len, &icase);
		if (!len)
			continue;
		cn.entry = (uint32_t)i;
		cn.s = (uint32_t)b.tab[T_STRINGS].len;
		cn.len = (uint32_t)len;
		cn.icase = (uint32_t)icase;
		strbuf_add(&b.tab[T_STRINGS], lit, len);
		strbuf_addch(&b.tab[T_STRINGS], '\0');
		strbuf_add(&b.tab[T_NEEDS], &cn, sizeof(cn));
	}
	if (!b.tab[T_STRINGS].len)
		strbuf_addch(&b.tab[T_STRINGS], '\0');

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MC_MAGIC, 8);
	h.version = MNT_CACHE_VERSION;
	h.endian = 0x01020304;
	h.nr_paths = (uint32_t)m->paths.nr;
	h.has_mailmap = !!mm;
	off = sizeof(h);
	strbuf_reset(out);
	strbuf_add(out, &h, sizeof(h));
	for (t = 0; t < NR_TABLES; t++) {
		while (out->len % 8)
			strbuf_addch(out, '\0');
		h.t[t].off = (uint32_t)out->len;
		h.t[t].nr = (uint32_t)(b.tab[t].len / elem_size[t]);
		strbuf_addbuf(out, &b.tab[t]);
		strbuf_release(&b.tab[t]);
	}
	while (out->len % 8)
		strbuf_addch(out, '\0');
	h.total = out->len;
	sums(out->buf + off, out->len - off, &h.sum, &h.xsum);
	memcpy(out->buf, &h, sizeof(h));
	free(line_off);
}

/* ------------------------------------------------------------ reading */

struct reader {
	char *buf;
	const char *str;
	size_t str_len;
};

static int str_ok(const struct reader *r, uint32_t off)
{
	return off < r->str_len;
}

static const void *table(const struct reader *r, const struct mc_header *h,
			 int t)
{
	return r->buf + h->t[t].off;
}

static int fill_mailmap(const struct reader *r, const struct mc_header *h,
			int t, struct mailmap_entry **out, size_t *nr)
{
	const uint32_t *p = table(r, h, t);
	struct mailmap_entry *a;
	uint32_t i, n = h->t[t].nr;

	*out = NULL;
	*nr = 0;
	if (!n)
		return 0;
	a = xcalloc(n, sizeof(*a));
	for (i = 0; i < n; i++) {
		if (!str_ok(r, p[2 * i]) || !str_ok(r, p[2 * i + 1])) {
			free(a);
			return -1;
		}
		a[i].key = (char *)r->str + p[2 * i];
		a[i].value = (char *)r->str + p[2 * i + 1];
		a[i].seq = i;
		/* lookups are binary searches: the keys must be in order */
		if (i && strcmp(a[i - 1].key, a[i].key) > 0) {
			free(a);
			return -1;
		}
	}
	*out = a;
	*nr = n;
	return 0;
}

int mnt_cache_fill(struct maintainers *m, void *buf, size_t len,
		   const char *key, size_t key_len, int check_sum)
{
	struct mc_header h;
	struct reader r = { buf, NULL, 0 };
	const struct mc_entry *ce;
	const struct mc_section *cs;
	const struct mc_warning *cw;
	const struct mc_need *cn;
	struct mnt_need *needs = NULL;
	uint32_t nn;
	const uint32_t *u;
	uint32_t i, j, nl, ne, ns, nk, nw, npaths = (uint32_t)m->paths.nr;
	char **lines = NULL;
	struct mnt_entry *entries = NULL;
	struct mnt_section *sections = NULL;
	int *entry_section = NULL, *keywords = NULL;
	struct mailmap_entry *mn = NULL, *ma = NULL;
	struct mnt_warning *warns = NULL;
	size_t nmn = 0, nma = 0;
	uint64_t sum, xsum;
	int t;

	if (len < sizeof(h) || ((uintptr_t)buf & 7))
		return -1;
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, MC_MAGIC, 8) || h.version != MNT_CACHE_VERSION ||
	    h.endian != 0x01020304 || h.total != len || len % 8 ||
	    h.nr_paths != npaths || len > UINT32_MAX)
		return -1;
	for (t = 0; t < NR_TABLES; t++) {
		uint64_t end = (uint64_t)h.t[t].off +
			       (uint64_t)h.t[t].nr * elem_size[t];

		if (h.t[t].off < sizeof(h) || h.t[t].off % 8 || end > len)
			return -1;
	}
	if (h.t[T_KEY].nr != key_len ||
	    memcmp(r.buf + h.t[T_KEY].off, key, key_len))
		return -1;
	if (check_sum) {
		sums(r.buf + sizeof(h), len - sizeof(h), &sum, &xsum);
		if (sum != h.sum || xsum != h.xsum)
			return -1;
	}
	r.str = r.buf + h.t[T_STRINGS].off;
	r.str_len = h.t[T_STRINGS].nr;
	if (!r.str_len || r.str[r.str_len - 1])
		return -1;
	nl = h.t[T_LINES].nr;
	ne = h.t[T_ENTRIES].nr;
	ns = h.t[T_SECTIONS].nr;
	nk = h.t[T_KEYWORDS].nr;
	nw = h.t[T_WARNINGS].nr;
	if (nl > INT32_MAX || ne > INT32_MAX || ns > ne || nk > ne)
		return -1;

	lines = xmalloc((nl + 1) * sizeof(*lines));
	u = table(&r, &h, T_LINES);
	for (i = 0; i < nl; i++) {
		if (!str_ok(&r, u[i]))
			goto bad;
		lines[i] = (char *)r.str + u[i];
	}
	entries = xcalloc(ne + 1, sizeof(*entries));
	ce = table(&r, &h, T_ENTRIES);
	for (i = 0; i < ne; i++) {
		struct mnt_entry *e = &entries[i];

		if (!str_ok(&r, ce[i].value) || ce[i].tvi >= nl ||
		    ce[i].file >= npaths || ce[i].tag < 'A' || ce[i].tag > 'Z' ||
		    ce[i].lit_len >= r.str_len - ce[i].value ||
		    ce[i].line > INT32_MAX)
			goto bad;
		e->tag = ce[i].tag;
		e->value = (char *)r.str + ce[i].value;
		e->tvi = (int)ce[i].tvi;
		e->file = ce[i].file;
		e->line = (int)ce[i].line;
		e->lit_len = ce[i].lit_len;
		e->dir_state = ce[i].flags & MCE_NOT_DIR ? 2 : 0;
		e->re_state = ce[i].flags & MCE_BAD_RE ? 2 : 0;
	}
	/* the sections cut the entries into runs, in order */
	sections = xcalloc(ns + 1, sizeof(*sections));
	entry_section = xcalloc(ne + 1, sizeof(*entry_section));
	cs = table(&r, &h, T_SECTIONS);
	for (i = 0, j = 0; i < ns; i++) {
		struct mnt_section *s = &sections[i];
		uint32_t k;

		if (cs[i].first != j || !cs[i].nr || cs[i].nr > ne - j ||
		    cs[i].name_tvi >= nl || cs[i].file >= npaths ||
		    cs[i].line > INT32_MAX ||
		    (cs[i].status != MC_NONE &&
		     (cs[i].status < j || cs[i].status >= j + cs[i].nr ||
		      entries[cs[i].status].tag != 'S')))
			goto bad;
		s->name = lines[cs[i].name_tvi];
		s->header_tvi = (int)cs[i].name_tvi;
		s->first = (int)j;
		s->nr = (int)cs[i].nr;
		s->status = cs[i].status == MC_NONE ? NULL :
			    entries[cs[i].status].value;
		s->file = (int)cs[i].file;
		s->line = (int)cs[i].line;
		for (k = j; k < j + cs[i].nr; k++)
			entry_section[k] = (int)i;
		j += cs[i].nr;
	}
	if (j != ne)
		goto bad;
	keywords = xcalloc(nk + 1, sizeof(*keywords));
	u = table(&r, &h, T_KEYWORDS);
	for (i = 0; i < nk; i++) {
		if (u[i] >= ne || entries[u[i]].tag != 'K')
			goto bad;
		keywords[i] = (int)u[i];
	}
	if (fill_mailmap(&r, &h, T_MM_NAMES, &mn, &nmn) ||
	    fill_mailmap(&r, &h, T_MM_ADDRS, &ma, &nma))
		goto bad;
	warns = xcalloc(nw + 1, sizeof(*warns));
	cw = table(&r, &h, T_WARNINGS);
	for (i = 0; i < nw; i++) {
		if (cw[i].file >= npaths || cw[i].line > INT32_MAX ||
		    !str_ok(&r, cw[i].what) || !str_ok(&r, cw[i].text))
			goto bad;
		warns[i].file = (int)cw[i].file;
		warns[i].line = (int)cw[i].line;
		warns[i].what = (char *)r.str + cw[i].what;
		warns[i].text = (char *)r.str + cw[i].text;
	}
	nn = h.t[T_NEEDS].nr;
	needs = xcalloc(nn + 1, sizeof(*needs));
	cn = table(&r, &h, T_NEEDS);
	for (i = 0; i < nn; i++) {
		if (cn[i].entry >= ne || (i && cn[i].entry <= cn[i - 1].entry) ||
		    (entries[cn[i].entry].tag != 'N' &&
		     entries[cn[i].entry].tag != 'K') ||
		    !cn[i].len || cn[i].len >= r.str_len ||
		    cn[i].s >= r.str_len - cn[i].len || cn[i].icase > 1)
			goto bad;
		needs[i].entry = (int)cn[i].entry;
		needs[i].s = r.str + cn[i].s;
		needs[i].len = (int)cn[i].len;
		needs[i].icase = (int)cn[i].icase;
	}

	m->lines = lines;
	m->nr_lines = m->alloc_lines = nl;
	m->entries = entries;
	m->nr_entries = m->alloc_entries = ne;
	m->sections = sections;
	m->nr_sections = m->alloc_sections = ns;
	m->entry_section = entry_section;
	m->keywords = keywords;
	m->nr_keywords = nk;
	m->mmc_names = mn;
	m->nr_mmc_names = nmn;
	m->mmc_addrs = ma;
	m->nr_mmc_addrs = nma;
	m->needs = needs;
	m->nr_needs = (int)nn;
	m->warn_log = warns;
	m->nr_warn_log = m->alloc_warn_log = nw;
	m->from_cache = h.has_mailmap ? 1 : 3;
	return 0;
bad:
	free(lines);
	free(entries);
	free(sections);
	free(entry_section);
	free(keywords);
	free(mn);
	free(ma);
	free(warns);
	free(needs);
	return -1;
}

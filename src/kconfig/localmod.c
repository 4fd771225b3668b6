// SPDX-License-Identifier: GPL-2.0
/*
 * Module lists and the --localmod trimming of "kdev config from-running"
 * (localmod.h).
 */
#include <stdlib.h>
#include <string.h>

#include "kconfig/dotconfig.h"
#include "kconfig/internal.h"
#include "kconfig/kbuild.h"
#include "kconfig/localmod.h"
#include "lib/error.h"
#include "lib/strbuf.h"
#include "lib/util.h"

/* ---- module lists ---- */

static size_t modlist_pos(const struct modlist *ml, const char *name,
			  int *found)
{
	size_t lo = 0, hi = ml->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ml->v[mid], name);

		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

void modlist_add(struct modlist *ml, const char *name, size_t len)
{
	const char *slash = memrchr(name, '/', len);
	char *s, *p;
	size_t pos;
	int found;

	if (slash) {
		len -= slash + 1 - name;
		name = slash + 1;
	}
	s = xstrndup(name, len);
	/* ext4.ko, ext4.ko.xz, ext4.ko.zst */
	p = strstr(s, ".ko");
	if (p && (!p[3] || p[3] == '.'))
		*p = '\0';
	for (p = s; *p; p++)
		if (*p == '-')
			*p = '_';
	if (!*s) {
		free(s);
		return;
	}
	pos = modlist_pos(ml, s, &found);
	if (found) {
		free(s);
		return;
	}
	ALLOC_GROW(ml->v, ml->nr + 1, ml->alloc);
	memmove(ml->v + pos + 1, ml->v + pos, (ml->nr - pos) * sizeof(*ml->v));
	ml->v[pos] = s;
	ml->nr++;
}

int modlist_has(const struct modlist *ml, const char *name)
{
	int found;

	modlist_pos(ml, name, &found);
	return found;
}

void modlist_release(struct modlist *ml)
{
	size_t i;

	for (i = 0; i < ml->nr; i++)
		free(ml->v[i]);
	free(ml->v);
	memset(ml, 0, sizeof(*ml));
}

size_t modlist_parse(struct modlist *ml, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end, *w;

		while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		w = p;
		while (p < eol && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '#')
			p++;
		if (p > w) {
			modlist_add(ml, w, p - w);
			n++;
		}
		p = eol + 1;
	}
	return n;
}

/* ---- reading another kernel's configuration ---- */

int kconfig_read_foreign(struct kconfig *kc, const char *name,
			 const char *buf, size_t len, size_t *skipped)
{
	bool quiet = kc->quiet;
	int before = kc->warnings, ret;

	kc->quiet = true;
	ret = kconfig_read_text(kc, name, buf, len, false);
	kc->quiet = quiet;
	if (skipped) {
		struct dotconfig dc = DOTCONFIG_INIT;
		size_t i, n = 0;

		/* unknown symbols are no warnings (as in Kconfig) */
		dotconfig_parse(&dc, buf, len, NULL, kconfig_prefix());
		for (i = 0; i < dc.nr; i++) {
			struct ksym *k = kconfig_lookup(kc, dc.v[i].name);

			if (!k || k->type == KS_UNKNOWN)
				n++;
		}
		dotconfig_release(&dc);
		*skipped = n + (size_t)(kc->warnings - before);
	}
	kconfig_calc(kc);
	return ret;
}

/* ---- the trimming ---- */

struct symset {
	struct ksym **syms;	/* kconfig_symbols() */
	struct ksym **sorted;	/* by address, for index_of() */
	size_t *sorted_idx;
	size_t nr;
	char *needed;		/* [index] */
	char *off;		/* [index]: set to n by the fragment */
	enum tristate *was;	/* [index]: value before trimming */
};

static const struct symset *cmp_set;

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = cmp_set->syms[*(const size_t *)a];
	const struct ksym *y = cmp_set->syms[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

static void symset_init(struct symset *s, struct kconfig *kc)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->syms = kconfig_symbols(kc, &s->nr);
	s->sorted_idx = xcalloc(s->nr ? s->nr : 1, sizeof(size_t));
	for (i = 0; i < s->nr; i++)
		s->sorted_idx[i] = i;
	cmp_set = s;
	qsort(s->sorted_idx, s->nr, sizeof(size_t), cmp_addr);
	cmp_set = NULL;
	s->needed = xcalloc(s->nr + 1, 1);
	s->off = xcalloc(s->nr + 1, 1);
	s->was = xcalloc(s->nr + 1, sizeof(*s->was));
	for (i = 0; i < s->nr; i++)
		s->was[i] = s->syms[i]->curr.tri;
}

static void symset_release(struct symset *s)
{
	free(s->sorted_idx);
	free(s->needed);
	free(s->off);
	free(s->was);
}

/* index in s->syms, or -1 */
static long index_of(const struct symset *s, const struct ksym *sym)
{
	size_t lo = 0, hi = s->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ksym *m = s->syms[s->sorted_idx[mid]];

		if (m == sym)
			return (long)s->sorted_idx[mid];
		if (m < sym)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void need(struct symset *s, struct ksym *sym);

static void need_expr(struct symset *s, struct kexpr *e)
{
	if (!e)
		return;
	switch (e->type) {
	case KE_SYMBOL:
		need(s, e->left.sym);
		break;
	case KE_NOT:
		need_expr(s, e->left.expr);
		break;
	case KE_AND:
	case KE_OR:
		need_expr(s, e->left.expr);
		need_expr(s, e->right.expr);
		break;
	case KE_NONE:
		break;
	default:
		need(s, e->left.sym);
		need(s, e->right.sym);
	}
}

/* @sym and, transitively, what its definitions depend on */
static void need(struct symset *s, struct ksym *sym)
{
	struct kprop *p;
	long i;

	if (!sym || sym->is_const)
		return;
	i = index_of(s, sym);
	if (i < 0 || s->needed[i])
		return;
	s->needed[i] = 1;
	need_expr(s, sym->dir_dep);
	for (p = sym->props; p; p = p->next)
		if (p->type == KP_PROMPT)
			need_expr(s, p->visible);
	if (sym->choice)
		need(s, sym->choice);
}

/* The fragment that turns off every m option nothing needs. */
static void off_fragment(struct symset *s, struct strbuf *frag)
{
	const char *prefix = kconfig_prefix();
	size_t i;

	strbuf_reset(frag);
	for (i = 0; i < s->nr; i++) {
		struct ksym *sym = s->syms[i];

		s->off[i] = 0;
		if (!sym->name || sym->type != KS_TRISTATE || s->needed[i] ||
		    s->was[i] != mod || (sym->flags & KSYM_CHOICEVAL))
			continue;
		s->off[i] = 1;
		strbuf_addf(frag, "# %s%s is not set\n", prefix, sym->name);
	}
}

/*
 * Needed options that went down: bring back a selector of each that
 * was turned off. Returns how many were brought back.
 */
static size_t restore(struct symset *s, struct localmod_result *res)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->nr; i++) {
		struct ksym *sym = s->syms[i];

		if (!s->needed[i] || sym->curr.tri >= s->was[i])
			continue;
		for (j = 0; j < sym->nr_rev_props; j++) {
			struct kprop *p = sym->rev_props[j];
			struct ksym *by = p->menu ? p->menu->sym : NULL;
			long k = by ? index_of(s, by) : -1;

			if (k < 0 || !s->off[k] || s->needed[k])
				continue;
			need(s, by);
			strvec_push(&res->restored, by->name);
			n++;
			break;
		}
	}
	return n;
}

static void lookup_modules(struct kconfig *kc, struct symset *s,
			   const char *srctree, const char *arch,
			   const struct modlist *mods,
			   struct localmod_result *res)
{
	struct dotconfig *dc = xcalloc(1, sizeof(*dc));
	struct strbuf sb = STRBUF_INIT;
	const char *prefix = kconfig_prefix();
	size_t plen = strlen(prefix), i, j;
	char *host = NULL;
	struct kb_tree *t;

	kconfig_format(kc, &sb);
	dotconfig_parse(dc, sb.buf, sb.len, NULL, prefix);
	if (!arch)
		arch = host = kconfig_host_arch();
	t = kb_tree_new(srctree, kconfig_srcarch(arch), arch, dc);
	for (i = 0; i < mods->nr; i++) {
		struct kb_result r;

		if (kb_which(t, mods->v[i], &r)) {
			strvec_push(&res->missing, mods->v[i]);
			kb_result_release(&r);
			continue;
		}
		strvec_push(&res->found, mods->v[i]);
		for (j = 0; j < r.nr_options; j++) {
			const char *o = r.options[j].name;

			if (!strncmp(o, prefix, plen))
				o += plen;
			need(s, kconfig_lookup(kc, o));
		}
		kb_result_release(&r);
	}
	kb_tree_free(t);
	strbuf_release(&sb);
	free(host);
}

int localmod_apply(struct kconfig *kc, const char *srctree,
		   const char *arch, const char *name, const char *text,
		   size_t len, const struct modlist *mods,
		   struct localmod_result *res)
{
	struct strbuf frag = STRBUF_INIT;
	struct symset s;
	size_t i, round;
	int ret = 0;

	kconfig_calc(kc);
	symset_init(&s, kc);
	lookup_modules(kc, &s, srctree, arch, mods, res);
	for (round = 0; round < 64; round++) {
		off_fragment(&s, &frag);
		if (kconfig_read_foreign(kc, name, text, len, NULL) ||
		    kconfig_read_text(kc, "--localmod", frag.buf, frag.len,
				      true)) {
			ret = error("cannot apply the module list to '%s'",
				    name);
			break;
		}
		kconfig_calc(kc);
		if (!restore(&s, res))
			break;
	}
	for (i = 0; i < s.nr; i++) {
		struct ksym *sym = s.syms[i];

		if (sym->name && sym->curr.tri == mod &&
		    (sym->type == KS_TRISTATE))
			res->left_m++;
		if (s.was[i] != mod || !sym->name)
			continue;
		if (sym->curr.tri == no)
			res->turned_off++;
		else if (s.needed[i])
			strvec_push(&res->kept, sym->name);
	}
	strbuf_release(&frag);
	symset_release(&s);
	return ret;
}

void localmod_result_release(struct localmod_result *res)
{
	strvec_clear(&res->found);
	strvec_clear(&res->missing);
	strvec_clear(&res->kept);
	strvec_clear(&res->restored);
	res->turned_off = 0;
	res->left_m = 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols: the table, the arena everything lives in, and the value
 * computation. The rules are Kconfig's (Documentation/kbuild/
 * kconfig-language.rst), including the details olddefconfig output
 * depends on:
 *
 * - A value is computed on demand and kept until invalidated; a symbol
 *   being computed already counts as computed (its value is then n or
 *   the empty string), which is how choices and their members refer to
 *   each other.
 * - visible: the best of the prompts' conditions; m becomes y for a
 *   bool, or when MODULES is n.
 * - bool/tristate: the user value limited by the visibility when
 *   visible and set; else the first default whose condition holds,
 *   raised by imply (but not above "depends on"); then raised by
 *   select. m becomes y for a bool, and tristates are bools while
 *   MODULES is n.
 * - int/hex/string: the user value when visible and set, else the
 *   first default that applies (a symbol's value), then clamped to
 *   the first range that applies.
 * - A choice is y (m for a tristate choice) when its prompt is
 *   visible; its selected member is the user's when visible, else the
 *   first visible default, else the first visible member.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lib/error.h"

/* Arena */

struct kc_chunk {
	struct kc_chunk *next;
	size_t size;
	max_align_t data[];
};

#define KC_CHUNK (256 * 1024)

void *kc_alloc(struct kconfig *kc, size_t size)
{
	struct kc_arena *a = &kc->arena;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (size > a->left) {
		size_t n = size > KC_CHUNK / 4 ? size : KC_CHUNK;
		struct kc_chunk *c = xmalloc(sizeof(*c) + n);

		c->size = n;
		if (size > KC_CHUNK / 4 && a->chunks) {
			/* a big one: keep the current chunk current */
			c->next = a->chunks->next;
			a->chunks->next = c;
			memset(c->data, 0, size);
			return c->data;
		}
		c->next = a->chunks;
		a->chunks = c;
		a->cur = (char *)c->data;
		a->left = n;
	}
	p = a->cur;
	a->cur += size;
	a->left -= size;
	memset(p, 0, size);
	return p;
}

char *kc_strndup(struct kconfig *kc, const char *s, size_t n)
{
	char *p = kc_alloc(kc, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *kc_strdup(struct kconfig *kc, const char *s)
{
	return kc_strndup(kc, s, strlen(s));
}

/* Symbol table */

static size_t str_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct ksym *sym_alloc(struct kconfig *kc, const char *name,
			      bool is_const)
{
	struct ksym *sym = kc_alloc(kc, sizeof(*sym));

	sym->kc = kc;
	sym->name = name ? kc_strdup(kc, name) : NULL;
	sym->type = KS_UNKNOWN;
	sym->is_const = is_const;
	sym->curr.val = sym->name ? sym->name : "";
	ALLOC_GROW(kc->syms, kc->nr_syms + 1, kc->alloc_syms);
	kc->syms[kc->nr_syms++] = sym;
	if (name) {
		size_t h = str_hash(name) & kc->hash_mask;

		sym->hash_next = kc->hash[h];
		kc->hash[h] = sym;
	}
	return sym;
}

static struct ksym *const_tristate(struct kconfig *kc, const char *name)
{
	if (name[0] && !name[1]) {
		switch (name[0]) {
		case 'y':
			return kc->sym_y;
		case 'm':
			return kc->sym_m;
		case 'n':
			return kc->sym_n;
		}
	}
	return NULL;
}

/*
 * A symbol by name: a config symbol (unquoted in Kconfig), or a
 * constant (quoted). "y", "m" and "n" are always the constants.
 */
struct ksym *kc_sym_lookup(struct kconfig *kc, const char *name,
			   bool is_const)
{
	struct ksym *sym = const_tristate(kc, name);

	if (sym)
		return sym;
	for (sym = kc->hash[str_hash(name) & kc->hash_mask]; sym;
	     sym = sym->hash_next) {
		if (strcmp(sym->name, name))
			continue;
		if (is_const ? sym->is_const
			     : !sym->is_const && !sym->is_choice)
			return sym;
	}
	return sym_alloc(kc, name, is_const);
}

/* As a .config names it: anything but a constant. */
struct ksym *kc_sym_find(struct kconfig *kc, const char *name)
{
	struct ksym *sym = const_tristate(kc, name);

	if (sym)
		return sym;
	for (sym = kc->hash[str_hash(name) & kc->hash_mask]; sym;
	     sym = sym->hash_next)
		if (!strcmp(sym->name, name) && !sym->is_const)
			return sym;
	return NULL;
}

/* A new anonymous choice, or the named one (new or not). */
struct ksym *kc_sym_new_choice(struct kconfig *kc, const char *name)
{
	struct ksym *sym;

	if (name)
		for (sym = kc->hash[str_hash(name) & kc->hash_mask]; sym;
		     sym = sym->hash_next)
			if (sym->is_choice && !strcmp(sym->name, name))
				return sym;
	sym = sym_alloc(kc, name, false);
	sym->is_choice = true;
	return sym;
}

static struct kconfig *kconfig_new(void)
{
	struct kconfig *kc = xcalloc(1, sizeof(*kc));
	static const char *const names[] = { "n", "m", "y" };
	struct ksym *c[3];
	int i;

	kc->hash_mask = (1 << 15) - 1;
	kc->hash = xcalloc(kc->hash_mask + 1, sizeof(*kc->hash));
	for (i = 0; i < 3; i++) {
		c[i] = sym_alloc(kc, names[i], true);
		c[i]->type = KS_TRISTATE;
		c[i]->curr.tri = (enum tristate)i;
		c[i]->flags = KSYM_VALID;
	}
	kc->sym_n = c[0];
	kc->sym_m = c[1];
	kc->sym_y = c[2];
	kc->root.type = KM_ROOT;
	kc->cur_menu = kc->cur_entry = &kc->root;
	kc->last_entry_ptr = &kc->root.list;
	kc->changed = true;
	return kc;
}

struct kconfig *kc_new(void)
{
	return kconfig_new();
}

void kconfig_free(struct kconfig *kc)
{
	struct kc_chunk *c, *next;
	size_t i;

	if (!kc)
		return;
	for (i = 0; i < kc->nr_syms; i++) {
		struct ksym *sym = kc->syms[i];

		free(sym->members);
		free(sym->menus);
		free(sym->rev_props);
	}
	for (c = kc->arena.chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(kc->syms);
	free(kc->defined);
	free(kc->hash);
	free(kc->assigns);
	free(kc);
}

struct ksym *kconfig_lookup(struct kconfig *kc, const char *name)
{
	struct ksym *sym = kc_sym_find(kc, name);

	return sym && !sym->is_const ? sym : NULL;
}

struct ksym **kconfig_symbols(struct kconfig *kc, size_t *nr)
{
	*nr = kc->nr_defined;
	return kc->defined;
}

struct kmenu *kconfig_root(struct kconfig *kc)
{
	return &kc->root;
}

struct ksym *kconfig_modules(struct kconfig *kc)
{
	return kc->modules_sym;
}

const char *kconfig_prefix(void)
{
	const char *p = getenv("CONFIG_");

	return p ? p : "CONFIG_";
}

int kconfig_warnings(const struct kconfig *kc)
{
	return kc->warnings;
}

void kc_warn(struct kconfig *kc, const char *file, int line,
	     const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	kc->warnings++;
	if (kc->quiet)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (file)
		warning("%s:%d: %s", file, line, sb.buf);
	else
		warning("%s", sb.buf);
	strbuf_release(&sb);
}

/* Values */

enum ksym_type kc_sym_type(struct ksym *sym)
{
	if (sym->type == KS_TRISTATE) {
		if ((sym->flags & KSYM_CHOICEVAL) && sym->visible == yes)
			return KS_BOOL;
		if (sym->kc->modules_val == no)
			return KS_BOOL;
	}
	return sym->type;
}

const char *kc_sym_string_value(struct ksym *sym)
{
	if (sym->type == KS_BOOL || sym->type == KS_TRISTATE)
		return tristate_name(sym->curr.tri);
	return sym->curr.val;
}

const char *ksym_value(struct ksym *sym)
{
	kc_sym_calc(sym);
	return kc_sym_string_value(sym);
}

static struct kprop *first_active(struct ksym *sym, enum kprop_type type)
{
	struct kprop *p;

	for (p = sym->props; p; p = p->next) {
		if (p->type != type)
			continue;
		p->visible_tri = kexpr_calc(p->visible);
		if (p->visible_tri != no)
			return p;
	}
	return NULL;
}

static enum tristate bool_clamp(struct ksym *sym, enum tristate t)
{
	return t == mod && kc_sym_type(sym) == KS_BOOL ? yes : t;
}

void kc_sym_calc_visibility(struct ksym *sym)
{
	struct ksym *choice = NULL;
	enum tristate tri = no;
	struct kprop *p;

	if (sym->flags & KSYM_CHOICEVAL)
		choice = sym->choice;
	for (p = sym->props; p; p = p->next) {
		if (!p->text)
			continue;
		p->visible_tri = kexpr_calc(p->visible);
		/* a tristate member shown as m is hidden while its choice
		   is y */
		if (choice && sym->type == KS_TRISTATE &&
		    p->visible_tri == mod && choice->curr.tri == yes)
			p->visible_tri = no;
		tri = tri_or(tri, p->visible_tri);
	}
	if (tri == mod && (sym->type != KS_TRISTATE ||
			   sym->kc->modules_val == no))
		tri = yes;
	sym->visible = tri;
	if (choice)
		return;
	sym->dir_dep_tri = bool_clamp(sym, sym->dir_dep ?
				      kexpr_calc(sym->dir_dep) : yes);
	sym->rev_dep_tri = bool_clamp(sym, sym->rev_dep ?
				      kexpr_calc(sym->rev_dep) : no);
	sym->implied_tri = bool_clamp(sym, sym->implied ?
				      kexpr_calc(sym->implied) : no);
}

static struct ksym *choice_default(struct ksym *choice)
{
	struct kprop *p;
	size_t i;

	for (p = choice->props; p; p = p->next) {
		struct ksym *def;

		if (p->type != KP_DEFAULT)
			continue;
		p->visible_tri = kexpr_calc(p->visible);
		if (p->visible_tri == no)
			continue;
		def = p->expr && p->expr->type == KE_SYMBOL ?
		      p->expr->left.sym : NULL;
		if (def && def->visible != no)
			return def;
	}
	for (i = 0; i < choice->nr_members; i++)
		if (choice->members[i]->visible != no)
			return choice->members[i];
	return NULL;
}

static struct ksym *calc_choice(struct ksym *choice)
{
	bool all_set = choice->has_user;
	struct ksym *def;
	size_t i;

	for (i = 0; i < choice->nr_members; i++) {
		struct ksym *m = choice->members[i];

		kc_sym_calc_visibility(m);
		if (m->visible != no && !m->has_user)
			all_set = false;
	}
	/* a visible member without a value makes the choice new again */
	choice->has_user = all_set;
	def = choice->user_choice;
	if (def && def->visible != no)
		return def;
	def = choice_default(choice);
	if (!def)
		choice->curr.tri = no;
	return def;
}

static void print_revdep(struct strbuf *sb, struct kexpr *e,
			 enum tristate which, bool *title)
{
	if (e->type == KE_OR) {
		print_revdep(sb, e->left.expr, which, title);
		print_revdep(sb, e->right.expr, which, title);
		return;
	}
	if (kexpr_calc(e) != which)
		return;
	if (!*title)
		strbuf_addf(sb, "\n  Selected by [%s]:", tristate_name(which));
	*title = true;
	strbuf_addstr(sb, "\n  - ");
	kexpr_format(sb, e, true);
}

static void warn_unmet(struct ksym *sym)
{
	struct strbuf sb = STRBUF_INIT;
	bool title = false;

	if (sym->flags & KSYM_WARNED)
		return;
	sym->flags |= KSYM_WARNED;
	strbuf_addf(&sb, "unmet direct dependencies detected for %s\n"
		    "  Depends on [%s]: ", sym->name,
		    sym->dir_dep_tri == mod ? "m" : "n");
	kexpr_format(&sb, sym->dir_dep, true);
	print_revdep(&sb, sym->rev_dep, yes, &title);
	title = false;
	print_revdep(&sb, sym->rev_dep, mod, &title);
	kc_warn(sym->kc, NULL, 0, "%s", sb.buf);
	strbuf_release(&sb);
}

static long long range_val(struct ksym *sym, int base)
{
	kc_sym_calc(sym);
	if (sym->type == KS_INT)
		base = 10;
	else if (sym->type == KS_HEX)
		base = 16;
	return strtoll(sym->curr.val, NULL, base);
}

/* Out of the first active range: the nearest bound's text. */
static void validate_range(struct ksym *sym)
{
	int base = sym->type == KS_INT ? 10 : 16;
	struct ksym *bound;
	struct kprop *p;
	long long val;

	if (sym->type != KS_INT && sym->type != KS_HEX)
		return;
	p = first_active(sym, KP_RANGE);
	if (!p)
		return;
	val = strtoll(sym->curr.val, NULL, base);
	bound = p->expr->left.sym;
	if (val >= range_val(bound, base)) {
		bound = p->expr->right.sym;
		if (val <= range_val(bound, base))
			return;
	}
	sym->curr.val = bound->curr.val;
}

static void calc_tristate(struct ksym *sym, struct ksym_value *v)
{
	struct kprop *p;

	if ((sym->flags & KSYM_CHOICEVAL) && sym->visible == yes) {
		v->tri = sym->choice->selected == sym ? yes : no;
		goto clamp;
	}
	if (sym->visible != no && sym->has_user) {
		v->tri = tri_and(sym->user.tri, sym->visible);
		goto selects;
	}
	if (sym->rev_dep_tri != no)
		sym->flags |= KSYM_WRITE;
	if (!sym->is_choice) {
		p = first_active(sym, KP_DEFAULT);
		if (p) {
			v->tri = tri_and(kexpr_calc(p->expr), p->visible_tri);
			if (v->tri != no)
				sym->flags |= KSYM_WRITE;
		}
		if (sym->implied_tri != no) {
			sym->flags |= KSYM_WRITE;
			v->tri = tri_or(v->tri, sym->implied_tri);
			v->tri = tri_and(v->tri, sym->dir_dep_tri);
		}
	}
selects:
	if (sym->dir_dep_tri < sym->rev_dep_tri)
		warn_unmet(sym);
	v->tri = tri_or(v->tri, sym->rev_dep_tri);
clamp:
	v->tri = bool_clamp(sym, v->tri);
	v->val = tristate_name(v->tri);
}

static void calc_string(struct ksym *sym, struct ksym_value *v)
{
	struct kprop *p;

	if (sym->visible != no && sym->has_user) {
		v->val = sym->user.val;
		return;
	}
	p = first_active(sym, KP_DEFAULT);
	if (p && p->expr->type == KE_SYMBOL) {
		struct ksym *ds = p->expr->left.sym;

		sym->flags |= KSYM_WRITE;
		kc_sym_calc(ds);
		v->val = ds->curr.val;
	}
}

void kc_sym_calc(struct ksym *sym)
{
	struct ksym_value v;
	size_t i;

	if (!sym || (sym->flags & KSYM_VALID))
		return;
	sym->flags |= KSYM_VALID;
	switch (sym->type) {
	case KS_INT:
	case KS_HEX:
	case KS_STRING:
		v.tri = no;
		v.val = "";
		break;
	case KS_BOOL:
	case KS_TRISTATE:
		v.tri = no;
		v.val = "n";
		break;
	default:
		sym->curr.val = sym->name ? sym->name : "";
		sym->curr.tri = no;
		return;
	}
	sym->flags &= ~KSYM_WRITE;
	kc_sym_calc_visibility(sym);
	if (sym->visible != no)
		sym->flags |= KSYM_WRITE;
	/* what a recursive reference sees */
	sym->curr = v;
	if (sym->type == KS_BOOL || sym->type == KS_TRISTATE)
		calc_tristate(sym, &v);
	else
		calc_string(sym, &v);
	sym->curr = v;
	sym->selected = NULL;
	if (sym->is_choice && v.tri == yes)
		sym->selected = calc_choice(sym);
	validate_range(sym);
	if (sym == sym->kc->modules_sym)
		sym->kc->modules_val = sym->curr.tri;
	if (sym->is_choice && (sym->flags & KSYM_WRITE))
		for (i = 0; i < sym->nr_members; i++)
			if (sym->members[i]->visible != no)
				sym->members[i]->flags |= KSYM_WRITE;
	if (sym->flags & KSYM_NO_WRITE)
		sym->flags &= ~KSYM_WRITE;
}

void kc_sym_clear_all_valid(struct kconfig *kc)
{
	size_t i;

	for (i = 0; i < kc->nr_syms; i++) {
		struct ksym *sym = kc->syms[i];

		if (sym != kc->sym_y && sym != kc->sym_m && sym != kc->sym_n)
			sym->flags &= ~KSYM_VALID;
	}
	kc_sym_calc(kc->modules_sym);
}

/* Is @str a value of @sym's type (int: decimal, hex: with or without
   0x, bool/tristate: starts with y/m/n)? */
bool kc_sym_string_valid(struct ksym *sym, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	switch (sym->type) {
	case KS_STRING:
		return true;
	case KS_INT:
		if (*s == '-')
			s++;
		if (!isdigit(*s))
			return false;
		if (*s == '0' && s[1])
			return false;
		for (; *s; s++)
			if (!isdigit(*s))
				return false;
		return true;
	case KS_HEX:
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		do {
			if (!isxdigit(*s))
				return false;
		} while (*++s);
		return true;
	case KS_BOOL:
	case KS_TRISTATE:
		return *s && strchr("yYmMnN", *s);
	default:
		return false;
	}
}

static bool tristate_within_range(struct ksym *sym, enum tristate val)
{
	enum ksym_type type = kc_sym_type(sym);

	if (sym->visible == no)
		return false;
	if (type != KS_BOOL && type != KS_TRISTATE)
		return false;
	if (type == KS_BOOL && val == mod)
		return false;
	if (sym->visible <= sym->rev_dep_tri)
		return false;
	if ((sym->flags & KSYM_CHOICEVAL) && sym->visible == yes)
		return val == yes;
	return val >= sym->rev_dep_tri && val <= sym->visible;
}

bool kc_sym_string_within_range(struct ksym *sym, const char *str)
{
	int base = sym->type == KS_INT ? 10 : 16;
	struct kprop *p;
	long long val;

	switch (sym->type) {
	case KS_STRING:
		return true;
	case KS_INT:
	case KS_HEX:
		if (!kc_sym_string_valid(sym, str))
			return false;
		p = first_active(sym, KP_RANGE);
		if (!p)
			return true;
		val = strtoll(str, NULL, base);
		return val >= range_val(p->expr->left.sym, base) &&
		       val <= range_val(p->expr->right.sym, base);
	case KS_BOOL:
	case KS_TRISTATE:
		switch (str[0]) {
		case 'y': case 'Y':
			return tristate_within_range(sym, yes);
		case 'm': case 'M':
			return tristate_within_range(sym, mod);
		case 'n': case 'N':
			return tristate_within_range(sym, no);
		}
		return false;
	default:
		return false;
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The menu tree: built by the parser, then finalized the way Kconfig
 * does it (Documentation/kbuild/kconfig-language.rst, "Menu
 * structure"): dependencies of enclosing blocks are folded into each
 * entry and property, selects and implies become reverse
 * dependencies, choices get their members, "if" blocks are flattened
 * and entries that depend on the symbol before them become its
 * children.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lib/error.h"

#define GROW_PUSH(arr, nr, alloc, item)			\
	do {						\
		ALLOC_GROW(arr, (nr) + 1, alloc);	\
		(arr)[(nr)++] = (item);			\
	} while (0)

struct kmenu *kc_menu_add_entry(struct kconfig *kc, enum kmenu_type type,
				struct ksym *sym, const char *file, int line)
{
	struct kmenu *m = kc_alloc(kc, sizeof(*m));

	m->type = type;
	m->sym = sym;
	m->parent = kc->cur_menu;
	m->file = file;
	m->line = line;
	*kc->last_entry_ptr = m;
	kc->last_entry_ptr = &m->next;
	kc->cur_entry = m;
	if (sym) {
		GROW_PUSH(sym->menus, sym->nr_menus, sym->alloc_menus, m);
		if (sym->name && !(sym->flags & KSYM_DEFINED))
			GROW_PUSH(kc->defined, kc->nr_defined,
				  kc->alloc_defined, sym);
		sym->flags |= KSYM_DEFINED;
	}
	return m;
}

/* The current entry becomes a block: what follows goes inside. */
void kc_menu_begin_block(struct kconfig *kc)
{
	kc->last_entry_ptr = &kc->cur_entry->list;
	kc->cur_menu = kc->cur_entry;
}

void kc_menu_end_block(struct kconfig *kc)
{
	kc->last_entry_ptr = &kc->cur_menu->next;
	kc->cur_menu = kc->cur_menu->parent;
}

void kc_menu_add_dep(struct kconfig *kc, struct kexpr *dep)
{
	kc->cur_entry->dep = kc_expr_and(kc, kc->cur_entry->dep, dep);
}

void kc_menu_add_visibility(struct kconfig *kc, struct kexpr *e)
{
	kc->cur_entry->visibility = kc_expr_and(kc, kc->cur_entry->visibility,
						e);
}

void kc_menu_set_type(struct kconfig *kc, struct kmenu *m,
		      enum ksym_type type)
{
	struct ksym *sym = m->sym;

	if (sym->type == type)
		return;
	if (sym->type == KS_UNKNOWN) {
		sym->type = type;
		return;
	}
	kc_warn(kc, m->file, m->line,
		"ignoring type redefinition of '%s' from '%s' to '%s'",
		sym->name ? sym->name : "<choice>",
		ksym_type_name(sym->type), ksym_type_name(type));
}

struct kprop *kc_menu_add_prop(struct kconfig *kc, enum kprop_type type,
			       struct kexpr *expr, struct kexpr *dep,
			       const char *file, int line)
{
	struct kprop *p = kc_alloc(kc, sizeof(*p));
	struct kmenu *m = kc->cur_entry;

	p->type = type;
	p->expr = expr;
	p->visible = dep;
	p->file = file;
	p->line = line;
	p->menu = m;
	if (m->sym) {
		struct kprop **pp = &m->sym->props;

		while (*pp)
			pp = &(*pp)->next;
		*pp = p;
	}
	return p;
}

struct kprop *kc_menu_add_prompt(struct kconfig *kc, enum kprop_type type,
				 const char *text, struct kexpr *dep,
				 const char *file, int line)
{
	struct kprop *p = kc_menu_add_prop(kc, type, NULL, dep, file, line);
	struct kmenu *m = kc->cur_entry;

	if (isspace((unsigned char)*text)) {
		kc_warn(kc, file, line, "leading whitespace ignored");
		while (isspace((unsigned char)*text))
			text++;
	}
	if (m->prompt)
		kc_warn(kc, file, line, "prompt redefined");
	/* the "visible if" of every enclosing menu limits a prompt */
	if (type == KP_PROMPT) {
		struct kmenu *up;

		for (up = m->parent; up; up = up->parent)
			if (up->visibility)
				p->visible = kc_expr_and(kc, p->visible,
					kc_expr_copy(kc, up->visibility));
	}
	m->prompt = p;
	p->text = text;
	return p;
}

/* "m" in a condition means "m && MODULES": n without modules. */
static struct kexpr *rewrite_m(struct kconfig *kc, struct kexpr *e)
{
	if (!e)
		return NULL;
	switch (e->type) {
	case KE_NOT:
		return kc_expr_one(kc, KE_NOT, rewrite_m(kc, e->left.expr));
	case KE_AND:
	case KE_OR:
		return kc_expr_two(kc, e->type, rewrite_m(kc, e->left.expr),
				   rewrite_m(kc, e->right.expr));
	case KE_SYMBOL:
		if (e->left.sym == kc->sym_m)
			return kc_expr_two(kc, KE_AND, e,
					   kc_expr_sym(kc, kc->modules_sym));
		return e;
	default:
		return e;
	}
}

/* The terms of an && chain. */
static void conjuncts(struct kexpr *e, struct kexpr ***v, size_t *nr,
		      size_t *alloc)
{
	if (!e)
		return;
	if (e->type == KE_AND) {
		conjuncts(e->left.expr, v, nr, alloc);
		conjuncts(e->right.expr, v, nr, alloc);
		return;
	}
	GROW_PUSH(*v, *nr, *alloc, e);
}

/*
 * Does every condition of @base also appear in @dep? Then an entry
 * depending on @dep (and on the symbol before it) goes below that
 * symbol, whose prompt depends on @base.
 */
static bool is_superset(struct kconfig *kc, struct kexpr *dep,
			struct kexpr *base)
{
	struct kexpr **vd = NULL, **vb = NULL;
	size_t nd = 0, nb = 0, ad = 0, ab = 0, i, j;
	bool ok = true;

	conjuncts(dep, &vd, &nd, &ad);
	conjuncts(base, &vb, &nb, &ab);
	for (i = 0; ok && i < nb; i++) {
		if (kc_expr_is_yes(kc, vb[i]))
			continue;
		for (j = 0; j < nd; j++)
			if (vd[j] && kc_expr_eq(vb[i], vd[j]))
				break;
		if (j == nd)
			ok = false;
		else
			vd[j] = NULL;
	}
	free(vd);
	free(vb);
	return ok;
}

static void add_rev(struct kconfig *kc, struct kprop *p, struct kmenu *m,
		    struct kexpr *dep)
{
	struct ksym *target = p->expr->left.sym;
	struct kexpr *e = kc_expr_and(kc, kc_expr_sym(kc, m->sym),
				      kc_expr_copy(kc, dep));

	if (p->type == KP_SELECT)
		target->rev_dep = kc_expr_or(kc, target->rev_dep, e);
	else
		target->implied = kc_expr_or(kc, target->implied, e);
	GROW_PUSH(target->rev_props, target->nr_rev_props,
		  target->alloc_rev_props, p);
}

static void finalize(struct kconfig *kc, struct kmenu *parent);

/* Fold the block's dependencies into its children and their props. */
static void propagate(struct kconfig *kc, struct kmenu *parent)
{
	struct ksym *sym = parent->sym;
	struct kexpr *parentdep;
	struct kmenu *m;

	if (sym && sym->is_choice) {
		if (sym->type == KS_UNKNOWN) {
			/* the type of the first typed member */
			for (m = parent->list; m; m = m->next)
				if (m->sym && m->sym->type != KS_UNKNOWN) {
					kc_menu_set_type(kc, parent,
							 m->sym->type);
					break;
				}
		}
		for (m = parent->list; m; m = m->next)
			if (m->sym && m->sym->type == KS_UNKNOWN)
				kc_menu_set_type(kc, m, sym->type);
		/* the choice's value bounds its members' */
		parentdep = kc_expr_sym(kc, sym);
	} else {
		parentdep = parent->dep;
	}
	for (m = parent->list; m; m = m->next) {
		struct kexpr *basedep;
		struct kprop *p;

		basedep = rewrite_m(kc, m->dep);
		basedep = kc_expr_and(kc, kc_expr_copy(kc, parentdep),
				      basedep);
		m->dep = basedep;
		p = m->sym ? m->sym->props : m->prompt;
		for (; p; p = m->sym ? p->next : NULL) {
			struct kexpr *dep;

			if (p->menu != m)
				continue;
			dep = rewrite_m(kc, p->visible);
			dep = kc_expr_and(kc, kc_expr_copy(kc, basedep), dep);
			p->visible = dep;
			if (p->type == KP_SELECT || p->type == KP_IMPLY)
				add_rev(kc, p, m, dep);
		}
	}
	for (m = parent->list; m; m = m->next)
		finalize(kc, m);
}

/* Entries after @parent's symbol that depend on it become children. */
static void adopt_followers(struct kconfig *kc, struct kmenu *parent)
{
	struct ksym *sym = parent->sym;
	struct kexpr *basedep = parent->prompt ? parent->prompt->visible
					       : NULL;
	struct kmenu *m, *last = NULL;

	for (m = parent->next; m; m = m->next) {
		struct kexpr *dep = m->prompt ? m->prompt->visible : m->dep;

		if (!kc_expr_contains(dep, sym))
			break;
		if (!kc_expr_depends(dep, sym) &&
		    !is_superset(kc, dep, basedep))
			break;
		finalize(kc, m);
		m->parent = parent;
		last = m;
	}
	if (last) {
		parent->list = parent->next;
		parent->next = last->next;
		last->next = NULL;
	}
	sym->dir_dep = kc_expr_or(kc, sym->dir_dep, parent->dep);
}

static void make_member(struct kconfig *kc, struct kmenu *choice_menu,
			struct kmenu *m)
{
	struct ksym *choice = choice_menu->sym, *sym = m->sym;
	struct kprop *p;

	sym->flags |= KSYM_CHOICEVAL;
	sym->choice = choice;
	GROW_PUSH(choice->members, choice->nr_members, choice->alloc_members,
		  sym);
	if (!m->prompt)
		kc_warn(kc, m->file, m->line,
			"choice value must have a prompt");
	for (p = sym->props; p; p = p->next)
		if (p->type == KP_DEFAULT)
			kc_warn(kc, p->file, p->line,
				"defaults for choice values not supported");
	/* a bool member of a tristate choice needs the choice at y */
	if (choice->type == KS_TRISTATE && sym->type != KS_TRISTATE) {
		struct kexpr *base = kc_expr_comp(kc, KE_EQUAL, choice,
						  kc->sym_y);

		m->dep = kc_expr_and(kc, base, m->dep);
		for (p = sym->props; p; p = p->next)
			if (p->menu == m)
				p->visible = kc_expr_and(kc,
						kc_expr_copy(kc, base),
						p->visible);
	}
}

static void finalize(struct kconfig *kc, struct kmenu *parent)
{
	struct ksym *sym = parent->sym;
	struct kmenu *m;

	if (parent->list)
		propagate(kc, parent);
	else if (sym)
		adopt_followers(kc, parent);

	for (m = parent->list; m; m = m->next) {
		if (sym && sym->is_choice && m->sym &&
		    !(m->sym->flags & KSYM_CHOICEVAL))
			make_member(kc, parent, m);
		/* promptless blocks ("if", a promptless symbol's
		   followers) give their children to the parent */
		if (m->list && (!m->prompt || !m->prompt->text)) {
			struct kmenu *last;

			for (last = m->list; ; last = last->next) {
				last->parent = parent;
				if (!last->next)
					break;
			}
			last->next = m->next;
			m->next = m->list;
			m->list = NULL;
		}
	}

	if (sym && !(sym->flags & KSYM_WARNED)) {
		if (sym->type == KS_UNKNOWN)
			kc_warn(kc, parent->file, parent->line,
				"config symbol defined without type");
		if (sym->is_choice && !parent->prompt)
			kc_warn(kc, parent->file, parent->line,
				"choice must have a prompt");
		sym->flags |= KSYM_WARNED;
	}

	/* a visible choice that is not "optional" cannot be n */
	if (sym && sym->is_choice && !(sym->flags & KSYM_OPTIONAL) &&
	    parent->prompt)
		sym->rev_dep = kc_expr_or(kc, sym->rev_dep,
			kc_expr_and(kc, parent->prompt->visible,
				    kc_expr_sym(kc, kc->sym_m)));
}

void kc_menu_finalize(struct kconfig *kc)
{
	size_t i;

	finalize(kc, &kc->root);
	/* KSYM_WARNED means "unmet dependency reported" from now on */
	for (i = 0; i < kc->nr_syms; i++)
		kc->syms[i]->flags &= ~KSYM_WARNED;
}

/*
 * Recursive dependencies: a symbol whose value depends on itself
 * through "depends on", select, imply, defaults or the conditions of
 * its properties. A choice and its members count as one: they refer to
 * each other by design.
 */
#define KSYM_CHECK	0x1000	/* on the path being checked */
#define KSYM_CHECKED	0x2000	/* checked already */

struct dep_step {
	struct ksym *sym;
	const char *how;		/* "depends on", ... */
	const char *file;
	int line;
};

struct dep_check {
	struct kconfig *kc;
	struct dep_step *path;
	size_t nr, alloc;
	bool found;
};

static bool check_sym(struct dep_check *c, struct ksym *sym);

static bool check_expr(struct dep_check *c, struct kexpr *e)
{
	if (!e)
		return false;
	switch (e->type) {
	case KE_AND:
	case KE_OR:
		return check_expr(c, e->left.expr) ||
		       check_expr(c, e->right.expr);
	case KE_NOT:
		return check_expr(c, e->left.expr);
	case KE_SYMBOL:
		return check_sym(c, e->left.sym);
	default:
		return check_sym(c, e->left.sym) || check_sym(c, e->right.sym);
	}
}

static const char *sym_label(struct ksym *sym)
{
	return sym->name ? sym->name : "<choice>";
}

static void report_loop(struct dep_check *c, struct ksym *last)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, start;

	if (c->found)
		return;
	c->found = true;
	for (start = c->nr; start-- > 0;)
		if (c->path[start].sym == last ||
		    (last->choice && c->path[start].sym == last->choice))
			break;
	if (start == (size_t)-1)
		start = 0;
	for (i = start; i < c->nr; i++) {
		struct ksym *next = i + 1 < c->nr ? c->path[i + 1].sym : last;

		strbuf_addf(&sb, "%s%s %s %s", i > start ? ", " : "",
			    sym_label(c->path[i].sym), c->path[i].how,
			    sym_label(next));
	}
	if (!c->kc->quiet)
		error("%s:%d: recursive dependency: %s", c->path[start].file,
		      c->path[start].line, sb.buf);
	else
		c->kc->warnings++;
	strbuf_release(&sb);
}

static void step(struct dep_check *c, struct ksym *sym, const char *how,
		 const char *file, int line)
{
	struct dep_step *s = &c->path[c->nr - 1];

	s->sym = sym;
	s->how = how;
	s->file = file;
	s->line = line;
}

static void where(struct ksym *sym, const char **file, int *line)
{
	if (sym->nr_menus) {
		*file = sym->menus[0]->file;
		*line = sym->menus[0]->line;
	} else {
		*file = "<unknown>";
		*line = 0;
	}
}

/* The dependencies of one symbol (or of the choice itself). */
static bool check_deps(struct dep_check *c, struct ksym *sym)
{
	const char *file;
	struct kprop *p;
	int line;

	ALLOC_GROW(c->path, c->nr + 1, c->alloc);
	c->nr++;
	where(sym, &file, &line);
	step(c, sym, "depends on", file, line);
	if (check_expr(c, sym->dir_dep))
		goto found;
	step(c, sym, "is selected by", file, line);
	if (check_expr(c, sym->rev_dep))
		goto found;
	step(c, sym, "is implied by", file, line);
	if (check_expr(c, sym->implied))
		goto found;
	for (p = sym->props; p; p = p->next) {
		if (p->type == KP_SELECT || p->type == KP_IMPLY ||
		    p->type == KP_CHOICE)
			continue;
		step(c, sym, p->text ? "has a prompt that depends on"
				     : "has a property that depends on",
		     p->file, p->line);
		if (check_expr(c, p->visible))
			goto found;
		if (p->type != KP_DEFAULT || sym->is_choice)
			continue;
		step(c, sym, "has a default that contains", p->file, p->line);
		if (check_expr(c, p->expr))
			goto found;
	}
	c->nr--;
	return false;
found:
	c->nr--;
	return true;
}

static bool check_choice(struct dep_check *c, struct ksym *choice)
{
	bool found = false;
	size_t i;

	for (i = 0; i < choice->nr_members; i++)
		choice->members[i]->flags |= KSYM_CHECK | KSYM_CHECKED;
	choice->flags |= KSYM_CHECK | KSYM_CHECKED;
	found = check_deps(c, choice);
	choice->flags &= ~KSYM_CHECK;
	for (i = 0; !found && i < choice->nr_members; i++)
		found = check_deps(c, choice->members[i]);
	for (i = 0; i < choice->nr_members; i++)
		choice->members[i]->flags &= ~KSYM_CHECK;
	return found;
}

static bool check_sym(struct dep_check *c, struct ksym *sym)
{
	bool found;

	if (sym->flags & KSYM_CHECK) {
		report_loop(c, sym);
		return true;
	}
	if (sym->flags & KSYM_CHECKED)
		return false;
	if ((sym->flags & KSYM_CHOICEVAL) && sym->choice)
		return check_sym(c, sym->choice);
	if (sym->is_choice)
		return check_choice(c, sym);
	sym->flags |= KSYM_CHECK | KSYM_CHECKED;
	found = check_deps(c, sym);
	sym->flags &= ~KSYM_CHECK;
	return found;
}

int kc_check_deps(struct kconfig *kc)
{
	struct dep_check c = { .kc = kc };
	size_t i;

	for (i = 0; i < kc->nr_syms && !c.found; i++)
		check_sym(&c, kc->syms[i]);
	for (i = 0; i < kc->nr_syms; i++)
		kc->syms[i]->flags &= ~(KSYM_CHECK | KSYM_CHECKED);
	free(c.path);
	return c.found ? -1 : 0;
}

bool kmenu_visible(struct kmenu *m)
{
	enum tristate visible;
	struct kmenu *c;

	if (!m->prompt)
		return false;
	if (m->visibility && kexpr_calc(m->visibility) == no)
		return false;
	if (m->sym) {
		kc_sym_calc(m->sym);
		visible = m->prompt->visible_tri;
	} else {
		visible = kexpr_calc(m->prompt->visible);
		m->prompt->visible_tri = visible;
	}
	if (visible != no)
		return true;
	if (!m->sym || m->sym->curr.tri == no)
		return false;
	for (c = m->list; c; c = c->next)
		if (kmenu_visible(c))
			return true;
	return false;
}

const char *kmenu_prompt(struct kmenu *m)
{
	if (m->prompt)
		return m->prompt->text;
	if (m->sym)
		return m->sym->name;
	return NULL;
}

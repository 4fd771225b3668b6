// SPDX-License-Identifier: GPL-2.0
/*
 * Kconfig expressions: building, tristate evaluation (n < m < y, && is
 * the minimum, || the maximum, ! is 2 - x), comparisons of int, hex and
 * string values, and printing.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct kexpr *kc_expr_sym(struct kconfig *kc, struct ksym *sym)
{
	struct kexpr *e = kc_alloc(kc, sizeof(*e));

	e->type = KE_SYMBOL;
	e->left.sym = sym;
	return e;
}

struct kexpr *kc_expr_one(struct kconfig *kc, enum kexpr_type type,
			  struct kexpr *sub)
{
	struct kexpr *e = kc_alloc(kc, sizeof(*e));

	e->type = type;
	e->left.expr = sub;
	return e;
}

struct kexpr *kc_expr_two(struct kconfig *kc, enum kexpr_type type,
			  struct kexpr *a, struct kexpr *b)
{
	struct kexpr *e = kc_alloc(kc, sizeof(*e));

	e->type = type;
	e->left.expr = a;
	e->right.expr = b;
	return e;
}

struct kexpr *kc_expr_comp(struct kconfig *kc, enum kexpr_type type,
			   struct ksym *a, struct ksym *b)
{
	struct kexpr *e = kc_alloc(kc, sizeof(*e));

	e->type = type;
	e->left.sym = a;
	e->right.sym = b;
	return e;
}

/* a && b, where a missing side is "y" */
struct kexpr *kc_expr_and(struct kconfig *kc, struct kexpr *a,
			  struct kexpr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return kc_expr_two(kc, KE_AND, a, b);
}

struct kexpr *kc_expr_or(struct kconfig *kc, struct kexpr *a,
			 struct kexpr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return kc_expr_two(kc, KE_OR, a, b);
}

static bool is_comparison(enum kexpr_type t)
{
	return t >= KE_EQUAL && t <= KE_RANGE;
}

struct kexpr *kc_expr_copy(struct kconfig *kc, const struct kexpr *e)
{
	struct kexpr *c;

	if (!e)
		return NULL;
	c = kc_alloc(kc, sizeof(*c));
	*c = *e;
	switch (e->type) {
	case KE_NOT:
		c->left.expr = kc_expr_copy(kc, e->left.expr);
		break;
	case KE_AND:
	case KE_OR:
		c->left.expr = kc_expr_copy(kc, e->left.expr);
		c->right.expr = kc_expr_copy(kc, e->right.expr);
		break;
	default:
		break;
	}
	return c;
}

bool kc_expr_contains(const struct kexpr *e, const struct ksym *sym)
{
	if (!e)
		return false;
	switch (e->type) {
	case KE_AND:
	case KE_OR:
		return kc_expr_contains(e->left.expr, sym) ||
		       kc_expr_contains(e->right.expr, sym);
	case KE_NOT:
		return kc_expr_contains(e->left.expr, sym);
	case KE_SYMBOL:
		return e->left.sym == sym;
	default:
		if (is_comparison(e->type))
			return e->left.sym == sym || e->right.sym == sym;
		return false;
	}
}

/* Is @e false whenever @sym is n: "sym", "sym=y", "sym=m", "sym!=n"
   as one of the terms of an &&? */
bool kc_expr_depends(const struct kexpr *e, const struct ksym *sym)
{
	const struct kconfig *kc;

	if (!e)
		return false;
	kc = sym->kc;
	switch (e->type) {
	case KE_AND:
		return kc_expr_depends(e->left.expr, sym) ||
		       kc_expr_depends(e->right.expr, sym);
	case KE_SYMBOL:
		return e->left.sym == sym;
	case KE_EQUAL:
		return e->left.sym == sym && (e->right.sym == kc->sym_y ||
					      e->right.sym == kc->sym_m);
	case KE_UNEQUAL:
		return e->left.sym == sym && e->right.sym == kc->sym_n;
	default:
		return false;
	}
}

/* The operands of a chain of @type (a && b && c) in order. */
static void flatten(const struct kexpr *e, enum kexpr_type type,
		    const struct kexpr ***v, size_t *nr, size_t *alloc)
{
	if (e->type == type) {
		flatten(e->left.expr, type, v, nr, alloc);
		flatten(e->right.expr, type, v, nr, alloc);
		return;
	}
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = e;
}

/* Equal up to the order of the operands of && and ||. */
bool kc_expr_eq(const struct kexpr *a, const struct kexpr *b)
{
	const struct kexpr **va = NULL, **vb = NULL;
	size_t na = 0, nb = 0, aa = 0, ab = 0, i, j;
	bool ok = true;

	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case KE_SYMBOL:
		return a->left.sym == b->left.sym;
	case KE_NOT:
		return kc_expr_eq(a->left.expr, b->left.expr);
	case KE_AND:
	case KE_OR:
		break;
	default:
		return a->left.sym == b->left.sym &&
		       a->right.sym == b->right.sym;
	}
	flatten(a, a->type, &va, &na, &aa);
	flatten(b, b->type, &vb, &nb, &ab);
	if (na != nb)
		ok = false;
	for (i = 0; ok && i < na; i++) {
		for (j = 0; j < nb; j++)
			if (vb[j] && kc_expr_eq(va[i], vb[j]))
				break;
		if (j == nb)
			ok = false;
		else
			vb[j] = NULL;
	}
	free(va);
	free(vb);
	return ok;
}

/*
 * Comparisons: both sides are read as numbers when they can be (as
 * their type says: tristates n/m/y as 0/1/2, int base 10, hex base 16,
 * anything else base 0), and compared as strings otherwise. Two string
 * symbols always compare as strings.
 */
enum num_kind { K_STRING, K_SIGNED, K_UNSIGNED };

static enum num_kind parse_num(const char *s, enum ksym_type type,
			       long long *sv, unsigned long long *uv)
{
	enum num_kind kind;
	char *tail;

	errno = 0;
	switch (type) {
	case KS_BOOL:
	case KS_TRISTATE:
		*sv = !strcmp(s, "n") ? 0 : !strcmp(s, "m") ? 1 :
		      !strcmp(s, "y") ? 2 : -1;
		return K_SIGNED;
	case KS_INT:
		*sv = strtoll(s, &tail, 10);
		kind = K_SIGNED;
		break;
	case KS_HEX:
		*uv = strtoull(s, &tail, 16);
		kind = K_UNSIGNED;
		break;
	default:
		*sv = strtoll(s, &tail, 0);
		kind = K_SIGNED;
		break;
	}
	if (errno || *tail || tail == s || !isxdigit((unsigned char)tail[-1]))
		return K_STRING;
	return kind;
}

static enum tristate compare(const struct kexpr *e)
{
	struct ksym *l = e->left.sym, *r = e->right.sym;
	enum num_kind k1 = K_STRING, k2 = K_STRING;
	long long ls = 0, rs = 0;
	unsigned long long lu = 0, ru = 0;
	const char *s1, *s2;
	int res;

	kc_sym_calc(l);
	kc_sym_calc(r);
	s1 = kc_sym_string_value(l);
	s2 = kc_sym_string_value(r);
	if (l->type != KS_STRING || r->type != KS_STRING) {
		k1 = parse_num(s1, l->type, &ls, &lu);
		k2 = parse_num(s2, r->type, &rs, &ru);
	}
	if (k1 == K_STRING || k2 == K_STRING) {
		res = strcmp(s1, s2);
	} else if (k1 == K_UNSIGNED || k2 == K_UNSIGNED) {
		/* a signed side is read as unsigned, as C converts it */
		if (k1 == K_SIGNED)
			lu = (unsigned long long)ls;
		if (k2 == K_SIGNED)
			ru = (unsigned long long)rs;
		res = (lu > ru) - (lu < ru);
	} else {
		res = (ls > rs) - (ls < rs);
	}
	switch (e->type) {
	case KE_EQUAL:
		return res ? no : yes;
	case KE_UNEQUAL:
		return res ? yes : no;
	case KE_LTH:
		return res < 0 ? yes : no;
	case KE_LEQ:
		return res <= 0 ? yes : no;
	case KE_GTH:
		return res > 0 ? yes : no;
	case KE_GEQ:
		return res >= 0 ? yes : no;
	default:
		return no;
	}
}

enum tristate kexpr_calc(struct kexpr *e)
{
	if (!e)
		return yes;
	switch (e->type) {
	case KE_SYMBOL:
		kc_sym_calc(e->left.sym);
		return e->left.sym->curr.tri;
	case KE_AND:
		/* both sides, always: evaluation order is part of the
		   result when values are computed lazily */
		return tri_and(kexpr_calc(e->left.expr),
			       kexpr_calc(e->right.expr));
	case KE_OR:
		return tri_or(kexpr_calc(e->left.expr),
			      kexpr_calc(e->right.expr));
	case KE_NOT:
		return tri_not(kexpr_calc(e->left.expr));
	case KE_EQUAL:
	case KE_UNEQUAL:
	case KE_LTH:
	case KE_LEQ:
	case KE_GTH:
	case KE_GEQ:
		return compare(e);
	default:
		return no;
	}
}

/* Printing: && binds tighter than ||, ! tighter than &&. */
static int prec(enum kexpr_type t)
{
	switch (t) {
	case KE_OR:
		return 1;
	case KE_AND:
		return 2;
	case KE_NOT:
		return 3;
	default:
		return 4;
	}
}

static void format_sym(struct strbuf *sb, struct ksym *sym, bool values)
{
	if (!sym->name) {
		strbuf_addstr(sb, "<choice>");
		return;
	}
	if (sym->is_const && sym != sym->kc->sym_y &&
	    sym != sym->kc->sym_m && sym != sym->kc->sym_n) {
		strbuf_addch(sb, '"');
		strbuf_addstr(sb, sym->name);
		strbuf_addch(sb, '"');
		return;
	}
	strbuf_addstr(sb, sym->name);
	if (values && !sym->is_const && sym->type != KS_UNKNOWN) {
		kc_sym_calc(sym);
		strbuf_addf(sb, " [=%s]", kc_sym_string_value(sym));
	}
}

static void format(struct strbuf *sb, const struct kexpr *e, int outer,
		   bool values)
{
	static const char *const ops[] = {
		[KE_EQUAL] = "=", [KE_UNEQUAL] = "!=", [KE_LTH] = "<",
		[KE_LEQ] = "<=", [KE_GTH] = ">", [KE_GEQ] = ">=",
	};
	bool paren = prec(e->type) < outer;

	if (paren)
		strbuf_addch(sb, '(');
	switch (e->type) {
	case KE_SYMBOL:
		format_sym(sb, e->left.sym, values);
		break;
	case KE_NOT:
		strbuf_addch(sb, '!');
		format(sb, e->left.expr, prec(KE_NOT), values);
		break;
	case KE_AND:
	case KE_OR:
		format(sb, e->left.expr, prec(e->type), values);
		strbuf_addstr(sb, e->type == KE_AND ? " && " : " || ");
		format(sb, e->right.expr, prec(e->type), values);
		break;
	case KE_RANGE:
		strbuf_addch(sb, '[');
		format_sym(sb, e->left.sym, values);
		strbuf_addch(sb, ' ');
		format_sym(sb, e->right.sym, values);
		strbuf_addch(sb, ']');
		break;
	case KE_NONE:
		break;
	default:
		format_sym(sb, e->left.sym, values);
		strbuf_addstr(sb, ops[e->type]);
		format_sym(sb, e->right.sym, values);
		break;
	}
	if (paren)
		strbuf_addch(sb, ')');
}

void kexpr_format(struct strbuf *sb, struct kexpr *e, bool with_values)
{
	if (!e) {
		strbuf_addch(sb, 'y');
		return;
	}
	format(sb, e, 0, with_values);
}

static void format_unmet(struct strbuf *sb, struct kexpr *e,
			 enum tristate want, bool *first)
{
	if (e->type == KE_AND) {
		format_unmet(sb, e->left.expr, want, first);
		format_unmet(sb, e->right.expr, want, first);
		return;
	}
	if (kexpr_calc(e) >= want)
		return;
	if (!*first)
		strbuf_addstr(sb, " && ");
	*first = false;
	format(sb, e, prec(KE_AND), true);
}

void kexpr_format_unmet(struct strbuf *sb, struct kexpr *e,
			enum tristate want)
{
	bool first = true;

	if (!e)
		return;
	format_unmet(sb, e, want, &first);
}

const char *tristate_name(enum tristate t)
{
	switch (t) {
	case no:
		return "n";
	case mod:
		return "m";
	default:
		return "y";
	}
}

const char *ksym_type_name(enum ksym_type t)
{
	switch (t) {
	case KS_BOOL:
		return "bool";
	case KS_TRISTATE:
		return "tristate";
	case KS_INT:
		return "int";
	case KS_HEX:
		return "hex";
	case KS_STRING:
		return "string";
	default:
		return "unknown";
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Why a value did not stick, and what it takes to turn a symbol on.
 *
 * The reasons follow the order in which Kconfig computes a value
 * (symbol.c): a choice picks one member; a hidden prompt leaves the
 * default; the visibility limits a user value from above and select
 * limits it from below; bool symbols (and tristates while MODULES is
 * n) cannot be m; numbers are held to their range.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kconfig/explain.h"
#include "lib/error.h"


#define ENABLE_DEPTH	48

struct kprop *ksym_prompt(struct ksym *sym)
{
	struct kprop *p;

	for (p = sym->props; p; p = p->next)
		if ((p->type == KP_PROMPT || p->type == KP_MENU) && p->text)
			return p;
	return NULL;
}

static bool is_tri(const struct ksym *sym)
{
	return sym->type == KS_BOOL || sym->type == KS_TRISTATE;
}

static enum tristate sym_tri(struct ksym *sym)
{
	kc_sym_calc(sym);
	return sym->curr.tri;
}

void ksym_config_value(struct ksym *sym, struct strbuf *out)
{
	const char *v = ksym_value(sym);

	if (is_tri(sym)) {
		strbuf_addstr(out, v);
		return;
	}
	if (!(sym->flags & KSYM_WRITE)) {
		strbuf_addch(out, 'n');
		return;
	}
	if (sym->type != KS_STRING) {
		strbuf_addstr(out, v);
		return;
	}
	strbuf_addch(out, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *v);
	}
	strbuf_addch(out, '"');
}

char *kconfig_unquote(const char *s)
{
	size_t n = strlen(s), i;
	struct strbuf sb = STRBUF_INIT;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return xstrdup(s);
	for (i = 1; i < n - 1; i++) {
		if (s[i] == '\\' && i + 1 < n - 1)
			i++;
		strbuf_addch(&sb, s[i]);
	}
	return strbuf_detach(&sb, NULL);
}

static enum tristate parse_tri(const char *s)
{
	if (!strcmp(s, "y"))
		return yes;
	if (!strcmp(s, "m"))
		return mod;
	return no;
}

static void prop_at(struct strbuf *sb, const struct kprop *p)
{
	if (p && p->file)
		strbuf_addf(sb, " (%s:%d)", p->file, p->line);
}

/* "depends on X [=n] && Y [=y]" for a prompt that is not shown */
static void format_hidden(struct ksym *sym, struct kprop *prompt,
			  enum tristate want, struct strbuf *why)
{
	struct strbuf full = STRBUF_INIT, unmet = STRBUF_INIT;

	kexpr_format(&full, prompt->visible, true);
	kexpr_format_unmet(&unmet, prompt->visible, want);
	strbuf_addf(why, "depends on %s", full.buf);
	if (prompt->visible && prompt->visible->type == KE_AND && unmet.len &&
	    strcmp(unmet.buf, full.buf))
		strbuf_addf(why, " (unmet: %s)", unmet.buf);
	if (want == yes && sym->visible == mod)
		strbuf_addstr(why, ": it can only be m");
	strbuf_reset(&full);
	if (ksym_format_selectors(sym, KP_SELECT, false, 3, &full))
		strbuf_addf(why, "; or be selected by %s", full.buf);
	strbuf_release(&full);
	strbuf_release(&unmet);
}

int ksym_format_selectors(struct ksym *sym, enum kprop_type type,
			  bool active, int max, struct strbuf *out)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sym->nr_rev_props; i++) {
		struct kprop *p = sym->rev_props[i];
		struct ksym *by = p->menu ? p->menu->sym : NULL;

		if (p->type != type || !by)
			continue;
		if (active && tri_and(sym_tri(by), kexpr_calc(p->visible)) == no)
			continue;
		if (max && n >= max) {
			n++;
			continue;
		}
		if (n++)
			strbuf_addstr(out, ", ");
		strbuf_addf(out, "%s [=%s]", by->name, ksym_value(by));
		if (!kc_expr_is_yes(sym->kc, p->visible) && p->visible) {
			strbuf_addstr(out, " && ");
			kexpr_format(out, p->visible, true);
		}
	}
	if (max && n > max)
		strbuf_addf(out, " and %d more", n - max);
	return n;
}

/* Where the value came from when nobody may set it. */
static void format_default(struct ksym *sym, struct strbuf *why)
{
	struct kprop *p;

	for (p = sym->props; p; p = p->next) {
		if (p->type != KP_DEFAULT || kexpr_calc(p->visible) == no)
			continue;
		strbuf_addstr(why, "its default is ");
		kexpr_format(why, p->expr, true);
		prop_at(why, p);
		return;
	}
	strbuf_addstr(why, "it has no default that applies");
}

static int explain_choice(struct ksym *sym, enum tristate want,
			  enum tristate got, struct strbuf *why)
{
	struct ksym *ch = sym->choice;
	struct kprop *cp = ksym_prompt(ch), *prompt = ksym_prompt(sym);
	const char *title = cp ? cp->text : "(unnamed)";

	kc_sym_calc(ch);
	if (want > got) {
		if (cp && ch->visible == no) {
			strbuf_addf(why, "the choice \"%s\" ", title);
			format_hidden(ch, cp, yes, why);
		} else if (prompt && sym->visible == no) {
			format_hidden(sym, prompt, yes, why);
		} else if (ch->selected && ch->selected != sym) {
			strbuf_addf(why, "the choice \"%s\" picked %s",
				    title, ch->selected->name);
			if (ch->user_choice == ch->selected)
				strbuf_addf(why, " (CONFIG_%s=y comes later)",
					    ch->selected->name);
			else
				strbuf_addstr(why, " (its default)");
		} else {
			strbuf_addf(why, "the choice \"%s\" is %s", title,
				    tristate_name(ch->curr.tri));
		}
	} else {
		strbuf_addf(why, "the choice \"%s\" must have one member set; set another one to y",
			    title);
	}
	return 0;
}

static int explain_tri(struct ksym *sym, enum tristate want,
		       struct strbuf *why)
{
	enum tristate got = sym_tri(sym);
	struct kprop *prompt = ksym_prompt(sym);

	if (got == want)
		return 1;
	if (sym->flags & KSYM_CHOICEVAL)
		return explain_choice(sym, want, got, why);
	if (want == mod && kc_sym_type(sym) == KS_BOOL) {
		if (sym->type == KS_BOOL)
			strbuf_addstr(why, "it is a bool: it cannot be m");
		else
			strbuf_addstr(why, "MODULES is n: tristates are y or n");
		return 0;
	}
	if (want > got) {
		if (!prompt) {
			strbuf_addstr(why, "it has no prompt: only select or a default sets it");
			if (sym->nr_rev_props) {
				strbuf_addstr(why, "; selected by ");
				if (!ksym_format_selectors(sym, KP_SELECT,
							   false, 3, why))
					strbuf_addstr(why, "nothing");
			} else {
				strbuf_addstr(why, "; ");
				format_default(sym, why);
			}
		} else if (sym->visible < want) {
			format_hidden(sym, prompt, want, why);
		} else {
			strbuf_addf(why, "Kconfig computed %s",
				    tristate_name(got));
		}
		return 0;
	}
	/* want < got */
	if (sym->rev_dep_tri > want) {
		strbuf_addstr(why, "selected by ");
		ksym_format_selectors(sym, KP_SELECT, true, 3, why);
	} else if (!prompt) {
		strbuf_addstr(why, "it has no prompt, ");
		format_default(sym, why);
	} else if (sym->visible == no) {
		strbuf_addstr(why, "its prompt is hidden (");
		format_hidden(sym, prompt, yes, why);
		strbuf_addstr(why, "), ");
		format_default(sym, why);
	} else {
		strbuf_addf(why, "Kconfig computed %s", tristate_name(got));
	}
	return 0;
}

static int explain_value(struct ksym *sym, const char *want,
			 struct strbuf *why)
{
	struct kprop *prompt = ksym_prompt(sym), *p;
	const char *got = ksym_value(sym);

	if ((sym->flags & KSYM_WRITE) && !strcmp(got, want))
		return 1;
	if (!prompt) {
		strbuf_addstr(why, "it has no prompt, ");
		format_default(sym, why);
	} else if (sym->visible == no) {
		format_hidden(sym, prompt, yes, why);
	} else if (!kc_sym_string_valid(sym, want)) {
		strbuf_addf(why, "'%s' is not a valid %s", want,
			    ksym_type_name(sym->type));
	} else if (!kc_sym_string_within_range(sym, want)) {
		for (p = sym->props; p; p = p->next)
			if (p->type == KP_RANGE && kexpr_calc(p->visible))
				break;
		strbuf_addstr(why, "out of range");
		if (p)
			strbuf_addf(why, " [%s %s]",
				    ksym_value(p->expr->left.sym),
				    ksym_value(p->expr->right.sym));
		prop_at(why, p);
	} else {
		strbuf_addf(why, "Kconfig computed '%s'", got);
	}
	return 0;
}

int kconfig_explain(struct ksym *sym, const char *want, struct strbuf *why)
{
	char *w;
	int ret;

	kc_sym_calc(sym);
	if (sym->type == KS_UNKNOWN) {
		strbuf_addstr(why, "no Kconfig file defines it");
		return 0;
	}
	if (is_tri(sym))
		return explain_tri(sym, parse_tri(want), why);
	if (!strcmp(want, "n") || !*want) {
		/* "# CONFIG_X is not set" for a number or string */
		if (!(sym->flags & KSYM_WRITE))
			return 1;
		strbuf_addstr(why, "it is visible and always written");
		return 0;
	}
	w = kconfig_unquote(want);
	ret = explain_value(sym, w, why);
	free(w);
	return ret;
}

/* ---- enable --deps ---- */

struct planner {
	struct kconfig *kc;
	bool deps;
	struct strvec *steps;
	struct strbuf *why;
	int depth;
};

static int need_sym(struct planner *pl, struct ksym *sym, enum tristate want);
static int need_expr(struct planner *pl, struct kexpr *e, enum tristate want);
static int need_off(struct planner *pl, struct kexpr *e, enum tristate max);

static int fail(struct planner *pl, const char *fmt, ...) PRINTF(2, 3);
static int fail(struct planner *pl, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(pl->why);
	va_start(ap, fmt);
	strbuf_vaddf(pl->why, fmt, ap);
	va_end(ap);
	return -1;
}

static int set(struct planner *pl, struct ksym *sym, const char *val)
{
	int ret;

	ret = kconfig_set_user(pl->kc, sym->name, val);
	if (ret)
		return fail(pl, "cannot set %s=%s", sym->name, val);
	strvec_pushf(pl->steps, "%s=%s", sym->name, val);
	return 0;
}

struct rollback {
	struct kc_snapshot snap;
	size_t nr_steps;
};

static void rb_take(struct planner *pl, struct rollback *rb)
{
	kc_snapshot_take(pl->kc, &rb->snap);
	rb->nr_steps = pl->steps->nr;
}

static void rb_restore(struct planner *pl, struct rollback *rb)
{
	kc_snapshot_restore(pl->kc, &rb->snap);
	while (pl->steps->nr > rb->nr_steps)
		strvec_pop(pl->steps);
}

static int need_choice_member(struct planner *pl, struct ksym *sym)
{
	struct ksym *ch = sym->choice;
	struct kprop *cp = ksym_prompt(ch), *prompt = ksym_prompt(sym);

	if (pl->deps && cp && need_expr(pl, cp->visible, yes))
		return -1;
	if (pl->deps && prompt && need_expr(pl, prompt->visible, yes))
		return -1;
	return set(pl, sym, "y");
}

/* A symbol without a prompt: one of its selectors, tried in order. */
static int need_selected(struct planner *pl, struct ksym *sym,
			 enum tristate want)
{
	struct strbuf first = STRBUF_INIT;
	size_t i;
	int tried = 0;

	for (i = 0; i < sym->nr_rev_props; i++) {
		struct kprop *p = sym->rev_props[i];
		struct ksym *by = p->menu ? p->menu->sym : NULL;
		struct rollback rb;

		if (p->type != KP_SELECT || !by || !by->name)
			continue;
		tried++;
		rb_take(pl, &rb);
		if (!need_sym(pl, by, want) && !need_expr(pl, p->visible, want)) {
			kc_snapshot_release(&rb.snap);
			strbuf_release(&first);
			return 0;
		}
		if (!first.len)
			strbuf_addbuf(&first, pl->why);
		rb_restore(pl, &rb);
		kc_snapshot_release(&rb.snap);
	}
	if (!tried)
		fail(pl, "%s has no prompt and nothing selects it: it cannot be turned on here",
		     sym->name);
	else
		fail(pl, "%s has no prompt; none of what selects it can be turned on (%s)",
		     sym->name, first.buf);
	strbuf_release(&first);
	return -1;
}

static int need_sym(struct planner *pl, struct ksym *sym, enum tristate want)
{
	struct kprop *prompt;
	int ret;

	if (sym->is_const)
		return sym->curr.tri >= want ? 0 :
			fail(pl, "the constant %s is never %s", sym->name,
			     tristate_name(want));
	if (sym_tri(sym) >= want)
		return 0;
	if (sym->type == KS_UNKNOWN)
		return fail(pl, "%s is not defined for this architecture",
			    sym->name);
	if (!is_tri(sym))
		return fail(pl, "%s is a%s %s option: set it with kdev config set",
			    sym->name, sym->type == KS_INT ? "n" : "",
			    ksym_type_name(sym->type));
	if (want == mod && kc_sym_type(sym) == KS_BOOL)
		want = yes;
	if (sym->flags & KSYM_BUSY)
		return fail(pl, "%s depends on itself", sym->name);
	if (pl->depth >= ENABLE_DEPTH)
		return fail(pl, "dependencies nested too deeply at %s",
			    sym->name);
	sym->flags |= KSYM_BUSY;
	pl->depth++;
	prompt = ksym_prompt(sym);
	if (sym->flags & KSYM_CHOICEVAL)
		ret = need_choice_member(pl, sym);
	else if (!prompt)
		ret = pl->deps ? need_selected(pl, sym, want) :
		      fail(pl, "%s has no prompt: it is set only by select or a default (try --deps)",
			   sym->name);
	else if (pl->deps && need_expr(pl, prompt->visible, want))
		ret = -1;
	else
		ret = set(pl, sym, want == mod ? "m" : "y");
	pl->depth--;
	sym->flags &= ~KSYM_BUSY;
	if (ret)
		return ret;
	if (sym_tri(sym) < want) {
		struct strbuf why = STRBUF_INIT;

		kconfig_explain(sym, want == mod ? "m" : "y", &why);
		fail(pl, "%s stays %s: %s", sym->name, ksym_value(sym),
		     why.buf);
		strbuf_release(&why);
		return -1;
	}
	return 0;
}

static int need_compare(struct planner *pl, struct kexpr *e)
{
	struct ksym *l = e->left.sym, *r = e->right.sym;
	struct strbuf sb = STRBUF_INIT;

	if (l->is_const && !r->is_const) {
		struct ksym *t = l;

		l = r;
		r = t;
	}
	if (!l->is_const && r->is_const && is_tri(l)) {
		enum tristate v = r->curr.tri;

		if (e->type == KE_EQUAL)
			return v == no ? need_off(pl, &(struct kexpr){
					KE_SYMBOL, { .sym = l }, { NULL } }, no) :
				need_sym(pl, l, v);
		if (e->type == KE_UNEQUAL && v == no)
			return need_sym(pl, l, mod);
	}
	if (!l->is_const && r->is_const && e->type == KE_EQUAL &&
	    ksym_prompt(l) && !is_tri(l))
		return set(pl, l, r->name);
	kexpr_format(&sb, e, true);
	fail(pl, "cannot satisfy %s by itself: set it with kdev config set",
	     sb.buf);
	strbuf_release(&sb);
	return -1;
}

static int need_expr(struct planner *pl, struct kexpr *e, enum tristate want)
{
	struct rollback rb;
	int ret;

	if (!e || kexpr_calc(e) >= want)
		return 0;
	switch (e->type) {
	case KE_SYMBOL:
		ret = need_sym(pl, e->left.sym, want);
		break;
	case KE_AND:
		ret = need_expr(pl, e->left.expr, want) ||
		      need_expr(pl, e->right.expr, want) ? -1 : 0;
		break;
	case KE_OR:
		rb_take(pl, &rb);
		ret = need_expr(pl, e->left.expr, want);
		if (ret) {
			rb_restore(pl, &rb);
			ret = need_expr(pl, e->right.expr, want);
			if (ret)
				rb_restore(pl, &rb);
		}
		kc_snapshot_release(&rb.snap);
		break;
	case KE_NOT:
		ret = need_off(pl, e->left.expr, tri_not(want));
		break;
	case KE_EQUAL:
	case KE_UNEQUAL:
		ret = need_compare(pl, e);
		break;
	default: {
		struct strbuf sb = STRBUF_INIT;

		kexpr_format(&sb, e, true);
		ret = fail(pl, "cannot satisfy %s by itself: set it with kdev config set",
			   sb.buf);
		strbuf_release(&sb);
	}
	}
	if (!ret && kexpr_calc(e) < want) {
		struct strbuf sb = STRBUF_INIT;

		kexpr_format(&sb, e, true);
		ret = fail(pl, "%s still does not hold", sb.buf);
		strbuf_release(&sb);
	}
	return ret;
}

/* Make @e at most @max. */
static int need_off(struct planner *pl, struct kexpr *e, enum tristate max)
{
	struct rollback rb;
	struct ksym *sym;
	int ret;

	if (!e || kexpr_calc(e) <= max)
		return 0;
	switch (e->type) {
	case KE_SYMBOL:
		sym = e->left.sym;
		if (sym->is_const || !is_tri(sym))
			return fail(pl, "%s cannot be turned off", sym->name);
		if (sym->rev_dep_tri > max) {
			struct strbuf sb = STRBUF_INIT;

			ksym_format_selectors(sym, KP_SELECT, true, 3, &sb);
			fail(pl, "%s must be %s but is selected by %s",
			     sym->name, tristate_name(max), sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		if (!ksym_prompt(sym) || sym->visible == no)
			return fail(pl, "%s must be %s but has no prompt to set",
				    sym->name, tristate_name(max));
		ret = set(pl, sym, max == mod ? "m" : "n");
		break;
	case KE_NOT:
		ret = need_expr(pl, e->left.expr, tri_not(max));
		break;
	case KE_OR:
		ret = need_off(pl, e->left.expr, max) ||
		      need_off(pl, e->right.expr, max) ? -1 : 0;
		break;
	case KE_AND:
		rb_take(pl, &rb);
		ret = need_off(pl, e->left.expr, max);
		if (ret) {
			rb_restore(pl, &rb);
			ret = need_off(pl, e->right.expr, max);
			if (ret)
				rb_restore(pl, &rb);
		}
		kc_snapshot_release(&rb.snap);
		break;
	default: {
		struct strbuf sb = STRBUF_INIT;

		kexpr_format(&sb, e, true);
		ret = fail(pl, "cannot make %s false by itself", sb.buf);
		strbuf_release(&sb);
	}
	}
	if (!ret && kexpr_calc(e) > max)
		ret = fail(pl, "it stays on after all");
	return ret;
}

static int enable(struct kconfig *kc, struct ksym *sym, enum tristate want,
		  bool deps, bool keep, struct strvec *steps,
		  struct strbuf *why)
{
	struct planner pl = { kc, deps, steps, why, 0 };
	struct rollback rb;
	int ret;

	rb_take(&pl, &rb);
	ret = need_sym(&pl, sym, want);
	if (ret || !keep)
		kc_snapshot_restore(kc, &rb.snap);
	if (ret)
		while (steps->nr > rb.nr_steps)
			strvec_pop(steps);
	kc_snapshot_release(&rb.snap);
	return ret;
}

int kconfig_enable(struct kconfig *kc, struct ksym *sym, enum tristate want,
		   bool deps, struct strvec *steps, struct strbuf *why)
{
	return enable(kc, sym, want, deps, true, steps, why);
}

int kconfig_enable_plan(struct kconfig *kc, struct ksym *sym,
			enum tristate want, struct strvec *steps,
			struct strbuf *why)
{
	return enable(kc, sym, want, true, false, steps, why);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Kbuild Makefile reader and "kdev config which": from a file up through
 * the Makefiles of its directories to the top, the CONFIG options that
 * decide whether it is built. See kbuild.h for the layers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kconfig/kbuild.h"
#include "kconfig/kconfig.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/json.h"
#include "lib/run-command.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "lib/util.h"

/* ------------------------------------------------------------------ */
/* The parser                                                         */
/* ------------------------------------------------------------------ */

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

/* A logical line: continuation lines joined, with each byte's line. */
struct lline {
	struct strbuf text;
	int *lines;
	size_t alloc_lines;
};

static void lline_add(struct lline *ll, const char *p, size_t n, int line)
{
	size_t i;

	ALLOC_GROW(ll->lines, ll->text.len + n + 1, ll->alloc_lines);
	for (i = 0; i < n; i++) {
		/* a NUL would end the C strings made from it */
		strbuf_addch(&ll->text, p[i] ? p[i] : ' ');
		ll->lines[ll->text.len - 1] = line;
	}
}

#define MAX_IF_DEPTH 64

struct cond_level {
	int before;		/* node active before the if */
	int top;		/* innermost node of this if/else chain */
};

struct parser {
	struct kb_makefile *mf;
	int cur;			/* active condition node */
	struct cond_level levels[MAX_IF_DEPTH];
	int nr_levels;
	int skipped_levels;		/* ifs beyond MAX_IF_DEPTH */
	int in_rule;		/* after a rule: tab lines are recipes */
	int define_depth;
};

static char *trimmed(const char *s, size_t n)
{
	while (n && is_blank(*s)) {
		s++;
		n--;
	}
	while (n && is_blank(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static int add_cond(struct parser *p, enum kb_cond_type type, char *arg1,
		    char *arg2, const char *text, int line, int negate,
		    int parent)
{
	struct kb_makefile *mf = p->mf;
	struct kb_cond *c;

	ALLOC_GROW(mf->conds, mf->nr_conds + 1, mf->alloc_conds);
	c = &mf->conds[mf->nr_conds];
	c->type = type;
	c->arg1 = arg1;
	c->arg2 = arg2;
	c->text = xstrdup(text);
	c->file = 0;
	c->line = line;
	c->negate = negate;
	c->parent = parent;
	return (int)mf->nr_conds++;
}

/* Index of the ')' or '}' closing the one before @i, or @n. */
static size_t skip_group(const char *s, size_t i, size_t n)
{
	int depth = 1;

	for (; i < n; i++) {
		if (s[i] == '(' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == '}') && !--depth)
			return i;
	}
	return n;
}

/*
 * "ifeq (a,b)", "ifeq 'a' 'b'", "ifeq "a" 'b'", "ifdef VAR": a new
 * condition node under @parent.
 */
static int parse_cond(struct parser *p, const char *kw, const char *s,
		      size_t n, const char *text, int line, int parent)
{
	enum kb_cond_type type;
	char *a1 = NULL, *a2 = NULL;
	size_t i, j, end;

	if (!strcmp(kw, "ifdef") || !strcmp(kw, "ifndef")) {
		type = kw[2] == 'd' ? KB_IFDEF : KB_IFNDEF;
		a1 = trimmed(s, n);
		return add_cond(p, type, a1, NULL, text, line, 0, parent);
	}
	type = kw[2] == 'e' ? KB_IFEQ : KB_IFNEQ;
	i = 0;
	while (i < n && is_blank(s[i]))
		i++;
	if (i < n && s[i] == '(') {
		end = skip_group(s, i + 1, n);
		for (j = i + 1; j < end; j++) {
			if (s[j] == '(' || s[j] == '{')
				j = skip_group(s, j + 1, end);
			else if (s[j] == ',')
				break;
		}
		if (end < n && j < end) {
			a1 = trimmed(s + i + 1, j - i - 1);
			a2 = trimmed(s + j + 1, end - j - 1);
		}
	} else if (i < n && (s[i] == '"' || s[i] == '\'')) {
		char q = s[i];

		for (j = i + 1; j < n && s[j] != q; j++)
			;
		if (j < n) {
			a1 = xstrndup(s + i + 1, j - i - 1);
			for (i = j + 1; i < n && is_blank(s[i]); i++)
				;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				q = s[i];
				for (j = i + 1; j < n && s[j] != q; j++)
					;
				if (j < n)
					a2 = xstrndup(s + i + 1, j - i - 1);
			}
		}
	}
	if (!a1 || !a2) {
		free(a1);
		free(a2);
		return add_cond(p, KB_IFBAD, trimmed(s, n), NULL, text, line, 0,
				parent);
	}
	return add_cond(p, type, a1, a2, text, line, 0, parent);
}

/* The first word of @s (at most @max-1 bytes) into @w; its length. */
static size_t first_word(const char *s, size_t n, char *w, size_t max)
{
	size_t i = 0;

	while (i < n && !is_blank(s[i]) && s[i] != '(' && s[i] != '"' &&
	       s[i] != '\'' && i + 1 < max) {
		w[i] = s[i];
		i++;
	}
	w[i] = '\0';
	return i;
}

static int is_cond_kw(const char *w)
{
	return !strcmp(w, "ifdef") || !strcmp(w, "ifndef") ||
	       !strcmp(w, "ifeq") || !strcmp(w, "ifneq");
}

/* Handle a conditional directive; 1 if the line was one. */
static int do_conditional(struct parser *p, const char *s, size_t n, int line)
{
	struct kb_makefile *mf = p->mf;
	char w[16];
	size_t k = first_word(s, n, w, sizeof(w));
	struct cond_level *l;
	char *text;

	if (is_cond_kw(w)) {
		if (p->nr_levels == MAX_IF_DEPTH) {
			p->skipped_levels++;
			mf->nr_bad++;
			return 1;
		}
		text = xstrndup(s, n);
		l = &p->levels[p->nr_levels++];
		l->before = p->cur;
		l->top = parse_cond(p, w, s + k, n - k, text, line, p->cur);
		p->cur = l->top;
		free(text);
		return 1;
	}
	if (!strcmp(w, "else")) {
		const struct kb_cond *c;
		char w2[16];
		size_t k2;

		if (p->skipped_levels)
			return 1;
		if (!p->nr_levels) {
			mf->nr_bad++;
			return 1;
		}
		l = &p->levels[p->nr_levels - 1];
		c = &mf->conds[l->top];
		/* the other branch of the innermost test of this chain */
		l->top = add_cond(p, c->type, c->arg1 ? xstrdup(c->arg1) : NULL,
				  c->arg2 ? xstrdup(c->arg2) : NULL, c->text,
				  c->line, !c->negate, c->parent);
		while (k < n && is_blank(s[k]))
			k++;
		k2 = first_word(s + k, n - k, w2, sizeof(w2));
		if (is_cond_kw(w2)) {
			text = xstrndup(s + k, n - k);
			l->top = parse_cond(p, w2, s + k + k2, n - k - k2, text,
					    line, l->top);
			free(text);
		} else if (k < n) {
			mf->nr_bad++;
		}
		p->cur = l->top;
		return 1;
	}
	if (!strcmp(w, "endif")) {
		if (p->skipped_levels) {
			p->skipped_levels--;
			return 1;
		}
		if (!p->nr_levels) {
			mf->nr_bad++;
			return 1;
		}
		p->cur = p->levels[--p->nr_levels].before;
		return 1;
	}
	return 0;
}

/* End of the part of a line before an unescaped '#'. */
static size_t strip_comment(const char *s, size_t n)
{
	size_t i, bs;

	for (i = 0; i < n; i++) {
		if (s[i] != '#')
			continue;
		for (bs = 0; bs < i && s[i - 1 - bs] == '\\'; bs++)
			;
		if (!(bs & 1))
			return i;
	}
	return n;
}

static void add_word(struct kb_word **v, size_t *nr, size_t *alloc,
		     const char *s, size_t n, int line)
{
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[*nr].text = xstrndup(s, n);
	(*v)[*nr].line = line;
	(*nr)++;
}

/* Split @s at blanks outside $(...) into words, each with its line. */
static void split_words(const char *s, size_t n, const int *lines,
			struct kb_word **v, size_t *nr, size_t *alloc)
{
	size_t i = 0, start;
	int depth;

	while (i < n) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i == n)
			break;
		start = i;
		depth = 0;
		for (; i < n; i++) {
			if (s[i] == '(' || s[i] == '{')
				depth++;
			else if ((s[i] == ')' || s[i] == '}') && depth)
				depth--;
			else if (!depth && is_blank(s[i]))
				break;
		}
		add_word(v, nr, alloc, s + start, i - start, lines[start]);
	}
}

/*
 * An assignment, a rule or something else. Returns 1 for a rule line,
 * 0 otherwise.
 */
static int do_statement(struct parser *p, const char *s, size_t n,
			const int *lines)
{
	struct kb_makefile *mf = p->mf;
	struct kb_assign *a;
	size_t i, lhs_end, rhs, alloc = 0;
	enum kb_op op;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == '}') && depth)
			depth--;
		else if (!depth && (s[i] == '=' || s[i] == ':'))
			break;
	}
	if (i == n)
		return 0;
	if (s[i] == ':') {
		size_t c = i;

		while (c < n && s[c] == ':' && c - i < 3)
			c++;
		if (c == n || s[c] != '=')
			return 1;	/* a rule */
		op = KB_OP_SIMPLE;
		lhs_end = i;
		rhs = c + 1;
	} else {
		lhs_end = i;
		op = KB_OP_RECURSIVE;
		if (i && s[i - 1] == '+')
			op = KB_OP_APPEND;
		else if (i && s[i - 1] == '?')
			op = KB_OP_DEFAULT;
		else if (i && s[i - 1] == '!')
			op = KB_OP_SHELL;
		if (op != KB_OP_RECURSIVE)
			lhs_end--;
		rhs = i + 1;
	}
	while (lhs_end && is_blank(s[lhs_end - 1]))
		lhs_end--;
	if (!lhs_end)
		return 0;
	/* "a b := c" is not a variable of ours */
	for (i = 0, depth = 0; i < lhs_end; i++) {
		if (s[i] == '(' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == '}') && depth)
			depth--;
		else if (!depth && is_blank(s[i]))
			return 0;
	}
	ALLOC_GROW(mf->assigns, mf->nr_assigns + 1, mf->alloc_assigns);
	a = &mf->assigns[mf->nr_assigns++];
	memset(a, 0, sizeof(*a));
	a->lhs = xstrndup(s, lhs_end);
	a->op = op;
	a->file = 0;
	a->line = lines[0];
	a->cond = p->cur;
	split_words(s + rhs, n - rhs, lines + rhs, &a->words, &a->nr_words,
		    &alloc);
	return 0;
}

static int word_is(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);

	return n >= l && !memcmp(s, w, l) && (n == l || is_blank(s[l]));
}

/* Drop "export", "override", "private", "unexport" before a line. */
static size_t skip_modifiers(const char *s, size_t n)
{
	static const char *const mods[] = {
		"export", "override", "private", "unexport",
	};
	size_t off = 0, i, k;
	int again = 1;

	/* "export override x := y" */
	while (again) {
		again = 0;
		for (i = 0; i < ARRAY_SIZE(mods) && !again; i++) {
			if (!word_is(s + off, n - off, mods[i]))
				continue;
			for (k = off; k < n && !is_blank(s[k]); k++)
				;
			while (k < n && is_blank(s[k]))
				k++;
			off = k;
			again = 1;
		}
	}
	return off;
}

static void do_line(struct parser *p, const char *s, size_t n,
		    const int *lines)
{
	struct kb_makefile *mf = p->mf;
	size_t off;

	n = strip_comment(s, n);
	for (off = 0; off < n && is_blank(s[off]); off++)
		;
	s += off;
	lines += off;
	n -= off;
	while (n && is_blank(s[n - 1]))
		n--;
	if (!n)
		return;

	if (p->define_depth) {
		off = skip_modifiers(s, n);
		if (word_is(s + off, n - off, "endef"))
			p->define_depth--;
		else if (word_is(s + off, n - off, "define"))
			p->define_depth++;
		return;
	}
	if (do_conditional(p, s, n, lines[0]))
		return;
	off = skip_modifiers(s, n);
	s += off;
	lines += off;
	n -= off;
	if (!n)
		return;
	p->in_rule = 0;
	if (word_is(s, n, "define")) {
		p->define_depth = 1;
		return;
	}
	if (word_is(s, n, "include") || word_is(s, n, "-include") ||
	    word_is(s, n, "sinclude")) {
		struct kb_word *w = NULL;
		size_t nr = 0, alloc = 0, i;

		for (off = 0; off < n && !is_blank(s[off]); off++)
			;
		split_words(s + off, n - off, lines + off, &w, &nr, &alloc);
		for (i = 0; i < nr; i++) {
			struct kb_include *inc;

			ALLOC_GROW(mf->includes, mf->nr_includes + 1,
				   mf->alloc_includes);
			inc = &mf->includes[mf->nr_includes++];
			inc->text = w[i].text;
			inc->line = w[i].line;
			inc->cond = p->cur;
			inc->at = mf->nr_assigns;
			inc->merged = 0;
		}
		free(w);
		return;
	}
	if (word_is(s, n, "vpath") || word_is(s, n, "undefine") ||
	    word_is(s, n, "endef"))
		return;
	p->in_rule = do_statement(p, s, n, lines);
}

void kb_parse(struct kb_makefile *mf, const char *name, const char *buf,
	      size_t len)
{
	struct parser p = { .mf = mf, .cur = -1 };
	struct lline ll = { STRBUF_INIT, NULL, 0 };
	size_t pos = 0, end, seg_end, bs;
	int line = 0;

	memset(mf, 0, sizeof(*mf));
	mf->name = xstrdup(name);
	mf->files = xmalloc(sizeof(*mf->files));
	mf->files[0] = xstrdup(name);
	mf->nr_files = 1;
	while (pos < len) {
		int recipe = p.in_rule && buf[pos] == '\t' && !p.define_depth;
		int first = 1;

		strbuf_reset(&ll.text);
		for (;;) {
			const char *nl = memchr(buf + pos, '\n', len - pos);

			end = nl ? (size_t)(nl - buf) : len;
			line++;
			seg_end = end;
			if (seg_end > pos && buf[seg_end - 1] == '\r')
				seg_end--;
			for (bs = 0; seg_end - bs > pos &&
			     buf[seg_end - 1 - bs] == '\\'; bs++)
				;
			if (!recipe) {
				size_t s = pos, e = seg_end - (bs & 1);

				/* make joins with one blank */
				if (!first) {
					while (s < e && is_blank(buf[s]))
						s++;
					lline_add(&ll, " ", 1, line);
				}
				if (bs & 1)
					while (e > s && is_blank(buf[e - 1]))
						e--;
				lline_add(&ll, buf + s, e - s, line);
			}
			first = 0;
			pos = end < len ? end + 1 : len;
			if (!(bs & 1) || pos >= len)
				break;
		}
		if (!recipe) {
			lline_add(&ll, "", 0, line);
			do_line(&p, ll.text.buf, ll.text.len, ll.lines);
		}
	}
	mf->nr_bad += p.nr_levels + p.skipped_levels + !!p.define_depth;
	strbuf_release(&ll.text);
	free(ll.lines);
}

static void free_words(struct kb_word *w, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(w[i].text);
	free(w);
}

void kb_makefile_release(struct kb_makefile *mf)
{
	size_t i;

	for (i = 0; i < mf->nr_assigns; i++) {
		free(mf->assigns[i].lhs);
		free_words(mf->assigns[i].words, mf->assigns[i].nr_words);
	}
	for (i = 0; i < mf->nr_conds; i++) {
		free(mf->conds[i].arg1);
		free(mf->conds[i].arg2);
		free(mf->conds[i].text);
	}
	for (i = 0; i < mf->nr_includes; i++)
		free(mf->includes[i].text);
	for (i = 0; i < mf->nr_files; i++)
		free(mf->files[i]);
	free(mf->includes);
	free(mf->files);
	free(mf->assigns);
	free(mf->conds);
	free(mf->name);
	free(mf->refs);
	memset(mf, 0, sizeof(*mf));
}

void kb_merge_include(struct kb_makefile *mf, struct kb_include *inc,
		      struct kb_makefile *sub)
{
	size_t i, at = inc->at, fbase = mf->nr_files;
	int cbase = (int)mf->nr_conds;
	struct kb_assign *v;

	if (at > mf->nr_assigns)
		at = mf->nr_assigns;
	mf->files = xrealloc(mf->files, (mf->nr_files + sub->nr_files) *
				     sizeof(*mf->files));
	for (i = 0; i < sub->nr_files; i++)
		mf->files[mf->nr_files++] = sub->files[i];
	for (i = 0; i < sub->nr_conds; i++) {
		struct kb_cond *c;

		ALLOC_GROW(mf->conds, mf->nr_conds + 1, mf->alloc_conds);
		c = &mf->conds[mf->nr_conds++];
		*c = sub->conds[i];
		c->file += (int)fbase;
		c->parent = c->parent < 0 ? inc->cond : c->parent + cbase;
	}
	for (i = 0; i < sub->nr_assigns; i++) {
		struct kb_assign *a = &sub->assigns[i];

		a->file += (int)fbase;
		a->cond = a->cond < 0 ? inc->cond : a->cond + cbase;
	}
	/* the included assignments go where the include line was */
	v = xmalloc((mf->nr_assigns + sub->nr_assigns + 1) * sizeof(*v));
	if (at)
		memcpy(v, mf->assigns, at * sizeof(*v));
	if (sub->nr_assigns)
		memcpy(v + at, sub->assigns, sub->nr_assigns * sizeof(*v));
	if (mf->nr_assigns > at)
		memcpy(v + at + sub->nr_assigns, mf->assigns + at,
		       (mf->nr_assigns - at) * sizeof(*v));
	free(mf->assigns);
	mf->assigns = v;
	mf->nr_assigns += sub->nr_assigns;
	mf->alloc_assigns = mf->nr_assigns + 1;
	/* later includes of @mf move down with their assignments */
	for (i = inc - mf->includes + 1; i < mf->nr_includes; i++)
		mf->includes[i].at += sub->nr_assigns;
	mf->nr_bad += sub->nr_bad;
	inc->merged = 1;
	free(mf->refs);
	mf->refs = NULL;
	/* @sub gave its assignments, conditions and files away: release
	   only the arrays that held them, and the rest */
	sub->nr_assigns = sub->nr_conds = sub->nr_files = 0;
	kb_makefile_release(sub);
}

/* ------------------------------------------------------------------ */
/* The expander                                                       */
/* ------------------------------------------------------------------ */

#define MAX_EXPAND_DEPTH 40
#define EXPAND_BUDGET (1 << 20)
#define MAX_BINDINGS 16

struct binding {
	const char *name;
	const char *value;
};

struct xctx {
	const struct kb_env *env;
	int depth;
	int unknown;
	size_t budget;		/* bytes and steps left */
	int in_lhs;		/* expanding a variable's name */
	struct binding bind[MAX_BINDINGS];
	int nr_bind;
};

static void xexpand(struct xctx *x, const struct kb_makefile *mf,
		    const char *s, size_t n, struct strbuf *out);
static int xcond(struct xctx *x, const struct kb_makefile *mf, int cond);

static int spend(struct xctx *x, size_t n)
{
	if (x->budget < n + 1) {
		x->budget = 0;
		x->unknown = 1;
		return 0;
	}
	x->budget -= n + 1;
	return 1;
}

static void emit(struct xctx *x, struct strbuf *out, const char *s, size_t n)
{
	if (spend(x, n))
		strbuf_add(out, s, n);
}

static void xexpand_str(struct xctx *x, const struct kb_makefile *mf,
			const char *s, struct strbuf *out)
{
	xexpand(x, mf, s, strlen(s), out);
}

const char *kb_config_value(const struct kb_env *env, const char *name)
{
	const struct dotconfig_entry *e;

	if (!env || !env->config)
		return NULL;
	if (!skip_prefix(name, "CONFIG_", &name))
		return "";
	e = dotconfig_find(env->config, name);
	if (!e || !strcmp(e->value, "n"))
		return "";
	return e->value;
}

/* The word at or after @p, its length in *@len; NULL at the end. */
static const char *next_word(const char *p, size_t *len)
{
	p += strspn(p, " \t\r\f\v");
	*len = strcspn(p, " \t\r\f\v");
	return *p ? p : NULL;
}

/* Each blank-separated word of @s: @w points at it, @wl is its length. */
#define for_each_word(s, w, wl)						\
	for ((w) = next_word((s), &(wl)); (w);				\
	     (w) = next_word((w) + (wl), &(wl)))

/* make's pattern match with one '%': the stem in *stem. */
static int pattern_match(const char *pat, const char *w, size_t wl,
			 size_t *stem_off, size_t *stem_len)
{
	const char *pct = strchr(pat, '%');
	size_t pre, post;

	if (!pct) {
		*stem_off = *stem_len = 0;
		return strlen(pat) == wl && !memcmp(pat, w, wl);
	}
	pre = pct - pat;
	post = strlen(pct + 1);
	if (wl < pre + post || memcmp(w, pat, pre) ||
	    memcmp(w + wl - post, pct + 1, post))
		return 0;
	*stem_off = pre;
	*stem_len = wl - pre - post;
	return 1;
}

static void patsubst(struct xctx *x, const char *pat, const char *rep,
		     const char *text, struct strbuf *out)
{
	const char *w, *rpct = strchr(rep, '%');
	size_t wl, so, sl, n = 0;

	for_each_word(text, w, wl) {
		if (n++)
			emit(x, out, " ", 1);
		if (!pattern_match(pat, w, wl, &so, &sl)) {
			emit(x, out, w, wl);
		} else if (!strchr(pat, '%') || !rpct) {
			emit(x, out, rep, strlen(rep));
		} else {
			emit(x, out, rep, rpct - rep);
			emit(x, out, w + so, sl);
			emit(x, out, rpct + 1, strlen(rpct + 1));
		}
	}
}

/* Is @lhs, "bits-$(CONFIG_Y)", the variable @name once expanded? */
static int lhs_is(struct xctx *x, const struct kb_makefile *mf,
		  const char *lhs, const char *name)
{
	size_t pre = strcspn(lhs, "$");
	struct strbuf sb = STRBUF_INIT;
	int saved = x->unknown, ret;

	/*
	 * Only the ones that can match: the part before the '$' agrees.
	 * Names made of names made of names are not followed (that way
	 * lies exponential time).
	 */
	if (!lhs[pre] || strncmp(lhs, name, pre) || x->in_lhs)
		return 0;
	x->in_lhs++;
	xexpand_str(x, mf, lhs, &sb);
	x->in_lhs--;
	ret = !x->unknown && !strcmp(sb.buf, name);
	x->unknown = saved;
	strbuf_release(&sb);
	return ret;
}

/* The value of a variable of @mf, assignments taken in order. */
static int var_value(struct xctx *x, const struct kb_makefile *mf,
		     const char *name, struct strbuf *out)
{
	struct strbuf val = STRBUF_INIT, raw = STRBUF_INIT, tmp = STRBUF_INIT;
	int found = 0, defined = 0;
	size_t i, j;

	if (!mf)
		return 0;
	for (i = 0; i < mf->nr_assigns && spend(x, 0); i++) {
		const struct kb_assign *a = &mf->assigns[i];
		int saved;

		if (strcmp(a->lhs, name) && !lhs_is(x, mf, a->lhs, name))
			continue;
		found = 1;
		saved = x->unknown;
		/* an unknown condition counts as true: the words are kept */
		if (a->cond >= 0 && !(x->env && x->env->discover) &&
		    !xcond(x, mf, a->cond)) {
			x->unknown = saved;
			continue;
		}
		x->unknown = saved;
		if (a->op == KB_OP_SHELL) {
			x->unknown = 1;
			continue;
		}
		if (a->op == KB_OP_DEFAULT && defined)
			continue;
		strbuf_reset(&raw);
		for (j = 0; j < a->nr_words; j++) {
			if (j)
				strbuf_addch(&raw, ' ');
			strbuf_addstr(&raw, a->words[j].text);
		}
		strbuf_reset(&tmp);
		/* "x := $(x) more" refers to the value so far */
		if (x->nr_bind < MAX_BINDINGS) {
			x->bind[x->nr_bind].name = name;
			x->bind[x->nr_bind].value = val.buf;
			x->nr_bind++;
			xexpand(x, mf, raw.buf, raw.len, &tmp);
			x->nr_bind--;
		} else {
			x->unknown = 1;
		}
		if (a->op == KB_OP_APPEND && val.len && tmp.len)
			strbuf_addch(&val, ' ');
		else if (a->op != KB_OP_APPEND)
			strbuf_reset(&val);
		strbuf_addbuf(&val, &tmp);
		defined = 1;
	}
	if (found)
		emit(x, out, val.buf, val.len);
	strbuf_release(&val);
	strbuf_release(&raw);
	strbuf_release(&tmp);
	return found;
}

/*
 * Words of @mf that refer to variables, built once for list lookups:
 * a line "LHS\tWORD WORD" for each assignment that has such words.
 */
static const char *mf_refs(const struct kb_makefile *mf)
{
	struct kb_makefile *m = (struct kb_makefile *)mf;	/* a cache */
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	if (m->refs)
		return m->refs;
	strbuf_addch(&sb, '\n');
	for (i = 0; i < m->nr_assigns; i++) {
		size_t start = sb.len;

		strbuf_addf(&sb, "%s\t", m->assigns[i].lhs);
		for (j = 0; j < m->assigns[i].nr_words; j++)
			if (strchr(m->assigns[i].words[j].text, '$'))
				strbuf_addf(&sb, "%s ",
					    m->assigns[i].words[j].text);
		if (sb.buf[sb.len - 1] == '\t')
			strbuf_setlen(&sb, start);
		else
			strbuf_addch(&sb, '\n');
	}
	m->refs = strbuf_detach(&sb, NULL);
	return m->refs;
}

static int is_kind_name(const char *name);

/* "$(NAME-y)", "${NAME-m}"...: the suffix of a list reference */
static int is_list_suffix(const char *p, size_t n)
{
	return n == 1 && (p[0] == 'y' || p[0] == 'm');
}

/*
 * A list variable: "NAME-$(CONFIG_X) += a.o" where the Makefile uses
 * $(NAME-y) or $(NAME-m) somewhere, instead of a composite NAME.o.
 */
static int is_list_var(const struct kb_makefile *mf, const char *name)
{
	const char *refs = mf_refs(mf), *p;
	size_t n = strlen(name), i;

	if (!n || is_kind_name(name))
		return 0;
	for (p = refs; (p = strstr(p, name)); p += n) {
		const char *line;

		if (!(p - refs >= 2 && p[-2] == '$' &&
		      (p[-1] == '(' || p[-1] == '{') && p[n] == '-' &&
		      is_list_suffix(p + n + 1, 1) &&
		      (p[n + 2] == ')' || p[n + 2] == '}')))
			continue;
		/* "foo-objs := $(foo-y)" is the composite itself */
		for (line = p; line > refs && line[-1] != '\n'; line--)
			;
		if (strncmp(line, name, n) || line[n] != '-')
			break;
	}
	if (!p)
		return 0;
	for (i = 0; i < mf->nr_assigns; i++) {
		const char *l = mf->assigns[i].lhs;

		/* NAME-$(CONFIG_X), NAME-y, NAME-m */
		if (!strncmp(l, name, n) && l[n] == '-' &&
		    (l[n + 1] == '$' || is_list_suffix(l + n + 1,
						       strlen(l + n + 1))))
			return 1;
	}
	return 0;
}

/* "$(NAME-y)" where NAME is a list variable of env->lists */
static int is_masked(const struct kb_env *env, const char *name)
{
	char *n, *sel;
	int ret;

	if (!env || !env->lists || !kb_split_lhs(name, &n, &sel))
		return 0;
	ret = is_list_suffix(sel, strlen(sel)) && is_list_var(env->lists, n);
	free(n);
	free(sel);
	return ret;
}

/* A variable reference by name. */
static void lookup(struct xctx *x, const struct kb_makefile *mf,
		   const char *name, const char *raw, size_t rawlen,
		   struct strbuf *out)
{
	const struct kb_env *env = x->env;
	const char *v;
	int i;

	for (i = x->nr_bind - 1; i >= 0; i--) {
		if (!strcmp(x->bind[i].name, name)) {
			emit(x, out, x->bind[i].value,
			     strlen(x->bind[i].value));
			return;
		}
	}
	if (starts_with(name, "CONFIG_")) {
		v = kb_config_value(env, name);
		if (!v) {
			x->unknown = 1;
			emit(x, out, raw, rawlen);
		} else {
			emit(x, out, v, strlen(v));
		}
		return;
	}
	if (!strcmp(name, "obj") || !strcmp(name, "src")) {
		v = env && env->dir && *env->dir ? env->dir : ".";
		emit(x, out, v, strlen(v));
		return;
	}
	if (!strcmp(name, "srctree") || !strcmp(name, "objtree")) {
		emit(x, out, ".", 1);
		return;
	}
	if (!strcmp(name, "SRCARCH") || !strcmp(name, "ARCH")) {
		v = env ? (name[0] == 'S' ? env->srcarch : env->arch) : NULL;
		if (!v)
			v = env ? env->srcarch : NULL;
		if (!v) {
			x->unknown = 1;
			emit(x, out, raw, rawlen);
		} else {
			emit(x, out, v, strlen(v));
		}
		return;
	}
	if (!strcmp(name, "KBUILD_EXTMOD") || is_masked(env, name))
		return;
	if (var_value(x, mf, name, out))
		return;
	if (env && env->archmf && env->archmf != mf &&
	    var_value(x, env->archmf, name, out))
		return;
	/* undefined: empty, as in make */
}

/* Split @s (length @n) at commas outside (...) into at most @max args. */
static int split_args(const char *s, size_t n, const char **arg,
		      size_t *len, int max)
{
	size_t i, start = 0;
	int nr = 0, depth = 0;

	for (i = 0; i < n && nr < max - 1; i++) {
		if (s[i] == '(' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == '}') && depth)
			depth--;
		else if (!depth && s[i] == ',') {
			arg[nr] = s + start;
			len[nr++] = i - start;
			start = i + 1;
		}
	}
	arg[nr] = s + start;
	len[nr++] = n - start;
	return nr;
}

static char *xarg(struct xctx *x, const struct kb_makefile *mf,
		  const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	xexpand(x, mf, s, n, &sb);
	return strbuf_detach(&sb, NULL);
}

static char *strip_words(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *w;
	size_t wl;

	for_each_word(s, w, wl) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_add(&sb, w, wl);
	}
	return strbuf_detach(&sb, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum fn_id {
	FN_SUBST, FN_PATSUBST, FN_STRIP, FN_FINDSTRING, FN_FILTER,
	FN_FILTER_OUT, FN_SORT, FN_FIRSTWORD, FN_LASTWORD, FN_DIR,
	FN_NOTDIR, FN_SUFFIX, FN_BASENAME, FN_ADDPREFIX, FN_ADDSUFFIX,
	FN_IF, FN_OR, FN_AND, FN_FOREACH, FN_QUIET, FN_UNKNOWN,
};

static const struct {
	const char *name;
	enum fn_id id;
	int args;
} functions[] = {
	{ "subst", FN_SUBST, 3 }, { "patsubst", FN_PATSUBST, 3 },
	{ "strip", FN_STRIP, 1 }, { "findstring", FN_FINDSTRING, 2 },
	{ "filter", FN_FILTER, 2 }, { "filter-out", FN_FILTER_OUT, 2 },
	{ "sort", FN_SORT, 1 }, { "firstword", FN_FIRSTWORD, 1 },
	{ "lastword", FN_LASTWORD, 1 }, { "dir", FN_DIR, 1 },
	{ "notdir", FN_NOTDIR, 1 }, { "suffix", FN_SUFFIX, 1 },
	{ "basename", FN_BASENAME, 1 }, { "addprefix", FN_ADDPREFIX, 2 },
	{ "addsuffix", FN_ADDSUFFIX, 2 }, { "if", FN_IF, 3 },
	{ "or", FN_OR, 64 }, { "and", FN_AND, 64 },
	{ "foreach", FN_FOREACH, 3 }, { "info", FN_QUIET, 1 },
	{ "warning", FN_QUIET, 1 }, { "error", FN_QUIET, 1 },
	{ "call", FN_UNKNOWN, 1 }, { "shell", FN_UNKNOWN, 1 },
	{ "wildcard", FN_UNKNOWN, 1 }, { "eval", FN_UNKNOWN, 1 },
	{ "origin", FN_UNKNOWN, 1 }, { "flavor", FN_UNKNOWN, 1 },
	{ "value", FN_UNKNOWN, 1 }, { "file", FN_UNKNOWN, 1 },
	{ "abspath", FN_UNKNOWN, 1 }, { "realpath", FN_UNKNOWN, 1 },
	{ "words", FN_UNKNOWN, 1 }, { "word", FN_UNKNOWN, 1 },
	{ "wordlist", FN_UNKNOWN, 1 }, { "join", FN_UNKNOWN, 1 },
	{ "let", FN_UNKNOWN, 1 }, { "intcmp", FN_UNKNOWN, 1 },
	{ "guile", FN_UNKNOWN, 1 },
};

/* Word-by-word functions of one list: dir, notdir, suffix, basename. */
static void per_word(struct xctx *x, enum fn_id id, const char *text,
		     struct strbuf *out)
{
	const char *w, *slash, *dot;
	size_t wl, n = 0, k;

	for_each_word(text, w, wl) {
		for (k = wl, slash = NULL; k; k--)
			if (w[k - 1] == '/') {
				slash = w + k - 1;
				break;
			}
		for (k = wl, dot = NULL; k && w + k - 1 != slash; k--)
			if (w[k - 1] == '.') {
				dot = w + k - 1;
				break;
			}
		if (id == FN_SUFFIX && !dot)
			continue;
		if (n++)
			emit(x, out, " ", 1);
		switch (id) {
		case FN_DIR:
			if (slash)
				emit(x, out, w, slash - w + 1);
			else
				emit(x, out, "./", 2);
			break;
		case FN_NOTDIR:
			if (slash)
				emit(x, out, slash + 1, w + wl - slash - 1);
			else
				emit(x, out, w, wl);
			break;
		case FN_SUFFIX:
			emit(x, out, dot, w + wl - dot);
			break;
		default:	/* FN_BASENAME */
			emit(x, out, w, dot ? (size_t)(dot - w) : wl);
			break;
		}
	}
}

static void call_fn(struct xctx *x, const struct kb_makefile *mf, int fi,
		    const char *s, size_t n, const char *raw, size_t rawlen,
		    struct strbuf *out)
{
	const char *arg[64], *w, *w2;
	size_t len[64], wl, wl2, k, so, sl;
	char *a = NULL, *b = NULL, *c = NULL;
	enum fn_id id = functions[fi].id;
	int nr, i, cnt = 0;

	nr = split_args(s, n, arg, len, functions[fi].args);
	switch (id) {
	case FN_UNKNOWN:
		x->unknown = 1;
		emit(x, out, raw, rawlen);
		return;
	case FN_QUIET:
		return;
	case FN_IF:
		a = xarg(x, mf, arg[0], len[0]);
		c = strip_words(a);
		if (*c)
			xexpand(x, mf, arg[1], nr > 1 ? len[1] : 0, out);
		else if (nr > 2)
			xexpand(x, mf, arg[2], len[2], out);
		break;
	case FN_OR:
	case FN_AND:
		for (i = 0; i < nr; i++) {
			free(a);
			free(c);
			a = xarg(x, mf, arg[i], len[i]);
			c = strip_words(a);
			if (id == FN_OR ? *c != 0 : !*c)
				break;
		}
		if (c)
			emit(x, out, c, strlen(c));
		break;
	case FN_FOREACH: {
		struct strbuf tmp = STRBUF_INIT;

		if (nr < 3 || x->nr_bind == MAX_BINDINGS) {
			x->unknown = 1;
			break;
		}
		a = xarg(x, mf, arg[0], len[0]);
		c = strip_words(a);
		b = xarg(x, mf, arg[1], len[1]);
		for_each_word(b, w, wl) {
			char *v = xstrndup(w, wl);

			x->bind[x->nr_bind].name = c;
			x->bind[x->nr_bind].value = v;
			x->nr_bind++;
			strbuf_reset(&tmp);
			xexpand(x, mf, arg[2], len[2], &tmp);
			x->nr_bind--;
			free(v);
			if (tmp.len && cnt++)
				emit(x, out, " ", 1);
			emit(x, out, tmp.buf, tmp.len);
			if (!x->budget)
				break;
		}
		strbuf_release(&tmp);
		break;
	}
	default:
		break;
	}
	if (id == FN_IF || id == FN_OR || id == FN_AND || id == FN_FOREACH) {
		free(a);
		free(b);
		free(c);
		return;
	}

	/* the rest evaluate all their arguments first */
	if (nr < functions[fi].args) {
		x->unknown = 1;
		emit(x, out, raw, rawlen);
		return;
	}
	a = xarg(x, mf, arg[0], len[0]);
	if (nr > 1)
		b = xarg(x, mf, arg[1], len[1]);
	if (nr > 2)
		c = xarg(x, mf, arg[2], len[2]);
	switch (id) {
	case FN_SUBST: {
		size_t al = strlen(a);
		const char *p = c, *q;

		if (!al) {
			emit(x, out, c, strlen(c));
			break;
		}
		while ((q = strstr(p, a)) && x->budget) {
			emit(x, out, p, q - p);
			emit(x, out, b, strlen(b));
			p = q + al;
		}
		emit(x, out, p, strlen(p));
		break;
	}
	case FN_PATSUBST: {
		char *pat = strip_words(a), *rep = strip_words(b);

		patsubst(x, pat, rep, c, out);
		free(pat);
		free(rep);
		break;
	}
	case FN_STRIP: {
		char *t = strip_words(a);

		emit(x, out, t, strlen(t));
		free(t);
		break;
	}
	case FN_FINDSTRING:
		if (strstr(b, a))
			emit(x, out, a, strlen(a));
		break;
	case FN_FILTER:
	case FN_FILTER_OUT:
		for_each_word(b, w, wl) {
			int hit = 0;
			char *pat;

			for_each_word(a, w2, wl2) {
				pat = xstrndup(w2, wl2);
				hit = pattern_match(pat, w, wl, &so, &sl);
				free(pat);
				if (hit)
					break;
			}
			if (hit == (id == FN_FILTER)) {
				if (cnt++)
					emit(x, out, " ", 1);
				emit(x, out, w, wl);
			}
		}
		break;
	case FN_SORT: {
		char **v = NULL;
		size_t nrv = 0, alloc = 0;

		for_each_word(a, w, wl) {
			ALLOC_GROW(v, nrv + 1, alloc);
			v[nrv++] = xstrndup(w, wl);
		}
		if (nrv)
			qsort(v, nrv, sizeof(*v), cmp_str);
		for (k = 0; k < nrv; k++) {
			if (!k || strcmp(v[k], v[k - 1])) {
				if (cnt++)
					emit(x, out, " ", 1);
				emit(x, out, v[k], strlen(v[k]));
			}
		}
		for (k = 0; k < nrv; k++)
			free(v[k]);
		free(v);
		break;
	}
	case FN_FIRSTWORD:
	case FN_LASTWORD: {
		const char *last = NULL;
		size_t lastl = 0;

		for_each_word(a, w, wl) {
			last = w;
			lastl = wl;
			if (id == FN_FIRSTWORD)
				break;
		}
		if (last)
			emit(x, out, last, lastl);
		break;
	}
	case FN_ADDPREFIX:
	case FN_ADDSUFFIX:
		for_each_word(b, w, wl) {
			if (cnt++)
				emit(x, out, " ", 1);
			if (id == FN_ADDPREFIX)
				emit(x, out, a, strlen(a));
			emit(x, out, w, wl);
			if (id == FN_ADDSUFFIX)
				emit(x, out, a, strlen(a));
		}
		break;
	default:
		per_word(x, id, a, out);
		break;
	}
	free(a);
	free(b);
	free(c);
}

/* $(VAR:from=to): a suffix, or a pattern when @from has '%'. */
static void subst_ref(struct xctx *x, const char *val, const char *from,
		      const char *to, struct strbuf *out)
{
	char *pat, *rep;

	if (strchr(from, '%')) {
		patsubst(x, from, to, val, out);
		return;
	}
	pat = xasprintf("%%%s", from);
	rep = xasprintf("%%%s", to);
	patsubst(x, pat, rep, val, out);
	free(pat);
	free(rep);
}

/* The reference "$(...)" whose inside is @s/@n. */
static void reference(struct xctx *x, const struct kb_makefile *mf,
		      const char *s, size_t n, const char *raw, size_t rawlen,
		      struct strbuf *out)
{
	size_t i, k, colon = n, eq = n;
	int depth = 0;
	char *name;

	for (k = 0; k < n && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '-');
	     k++)
		;
	if (k && k < n && is_blank(s[k])) {
		for (i = 0; i < ARRAY_SIZE(functions); i++) {
			if (strlen(functions[i].name) == k &&
			    !memcmp(functions[i].name, s, k)) {
				while (k < n && is_blank(s[k]))
					k++;
				call_fn(x, mf, (int)i, s + k, n - k, raw,
					rawlen, out);
				return;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '{')
			depth++;
		else if ((s[i] == ')' || s[i] == '}') && depth)
			depth--;
		else if (!depth && s[i] == ':' && colon == n)
			colon = i;
		else if (!depth && s[i] == '=' && colon < n && eq == n)
			eq = i;
	}
	if (colon < n && eq < n) {
		struct strbuf val = STRBUF_INIT;
		char *from, *to;

		name = xarg(x, mf, s, colon);
		from = xarg(x, mf, s + colon + 1, eq - colon - 1);
		to = xarg(x, mf, s + eq + 1, n - eq - 1);
		lookup(x, mf, name, raw, rawlen, &val);
		subst_ref(x, val.buf, from, to, out);
		strbuf_release(&val);
		free(from);
		free(to);
	} else {
		char *t = xarg(x, mf, s, n);

		name = strip_words(t);
		free(t);
		lookup(x, mf, name, raw, rawlen, out);
	}
	free(name);
}

static void xexpand(struct xctx *x, const struct kb_makefile *mf,
		    const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0, start, end;

	if (++x->depth > MAX_EXPAND_DEPTH || !spend(x, 0)) {
		x->unknown = 1;
		x->depth--;
		return;
	}
	while (i < n && x->budget) {
		const char *d = memchr(s + i, '$', n - i);

		if (!d) {
			emit(x, out, s + i, n - i);
			break;
		}
		emit(x, out, s + i, d - s - i);
		i = d - s;
		if (i + 1 == n) {
			emit(x, out, "$", 1);
			break;
		}
		if (s[i + 1] == '$') {
			emit(x, out, "$", 1);
			i += 2;
			continue;
		}
		if (s[i + 1] != '(' && s[i + 1] != '{') {
			/* $@, $<, $1: only meaningful in rules and calls */
			x->unknown = 1;
			emit(x, out, s + i, 2);
			i += 2;
			continue;
		}
		start = i + 2;
		end = skip_group(s, start, n);
		if (end == n) {
			x->unknown = 1;
			emit(x, out, s + i, n - i);
			break;
		}
		reference(x, mf, s + start, end - start, s + i, end + 1 - i,
			  out);
		i = end + 1;
	}
	x->depth--;
}

static void xctx_init(struct xctx *x, const struct kb_env *env)
{
	memset(x, 0, sizeof(*x));
	x->env = env;
	x->budget = EXPAND_BUDGET;
}

void kb_expand(const struct kb_makefile *mf, const struct kb_env *env,
	       const char *text, struct strbuf *out, int *unknown)
{
	struct xctx x;

	xctx_init(&x, env);
	xexpand_str(&x, mf, text, out);
	if (x.unknown && unknown)
		*unknown = 1;
}

/* Is variable @name set to something non-empty? 1, 0, -1. */
static int var_defined(struct xctx *x, const struct kb_makefile *mf,
		       const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char *ref;
	int ret;

	if (starts_with(name, "CONFIG_")) {
		const char *v = kb_config_value(x->env, name);

		return v ? *v != 0 : -1;
	}
	ref = xasprintf("$(%s)", name);
	xexpand_str(x, mf, ref, &sb);
	ret = sb.len != 0 && strspn(sb.buf, " \t") != sb.len;
	free(ref);
	strbuf_release(&sb);
	return ret;
}

/* One node, without its parents. */
static int xcond_node(struct xctx *x, const struct kb_makefile *mf,
		      const struct kb_cond *c)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int saved = x->unknown, v;

	x->unknown = 0;
	switch (c->type) {
	case KB_IFDEF:
	case KB_IFNDEF: {
		char *name;

		xexpand_str(x, mf, c->arg1, &a);
		name = strip_words(a.buf);
		v = x->unknown ? -1 : var_defined(x, mf, name);
		if (x->unknown)
			v = -1;
		if (v >= 0 && c->type == KB_IFNDEF)
			v = !v;
		free(name);
		break;
	}
	case KB_IFEQ:
	case KB_IFNEQ:
		xexpand_str(x, mf, c->arg1, &a);
		xexpand_str(x, mf, c->arg2, &b);
		if (x->unknown) {
			v = -1;
			break;
		}
		v = !strcmp(a.buf, b.buf);
		if (c->type == KB_IFNEQ)
			v = !v;
		break;
	default:
		v = -1;
		break;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	x->unknown = saved;
	if (v >= 0 && c->negate)
		v = !v;
	return v;
}

static int xcond(struct xctx *x, const struct kb_makefile *mf, int cond)
{
	int v = 1, n, guard = 0;

	while (cond >= 0 && (size_t)cond < mf->nr_conds &&
	       guard++ <= (int)mf->nr_conds) {
		n = xcond_node(x, mf, &mf->conds[cond]);
		if (!n)
			return 0;
		if (n < 0)
			v = -1;
		/* parents come before their children */
		if (mf->conds[cond].parent >= cond)
			break;
		cond = mf->conds[cond].parent;
	}
	return v;
}

int kb_cond_eval(const struct kb_makefile *mf, const struct kb_env *env,
		 int cond)
{
	struct xctx x;

	xctx_init(&x, env);
	return xcond(&x, mf, cond);
}

static int kb_cond_node_eval(const struct kb_makefile *mf,
			     const struct kb_env *env, int cond)
{
	struct xctx x;

	xctx_init(&x, env);
	return xcond_node(&x, mf, &mf->conds[cond]);
}

int kb_split_lhs(const char *lhs, char **name, char **sel)
{
	size_t i, dash = 0, n = strlen(lhs);
	int depth = 0, found = 0;

	for (i = 0; i < n; i++) {
		if (lhs[i] == '(' || lhs[i] == '{')
			depth++;
		else if ((lhs[i] == ')' || lhs[i] == '}') && depth)
			depth--;
		else if (!depth && lhs[i] == '-' && i) {
			dash = i;
			found = 1;
		}
	}
	if (!found)
		return 0;
	*name = xstrndup(lhs, dash);
	*sel = xstrdup(lhs + dash + 1);
	return 1;
}

/* ------------------------------------------------------------------ */
/* The resolver                                                       */
/* ------------------------------------------------------------------ */

#define MAX_CHAIN 32		/* links in one chain */
#define MAX_CHAINS 64		/* chains for one path */
#define MAX_INCLUDERS 4

struct mfile {
	char *path;			/* srctree-relative */
	struct kb_makefile *mf;		/* NULL: no such file */
};

struct kb_tree {
	char *srctree;
	char *srcarch;
	char *arch;
	struct dotconfig *config;
	struct mfile *files;
	size_t nr_files, alloc_files;
	size_t nr_read;
	const struct kb_makefile *archmf;
	int archmf_loaded;
};

struct kb_tree *kb_tree_new(const char *srctree, const char *srcarch,
			    const char *arch, struct dotconfig *config)
{
	struct kb_tree *t = xcalloc(1, sizeof(*t));

	t->srctree = xstrdup(srctree);
	t->srcarch = xstrdup(srcarch);
	t->arch = xstrdup(arch ? arch : srcarch);
	t->config = config;
	if (config)
		dotconfig_sort(config);
	return t;
}

void kb_tree_free(struct kb_tree *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nr_files; i++) {
		free(t->files[i].path);
		if (t->files[i].mf) {
			kb_makefile_release(t->files[i].mf);
			free(t->files[i].mf);
		}
	}
	free(t->files);
	if (t->config) {
		dotconfig_release(t->config);
		free(t->config);
	}
	free(t->srctree);
	free(t->srcarch);
	free(t->arch);
	free(t);
}

size_t kb_tree_files_read(const struct kb_tree *t)
{
	return t->nr_read;
}

/* Read and parse srctree/@rel once; NULL when it does not exist. */
static const struct kb_makefile *load_file(struct kb_tree *t, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;
	struct mfile *f;
	char *path;
	size_t i;

	for (i = 0; i < t->nr_files; i++)
		if (!strcmp(t->files[i].path, rel))
			return t->files[i].mf;
	ALLOC_GROW(t->files, t->nr_files + 1, t->alloc_files);
	f = &t->files[t->nr_files++];
	f->path = xstrdup(rel);
	f->mf = NULL;
	path = xasprintf("%s/%s", t->srctree, rel);
	if (!read_file(path, &sb)) {
		f->mf = xmalloc(sizeof(*f->mf));
		kb_parse(f->mf, rel, sb.buf, sb.len);
		t->nr_read++;
	} else if (errno != ENOENT && errno != ENOTDIR && errno != EISDIR) {
		warning("cannot read '%s': %s", path, strerror(errno));
	}
	free(path);
	strbuf_release(&sb);
	return f->mf;
}

static void env_for(struct kb_tree *t, const char *dir, struct kb_env *env);
static char *norm_path(const char *p);

#define MAX_INCLUDE_DEPTH 4

/*
 * Read what @mf includes ("include $(src)/sub/Kbuild"), as part of it:
 * the included text runs in @dir, as in make. The kernel's own
 * scripts/ and generated files are left out.
 */
static void merge_includes(struct kb_tree *t, struct kb_makefile *mf,
			   const char *dir, int depth)
{
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;
	struct kb_env env;
	size_t i, wl;
	const char *w;

	env_for(t, dir, &env);
	for (i = 0; i < mf->nr_includes; i++) {
		struct kb_include *inc = &mf->includes[i];
		int unk = 0;

		strbuf_reset(&sb);
		kb_expand(mf, &env, inc->text, &sb, &unk);
		if (unk)
			continue;
		for_each_word(sb.buf, w, wl) {
			char *raw = xstrndup(w, wl), *rel = norm_path(raw);
			char *path = xasprintf("%s/%s", t->srctree, rel);
			struct kb_makefile sub;
			size_t added;

			free(raw);
			strbuf_reset(&text);
			if (!*rel || rel[0] == '.' ||
			    starts_with(rel, "scripts/") ||
			    starts_with(rel, "include/") ||
			    read_file(path, &text)) {
				free(rel);
				free(path);
				continue;
			}
			t->nr_read++;
			kb_parse(&sub, rel, text.buf, text.len);
			if (depth < MAX_INCLUDE_DEPTH)
				merge_includes(t, &sub, dir, depth + 1);
			added = sub.nr_assigns;
			kb_merge_include(mf, inc, &sub);
			kb_makefile_release(&sub);
			/* the next file of the same line goes after this one */
			inc->at += added;
			free(rel);
			free(path);
		}
	}
	strbuf_release(&sb);
	strbuf_release(&text);
}

/* The directory's Kbuild file: Kbuild when there is one, as make does. */
static const struct kb_makefile *dir_makefile(struct kb_tree *t,
					      const char *dir)
{
	const struct kb_makefile *mf;
	size_t before = t->nr_files;
	char *p = xasprintf("%s%sKbuild", dir, *dir ? "/" : "");

	mf = load_file(t, p);
	free(p);
	if (!mf) {
		p = xasprintf("%s%sMakefile", dir, *dir ? "/" : "");
		mf = load_file(t, p);
		free(p);
	}
	/* read for the first time: its includes too */
	if (mf && t->nr_files > before && mf->nr_includes)
		merge_includes(t, (struct kb_makefile *)mf, dir, 0);
	return mf;
}

static const struct kb_makefile *arch_makefile(struct kb_tree *t)
{
	char *p;

	if (!t->archmf_loaded) {
		t->archmf_loaded = 1;
		p = xasprintf("arch/%s/Makefile", t->srcarch);
		t->archmf = load_file(t, p);
		free(p);
	}
	return t->archmf;
}

static void env_for(struct kb_tree *t, const char *dir, struct kb_env *env)
{
	memset(env, 0, sizeof(*env));
	env->config = t->config;
	env->srcarch = t->srcarch;
	env->arch = t->arch;
	env->dir = *dir ? dir : ".";
	env->archmf = arch_makefile(t);
}

/* Lexically normalized: no "." or empty parts, ".." folded. */
static char *norm_path(const char *p)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(p), i = 0, n;
	int dir = len && p[len - 1] == '/';

	while (i < len) {
		while (i < len && p[i] == '/')
			i++;
		for (n = 0; i + n < len && p[i + n] != '/'; n++)
			;
		if (!n)
			break;
		if (n == 1 && p[i] == '.') {
			/* nothing */
		} else if (n == 2 && p[i] == '.' && p[i + 1] == '.' &&
			   sb.len && !(sb.len >= 2 && !strcmp(sb.buf + sb.len -
							      2, "..") &&
				       (sb.len == 2 ||
					sb.buf[sb.len - 3] == '/'))) {
			char *slash = strrchr(sb.buf, '/');

			strbuf_setlen(&sb, slash ? (size_t)(slash - sb.buf) :
					  0);
		} else {
			if (sb.len)
				strbuf_addch(&sb, '/');
			strbuf_add(&sb, p + i, n);
		}
		i += n;
	}
	if (dir && sb.len)
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb, NULL);
}

static char *join_norm(const char *dir, const char *w, size_t wl)
{
	char *j = xasprintf("%s%s%.*s", dir, *dir ? "/" : "", (int)wl, w);
	char *n = norm_path(j);

	free(j);
	return n;
}

/* The directory holding @target: "a/b" for "a/b/c.o" and "a/b/c/". */
static char *parent_dir(const char *target)
{
	size_t n = strlen(target);

	if (n && target[n - 1] == '/')
		n--;
	while (n && target[n - 1] != '/')
		n--;
	if (n)
		n--;
	return xstrndup(target, n);
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

static const char *const top_lists[] = {
	"core", "drivers", "libs", "net", "init", "virt", "head", NULL,
};

static const char *const other_lists[] = {
	"always", "extra", "targets", "hostprogs", "hostprogs-always",
	"userprogs", "userprogs-always", "dtb", "header-test", NULL,
};

static int is_ignored_name(const char *name);

/* Names that are no composite object and no list. */
static int is_kind_name(const char *name)
{
	return !strcmp(name, "obj") || !strcmp(name, "lib") ||
	       !strcmp(name, "subdir") || in_list(name, other_lists) ||
	       in_list(name, top_lists) || is_ignored_name(name);
}

static const char *const kind_names[] = {
	[KB_LINK_OBJ] = "obj", [KB_LINK_LIB] = "lib",
	[KB_LINK_SUBDIR] = "subdir", [KB_LINK_MEMBER] = "member",
	[KB_LINK_LIST] = "list",
	[KB_LINK_TOP] = "top", [KB_LINK_OTHER] = "other",
	[KB_LINK_INCLUDE] = "include",
};

/* Flags, clean lists and headers: never what builds a file. */
static int is_ignored_name(const char *name)
{
	static const char *const ignored[] = {
		"ccflags", "asflags", "ldflags", "subdir-ccflags",
		"subdir-asflags", "ccflags-remove", "asflags-remove",
		"clean-files", "clean-dirs", "no-clean-files", "generic",
		"mandatory", "generated", "hostccflags", "hostcxxflags",
		"hostldflags", "userccflags", "userldflags", "cflags", NULL,
	};

	return in_list(name, ignored) || starts_with(name, "CFLAGS_") ||
	       starts_with(name, "AFLAGS_");
}

/*
 * What an assignment adds to. @top_mode: 0 a directory's Kbuild file,
 * 1 the top Kbuild (its obj-y are top-level), 2 the top Makefile or the
 * arch Makefile (only core-y, drivers-y, libs-y and the like).
 */
static int classify(const struct kb_assign *a, const struct kb_makefile *mf,
		    const struct kb_env *env, int top_mode,
		    enum kb_link_kind *kind, char **namep, char **selp)
{
	char *name = NULL, *sel = NULL;
	int ok = 1, lit;

	if (!kb_split_lhs(a->lhs, &name, &sel)) {
		name = xstrdup(a->lhs);
		sel = NULL;
	}
	if (strchr(name, '$')) {
		struct strbuf sb = STRBUF_INIT;
		int unk = 0;

		kb_expand(mf, env, name, &sb, &unk);
		free(name);
		name = strip_words(sb.buf);
		strbuf_release(&sb);
		if (unk || !*name || strpbrk(name, " $"))
			ok = 0;
	}
	lit = sel && !strchr(sel, '$');
	if (ok && sel && lit && strcmp(sel, "y") && strcmp(sel, "m") &&
	    strcmp(sel, "objs"))
		ok = 0;	/* obj- (cleaning), obj-n, vmlinux-dirs */
	if (!ok) {
		/* nothing */
	} else if (top_mode == 2) {
		ok = sel && in_list(name, top_lists);
		*kind = KB_LINK_TOP;
	} else if (!strcmp(name, "obj")) {
		ok = sel != NULL;
		*kind = top_mode ? KB_LINK_TOP : KB_LINK_OBJ;
	} else if (!strcmp(name, "lib")) {
		ok = sel != NULL;
		*kind = KB_LINK_LIB;
	} else if (!strcmp(name, "subdir")) {
		ok = sel != NULL;
		*kind = KB_LINK_SUBDIR;
	} else if (in_list(name, other_lists)) {
		*kind = KB_LINK_OTHER;
	} else if (is_ignored_name(name) || !sel) {
		ok = 0;
	} else {
		*kind = KB_LINK_MEMBER;
	}
	if (ok && sel && !strcmp(sel, "objs") && *kind != KB_LINK_MEMBER)
		ok = 0;
	if (!ok) {
		free(name);
		free(sel);
		return 0;
	}
	*namep = name;
	*selp = sel;
	return 1;
}

/* The selector's value: 'y', 'm', 'n' or '?'. */
static char sel_value(const struct kb_makefile *mf, const struct kb_env *env,
		      const char *sel)
{
	struct strbuf sb = STRBUF_INIT;
	int unk = 0;
	char *v, ret;

	if (!sel)
		return 'y';
	kb_expand(mf, env, sel, &sb, &unk);
	v = strip_words(sb.buf);
	if (unk)
		ret = '?';
	else if (!strcmp(v, "y") || !strcmp(v, "objs"))
		ret = 'y';
	else if (!strcmp(v, "m"))
		ret = 'm';
	else
		ret = 'n';
	free(v);
	strbuf_release(&sb);
	return ret;
}

/* CONFIG_ names in @text, added to @v once each. */
static void add_options(const struct kb_env *env, const char *text,
			struct kb_option **v, size_t *nr, size_t *alloc)
{
	const char *p = text;
	size_t n, i;

	while (text && (p = strstr(p, "CONFIG_"))) {
		int dup = 0;
		char *name;
		const char *val;

		if (p > text && (strchr("_0123456789", p[-1]) ||
				 (p[-1] >= 'A' && p[-1] <= 'Z') ||
				 (p[-1] >= 'a' && p[-1] <= 'z'))) {
			p += 7;
			continue;
		}
		n = 7 + strspn(p + 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (n == 7) {
			p += 7;
			continue;
		}
		name = xstrndup(p, n);
		p += n;
		for (i = 0; i < *nr; i++)
			if (!strcmp((*v)[i].name, name))
				dup = 1;
		if (dup) {
			free(name);
			continue;
		}
		val = kb_config_value(env, name);
		ALLOC_GROW(*v, *nr + 1, *alloc);
		(*v)[*nr].name = name;
		(*v)[*nr].value = val ? xstrdup(*val ? val : "n") : NULL;
		(*nr)++;
	}
}

static void free_options(struct kb_option *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

static void copy_options(struct kb_option **dst, size_t *nr, size_t *alloc,
			 const struct kb_option *src, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < *nr; j++)
			if (!strcmp((*dst)[j].name, src[i].name))
				break;
		if (j < *nr)
			continue;
		ALLOC_GROW(*dst, *nr + 1, *alloc);
		(*dst)[*nr].name = xstrdup(src[i].name);
		(*dst)[*nr].value = src[i].value ? xstrdup(src[i].value) : NULL;
		(*nr)++;
	}
}

static void free_link(struct kb_link *l)
{
	free(l->file);
	free(l->text);
	free(l->target);
	free(l->holder);
	free_options(l->options, l->nr_options);
	memset(l, 0, sizeof(*l));
}

static void copy_link(struct kb_link *dst, const struct kb_link *src)
{
	size_t alloc = 0;

	*dst = *src;
	dst->file = xstrdup(src->file);
	dst->text = xstrdup(src->text);
	dst->target = xstrdup(src->target);
	dst->holder = src->holder ? xstrdup(src->holder) : NULL;
	dst->options = NULL;
	dst->nr_options = 0;
	copy_options(&dst->options, &dst->nr_options, &alloc, src->options,
		     src->nr_options);
}

struct walk {
	struct kb_tree *t;
	struct kb_link stack[MAX_CHAIN];
	size_t depth;
	struct kb_chain *chains;
	size_t nr_chains, alloc_chains;
	int overflow;		/* chains left out */
};

static const char *op_text(enum kb_op op)
{
	switch (op) {
	case KB_OP_SIMPLE:	return ":=";
	case KB_OP_APPEND:	return "+=";
	case KB_OP_DEFAULT:	return "?=";
	case KB_OP_SHELL:	return "!=";
	default:		return "=";
	}
}

/* A short form of a word: long $(addprefix ...) lists are cut. */
static void add_short(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	size_t cut = 40;

	if (n <= 48) {
		strbuf_addstr(sb, s);
		return;
	}
	while (cut > 12 && !is_blank(s[cut]))
		cut--;
	if (cut == 12)
		cut = 40;
	strbuf_addf(sb, "%.*s ...%s", (int)cut, s, s[0] == '$' ? ")" : "");
}

static void cond_options(const struct kb_makefile *mf,
			 const struct kb_env *env, int cond,
			 struct kb_option **v, size_t *nr, size_t *alloc)
{
	int guard = 0;

	while (cond >= 0 && (size_t)cond < mf->nr_conds &&
	       guard++ <= (int)mf->nr_conds) {
		add_options(env, mf->conds[cond].arg1, v, nr, alloc);
		add_options(env, mf->conds[cond].arg2, v, nr, alloc);
		if (mf->conds[cond].parent >= cond)
			break;
		cond = mf->conds[cond].parent;
	}
}

/* The first link that says what the object becomes. */
static const struct kb_link *top_object(const struct kb_chain *c,
					size_t *idx)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		enum kb_link_kind k = c->links[i].kind;

		if (k == KB_LINK_OBJ || k == KB_LINK_LIB || k == KB_LINK_TOP ||
		    k == KB_LINK_OTHER || k == KB_LINK_SUBDIR) {
			*idx = i;
			return &c->links[i];
		}
	}
	return NULL;
}

static void option_list(struct strbuf *sb, const struct kb_option *o,
			size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		strbuf_addf(sb, "%s%s=%s", i ? ", " : "", o[i].name,
			    o[i].value ? o[i].value : "?");
}

/* Why link @l says no (or cannot tell). */
static char *link_reason(const struct kb_link *l, const struct kb_env *env,
			 int cond_side)
{
	struct strbuf sb = STRBUF_INIT;
	struct kb_option *o = NULL;
	size_t nr = 0, alloc = 0, i;

	if (cond_side) {
		/* the innermost node that is not true */
		const struct kb_makefile *mf = l->mf;
		int c = l->cond_idx, guard = 0, bad = c;

		while (c >= 0 && (size_t)c < mf->nr_conds &&
		       guard++ <= (int)mf->nr_conds) {
			if (kb_cond_node_eval(mf, env, c) == l->cond) {
				bad = c;
				break;
			}
			if (mf->conds[c].parent >= c)
				break;
			c = mf->conds[c].parent;
		}
		cond_options(mf, env, bad, &o, &nr, &alloc);
		strbuf_addf(&sb, "%s:%d: %s%s is %s",
			    mf->files[mf->conds[bad].file],
			    mf->conds[bad].line,
			    mf->conds[bad].negate ? "else of " : "",
			    mf->conds[bad].text,
			    l->cond ? "unknown" : "false");
		if (nr) {
			strbuf_addstr(&sb, " (");
			option_list(&sb, o, nr);
			strbuf_addch(&sb, ')');
		}
		free_options(o, nr);
		return strbuf_detach(&sb, NULL);
	}
	for (i = 0; i < l->nr_options; i++) {
		const struct kb_option *op = &l->options[i];

		if (sb.len)
			strbuf_addstr(&sb, ", ");
		if (!op->value)
			strbuf_addf(&sb, "%s=?", op->name);
		else if (!strcmp(op->value, "n"))
			strbuf_addf(&sb, "%s is not set", op->name);
		else
			strbuf_addf(&sb, "%s=%s", op->name, op->value);
	}
	if (!sb.len)
		strbuf_addf(&sb, "%s:%d: %s", l->file, l->line, l->text);
	else if (l->sel == '?' && !l->nr_options)
		strbuf_addf(&sb, " (%s:%d)", l->file, l->line);
	return strbuf_detach(&sb, NULL);
}

/* Could the selector of @l be 'm' (a plain option or obj-m)? */
static int may_be_module(const struct kb_link *l)
{
	const char *sel;

	if (l->kind != KB_LINK_OBJ)
		return 0;
	sel = strchr(l->text, '-');
	if (!sel)
		return 0;
	sel++;
	if (starts_with(sel, "m "))
		return 1;
	/* $(CONFIG_X) with nothing turning m into y */
	return starts_with(sel, "$(CONFIG_") &&
	       strcspn(sel, ")") == strcspn(sel, ":) ") &&
	       !strstr(sel, "subst");
}

static char *module_path(const char *obj)
{
	size_t n = strlen(obj);

	if (n > 2 && !strcmp(obj + n - 2, ".o"))
		n -= 2;
	return xasprintf("%.*s.ko", (int)n, obj);
}

static int is_dir_path(const char *p)
{
	size_t n = strlen(p);

	return n && p[n - 1] == '/';
}

/* "no .config; it depends on CONFIG_A, CONFIG_B" */
static char *chain_options_reason(const struct kb_chain *c,
				  const struct kb_env *env)
{
	struct strbuf sb = STRBUF_INIT;
	struct kb_option *o = NULL;
	size_t nr = 0, alloc = 0, i;

	for (i = 0; i < c->nr; i++) {
		copy_options(&o, &nr, &alloc, c->links[i].options,
			     c->links[i].nr_options);
		if (c->links[i].mf && c->links[i].cond_idx >= 0)
			cond_options(c->links[i].mf, env, c->links[i].cond_idx,
				     &o, &nr, &alloc);
	}
	strbuf_addstr(&sb, "no .config");
	for (i = 0; i < nr; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "; it depends on ",
			    o[i].name);
	free_options(o, nr);
	return strbuf_detach(&sb, NULL);
}

/* The state of a finished chain, from its links. */
static void chain_state(struct kb_tree *t, struct kb_chain *c, int reached,
			const char *why)
{
	const struct kb_link *top, *via = NULL;
	int is_dir = c->nr && is_dir_path(c->links[0].target);
	int linked = 1;		/* 0: some directory is not linked */
	struct kb_env env;
	size_t i, ti = 0;
	char mode;

	env_for(t, "", &env);
	top = top_object(c, &ti);
	if (!reached || !top) {
		c->state = KB_NOT_REACHED;
		c->reason = xstrdup(why ? why : "nothing links it");
		return;
	}
	/* any definite no wins */
	for (i = 0; i < c->nr; i++) {
		const struct kb_link *l = &c->links[i];

		if (l->cond == 0 || l->sel == 'n') {
			c->state = KB_NOT_BUILT;
			c->reason = link_reason(l, &env, l->cond == 0);
			/* "as a module: foo.ko": when its own option says no */
			if (l == top && l->cond && !is_dir && may_be_module(l))
				c->module = module_path(top->target);
			return;
		}
		if (!l->var_cond) {
			c->state = KB_NOT_BUILT;
			c->reason = xasprintf("%s:%d: %s: only under a "
					      "condition that is false",
					      l->file, l->line, l->text);
			return;
		}
	}
	for (i = 0; i < c->nr; i++) {
		const struct kb_link *l = &c->links[i];

		if (l->cond < 0 || l->sel == '?') {
			c->state = KB_UNKNOWN;
			c->reason = t->config ?
				    link_reason(l, &env, l->cond < 0) :
				    chain_options_reason(c, &env);
			if (!is_dir && may_be_module(top))
				c->module = module_path(top->target);
			return;
		}
	}
	if (top->kind == KB_LINK_OTHER) {
		c->state = KB_OTHER;
		c->reason = xasprintf("built by %s:%d: %s, not linked into "
				      "vmlinux", top->file, top->line,
				      top->text);
		return;
	}
	mode = top->kind == KB_LINK_OBJ ? top->sel : 'y';
	for (i = 0; i < ti; i++) {
		const struct kb_link *l = &c->links[i];

		if (l->kind == KB_LINK_MEMBER && l->sel == 'm' && mode == 'y') {
			c->state = KB_NOT_BUILT;
			c->reason = xasprintf("%s:%d: %s: only part of %s when "
					      "that is a module", l->file,
					      l->line, l->text, l->holder);
			return;
		}
	}
	/* how the directories above are visited */
	for (i = is_dir ? ti : ti + 1; i < c->nr; i++) {
		const struct kb_link *l = &c->links[i];

		if (l->kind == KB_LINK_SUBDIR || l->sel == 'm') {
			if (!via)
				via = l;
			if (l->kind == KB_LINK_SUBDIR)
				linked = -1;
			else if (linked > 0)
				linked = 0;
		}
	}
	if (is_dir) {
		if (linked < 0) {
			c->state = KB_OTHER;
			c->reason = xasprintf("visited for %s:%d: %s, nothing "
					      "there is linked into vmlinux",
					      via->file, via->line, via->text);
		} else if (!linked) {
			c->state = KB_MODULES;
			c->reason = xasprintf("%s:%d: %s (%s)", via->file,
					      via->line, via->text,
					      "modules only");
		} else {
			c->state = KB_BUILTIN;
		}
		return;
	}
	if (mode == 'm') {
		c->state = KB_MODULE;
		c->module = module_path(top->target);
		return;
	}
	if (linked <= 0) {
		c->state = KB_NOT_BUILT;
		c->reason = xasprintf("%s is only visited for modules (%s:%d: "
				      "%s), its built-in objects are not "
				      "built", via->target, via->file,
				      via->line, via->text);
		return;
	}
	c->state = KB_BUILTIN;
}

static void finish(struct walk *w, int reached, const char *why)
{
	struct kb_chain *c;
	size_t i;

	if (w->nr_chains >= MAX_CHAINS) {
		w->overflow++;
		return;
	}
	ALLOC_GROW(w->chains, w->nr_chains + 1, w->alloc_chains);
	c = &w->chains[w->nr_chains++];
	memset(c, 0, sizeof(*c));
	c->nr = w->depth;
	c->links = xcalloc(w->depth ? w->depth : 1, sizeof(*c->links));
	for (i = 0; i < w->depth; i++)
		copy_link(&c->links[i], &w->stack[i]);
	chain_state(w->t, c, reached, why);
}

static void walk(struct walk *w, const char *target);

/* Push a link for word @word (expanded: @ew) of assignment @a. */
static struct kb_link *push_link(struct walk *w, const struct kb_makefile *mf,
				 const struct kb_env *env,
				 const struct kb_assign *a,
				 const struct kb_word *word, const char *ew,
				 enum kb_link_kind kind, const char *sel,
				 const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	struct kb_link *l;
	size_t alloc = 0;

	l = &w->stack[w->depth++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->file = xstrdup(mf->files[a->file]);
	l->line = word->line;
	strbuf_addf(&sb, "%s %s ", a->lhs, op_text(a->op));
	if (!strcmp(word->text, ew)) {
		strbuf_addstr(&sb, ew);
	} else {
		strbuf_addf(&sb, "%s (from ", ew);
		add_short(&sb, word->text);
		strbuf_addch(&sb, ')');
	}
	l->text = strbuf_detach(&sb, NULL);
	l->target = xstrdup(target);
	l->sel = sel_value(mf, env, sel);
	l->cond = a->cond >= 0 ? kb_cond_eval(mf, env, a->cond) : 1;
	l->var_cond = 1;
	l->mf = mf;
	l->cond_idx = a->cond;
	add_options(env, sel, &l->options, &l->nr_options, &alloc);
	return l;
}

/* Follow a pushed link @l up: to its composite, directory or the top. */
static void follow_up(struct walk *w, struct kb_link *l, const char *name,
		      const char *dir)
{
	char *next;

	if (l->kind == KB_LINK_MEMBER) {
		char *h = join_norm(dir, name, strlen(name));

		l->holder = xasprintf("%s.o", h);
		free(h);
		next = xstrdup(l->holder);
	} else if (l->kind == KB_LINK_TOP || l->kind == KB_LINK_OTHER ||
		   !*dir) {
		next = NULL;
	} else {
		next = xasprintf("%s/", dir);
	}
	if (next)
		walk(w, next);
	else
		finish(w, 1, NULL);
	free(next);
}

static void follow_list(struct walk *w, const struct kb_makefile *mf,
			const struct kb_env *env, const struct kb_assign *a,
			const struct kb_word *word, const char *ew,
			const char *name, const char *sel, const char *dir,
			const char *target, int depth);

/*
 * Assignment @b uses the list (or variable) @a at word @word: follow
 * @b as holding @target.
 */
static void follow_user(struct walk *w, const struct kb_makefile *mf,
			const struct kb_env *env, const struct kb_assign *b,
			const struct kb_word *word, const char *dir,
			const char *target, int depth)
{
	enum kb_link_kind kind;
	char *name, *sel;
	struct kb_link *l;

	if (classify(b, mf, env, 0, &kind, &name, &sel)) {
		if (kind == KB_LINK_MEMBER && is_list_var(mf, name)) {
			follow_list(w, mf, env, b, word, word->text, name, sel,
				    dir, target, depth + 1);
		} else {
			l = push_link(w, mf, env, b, word, word->text, kind,
				      sel, target);
			follow_up(w, l, name, dir);
			free_link(&w->stack[--w->depth]);
		}
		free(name);
		free(sel);
		return;
	}
	/* FOO_OBJS := $(foo-y) ...: a plain variable, used in turn */
	if (!strchr(b->lhs, '$') && !is_ignored_name(b->lhs))
		follow_list(w, mf, env, b, word, word->text, NULL, NULL, dir,
			    target, depth + 1);
}

/* The suffix S of each "$(NAME-S)" (@name set) or "$(LHS)" in @text. */
static size_t list_refs(const char *text, const char *name, const char *lhs,
			char **out, size_t max)
{
	const char *p = text;
	size_t nr = 0, n;

	while (nr < max && (p = strchr(p, '$'))) {
		size_t end, len = strlen(p);

		p++;
		if (*p != '(' && *p != '{') {
			if (*p)
				p++;
			continue;
		}
		end = skip_group(p, 1, len - 1);
		if (end >= len - 1)
			break;
		n = end - 1;
		if (name) {
			size_t nl = strlen(name);

			if (n > nl + 1 && !strncmp(p + 1, name, nl) &&
			    p[1 + nl] == '-' &&
			    is_list_suffix(p + 2 + nl, n - nl - 1))
				out[nr++] = xstrndup(p + 2 + nl, n - nl - 1);
		} else if (strlen(lhs) == n && !strncmp(p + 1, lhs, n)) {
			out[nr++] = xstrdup("");
		}
		p += 1;
	}
	return nr;
}

/*
 * A list variable holds @target: "hace-hash-$(CONFIG_X) := a.o" used as
 * "$(hace-hash-y)", or a plain variable (@name NULL) used as "$(VAR)".
 * Follow every place that uses it.
 */
static void follow_list(struct walk *w, const struct kb_makefile *mf,
			const struct kb_env *env, const struct kb_assign *a,
			const struct kb_word *word, const char *ew,
			const char *name, const char *sel, const char *dir,
			const char *target, int depth)
{
	char sv, *refs[8];
	struct kb_link *l;
	size_t i, j, k, nr;
	int used = 0;

	if (w->depth >= MAX_CHAIN || depth > 8) {
		finish(w, 0, "too many levels");
		return;
	}
	l = push_link(w, mf, env, a, word, ew, KB_LINK_LIST, sel, target);
	l->holder = name ? xasprintf("$(%s-y)", name) :
		    xasprintf("$(%s)", a->lhs);
	sv = l->sel;
	for (i = 0; i < mf->nr_assigns; i++) {
		const struct kb_assign *b = &mf->assigns[i];

		if (b == a)
			continue;
		for (j = 0; j < b->nr_words; j++) {
			if (!strchr(b->words[j].text, '$'))
				continue;
			nr = list_refs(b->words[j].text, name, a->lhs, refs,
				       ARRAY_SIZE(refs));
			for (k = 0; k < nr; k++) {
				/* $(foo-y) takes foo-$(CONFIG_X) when X=y */
				if (!name)
					l->sel = 'y';
				else
					l->sel = sv == '?' ? '?' :
						 sv == refs[k][0] ? 'y' : 'n';
				free(l->holder);
				l->holder = name ?
					xasprintf("$(%s-%s)", name, refs[k]) :
					xasprintf("$(%s)", a->lhs);
				used++;
				follow_user(w, mf, env, b, &b->words[j], dir,
					    target, depth);
				free(refs[k]);
			}
		}
	}
	if (!used) {
		char *why = xasprintf("%s is not used in %s (a Makefile that "
				      "includes it may use it)", l->holder,
				      mf->name);

		finish(w, 0, why);
		free(why);
	}
	free_link(&w->stack[--w->depth]);
}

static int word_matches(const char *cand, const char *target,
			enum kb_link_kind kind)
{
	size_t cl = strlen(cand), tl = strlen(target);

	if (!strcmp(cand, target))
		return 1;
	/* subdir-y += foo names a directory without the slash */
	if (kind == KB_LINK_SUBDIR && tl == cl + 1 && target[cl] == '/' &&
	    !strncmp(cand, target, cl))
		return 1;
	/* hostprogs += foo, with foo-objs */
	if (kind == KB_LINK_OTHER && tl == cl + 2 &&
	    !strcmp(target + cl, ".o") && !strncmp(cand, target, cl))
		return 1;
	return 0;
}

/* foo-objs := foo.o: a host program's objects, not a composite */
static int is_self_composite(const char *dir, const char *name,
			     const char *target)
{
	char *h = join_norm(dir, name, strlen(name));
	size_t n = strlen(h);
	int ret = !strncmp(h, target, n) && !strcmp(target + n, ".o");

	free(h);
	return ret;
}

/*
 * Follow every word of @mf that names @target; how many did. @discover:
 * variables count with all their assignments (a second pass, when the
 * first found nothing: the word is then there only under a condition
 * that is false).
 */
static int search(struct walk *w, const struct kb_makefile *mf,
		  const char *dir, const char *target, int top_mode,
		  int discover)
{
	struct strbuf sb = STRBUF_INIT;
	struct kb_env env, xenv;
	size_t i, j, wl;
	const char *ew;
	int found = 0;

	env_for(w->t, dir, &env);
	xenv = env;
	xenv.discover = discover;
	xenv.lists = top_mode ? NULL : mf;
	for (i = 0; i < mf->nr_assigns; i++) {
		const struct kb_assign *a = &mf->assigns[i];
		enum kb_link_kind kind;
		char *name, *sel;
		int list;

		if (!a->nr_words || a->op == KB_OP_SHELL ||
		    !classify(a, mf, &env, top_mode, &kind, &name, &sel))
			continue;
		list = kind == KB_LINK_MEMBER && is_list_var(mf, name);
		for (j = 0; j < a->nr_words; j++) {
			const struct kb_word *word = &a->words[j];
			const char *text = word->text;

			if (strchr(text, '$')) {
				strbuf_reset(&sb);
				kb_expand(mf, &xenv, text, &sb, NULL);
				text = sb.buf;
			}
			for_each_word(text, ew, wl) {
				char *cand = join_norm(dir, ew, wl);
				char *e;

				if (!word_matches(cand, target, kind) ||
				    (kind == KB_LINK_MEMBER &&
				     is_self_composite(dir, name, target))) {
					/* conf-objs := conf.o: a program */
					free(cand);
					continue;
				}
				found++;
				e = xstrndup(ew, wl);
				if (w->depth >= MAX_CHAIN) {
					finish(w, 0, "too many levels");
				} else if (list) {
					follow_list(w, mf, &env, a, word, e,
						    name, sel, dir, target, 0);
				} else {
					struct kb_link *l;

					l = push_link(w, mf, &env, a, word, e,
						      kind, sel, target);
					l->var_cond = !discover;
					follow_up(w, l, name, dir);
					free_link(&w->stack[--w->depth]);
				}
				free(e);
				free(cand);
			}
		}
		free(name);
		free(sel);
	}
	strbuf_release(&sb);
	return found;
}

static int in_stack(struct walk *w, const char *target)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		if (!strcmp(w->stack[i].target, target) &&
		    w->stack[i].kind != KB_LINK_INCLUDE)
			return 1;
	return 0;
}

/* Unexpanded words of @mf that could be anything: for messages. */
static void note_unparsed(const struct kb_makefile *mf, struct kb_tree *t,
			  const char *dir, struct strbuf *out)
{
	struct kb_env env;
	size_t i, j, shown = 0;

	env_for(t, dir, &env);
	for (i = 0; i < mf->nr_assigns && shown < 2; i++) {
		const struct kb_assign *a = &mf->assigns[i];
		enum kb_link_kind kind;
		char *name, *sel;

		if (!classify(a, mf, &env, 0, &kind, &name, &sel))
			continue;
		for (j = 0; j < a->nr_words && shown < 2; j++) {
			struct strbuf sb = STRBUF_INIT;
			int unk = 0;

			if (!strchr(a->words[j].text, '$'))
				continue;
			kb_expand(mf, &env, a->words[j].text, &sb, &unk);
			if (unk) {
				strbuf_addf(out, "%s %s:%d: %s %s ",
					    shown ? "," :
					    "; kdev cannot expand",
					    mf->files[a->file],
					    a->words[j].line, a->lhs,
					    op_text(a->op));
				add_short(out, a->words[j].text);
				shown++;
			}
			strbuf_release(&sb);
		}
		free(name);
		free(sel);
	}
	for (i = 0; i < mf->nr_includes; i++) {
		if (mf->includes[i].merged)
			continue;
		strbuf_addf(out, "; %s includes '%s', which kdev does not read",
			    mf->files[0], mf->includes[i].text);
		break;
	}
}

static void walk(struct walk *w, const char *target)
{
	struct strbuf why = STRBUF_INIT;
	const struct kb_makefile *mf, *looked = NULL;
	char *dir, *up, *p;
	int found = 0;

	if (in_stack(w, target)) {
		p = xasprintf("%s refers back to itself", target);
		finish(w, 0, p);
		free(p);
		return;
	}
	dir = parent_dir(target);
	for (;;) {
		if (!*dir) {
			mf = load_file(w->t, "Kbuild");
			if (mf)
				found += search(w, mf, "", target, 1, 0);
			mf = load_file(w->t, "Makefile");
			if (mf)
				found += search(w, mf, "", target, 2, 0);
			mf = arch_makefile(w->t);
			if (mf)
				found += search(w, mf, "", target, 2, 0);
			if (!looked)
				looked = load_file(w->t, "Makefile");
			break;
		}
		mf = dir_makefile(w->t, dir);
		if (mf) {
			if (!looked)
				looked = mf;
			found = search(w, mf, dir, target, 0, 0);
			if (!found && w->t->config)
				found = search(w, mf, dir, target, 0, 1);
			if (found)
				break;
		}
		up = parent_dir(dir);
		free(dir);
		dir = up;
	}
	if (!found) {
		const char *shown = target;
		size_t n = strlen(target);

		/* "xt_recent.o", "netfilter/": as the Makefile would say */
		if (looked && strchr(looked->name, '/')) {
			size_t dl = strrchr(looked->name, '/') - looked->name;

			if (n > dl && !strncmp(target, looked->name, dl) &&
			    target[dl] == '/')
				shown = target + dl + 1;
		}
		strbuf_addf(&why, "no Kbuild file mentions '%s'", shown);
		if (looked) {
			strbuf_addf(&why, " (looked at %s", looked->name);
			if (strchr(looked->name, '/') && *dir)
				strbuf_addstr(&why, " and the ones above");
			strbuf_addch(&why, ')');
			p = parent_dir(looked->name);
			note_unparsed(looked, w->t, p, &why);
			free(p);
		} else {
			strbuf_addstr(&why, " (no Kbuild file above it)");
		}
		finish(w, 0, why.buf);
	}
	strbuf_release(&why);
	free(dir);
}

/* ---- includers: "#include "foo.c"" in the files next to it ---- */

struct includer {
	char *path;		/* srctree-relative */
	int line;
};

/* Does @buf have a line '#include "@name"'? Its line number, or 0. */
static int includes_name(const char *buf, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;
	int line = 1;

	while (i < len) {
		size_t j = i;
		const char *eol = memchr(buf + i, '\n', len - i);
		size_t end = eol ? (size_t)(eol - buf) : len;

		while (j < end && is_blank(buf[j]))
			j++;
		if (j < end && buf[j] == '#') {
			j++;
			while (j < end && is_blank(buf[j]))
				j++;
			if (end - j > 7 && !memcmp(buf + j, "include", 7)) {
				j += 7;
				while (j < end && is_blank(buf[j]))
					j++;
				if (end - j > nl + 1 && buf[j] == '"' &&
				    !memcmp(buf + j + 1, name, nl) &&
				    buf[j + 1 + nl] == '"')
					return line;
			}
		}
		line++;
		i = end + 1;
	}
	return 0;
}

static int cmp_includer(const void *a, const void *b)
{
	return strcmp(((const struct includer *)a)->path,
		      ((const struct includer *)b)->path);
}

/* Up to @max .c/.S files in @rel's directory that #include it. */
static size_t find_includers(struct kb_tree *t, const char *rel,
			     struct includer *out, size_t max)
{
	char *dir = parent_dir(rel), *full;
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	struct strbuf sb = STRBUF_INIT;
	struct dirent *de;
	size_t nr = 0;
	DIR *d;

	full = xasprintf("%s/%s", t->srctree, dir);
	d = opendir(full);
	while (d && (de = readdir(d)) && nr < max) {
		char *p;
		int line;

		if ((!ends_with(de->d_name, ".c") &&
		     !ends_with(de->d_name, ".S")) ||
		    !strcmp(de->d_name, base))
			continue;
		p = xasprintf("%s/%s", full, de->d_name);
		strbuf_reset(&sb);
		line = read_file(p, &sb) ? 0 :
		       includes_name(sb.buf, sb.len, base);
		if (line) {
			out[nr].path = xasprintf("%s%s%s", dir, *dir ? "/" : "",
						 de->d_name);
			out[nr].line = line;
			nr++;
		}
		free(p);
	}
	if (d)
		closedir(d);
	if (nr)
		qsort(out, nr, sizeof(*out), cmp_includer);
	strbuf_release(&sb);
	free(full);
	free(dir);
	return nr;
}

/* ---- modules by name: every Kbuild file of the tree ---- */

static void normalize_modname(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

/* A list of distinct strings. */
struct names {
	char **v;
	size_t nr, alloc;
};

static void names_add(struct names *n, char *s)
{
	size_t i;

	for (i = 0; i < n->nr; i++) {
		if (!strcmp(n->v[i], s)) {
			free(s);
			return;
		}
	}
	ALLOC_GROW(n->v, n->nr + 1, n->alloc);
	n->v[n->nr++] = s;
}

static void names_clear(struct names *n)
{
	size_t i;

	for (i = 0; i < n->nr; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof(*n));
}

/*
 * Every directory's Kbuild file in the tree (but Documentation, tools,
 * scripts... and the other architectures): @fn gets its directory,
 * path and text.
 */
struct scan {
	struct kb_tree *t;
	int skip_arch;		/* arch/ was done already */
	void (*fn)(struct scan *s, const char *dir, const char *path,
		   const struct strbuf *text);
	void *data;
	size_t scanned;
	struct strbuf buf;
};

static int scan_skip(struct scan *sc, const char *dir, const char *name)
{
	static const char *const skip[] = {
		"Documentation", "LICENSES", "include", "scripts", "tools",
		"usr", NULL,
	};

	if (name[0] == '.')
		return 1;
	if (!*dir)
		return in_list(name, skip) ||
		       (sc->skip_arch && !strcmp(name, "arch"));
	return !strcmp(dir, "arch") && strcmp(name, sc->t->srcarch);
}

/* @dfd: the open directory @dir (srctree-relative), closed here */
static void scan_dir(struct scan *sc, int dfd, const char *dir, int depth)
{
	struct names subs = { 0 };
	const char *file = NULL;
	struct dirent *de;
	struct stat st;
	size_t i;
	DIR *d;
	int fd;

	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, "Kbuild"))
			file = "Kbuild";
		else if (!strcmp(de->d_name, "Makefile") && !file)
			file = "Makefile";
		if (de->d_type != DT_DIR &&
		    (de->d_type != DT_UNKNOWN ||
		     fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		     !S_ISDIR(st.st_mode)))
			continue;
		if (depth < 16 && !scan_skip(sc, dir, de->d_name))
			names_add(&subs, xstrdup(de->d_name));
	}
	strbuf_reset(&sc->buf);
	fd = *dir && file ? openat(dirfd(d), file, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		if (!read_fd(fd, &sc->buf)) {
			char *path = xasprintf("%s/%s", dir, file);

			sc->scanned++;
			sc->fn(sc, dir, path, &sc->buf);
			free(path);
		}
		close(fd);
	}
	for (i = 0; i < subs.nr; i++) {
		char *sub = xasprintf("%s%s%s", dir, *dir ? "/" : "",
				      subs.v[i]);

		fd = openat(dirfd(d), subs.v[i],
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			scan_dir(sc, fd, sub, depth + 1);
		free(sub);
	}
	names_clear(&subs);
	closedir(d);
}

/* @first (a directory) alone, or the whole tree */
static void scan_tree(struct kb_tree *t, struct scan *sc, const char *first)
{
	char *path = xasprintf("%s/%s", t->srctree, first ? first : "");
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	sc->t = t;
	strbuf_init(&sc->buf, 0);
	if (fd >= 0)
		scan_dir(sc, fd, first ? first : "", first ? 1 : 0);
	strbuf_release(&sc->buf);
	free(path);
}

/* ---- modules by name ---- */

struct modsearch {
	const char *name;	/* "xt_recent.o", '-' as '_' */
	struct names found;	/* srctree-relative objects */
};

/* Is @name (with '_' for '-') in @buf, spelt with '-' or '_'? */
static int has_modname(const char *buf, size_t len, const char *name)
{
	size_t n = strlen(name), k;
	const char *p = buf, *end = buf + len;
	char c0 = name[0];

	if (!n || c0 == '_')
		return 1;	/* let the parser decide */
	while (p + n <= end && (p = memchr(p, c0, end - p - n + 1))) {
		for (k = 1; k < n; k++) {
			char a = p[k] == '-' ? '_' : p[k];

			if (a != name[k])
				break;
		}
		if (k == n)
			return 1;
		p++;
	}
	return 0;
}

static void modsearch_file(struct scan *sc, const char *dir,
			   const char *path, const struct strbuf *text)
{
	struct modsearch *ms = sc->data;
	struct strbuf sb = STRBUF_INIT;
	struct kb_makefile mf;
	struct kb_env env;
	size_t i, j, wl;
	const char *ew;

	if (!has_modname(text->buf, text->len, ms->name))
		return;
	kb_parse(&mf, path, text->buf, text->len);
	env_for(sc->t, dir, &env);
	for (i = 0; i < mf.nr_assigns; i++) {
		const struct kb_assign *a = &mf.assigns[i];
		enum kb_link_kind kind;
		char *name, *sel;

		if (!classify(a, &mf, &env, 0, &kind, &name, &sel))
			continue;
		for (j = 0; kind == KB_LINK_OBJ && j < a->nr_words; j++) {
			strbuf_reset(&sb);
			kb_expand(&mf, &env, a->words[j].text, &sb, NULL);
			for_each_word(sb.buf, ew, wl) {
				char *cand = join_norm(dir, ew, wl);
				char *base = strrchr(cand, '/');

				base = xstrdup(base ? base + 1 : cand);
				normalize_modname(base);
				if (!strcmp(base, ms->name))
					names_add(&ms->found, cand);
				else
					free(cand);
				free(base);
			}
		}
		free(name);
		free(sel);
	}
	strbuf_release(&sb);
	kb_makefile_release(&mf);
}

/* ---- fragments: virt/kvm/Makefile.kvm, read by arch/x86/kvm ---- */

struct fragsearch {
	struct names frags;	/* "Makefile.kvm" */
	const char *own;	/* the fragments' directory */
	const char *srcarch;
	struct names dirs;	/* directories whose Makefile includes one */
};

static void fragsearch_file(struct scan *sc, const char *dir,
			    const char *path, const struct strbuf *text)
{
	struct fragsearch *fs = sc->data;
	const char *a;
	size_t i, n;

	(void)path;
	if (!strcmp(dir, fs->own))
		return;
	/* another architecture's Makefiles do not count */
	if (skip_prefix(dir, "arch/", &a)) {
		n = strlen(fs->srcarch);
		if (strncmp(a, fs->srcarch, n) || (a[n] && a[n] != '/'))
			return;
	}
	for (i = 0; i < fs->frags.nr; i++) {
		if (memmem(text->buf, text->len, fs->frags.v[i],
			   strlen(fs->frags.v[i]))) {
			names_add(&fs->dirs, xstrdup(dir));
			return;
		}
	}
}

/*
 * @target's directory has no Makefile that builds it, but a fragment
 * (Makefile.kvm) that others include: search the Makefiles that do.
 */
static int walk_fragments(struct walk *w, const char *target)
{
	struct fragsearch fs = { .srcarch = w->t->srcarch };
	struct scan sc = { .fn = fragsearch_file, .data = &fs };
	char *dir = parent_dir(target), *full;
	struct dirent *de;
	int found = 0;
	size_t i;
	DIR *d;

	full = xasprintf("%s/%s", w->t->srctree, dir);
	d = opendir(full);
	while (d && (de = readdir(d)))
		if (starts_with(de->d_name, "Makefile.") && fs.frags.nr < 4)
			names_add(&fs.frags, xasprintf("/%s", de->d_name));
	if (d)
		closedir(d);
	free(full);
	if (fs.frags.nr) {
		char *arch = xasprintf("arch/%s", w->t->srcarch);

		/* virt/kvm/Makefile.kvm: arch/x86/kvm, most likely */
		fs.own = dir;
		scan_tree(w->t, &sc, arch);
		if (!fs.dirs.nr) {
			sc.skip_arch = 1;
			scan_tree(w->t, &sc, NULL);
		}
		free(arch);
	}
	for (i = 0; i < fs.dirs.nr; i++) {
		const struct kb_makefile *mf = dir_makefile(w->t, fs.dirs.v[i]);
		int n;

		if (!mf)
			continue;
		n = search(w, mf, fs.dirs.v[i], target, 0, 0);
		if (!n && w->t->config)
			n = search(w, mf, fs.dirs.v[i], target, 0, 1);
		found += n;
	}
	names_clear(&fs.frags);
	names_clear(&fs.dirs);
	free(dir);
	return found;
}

/* ---- kb_which ---- */

static const char *const state_names[] = {
	[KB_NOT_REACHED] = "not-reached", [KB_NOT_BUILT] = "not-built",
	[KB_UNKNOWN] = "unknown", [KB_OTHER] = "other",
	[KB_MODULES] = "modules-only", [KB_MODULE] = "module",
	[KB_BUILTIN] = "built-in",
};

const char *kb_state_name(enum kb_state s)
{
	return (size_t)s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

static void free_chain(struct kb_chain *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free_link(&c->links[i]);
	free(c->links);
	free(c->reason);
	free(c->module);
}

void kb_result_release(struct kb_result *res)
{
	size_t i;

	for (i = 0; i < res->nr_chains; i++)
		free_chain(&res->chains[i]);
	free(res->chains);
	free(res->path);
	free(res->target);
	free(res->module);
	free(res->reason);
	free_options(res->options, res->nr_options);
	memset(res, 0, sizeof(*res));
}

/* What make builds for a source file: "foo.c" -> "foo.o". */
static char *object_for(const char *path, const char *ext)
{
	size_t stem = strlen(path) - strlen(ext);
	static const struct {
		const char *ext, *obj;
	} map[] = {
		{ ".c", ".o" }, { ".S", ".o" }, { ".s", ".o" }, { ".rs", ".o" },
		{ ".y", ".tab.o" }, { ".l", ".lex.o" }, { ".asn1", ".asn1.o" },
		{ ".dts", ".dtb" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(ext, map[i].ext))
			return xasprintf("%.*s%s", (int)stem, path, map[i].obj);
	return NULL;
}

static void walk_include(struct walk *w, const char *rel,
			 const struct includer *inc)
{
	const char *ext = strrchr(inc->path, '.');
	char *obj = object_for(inc->path, ext);
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	struct kb_link *l = &w->stack[w->depth++];

	memset(l, 0, sizeof(*l));
	l->kind = KB_LINK_INCLUDE;
	l->file = xstrdup(inc->path);
	l->line = inc->line;
	l->text = xasprintf("#include \"%s\"", base);
	l->target = xstrdup(rel);
	l->holder = xstrdup(inc->path);
	l->sel = 'y';
	l->cond = 1;
	l->var_cond = 1;
	l->cond_idx = -1;
	walk(w, obj);
	free(obj);
	free_link(&w->stack[--w->depth]);
}

static int by_state(const void *a, const void *b)
{
	const struct kb_chain *x = a, *y = b;

	return (int)y->state - (int)x->state;
}

/* The summary of the chains: the best state and the options. */
static void summarize(struct kb_tree *t, struct kb_result *res)
{
	size_t i, j, alloc = 0;
	struct kb_env env;

	env_for(t, "", &env);
	/* stable: equal states keep the Makefile order */
	for (i = 1; i < res->nr_chains; i++) {
		struct kb_chain c = res->chains[i];

		for (j = i; j > 0 && by_state(&res->chains[j - 1], &c) > 0; j--)
			res->chains[j] = res->chains[j - 1];
		res->chains[j] = c;
	}
	res->state = res->chains[0].state;
	if (res->chains[0].module)
		res->module = xstrdup(res->chains[0].module);
	if (res->chains[0].reason)
		res->reason = xstrdup(res->chains[0].reason);
	for (i = 0; i < res->nr_chains; i++) {
		const struct kb_chain *c = &res->chains[i];

		for (j = 0; j < c->nr; j++) {
			const struct kb_link *l = &c->links[j];

			copy_options(&res->options, &res->nr_options, &alloc,
				     l->options, l->nr_options);
			if (l->mf && l->cond_idx >= 0) {
				struct kb_option *o = NULL;
				size_t nr = 0, oa = 0;

				cond_options(l->mf, &env, l->cond_idx, &o, &nr,
					     &oa);
				copy_options(&res->options, &res->nr_options,
					     &alloc, o, nr);
				free_options(o, nr);
			}
		}
	}
}

static int fail(struct kb_result *res, char *msg)
{
	res->reason = msg;
	return -1;
}

int kb_which(struct kb_tree *t, const char *path, struct kb_result *res)
{
	struct walk w = { .t = t };
	const char *slash = strrchr(path, '/');
	const char *ext = strrchr(slash ? slash + 1 : path, '.');
	struct includer inc[MAX_INCLUDERS];
	size_t i, nr_inc = 0;
	char *target = NULL;

	memset(res, 0, sizeof(*res));
	res->path = xstrdup(path);
	if (!*path || !strcmp(path, "/") || !strcmp(path, "./"))
		return fail(res, xstrdup("the top of the tree is always "
					 "built: name a file or directory "
					 "in it"));
	if (is_dir_path(path)) {
		res->input = KB_IN_DIR;
		target = xstrdup(path);
	} else if (ext && (!strcmp(ext, ".h") || !strcmp(ext, ".inc"))) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "'%s' is a header: it is not built by "
			    "itself", path);
		nr_inc = find_includers(t, path, inc, MAX_INCLUDERS);
		for (i = 0; i < nr_inc; i++) {
			strbuf_addf(&sb, "%s%s", i ? ", " : "; included by ",
				    inc[i].path);
			free(inc[i].path);
		}
		strbuf_addstr(&sb, nr_inc ? "; ask about one of those" :
			      "; ask about a .c file that includes it");
		return fail(res, strbuf_detach(&sb, NULL));
	} else if (ext && !strcmp(ext, ".o")) {
		res->input = KB_IN_OBJECT;
		target = xstrdup(path);
	} else if ((!ext || !strcmp(ext, ".ko")) && !slash) {
		struct modsearch ms = { 0 };
		struct scan sc = { .fn = modsearch_file, .data = &ms };
		char *name = ext ? xstrndup(path, ext - path) : xstrdup(path);

		res->input = KB_IN_MODULE;
		normalize_modname(name);
		ms.name = target = xasprintf("%s.o", name);
		free(name);
		scan_tree(t, &sc, NULL);
		free(target);
		target = NULL;
		if (!ms.found.nr)
			return fail(res, xasprintf("no module '%s' in the %zu "
						   "Kbuild files of '%s'", path,
						   sc.scanned, t->srctree));
		res->target = xstrdup(ms.found.v[0]);
		for (i = 0; i < ms.found.nr; i++)
			walk(&w, ms.found.v[i]);
		names_clear(&ms.found);
	} else if (!ext || !strcmp(ext, ".ko")) {
		res->input = KB_IN_MODULE;
		target = xasprintf("%.*s.o", (int)(ext ? ext - path :
						    (long)strlen(path)), path);
	} else {
		res->input = KB_IN_SOURCE;
		target = object_for(path, ext);
		if (!target)
			return fail(res, xasprintf("'%s' is not a file Kbuild "
						   "builds: name a .c, .S, .o "
						   "or .ko file, a module or "
						   "a directory", path));
	}
	if (target) {
		res->target = xstrdup(target);
		walk(&w, target);
	}
	/* not in any Makefile above: maybe in a fragment others include */
	if ((res->input == KB_IN_SOURCE || res->input == KB_IN_OBJECT) &&
	    w.nr_chains == 1 && !w.chains[0].nr &&
	    w.chains[0].state == KB_NOT_REACHED) {
		struct walk w2 = { .t = t };

		walk_fragments(&w2, res->target);
		if (w2.nr_chains) {
			for (i = 0; i < w.nr_chains; i++)
				free_chain(&w.chains[i]);
			free(w.chains);
			w = w2;
		}
	}
	/* not in any Makefile: maybe a .c file #included by another one */
	if (res->input == KB_IN_SOURCE && w.nr_chains == 1 &&
	    !w.chains[0].nr && w.chains[0].state == KB_NOT_REACHED)
		nr_inc = find_includers(t, path, inc, MAX_INCLUDERS);
	if (nr_inc) {
		struct walk w2 = { .t = t };

		for (i = 0; i < nr_inc; i++) {
			walk_include(&w2, path, &inc[i]);
			free(inc[i].path);
		}
		for (i = 0; i < w.nr_chains; i++)
			free_chain(&w.chains[i]);
		free(w.chains);
		w = w2;
	}
	free(target);
	if (w.nr_chains == 1 && !w.chains[0].nr &&
	    w.chains[0].state == KB_NOT_REACHED) {
		char *msg = xasprintf("'%s': %s", path, w.chains[0].reason);

		free_chain(&w.chains[0]);
		free(w.chains);
		return fail(res, msg);
	}
	res->chains = w.chains;
	res->nr_chains = w.nr_chains;
	summarize(t, res);
	return 0;
}

/* ------------------------------------------------------------------ */
/* kdev config which                                                  */
/* ------------------------------------------------------------------ */

static const char which_usage[] =
	"usage: kdev config which [--json] [--tree DIR] [O=DIR] [ARCH=ARCH]\n"
	"                         [KCONFIG_CONFIG=FILE] PATH...\n"
	"\n"
	"Show the CONFIG options that decide whether PATH is built: the\n"
	"Kbuild Makefile lines from PATH up to the top of the tree, each\n"
	"option's value in .config, the module it ends up in, and the make\n"
	"command that builds it. PATH is a source file (.c, .S, ...), an\n"
	"object (.o), a module (.ko, or a name such as xt_recent or\n"
	"xt-recent) or a directory.\n"
	"\n"
	"   --tree DIR           the kernel source tree (default: the one\n"
	"                        around the current directory)\n"
	"   O=DIR, --output DIR  the build directory with the .config\n"
	"                        (default: $KBUILD_OUTPUT, else the tree)\n"
	"   ARCH=ARCH            the architecture (default: $ARCH, else the\n"
	"                        .config's, else this machine's)\n"
	"   KCONFIG_CONFIG=FILE  the .config, relative to the build directory\n"
	"                        (default: $KCONFIG_CONFIG, else .config)\n"
	"   --json               print JSON\n"
	"   --enable[=y|m]       then turn the options on, with what they\n"
	"                        need (kdev config enable --deps); m for\n"
	"                        tristates when PATH ends up in a module\n"
	"   -n, --dry-run        with --enable: show what would change\n"
	"   -v, --verbose        say how many Makefiles were read, how fast\n"
	"   -h, --help           this text\n";

struct which_opts {
	int json, verbose;
	const char *tree, *objtree, *arch, *kconfig;
	char *srctree_real;	/* realpath */
	char *objtree_real;	/* realpath, NULL without O= */
	char *config_path;	/* NULL: no .config */
	char *arch_used, *srcarch;
	int need_c;		/* cwd is not the tree: make -C */
	int in_objtree;		/* cwd is the O= directory */
	char *cwd;
};

static int which_usage_error(const char *fmt, const char *arg)
{
	fflush(stdout);
	fputs("error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(which_usage, stderr);
	return 2;
}

static int is_kernel_tree(const char *dir)
{
	static const char *const marks[] = {
		"Makefile", "Kconfig", "scripts/Makefile.build",
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < ARRAY_SIZE(marks) && ok; i++) {
		char *p = xasprintf("%s/%s", dir, marks[i]);

		ok = is_file(p);
		free(p);
	}
	return ok;
}

/* The kernel tree @start is in (realpath), or NULL. */
static char *find_tree_up(const char *start)
{
	char *p = realpath(start, NULL), *slash;

	while (p) {
		if (is_kernel_tree(p))
			return p;
		slash = strrchr(p, '/');
		if (!slash || slash == p) {
			free(p);
			return NULL;
		}
		*slash = '\0';
	}
	return NULL;
}

/* "# Linux/x86_64 6.1.0 Kernel Configuration" -> "x86_64" */
static char *config_arch(const char *buf)
{
	const char *p = strstr(buf, "# Linux/"), *end;

	if (!p || p - buf > 512)
		return NULL;
	p += 8;
	end = p + strcspn(p, " \n");
	return end > p ? xstrndup(p, end - p) : NULL;
}

/* The .config: KCONFIG_CONFIG relative to the build directory. */
static int load_config(struct which_opts *o, struct dotconfig **out)
{
	const char *kc = o->kconfig ? o->kconfig : getenv("KCONFIG_CONFIG");
	const char *base = o->objtree_real ? o->objtree_real : o->srctree_real;
	struct strbuf sb = STRBUF_INIT;
	char *header_arch;

	*out = NULL;
	if (kc && *kc)
		o->config_path = kc[0] == '/' ? xstrdup(kc) :
				 xasprintf("%s/%s", base, kc);
	else
		o->config_path = xasprintf("%s/.config", base);
	if (read_file(o->config_path, &sb)) {
		if (errno != ENOENT || (kc && *kc)) {
			error_errno("cannot read '%s'", o->config_path);
			strbuf_release(&sb);
			return -1;
		}
		note("no .config in '%s': option values are unknown (run "
		     "'make defconfig' there, or give O=DIR)", base);
		free(o->config_path);
		o->config_path = NULL;
		strbuf_release(&sb);
		return 0;
	}
	*out = xcalloc(1, sizeof(**out));
	dotconfig_parse(*out, sb.buf, sb.len, o->config_path, "CONFIG_");
	header_arch = config_arch(sb.buf);
	if (!o->arch && !getenv("ARCH") && header_arch)
		o->arch_used = xstrdup(header_arch);
	free(header_arch);
	strbuf_release(&sb);
	return 0;
}

static void pick_arch(struct which_opts *o)
{
	char *dir;

	if (o->arch)
		o->arch_used = xstrdup(o->arch);
	else if (!o->arch_used && getenv("ARCH") && *getenv("ARCH"))
		o->arch_used = xstrdup(getenv("ARCH"));
	else if (!o->arch_used)
		o->arch_used = kconfig_host_arch();
	o->srcarch = xstrdup(kconfig_srcarch(o->arch_used));
	dir = xasprintf("%s/arch/%s", o->srctree_real, o->srcarch);
	if (!is_dir(dir))
		warning("no arch/%s in '%s': give ARCH=", o->srcarch,
			o->srctree_real);
	free(dir);
}

static int path_exists(const char *p, int *isdir)
{
	struct stat st;

	if (stat(p, &st))
		return 0;
	*isdir = S_ISDIR(st.st_mode);
	return 1;
}

/* @real relative to @root ("" for the root itself), or NULL. */
static const char *under(const char *real, const char *root)
{
	size_t n = root ? strlen(root) : 0;

	if (!n || strncmp(real, root, n))
		return NULL;
	if (!real[n])
		return "";
	if (real[n] == '/')
		return real + n + 1;
	if (!strcmp(root, "/"))
		return real + 1;
	return NULL;
}

/*
 * @arg as the tree sees it: relative to the source tree, directories
 * with a '/' at the end, a bare module name as it is. NULL with the
 * reason in *@err.
 */
static char *tree_path(struct which_opts *o, const char *arg, char **err)
{
	const char *ext = strrchr(arg, '.');
	int build_product = ext && (!strcmp(ext, ".o") || !strcmp(ext, ".ko"));
	const char *bases[3];
	int outside = 0, isdir = 0, i;
	char *tmp;

	/* xt_recent, xt-recent.ko: a module name, unless such a file is here */
	if (!strchr(arg, '/') && (!ext || !strcmp(ext, ".ko"))) {
		tmp = xasprintf("%s/%s", o->srctree_real, arg);
		if (!path_exists(arg, &isdir) && !path_exists(tmp, &isdir)) {
			free(tmp);
			return xstrdup(arg);
		}
		free(tmp);
	}
	bases[0] = arg[0] == '/' ? "" : o->cwd;
	bases[1] = arg[0] == '/' ? NULL : o->srctree_real;
	bases[2] = NULL;
	for (i = 0; bases[i]; i++) {
		char *abs = xasprintf("%s/%s", bases[i], arg);
		char *n = norm_path(abs), *real = NULL, *ret;
		const char *rel;

		free(abs);
		abs = xasprintf("/%s", n);
		free(n);
		if (path_exists(abs, &isdir)) {
			real = realpath(abs, NULL);
		} else if (build_product) {
			char *d = parent_dir(abs), *rd;

			rd = *d ? realpath(d, NULL) : NULL;
			if (rd && is_dir(rd))
				real = xasprintf("%s/%s", rd,
						 strrchr(abs, '/') + 1);
			free(rd);
			free(d);
			isdir = 0;
		}
		free(abs);
		if (!real)
			continue;
		rel = under(real, o->srctree_real);
		if (!rel && o->objtree_real)
			rel = under(real, o->objtree_real);
		if (!rel) {
			outside = 1;
			free(real);
			continue;
		}
		ret = xasprintf("%s%s", rel, isdir && *rel ? "/" : "");
		free(real);
		return ret;
	}
	if (outside)
		*err = xasprintf("'%s' is not in the kernel tree '%s'", arg,
				 o->srctree_real);
	else
		*err = xasprintf("no such file or directory: '%s' (looked "
				 "here and in '%s')", arg, o->srctree_real);
	return NULL;
}

/* "make [-C TREE] [O=DIR] TARGET" quoted for a shell */
static char *make_cmd(const struct which_opts *o, const char *target)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	strvec_push(&argv, "make");
	/* in the build directory its own Makefile knows the rest */
	if (o->need_c && !o->in_objtree)
		strvec_pushl(&argv, "-C", o->srctree_real, NULL);
	if (o->objtree && !o->in_objtree)
		strvec_pushf(&argv, "O=%s", o->need_c ? o->objtree_real :
			     o->objtree);
	strvec_push(&argv, target);
	quote_argv(&sb, argv.v);
	strvec_clear(&argv);
	return strbuf_detach(&sb, NULL);
}

/*
 * What make can build on its own: the object, unless it is only known
 * as part of another one ("#include "idle.c"": build_policy.o) or from
 * a Makefile elsewhere (arch/x86/kvm reads virt/kvm/Makefile.kvm: then
 * that directory).
 */
static char *build_target(const struct kb_result *r)
{
	const struct kb_chain *c = &r->chains[0];
	const char *obj = r->target;
	size_t i = 0, n;
	char *dir, *ret;

	if (r->input == KB_IN_DIR || !c->nr)
		return xstrdup(obj);
	if (c->links[0].kind == KB_LINK_INCLUDE) {
		if (c->nr < 2)
			return xstrdup(obj);
		obj = c->links[1].target;
		i = 1;
	}
	/* the directory's own Makefile, not the file it includes */
	dir = parent_dir(c->links[i].mf ? c->links[i].mf->name :
			 c->links[i].file);
	n = strlen(dir);
	if (!n || (!strncmp(obj, dir, n) && obj[n] == '/'))
		ret = xstrdup(obj);
	else
		ret = xasprintf("%s/", dir);
	free(dir);
	return ret;
}

static void build_cmds(const struct which_opts *o, const struct kb_result *r,
		       struct strvec *out)
{
	int ko = r->module && r->input != KB_IN_DIR &&
		 r->state != KB_BUILTIN && r->state != KB_OTHER;
	char *c, *target;

	/* a module asked for by name: its .ko; otherwise the object */
	if (r->input != KB_IN_MODULE || !ko) {
		target = build_target(r);
		c = make_cmd(o, target);
		strvec_push(out, c);
		free(target);
		free(c);
	}
	if (ko) {
		c = make_cmd(o, r->module);
		strvec_push(out, c);
		free(c);
	}
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void headline(const struct kb_result *r, struct strbuf *sb)
{
	const struct kb_chain *c = &r->chains[0];
	const char *part = NULL;
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (c->links[i].kind == KB_LINK_MEMBER)
			part = c->links[i].holder;
	switch (r->state) {
	case KB_BUILTIN:
		strbuf_addstr(sb, "built-in");
		if (part)
			strbuf_addf(sb, ", part of %s", part);
		for (i = 0; i < c->nr; i++)
			if (c->links[i].kind == KB_LINK_LIB) {
				char *d = parent_dir(c->links[i].target);

				strbuf_addf(sb, ", in %s%slib.a", d,
					    *d ? "/" : "");
				free(d);
				break;
			}
		break;
	case KB_MODULE:
		strbuf_addf(sb, "module %s", base_name(r->module));
		break;
	case KB_MODULES:
		strbuf_addf(sb, "modules only: %s", r->reason);
		break;
	case KB_OTHER:
		strbuf_addstr(sb, r->reason);
		break;
	case KB_NOT_BUILT:
	case KB_UNKNOWN:
		strbuf_addf(sb, "%s: %s", r->state == KB_NOT_BUILT ?
			    "not built" : "unknown", r->reason);
		if (r->module)
			strbuf_addf(sb, " (as a module: %s)",
				    base_name(r->module));
		break;
	case KB_NOT_REACHED:
		strbuf_addf(sb, "not reached from the top: %s", r->reason);
		break;
	}
}

static void print_options(struct strbuf *sb, const struct kb_option *o,
			  size_t nr)
{
	size_t i;

	if (!nr)
		return;
	strbuf_addstr(sb, "  (");
	for (i = 0; i < nr; i++)
		strbuf_addf(sb, "%s%s=%s", i ? " " : "", o[i].name,
			    o[i].value ? o[i].value : "?");
	strbuf_addch(sb, ')');
}

/* The condition nodes of a link, outermost first. */
static size_t link_conds(const struct kb_link *l, int *v, size_t max)
{
	size_t nr = 0, i;
	int c = l->cond_idx;

	if (!l->mf)
		return 0;
	while (c >= 0 && (size_t)c < l->mf->nr_conds && nr < max) {
		v[nr++] = c;
		if (l->mf->conds[c].parent >= c)
			break;
		c = l->mf->conds[c].parent;
	}
	for (i = 0; i < nr / 2; i++) {
		int tmp = v[i];

		v[i] = v[nr - 1 - i];
		v[nr - 1 - i] = tmp;
	}
	return nr;
}

/* One condition around a link, evaluated, with the options it names. */
struct link_cond {
	const struct kb_cond *c;
	int value;		/* 1 true, 0 false, -1 unknown */
	struct kb_option *opts;
	size_t nr_opts;
};

/* The conditions around @l, innermost last; release_link_conds(). */
static size_t collect_link_conds(struct kb_tree *t, const struct kb_link *l,
				 struct link_cond *out, size_t max)
{
	int conds[MAX_IF_DEPTH * 2];
	struct kb_env env;
	size_t nr, i;

	nr = link_conds(l, conds, ARRAY_SIZE(conds));
	if (nr > max)
		nr = max;
	env_for(t, "", &env);
	for (i = 0; i < nr; i++) {
		size_t alloc = 0;

		out[i].c = &l->mf->conds[conds[i]];
		out[i].value = kb_cond_node_eval(l->mf, &env, conds[i]);
		out[i].opts = NULL;
		out[i].nr_opts = 0;
		add_options(&env, out[i].c->arg1, &out[i].opts,
			    &out[i].nr_opts, &alloc);
		add_options(&env, out[i].c->arg2, &out[i].opts,
			    &out[i].nr_opts, &alloc);
	}
	return nr;
}

static void release_link_conds(struct link_cond *lc, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free_options(lc[i].opts, lc[i].nr_opts);
}

static void print_link_text(struct kb_tree *t, const struct kb_link *l,
			    const char *indent, struct strbuf *sb)
{
	struct link_cond lc[MAX_IF_DEPTH * 2];
	size_t nr, i;

	strbuf_addf(sb, "%s%s:%d: %s", indent, l->file, l->line, l->text);
	print_options(sb, l->options, l->nr_options);
	strbuf_addch(sb, '\n');
	nr = collect_link_conds(t, l, lc, ARRAY_SIZE(lc));
	for (i = 0; i < nr; i++) {
		const struct kb_cond *c = lc[i].c;
		int v = lc[i].value;

		/* the top Makefile's own ifs (need-sub-make...) are noise */
		if (!lc[i].nr_opts && v > 0)
			continue;
		strbuf_addf(sb, "%s  under %s:%d: %s%s -> %s", indent,
			    l->mf->files[c->file], c->line,
			    c->negate ? "else of " : "",
			    c->text, v < 0 ? "unknown" : v ? "true" : "false");
		print_options(sb, lc[i].opts, lc[i].nr_opts);
		strbuf_addch(sb, '\n');
	}
	release_link_conds(lc, nr);
}

#define MAX_TEXT_CHAINS 6

static void print_text(struct which_opts *o, struct kb_tree *t,
		       const struct kb_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec cmds = STRVEC_INIT;
	size_t i, j;

	strbuf_addf(&sb, "%s: ", r->path);
	headline(r, &sb);
	strbuf_addch(&sb, '\n');
	for (i = 0; i < r->nr_chains; i++) {
		const struct kb_chain *c = &r->chains[i];

		if (i == MAX_TEXT_CHAINS && r->nr_chains > i + 1) {
			strbuf_addf(&sb, "  ... and %zu more chains (--json "
				    "shows them all)\n", r->nr_chains - i);
			break;
		}
		if (r->nr_chains > 1) {
			strbuf_addf(&sb, "  chain %zu of %zu: %s", i + 1,
				    r->nr_chains, kb_state_name(c->state));
			if (c->state == KB_MODULE)
				strbuf_addf(&sb, " %s", base_name(c->module));
			else if (c->reason)
				strbuf_addf(&sb, ": %s", c->reason);
			strbuf_addch(&sb, '\n');
		}
		for (j = 0; j < c->nr; j++)
			print_link_text(t, &c->links[j],
					r->nr_chains > 1 ? "    " : "  ", &sb);
	}
	build_cmds(o, r, &cmds);
	for (i = 0; i < cmds.nr; i++)
		strbuf_addf(&sb, "  build: %s\n", cmds.v[i]);
	fwrite(sb.buf, 1, sb.len, stdout);
	strvec_clear(&cmds);
	strbuf_release(&sb);
}

static void json_options(struct json_writer *jw, const struct kb_option *o,
			 size_t nr)
{
	size_t i;

	json_array_begin(jw, "options");
	for (i = 0; i < nr; i++) {
		json_object_begin(jw, NULL);
		json_string(jw, "name", o[i].name);
		if (o[i].value)
			json_string(jw, "value", o[i].value);
		else
			json_null(jw, "value");
		json_object_end(jw);
	}
	json_array_end(jw);
}

static void json_str_or_null(struct json_writer *jw, const char *key,
			     const char *s)
{
	if (s)
		json_string(jw, key, s);
	else
		json_null(jw, key);
}

static void json_link(struct json_writer *jw, struct kb_tree *t,
		      const struct kb_link *l)
{
	struct link_cond lc[MAX_IF_DEPTH * 2];
	size_t nr, i;
	char sel[2] = { l->sel, 0 };

	json_object_begin(jw, NULL);
	json_string(jw, "kind", kind_names[l->kind]);
	json_string(jw, "file", l->file);
	json_int(jw, "line", l->line);
	json_string(jw, "text", l->text);
	json_string(jw, "target", l->target);
	if (l->holder)
		json_string(jw, "holder", l->holder);
	json_string(jw, "value", sel);
	json_options(jw, l->options, l->nr_options);
	json_array_begin(jw, "conditions");
	nr = collect_link_conds(t, l, lc, ARRAY_SIZE(lc));
	for (i = 0; i < nr; i++) {
		const struct kb_cond *c = lc[i].c;

		json_object_begin(jw, NULL);
		json_string(jw, "file", l->mf->files[c->file]);
		json_int(jw, "line", c->line);
		json_string(jw, "text", c->text);
		json_string(jw, "branch", c->negate ? "else" : "if");
		if (lc[i].value < 0)
			json_null(jw, "value");
		else
			json_bool(jw, "value", lc[i].value);
		json_options(jw, lc[i].opts, lc[i].nr_opts);
		json_object_end(jw);
	}
	release_link_conds(lc, nr);
	json_array_end(jw);
	json_object_end(jw);
}

static const char *const input_names[] = {
	[KB_IN_SOURCE] = "source", [KB_IN_OBJECT] = "object",
	[KB_IN_MODULE] = "module", [KB_IN_DIR] = "directory",
};

static void print_json(struct which_opts *o, struct kb_tree *t,
		       struct json_writer *jw, const struct kb_result *r)
{
	struct strvec cmds = STRVEC_INIT;
	size_t i, j;

	json_object_begin(jw, NULL);
	json_string(jw, "path", r->path);
	json_string(jw, "target", r->target);
	json_string(jw, "input", input_names[r->input]);
	json_string(jw, "state", kb_state_name(r->state));
	json_str_or_null(jw, "module", r->module);
	json_str_or_null(jw, "reason", r->reason);
	json_options(jw, r->options, r->nr_options);
	build_cmds(o, r, &cmds);
	json_array_begin(jw, "build");
	for (i = 0; i < cmds.nr; i++)
		json_string(jw, NULL, cmds.v[i]);
	json_array_end(jw);
	strvec_clear(&cmds);
	json_array_begin(jw, "chains");
	for (i = 0; i < r->nr_chains; i++) {
		const struct kb_chain *c = &r->chains[i];

		json_object_begin(jw, NULL);
		json_string(jw, "state", kb_state_name(c->state));
		json_str_or_null(jw, "module", c->module);
		json_str_or_null(jw, "reason", c->reason);
		json_array_begin(jw, "links");
		for (j = 0; j < c->nr; j++)
			json_link(jw, t, &c->links[j]);
		json_array_end(jw);
		json_object_end(jw);
	}
	json_array_end(jw);
	json_object_end(jw);
}

static int setup_tree(struct which_opts *o)
{
	char *p;

	o->cwd = getcwd(NULL, 0);
	if (!o->cwd)
		return error_errno("cannot get the current directory");
	if (!o->objtree && getenv("KBUILD_OUTPUT") && *getenv("KBUILD_OUTPUT"))
		o->objtree = getenv("KBUILD_OUTPUT");
	if (o->objtree) {
		o->objtree_real = realpath(o->objtree, NULL);
		if (!o->objtree_real)
			return error_errno("cannot use O=%s", o->objtree);
	}
	if (o->tree) {
		o->srctree_real = realpath(o->tree, NULL);
		if (!o->srctree_real)
			return error_errno("cannot use --tree '%s'", o->tree);
		if (!is_kernel_tree(o->srctree_real))
			return error("'%s' is not a kernel source tree (no "
				     "Makefile, Kconfig and "
				     "scripts/Makefile.build)", o->tree);
	}
	/* a build directory knows its source: O/source */
	if (!o->srctree_real && o->objtree_real) {
		p = xasprintf("%s/source", o->objtree_real);
		o->srctree_real = find_tree_up(p);
		free(p);
	}
	if (!o->srctree_real)
		o->srctree_real = find_tree_up(".");
	if (!o->srctree_real && !o->objtree && is_dir("source") &&
	    is_file(".config")) {
		o->srctree_real = find_tree_up("source");
		if (o->srctree_real) {
			o->objtree = ".";
			o->objtree_real = xstrdup(o->cwd);
		}
	}
	if (!o->srctree_real)
		return error("not in a kernel source tree: run this in one, "
			     "or give --tree DIR");
	p = realpath(".", NULL);
	o->need_c = !p || strcmp(p, o->srctree_real);
	o->in_objtree = p && o->objtree_real && !strcmp(p, o->objtree_real);
	free(p);
	return 0;
}

static void which_opts_release(struct which_opts *o)
{
	free(o->srctree_real);
	free(o->objtree_real);
	free(o->config_path);
	free(o->arch_used);
	free(o->srcarch);
	free(o->cwd);
}

int kbuild_which_main(int argc, char **argv)
{
	return kbuild_which(argc, argv, NULL);
}

/* Each option the results name, as "CONFIG_X" or "CONFIG_X:m" when
   the file ends up in a module. */
static void collect_options(const struct kb_result *r, struct strvec *out)
{
	size_t j;

	for (j = 0; j < r->nr_options; j++)
		strvec_pushf(out, "%s%s", r->options[j].name,
			     r->module ? ":m" : "");
}

int kbuild_which(int argc, char **argv, struct strvec *options)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "tree", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'O' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct which_opts o = { 0 };
	struct strvec paths = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	struct dotconfig *config = NULL;
	struct kb_tree *t = NULL;
	int opt, i, ret = 0;
	long start = monotonic_ms();

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":hv", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(which_usage, stdout);
			return 0;
		case 'j':
			o.json = 1;
			break;
		case 't':
			o.tree = optarg;
			break;
		case 'O':
			o.objtree = optarg;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case ':':
			return which_usage_error("option '%s' needs a value",
						 argv[optind - 1]);
		default:
			return which_usage_error("unknown option '%s'",
						 argv[optind - 1]);
		}
	}
	for (i = optind; i < argc; i++) {
		const char *v;

		if (skip_prefix(argv[i], "O=", &v))
			o.objtree = v;
		else if (skip_prefix(argv[i], "ARCH=", &v))
			o.arch = v;
		else if (skip_prefix(argv[i], "KCONFIG_CONFIG=", &v))
			o.kconfig = v;
		else
			strvec_push(&paths, argv[i]);
	}
	if (!paths.nr) {
		strvec_clear(&paths);
		return which_usage_error("%s", "which file? give a PATH");
	}
	if (o.objtree && !*o.objtree)
		o.objtree = NULL;
	if (setup_tree(&o) || load_config(&o, &config)) {
		ret = 1;
		goto out;
	}
	pick_arch(&o);
	t = kb_tree_new(o.srctree_real, o.srcarch, o.arch_used, config);
	if (o.json) {
		json_init(&jw, &out, 1);
		json_object_begin(&jw, NULL);
		json_string(&jw, "srctree", o.srctree_real);
		json_str_or_null(&jw, "objtree", o.objtree_real);
		json_str_or_null(&jw, "config", o.config_path);
		json_string(&jw, "arch", o.arch_used);
		json_string(&jw, "srcarch", o.srcarch);
		json_array_begin(&jw, "results");
	}
	for (i = 0; i < (int)paths.nr; i++) {
		struct kb_result r;
		char *msg = NULL, *rel = tree_path(&o, paths.v[i], &msg);

		if (!rel) {
			error("%s", msg);
			ret = 1;
			if (o.json) {
				json_object_begin(&jw, NULL);
				json_string(&jw, "path", paths.v[i]);
				json_string(&jw, "error", msg);
				json_object_end(&jw);
			}
			free(msg);
			continue;
		}
		if (kb_which(t, rel, &r)) {
			error("%s", r.reason);
			ret = 1;
			if (o.json) {
				json_object_begin(&jw, NULL);
				json_string(&jw, "path", rel);
				json_string(&jw, "error", r.reason);
				json_object_end(&jw);
			}
		} else if (o.json) {
			print_json(&o, t, &jw, &r);
			if (options)
				collect_options(&r, options);
		} else {
			if (options)
				collect_options(&r, options);
			if (i)
				putchar('\n');
			print_text(&o, t, &r);
		}
		kb_result_release(&r);
		free(rel);
	}
	if (o.json) {
		json_array_end(&jw);
		json_object_end(&jw);
		fwrite(out.buf, 1, out.len, stdout);
	}
	if (o.verbose)
		note("read %zu Kbuild files in %ld ms", kb_tree_files_read(t),
		     monotonic_ms() - start);
out:
	kb_tree_free(t);
	if (!t && config) {
		dotconfig_release(config);
		free(config);
	}
	strbuf_release(&out);
	strvec_clear(&paths);
	which_opts_release(&o);
	fflush(stdout);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Perl-syntax regular expressions, matched by NFA simulation.
 * The pattern is parsed into a tree, the tree compiled into a program
 * of byte-set, split, jump and assertion instructions, and the program
 * run over the text with one list of live threads per position.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "litscan.h"
#include "regex.h"

#define MAX_PROG 60000		/* instructions, after {n,m} expansion */
#define MAX_REPEAT 1000
#define MAX_NEST 200

enum { N_SET, N_ASSERT, N_CAT, N_ALT, N_REPEAT, N_EMPTY };
enum { A_BOL, A_EOL, A_MBOL, A_MEOL, A_BOT, A_EOT, A_EOTNL, A_WORDB,
       A_NWORDB };

struct node {
	int type;
	int kind;		/* N_ASSERT: A_*; N_SET: index of its set */
	int min, max;		/* N_REPEAT; max -1: no limit */
	int *kids;		/* N_CAT, N_ALT, N_REPEAT (one) */
	int nr_kids;
	size_t alloc_kids;
};

struct byteset {
	uint8_t bits[32];
};

enum { I_SET, I_SPLIT, I_JMP, I_ASSERT, I_MATCH };

struct insn {
	int op;
	int x, y;		/* I_SET: set; I_SPLIT: x, y; I_JMP: x; */
};

#define LIT_MAX 63

struct lit {
	char s[LIT_MAX + 1];
	int len, icase;
};

struct kre {
	struct insn *prog;
	int nr;
	struct byteset *sets;
	int nr_sets;
	int anchored;		/* starts with ^ (not /m) or \A */
	struct byteset first;	/* bytes a match can start with */
	int first_any;		/* ... or it can start anywhere */
	char lit[64];		/* a string every match contains */
	int lit_len, lit_icase;
	/*
	 * When the one string every match contains is short or missing:
	 * strings one of which every match contains (the branches of
	 * "clang|llvm").
	 */
	struct lit *any;
	int nr_any;
	int one_line;		/* no step takes a newline: a match is in a line */
	struct byteset take;	/* the bytes any step takes */
};

struct parser {
	const char *p, *end;
	const char *err;
	struct node *nodes;
	int nr_nodes;
	size_t alloc_nodes;
	struct byteset *sets;
	int nr_sets;
	size_t alloc_sets;
	int depth;
};

static void set_add(struct byteset *s, int c)
{
	s->bits[(c & 0xff) >> 3] |= 1 << (c & 7);
}

static int set_has(const struct byteset *s, int c)
{
	return s->bits[(c & 0xff) >> 3] >> (c & 7) & 1;
}

static int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int new_node(struct parser *ps, int type)
{
	struct node *n;

	ALLOC_GROW(ps->nodes, ps->nr_nodes + 1, ps->alloc_nodes);
	n = &ps->nodes[ps->nr_nodes];
	memset(n, 0, sizeof(*n));
	n->type = type;
	return ps->nr_nodes++;
}

static void add_kid(struct parser *ps, int parent, int kid)
{
	struct node *n = &ps->nodes[parent];

	ALLOC_GROW(n->kids, n->nr_kids + 1, n->alloc_kids);
	n->kids[n->nr_kids++] = kid;
}

static int new_set(struct parser *ps, struct byteset **out)
{
	int n;

	ALLOC_GROW(ps->sets, ps->nr_sets + 1, ps->alloc_sets);
	memset(&ps->sets[ps->nr_sets], 0, sizeof(struct byteset));
	n = new_node(ps, N_SET);
	ps->nodes[n].kind = ps->nr_sets++;
	*out = &ps->sets[ps->nodes[n].kind];
	return n;
}

static void fold_set(struct byteset *s)
{
	int c;

	for (c = 'a'; c <= 'z'; c++) {
		if (set_has(s, c) || set_has(s, c - 32)) {
			set_add(s, c);
			set_add(s, c - 32);
		}
	}
}

static int set_node_char(struct parser *ps, int c, int flags)
{
	struct byteset *s;
	int n = new_set(ps, &s);

	set_add(s, c);
	if (flags & KRE_ICASE)
		fold_set(s);
	return n;
}

/* \d \w \s and negations into @s; 0 if @c is not one of them */
static int class_escape(struct byteset *s, int c)
{
	struct byteset t = { { 0 } };
	int i, neg = 0;

	switch (c) {
	case 'D': neg = 1; /* fall through */
	case 'd':
		for (i = '0'; i <= '9'; i++)
			set_add(&t, i);
		break;
	case 'W': neg = 1; /* fall through */
	case 'w':
		for (i = 0; i < 256; i++)
			if (is_word(i))
				set_add(&t, i);
		break;
	case 'S': neg = 1; /* fall through */
	case 's':
		for (i = 0; i < 256; i++)
			if (is_space(i))
				set_add(&t, i);
		break;
	case 'H': neg = 1; /* fall through */
	case 'h':
		set_add(&t, ' ');
		set_add(&t, '\t');
		break;
	default:
		return 0;
	}
	for (i = 0; i < 32; i++)
		s->bits[i] |= neg ? (uint8_t)~t.bits[i] : t.bits[i];
	return 1;
}

/*
 * A single-character escape after the backslash at ps->p (which points
 * past the backslash): \n \t \xHH \x{H..} \0oo and escaped punctuation.
 * Returns the byte, or -1 with ps->err set.
 */
static int char_escape(struct parser *ps)
{
	int c = (unsigned char)*ps->p++, v = 0, n = 0;

	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'f': return '\f';
	case 'e': return 27;
	case 'a': return 7;
	case 'x':
		if (ps->p < ps->end && *ps->p == '{') {
			ps->p++;
			while (ps->p < ps->end && *ps->p != '}') {
				if (hexval(*ps->p) < 0 || ++n > 2) {
					ps->err = "bad \\x{...} escape";
					return -1;
				}
				v = v * 16 + hexval(*ps->p++);
			}
			if (ps->p >= ps->end) {
				ps->err = "missing } in \\x{...}";
				return -1;
			}
			ps->p++;
			return v;
		}
		while (n < 2 && ps->p < ps->end && hexval(*ps->p) >= 0) {
			v = v * 16 + hexval(*ps->p++);
			n++;
		}
		return v;
	case '0':
		while (n < 2 && ps->p < ps->end && *ps->p >= '0' && *ps->p <= '7') {
			v = v * 8 + (*ps->p++ - '0');
			n++;
		}
		return v;
	}
	if ((c >= '1' && c <= '9') || c == 'k' || c == 'g') {
		ps->err = "back-references are not supported";
		return -1;
	}
	if (c == 'p' || c == 'P' || c == 'X' || c == 'N' || c == 'R' ||
	    c == 'K' || c == 'G' || c == 'Q' || c == 'E' || c == 'l' ||
	    c == 'u' || c == 'L' || c == 'U' || c == 'c' || c == 'o') {
		ps->err = "unsupported escape";
		return -1;
	}
	return c;
}

/* in the order posix_has() knows them */
static const char *const posix_classes[] = {
	"alpha", "digit", "alnum", "space", "upper", "lower", "punct",
	"xdigit", "word", "blank", "print", "graph", "cntrl",
};

static int posix_has(int which, int c)
{
	int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	int digit = c >= '0' && c <= '9';

	switch (which) {
	case 0: return alpha;
	case 1: return digit;
	case 2: return alpha || digit;
	case 3: return is_space(c);
	case 4: return c >= 'A' && c <= 'Z';
	case 5: return c >= 'a' && c <= 'z';
	case 6: return c > 32 && c < 127 && !alpha && !digit;
	case 7: return digit || hexval(c) >= 0;
	case 8: return is_word(c);
	case 9: return c == ' ' || c == '\t';
	case 10: return c >= 32 && c < 127;
	case 11: return c > 32 && c < 127;
	default: return c < 32 || c == 127;
	}
}

/* [...] with ps->p just past the '[' */
static int parse_class(struct parser *ps, int flags)
{
	struct byteset *s;
	int n = new_set(ps, &s), neg = 0, first = 1, i;

	if (ps->p < ps->end && *ps->p == '^') {
		neg = 1;
		ps->p++;
	}
	for (;;) {
		int lo, hi, is_set = 0;

		if (ps->p >= ps->end) {
			ps->err = "unmatched [";
			return -1;
		}
		if (*ps->p == ']' && !first)
			break;
		first = 0;
		if (*ps->p == '[' && ps->p + 1 < ps->end && ps->p[1] == ':') {
			const char *q = ps->p + 2, *e = q;
			int pneg = 0;

			if (e < ps->end && *e == '^') {
				pneg = 1;
				q = ++e;
			}
			while (e < ps->end && *e != ':')
				e++;
			if (e + 1 < ps->end && e[1] == ']') {
				for (i = 0; i < (int)ARRAY_SIZE(posix_classes); i++)
					if (strlen(posix_classes[i]) ==
					    (size_t)(e - q) &&
					    !memcmp(posix_classes[i], q, e - q))
						break;
				if (i == (int)ARRAY_SIZE(posix_classes)) {
					ps->err = "unknown POSIX class";
					return -1;
				}
				for (lo = 0; lo < 256; lo++)
					if (posix_has(i, lo) != pneg)
						set_add(s, lo);
				ps->p = e + 2;
				continue;
			}
		}
		lo = (unsigned char)*ps->p++;
		if (lo == '\\') {
			if (ps->p >= ps->end) {
				ps->err = "trailing \\ in class";
				return -1;
			}
			if (class_escape(s, *ps->p)) {
				ps->p++;
				is_set = 1;
			} else if (*ps->p == 'b') {
				ps->p++;
				lo = '\b';
			} else {
				lo = char_escape(ps);
				if (lo < 0)
					return -1;
			}
		}
		if (is_set)
			continue;
		hi = lo;
		if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
			ps->p++;
			hi = (unsigned char)*ps->p++;
			if (hi == '\\') {
				if (ps->p >= ps->end) {
					ps->err = "trailing \\ in class";
					return -1;
				}
				if (strchr("dDwWsShH", *ps->p)) {
					/* "a-\d": a, -, and the digits */
					set_add(s, lo);
					set_add(s, '-');
					class_escape(s, *ps->p++);
					continue;
				}
				hi = char_escape(ps);
				if (hi < 0)
					return -1;
			}
			if (hi < lo) {
				ps->err = "invalid range in class";
				return -1;
			}
		}
		for (i = lo; i <= hi; i++)
			set_add(s, i);
	}
	ps->p++;	/* ] */
	s = &ps->sets[ps->nodes[n].kind];
	if (flags & KRE_ICASE)
		fold_set(s);
	if (neg)
		for (i = 0; i < 32; i++)
			s->bits[i] = ~s->bits[i];
	return n;
}

static void skip_x(struct parser *ps, int flags)
{
	if (!(flags & KRE_EXTENDED))
		return;
	while (ps->p < ps->end) {
		if (is_space((unsigned char)*ps->p)) {
			ps->p++;
		} else if (*ps->p == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else {
			break;
		}
	}
}

static int parse_alt(struct parser *ps, int *flags);

static int assert_node(struct parser *ps, int kind)
{
	int n = new_node(ps, N_ASSERT);

	ps->nodes[n].kind = kind;
	return n;
}

/*
 * Inline flags after "(?": "i)", "-i)", "i:...)". Returns the node for
 * a (?flags:...) group, -2 for a bare (?flags) (flags changed in place),
 * -1 on error.
 */
static int parse_flags_group(struct parser *ps, int *flags)
{
	int on = 0, off = 0, *cur = &on, f, n;

	while (ps->p < ps->end && *ps->p != ')' && *ps->p != ':') {
		switch (*ps->p) {
		case 'i': f = KRE_ICASE; break;
		case 'x': f = KRE_EXTENDED; break;
		case 's': f = KRE_DOTALL; break;
		case 'm': f = KRE_MULTILINE; break;
		case 'n': case 'p': case 'a': case 'u': case 'l': case 'd':
			f = 0;
			break;
		case '-': cur = &off; f = 0; break;
		case '^': f = 0; break;
		default:
			ps->err = "unsupported (?...) construct";
			return -1;
		}
		*cur |= f;
		ps->p++;
	}
	if (ps->p >= ps->end) {
		ps->err = "unmatched (";
		return -1;
	}
	if (*ps->p == ')') {
		ps->p++;
		*flags = (*flags | on) & ~off;
		return -2;
	}
	ps->p++;	/* : */
	f = (*flags | on) & ~off;
	n = parse_alt(ps, &f);
	if (n < 0)
		return -1;
	if (ps->p >= ps->end || *ps->p != ')') {
		ps->err = "unmatched (";
		return -1;
	}
	ps->p++;
	return n;
}

/* One atom; -2 for something that matches nothing (a bare (?i)). */
static int parse_atom(struct parser *ps, int *flags)
{
	int c = (unsigned char)*ps->p, n;
	struct byteset *s;

	switch (c) {
	case '(':
		ps->p++;
		if (++ps->depth > MAX_NEST) {
			ps->err = "groups nested too deeply";
			return -1;
		}
		if (ps->p < ps->end && *ps->p == '?') {
			ps->p++;
			if (ps->p < ps->end && (*ps->p == '=' || *ps->p == '!' ||
						*ps->p == '<' || *ps->p == '>' ||
						*ps->p == '#' || *ps->p == '(' ||
						*ps->p == 'P' || *ps->p == '|' ||
						*ps->p == '\'' || *ps->p == '{' ||
						*ps->p == '?' || *ps->p == '&' ||
						*ps->p == 'R' || *ps->p == '+' ||
						(*ps->p >= '0' && *ps->p <= '9'))) {
				ps->err = "unsupported (?...) construct";
				return -1;
			}
			n = parse_flags_group(ps, flags);
			ps->depth--;
			return n;
		} else {
			int f = *flags;

			n = parse_alt(ps, &f);
			if (n < 0)
				return -1;
			if (ps->p >= ps->end || *ps->p != ')') {
				ps->err = "unmatched (";
				return -1;
			}
			ps->p++;
		}
		ps->depth--;
		return n;
	case '[':
		ps->p++;
		return parse_class(ps, *flags);
	case '.':
		ps->p++;
		n = new_set(ps, &s);
		memset(s->bits, 0xff, sizeof(s->bits));
		if (!(*flags & KRE_DOTALL))
			s->bits['\n' >> 3] &= ~(1 << ('\n' & 7));
		return n;
	case '^':
		ps->p++;
		return assert_node(ps, *flags & KRE_MULTILINE ? A_MBOL : A_BOL);
	case '$':
		ps->p++;
		return assert_node(ps, *flags & KRE_MULTILINE ? A_MEOL : A_EOL);
	case '*': case '+': case '?':
		ps->err = "quantifier follows nothing";
		return -1;
	case '\\':
		ps->p++;
		if (ps->p >= ps->end) {
			ps->err = "trailing \\";
			return -1;
		}
		c = (unsigned char)*ps->p;
		switch (c) {
		case 'b': ps->p++; return assert_node(ps, A_WORDB);
		case 'B': ps->p++; return assert_node(ps, A_NWORDB);
		case 'A': ps->p++; return assert_node(ps, A_BOT);
		case 'z': ps->p++; return assert_node(ps, A_EOT);
		case 'Z': ps->p++; return assert_node(ps, A_EOTNL);
		}
		if (strchr("dDwWsShH", c)) {
			ps->p++;
			n = new_set(ps, &s);
			class_escape(s, c);
			return n;
		}
		c = char_escape(ps);
		if (c < 0)
			return -1;
		return set_node_char(ps, c, *flags);
	}
	ps->p++;
	return set_node_char(ps, c, *flags);
}

/* {n}, {n,}, {n,m} at ps->p; 0 if it is not one (then '{' is literal) */
static int parse_braces(struct parser *ps, int *min, int *max)
{
	const char *q = ps->p + 1;
	long a = 0, b;
	int digits = 0;

	while (q < ps->end && *q >= '0' && *q <= '9' && digits < 9) {
		a = a * 10 + (*q++ - '0');
		digits++;
	}
	if (!digits || q >= ps->end)
		return 0;
	b = a;
	if (*q == ',') {
		q++;
		b = -1;
		digits = 0;
		if (q < ps->end && *q >= '0' && *q <= '9') {
			b = 0;
			while (q < ps->end && *q >= '0' && *q <= '9' &&
			       digits < 9) {
				b = b * 10 + (*q++ - '0');
				digits++;
			}
		}
	}
	if (q >= ps->end || *q != '}')
		return 0;
	*min = (int)a;
	*max = (int)b;
	ps->p = q + 1;
	return 1;
}

static int parse_repeat(struct parser *ps, int *flags)
{
	int atom, min, max, n;

	atom = parse_atom(ps, flags);
	if (atom < 0)
		return atom;
	for (;;) {
		skip_x(ps, *flags);
		if (ps->p >= ps->end)
			return atom;
		switch (*ps->p) {
		case '*': min = 0; max = -1; ps->p++; break;
		case '+': min = 1; max = -1; ps->p++; break;
		case '?': min = 0; max = 1; ps->p++; break;
		case '{':
			if (!parse_braces(ps, &min, &max))
				return atom;
			break;
		default:
			return atom;
		}
		if ((max >= 0 && max < min) || min > MAX_REPEAT ||
		    max > MAX_REPEAT) {
			ps->err = "bad repeat count";
			return -1;
		}
		if (ps->nodes[atom].type == N_REPEAT) {
			ps->err = "nested quantifiers";
			return -1;
		}
		/* lazy and possessive forms: the same yes/no answer */
		if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
			ps->p++;
		n = new_node(ps, N_REPEAT);
		ps->nodes[n].min = min;
		ps->nodes[n].max = max;
		add_kid(ps, n, atom);
		atom = n;
	}
}

static int parse_cat(struct parser *ps, int *flags)
{
	int cat = new_node(ps, N_CAT), n;

	for (;;) {
		skip_x(ps, *flags);
		if (ps->p >= ps->end || *ps->p == '|' || *ps->p == ')')
			return cat;
		n = parse_repeat(ps, flags);
		if (n == -1)
			return -1;
		if (n >= 0)
			add_kid(ps, cat, n);
	}
}

static int parse_alt(struct parser *ps, int *flags)
{
	int alt = new_node(ps, N_ALT), n;

	for (;;) {
		n = parse_cat(ps, flags);
		if (n < 0)
			return -1;
		add_kid(ps, alt, n);
		if (ps->p >= ps->end || *ps->p != '|')
			return alt;
		ps->p++;
	}
}

struct compiler {
	struct parser *ps;
	struct insn *prog;
	int nr;
	size_t alloc;
	int too_big;
};

static int emit(struct compiler *c, int op, int x, int y)
{
	if (c->nr >= MAX_PROG) {
		c->too_big = 1;
		return c->nr;
	}
	ALLOC_GROW(c->prog, c->nr + 1, c->alloc);
	c->prog[c->nr].op = op;
	c->prog[c->nr].x = x;
	c->prog[c->nr].y = y;
	return c->nr++;
}

static void compile_node(struct compiler *c, int idx)
{
	const struct node *n = &c->ps->nodes[idx];
	int i, split = 0, nj;

	if (c->too_big)
		return;
	switch (n->type) {
	case N_SET:
		emit(c, I_SET, n->kind, 0);
		break;
	case N_ASSERT:
		emit(c, I_ASSERT, n->kind, 0);
		break;
	case N_CAT:
		for (i = 0; i < n->nr_kids; i++)
			compile_node(c, c->ps->nodes[idx].kids[i]);
		break;
	case N_ALT:
		if (n->nr_kids == 1) {
			compile_node(c, n->kids[0]);
			break;
		}
		/* SPLIT k0, next; k0; JMP end; SPLIT k1, next; ... kN */
		{
			int *ends = xcalloc(n->nr_kids, sizeof(int));
			int kids = n->nr_kids;

			for (i = 0; i < kids; i++) {
				if (i < kids - 1) {
					split = emit(c, I_SPLIT, 0, 0);
					if (c->too_big)
						break;
					c->prog[split].x = c->nr;
				}
				compile_node(c, c->ps->nodes[idx].kids[i]);
				if (c->too_big)
					break;
				if (i < kids - 1) {
					ends[i] = emit(c, I_JMP, 0, 0);
					if (c->too_big)
						break;
					c->prog[split].y = c->nr;
				}
			}
			if (!c->too_big)
				for (i = 0; i < kids - 1; i++)
					c->prog[ends[i]].x = c->nr;
			free(ends);
		}
		break;
	case N_REPEAT: {
		int kid = n->kids[0], min = n->min, max = n->max, loop;

		for (i = 0; i < min && !c->too_big; i++)
			compile_node(c, kid);
		if (max < 0) {
			loop = emit(c, I_SPLIT, 0, 0);
			if (c->too_big)
				break;
			c->prog[loop].x = c->nr;
			compile_node(c, kid);
			emit(c, I_JMP, loop, 0);
			if (!c->too_big)
				c->prog[loop].y = c->nr;
			break;
		}
		/* (kid (kid (...)?)?)? as a chain of splits to the end */
		nj = 0;
		{
			int *sp = xcalloc(max - min + 1, sizeof(int));

			for (i = 0; i < max - min && !c->too_big; i++) {
				sp[nj] = emit(c, I_SPLIT, 0, 0);
				if (c->too_big)
					break;
				c->prog[sp[nj]].x = c->nr;
				nj++;
				compile_node(c, kid);
			}
			if (!c->too_big)
				for (i = 0; i < nj; i++)
					c->prog[sp[i]].y = c->nr;
			free(sp);
		}
		break;
	}
	case N_EMPTY:
		break;
	}
}

static int at_assert(int kind, const unsigned char *t, size_t len, size_t i)
{
	int before, after;

	switch (kind) {
	case A_BOL:
	case A_BOT:
		return i == 0;
	case A_MBOL:
		return i == 0 || t[i - 1] == '\n';
	case A_EOL:
	case A_EOTNL:
		return i == len || (i == len - 1 && t[i] == '\n');
	case A_MEOL:
		return i == len || t[i] == '\n';
	case A_EOT:
		return i == len;
	case A_WORDB:
	case A_NWORDB:
		before = i > 0 && is_word(t[i - 1]);
		after = i < len && is_word(t[i]);
		return (before != after) == (kind == A_WORDB);
	}
	return 0;
}

/* The bytes a match can begin with (assertions ignored: a superset). */
static void first_set(struct kre *re)
{
	int *stack = xmalloc(sizeof(int) * (re->nr + 1));
	uint8_t *seen = xcalloc(re->nr + 1, 1);
	int sp = 0, pc, i;

	stack[sp++] = 0;
	while (sp) {
		pc = stack[--sp];
		if (pc >= re->nr || seen[pc])
			continue;
		seen[pc] = 1;
		switch (re->prog[pc].op) {
		case I_SET:
			for (i = 0; i < 32; i++)
				re->first.bits[i] |= re->sets[re->prog[pc].x].bits[i];
			break;
		case I_SPLIT:
			stack[sp++] = re->prog[pc].y;
			stack[sp++] = re->prog[pc].x;
			break;
		case I_JMP:
			stack[sp++] = re->prog[pc].x;
			break;
		case I_ASSERT:
			stack[sp++] = pc + 1;
			break;
		case I_MATCH:
			re->first_any = 1;
			break;
		}
	}
	free(stack);
	free(seen);
}



/* The one byte a set matches (lower case for a case pair), or -1. */
static int set_char(const struct byteset *b, int *icase)
{
	int i, n = 0, one = -1;

	for (i = 0; i < 32; i++) {
		if (!b->bits[i])
			continue;
		n += __builtin_popcount(b->bits[i]);
		if (n > 2)
			return -1;
		if (one < 0)
			one = i * 8 + __builtin_ctz(b->bits[i]);
	}
	*icase = 0;
	if (n == 1)
		return one;
	/* two: 'A' and 'a' */
	if (n == 2 && one >= 'A' && one <= 'Z' && set_has(b, one + 32)) {
		*icase = 1;
		return one + 32;
	}
	return -1;
}

static void lit_better(struct lit *best, const struct lit *cand)
{
	if (cand->len > best->len)
		*best = *cand;
}

static int lit_fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Is @needle in @hay (both @icase: compare folded)? */
static int lit_in(const char *hay, int hl, const char *needle, int nl,
		  int icase)
{
	int i, j;

	for (i = 0; i + nl <= hl; i++) {
		for (j = 0; j < nl; j++) {
			int a = (unsigned char)hay[i + j];
			int b = (unsigned char)needle[j];

			if (icase ? lit_fold(a) != lit_fold(b) : a != b)
				break;
		}
		if (j == nl)
			return 1;
	}
	return 0;
}

/* The longest literal every match of node @idx must contain. */
static void required_literal(const struct parser *ps, int idx, struct lit *out)
{
	const struct node *n = &ps->nodes[idx];
	struct lit run = { { 0 }, 0, 0 }, kid;
	int i, c, ic;

	memset(out, 0, sizeof(*out));
	switch (n->type) {
	case N_SET:
		c = set_char(&ps->sets[n->kind], &ic);
		if (c >= 0) {
			out->s[0] = (char)c;
			out->len = 1;
			out->icase = ic;
		}
		return;
	case N_CAT:
		for (i = 0; i < n->nr_kids; i++) {
			const struct node *k = &ps->nodes[n->kids[i]];

			if (k->type == N_ASSERT)
				continue;	/* zero-width: the run goes on */
			if (k->type == N_SET &&
			    (c = set_char(&ps->sets[k->kind], &ic)) >= 0 &&
			    run.len < LIT_MAX) {
				run.s[run.len++] = (char)c;
				run.icase |= ic;
				continue;
			}
			lit_better(out, &run);
			memset(&run, 0, sizeof(run));
			required_literal(ps, n->kids[i], &kid);
			lit_better(out, &kid);
		}
		lit_better(out, &run);
		return;
	case N_ALT: {
		struct lit *alts;
		int shortest = 0, len, st;

		if (n->nr_kids == 1) {
			required_literal(ps, n->kids[0], out);
			return;
		}
		alts = xcalloc(n->nr_kids, sizeof(*alts));
		for (i = 0; i < n->nr_kids; i++) {
			required_literal(ps, n->kids[i], &alts[i]);
			if (!alts[i].len)
				goto done;
			if (alts[i].len < alts[shortest].len)
				shortest = i;
		}
		ic = 0;
		for (i = 0; i < n->nr_kids; i++)
			ic |= alts[i].icase;
		/* the longest piece of the shortest that all of them hold */
		for (len = alts[shortest].len; len > 0 && !out->len; len--)
			for (st = 0; st + len <= alts[shortest].len; st++) {
				for (i = 0; i < n->nr_kids; i++)
					if (!lit_in(alts[i].s, alts[i].len,
						    alts[shortest].s + st, len, ic))
						break;
				if (i == n->nr_kids) {
					memcpy(out->s, alts[shortest].s + st, len);
					out->len = len;
					out->icase = ic;
					break;
				}
			}
done:
		free(alts);
		return;
	}
	case N_REPEAT:
		if (n->min >= 1)
			required_literal(ps, n->kids[0], out);
		return;
	}
}

#define ANY_MAX KRE_NEED_MAX

/*
 * What a node tells of the strings in its matches: all the strings it
 * can match, when they are few (ex; nr_ex -1: too many or unknown), and
 * strings one of which every match contains (one; nr_one 0: none
 * known). "\bdma_(?:buf|fence|resv)\b" can match exactly "dma_buf",
 * "dma_fence" or "dma_resv", which says more than the "dma_" every
 * match has: "dma_" is on many lines of a driver, the three often on
 * none.
 */
struct req {
	struct lit ex[ANY_MAX];
	int nr_ex;
	struct lit one[ANY_MAX];
	int nr_one;
};

/* How much a set of strings one of which is in every match filters */
static int set_worth(const struct lit *l, int nr)
{
	int i, min = INT_MAX;

	if (!nr)
		return -1;
	for (i = 0; i < nr; i++)
		if (l[i].len < min)
			min = l[i].len;
	return min;
}

/*
 * Drop from @l what another of them says more surely: a string holding
 * another ("_bpf" when "bpf" is there too) and repeats. Returns how
 * many are left.
 */
static int set_trim(struct lit *l, int nr)
{
	int i, j, out = 0;

	for (i = 0; i < nr; i++) {
		for (j = 0; j < nr; j++) {
			/* "abc" does not say "ABC" is there: (?i)abc does */
			if (j == i || (l[i].icase && !l[j].icase))
				continue;
			if (l[j].len < l[i].len ||
			    (l[j].len == l[i].len && j < i &&
			     l[j].icase == l[i].icase))
				if (lit_in(l[i].s, l[i].len, l[j].s, l[j].len,
					   l[j].icase))
					break;
		}
		if (j == nr)
			l[out++] = l[i];
	}
	return out;
}

/* Keep @l (@nr of them) as req's "one of" set if it says more. */
static void set_offer(struct req *r, const struct lit *l, int nr)
{
	struct lit t[ANY_MAX];
	int w, have;

	if (nr <= 0 || nr > ANY_MAX)
		return;
	/* trimming drops no shortest string: the worth stays */
	w = set_worth(l, nr);
	have = set_worth(r->one, r->nr_one);
	if (w < 1 || w < have || (w == have && nr == 1 && r->nr_one == 1))
		return;
	memcpy(t, l, nr * sizeof(*t));
	nr = set_trim(t, nr);
	if (w == have && nr >= r->nr_one)
		return;
	memcpy(r->one, t, nr * sizeof(*t));
	r->nr_one = nr;
}

/* @b's strings after @a's; *nr_a -1 when they do not fit (or did not) */
static void set_join(struct lit *a, int *nr_a, const struct lit *b, int nr_b)
{
	if (*nr_a < 0 || nr_b < 0 || *nr_a + nr_b > ANY_MAX) {
		*nr_a = -1;
		return;
	}
	memcpy(a + *nr_a, b, nr_b * sizeof(*b));
	*nr_a += nr_b;
}

/* Each of @a followed by each of @b, into @a; 0 when they do not fit. */
static int set_cross(struct lit *a, int *nr_a, const struct lit *b, int nr_b)
{
	struct lit t[ANY_MAX];
	int i, j, k, n = 0;

	if (*nr_a * nr_b > ANY_MAX)
		return 0;
	for (i = 0; i < *nr_a; i++)
		for (j = 0; j < nr_b; j++) {
			if (a[i].len + b[j].len > LIT_MAX)
				return 0;
			t[n] = a[i];
			memcpy(t[n].s + a[i].len, b[j].s, b[j].len);
			t[n].len += b[j].len;
			t[n].s[t[n].len] = '\0';
			/* one part that ignores case: all of it does */
			t[n].icase |= b[j].icase;
			if (t[n].icase)
				for (k = 0; k < t[n].len; k++)
					t[n].s[k] = (char)lit_fold(
						(unsigned char)t[n].s[k]);
			n++;
		}
	memcpy(a, t, n * sizeof(*t));
	*nr_a = n;
	return 1;
}

static void required_set(const struct parser *ps, int idx, struct req *out)
{
	const struct node *n = &ps->nodes[idx];
	struct req *kid;
	struct lit cur[ANY_MAX];
	int i, c, ic, nr_cur, exact;

	/* the arrays are written before they are read */
	out->nr_ex = -1;
	out->nr_one = 0;
	switch (n->type) {
	case N_SET:
		c = set_char(&ps->sets[n->kind], &ic);
		if (c >= 0) {
			memset(&out->ex[0], 0, sizeof(out->ex[0]));
			out->ex[0].s[0] = (char)c;
			out->ex[0].len = 1;
			out->ex[0].icase = ic;
			out->nr_ex = 1;
			set_offer(out, out->ex, 1);
			return;
		}
		/* a small class, "[-_]": each of its bytes */
		for (c = 0, i = 0; c < 32; c++)
			i += __builtin_popcount(ps->sets[n->kind].bits[c]);
		if (i > 4)
			return;
		for (c = 0, i = 0; c < 256; c++)
			if (set_has(&ps->sets[n->kind], c)) {
				memset(&out->ex[i], 0, sizeof(out->ex[i]));
				out->ex[i].s[0] = (char)c;
				out->ex[i++].len = 1;
			}
		out->nr_ex = i;
		return;
	case N_ASSERT:
	case N_EMPTY:
		memset(&out->ex[0], 0, sizeof(out->ex[0]));
		out->nr_ex = 1;		/* zero-width: "" */
		return;
	case N_CAT:
		kid = xmalloc(sizeof(*kid));
		memset(&cur[0], 0, sizeof(cur[0]));
		nr_cur = 1;
		exact = 1;
		for (i = 0; i < n->nr_kids; i++) {
			required_set(ps, n->kids[i], kid);
			/* what each part must hold, the whole must too */
			set_offer(out, kid->one, kid->nr_one);
			if (kid->nr_ex >= 0 &&
			    set_cross(cur, &nr_cur, kid->ex, kid->nr_ex))
				continue;
			/* a run of exact parts ends: it is required */
			set_offer(out, cur, nr_cur);
			exact = 0;
			memset(&cur[0], 0, sizeof(cur[0]));
			nr_cur = 1;
			if (kid->nr_ex >= 0) {
				memcpy(cur, kid->ex, kid->nr_ex * sizeof(*cur));
				nr_cur = kid->nr_ex;
			}
		}
		set_offer(out, cur, nr_cur);
		if (exact) {
			memcpy(out->ex, cur, nr_cur * sizeof(*cur));
			out->nr_ex = nr_cur;
		}
		free(kid);
		return;
	case N_ALT:
		kid = xmalloc(sizeof(*kid));
		out->nr_ex = 0;
		for (i = 0; i < n->nr_kids; i++) {
			required_set(ps, n->kids[i], kid);
			set_join(out->ex, &out->nr_ex, kid->ex, kid->nr_ex);
			/* one of each branch's: one of them all */
			set_join(out->one, &out->nr_one, kid->one,
				kid->nr_one ? kid->nr_one : -1);
		}
		if (out->nr_one < 0)
			out->nr_one = 0;
		else
			out->nr_one = set_trim(out->one, out->nr_one);
		if (out->nr_ex > 0)
			set_offer(out, out->ex, out->nr_ex);
		free(kid);
		return;
	case N_REPEAT:
		if (n->min < 1 && !(n->max == 1))
			return;
		kid = xmalloc(sizeof(*kid));
		required_set(ps, n->kids[0], kid);
		if (n->min >= 1) {
			memcpy(out->one, kid->one, sizeof(out->one));
			out->nr_one = kid->nr_one;
		}
		if (n->min == 1 && n->max == 1) {
			*out = *kid;
		} else if (n->min == 0 && n->max == 1 && kid->nr_ex >= 0 &&
			   kid->nr_ex < ANY_MAX) {
			/* x?: x's, or "" */
			memcpy(out->ex, kid->ex, kid->nr_ex * sizeof(*kid->ex));
			memset(&out->ex[kid->nr_ex], 0, sizeof(out->ex[0]));
			out->nr_ex = kid->nr_ex + 1;
		}
		free(kid);
		return;
	}
}

struct kre *kre_compile(const char *pat, size_t len, int flags,
			const char **errmsg)
{
	struct parser ps = { 0 };
	struct compiler c = { 0 };
	struct kre *re = NULL;
	int root, i, f = flags;

	ps.p = pat;
	ps.end = pat + len;
	root = parse_alt(&ps, &f);
	if (root >= 0 && ps.p < ps.end) {
		ps.err = "unmatched )";
		root = -1;
	}
	if (root < 0) {
		*errmsg = ps.err ? ps.err : "bad pattern";
		goto out;
	}
	c.ps = &ps;
	compile_node(&c, root);
	emit(&c, I_MATCH, 0, 0);
	if (c.too_big) {
		*errmsg = "pattern too large";
		free(c.prog);
		goto out;
	}
	re = xcalloc(1, sizeof(*re));
	re->prog = c.prog;
	re->nr = c.nr;
	re->sets = ps.sets;
	re->nr_sets = ps.nr_sets;
	ps.sets = NULL;
	re->anchored = re->nr > 0 && re->prog[0].op == I_ASSERT &&
		       (re->prog[0].x == A_BOL || re->prog[0].x == A_BOT);
	first_set(re);
	for (i = 0; i < re->nr; i++)
		if (re->prog[i].op == I_SET) {
			int k;

			for (k = 0; k < 32; k++)
				re->take.bits[k] |=
					re->sets[re->prog[i].x].bits[k];
		}
	re->one_line = !set_has(&re->take, '\n');
	if (!(flags & KRE_SHORT)) {
		struct lit l;

		/* the tree's sets are re's now */
		ps.sets = re->sets;
		required_literal(&ps, root, &l);
		ps.sets = NULL;
		memcpy(re->lit, l.s, sizeof(re->lit));
		re->lit_len = l.len;
		re->lit_icase = l.icase;
		/*
		 * Strings one of which every match holds, when they say
		 * more: "clang|llvm" has only "l" in common, "dma_(?:buf|
		 * fence|resv)" the three whole words, not just "dma_"
		 */
		{
			struct req *r = xmalloc(sizeof(*r));

			ps.sets = re->sets;
			required_set(&ps, root, r);
			ps.sets = NULL;
			if (r->nr_one == 1 && r->one[0].len > re->lit_len) {
				memcpy(re->lit, r->one[0].s, sizeof(re->lit));
				re->lit_len = r->one[0].len;
				re->lit_icase = r->one[0].icase;
			} else if (r->nr_one > 1 &&
				   set_worth(r->one, r->nr_one) > re->lit_len) {
				re->any = xcalloc(r->nr_one, sizeof(*re->any));
				memcpy(re->any, r->one,
				       r->nr_one * sizeof(*re->any));
				re->nr_any = r->nr_one;
			}
			free(r);
		}
		/* a string that ignores case is kept in lower case */
		if (re->lit_icase)
			for (i = 0; i < re->lit_len; i++)
				re->lit[i] = (char)lit_fold(
					(unsigned char)re->lit[i]);
	}
out:
	for (i = 0; i < ps.nr_nodes; i++)
		free(ps.nodes[i].kids);
	free(ps.nodes);
	free(ps.sets);
	return re;
}

void kre_free(struct kre *re)
{
	if (!re)
		return;
	free(re->prog);
	free(re->sets);
	free(re->any);
	free(re);
}

struct threads {
	int *pcs;
	size_t *starts;		/* where each thread's match began */
	int nr;
	unsigned *mark;		/* mark[pc] == gen: already in the list */
	unsigned gen;
};

/*
 * Add @pc and everything reachable from it without consuming a byte at
 * position @i, in priority order (Perl's leftmost-first). Returns 1 when
 * a MATCH is reachable; threads added after it would have lower priority
 * and are not added.
 */
static int add_thread(const struct kre *re, struct threads *l, int *stack,
		      int pc, size_t start, const unsigned char *t,
		      size_t len, size_t i)
{
	int sp = 0;

	stack[sp++] = pc;
	while (sp) {
		pc = stack[--sp];
		if (l->mark[pc] == l->gen)
			continue;
		l->mark[pc] = l->gen;
		switch (re->prog[pc].op) {
		case I_SET:
			l->starts[l->nr] = start;
			l->pcs[l->nr++] = pc;
			break;
		case I_MATCH:
			return 1;
		case I_JMP:
			stack[sp++] = re->prog[pc].x;
			break;
		case I_SPLIT:
			stack[sp++] = re->prog[pc].y;
			stack[sp++] = re->prog[pc].x;
			break;
		case I_ASSERT:
			if (at_assert(re->prog[pc].x, t, len, i))
				stack[sp++] = pc + 1;
			break;
		}
	}
	return 0;
}

/*
 * The NFA simulation over text[from..len), threads starting at from up
 * to @limit (a match may end after @limit, but cannot start there).
 * @want_span: find the leftmost-first match's end too (Perl's $& for
 * greedy quantifiers); otherwise stop at the first match found. Returns
 * 1 with *mstart, *mend set, or 0.
 */
static int run(const struct kre *re, const char *text, size_t len,
	       size_t from, size_t limit, int want_span, size_t *mstart,
	       size_t *mend)
{
	const unsigned char *t = (const unsigned char *)text;
	struct threads a, b, *cl = &a, *nl = &b, *tmp;
	int *stack, found = 0, j;
	size_t i;

	a.pcs = xmalloc(sizeof(int) * re->nr);
	b.pcs = xmalloc(sizeof(int) * re->nr);
	a.starts = xmalloc(sizeof(size_t) * re->nr);
	b.starts = xmalloc(sizeof(size_t) * re->nr);
	a.mark = xcalloc(re->nr, sizeof(unsigned));
	b.mark = xcalloc(re->nr, sizeof(unsigned));
	/* each pc is pushed at most once per closure, plus a split's pair */
	stack = xmalloc(sizeof(int) * (2 * re->nr + 2));
	a.gen = b.gen = 1;
	a.nr = b.nr = 0;
	for (i = from; ; i++) {
		if (!found) {
			if (!cl->nr && (i > limit || (re->anchored && i > 0)))
				break;
			if (!cl->nr && !re->first_any && !re->anchored) {
				/* nothing alive: on to a byte a match starts with */
				while (i < limit && !set_has(&re->first, t[i]))
					i++;
			}
			/* a new thread has the lowest priority: it goes last */
			if ((!re->anchored || i == 0) && i <= limit &&
			    add_thread(re, cl, stack, 0, i, t, len, i)) {
				found = 1;
				*mstart = *mend = i;
				if (!want_span)
					break;
			}
		}
		if (i >= len)
			break;
		if (!cl->nr) {
			if (found)
				break;
			cl->gen++;	/* the next position starts afresh */
			continue;
		}
		nl->nr = 0;
		nl->gen++;
		for (j = 0; j < cl->nr; j++) {
			int pc = cl->pcs[j];

			if (!set_has(&re->sets[re->prog[pc].x], t[i]))
				continue;
			if (add_thread(re, nl, stack, pc + 1, cl->starts[j],
				       t, len, i + 1)) {
				found = 1;
				*mstart = cl->starts[j];
				*mend = i + 1;
				if (!want_span)
					goto done;
				/* lower-priority threads are cut */
				break;
			}
		}
		tmp = cl;
		cl = nl;
		nl = tmp;
		if (found && !cl->nr)
			break;
	}
done:
	free(a.pcs);
	free(b.pcs);
	free(a.starts);
	free(b.starts);
	free(a.mark);
	free(b.mark);
	free(stack);
	return found;
}

/* Where is @s (@n bytes) first in text[p..end)? NULL: nowhere. */
static const char *lit_find(const char *p, const char *end, const char *s,
			    int n, int icase)
{
	if (end < p || n < 0)
		return NULL;
	return litscan_find(p, (size_t)(end - p), s, (size_t)n, icase);
}

const char *kre_find_string(const char *text, size_t len, const char *s,
			    size_t n, int icase)
{
	if (n > INT_MAX)
		return NULL;
	return lit_find(text, text + len, s, (int)n, icase);
}

/*
 * Where, from @from on, can a match start at the earliest? SIZE_MAX: no
 * match, the strings every match holds are not there. A match holds
 * one of each of them after @from, and is a run of bytes the pattern
 * takes (re->take): so it starts no earlier than that run which holds
 * the first of them. get_maintainer's address pattern starts with
 * "[A-Za-z...]*" and may take newlines: without this, its NFA would
 * run from the top of a file to each '@'. @seen: the caller knows that
 * none of kre_need()'s strings starts before it (@from or later).
 */
static size_t earliest(const struct kre *re, const char *text, size_t len,
		       size_t from, size_t seen)
{
	const char *p = text + from, *end = text + len, *q, *at = NULL;
	int i;

	if (re->lit_len) {
		/* kre_need()'s when there is no "one of" set */
		at = lit_find(re->nr_any ? p : text + seen, end, re->lit,
			      re->lit_len, re->lit_icase);
		if (!at)
			return SIZE_MAX;
	}
	if (re->nr_any) {
		const char *first = NULL;

		for (i = 0; i < re->nr_any; i++) {
			q = lit_find(text + seen, end, re->any[i].s,
				     re->any[i].len, re->any[i].icase);
			if (q && (!first || q < first))
				first = q;
		}
		if (!first)
			return SIZE_MAX;
		if (!at || first > at)
			at = first;
	}
	if (!at || re->anchored)
		return from;
	while (at > p && set_has(&re->take, (unsigned char)at[-1]))
		at--;
	return (size_t)(at - text);
}

const char *kre_need(const struct kre *re, int i, size_t *len, int *icase)
{
	if (re->nr_any) {
		if (i < 0 || i >= re->nr_any)
			return NULL;
		*len = (size_t)re->any[i].len;
		*icase = re->any[i].icase;
		return re->any[i].s;
	}
	if (i || !re->lit_len)
		return NULL;
	*len = (size_t)re->lit_len;
	*icase = re->lit_icase;
	return re->lit;
}

/*
 * A pattern none of whose steps takes a newline matches inside a line:
 * run the NFA only over the lines that have the string every match
 * contains (or one of the strings, one of which it contains), instead
 * of over the whole text. Anchors still see the whole text.
 */
static int search_lines(const struct kre *re, const char *text, size_t len,
			size_t from)
{
	const char *p = text + from, *end = text + len, *q, *ls, *le;
	const char *next[ANY_MAX];	/* each string's next place, or NULL */
	int use_any = re->nr_any > 0, i;
	size_t s, e;

	for (i = 0; use_any && i < re->nr_any; i++)
		next[i] = lit_find(p, end, re->any[i].s, re->any[i].len,
				   re->any[i].icase);
	while (p < end) {
		if (!use_any) {
			q = lit_find(p, end, re->lit, re->lit_len,
				     re->lit_icase);
		} else {
			q = NULL;
			for (i = 0; i < re->nr_any; i++) {
				if (next[i] && next[i] < p)
					next[i] = lit_find(p, end, re->any[i].s,
							   re->any[i].len,
							   re->any[i].icase);
				if (next[i] && (!q || next[i] < q))
					q = next[i];
			}
		}
		if (!q)
			return 0;
		ls = q;
		while (ls > text && ls[-1] != '\n')
			ls--;
		le = memchr(q, '\n', (size_t)(end - q));
		if (!le)
			le = end;
		if (run(re, text, len, (size_t)(ls - text), (size_t)(le - text),
			0, &s, &e))
			return 1;
		p = le + 1;
	}
	return 0;
}

int kre_search_hint(const struct kre *re, const char *text, size_t len,
		    size_t hint)
{
	size_t s, e, from;

	if (re->one_line && (re->lit_len || re->nr_any))
		return search_lines(re, text, len, hint < len ? hint : len);
	from = earliest(re, text, len, 0, hint < len ? hint : len);
	if (from == SIZE_MAX)
		return 0;
	return run(re, text, len, from, len, 0, &s, &e);
}

int kre_search(const struct kre *re, const char *text, size_t len)
{
	return kre_search_hint(re, text, len, 0);
}

int kre_match_span(const struct kre *re, const char *text, size_t len,
		   size_t from, size_t *start, size_t *end)
{
	if (from > len)
		return 0;
	from = earliest(re, text, len, from, from);
	if (from == SIZE_MAX)
		return 0;
	return run(re, text, len, from, len, 1, start, end);
}

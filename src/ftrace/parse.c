// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace's text output (function and function_graph tracers) turned into
 * calls and per-function counts and times. See ftrace.h for the formats.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace.h"

/* ---- interned names ---- */

struct ftrace_names {
	char **slot;		/* open addressing, power of two */
	size_t size, nr;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void names_grow(struct ftrace_names *n)
{
	size_t old = n->size, i;
	char **slot = n->slot;

	n->size = old ? old * 2 : 256;
	n->slot = xcalloc(n->size, sizeof(*n->slot));
	for (i = 0; i < old; i++) {
		size_t k;

		if (!slot[i])
			continue;
		k = hash_str(slot[i]) & (n->size - 1);
		while (n->slot[k])
			k = (k + 1) & (n->size - 1);
		n->slot[k] = slot[i];
	}
	free(slot);
}

const char *ftrace_intern(struct ftrace_trace *t, const char *name)
{
	struct ftrace_names *n = t->names;
	size_t k;

	if ((n->nr + 1) * 2 > n->size)
		names_grow(n);
	k = hash_str(name) & (n->size - 1);
	while (n->slot[k]) {
		if (!strcmp(n->slot[k], name))
			return n->slot[k];
		k = (k + 1) & (n->size - 1);
	}
	n->slot[k] = xstrdup(name);
	n->nr++;
	return n->slot[k];
}

/* ---- one line ---- */

static void copy_field(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int is_sym_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '.' || ch == '$';
}

/*
 * A function as ftrace prints it: "name", "name+0x1a/0x80", "name [mod]",
 * "name+0x1a/0x80 [mod]", or an address "0xffffffff81234567". Returns 0
 * and fills @func (and @mod) when [s, s+n) is exactly that.
 */
static int parse_func(const char *s, size_t n, char *func, char *mod)
{
	size_t i = 0, name_end;

	func[0] = '\0';
	if (mod)
		mod[0] = '\0';
	while (i < n && is_sym_char((unsigned char)s[i]))
		i++;
	if (!i)
		return -1;
	/* a name, or an address ftrace had no symbol for */
	if (isdigit((unsigned char)s[0]) && !(i > 2 && s[0] == '0' &&
					      s[1] == 'x'))
		return -1;
	name_end = i;
	if (i < n && s[i] == '+') {
		/* +0xOFF/0xSIZE */
		i++;
		while (i < n && (isxdigit((unsigned char)s[i]) || s[i] == 'x' ||
				 s[i] == '/'))
			i++;
	}
	if (i + 3 < n && s[i] == ' ' && s[i + 1] == '[' && s[n - 1] == ']') {
		size_t m = i + 2, k;

		for (k = m; k < n - 1; k++)
			if (!is_sym_char((unsigned char)s[k]) && s[k] != '-')
				return -1;
		if (k == m)
			return -1;
		if (mod)
			copy_field(mod, FTRACE_COMM_MAX, s + m, n - 1 - m);
		i = n;
	}
	if (i != n)
		return -1;
	copy_field(func, FTRACE_NAME_MAX, s, name_end);
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* "123" into *v; 0 or -1 (empty, not digits, too big) */
static int parse_uint(const char *s, size_t n, unsigned long *v)
{
	size_t i;

	*v = 0;
	if (!all_digits(s, n) || n > 9)
		return -1;
	for (i = 0; i < n; i++)
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	return 0;
}

/* "COMM-PID" (COMM may hold blanks and dashes) */
static int parse_comm_pid(const char *s, size_t n, struct ftrace_event *ev)
{
	size_t dash = n;
	unsigned long pid;

	while (dash > 0 && s[dash - 1] != '-')
		dash--;
	if (dash < 2 || parse_uint(s + dash, n - dash, &pid))
		return -1;
	copy_field(ev->comm, sizeof(ev->comm), s, dash - 1);
	ev->pid = (int)pid;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* "SECONDS.FRACTION" (up to 9 digits of fraction) into ns */
static int parse_secs(const char *s, size_t n, uint64_t *ns)
{
	const char *dot = memchr(s, '.', n);
	unsigned long sec, frac;
	size_t fl, i;

	if (!dot || parse_uint(s, (size_t)(dot - s), &sec))
		return -1;
	fl = n - (size_t)(dot - s) - 1;
	if (!fl || fl > 9 || parse_uint(dot + 1, fl, &frac))
		return -1;
	for (i = fl; i < 9; i++)
		frac *= 10;
	*ns = (uint64_t)sec * 1000000000u + frac;
	return 0;
}

/* "[+!#*@$ ]N.NNN us" (or "N us" when N has 7 digits or more) */
static int parse_duration(const char *s, size_t n, uint64_t *ns)
{
	const char *dot;
	unsigned long us, frac = 0;
	size_t fl = 0, i;

	if (n && strchr("+!#*@$", s[0])) {
		s++;
		n--;
		trim(&s, &n);
	}
	if (n < 4 || memcmp(s + n - 3, " us", 3))
		return -1;
	n -= 3;
	dot = memchr(s, '.', n);
	if (dot) {
		fl = n - (size_t)(dot - s) - 1;
		if (fl > 3 || parse_uint(dot + 1, fl, &frac))
			return -1;
		n = (size_t)(dot - s);
	}
	if (parse_uint(s, n, &us))
		return -1;
	for (i = fl; i < 3; i++)
		frac *= 10;
	*ns = (uint64_t)us * 1000u + frac;
	return 0;
}

static enum ftrace_kind parse_graph(const char *s, size_t n,
				    struct ftrace_event *ev)
{
	const char *e = s + n;
	const char *bar = memchr(s, '|', n);
	const char *seg, *c;
	size_t sl, cl, sp;

	if (!bar)
		return FT_OTHER;
	seg = s;
	sl = (size_t)(bar - s);
	trim(&seg, &sl);
	if (sl && !parse_comm_pid(seg, sl, ev)) {
		/* funcgraph-proc: "comm-pid |", then the duration */
		s = bar + 1;
		bar = memchr(s, '|', (size_t)(e - s));
		if (!bar)
			return FT_OTHER;
		seg = s;
		sl = (size_t)(bar - s);
		trim(&seg, &sl);
	} else {
		ev->pid = -1;
		ev->comm[0] = '\0';
	}
	if (sl) {
		if (parse_duration(seg, sl, &ev->dur_ns))
			return FT_OTHER;
		ev->has_dur = 1;
	}
	c = bar + 1;
	cl = (size_t)(e - c);
	for (sp = 0; sp < cl && c[sp] == ' '; sp++)
		;
	ev->depth = sp >= 2 ? (int)(sp - 2) / 2 : 0;
	c += sp;
	cl -= sp;
	while (cl && isspace((unsigned char)c[cl - 1]))
		cl--;
	if (cl == 1 && c[0] == '}')
		return FT_EXIT;
	if (cl > 8 && !memcmp(c, "} /* ", 5) && !memcmp(c + cl - 3, " */", 3)) {
		if (parse_func(c + 5, cl - 8, ev->func, ev->module))
			return FT_OTHER;
		return FT_EXIT;
	}
	if (cl > 4 && !memcmp(c + cl - 4, "() {", 4)) {
		if (parse_func(c, cl - 4, ev->func, ev->module))
			return FT_OTHER;
		return FT_ENTRY;
	}
	if (cl > 3 && !memcmp(c + cl - 3, "();", 3) && ev->has_dur) {
		if (parse_func(c, cl - 3, ev->func, ev->module))
			return FT_OTHER;
		return FT_LEAF;
	}
	return FT_OTHER;
}

/* "COMM-PID [(TGID)] [CPU] [FLAGS] SECS.FRAC: func <-parent" */
static enum ftrace_kind parse_func_line(const char *s, size_t n,
					struct ftrace_event *ev)
{
	const char *br = NULL, *p, *colon, *arrow, *t;
	size_t i, tl;
	unsigned long cpu;

	/* the CPU field: the first " [digits] " */
	for (i = 1; i + 2 < n; i++) {
		size_t k = i + 1;

		if (s[i] != '[' || s[i - 1] != ' ')
			continue;
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k > i + 1 && k < n && s[k] == ']' &&
		    !parse_uint(s + i + 1, k - i - 1, &cpu)) {
			br = s + i;
			p = s + k + 1;
			break;
		}
	}
	if (!br)
		return FT_OTHER;
	/* before it: comm-pid, maybe "(tgid)" */
	t = s;
	tl = (size_t)(br - s);
	trim(&t, &tl);
	if (tl && t[tl - 1] == ')') {
		const char *open = t + tl - 1;

		while (open > t && *open != '(')
			open--;
		if (*open != '(')
			return FT_OTHER;
		tl = (size_t)(open - t);
		trim(&t, &tl);
	}
	if (parse_comm_pid(t, tl, ev))
		return FT_OTHER;
	ev->cpu = (int)cpu;
	/* after it: flags (optional), the timestamp and ": " */
	colon = memchr(p, ':', n - (size_t)(p - s));
	if (!colon || colon + 1 >= s + n || colon[1] != ' ')
		return FT_OTHER;
	t = colon;
	while (t > p && t[-1] != ' ')
		t--;
	if (parse_secs(t, (size_t)(colon - t), &ev->ts_ns))
		return FT_OTHER;
	ev->has_ts = 1;
	/* the event: "func <-parent" */
	p = colon + 2;
	tl = n - (size_t)(p - s);
	arrow = NULL;
	for (i = 0; i + 3 <= tl; i++)
		if (!memcmp(p + i, " <-", 3)) {
			arrow = p + i;
			break;
		}
	if (!arrow)
		return FT_OTHER;
	if (parse_func(p, (size_t)(arrow - p), ev->func, ev->module) ||
	    parse_func(arrow + 3, tl - (size_t)(arrow - p) - 3, ev->parent,
		       NULL))
		return FT_OTHER;
	return FT_FUNC;
}

/* "CPU:2 [LOST 123 EVENTS]" */
static int parse_lost(const char *s, size_t n, struct ftrace_event *ev)
{
	const char *p;
	size_t i, k;

	for (i = 0; i + 6 <= n; i++)
		if (!memcmp(s + i, "[LOST ", 6))
			break;
	if (i + 6 > n)
		return -1;
	p = s + i + 6;
	n -= i + 6;
	for (k = 0; k < n && isdigit((unsigned char)p[k]); k++)
		;
	if (!k || n - k < 8 || memcmp(p + k, " EVENTS]", 8))
		return -1;
	if (k > 9)
		ev->lost = 999999999;
	else
		parse_uint(p, k, &ev->lost);
	return 0;
}

enum ftrace_kind ftrace_parse_line(const char *line, size_t len,
				   struct ftrace_event *ev)
{
	const char *s = line;
	size_t n = len, i;
	unsigned long cpu;

	memset(ev, 0, sizeof(*ev));
	ev->cpu = -1;
	ev->pid = -1;
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (memchr(s, '\n', n) || memchr(s, '\0', n))
		return ev->kind = FT_OTHER;
	for (i = 0; i < n && s[i] == ' '; i++)
		;
	if (i == n || s[i] == '#')
		return ev->kind = FT_OTHER;
	if (!parse_lost(s, n, ev))
		return ev->kind = FT_LOST;
	/* funcgraph-abstime: "SECS.FRAC |" first */
	{
		const char *bar = memchr(s + i, '|', n - i);
		const char *t = s + i;
		size_t tl = bar ? (size_t)(bar - t) : 0;
		uint64_t ns;

		trim(&t, &tl);
		if (bar && !parse_secs(t, tl, &ns)) {
			ev->ts_ns = ns;
			ev->has_ts = 1;
			i = (size_t)(bar - s) + 1;
			while (i < n && s[i] == ' ')
				i++;
		}
	}
	/* graph: " CPU) " */
	{
		size_t k = i;

		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k > i && k + 1 < n && s[k] == ')' && s[k + 1] == ' ' &&
		    !parse_uint(s + i, k - i, &cpu)) {
			enum ftrace_kind kind;

			ev->cpu = (int)cpu;
			kind = parse_graph(s + k + 2, n - k - 2, ev);
			if (kind == FT_OTHER) {
				memset(ev, 0, sizeof(*ev));
				ev->cpu = -1;
				ev->pid = -1;
			}
			return ev->kind = kind;
		}
	}
	if (ev->has_ts) {
		memset(ev, 0, sizeof(*ev));
		ev->cpu = -1;
		ev->pid = -1;
		return ev->kind = FT_OTHER;
	}
	ev->kind = parse_func_line(s, n, ev);
	if (ev->kind == FT_OTHER) {
		memset(ev, 0, sizeof(*ev));
		ev->cpu = -1;
		ev->pid = -1;
	}
	return ev->kind;
}

/* ---- calls ---- */

/* The open graph calls of one task (or one CPU when tasks are unknown). */
struct ftrace_stack {
	int key;
	long *at;		/* call index per depth, -1 none */
	size_t nr, alloc;
};

void ftrace_init(struct ftrace_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->names = xcalloc(1, sizeof(*t->names));
	strbuf_init(&t->partial, 0);
}

static struct ftrace_stack *stack_of(struct ftrace_trace *t, int key)
{
	size_t i;

	for (i = 0; i < t->nstacks; i++)
		if (t->stacks[i].key == key)
			return &t->stacks[i];
	ALLOC_GROW(t->stacks, t->nstacks + 1, t->stacks_alloc);
	memset(&t->stacks[t->nstacks], 0, sizeof(t->stacks[0]));
	t->stacks[t->nstacks].key = key;
	return &t->stacks[t->nstacks++];
}

static void stack_set(struct ftrace_stack *st, int depth, long idx)
{
	size_t d = (size_t)depth;

	ALLOC_GROW(st->at, d + 1, st->alloc);
	while (st->nr < d)
		st->at[st->nr++] = -1;
	st->at[d] = idx;
	st->nr = d + 1;
}

/* The time of call @idx's traced callees, for its self time. */
static uint64_t *child_ns(struct ftrace_trace *t, size_t idx)
{
	if (idx >= t->child_alloc) {
		size_t n = t->child_alloc ? t->child_alloc : 64;

		while (n <= idx)
			n *= 2;
		t->child_ns = xrealloc(t->child_ns, n * sizeof(*t->child_ns));
		memset(t->child_ns + t->child_alloc, 0,
		       (n - t->child_alloc) * sizeof(*t->child_ns));
		t->child_alloc = n;
	}
	return &t->child_ns[idx];
}

static struct ftrace_call *add_call(struct ftrace_trace *t,
				    const struct ftrace_event *ev)
{
	struct ftrace_call *c;

	ALLOC_GROW(t->calls, t->ncalls + 1, t->calls_alloc);
	c = &t->calls[t->ncalls++];
	memset(c, 0, sizeof(*c));
	c->func = ftrace_intern(t, ev->func);
	c->module = ev->module[0] ? ftrace_intern(t, ev->module) : NULL;
	c->parent = ev->parent[0] ? ftrace_intern(t, ev->parent) : NULL;
	c->comm = ftrace_intern(t, ev->comm);
	c->pid = ev->pid;
	c->depth = ev->kind == FT_FUNC ? 0 : ev->depth;
	c->ts_ns = ev->ts_ns;
	c->has_ts = ev->has_ts;
	return c;
}

/* Give call @idx its duration; count it in its parent's child time. */
static void set_dur(struct ftrace_trace *t, struct ftrace_stack *st,
		    size_t idx, uint64_t ns)
{
	int d = t->calls[idx].depth;

	t->calls[idx].dur_ns = ns;
	t->calls[idx].has_dur = 1;
	if (d > 0 && (size_t)d <= st->nr && st->at[d - 1] >= 0)
		*child_ns(t, (size_t)st->at[d - 1]) += ns;
}

static void add_event(struct ftrace_trace *t, const struct ftrace_event *ev)
{
	struct ftrace_stack *st;
	int key;

	switch (ev->kind) {
	case FT_OTHER:
		return;
	case FT_LOST:
		t->lost += ev->lost;
		return;
	case FT_FUNC:
		add_call(t, ev);
		return;
	default:
		break;
	}
	t->graph = 1;
	if (ev->depth > 100000)
		return;
	key = ev->pid >= 0 ? ev->pid : -2 - ev->cpu;
	st = stack_of(t, key);
	switch (ev->kind) {
	case FT_ENTRY:
		add_call(t, ev);
		stack_set(st, ev->depth, (long)t->ncalls - 1);
		break;
	case FT_LEAF:
		add_call(t, ev);
		stack_set(st, ev->depth, (long)t->ncalls - 1);
		st = stack_of(t, key);
		set_dur(t, st, t->ncalls - 1, ev->dur_ns);
		st->nr = (size_t)ev->depth;
		break;
	case FT_EXIT: {
		size_t d = (size_t)ev->depth;
		long idx = d < st->nr ? st->at[d] : -1;

		if (idx >= 0 && (!ev->func[0] ||
				 !strcmp(t->calls[idx].func, ev->func))) {
			if (ev->has_dur)
				set_dur(t, st, (size_t)idx, ev->dur_ns);
			st->nr = d;
		} else if (ev->func[0]) {
			/* its entry came before the trace: a call of its own */
			add_call(t, ev);
			stack_set(st, ev->depth, (long)t->ncalls - 1);
			st = stack_of(t, key);
			if (ev->has_dur)
				set_dur(t, st, t->ncalls - 1, ev->dur_ns);
			st->nr = d;
		} else if (d <= st->nr) {
			st->nr = d;
		}
		break;
	}
	default:
		break;
	}
}

static void feed_line(struct ftrace_trace *t, const char *s, size_t n)
{
	struct ftrace_event ev;
	size_t i;

	if (ftrace_parse_line(s, n, &ev) == FT_OTHER) {
		for (i = 0; i < n && isspace((unsigned char)s[i]); i++)
			;
		/* headers, comments, context-switch and irq markers */
		if (i < n && s[i] != '#' && !memchr(s + i, '|', n - i) &&
		    s[i] != '-' && !memmem(s + i, n - i, "=>", 2))
			t->unparsed++;
		return;
	}
	add_event(t, &ev);
}

void ftrace_feed(struct ftrace_trace *t, const char *text, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n;

		if (!nl) {
			strbuf_add(&t->partial, text + pos, len - pos);
			return;
		}
		n = (size_t)(nl - (text + pos));
		if (t->partial.len) {
			strbuf_add(&t->partial, text + pos, n);
			feed_line(t, t->partial.buf, t->partial.len);
			strbuf_reset(&t->partial);
		} else {
			feed_line(t, text + pos, n);
		}
		pos += n + 1;
	}
}

static int cmp_stat(const void *a, const void *b)
{
	const struct ftrace_stat *x = a, *y = b;

	if (x->total_ns != y->total_ns)
		return x->total_ns > y->total_ns ? -1 : 1;
	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->func, y->func);
}

void ftrace_finish(struct ftrace_trace *t)
{
	struct ftrace_names *n = t->names;
	size_t *slot_of;
	size_t i;

	if (t->partial.len) {
		feed_line(t, t->partial.buf, t->partial.len);
		strbuf_reset(&t->partial);
	}
	free(t->stats);
	t->stats = NULL;
	t->nstats = 0;
	/* one stat per distinct function, found through the name table */
	slot_of = xcalloc(n->size ? n->size : 1, sizeof(*slot_of));
	for (i = 0; i < t->ncalls; i++) {
		const struct ftrace_call *c = &t->calls[i];
		size_t k = hash_str(c->func) & (n->size - 1);
		struct ftrace_stat *s;

		while (n->slot[k] != c->func)
			k = (k + 1) & (n->size - 1);
		if (!slot_of[k]) {
			t->stats = xrealloc(t->stats, (t->nstats + 1) *
					    sizeof(*t->stats));
			memset(&t->stats[t->nstats], 0, sizeof(*t->stats));
			t->stats[t->nstats].func = c->func;
			slot_of[k] = ++t->nstats;
		}
		s = &t->stats[slot_of[k] - 1];
		s->calls++;
		if (c->has_dur) {
			uint64_t ch = *child_ns(t, i);

			s->total_ns += c->dur_ns;
			s->self_ns += ch < c->dur_ns ? c->dur_ns - ch : 0;
		}
	}
	free(slot_of);
	if (t->nstats)
		qsort(t->stats, t->nstats, sizeof(*t->stats), cmp_stat);
}

void ftrace_release(struct ftrace_trace *t)
{
	size_t i;

	if (t->names) {
		for (i = 0; i < t->names->size; i++)
			free(t->names->slot[i]);
		free(t->names->slot);
		free(t->names);
	}
	for (i = 0; i < t->nstacks; i++)
		free(t->stacks[i].at);
	free(t->child_ns);
	free(t->stacks);
	free(t->calls);
	free(t->stats);
	strbuf_release(&t->partial);
	memset(t, 0, sizeof(*t));
}

const char *ftrace_fmt_us(char *buf, size_t size, uint64_t ns)
{
	snprintf(buf, size, "%" PRIu64 ".%03" PRIu64 " us", ns / 1000,
		 ns % 1000);
	return buf;
}

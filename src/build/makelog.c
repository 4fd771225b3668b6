// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel build output: classify lines, find the first real error.
 * See makelog.h. Everything works on (pointer, length) spans of the
 * caller's text, which need not be NUL-terminated.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "build/makelog.h"
#include "lib/util.h"

struct span {
	const char *p;
	size_t n;
};

static int sp_starts(struct span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.n >= n && !memcmp(s.p, prefix, n);
}

static int sp_ends(struct span s, const char *suffix)
{
	size_t n = strlen(suffix);

	return s.n >= n && !memcmp(s.p + s.n - n, suffix, n);
}

static int sp_eq(struct span a, struct span b)
{
	return a.n == b.n && (!a.n || !memcmp(a.p, b.p, a.n));
}

/* Offset of @needle in @s, or -1. */
static long sp_find(struct span s, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= s.n; i++)
		if (!memcmp(s.p + i, needle, n))
			return (long)i;
	return -1;
}

static struct span sp_from(struct span s, size_t off)
{
	struct span r = { s.p + (off < s.n ? off : s.n), 0 };

	r.n = off < s.n ? s.n - off : 0;
	return r;
}

static struct span sp_trim(struct span s)
{
	while (s.n && isspace((unsigned char)*s.p)) {
		s.p++;
		s.n--;
	}
	while (s.n && isspace((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Drop the line terminator ("\n", "\r\n"). */
static struct span sp_chomp(struct span s)
{
	while (s.n && (s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\r'))
		s.n--;
	return s;
}

/* Parse decimal digits at @s[*i]; 0 if none (the value is capped). */
static int parse_num(struct span s, size_t *i, int *val)
{
	size_t start = *i;
	long v = 0;

	while (*i < s.n && isdigit((unsigned char)s.p[*i])) {
		if (v < 100000000)
			v = v * 10 + (s.p[*i] - '0');
		(*i)++;
	}
	*val = (int)v;
	return *i > start;
}

static char *sp_dup(struct span s)
{
	return xstrndup(s.p, s.n);
}

/* ---- ml_classify() ---- */

static const struct {
	const char *tag;
	enum ml_kind kind;
} step_tags[] = {
	{ "CC", ML_CC }, { "AS", ML_AS }, { "CPP", ML_CC },
	{ "LD", ML_LD }, { "AR", ML_AR },
	{ "HOSTCC", ML_HOSTCC }, { "HOSTCXX", ML_HOSTCC },
	{ "HOSTLD", ML_HOSTLD },
	{ "GEN", ML_GEN }, { "CHK", ML_CHK }, { "UPD", ML_UPD },
	{ "SYNC", ML_SYNC }, { "BTF", ML_BTF }, { "MODPOST", ML_MODPOST },
	{ "KSYMS", ML_KSYMS }, { "LDS", ML_LDS }, { "OBJCOPY", ML_OBJCOPY },
	{ "ZSTD", ML_COMPRESS }, { "ZSTD22", ML_COMPRESS },
	{ "GZIP", ML_COMPRESS }, { "XZKERN", ML_COMPRESS },
	{ "XZ", ML_COMPRESS }, { "LZMA", ML_COMPRESS }, { "LZ4", ML_COMPRESS },
	{ "LZO", ML_COMPRESS }, { "BZIP2", ML_COMPRESS },
	{ "BUILD", ML_BUILD },
};

static const char *const kind_names[] = {
	[ML_OTHER] = "other", [ML_BLANK] = "blank",
	[ML_CC] = "CC", [ML_AS] = "AS", [ML_LD] = "LD", [ML_AR] = "AR",
	[ML_HOSTCC] = "HOSTCC", [ML_HOSTLD] = "HOSTLD", [ML_GEN] = "GEN",
	[ML_CHK] = "CHK", [ML_UPD] = "UPD", [ML_SYNC] = "SYNC",
	[ML_BTF] = "BTF", [ML_MODPOST] = "MODPOST", [ML_KSYMS] = "KSYMS",
	[ML_LDS] = "LDS", [ML_OBJCOPY] = "OBJCOPY",
	[ML_COMPRESS] = "compress", [ML_BUILD] = "BUILD", [ML_STEP] = "step",
	[ML_IMAGE_READY] = "image-ready", [ML_MAKE_ENTER] = "make-enter",
	[ML_MAKE_LEAVE] = "make-leave", [ML_MAKE_ERROR] = "make-error",
	[ML_DIAG_ERROR] = "error", [ML_DIAG_WARNING] = "warning",
	[ML_DIAG_NOTE] = "note",
};

const char *ml_kind_name(enum ml_kind kind)
{
	if ((size_t)kind < ARRAY_SIZE(kind_names) && kind_names[kind])
		return kind_names[kind];
	return "?";
}

static int is_step(enum ml_kind k)
{
	return k >= ML_CC && k <= ML_STEP;
}

/* "  CC [M]  path": printf "  %-7s %s" of Kbuild's quiet_cmd_*. */
static int classify_step(struct span s, struct ml_line *out)
{
	size_t i = 2, tag_end, head;
	size_t k;

	if (s.n < 4 || s.p[0] != ' ' || s.p[1] != ' ' ||
	    !isupper((unsigned char)s.p[2]))
		return 0;
	while (i < s.n && (isupper((unsigned char)s.p[i]) ||
			   isdigit((unsigned char)s.p[i]) || s.p[i] == '_' ||
			   s.p[i] == '-'))
		i++;
	tag_end = i;
	if (tag_end - 2 < 2 || tag_end - 2 > 16)
		return 0;
	if (sp_starts(sp_from(s, i), " [M]")) {
		out->module = 1;
		i += 4;
	}
	head = i;
	if (i >= s.n || s.p[i] != ' ')
		goto no;
	while (i < s.n && s.p[i] == ' ')
		i++;
	/* the tag is padded to 7 columns: the target starts at 10 */
	if (i >= s.n || (i < 10 && head - 2 < 8) || (i > 10 && head - 2 < 7))
		goto no;
	out->tag = s.p + 2;
	out->tag_len = tag_end - 2;
	out->path = s.p + i;
	out->path_len = sp_trim(sp_from(s, i)).n;
	out->kind = ML_STEP;
	for (k = 0; k < ARRAY_SIZE(step_tags); k++)
		if (strlen(step_tags[k].tag) == out->tag_len &&
		    !memcmp(step_tags[k].tag, out->tag, out->tag_len))
			out->kind = step_tags[k].kind;
	out->object = (out->kind == ML_CC || out->kind == ML_AS) &&
		      out->path_len > 2 &&
		      !memcmp(out->path + out->path_len - 2, ".o", 2);
	return 1;
no:
	out->module = 0;
	return 0;
}

/* The text inside the first pair of quotes ('x', `x', "x") of @s. */
static int quoted(struct span s, struct span *q)
{
	size_t i, j;

	for (i = 0; i < s.n; i++)
		if (s.p[i] == '\'' || s.p[i] == '`' || s.p[i] == '"')
			break;
	if (i == s.n)
		return 0;
	for (j = i + 1; j < s.n; j++)
		if (s.p[j] == (s.p[i] == '"' ? '"' : '\''))
			break;
	if (j == s.n)
		return 0;
	q->p = s.p + i + 1;
	q->n = j - i - 1;
	return 1;
}

/* "make[2]: " -> 2, rest; "make: " -> 0. */
static int make_prefix(struct span s, int *level, struct span *rest)
{
	size_t i = 4;

	if (!sp_starts(s, "make"))
		return 0;
	*level = 0;
	if (i < s.n && s.p[i] == '[') {
		i++;
		if (!parse_num(s, &i, level) || i >= s.n || s.p[i] != ']')
			return 0;
		i++;
	}
	if (!sp_starts(sp_from(s, i), ": "))
		return 0;
	*rest = sp_from(s, i + 2);
	return 1;
}

/* The target of "*** [Makefile:12: target] Error 2" or "*** [target]". */
static int make_error_target(struct span rest, struct span *t)
{
	long close, sep;
	struct span in;

	if (!sp_starts(rest, "*** ["))
		return 0;
	in = sp_from(rest, 5);
	close = sp_find(in, "] Error");
	if (close < 0)
		close = sp_find(in, "]");
	if (close < 0)
		return 0;
	in.n = close;
	while ((sep = sp_find(in, ": ")) >= 0)
		in = sp_from(in, sep + 2);
	*t = in;
	return 1;
}

struct diag {
	struct span file, msg;
	int line, column;
	enum ml_kind kind;
};

/*
 * "file:line[:col]: error: msg", also "fatal error:", gas "Error:",
 * Kconfig "file:line:error: msg" without the space.
 */
static int parse_diag(struct span s, struct diag *d)
{
	static const struct {
		const char *word;
		enum ml_kind kind;
	} words[] = {
		{ "error:", ML_DIAG_ERROR }, { "fatal error:", ML_DIAG_ERROR },
		{ "Error:", ML_DIAG_ERROR }, { "warning:", ML_DIAG_WARNING },
		{ "Warning:", ML_DIAG_WARNING }, { "note:", ML_DIAG_NOTE },
	};
	size_t i, k;
	struct span rest;

	for (i = 0; i < s.n; i++)
		if (s.p[i] == ':' && i + 1 < s.n &&
		    isdigit((unsigned char)s.p[i + 1]))
			break;
	if (!i || i >= s.n || s.p[0] == ' ')
		return 0;
	d->file.p = s.p;
	d->file.n = i;
	i++;
	d->column = 0;
	parse_num(s, &i, &d->line);
	if (i < s.n && s.p[i] == ':' && i + 1 < s.n &&
	    isdigit((unsigned char)s.p[i + 1])) {
		i++;
		parse_num(s, &i, &d->column);
	}
	if (i >= s.n || s.p[i] != ':')
		return 0;
	rest = sp_trim(sp_from(s, i + 1));
	for (k = 0; k < ARRAY_SIZE(words); k++)
		if (sp_starts(rest, words[k].word)) {
			d->kind = words[k].kind;
			d->msg = sp_trim(sp_from(rest,
						 strlen(words[k].word)));
			return 1;
		}
	return 0;
}

enum ml_kind ml_classify(const char *str, size_t len, struct ml_line *out)
{
	struct span s = sp_chomp((struct span){ str, len }), rest, t;
	struct diag d;
	long at;

	memset(out, 0, sizeof(*out));
	out->make_level = -1;
	out->kind = ML_OTHER;
	if (!sp_trim(s).n)
		return out->kind = ML_BLANK;
	if (classify_step(s, out))
		return out->kind;
	if (sp_starts(s, "Kernel: ") && (at = sp_find(s, " is ready")) > 8) {
		out->path = s.p + 8;
		out->path_len = at - 8;
		return out->kind = ML_IMAGE_READY;
	}
	if (make_prefix(s, &out->make_level, &rest)) {
		if (sp_starts(rest, "Entering directory "))
			out->kind = ML_MAKE_ENTER;
		else if (sp_starts(rest, "Leaving directory "))
			out->kind = ML_MAKE_LEAVE;
		else if (sp_starts(rest, "*** "))
			out->kind = ML_MAKE_ERROR;
		else
			return out->kind;
		if ((out->kind != ML_MAKE_ERROR && quoted(rest, &t)) ||
		    make_error_target(rest, &t) ||
		    (sp_starts(rest, "*** No rule to make target ") &&
		     quoted(rest, &t))) {
			out->path = t.p;
			out->path_len = t.n;
		}
		return out->kind;
	}
	if (parse_diag(s, &d)) {
		out->path = d.file.p;
		out->path_len = d.file.n;
		out->line = d.line;
		out->column = d.column;
		return out->kind = d.kind;
	}
	/* "Makefile:12: *** missing separator.  Stop." */
	at = sp_find(s, ": *** ");
	if (at > 0) {
		size_t i = 0;
		long c = sp_find(s, ":");

		t = (struct span){ s.p, c };
		i = c + 1;
		if (parse_num(s, &i, &out->line) && (long)i == at) {
			out->path = t.p;
			out->path_len = t.n;
			return out->kind = ML_MAKE_ERROR;
		}
		out->line = 0;
	}
	return out->kind;
}

/* ---- ml_first_error() ---- */

static const char *const error_kind_names[] = {
	[ML_ERR_COMPILER] = "compiler", [ML_ERR_LINKER] = "linker",
	[ML_ERR_MODPOST] = "modpost", [ML_ERR_KCONFIG] = "kconfig",
	[ML_ERR_MAKE] = "make", [ML_ERR_MAKE_FAILED] = "make-failed",
	[ML_ERR_TOOL] = "tool",
};

const char *ml_error_kind_name(enum ml_error_kind kind)
{
	if ((size_t)kind < ARRAY_SIZE(error_kind_names))
		return error_kind_names[kind];
	return "?";
}

void ml_error_release(struct ml_error *err)
{
	size_t i;

	free(err->file);
	free(err->message);
	free(err->function);
	for (i = 0; i < err->nr_includes; i++)
		free(err->includes[i]);
	for (i = 0; i < err->nr_context; i++)
		free(err->context[i]);
	memset(err, 0, sizeof(*err));
}

struct log_line {
	struct span s;		/* without the terminator */
	size_t off;
};

struct scan {
	const char *log;
	size_t len, pos;
};

static int next_line(struct scan *sc, struct log_line *l)
{
	const char *nl;

	if (sc->pos >= sc->len)
		return 0;
	l->off = sc->pos;
	l->s.p = sc->log + sc->pos;
	nl = memchr(l->s.p, '\n', sc->len - sc->pos);
	l->s.n = nl ? (size_t)(nl - l->s.p) : sc->len - sc->pos;
	sc->pos += l->s.n + (nl ? 1 : 0);
	l->s = sp_chomp(l->s);
	return 1;
}

/* "ld: ", "/usr/bin/ld: ", "x86_64-linux-gnu-ld: ", "ld.lld: " */
static int ld_prefix(struct span s, struct span *rest)
{
	long c = sp_find(s, ": ");
	struct span tool;
	size_t i;

	if (c <= 0)
		return 0;
	tool = (struct span){ s.p, c };
	for (i = 0; i < tool.n; i++)
		if (tool.p[i] == ' ')
			return 0;
	for (i = tool.n; i > 0 && tool.p[i - 1] != '/'; i--)
		;
	tool = sp_from(tool, i);
	if (!(sp_eq(tool, (struct span){ "ld", 2 }) || sp_ends(tool, "-ld") ||
	      sp_starts(tool, "ld.") || sp_find(tool, "-ld.") >= 0))
		return 0;
	*rest = sp_from(s, c + 2);
	return 1;
}

/*
 * An ld location and message: "file.c:12: undefined reference to `x'",
 * "file.o:(.text+0x5): undefined ...", "file.o: msg". The location has
 * no spaces; otherwise the whole text is the message.
 */
static void parse_ld_loc(struct span s, struct span *file, int *line,
			 struct span *msg)
{
	long c = sp_find(s, ": ");
	struct span loc;
	size_t i;

	file->n = 0;
	*line = 0;
	*msg = s;
	if (c <= 0)
		return;
	loc = (struct span){ s.p, c };
	for (i = 0; i < loc.n; i++)
		if (loc.p[i] == ' ')
			return;
	*msg = sp_from(s, c + 2);
	*file = loc;
	/* file:12 or file:(.text+0x5) */
	for (i = loc.n; i > 0; i--) {
		if (loc.p[i - 1] != ':')
			continue;
		if (i < loc.n && loc.p[i] == '(') {
			file->n = i - 1;
			break;
		}
		if (i < loc.n && isdigit((unsigned char)loc.p[i])) {
			size_t j = i;
			int v;

			parse_num(loc, &j, &v);
			if (j == loc.n) {
				file->n = i - 1;
				*line = v;
			}
			break;
		}
	}
	/* "a.o:b.c:12" (multiple definition): keep the source file */
	for (i = file->n; i > 0; i--)
		if (file->p[i - 1] == ':') {
			*file = sp_from(*file, i);
			break;
		}
}

static int is_kconfig_file(struct span f)
{
	size_t i;

	for (i = f.n; i > 0 && f.p[i - 1] != '/'; i--)
		;
	f = sp_from(f, i);
	return sp_starts(f, "Kconfig") || sp_eq(f, (struct span){ ".config", 7 });
}

/* "file: In function 'f':", "file: At top level:" */
static int function_header(struct span s, struct span *file,
			   struct span *what)
{
	long c = sp_find(s, ": In ");

	if (c < 0)
		c = sp_find(s, ": At top level:");
	if (c <= 0 || !sp_ends(s, ":") || s.p[0] == ' ')
		return 0;
	*file = (struct span){ s.p, c };
	*what = sp_from(s, c + 2);
	what->n--;
	return 1;
}

/* Lines that end the context of an error. */
static int ends_context(struct span s)
{
	struct ml_line ml;
	struct span a, b;
	enum ml_kind k = ml_classify(s.p, s.n, &ml);
	int v;
	size_t i = 0;

	if (k == ML_BLANK || is_step(k) || k == ML_IMAGE_READY ||
	    k == ML_MAKE_ENTER || k == ML_MAKE_LEAVE || k == ML_MAKE_ERROR ||
	    k == ML_DIAG_ERROR || k == ML_DIAG_WARNING)
		return 1;
	if (sp_starts(s, "In file included from ") ||
	    sp_starts(s, "compilation terminated") || sp_starts(s, "cc1") ||
	    sp_starts(s, "collect2") || sp_starts(s, "ERROR: ") ||
	    sp_starts(s, "WARNING: ") || sp_starts(s, "make") ||
	    function_header(s, &a, &b) || ld_prefix(s, &a))
		return 1;
	/* clang's "2 errors generated." */
	if (parse_num(s, &i, &v) && sp_find(s, " generated.") > 0)
		return 1;
	return 0;
}

struct state {
	struct ml_error *err;
	/* "In file included from" chain just seen */
	struct log_line chain[ML_MAX_INCLUDES];
	size_t nr_chain;
	int chain_open;		/* the previous line was part of it */
	struct span chain_file;	/* the file it leads to, once known */
	/* "file: In function 'f':" */
	struct span func_file, func;
	size_t func_off;
	int have_func;
	/* "ld: x.o: in function `f':" */
	struct span ld_func;
	size_t ld_off;
	int have_ld;
	/* the first "make: *** [...] Error N" */
	struct log_line make_failed;
	int have_make_failed;
};

static void reset_state(struct state *st)
{
	st->nr_chain = 0;
	st->chain_open = 0;
	st->chain_file.n = 0;
	st->have_func = 0;
	st->have_ld = 0;
}

static void set_error(struct state *st, enum ml_error_kind kind,
		      struct span file, int line, int column,
		      struct span msg, const struct log_line *l)
{
	struct ml_error *e = st->err;

	e->kind = kind;
	e->file = file.n ? sp_dup(file) : NULL;
	e->line = line;
	e->column = column;
	e->message = sp_dup(sp_trim(msg));
	e->werror = sp_find(msg, "[-Werror") >= 0;
	e->offset = l->off;
	e->block_offset = l->off;
}

/* Up to ML_MAX_CONTEXT lines after the error that belong to it. */
static void add_context(struct ml_error *e, struct scan sc)
{
	struct log_line l;

	while (e->nr_context < ML_MAX_CONTEXT && next_line(&sc, &l)) {
		if (ends_context(l.s))
			break;
		e->context[e->nr_context++] = sp_dup(l.s);
	}
}

static void compiler_error(struct state *st, const struct diag *d,
			   const struct log_line *l, struct scan *sc)
{
	struct ml_error *e = st->err;
	size_t i;

	set_error(st, is_kconfig_file(d->file) ? ML_ERR_KCONFIG :
		  ML_ERR_COMPILER, d->file, d->line, d->column, d->msg, l);
	if (st->nr_chain && (!st->chain_file.n ||
			     sp_eq(st->chain_file, d->file))) {
		for (i = 0; i < st->nr_chain; i++) {
			struct span c = sp_trim(st->chain[i].s);

			if (sp_ends(c, ":") || sp_ends(c, ","))
				c.n--;
			e->includes[e->nr_includes++] = sp_dup(c);
		}
		e->block_offset = st->chain[0].off;
	}
	if (st->have_func && sp_eq(st->func_file, d->file)) {
		e->function = sp_dup(st->func);
		if (st->func_off < e->block_offset)
			e->block_offset = st->func_off;
	}
	add_context(e, *sc);
}

static int modpost_error(struct state *st, struct span s,
			 const struct log_line *l, struct scan *sc)
{
	struct span msg, file = { NULL, 0 };
	long a, b;

	if (sp_starts(s, "ERROR: modpost: "))
		msg = sp_from(s, 16);
	else if (sp_starts(s, "FATAL: modpost: "))
		msg = sp_from(s, 16);
	else if (sp_starts(s, "ERROR: \""))
		msg = sp_from(s, 7);
	else
		return 0;
	a = sp_find(msg, "[");
	if (a >= 0) {
		file = sp_from(msg, a + 1);
		b = sp_find(file, "]");
		file.n = b >= 0 ? (size_t)b : 0;
	}
	set_error(st, ML_ERR_MODPOST, file, 0, 0, msg, l);
	add_context(st->err, *sc);
	return 1;
}

static int make_error(struct state *st, struct span s,
		      const struct log_line *l, struct scan *sc)
{
	struct ml_line ml;
	struct span rest, msg;
	int level;

	if (ml_classify(s.p, s.n, &ml) != ML_MAKE_ERROR)
		return 0;
	if (!make_prefix(s, &level, &rest)) {
		/* Makefile:12: *** missing separator.  Stop. */
		msg = sp_from(s, sp_find(s, ": *** ") + 6);
		if (sp_ends(msg, "  Stop."))
			msg.n -= 7;
		set_error(st, ML_ERR_MAKE, (struct span){ ml.path, ml.path_len },
			  ml.line, 0, msg, l);
		return 1;
	}
	msg = sp_from(rest, 4);
	if (sp_starts(msg, "[")) {
		if (!st->have_make_failed) {
			st->make_failed = *l;
			st->have_make_failed = 1;
		}
		return 0;
	}
	/* consequences of an error above, or of an interrupt */
	if (sp_starts(msg, "Waiting for unfinished") ||
	    sp_starts(msg, "Deleting file") ||
	    sp_starts(msg, "Deleting intermediate file"))
		return 0;
	if (sp_ends(msg, "  Stop."))
		msg.n -= 7;
	if (sp_ends(msg, "."))
		msg.n--;
	set_error(st, ML_ERR_MAKE, (struct span){ ml.path, ml.path_len }, 0, 0,
		  msg, l);
	(void)sc;
	return 1;
}

static int linker_error(struct state *st, struct span s,
			const struct log_line *l, struct scan *sc)
{
	struct span rest, file, msg;
	long f;
	int line;

	if (!ld_prefix(s, &rest)) {
		/* the location line under "ld: x.o: in function `f':" */
		struct diag d;

		if (!st->have_ld || parse_diag(s, &d) || ends_context(s))
			return 0;
		parse_ld_loc(s, &file, &line, &msg);
		if (!file.n)
			return 0;
		goto found;
	}
	if (sp_starts(rest, "warning: ")) {
		st->have_ld = 0;
		return 0;
	}
	f = sp_find(rest, "in function `");
	if (f >= 0) {
		long q = sp_find(sp_from(rest, f), "':");
		struct span after;

		if (q >= 0) {
			st->ld_func = sp_from(rest, f);
			st->ld_func.n = q + 1;
			st->ld_off = l->off;
			st->have_ld = 1;
			after = sp_trim(sp_from(rest, f + q + 2));
			if (!after.n)
				return 0;
			/* one-line form: "... in function `f': a.c:1: msg" */
			parse_ld_loc(after, &file, &line, &msg);
			goto found;
		}
	}
	if (sp_starts(rest, "error: ")) {
		file.n = 0;
		line = 0;
		msg = sp_from(rest, 7);
	} else {
		st->have_ld = 0;
		parse_ld_loc(rest, &file, &line, &msg);
	}
found:
	set_error(st, ML_ERR_LINKER, file, line, 0, msg, l);
	if (st->have_ld) {
		st->err->function = sp_dup(st->ld_func);
		st->err->block_offset = st->ld_off;
	}
	add_context(st->err, *sc);
	/* ld.lld: ">>> referenced by file.c:12" */
	if (!st->err->file && st->err->nr_context) {
		struct span c = sp_trim((struct span){ st->err->context[0],
					strlen(st->err->context[0]) });
		struct span where;
		size_t i;

		if (sp_starts(c, ">>> referenced by ")) {
			where = sp_trim(sp_from(c, 18));
			for (i = where.n; i > 0 && where.p[i - 1] != ':'; i--)
				;
			if (i > 1) {
				size_t j = i;
				int v;

				if (parse_num(where, &j, &v) && j == where.n)
					st->err->line = v;
				where.n = i - 1;
			}
			st->err->file = sp_dup(where);
		}
	}
	return 1;
}

/* "Kconfig:4: syntax error", "*** Error during sync of the config..." */
static int kconfig_error(struct state *st, struct span s,
			 const struct log_line *l, struct scan *sc)
{
	struct span file, msg;
	size_t i;
	long c;
	int line;

	if (sp_starts(s, "*** Error during ") ||
	    (sp_starts(s, "*** Configuration file ") &&
	     sp_find(s, "not found") > 0)) {
		set_error(st, ML_ERR_KCONFIG, (struct span){ NULL, 0 }, 0, 0,
			  sp_from(s, 4), l);
		add_context(st->err, *sc);
		return 1;
	}
	c = sp_find(s, ":");
	if (c <= 0)
		return 0;
	file = (struct span){ s.p, c };
	if (!is_kconfig_file(file))
		return 0;
	i = c + 1;
	if (!parse_num(s, &i, &line) || i >= s.n || s.p[i] != ':')
		return 0;
	msg = sp_trim(sp_from(s, i + 1));
	if (!msg.n || sp_starts(msg, "warning") || sp_starts(msg, "note"))
		return 0;
	set_error(st, ML_ERR_KCONFIG, file, line, 0, msg, l);
	add_context(st->err, *sc);
	return 1;
}

/* "gcc: error: x.c: No such file", "cc1: fatal error: ..." */
static int tool_error(struct state *st, struct span s,
		      const struct log_line *l, struct scan *sc)
{
	long c = sp_find(s, ": ");
	struct span rest;
	size_t i;

	if (c <= 0)
		return 0;
	for (i = 0; i < (size_t)c; i++)
		if (s.p[i] == ' ' || s.p[i] == ':')
			return 0;
	rest = sp_from(s, c + 2);
	if (sp_starts(rest, "error: "))
		rest = sp_from(rest, 7);
	else if (sp_starts(rest, "fatal error: "))
		rest = sp_from(rest, 13);
	else
		return 0;
	set_error(st, ML_ERR_TOOL, (struct span){ NULL, 0 }, 0, 0, rest, l);
	add_context(st->err, *sc);
	return 1;
}

int ml_first_error(const char *log, size_t len, struct ml_error *err)
{
	struct scan sc = { log, len, 0 };
	struct state st;
	struct log_line l;
	struct ml_line ml;
	struct diag d;
	struct span a, b;

	memset(err, 0, sizeof(*err));
	memset(&st, 0, sizeof(st));
	st.err = err;
	while (next_line(&sc, &l)) {
		struct span s = l.s;
		enum ml_kind k;

		if (sp_starts(s, "In file included from ")) {
			if (!st.chain_open) {
				st.nr_chain = 0;
				st.chain_file.n = 0;
			}
			if (st.nr_chain < ML_MAX_INCLUDES)
				st.chain[st.nr_chain++] = l;
			st.chain_open = 1;
			continue;
		}
		if (st.chain_open && sp_starts(sp_trim(s), "from ") &&
		    s.n && s.p[0] == ' ') {
			if (st.nr_chain < ML_MAX_INCLUDES)
				st.chain[st.nr_chain++] = l;
			continue;
		}
		st.chain_open = 0;
		k = ml_classify(s.p, s.n, &ml);
		if (is_step(k) || k == ML_MAKE_ENTER || k == ML_MAKE_LEAVE) {
			reset_state(&st);
			continue;
		}
		if (function_header(s, &a, &b)) {
			st.func_file = a;
			st.func = b;
			st.func_off = l.off;
			st.have_func = 1;
			continue;
		}
		if (parse_diag(s, &d)) {
			if (st.nr_chain && !st.chain_file.n)
				st.chain_file = d.file;
			if (d.kind == ML_DIAG_ERROR) {
				compiler_error(&st, &d, &l, &sc);
				return 1;
			}
			continue;
		}
		if (make_error(&st, s, &l, &sc) ||
		    modpost_error(&st, s, &l, &sc) ||
		    linker_error(&st, s, &l, &sc) ||
		    kconfig_error(&st, s, &l, &sc) ||
		    tool_error(&st, s, &l, &sc))
			return 1;
	}
	if (st.have_make_failed) {
		struct ml_line m;

		ml_classify(st.make_failed.s.p, st.make_failed.s.n, &m);
		set_error(&st, ML_ERR_MAKE_FAILED,
			  (struct span){ m.path, m.path_len }, 0, 0,
			  st.make_failed.s, &st.make_failed);
		return 1;
	}
	return 0;
}

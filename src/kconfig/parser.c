// SPDX-License-Identifier: GPL-2.0
/*
 * The Kconfig language (Documentation/kbuild/kconfig-language.rst):
 * a lexer over in-memory files and a recursive-descent parser that
 * builds the symbols and the menu tree.
 *
 * Lexing follows the language's rules: a statement ends at a newline
 * (a backslash before it continues the line), '#' starts a comment,
 * words are [A-Za-z0-9_-]+ and keywords are words, strings are quoted
 * with " or ' and take backslash escapes. A word holding '$' is
 * expanded by the preprocessor and stays one word (dropped when
 * empty); in a string a $(...) reference is expanded in place. After
 * "NAME =", ":=" or "+=" at the start of a line, the rest of the line
 * is the value, unexpanded. After "help", the text indented more than
 * its first line is the help.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lib/error.h"
#include "lib/file.h"

/* menu.c */
struct kmenu *kc_menu_add_entry(struct kconfig *kc, enum kmenu_type type,
				struct ksym *sym, const char *file, int line);
void kc_menu_begin_block(struct kconfig *kc);
void kc_menu_end_block(struct kconfig *kc);
void kc_menu_add_dep(struct kconfig *kc, struct kexpr *dep);
void kc_menu_add_visibility(struct kconfig *kc, struct kexpr *e);
void kc_menu_set_type(struct kconfig *kc, struct kmenu *m,
		      enum ksym_type type);
struct kprop *kc_menu_add_prop(struct kconfig *kc, enum kprop_type type,
			       struct kexpr *expr, struct kexpr *dep,
			       const char *file, int line);
struct kprop *kc_menu_add_prompt(struct kconfig *kc, enum kprop_type type,
				 const char *text, struct kexpr *dep,
				 const char *file, int line);

enum tok {
	T_EOF, T_EOL, T_WORD, T_WORD_QUOTE, T_HELPTEXT, T_ASSIGN_VAL,
	/* keywords, in the order of the table below */
	T_BOOL, T_CHOICE, T_COMMENT, T_CONFIG, T_DEF_BOOL, T_DEF_TRISTATE,
	T_DEFAULT, T_DEPENDS, T_ENDCHOICE, T_ENDIF, T_ENDMENU, T_HELP, T_HEX,
	T_IF, T_IMPLY, T_INT, T_MAINMENU, T_MENU, T_MENUCONFIG, T_MODULES,
	T_ON, T_OPTIONAL, T_PROMPT, T_RANGE, T_SELECT, T_SOURCE, T_STRING,
	T_TRISTATE, T_VISIBLE,
	/* operators */
	T_OR, T_AND, T_EQUAL, T_UNEQUAL, T_LESS, T_LESS_EQUAL, T_GREATER,
	T_GREATER_EQUAL, T_NOT, T_OPEN_PAREN, T_CLOSE_PAREN, T_COLON_EQUAL,
	T_PLUS_EQUAL,
	T_NONE,			/* lexer: an expansion to nothing */
};

static const char *const keywords[] = {
	"bool", "choice", "comment", "config", "def_bool", "def_tristate",
	"default", "depends", "endchoice", "endif", "endmenu", "help", "hex",
	"if", "imply", "int", "mainmenu", "menu", "menuconfig", "modules",
	"on", "optional", "prompt", "range", "select", "source", "string",
	"tristate", "visible",
};

static const char *const operators[] = {
	"||", "&&", "=", "!=", "<", "<=", ">", ">=", "!", "(", ")", ":=",
	"+=",
};

struct kc_file {
	struct kc_file *parent;
	const char *name;
	struct strbuf buf;
	size_t pos;
	int line;
	bool ended;		/* its last T_EOL was returned */
};

enum lex_mode { M_NORMAL, M_HELP, M_ASSIGN };

struct parser {
	struct kconfig *kc;
	struct kc_pp *pp;
	const struct kconfig_parse_opts *opts;
	bool quiet;

	/* lexer */
	struct kc_file *file;
	enum lex_mode mode;
	enum tok prev, prev_prev;
	struct strbuf text;
	const char *stmt_file;		/* where the statement began */
	int stmt_line;
	int tok_line;			/* line of the last token */
	bool fatal;

	/* one token of lookahead */
	enum tok tok;
	bool have_tok;

	int errors;
	bool first_stmt;
};

/* Messages */

static void perr(struct parser *p, const char *file, int line,
		 const char *fmt, ...) PRINTF(4, 5);

static void perr(struct parser *p, const char *file, int line,
		 const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	p->errors++;
	/* after a fatal error, the rest is only its consequence */
	if (p->quiet || p->fatal)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("%s:%d: %s", file, line, sb.buf);
	strbuf_release(&sb);
}

static const char *cur_name(struct parser *p)
{
	return p->file ? p->file->name : p->stmt_file;
}

/* Lexer */

static bool is_word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int cur(struct parser *p, size_t off)
{
	struct kc_file *f = p->file;

	if (f->pos + off >= f->buf.len)
		return -1;
	return (unsigned char)f->buf.buf[f->pos + off];
}

/* The rest of the current line, from the current position. */
static char *rest_of_line(struct parser *p)
{
	struct kc_file *f = p->file;
	const char *s = f->buf.buf + f->pos;
	const char *nl = memchr(s, '\n', f->buf.len - f->pos);

	return xstrndup(s, nl ? (size_t)(nl - s) : f->buf.len - f->pos);
}

static void warn_char(struct parser *p, int c)
{
	kc_warn(p->kc, cur_name(p), p->file->line,
		"ignoring unsupported character '%c'", c);
}

static enum tok lex_string(struct parser *p, int quote)
{
	struct kc_file *f = p->file;

	strbuf_reset(&p->text);
	for (;;) {
		int c = cur(p, 0);

		if (c < 0)
			return T_WORD_QUOTE;
		if (c == '\n') {
			kc_warn(p->kc, f->name, f->line,
				"multi-line strings not supported");
			return T_WORD_QUOTE;
		}
		if (c == '$') {
			char *line = rest_of_line(p);
			const char *s = line + 1;
			char *res;

			kc_pp_set_pos(p->pp, f->name, f->line);
			res = kc_pp_expand_dollar(p->pp, &s);
			strbuf_addstr(&p->text, res);
			free(res);
			f->pos += (size_t)(s - line);
			free(line);
			if (kc_pp_failed(p->pp)) {
				p->fatal = true;
				return T_EOF;
			}
			continue;
		}
		if (c == '\\') {
			c = cur(p, 1);
			if (c >= 0 && c != '\n') {
				strbuf_addch(&p->text, (char)c);
				f->pos += 2;
			} else {
				f->pos++;
			}
			continue;
		}
		f->pos++;
		if (c == quote)
			return T_WORD_QUOTE;
		strbuf_addch(&p->text, (char)c);
	}
}

/*
 * Help text: the first line's indentation (tabs to multiples of 8) is
 * the reference; less indented text ends it, and so does a blank line
 * followed by unindented text.
 */
static enum tok lex_help(struct parser *p)
{
	struct kc_file *f = p->file;
	int first_ts = 0, last_ts = 0;

	strbuf_reset(&p->text);
	p->mode = M_NORMAL;
	for (;;) {
		size_t i = 0;
		int ts = 0, c;

		/* blanks at the start of a line */
		while ((c = cur(p, i)) == ' ' || c == '\t') {
			ts = c == '\t' ? (ts & ~7) + 8 : ts + 1;
			i++;
		}
		if (c < 0) {
			f->pos += i;
			return T_HELPTEXT;
		}
		if (c == '\n') {
			int next = cur(p, i + 1);

			f->pos += i + 1;
			f->line++;
			if (next >= 0 && next != ' ' && next != '\t' &&
			    next != '\n')
				return T_HELPTEXT;
			strbuf_addch(&p->text, '\n');
			continue;
		}
		f->pos += i;
		if (i) {
			last_ts = ts;
			if (first_ts) {
				if (ts < first_ts)
					return T_HELPTEXT;
				ts -= first_ts;
				while (ts > 8) {
					strbuf_addstr(&p->text, "        ");
					ts -= 8;
				}
				strbuf_addchars(&p->text, ' ', (size_t)ts);
			}
		}
		/* the text, without trailing blanks */
		i = 0;
		while ((c = cur(p, i)) >= 0 && c != '\n')
			i++;
		{
			size_t n = i;

			while (n && (f->buf.buf[f->pos + n - 1] == ' ' ||
				     f->buf.buf[f->pos + n - 1] == '\t'))
				n--;
			strbuf_add(&p->text, f->buf.buf + f->pos, n);
		}
		f->pos += i;
		if (!first_ts)
			first_ts = last_ts;
	}
}

/*
 * The end of a file ends its last statement. The file stays current
 * until the next token: a "source" on its last line is still its.
 */
static enum tok end_of_file(struct parser *p)
{
	struct kc_file *f = p->file;

	p->mode = M_NORMAL;
	if (p->prev != T_EOL && p->prev != T_HELPTEXT)
		kc_warn(p->kc, f->name, f->line, "no new line at end of file");
	f->ended = true;
	return T_EOL;
}

static void pop_file(struct parser *p)
{
	struct kc_file *f = p->file;

	p->file = f->parent;
	strbuf_release(&f->buf);
	free(f);
}

static enum tok lex_word(struct parser *p)
{
	struct kc_file *f = p->file;
	size_t i = 0;
	bool dollar = false;
	int c;

	while ((c = cur(p, i)) >= 0 && (is_word_char(c) || c == '$')) {
		if (c == '$')
			dollar = true;
		i++;
	}
	if (dollar) {
		char *line = rest_of_line(p);
		const char *s = line;
		char *res;

		kc_pp_set_pos(p->pp, f->name, f->line);
		res = kc_pp_expand_token(p->pp, &s);
		f->pos += (size_t)(s - line);
		free(line);
		if (kc_pp_failed(p->pp)) {
			free(res);
			p->fatal = true;
			return T_EOF;
		}
		strbuf_reset(&p->text);
		strbuf_addstr(&p->text, res);
		free(res);
		/* an empty expansion is no token at all */
		return p->text.len ? T_WORD : T_NONE;
	}
	strbuf_reset(&p->text);
	strbuf_add(&p->text, f->buf.buf + f->pos, i);
	f->pos += i;
	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(keywords[i], p->text.buf))
			return (enum tok)(T_BOOL + i);
	return T_WORD;
}

static enum tok lex_assign(struct parser *p)
{
	struct kc_file *f = p->file;
	int c;

	while ((c = cur(p, 0)) == ' ' || c == '\t')
		f->pos++;
	if (c < 0)
		return end_of_file(p);
	if (c == '\n') {
		f->pos++;
		f->line++;
		p->mode = M_NORMAL;
		return T_EOL;
	}
	{
		char *line = rest_of_line(p);

		strbuf_reset(&p->text);
		strbuf_addstr(&p->text, line);
		f->pos += strlen(line);
		free(line);
		/* a NUL byte ends the value; skip the rest of the line */
		while ((c = cur(p, 0)) >= 0 && c != '\n')
			f->pos++;
	}
	return T_ASSIGN_VAL;
}

static enum tok lex1(struct parser *p)
{
	for (;;) {
		struct kc_file *f = p->file;
		int c, c2;
		enum tok t;

		if (!f)
			return T_EOF;
		if (f->ended) {
			pop_file(p);
			continue;
		}
		if (p->mode == M_HELP)
			return lex_help(p);
		if (p->mode == M_ASSIGN)
			return lex_assign(p);
		c = cur(p, 0);
		if (c < 0)
			return end_of_file(p);
		c2 = cur(p, 1);
		switch (c) {
		case '#':
			while ((c = cur(p, 0)) >= 0 && c != '\n')
				f->pos++;
			continue;
		case ' ':
		case '\t':
			f->pos++;
			continue;
		case '\\':
			if (c2 == '\n') {
				f->pos += 2;
				f->line++;
			} else {
				warn_char(p, c);
				f->pos++;
			}
			continue;
		case '\n':
			f->pos++;
			f->line++;
			return T_EOL;
		case '"':
		case '\'':
			f->pos++;
			return lex_string(p, c);
		}
		if (is_word_char(c) || c == '$') {
			t = lex_word(p);
			if (t == T_NONE)
				continue;
			return t;
		}
		/* operators: the longest that matches */
		{
			size_t i, best = ARRAY_SIZE(operators), len = 0;

			for (i = 0; i < ARRAY_SIZE(operators); i++) {
				size_t n = strlen(operators[i]);

				if (n > len && c == operators[i][0] &&
				    (n == 1 || c2 == operators[i][1])) {
					best = i;
					len = n;
				}
			}
			if (best < ARRAY_SIZE(operators)) {
				f->pos += len;
				return (enum tok)(T_OR + best);
			}
		}
		warn_char(p, c);
		f->pos++;
	}
}

static enum tok lex(struct parser *p)
{
	enum tok t;

	for (;;) {
		t = lex1(p);
		if (p->fatal)
			return T_EOF;
		p->tok_line = p->file ? p->file->line : p->stmt_line;
		if (p->prev == T_EOL || p->prev == T_HELPTEXT) {
			/* blank lines are not statements */
			if (t == T_EOL)
				continue;
			p->stmt_file = cur_name(p);
			p->stmt_line = p->tok_line;
		}
		break;
	}
	if (p->prev_prev == T_EOL && p->prev == T_WORD &&
	    (t == T_EQUAL || t == T_COLON_EQUAL || t == T_PLUS_EQUAL))
		p->mode = M_ASSIGN;
	p->prev_prev = p->prev;
	p->prev = t;
	return t;
}

/* Files */

static int push_file(struct parser *p, const char *name)
{
	struct kc_file *f, *it;
	const char *kept = kc_strdup(p->kc, name);

	for (it = p->file; it; it = it->parent) {
		if (strcmp(it->name, name))
			continue;
		perr(p, p->stmt_file, p->stmt_line,
		     "recursive inclusion of '%s'", name);
		p->fatal = true;
		return -1;
	}
	f = xcalloc(1, sizeof(*f));
	strbuf_init(&f->buf, 0);
	if (p->opts->read_file(p->opts->data, name, &f->buf)) {
		int err = errno;

		if (p->file) {
			perr(p, p->stmt_file, p->stmt_line,
			     "can't open file \"%s\": %s", name,
			     strerror(err));
		} else {
			p->errors++;
			if (!p->quiet)
				error("cannot read '%s': %s", name,
				      strerror(err));
		}
		strbuf_release(&f->buf);
		free(f);
		p->fatal = true;
		return -1;
	}
	f->name = kept;
	f->line = 1;
	f->parent = p->file;
	p->file = f;
	return 0;
}

/* Parser */

static enum tok peek(struct parser *p)
{
	if (!p->have_tok) {
		p->tok = lex(p);
		p->have_tok = true;
	}
	return p->tok;
}

static void next(struct parser *p)
{
	p->have_tok = false;
}

static const char *tok_name(struct parser *p, enum tok t)
{
	switch (t) {
	case T_EOF:
		return "end of file";
	case T_EOL:
		return "end of line";
	case T_WORD:
	case T_WORD_QUOTE:
		return p->text.buf;
	case T_HELPTEXT:
		return "help text";
	case T_ASSIGN_VAL:
		return "value";
	default:
		if (t >= T_OR)
			return operators[t - T_OR];
		return keywords[t - T_BOOL];
	}
}

/* Skip the rest of a statement after an error. */
static void recover(struct parser *p)
{
	enum tok t;

	while ((t = peek(p)) != T_EOF) {
		next(p);
		if (t == T_EOL)
			break;
	}
}

static void syntax_error(struct parser *p)
{
	enum tok t = peek(p);

	if (t == T_EOL || t == T_EOF)
		perr(p, p->stmt_file, p->stmt_line,
		     "syntax error: unexpected %s", tok_name(p, t));
	else
		perr(p, cur_name(p), p->tok_line,
		     "syntax error near '%s'", tok_name(p, t));
}

static bool expect(struct parser *p, enum tok t)
{
	if (peek(p) != t) {
		syntax_error(p);
		return false;
	}
	next(p);
	return true;
}

static struct kexpr *parse_expr(struct parser *p);

static struct ksym *parse_symbol(struct parser *p, bool allow_const)
{
	enum tok t = peek(p);
	struct ksym *sym;

	if (t != T_WORD && (t != T_WORD_QUOTE || !allow_const)) {
		syntax_error(p);
		return NULL;
	}
	sym = kc_sym_lookup(p->kc, p->text.buf, t == T_WORD_QUOTE);
	next(p);
	return sym;
}

static struct kexpr *parse_primary(struct parser *p)
{
	static const enum kexpr_type cmp[] = {
		[T_EQUAL - T_OR] = KE_EQUAL,
		[T_UNEQUAL - T_OR] = KE_UNEQUAL,
		[T_LESS - T_OR] = KE_LTH,
		[T_LESS_EQUAL - T_OR] = KE_LEQ,
		[T_GREATER - T_OR] = KE_GTH,
		[T_GREATER_EQUAL - T_OR] = KE_GEQ,
	};
	struct ksym *a, *b;
	struct kexpr *e;
	enum tok t = peek(p);

	if (t == T_NOT) {
		next(p);
		e = parse_primary(p);
		return e ? kc_expr_one(p->kc, KE_NOT, e) : NULL;
	}
	if (t == T_OPEN_PAREN) {
		next(p);
		e = parse_expr(p);
		if (!e || !expect(p, T_CLOSE_PAREN))
			return NULL;
		return e;
	}
	a = parse_symbol(p, true);
	if (!a)
		return NULL;
	t = peek(p);
	if (t < T_EQUAL || t > T_GREATER_EQUAL)
		return kc_expr_sym(p->kc, a);
	next(p);
	b = parse_symbol(p, true);
	if (!b)
		return NULL;
	return kc_expr_comp(p->kc, cmp[t - T_OR], a, b);
}

static struct kexpr *parse_and(struct parser *p)
{
	struct kexpr *e = parse_primary(p), *r;

	while (e && peek(p) == T_AND) {
		next(p);
		r = parse_primary(p);
		if (!r)
			return NULL;
		e = kc_expr_two(p->kc, KE_AND, e, r);
	}
	return e;
}

static struct kexpr *parse_expr(struct parser *p)
{
	struct kexpr *e = parse_and(p), *r;

	while (e && peek(p) == T_OR) {
		next(p);
		r = parse_and(p);
		if (!r)
			return NULL;
		e = kc_expr_two(p->kc, KE_OR, e, r);
	}
	return e;
}

/* [if EXPR] EOL; false after a syntax error (reported) */
static bool parse_if_eol(struct parser *p, struct kexpr **cond)
{
	*cond = NULL;
	if (peek(p) == T_IF) {
		next(p);
		*cond = parse_expr(p);
		if (!*cond)
			return false;
	}
	return expect(p, T_EOL);
}

static const char *take_text(struct parser *p)
{
	return kc_strdup(p->kc, p->text.buf);
}

static bool parse_help(struct parser *p, struct kmenu *m)
{
	const char *file = p->stmt_file;
	int line = p->stmt_line;
	const char *s;

	next(p);
	if (!expect(p, T_EOL))
		return false;
	p->mode = M_HELP;
	if (peek(p) != T_HELPTEXT) {
		syntax_error(p);
		return false;
	}
	next(p);
	if (m->help)
		kc_warn(p->kc, file, line,
			"'%s' defined with more than one help text -- only the last one will be used",
			m->sym && m->sym->name ? m->sym->name : "<choice>");
	for (s = p->text.buf; *s && isspace((unsigned char)*s); s++)
		;
	if (!*s)
		kc_warn(p->kc, file, line, "'%s' defined with blank help text",
			m->sym && m->sym->name ? m->sym->name : "<choice>");
	m->help = take_text(p);
	return true;
}

static bool parse_depends(struct parser *p)
{
	struct kexpr *e;

	next(p);
	if (!expect(p, T_ON))
		return false;
	e = parse_expr(p);
	if (!e || !expect(p, T_EOL))
		return false;
	kc_menu_add_dep(p->kc, e);
	return true;
}

static enum ksym_type type_of(enum tok t)
{
	switch (t) {
	case T_BOOL:
	case T_DEF_BOOL:
		return KS_BOOL;
	case T_TRISTATE:
	case T_DEF_TRISTATE:
		return KS_TRISTATE;
	case T_INT:
		return KS_INT;
	case T_HEX:
		return KS_HEX;
	case T_STRING:
		return KS_STRING;
	default:
		return KS_UNKNOWN;
	}
}

/* TYPE ["prompt" [if EXPR]] EOL */
static bool parse_type(struct parser *p, struct kmenu *m)
{
	const char *file = p->stmt_file;
	int line = p->stmt_line;
	enum ksym_type type = type_of(peek(p));
	struct kexpr *cond = NULL;

	next(p);
	if (peek(p) == T_WORD_QUOTE) {
		const char *text = take_text(p);

		next(p);
		if (!parse_if_eol(p, &cond))
			return false;
		kc_menu_add_prompt(p->kc, KP_PROMPT, text, cond, file, line);
	} else if (!expect(p, T_EOL)) {
		return false;
	}
	kc_menu_set_type(p->kc, m, type);
	return true;
}

static bool parse_prompt(struct parser *p)
{
	const char *file = p->stmt_file, *text;
	int line = p->stmt_line;
	struct kexpr *cond;

	next(p);
	if (peek(p) != T_WORD_QUOTE) {
		syntax_error(p);
		return false;
	}
	text = take_text(p);
	next(p);
	if (!parse_if_eol(p, &cond))
		return false;
	kc_menu_add_prompt(p->kc, KP_PROMPT, text, cond, file, line);
	return true;
}

/*
 * The options of a config or menuconfig entry, up to the first token
 * that is not one; an option with an error is skipped.
 */
static void parse_config_options(struct parser *p, struct kmenu *m)
{
	struct kconfig *kc = p->kc;

	for (;;) {
		enum tok t = peek(p);
		const char *file = p->stmt_file;
		int line = p->stmt_line;
		struct kexpr *e, *cond;
		struct ksym *s1, *s2;
		bool ok = true;

		switch (t) {
		case T_BOOL:
		case T_TRISTATE:
		case T_INT:
		case T_HEX:
		case T_STRING:
			ok = parse_type(p, m);
			break;
		case T_PROMPT:
			ok = parse_prompt(p);
			break;
		case T_DEFAULT:
		case T_DEF_BOOL:
		case T_DEF_TRISTATE:
			next(p);
			e = parse_expr(p);
			ok = e && parse_if_eol(p, &cond);
			if (!ok)
				break;
			kc_menu_add_prop(kc, KP_DEFAULT, e, cond, file, line);
			if (t != T_DEFAULT)
				kc_menu_set_type(kc, m, type_of(t));
			break;
		case T_SELECT:
		case T_IMPLY:
			next(p);
			s1 = parse_symbol(p, false);
			ok = s1 && parse_if_eol(p, &cond);
			if (ok)
				kc_menu_add_prop(kc, t == T_SELECT ? KP_SELECT
								   : KP_IMPLY,
						 kc_expr_sym(kc, s1), cond,
						 file, line);
			break;
		case T_RANGE:
			next(p);
			s1 = parse_symbol(p, true);
			s2 = s1 ? parse_symbol(p, true) : NULL;
			ok = s2 && parse_if_eol(p, &cond);
			if (ok)
				kc_menu_add_prop(kc, KP_RANGE,
						 kc_expr_comp(kc, KE_RANGE,
							      s1, s2),
						 cond, file, line);
			break;
		case T_MODULES:
			next(p);
			ok = expect(p, T_EOL);
			if (!ok)
				break;
			if (kc->modules_sym)
				perr(p, file, line,
				     "symbol '%s' redefines option 'modules' already defined by symbol '%s'",
				     m->sym->name, kc->modules_sym->name);
			else
				kc->modules_sym = m->sym;
			break;
		case T_DEPENDS:
			ok = parse_depends(p);
			break;
		case T_HELP:
			ok = parse_help(p, m);
			break;
		default:
			return;
		}
		if (!ok)
			recover(p);
	}
}

static void parse_config(struct parser *p, bool menuconfig)
{
	const char *file = p->stmt_file;
	int line = p->stmt_line;
	struct ksym *sym;
	struct kmenu *m;

	next(p);
	sym = parse_symbol(p, false);
	if (!sym || !expect(p, T_EOL)) {
		recover(p);
		return;
	}
	sym->flags |= KSYM_OPTIONAL;
	m = kc_menu_add_entry(p->kc, menuconfig ? KM_MENUCONFIG : KM_CONFIG,
			      sym, file, line);
	parse_config_options(p, m);
	if (menuconfig) {
		if (m->prompt)
			m->prompt->type = KP_MENU;
		else
			kc_warn(p->kc, file, line,
				"menuconfig statement without prompt");
	}
}

enum ctx { C_TOP, C_MENU, C_IF, C_CHOICE };

static enum tok parse_stmts(struct parser *p, enum ctx ctx, bool in_choice);

/* The end of a block: ENDxxx EOL, in the file where it began. */
static void parse_block_end(struct parser *p, struct kmenu *m,
			    enum tok want, const char *what)
{
	enum tok t = peek(p);

	if (t == T_EOF) {
		if (!p->fatal)
			perr(p, m->file, m->line,
			     "missing end statement for this entry");
		kc_menu_end_block(p->kc);
		return;
	}
	if (t != want)
		perr(p, p->stmt_file, p->stmt_line,
		     "unexpected '%s' within %s block", tok_name(p, t), what);
	else if (strcmp(p->stmt_file, m->file))
		perr(p, p->stmt_file, p->stmt_line,
		     "'%s' in different file than '%s' (%s:%d)",
		     tok_name(p, t), what, m->file, m->line);
	next(p);
	if (!expect(p, T_EOL))
		recover(p);
	kc_menu_end_block(p->kc);
}

static void parse_choice(struct parser *p)
{
	struct kconfig *kc = p->kc;
	const char *file = p->stmt_file;
	int line = p->stmt_line;
	struct ksym *sym = NULL;
	struct kmenu *m;

	next(p);
	if (peek(p) == T_WORD) {
		/* a named choice can be defined in several places */
		sym = kc_sym_new_choice(kc, p->text.buf);
		next(p);
	}
	if (!expect(p, T_EOL)) {
		recover(p);
		return;
	}
	if (!sym)
		sym = kc_sym_new_choice(kc, NULL);
	sym->flags |= KSYM_NO_WRITE;
	m = kc_menu_add_entry(kc, KM_CHOICE, sym, file, line);
	for (;;) {
		enum tok t = peek(p);
		const char *pf = p->stmt_file;
		int pl = p->stmt_line;
		struct kexpr *cond;
		struct ksym *def;
		bool ok = true;

		if (t == T_PROMPT) {
			ok = parse_prompt(p);
		} else if (t == T_BOOL || t == T_TRISTATE) {
			ok = parse_type(p, m);
		} else if (t == T_OPTIONAL) {
			next(p);
			ok = expect(p, T_EOL);
			if (ok)
				sym->flags |= KSYM_OPTIONAL;
		} else if (t == T_DEFAULT) {
			next(p);
			def = parse_symbol(p, false);
			ok = def && parse_if_eol(p, &cond);
			if (ok)
				kc_menu_add_prop(kc, KP_DEFAULT,
						 kc_expr_sym(kc, def), cond,
						 pf, pl);
		} else if (t == T_DEPENDS) {
			ok = parse_depends(p);
		} else if (t == T_HELP) {
			ok = parse_help(p, m);
		} else {
			break;
		}
		if (!ok)
			recover(p);
	}
	kc_menu_begin_block(kc);
	parse_stmts(p, C_CHOICE, true);
	parse_block_end(p, m, T_ENDCHOICE, "choice");
}

static void parse_if(struct parser *p, bool in_choice)
{
	const char *file = p->stmt_file;
	int line = p->stmt_line;
	struct kexpr *e;
	struct kmenu *m;

	next(p);
	e = parse_expr(p);
	if (!e || !expect(p, T_EOL)) {
		recover(p);
		e = NULL;
	}
	m = kc_menu_add_entry(p->kc, KM_IF, NULL, file, line);
	kc_menu_add_dep(p->kc, e);
	kc_menu_begin_block(p->kc);
	parse_stmts(p, C_IF, in_choice);
	parse_block_end(p, m, T_ENDIF, "if");
}

/* menu "TITLE" / comment "TEXT" and their options */
static void parse_menu(struct parser *p, bool comment)
{
	struct kconfig *kc = p->kc;
	const char *file = p->stmt_file, *text;
	int line = p->stmt_line;
	struct kmenu *m;

	next(p);
	if (peek(p) != T_WORD_QUOTE) {
		syntax_error(p);
		recover(p);
		return;
	}
	text = take_text(p);
	next(p);
	if (!expect(p, T_EOL)) {
		recover(p);
		return;
	}
	m = kc_menu_add_entry(kc, comment ? KM_COMMENT : KM_MENU, NULL,
			      file, line);
	kc_menu_add_prompt(kc, comment ? KP_COMMENT : KP_MENU, text, NULL,
			   file, line);
	for (;;) {
		enum tok t = peek(p);
		struct kexpr *cond;
		bool ok;

		if (t == T_DEPENDS) {
			ok = parse_depends(p);
		} else if (t == T_VISIBLE && !comment) {
			next(p);
			ok = parse_if_eol(p, &cond);
			if (ok)
				kc_menu_add_visibility(kc, cond);
		} else {
			break;
		}
		if (!ok)
			recover(p);
	}
	if (comment)
		return;
	kc_menu_begin_block(kc);
	parse_stmts(p, C_MENU, false);
	parse_block_end(p, m, T_ENDMENU, "menu");
}

static void parse_source(struct parser *p)
{
	char *name;

	next(p);
	if (peek(p) != T_WORD_QUOTE) {
		syntax_error(p);
		recover(p);
		return;
	}
	name = kc_pp_resolve(p->pp, p->text.buf);
	next(p);
	if (!expect(p, T_EOL)) {
		free(name);
		recover(p);
		return;
	}
	push_file(p, name);
	free(name);
}

static void parse_assignment(struct parser *p)
{
	char *name = xstrdup(p->text.buf), *value;
	const char *file = p->stmt_file;
	int line = p->stmt_line;
	enum kc_flavor flavor;
	enum tok t;

	next(p);
	t = peek(p);
	if (t != T_EQUAL && t != T_COLON_EQUAL && t != T_PLUS_EQUAL) {
		perr(p, file, line, "unknown statement \"%s\"", name);
		free(name);
		recover(p);
		return;
	}
	flavor = t == T_EQUAL ? KC_VAR_RECURSIVE :
		 t == T_COLON_EQUAL ? KC_VAR_SIMPLE : KC_VAR_APPEND;
	next(p);
	value = xstrdup(peek(p) == T_ASSIGN_VAL ? p->text.buf : "");
	if (peek(p) == T_ASSIGN_VAL)
		next(p);
	if (!expect(p, T_EOL)) {
		recover(p);
	} else {
		kc_pp_set_pos(p->pp, cur_name(p), p->file ? p->file->line : 0);
		kc_pp_assign(p->pp, name, value, flavor);
		if (kc_pp_failed(p->pp))
			p->fatal = true;
	}
	free(name);
	free(value);
}

/* Statements up to the end of a block (returned, not consumed). */
static enum tok parse_stmts(struct parser *p, enum ctx ctx, bool in_choice)
{
	for (;;) {
		enum tok t = peek(p);
		bool first = p->first_stmt;

		p->first_stmt = false;
		if (p->fatal)
			return T_EOF;
		switch (t) {
		case T_EOF:
			return t;
		case T_EOL:
			next(p);
			continue;
		case T_ENDMENU:
		case T_ENDCHOICE:
		case T_ENDIF:
			if (ctx != C_TOP)
				return t;
			break;
		case T_CONFIG:
			parse_config(p, false);
			continue;
		case T_COMMENT:
			parse_menu(p, true);
			continue;
		case T_IF:
			parse_if(p, in_choice);
			continue;
		case T_MENUCONFIG:
		case T_CHOICE:
		case T_MENU:
		case T_SOURCE:
		case T_WORD:
		case T_MAINMENU:
			if (in_choice)
				break;
			if (t == T_MENUCONFIG)
				parse_config(p, true);
			else if (t == T_CHOICE)
				parse_choice(p);
			else if (t == T_MENU)
				parse_menu(p, false);
			else if (t == T_SOURCE)
				parse_source(p);
			else if (t == T_WORD)
				parse_assignment(p);
			else if (first)
				goto mainmenu;
			else
				break;
			continue;
		default:
			break;
		}
		perr(p, p->stmt_file, p->stmt_line, "invalid statement");
		recover(p);
		continue;
mainmenu:
		next(p);
		if (peek(p) != T_WORD_QUOTE) {
			syntax_error(p);
			recover(p);
			continue;
		}
		{
			const char *text = take_text(p);
			const char *file = p->stmt_file;
			int line = p->stmt_line;

			next(p);
			if (!expect(p, T_EOL)) {
				recover(p);
				continue;
			}
			kc_menu_add_prompt(p->kc, KP_MENU, text, NULL, file,
					   line);
		}
	}
}

int kc_parse(struct kconfig *kc, struct kc_pp *pp,
	     const struct kconfig_parse_opts *opts)
{
	struct parser p = {
		.kc = kc, .pp = pp, .opts = opts, .quiet = opts->quiet,
		.prev = T_EOL, .prev_prev = T_EOL, .first_stmt = true,
		.stmt_file = opts->root, .stmt_line = 1,
	};

	strbuf_init(&p.text, 0);
	kc->quiet = opts->quiet;
	if (!push_file(&p, opts->root)) {
		p.stmt_file = p.file->name;
		parse_stmts(&p, C_TOP, false);
	}
	while (p.file)
		pop_file(&p);
	strbuf_release(&p.text);
	if (p.errors || p.fatal)
		return -1;
	if (!kc->root.prompt) {
		kc->cur_entry = &kc->root;
		kc_menu_add_prompt(kc, KP_MENU, "Main menu", NULL, opts->root,
				   0);
	}
	if (!kc->modules_sym)
		kc->modules_sym = kc->sym_n;
	kc_menu_finalize(kc);
	if (kc_check_deps(kc))
		return -1;
	return 0;
}

static int read_path(void *data, const char *name, struct strbuf *out)
{
	(void)data;
	return read_file(name, out);
}

struct kconfig *kconfig_parse(const struct kconfig_parse_opts *opts)
{
	struct kconfig_parse_opts o = *opts;
	struct kc_pp_opts ppo = {
		.env = opts->env, .use_environ = opts->use_environ,
		.shell = opts->shell, .quiet = opts->quiet,
	};
	struct kconfig *kc = kc_new();
	struct kc_pp *pp = kc_pp_new(&ppo);
	int ret;

	if (!o.read_file)
		o.read_file = read_path;
	if (!o.root)
		o.root = "Kconfig";
	ret = kc_parse(kc, pp, &o);
	kc_pp_free(pp);
	if (ret) {
		kconfig_free(kc);
		return NULL;
	}
	return kc;
}

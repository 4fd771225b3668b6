// SPDX-License-Identifier: GPL-2.0
/*
 * Traced command -> script line, for shells without LINENO in PS4 (see
 * shmatch.h). The lexer knows enough of the POSIX shell grammar to find
 * simple commands and their literal words; it never runs anything.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/file.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "shmatch.h"

struct sh_word {
	char *lit;		/* after quote removal; NULL: has expansions */
	int assign;		/* NAME=...: lit is "NAME=" */
};

struct sh_cmd {
	size_t file;
	int line;
	struct sh_word *w;
	size_t nw, alloc;
};

struct shmatch {
	struct strvec files;
	struct sh_cmd *cmds;
	size_t nr, alloc;
	size_t cur_file;	/* where the last match was */
	int cur_line;
};

struct shmatch *shmatch_new(void)
{
	return xcalloc(1, sizeof(struct shmatch));
}

static void free_cmd(struct sh_cmd *c)
{
	size_t i;

	for (i = 0; i < c->nw; i++)
		free(c->w[i].lit);
	free(c->w);
	memset(c, 0, sizeof(*c));
}

void shmatch_free(struct shmatch *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nr; i++)
		free_cmd(&m->cmds[i]);
	free(m->cmds);
	strvec_clear(&m->files);
	free(m);
}

size_t shmatch_commands(const struct shmatch *m)
{
	return m->nr;
}

static const char *const reserved[] = {
	"if", "then", "else", "elif", "fi", "do", "done", "while", "until",
	"{", "}", "!", "esac", "in",
};

/* ---- the lexer ---- */

struct lexer {
	struct shmatch *m;
	size_t file;
	const char *s;
	size_t len, i;
	int line;
	struct sh_cmd cur;	/* the simple command being read */
	int skip;		/* rest of this command is not a command */
	int depth;		/* ( ... ) nesting */
	struct strvec heredocs;	/* delimiters; "-" first: <<- */
};

static void end_cmd(struct lexer *lx, int keep)
{
	if (keep && lx->cur.nw && !lx->skip) {
		ALLOC_GROW(lx->m->cmds, lx->m->nr + 1, lx->m->alloc);
		lx->m->cmds[lx->m->nr++] = lx->cur;
		memset(&lx->cur, 0, sizeof(lx->cur));
	} else {
		free_cmd(&lx->cur);
	}
	lx->skip = 0;
}

static int peek(const struct lexer *lx, size_t k)
{
	return lx->i + k < lx->len ? (unsigned char)lx->s[lx->i + k] : -1;
}

static void skip_heredocs(struct lexer *lx)
{
	size_t h;

	for (h = 0; h < lx->heredocs.nr; h++) {
		const char *d = lx->heredocs.v[h];
		int strip = *d == '-';

		d++;
		while (lx->i < lx->len) {
			const char *ls = lx->s + lx->i;
			const char *nl = memchr(ls, '\n', lx->len - lx->i);
			size_t n = nl ? (size_t)(nl - ls) : lx->len - lx->i;
			size_t k = 0;

			if (strip)
				while (k < n && ls[k] == '\t')
					k++;
			lx->i += n + (nl ? 1 : 0);
			lx->line++;
			if (n - k == strlen(d) && !memcmp(ls + k, d, n - k))
				break;
		}
	}
	strvec_clear(&lx->heredocs);
}

/* Skip a $(...) or ${...} whose opening is at lx->i; quotes inside. */
static void skip_nested(struct lexer *lx, char open, char close)
{
	int depth = 0;
	char q = 0;

	for (; lx->i < lx->len; lx->i++) {
		char c = lx->s[lx->i];

		if (c == '\n')
			lx->line++;
		if (q) {
			if (c == '\\' && q == '"')
				lx->i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '\\') {
			lx->i++;
		} else if (c == '\'' || c == '"' || c == '`') {
			q = c;
		} else if (c == open) {
			depth++;
		} else if (c == close && --depth <= 0) {
			lx->i++;
			return;
		}
	}
}

static int is_name(const char *s, size_t n)
{
	size_t i;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static void lex(struct shmatch *m, size_t file, const char *s, size_t len,
		int line);

/* The commands inside $(...) or `...` from @from to @to count too. */
static void lex_inner(struct lexer *lx, size_t from, size_t to, int line)
{
	if (to > from && to <= lx->len)
		lex(lx->m, lx->file, lx->s + from, to - from, line);
}

/*
 * Read one word at lx->i into @lit (quotes removed). Returns 1 if it is
 * literal, 0 if it has expansions; *quoted when any part was quoted.
 */
static int read_word(struct lexer *lx, struct strbuf *lit, int *quoted,
		     struct strbuf *raw)
{
	int literal = 1, bracket = 0;
	size_t start = lx->i;

	*quoted = 0;
	while (lx->i < lx->len) {
		char c = lx->s[lx->i];

		if (c && strchr(" \t\n;&|()<>", c))
			break;
		if (c == '\'') {
			const char *e = memchr(lx->s + lx->i + 1, '\'',
					       lx->len - lx->i - 1);
			size_t n = e ? (size_t)(e - lx->s - lx->i - 1) :
				       lx->len - lx->i - 1;
			size_t k;

			for (k = 0; k < n; k++)
				if (lx->s[lx->i + 1 + k] == '\n')
					lx->line++;
			strbuf_add(lit, lx->s + lx->i + 1, n);
			lx->i += n + 2;
			*quoted = 1;
		} else if (c == '"') {
			*quoted = 1;
			for (lx->i++; lx->i < lx->len && lx->s[lx->i] != '"';
			     lx->i++) {
				c = lx->s[lx->i];
				if (c == '\n')
					lx->line++;
				if (c == '\\' && lx->i + 1 < lx->len) {
					lx->i++;
					strbuf_addch(lit, lx->s[lx->i]);
				} else if (c == '$' && peek(lx, 1) == '(') {
					size_t from = lx->i + 2;
					int line = lx->line;

					literal = 0;
					lx->i++;
					skip_nested(lx, '(', ')');
					lex_inner(lx, from, lx->i - 1, line);
					lx->i--;
				} else if (c == '$' || c == '`') {
					literal = 0;
				} else {
					strbuf_addch(lit, c);
				}
			}
			lx->i++;
		} else if (c == '\\') {
			if (peek(lx, 1) == '\n')
				lx->line++;
			else if (lx->i + 1 < lx->len)
				strbuf_addch(lit, lx->s[lx->i + 1]);
			lx->i += 2;
		} else if (c == '$' && (peek(lx, 1) == '(' || peek(lx, 1) == '{')) {
			size_t from = lx->i + 2;
			int line = lx->line;

			literal = 0;
			lx->i++;
			if (lx->s[lx->i] == '(') {
				skip_nested(lx, '(', ')');
				lex_inner(lx, from, lx->i - 1, line);
			} else {
				skip_nested(lx, '{', '}');
			}
		} else if (c == '`') {
			const char *e = memchr(lx->s + lx->i + 1, '`',
					       lx->len - lx->i - 1);

			literal = 0;
			if (e)
				lex_inner(lx, lx->i + 1, (size_t)(e - lx->s),
					  lx->line);
			lx->i = e ? (size_t)(e - lx->s) + 1 : lx->len;
		} else {
			if (c == '$' || c == '*' || c == '?' ||
			    (c == '~' && lx->i == start))
				literal = 0;
			if (c == '[')
				bracket = 1;
			if (c == ']' && bracket && lx->i - start > 1)
				literal = 0;
			strbuf_addch(lit, c);
			lx->i++;
		}
	}
	if (lx->i > lx->len)
		lx->i = lx->len;
	if (raw)
		strbuf_add(raw, lx->s + start, lx->i - start);
	return literal;
}

static void redirection(struct lexer *lx)
{
	struct strbuf target = STRBUF_INIT;
	int heredoc = 0, strip = 0, quoted;

	while (lx->i < lx->len && isdigit((unsigned char)lx->s[lx->i]))
		lx->i++;
	if (peek(lx, 0) == '<' && peek(lx, 1) == '<') {
		heredoc = 1;
		lx->i += 2;
		if (peek(lx, 0) == '-') {
			strip = 1;
			lx->i++;
		}
	} else {
		lx->i++;
		if (peek(lx, 0) == '>' || peek(lx, 0) == '&' ||
		    peek(lx, 0) == '|')
			lx->i++;
	}
	while (peek(lx, 0) == ' ' || peek(lx, 0) == '\t')
		lx->i++;
	read_word(lx, &target, &quoted, NULL);
	if (heredoc) {
		strvec_pushf(&lx->heredocs, "%s%s", strip ? "-" : "+",
			     target.buf);
	}
	strbuf_release(&target);
}

static int is_reserved(const char *w)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strcmp(reserved[i], w))
			return 1;
	return 0;
}

static void add_word(struct lexer *lx, struct strbuf *lit, int literal,
		     int quoted, const struct strbuf *raw)
{
	struct sh_word *w;
	const char *eq = strchr(raw->buf, '=');
	int first = !lx->cur.nw;

	if (lx->skip)
		return;
	if (first || (lx->cur.nw && lx->cur.w[lx->cur.nw - 1].assign)) {
		/* a command's first word: reserved words are not commands */
		if (!quoted && literal && (!strcmp(lit->buf, "for") ||
					   !strcmp(lit->buf, "case") ||
					   !strcmp(lit->buf, "function"))) {
			lx->skip = 1;
			return;
		}
		if (!quoted && literal && is_reserved(lit->buf) &&
		    !lx->cur.nw)
			return;
	}
	ALLOC_GROW(lx->cur.w, lx->cur.nw + 1, lx->cur.alloc);
	w = &lx->cur.w[lx->cur.nw];
	memset(w, 0, sizeof(*w));
	if ((first || lx->cur.w[lx->cur.nw - 1].assign) && eq &&
	    is_name(raw->buf, (size_t)(eq - raw->buf))) {
		w->assign = 1;
		w->lit = xstrndup(raw->buf, (size_t)(eq - raw->buf) + 1);
	} else {
		w->lit = literal ? xstrdup(lit->buf) : NULL;
	}
	if (first) {
		lx->cur.line = lx->line;
		lx->cur.file = lx->file;
	}
	lx->cur.nw++;
}

/* "2>file", "10<&3": digits right before a redirection operator */
static int fd_redirection(const struct lexer *lx)
{
	size_t k = lx->i;

	while (k < lx->len && isdigit((unsigned char)lx->s[k]))
		k++;
	return k > lx->i && k < lx->len &&
	       (lx->s[k] == '<' || lx->s[k] == '>');
}

static void lex(struct shmatch *m, size_t file, const char *s, size_t len,
		int line)
{
	struct lexer lx;
	struct strbuf lit = STRBUF_INIT, raw = STRBUF_INIT;

	memset(&lx, 0, sizeof(lx));
	lx.m = m;
	lx.file = file;
	lx.s = s;
	lx.len = len;
	lx.line = line;
	while (lx.i < lx.len) {
		char c = s[lx.i];
		int literal, quoted;

		if (c == '\n') {
			end_cmd(&lx, 1);
			lx.i++;
			lx.line++;
			skip_heredocs(&lx);
		} else if (c == ' ' || c == '\t' || c == '\r') {
			lx.i++;
		} else if (c == '#') {
			while (lx.i < lx.len && s[lx.i] != '\n')
				lx.i++;
		} else if (c == '\\' && peek(&lx, 1) == '\n') {
			lx.i += 2;
			lx.line++;
		} else if (c == '(') {
			size_t k = lx.i + 1;

			while (k < len && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k < len && s[k] == ')') {
				/* NAME() { ...: a definition, not a call */
				end_cmd(&lx, 0);
				lx.i = k + 1;
			} else {
				end_cmd(&lx, 1);
				lx.depth++;
				lx.i++;
			}
		} else if (c == ')') {
			/* outside ( ): a case pattern, not a command */
			end_cmd(&lx, lx.depth > 0);
			if (lx.depth)
				lx.depth--;
			lx.i++;
		} else if (c == ';' || c == '&' || c == '|') {
			end_cmd(&lx, 1);
			lx.i++;
		} else if (c == '<' || c == '>' || fd_redirection(&lx)) {
			redirection(&lx);
		} else {
			size_t at = lx.i;

			strbuf_reset(&lit);
			strbuf_reset(&raw);
			literal = read_word(&lx, &lit, &quoted, &raw);
			if (lx.i == at)
				lx.i++;	/* never stand still */
			else
				add_word(&lx, &lit, literal, quoted, &raw);
		}
	}
	end_cmd(&lx, 1);
	strvec_clear(&lx.heredocs);
	strbuf_release(&lit);
	strbuf_release(&raw);
}

void shmatch_add_text(struct shmatch *m, const char *path, const char *text,
		      size_t len)
{
	size_t i;

	for (i = 0; i < m->files.nr; i++)
		if (!strcmp(m->files.v[i], path))
			return;
	strvec_push(&m->files, path);
	lex(m, m->files.nr - 1, text, len, 1);
}

int shmatch_add_file(struct shmatch *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < m->files.nr; i++)
		if (!strcmp(m->files.v[i], path))
			return 0;
	if (read_file(path, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	shmatch_add_text(m, path, sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

/* ---- matching ---- */

static int score(const struct sh_cmd *c, struct strvec *tw)
{
	size_t ci = 0, ti = 0, k;
	int s = 0, ncw, ntw;

	/* assignments first, on both sides */
	for (; ci < c->nw && c->w[ci].assign; ci++)
		for (k = 0; k < tw->nr; k++)
			if (starts_with(tw->v[k], c->w[ci].lit))
				s += 2;
	while (ti < tw->nr && strchr(tw->v[ti], '=') &&
	       is_name(tw->v[ti], (size_t)(strchr(tw->v[ti], '=') - tw->v[ti])))
		ti++;
	ncw = (int)(c->nw - ci);
	ntw = (int)(tw->nr - ti);
	if (!ncw)
		return ntw ? -1 : 5 + s;
	if (!ntw)
		return -1;
	if (c->w[ci].lit) {
		if (strcmp(c->w[ci].lit, tw->v[ti]))
			return -1;
		s += 10;
	} else {
		s += 1;
	}
	for (k = 1; ci + k < c->nw && ti + k < tw->nr; k++) {
		const char *l = c->w[ci + k].lit;

		if (!l)
			continue;
		/* dash's trace stops at a newline inside a word */
		if (strchr(l, '\n') && ti + k + 1 == tw->nr &&
		    !strncmp(l, tw->v[ti + k], strcspn(l, "\n")) &&
		    strlen(tw->v[ti + k]) == strcspn(l, "\n"))
			s += 3;
		else
			s += strcmp(l, tw->v[ti + k]) ? -2 : 3;
	}
	if (ncw == ntw)
		s += 1;
	return s;
}

static long distance(const struct shmatch *m, const struct sh_cmd *c)
{
	if (c->file != m->cur_file)
		return 2000000L + c->line;
	if (c->line >= m->cur_line)
		return c->line - m->cur_line;
	return 1000000L + (m->cur_line - c->line);
}

static void split_words(const char *text, size_t len, struct strvec *out)
{
	size_t i = 0;

	while (i < len) {
		size_t n = 0;

		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++;
		while (i + n < len && text[i + n] != ' ' && text[i + n] != '\t')
			n++;
		if (n) {
			char *w = xstrndup(text + i, n);

			strvec_push(out, w);
			free(w);
		}
		i += n;
	}
}

static void note_source(struct shmatch *m, struct strvec *tw)
{
	const char *f;

	if (tw->nr < 2 || (strcmp(tw->v[0], ".") && strcmp(tw->v[0], "source")))
		return;
	f = tw->v[1];
	if (!strchr(f, '/')) {
		/* ". name" looks in $PATH (and bash: then here) */
		const char *path = getenv("PATH");
		char *copy = xstrdup(path ? path : ""), *dir, *save = NULL;
		int found = 0;

		for (dir = strtok_r(copy, ":", &save); dir && !found;
		     dir = strtok_r(NULL, ":", &save)) {
			char *p = xasprintf("%s/%s", dir, f);

			if (is_file(p) && !shmatch_add_file(m, p)) {
				m->cur_file = m->files.nr - 1;
				found = 1;
			}
			free(p);
		}
		free(copy);
		if (found) {
			m->cur_line = 0;
			return;
		}
	}
	if (!shmatch_add_file(m, f)) {
		size_t i;

		for (i = 0; i < m->files.nr; i++)
			if (!strcmp(m->files.v[i], f))
				m->cur_file = i;
		m->cur_line = 0;
	}
}

int shmatch_find(struct shmatch *m, const char *text, size_t len,
		 const char **file, int *line)
{
	struct strvec tw = STRVEC_INIT;
	const struct sh_cmd *best = NULL;
	int best_score = 0;
	long best_dist = 0;
	size_t i;

	split_words(text, len, &tw);
	for (i = 0; i < m->nr && tw.nr; i++) {
		const struct sh_cmd *c = &m->cmds[i];
		int s = score(c, &tw);
		long d;

		if (s <= 0)
			continue;
		d = distance(m, c);
		if (!best || s > best_score || (s == best_score && d < best_dist)) {
			best = c;
			best_score = s;
			best_dist = d;
		}
	}
	if (best) {
		*file = m->files.v[best->file];
		*line = best->line;
		m->cur_file = best->file;
		m->cur_line = best->line;
	}
	if (best)
		note_source(m, &tw);
	strvec_clear(&tw);
	return best ? 0 : -1;
}

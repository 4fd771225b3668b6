// SPDX-License-Identifier: GPL-2.0
/*
 * The Kconfig preprocessor (Documentation/kbuild/kconfig-macro-
 * language.rst): $(NAME) and $(NAME,arg,...) references to variables
 * (recursive "=", simple ":=", "+="), to arguments $(1), $(2)..., to
 * the built-in functions (shell, info, warning-if, error-if, filename,
 * lineno) and, last, to environment variables.
 *
 * In the first of kconfig_load()'s two passes ("prefetch") $(shell,...)
 * starts its command in the background and expands to a placeholder,
 * so that the commands run concurrently; the second pass takes their
 * output. A placeholder is only replaced by waiting for the command
 * where its text matters: in another command, a variable name or a
 * file name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lib/error.h"

#define MAX_ARGS	16
#define MAX_DEPTH	1000
#define MAX_OUTPUT	(64 << 20)	/* bytes expanded in all, a guard */


struct kc_var {
	char *name;
	char *value;
	enum kc_flavor flavor;
	int exp_count;
};

struct kc_envref {
	char *name;
	char *value;
};

struct kc_pp {
	struct kc_pp_opts o;
	struct kc_var *vars;
	size_t nr_vars, alloc_vars;
	struct kc_envref *envs;		/* environment variables used */
	size_t nr_envs, alloc_envs;
	const char *file;
	int line;
	bool failed;
	size_t output;
};

struct kc_pp *kc_pp_new(const struct kc_pp_opts *opts)
{
	struct kc_pp *pp = xcalloc(1, sizeof(*pp));

	pp->o = *opts;
	pp->file = "<none>";
	return pp;
}

void kc_pp_free(struct kc_pp *pp)
{
	size_t i;

	if (!pp)
		return;
	for (i = 0; i < pp->nr_vars; i++) {
		free(pp->vars[i].name);
		free(pp->vars[i].value);
	}
	for (i = 0; i < pp->nr_envs; i++) {
		free(pp->envs[i].name);
		free(pp->envs[i].value);
	}
	free(pp->vars);
	free(pp->envs);
	free(pp);
}

void kc_pp_set_pos(struct kc_pp *pp, const char *file, int line)
{
	pp->file = file;
	pp->line = line;
}

bool kc_pp_failed(const struct kc_pp *pp)
{
	return pp->failed;
}

static char *pp_error(struct kc_pp *pp, const char *fmt, ...) PRINTF(2, 3);

/* Report (once) and poison the expansion; returns "" to unwind with. */
static char *pp_error(struct kc_pp *pp, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!pp->failed && !pp->o.prefetch && !pp->o.quiet) {
		va_start(ap, fmt);
		strbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		error("%s:%d: %s", pp->file, pp->line, sb.buf);
		strbuf_release(&sb);
	}
	pp->failed = true;
	return xstrdup("");
}

/* Environment */

static const char *env_lookup(struct kc_pp *pp, const char *name)
{
	size_t len = strlen(name);
	const char *const *e;

	for (e = pp->o.env; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return *e + len + 1;
	return pp->o.use_environ ? getenv(name) : NULL;
}

static char *env_expand(struct kc_pp *pp, const char *name)
{
	const char *value;
	size_t i;

	if (!*name)
		return NULL;
	for (i = 0; i < pp->nr_envs; i++)
		if (!strcmp(pp->envs[i].name, name))
			return xstrdup(pp->envs[i].value);
	value = env_lookup(pp, name);
	if (!value)
		return NULL;
	/* referenced once, the value stays what it was */
	ALLOC_GROW(pp->envs, pp->nr_envs + 1, pp->alloc_envs);
	pp->envs[pp->nr_envs].name = xstrdup(name);
	pp->envs[pp->nr_envs++].value = xstrdup(value);
	return xstrdup(value);
}

/* Placeholders of the prefetch pass */

char *kc_pp_resolve(struct kc_pp *pp, const char *s)
{
	if (!pp->o.shell)
		return xstrdup(s);
	return kc_shell_resolve(pp->o.shell, s);
}

/* Built-in functions */

static char *do_shell(struct kc_pp *pp, char *cmd)
{
	int id;

	if (!pp->o.shell)
		return xstrdup("");
	if (!pp->o.prefetch)
		return kc_shell_run(pp->o.shell, cmd);
	/* placeholders in @cmd: it starts when their commands are done */
	id = kc_shell_start(pp->o.shell, cmd);
	if (id < 0)
		return xstrdup("");
	return xasprintf("%c%d%c", KC_MARK_START, id, KC_MARK_END);
}

static char *call_function(struct kc_pp *pp, const char *name, int argc,
			   char **argv, bool *found)
{
	static const struct {
		const char *name;
		int min, max;
	} table[] = {
		{ "error-if", 2, 2 }, { "filename", 0, 0 }, { "info", 1, 1 },
		{ "lineno", 0, 0 }, { "shell", 1, 1 }, { "warning-if", 2, 2 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (!strcmp(table[i].name, name))
			break;
	*found = i < ARRAY_SIZE(table);
	if (!*found)
		return NULL;
	if (argc < table[i].min)
		return pp_error(pp, "too few function arguments passed to '%s'",
				name);
	if (argc > table[i].max)
		return pp_error(pp, "too many function arguments passed to '%s'",
				name);
	switch (i) {
	case 0:		/* error-if */
		if (!pp->o.prefetch && !strcmp(argv[0], "y"))
			return pp_error(pp, "%s", argv[1]);
		break;
	case 1:
		return xstrdup(pp->file);
	case 2:		/* info */
		if (!pp->o.quiet && !pp->o.prefetch) {
			fflush(stdout);
			fprintf(stderr, "%s\n", argv[0]);
		}
		break;
	case 3:
		return xasprintf("%d", pp->line);
	case 4:
		return do_shell(pp, argv[0]);
	case 5:		/* warning-if */
		if (!pp->o.quiet && !pp->o.prefetch && !strcmp(argv[0], "y"))
			warning("%s:%d: %s", pp->file, pp->line, argv[1]);
		break;
	}
	return xstrdup("");
}

/* Expansion */

static char *expand(struct kc_pp *pp, const char **str, bool token,
		    int argc, char **argv);

static struct kc_var *var_lookup(struct kc_pp *pp, const char *name)
{
	size_t i;

	for (i = 0; i < pp->nr_vars; i++)
		if (!strcmp(pp->vars[i].name, name))
			return &pp->vars[i];
	return NULL;
}

static char *var_expand(struct kc_pp *pp, const char *name, int argc,
			char **argv, bool *found)
{
	struct kc_var *v = var_lookup(pp, name);
	const char *p;
	size_t idx;
	char *res;

	*found = v != NULL;
	if (!v)
		return NULL;
	if (argc == 0 && v->exp_count)
		return pp_error(pp, "Recursive variable '%s' references itself (eventually)",
				name);
	if (v->exp_count > MAX_DEPTH)
		return pp_error(pp, "Too deep recursive expansion");
	if (v->flavor != KC_VAR_RECURSIVE)
		return xstrdup(v->value);
	/* pp->vars may move while expanding (a $(shell) cannot define
	   variables, but stay safe): keep the index */
	idx = (size_t)(v - pp->vars);
	pp->vars[idx].exp_count++;
	p = pp->vars[idx].value;
	res = expand(pp, &p, false, argc, argv);
	pp->vars[idx].exp_count--;
	return res;
}

/* NAME,ARG,... between "$(" and the matching ")" */
static char *eval_clause(struct kc_pp *pp, const char *str, size_t len,
			 int argc, char **argv)
{
	char *tmp = xstrndup(str, len), *p, *prev, *end, *name, *res = NULL;
	char *raw[MAX_ARGS], *args[MAX_ARGS];
	int nraw = 0, nargs, nest = 0, i;
	unsigned long n;
	bool found;

	/* $(1), $(2)...: an argument of the macro being expanded */
	n = strtoul(tmp, &end, 10);
	if (!*end && n > 0 && n <= (unsigned long)argc) {
		free(tmp);
		return xstrdup(argv[n - 1]);
	}
	for (p = prev = tmp; *p; p++) {
		if (nest == 0 && *p == ',') {
			*p = '\0';
			if (nraw >= MAX_ARGS) {
				free(tmp);
				return pp_error(pp, "too many function arguments");
			}
			raw[nraw++] = prev;
			prev = p + 1;
		} else if (*p == '(') {
			nest++;
		} else if (*p == ')') {
			nest--;
		}
	}
	if (nraw >= MAX_ARGS) {
		free(tmp);
		return pp_error(pp, "too many function arguments");
	}
	raw[nraw++] = prev;

	p = raw[0];
	name = expand(pp, (const char **)&p, false, argc, argv);
	nargs = nraw - 1;
	for (i = 0; i < nargs; i++) {
		p = raw[i + 1];
		args[i] = expand(pp, (const char **)&p, false, argc, argv);
	}
	if (pp->failed)
		goto out;
	if (pp->o.prefetch && strchr(name, KC_MARK_START)) {
		char *real = kc_pp_resolve(pp, name);

		free(name);
		name = real;
	}
	res = var_expand(pp, name, nargs, args, &found);
	if (!found)
		res = call_function(pp, name, nargs, args, &found);
	if (!found && nargs == 0)
		res = env_expand(pp, name);
out:
	if (!res)
		res = xstrdup("");
	for (i = 0; i < nargs; i++)
		free(args[i]);
	free(name);
	free(tmp);
	return res;
}

/* After a '$': "(...)" is a reference; '$' alone stays itself. */
static char *expand_dollar(struct kc_pp *pp, const char **str, int argc,
			   char **argv)
{
	const char *p = *str, *q;
	int nest = 0;

	if (*p != '(')
		return xstrdup("$");
	q = ++p;
	for (; *q; q++) {
		if (*q == '(')
			nest++;
		else if (*q == ')' && nest-- == 0)
			break;
	}
	if (!*q) {
		*str = q;
		return pp_error(pp, "unterminated reference to '%s': missing ')'",
				p);
	}
	*str = q + 1;
	return eval_clause(pp, p, (size_t)(q - p), argc, argv);
}

static bool is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static char *expand(struct kc_pp *pp, const char **str, bool token,
		    int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = *str;

	for (;;) {
		if (pp->failed)
			break;
		if (*p == '$') {
			char *e;

			p++;
			e = expand_dollar(pp, &p, argc, argv);
			strbuf_addstr(&sb, e);
			pp->output += strlen(e);
			free(e);
			if (pp->output > MAX_OUTPUT) {
				free(pp_error(pp, "expansion too large"));
				break;
			}
			continue;
		}
		if (token ? !is_token_char(*p) : !*p)
			break;
		strbuf_addch(&sb, *p++);
	}
	*str = p;
	if (!sb.alloc)
		return xstrdup("");
	return strbuf_detach(&sb, NULL);
}

char *kc_pp_expand(struct kc_pp *pp, const char *in)
{
	return expand(pp, &in, false, 0, NULL);
}

char *kc_pp_expand_token(struct kc_pp *pp, const char **str)
{
	return expand(pp, str, true, 0, NULL);
}

char *kc_pp_expand_dollar(struct kc_pp *pp, const char **str)
{
	return expand_dollar(pp, str, 0, NULL);
}

void kc_pp_assign(struct kc_pp *pp, const char *name, const char *value,
		  enum kc_flavor flavor)
{
	char *real = kc_pp_resolve(pp, name);
	struct kc_var *v = var_lookup(pp, real);
	bool append = false;
	char *nv;

	if (v) {
		/* "+=" keeps the flavor the variable has */
		if (flavor == KC_VAR_APPEND) {
			flavor = v->flavor;
			append = true;
		}
	} else {
		/* and makes a new one recursive */
		if (flavor == KC_VAR_APPEND)
			flavor = KC_VAR_RECURSIVE;
		ALLOC_GROW(pp->vars, pp->nr_vars + 1, pp->alloc_vars);
		v = &pp->vars[pp->nr_vars++];
		v->name = xstrdup(real);
		v->value = xstrdup("");
		v->flavor = flavor;
		v->exp_count = 0;
	}
	nv = flavor == KC_VAR_SIMPLE ? kc_pp_expand(pp, value)
				     : xstrdup(value);
	/* pp->vars may have moved meanwhile: find it again */
	v = var_lookup(pp, real);
	free(real);
	v->flavor = flavor;
	if (append) {
		char *joined = xasprintf("%s %s", v->value, nv);

		free(v->value);
		free(nv);
		v->value = joined;
	} else {
		free(v->value);
		v->value = nv;
	}
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_KCONFIG_INTERNAL_H
#define KDEV_KCONFIG_INTERNAL_H

/*
 * What the parts of src/kconfig/ share: the kconfig object, its arena,
 * the preprocessor and the lexer. Not for users of kconfig.h.
 */

#include <stdbool.h>
#include <stddef.h>

#include "kconfig.h"
#include "lib/strbuf.h"

/* Everything a kconfig owns is carved from one arena, freed at once. */
struct kc_chunk;

struct kc_arena {
	struct kc_chunk *chunks;
	char *cur;
	size_t left;
};

void *kc_alloc(struct kconfig *kc, size_t size);	/* zeroed */
char *kc_strdup(struct kconfig *kc, const char *s);
char *kc_strndup(struct kconfig *kc, const char *s, size_t n);

/* One CONFIG_ assignment read from a .config or fragment. */
struct kc_assign {
	struct ksym *sym;
	enum tristate tri;	/* bool/tristate */
	const char *val;	/* int/hex/string: the value (unescaped) */
	const char *file;
	int line;
};

struct kc_pp;

struct kconfig {
	struct kc_arena arena;

	struct ksym **hash;
	size_t hash_mask;
	struct ksym **syms;		/* every symbol, in creation order */
	size_t nr_syms, alloc_syms;
	struct ksym **defined;		/* named and defined, in order */
	size_t nr_defined, alloc_defined;
	struct ksym *sym_y, *sym_m, *sym_n;
	struct ksym *modules_sym;
	enum tristate modules_val;

	struct kmenu root;
	struct kmenu *cur_menu;		/* parser: enclosing block */
	struct kmenu *cur_entry;	/* parser: entry being defined */
	struct kmenu **last_entry_ptr;

	const char *config_path;
	const char *defconfig_path;
	int warnings;
	bool quiet;
	bool changed;			/* conf_changed: write recomputes
					   everything when false */

	/* user values, replayed in order (see confdata.c) */
	struct kc_assign *assigns;
	size_t nr_assigns, alloc_assigns;
	bool have_config;		/* a .config was read */
};

/* symbol.c */
struct kconfig *kc_new(void);
struct ksym *kc_sym_lookup(struct kconfig *kc, const char *name,
			   bool is_const);
struct ksym *kc_sym_find(struct kconfig *kc, const char *name);
struct ksym *kc_sym_new_choice(struct kconfig *kc, const char *name);
void kc_sym_calc(struct ksym *sym);
void kc_sym_calc_visibility(struct ksym *sym);
enum ksym_type kc_sym_type(struct ksym *sym);	/* sym_get_type */
bool kc_sym_string_valid(struct ksym *sym, const char *str);
bool kc_sym_string_within_range(struct ksym *sym, const char *str);
void kc_sym_clear_all_valid(struct kconfig *kc);
const char *kc_sym_string_value(struct ksym *sym);
void kc_warn(struct kconfig *kc, const char *file, int line,
	     const char *fmt, ...) PRINTF(4, 5);

/* expr.c */
struct kexpr *kc_expr_sym(struct kconfig *kc, struct ksym *sym);
struct kexpr *kc_expr_one(struct kconfig *kc, enum kexpr_type type,
			  struct kexpr *e);
struct kexpr *kc_expr_two(struct kconfig *kc, enum kexpr_type type,
			  struct kexpr *a, struct kexpr *b);
struct kexpr *kc_expr_comp(struct kconfig *kc, enum kexpr_type type,
			   struct ksym *a, struct ksym *b);
struct kexpr *kc_expr_and(struct kconfig *kc, struct kexpr *a,
			  struct kexpr *b);
struct kexpr *kc_expr_or(struct kconfig *kc, struct kexpr *a,
			 struct kexpr *b);
struct kexpr *kc_expr_copy(struct kconfig *kc, const struct kexpr *e);
bool kc_expr_contains(const struct kexpr *e, const struct ksym *sym);
bool kc_expr_depends(const struct kexpr *e, const struct ksym *sym);
bool kc_expr_eq(const struct kexpr *a, const struct kexpr *b);
static inline bool kc_expr_is_yes(const struct kconfig *kc,
				  const struct kexpr *e)
{
	return !e || (e->type == KE_SYMBOL && e->left.sym == kc->sym_y);
}

static inline enum tristate tri_and(enum tristate a, enum tristate b)
{
	return a < b ? a : b;
}

static inline enum tristate tri_or(enum tristate a, enum tristate b)
{
	return a > b ? a : b;
}

static inline enum tristate tri_not(enum tristate a)
{
	return 2 - a;
}

/* confdata.c: kconfig_read() of a buffer */
/* A copy of the user values (assignments), to roll back to. */
struct kc_snapshot {
	struct kc_assign *v;
	size_t nr;
};

void kc_snapshot_take(struct kconfig *kc, struct kc_snapshot *s);
void kc_snapshot_restore(struct kconfig *kc, struct kc_snapshot *s);
void kc_snapshot_release(struct kc_snapshot *s);

int kc_read_buffer(struct kconfig *kc, const char *name, const char *buf,
		   size_t len, bool merge);

/* menu.c */
void kc_menu_finalize(struct kconfig *kc);
/* Report a recursive dependency (error) and return -1, or 0. */
int kc_check_deps(struct kconfig *kc);

/*
 * preprocess.c: variables, functions and environment references,
 * $(...) as Kconfig defines them.
 */
enum kc_flavor { KC_VAR_RECURSIVE, KC_VAR_SIMPLE, KC_VAR_APPEND };

struct kc_pp_opts {
	const char *const *env;		/* "NAME=value", checked first */
	bool use_environ;
	struct kconfig_shell *shell;
	bool prefetch;			/* first pass: start the shells,
					   expand to placeholders */
	bool quiet;
};

struct kc_pp *kc_pp_new(const struct kc_pp_opts *opts);
void kc_pp_free(struct kc_pp *pp);
/* Where expansion happens, for $(filename), $(lineno) and errors. */
void kc_pp_set_pos(struct kc_pp *pp, const char *file, int line);
/* Set once an expansion failed (reported already). */
bool kc_pp_failed(const struct kc_pp *pp);
/* Expand all of @in. */
char *kc_pp_expand(struct kc_pp *pp, const char *in);
/*
 * Expand the token at *@str: up to the first character that is not
 * [A-Za-z0-9_-] outside a reference; *@str is moved past it.
 */
char *kc_pp_expand_token(struct kc_pp *pp, const char **str);
/* Expand one reference at *@str (just after '$'); *@str moves past it. */
char *kc_pp_expand_dollar(struct kc_pp *pp, const char **str);
void kc_pp_assign(struct kc_pp *pp, const char *name, const char *value,
		  enum kc_flavor flavor);
/* In prefetch mode, replace placeholders by the commands' output. */
char *kc_pp_resolve(struct kc_pp *pp, const char *s);

/* parser.c: lexer and parser */
int kc_parse(struct kconfig *kc, struct kc_pp *pp,
	     const struct kconfig_parse_opts *opts);

/*
 * shell.c: $(shell,...) commands, run now or started in the background.
 * In the prefetch pass a command's output is a placeholder, "\x01ID\x02";
 * a command whose text holds placeholders starts once those are done.
 */
#define KC_MARK_START	'\x01'
#define KC_MARK_END	'\x02'

struct kconfig_shell *kc_shell_new(const char *dir, char **env, int jobs);
void kc_shell_free(struct kconfig_shell *sh);
/* Output of @cmd as $(shell,...) gives it; waits for a started one. */
char *kc_shell_run(struct kconfig_shell *sh, const char *cmd);
/* Start @cmd in the background; returns its id (or -1 when full). */
int kc_shell_start(struct kconfig_shell *sh, const char *cmd);
/* Output of the command started as @id. */
const char *kc_shell_result(struct kconfig_shell *sh, int id);
/* How many commands ran, for -v and the benchmarks. */
int kc_shell_count(const struct kconfig_shell *sh);
/* @s with its placeholders replaced by their output (waits). */
char *kc_shell_resolve(struct kconfig_shell *sh, const char *s);

#endif

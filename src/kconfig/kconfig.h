/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_KCONFIG_H
#define KDEV_KCONFIG_H

/*
 * Kconfig: parser, preprocessor and evaluator for a kernel tree.
 *
 * The model follows the kernel's own (scripts/kconfig): symbols with a
 * type, properties (prompt, default, select, imply, range), a direct
 * dependency (dir_dep), a reverse dependency from selects (rev_dep) and
 * a weak one from implies (implied), menus and choices. Values are
 * computed with the same rules, so that olddefconfig can be reproduced
 * byte for byte. This is a contract between src/kconfig/ and
 * src/cmd/config.c; it may grow, fields should not change meaning.
 */

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"

enum tristate { no, mod, yes };

enum ksym_type {
	KS_UNKNOWN, KS_BOOL, KS_TRISTATE, KS_INT, KS_HEX, KS_STRING,
};

enum kexpr_type {
	KE_NONE, KE_SYMBOL, KE_NOT, KE_AND, KE_OR,
	KE_EQUAL, KE_UNEQUAL, KE_LTH, KE_LEQ, KE_GTH, KE_GEQ,
	KE_RANGE,			/* range: left.sym low, right.sym high */
};

struct ksym;
struct kmenu;
struct kconfig;

struct kexpr {
	enum kexpr_type type;
	union { struct kexpr *expr; struct ksym *sym; } left, right;
};

enum kprop_type {
	KP_PROMPT, KP_DEFAULT, KP_SELECT, KP_IMPLY, KP_RANGE, KP_CHOICE,
	KP_MENU, KP_COMMENT,
};

struct kprop {
	enum kprop_type type;
	const char *text;		/* prompt text, or NULL */
	struct kexpr *expr;		/* default value, select/imply target,
					   range low/high as KE_..., ... */
	struct kexpr *visible;		/* the "if" part, with the menu's and
					   the enclosing if/depends folded in */
	const char *file;		/* file:line of the definition */
	int line;
	struct kprop *next;		/* next property of the same symbol */
	struct kmenu *menu;		/* the entry that defined it */
	enum tristate visible_tri;	/* last computed value of visible */
};

struct ksym_value {
	enum tristate tri;
	const char *val;		/* "y", "m", "n", "42", "0x10", "str" */
};

struct ksym {
	const char *name;		/* NULL for an anonymous choice */
	enum ksym_type type;
	struct ksym_value curr;		/* computed value */
	struct ksym_value user;		/* value read from .config / set */
	bool has_user;			/* user value present */
	bool is_choice;			/* the choice itself */
	bool is_const;			/* y, m, n and literal values */
	struct ksym *choice;		/* for a choice member: its choice */
	struct kprop *props;
	struct kexpr *dir_dep;		/* "depends on" (all, OR'ed over defs) */
	struct kexpr *rev_dep;		/* OR of (selector && if-cond) */
	struct kexpr *implied;		/* OR of (implier && if-cond) */
	enum tristate visible;		/* prompt visibility, computed */

	struct kconfig *kc;
	unsigned int flags;		/* KSYM_* */
	enum tristate dir_dep_tri;	/* computed dir_dep, rev_dep, implied */
	enum tristate rev_dep_tri;
	enum tristate implied_tri;
	struct ksym *user_choice;	/* choice: member set to y in .config */
	struct ksym *selected;		/* choice: the member that is y */
	struct ksym **members;		/* choice: its members, in order */
	size_t nr_members;
	struct kmenu **menus;		/* entries defining it, in order */
	size_t nr_menus;
	struct kprop **rev_props;	/* select/imply properties naming it,
					   in definition order */
	size_t nr_rev_props;
	struct ksym *hash_next;
	size_t alloc_members, alloc_menus, alloc_rev_props;
};

/* ksym.flags */
#define KSYM_VALID	0x0001	/* curr is up to date */
#define KSYM_WRITE	0x0002	/* written to .config */
#define KSYM_NO_WRITE	0x0004	/* never written (choices) */
#define KSYM_WRITTEN	0x0008	/* already written by this conf_write */
#define KSYM_CHOICEVAL	0x0010	/* member of a choice */
#define KSYM_OPTIONAL	0x0020	/* choice: may be n ("optional") */
#define KSYM_DEFINED	0x0040	/* has a config/menuconfig/choice entry */
#define KSYM_WARNED	0x0080	/* unmet dependency already reported */
#define KSYM_RANGE_RESET 0x0100	/* user value dropped (out of range) */
#define KSYM_BUSY	0x8000	/* explain.c: being turned on */

enum kmenu_type {
	KM_ROOT, KM_CONFIG, KM_MENUCONFIG, KM_CHOICE, KM_MENU, KM_COMMENT,
	KM_IF,
};

/*
 * The menu tree, as the kernel builds it (menu_finalize): after
 * loading, "if" blocks are flattened and a symbol followed by entries
 * that depend on it gets them as children.
 */
struct kmenu {
	enum kmenu_type type;
	struct kmenu *parent;
	struct kmenu *list;		/* first child */
	struct kmenu *next;		/* next sibling */
	struct ksym *sym;		/* config, menuconfig, choice */
	struct kprop *prompt;		/* prompt; menu/comment: the title */
	struct kexpr *dep;		/* "depends on", parents folded in */
	struct kexpr *visibility;	/* menu: "visible if" */
	const char *help;		/* help text, or NULL */
	const char *file;
	int line;
};

struct kconfig_opts {
	const char *srctree;		/* kernel source tree */
	const char *objtree;		/* O= build dir, or NULL = srctree */
	const char *arch;		/* ARCH=, NULL = host's */
	const char *config;		/* .config path; NULL: KCONFIG_CONFIG
					   or objtree/.config */
	const char *cc;			/* CC=, default "gcc" */
	const char *cross_compile;	/* CROSS_COMPILE=, default "" */
	int llvm;			/* LLVM=1 */
};

/*
 * Load and parse the tree's Kconfig for opts->arch. On a syntax error,
 * error("%s:%d: ...") is reported and NULL returned.
 */
struct kconfig *kconfig_load(const struct kconfig_opts *opts);

/* This machine's architecture as the kernel's Makefile names it
   (SUBARCH: x86, arm64, ...); the caller frees it. */
char *kconfig_host_arch(void);
/* The arch/ directory of ARCH=@arch (x86_64 and i386: x86, ...). */
const char *kconfig_srcarch(const char *arch);
void kconfig_free(struct kconfig *kc);

/* The .config path kconfig_load() resolved (KCONFIG_CONFIG, O=). */
const char *kconfig_config_path(const struct kconfig *kc);
/* The architecture's defconfig (arch/$SRCARCH/configs/..., or
   the KBUILD_DEFCONFIG the arch Makefile names). */
const char *kconfig_defconfig_path(const struct kconfig *kc);

/*
 * Read a .config or a fragment as user values. @merge = false: start
 * from no user values (conf_read); true: lay over what is there
 * (conf_read_simple with a second file, as merge_config.sh does).
 * Malformed lines are warned about as "file:line: ..."; a missing file
 * is an error (-1).
 */
int kconfig_read(struct kconfig *kc, const char *path, bool merge);

/* The same for text in memory; @name is used in messages. */
int kconfig_read_text(struct kconfig *kc, const char *name, const char *buf,
		      size_t len, bool merge);

/* Set one user value ("y", "m", "n", "123", "0x1f", string without
   quotes). Returns -1 with an error for an unknown symbol or a value
   of the wrong type. value NULL removes the user value (= "unset"). */
int kconfig_set_user(struct kconfig *kc, const char *name,
		     const char *value);

/* Compute every value (sym_calc_value over all symbols). */
void kconfig_calc(struct kconfig *kc);

/*
 * Write the configuration the way conf_write() does (header, menu
 * comments, "# CONFIG_FOO is not set"), byte for byte, atomically,
 * keeping the previous file as PATH.old when @backup.
 */
int kconfig_write(struct kconfig *kc, const char *path, bool backup);
/* The same text into a strbuf. */
void kconfig_format(struct kconfig *kc, struct strbuf *out);

struct ksym *kconfig_lookup(struct kconfig *kc, const char *name);
/* Iterate all named symbols in definition order. */
struct ksym **kconfig_symbols(struct kconfig *kc, size_t *nr);

/* Value helpers */
const char *ksym_value(struct ksym *sym);	/* curr.val */
enum tristate kexpr_calc(struct kexpr *e);
/* "INET [=n] && NET_9P [=y]"; with_values = false: plain */
void kexpr_format(struct strbuf *sb, struct kexpr *e, bool with_values);
/*
 * The part of @e that makes it false (or below @want): for A && B,
 * the conjuncts that are not satisfied; for an OR, all of it.
 */
void kexpr_format_unmet(struct strbuf *sb, struct kexpr *e,
			enum tristate want);

const char *ksym_type_name(enum ksym_type t);
const char *tristate_name(enum tristate t);

/* The root of the menu tree (its prompt is the mainmenu title). */
struct kmenu *kconfig_root(struct kconfig *kc);
/* Is the entry shown (menu_is_visible)? */
bool kmenu_visible(struct kmenu *menu);
/* Prompt text of an entry, or its symbol's name. */
const char *kmenu_prompt(struct kmenu *menu);
/* The symbol used as MODULES ("modules" option), or the constant n. */
struct ksym *kconfig_modules(struct kconfig *kc);
/* "CONFIG_" or $CONFIG_ */
const char *kconfig_prefix(void);

/*
 * Parsing without a kernel tree, for tests and fuzzing: @root is read
 * through @read_file like every "source"d file; the preprocessor sees
 * the variables in @env ("NAME=value", NULL-terminated) and, when
 * @use_environ, the process environment. Without @shell, $(shell,...)
 * expands to the empty string and runs nothing.
 */
struct kconfig_shell;

struct kconfig_parse_opts {
	const char *root;		/* top Kconfig file name */
	/* Read @name into @out: 0, or -1 with errno set. */
	int (*read_file)(void *data, const char *name, struct strbuf *out);
	void *data;
	const char *const *env;
	bool use_environ;
	struct kconfig_shell *shell;	/* NULL: no $(shell,...) */
	bool quiet;			/* no warnings nor $(info,...) */
};

struct kconfig *kconfig_parse(const struct kconfig_parse_opts *opts);
/* .config path and defconfig for a kconfig_parse()d tree (may be NULL). */
void kconfig_set_paths(struct kconfig *kc, const char *config,
		       const char *defconfig);
/* Number of warnings (.config lines, Kconfig) reported so far. */
int kconfig_warnings(const struct kconfig *kc);

#endif

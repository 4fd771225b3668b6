/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_KBUILD_H
#define KDEV_KBUILD_H

/*
 * Kbuild Makefiles: which CONFIG options decide whether a file is built.
 *
 * Three layers:
 *  - kb_parse(): a pure parser of one Kbuild Makefile text into its
 *    variable assignments (each word with its file line) and the
 *    conditional blocks (ifdef/ifeq/ifneq/else/endif) around them.
 *    Recipes, rules, define blocks and includes are skipped.
 *  - kb_expand() / kb_cond_eval(): a small make expander (variables of
 *    the same Makefile, $(CONFIG_X) from a .config, substitution
 *    references and the list functions) that says when it cannot tell.
 *  - kb_which(): the resolver, which walks from a file up through the
 *    Makefiles of its directories to the top (Kbuild, Makefile and
 *    arch/$(SRCARCH)/Makefile) and reports every chain it finds.
 * kbuild_which_main() is the whole "kdev config which" subcommand.
 */

#include <stddef.h>

#include "kconfig/dotconfig.h"
#include "lib/strbuf.h"

/* ---- the parser ---- */

struct kb_word {
	char *text;		/* as written: "a.o", "$(addprefix ...)" */
	int line;		/* physical line it starts on */
};

enum kb_op {
	KB_OP_SIMPLE,		/* := ::= :::= */
	KB_OP_RECURSIVE,	/* = */
	KB_OP_APPEND,		/* += */
	KB_OP_DEFAULT,		/* ?= */
	KB_OP_SHELL,		/* != */
};

struct kb_assign {
	char *lhs;		/* trimmed, without export/override */
	enum kb_op op;
	int file;		/* index in kb_makefile.files */
	int line;		/* line of the variable name */
	int cond;		/* innermost condition (index), -1: none */
	struct kb_word *words;	/* right-hand side, split at blanks
				   outside $(...) */
	size_t nr_words;
};

enum kb_cond_type { KB_IFDEF, KB_IFNDEF, KB_IFEQ, KB_IFNEQ, KB_IFBAD };

/*
 * One branch of a conditional. "ifeq A ... else ifeq B ... else ...
 * endif" gives the nodes A, !A, B (parent !A), !B (parent !A): an
 * assignment is under the AND of its node and the node's parents.
 */
struct kb_cond {
	enum kb_cond_type type;
	char *arg1;		/* ifdef: the variable; ifeq: 1st argument */
	char *arg2;		/* ifeq: second argument; else NULL */
	char *text;		/* the directive as written */
	int file;		/* index in kb_makefile.files */
	int line;
	int negate;		/* the else branch */
	int parent;		/* enclosing node, -1: none */
};

/* "include FILE": the parser records it, kb_merge_include() reads it */
struct kb_include {
	char *text;		/* one word of the include line */
	int line;
	int cond;		/* condition node around it, -1: none */
	size_t at;		/* nr_assigns when it was seen */
	int merged;		/* kb_merge_include() read it */
};

struct kb_makefile {
	char *name;		/* for messages: "net/netfilter/Makefile" */
	char **files;		/* [0] is name, then merged includes */
	size_t nr_files;
	struct kb_assign *assigns;
	size_t nr_assigns, alloc_assigns;
	struct kb_cond *conds;
	size_t nr_conds, alloc_conds;
	struct kb_include *includes;
	size_t nr_includes, alloc_includes;
	int nr_bad;		/* stray else/endif, open if/define */
	char *refs;		/* resolver's cache: the words with a '$' */
};

/*
 * Parse @len bytes of Makefile text (need not be NUL-terminated, may
 * hold anything). Never fails: what it cannot read it skips, counting
 * structural problems in nr_bad.
 */
void kb_parse(struct kb_makefile *mf, const char *name, const char *buf,
	      size_t len);
void kb_makefile_release(struct kb_makefile *mf);
/*
 * Put the assignments and conditions of @sub where include @inc (one of
 * mf->includes) was, under that include's condition, as make reads
 * them. @sub is left empty (release it still).
 */
void kb_merge_include(struct kb_makefile *mf, struct kb_include *inc,
		      struct kb_makefile *sub);

/* ---- the expander ---- */

struct kb_env {
	struct dotconfig *config;	/* NULL: option values unknown */
	const char *srcarch;		/* $(SRCARCH), e.g. "x86" */
	const char *arch;		/* $(ARCH) */
	const char *dir;		/* $(obj) and $(src): the Makefile's
					   directory, "." at the top */
	const struct kb_makefile *archmf; /* arch/$(SRCARCH)/Makefile: its
					     variables (BITS) are exported */
	int discover;			/* variables: assignments under
					   false conditions count too */
	const struct kb_makefile *lists; /* $(NAME-y) of this Makefile's
					    list variables expand to "" */
};

/*
 * Expand make text in the scope of @mf (may be NULL). Sets *@unknown
 * when part of it could not be evaluated ($(call), $(shell), option
 * values without a .config, ...); that part is kept as written.
 */
void kb_expand(const struct kb_makefile *mf, const struct kb_env *env,
	       const char *text, struct strbuf *out, int *unknown);
/* Condition node @cond with its parents: 1 true, 0 false, -1 unknown. */
int kb_cond_eval(const struct kb_makefile *mf, const struct kb_env *env,
		 int cond);
/* The value of option @name ("CONFIG_FOO"): "" when not set, NULL when
   there is no .config. */
const char *kb_config_value(const struct kb_env *env, const char *name);

/* Split "obj-$(CONFIG_X)" into name "obj" and selector "$(CONFIG_X)" at
   the last '-' outside $(...); 0 when there is no such '-'. */
int kb_split_lhs(const char *lhs, char **name, char **sel);

/* ---- the resolver ---- */

enum kb_link_kind {
	KB_LINK_OBJ,		/* obj-X += foo.o / dir/ */
	KB_LINK_LIB,		/* lib-X += foo.o (the directory's lib.a) */
	KB_LINK_SUBDIR,		/* subdir-X += dir */
	KB_LINK_MEMBER,		/* foo-X += bar.o: part of foo.o */
	KB_LINK_LIST,		/* foo-X += bar.o, used as $(foo-y) */
	KB_LINK_TOP,		/* top level: obj-y in ./Kbuild, core-y,
				   drivers-y, libs-y... */
	KB_LINK_OTHER,		/* always-y, extra-y, hostprogs... */
	KB_LINK_INCLUDE,	/* #include "foo.c" in another source file */
};

enum kb_state {
	KB_NOT_REACHED,		/* no Makefile links it to the top */
	KB_NOT_BUILT,		/* an option or condition says no */
	KB_UNKNOWN,		/* no .config, or something unparsed */
	KB_OTHER,		/* an extra target or host program */
	KB_MODULES,		/* a directory visited for modules only */
	KB_MODULE,		/* in a module */
	KB_BUILTIN,		/* in vmlinux (or a visited directory) */
};

struct kb_option {
	char *name;		/* "CONFIG_NET" */
	char *value;		/* "y", "m", "n", "42"...; NULL: unknown */
};

struct kb_link {
	enum kb_link_kind kind;
	char *file;		/* srctree-relative Makefile (or source) */
	int line;
	char *text;		/* "obj-$(CONFIG_NET) += net/" */
	char *target;		/* what it adds, srctree-relative */
	char *holder;		/* MEMBER: the composite "fs/ext4/ext4.o";
				   INCLUDE: the including file */
	char sel;		/* 'y', 'm', 'n', '?' */
	int cond;		/* conditions around it: 1, 0, -1 */
	int var_cond;		/* 0: the word comes from a variable set
				   under a false condition */
	const struct kb_makefile *mf;	/* NULL for INCLUDE */
	int cond_idx;		/* mf->conds index, -1 */
	struct kb_option *options;
	size_t nr_options;
};

struct kb_chain {
	struct kb_link *links;	/* from the file up to the top */
	size_t nr;
	enum kb_state state;
	char *reason;		/* why not built / unknown / not reached */
	char *module;		/* "xt_recent.ko" when it is (or would be,
				   with =m) a module */
};

enum kb_input { KB_IN_SOURCE, KB_IN_OBJECT, KB_IN_MODULE, KB_IN_DIR };

struct kb_result {
	char *path;		/* as asked, srctree-relative */
	char *target;		/* the object or directory resolved */
	enum kb_input input;
	struct kb_chain *chains;
	size_t nr_chains;
	enum kb_state state;	/* the best of the chains */
	char *module;		/* of the best chain */
	char *reason;
	struct kb_option *options;	/* union of the chains', in order */
	size_t nr_options;
};

struct kb_tree;

/* @config NULL: no .config (values unknown). Takes over @config. */
struct kb_tree *kb_tree_new(const char *srctree, const char *srcarch,
			    const char *arch, struct dotconfig *config);
void kb_tree_free(struct kb_tree *t);
/* Makefiles read so far (for tests and -v). */
size_t kb_tree_files_read(const struct kb_tree *t);

/*
 * Resolve @path, srctree-relative and normalized: a source file, an
 * object (.o), a module (.ko, or a bare module name when there is no
 * '/'), or a directory (ending in '/'). Returns 0 with @res filled, or
 * -1 with the message (naming what was looked at) in res->reason, not
 * printed. Release @res in both cases.
 */
int kb_which(struct kb_tree *t, const char *path, struct kb_result *res);
void kb_result_release(struct kb_result *res);

const char *kb_state_name(enum kb_state s);

/* "kdev config which [--json] [--tree DIR] [O=DIR] PATH..." */
int kbuild_which_main(int argc, char **argv);
/* The same; with @options, also collects the options of every result
   ("CONFIG_X", or "CONFIG_X:m" when the file ends up in a module). */
struct strvec;
int kbuild_which(int argc, char **argv, struct strvec *options);

#endif

// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kconfig/kbuild.h"
#include "lib/file.h"
#include "lib/strbuf.h"
#include "unit.h"

/*
 * Parse a copy of @text in a buffer of exactly its size, without the
 * NUL, so that ASan catches a read past its end.
 */
static void parse(struct kb_makefile *mf, const char *text)
{
	size_t n = strlen(text);
	char *copy = xmalloc(n ? n : 1);

	memcpy(copy, text, n);
	kb_parse(mf, "t/Makefile", copy, n);
	free(copy);
}

/* The assignment number @i: its LHS, operator and words joined. */
static void assert_assign(const struct kb_makefile *mf, size_t i,
			  const char *lhs, enum kb_op op, const char *words,
			  int line)
{
	struct strbuf sb = STRBUF_INIT;
	size_t j;

	assert_true(i < mf->nr_assigns);
	assert_string_equal(mf->assigns[i].lhs, lhs);
	assert_int_equal(mf->assigns[i].op, op);
	assert_int_equal(mf->assigns[i].line, line);
	for (j = 0; j < mf->assigns[i].nr_words; j++) {
		if (j)
			strbuf_addch(&sb, '|');
		strbuf_addstr(&sb, mf->assigns[i].words[j].text);
	}
	assert_string_equal(sb.buf, words);
	strbuf_release(&sb);
}

static void test_assignments(void **state UNUSED)
{
	struct kb_makefile mf;

	parse(&mf,
	      "# SPDX-License-Identifier: GPL-2.0\n"
	      "obj-$(CONFIG_NETFILTER) += netfilter/\n"
	      "ext4-y\t:= balloc.o bitmap.o \\\n"
	      "\t\tinode.o   \\\n"
	      "\t\tsuper.o\n"
	      "x = a # a comment\n"
	      "y ?= $(addprefix libxfs/, a.o b.o) c.o\n"
	      "z != echo hi\n"
	      "s ::= one\n"
	      "export BITS := 64\n"
	      "override FOO += bar\n"
	      "hash = a\\#b\n"
	      "obj-$(CONFIG_X:m=y) += nvram.o\n"
	      "\n"
	      "empty :=\n");
	assert_int_equal(mf.nr_assigns, 11);
	assert_assign(&mf, 0, "obj-$(CONFIG_NETFILTER)", KB_OP_APPEND,
		      "netfilter/", 2);
	assert_assign(&mf, 1, "ext4-y", KB_OP_SIMPLE,
		      "balloc.o|bitmap.o|inode.o|super.o", 3);
	/* each word keeps the line it is written on */
	assert_int_equal(mf.assigns[1].words[1].line, 3);
	assert_int_equal(mf.assigns[1].words[2].line, 4);
	assert_int_equal(mf.assigns[1].words[3].line, 5);
	assert_assign(&mf, 2, "x", KB_OP_RECURSIVE, "a", 6);
	/* blanks inside $(...) do not split a word */
	assert_assign(&mf, 3, "y", KB_OP_DEFAULT,
		      "$(addprefix libxfs/, a.o b.o)|c.o", 7);
	assert_assign(&mf, 4, "z", KB_OP_SHELL, "echo|hi", 8);
	assert_assign(&mf, 5, "s", KB_OP_SIMPLE, "one", 9);
	assert_assign(&mf, 6, "BITS", KB_OP_SIMPLE, "64", 10);
	assert_assign(&mf, 7, "FOO", KB_OP_APPEND, "bar", 11);
	assert_assign(&mf, 8, "hash", KB_OP_RECURSIVE, "a\\#b", 12);
	/* a ':' inside $(...) is no rule */
	assert_assign(&mf, 9, "obj-$(CONFIG_X:m=y)", KB_OP_APPEND, "nvram.o",
		      13);
	assert_assign(&mf, 10, "empty", KB_OP_SIMPLE, "", 15);
	assert_int_equal(mf.assigns[0].cond, -1);
	assert_int_equal(mf.nr_bad, 0);
	kb_makefile_release(&mf);
}

static void test_rules_recipes_defines(void **state UNUSED)
{
	struct kb_makefile mf;

	parse(&mf,
	      "$(obj)/foo.o: $(src)/foo.c\n"
	      "\tobj-y += not-me.o\n"
	      "\n"
	      "\t@echo $@ \\\n"
	      "obj-y += nor-me.o\n"
	      "a := 1\n"
	      "\tobj-y += tab-indented.o\n"
	      "foo.o: CFLAGS += -DX\n"
	      "define filechk_x\n"
	      "\tobj-y += in-define.o\n"
	      "define nested\n"
	      "endef\n"
	      "obj-y += still-define.o\n"
	      "endef\n"
	      "include $(src)/sub/Kbuild other.mk\n"
	      "-include $(objtree)/gen.mk\n"
	      "obj-y += last.o\n"
	      "$(call foo,bar)\n"
	      "a b := c\n");
	/* the recipe and its continuation are skipped, "a := 1" ends it */
	assert_int_equal(mf.nr_assigns, 3);
	assert_assign(&mf, 0, "a", KB_OP_SIMPLE, "1", 6);
	assert_assign(&mf, 1, "obj-y", KB_OP_APPEND, "tab-indented.o", 7);
	assert_assign(&mf, 2, "obj-y", KB_OP_APPEND, "last.o", 17);
	assert_int_equal(mf.nr_includes, 3);
	assert_string_equal(mf.includes[0].text, "$(src)/sub/Kbuild");
	assert_string_equal(mf.includes[1].text, "other.mk");
	assert_string_equal(mf.includes[2].text, "$(objtree)/gen.mk");
	assert_int_equal(mf.includes[0].line, 15);
	assert_int_equal(mf.includes[0].at, 2);
	assert_int_equal(mf.nr_bad, 0);
	kb_makefile_release(&mf);
}

/* The condition texts around assignment @i, innermost first. */
static void assert_conds(const struct kb_makefile *mf, size_t i,
			 const char *expect)
{
	struct strbuf sb = STRBUF_INIT;
	int c = mf->assigns[i].cond;

	while (c >= 0) {
		if (sb.len)
			strbuf_addch(&sb, '|');
		strbuf_addf(&sb, "%s%s@%d", mf->conds[c].negate ? "!" : "",
			    mf->conds[c].text, mf->conds[c].line);
		assert_true(mf->conds[c].parent < c);
		c = mf->conds[c].parent;
	}
	assert_string_equal(sb.buf, expect);
	strbuf_release(&sb);
}

static void test_conditionals(void **state UNUSED)
{
	struct kb_makefile mf;

	parse(&mf,
	      "ifdef CONFIG_A\n"
	      "a := 1\n"
	      "ifeq ($(CONFIG_B),y)\n"
	      "  b := 1\n"
	      "else ifneq \"$(CONFIG_C)\" ''\n"
	      "  c := 1\n"
	      "else\n"
	      "  d := 1\n"
	      "endif\n"
	      "else # not A\n"
	      "e := 1\n"
	      "endif\n"
	      "ifndef CONFIG_F\n"
	      "f := 1\n"
	      "endif\n"
	      "ifeq (a, $(call foo,b,c))\n"
	      "g := 1\n"
	      "endif\n"
	      "ifeq bogus\n"
	      "h := 1\n"
	      "endif\n");
	assert_int_equal(mf.nr_assigns, 8);
	assert_conds(&mf, 0, "ifdef CONFIG_A@1");
	assert_conds(&mf, 1, "ifeq ($(CONFIG_B),y)@3|ifdef CONFIG_A@1");
	assert_conds(&mf, 2, "ifneq \"$(CONFIG_C)\" ''@5|"
		     "!ifeq ($(CONFIG_B),y)@3|ifdef CONFIG_A@1");
	assert_conds(&mf, 3, "!ifneq \"$(CONFIG_C)\" ''@5|"
		     "!ifeq ($(CONFIG_B),y)@3|ifdef CONFIG_A@1");
	assert_conds(&mf, 4, "!ifdef CONFIG_A@1");
	assert_conds(&mf, 5, "ifndef CONFIG_F@13");
	assert_int_equal(mf.conds[mf.assigns[1].cond].type, KB_IFEQ);
	assert_string_equal(mf.conds[mf.assigns[1].cond].arg1, "$(CONFIG_B)");
	assert_string_equal(mf.conds[mf.assigns[1].cond].arg2, "y");
	assert_int_equal(mf.conds[mf.assigns[2].cond].type, KB_IFNEQ);
	assert_string_equal(mf.conds[mf.assigns[2].cond].arg1, "$(CONFIG_C)");
	assert_string_equal(mf.conds[mf.assigns[2].cond].arg2, "");
	/* a comma inside $(call ...) is not the separator */
	assert_string_equal(mf.conds[mf.assigns[6].cond].arg2,
			    "$(call foo,b,c)");
	assert_int_equal(mf.conds[mf.assigns[7].cond].type, KB_IFBAD);
	assert_int_equal(mf.nr_bad, 0);
	kb_makefile_release(&mf);

	/* unbalanced: counted, never fatal */
	parse(&mf, "endif\nelse\nifdef A\nx := 1\n");
	assert_int_equal(mf.nr_bad, 3);
	assert_int_equal(mf.nr_assigns, 1);
	kb_makefile_release(&mf);
	parse(&mf, "define x\nobj-y += a.o\n");
	assert_int_equal(mf.nr_bad, 1);
	assert_int_equal(mf.nr_assigns, 0);
	kb_makefile_release(&mf);
}

static void test_odd_input(void **state UNUSED)
{
	static const char data[] = "obj-y += a\0b.o\r\n\\\n=\n:\n\t\t\n$(\n"
				   "x := $(\nifeq (\nifeq \"a\nelse ifdef\n"
				   "a\\";
	struct kb_makefile mf;

	kb_parse(&mf, "odd", data, sizeof(data) - 1);
	assert_true(mf.nr_assigns >= 1);
	/* a NUL reads as a blank, a CR before the newline is dropped */
	assert_assign(&mf, 0, "obj-y", KB_OP_APPEND, "a|b.o", 1);
	kb_makefile_release(&mf);
	kb_parse(&mf, "empty", "", 0);
	assert_int_equal(mf.nr_assigns, 0);
	kb_makefile_release(&mf);
}

static struct dotconfig *config_of(const char *text)
{
	struct dotconfig *dc = xcalloc(1, sizeof(*dc));

	dotconfig_parse(dc, text, strlen(text), NULL, "CONFIG_");
	return dc;
}

static char *expand(const struct kb_makefile *mf, const struct kb_env *env,
		    const char *text, int *unknown)
{
	struct strbuf sb = STRBUF_INIT;

	*unknown = 0;
	kb_expand(mf, env, text, &sb, unknown);
	return strbuf_detach(&sb, NULL);
}

#define assert_expands(mf, env, text, want, want_unknown)		\
	do {								\
		int unk_;						\
		char *got_ = expand(mf, env, text, &unk_);		\
		assert_string_equal(got_, want);			\
		assert_int_equal(unk_, want_unknown);			\
		free(got_);						\
	} while (0)

static void test_expand(void **state UNUSED)
{
	struct dotconfig *dc = config_of("CONFIG_Y=y\nCONFIG_M=m\n"
					 "# CONFIG_N is not set\n"
					 "CONFIG_S=\"str\"\n");
	struct kb_env env = { .config = dc, .srcarch = "x86",
			      .arch = "x86_64", .dir = "fs/xfs" };
	struct kb_env none = { .srcarch = "x86", .dir = "fs/xfs" };
	struct kb_makefile mf;

	parse(&mf,
	      "list := a.o b.o\n"
	      "list += c.c\n"
	      "ifdef CONFIG_N\n"
	      "list += never.o\n"
	      "endif\n"
	      "self := x\n"
	      "self := $(self) y\n"
	      "loop = $(loop) z\n"
	      "pre ?= first\n"
	      "pre ?= second\n"
	      "ref := list\n"
	      "bits-$(CONFIG_Y) := 64\n");
	assert_expands(&mf, &env, "$(list)", "a.o b.o c.c", 0);
	assert_expands(&mf, &env, "${list}", "a.o b.o c.c", 0);
	assert_expands(&mf, &env, "$($(ref))", "a.o b.o c.c", 0);
	assert_expands(&mf, &env, "$(list:.c=.o)", "a.o b.o c.o", 0);
	assert_expands(&mf, &env, "$(list:%.o=x/%.s)", "x/a.s x/b.s c.c", 0);
	assert_expands(&mf, &env, "$(addprefix libxfs/, a.o b.o)",
		       "libxfs/a.o libxfs/b.o", 0);
	assert_expands(&mf, &env, "$(addsuffix .o,a b)", "a.o b.o", 0);
	assert_expands(&mf, &env, "$(patsubst %.c,%.o,a.c b.h)", "a.o b.h", 0);
	assert_expands(&mf, &env, "$(subst m,y,$(CONFIG_M))", "y", 0);
	assert_expands(&mf, &env, "$(CONFIG_M:m=y)", "y", 0);
	assert_expands(&mf, &env, "$(CONFIG_N)$(CONFIG_MISSING)", "", 0);
	assert_expands(&mf, &env, "$(CONFIG_S)", "\"str\"", 0);
	assert_expands(&mf, &env, "$(filter %.o,$(list))", "a.o b.o", 0);
	assert_expands(&mf, &env, "$(filter-out a.o,$(list))", "b.o c.c", 0);
	assert_expands(&mf, &env, "$(sort c b a b)", "a b c", 0);
	assert_expands(&mf, &env, "$(strip  a   b )", "a b", 0);
	assert_expands(&mf, &env, "$(if $(CONFIG_Y),yes,no)", "yes", 0);
	assert_expands(&mf, &env, "$(if $(CONFIG_N),yes,no)", "no", 0);
	assert_expands(&mf, &env, "$(or $(CONFIG_N),$(CONFIG_M))", "m", 0);
	assert_expands(&mf, &env, "$(and $(CONFIG_Y),$(CONFIG_N))", "", 0);
	assert_expands(&mf, &env, "$(foreach d,a b,$(d)/x.o)", "a/x.o b/x.o",
		       0);
	assert_expands(&mf, &env, "$(notdir a/b.o c.o) $(dir a/b.o c.o)",
		       "b.o c.o a/ ./", 0);
	assert_expands(&mf, &env, "$(basename a/b.o) $(suffix a/b.o c)",
		       "a/b .o", 0);
	assert_expands(&mf, &env, "$(firstword a b) $(lastword a b)", "a b", 0);
	assert_expands(&mf, &env, "$(findstring b,abc)", "b", 0);
	assert_expands(&mf, &env, "arch/$(SRCARCH)/ $(ARCH)",
		       "arch/x86/ x86_64", 0);
	assert_expands(&mf, &env, "$(obj)/x.o $(src)", "fs/xfs/x.o fs/xfs", 0);
	assert_expands(&mf, &env, "$(self)", "x y", 0);
	assert_expands(&mf, &env, "$(pre)", "first", 0);
	assert_expands(&mf, &env, "$(bits-y)", "64", 0);
	assert_expands(&mf, &env, "$(undefined)a$$b", "a$b", 0);
	/* what cannot be known is kept as written, and said so */
	assert_expands(&mf, &env, "x $(call cc-option,-O2) y",
		       "x $(call cc-option,-O2) y", 1);
	assert_expands(&mf, &env, "$(shell uname)", "$(shell uname)", 1);
	assert_expands(&mf, &env, "$@", "$@", 1);
	assert_expands(&mf, &env, "$(unterminated", "$(unterminated", 1);
	assert_expands(&mf, &none, "obj-$(CONFIG_Y)", "obj-$(CONFIG_Y)", 1);
	assert_null(kb_config_value(&none, "CONFIG_Y"));
	assert_string_equal(kb_config_value(&env, "CONFIG_N"), "");
	assert_string_equal(kb_config_value(&env, "CONFIG_M"), "m");
	/* a variable that refers to itself sees its value so far */
	assert_expands(&mf, &env, "$(loop)", " z", 0);
	kb_makefile_release(&mf);
	dotconfig_release(dc);
	free(dc);
}

static void test_expand_is_bounded(void **state UNUSED)
{
	struct kb_env env = { .srcarch = "x86" };
	struct kb_makefile mf;
	int unk;
	char *got;

	/* 2^40 words if nothing stopped it */
	parse(&mf,
	      "a0 := x x\n"
	      "a1 := $(a0) $(a0)\na2 := $(a1) $(a1)\na3 := $(a2) $(a2)\n"
	      "a4 := $(a3) $(a3)\na5 := $(a4) $(a4)\na6 := $(a5) $(a5)\n"
	      "a7 := $(a6) $(a6)\na8 := $(a7) $(a7)\na9 := $(a8) $(a8)\n"
	      "b0 := $(a9) $(a9)\nb1 := $(b0) $(b0)\nb2 := $(b1) $(b1)\n"
	      "b3 := $(b2) $(b2)\nb4 := $(b3) $(b3)\nb5 := $(b4) $(b4)\n"
	      "b6 := $(b5) $(b5)\nb7 := $(b6) $(b6)\nb8 := $(b7) $(b7)\n"
	      "b9 := $(b8) $(b8)\nc0 := $(b9) $(b9)\nc1 := $(c0) $(c0)\n");
	got = expand(&mf, &env, "$(foreach i,$(c1),$(c1))", &unk);
	assert_int_equal(unk, 1);
	assert_true(strlen(got) <= (1 << 21));
	free(got);
	kb_makefile_release(&mf);
}

static void test_conditions_eval(void **state UNUSED)
{
	struct dotconfig *dc = config_of("CONFIG_Y=y\nCONFIG_M=m\n"
					 "# CONFIG_N is not set\n");
	struct kb_env env = { .config = dc, .srcarch = "x86" };
	struct kb_env none = { .srcarch = "x86" };
	struct kb_makefile mf;

	parse(&mf,
	      "ifdef CONFIG_Y\na := 1\nendif\n"			/* 0 */
	      "ifdef CONFIG_N\nb := 1\nelse\nc := 1\nendif\n"	/* 1 2 */
	      "ifeq ($(CONFIG_M),y)\nd := 1\n"			/* 3 */
	      "else ifeq ($(CONFIG_M),m)\ne := 1\n"		/* 4 */
	      "else\nf := 1\nendif\n"				/* 5 */
	      "ifneq ($(CONFIG_N),)\ng := 1\nendif\n"		/* 6 */
	      "ifeq ($(SRCARCH),x86)\nh := 1\nendif\n"		/* 7 */
	      "ifeq ($(call x),)\ni := 1\nendif\n"		/* 8 */
	      "ifndef LOCAL\nj := 1\nendif\n"			/* 9 */
	      "LOCAL := 1\n"
	      "ifdef LOCAL\nk := 1\nendif\n");			/* 11 */
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[0].cond), 1);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[1].cond), 0);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[2].cond), 1);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[3].cond), 0);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[4].cond), 1);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[5].cond), 0);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[6].cond), 0);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[7].cond), 1);
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[8].cond), -1);
	/* make reads in order, but a Makefile's variables are all known */
	assert_int_equal(kb_cond_eval(&mf, &env, mf.assigns[11].cond), 1);
	/* no .config: every option is unknown, the arch is not */
	assert_int_equal(kb_cond_eval(&mf, &none, mf.assigns[0].cond), -1);
	assert_int_equal(kb_cond_eval(&mf, &none, mf.assigns[4].cond), -1);
	assert_int_equal(kb_cond_eval(&mf, &none, mf.assigns[7].cond), 1);
	kb_makefile_release(&mf);
	dotconfig_release(dc);
	free(dc);
}

static void test_split_lhs(void **state UNUSED)
{
	static const struct {
		const char *lhs, *name, *sel;
	} cases[] = {
		{ "obj-$(CONFIG_X)", "obj", "$(CONFIG_X)" },
		{ "obj-y", "obj", "y" },
		{ "snd-soc-core-objs", "snd-soc-core", "objs" },
		{ "nf_conntrack-$(subst m,y,$(CONFIG_IPV6))", "nf_conntrack",
		  "$(subst m,y,$(CONFIG_IPV6))" },
		{ "$(MOD-NAME)-y", "$(MOD-NAME)", "y" },
		{ "obj-", "obj", "" },
	};
	size_t i;
	char *name, *sel;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(kb_split_lhs(cases[i].lhs, &name, &sel), 1);
		assert_string_equal(name, cases[i].name);
		assert_string_equal(sel, cases[i].sel);
		free(name);
		free(sel);
	}
	assert_int_equal(kb_split_lhs("targets", &name, &sel), 0);
	assert_int_equal(kb_split_lhs("-x", &name, &sel), 0);
}

static void test_merge_include(void **state UNUSED)
{
	struct kb_makefile mf, sub;

	parse(&mf, "a := 1\n"
		   "ifdef CONFIG_X\n"
		   "include $(src)/sub/Kbuild\n"
		   "endif\n"
		   "b := $(sub)\n"
		   "include $(src)/other\n"
		   "c := 1\n");
	{
		static const char text[] = "ifdef CONFIG_Y\nsub := s.o\n"
					   "endif\nsub2 := t.o\n";

		kb_parse(&sub, "d/sub/Kbuild", text, sizeof(text) - 1);
	}
	assert_int_equal(mf.nr_includes, 2);
	kb_merge_include(&mf, &mf.includes[0], &sub);
	kb_makefile_release(&sub);
	assert_int_equal(mf.nr_assigns, 5);
	assert_assign(&mf, 0, "a", KB_OP_SIMPLE, "1", 1);
	assert_assign(&mf, 1, "sub", KB_OP_SIMPLE, "s.o", 2);
	assert_assign(&mf, 2, "sub2", KB_OP_SIMPLE, "t.o", 4);
	assert_assign(&mf, 3, "b", KB_OP_SIMPLE, "$(sub)", 5);
	assert_string_equal(mf.files[mf.assigns[1].file], "d/sub/Kbuild");
	assert_string_equal(mf.files[mf.assigns[3].file], "t/Makefile");
	/* under both the included file's ifdef and the include's */
	assert_conds(&mf, 1, "ifdef CONFIG_Y@1|ifdef CONFIG_X@2");
	assert_conds(&mf, 2, "ifdef CONFIG_X@2");
	assert_int_equal(mf.includes[0].merged, 1);
	/* the later include still points after "b" */
	assert_int_equal(mf.includes[1].at, 4);
	kb_makefile_release(&mf);
}

/* ---- the resolver, on a small tree made here ---- */

static void put(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel), *slash;

	slash = strrchr(path, '/');
	*slash = '\0';
	assert_int_equal(mkdir_p(path), 0);
	*slash = '/';
	assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
	free(path);
}

static void make_tree(const char *dir)
{
	put(dir, "Kbuild",
	    "obj-y += fs/\n"
	    "obj-$(CONFIG_NET) += net/\n"
	    "obj-y += arch/$(SRCARCH)/\n");
	put(dir, "Makefile", "libs-y := lib/\n");
	put(dir, "arch/x86/Makefile",
	    "drivers-$(CONFIG_PCI) += arch/x86/pci/\n"
	    "ifeq ($(CONFIG_X86_32),y)\nBITS := 32\nelse\nBITS := 64\n"
	    "endif\n");
	put(dir, "arch/x86/kernel/Makefile", "obj-y += head_$(BITS).o\n");
	put(dir, "arch/x86/pci/Makefile", "obj-y += common.o\n");
	put(dir, "lib/Makefile", "lib-y := string.o\n");
	put(dir, "fs/Makefile",
	    "obj-$(CONFIG_EXT4_FS) += ext4/\n"
	    "obj-$(CONFIG_XFS_FS) += xfs/\n");
	put(dir, "fs/ext4/Makefile",
	    "obj-$(CONFIG_EXT4_FS) += ext4.o\n"
	    "ext4-y := inode.o \\\n"
	    "\tsuper.o\n"
	    "ext4-$(CONFIG_EXT4_FS_POSIX_ACL) += acl.o\n"
	    "ifeq ($(CONFIG_EXT4_DEBUG),y)\n"
	    "ext4-y += debug.o\n"
	    "endif\n");
	put(dir, "fs/xfs/Makefile",
	    "obj-$(CONFIG_XFS_FS) += xfs.o\n"
	    "xfs-y += $(addprefix libxfs/, xfs_ag.o xfs_alloc.o)\n"
	    "rt-$(CONFIG_XFS_RT) := xfs_rtalloc.o\n"
	    "xfs-y += $(rt-y)\n");
	put(dir, "net/Makefile",
	    "obj-$(CONFIG_NETFILTER) += netfilter/\n");
	put(dir, "net/netfilter/Kbuild",
	    "obj-$(CONFIG_XT_RECENT) += xt_recent.o\n"
	    "include $(src)/more.mk\n");
	put(dir, "net/netfilter/Makefile", "obj-y += ignored-kbuild-wins.o\n");
	put(dir, "net/netfilter/more.mk",
	    "obj-$(CONFIG_XT_MORE:m=y) += xt_more.o\n");
	put(dir, "net/netfilter/xt_recent.c", "int x;\n");
	put(dir, "net/netfilter/lonely.c", "#include \"inc.c\"\n");
	put(dir, "net/netfilter/inc.c", "\n");
	put(dir, "net/netfilter/inc2.c", "\n");
	put(dir, "net/netfilter/user.c", "\n#  include \"inc2.c\"\n");
	put(dir, "net/netfilter/hdr.h", "\n");
	/* virt/kvm/Makefile.kvm is read by arch/x86/kvm (and arm64's) */
	put(dir, "virt/kvm/Makefile.kvm", "KVM ?= ../../../virt/kvm\n"
	    "kvm-y := $(KVM)/kvm_main.o\n");
	put(dir, "virt/kvm/kvm_main.c", "\n");
	put(dir, "arch/x86/Kbuild", "obj-y += kernel/\n"
	    "obj-$(CONFIG_KVM) += kvm/\n");
	put(dir, "arch/x86/kvm/Makefile",
	    "include $(srctree)/virt/kvm/Makefile.kvm\n"
	    "obj-$(CONFIG_KVM) += kvm.o\n");
	put(dir, "arch/arm64/kvm/Makefile",
	    "include $(srctree)/virt/kvm/Makefile.kvm\n"
	    "obj-$(CONFIG_KVM) += kvm.o\n");
}

static struct kb_tree *tree_with(const char *dir, const char *config)
{
	return kb_tree_new(dir, "x86", "x86_64",
			   config ? config_of(config) : NULL);
}

/* Resolve @path and check the state and the "file:line" of each link. */
static void check_which(struct kb_tree *t, const char *path,
			enum kb_state state, const char *module,
			const char *links)
{
	struct strbuf sb = STRBUF_INIT;
	struct kb_result r;
	size_t i;

	if (kb_which(t, path, &r))
		fail_msg("%s: %s", path, r.reason);
	assert_int_equal(r.nr_chains, 1);
	for (i = 0; i < r.chains[0].nr; i++)
		strbuf_addf(&sb, "%s%s:%d", i ? " " : "",
			    r.chains[0].links[i].file,
			    r.chains[0].links[i].line);
	assert_string_equal(sb.buf, links);
	if (r.state != state)
		fail_msg("%s: state %s, wanted %s (%s)", path,
			 kb_state_name(r.state), kb_state_name(state),
			 r.reason ? r.reason : "");
	if (module)
		assert_string_equal(r.module, module);
	else
		assert_null(r.module);
	kb_result_release(&r);
	strbuf_release(&sb);
}

static void test_resolver(void **state)
{
	const char *dir = *state;
	struct kb_tree *t;
	struct kb_result r;

	make_tree(dir);
	t = tree_with(dir, "CONFIG_NET=y\nCONFIG_NETFILTER=y\n"
			   "CONFIG_XT_RECENT=m\nCONFIG_EXT4_FS=y\n"
			   "CONFIG_PCI=y\nCONFIG_XT_MORE=m\n"
			   "CONFIG_XFS_FS=m\n");
	check_which(t, "net/netfilter/xt_recent.c", KB_MODULE,
		    "net/netfilter/xt_recent.ko",
		    "net/netfilter/Kbuild:1 net/Makefile:1 Kbuild:2");
	check_which(t, "net/netfilter/xt_more.c", KB_BUILTIN, NULL,
		    "net/netfilter/more.mk:1 net/Makefile:1 Kbuild:2");
	check_which(t, "fs/ext4/super.c", KB_BUILTIN, NULL,
		    "fs/ext4/Makefile:3 fs/ext4/Makefile:1 fs/Makefile:1 "
		    "Kbuild:1");
	check_which(t, "fs/ext4/acl.c", KB_NOT_BUILT, NULL,
		    "fs/ext4/Makefile:4 fs/ext4/Makefile:1 fs/Makefile:1 "
		    "Kbuild:1");
	check_which(t, "fs/ext4/debug.c", KB_NOT_BUILT, NULL,
		    "fs/ext4/Makefile:6 fs/ext4/Makefile:1 fs/Makefile:1 "
		    "Kbuild:1");
	check_which(t, "fs/xfs/libxfs/xfs_alloc.c", KB_MODULE,
		    "fs/xfs/xfs.ko",
		    "fs/xfs/Makefile:2 fs/xfs/Makefile:1 fs/Makefile:2 "
		    "Kbuild:1");
	check_which(t, "fs/xfs/xfs_rtalloc.c", KB_NOT_BUILT, NULL,
		    "fs/xfs/Makefile:3 fs/xfs/Makefile:4 fs/xfs/Makefile:1 "
		    "fs/Makefile:2 Kbuild:1");
	check_which(t, "arch/x86/kernel/head_64.S", KB_BUILTIN, NULL,
		    "arch/x86/kernel/Makefile:1 arch/x86/Kbuild:1 Kbuild:3");
	check_which(t, "arch/x86/pci/common.c", KB_BUILTIN, NULL,
		    "arch/x86/pci/Makefile:1 arch/x86/Makefile:1");
	check_which(t, "lib/string.c", KB_BUILTIN, NULL,
		    "lib/Makefile:1 Makefile:1");
	check_which(t, "net/netfilter/", KB_BUILTIN, NULL,
		    "net/Makefile:1 Kbuild:2");
	check_which(t, "xt-recent", KB_MODULE, "net/netfilter/xt_recent.ko",
		    "net/netfilter/Kbuild:1 net/Makefile:1 Kbuild:2");
	check_which(t, "net/netfilter/xt_recent.ko", KB_MODULE,
		    "net/netfilter/xt_recent.ko",
		    "net/netfilter/Kbuild:1 net/Makefile:1 Kbuild:2");
	check_which(t, "net/netfilter/inc.c", KB_NOT_REACHED, NULL,
		    "net/netfilter/lonely.c:1");
	check_which(t, "net/netfilter/inc2.c", KB_NOT_REACHED, NULL,
		    "net/netfilter/user.c:2");
	check_which(t, "virt/kvm/kvm_main.c", KB_NOT_BUILT,
		    "arch/x86/kvm/kvm.ko",
		    "virt/kvm/Makefile.kvm:2 arch/x86/kvm/Makefile:2 "
		    "arch/x86/Kbuild:2 Kbuild:3");

	assert_int_equal(kb_which(t, "net/netfilter/hdr.h", &r), -1);
	assert_non_null(strstr(r.reason, "is a header"));
	kb_result_release(&r);
	assert_int_equal(kb_which(t, "net/netfilter/nothing.c", &r), -1);
	assert_non_null(strstr(r.reason, "no Kbuild file mentions "
				       "'nothing.o' (looked at "
				       "net/netfilter/Kbuild)"));
	kb_result_release(&r);
	assert_int_equal(kb_which(t, "no_such_mod", &r), -1);
	assert_non_null(strstr(r.reason, "no module 'no_such_mod'"));
	kb_result_release(&r);
	assert_int_equal(kb_which(t, "x.txt", &r), -1);
	kb_result_release(&r);
	kb_tree_free(t);

	/* the directory is visited for modules only: no built-in there */
	t = tree_with(dir, "CONFIG_NET=m\nCONFIG_NETFILTER=y\n"
			   "CONFIG_XT_RECENT=m\nCONFIG_XT_MORE=y\n");
	check_which(t, "net/netfilter/xt_recent.c", KB_MODULE,
		    "net/netfilter/xt_recent.ko",
		    "net/netfilter/Kbuild:1 net/Makefile:1 Kbuild:2");
	check_which(t, "net/netfilter/xt_more.c", KB_NOT_BUILT, NULL,
		    "net/netfilter/more.mk:1 net/Makefile:1 Kbuild:2");
	check_which(t, "net/", KB_MODULES, NULL, "Kbuild:2");
	kb_tree_free(t);

	/* no .config: unknown, with the module it would be */
	t = tree_with(dir, NULL);
	check_which(t, "net/netfilter/xt_recent.c", KB_UNKNOWN,
		    "net/netfilter/xt_recent.ko",
		    "net/netfilter/Kbuild:1 net/Makefile:1 Kbuild:2");
	check_which(t, "fs/ext4/inode.c", KB_UNKNOWN, "fs/ext4/ext4.ko",
		    "fs/ext4/Makefile:2 fs/ext4/Makefile:1 fs/Makefile:1 "
		    "Kbuild:1");
	assert_true(kb_tree_files_read(t) < 12);
	kb_tree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_rules_recipes_defines),
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_odd_input),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_expand_is_bounded),
		cmocka_unit_test(test_conditions_eval),
		cmocka_unit_test(test_split_lhs),
		cmocka_unit_test(test_merge_include),
		cmocka_unit_test_setup_teardown(test_resolver, tmpdir_setup,
						tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

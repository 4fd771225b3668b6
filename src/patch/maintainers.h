/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_PATCH_MAINTAINERS_H
#define KDEV_PATCH_MAINTAINERS_H

#include <stddef.h>

#include "../lib/strbuf.h"
#include "../lib/strvec.h"

/*
 * The kernel's MAINTAINERS file (or a MAINTAINERS/ directory of split
 * files, read in name order), and the answer scripts/get_maintainer.pl
 * gives with --no-git --no-git-fallback, computed the same way:
 *
 * - Every non-blank line that is not a comment ("#") is kept. A line
 *   "X:<spaces>VALUE" with X a capital letter is a tag; a run of tags
 *   is a section, named by the line just before it.
 * - F: and X: are globs made into regexes (. literal, * any run of
 *   characters including '/', ? one character, [..] a class), matched
 *   from the start of the path; a pattern naming a directory of the
 *   tree, or ending in '/', matches everything below it, any other only
 *   paths with as many '/' as the pattern. X: in a section wins over
 *   its F:. N: is a regex on the path, K: a regex on the patch's lines
 *   (any line before the first file header, then only added and removed
 *   lines) or on the content of a file given by name.
 * - A section's match depth is that of its last matching F: ('/'
 *   count, plus one when the pattern does not end in '/'; -1 for a
 *   pattern starting with '*'), or 0 for an N:. Sections are taken by
 *   depth, deepest first (ties in MAINTAINERS order), then the sections
 *   whose K: matched.
 * - People (M: with the section's status as role, R:) and lists (L:;
 *   subscriber-only lists left out) in that order, duplicates by name or
 *   address dropped, names and addresses mapped through the tree's
 *   .mailmap, Linus Torvalds (THE REST's maintainer) left out; e-mail
 *   addresses found in a .yaml file that is matched come last ("in
 *   file").
 */

struct kre;

/* (48 bytes, no holes: the index cache holds one for each line) */
struct mnt_entry {
	char *value;		/* after the tag and its spaces */
	char *regex;		/* F:, X: the glob as a regex, no '^' */
	struct kre *re;		/* F:, X:, N:, K: */
	int tvi;		/* index among the kept lines */
	int file, line;		/* where: m->paths[file], 1-based line */
	char tag;		/* 'M', 'F', ...: any capital letter */
	signed char dir_state;	/* F:, X: 0 unknown, 1 a dir, 2 not */
	signed char re_state;	/* 0 not compiled, 1 ok, 2 bad */
	size_t lit_len;		/* F:, X: literal prefix of the glob */
};

struct mnt_section {
	const char *name;	/* the header line ("THE REST") */
	int header_tvi;
	int first, nr;		/* its entries: m->entries[first...] */
	const char *status;	/* last S:, or NULL */
	int file, line;		/* where the header is */
};

/* .mailmap: "addr" or "Name <addr>" to a real name or address */
struct mailmap_entry {
	char *key;
	char *value;
	size_t seq;		/* the later line wins */
};

struct maintainers {
	char *tree;		/* for -d checks of F: patterns */
	struct strvec paths;	/* the MAINTAINERS files read */
	char **texts;		/* their contents (entries point in) */
	char **lines;		/* every kept line, by tvi */
	int nr_lines;
	size_t alloc_lines;
	struct mnt_entry *entries;
	int nr_entries;
	size_t alloc_entries;
	struct mnt_section *sections;
	int nr_sections;
	size_t alloc_sections;
	int *entry_section;	/* section index of each entry */
	int *keywords;		/* entries with K: */
	int nr_keywords;
	/* .mailmap: names and addresses, each sorted by key */
	struct mailmap_entry *mm_names, *mm_addrs;
	size_t nr_mm_names, alloc_mm_names, nr_mm_addrs, alloc_mm_addrs;
	int mailmap_sorted;
	struct kre *chief;	/* Linus, left out as get_maintainer does */
	struct kre *file_email;	/* e-mail addresses in a .yaml file */
	struct kre *addr_in;	/* the address inside one of them */
	struct kre **kw_patch;	/* "^[+-].*" KEYWORD, per keyword */
	int warnings;		/* how many were printed */
	/* the index cache (see maintainers_load); NULL when not used */
	void *cache_map;	/* the mapped cache file: strings point in */
	size_t cache_len;
	struct mailmap_entry *mmc_names, *mmc_addrs;	/* its .mailmap */
	size_t nr_mmc_names, nr_mmc_addrs;
	int mm_borrowed;	/* mm_names/mm_addrs point into cache_map */
	/*
	 * lines, entries, sections, entry_section, keywords, needs,
	 * mmc_names, mmc_addrs and warn_log are in the cache's image (see
	 * mnt-cache.h), not allocated
	 */
	int in_map;
	/* entries with a regex or glob regex made, to be freed */
	int *owned;
	int nr_owned;
	size_t alloc_owned;
	/*
	 * 0 parsed; 1 loaded from the cache, with the .mailmap in it (3:
	 * there was none; 4: maintainers_read_mailmap took it); 2 parsed
	 * and the cache written
	 */
	int from_cache;
	/* N: and K: entries' kre_need() strings (the cache's), by entry */
	struct mnt_need *needs;
	int nr_needs;
	/*
	 * The F:, X: and N: entries sorted by the literal start of their
	 * value (glob before its first wildcard; N: ""), so that a query
	 * looks only at those its path starts with: the cache's, else
	 * NULL (then every entry is looked at)
	 */
	int *by_lit;
	int nr_by_lit;
	/* warnings of the parse, kept for the cache */
	struct mnt_warning *warn_log;
	size_t nr_warn_log, alloc_warn_log;
	int log_warnings;
};

/*
 * One of the strings one of which every match of entry @entry's regex
 * contains (kre_need(); an entry's are side by side)
 */
struct mnt_need {
	int entry;
	const char *s;
	int len, icase;		/* icase: s is in lower case */
};

struct mnt_warning {
	int file, line;
	char *what, *text;
};

/*
 * Read @path (a file, or a directory of files) for the tree @tree
 * (F: directory checks, .mailmap). @path NULL: TREE/MAINTAINERS, or
 * TREE/MAINTAINERS/ when that is a directory. Problems in the text
 * are warnings with file:line; returns NULL after error() when nothing
 * can be read.
 *
 * The parsed result (with TREE/.mailmap, for maintainers_read_mailmap)
 * is kept in an index file, ${XDG_CACHE_HOME:-~/.cache}/kdev/
 * maintainers/HASH.idx, HASH from the real path of @path; it is used
 * when the files' sizes, mtimes and inodes are still those it was made
 * from, and rebuilt otherwise. A cache that cannot be written, or is
 * corrupt, is silently not used. KDEV_NO_CACHE=1 in the environment, or
 * maintainers_no_cache(), turns it off.
 */
/*
 * The tree to work on: --tree @opt made absolute, or the first directory
 * from here up that has a MAINTAINERS file (or directory). With @need,
 * a --tree without one is an error too. NULL after error().
 */
char *maintainers_find_tree(const char *opt, int need);
struct maintainers *maintainers_load(const char *tree, const char *path);
/* Neither read nor write the index cache in this process. */
void maintainers_no_cache(void);
/*
 * Nothing read yet, the one file @name: for mnt_cache_fill() (tests,
 * fuzzing).
 */
struct maintainers *maintainers_new(const char *tree, const char *name);
/* Parse one text already in memory (tests, fuzzing); @name for messages. */
struct maintainers *maintainers_parse(const char *tree, const char *name,
				      const char *text, size_t len);
/* Read TREE/.mailmap when there is one (get_maintainer does by default). */
int maintainers_read_mailmap(struct maintainers *m);
void mailmap_parse(struct maintainers *m, const char *text, size_t len);
void maintainers_free(struct maintainers *m);

/*
 * F: globs without regex syntax are matched without a regex: is @glob
 * one, and does it (with a '/' after it when @slash) match the start of
 * @path? (Exported for the tests, which compare it with the regex.)
 */
int mnt_glob_plain(const char *glob);
int mnt_glob_prefix(const char *glob, int slash, const char *path);

/* Does the F:/X: entry @e match @file (tree-relative, "dir/" for dirs)? */
int mnt_pattern_match(struct maintainers *m, struct mnt_entry *e,
		      const char *file);

/* --- the query: files and keyword hits in, people and lists out --- */

enum mnt_role {
	ROLE_MAINTAINER,	/* M: */
	ROLE_REVIEWER,		/* R: */
	ROLE_LIST,		/* L: */
	ROLE_IN_FILE,		/* e-mail address in a .yaml file */
};

struct mnt_hit {
	enum mnt_role role;
	int section;		/* -1 for ROLE_IN_FILE */
};

struct mnt_person {
	char *email;		/* as printed: "Name <addr>" or "addr" */
	char *name, *address;	/* parsed (name may be "") */
	struct strbuf role;	/* get_maintainer's role text */
	struct mnt_hit *hits;	/* every section that named them */
	size_t nr_hits, alloc_hits;
	int is_list;
	int list_kind;		/* 0 open, 1 moderated */
	int dropped;		/* a duplicate, or the chief penguin */
};

struct mnt_matched {
	int section;
	int depth;		/* -2: matched by K: only */
	int by_keyword;
	struct strvec files;	/* which of the query's files matched it */
};

struct mnt_query {
	/* in */
	struct strvec files;	/* tree-relative paths, get_maintainer's order */
	int *kw_hits;		/* entries whose K: matched */
	size_t nr_kw, alloc_kw;
	int no_roles;
	/* out */
	struct mnt_matched *matched;
	size_t nr_matched, alloc_matched;
	struct mnt_person *people;	/* e-mail_to then list_to, in order */
	size_t nr_people, alloc_people;
};

void mnt_query_init(struct mnt_query *q);
void mnt_query_release(struct mnt_query *q);
/* Record K: hits of @line (one line, with its '\n') of a patch. */
void mnt_keywords_patch_line(struct maintainers *m, struct mnt_query *q,
			     const char *line, size_t len, int in_diff);
/* Record K: hits in the content of a file given by name. */
void mnt_keywords_text(struct maintainers *m, struct mnt_query *q,
		       const char *text, size_t len);
/* Compute q->matched and q->people from q->files and q->kw_hits. */
void mnt_query_run(struct maintainers *m, struct mnt_query *q);
/* The lines get_maintainer prints (roles unless q->no_roles). */
void mnt_query_print(const struct mnt_query *q, struct strbuf *out);

/* get_maintainer's helpers, exposed for the unit tests */
void mnt_parse_email(const char *s, struct strbuf *name,
		     struct strbuf *address);
void mnt_format_email(const char *name, const char *address,
		      struct strbuf *out);
int mnt_rfc822_valid(const char *s);
/* "maintainer", "supporter", "odd fixer", ... from an S: value */
void mnt_status_role(const char *status, struct strbuf *out);
/* The section name as roles print it (cut to 50 characters). */
void mnt_section_label(const char *name, struct strbuf *out);

#endif

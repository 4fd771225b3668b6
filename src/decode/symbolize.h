/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DECODE_SYMBOLIZE_H
#define KDEV_DECODE_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Symbolizer over elfutils libdwfl: one struct symobj per ELF file
 * (vmlinux, or a module object, which is ET_REL and laid out by libdwfl).
 * Symbol tables are loaded once and indexed by name.
 */

struct sym_loc {
	char *func;		/* function, or NULL */
	char *file;		/* as shown: relative to the tree when known */
	char *path;		/* absolute path as recorded in DWARF */
	int line;
};

struct sym_match {
	uint64_t addr;		/* address looked up, in the object's layout */
	struct sym_loc *locs;	/* innermost first, then each "inlined by" */
	size_t nlocs;
};

enum sym_status {
	SYM_OK,
	SYM_AMBIGUOUS,		/* nr > 1: every candidate is listed */
	SYM_NOSYM,		/* no such symbol in the object */
	SYM_NOLINE,		/* symbol found, no line information */
	SYM_OUTSIDE,		/* address not in the object */
	SYM_BADOFF,		/* offset past the end of the symbol */
	SYM_PADDING,		/* in the padding after the function's code */
};

struct sym_result {
	enum sym_status status;
	struct sym_match *m;
	size_t nr;
	int size_mismatch;	/* the symbol's size differs from the oops */
	uint64_t sym_size;	/* our size for the symbol, when found */
};

struct symobj;

/* Returns NULL and sets *err to a malloc'd one-line message. */
struct symobj *symobj_open(const char *path, char **err);
void symobj_free(struct symobj *o);

const char *symobj_path(const struct symobj *o);
int symobj_has_dwarf(struct symobj *o);
/* vmlinux: the release in linux_banner; a module: vermagic's first word */
const char *symobj_release(const struct symobj *o);
/* vmlinux: the whole linux_banner, else NULL */
const char *symobj_banner(const struct symobj *o);
/* hex build id, or NULL */
const char *symobj_buildid(const struct symobj *o);
/* Strip this prefix from displayed paths (a tree root). */
void symobj_set_tree(struct symobj *o, const char *tree);

/*
 * Resolve sym+off. @size (when @has_size) picks between symbols of the
 * same name. Return addresses (!@exact) are looked up at pc-1.
 */
void symobj_lookup_sym(struct symobj *o, const char *sym, uint64_t off,
		       uint64_t size, int has_size, int exact,
		       struct sym_result *res);
/* Resolve an address in the object's own layout (vmlinux, no KASLR). */
void symobj_lookup_addr(struct symobj *o, uint64_t addr, int exact,
			struct sym_result *res);
/* Find @sym+@off's address; returns 0 if unique. */
int symobj_sym_addr(struct symobj *o, const char *sym, uint64_t off,
		    uint64_t size, int has_size, uint64_t *addr);
void sym_result_clear(struct sym_result *res);
/*
 * Up to @max function names of the object nearest to @name (edit
 * distance, a name containing the other counts as near), best first.
 * The names belong to @o. Returns how many.
 */
size_t symobj_similar(struct symobj *o, const char *name, const char **out,
		      size_t max);

#endif

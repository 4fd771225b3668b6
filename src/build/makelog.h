/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_MAKELOG_H
#define KDEV_MAKELOG_H

/*
 * A pure parser of kernel build output (make + Kbuild + compilers +
 * linker + modpost + Kconfig). Nothing here runs a command or touches
 * a file: the caller hands in text, these functions hand back facts.
 *
 *  - ml_classify(): one line of output -> what it is. Kbuild's quiet
 *    lines ("  CC [M]  net/netfilter/xt_recent.o") give the step, its
 *    target and whether it is a module object, so that a progress line
 *    can count objects done and show the current file.
 *  - ml_first_error(): the first real error of a whole log, with its
 *    location, message, include chain and the lines that explain it.
 *    Warnings are skipped (those -Werror made into errors say "error:"
 *    and count); make's own "*** [...] Error N" lines are consequences
 *    and are only used when nothing else explains the failure.
 */

#include <stddef.h>

enum ml_kind {
	ML_OTHER,		/* not recognised */
	ML_BLANK,
	/* Kbuild quiet-command lines: tag, target, [M] */
	ML_CC,
	ML_AS,
	ML_LD,
	ML_AR,
	ML_HOSTCC,		/* HOSTCC, HOSTCXX */
	ML_HOSTLD,
	ML_GEN,
	ML_CHK,
	ML_UPD,
	ML_SYNC,
	ML_BTF,
	ML_MODPOST,
	ML_KSYMS,
	ML_LDS,
	ML_OBJCOPY,
	ML_COMPRESS,		/* ZSTD GZIP XZKERN LZMA LZ4 LZO BZIP2 ... */
	ML_BUILD,		/* "  BUILD   arch/x86/boot/bzImage" */
	ML_STEP,		/* any other quiet-command tag */
	/* the end of a successful build */
	ML_IMAGE_READY,		/* "Kernel: arch/x86/boot/bzImage is ready" */
	/* make itself; make_level is N of make[N], 0 for plain make */
	ML_MAKE_ENTER,		/* path = the directory */
	ML_MAKE_LEAVE,
	ML_MAKE_ERROR,		/* "make: *** ..."; path = target if any */
	/* diagnostics "file:line[:col]: error|warning|note: msg" */
	ML_DIAG_ERROR,		/* also "fatal error:" and gas "Error:" */
	ML_DIAG_WARNING,
	ML_DIAG_NOTE,
};

struct ml_line {
	enum ml_kind kind;
	/* pointers into the line given to ml_classify(), not terminated */
	const char *tag;	/* "CC", "HOSTCC", "ZSTD"; NULL if no step */
	size_t tag_len;
	const char *path;	/* step target, directory, image, diag file */
	size_t path_len;
	int module;		/* the step said [M] */
	int object;		/* a CC/AS step of a .o: one object done */
	int make_level;		/* make[N] -> N, make -> 0, else -1 */
	int line, column;	/* for ML_DIAG_*, 0 when absent */
};

/* Classify @len bytes at @s (one line, with or without its newline). */
enum ml_kind ml_classify(const char *s, size_t len, struct ml_line *out);

/* Name of a kind, for messages and tests: "CC", "make-error"... */
const char *ml_kind_name(enum ml_kind kind);

enum ml_error_kind {
	ML_ERR_COMPILER,	/* gcc, clang, gas */
	ML_ERR_LINKER,		/* ld, ld.lld */
	ML_ERR_MODPOST,
	ML_ERR_KCONFIG,		/* Kconfig parse errors, syncconfig */
	ML_ERR_MAKE,		/* No rule to make target, Makefile:N: *** */
	ML_ERR_MAKE_FAILED,	/* only a "make: *** [...] Error N" line */
	ML_ERR_TOOL,		/* "gcc: error: ...": a tool without a file */
};

#define ML_MAX_CONTEXT 10
#define ML_MAX_INCLUDES 16

struct ml_error {
	enum ml_error_kind kind;
	char *file;		/* NULL when the error names no file */
	int line, column;	/* 0 when unknown */
	char *message;		/* "expected ';' before 'return'" */
	int werror;		/* a warning that -Werror made an error */
	char *function;		/* "In function 'f'" / "in function `f'" */
	char *includes[ML_MAX_INCLUDES];  /* "In file included from a.c:2" */
	size_t nr_includes;
	char *context[ML_MAX_CONTEXT];	/* following lines, as printed */
	size_t nr_context;
	size_t offset;		/* byte offset of the error's line */
	size_t block_offset;	/* of its first line (chain, header) */
};

/*
 * Find the first real error in @len bytes of @log (need not be
 * NUL-terminated). Returns 1 and fills @err (release it with
 * ml_error_release()) or 0 when the log shows no error.
 */
int ml_first_error(const char *log, size_t len, struct ml_error *err);
void ml_error_release(struct ml_error *err);

const char *ml_error_kind_name(enum ml_error_kind kind);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_TRACE_GDBCMD_H
#define KDEV_TRACE_GDBCMD_H

#include <stdint.h>

#include "../lib/strvec.h"

/*
 * "kdev gdb": the location syntax of --list and gdb's command line.
 * Pure: no files are looked at here.
 */

struct gdb_location {
	char sym[256];		/* "" for a plain address */
	uint64_t off;		/* offset, or the address */
	uint64_t size;
	int has_size;
	char module[64];	/* from a trailing "[module]", or "" */
};

/*
 * Parse "SYM+0xOFF[/0xLEN] [module]", "SYM", "0xADDR", also written as
 * gdb's "*(SYM+0xOFF)" or "*0xADDR". Returns 0 or -1 (bad syntax).
 */
int gdb_parse_location(const char *s, struct gdb_location *loc);

struct gdb_setup {
	const char *gdb;	/* the program, default "gdb" */
	const char *vmlinux;
	const char *tree;	/* O= directory (auto-load path), or NULL */
	const char *helpers;	/* its vmlinux-gdb.py when built, or NULL */
	const char *target;	/* "target remote" argument, or NULL */
	const char *modscript;	/* kdev's own module loader (no helpers) */
	const struct strvec *module_dirs;	/* for lx-symbols */
	int batch;
	const struct strvec *user_cmds;	/* -ex CMD, after kdev's */
};

/*
 * gdb's argv: vmlinux, the tree on the auto-load safe path, the helpers
 * (lx-*) sourced, "target remote", module symbols (lx-symbols with the
 * helpers, else the loader script), then the user's commands.
 */
void gdb_build_argv(const struct gdb_setup *s, struct strvec *argv);

/* The module loader kdev feeds gdb when the tree has no helpers. */
extern const char gdb_module_loader_py[];

#endif

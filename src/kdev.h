/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_H
#define KDEV_H

#include "lib/util.h"

#ifndef KDEV_VERSION
#define KDEV_VERSION "0.1.0"
#endif

/* Each subcommand: argv[0] is its name; returns the exit status. */
int cmd_decode(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_rootfs(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_install(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_gdb(int argc, char **argv);
int cmd_time(int argc, char **argv);
int cmd_dyndbg(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_maintainers(int argc, char **argv);
int cmd_patch(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_trace(int argc, char **argv);

/* Global options, set by src/kdev.c before dispatch. */
extern int kdev_color;		/* 1 colour stdout, 0 never */

/* Print @usage to stdout (for --help) and return 0. */
int usage_help(const char *usage);
/* One-line error, then @usage on stderr; exit 2. */
NORETURN void usage_error(const char *usage, const char *fmt, ...)
	PRINTF(2, 3);
/*
 * Report a getopt_long() failure (opt is '?' or ':') for argv and exit 2.
 * Call with opterr = 0 and an optstring that starts with ':'.
 */
NORETURN void usage_bad_option(const char *usage, int opt, char **argv);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_RUN_COMMAND_H
#define KDEV_RUN_COMMAND_H

#include <sys/types.h>

#include "strbuf.h"
#include "strvec.h"

/*
 * Run a program from an argv vector, never through a shell.
 * in/out/err: -1 inherit, -2 /dev/null, otherwise a file descriptor
 * the child gets (the parent keeps its copy).
 */
struct child_process {
	struct strvec args;
	const char *dir;
	int in, out, err;
	pid_t pid;
};

#define CHILD_PROCESS_INIT { STRVEC_INIT, NULL, -1, -1, -1, 0 }
#define CHILD_NULL (-2)

int start_command(struct child_process *cp);
/* Wait for the child; returns its exit status, 128+N for signal N, -1. */
int finish_command(struct child_process *cp);
int run_command(struct child_process *cp);
/*
 * Run and collect stdout into @out (stderr inherited unless @err given).
 * Returns the exit status as finish_command() does.
 */
int capture_command(struct child_process *cp, struct strbuf *out,
		    struct strbuf *err);
/* Print an argv vector quoted for a POSIX shell, for --dry-run and -v. */
void quote_argv(struct strbuf *sb, char *const *argv);
/* Is @prog an executable found in $PATH (or a path that is)? */
int have_program(const char *prog);
/* Where execvp() would find @prog (malloc'd), or NULL. */
char *find_program(const char *prog);

#endif

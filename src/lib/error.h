/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_ERROR_H
#define KDEV_ERROR_H

#include "util.h"

/*
 * Messages go to stderr as "error: ...", "warning: ...", "fatal: ...".
 * error() returns -1 so callers can write "return error(...)".
 */
int error(const char *fmt, ...) PRINTF(1, 2);
int error_errno(const char *fmt, ...) PRINTF(1, 2);
void warning(const char *fmt, ...) PRINTF(1, 2);
void note(const char *fmt, ...) PRINTF(1, 2);
NORETURN void die(const char *fmt, ...) PRINTF(1, 2);
NORETURN void die_errno(const char *fmt, ...) PRINTF(1, 2);

/* Count of error() calls so far; commands use it for their exit status. */
extern int error_count;

#endif

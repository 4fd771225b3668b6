/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_STRVEC_H
#define KDEV_STRVEC_H

#include <stddef.h>

#include "util.h"

/* A NULL-terminated vector of owned strings, ready to pass to execvp(). */
struct strvec {
	char **v;
	size_t nr;
	size_t alloc;
};

#define STRVEC_INIT { NULL, 0, 0 }

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) PRINTF(2, 3);
/* Push each argument up to a terminating NULL. */
void strvec_pushl(struct strvec *sv, ...) __attribute__((sentinel));
void strvec_pop(struct strvec *sv);
void strvec_clear(struct strvec *sv);

#endif

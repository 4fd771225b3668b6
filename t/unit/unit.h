/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the unit tests in t/unit/. Include after <cmocka.h>.
 */
#ifndef KDEV_T_UNIT_H
#define KDEV_T_UNIT_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/strbuf.h"
#include "lib/util.h"

/* Redirect stderr to a temporary file while a call runs. */
struct stderr_capture {
	FILE *f;
	int saved;
};

static inline void stderr_capture_begin(struct stderr_capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	assert_non_null(c->f);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_int_equal(dup2(fileno(c->f), 2), 2);
}

/* Restore stderr and return what was written to it (caller frees). */
static inline char *stderr_capture_end(struct stderr_capture *c)
{
	struct strbuf sb = STRBUF_INIT;

	fflush(stderr);
	assert_int_equal(dup2(c->saved, 2), 2);
	close(c->saved);
	assert_int_equal(lseek(fileno(c->f), 0, SEEK_SET), 0);
	assert_int_equal(read_fd(fileno(c->f), &sb), 0);
	fclose(c->f);
	return strbuf_detach(&sb, NULL);
}

static inline int rm_entry(const char *path, const struct stat *st UNUSED,
			   int flag UNUSED, struct FTW *ftw UNUSED)
{
	return remove(path);
}

/* Fixture: state is a fresh mkdtemp() directory, removed afterwards. */
static inline int tmpdir_setup(void **state)
{
	char tmpl[] = "/tmp/kdev-unit-XXXXXX";

	if (!mkdtemp(tmpl))
		return -1;
	*state = xstrdup(tmpl);
	return 0;
}

static inline int tmpdir_teardown(void **state)
{
	char *dir = *state;
	int ret = nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(dir);
	return ret;
}

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * $(shell,COMMAND) for the Kconfig preprocessor. The command text
 * comes from the tree's Kconfig files and, as Kconfig defines it, runs
 * as "/bin/sh -c COMMAND" in the build directory; its output (the
 * first 4095 bytes, trailing newlines removed, other newlines made
 * spaces) replaces the reference.
 *
 * Commands can be started ahead of time and run concurrently (up to
 * @jobs at once); a command is run once per load and its output
 * reused when the same text comes again. A command started ahead of
 * time may hold the placeholders of others (KC_MARK_START, ID,
 * KC_MARK_END): it waits, blocked, until those are done.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "lib/error.h"
#include "lib/strvec.h"

#define OUTPUT_MAX 4096

extern char **environ;

enum job_state { J_BLOCKED, J_QUEUED, J_RUNNING, J_DONE };

struct kc_job {
	char *cmd;
	enum job_state state;
	pid_t pid;
	int fd;
	struct strbuf out;
	char *result;
};

struct kconfig_shell {
	char *dir;
	struct strvec env;
	bool have_env;
	int max_jobs;
	int running;
	struct kc_job *jobs;
	size_t nr_jobs, alloc_jobs;
	bool spawn_failed;
};

struct kconfig_shell *kc_shell_new(const char *dir, char **env, int jobs)
{
	struct kconfig_shell *sh = xcalloc(1, sizeof(*sh));

	sh->dir = dir ? xstrdup(dir) : NULL;
	if (env) {
		sh->have_env = true;
		for (; *env; env++)
			strvec_push(&sh->env, *env);
	}
	sh->max_jobs = jobs > 0 ? jobs : 1;
	return sh;
}

static void finish(struct kconfig_shell *sh, struct kc_job *j)
{
	size_t len = j->out.len;
	char *s;

	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	if (j->pid > 0) {
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
		sh->running--;
	}
	j->pid = 0;
	if (len == OUTPUT_MAX)
		len--;
	while (len && j->out.buf[len - 1] == '\n')
		len--;
	s = xstrndup(j->out.buf, len);
	for (len = 0; s[len]; len++)
		if (s[len] == '\n')
			s[len] = ' ';
	strbuf_release(&j->out);
	j->result = s;
	j->state = J_DONE;
}

static void spawn(struct kconfig_shell *sh, struct kc_job *j)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { "/bin/sh", "-c", j->cmd, NULL };
	int fds[2], err;

	j->state = J_RUNNING;
	j->fd = -1;
	j->pid = 0;
	if (pipe2(fds, O_CLOEXEC)) {
		error_errno("cannot create a pipe for $(shell,...)");
		finish(sh, j);
		return;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	if (sh->dir)
		posix_spawn_file_actions_addchdir_np(&fa, sh->dir);
	err = posix_spawn(&j->pid, argv[0], &fa, NULL, argv,
			  sh->have_env ? sh->env.v : environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err) {
		if (!sh->spawn_failed) {
			errno = err;
			error_errno("cannot run /bin/sh for $(shell,...)");
		}
		sh->spawn_failed = true;
		j->pid = 0;
		close(fds[0]);
		finish(sh, j);
		return;
	}
	j->fd = fds[0];
	sh->running++;
}

/* The job of the placeholder at @p, or -1; *@end is past it. */
static int mark_id(struct kconfig_shell *sh, const char *p, const char **end)
{
	char *e;
	long id;

	if (*p != KC_MARK_START)
		return -1;
	id = strtol(p + 1, &e, 10);
	if (e == p + 1 || *e != KC_MARK_END || id < 0 ||
	    (size_t)id >= sh->nr_jobs)
		return -1;
	*end = e + 1;
	return (int)id;
}

/* Are the commands of the placeholders in @s all done? */
static bool marks_done(struct kconfig_shell *sh, const char *s)
{
	const char *end;

	for (; (s = strchr(s, KC_MARK_START)); s++) {
		int id = mark_id(sh, s, &end);

		if (id >= 0 && sh->jobs[id].state != J_DONE)
			return false;
	}
	return true;
}

/* @s with the placeholders of done commands replaced by their output */
static char *fill_marks(struct kconfig_shell *sh, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *end;

	while (*s) {
		int id = mark_id(sh, s, &end);

		if (id >= 0 && sh->jobs[id].state == J_DONE) {
			strbuf_addstr(&sb, sh->jobs[id].result);
			s = end;
		} else {
			strbuf_addch(&sb, *s++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* Blocked jobs whose placeholders are done get their real text. */
static bool unblock(struct kconfig_shell *sh)
{
	bool blocked = false;
	size_t i;

	for (i = 0; i < sh->nr_jobs; i++) {
		struct kc_job *j = &sh->jobs[i];
		char *cmd;

		if (j->state != J_BLOCKED)
			continue;
		if (!marks_done(sh, j->cmd)) {
			blocked = true;
			continue;
		}
		cmd = fill_marks(sh, j->cmd);
		free(j->cmd);
		j->cmd = cmd;
		j->state = J_QUEUED;
	}
	return blocked;
}

/* Read what is there; a job is done at EOF or with enough output. */
static void drain(struct kconfig_shell *sh, struct kc_job *j)
{
	ssize_t n;

	strbuf_grow(&j->out, OUTPUT_MAX);
	n = read(j->fd, j->out.buf + j->out.len, OUTPUT_MAX - j->out.len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		j->out.len += (size_t)n;
		j->out.buf[j->out.len] = '\0';
		if (j->out.len < OUTPUT_MAX)
			return;
	}
	finish(sh, j);
}

static void start_queued(struct kconfig_shell *sh)
{
	size_t i;

	unblock(sh);
	for (i = 0; i < sh->nr_jobs && sh->running < sh->max_jobs; i++)
		if (sh->jobs[i].state == J_QUEUED)
			spawn(sh, &sh->jobs[i]);
}

/* Serve running jobs; block until one makes progress when @block. */
static void pump(struct kconfig_shell *sh, bool block)
{
	struct pollfd *pfd;
	size_t *idx, n = 0, i;

	start_queued(sh);
	if (!sh->running)
		return;
	pfd = xcalloc(sh->nr_jobs, sizeof(*pfd));
	idx = xcalloc(sh->nr_jobs, sizeof(*idx));
	for (i = 0; i < sh->nr_jobs; i++) {
		if (sh->jobs[i].state != J_RUNNING)
			continue;
		pfd[n].fd = sh->jobs[i].fd;
		pfd[n].events = POLLIN;
		idx[n++] = i;
	}
	if (poll(pfd, n, block ? -1 : 0) > 0)
		for (i = 0; i < n; i++)
			if (pfd[i].revents)
				drain(sh, &sh->jobs[idx[i]]);
	free(pfd);
	free(idx);
	start_queued(sh);
}

static int find(struct kconfig_shell *sh, const char *cmd)
{
	size_t i;

	for (i = sh->nr_jobs; i-- > 0;)
		if (!strcmp(sh->jobs[i].cmd, cmd))
			return (int)i;
	return -1;
}

int kc_shell_start(struct kconfig_shell *sh, const char *cmd)
{
	char *real = fill_marks(sh, cmd);
	struct kc_job *j;
	int id = find(sh, real);

	if (id >= 0) {
		free(real);
		return id;
	}
	ALLOC_GROW(sh->jobs, sh->nr_jobs + 1, sh->alloc_jobs);
	j = &sh->jobs[sh->nr_jobs];
	memset(j, 0, sizeof(*j));
	j->cmd = real;
	j->fd = -1;
	strbuf_init(&j->out, 0);
	j->state = marks_done(sh, real) ? J_QUEUED : J_BLOCKED;
	id = (int)sh->nr_jobs++;
	pump(sh, false);
	return id;
}

const char *kc_shell_result(struct kconfig_shell *sh, int id)
{
	if (id < 0 || (size_t)id >= sh->nr_jobs)
		return "";
	while (sh->jobs[id].state != J_DONE) {
		unblock(sh);
		/* needed now: it does not wait for a free slot */
		if (sh->jobs[id].state == J_QUEUED)
			spawn(sh, &sh->jobs[id]);
		else
			pump(sh, true);
	}
	return sh->jobs[id].result;
}

char *kc_shell_resolve(struct kconfig_shell *sh, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *end;

	while (*s) {
		int id = mark_id(sh, s, &end);

		if (id >= 0) {
			strbuf_addstr(&sb, kc_shell_result(sh, id));
			s = end;
		} else {
			strbuf_addch(&sb, *s++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

char *kc_shell_run(struct kconfig_shell *sh, const char *cmd)
{
	int id = find(sh, cmd);

	/* it may be one started ahead of time, still waiting for the
	   output its text is made of */
	while (id < 0 && unblock(sh)) {
		pump(sh, true);
		id = find(sh, cmd);
	}
	if (id < 0)
		id = kc_shell_start(sh, cmd);
	return xstrdup(kc_shell_result(sh, id));
}

int kc_shell_count(const struct kconfig_shell *sh)
{
	return (int)sh->nr_jobs;
}

void kc_shell_free(struct kconfig_shell *sh)
{
	size_t i;

	if (!sh)
		return;
	for (i = 0; i < sh->nr_jobs; i++) {
		struct kc_job *j = &sh->jobs[i];

		/* let a started one end as it would (its traps clean up);
		   the others never run */
		while (j->state == J_RUNNING)
			drain(sh, j);
		free(j->cmd);
		free(j->result);
		strbuf_release(&j->out);
	}
	free(sh->jobs);
	strvec_clear(&sh->env);
	free(sh->dir);
	free(sh);
}

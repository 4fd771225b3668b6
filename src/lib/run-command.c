// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "run-command.h"

/*
 * In the child: make 0, 1, 2 what @cp asks for. All the duplications
 * happen before any source is closed, and a source that is itself one of
 * 0-2 is first moved above them, so the same descriptor may be given for
 * out and err, or 2 for out (2>&1 the other way round).
 */
static void child_fds(const struct child_process *cp)
{
	int fd[3] = { cp->in, cp->out, cp->err };
	int i, j;

	for (i = 0; i < 3; i++) {
		if (fd[i] == CHILD_NULL) {
			fd[i] = open("/dev/null", O_RDWR | O_CLOEXEC);
			if (fd[i] < 0)
				_exit(127);
		}
		if (fd[i] >= 0 && fd[i] < 3 && fd[i] != i) {
			fd[i] = fcntl(fd[i], F_DUPFD_CLOEXEC, 3);
			if (fd[i] < 0)
				_exit(127);
		}
	}
	for (i = 0; i < 3; i++)
		if (fd[i] >= 0 && fd[i] != i && dup2(fd[i], i) < 0)
			_exit(127);
	for (i = 0; i < 3; i++) {
		if (fd[i] < 3)
			continue;
		for (j = 0; j < i; j++)
			if (fd[j] == fd[i])
				break;
		if (j == i)
			close(fd[i]);
	}
}

int start_command(struct child_process *cp)
{
	int ep[2];
	pid_t pid;
	int err = 0;
	ssize_t n;

	if (!cp->args.nr)
		return error("start_command: empty argv");
	/* A close-on-exec pipe tells the parent whether exec worked. */
	if (pipe2(ep, O_CLOEXEC))
		return error_errno("cannot create pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(ep[0]);
		close(ep[1]);
		return error_errno("cannot fork '%s'", cp->args.v[0]);
	}
	if (!pid) {
		close(ep[0]);
		child_fds(cp);
		if (cp->dir && chdir(cp->dir)) {
			err = errno;
			n = write(ep[1], &err, sizeof(err));
			_exit(127);
		}
		execvp(cp->args.v[0], cp->args.v);
		err = errno;
		n = write(ep[1], &err, sizeof(err));
		(void)n;
		_exit(127);
	}
	close(ep[1]);
	do {
		n = read(ep[0], &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(ep[0]);
	cp->pid = pid;
	if (n == sizeof(err)) {
		waitpid(pid, NULL, 0);
		cp->pid = 0;
		errno = err;
		return error_errno("cannot run '%s'", cp->args.v[0]);
	}
	return 0;
}

int finish_command(struct child_process *cp)
{
	int status;
	pid_t r;

	if (cp->pid <= 0)
		return -1;
	do {
		r = waitpid(cp->pid, &status, 0);
	} while (r < 0 && errno == EINTR);
	cp->pid = 0;
	if (r < 0)
		return error_errno("waitpid");
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

int run_command(struct child_process *cp)
{
	if (start_command(cp))
		return -1;
	return finish_command(cp);
}

static int drain(int fd, struct strbuf *sb)
{
	char buf[8192];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n > 0 && sb)
		strbuf_add(sb, buf, (size_t)n);
	if (n < 0 && errno == EINTR)
		return 1;
	return n > 0;
}

int capture_command(struct child_process *cp, struct strbuf *out,
		    struct strbuf *err)
{
	int op[2], ep[2] = { -1, -1 };
	struct pollfd pfd[2];
	int open_fds;

	if (pipe2(op, O_CLOEXEC))
		return error_errno("cannot create pipe");
	if (err && pipe2(ep, O_CLOEXEC)) {
		close(op[0]);
		close(op[1]);
		return error_errno("cannot create pipe");
	}
	cp->out = op[1];
	if (err)
		cp->err = ep[1];
	if (start_command(cp)) {
		close(op[0]);
		close(op[1]);
		if (err) {
			close(ep[0]);
			close(ep[1]);
		}
		return -1;
	}
	close(op[1]);
	if (err)
		close(ep[1]);
	pfd[0].fd = op[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = ep[0];
	pfd[1].events = POLLIN;
	open_fds = err ? 2 : 1;
	while (open_fds) {
		int i;

		if (poll(pfd, err ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < (err ? 2 : 1); i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (!drain(pfd[i].fd, i ? err : out)) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	return finish_command(cp);
}

static int needs_quote(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_-+=./:,@%", *s))
			return 1;
	return 0;
}

void quote_argv(struct strbuf *sb, char *const *argv)
{
	for (; *argv; argv++) {
		const char *s = *argv;

		if (sb->len)
			strbuf_addch(sb, ' ');
		if (!needs_quote(s)) {
			strbuf_addstr(sb, s);
			continue;
		}
		strbuf_addch(sb, '\'');
		for (; *s; s++) {
			if (*s == '\'')
				strbuf_addstr(sb, "'\\''");
			else
				strbuf_addch(sb, *s);
		}
		strbuf_addch(sb, '\'');
	}
}

char *find_program(const char *prog)
{
	const char *path = getenv("PATH");
	char *file;

	if (strchr(prog, '/'))
		return access(prog, X_OK) ? NULL : xstrdup(prog);
	if (!path)
		path = "/usr/bin:/bin";
	for (;;) {
		const char *colon = strchrnul(path, ':');

		/* an empty entry is the current directory, as for execvp() */
		file = xasprintf("%.*s/%s",
				 colon == path ? 1 : (int)(colon - path),
				 colon == path ? "." : path, prog);
		if (!access(file, X_OK))
			return file;
		free(file);
		if (!*colon)
			return NULL;
		path = colon + 1;
	}
}

int have_program(const char *prog)
{
	char *file = find_program(prog);

	free(file);
	return file != NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kdev time: run a shell script and say where its time went, per line.
 *
 * The shell traces itself (xtrace) into a pipe kdev reads: bash through
 * BASH_XTRACEFD, set up by a BASH_ENV file; dash (no such variable, no
 * LINENO) into its stderr, which kdev passes on byte for byte around the
 * trace records, and the lines are guessed from the command text
 * (src/trace/shmatch.c). Each record is stamped with the monotonic clock
 * and the shell's CPU time (itself and the children it waited for, from
 * /proc/PID/stat) as it arrives; src/trace/profile.c does the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "../trace/profile.h"
#include "../trace/shmatch.h"
#include "../trace/xtrace.h"

static const char time_usage[] =
	"usage: kdev time [-o FILE] [--json] [-n N] [--shell bash|sh]\n"
	"                 [--in-vm [RUN-OPTION...] --] SCRIPT [ARG...]\n"
	"\n"
	"Run a shell script (bash or POSIX sh) and measure every command it\n"
	"runs: wall, user and system time per script line, loops and calls\n"
	"added up. The script's stdin, stdout, stderr and exit status are its\n"
	"own; the report goes to stderr after it ends.\n"
	"\n"
	"   -o, --output FILE  write the report to FILE instead of stderr\n"
	"   --json             the report as JSON, with the whole trace\n"
	"   -n, --top N        how many of the slowest lines (default 10)\n"
	"   --shell bash|sh|PATH  the shell (default: from the #! line; sh\n"
	"                      when there is none)\n"
	"   --in-vm ... --     run it in a guest: kdev run with the options up\n"
	"                      to --, then the script (last option)\n"
	"   -h, --help         this text\n";

#define XFD_MIN 100

struct timer {
	const char *script;
	int bash;		/* bash mode (own trace fd), else sh mode */
	pid_t pid;
	long clk_tck;
	struct xt_parser xp;
	struct profile prof;
	struct shmatch *sm;
	char envfile[PATH_MAX];
	int err_fd;		/* sh mode: the real stderr, for pass-through */
	int pass_failed;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The shell's CPU time and its waited-for children's, from /proc. */
static void sample(struct timer *t, struct xt_stamp *st)
{
	char path[64], buf[1024];
	unsigned long long ut, stm, cut, cst;
	const char *p;
	ssize_t n;
	int fd;

	st->t = now_ns();
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)t->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	/* after "(comm)": state is field 3, utime field 14 */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
			 "%*u %llu %llu %llu %llu", &ut, &stm, &cut,
			 &cst) != 4)
		return;
	st->user = (ut + cut) * (1000000000ull / (unsigned long long)t->clk_tck);
	st->sys = (stm + cst) * (1000000000ull / (unsigned long long)t->clk_tck);
}

static void on_record(const struct xt_record *rec, void *data)
{
	struct timer *t = data;
	struct xt_record r = *rec;
	const char *file;
	int line;

	if (t->bash && !strcmp(rec->file, t->envfile))
		return;
	if (!t->bash) {
		r.file = "";
		r.line = 0;
		if (!shmatch_find(t->sm, rec->text, strlen(rec->text), &file,
				  &line)) {
			r.file = (char *)file;
			r.line = line;
		}
	}
	prof_add(&t->prof, &r);
}

static void on_pass(const char *buf, size_t len, void *data)
{
	struct timer *t = data;

	while (len && !t->pass_failed) {
		ssize_t n = write(t->err_fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			t->pass_failed = 1;
			break;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* The interpreter and its one argument from SCRIPT's #! line. */
static int read_shebang(const char *script, char **interp, char **arg)
{
	char buf[256], *p, *e;
	FILE *f = fopen(script, "r");

	*interp = *arg = NULL;
	if (!f)
		return error_errno("cannot open '%s'", script);
	if (!fgets(buf, sizeof(buf), f) || strncmp(buf, "#!", 2)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	p = buf + 2;
	p += strspn(p, " \t");
	e = p + strcspn(p, " \t");
	*interp = xstrndup(p, (size_t)(e - p));
	e += strspn(e, " \t");
	if (*e) {
		size_t n = strlen(e);

		while (n && (e[n - 1] == ' ' || e[n - 1] == '\t'))
			n--;
		*arg = xstrndup(e, n);
	}
	return 0;
}

static int is_bash(const char *prog)
{
	const char *base = strrchr(prog, '/');

	base = base ? base + 1 : prog;
	return !strcmp(base, "bash");
}

static int is_sh(const char *prog)
{
	const char *base = strrchr(prog, '/');

	base = base ? base + 1 : prog;
	return !strcmp(base, "sh") || !strcmp(base, "dash") ||
	       !strcmp(base, "ash") || !strcmp(base, "busybox");
}

/* Pick the shell: argv so far in @argv, bash mode in *bash. */
static int pick_shell(const char *script, const char *want,
		      struct strvec *argv, int *bash)
{
	char *interp = NULL, *arg = NULL;
	int ret = 0;

	if (read_shebang(script, &interp, &arg))
		return -1;
	if (interp && !strcmp(interp + (strrchr(interp, '/') ?
			      strrchr(interp, '/') - interp + 1 : 0), "env") &&
	    arg) {
		/* #!/usr/bin/env bash */
		free(interp);
		interp = arg;
		arg = NULL;
	}
	if (want) {
		if (!strcmp(want, "bash") || is_bash(want)) {
			*bash = 1;
			strvec_push(argv, !strcmp(want, "bash") ? "bash" : want);
		} else if (!strcmp(want, "sh") || is_sh(want)) {
			*bash = 0;
			strvec_push(argv, !strcmp(want, "sh") ? "/bin/sh" : want);
		} else {
			ret = error("--shell takes bash, sh or a path to one, "
				    "not '%s'", want);
		}
		/* the #! line's option (#!/bin/sh -e) still counts */
		if (interp && arg && *arg == '-')
			strvec_push(argv, arg);
	} else if (!interp) {
		*bash = 0;
		strvec_push(argv, "/bin/sh");
	} else if (is_bash(interp) || is_sh(interp)) {
		*bash = is_bash(interp);
		strvec_push(argv, interp);
		if (arg)
			strvec_push(argv, arg);
	} else {
		ret = error("'%s' is not a shell script: its #! line names "
			    "'%s'; kdev time runs bash and sh scripts", script,
			    interp);
	}
	free(interp);
	free(arg);
	return ret;
}

/* bash: the BASH_ENV file that turns tracing on into fd @xfd. */
static int write_envfile(struct timer *t, int xfd)
{
	const char *tmp = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT;
	int fd;

	snprintf(t->envfile, sizeof(t->envfile), "%s/kdev-time.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(t->envfile);
	if (fd < 0) {
		t->envfile[0] = '\0';
		return error_errno("cannot create a file in '%s'",
				   tmp && *tmp ? tmp : "/tmp");
	}
	/* the user's own BASH_ENV, if any, is read as bash would */
	strbuf_addf(&sb,
		    "if [ -n \"${KDEV_TIME_BASH_ENV+x}\" ]; then\n"
		    "\tBASH_ENV=$KDEV_TIME_BASH_ENV\n"
		    "\tunset KDEV_TIME_BASH_ENV\n"
		    "\t. \"$BASH_ENV\"\n"
		    "else\n"
		    "\tunset BASH_ENV\n"
		    "fi\n"
		    "PS4=$'\\001kT|''${BASH_SOURCE-}|${LINENO}|${BASHPID}|$?|'\n"
		    "BASH_XTRACEFD=%d\n"
		    "set -x\n", xfd);
	if (write(fd, sb.buf, sb.len) != (ssize_t)sb.len) {
		close(fd);
		strbuf_release(&sb);
		return error_errno("cannot write '%s'", t->envfile);
	}
	close(fd);
	strbuf_release(&sb);
	return 0;
}

static void load_sources(struct profile *p)
{
	struct strbuf text = STRBUF_INIT;
	const char *loaded = NULL;
	int ok = 0;
	size_t i;

	for (i = 0; i < p->nlines; i++) {
		const struct prof_line *l = &p->lines[i];
		const char *s;
		int n;

		if (!*l->file || l->line <= 0)
			continue;
		if (!loaded || strcmp(loaded, l->file)) {
			strbuf_reset(&text);
			ok = !read_file(l->file, &text);
			loaded = l->file;
		}
		if (!ok)
			continue;
		s = text.buf;
		for (n = 1; n < l->line && s; n++) {
			s = strchr(s, '\n');
			if (s)
				s++;
		}
		if (s && *s)
			prof_set_source(p, i, xstrndup(s, strcspn(s, "\n")));
	}
	strbuf_release(&text);
}

static int write_report(const struct profile *p, int json, size_t top,
			const char *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (json)
		prof_json(p, &sb);
	else
		prof_report(p, top, &sb);
	if (out) {
		FILE *f = fopen(out, "w");

		if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len) {
			ret = error_errno("cannot write the report to '%s'", out);
			fputs(sb.buf, stderr);
		}
		if (f && fclose(f) && !ret)
			ret = error_errno("cannot write the report to '%s'", out);
	} else {
		fflush(stderr);
		fputs(sb.buf, stderr);
	}
	strbuf_release(&sb);
	return ret;
}

static int pidfd_open_(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

static void drain(struct timer *t, int fd, const struct xt_stamp *st)
{
	char buf[65536];
	ssize_t n;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	while ((n = read(fd, buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			xt_feed(&t->xp, buf, (size_t)n, st);
}

static int time_script(const char *script, char **args, int nargs,
		       const char *shell, int json, size_t top, const char *out)
{
	struct timer t;
	struct strvec argv = STRVEC_INIT;
	struct sigaction ign, old_int, old_quit, old_pipe;
	struct xt_stamp begin, end;
	struct rusage ru;
	int tp[2], ep[2], xfd = -1, pidfd, status = 0, err = 0, i, ret;
	int exited = 0, packets;
	ssize_t n;

	memset(&t, 0, sizeof(t));
	t.script = script;
	t.clk_tck = sysconf(_SC_CLK_TCK);
	if (t.clk_tck <= 0)
		t.clk_tck = 100;
	if (pick_shell(script, shell, &argv, &t.bash))
		return 125;
	if (!t.bash)
		strvec_push(&argv, "-x");
	strvec_push(&argv, script);
	for (i = 0; i < nargs; i++)
		strvec_push(&argv, args[i]);

	/*
	 * sh: a packet-mode pipe, so that each of dash's writes (it writes a
	 * trace line in pieces) is read on its own; a kernel before 3.4 has
	 * none, and then the lines are cut from the byte stream.
	 */
	packets = !t.bash && !pipe2(tp, O_CLOEXEC | O_DIRECT);
	if (!packets && pipe2(tp, O_CLOEXEC))
		return error_errno("cannot create a pipe"), 125;
	if (t.bash) {
		xfd = fcntl(tp[1], F_DUPFD_CLOEXEC, XFD_MIN);
		if (xfd < 0 || write_envfile(&t, xfd))
			return error_errno("cannot set up the trace"), 125;
	} else {
		t.err_fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
		t.sm = shmatch_new();
		if (shmatch_add_file(t.sm, script))
			warning("cannot read '%s': no lines in the report",
				script);
	}
	xt_init(&t.xp, t.bash ? XT_OWN_FD : packets ? XT_PACKETS : XT_MIXED,
		on_record, on_pass, &t);

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGPIPE, &ign, &old_pipe);
	if (pipe2(ep, O_CLOEXEC))
		return error_errno("cannot create a pipe"), 125;
	fflush(NULL);
	begin.t = now_ns();
	begin.user = begin.sys = 0;
	t.pid = fork();
	if (t.pid < 0)
		return error_errno("cannot fork"), 125;
	if (!t.pid) {
		close(ep[0]);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		sigaction(SIGPIPE, &old_pipe, NULL);
		if (t.bash) {
			/* the trace fd, open across exec */
			fcntl(xfd, F_SETFD, 0);
			if (getenv("BASH_ENV"))
				setenv("KDEV_TIME_BASH_ENV", getenv("BASH_ENV"), 1);
			setenv("BASH_ENV", t.envfile, 1);
		} else {
			dup2(tp[1], 2);
			setenv("PS4", XT_MARK "||$$|$?|", 1);
		}
		execvp(argv.v[0], argv.v);
		err = errno;
		n = write(ep[1], &err, sizeof(err));
		(void)n;
		_exit(127);
	}
	close(ep[1]);
	close(tp[1]);
	if (xfd >= 0)
		close(xfd);
	do {
		n = read(ep[0], &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(ep[0]);
	prof_init(&t.prof, argv.v[0], script, &begin);
	if (n == sizeof(err)) {
		waitpid(t.pid, NULL, 0);
		errno = err;
		error_errno("cannot run '%s'", argv.v[0]);
		ret = 127;
		goto out;
	}

	memset(&ru, 0, sizeof(ru));
	pidfd = pidfd_open_(t.pid);
	while (!exited) {
		struct pollfd pfd[2];
		int np = 0, ti = -1;
		char buf[65536];
		struct xt_stamp st;

		if (tp[0] >= 0) {
			ti = np;
			pfd[np++] = (struct pollfd){ .fd = tp[0], .events = POLLIN };
		}
		if (pidfd >= 0)
			pfd[np++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		/* without a pidfd: look every 10 ms */
		if (poll(pfd, (nfds_t)np, pidfd >= 0 ? -1 : 10) < 0 &&
		    errno != EINTR)
			break;
		if (ti >= 0 && (pfd[ti].revents & (POLLIN | POLLHUP))) {
			n = read(tp[0], buf, sizeof(buf));
			if (n > 0) {
				sample(&t, &st);
				xt_feed(&t.xp, buf, (size_t)n, &st);
			} else if (n == 0) {
				close(tp[0]);
				tp[0] = -1;
			}
		}
		if (wait4(t.pid, &status, WNOHANG, &ru) == t.pid)
			exited = 1;
	}
	if (!exited && wait4(t.pid, &status, 0, &ru) != t.pid)
		memset(&ru, 0, sizeof(ru));
	end.t = now_ns();
	end.user = (uint64_t)ru.ru_utime.tv_sec * 1000000000u +
		   (uint64_t)ru.ru_utime.tv_usec * 1000u;
	end.sys = (uint64_t)ru.ru_stime.tv_sec * 1000000000u +
		  (uint64_t)ru.ru_stime.tv_usec * 1000u;
	if (pidfd >= 0)
		close(pidfd);
	/* what the shell wrote before it ended; not what it left running */
	if (tp[0] >= 0) {
		drain(&t, tp[0], &end);
		close(tp[0]);
	}
	xt_finish(&t.xp);
	if (!t.xp.records)
		warning("the shell traced no command: did the script turn "
			"off xtrace (set +x), or is %s not bash or sh?",
			argv.v[0]);
	if (WIFSIGNALED(status)) {
		prof_end(&t.prof, &end, -1, WTERMSIG(status));
		ret = 128 + WTERMSIG(status);
	} else {
		prof_end(&t.prof, &end, WEXITSTATUS(status), 0);
		ret = WEXITSTATUS(status);
	}
	load_sources(&t.prof);
	write_report(&t.prof, json, top, out);
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (t.envfile[0])
		unlink(t.envfile);
	if (!t.bash && t.err_fd > 0)
		close(t.err_fd);
	xt_release(&t.xp);
	prof_release(&t.prof);
	shmatch_free(t.sm);
	strvec_clear(&argv);
	return ret;
}

/* --in-vm: the same command inside "kdev run", which passes it all back. */
static int time_in_vm(char **run_opts, int nrun, char **argv, int argc,
		      const char *shell, int json, const char *top,
		      const char *out)
{
	char self[PATH_MAX];
	struct strvec av = STRVEC_INIT;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *abs_out = NULL;
	int i;

	if (n <= 0)
		return error_errno("cannot find the kdev binary"), 125;
	self[n] = '\0';
	strvec_pushl(&av, self, "run", NULL);
	for (i = 0; i < nrun; i++)
		strvec_push(&av, run_opts[i]);
	if (out) {
		/* the guest writes the report where the host sees it */
		char *dir, *slash;

		abs_out = out[0] == '/' ? xstrdup(out) :
			  xasprintf("%s/%s", getcwd(self, sizeof(self)) ?
				    self : ".", out);
		dir = xstrdup(abs_out);
		slash = strrchr(dir, '/');
		if (slash && slash != dir)
			*slash = '\0';
		else
			strcpy(dir, "/");
		strvec_pushl(&av, "--rwdir", dir, NULL);
		free(dir);
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
	}
	strvec_pushl(&av, "--", self, "time", NULL);
	if (json)
		strvec_push(&av, "--json");
	if (top)
		strvec_pushl(&av, "--top", top, NULL);
	if (shell)
		strvec_pushl(&av, "--shell", shell, NULL);
	if (abs_out)
		strvec_pushl(&av, "--output", abs_out, NULL);
	strvec_push(&av, "--");
	for (i = 0; i < argc; i++)
		strvec_push(&av, argv[i]);
	fflush(NULL);
	execv(av.v[0], av.v);
	error_errno("cannot run '%s'", av.v[0]);
	strvec_clear(&av);
	free(abs_out);
	return 125;
}

int cmd_time(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "top", required_argument, NULL, 'n' },
		{ "shell", required_argument, NULL, 's' },
		{ "in-vm", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *shell = NULL, *top_arg = NULL;
	int opt, json = 0, in_vm = 0, run_start = 0, nrun = 0;
	unsigned long top = 10;
	char *end;

	opterr = 0;
	while (!in_vm &&
	       (opt = getopt_long(argc, argv, "+:ho:n:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			errno = 0;
			top = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || top > 100000)
				usage_error(time_usage, "--top takes a number, "
					    "not '%s'", optarg);
			top_arg = optarg;
			break;
		case 's':
			shell = optarg;
			break;
		case 'V':
			in_vm = 1;
			break;
		case 'h':
			return usage_help(time_usage);
		default:
			usage_bad_option(time_usage, opt, argv);
		}
	}
	if (in_vm) {
		/* kdev run's options, up to "--" */
		run_start = optind;
		while (optind < argc && strcmp(argv[optind], "--"))
			optind++;
		if (optind >= argc)
			usage_error(time_usage, "--in-vm: end kdev run's "
				    "options with -- before the script");
		nrun = optind - run_start;
		optind++;
	}
	if (optind >= argc)
		usage_error(time_usage, "which script? (kdev time SCRIPT [ARG...])");
	if (!is_file(argv[optind])) {
		error("cannot run '%s': no such file", argv[optind]);
		return 127;
	}
	if (in_vm)
		return time_in_vm(argv + run_start, nrun, argv + optind,
				  argc - optind, shell, json, top_arg, out);
	return time_script(argv[optind], argv + optind + 1,
			   argc - optind - 1, shell, json, (size_t)top, out);
}

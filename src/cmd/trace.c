// SPDX-License-Identifier: GPL-2.0
/*
 * kdev trace: run a command under ftrace (function or function_graph
 * tracer, filtered by function patterns or a module, only the command and
 * its children) and print its calls with file:line, and the hottest
 * functions.
 *
 * The tracing itself is --host mode, where the kernel to trace runs:
 * tracefs is set up, the command forked, its pid given to
 * set_ftrace_pid before it execs, trace_pipe read while it runs, every
 * setting put back. Without --host, kdev boots "kdev run" with this very
 * binary in --host mode as the guest's command; it writes the raw trace
 * (src/ftrace/ftrace.h) into a --rwdir, and this side resolves and
 * prints it: the host has the debug information, and is faster.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../decode/decoder.h"
#include "../decode/symbolize.h"
#include "../ftrace/ftrace.h"
#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

#define TRACE_EXIT_FAILED	125

static const char trace_usage[] =
	"usage: kdev trace [--func PATTERN]... [--module MOD] [--graph]\n"
	"                  [--depth N] [--json] [--top N] [--host]\n"
	"                  [run options...] -- COMMAND [ARG...]\n"
	"\n"
	"Run COMMAND with ftrace on and print the kernel functions it\n"
	"called, with their file:line, and the hottest ones. COMMAND runs in\n"
	"a kdev run guest (as root), or here with --host. Its output goes to\n"
	"stderr; stdout is the trace.\n"
	"\n"
	"   --func PATTERN     trace the functions matching PATTERN (a glob:\n"
	"                      * ? [...]; repeatable; default: all)\n"
	"   --module MOD       only functions of module MOD\n"
	"   --graph            function_graph tracer: nesting and durations\n"
	"                      (default: function tracer, caller -> callee)\n"
	"   --depth N          with --graph: at most N levels deep\n"
	"   --json             print JSON\n"
	"   --top N            how many hottest functions (default 10)\n"
	"   --host             trace this machine's kernel (needs root)\n"
	"   --tracefs DIR      with --host: tracefs is at DIR (default:\n"
	"                      /sys/kernel/tracing, mounted when needed)\n"
	"   --vmlinux FILE     vmlinux with debug info (default: as kdev\n"
	"                      decode finds it from the kernel's release)\n"
	"   --tree DIR         kernel tree or O= directory\n"
	"   --decode-modules DIR  search DIR for module objects (repeatable)\n"
	"   -h, --help         this text\n"
	"\n"
	"Without --host every option of kdev run is taken and passed on\n"
	"(--kernel, --modules, --net user, --timeout, -v, ...). Exit status:\n"
	"COMMAND's; 125 when tracing failed (or kdev run's 101-125).\n";

/* kdev run's options, passed on (see kdev run --help) */
static const struct option run_options[] = {
	{ "kernel", required_argument, NULL, 0 },
	{ "modules", required_argument, NULL, 0 },
	{ "root", required_argument, NULL, 0 },
	{ "rw", no_argument, NULL, 0 },
	{ "rwdir", required_argument, NULL, 0 },
	{ "rodir", required_argument, NULL, 0 },
	{ "fs", required_argument, NULL, 0 },
	{ "accel", required_argument, NULL, 0 },
	{ "cpus", required_argument, NULL, 0 },
	{ "memory", required_argument, NULL, 0 },
	{ "append", required_argument, NULL, 0 },
	{ "dyndbg", required_argument, NULL, 0 },
	{ "panic-on-warn", no_argument, NULL, 0 },
	{ "oops-panic", no_argument, NULL, 0 },
	{ "net", required_argument, NULL, 0 },
	{ "ssh", required_argument, NULL, 0 },
	{ "gdb", optional_argument, NULL, 0 },
	{ "kgdb", no_argument, NULL, 0 },
	{ "timeout", required_argument, NULL, 0 },
	{ "log", required_argument, NULL, 0 },
	{ "name", required_argument, NULL, 0 },
	{ "verbose", no_argument, NULL, 0 },
	{ "dry-run", no_argument, NULL, 0 },
};

enum {
	OPT_FUNC = 256, OPT_MODULE, OPT_GRAPH, OPT_DEPTH, OPT_JSON, OPT_TOP,
	OPT_HOST, OPT_TRACEFS, OPT_RAW, OPT_VMLINUX, OPT_TREE, OPT_DECODE_MODS,
	OPT_RUN = 512,		/* + index in run_options */
};

struct tracer {
	struct strvec funcs;
	char *module;
	int graph;
	int depth;
	int json;
	int top;
	int host;
	const char *tracefs;
	const char *raw_out;
	struct decode_options dopts;
	struct strvec run_args;	/* kdev run's options */
	const char *last_run_opt;	/* the last of them, for messages */
	int dry_run;
	char **cmd;
	int ncmd;
};

/* ---- tracefs files ---- */

static char *tfs_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static int tfs_read(const char *dir, const char *name, struct strbuf *sb)
{
	char *p = tfs_path(dir, name);
	int ret = 0;

	strbuf_reset(sb);
	if (read_file(p, sb))
		ret = error_errno("cannot read '%s'", p);
	free(p);
	return ret;
}

/* Write @val (truncating); "" empties the file (set_ftrace_pid). */
static int tfs_write(const char *dir, const char *name, const char *val)
{
	char *p = tfs_path(dir, name);
	size_t len = strlen(val);
	int fd, ret = 0;

	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			ret = error("cannot write '%s': %s: kdev trace --host "
				    "needs root", p, strerror(errno));
		else
			ret = error_errno("cannot write '%s'", p);
	} else {
		if (len && write(fd, val, len) != (ssize_t)len)
			ret = error("the kernel refused '%s' in '%s': %s", val,
				    p, strerror(errno));
		if (close(fd) && !ret)
			ret = error_errno("cannot write '%s'", p);
	}
	free(p);
	return ret;
}

/* ---- settings kept to put back ---- */

struct saved {
	const char *dir;
	struct strbuf tracer, filter, pid, fork, proc, depth, on;
	int have_fork, have_proc, have_depth;
	int changed;		/* something was written */
	char mounted[64];	/* a file system kdev mounted, to unmount */
};

static int file_exists(const char *dir, const char *name)
{
	char *p = tfs_path(dir, name);
	int ret = access(p, F_OK) == 0;

	free(p);
	return ret;
}

static int save_settings(struct saved *s)
{
	if (tfs_read(s->dir, "current_tracer", &s->tracer) ||
	    tfs_read(s->dir, "set_ftrace_filter", &s->filter) ||
	    tfs_read(s->dir, "set_ftrace_pid", &s->pid) ||
	    tfs_read(s->dir, "tracing_on", &s->on))
		return -1;
	s->have_fork = file_exists(s->dir, "options/function-fork");
	if (s->have_fork && tfs_read(s->dir, "options/function-fork", &s->fork))
		return -1;
	s->have_proc = file_exists(s->dir, "options/funcgraph-proc");
	if (s->have_proc && tfs_read(s->dir, "options/funcgraph-proc",
				     &s->proc))
		return -1;
	s->have_depth = file_exists(s->dir, "max_graph_depth");
	if (s->have_depth && tfs_read(s->dir, "max_graph_depth", &s->depth))
		return -1;
	return 0;
}

/* set_ftrace_filter as read back: one function a line, or a comment */
static void restore_filter(struct saved *s)
{
	char *p = tfs_path(s->dir, "set_ftrace_filter");
	struct strbuf val = STRBUF_INIT;
	const char *line = s->filter.buf;
	int fd;

	while (*line) {
		size_t n = strcspn(line, "\n");
		size_t w = strcspn(line, " \t\n");

		if (*line != '#' && w) {
			if (memchr(line, ':', w))
				warning("'%.*s' was in set_ftrace_filter: kdev "
					"trace cannot put it back",
					(int)n, line);
			else
				strbuf_addf(&val, "%.*s ", (int)w, line);
		}
		line += n + (line[n] == '\n');
	}
	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || (val.len && write(fd, val.buf, val.len) !=
				  (ssize_t)val.len))
		error_errno("cannot put back '%s'", p);
	if (fd >= 0)
		close(fd);
	strbuf_release(&val);
	free(p);
}

static void restore_settings(struct saved *s)
{
	struct strbuf pid = STRBUF_INIT;
	const char *l;

	if (s->changed) {
		tfs_write(s->dir, "tracing_on", "0");
		tfs_write(s->dir, "current_tracer", s->tracer.buf);
		restore_filter(s);
		/* "no pid", or one pid a line */
		for (l = s->pid.buf; *l; l += strcspn(l, "\n"),
		     l += *l == '\n') {
			size_t n = strcspn(l, "\n");

			if (n && l[0] >= '0' && l[0] <= '9')
				strbuf_addf(&pid, "%.*s ", (int)n, l);
		}
		tfs_write(s->dir, "set_ftrace_pid", pid.buf);
		if (s->have_fork)
			tfs_write(s->dir, "options/function-fork", s->fork.buf);
		if (s->have_proc)
			tfs_write(s->dir, "options/funcgraph-proc", s->proc.buf);
		if (s->have_depth)
			tfs_write(s->dir, "max_graph_depth", s->depth.buf);
		tfs_write(s->dir, "tracing_on", s->on.buf);
	}
	if (s->mounted[0] && umount(s->mounted))
		warning("cannot unmount '%s': %s", s->mounted, strerror(errno));
	strbuf_release(&pid);
	strbuf_release(&s->tracer);
	strbuf_release(&s->filter);
	strbuf_release(&s->pid);
	strbuf_release(&s->fork);
	strbuf_release(&s->proc);
	strbuf_release(&s->depth);
	strbuf_release(&s->on);
}

/* ---- finding tracefs ---- */

static int has_tracers(const char *dir)
{
	return file_exists(dir, "available_tracers");
}

static const char *find_tracefs(struct saved *s)
{
	static const char tracing[] = "/sys/kernel/tracing";
	static const char debugfs[] = "/sys/kernel/debug";
	static const char dbg_tracing[] = "/sys/kernel/debug/tracing";

	if (has_tracers(tracing))
		return tracing;
	if (has_tracers(dbg_tracing))
		return dbg_tracing;
	if (is_dir(tracing) && !mount("nodev", tracing, "tracefs", 0, NULL)) {
		strcpy(s->mounted, tracing);
		if (has_tracers(tracing))
			return tracing;
	} else if (errno == EPERM) {
		error("cannot mount tracefs on %s: kdev trace --host needs "
		      "root", tracing);
		return NULL;
	}
	if (!s->mounted[0] && is_dir(debugfs) &&
	    !mount("nodev", debugfs, "debugfs", 0, NULL)) {
		strcpy(s->mounted, debugfs);
		if (has_tracers(dbg_tracing))
			return dbg_tracing;
	}
	error("this kernel has no tracefs (%s, %s): build it with "
	      "CONFIG_FTRACE=y and CONFIG_FUNCTION_TRACER=y, or pass --tracefs "
	      "DIR", tracing, dbg_tracing);
	return NULL;
}

/* ---- checks before tracing ---- */

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ' || p[-1] == '\n') &&
		    (!p[n] || p[n] == ' ' || p[n] == '\n'))
			return 1;
		p += n;
	}
	return 0;
}

static int check_tracer(const char *dir, const char *tracer)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (tfs_read(dir, "available_tracers", &sb))
		return -1;
	if (!has_word(sb.buf, tracer)) {
		strbuf_rtrim(&sb);
		ret = error("this kernel has no %s tracer (it has: %s): "
			    "build it with %s=y: 'kdev config preset debug' "
			    "(the tracers and debug info for file:line) or "
			    "'kdev config enable --deps %s'",
			    tracer, sb.len ? sb.buf : "none",
			    strcmp(tracer, "function") ?
			    "CONFIG_FUNCTION_GRAPH_TRACER" :
			    "CONFIG_FUNCTION_TRACER",
			    strcmp(tracer, "function") ?
			    "FUNCTION_GRAPH_TRACER" : "FUNCTION_TRACER");
	}
	strbuf_release(&sb);
	return ret;
}

static void normalize_mod(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

/* Every pattern must match a function (of --module, if given). */
static int check_patterns(struct tracer *t, const struct strvec *names,
			  const struct strvec *mods)
{
	struct strvec in_mod = STRVEC_INIT;
	size_t i, k;
	int ret = 0;

	if (t->module) {
		struct strvec loaded = STRVEC_INIT;

		for (k = 0; k < names->nr; k++)
			if (!strcmp(mods->v[k], t->module))
				break;
		if (k == names->nr) {
			struct strbuf msg = STRBUF_INIT;
			const char *near[5];
			size_t n;

			for (k = 0; k < mods->nr; k++)
				if (mods->v[k][0] && (!loaded.nr ||
				    strcmp(loaded.v[loaded.nr - 1], mods->v[k])))
					strvec_push(&loaded, mods->v[k]);
			n = ftrace_similar(t->module, &loaded, near, 5);
			strbuf_addf(&msg, "module '%s' is not loaded, or has no "
				    "function ftrace can trace", t->module);
			for (k = 0; k < n; k++)
				strbuf_addf(&msg, "%s%s", k ? ", " : "; loaded: ",
					    near[k]);
			ret = error("%s", msg.buf);
			strbuf_release(&msg);
		}
		strvec_clear(&loaded);
		if (ret)
			return ret;
	}
	for (i = 0; i < t->funcs.nr; i++) {
		const char *pat = t->funcs.v[i];

		for (k = 0; k < names->nr; k++)
			if ((!t->module || !strcmp(mods->v[k], t->module)) &&
			    ftrace_glob_match(pat, names->v[k]))
				break;
		if (k == names->nr) {
			struct strbuf msg = STRBUF_INIT;
			const char *near[6];
			size_t n;

			/* the near names of the module's functions only */
			strvec_clear(&in_mod);
			for (k = 0; t->module && k < names->nr; k++)
				if (!strcmp(mods->v[k], t->module))
					strvec_push(&in_mod, names->v[k]);
			n = ftrace_similar(pat, t->module ? &in_mod : names,
					   near, 6);

			strbuf_addf(&msg, "'%s' matches no function ftrace can "
				    "trace", pat);
			if (t->module)
				strbuf_addf(&msg, " in module %s", t->module);
			for (k = 0; k < n; k++)
				strbuf_addf(&msg, "%s%s", k ? ", " : "; closest: ",
					    near[k]);
			if (!n)
				strbuf_addstr(&msg, " (see available_filter_"
					      "functions in tracefs)");
			ret = error("%s", msg.buf);
			strbuf_release(&msg);
		}
	}
	strvec_clear(&in_mod);
	return ret;
}

static int write_filter(struct tracer *t, const char *dir)
{
	char *p = tfs_path(dir, "set_ftrace_filter");
	int fd, ret = 0;
	size_t i;

	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		ret = error_errno("cannot write '%s'", p);
		free(p);
		return ret;
	}
	for (i = 0; i < t->funcs.nr || (!i && t->module); i++) {
		char *pat;

		if (t->module)
			pat = xasprintf("%s:mod:%s\n", i < t->funcs.nr ?
					t->funcs.v[i] : "*", t->module);
		else
			pat = xasprintf("%s\n", t->funcs.v[i]);
		/*
		 * One write each, ended by a newline: the kernel takes a
		 * pattern when a blank ends it, and then says whether it
		 * matched (a pattern it is still reading at close() is
		 * taken silently, and a bad one leaves every function on).
		 */
		if (write(fd, pat, strlen(pat)) != (ssize_t)strlen(pat)) {
			pat[strlen(pat) - 1] = '\0';
			ret = error("the kernel refused the filter '%s': %s",
				    pat, strerror(errno));
		}
		free(pat);
		if (ret)
			break;
	}
	if (close(fd) && !ret)
		ret = error("the kernel refused the filter: %s",
			    strerror(errno));
	free(p);
	return ret;
}

/* ---- running the command ---- */

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void drain(int fd, struct strbuf *out)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(out, buf, (size_t)n);
}

/*
 * Fork COMMAND, let it exec only once its pid is the one traced, read
 * trace_pipe until it ends. Returns its exit status (128+N for a
 * signal), or -1 after an error.
 */
static int run_traced(struct tracer *t, struct saved *s, struct strbuf *out)
{
	struct sigaction sa, old_int, old_term, old_hup;
	int go[2], pipe_fd, status = 0, ret = -1;
	char *pipe_path = tfs_path(s->dir, "trace_pipe");
	pid_t pid;
	char pidstr[32];

	pipe_fd = open(pipe_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (pipe_fd < 0) {
		error_errno("cannot open '%s'", pipe_path);
		free(pipe_path);
		return -1;
	}
	if (pipe2(go, O_CLOEXEC)) {
		error_errno("cannot create a pipe");
		close(pipe_fd);
		free(pipe_path);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		error_errno("cannot fork");
		goto out;
	}
	if (!pid) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(TRACE_EXIT_FAILED);
		/* stdout is the trace's: the command writes to stderr */
		dup2(2, 1);
		execvp(t->cmd[0], t->cmd);
		fprintf(stderr, "error: cannot run '%s': %s\n", t->cmd[0],
			strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(go[0]);
	go[0] = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	snprintf(pidstr, sizeof(pidstr), "%d", (int)pid);
	if (tfs_write(s->dir, "set_ftrace_pid", pidstr) ||
	    tfs_write(s->dir, "tracing_on", "1") ||
	    write(go[1], "g", 1) != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto restore_sig;
	}
	for (;;) {
		struct pollfd pfd = { .fd = pipe_fd, .events = POLLIN };
		pid_t w;

		drain(pipe_fd, out);
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			error_errno("cannot wait for '%s'", t->cmd[0]);
			goto restore_sig;
		}
		if (got_signal) {
			kill(pid, got_signal);
			got_signal = 0;
		}
		poll(&pfd, 1, 100);
	}
	tfs_write(s->dir, "tracing_on", "0");
	drain(pipe_fd, out);
	if (WIFEXITED(status))
		ret = WEXITSTATUS(status);
	else
		ret = 128 + WTERMSIG(status);
restore_sig:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
out:
	if (go[0] >= 0)
		close(go[0]);
	close(go[1]);
	close(pipe_fd);
	free(pipe_path);
	return ret;
}

/* ---- the report ---- */

struct where {
	const char *func;	/* interned */
	char *file;
	int line;
	const char *module;
};

struct report {
	struct tracer *t;
	struct ftrace_trace tr;
	struct decoder *dec;
	const char *release;	/* NULL: this machine's */
	const struct strvec *mod_funcs;	/* pairs: name, module */
	struct where *where;
	size_t nwhere, where_alloc;
	int vmlinux_missing;
};

static const char *module_of(struct report *r, const struct ftrace_call *c)
{
	size_t i;

	if (c->module)
		return c->module;
	for (i = 0; r->mod_funcs && i + 1 < r->mod_funcs->nr; i += 2)
		if (!strcmp(r->mod_funcs->v[i], c->func))
			return r->mod_funcs->v[i + 1];
	return NULL;
}

static const struct where *locate(struct report *r,
				  const struct ftrace_call *c)
{
	struct sym_result res;
	struct symobj *o;
	struct where *w;
	size_t i;

	for (i = 0; i < r->nwhere; i++)
		if (r->where[i].func == c->func)
			return &r->where[i];
	ALLOC_GROW(r->where, r->nwhere + 1, r->where_alloc);
	w = &r->where[r->nwhere++];
	memset(w, 0, sizeof(*w));
	w->func = c->func;
	w->module = module_of(r, c);
	if (!strncmp(c->func, "0x", 2))
		return w;
	if (w->module)
		o = decoder_module(r->dec, w->module, r->release);
	else if (r->vmlinux_missing)
		o = NULL;
	else
		o = decoder_vmlinux(r->dec, r->release);
	if (!o) {
		if (!w->module)
			r->vmlinux_missing = 1;
		return w;
	}
	symobj_lookup_sym(o, c->func, 0, 0, 0, 1, &res);
	if ((res.status == SYM_OK || res.status == SYM_AMBIGUOUS) && res.nr &&
	    res.m[0].nlocs && res.m[0].locs[0].file) {
		w->file = xstrdup(res.m[0].locs[0].file);
		w->line = res.m[0].locs[0].line;
	}
	sym_result_clear(&res);
	return w;
}

static void add_where(struct strbuf *sb, const struct where *w)
{
	if (w->file)
		strbuf_addf(sb, "  %s:%d", w->file, w->line);
	if (w->module)
		strbuf_addf(sb, " [%s]", w->module);
}

static int same_call(const struct ftrace_call *a, const struct ftrace_call *b)
{
	return a->func == b->func && a->parent == b->parent &&
	       a->pid == b->pid && a->comm == b->comm && a->depth == b->depth;
}

/* A graph call with no traced callee: the next call is not deeper. */
static int is_leaf(const struct ftrace_trace *tr, size_t i)
{
	return i + 1 >= tr->ncalls || tr->calls[i + 1].pid != tr->calls[i].pid ||
	       tr->calls[i + 1].depth <= tr->calls[i].depth;
}

static void print_text(struct report *r, FILE *fp)
{
	const struct ftrace_trace *tr = &r->tr;
	struct strbuf sb = STRBUF_INIT;
	char dur[48];
	const char *comm = NULL;
	size_t i, n, shown;
	int pid = -2;

	for (i = 0; i < tr->ncalls; i += n) {
		const struct ftrace_call *c = &tr->calls[i];
		uint64_t total = c->dur_ns;

		/* consecutive repeats of the same leaf or edge: one line */
		for (n = 1; i + n < tr->ncalls &&
		     same_call(c, &tr->calls[i + n]) &&
		     (!tr->graph || (is_leaf(tr, i + n - 1) &&
				     is_leaf(tr, i + n))); n++)
			total += tr->calls[i + n].dur_ns;
		/* the task, when it changes (or execs: a new name) */
		if ((c->pid != pid || c->comm != comm) && c->pid >= 0)
			strbuf_addf(&sb, "== %s-%d\n", c->comm, c->pid);
		pid = c->pid;
		comm = c->comm;
		if (tr->graph) {
			if (c->has_dur)
				strbuf_addf(&sb, "%14s  ",
					    ftrace_fmt_us(dur, sizeof(dur), total));
			else
				strbuf_addf(&sb, "%14s  ", "");
			strbuf_addchars(&sb, ' ', (size_t)c->depth * 2);
			strbuf_addf(&sb, "%s()", c->func);
		} else {
			strbuf_addf(&sb, "%s -> %s", c->parent ? c->parent : "?",
				    c->func);
		}
		if (n > 1)
			strbuf_addf(&sb, " x%zu", n);
		add_where(&sb, locate(r, c));
		if (tr->graph && !c->has_dur)
			strbuf_addstr(&sb, "  (no return traced)");
		strbuf_addch(&sb, '\n');
	}
	if (!tr->ncalls)
		strbuf_addstr(&sb, "no calls traced\n");
	if (tr->nstats && r->t->top)
		strbuf_addf(&sb, "\nhottest functions (%zu of %zu, %zu calls):\n",
			    tr->nstats < (size_t)r->t->top ? tr->nstats :
			    (size_t)r->t->top, tr->nstats, tr->ncalls);
	if (tr->nstats && r->t->top && tr->graph)
		strbuf_addf(&sb, "%8s  %14s  %14s  %s\n", "calls", "total",
			    "self", "function");
	else if (tr->nstats && r->t->top)
		strbuf_addf(&sb, "%8s  %s\n", "calls", "function");
	for (shown = 0; shown < tr->nstats && shown < (size_t)r->t->top;
	     shown++) {
		const struct ftrace_stat *s = &tr->stats[shown];
		struct ftrace_call key = { .func = s->func };
		char self[48];

		for (i = 0; i < tr->ncalls; i++)
			if (tr->calls[i].func == s->func) {
				key = tr->calls[i];
				break;
			}
		strbuf_addf(&sb, "%8lu  ", s->calls);
		if (tr->graph)
			strbuf_addf(&sb, "%14s  %14s  ",
				    ftrace_fmt_us(dur, sizeof(dur), s->total_ns),
				    ftrace_fmt_us(self, sizeof(self), s->self_ns));
		strbuf_addstr(&sb, s->func);
		add_where(&sb, locate(r, &key));
		strbuf_addch(&sb, '\n');
	}
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_release(&sb);
}

static void json_where(struct json_writer *jw, const struct where *w)
{
	if (w->file) {
		json_string(jw, "file", w->file);
		json_int(jw, "line", w->line);
	} else {
		json_null(jw, "file");
		json_null(jw, "line");
	}
	if (w->module)
		json_string(jw, "module", w->module);
}

static void print_json(struct report *r, int status, FILE *fp)
{
	const struct ftrace_trace *tr = &r->tr;
	struct strbuf sb = STRBUF_INIT;
	struct json_writer jw;
	struct utsname uts;
	size_t i, k;
	int j;

	json_init(&jw, &sb, 1);
	json_object_begin(&jw, NULL);
	json_string(&jw, "tracer", tr->graph || r->t->graph ?
		    "function_graph" : "function");
	if (r->release)
		json_string(&jw, "release", r->release);
	else if (!uname(&uts))
		json_string(&jw, "release", uts.release);
	json_array_begin(&jw, "command");
	for (j = 0; j < r->t->ncmd; j++)
		json_string(&jw, NULL, r->t->cmd[j]);
	json_array_end(&jw);
	json_int(&jw, "status", status);
	json_uint(&jw, "lost_events", tr->lost);
	json_array_begin(&jw, "calls");
	for (i = 0; i < tr->ncalls; i++) {
		const struct ftrace_call *c = &tr->calls[i];

		json_object_begin(&jw, NULL);
		json_string(&jw, "function", c->func);
		if (c->parent)
			json_string(&jw, "caller", c->parent);
		json_where(&jw, locate(r, c));
		if (c->pid >= 0) {
			json_int(&jw, "pid", c->pid);
			json_string(&jw, "comm", c->comm);
		}
		if (tr->graph) {
			json_int(&jw, "depth", c->depth);
			if (c->has_dur)
				json_uint(&jw, "duration_ns", c->dur_ns);
			else
				json_null(&jw, "duration_ns");
		}
		if (c->has_ts)
			json_uint(&jw, "timestamp_ns", c->ts_ns);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_array_begin(&jw, "functions");
	for (i = 0; i < tr->nstats; i++) {
		const struct ftrace_stat *s = &tr->stats[i];

		for (k = 0; k < tr->ncalls; k++)
			if (tr->calls[k].func == s->func)
				break;
		json_object_begin(&jw, NULL);
		json_string(&jw, "function", s->func);
		json_uint(&jw, "calls", s->calls);
		if (tr->graph) {
			json_uint(&jw, "total_ns", s->total_ns);
			json_uint(&jw, "self_ns", s->self_ns);
		}
		json_where(&jw, locate(r, &tr->calls[k]));
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_object_end(&jw);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_release(&sb);
}

static void report(struct tracer *t, const char *text, size_t len,
		   const char *release, const struct strvec *mod_funcs,
		   int status)
{
	struct report r;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.release = release;
	r.mod_funcs = mod_funcs;
	ftrace_init(&r.tr);
	ftrace_feed(&r.tr, text, len);
	ftrace_finish(&r.tr);
	r.dec = decoder_new(&t->dopts);
	if (r.tr.lost)
		warning("the kernel dropped %lu events: the trace has gaps "
			"(narrow it with --func or --module)", r.tr.lost);
	if (t->json)
		print_json(&r, status, stdout);
	else
		print_text(&r, stdout);
	fflush(stdout);
	for (i = 0; i < r.nwhere; i++)
		free(r.where[i].file);
	free(r.where);
	decoder_free(r.dec);
	ftrace_release(&r.tr);
}

/* ---- --host ---- */

/* Which traced functions are a module's: "name module" pairs. */
static void module_funcs(const char *text, size_t len,
			 const struct strvec *names, const struct strvec *mods,
			 struct strvec *out)
{
	struct ftrace_trace tr;
	size_t i, k;

	ftrace_init(&tr);
	ftrace_feed(&tr, text, len);
	ftrace_finish(&tr);
	for (i = 0; i < tr.nstats; i++)
		for (k = 0; k < names->nr; k++)
			if (mods->v[k][0] && !strcmp(names->v[k],
						     tr.stats[i].func)) {
				strvec_push(out, names->v[k]);
				strvec_push(out, mods->v[k]);
				break;
			}
	ftrace_release(&tr);
}

static int trace_host(struct tracer *t)
{
	struct saved s;
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	struct strvec names = STRVEC_INIT, mods = STRVEC_INIT;
	const char *tracer = t->graph ? "function_graph" : "function";
	struct utsname uts;
	int status = -1;

	memset(&s, 0, sizeof(s));
	strbuf_init(&s.tracer, 0);
	s.dir = t->tracefs ? t->tracefs : find_tracefs(&s);
	if (!s.dir)
		goto done;
	if (t->tracefs && !has_tracers(t->tracefs)) {
		error("'%s' is not tracefs: it has no available_tracers",
		      t->tracefs);
		goto done;
	}
	if (check_tracer(s.dir, tracer) || save_settings(&s))
		goto done;
	strbuf_rtrim(&s.tracer);
	if (strcmp(s.tracer.buf, "nop")) {
		error("ftrace is in use: current_tracer is '%s' in %s; stop "
		      "that trace first (echo nop > %s/current_tracer)",
		      s.tracer.buf, s.dir, s.dir);
		goto done;
	}
	strbuf_addch(&s.tracer, '\n');
	if (tfs_read(s.dir, "available_filter_functions", &sb))
		goto done;
	ftrace_parse_filter_functions(sb.buf, sb.len, &names, &mods);
	if (check_patterns(t, &names, &mods))
		goto done;
	if (!s.have_fork)
		warning("this kernel has no options/function-fork: the "
			"command's children are not traced");
	s.changed = 1;
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%d", t->depth);
	if (tfs_write(s.dir, "tracing_on", "0") ||
	    write_filter(t, s.dir) ||
	    tfs_write(s.dir, "trace", "") ||
	    (s.have_fork && tfs_write(s.dir, "options/function-fork", "1")) ||
	    (t->graph && s.have_proc &&
	     tfs_write(s.dir, "options/funcgraph-proc", "1")) ||
	    (t->graph && s.have_depth &&
	     tfs_write(s.dir, "max_graph_depth", sb.buf)) ||
	    tfs_write(s.dir, "current_tracer", tracer))
		goto done;
	status = run_traced(t, &s, &out);
	if (status < 0)
		goto done;
	restore_settings(&s);
	s.dir = NULL;
	if (uname(&uts))
		strcpy(uts.release, "unknown");
	if (t->raw_out) {
		struct strvec mf = STRVEC_INIT;

		strbuf_reset(&sb);
		if (!t->graph)
			module_funcs(out.buf, out.len, &names, &mods, &mf);
		ftrace_raw_header(&sb, uts.release, tracer, status, &mf);
		strbuf_addbuf(&sb, &out);
		strvec_clear(&mf);
		if (write_file_atomic(t->raw_out, sb.buf, sb.len))
			status = -1;
	} else {
		struct strvec mf = STRVEC_INIT;

		if (!t->graph)
			module_funcs(out.buf, out.len, &names, &mods, &mf);
		report(t, out.buf, out.len, NULL, &mf, status);
		strvec_clear(&mf);
	}
done:
	if (s.dir)
		restore_settings(&s);
	strbuf_release(&sb);
	strbuf_release(&out);
	strvec_clear(&names);
	strvec_clear(&mods);
	return status < 0 ? TRACE_EXIT_FAILED : status;
}

/* ---- in a guest ---- */

static void rm_dir(const char *dir, const char *file)
{
	char *p = xasprintf("%s/%s", dir, file);

	unlink(p);
	free(p);
	rmdir(dir);
}

static int trace_guest(struct tracer *t)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf raw_buf = STRBUF_INIT;
	struct ftrace_raw raw;
	char self[PATH_MAX], *dir, *raw_path;
	const char *tmp = getenv("TMPDIR");
	const char *why;
	size_t i;
	int status;

	if (!realpath("/proc/self/exe", self))
		die_errno("cannot find kdev's own binary");
	dir = xasprintf("%s/kdev-trace.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		error_errno("cannot create a directory in '%s'",
			    tmp && *tmp ? tmp : "/tmp");
		free(dir);
		return TRACE_EXIT_FAILED;
	}
	raw_path = xasprintf("%s/trace.raw", dir);
	strvec_pushl(&cp.args, self, "run", NULL);
	for (i = 0; i < t->run_args.nr; i++)
		strvec_push(&cp.args, t->run_args.v[i]);
	strvec_pushl(&cp.args, "--root-user", "--rwdir", dir, "--", self,
		     "trace", "--host", "--raw-output", raw_path, NULL);
	for (i = 0; i < t->funcs.nr; i++)
		strvec_pushl(&cp.args, "--func", t->funcs.v[i], NULL);
	if (t->module)
		strvec_pushl(&cp.args, "--module", t->module, NULL);
	if (t->graph)
		strvec_push(&cp.args, "--graph");
	if (t->depth)
		strvec_pushf(&cp.args, "--depth=%d", t->depth);
	strvec_push(&cp.args, "--");
	for (i = 0; i < (size_t)t->ncmd; i++)
		strvec_push(&cp.args, t->cmd[i]);
	/* stdout is the trace's: the guest's output goes to stderr */
	cp.out = 2;
	status = run_command(&cp);
	strvec_clear(&cp.args);
	if (t->dry_run)
		goto out;
	if (read_file(raw_path, &raw_buf)) {
		error("the guest left no trace (kdev run exited with %d)",
		      status);
		if (status == 0)
			status = TRACE_EXIT_FAILED;
		goto out;
	}
	if (ftrace_raw_parse(raw_buf.buf, raw_buf.len, &raw, &why)) {
		error("cannot read the guest's trace '%s': %s", raw_path, why);
		status = TRACE_EXIT_FAILED;
		goto out;
	}
	if (!t->graph != !strcmp(raw.tracer, "function"))
		warning("the guest traced with '%s'", raw.tracer);
	report(t, raw.text, raw.text_len, raw.release[0] ? raw.release : NULL,
	       &raw.mod_funcs, raw.status);
	ftrace_raw_release(&raw);
out:
	rm_dir(dir, "trace.raw");
	strbuf_release(&raw_buf);
	free(raw_path);
	free(dir);
	return status;
}

/* ---- options ---- */

static int parse_count(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static void check_pattern(const char *pat)
{
	if (!*pat || strpbrk(pat, " \t\n:!"))
		usage_error(trace_usage, "--func '%s': a pattern is a function "
			    "name or a glob (* ? [...]), no blanks, ':' or '!'"
			    " (--module MOD for a module)", pat);
}

static const struct option own_options[] = {
	{ "func", required_argument, NULL, OPT_FUNC },
	{ "module", required_argument, NULL, OPT_MODULE },
	{ "graph", no_argument, NULL, OPT_GRAPH },
	{ "depth", required_argument, NULL, OPT_DEPTH },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "host", no_argument, NULL, OPT_HOST },
	{ "tracefs", required_argument, NULL, OPT_TRACEFS },
	{ "raw-output", required_argument, NULL, OPT_RAW },
	{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
	{ "tree", required_argument, NULL, OPT_TREE },
	{ "decode-modules", required_argument, NULL, OPT_DECODE_MODS },
	{ "help", no_argument, NULL, 'h' },
};

/* own_options, then run_options; built once (usage_error() exits) */
static struct option longopts[ARRAY_SIZE(own_options) +
			       ARRAY_SIZE(run_options) + 1];

int cmd_trace(int argc, char **argv)
{
	/* static: still reachable (no leak) when usage_error() exits */
	static struct tracer t;
	size_t nown = ARRAY_SIZE(own_options), nrun = ARRAY_SIZE(run_options);
	size_t i;
	int opt, ret;

	memset(&t, 0, sizeof(t));
	t.top = 10;
	t.dopts.list = -1;
	t.dopts.color = 0;
	memcpy(longopts, own_options, sizeof(own_options));
	for (i = 0; i < nrun; i++) {
		longopts[nown + i] = run_options[i];
		longopts[nown + i].val = OPT_RUN + (int)i;
	}
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:vnh", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_FUNC:
			check_pattern(optarg);
			strvec_push(&t.funcs, optarg);
			break;
		case OPT_MODULE:
			if (!*optarg || strpbrk(optarg, " \t\n:!*?["))
				usage_error(trace_usage, "--module takes a "
					    "module name, not '%s'", optarg);
			free(t.module);
			t.module = xstrdup(optarg);
			normalize_mod(t.module);
			break;
		case OPT_GRAPH:
			t.graph = 1;
			break;
		case OPT_DEPTH:
			if (parse_count(optarg, 1, 1000, &t.depth))
				usage_error(trace_usage, "--depth takes 1 to "
					    "1000, not '%s'", optarg);
			break;
		case OPT_JSON:
			t.json = 1;
			break;
		case OPT_TOP:
			if (parse_count(optarg, 0, 1000000, &t.top))
				usage_error(trace_usage, "--top takes a count, "
					    "not '%s'", optarg);
			break;
		case OPT_HOST:
			t.host = 1;
			break;
		case OPT_TRACEFS:
			if (!is_dir(optarg))
				usage_error(trace_usage, "--tracefs: '%s' is "
					    "not a directory", optarg);
			t.tracefs = optarg;
			break;
		case OPT_RAW:
			t.raw_out = optarg;
			break;
		case OPT_VMLINUX:
			if (!is_file(optarg))
				usage_error(trace_usage, "--vmlinux: cannot "
					    "open '%s'", optarg);
			t.dopts.vmlinux = optarg;
			strvec_pushf(&t.run_args, "--vmlinux=%s", optarg);
			break;
		case OPT_TREE:
			if (!is_dir(optarg))
				usage_error(trace_usage, "--tree: '%s' is not a "
					    "directory", optarg);
			t.dopts.tree = optarg;
			strvec_pushf(&t.run_args, "--tree=%s", optarg);
			break;
		case OPT_DECODE_MODS:
			if (!is_dir(optarg))
				usage_error(trace_usage, "--decode-modules: '%s'"
					    " is not a directory", optarg);
			strvec_push(&t.dopts.modules, optarg);
			strvec_pushf(&t.run_args, "--decode-modules=%s",
				     optarg);
			break;
		case 'v':
			strvec_push(&t.run_args, "-v");
			t.last_run_opt = "-v";
			break;
		case 'n':
			strvec_push(&t.run_args, "-n");
			t.dry_run = 1;
			t.last_run_opt = "-n";
			break;
		case 'h':
			return usage_help(trace_usage);
		default:
			if (opt >= OPT_RUN && opt < OPT_RUN + (int)nrun) {
				const struct option *o = &run_options[opt - OPT_RUN];

				if (optarg)
					strvec_pushf(&t.run_args, "--%s=%s",
						     o->name, optarg);
				else
					strvec_pushf(&t.run_args, "--%s",
						     o->name);
				if (!strcmp(o->name, "dry-run"))
					t.dry_run = 1;
				/* run's modules are decode's too */
				if (!strcmp(o->name, "modules") &&
				    strcmp(optarg, "auto") && is_dir(optarg))
					strvec_push(&t.dopts.modules, optarg);
				t.last_run_opt = o->name;
				break;
			}
			usage_bad_option(trace_usage, opt, argv);
		}
	}
	t.cmd = argv + optind;
	t.ncmd = argc - optind;
	if (!t.ncmd)
		usage_error(trace_usage, "no COMMAND: kdev trace [options] -- "
			    "COMMAND [ARG...]");
	if (t.depth && !t.graph)
		usage_error(trace_usage, "--depth needs --graph");
	if (t.host && t.last_run_opt)
		usage_error(trace_usage, "'%s%s' is an option of kdev run: "
			    "not with --host", t.last_run_opt[0] == '-' ? "" :
			    "--", t.last_run_opt);
	if (!t.host && (t.tracefs || t.raw_out))
		usage_error(trace_usage, "--tracefs and --raw-output go with "
			    "--host");
	if (t.host)
		ret = trace_host(&t);
	else
		ret = trace_guest(&t);
	strvec_clear(&t.funcs);
	strvec_clear(&t.run_args);
	strvec_clear(&t.dopts.modules);
	free(t.module);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kdev build: run the tree's make with the right -j, compiler wrappers
 * (ccache, distcc, icecc) and variables; check the .config and the host
 * tools first; show one progress line instead of make's scroll, keep
 * the whole log, and on failure print the first real error
 * (src/build/makelog.c). --each-commit builds every commit of a range
 * in a git worktree of kdev's own.
 *
 * Exit status: 0 built; make's status when make failed; 1 when kdev
 * stopped before make (no .config, a missing tool, a bad range); 2 for
 * a usage error; 130 (128 + the signal) when interrupted.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kdev.h"
#include "../build/hostdeps.h"
#include "../build/makeargv.h"
#include "../build/makelog.h"
#include "../build/progress.h"
#include "../kconfig/dotconfig.h"
#include "../kconfig/presets.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/osrelease.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

static const char build_usage[] =
	"usage: kdev build [TARGET...] [options] [VAR=VALUE...]\n"
	"\n"
	"Build the kernel tree in the current directory (or --tree DIR) with\n"
	"its own make: -j as many jobs as CPUs, one progress line on a\n"
	"terminal, the whole log kept, the first real error shown on failure.\n"
	"\n"
	"options:\n"
	"   -j, --jobs N         run N jobs (default: online CPUs; with\n"
	"                        --distcc what 'distcc -j' says)\n"
	"   -C, --tree DIR       the kernel tree (source or O= build directory);\n"
	"                        with M= and no tree here: /lib/modules/$(uname -r)/build\n"
	"   -n, --dry-run        print the make command line, run nothing\n"
	"   -v, --verbose        show make's own output instead of the progress line\n"
	"   -k, --keep-going     pass -k to make\n"
	"   --ccache, --no-ccache\n"
	"                        compile through ccache (default: when installed)\n"
	"   --distcc             spread compiles with distcc (DISTCC_HOSTS)\n"
	"   --icecc              spread compiles with icecream (icecc)\n"
	"   --each-commit A..B   build every commit of the range in a worktree\n"
	"                        of kdev's own; stop at the first that fails\n"
	"   --no-check           do not check the host tools first\n"
	"   -h, --help           this text\n"
	"\n"
	"variables, as make takes them:\n"
	"   O=DIR ARCH=ARCH CROSS_COMPILE=PREFIX LLVM=1 W=1 C=1 M=DIR V=1\n"
	"   CC=CC HOSTCC=CC, and any other VAR=VALUE (passed on)\n"
	"\n"
	"exit status: 0 built; make's status when make failed; 1 kdev stopped\n"
	"before make; 2 usage; 130 interrupted. 'man kdev-build' has more.\n";

#define MAX_SHOWN_WARNINGS 5

struct build {
	struct build_opts o;
	struct strvec vars, targets;
	const char *each;		/* --each-commit range */
	int dry_run, verbose, no_check;
	int ccache;			/* -1 auto, 0 no, 1 yes */
	int jobs;			/* -j; 0: default */
	const char *tree_arg;
	char *start_cwd;
	char *makedir;			/* make -C (NULL: here) */
	char *srctree;			/* for kdev config */
	char *objtree;			/* where .config is */
	char *obj_arg;			/* O= made absolute */
	char *m_arg;			/* M= made absolute */
	char *outdir;			/* the log's directory */
	const char *kconfig_config;
	int tty, color;
};

struct build_result {
	int status;
	long ms;
	long objects;
	long warnings;
	struct strvec shown;		/* the first warnings */
	char *image;			/* "arch/x86/boot/bzImage" */
	char *log;
	int interrupted;
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- arguments and paths ---- */

/* @p made absolute against @cwd, with "." and ".." taken out */
static char *absolute(const char *cwd, const char *p)
{
	char *full = p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", cwd, p);

	path_normalize(full);
	return full;
}

static void parse_args(struct build *b, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;
		const char *eq = strchr(arg, '=');

		if (arg[0] != '-' && eq && eq != arg) {
			if (skip_prefix(arg, "O=", &v))
				b->o.objtree = v;
			else if (skip_prefix(arg, "ARCH=", &v))
				b->o.arch = v;
			else if (skip_prefix(arg, "CROSS_COMPILE=", &v))
				b->o.cross_compile = v;
			else if (skip_prefix(arg, "LLVM=", &v))
				b->o.llvm = v;
			else if (skip_prefix(arg, "W=", &v))
				b->o.w = v;
			else if (skip_prefix(arg, "C=", &v))
				b->o.c = v;
			else if (skip_prefix(arg, "M=", &v))
				b->o.m = v;
			else if (skip_prefix(arg, "V=", &v))
				b->o.v = v;
			else if (skip_prefix(arg, "CC=", &v))
				b->o.cc = v;
			else if (skip_prefix(arg, "HOSTCC=", &v))
				b->o.hostcc = v;
			else {
				if (skip_prefix(arg, "KCONFIG_CONFIG=", &v))
					b->kconfig_config = v;
				strvec_push(&b->vars, arg);
			}
			continue;
		}
		if (arg[0] != '-' || !arg[1]) {
			strvec_push(&b->targets, arg);
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			exit(usage_help(build_usage));
		} else if (!strcmp(arg, "-n") || !strcmp(arg, "--dry-run")) {
			b->dry_run = 1;
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			b->verbose = 1;
		} else if (!strcmp(arg, "-k") || !strcmp(arg, "--keep-going")) {
			b->o.keep_going = 1;
		} else if (!strcmp(arg, "--ccache")) {
			b->ccache = 1;
		} else if (!strcmp(arg, "--no-ccache")) {
			b->ccache = 0;
		} else if (!strcmp(arg, "--distcc")) {
			b->o.dist = BUILD_DIST_DISTCC;
		} else if (!strcmp(arg, "--icecc")) {
			b->o.dist = BUILD_DIST_ICECC;
		} else if (!strcmp(arg, "--no-check")) {
			b->no_check = 1;
		} else if ((!strcmp(arg, "--tree") || !strcmp(arg, "-C")) &&
			   i + 1 < argc) {
			b->tree_arg = argv[++i];
		} else if (skip_prefix(arg, "--tree=", &v)) {
			b->tree_arg = v;
		} else if (!strcmp(arg, "--each-commit") && i + 1 < argc) {
			b->each = argv[++i];
		} else if (skip_prefix(arg, "--each-commit=", &v)) {
			b->each = v;
		} else if ((!strcmp(arg, "-j") || !strcmp(arg, "--jobs")) &&
			   i + 1 < argc) {
			v = argv[++i];
			goto jobs;
		} else if (skip_prefix(arg, "--jobs=", &v) ||
			   skip_prefix(arg, "-j", &v)) {
			char *end;
			long n;
jobs:
			errno = 0;
			n = strtol(v, &end, 10);
			if (errno || *end || end == v || n < 1 || n > 4096)
				usage_error(build_usage,
					    "-j takes a number of jobs (1 to 4096), not '%s'",
					    v);
			b->jobs = (int)n;
		} else if (!strcmp(arg, "--tree") || !strcmp(arg, "-C") ||
			   !strcmp(arg, "--each-commit") || !strcmp(arg, "-j") ||
			   !strcmp(arg, "--jobs")) {
			usage_error(build_usage, "option '%s' needs a value", arg);
		} else {
			usage_error(build_usage, "unknown option '%s'", arg);
		}
	}
}

static int is_kernel_makedir(const char *dir)
{
	char *mk = xasprintf("%s/Makefile", dir);
	int ok = is_file(mk);

	free(mk);
	return ok;
}

/*
 * Where make runs and where its output goes. A source tree (Kconfig and
 * Makefile), a build directory made with O= (its "source" link), or
 * --tree DIR; for M= with none of them the running kernel's build
 * directory, as out-of-tree Makefiles do.
 */
static int resolve_paths(struct build *b)
{
	const char *kout = getenv("KBUILD_OUTPUT");

	b->start_cwd = getcwd(NULL, 0);
	if (!b->start_cwd)
		return error_errno("cannot get the current directory");
	if (b->o.objtree && *b->o.objtree) {
		b->obj_arg = absolute(b->start_cwd, b->o.objtree);
		b->o.objtree = b->obj_arg;
	}
	if (b->o.m && *b->o.m) {
		b->m_arg = absolute(b->start_cwd, b->o.m);
		b->o.m = b->m_arg;
		if (!is_dir(b->m_arg))
			return error("no directory '%s' for M=", b->m_arg);
	}
	if (b->tree_arg) {
		b->makedir = absolute(b->start_cwd, b->tree_arg);
		if (!is_kernel_makedir(b->makedir))
			return error("no Makefile in '%s': --tree takes a kernel source or build directory",
				     b->makedir);
	} else if (is_file("Kconfig") && is_file("Makefile")) {
		b->makedir = NULL;
	} else if (is_file("source/Kconfig") && is_file("Makefile")) {
		b->makedir = NULL;
	} else if (b->m_arg) {
		struct utsname u;

		if (uname(&u))
			return error_errno("uname");
		b->makedir = xasprintf("/lib/modules/%s/build", u.release);
		if (!is_kernel_makedir(b->makedir))
			return error("no kernel tree here and none for the running kernel (%s): give --tree DIR",
				     b->makedir);
		note("building against %s", b->makedir);
	} else {
		return error("no kernel tree here: run kdev build in a kernel source or build directory (or give --tree DIR)");
	}
	b->o.dir = b->makedir;
	{
		const char *md = b->makedir ? b->makedir : b->start_cwd;
		char *src = xasprintf("%s/source/Kconfig", md);

		if (is_file(src))
			b->srctree = xasprintf("%s/source", md);
		else
			b->srctree = xstrdup(md);
		free(src);
		if (b->obj_arg)
			b->objtree = xstrdup(b->obj_arg);
		else if (kout && *kout)
			b->objtree = absolute(md, kout);
		else
			b->objtree = xstrdup(md);
	}
	b->outdir = xstrdup(b->m_arg ? b->m_arg : b->objtree);
	return 0;
}

static char *config_path(struct build *b)
{
	const char *kc = b->kconfig_config;

	if (!kc || !*kc)
		kc = getenv("KCONFIG_CONFIG");
	if (kc && *kc)
		return absolute(b->objtree, kc);
	return xasprintf("%s/.config", b->objtree);
}

/* ---- before building: .config and host tools ---- */

static void print_presets(FILE *fp)
{
	const struct kconfig_preset *p;
	size_t i, nr;

	p = kconfig_preset_list(&nr);
	for (i = 0; i < nr; i++)
		fprintf(fp, "   %-10s %s\n", p[i].name, p[i].summary);
}

/* On a terminal: offer the presets, apply the chosen ones with kdev config */
static int offer_presets(struct build *b, const char *config)
{
	struct strvec args = STRVEC_INIT;
	char *line = NULL, *word, *save;
	size_t cap = 0;
	int ret;

	fprintf(stderr,
		"kdev: %s does not exist: this tree is not configured.\n"
		"kdev: kdev config can start from the architecture's defconfig and add presets:\n",
		config);
	print_presets(stderr);
	fprintf(stderr,
		"kdev: which presets (e.g. \"vm debug\"; empty to stop)? ");
	fflush(stderr);
	if (getline(&line, &cap, stdin) < 0 || strspn(line, " \t\n") ==
	    strlen(line)) {
		free(line);
		return error("no .config: nothing built (kdev config preset vm debug, or make defconfig)");
	}
	strvec_pushl(&args, "config", "preset", "--tree", b->srctree, NULL);
	strvec_pushf(&args, "O=%s", b->objtree);
	for (word = strtok_r(line, " \t\n", &save); word;
	     word = strtok_r(NULL, " \t\n", &save)) {
		if (!kconfig_preset_find(word)) {
			error("no preset '%s'", word);
			free(line);
			strvec_clear(&args);
			return -1;
		}
		strvec_push(&args, word);
	}
	free(line);
	if (mkdir_p(b->objtree))
		return -1;
	optind = 0;
	ret = cmd_config((int)args.nr, args.v);
	strvec_clear(&args);
	if (chdir(b->start_cwd))
		return error_errno("cannot go back to '%s'", b->start_cwd);
	if (ret || !is_file(config))
		return error("kdev config did not write %s", config);
	return 0;
}

static int check_config(struct build *b)
{
	char *config;
	int ret = 0;

	if (!b->m_arg && !build_targets_need_config(b->targets.v,
						    b->targets.nr))
		return 0;
	config = config_path(b);
	if (is_file(config)) {
		free(config);
		return 0;
	}
	if (b->m_arg) {
		ret = error("the kernel tree '%s' is not configured (no %s): configure and build it first (kdev config preset vm debug, kdev build)",
			    b->makedir ? b->makedir : b->start_cwd, config);
	} else if (isatty(0) && isatty(2)) {
		ret = offer_presets(b, config);
	} else {
		struct strvec kc = STRVEC_INIT, mk = STRVEC_INIT;
		struct strbuf a = STRBUF_INIT, m = STRBUF_INIT;
		int sep = b->obj_arg && b->srctree &&
			  strcmp(b->objtree, b->srctree);

		strvec_pushl(&kc, "kdev", "config", "preset", NULL);
		strvec_pushl(&mk, "make", NULL);
		if (b->srctree) {
			strvec_pushl(&kc, "--tree", b->srctree, NULL);
			strvec_pushl(&mk, "-C", b->srctree, NULL);
		}
		if (sep) {
			strvec_pushf(&kc, "O=%s", b->objtree);
			strvec_pushf(&mk, "O=%s", b->objtree);
		}
		strvec_pushl(&kc, "vm", "debug", NULL);
		strvec_push(&mk, "defconfig");
		quote_argv(&a, kc.v);
		quote_argv(&m, mk.v);
		error("no .config in %s: configure the tree first, for example:",
		      b->objtree);
		fprintf(stderr,
			"   %s\n      (defconfig + presets; see kdev config preset --list)\n"
			"   %s\n      (or tinyconfig, menuconfig...)\n",
			a.buf, m.buf);
		strvec_clear(&kc);
		strvec_clear(&mk);
		strbuf_release(&a);
		strbuf_release(&m);
		ret = -1;
	}
	free(config);
	return ret;
}

static int config_on(void *data, const char *sym)
{
	struct dotconfig *dc = data;
	const struct dotconfig_entry *e = dotconfig_find(dc, sym);

	return e && (!strcmp(e->value, "y") || !strcmp(e->value, "m"));
}

static int check_hostdeps(struct build *b)
{
	struct hostdep_need need[HOSTDEPS_MAX];
	struct hostdeps_query q = { 0 };
	struct dotconfig dc = DOTCONFIG_INIT;
	struct os_release os;
	char *config = config_path(b);
	char *cc = build_compiler(&b->o), *hostcc = build_host_compiler(&b->o);
	char *ld = build_linker(&b->o);
	size_t i, n, missing = 0;

	/* "ccache gcc" as CC=: the compiler is the last word */
	q.cc = strrchr(cc, ' ') ? strrchr(cc, ' ') + 1 : cc;
	q.hostcc = strrchr(hostcc, ' ') ? strrchr(hostcc, ' ') + 1 : hostcc;
	q.ld = ld;
	q.external = b->m_arg != NULL;
	if (is_file(config) && !dotconfig_read(&dc, config,
					       dotconfig_prefix())) {
		q.config_on = config_on;
		q.data = &dc;
	}
	os_release_read(NULL, &os);
	n = hostdeps_needed(&q, need);
	for (i = 0; i < n; i++) {
		struct strbuf pkg = STRBUF_INIT, why = STRBUF_INIT;

		if (hostdep_present(&need[i], NULL))
			continue;
		missing++;
		if (need[i].reason)
			strbuf_addf(&why, ", needed for CONFIG_%s",
				    need[i].reason);
		if (hostdep_package(&need[i], os.family, &pkg))
			error("missing %s '%s' (%s%s): install the %s package %s",
			      need[i].dep->name, need[i].file, need[i].dep->why,
			      why.buf, distro_family_name(os.family), pkg.buf);
		else
			error("missing %s '%s' (%s%s): install it",
			      need[i].dep->name, need[i].file, need[i].dep->why,
			      why.buf);
		strbuf_release(&pkg);
		strbuf_release(&why);
	}
	dotconfig_release(&dc);
	free(config);
	free(cc);
	free(hostcc);
	free(ld);
	if (missing) {
		note("nothing built: %zu host tool%s missing (--no-check skips this check)",
		     missing, missing == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/* ---- speed: ccache, distcc, icecc, -j ---- */

static int distcc_jobs(void)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT;
	int n = 0;

	strvec_pushl(&cp.args, "distcc", "-j", NULL);
	cp.err = CHILD_NULL;
	if (!capture_command(&cp, &out, NULL))
		n = atoi(out.buf);
	strvec_clear(&cp.args);
	strbuf_release(&out);
	return n;
}

static int setup_speed(struct build *b)
{
	static const char *const dist_prog[] = { NULL, "distcc", "icecc" };

	if (b->ccache < 0)
		b->o.ccache = have_program("ccache");
	else if (b->ccache && !have_program("ccache"))
		return error("--ccache: ccache is not installed (package ccache)");
	else
		b->o.ccache = b->ccache;
	if (b->o.dist != BUILD_DIST_NONE &&
	    !have_program(dist_prog[b->o.dist]))
		return error("--%s: %s is not installed (package %s)",
			     dist_prog[b->o.dist], dist_prog[b->o.dist],
			     dist_prog[b->o.dist]);
	if (b->jobs)
		b->o.jobs = b->jobs;
	else
		b->o.jobs = build_default_jobs(
			(int)sysconf(_SC_NPROCESSORS_ONLN), b->o.dist,
			b->o.dist == BUILD_DIST_DISTCC ? distcc_jobs() : 0);
	return 0;
}

static int ccache_counts(long *hits, long *misses)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT;
	int ret = -1;

	strvec_pushl(&cp.args, "ccache", "--print-stats", NULL);
	cp.err = CHILD_NULL;
	if (!capture_command(&cp, &out, NULL))
		ret = build_ccache_parse(out.buf, out.len, hits, misses);
	strvec_clear(&cp.args);
	strbuf_release(&out);
	return ret;
}

/* ---- running make ---- */

struct stream {
	int fd;
	int echo_fd;			/* -v: where make's output goes */
	struct strbuf partial;
};

struct live {
	struct build *b;
	struct build_result *r;
	long start_ms, last_draw;
	long estimate;
	struct strbuf step;
	int drawn;
	uint64_t *seen;			/* hashes of warnings, open addressing */
	size_t seen_alloc, seen_nr;
};

static uint64_t hash_text(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h ? h : 1;
}

/* Is this the first time we see @h? */
static int seen_first(struct live *lv, uint64_t h)
{
	size_t i;

	if (lv->seen_nr * 2 >= lv->seen_alloc) {
		size_t old = lv->seen_alloc, n = old ? old * 2 : 64;
		uint64_t *o = lv->seen;

		lv->seen = xcalloc(n, sizeof(*o));
		lv->seen_alloc = n;
		lv->seen_nr = 0;
		for (i = 0; i < old; i++)
			if (o[i])
				seen_first(lv, o[i]);
		free(o);
	}
	for (i = h % lv->seen_alloc; lv->seen[i];
	     i = (i + 1) % lv->seen_alloc)
		if (lv->seen[i] == h)
			return 0;
	lv->seen[i] = h;
	lv->seen_nr++;
	return 1;
}

static int term_width(void)
{
	struct winsize ws;

	if (!ioctl(2, TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void draw(struct live *lv, int force)
{
	struct strbuf sb = STRBUF_INIT;
	long now = monotonic_ms();

	if (!lv->b->tty || lv->b->verbose)
		return;
	/* every step is drawn; otherwise the clock, once a second */
	if (!force && now - lv->last_draw < 1000)
		return;
	lv->last_draw = now;
	strbuf_addstr(&sb, "\r\033[K");
	build_progress_line(&sb, lv->r->objects, lv->estimate,
			    now - lv->start_ms, lv->step.buf,
			    term_width() - 1, lv->b->color);
	if (write(2, sb.buf, sb.len) < 0)
		lv->b->tty = 0;
	lv->drawn = 1;
	strbuf_release(&sb);
}

static void clear_line(struct live *lv)
{
	if (lv->drawn && write(2, "\r\033[K", 4) < 0)
		lv->drawn = 0;
	lv->drawn = 0;
}

static void one_line(struct live *lv, const char *s, size_t len)
{
	struct ml_line ml;

	switch (ml_classify(s, len, &ml)) {
	case ML_DIAG_WARNING:
		while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			len--;
		if (seen_first(lv, hash_text(s, len))) {
			lv->r->warnings++;
			if (lv->r->shown.nr < MAX_SHOWN_WARNINGS)
				strvec_pushf(&lv->r->shown, "%.*s", (int)len,
					     s);
		}
		break;
	case ML_IMAGE_READY:
		free(lv->r->image);
		lv->r->image = xstrndup(ml.path, ml.path_len);
		break;
	default:
		if (!ml.tag)
			break;
		if (ml.object)
			lv->r->objects++;
		strbuf_reset(&lv->step);
		build_step_text(&lv->step, ml.tag, ml.tag_len, ml.path,
				ml.path_len, ml.module);
		draw(lv, 1);
	}
}

/* Log a chunk, echo it with -v, classify its complete lines */
static void take(struct live *lv, struct stream *st, int logfd,
		 const char *buf, size_t n)
{
	size_t i, start = 0;

	if (write(logfd, buf, n) < 0) {
		/* a full disk: keep building, the summary still works */
	}
	if (st->echo_fd >= 0 && write(st->echo_fd, buf, n) < 0)
		st->echo_fd = -1;
	for (i = 0; i < n; i++) {
		if (buf[i] != '\n')
			continue;
		if (st->partial.len) {
			strbuf_add(&st->partial, buf + start, i + 1 - start);
			one_line(lv, st->partial.buf, st->partial.len);
			strbuf_reset(&st->partial);
		} else {
			one_line(lv, buf + start, i + 1 - start);
		}
		start = i + 1;
	}
	if (start < n && st->partial.len < 65536)
		strbuf_add(&st->partial, buf + start, n - start);
}

static int open_log(struct build *b, struct build_result *r)
{
	char *dir = xasprintf("%s/.kdev", b->outdir);
	char *old;
	int fd;

	if (mkdir_p(dir)) {
		free(dir);
		return -1;
	}
	r->log = xasprintf("%s/build.log", dir);
	old = xasprintf("%s.old", r->log);
	if (rename(r->log, old) && errno != ENOENT)
		warning("cannot keep the previous log as '%s': %s", old,
			strerror(errno));
	free(old);
	free(dir);
	fd = open(r->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return error_errno("cannot create the build log '%s'", r->log);
	return fd;
}

static pid_t spawn_make(struct strvec *env, struct strvec *argv, int outfd,
			int errfd, int own_group, int keep_stdin)
{
	int ep[2], err = 0;
	ssize_t n;
	pid_t pid;
	size_t i;

	if (pipe2(ep, O_CLOEXEC))
		return error_errno("cannot create pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(ep[0]);
		close(ep[1]);
		return error_errno("cannot fork make");
	}
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		close(ep[0]);
		if (own_group)
			setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		if (!keep_stdin && null >= 0)
			dup2(null, 0);
		dup2(outfd, 1);
		dup2(errfd, 2);
		for (i = 0; i < env->nr; i++)
			putenv(env->v[i]);
		execvp(argv->v[0], argv->v);
		err = errno;
		n = write(ep[1], &err, sizeof(err));
		(void)n;
		_exit(127);
	}
	if (own_group)
		setpgid(pid, pid);
	close(ep[1]);
	do {
		n = read(ep[0], &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(ep[0]);
	if (n == sizeof(err)) {
		waitpid(pid, NULL, 0);
		errno = err;
		return error_errno("cannot run '%s'", argv->v[0]);
	}
	return pid;
}

static int exists_in(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	int ok = is_file(p);

	free(p);
	return ok;
}

static int full_build_targets(struct build *b)
{
	size_t i;

	if (b->m_arg)
		return 0;
	for (i = 0; i < b->targets.nr; i++)
		if (strcmp(b->targets.v[i], "all"))
			return 0;
	return 1;
}

static char *stats_path(struct build *b)
{
	return xasprintf("%s/.kdev/stats", b->outdir);
}

/* Run make once; the progress line, the log, the counts in @r */
static int run_make(struct build *b, struct build_result *r)
{
	struct strvec env = STRVEC_INIT, argv = STRVEC_INIT;
	struct stream st[2] = { { -1, -1, STRBUF_INIT },
				{ -1, -1, STRBUF_INIT } };
	struct live lv = { 0 };
	struct sigaction sa = { 0 }, old_int, old_term, old_hup;
	struct strbuf stats = STRBUF_INIT;
	int op[2], ep[2], logfd, status = -1, own_group, fresh;
	long killed_at = 0;
	pid_t pid;
	char *sp;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	logfd = open_log(b, r);
	if (logfd < 0)
		return -1;
	build_make_command(&b->o, &env, &argv);
	fresh = full_build_targets(b) && !exists_in(b->objtree, "vmlinux");
	sp = stats_path(b);
	if (fresh && !read_file(sp, &stats))
		lv.estimate = build_stats_get(stats.buf, stats.len,
					      "objects_full", 0);
	{
		struct strbuf cmd = STRBUF_INIT;

		quote_argv(&cmd, env.v ? env.v : (char *[]){ NULL });
		quote_argv(&cmd, argv.v);
		strbuf_addch(&cmd, '\n');
		if (write(logfd, "# ", 2) < 0 ||
		    write(logfd, cmd.buf, cmd.len) < 0)
			warning("cannot write to '%s'", r->log);
		if (b->verbose && b->o.v)
			fprintf(stderr, "+ %s", cmd.buf);
		strbuf_release(&cmd);
	}
	if (pipe2(op, O_CLOEXEC) || pipe2(ep, O_CLOEXEC)) {
		close(logfd);
		return error_errno("cannot create pipe");
	}
	/* -v on a terminal: make may ask (a new Kconfig symbol); let it */
	own_group = !(b->verbose && isatty(0));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	got_signal = 0;

	lv.b = b;
	lv.r = r;
	lv.start_ms = monotonic_ms();
	strbuf_init(&lv.step, 0);
	pid = spawn_make(&env, &argv, op[1], ep[1], own_group, !own_group);
	close(op[1]);
	close(ep[1]);
	if (pid < 0) {
		close(op[0]);
		close(ep[0]);
		close(logfd);
		goto out;
	}
	st[0].fd = op[0];
	st[1].fd = ep[0];
	st[0].echo_fd = b->verbose ? 1 : -1;
	st[1].echo_fd = b->verbose ? 2 : -1;
	draw(&lv, 1);
	while (st[0].fd >= 0 || st[1].fd >= 0) {
		struct pollfd pfd[2];
		char buf[16384];
		int i;

		if (got_signal && !killed_at) {
			killed_at = monotonic_ms();
			kill(own_group ? -pid : pid, SIGINT);
		} else if (killed_at && monotonic_ms() - killed_at > 5000) {
			kill(own_group ? -pid : pid, SIGKILL);
			killed_at = monotonic_ms() + 1000000;
		}
		for (i = 0; i < 2; i++) {
			pfd[i].fd = st[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, 2, 250) < 0 && errno != EINTR)
			break;
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				if (st[i].partial.len)
					one_line(&lv, st[i].partial.buf,
						 st[i].partial.len);
				close(st[i].fd);
				st[i].fd = -1;
				continue;
			}
			take(&lv, &st[i], logfd, buf, (size_t)n);
		}
		draw(&lv, 0);
	}
	do {
		pid_t w = waitpid(pid, &status, 0);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			status = -1;
			break;
		}
	} while (1);
	/* a signal also ends the make group's stragglers */
	if (got_signal && own_group)
		kill(-pid, SIGKILL);
	clear_line(&lv);
	r->ms = monotonic_ms() - lv.start_ms;
	if (status == -1)
		r->status = -1;
	else if (WIFEXITED(status))
		r->status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->status = 128 + WTERMSIG(status);
	r->interrupted = got_signal;
	close(logfd);
	if (!r->status && fresh && !r->interrupted) {
		long old = build_stats_get(stats.buf, stats.len,
					   "objects_full", 0);

		if (r->objects > old) {
			build_stats_set(&stats, "objects_full", r->objects);
			write_file_atomic(sp, stats.buf, stats.len);
		}
	}
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	strbuf_release(&st[0].partial);
	strbuf_release(&st[1].partial);
	strbuf_release(&lv.step);
	strbuf_release(&stats);
	free(lv.seen);
	free(sp);
	strvec_clear(&env);
	strvec_clear(&argv);
	return pid < 0 ? -1 : 0;
}

static void result_release(struct build_result *r)
{
	strvec_clear(&r->shown);
	free(r->image);
	free(r->log);
}

/* The first real error, as the compiler printed it, then the log */
static void print_first_error(struct build_result *r)
{
	struct strbuf log = STRBUF_INIT;
	struct ml_error e;
	size_t i;

	if (read_file(r->log, &log)) {
		error_errno("cannot read the build log '%s'", r->log);
		return;
	}
	if (!ml_first_error(log.buf, log.len, &e)) {
		note("no compiler or linker error in the log; its last lines:");
		/* the last 10 lines, whatever they are */
		{
			size_t n = 0, p = log.len;

			while (p > 0 && n <= 10)
				if (log.buf[--p] == '\n')
					n++;
			fputs(log.buf + p + (p > 0), stderr);
		}
		strbuf_release(&log);
		return;
	}
	fflush(stdout);
	for (i = 0; i < e.nr_includes; i++)
		fprintf(stderr, "%s%s%s\n", i ? "                 " : "",
			e.includes[i], i + 1 < e.nr_includes ? "," : ":");
	if (e.function && e.file)
		fprintf(stderr, "%s: %s:\n", e.file, e.function);
	if (e.file && e.line && e.column)
		fprintf(stderr, "%s:%d:%d: ", e.file, e.line, e.column);
	else if (e.file && e.line)
		fprintf(stderr, "%s:%d: ", e.file, e.line);
	else if (e.file)
		fprintf(stderr, "%s: ", e.file);
	fprintf(stderr, "%s%s\n", e.kind == ML_ERR_MAKE_FAILED ? "" :
		"error: ", e.message);
	for (i = 0; i < e.nr_context; i++)
		fprintf(stderr, "%s\n", e.context[i]);
	ml_error_release(&e);
	strbuf_release(&log);
}

static void print_warnings(struct build_result *r)
{
	size_t i;

	if (!r->warnings)
		return;
	note("%ld warning%s%s:", r->warnings, r->warnings == 1 ? "" : "s",
	     r->warnings > (long)r->shown.nr ? ", the first ones" : "");
	for (i = 0; i < r->shown.nr; i++)
		fprintf(stderr, "   %s\n", r->shown.v[i]);
}

/* One build, with its summary; returns kdev's exit status */
static int build_once(struct build *b, int quiet_success)
{
	struct build_result r;
	long h0 = 0, m0 = 0, h1 = 0, m1 = 0;
	int have_cc = 0, ret;

	if (b->o.ccache)
		have_cc = !ccache_counts(&h0, &m0);
	if (run_make(b, &r)) {
		result_release(&r);
		return 1;
	}
	if (r.interrupted) {
		note("interrupted: make stopped; log: %s", r.log);
		ret = 128 + got_signal;
		result_release(&r);
		return ret;
	}
	if (r.status) {
		print_first_error(&r);
		note("log: %s", r.log);
		note("make exited with status %d", r.status);
		ret = r.status > 0 ? r.status : 1;
		result_release(&r);
		return ret;
	}
	if (have_cc)
		have_cc = !ccache_counts(&h1, &m1);
	if (!quiet_success) {
		struct strbuf sb = STRBUF_INIT;

		build_format_duration(&sb, r.ms);
		strbuf_addf(&sb, ", %ld object%s compiled", r.objects,
			    r.objects == 1 ? "" : "s");
		if (have_cc)
			strbuf_addf(&sb, ", ccache %ld hit%s, %ld miss%s",
				    h1 - h0, h1 - h0 == 1 ? "" : "s",
				    m1 - m0, m1 - m0 == 1 ? "" : "es");
		strbuf_addf(&sb, ", %ld warning%s", r.warnings,
			    r.warnings == 1 ? "" : "s");
		note("built in %s", sb.buf);
		strbuf_release(&sb);
		print_warnings(&r);
		if (r.image)
			note("image: %s/%s", b->objtree, r.image);
		note("log: %s", r.log);
	} else {
		print_warnings(&r);
	}
	result_release(&r);
	return 0;
}

/* ---- --each-commit ---- */

static int git_capture(const char *dir, struct strbuf *out,
		       struct strbuf *err, ...)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	const char *a;
	va_list ap;
	int ret;

	strvec_pushl(&cp.args, "git", "-C", dir, NULL);
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)))
		strvec_push(&cp.args, a);
	va_end(ap);
	if (!err)
		cp.err = CHILD_NULL;
	ret = capture_command(&cp, out, err);
	strvec_clear(&cp.args);
	strbuf_rtrim(out);
	return ret;
}

/* The worktree's place: $XDG_CACHE_HOME/kdev/each-commit/NAME-HASH */
static char *each_dir(const char *top)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *base = strrchr(top, '/');
	uint64_t h = hash_text(top, strlen(top));
	char *root;

	if (xdg && *xdg)
		root = xasprintf("%s/kdev", xdg);
	else
		root = xasprintf("%s/.cache/kdev", home ? home : "/tmp");
	base = base ? base + 1 : top;
	{
		char *d = xasprintf("%s/each-commit/%s-%08llx", root, base,
				    (unsigned long long)(h & 0xffffffffu));

		free(root);
		return d;
	}
}

static int copy_if_changed(const char *from, const char *to)
{
	struct strbuf a = STRBUF_INIT, c = STRBUF_INIT;
	int ret = 0;

	if (read_file(from, &a)) {
		strbuf_release(&a);
		return error_errno("cannot read '%s'", from);
	}
	if (read_file(to, &c) || a.len != c.len ||
	    memcmp(a.buf, c.buf, a.len))
		ret = write_file_atomic(to, a.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&c);
	return ret;
}

static int each_commit(struct build *b)
{
	struct strbuf top = STRBUF_INIT, list = STRBUF_INIT, err = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *repo = b->m_arg ? b->m_arg :
			   b->makedir ? b->makedir : b->start_cwd;
	const char *dots = strstr(b->each, "..");
	char *dir = NULL, *wt = NULL, *out = NULL, *rel = NULL, *p;
	char *user_config = NULL;
	char *saved_m = b->m_arg, *saved_dir = b->makedir;
	char *saved_obj = b->objtree, *saved_out = b->outdir;
	struct strvec commits = STRVEC_INIT, subjects = STRVEC_INIT;
	size_t i;
	int ret = 1;

	if (!dots || dots[2] == '.' || dots == b->each) {
		error("--each-commit takes a range A..B, not '%s'", b->each);
		return 1;
	}
	if (git_capture(repo, &top, &err, "rev-parse", "--show-toplevel",
			NULL)) {
		strbuf_rtrim(&err);
		ret = error("--each-commit: '%s' is not in a git repository (%s)",
			    repo, err.buf);
		goto out;
	}
	strbuf_reset(&err);
	if (git_capture(top.buf, &list, &err, "log", "--reverse",
			"--format=%H %s", b->each, "--", NULL)) {
		strbuf_rtrim(&err);
		ret = error("--each-commit: git cannot list '%s': %s",
			    b->each, err.buf);
		goto out;
	}
	for (p = list.buf; *p;) {
		char *nl = strchrnul(p, '\n'), *sp = memchr(p, ' ', nl - p);

		if (sp && sp - p == 40) {
			strvec_pushf(&commits, "%.40s", p);
			strvec_pushf(&subjects, "%.*s", (int)(nl - sp - 1),
				     sp + 1);
		}
		p = *nl ? nl + 1 : nl;
	}
	if (!commits.nr) {
		ret = error("--each-commit: no commits in '%s'", b->each);
		goto out;
	}
	/* where the build happens in the worktree */
	if (!strcmp(repo, top.buf))
		rel = xstrdup("");
	else if (starts_with(repo, top.buf) && repo[top.len] == '/')
		rel = xstrdup(repo + top.len + 1);
	else {
		char *real = realpath(repo, NULL);

		if (real && starts_with(real, top.buf) &&
		    (real[top.len] == '/' || !real[top.len]))
			rel = xstrdup(real[top.len] ? real + top.len + 1 : "");
		free(real);
		if (!rel) {
			ret = error("--each-commit: cannot place '%s' in '%s'",
				    repo, top.buf);
			goto out;
		}
	}
	dir = each_dir(top.buf);
	wt = xasprintf("%s/src", dir);
	out = xasprintf("%s/out", dir);
	if (mkdir_p(dir))
		goto out;
	strbuf_reset(&sb);
	if (!is_dir(wt) || git_capture(wt, &sb, NULL, "rev-parse", "HEAD",
				       NULL)) {
		struct child_process cp = CHILD_PROCESS_INIT;

		git_capture(top.buf, &sb, NULL, "worktree", "prune", NULL);
		strvec_pushl(&cp.args, "git", "-C", top.buf, "worktree", "add",
			     "-q", "--detach", wt, commits.v[0], NULL);
		if (run_command(&cp)) {
			strvec_clear(&cp.args);
			ret = error("--each-commit: git worktree add '%s' failed",
				    wt);
			goto out;
		}
		strvec_clear(&cp.args);
	}
	note("building %zu commit%s of %s in %s", commits.nr,
	     commits.nr == 1 ? "" : "s", b->each, wt);
	if (!b->m_arg) {
		user_config = config_path(b);
		if (mkdir_p(out))
			goto out;
	}
	for (i = 0; i < commits.nr; i++) {
		struct child_process cp = CHILD_PROCESS_INIT;
		struct strbuf t = STRBUF_INIT;
		char *m = NULL, *md = NULL, *cfg;
		long t0;
		int st;

		strvec_pushl(&cp.args, "git", "-C", wt, "checkout", "-q",
			     "--detach", "--force", commits.v[i], NULL);
		cp.out = CHILD_NULL;
		if (run_command(&cp)) {
			strvec_clear(&cp.args);
			ret = error("--each-commit: cannot check out %.12s in '%s'",
				    commits.v[i], wt);
			goto out;
		}
		strvec_clear(&cp.args);
		if (b->m_arg) {
			m = *rel ? xasprintf("%s/%s", wt, rel) : xstrdup(wt);
			b->m_arg = m;
			b->o.m = m;
			b->outdir = m;
		} else {
			md = *rel ? xasprintf("%s/%s", wt, rel) : xstrdup(wt);
			b->makedir = md;
			b->o.dir = md;
			b->objtree = out;
			b->o.objtree = out;
			b->outdir = out;
			cfg = config_path(b);
			if (is_file(user_config) &&
			    copy_if_changed(user_config, cfg)) {
				free(cfg);
				free(md);
				goto out;
			}
			free(cfg);
		}
		t0 = monotonic_ms();
		st = build_once(b, 1);
		build_format_duration(&t, monotonic_ms() - t0);
		if (st) {
			fprintf(stderr, "FAIL %.12s %s (%s)\n", commits.v[i],
				subjects.v[i], t.buf);
			if (st < 128 || st > 128 + 64)
				note("commit %zu of %zu fails to build: %.12s %s",
				     i + 1, commits.nr, commits.v[i],
				     subjects.v[i]);
			ret = st;
			free(m);
			free(md);
			strbuf_release(&t);
			goto out;
		}
		printf("ok   %.12s %s (%s)\n", commits.v[i], subjects.v[i],
		       t.buf);
		fflush(stdout);
		free(m);
		free(md);
		b->m_arg = saved_m;
		b->makedir = saved_dir;
		strbuf_release(&t);
	}
	note("all %zu commit%s of %s build", commits.nr,
	     commits.nr == 1 ? "" : "s", b->each);
	ret = 0;
out:
	b->m_arg = saved_m;
	b->o.m = saved_m;
	b->makedir = saved_dir;
	b->o.dir = saved_dir;
	b->objtree = saved_obj;
	b->o.objtree = b->obj_arg;
	b->outdir = saved_out;
	strvec_clear(&commits);
	strvec_clear(&subjects);
	strbuf_release(&top);
	strbuf_release(&list);
	strbuf_release(&err);
	strbuf_release(&sb);
	free(user_config);
	free(dir);
	free(wt);
	free(out);
	free(rel);
	return ret < 0 ? 1 : ret;
}

int cmd_build(int argc, char **argv)
{
	struct build b;
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	int ret = 1;

	memset(&b, 0, sizeof(b));
	b.ccache = -1;
	parse_args(&b, argc, argv);
	b.o.vars = b.vars.v;
	b.o.nr_vars = b.vars.nr;
	b.o.targets = b.targets.v;
	b.o.nr_targets = b.targets.nr;
	b.tty = isatty(2);
	b.color = b.tty && !(nc && *nc) && term && strcmp(term, "dumb");

	/* targets that only print something: show it as make prints it */
	if (b.targets.nr) {
		static const char *const info[] = {
			"help", "kernelversion", "kernelrelease", "image_name",
		};
		size_t i, j, n = 0;

		for (i = 0; i < b.targets.nr; i++)
			for (j = 0; j < ARRAY_SIZE(info); j++)
				if (!strcmp(b.targets.v[i], info[j]))
					n++;
		if (n == b.targets.nr)
			b.verbose = 1;
	}
	if (resolve_paths(&b) || setup_speed(&b))
		goto out;
	if (b.dry_run) {
		struct strvec env = STRVEC_INIT, args = STRVEC_INIT;
		struct strbuf sb = STRBUF_INIT;

		build_make_command(&b.o, &env, &args);
		if (env.nr)
			quote_argv(&sb, env.v);
		quote_argv(&sb, args.v);
		printf("%s\n", sb.buf);
		strbuf_release(&sb);
		strvec_clear(&env);
		strvec_clear(&args);
		ret = 0;
		goto out;
	}
	if (check_config(&b))
		goto out;
	if (!b.no_check && check_hostdeps(&b))
		goto out;
	if (b.each)
		ret = each_commit(&b);
	else
		ret = build_once(&b, 0);
out:
	strvec_clear(&b.vars);
	strvec_clear(&b.targets);
	free(b.start_cwd);
	free(b.makedir);
	free(b.srctree);
	free(b.objtree);
	free(b.obj_arg);
	free(b.m_arg);
	free(b.outdir);
	return ret;
}

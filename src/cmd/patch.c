// SPDX-License-Identifier: GPL-2.0
/*
 * kdev patch check: the tree's scripts/checkpatch.pl on every commit or
 * patch (in parallel), grouped per commit, plus kdev's own checks from
 * Documentation/process/submitting-patches.rst and submit-checklist.rst
 * (src/patch/check.c); optionally every commit built (kdev build
 * --each-commit, then W=1 on the objects of the files it touches).
 *
 * kdev patch send: git format-patch (cover letter, -v, --rfc, shallow
 * threading), each patch's own maintainers (To:) and reviewers and
 * lists (Cc:) written into its headers, the cover letter to everyone,
 * then git send-email --dry-run, or for real with --send.
 *
 * Exit status: 0 clean, 1 warnings only, 2 errors (check); send: 0
 * sent (or shown), 2 refused or usage, 1 anything else failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "../patch/check.h"
#include "../patch/diff.h"
#include "../patch/maintainers.h"
#include "../patch/series.h"

static const char patch_usage[] =
	"usage: kdev patch check [REV-RANGE|PATCH...] [options]\n"
	"       kdev patch send [REV-RANGE] [options]\n"
	"\n"
	"commands:\n"
	"   check    checkpatch.pl and kdev's own checks on every commit\n"
	"   send     format-patch, per-patch recipients, git send-email\n"
	"\n"
	"'kdev patch check --help', 'kdev patch send --help' and\n"
	"'man kdev-patch' have more.\n";

static const char check_usage[] =
	"usage: kdev patch check [REV-RANGE|PATCH...] [options]\n"
	"\n"
	"Check commits (A..B, or one commit; default HEAD) or patch files\n"
	"before sending them: the tree's scripts/checkpatch.pl on each, in\n"
	"parallel, and kdev's own checks: the subject's 'subsystem:' prefix\n"
	"against the touched files' history, a Signed-off-by from the\n"
	"author, Fixes: tags (12+ digits, a commit that exists, its\n"
	"subject), no Change-Id, body lines of at most 75 columns, one\n"
	"subsystem per commit.\n"
	"\n"
	"options:\n"
	"   --tree DIR           the kernel tree (default: the one here or above)\n"
	"   --json               print the results as JSON\n"
	"   -j, --jobs N         run N checkpatch.pl at a time (default: CPUs)\n"
	"   --build              also build each commit (kdev build --each-commit)\n"
	"                        and its touched objects with W=1\n"
	"   --no-checkpatch      kdev's own checks only\n"
	"   -h, --help           this text\n"
	"\n"
	"exit status: 0 clean, 1 warnings only, 2 errors (or a usage error).\n";

static const char send_usage[] =
	"usage: kdev patch send [REV-RANGE] [options]\n"
	"\n"
	"git format-patch the commits (A..B, or one commit; default HEAD)\n"
	"with a cover letter when there are several, each patch To its own\n"
	"maintainers and Cc its reviewers and lists, the cover letter to\n"
	"all of them; then git send-email --dry-run, or --send for real.\n"
	"\n"
	"options:\n"
	"   --tree DIR           the kernel tree (default: the one here or above)\n"
	"   -v, --reroll-count N version N: [PATCH vN], a 'Changes in vN'\n"
	"                        template in the cover letter\n"
	"   --rfc                [RFC PATCH]\n"
	"   --subject-prefix P   [P] instead of [PATCH] (suggested when not given)\n"
	"   --to ADDR            also send every mail to ADDR (repeatable)\n"
	"   --cc ADDR            also copy every mail to ADDR (repeatable)\n"
	"   -o, --output DIR     write the patches to DIR (default: a new\n"
	"                        directory under $TMPDIR); an edited cover\n"
	"                        letter already there keeps its text\n"
	"   --send               send for real (default: git send-email --dry-run)\n"
	"   -n, --dry-run        show who gets what, send nothing (the default)\n"
	"   --force              send even when kdev patch check finds errors\n"
	"   -j, --jobs N         checkpatch.pl jobs for the check\n"
	"   --no-checkpatch      check with kdev's own checks only\n"
	"   -h, --help           this text\n"
	"\n"
	"exit status: 0 sent or shown; 2 refused (check errors) or usage;\n"
	"1 another failure.\n";

/* ------------------------------------------------------------ helpers */

static int git_capture(const char *dir, struct strbuf *out,
		       struct strbuf *err, ...)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	va_list ap;
	const char *a;
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
	return ret;
}

static int parse_jobs(const char *usage, const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < 1 || n > 1024)
		usage_error(usage, "-j takes a number from 1 to 1024, not '%s'",
			    v);
	return (int)n;
}

/* The value of option @name at argv[*i] ("--x V" or "--x=V"), or NULL. */
static const char *opt_value(const char *usage, int argc, char **argv, int *i,
			     const char *name, const char *shortname)
{
	const char *arg = argv[*i], *v;
	size_t n = strlen(name);

	if (!strcmp(arg, name) || (shortname && !strcmp(arg, shortname))) {
		if (*i + 1 >= argc)
			usage_error(usage, "option '%s' needs a value", arg);
		return argv[++*i];
	}
	if (!strncmp(arg, name, n) && arg[n] == '=') {
		v = arg + n + 1;
		return v;
	}
	if (shortname && !strncmp(arg, shortname, 2) && arg[2] &&
	    strlen(shortname) == 2)
		return arg + 2;
	return NULL;
}

/* ------------------------------------------------------------- items */

/* One commit or patch file under check. */
struct item {
	char *hash;		/* a commit, or NULL */
	char *path;		/* a patch file, or NULL */
	char *label;		/* short hash or file name */
	struct strbuf text;	/* the format-patch mail or the file */
	struct commit_msg msg;
	char *author_name, *author_email;
	struct strvec files;	/* touched paths */
	struct checkpatch_result cp;
	int cp_ran;
	struct check_findings kdev;
	int errors, warnings, checks, status;
};

struct checker {
	char *tree;
	int is_git;
	int jobs, json, build, no_checkpatch;
	FILE *out;		/* text report: stdout (check), stderr (send) */
	struct item *items;
	size_t nr_items, alloc_items;
	struct maintainers *m;
	int mnt_tried;
};

static struct item *new_item(struct checker *c)
{
	struct item *it;

	ALLOC_GROW(c->items, c->nr_items + 1, c->alloc_items);
	it = &c->items[c->nr_items++];
	memset(it, 0, sizeof(*it));
	strbuf_init(&it->text, 0);
	return it;
}

static void item_release(struct item *it)
{
	free(it->hash);
	free(it->path);
	free(it->label);
	strbuf_release(&it->text);
	commit_msg_release(&it->msg);
	free(it->author_name);
	free(it->author_email);
	strvec_clear(&it->files);
	checkpatch_release(&it->cp);
	check_findings_release(&it->kdev);
}

static void item_files(struct item *it)
{
	struct patch p = PATCH_INIT;
	size_t i;

	patch_parse(it->text.buf, it->text.len, &p);
	for (i = 0; i < p.nr_files; i++) {
		const char *f = p.files[i].new_path ? p.files[i].new_path :
				p.files[i].old_path;

		if (f)
			strvec_push(&it->files, f);
	}
	patch_release(&p);
}

static int add_commit(struct checker *c, const char *hash)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct item *it;
	char *nul1, *nul2;
	int ret = 0;

	if (git_capture(c->tree, &out, &err, "show", "-s", "--no-color",
			"--format=%an%x00%ae%x00%B", hash, NULL)) {
		strbuf_rtrim(&err);
		ret = error("cannot read commit %s: %s", hash, err.buf);
		goto out;
	}
	nul1 = memchr(out.buf, '\0', out.len);
	nul2 = nul1 ? memchr(nul1 + 1, '\0', out.len - (nul1 + 1 - out.buf)) :
		      NULL;
	if (!nul2) {
		ret = error("cannot read commit %s: unexpected git show output",
			    hash);
		goto out;
	}
	it = new_item(c);
	it->hash = xstrdup(hash);
	it->label = xstrndup(hash, 12);
	it->author_name = xstrdup(out.buf);
	it->author_email = xstrdup(nul1 + 1);
	commit_msg_parse(nul2 + 1, out.len - (size_t)(nul2 + 1 - out.buf),
			 &it->msg);
	if (git_capture(c->tree, &it->text, &err, "format-patch", "-1",
			"--stdout", "--no-color", "--no-signature",
			"--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/",
			hash, NULL)) {
		strbuf_rtrim(&err);
		ret = error("git format-patch %s failed: %s", hash, err.buf);
		goto out;
	}
	item_files(it);
out:
	strbuf_release(&out);
	strbuf_release(&err);
	return ret;
}

/* Commits of @rev in order: A..B, or one commit. */
static int list_commits(const char *tree, const char *rev,
			struct strvec *hashes)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *p, *spec = NULL;
	int ret = 0;

	if (strstr(rev, "..")) {
		if (git_capture(tree, &out, &err, "rev-list", "--reverse",
				"--no-merges", rev, "--", NULL)) {
			strbuf_rtrim(&err);
			ret = error("'%s' is not a revision range of '%s': %s",
				    rev, tree, err.buf);
			goto out;
		}
	} else {
		spec = xasprintf("%s^{commit}", rev);
		if (git_capture(tree, &out, &err, "rev-parse", "--verify",
				"--quiet", spec, NULL)) {
			ret = error("'%s' is neither a patch file nor a commit "
				    "of '%s'", rev, tree);
			goto out;
		}
	}
	for (p = out.buf; *p;) {
		char *nl = strchrnul(p, '\n');

		if (nl - p == 40)
			strvec_pushf(hashes, "%.40s", p);
		p = *nl ? nl + 1 : nl;
	}
	if (!hashes->nr)
		ret = error("no commits in '%s'", rev);
out:
	free(spec);
	strbuf_release(&out);
	strbuf_release(&err);
	return ret;
}

static int add_patch_file(struct checker *c, const char *path)
{
	struct item *it = new_item(c);
	const char *base = strrchr(path, '/');
	char *real;

	if (read_file(path, &it->text))
		return error_errno("cannot read '%s'", path);
	real = realpath(path, NULL);
	it->path = real ? real : xstrdup(path);
	it->label = xstrdup(base ? base + 1 : path);
	commit_msg_parse(it->text.buf, it->text.len, &it->msg);
	if (it->msg.author_email) {
		it->author_name = xstrdup(it->msg.author_name);
		it->author_email = xstrdup(it->msg.author_email);
	}
	item_files(it);
	if (!it->files.nr)
		warning("'%s' has no diff in it", path);
	return 0;
}

static int add_arg(struct checker *c, const char *arg)
{
	struct strvec hashes = STRVEC_INIT;
	struct stat st;
	size_t i;
	int ret = 0;

	if (!stat(arg, &st) && S_ISREG(st.st_mode))
		return add_patch_file(c, arg);
	if (!c->is_git)
		return error("'%s' is not a patch file, and '%s' is not a git "
			     "repository for a revision range", arg, c->tree);
	if (list_commits(c->tree, arg, &hashes))
		ret = -1;
	for (i = 0; !ret && i < hashes.nr; i++)
		if (add_commit(c, hashes.v[i]))
			ret = -1;
	strvec_clear(&hashes);
	return ret;
}

/* ---------------------------------------------------------- checkpatch */

struct cp_job {
	struct child_process cp;
	int fd;
	int started, done, status;
};

static void checkpatch_args(struct checker *c, struct item *it,
			    struct strvec *args)
{
	strvec_pushl(args, "perl", "scripts/checkpatch.pl", "--show-types",
		     NULL);
	if (it->hash)
		strvec_pushl(args, "--git", it->hash, NULL);
	else
		strvec_push(args, it->path);
	(void)c;
}

static int start_job(struct checker *c, struct item *it, struct cp_job *j)
{
	j->fd = memfd_create("kdev-checkpatch", MFD_CLOEXEC);
	if (j->fd < 0)
		return error_errno("cannot create a memory file");
	j->cp = (struct child_process)CHILD_PROCESS_INIT;
	checkpatch_args(c, it, &j->cp.args);
	j->cp.dir = c->tree;
	j->cp.in = CHILD_NULL;
	j->cp.out = j->fd;
	/* the child closes each descriptor after dup2: give it two */
	j->cp.err = dup(j->fd);
	if (j->cp.err < 0)
		return error_errno("cannot duplicate a descriptor");
	if (start_command(&j->cp)) {
		close(j->cp.err);
		return -1;
	}
	close(j->cp.err);
	j->started = 1;
	return 0;
}

static void finish_job(struct item *it, struct cp_job *j)
{
	struct strbuf sb = STRBUF_INIT;

	lseek(j->fd, 0, SEEK_SET);
	if (read_fd(j->fd, &sb))
		error_errno("cannot read checkpatch.pl's output");
	close(j->fd);
	checkpatch_parse(sb.buf, sb.len, &it->cp);
	it->cp_ran = 1;
	if (!it->cp.has_total && !it->cp.msgs.nr) {
		/* it stopped before checking: say why */
		char *nl;

		strbuf_rtrim(&sb);
		nl = strchr(sb.buf, '\n');
		if (nl)
			*nl = '\0';
		check_add(&it->kdev, SEV_ERROR, "CHECKPATCH_FAILED",
			  "checkpatch.pl failed (exit status %d): %s",
			  j->status, sb.len ? sb.buf : "no output");
		it->cp_ran = 0;
	}
	strbuf_release(&sb);
	strvec_clear(&j->cp.args);
}

static int run_checkpatch(struct checker *c)
{
	struct cp_job *jobs = xcalloc(c->nr_items + 1, sizeof(*jobs));
	size_t next = 0, done = 0, i;
	int running = 0, ret = 0;
	char *script = xasprintf("%s/scripts/checkpatch.pl", c->tree);

	if (!is_file(script)) {
		free(script);
		free(jobs);
		return error("no scripts/checkpatch.pl in '%s'; pass "
			     "--no-checkpatch to skip it", c->tree);
	}
	free(script);
	while (done < c->nr_items) {
		int status;
		pid_t pid;

		while (running < c->jobs && next < c->nr_items) {
			if (start_job(c, &c->items[next], &jobs[next])) {
				jobs[next].done = 1;
				done++;
				ret = -1;
			} else {
				running++;
			}
			next++;
		}
		if (!running)
			break;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			ret = error_errno("waitpid");
			break;
		}
		for (i = 0; i < next; i++) {
			struct cp_job *j = &jobs[i];

			if (!j->started || j->done || j->cp.pid != pid)
				continue;
			j->cp.pid = 0;
			j->done = 1;
			j->status = WIFEXITED(status) ? WEXITSTATUS(status) :
				    128 + WTERMSIG(status);
			finish_job(&c->items[i], j);
			running--;
			done++;
			break;
		}
	}
	free(jobs);
	return ret;
}

/* ------------------------------------------------------- kdev's checks */

static struct maintainers *get_maintainers(struct checker *c)
{
	if (!c->mnt_tried) {
		c->mnt_tried = 1;
		c->m = maintainers_load(c->tree, NULL);
		if (c->m)
			maintainers_read_mailmap(c->m);
	}
	return c->m;
}

static void check_fixes(struct checker *c, struct item *it)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;

	for (i = 0; i < it->msg.nr_trailers; i++) {
		const struct msg_trailer *t = &it->msg.trailers[i];
		struct fixes_tag f;
		char *spec;

		if (strcasecmp(t->key, "Fixes"))
			continue;
		fixes_parse(t->value, &f);
		if (f.problem == FIXES_NO_HASH || f.hash_len < 4) {
			fixes_release(&f);
			continue;
		}
		spec = xasprintf("%s^{commit}", f.hash);
		strbuf_reset(&out);
		if (git_capture(c->tree, &out, NULL, "rev-parse", "--verify",
				"--quiet", spec, NULL)) {
			check_add(&it->kdev, SEV_ERROR, "FIXES_UNKNOWN",
				  "'Fixes: %s': no commit %s in the tree's "
				  "history (or the hash is ambiguous)",
				  t->value, f.hash);
		} else if (f.subject) {
			strbuf_reset(&out);
			if (!git_capture(c->tree, &out, NULL, "log", "-1",
					 "--format=%s", f.hash, "--", NULL)) {
				strbuf_rtrim(&out);
				if (strcmp(out.buf, f.subject))
					check_add(&it->kdev, SEV_WARNING,
						  "FIXES_SUBJECT",
						  "'Fixes: %s': commit %s is "
						  "(\"%s\")", t->value, f.hash,
						  out.buf);
			}
		}
		free(spec);
		fixes_release(&f);
	}
	strbuf_release(&out);
}

static void history_prefixes(struct checker *c, struct item *it,
			     struct prefix_stats *ps, int dirs)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT;
	size_t i;
	char *p;

	strvec_pushl(&cp.args, "git", "-C", c->tree, "log", "--no-merges",
		     "--format=%s", "-n", "50", NULL);
	if (it->hash)
		strvec_pushf(&cp.args, "%s^", it->hash);
	else
		strvec_push(&cp.args, "HEAD");
	strvec_push(&cp.args, "--");
	for (i = 0; i < it->files.nr; i++) {
		const char *f = it->files.v[i];
		const char *slash = strrchr(f, '/');

		if (!dirs)
			strvec_push(&cp.args, f);
		else if (slash)
			strvec_pushf(&cp.args, "%.*s/", (int)(slash - f), f);
	}
	cp.err = CHILD_NULL;
	if (!capture_command(&cp, &out, NULL)) {
		for (p = out.buf; p < out.buf + out.len;) {
			char *nl = strchrnul(p, '\n');

			*nl = '\0';
			if (*p)
				prefix_stats_add(ps, p);
			p = nl + 1;
		}
	}
	strvec_clear(&cp.args);
	strbuf_release(&out);
}

static void check_prefix(struct checker *c, struct item *it)
{
	struct prefix_stats ps = { 0 };
	struct strbuf prefix = STRBUF_INIT, suggest = STRBUF_INIT;
	int fits;

	if (!it->msg.subject || !subject_prefix(it->msg.subject, &prefix) ||
	    !it->files.nr)
		goto out;
	history_prefixes(c, it, &ps, 0);
	prefix_stats_sort(&ps);
	fits = prefix_fits(&ps, prefix.buf, &suggest);
	if (fits < 0) {
		/* new files: what their directories use */
		prefix_stats_release(&ps);
		history_prefixes(c, it, &ps, 1);
		prefix_stats_sort(&ps);
		fits = prefix_fits(&ps, prefix.buf, &suggest);
	}
	if (!fits)
		check_add(&it->kdev, SEV_WARNING, "SUBJECT_PREFIX_HISTORY",
			  "subject prefix '%s' is not what the history of "
			  "these files uses; most common: %s", prefix.buf,
			  suggest.buf);
out:
	prefix_stats_release(&ps);
	strbuf_release(&prefix);
	strbuf_release(&suggest);
}

/* The most specific section of one file, by its F: patterns, or -1. */
static int file_section(struct maintainers *m, const char *file)
{
	struct mnt_query q;
	size_t i;
	int s = -1;

	mnt_query_init(&q);
	strvec_push(&q.files, file);
	mnt_query_run(m, &q);
	for (i = 0; i < q.nr_matched && s < 0; i++) {
		const struct mnt_section *sec = &m->sections[q.matched[i].section];

		if (q.matched[i].by_keyword || !strcmp(sec->name, "THE REST"))
			continue;
		s = q.matched[i].section;
	}
	mnt_query_release(&q);
	return s;
}

static void check_subsystems(struct checker *c, struct item *it)
{
	struct maintainers *m;
	struct strbuf list = STRBUF_INIT;
	int *secs, *of, nr = 0;
	size_t i;
	int j, k;

	if (it->files.nr < 2 || !(m = get_maintainers(c)))
		return;
	secs = xcalloc(it->files.nr, sizeof(*secs));
	of = xcalloc(it->files.nr, sizeof(*of));
	for (i = 0; i < it->files.nr; i++) {
		int s = file_section(m, it->files.v[i]);

		of[i] = s;
		if (s < 0)
			continue;
		for (j = 0; j < nr && secs[j] != s; j++)
			;
		if (j == nr)
			secs[nr++] = s;
	}
	if (nr > 1) {
		for (j = 0; j < nr; j++) {
			int n = 0;

			strbuf_addf(&list, "%s%s (", j ? "; " : "",
				    m->sections[secs[j]].name);
			for (i = 0; i < it->files.nr; i++)
				if (of[i] == secs[j])
					strbuf_addf(&list, "%s%s", n++ ? ", " : "",
						    it->files.v[i]);
			strbuf_addch(&list, ')');
		}
		k = nr;
		check_add(&it->kdev, SEV_WARNING, "MIXED_SUBSYSTEMS",
			  "touches %d subsystems: %s; possibly not one logical "
			  "change (split it per subsystem?)", k, list.buf);
	}
	free(secs);
	free(of);
	strbuf_release(&list);
}

static void run_own_checks(struct checker *c, struct item *it)
{
	check_message(&it->msg, it->author_name, it->author_email, &it->kdev);
	if (c->is_git) {
		check_fixes(c, it);
		check_prefix(c, it);
	}
	check_subsystems(c, it);
}

/* ------------------------------------------------------------- build */

static void kdev_self(struct child_process *cp)
{
	strvec_push(&cp->args, "/proc/self/exe");
}

/* Run kdev build with its stdout on our stderr (stdout is the report). */
static int run_build(struct child_process *cp)
{
	int fd = dup(2), st;

	if (fd < 0)
		return error_errno("cannot duplicate a descriptor");
	cp->in = CHILD_NULL;
	cp->out = fd;		/* the child's dup2 closes its copy only */
	st = run_command(cp);
	close(fd);
	strvec_clear(&cp->args);
	return st;
}

static int build_commit(struct checker *c, struct item *it)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strvec objs = STRVEC_INIT;
	size_t i;
	int st;

	kdev_self(&cp);
	strvec_pushl(&cp.args, "build", "--tree", c->tree, NULL);
	strvec_pushf(&cp.args, "--each-commit=%s^..%s", it->hash, it->hash);
	st = run_build(&cp);
	if (st) {
		check_add(&it->kdev, SEV_ERROR, "BUILD",
			  "the commit does not build (kdev build exit status "
			  "%d; its log is above)", st);
		return st;
	}
	for (i = 0; i < it->files.nr; i++) {
		const char *f = it->files.v[i];
		size_t n = strlen(f);

		if (n > 2 && !strcmp(f + n - 2, ".c"))
			strvec_pushf(&objs, "%.*s.o", (int)(n - 2), f);
	}
	if (!objs.nr) {
		strvec_clear(&objs);
		return 0;
	}
	cp = (struct child_process)CHILD_PROCESS_INIT;
	kdev_self(&cp);
	strvec_pushl(&cp.args, "build", "--tree", c->tree, NULL);
	strvec_pushf(&cp.args, "--each-commit=%s^..%s", it->hash, it->hash);
	strvec_push(&cp.args, "W=1");
	for (i = 0; i < objs.nr; i++)
		strvec_push(&cp.args, objs.v[i]);
	st = run_build(&cp);
	if (st)
		check_add(&it->kdev, SEV_WARNING, "BUILD_W1",
			  "its objects do not build cleanly with W=1 (%zu "
			  "object%s; kdev build exit status %d)", objs.nr,
			  objs.nr == 1 ? "" : "s", st);
	strvec_clear(&objs);
	return 0;
}

static void run_builds(struct checker *c)
{
	size_t i;

	for (i = 0; i < c->nr_items; i++) {
		struct item *it = &c->items[i];

		if (!it->hash) {
			warning("--build: '%s' is a patch file, not a commit; "
				"not built", it->label);
			continue;
		}
		fprintf(stderr, "kdev: building %s %s\n", it->label,
			it->msg.subject ? it->msg.subject : "");
		if (build_commit(c, it))
			break;	/* the next ones would start from a broken tree */
	}
}

/* ------------------------------------------------------------ report */

static void tally(struct item *it)
{
	it->errors = check_count(&it->kdev, SEV_ERROR);
	it->warnings = check_count(&it->kdev, SEV_WARNING);
	it->checks = check_count(&it->kdev, SEV_CHECK);
	if (it->cp_ran) {
		it->errors += it->cp.errors;
		it->warnings += it->cp.warnings;
		it->checks += it->cp.checks;
	}
	it->status = check_exit_status(it->errors, it->warnings);
}

static const char *plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_text(struct checker *c, FILE *fp)
{
	size_t i, k;
	int errors = 0, warnings = 0, bad = 0, warned = 0;

	for (i = 0; i < c->nr_items; i++) {
		struct item *it = &c->items[i];

		fprintf(fp, "%s %s %s\n", it->hash ? "commit" : "patch",
			it->label, it->msg.subject ? it->msg.subject : "");
		if (it->cp_ran) {
			fprintf(fp, "  checkpatch: %d %s, %d %s, %d %s\n",
				it->cp.errors, plural(it->cp.errors, "error",
						      "errors"),
				it->cp.warnings, plural(it->cp.warnings,
							"warning", "warnings"),
				it->cp.checks, plural(it->cp.checks, "check",
						      "checks"));
			for (k = 0; k < it->cp.msgs.nr; k++) {
				const struct check_finding *f = &it->cp.msgs.v[k];

				fprintf(fp, "    %s%s%s: %s\n",
					f->severity == SEV_ERROR ? "ERROR" :
					f->severity == SEV_WARNING ? "WARNING" :
					"CHECK", *f->code ? ":" : "", f->code,
					f->message);
				if (f->file)
					fprintf(fp, "      at %s:%d\n", f->file,
						f->line);
			}
		}
		for (k = 0; k < it->kdev.nr; k++) {
			const struct check_finding *f = &it->kdev.v[k];

			fprintf(fp, "  kdev: %s: %s [%s]\n",
				check_severity_name(f->severity), f->message,
				f->code);
		}
		fprintf(fp, "  => %s\n", it->status == 2 ? "errors" :
			it->status == 1 ? "warnings" : "clean");
		errors += it->errors;
		warnings += it->warnings;
		bad += it->status == 2;
		warned += it->status == 1;
	}
	fprintf(fp, "%zu %s checked: %d with errors, %d with warnings only, "
		"%zu clean (%d %s, %d %s)\n", c->nr_items,
		plural((int)c->nr_items, "commit", "commits"), bad, warned,
		c->nr_items - (size_t)bad - (size_t)warned, errors,
		plural(errors, "error", "errors"), warnings,
		plural(warnings, "warning", "warnings"));
}

static void json_findings(struct json_writer *jw, const char *key,
			  const struct check_findings *f, int checkpatch)
{
	size_t k;

	json_array_begin(jw, key);
	for (k = 0; k < f->nr; k++) {
		json_object_begin(jw, NULL);
		json_string(jw, checkpatch ? "type" : "severity",
			    checkpatch ? (f->v[k].severity == SEV_ERROR ?
					  "ERROR" : f->v[k].severity ==
					  SEV_WARNING ? "WARNING" : "CHECK") :
			    check_severity_name(f->v[k].severity));
		if (checkpatch)
			json_string(jw, "severity",
				    check_severity_name(f->v[k].severity));
		json_string(jw, "code", f->v[k].code);
		json_string(jw, "message", f->v[k].message);
		if (f->v[k].file) {
			json_string(jw, "file", f->v[k].file);
			json_int(jw, "line", f->v[k].line);
		}
		json_object_end(jw);
	}
	json_array_end(jw);
}

static void print_json(struct checker *c, int status)
{
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	size_t i, k;
	int errors = 0, warnings = 0, checks = 0;

	json_init(&jw, &out, 1);
	json_object_begin(&jw, NULL);
	json_string(&jw, "tree", c->tree);
	json_array_begin(&jw, "commits");
	for (i = 0; i < c->nr_items; i++) {
		struct item *it = &c->items[i];

		json_object_begin(&jw, NULL);
		if (it->hash)
			json_string(&jw, "hash", it->hash);
		else
			json_null(&jw, "hash");
		if (it->path)
			json_string(&jw, "patch", it->path);
		else
			json_null(&jw, "patch");
		json_string(&jw, "subject", it->msg.subject);
		json_object_begin(&jw, "author");
		json_string(&jw, "name", it->author_name);
		json_string(&jw, "email", it->author_email);
		json_object_end(&jw);
		json_array_begin(&jw, "files");
		for (k = 0; k < it->files.nr; k++)
			json_string(&jw, NULL, it->files.v[k]);
		json_array_end(&jw);
		if (it->cp_ran) {
			json_object_begin(&jw, "checkpatch");
			json_int(&jw, "errors", it->cp.errors);
			json_int(&jw, "warnings", it->cp.warnings);
			json_int(&jw, "checks", it->cp.checks);
			json_findings(&jw, "messages", &it->cp.msgs, 1);
			json_object_end(&jw);
		} else {
			json_null(&jw, "checkpatch");
		}
		json_findings(&jw, "findings", &it->kdev, 0);
		json_int(&jw, "errors", it->errors);
		json_int(&jw, "warnings", it->warnings);
		json_int(&jw, "status", it->status);
		json_object_end(&jw);
		errors += it->errors;
		warnings += it->warnings;
		checks += it->checks;
	}
	json_array_end(&jw);
	json_object_begin(&jw, "summary");
	json_int(&jw, "commits", (int64_t)c->nr_items);
	json_int(&jw, "errors", errors);
	json_int(&jw, "warnings", warnings);
	json_int(&jw, "checks", checks);
	json_int(&jw, "status", status);
	json_object_end(&jw);
	json_object_end(&jw);
	strbuf_addch(&out, '\n');
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
}

static int is_git_tree(const char *tree)
{
	struct strbuf out = STRBUF_INIT;
	int ok = have_program("git") &&
		 !git_capture(tree, &out, NULL, "rev-parse",
			      "--is-inside-work-tree", NULL) &&
		 starts_with(out.buf, "true");

	strbuf_release(&out);
	return ok;
}

static long online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

static void checker_release(struct checker *c)
{
	size_t i;

	for (i = 0; i < c->nr_items; i++)
		item_release(&c->items[i]);
	free(c->items);
	if (c->m)
		maintainers_free(c->m);
	free(c->tree);
}

/*
 * Run every check on c->items; print the report (text to c->out, or
 * JSON). Returns the exit status: 0, 1, 2.
 */
static int run_checks(struct checker *c)
{
	size_t i;
	int status = 0;

	if (!c->no_checkpatch && run_checkpatch(c))
		status = 2;
	for (i = 0; i < c->nr_items; i++)
		run_own_checks(c, &c->items[i]);
	if (c->build)
		run_builds(c);
	for (i = 0; i < c->nr_items; i++) {
		tally(&c->items[i]);
		if (c->items[i].status > status)
			status = c->items[i].status;
	}
	if (c->json)
		print_json(c, status);
	else
		print_text(c, c->out);
	return status;
}

/* -------------------------------------------------------------- check */

static int cmd_patch_check(int argc, char **argv)
{
	struct checker c = { 0 };
	struct strvec args = STRVEC_INIT;
	const char *tree_opt = NULL, *v;
	size_t i;
	int status, dashdash = 0;

	c.jobs = (int)online_cpus();
	c.out = stdout;
	for (int a = 1; a < argc; a++) {
		const char *arg = argv[a];

		if (dashdash || arg[0] != '-' || !arg[1]) {
			strvec_push(&args, arg);
		} else if (!strcmp(arg, "--")) {
			dashdash = 1;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			strvec_clear(&args);
			return usage_help(check_usage);
		} else if (!strcmp(arg, "--json")) {
			c.json = 1;
		} else if (!strcmp(arg, "--build")) {
			c.build = 1;
		} else if (!strcmp(arg, "--no-checkpatch")) {
			c.no_checkpatch = 1;
		} else if ((v = opt_value(check_usage, argc, argv, &a, "--tree",
					  NULL))) {
			tree_opt = v;
		} else if ((v = opt_value(check_usage, argc, argv, &a, "--jobs",
					  "-j"))) {
			c.jobs = parse_jobs(check_usage, v);
		} else {
			usage_error(check_usage, "unknown option '%s'", arg);
		}
	}
	c.tree = maintainers_find_tree(tree_opt, 1);
	if (!c.tree) {
		strvec_clear(&args);
		return 2;
	}
	c.is_git = is_git_tree(c.tree);
	if (!args.nr) {
		if (!c.is_git) {
			error("'%s' is not a git repository: name patch files "
			      "to check", c.tree);
			goto fail;
		}
		strvec_push(&args, "HEAD");
	}
	for (i = 0; i < args.nr; i++)
		if (add_arg(&c, args.v[i]))
			goto fail;
	if (c.build && !c.is_git) {
		error("--build needs a git repository; '%s' is not one", c.tree);
		goto fail;
	}
	status = run_checks(&c);
	if (fflush(stdout) || ferror(stdout)) {
		error_errno("cannot write the output");
		status = 2;
	}
	checker_release(&c);
	strvec_clear(&args);
	return status;
fail:
	checker_release(&c);
	strvec_clear(&args);
	return 2;
}

/* --------------------------------------------------------------- send */

struct send_opts {
	const char *tree_opt, *range, *prefix, *outdir;
	int version, rfc, send, force, jobs, no_checkpatch;
	struct strvec to, cc;
};

/* The section T: trees of @q's matched sections, most specific first. */
static void collect_trees(struct maintainers *m, const struct mnt_query *q,
			  struct strvec *trees, struct strvec *names)
{
	size_t i;
	int j;

	for (i = 0; i < q->nr_matched; i++) {
		const struct mnt_section *s = &m->sections[q->matched[i].section];

		if (q->matched[i].by_keyword)
			continue;
		for (j = s->first; j < s->first + s->nr; j++) {
			const struct mnt_entry *e = &m->entries[j];
			size_t k;

			if (e->tag != 'T')
				continue;
			for (k = 0; k < trees->nr; k++)
				if (!strcmp(trees->v[k], e->value))
					break;
			if (k < trees->nr)
				continue;
			strvec_push(trees, e->value);
			strvec_push(names, s->name);
		}
	}
}

/* The recipients of one patch mail, from its own files alone. */
static void patch_recipients(struct maintainers *m, const char *text,
			     size_t len, struct recipients *r,
			     struct strvec *trees, struct strvec *tree_secs)
{
	struct patch p = PATCH_INIT;
	struct commit_msg msg = COMMIT_MSG_INIT;
	struct strbuf name = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf from = STRBUF_INIT;
	struct mnt_query q;
	size_t i, k;

	mnt_query_init(&q);
	q.no_roles = 1;
	patch_parse(text, len, &p);
	for (i = 0; i < p.names.nr; i++) {
		for (k = 0; k < q.files.nr; k++)
			if (!strcmp(q.files.v[k], p.names.v[i]))
				break;
		if (k == q.files.nr)
			strvec_push(&q.files, p.names.v[i]);
	}
	for (i = 0; i < p.nr_lines; i++)
		mnt_keywords_patch_line(m, &q, text + p.lines[i].off,
					p.lines[i].len, p.lines[i].in_diff);
	mnt_query_run(m, &q);
	for (i = 0; i < q.nr_people; i++) {
		const struct mnt_person *pe = &q.people[i];
		int maint = 0;

		if (pe->dropped)
			continue;
		for (k = 0; k < pe->nr_hits; k++)
			maint |= pe->hits[k].role == ROLE_MAINTAINER;
		if (maint && !pe->is_list)
			rcpt_add_to(r, pe->email);
		else
			rcpt_add_cc(r, pe->email);
	}
	if (trees)
		collect_trees(m, &q, trees, tree_secs);
	/* the people the message names: Cc:, Signed-off-by:, *-by: */
	commit_msg_parse(text, len, &msg);
	if (msg.author_email)
		strbuf_addstr(&from, msg.author_email);
	for (i = 0; i < msg.nr_trailers; i++) {
		const struct msg_trailer *t = &msg.trailers[i];
		size_t kl = strlen(t->key);

		if (strcasecmp(t->key, "Cc") &&
		    !(kl > 3 && !strcasecmp(t->key + kl - 3, "-by")))
			continue;
		if (split_ident(t->value, &name, &addr) ||
		    !strcasecmp(addr.buf, from.buf))
			continue;
		rcpt_add_cc(r, t->value);
	}
	commit_msg_release(&msg);
	mnt_query_release(&q);
	patch_release(&p);
	strbuf_release(&name);
	strbuf_release(&addr);
	strbuf_release(&from);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An edited cover letter in @dir from an earlier run: its title, blurb. */
static void old_cover(const char *dir, struct strbuf *title,
		      struct strbuf *blurb, int *found)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct strvec covers = STRVEC_INIT;
	size_t i;

	*found = 0;
	if (!d)
		return;
	while ((de = readdir(d)))
		if (ends_with(de->d_name, "0000-cover-letter.patch"))
			strvec_push(&covers, de->d_name);
	closedir(d);
	if (covers.nr)
		qsort(covers.v, covers.nr, sizeof(char *), cmp_strp);
	for (i = covers.nr; i-- > 0 && !*found;) {
		struct strbuf sb = STRBUF_INIT;
		char *p = xasprintf("%s/%s", dir, covers.v[i]);

		if (!read_file(p, &sb) && !cover_is_template(sb.buf, sb.len) &&
		    !cover_title(sb.buf, sb.len, title) &&
		    !cover_blurb(sb.buf, sb.len, blurb))
			*found = 1;
		strbuf_release(&sb);
		free(p);
	}
	strvec_clear(&covers);
}

static void print_rcpts(FILE *fp, const char *what, const struct strvec *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		fprintf(fp, "    %-3s %s\n", i ? "" : what, v->v[i]);
	if (!v->nr)
		fprintf(fp, "    %-3s (nobody)\n", what);
}

static char *mail_subject(const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t pos = 0;
	int in = 0;
	char *s;

	/* the whole Subject:, tags and all */
	while (pos < len) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;

		if (!n)
			break;
		if (in && (l[0] == ' ' || l[0] == '\t'))
			strbuf_add(&sb, l, n);
		else
			in = n > 8 && !strncasecmp(l, "Subject:", 8);
		if (in && !(l[0] == ' ' || l[0] == '\t'))
			strbuf_add(&sb, l + 9, n - 9);
		pos += n + 1;
	}
	s = strbuf_detach(&sb, NULL);
	return s;
}

static int send_format(struct send_opts *o, const char *tree,
		       const char *dir, size_t nr_commits, const char *prefix,
		       struct strvec *files)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *p;
	int ret = 0;

	strvec_pushl(&cp.args, "git", "-C", tree, "format-patch", "-o", dir,
		     "--thread=shallow", "--no-color", NULL);
	strvec_pushf(&cp.args, "--subject-prefix=%s", prefix);
	if (nr_commits > 1)
		strvec_push(&cp.args, "--cover-letter");
	else
		strvec_push(&cp.args, "--no-cover-letter");
	if (o->version > 1)
		strvec_pushf(&cp.args, "--reroll-count=%d", o->version);
	if (strstr(o->range, ".."))
		strvec_push(&cp.args, o->range);
	else
		strvec_pushl(&cp.args, "-1", o->range, NULL);
	strvec_push(&cp.args, "--");
	if (capture_command(&cp, &out, &err)) {
		strbuf_rtrim(&err);
		ret = error("git format-patch failed: %s", err.buf);
	}
	for (p = out.buf; !ret && *p;) {
		char *nl = strchrnul(p, '\n');

		if (nl > p) {
			char *f = xstrndup(p, (size_t)(nl - p));

			/* relative to the tree when -o was relative */
			if (f[0] != '/') {
				strvec_pushf(files, "%s/%s", tree, f);
				free(f);
			} else {
				strvec_push(files, f);
				free(f);
			}
		}
		p = *nl ? nl + 1 : nl;
	}
	strvec_clear(&cp.args);
	strbuf_release(&out);
	strbuf_release(&err);
	return ret;
}

static int cmd_patch_send(int argc, char **argv)
{
	struct send_opts o = { 0 };
	struct checker c = { 0 };
	struct strvec hashes = STRVEC_INIT, files = STRVEC_INIT;
	struct strvec trees = STRVEC_INIT, tree_secs = STRVEC_INIT;
	struct recipients *rc = NULL, cover = RECIPIENTS_INIT;
	struct strbuf prefix = STRBUF_INIT, sugg = STRBUF_INIT;
	struct strbuf fixes = STRBUF_INIT, title = STRBUF_INIT;
	struct strbuf blurb = STRBUF_INIT, sb = STRBUF_INIT, nsb = STRBUF_INIT;
	struct child_process cp = CHILD_PROCESS_INIT;
	struct maintainers *m;
	char *dir = NULL;
	const char *v;
	size_t i, k, first_patch;
	int status, ret = 1, have_old = 0, cover_tmpl = 0;

	o.jobs = (int)online_cpus();
	for (int a = 1; a < argc; a++) {
		const char *arg = argv[a];

		if (arg[0] != '-' || !arg[1]) {
			if (o.range)
				usage_error(send_usage, "one revision range only "
					    "('%s' and '%s')", o.range, arg);
			o.range = arg;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			return usage_help(send_usage);
		} else if (!strcmp(arg, "--rfc")) {
			o.rfc = 1;
		} else if (!strcmp(arg, "--send")) {
			o.send = 1;
		} else if (!strcmp(arg, "--dry-run") || !strcmp(arg, "-n")) {
			o.send = 0;
		} else if (!strcmp(arg, "--force")) {
			o.force = 1;
		} else if (!strcmp(arg, "--no-checkpatch")) {
			o.no_checkpatch = 1;
		} else if ((v = opt_value(send_usage, argc, argv, &a, "--tree",
					  NULL))) {
			o.tree_opt = v;
		} else if ((v = opt_value(send_usage, argc, argv, &a,
					  "--reroll-count", "-v"))) {
			char *end;
			long n = strtol(v, &end, 10);

			if (!*v || *end || n < 1 || n > 999)
				usage_error(send_usage, "-v takes a version "
					    "number from 1 to 999, not '%s'", v);
			o.version = (int)n;
		} else if ((v = opt_value(send_usage, argc, argv, &a,
					  "--subject-prefix", NULL))) {
			o.prefix = v;
		} else if ((v = opt_value(send_usage, argc, argv, &a, "--to",
					  NULL))) {
			strvec_push(&o.to, v);
		} else if ((v = opt_value(send_usage, argc, argv, &a, "--cc",
					  NULL))) {
			strvec_push(&o.cc, v);
		} else if ((v = opt_value(send_usage, argc, argv, &a,
					  "--output", "-o"))) {
			o.outdir = v;
		} else if ((v = opt_value(send_usage, argc, argv, &a, "--jobs",
					  "-j"))) {
			o.jobs = parse_jobs(send_usage, v);
		} else {
			usage_error(send_usage, "unknown option '%s'", arg);
		}
	}
	if (!o.range)
		o.range = "HEAD";
	c.tree = maintainers_find_tree(o.tree_opt, 1);
	if (!c.tree)
		goto out;
	c.is_git = is_git_tree(c.tree);
	if (!c.is_git) {
		error("'%s' is not a git repository; kdev patch send sends "
		      "commits", c.tree);
		goto out;
	}
	if (list_commits(c.tree, o.range, &hashes))
		goto out;
	/* the check first: errors stop --send */
	c.jobs = o.jobs;
	c.no_checkpatch = o.no_checkpatch;
	c.out = stderr;
	for (i = 0; i < hashes.nr; i++)
		if (add_commit(&c, hashes.v[i]))
			goto out;
	fprintf(stderr, "kdev: checking %zu commit%s (kdev patch check)\n",
		hashes.nr, hashes.nr == 1 ? "" : "s");
	status = run_checks(&c);
	if (status == 2 && o.send && !o.force) {
		error("kdev patch check found errors (above); fix them, or "
		      "pass --force to send anyway");
		ret = 2;
		goto out;
	}
	if (status == 2)
		warning("kdev patch check found errors (above)%s",
			o.send ? "; sending anyway (--force)" :
			"; --send would refuse without --force");
	/* where the patches go */
	if (o.outdir) {
		if (mkdir_p(o.outdir))
			goto out;
		dir = realpath(o.outdir, NULL);
		if (!dir) {
			error_errno("cannot use '%s'", o.outdir);
			goto out;
		}
		old_cover(dir, &title, &blurb, &have_old);
	} else {
		const char *tmp = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/kdev-patch-XXXXXX",
				       tmp && *tmp ? tmp : "/tmp");

		if (!mkdtemp(tmpl)) {
			error_errno("cannot create a directory in '%s'",
				    tmp && *tmp ? tmp : "/tmp");
			free(tmpl);
			goto out;
		}
		dir = tmpl;
	}
	/* the subject prefix */
	if (o.prefix)
		strbuf_addstr(&prefix, o.prefix);
	else
		strbuf_addstr(&prefix, "PATCH");
	if (o.rfc && strncmp(prefix.buf, "RFC", 3)) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "RFC %s", prefix.buf);
		strbuf_reset(&prefix);
		strbuf_addbuf(&prefix, &sb);
	}
	if (send_format(&o, c.tree, dir, hashes.nr, prefix.buf, &files))
		goto out;
	if (!files.nr) {
		error("git format-patch wrote nothing for '%s'", o.range);
		goto out;
	}
	m = get_maintainers(&c);
	if (!m)
		goto out;
	/* each patch's own recipients; the cover letter gets them all */
	first_patch = files.nr > hashes.nr ? 1 : 0;
	rc = xcalloc(files.nr, sizeof(*rc));
	for (i = first_patch; i < files.nr; i++) {
		strbuf_reset(&sb);
		if (read_file(files.v[i], &sb)) {
			error_errno("cannot read '%s'", files.v[i]);
			goto out;
		}
		patch_recipients(m, sb.buf, sb.len, &rc[i], &trees, &tree_secs);
		for (k = 0; k < o.to.nr; k++)
			rcpt_add_to(&rc[i], o.to.v[k]);
		for (k = 0; k < o.cc.nr; k++)
			rcpt_add_cc(&rc[i], o.cc.v[k]);
		rcpt_merge(&cover, &rc[i]);
	}
	if (first_patch)
		rc[0] = cover;
	else
		recipients_release(&cover);
	memset(&cover, 0, sizeof(cover));
	/* write them into the files */
	for (i = 0; i < files.nr; i++) {
		strbuf_reset(&sb);
		strbuf_reset(&nsb);
		if (read_file(files.v[i], &sb)) {
			error_errno("cannot read '%s'", files.v[i]);
			goto out;
		}
		if (i == 0 && first_patch) {
			struct strbuf tmp = STRBUF_INIT;

			cover_rewrite(sb.buf, sb.len, have_old ? title.buf : NULL,
				      have_old ? blurb.buf : NULL, o.version,
				      &tmp);
			if (have_old)
				note("kept the subject and text of the cover "
				     "letter edited in '%s'", dir);
			strbuf_reset(&sb);
			strbuf_addbuf(&sb, &tmp);
			strbuf_release(&tmp);
			cover_tmpl = cover_is_template(sb.buf, sb.len);
		}
		mail_set_recipients(sb.buf, sb.len, &rc[i], &nsb);
		if (write_file_atomic(files.v[i], nsb.buf, nsb.len))
			goto out;
	}
	/* who gets what */
	printf("patches in %s\n", dir);
	for (i = 0; i < files.nr; i++) {
		char *subj;

		strbuf_reset(&sb);
		if (read_file(files.v[i], &sb))
			continue;
		subj = mail_subject(sb.buf, sb.len);
		printf("%s\n  %s\n", strrchr(files.v[i], '/') + 1, subj);
		free(subj);
		print_rcpts(stdout, "To:", &rc[i].to);
		print_rcpts(stdout, "Cc:", &rc[i].cc);
	}
	fflush(stdout);
	if (!o.prefix && suggest_subject_prefix(&trees, &sugg, &fixes)) {
		const char *sec = "";

		for (k = 0; k < trees.nr; k++) {
			strbuf_reset(&sb);
			tree_repo_name(trees.v[k], &sb);
			if (!strcmp(sb.buf, sugg.buf + 6))
				sec = tree_secs.v[k];
		}
		note("suggestion: --subject-prefix '%s' (%s's tree %s takes new "
		     "work%s%s%s)", sugg.buf, sec, sugg.buf + 6,
		     fixes.len ? "; fixes go to '" : "",
		     fixes.len ? fixes.buf : "", fixes.len ? "'" : "");
	}
	if (cover_tmpl && o.send && !o.force) {
		error("the cover letter '%s' still has git's template subject; "
		      "edit it and run again with -o '%s' (its text is kept)",
		      files.v[0], dir);
		ret = 2;
		goto out;
	}
	/* git send-email: the headers in the files say who gets what */
	strvec_pushl(&cp.args, "git", "-C", c.tree, "send-email",
		     "--confirm=never", "--no-chain-reply-to",
		     "--8bit-encoding=UTF-8", "--suppress-cc=author",
		     "--suppress-cc=self", "--suppress-cc=sob",
		     "--suppress-cc=misc-by", "--suppress-cc=bodycc",
		     "--suppress-cc=cccmd", "--no-cc-cover", "--no-to-cover",
		     "--to-cmd=true", NULL);
	if (!o.send)
		strvec_push(&cp.args, "--dry-run");
	if (!o.send || (cover_tmpl && o.force))
		strvec_push(&cp.args, "--force");
	/* no "--": after it send-email takes revisions, not files */
	for (i = 0; i < files.nr; i++)
		strvec_push(&cp.args, files.v[i]);
	cp.in = CHILD_NULL;
	status = run_command(&cp);
	if (status) {
		error("git send-email failed (exit status %d)%s", status,
		      o.send ? "" : " in its dry run");
		goto out;
	}
	if (!o.send)
		note("a dry run: nothing was sent; add --send to send (the "
		     "patches stay in '%s')", dir);
	ret = 0;
out:
	if (rc) {
		for (i = 0; i < files.nr; i++)
			recipients_release(&rc[i]);
		free(rc);
	}
	recipients_release(&cover);
	strvec_clear(&cp.args);
	strvec_clear(&hashes);
	strvec_clear(&files);
	strvec_clear(&trees);
	strvec_clear(&tree_secs);
	strvec_clear(&o.to);
	strvec_clear(&o.cc);
	strbuf_release(&prefix);
	strbuf_release(&sugg);
	strbuf_release(&fixes);
	strbuf_release(&title);
	strbuf_release(&blurb);
	strbuf_release(&sb);
	strbuf_release(&nsb);
	checker_release(&c);
	free(dir);
	return ret;
}

int cmd_patch(int argc, char **argv)
{
	if (argc < 2)
		usage_error(patch_usage, "name a command: check or send");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage_help(patch_usage);
	if (!strcmp(argv[1], "check"))
		return cmd_patch_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "send"))
		return cmd_patch_send(argc - 1, argv + 1);
	usage_error(patch_usage, "'%s' is not a kdev patch command", argv[1]);
}

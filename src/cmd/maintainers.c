// SPDX-License-Identifier: GPL-2.0
/*
 * kdev maintainers: who to send a patch to, and which tree to base it
 * on. The people and lists are those scripts/get_maintainer.pl
 * --no-git --no-git-fallback prints for the same input (same order,
 * same role text); then the subsystems matched, their status and their
 * T:, W:, Q:, B:, C:, P: lines (src/patch/maintainers.h has the rules).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "../patch/diff.h"
#include "../patch/maintainers.h"

/*
 * The parsed MAINTAINERS, kept (reachable, so not a leak) until the
 * process exits; volatile, or the compiler drops the store.
 */
static struct maintainers *volatile kept_maintainers;

static const char maintainers_usage[] =
	"usage: kdev maintainers [options] [PATCH...|FILE...|REV-RANGE|--staged]\n"
	"\n"
	"Who to send a patch to: the maintainers, reviewers and lists\n"
	"scripts/get_maintainer.pl --no-git --no-git-fallback prints for\n"
	"the same input, then the subsystems matched, their status and the\n"
	"git trees to base the work on (on stderr; --sections: on stdout).\n"
	"\n"
	"inputs:\n"
	"   PATCH                a diff or a git format-patch mail ('-': stdin)\n"
	"   FILE, DIR            a path in the tree (its content is searched\n"
	"                        for K: keywords, as get_maintainer -f does)\n"
	"   REV-RANGE            commits of the tree's git repository\n"
	"                        (A..B, or one commit), as format-patch gives them\n"
	"   --staged             the changes staged in the tree (git diff --cached)\n"
	"\n"
	"options:\n"
	"   --tree DIR           the kernel tree (default: the one here or above)\n"
	"   -f, --file           take every argument as a path in the tree\n"
	"   --json               print everything as JSON\n"
	"   --roles              show each address's role (the default)\n"
	"   --no-roles           addresses only, for git send-email --to-cmd\n"
	"   --sections           print the subsystems on stdout, after the people\n"
	"   --no-cache           parse MAINTAINERS and .mailmap, do not use or\n"
	"                        write the index cache (also: KDEV_NO_CACHE=1)\n"
	"   -h, --help           this text\n"
	"\n"
	"'man kdev-maintainers' has more.\n";

struct mopts {
	const char *tree;
	int json, file_mode, no_roles, sections, staged;
	struct strvec args;
};

static void parse_options(struct mopts *o, int argc, char **argv)
{
	int i, dashdash = 0;
	const char *v;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (dashdash || arg[0] != '-' || !arg[1]) {
			strvec_push(&o->args, arg);
		} else if (!strcmp(arg, "--")) {
			dashdash = 1;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			exit(usage_help(maintainers_usage));
		} else if (!strcmp(arg, "--json")) {
			o->json = 1;
		} else if (!strcmp(arg, "-f") || !strcmp(arg, "--file")) {
			o->file_mode = 1;
		} else if (!strcmp(arg, "--roles") || !strcmp(arg, "--rolestats")) {
			o->no_roles = 0;
		} else if (!strcmp(arg, "--no-roles") ||
			   !strcmp(arg, "--norolestats") ||
			   !strcmp(arg, "--no-rolestats")) {
			o->no_roles = 1;
		} else if (!strcmp(arg, "--no-cache")) {
			maintainers_no_cache();
		} else if (!strcmp(arg, "--sections")) {
			o->sections = 1;
		} else if (!strcmp(arg, "--staged") || !strcmp(arg, "--cached")) {
			o->staged = 1;
		} else if (!strcmp(arg, "--tree")) {
			if (i + 1 >= argc)
				usage_error(maintainers_usage,
					    "option '--tree' needs a value");
			o->tree = argv[++i];
		} else if (skip_prefix(arg, "--tree=", &v)) {
			o->tree = v;
		} else {
			usage_error(maintainers_usage, "unknown option '%s'", arg);
		}
	}
}

/*
 * @arg (relative to the current directory) as a path in @tree, "dir/"
 * for a directory. Returns NULL after error() when it is not in the tree.
 */
static char *tree_path(const char *tree, const char *arg)
{
	struct strbuf abs = STRBUF_INIT;
	struct stat st;
	size_t tl = strlen(tree);
	char *rel = NULL, *real = NULL;

	if (stat(arg, &st)) {
		error_errno("cannot use '%s'", arg);
		return NULL;
	}
	if (arg[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			error_errno("cannot get the current directory");
			return NULL;
		}
		strbuf_addf(&abs, "%s/", cwd);
		free(cwd);
	}
	strbuf_addstr(&abs, arg);
	path_normalize(abs.buf);
	strbuf_setlen(&abs, strlen(abs.buf));
	if (strncmp(abs.buf, tree, tl) || (abs.buf[tl] && abs.buf[tl] != '/')) {
		/* the tree named through a symbolic link? */
		real = realpath(arg, NULL);
		if (real && !strncmp(real, tree, tl) && real[tl] == '/') {
			strbuf_reset(&abs);
			strbuf_addstr(&abs, real);
		} else {
			error("'%s' is outside the tree '%s'; give the tree's "
			      "path with --tree DIR", arg, tree);
			goto out;
		}
	}
	if (!abs.buf[tl] || !abs.buf[tl + 1]) {
		error("'%s' is the whole tree; name files or directories in it",
		      arg);
		goto out;
	}
	rel = xasprintf("%s%s", abs.buf + tl + 1, S_ISDIR(st.st_mode) ? "/" : "");
out:
	free(real);
	strbuf_release(&abs);
	return rel;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* get_maintainer's sort_and_uniq(@files) after each patch */
static void sort_uniq(struct strvec *v)
{
	size_t i, j = 0;

	if (!v->nr)
		return;
	qsort(v->v, v->nr, sizeof(char *), cmp_strp);
	for (i = 0; i < v->nr; i++) {
		if (j && !strcmp(v->v[j - 1], v->v[i])) {
			free(v->v[i]);
			continue;
		}
		v->v[j++] = v->v[i];
	}
	v->nr = j;
	v->v[j] = NULL;
}

struct run {
	struct maintainers *m;
	struct mnt_query q;
	char *tree;
	struct strvec patch_files;	/* touched, for JSON */
};

static void add_patch(struct run *r, const char *name, const char *text,
		      size_t len)
{
	struct patch p = PATCH_INIT;
	size_t i;

	patch_parse(text, len, &p);
	if (!p.names.nr)
		warning("'%s' does not look like a patch: no file names in it",
			name);
	for (i = 0; i < p.names.nr; i++)
		strvec_push(&r->q.files, p.names.v[i]);
	for (i = 0; i < p.nr_lines; i++)
		mnt_keywords_patch_line(r->m, &r->q, text + p.lines[i].off,
					p.lines[i].len, p.lines[i].in_diff);
	for (i = 0; i < p.nr_files; i++) {
		const char *f = p.files[i].new_path ? p.files[i].new_path :
				p.files[i].old_path;

		if (f)
			strvec_push(&r->patch_files, f);
	}
	sort_uniq(&r->q.files);
	patch_release(&p);
}

static void add_tree_file(struct run *r, const char *rel)
{
	strvec_push(&r->q.files, rel);
	if (strcmp(rel, "MAINTAINERS") && !ends_with(rel, "/")) {
		char *path = xasprintf("%s/%s", r->tree, rel);
		struct file_view v;

		if (is_file(path) && !file_view_open(path, &v)) {
			mnt_keywords_text(r->m, &r->q, v.buf, v.len);
			file_view_close(&v);
		}
		free(path);
	}
}

/* "From <40 hex> Mon Sep 17 00:00:00 2001": format-patch's mbox line */
static int mbox_from(const char *l, size_t n)
{
	size_t i;

	if (n < 46 || memcmp(l, "From ", 5))
		return 0;
	for (i = 5; i < 45; i++)
		if (hexval(l[i]) < 0)
			return 0;
	return l[45] == ' ';
}

/* Each patch of a format-patch --stdout stream, as get_maintainer gets them. */
static void add_mbox(struct run *r, const char *name, const char *text,
		     size_t len)
{
	size_t pos = 0, start = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) + 1 : len - pos;

		if (pos > start && mbox_from(text + pos, n)) {
			add_patch(r, name, text + start, pos - start);
			start = pos;
		}
		pos += n;
	}
	if (len > start)
		add_patch(r, name, text + start, len - start);
}

static int git_capture(const char *tree, struct strbuf *out,
		       struct strbuf *err, ...)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	va_list ap;
	const char *a;
	int ret;

	strvec_pushl(&cp.args, "git", "-C", tree, NULL);
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)))
		strvec_push(&cp.args, a);
	va_end(ap);
	ret = capture_command(&cp, out, err);
	strvec_clear(&cp.args);
	return ret;
}

static int is_git_tree(const char *tree)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int ok;

	if (!have_program("git"))
		return 0;
	ok = !git_capture(tree, &out, &err, "rev-parse", "--is-inside-work-tree",
			  NULL) && starts_with(out.buf, "true");
	strbuf_release(&out);
	strbuf_release(&err);
	return ok;
}

static int add_revs(struct run *r, const char *rev)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *spec = NULL;
	int ret = 0;

	if (!strstr(rev, "..")) {
		/* one commit: that commit alone */
		spec = xasprintf("%s^{commit}", rev);
		if (git_capture(r->tree, &out, &err, "rev-parse", "--verify",
				"--quiet", spec, NULL)) {
			ret = error("'%s' is neither a file nor a commit of the "
				    "tree '%s'", rev, r->tree);
			goto out;
		}
		strbuf_reset(&out);
	}
	if (git_capture(r->tree, &out, &err, "format-patch", "--stdout",
			"--no-color", "--no-signature", "--src-prefix=a/",
			"--dst-prefix=b/", "--no-ext-diff",
			spec ? "-1" : rev, spec ? rev : NULL, NULL)) {
		strbuf_rtrim(&err);
		ret = error("git format-patch '%s' failed in '%s': %s", rev,
			    r->tree, err.len ? err.buf : "no message");
		goto out;
	}
	if (!out.len) {
		ret = error("no commits in '%s'", rev);
		goto out;
	}
	add_mbox(r, rev, out.buf, out.len);
out:
	free(spec);
	strbuf_release(&out);
	strbuf_release(&err);
	return ret;
}

static int add_staged(struct run *r)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int ret = 0;

	if (!is_git_tree(r->tree))
		return error("--staged needs a git repository; '%s' is not one",
			     r->tree);
	if (git_capture(r->tree, &out, &err, "diff", "--cached", "--no-color",
			"--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/",
			NULL)) {
		strbuf_rtrim(&err);
		ret = error("git diff --cached failed in '%s': %s", r->tree,
			    err.buf);
	} else if (!out.len) {
		ret = error("nothing is staged in '%s' (git add first)", r->tree);
	} else {
		add_patch(r, "--staged", out.buf, out.len);
	}
	strbuf_release(&out);
	strbuf_release(&err);
	return ret;
}

static int looks_like_patch_name(const char *s)
{
	return ends_with(s, ".patch") || ends_with(s, ".diff") ||
	       ends_with(s, ".mbox") || ends_with(s, ".eml");
}

static int add_arg(struct run *r, const char *arg, int file_mode)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char *rel;
	int ret = 0;

	if (!strcmp(arg, "-") && !file_mode) {
		if (read_fd(0, &sb))
			ret = error_errno("cannot read the patch on stdin");
		else
			add_mbox(r, "stdin", sb.buf, sb.len);
		strbuf_release(&sb);
		return ret;
	}
	if (stat(arg, &st)) {
		if (errno == ENOENT && !file_mode && is_git_tree(r->tree))
			return add_revs(r, arg);
		return error_errno("cannot open '%s'", arg);
	}
	if (file_mode || S_ISDIR(st.st_mode)) {
		rel = tree_path(r->tree, arg);
		if (!rel)
			return -1;
		add_tree_file(r, rel);
		free(rel);
		return 0;
	}
	if (read_file(arg, &sb)) {
		ret = error_errno("cannot read '%s'", arg);
		strbuf_release(&sb);
		return ret;
	}
	/* a file of the tree is a file, unless it is named like a patch */
	if (!looks_like_patch_name(arg)) {
		char *real = realpath(arg, NULL);
		size_t tl = strlen(r->tree);

		if (real && !strncmp(real, r->tree, tl) && real[tl] == '/') {
			free(real);
			rel = tree_path(r->tree, arg);
			if (rel) {
				add_tree_file(r, rel);
				free(rel);
			} else {
				ret = -1;
			}
			strbuf_release(&sb);
			return ret;
		}
		free(real);
	}
	{
		struct patch p = PATCH_INIT;

		patch_parse(sb.buf, sb.len, &p);
		if (!p.names.nr && !looks_like_patch_name(arg))
			ret = error("'%s' is not a patch (no diff in it) and not "
				    "a file of the tree '%s'", arg, r->tree);
		else
			add_mbox(r, arg, sb.buf, sb.len);
		patch_release(&p);
	}
	strbuf_release(&sb);
	return ret;
}

/* ------------------------------------------------------------- output */

static const char *const tag_names[][2] = {
	{ "T", "tree" }, { "W", "web" }, { "Q", "patchwork" },
	{ "B", "bugs" }, { "C", "chat" }, { "P", "profile" },
};

static int status_is(const char *status, const char *what)
{
	return status && !strcasecmp(status, what);
}

/*
 * The sections, their trees and where to base the work, on @fp; the
 * ORPHAN and OBSOLETE warnings on stderr after them. Each stream gets
 * one write (stderr is not buffered: a line a write() otherwise).
 */
static void print_sections(struct run *r, FILE *fp)
{
	struct maintainers *m = r->m;
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT;
	const char *base = NULL, *base_sec = NULL;
	size_t i;
	int j, t;

	if (!r->q.nr_matched)
		return;
	strbuf_addstr(&out, "subsystems:\n");
	for (i = 0; i < r->q.nr_matched; i++) {
		const struct mnt_section *s = &m->sections[r->q.matched[i].section];

		strbuf_addf(&out, "  %s: %s%s\n", s->name,
			    s->status ? s->status : "(no status)",
			    r->q.matched[i].by_keyword ?
			    " (K: keyword matched)" : "");
		for (t = 0; t < (int)ARRAY_SIZE(tag_names); t++)
			for (j = s->first; j < s->first + s->nr; j++) {
				const struct mnt_entry *e = &m->entries[j];

				if (e->tag != tag_names[t][0][0])
					continue;
				strbuf_addf(&out, "    %s: %s\n",
					    tag_names[t][1], e->value);
				if (e->tag == 'T' && !base) {
					base = e->value;
					base_sec = s->name;
				}
			}
	}
	for (i = 0; i < r->q.nr_matched; i++) {
		const struct mnt_section *s = &m->sections[r->q.matched[i].section];

		if (status_is(s->status, "orphan"))
			strbuf_addf(&warn, "warning: %s is ORPHAN: nobody "
				    "maintains it; the lists above are the "
				    "best bet, and you could offer to take it "
				    "over\n", s->name);
		else if (status_is(s->status, "obsolete"))
			strbuf_addf(&warn, "warning: %s is OBSOLETE: it has "
				    "been replaced; fix bugs only, put new "
				    "work in its replacement\n", s->name);
	}
	if (fp == stderr) {
		strbuf_addbuf(&out, &warn);
		if (base)
			strbuf_addf(&out, "base your work on: %s (%s)\n",
				    base, base_sec);
		fwrite(out.buf, 1, out.len, stderr);
	} else {
		fwrite(out.buf, 1, out.len, fp);
		fflush(fp);
		fwrite(warn.buf, 1, warn.len, stderr);
		if (base)
			fprintf(fp, "base your work on: %s (%s)\n", base,
				base_sec);
	}
	strbuf_release(&out);
	strbuf_release(&warn);
}

static void json_tag_values(struct json_writer *jw, struct maintainers *m,
			    const struct mnt_section *s, char tag,
			    const char *key)
{
	int j;

	json_array_begin(jw, key);
	for (j = s->first; j < s->first + s->nr; j++)
		if (m->entries[j].tag == tag)
			json_string(jw, NULL, m->entries[j].value);
	json_array_end(jw);
}

static const char *role_name(enum mnt_role r)
{
	switch (r) {
	case ROLE_MAINTAINER: return "maintainer";
	case ROLE_REVIEWER: return "reviewer";
	case ROLE_LIST: return "list";
	case ROLE_IN_FILE: return "in file";
	}
	return "?";
}

static void print_json(struct run *r)
{
	struct maintainers *m = r->m;
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	struct strvec seen = STRVEC_INIT;
	size_t i, k;
	int j;

	json_init(&jw, &out, 1);
	json_object_begin(&jw, NULL);
	json_string(&jw, "tree", r->tree);
	json_array_begin(&jw, "files");
	for (i = 0; i < r->q.files.nr; i++)
		json_string(&jw, NULL, r->q.files.v[i]);
	json_array_end(&jw);
	json_array_begin(&jw, "people");
	for (i = 0; i < r->q.nr_people; i++) {
		const struct mnt_person *p = &r->q.people[i];

		if (p->dropped || p->is_list)
			continue;
		json_object_begin(&jw, NULL);
		json_string(&jw, "email", p->email);
		json_string(&jw, "name", p->name);
		json_string(&jw, "address", p->address);
		json_string(&jw, "role", p->role.buf);
		json_array_begin(&jw, "roles");
		for (k = 0; k < p->nr_hits; k++) {
			json_object_begin(&jw, NULL);
			json_string(&jw, "role", role_name(p->hits[k].role));
			if (p->hits[k].section >= 0) {
				const struct mnt_section *s =
					&m->sections[p->hits[k].section];

				json_string(&jw, "section", s->name);
				json_string(&jw, "status", s->status);
			}
			json_object_end(&jw);
		}
		json_array_end(&jw);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_array_begin(&jw, "lists");
	for (i = 0; i < r->q.nr_people; i++) {
		const struct mnt_person *p = &r->q.people[i];

		if (p->dropped || !p->is_list)
			continue;
		json_object_begin(&jw, NULL);
		json_string(&jw, "address", p->email);
		json_string(&jw, "role", p->role.buf);
		json_bool(&jw, "moderated", p->list_kind == 1);
		json_array_begin(&jw, "sections");
		for (k = 0; k < p->nr_hits; k++)
			if (p->hits[k].section >= 0)
				json_string(&jw, NULL,
					    m->sections[p->hits[k].section].name);
		json_array_end(&jw);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_array_begin(&jw, "sections");
	for (i = 0; i < r->q.nr_matched; i++) {
		const struct mnt_matched *mm = &r->q.matched[i];
		const struct mnt_section *s = &m->sections[mm->section];

		json_object_begin(&jw, NULL);
		json_string(&jw, "name", s->name);
		if (s->status)
			json_string(&jw, "status", s->status);
		else
			json_null(&jw, "status");
		json_bool(&jw, "orphan", status_is(s->status, "orphan"));
		json_bool(&jw, "obsolete", status_is(s->status, "obsolete"));
		json_string(&jw, "matched_by", mm->by_keyword ? "keyword" : "files");
		if (mm->by_keyword)
			json_null(&jw, "depth");
		else
			json_int(&jw, "depth", mm->depth);
		json_array_begin(&jw, "files");
		for (k = 0; k < mm->files.nr; k++)
			json_string(&jw, NULL, mm->files.v[k]);
		json_array_end(&jw);
		json_tag_values(&jw, m, s, 'M', "maintainers");
		json_tag_values(&jw, m, s, 'R', "reviewers");
		json_tag_values(&jw, m, s, 'L', "lists");
		json_tag_values(&jw, m, s, 'T', "trees");
		json_tag_values(&jw, m, s, 'W', "web");
		json_tag_values(&jw, m, s, 'Q', "patchwork");
		json_tag_values(&jw, m, s, 'B', "bugs");
		json_tag_values(&jw, m, s, 'C', "chat");
		json_tag_values(&jw, m, s, 'P', "profile");
		json_string(&jw, "source", m->paths.v[s->file]);
		json_int(&jw, "line", s->line);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	/* every T: once, most specific section first */
	json_array_begin(&jw, "trees");
	for (i = 0; i < r->q.nr_matched; i++) {
		const struct mnt_section *s = &m->sections[r->q.matched[i].section];

		for (j = s->first; j < s->first + s->nr; j++) {
			const struct mnt_entry *e = &m->entries[j];

			if (e->tag != 'T')
				continue;
			for (k = 0; k < seen.nr; k++)
				if (!strcmp(seen.v[k], e->value))
					break;
			if (k < seen.nr)
				continue;
			strvec_push(&seen, e->value);
			json_object_begin(&jw, NULL);
			json_string(&jw, "tree", e->value);
			json_string(&jw, "section", s->name);
			json_object_end(&jw);
		}
	}
	json_array_end(&jw);
	json_object_end(&jw);
	strbuf_addch(&out, '\n');
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	strvec_clear(&seen);
}

int cmd_maintainers(int argc, char **argv)
{
	struct mopts o = { 0 };
	struct run r = { 0 };
	struct strbuf out = STRBUF_INIT;
	size_t i;
	int ret = 0;

	parse_options(&o, argc, argv);
	if (!o.args.nr && !o.staged) {
		if (isatty(0))
			usage_error(maintainers_usage,
				    "name a patch, a file or a revision range "
				    "(or --staged)");
		strvec_push(&o.args, "-");
	}
	if (o.staged && o.args.nr)
		usage_error(maintainers_usage,
			    "--staged takes no other patch, file or range");
	r.tree = maintainers_find_tree(o.tree, 0);
	if (!r.tree) {
		strvec_clear(&o.args);
		return 1;
	}
	r.m = maintainers_load(r.tree, NULL);
	if (!r.m) {
		free(r.tree);
		strvec_clear(&o.args);
		return 1;
	}
	if (maintainers_read_mailmap(r.m))
		ret = 1;
	mnt_query_init(&r.q);
	r.q.no_roles = o.no_roles;
	if (o.staged && add_staged(&r))
		ret = 1;
	for (i = 0; i < o.args.nr; i++)
		if (add_arg(&r, o.args.v[i], o.file_mode))
			ret = 1;
	if (!ret) {
		mnt_query_run(r.m, &r.q);
		if (o.json) {
			print_json(&r);
		} else {
			mnt_query_print(&r.q, &out);
			fwrite(out.buf, 1, out.len, stdout);
			if (o.sections) {
				fflush(stdout);
				print_sections(&r, stdout);
			} else {
				fflush(stdout);
				print_sections(&r, stderr);
			}
		}
	}
	if (fflush(stdout) || ferror(stdout))
		ret = error_errno("cannot write the output");
	strbuf_release(&out);
	mnt_query_release(&r.q);
	strvec_clear(&r.patch_files);
	/*
	 * A parsed MAINTAINERS is thousands of small blocks; freeing them
	 * is 6% of a one-file run and the process ends here anyway. A
	 * pointer kept in a static leaves them reachable, not leaked. One
	 * loaded from the index cache has its arrays in the mapping: little
	 * to free, and the regexes compiled on the way would be reachable
	 * only from there, which the leak checker does not look at.
	 */
	if (r.m && r.m->in_map)
		maintainers_free(r.m);
	else
		kept_maintainers = r.m;
	free(r.tree);
	strvec_clear(&o.args);
	return ret;
}

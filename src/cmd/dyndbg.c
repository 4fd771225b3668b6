// SPDX-License-Identifier: GPL-2.0
/*
 * kdev dyndbg: the kernel's dynamic debug from the command line. Queries
 * are checked by src/debug/dyndbg.c before they are written; the control
 * file is read before and after to say what matched and what changed;
 * debugfs is mounted for the command when it is not, and unmounted again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../debug/dyndbg.h"
#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

#define DEBUGFS_DIR "/sys/kernel/debug"
#define PROC_CONTROL "/proc/dynamic_debug/control"

static const char dyndbg_usage[] =
	"usage: kdev dyndbg [options] QUERY...\n"
	"       kdev dyndbg list [--json] [FILTER...]\n"
	"       kdev dyndbg reset\n"
	"       kdev dyndbg --level LEVEL|restore\n"
	"       kdev dyndbg --print-boot QUERY...\n"
	"\n"
	"Change which pr_debug()/dev_dbg() callsites print, with the kernel's\n"
	"query language: 'module ip_set +p', 'file net/* line 10-20 +pfl',\n"
	"'format \"bar\" -p'; several queries separated by ';'. The query is\n"
	"checked first; then it says how many callsites matched and changed.\n"
	"\n"
	"   list [FILTER]    the callsites (flags, file:line, module, function,\n"
	"                    format); FILTER: the same terms without the flags\n"
	"   reset            turn every flag off (=_)\n"
	"   --level LEVEL    set the console log level (1-15, or emerg, alert,\n"
	"                    crit, err, warning, notice, info, debug = 8) and\n"
	"                    remember the old one; --level restore puts it back\n"
	"   --print-boot     print the boot parameter (dyndbg=\"...\" or\n"
	"                    MODULE.dyndbg=...) and, for a module not loaded,\n"
	"                    the modprobe command; change nothing\n"
	"   --json           list: print JSON\n"
	"   --control FILE   the control file (default: <debugfs>/dynamic_debug/\n"
	"                    control, else " PROC_CONTROL ")\n"
	"   -n, --dry-run    print what would be written where; write nothing\n"
	"   -h, --help       this text\n"
	"\n"
	"A word like -p is a flags change, not an option; put options first\n"
	"or after '--' ends them.\n";

struct dd_opts {
	const char *control;	/* --control */
	const char *level;
	int print_boot, json, dry_run;
	struct strvec words;
};

/* Where the control file is, and whether we mounted debugfs for it. */
struct control {
	char path[PATH_MAX];
	int mounted;		/* we mounted debugfs on DEBUGFS_DIR */
	int would_mount;	/* dry run: we would have */
};

/* ---- argv to query text ---- */

static int is_keyword(const char *s)
{
	static const char *const kw[] = {
		"func", "file", "module", "format", "class", "line",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kw); i++)
		if (!strcmp(s, kw[i]))
			return 1;
	return 0;
}

/*
 * Words from the command line: a value after a keyword that holds
 * whitespace was quoted in the shell and is quoted again here; any other
 * argument with whitespace is query text of its own (one or more
 * queries) and ends the query before it.
 */
static void join_words(char *const *w, size_t n, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int space = strpbrk(w[i], " \t") != NULL;

		if (space && i && is_keyword(w[i - 1]) && !strchr(w[i], '\n') &&
		    !strchr(w[i], ';') &&
		    (!strchr(w[i], '\'') || !strchr(w[i], '"'))) {
			char q = strchr(w[i], '\'') ? '"' : '\'';

			strbuf_addf(out, " %c%s%c", q, w[i], q);
		} else if (space || strchr(w[i], '\n') || strchr(w[i], ';')) {
			if (out->len)
				strbuf_addch(out, '\n');
			strbuf_addstr(out, w[i]);
			strbuf_addch(out, '\n');
		} else {
			if (out->len && out->buf[out->len - 1] != '\n')
				strbuf_addch(out, ' ');
			strbuf_addstr(out, w[i]);
		}
	}
}

/* ---- finding the control file ---- */

static int debugfs_mount_point(char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *save = NULL;
	int found = 0;

	if (read_file("/proc/self/mounts", &sb)) {
		strbuf_release(&sb);
		return 0;
	}
	for (line = strtok_r(sb.buf, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char dev[256], dir[PATH_MAX], type[64];

		if (sscanf(line, "%255s %4095s %63s", dev, dir, type) == 3 &&
		    !strcmp(type, "debugfs") && strlen(dir) < n) {
			strcpy(buf, dir);
			found = 1;
		}
	}
	strbuf_release(&sb);
	return found;
}

/* CONFIG_DYNAMIC_DEBUG of the running kernel: 1, 0, -1 unknown */
static int config_says(struct strbuf *where)
{
	struct strbuf cfg = STRBUF_INIT;
	struct utsname u;
	int ret = -1;

	if (is_file("/proc/config.gz")) {
		struct child_process cp = CHILD_PROCESS_INIT;

		strvec_pushl(&cp.args, "gzip", "-dc", "/proc/config.gz", NULL);
		cp.err = CHILD_NULL;
		if (capture_command(&cp, &cfg, NULL))
			strbuf_reset(&cfg);
		else
			strbuf_addstr(where, "/proc/config.gz");
	}
	if (!cfg.len && !uname(&u)) {
		char *p = xasprintf("/boot/config-%s", u.release);

		if (!read_file(p, &cfg))
			strbuf_addstr(where, p);
		free(p);
	}
	if (cfg.len) {
		if (strstr(cfg.buf, "\nCONFIG_DYNAMIC_DEBUG=y"))
			ret = 1;
		else
			ret = 0;
	}
	strbuf_release(&cfg);
	return ret;
}

static void no_dyndbg(const char *what)
{
	struct strbuf where = STRBUF_INIT;
	int cfg = config_says(&where);

	if (cfg == 0)
		error("this kernel has no dynamic debug: CONFIG_DYNAMIC_DEBUG "
		      "is not set in %s (and %s does not exist)", where.buf,
		      what);
	else if (cfg == 1)
		error("no dynamic debug control file: %s does not exist, "
		      "although %s has CONFIG_DYNAMIC_DEBUG=y; is debugfs or "
		      "/proc mounted?", what, where.buf);
	else
		error("no dynamic debug control file: %s does not exist; "
		      "the kernel needs CONFIG_DYNAMIC_DEBUG=y", what);
	if (cfg != 1)
		note("build a kernel with it: 'kdev config preset debug' (or "
		     "'kdev config enable DYNAMIC_DEBUG'), then 'kdev build'");
	strbuf_release(&where);
}

static int find_control(const struct dd_opts *o, struct control *c)
{
	char mnt[PATH_MAX - 64];

	memset(c, 0, sizeof(*c));
	if (o->control) {
		if (access(o->control, F_OK)) {
			no_dyndbg(o->control);
			return -1;
		}
		snprintf(c->path, sizeof(c->path), "%s", o->control);
		return 0;
	}
	if (debugfs_mount_point(mnt, sizeof(mnt))) {
		snprintf(c->path, sizeof(c->path), "%s/dynamic_debug/control",
			 mnt);
		if (!access(c->path, F_OK))
			return 0;
	} else if (o->dry_run) {
		c->would_mount = 1;
		snprintf(c->path, sizeof(c->path),
			 DEBUGFS_DIR "/dynamic_debug/control");
		return 0;
	} else if (!mount("debugfs", DEBUGFS_DIR, "debugfs", 0, NULL)) {
		c->mounted = 1;
		snprintf(c->path, sizeof(c->path),
			 DEBUGFS_DIR "/dynamic_debug/control");
		if (!access(c->path, F_OK))
			return 0;
		umount2(DEBUGFS_DIR, 0);
		c->mounted = 0;
	}
	if (!access(PROC_CONTROL, F_OK)) {
		snprintf(c->path, sizeof(c->path), PROC_CONTROL);
		return 0;
	}
	no_dyndbg(DEBUGFS_DIR "/dynamic_debug/control");
	return -1;
}

static void release_control(struct control *c)
{
	if (c->mounted && umount2(DEBUGFS_DIR, 0))
		warning("cannot unmount the debugfs kdev mounted on "
			DEBUGFS_DIR ": %s", strerror(errno));
	c->mounted = 0;
}

static int read_sites(const char *path, struct dd_sites *s)
{
	struct strbuf sb = STRBUF_INIT;
	int bad;

	if (read_file(path, &sb)) {
		error_errno("cannot read '%s'", path);
		if (errno == EACCES || errno == EPERM)
			note("run it as root");
		strbuf_release(&sb);
		return -1;
	}
	bad = dd_parse_control(sb.buf, sb.len, s);
	if (bad)
		warning("%d line%s of '%s' did not parse", bad,
			bad == 1 ? "" : "s", path);
	strbuf_release(&sb);
	return 0;
}

static int write_query(const char *path, const char *q, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		error_errno("cannot open '%s' for writing", path);
		if (errno == EACCES || errno == EPERM)
			note("run it as root");
		return -1;
	}
	n = write(fd, q, len);
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		error_errno("the kernel refused '%.*s' in '%s'", (int)len, q,
			    path);
		note("'dmesg | grep dyndbg' shows why");
		return -1;
	}
	close(fd);
	return 0;
}

/* ---- suggestions ---- */

static void collect(const struct dd_sites *s, enum dd_key k,
		    struct strvec *names)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		const struct dd_site *x = &s->v[i];
		const char *b;

		switch (k) {
		case DD_MODULE:
			if (!names->nr || strcmp(names->v[names->nr - 1],
						 x->module))
				strvec_push(names, x->module);
			break;
		case DD_FUNC:
			if (!names->nr || strcmp(names->v[names->nr - 1],
						 x->func))
				strvec_push(names, x->func);
			break;
		case DD_FILE:
			if (names->nr && !strcmp(names->v[names->nr - 1],
						 x->file))
				break;
			b = strrchr(x->file, '/');
			if (b)
				strvec_push(names, b + 1);
			strvec_push(names, x->file);
			break;
		default:
			break;
		}
	}
}

static void explain_no_match(const struct dd_query *q,
			     const struct dd_sites *s)
{
	static const enum dd_key keys[] = {
		DD_MODULE, DD_FILE, DD_FUNC, DD_FORMAT, DD_CLASS, DD_LINE,
	};
	size_t i, j;
	int alone_fails = 0;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		enum dd_key k = keys[i];
		struct strvec names = STRVEC_INIT, sugg = STRVEC_INIT;
		struct strbuf sb = STRBUF_INIT;
		int any = 0;

		if (!q->val[k])
			continue;
		for (j = 0; j < s->nr && !any; j++)
			any = dd_match_key(q, k, &s->v[j]);
		if (any)
			continue;
		alone_fails = 1;
		collect(s, k, &names);
		dd_suggest(q->val[k], names.v, names.nr, 3, &sugg);
		for (j = 0; j < sugg.nr; j++)
			strbuf_addf(&sb, "%s%s", j ? ", " : "", sugg.v[j]);
		if (sugg.nr)
			note("no callsite has %s '%s'; did you mean %s?",
			     dd_key_name(k), q->val[k], sb.buf);
		else
			note("no callsite has %s '%s'", dd_key_name(k),
			     q->val[k]);
		if (k == DD_MODULE && !sugg.nr)
			note("a module not loaded yet has no callsites: "
			     "'kdev dyndbg --print-boot ...' prints the "
			     "modprobe and boot parameter forms");
		strvec_clear(&names);
		strvec_clear(&sugg);
		strbuf_release(&sb);
	}
	if (!alone_fails && q->val[DD_CLASS] == NULL)
		note("each term matches callsites, but no callsite matches "
		     "them all");
}

/* ---- the commands ---- */

static void query_str(const char *text, const struct dd_query *q,
		      struct strbuf *sb)
{
	strbuf_add(sb, text + q->start, q->end - q->start);
}

static int same_site(const struct dd_site *a, const struct dd_site *b)
{
	return a->line == b->line && !strcmp(a->file, b->file) &&
	       !strcmp(a->module, b->module) && !strcmp(a->func, b->func) &&
	       !strcmp(a->format, b->format);
}

/* Flags of @s in @after, or -1 when it is gone. @hint: index to try. */
static long flags_after(const struct dd_sites *after, const struct dd_site *s,
			size_t hint)
{
	size_t i;

	if (hint < after->nr && same_site(&after->v[hint], s))
		return after->v[hint].flags;
	for (i = 0; i < after->nr; i++)
		if (same_site(&after->v[i], s))
			return after->v[i].flags;
	return -1;
}

static int run_queries(const struct dd_opts *o, const char *text,
		       const struct dd_queries *qs)
{
	struct dd_sites before = { 0 }, after = { 0 };
	struct control c;
	size_t i, j;
	int ret = 0, *ok;

	if (find_control(o, &c))
		return 1;
	if (c.would_mount && !access(PROC_CONTROL, R_OK))
		read_sites(PROC_CONTROL, &before);	/* counts for -n */
	else if (!c.would_mount && read_sites(c.path, &before)) {
		release_control(&c);
		return 1;
	}
	ok = xcalloc(qs->nr, sizeof(*ok));
	for (i = 0; i < qs->nr; i++) {
		const struct dd_query *q = &qs->v[i];
		struct strbuf qt = STRBUF_INIT;
		size_t matched = 0, change = 0;

		query_str(text, q, &qt);
		for (j = 0; j < before.nr; j++)
			if (dd_match(q, &before.v[j])) {
				matched++;
				change += dd_apply(q, before.v[j].flags) !=
					  before.v[j].flags;
			}
		if (o->dry_run) {
			printf("would write '%s' to %s%s: %zu callsite%s "
			       "match, %zu would change\n", qt.buf, c.path,
			       c.would_mount ? " (after mounting debugfs on "
			       DEBUGFS_DIR ")" : "", matched,
			       matched == 1 ? "" : "s", change);
		} else if (!matched) {
			error("no callsite matches '%s' (%zu callsites in %s)",
			      qt.buf, before.nr, c.path);
			explain_no_match(q, &before);
			ret = 1;
		} else if (write_query(c.path, qt.buf, qt.len)) {
			ret = 1;
		} else {
			ok[i] = 1;
		}
		strbuf_release(&qt);
	}
	if (!o->dry_run && !read_sites(c.path, &after)) {
		for (i = 0; i < qs->nr; i++) {
			const struct dd_query *q = &qs->v[i];
			struct strbuf qt = STRBUF_INIT;
			size_t matched = 0, changed = 0;

			if (!ok[i])
				continue;
			query_str(text, q, &qt);
			for (j = 0; j < before.nr; j++) {
				long f;

				if (!dd_match(q, &before.v[j]))
					continue;
				matched++;
				f = flags_after(&after, &before.v[j], j);
				changed += f >= 0 && (unsigned long)f !=
					   before.v[j].flags;
			}
			printf("%s: %zu callsite%s matched, %zu changed\n",
			       qt.buf, matched, matched == 1 ? "" : "s",
			       changed);
			strbuf_release(&qt);
		}
	}
	free(ok);
	dd_sites_clear(&before);
	dd_sites_clear(&after);
	release_control(&c);
	return ret;
}

static void print_c_string(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '\n')
			strbuf_addstr(sb, "\\n");
		else if (ch == '\t')
			strbuf_addstr(sb, "\\t");
		else if (ch == '"' || ch == '\\')
			strbuf_addf(sb, "\\%c", ch);
		else if (ch < ' ' || ch == 127)
			strbuf_addf(sb, "\\%03o", ch);
		else
			strbuf_addch(sb, (char)ch);
	}
	strbuf_addch(sb, '"');
}

static int dd_list(const struct dd_opts *o, const char *text,
		    const struct dd_queries *qs)
{
	struct dd_sites s = { 0 };
	struct control c;
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	size_t i, j, shown = 0, wloc = 0, wmod = 0, wfn = 0;
	char **loc;
	int ret = 0;

	if (find_control(o, &c))
		return 1;
	if (c.would_mount) {	/* --dry-run: listing changes nothing */
		struct dd_opts o2 = *o;

		o2.dry_run = 0;
		if (find_control(&o2, &c))
			return 1;
	}
	if (read_sites(c.path, &s)) {
		release_control(&c);
		return 1;
	}
	release_control(&c);
	loc = xcalloc(s.nr + 1, sizeof(*loc));
	for (i = 0; i < s.nr; i++) {
		int m = 1;

		for (j = 0; j < qs->nr && m; j++)
			m = dd_match(&qs->v[j], &s.v[i]);
		if (!m)
			continue;
		loc[i] = xasprintf("%s:%u", s.v[i].file, s.v[i].line);
		shown++;
		if (strlen(loc[i]) > wloc)
			wloc = strlen(loc[i]);
		if (strlen(s.v[i].module) > wmod)
			wmod = strlen(s.v[i].module);
		if (strlen(s.v[i].func) > wfn)
			wfn = strlen(s.v[i].func);
	}
	if (wloc > 48)
		wloc = 48;
	if (wfn > 32)
		wfn = 32;
	if (o->json) {
		json_init(&jw, &out, 1);
		json_array_begin(&jw, NULL);
	}
	for (i = 0; i < s.nr; i++) {
		const struct dd_site *x = &s.v[i];
		char fl[8];

		if (!loc[i])
			continue;
		dd_flags_str(x->flags, fl);
		if (o->json) {
			json_object_begin(&jw, NULL);
			json_string(&jw, "flags", fl);
			json_string(&jw, "file", x->file);
			json_int(&jw, "line", x->line);
			json_string(&jw, "module", x->module);
			json_string(&jw, "function", x->func);
			json_string(&jw, "format", x->format);
			if (x->class)
				json_string(&jw, "class", x->class);
			json_object_end(&jw);
		} else {
			strbuf_addf(&out, "=%-5s %-*s %-*s %-*s ", fl,
				    (int)wloc, loc[i], (int)wmod, x->module,
				    (int)wfn, x->func);
			print_c_string(&out, x->format);
			if (x->class)
				strbuf_addf(&out, " class:%s", x->class);
			strbuf_addch(&out, '\n');
		}
		if (out.len > 65536) {
			fwrite(out.buf, 1, out.len, stdout);
			strbuf_reset(&out);
		}
	}
	if (o->json) {
		json_array_end(&jw);
		strbuf_addch(&out, '\n');
	}
	fwrite(out.buf, 1, out.len, stdout);
	if (!shown && qs->nr) {
		struct strbuf qt = STRBUF_INIT;

		for (j = 0; j < qs->nr; j++)
			query_str(text, &qs->v[j], &qt);
		error("no callsite matches '%s' (%zu callsites)", qt.buf, s.nr);
		for (j = 0; j < qs->nr; j++)
			explain_no_match(&qs->v[j], &s);
		strbuf_release(&qt);
		ret = 1;
	}
	for (i = 0; i < s.nr; i++)
		free(loc[i]);
	free(loc);
	strbuf_release(&out);
	dd_sites_clear(&s);
	return ret;
}

static int dd_reset(const struct dd_opts *o)
{
	struct dd_sites before = { 0 }, after = { 0 };
	struct control c;
	size_t i, on = 0, changed = 0;
	int ret = 0;

	if (find_control(o, &c))
		return 1;
	if (read_sites(c.path, &before)) {
		release_control(&c);
		return 1;
	}
	for (i = 0; i < before.nr; i++)
		on += before.v[i].flags != 0 && !before.v[i].class;
	if (o->dry_run) {
		printf("would write '=_' to %s%s: %zu callsite%s with flags "
		       "would be turned off\n", c.path, c.would_mount ?
		       " (after mounting debugfs on " DEBUGFS_DIR ")" : "",
		       on, on == 1 ? "" : "s");
	} else if (write_query(c.path, "=_", 2) ||
		   read_sites(c.path, &after)) {
		ret = 1;
	} else {
		for (i = 0; i < before.nr; i++) {
			long f = flags_after(&after, &before.v[i], i);

			changed += f >= 0 && (unsigned long)f !=
				   before.v[i].flags;
		}
		printf("reset: %zu callsite%s had flags, %zu turned off\n",
		       on, on == 1 ? "" : "s", changed);
	}
	dd_sites_clear(&before);
	dd_sites_clear(&after);
	release_control(&c);
	return ret;
}

/* ---- --print-boot ---- */

static int module_loaded(const char *name)
{
	struct strbuf p = STRBUF_INIT, b = STRBUF_INIT, pat = STRBUF_INIT;
	struct utsname u;
	char *norm = xstrdup(name), *s;
	int ret;

	for (s = norm; *s; s++)
		if (*s == '-')
			*s = '_';
	strbuf_addf(&p, "/sys/module/%s", norm);
	ret = is_dir(p.buf);
	/* built in: in modules.builtin (with - or _) */
	if (!ret && !uname(&u)) {
		strbuf_reset(&p);
		strbuf_addf(&p, "/lib/modules/%s/modules.builtin", u.release);
		if (!read_file(p.buf, &b)) {
			for (s = b.buf; *s; s++)
				if (*s == '-')
					*s = '_';
			strbuf_addf(&pat, "/%s.ko\n", norm);
			ret = strstr(b.buf, pat.buf) != NULL;
		}
	}
	free(norm);
	strbuf_release(&p);
	strbuf_release(&b);
	strbuf_release(&pat);
	return ret;
}

static int print_boot(const char *text, const struct dd_queries *qs)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < qs->nr; i++) {
		const struct dd_query *q = &qs->v[i];
		struct strbuf sb = STRBUF_INIT;
		const char *mod = q->val[DD_MODULE];

		if (dd_boot_param(q, &sb)) {
			error("cannot write '%.*s' as a boot parameter: a "
			      "value has both whitespace and a quote",
			      (int)(q->end - q->start), text + q->start);
			ret = 1;
			strbuf_release(&sb);
			continue;
		}
		printf("%s\n", sb.buf);
		if (mod && !strpbrk(mod, "*?") && !module_loaded(mod)) {
			struct strbuf rest = STRBUF_INIT, line = STRBUF_INIT;
			char *argv[4];

			dd_query_text(q, 1, &rest);
			argv[0] = "modprobe";
			argv[1] = (char *)mod;
			argv[2] = xasprintf("dyndbg=%s", rest.buf);
			argv[3] = NULL;
			quote_argv(&line, argv);
			printf("%s\n", line.buf);
			free(argv[2]);
			strbuf_release(&rest);
			strbuf_release(&line);
		}
		strbuf_release(&sb);
	}
	return ret;
}

/* ---- --level ---- */

static const char *printk_path(void)
{
	const char *p = getenv("KDEV_PRINTK");

	return p && *p ? p : "/proc/sys/kernel/printk";
}

static char *state_path(void)
{
	const char *d = getenv("KDEV_STATE_DIR");

	return xasprintf("%s/printk-level", d && *d ? d : "/run/kdev");
}

static int read_level(const char *path, int *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ok;

	if (read_file(path, &sb)) {
		strbuf_release(&sb);
		return error_errno("cannot read '%s'", path);
	}
	ok = sscanf(sb.buf, "%d", out) == 1;
	strbuf_release(&sb);
	if (!ok)
		return error("'%s' does not start with a number", path);
	return 0;
}

static int write_level(const char *path, int level)
{
	char buf[16];
	int fd = open(path, O_WRONLY | O_CLOEXEC), n;

	n = snprintf(buf, sizeof(buf), "%d\n", level);
	if (fd < 0 || write(fd, buf, (size_t)n) != n) {
		error_errno("cannot write the console log level to '%s'", path);
		if (errno == EACCES || errno == EPERM)
			note("run it as root");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd) ? error_errno("cannot write '%s'", path) : 0;
}

static int set_level(const struct dd_opts *o)
{
	const char *pk = printk_path();
	char *st = state_path();
	int old, lvl, ret = 1;

	if (read_level(pk, &old))
		goto out;
	if (!strcmp(o->level, "restore")) {
		if (read_level(st, &lvl)) {
			note("nothing to restore: kdev saves the old level in "
			     "%s when --level changes it", st);
			goto out;
		}
		if (o->dry_run) {
			printf("would write %d to %s and remove %s\n", lvl, pk,
			       st);
			ret = 0;
			goto out;
		}
		if (write_level(pk, lvl))
			goto out;
		unlink(st);
		printf("console log level %d (was %d)\n", lvl, old);
		ret = 0;
		goto out;
	}
	lvl = dd_console_level(o->level);
	if (o->dry_run) {
		printf("would write %d to %s (now %d)\n", lvl, pk, old);
		ret = 0;
		goto out;
	}
	/* the first level kdev changed is the one restore goes back to */
	if (access(st, F_OK)) {
		char *dir = xstrdup(st), buf[16];
		int n = snprintf(buf, sizeof(buf), "%d\n", old);

		*strrchr(dir, '/') = '\0';
		if (mkdir_p(dir) || write_file_atomic(st, buf, (size_t)n)) {
			free(dir);
			goto out;
		}
		free(dir);
	}
	if (write_level(pk, lvl))
		goto out;
	printf("console log level %d (was %d)\n", lvl, old);
	note("'kdev dyndbg --level restore' puts back the level before kdev "
	     "changed it");
	ret = 0;
out:
	free(st);
	return ret;
}

/* ---- options ---- */

static const char *opt_value(char **argv, int argc, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc)
		usage_error(dyndbg_usage, "option '%s' needs a value", name);
	return argv[++*i];
}

static int is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(a, name, n) && (a[n] == '\0' || a[n] == '=');
}

int cmd_dyndbg(int argc, char **argv)
{
	struct dd_opts o = { 0 };
	struct strbuf text = STRBUF_INIT;
	struct dd_queries qs = { 0 };
	struct dd_error err;
	const char *sub = NULL;
	int i, ret = 0, dashdash = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1] ||
		    (a[1] != '-' && strcmp(a, "-n") && strcmp(a, "-h"))) {
			if (!o.words.nr && !sub &&
			    (!strcmp(a, "list") || !strcmp(a, "reset")))
				sub = a;
			else
				strvec_push(&o.words, a);
		} else if (!strcmp(a, "--")) {
			dashdash = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			strvec_clear(&o.words);
			return usage_help(dyndbg_usage);
		} else if (!strcmp(a, "-n") || !strcmp(a, "--dry-run")) {
			o.dry_run = 1;
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if (!strcmp(a, "--print-boot")) {
			o.print_boot = 1;
		} else if (is_opt(a, "--control")) {
			o.control = opt_value(argv, argc, &i, "--control");
		} else if (is_opt(a, "--level")) {
			o.level = opt_value(argv, argc, &i, "--level");
			if (strcmp(o.level, "restore") &&
			    dd_console_level(o.level) < 0)
				usage_error(dyndbg_usage, "--level takes 1 to 15, "
					    "a name (emerg, alert, crit, err, "
					    "warning, notice, info, debug) or "
					    "restore, not '%s'", o.level);
		} else {
			usage_error(dyndbg_usage, "unknown option '%.*s'",
				    (int)strcspn(a, "="), a);
		}
	}
	if (o.json && (!sub || strcmp(sub, "list")))
		usage_error(dyndbg_usage, "--json goes with list");
	if (sub && !strcmp(sub, "reset") && o.words.nr)
		usage_error(dyndbg_usage, "reset takes no query");
	if (sub && o.print_boot)
		usage_error(dyndbg_usage, "--print-boot takes a query, not %s",
			    sub);
	if (!sub && !o.words.nr && !o.level)
		usage_error(dyndbg_usage, "no query given");

	join_words(o.words.v, o.words.nr, &text);
	if (o.words.nr && dd_parse(text.buf, sub ? DD_PARSE_FILTER : 0, &qs,
				   &err)) {
		dd_error_print(text.buf, &err, stderr);
		ret = 2;
		goto out;
	}
	if (o.words.nr && !qs.nr) {
		error("no query in '%s' (only comments or blanks)", text.buf);
		ret = 2;
		goto out;
	}
	if (o.print_boot) {
		ret = print_boot(text.buf, &qs);
		goto out;
	}
	if (o.level && set_level(&o))
		ret = 1;
	if (sub && !strcmp(sub, "list"))
		ret |= dd_list(&o, text.buf, &qs);
	else if (sub)
		ret |= dd_reset(&o);
	else if (qs.nr)
		ret |= run_queries(&o, text.buf, &qs);
out:
	dd_queries_clear(&qs);
	strbuf_release(&text);
	strvec_clear(&o.words);
	return ret;
}

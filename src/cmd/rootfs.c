// SPDX-License-Identifier: GPL-2.0
/*
 * kdev rootfs: make a root filesystem for "kdev run --root DIR", a
 * userland apart from the host's. The work is done by the distribution's
 * own tool (mmdebstrap or debootstrap for Debian, pacstrap for Arch);
 * this picks the defaults, guards DIR, and leaves a marker file
 * (DIR/etc/kdev-rootfs) once the tool succeeded, so that running the
 * same command again is a no-op.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

#define MARKER		"etc/kdev-rootfs"
#define DEFAULT_RELEASE	"bookworm"
#define DEFAULT_MIRROR	"http://deb.debian.org/debian"
/* small, and what a kernel test tends to reach for: modprobe, ps, ip */
#define DEBIAN_INCLUDES	"kmod,procps,iproute2,util-linux"

static const char rootfs_usage[] =
	"usage: kdev rootfs create DIR [--distro debian|arch] [options]\n"
	"\n"
	"Make a root filesystem to boot with 'kdev run --root DIR': a userland\n"
	"of its own instead of this machine's.\n"
	"\n"
	"commands:\n"
	"   create DIR   install a minimal Debian or Arch into DIR\n"
	"\n"
	"'kdev rootfs create --help' shows its options.\n";

static const char create_usage[] =
	"usage: kdev rootfs create DIR [--distro debian|arch] [--release NAME]\n"
	"                          [--mirror URL] [--include PKG,...] [--dry-run]\n"
	"\n"
	"Install a minimal distribution into DIR with its own tool: Debian with\n"
	"mmdebstrap (when installed) or debootstrap, variant minbase; Arch with\n"
	"pacstrap. Needs root. DIR must be missing or empty; a DIR this command\n"
	"made before is left as it is.\n"
	"\n"
	"   --distro NAME      debian (default) or arch\n"
	"   --release NAME     Debian release (default: this host's, else\n"
	"                      " DEFAULT_RELEASE ")\n"
	"   --mirror URL       Debian mirror (default: the one apt uses here,\n"
	"                      else " DEFAULT_MIRROR ")\n"
	"   --include PKG,...  more packages, added to the defaults (Debian:\n"
	"                      " DEBIAN_INCLUDES "); may be repeated\n"
	"   -n, --dry-run      print the command that would run, run nothing\n"
	"   -h, --help         this text\n";

struct create {
	const char *dir;
	const char *distro;
	const char *release;
	const char *mirror;
	int release_given;
	int dry_run;
	struct strvec include;
	char **argv;		/* as given: "create" and the rest */
};

/* ---- the host's defaults ---- */

/*
 * The value of KEY in os-release(5) text, unquoted, into @out; "" when
 * absent.
 */
static void os_release_get(const char *text, const char *key, char *out,
			   size_t n)
{
	size_t klen = strlen(key);
	const char *l = text;

	*out = '\0';
	while (*l) {
		const char *nl = strchrnul(l, '\n');

		if ((size_t)(nl - l) > klen && !strncmp(l, key, klen) &&
		    l[klen] == '=') {
			const char *v = l + klen + 1;
			size_t len = (size_t)(nl - v);

			if (len >= 2 && (*v == '"' || *v == '\'') &&
			    v[len - 1] == *v) {
				v++;
				len -= 2;
			}
			if (len >= n)
				len = n - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return;
		}
		l = *nl ? nl + 1 : nl;
	}
}

/* Is the host Debian? Then its codename into @codename ("" if none). */
static int host_is_debian(char *codename, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char id[64];
	int ret = 0;

	*codename = '\0';
	if (!read_file("/etc/os-release", &sb) ||
	    !read_file("/usr/lib/os-release", &sb)) {
		os_release_get(sb.buf, "ID", id, sizeof(id));
		if (!strcmp(id, "debian")) {
			os_release_get(sb.buf, "VERSION_CODENAME", codename, n);
			ret = 1;
		}
	}
	strbuf_release(&sb);
	return ret;
}

static int mirror_ok(const char *url)
{
	return starts_with(url, "http://") || starts_with(url, "https://") ||
	       starts_with(url, "ftp://") || starts_with(url, "file:/");
}

/* Does the blank-separated word list [s, end) hold @word? */
static int has_word(const char *s, const char *end, const char *word)
{
	size_t wl = strlen(word);

	while (s < end) {
		size_t len;

		s += strspn(s, " \t");
		len = strcspn(s, " \t\n");
		if (s + len > end)
			len = (size_t)(end - s);
		if (len == wl && !strncmp(s, word, wl))
			return 1;
		if (!len)
			break;
		s += len;
	}
	return 0;
}

/* The first word of [s, end) into @out. */
static void first_word(const char *s, const char *end, char *out, size_t n)
{
	size_t len;

	s += strspn(s, " \t");
	len = strcspn(s, " \t\n");
	if (s + len > end)
		len = (size_t)(end - s);
	if (len >= n)
		len = 0;
	memcpy(out, s, len);
	out[len] = '\0';
}

/*
 * deb822 sources (/etc/apt/sources.list.d/debian.sources): the first URI
 * of the first enabled "deb" stanza whose Suites list @suite, else of the
 * first enabled "deb" stanza (the security archive comes later).
 */
static void mirror_from_deb822(const char *text, const char *suite,
			       char *out, size_t n)
{
	const char *p = text;
	char first[PATH_MAX] = "";

	*out = '\0';
	while (*p && !*out) {
		char uri[PATH_MAX] = "";
		int deb = 0, disabled = 0, suite_match = 0;

		/* one stanza: lines up to a blank one */
		while (*p) {
			const char *nl = strchrnul(p, '\n');
			const char *v;

			if (nl == p || strspn(p, " \t") == (size_t)(nl - p)) {
				p = *nl ? nl + 1 : nl;
				if (uri[0] || deb)
					break;
				continue;
			}
			v = memchr(p, ':', (size_t)(nl - p));
			if (*p != '#' && v) {
				size_t klen = (size_t)(v - p);

				v++;
				if (klen == 5 && !strncasecmp(p, "Types", 5))
					deb = has_word(v, nl, "deb");
				else if (klen == 4 && !strncasecmp(p, "URIs", 4))
					first_word(v, nl, uri, sizeof(uri));
				else if (klen == 6 && !strncasecmp(p, "Suites", 6))
					suite_match = *suite && has_word(v, nl, suite);
				else if (klen == 7 && !strncasecmp(p, "Enabled", 7))
					disabled = has_word(v, nl, "no");
			}
			p = *nl ? nl + 1 : nl;
		}
		if (!deb || disabled || !mirror_ok(uri))
			continue;
		if (suite_match)
			snprintf(out, n, "%s", uri);
		else if (!first[0])
			snprintf(first, sizeof(first), "%s", uri);
	}
	if (!*out)
		snprintf(out, n, "%s", first);
}

/* One-line sources.list: "deb [options] URI SUITE COMPONENT..." */
static void mirror_from_list(const char *text, const char *suite,
			     char *out, size_t n)
{
	const char *l = text;
	char first[PATH_MAX] = "";

	*out = '\0';
	while (*l && !*out) {
		const char *nl = strchrnul(l, '\n');
		const char *p = l + strspn(l, " \t");
		char uri[PATH_MAX], word[128];

		l = *nl ? nl + 1 : nl;
		if (strncmp(p, "deb", 3) || (p[3] != ' ' && p[3] != '\t'))
			continue;
		p += 3;
		p += strspn(p, " \t");
		if (*p == '[') {
			const char *close = memchr(p, ']', (size_t)(nl - p));

			if (!close)
				continue;
			p = close + 1;
		}
		first_word(p, nl, uri, sizeof(uri));
		if (!mirror_ok(uri))
			continue;
		p += strspn(p, " \t") + strlen(uri);
		first_word(p, nl, word, sizeof(word));
		if (*suite && !strcmp(word, suite))
			snprintf(out, n, "%s", uri);
		else if (!first[0])
			snprintf(first, sizeof(first), "%s", uri);
	}
	if (!*out)
		snprintf(out, n, "%s", first);
}

/* The Debian mirror apt uses on this host, or DEFAULT_MIRROR. */
static void host_mirror(const char *suite, char *out, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	*out = '\0';
	if (!read_file("/etc/apt/sources.list.d/debian.sources", &sb))
		mirror_from_deb822(sb.buf, suite, out, n);
	strbuf_reset(&sb);
	if (!*out && !read_file("/etc/apt/sources.list", &sb))
		mirror_from_list(sb.buf, suite, out, n);
	strbuf_release(&sb);
	/* strip trailing slashes: debootstrap adds its own */
	while (*out && out[strlen(out) - 1] == '/' &&
	       !ends_with(out, "://") && !ends_with(out, ":/"))
		out[strlen(out) - 1] = '\0';
	if (!*out)
		snprintf(out, n, "%s", DEFAULT_MIRROR);
}

/* ---- DIR ---- */

enum dir_state { DIR_MISSING, DIR_EMPTY, DIR_FULL };

static int dir_state(const char *dir, enum dir_state *state)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (stat(dir, &st)) {
		if (errno == ENOENT) {
			*state = DIR_MISSING;
			return 0;
		}
		return error_errno("cannot look at '%s'", dir);
	}
	if (!S_ISDIR(st.st_mode))
		return error("'%s' exists and is not a directory", dir);
	d = opendir(dir);
	if (!d)
		return error_errno("cannot read '%s'", dir);
	*state = DIR_EMPTY;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			*state = DIR_FULL;
			break;
		}
	closedir(d);
	return 0;
}

/* mkdir -p; returns 0 or error(). */
/* "KEY=value" of the marker file into @out ("" if absent). */
static void marker_get(const char *text, const char *key, char *out, size_t n)
{
	os_release_get(text, key, out, n);
}

/*
 * DIR holds a finished root filesystem of ours: 1 when it fits the
 * request (said so), 0 when there is none, -1 when it does not fit.
 */
static int check_marker(const struct create *c)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char distro[64], release[64], date[64];
	int ret = 0;

	strbuf_addf(&path, "%s/" MARKER, c->dir);
	if (!is_file(path.buf) || read_file(path.buf, &text))
		goto out;
	marker_get(text.buf, "distro", distro, sizeof(distro));
	marker_get(text.buf, "release", release, sizeof(release));
	marker_get(text.buf, "date", date, sizeof(date));
	if (strcmp(distro, c->distro)) {
		ret = error("'%s' already holds a root filesystem of %s, not %s",
			    c->dir, *distro ? distro : "an unknown distribution",
			    c->distro);
	} else if (c->release_given && strcmp(release, c->release)) {
		ret = error("'%s' already holds %s %s, not %s", c->dir, distro,
			    *release ? release : "(release unknown)",
			    c->release);
	} else {
		date[strcspn(date, "T")] = '\0';
		note("'%s' is already a root filesystem made by kdev (%s%s%s%s%s); "
		     "nothing to do", c->dir, distro, *release ? " " : "",
		     release, *date ? ", " : "", date);
		ret = 1;
	}
out:
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

/* Does DIR have a /bin/sh, following links inside DIR only? */
static int has_bin_sh(const char *dir)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT,
	};
	struct stat st;
	int root, fd, ok;

	root = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return 0;
	fd = (int)syscall(SYS_openat2, root, "bin/sh", &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)	/* before Linux 5.6 */
		ok = !fstatat(root, "bin/sh", &st, 0) && S_ISREG(st.st_mode);
	else
		ok = fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) &&
		     (st.st_mode & 0111);
	if (fd >= 0)
		close(fd);
	close(root);
	return ok;
}

static int write_marker(const struct create *c, const char *tool)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int ret;

	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	strbuf_addstr(&text, "# made by 'kdev rootfs create'; boot it with "
		      "'kdev run --root DIR'\n");
	strbuf_addf(&text, "distro=%s\n", c->distro);
	if (c->release)
		strbuf_addf(&text, "release=%s\n", c->release);
	if (c->mirror)
		strbuf_addf(&text, "mirror=%s\n", c->mirror);
	strbuf_addstr(&text, "include=");
	for (i = 0; i < c->include.nr; i++)
		strbuf_addf(&text, "%s%s", i ? "," : "", c->include.v[i]);
	strbuf_addf(&text, "\ntool=%s\ndate=%s\n", tool, date);
	strbuf_addf(&path, "%s/" MARKER, c->dir);
	ret = write_file_atomic(path.buf, text.buf, text.len);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

/* ---- running the tool ---- */

static void on_signal(int sig)
{
	(void)sig;	/* only to interrupt waitpid; the child gets it too */
}

/* Run @argv with its output on our stderr; return its exit status. */
static int run_tool(char **argv)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct sigaction sa, old_int, old_quit;
	size_t i;
	int fd, status;

	for (i = 0; argv[i]; i++)
		strvec_push(&cp.args, argv[i]);
	fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
	if (fd < 0) {
		strvec_clear(&cp.args);
		return error_errno("cannot duplicate standard error");
	}
	cp.in = CHILD_NULL;
	cp.out = fd;
	/* Ctrl-C stops the tool; we stay to say what it left behind */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGQUIT, &sa, &old_quit);
	status = run_command(&cp);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	close(fd);
	strvec_clear(&cp.args);
	return status;
}

/* After a failure: say what is in DIR now. */
static void left_behind(const struct create *c, const char *tool, int made)
{
	enum dir_state state;
	struct strbuf log = STRBUF_INIT, q = STRBUF_INIT;
	char *rm[] = { "rm", "-rf", (char *)c->dir, NULL };

	if (dir_state(c->dir, &state))
		return;
	if (state != DIR_FULL) {
		if (made && state == DIR_EMPTY && !rmdir(c->dir))
			note("nothing was left behind");
		else
			note("'%s' is still empty", c->dir);
		return;
	}
	quote_argv(&q, rm);
	strbuf_addf(&log, "%s/debootstrap/debootstrap.log", c->dir);
	if (!strcmp(tool, "debootstrap") && is_file(log.buf))
		note("'%s' holds what %s left behind; its log is '%s'. Remove it "
		     "before trying again: %s", c->dir, tool, log.buf, q.buf);
	else
		note("'%s' holds what %s left behind. Remove it before trying "
		     "again: %s", c->dir, tool, q.buf);
	strbuf_release(&log);
	strbuf_release(&q);
}

static int create(struct create *c)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf line = STRBUF_INIT;
	char real[PATH_MAX], codename[64], mirror[PATH_MAX];
	char *next[] = { "kdev", "run", "--root", (char *)c->dir, "--", "cat",
			 "/etc/os-release", NULL };
	const char *tool;
	enum dir_state state;
	struct timespec t0, t1;
	int debian = !strcmp(c->distro, "debian"), made = 0, ret = 1, status;
	size_t i;

	if (realpath(c->dir, real) && !strcmp(real, "/")) {
		error("refusing to make a root filesystem in '/'");
		return 1;
	}
	if (dir_state(c->dir, &state))
		return 1;
	if (state == DIR_FULL) {
		int m = check_marker(c);

		if (m < 0)
			return 1;
		if (m > 0)
			goto done;
		error("'%s' is not empty; refusing to install into it (give a "
		      "new or empty directory)", c->dir);
		return 1;
	}

	if (debian) {
		int is_debian = host_is_debian(codename, sizeof(codename));

		if (!c->release)
			c->release = is_debian && *codename ? codename :
				     DEFAULT_RELEASE;
		if (!c->mirror) {
			if (is_debian) {
				host_mirror(c->release, mirror, sizeof(mirror));
				c->mirror = mirror;
			} else {
				c->mirror = DEFAULT_MIRROR;
			}
		}
		tool = have_program("mmdebstrap") ? "mmdebstrap" : "debootstrap";
		strbuf_addstr(&line, "--include=");
		for (i = 0; i < c->include.nr; i++)
			strbuf_addf(&line, "%s%s", i ? "," : "", c->include.v[i]);
		strvec_pushl(&argv, tool, "--variant=minbase", line.buf,
			     c->release, c->dir, c->mirror, NULL);
		strbuf_reset(&line);
	} else {
		tool = "pacstrap";
		strvec_pushl(&argv, tool, "-c", c->dir, "base", NULL);
		for (i = 0; i < c->include.nr; i++)
			strvec_push(&argv, c->include.v[i]);
	}

	if (c->dry_run) {
		if (!have_program(tool))
			warning("%s is not installed (%s)", tool,
				debian ? "apt-get install debootstrap" :
				"package arch-install-scripts");
		quote_argv(&line, argv.v);
		printf("%s\n", line.buf);
		ret = 0;
		goto out;
	}
	if (!have_program(tool)) {
		if (debian)
			error("neither mmdebstrap nor debootstrap is installed: "
			      "apt-get install debootstrap");
		else
			error("pacstrap is not installed: it comes with the "
			      "package arch-install-scripts");
		goto out;
	}
	if (geteuid()) {
		struct strbuf q = STRBUF_INIT;

		strbuf_addstr(&q, "sudo kdev rootfs");
		quote_argv(&q, c->argv);
		error("%s needs root; run: %s", tool, q.buf);
		strbuf_release(&q);
		goto out;
	}

	if (state == DIR_MISSING) {
		if (mkdir_p(c->dir))
			goto out;
		made = 1;
	}
	quote_argv(&line, argv.v);
	note("running: %s", line.buf);
	if (debian)
		note("installing %s %s from %s; this takes a few minutes",
		     c->distro, c->release, c->mirror);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = run_tool(argv.v);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (status) {
		if (status > 128)
			error("%s was killed by signal %d", tool, status - 128);
		else if (status > 0)
			error("%s failed (exit status %d)", tool, status);
		left_behind(c, tool, made);
		goto out;
	}
	if (!has_bin_sh(c->dir)) {
		error("%s made '%s' but it has no /bin/sh, which kdev run needs",
		      tool, c->dir);
		left_behind(c, tool, made);
		goto out;
	}
	if (write_marker(c, tool)) {
		left_behind(c, tool, made);
		goto out;
	}
	note("%s%s%s is ready in '%s' (%ld s); boot it with:", c->distro,
	     c->release ? " " : "", c->release ? c->release : "", c->dir,
	     (long)(t1.tv_sec - t0.tv_sec));
done:
	strbuf_reset(&line);
	quote_argv(&line, next);
	printf("%s\n", line.buf);
	ret = 0;
out:
	strvec_clear(&argv);
	strbuf_release(&line);
	return ret;
}

/* Add the names of a comma-separated list, each once. */
static void add_packages(struct strvec *sv, const char *list)
{
	const char *p = list;

	while (1) {
		size_t len = strcspn(p, ","), i, k;
		int dup = 0;

		if (!len)
			usage_error(create_usage, "--include: empty package name "
				    "in '%s'", list);
		for (k = 0; k < len; k++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789+-.:_"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", p[k]))
				usage_error(create_usage, "--include: '%.*s' is "
					    "not a package name", (int)len, p);
		for (i = 0; i < sv->nr; i++)
			if (strlen(sv->v[i]) == len && !strncmp(sv->v[i], p, len))
				dup = 1;
		if (!dup) {
			char *name = xstrndup(p, len);

			strvec_push(sv, name);
			free(name);
		}
		if (!p[len])
			break;
		p += len + 1;
	}
}

static int valid_release(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-._", *s))
			return 0;
	return 1;
}

static int cmd_create(int argc, char **argv)
{
	enum { OPT_DISTRO = 256, OPT_RELEASE, OPT_MIRROR, OPT_INCLUDE };
	static const struct option longopts[] = {
		{ "distro", required_argument, NULL, OPT_DISTRO },
		{ "release", required_argument, NULL, OPT_RELEASE },
		{ "mirror", required_argument, NULL, OPT_MIRROR },
		{ "include", required_argument, NULL, OPT_INCLUDE },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct create c;
	struct strvec extra = STRVEC_INIT;
	size_t i;
	int opt, ret;

	memset(&c, 0, sizeof(c));
	c.distro = "debian";
	c.argv = argv;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":nh", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_DISTRO:
			if (strcmp(optarg, "debian") && strcmp(optarg, "arch"))
				usage_error(create_usage, "--distro takes debian "
					    "or arch, not '%s'", optarg);
			c.distro = optarg;
			break;
		case OPT_RELEASE:
			if (!valid_release(optarg))
				usage_error(create_usage, "--release: '%s' is not "
					    "a release name", optarg);
			c.release = optarg;
			c.release_given = 1;
			break;
		case OPT_MIRROR:
			if (!mirror_ok(optarg))
				usage_error(create_usage, "--mirror takes an "
					    "http://, https://, ftp:// or file:/ "
					    "URL, not '%s'", optarg);
			c.mirror = optarg;
			break;
		case OPT_INCLUDE:
			add_packages(&extra, optarg);
			break;
		case 'n':
			c.dry_run = 1;
			break;
		case 'h':
			strvec_clear(&extra);
			return usage_help(create_usage);
		default:
			usage_bad_option(create_usage, opt, argv);
		}
	}
	if (optind >= argc)
		usage_error(create_usage, "no DIR given");
	if (optind + 1 < argc)
		usage_error(create_usage, "too many arguments: '%s'",
			    argv[optind + 1]);
	c.dir = argv[optind];
	if (!*c.dir)
		usage_error(create_usage, "DIR is empty");
	if (!strcmp(c.distro, "arch") && (c.release || c.mirror))
		usage_error(create_usage, "--%s is for --distro debian; pacstrap "
			    "installs Arch's current packages from the host's "
			    "pacman mirror list", c.release ? "release" : "mirror");
	if (!strcmp(c.distro, "debian"))
		add_packages(&c.include, DEBIAN_INCLUDES);
	for (i = 0; i < extra.nr; i++)
		add_packages(&c.include, extra.v[i]);
	strvec_clear(&extra);

	ret = create(&c);
	strvec_clear(&c.include);
	return ret;
}

int cmd_rootfs(int argc, char **argv)
{
	if (argc < 2) {
		fputs(rootfs_usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage_help(rootfs_usage);
	if (!strcmp(argv[1], "create")) {
		optind = 0;
		return cmd_create(argc - 1, argv + 1);
	}
	if (argv[1][0] == '-')
		usage_error(rootfs_usage, "unknown option '%s'", argv[1]);
	usage_error(rootfs_usage, "'%s' is not a rootfs command", argv[1]);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The root kdev install, list and remove work on: its tools, its
 * package manager, its manifests (system.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "install/system.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/run-command.h"

/* The tools live in sbin, which a user's $PATH may lack. */
static void path_add_sbin(void)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin" };
	const char *path = getenv("PATH");
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, path ? path : "/usr/bin:/bin");
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *w = xasprintf(":%s:", dirs[i]);
		char *p = xasprintf(":%s:", sb.buf);

		if (!strstr(p, w))
			strbuf_addf(&sb, ":%s", dirs[i]);
		free(w);
		free(p);
	}
	setenv("PATH", sb.buf, 1);
	strbuf_release(&sb);
}

int kroot_open(struct kroot *r, const char *dir, int dry_run)
{
	char real[PATH_MAX];
	size_t len;

	memset(r, 0, sizeof(*r));
	r->dry_run = dry_run;
	path_add_sbin();
	if (!dir || !*dir)
		dir = "/";
	if (!is_dir(dir))
		return error("root '%s' is not a directory", dir);
	if (!realpath(dir, real))
		return error_errno("cannot resolve '%s'", dir);
	r->is_host = !strcmp(real, "/");
	if (r->is_host) {
		r->dir = xstrdup("");
	} else {
		/* the real path: tools chroot there, no symlink in between */
		len = strlen(real);
		r->dir = xstrndup(real, len);
	}
	os_release_read(r->is_host ? "/" : r->dir, &r->os);
	/* merged /usr: /lib is a link to usr/lib, modules live there */
	{
		char *lib = kroot_path(r, "/lib");
		char buf[PATH_MAX];
		ssize_t n = readlink(lib, buf, sizeof(buf) - 1);

		r->modules = "/lib/modules";
		if (n > 0) {
			buf[n] = '\0';
			if (!strcmp(buf, "usr/lib") || !strcmp(buf, "/usr/lib"))
				r->modules = "/usr/lib/modules";
		}
		free(lib);
	}
	return 0;
}

void kroot_release(struct kroot *r)
{
	free(r->dir);
	r->dir = NULL;
}

char *kroot_path(const struct kroot *r, const char *path)
{
	return xasprintf("%s%s", r->dir, path);
}

int kroot_inside(const struct kroot *r, const char *full)
{
	char *dir = xstrdup(full), *slash;
	char real[PATH_MAX];
	size_t n = strlen(r->dir);
	int ok = 1;

	if (r->is_host) {
		free(dir);
		return 1;
	}
	/* the nearest existing ancestor decides */
	while (ok && (slash = strrchr(dir, '/')) && slash > dir) {
		*slash = '\0';
		if (realpath(dir, real)) {
			ok = !strncmp(real, r->dir, n) &&
			     (real[n] == '/' || !real[n]);
			break;
		}
		if (errno != ENOENT)
			ok = 0;
	}
	free(dir);
	return ok;
}

const char *kroot_tool(const struct kroot *r, const char *tool)
{
	static const char *const dirs[] = {
		"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
		"/sbin", "/bin",
	};
	static char found[PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *p = xasprintf("%s%s/%s", r->dir, dirs[i], tool);
		/* lstat: a link inside another root may point anywhere */
		int ok = r->is_host ? !access(p, X_OK) :
			 !lstat(p, &st) && !S_ISDIR(st.st_mode);

		free(p);
		if (ok) {
			snprintf(found, sizeof(found), "%s/%s", dirs[i], tool);
			return found;
		}
	}
	return NULL;
}

static int run_argv(const struct kroot *r, struct strvec *args)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	quote_argv(&sb, args->v);
	if (r->dry_run) {
		printf("run: %s\n", sb.buf);
		strbuf_release(&sb);
		strvec_clear(args);
		return 0;
	}
	fprintf(stderr, "+ %s\n", sb.buf);
	strbuf_release(&sb);
	cp.args = *args;
	cp.in = CHILD_NULL;
	/* the tools' chatter is a message, not kdev's data */
	cp.out = 2;
	ret = run_command(&cp);
	strvec_clear(&cp.args);
	return ret;
}

int kroot_run(const struct kroot *r, const char *const *argv)
{
	struct strvec args = STRVEC_INIT;

	if (!r->is_host)
		strvec_pushl(&args, "chroot", r->dir, NULL);
	for (; *argv; argv++)
		strvec_push(&args, *argv);
	return run_argv(r, &args);
}

int host_run(const struct kroot *r, const char *const *argv)
{
	struct strvec args = STRVEC_INIT;

	for (; *argv; argv++)
		strvec_push(&args, *argv);
	return run_argv(r, &args);
}

const char *running_release(void)
{
	static struct utsname u;

	if (!*u.release && uname(&u))
		return "";
	return u.release;
}

int kroot_is_running(const struct kroot *r, const char *release)
{
	return r->is_host && !strcmp(running_release(), release);
}

static int owner_query(const struct kroot *r, const char *path,
		       struct strbuf *pkg)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *db = NULL;
	int ret;

	switch (r->os.family) {
	case DISTRO_DEBIAN:
		db = kroot_path(r, "/var/lib/dpkg/status");
		if (!is_file(db) || !have_program("dpkg-query"))
			goto unknown;
		strvec_push(&cp.args, "dpkg-query");
		if (!r->is_host)
			strvec_pushf(&cp.args, "--admindir=%s/var/lib/dpkg",
				     r->dir);
		strvec_pushl(&cp.args, "-S", path, NULL);
		break;
	case DISTRO_FEDORA:
	case DISTRO_SUSE:
		db = kroot_path(r, "/var/lib/rpm");
		if (!is_dir(db) || !have_program("rpm"))
			goto unknown;
		strvec_push(&cp.args, "rpm");
		if (!r->is_host)
			strvec_pushl(&cp.args, "--root", r->dir, NULL);
		strvec_pushl(&cp.args, "-qf", "--qf", "%{NAME}\\n", path, NULL);
		break;
	case DISTRO_ARCH:
		db = kroot_path(r, "/var/lib/pacman/local");
		if (!is_dir(db) || !have_program("pacman"))
			goto unknown;
		strvec_push(&cp.args, "pacman");
		if (!r->is_host)
			strvec_pushl(&cp.args, "--root", r->dir, NULL);
		strvec_pushl(&cp.args, "-Qoq", path, NULL);
		break;
	default:
		goto unknown;
	}
	free(db);
	cp.in = CHILD_NULL;
	ret = capture_command(&cp, &out, &err);
	strvec_clear(&cp.args);
	strbuf_release(&err);
	if (ret == 0 && out.len) {
		/* dpkg: "pkg[:arch][, pkg2]: /path"; others: the name */
		size_t n = strcspn(out.buf, r->os.family == DISTRO_DEBIAN ?
					    ":,\n" : "\n");

		strbuf_reset(pkg);
		strbuf_add(pkg, out.buf, n);
		strbuf_release(&out);
		return 1;
	}
	strbuf_release(&out);
	return ret == 1 ? 0 : -1;
unknown:
	free(db);
	strvec_clear(&cp.args);
	return -1;
}

/*
 * With merged /usr, a package database may record a file under either of
 * its names (Debian 12's dpkg has /lib/modules/R, the files live in
 * /usr/lib/modules/R): ask for the other name when the first is unknown.
 */
int kroot_owner(const struct kroot *r, const char *path, struct strbuf *pkg)
{
	static const char *const aliases[][2] = {
		{ "/usr/lib/", "/lib/" }, { "/usr/bin/", "/bin/" },
		{ "/usr/sbin/", "/sbin/" },
	};
	const char *rest;
	size_t i;
	int ret = owner_query(r, path, pkg);

	if (ret != 0)
		return ret;
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		char *other = NULL;

		if (skip_prefix(path, aliases[i][0], &rest))
			other = xasprintf("%s%s", aliases[i][1], rest);
		else if (skip_prefix(path, aliases[i][1], &rest))
			other = xasprintf("%s%s", aliases[i][0], rest);
		if (other) {
			ret = owner_query(r, other, pkg);
			free(other);
			return ret;
		}
	}
	return ret;
}

static char *manifest_path(const struct kroot *r, const char *release)
{
	return xasprintf("%s" MANIFEST_DIR "/%s", r->dir, release);
}

int manifest_load(const struct kroot *r, const char *release,
		  struct manifest *m)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	char *path = manifest_path(r, release);
	int ret = 0;

	memset(m, 0, sizeof(*m));
	if (read_file(path, &sb)) {
		ret = errno == ENOENT ? 1 : error_errno("cannot read '%s'", path);
	} else if (manifest_parse(sb.buf, sb.len, m, &err)) {
		ret = error("'%s' is not a valid manifest: %s; remove it by hand "
			    "once you checked what it lists", path, err.buf);
	} else if (strcmp(m->release, release)) {
		ret = error("'%s' is the manifest of '%s', not of '%s'", path,
			    m->release, release);
		manifest_release(m);
	}
	free(path);
	strbuf_release(&sb);
	strbuf_release(&err);
	return ret;
}

int manifest_save(const struct kroot *r, const struct manifest *m)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir = xasprintf("%s" MANIFEST_DIR, r->dir);
	char *path = manifest_path(r, m->release);
	int ret;

	if (r->dry_run) {
		ret = 0;
		goto out;
	}
	manifest_format(m, &sb);
	ret = mkdir_p(dir);
	if (!ret)
		ret = write_file_atomic(path, sb.buf, sb.len);
out:
	strbuf_release(&sb);
	free(dir);
	free(path);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_strvec(struct strvec *sv)
{
	if (sv->nr)
		qsort(sv->v, sv->nr, sizeof(*sv->v), cmp_str);
}

void manifest_list(const struct kroot *r, struct strvec *out)
{
	char *dir = xasprintf("%s" MANIFEST_DIR, r->dir);
	DIR *d = opendir(dir);
	struct dirent *de;

	free(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (release_name_ok(de->d_name) && de->d_type != DT_DIR)
			strvec_push(out, de->d_name);
	closedir(d);
	sort_strvec(out);
}

static void walk(const char *base, size_t skip, int depth, struct strvec *out)
{
	DIR *d = opendir(base);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *p;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", base, de->d_name);
		strvec_push(out, p + skip);
		if (depth > 1 && !lstat(p, &st) && S_ISDIR(st.st_mode))
			walk(p, skip, depth - 1, out);
		free(p);
	}
	closedir(d);
}

void boot_snapshot(const struct kroot *r, struct strvec *out)
{
	static const char *const tops[] = { "/boot", "/efi" };
	size_t i, skip = strlen(r->dir);

	for (i = 0; i < ARRAY_SIZE(tops); i++) {
		char *p = kroot_path(r, tops[i]);

		walk(p, skip, 4, out);
		free(p);
	}
	sort_strvec(out);
}

int strvec_has_sorted(const struct strvec *sv, const char *s)
{
	size_t lo = 0, hi = sv->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sv->v[mid], s);

		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

unsigned long long tree_size(const char *path)
{
	unsigned long long sum = 0;
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st))
		return 0;
	if (S_ISREG(st.st_mode))
		return (unsigned long long)st.st_size;
	if (!S_ISDIR(st.st_mode))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", path, de->d_name);
		sum += tree_size(p);
		free(p);
	}
	closedir(d);
	return sum;
}

int remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 :
		       error_errno("cannot remove '%s'", path);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) && errno != ENOENT)
			return error_errno("cannot remove '%s'", path);
		return 0;
	}
	d = opendir(path);
	if (!d)
		return error_errno("cannot open '%s'", path);
	while ((de = readdir(d))) {
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", path, de->d_name);
		if (remove_tree(p))
			ret = -1;
		free(p);
	}
	closedir(d);
	if (!ret && rmdir(path) && errno != ENOENT)
		ret = error_errno("cannot remove '%s'", path);
	return ret;
}

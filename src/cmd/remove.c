// SPDX-License-Identifier: GPL-2.0
/*
 * kdev remove: take away a kernel kdev installed, exactly the files its
 * manifest lists, then regenerate the boot menu; the manifest goes last,
 * so a removal cut short finishes when run again. Refuses the running
 * kernel, a package's kernel, a release it did not install (unless
 * --force) and anything but an exact release name.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kdev.h"
#include "../install/bootcfg.h"
#include "../install/manifest.h"
#include "../install/system.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

static const char remove_usage[] =
	"usage: kdev remove RELEASE... [--root DIR] [--dry-run] [--force]\n"
	"   or: kdev remove --keep N [--root DIR] [--dry-run]\n"
	"\n"
	"Remove kernels that 'kdev install' installed: exactly the files in\n"
	"/var/lib/kdev/installed/RELEASE, then regenerate the boot menu. The\n"
	"running kernel and a package's kernel are never removed. RELEASE is\n"
	"an exact release ('kdev list' shows them), never a pattern.\n"
	"\n"
	"   --root DIR      work on the root filesystem at DIR\n"
	"   -n, --dry-run   print what would be removed and run, change nothing\n"
	"   --force         remove a release kdev did not install: only its\n"
	"                   standard file names (/boot/vmlinuz-RELEASE, ...)\n"
	"                   and modules directory\n"
	"   --keep N        remove all kdev-installed kernels but the N newest\n"
	"   -h, --help      this text\n";

static int exists(const char *full)
{
	struct stat st;

	return !lstat(full, &st);
}

static int run_step(const struct kroot *r, const struct mf_step *s,
		    const char *release)
{
	const char *name = mf_undo_name(s->what);
	const char *tool = kroot_tool(r, name);
	char buf[PATH_MAX];
	int ret;

	if (!tool) {
		note("%s skipped: %s has no %s", name,
		     r->is_host ? "this machine" : r->dir, name);
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", tool);
	switch (s->what) {
	case MF_UNDO_UPDATE_INITRAMFS:
		ret = kroot_run(r, (const char *const[]){
			buf, "-d", "-k", release, NULL });
		break;
	case MF_UNDO_KERNEL_INSTALL:
		ret = kroot_run(r, (const char *const[]){
			buf, "remove", release, NULL });
		break;
	case MF_UNDO_UPDATE_GRUB:
		ret = kroot_run(r, (const char *const[]){ buf, NULL });
		break;
	default:
		ret = kroot_run(r, (const char *const[]){
			buf, "-o", s->arg, NULL });
		break;
	}
	if (ret)
		return error("%s failed (exit status %d); run 'kdev remove %s' "
			     "again to finish", name, ret, release);
	return 0;
}

static int is_pre_step(enum mf_undo what)
{
	return what == MF_UNDO_UPDATE_INITRAMFS ||
	       what == MF_UNDO_KERNEL_INSTALL;
}

/* Remove what @m lists, run its steps, then the manifest itself. */
static int remove_listed(const struct kroot *r, const struct manifest *m,
			 int has_manifest)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < m->nr_steps; i++) {
		/* a tool that cannot delete is no reason to stop: we do */
		if (is_pre_step(m->steps[i].what) &&
		    run_step(r, &m->steps[i], m->release))
			error_count--, warning("continuing without it");
	}
	for (i = 0; i < m->nr_paths; i++) {
		char *full = kroot_path(r, m->paths[i].path);

		if (!kroot_inside(r, full)) {
			ret = error("'%s' leads out of %s; not removed", full,
				    r->dir);
		} else if (exists(full)) {
			if (r->dry_run) {
				printf("remove: %s\n", full);
			} else {
				fprintf(stderr, "+ remove %s\n", full);
				if (remove_tree(full))
					ret = -1;
			}
		}
		free(full);
	}
	for (i = 0; i < m->nr_steps && !ret; i++)
		if (!is_pre_step(m->steps[i].what) &&
		    run_step(r, &m->steps[i], m->release))
			ret = -1;
	if (ret)
		return error("%s is removed in part; its manifest stays, so "
			     "'kdev remove %s' finishes it", m->release,
			     m->release);
	if (has_manifest) {
		char *p = xasprintf("%s" MANIFEST_DIR "/%s", r->dir,
				    m->release);

		if (r->dry_run) {
			printf("remove: %s\n", p);
		} else if (unlink(p) && errno != ENOENT) {
			ret = error_errno("cannot remove '%s'", p);
		}
		free(p);
	}
	if (!ret && !r->dry_run)
		note("removed %s", m->release);
	return ret;
}

/* For --force without a manifest: the release's standard names only. */
static void standard_manifest(const struct kroot *r, const char *release,
			      struct manifest *m)
{
	char names[16][BOOT_NAME_MAX];
	size_t i, nr = boot_standard_names(release, names, ARRAY_SIZE(names));
	enum mf_undo what = MF_UNDO_UPDATE_GRUB;
	const char *cfg = NULL;

	memset(m, 0, sizeof(*m));
	m->release = xstrdup(release);
	for (i = 0; i < nr; i++) {
		char *p = xasprintf("/boot/%s", names[i]);
		char *full = kroot_path(r, p);

		if (exists(full))
			manifest_add_path(m, MF_FILE, p);
		free(p);
		free(full);
	}
	for (i = 0; i < 2; i++) {
		char *p = xasprintf("%s/%s", i ? "/usr/lib/modules" :
				    "/lib/modules", release);
		char *full = kroot_path(r, p);

		if (exists(full))
			manifest_add_path(m, MF_DIR, p);
		free(p);
		free(full);
	}
	/* the boot menu still lists it: regenerate as install would */
	if (kroot_tool(r, "update-grub")) {
		cfg = NULL;
	} else {
		char *g2 = kroot_path(r, "/boot/grub2");
		char *g = kroot_path(r, "/boot/grub");

		if (is_dir(g2) && kroot_tool(r, "grub2-mkconfig")) {
			what = MF_UNDO_GRUB2_MKCONFIG;
			cfg = "/boot/grub2/grub.cfg";
		} else if (is_dir(g) && kroot_tool(r, "grub-mkconfig")) {
			what = MF_UNDO_GRUB_MKCONFIG;
			cfg = "/boot/grub/grub.cfg";
		} else {
			what = (enum mf_undo)-1;
		}
		free(g2);
		free(g);
	}
	if (what != (enum mf_undo)-1)
		manifest_add_step(m, what, cfg);
}

/* Is anything of @release there by its standard names? */
static int release_present(const struct kroot *r, const char *release)
{
	struct manifest m;
	int ret;

	standard_manifest(r, release, &m);
	ret = m.nr_paths > 0;
	manifest_release(&m);
	return ret;
}

/* What is installed whose release starts with or holds @arg, for a hint. */
static void similar(const struct kroot *r, const char *arg, struct strbuf *sb)
{
	struct strvec all = STRVEC_INIT;
	size_t i;

	manifest_list(r, &all);
	for (i = 0; i < all.nr; i++)
		if (strstr(all.v[i], arg))
			strbuf_addf(sb, "%s%s", sb->len ? ", " : "", all.v[i]);
	strvec_clear(&all);
}

static int remove_one(const struct kroot *r, const char *release, int force)
{
	struct manifest m;
	struct strbuf pkg = STRBUF_INIT, hint = STRBUF_INIT;
	char names[16][BOOT_NAME_MAX];
	size_t i, nr;
	int ret, owned = 0;

	if (!release_name_ok(release))
		return error("'%s' is not a kernel release: kdev remove takes "
			     "exact release names ('kdev list' shows them), "
			     "no patterns or paths", release);
	if (kroot_is_running(r, release))
		return error("%s is the running kernel; boot another one "
			     "before removing it", release);
	/* a package's kernel is the package manager's to remove */
	nr = boot_standard_names(release, names, ARRAY_SIZE(names));
	for (i = 0; i < nr && !owned; i++) {
		char *p = xasprintf("/boot/%s", names[i]);
		char *full = kroot_path(r, p);

		if (exists(full) && kroot_owner(r, p, &pkg) == 1)
			owned = 1;
		free(p);
		free(full);
	}
	if (owned) {
		ret = error("%s belongs to the package '%s'; remove it with "
			    "the distribution's package manager", release,
			    pkg.buf);
		strbuf_release(&pkg);
		return ret;
	}
	strbuf_release(&pkg);
	ret = manifest_load(r, release, &m);
	if (ret < 0)
		return -1;
	if (ret == 0) {
		ret = remove_listed(r, &m, 1);
		manifest_release(&m);
		return ret;
	}
	if (!release_present(r, release)) {
		similar(r, release, &hint);
		if (hint.len)
			ret = error("no kernel %s is installed; kdev remove "
				    "takes exact releases (kdev installed: %s)",
				    release, hint.buf);
		else
			ret = error("no kernel %s is installed ('kdev list' "
				    "shows what is)", release);
		strbuf_release(&hint);
		return ret;
	}
	if (!force)
		return error("kdev did not install %s (no manifest in %s%s); "
			     "--force removes its standard files", release,
			     r->dir, MANIFEST_DIR);
	standard_manifest(r, release, &m);
	ret = remove_listed(r, &m, 0);
	manifest_release(&m);
	return ret;
}

struct by_time {
	char *release;
	long long time;
};

static int cmp_time(const void *a, const void *b)
{
	const struct by_time *x = a, *y = b;

	/* newest first; the same second: the higher release name first */
	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	return strverscmp(y->release, x->release);
}

static int keep_newest(const struct kroot *r, long keep)
{
	struct strvec all = STRVEC_INIT;
	struct by_time *k;
	size_t i, nr = 0;
	int ret = 0;

	manifest_list(r, &all);
	k = xcalloc(all.nr + 1, sizeof(*k));
	for (i = 0; i < all.nr; i++) {
		struct manifest m;

		if (manifest_load(r, all.v[i], &m)) {
			ret = -1;
			continue;
		}
		k[nr].release = xstrdup(m.release);
		k[nr].time = m.time;
		nr++;
		manifest_release(&m);
	}
	qsort(k, nr, sizeof(*k), cmp_time);
	for (i = 0; i < nr; i++) {
		if ((long)i < keep) {
			note("keeping %s", k[i].release);
		} else if (kroot_is_running(r, k[i].release)) {
			note("keeping %s: it is the running kernel",
			     k[i].release);
		} else if (remove_one(r, k[i].release, 0)) {
			ret = -1;
		}
		free(k[i].release);
	}
	free(k);
	strvec_clear(&all);
	return ret;
}

int cmd_remove(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "keep", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL;
	struct kroot r;
	long keep = -1;
	int opt, dry_run = 0, force = 0, ret = 0, i;
	char *end;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":nh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root = optarg;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'k':
			errno = 0;
			keep = strtol(optarg, &end, 10);
			if (*end || !*optarg || errno || keep < 0)
				usage_error(remove_usage, "--keep takes a "
					    "number of kernels, not '%s'",
					    optarg);
			break;
		case 'h':
			return usage_help(remove_usage);
		default:
			usage_bad_option(remove_usage, opt, argv);
		}
	}
	if (keep >= 0 && optind < argc)
		usage_error(remove_usage, "--keep removes by age: name no "
			    "release with it");
	if (keep >= 0 && force)
		usage_error(remove_usage, "--keep only removes kdev's kernels: "
			    "no --force with it");
	if (keep < 0 && optind >= argc)
		usage_error(remove_usage, "which release? ('kdev list' shows "
			    "them)");
	if (root && !*root)
		usage_error(remove_usage, "--root needs a directory");
	if (kroot_open(&r, root, dry_run))
		return 1;
	if (keep >= 0) {
		ret = keep_newest(&r, keep) ? 1 : 0;
	} else {
		for (i = optind; i < argc; i++)
			if (remove_one(&r, argv[i], force))
				ret = 1;
	}
	kroot_release(&r);
	return ret;
}

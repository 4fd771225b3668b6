// SPDX-License-Identifier: GPL-2.0
/*
 * kdev list: every kernel installed in a root, found from its /boot
 * images, its modules directories and kdev's manifests: release, files,
 * size, who installed it (kdev or a package), whether it runs and
 * whether it is what the boot loader starts by default.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../kdev.h"
#include "../install/bootcfg.h"
#include "../install/manifest.h"
#include "../install/system.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

static const char list_usage[] =
	"usage: kdev list [--root DIR] [--json]\n"
	"\n"
	"List the kernels installed in / (or DIR): release, origin (kdev, the\n"
	"package that owns it, or unknown), total size, files, and which one\n"
	"runs and which one boots by default ('?' when that cannot be told).\n"
	"\n"
	"   --root DIR   list the kernels of the root filesystem at DIR\n"
	"   --json       print JSON\n"
	"   -h, --help   this text\n";

struct kernel {
	char *release;
	char *origin;		/* "kdev", a package name, "unknown" */
	struct strvec files;	/* inside the root */
	unsigned long long size;
	int running;
	char *image;		/* its image's file name in /boot, or NULL */
};

struct klist {
	struct kernel *k;
	size_t nr, alloc;
};

static struct kernel *get(struct klist *kl, const char *release)
{
	size_t i;

	for (i = 0; i < kl->nr; i++)
		if (!strcmp(kl->k[i].release, release))
			return &kl->k[i];
	ALLOC_GROW(kl->k, kl->nr + 1, kl->alloc);
	memset(&kl->k[kl->nr], 0, sizeof(kl->k[0]));
	kl->k[kl->nr].release = xstrdup(release);
	return &kl->k[kl->nr++];
}

static void add_file(const struct kroot *r, struct kernel *k, const char *p)
{
	char *full = kroot_path(r, p);
	struct stat st;
	size_t i;

	if (!lstat(full, &st)) {
		for (i = 0; i < k->files.nr; i++)
			if (!strcmp(k->files.v[i], p))
				break;
		if (i == k->files.nr) {
			strvec_push(&k->files, p);
			k->size += tree_size(full);
		}
	}
	free(full);
}

/* The release in an image file (x86 bzImage header), into @out. */
static int image_release(const char *full, char *out, size_t n)
{
	unsigned char buf[65536];
	size_t len;
	FILE *f = fopen(full, "rb");

	if (!f)
		return -1;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return bzimage_release(buf, len, out, n);
}

/* Which release does /boot/vmlinuz-X hold? X, "linux-R", or the header's. */
static void scan_boot(const struct kroot *r, struct klist *kl)
{
	char *boot = kroot_path(r, "/boot");
	DIR *d = opendir(boot);
	struct dirent *de;

	if (!d) {
		free(boot);
		return;
	}
	while ((de = readdir(d))) {
		const char *x;
		char rel[256], *full;
		struct kernel *k;

		if (!skip_prefix(de->d_name, "vmlinuz-", &x) || !*x)
			continue;
		/* a release starts with a digit; else read the header */
		skip_prefix(x, "linux-", &x);
		full = xasprintf("%s/%s", boot, de->d_name);
		if ((*x >= '0' && *x <= '9') ||
		    image_release(full, rel, sizeof(rel)))
			snprintf(rel, sizeof(rel), "%s", x);
		free(full);
		if (!release_name_ok(rel))
			continue;
		k = get(kl, rel);
		if (!k->image)
			k->image = xstrdup(de->d_name);
	}
	closedir(d);
	free(boot);
}

static void scan_modules(const struct kroot *r, struct klist *kl)
{
	char *dir = kroot_path(r, r->modules);
	DIR *d = opendir(dir);
	struct dirent *de;

	free(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && release_name_ok(de->d_name))
			get(kl, de->d_name);
	closedir(d);
}

static void fill(const struct kroot *r, struct kernel *k)
{
	struct manifest m;
	struct strbuf pkg = STRBUF_INIT;
	size_t i;

	if (!manifest_load(r, k->release, &m)) {
		for (i = 0; i < m.nr_paths; i++)
			add_file(r, k, m.paths[i].path);
		k->origin = xstrdup("kdev");
		manifest_release(&m);
	} else {
		char names[16][BOOT_NAME_MAX];
		size_t nr = boot_standard_names(k->release, names,
						ARRAY_SIZE(names));
		char *p;

		if (k->image) {
			/* Arch: vmlinuz-PKGBASE, initramfs-PKGBASE.img */
			const char *base = k->image + strlen("vmlinuz-");

			p = xasprintf("/boot/%s", k->image);
			add_file(r, k, p);
			free(p);
			p = xasprintf("/boot/initramfs-%s.img", base);
			add_file(r, k, p);
			free(p);
			p = xasprintf("/boot/initramfs-%s-fallback.img", base);
			add_file(r, k, p);
			free(p);
		}
		for (i = 0; i < nr; i++) {
			p = xasprintf("/boot/%s", names[i]);
			add_file(r, k, p);
			free(p);
		}
		p = xasprintf("%s/%s", r->modules, k->release);
		add_file(r, k, p);
		free(p);
		if (k->files.nr && kroot_owner(r, k->files.v[0], &pkg) == 1)
			k->origin = strbuf_detach(&pkg, NULL);
		else
			k->origin = xstrdup("unknown");
	}
	strbuf_release(&pkg);
	k->running = kroot_is_running(r, k->release);
}

/* ---- the boot default ---- */

static int read_in(const struct kroot *r, const char *path, struct strbuf *sb)
{
	char *p = kroot_path(r, path);
	int ret = read_file(p, sb);

	free(p);
	return ret;
}

/* The release of a /boot image path as the kernels name it. */
static const char *release_of_image(const struct klist *kl, const char *img)
{
	const char *base = strrchr(img, '/');
	size_t i;

	base = base ? base + 1 : img;
	for (i = 0; i < kl->nr; i++)
		if (kl->k[i].image && !strcmp(kl->k[i].image, base))
			return kl->k[i].release;
	return NULL;
}

/* BLS entries: "version" or the "linux" path picks the kernel. */
static const char *bls_default(const struct kroot *r, const struct klist *kl,
			       const char *sel)
{
	static const char *const dirs[] = {
		"/boot/loader/entries", "/efi/loader/entries",
		"/boot/efi/loader/entries",
	};
	const char *found = NULL;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(dirs) && !found; i++) {
		char *dir = kroot_path(r, dirs[i]);
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && !found && (de = readdir(d))) {
			struct strbuf sb = STRBUF_INIT, v = STRBUF_INIT;
			char *id, *p;

			if (!ends_with(de->d_name, ".conf"))
				continue;
			id = xstrndup(de->d_name, strlen(de->d_name) - 5);
			if (fnmatch(sel, id, 0) && fnmatch(sel, de->d_name, 0)) {
				free(id);
				continue;
			}
			p = xasprintf("%s/%s", dir, de->d_name);
			read_file(p, &sb);
			/* "version R" lines: turn them into key=value */
			for (j = 0; j < sb.len; j++)
				if (sb.buf[j] == ' ' || sb.buf[j] == '\t') {
					size_t k = j;

					while (k > 0 && sb.buf[k - 1] != '\n')
						k--;
					if (!memchr(sb.buf + k, '=', j - k))
						sb.buf[j] = '=';
				}
			for (j = 0; j < kl->nr && !found; j++) {
				const char *rel = kl->k[j].release;

				if (!kv_get(sb.buf, sb.len, "version", &v) &&
				    !strcmp(v.buf, rel))
					found = rel;
				else if (!kv_get(sb.buf, sb.len, "linux", &v) &&
					 strstr(v.buf, rel))
					found = rel;
			}
			free(p);
			free(id);
			strbuf_release(&sb);
			strbuf_release(&v);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	return found;
}

/*
 * The release the boot loader starts by default: NULL when it cannot be
 * told. grub: grub.cfg's "set default", through grubenv's saved_entry;
 * systemd-boot: loader.conf's "default" pattern over the BLS entries.
 */
static const char *boot_default(const struct kroot *r, const struct klist *kl)
{
	static const char *const cfgs[] = {
		"/boot/grub/grub.cfg", "/boot/grub2/grub.cfg",
	};
	struct strbuf sb = STRBUF_INIT, sel = STRBUF_INIT;
	const char *found = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cfgs) && !found; i++) {
		struct grub_cfg gc;
		const struct grub_entry *e;
		char *env;

		strbuf_reset(&sb);
		if (read_in(r, cfgs[i], &sb))
			continue;
		grub_cfg_parse(sb.buf, sb.len, &gc);
		strbuf_reset(&sel);
		strbuf_addstr(&sel, gc.set_default ? gc.set_default : "0");
		if (strstr(sel.buf, "saved_entry")) {
			env = xstrndup(cfgs[i], strlen(cfgs[i]) -
				       strlen("grub.cfg"));
			strbuf_reset(&sb);
			strbuf_addstr(&sb, env);
			strbuf_addstr(&sb, "grubenv");
			free(env);
			env = strbuf_detach(&sb, NULL);
			if (read_in(r, env, &sb) ||
			    kv_get(sb.buf, sb.len, "saved_entry", &sel) ||
			    !sel.len) {
				strbuf_reset(&sel);
				strbuf_addstr(&sel, "0");
			}
			free(env);
		}
		e = grub_cfg_find(&gc, sel.buf);
		if (e && e->kernel)
			found = release_of_image(kl, e->kernel);
		/* grub with BLS (blscfg): saved_entry names an entry */
		if (!found && !gc.nr)
			found = bls_default(r, kl, sel.buf);
		grub_cfg_release(&gc);
	}
	for (i = 0; i < 3 && !found; i++) {
		static const char *const confs[] = {
			"/boot/loader/loader.conf", "/efi/loader/loader.conf",
			"/boot/efi/loader/loader.conf",
		};
		size_t j;

		strbuf_reset(&sb);
		if (read_in(r, confs[i], &sb))
			continue;
		for (j = 0; j < sb.len; j++)
			if (sb.buf[j] == ' ' || sb.buf[j] == '\t')
				sb.buf[j] = '=';
		if (!kv_get(sb.buf, sb.len, "default", &sel) && sel.len &&
		    sel.buf[0] != '@')
			found = bls_default(r, kl, sel.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&sel);
	return found;
}

static int cmp_kernel(const void *a, const void *b)
{
	const struct kernel *x = a, *y = b;

	return strverscmp(x->release, y->release);
}

static void human(unsigned long long n, char *buf, size_t len)
{
	if (n >= 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", (double)n / (1024 * 1024));
	else if (n >= 1024)
		snprintf(buf, len, "%.1f KiB", (double)n / 1024);
	else
		snprintf(buf, len, "%llu B", n);
}

static void print_text(const struct klist *kl, const char *def, int known)
{
	size_t i, j;

	for (i = 0; i < kl->nr; i++) {
		const struct kernel *k = &kl->k[i];
		char size[32];
		const char *d = !known ? "?" : def &&
				!strcmp(def, k->release) ? "yes" : "no";

		human(k->size, size, sizeof(size));
		printf("%s  origin: %s  size: %s  running: %s  default: %s\n",
		       k->release, k->origin, size, k->running ? "yes" : "no",
		       d);
		for (j = 0; j < k->files.nr; j++)
			printf("    %s\n", k->files.v[j]);
	}
}

static void print_json(const struct klist *kl, const char *def, int known)
{
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	size_t i, j;

	json_init(&jw, &out, 1);
	json_array_begin(&jw, NULL);
	for (i = 0; i < kl->nr; i++) {
		const struct kernel *k = &kl->k[i];

		json_object_begin(&jw, NULL);
		json_string(&jw, "release", k->release);
		json_string(&jw, "origin", k->origin);
		json_uint(&jw, "size", k->size);
		json_bool(&jw, "running", k->running);
		if (known)
			json_bool(&jw, "default", def &&
				  !strcmp(def, k->release));
		else
			json_null(&jw, "default");
		json_array_begin(&jw, "files");
		for (j = 0; j < k->files.nr; j++)
			json_string(&jw, NULL, k->files.v[j]);
		json_array_end(&jw);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	fwrite(out.buf, 1, out.len, stdout);
	putchar('\n');
	strbuf_release(&out);
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *def;
	struct klist kl = { NULL, 0, 0 };
	struct strvec ms = STRVEC_INIT;
	struct kroot r;
	int opt, json = 0;
	size_t i;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return usage_help(list_usage);
		default:
			usage_bad_option(list_usage, opt, argv);
		}
	}
	if (optind < argc)
		usage_error(list_usage, "unexpected argument '%s'", argv[optind]);
	if (root && !*root)
		usage_error(list_usage, "--root needs a directory");
	if (kroot_open(&r, root, 0))
		return 1;
	manifest_list(&r, &ms);
	for (i = 0; i < ms.nr; i++)
		get(&kl, ms.v[i]);
	strvec_clear(&ms);
	scan_boot(&r, &kl);
	scan_modules(&r, &kl);
	for (i = 0; i < kl.nr; i++)
		fill(&r, &kl.k[i]);
	if (kl.nr)
		qsort(kl.k, kl.nr, sizeof(*kl.k), cmp_kernel);
	def = boot_default(&r, &kl);
	if (json)
		print_json(&kl, def, def != NULL);
	else
		print_text(&kl, def, def != NULL);
	for (i = 0; i < kl.nr; i++) {
		free(kl.k[i].release);
		free(kl.k[i].origin);
		free(kl.k[i].image);
		strvec_clear(&kl.k[i].files);
	}
	free(kl.k);
	kroot_release(&r);
	return error_count ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kdev install: put a built kernel on a machine the way its distribution
 * does (modules, /boot files, initramfs, boot menu), and write down in a
 * manifest every file it creates, before it creates it, so that kdev
 * remove can take exactly that away again, also after an interruption.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../kdev.h"
#include "../install/bootcfg.h"
#include "../install/manifest.h"
#include "../install/system.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

static const char install_usage[] =
	"usage: kdev install [--root DIR] [--dry-run] [--once] [--strip]\n"
	"                    [--no-initramfs] [--no-bootloader] [--force]\n"
	"                    [--tree DIR] [O=DIR]\n"
	"\n"
	"Install the kernel built in the current directory (or --tree DIR, or\n"
	"the O=DIR build directory): modules (debug info kept), the image,\n"
	"System.map and config in /boot under the distribution's names, the\n"
	"initramfs by the distribution's tool, then the boot menu. Every file\n"
	"is listed in /var/lib/kdev/installed/RELEASE for 'kdev remove'.\n"
	"\n"
	"   --root DIR        install into the root filesystem at DIR; its own\n"
	"                     tools run there (chroot), steps it has no tool\n"
	"                     for are skipped\n"
	"   -n, --dry-run     print what would run and be written, change nothing\n"
	"   --once            boot the new kernel next time only (grub-reboot,\n"
	"                     bootctl set-oneshot)\n"
	"   --strip           strip the modules' debug info (INSTALL_MOD_STRIP=1)\n"
	"   --no-initramfs    do not make an initramfs\n"
	"   --no-bootloader   leave the boot menu alone\n"
	"   --force           overwrite a kernel of the same release that kdev\n"
	"                     did not install (never a package's)\n"
	"   --tree DIR        the kernel tree (default: the current directory)\n"
	"   O=DIR             the build directory, as for make\n"
	"   -h, --help        this text\n";

struct install {
	struct kroot root;
	const char *obj;	/* the build directory */
	char release[256];
	const char *image_src;	/* path in obj */
	int modules;		/* CONFIG_MODULES=y */
	int once, strip, no_initramfs, no_bootloader, force;
	int bls;		/* kernel-install's way */
	struct boot_names names;
	struct manifest m;
	int skipped;		/* steps skipped for a missing tool */
};

/* ---- the built tree ---- */

static int config_has(const char *config, const char *line)
{
	const char *p = config;
	size_t n = strlen(line);

	while ((p = strstr(p, line))) {
		if ((p == config || p[-1] == '\n') &&
		    (p[n] == '\n' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int find_built(struct install *in)
{
	static const struct {
		const char *config;
		const char *image;
	} images[] = {
		{ "CONFIG_X86=y", "arch/x86/boot/bzImage" },
		{ "CONFIG_ARM64=y", "arch/arm64/boot/Image.gz" },
		{ "CONFIG_ARM64=y", "arch/arm64/boot/Image" },
		{ "CONFIG_ARM=y", "arch/arm/boot/zImage" },
		{ "CONFIG_RISCV=y", "arch/riscv/boot/Image.gz" },
		{ "CONFIG_RISCV=y", "arch/riscv/boot/Image" },
		{ "CONFIG_PPC=y", "arch/powerpc/boot/zImage" },
		{ "CONFIG_S390=y", "arch/s390/boot/bzImage" },
		{ "CONFIG_LOONGARCH=y", "arch/loongarch/boot/vmlinuz.efi" },
	};
	struct strbuf sb = STRBUF_INIT, cfg = STRBUF_INIT;
	char *p;
	size_t i;
	int ret = 0;

	p = xasprintf("%s/include/config/kernel.release", in->obj);
	if (read_file(p, &sb)) {
		ret = error("'%s' is not a built kernel tree: no "
			    "include/config/kernel.release; build it first "
			    "(kdev build) or name it with --tree DIR or O=DIR",
			    in->obj);
		goto out;
	}
	strbuf_rtrim(&sb);
	if (!release_name_ok(sb.buf) || sb.len >= sizeof(in->release)) {
		ret = error("'%s' holds '%s', which kdev cannot use as a "
			    "release name", p, sb.buf);
		goto out;
	}
	strcpy(in->release, sb.buf);
	free(p);
	p = xasprintf("%s/.config", in->obj);
	if (read_file(p, &cfg)) {
		ret = error("'%s' is not a built kernel tree: no .config",
			    in->obj);
		goto out;
	}
	in->modules = config_has(cfg.buf, "CONFIG_MODULES=y");
	for (i = 0; i < ARRAY_SIZE(images) && !in->image_src; i++) {
		char *img;

		if (!config_has(cfg.buf, images[i].config))
			continue;
		img = xasprintf("%s/%s", in->obj, images[i].image);
		if (is_file(img))
			in->image_src = images[i].image;
		free(img);
	}
	if (!in->image_src) {
		ret = error("'%s' has no kernel image (arch/*/boot); the build "
			    "did not finish: run 'kdev build' first", in->obj);
		goto out;
	}
	free(p);
	p = xasprintf("%s/System.map", in->obj);
	if (!is_file(p))
		ret = error("'%s' has no System.map; the build did not finish: "
			    "run 'kdev build' first", in->obj);
out:
	free(p);
	strbuf_release(&sb);
	strbuf_release(&cfg);
	return ret;
}

/* ---- what the root does ---- */

/* Does the root boot through kernel-install and BLS entries? */
static int uses_kernel_install(const struct kroot *r)
{
	static const char *const confs[] = {
		"/etc/kernel/install.conf", "/usr/lib/kernel/install.conf",
	};
	static const char *const entries[] = {
		"/boot/loader/entries", "/efi/loader/entries",
		"/boot/efi/loader/entries",
	};
	struct strbuf sb = STRBUF_INIT, v = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (!kroot_tool(r, "kernel-install"))
		return 0;
	/* the first install.conf that says a layout decides */
	for (i = 0; i < ARRAY_SIZE(confs) && ret < 0; i++) {
		char *p = kroot_path(r, confs[i]);

		strbuf_reset(&sb);
		if (!read_file(p, &sb) && !kv_get(sb.buf, sb.len, "layout", &v))
			ret = !strcmp(v.buf, "bls") || !strcmp(v.buf, "uki");
		free(p);
	}
	for (i = 0; i < ARRAY_SIZE(entries) && ret < 0; i++) {
		char *p = kroot_path(r, entries[i]);

		if (is_dir(p))
			ret = 1;
		free(p);
	}
	strbuf_release(&sb);
	strbuf_release(&v);
	return ret > 0;
}

/* $BOOT of the boot loader specification: /efi, /boot/efi or /boot. */
static const char *bls_boot(const struct kroot *r)
{
	static const char *const tops[] = { "/efi", "/boot/efi", "/boot" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tops); i++) {
		char *p = xasprintf("%s%s/loader", r->dir, tops[i]);
		int ok = is_dir(p);

		free(p);
		if (ok)
			return tops[i];
	}
	return "/boot";
}

/* The entry token: /etc/kernel/entry-token, else the machine id. */
static void entry_token(const struct kroot *r, struct strbuf *out)
{
	static const char *const files[] = {
		"/etc/kernel/entry-token", "/etc/machine-id",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char *p = kroot_path(r, files[i]);

		strbuf_reset(out);
		if (!read_file(p, out)) {
			strbuf_rtrim(out);
			if (out->len && !strchr(out->buf, '/')) {
				free(p);
				return;
			}
		}
		free(p);
	}
	strbuf_reset(out);
}

static int save(struct install *in)
{
	return manifest_save(&in->root, &in->m);
}

static void skipped(struct install *in, const char *step, const char *tool)
{
	in->skipped++;
	note("%s skipped: %s has no %s", step,
	     in->root.is_host ? "this machine" : in->root.dir, tool);
}

/* Record what a tool made in /boot: new paths naming the release. */
static void record_new(struct install *in, const struct strvec *before)
{
	struct strvec after = STRVEC_INIT;
	size_t i;

	if (in->root.dry_run)
		return;
	boot_snapshot(&in->root, &after);
	for (i = 0; i < after.nr; i++) {
		const char *p = after.v[i];
		char *full;

		if (strvec_has_sorted(before, p) || manifest_covers(&in->m, p) ||
		    !manifest_path_ok(p, in->release))
			continue;
		full = kroot_path(&in->root, p);
		manifest_add_path(&in->m, is_dir(full) ? MF_DIR : MF_FILE, p);
		free(full);
	}
	strvec_clear(&after);
}

/* ---- the steps ---- */

static int step_modules(struct install *in)
{
	struct strvec args = STRVEC_INIT;
	char *dir;
	int ret;

	if (!in->modules) {
		note("CONFIG_MODULES is off: no modules to install");
		return 0;
	}
	dir = xasprintf("%s/%s", in->root.modules, in->release);
	manifest_add_path(&in->m, MF_DIR, dir);
	free(dir);
	if (save(in))
		return -1;
	strvec_pushl(&args, "make", "-C", in->obj, "modules_install", NULL);
	if (!in->root.is_host)
		strvec_pushf(&args, "INSTALL_MOD_PATH=%s", in->root.dir);
	if (in->strip)
		strvec_push(&args, "INSTALL_MOD_STRIP=1");
	ret = host_run(&in->root, (const char *const *)args.v);
	strvec_clear(&args);
	if (ret)
		return error("make modules_install failed (exit status %d)",
			     ret);
	return 0;
}

static int copy_file(const struct kroot *r, const char *src, const char *dst)
{
	struct strbuf sb = STRBUF_INIT;
	char *full = kroot_path(r, dst);
	int ret = 0;

	if (!kroot_inside(r, full)) {
		ret = error("'%s' leads out of %s (a symlink); not written",
			    full, r->dir);
	} else if (r->dry_run) {
		printf("write: %s (from %s)\n", full, src);
	} else if (read_file(src, &sb)) {
		ret = error_errno("cannot read '%s'", src);
	} else {
		fprintf(stderr, "+ write %s\n", full);
		ret = write_file_atomic(full, sb.buf, sb.len);
	}
	free(full);
	strbuf_release(&sb);
	return ret;
}

static int step_boot_files(struct install *in)
{
	const char *src[3] = { in->image_src, "System.map", ".config" };
	const char *dst[3] = { in->names.image, in->names.sysmap,
			       in->names.config };
	char *boot = kroot_path(&in->root, "/boot");
	size_t i;
	int ret = 0;

	for (i = 0; i < 3; i++) {
		char *p = xasprintf("/boot/%s", dst[i]);

		manifest_add_path(&in->m, MF_FILE, p);
		free(p);
	}
	if (save(in) || (!in->root.dry_run && mkdir_p(boot))) {
		free(boot);
		return -1;
	}
	free(boot);
	for (i = 0; i < 3 && !ret; i++) {
		char *s = xasprintf("%s/%s", in->obj, src[i]);
		char *d = xasprintf("/boot/%s", dst[i]);

		ret = copy_file(&in->root, s, d);
		free(s);
		free(d);
	}
	return ret;
}

static int run_tool(struct install *in, const char *what,
		    const char *const *argv)
{
	struct strvec before = STRVEC_INIT;
	int ret;

	if (!in->root.dry_run)
		boot_snapshot(&in->root, &before);
	ret = kroot_run(&in->root, argv);
	record_new(in, &before);
	strvec_clear(&before);
	if (save(in))
		return -1;
	if (ret)
		return error("%s failed (exit status %d); 'kdev remove %s' "
			     "takes away what was installed so far", what, ret,
			     in->release);
	return 0;
}

static int step_initramfs(struct install *in)
{
	const struct kroot *r = &in->root;
	char *img = xasprintf("/boot/%s", in->names.initrd);
	char *fb = xasprintf("/boot/%s", in->names.fallback);
	const char *tool;
	int ret = 0;

	switch (r->os.family) {
	case DISTRO_DEBIAN:
		tool = kroot_tool(r, "update-initramfs");
		if (!tool) {
			skipped(in, "initramfs", "update-initramfs");
			break;
		}
		manifest_add_path(&in->m, MF_FILE, img);
		manifest_add_step(&in->m, MF_UNDO_UPDATE_INITRAMFS, NULL);
		if (save(in)) {
			ret = -1;
			break;
		}
		ret = run_tool(in, "update-initramfs", (const char *const[]){
			tool, "-c", "-k", in->release, NULL });
		break;
	case DISTRO_FEDORA:
	case DISTRO_SUSE:
		tool = kroot_tool(r, "dracut");
		if (!tool) {
			skipped(in, "initramfs", "dracut");
			break;
		}
		manifest_add_path(&in->m, MF_FILE, img);
		if (save(in)) {
			ret = -1;
			break;
		}
		ret = run_tool(in, "dracut", (const char *const[]){
			tool, "--force", "--kver", in->release, img, NULL });
		break;
	case DISTRO_ARCH:
		tool = kroot_tool(r, "mkinitcpio");
		if (!tool) {
			skipped(in, "initramfs", "mkinitcpio");
			break;
		}
		manifest_add_path(&in->m, MF_FILE, img);
		manifest_add_path(&in->m, MF_FILE, fb);
		if (save(in)) {
			ret = -1;
			break;
		}
		ret = run_tool(in, "mkinitcpio", (const char *const[]){
			tool, "-k", in->release, "-g", img, NULL });
		if (!ret)
			ret = run_tool(in, "mkinitcpio (fallback)",
				       (const char *const[]){
				tool, "-k", in->release, "-S", "autodetect",
				"-g", fb, NULL });
		break;
	default:
		in->skipped++;
		note("initramfs skipped: the distribution of %s is unknown "
		     "(no /etc/os-release)", r->is_host ? "/" : r->dir);
		break;
	}
	free(img);
	free(fb);
	return ret;
}

static int step_kernel_install(struct install *in)
{
	const char *tool = kroot_tool(&in->root, "kernel-install");
	const char *boot = bls_boot(&in->root);
	struct strbuf token = STRBUF_INIT;
	char *image = xasprintf("/boot/%s", in->names.image);
	int ret;

	entry_token(&in->root, &token);
	if (token.len) {
		char *p = xasprintf("%s/%s/%s", boot, token.buf, in->release);

		manifest_add_path(&in->m, MF_DIR, p);
		free(p);
		p = xasprintf("%s/loader/entries/%s-%s.conf", boot, token.buf,
			      in->release);
		manifest_add_path(&in->m, MF_FILE, p);
		free(p);
	}
	manifest_add_step(&in->m, MF_UNDO_KERNEL_INSTALL, NULL);
	strbuf_release(&token);
	if (save(in)) {
		free(image);
		return -1;
	}
	if (in->no_initramfs)
		note("kernel-install makes the initramfs through its own "
		     "plugins: --no-initramfs does not stop it");
	ret = run_tool(in, "kernel-install", (const char *const[]){
		tool, "add", in->release, image, NULL });
	free(image);
	return ret;
}

/* The boot menu's generator: update-grub, grub-mkconfig, grub2-mkconfig. */
static const char *grub_tool(const struct kroot *r, enum mf_undo *what,
			     const char **cfg)
{
	const char *t;
	char *p;
	int ok;

	if ((t = kroot_tool(r, "update-grub"))) {
		*what = MF_UNDO_UPDATE_GRUB;
		*cfg = "/boot/grub/grub.cfg";
		return t;
	}
	p = kroot_path(r, "/boot/grub2");
	ok = is_dir(p);
	free(p);
	if (ok && (t = kroot_tool(r, "grub2-mkconfig"))) {
		*what = MF_UNDO_GRUB2_MKCONFIG;
		*cfg = "/boot/grub2/grub.cfg";
		return t;
	}
	p = kroot_path(r, "/boot/grub");
	ok = is_dir(p);
	free(p);
	if (ok && (t = kroot_tool(r, "grub-mkconfig"))) {
		*what = MF_UNDO_GRUB_MKCONFIG;
		*cfg = "/boot/grub/grub.cfg";
		return t;
	}
	return NULL;
}

static int step_bootmenu(struct install *in, const char **cfgp)
{
	enum mf_undo what;
	const char *cfg, *tool = grub_tool(&in->root, &what, &cfg);
	char toolbuf[PATH_MAX];

	*cfgp = NULL;
	if (!tool) {
		skipped(in, "boot menu", "update-grub, grub-mkconfig or "
			"grub2-mkconfig (with its /boot/grub directory)");
		return 0;
	}
	snprintf(toolbuf, sizeof(toolbuf), "%s", tool);
	*cfgp = cfg;
	manifest_add_step(&in->m, what,
			  what == MF_UNDO_UPDATE_GRUB ? NULL : cfg);
	if (save(in))
		return -1;
	if (what == MF_UNDO_UPDATE_GRUB)
		return run_tool(in, "update-grub",
				(const char *const[]){ toolbuf, NULL });
	return run_tool(in, mf_undo_name(what), (const char *const[]){
		toolbuf, "-o", cfg, NULL });
}

static int step_once(struct install *in, const char *cfg)
{
	const struct kroot *r = &in->root;
	const char *tool;
	char toolbuf[PATH_MAX];

	if (in->bls) {
		struct strbuf token = STRBUF_INIT;
		char *id;
		int ret;

		tool = kroot_tool(r, "bootctl");
		if (!tool) {
			skipped(in, "--once", "bootctl");
			return 0;
		}
		snprintf(toolbuf, sizeof(toolbuf), "%s", tool);
		entry_token(r, &token);
		id = xasprintf("%s-%s.conf", token.buf, in->release);
		strbuf_release(&token);
		ret = kroot_run(r, (const char *const[]){
			toolbuf, "set-oneshot", id, NULL });
		free(id);
		return ret ? error("bootctl set-oneshot failed (exit status "
				   "%d)", ret) : 0;
	}
	tool = kroot_tool(r, cfg && starts_with(cfg, "/boot/grub2/") ?
			  "grub2-reboot" : "grub-reboot");
	if (!cfg || !tool) {
		skipped(in, "--once", cfg ? "grub-reboot" :
			"boot menu to pick the kernel from");
		return 0;
	}
	snprintf(toolbuf, sizeof(toolbuf), "%s", tool);
	{
		struct strbuf sb = STRBUF_INIT;
		struct grub_cfg gc;
		const struct grub_entry *e;
		char *p = kroot_path(r, cfg);
		char *sel = NULL;
		int ret;

		if (!read_file(p, &sb)) {
			grub_cfg_parse(sb.buf, sb.len, &gc);
			e = grub_cfg_entry_for(&gc, in->names.image);
			if (e)
				sel = xstrdup(e->id_path ? e->id_path :
					      e->title_path);
			grub_cfg_release(&gc);
		}
		strbuf_release(&sb);
		free(p);
		if (!sel && r->dry_run)
			sel = xasprintf("<the entry of /boot/%s>",
					in->names.image);
		if (!sel)
			return error("no entry for /boot/%s in %s%s; cannot "
				     "make it the next boot", in->names.image,
				     r->dir, cfg);
		ret = kroot_run(r, (const char *const[]){ toolbuf, sel, NULL });
		free(sel);
		return ret ? error("grub-reboot failed (exit status %d)", ret)
			   : 0;
	}
}

/* Refuse to write over a kernel kdev did not install. */
static int check_existing(struct install *in, int *have_manifest)
{
	struct kroot *r = &in->root;
	struct strbuf pkg = STRBUF_INIT;
	char *img = xasprintf("/boot/%s", in->names.image);
	char *mods = xasprintf("%s/%s", r->modules, in->release);
	char *fimg = kroot_path(r, img), *fmods = kroot_path(r, mods);
	int ret = manifest_load(r, in->release, &in->m);

	*have_manifest = !ret;
	if (ret < 0)
		goto out;
	if (ret == 0) {
		ret = 0;
		goto out;
	}
	ret = 0;
	memset(&in->m, 0, sizeof(in->m));
	if (access(fimg, F_OK) && access(fmods, F_OK))
		goto out;
	if (kroot_owner(r, access(fimg, F_OK) ? mods : img, &pkg) == 1) {
		ret = error("release %s is installed already by the package "
			    "'%s'; change the kernel's release "
			    "(CONFIG_LOCALVERSION) to install it beside",
			    in->release, pkg.buf);
	} else if (!in->force) {
		ret = error("release %s is installed already, and not by kdev "
			    "(no manifest); --force overwrites it", in->release);
	}
out:
	strbuf_release(&pkg);
	free(img);
	free(mods);
	free(fimg);
	free(fmods);
	return ret;
}

/* Nothing kdev writes may land outside the root through a symlink. */
static int check_paths(struct install *in)
{
	/* make modules_install writes to INSTALL_MOD_PATH/lib/modules */
	const char *dirs[] = { "/boot/x", "/var/lib/kdev/installed/x", NULL,
			       NULL };
	char *mods = xasprintf("/lib/modules/%s/x", in->release);
	size_t i;
	int ret = 0;

	dirs[2] = mods;
	for (i = 0; dirs[i] && !ret; i++) {
		char *full = kroot_path(&in->root, dirs[i]);

		if (!kroot_inside(&in->root, full))
			ret = error("'%s' leads out of %s through a symlink; "
				    "kdev installs nothing there", full,
				    in->root.dir);
		free(full);
	}
	free(mods);
	return ret;
}

static int do_install(struct install *in)
{
	const char *cfg = NULL;
	int have_manifest;

	boot_names(in->root.os.family, in->release, &in->names);
	if (check_paths(in) || check_existing(in, &have_manifest))
		return 1;
	if (!have_manifest) {
		in->m.release = xstrdup(in->release);
	} else {
		note("reinstalling %s over its earlier install", in->release);
		in->m.complete = 0;
	}
	in->m.time = (long long)time(NULL);
	snprintf(in->m.family, sizeof(in->m.family), "%s",
		 distro_family_name(in->root.os.family));
	in->bls = uses_kernel_install(&in->root);
	if (in->root.dry_run)
		printf("write: %s" MANIFEST_DIR "/%s\n", in->root.dir,
		       in->release);
	if (step_modules(in) || step_boot_files(in))
		return 1;
	if (in->bls) {
		if (in->no_bootloader)
			note("--no-bootloader: kernel-install not run (no boot "
			     "entry, no initramfs)");
		else if (step_kernel_install(in))
			return 1;
	} else {
		if (!in->no_initramfs && step_initramfs(in))
			return 1;
		if (!in->no_bootloader && step_bootmenu(in, &cfg))
			return 1;
	}
	if (in->once && !in->no_bootloader && step_once(in, cfg))
		return 1;
	in->m.complete = 1;
	if (save(in))
		return 1;
	if (!in->root.dry_run)
		note("installed %s%s", in->release,
		     in->skipped ? " (some steps skipped, see above)" : "");
	return 0;
}

int cmd_install(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "once", no_argument, NULL, '1' },
		{ "strip", no_argument, NULL, 's' },
		{ "no-initramfs", no_argument, NULL, 'I' },
		{ "no-bootloader", no_argument, NULL, 'B' },
		{ "force", no_argument, NULL, 'f' },
		{ "tree", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct install in;
	const char *root = NULL, *tree = NULL, *obj = NULL, *v;
	static char objbuf[PATH_MAX];
	int opt, dry_run = 0, ret, i;

	memset(&in, 0, sizeof(in));
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":nh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root = optarg;
			break;
		case 'n':
			dry_run = 1;
			break;
		case '1':
			in.once = 1;
			break;
		case 's':
			in.strip = 1;
			break;
		case 'I':
			in.no_initramfs = 1;
			break;
		case 'B':
			in.no_bootloader = 1;
			break;
		case 'f':
			in.force = 1;
			break;
		case 't':
			tree = optarg;
			break;
		case 'h':
			return usage_help(install_usage);
		default:
			usage_bad_option(install_usage, opt, argv);
		}
	}
	for (i = optind; i < argc; i++) {
		if (skip_prefix(argv[i], "O=", &v) && *v)
			obj = v;
		else
			usage_error(install_usage, "unexpected argument '%s'",
				    argv[i]);
	}
	if (root && !*root)
		usage_error(install_usage, "--root needs a directory");
	v = obj ? obj : tree ? tree : ".";
	if (!is_dir(v) || !realpath(v, objbuf))
		return error("build directory '%s' does not exist", v), 1;
	in.obj = objbuf;
	if (find_built(&in))
		return 1;
	if (kroot_open(&in.root, root, dry_run))
		return 1;
	ret = do_install(&in);
	manifest_release(&in.m);
	kroot_release(&in.root);
	return ret;
}

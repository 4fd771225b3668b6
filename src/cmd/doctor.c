// SPDX-License-Identifier: GPL-2.0
/*
 * kdev doctor: is everything kdev's commands need on this machine?
 *
 * One line a check: "ok", "missing" (something the tree needs: the exit
 * status is 1) or "warn" (something a command would miss, or do more
 * slowly), what was checked, and for what is not there the package of
 * this distribution that provides it (src/build/hostdeps.h for the
 * build tools, the table below for the others). --fix installs those
 * packages with the distribution's package manager.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kdev.h"
#include "../build/hostdeps.h"
#include "../build/makeargv.h"
#include "../decode/dw.h"
#include "../kconfig/dotconfig.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/osrelease.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "../vm/kvm.h"

static const char doctor_usage[] =
	"usage: kdev doctor [--tree DIR] [O=DIR] [--fix [--dry-run]] [--json]\n"
	"\n"
	"Check what kdev's commands need on this machine: the build tools\n"
	"for the tree, QEMU, virtiofsd, KVM, debugfs, the tree's state, gdb,\n"
	"git's identity and send-email. Each line says ok, missing (the tree\n"
	"needs it: exit status 1) or warn, and names the package to install.\n"
	"\n"
	"options:\n"
	"   --tree DIR    the kernel source tree (default: here)\n"
	"   --fix         install the packages named, with the distribution's\n"
	"                 package manager (the command is shown first)\n"
	"   -n, --dry-run with --fix: only show the command\n"
	"   --json        print JSON\n"
	"   -h, --help    this text\n"
	"\n"
	"variables, as make takes them:\n"
	"   O=DIR                          build directory\n"
	"   CC=CC, CROSS_COMPILE=PREFIX, LLVM=1   the toolchain to look for\n"
	"\n"
	"KDEV_OSRELEASE_ROOT=DIR reads DIR/etc/os-release for the package\n"
	"names instead of this machine's. 'man kdev-doctor' has more.\n";

enum status { ST_OK, ST_WARN, ST_MISSING };

static const char *const status_names[] = { "ok", "warn", "missing" };

struct check {
	const char *section;
	char *name;
	enum status status;
	char *detail;
	char *package;		/* to install, or NULL */
};

struct doctor {
	const char *tree;	/* --tree */
	const char *objtree;	/* O= */
	struct build_opts bo;
	int fix, dry_run, json;
	char *srctree;		/* the tree found, or NULL */
	char *obj;		/* where .config and vmlinux are */
	struct dotconfig config;
	int have_config;
	struct os_release os;
	struct check *v;
	size_t nr, alloc;
};

/* Packages of the tools that are not build tools: deb, fedora, arch,
   suse (enum distro_family order, after DISTRO_UNKNOWN) */
struct pkgs {
	const char *pkg[5];
};

#define PKG(deb, fed, arch, suse) { { NULL, deb, fed, arch, suse } }

static const struct pkgs qemu_pkgs =
	PKG("qemu-system-x86", "qemu-system-x86-core", "qemu-system-x86",
	    "qemu-x86");
static const struct pkgs virtiofsd_pkgs =
	PKG("qemu-system-common", "virtiofsd", "virtiofsd", "virtiofsd");
static const struct pkgs gdb_pkgs = PKG("gdb", "gdb", "gdb", "gdb");
static const struct pkgs git_pkgs = PKG("git", "git", "git", "git");
static const struct pkgs send_email_pkgs =
	PKG("git-email", "git-email", "git", "git-email");

static const char *pkg_for(struct doctor *d, const struct pkgs *p)
{
	if ((unsigned int)d->os.family >= 5)
		return NULL;
	return p->pkg[d->os.family];
}

static void add(struct doctor *d, const char *section, enum status st,
		const char *pkg, const char *name, const char *fmt, ...)
	PRINTF(6, 7);

static void add(struct doctor *d, const char *section, enum status st,
		const char *pkg, const char *name, const char *fmt, ...)
{
	struct check *c;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(d->v, d->nr + 1, d->alloc);
	c = &d->v[d->nr++];
	c->section = section;
	c->name = xstrdup(name);
	c->status = st;
	c->package = st != ST_OK && pkg ? xstrdup(pkg) : NULL;
	if (c->package) {
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		strbuf_addf(&sb, "install the %s package %s",
			    distro_family_name(d->os.family), pkg);
	}
	c->detail = strbuf_detach(&sb, NULL);
}

/* ---- the tree ---- */

static int is_tree(const char *dir)
{
	char *k = xasprintf("%s/Kconfig", dir), *m = xasprintf("%s/Makefile",
							       dir);
	int ok = is_file(k) && is_file(m);

	free(k);
	free(m);
	return ok;
}

static int find_tree(struct doctor *d)
{
	const char *out = d->objtree;

	if (!out || !*out)
		out = getenv("KBUILD_OUTPUT");
	if (out && !*out)
		out = NULL;
	if (d->tree) {
		if (!is_tree(d->tree))
			return error("no Kconfig and Makefile in '%s': --tree takes a kernel source tree",
				     d->tree);
		d->srctree = xstrdup(d->tree);
	} else if (is_tree(".")) {
		d->srctree = xstrdup(".");
	} else if (is_file("source/Kconfig")) {
		d->srctree = xstrdup("source");
		if (!out)
			out = ".";
	}
	if (d->srctree) {
		/* O= is relative to where kdev runs, as for make */
		d->obj = xstrdup(out ? out : d->srctree);
	}
	return 0;
}

static int config_on(void *data, const char *sym)
{
	struct dotconfig *dc = data;
	const struct dotconfig_entry *e = dotconfig_find(dc, sym);

	return e && (!strcmp(e->value, "y") || !strcmp(e->value, "m"));
}

static void check_build(struct doctor *d)
{
	struct hostdep_need need[HOSTDEPS_MAX];
	struct hostdeps_query q = { 0 };
	char *cc = build_compiler(&d->bo), *hostcc = build_host_compiler(&d->bo);
	char *ld = build_linker(&d->bo);
	size_t i, n;

	q.cc = strrchr(cc, ' ') ? strrchr(cc, ' ') + 1 : cc;
	q.hostcc = strrchr(hostcc, ' ') ? strrchr(hostcc, ' ') + 1 : hostcc;
	q.ld = ld;
	if (d->have_config) {
		q.config_on = config_on;
		q.data = &d->config;
	}
	n = hostdeps_needed(&q, need);
	for (i = 0; i < n; i++) {
		struct strbuf pkg = STRBUF_INIT, why = STRBUF_INIT;
		char *name = need[i].dep->role == HOSTDEP_FIXED ?
			     xstrdup(need[i].dep->name) :
			     xasprintf("%s (%s)", need[i].dep->name,
				       need[i].file);
		char *path = need[i].dep->kind == HOSTDEP_PROGRAM ?
			     find_program(need[i].file) : NULL;

		if (need[i].dep->kind == HOSTDEP_HEADER)
			strbuf_addf(&why, "%s: ", need[i].file);
		strbuf_addstr(&why, need[i].dep->why);
		if (need[i].reason)
			strbuf_addf(&why, ", for CONFIG_%s", need[i].reason);
		if (hostdep_present(&need[i], NULL))
			add(d, "build", ST_OK, NULL, name, "%s",
			    path ? path : why.buf);
		else
			add(d, "build", ST_MISSING,
			    hostdep_package(&need[i], d->os.family, &pkg) ?
			    pkg.buf : NULL, name, "%s", why.buf);
		free(path);
		free(name);
		strbuf_release(&pkg);
		strbuf_release(&why);
	}
	free(cc);
	free(hostcc);
	free(ld);
}

/* ---- QEMU, virtiofsd, KVM ---- */

static void check_vm(struct doctor *d)
{
	static const char *const vfsd[] = {
		"/usr/lib/qemu/virtiofsd", "/usr/libexec/virtiofsd",
		"/usr/lib/virtiofsd",
	};
	struct strbuf why = STRBUF_INIT;
	char *p = find_program("qemu-system-x86_64");
	size_t i;

	if (p)
		add(d, "vm", ST_OK, NULL, "qemu-system-x86_64", "%s", p);
	else
		add(d, "vm", ST_MISSING, pkg_for(d, &qemu_pkgs),
		    "qemu-system-x86_64", "kdev run boots kernels with it");
	free(p);
	p = NULL;
	for (i = 0; i < ARRAY_SIZE(vfsd) && !p; i++)
		if (!access(vfsd[i], X_OK))
			p = xstrdup(vfsd[i]);
	if (!p)
		p = find_program("virtiofsd");
	if (p)
		add(d, "vm", ST_OK, NULL, "virtiofsd", "%s", p);
	else
		add(d, "vm", ST_WARN, pkg_for(d, &virtiofsd_pkgs), "virtiofsd",
		    "not in /usr/lib/qemu, /usr/libexec or $PATH: kdev run shares the root with 9p (slower)");
	free(p);
	if (kvm_usable(KVM_PROBE_TIMEOUT_MS, &why))
		add(d, "vm", ST_OK, NULL, "kvm", "KVM runs guest code");
	else
		add(d, "vm", ST_WARN, NULL, "kvm",
		    "%s: kdev run uses TCG (slower)",
		    why.len ? why.buf : "KVM is not usable");
	strbuf_release(&why);
}

/* ---- debugging ---- */

static int debugfs_at(struct strbuf *where)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end;
	int found = 0;

	if (read_file("/proc/self/mounts", &sb))
		return 0;
	for (p = sb.buf, end = sb.buf + sb.len; p < end && !found;) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		char dev[256], dir[PATH_MAX], type[64];
		char *line = xstrndup(p, eol - p);

		if (sscanf(line, "%255s %4095s %63s", dev, dir, type) == 3 &&
		    !strcmp(type, "debugfs")) {
			strbuf_addstr(where, dir);
			found = 1;
		}
		free(line);
		p = eol + 1;
	}
	strbuf_release(&sb);
	return found;
}

static void check_debug(struct doctor *d)
{
	struct strbuf at = STRBUF_INIT;
	char *p;

	if (debugfs_at(&at))
		add(d, "debug", ST_OK, NULL, "debugfs", "mounted on %s", at.buf);
	else
		add(d, "debug", ST_WARN, NULL, "debugfs",
		    "not mounted: mount -t debugfs none /sys/kernel/debug (kdev dyndbg mounts it when it needs it)");
	strbuf_release(&at);
	p = find_program("gdb");
	if (p)
		add(d, "debug", ST_OK, NULL, "gdb", "%s", p);
	else
		add(d, "debug", ST_WARN, pkg_for(d, &gdb_pkgs), "gdb",
		    "kdev gdb needs it");
	free(p);
}

/* ---- the tree's state ---- */

/* 1: @path has a .debug_info section, 0: not, -1: not an ELF file */
static int has_dwarf(const char *path)
{
	const char *why;
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	int fd, ret = 0;
	Elf *elf;

	if (dw_load(&why)) {
		error("%s", why);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF ||
	    elf_getshdrstrndx(elf, &shstrndx)) {
		ret = -1;
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && (!strcmp(name, ".debug_info") ||
			     !strcmp(name, ".zdebug_info")) && sh.sh_size) {
			ret = 1;
			break;
		}
	}
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}

static void check_tree(struct doctor *d)
{
	char *path;
	int r;

	if (!d->srctree) {
		add(d, "tree", ST_WARN, NULL, "kernel tree",
		    "not in a kernel source tree: run kdev doctor in one, or give --tree DIR");
		return;
	}
	path = xasprintf("%s/.config", d->obj);
	if (d->have_config)
		add(d, "tree", ST_OK, NULL, ".config", "%s", path);
	else
		add(d, "tree", ST_MISSING, NULL, ".config",
		    "no %s: configure the tree (kdev config from-running, or kdev config preset vm debug)",
		    path);
	free(path);
	path = xasprintf("%s/vmlinux", d->obj);
	r = has_dwarf(path);
	if (r > 0)
		add(d, "tree", ST_OK, NULL, "vmlinux", "%s, with DWARF", path);
	else if (r == 0)
		add(d, "tree", ST_WARN, NULL, "vmlinux",
		    "%s has no debug info: kdev decode and kdev gdb want it (kdev config preset debug, then kdev build)",
		    path);
	else
		add(d, "tree", ST_WARN, NULL, "vmlinux",
		    "%s is not built: kdev build", path);
	free(path);
	if (d->have_config && config_on(&d->config, "MODULES")) {
		path = xasprintf("%s/modules.order", d->obj);
		if (is_file(path))
			add(d, "tree", ST_OK, NULL, "modules", "%s", path);
		else
			add(d, "tree", ST_WARN, NULL, "modules",
			    "CONFIG_MODULES=y but no %s: kdev build", path);
		free(path);
	}
	path = xasprintf("%s/scripts/checkpatch.pl", d->srctree);
	if (is_file(path))
		add(d, "tree", ST_OK, NULL, "checkpatch.pl", "%s", path);
	else
		add(d, "tree", ST_WARN, NULL, "checkpatch.pl",
		    "no %s: kdev patch check needs it", path);
	free(path);
}

/* ---- git ---- */

/* `git config --get KEY` in the tree; 0 and the value, or -1 */
static int git_config(struct doctor *d, const char *key, struct strbuf *out)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	int ret;

	strvec_pushl(&cp.args, "git", "config", "--get", key, NULL);
	cp.dir = d->srctree;
	cp.in = CHILD_NULL;
	cp.err = CHILD_NULL;
	ret = capture_command(&cp, out, NULL);
	strvec_clear(&cp.args);
	strbuf_rtrim(out);
	return ret || !out->len ? -1 : 0;
}

static void check_git(struct doctor *d)
{
	struct strbuf name = STRBUF_INIT, email = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct child_process cp = CHILD_PROCESS_INIT;
	char *git = find_program("git"), *p;

	if (!git) {
		add(d, "patches", ST_WARN, pkg_for(d, &git_pkgs), "git",
		    "kdev patch and kdev build --each-commit need it");
		return;
	}
	add(d, "patches", ST_OK, NULL, "git", "%s", git);
	free(git);
	if (!git_config(d, "user.name", &name) &&
	    !git_config(d, "user.email", &email))
		add(d, "patches", ST_OK, NULL, "git identity", "%s <%s>",
		    name.buf, email.buf);
	else
		add(d, "patches", ST_WARN, NULL, "git identity",
		    "no user.%s: git config --global user.name 'Your Name'; git config --global user.email you@example.org",
		    name.len ? "email" : "name");
	/* git send-email is a program of git's exec path */
	strvec_pushl(&cp.args, "git", "--exec-path", NULL);
	cp.in = CHILD_NULL;
	cp.err = CHILD_NULL;
	if (!capture_command(&cp, &sb, NULL)) {
		strbuf_rtrim(&sb);
		strbuf_addstr(&sb, "/git-send-email");
	}
	strvec_clear(&cp.args);
	if (sb.len && !access(sb.buf, X_OK))
		add(d, "patches", ST_OK, NULL, "git send-email", "%s", sb.buf);
	else
		add(d, "patches", ST_WARN, pkg_for(d, &send_email_pkgs),
		    "git send-email", "kdev patch send needs it");
	strbuf_reset(&sb);
	p = find_program("sendmail");
	if (!p && !access("/usr/sbin/sendmail", X_OK))
		p = xstrdup("/usr/sbin/sendmail");
	if (!git_config(d, "sendemail.smtpserver", &sb))
		add(d, "patches", ST_OK, NULL, "send-email server",
		    "sendemail.smtpserver %s", sb.buf);
	else if (p)
		add(d, "patches", ST_OK, NULL, "send-email server",
		    "no sendemail.smtpserver: git send-email uses %s", p);
	else
		add(d, "patches", ST_WARN, NULL, "send-email server",
		    "no sendemail.smtpserver and no sendmail: git config --global sendemail.smtpserver smtp.example.org");
	free(p);
	strbuf_release(&name);
	strbuf_release(&email);
	strbuf_release(&sb);
}

/* ---- report and --fix ---- */

/* The install command for @pkgs on this distribution, in @argv */
static int fix_command(struct doctor *d, const struct strvec *pkgs,
		       struct strvec *argv)
{
	size_t i;

	if (geteuid() != 0 && have_program("sudo"))
		strvec_push(argv, "sudo");
	switch (d->os.family) {
	case DISTRO_DEBIAN:
		strvec_pushl(argv, "apt-get", "install", "-y", NULL);
		break;
	case DISTRO_FEDORA:
		strvec_pushl(argv, "dnf", "install", "-y", NULL);
		break;
	case DISTRO_ARCH:
		strvec_pushl(argv, "pacman", "-S", "--needed", NULL);
		break;
	case DISTRO_SUSE:
		strvec_pushl(argv, "zypper", "install", "-y", NULL);
		break;
	default:
		return -1;
	}
	for (i = 0; i < pkgs->nr; i++)
		strvec_push(argv, pkgs->v[i]);
	return 0;
}

static void packages(struct doctor *d, struct strvec *pkgs)
{
	size_t i, j;

	for (i = 0; i < d->nr; i++) {
		if (!d->v[i].package)
			continue;
		for (j = 0; j < pkgs->nr; j++)
			if (!strcmp(pkgs->v[j], d->v[i].package))
				break;
		if (j == pkgs->nr)
			strvec_push(pkgs, d->v[i].package);
	}
}

static void print_text(struct doctor *d, size_t missing)
{
	const char *section = NULL;
	size_t i;

	for (i = 0; i < d->nr; i++) {
		struct check *c = &d->v[i];

		if (!section || strcmp(section, c->section)) {
			section = c->section;
			printf("%s%s:\n", i ? "\n" : "", section);
		}
		printf("  %-8s%-26s %s\n", status_names[c->status], c->name,
		       c->detail);
	}
	if (missing)
		printf("\n%zu missing: kdev doctor --fix installs what has a package\n",
		       missing);
}

static void print_json(struct doctor *d, size_t missing,
		       const struct strvec *fix)
{
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	size_t i;

	json_init(&jw, &out, 1);
	json_object_begin(&jw, NULL);
	json_object_begin(&jw, "distribution");
	json_string(&jw, "id", d->os.id);
	json_string(&jw, "family", distro_family_name(d->os.family));
	json_object_end(&jw);
	if (d->srctree)
		json_string(&jw, "tree", d->srctree);
	else
		json_null(&jw, "tree");
	json_uint(&jw, "missing", missing);
	json_bool(&jw, "ok", !missing);
	json_array_begin(&jw, "checks");
	for (i = 0; i < d->nr; i++) {
		struct check *c = &d->v[i];

		json_object_begin(&jw, NULL);
		json_string(&jw, "section", c->section);
		json_string(&jw, "name", c->name);
		json_string(&jw, "status", status_names[c->status]);
		json_string(&jw, "detail", c->detail);
		if (c->package)
			json_string(&jw, "package", c->package);
		else
			json_null(&jw, "package");
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_array_begin(&jw, "fix");
	for (i = 0; fix && i < fix->nr; i++)
		json_string(&jw, NULL, fix->v[i]);
	json_array_end(&jw);
	json_object_end(&jw);
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
}

static void parse_args(struct doctor *d, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help"))
			exit(usage_help(doctor_usage));
		else if (!strcmp(arg, "--fix"))
			d->fix = 1;
		else if (!strcmp(arg, "-n") || !strcmp(arg, "--dry-run"))
			d->dry_run = 1;
		else if (!strcmp(arg, "--json"))
			d->json = 1;
		else if (!strcmp(arg, "--tree") && i + 1 < argc)
			d->tree = argv[++i];
		else if (skip_prefix(arg, "--tree=", &v))
			d->tree = v;
		else if (skip_prefix(arg, "O=", &v))
			d->objtree = v;
		else if (skip_prefix(arg, "CC=", &v))
			d->bo.cc = v;
		else if (skip_prefix(arg, "CROSS_COMPILE=", &v))
			d->bo.cross_compile = v;
		else if (skip_prefix(arg, "LLVM=", &v))
			d->bo.llvm = v;
		else if (arg[0] == '-')
			usage_error(doctor_usage, "unknown option '%s'", arg);
		else
			usage_error(doctor_usage, "doctor takes no arguments, not '%s'",
				    arg);
	}
	if (d->dry_run && !d->fix)
		usage_error(doctor_usage, "--dry-run goes with --fix");
}

int cmd_doctor(int argc, char **argv)
{
	struct doctor d;
	struct strvec pkgs = STRVEC_INIT, fix = STRVEC_INIT;
	const char *root = getenv("KDEV_OSRELEASE_ROOT");
	size_t i, missing = 0;
	int ret = 0;

	memset(&d, 0, sizeof(d));
	parse_args(&d, argc, argv);
	if (find_tree(&d))
		return 1;
	os_release_read(root && *root ? root : NULL, &d.os);
	if (d.obj) {
		char *cfg = xasprintf("%s/.config", d.obj);

		d.have_config = is_file(cfg) &&
				!dotconfig_read(&d.config, cfg,
						dotconfig_prefix());
		free(cfg);
	}
	check_build(&d);
	check_vm(&d);
	check_debug(&d);
	check_tree(&d);
	check_git(&d);
	for (i = 0; i < d.nr; i++)
		missing += d.v[i].status == ST_MISSING;
	packages(&d, &pkgs);
	if (pkgs.nr)
		fix_command(&d, &pkgs, &fix);
	if (d.json)
		print_json(&d, missing, &fix);
	else
		print_text(&d, missing);
	if (d.fix && d.os.family == DISTRO_UNKNOWN) {
		for (i = 0; i < d.nr && d.v[i].status == ST_OK; i++)
			;
		if (i < d.nr)
			warning("cannot install packages on this distribution (%s): install what the lines name by hand",
				d.os.id[0] ? d.os.id : "unknown");
	} else if (d.fix && fix.nr) {
		struct strbuf sb = STRBUF_INIT;

		quote_argv(&sb, fix.v);
		fflush(stdout);
		fprintf(d.json ? stderr : stdout, "%s%s\n",
			d.dry_run ? "" : "+ ", sb.buf);
		strbuf_release(&sb);
		if (!d.dry_run) {
			struct child_process cp = CHILD_PROCESS_INIT;

			for (i = 0; i < fix.nr; i++)
				strvec_push(&cp.args, fix.v[i]);
			fflush(stdout);
			ret = run_command(&cp);
			strvec_clear(&cp.args);
			if (ret) {
				ret = error("%s failed: nothing more to do here",
					    fix.v[0]);
			} else {
				note("installed %zu package%s: run kdev doctor again",
				     pkgs.nr, pkgs.nr == 1 ? "" : "s");
			}
		}
	} else if (d.fix) {
		note("nothing to install");
	}
	if (missing || ret)
		ret = 1;
	for (i = 0; i < d.nr; i++) {
		free(d.v[i].name);
		free(d.v[i].detail);
		free(d.v[i].package);
	}
	free(d.v);
	strvec_clear(&pkgs);
	strvec_clear(&fix);
	dotconfig_release(&d.config);
	free(d.srctree);
	free(d.obj);
	return ret;
}

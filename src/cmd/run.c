// SPDX-License-Identifier: GPL-2.0
/*
 * kdev run: boot a kernel in QEMU on the host's own filesystem (shared
 * read-only through virtiofs, with tmpfs overlays where programs write),
 * run one command in it, and decode any kernel report its console shows.
 *
 * Everything here is plumbing: the QEMU and virtiofsd argv come from
 * src/vm/qemu.c, the initramfs from src/vm/initramfs.c and modules.c,
 * the guest's PID 1 is guest/init.c (embedded in kdev at build time),
 * reports are cut by src/vm/console.c and decoded by src/decode/.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/mount.h>

#include "../debug/dyndbg.h"
#include "../debug/view.h"
#include "../decode/decoder.h"
#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "../vm/attach.h"
#include "../vm/console.h"
#include "../vm/initramfs.h"
#include "../vm/kvm.h"
#include "../vm/modules.h"
#include "../vm/proto.h"
#include "../vm/qemu.h"

/* guest/init.c, built static, linked in by the Makefile */
extern const char _binary_kdev_init_start[], _binary_kdev_init_end[];

/* Exit statuses beyond the command's own (see kdev-run(1)). */
#define RUN_EXIT_WARNING	101
#define RUN_EXIT_BUG		102
#define RUN_EXIT_OOPS		103
#define RUN_EXIT_PANIC		104
#define RUN_EXIT_TIMEOUT	124
#define RUN_EXIT_FAILED		125

static const char run_usage[] =
	"usage: kdev run [options] [-- COMMAND [ARG...]]\n"
	"\n"
	"Boot a kernel in QEMU on this machine's own filesystem (read-only,\n"
	"with tmpfs overlays where programs write) and run COMMAND in it, or\n"
	"an interactive shell. Kernel reports on the console are decoded.\n"
	"\n"
	"kernel:\n"
	"   --kernel FILE      bzImage to boot (default: the tree's)\n"
	"   --tree DIR         kernel tree or O= directory (default: current)\n"
	"   --modules DIR|auto where the kernel's modules are (auto:\n"
	"                      /lib/modules/RELEASE of the image)\n"
	"   --vmlinux FILE     vmlinux with debug info, to decode reports\n"
	"                      (default: as kdev decode finds it)\n"
	"   --decode-modules DIR  also search DIR for module objects when\n"
	"                      decoding (out-of-tree modules; repeatable)\n"
	"filesystems:\n"
	"   --root DIR         boot DIR as the root instead of /\n"
	"   --rw               write through to the root (no overlays)\n"
	"   --rwdir HOST[:GUEST]  share a writable directory\n"
	"   --rodir HOST[:GUEST]  share a read-only directory\n"
	"   --root-user        run the command as root, not as you\n"
	"   --fs virtiofs|9p   how files are shared (default: virtiofs when\n"
	"                      virtiofsd is installed, else QEMU's 9p)\n"
	"machine:\n"
	"   --accel kvm|tcg    default: KVM when it really works\n"
	"   --cpus N           default: 2\n"
	"   --memory MiB       default: 1024\n"
	"   --append ARGS      more kernel parameters\n"
	"   --dyndbg QUERY     dynamic debug at boot (may be repeated)\n"
	"   --panic-on-warn    a WARNING panics the kernel\n"
	"   --oops-panic       an oops panics the kernel\n"
	"   --net user         user-mode network (virtio-net)\n"
	"   --ssh PORT         forward localhost:PORT to the guest's port 22\n"
	"   --gdb[=PORT]       QEMU's gdb stub (default 1234), nokaslr\n"
	"   --kgdb             kgdb on ttyS1 (RUNDIR/kgdb.sock), kgdbwait:\n"
	"                      attach with kdev gdb --kgdb\n"
	"run:\n"
	"   --name NAME        the guest's name for kdev attach (default: the\n"
	"                      lowest free number)\n"
	"   --timeout SECONDS  kill the guest after this long (default: 120\n"
	"                      with KVM, 600 with TCG, none with --gdb; 0: none)\n"
	"   --log FILE         the whole console (default: in the run dir,\n"
	"                      kept when something went wrong)\n"
	"   -v, --verbose      show the console live on stderr\n"
	"   -n, --dry-run      print what would run, run nothing\n"
	"   -h, --help         this text\n"
	"\n"
	"Exit status: the command's; 101 a WARNING, 102 a BUG/KASAN/UBSAN/\n"
	"KFENCE report, 103 an oops, 104 a panic, 124 timeout, 125 kdev or\n"
	"QEMU failed. Interactive shell: Ctrl-A x quits. 'kdev attach NAME'\n"
	"opens more shells in the guest while it runs.\n";

struct share {
	char *host;
	char *guest;
	int rw;
	char tag[16];
	char sock[PATH_MAX + 32];
	pid_t pid;
};

struct run {
	/* options */
	const char *kernel;
	const char *tree;
	const char *modules;
	const char *root;
	const char *accel;
	const char *log_path;
	const char *name;	/* --name, for kdev attach */
	struct strvec append;
	struct strvec dyndbg;
	int rw, root_user, cpus, memory, timeout, verbose, dry_run;
	int panic_on_warn, oops_panic, net, ssh_port, gdb_port;
	int kgdb;		/* --kgdb: kgdb on ttyS1 */
	int use_9p;		/* QEMU's 9p server instead of virtiofsd */
	const char *fs;		/* --fs: "virtiofs", "9p" or NULL (choose) */
	char **cmd;
	int ncmd;
	/* derived */
	char release[128];
	char kernel_path[PATH_MAX];
	struct share *shares;
	size_t nshares;
	/* state */
	char dir[PATH_MAX];
	pid_t qemu;
	int con_fd;		/* console pipe, read end */
	int in_listen, in_conn;	/* stdin socket */
	int sig_fd;
	FILE *log;
	struct attach_hub hub;	/* kdev attach's sessions */
	int hub_on;
	struct console_monitor mon;
	struct kmsg_view view;	/* -v: the console as kdev dmesg shows it */
	struct decoder *dec;
	struct decode_options dopts;
	/* KDEV_TRACE: timestamped steps on stderr */
	int trace;
	long long trace_t0;	/* microseconds of CLOCK_MONOTONIC */
	int trace_con;		/* console bytes seen */
	pid_t trace_vfsd;	/* virtiofsd to watch until it waits for QEMU */
	struct strbuf trace_line;
};

/* ---- small helpers ---- */

/*
 * --dyndbg: checked as kdev dyndbg checks it, then written back in a
 * form the kernel command line carries (no '"' inside): each query
 * becomes a dyndbg="..." item, MODULE.dyndbg=QUERY stays one item.
 */
static void add_dyndbg(struct run *r, const char *arg)
{
	struct dd_queries qs = { 0 };
	struct strbuf sb = STRBUF_INIT, val = STRBUF_INIT;
	struct dd_error err;
	const char *eq = strstr(arg, ".dyndbg="), *text = arg;
	size_t i, n = eq ? (size_t)(eq - arg) : 0;
	int per_module = eq && n && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
					   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789_-") == n;

	if (per_module)
		text = eq + strlen(".dyndbg=");
	if (dd_parse(text, per_module ? DD_PARSE_MODULE : 0, &qs, &err)) {
		fputs("kdev run --dyndbg:\n", stderr);
		dd_error_print(text, &err, stderr);
		exit(2);
	}
	if (!qs.nr)
		usage_error(run_usage, "--dyndbg '%s' holds no query", arg);
	for (i = 0; i < qs.nr; i++) {
		strbuf_reset(&sb);
		if (dd_query_text(&qs.v[i], per_module, &sb))
			usage_error(run_usage, "--dyndbg: '%.*s' cannot go on "
				    "the kernel command line: a value has "
				    "both whitespace and a quote",
				    (int)(qs.v[i].end - qs.v[i].start),
				    text + qs.v[i].start);
		if (!per_module) {
			strvec_push(&r->dyndbg, sb.buf);
			continue;
		}
		if (val.len)
			strbuf_addstr(&val, "; ");
		strbuf_addbuf(&val, &sb);
	}
	if (per_module && strpbrk(val.buf, " ;"))
		strvec_pushf(&r->append, "%.*s.dyndbg=\"%s\"", (int)n, arg,
			     val.buf);
	else if (per_module)
		strvec_pushf(&r->dyndbg, "%.*s.dyndbg=%s", (int)n, arg,
			     val.buf);
	dd_queries_clear(&qs);
	strbuf_release(&sb);
	strbuf_release(&val);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static void add_share(struct run *r, const char *spec, int rw)
{
	const char *colon = strchr(spec, ':');
	struct share *s;
	char real[PATH_MAX];
	char *host = colon ? xstrndup(spec, (size_t)(colon - spec)) :
			     xstrdup(spec);

	if (!realpath(host, real) || !is_dir(real))
		usage_error(run_usage, "--%s: '%s' is not a directory",
			    rw ? "rwdir" : "rodir", host);
	free(host);
	r->shares = xrealloc(r->shares, (r->nshares + 1) * sizeof(*s));
	s = &r->shares[r->nshares];
	memset(s, 0, sizeof(*s));
	s->host = xstrdup(real);
	s->guest = xstrdup(colon ? colon + 1 : real);
	s->rw = rw;
	if (s->guest[0] != '/' || strchr(s->guest, ':'))
		usage_error(run_usage, "the guest path '%s' must be absolute, "
			    "without ':'", s->guest);
	snprintf(s->tag, sizeof(s->tag), "kdev%zu", r->nshares);
	r->nshares++;
}

/* ---- KDEV_TRACE ---- */

static long long mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* "kdev: trace: 1.234567 WHAT": seconds since kdev run started. */
PRINTF(2, 3) static void trace(const struct run *r, const char *fmt, ...)
{
	long long t;
	va_list ap;

	if (!r->trace)
		return;
	t = mono_us() - r->trace_t0;
	fprintf(stderr, "kdev: trace: %lld.%06lld ", t / 1000000, t % 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

/* Console lines worth a trace line: the boot's milestones, init's steps. */
static void trace_console(struct run *r, const char *buf, size_t len)
{
	static const char *const milestones[] = {
		"Linux version ", "Freeing unused kernel", "Run /init ",
		"kdev-init: ", "reboot: ", "Kernel panic",
	};
	size_t i;

	if (!r->trace)
		return;
	if (!r->trace_con && len)
		trace(r, "first console byte from the guest");
	r->trace_con += len;
	for (i = 0; i < len; i++) {
		struct strbuf *l = &r->trace_line;
		size_t k;

		if (buf[i] != '\n') {
			if (buf[i] != '\r' && l->len < 1024)
				strbuf_addch(l, buf[i]);
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(milestones); k++)
			if (strstr(l->buf, milestones[k])) {
				trace(r, "console: %s", l->buf);
				break;
			}
		strbuf_reset(l);
	}
}

/*
 * Whether virtiofsd @pid waits in accept() for QEMU (its first blocking
 * call once its socket is set up): /proc/PID/syscall, root only.
 */
static int vfsd_waiting(pid_t pid)
{
	char path[64], buf[32] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return starts_with(buf, "43 ") || starts_with(buf, "288 ");
}

/* ---- finding the kernel ---- */

static const char *tree_of(const struct run *r)
{
	if (r->tree)
		return r->tree;
	if (getenv("KBUILD_OUTPUT") && *getenv("KBUILD_OUTPUT"))
		return getenv("KBUILD_OUTPUT");
	return ".";
}

static int find_kernel(struct run *r)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->kernel) {
		snprintf(r->kernel_path, sizeof(r->kernel_path), "%s", r->kernel);
	} else {
		strbuf_addf(&sb, "%s/arch/x86/boot/bzImage", tree_of(r));
		snprintf(r->kernel_path, sizeof(r->kernel_path), "%s", sb.buf);
		strbuf_release(&sb);
	}
	if (!is_file(r->kernel_path)) {
		if (r->kernel)
			return error("cannot open '%s'", r->kernel_path);
		return error("no kernel at '%s': build one (make) or pass "
			     "--kernel FILE", r->kernel_path);
	}
	if (kernel_release_from_bzimage(r->kernel_path, r->release,
					sizeof(r->release)))
		return error("'%s' is not a bzImage (no version string in its "
			     "setup header)", r->kernel_path);
	return 0;
}

/* The directory the modules come from, or NULL for none. */
static const char *module_dir(struct run *r, char *buf, size_t n)
{
	if (r->modules && strcmp(r->modules, "auto")) {
		snprintf(buf, n, "%s", r->modules);
		return buf;
	}
	if (!r->kernel || (r->modules && !strcmp(r->modules, "auto"))) {
		if (!r->kernel && !r->modules) {
			snprintf(buf, n, "%s", tree_of(r));
			return buf;
		}
		snprintf(buf, n, "/lib/modules/%s", r->release);
		return is_dir(buf) ? buf : NULL;
	}
	return NULL;
}

/* ---- the initramfs ---- */

static void conf_add(struct strbuf *conf, const char *key, const char *val)
{
	strbuf_addf(conf, "%s=", key);
	strbuf_addstr(conf, val);
	strbuf_addch(conf, '\0');
}

/* The environment the command gets: the essentials of ours. */
static void conf_env(struct strbuf *conf, const struct run *r)
{
	static const char *const keep[] = {
		"PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG",
		"LANGUAGE", "TZ", "COLORTERM", "NO_COLOR", "EDITOR",
	};
	extern char **environ;
	size_t i;
	char **e;

	for (i = 0; i < ARRAY_SIZE(keep); i++) {
		const char *v = getenv(keep[i]);
		struct strbuf sb = STRBUF_INIT;

		if (!v)
			continue;
		if (r->root_user && (!strcmp(keep[i], "HOME") ||
				     !strcmp(keep[i], "USER") ||
				     !strcmp(keep[i], "LOGNAME")))
			v = !strcmp(keep[i], "HOME") ? "/root" : "root";
		strbuf_addf(&sb, "%s=%s", keep[i], v);
		conf_add(conf, "env", sb.buf);
		strbuf_release(&sb);
	}
	for (e = environ; *e; e++)
		if (!strncmp(*e, "LC_", 3))
			conf_add(conf, "env", *e);
	if (!getenv("PATH"))
		conf_add(conf, "env", "PATH=/usr/local/sbin:/usr/local/bin:"
			 "/usr/sbin:/usr/bin:/sbin:/bin");
	conf_add(conf, "env", "KDEV_RUN=1");
}

static const char *const overlay_dirs[] = {
	"/etc", "/home", "/root", "/tmp", "/var", "/opt", "/srv", "/usr",
	"/mnt", "/media",
};

static void build_conf(const struct run *r, const struct module_set *mods,
		       struct strbuf *conf)
{
	char cwd[PATH_MAX];
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	struct winsize ws;

	for (i = 0; i < mods->nr; i++) {
		size_t j, k;

		strbuf_reset(&sb);
		strbuf_addf(&sb, KDEV_MODULE_DIR "/%s.ko", mods->v[i].name);
		conf_add(conf, "module", sb.buf);
		/* what it needs, by number: init loads the rest meanwhile */
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%zu:", i);
		for (j = 0; j < mods->v[i].deps.nr; j++)
			for (k = 0; k < i; k++)
				if (!strcmp(mods->v[k].name,
					    mods->v[i].deps.v[j]))
					strbuf_addf(&sb, "%s%zu",
						    sb.buf[sb.len - 1] == ':' ?
						    "" : ",", k);
		conf_add(conf, "moddeps", sb.buf);
	}
	if (r->use_9p)
		conf_add(conf, "fstype", "9p");
	conf_add(conf, "root", "root");
	conf_add(conf, "rootflags", r->rw ? "rw" : "ro");
	/*
	 * Not on a directory we cannot read: QEMU's 9p server runs as us,
	 * and overlayfs cannot mount what the server may not open (/root,
	 * mode 0700, when we are not root). Root can read everything.
	 */
	for (i = 0; !r->rw && i < ARRAY_SIZE(overlay_dirs); i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s%s", r->root ? r->root : "", overlay_dirs[i]);
		if (is_dir(sb.buf) && !access(sb.buf, R_OK | X_OK))
			conf_add(conf, "overlay", overlay_dirs[i]);
	}
	/* shares[0] is the root itself */
	for (i = 1; i < r->nshares; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s:%s:%s", r->shares[i].tag,
			    r->shares[i].guest, r->shares[i].rw ? "rw" : "ro");
		conf_add(conf, "share", sb.buf);
	}
	/* the guest starts where we are, when it has that directory */
	if (!r->root && getcwd(cwd, sizeof(cwd)))
		conf_add(conf, "cwd", cwd);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%u", r->root_user ? 0 : (unsigned)getuid());
	conf_add(conf, "uid", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%u", r->root_user ? 0 : (unsigned)getgid());
	conf_add(conf, "gid", sb.buf);
	if (!r->root_user && getuid()) {
		gid_t groups[256];
		int n = getgroups(ARRAY_SIZE(groups), groups), k;

		strbuf_reset(&sb);
		for (k = 0; k < n; k++)
			strbuf_addf(&sb, "%s%u", k ? "," : "",
				    (unsigned)groups[k]);
		conf_add(conf, "groups", sb.buf);
	}
	conf_add(conf, "hostname", "kdev");
	conf_env(conf, r);
	if (r->ncmd) {
		/* one argument: as given to /bin/sh -c; more: quoted */
		strbuf_reset(&sb);
		if (r->ncmd == 1)
			strbuf_addstr(&sb, r->cmd[0]);
		else
			quote_argv(&sb, r->cmd);
		conf_add(conf, "cmd", sb.buf);
	} else if (isatty(0) && !ioctl(0, TIOCGWINSZ, &ws)) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%u", ws.ws_row);
		conf_add(conf, "rows", sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%u", ws.ws_col);
		conf_add(conf, "cols", sb.buf);
	}
	strbuf_release(&sb);
}

static int build_initramfs(const struct run *r, const struct module_set *mods,
			   struct strbuf *out, struct strbuf *listing)
{
	struct strbuf conf = STRBUF_INIT, ko = STRBUF_INIT;
	struct cpio c;
	size_t i;
	int ret = 0;

	build_conf(r, mods, &conf);
	cpio_init(&c, out);
	cpio_add_dir(&c, "dev", 0755);
	cpio_add_dir(&c, "proc", 0755);
	cpio_add_dir(&c, "sys", 0755);
	cpio_add_dir(&c, "newroot", 0755);
	cpio_add_file(&c, "init", 0755, _binary_kdev_init_start,
		      (size_t)(_binary_kdev_init_end - _binary_kdev_init_start));
	strbuf_addf(listing, "init (%zu bytes, guest/init.c)\n",
		    (size_t)(_binary_kdev_init_end - _binary_kdev_init_start));
	/*
	 * The kernel runs /sbin/modprobe when it wants a module as it boots:
	 * init then starts loading ours early (guest/init.c: early_load()).
	 */
	if (mods->nr) {
		cpio_add_symlink(&c, "sbin/modprobe", "/init");
		strbuf_addstr(listing, "sbin/modprobe -> /init\n");
	}
	cpio_add_file(&c, KDEV_CONF_PATH, 0644, conf.buf, conf.len);
	strbuf_addf(listing, "%s:\n", KDEV_CONF_PATH + 1);
	for (i = 0; i < conf.len; i += strlen(conf.buf + i) + 1)
		strbuf_addf(listing, "    %s\n", conf.buf + i);
	for (i = 0; i < mods->nr && !ret; i++) {
		struct strbuf name = STRBUF_INIT;

		strbuf_reset(&ko);
		if (module_read(mods->v[i].path, &ko)) {
			ret = -1;
			break;
		}
		strbuf_addf(&name, KDEV_MODULE_DIR "/%s.ko", mods->v[i].name);
		ret = cpio_add_file(&c, name.buf, 0644, ko.buf, ko.len);
		strbuf_addf(listing, "%s (from %s)\n", name.buf + 1,
			    mods->v[i].path);
		strbuf_release(&name);
	}
	cpio_finish(&c);
	strbuf_release(&conf);
	strbuf_release(&ko);
	return ret;
}

/* Which modules: those of KDEV_GUEST_MODULES the kernel does not have. */
static int resolve_modules(struct run *r, struct module_set *set)
{
	static const char *const base[] = { KDEV_GUEST_MODULES };
	const char *want[ARRAY_SIZE(base) + 3];
	char buf[PATH_MAX];
	const char *dir = module_dir(r, buf, sizeof(buf));
	size_t n = 0, i;

	for (i = 0; i < ARRAY_SIZE(base); i++)
		if (!r->use_9p || strcmp(base[i], "virtiofs"))
			want[n++] = base[i];
	if (r->use_9p) {
		want[n++] = "9pnet_virtio";
		want[n++] = "9p";
	}
	if (r->net)
		want[n++] = "virtio_net";
	if (!dir) {
		if (r->modules)
			return error("no modules for %s in /lib/modules/%s: pass "
				     "--modules DIR", r->release, r->release);
		return 0;	/* --kernel alone: all built in, we hope */
	}
	if (!is_dir(dir))
		return error("--modules: '%s' is not a directory", dir);
	if (modules_resolve(dir, want, n, set))
		return -1;
	/*
	 * Missing and not known to be built in: fine when the kernel has
	 * them built in (a tree without modules.builtin yet); init says
	 * which mount failed otherwise.
	 */
	for (i = 0; i < set->missing.nr; i++)
		warning("module %s not found in '%s'; assuming it is built in",
			set->missing.v[i], dir);
	return 0;
}

/*
 * Write a new file of our private run directory: no temporary file, no
 * fsync (it lives as long as the run, and a crash takes the run with it).
 */
static int write_run_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return error_errno("cannot create '%s'", path);
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error_errno("cannot write '%s'", path);
			close(fd);
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	if (close(fd))
		return error_errno("cannot write '%s'", path);
	return 0;
}

/* ---- processes ---- */

static int listen_unix(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return error_errno("cannot create a socket");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		close(fd);
		return error("socket path '%s' is too long", path);
	}
	strcpy(sa.sun_path, path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		error_errno("cannot listen on '%s'", path);
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * In a child about to exec virtiofsd for a read-only share: give it a
 * mount namespace of its own in which @dir (and all below it) is
 * read-only, so that not even root in the guest, remounting the share
 * read-write, can write to the host. Needs CAP_SYS_ADMIN, as virtiofsd
 * itself does. Returns 0, or -1 (errno set).
 */
static int readonly_view(const char *dir)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount(dir, dir, NULL, MS_BIND | MS_REC, NULL))
		return -1;
	return (int)syscall(SYS_mount_setattr, AT_FDCWD, dir, AT_RECURSIVE,
			    &attr, sizeof(attr));
}

/*
 * Start @argv (no shell) with the @nkeep descriptors @keep left open
 * across exec; every other descriptor of ours is close-on-exec. With
 * @ro_dir, the child sees that directory read-only (readonly_view()).
 */
static pid_t spawn(char **argv, const int *keep, size_t nkeep,
		   int null_stdin, int log_fd, const char *ro_dir)
{
	pid_t pid;
	size_t i;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		error_errno("cannot fork");
		return -1;
	}
	if (!pid) {
		sigset_t all;

		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		for (i = 0; i < nkeep; i++)
			if (keep[i] >= 0)
				fcntl(keep[i], F_SETFD, 0);
		if (null_stdin) {
			int fd = open("/dev/null", O_RDONLY);

			if (fd >= 0 && fd != 0) {
				dup2(fd, 0);
				close(fd);
			}
		}
		if (log_fd >= 0)
			dup2(log_fd, 2);
		if (ro_dir && readonly_view(ro_dir))
			fprintf(stderr, "kdev: cannot make '%s' read-only for "
				"virtiofsd (%s); the guest mounts it read-only\n",
				ro_dir, strerror(errno));
		/*
		 * A Ctrl-C on the terminal is ours to handle, not theirs;
		 * but an interactive QEMU reads the terminal, so it stays in
		 * the foreground group (in raw mode Ctrl-C is just a byte).
		 */
		if (null_stdin)
			setpgid(0, 0);
		execvp(argv[0], argv);
		fprintf(stderr, "error: cannot run '%s': %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	return pid;
}

static void kill_wait(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void cleanup(struct run *r)
{
	size_t i;
	struct strbuf sb = STRBUF_INIT;

	kill_wait(r->qemu);
	r->qemu = 0;
	if (r->hub_on) {
		attach_hub_close(&r->hub);
		r->hub_on = 0;
	}
	for (i = 0; i < r->nshares; i++) {
		kill_wait(r->shares[i].pid);
		r->shares[i].pid = 0;
		if (r->shares[i].sock[0])
			unlink(r->shares[i].sock);
	}
	if (r->dir[0]) {
		/* with --log, console.log is elsewhere and this is a no-op */
		const char *const files[] = {
			"stdin.sock", "initramfs.cpio", "console.log",
		};

		for (i = 0; i < ARRAY_SIZE(files); i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s/%s", r->dir, files[i]);
			unlink(sb.buf);
		}
		rmdir(r->dir);
		r->dir[0] = '\0';
	}
	strbuf_release(&sb);
}

/* ---- the console: log, live view, reports ---- */

static const char *severity_name(enum console_severity s)
{
	switch (s) {
	case CONSOLE_WARNING:
		return "warning";
	case CONSOLE_BUG:
		return "bug report";
	case CONSOLE_OOPS:
		return "oops";
	case CONSOLE_PANIC:
		return "panic";
	default:
		return "report";
	}
}

static void on_report(void *ctx, enum console_severity sev, const char *text,
		      size_t len)
{
	struct run *r = ctx;

	if (r->verbose)
		return;	/* -v: the live view shows it decoded */
	fflush(stdout);
	fprintf(stderr, "kdev: the kernel reported a%s %s:\n",
		sev == CONSOLE_OOPS ? "n" : "", severity_name(sev));
	if (!r->dec)
		r->dec = decoder_new(&r->dopts);
	decoder_input(r->dec, "console", text, len, stderr);
	fflush(stderr);
}

static void console_data(struct run *r, const char *buf, size_t len)
{
	if (r->log)
		fwrite(buf, 1, len, r->log);
	if (r->verbose)
		kmsg_view_console(&r->view, buf, len);
	trace_console(r, buf, len);
	console_feed(&r->mon, buf, len);
}

/* ---- main loop ---- */

static int read_into(int fd, struct strbuf *sb)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n > 0)
		strbuf_add(sb, buf, (size_t)n);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	return n > 0;
}

/* Copy our stdin into the guest's; at EOF the guest's stdin ends too. */
static void relay_stdin(struct run *r, struct pollfd *pin)
{
	char buf[65536];
	ssize_t n = read(0, buf, sizeof(buf)), off = 0;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		shutdown(r->in_conn, SHUT_WR);
		pin->fd = -1;
		return;
	}
	while (off < n) {
		ssize_t w = write(r->in_conn, buf + off, (size_t)(n - off));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			pin->fd = -1;	/* the guest is gone */
			return;
		}
		off += w;
	}
}

/* Copy what the guest's command wrote to our stdout or stderr. */
static int relay_out(int from, int to)
{
	char buf[65536];
	ssize_t n = read(from, buf, sizeof(buf)), off = 0;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0)
		return 0;
	if (to == 2)
		fflush(stdout);
	while (off < n) {
		ssize_t w = write(to, buf + off, (size_t)(n - off));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return 1;	/* our reader left: drop the rest */
		off += w;
	}
	return 1;
}

enum { P_CON, P_STATUS, P_OUT, P_ERR, P_LISTEN, P_STDIN, P_SIG, P_NR };

static int loop(struct run *r, int status_fd, int out_fd, int err_fd,
		struct strbuf *status, int *timed_out, int *interrupted)
{
	struct pollfd p[P_NR + ATTACH_MAX_CLIENTS + 4];
	struct strbuf con = STRBUF_INIT;
	long deadline = r->timeout ? monotonic_ms() + r->timeout * 1000L : 0;
	int qemu_status = -1;

	p[P_CON].fd = r->con_fd;
	p[P_STATUS].fd = status_fd;
	p[P_OUT].fd = out_fd;
	p[P_ERR].fd = err_fd;
	p[P_LISTEN].fd = r->in_listen;
	p[P_STDIN].fd = -1;
	p[P_SIG].fd = r->sig_fd;
	for (int i = 0; i < P_NR; i++)
		p[i].events = POLLIN;

	for (;;) {
		int wait = -1, n, st;
		size_t nhub = 0;

		if (deadline) {
			long left = deadline - monotonic_ms();

			if (left <= 0) {
				*timed_out = 1;
				break;
			}
			wait = (int)left;
		}
		/* KDEV_TRACE: when virtiofsd is ready, looked at every ms */
		if (r->trace_vfsd > 0) {
			int w = vfsd_waiting(r->trace_vfsd);

			if (w)
				trace(r, w > 0 ? "virtiofsd waits for QEMU" :
				      "virtiofsd: no /proc/PID/syscall");
			if (w || r->trace_con)
				r->trace_vfsd = 0;
			else
				wait = 1;
		}
		/* QEMU gone and its pipes drained: done */
		if (qemu_status < 0 && waitpid(r->qemu, &st, WNOHANG) == r->qemu) {
			qemu_status = st;
			r->qemu = 0;
			trace(r, "QEMU exited");
		}
		if (qemu_status >= 0 && p[P_CON].fd < 0 &&
		    p[P_STATUS].fd < 0 && p[P_OUT].fd < 0 && p[P_ERR].fd < 0)
			break;
		if (r->hub_on)
			nhub = attach_hub_pollfds(&r->hub, p + P_NR,
						  ARRAY_SIZE(p) - P_NR);
		n = poll(p, P_NR + nhub, qemu_status >= 0 ? 0 : wait);
		if (n < 0 && errno != EINTR) {
			error_errno("poll");
			break;
		}
		if (n <= 0) {
			if (qemu_status >= 0)
				break;	/* drained */
			continue;
		}
		if (p[P_CON].revents) {
			strbuf_reset(&con);
			if (read_into(p[P_CON].fd, &con))
				console_data(r, con.buf, con.len);
			else
				p[P_CON].fd = -1;
		}
		if (p[P_STATUS].revents) {
			size_t had = status->len;

			if (!read_into(p[P_STATUS].fd, status))
				p[P_STATUS].fd = -1;
			else if (status->len > had)
				trace(r, "status from the guest: %.*s",
				      (int)strcspn(status->buf + had, "\n"),
				      status->buf + had);
		}
		if (p[P_OUT].revents && !relay_out(p[P_OUT].fd, 1))
			p[P_OUT].fd = -1;
		if (p[P_ERR].revents && !relay_out(p[P_ERR].fd, 2))
			p[P_ERR].fd = -1;
		if (p[P_LISTEN].revents) {
			r->in_conn = accept4(r->in_listen, NULL, NULL, SOCK_CLOEXEC);
			p[P_LISTEN].fd = -1;
			if (r->in_conn >= 0)
				p[P_STDIN].fd = 0;
		}
		if (p[P_STDIN].fd >= 0 && p[P_STDIN].revents)
			relay_stdin(r, &p[P_STDIN]);
		if (nhub)
			attach_hub_handle(&r->hub, p + P_NR, nhub);
		if (p[P_SIG].revents) {
			struct signalfd_siginfo si;

			if (read(r->sig_fd, &si, sizeof(si)) == sizeof(si) &&
			    si.ssi_signo != SIGCHLD) {
				*interrupted = (int)si.ssi_signo;
				break;
			}
		}
	}
	strbuf_release(&con);
	return qemu_status;
}

/* ---- putting it together ---- */

static int choose_accel(struct run *r, enum vm_accel *accel)
{
	struct strbuf why = STRBUF_INIT;

	if (r->accel && !strcmp(r->accel, "tcg")) {
		*accel = VM_ACCEL_TCG;
		return 0;
	}
	if (r->accel && !strcmp(r->accel, "kvm")) {
		*accel = VM_ACCEL_KVM;
		return 0;
	}
	if (kvm_usable(500, &why)) {
		*accel = VM_ACCEL_KVM;
	} else {
		*accel = VM_ACCEL_TCG;
		note("%s; using TCG (slower)", why.len ? why.buf :
		     "KVM is not usable");
	}
	strbuf_release(&why);
	return 0;
}

/*
 * The firmware: qboot when QEMU has it (Debian: qemu-system-data), which
 * under TCG hands over to the kernel in a few milliseconds where SeaBIOS
 * takes 0.1 to 0.3 s; else QEMU's default. KDEV_BIOS names another file,
 * or "default" for QEMU's own. Returns a path (malloc'd) or NULL.
 */
static char *find_bios(const char *qemu)
{
	static const char *const dirs[] = {
		"/usr/share/qemu", "/usr/local/share/qemu",
	};
	const char *env = getenv("KDEV_BIOS");
	char *path, *real, *p;
	size_t i;

	if (env && *env)
		return strcmp(env, "default") ? xstrdup(env) : NULL;
	/* next to the QEMU that runs: PREFIX/bin/qemu -> PREFIX/share/qemu */
	path = find_program(qemu ? qemu : VM_QEMU_DEFAULT);
	real = path ? realpath(path, NULL) : NULL;
	free(path);
	if (real && (p = strrchr(real, '/')) && p > real) {
		*p = '\0';
		if ((p = strrchr(real, '/'))) {
			*p = '\0';
			path = xasprintf("%s/share/qemu/qboot.rom", real);
			free(real);
			if (is_file(path))
				return path;
			free(path);
			real = NULL;
		}
	}
	free(real);
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		path = xasprintf("%s/qboot.rom", dirs[i]);
		if (is_file(path))
			return path;
		free(path);
	}
	return NULL;
}

static int check_tools(const struct vm_config *cfg, int need_virtiofsd)
{
	const char *qemu = cfg->qemu ? cfg->qemu : VM_QEMU_DEFAULT;
	const char *vfsd = cfg->virtiofsd ? cfg->virtiofsd :
			   VM_VIRTIOFSD_DEFAULT;

	if (!have_program(qemu))
		return error("'%s' not found: install it (Debian/Ubuntu: "
			     "apt-get install qemu-system-x86; Fedora: dnf "
			     "install qemu-system-x86-core; Arch: pacman -S "
			     "qemu-system-x86)", qemu);
	if (need_virtiofsd && !have_program(vfsd))
		return error("'%s' not found: install it (Debian 12: apt-get "
			     "install qemu-system-common; newer: apt-get install "
			     "virtiofsd)", vfsd);
	return 0;
}

/* The status line of the guest's init, or -1 with *why set. */
static int parse_status(const struct strbuf *st, struct strbuf *why)
{
	const char *p;
	int v;

	if ((p = strstr(st->buf, KDEV_STATUS_EXIT))) {
		char num[8] = "";

		sscanf(p + strlen(KDEV_STATUS_EXIT), "%7[0-9]", num);
		if (!parse_int(num, 0, 255, &v))
			return v;
	}
	if ((p = strstr(st->buf, KDEV_STATUS_ERROR))) {
		strbuf_addstr(why, p + strlen(KDEV_STATUS_ERROR));
		strbuf_rtrim(why);
	}
	return -1;
}

static void keep_log(struct run *r, const char *why)
{
	struct strbuf from = STRBUF_INIT, dir = STRBUF_INIT, data = STRBUF_INIT;
	const char *cache = getenv("XDG_CACHE_HOME");
	time_t t = time(NULL);
	char stamp[32];
	char *to = NULL;

	if (r->log_path) {
		note("%s; console log: %s", why, r->log_path);
		return;
	}
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&t));
	strbuf_addf(&from, "%s/console.log", r->dir);
	if (cache && *cache)
		strbuf_addf(&dir, "%s/kdev", cache);
	else
		strbuf_addf(&dir, "%s/.cache/kdev",
			    getenv("HOME") ? getenv("HOME") : "/tmp");
	to = xasprintf("%s/run-%s-%d.log", dir.buf, stamp, (int)getpid());
	if (!mkdir_p(dir.buf) && !read_file(from.buf, &data) &&
	    !write_file_atomic(to, data.buf, data.len))
		note("%s; console log: %s", why, to);
	free(to);
	strbuf_release(&from);
	strbuf_release(&dir);
	strbuf_release(&data);
}

/*
 * virtiofs through virtiofsd when we have it, else QEMU's own 9p server
 * (the guest kernel then needs 9p and 9pnet_virtio).
 */
static int choose_fs(struct run *r)
{
	const char *vfsd = getenv("KDEV_VIRTIOFSD");

	if (r->fs) {
		r->use_9p = !strcmp(r->fs, "9p");
		if (!r->use_9p && geteuid())
			return error("virtiofsd needs root: run kdev run as root "
				     "(sudo), or share with --fs 9p");
		return 0;
	}
	/* virtiofsd needs root; QEMU's 9p server works for anyone */
	if (geteuid()) {
		r->use_9p = 1;
		note("not root: sharing files with QEMU's 9p server, not "
		     "virtiofsd (which needs root)");
		return 0;
	}
	/* a virtiofsd asked for by name must be there: check_tools says */
	if (vfsd && *vfsd)
		return 0;
	if (!have_program(VM_VIRTIOFSD_DEFAULT)) {
		r->use_9p = 1;
		note("no %s (Debian 12: apt-get install qemu-system-common; "
		     "newer: virtiofsd): sharing files with QEMU's 9p server "
		     "instead", VM_VIRTIOFSD_DEFAULT);
	}
	return 0;
}

/*
 * --kgdb: does the kernel have kgdb on a serial port? Its .config says,
 * in the tree it came from or as /boot/config-RELEASE.
 */
static int check_kgdb(const struct run *r)
{
	struct strbuf conf = STRBUF_INIT, path = STRBUF_INIT;
	const char *tree = tree_of(r);
	int ret = 0;

	strbuf_addf(&path, "%s/.config", tree);
	if (r->kernel || read_file(path.buf, &conf)) {
		strbuf_reset(&conf);
		strbuf_reset(&path);
		strbuf_addf(&path, "/boot/config-%s", r->release);
		if (read_file(path.buf, &conf)) {
			note("cannot tell whether %s has CONFIG_KGDB and "
			     "CONFIG_KGDB_SERIAL_CONSOLE (no .config found)",
			     r->kernel_path);
			goto done;
		}
	}
	if (!strstr(conf.buf, "\nCONFIG_KGDB=y\n") ||
	    !strstr(conf.buf, "\nCONFIG_KGDB_SERIAL_CONSOLE=y\n"))
		ret = error("%s has no CONFIG_KGDB and "
			    "CONFIG_KGDB_SERIAL_CONSOLE (says '%s'): run "
			    "'kdev config preset kgdb' in its tree and rebuild",
			    r->kernel_path, path.buf);
done:
	strbuf_release(&conf);
	strbuf_release(&path);
	return ret;
}

/* The gdb command line to attach, with the tree's scripts/gdb helpers. */
static void gdb_hint(const struct run *r)
{
	struct strbuf vmlinux = STRBUF_INIT, py = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	struct strbuf line = STRBUF_INIT;
	const char *tree = r->dopts.tree;

	if (r->dopts.vmlinux)
		strbuf_addstr(&vmlinux, r->dopts.vmlinux);
	else
		strbuf_addf(&vmlinux, "%s/vmlinux", tree ? tree : tree_of(r));
	strvec_push(&argv, "gdb");
	if (tree) {
		strbuf_addf(&py, "%s/vmlinux-gdb.py", tree);
		if (is_file(py.buf)) {
			/* lx-symbols, lx-dmesg, ...: make scripts_gdb */
			strvec_pushl(&argv, "-iex", NULL);
			strvec_pushf(&argv, "add-auto-load-safe-path %s", tree);
		}
	}
	strvec_push(&argv, vmlinux.buf);
	strvec_push(&argv, "-ex");
	strvec_pushf(&argv, "target remote :%d", r->gdb_port);
	quote_argv(&line, argv.v);
	note("QEMU's gdb stub is on port %d (kernel booted with nokaslr):\n"
	     "    %s", r->gdb_port, line.buf);
	strvec_clear(&argv);
	strbuf_release(&vmlinux);
	strbuf_release(&py);
	strbuf_release(&line);
}

static int run_vm(struct run *r)
{
	struct vm_config cfg = VM_CONFIG_INIT;
	struct module_set mods = MODULE_SET_INIT;
	struct strbuf initrd = STRBUF_INIT, listing = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT, status = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT, cmdline = STRBUF_INIT;
	struct strbuf in_sock = STRBUF_INIT, kgdb_sock = STRBUF_INIT;
	struct strbuf att_sock = STRBUF_INIT;
	struct strvec qargv = STRVEC_INIT;
	char initrd_path[PATH_MAX + 32], con_path[32], st_path[32];
	char out_path[32], err_path[32];
	int con[2] = { -1, -1 }, st[2] = { -1, -1 };
	int out[2] = { -1, -1 }, err[2] = { -1, -1 };
	int ret = RUN_EXIT_FAILED, qemu_status, timed_out = 0, intr = 0;
	int guest_status;
	enum vm_accel accel;
	char *bios = NULL;
	const char *tmp = getenv("TMPDIR");
	sigset_t mask;
	size_t i;

	r->con_fd = r->in_listen = r->in_conn = r->sig_fd = -1;
	if (choose_fs(r) || find_kernel(r) || resolve_modules(r, &mods))
		goto out;
	if (r->kgdb && check_kgdb(r))
		goto out;
	trace(r, "kernel %s (%s), %zu modules to load", r->kernel_path,
	      r->release, mods.nr);
	choose_accel(r, &accel);
	trace(r, "accelerator: %s", accel == VM_ACCEL_KVM ? "kvm" : "tcg");
	/* debugging takes as long as it takes */
	if (r->timeout < 0)
		r->timeout = r->gdb_port || r->kgdb ? 0 :
			     accel == VM_ACCEL_KVM ? 120 : 600;

	/* a private directory for this run: sockets, initramfs, log */
	strbuf_addf(&path, "%s/kdev-run.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(path.buf)) {
		error_errno("cannot create a directory in '%s'",
			    tmp && *tmp ? tmp : "/tmp");
		goto out;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", path.buf);

	if (build_initramfs(r, &mods, &initrd, &listing))
		goto out;
	snprintf(initrd_path, sizeof(initrd_path), "%s/initramfs.cpio", r->dir);
	if (!r->dry_run && write_run_file(initrd_path, initrd.buf, initrd.len))
		goto out;
	trace(r, "initramfs written (%zu bytes)", initrd.len);

	/* other builds of QEMU or virtiofsd (see kdev-run(1)) */
	cfg.qemu = getenv("KDEV_QEMU") && *getenv("KDEV_QEMU") ?
		   getenv("KDEV_QEMU") : NULL;
	cfg.virtiofsd = getenv("KDEV_VIRTIOFSD") && *getenv("KDEV_VIRTIOFSD") ?
			getenv("KDEV_VIRTIOFSD") : NULL;
	cfg.bios = bios = find_bios(cfg.qemu);
	if (bios && !is_file(bios)) {
		error("KDEV_BIOS: cannot open '%s' (\"default\": QEMU's own "
		      "firmware)", bios);
		goto out;
	}
	cfg.accel = accel;
	cfg.cpus = (unsigned)r->cpus;
	cfg.memory_mib = (unsigned)r->memory;
	cfg.kernel = r->kernel_path;
	cfg.initrd = initrd_path;
	cfg.oops_panic = r->oops_panic;
	cfg.panic_on_warn = r->panic_on_warn;
	if (r->trace)
		strvec_push(&cfg.append, "kdev.trace=1");
	for (i = 0; i < r->dyndbg.nr; i++)
		strvec_push(&cfg.dyndbg, r->dyndbg.v[i]);
	for (i = 0; i < r->append.nr; i++)
		strvec_push(&cfg.append, r->append.v[i]);
	cfg.net_user = r->net;
	cfg.ssh_port = (unsigned)r->ssh_port;
	cfg.gdb_port = (unsigned)r->gdb_port;
	if (r->kgdb) {
		strbuf_addf(&kgdb_sock, "%s/kgdb.sock", r->dir);
		cfg.kgdb_socket = kgdb_sock.buf;
	}
	cfg.interactive = !r->ncmd;

	/*
	 * Every channel is a pipe we read: QEMU opens /dev/fd/N itself (our
	 * own stdout may be a socket it cannot open, or a file it would
	 * write at its own offset).
	 */
	if (r->dry_run) {
		con[1] = 3, st[1] = 4, out[1] = 5, err[1] = 6;
	} else if (pipe2(con, O_CLOEXEC) || pipe2(st, O_CLOEXEC) ||
		   (!cfg.interactive && (pipe2(out, O_CLOEXEC) ||
					 pipe2(err, O_CLOEXEC)))) {
		error_errno("cannot create a pipe");
		goto out;
	}
	snprintf(con_path, sizeof(con_path), "/dev/fd/%d", con[1]);
	snprintf(st_path, sizeof(st_path), "/dev/fd/%d", st[1]);
	snprintf(out_path, sizeof(out_path), "/dev/fd/%d", out[1]);
	snprintf(err_path, sizeof(err_path), "/dev/fd/%d", err[1]);
	cfg.console = con_path;
	cfg.status = st_path;
	if (!cfg.interactive) {
		cfg.stdout_path = out_path;
		cfg.stderr_path = err_path;
		strbuf_addf(&in_sock, "%s/stdin.sock", r->dir);
		cfg.stdin_socket = in_sock.buf;
	}
	/* kdev attach: more sessions in the guest (src/vm/attach.h) */
	strbuf_addf(&att_sock, "%s/attach.sock", r->dir);
	if (r->dry_run) {
		cfg.attach_socket = att_sock.buf;
	} else if (!attach_hub_open(&r->hub, r->name, att_sock.buf)) {
		r->hub_on = 1;
		cfg.attach_socket = att_sock.buf;
		if (r->verbose || cfg.interactive)
			note("this guest is '%s': 'kdev attach %s' opens "
			     "another shell in it", r->hub.name, r->hub.name);
	} else if (r->name) {
		goto out;
	} else {
		warning("kdev attach will not work with this guest");
	}

	/* the root share, then --rwdir/--rodir */
	for (i = 0; i < r->nshares; i++)
		snprintf(r->shares[i].sock, sizeof(r->shares[i].sock),
			 "%s/%s.sock", r->dir, r->shares[i].tag);
	cfg.use_9p = r->use_9p;
	for (i = 0; i < r->nshares; i++) {
		struct vm_share *s = vm_config_add_share(&cfg, r->shares[i].tag,
					r->shares[i].host, r->shares[i].sock,
					!r->shares[i].rw);

		if (r->use_9p) {
			r->shares[i].sock[0] = '\0';	/* QEMU serves it */
		} else if (!r->dry_run) {
			s->listen_fd = listen_unix(r->shares[i].sock);
			if (s->listen_fd < 0)
				goto out;
		} else {
			s->listen_fd = 7 + (int)i;
		}
	}
	if (check_tools(&cfg, !r->use_9p) || vm_qemu_argv(&cfg, &qargv))
		goto out;

	if (r->dry_run) {
		for (i = 0; i < cfg.shares_nr && !r->use_9p; i++) {
			struct strvec v = STRVEC_INIT;

			if (vm_virtiofsd_argv(&cfg, &cfg.shares[i], &v))
				goto out;
			strbuf_reset(&cmdline);
			vm_render_argv(&cmdline, &v);
			printf("%s", cmdline.buf);
			strvec_clear(&v);
		}
		strbuf_reset(&cmdline);
		vm_render_argv(&cmdline, &qargv);
		printf("%s", cmdline.buf);
		printf("# initramfs (%zu bytes):\n", initrd.len);
		for (char *l = listing.buf; *l;) {
			char *nl = strchrnul(l, '\n');

			printf("#   %.*s\n", (int)(nl - l), l);
			l = *nl ? nl + 1 : nl;
		}
		ret = 0;
		goto out;
	}

	/* signals arrive through a descriptor; the children get them back */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGPIPE);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	r->sig_fd = signalfd(-1, &mask, SFD_CLOEXEC);

	strbuf_reset(&path);
	if (r->log_path)
		strbuf_addstr(&path, r->log_path);
	else
		strbuf_addf(&path, "%s/console.log", r->dir);
	r->log = fopen(path.buf, "we");
	if (!r->log) {
		error_errno("cannot write '%s'", path.buf);
		goto out;
	}
	setvbuf(r->log, NULL, _IOLBF, 0);
	/* virtiofsd's messages go to the log: it is noisy at exit */
	for (i = 0; i < cfg.shares_nr && !r->use_9p; i++) {
		struct strvec v = STRVEC_INIT;
		int keep = cfg.shares[i].listen_fd;

		if (vm_virtiofsd_argv(&cfg, &cfg.shares[i], &v))
			goto out;
		r->shares[i].pid = spawn(v.v, &keep, 1, 1, fileno(r->log),
					 cfg.shares[i].readonly ?
					 cfg.shares[i].source : NULL);
		strvec_clear(&v);
		close(cfg.shares[i].listen_fd);
		cfg.shares[i].listen_fd = -1;
		if (r->shares[i].pid < 0)
			goto out;
		trace(r, "virtiofsd started for %s", r->shares[i].host);
		if (!i)
			r->trace_vfsd = r->trace ? r->shares[i].pid : 0;
	}
	if (cfg.stdin_socket) {
		r->in_listen = listen_unix(cfg.stdin_socket);
		if (r->in_listen < 0)
			goto out;
	}
	if (r->gdb_port)
		gdb_hint(r);
	if (r->kgdb)
		note("kgdb waits on ttyS1 (kgdbwait) before the kernel goes on "
		     "booting: attach with\n    kdev gdb --kgdb %s%s%s\n"
		     "and 'continue' in gdb", kgdb_sock.buf,
		     r->tree ? " --tree " : "", r->tree ? r->tree : "");
	if (r->ssh_port)
		note("localhost:%d goes to the guest's port 22: start an ssh "
		     "server in it (with eth0 up), then ssh -p %d localhost",
		     r->ssh_port, r->ssh_port);
	{
		int keep[] = { con[1], st[1], out[1], err[1] };

		r->qemu = spawn(qargv.v, keep, ARRAY_SIZE(keep),
				!cfg.interactive, -1, NULL);
		if (r->qemu > 0)
			trace(r, "QEMU started");
	}
	/* the write ends are QEMU's alone, or EOF never comes */
	close(con[1]);
	close(st[1]);
	if (out[1] >= 0)
		close(out[1]);
	if (err[1] >= 0)
		close(err[1]);
	con[1] = st[1] = out[1] = err[1] = -1;
	if (r->qemu < 0)
		goto out;
	r->con_fd = con[0];
	console_init(&r->mon, on_report, r);
	if (r->verbose) {
		kmsg_view_init(&r->view, stderr, &r->dopts);
		r->view.color = kdev_color && isatty(2);
	}

	qemu_status = loop(r, st[0], out[0], err[0], &status, &timed_out,
			   &intr);
	trace(r, "QEMU's output drained");
	console_flush(&r->mon);
	if (r->verbose) {
		kmsg_view_flush(&r->view);
		kmsg_view_release(&r->view);
	}
	if (r->log)
		fflush(r->log);

	guest_status = parse_status(&status, &why);
	if (timed_out) {
		struct strbuf tail = STRBUF_INIT;

		kill_wait(r->qemu);
		r->qemu = 0;
		console_tail(&r->mon, &tail);
		error("the guest did not finish within %d s; its last console "
		      "lines:\n%s", r->timeout, tail.buf);
		strbuf_release(&tail);
		ret = RUN_EXIT_TIMEOUT;
	} else if (intr) {
		note("interrupted");
		ret = 128 + intr;
	} else if (r->mon.worst == CONSOLE_PANIC) {
		ret = RUN_EXIT_PANIC;
	} else if (r->mon.worst == CONSOLE_OOPS) {
		ret = RUN_EXIT_OOPS;
	} else if (r->mon.worst == CONSOLE_BUG) {
		ret = RUN_EXIT_BUG;
	} else if (r->mon.worst == CONSOLE_WARNING) {
		ret = RUN_EXIT_WARNING;
	} else if (guest_status >= 0) {
		ret = guest_status;
	} else if (why.len) {
		error("the guest could not run the command: %s", why.buf);
	} else if (qemu_status > 0 && WIFEXITED(qemu_status) &&
		   WEXITSTATUS(qemu_status)) {
		error("QEMU failed (exit status %d)", WEXITSTATUS(qemu_status));
	} else {
		error("the guest stopped without saying how the command ended");
	}
	if (ret != guest_status || r->mon.reports)
		keep_log(r, r->mon.reports ? "the kernel reported a problem" :
			 "the run failed");
out:
	if (r->log) {
		fclose(r->log);
		r->log = NULL;
	}
	for (i = 0; i < 2 && !r->dry_run; i++) {
		if (con[i] >= 0)
			close(con[i]);
		if (st[i] >= 0)
			close(st[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	if (r->in_conn >= 0)
		close(r->in_conn);
	if (r->in_listen >= 0)
		close(r->in_listen);
	for (i = 0; i < cfg.shares_nr; i++)
		if (cfg.shares[i].listen_fd >= 0 && !r->dry_run)
			close(cfg.shares[i].listen_fd);
	cleanup(r);
	if (!r->dry_run)
		trace(r, "QEMU and virtiofsd gone, run directory removed");
	if (r->sig_fd >= 0)
		close(r->sig_fd);
	if (r->dec) {
		decoder_free(r->dec);
		r->dec = NULL;
	}
	console_release(&r->mon);
	vm_config_release(&cfg);
	free(bios);
	module_set_release(&mods);
	strvec_clear(&qargv);
	strbuf_release(&initrd);
	strbuf_release(&listing);
	strbuf_release(&path);
	strbuf_release(&status);
	strbuf_release(&why);
	strbuf_release(&cmdline);
	strbuf_release(&kgdb_sock);
	strbuf_release(&in_sock);
	strbuf_release(&att_sock);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	enum {
		OPT_KERNEL = 256, OPT_TREE, OPT_MODULES, OPT_ROOT, OPT_RW, OPT_RWDIR,
		OPT_RODIR, OPT_ROOT_USER, OPT_ACCEL, OPT_CPUS, OPT_MEMORY, OPT_APPEND,
		OPT_DYNDBG, OPT_PANIC_ON_WARN, OPT_OOPS_PANIC, OPT_NET, OPT_SSH, OPT_GDB,
		OPT_KGDB,
		OPT_TIMEOUT, OPT_LOG, OPT_VMLINUX, OPT_DECODE_MODULES, OPT_FS,
		OPT_NAME,
	};
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "tree", required_argument, NULL, OPT_TREE },
		{ "modules", required_argument, NULL, OPT_MODULES },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "rw", no_argument, NULL, OPT_RW },
		{ "rwdir", required_argument, NULL, OPT_RWDIR },
		{ "rodir", required_argument, NULL, OPT_RODIR },
		{ "fs", required_argument, NULL, OPT_FS },
		{ "root-user", no_argument, NULL, OPT_ROOT_USER },
		{ "accel", required_argument, NULL, OPT_ACCEL },
		{ "cpus", required_argument, NULL, OPT_CPUS },
		{ "memory", required_argument, NULL, OPT_MEMORY },
		{ "append", required_argument, NULL, OPT_APPEND },
		{ "dyndbg", required_argument, NULL, OPT_DYNDBG },
		{ "panic-on-warn", no_argument, NULL, OPT_PANIC_ON_WARN },
		{ "oops-panic", no_argument, NULL, OPT_OOPS_PANIC },
		{ "net", required_argument, NULL, OPT_NET },
		{ "ssh", required_argument, NULL, OPT_SSH },
		{ "gdb", optional_argument, NULL, OPT_GDB },
		{ "kgdb", no_argument, NULL, OPT_KGDB },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
		{ "decode-modules", required_argument, NULL,
		  OPT_DECODE_MODULES },
		{ "verbose", no_argument, NULL, 'v' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r;
	char root_real[PATH_MAX];
	int opt, ret;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.trace_t0 = mono_us();
	r.trace = getenv("KDEV_TRACE") && *getenv("KDEV_TRACE") &&
		  strcmp(getenv("KDEV_TRACE"), "0");
	strbuf_init(&r.trace_line, 0);
	r.dopts.list = -1;
	r.cpus = 2;
	r.memory = 1024;
	r.timeout = -1;
	opterr = 0;
	/* '+': options end at the command, whose own options are its own */
	while ((opt = getopt_long(argc, argv, "+:vnh", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_KERNEL:
			r.kernel = optarg;
			break;
		case OPT_TREE:
			if (!is_dir(optarg))
				usage_error(run_usage, "--tree: '%s' is not a "
					    "directory", optarg);
			r.tree = optarg;
			break;
		case OPT_MODULES:
			r.modules = optarg;
			break;
		case OPT_ROOT:
			r.root = optarg;
			break;
		case OPT_RW:
			r.rw = 1;
			break;
		case OPT_RWDIR:
		case OPT_RODIR:
			add_share(&r, optarg, opt == OPT_RWDIR);
			break;
		case OPT_ROOT_USER:
			r.root_user = 1;
			break;
		case OPT_FS:
			if (strcmp(optarg, "virtiofs") && strcmp(optarg, "9p"))
				usage_error(run_usage, "--fs takes virtiofs or "
					    "9p, not '%s'", optarg);
			r.fs = optarg;
			break;
		case OPT_ACCEL:
			if (strcmp(optarg, "kvm") && strcmp(optarg, "tcg"))
				usage_error(run_usage, "--accel takes kvm or "
					    "tcg, not '%s'", optarg);
			r.accel = optarg;
			break;
		case OPT_CPUS:
			if (parse_int(optarg, 1, 256, &r.cpus))
				usage_error(run_usage, "--cpus takes 1 to 256, "
					    "not '%s'", optarg);
			break;
		case OPT_MEMORY:
			if (parse_int(optarg, 128, 1 << 20, &r.memory))
				usage_error(run_usage, "--memory takes MiB "
					    "(128 or more), not '%s'", optarg);
			break;
		case OPT_APPEND:
			strvec_push(&r.append, optarg);
			break;
		case OPT_DYNDBG:
			add_dyndbg(&r, optarg);
			break;
		case OPT_PANIC_ON_WARN:
			r.panic_on_warn = 1;
			break;
		case OPT_OOPS_PANIC:
			r.oops_panic = 1;
			break;
		case OPT_NET:
			if (strcmp(optarg, "user"))
				usage_error(run_usage, "--net takes 'user', not "
					    "'%s'", optarg);
			r.net = 1;
			break;
		case OPT_SSH:
			if (parse_int(optarg, 1, 65535, &r.ssh_port))
				usage_error(run_usage, "--ssh takes a port, not "
					    "'%s'", optarg);
			r.net = 1;
			break;
		case OPT_GDB:
			r.gdb_port = 1234;
			if (optarg && parse_int(optarg, 1, 65535, &r.gdb_port))
				usage_error(run_usage, "--gdb takes a port, not "
					    "'%s'", optarg);
			break;
		case OPT_KGDB:
			r.kgdb = 1;
			break;
		case OPT_TIMEOUT:
			if (parse_int(optarg, 0, 86400 * 7, &r.timeout))
				usage_error(run_usage, "--timeout takes seconds, "
					    "not '%s'", optarg);
			break;
		case OPT_LOG:
			r.log_path = optarg;
			break;
		case OPT_NAME:
			if (!attach_name_ok(optarg))
				usage_error(run_usage, "--name: '%s' is not a "
					    "name: 1 to %d letters, digits, "
					    "'.', '_' or '-', not starting with "
					    "'.' or '-'", optarg,
					    ATTACH_NAME_MAX);
			r.name = optarg;
			break;
		case OPT_VMLINUX:
			if (!is_file(optarg))
				usage_error(run_usage, "--vmlinux: cannot open "
					    "'%s'", optarg);
			r.dopts.vmlinux = optarg;
			break;
		case OPT_DECODE_MODULES:
			if (!is_dir(optarg))
				usage_error(run_usage, "--decode-modules: '%s' "
					    "is not a directory", optarg);
			strvec_push(&r.dopts.modules, optarg);
			break;
		case 'v':
			r.verbose = 1;
			break;
		case 'n':
			r.dry_run = 1;
			break;
		case 'h':
			return usage_help(run_usage);
		default:
			usage_bad_option(run_usage, opt, argv);
		}
	}
	r.cmd = argv + optind;
	r.ncmd = argc - optind;
	if (!r.ncmd && !isatty(0) && !r.dry_run)
		usage_error(run_usage, "no COMMAND, and standard input is not "
			    "a terminal for an interactive shell");

	/* the root share comes first: tag "root" */
	if (r.root && (!realpath(r.root, root_real) || !is_dir(root_real)))
		usage_error(run_usage, "--root: '%s' is not a directory", r.root);
	r.shares = xrealloc(r.shares, (r.nshares + 1) * sizeof(*r.shares));
	memmove(r.shares + 1, r.shares, r.nshares * sizeof(*r.shares));
	memset(&r.shares[0], 0, sizeof(r.shares[0]));
	r.shares[0].host = xstrdup(r.root ? root_real : "/");
	r.shares[0].guest = xstrdup("/");
	r.shares[0].rw = r.rw;
	strcpy(r.shares[0].tag, "root");
	r.nshares++;

	/* decoding: the tree's vmlinux and modules, else as kdev decode */
	r.dopts.color = kdev_color;
	if (r.tree || !r.kernel) {
		struct strbuf sb = STRBUF_INIT;

		/* only a built tree: its vmlinux, modules and sources */
		strbuf_addf(&sb, "%s/vmlinux", tree_of(&r));
		if (is_file(sb.buf))
			r.dopts.tree = tree_of(&r);
		strbuf_release(&sb);
	}
	if (r.modules && strcmp(r.modules, "auto") && is_dir(r.modules))
		strvec_push(&r.dopts.modules, r.modules);

	ret = run_vm(&r);

	for (i = 0; i < r.nshares; i++) {
		free(r.shares[i].host);
		free(r.shares[i].guest);
	}
	free(r.shares);
	strvec_clear(&r.append);
	strvec_clear(&r.dyndbg);
	strvec_clear(&r.dopts.modules);
	strbuf_release(&r.trace_line);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kdev-init: PID 1 of the machines "kdev run" boots (src/vm/proto.h).
 *
 * Mounts proc, sysfs and devtmpfs, reads /kdev.conf, loads the modules it
 * lists, mounts the virtiofs root at /newroot with its tmpfs overlays and
 * shares, moves into it as switch_root does, then runs the command with
 * the kdev.std* virtio ports as stdin/stdout/stderr (or an interactive
 * shell on /dev/hvc0), reaps every process until the command ends, writes
 * "exit=N" to the kdev.status port and powers off. Meanwhile a child of
 * init, the attach agent, runs the sessions of "kdev attach" that come
 * through the kdev.attach port.
 *
 * Problems go to /dev/kmsg as "kdev-init: ..."; a fatal one also goes to
 * the status port as "error=..." and the machine powers off. Nothing is
 * ever written to the command's output.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vm/proto.h"
#include "conf.h"

#define NEWROOT		"/newroot"
#define OVLDIR		"/ovl"
#define PORT_DIR	"/sys/class/virtio-ports"
#define PORT_WAIT_MS	5000	/* for the virtio ports to show up */
#define STATUS_WAIT_MS	2000	/* for the host to take the status line */

#define NORETURN __attribute__((noreturn))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

enum { P_STDIN, P_STDOUT, P_STDERR, P_STATUS, P_ATTACH, NR_PORTS };
static const char *const port_names[NR_PORTS] = {
	KDEV_PORT_STDIN, KDEV_PORT_STDOUT, KDEV_PORT_STDERR, KDEV_PORT_STATUS,
	KDEV_PORT_ATTACH,
};
static char port_dev[NR_PORTS][64];	/* "/dev/vport1p3", "" unknown */

static int kmsg_fd = -1;
static int early_loader;	/* we are /sbin/modprobe, see early_load() */
static int status_fd = -1;
static int ports_looked_up;	/* find_ports() ran, or fatal() did */
static int debug;		/* kdev.debug=1 or kdev.trace=1: log each step */
static int trace;		/* kdev.trace=1: with the time of each step */

/*
 * With kdev.trace=1 the steps' lines wait here until power-off, so that
 * writing them to the (slow, emulated) serial console does not slow the
 * steps down; each has the time it was taken.
 */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char trace_buf[32768];
static size_t trace_len;
static int trace_held;		/* lines go to trace_buf */
static struct kdev_conf conf;
static char conf_buf[CONF_MAX_SIZE + 1];

/* Log lines must stay one line: control bytes become '?'. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			*s = '?';
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= n;
	}
}

/*
 * One line to the kernel log at @level (or the console while no kmsg).
 * With kdev.trace=1 it starts with the guest's CLOCK_MONOTONIC, taken
 * when the step is logged: "kdev-init: t=1.234567 loaded ...".
 */
static void vklog(int level, const char *fmt, va_list ap)
{
	int saved = errno;
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "<%d>kdev-init: ", level);

	if (trace) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		n += snprintf(buf + n, sizeof(buf) - n, "t=%ld.%06ld ",
			      (long)ts.tv_sec, ts.tv_nsec / 1000);
	}
	errno = saved;
	vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	sanitize(buf);
	strcat(buf, "\n");
	n = strlen(buf);
	if (level >= 6 && trace_held) {
		pthread_mutex_lock(&log_lock);
		if (trace_len + n + 1 <= sizeof(trace_buf)) {
			memcpy(trace_buf + trace_len, buf, n + 1);
			trace_len += n + 1;
		}
		pthread_mutex_unlock(&log_lock);
	} else if (kmsg_fd >= 0) {
		write_all(kmsg_fd, buf, n);
	} else {
		write_all(2, buf + 3, n - 3);
	}
	errno = saved;
}

/* The held trace lines to the kernel log, one record each. */
static void flush_trace(void)
{
	size_t off;

	pthread_mutex_lock(&log_lock);
	trace_held = 0;
	for (off = 0; off < trace_len; off += strlen(trace_buf + off) + 1)
		if (kmsg_fd >= 0)
			write_all(kmsg_fd, trace_buf + off,
				  strlen(trace_buf + off));
	trace_len = 0;
	pthread_mutex_unlock(&log_lock);
}

PRINTF(1, 2) static void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vklog(3, fmt, ap);
	va_end(ap);
}

PRINTF(1, 2) static void dbg(const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	vklog(6, fmt, ap);
	va_end(ap);
}

/*
 * A line to the status port. Non-blocking, bounded: a host that is not
 * connected or does not read does not hang the guest.
 */
static void write_status(const char *line)
{
	size_t len = strlen(line);
	struct pollfd pfd = { .fd = status_fd, .events = POLLOUT };

	if (status_fd < 0)
		return;
	while (len) {
		ssize_t n = write(status_fd, line, len);

		if (n > 0) {
			line += n;
			len -= n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN &&
		    poll(&pfd, 1, STATUS_WAIT_MS) > 0 &&
		    (pfd.revents & POLLOUT))
			continue;
		warn("cannot write to the status port: %s",
		     n < 0 && errno != EAGAIN ? strerror(errno) :
		     "the host does not read it");
		return;
	}
}

NORETURN static void poweroff(void)
{
	flush_trace();
	sync();
	reboot(RB_POWER_OFF);
	warn("cannot power off: %m");
	reboot(RB_AUTOBOOT);	/* QEMU -no-reboot exits too */
	_exit(1);		/* a panic, and panic=-1 reboots */
}

static void status_port_late(void);

PRINTF(1, 2) NORETURN static void fatal(const char *fmt, ...)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char line[400];
	va_list ap;
	int saved = errno;
	int n = snprintf(line, sizeof(line), KDEV_STATUS_ERROR);

	va_start(ap, fmt);
	errno = saved;
	vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	sanitize(line);
	warn("%s", line + n);
	strcat(line, "\n");
	pthread_mutex_lock(&lock);	/* one thread says why, never unlocked */
	status_port_late();
	write_status(line);
	poweroff();
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Read a small file into @buf, NUL-terminated, without a final '\n'. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return -1;
	if (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return n;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char buf[CONF_MAX_PATH + 64];
	char *p;

	if (strlen(path) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(buf, path);
	for (p = buf + 1;; p++) {
		if (*p && *p != '/')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, mode) && errno != EEXIST)
				return -1;
			*p = c;
		}
		if (!*p)
			break;
	}
	return 0;
}

/* mount(2), logged with kdev.debug=1; the caller reports failures. */
static int do_mount(const char *src, const char *dir, const char *type,
		    unsigned long flags, const char *data)
{
	if (mount(src, dir, type, flags, data))
		return -1;
	dbg("mounted %s (%s) on %s", src, type ? type : "move", dir);
	return 0;
}

static int no_early_modules;	/* kdev.early_modules=0 */

/* Our kdev.* parameters on the kernel command line. */
static void cmdline_flags(const char *path)
{
	char cmdline[4096], *tok, *save;

	if (read_small(path, cmdline, sizeof(cmdline)) <= 0)
		return;
	for (tok = strtok_r(cmdline, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(tok, "kdev.debug=1"))
			debug = 1;
		else if (!strcmp(tok, "kdev.trace=1"))
			debug = trace = trace_held = 1;
		else if (!strcmp(tok, "kdev.early_modules=0"))
			no_early_modules = 1;
	}
}

static void early_mounts(void)
{
	static const struct {
		const char *src, *dir, *type;
		unsigned long flags;
		const char *data;
	} m[] = {
		{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL },
		{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL },
		{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
	};
	size_t i;
	int fd;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		mkdir(m[i].dir, 0755);
		if (do_mount(m[i].src, m[i].dir, m[i].type, m[i].flags,
			     m[i].data))
			fatal("cannot mount %s on %s: %m", m[i].type, m[i].dir);
	}
	kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	/* no console? the children must not get ports as fds 0-2 by chance */
	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0)
			warn("cannot open /dev/null: %m");
	/* our lines are not rate-limited away (10 per 5 s by default) */
	fd = open("/proc/sys/kernel/printk_devkmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		write_all(fd, "on\n", 3);
		close(fd);
	}
	cmdline_flags("/proc/cmdline");
	dbg("proc, sysfs and devtmpfs mounted");
}

/* In the early module loader (!@must), a problem is left to init. */
static int read_conf(int must)
{
	size_t len = 0;
	int fd = open(KDEV_CONF_PATH, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && !must)
		return -1;
	if (fd < 0)
		fatal("cannot open %s: %m", KDEV_CONF_PATH);
	while (len < sizeof(conf_buf)) {
		ssize_t n = read(fd, conf_buf + len, sizeof(conf_buf) - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && !must) {
			close(fd);
			return -1;
		}
		if (n < 0)
			fatal("cannot read %s: %m", KDEV_CONF_PATH);
		if (!n)
			break;
		len += n;
	}
	close(fd);
	if (kdev_conf_parse(&conf, conf_buf, len)) {
		if (!must)
			return -1;
		fatal("bad %s: %s", KDEV_CONF_PATH, conf.err);
	}
	dbg("%s: %zu modules, %zu overlays, %zu shares, %s", KDEV_CONF_PATH,
	    conf.nr_modules, conf.nr_overlays, conf.nr_shares,
	    conf.cmd ? "command" : "interactive");
	return 0;
}

/*
 * Modules load in parallel, a thread each: a module waits for those it
 * needs (moddeps=), the steps of main() for those they need. A failure
 * is a warning: what needed the module fails clearly later.
 */
static pthread_mutex_t mod_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mod_cond = PTHREAD_COND_INITIALIZER;
static uint64_t mod_done;		/* bit i: module i loaded or failed */
static int modules_started;
static int mod_fd[CONF_MAX_MODULES];

static uint64_t mod_all(void)
{
	return conf.nr_modules == 64 ? ~(uint64_t)0 :
	       ((uint64_t)1 << conf.nr_modules) - 1;
}

/* Wait until the modules of @mask are loaded (or failed to). */
static void wait_modules(uint64_t mask)
{
	pthread_mutex_lock(&mod_lock);
	while ((mod_done & mask) != mask)
		pthread_cond_wait(&mod_cond, &mod_lock);
	pthread_mutex_unlock(&mod_lock);
}

/* Whether module @i is one of @names (NULL-terminated). */
static int module_is(size_t i, const char *const *names)
{
	const char *base = strrchr(conf.modules[i], '/') + 1;
	size_t k, n = strlen(base);

	if (n > 3 && !strcmp(base + n - 3, ".ko"))
		n -= 3;
	for (k = 0; names[k]; k++)
		if (strlen(names[k]) == n && !strncmp(base, names[k], n))
			return 1;
	return 0;
}

/* The modules but those named in @skip, as a mask. */
static uint64_t modules_but(const char *const *skip)
{
	uint64_t mask = 0;
	size_t i;

	for (i = 0; i < conf.nr_modules; i++)
		if (!module_is(i, skip))
			mask |= (uint64_t)1 << i;
	return mask;
}

/*
 * Not needed to mount the root: not waited for then, and loaded at a
 * lower priority, so that those on the way to the root go first.
 */
static const char *const not_for_root[] = {
	"overlay", "virtio_console", "virtio_net", NULL,
};
static const char *const not_for_overlays[] = {
	"virtio_console", "virtio_net", NULL,
};
/*
 * Drivers of the other virtio devices: loaded after the PCI transport,
 * so that its probe, which the root waits for, does not include theirs.
 */
static const char *const after_transport[] = {
	"virtio_console", "virtio_net", NULL,
};
static const char *const transport[] = { "virtio_pci", NULL };

/* Whether /sys/module says module @i is in state @want ("live"...). */
static int module_state(size_t i, const char *want)
{
	const char *base = strrchr(conf.modules[i], '/') + 1;
	char path[300], state[32];

	snprintf(path, sizeof(path), "/sys/module/%.*s/initstate",
		 (int)(strlen(base) > 3 ? strlen(base) - 3 : 0), base);
	return read_small(path, state, sizeof(state)) > 0 &&
	       !strcmp(state, want);
}

/*
 * Whether module @i is in already, loaded by the early loader; while
 * that one still loads it, wait rather than load it a second time.
 */
static int module_live(size_t i)
{
	long start = now_ms();

	while (module_state(i, "coming") && now_ms() - start < 5000)
		sleep_ms(1);
	return module_state(i, "live");
}

static void *load_module(void *arg)
{
	size_t i = (size_t)arg;
	const char *m = conf.modules[i];
	uint64_t need = conf.module_deps_known[i] ? conf.module_deps[i] :
			((uint64_t)1 << i) - 1;

	if (module_is(i, not_for_root) &&
	    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10))
		warn("cannot lower the priority of loading %s: %m", m);
	/* with the host's dependencies: the transport never needs them */
	if (module_is(i, after_transport) && conf.module_deps_known[i])
		need |= mod_all() & ~modules_but(transport);
	wait_modules(need);
	if (!early_loader && module_live(i)) {
		dbg("%s: loaded while the kernel booted", m);
	} else if (mod_fd[i] >= 0) {
		if (syscall(SYS_finit_module, mod_fd[i], "", 0) &&
		    errno != EEXIST)
			warn("cannot load module %s: %m", m);
		else
			dbg("loaded %s", m);
	}
	if (mod_fd[i] >= 0) {
		close(mod_fd[i]);
		mod_fd[i] = -1;
	}
	pthread_mutex_lock(&mod_lock);
	mod_done |= (uint64_t)1 << i;
	pthread_cond_broadcast(&mod_cond);
	pthread_mutex_unlock(&mod_lock);
	return NULL;
}

/*
 * Open every module now (its file is gone after switch_root), then start
 * a detached thread for each; without threads, load it here.
 */
static void start_modules(void)
{
	pthread_attr_t attr;
	uint64_t in;
	pthread_t t;
	size_t i;

	for (i = 0; i < conf.nr_modules; i++) {
		mod_fd[i] = open(conf.modules[i], O_RDONLY | O_CLOEXEC);
		if (mod_fd[i] < 0)
			warn("cannot open module %s: %m", conf.modules[i]);
	}
	modules_started = 1;
	/* those the early loader has loaded need no thread */
	for (i = 0; i < conf.nr_modules && !early_loader; i++)
		if (module_state(i, "live")) {
			dbg("%s: loaded while the kernel booted",
			    conf.modules[i]);
			if (mod_fd[i] >= 0)
				close(mod_fd[i]);
			mod_fd[i] = -1;
			mod_done |= (uint64_t)1 << i;
		}
	in = mod_done;		/* no thread runs yet: no lock */
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < conf.nr_modules; i++)
		if (!(in & (uint64_t)1 << i) &&
		    pthread_create(&t, &attr, load_module, (void *)i))
			load_module((void *)i);
	pthread_attr_destroy(&attr);
}

/* Look the ports up by name; return how many of those in @want are known. */
static int scan_ports(unsigned int want)
{
	char path[300], name[64];
	struct dirent *de;
	DIR *d = opendir(PORT_DIR);
	int i, found = 0;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "vport", 5) ||
		    strlen(de->d_name) > 40)
			continue;
		snprintf(path, sizeof(path), PORT_DIR "/%s/name", de->d_name);
		if (read_small(path, name, sizeof(name)) <= 0)
			continue;
		for (i = 0; i < NR_PORTS; i++) {
			if (port_dev[i][0] || strcmp(name, port_names[i]))
				continue;
			snprintf(path, sizeof(path), "/dev/%s", de->d_name);
			if (!access(path, F_OK))
				strcpy(port_dev[i], path);
		}
	}
	if (d)
		closedir(d);
	for (i = 0; i < NR_PORTS; i++)
		if ((want & 1U << i) && port_dev[i][0])
			found++;
	return found;
}

/*
 * The ports appear when the host's control messages have been handled,
 * a little after virtio_console is loaded: wait, bounded.
 */
static void find_ports(void)
{
	unsigned int want = 1U << P_STATUS;
	int i, nr = 1, hvc = !conf.cmd;
	long start = now_ms();

	ports_looked_up = 1;
	if (conf.cmd) {
		want |= 1U << P_STDIN | 1U << P_STDOUT | 1U << P_STDERR;
		nr = 4;
	}
	while (scan_ports(want) < nr || (hvc && access("/dev/hvc0", F_OK))) {
		if (now_ms() - start > PORT_WAIT_MS)
			break;
		sleep_ms(2);
	}
	dbg("ports looked up in %ld ms", now_ms() - start);
	if (!port_dev[P_STATUS][0])
		fatal("no virtio port named %s (is virtio_console loaded?)",
		      KDEV_PORT_STATUS);
	status_fd = open(port_dev[P_STATUS], O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (status_fd < 0)
		fatal("cannot open %s: %m", port_dev[P_STATUS]);
	for (i = 0; i < NR_PORTS; i++)
		if ((want & 1U << i) && !port_dev[i][0])
			fatal("no virtio port named %s", port_names[i]);
	if (hvc && access("/dev/hvc0", F_OK))
		fatal("no /dev/hvc0 for the interactive shell "
		      "(no virtconsole?)");
}

/*
 * For fatal() before find_ports() (the status port is looked up late, as
 * virtio_console loads while the root is mounted): look for it now.
 */
static void status_port_late(void)
{
	long start = now_ms();

	if (status_fd >= 0 || ports_looked_up)
		return;
	ports_looked_up = 1;
	if (modules_started)
		wait_modules(mod_all());
	while (!scan_ports(1U << P_STATUS) && now_ms() - start < PORT_WAIT_MS)
		sleep_ms(2);
	if (port_dev[P_STATUS][0])
		status_fd = open(port_dev[P_STATUS],
				 O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

static void join_root(char *buf, size_t size, const char *path)
{
	if ((size_t)snprintf(buf, size, NEWROOT "%s", path) >= size)
		fatal("path too long: %s", path);
}

/* @s with ',' ':' and '\' escaped for an overlayfs option. */
static void ovl_escape(char *buf, size_t size, const char *s)
{
	const char *p;
	size_t n = 0;

	for (p = s; *p; p++) {
		if (n + 3 > size)
			fatal("path too long for overlayfs: %s", s);
		if (*p == ',' || *p == ':' || *p == '\\')
			buf[n++] = '\\';
		buf[n++] = *p;
	}
	buf[n] = '\0';
}

static void mount_overlay(size_t idx, const char *path)
{
	char dir[CONF_MAX_PATH + 16], esc[2 * CONF_MAX_PATH + 32];
	char upper[64], work[64], opts[4096];
	struct stat st;

	join_root(dir, sizeof(dir), path);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		warn("no directory %s in the root, no overlay on it", path);
		return;
	}
	snprintf(upper, sizeof(upper), OVLDIR "/%zu/upper", idx);
	snprintf(work, sizeof(work), OVLDIR "/%zu/work", idx);
	if (mkdir_p(upper, 0755) || mkdir_p(work, 0755))
		fatal("cannot create %s: %m", upper);
	/* the top of the overlay shows the upper dir's owner and mode */
	if (chown(upper, st.st_uid, st.st_gid) ||
	    chmod(upper, st.st_mode & 07777))
		warn("cannot give %s the owner and mode of %s: %m", upper,
		     path);
	ovl_escape(esc, sizeof(esc), dir);
	if ((size_t)snprintf(opts, sizeof(opts),
			     "lowerdir=%s,upperdir=%s,workdir=%s", esc, upper,
			     work) >= sizeof(opts))
		fatal("path too long for overlayfs: %s", path);
	if (do_mount("overlay", dir, "overlay", 0, opts))
		fatal("cannot mount an overlay on %s: %m", path);
}

/*
 * Read ahead 2 MiB on a share, not the default 128 KiB: each read is a
 * round trip to the host, slow under TCG, and the first program run
 * (the shell) maps 2 MB of libc: 9 reads instead of 23.
 */
static void set_readahead(const char *dir)
{
	char path[96];
	struct stat st;
	int fd;

	if (stat(dir, &st))
		return;
	snprintf(path, sizeof(path), "/sys/class/bdi/%u:%u/read_ahead_kb",
		 major(st.st_dev), minor(st.st_dev));
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "2048", 4) != 4)
		dbg("cannot set the read-ahead of %s: %m", dir);
	if (fd >= 0)
		close(fd);
}

/* A share of the host: virtiofs, or 9p (fstype=9p) on older hosts. */
static int mount_fs(const char *tag, const char *dir, int ro)
{
	if (conf.fs_9p)
		return do_mount(tag, dir, "9p", ro ? MS_RDONLY : 0,
				"trans=virtio,version=9p2000.L,msize=512000,"
				"cache=loose");
	return do_mount(tag, dir, "virtiofs", ro ? MS_RDONLY : 0, NULL);
}

static void mount_share(const struct kdev_share *s)
{
	char dir[CONF_MAX_PATH + 16];
	struct stat st;

	join_root(dir, sizeof(dir), s->path);
	if (stat(dir, &st)) {
		/* never create it on the host: only under an overlay */
		if (!conf.root_ro)
			fatal("cannot mount share %s: no directory %s", s->tag,
			      s->path);
		if (mkdir_p(dir, 0755))
			fatal("cannot mount share %s: no directory %s, and "
			      "cannot create it: %m", s->tag, s->path);
	}
	if (mount_fs(s->tag, dir, s->ro))
		fatal("cannot mount share %s on %s: %s", s->tag, s->path,
		      errno == EINVAL ? "no device with that tag?" :
		      strerror(errno));
	set_readahead(dir);
}

/* Whether an overlay is below another: those must go in order. */
static int overlays_nested(void)
{
	size_t i, j, n;

	for (i = 0; i < conf.nr_overlays; i++)
		for (j = 0; j < conf.nr_overlays; j++) {
			n = strlen(conf.overlays[i]);
			if (i != j && !strncmp(conf.overlays[i],
					       conf.overlays[j], n) &&
			    (conf.overlays[j][n] == '/' ||
			     conf.overlays[j][n] == '\0' || n == 1))
				return 1;
		}
	return 0;
}

static void *overlay_thread(void *arg)
{
	size_t i = (size_t)arg;

	mount_overlay(i, conf.overlays[i]);
	return NULL;
}

/*
 * The root, then its overlays, all at once: each mount waits for
 * virtiofsd's answers to its lookups, meanwhile others go on.
 */
static void mount_root(void)
{
	pthread_t t[CONF_MAX_OVERLAYS];
	int started[CONF_MAX_OVERLAYS];
	pthread_attr_t attr;
	int parallel = !overlays_nested();
	size_t i;

	wait_modules(modules_but(not_for_root));
	mkdir(NEWROOT, 0755);
	if (mount_fs(conf.root, NEWROOT, conf.root_ro))
		fatal("cannot mount the root (%s %s): %s",
		      conf.fs_9p ? "9p" : "virtiofs", conf.root,
		      errno == EINVAL ? "no device with that tag?" :
		      strerror(errno));
	set_readahead(NEWROOT);
	if (conf.nr_overlays) {
		mkdir(OVLDIR, 0755);
		if (do_mount("tmpfs", OVLDIR, "tmpfs", MS_NOSUID, "mode=0755"))
			fatal("cannot mount tmpfs on %s: %m", OVLDIR);
		wait_modules(modules_but(not_for_overlays));
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (i = 0; i < conf.nr_overlays; i++) {
		started[i] = parallel &&
			     !pthread_create(&t[i], &attr, overlay_thread,
					     (void *)i);
		if (!started[i])
			mount_overlay(i, conf.overlays[i]);
	}
	pthread_attr_destroy(&attr);
	for (i = 0; i < conf.nr_overlays; i++)
		if (started[i])
			pthread_join(t[i], NULL);
	/* after the overlays: a share may be mounted below one */
	for (i = 0; i < conf.nr_shares; i++)
		mount_share(&conf.shares[i]);
}

/* As switch_root does: pivot_root() does not work on the rootfs. */
static void switch_root(void)
{
	static const char *const early[] = { "/proc", "/sys", "/dev" };
	char dir[64];
	size_t i;

	for (i = 0; i < sizeof(early) / sizeof(early[0]); i++) {
		join_root(dir, sizeof(dir), early[i]);
		if (do_mount(early[i], dir, NULL, MS_MOVE, NULL))
			fatal("cannot move %s to %s: %m", early[i], dir);
	}
	if (chdir(NEWROOT))
		fatal("cannot chdir to %s: %m", NEWROOT);
	if (mount(".", "/", NULL, MS_MOVE, NULL))
		fatal("cannot move %s to /: %m", NEWROOT);
	if (chroot("."))
		fatal("cannot chroot to %s: %m", NEWROOT);
	if (chdir("/"))
		fatal("cannot chdir to /: %m");
	dbg("switched to the new root");
}

/* Mounts inside the new root; a kernel without them is fine. */
static void late_mounts(void)
{
	static const struct {
		const char *src, *dir, *type;
		unsigned long flags;
		const char *data;
		int create;	/* mkdir the mount point (in devtmpfs) */
		int optional;	/* ENODEV and ENOENT are quiet */
	} m[] = {
		{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  "newinstance,ptmxmode=0666,mode=0620,gid=5", 1, 0 },
		{ "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=1777", 1, 0 },
		{ "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755", 0, 1 },
		{ "debugfs", "/sys/kernel/debug", "debugfs", 0, NULL, 0, 1 },
		{ "tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL, 0, 1 },
		{ "cgroup2", "/sys/fs/cgroup", "cgroup2",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0, 1 },
	};
	static const char *const links[][2] = {
		{ "/proc/self/fd", "/dev/fd" },
		{ "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" },
		{ "/proc/self/fd/2", "/dev/stderr" },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		if (m[i].create && mkdir(m[i].dir, 0755) && errno != EEXIST)
			warn("cannot create %s: %m", m[i].dir);
		if (do_mount(m[i].src, m[i].dir, m[i].type, m[i].flags,
			     m[i].data) &&
		    !(m[i].optional && (errno == ENODEV || errno == ENOENT)))
			warn("cannot mount %s on %s: %m", m[i].type, m[i].dir);
	}
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][0], links[i][1]) && errno != EEXIST)
			warn("cannot create %s: %m", links[i][1]);
}

static void setup_net(void)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd;

	if (conf.hostname && sethostname(conf.hostname, strlen(conf.hostname)))
		warn("cannot set the hostname to %s: %m", conf.hostname);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		warn("cannot bring up lo: socket: %m");
		return;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ioctl(fd, SIOCSIFADDR, &ifr))
		warn("cannot set the address of lo: %m");
	sin->sin_addr.s_addr = htonl(0xff000000);
	if (ioctl(fd, SIOCSIFNETMASK, &ifr))
		warn("cannot set the netmask of lo: %m");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		warn("cannot get the flags of lo: %m");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		warn("cannot bring up lo: %m");
	close(fd);
	dbg("lo is up");
}

static void *net_thread(void *arg)
{
	(void)arg;
	/* it can wait: the modules on the way to the root go first */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	setup_net();
	return NULL;
}

/*
 * In the child, before exec: the reason goes to init through @fd (a
 * close-on-exec pipe), which reports it on the status port.
 */
PRINTF(2, 3) NORETURN static void child_fail(int fd, const char *fmt, ...)
{
	char buf[300];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	errno = saved;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	write_all(fd, buf, strlen(buf));
	_exit(127);
}

static void child_stdio(int fd)
{
	static const int flags[3] = { O_RDONLY, O_WRONLY, O_WRONLY };
	int i, port;

	for (i = 0; i < 3; i++) {
		port = open(port_dev[i], flags[i] | O_CLOEXEC);
		if (port < 0)
			child_fail(fd, "cannot open %s (%s): %m", port_dev[i],
				   port_names[i]);
		if (dup2(port, i) < 0)
			child_fail(fd, "dup2: %m");
		close(port);
	}
}

static void child_tty(int fd)
{
	struct winsize ws = { .ws_row = conf.rows, .ws_col = conf.cols };
	int tty = open("/dev/hvc0", O_RDWR | O_CLOEXEC);
	int i;

	if (tty < 0)
		child_fail(fd, "cannot open /dev/hvc0: %m");
	if (ioctl(tty, TIOCSCTTY, 0))
		child_fail(fd, "cannot make /dev/hvc0 the controlling tty: %m");
	if (conf.rows && conf.cols && ioctl(tty, TIOCSWINSZ, &ws))
		warn("cannot set the size of /dev/hvc0: %m");
	for (i = 0; i < 3; i++)
		if (dup2(tty, i) < 0)
			child_fail(fd, "dup2: %m");
	close(tty);
}

/*
 * A plain word (kdev_conf_plain_command()): what "/bin/sh -c WORD" would
 * do, without starting the shell first: look WORD up in the command's
 * PATH as sh does (no '/' in it) and execve() it with the environment sh
 * would pass on (ours, with PWD, which sh sets). When that finds nothing
 * it can run, sh gets WORD after all, and says what it says about it
 * with the status it gives (127, 126, a script without "#!"...).
 */
static void exec_plain(const char *word)
{
	static char *env[CONF_MAX_ENV + 2];
	static char pwd[CONF_MAX_PATH + 8], path[2 * CONF_MAX_PATH + 2];
	char *argv[2] = { (char *)word, NULL };
	const char *dirs, *end;
	size_t i, n = 0, len;

	for (i = 0; i < conf.nr_env; i++)
		if (strncmp(conf.env[i], "PWD=", 4))
			env[n++] = conf.env[i];
	memcpy(pwd, "PWD=", 4);
	if (getcwd(pwd + 4, sizeof(pwd) - 4))
		env[n++] = pwd;
	env[n] = NULL;
	dbg("exec %s (a plain word: no /bin/sh -c)", word);
	if (strchr(word, '/')) {
		execve(word, argv, env);
		return;
	}
	/* as sh does: the first that can be run, each PATH entry in turn */
	dirs = kdev_conf_getenv(&conf, "PATH");
	if (!dirs)
		return;		/* sh has its own default */
	for (;; dirs = end + 1) {
		end = strchrnul(dirs, ':');
		len = (size_t)(end - dirs);
		/* an empty entry is the current directory */
		if (len + strlen(word) + 2 <= sizeof(path)) {
			memcpy(path, dirs, len);
			snprintf(path + len, sizeof(path) - len, "%s%s",
				 len ? "/" : "", word);
			execve(path, argv, env);
			/* sh runs that one as a script: it does that best */
			if (errno == ENOEXEC)
				return;
		}
		if (!*end)
			break;
	}
}

/* In a child: the command's groups, gid, uid and directory. */
static void become_user(int fd)
{
	if (setgroups(conf.nr_groups, conf.groups))
		child_fail(fd, "cannot set the groups: %m");
	if (setgid(conf.gid))
		child_fail(fd, "cannot set the gid to %u: %m", conf.gid);
	if (setuid(conf.uid))
		child_fail(fd, "cannot set the uid to %u: %m", conf.uid);
	if (chdir(conf.cwd)) {
		char msg[CONF_MAX_PATH + 100];

		snprintf(msg, sizeof(msg),
			 "kdev-init: cannot chdir to %s: %m; starting in /\n",
			 conf.cwd);
		write_all(2, msg, strlen(msg));
		if (chdir("/"))
			child_fail(fd, "cannot chdir to /: %m");
	}
}

NORETURN static void run_child(int fd)
{
	char *argv[4];
	const char *shell;

	trace_held = 0;		/* our lines would be lost at exec */
	if (setsid() < 0)
		child_fail(fd, "setsid: %m");
	if (conf.cmd)
		child_stdio(fd);
	else
		child_tty(fd);
	become_user(fd);
	if (conf.cmd && kdev_conf_plain_command(conf.cmd))
		exec_plain(conf.cmd);
	if (conf.cmd) {
		argv[0] = "sh";
		argv[1] = "-c";
		argv[2] = (char *)conf.cmd;
		argv[3] = NULL;
		dbg("exec /bin/sh -c ...");
		execve("/bin/sh", argv, conf.env);
		child_fail(fd, "cannot run /bin/sh: %m");
	}
	shell = kdev_conf_getenv(&conf, "SHELL");
	if (!shell || shell[0] != '/' || access(shell, X_OK))
		shell = "/bin/sh";
	argv[0] = strrchr(shell, '/') + 1;
	argv[1] = "-i";
	argv[2] = NULL;
	execve(shell, argv, conf.env);
	if (strcmp(shell, "/bin/sh")) {
		argv[0] = "sh";
		execve("/bin/sh", argv, conf.env);
	}
	child_fail(fd, "cannot run %s: %m", shell);
}

/* Run the command, reap every process until it ends; its exit status. */
static int run(void)
{
	int pfd[2], status;
	char msg[300];
	ssize_t n;
	pid_t pid, p;

	if (pipe2(pfd, O_CLOEXEC))
		fatal("pipe: %m");
	pid = fork();
	if (pid < 0)
		fatal("fork: %m");
	if (!pid) {
		close(pfd[0]);
		run_child(pfd[1]);
	}
	close(pfd[1]);
	do
		n = read(pfd[0], msg, sizeof(msg) - 1);
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n > 0) {
		msg[n] = '\0';
		fatal("%s", msg);
	}
	dbg("started the %s, pid %d", conf.cmd ? "command" : "shell", pid);
	for (;;) {
		p = wait(&status);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			fatal("wait: %m");
		if (p == pid)
			break;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * ---- the attach agent ----
 *
 * A child of init, started before the command: it reads the frames of
 * the kdev.attach port (src/vm/proto.h) and runs a session for each
 * OPEN, a shell or a command, on a pty of its own or on pipes, as the
 * command runs (same user, groups, environment, directory). Its end or
 * its failure never touches the command, which alone decides when the
 * machine stops.
 */
#define AGENT_SESSIONS	64
#define AGENT_INBUF_MAX	(4 * 1024 * 1024)	/* stop reading the port */

struct session {
	unsigned int id;	/* 0: a free slot */
	pid_t pid;
	int tty;
	int in_fd;		/* stdin: pty master or pipe; -1 closed */
	int out_fd, err_fd;	/* the master (tty) or pipes; -1 closed */
	char *in;		/* for stdin, not yet written */
	size_t in_len, in_cap;
	int in_eof;		/* close stdin once in is written */
	int exited, status;
	int hup;		/* CLOSE: nothing more to send */
};

static struct session sessions[AGENT_SESSIONS];
static int agent_port = -1;

/* A frame to the host; a port that fails ends the agent. */
static void agent_send(unsigned int type, unsigned int id, const void *data,
		       size_t len)
{
	unsigned char hdr[KDEV_ATT_HDR];
	struct iovec iov[2] = {
		{ hdr, sizeof(hdr) }, { (void *)data, len },
	};
	size_t left = sizeof(hdr) + len;

	kdev_att_header(hdr, type, id, len);
	while (left) {
		ssize_t n = writev(agent_port, iov, 2);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			warn("attach agent: cannot write to the port: %m");
			_exit(1);
		}
		left -= (size_t)n;
		for (int i = 0; i < 2 && n; i++) {
			size_t k = (size_t)n < iov[i].iov_len ?
				   (size_t)n : iov[i].iov_len;

			iov[i].iov_base = (char *)iov[i].iov_base + k;
			iov[i].iov_len -= k;
			n -= (ssize_t)k;
		}
	}
}

PRINTF(2, 3) static void agent_error(unsigned int id, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	agent_send(KDEV_ATT_ERROR, id, msg, strlen(msg));
}

static struct session *session_of(unsigned int id)
{
	size_t i;

	for (i = 0; i < AGENT_SESSIONS; i++)
		if (sessions[i].id == id)
			return &sessions[i];
	return NULL;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void session_free(struct session *s)
{
	if (s->tty) {
		/* one master for all three */
		close_fd(&s->out_fd);
		s->in_fd = -1;
	} else {
		close_fd(&s->in_fd);
		close_fd(&s->out_fd);
		close_fd(&s->err_fd);
	}
	free(s->in);
	memset(s, 0, sizeof(*s));
	s->in_fd = s->out_fd = s->err_fd = -1;
}

/* A number record, or @def. */
static unsigned int record_num(const struct kdev_att_frame *f,
			       const char *key, unsigned int def)
{
	const char *v = kdev_att_record(f->data, f->len, key);
	unsigned long n;
	char *end;

	if (!v || !*v)
		return def;
	n = strtoul(v, &end, 10);
	return *end || n > 65535 ? def : (unsigned int)n;
}

/* The session's environment: the command's, with the client's TERM. */
static char **session_env(const char *term)
{
	static char *env[CONF_MAX_ENV + 2];
	static char term_var[256];
	size_t i, n = 0;

	for (i = 0; i < conf.nr_env; i++)
		if (!term || strncmp(conf.env[i], "TERM=", 5))
			env[n++] = conf.env[i];
	if (term) {
		snprintf(term_var, sizeof(term_var), "TERM=%s", term);
		env[n++] = term_var;
	}
	env[n] = NULL;
	return env;
}

/* In the session's child: its stdio, its user, then exec. */
NORETURN static void session_child(int fd, int tty, int master,
				   const int *pipes, const char *cmd,
				   const char *term, unsigned int rows,
				   unsigned int cols)
{
	char **env = session_env(term);
	const char *shell;
	char *argv[4];
	sigset_t none;
	int i, slave;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (setsid() < 0)
		child_fail(fd, "setsid: %m");
	if (tty) {
		struct winsize ws = { .ws_row = rows, .ws_col = cols };

		slave = -1;
#ifdef TIOCGPTPEER
		slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
#endif
		if (slave < 0) {
			char path[64];
			unsigned int nr;

			if (ioctl(master, TIOCGPTN, &nr))
				child_fail(fd, "cannot find the pty: %m");
			snprintf(path, sizeof(path), "/dev/pts/%u", nr);
			slave = open(path, O_RDWR | O_NOCTTY);
			if (slave < 0)
				child_fail(fd, "cannot open %s: %m", path);
		}
		if (ioctl(slave, TIOCSCTTY, 0))
			child_fail(fd, "cannot make the pty the controlling "
				   "tty: %m");
		if (rows && cols)
			ioctl(slave, TIOCSWINSZ, &ws);
		/* the user's terminal, as a login gives it (group tty) */
		if (fchown(slave, conf.uid, 5) && conf.uid)
			dbg("cannot give the pty to uid %u: %m", conf.uid);
		for (i = 0; i < 3; i++)
			if (dup2(slave, i) < 0)
				child_fail(fd, "dup2: %m");
		if (slave > 2)
			close(slave);
		close(master);
	} else {
		for (i = 0; i < 3; i++)
			if (dup2(pipes[i], i) < 0)
				child_fail(fd, "dup2: %m");
	}
	become_user(fd);
	if (cmd) {
		argv[0] = "sh";
		argv[1] = "-c";
		argv[2] = (char *)cmd;
		argv[3] = NULL;
		execve("/bin/sh", argv, env);
		child_fail(fd, "cannot run /bin/sh: %m");
	}
	shell = kdev_conf_getenv(&conf, "SHELL");
	if (!shell || shell[0] != '/' || access(shell, X_OK))
		shell = "/bin/sh";
	argv[0] = strrchr(shell, '/') + 1;
	argv[1] = tty ? "-i" : NULL;
	argv[2] = NULL;
	execve(shell, argv, env);
	child_fail(fd, "cannot run %s: %m", shell);
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* OPEN: start session @id; an ERROR frame when it cannot start. */
static void session_open(unsigned int id, const struct kdev_att_frame *f)
{
	const char *cmd = kdev_att_record(f->data, f->len, "cmd");
	const char *term = kdev_att_record(f->data, f->len, "term");
	int tty = record_num(f, "tty", 0) == 1;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	int pfd[2], master = -1, zero = 0, child[3];
	struct session *s;
	char msg[300];
	ssize_t n;
	pid_t pid;

	if (session_of(id)) {
		agent_error(id, "session %u is open already", id);
		return;
	}
	s = session_of(0);
	if (!s) {
		agent_error(id, "too many sessions in this guest (%d)",
			    AGENT_SESSIONS);
		return;
	}
	if (term && (!*term || strlen(term) > 200 || strchr(term, '/')))
		term = NULL;
	if (tty) {
		master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0)
			master = open("/dev/ptmx", O_RDWR | O_NOCTTY |
				      O_CLOEXEC);
		if (master < 0 || ioctl(master, TIOCSPTLCK, &zero)) {
			agent_error(id, "cannot open a pty in the guest: %s",
				    strerror(errno));
			if (master >= 0)
				close(master);
			return;
		}
	} else if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) ||
		   pipe2(err, O_CLOEXEC)) {
		agent_error(id, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (pipe2(pfd, O_CLOEXEC)) {
		agent_error(id, "pipe: %s", strerror(errno));
		goto fail;
	}
	child[0] = in[0];
	child[1] = out[1];
	child[2] = err[1];
	pid = fork();
	if (!pid) {
		close(pfd[0]);
		close(agent_port);
		session_child(pfd[1], tty, master, child, cmd, term,
			      record_num(f, "rows", 0),
			      record_num(f, "cols", 0));
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		agent_error(id, "fork: %s", strerror(errno));
		goto fail;
	}
	do
		n = read(pfd[0], msg, sizeof(msg) - 1);
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n > 0) {
		/* the child has failed and exits 127; reaped later */
		msg[n] = '\0';
		agent_error(id, "%s", msg);
		goto fail;
	}
	s->id = id;
	s->pid = pid;
	s->tty = tty;
	if (tty) {
		s->in_fd = s->out_fd = master;
		s->err_fd = -1;
		set_nonblock(master);
	} else {
		close(in[0]);
		close(out[1]);
		close(err[1]);
		s->in_fd = in[1];
		s->out_fd = out[0];
		s->err_fd = err[0];
		set_nonblock(in[1]);
		set_nonblock(out[0]);
		set_nonblock(err[0]);
	}
	dbg("attach: session %u: pid %d, %s, %s", id, (int)pid,
	    tty ? "pty" : "pipes", cmd ? "a command" : "a shell");
	return;
fail:
	if (master >= 0)
		close(master);
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
}

/* Write what the session's stdin takes now. */
static void session_write_in(struct session *s)
{
	while (s->in_fd >= 0 && s->in_len) {
		ssize_t n = write(s->in_fd, s->in, s->in_len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			/* nobody reads it any more: drop the rest */
			s->in_len = 0;
			break;
		}
		memmove(s->in, s->in + n, s->in_len - (size_t)n);
		s->in_len -= (size_t)n;
	}
	if (s->in_eof && !s->in_len && !s->tty)
		close_fd(&s->in_fd);
}

/* Read one chunk of the session's output to the host; 0 at its end. */
static int session_read_out(struct session *s, int *fd, unsigned int type)
{
	char buf[32768];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0) {
		/* EOF, or EIO: a pty nobody has open any more */
		if (s->tty) {
			close_fd(&s->out_fd);
			s->in_fd = -1;
		} else {
			close_fd(fd);
		}
		return 0;
	}
	if (!s->hup)
		agent_send(type, s->id, buf, (size_t)n);
	return 1;
}

/* Send what the session's output holds, until none comes for @ms. */
static void drain(struct session *s, int *fd, unsigned int type, int ms)
{
	while (*fd >= 0) {
		struct pollfd p = { .fd = *fd, .events = POLLIN };

		if (poll(&p, 1, ms) <= 0 || !session_read_out(s, fd, type))
			break;
	}
}

/*
 * The session's command has ended: what it wrote is in the pipes (or
 * the pty) already; send that, then its status, and free the slot.
 */
static void session_done(struct session *s)
{
	char rec[32];
	int code = WIFSIGNALED(s->status) ? 128 + WTERMSIG(s->status) :
		   WEXITSTATUS(s->status);

	/*
	 * A pty passes what was written to the master a little later (a
	 * work item of the kernel's): wait for it, a little; a pipe has it
	 * all at once.
	 */
	drain(s, &s->out_fd, KDEV_ATT_STDOUT, s->tty ? 50 : 0);
	drain(s, &s->err_fd, KDEV_ATT_STDERR, 0);
	if (!s->hup) {
		int n = snprintf(rec, sizeof(rec), "status=%d", code);

		agent_send(KDEV_ATT_EXIT, s->id, rec, (size_t)n + 1);
	}
	dbg("attach: session %u ended with %d", s->id, code);
	session_free(s);
}

static void session_frame(const struct kdev_att_frame *f)
{
	struct session *s;

	if (!f->session)
		return;
	if (f->type == KDEV_ATT_OPEN) {
		session_open(f->session, f);
		return;
	}
	s = session_of(f->session);
	if (!s || s->hup)
		return;
	switch (f->type) {
	case KDEV_ATT_DATA:
		if (s->in_fd < 0 || s->in_eof)
			break;
		if (s->in_len + f->len > s->in_cap) {
			s->in_cap = (s->in_len + f->len) * 2;
			s->in = realloc(s->in, s->in_cap);
			if (!s->in) {
				warn("attach agent: out of memory");
				_exit(1);
			}
		}
		memcpy(s->in + s->in_len, f->data, f->len);
		s->in_len += f->len;
		session_write_in(s);
		break;
	case KDEV_ATT_EOF:
		/* a terminal's end of input is its EOF character, ^D */
		if (s->tty && s->in_fd >= 0 && !s->in_eof) {
			struct kdev_att_frame d = *f;

			d.type = KDEV_ATT_DATA;
			d.data = (const unsigned char *)"\x04";
			d.len = 1;
			session_frame(&d);
		}
		s->in_eof = 1;
		session_write_in(s);
		break;
	case KDEV_ATT_RESIZE:
		if (s->tty && s->out_fd >= 0) {
			struct winsize ws = {
				.ws_row = record_num(f, "rows", 0),
				.ws_col = record_num(f, "cols", 0),
			};

			if (ws.ws_row && ws.ws_col)
				ioctl(s->out_fd, TIOCSWINSZ, &ws);
		}
		break;
	case KDEV_ATT_SIGNAL: {
		unsigned int sig = record_num(f, "sig", 0);

		if (sig && sig < 65 && !s->exited)
			kill(-s->pid, (int)sig);
		break;
	}
	case KDEV_ATT_CLOSE:
		/* as a terminal that hangs up */
		s->hup = 1;
		if (!s->exited) {
			kill(-s->pid, SIGHUP);
			kill(-s->pid, SIGCONT);
		}
		s->in_len = 0;
		s->in_eof = 1;
		if (!s->tty)
			close_fd(&s->in_fd);
		break;
	default:
		break;	/* newer host: not for us */
	}
}

static void agent_reap(void)
{
	int status;
	pid_t pid;
	size_t i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < AGENT_SESSIONS; i++)
			if (sessions[i].id && sessions[i].pid == pid) {
				sessions[i].exited = 1;
				sessions[i].status = status;
				session_done(&sessions[i]);
				break;
			}
}

NORETURN static void agent_loop(int sfd)
{
	struct pollfd p[1 + 1 + 3 * AGENT_SESSIONS];
	struct session *owner[1 + 1 + 3 * AGENT_SESSIONS];
	static unsigned char buf[2 * (KDEV_ATT_HDR + KDEV_ATT_MAX_PAYLOAD)];
	size_t len = 0, i, n;
	long r;

	for (i = 0; i < AGENT_SESSIONS; i++)
		sessions[i].in_fd = sessions[i].out_fd = sessions[i].err_fd = -1;
	for (;;) {
		size_t backlog = 0;

		n = 0;
		for (i = 0; i < AGENT_SESSIONS; i++)
			backlog += sessions[i].in_len;
		p[n].fd = agent_port;
		p[n].events = backlog > AGENT_INBUF_MAX ? 0 : POLLIN;
		owner[n++] = NULL;
		p[n].fd = sfd;
		p[n].events = POLLIN;
		owner[n++] = NULL;
		for (i = 0; i < AGENT_SESSIONS; i++) {
			struct session *s = &sessions[i];

			if (!s->id)
				continue;
			if (s->out_fd >= 0) {
				p[n].fd = s->out_fd;
				p[n].events = POLLIN |
					      (s->tty && s->in_len ? POLLOUT : 0);
				owner[n++] = s;
			}
			if (s->err_fd >= 0) {
				p[n].fd = s->err_fd;
				p[n].events = POLLIN;
				owner[n++] = s;
			}
			if (!s->tty && s->in_fd >= 0 && s->in_len) {
				p[n].fd = s->in_fd;
				p[n].events = POLLOUT;
				owner[n++] = s;
			}
		}
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			warn("attach agent: poll: %m");
			_exit(1);
		}
		if (p[1].revents) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) < 0 && errno != EAGAIN)
				warn("attach agent: signalfd: %m");
			agent_reap();
		}
		for (i = 2; i < n; i++) {
			struct session *s = owner[i];

			if (!p[i].revents || !s->id)
				continue;
			if (p[i].fd == s->in_fd && (p[i].revents & POLLOUT))
				session_write_in(s);
			if (p[i].fd == s->out_fd &&
			    (p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				session_read_out(s, &s->out_fd,
						 KDEV_ATT_STDOUT);
			else if (p[i].fd == s->err_fd &&
				 (p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				session_read_out(s, &s->err_fd,
						 KDEV_ATT_STDERR);
		}
		if (!p[0].revents)
			continue;
		r = read(agent_port, buf + len, sizeof(buf) - len);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0) {
			/* the host has closed its end: wait for it */
			if (r < 0)
				warn("attach agent: cannot read the port: %m");
			sleep_ms(200);
			continue;
		}
		len += (size_t)r;
		for (;;) {
			struct kdev_att_frame f;
			long k = kdev_att_parse(buf, len, &f);

			if (!k)
				break;
			if (k < 0) {
				warn("attach agent: a malformed frame; "
				     "kdev attach stops working");
				_exit(1);
			}
			session_frame(&f);
			memmove(buf, buf + k, len - (size_t)k);
			len -= (size_t)k;
		}
	}
}

/*
 * Fork the agent, when the host has given us a kdev.attach port. init
 * reaps it with the rest; the sessions are the agent's children.
 */
static void start_agent(void)
{
	sigset_t mask;
	long start = now_ms();
	int sfd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		warn("cannot start the attach agent: fork: %m");
	if (pid)
		return;
	trace_held = 0;		/* our lines would be lost with us */
	while (!scan_ports(1U << P_ATTACH) && now_ms() - start < PORT_WAIT_MS)
		sleep_ms(10);
	if (!port_dev[P_ATTACH][0]) {
		dbg("no %s port: kdev attach does not work here",
		    KDEV_PORT_ATTACH);
		_exit(0);
	}
	agent_port = open(port_dev[P_ATTACH], O_RDWR | O_CLOEXEC);
	if (agent_port < 0) {
		warn("attach agent: cannot open %s: %m", port_dev[P_ATTACH]);
		_exit(1);
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		warn("attach agent: signalfd: %m");
		_exit(1);
	}
	/* the agent is not PID 1: SIGPIPE would kill it */
	signal(SIGPIPE, SIG_IGN);
	dbg("attach agent started on %s (pid %d)", port_dev[P_ATTACH],
	    (int)getpid());
	agent_loop(sfd);
}

/*
 * The kernel asks for modules while it boots (crypto algorithms, say),
 * running /sbin/modprobe, which is a link to us in the initramfs. The
 * first time, we start loading our modules, in a child, and say no to
 * the kernel, as a missing modprobe would: the modules load on a CPU
 * the boot leaves idle, and init finds them in. With the lines we log
 * held until the end, as init does them.
 */
static int early_load(void)
{
	static const char dir[] = "/kdev-early";
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	early_loader = 1;
	if (mkdir(dir, 0700) || fork())
		return 1;		/* not the first, or the parent */
	setsid();
	umask(022);
	if (!mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		   NULL)) {
		char path[64];

		snprintf(path, sizeof(path), "%s/cmdline", dir);
		cmdline_flags(path);
		umount(dir);
	}
	if (no_early_modules)
		_exit(0);
	/* no devtmpfs yet: a node of our own for /dev/kmsg */
	if (!mknod("/dev/kmsg-early", S_IFCHR | 0600, makedev(1, 11)))
		kmsg_fd = open("/dev/kmsg-early", O_WRONLY | O_CLOEXEC);
	if (read_conf(0))
		_exit(0);
	dbg("early module loader started at %ld.%06ld (pid %d)",
	    (long)start.tv_sec, start.tv_nsec / 1000, (int)getpid());
	start_modules();
	wait_modules(mod_all());
	dbg("early module loader done");
	flush_trace();
	_exit(0);
}

int main(int argc, char **argv)
{
	struct timespec start;
	pthread_t net_tid;
	char line[32];
	int code, net;

	if (getpid() != 1) {
		const char *name = argc ? strrchr(argv[0], '/') : NULL;

		if (name && !strcmp(name, "/modprobe"))
			return early_load();
		fprintf(stderr, "kdev-init: not PID 1: this is the init of "
			"the machines \"kdev run\" boots\n");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	umask(022);
	early_mounts();
	dbg("init started at %ld.%06ld", (long)start.tv_sec,
	    start.tv_nsec / 1000);
	read_conf(1);
	start_modules();
	/* the hostname and lo need nothing else: meanwhile */
	net = !pthread_create(&net_tid, NULL, net_thread, NULL);
	if (!net)
		setup_net();
	mount_root();
	switch_root();
	late_mounts();
	wait_modules(mod_all());
	dbg("all modules loaded");
	find_ports();
	if (net)
		pthread_join(net_tid, NULL);
	start_agent();
	code = run();
	dbg("the %s exited with %d", conf.cmd ? "command" : "shell", code);
	snprintf(line, sizeof(line), KDEV_STATUS_EXIT "%d\n", code);
	write_status(line);
	dbg("status written, powering off");
	poweroff();
}

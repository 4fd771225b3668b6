// SPDX-License-Identifier: GPL-2.0
/*
 * Is KVM usable? /dev/kvm existing is not enough: some machines have a
 * /dev/kvm that runs guest code a thousand times slower than hardware
 * (a software backend), where a Linux guest prints nothing for half a
 * minute. So run real guest code, in a child that can be killed if
 * KVM_RUN never returns, and time it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/file.h"
#include "kvm.h"

#define GUEST_ADDR	0x1000
#define GUEST_PORT	0x10
#define GUEST_VALUE	0x42
#define GUEST_LOOPS	100000
/* hardware: ~0.1 ms; TCG would be ~1 ms; the software backend: ~90 ms */
#define GUEST_SLOW_NS	(20 * 1000 * 1000L)

/*
 * 32-bit code at GUEST_ADDR:
 *	mov $GUEST_LOOPS,%ecx
 * 1:	dec %ecx
 *	jnz 1b
 *	mov $0x42,%al
 *	out %al,$0x10
 *	hlt
 */
static const unsigned char guest_code[] = {
	0xb9, GUEST_LOOPS & 0xff, (GUEST_LOOPS >> 8) & 0xff,
	(GUEST_LOOPS >> 16) & 0xff, (GUEST_LOOPS >> 24) & 0xff,
	0x49,
	0x75, 0xfd,
	0xb0, GUEST_VALUE,
	0xe6, GUEST_PORT,
	0xf4,
};

/*
 * The child reports on the pipe: "run\n" just before KVM_RUN, then
 * "ok\n" or "error: MESSAGE\n". Only async-signal-safe calls after fork.
 */
static void say(int fd, const char *fmt, ...) PRINTF(2, 3);
static void say(int fd, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	while (n > 0) {
		ssize_t w = write(fd, buf, (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		n -= (int)w;
	}
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

static long thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void set_flat(struct kvm_segment *s, unsigned short selector,
		     unsigned char type)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = selector;
	s->type = type;
	s->present = 1;
	s->db = 1;
	s->s = 1;
	s->g = 1;
}

static void explain_exit(int out, const struct kvm_run *run)
{
	switch (run->exit_reason) {
	case KVM_EXIT_FAIL_ENTRY:
		say(out, "error: KVM could not enter the guest (hardware "
		    "entry failure reason 0x%llx)\n",
		    (unsigned long long)
		    run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		say(out, "error: KVM internal error %u running the guest\n",
		    run->internal.suberror);
		break;
	case KVM_EXIT_SHUTDOWN:
		say(out, "error: the guest triple-faulted under KVM\n");
		break;
	case KVM_EXIT_IO:
		say(out, "error: KVM reported I/O to port 0x%x, expected "
		    "0x%x\n", run->io.port, GUEST_PORT);
		break;
	default:
		say(out, "error: KVM_RUN ended with exit reason %u, expected "
		    "KVM_EXIT_IO\n", run->exit_reason);
	}
}

static void child_probe(const char *dev, int out)
{
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	unsigned char *mem, *data;
	int kvm, vm, vcpu, api, size;
	long t0, t1;

	kvm = open(dev, O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		say(out, "error: cannot open %s: %s%s\n", dev, strerror(errno),
		    errno == EACCES ? " (is your user in group kvm?)" : "");
		return;
	}
	api = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION) {
		say(out, "error: %s is not KVM (API version %d, expected %d)\n",
		    dev, api, KVM_API_VERSION);
		return;
	}
	vm = xioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		say(out, "error: KVM_CREATE_VM: %s\n", strerror(errno));
		return;
	}
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		say(out, "error: mmap: %s\n", strerror(errno));
		return;
	}
	memcpy(mem, guest_code, sizeof(guest_code));
	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = GUEST_ADDR;
	region.memory_size = 4096;
	region.userspace_addr = (unsigned long)mem;
	if (xioctl(vm, KVM_SET_USER_MEMORY_REGION, &region)) {
		say(out, "error: KVM_SET_USER_MEMORY_REGION: %s\n",
		    strerror(errno));
		return;
	}
	vcpu = xioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		say(out, "error: KVM_CREATE_VCPU: %s\n", strerror(errno));
		return;
	}
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(*run)) {
		say(out, "error: KVM_GET_VCPU_MMAP_SIZE: %s\n",
		    size < 0 ? strerror(errno) : "too small");
		return;
	}
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   vcpu, 0);
	if (run == MAP_FAILED) {
		say(out, "error: mmap of the vCPU: %s\n", strerror(errno));
		return;
	}

	/* flat 32-bit protected mode, no paging: hardware runs it directly */
	if (xioctl(vcpu, KVM_GET_SREGS, &sregs)) {
		say(out, "error: KVM_GET_SREGS: %s\n", strerror(errno));
		return;
	}
	set_flat(&sregs.cs, 0x08, 11);		/* code, execute/read */
	set_flat(&sregs.ds, 0x10, 3);		/* data, read/write */
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 |= 1;				/* PE */
	if (xioctl(vcpu, KVM_SET_SREGS, &sregs)) {
		say(out, "error: KVM_SET_SREGS: %s\n", strerror(errno));
		return;
	}
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_ADDR;
	regs.rflags = 0x2;
	if (xioctl(vcpu, KVM_SET_REGS, &regs)) {
		say(out, "error: KVM_SET_REGS: %s\n", strerror(errno));
		return;
	}

	say(out, "run\n");
	t0 = thread_ns();
	if (xioctl(vcpu, KVM_RUN, NULL)) {
		say(out, "error: KVM_RUN: %s\n", strerror(errno));
		return;
	}
	t1 = thread_ns();
	data = (unsigned char *)run + run->io.data_offset;
	if (run->exit_reason != KVM_EXIT_IO || run->io.port != GUEST_PORT ||
	    run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1 ||
	    run->io.count != 1 || run->io.data_offset + 1 > (__u64)size) {
		explain_exit(out, run);
		return;
	}
	if (*data != GUEST_VALUE) {
		say(out, "error: the guest wrote 0x%x under KVM, expected "
		    "0x%x\n", *data, GUEST_VALUE);
		return;
	}
	if (t1 - t0 > GUEST_SLOW_NS) {
		say(out, "error: KVM is too slow: %d guest loop iterations "
		    "took %ld ms, hardware needs well under 1 ms\n",
		    GUEST_LOOPS, (t1 - t0) / 1000000);
		return;
	}
	say(out, "ok\n");
}

/* ", and the CPU shows no vmx/svm" when /proc/cpuinfo says so */
static void add_cpu_note(struct strbuf *why)
{
	struct strbuf info = STRBUF_INIT;

	if (read_file("/proc/cpuinfo", &info) || !info.len) {
		strbuf_release(&info);
		return;
	}
	if (!strstr(info.buf, " vmx") && !strstr(info.buf, " svm"))
		strbuf_addstr(why, " (the CPU has no vmx/svm flag)");
	strbuf_release(&info);
}

/* Reap @pid, killed already; give up after @ms if it does not die. */
static int reap_killed(pid_t pid, int ms)
{
#ifdef SYS_pidfd_open
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (pidfd >= 0) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		long end = monotonic_ms() + ms;
		int left = ms;

		while (poll(&pfd, 1, left) < 0 && errno == EINTR) {
			left = (int)(end - monotonic_ms());
			if (left < 0)
				left = 0;
		}
		close(pidfd);
		return waitpid(pid, NULL, WNOHANG) == pid ? 0 : -1;
	}
#endif
	(void)ms;
	return waitpid(pid, NULL, 0) == pid ? 0 : -1;
}

int kvm_probe(const char *dev, int timeout_ms, struct strbuf *why)
{
	struct strbuf msg = STRBUF_INIT;
	long end = monotonic_ms() + timeout_ms;
	int p[2], status, timed_out = 0, ret = 0;
	const char *err;
	pid_t pid;

	if (access(dev, F_OK)) {
		if (errno == ENOENT) {
			strbuf_addf(why, "%s missing", dev);
			add_cpu_note(why);
		} else {
			strbuf_addf(why, "%s: %s", dev, strerror(errno));
		}
		return 0;
	}
	if (pipe2(p, O_CLOEXEC)) {
		strbuf_addf(why, "cannot create a pipe: %s", strerror(errno));
		return 0;
	}
	pid = fork();
	if (pid < 0) {
		strbuf_addf(why, "cannot fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return 0;
	}
	if (!pid) {
		close(p[0]);
		child_probe(dev, p[1]);
		_exit(0);
	}
	close(p[1]);

	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		long left = end - monotonic_ms();
		char buf[256];
		ssize_t n;
		int r;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			strbuf_addf(why, "poll: %s", strerror(errno));
			timed_out = 1;	/* kill it all the same */
			break;
		}
		if (!r)
			continue;	/* the time check above ends it */
		n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(&msg, buf, (size_t)n);
	}
	close(p[0]);

	if (timed_out) {
		kill(pid, SIGKILL);
		if (!why->len) {
			if (strstr(msg.buf, "run\n"))
				strbuf_addf(why, "KVM_RUN did not return "
					    "within %d ms", timeout_ms);
			else
				strbuf_addf(why, "setting up a KVM guest took "
					    "more than %d ms", timeout_ms);
			add_cpu_note(why);
		}
		if (reap_killed(pid, 1000))
			strbuf_addf(why, " (the probe process %d does not die)",
				    (int)pid);
		strbuf_release(&msg);
		return 0;
	}

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ends_with(msg.buf, "\nok\n")) {
		ret = 1;
	} else if ((err = strstr(msg.buf, "error: "))) {
		err += strlen("error: ");
		strbuf_add(why, err, strcspn(err, "\n"));
		if (strstr(msg.buf, "run\n"))
			add_cpu_note(why);
	} else if (WIFSIGNALED(status)) {
		strbuf_addf(why, "the KVM probe was killed by signal %d%s",
			    WTERMSIG(status),
			    strstr(msg.buf, "run\n") ? " in KVM_RUN" : "");
		add_cpu_note(why);
	} else {
		strbuf_addstr(why, "the KVM probe ended without an answer");
	}
	strbuf_release(&msg);
	return ret;
}

int kvm_usable(int timeout_ms, struct strbuf *why)
{
	struct strbuf info = STRBUF_INIT;
	int no_flags;

	/*
	 * Without vmx or svm no KVM is fast: whatever /dev/kvm is (a
	 * software backend, here), the probe would only confirm it, and
	 * it costs about 0.1 s a run.
	 */
	no_flags = !read_file("/proc/cpuinfo", &info) && info.len &&
		   strstr(info.buf, "\nflags") && !strstr(info.buf, " vmx") &&
		   !strstr(info.buf, " svm");
	strbuf_release(&info);
	if (no_flags) {
		strbuf_addstr(why, "KVM is not usable: the CPU has no vmx/svm "
			      "flag");
		return 0;
	}
	return kvm_probe(KVM_DEVICE, timeout_ms, why);
}

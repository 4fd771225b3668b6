// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU and virtiofsd command lines of "kdev run". Pure: everything
 * comes from struct vm_config, nothing is opened, nothing is looked up.
 *
 * Choices, each checked against QEMU 7.2 booting Debian's 6.1 kernel:
 *  - "-M q35": microvm does not boot a distribution kernel under TCG,
 *    and pc's ACPI interrupt links make probing virtio-pci slow there.
 *  - guest RAM is a shared memfd, vhost-user-fs (virtiofsd) maps it;
 *    "-machine memory-backend=" gives it to the machine without a NUMA
 *    node in the guest.
 *  - "-nodefaults -display none" and an explicit -serial: no VGA, no
 *    default NIC, no monitor on stdio, nothing reads the terminal unless
 *    the run is interactive.
 *  - "-no-reboot" with "panic=-1": a panic reboots at once and the
 *    reboot ends QEMU (exit status 0), as does the guest's power-off.
 *  - "-bios" when the caller found qboot: under TCG, SeaBIOS takes 0.1
 *    to 0.3 s to hand over to the kernel, qboot next to nothing.
 *  - file chardevs with append=on: QEMU opens the path itself; for
 *    /dev/fd/N of a pipe that is the pipe, for a regular file the file
 *    is appended to instead of truncated.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/error.h"
#include "../lib/run-command.h"
#include "proto.h"
#include "qemu.h"

void vm_config_release(struct vm_config *cfg)
{
	strvec_clear(&cfg->dyndbg);
	strvec_clear(&cfg->append);
	free(cfg->shares);
	cfg->shares = NULL;
	cfg->shares_nr = cfg->shares_alloc = 0;
}

struct vm_share *vm_config_add_share(struct vm_config *cfg, const char *tag,
				     const char *source, const char *socket,
				     int readonly)
{
	struct vm_share *s;

	ALLOC_GROW(cfg->shares, cfg->shares_nr + 1, cfg->shares_alloc);
	s = &cfg->shares[cfg->shares_nr++];
	s->tag = tag;
	s->source = source;
	s->socket = socket;
	s->listen_fd = -1;
	s->readonly = readonly;
	return s;
}

/* QEMU's option parser: a ',' inside a value is written ",,". */
static void add_qemu_value(struct strbuf *sb, const char *val)
{
	for (; *val; val++) {
		if (*val == ',')
			strbuf_addch(sb, ',');
		strbuf_addch(sb, *val);
	}
}

/* libfuse's option parser (virtiofsd -o): '\' escapes ',' and '\'. */
static void add_fuse_value(struct strbuf *sb, const char *val)
{
	for (; *val; val++) {
		if (*val == ',' || *val == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *val);
	}
}

/* Push "PREFIX" followed by @val escaped for QEMU, then "SUFFIX". */
static void push_qemu_opt(struct strvec *argv, const char *prefix,
			  const char *val, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, prefix);
	add_qemu_value(&sb, val);
	strbuf_addstr(&sb, suffix);
	strvec_push(argv, sb.buf);
	strbuf_release(&sb);
}

/* "module.dyndbg=..." (a loadable module's flags) rather than a query */
static int is_module_dyndbg(const char *s)
{
	const char *p = s;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')
		p++;
	return p != s && starts_with(p, ".dyndbg=");
}

static void add_param(struct strbuf *out, const char *param)
{
	if (out->len)
		strbuf_addch(out, ' ');
	strbuf_addstr(out, param);
}

int vm_kernel_cmdline(const struct vm_config *cfg, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	add_param(&sb, "console=ttyS0 panic=-1 printk.devkmsg=on");
	if (cfg->oops_panic)
		add_param(&sb, "oops=panic");
	if (cfg->panic_on_warn)
		add_param(&sb, "panic_on_warn=1");
	if (cfg->gdb_port || cfg->kgdb_socket)
		add_param(&sb, "nokaslr");
	if (cfg->kgdb_socket)
		add_param(&sb, "kgdboc=ttyS1,115200 kgdbwait");
	for (i = 0; i < cfg->dyndbg.nr; i++) {
		const char *q = cfg->dyndbg.v[i];

		/* the kernel has quotes but no escapes */
		if (strchr(q, '"')) {
			strbuf_release(&sb);
			return error("dynamic debug query '%s': no '\"' "
				     "allowed", q);
		}
		if (is_module_dyndbg(q)) {
			add_param(&sb, q);
		} else {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			strbuf_addf(&sb, "dyndbg=\"%s\"", q);
		}
	}
	for (i = 0; i < cfg->append.nr; i++)
		if (*cfg->append.v[i])
			add_param(&sb, cfg->append.v[i]);
	if (sb.len > VM_CMDLINE_MAX) {
		error("the kernel command line is %zu bytes long, the limit "
		      "is %d", sb.len, VM_CMDLINE_MAX);
		strbuf_release(&sb);
		return -1;
	}
	strbuf_addbuf(out, &sb);
	strbuf_release(&sb);
	return 0;
}

/* A virtio-serial port whose host side is a file QEMU appends to. */
static void push_file_port(struct strvec *argv, const char *id,
			   const char *path, const char *name)
{
	char *prefix = xasprintf("file,id=%s,path=", id);

	strvec_push(argv, "-chardev");
	push_qemu_opt(argv, prefix, path, ",append=on");
	free(prefix);
	strvec_push(argv, "-device");
	strvec_pushf(argv, "virtserialport,chardev=%s,name=%s", id, name);
}

static int check_config(const struct vm_config *cfg)
{
	size_t i;

	if (!cfg->kernel || !*cfg->kernel)
		return error("no kernel to boot");
	if (!cfg->initrd || !*cfg->initrd)
		return error("no initramfs");
	if (!cfg->console || !*cfg->console)
		return error("no path for the console");
	if (cfg->interactive && (cfg->stdout_path || cfg->stderr_path ||
				 cfg->stdin_socket))
		return error("an interactive run has no stdin/stdout/stderr "
			     "ports");
	if (cfg->ssh_port && !cfg->net_user)
		return error("--ssh needs --net user");
	if (cfg->ssh_port > 65535 || cfg->gdb_port > 65535)
		return error("port numbers go up to 65535");
	for (i = 0; i < cfg->shares_nr; i++) {
		const struct vm_share *s = &cfg->shares[i];

		if (!s->tag || !*s->tag || strlen(s->tag) > VM_TAG_MAX)
			return error("virtiofs tag '%s': 1 to %d bytes",
				     s->tag ? s->tag : "", VM_TAG_MAX);
		if (cfg->use_9p && (!s->source || !*s->source))
			return error("9p share '%s' has no directory", s->tag);
		if (!cfg->use_9p && (!s->socket || !*s->socket))
			return error("virtiofs share '%s' has no socket",
				     s->tag);
	}
	return 0;
}

int vm_qemu_argv(const struct vm_config *cfg, struct strvec *argv)
{
	struct strbuf cmdline = STRBUF_INIT;
	unsigned int mem = cfg->memory_mib ? cfg->memory_mib : 512;
	const char *cpu = cfg->cpu_model;
	size_t i;

	if (check_config(cfg) || vm_kernel_cmdline(cfg, &cmdline))
		return -1;
	if (!cpu)
		cpu = cfg->accel == VM_ACCEL_KVM ? "host" : "max";

	strvec_push(argv, cfg->qemu ? cfg->qemu : VM_QEMU_DEFAULT);
	strvec_pushl(argv, "-no-user-config", "-nodefaults", "-display",
		     "none", "-no-reboot", NULL);
	strvec_pushl(argv, "-machine", "q35,memory-backend=mem", NULL);
	strvec_pushl(argv, "-accel",
		     cfg->accel == VM_ACCEL_KVM ? "kvm" : "tcg", NULL);
	strvec_push(argv, "-cpu");
	strvec_push(argv, cpu);
	strvec_push(argv, "-smp");
	strvec_pushf(argv, "%u", cfg->cpus ? cfg->cpus : 1);
	strvec_push(argv, "-m");
	strvec_pushf(argv, "%u", mem);
	strvec_push(argv, "-object");
	strvec_pushf(argv, "memory-backend-memfd,id=mem,size=%uM,share=on",
		     mem);
	if (cfg->bios)
		strvec_pushl(argv, "-bios", cfg->bios, NULL);
	strvec_pushl(argv, "-kernel", cfg->kernel, "-initrd", cfg->initrd,
		     "-append", cmdline.buf, NULL);
	strbuf_release(&cmdline);

	/* the kernel console: ttyS0 */
	strvec_push(argv, "-chardev");
	push_qemu_opt(argv, "file,id=con,path=", cfg->console, ",append=on");
	strvec_pushl(argv, "-serial", "chardev:con", NULL);
	/* kgdb's: ttyS1, a socket gdb connects to (target remote unix::) */
	if (cfg->kgdb_socket) {
		strvec_push(argv, "-chardev");
		push_qemu_opt(argv, "socket,id=kgdb,path=", cfg->kgdb_socket,
			      ",server=on,wait=off");
		strvec_pushl(argv, "-serial", "chardev:kgdb", NULL);
	}

	/*
	 * virtio-serial: hvc0 first (port 0 is the console's), then ports.
	 * Only as many ports as we use (the default is 31, each a pair of
	 * virtqueues the guest sets up when virtio_console loads).
	 */
	strvec_push(argv, "-device");
	strvec_pushf(argv, "virtio-serial-pci,max_ports=%d",
		     1 + !!cfg->status + !!cfg->stdin_socket +
		     !!cfg->stdout_path + !!cfg->stderr_path +
		     !!cfg->attach_socket);
	if (cfg->interactive)
		strvec_pushl(argv,
			     "-chardev", "stdio,id=tty,mux=on,signal=off",
			     "-device", "virtconsole,chardev=tty",
			     "-mon", "chardev=tty", NULL);
	if (cfg->status)
		push_file_port(argv, "status", cfg->status, KDEV_PORT_STATUS);
	if (cfg->stdin_socket) {
		strvec_push(argv, "-chardev");
		push_qemu_opt(argv, "socket,id=stdin,path=",
			      cfg->stdin_socket, "");
		strvec_pushl(argv, "-device",
			     "virtserialport,chardev=stdin,name="
			     KDEV_PORT_STDIN, NULL);
	}
	if (cfg->stdout_path)
		push_file_port(argv, "stdout", cfg->stdout_path,
			       KDEV_PORT_STDOUT);
	if (cfg->stderr_path)
		push_file_port(argv, "stderr", cfg->stderr_path,
			       KDEV_PORT_STDERR);
	if (cfg->attach_socket) {
		strvec_push(argv, "-chardev");
		push_qemu_opt(argv, "socket,id=attach,path=",
			      cfg->attach_socket, "");
		strvec_pushl(argv, "-device",
			     "virtserialport,chardev=attach,name="
			     KDEV_PORT_ATTACH, NULL);
	}

	/*
	 * multidevs=remap: the host's / spans several file systems (/proc,
	 * /sys, ...); without it their inode numbers collide in the guest
	 * and the guest's /proc can show another file system's files.
	 */
	for (i = 0; i < cfg->shares_nr && cfg->use_9p; i++) {
		const struct vm_share *s = &cfg->shares[i];
		char *prefix = xasprintf("local,id=fs%zu,path=", i);

		strvec_push(argv, "-fsdev");
		push_qemu_opt(argv, prefix, s->source,
			      s->readonly ?
			      ",security_model=none,multidevs=remap,readonly=on" :
			      ",security_model=none,multidevs=remap");
		free(prefix);
		strvec_push(argv, "-device");
		prefix = xasprintf("virtio-9p-pci,fsdev=fs%zu,mount_tag=", i);
		push_qemu_opt(argv, prefix, s->tag, "");
		free(prefix);
	}
	for (i = 0; i < cfg->shares_nr && !cfg->use_9p; i++) {
		const struct vm_share *s = &cfg->shares[i];
		char *prefix = xasprintf("socket,id=fs%zu,path=", i);

		strvec_push(argv, "-chardev");
		push_qemu_opt(argv, prefix, s->socket, "");
		free(prefix);
		strvec_push(argv, "-device");
		prefix = xasprintf("vhost-user-fs-pci,queue-size=1024,"
				   "chardev=fs%zu,tag=", i);
		push_qemu_opt(argv, prefix, s->tag, "");
		free(prefix);
	}

	if (cfg->net_user) {
		strvec_push(argv, "-netdev");
		if (cfg->ssh_port)
			strvec_pushf(argv, "user,id=net0,"
				     "hostfwd=tcp:127.0.0.1:%u-:22",
				     cfg->ssh_port);
		else
			strvec_push(argv, "user,id=net0");
		strvec_pushl(argv, "-device", "virtio-net-pci,netdev=net0",
			     NULL);
	}

	if (cfg->gdb_port) {
		strvec_push(argv, "-gdb");
		strvec_pushf(argv, "tcp:127.0.0.1:%u", cfg->gdb_port);
		if (cfg->gdb_wait)
			strvec_push(argv, "-S");
	}
	return 0;
}

int vm_virtiofsd_argv(const struct vm_config *cfg,
		      const struct vm_share *share, struct strvec *argv)
{
	struct strbuf sb = STRBUF_INIT;

	if (!share->source || !*share->source)
		return error("virtiofs share '%s' has no directory",
			     share->tag ? share->tag : "");
	if (share->listen_fd < 0 && (!share->socket || !*share->socket))
		return error("virtiofs share '%s' has no socket",
			     share->tag ? share->tag : "");

	strvec_push(argv, cfg->virtiofsd ? cfg->virtiofsd :
		    VM_VIRTIOFSD_DEFAULT);
	if (share->listen_fd >= 0)
		strvec_pushf(argv, "--fd=%d", share->listen_fd);
	else
		strvec_pushf(argv, "--socket-path=%s", share->socket);
	strbuf_addstr(&sb, "source=");
	add_fuse_value(&sb, share->source);
	strvec_pushl(argv, "-o", sb.buf, NULL);
	strbuf_release(&sb);
	/* the namespace sandbox needs pivot_root, which containers refuse */
	strvec_pushl(argv, "-o", "sandbox=chroot", "-o", "cache=auto", NULL);
	return 0;
}

void vm_render_argv(struct strbuf *out, const struct strvec *argv)
{
	struct strbuf line = STRBUF_INIT;

	/* quote_argv puts a space before it when @sb is not empty */
	if (argv->nr)
		quote_argv(&line, argv->v);
	strbuf_addbuf(out, &line);
	strbuf_addch(out, '\n');
	strbuf_release(&line);
}

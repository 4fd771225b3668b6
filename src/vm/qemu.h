/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_QEMU_H
#define KDEV_VM_QEMU_H

#include "../lib/strbuf.h"
#include "../lib/strvec.h"

/*
 * The QEMU and virtiofsd command lines of one "kdev run", built from a
 * struct vm_config and nothing else: no I/O, no environment. What the
 * paths name (pipes, sockets) is the caller's business; the usual setup:
 *
 *   console, status, stdout_path, stderr_path
 *	"/dev/fd/N" where N is the write end of a pipe kdev reads, left
 *	open (not close-on-exec) in QEMU. QEMU opens the path itself, with
 *	O_APPEND: a regular file is appended to, never truncated. Do not
 *	pass kdev's own "/dev/fd/1": when it is a socket QEMU cannot open
 *	it (ENXIO), when it is a file QEMU gets its own file offset and
 *	kdev's writes to the same file overwrite the guest's output.
 *   stdin_socket
 *	a unix socket kdev has bound and listens on before QEMU starts;
 *	QEMU connects to it at start-up. kdev copies its stdin into the
 *	connection and ends it with shutdown(SHUT_WR) at EOF.
 *   attach_socket
 *	the same, for the attach channel: kdev relays kdev attach's
 *	framed sessions through the connection (src/vm/attach.h).
 *   shares[i].socket
 *	the vhost-user socket of virtiofsd; with listen_fd >= 0 kdev has
 *	bound and listens on it and hands the descriptor to virtiofsd
 *	(--fd=N), so QEMU can start at once without waiting for the file.
 *
 * Functions return 0, or -1 after error() for a configuration QEMU or
 * the kernel would refuse (a missing path, a kernel command line that is
 * too long, a '"' in a dyndbg query, ...).
 */

#define VM_QEMU_DEFAULT		"qemu-system-x86_64"
#define VM_VIRTIOFSD_DEFAULT	"/usr/lib/qemu/virtiofsd"
#define VM_TAG_MAX		36	/* virtio-fs tag, bytes */
#define VM_CMDLINE_MAX		2047	/* COMMAND_LINE_SIZE - 1 */

enum vm_accel {
	VM_ACCEL_TCG,
	VM_ACCEL_KVM,
};

struct vm_share {
	const char *tag;	/* virtio-fs tag the guest mounts */
	const char *source;	/* host directory virtiofsd serves */
	const char *socket;	/* vhost-user socket path QEMU connects to */
	int listen_fd;		/* >= 0: --fd=N; -1: --socket-path */
	int readonly;		/* the guest mounts it read-only */
};

struct vm_config {
	const char *qemu;	/* NULL: VM_QEMU_DEFAULT */
	const char *virtiofsd;	/* NULL: VM_VIRTIOFSD_DEFAULT */
	enum vm_accel accel;
	const char *cpu_model;	/* NULL: KVM "host", TCG "max" */
	unsigned int cpus;	/* 0: 1 */
	unsigned int memory_mib; /* 0: 512 */
	const char *bios;	/* firmware (-bios); NULL: QEMU's (SeaBIOS) */
	const char *kernel;	/* bzImage, required */
	const char *initrd;	/* required */

	/* kernel command line, see vm_kernel_cmdline() */
	int oops_panic;		/* oops=panic */
	int panic_on_warn;	/* panic_on_warn=1 */
	struct strvec dyndbg;	/* each: QUERY, or MODULE.dyndbg=FLAGS */
	struct strvec append;	/* each: parameter(s), verbatim */

	/* channels (see above) */
	const char *console;	/* ttyS0, the kernel console; required */
	const char *status;	/* KDEV_PORT_STATUS; required */
	const char *stdout_path; /* KDEV_PORT_STDOUT; not with interactive */
	const char *stderr_path; /* KDEV_PORT_STDERR; not with interactive */
	const char *stdin_socket; /* KDEV_PORT_STDIN; NULL: no such port */
	/*
	 * KDEV_PORT_ATTACH (kdev attach's sessions, see proto.h): a unix
	 * socket kdev listens on, as stdin_socket; NULL: no such port.
	 * Also with interactive.
	 */
	const char *attach_socket;
	/*
	 * Interactive: /dev/hvc0 is QEMU's own stdin/stdout (QEMU puts the
	 * terminal in raw mode and restores it), multiplexed with the QEMU
	 * monitor: Ctrl-A x quits, Ctrl-A c switches to the monitor and
	 * back, Ctrl-A h lists the keys. No stdio ports then.
	 */
	int interactive;

	struct vm_share *shares;
	size_t shares_nr, shares_alloc;
	/*
	 * Share with QEMU's own 9p server (virtio-9p-pci, -fsdev local)
	 * instead of virtiofsd: for hosts without virtiofsd. Read-only
	 * shares are read-only in QEMU itself (readonly=on).
	 */
	int use_9p;

	int net_user;		/* -netdev user + virtio-net-pci */
	unsigned int ssh_port;	/* with net_user: 127.0.0.1:PORT -> :22 */
	unsigned int gdb_port;	/* 0: none; else gdb stub and nokaslr */
	int gdb_wait;		/* -S: the CPUs start when gdb says so */
	/*
	 * kgdb: a second serial port (ttyS1) on this unix socket, QEMU the
	 * server; kgdboc=ttyS1,115200 kgdbwait nokaslr. NULL: none.
	 */
	const char *kgdb_socket;
};

#define VM_CONFIG_INIT { .dyndbg = STRVEC_INIT, .append = STRVEC_INIT }

/* Frees the strvecs and the shares array, not the strings pointed to. */
void vm_config_release(struct vm_config *cfg);
/* Add a share (listen_fd -1); the strings must outlive @cfg. */
struct vm_share *vm_config_add_share(struct vm_config *cfg, const char *tag,
				     const char *source, const char *socket,
				     int readonly);

/*
 * The kernel command line, in this order: console=ttyS0 panic=-1
 * printk.devkmsg=on, oops=panic, panic_on_warn=1, nokaslr (gdb, kgdb),
 * kgdboc=ttyS1,115200 kgdbwait (kgdb),
 * dyndbg="QUERY" for each query (a MODULE.dyndbg=FLAGS item verbatim),
 * then the append items, so that the user has the last word.
 */
int vm_kernel_cmdline(const struct vm_config *cfg, struct strbuf *out);
/* Append the QEMU argv to @argv. */
int vm_qemu_argv(const struct vm_config *cfg, struct strvec *argv);
/*
 * Append the argv of the virtiofsd serving @share. virtiofsd 7.2 has no
 * read-only mode: a read-only share is read-only by the guest's mount.
 */
int vm_virtiofsd_argv(const struct vm_config *cfg,
		      const struct vm_share *share, struct strvec *argv);
/* Append @argv to @out as one shell-quoted line, with a newline. */
void vm_render_argv(struct strbuf *out, const struct strvec *argv);

#endif

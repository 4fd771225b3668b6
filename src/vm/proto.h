/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_PROTO_H
#define KDEV_VM_PROTO_H

/*
 * What "kdev run" (host) and guest/init.c (the guest's PID 1) agree on.
 * Header only, no code: both sides include it.
 *
 * The initramfs kdev writes holds:
 *   /init                 guest/init.c, static
 *   /kdev.conf            the configuration below
 *   /lib/kdev/NAME.ko     modules to load, uncompressed, in the order
 *                         that "module=" records list them
 *   /sbin/modprobe        a symbolic link to /init, when there are
 *                         modules: the kernel runs it when it wants a
 *                         module while it boots, and init then starts
 *                         loading them early (kdev.early_modules=0: not)
 *
 * /kdev.conf is a sequence of NUL-terminated "key=value" records. Keys
 * that take a list repeat. Unknown keys are ignored (newer host, older
 * init). Values may hold any byte but NUL.
 *
 *   module=/lib/kdev/virtio_pci.ko   load with finit_module(), in order
 *   moddeps=4:0,3            module 4 (from 0, in module= order) needs
 *                            modules 0 and 3 only: init loads modules in
 *                            parallel, each once those it needs are in;
 *                            a module without moddeps= waits for all the
 *                            modules listed before it
 *   fstype=virtiofs|9p       how the shares come (default virtiofs)
 *   root=TAG                 tag of the root filesystem's share
 *   rootflags=ro|rw          how to mount it (ro: the host is never touched)
 *   overlay=/etc             a tmpfs overlay over this directory of the root
 *   share=TAG:GUESTPATH:ro|rw  another share, mounted at GUESTPATH
 *   cwd=/home/me/linux       the command starts here
 *   uid=1000  gid=1000       who runs the command
 *   groups=4,24,27           supplementary groups (comma-separated)
 *   hostname=kdev
 *   env=KEY=VALUE            the command's environment, one record each
 *   cmd=STRING               run as /bin/sh -c STRING; none: interactive
 *   rows=50  cols=200        interactive: the terminal size
 *
 * Channels (virtio-serial ports; the guest finds them by name in
 * /sys/class/virtio-ports/vport*\/name, device /dev/vport*):
 */
#define KDEV_CONF_PATH		"/kdev.conf"
#define KDEV_MODULE_DIR		"/lib/kdev"
#define KDEV_PORT_STDIN		"kdev.stdin"	/* host -> command stdin */
#define KDEV_PORT_STDOUT	"kdev.stdout"	/* command stdout -> host */
#define KDEV_PORT_STDERR	"kdev.stderr"	/* command stderr -> host */
#define KDEV_PORT_STATUS	"kdev.status"	/* init -> host, see below */
/*
 * Interactive runs (no cmd=) use the virtio console /dev/hvc0 instead
 * of the three stdio ports: the shell gets it as its controlling tty.
 *
 * Status: when the command has ended, init writes one line to the status
 * port, "exit=N\n" (0..255; 128+SIG when killed by signal SIG), then
 * syncs and powers the machine off. Before that, problems init meets
 * (a module that does not load, a mount that fails) go to the kernel log
 * through /dev/kmsg as "kdev-init: ..." lines, and a fatal one is written
 * to the status port as "error=MESSAGE\n" before powering off.
 */
#define KDEV_STATUS_EXIT	"exit="
#define KDEV_STATUS_ERROR	"error="

/*
 * Modules the guest needs when the kernel has them as modules; the host
 * adds their dependencies (modules.dep, or each .ko's "depends=") and
 * skips built-in ones. --net adds virtio_net; 9p shares take 9p and
 * 9pnet_virtio instead of virtiofs.
 */
#define KDEV_GUEST_MODULES \
	"virtio_pci", "virtio_console", "virtiofs", "overlay"

#endif

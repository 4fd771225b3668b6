/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_PROTO_H
#define KDEV_VM_PROTO_H

#include <stddef.h>

/*
 * What "kdev run" (host) and guest/init.c (the guest's PID 1) agree on.
 * Header only: both sides include it, and its only code is the small,
 * pure frame parser of the attach channel (static inline, below).
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
 * Attach channel: one more virtio-serial port, KDEV_PORT_ATTACH, whose
 * host side is a unix socket "kdev run" owns. It carries any number of
 * sessions ("kdev attach": a shell or one command each) as frames:
 *
 *   byte 0     type, KDEV_ATT_* below
 *   byte 1     0 (reserved; a frame with anything else is malformed)
 *   bytes 2-3  session id, little-endian: 1..65535 on the port, chosen
 *              by kdev run; 0 between kdev attach and kdev run, which
 *              rewrites it (a client has one session)
 *   bytes 4-7  payload length, little-endian, 0..KDEV_ATT_MAX_PAYLOAD
 *   payload
 *
 * A malformed frame (reserved byte set, payload too long, type 0) ends
 * the stream: there is no way to find the next frame. Unknown types are
 * skipped (newer host, older init). Payloads called "records" below are
 * "key=value" records, each ending with a NUL, as in /kdev.conf.
 *
 * Host -> guest:
 *   OPEN    records: cmd=STRING (run as /bin/sh -c STRING; none: the
 *           user's shell), tty=1 (a pty: stdin, stdout and stderr are
 *           the terminal; else pipes, stdout and stderr kept apart),
 *           rows=N cols=N (the terminal's size), term=TERM ($TERM).
 *           The session runs as the command of kdev.conf does: same
 *           uid, gid, groups, environment, directory.
 *   DATA    bytes for the session's stdin
 *   EOF     stdin has ended (the guest closes the session's stdin)
 *   RESIZE  records rows=N cols=N (tty sessions)
 *   SIGNAL  records sig=N: send signal N to the session's processes
 *   CLOSE   the client went away: SIGHUP the session, send nothing more
 * Guest -> host:
 *   STDOUT, STDERR  the session's output (a tty session: STDOUT only)
 *   EXIT    records status=N (0..255, 128+SIG when killed by SIG): the
 *           session's command has ended and its output is all sent
 *   ERROR   a one-line message: the session could not start, or the
 *           guest could not go on with it; the session is over
 *
 * Closing a session never ends the guest: that is still the life of
 * the main command (or the interactive shell).
 */
#define KDEV_PORT_ATTACH	"kdev.attach"

#define KDEV_ATT_HDR		8
#define KDEV_ATT_MAX_PAYLOAD	65536

enum kdev_att_type {
	KDEV_ATT_OPEN = 1,
	KDEV_ATT_DATA = 2,
	KDEV_ATT_EOF = 3,
	KDEV_ATT_RESIZE = 4,
	KDEV_ATT_SIGNAL = 5,
	KDEV_ATT_CLOSE = 6,
	KDEV_ATT_STDOUT = 16,
	KDEV_ATT_STDERR = 17,
	KDEV_ATT_EXIT = 18,
	KDEV_ATT_ERROR = 19,
};

/* One frame inside a buffer: what kdev_att_parse() found. */
struct kdev_att_frame {
	unsigned int type;
	unsigned int session;
	const unsigned char *data;	/* the payload, inside the buffer */
	size_t len;
};

/*
 * The frame at the start of @buf (@len bytes). Returns its whole size
 * (header and payload) with *f filled, 0 when @buf holds only part of a
 * frame (read more), -1 when it is malformed. Pure: host and guest, the
 * unit tests and the fuzz target share it.
 */
static inline long kdev_att_parse(const void *buf, size_t len,
				  struct kdev_att_frame *f)
{
	const unsigned char *b = (const unsigned char *)buf;
	unsigned long n;

	if (len < 1)
		return 0;
	if (b[0] == 0)
		return -1;
	if (len < 2)
		return 0;
	if (b[1] != 0)
		return -1;
	if (len < KDEV_ATT_HDR)
		return 0;
	n = (unsigned long)b[4] | (unsigned long)b[5] << 8 |
	    (unsigned long)b[6] << 16 | (unsigned long)b[7] << 24;
	if (n > KDEV_ATT_MAX_PAYLOAD)
		return -1;
	if (len - KDEV_ATT_HDR < n)
		return 0;
	f->type = b[0];
	f->session = (unsigned int)b[2] | (unsigned int)b[3] << 8;
	f->data = b + KDEV_ATT_HDR;
	f->len = n;
	return (long)(KDEV_ATT_HDR + n);
}

/* The header of a frame; @len at most KDEV_ATT_MAX_PAYLOAD. */
static inline void kdev_att_header(unsigned char hdr[KDEV_ATT_HDR],
				   unsigned int type, unsigned int session,
				   size_t len)
{
	hdr[0] = (unsigned char)type;
	hdr[1] = 0;
	hdr[2] = (unsigned char)(session & 0xff);
	hdr[3] = (unsigned char)(session >> 8 & 0xff);
	hdr[4] = (unsigned char)(len & 0xff);
	hdr[5] = (unsigned char)(len >> 8 & 0xff);
	hdr[6] = (unsigned char)(len >> 16 & 0xff);
	hdr[7] = (unsigned char)(len >> 24 & 0xff);
}

/* Rewrite the session id of the frame whose header is at @hdr. */
static inline void kdev_att_set_session(unsigned char *hdr,
					unsigned int session)
{
	hdr[2] = (unsigned char)(session & 0xff);
	hdr[3] = (unsigned char)(session >> 8 & 0xff);
}

/*
 * The value of record @key in a records payload, or NULL. Records end
 * with a NUL; a payload whose last record does not is malformed: NULL
 * for every key. The last record with @key wins.
 */
static inline const char *kdev_att_record(const unsigned char *data,
					  size_t len, const char *key)
{
	const char *p = (const char *)data, *end = p + len, *val = 0;
	size_t klen = 0;

	while (key[klen])
		klen++;
	if (len && data[len - 1] != '\0')
		return 0;
	while (p < end) {
		const char *rec = p;

		while (*p)
			p++;
		if ((size_t)(p - rec) > klen && rec[klen] == '=' &&
		    !__builtin_memcmp(rec, key, klen))
			val = rec + klen + 1;
		p++;
	}
	return val;
}

/*
 * Modules the guest needs when the kernel has them as modules; the host
 * adds their dependencies (modules.dep, or each .ko's "depends=") and
 * skips built-in ones. --net adds virtio_net; 9p shares take 9p and
 * 9pnet_virtio instead of virtiofs.
 */
#define KDEV_GUEST_MODULES \
	"virtio_pci", "virtio_console", "virtiofs", "overlay"

#endif

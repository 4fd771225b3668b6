/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_ATTACH_H
#define KDEV_VM_ATTACH_H

#include <poll.h>
#include <stddef.h>

#include "../lib/strbuf.h"

/*
 * The host side of "kdev attach" (the frames: src/vm/proto.h).
 *
 * Every running guest of "kdev run" has a name and a unix socket,
 * DIR/NAME.sock (mode 0600 in a directory of mode 0700), where DIR is
 * attach_dir(): $XDG_RUNTIME_DIR/kdev, else /run/kdev for root, else
 * /tmp/kdev-UID. "kdev attach" connects there and speaks frames with
 * session id 0; kdev run (struct attach_hub) gives each client a session
 * id of its own and relays its frames to the guest's attach port and
 * back. A name is 1 to 64 of [A-Za-z0-9._-], not starting with '.' or
 * '-'; without --name kdev run takes the lowest free number, "1", "2"...
 */

#define ATTACH_NAME_MAX		64
#define ATTACH_MAX_CLIENTS	64
/* Stop reading one side while the other has this much to take. */
#define ATTACH_BACKLOG		(1024 * 1024)

/* Whether @name may name a guest. */
int attach_name_ok(const char *name);
/*
 * The directory of the guests' sockets (malloc'd). With @create it is
 * made (mode 0700) when missing; either way one that is not ours, or
 * that others may enter, is refused. NULL after error(); without
 * @create a missing directory is NULL with errno ENOENT and no message.
 */
char *attach_dir(int create);
/*
 * Connect to guest @name in @dir. Returns the socket, or -1 with errno
 * (ENOENT, ECONNREFUSED: no such guest running).
 */
int attach_connect(const char *dir, const char *name);
/*
 * The names of the running guests in @dir (those whose socket answers),
 * sorted, into @names, a NULL-terminated malloc'd array the caller frees
 * with attach_names_free(); the pid of each kdev run into @pids when not
 * NULL. Returns how many.
 */
size_t attach_list(const char *dir, char ***names, int **pids);
void attach_names_free(char **names);

struct attach_client {
	int fd;
	unsigned int session;
	int opened;		/* sent its OPEN */
	int done;		/* the guest sent EXIT or ERROR */
	struct strbuf in, out;	/* partial frame read; frames to write */
	size_t out_off;
};

struct attach_hub {
	char *dir;
	char name[ATTACH_NAME_MAX + 1];
	char *path;		/* DIR/NAME.sock */
	int listen_fd;		/* clients connect here */
	char *port_path;	/* vm_config.attach_socket */
	int port_listen;	/* QEMU connects here */
	int port_fd;		/* ... and this is its connection */
	struct strbuf port_in, port_out;
	size_t port_out_off;
	struct attach_client *clients;
	size_t nr, alloc;
	unsigned int next_session;
};

/*
 * Bind DIR/NAME.sock (@name NULL: the lowest free number) and listen on
 * @port_socket for QEMU. A socket left behind by a run that is gone is
 * replaced; a running guest of that name is an error. Returns 0, or -1
 * after error() with nothing left open.
 */
int attach_hub_open(struct attach_hub *h, const char *name,
		    const char *port_socket);
/* Fill up to @max pollfds with what the hub waits for; how many. */
size_t attach_hub_pollfds(struct attach_hub *h, struct pollfd *p, size_t max);
/* Handle the events of the pollfds attach_hub_pollfds() filled. */
void attach_hub_handle(struct attach_hub *h, const struct pollfd *p,
		       size_t n);
/*
 * Tell every client the guest has stopped (what can be written without
 * waiting), close everything, remove both sockets.
 */
void attach_hub_close(struct attach_hub *h);

/* Append a frame to @sb. */
void attach_frame(struct strbuf *sb, unsigned int type, unsigned int session,
		  const void *data, size_t len);
/* Append a "key=value" record (with its NUL) to @sb. */
void attach_record(struct strbuf *sb, const char *key, const char *val);

#endif

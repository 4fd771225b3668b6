// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of "kdev attach": where the guests' sockets live, and
 * the hub "kdev run" runs to relay its clients' sessions to the guest's
 * attach port (see attach.h, and src/vm/proto.h for the frames).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../lib/error.h"
#include "attach.h"
#include "proto.h"

int attach_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > ATTACH_NAME_MAX || name[0] == '.' || name[0] == '-')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz"
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

char *attach_dir(int create)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	struct stat st;
	char *dir;

	if (xdg && xdg[0] == '/')
		dir = xasprintf("%s/kdev", xdg);
	else if (!geteuid())
		dir = xstrdup("/run/kdev");
	else
		dir = xasprintf("/tmp/kdev-%u", (unsigned)geteuid());
	if (create && mkdir(dir, 0700) && errno != EEXIST) {
		error_errno("cannot create '%s'", dir);
		free(dir);
		return NULL;
	}
	if (lstat(dir, &st)) {
		int saved = errno;

		if (create || errno != ENOENT)
			error_errno("cannot open '%s'", dir);
		free(dir);
		errno = saved;
		return NULL;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
		error("'%s' is not a directory of yours: remove it, or set "
		      "XDG_RUNTIME_DIR", dir);
		free(dir);
		errno = EPERM;
		return NULL;
	}
	if ((st.st_mode & 077) && chmod(dir, 0700)) {
		error_errno("cannot make '%s' private", dir);
		free(dir);
		return NULL;
	}
	return dir;
}

static int sock_addr(struct sockaddr_un *sa, const char *dir,
		     const char *name)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if ((size_t)snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%s.sock",
			     dir, name) >= sizeof(sa->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int attach_connect(const char *dir, const char *name)
{
	struct sockaddr_un sa;
	int fd, saved;

	if (sock_addr(&sa, dir, name))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static int cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	/* numbers in their order: "2" before "10" */
	if (lx != ly && strspn(x, "0123456789") == lx &&
	    strspn(y, "0123456789") == ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

size_t attach_list(const char *dir, char ***names, int **pids)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	int *pv = NULL;
	size_t nr = 0, alloc = 0, palloc = 0, i, j;

	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct ucred cred;
		socklen_t cl = sizeof(cred);
		char *name;
		int fd;

		if (len < 6 || strcmp(de->d_name + len - 5, ".sock"))
			continue;
		name = xstrndup(de->d_name, len - 5);
		fd = attach_name_ok(name) ? attach_connect(dir, name) : -1;
		if (fd < 0) {
			free(name);
			continue;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl))
			cred.pid = 0;
		close(fd);
		ALLOC_GROW(v, nr + 2, alloc);
		ALLOC_GROW(pv, nr + 1, palloc);
		pv[nr] = (int)cred.pid;
		v[nr++] = name;
	}
	if (d)
		closedir(d);
	ALLOC_GROW(v, nr + 1, alloc);
	v[nr] = NULL;
	/* sort the names, their pids with them */
	for (i = 1; i < nr; i++)
		for (j = i; j > 0 && cmp_names(&v[j - 1], &v[j]) > 0; j--) {
			char *t = v[j];
			int p = pv[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
			pv[j] = pv[j - 1];
			pv[j - 1] = p;
		}
	*names = v;
	if (pids)
		*pids = pv;
	else
		free(pv);
	return nr;
}

void attach_names_free(char **names)
{
	size_t i;

	for (i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

void attach_frame(struct strbuf *sb, unsigned int type, unsigned int session,
		  const void *data, size_t len)
{
	unsigned char hdr[KDEV_ATT_HDR];

	kdev_att_header(hdr, type, session, len);
	strbuf_add(sb, hdr, sizeof(hdr));
	if (len)
		strbuf_add(sb, data, len);
}

void attach_record(struct strbuf *sb, const char *key, const char *val)
{
	strbuf_addf(sb, "%s=", key);
	strbuf_addstr(sb, val);
	strbuf_addch(sb, '\0');
}

/* ---- kdev run's hub ---- */

/*
 * Bind and listen on DIR/NAME.sock. 0; 1 when a running guest has that
 * name; -1 after error().
 */
static int bind_name(struct attach_hub *h, const char *name)
{
	struct sockaddr_un sa;
	int fd, tries;

	if (sock_addr(&sa, h->dir, name))
		return error("socket path '%s/%s.sock' is too long", h->dir,
			     name);
	for (tries = 0; tries < 2; tries++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    0);
		if (fd < 0)
			return error_errno("cannot create a socket");
		if (!bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			if (chmod(sa.sun_path, 0600) || listen(fd, 16)) {
				error_errno("cannot listen on '%s'",
					    sa.sun_path);
				close(fd);
				unlink(sa.sun_path);
				return -1;
			}
			h->listen_fd = fd;
			h->path = xstrdup(sa.sun_path);
			snprintf(h->name, sizeof(h->name), "%s", name);
			return 0;
		}
		close(fd);
		if (errno != EADDRINUSE)
			return error_errno("cannot bind '%s'", sa.sun_path);
		/* in use, or left behind by a run that is gone? */
		fd = attach_connect(h->dir, name);
		if (fd >= 0) {
			close(fd);
			return 1;
		}
		if (errno != ECONNREFUSED && errno != ENOENT)
			return 1;
		unlink(sa.sun_path);
	}
	return 1;
}

int attach_hub_open(struct attach_hub *h, const char *name,
		    const char *port_socket)
{
	struct sockaddr_un sa;
	int ret = 1, fd;
	unsigned int n;

	memset(h, 0, sizeof(*h));
	h->listen_fd = h->port_listen = h->port_fd = -1;
	strbuf_init(&h->port_in, 0);
	strbuf_init(&h->port_out, 0);
	h->next_session = 1;
	h->dir = attach_dir(1);
	if (!h->dir)
		return -1;
	if (name) {
		ret = bind_name(h, name);
		if (ret > 0)
			error("a guest named '%s' is already running: pick "
			      "another --name, or 'kdev attach %s' to it",
			      name, name);
	} else {
		for (n = 1; n < 10000 && ret > 0; n++) {
			char num[16];

			snprintf(num, sizeof(num), "%u", n);
			ret = bind_name(h, num);
		}
		if (ret > 0)
			error("no free guest name in '%s'", h->dir);
	}
	if (ret)
		goto fail;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(port_socket) >= sizeof(sa.sun_path)) {
		error("socket path '%s' is too long", port_socket);
		goto fail;
	}
	strcpy(sa.sun_path, port_socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		error_errno("cannot create a socket");
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		error_errno("cannot listen on '%s'", port_socket);
		close(fd);
		goto fail;
	}
	h->port_listen = fd;
	h->port_path = xstrdup(port_socket);
	return 0;
fail:
	attach_hub_close(h);
	return -1;
}

static struct attach_client *find_session(struct attach_hub *h,
					  unsigned int session)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		if (h->clients[i].session == session)
			return &h->clients[i];
	return NULL;
}

static void drop_client(struct attach_hub *h, size_t i)
{
	struct attach_client *c = &h->clients[i];

	/* the guest hangs up a session whose client is gone */
	if (c->opened && !c->done && h->port_fd >= 0)
		attach_frame(&h->port_out, KDEV_ATT_CLOSE, c->session, NULL, 0);
	close(c->fd);
	strbuf_release(&c->in);
	strbuf_release(&c->out);
	h->clients[i] = h->clients[--h->nr];
}

/* A message to a client that has no session (yet), then it is done. */
static void client_error(struct attach_client *c, const char *msg)
{
	attach_frame(&c->out, KDEV_ATT_ERROR, 0, msg, strlen(msg));
	c->done = 1;
}

static void accept_client(struct attach_hub *h)
{
	struct attach_client *c;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd = accept4(h->listen_fd, NULL, NULL,
			 SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	/* the socket is 0600 already; root may come in too */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ||
	    (cred.uid != geteuid() && cred.uid != 0)) {
		close(fd);
		return;
	}
	ALLOC_GROW(h->clients, h->nr + 1, h->alloc);
	c = &h->clients[h->nr++];
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	strbuf_init(&c->in, 0);
	strbuf_init(&c->out, 0);
	if (h->nr > ATTACH_MAX_CLIENTS) {
		client_error(c, "too many sessions attached to this guest");
		return;
	}
	/* a session id no other client has */
	while (!h->next_session || find_session(h, h->next_session))
		h->next_session = (h->next_session + 1) & 0xffff;
	c->session = h->next_session;
	h->next_session = (h->next_session + 1) & 0xffff;
}

/* The frames a client sent: checked, then on to the guest. */
static int client_frames(struct attach_hub *h, struct attach_client *c)
{
	struct kdev_att_frame f;
	size_t off = 0;
	long n;

	while ((n = kdev_att_parse(c->in.buf + off, c->in.len - off, &f)) > 0) {
		int ok;

		switch (f.type) {
		case KDEV_ATT_OPEN:
			ok = !c->opened;
			c->opened = 1;
			break;
		case KDEV_ATT_DATA:
		case KDEV_ATT_EOF:
		case KDEV_ATT_RESIZE:
		case KDEV_ATT_SIGNAL:
			ok = c->opened;
			break;
		default:
			ok = 0;
		}
		if (!ok)
			return -1;
		if (!c->done)
			attach_frame(&h->port_out, f.type, c->session, f.data,
				     f.len);
		off += (size_t)n;
	}
	if (n < 0)
		return -1;
	memmove(c->in.buf, c->in.buf + off, c->in.len - off);
	strbuf_setlen(&c->in, c->in.len - off);
	return 0;
}

/* Read from client @i; 0, or -1 when it is gone or broke the protocol. */
static int client_read(struct attach_hub *h, size_t i)
{
	struct attach_client *c = &h->clients[i];
	char buf[65536];
	ssize_t n = read(c->fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	strbuf_add(&c->in, buf, (size_t)n);
	return client_frames(h, c);
}

/* Write what we can of @sb from *off; -1 when the reader has gone. */
static int flush_buf(int fd, struct strbuf *sb, size_t *off)
{
	while (*off < sb->len) {
		ssize_t n = send(fd, sb->buf + *off, sb->len - *off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return -1;
		*off += (size_t)n;
	}
	strbuf_reset(sb);
	*off = 0;
	return 0;
}

/* Every client learns that the guest is gone. */
static void port_gone(struct attach_hub *h, const char *why)
{
	size_t i;

	if (h->port_fd >= 0)
		close(h->port_fd);
	h->port_fd = -1;
	strbuf_reset(&h->port_out);
	h->port_out_off = 0;
	for (i = 0; i < h->nr; i++)
		if (!h->clients[i].done)
			client_error(&h->clients[i], why);
}

/* The frames the guest sent: each to its session's client. */
static void port_frames(struct attach_hub *h)
{
	struct kdev_att_frame f;
	size_t off = 0;
	long n;

	while ((n = kdev_att_parse(h->port_in.buf + off,
				   h->port_in.len - off, &f)) > 0) {
		struct attach_client *c = find_session(h, f.session);

		off += (size_t)n;
		if (!c || c->done)
			continue;	/* its client left */
		switch (f.type) {
		case KDEV_ATT_EXIT:
		case KDEV_ATT_ERROR:
			c->done = 1;
			/* fall through */
		case KDEV_ATT_STDOUT:
		case KDEV_ATT_STDERR:
			attach_frame(&c->out, f.type, 0, f.data, f.len);
			break;
		default:
			break;	/* newer guest: not for us */
		}
	}
	if (n < 0) {
		error("the guest's attach channel sent a malformed frame; "
		      "kdev attach no longer works in this guest");
		strbuf_reset(&h->port_in);
		port_gone(h, "the guest's attach channel broke");
		return;
	}
	memmove(h->port_in.buf, h->port_in.buf + off, h->port_in.len - off);
	strbuf_setlen(&h->port_in, h->port_in.len - off);
}

static int clients_backlogged(const struct attach_hub *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		if (h->clients[i].out.len > ATTACH_BACKLOG)
			return 1;
	return 0;
}

size_t attach_hub_pollfds(struct attach_hub *h, struct pollfd *p, size_t max)
{
	size_t n = 0, i;

	if (h->listen_fd < 0)
		return 0;
#define ADD(fd_, ev_) do { \
		if (n < max) { \
			p[n].fd = (fd_); \
			p[n].events = (short)(ev_); \
			p[n].revents = 0; \
			n++; \
		} \
	} while (0)
	if (h->nr < ATTACH_MAX_CLIENTS + 1)
		ADD(h->listen_fd, POLLIN);
	if (h->port_listen >= 0)
		ADD(h->port_listen, POLLIN);
	if (h->port_fd >= 0)
		ADD(h->port_fd, (clients_backlogged(h) ? 0 : POLLIN) |
		    (h->port_out.len ? POLLOUT : 0));
	for (i = 0; i < h->nr; i++) {
		struct attach_client *c = &h->clients[i];
		int ev = c->out.len ? POLLOUT : 0;

		if (h->port_out.len <= ATTACH_BACKLOG)
			ev |= POLLIN;
		ADD(c->fd, ev);
	}
#undef ADD
	return n;
}

void attach_hub_handle(struct attach_hub *h, const struct pollfd *p,
		       size_t n)
{
	size_t k, i;

	for (k = 0; k < n; k++) {
		int fd = p[k].fd;
		short ev = p[k].revents;

		if (!ev || fd < 0)
			continue;
		if (fd == h->listen_fd) {
			accept_client(h);
		} else if (fd == h->port_listen) {
			h->port_fd = accept4(h->port_listen, NULL, NULL,
					     SOCK_CLOEXEC | SOCK_NONBLOCK);
			if (h->port_fd >= 0) {
				close(h->port_listen);
				h->port_listen = -1;
			}
		} else if (fd == h->port_fd) {
			if (ev & (POLLIN | POLLHUP | POLLERR)) {
				char buf[65536];
				ssize_t r = read(fd, buf, sizeof(buf));

				if (r > 0) {
					strbuf_add(&h->port_in, buf, (size_t)r);
					port_frames(h);
				} else if (!r || (errno != EINTR &&
						  errno != EAGAIN)) {
					port_gone(h, "the guest has stopped");
					continue;
				}
			}
			if (h->port_fd >= 0 && (ev & POLLOUT) &&
			    flush_buf(h->port_fd, &h->port_out,
				      &h->port_out_off))
				port_gone(h, "the guest has stopped");
		} else {
			for (i = 0; i < h->nr; i++)
				if (h->clients[i].fd == fd)
					break;
			if (i == h->nr)
				continue;
			if ((ev & (POLLIN | POLLHUP | POLLERR)) &&
			    client_read(h, i)) {
				drop_client(h, i);
				continue;
			}
			if ((ev & POLLOUT) &&
			    flush_buf(fd, &h->clients[i].out,
				      &h->clients[i].out_off)) {
				drop_client(h, i);
				continue;
			}
		}
	}
	/* what can go out now, goes: the clients' answers, the guest's */
	if (h->port_fd >= 0 && h->port_out.len &&
	    flush_buf(h->port_fd, &h->port_out, &h->port_out_off))
		port_gone(h, "the guest has stopped");
	for (i = 0; i < h->nr;) {
		struct attach_client *c = &h->clients[i];

		if (c->out.len && flush_buf(c->fd, &c->out, &c->out_off)) {
			drop_client(h, i);
			continue;
		}
		/* all said: the client reads EOF after its last frame */
		if (c->done && !c->out.len) {
			c->opened = 0;
			drop_client(h, i);
			continue;
		}
		i++;
	}
}

void attach_hub_close(struct attach_hub *h)
{
	size_t i;

	if (h->port_fd >= 0 || h->port_listen >= 0 || h->nr)
		port_gone(h, "the guest has stopped");
	for (i = 0; i < h->nr; i++) {
		struct attach_client *c = &h->clients[i];

		flush_buf(c->fd, &c->out, &c->out_off);
		close(c->fd);
		strbuf_release(&c->in);
		strbuf_release(&c->out);
	}
	free(h->clients);
	h->clients = NULL;
	h->nr = h->alloc = 0;
	if (h->port_listen >= 0)
		close(h->port_listen);
	if (h->listen_fd >= 0)
		close(h->listen_fd);
	h->port_listen = h->listen_fd = -1;
	if (h->path)
		unlink(h->path);
	if (h->port_path)
		unlink(h->port_path);
	free(h->path);
	free(h->port_path);
	free(h->dir);
	h->path = h->port_path = h->dir = NULL;
	strbuf_release(&h->port_in);
	strbuf_release(&h->port_out);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kdev attach: another shell, or one command, in a guest that "kdev run"
 * runs, through the guest's attach channel (src/vm/attach.h for the
 * sockets, src/vm/proto.h for the frames; the guest's side is the attach
 * agent in guest/init.c). No network in the guest is needed.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../vm/attach.h"
#include "../vm/proto.h"

#define ATTACH_EXIT_FAILED	125

static const char attach_usage[] =
	"usage: kdev attach [-t|-T] [NAME] [-- COMMAND [ARG...]]\n"
	"       kdev attach --list\n"
	"\n"
	"Open another shell in a guest that kdev run runs (named by kdev run,\n"
	"or the only one running), or run COMMAND there; as many at once as\n"
	"wanted.\n"
	"The session runs as kdev run's command does: same user, directory\n"
	"and environment. Closing it never stops the guest.\n"
	"\n"
	"   -t               a pty in the guest, also when standard input is\n"
	"                    not a terminal\n"
	"   -T               no pty: stdin, stdout and stderr stay apart\n"
	"                    (default when standard input is not a terminal)\n"
	"   -l, --list       list the running guests: NAME, tab, kdev run's pid\n"
	"   -h, --help       this text\n"
	"\n"
	"Exit status: the command's (128+N when killed by signal N); 125 when\n"
	"there is no such guest, it stopped first, or the session could not\n"
	"start.\n";

static struct termios saved_tio;
static int tio_saved;

static void restore_tty(void)
{
	if (tio_saved) {
		tcsetattr(0, TCSADRAIN, &saved_tio);
		tio_saved = 0;
	}
}

static int raw_tty(void)
{
	struct termios raw;

	if (tcgetattr(0, &saved_tio))
		return error_errno("cannot read the terminal's settings");
	raw = saved_tio;
	cfmakeraw(&raw);
	tio_saved = 1;
	atexit(restore_tty);
	if (tcsetattr(0, TCSADRAIN, &raw))
		return error_errno("cannot put the terminal in raw mode");
	return 0;
}

static void window_size(unsigned int *rows, unsigned int *cols)
{
	struct winsize ws;

	*rows = *cols = 0;
	if (!ioctl(0, TIOCGWINSZ, &ws) || !ioctl(1, TIOCGWINSZ, &ws)) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
}

static void add_size(struct strbuf *rec)
{
	unsigned int rows, cols;
	char num[16];

	window_size(&rows, &cols);
	if (!rows || !cols)
		return;
	snprintf(num, sizeof(num), "%u", rows);
	attach_record(rec, "rows", num);
	snprintf(num, sizeof(num), "%u", cols);
	attach_record(rec, "cols", num);
}

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* our reader left: drop it */
		p += n;
		len -= (size_t)n;
	}
}

/* The guests running, for a message: "1, 2, work" */
static void names_line(struct strbuf *sb, char **names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", names[i]);
}

static int list_guests(void)
{
	char *dir = attach_dir(0), **names;
	int *pids;
	size_t i, n;

	if (!dir)
		return errno == ENOENT ? 0 : 1;
	n = attach_list(dir, &names, &pids);
	for (i = 0; i < n; i++)
		printf("%s\t%d\n", names[i], pids[i]);
	attach_names_free(names);
	free(pids);
	free(dir);
	return 0;
}

/* Connect to @name, or to the only guest running; -1 after error(). */
static int connect_guest(const char *name, struct strbuf *chosen)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir = attach_dir(0), **names = NULL;
	size_t n = 0;
	int fd = -1;

	if (!dir && errno != ENOENT)
		return -1;
	if (dir)
		n = attach_list(dir, &names, NULL);
	if (name) {
		fd = dir ? attach_connect(dir, name) : -1;
		if (fd < 0) {
			if (n) {
				names_line(&sb, names);
				error("no guest named '%s' is running; running: "
				      "%s", name, sb.buf);
			} else {
				error("no guest named '%s' is running (start "
				      "one with 'kdev run --name %s')", name,
				      name);
			}
		}
	} else if (!n) {
		error("no guest is running: start one with 'kdev run'");
	} else if (n > 1) {
		names_line(&sb, names);
		error("%zu guests are running (%s): name one, as in 'kdev "
		      "attach %s'", n, sb.buf, names[0]);
	} else {
		name = names[0];
		fd = attach_connect(dir, name);
		if (fd < 0)
			error_errno("cannot connect to guest '%s'", name);
	}
	if (fd >= 0)
		strbuf_addstr(chosen, name);
	attach_names_free(names);
	strbuf_release(&sb);
	free(dir);
	return fd;
}

struct client {
	int sock;
	int tty;		/* a pty in the guest */
	int raw;		/* our terminal is in raw mode */
	struct strbuf out;	/* frames for kdev run */
	size_t out_off;
	struct strbuf in;	/* a partial frame from kdev run */
	int status;		/* -1 until EXIT */
	int failed;
	int interrupts;		/* SIGINTs forwarded */
	const char *name;
};

static void send_frame(struct client *c, unsigned int type, const void *data,
		       size_t len)
{
	attach_frame(&c->out, type, 0, data, len);
}

static void send_signal(struct client *c, int sig)
{
	struct strbuf rec = STRBUF_INIT;
	char num[16];

	snprintf(num, sizeof(num), "%d", sig);
	attach_record(&rec, "sig", num);
	send_frame(c, KDEV_ATT_SIGNAL, rec.buf, rec.len);
	strbuf_release(&rec);
}

/* The frames from kdev run; 1 once the session is over. */
static int handle_frames(struct client *c)
{
	struct kdev_att_frame f;
	size_t off = 0;
	long n;
	int over = 0;

	while (!over &&
	       (n = kdev_att_parse(c->in.buf + off, c->in.len - off, &f)) > 0) {
		off += (size_t)n;
		switch (f.type) {
		case KDEV_ATT_STDOUT:
			write_all(1, f.data, f.len);
			break;
		case KDEV_ATT_STDERR:
			write_all(2, f.data, f.len);
			break;
		case KDEV_ATT_EXIT: {
			const char *v = kdev_att_record(f.data, f.len,
							"status");
			char *end;
			long st = v ? strtol(v, &end, 10) : -1;

			if (!v || *end || st < 0 || st > 255) {
				restore_tty();
				error("the guest sent a bad exit status");
				c->failed = 1;
			} else {
				c->status = (int)st;
			}
			over = 1;
			break;
		}
		case KDEV_ATT_ERROR:
			restore_tty();
			error("guest '%s': %.*s", c->name, (int)f.len,
			      (const char *)f.data);
			c->failed = 1;
			over = 1;
			break;
		default:
			break;
		}
	}
	if (!over && n < 0) {
		restore_tty();
		error("kdev run sent a malformed frame");
		c->failed = 1;
		return 1;
	}
	memmove(c->in.buf, c->in.buf + off, c->in.len - off);
	strbuf_setlen(&c->in, c->in.len - off);
	return over;
}

/* Relay until the session is over; its exit status. */
static int relay(struct client *c)
{
	enum { F_SOCK, F_STDIN, F_SIG, F_NR };
	struct pollfd p[F_NR];
	sigset_t mask;
	int stdin_open = 1, sfd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0)
		return error_errno("signalfd"), ATTACH_EXIT_FAILED;

	for (;;) {
		p[F_SOCK].fd = c->sock;
		p[F_SOCK].events = POLLIN | (c->out.len ? POLLOUT : 0);
		p[F_STDIN].fd = stdin_open && c->out.len < ATTACH_BACKLOG ?
				0 : -1;
		p[F_STDIN].events = POLLIN;
		p[F_SIG].fd = sfd;
		p[F_SIG].events = POLLIN;
		if (poll(p, F_NR, -1) < 0) {
			if (errno == EINTR)
				continue;
			error_errno("poll");
			c->failed = 1;
			break;
		}
		if (p[F_SIG].revents) {
			struct signalfd_siginfo si;
			int sig;

			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			sig = (int)si.ssi_signo;
			if (sig == SIGWINCH) {
				struct strbuf rec = STRBUF_INIT;

				add_size(&rec);
				if (c->tty && rec.len)
					send_frame(c, KDEV_ATT_RESIZE, rec.buf,
						   rec.len);
				strbuf_release(&rec);
			} else if ((sig == SIGINT || sig == SIGQUIT) &&
				   !c->raw && c->interrupts++ < 1) {
				/* the command decides; a second one: we go */
				send_signal(c, sig);
			} else {
				/* kdev run hangs the session up */
				restore_tty();
				close(sfd);
				return 128 + sig;
			}
		}
		if (p[F_STDIN].fd >= 0 && p[F_STDIN].revents) {
			char buf[32768];
			ssize_t n = read(0, buf, sizeof(buf));

			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				send_frame(c, KDEV_ATT_EOF, NULL, 0);
				stdin_open = 0;
			} else {
				send_frame(c, KDEV_ATT_DATA, buf, (size_t)n);
			}
		}
		if (p[F_SOCK].revents & POLLOUT) {
			ssize_t n = send(c->sock, c->out.buf + c->out_off,
					 c->out.len - c->out_off,
					 MSG_NOSIGNAL | MSG_DONTWAIT);

			if (n > 0) {
				c->out_off += (size_t)n;
				if (c->out_off == c->out.len) {
					strbuf_reset(&c->out);
					c->out_off = 0;
				}
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				p[F_SOCK].revents |= POLLHUP;
			}
		}
		if (p[F_SOCK].revents & (POLLIN | POLLHUP | POLLERR)) {
			char buf[65536];
			ssize_t n = read(c->sock, buf, sizeof(buf));

			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				restore_tty();
				error("guest '%s' stopped before the command "
				      "ended", c->name);
				c->failed = 1;
				break;
			}
			strbuf_add(&c->in, buf, (size_t)n);
			if (handle_frames(c))
				break;
		}
	}
	close(sfd);
	restore_tty();
	return c->failed ? ATTACH_EXIT_FAILED : c->status;
}

int cmd_attach(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct client c = { .sock = -1, .status = -1 };
	struct strbuf rec = STRBUF_INIT, chosen = STRBUF_INIT;
	const char *name = NULL;
	char **cmd = NULL;
	int opt, force = -1, list = 0, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:tTlh", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			force = 1;
			break;
		case 'T':
			force = 0;
			break;
		case 'l':
			list = 1;
			break;
		case 'h':
			return usage_help(attach_usage);
		default:
			usage_bad_option(attach_usage, opt, argv);
		}
	}
	/* NAME, then "--" and the command; or "--" and the command */
	if (optind < argc && strcmp(argv[optind - 1], "--")) {
		name = argv[optind++];
		if (optind < argc && strcmp(argv[optind], "--"))
			usage_error(attach_usage, "'%s': a command comes "
				    "after '--'", argv[optind]);
		if (optind < argc)
			optind++;
		if (optind == argc && !strcmp(argv[optind - 1], "--"))
			usage_error(attach_usage, "no command after '--'");
	}
	if (optind < argc)
		cmd = argv + optind;
	if (list) {
		if (name || cmd)
			usage_error(attach_usage, "--list takes no NAME or "
				    "command");
		return list_guests();
	}
	if (name && !attach_name_ok(name))
		usage_error(attach_usage, "'%s' is not a guest name", name);

	c.sock = connect_guest(name, &chosen);
	if (c.sock < 0)
		return ATTACH_EXIT_FAILED;
	c.name = chosen.buf;
	c.tty = force >= 0 ? force : isatty(0);
	strbuf_init(&c.out, 0);
	strbuf_init(&c.in, 0);

	if (cmd) {
		struct strbuf sb = STRBUF_INIT;

		/* as kdev run: one argument is a shell command line */
		if (!cmd[1])
			strbuf_addstr(&sb, cmd[0]);
		else
			quote_argv(&sb, cmd);
		attach_record(&rec, "cmd", sb.buf);
		strbuf_release(&sb);
	}
	if (c.tty) {
		const char *term = getenv("TERM");

		attach_record(&rec, "tty", "1");
		add_size(&rec);
		if (term && *term)
			attach_record(&rec, "term", term);
	}
	if (rec.len > KDEV_ATT_MAX_PAYLOAD) {
		error("the command is too long (%zu bytes; at most %d)",
		      rec.len, KDEV_ATT_MAX_PAYLOAD - 64);
		ret = ATTACH_EXIT_FAILED;
		goto out;
	}
	send_frame(&c, KDEV_ATT_OPEN, rec.buf, rec.len);
	if (c.tty && isatty(0)) {
		if (raw_tty()) {
			ret = ATTACH_EXIT_FAILED;
			goto out;
		}
		c.raw = 1;
	}
	ret = relay(&c);
out:
	restore_tty();
	close(c.sock);
	strbuf_release(&c.out);
	strbuf_release(&c.in);
	strbuf_release(&rec);
	strbuf_release(&chosen);
	return ret;
}

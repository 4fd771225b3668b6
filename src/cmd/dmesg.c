// SPDX-License-Identifier: GPL-2.0
/*
 * kdev dmesg: the kernel log read from /dev/kmsg (or a saved copy),
 * with timestamps, colour by level, and every oops, WARNING and BUG
 * decoded in place by the decoder of kdev decode. The view itself is
 * src/debug/view.c, which kdev run -v shares.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../debug/kmsg.h"
#include "../debug/view.h"
#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/strbuf.h"

#define KMSG_PATH "/dev/kmsg"
#define KMSG_READ_MAX 16384	/* a record is at most 8 KiB */
#define REPORT_PAUSE_MS 1000	/* --follow: a report silent this long ends */

static const char dmesg_usage[] =
	"usage: kdev dmesg [-f|--follow] [--since TIME] [--level LEVEL]\n"
	"                  [--time=boot|iso|none] [--json] [--file FILE]\n"
	"                  [--vmlinux FILE] [--modules DIR]... [--tree DIR]\n"
	"\n"
	"Print the kernel log from /dev/kmsg with every oops, WARNING and BUG\n"
	"decoded in place (as kdev decode does).\n"
	"\n"
	"   -f, --follow     keep reading; reports are decoded as they end\n"
	"   --since TIME     only records from TIME on: seconds since boot\n"
	"                    (12.5), a time ago (90s, 10m, 2h, 1d) or a local\n"
	"                    wall-clock time (2024-05-01 12:00:00, 12:00)\n"
	"   --level LEVEL    only records of LEVEL or more urgent: emerg,\n"
	"                    alert, crit, err, warn, notice, info, debug or 0-7\n"
	"   --time WHEN      boot: [    1.234567] (default), iso: wall-clock\n"
	"                    ISO 8601, none\n"
	"   --json           one JSON object a line: records, decoded reports\n"
	"   --file FILE      read a saved copy of /dev/kmsg (or plain console\n"
	"                    text) instead, '-' for standard input\n"
	"   --no-decode      print reports as they are\n"
	"   --vmlinux FILE   vmlinux with debug info (default: found from the\n"
	"                    release in the report, as kdev decode finds it)\n"
	"   --modules DIR    search DIR for module objects (repeatable);\n"
	"                    --decode-modules is the same (as in kdev run)\n"
	"   --tree DIR       kernel tree or O= directory\n"
	"   --sysroot DIR    look for debug files below DIR\n"
	"   -h, --help       this text\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct dmesg {
	struct kmsg_view view;
	int follow;
	int max_level;
	double since;		/* seconds since boot; < 0: all */
};

static void record(struct dmesg *d, const struct kmsg_record *r)
{
	if (r->level > d->max_level)
		return;
	if (d->since >= 0 && (double)r->usec / 1e6 < d->since)
		return;
	kmsg_view_record(&d->view, r);
}

static int read_saved(struct dmesg *d, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t off = 0, used, bad = 0, good = 0;
	int stdin_input = !strcmp(path, "-");

	if (stdin_input ? read_fd(0, &sb) : read_file(path, &sb)) {
		error_errno("cannot read '%s'", path);
		strbuf_release(&sb);
		return 1;
	}
	while (off < sb.len) {
		struct kmsg_record r;
		int ret = kmsg_parse(sb.buf + off, sb.len - off, &used, &r);

		if (ret < 0 && !good) {
			/* not a kmsg dump: console text, as kdev decode reads */
			if (d->max_level < 7 || d->since >= 0)
				warning("'%s' is not a /dev/kmsg copy: --level "
					"and --since do not apply", path);
			kmsg_view_console(&d->view, sb.buf, sb.len);
			break;
		}
		if (ret < 0)
			bad++;
		if (!ret) {
			good++;
			record(d, &r);
			kmsg_record_release(&r);
		}
		off += used ? used : sb.len - off;
	}
	if (bad)
		warning("%zu line%s of '%s' %s not /dev/kmsg records", bad,
			bad == 1 ? "" : "s", path, bad == 1 ? "is" : "are");
	kmsg_view_flush(&d->view);
	strbuf_release(&sb);
	return 0;
}

static int read_kmsg(struct dmesg *d)
{
	char *buf = xmalloc(KMSG_READ_MAX);
	int fd = open(KMSG_PATH, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int ret = 0;

	if (fd < 0) {
		error_errno("cannot open " KMSG_PATH);
		if (errno == EACCES || errno == EPERM)
			note("run it as root, or let everyone read the log "
			     "with 'sysctl kernel.dmesg_restrict=0'");
		free(buf);
		return 1;
	}
	while (!stop) {
		ssize_t n = read(fd, buf, KMSG_READ_MAX);

		if (n > 0) {
			struct kmsg_record r;
			size_t used;

			if (!kmsg_parse(buf, (size_t)n, &used, &r)) {
				record(d, &r);
				kmsg_record_release(&r);
			}
			continue;
		}
		if (n < 0 && errno == EPIPE) {
			warning("records were overwritten in the kernel's "
				"buffer before kdev read them");
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN) {
			error_errno("cannot read " KMSG_PATH);
			ret = 1;
			break;
		}
		/* the end of the log so far */
		if (!d->follow)
			break;
		fflush(stdout);
		{
			struct pollfd p = { .fd = fd, .events = POLLIN };
			int pending = kmsg_view_pending(&d->view);
			int r = poll(&p, 1, pending ? REPORT_PAUSE_MS : -1);

			if (r == 0 && pending)
				kmsg_view_flush(&d->view);
			if (r < 0 && errno != EINTR) {
				error_errno("poll " KMSG_PATH);
				ret = 1;
				break;
			}
		}
	}
	kmsg_view_flush(&d->view);
	close(fd);
	free(buf);
	return ret;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_dmesg(int argc, char **argv)
{
	enum {
		OPT_SINCE = 256, OPT_LEVEL, OPT_TIME, OPT_JSON, OPT_FILE,
		OPT_NO_DECODE, OPT_VMLINUX, OPT_MODULES, OPT_TREE, OPT_SYSROOT,
	};
	static const struct option longopts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "time", required_argument, NULL, OPT_TIME },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "no-decode", no_argument, NULL, OPT_NO_DECODE },
		{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
		{ "modules", required_argument, NULL, OPT_MODULES },
		{ "decode-modules", required_argument, NULL, OPT_MODULES },
		{ "tree", required_argument, NULL, OPT_TREE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct decode_options o = DECODE_OPTIONS_INIT;
	struct dmesg d;
	const char *since = NULL, *file = NULL;
	enum kmsg_time tm = KMSG_TIME_BOOT;
	int opt, json = 0, decode = 1, ret;
	double boot_wall = clock_s(CLOCK_REALTIME) - clock_s(CLOCK_BOOTTIME);
	struct sigaction sa;

	memset(&d, 0, sizeof(d));
	d.max_level = 7;
	d.since = -1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":fh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			d.follow = 1;
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_LEVEL:
			d.max_level = kmsg_level(optarg);
			if (d.max_level < 0)
				usage_error(dmesg_usage, "--level takes emerg, "
					    "alert, crit, err, warn, notice, "
					    "info, debug or 0-7, not '%s'",
					    optarg);
			break;
		case OPT_TIME:
			if (!strcmp(optarg, "boot"))
				tm = KMSG_TIME_BOOT;
			else if (!strcmp(optarg, "iso"))
				tm = KMSG_TIME_ISO;
			else if (!strcmp(optarg, "none"))
				tm = KMSG_TIME_NONE;
			else
				usage_error(dmesg_usage, "--time takes boot, iso "
					    "or none, not '%s'", optarg);
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_FILE:
			file = optarg;
			break;
		case OPT_NO_DECODE:
			decode = 0;
			break;
		case OPT_VMLINUX:
			o.vmlinux = optarg;
			break;
		case OPT_MODULES:
			if (!is_dir(optarg))
				usage_error(dmesg_usage, "--modules: '%s' is not "
					    "a directory", optarg);
			strvec_push(&o.modules, optarg);
			break;
		case OPT_TREE:
			if (!is_dir(optarg))
				usage_error(dmesg_usage, "--tree: '%s' is not a "
					    "directory", optarg);
			o.tree = optarg;
			break;
		case OPT_SYSROOT:
			o.sysroot = optarg;
			break;
		case 'h':
			strvec_clear(&o.modules);
			return usage_help(dmesg_usage);
		default:
			usage_bad_option(dmesg_usage, opt, argv);
		}
	}
	if (optind < argc)
		usage_error(dmesg_usage, "unexpected argument '%s'%s",
			    argv[optind], is_file(argv[optind]) ?
			    "; a saved log is read with --file" : "");
	if (file && d.follow)
		usage_error(dmesg_usage, "--follow reads " KMSG_PATH
			    ", not a --file");
	if (since && kmsg_parse_since(since, clock_s(CLOCK_BOOTTIME),
				      boot_wall, &d.since))
		usage_error(dmesg_usage, "--since takes seconds since boot, a "
			    "time ago (10m, 2h) or a wall-clock time "
			    "(2024-05-01 12:00:00, 12:00), not '%s'", since);
	if (o.vmlinux && !is_file(o.vmlinux)) {
		error("cannot open '%s': no such file", o.vmlinux);
		strvec_clear(&o.modules);
		return 1;
	}
	if (file && tm == KMSG_TIME_ISO)
		warning("--time=iso uses this machine's boot time, which may "
			"not be the one of the saved log");

	kmsg_view_init(&d.view, stdout, &o);
	d.view.color = json ? 0 : kdev_color;
	d.view.json = json;
	d.view.decode = decode;
	d.view.time = tm;
	d.view.boot_wall = boot_wall;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll() returns */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ret = file ? read_saved(&d, file) : read_kmsg(&d);
	fflush(stdout);
	kmsg_view_release(&d.view);
	strvec_clear(&o.modules);
	return ret;
}

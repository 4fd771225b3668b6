// SPDX-License-Identifier: GPL-2.0
/*
 * kdev gdb: gdb attached to a "kdev run --gdb" (or --kgdb) guest with
 * vmlinux, the tree's gdb helpers and the modules' symbols loaded; or,
 * with --list, the source at SYM+OFF without any guest, through the
 * same resolver as kdev decode (src/decode/decoder.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../decode/decoder.h"
#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "../trace/gdbcmd.h"

static const char gdb_usage[] =
	"usage: kdev gdb [--tree DIR|O=DIR] [--vmlinux FILE] [--port N]\n"
	"                [--kgdb [SOCKET]] [--modules DIR]... [--no-lx]\n"
	"                [-n] [--batch] [-ex CMD]...\n"
	"   or: kdev gdb --list LOCATION [--module FILE.ko] [--vmlinux FILE]\n"
	"                [--tree DIR] [--context N]\n"
	"\n"
	"Attach gdb to a guest of 'kdev run --gdb' (QEMU's gdb stub) or\n"
	"'kdev run --kgdb' (the kernel's own kgdb on a second serial port),\n"
	"with vmlinux, the tree's gdb helpers (lx-*) and the symbols of the\n"
	"guest's modules loaded. With --list, print the source around a\n"
	"location as gdb's 'list *(SYM+0xOFF)' would, without a guest.\n"
	"\n"
	"   --tree DIR, O=DIR  kernel tree or O= directory (default: current\n"
	"                      directory when it has a vmlinux)\n"
	"   --vmlinux FILE     vmlinux with debug info (default: the tree's)\n"
	"   --port N           QEMU's gdb stub port (default 1234)\n"
	"   --kgdb [SOCKET]    connect to kgdb instead: the kgdb.sock of the\n"
	"                      running kdev run --kgdb (or its path)\n"
	"   --modules DIR      where module objects are (repeatable)\n"
	"   --no-lx            kdev's own module loader even when the tree\n"
	"                      has the helpers\n"
	"   -n, --dry-run      print the gdb command line and what it feeds\n"
	"   --batch            gdb -batch: run the -ex commands and quit\n"
	"   -ex CMD            a gdb command after kdev's (repeatable)\n"
	"   --list LOCATION    SYM+0xOFF[/0xLEN] [MODULE], SYM, or 0xADDR\n"
	"   --module FILE      the module object LOCATION is in\n"
	"   --context N        lines before and after (default 5)\n"
	"   -h, --help         this text\n";

struct gdb_opts {
	const char *tree;
	const char *vmlinux;
	int port;
	int kgdb;
	const char *kgdb_sock;
	struct strvec module_dirs;
	int no_lx;
	int dry_run;
	int batch;
	struct strvec cmds;
	const char *list;
	const char *module;
	int context;
};

static int looks_like_tree(const char *dir)
{
	char *p = xasprintf("%s/vmlinux", dir);
	int ret = is_file(p);

	free(p);
	return ret;
}

static int do_list(struct gdb_opts *o)
{
	struct decode_options dopts = DECODE_OPTIONS_INIT;
	struct gdb_location loc;
	struct decoder *d;
	int ret;

	if (gdb_parse_location(o->list, &loc))
		usage_error(gdb_usage, "--list: '%s' is not SYM+0xOFF[/0xLEN], "
			    "SYM or an address", o->list);
	if (loc.module[0] && !o->module) {
		/* "ipt_do_table+0x24f/0x610 [ip_tables]": find the object */
		warning("'%s' is in module %s: pass its object with --module "
			"FILE.ko; looking in vmlinux", o->list, loc.module);
	}
	dopts.vmlinux = o->vmlinux;
	dopts.tree = o->tree;
	dopts.list = o->context;
	dopts.color = kdev_color;
	d = decoder_new(&dopts);
	ret = decoder_list_location(d, o->module, loc.sym[0] ? loc.sym : NULL,
				    loc.off, loc.size, loc.has_size, stdout);
	decoder_free(d);
	strvec_clear(&dopts.modules);
	return ret ? 1 : 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Is something listening on 127.0.0.1:@port? */
static int port_open(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ret = !connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return ret;
}

/* The kgdb socket of the one running kdev run --kgdb, by its run dir. */
static char *find_kgdb_socket(void)
{
	const char *tmp = getenv("TMPDIR");
	char *pat = xasprintf("%s/kdev-run.*/kgdb.sock",
			      tmp && *tmp ? tmp : "/tmp");
	char *ret = NULL;
	glob_t g;
	size_t i;

	if (glob(pat, 0, NULL, &g) || !g.gl_pathc) {
		error("no '%s': start the guest with 'kdev run --kgdb', or "
		      "pass the socket's path", pat);
	} else if (g.gl_pathc == 1) {
		ret = xstrdup(g.gl_pathv[0]);
	} else {
		error("%zu guests run with --kgdb; say which socket:",
		      (size_t)g.gl_pathc);
		for (i = 0; i < g.gl_pathc; i++)
			fprintf(stderr, "    %s\n", g.gl_pathv[i]);
	}
	globfree(&g);
	free(pat);
	return ret;
}

static int is_socket(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISSOCK(st.st_mode);
}

/* kdev's module loader for gdb, in the cache, written when it changed. */
static char *module_loader(void)
{
	const char *cache = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct strbuf old = STRBUF_INIT;
	char *dir, *path;

	if (cache && *cache)
		dir = xasprintf("%s/kdev", cache);
	else
		dir = xasprintf("%s/.cache/kdev", home && *home ? home : "/tmp");
	path = xasprintf("%s/gdb-modules.py", dir);
	if (read_file(path, &old) || strcmp(old.buf, gdb_module_loader_py)) {
		if (mkdir_p(dir) ||
		    write_file_atomic(path, gdb_module_loader_py,
				      strlen(gdb_module_loader_py))) {
			free(path);
			path = NULL;
		}
	}
	strbuf_release(&old);
	free(dir);
	return path;
}

/*
 * --relay (gdb runs it for --kgdb): stdin to the unix socket in
 * $KDEV_GDB_KGDB_SOCKET, the socket to stdout, until either side ends.
 */
static int do_relay(void)
{
	const char *path = getenv("KDEV_GDB_KGDB_SOCKET");
	struct sockaddr_un sa;
	char buf[4096];
	int fd, open_in = 1;

	if (!path || !*path)
		die("--relay is for gdb, run by 'kdev gdb --kgdb'");
	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path too long: '%s'", path);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die_errno("cannot connect to '%s'", path);
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = open_in ? 0 : -1, .events = POLLIN },
			{ .fd = fd, .events = POLLIN },
		};
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die_errno("poll");
		}
		if (p[0].revents) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				/* gdb is gone: so is the connection */
				break;
			}
			if (write_all(fd, buf, (size_t)n))
				break;
		}
		if (p[1].revents) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0 || write_all(1, buf, (size_t)n))
				break;
		}
	}
	close(fd);
	return 0;
}

static int do_attach(struct gdb_opts *o)
{
	struct gdb_setup s;
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, dirs = STRBUF_INIT;
	char *helpers = NULL, *vmlinux = NULL, *target = NULL, *loader = NULL;
	char *sock = NULL;
	size_t i;

	memset(&s, 0, sizeof(s));
	if (!o->tree && looks_like_tree("."))
		o->tree = ".";
	if (o->tree) {
		char *abs = realpath(o->tree, NULL);

		if (abs)
			o->tree = abs;	/* lives until exec */
	}
	if (o->vmlinux)
		vmlinux = xstrdup(o->vmlinux);
	else if (o->tree)
		vmlinux = xasprintf("%s/vmlinux", o->tree);
	if (!vmlinux)
		die("which kernel? pass --tree DIR (or O=DIR) or --vmlinux FILE, "
		    "or run in the build directory");
	if (!is_file(vmlinux))
		die("cannot find '%s': build the kernel first (kdev build) or "
		    "pass --vmlinux FILE", vmlinux);
	if (o->tree) {
		helpers = xasprintf("%s/vmlinux-gdb.py", o->tree);
		if (!is_file(helpers)) {
			if (!o->dry_run)
				note("no %s: the lx-* helpers need "
				     "CONFIG_GDB_SCRIPTS=y (make scripts_gdb); "
				     "kdev loads module symbols itself", helpers);
			free(helpers);
			helpers = NULL;
		}
	}
	if (o->no_lx) {
		free(helpers);
		helpers = NULL;
	}
	if (o->kgdb) {
		sock = o->kgdb_sock ? xstrdup(o->kgdb_sock) : find_kgdb_socket();
		if (!sock)
			return 1;
		if (!o->dry_run && !is_socket(sock))
			die("'%s' is not a socket: pass the kgdb.sock of a "
			    "'kdev run --kgdb' guest", sock);
		/*
		 * gdb 13 cannot open a unix socket itself: it talks to
		 * "kdev gdb --relay" through a pipe, and the command line gdb
		 * hands to sh names no path: both come in the environment.
		 */
		target = xstrdup("| exec \"$KDEV_GDB_SELF\" gdb --relay");
	} else {
		if (!o->dry_run && !port_open(o->port))
			die("nothing listens on port %d: start the guest with "
			    "'kdev run --gdb%s'", o->port,
			    o->port == 1234 ? "" : "=PORT");
		target = xasprintf(":%d", o->port);
	}
	if (!helpers)
		loader = module_loader();
	s.vmlinux = vmlinux;
	s.tree = o->tree;
	s.helpers = helpers;
	s.target = target;
	s.modscript = loader;
	s.module_dirs = &o->module_dirs;
	s.batch = o->batch;
	s.user_cmds = &o->cmds;
	gdb_build_argv(&s, &argv);

	/* where kdev's loader looks: --modules, then the tree */
	for (i = 0; i < o->module_dirs.nr; i++)
		strbuf_addf(&dirs, "%s%s", dirs.len ? ":" : "",
			    o->module_dirs.v[i]);
	if (o->tree)
		strbuf_addf(&dirs, "%s%s", dirs.len ? ":" : "", o->tree);
	if (o->dry_run) {
		if (!helpers && dirs.len)
			printf("KDEV_GDB_MODULE_DIRS=%s\n", dirs.buf);
		if (sock)
			printf("KDEV_GDB_KGDB_SOCKET=%s\n", sock);
		quote_argv(&sb, argv.v);
		printf("%s\n", sb.buf);
		for (i = 1; i + 1 < argv.nr; i++)
			if (!strcmp(argv.v[i], "-ex") || !strcmp(argv.v[i], "-iex"))
				printf("(gdb) %s\n", argv.v[++i]);
		strvec_clear(&argv);
		strbuf_release(&sb);
		strbuf_release(&dirs);
		free(vmlinux);
		free(helpers);
		free(target);
		free(loader);
		free(sock);
		return 0;
	}
	if (!have_program(argv.v[0]))
		die("gdb is not installed (Debian: apt-get install gdb)");
	if (dirs.len)
		setenv("KDEV_GDB_MODULE_DIRS", dirs.buf, 1);
	if (sock) {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n <= 0)
			die_errno("cannot find the kdev binary");
		self[n] = '\0';
		setenv("KDEV_GDB_SELF", self, 1);
		setenv("KDEV_GDB_KGDB_SOCKET", sock, 1);
	}
	fflush(NULL);
	execvp(argv.v[0], argv.v);
	die_errno("cannot run '%s'", argv.v[0]);
}

int cmd_gdb(int argc, char **argv)
{
	enum { OPT_TREE = 256, OPT_VMLINUX, OPT_PORT, OPT_KGDB, OPT_MODULES,
	       OPT_NO_LX, OPT_BATCH, OPT_EX, OPT_LIST, OPT_MODULE,
	       OPT_CONTEXT, OPT_RELAY };
	static const struct option longopts[] = {
		{ "tree", required_argument, NULL, OPT_TREE },
		{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "kgdb", no_argument, NULL, OPT_KGDB },
		{ "modules", required_argument, NULL, OPT_MODULES },
		{ "no-lx", no_argument, NULL, OPT_NO_LX },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, OPT_BATCH },
		{ "ex", required_argument, NULL, OPT_EX },
		{ "list", required_argument, NULL, OPT_LIST },
		{ "module", required_argument, NULL, OPT_MODULE },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "relay", no_argument, NULL, OPT_RELAY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* static: what die() leaves behind is still reachable, not a leak */
	static struct gdb_opts o;
	static struct strvec args;
	char *end;
	long v;
	int opt, i, ret;

	memset(&o, 0, sizeof(o));
	o.port = 1234;
	o.context = 5;
	/* gdb's own "-ex CMD" spelling, and "O=DIR" as make has it */
	for (i = 0; i < argc; i++) {
		if (i && !strcmp(argv[i], "-ex")) {
			if (i + 1 >= argc)
				usage_error(gdb_usage, "option '-ex' needs a value");
			strvec_push(&args, "--ex");
			continue;
		} else if (i && starts_with(argv[i], "O=")) {
			strvec_push(&args, "--tree");
			strvec_push(&args, argv[i] + 2);
			continue;
		}
		strvec_push(&args, argv[i]);
	}
	opterr = 0;
	while ((opt = getopt_long((int)args.nr, args.v, ":hn", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case OPT_TREE:
			if (!is_dir(optarg))
				usage_error(gdb_usage, "--tree: '%s' is not a "
					    "directory", optarg);
			o.tree = optarg;
			break;
		case OPT_VMLINUX:
			o.vmlinux = optarg;
			break;
		case OPT_PORT:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 65535)
				usage_error(gdb_usage, "--port takes 1-65535, not "
					    "'%s'", optarg);
			o.port = (int)v;
			break;
		case OPT_KGDB:
			o.kgdb = 1;
			/* an optional operand: the socket */
			if (optind < (int)args.nr && args.v[optind][0] != '-')
				o.kgdb_sock = args.v[optind++];
			break;
		case OPT_MODULES:
			if (!is_dir(optarg))
				usage_error(gdb_usage, "--modules: '%s' is not a "
					    "directory", optarg);
			strvec_push(&o.module_dirs, optarg);
			break;
		case OPT_NO_LX:
			o.no_lx = 1;
			break;
		case 'n':
			o.dry_run = 1;
			break;
		case OPT_BATCH:
			o.batch = 1;
			break;
		case OPT_EX:
			strvec_push(&o.cmds, optarg);
			break;
		case OPT_LIST:
			o.list = optarg;
			break;
		case OPT_MODULE:
			if (!is_file(optarg))
				usage_error(gdb_usage, "--module: no file '%s'",
					    optarg);
			o.module = optarg;
			break;
		case OPT_CONTEXT:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 0 || v > 10000)
				usage_error(gdb_usage, "--context takes a number "
					    "of lines, not '%s'", optarg);
			o.context = (int)v;
			break;
		case OPT_RELAY:
			strvec_clear(&args);
			return do_relay();
		case 'h':
			strvec_clear(&args);
			return usage_help(gdb_usage);
		default:
			usage_bad_option(gdb_usage, opt, args.v);
		}
	}
	if (optind < (int)args.nr)
		usage_error(gdb_usage, "unexpected argument '%s'",
			    args.v[optind]);
	if (o.list && (o.kgdb || o.batch || o.cmds.nr || o.dry_run))
		usage_error(gdb_usage, "--list needs no guest: it takes no "
			    "--kgdb, --batch, -ex or --dry-run");
	if (o.module && !o.list)
		usage_error(gdb_usage, "--module goes with --list; for a live "
			    "guest use --modules DIR");
	ret = o.list ? do_list(&o) : do_attach(&o);
	strvec_clear(&o.module_dirs);
	strvec_clear(&o.cmds);
	strvec_clear(&args);
	return ret;
}

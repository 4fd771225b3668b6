// SPDX-License-Identifier: GPL-2.0
/*
 * kdev: one program for the Linux kernel contributor's loop.
 * Global options, the command table and dispatch (bpftool/git style).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kdev.h"
#include "lib/error.h"

int kdev_color;

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const struct cmd commands[] = {
	{ "decode", cmd_decode,
	  "resolve a kernel oops or call trace to source lines" },
	{ "run", cmd_run,
	  "boot a kernel in QEMU and run a command in it" },
	{ "rootfs", cmd_rootfs, "make a root filesystem for kdev run --root" },
	{ "config", cmd_config, "configure a kernel tree: presets, set, why, which" },
	{ "build", cmd_build, "build a kernel tree with a progress line" },
	{ "install", cmd_install,
	  "install a built kernel: modules, /boot, initramfs, boot menu" },
	{ "list", cmd_list, "list the installed kernels" },
	{ "remove", cmd_remove, "remove kernels that kdev installed" },
	{ "dyndbg", cmd_dyndbg,
	  "turn on pr_debug output: checked queries, counts, boot forms" },
	{ "dmesg", cmd_dmesg,
	  "read the kernel log with reports decoded inline" },
	{ "gdb", cmd_gdb, "gdb on a kdev run guest; list the source at sym+off" },
	{ "time", cmd_time, "time each line of a shell script" },
	{ "maintainers", cmd_maintainers,
	  "who to send a patch to, and which tree to base it on" },
	{ "patch", cmd_patch,
	  "check patches; send them to the right people" },
	{ "doctor", cmd_doctor,
	  "check the tools, packages, KVM and tree kdev needs" },
	{ "attach", cmd_attach,
	  "another shell, or a command, in a running kdev run guest" },
	{ "trace", cmd_trace,
	  "run a command under ftrace: its kernel calls with file:line" },
	{ "help", cmd_help, "show help for kdev or one of its commands" },
	{ "version", cmd_version, "print the version of kdev" },
};

static const char kdev_usage[] =
	"usage: kdev [-C DIR] [--color=WHEN] [--version] [--help]\n"
	"            COMMAND [ARGS]\n";

static void print_usage(FILE *fp)
{
	size_t i;

	fputs(kdev_usage, fp);
	fputs("\ncommands:\n", fp);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "   %-12s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\nglobal options:\n"
	      "   -C DIR          run as if started in DIR\n"
	      "   --color=WHEN    colour output: auto (default), always, never\n"
	      "   --version       print the version\n"
	      "   -h, --help      this text\n"
	      "\n'kdev COMMAND --help' shows a command's options; "
	      "'man kdev-COMMAND' its manual.\n", fp);
}

int usage_help(const char *usage)
{
	fputs(usage, stdout);
	return 0;
}

void usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage, stderr);
	exit(2);
}

void usage_bad_option(const char *usage, int opt, char **argv)
{
	const char *arg = argv[optind - 1];
	int is_long = arg && arg[0] == '-' && arg[1] == '-';
	int len = is_long ? (int)strcspn(arg, "=") : 0;

	if (opt == ':') {
		if (is_long)
			usage_error(usage, "option '%.*s' needs a value", len, arg);
		usage_error(usage, "option '-%c' needs a value", optopt);
	}
	if (is_long)
		usage_error(usage, "unknown option '%.*s'", len, arg);
	usage_error(usage, "unknown option '-%c'", optopt);
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		usage_error("usage: kdev version\n", "too many arguments");
	printf("kdev version %s\n", KDEV_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	const struct cmd *c;
	char *args[] = { NULL, "--help", NULL };

	if (argc < 2) {
		print_usage(stdout);
		return 0;
	}
	c = find_cmd(argv[1]);
	if (!c)
		usage_error(kdev_usage, "'%s' is not a kdev command", argv[1]);
	if (c->fn == cmd_help || c->fn == cmd_version) {
		print_usage(stdout);
		return 0;
	}
	args[0] = (char *)c->name;
	optind = 0;
	return c->fn(2, args);
}

static int color_from(const char *when)
{
	if (!strcmp(when, "always"))
		return 1;
	if (!strcmp(when, "never"))
		return 0;
	if (!strcmp(when, "auto"))
		return getenv("NO_COLOR") && *getenv("NO_COLOR") ? 0 :
		       isatty(1) && getenv("TERM") &&
		       strcmp(getenv("TERM"), "dumb");
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd *c;
	int opt;

	kdev_color = color_from("auto");
	opterr = 0;
	/* '+': stop at the command name, its options are its own */
	while ((opt = getopt_long(argc, argv, "+:hC:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("kdev version %s\n", KDEV_VERSION);
			return 0;
		case 'C':
			if (chdir(optarg))
				die_errno("cannot change to '%s'", optarg);
			break;
		case 'c':
			kdev_color = color_from(optarg);
			if (kdev_color < 0)
				usage_error(kdev_usage,
					    "--color takes auto, always or never, not '%s'",
					    optarg);
			break;
		default:
			usage_bad_option(kdev_usage, opt, argv);
		}
	}
	if (optind >= argc) {
		print_usage(stderr);
		return 2;
	}
	c = find_cmd(argv[optind]);
	if (!c)
		usage_error(kdev_usage, "'%s' is not a kdev command; see 'kdev help'",
			    argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0;
	return c->fn(argc, argv);
}

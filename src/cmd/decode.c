// SPDX-License-Identifier: GPL-2.0
/*
 * kdev decode: print kernel console text back with every call-trace
 * frame resolved to function, file:line and inline chain. The work is
 * done by src/decode/decoder.c; this is the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../decode/decoder.h"
#include "../kdev.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/strbuf.h"

static const char decode_usage[] =
	"usage: kdev decode [--vmlinux FILE] [--modules DIR]... [--tree DIR]\n"
	"                   [--sysroot DIR] [--list[=N]] [--json] [FILE...]\n"
	"\n"
	"Read kernel console text (dmesg, journal, serial log) from FILEs or\n"
	"standard input and print it back with every call-trace frame\n"
	"resolved to function, file:line and its inline chain.\n"
	"\n"
	"   --vmlinux FILE   vmlinux with debug info (default: found from the\n"
	"                    release in the oops, see kdev-decode(1))\n"
	"   --modules DIR    search DIR recursively for module objects\n"
	"                    (.ko, .ko.xz, .ko.zst, .o); may be repeated\n"
	"   --tree DIR       kernel tree (or O= build directory): its vmlinux,\n"
	"                    modules and sources; paths are shown relative to it\n"
	"   --sysroot DIR    look for /usr/lib/debug, /lib/modules and /boot\n"
	"                    below DIR instead of /\n"
	"   --list[=N]       show the source around each resolved line, N lines\n"
	"                    before and after it (default 3)\n"
	"   --json           print the reports as JSON\n"
	"   -h, --help       this text\n";

int cmd_decode(int argc, char **argv)
{
	enum { OPT_SYSROOT = 256 };
	static const struct option longopts[] = {
		{ "vmlinux", required_argument, NULL, 'k' },
		{ "modules", required_argument, NULL, 'm' },
		{ "tree", required_argument, NULL, 't' },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "list", optional_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct decode_options o = DECODE_OPTIONS_INIT;
	struct decoder *d;
	int opt, i, ret = 0, failed, errors_before = error_count;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			o.vmlinux = optarg;
			break;
		case 'm':
			if (!is_dir(optarg))
				usage_error(decode_usage,
					    "--modules: '%s' is not a directory",
					    optarg);
			strvec_push(&o.modules, optarg);
			break;
		case 't':
			if (!is_dir(optarg))
				usage_error(decode_usage,
					    "--tree: '%s' is not a directory",
					    optarg);
			o.tree = optarg;
			break;
		case OPT_SYSROOT:
			o.sysroot = optarg;
			break;
		case 'l':
			o.list = 3;
			if (optarg) {
				char *end;
				long n = strtol(optarg, &end, 10);

				if (*end || n < 0 || n > 1000)
					usage_error(decode_usage,
						    "--list takes a number of lines, not '%s'",
						    optarg);
				o.list = (int)n;
			}
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			strvec_clear(&o.modules);
			return usage_help(decode_usage);
		default:
			usage_bad_option(decode_usage, opt, argv);
		}
	}
	if (o.vmlinux && !is_file(o.vmlinux)) {
		error("cannot open '%s': no such file", o.vmlinux);
		strvec_clear(&o.modules);
		return 1;
	}
	o.color = kdev_color;
	d = decoder_new(&o);
	for (i = optind; i < argc || (i == optind && optind == argc); i++) {
		struct strbuf text = STRBUF_INIT;
		const char *name = i < argc ? argv[i] : "-";
		int stdin_input = !strcmp(name, "-");

		if (stdin_input && isatty(0))
			note("reading the oops from the terminal; end it with Ctrl-D");
		if (stdin_input ? read_fd(0, &text) : read_file(name, &text)) {
			error_errno("cannot read '%s'", name);
			strbuf_release(&text);
			ret = 1;
			continue;
		}
		decoder_input(d, stdin_input ? "<stdin>" : name, text.buf,
			      text.len, stdout);
		strbuf_release(&text);
	}
	decoder_finish(d, stdout);
	if (!decoder_frames(d, &failed) && !ret) {
		warning("no call trace found in the input; "
			"it was passed through unchanged");
		ret = 1;
	}
	if (failed || error_count > errors_before)
		ret = 1;
	decoder_free(d);
	strvec_clear(&o.modules);
	return ret;
}

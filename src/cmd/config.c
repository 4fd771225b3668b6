// SPDX-License-Identifier: GPL-2.0
/*
 * kdev config: configure a kernel tree with kdev's own Kconfig
 * implementation (src/kconfig/), without make, and answer questions
 * about it: why an option is not set, which option builds a file.
 *
 * Every command that changes .config loads the tree's Kconfig, reads
 * .config (or the defaults Kconfig would start from), applies what it
 * was asked, resolves it with olddefconfig semantics, writes it
 * atomically keeping .config.old, and then reports each requested
 * value that did not stick, with the reason.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../kdev.h"
#include "../kconfig/dotconfig.h"
#include "../kconfig/explain.h"
#include "../kconfig/kbuild.h"
#include "../kconfig/kconfig.h"
#include "../kconfig/localmod.h"
#include "../kconfig/presets.h"
#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"

static const char config_usage[] =
	"usage: kdev config <command> [options] [VAR=VALUE...] [ARGS...]\n"
	"\n"
	"Configure the kernel tree in the current directory (or --tree DIR,\n"
	"kdev -C DIR) as the kernel's Kconfig does, without make.\n"
	"\n"
	"commands:\n"
	"   olddefconfig         update .config: new symbols get their defaults\n"
	"   set SYM=VAL...       set values, then resolve (olddefconfig)\n"
	"   unset SYM...         bool/tristate: n; int/hex/string: back to default\n"
	"   merge FRAGMENT...    lay config fragments over .config\n"
	"   preset NAME...       lay built-in fragments over .config\n"
	"                        (debug, vm, kasan, lockdep, kgdb; --list, --print)\n"
	"   enable SYM[=y|m]...  turn options on (--deps: and what they need)\n"
	"   why SYM...           value, dependencies, selects, defaults of SYM\n"
	"   which PATH...        the options that decide whether PATH is built\n"
	"                        (--enable[=y|m]: turn them on)\n"
	"   diff [A [B]]         the sorted difference of two configs\n"
	"                        (default: .config.old and .config)\n"
	"   from-running         .config from the running kernel's, resolved\n"
	"                        for this tree (--localmod: only the modules\n"
	"                        loaded now, or listed in a file)\n"
	"\n"
	"options:\n"
	"   --tree DIR           the kernel source tree (default: here)\n"
	"   -n, --dry-run        change nothing: show what would change\n"
	"   --json               print JSON\n"
	"   --deps               enable: also turn on what each SYM needs\n"
	"   --list, --print      preset: list the presets, print their lines\n"
	"   --from FILE          from-running: start from FILE instead\n"
	"   --localmod[=FILE]    from-running: keep as m only the modules of\n"
	"                        /proc/modules (=FILE: those FILE names, one\n"
	"                        a line; give both for both)\n"
	"   -h, --help           this text\n"
	"\n"
	"variables, as make takes them:\n"
	"   O=DIR                build directory (default: $KBUILD_OUTPUT, or\n"
	"                        the source tree)\n"
	"   ARCH=ARCH            architecture (default: $ARCH, or this machine's)\n"
	"   CC=CC, CROSS_COMPILE=PREFIX, LLVM=1\n"
	"                        the toolchain Kconfig probes\n"
	"\n"
	"KCONFIG_CONFIG names the .config file (relative to the build\n"
	"directory), CONFIG_ its symbol prefix. 'man kdev-config' has more.\n";

enum subcmd {
	SC_OLDDEFCONFIG, SC_SET, SC_UNSET, SC_MERGE, SC_PRESET, SC_ENABLE,
	SC_WHY, SC_WHICH, SC_DIFF, SC_FROM_RUNNING,
};

static const struct {
	const char *name;
	enum subcmd sc;
} subcmds[] = {
	{ "olddefconfig", SC_OLDDEFCONFIG },
	{ "set", SC_SET },
	{ "unset", SC_UNSET },
	{ "merge", SC_MERGE },
	{ "preset", SC_PRESET },
	{ "enable", SC_ENABLE },
	{ "why", SC_WHY },
	{ "which", SC_WHICH },
	{ "diff", SC_DIFF },
	{ "from-running", SC_FROM_RUNNING },
};

struct config_args {
	enum subcmd sc;
	struct kconfig_opts opts;
	const char *objtree;
	const char *tree;
	char *srctree;
	char *obj_abs;			/* O= made absolute for --tree */
	struct strvec args;		/* the command's own arguments */
	int dry_run, json, deps, list, print;
	int bool_m_is_y;		/* enable: SYM=m means y for a bool */
	const char *from;		/* from-running --from FILE */
	int localmod_proc;		/* --localmod: /proc/modules */
	struct strvec localmod_files;	/* --localmod=FILE... */
	/* finish(): more members of the JSON object */
	void (*json_extra)(struct json_writer *jw, void *data);
	void *extra;
};

/* Options, VAR=VALUE as make takes them, and the command's arguments. */
static void parse_args(struct config_args *a, int argc, char **argv)
{
	int i, dashdash = 0;

	for (i = 2; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (dashdash || arg[0] != '-' || !arg[1]) {
			if (!dashdash && skip_prefix(arg, "O=", &v))
				a->objtree = v;
			else if (!dashdash && skip_prefix(arg, "ARCH=", &v))
				a->opts.arch = v;
			else if (!dashdash && skip_prefix(arg, "CC=", &v))
				a->opts.cc = v;
			else if (!dashdash &&
				 skip_prefix(arg, "CROSS_COMPILE=", &v))
				a->opts.cross_compile = v;
			else if (!dashdash && skip_prefix(arg, "LLVM=", &v))
				a->opts.llvm = *v && strcmp(v, "0");
			else
				strvec_push(&a->args, arg);
		} else if (!strcmp(arg, "--")) {
			dashdash = 1;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			exit(usage_help(config_usage));
		} else if (!strcmp(arg, "-n") || !strcmp(arg, "--dry-run")) {
			a->dry_run = 1;
		} else if (!strcmp(arg, "--json")) {
			a->json = 1;
		} else if (!strcmp(arg, "--deps") && a->sc == SC_ENABLE) {
			a->deps = 1;
		} else if (!strcmp(arg, "--list") && a->sc == SC_PRESET) {
			a->list = 1;
		} else if (!strcmp(arg, "--print") && a->sc == SC_PRESET) {
			a->print = 1;
		} else if (!strcmp(arg, "--from") && i + 1 < argc &&
			   a->sc == SC_FROM_RUNNING) {
			a->from = argv[++i];
		} else if (skip_prefix(arg, "--from=", &v) &&
			   a->sc == SC_FROM_RUNNING) {
			a->from = v;
		} else if (!strcmp(arg, "--localmod") &&
			   a->sc == SC_FROM_RUNNING) {
			a->localmod_proc = 1;
		} else if (skip_prefix(arg, "--localmod=", &v) &&
			   a->sc == SC_FROM_RUNNING) {
			if (!*v)
				usage_error(config_usage, "--localmod= needs a file");
			strvec_push(&a->localmod_files, v);
		} else if (!strcmp(arg, "--tree") && i + 1 < argc) {
			a->tree = argv[++i];
		} else if (skip_prefix(arg, "--tree=", &v)) {
			a->tree = v;
		} else {
			usage_error(config_usage, "unknown option '%s' for config %s",
				    arg, argv[1]);
		}
	}
}

/*
 * The source tree is --tree, the current directory, or, in a build
 * directory made with O=, the tree its "source" link points to.
 */
static int find_tree(struct config_args *a)
{
	const char *out = a->objtree;
	if (!out || !*out)
		out = getenv("KBUILD_OUTPUT");
	if (a->tree) {
		struct strbuf k = STRBUF_INIT;

		strbuf_addf(&k, "%s/Kconfig", a->tree);
		if (!is_file(k.buf)) {
			strbuf_release(&k);
			return error("no Kconfig in '%s': --tree takes a kernel source tree",
				     a->tree);
		}
		strbuf_release(&k);
		/* O= is relative to where kdev was started, as for make */
		if (out && *out && out[0] != '/') {
			char *cwd = getcwd(NULL, 0);

			if (!cwd)
				return error_errno("cannot get the current directory");
			out = a->obj_abs = xasprintf("%s/%s", cwd, out);
			free(cwd);
		}
		if (chdir(a->tree))
			return error_errno("cannot enter '%s'", a->tree);
		a->srctree = xstrdup(".");
	} else if (is_file("Kconfig") && is_file("Makefile")) {
		a->srctree = xstrdup(".");
	} else if (is_file("source/Kconfig")) {
		a->srctree = xstrdup("source");
		if (!out || !*out)
			out = ".";
	} else {
		return error("no Kconfig here: run kdev config in a kernel source tree (or give --tree DIR)");
	}
	a->opts.srctree = a->srctree;
	if (out && *out) {
		if (mkdir_p(out))
			return -1;
		a->opts.objtree = out;
	}
	return 0;
}

/*
 * Without a .config, Kconfig starts from the first of
 * KCONFIG_DEFCONFIG_LIST that exists; the kernel's Makefile sets it to
 * the running kernel's config, then the architecture's defconfig.
 */
static const char *defconfig_fallback(struct kconfig *kc, struct strbuf *buf)
{
	struct utsname u;
	const char *cands[4];
	size_t i, n = 0;

	if (!uname(&u)) {
		strbuf_addf(buf, "/lib/modules/%s/.config", u.release);
		strbuf_addch(buf, '\0');
		strbuf_addf(buf, "/boot/config-%s", u.release);
		cands[n++] = buf->buf;
		cands[n++] = "/etc/kernel-config";
		cands[n++] = buf->buf + strlen(buf->buf) + 1;
	}
	cands[n++] = kconfig_defconfig_path(kc);
	for (i = 0; i < n; i++)
		if (cands[i] && is_file(cands[i]))
			return cands[i];
	return NULL;
}

/* Where to start from when there is no .config */
enum start {
	START_DEFCONFIG,	/* the architecture's defconfig */
	START_MAKE_LIST,	/* make's list: the running kernel's first */
};

/*
 * Load the tree and read .config (or where @start says), computed.
 * *@warnings (when not NULL): Kconfig's warnings before the .config.
 */
static struct kconfig *load(struct config_args *a, enum start start,
			    int quiet, int *warnings)
{
	struct strbuf buf = STRBUF_INIT;
	const char *path, *from;
	struct kconfig *kc;

	if (find_tree(a))
		return NULL;
	kc = kconfig_load(&a->opts);
	if (!kc)
		return NULL;
	if (warnings)
		*warnings = kconfig_warnings(kc);
	path = from = kconfig_config_path(kc);
	if (!is_file(path)) {
		if (start == START_MAKE_LIST) {
			from = defconfig_fallback(kc, &buf);
		} else {
			from = kconfig_defconfig_path(kc);
			if (from && !is_file(from))
				from = NULL;
		}
		if (from && !quiet)
			note(start == START_MAKE_LIST ?
			     "no %s: using defaults found in %s" :
			     "no %s: starting from %s", path, from);
	}
	if (from && kconfig_read(kc, from, false)) {
		kconfig_free(kc);
		kc = NULL;
	} else {
		kconfig_calc(kc);
	}
	strbuf_release(&buf);
	return kc;
}

static void snapshot(struct kconfig *kc, struct dotconfig *dc);
static void print_diff_text(struct dotconfig_diff *d, size_t n, FILE *fp);
static void json_diff(struct json_writer *jw, const char *key,
		      struct dotconfig_diff *d, size_t n);

/* --json, --dry-run: what olddefconfig changes in the file on disk */
static void olddefconfig_report(struct config_args *a, struct kconfig *kc)
{
	struct dotconfig old = DOTCONFIG_INIT, new = DOTCONFIG_INIT;
	const char *path = kconfig_config_path(kc);
	struct dotconfig_diff *d;
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	size_t n;

	if (is_file(path))
		dotconfig_read(&old, path, kconfig_prefix());
	snapshot(kc, &new);
	n = dotconfig_diff(&old, &new, &d);
	if (a->json) {
		json_init(&jw, &out, 1);
		json_object_begin(&jw, NULL);
		json_string(&jw, "config", path);
		json_bool(&jw, "written", !a->dry_run);
		json_diff(&jw, "changes", d, n);
		json_object_end(&jw);
		fwrite(out.buf, 1, out.len, stdout);
	} else {
		print_diff_text(d, n, stdout);
		note("dry run: %s not written (%zu change%s)", path, n,
		     n == 1 ? "" : "s");
	}
	free(d);
	dotconfig_release(&old);
	dotconfig_release(&new);
	strbuf_release(&out);
}

/* make olddefconfig: read .config, give new symbols their defaults. */
static int config_olddefconfig(struct config_args *a)
{
	const char *werror = getenv("KCONFIG_WERROR");
	const char *path;
	struct kconfig *kc;
	int ret = 1, warnings;

	/* KCONFIG_WERROR is about the .config and the values, as in
	   Kconfig, not about the Kconfig files */
	kc = load(a, START_MAKE_LIST, 0, &warnings);
	if (!kc)
		return 1;
	path = kconfig_config_path(kc);
	if (werror && *werror && kconfig_warnings(kc) > warnings) {
		error("warnings are errors (KCONFIG_WERROR): %s not written",
		      path);
		goto out;
	}
	if (a->json || a->dry_run)
		olddefconfig_report(a, kc);
	if (!a->dry_run && kconfig_write(kc, path, true))
		goto out;
	ret = 0;
out:
	kconfig_free(kc);
	return ret;
}

/* ---- applying values and reporting what did not stick ---- */

struct request {
	char *name;		/* without CONFIG_ */
	char *value;		/* as in .config: y, m, n, 42, "str" */
	char *origin;		/* "command line", "fragment.config:12" */
};

struct requests {
	struct request *v;
	size_t nr, alloc;
};

static void add_request(struct requests *r, const char *name,
			const char *value, const char *origin)
{
	size_t i;

	/* a later request for the same symbol replaces the earlier one */
	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->v[i].name, name))
			break;
	if (i == r->nr) {
		ALLOC_GROW(r->v, r->nr + 1, r->alloc);
		r->nr++;
	} else {
		free(r->v[i].name);
		free(r->v[i].value);
		free(r->v[i].origin);
	}
	r->v[i].name = xstrdup(name);
	r->v[i].value = xstrdup(value);
	r->v[i].origin = xstrdup(origin);
}

static void requests_release(struct requests *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].name);
		free(r->v[i].value);
		free(r->v[i].origin);
	}
	free(r->v);
}

/* Every assignment of a fragment text is a request. */
static void fragment_requests(struct requests *r, const char *text,
			      size_t len, const char *name)
{
	struct dotconfig dc = DOTCONFIG_INIT;
	size_t i;

	dotconfig_parse(&dc, text, len, NULL, dotconfig_prefix());
	for (i = 0; i < dc.nr; i++) {
		char *origin = xasprintf("%s:%d", name, dc.v[i].line);

		add_request(r, dc.v[i].name, dc.v[i].value, origin);
		free(origin);
	}
	dotconfig_release(&dc);
}

/* SYM=VAL, CONFIG_SYM=VAL or SYM (= y) */
static int split_assignment(const char *arg, char **name, char **value,
			    const char *dflt)
{
	const char *eq = strchr(arg, '='), *p;
	const char *prefix = dotconfig_prefix();
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);

	if (!strncmp(arg, prefix, strlen(prefix)) && n > strlen(prefix)) {
		arg += strlen(prefix);
		n -= strlen(prefix);
	}
	for (p = arg; p < arg + n; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return error("'%s' is not SYMBOL=VALUE", arg);
	if (!n)
		return error("'%s' is not SYMBOL=VALUE", arg);
	if (!eq && !dflt)
		return error("'%s' has no value: write %.*s=VALUE", arg,
			     (int)n, arg);
	*name = xstrndup(arg, n);
	*value = xstrdup(eq ? eq + 1 : dflt);
	return 0;
}

static void snapshot(struct kconfig *kc, struct dotconfig *dc)
{
	struct strbuf sb = STRBUF_INIT;

	kconfig_format(kc, &sb);
	dotconfig_parse(dc, sb.buf, sb.len, NULL, kconfig_prefix());
	strbuf_release(&sb);
}

static void print_diff_text(struct dotconfig_diff *d, size_t n, FILE *fp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (d[i].change) {
		case DC_REMOVED:
			fprintf(fp, "-%s %s\n", d[i].name, d[i].old);
			break;
		case DC_ADDED:
			fprintf(fp, "+%s %s\n", d[i].name, d[i].new);
			break;
		case DC_CHANGED:
			fprintf(fp, " %s %s -> %s\n", d[i].name, d[i].old,
				d[i].new);
			break;
		}
	}
}

static void json_diff(struct json_writer *jw, const char *key,
		      struct dotconfig_diff *d, size_t n)
{
	size_t i;

	json_array_begin(jw, key);
	for (i = 0; i < n; i++) {
		json_object_begin(jw, NULL);
		json_string(jw, "symbol", d[i].name);
		if (d[i].old)
			json_string(jw, "old", d[i].old);
		else
			json_null(jw, "old");
		if (d[i].new)
			json_string(jw, "new", d[i].new);
		else
			json_null(jw, "new");
		json_object_end(jw);
	}
	json_array_end(jw);
}

/*
 * Resolve, write (unless --dry-run), print what changed and what did
 * not stick. Returns the exit status: 1 when a request did not stick.
 */
static int finish(struct config_args *a, struct kconfig *kc,
		  struct dotconfig *before, struct requests *req,
		  struct strvec *steps)
{
	struct dotconfig after = DOTCONFIG_INIT;
	struct dotconfig_diff *d;
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT, val = STRBUF_INIT;
	struct json_writer jw;
	const char *prefix = kconfig_prefix();
	size_t n, i;
	int ret = 0, written = 0;

	kconfig_calc(kc);
	snapshot(kc, &after);
	n = dotconfig_diff(before, &after, &d);
	if (!a->dry_run) {
		if (kconfig_write(kc, kconfig_config_path(kc), true))
			ret = -1;
		else
			written = 1;
	}
	if (a->json) {
		json_init(&jw, &out, 1);
		json_object_begin(&jw, NULL);
		json_string(&jw, "config", kconfig_config_path(kc));
		json_bool(&jw, "written", written);
		json_bool(&jw, "dry_run", a->dry_run);
		if (a->json_extra)
			a->json_extra(&jw, a->extra);
		if (steps) {
			json_array_begin(&jw, "set");
			for (i = 0; i < steps->nr; i++)
				json_string(&jw, NULL, steps->v[i]);
			json_array_end(&jw);
		}
		json_diff(&jw, "changes", d, n);
		json_array_begin(&jw, "not_applied");
	}
	for (i = 0; i < req->nr; i++) {
		struct request *r = &req->v[i];
		struct ksym *sym = kconfig_lookup(kc, r->name);

		strbuf_reset(&why);
		strbuf_reset(&val);
		if (!sym || sym->type == KS_UNKNOWN) {
			strbuf_addstr(&why, "no Kconfig file of this tree defines it");
			strbuf_addch(&val, '?');
		} else if (kconfig_explain(sym, r->value, &why)) {
			continue;
		} else {
			ksym_config_value(sym, &val);
		}
		if (!ret)
			ret = 1;
		if (a->json) {
			json_object_begin(&jw, NULL);
			json_string(&jw, "symbol", r->name);
			json_string(&jw, "requested", r->value);
			json_string(&jw, "value", val.buf);
			json_string(&jw, "origin", r->origin);
			json_string(&jw, "reason", why.buf);
			json_object_end(&jw);
		} else {
			warning("%s%s=%s did not stick (now %s; %s): %s",
				prefix, r->name, r->value, val.buf, r->origin,
				why.buf);
		}
	}
	if (ret < 0)
		ret = 1;
	if (a->json) {
		json_array_end(&jw);
		json_object_end(&jw);
		fwrite(out.buf, 1, out.len, stdout);
	} else {
		print_diff_text(d, n, stdout);
		if (steps && steps->nr) {
			struct strbuf sb = STRBUF_INIT;

			for (i = 0; i < steps->nr; i++)
				strbuf_addf(&sb, " %s", steps->v[i]);
			note("set%s", sb.buf);
			strbuf_release(&sb);
		}
		if (a->dry_run)
			note("dry run: %s not written (%zu change%s)",
			     kconfig_config_path(kc), n, n == 1 ? "" : "s");
		else if (written && !n)
			note("%s: nothing changed", kconfig_config_path(kc));
	}
	free(d);
	dotconfig_release(&after);
	strbuf_release(&out);
	strbuf_release(&why);
	strbuf_release(&val);
	return ret;
}

static int config_apply(struct config_args *a)
{
	struct requests req = { 0 };
	struct dotconfig before = DOTCONFIG_INIT;
	struct strvec steps = STRVEC_INIT;
	struct kconfig *kc;
	size_t i;
	int ret = 0;

	if (!a->args.nr && !(a->sc == SC_PRESET && a->list))
		usage_error(config_usage, "config %s: nothing to do",
			    subcmds[a->sc].name);
	kc = load(a, START_DEFCONFIG, a->json, NULL);
	if (!kc)
		return 1;
	snapshot(kc, &before);
	for (i = 0; i < a->args.nr && !ret; i++) {
		const char *arg = a->args.v[i];
		char *name = NULL, *value = NULL, *uv;

		switch (a->sc) {
		case SC_SET:
		case SC_UNSET:
			if (a->sc == SC_SET ?
			    split_assignment(arg, &name, &value, NULL) :
			    split_assignment(arg, &name, &value, "n")) {
				ret = 2;
				break;
			}
			if (a->sc == SC_UNSET && strchr(arg, '=')) {
				ret = error("unset takes names, not '%s'", arg);
				break;
			}
			if (!kconfig_lookup(kc, name) ||
			    kconfig_lookup(kc, name)->type == KS_UNKNOWN) {
				ret = error("unknown symbol '%s': no Kconfig file of this tree defines it (kdev config why %s)",
					    name, name);
				break;
			}
			if (a->sc == SC_UNSET &&
			    kconfig_lookup(kc, name)->type != KS_BOOL &&
			    kconfig_lookup(kc, name)->type != KS_TRISTATE) {
				/* back to the default: no request */
				if (kconfig_set_user(kc, name, NULL))
					ret = 1;
				break;
			}
			uv = kconfig_unquote(value);
			if (kconfig_set_user(kc, name, uv))
				ret = 1;
			else
				add_request(&req, name, value, "command line");
			free(uv);
			break;
		case SC_MERGE: {
			struct strbuf sb = STRBUF_INIT;

			if (read_file(arg, &sb)) {
				ret = error_errno("cannot read fragment '%s'",
						  arg);
			} else {
				fragment_requests(&req, sb.buf, sb.len, arg);
				if (kconfig_read_text(kc, arg, sb.buf, sb.len,
						      true))
					ret = 1;
			}
			strbuf_release(&sb);
			break;
		}
		case SC_PRESET: {
			const struct kconfig_preset *p =
				kconfig_preset_find(arg);
			struct strbuf sb = STRBUF_INIT;
			char *origin;
			size_t j;

			if (!p) {
				ret = error("no preset '%s' (kdev config preset --list)",
					    arg);
				break;
			}
			for (j = 0; p->lines[j]; j++) {
				strbuf_addstr(&sb, p->lines[j]);
				strbuf_addch(&sb, '\n');
			}
			origin = xasprintf("preset %s", arg);
			fragment_requests(&req, sb.buf, sb.len, origin);
			if (kconfig_read_text(kc, origin, sb.buf, sb.len, true))
				ret = 1;
			free(origin);
			strbuf_release(&sb);
			break;
		}
		default: {
			/* enable */
			struct strbuf why = STRBUF_INIT;
			struct ksym *sym;
			enum tristate want;

			if (split_assignment(arg, &name, &value, "y")) {
				ret = 2;
				break;
			}
			sym = kconfig_lookup(kc, name);
			if (!sym || sym->type == KS_UNKNOWN) {
				ret = error("unknown symbol '%s': no Kconfig file of this tree defines it",
					    name);
				break;
			}
			if (strcmp(value, "y") && strcmp(value, "m")) {
				ret = error("enable %s=%s: enable takes y or m (use kdev config set for other values)",
					    name, value);
				break;
			}
			/* which --enable: m is for the tristates */
			if (sym->type == KS_BOOL && !strcmp(value, "m")) {
				if (!a->bool_m_is_y) {
					ret = error("%s is a bool: it cannot be m (enable %s=y)",
						    name, name);
					break;
				}
				value[0] = 'y';
			}
			want = !strcmp(value, "m") ? mod : yes;
			if (kconfig_enable(kc, sym, want, a->deps, &steps,
					   &why)) {
				ret = error("cannot enable %s: %s", name,
					    why.buf);
			} else {
				add_request(&req, name, value,
					    "command line");
			}
			strbuf_release(&why);
		}
		}
		free(name);
		free(value);
	}
	if (!ret)
		ret = finish(a, kc, &before, &req,
			     a->sc == SC_ENABLE ? &steps : NULL);
	else
		ret = 1;
	dotconfig_release(&before);
	requests_release(&req);
	strvec_clear(&steps);
	kconfig_free(kc);
	return ret;
}

/* ---- preset --list / --print ---- */

static int config_preset_info(struct config_args *a)
{
	const struct kconfig_preset *p;
	size_t i, j, nr;

	if (a->json) {
		const struct kconfig_preset *all = kconfig_preset_list(&nr);
		struct strbuf out = STRBUF_INIT;
		struct json_writer jw;

		json_init(&jw, &out, 1);
		json_array_begin(&jw, NULL);
		for (i = 0; i < nr; i++) {
			if (a->args.nr) {
				for (j = 0; j < a->args.nr; j++)
					if (!strcmp(a->args.v[j], all[i].name))
						break;
				if (j == a->args.nr)
					continue;
			}
			json_object_begin(&jw, NULL);
			json_string(&jw, "name", all[i].name);
			json_string(&jw, "summary", all[i].summary);
			if (all[i].arch)
				json_string(&jw, "arch", all[i].arch);
			else
				json_null(&jw, "arch");
			json_array_begin(&jw, "lines");
			for (j = 0; all[i].lines[j]; j++)
				json_string(&jw, NULL, all[i].lines[j]);
			json_array_end(&jw);
			json_string(&jw, "help", all[i].help);
			json_object_end(&jw);
		}
		json_array_end(&jw);
		fwrite(out.buf, 1, out.len, stdout);
		strbuf_release(&out);
		return 0;
	}
	if (a->list) {
		const struct kconfig_preset *all = kconfig_preset_list(&nr);

		for (i = 0; i < nr; i++)
			printf("%-10s %s%s%s%s\n", all[i].name, all[i].summary,
			       all[i].arch ? " (" : "",
			       all[i].arch ? all[i].arch : "",
			       all[i].arch ? ")" : "");
		return 0;
	}
	if (!a->args.nr)
		usage_error(config_usage, "preset --print: which preset?");
	for (i = 0; i < a->args.nr; i++) {
		p = kconfig_preset_find(a->args.v[i]);
		if (!p) {
			error("no preset '%s' (kdev config preset --list)",
			      a->args.v[i]);
			return 1;
		}
		printf("# kdev config preset %s: %s\n", p->name, p->summary);
		for (j = 0; p->lines[j]; j++)
			printf("%s\n", p->lines[j]);
	}
	return 0;
}

/* ---- diff ---- */

static int config_diff(struct config_args *a)
{
	struct dotconfig da = DOTCONFIG_INIT, db = DOTCONFIG_INIT;
	struct dotconfig_diff *d;
	struct strbuf pa = STRBUF_INIT, pb = STRBUF_INIT, out = STRBUF_INIT;
	const char *prefix = dotconfig_prefix();
	struct json_writer jw;
	size_t n;
	int ret = 0;

	if (a->args.nr > 2)
		usage_error(config_usage, "diff takes at most two files");
	if (a->args.nr == 2) {
		strbuf_addstr(&pa, a->args.v[0]);
		strbuf_addstr(&pb, a->args.v[1]);
	} else {
		const char *dir = a->objtree ? a->objtree :
				  getenv("KBUILD_OUTPUT");
		const char *name = getenv("KCONFIG_CONFIG");

		if (!name || !*name)
			name = ".config";
		if (name[0] == '/' || !dir || !*dir)
			strbuf_addstr(&pb, name);
		else
			strbuf_addf(&pb, "%s/%s", dir, name);
		if (a->args.nr == 1)
			strbuf_addstr(&pa, a->args.v[0]);
		else
			strbuf_addf(&pa, "%s.old", pb.buf);
	}
	if (dotconfig_read(&da, pa.buf, prefix) ||
	    dotconfig_read(&db, pb.buf, prefix)) {
		ret = 1;
		goto out;
	}
	n = dotconfig_diff(&da, &db, &d);
	if (a->json) {
		json_init(&jw, &out, 1);
		json_object_begin(&jw, NULL);
		json_string(&jw, "old", pa.buf);
		json_string(&jw, "new", pb.buf);
		json_diff(&jw, "changes", d, n);
		json_object_end(&jw);
		fwrite(out.buf, 1, out.len, stdout);
	} else {
		print_diff_text(d, n, stdout);
	}
	free(d);
out:
	dotconfig_release(&da);
	dotconfig_release(&db);
	strbuf_release(&pa);
	strbuf_release(&pb);
	strbuf_release(&out);
	return ret;
}

/* ---- why ---- */

static const char *tri(enum tristate t)
{
	return tristate_name(t);
}

/* "2", or "NR_CPUS_RANGE_END [=512]" */
static void range_bound(struct strbuf *sb, struct ksym *sym)
{
	if (sym->is_const)
		strbuf_addstr(sb, sym->name);
	else
		strbuf_addf(sb, "%s [=%s]", sym->name, ksym_value(sym));
}

static void why_text(struct kconfig *kc, struct ksym *sym, struct strbuf *o)
{
	const char *prefix = kconfig_prefix();
	struct kprop *p, *prompt = ksym_prompt(sym);
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT;
	struct strvec steps = STRVEC_INIT;
	size_t i;

	strbuf_addf(o, "%s%s: %s", prefix, sym->name,
		    ksym_type_name(sym->type));
	if (prompt)
		strbuf_addf(o, " \"%s\"", prompt->text);
	else
		strbuf_addstr(o, " (no prompt)");
	strbuf_addch(o, '\n');
	ksym_config_value(sym, &sb);
	strbuf_addf(o, "  value:       %s", sb.buf);
	if (sym->has_user && sym->user.val)
		strbuf_addf(o, " (.config says %s)", sym->user.val);
	else if (sym->has_user)
		strbuf_addf(o, " (.config says %s)", tri(sym->user.tri));
	strbuf_addch(o, '\n');
	for (i = 0; i < sym->nr_menus; i++)
		strbuf_addf(o, "  defined at:  %s:%d\n", sym->menus[i]->file,
			    sym->menus[i]->line);
	if (sym->dir_dep) {
		strbuf_reset(&sb);
		kexpr_format(&sb, sym->dir_dep, true);
		strbuf_addf(o, "  depends on:  %s  -> %s\n", sb.buf,
			    tri(kexpr_calc(sym->dir_dep)));
	}
	if (prompt) {
		struct strbuf dep = STRBUF_INIT;

		kexpr_format(&dep, sym->dir_dep, true);
		strbuf_reset(&sb);
		kexpr_format(&sb, prompt->visible, true);
		if (!sym->dir_dep || strcmp(sb.buf, dep.buf))
			strbuf_addf(o, "  prompt if:   %s  -> %s\n", sb.buf,
				    tri(sym->visible));
		strbuf_release(&dep);
	}
	if (sym->flags & KSYM_CHOICEVAL) {
		struct kprop *cp = ksym_prompt(sym->choice);

		strbuf_addf(o, "  choice:      \"%s\", now %s\n",
			    cp ? cp->text : "(unnamed)",
			    sym->choice->selected ?
			    sym->choice->selected->name : "none");
	}
	strbuf_reset(&sb);
	if (ksym_format_selectors(sym, KP_SELECT, false, 0, &sb))
		strbuf_addf(o, "  selected by: %s\n", sb.buf);
	strbuf_reset(&sb);
	if (ksym_format_selectors(sym, KP_IMPLY, false, 0, &sb))
		strbuf_addf(o, "  implied by:  %s\n", sb.buf);
	for (p = sym->props; p; p = p->next) {
		const char *what = p->type == KP_SELECT ? "selects" :
				   p->type == KP_IMPLY ? "implies" :
				   p->type == KP_DEFAULT ? "default" :
				   p->type == KP_RANGE ? "range" : NULL;

		if (!what)
			continue;
		strbuf_reset(&sb);
		if (p->type == KP_RANGE) {
			range_bound(&sb, p->expr->left.sym);
			strbuf_addch(&sb, ' ');
			range_bound(&sb, p->expr->right.sym);
		} else {
			kexpr_format(&sb, p->expr, p->type == KP_DEFAULT);
		}
		strbuf_addf(o, "  %-12s %s", what, sb.buf);
		if (p->visible && !(p->visible->type == KE_SYMBOL &&
				    p->visible->left.sym->is_const &&
				    p->visible->left.sym->curr.tri == yes)) {
			strbuf_reset(&sb);
			kexpr_format(&sb, p->visible, true);
			strbuf_addf(o, " if %s", sb.buf);
		}
		strbuf_addf(o, "  (%s:%d)\n", p->file, p->line);
	}
	/* what it would take: the planner's steps, nothing changed */
	if (sym->type == KS_BOOL || sym->type == KS_TRISTATE) {
		if (sym->curr.tri != no) {
			strbuf_addstr(o, "  to turn on:  it is on\n");
		} else if (!kconfig_enable_plan(kc, sym, yes, &steps, &why)) {
			strbuf_addstr(o, "  to turn on:  kdev config enable --deps ");
			strbuf_addstr(o, sym->name);
			strbuf_addstr(o, " (sets");
			for (i = 0; i < steps.nr; i++)
				strbuf_addf(o, " %s", steps.v[i]);
			strbuf_addstr(o, ")\n");
		} else {
			strbuf_addf(o, "  to turn on:  not possible here: %s\n",
				    why.buf);
		}
	}
	strbuf_release(&sb);
	strbuf_release(&why);
	strvec_clear(&steps);
}

static void why_json(struct kconfig *kc, struct ksym *sym,
		     struct json_writer *jw)
{
	struct kprop *p, *prompt = ksym_prompt(sym);
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT;
	struct strvec steps = STRVEC_INIT;
	size_t i;

	json_object_begin(jw, NULL);
	json_string(jw, "symbol", sym->name);
	json_string(jw, "type", ksym_type_name(sym->type));
	if (prompt)
		json_string(jw, "prompt", prompt->text);
	else
		json_null(jw, "prompt");
	ksym_config_value(sym, &sb);
	json_string(jw, "value", sb.buf);
	json_bool(jw, "user_set", sym->has_user);
	json_array_begin(jw, "defined_at");
	for (i = 0; i < sym->nr_menus; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s:%d", sym->menus[i]->file,
			    sym->menus[i]->line);
		json_string(jw, NULL, sb.buf);
	}
	json_array_end(jw);
	strbuf_reset(&sb);
	kexpr_format(&sb, sym->dir_dep, true);
	json_string(jw, "depends_on", sb.buf);
	json_string(jw, "depends_value", tri(kexpr_calc(sym->dir_dep)));
	json_string(jw, "visible", tri(sym->visible));
	strbuf_reset(&sb);
	kexpr_format_unmet(&sb, prompt ? prompt->visible : sym->dir_dep, yes);
	json_string(jw, "unmet", sb.buf);
	if (sym->flags & KSYM_CHOICEVAL) {
		struct kprop *cp = ksym_prompt(sym->choice);

		json_object_begin(jw, "choice");
		json_string(jw, "prompt", cp ? cp->text : "");
		if (sym->choice->selected)
			json_string(jw, "selected",
				    sym->choice->selected->name);
		else
			json_null(jw, "selected");
		json_object_end(jw);
	}
	strbuf_reset(&sb);
	ksym_format_selectors(sym, KP_SELECT, false, 0, &sb);
	json_string(jw, "selected_by", sb.buf);
	strbuf_reset(&sb);
	ksym_format_selectors(sym, KP_IMPLY, false, 0, &sb);
	json_string(jw, "implied_by", sb.buf);
	json_array_begin(jw, "properties");
	for (p = sym->props; p; p = p->next) {
		const char *what = p->type == KP_SELECT ? "select" :
				   p->type == KP_IMPLY ? "imply" :
				   p->type == KP_DEFAULT ? "default" :
				   p->type == KP_RANGE ? "range" : NULL;

		if (!what)
			continue;
		json_object_begin(jw, NULL);
		json_string(jw, "kind", what);
		strbuf_reset(&sb);
		if (p->type == KP_RANGE)
			strbuf_addf(&sb, "%s %s", p->expr->left.sym->name,
				    p->expr->right.sym->name);
		else
			kexpr_format(&sb, p->expr, false);
		json_string(jw, "value", sb.buf);
		strbuf_reset(&sb);
		kexpr_format(&sb, p->visible, true);
		json_string(jw, "if", sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s:%d", p->file, p->line);
		json_string(jw, "at", sb.buf);
		json_object_end(jw);
	}
	json_array_end(jw);
	if (sym->type == KS_BOOL || sym->type == KS_TRISTATE) {
		if (sym->curr.tri != no) {
			json_null(jw, "to_enable");
		} else if (!kconfig_enable_plan(kc, sym, yes, &steps, &why)) {
			json_array_begin(jw, "to_enable");
			for (i = 0; i < steps.nr; i++)
				json_string(jw, NULL, steps.v[i]);
			json_array_end(jw);
		} else {
			json_string(jw, "to_enable_error", why.buf);
		}
	}
	json_object_end(jw);
	strbuf_release(&sb);
	strbuf_release(&why);
	strvec_clear(&steps);
}

static int config_why(struct config_args *a)
{
	struct strbuf out = STRBUF_INIT;
	struct json_writer jw;
	struct kconfig *kc;
	size_t i;
	int ret = 0;

	if (!a->args.nr)
		usage_error(config_usage, "why which symbol?");
	kc = load(a, START_DEFCONFIG, 1, NULL);
	if (!kc)
		return 1;
	if (a->json) {
		json_init(&jw, &out, 1);
		json_array_begin(&jw, NULL);
	}
	for (i = 0; i < a->args.nr; i++) {
		const char *name = a->args.v[i], *prefix = kconfig_prefix();
		struct ksym *sym;

		if (!strncmp(name, prefix, strlen(prefix)))
			name += strlen(prefix);
		sym = kconfig_lookup(kc, name);
		if (!sym || sym->type == KS_UNKNOWN) {
			ret = error("unknown symbol '%s': no Kconfig file of this tree (ARCH=%s) defines it",
				    name, a->opts.arch ? a->opts.arch :
				    "this machine's");
			continue;
		}
		if (a->json) {
			why_json(kc, sym, &jw);
		} else {
			if (i)
				strbuf_addch(&out, '\n');
			why_text(kc, sym, &out);
		}
		/* the plan replayed the user values: compute them again */
		kconfig_calc(kc);
	}
	if (a->json)
		json_array_end(&jw);
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	kconfig_free(kc);
	return ret ? 1 : 0;
}

/* ---- from-running [--localmod[=FILE]] ---- */

/*
 * Where the running kernel's configuration is, in this order. The
 * directory KDEV_RUNNING_ROOT stands for / (tests).
 */
static const char *running_root(void)
{
	const char *root = getenv("KDEV_RUNNING_ROOT");

	return root && *root && strcmp(root, "/") ? root : "";
}

/* Read @path into @out, through gzip -dc when it is compressed. */
static int read_config_file(const char *path, struct strbuf *out)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf err = STRBUF_INIT;
	int ret;

	if (read_file(path, out))
		return error_errno("cannot read '%s'", path);
	if (out->len < 2 || (unsigned char)out->buf[0] != 0x1f ||
	    (unsigned char)out->buf[1] != 0x8b)
		return 0;
	strbuf_reset(out);
	if (!have_program("gzip"))
		return error("cannot decompress '%s': gzip is not installed (install the gzip package)",
			     path);
	strvec_pushl(&cp.args, "gzip", "-dc", "--", path, NULL);
	cp.in = CHILD_NULL;
	ret = capture_command(&cp, out, &err);
	strvec_clear(&cp.args);
	strbuf_rtrim(&err);
	if (ret)
		error("cannot decompress '%s': gzip -dc failed%s%s", path,
		      err.len ? ": " : "", err.buf);
	strbuf_release(&err);
	return ret ? -1 : 0;
}

/* The first that exists of the three places; *@name gets its path. */
static int read_running_config(struct config_args *a, struct strbuf *text,
			       char **name)
{
	const char *root = running_root();
	struct utsname u;
	char *cands[3];
	size_t i;
	int ret = -1;

	if (a->from) {
		*name = xstrdup(a->from);
		return read_config_file(a->from, text);
	}
	if (uname(&u))
		return error_errno("cannot get the running kernel's release");
	cands[0] = xasprintf("%s/proc/config.gz", root);
	cands[1] = xasprintf("%s/boot/config-%s", root, u.release);
	cands[2] = xasprintf("%s/lib/modules/%s/build/.config", root,
			     u.release);
	for (i = 0; i < ARRAY_SIZE(cands); i++) {
		if (!is_file(cands[i]))
			continue;
		*name = xstrdup(cands[i]);
		ret = read_config_file(cands[i], text);
		break;
	}
	if (i == ARRAY_SIZE(cands))
		error("no configuration of the running kernel %s: not in %s (CONFIG_IKCONFIG_PROC), %s nor %s; name one with --from FILE",
		      u.release, cands[0], cands[1], cands[2]);
	for (i = 0; i < ARRAY_SIZE(cands); i++)
		free(cands[i]);
	return ret;
}

/* The module names of --localmod and --localmod=FILE */
static int read_modules(struct config_args *a, struct modlist *mods)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret = 0;

	if (a->localmod_proc) {
		char *path = xasprintf("%s/proc/modules", running_root());

		if (read_file(path, &sb))
			ret = error_errno("cannot read '%s' (a kernel without modules?): name the modules with --localmod=FILE",
					  path);
		else
			modlist_parse(mods, sb.buf, sb.len);
		free(path);
	}
	for (i = 0; !ret && i < a->localmod_files.nr; i++) {
		strbuf_reset(&sb);
		if (read_file(a->localmod_files.v[i], &sb))
			ret = error_errno("cannot read the module list '%s'",
					  a->localmod_files.v[i]);
		else
			modlist_parse(mods, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	if (!ret && !mods->nr)
		ret = error("--localmod: the module list is empty: every module would be turned off");
	return ret;
}

struct from_running {
	const char *source;
	size_t tree_changes, skipped;
	int localmod;
	size_t modules;
	struct localmod_result lr;
};

static void json_strvec(struct json_writer *jw, const char *key,
			const struct strvec *sv)
{
	size_t i;

	json_array_begin(jw, key);
	for (i = 0; i < sv->nr; i++)
		json_string(jw, NULL, sv->v[i]);
	json_array_end(jw);
}

static void from_running_json(struct json_writer *jw, void *data)
{
	struct from_running *fr = data;

	json_string(jw, "source", fr->source);
	json_uint(jw, "tree_changes", fr->tree_changes);
	json_uint(jw, "unknown_symbols", fr->skipped);
	if (!fr->localmod) {
		json_null(jw, "localmod");
		return;
	}
	json_object_begin(jw, "localmod");
	json_uint(jw, "modules", fr->modules);
	json_strvec(jw, "found", &fr->lr.found);
	json_strvec(jw, "not_in_tree", &fr->lr.missing);
	json_uint(jw, "turned_off", fr->lr.turned_off);
	json_uint(jw, "left_m", fr->lr.left_m);
	json_strvec(jw, "kept", &fr->lr.kept);
	json_strvec(jw, "restored", &fr->lr.restored);
	json_object_end(jw);
}

static int config_from_running(struct config_args *a)
{
	struct from_running fr = { .lr = LOCALMOD_RESULT_INIT };
	struct dotconfig src = DOTCONFIG_INIT, mid = DOTCONFIG_INIT;
	struct requests req = { 0 };
	struct modlist mods = MODLIST_INIT;
	struct strbuf text = STRBUF_INIT;
	struct dotconfig_diff *d = NULL;
	struct kconfig *kc = NULL;
	char *name = NULL;
	int ret = 1;

	if (a->args.nr)
		usage_error(config_usage, "from-running takes no arguments, not '%s'",
			    a->args.v[0]);
	fr.localmod = a->localmod_proc || a->localmod_files.nr;
	if (read_running_config(a, &text, &name))
		goto out;
	fr.source = name;
	if (fr.localmod && read_modules(a, &mods))
		goto out;
	if (find_tree(a))
		goto out;
	kc = kconfig_load(&a->opts);
	if (!kc)
		goto out;
	if (kconfig_read_foreign(kc, name, text.buf, text.len, &fr.skipped))
		goto out;
	dotconfig_parse(&src, text.buf, text.len, NULL, kconfig_prefix());
	snapshot(kc, &mid);
	fr.tree_changes = dotconfig_diff(&src, &mid, &d);
	if (fr.localmod) {
		fr.modules = mods.nr;
		if (localmod_apply(kc, a->srctree, a->opts.arch, name,
				   text.buf, text.len, &mods, &fr.lr))
			goto out;
	}
	a->json_extra = from_running_json;
	a->extra = &fr;
	ret = finish(a, kc, &src, &req, NULL);
	if (a->json || ret)
		goto out;
	note("from %s: this tree changed %zu option%s", name,
	     fr.tree_changes, fr.tree_changes == 1 ? "" : "s");
	if (fr.skipped)
		note("%zu line%s of %s name%s options this tree does not have, or values it cannot take",
		     fr.skipped, fr.skipped == 1 ? "" : "s", name,
		     fr.skipped == 1 ? "s" : "");
	if (fr.localmod) {
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		for (i = 0; i < fr.lr.missing.nr && i < 8; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "",
				    fr.lr.missing.v[i]);
		if (i < fr.lr.missing.nr)
			strbuf_addf(&sb, " and %zu more",
				    fr.lr.missing.nr - i);
		if (fr.lr.missing.nr)
			note("%zu module%s not built by this tree: %s",
			     fr.lr.missing.nr,
			     fr.lr.missing.nr == 1 ? " is" : "s are", sb.buf);
		note("--localmod: %zu module%s listed (%zu in this tree), %zu option%s turned off, %zu left m",
		     fr.modules, fr.modules == 1 ? "" : "s", fr.lr.found.nr,
		     fr.lr.turned_off, fr.lr.turned_off == 1 ? "" : "s",
		     fr.lr.left_m);
		strbuf_release(&sb);
	}
out:
	free(d);
	dotconfig_release(&src);
	dotconfig_release(&mid);
	localmod_result_release(&fr.lr);
	modlist_release(&mods);
	strbuf_release(&text);
	free(name);
	if (kc)
		kconfig_free(kc);
	return ret;
}

/* ---- which [--enable] ---- */

static int config_which(int argc, char **argv)
{
	struct strvec args = STRVEC_INIT, opts = STRVEC_INIT;
	const char *enable = NULL;
	int i, ret;

	strvec_push(&args, "which");
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--enable"))
			enable = "";
		else if (!strncmp(argv[i], "--enable=", 9))
			enable = argv[i] + 9;
		else if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--dry-run"))
			continue;	/* for --enable, below */
		else
			strvec_push(&args, argv[i]);
	}
	if (enable && *enable && strcmp(enable, "y") && strcmp(enable, "m"))
		usage_error(config_usage, "--enable takes y or m, not '%s'",
			    enable);
	ret = kbuild_which((int)args.nr, args.v, enable ? &opts : NULL);
	if (enable && !ret) {
		/* kdev config enable --deps OPTION... with the same vars */
		struct config_args a;
		char *sub[] = { "config", "enable" };

		memset(&a, 0, sizeof(a));
		a.sc = SC_ENABLE;
		a.deps = 1;
		a.bool_m_is_y = 1;
		parse_args(&a, 2, sub);
		for (i = 2; i < argc; i++) {
			const char *v;

			if (skip_prefix(argv[i], "O=", &v))
				a.objtree = v;
			else if (skip_prefix(argv[i], "ARCH=", &v))
				a.opts.arch = v;
			else if (skip_prefix(argv[i], "--output=", &v))
				a.objtree = v;
			else if (!strcmp(argv[i], "--output") && i + 1 < argc)
				a.objtree = argv[++i];
			else if (skip_prefix(argv[i], "--tree=", &v))
				a.tree = v;
			else if (!strcmp(argv[i], "--tree") && i + 1 < argc)
				a.tree = argv[++i];
			else if (!strcmp(argv[i], "-n") ||
				 !strcmp(argv[i], "--dry-run"))
				a.dry_run = 1;
		}
		for (i = 0; i < (int)opts.nr; i++) {
			const char *o = opts.v[i], *prefix = kconfig_prefix();
			const char *colon = strchr(o, ':');
			const char *val = *enable ? enable :
					  colon ? "m" : "y";

			if (!strncmp(o, prefix, strlen(prefix)))
				o += strlen(prefix);
			strvec_pushf(&a.args, "%.*s=%s",
				     (int)(colon ? colon - o : (long)strlen(o)),
				     o, val);
		}
		if (a.args.nr) {
			fflush(stdout);
			ret = config_apply(&a);
		} else {
			note("nothing to enable");
		}
		strvec_clear(&a.args);
		free(a.srctree);
		free(a.obj_abs);
	}
	strvec_clear(&args);
	strvec_clear(&opts);
	return ret;
}

int cmd_config(int argc, char **argv)
{
	struct config_args a;
	size_t i;
	int ret;

	if (argc < 2) {
		fputs(config_usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage_help(config_usage);
	for (i = 0; i < ARRAY_SIZE(subcmds); i++)
		if (!strcmp(argv[1], subcmds[i].name))
			break;
	if (i == ARRAY_SIZE(subcmds)) {
		if (argv[1][0] == '-')
			usage_error(config_usage, "unknown option '%s'", argv[1]);
		usage_error(config_usage, "'%s' is not a config command",
			    argv[1]);
	}
	if (subcmds[i].sc == SC_WHICH)
		return config_which(argc, argv);
	memset(&a, 0, sizeof(a));
	a.sc = subcmds[i].sc;
	parse_args(&a, argc, argv);
	switch (a.sc) {
	case SC_OLDDEFCONFIG:
		if (a.args.nr)
			usage_error(config_usage, "olddefconfig takes no arguments, not '%s'",
				    a.args.v[0]);
		ret = config_olddefconfig(&a);
		break;
	case SC_DIFF:
		ret = config_diff(&a);
		break;
	case SC_FROM_RUNNING:
		ret = config_from_running(&a);
		break;
	case SC_WHY:
		ret = config_why(&a);
		break;
	case SC_PRESET:
		if (a.list || a.print) {
			ret = config_preset_info(&a);
			break;
		}
		/* fall through */
	default:
		ret = config_apply(&a);
	}
	strvec_clear(&a.args);
	strvec_clear(&a.localmod_files);
	free(a.srctree);
	free(a.obj_abs);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The decoder behind "kdev decode" (and "kdev run", which decodes what its
 * guest's console reports): print kernel console text back with every
 * call-trace frame resolved to function, file:line and inline chain.
 *
 * Two passes over each input: the first groups lines into reports
 * (header, release, KASLR offset), the second resolves and prints.
 */
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/file.h"
#include "../lib/json.h"
#include "../lib/strbuf.h"
#include "../lib/strvec.h"
#include "code.h"
#include "decoder.h"
#include "oops.h"
#include "symbolize.h"

struct module_root {
	char *dir;
	char *release;		/* a system directory of this release only */
	int indexed;
	struct strvec names;	/* normalised module name per path */
	struct strvec paths;
};

struct objent {
	char *key;		/* "vmlinux:RELEASE" or "mod:RELEASE:name" */
	struct symobj *obj;	/* NULL when not found or unreadable */
};

struct report {
	const char *type;
	char *message;
	struct oops_header hdr;
	int has_hdr;
	uint64_t kaslr;
	int has_kaslr;
	int nframes;
	int ended;
	size_t first_line;
};

struct src_file;

struct decoder {
	/* options, as given to decoder_new() */
	const char *vmlinux;
	const char *tree;
	const char *sysroot;
	int list;		/* lines of context; -1: no listing */
	int json;
	int color;
	struct module_root *roots;
	size_t nroots, roots_alloc;
	/* caches */
	struct objent *objs;
	size_t nobjs, objs_alloc;
	struct strvec warned;
	char host_release[128];
	/* results */
	int frames_seen;
	int frames_failed;
	/* json */
	struct strbuf jout;
	struct json_writer jw;
	int json_open_report;
	struct strvec jcode;	/* disassembly lines of the open report */
	/* sources read for --list, each once */
	struct src_file *srcs;
	size_t nsrcs, srcs_alloc;
};

/* ---- warnings that must appear once ---- */

static int once(struct decoder *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->warned.nr; i++)
		if (!strcmp(d->warned.v[i], key))
			return 0;
	strvec_push(&d->warned, key);
	return 1;
}

/* ---- module search ---- */

static void normalize_modname(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

static const char *const mod_exts[] = {
	".ko", ".ko.xz", ".ko.zst", ".ko.gz", ".o",
};

/* The module name a file would provide, or NULL. */
static char *module_name_of(const char *base)
{
	size_t i, n = strlen(base);

	if (ends_with(base, ".mod.o") || ends_with(base, ".prelink.o"))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(mod_exts); i++) {
		size_t e = strlen(mod_exts[i]);

		if (n > e && !strcmp(base + n - e, mod_exts[i])) {
			char *name = xstrndup(base, n - e);

			normalize_modname(name);
			return name;
		}
	}
	return NULL;
}

static struct module_root *walk_root;

static int walk_cb(const char *path, const struct stat *st, int flag,
		   struct FTW *ftw)
{
	const char *base = path + ftw->base;
	char *name;

	(void)st;
	if (flag == FTW_D && (!strcmp(base, ".git") || !strcmp(base, ".tmp_versions")))
		return FTW_SKIP_SUBTREE;
	if (flag != FTW_F)
		return FTW_CONTINUE;
	name = module_name_of(base);
	if (name) {
		strvec_push(&walk_root->names, name);
		strvec_push(&walk_root->paths, path);
		free(name);
	}
	return FTW_CONTINUE;
}

static void index_root(struct module_root *r)
{
	if (r->indexed)
		return;
	r->indexed = 1;
	if (!is_dir(r->dir))
		return;
	walk_root = r;
	nftw(r->dir, walk_cb, 32, FTW_PHYS | FTW_ACTIONRETVAL);
	walk_root = NULL;
}

/* .ko before .ko.xz before ... before .o: the order of mod_exts */
static int ext_rank(const char *path)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mod_exts); i++)
		if (ends_with(path, mod_exts[i]))
			return (int)i;
	return 99;
}

/* Search @dir for modules; with @release, only for that release's. */
static void add_root(struct decoder *d, const char *dir, const char *release)
{
	size_t i;

	for (i = 0; i < d->nroots; i++)
		if (!strcmp(d->roots[i].dir, dir))
			return;
	ALLOC_GROW(d->roots, d->nroots + 1, d->roots_alloc);
	memset(&d->roots[d->nroots], 0, sizeof(d->roots[0]));
	d->roots[d->nroots].dir = xstrdup(dir);
	d->roots[d->nroots++].release = release ? xstrdup(release) : NULL;
}

static char *sys_path(const struct decoder *d, const char *fmt,
		      const char *release)
{
	struct strbuf sb = STRBUF_INIT;

	if (d->sysroot)
		strbuf_addstr(&sb, d->sysroot);
	strbuf_addf(&sb, fmt, release);
	return strbuf_detach(&sb, NULL);
}

static int looks_like_tree(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addf(&sb, "%s/vmlinux", dir);
	ret = is_file(sb.buf);
	if (!ret) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/modules.order", dir);
		ret = is_file(sb.buf);
	}
	strbuf_release(&sb);
	return ret;
}

static const char *tree_dir(const struct decoder *d)
{
	if (d->tree)
		return d->tree;
	if (getenv("KBUILD_OUTPUT") && looks_like_tree(getenv("KBUILD_OUTPUT")))
		return getenv("KBUILD_OUTPUT");
	if (looks_like_tree("."))
		return ".";
	return NULL;
}

static struct objent *cache_get(struct decoder *d, const char *key, int *isnew)
{
	size_t i;

	for (i = 0; i < d->nobjs; i++)
		if (!strcmp(d->objs[i].key, key)) {
			*isnew = 0;
			return &d->objs[i];
		}
	ALLOC_GROW(d->objs, d->nobjs + 1, d->objs_alloc);
	memset(&d->objs[d->nobjs], 0, sizeof(d->objs[0]));
	d->objs[d->nobjs].key = xstrdup(key);
	*isnew = 1;
	return &d->objs[d->nobjs++];
}

static struct symobj *open_obj(struct decoder *d, const char *path,
			       int need_dwarf)
{
	char *err = NULL;
	struct symobj *o = symobj_open(path, &err);

	if (!o) {
		if (once(d, err))
			error("%s", err);
		free(err);
		return NULL;
	}
	if (need_dwarf && !symobj_has_dwarf(o)) {
		symobj_free(o);
		return NULL;
	}
	if (d->tree)
		symobj_set_tree(o, d->tree);
	return o;
}

static void no_debug_info(struct decoder *d, const char *path)
{
	struct strbuf key = STRBUF_INIT;

	strbuf_addf(&key, "nodebug:%s", path);
	if (once(d, key.buf))
		error("no debug info in '%s': rebuild with CONFIG_DEBUG_INFO=y",
		      path);
	strbuf_release(&key);
}

static struct symobj *find_module(struct decoder *d, const char *modname,
				  const char *release)
{
	struct strbuf key = STRBUF_INIT;
	struct objent *e;
	char *want = xstrdup(modname);
	const char *fallback = NULL;
	size_t r, i;
	int isnew;

	normalize_modname(want);
	strbuf_addf(&key, "mod:%s:%s", release ? release : "", want);
	e = cache_get(d, key.buf, &isnew);
	strbuf_release(&key);
	if (!isnew) {
		free(want);
		return e->obj;
	}
	if (release) {
		char *dbg = sys_path(d, "/usr/lib/debug/lib/modules/%s", release);
		char *lib = sys_path(d, "/lib/modules/%s", release);

		add_root(d, dbg, release);
		add_root(d, lib, release);
		free(dbg);
		free(lib);
	}
	for (r = 0; r < d->nroots && !e->obj; r++) {
		struct module_root *root = &d->roots[r];
		const char *best = NULL;

		/* /lib/modules/OTHER-RELEASE belongs to another kernel */
		if (root->release && (!release || strcmp(root->release, release)))
			continue;
		index_root(root);
		for (i = 0; i < root->names.nr; i++) {
			if (strcmp(root->names.v[i], want))
				continue;
			if (!best || ext_rank(root->paths.v[i]) < ext_rank(best))
				best = root->paths.v[i];
		}
		if (!best)
			continue;
		e->obj = open_obj(d, best, 1);
		if (!e->obj && !fallback)
			fallback = best;
	}
	if (!e->obj && fallback) {
		no_debug_info(d, fallback);
	} else if (!e->obj) {
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, "cannot find the object of module '%s'",
			    modname);
		if (once(d, msg.buf))
			error("%s: pass --modules DIR or --tree DIR "
			      "(searched %zu places)", msg.buf, d->nroots);
		strbuf_release(&msg);
	}
	free(want);
	return e->obj;
}

static struct symobj *find_vmlinux(struct decoder *d, const char *release)
{
	static const char *const fmts[] = {
		"/usr/lib/debug/boot/vmlinux-%s",
		"/usr/lib/debug/lib/modules/%s/vmlinux",
		"/boot/vmlinux-%s",
		"/lib/modules/%s/build/vmlinux",
	};
	struct strbuf key = STRBUF_INIT;
	struct strvec cands = STRVEC_INIT;
	struct objent *e;
	const char *tree = tree_dir(d);
	const char *fallback = NULL;
	size_t i;
	int isnew;

	strbuf_addf(&key, "vmlinux:%s", release ? release : "");
	e = cache_get(d, key.buf, &isnew);
	strbuf_release(&key);
	if (!isnew)
		return e->obj;
	if (d->vmlinux) {
		strvec_push(&cands, d->vmlinux);
	} else {
		if (tree)
			strvec_pushf(&cands, "%s/vmlinux", tree);
		for (i = 0; release && i < ARRAY_SIZE(fmts); i++) {
			char *p = sys_path(d, fmts[i], release);

			strvec_push(&cands, p);
			free(p);
		}
	}
	for (i = 0; i < cands.nr && !e->obj; i++) {
		if (!d->vmlinux && !is_file(cands.v[i]))
			continue;
		e->obj = open_obj(d, cands.v[i], 1);
		if (!e->obj && !fallback && is_file(cands.v[i]))
			fallback = cands.v[i];
	}
	if (!e->obj && fallback) {
		no_debug_info(d, fallback);
	} else if (!e->obj && !d->vmlinux && once(d, "novmlinux")) {
		if (release)
			error("cannot find vmlinux for %s: pass --vmlinux FILE, "
			      "run in the build tree, or install the debug "
			      "package (Debian: linux-image-%s-dbg)",
			      release, release);
		else
			error("cannot find vmlinux: pass --vmlinux FILE or "
			      "run in the build tree");
	}
	strvec_clear(&cands);
	return e->obj;
}

/* ---- mismatch checks ---- */

static void check_release(struct decoder *d, struct symobj *o,
			  const struct report *rep, const char *what)
{
	const char *have = symobj_release(o);
	const char *want = rep->has_hdr ? rep->hdr.release : NULL;
	struct strbuf key = STRBUF_INIT;

	if (!want || !*want)
		return;
	strbuf_addf(&key, "rel:%s:%s", symobj_path(o), want);
	if (!have) {
		/* nothing to compare */
	} else if (strcmp(have, want)) {
		if (once(d, key.buf))
			warning("'%s' does not match the oops: it is %s %s, "
				"the oops comes from %s", symobj_path(o), what,
				have, want);
	} else if (!strcmp(what, "kernel") && symobj_banner(o) &&
		   rep->hdr.version[0]) {
		/* same release name: compare "#N" and what follows */
		const char *banner = symobj_banner(o);
		char ver[sizeof(rep->hdr.version)];
		char *tok, *save = NULL;
		int ok = 1;

		strcpy(ver, rep->hdr.version);
		for (tok = strtok_r(ver, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save)) {
			if (!strstr(banner, tok))
				ok = 0;
		}
		if (!ok && once(d, key.buf))
			warning("'%s' does not match the oops: the oops says "
				"\"%s %s\", the file is \"%s\"",
				symobj_path(o), want, rep->hdr.version, banner);
	}
	if (rep->has_hdr && rep->hdr.buildid[0] && !strcmp(what, "kernel") &&
	    symobj_buildid(o) && strcmp(symobj_buildid(o), rep->hdr.buildid)) {
		strbuf_addstr(&key, ":bid");
		if (once(d, key.buf))
			warning("'%s' does not match the oops: build id %s, "
				"the oops says %s", symobj_path(o),
				symobj_buildid(o), rep->hdr.buildid);
	}
	strbuf_release(&key);
}

static void check_buildid(struct decoder *d, struct symobj *o,
			  const struct oops_frame *f)
{
	const char *have = symobj_buildid(o);
	struct strbuf key = STRBUF_INIT;

	if (!f->buildid[0] || !have || !strcmp(have, f->buildid))
		return;
	strbuf_addf(&key, "bid:%s", symobj_path(o));
	if (once(d, key.buf))
		warning("'%s' does not match the oops: build id %s, the oops "
			"says %s for module %s", symobj_path(o), have,
			f->buildid, f->module);
	strbuf_release(&key);
}

/* ---- report grouping (pass 1) ---- */

struct input {
	const char *name;
	struct strbuf text;
	size_t nlines;
	size_t *starts;		/* offset of each line */
	int *rep;		/* report index per line, -1 none */
	unsigned char *frame;	/* 1 if the line is a frame to resolve */
};

static size_t line_len(const struct input *in, size_t i)
{
	size_t end = i + 1 < in->nlines ? in->starts[i + 1] : in->text.len;
	size_t n = end - in->starts[i];
	const char *s = in->text.buf + in->starts[i];

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* The line with its terminator ("\n", "\r\n" or none at the end). */
static size_t raw_len(const struct input *in, size_t i)
{
	size_t end = i + 1 < in->nlines ? in->starts[i + 1] : in->text.len;

	return end - in->starts[i];
}

/*
 * Lines kdev wrote from @mark on end in "\n": give them the input line's
 * own terminator @eol (@n bytes), and none when the input had none.
 */
static void fix_eol(struct strbuf *out, size_t mark, const char *eol,
		    size_t n)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i;

	if (n == 1 && eol[0] == '\n')
		return;
	for (i = mark; i < out->len; i++) {
		if (out->buf[i] != '\n') {
			strbuf_addch(&tmp, out->buf[i]);
			continue;
		}
		if (i + 1 == out->len)
			strbuf_add(&tmp, eol, n);
		else if (n > 1)
			strbuf_add(&tmp, "\r\n", 2);
		else
			strbuf_addch(&tmp, '\n');
	}
	strbuf_setlen(out, mark);
	strbuf_addbuf(out, &tmp);
	strbuf_release(&tmp);
}

/* Offsets where each line of @sb starts; returns how many lines. */
static size_t index_lines(const struct strbuf *sb, size_t **starts)
{
	size_t i, n = 0, alloc = 0;

	*starts = NULL;
	for (i = 0; i < sb->len;) {
		const char *nl;

		ALLOC_GROW(*starts, n + 1, alloc);
		(*starts)[n++] = i;
		nl = memchr(sb->buf + i, '\n', sb->len - i);
		i = nl ? (size_t)(nl - sb->buf) + 1 : sb->len;
	}
	return n;
}

static void split_lines(struct input *in)
{
	in->nlines = index_lines(&in->text, &in->starts);
	in->rep = xcalloc(in->nlines ? in->nlines : 1, sizeof(*in->rep));
	in->frame = xcalloc(in->nlines ? in->nlines : 1, 1);
}

static struct report *new_report(struct report **reps, size_t *nr,
				 size_t *alloc, const char *type, size_t line)
{
	struct report *r;

	ALLOC_GROW(*reps, *nr + 1, *alloc);
	r = &(*reps)[(*nr)++];
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->first_line = line;
	return r;
}

static void group(struct input *in, struct report **reps, size_t *nreps,
		  size_t *alloc)
{
	struct oops_line pl;
	int cur = -1, in_trace = 0;
	size_t i;

	for (i = 0; i < in->nlines; i++) {
		const char *s = in->text.buf + in->starts[i];
		size_t len = line_len(in, i);
		enum oops_kind k = oops_parse_line(s, len, &pl);
		struct report *r = cur >= 0 ? &(*reps)[cur] : NULL;

		in->rep[i] = -1;
		switch (k) {
		case OOPS_START:
			if (r && !r->nframes && !r->ended && !r->has_hdr) {
				if (!strcmp(r->type, "cut")) {
					r->type = pl.type;
					free(r->message);
					r->message = NULL;
				}
			} else {
				r = new_report(reps, nreps, alloc, pl.type, i);
				cur = (int)(*nreps - 1);
			}
			if (!r->message) {
				size_t b = pl.body;

				while (b < len && s[b] == ' ')
					b++;
				r->message = xstrndup(s + b, len - b);
			}
			in_trace = 0;
			break;
		case OOPS_CPU:
			if (!r || r->has_hdr) {
				r = new_report(reps, nreps, alloc, "dump", i);
				cur = (int)(*nreps - 1);
			}
			if (!oops_parse_cpu(s + pl.body, len - pl.body, &r->hdr))
				r->has_hdr = 1;
			break;
		case OOPS_CALL_TRACE:
		case OOPS_MARKER:
			if (!r) {
				r = new_report(reps, nreps, alloc, "trace", i);
				cur = (int)(*nreps - 1);
			}
			in_trace = 1;
			break;
		case OOPS_FRAME:
			/* bare addresses count only inside a call trace */
			if (!pl.frame.sym[0] && !pl.frame.reg[0] && !in_trace)
				break;
			/* user-space RIP: nothing to resolve */
			if (!pl.frame.sym[0] &&
			    !(pl.frame.has_addr && pl.frame.addr >> 63))
				break;
			if (!r) {
				r = new_report(reps, nreps, alloc, "trace", i);
				cur = (int)(*nreps - 1);
			}
			r->nframes++;
			in->frame[i] = 1;
			break;
		case OOPS_KASLR:
			if (r) {
				r->kaslr = pl.kaslr;
				r->has_kaslr = 1;
			}
			break;
		case OOPS_END:
			if (r)
				r->ended = 1;
			in_trace = 0;
			break;
		case OOPS_CODE:
		case OOPS_MODULES:
		case OOPS_OTHER:
			if (k != OOPS_CODE)
				in_trace = 0;
			break;
		}
		in->rep[i] = cur;
	}
}

/* ---- output ---- */

#define C_RESET "\033[0m"
#define C_FILE "\033[32m"
#define C_FUNC "\033[1m"
#define C_DIM "\033[2m"
#define C_WARN "\033[33m"

static int use_color;

static const char *col(const char *c)
{
	return use_color ? c : "";
}

static void add_loc_text(struct strbuf *out, const struct sym_loc *l)
{
	if (l->file)
		strbuf_addf(out, "%s%s:%d%s", col(C_FILE), l->file, l->line,
			    col(C_RESET));
	else
		strbuf_addstr(out, "??:0");
}

struct src_file {
	char *path;
	struct strbuf text;
	size_t *starts;
	size_t nlines;
	int ok;
};

static struct src_file *load_source(struct decoder *d,
				    const struct sym_loc *l)
{
	struct strvec tries = STRVEC_INIT;
	struct src_file *f;
	size_t i;

	if (!l->path)
		return NULL;
	for (i = 0; i < d->nsrcs; i++)
		if (!strcmp(d->srcs[i].path, l->path))
			return d->srcs[i].ok ? &d->srcs[i] : NULL;
	ALLOC_GROW(d->srcs, d->nsrcs + 1, d->srcs_alloc);
	f = &d->srcs[d->nsrcs++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(l->path);
	if (d->tree && l->file && l->file[0] != '/')
		strvec_pushf(&tries, "%s/%s", d->tree, l->file);
	strvec_push(&tries, l->path);
	for (i = 0; i < tries.nr && !f->ok; i++) {
		strbuf_reset(&f->text);
		f->ok = !read_file(tries.v[i], &f->text);
	}
	strvec_clear(&tries);
	if (!f->ok)
		return NULL;
	f->nlines = index_lines(&f->text, &f->starts);
	return f;
}

static void add_listing(struct decoder *d, struct strbuf *out,
			const char *indent, const struct sym_loc *l)
{
	struct src_file *f = load_source(d, l);
	long first, last, i;

	if (!f) {
		strbuf_addf(out, "%s(source not found: %s)\n", indent,
			    l->file ? l->file : "??");
		return;
	}
	first = l->line - d->list;
	last = l->line + d->list;
	if (first < 1)
		first = 1;
	if (last > (long)f->nlines)
		last = (long)f->nlines;
	for (i = first; i <= last; i++) {
		size_t s = f->starts[i - 1];
		size_t e = (size_t)i < f->nlines ? f->starts[i] : f->text.len;

		while (e > s && (f->text.buf[e - 1] == '\n' ||
				 f->text.buf[e - 1] == '\r'))
			e--;
		strbuf_addf(out, "%s%s%c %5ld  ", indent,
			    i == l->line ? col(C_FUNC) : "",
			    i == l->line ? '>' : ' ', i);
		strbuf_add(out, f->text.buf + s, e - s);
		if (i == l->line)
			strbuf_addstr(out, col(C_RESET));
		strbuf_addch(out, '\n');
	}
}

static void json_frame(struct decoder *d, const struct oops_frame *f,
		       const char *context, const struct sym_result *res,
		       const char *errmsg)
{
	struct json_writer *jw = &d->jw;
	size_t i, k;

	json_object_begin(jw, NULL);
	json_string(jw, "kind", f->reg[0] ? f->reg : "frame");
	if (f->sym[0])
		json_string(jw, "symbol", f->sym);
	else
		json_null(jw, "symbol");
	json_uint(jw, "offset", f->off);
	if (f->has_size)
		json_uint(jw, "size", f->size);
	if (f->has_addr) {
		char buf[32];

		snprintf(buf, sizeof(buf), "0x%016" PRIx64, f->addr);
		json_string(jw, "address", buf);
	}
	json_string(jw, "module", f->module[0] ? f->module : NULL);
	if (f->buildid[0])
		json_string(jw, "build_id", f->buildid);
	json_bool(jw, "reliable", f->reliable);
	json_string(jw, "context", context);
	json_bool(jw, "resolved", res && (res->status == SYM_OK ||
					  res->status == SYM_AMBIGUOUS));
	if (res && res->status == SYM_AMBIGUOUS)
		json_bool(jw, "ambiguous", 1);
	if (errmsg)
		json_string(jw, "error", errmsg);
	if (res && res->nr && (res->status == SYM_OK ||
			       res->status == SYM_AMBIGUOUS)) {
		/* "locations": innermost first, then each inlined-by level */
		json_array_begin(jw, res->nr > 1 ? "candidates" : "locations");
		for (i = 0; i < res->nr; i++) {
			if (res->nr > 1)
				json_array_begin(jw, NULL);
			for (k = 0; k < res->m[i].nlocs; k++) {
				const struct sym_loc *l = &res->m[i].locs[k];

				json_object_begin(jw, NULL);
				json_string(jw, "function", l->func);
				json_string(jw, "file", l->file);
				json_int(jw, "line", l->line);
				json_bool(jw, "inlined", k + 1 < res->m[i].nlocs);
				json_object_end(jw);
			}
			if (res->nr > 1)
				json_array_end(jw);
		}
		json_array_end(jw);
	}
	json_object_end(jw);
}

static void json_open_report(struct decoder *d, const struct input *in,
			     const struct report *r, size_t line)
{
	struct json_writer *jw = &d->jw;

	json_object_begin(jw, NULL);
	json_string(jw, "input", in->name);
	json_int(jw, "line", (int64_t)line + 1);
	json_string(jw, "type", r->type);
	json_string(jw, "message", r->message);
	if (r->has_hdr) {
		json_string(jw, "release", r->hdr.release[0] ?
			    r->hdr.release : NULL);
		json_string(jw, "version", r->hdr.version[0] ?
			    r->hdr.version : NULL);
		json_string(jw, "taint", r->hdr.taint);
		json_int(jw, "cpu", r->hdr.cpu);
		json_int(jw, "pid", r->hdr.pid);
		json_string(jw, "comm", r->hdr.comm);
	} else {
		json_null(jw, "release");
	}
	if (r->has_kaslr) {
		char buf[32];

		snprintf(buf, sizeof(buf), "0x%" PRIx64, r->kaslr);
		json_string(jw, "kaslr_offset", buf);
	}
	json_array_begin(jw, "frames");
	strvec_clear(&d->jcode);
}

static void json_close_report(struct decoder *d)
{
	size_t i;

	json_array_end(&d->jw);
	if (d->jcode.nr) {
		json_array_begin(&d->jw, "code");
		for (i = 0; i < d->jcode.nr; i++)
			json_string(&d->jw, NULL, d->jcode.v[i]);
		json_array_end(&d->jw);
	}
	json_object_end(&d->jw);
	strvec_clear(&d->jcode);
}

static const char *release_of(struct decoder *d, const struct report *r)
{
	if (r && r->has_hdr && r->hdr.release[0])
		return r->hdr.release;
	return d->host_release[0] ? d->host_release : NULL;
}

/* Resolve one frame; fills res or returns an error text in *errmsg. */
static void resolve(struct decoder *d, const struct report *r,
		    const struct oops_frame *f, struct sym_result *res,
		    char **errmsg)
{
	const char *release = release_of(d, r);
	struct symobj *o;

	memset(res, 0, sizeof(*res));
	res->status = SYM_NOSYM;
	*errmsg = NULL;
	if (f->module[0]) {
		o = find_module(d, f->module, release);
		if (!o) {
			*errmsg = xasprintf("no object for module %s", f->module);
			return;
		}
		if (r)
			check_release(d, o, r, "module for");
		check_buildid(d, o, f);
	} else {
		o = find_vmlinux(d, release);
		if (!o) {
			*errmsg = xstrdup("no vmlinux");
			return;
		}
		if (r)
			check_release(d, o, r, "kernel");
	}
	if (f->sym[0]) {
		symobj_lookup_sym(o, f->sym, f->off, f->size, f->has_size,
				  f->exact, res);
		if (res->status == SYM_NOSYM) {
			struct strbuf key = STRBUF_INIT;

			strbuf_addf(&key, "nosym:%s:%s", symobj_path(o), f->sym);
			*errmsg = xasprintf("unknown symbol '%s' in '%s'",
					    f->sym, symobj_path(o));
			if (once(d, key.buf))
				error("%s", *errmsg);
			strbuf_release(&key);
		} else if (res->status == SYM_PADDING) {
			*errmsg = xasprintf("in the padding after the end of "
					    "'%s': not a return address",
					    f->sym);
		} else if (res->status == SYM_BADOFF) {
			*errmsg = xasprintf("offset 0x%" PRIx64 " is past the end "
					    "of '%s' in '%s'", f->off, f->sym,
					    symobj_path(o));
			error("%s", *errmsg);
		} else if (res->size_mismatch && f->has_size) {
			struct strbuf key = STRBUF_INIT;

			strbuf_addf(&key, "size:%s", symobj_path(o));
			if (once(d, key.buf))
				warning("'%s' may not match the oops: %s is "
					"0x%" PRIx64 " bytes there, 0x%" PRIx64
					" in the oops", symobj_path(o), f->sym,
					res->sym_size, f->size);
			strbuf_release(&key);
		}
	} else if (!f->module[0]) {
		uint64_t a = f->addr;

		if (r->has_kaslr)
			a -= r->kaslr;
		symobj_lookup_addr(o, a, f->exact, res);
		if (res->status == SYM_OUTSIDE)
			*errmsg = xstrdup(r->has_kaslr ? "address outside vmlinux" :
					  "address outside vmlinux (KASLR "
					  "offset unknown)");
	}
	if (res->status == SYM_NOLINE && !*errmsg) {
		*errmsg = xasprintf("no line information for %s in '%s'",
				    f->sym[0] ? f->sym : "address",
				    symobj_path(o));
		if (!symobj_has_dwarf(o))
			no_debug_info(d, symobj_path(o));
	}
}

static void print_frame(struct decoder *d, struct strbuf *out, const char *s,
			size_t len, const struct oops_line *pl,
			const struct sym_result *res)
{
	const struct oops_frame *f = &pl->frame;
	struct strbuf indent = STRBUF_INIT;
	size_t end = len, i, k;

	while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	strbuf_add(out, s, end);
	/* continuation lines keep the log prefix and line up under the frame */
	strbuf_add(&indent, s, pl->body);
	for (i = pl->body; i < f->text_begin; i++)
		strbuf_addch(&indent, s[i] == '\t' ? '\t' : ' ');
	strbuf_addstr(&indent, "  ");

	if (res && res->status == SYM_PADDING)
		strbuf_addf(out, " %s(padding after %s)%s", col(C_DIM), f->sym,
			    col(C_RESET));
	if (!res || (res->status != SYM_OK && res->status != SYM_AMBIGUOUS)) {
		strbuf_addch(out, '\n');
		strbuf_release(&indent);
		return;
	}
	if (res->status == SYM_AMBIGUOUS)
		strbuf_addf(out, " %s(ambiguous: %zu symbols named %s)%s\n",
			    col(C_WARN), res->nr, f->sym, col(C_RESET));
	for (i = 0; i < res->nr; i++) {
		const struct sym_match *m = &res->m[i];

		for (k = 0; k < m->nlocs; k++) {
			const struct sym_loc *l = &m->locs[k];
			int show_func = k > 0 || !f->sym[0] || !l->func ||
					strcmp(l->func, f->sym) ||
					res->status == SYM_AMBIGUOUS;

			if (k == 0 && res->status != SYM_AMBIGUOUS) {
				strbuf_addch(out, ' ');
			} else {
				strbuf_addstr(out, indent.buf);
				if (k > 0)
					strbuf_addf(out, "%s(inlined by)%s ",
						    col(C_DIM), col(C_RESET));
				else
					strbuf_addstr(out, "candidate: ");
			}
			if (show_func && l->func)
				strbuf_addf(out, "%s%s%s at ", col(C_FUNC),
					    l->func, col(C_RESET));
			add_loc_text(out, l);
			strbuf_addch(out, '\n');
		}
		if (d->list >= 0 && m->nlocs) {
			strbuf_addstr(&indent, "  ");
			add_listing(d, out, indent.buf, &m->locs[0]);
			strbuf_setlen(&indent, indent.len - 2);
		}
	}
	strbuf_release(&indent);
}

static const char *marker_context(const char *marker)
{
	if (marker[0] == '/')
		return "task";
	if (!strcmp(marker, "IRQ") || !strcmp(marker, "SOFTIRQ"))
		return "irq";
	if (!strcmp(marker, "NMI"))
		return "nmi";
	if (!strcmp(marker, "TASK"))
		return "task";
	return "exception";
}

/* KASLR offset from an "[<addr>] sym+off" frame of the same report. */
static int derive_kaslr(struct decoder *d, const struct input *in, int rep,
			const struct report *r, uint64_t *kaslr)
{
	struct oops_line pl;
	size_t i;

	for (i = r->first_line; i < in->nlines; i++) {
		const char *s = in->text.buf + in->starts[i];
		struct symobj *o;
		uint64_t a;

		if (in->rep[i] != rep || !in->frame[i])
			continue;
		oops_parse_line(s, line_len(in, i), &pl);
		if (!pl.frame.sym[0] || !pl.frame.has_addr || pl.frame.module[0])
			continue;
		o = find_vmlinux(d, release_of(d, r));
		if (!o || symobj_sym_addr(o, pl.frame.sym, pl.frame.off,
					  pl.frame.size, pl.frame.has_size, &a))
			continue;
		*kaslr = pl.frame.addr - a;
		return 1;
	}
	return 0;
}

static void process(struct decoder *d, struct input *in, FILE *fp)
{
	struct report *reps = NULL;
	size_t nreps = 0, alloc = 0, i;
	struct strbuf out = STRBUF_INIT;
	struct oops_line pl;
	const char *context = "task";
	int last_rep = -1;
	char rip_sym[OOPS_SYM_MAX] = "";
	size_t mark;
	uint64_t rip_off = 0;

	split_lines(in);
	group(in, &reps, &nreps, &alloc);

	for (i = 0; i < in->nlines; i++) {
		const char *s = in->text.buf + in->starts[i];
		size_t len = line_len(in, i);
		int rep = in->rep[i];
		struct report *r = rep >= 0 ? &reps[rep] : NULL;

		oops_parse_line(s, len, &pl);
		mark = out.len;
		if (rep != last_rep) {
			context = "task";
			rip_sym[0] = '\0';
			if (d->json && d->json_open_report)
				json_close_report(d);
			d->json_open_report = 0;
			if (d->json && r && (r->nframes || r->has_hdr)) {
				json_open_report(d, in, r, r->first_line);
				d->json_open_report = 1;
			}
			last_rep = rep;
		}
		if (pl.kind == OOPS_MARKER)
			context = marker_context(pl.marker);
		/* a user-space RIP: the next Code: line is not in rip_sym */
		if (pl.kind == OOPS_FRAME && pl.frame.reg[0] && !pl.frame.sym[0])
			rip_sym[0] = '\0';
		if (in->frame[i]) {
			struct sym_result res;
			char *errmsg = NULL;

			/* a bare address needs the KASLR offset */
			if (!pl.frame.sym[0] && !r->has_kaslr)
				r->has_kaslr = derive_kaslr(d, in, rep, r,
							    &r->kaslr);
			resolve(d, r, &pl.frame, &res, &errmsg);
			d->frames_seen++;
			/* padding is an answer too: the frame is stale */
			if (res.status != SYM_OK && res.status != SYM_AMBIGUOUS &&
			    res.status != SYM_PADDING)
				d->frames_failed++;
			if (pl.frame.exact && pl.frame.sym[0]) {
				strcpy(rip_sym, pl.frame.sym);
				rip_off = pl.frame.off;
			} else if (pl.frame.reg[0]) {
				rip_sym[0] = '\0';
			}
			if (d->json && d->json_open_report)
				json_frame(d, &pl.frame, context, &res, errmsg);
			else if (!d->json)
				print_frame(d, &out, s, len, &pl, &res);
			sym_result_clear(&res);
			free(errmsg);
		} else if (pl.kind == OOPS_CODE) {
			struct code_bytes cb;
			struct strbuf dis = STRBUF_INIT;
			struct strbuf prefix = STRBUF_INIT;
			char *text = xstrndup(s + pl.code, len - pl.code);

			if (!d->json) {
				strbuf_add(&out, s, len);
				strbuf_addch(&out, '\n');
				strbuf_add(&prefix, s, pl.body);
				strbuf_addstr(&prefix, "  ");
			}
			if (!code_parse(text, &cb) &&
			    code_disasm(&cb, prefix.buf, rip_sym[0] ? rip_sym : NULL,
					rip_off, &dis) > 0) {
				if (!d->json) {
					strbuf_addbuf(&out, &dis);
				} else if (d->json_open_report) {
					char *line, *save = NULL;

					for (line = strtok_r(dis.buf, "\n", &save);
					     line; line = strtok_r(NULL, "\n", &save))
						strvec_push(&d->jcode, line);
				}
			}
			free(text);
			strbuf_release(&dis);
			strbuf_release(&prefix);
		} else if (!d->json) {
			/* not ours: the bytes as they came, \r and all */
			strbuf_add(&out, s, raw_len(in, i));
			mark = out.len;
		}
		if (!d->json && out.len > mark)
			fix_eol(&out, mark, s + len, raw_len(in, i) - len);
		if (out.len > 65536) {
			fwrite(out.buf, 1, out.len, fp);
			strbuf_reset(&out);
		}
	}
	if (d->json && d->json_open_report)
		json_close_report(d);
	d->json_open_report = 0;
	fwrite(out.buf, 1, out.len, fp);
	strbuf_release(&out);
	for (i = 0; i < nreps; i++)
		free(reps[i].message);
	free(reps);
}

static void free_input(struct input *in)
{
	strbuf_release(&in->text);
	free(in->starts);
	free(in->rep);
	free(in->frame);
}

static void free_decoder_fields(struct decoder *d)
{
	size_t i;

	for (i = 0; i < d->nobjs; i++) {
		symobj_free(d->objs[i].obj);
		free(d->objs[i].key);
	}
	free(d->objs);
	for (i = 0; i < d->nroots; i++) {
		free(d->roots[i].dir);
		free(d->roots[i].release);
		strvec_clear(&d->roots[i].names);
		strvec_clear(&d->roots[i].paths);
	}
	free(d->roots);
	strvec_clear(&d->warned);
	strbuf_release(&d->jout);
	strvec_clear(&d->jcode);
	for (i = 0; i < d->nsrcs; i++) {
		free(d->srcs[i].path);
		strbuf_release(&d->srcs[i].text);
		free(d->srcs[i].starts);
	}
	free(d->srcs);
}


struct decoder *decoder_new(const struct decode_options *opts)
{
	struct decoder *d = xcalloc(1, sizeof(*d));
	struct utsname uts;
	const char *tree;
	size_t i;

	d->vmlinux = opts->vmlinux;
	d->tree = opts->tree;
	d->sysroot = opts->sysroot;
	d->list = opts->list;
	d->json = opts->json;
	d->color = opts->color;
	for (i = 0; i < opts->modules.nr; i++)
		add_root(d, opts->modules.v[i], NULL);
	/* module roots after the explicit ones: the build tree */
	tree = tree_dir(d);
	if (tree)
		add_root(d, tree, NULL);
	if (!uname(&uts) && strlen(uts.release) < sizeof(d->host_release))
		strcpy(d->host_release, uts.release);
	if (d->vmlinux || tree)
		d->host_release[0] = '\0';
	if (d->json) {
		json_init(&d->jw, &d->jout, 1);
		json_object_begin(&d->jw, NULL);
		json_array_begin(&d->jw, "reports");
	}
	return d;
}

void decoder_input(struct decoder *d, const char *name, const char *text,
		   size_t len, FILE *out)
{
	struct input in;

	memset(&in, 0, sizeof(in));
	in.name = name;
	strbuf_add(&in.text, text, len);
	use_color = d->color;
	process(d, &in, out);
	free_input(&in);
}

void decoder_finish(struct decoder *d, FILE *out)
{
	if (d->json) {
		json_array_end(&d->jw);
		json_object_end(&d->jw);
		fwrite(d->jout.buf, 1, d->jout.len, out);
		strbuf_reset(&d->jout);
	}
	fflush(out);
}

int decoder_frames(const struct decoder *d, int *failed)
{
	if (failed)
		*failed = d->frames_failed;
	return d->frames_seen;
}

void decoder_free(struct decoder *d)
{
	if (!d)
		return;
	free_decoder_fields(d);
	free(d);
}

struct symobj *decoder_vmlinux(struct decoder *d, const char *release)
{
	if (!release)
		release = d->host_release[0] ? d->host_release : NULL;
	return find_vmlinux(d, release);
}

struct symobj *decoder_module(struct decoder *d, const char *modname,
			      const char *release)
{
	if (!release)
		release = d->host_release[0] ? d->host_release : NULL;
	return find_module(d, modname, release);
}

int decoder_list_location(struct decoder *d, const char *module,
			  const char *sym, uint64_t off, uint64_t size,
			  int has_size, FILE *fp)
{
	struct strbuf out = STRBUF_INIT;
	struct sym_result res;
	struct symobj *o;
	struct objent *e;
	size_t i, k;
	int isnew, ret = 0;

	use_color = d->color;
	if (module) {
		char *key = xasprintf("path:%s", module);

		e = cache_get(d, key, &isnew);
		free(key);
		if (isnew)
			e->obj = open_obj(d, module, 0);
		o = e->obj;
	} else {
		o = find_vmlinux(d, d->host_release[0] ? d->host_release : NULL);
	}
	if (!o)
		return -1;
	if (sym)
		symobj_lookup_sym(o, sym, off, size, has_size, 1, &res);
	else
		symobj_lookup_addr(o, off, 1, &res);
	if (res.status == SYM_PADDING) {
		/* a return address after a call that never returns */
		sym_result_clear(&res);
		symobj_lookup_sym(o, sym, off, size, has_size, 0, &res);
		if (res.status == SYM_OK || res.status == SYM_AMBIGUOUS)
			strbuf_addf(&out, "%s+0x%" PRIx64 " is just past the end "
				    "of %s's code: a return address; this is "
				    "the call before it\n", sym, off, sym);
	}
	switch (res.status) {
	case SYM_OK:
	case SYM_AMBIGUOUS:
		break;
	case SYM_NOSYM: {
		const char *near[5];
		size_t n = symobj_similar(o, sym, near, ARRAY_SIZE(near));

		strbuf_addf(&out, "no symbol '%s' in '%s'", sym, symobj_path(o));
		for (i = 0; i < n; i++)
			strbuf_addf(&out, "%s%s", i ? ", " : "; closest: ",
				    near[i]);
		ret = error("%s", out.buf);
		goto done;
	}
	case SYM_NOLINE:
		if (!symobj_has_dwarf(o))
			no_debug_info(d, symobj_path(o));
		else
			error("no line information for %s in '%s'",
			      sym ? sym : "that address", symobj_path(o));
		ret = -1;
		goto done;
	case SYM_OUTSIDE:
		ret = error("address 0x%" PRIx64 " is not in '%s'", off,
			    symobj_path(o));
		goto done;
	case SYM_BADOFF:
	case SYM_PADDING:
		ret = error("offset 0x%" PRIx64 " is past the end of '%s' in '%s'"
			    " (0x%" PRIx64 " bytes)", off, sym, symobj_path(o),
			    res.sym_size);
		goto done;
	}
	for (i = 0; i < res.nr; i++) {
		const struct sym_match *m = &res.m[i];

		if (i)
			strbuf_addch(&out, '\n');
		if (res.nr > 1)
			strbuf_addf(&out, "%scandidate %zu of %zu:%s\n",
				    col(C_WARN), i + 1, res.nr, col(C_RESET));
		if (sym)
			strbuf_addf(&out, "%s+0x%" PRIx64, sym, off);
		else
			strbuf_addf(&out, "0x%" PRIx64, off);
		if (!module && sym)
			strbuf_addf(&out, " (0x%" PRIx64 ")", m->addr);
		strbuf_addstr(&out, " is in ");
		for (k = 0; k < m->nlocs; k++) {
			const struct sym_loc *l = &m->locs[k];

			if (k)
				strbuf_addf(&out, "  %s(inlined by)%s ",
					    col(C_DIM), col(C_RESET));
			strbuf_addf(&out, "%s%s%s at ", col(C_FUNC),
				    l->func ? l->func : "??", col(C_RESET));
			add_loc_text(&out, l);
			strbuf_addch(&out, '\n');
		}
		if (d->list >= 0 && m->nlocs)
			add_listing(d, &out, "", &m->locs[0]);
	}
done:
	if (!ret)
		fwrite(out.buf, 1, out.len, fp);
	fflush(fp);
	strbuf_release(&out);
	sym_result_clear(&res);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * .config files: reading user values, the checks "make olddefconfig"
 * does after reading, and writing the configuration the way Kconfig's
 * conf_write() does.
 *
 * The user values are kept as the ordered list of assignments read
 * (struct kc_assign) and applied by replaying it, so that merging a
 * fragment is exactly what merge_config.sh does before olddefconfig:
 * the fragment's symbols lose their earlier lines and the fragment is
 * appended, choices included.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "lib/error.h"
#include "lib/file.h"

/* while reading a file: */
#define KSYM_SEEN	0x10000	/* given a value by it */
#define KSYM_MENTIONED	0x20000	/* named by it, valid value or not */

const char *kconfig_config_path(const struct kconfig *kc)
{
	return kc->config_path;
}

const char *kconfig_defconfig_path(const struct kconfig *kc)
{
	return kc->defconfig_path;
}

void kconfig_set_paths(struct kconfig *kc, const char *config,
		       const char *defconfig)
{
	kc->config_path = config ? kc_strdup(kc, config) : NULL;
	kc->defconfig_path = defconfig ? kc_strdup(kc, defconfig) : NULL;
}

/* Apply the assignments in order; warn about those from @warn_from on. */
static void replay(struct kconfig *kc, size_t warn_from)
{
	size_t i;

	for (i = 0; i < kc->nr_syms; i++) {
		struct ksym *sym = kc->syms[i];

		if (sym == kc->sym_y || sym == kc->sym_m || sym == kc->sym_n)
			continue;
		sym->flags &= ~(KSYM_VALID | KSYM_RANGE_RESET);
		sym->has_user = sym->is_choice && kc->have_config;
		sym->user.tri = no;
		sym->user.val = NULL;
		sym->user_choice = NULL;
	}
	for (i = 0; i < kc->nr_assigns; i++) {
		struct kc_assign *a = &kc->assigns[i];
		struct ksym *sym = a->sym, *cs = sym->choice;
		bool warn = i >= warn_from;

		sym->has_user = true;
		sym->user.tri = a->tri;
		sym->user.val = a->val;
		if (!(sym->flags & KSYM_CHOICEVAL) || !cs)
			continue;
		if (a->tri == mod && cs->user.tri == yes) {
			if (warn)
				kc_warn(kc, a->file, a->line,
					"%s creates inconsistent choice state",
					sym->name);
			cs->has_user = false;
		} else if (a->tri == yes) {
			if (warn && cs->user.tri != no)
				kc_warn(kc, a->file, a->line,
					"override: %s changes choice state",
					sym->name);
			cs->user_choice = sym;
		}
		cs->user.tri = tri_or(cs->user.tri, a->tri);
	}
}

static void add_assign(struct kconfig *kc, struct ksym *sym, enum tristate tri,
		       const char *val, const char *file, int line)
{
	struct kc_assign *a;

	ALLOC_GROW(kc->assigns, kc->nr_assigns + 1, kc->alloc_assigns);
	a = &kc->assigns[kc->nr_assigns++];
	a->sym = sym;
	a->tri = tri;
	a->val = val;
	a->file = file;
	a->line = line;
}

/*
 * Drop the assignments before @upto of the symbols the new file names;
 * returns where the new file's assignments now start.
 */
static size_t drop_mentioned(struct kconfig *kc, size_t upto)
{
	size_t i, j = 0, start = 0;

	for (i = 0; i < kc->nr_assigns; i++) {
		if (i < upto &&
		    (kc->assigns[i].sym->flags & KSYM_MENTIONED))
			continue;
		kc->assigns[j++] = kc->assigns[i];
		if (i < upto)
			start = j;
	}
	kc->nr_assigns = j;
	return start;
}

/*
 * One value as .config has it: for strings, "..." with \" and \\
 * escapes. Returns false when it is not one for @sym: warned about,
 * except for a string without its quote, ignored as Kconfig does.
 */
static bool parse_value(struct kconfig *kc, struct ksym *sym, char *p,
			const char *file, int line, enum tristate *tri,
			const char **val)
{
	char *q;

	switch (sym->type) {
	case KS_TRISTATE:
		if (p[0] == 'm') {
			*tri = mod;
			return true;
		}
		/* fall through */
	case KS_BOOL:
		if (p[0] == 'y' || p[0] == 'n') {
			*tri = p[0] == 'y' ? yes : no;
			return true;
		}
		kc_warn(kc, file, line, "symbol value '%s' invalid for %s", p,
			sym->name);
		return false;
	case KS_STRING:
		if (*p++ != '"')
			return false;
		for (q = p; (q = strpbrk(q, "\"\\")); q++) {
			if (*q == '"') {
				*q = '\0';
				break;
			}
			memmove(q, q + 1, strlen(q));
		}
		if (!q) {
			kc_warn(kc, file, line, "invalid string found");
			return false;
		}
		/* fall through */
	case KS_INT:
	case KS_HEX:
		if (!kc_sym_string_valid(sym, p)) {
			kc_warn(kc, file, line, "symbol value '%s' invalid for %s",
				p, sym->name);
			return false;
		}
		*val = kc_strdup(kc, p);
		return true;
	default:
		return false;
	}
}

/* The name and value of a CONFIG_ line, or NULL for any other line. */
static char *split_line(char *line, const char *prefix, char **val)
{
	size_t plen = strlen(prefix);
	char *name, *p;

	if (line[0] == '#') {
		if (line[1] != ' ' || strncmp(line + 2, prefix, plen))
			return NULL;
		name = line + 2 + plen;
		p = strchr(name, ' ');
		if (!p)
			return NULL;
		*p++ = '\0';
		if (strncmp(p, "is not set", 10))
			return NULL;
		*val = "n";
		return name;
	}
	if (strncmp(line, prefix, plen))
		return NULL;
	name = line + plen;
	p = strchr(name, '=');
	if (!p)
		return NULL;
	*p++ = '\0';
	*val = p;
	p = strchr(p, '\n');
	if (p) {
		*p = '\0';
		if (p > *val && p[-1] == '\r')
			p[-1] = '\0';
	}
	return name;
}

/*
 * Unknown symbols are reported, but count as warnings (KCONFIG_WERROR)
 * only with KCONFIG_WARN_UNKNOWN_SYMBOLS, as in Kconfig.
 */
static void warn_unknown(struct kconfig *kc, const char *file, int line,
			 const char *prefix, const char *name)
{
	const char *env = getenv("KCONFIG_WARN_UNKNOWN_SYMBOLS");

	if (env) {
		kc_warn(kc, file, line, "unknown symbol %s%s", prefix, name);
		return;
	}
	if (!kc->quiet)
		warning("%s:%d: unknown symbol %s%s", file, line, prefix, name);
}

/* kconfig_read() of @len bytes at @buf, read from @name */
int kc_read_buffer(struct kconfig *kc, const char *name, const char *buf,
		   size_t len, bool merge)
{
	const char *prefix = kconfig_prefix(), *file = kc_strdup(kc, name);
	size_t start = kc->nr_assigns, off = 0, i;
	int lineno = 0, warnings = kc->warnings;
	char *line = NULL;

	if (!merge) {
		kc->nr_assigns = 0;
		start = 0;
	}
	while (off < len) {
		const char *s = buf + off;
		const char *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) + 1 : len - off;
		char *sym_name, *val = NULL;
		const char *sval = NULL;
		enum tristate tri = no;
		struct ksym *sym;

		off += n;
		lineno++;
		free(line);
		line = xstrndup(s, n);
		sym_name = split_line(line, prefix, &val);
		if (!sym_name) {
			if (line[0] != '#' && line[0] != '\r' &&
			    line[0] != '\n')
				kc_warn(kc, file, lineno,
					"unexpected data: %.*s",
					(int)strcspn(line, "\r\n"), line);
			continue;
		}
		sym = kc_sym_find(kc, sym_name);
		if (!sym || sym->type == KS_UNKNOWN) {
			warn_unknown(kc, file, lineno, prefix, sym_name);
			if (!sym)
				kc->changed = true;
			continue;
		}
		if (sym->flags & KSYM_SEEN)
			kc_warn(kc, file, lineno,
				"override: reassigning to symbol %s", sym_name);
		sym->flags |= KSYM_MENTIONED;
		if (!parse_value(kc, sym, val, file, lineno, &tri, &sval))
			continue;
		sym->flags |= KSYM_SEEN;
		add_assign(kc, sym, tri, sval, file, lineno);
	}
	free(line);
	/* as merge_config.sh: the symbols of a fragment lose their
	   earlier lines */
	if (merge)
		start = drop_mentioned(kc, start);
	for (i = 0; i < kc->nr_syms; i++)
		kc->syms[i]->flags &= ~(KSYM_SEEN | KSYM_MENTIONED);
	kc->have_config = true;
	replay(kc, start);
	/* what Kconfig warned about differs from what it writes */
	if (kc->warnings != warnings)
		kc->changed = true;
	return 0;
}

int kconfig_read(struct kconfig *kc, const char *path, bool merge)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (read_file(path, &sb)) {
		strbuf_release(&sb);
		return error_errno("cannot read '%s'", path);
	}
	ret = kc_read_buffer(kc, path, sb.buf, sb.len, merge);
	strbuf_release(&sb);
	return ret;
}

int kconfig_set_user(struct kconfig *kc, const char *name, const char *value)
{
	struct ksym *sym = kconfig_lookup(kc, name);
	enum tristate tri = no;
	const char *val = NULL;
	size_t i, j = 0;

	if (!sym || sym->type == KS_UNKNOWN)
		return error("unknown symbol '%s'", name);
	if (value) {
		switch (sym->type) {
		case KS_BOOL:
		case KS_TRISTATE:
			if (!strcmp(value, "y"))
				tri = yes;
			else if (!strcmp(value, "m") &&
				 sym->type == KS_TRISTATE)
				tri = mod;
			else if (strcmp(value, "n"))
				return error("'%s' is not a value for %s %s (%s)",
					     value, ksym_type_name(sym->type),
					     name, sym->type == KS_BOOL ?
					     "y or n" : "y, m or n");
			break;
		default:
			if (!kc_sym_string_valid(sym, value))
				return error("'%s' is not a valid %s value for %s",
					     value, ksym_type_name(sym->type),
					     name);
			val = kc_strdup(kc, value);
		}
	}
	for (i = 0; i < kc->nr_assigns; i++)
		if (kc->assigns[i].sym != sym)
			kc->assigns[j++] = kc->assigns[i];
	kc->nr_assigns = j;
	if (value)
		add_assign(kc, sym, tri, val, NULL, 0);
	kc->have_config = true;
	replay(kc, kc->nr_assigns);
	kc->changed = true;
	return 0;
}

/*
 * What conf_read() does after reading: compute everything, see whether
 * the file was already what Kconfig makes of it, and drop the user
 * values of int/hex/string symbols that are out of range.
 */
void kconfig_calc(struct kconfig *kc)
{
	int unsaved = 0;
	size_t i;

	kc_sym_calc(kc->modules_sym);
	for (i = 0; i < kc->nr_syms; i++) {
		struct ksym *sym = kc->syms[i];

		kc_sym_calc(sym);
		if (sym->is_choice || (sym->flags & KSYM_NO_WRITE) ||
		    sym->is_const)
			continue;
		if (sym->has_user && (sym->flags & KSYM_WRITE)) {
			if (sym->type == KS_BOOL || sym->type == KS_TRISTATE) {
				if (sym->user.tri == sym->curr.tri)
					continue;
			} else if (!strcmp(sym->curr.val, sym->user.val)) {
				continue;
			}
		} else if (!sym->has_user && !(sym->flags & KSYM_WRITE)) {
			continue;
		}
		unsaved++;
	}
	for (i = 0; i < kc->nr_syms; i++) {
		struct ksym *sym = kc->syms[i];

		if (!sym->has_user || (sym->flags & KSYM_CHOICEVAL))
			continue;
		if (sym->visible == no && !unsaved)
			sym->has_user = false;
		if (sym->type != KS_STRING && sym->type != KS_INT &&
		    sym->type != KS_HEX)
			continue;
		if (!sym->has_user ||
		    kc_sym_string_within_range(sym, sym->user.val))
			continue;
		sym->flags &= ~KSYM_VALID;
		sym->flags |= KSYM_RANGE_RESET;
		sym->has_user = false;
		unsaved++;
	}
	if (unsaved)
		kc->changed = true;
}

static void add_escaped(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

static void print_symbol(struct strbuf *out, struct ksym *sym,
			 const char *prefix)
{
	const char *val;

	if (sym->type == KS_UNKNOWN)
		return;
	val = kc_sym_string_value(sym);
	if ((sym->type == KS_BOOL || sym->type == KS_TRISTATE) &&
	    *val == 'n') {
		strbuf_addf(out, "# %s%s is not set\n", prefix, sym->name);
		return;
	}
	strbuf_addf(out, "%s%s=", prefix, sym->name);
	if (sym->type == KS_STRING)
		add_escaped(out, val);
	else
		strbuf_addstr(out, val);
	strbuf_addch(out, '\n');
}

void kconfig_format(struct kconfig *kc, struct strbuf *out)
{
	const char *prefix = kconfig_prefix();
	bool need_newline = false;
	struct kmenu *m;
	size_t i;

	strbuf_addf(out, "#\n# Automatically generated file; DO NOT EDIT.\n"
		    "# %s\n#\n", kc->root.prompt->text);
	/* unchanged: the values are computed afresh, in menu order */
	if (!kc->changed)
		kc_sym_clear_all_valid(kc);
	m = kc->root.list;
	while (m) {
		struct ksym *sym = m->sym;

		if (!sym) {
			if (kmenu_visible(m)) {
				strbuf_addf(out, "\n#\n# %s\n#\n",
					    m->prompt->text);
				need_newline = false;
			}
		} else if (!sym->is_choice && !(sym->flags & KSYM_WRITTEN)) {
			kc_sym_calc(sym);
			if (sym->flags & KSYM_WRITE) {
				if (need_newline) {
					strbuf_addch(out, '\n');
					need_newline = false;
				}
				sym->flags |= KSYM_WRITTEN;
				print_symbol(out, sym, prefix);
			}
		}
		if (m->list) {
			m = m->list;
			continue;
		}
		for (;;) {
			if (!m->sym && m != &kc->root && kmenu_visible(m) &&
			    m->prompt->type == KP_MENU) {
				strbuf_addf(out, "# end of %s\n",
					    m->prompt->text);
				need_newline = true;
			}
			if (m->next) {
				m = m->next;
				break;
			}
			m = m->parent;
			if (!m)
				break;
		}
	}
	for (i = 0; i < kc->nr_syms; i++)
		kc->syms[i]->flags &= ~KSYM_WRITTEN;
}

static int write_parent_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int ret = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		ret = mkdir_p(dir);
	}
	free(dir);
	return ret;
}

int kconfig_write(struct kconfig *kc, const char *path, bool backup)
{
	struct strbuf out = STRBUF_INIT, old = STRBUF_INIT;
	const char *overwrite = getenv("KCONFIG_OVERWRITECONFIG");
	bool have_old;
	int ret = 0;

	if (!path)
		path = kc->config_path;
	if (!path || !*path)
		return error("no .config path to write to");
	if (is_dir(path))
		return error("cannot write the configuration to '%s': it is a directory",
			     path);
	kconfig_format(kc, &out);
	kc->changed = false;
	have_old = !read_file(path, &old);
	if (have_old && old.len == out.len &&
	    !memcmp(old.buf, out.buf, out.len))
		goto out;	/* no change: no .old either, as conf */
	if (write_parent_dir(path)) {
		ret = -1;
		goto out;
	}
	if (overwrite && *overwrite) {
		/* in place, e.g. through a symlink */
		FILE *f = fopen(path, "w");

		if (!f || fwrite(out.buf, 1, out.len, f) != out.len) {
			ret = error_errno("cannot write '%s'", path);
			if (f)
				fclose(f);
			goto out;
		}
		if (fclose(f))
			ret = error_errno("cannot write '%s'", path);
		goto out;
	}
	if (backup && have_old) {
		char *name = xasprintf("%s.old", path);

		ret = write_file_atomic(name, old.buf, old.len);
		free(name);
		if (ret)
			goto out;
	}
	ret = write_file_atomic(path, out.buf, out.len);
out:
	strbuf_release(&out);
	strbuf_release(&old);
	return ret;
}

/* The user values as they are now, to go back to (kdev config enable). */
void kc_snapshot_take(struct kconfig *kc, struct kc_snapshot *s)
{
	s->nr = kc->nr_assigns;
	s->v = xmalloc((s->nr + 1) * sizeof(*s->v));
	if (s->nr)
		memcpy(s->v, kc->assigns, s->nr * sizeof(*s->v));
}

void kc_snapshot_restore(struct kconfig *kc, struct kc_snapshot *s)
{
	ALLOC_GROW(kc->assigns, s->nr + 1, kc->alloc_assigns);
	if (s->nr)
		memcpy(kc->assigns, s->v, s->nr * sizeof(*s->v));
	kc->nr_assigns = s->nr;
	replay(kc, kc->nr_assigns);
}

void kc_snapshot_release(struct kc_snapshot *s)
{
	free(s->v);
	s->v = NULL;
	s->nr = 0;
}

int kconfig_read_text(struct kconfig *kc, const char *name, const char *buf,
		      size_t len, bool merge)
{
	return kc_read_buffer(kc, name, buf, len, merge);
}

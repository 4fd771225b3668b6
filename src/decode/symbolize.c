// SPDX-License-Identifier: GPL-2.0
/*
 * Symbolizer: kernel symbol+offset or address -> function, file:line and
 * the chain of inlined calls, using elfutils libdwfl and libdw.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/error.h"
#include "../lib/run-command.h"
#include "../lib/strbuf.h"
#include "dw.h"
#include "symbolize.h"

struct ksym {
	const char *name;
	uint64_t addr;		/* in the object's layout */
	uint64_t value;		/* st_value */
	uint64_t size;		/* st_size */
	uint64_t ksize;		/* distance to the next symbol (kallsyms) */
	/*
	 * No symbol follows in its section: the kernel's size runs to the
	 * end of what it laid out (a module's text), so any size from ours
	 * up is the same function.
	 */
	int open_end;
	uint32_t shndx;
};

struct symobj {
	char *path;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;
	int dwarf_state;	/* 0 unknown, 1 yes, -1 no */
	struct ksym *syms;
	size_t nsyms;
	uint32_t *hash;		/* index + 1, 0 empty */
	size_t hash_size;
	char *release;
	char *banner;
	char *buildid;
	char *tree;
};

/* filled in by symobj_open(), once libdw is loaded */
static Dwfl_Callbacks offline_callbacks;

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = *(const struct ksym * const *)a;
	const struct ksym *y = *(const struct ksym * const *)b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return 0;
}

/* Is section @shndx code? Answers are cached in @exec (0 unknown). */
static int section_is_code(Elf *elf, GElf_Word shndx, signed char *exec,
			   size_t nexec)
{
	Elf_Scn *scn;
	GElf_Shdr shdr;

	if (!exec) {
		scn = elf_getscn(elf, shndx);
		return scn && gelf_getshdr(scn, &shdr) &&
		       (shdr.sh_flags & SHF_EXECINSTR);
	}
	if (shndx >= nexec)
		return 0;
	if (!exec[shndx]) {
		scn = elf_getscn(elf, shndx);
		exec[shndx] = scn && gelf_getshdr(scn, &shdr) &&
			      (shdr.sh_flags & SHF_EXECINSTR) ? 1 : -1;
	}
	return exec[shndx] > 0;
}

/* Symbols a kernel call trace can name: functions and labels in code. */
static int func_like(const GElf_Sym *sym, GElf_Word shndx, Elf *elf,
		     signed char *exec, size_t nexec)
{
	int type = GELF_ST_TYPE(sym->st_info);

	if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx >= SHN_LORESERVE)
		return 0;
	if (type != STT_FUNC && type != STT_NOTYPE)
		return 0;
	return section_is_code(elf, shndx, exec, nexec);
}

static void load_symbols(struct symobj *o)
{
	int n = dwfl_module_getsymtab(o->mod);
	struct ksym **sorted;
	size_t i, k;

	size_t nexec = 0;
	signed char *exec;

	if (n <= 0)
		return;
	if (elf_getshdrnum(o->elf, &nexec))
		nexec = 0;
	exec = xcalloc(nexec + 1, 1);
	o->syms = xcalloc((size_t)n, sizeof(*o->syms));
	for (i = 0; i < (size_t)n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		Elf *elf = NULL;
		const char *name;

		name = dwfl_module_getsym_info(o->mod, (int)i, &sym, &addr,
					       &shndx, &elf, NULL);
		if (!elf)
			elf = o->elf;
		/* the cache is for the main file's sections only */
		if (!name || !*name ||
		    !func_like(&sym, shndx, elf, elf == o->elf ? exec : NULL,
			       nexec))
			continue;
		o->syms[o->nsyms].name = name;
		o->syms[o->nsyms].addr = addr;
		o->syms[o->nsyms].value = sym.st_value;
		o->syms[o->nsyms].size = sym.st_size;
		o->syms[o->nsyms].ksize = sym.st_size;
		o->syms[o->nsyms].open_end = 1;
		o->syms[o->nsyms].shndx = shndx;
		o->nsyms++;
	}
	/* kallsyms prints sizes as the distance to the next symbol */
	sorted = xcalloc(o->nsyms, sizeof(*sorted));
	for (i = 0; i < o->nsyms; i++)
		sorted[i] = &o->syms[i];
	qsort(sorted, o->nsyms, sizeof(*sorted), cmp_addr);
	/* each group of symbols at one address takes the next group's */
	for (i = 0; i < o->nsyms; i = k) {
		size_t j;

		for (k = i + 1; k < o->nsyms; k++)
			if (sorted[k]->addr != sorted[i]->addr)
				break;
		for (j = i; j < k && k < o->nsyms; j++)
			if (sorted[k]->shndx == sorted[j]->shndx) {
				sorted[j]->ksize = sorted[k]->addr - sorted[j]->addr;
				sorted[j]->open_end = 0;
			}
	}
	free(sorted);
	free(exec);

	o->hash_size = 16;
	while (o->hash_size < o->nsyms * 2)
		o->hash_size <<= 1;
	o->hash = xcalloc(o->hash_size, sizeof(*o->hash));
	for (i = 0; i < o->nsyms; i++) {
		size_t h = hash_str(o->syms[i].name) & (o->hash_size - 1);

		while (o->hash[h])
			h = (h + 1) & (o->hash_size - 1);
		o->hash[h] = (uint32_t)i + 1;
	}
}

/* Up to @max symbols named @name; returns how many there are in all. */
static size_t find_syms(const struct symobj *o, const char *name,
			struct ksym **out, size_t max)
{
	size_t h, n = 0;

	if (!o->hash)
		return 0;
	h = hash_str(name) & (o->hash_size - 1);
	while (o->hash[h]) {
		struct ksym *s = &o->syms[o->hash[h] - 1];

		if (!strcmp(s->name, name)) {
			if (n < max)
				out[n] = s;
			n++;
		}
		h = (h + 1) & (o->hash_size - 1);
	}
	return n;
}

static const char *section_bytes(Elf *elf, uint32_t shndx, uint64_t value,
				 size_t *avail)
{
	Elf_Scn *scn = elf_getscn(elf, shndx);
	GElf_Shdr shdr;
	Elf_Data *data;
	uint64_t off;

	if (!scn || !gelf_getshdr(scn, &shdr) || shdr.sh_type == SHT_NOBITS)
		return NULL;
	data = elf_getdata(scn, NULL);
	if (!data || !data->d_buf)
		return NULL;
	off = value - (shdr.sh_flags & SHF_ALLOC ? shdr.sh_addr : 0);
	if (value < shdr.sh_addr || off >= data->d_size)
		return NULL;
	*avail = data->d_size - off;
	return (const char *)data->d_buf + off;
}

static char *first_word(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] && s[k] != ' ' && s[k] != '\n')
		k++;
	return k ? xstrndup(s, k) : NULL;
}

static void read_release(struct symobj *o)
{
	size_t avail, n;
	const char *p;
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (!o->elf)
		return;
	/* vmlinux: linux_banner is an object, not in our function index */
	{
		int i, cnt = dwfl_module_getsymtab(o->mod);

		for (i = 0; i < cnt; i++) {
			GElf_Sym sym;
			GElf_Addr addr;
			GElf_Word shndx;
			const char *name = dwfl_module_getsym_info(
				o->mod, i, &sym, &addr, &shndx, NULL, NULL);

			if (!name || strcmp(name, "linux_banner"))
				continue;
			p = section_bytes(o->elf, shndx, sym.st_value, &avail);
			if (!p)
				break;
			n = strnlen(p, avail);
			o->banner = xstrndup(p, n);
			while (o->banner[0] &&
			       o->banner[strlen(o->banner) - 1] == '\n')
				o->banner[strlen(o->banner) - 1] = '\0';
			if (!strncmp(p, "Linux version ", 14))
				o->release = first_word(p + 14, n - 14);
			return;
		}
	}
	/* a module: .modinfo has "vermagic=RELEASE SMP ..." */
	if (elf_getshdrstrndx(o->elf, &shstrndx))
		return;
	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			continue;
		name = elf_strptr(o->elf, shstrndx, shdr.sh_name);
		if (!name || strcmp(name, ".modinfo"))
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !data->d_buf)
			return;
		p = data->d_buf;
		n = data->d_size;
		while (n) {
			size_t len = strnlen(p, n);

			if (len > 9 && !strncmp(p, "vermagic=", 9)) {
				o->release = first_word(p + 9, len - 9);
				return;
			}
			if (len == n)
				break;
			p += len + 1;
			n -= len + 1;
		}
		return;
	}
}

static void read_buildid(struct symobj *o)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(o->mod, &bits, &vaddr);
	int i;

	if (n <= 0)
		return;
	o->buildid = xmalloc((size_t)n * 2 + 1);
	for (i = 0; i < n; i++)
		sprintf(o->buildid + i * 2, "%02x", bits[i]);
}

/* Clear reasons before libdwfl's: missing, not ELF, truncated. */
static int check_elf(const char *path, char **err)
{
	unsigned char ident[EI_NIDENT];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf;
	GElf_Ehdr eh;
	int ret = -1;

	if (fd < 0) {
		*err = xasprintf("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		*err = xasprintf("'%s' is not a regular file", path);
		goto out;
	}
	n = pread(fd, ident, sizeof(ident), 0);
	if (n != (ssize_t)sizeof(ident) || memcmp(ident, ELFMAG, SELFMAG)) {
		*err = xasprintf("'%s' is not an ELF file", path);
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || !gelf_getehdr(elf, &eh)) {
		*err = xasprintf("'%s' is a damaged ELF file: %s", path,
				 elf_errmsg(-1));
	} else if (eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize >
		   (uint64_t)st.st_size) {
		*err = xasprintf("'%s' is truncated (%lld bytes; its section "
				 "headers end at %llu)", path,
				 (long long)st.st_size,
				 (unsigned long long)(eh.e_shoff +
				 (uint64_t)eh.e_shnum * eh.e_shentsize));
	} else {
		ret = 0;
	}
	if (elf)
		elf_end(elf);
out:
	close(fd);
	return ret;
}

/* .ko.zst: libdw of Debian 12 cannot read zstd itself. */
static int open_zstd(const char *path, char **err)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	int fd = memfd_create("kdev-module", MFD_CLOEXEC);

	if (fd < 0) {
		*err = xasprintf("cannot create memfd: %s", strerror(errno));
		return -1;
	}
	strvec_pushl(&cp.args, "zstd", "-dcq", "--", path, NULL);
	cp.out = fd;
	cp.err = CHILD_NULL;
	if (run_command(&cp)) {
		*err = xasprintf("cannot decompress '%s' (is zstd installed?)",
				 path);
		strvec_clear(&cp.args);
		close(fd);
		return -1;
	}
	strvec_clear(&cp.args);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

struct symobj *symobj_open(const char *path, char **err)
{
	struct symobj *o;
	int fd = -1;
	const char *base = strrchr(path, '/'), *why;

	*err = NULL;
	if (dw_load(&why)) {
		*err = xstrdup(why);
		return NULL;
	}
	offline_callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
	offline_callbacks.section_address = dwfl_offline_section_address;
	elf_version(EV_CURRENT);
	base = base ? base + 1 : path;
	if (strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".zst")) {
		fd = open_zstd(path, err);
		if (fd < 0)
			return NULL;
	} else if (!(strlen(path) > 3 &&
		     (!strcmp(path + strlen(path) - 3, ".xz") ||
		      !strcmp(path + strlen(path) - 3, ".gz"))) &&
		   check_elf(path, err)) {
		return NULL;
	}
	o = xcalloc(1, sizeof(*o));
	o->path = xstrdup(path);
	o->dwfl = dwfl_begin(&offline_callbacks);
	if (!o->dwfl) {
		*err = xasprintf("cannot start libdwfl: %s", dwfl_errmsg(-1));
		goto fail;
	}
	dwfl_report_begin(o->dwfl);
	o->mod = dwfl_report_offline(o->dwfl, base, path, fd);
	fd = -1;
	dwfl_report_end(o->dwfl, NULL, NULL);
	if (!o->mod) {
		*err = xasprintf("cannot read '%s': %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	{
		GElf_Addr bias;

		o->elf = dwfl_module_getelf(o->mod, &bias);
	}
	if (!o->elf) {
		*err = xasprintf("cannot read '%s': %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	load_symbols(o);
	read_release(o);
	read_buildid(o);
	return o;
fail:
	if (fd >= 0)
		close(fd);
	symobj_free(o);
	return NULL;
}

void symobj_free(struct symobj *o)
{
	if (!o)
		return;
	if (o->dwfl)
		dwfl_end(o->dwfl);
	free(o->syms);
	free(o->hash);
	free(o->path);
	free(o->release);
	free(o->banner);
	free(o->buildid);
	free(o->tree);
	free(o);
}

const char *symobj_path(const struct symobj *o)
{
	return o->path;
}

int symobj_has_dwarf(struct symobj *o)
{
	if (!o->dwarf_state) {
		Dwarf_Addr bias;

		o->dwarf_state = dwfl_module_getdwarf(o->mod, &bias) ? 1 : -1;
	}
	return o->dwarf_state > 0;
}

const char *symobj_release(const struct symobj *o)
{
	return o->release;
}

const char *symobj_banner(const struct symobj *o)
{
	return o->banner;
}

const char *symobj_buildid(const struct symobj *o)
{
	return o->buildid;
}

void symobj_set_tree(struct symobj *o, const char *tree)
{
	free(o->tree);
	o->tree = tree ? xstrdup(tree) : NULL;
	if (o->tree) {
		size_t n = strlen(o->tree);

		while (n > 1 && o->tree[n - 1] == '/')
			o->tree[--n] = '\0';
	}
}

/*
 * How much of @full to drop: the longest ancestor of @comp_dir (two
 * components at least) that contains it. O= builds (Debian's among them)
 * have the object directory as comp_dir and sources in a parent.
 */
static size_t strip_ancestor(const char *full, const char *comp_dir)
{
	char *dir = xstrdup(comp_dir);
	size_t ret = 0;

	path_normalize(dir);
	for (;;) {
		size_t n = strlen(dir), slashes = 0, i;
		char *cut;

		for (i = 0; i < n; i++)
			slashes += dir[i] == '/';
		if (slashes < 2)
			break;
		if (!strncmp(full, dir, n) && full[n] == '/') {
			ret = n + 1;
			break;
		}
		cut = strrchr(dir, '/');
		*cut = '\0';
	}
	free(dir);
	return ret;
}

/* @full (normalised) as shown: relative to the tree when under it. */
static char *display_path(const struct symobj *o, const char *comp_dir,
			  const char *full)
{
	size_t n;

	if (o->tree && (n = strlen(o->tree)) &&
	    !strncmp(full, o->tree, n) && full[n] == '/')
		return xstrdup(full + n + 1);
	if (comp_dir)
		return xstrdup(full + strip_ancestor(full, comp_dir));
	return xstrdup(full);
}

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *name;

	name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
	return name;
}

static void add_loc(struct sym_match *m, const struct symobj *o,
		    const char *comp_dir, const char *func, const char *file,
		    int line)
{
	struct sym_loc *l;

	m->locs = xrealloc(m->locs, (m->nlocs + 1) * sizeof(*m->locs));
	l = &m->locs[m->nlocs++];
	l->func = func ? xstrdup(func) : NULL;
	l->path = NULL;
	l->file = NULL;
	if (file) {
		l->path = file[0] == '/' || !comp_dir ? xstrdup(file) :
			  xasprintf("%s/%s", comp_dir, file);
		path_normalize(l->path);
		l->file = display_path(o, comp_dir, l->path);
	}
	l->line = line;
}

static int is_func_scope(Dwarf_Die *die)
{
	int tag = dwarf_tag(die);

	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

/* Fill @m for @addr; returns 0 when a line was found. */
static int describe(struct symobj *o, uint64_t addr, const char *symname,
		    struct sym_match *m)
{
	Dwarf_Addr bias = 0, la;
	Dwarf_Die *cudie, *scopes = NULL;
	Dwfl_Line *line;
	const char *file = NULL, *comp_dir = NULL;
	Dwarf_Attribute attr;
	Dwarf_Files *files = NULL;
	size_t nfiles = 0;
	int lineno = 0, n, i;

	m->addr = addr;
	if (!symobj_has_dwarf(o))
		return -1;
	line = dwfl_module_getsrc(o->mod, addr);
	if (line)
		file = dwfl_lineinfo(line, &la, &lineno, NULL, NULL, NULL);
	cudie = dwfl_module_addrdie(o->mod, addr, &bias);
	if (cudie) {
		comp_dir = dwarf_formstring(dwarf_attr(cudie, DW_AT_comp_dir,
						       &attr));
		if (dwarf_getsrcfiles(cudie, &files, &nfiles))
			files = NULL;
	}
	n = cudie ? dwarf_getscopes(cudie, addr - bias, &scopes) : 0;
	if (n < 0)
		n = 0;
	/*
	 * Past an inlined instance dwarf_getscopes() follows its abstract
	 * origin; the physical chain of callers comes from the DIE itself.
	 */
	if (n > 0) {
		Dwarf_Die inner;
		Dwarf_Addr dbias;
		Dwarf *dw = dwfl_module_getdwarf(o->mod, &dbias);

		if (dw && dwarf_offdie(dw, dwarf_dieoffset(&scopes[0]), &inner)) {
			Dwarf_Die *chain = NULL;
			int m = dwarf_getscopes_die(&inner, &chain);

			if (m > 0) {
				free(scopes);
				scopes = chain;
				n = m;
			} else {
				free(chain);
			}
		}
	}
	for (i = 0; i < n && !is_func_scope(&scopes[i]); i++)
		;
	if (!file && i == n) {
		free(scopes);
		return -1;
	}
	add_loc(m, o, comp_dir, i < n ? die_name(&scopes[i]) : symname,
		file, lineno);
	for (; i < n; i++) {
		Dwarf_Word cfile = 0, cline = 0;
		const char *fname = NULL;
		int j;

		if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
			break;
		dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file, &attr),
				&cfile);
		dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &attr),
				&cline);
		if (files && cfile < nfiles)
			fname = dwarf_filesrc(files, cfile, NULL, NULL);
		for (j = i + 1; j < n && !is_func_scope(&scopes[j]); j++)
			;
		add_loc(m, o, comp_dir, j < n ? die_name(&scopes[j]) : NULL,
			fname, (int)cline);
	}
	free(scopes);
	return 0;
}

static void free_match(struct sym_match *m)
{
	size_t k;

	for (k = 0; k < m->nlocs; k++) {
		free(m->locs[k].func);
		free(m->locs[k].file);
		free(m->locs[k].path);
	}
	free(m->locs);
}

static void add_match(struct sym_result *res)
{
	res->m = xrealloc(res->m, (res->nr + 1) * sizeof(*res->m));
	memset(&res->m[res->nr], 0, sizeof(*res->m));
	res->nr++;
}

static int same_place(const struct sym_match *a, const struct sym_match *b)
{
	const struct sym_loc *x, *y;

	if (!a->nlocs || !b->nlocs)
		return 0;
	x = &a->locs[0];
	y = &b->locs[0];
	return x->line == y->line && x->file && y->file &&
	       !strcmp(x->file, y->file);
}

#define MAX_CANDS 16

static size_t candidates(struct symobj *o, const char *sym, uint64_t off,
			 uint64_t size, int has_size, struct ksym **c,
			 int *mismatch)
{
	size_t n = find_syms(o, sym, c, MAX_CANDS), k, kept = 0;

	if (n > MAX_CANDS)
		n = MAX_CANDS;
	*mismatch = 0;
	if (!n || !has_size)
		return n;
	for (k = 0; k < n; k++)
		if (c[k]->size == size || c[k]->ksize == size ||
		    (c[k]->open_end && size >= c[k]->ksize))
			c[kept++] = c[k];
	if (kept)
		return kept;
	/* no size matches: keep those the offset fits in, and say so */
	*mismatch = 1;
	for (k = 0; k < n; k++)
		if (off < (c[k]->ksize > c[k]->size ? c[k]->ksize : c[k]->size) ||
		    !c[k]->size)
			c[kept++] = c[k];
	return kept ? kept : n;
}

void symobj_lookup_sym(struct symobj *o, const char *sym, uint64_t off,
		       uint64_t size, int has_size, int exact,
		       struct sym_result *res)
{
	struct ksym *c[MAX_CANDS];
	size_t n, k;
	int found = 0;

	memset(res, 0, sizeof(*res));
	n = candidates(o, sym, off, size, has_size, c, &res->size_mismatch);
	if (!n) {
		res->status = SYM_NOSYM;
		return;
	}
	/* an offset past the end cannot be in this symbol (a bad oops) */
	for (k = 0; k < n;) {
		uint64_t end = c[k]->ksize > c[k]->size ? c[k]->ksize : c[k]->size;

		if (end && off > end && (!has_size || off > size))
			c[k] = c[--n];
		else
			k++;
	}
	if (!n) {
		res->status = SYM_BADOFF;
		return;
	}
	res->sym_size = c[0]->ksize;
	/*
	 * Past the function's own size but before the next symbol: alignment
	 * padding. A stale stack word ("? " frames), not a return address;
	 * a line number here would be a guess.
	 */
	for (k = 0; k < n;) {
		uint64_t a = c[k]->addr + off - (!exact && off);

		if (c[k]->size && a >= c[k]->addr + c[k]->size)
			c[k] = c[--n];
		else
			k++;
	}
	if (!n) {
		res->status = SYM_PADDING;
		return;
	}
	for (k = 0; k < n; k++) {
		uint64_t a = c[k]->addr + off;

		if (!exact && off)
			a--;
		add_match(res);
		if (!describe(o, a, sym, &res->m[res->nr - 1]))
			found = 1;
	}
	/* candidates that land on the same line are one answer */
	for (k = 1; k < res->nr;) {
		if (same_place(&res->m[0], &res->m[k])) {
			free_match(&res->m[k]);
			memmove(&res->m[k], &res->m[k + 1],
				(res->nr - k - 1) * sizeof(*res->m));
			res->nr--;
			continue;
		}
		k++;
	}
	if (!found)
		res->status = SYM_NOLINE;
	else
		res->status = res->nr > 1 ? SYM_AMBIGUOUS : SYM_OK;
}

int symobj_sym_addr(struct symobj *o, const char *sym, uint64_t off,
		    uint64_t size, int has_size, uint64_t *addr)
{
	struct ksym *c[MAX_CANDS];
	int mismatch;
	size_t n = candidates(o, sym, off, size, has_size, c, &mismatch);

	if (n != 1)
		return -1;
	*addr = c[0]->value + off;
	return 0;
}

void symobj_lookup_addr(struct symobj *o, uint64_t addr, int exact,
			struct sym_result *res)
{
	Dwfl_Module *m;
	const char *name;
	GElf_Sym sym;
	GElf_Off off;

	memset(res, 0, sizeof(*res));
	if (!exact)
		addr--;
	m = dwfl_addrmodule(o->dwfl, addr);
	if (!m) {
		res->status = SYM_OUTSIDE;
		return;
	}
	name = dwfl_module_addrinfo(m, addr, &off, &sym, NULL, NULL, NULL);
	add_match(res);
	if (describe(o, addr, name, &res->m[0]))
		res->status = name ? SYM_NOLINE : SYM_OUTSIDE;
	else
		res->status = SYM_OK;
}

void sym_result_clear(struct sym_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		free_match(&res->m[i]);
	free(res->m);
	res->m = NULL;
	res->nr = 0;
}

/* Edit distance of @a and @b, or @cap + 1 once it is past @cap. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, best, ret;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	row = xcalloc(lb + 1, sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], v;

			v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	ret = row[lb];
	free(row);
	return ret;
}

size_t symobj_similar(struct symobj *o, const char *name, const char **out,
		      size_t max)
{
	size_t *dist, n = 0, i, k, len = strlen(name);
	size_t cap = len / 3 > 3 ? len / 3 : 3;

	if (!max)
		return 0;
	dist = xcalloc(max, sizeof(*dist));
	for (i = 0; i < o->nsyms; i++) {
		const char *s = o->syms[i].name;
		size_t d;

		if (strstr(s, name) || (strlen(s) >= 4 && strstr(name, s)))
			d = 1;
		else
			d = edit_distance(name, s, cap);
		if (d > cap)
			continue;
		for (k = 0; k < n; k++)
			if (!strcmp(out[k], s))
				break;
		if (k < n)
			continue;
		/* insert in order of distance, then name */
		for (k = n; k > 0 && (dist[k - 1] > d ||
				      (dist[k - 1] == d && strcmp(out[k - 1], s) > 0));
		     k--)
			if (k < max) {
				out[k] = out[k - 1];
				dist[k] = dist[k - 1];
			}
		if (k < max) {
			out[k] = s;
			dist[k] = d;
			if (n < max)
				n++;
		}
	}
	free(dist);
	return n;
}

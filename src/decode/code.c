// SPDX-License-Identifier: GPL-2.0
/*
 * Disassemble the "Code:" line of a kernel oops, like the kernel's
 * scripts/decodecode, with capstone.
 *
 * x86 dumps start some 42 bytes before the faulting IP, usually in the
 * middle of an instruction. decodecode retries objdump from successive
 * offsets until the faulting instruction lines up; we do the same, but
 * in one backward pass: reach[p] says whether decoding from offset p
 * lands exactly on the faulting offset, and the first such p is used.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>
#include <dlfcn.h>

#include "code.h"
#include "../lib/error.h"
#include "../lib/util.h"

#define X86_MAX_INSN	15

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

int code_parse(const char *text, struct code_bytes *out)
{
	const char *p = text;
	size_t width = 0;
	int marks = 0;

	if (!out)
		return -1;
	memset(out, 0, sizeof(*out));
	if (!text)
		return -1;

	for (;;) {
		const char *start;
		char close = 0;
		size_t n, i;
		uint32_t val = 0;

		while (is_space((unsigned char)*p))
			p++;
		if (!*p)
			break;

		if (*p == '<')
			close = '>';
		else if (*p == '(')
			close = ')';
		if (close)
			p++;

		start = p;
		while (hexval((unsigned char)*p) >= 0)
			p++;
		n = (size_t)(p - start);
		/* 4 digits (riscv, arm thumb) are not supported */
		if (n != 2 && n != 8)
			goto fail;
		if (width && n != width)
			goto fail;
		width = n;

		if (close) {
			if (*p != close)
				goto fail;
			p++;
			if (marks++)
				goto fail;
			out->trap = out->len;
			out->has_trap = 1;
		}
		if (*p && !is_space((unsigned char)*p))
			goto fail;

		if (out->len + n / 2 > sizeof(out->buf))
			goto fail;
		for (i = 0; i < n; i++)
			val = val << 4 | (uint32_t)hexval((unsigned char)start[i]);
		/* arm64 words are little-endian in memory */
		for (i = 0; i < n / 2; i++)
			out->buf[out->len++] = (unsigned char)(val >> (8 * i));
	}

	if (!out->len)
		goto fail;
	out->arch = width == 2 ? CODE_ARCH_X86_64 : CODE_ARCH_ARM64;
	return 0;

fail:
	memset(out, 0, sizeof(*out));
	return -1;
}

/*
 * capstone is loaded when a Code: line is first disassembled, not when
 * kdev starts: its tables carry some 77,000 relocations, which cost
 * every kdev command (kdev maintainers, kdev version...) hundreds of
 * page faults at start-up. Only the major version kdev was built
 * against will do: cs_insn's layout changes between them.
 */
#define CS_STR_(x) #x
#define CS_STR(x) CS_STR_(x)
#define CAPSTONE_SONAME "libcapstone.so." CS_STR(CS_API_MAJOR)

static struct {
	int tried;
	void *lib;
	cs_err (*open)(cs_arch, cs_mode, csh *);
	cs_err (*close)(csh *);
	cs_err (*option)(csh, cs_opt_type, size_t);
	const char *(*strerror)(cs_err);
	cs_insn *(*malloc)(csh);
	void (*free)(cs_insn *, size_t);
	bool (*disasm_iter)(csh, const uint8_t **, size_t *, uint64_t *,
			    cs_insn *);
} cs;

static int capstone_load(void)
{
	void *lib;

	if (cs.tried)
		return cs.lib ? 0 : -1;
	cs.tried = 1;
	lib = dlopen(CAPSTONE_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return error("cannot load %s, which disassembles Code: lines: "
			     "%s (Debian: apt-get install libcapstone4)",
			     CAPSTONE_SONAME, dlerror());
	*(void **)&cs.open = dlsym(lib, "cs_open");
	*(void **)&cs.close = dlsym(lib, "cs_close");
	*(void **)&cs.option = dlsym(lib, "cs_option");
	*(void **)&cs.strerror = dlsym(lib, "cs_strerror");
	*(void **)&cs.malloc = dlsym(lib, "cs_malloc");
	*(void **)&cs.free = dlsym(lib, "cs_free");
	*(void **)&cs.disasm_iter = dlsym(lib, "cs_disasm_iter");
	if (!cs.open || !cs.close || !cs.option || !cs.strerror ||
	    !cs.malloc || !cs.free || !cs.disasm_iter) {
		dlclose(lib);
		return error("'%s' lacks the functions kdev uses",
			     CAPSTONE_SONAME);
	}
	cs.lib = lib;
	return 0;
}

enum rec_kind {
	REC_INSN,	/* a decoded instruction */
	REC_BAD,	/* undecodable bytes */
	REC_TRUNC,	/* instruction cut off by the end of the dump */
	REC_SKIP,	/* leading bytes of a partial instruction */
};

struct rec {
	size_t off;
	size_t size;
	enum rec_kind kind;
	char text[sizeof(((cs_insn *)0)->mnemonic) +
		  sizeof(((cs_insn *)0)->op_str) + 2];
};

struct dis {
	csh handle;
	cs_insn *insn;
	const struct code_bytes *cb;
	struct rec *recs;
	size_t nr;
	int ninsn;
};

/* Decode one instruction at @off using at most @size bytes. */
static int decode_one(struct dis *d, size_t off, size_t size)
{
	const uint8_t *code = d->cb->buf + off;
	uint64_t addr = off;

	return cs.disasm_iter(d->handle, &code, &size, &addr, d->insn) ?
	       (int)d->insn->size : 0;
}

static struct rec *add_rec(struct dis *d, size_t off, size_t size,
			   enum rec_kind kind)
{
	struct rec *r = &d->recs[d->nr++];

	r->off = off;
	r->size = size;
	r->kind = kind;
	r->text[0] = '\0';
	return r;
}

static void add_insn(struct dis *d, size_t off)
{
	struct rec *r = add_rec(d, off, d->insn->size, REC_INSN);

	if (d->insn->op_str[0])
		snprintf(r->text, sizeof(r->text), "%s %s",
			 d->insn->mnemonic, d->insn->op_str);
	else
		snprintf(r->text, sizeof(r->text), "%s", d->insn->mnemonic);
	d->ninsn++;
}

/*
 * Decode [@from, @to) linearly. Undecodable bytes become "(bad)" records
 * of @bad_size bytes; an instruction that runs past the end of the dump
 * becomes a "(truncated)" record.
 */
static void decode_linear(struct dis *d, size_t from, size_t to,
			  size_t bad_size)
{
	const struct code_bytes *cb = d->cb;
	size_t p = from;

	while (p < to) {
		size_t left = to - p;
		int n = decode_one(d, p, left);

		if (n > 0) {
			add_insn(d, p);
			p += (size_t)n;
			continue;
		}
		if (cb->arch == CODE_ARCH_X86_64 && to == cb->len &&
		    left < X86_MAX_INSN) {
			uint8_t pad[2 * X86_MAX_INSN] = { 0 };
			const uint8_t *code = pad;
			size_t size = sizeof(pad);
			uint64_t addr = p;

			memcpy(pad, cb->buf + p, left);
			if (cs.disasm_iter(d->handle, &code, &size, &addr,
					   d->insn) && d->insn->size > left) {
				add_rec(d, p, left, REC_TRUNC);
				break;
			}
		}
		if (bad_size > left)
			bad_size = left;
		add_rec(d, p, bad_size, REC_BAD);
		p += bad_size;
	}
}

/* Find the first offset before the trap from which decoding syncs. */
static size_t find_start(struct dis *d)
{
	size_t trap = d->cb->trap;
	unsigned char *reach;
	size_t p, start = trap;

	if (!trap)
		return 0;
	reach = xcalloc(trap + 1, 1);
	reach[trap] = 1;
	for (p = trap; p-- > 0; ) {
		int n = decode_one(d, p, trap - p);

		if (n > 0 && p + (size_t)n <= trap)
			reach[p] = reach[p + (size_t)n];
	}
	for (p = 0; p < trap; p++) {
		if (reach[p]) {
			start = p;
			break;
		}
	}
	free(reach);
	return start;
}

static void format_addr(char *buf, size_t len, const char *sym,
			uint64_t sym_off, const struct code_bytes *cb,
			size_t off)
{
	if (sym)
		snprintf(buf, len, "%s+0x%" PRIx64, sym,
			 sym_off + off - cb->trap);
	else
		snprintf(buf, len, "%zx", off);
}

static void add_bytes(struct strbuf *out, const struct code_bytes *cb,
		      size_t off, size_t size, size_t width)
{
	size_t i, cols;

	if (cb->arch == CODE_ARCH_ARM64) {
		for (i = 0; i + 4 <= size; i += 4) {
			const unsigned char *b = cb->buf + off + i;

			strbuf_addf(out, "%s%02x%02x%02x%02x", i ? " " : "",
				    b[3], b[2], b[1], b[0]);
		}
		/* a partial word, only from a hand-made code_bytes */
		for (; i < size; i++)
			strbuf_addf(out, " %02x", cb->buf[off + i]);
		cols = size / 4 * 9 + size % 4 * 3;
		width = width / 4 * 9;
	} else {
		for (i = 0; i < size; i++)
			strbuf_addf(out, "%02x ", cb->buf[off + i]);
		cols = size * 3;
		width *= 3;
	}
	if (cols < width)
		strbuf_addchars(out, ' ', width - cols);
}

static void add_text(struct strbuf *out, const struct rec *r, int trap)
{
	switch (r->kind) {
	case REC_INSN:
		strbuf_addf(out, "\t%s", r->text);
		break;
	case REC_BAD:
		strbuf_addstr(out, "\t(bad)");
		break;
	case REC_TRUNC:
		strbuf_addstr(out, "\t(truncated)");
		break;
	case REC_SKIP:
		strbuf_addf(out, "\t; %zu byte%s of a partial instruction skipped",
			    r->size, r->size == 1 ? "" : "s");
		break;
	}
	if (trap)
		strbuf_addstr(out, "\t<-- trapping instruction");
}

static void emit(struct dis *d, const char *prefix, const char *sym,
		 uint64_t sym_off, struct strbuf *out)
{
	const struct code_bytes *cb = d->cb;
	size_t width = cb->arch == CODE_ARCH_ARM64 ? 4 : 7;
	size_t awidth = 4, sym_start = SIZE_MAX;
	const char *label = sym;
	char addr[256];
	size_t i;

	/* Fall back to plain offsets when the dump starts before @sym. */
	if (sym && (!cb->has_trap || !d->nr || sym_off < cb->trap)) {
		if (cb->has_trap && sym_off <= cb->trap)
			sym_start = cb->trap - sym_off;
		sym = NULL;
	}

	for (i = 0; i < d->nr; i++) {
		size_t len;

		if (d->recs[i].kind != REC_SKIP && d->recs[i].size > width)
			width = d->recs[i].size;
		format_addr(addr, sizeof(addr), sym, sym_off, cb,
			    d->recs[i].off);
		len = strlen(addr);
		if (len > awidth)
			awidth = len;
	}

	for (i = 0; i < d->nr; i++) {
		const struct rec *r = &d->recs[i];
		int trap = cb->has_trap && r->off == cb->trap &&
			   r->kind != REC_SKIP;
		size_t done = 0;

		if (r->off == sym_start && sym_start != SIZE_MAX) {
			/* objdump-style label where the symbol begins */
			strbuf_addf(out, "%s%*zx <%s>:\n", prefix, (int)awidth,
				    r->off, label);
		}
		do {
			size_t n = r->size - done;

			if (n > width)
				n = width;
			format_addr(addr, sizeof(addr), sym, sym_off, cb,
				    r->off + done);
			strbuf_addf(out, "%s%*s:%c ", prefix, (int)awidth,
				    addr, trap && !done ? '*' : ' ');
			add_bytes(out, cb, r->off + done, n, width);
			if (!done)
				add_text(out, r, trap);
			strbuf_rtrim(out);
			strbuf_addch(out, '\n');
			done += n;
		} while (done < r->size);
		if (sym_start != SIZE_MAX && r->off < sym_start &&
		    sym_start < r->off + r->size)
			strbuf_addf(out,
				    "%s; %s+0x0 is at %zx, inside the above\n",
				    prefix, label, sym_start);
	}
}

int code_disasm(const struct code_bytes *cb, const char *prefix,
		const char *sym, uint64_t sym_off, struct strbuf *out)
{
	struct dis d = { 0 };
	cs_arch arch;
	cs_mode mode;
	cs_err err;

	if (!cb || !out)
		return error("cannot disassemble: no code bytes");
	if (cb->len > sizeof(cb->buf) ||
	    (cb->has_trap && cb->trap >= cb->len))
		return error("cannot disassemble: bad code bytes");
	if (!cb->len)
		return 0;
	if (!prefix)
		prefix = "";

	if (cb->arch == CODE_ARCH_ARM64) {
		arch = CS_ARCH_ARM64;
		mode = CS_MODE_LITTLE_ENDIAN;
	} else {
		arch = CS_ARCH_X86;
		mode = CS_MODE_64;
	}
	if (capstone_load())
		return -1;
	err = cs.open(arch, mode, &d.handle);
	if (err != CS_ERR_OK)
		return error("cannot open capstone: %s", cs.strerror(err));
	if (arch == CS_ARCH_X86 &&
	    cs.option(d.handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT) != CS_ERR_OK)
		warning("capstone lacks AT&T syntax, using Intel syntax");
	d.insn = cs.malloc(d.handle);
	if (!d.insn) {
		cs.close(&d.handle);
		return error("cannot allocate capstone instruction");
	}
	d.cb = cb;
	/* each record covers at least one byte, plus one skip record */
	d.recs = xcalloc(cb->len + 1, sizeof(*d.recs));

	if (cb->arch == CODE_ARCH_X86_64 && cb->has_trap) {
		size_t start = find_start(&d);

		if (start)
			add_rec(&d, 0, start, REC_SKIP);
		decode_linear(&d, start, cb->trap, 1);
		decode_linear(&d, cb->trap, cb->len, 1);
	} else {
		decode_linear(&d, 0, cb->len,
			      cb->arch == CODE_ARCH_ARM64 ? 4 : 1);
	}
	emit(&d, prefix, sym, sym_off, out);

	free(d.recs);
	cs.free(d.insn, 1);
	cs.close(&d.handle);
	return d.ninsn;
}

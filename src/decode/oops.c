// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel console text parser. Everything here works on (pointer, length)
 * pairs, never reads past the length, and allocates nothing, so that it
 * can be fuzzed on arbitrary bytes.
 */
#include <ctype.h>
#include <string.h>

#include "../lib/util.h"
#include "oops.h"

struct cur {
	const char *s;
	size_t len;
	size_t i;
};

static int at_end(const struct cur *c)
{
	return c->i >= c->len;
}

static int peek(const struct cur *c)
{
	return at_end(c) ? -1 : (unsigned char)c->s[c->i];
}

static int peek_at(const struct cur *c, size_t k)
{
	return c->i + k >= c->len ? -1 : (unsigned char)c->s[c->i + k];
}

static int eat(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->len - c->i < n || memcmp(c->s + c->i, lit, n))
		return 0;
	c->i += n;
	return 1;
}

static int looking_at(const struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	return c->len - c->i >= n && !memcmp(c->s + c->i, lit, n);
}

static size_t skip_blanks(struct cur *c)
{
	size_t n = 0;

	while (peek(c) == ' ' || peek(c) == '\t') {
		c->i++;
		n++;
	}
	return n;
}

/* Up to 16 hex digits; returns the number of digits read. */
static int get_hex(struct cur *c, uint64_t *val)
{
	int n = 0;
	uint64_t v = 0;

	while (hexval(peek(c)) >= 0) {
		if (n == 16)
			return 0;
		v = v << 4 | (uint64_t)hexval(peek(c));
		c->i++;
		n++;
	}
	*val = v;
	return n;
}

static int get_0xhex(struct cur *c, uint64_t *val)
{
	size_t save = c->i;

	if (eat(c, "0x") && get_hex(c, val) > 0)
		return 1;
	c->i = save;
	return 0;
}

static int is_sym_start(int ch)
{
	return ch == '_' || ch == '.' || ch == '$' || isalpha(ch);
}

static int is_sym_char(int ch)
{
	return is_sym_start(ch) || isdigit(ch);
}

static int copy_out(char *dst, size_t dstsz, const char *src, size_t n)
{
	if (n >= dstsz)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* "[  123.456789]" */
static int skip_timestamp(struct cur *c)
{
	size_t save = c->i;
	int digits = 0;

	if (!eat(c, "["))
		return 0;
	skip_blanks(c);
	eat(c, "+");		/* dmesg -H: time since the previous line */
	while (isdigit(peek(c))) {
		c->i++;
		digits++;
	}
	if (digits && eat(c, ".")) {
		while (isdigit(peek(c)))
			c->i++;
		if (eat(c, "]"))
			return 1;
	}
	c->i = save;
	return 0;
}

/* dmesg -T: "[Thu Nov 26 02:11:28 2026]" */
static int skip_human_time(struct cur *c)
{
	size_t save = c->i, n = 0;
	int colons = 0;

	if (!eat(c, "[") || !isupper(peek(c)))
		goto no;
	while (!at_end(c) && peek(c) != ']' && n < 40) {
		int ch = peek(c);

		if (ch == ':')
			colons++;
		else if (!isalnum(ch) && ch != ' ' && ch != ',')
			goto no;
		c->i++;
		n++;
	}
	if (colons == 2 && eat(c, "]"))
		return 1;
no:
	c->i = save;
	return 0;
}

/* dmesg -H at a new minute: "[Nov26 02:11]" */
static int skip_dmesg_minute(struct cur *c)
{
	size_t save = c->i;

	if (eat(c, "[") && isupper(peek(c)) && islower(peek_at(c, 1)) &&
	    islower(peek_at(c, 2)) && isdigit(peek_at(c, 3))) {
		c->i += 4;
		if (isdigit(peek(c)))
			c->i++;
		if (eat(c, " ") && isdigit(peek(c)) && isdigit(peek_at(c, 1)) &&
		    peek_at(c, 2) == ':' && isdigit(peek_at(c, 3)) &&
		    isdigit(peek_at(c, 4)) && peek_at(c, 5) == ']') {
			c->i += 6;
			return 1;
		}
	}
	c->i = save;
	return 0;
}

/*
 * journalctl -o short-monotonic puts the host after the timestamp:
 * "[    1.234567] host kernel: ". The host is one word.
 */
static int skip_host_kernel(struct cur *c)
{
	size_t save = c->i;

	while (isalnum(peek(c)) || peek(c) == '-' || peek(c) == '.' ||
	       peek(c) == '_')
		c->i++;
	if (c->i > save && eat(c, " kernel: "))
		return 1;
	c->i = save;
	return 0;
}

/* dmesg --time-format=iso: "2026-11-26T02:11:28,123456+00:00 " */
static int skip_iso_time(struct cur *c)
{
	size_t save = c->i;

	if (!(isdigit(peek(c)) && isdigit(peek_at(c, 3)) &&
	      peek_at(c, 4) == '-' && isdigit(peek_at(c, 5)) &&
	      peek_at(c, 7) == '-' && peek_at(c, 10) == 'T'))
		return 0;
	while (isdigit(peek(c)) || peek(c) == '-' || peek(c) == ':' ||
	       peek(c) == 'T' || peek(c) == ',' || peek(c) == '.' ||
	       peek(c) == '+')
		c->i++;
	if (eat(c, " "))
		return 1;
	c->i = save;
	return 0;
}

/* printk caller id: "[  T123]" or "[C0]" */
static int skip_caller(struct cur *c)
{
	size_t save = c->i;
	int digits = 0;

	if (!eat(c, "["))
		return 0;
	skip_blanks(c);
	if (peek(c) == 'T' || peek(c) == 'C') {
		c->i++;
		while (isdigit(peek(c))) {
			c->i++;
			digits++;
		}
		if (digits && eat(c, "]"))
			return 1;
	}
	c->i = save;
	return 0;
}

/* "<4>" from /dev/kmsg style or syslog priorities */
static int skip_level(struct cur *c)
{
	size_t save = c->i;
	int digits = 0;

	if (!eat(c, "<"))
		return 0;
	while (isdigit(peek(c)) && digits < 4) {
		c->i++;
		digits++;
	}
	if (digits && eat(c, ">"))
		return 1;
	c->i = save;
	return 0;
}

/* ANSI colour escapes a serial console may carry. */
static int skip_ansi(struct cur *c)
{
	size_t save = c->i;

	if (!eat(c, "\x1b["))
		return 0;
	while (!at_end(c) && (isdigit(peek(c)) || peek(c) == ';'))
		c->i++;
	if (!at_end(c) && isalpha(peek(c))) {
		c->i++;
		return 1;
	}
	c->i = save;
	return 0;
}

/*
 * syslog and journalctl: "Nov 26 02:11:28 host kernel: " or
 * "2026-11-26T02:11:28+0000 host kernel: ".
 */
static int skip_syslog(struct cur *c)
{
	const char *s = c->s + c->i;
	size_t n = c->len - c->i, k, lim = n < 200 ? n : 200;
	int iso, month;

	if (n < 16)
		return 0;
	month = isupper((unsigned char)s[0]) && islower((unsigned char)s[1]) &&
		islower((unsigned char)s[2]) && s[3] == ' ';
	iso = isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) &&
	      s[4] == '-' && isdigit((unsigned char)s[5]);
	if (!month && !iso)
		return 0;
	for (k = 0; k + 8 <= lim; k++) {
		if (!memcmp(s + k, " kernel:", 8)) {
			c->i += k + 8;
			if (peek(c) == ' ')
				c->i++;
			return 1;
		}
	}
	return 0;
}

/* dmesg -x: "kern  :warn  : " */
static int skip_facility(struct cur *c)
{
	size_t save = c->i;

	if (!eat(c, "kern"))
		return 0;
	skip_blanks(c);
	if (!eat(c, ":"))
		goto no;
	while (islower(peek(c)))
		c->i++;
	skip_blanks(c);
	if (eat(c, ": "))
		return 1;
no:
	c->i = save;
	return 0;
}

/* dmesg --color=always ends coloured lines with a reset: "\e[0m" */
static size_t strip_trailing_ansi(const char *line, size_t len)
{
	for (;;) {
		size_t k = len;

		if (!k || line[k - 1] != 'm')
			return len;
		k--;
		while (k && (isdigit((unsigned char)line[k - 1]) ||
			     line[k - 1] == ';'))
			k--;
		if (k < 2 || line[k - 1] != '[' || line[k - 2] != '\x1b')
			return len;
		len = k - 2;
	}
}

size_t oops_strip_prefix(const char *line, size_t len)
{
	struct cur c = { line, strip_trailing_ansi(line, len), 0 };
	int progress, stamped = 0;

	do {
		size_t before = c.i;

		progress = skip_ansi(&c) || skip_level(&c);
		/* syslog and ISO dates start a line; a message may not */
		if (!progress && !stamped)
			progress = skip_syslog(&c) || skip_iso_time(&c);
		if (!progress)
			progress = skip_facility(&c);
		if (!progress && (skip_timestamp(&c) || skip_human_time(&c) ||
				  skip_dmesg_minute(&c) || skip_caller(&c))) {
			progress = 1;
			/* one separator blank */
			if (peek(&c) == ' ')
				c.i++;
			if (!stamped)
				skip_host_kernel(&c);
			stamped = 1;
		}
		if (c.i == before)
			progress = 0;
	} while (progress);
	return c.i;
}

static const struct {
	const char *prefix;
	const char *type;
} starts[] = {
	{ "BUG: ", "BUG" },
	{ "kernel BUG at ", "BUG" },
	{ "Oops: ", "Oops" },
	{ "Oops - ", "Oops" },
	{ "Internal error: ", "Oops" },
	{ "Unable to handle kernel ", "Oops" },
	{ "general protection fault", "Oops" },
	{ "divide error: ", "Oops" },
	{ "invalid opcode: ", "Oops" },
	{ "stack segment: ", "Oops" },
	{ "double fault: ", "Oops" },
	{ "WARNING: ", "WARNING" },
	{ "Kernel panic - not syncing", "panic" },
	{ "watchdog: BUG: ", "BUG" },
	{ "INFO: task ", "hung" },
	{ "INFO: rcu_", "rcu" },
	{ "rcu: INFO: ", "rcu" },
	{ "watchdog: Watchdog detected hard LOCKUP", "lockup" },
	{ "KFENCE: ", "KFENCE" },
	{ "UBSAN: ", "UBSAN" },
	{ "------------[ cut here ]------------", "cut" },
};

static int parse_marker(struct cur *c, struct oops_line *out)
{
	size_t start = c->i, n;

	if (!eat(c, "<"))
		return 0;
	eat(c, "/");
	while (isupper(peek(c)) || peek(c) == '#' || peek(c) == '_')
		c->i++;
	if (c->i == start + 1 || !eat(c, ">"))
		return 0;
	skip_blanks(c);
	if (!at_end(c))
		return 0;
	n = c->i - start;
	while (n && (c->s[start + n - 1] == ' ' || c->s[start + n - 1] == '\t'))
		n--;
	/* store without the angle brackets: "IRQ", "/IRQ" */
	if (n < 3 || copy_out(out->marker, sizeof(out->marker),
			      c->s + start + 1, n - 2))
		return 0;
	out->kind = OOPS_MARKER;
	return 1;
}

/* " [mod]" or " [mod 0123abcd...]" */
static int parse_module(struct cur *c, struct oops_frame *f)
{
	size_t save = c->i, m0, m1, b0 = 0, b1 = 0;

	skip_blanks(c);
	if (!eat(c, "["))
		goto no;
	m0 = c->i;
	while (is_sym_char(peek(c)) || peek(c) == '-')
		c->i++;
	m1 = c->i;
	if (m1 == m0)
		goto no;
	if (eat(c, " ")) {
		b0 = c->i;
		while (hexval(peek(c)) >= 0)
			c->i++;
		b1 = c->i;
		if (b1 == b0)
			goto no;
	}
	if (!eat(c, "]"))
		goto no;
	if (copy_out(f->module, sizeof(f->module), c->s + m0, m1 - m0))
		goto no;
	if (b1 > b0 &&
	    copy_out(f->buildid, sizeof(f->buildid), c->s + b0, b1 - b0))
		goto no;
	return 1;
no:
	c->i = save;
	f->module[0] = f->buildid[0] = '\0';
	return 0;
}

/* "[<ffffffff81234567>]" */
static int parse_bracket_addr(struct cur *c, uint64_t *addr)
{
	size_t save = c->i;

	if (eat(c, "[<") && get_hex(c, addr) >= 8 && eat(c, ">]"))
		return 1;
	c->i = save;
	return 0;
}

static const struct {
	const char *prefix;
	const char *reg;
	int exact;
} regs[] = {
	{ "RIP: ", "RIP", 1 },
	{ "EIP: ", "EIP", 1 },
	{ "IP: ", "IP", 1 },
	{ "pc : ", "pc", 1 },
	{ "lr : ", "lr", 0 },
	{ "epc : ", "epc", 1 },
	{ "ra : ", "ra", 0 },
	{ "PC is at ", "pc", 1 },
	{ "LR is at ", "lr", 0 },
};

/*
 * A frame: [reg prefix] [<addr>]... [? ] (sym+0xoff[/0xsize] | 0xaddr)
 * [ [mod [buildid]]] [ (P)], then nothing but blanks.
 */
static int parse_frame(struct cur *c, struct oops_line *out)
{
	struct oops_frame *f = &out->frame;
	size_t i, sym0, sym1;
	uint64_t v;

	memset(f, 0, sizeof(*f));
	f->reliable = 1;
	f->text_begin = c->i;
	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (eat(c, regs[i].prefix)) {
			strcpy(f->reg, regs[i].reg);
			f->exact = regs[i].exact;
			/* x86 code segment: "0010:" */
			if (hexval(peek(c)) >= 0 && peek_at(c, 4) == ':' &&
			    hexval(peek_at(c, 3)) >= 0)
				c->i += 5;
			skip_blanks(c);
			break;
		}
	}
	while (parse_bracket_addr(c, &v)) {
		if (!f->has_addr) {
			f->addr = v;
			f->has_addr = 1;
		}
		skip_blanks(c);
	}
	if (eat(c, "? "))
		f->reliable = 0;
	skip_blanks(c);
	if (is_sym_start(peek(c))) {
		sym0 = c->i;
		while (is_sym_char(peek(c)))
			c->i++;
		sym1 = c->i;
		if (!eat(c, "+") || !get_0xhex(c, &f->off))
			return 0;
		if (eat(c, "/")) {
			if (!get_0xhex(c, &f->size))
				return 0;
			f->has_size = 1;
		}
		if (copy_out(f->sym, sizeof(f->sym), c->s + sym0, sym1 - sym0))
			return 0;
	} else if (get_0xhex(c, &v)) {
		f->addr = v;
		f->has_addr = 1;
	} else if (!f->has_addr) {
		return 0;
	}
	parse_module(c, f);
	f->text_end = c->i;
	skip_blanks(c);
	if (peek(c) == '(' && isupper(peek_at(c, 1)) && peek_at(c, 2) == ')')
		c->i += 3;
	skip_blanks(c);
	if (!at_end(c))
		return 0;
	out->kind = OOPS_FRAME;
	return 1;
}

static int parse_kaslr(struct cur *c, struct oops_line *out)
{
	size_t save = c->i;

	if (!eat(c, "Kernel Offset: "))
		return 0;
	if (eat(c, "disabled")) {
		out->kaslr = 0;
	} else if (!get_0xhex(c, &out->kaslr)) {
		/* not ours: leave the line to the marker and frame parsers */
		c->i = save;
		return 0;
	}
	out->kind = OOPS_KASLR;
	return 1;
}

enum oops_kind oops_parse_line(const char *line, size_t len,
			       struct oops_line *out)
{
	struct cur c;
	size_t i, body;

	memset(out, 0, sizeof(*out));
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	len = strip_trailing_ansi(line, len);
	body = oops_strip_prefix(line, len);
	out->body = body;
	c.s = line;
	c.len = len;
	c.i = body;
	skip_blanks(&c);

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		if (looking_at(&c, starts[i].prefix)) {
			out->kind = OOPS_START;
			out->type = starts[i].type;
			return out->kind;
		}
	}
	if (looking_at(&c, "CPU: ") && memmem(c.s + c.i, len - c.i, "PID: ", 5))
		return out->kind = OOPS_CPU;
	if (looking_at(&c, "Call Trace:") || looking_at(&c, "Call trace:") ||
	    looking_at(&c, "Backtrace:"))
		return out->kind = OOPS_CALL_TRACE;
	if (eat(&c, "Code: ")) {
		out->code = c.i;
		return out->kind = OOPS_CODE;
	}
	if (looking_at(&c, "Modules linked in:"))
		return out->kind = OOPS_MODULES;
	if (looking_at(&c, "---[ end "))
		return out->kind = OOPS_END;
	if (parse_kaslr(&c, out))
		return out->kind;
	i = c.i;
	if (parse_marker(&c, out))
		return out->kind;
	c.i = i;
	if (parse_frame(&c, out))
		return out->kind;
	memset(&out->frame, 0, sizeof(out->frame));
	out->kind = OOPS_OTHER;
	return out->kind;
}

static size_t find(const char *s, size_t len, size_t from, const char *lit)
{
	size_t n = strlen(lit);
	const char *p;

	if (from > len)
		return len;
	p = memmem(s + from, len - from, lit, n);
	return p ? (size_t)(p - s) : len;
}

static void trim_copy(char *dst, size_t dstsz, const char *s, size_t n)
{
	size_t k = 0;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= dstsz)
		n = dstsz - 1;
	/* fold runs of blanks (taint flags are padded with them) */
	while (n--) {
		if (*s == '\t' || (*s == ' ' && k && dst[k - 1] == ' ')) {
			s++;
			continue;
		}
		dst[k++] = *s++;
	}
	dst[k] = '\0';
}

static int get_int(const char *s, size_t len, size_t at, int *val)
{
	long v = 0;
	size_t i = at;

	while (i < len && isdigit((unsigned char)s[i]) && v < 100000000)
		v = v * 10 + (s[i++] - '0');
	if (i == at)
		return -1;
	*val = (int)v;
	return 0;
}

int oops_parse_cpu(const char *s, size_t len, struct oops_header *h)
{
	size_t p, comm, end, rel, relend, k;
	const char *tag;

	memset(h, 0, sizeof(*h));
	while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	p = find(s, len, 0, "CPU: ");
	if (p == len || get_int(s, len, p + 5, &h->cpu))
		return -1;
	p = find(s, len, p, "PID: ");
	if (p == len || get_int(s, len, p + 5, &h->pid))
		return -1;
	comm = find(s, len, p, "Comm: ");
	if (comm == len)
		return -1;
	comm += 6;
	/* the command name may contain blanks: stop at what follows it */
	end = find(s, len, comm, " Not tainted");
	tag = " Not tainted";
	k = find(s, len, comm, " Tainted: ");
	if (k < end) {
		end = k;
		tag = " Tainted: ";
	}
	k = find(s, len, comm, " Kdump: ");
	trim_copy(h->comm, sizeof(h->comm), s + comm, (k < end ? k : end) - comm);
	if (end == len)
		return 0;
	p = end + strlen(tag);
	/* taint flags are letters and blanks; the release starts with a digit */
	rel = p;
	while (rel < len && !isdigit((unsigned char)s[rel]))
		rel++;
	if (tag[1] == 'T')
		trim_copy(h->taint, sizeof(h->taint), s + p, rel - p);
	relend = rel;
	while (relend < len && s[relend] != ' ')
		relend++;
	if (relend == rel)
		return 0;
	trim_copy(h->release, sizeof(h->release), s + rel, relend - rel);
	/* a trailing 40-digit hex token is the vmlinux build id */
	k = len;
	while (k > relend && s[k - 1] != ' ')
		k--;
	if (len - k == 40) {
		size_t j;

		for (j = k; j < len && hexval((unsigned char)s[j]) >= 0; j++)
			;
		if (j == len) {
			trim_copy(h->buildid, sizeof(h->buildid), s + k, 40);
			len = k;
		}
	}
	trim_copy(h->version, sizeof(h->version), s + relend, len - relend);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * "kdev gdb": location syntax and gdb's command line (see gdbcmd.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "gdbcmd.h"

static int parse_num(const char *s, size_t n, uint64_t *out)
{
	char buf[32], *end;
	unsigned long long v;

	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '-' || buf[0] == '+')
		return -1;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int sym_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

int gdb_parse_location(const char *s, struct gdb_location *loc)
{
	const char *e, *plus, *slash;
	size_t n;

	memset(loc, 0, sizeof(*loc));
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	/* "... [module]" as a call trace prints it */
	if (n && s[n - 1] == ']') {
		const char *open = memchr(s, '[', n);
		size_t mlen;

		if (!open)
			return -1;
		mlen = (size_t)(s + n - 1 - open - 1);
		if (!mlen || mlen >= sizeof(loc->module))
			return -1;
		memcpy(loc->module, open + 1, mlen);
		n = (size_t)(open - s);
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
	}
	/* gdb's "*(sym+off)" and "*addr" */
	if (n && *s == '*') {
		s++;
		n--;
	}
	if (n >= 2 && *s == '(' && s[n - 1] == ')') {
		s++;
		n -= 2;
	}
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return -1;
	e = s + n;
	if (isdigit((unsigned char)*s))
		return parse_num(s, n, &loc->off);
	plus = memchr(s, '+', n);
	slash = memchr(s, '/', n);
	if (slash && (!plus || slash < plus))
		return -1;
	{
		const char *se = plus ? plus : e;
		const char *p;

		if ((size_t)(se - s) >= sizeof(loc->sym))
			return -1;
		for (p = s; p < se; p++)
			if (!sym_char((unsigned char)*p))
				return -1;
		if (se == s)
			return -1;
		memcpy(loc->sym, s, (size_t)(se - s));
	}
	if (!plus)
		return 0;
	if (slash) {
		if (parse_num(plus + 1, (size_t)(slash - plus - 1), &loc->off) ||
		    parse_num(slash + 1, (size_t)(e - slash - 1), &loc->size))
			return -1;
		loc->has_size = 1;
		return 0;
	}
	return parse_num(plus + 1, (size_t)(e - plus - 1), &loc->off);
}

/* A word for gdb's own argument splitting (gdb_buildargv). */
static void add_gdb_word(struct strbuf *sb, const char *w)
{
	strbuf_addch(sb, '"');
	for (; *w; w++) {
		if (*w == '"' || *w == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *w);
	}
	strbuf_addch(sb, '"');
}

static void push_ex(struct strvec *argv, const char *opt, const char *cmd)
{
	strvec_push(argv, opt);
	strvec_push(argv, cmd);
}

void gdb_build_argv(const struct gdb_setup *s, struct strvec *argv)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strvec_push(argv, s->gdb ? s->gdb : "gdb");
	strvec_push(argv, "-q");
	if (s->batch)
		strvec_push(argv, "-batch");
	/* before vmlinux is read: its vmlinux-gdb.py may then auto-load */
	if (s->tree) {
		strbuf_addstr(&sb, "add-auto-load-safe-path ");
		strbuf_addstr(&sb, s->tree);
		push_ex(argv, "-iex", sb.buf);
	}
	push_ex(argv, "-iex", "set pagination off");
	if (s->vmlinux)
		strvec_push(argv, s->vmlinux);
	if (s->helpers) {
		/* harmless when auto-load already did it */
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "source ");
		strbuf_addstr(&sb, s->helpers);
		push_ex(argv, "-ex", sb.buf);
	}
	if (s->target) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "target remote ");
		strbuf_addstr(&sb, s->target);
		push_ex(argv, "-ex", sb.buf);
		if (s->helpers) {
			strbuf_reset(&sb);
			strbuf_addstr(&sb, "lx-symbols");
			for (i = 0; s->module_dirs && i < s->module_dirs->nr; i++) {
				strbuf_addch(&sb, ' ');
				add_gdb_word(&sb, s->module_dirs->v[i]);
			}
			push_ex(argv, "-ex", sb.buf);
		} else if (s->modscript) {
			strbuf_reset(&sb);
			strbuf_addstr(&sb, "source ");
			strbuf_addstr(&sb, s->modscript);
			push_ex(argv, "-ex", sb.buf);
		}
	}
	for (i = 0; s->user_cmds && i < s->user_cmds->nr; i++)
		push_ex(argv, "-ex", s->user_cmds->v[i]);
	strbuf_release(&sb);
}

/*
 * Module symbols without the kernel's helpers: walk the kernel's list
 * of modules, find each NAME.ko in $KDEV_GDB_MODULE_DIRS and load it at
 * the addresses the kernel gave its sections (6.4+ keeps .text in
 * mem[MOD_TEXT], older kernels in core_layout).
 */
const char gdb_module_loader_py[] =
	"# kdev gdb: module symbols at their load addresses (written by kdev)\n"
	"import os\n"
	"import gdb\n"
	"\n"
	"\n"
	"def kdev_module_files():\n"
	"    found = {}\n"
	"    dirs = os.environ.get('KDEV_GDB_MODULE_DIRS', '')\n"
	"    for top in [d for d in dirs.split(':') if d]:\n"
	"        for root, _, names in os.walk(top):\n"
	"            for n in names:\n"
	"                if n.endswith('.ko'):\n"
	"                    key = n[:-3].replace('-', '_')\n"
	"                    found.setdefault(key, os.path.join(root, n))\n"
	"    return found\n"
	"\n"
	"\n"
	"def kdev_text_base(mod):\n"
	"    try:\n"
	"        return int(mod['mem'][0]['base'])\n"
	"    except gdb.error:\n"
	"        return int(mod['core_layout']['base'])\n"
	"\n"
	"\n"
	"def kdev_sections(mod):\n"
	"    out = []\n"
	"    try:\n"
	"        attrs = mod['sect_attrs']\n"
	"        if int(attrs) == 0:\n"
	"            return out\n"
	"        for i in range(int(attrs['nsections'])):\n"
	"            a = attrs['attrs'][i]\n"
	"            name = a['battr']['attr']['name'].string()\n"
	"            addr = int(a['address'])\n"
	"            if name != '.text' and addr:\n"
	"                out.append((name, addr))\n"
	"    except gdb.error:\n"
	"        pass\n"
	"    return out\n"
	"\n"
	"\n"
	"def kdev_quote(s):\n"
	"    return '\"' + s.replace('\\\\', '\\\\\\\\').replace('\"', '\\\\\"') + '\"'\n"
	"\n"
	"\n"
	"def kdev_load_modules():\n"
	"    confirm = gdb.parameter('confirm')\n"
	"    gdb.execute('set confirm off')\n"
	"    try:\n"
	"        kdev_walk_modules()\n"
	"    finally:\n"
	"        gdb.execute('set confirm %s' % ('on' if confirm else 'off'))\n"
	"\n"
	"\n"
	"def kdev_walk_modules():\n"
	"    files = kdev_module_files()\n"
	"    mod_ptr = gdb.lookup_type('struct module').pointer()\n"
	"    char_ptr = gdb.lookup_type('char').pointer()\n"
	"    off = int(gdb.parse_and_eval('(unsigned long)&((struct module *)0)->list'))\n"
	"    head = gdb.parse_and_eval('&modules')\n"
	"    node = head['next']\n"
	"    loaded = 0\n"
	"    while int(node) != int(head):\n"
	"        mod = (node.cast(char_ptr) - off).cast(mod_ptr).dereference()\n"
	"        name = mod['name'].string()\n"
	"        path = files.get(name.replace('-', '_'))\n"
	"        if path is None:\n"
	"            print('kdev: no object for module %s in KDEV_GDB_MODULE_DIRS' % name)\n"
	"        else:\n"
	"            cmd = 'add-symbol-file %s 0x%x' % (kdev_quote(path), kdev_text_base(mod))\n"
	"            for sname, addr in kdev_sections(mod):\n"
	"                cmd += ' -s %s 0x%x' % (sname, addr)\n"
	"            gdb.execute(cmd, to_string=True)\n"
	"            print('kdev: loaded symbols of %s from %s' % (name, path))\n"
	"            loaded += 1\n"
	"        node = node['next']\n"
	"    print('kdev: %d module(s) with symbols' % loaded)\n"
	"\n"
	"\n"
	"kdev_load_modules()\n";

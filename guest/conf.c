// SPDX-License-Identifier: GPL-2.0
/*
 * The parser of /kdev.conf, see conf.h. No I/O: the host's unit tests
 * (t/unit/test-guestconf.c) include this file.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"

__attribute__((format(printf, 2, 3)))
static int conf_fail(struct kdev_conf *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number of at most @max; no sign, no space, not empty. */
static int parse_uint(const char *s, size_t len, unsigned long max,
		      unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Absolute, bounded and, if @no_dotdot, without a ".." component. */
static int check_path(const char *p, size_t len, int no_dotdot)
{
	size_t i;

	if (!len || p[0] != '/' || len > CONF_MAX_PATH)
		return -1;
	if (!no_dotdot)
		return 0;
	for (i = 0; i + 3 <= len; i++)
		if (p[i] == '/' && p[i + 1] == '.' && p[i + 2] == '.' &&
		    (i + 3 == len || p[i + 3] == '/'))
			return -1;
	return 0;
}

static int parse_groups(struct kdev_conf *c, const char *v, size_t len)
{
	size_t i = 0;

	c->nr_groups = 0;
	while (i < len) {
		const char *comma = memchr(v + i, ',', len - i);
		size_t n = comma ? (size_t)(comma - (v + i)) : len - i;
		unsigned long g;

		if (c->nr_groups == CONF_MAX_GROUPS)
			return conf_fail(c, "groups=: more than %d groups",
					 CONF_MAX_GROUPS);
		if (parse_uint(v + i, n, 4294967294UL, &g))
			return conf_fail(c, "groups=: bad group id '%.*s'",
					 (int)(n > 20 ? 20 : n), v + i);
		c->groups[c->nr_groups++] = g;
		i += n;
		if (comma) {
			i++;
			if (i == len)
				return conf_fail(c, "groups=: trailing ','");
		}
	}
	return 0;
}

static int parse_share(struct kdev_conf *c, char *v, size_t len)
{
	char *c1 = memchr(v, ':', len);
	char *c2 = memrchr(v, ':', len);
	struct kdev_share *s;
	size_t plen;

	if (!c1 || c1 == c2)
		return conf_fail(c, "share=%.40s: not TAG:GUESTPATH:ro|rw", v);
	if (c1 == v || c1 - v > CONF_MAX_TAG)
		return conf_fail(c, "share=%.40s: bad tag", v);
	plen = c2 - (c1 + 1);
	if (check_path(c1 + 1, plen, 1))
		return conf_fail(c, "share=%.40s: bad guest path", v);
	if (strcmp(c2 + 1, "ro") && strcmp(c2 + 1, "rw"))
		return conf_fail(c, "share=%.40s: not ro or rw", v);
	if (c->nr_shares == CONF_MAX_SHARES)
		return conf_fail(c, "more than %d share= records",
				 CONF_MAX_SHARES);
	s = &c->shares[c->nr_shares++];
	*c1 = '\0';
	*c2 = '\0';
	s->tag = v;
	s->path = c1 + 1;
	s->ro = !strcmp(c2 + 1, "ro");
	return 0;
}

/* moddeps=I:J,K: module I needs modules J and K, listed before it. */
static int parse_moddeps(struct kdev_conf *c, const char *v, size_t len)
{
	const char *colon = memchr(v, ':', len);
	unsigned long mod, dep;
	uint64_t deps = 0;
	size_t i;

	if (!colon || parse_uint(v, colon - v, CONF_MAX_MODULES - 1, &mod))
		return conf_fail(c, "moddeps=%.40s: not I:J,K,...", v);
	if (mod >= c->nr_modules)
		return conf_fail(c, "moddeps=%.40s: no module %lu yet", v, mod);
	i = colon + 1 - v;
	while (i < len) {
		const char *comma = memchr(v + i, ',', len - i);
		size_t n = comma ? (size_t)(comma - (v + i)) : len - i;

		if (parse_uint(v + i, n, CONF_MAX_MODULES - 1, &dep) ||
		    dep >= mod)
			return conf_fail(c, "moddeps=%.40s: bad module number "
					 "'%.*s'", v, (int)(n > 20 ? 20 : n),
					 v + i);
		deps |= (uint64_t)1 << dep;
		i += n;
		if (comma && ++i == len)
			return conf_fail(c, "moddeps=%.40s: trailing ','", v);
	}
	c->module_deps[mod] = deps;
	c->module_deps_known[mod] = 1;
	return 0;
}

static int add_env(struct kdev_conf *c, char *v, size_t len)
{
	char *eq = memchr(v, '=', len);
	size_t i, n;

	if (!eq || eq == v)
		return conf_fail(c, "env=%.40s: not NAME=VALUE", v);
	n = eq - v + 1;			/* "NAME=" */
	for (i = 0; i < c->nr_env; i++)
		if (!strncmp(c->env[i], v, n)) {
			c->env[i] = v;
			return 0;
		}
	if (c->nr_env == CONF_MAX_ENV)
		return conf_fail(c, "more than %d env= records", CONF_MAX_ENV);
	c->env[c->nr_env++] = v;
	c->env[c->nr_env] = NULL;
	return 0;
}

static int parse_record(struct kdev_conf *c, const char *key, char *v,
			size_t len)
{
	unsigned long n;

	if (!strcmp(key, "cmd")) {
		if (len > CONF_MAX_STRING)
			return conf_fail(c, "cmd=: longer than %d bytes",
					 CONF_MAX_STRING);
		c->cmd = v;
		return 0;
	}
	if (!strcmp(key, "env")) {
		if (len > CONF_MAX_STRING)
			return conf_fail(c, "env=: longer than %d bytes",
					 CONF_MAX_STRING);
		return add_env(c, v, len);
	}
	if (!strcmp(key, "groups")) {
		if (len > CONF_MAX_STRING)
			return conf_fail(c, "groups=: too long");
		return parse_groups(c, v, len);
	}
	if (!strcmp(key, "hostname")) {
		if (len > CONF_MAX_HOSTNAME)
			return conf_fail(c, "hostname=: longer than %d bytes",
					 CONF_MAX_HOSTNAME);
		c->hostname = len ? v : NULL;
		return 0;
	}
	if (!len)
		return conf_fail(c, "%s=: empty value", key);

	if (!strcmp(key, "fstype")) {
		if (!strcmp(v, "9p"))
			c->fs_9p = 1;
		else if (!strcmp(v, "virtiofs"))
			c->fs_9p = 0;
		else
			return conf_fail(c, "fstype=%.40s: not 9p or virtiofs",
					 v);
		return 0;
	}

	if (!strcmp(key, "module")) {
		if (check_path(v, len, 0))
			return conf_fail(c, "module=%.40s: not absolute", v);
		if (c->nr_modules == CONF_MAX_MODULES)
			return conf_fail(c, "more than %d module= records",
					 CONF_MAX_MODULES);
		c->modules[c->nr_modules++] = v;
	} else if (!strcmp(key, "moddeps")) {
		if (len > CONF_MAX_MODULES * 4)
			return conf_fail(c, "moddeps=: too long");
		return parse_moddeps(c, v, len);
	} else if (!strcmp(key, "overlay")) {
		if (check_path(v, len, 1))
			return conf_fail(c, "overlay=%.40s: bad path", v);
		if (c->nr_overlays == CONF_MAX_OVERLAYS)
			return conf_fail(c, "more than %d overlay= records",
					 CONF_MAX_OVERLAYS);
		c->overlays[c->nr_overlays++] = v;
	} else if (!strcmp(key, "share")) {
		if (len > CONF_MAX_TAG + CONF_MAX_PATH + 5)
			return conf_fail(c, "share=: too long");
		return parse_share(c, v, len);
	} else if (!strcmp(key, "root")) {
		if (len > CONF_MAX_TAG || memchr(v, ':', len))
			return conf_fail(c, "root=%.40s: bad tag", v);
		c->root = v;
	} else if (!strcmp(key, "rootflags")) {
		if (strcmp(v, "ro") && strcmp(v, "rw"))
			return conf_fail(c, "rootflags=%.20s: not ro or rw", v);
		c->root_ro = !strcmp(v, "ro");
	} else if (!strcmp(key, "cwd")) {
		if (check_path(v, len, 0))
			return conf_fail(c, "cwd=%.40s: not an absolute path",
					 v);
		c->cwd = v;
	} else if (!strcmp(key, "uid") || !strcmp(key, "gid")) {
		if (parse_uint(v, len, 4294967294UL, &n))
			return conf_fail(c, "%s=%.20s: not a valid id", key, v);
		if (key[0] == 'u')
			c->uid = n;
		else
			c->gid = n;
	} else if (!strcmp(key, "rows") || !strcmp(key, "cols")) {
		if (parse_uint(v, len, 65535, &n))
			return conf_fail(c, "%s=%.20s: not a number 0..65535",
					 key, v);
		if (key[0] == 'r')
			c->rows = n;
		else
			c->cols = n;
	}
	/* else: an unknown key, from a newer host */
	return 0;
}

int kdev_conf_parse(struct kdev_conf *c, char *buf, size_t len)
{
	size_t off = 0, nr = 0;

	memset(c, 0, sizeof(*c));
	c->cwd = "/";
	c->root_ro = 1;
	if (len > CONF_MAX_SIZE)
		return conf_fail(c, "larger than %d bytes", CONF_MAX_SIZE);
	while (off < len) {
		char *rec = buf + off;
		char *end = memchr(rec, '\0', len - off);
		char *eq;
		int ret;

		nr++;
		if (!end)
			return conf_fail(c, "record %zu: no NUL at its end "
					 "(truncated file?)", nr);
		off += end - rec + 1;
		if (end == rec)
			continue;
		eq = memchr(rec, '=', end - rec);
		if (!eq || eq == rec)
			return conf_fail(c, "record %zu: not key=value", nr);
		*eq = '\0';
		ret = parse_record(c, rec, eq + 1, end - (eq + 1));
		if (ret) {
			char msg[sizeof(c->err)];

			memcpy(msg, c->err, sizeof(msg));
			return conf_fail(c, "record %zu: %s", nr, msg);
		}
	}
	if (!c->root)
		return conf_fail(c, "no root= record");
	return 0;
}

const char *kdev_conf_getenv(const struct kdev_conf *c, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; i < c->nr_env; i++)
		if (!strncmp(c->env[i], name, n) && c->env[i][n] == '=')
			return c->env[i] + n + 1;
	return NULL;
}

/*
 * Words a shell runs itself: reserved words and the builtins of dash,
 * bash and POSIX. A command named so keeps going through /bin/sh.
 */
static const char *const shell_words[] = {
	"!", ".", ":", "[", "[[", "]]", "{", "}", "alias", "bg", "bind",
	"break", "builtin", "caller", "case", "cd", "chdir", "command",
	"compgen", "complete", "compopt", "continue", "coproc", "declare",
	"dirs", "disown", "do", "done", "echo", "elif", "else", "enable",
	"esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi",
	"for", "function", "getopts", "hash", "help", "history", "if", "in",
	"jobs", "kill", "let", "local", "logout", "mapfile", "popd",
	"printf", "pushd", "pwd", "read", "readarray", "readonly", "return",
	"select", "set", "shift", "shopt", "source", "suspend", "test",
	"then", "time", "times", "trap", "true", "type", "typeset", "ulimit",
	"umask", "unalias", "unset", "until", "wait", "while",
};

int kdev_conf_plain_command(const char *cmd)
{
	const char *p;
	size_t i;

	if (!cmd || !*cmd || *cmd == '-')
		return 0;
	for (p = cmd; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("_./+-:@,", *p)))
			return 0;
	if (strchr(cmd, '/'))
		return 1;	/* a path: never a builtin */
	for (i = 0; i < sizeof(shell_words) / sizeof(shell_words[0]); i++)
		if (!strcmp(cmd, shell_words[i]))
			return 0;
	return 1;
}

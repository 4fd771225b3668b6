// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/kmsg records, level names, --since times and timestamps for
 * kdev dmesg (see kmsg.h).
 */
#include <ctype.h>
#include <math.h>	/* isfinite() */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/util.h"
#include "kmsg.h"

static int parse_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -1;
	while (s < end && *s >= '0' && *s <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s++ - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

/* \xNN back to the byte; other text as it is */
static char *unescape(const char *s, size_t n, size_t *out_len)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    hexval((unsigned char)s[i + 2]) >= 0 &&
		    hexval((unsigned char)s[i + 3]) >= 0) {
			out[o++] = (char)(hexval((unsigned char)s[i + 2]) * 16 +
					  hexval((unsigned char)s[i + 3]));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

int kmsg_parse(const char *buf, size_t len, size_t *used,
	       struct kmsg_record *r)
{
	const char *p = buf, *end, *nl, *semi;
	uint64_t pri;

	memset(r, 0, sizeof(*r));
	*used = 0;
	/* blank lines between records */
	while (p < buf + len && (*p == '\n' || *p == '\r'))
		p++;
	if (p == buf + len) {
		*used = len;
		return 1;
	}
	nl = memchr(p, '\n', (size_t)(buf + len - p));
	end = nl ? nl : buf + len;
	/* the record's continuation lines start with a space */
	*used = (size_t)(end - buf) + (nl ? 1 : 0);
	while (nl && nl + 1 < buf + len && nl[1] == ' ') {
		const char *c = nl + 2;
		const char *cnl = memchr(c, '\n', (size_t)(buf + len - c));
		const char *ce = cnl ? cnl : buf + len;
		const char *eq = memchr(c, '=', (size_t)(ce - c));
		char **dst = NULL;
		size_t vl;

		if (eq && eq - c == 9 && !memcmp(c, "SUBSYSTEM", 9))
			dst = &r->subsystem;
		else if (eq && eq - c == 6 && !memcmp(c, "DEVICE", 6))
			dst = &r->device;
		if (dst && !*dst)
			*dst = unescape(eq + 1, (size_t)(ce - eq - 1), &vl);
		*used = (size_t)(ce - buf) + (cnl ? 1 : 0);
		nl = cnl;
	}
	if (end > p && end[-1] == '\r')
		end--;
	semi = memchr(p, ';', (size_t)(end - p));
	if (!semi)
		goto bad;
	if (parse_u64(&p, semi, &pri) || pri > 1023 || *p++ != ',' ||
	    parse_u64(&p, semi, &r->seq) || *p++ != ',' ||
	    parse_u64(&p, semi, &r->usec) || *p++ != ',' || p >= semi)
		goto bad;
	if (*p != '-' && *p != 'c')
		goto bad;
	r->cont = *p == 'c';
	p++;
	if (p != semi && *p != ',')	/* ",caller=T1" and the like */
		goto bad;
	r->level = (int)(pri & 7);
	r->facility = (int)(pri >> 3);
	r->text = unescape(semi + 1, (size_t)(end - semi - 1), &r->text_len);
	return 0;
bad:
	kmsg_record_release(r);
	return -1;
}

void kmsg_record_release(struct kmsg_record *r)
{
	free(r->text);
	free(r->subsystem);
	free(r->device);
	r->text = r->subsystem = r->device = NULL;
	r->text_len = 0;
}

static const char *const level_names[8] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

int kmsg_level(const char *s)
{
	int i;

	for (i = 0; i < 8; i++)
		if (!strcasecmp(s, level_names[i]))
			return i;
	if (!strcasecmp(s, "panic"))
		return 0;
	if (!strcasecmp(s, "error"))
		return 3;
	if (!strcasecmp(s, "warning"))
		return 4;
	if (s[0] >= '0' && s[0] <= '7' && !s[1])
		return s[0] - '0';
	return -1;
}

const char *kmsg_level_name(int level)
{
	return level >= 0 && level < 8 ? level_names[level] : "?";
}

/* "1h30m", "90s", "10m", "2d", "1.5h": seconds, or -1 */
static double parse_duration(const char *s)
{
	double total = 0;
	int parts = 0;

	while (*s) {
		char *end;
		double v;

		if (!isdigit((unsigned char)*s) && *s != '.')
			return -1;
		v = strtod(s, &end);
		if (end == s || v < 0)
			return -1;
		s = end;
		if (!strncmp(s, "ms", 2)) {
			v /= 1000;
			s += 2;
		} else if (*s == 's') {
			s++;
		} else if (!strncmp(s, "min", 3)) {
			v *= 60;
			s += 3;
		} else if (*s == 'm') {
			v *= 60;
			s++;
		} else if (*s == 'h') {
			v *= 3600;
			s++;
		} else if (*s == 'd') {
			v *= 86400;
			s++;
		} else {
			return -1;
		}
		total += v;
		parts++;
	}
	return parts ? total : -1;
}

static int parse_wall(const char *s, double *out)
{
	static const char *const full[] = {
		"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
		"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
	};
	static const char *const clock[] = { "%H:%M:%S", "%H:%M" };
	struct tm tm;
	size_t i;
	time_t t;

	for (i = 0; i < ARRAY_SIZE(full); i++) {
		const char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(s, full[i], &tm);
		if (end && !*end) {
			tm.tm_isdst = -1;
			t = mktime(&tm);
			if (t == (time_t)-1)
				return -1;
			*out = (double)t;
			return 0;
		}
	}
	for (i = 0; i < ARRAY_SIZE(clock); i++) {
		struct tm now;
		const char *end;
		time_t n = time(NULL);

		memset(&tm, 0, sizeof(tm));
		end = strptime(s, clock[i], &tm);
		if (!end || *end)
			continue;
		localtime_r(&n, &now);
		now.tm_hour = tm.tm_hour;
		now.tm_min = tm.tm_min;
		now.tm_sec = tm.tm_sec;
		now.tm_isdst = -1;
		t = mktime(&now);
		if (t == (time_t)-1)
			return -1;
		*out = (double)t;
		return 0;
	}
	return -1;
}

int kmsg_parse_since(const char *s, double now_boot, double boot_wall,
		     double *out)
{
	char *end;
	double v;

	if (!*s)
		return -1;
	if (isdigit((unsigned char)*s) || *s == '.') {
		v = strtod(s, &end);
		if (end != s && !*end && v >= 0 && isfinite(v)) {
			*out = v;
			return 0;
		}
	}
	v = parse_duration(s);
	if (v >= 0 && isfinite(v)) {
		*out = now_boot - v < 0 ? 0 : now_boot - v;
		return 0;
	}
	if (!parse_wall(s, &v)) {
		*out = v - boot_wall < 0 ? 0 : v - boot_wall;
		return 0;
	}
	return -1;
}

void kmsg_add_boot_time(struct strbuf *sb, uint64_t usec)
{
	strbuf_addf(sb, "[%5llu.%06llu] ",
		    (unsigned long long)(usec / 1000000),
		    (unsigned long long)(usec % 1000000));
}

void kmsg_add_iso_time(struct strbuf *sb, uint64_t usec, double boot_wall)
{
	long long total = (long long)(boot_wall * 1e6) + (long long)usec;
	time_t sec = (time_t)(total / 1000000);
	long us = (long)(total % 1000000);
	struct tm tm;
	char buf[64], zone[8];

	localtime_r(&sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	strbuf_addf(sb, "%s.%06ld%.3s:%.2s ", buf, us, zone,
		    strlen(zone) >= 5 ? zone + 3 : "00");
}

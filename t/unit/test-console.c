// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the console monitor of kdev run (src/vm/console.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "vm/console.h"

struct seen {
	struct strvec texts;
	enum console_severity sev[16];
	size_t nr;
};

static void collect(void *ctx, enum console_severity sev, const char *text,
		    size_t len)
{
	struct seen *s = ctx;
	char *copy = strndup(text, len);

	assert_true(s->nr < 16);
	s->sev[s->nr++] = sev;
	strvec_push(&s->texts, copy);
	free(copy);
}

/* Feed @text in pieces of @step bytes, as a pipe would deliver it. */
static void feed(struct console_monitor *m, const char *text, size_t step)
{
	size_t len = strlen(text), i;

	for (i = 0; i < len; i += step)
		console_feed(m, text + i, len - i < step ? len - i : step);
}

static const char warn_report[] =
	"[    3.29] ------------[ cut here ]------------\n"
	"[    3.29] kdevcrash: a warning on request\n"
	"[    3.29] WARNING: CPU: 1 PID: 88 at x.c:89 kdevcrash_init+0x45/0x1000 [kdevcrash]\n"
	"[    3.29] CPU: 1 PID: 88 Comm: insmod Tainted: G OE 6.1.0 #1\n"
	"[    3.29] RIP: 0010:kdevcrash_init+0x45/0x1000 [kdevcrash]\n"
	"[    3.29] Call Trace:\n"
	"[    3.29]  <TASK>\n"
	"[    3.29]  do_one_initcall+0x59/0x220\n"
	"[    3.29]  </TASK>\n"
	"[    3.29] ---[ end trace 0000000000000000 ]---\n";

static void test_warning_cut_here(void **state)
{
	struct console_monitor m;
	struct seen s = { STRVEC_INIT, { 0 }, 0 };
	size_t step;

	(void)state;
	for (step = 1; step <= 64; step *= 4) {
		s.nr = 0;
		strvec_clear(&s.texts);
		console_init(&m, collect, &s);
		feed(&m, "[    3.20] booting\r\n", step);
		feed(&m, warn_report, step);
		feed(&m, "[    3.30] after\n", step);
		/* the report was passed on at its end line, not at flush */
		assert_int_equal(s.nr, 1);
		console_flush(&m);
		assert_int_equal(s.nr, 1);
		assert_int_equal(s.sev[0], CONSOLE_WARNING);
		assert_string_equal(s.texts.v[0], warn_report);
		assert_int_equal(m.worst, CONSOLE_WARNING);
		assert_int_equal(m.reports, 1);
		console_release(&m);
	}
	strvec_clear(&s.texts);
}

static void test_oops_then_panic(void **state)
{
	struct console_monitor m;
	struct seen s = { STRVEC_INIT, { 0 }, 0 };

	(void)state;
	console_init(&m, collect, &s);
	feed(&m,
	     "BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	     "#PF: supervisor write access in kernel mode\n"
	     "Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
	     "RIP: 0010:kdevcrash_middle+0xd/0x20 [kdevcrash]\n"
	     "Call Trace:\n"
	     " kdevcrash_outer+0xd/0x30 [kdevcrash]\n"
	     "Kernel panic - not syncing: Fatal exception\n"
	     "Kernel Offset: disabled\n", 7);
	/* the oops had frames: the panic line starts a new report */
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.sev[0], CONSOLE_OOPS);
	assert_non_null(strstr(s.texts.v[0], "Oops: 0002"));
	assert_null(strstr(s.texts.v[0], "Kernel panic"));
	/* no end line after a panic: the rest comes at the flush */
	console_flush(&m);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.sev[1], CONSOLE_PANIC);
	assert_non_null(strstr(s.texts.v[1], "Kernel Offset: disabled"));
	assert_int_equal(m.worst, CONSOLE_PANIC);
	assert_int_equal(m.reports, 2);
	console_release(&m);
	strvec_clear(&s.texts);
}

static void test_severities(void **state)
{
	static const struct {
		const char *line;
		enum console_severity sev;
	} cases[] = {
		{ "[ 1.0] Kernel panic - not syncing: sysrq triggered crash", CONSOLE_PANIC },
		{ "[ 1.0] Oops: 0002 [#1] SMP", CONSOLE_OOPS },
		{ "[ 1.0] general protection fault, probably for non-canonical address", CONSOLE_OOPS },
		{ "[ 1.0] kernel BUG at mm/slub.c:123!", CONSOLE_OOPS },
		{ "[ 1.0] BUG: unable to handle page fault for address: ffff", CONSOLE_OOPS },
		{ "[ 1.0] BUG: KASAN: use-after-free in foo+0x1/0x2", CONSOLE_BUG },
		{ "[ 1.0] BUG: KFENCE: out-of-bounds read in bar+0x1/0x2", CONSOLE_BUG },
		{ "[ 1.0] UBSAN: shift-out-of-bounds in x.c:1:2", CONSOLE_BUG },
		{ "[ 1.0] BUG: sleeping function called from invalid context", CONSOLE_BUG },
		{ "[ 1.0] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2", CONSOLE_WARNING },
		{ "[ 1.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!", CONSOLE_WARNING },
		{ "[ 1.0] watchdog: Watchdog detected hard LOCKUP on cpu 1", CONSOLE_WARNING },
		{ "[ 1.0] INFO: task sh:1 blocked for more than 120 seconds.", CONSOLE_WARNING },
		{ "[ 1.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", CONSOLE_WARNING },
		{ "[ 1.0] usb 1-1: new device", CONSOLE_NONE },
		{ "", CONSOLE_NONE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(console_severity_of(cases[i].line,
						     strlen(cases[i].line)),
				 cases[i].sev);
}

static void test_tail(void **state)
{
	struct console_monitor m;
	struct strbuf out = STRBUF_INIT;
	char line[32];
	int i;

	(void)state;
	console_init(&m, NULL, NULL);
	for (i = 0; i < 50; i++) {
		snprintf(line, sizeof(line), "line %d\n", i);
		console_feed(&m, line, strlen(line));
	}
	console_feed(&m, "partial", 7);
	console_tail(&m, &out);
	/* the last CONSOLE_TAIL complete lines, oldest first */
	assert_true(!strncmp(out.buf, "line 30\n", 8));
	assert_non_null(strstr(out.buf, "line 49\n"));
	assert_null(strstr(out.buf, "line 29\n"));
	assert_null(strstr(out.buf, "partial"));
	console_flush(&m);
	strbuf_reset(&out);
	console_tail(&m, &out);
	assert_non_null(strstr(out.buf, "partial\n"));
	strbuf_release(&out);
	console_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warning_cut_here),
		cmocka_unit_test(test_oops_then_panic),
		cmocka_unit_test(test_severities),
		cmocka_unit_test(test_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

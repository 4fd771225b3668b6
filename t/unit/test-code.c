// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/code.h"

/* From a Debian 6.1 kernel, echo c > /proc/sysrq-trigger. */
static const char sysrq_code[] =
	"83 c6 12 48 89 ef e8 a3 2f 96 ff 48 8b 55 00 e9 cf fe ff ff "
	"66 0f 1f 44 00 00 0f 1f 44 00 00 c7 05 18 6b ee 00 01 00 00 00 "
	"0f ae f8 <c6> 04 25 00 00 00 00 01 c3 cc cc cc cc 0f 1f 44 00 "
	"00 0f 1f 44 00 00";

static const char arm64_code[] =
	"d503233f a9be7bfd 910003fd f9000bf3 (b9400260)";

#define TRAP_MARK "\t<-- trapping instruction"

/* Return a copy of the @nth line (0-based) of @s, or NULL. */
static char *nth_line(const char *s, int nth)
{
	const char *end;

	while (nth-- > 0) {
		s = strchr(s, '\n');
		if (!s)
			return NULL;
		s++;
	}
	if (!*s)
		return NULL;
	end = strchr(s, '\n');
	if (!end)
		end = s + strlen(s);
	return strndup(s, (size_t)(end - s));
}

/* Index of the first line containing @needle, or -1. */
static int line_with(const char *s, const char *needle)
{
	const char *hit = strstr(s, needle);
	int n = 0;

	if (!hit)
		return -1;
	for (; s < hit; s++)
		if (*s == '\n')
			n++;
	return n;
}

static int count_str(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s++;
	}
	return n;
}

static void assert_line_has(const char *out, int nth, const char *needle)
{
	char *line = nth_line(out, nth);

	assert_non_null(line);
	if (!strstr(line, needle))
		fail_msg("line %d '%s' lacks '%s'", nth, line, needle);
	free(line);
}

static void disasm(const char *text, const char *prefix, const char *sym,
		   uint64_t sym_off, struct strbuf *out, int expect_n)
{
	struct code_bytes cb;

	assert_int_equal(code_parse(text, &cb), 0);
	assert_int_equal(code_disasm(&cb, prefix, sym, sym_off, out),
			 expect_n);
}

static void test_parse_x86(void **state)
{
	struct code_bytes cb;
	char *s;

	(void)state;
	assert_int_equal(code_parse(sysrq_code, &cb), 0);
	assert_int_equal(cb.arch, CODE_ARCH_X86_64);
	assert_int_equal(cb.len, 67);
	assert_true(cb.has_trap);
	assert_int_equal(cb.trap, 44);
	assert_int_equal(cb.buf[0], 0x83);
	assert_int_equal(cb.buf[43], 0xf8);
	assert_int_equal(cb.buf[44], 0xc6);
	assert_int_equal(cb.buf[51], 0x01);
	assert_int_equal(cb.buf[66], 0x00);

	/* trailing blanks, CR, the old (xx) marker and upper case */
	s = malloc(sizeof(sysrq_code) + 8);
	assert_non_null(s);
	strcpy(s, sysrq_code);
	*strchr(s, '<') = '(';
	*strchr(s, '>') = ')';
	strcat(s, "  \r\n");
	memcpy(s, "83 C6", 5);
	assert_int_equal(code_parse(s, &cb), 0);
	assert_int_equal(cb.len, 67);
	assert_int_equal(cb.trap, 44);
	assert_int_equal(cb.buf[1], 0xc6);
	free(s);

	/* no marker at all */
	assert_int_equal(code_parse("  90 90 c3", &cb), 0);
	assert_int_equal(cb.len, 3);
	assert_false(cb.has_trap);
}

static void test_disasm_x86(void **state)
{
	struct strbuf out = STRBUF_INIT;
	int trap;

	(void)state;
	disasm(sysrq_code, "", NULL, 0, &out, 17);

	assert_int_equal(count_str(out.buf, "<-- trapping"), 1);
	trap = line_with(out.buf, TRAP_MARK);
	assert_int_equal(trap, 9);
	assert_line_has(out.buf, trap,
			"  2c:* c6 04 25 00 00 00 00 01 ");
	assert_line_has(out.buf, trap, "\tmovb $1, 0" TRAP_MARK);
	assert_line_has(out.buf, trap - 1, "  29:  0f ae f8 ");
	assert_line_has(out.buf, trap - 1, "\tsfence");
	assert_line_has(out.buf, trap - 2,
			"  1f:  c7 05 18 6b ee 00 01 00 00 00 ");
	assert_line_has(out.buf, trap - 2, "\tmovl $1, 0xee6b18(%rip)");
	/* the dump starts on an instruction boundary here */
	assert_line_has(out.buf, 0, "   0:  83 c6 12 ");
	assert_line_has(out.buf, 0, "\taddl $0x12, %esi");
	assert_line_has(out.buf, trap + 1, "  34:  c3 ");
	assert_line_has(out.buf, 16, "  3e:  0f 1f 44 00 00 ");
	assert_null(strstr(out.buf, "skipped"));
	assert_null(strstr(out.buf, "(bad)"));
	assert_int_equal(out.buf[out.len - 1], '\n');
	strbuf_release(&out);
}

static void test_disasm_prefix(void **state)
{
	struct strbuf out = STRBUF_INIT;
	const char *p;
	int lines = 0;

	(void)state;
	disasm(sysrq_code, ">> ", NULL, 0, &out, 17);
	for (p = out.buf; *p; p = strchr(p, '\n') + 1) {
		assert_true(!strncmp(p, ">> ", 3));
		lines++;
	}
	assert_int_equal(lines, 17);
	strbuf_release(&out);
}

static void test_disasm_sym(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	/* the whole dump lies inside the symbol */
	disasm(sysrq_code, "", "sysrq_handle_crash", 0x40, &out, 17);
	assert_line_has(out.buf, 0, "sysrq_handle_crash+0x14:  83 c6 12 ");
	assert_line_has(out.buf, 9,
			"sysrq_handle_crash+0x40:* c6 04 25 00 00 00 00 01 ");
	assert_line_has(out.buf, 9, "movb $1, 0" TRAP_MARK);
	assert_line_has(out.buf, 8, "sysrq_handle_crash+0x3d:  0f ae f8 ");
	assert_line_has(out.buf, 16, "sysrq_handle_crash+0x52:  0f 1f 44 ");
	strbuf_reset(&out);

	/* the symbol starts inside the dump, on an instruction */
	disasm(sysrq_code, "", "sysrq_handle_crash", 0x12, &out, 17);
	assert_null(strstr(out.buf, "sysrq_handle_crash+"));
	assert_line_has(out.buf, 6, "  1a <sysrq_handle_crash>:");
	assert_line_has(out.buf, 7, "  1a:  0f 1f 44 00 00 ");
	assert_line_has(out.buf, 10, "  2c:* c6 04 25 ");
	strbuf_reset(&out);

	/* ... or inside an instruction */
	disasm(sysrq_code, "", "sysrq_handle_crash", 0x16, &out, 17);
	assert_line_has(out.buf, 5, "  14:  66 0f 1f 44 00 00 ");
	assert_line_has(out.buf, 6,
			"; sysrq_handle_crash+0x0 is at 16, inside the above");
	assert_line_has(out.buf, 10, "  2c:* c6 04 25 ");
	assert_line_has(out.buf, 10, TRAP_MARK);
	strbuf_release(&out);
}

static void test_disasm_mid_insn(void **state)
{
	struct strbuf out = STRBUF_INIT;
	int trap;

	(void)state;
	/* start inside "83 c6 12": "c6 12" is not a whole instruction */
	disasm(sysrq_code + 3, "", NULL, 0, &out, 17);
	assert_line_has(out.buf, 0, "   0:  c6 ");
	assert_line_has(out.buf, 0, "; 1 byte of a partial instruction");
	trap = line_with(out.buf, TRAP_MARK);
	assert_true(trap > 0);
	assert_line_has(out.buf, trap, "  2b:* c6 04 25 00 00 00 00 01 ");
	assert_line_has(out.buf, trap, "movb $1, 0");
	assert_line_has(out.buf, trap - 1, "sfence");
	assert_line_has(out.buf, trap - 2, "movl $1, 0xee6b18(%rip)");
	strbuf_reset(&out);

	/* nothing before the trap decodes: all of it is skipped */
	disasm("ff ff ff <0f> 0b", "", NULL, 0, &out, 1);
	assert_line_has(out.buf, 0, "   0:  ff ff ff ");
	assert_line_has(out.buf, 0, "; 3 bytes of a partial instruction");
	assert_line_has(out.buf, 1, "   3:* 0f 0b ");
	assert_line_has(out.buf, 1, "\tud2" TRAP_MARK);
	strbuf_reset(&out);

	/* the dump ends inside an instruction */
	disasm("0f 0b <0f> 0b 0f 1f 44", "", NULL, 0, &out, 2);
	assert_line_has(out.buf, 1, "   2:* 0f 0b ");
	assert_line_has(out.buf, 2, "   4:  0f 1f 44 ");
	assert_line_has(out.buf, 2, "\t(truncated)");
	strbuf_reset(&out);

	/* no trap marker: plain linear decode, nothing marked */
	disasm("90 c3", "", NULL, 0, &out, 2);
	assert_line_has(out.buf, 0, "   0:  90 ");
	assert_line_has(out.buf, 0, "\tnop");
	assert_line_has(out.buf, 1, "\tretq");
	assert_null(strstr(out.buf, "<--"));
	assert_null(strchr(out.buf, '*'));
	strbuf_release(&out);
}

static void test_arm64(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct code_bytes cb;

	(void)state;
	assert_int_equal(code_parse(arm64_code, &cb), 0);
	assert_int_equal(cb.arch, CODE_ARCH_ARM64);
	assert_int_equal(cb.len, 20);
	assert_true(cb.has_trap);
	assert_int_equal(cb.trap, 16);
	/* little-endian words */
	assert_int_equal(cb.buf[0], 0x3f);
	assert_int_equal(cb.buf[3], 0xd5);
	assert_int_equal(cb.buf[16], 0x60);
	assert_int_equal(cb.buf[19], 0xb9);

	assert_int_equal(code_disasm(&cb, "", NULL, 0, &out), 5);
	assert_line_has(out.buf, 1, "   4:  a9be7bfd\t");
	assert_line_has(out.buf, 1, "stp x29, x30, [sp, #-0x20]!");
	assert_line_has(out.buf, 2, "mov x29, sp");
	assert_line_has(out.buf, 4,
			"  10:* b9400260\tldr w0, [x19]" TRAP_MARK);
	assert_int_equal(count_str(out.buf, "<--"), 1);
	strbuf_reset(&out);

	assert_int_equal(code_disasm(&cb, "", "do_thing", 0x10, &out), 5);
	assert_line_has(out.buf, 0, " do_thing+0x0:  d503233f\t");
	assert_line_has(out.buf, 4, "do_thing+0x10:* b9400260\t");
	strbuf_reset(&out);

	/* an undefined word */
	disasm("(00000000) d65f03c0", "", NULL, 0, &out, 1);
	assert_line_has(out.buf, 0, "   0:* 00000000\t(bad)" TRAP_MARK);
	assert_line_has(out.buf, 1, "   4:  d65f03c0\tret");
	strbuf_release(&out);
}

static void test_not_code(void **state)
{
	struct code_bytes cb;

	(void)state;
	assert_int_equal(code_parse("Unable to access opcode bytes at "
				    "0x7f1234567890.", &cb), -1);
	assert_int_equal(code_parse("Unable to access opcode bytes at "
				    "RIP 0x7f1234567890.", &cb), -1);
	assert_int_equal(code_parse("Bad RIP value.", &cb), -1);
	assert_int_equal(code_parse("zz 12", &cb), -1);
	assert_int_equal(code_parse("12 zz", &cb), -1);
	assert_int_equal(code_parse("", &cb), -1);
	assert_int_equal(code_parse("  \r\n", &cb), -1);
	assert_int_equal(code_parse(NULL, &cb), -1);
	assert_int_equal(code_parse("12", NULL), -1);
	assert_int_equal(code_parse("123", &cb), -1);
	assert_int_equal(code_parse("12 345 67", &cb), -1);
	assert_int_equal(code_parse("1234 5678", &cb), -1);	/* riscv */
	assert_int_equal(code_parse("12 d503233f", &cb), -1);
	assert_int_equal(code_parse("<12> <34>", &cb), -1);
	assert_int_equal(code_parse("<12> (34)", &cb), -1);
	assert_int_equal(code_parse("<12", &cb), -1);
	assert_int_equal(code_parse("<12)", &cb), -1);
	assert_int_equal(code_parse("12>", &cb), -1);
	assert_int_equal(code_parse("<>", &cb), -1);
	assert_int_equal(code_parse("<<12>>", &cb), -1);
	assert_int_equal(code_parse("0x12", &cb), -1);
	assert_int_equal(code_parse("12,34", &cb), -1);
	/* a failed parse leaves nothing behind */
	assert_int_equal(cb.len, 0);
	assert_false(cb.has_trap);
}

static void test_too_long(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct code_bytes cb;
	char *s = malloc(1000 * 9 + 1);
	size_t i;

	(void)state;
	assert_non_null(s);

	/* 1000 byte tokens */
	for (i = 0; i < 1000; i++)
		memcpy(s + 3 * i, "90 ", 3);
	s[3 * 1000] = '\0';
	assert_int_equal(code_parse(s, &cb), -1);

	/* 513 bytes: too many; 512: fine */
	s[3 * 513] = '\0';
	assert_int_equal(code_parse(s, &cb), -1);

	for (i = 0; i < 512; i++)
		memcpy(s + 3 * i, i == 500 ? "cc " : "90 ", 3);
	s[3 * 512 - 1] = '\0';
	assert_int_equal(code_parse(s, &cb), 0);
	assert_int_equal(cb.len, 512);
	assert_int_equal(code_disasm(&cb, "", NULL, 0, &out), 512);
	assert_line_has(out.buf, 511, " 1ff:  90 ");
	strbuf_reset(&out);

	/* trap at the very end, after 511 bytes to resync over */
	for (i = 0; i < 511; i++)
		memcpy(s + 3 * i, "90 ", 3);
	memcpy(s + 3 * 511, "<cc>", 5);
	assert_int_equal(code_parse(s, &cb), 0);
	assert_int_equal(cb.len, 512);
	assert_int_equal(cb.trap, 511);
	assert_int_equal(code_disasm(&cb, "", NULL, 0, &out), 512);
	assert_line_has(out.buf, 511, " 1ff:* cc ");
	assert_line_has(out.buf, 511, "int3" TRAP_MARK);
	strbuf_reset(&out);

	/* arm64: 128 words fit, 129 do not */
	for (i = 0; i < 129; i++)
		memcpy(s + 9 * i, "d503201f ", 9);
	s[9 * 129] = '\0';
	assert_int_equal(code_parse(s, &cb), -1);
	s[9 * 128] = '\0';
	assert_int_equal(code_parse(s, &cb), 0);
	assert_int_equal(cb.len, 512);
	assert_int_equal(code_disasm(&cb, "", NULL, 0, &out), 128);
	assert_line_has(out.buf, 127, " 1fc:  d503201f\tnop");

	free(s);
	strbuf_release(&out);
}

static void test_disasm_bad_input(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct code_bytes cb;

	(void)state;
	assert_int_equal(code_parse("0f 0b", &cb), 0);
	cb.has_trap = 1;
	cb.trap = 2;
	assert_int_equal(code_disasm(&cb, "", NULL, 0, &out), -1);
	cb.trap = 0;
	cb.len = sizeof(cb.buf) + 1;
	assert_int_equal(code_disasm(&cb, "", NULL, 0, &out), -1);
	assert_int_equal(code_disasm(NULL, "", NULL, 0, &out), -1);
	assert_int_equal(out.len, 0);

	/* a NULL prefix is an empty one; sym without a trap is ignored */
	assert_int_equal(code_parse("0f 0b", &cb), 0);
	assert_int_equal(code_disasm(&cb, NULL, "foo", 4, &out), 1);
	assert_line_has(out.buf, 0, "   0:  0f 0b ");
	assert_null(strstr(out.buf, "foo"));
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_x86),
		cmocka_unit_test(test_disasm_x86),
		cmocka_unit_test(test_disasm_prefix),
		cmocka_unit_test(test_disasm_sym),
		cmocka_unit_test(test_disasm_mid_insn),
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_not_code),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_disasm_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DECODE_CODE_H
#define KDEV_DECODE_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/strbuf.h"

enum code_arch {
	CODE_ARCH_X86_64,
	CODE_ARCH_ARM64,
};

/*
 * The bytes of a "Code:" line. x86 prints bytes, the one at the
 * faulting IP in <>; arm64 prints 32-bit words, the faulting one in ().
 * Bytes are stored in memory order in both cases.
 */
struct code_bytes {
	unsigned char buf[512];
	size_t len;
	size_t trap;		/* offset of the faulting instruction */
	int has_trap;
	enum code_arch arch;
};

/*
 * Parse the text after "Code: " (pure). Returns 0, or -1 for text that
 * is not a code dump ("Unable to access opcode bytes at 0x...", bad hex).
 */
int code_parse(const char *text, struct code_bytes *out);

/*
 * Disassemble with capstone, one instruction a line, each line started
 * with @prefix. The faulting instruction is marked. When @sym is given,
 * addresses are shown as sym+off, the faulting one being at sym+@sym_off;
 * otherwise as offsets from the start of the dump.
 * Returns the number of instructions, or -1 (message on stderr).
 */
int code_disasm(const struct code_bytes *cb, const char *prefix,
		const char *sym, uint64_t sym_off, struct strbuf *out);

#endif

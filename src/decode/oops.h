/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DECODE_OOPS_H
#define KDEV_DECODE_OOPS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Pure parser for kernel console text: one line at a time, no I/O,
 * no allocation. Used by "kdev decode" and fuzzed by t/fuzz/fuzz-oops.c.
 */

enum oops_kind {
	OOPS_OTHER,
	OOPS_START,		/* BUG:, Oops:, WARNING:, Kernel panic, ... */
	OOPS_CPU,		/* CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0 #1 */
	OOPS_CALL_TRACE,	/* Call Trace: */
	OOPS_MARKER,		/* <IRQ> </IRQ> <TASK> </TASK> <NMI> ... */
	OOPS_FRAME,		/* a stack frame, or a RIP:/pc :/lr : line */
	OOPS_CODE,		/* Code: 48 89 ... <0f> 0b */
	OOPS_MODULES,		/* Modules linked in: ... */
	OOPS_KASLR,		/* Kernel Offset: 0x... from 0x... */
	OOPS_END,		/* ---[ end trace ... ]--- */
};

#define OOPS_SYM_MAX 256
#define OOPS_MOD_MAX 64
#define OOPS_BUILDID_MAX 72

struct oops_frame {
	char sym[OOPS_SYM_MAX];		/* empty for a bare address */
	char module[OOPS_MOD_MAX];	/* empty for vmlinux */
	char buildid[OOPS_BUILDID_MAX];	/* module build id when printed */
	char reg[8];			/* "RIP", "pc", "lr", ... or "" */
	uint64_t off, size, addr;
	unsigned has_size : 1;
	unsigned has_addr : 1;		/* [<ffff...>] or 0xffff... */
	unsigned reliable : 1;		/* 0 for "? " frames */
	unsigned exact : 1;		/* the faulting pc: no pc-1 lookup */
	size_t text_begin;		/* where the frame starts in the line */
	size_t text_end;		/* and where it ends (before blanks) */
};

struct oops_line {
	enum oops_kind kind;
	size_t body;			/* start of the message after prefixes */
	const char *type;		/* OOPS_START: "BUG", "Oops", ... */
	struct oops_frame frame;	/* OOPS_FRAME */
	char marker[16];		/* OOPS_MARKER: "IRQ", "/IRQ", ... */
	uint64_t kaslr;			/* OOPS_KASLR */
	size_t code;			/* OOPS_CODE: start of the bytes */
};

struct oops_header {
	char release[128];
	char version[128];		/* what follows the release: "#1 ..." */
	char taint[64];			/* "" when not tainted */
	char comm[64];
	char buildid[OOPS_BUILDID_MAX];	/* vmlinux build id when printed */
	int cpu, pid;
};

/* Length of the syslog/journal/dmesg/caller-id prefix of a line. */
size_t oops_strip_prefix(const char *line, size_t len);

/* Classify one line (without its newline). Always fills @out. */
enum oops_kind oops_parse_line(const char *line, size_t len,
			       struct oops_line *out);

/* Parse the body of a "CPU: ..." line. Returns 0 or -1. */
int oops_parse_cpu(const char *body, size_t len, struct oops_header *h);

#endif

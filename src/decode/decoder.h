/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DECODE_DECODER_H
#define KDEV_DECODE_DECODER_H

#include <stdint.h>
#include <stdio.h>

#include "../lib/strvec.h"

struct decode_options {
	const char *vmlinux;	/* NULL: found from the release in the oops */
	const char *tree;	/* kernel tree or O= directory, or NULL */
	const char *sysroot;	/* prefix for /usr/lib/debug, /lib/modules */
	struct strvec modules;	/* directories searched for module objects */
	int list;		/* lines of source around each line; -1: none */
	int json;
	int color;
};

#define DECODE_OPTIONS_INIT { NULL, NULL, NULL, STRVEC_INIT, -1, 0, 0 }

struct decoder;
struct symobj;

struct decoder *decoder_new(const struct decode_options *opts);
/* Decode one input (@name is used in messages and JSON) onto @out. */
void decoder_input(struct decoder *d, const char *name, const char *text,
		   size_t len, FILE *out);
/* After the last input: close the JSON document (with --json). */
void decoder_finish(struct decoder *d, FILE *out);
/* How many frames were seen so far, and how many did not resolve. */
int decoder_frames(const struct decoder *d, int *failed);
void decoder_free(struct decoder *d);

/*
 * "kdev gdb --list": print the place @sym+@off is (or, @sym NULL, the
 * address @off) like gdb's "list *(sym+off)": the function and
 * file:line, the inline chain, and the source around it (opts->list
 * lines each side). The object is @module (a path) when given, else
 * vmlinux as decoder_input() finds it. An unknown symbol is one error
 * naming the closest symbols. Returns 0, or -1 after an error.
 */
int decoder_list_location(struct decoder *d, const char *module,
			  const char *sym, uint64_t off, uint64_t size,
			  int has_size, FILE *out);

/*
 * The objects decoder_input() would use, for other commands that
 * resolve names (kdev trace): vmlinux of @release (NULL: this
 * machine's) unless --vmlinux or --tree name one, or module @modname's
 * object. NULL after one error that says what is missing. The objects
 * belong to @d.
 */
struct symobj *decoder_vmlinux(struct decoder *d, const char *release);
struct symobj *decoder_module(struct decoder *d, const char *modname,
			      const char *release);

#endif

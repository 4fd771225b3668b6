/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_FTRACE_FTRACE_H
#define KDEV_FTRACE_FTRACE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/strbuf.h"
#include "../lib/strvec.h"

/*
 * "kdev trace": the text ftrace writes (tracefs "trace" and "trace_pipe")
 * turned into calls, and the small files around it. Pure: no file is
 * read here, the caller hands in the text.
 *
 * The function tracer writes one line per call:
 *
 *	"            sh-123     [001] d..1.  42.000100: vfs_write <-ksys_write"
 *
 * (task name, which may hold blanks and dashes, "-" pid, optionally
 * "(tgid)", "[cpu]", optionally the irq/preempt flags, the timestamp,
 * then callee "<-" caller). The function_graph tracer writes the call
 * tree, one line per entry, exit or leaf call:
 *
 *	" 1)     sh-111     |               |  vfs_write() {"
 *	" 1)     sh-111     |   0.500 us    |    rw_verify_area();"
 *	" 1)     sh-111     | + 12.345 us   |  }"
 *
 * "CPU)", with the funcgraph-proc option "comm-pid |", the duration (a
 * mark for long ones: + ! # * @ $) and "|", then two blanks per depth.
 * An exit whose entry was not seen reads "} / * name * /" (no blanks).
 */

enum ftrace_kind {
	FT_OTHER,		/* a header, comment, marker: nothing to use */
	FT_FUNC,		/* function tracer: func <- parent */
	FT_ENTRY,		/* graph: "func() {" */
	FT_EXIT,		/* graph: "}" (func set when the line names it) */
	FT_LEAF,		/* graph: "func();" with its duration */
	FT_LOST,		/* "CPU:N [LOST M EVENTS]" */
};

#define FTRACE_NAME_MAX 128
#define FTRACE_COMM_MAX 24

struct ftrace_event {
	enum ftrace_kind kind;
	int cpu;		/* -1 unknown */
	int pid;		/* -1 unknown (graph without funcgraph-proc) */
	char comm[FTRACE_COMM_MAX];
	uint64_t ts_ns;		/* function tracer: the timestamp */
	int has_ts;
	char func[FTRACE_NAME_MAX];	/* "+0x../0x.." offsets removed */
	char module[FTRACE_COMM_MAX];	/* graph: from "func [mod]" */
	char parent[FTRACE_NAME_MAX];	/* FT_FUNC */
	int depth;		/* graph: nesting, 0 outermost */
	uint64_t dur_ns;	/* FT_EXIT, FT_LEAF */
	int has_dur;
	unsigned long lost;	/* FT_LOST */
};

/*
 * Parse one line of @len bytes (no need for a NUL; a trailing "\n" or
 * "\r" is ignored). Always fills @ev; returns ev->kind.
 */
enum ftrace_kind ftrace_parse_line(const char *line, size_t len,
				   struct ftrace_event *ev);

/*
 * One call, in the order the trace shows them (pre-order for the graph
 * tracer). Names are interned: equal names share one pointer.
 */
struct ftrace_call {
	const char *func;
	const char *module;	/* from the trace, or NULL */
	const char *parent;	/* function tracer: the caller; else NULL */
	const char *comm;	/* "" when unknown */
	int pid;		/* -1 when unknown */
	int depth;		/* graph: nesting; function tracer: 0 */
	uint64_t dur_ns;	/* graph: inclusive time, when has_dur */
	int has_dur;
	uint64_t ts_ns;		/* function tracer: timestamp */
	int has_ts;
};

/* Per function, after ftrace_finish(). */
struct ftrace_stat {
	const char *func;
	unsigned long calls;
	uint64_t total_ns;	/* graph: sum of the inclusive times */
	uint64_t self_ns;	/* graph: minus the traced callees' times */
};

struct ftrace_names;

struct ftrace_trace {
	int graph;		/* the lines were function_graph ones */
	struct ftrace_call *calls;
	size_t ncalls, calls_alloc;
	struct ftrace_stat *stats;	/* hottest first */
	size_t nstats;
	unsigned long lost;	/* events the kernel dropped */
	unsigned long unparsed;	/* lines that were not understood */
	/* building state */
	struct ftrace_names *names;
	struct ftrace_stack *stacks;
	size_t nstacks, stacks_alloc;
	uint64_t *child_ns;	/* per call: its traced callees' time */
	size_t child_alloc;
	struct strbuf partial;	/* an unterminated last line */
};

void ftrace_init(struct ftrace_trace *t);
/* Feed text in pieces of any size; lines may straddle pieces. */
void ftrace_feed(struct ftrace_trace *t, const char *text, size_t len);
/* After the last piece: close what is open, compute the stats. */
void ftrace_finish(struct ftrace_trace *t);
void ftrace_release(struct ftrace_trace *t);
/* The interned copy of @name (for lookups in a trace's names). */
const char *ftrace_intern(struct ftrace_trace *t, const char *name);

/*
 * The raw file "kdev trace --host --raw-output FILE" writes for the
 * kdev trace that booted the guest: "key value" lines, then "trace" on
 * a line of its own, then the trace text to the end.
 *
 *	kdev-trace 1
 *	release 6.1.0-56-cloud-amd64
 *	tracer function_graph
 *	status 0
 *	module NAME MODULE		(one per traced module function)
 *	trace
 */
struct ftrace_raw {
	char release[128];
	char tracer[32];
	int status;		/* the command's, -1 unknown */
	struct strvec mod_funcs;	/* pairs: name, module */
	const char *text;	/* points into the input */
	size_t text_len;
};

/* Returns 0, or -1 with *@why set to a static message. */
int ftrace_raw_parse(const char *buf, size_t len, struct ftrace_raw *raw,
		     const char **why);
void ftrace_raw_release(struct ftrace_raw *raw);
void ftrace_raw_header(struct strbuf *out, const char *release,
		       const char *tracer, int status,
		       const struct strvec *mod_funcs);

/*
 * available_filter_functions: "name" or "name [module]" a line (later
 * kernels add an address column with an option: "addr name"). @names
 * and @mods get one entry per line, @mods "" for the core kernel.
 */
void ftrace_parse_filter_functions(const char *text, size_t len,
				   struct strvec *names, struct strvec *mods);

/*
 * Does the ftrace filter glob @pat match @name? The kernel's globs:
 * "*" and "?" and "[...]"; no "/" special.
 */
int ftrace_glob_match(const char *pat, const char *name);

/*
 * Up to @max names of @names nearest to pattern @pat (its literal part
 * against each name, or against the name's start when @pat ends in
 * "*"; a name that contains the literal part comes after the close
 * ones), best first, no duplicates. Returns how many (pointers into
 * @names).
 */
size_t ftrace_similar(const char *pat, const struct strvec *names,
		      const char **out, size_t max);

/* "12.345 us" for @ns, into @buf (at least 32 bytes). */
const char *ftrace_fmt_us(char *buf, size_t size, uint64_t ns);

#endif

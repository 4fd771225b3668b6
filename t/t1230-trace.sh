#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev trace: ftrace on a command, in a guest or --host

First --host mode against a fake tracefs (a directory of plain files,
--tracefs DIR): the errors (no tracer, a pattern or module that matches
nothing, ftrace in use), a canned trace_pipe turned into a report, every
setting put back. Then the real thing: Debian'"'"'s cloud kernel (it has
both tracers) under TCG, its -dbg vmlinux for file:line.'
. "${0%/*}/test-lib.sh"

if command -v jq >/dev/null 2>&1; then
	test_set_prereq JQ
fi

test_expect_success 'setup: the kernel, its modules, the -dbg vmlinux' '
	test_lab_setup
'
test_lab_load

# the 6.1 tree of the same version, to check a file:line against
# (VERSION is the Debian package's: 6.1.192-2)
sublevel=${VERSION#6.1.}
sublevel=${sublevel%%-*}
TREE=$("$SRC_ROOT/t/kernel/tree.sh" path 2>/dev/null) &&
if test -f "$TREE/fs/read_write.c" &&
   grep -q "^SUBLEVEL = $sublevel\$" "$TREE/Makefile" 2>/dev/null
then
	test_set_prereq TREE
fi

# A fake tracefs: the files kdev trace reads and writes, as a 6.1 kernel
# shows them before anyone traced.
fake_tracefs() {
	rm -rf "$1" &&
	mkdir -p "$1/options" &&
	echo "blk mmiotrace function_graph function nop" >"$1/available_tracers" &&
	echo nop >"$1/current_tracer" &&
	echo "#### all functions enabled ####" >"$1/set_ftrace_filter" &&
	echo "no pid" >"$1/set_ftrace_pid" &&
	echo 1 >"$1/tracing_on" &&
	echo 0 >"$1/options/function-fork" &&
	echo 0 >"$1/options/funcgraph-proc" &&
	echo 0 >"$1/max_graph_depth" &&
	printf "%s\n" vfs_write vfs_read ksys_write rw_verify_area \
		"vp_legacy_remove [virtio_pci_legacy_dev]" \
		"vp_legacy_get_features [virtio_pci_legacy_dev]" \
		>"$1/available_filter_functions" &&
	: >"$1/trace" &&
	: >"$1/trace_pipe"
}

# orig: tfs as it is now
snapshot() {
	rm -rf orig && cp -a tfs orig
}

# The settings a run may touch are back as they were (the filter and
# the pid file read back empty from plain files: tracefs shows that as
# "all functions enabled" and "no pid").
settings_restored() {
	for f in current_tracer tracing_on options/function-fork \
		 options/funcgraph-proc max_graph_depth; do
		test_cmp "$2/$f" "$1/$f" || return 1
	done &&
	test ! -s "$1/set_ftrace_filter" &&
	test ! -s "$1/set_ftrace_pid"
}

test_expect_success 'no function tracer: a clear error naming the option' '
	fake_tracefs tfs &&
	echo "blk nop" >tfs/available_tracers &&
	snapshot &&
	test_expect_code 125 kdev trace --host --tracefs tfs -- true >out 2>err &&
	test ! -s out &&
	grep "^error: this kernel has no function tracer (it has: blk nop): build it with CONFIG_FUNCTION_TRACER=y: .kdev config preset debug. (the tracers and debug info for file:line) or .kdev config enable --deps FUNCTION_TRACER." err &&
	test_expect_code 125 kdev trace --host --tracefs tfs --graph -- true 2>err &&
	grep "^error: this kernel has no function_graph tracer .*CONFIG_FUNCTION_GRAPH_TRACER=y: .kdev config preset debug" err &&
	diff -r orig tfs
'

test_expect_success 'a directory that is not tracefs' '
	mkdir empty &&
	test_expect_code 125 kdev trace --host --tracefs empty -- true 2>err &&
	grep "^error: .empty. is not tracefs: it has no available_tracers" err
'

test_expect_success 'a pattern that matches nothing: the closest names, nothing changed' '
	fake_tracefs tfs && snapshot &&
	test_expect_code 125 kdev trace --host --tracefs tfs --func vfs_wirte \
		--func "rw_*" -- true >out 2>err &&
	grep "^error: .vfs_wirte. matches no function ftrace can trace; closest: vfs_write\$" err &&
	test $(grep -c "^error:" err) = 1 &&
	test_expect_code 125 kdev trace --host --tracefs tfs --func "zzzz*" -- true 2>err &&
	grep "^error: .zzzz\*. matches no function ftrace can trace (see available_filter_functions" err &&
	test_expect_code 125 kdev trace --host --tracefs tfs --module virtio_pci \
		-- true 2>err &&
	grep "^error: module .virtio_pci. is not loaded, or has no function ftrace can trace; loaded: virtio_pci_legacy_dev" err &&
	test_expect_code 125 kdev trace --host --tracefs tfs \
		--module virtio-pci-legacy-dev --func "vfs_*" -- true 2>err &&
	grep "^error: .vfs_\*. matches no function ftrace can trace in module virtio_pci_legacy_dev" err &&
	diff -r orig tfs
'

test_expect_success 'ftrace in use by someone else: refused, left alone' '
	fake_tracefs tfs && echo function >tfs/current_tracer && snapshot &&
	test_expect_code 125 kdev trace --host --tracefs tfs -- true 2>err &&
	grep "^error: ftrace is in use: current_tracer is .function. in tfs; stop that trace first (echo nop > tfs/current_tracer)" err &&
	diff -r orig tfs
'

# what a 6.1 kernel wrote for: kdev trace --graph --func 'vfs_*'
# --func ksys_write --func rw_verify_area -- sh -c 'echo hi >/tmp/x'
cat >graph.pipe <<\EOF
 0)    kdev-115    |               |  vfs_open() {
 0)    kdev-115    | ! 426.866 us  |  }
 0)     sh-115     |               |  ksys_write() {
 0)     sh-115     |               |    vfs_write() {
 0)     sh-115     |   2.303 us    |      rw_verify_area();
 0)     sh-115     |   1.000 us    |      rw_verify_area();
 0)     sh-115     | + 96.757 us   |    }
 0)     sh-115     | ! 107.010 us  |  }
 1)     sh-116     |   5.000 us    |  vfs_read();
EOF

test_expect_success '--host on a canned trace: tree, times, file:line, settings back' '
	fake_tracefs tfs && snapshot && cp graph.pipe tfs/trace_pipe &&
	test_expect_code 3 kdev trace --host --tracefs tfs --vmlinux "$VMLINUX" \
		--graph --depth 5 --func "vfs_*" --func ksys_write \
		--func rw_verify_area -- sh -c "echo from-the-command; exit 3" \
		>out 2>err &&
	# the command writes to stderr: stdout is the trace
	echo from-the-command >expect.err &&
	test_cmp expect.err err &&
	cat >expect.tree <<-\EOF &&
	== kdev-115
	    426.866 us  vfs_open()  fs/open.c:N
	== sh-115
	    107.010 us  ksys_write()  fs/read_write.c:N
	     96.757 us    vfs_write()  fs/read_write.c:N
	      3.303 us      rw_verify_area() x2  fs/read_write.c:N
	== sh-116
	      5.000 us  vfs_read()  fs/read_write.c:N
	EOF
	sed -n "1,/^\$/p" out | sed "/^\$/d; s/:[0-9][0-9]*\$/:N/" >tree &&
	test_cmp expect.tree tree &&
	grep "^hottest functions (5 of 5, 6 calls):" out &&
	grep "^       1      426.866 us      426.866 us  vfs_open  fs/open.c:[0-9]*\$" out &&
	grep "^       1      107.010 us       10.253 us  ksys_write  fs/read_write.c:[0-9]*\$" out &&
	grep "^       2        3.303 us        3.303 us  rw_verify_area  fs/read_write.c:[0-9]*\$" out &&
	settings_restored tfs orig
'

test_expect_success TREE 'the file:line is where the function is defined' '
	N=$(sed -n "s/^ *[0-9.]* us    vfs_write()  fs\/read_write.c:\([0-9]*\)\$/\1/p" out) &&
	test -n "$N" &&
	sed -n "$((N - 1)),${N}p" "$TREE/fs/read_write.c" >def &&
	grep "^ssize_t vfs_write(" def
'

# the function tracer, with a module function (named by
# available_filter_functions, as the trace does not)
cat >func.pipe <<\EOF
              sh-113     [000] .....     4.942390: vfs_open <-path_openat
              sh-113     [000] .....     4.943323: vfs_write <-ksys_write
              sh-113     [001] .....     4.943393: vfs_write <-ksys_write
              sh-113     [001] .....     4.943400: vp_legacy_remove <-virtio_pci_remove
              sh-113     [001] .....     4.943500: vfs_write <-kernel_write
EOF

test_expect_success JQ '--host --json on a canned function trace' '
	fake_tracefs tfs && snapshot && cp func.pipe tfs/trace_pipe &&
	kdev trace --host --tracefs tfs --vmlinux "$VMLINUX" --json -- true >out 2>err &&
	jq -e ".tracer == \"function\" and .status == 0 and .lost_events == 0" out &&
	jq -e ".command == [\"true\"]" out &&
	jq -e ".calls | length == 5" out &&
	jq -e ".calls[1] | .function == \"vfs_write\" and .caller == \"ksys_write\" and .file == \"fs/read_write.c\" and .line > 500 and .pid == 113 and .comm == \"sh\" and .timestamp_ns == 4943323000" out &&
	jq -e ".calls[3] | .function == \"vp_legacy_remove\" and .module == \"virtio_pci_legacy_dev\"" out &&
	jq -e "[.functions[] | .function] == [\"vfs_write\", \"vfs_open\", \"vp_legacy_remove\"]" out &&
	jq -e ".functions[0].calls == 3" out &&
	settings_restored tfs orig
'

test_expect_success 'the function tracer: caller -> callee, repeats counted' '
	fake_tracefs tfs && cp func.pipe tfs/trace_pipe &&
	kdev trace --host --tracefs tfs --vmlinux "$VMLINUX" --top 1 -- true >out &&
	sed "s/:[0-9][0-9]*\$/:N/; s/:[0-9]* \[/:N [/" out >actual &&
	cat >expect <<-\EOF &&
	== sh-113
	path_openat -> vfs_open  fs/open.c:N
	ksys_write -> vfs_write x2  fs/read_write.c:N
	virtio_pci_remove -> vp_legacy_remove [virtio_pci_legacy_dev]
	kernel_write -> vfs_write  fs/read_write.c:N

	hottest functions (1 of 3, 5 calls):
	   calls  function
	       3  vfs_write  fs/read_write.c:N
	EOF
	test_cmp expect actual
'

test_expect_success 'usage errors' '
	test_expect_code 2 kdev trace 2>err &&
	grep "^error: no COMMAND" err &&
	test_expect_code 2 kdev trace --depth 3 -- true 2>err &&
	grep "^error: --depth needs --graph" err &&
	test_expect_code 2 kdev trace --graph --depth 0 -- true 2>err &&
	grep "^error: --depth takes 1 to 1000, not .0." err &&
	test_expect_code 2 kdev trace --host --cpus 2 -- true 2>err &&
	grep "^error: .--cpus. is an option of kdev run: not with --host" err &&
	test_expect_code 2 kdev trace --func "vfs_*:mod:ext4" -- true 2>err &&
	grep "^error: --func .vfs_\*:mod:ext4.: a pattern is a function name or a glob" err &&
	test_expect_code 2 kdev trace --tracefs . -- true 2>err &&
	grep "^error: --tracefs and --raw-output go with --host" err &&
	test_expect_code 2 kdev trace --nosuch -- true 2>err &&
	grep "^error: unknown option .--nosuch." err
'

# kdev trace on the lab's kernel
trace() {
	kdev trace --kernel "$VMLINUZ" --modules "$KMODS" --vmlinux "$VMLINUX" \
		--timeout 300 "$@"
}

# the report of the write test below (a function, so that a failure
# can show what kdev printed: it failed once on a loaded machine)
check_write_report() {
	grep "^hi\$" err &&
	test_must_fail grep "^hi\$" out &&
	grep "^== sh-[0-9]*\$" out &&
	grep -E "^ksys_write -> vfs_write( x[0-9]+)?  fs/read_write.c:[0-9]+\$" out &&
	grep -E "^ksys_read -> vfs_read( x[0-9]+)?  fs/read_write.c:[0-9]+\$" out &&
	grep "^hottest functions" out &&
	grep -E "^ +[0-9]+  vfs_write  fs/read_write.c:[0-9]+\$" out &&
	# only vfs_* functions, and nothing of other tasks
	sed -n "/ -> /s/.* -> \([^ ]*\) .*/\1/p" out | sort -u >callees &&
	test_must_fail grep -v "^vfs_" callees &&
	test -z "$(ls tmp)"
}

test_expect_success 'in a guest: a write goes through ksys_write -> vfs_write' '
	{ test_expect_code 3 trace --func "vfs_*" --top 100 -- \
		sh -c "echo hi >/tmp/kdev-t1230; cat /tmp/kdev-t1230; exit 3" \
		>out 2>err && check_write_report; } ||
	{ echo "== out"; cat out; echo "== err"; cat err; false; } >&2
'

test_expect_success 'in a guest: --graph nests the calls with their durations' '
	trace --graph --func "vfs_*" --func ksys_write --func rw_verify_area \
		-- sh -c "echo hi >/tmp/kdev-t1230" >out 2>err &&
	grep -A1 -E "^ +[0-9]+\.[0-9]{3} us  ksys_write\(\)  fs/read_write.c:[0-9]+\$" out >pair &&
	grep -E "^ +[0-9]+\.[0-9]{3} us    vfs_write\(\)  fs/read_write.c:[0-9]+\$" pair &&
	grep -E "^ +[0-9]+\.[0-9]{3} us      rw_verify_area\(\)( x[0-9]+)?  fs/read_write.c:[0-9]+\$" out &&
	grep -E "^ +calls +total +self  function\$" out &&
	grep -E "^ +[0-9]+ +[0-9]+\.[0-9]{3} us +[0-9]+\.[0-9]{3} us  ksys_write  fs/read_write.c:[0-9]+\$" out
'

test_expect_success JQ 'in a guest: --graph --json' '
	trace --graph --json --func "vfs_write" --func ksys_write -- \
		sh -c "echo hi >/tmp/kdev-t1230" >out 2>err &&
	jq -e ".tracer == \"function_graph\" and .status == 0" out &&
	jq -e ".release == \"$RELEASE\"" out &&
	jq -e "[.calls[] | select(.function == \"ksys_write\")] | length >= 1" out &&
	# every vfs_write right after a ksys_write is one level deeper and shorter
	jq -e "[.calls as \$c | range(1; \$c | length) |
		select(\$c[.].function == \"vfs_write\" and
		       \$c[. - 1].function == \"ksys_write\") |
		(\$c[.].depth == \$c[. - 1].depth + 1 and
		 \$c[.].duration_ns <= \$c[. - 1].duration_ns and
		 \$c[.].file == \"fs/read_write.c\")] |
		length >= 1 and all" out &&
	jq -e ".functions[] | select(.function == \"vfs_write\") |
		.total_ns > 0 and .self_ns <= .total_ns" out
'

test_expect_success 'in a guest: a pattern that matches nothing, a missing module; ftrace put back' '
	mkdir -p res &&
	kdev run --kernel "$VMLINUZ" --modules "$KMODS" --timeout 300 --root-user \
		--rwdir "$PWD/res" -- sh -c "
		T=/sys/kernel/tracing
		\"$KDEV\" trace --host --func vfs_wirte -- true
		echo status=\$? >$PWD/res/status
		\"$KDEV\" trace --host --module nosuchmod -- true
		echo status=\$? >>$PWD/res/status
		\"$KDEV\" trace --host --graph --depth 2 --func vfs_read -- true >/dev/null
		echo status=\$? >>$PWD/res/status
		cat \$T/current_tracer \$T/set_ftrace_pid \$T/tracing_on \
			\$T/options/function-fork \$T/options/funcgraph-proc \
			\$T/max_graph_depth >$PWD/res/after
		head -n 1 \$T/set_ftrace_filter >>$PWD/res/after" >out 2>err &&
	grep "^error: .vfs_wirte. matches no function ftrace can trace; closest: vfs_write" err &&
	grep "^error: module .nosuchmod. is not loaded, or has no function ftrace can trace" err &&
	printf "status=%s\n" 125 125 0 >expect &&
	test_cmp expect res/status &&
	printf "%s\n" nop "no pid" 1 0 0 0 "#### all functions enabled ####" >expect &&
	test_cmp expect res/after
'

test_done

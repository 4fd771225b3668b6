#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev build end to end: a real kernel, a module for it, kdev run on both

Debian'"'"'s linux-source-6.1 with tinyconfig, `kdev config preset vm
debug` and MODULES=y, in the cached O= directory of t/kernel/tiny.sh.
`kdev build` builds it (really, on the first run on a machine; later
runs are make'"'"'s no-op walk), then the kdevcrash module against it;
`kdev run` boots that bzImage, and the oops of the module is decoded
with this build'"'"'s own vmlinux and module.

The O= directory is shared with other tests: every make in it runs
under its lock (flock on $KDEV_CACHE/.tiny.lock, as tiny.sh does).
--no-ccache keeps the command lines those of plain make, so that a
later plain make (tiny.sh, other tests) does not rebuild everything.'
. "${0%/*}/test-lib.sh"

TINY=$SRC_ROOT/t/kernel/tiny.sh
LOCK=$KDEV_CACHE/.tiny.lock

test -d "$("$SRC_ROOT/t/kernel/tree.sh" path 2>/dev/null)" ||
	test_skip_all "no kernel tree (t/kernel/tree.sh)"

test_expect_success 'setup: the configured tiny O= directory' '
	O=$("$TINY" config) &&
	test -f "$O/.config" &&
	grep "^CONFIG_MODULES=y" "$O/.config" &&
	grep "^CONFIG_DEBUG_INFO=y" "$O/.config"
'

test_expect_success 'kdev build builds the kernel: bzImage, vmlinux, the log' '
	flock "$LOCK" "$KDEV" build --no-ccache -C "$O" >out 2>err &&
	test_path_is_file "$O/arch/x86/boot/bzImage" &&
	test_path_is_file "$O/vmlinux" &&
	readelf -S "$O/vmlinux" | grep -q "\.debug_info" &&
	grep "^kdev: built in .*, [0-9]* objects\? compiled, [0-9]* warnings\?$" err &&
	grep "^kdev: image: $O/arch/x86/boot/bzImage$" err &&
	grep "^kdev: log: $O/.kdev/build.log$" err &&
	grep "^# make -C $O -j[0-9]*$" "$O/.kdev/build.log" &&
	grep "^Kernel: arch/x86/boot/bzImage is ready" "$O/.kdev/build.log" &&
	test_must_fail test -s out
'

test_expect_success 'a second kdev build is make'"'"'s no-op: nothing compiled' '
	flock "$LOCK" "$KDEV" build --no-ccache -C "$O" 2>err &&
	grep "^kdev: built in .*, 0 objects compiled" err &&
	test_path_is_file "$O/.kdev/build.log.old"
'

test_expect_success 'an out-of-tree module against that O= directory: M=' '
	cp -r "$SRC_ROOT/t/kernel/kdevcrash" mod &&
	flock "$LOCK" "$KDEV" build --no-ccache -C "$O" M="$PWD/mod" 2>err &&
	test_path_is_file mod/kdevcrash.ko &&
	release=$(cat "$O/include/config/kernel.release") &&
	modinfo mod/kdevcrash.ko | grep "^vermagic: *$release " &&
	grep "^kdev: built in .*, 2 objects compiled, 0 warnings$" err &&
	grep "^kdev: log: $PWD/mod/.kdev/build.log$" err
'

test_expect_success 'a single object: kdev build init/version.o' '
	flock "$LOCK" "$KDEV" build -n --no-ccache -C "$O" init/version.o >out &&
	echo "make -C $O -j$(getconf _NPROCESSORS_ONLN) init/version.o" >expect &&
	test_cmp expect out &&
	flock "$LOCK" "$KDEV" build --no-ccache -C "$O" init/version.o 2>err &&
	test_path_is_file "$O/init/version.o"
'

test_expect_success 'kdev run boots that bzImage: uname -r is the build'"'"'s release' '
	mkdir tmp &&
	TMPDIR=$PWD/tmp kdev run --kernel "$O/arch/x86/boot/bzImage" \
		--timeout 300 -- uname -r >out 2>err &&
	echo "$release" >expect &&
	test_cmp expect out
'

test_expect_success 'the module'"'"'s oops is decoded with this build'"'"'s vmlinux and module' '
	L_CRASH=$(grep -n "KDEV-MARK: crash" mod/kdevcrash.c | cut -d: -f1) &&
	L_OUTER=$(grep -n "KDEV-MARK: call-outer" mod/kdevcrash.c | cut -d: -f1) &&
	TMPDIR=$PWD/tmp test_expect_code 103 kdev run \
		--kernel "$O/arch/x86/boot/bzImage" --vmlinux "$O/vmlinux" \
		--decode-modules "$PWD/mod" --root-user --timeout 300 -- \
		sh -c "/sbin/insmod $PWD/mod/kdevcrash.ko && echo 1 >/proc/kdevcrash; echo survived" >out 2>err &&
	grep "kdev: the kernel reported an oops" err &&
	grep "CPU: .* $release " err &&
	grep "RIP: 0010:kdevcrash_middle+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] kdevcrash_poke at $PWD/mod/kdevcrash.c:$L_CRASH\$" err &&
	grep " kdevcrash_write+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] $PWD/mod/kdevcrash.c:$L_OUTER\$" err &&
	grep " vfs_write+0x[0-9a-f]*/0x[0-9a-f]* .*fs/read_write.c:[0-9]*\$" err &&
	# the last function of a module'"'"'s text has the rest of the text as
	# its size in the oops: the same module, no warning
	test_must_fail grep "may not match" err &&
	test_must_fail grep survived out
'

test_done

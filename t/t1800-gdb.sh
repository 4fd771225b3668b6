#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev gdb: --list without a guest, and gdb on a live guest

--list is checked on Debian'"'"'s -dbg vmlinux (the expected file:line
from binutils'"'"' addr2line, the source text from the linux-source
tree) and on the crash lab'"'"'s kdevcrash.ko (its KDEV-MARK lines). The
live part boots the small test kernel (t/kernel/tiny.sh, with the
kernel'"'"'s gdb helpers built) with kdev run --gdb, loads a module
built here into it, and attaches kdev gdb --batch: vmlinux symbols,
the lx-* helpers, and the module'"'"'s symbols at the address the guest
reports, through lx-symbols and through kdev'"'"'s own loader.'
. "${0%/*}/test-lib.sh"

test_expect_success 'setup: the -dbg vmlinux, kdevcrash.ko, the source tree' '
	test_lab_setup build &&
	echo "SRC=$("$SRC_ROOT/t/kernel/tree.sh" path)" >>paths
'
test_lab_load

# a2l ADDR: "FUNC FILE:LINE" per level of addr2line's inline chain
a2l() {
	addr2line -i -f -e "$VMLINUX" "$1" | paste - - |
	sed "s|debian/build/build_amd64_none_cloud-amd64/||; s|\t| |"
}

test_expect_success '--list SYM+OFF in vmlinux: the line addr2line gives, its source' '
	start=$(nm "$VMLINUX" | awk "\$3 == \"vfs_write\" { print \$1 }") &&
	a2l $(printf "0x%x" $((0x$start + 0xc7))) >chain &&
	read -r func where <chain &&
	file=${where%:*} && line=${where##*:} &&
	kdev gdb --list "vfs_write+0xc7" --vmlinux "$VMLINUX" --tree "$SRC" \
		--context 3 >out &&
	head -n 1 out >head &&
	test_grep "^vfs_write+0xc7 (0x[0-9a-f]*) is in $func at $file:$line\$" head &&
	# the marked line is the tree'"'"'s text of that line, 3 lines each side
	printf ">%6d  %s\n" "$line" "$(sed -n "${line}p" "$SRC/$file")" >expect &&
	grep "^>" out >marked &&
	test_cmp expect marked &&
	test "$(grep -c "^ *[0-9]\{1,\}  " out)" = 6 &&
	test "$(grep -c "^[> ] *[0-9]\{1,\}  " out)" = 7
'

test_expect_success '--list: an inline chain, and the gdb spelling *(...)' '
	start=$(nm "$VMLINUX" | awk "\$3 == \"proc_reg_write\" { print \$1 }") &&
	a2l $(printf "0x%x" $((0x$start + 0x55))) >chain &&
	test_line_count -gt 1 chain &&
	kdev gdb --list "*(proc_reg_write+0x55)" --vmlinux "$VMLINUX" \
		--tree "$SRC" >out &&
	sed -n "1s/.* is in \([^ ]*\) at \(.*\)/\1 \2/p" out >got &&
	sed -n "s/^  (inlined by) \([^ ]*\) at \(.*\)/\1 \2/p" out >>got &&
	test_cmp chain got
'

test_expect_success '--list on a return address just past a noreturn call' '
	kdev gdb --list "sysrq_handle_crash+0x16/0x20" --vmlinux "$VMLINUX" \
		--tree "$SRC" >out &&
	test_grep "just past the end of sysrq_handle_crash" out &&
	test_grep "is in sysrq_handle_crash at drivers/tty/sysrq.c:155" out &&
	test_grep "^>   155  	panic(\"sysrq triggered crash" out
'

test_expect_success '--list in a module object: the function, inline chain, marks' '
	crash=$(grep -n "KDEV-MARK: crash" "$MODSRC" | cut -d: -f1) &&
	call=$(grep -n "KDEV-MARK: call-inline" "$MODSRC" | cut -d: -f1) &&
	kdev gdb --list "kdevcrash_middle+0xd/0x20 [kdevcrash]" --module "$KO" \
		--context 1 >out &&
	test_grep "^kdevcrash_middle+0xd is in kdevcrash_poke at .*kdevcrash.c:$crash\$" out &&
	test_grep "^  (inlined by) kdevcrash_middle at .*kdevcrash.c:$call\$" out &&
	test_grep "^> *$crash  .*KDEV-MARK: crash" out &&
	test_line_count = 5 out
'

test_expect_success '--list: a plain address' '
	start=$(nm "$VMLINUX" | awk "\$3 == \"vfs_write\" { print \$1 }") &&
	kdev gdb --list "0x$start" --vmlinux "$VMLINUX" --tree "$SRC" >out &&
	test_grep "^0x$start is in vfs_write at fs/read_write.c:[0-9]*\$" out
'

test_expect_success '--list: an unknown symbol is one line with the closest names' '
	test_expect_code 1 kdev gdb --list "sysrq_handle_crsh+0x3" \
		--vmlinux "$VMLINUX" >out 2>err &&
	test_must_fail test -s out &&
	test_line_count = 1 err &&
	test_grep "^error: no symbol .sysrq_handle_crsh. in .*; closest: sysrq_handle_crash, " err &&
	test_expect_code 1 kdev gdb --list "kdevcrash_midle" --module "$KO" 2>err &&
	test_grep "closest: kdevcrash_middle" err &&
	test_expect_code 1 kdev gdb --list "vfs_write+0x100000" \
		--vmlinux "$VMLINUX" 2>err &&
	test_grep "past the end of .vfs_write." err &&
	test_expect_code 2 kdev gdb --list "vfs write" 2>err &&
	test_grep "is not SYM+0xOFF" err
'

test_expect_success '--dry-run: the gdb command line and what it feeds' '
	mkdir -p fake/o && : >fake/o/vmlinux && : >fake/o/vmlinux-gdb.py &&
	mkdir fake/mods &&
	kdev gdb -n O=fake/o --port 4321 --modules fake/mods --batch -ex bt >out &&
	o=$(cd fake/o && pwd) &&
	cat >expect <<-EOF &&
	gdb -q -batch -iex '"'"'add-auto-load-safe-path $o'"'"' -iex '"'"'set pagination off'"'"' $o/vmlinux -ex '"'"'source $o/vmlinux-gdb.py'"'"' -ex '"'"'target remote :4321'"'"' -ex '"'"'lx-symbols "fake/mods"'"'"' -ex bt
	(gdb) add-auto-load-safe-path $o
	(gdb) set pagination off
	(gdb) source $o/vmlinux-gdb.py
	(gdb) target remote :4321
	(gdb) lx-symbols "fake/mods"
	(gdb) bt
	EOF
	test_cmp expect out &&
	# without the helpers: kdev'"'"'s own module loader, told where to look
	kdev gdb -n --tree fake/o --no-lx --modules fake/mods >out &&
	test_grep "^KDEV_GDB_MODULE_DIRS=fake/mods:$o\$" out &&
	test_grep "^(gdb) source .*/kdev/gdb-modules.py\$" out &&
	test_grep ! lx-symbols out &&
	kdev gdb -n --vmlinux fake/o/vmlinux --kgdb /run/x/kgdb.sock >out &&
	test_grep "^KDEV_GDB_KGDB_SOCKET=/run/x/kgdb.sock\$" out &&
	test_grep "^(gdb) target remote | exec \"\$KDEV_GDB_SELF\" gdb --relay\$" out &&
	test_must_fail kdev gdb --relay 2>err &&
	test_grep "relay is for gdb" err
'

test_expect_success 'no guest, no kernel: one clear line' '
	port=$((20000 + $$ % 20000)) &&
	test_must_fail kdev gdb --tree fake/o --port $port 2>err &&
	test_grep "nothing listens on port $port: start the guest with .kdev run --gdb=PORT." err &&
	test_line_count = 1 err &&
	mkdir empty && (cd empty && test_must_fail kdev gdb 2>../err) &&
	test_grep "which kernel?" err &&
	test_must_fail kdev gdb --tree fake/o --kgdb 2>err &&
	test_grep "start the guest with .kdev run --kgdb." err
'

# ---- a live guest ----

test_expect_success 'setup: the small kernel with its gdb helpers, a module for it' '
	TINY=$("$SRC_ROOT/t/kernel/tiny.sh" built) &&
	test -f "$TINY/vmlinux-gdb.py" &&
	mkdir mod &&
	cat >mod/kdevgdb.c <<-\EOF &&
	// SPDX-License-Identifier: GPL-2.0
	#include <linux/init.h>
	#include <linux/module.h>

	int kdevgdb_counter = 42;

	noinline int kdevgdb_fn(int x)
	{
		return x * 3 + kdevgdb_counter;
	}

	static int __init kdevgdb_init(void)
	{
		pr_info("kdevgdb: %d\n", kdevgdb_fn(1));
		return 0;
	}
	module_init(kdevgdb_init);
	MODULE_LICENSE("GPL");
	EOF
	echo "obj-m += kdevgdb.o" >mod/Kbuild &&
	make -s -C "$("$SRC_ROOT/t/kernel/tiny.sh" tree)" O="$TINY" \
		M="$PWD/mod" modules >mod/build.log 2>&1 &&
	test -f mod/kdevgdb.ko &&
	echo "TINY=$TINY" >>paths &&
	test_set_prereq TINY
'
. ./paths

PORT=$((21000 + $$ % 20000))
test_expect_success TINY 'setup: kdev run --gdb, a module loaded in the guest' '
	# "$KDEV", not the kdev function; the pid file names kdev run itself
	sh -c '"'"'echo $$ >guest.pid; exec "$@"'"'"' - \
		"$KDEV" run --tree "$TINY" --gdb=$PORT --timeout 400 -- sh -c \
		"insmod $PWD/mod/kdevgdb.ko &&
		 cat /sys/module/kdevgdb/sections/.text /sys/module/kdevgdb/sections/.data &&
		 sleep 300" >guest.out 2>guest.err &
	for i in $(seq 50); do test -s guest.pid && break; sleep 0.1; done &&
	for i in $(seq 300); do
		test "$(wc -l <guest.out)" = 2 && break
		kill -0 $(cat guest.pid) || break
		sleep 1
	done &&
	test "$(wc -l <guest.out)" = 2 &&
	test_set_prereq GUEST
'

test_expect_success GUEST 'kdev gdb attaches: symbols, helpers, the guest'"'"'s state' '
	timeout 120 "$KDEV" gdb --tree "$TINY" --port $PORT --batch \
		-ex "p linux_banner" -ex "lx-version" -ex "info symbol vfs_write" \
		-ex "bt 1" >out 2>err &&
	banner=$(sed -n "s/^\\\$1 = 0x[0-9a-f]* <linux_banner> \"\(.*\)\\\\n\"\$/\1/p" out) &&
	test -n "$banner" &&
	# lx-version reads the banner from the guest memory
	grep -x -F "$banner" out &&
	test_grep "^vfs_write in section .text" out &&
	# "#0  0xADDR in f (...) at f.c:N", or "#0  f (...) at f.c:N" when the
	# guest stopped on the first instruction of f
	test_grep -E "^#0  (0x[0-9a-f]+ in )?[a-z_0-9.]+ \(.*\) at .*\.[ch]:[0-9]+\$" out
'

test_expect_success GUEST 'the module'"'"'s symbols at the address the guest gave it (lx-symbols)' '
	text=$(sed -n 1p guest.out) && data=$(sed -n 2p guest.out) &&
	timeout 120 "$KDEV" gdb --tree "$TINY" --port $PORT --modules mod --batch \
		-ex "p &kdevgdb_fn" -ex "p &kdevgdb_counter" \
		-ex "p kdevgdb_counter" >out 2>err &&
	test_grep "^\\\$1 = (int (\*)(int)) $text <kdevgdb_fn>\$" out &&
	test_grep "^\\\$2 = (int \*) $data <kdevgdb_counter>\$" out &&
	test_grep "^\\\$3 = 42\$" out
'

test_expect_success GUEST 'the same with kdev'"'"'s own loader (--no-lx)' '
	text=$(sed -n 1p guest.out) && data=$(sed -n 2p guest.out) &&
	timeout 120 "$KDEV" gdb --no-lx --tree "$TINY" --port $PORT --modules mod \
		--batch -ex "p &kdevgdb_fn" -ex "p &kdevgdb_counter" \
		-ex "p kdevgdb_counter" >out 2>err &&
	test_grep "^kdev: loaded symbols of kdevgdb from .*mod/kdevgdb.ko\$" out &&
	test_grep "^\\\$1 = (int (\*)(int)) $text <kdevgdb_fn>\$" out &&
	test_grep "^\\\$2 = (int \*) $data <kdevgdb_counter>\$" out &&
	test_grep "^\\\$3 = 42\$" out &&
	# lx-symbols did not run (the helpers may still auto-load)
	test_grep ! "scanning for modules" out
'

# stop_guest PIDFILE: end the kdev run started in the background
stop_guest() {
	test -f "$1" || return 0
	kill $(cat "$1") 2>/dev/null
	for i in $(seq 60); do
		kill -0 $(cat "$1") 2>/dev/null || break
		sleep 1
	done
	! kill -0 $(cat "$1") 2>/dev/null
}

test_expect_success TINY 'stop the guest' '
	stop_guest guest.pid &&
	! pgrep -f "gdb tcp:127.0.0.1:$PORT\$" >/dev/null
'

# ---- kgdb ----

# tiny.sh's kernel has "kdev config preset kgdb" (KGDB,
# KGDB_SERIAL_CONSOLE); neither Debian kernel has KGDB.
test_expect_success TINY 'setup: the kernel has kgdb (kdev config preset kgdb)' '
	grep -x CONFIG_KGDB_SERIAL_CONSOLE=y "$TINY/.config" &&
	echo "KGDB=$TINY" >>paths &&
	test_set_prereq KGDB
'
. ./paths

test_expect_success TINY 'kdev run --kgdb refuses a kernel without kgdb' '
	mkdir -p nokgdb/arch/x86/boot &&
	ln -s "$TINY/arch/x86/boot/bzImage" nokgdb/arch/x86/boot/bzImage &&
	grep -v -e "^CONFIG_KGDB" "$TINY/.config" >nokgdb/.config &&
	test_expect_code 125 kdev run --tree nokgdb --kgdb -- true 2>err &&
	test_grep "has no CONFIG_KGDB and CONFIG_KGDB_SERIAL_CONSOLE" err &&
	test_grep "kdev config preset kgdb" err
'

test_expect_success KGDB 'kgdb end to end: the kernel waits, gdb attaches, it boots on' '
	mkdir ktmp &&
	# the pid file names kdev run itself (sh execs it)
	TMPDIR=$PWD/ktmp sh -c '"'"'echo $$ >kguest.pid; exec "$@"'"'"' - \
		"$KDEV" run --tree "$KGDB" --kgdb --timeout 400 -- \
		sh -c "echo booted; sleep 300" >kguest.out 2>kguest.err &
	for i in $(seq 50); do test -s kguest.pid && break; sleep 0.1; done &&
	for i in $(seq 300); do
		ls ktmp/kdev-run.*/kgdb.sock >/dev/null 2>&1 &&
		grep -q "Waiting for connection" ktmp/kdev-run.*/console.log 2>/dev/null &&
		break
		sleep 1
	done &&
	test_grep "kdev gdb --kgdb .*/kgdb.sock" kguest.err &&
	# kgdbwait: the kernel stops before it runs init
	test_must_fail test -s kguest.out &&
	TMPDIR=$PWD/ktmp timeout 120 "$KDEV" gdb --tree "$KGDB" --kgdb --batch \
		-ex "bt 3" -ex "p linux_banner" >gdb.out 2>gdb.err &&
	test_grep "kgdb_breakpoint\|kgdb_initial_breakpoint" gdb.out &&
	test_grep "^\\\$1 = 0x[0-9a-f]* <linux_banner> \"Linux version 6.1" gdb.out &&
	# gdb detached: the kernel goes on and runs the command
	for i in $(seq 300); do
		test -s kguest.out && break
		sleep 1
	done &&
	echo booted >expect &&
	test_cmp expect kguest.out
'

test_expect_success KGDB 'stop the kgdb guest' '
	stop_guest kguest.pid &&
	! pgrep -f "path=$PWD/ktmp/kdev-run" >/dev/null
'

test_done

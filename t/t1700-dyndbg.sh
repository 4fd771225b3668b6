#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev dyndbg: queries checked before they are written, on a real kernel

Off the guest: the query checker, --print-boot, a kernel without dynamic
debug (--control to a missing file), --level through KDEV_PRINTK.
In a guest of kdev run on Debian'"'"'s cloud kernel (CONFIG_DYNAMIC_DEBUG):
binfmt_misc'"'"'s pr_debug callsites are listed, enabled (with debugfs
unmounted first, so kdev mounts and unmounts it), made to print by
registering a binfmt_misc entry, and seen in the guest'"'"'s kernel log.'
. "${0%/*}/test-lib.sh"

test_expect_success 'a bad keyword is shown with a caret under it' '
	test_expect_code 2 kdev dyndbg --control /nonexistent "mode foo +p" 2>err &&
	cat >expect <<-\EOF &&
	error: unknown keyword '"'"'mode'"'"': the keywords are func, file, module, format, class and line
	  mode foo +p
	  ^^^^
	EOF
	test_cmp expect err
'

test_expect_success 'bad flags, line ranges and quotes point at their word' '
	test_expect_code 2 kdev dyndbg module foo +x 2>err &&
	grep "unknown flag .x. in .+x." err &&
	grep "^             ^^\$" err &&
	test_expect_code 2 kdev dyndbg "file svcsock.c line 20-10 +p" 2>err &&
	grep "the line range 20-10 ends before it starts" err &&
	grep "^                      ^^^^^\$" err &&
	test_expect_code 2 kdev dyndbg "format \"abc +p" 2>err &&
	grep "unterminated quote" err &&
	test_expect_code 2 kdev dyndbg module foo 2>err &&
	grep "not a flags change" err
'

test_expect_success 'no query, a bad --level: usage errors' '
	test_expect_code 2 kdev dyndbg 2>err &&
	grep "no query given" err &&
	test_expect_code 2 kdev dyndbg --level loud 2>err &&
	grep "level takes 1 to 15" err
'

test_expect_success '--print-boot: dyndbg= for code, MODULE.dyndbg= for a module' '
	kdev dyndbg --print-boot "file ec.c +p; format \"nfsd: READ\" +p" \
		";" module kdev_t1700_nosuch func "foo_*" +pf >out &&
	cat >expect <<-\EOF &&
	dyndbg="file ec.c +p"
	dyndbg="format nfsd:\040READ +p"
	kdev_t1700_nosuch.dyndbg="func foo_* +pf"
	modprobe kdev_t1700_nosuch '"'"'dyndbg=func foo_* +pf'"'"'
	EOF
	test_cmp expect out
'

test_expect_success 'a kernel without the control file: what to set' '
	test_expect_code 1 kdev dyndbg --control "$PWD/nosuch" module foo +p 2>err &&
	grep "nosuch" err &&
	grep "CONFIG_DYNAMIC_DEBUG" err &&
	grep "kdev config preset debug" err
'

test_expect_success 'a fake control file: counts, suggestions, dry run' '
	cat >control <<-\EOF &&
	# filename:lineno [module]function flags format
	fs/binfmt_misc.c:335 [binfmt_misc]create_entry =_ "register: received %zu bytes\n"
	fs/binfmt_misc.c:356 [binfmt_misc]create_entry =p "register: delim: %#x {%c}\n"
	init/main.c:1424 [main]run_init_process =_ "  with arguments:\n"
	EOF
	kdev dyndbg -n --control control module binfmt_misc +p >out &&
	echo "would write '"'"'module binfmt_misc +p'"'"' to control: 2 callsites match, 1 would change" >expect &&
	test_cmp expect out &&
	test_expect_code 1 kdev dyndbg --control control module binfmt_mis +p 2>err &&
	grep "no callsite matches .module binfmt_mis +p. (3 callsites in control)" err &&
	grep "did you mean binfmt_misc?" err &&
	test_expect_code 1 kdev dyndbg --control control func create_entr +p 2>err &&
	grep "did you mean create_entry?" err &&
	kdev dyndbg list --control control file main.c >out &&
	grep "^=_ *init/main.c:1424 *main *run_init_process *\"  with arguments:\\\\n\"\$" out &&
	test_line_count = 1 out
'

test_expect_success '--level sets the first field and restore puts it back' '
	printf "4\t4\t1\t7\n" >printk &&
	KDEV_PRINTK=$PWD/printk KDEV_STATE_DIR=$PWD/state kdev dyndbg --level debug >out &&
	echo "console log level 8 (was 4)" >expect &&
	test_cmp expect out &&
	head -1 printk | cut -f1 >got &&
	echo 8 >expect && test_cmp expect got &&
	echo 4 >expect && test_cmp expect state/printk-level &&
	# a second change keeps the first old value
	KDEV_PRINTK=$PWD/printk KDEV_STATE_DIR=$PWD/state kdev dyndbg --level 6 >out &&
	echo 4 >expect && test_cmp expect state/printk-level &&
	KDEV_PRINTK=$PWD/printk KDEV_STATE_DIR=$PWD/state kdev dyndbg --level restore >out &&
	echo "console log level 4 (was 6)" >expect &&
	test_cmp expect out &&
	test_path_is_missing state/printk-level &&
	test_expect_code 1 env KDEV_PRINTK=$PWD/printk KDEV_STATE_DIR=$PWD/state "$KDEV" dyndbg --level restore 2>err &&
	grep "nothing to restore" err
'

test_expect_success 'setup: the kernel and its modules' '
	test_lab_setup
'
test_lab_load

test_expect_success 'in a guest: list, enable, print, count, suggest, reset' '
	mkdir res &&
	cat >guest.sh <<-EOF &&
	cd $PWD/res
	umount /sys/kernel/debug
	grep -c " /sys/kernel/debug " /proc/mounts >mounted-before
	insmod $KMODS/kernel/fs/binfmt_misc.ko
	$KDEV dyndbg list module binfmt_misc >list.txt; echo \$? >list.rc
	$KDEV dyndbg list --json module binfmt_misc line 335 >list.json
	$KDEV dyndbg "module binfmt_misc +p" >enable.txt 2>enable.err; echo \$? >enable.rc
	grep -c " /sys/kernel/debug " /proc/mounts >mounted-after
	$KDEV dyndbg "module binfmt_mis +p" >nomatch.txt 2>nomatch.err; echo \$? >nomatch.rc
	$KDEV dyndbg "module binfmt_misc oops +p" >bad.txt 2>bad.err; echo \$? >bad.rc
	mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
	echo ":kdevt:E::kdevt::/bin/true:" >/proc/sys/fs/binfmt_misc/register
	dmesg >dmesg.txt
	$KDEV dyndbg --level debug >level.txt; cat /proc/sys/kernel/printk >printk.txt
	$KDEV dyndbg --level restore >>level.txt; cat /proc/sys/kernel/printk >>printk.txt
	$KDEV dyndbg reset >reset.txt; echo \$? >reset.rc
	$KDEV dyndbg list module binfmt_misc >after-reset.txt
	EOF
	run --root-user --rwdir "$PWD/res" -- sh guest.sh >out 2>err &&
	test_path_is_file res/after-reset.txt
'

test_expect_success 'list shows binfmt_misc callsites with their columns' '
	echo 0 >expect && test_cmp expect res/list.rc &&
	test $(wc -l <res/list.txt) -ge 10 &&
	grep "^=_ *fs/binfmt_misc.c:335 *binfmt_misc *create_entry *\"register: received %zu bytes\\\\n\"\$" res/list.txt &&
	grep "\"file\": \"fs/binfmt_misc.c\"" res/list.json &&
	grep "\"line\": 335" res/list.json &&
	grep "\"flags\": \"_\"" res/list.json
'

test_expect_success 'enabling reports the counts; debugfs was mounted and unmounted' '
	echo 0 >expect && test_cmp expect res/enable.rc &&
	n=$(wc -l <res/list.txt) &&
	echo "module binfmt_misc +p: $n callsites matched, $n changed" >expect &&
	test_cmp expect res/enable.txt &&
	echo 0 >expect &&
	test_cmp expect res/mounted-before &&
	test_cmp expect res/mounted-after
'

test_expect_success 'the pr_debug lines are in the kernel log' '
	grep "binfmt_misc: register: received [0-9]* bytes" res/dmesg.txt &&
	grep "binfmt_misc: register: name: {kdevt}" res/dmesg.txt &&
	grep "binfmt_misc: register: interpreter: {/bin/true}" res/dmesg.txt
'

test_expect_success 'zero matches: exit 1 with the closest module' '
	echo 1 >expect && test_cmp expect res/nomatch.rc &&
	grep "no callsite matches .module binfmt_mis +p." res/nomatch.err &&
	grep "did you mean binfmt_misc?" res/nomatch.err
'

test_expect_success 'a bad query is refused before anything is written' '
	echo 2 >expect && test_cmp expect res/bad.rc &&
	grep "unknown keyword .oops." res/bad.err &&
	test ! -s res/bad.txt
'

test_expect_success '--level in the guest, and restore' '
	head -1 res/printk.txt | cut -f1 >got &&
	echo 8 >expect && test_cmp expect got &&
	old=$(sed -n "s/^console log level 8 (was \([0-9]*\))\$/\1/p" res/level.txt) &&
	test -n "$old" &&
	tail -1 res/printk.txt | cut -f1 >got &&
	echo $old >expect && test_cmp expect got
'

test_expect_success 'reset turns every flag off and says how many' '
	echo 0 >expect && test_cmp expect res/reset.rc &&
	n=$(wc -l <res/list.txt) &&
	grep "^reset: [0-9]* callsites had flags, [0-9]* turned off\$" res/reset.txt &&
	test $(sed "s/.*flags, \([0-9]*\) turned off/\1/" res/reset.txt) -ge $n &&
	test_must_fail grep -v "^=_ " res/after-reset.txt
'

test_expect_success 'kdev run --dyndbg: checked before booting' '
	test_expect_code 2 run --dyndbg "module x +q" -- true 2>err &&
	grep "unknown flag .q." err &&
	test_must_fail grep "QEMU" err
'

test_done

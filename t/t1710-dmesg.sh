#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev dmesg: /dev/kmsg with reports decoded inline

In a guest of kdev run on Debian'"'"'s cloud kernel, kdevcrash.ko oopses;
kdev dmesg reads /dev/kmsg there and shows the oops decoded against the
-dbg vmlinux and the module, filters by level and time, follows new
records; a copy of /dev/kmsg saved in the guest is read on the host
with --file.'
. "${0%/*}/test-lib.sh"

test_expect_success 'bad options: one line and exit 2' '
	test_expect_code 2 kdev dmesg --level loud 2>err &&
	grep "level takes emerg" err &&
	test_expect_code 2 kdev dmesg --since yesterday 2>err &&
	grep "since takes seconds since boot" err &&
	test_expect_code 2 kdev dmesg --time=local 2>err &&
	test_expect_code 2 kdev dmesg --follow --file x 2>err &&
	grep "follow reads /dev/kmsg" err
'

test_expect_success '--file: records, levels, --since, continuation lines' '
	printf "%s\n" "6,1,1000000,-;one" " SUBSYSTEM=pci" \
		"3,2,2500000,-;two\\x0athree" "7,3,3000000,-;four" >saved &&
	kdev dmesg --file saved >out &&
	printf "%s\n" "[    1.000000] one" "[    2.500000] two" \
		"[    2.500000] three" "[    3.000000] four" >expect &&
	test_cmp expect out &&
	kdev dmesg --file saved --level err >out &&
	printf "%s\n" "[    2.500000] two" "[    2.500000] three" >expect &&
	test_cmp expect out &&
	kdev dmesg --file saved --since 2.6 --time=none >out &&
	echo four >expect &&
	test_cmp expect out &&
	kdev dmesg --file saved --json >out &&
	test_line_count = 3 out &&
	grep "\"subsystem\":\"pci\"" out &&
	grep "\"level\":\"err\",\"priority\":3" out
'

test_expect_success 'setup: the kernel, kdevcrash.ko, the -dbg vmlinux' '
	test_lab_setup build
'
test_lab_load

test_expect_success 'in a guest: kdevcrash oopses, kdev dmesg reads the log' '
	mkdir res &&
	cat >guest.sh <<-EOF &&
	cd $PWD/res
	/sbin/insmod $MODDIR/kdevcrash.ko
	sh -c "echo 1 >/proc/kdevcrash"
	echo "<3>kdev-t1710: an error record" >/dev/kmsg
	$KDEV dmesg --vmlinux $VMLINUX --decode-modules $MODDIR >dmesg.txt 2>dmesg.err
	echo \$? >dmesg.rc
	$KDEV dmesg --json --vmlinux $VMLINUX --decode-modules $MODDIR >dmesg.json 2>/dev/null
	$KDEV dmesg --level err --no-decode >level.txt
	$KDEV dmesg --since 0.5 --no-decode >since.txt
	$KDEV dmesg --since 10m --no-decode >since10m.txt
	dd if=/dev/kmsg of=kmsg.dump iflag=nonblock bs=16384 2>/dev/null
	$KDEV dmesg --follow --no-decode >follow.txt 2>follow.err &
	pid=\$!
	i=0; while ! grep -q "kdev-t1710: an error" follow.txt && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i+1)); done
	echo "<4>kdev-t1710: written while following" >/dev/kmsg
	i=0; while ! grep -q "written while following" follow.txt && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i+1)); done
	kill \$pid; wait \$pid; echo \$? >follow.rc
	$KDEV dmesg --follow --since \$(cut -d" " -f1 /proc/uptime) --vmlinux $VMLINUX --decode-modules $MODDIR >follow2.txt 2>follow2.err &
	pid=\$!
	sleep 1
	sh -c "echo 2 >/proc/kdevcrash"
	i=0; while ! grep -q "kdevcrash.c:" follow2.txt && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i+1)); done
	kill \$pid; wait \$pid; echo \$? >follow2.rc
	EOF
	test_expect_code 103 run --root-user --rwdir "$PWD/res" \
		--vmlinux "$VMLINUX" --decode-modules "$MODDIR" -- sh guest.sh >out 2>err &&
	test_path_is_file res/follow.rc
'

test_expect_success 'the oops is decoded inline, with kdevcrash.c lines' '
	echo 0 >expect && test_cmp expect res/dmesg.rc &&
	grep "^\[ *[0-9.]*\] Linux version" res/dmesg.txt &&
	grep "RIP: 0010:kdevcrash_[a-z]*+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] .*kdevcrash.c:[0-9]" res/dmesg.txt &&
	grep "kdevcrash_write+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] .*kdevcrash.c:[0-9]" res/dmesg.txt &&
	# once, in its place: after the module loaded, before our record
	test $(grep -c "Call Trace:" res/dmesg.txt) = 1 &&
	loaded=$(grep -n "kdevcrash: loaded" res/dmesg.txt | cut -d: -f1) &&
	trace=$(grep -n "Call Trace:" res/dmesg.txt | cut -d: -f1) &&
	after=$(grep -n "kdev-t1710: an error record" res/dmesg.txt | cut -d: -f1) &&
	test $loaded -lt $trace && test $trace -lt $after
'

test_expect_success '--json: records and the decoded report' '
	grep "^{\"type\":\"record\",\"seq\":0,\"usec\":0," res/dmesg.json &&
	grep "^{\"type\":\"report\",\"severity\":\"oops\"" res/dmesg.json >report &&
	grep "\"symbol\":\"kdevcrash_write\"" report &&
	grep "\"file\":\"[^\"]*kdevcrash.c\",\"line\":[0-9]" report
'

test_expect_success '--level err: only err and more urgent' '
	grep "kdev-t1710: an error record" res/level.txt &&
	test_must_fail grep "Linux version" res/level.txt
'

test_expect_success '--since: seconds since boot, or a time ago' '
	test_must_fail grep "Linux version" res/since.txt &&
	grep "kdev-t1710: an error record" res/since.txt &&
	grep "Linux version" res/since10m.txt
'

test_expect_success '--follow sees a record written after it started' '
	grep "kdev-t1710: written while following" res/follow.txt &&
	echo 0 >expect && test_cmp expect res/follow.rc
'

test_expect_success '--follow decodes a report that arrives while it follows' '
	echo 0 >expect && test_cmp expect res/follow2.rc &&
	test_must_fail grep "Linux version" res/follow2.txt &&
	grep "kdevcrash_write+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] .*kdevcrash.c:[0-9]" res/follow2.txt &&
	test $(grep -c "Call Trace:" res/follow2.txt) = 1
'

# (it failed once in a clean-clone run on a loaded machine and passed 3
# times after: a failure now shows what kdev printed)
test_expect_success 'kdev run -v shows the same view: the oops decoded inline' '
	{ test_expect_code 103 run -v --root-user --vmlinux "$VMLINUX" \
		--decode-modules "$MODDIR" -- sh -c "/sbin/insmod $MODDIR/kdevcrash.ko && echo 1 >/proc/kdevcrash" >out 2>err &&
	grep "kdevcrash_write+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] .*kdevcrash.c:[0-9]" err &&
	test $(grep -c "Call Trace:" err) = 1; } ||
	{ echo "== out"; cat out; echo "== err"; cat err; false; } >&2
'

test_expect_success 'on the host: a saved /dev/kmsg copy is parsed and decoded' '
	test_file_not_empty res/kmsg.dump &&
	kdev dmesg --file res/kmsg.dump --vmlinux "$VMLINUX" \
		--decode-modules "$MODDIR" >out 2>err &&
	grep "kdevcrash_write+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] .*kdevcrash.c:[0-9]" out &&
	grep "kdev-t1710: an error record" out
'

test_done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev decode on a real kernel: Debian cloud kernel under QEMU

t/kernel/lab.sh fetches Debian'"'"'s linux-image-cloud-amd64 (unsigned image)
and its -dbg vmlinux (cached), builds an out-of-tree module against
linux-headers-cloud-amd64 that oopses through a nested, partly inlined
call chain, boots the kernel under QEMU (TCG when KVM does not work),
oopses in the module, then panics with sysrq-c. The serial console is
what kdev decode gets.'
. "${0%/*}/test-lib.sh"

lab=$SRC_ROOT/t/kernel/lab.sh

test_expect_success 'fetch, build and boot the real kernel' '
	"$lab" fetch &&
	"$lab" build &&
	"$lab" paths >paths &&
	. ./paths &&
	"$lab" boot console.log &&
	grep "BUG: kernel NULL pointer dereference" console.log &&
	grep "sysrq_handle_crash+" console.log
'

. ./paths 2>/dev/null
mark() {
	grep -n "KDEV-MARK: $1 " "$MODSRC" | cut -d: -f1
}

test_expect_success 'decode: vmlinux found below --sysroot, module from --modules' '
	kdev decode --sysroot "$CACHE/root" --modules "$MODDIR" console.log >out 2>err &&
	test_must_fail test -s err
'

test_expect_success 'the module oops resolves to the right lines of the module' '
	L_CRASH=$(mark crash) && L_INL=$(mark call-inline) &&
	L_MID=$(mark call-middle) && L_OUT=$(mark call-outer) &&
	grep -A1 "RIP: 0010:kdevcrash_middle+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\]" out >rip &&
	head -n2 rip >rip2 &&
	sed -n "s/.*\] RIP: 0010:kdevcrash_middle+0x[0-9a-f]*\/0x[0-9a-f]* \[kdevcrash\] //p;s/.*\]   (inlined by) /(inlined by) /p" rip2 >actual &&
	cat >expect <<-EOF &&
	kdevcrash_poke at $MODSRC:$L_CRASH
	(inlined by) kdevcrash_middle at $MODSRC:$L_INL
	EOF
	test_cmp expect actual &&
	grep "  kdevcrash_outer+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] $MODSRC:$L_MID\$" out &&
	grep "  kdevcrash_write+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] $MODSRC:$L_OUT\$" out
'

test_expect_success 'the sysrq crash resolves to sysrq_handle_crash in drivers/tty/sysrq.c' '
	line=$(sed -n "s/.*  sysrq_handle_crash+0x[0-9a-f]*\/0x[0-9a-f]* drivers\/tty\/sysrq.c:\([0-9]*\)\$/\1/p" out) &&
	test -n "$line" &&
	grep "  write_sysrq_trigger+0x[0-9a-f]*/0x[0-9a-f]* drivers/tty/sysrq.c:[0-9]*\$" out &&
	grep "  __handle_sysrq.cold+0x[0-9a-f]*/0x[0-9a-f]* __handle_sysrq at drivers/tty/sysrq.c:[0-9]*\$" out &&
	echo "$line" >sysrq-line
'

test_expect_success 'the sysrq line is the panic() call in the real source' '
	src=/usr/src/linux-source-6.1.tar.xz &&
	if test -f "$src"; then
		tar -xJOf "$src" linux-source-6.1/drivers/tty/sysrq.c >sysrq.c &&
		sed -n "$(cat sysrq-line)p" sysrq.c | grep "panic(" &&
		awk -v l=$(cat sysrq-line) "NR <= l && /^static void sysrq_handle_crash/ { f = NR } END { exit !(f && l - f < 10) }" sysrq.c
	else
		echo "linux-source-6.1 not installed: checked the function only"
	fi
'

test_expect_success '--list with --tree reads the sources of the real tree' '
	src=/usr/src/linux-source-6.1.tar.xz &&
	if test -f "$src"; then
		mkdir -p tree &&
		tar -xJf "$src" -C tree --strip-components=1 linux-source-6.1/drivers/tty/sysrq.c &&
		kdev decode --list=1 --tree tree --sysroot "$CACHE/root" --modules "$MODDIR" console.log >list.out &&
		grep -A3 "  sysrq_handle_crash+0x[0-9a-f]*/0x[0-9a-f]* drivers/tty/sysrq.c:$(cat sysrq-line)\$" list.out >ctx &&
		grep "> *$(cat sysrq-line)  .*panic(" ctx &&
		grep "(source not found: fs/proc/inode.c)" list.out
	else
		echo "linux-source-6.1 not installed: skipped"
	fi
'

test_expect_success 'every frame of the real log resolves; Code: is disassembled' '
	kdev decode --json --sysroot "$CACHE/root" --modules "$MODDIR" console.log >out.json &&
	python3 - <<-\PY &&
	import json
	d = json.load(open("out.json"))
	reps = d["reports"]
	bug = [r for r in reps if r["message"].startswith("BUG: kernel NULL")]
	pan = [r for r in reps if r["type"] == "panic"]
	assert len(bug) == 1 and len(pan) == 1, [r["message"] for r in reps]
	assert bug[0]["release"].endswith("cloud-amd64"), bug[0]
	assert "OE" in bug[0]["taint"].replace(" ", ""), bug[0]
	# every frame resolves, except stale "? " words in function padding
	bad = [f for r in reps for f in r["frames"] if not f["resolved"] and
	       (f["reliable"] or "padding" not in f.get("error", ""))]
	assert not bad, bad
	assert any("trapping instruction" in c for c in bug[0]["code"])
	pf = [f for f in pan[0]["frames"] if f["symbol"] == "sysrq_handle_crash"]
	assert pf and pf[0]["locations"][0]["file"] == "drivers/tty/sysrq.c"
	mod = [f for f in bug[0]["frames"] if f["module"] == "kdevcrash"]
	assert len(mod) >= 3, mod
	PY
	grep -A30 "Code: .*<89> 18" out | grep "movl %ebx, (%rax)	<-- trapping instruction"
'

test_expect_success 'dmesg -T style, caller ids and syslog prefixes decode the same' '
	grep "kdevcrash_\|sysrq_handle_crash" out >want &&
	sed "s/^\[ *\([0-9.]*\)\] /[Thu Nov 26 02:11:28 2026] [  T83] /" console.log >t.log &&
	kdev decode --sysroot "$CACHE/root" --modules "$MODDIR" t.log >t.out &&
	grep "kdevcrash_\|sysrq_handle_crash" t.out | sed "s/^\[Thu Nov 26 02:11:28 2026\] \[  T83\] //" >got &&
	sed "s/^\[ *[0-9.]*\] //" want >want2 &&
	test_cmp want2 got &&
	sed "s/^\[ *\([0-9.]*\)\] /Nov 26 02:11:28 vm kernel: [\1] /" console.log >s.log &&
	kdev decode --sysroot "$CACHE/root" --modules "$MODDIR" s.log >s.out &&
	test "$(grep -c "kdevcrash.c:" s.out)" = "$(grep -c "kdevcrash.c:" out)"
'

test_expect_success 'bare addresses resolve through the Kernel Offset line' '
	kaslr=$(sed -n "s/.*Kernel Offset: \(0x[0-9a-f]*\) from.*/\1/p" console.log) &&
	base=$(nm "$VMLINUX" | awk "\$3 == \"write_sysrq_trigger\" { print \$1 }") &&
	off=$(sed -n "s/.*  write_sysrq_trigger+\(0x[0-9a-f]*\)\/.*/\1/p" console.log) &&
	addr=$(printf "0x%x" $((0x$base + off + kaslr))) &&
	sed "s/  write_sysrq_trigger+$off\/0x[0-9a-f]*/  $addr/" console.log >bare.log &&
	grep "  $addr\$" bare.log &&
	kdev decode --sysroot "$CACHE/root" --modules "$MODDIR" bare.log >bare.out &&
	want=$(sed -n "s/.*  write_sysrq_trigger+$off\/0x[0-9a-f]* //p" out) &&
	grep -F "  $addr write_sysrq_trigger at $want" bare.out
'

test_expect_success 'a module object from another build is called out' '
	mkdir other &&
	cp "$MODDIR"/kdevcrash.ko other/ &&
	printf "vermagic=6.1.0-99-cloud-amd64 SMP preempt mod_unload modversions\0" >modinfo &&
	objcopy --update-section .modinfo=modinfo other/kdevcrash.ko &&
	kdev decode --sysroot "$CACHE/root" --modules other console.log >/dev/null 2>err &&
	grep "kdevcrash.ko. does not match the oops: it is module for 6.1.0-99-cloud-amd64, the oops comes from $RELEASE" err
'
test_done

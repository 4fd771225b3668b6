#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev decode on fixtures compiled here with gcc -g -O2

An executable stands in for vmlinux (two static dup_fn of different sizes,
an inlined helper, a linux_banner) and a relocatable object built with
-ffunction-sections stands in for a module. The oops text is made from
their symbol tables (nm) and line tables (gdb "info line"), so the
expected file:line pairs come from tools other than kdev.'
. "${0%/*}/test-lib.sh"

fixture=$SRC_ROOT/t/data/fixture

# mark FILE NAME: the line number of "MARK: NAME" in FILE
mark() {
	grep -n "MARK: $2 " "$1" | cut -d: -f1
}

# func_of OBJ FILE LINE: "START END" of the function holding FILE:LINE
func_of() {
	local a start size type name
	a=$(gdb -nx -batch -ex "info line $2:$3" "$1" 2>/dev/null |
	    sed -n 's/.* starts at address \(0x[0-9a-f]*\).*/\1/p' | head -n1)
	test -n "$a" || return 1
	nm -S "$1" | while read -r start size type name; do
		case "$type" in [tTwW]) ;; *) continue ;; esac
		if test $((a)) -ge $((0x$start)) && test $((a)) -lt $((0x$start + 0x$size)); then
			echo "0x$start $((0x$start + 0x$size))"
			break
		fi
	done
}

# insns OBJ START END: "ADDR<TAB>TEXT" per instruction, relocations
# appended to the instruction they patch (objdump -dr)
insns() {
	objdump -dr --no-show-raw-insn --start-address=$(($2)) \
		--stop-address=$(($3)) "$1" |
	awk '/^ *[0-9a-f]+:\t/ { if (l) print l; sub(/^ */, ""); l = $0; next }
	     /R_X86_64/ { l = l " " $NF }
	     END { if (l) print l }'
}

# ret_after OBJ FILE LINE TARGET [last]: the return address of the (first
# or last) call to TARGET in the function holding FILE:LINE
ret_after() {
	insns "$1" $(func_of "$1" "$2" "$3") |
	awk -v t="$4" -v last="$5" '
		found && !done { print "0x" substr($1, 1, length($1) - 1); done = !last; found = 0 }
		/call/ && index($0, t) { found = 1 }'  | tail -n1
}

# In the module (ET_REL, one section a function) every function starts
# at 0 of its own section: work on the section .text.FUNC instead.
# mframe OBJ FUNC PATTERN [after]: FUNC+0xoff/0xsize of the first
# instruction matching PATTERN, or of the one after it
mframe() {
	local size off
	size=$(nm -S "$1" | awk -v f="$2" '$4 == f { print $2 }')
	off=$(objdump -dr --no-show-raw-insn -j ".text.$2" "$1" |
	      awk '/^ *[0-9a-f]+:\t/ { if (l) print l; sub(/^ */, ""); l = $0; next }
		   /R_X86_64/ { l = l " " $NF }
		   END { if (l) print l }' |
	      awk -v p="$3" -v after="$4" '
		found { print substr($1, 1, length($1) - 1); exit }
		$0 ~ p { if (!after) { print substr($1, 1, length($1) - 1); exit } found = 1 }')
	printf '%s+0x%x/0x%x\n' "$2" $((0x$off)) $((0x$size))
}

# fault_in OBJ FILE LINE: the first instruction of that function that
# touches memory through %rdi (the NULL pointer)
fault_in() {
	insns "$1" $(func_of "$1" "$2" "$3") |
	awk '/\(%rdi\)/ { print "0x" substr($1, 1, length($1) - 1); exit }'
}

# frame OBJ ADDR DELTA: "sym+0xoff/0xsize" for ADDR+DELTA from nm -S
frame() {
	local a=$(($2 + $3)) start size type name
	nm -S "$1" | while read -r start size type name; do
		case "$type" in [tTwW]) ;; *) continue ;; esac
		if test $a -ge $((0x$start)) && test $a -lt $((0x$start + 0x$size)); then
			printf '%s+0x%x/0x%x\n' "$name" $((a - 0x$start)) $((0x$size))
			break
		fi
	done
}

test_expect_success 'build the fixtures' '
	cp "$fixture"/*.c . &&
	gcc -g -O2 -no-pie -Wl,--build-id -o vmlinux main.c a.c b.c &&
	mkdir mods &&
	gcc -g -O2 -c -ffunction-sections -o mods/fakemod.o fakemod.c &&
	ld -r --build-id=sha1 -o mods/fake-mod2.ko mods/fakemod.o &&
	readelf -n mods/fake-mod2.ko | grep -q "Build ID" &&
	readelf -S vmlinux | grep -q debug_info &&
	readelf -h mods/fakemod.o | grep -q REL
'

test_expect_success 'make the oops from the symbol and line tables' '
	L_DEREF=$(mark main.c deref) &&
	L_CALLH=$(mark main.c call-helper) &&
	L_CALLF=$(mark main.c call-fault) &&
	L_DUPA=$(mark a.c dup-a) &&
	L_DUPB=$(mark b.c dup-b) &&
	L_POKE=$(mark fakemod.c mod-poke) &&
	L_CALLP=$(mark fakemod.c mod-call-poke) &&
	L_CALLL=$(mark fakemod.c mod-call-leaf) &&
	RIP=$(frame vmlinux $(fault_in vmlinux main.c $L_DEREF) 0) &&
	OUTER=$(frame vmlinux $(ret_after vmlinux main.c $L_CALLF fault_here) 0) &&
	DUPA=$(frame vmlinux $(ret_after vmlinux a.c $L_DUPA sink) 0) &&
	DUPB=$(frame vmlinux $(ret_after vmlinux b.c $L_DUPB sink last) 0) &&
	MLEAF=$(mframe mods/fakemod.o mod_leaf "[(]%rdi[)]") &&
	MMID=$(mframe mods/fakemod.o mod_mid "call.*mod_leaf" after) &&
	case "$RIP$OUTER$DUPA$DUPB$MLEAF$MMID" in
	*fault_here*outer*dup_fn*dup_fn*mod_leaf*mod_mid*) ;;
	*) echo "bad frames: $RIP $OUTER $DUPA $DUPB $MLEAF $MMID"; false ;;
	esac &&
	DUPA_NOSIZE=${DUPA%/*} &&
	cat >oops.txt <<-EOF &&
	[   10.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000
	[   10.000001] Oops: 0002 [#1] PREEMPT SMP NOPTI
	[   10.000002] CPU: 1 PID: 42 Comm: test prog Tainted: G           O       6.1.0-fixture #7 Fixture 1.0
	[   10.000003] RIP: 0010:$RIP
	[   10.000004] Call Trace:
	[   10.000005]  <TASK>
	[   10.000006]  $OUTER
	[   10.000007]  $DUPA
	[   10.000008]  ? $DUPB
	[   10.000009]  $MMID [fakemod]
	[   10.000010]  $MLEAF [fake_mod2]
	[   10.000011]  </TASK>
	[   10.000012] ---[ end trace 0000000000000000 ]---
	EOF
	cat >expect <<-EOF &&
	[   10.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000
	[   10.000001] Oops: 0002 [#1] PREEMPT SMP NOPTI
	[   10.000002] CPU: 1 PID: 42 Comm: test prog Tainted: G           O       6.1.0-fixture #7 Fixture 1.0
	[   10.000003] RIP: 0010:$RIP helper at main.c:$L_DEREF
	[   10.000003]   (inlined by) fault_here at main.c:$L_CALLH
	[   10.000004] Call Trace:
	[   10.000005]  <TASK>
	[   10.000006]  $OUTER main.c:$L_CALLF
	[   10.000007]  $DUPA a.c:$L_DUPA
	[   10.000008]  ? $DUPB b.c:$L_DUPB
	[   10.000009]  $MMID [fakemod] fakemod.c:$L_CALLL
	[   10.000010]  $MLEAF [fake_mod2] mod_poke at fakemod.c:$L_POKE
	[   10.000010]    (inlined by) mod_leaf at fakemod.c:$L_CALLP
	[   10.000011]  </TASK>
	[   10.000012] ---[ end trace 0000000000000000 ]---
	EOF
	cat >ambig.txt <<-EOF &&
	Call Trace:
	 $DUPA_NOSIZE
	EOF
	cat >ambig.expect <<-EOF
	Call Trace:
	 $DUPA_NOSIZE (ambiguous: 2 symbols named dup_fn)
	   candidate: dup_fn at a.c:$L_DUPA
	   candidate: dup_fn at b.c:$(grep -n "for (i = 0" b.c | cut -d: -f1)
	EOF
'

test_expect_success 'every frame resolves, inline chains on their own lines' '
	kdev decode --vmlinux vmlinux --modules mods oops.txt >actual 2>err &&
	test_cmp expect actual &&
	test_must_fail test -s err
'

test_expect_success 'standard input works the same as a file' '
	kdev decode --vmlinux vmlinux --modules mods <oops.txt >actual &&
	test_cmp expect actual
'

test_expect_success '/size picks the right one of two static functions' '
	test "$DUPA" != "$DUPB" &&
	grep -F " $DUPA a.c:$L_DUPA" actual &&
	grep -F " ? $DUPB b.c:$L_DUPB" actual
'

test_expect_success 'without /size the duplicates are all listed' '
	test_expect_code 0 kdev decode --vmlinux vmlinux ambig.txt >actual &&
	head -n 2 actual >actual.head &&
	head -n 2 ambig.expect >expect.head &&
	test_cmp expect.head actual.head &&
	grep -c "candidate: dup_fn at [ab].c:" actual >count &&
	echo 2 >count.expect &&
	test_cmp count.expect count
'

test_expect_success 'a stale word in the padding after a function is said so' '
	next=$(nm -n vmlinux | awk "f { print \$1; exit } \$3 == \"dup_fn\" && !f { a = \$1; f = 1 }") &&
	first=$(nm -n vmlinux | awk "\$3 == \"dup_fn\" { print \$1; exit }") &&
	ksize=$(printf "0x%x" $((0x$next - 0x$first))) &&
	size=$(nm -S -n vmlinux | awk "\$4 == \"dup_fn\" { print \$2; exit }") &&
	test $((0x$size)) -lt $((ksize)) &&
	printf "Call Trace:\n ? dup_fn+$ksize/$ksize\n" >pad.txt &&
	kdev decode --vmlinux vmlinux pad.txt >actual 2>err &&
	printf "Call Trace:\n ? dup_fn+$ksize/$ksize (padding after dup_fn)\n" >expect.pad &&
	test_cmp expect.pad actual
'

test_expect_success 'module and vmlinux are found from the tree (current directory)' '
	mkdir tree &&
	cp vmlinux tree/ && cp mods/fakemod.o tree/ && cp mods/fake-mod2.ko tree/ &&
	: >tree/modules.order &&
	(cd tree && kdev decode ../oops.txt) >actual &&
	test_cmp expect actual &&
	kdev decode --tree tree oops.txt >actual &&
	test_cmp expect actual
'

test_expect_success 'compressed modules (.ko.xz, .ko.zst) and - vs _ in names' '
	mkdir xz zst &&
	cp mods/fakemod.o xz/ && xz -k -c mods/fake-mod2.ko >xz/fake-mod2.ko.xz &&
	cp mods/fakemod.o zst/ && zstd -q -c mods/fake-mod2.ko >zst/fake-mod2.ko.zst &&
	kdev decode --vmlinux vmlinux --modules xz oops.txt >actual &&
	test_cmp expect actual &&
	kdev decode --vmlinux vmlinux --modules zst oops.txt >actual &&
	test_cmp expect actual
'

test_expect_success 'vmlinux and modules found by release below --sysroot' '
	root=$PWD/root &&
	mkdir -p $root/usr/lib/debug/boot $root/lib/modules/6.1.0-fixture/kernel/drivers &&
	mkdir -p $root/usr/lib/debug/lib/modules/6.1.0-fixture/kernel/x &&
	cp vmlinux $root/usr/lib/debug/boot/vmlinux-6.1.0-fixture &&
	strip --strip-debug -o $root/lib/modules/6.1.0-fixture/kernel/drivers/fakemod.ko mods/fakemod.o &&
	cp mods/fakemod.o $root/usr/lib/debug/lib/modules/6.1.0-fixture/kernel/x/fakemod.ko &&
	cp mods/fake-mod2.ko $root/lib/modules/6.1.0-fixture/kernel/drivers/ &&
	mkdir elsewhere &&
	(cd elsewhere && kdev decode --sysroot "$root" ../oops.txt) >actual 2>err &&
	test_cmp expect actual &&
	test_must_fail test -s err
'

test_expect_success 'a module object without debug info, and none better' '
	mkdir stripped &&
	strip --strip-debug -o stripped/fakemod.o mods/fakemod.o &&
	(cd elsewhere && kdev decode --vmlinux ../vmlinux \
		--modules ../stripped --modules ../mods ../oops.txt) >actual 2>err &&
	grep "^\[   10.000009\]  $MMID \[fakemod\] fakemod.c:" actual &&
	test_must_fail test -s err &&
	(cd elsewhere && test_expect_code 1 kdev decode --vmlinux ../vmlinux \
		--modules ../stripped ../oops.txt) >actual 2>err &&
	grep "^error: no debug info in .\.\./stripped/fakemod.o.: rebuild with CONFIG_DEBUG_INFO=y" err &&
	grep "^\[   10.000009\]  $MMID \[fakemod\]\$" actual
'

test_expect_success 'timestamps, syslog and journal prefixes are kept' '
	sed "s/^\[ *[0-9.]*\] /Nov 26 02:11:28 host kernel: /" oops.txt >syslog.txt &&
	sed "s/^\[ *[0-9.]*\] /Nov 26 02:11:28 host kernel: /" expect >syslog.expect &&
	kdev decode --vmlinux vmlinux --modules mods syslog.txt >actual &&
	test_cmp syslog.expect actual &&
	sed "s/^\[ *[0-9.]*\] //" oops.txt >bare.txt &&
	sed "s/^\[ *[0-9.]*\] //" expect >bare.expect &&
	kdev decode --vmlinux vmlinux --modules mods bare.txt >actual &&
	test_cmp bare.expect actual &&
	sed "s/\$/\r/" oops.txt >crlf.txt &&
	sed "s/\$/\r/" expect >crlf.expect &&
	kdev decode --vmlinux vmlinux --modules mods crlf.txt >actual &&
	test_cmp crlf.expect actual
'

test_expect_success 'several reports in one log, with noise between them' '
	{ echo "booting..."; cat oops.txt; echo "noise [drm] foo"; cat oops.txt; } >two.txt &&
	{ echo "booting..."; cat expect; echo "noise [drm] foo"; cat expect; } >two.expect &&
	kdev decode --vmlinux vmlinux --modules mods two.txt >actual &&
	test_cmp two.expect actual &&
	kdev decode --json --vmlinux vmlinux --modules mods two.txt >two.json &&
	test "$(grep -c "\"type\": \"BUG\"" two.json)" = 2
'

test_expect_success '--json: header, frames and inline chains' '
	kdev decode --json --vmlinux vmlinux --modules mods oops.txt >out.json &&
	python3 - "$L_DEREF" "$L_CALLH" <<-\PY
	import json, sys
	d = json.load(open("out.json"))
	r = d["reports"][0]
	assert len(d["reports"]) == 1, d
	assert r["type"] == "BUG" and r["release"] == "6.1.0-fixture", r
	assert r["comm"] == "test prog" and r["pid"] == 42 and r["cpu"] == 1, r
	assert r["taint"] == "G O", r
	f = r["frames"]
	assert len(f) == 6, f
	assert f[0]["kind"] == "RIP" and f[0]["symbol"] == "fault_here", f[0]
	locs = f[0]["locations"]
	assert [l["function"] for l in locs] == ["helper", "fault_here"], locs
	assert locs[0]["line"] == int(sys.argv[1]), locs
	assert locs[1]["line"] == int(sys.argv[2]), locs
	assert locs[0]["inlined"] and not locs[1]["inlined"], locs
	assert f[3]["reliable"] is False and f[2]["reliable"] is True
	assert f[4]["module"] == "fakemod" and f[4]["resolved"]
	assert all(x["context"] == "task" for x in f[1:]), f
	PY
'

test_expect_success '--list shows the source around each line' '
	kdev decode --list=1 --vmlinux vmlinux --modules mods oops.txt >actual &&
	grep -F ">    $L_DEREF  	return *p + 1; /* MARK: deref */" actual &&
	grep -F "     $((L_DEREF - 1))  {" actual &&
	kdev decode --list=0 --vmlinux vmlinux --modules mods oops.txt >actual0 &&
	test "$(grep -c "^\[ *[0-9.]*\]  *> *[0-9]" actual0)" = 6
'

test_expect_success 'colour: on a terminal or with --color=always, never with NO_COLOR' '
	esc=$(printf "\033") &&
	kdev --color=always decode --vmlinux vmlinux --modules mods oops.txt >actual &&
	grep -F "${esc}[32mmain.c:$L_CALLF${esc}[0m" actual &&
	kdev --color=never decode --vmlinux vmlinux --modules mods oops.txt >actual &&
	test_cmp expect actual &&
	if command -v script >/dev/null; then
		TERM=xterm NO_COLOR= script -qec "$KDEV decode --vmlinux vmlinux --modules mods oops.txt" /dev/null >tty.out &&
		grep -F "${esc}[32m" tty.out &&
		TERM=xterm NO_COLOR=1 script -qec "$KDEV decode --vmlinux vmlinux --modules mods oops.txt" /dev/null >tty.out &&
		test_must_fail grep -F "${esc}[" tty.out
	fi
'

test_expect_success 'a wrong vmlinux is detected, not guessed' '
	sed "s/6.1.0-fixture #7/6.1.0-other #7/" oops.txt >other.txt &&
	kdev decode --vmlinux vmlinux --modules mods other.txt >/dev/null 2>err &&
	grep "warning: .vmlinux. does not match the oops: it is kernel 6.1.0-fixture, the oops comes from 6.1.0-other" err &&
	grep "fakemod.o. does not match the oops" err &&
	sed "s/#7 Fixture 1.0/#8 Fixture 1.0/" oops.txt >build.txt &&
	kdev decode --vmlinux vmlinux --modules mods build.txt >/dev/null 2>err &&
	grep "does not match the oops: the oops says \"6.1.0-fixture #8 Fixture 1.0\"" err
'

test_expect_success 'a module build id that differs is reported' '
	id=$(readelf -n mods/fake-mod2.ko | sed -n "s/.*Build ID: //p") &&
	sed "s/\[fake_mod2\]/[fake_mod2 $id]/" oops.txt >bid-ok.txt &&
	kdev decode --vmlinux vmlinux --modules mods bid-ok.txt >actual 2>err &&
	test_must_fail test -s err &&
	grep -F "[fake_mod2 $id] mod_poke at fakemod.c:$L_POKE" actual &&
	sed "s/\[fake_mod2\]/[fake_mod2 0123456789abcdef0123456789abcdef01234567]/" oops.txt >bid.txt &&
	kdev decode --vmlinux vmlinux --modules mods bid.txt >/dev/null 2>err &&
	grep "fake-mod2.ko. does not match the oops: build id $id, the oops says 0123456789abcdef0123456789abcdef01234567 for module fake_mod2" err
'
test_done

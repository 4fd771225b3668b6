#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev decode on bad input: a clear message, a non-zero
exit, the text passed through, never a crash or a hang'
. "${0%/*}/test-lib.sh"

fixture=$SRC_ROOT/t/data/fixture

test_expect_success 'setup: a vmlinux with and without debug info' '
	cp "$fixture"/*.c . &&
	gcc -g -O2 -no-pie -o vmlinux main.c a.c b.c &&
	gcc -O2 -no-pie -o nodebug main.c a.c b.c &&
	strip --strip-debug nodebug &&
	sym=$(nm -S vmlinux | awk "\$4 == \"outer\" { print \$2 }") &&
	printf "Call Trace:\n <TASK>\n outer+0x5/0x%x\n </TASK>\n" 0x$sym >oops.txt
'

test_expect_success 'input without a call trace passes through unchanged' '
	printf "hello\n[    1.0] usb 1-1: new device\n\nno newline" >plain.txt &&
	test_expect_code 1 kdev decode --vmlinux vmlinux plain.txt >out 2>err &&
	test_cmp plain.txt out &&
	grep "^warning: no call trace found in the input" err &&
	test_line_count = 1 err
'

test_expect_success 'empty input' '
	: >empty &&
	test_expect_code 1 kdev decode --vmlinux vmlinux empty >out 2>err &&
	test_must_fail test -s out &&
	grep "no call trace" err
'

test_expect_success 'binary garbage passes through without a crash' '
	head -c 65536 /dev/urandom >garbage &&
	kdev decode --vmlinux vmlinux garbage >out 2>err
	test $? -le 1 &&
	cmp garbage out
'

test_expect_success 'a vmlinux without DWARF: one clear error, frames kept' '
	test_expect_code 1 kdev decode --vmlinux nodebug oops.txt >out 2>err &&
	test_cmp oops.txt out &&
	grep "^error: no debug info in '\''nodebug'\'': rebuild with CONFIG_DEBUG_INFO=y" err &&
	test_line_count = 1 err
'

test_expect_success 'a truncated vmlinux' '
	head -c 3000 vmlinux >truncated &&
	test_expect_code 1 kdev decode --vmlinux truncated oops.txt >out 2>err &&
	test_cmp oops.txt out &&
	grep "^error: '\''truncated'\'' is truncated" err
'

test_expect_success 'a vmlinux that is not ELF' '
	echo "not an elf" >notelf &&
	test_expect_code 1 kdev decode --vmlinux notelf oops.txt >out 2>err &&
	test_cmp oops.txt out &&
	grep "^error: '\''notelf'\'' is not an ELF file" err
'

test_expect_success 'a missing vmlinux' '
	test_expect_code 1 kdev decode --vmlinux nowhere oops.txt >out 2>err &&
	grep "^error: cannot open '\''nowhere'\''" err
'

test_expect_success 'no vmlinux to be found: says where to look' '
	printf "CPU: 0 PID: 1 Comm: sh Not tainted 9.9.9-nowhere #1\nCall Trace:\n outer+0x5/0x27\n" >rel.txt &&
	mkdir elsewhere &&
	(cd elsewhere && test_expect_code 1 kdev decode --sysroot "$PWD/empty-root" ../rel.txt) >out 2>err &&
	test_cmp rel.txt out &&
	grep "^error: cannot find vmlinux for 9.9.9-nowhere: pass --vmlinux FILE" err &&
	grep "linux-image-9.9.9-nowhere-dbg" err
'

test_expect_success 'a missing module object: frame kept, one message' '
	printf "Call Trace:\n foo+0x1/0x10 [nosuchmod]\n bar+0x1/0x10 [nosuchmod]\n" >mod.txt &&
	mkdir mods &&
	test_expect_code 1 kdev decode --vmlinux vmlinux --modules mods mod.txt >out 2>err &&
	test_cmp mod.txt out &&
	grep "^error: cannot find the object of module '\''nosuchmod'\'': pass --modules DIR" err &&
	test_line_count = 1 err
'

test_expect_success 'an unknown symbol: frame kept, named in the message' '
	printf "Call Trace:\n no_such_function+0x1/0x10\n outer+0x5/0x27\n" >unk.txt &&
	test_expect_code 1 kdev decode --vmlinux vmlinux unk.txt >out 2>err &&
	grep "^ no_such_function+0x1/0x10\$" out &&
	grep "^ outer+0x5/0x27 main.c:" out &&
	grep "^error: unknown symbol '\''no_such_function'\'' in '\''vmlinux'\''" err
'

test_expect_success 'an unreadable input file' '
	test_expect_code 1 kdev decode --vmlinux vmlinux missing.txt 2>err &&
	grep "^error: cannot read '\''missing.txt'\'': No such file or directory" err
'

test_expect_success 'a very long line and an offset past the end' '
	{ printf "Call Trace:\n "; head -c 100000 /dev/zero | tr "\\0" a; printf "+0x1/0x2\n outer+0xffffffffffffffff/0x27\n"; } >long.txt &&
	test_expect_code 1 kdev decode --vmlinux vmlinux long.txt >out 2>err &&
	cmp long.txt out &&
	grep "^error: offset 0xffffffffffffffff is past the end of .outer. in .vmlinux." err
'

test_expect_success 'standard input at its end: /dev/null' '
	test_expect_code 1 timeout 10 "$KDEV" decode --vmlinux vmlinux </dev/null
'
test_done

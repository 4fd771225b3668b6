#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev: dispatch, help, version and usage errors'
. "${0%/*}/test-lib.sh"

test_expect_success 'kdev --version and kdev version' '
	kdev --version >out &&
	grep "^kdev version [0-9]" out &&
	kdev version >out2 &&
	test_cmp out out2
'

test_expect_success 'kdev help lists the commands on stdout' '
	kdev help >out 2>err &&
	grep "^   decode " out &&
	grep "^   help " out &&
	test_must_fail test -s err &&
	kdev --help >out2 &&
	test_cmp out out2
'

test_expect_success 'kdev without a command prints usage and exits 2' '
	test_expect_code 2 kdev >out 2>err &&
	grep "^usage: kdev" err &&
	test_must_fail test -s out
'

test_expect_success 'an unknown command: one-line error, usage, exit 2' '
	test_expect_code 2 kdev frobnicate >out 2>err &&
	head -n1 err >first &&
	echo "error: '\''frobnicate'\'' is not a kdev command; see '\''kdev help'\''" >expect &&
	test_cmp expect first &&
	grep "^usage: kdev" err &&
	test_must_fail test -s out
'

test_expect_success 'an unknown global option: exit 2' '
	test_expect_code 2 kdev --frobnicate 2>err &&
	grep "^error: unknown option '\''--frobnicate'\''" err &&
	test_expect_code 2 kdev -x 2>err &&
	grep "^error: unknown option '\''-x'\''" err
'

test_expect_success 'kdev decode --help and kdev help decode' '
	kdev decode --help >out &&
	grep "^usage: kdev decode" out &&
	kdev help decode >out2 &&
	test_cmp out out2 &&
	kdev decode -h >out3 &&
	test_cmp out out3
'

test_expect_success 'an unknown command option: one-line error, usage, exit 2' '
	test_expect_code 2 kdev decode --frobnicate 2>err &&
	head -n1 err >first &&
	echo "error: unknown option '\''--frobnicate'\''" >expect &&
	test_cmp expect first &&
	grep "^usage: kdev decode" err &&
	test_expect_code 2 kdev decode --vmlinux 2>err &&
	grep "^error: option '\''--vmlinux'\'' needs a value" err &&
	test_expect_code 2 kdev decode --list=x 2>err &&
	grep "^error: --list takes a number of lines, not '\''x'\''" err &&
	test_expect_code 2 kdev decode --modules /nonexistent 2>err &&
	grep "^error: --modules: '\''/nonexistent'\'' is not a directory" err
'

test_expect_success 'kdev help of an unknown command' '
	test_expect_code 2 kdev help frobnicate 2>err &&
	grep "^error: '\''frobnicate'\'' is not a kdev command" err
'

test_expect_success '-C changes directory first' '
	mkdir sub &&
	echo "no trace here" >sub/in.txt &&
	test_expect_code 1 kdev -C sub decode in.txt >out 2>err &&
	test_cmp sub/in.txt out
'

test_expect_success '--color: bad value is a usage error, never colours a pipe' '
	test_expect_code 2 kdev --color=purple help 2>err &&
	grep "^error: --color takes auto, always or never" err &&
	kdev --color=auto help >out &&
	test_must_fail grep -q "$(printf "\\033")" out
'
test_expect_success 'libdw, libelf and capstone are loaded on first use, not at start' '
	# every command would pay for mapping and relocating them
	ldd "$KDEV" >libs &&
	test_grep ! -E "libdw|libelf|libcapstone" libs &&
	LD_DEBUG=files kdev version 2>ld.out >/dev/null &&
	test_grep ! -E "libdw|libcapstone" ld.out &&
	# a vmlinux that is not one: kdev has read it with libelf by then
	LD_DEBUG=files kdev decode --vmlinux "$KDEV" \
		"$TEST_DIRECTORY/data/oops/debian-cloud-kdevcrash.log" \
		>/dev/null 2>ld.out || : &&
	test_grep "libdw.so.1" ld.out
'

test_done

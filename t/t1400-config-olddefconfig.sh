#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev config olddefconfig against the kernel'"'"'s make olddefconfig

On Debian'"'"'s linux-source-6.1 (t/kernel/tree.sh), for each starting
point the kernel'"'"'s own "make olddefconfig" (its conf, built once in a
cached O= directory, copied) and "kdev config olddefconfig" run on the
same .config in two build directories, and the results must be the same
bytes. Then, on a small tree made here, what kdev does with bad input.'
. "${0%/*}/test-lib.sh"

if ! TREE=$("$SRC_ROOT/t/kernel/tree.sh" path) ||
   ! CONF=$("$SRC_ROOT/t/kernel/tree.sh" conf); then
	test_skip_all "no kernel tree (t/kernel/tree.sh needs linux-source-6.1)"
fi

version=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = /./p; s/^SUBLEVEL = /./p' \
	"$TREE/Makefile" | head -n 3 | tr -d '\n')
cloud=$(ls /usr/src/linux-headers-6.1.*-cloud-amd64/.config 2>/dev/null | tail -n 1)
test -n "$cloud" && test_set_prereq CLOUD

# olddefconfig NAME INPUT: both sides on INPUT ("" for no .config at all)
olddefconfig() {
	local name=$1 input=$2
	rm -rf "k-$name" "d-$name" &&
	cp -a "$CONF" "k-$name" &&
	mkdir "d-$name" &&
	if test -n "$input"; then
		cp "$input" "k-$name/.config" &&
		cp "$input" "d-$name/.config"
	fi &&
	make -s -C "$TREE" O="$PWD/k-$name" olddefconfig >"k-$name.out" 2>&1 &&
	kdev -C "$TREE" config olddefconfig O="$PWD/d-$name" \
		>"d-$name.out" 2>"d-$name.err" &&
	test_must_fail test -s "d-$name.out" &&
	test_cmp "k-$name/.config" "d-$name/.config" &&
	head -n 3 "d-$name/.config" | tail -n 1 >header &&
	echo "# Linux/x86 $version Kernel Configuration" >header.expect &&
	test_cmp header.expect header &&
	# the $(shell,...) probes ran in the build directory and cleaned up
	test_must_fail ls -d "$TREE"/.tmp_* "d-$name"/.tmp_* 2>/dev/null
}

# merge NAME FRAGMENT...: the kernel's merge_config.sh -m on defconfig
merge() {
	local name=$1
	shift
	mkdir -p "m-$name" &&
	"$TREE/scripts/kconfig/merge_config.sh" -m -O "m-$name" \
		"$TREE/arch/x86/configs/x86_64_defconfig" "$@" >/dev/null &&
	mv "m-$name/.config" "$name.config"
}

test_expect_success 'defconfig' '
	olddefconfig defconfig "$TREE/arch/x86/configs/x86_64_defconfig" &&
	grep -q "^CONFIG_64BIT=y$" d-defconfig/.config &&
	test "$(grep -c "=y$" d-defconfig/.config)" -gt 1000
'

test_expect_success 'the previous .config is kept as .config.old' '
	test_cmp "$TREE/arch/x86/configs/x86_64_defconfig" d-defconfig/.config.old &&
	cp d-defconfig/.config before &&
	kdev -C "$TREE" config olddefconfig O="$PWD/d-defconfig" &&
	test_cmp before d-defconfig/.config &&
	test_cmp "$TREE/arch/x86/configs/x86_64_defconfig" d-defconfig/.config.old
'

test_expect_success 'tinyconfig fragments' '
	cat "$TREE/kernel/configs/tiny-base.config" \
	    "$TREE/kernel/configs/tiny.config" \
	    "$TREE/arch/x86/configs/tiny.config" >tiny.config &&
	olddefconfig tiny tiny.config &&
	grep -q "^CONFIG_CC_OPTIMIZE_FOR_SIZE=y$" d-tiny/.config &&
	grep -q "^CONFIG_SLOB=y$" d-tiny/.config
'

test_expect_success 'allnoconfig' '
	rm -rf allno && cp -a "$CONF" allno &&
	make -s -C "$TREE" O="$PWD/allno" allnoconfig >/dev/null 2>&1 &&
	olddefconfig allno allno/.config
'

test_expect_success CLOUD "Debian's cloud kernel config" '
	olddefconfig cloud "$cloud" &&
	test "$(grep -c "=m$" d-cloud/.config)" -gt 500
'

test_expect_success 'an empty .config, and none at all (the defconfig list)' '
	: >empty.config &&
	olddefconfig empty empty.config &&
	olddefconfig none "" &&
	grep "using defaults found in" d-none.err
'

test_expect_success 'defconfig + a debug fragment' '
	cat >debug.frag <<-\EOF &&
	CONFIG_FRAME_POINTER=y
	CONFIG_UNWINDER_FRAME_POINTER=y
	CONFIG_KGDB=y
	CONFIG_DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT=y
	CONFIG_DYNAMIC_DEBUG=y
	EOF
	merge debug debug.frag &&
	olddefconfig debug debug.config &&
	grep -q "^CONFIG_UNWINDER_FRAME_POINTER=y$" d-debug/.config &&
	grep -q "^# CONFIG_UNWINDER_ORC is not set$" d-debug/.config &&
	grep -q "^CONFIG_KGDB=y$" d-debug/.config
'

test_expect_success 'defconfig + kasan' '
	printf "CONFIG_KASAN=y\nCONFIG_KASAN_INLINE=y\n" >kasan.frag &&
	merge kasan kasan.frag &&
	olddefconfig kasan kasan.config &&
	grep -q "^CONFIG_KASAN_INLINE=y$" d-kasan/.config &&
	grep -q "^# CONFIG_KASAN_OUTLINE is not set$" d-kasan/.config
'

test_expect_success 'defconfig + 9p and virtiofs' '
	printf "CONFIG_NET_9P=y\nCONFIG_NET_9P_VIRTIO=y\nCONFIG_9P_FS=y\nCONFIG_FUSE_FS=y\nCONFIG_VIRTIO_FS=y\n" >9p.frag &&
	merge 9p 9p.frag &&
	olddefconfig 9p 9p.config &&
	grep -q "^CONFIG_VIRTIO_FS=y$" d-9p/.config &&
	grep -q "^CONFIG_NET_9P_VIRTIO=y$" d-9p/.config
'

test_expect_success 'defconfig + modules, and a second fragment over it' '
	cat >mod.frag <<-\EOF &&
	CONFIG_EXT4_FS=m
	CONFIG_BTRFS_FS=m
	CONFIG_E1000=m
	CONFIG_VIRTIO_NET=m
	# CONFIG_SOUND is not set
	EOF
	printf "CONFIG_BTRFS_FS=y\n# CONFIG_EXT4_FS is not set\n" >mod2.frag &&
	merge mod mod.frag &&
	olddefconfig mod mod.config &&
	grep -q "^CONFIG_E1000=m$" d-mod/.config &&
	grep -q "^CONFIG_BTRFS_FS=m$" d-mod/.config &&
	merge mod2 mod.frag mod2.frag &&
	olddefconfig mod2 mod2.config &&
	grep -q "^CONFIG_BTRFS_FS=y$" d-mod2/.config &&
	grep -q "^# CONFIG_EXT4_FS is not set$" d-mod2/.config
'

test_expect_success 'ARCH=x86_64 and KCONFIG_CONFIG' '
	rm -rf k-arch d-arch && cp -a "$CONF" k-arch && mkdir d-arch &&
	cp "$TREE/arch/x86/configs/x86_64_defconfig" k-arch/my.config &&
	cp "$TREE/arch/x86/configs/x86_64_defconfig" d-arch/my.config &&
	KCONFIG_CONFIG=my.config make -s -C "$TREE" O="$PWD/k-arch" ARCH=x86_64 olddefconfig >/dev/null 2>&1 &&
	KCONFIG_CONFIG=my.config kdev -C "$TREE" config olddefconfig O="$PWD/d-arch" ARCH=x86_64 &&
	test_path_is_missing d-arch/.config &&
	test_cmp k-arch/my.config d-arch/my.config &&
	grep -q "^# Linux/x86_64 " d-arch/my.config
'

# A small tree of our own for the error cases.
test_expect_success 'a small tree' '
	mkdir -p small/arch/x86/configs &&
	printf "VERSION = 1\nPATCHLEVEL = 2\nSUBLEVEL = 3\nEXTRAVERSION = -test\n" >small/Makefile &&
	cat >small/Kconfig <<-\EOF &&
	mainmenu "Linux/$(ARCH) $(KERNELVERSION) Kernel Configuration"
	source "arch/$(SRCARCH)/Kconfig"
	EOF
	cat >small/arch/x86/Kconfig <<-\EOF &&
	config FOO
		bool "foo"
		default y
	config BAR
		string "bar"
		default "$(shell,echo probe >&2; echo from-shell)"
	config N
		int "n"
		range 1 8
		default 4
	EOF
	mkdir out &&
	printf "# CONFIG_FOO is not set\n" >out/.config &&
	kdev -C small config olddefconfig O=../out ARCH=x86_64 2>err &&
	cat >expect <<-\EOF &&
	#
	# Automatically generated file; DO NOT EDIT.
	# Linux/x86_64 1.2.3-test Kernel Configuration
	#
	# CONFIG_FOO is not set
	CONFIG_BAR="from-shell"
	CONFIG_N=4
	EOF
	test_cmp expect out/.config &&
	grep "^probe$" err
'

test_expect_success 'a malformed .config line: a warning with file:line' '
	printf "CONFIG_FOO=y\nnonsense\nCONFIG_N=20\nCONFIG_NOPE=y\nCONFIG_FOO=maybe\n" >out/.config &&
	kdev -C small config olddefconfig O=../out 2>err &&
	grep "^warning: .*out/.config:2: unexpected data: nonsense$" err &&
	grep "^warning: .*out/.config:4: unknown symbol CONFIG_NOPE$" err &&
	grep "^warning: .*out/.config:5: symbol value .maybe. invalid for FOO$" err &&
	grep -q "^CONFIG_FOO=y$" out/.config &&
	grep -q "^CONFIG_N=4$" out/.config &&
	grep -q "^nonsense$" out/.config.old &&
	printf "CONFIG_FOO=maybe\n" >out/.config &&
	cp out/.config before &&
	test_expect_code 1 env KCONFIG_WERROR=1 "$KDEV" -C small config olddefconfig O=../out 2>err &&
	grep "^error: warnings are errors (KCONFIG_WERROR)" err &&
	test_cmp before out/.config
'

test_expect_success 'a syntax error: file:line, non-zero exit, .config untouched' '
	cp out/.config before &&
	printf "config BAD\n\tbool \"bad\"\n\tdepends on &&\n" >>small/arch/x86/Kconfig &&
	test_expect_code 1 kdev -C small config olddefconfig O=../out 2>err &&
	grep -v "^probe$" err >err.other &&
	test_line_count = 1 err.other &&
	grep "^error: arch/x86/Kconfig:13: syntax error near .&&.$" err &&
	test_cmp before out/.config
'

test_expect_success 'an $(error-if,...) and a missing source file' '
	printf "mainmenu \"x\"\n\$(error-if,y,this tree is broken)\n" >small/Kconfig &&
	test_expect_code 1 kdev -C small config olddefconfig O=../out 2>err &&
	grep "^error: Kconfig:2: this tree is broken$" err &&
	printf "source \"missing/Kconfig\"\n" >small/Kconfig &&
	test_expect_code 1 kdev -C small config olddefconfig O=../out 2>err &&
	grep "^error: Kconfig:1: can.t open file \"missing/Kconfig\"" err
'

test_expect_success 'not a kernel tree; bad arguments' '
	mkdir empty-dir &&
	test_expect_code 1 kdev -C empty-dir config olddefconfig 2>err &&
	grep "^error: no Kconfig here" err &&
	test_expect_code 2 kdev config 2>err &&
	test_expect_code 2 kdev config frobnicate 2>err &&
	grep "is not a config command" err &&
	test_expect_code 2 kdev -C "$TREE" config olddefconfig bogus 2>err &&
	grep "olddefconfig takes no arguments" err &&
	kdev config --help >out.txt &&
	grep "olddefconfig" out.txt
'

test_done

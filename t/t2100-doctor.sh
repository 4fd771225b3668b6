#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev doctor

On this machine, with the tiny test kernel (t/kernel/tiny.sh): the tree'"'"'s
build tools, QEMU, KVM (a warning here: TCG), the tree'"'"'s state; a tree
without .config; a PATH without bison or QEMU (a directory of symlinks to
everything else) names the packages, for Debian and, through a fake
os-release root (KDEV_OSRELEASE_ROOT), for Fedora and Arch; --fix
--dry-run; --json.'
. "${0%/*}/test-lib.sh"

unset KCONFIG_CONFIG CONFIG_ ARCH CROSS_COMPILE LLVM CC KBUILD_OUTPUT
unset KDEV_OSRELEASE_ROOT
command -v jq >/dev/null && test_set_prereq JQ
if TREE=$("$SRC_ROOT/t/kernel/tree.sh" path 2>tree.err); then
	test_set_prereq TREE
else
	sed 's/^/# /' tree.err
fi
. /etc/os-release 2>/dev/null
case " $ID $ID_LIKE " in
*" debian "*) test_set_prereq DEBIAN ;;
esac

# nobin DIR PROG...: DIR holds a symlink to every program of $PATH but PROG
nobin() {
	local dir=$1 d f
	shift
	mkdir -p "$dir"
	for d in $(echo "$PATH" | tr : " "); do
		for f in "$d"/*; do
			test -x "$f" && test -f "$f" || continue
			test -e "$dir/${f##*/}" && continue
			ln -s "$f" "$dir/${f##*/}"
		done
	done
	for f in "$@"; do
		rm -f "$dir/$f"
	done
}

# osroot DIR ID ID_LIKE: a root whose etc/os-release names ID
osroot() {
	mkdir -p "$1/etc" &&
	printf 'ID=%s\nID_LIKE="%s"\nPRETTY_NAME="%s"\n' "$2" "$3" "$2" \
		>"$1/etc/os-release"
}

# status NAME FILE: the status word of check NAME in FILE
status() {
	sed -n "s/^  \([a-z]*\) *$1  *.*/\1/p" "$2"
}

test_expect_success TREE 'setup: the tiny kernel configured, an empty O= dir' '
	TINY=$("$SRC_ROOT/t/kernel/tiny.sh" config) &&
	test_path_is_file "$TINY/.config" &&
	mkdir noconf
'

test_expect_success TREE 'the tiny tree: every section, .config ok, KVM ok or warn' '
	kdev doctor --tree "$TREE" O="$TINY" >out 2>err
	echo $? >rc &&
	for s in build vm debug tree patches; do
		test_grep -x "$s:" out || return 1
	done &&
	test "$(status make out)" = ok &&
	test "$(status bison out)" = ok &&
	test "$(status "compiler (gcc)" out)" = ok &&
	test "$(status .config out)" = ok &&
	test_grep "^  ok  *\.config  *$TINY/.config$" out &&
	test_grep "^  ok  *checkpatch.pl  *$TREE/scripts/checkpatch.pl$" out &&
	kvm=$(status kvm out) &&
	case $kvm in ok|warn) ;; *) false ;; esac &&
	if test "$kvm" = warn; then
		test_grep "^  warn  *kvm  .*: kdev run uses TCG (slower)$" out
	fi &&
	test_grep "^  [a-z]*  *modules  " out &&
	# exit status 0 exactly when no line says missing
	if grep -q "^  missing " out; then
		test "$(cat rc)" = 1
	else
		test "$(cat rc)" = 0
	fi
'

test_expect_success TREE 'the built tiny kernel: vmlinux with DWARF, modules built' '
	# tiny.sh built builds it once (minutes): the lead'"'"'s make check does
	if test -f "$TINY/vmlinux" && test -f "$TINY/arch/x86/boot/bzImage"
	then
		BUILT=$("$SRC_ROOT/t/kernel/tiny.sh" built) &&
		kdev doctor --tree "$TREE" O="$BUILT" >out
		test_grep "^  ok  *vmlinux  *$BUILT/vmlinux, with DWARF$" out &&
		test_grep "^  ok  *modules  *$BUILT/modules.order$" out &&
		objcopy --remove-section=.debug_info "$BUILT/vmlinux" nodebug &&
		mkdir -p nd && cp "$BUILT/.config" nd/ && mv nodebug nd/vmlinux &&
		kdev doctor --tree "$TREE" O="$PWD/nd" >out
		test_grep "^  warn  *vmlinux  *$PWD/nd/vmlinux has no debug info: " out
	fi
'

test_expect_success TREE 'a tree without .config: a missing line, exit 1' '
	test_expect_code 1 kdev doctor --tree "$TREE" O="$PWD/noconf" >out &&
	test_grep "^  missing  *\.config  *no $PWD/noconf/.config: configure the tree (kdev config from-running, or kdev config preset vm debug)$" out &&
	test "$(status vmlinux out)" = warn &&
	test_grep "1 missing: kdev doctor --fix" out
'

test_expect_success TREE,DEBIAN 'a PATH without bison: missing, with Debian'"'"'s package' '
	nobin bin bison &&
	PATH=$PWD/bin test_expect_code 1 "$KDEV" doctor --tree "$TREE" \
		O="$TINY" >out &&
	test_grep "^  missing  *bison  *Kconfig.s and genksyms. parsers; install the debian package bison$" out &&
	test "$(status flex out)" = ok
'

test_expect_success TREE,DEBIAN '--fix --dry-run prints the apt-get line and runs nothing' '
	nobin bin2 bison qemu-system-x86_64 apt-get &&
	PATH=$PWD/bin2 test_expect_code 1 "$KDEV" doctor --fix --dry-run \
		--tree "$TREE" O="$TINY" >out &&
	test_grep "^  missing  *qemu-system-x86_64  .*install the debian package qemu-system-x86$" out &&
	if test "$(id -u)" = 0; then
		test_grep "^apt-get install -y bison qemu-system-x86" out
	else
		test_grep "^sudo apt-get install -y bison qemu-system-x86" out
	fi
'

test_expect_success TREE 'Fedora and Arch package names from another os-release' '
	osroot fedora fedora "" &&
	KDEV_OSRELEASE_ROOT=$PWD/fedora PATH=$PWD/bin2 \
		test_expect_code 1 "$KDEV" doctor --fix -n --tree "$TREE" \
		O="$TINY" >out &&
	test_grep "install the fedora package qemu-system-x86-core$" out &&
	test_grep "install the fedora package bison$" out &&
	test_grep "dnf install -y bison qemu-system-x86-core" out &&
	osroot arch arch "" &&
	KDEV_OSRELEASE_ROOT=$PWD/arch PATH=$PWD/bin2 \
		test_expect_code 1 "$KDEV" doctor --fix -n --tree "$TREE" \
		O="$TINY" >out &&
	test_grep "install the arch package qemu-system-x86$" out &&
	test_grep "pacman -S --needed bison qemu-system-x86" out &&
	osroot rocky rocky "rhel centos fedora" &&
	KDEV_OSRELEASE_ROOT=$PWD/rocky PATH=$PWD/bin2 \
		test_expect_code 1 "$KDEV" doctor --tree "$TREE" O="$TINY" >out &&
	test_grep "install the fedora package qemu-system-x86-core$" out
'

test_expect_success TREE 'an unknown distribution: no package, --fix says so' '
	osroot other plan9 "" &&
	KDEV_OSRELEASE_ROOT=$PWD/other PATH=$PWD/bin2 \
		test_expect_code 1 "$KDEV" doctor --fix -n --tree "$TREE" \
		O="$TINY" >out 2>err &&
	test_grep "^  missing  *bison  *Kconfig.s and genksyms. parsers$" out &&
	test_grep "cannot install packages on this distribution (plan9)" err
'

test_expect_success TREE,JQ '--json: every check, the missing count, the fix command' '
	KDEV_OSRELEASE_ROOT=$PWD/fedora PATH=$PWD/bin2 \
		test_expect_code 1 "$KDEV" doctor --json --tree "$TREE" \
		O="$TINY" >out.json &&
	jq -e ".ok == false and .missing >= 2" out.json &&
	jq -e ".distribution.family == \"fedora\"" out.json &&
	jq -e "[.checks[] | select(.name == \"bison\")][0] |
	       .status == \"missing\" and .package == \"bison\" and
	       .section == \"build\"" out.json &&
	jq -e "[.checks[] | select(.name == \".config\")][0].status == \"ok\"" out.json &&
	jq -e ".fix | index(\"dnf\") != null and index(\"qemu-system-x86-core\") != null" out.json &&
	jq -e "[.checks[].status] - [\"ok\", \"warn\", \"missing\"] == []" out.json
'

test_expect_success 'outside a kernel tree: a warning, no tree checks' '
	mkdir -p plain &&
	(cd plain && kdev doctor >../out; echo $? >../rc) &&
	test_grep "^  warn  *kernel tree  *not in a kernel source tree" out &&
	test_grep ! "^  [a-z]*  *\.config " out
'

test_expect_success 'usage errors' '
	test_expect_code 2 kdev doctor --dry-run 2>err &&
	test_grep "dry-run goes with --fix" err &&
	test_expect_code 2 kdev doctor --bogus 2>err &&
	test_grep "unknown option .--bogus." err &&
	test_expect_code 2 kdev doctor extra 2>err &&
	test_grep "doctor takes no arguments" err &&
	test_expect_code 1 kdev doctor --tree "$PWD/plain" 2>err &&
	test_grep "no Kconfig and Makefile in" err
'

test_done

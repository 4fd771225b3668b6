#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='every line of every config preset sticks (kernel tools)

The fragments of "kdev config preset" (t/data/presets/NAME.config, made
from src/kconfig/presets.c and checked against it by t/unit/test-presets)
are merged into a real .config with the kernel'"'"'s own
scripts/kconfig/merge_config.sh and resolved with its "make
olddefconfig"; then every line of the fragment must be in the result,
word for word. Bases: x86_64
defconfig for every preset, Debian'"'"'s cloud kernel config and tinyconfig
for vm and debug, and defconfig for all presets at once. Two facts the
presets document are checked the same way: CONFIG_FRAME_POINTER=y alone
does not stick on x86, and CONFIG_STRICT_KERNEL_RWX cannot be turned off
there.'
. "${0%/*}/test-lib.sh"

PRESETS=$SRC_ROOT/t/data/presets
ALL="debug vm kasan lockdep kgdb"

# The kernel's tools take these from the environment: not ours.
unset KCONFIG_CONFIG CONFIG_ ARCH SRCARCH CROSS_COMPILE LLVM CC

if TREE=$("$SRC_ROOT/t/kernel/tree.sh" path 2>tree.err) &&
   CONF=$("$SRC_ROOT/t/kernel/tree.sh" conf 2>>tree.err) &&
   test -x "$TREE/scripts/kconfig/merge_config.sh"; then
	test_set_prereq TREE
else
	sed 's/^/# /' tree.err
fi
CLOUD=$(ls -d /usr/src/linux-headers-6.1.0-*-cloud-amd64/.config 2>/dev/null |
	sort -V | tail -n1)
if test -n "$CLOUD" && test -f "$CLOUD"; then
	test_set_prereq CLOUD
fi

# kmake DIR ARGS...: the kernel's make for x86_64, objects in DIR
kmake() {
	local dir=$1
	shift
	make -s -C "$TREE" O="$PWD/$dir" ARCH=x86_64 "$@"
}

# fresh DIR: an O= directory with the kernel's conf already built
fresh() {
	rm -rf "$1" && cp -a "$CONF" "$1"
}

# base NAME TARGET: NAME.base, the .config "make TARGET" writes
base() {
	fresh "$1.dir" &&
	kmake "$1.dir" "$2" >"$1.out" 2>&1 &&
	cp "$1.dir/.config" "$1.base" &&
	rm -rf "$1.dir"
}

# want DIR FRAGMENT...: the fragments' lines, into DIR/want
want() {
	local dir=$1 f
	shift
	: >"$dir/want" &&
	for f; do
		grep -E '^(# )?CONFIG_[A-Za-z0-9_]+[ =]' "$f" >>"$dir/want" ||
		return 1
	done
}

# apply DIR BASEFILE FRAGMENT...: DIR holds BASEFILE with the fragments
# merged in (merge_config.sh -m) and resolved (make olddefconfig); the
# fragments' lines are in DIR/want, the base's .config in DIR/before
apply() {
	local dir=$1 basefile=$2 f i=0 frags=()
	shift 2
	fresh "$dir" &&
	cp "$basefile" "$dir/.config" &&
	cp "$basefile" "$dir/before" &&
	want "$dir" "$@" &&
	# merge_config.sh splits its arguments at blanks: short names
	for f; do
		i=$((i + 1))
		cp "$f" "$dir/frag$i.config" || return 1
		frags+=("frag$i.config")
	done &&
	(cd "$dir" && "$TREE/scripts/kconfig/merge_config.sh" -m .config \
		"${frags[@]}") >"$dir/merge.out" 2>&1 &&
	kmake "$dir" olddefconfig >"$dir/olddefconfig.out" 2>&1 || {
		cat "$dir/merge.out" "$dir/olddefconfig.out" >&2
		return 1
	}
}

# stuck DIR: every line of DIR/want is in DIR/.config, word for word;
# else the lines that did not stick, with what .config says instead
stuck() {
	local dir=$1 line sym
	test -s "$dir/want" || {
		echo "$dir: nothing to check" >&2
		return 1
	}
	grep -vxF -f "$dir/.config" "$dir/want" >"$dir/missing"
	test -s "$dir/missing" || return 0
	while IFS= read -r line; do
		sym=${line#\# }
		sym=${sym%%[ =]*}
		echo "did not stick: '$line'; .config has:" \
		     "'$(grep -E "^(# )?$sym[ =]" "$dir/.config")'" >&2
	done <"$dir/missing"
	return 1
}

# changed DIR: the fragment was not there already (the check means
# something): some line of DIR/want is not in the base
changed() {
	grep -vxF -f "$1/before" "$1/want" >"$1/new" &&
	test -s "$1/new"
}

# preset NAME BASEFILE: apply the preset, check that it changed the base
# and that every line stuck
preset() {
	apply "$1-$(basename "$2" .base)" "$2" "$PRESETS/$1.config" &&
	changed "$1-$(basename "$2" .base)" &&
	stuck "$1-$(basename "$2" .base)"
}

test_expect_success 'a fragment for every preset, each line a fragment line' '
	for p in $ALL; do
		test_path_is_file "$PRESETS/$p.config" &&
		grep -E "^(# )?CONFIG_" "$PRESETS/$p.config" >lines &&
		test_line_count -gt 4 lines &&
		! grep -v -E -e "^CONFIG_[A-Z0-9_]+=[ym]\$" \
			-e "^# CONFIG_[A-Z0-9_]+ is not set\$" lines ||
		return 1
	done
'

test_expect_success TREE 'x86_64 defconfig and tinyconfig' '
	base defconfig defconfig &&
	test_grep -x CONFIG_X86_64=y defconfig.base &&
	base tinyconfig tinyconfig &&
	test_grep -x CONFIG_X86_64=y tinyconfig.base &&
	test_grep -x "# CONFIG_PRINTK is not set" tinyconfig.base
'

if test -f defconfig.base; then
	test_set_prereq DEFCONFIG
fi

for p in $ALL; do
	test_expect_success DEFCONFIG "$p sticks on defconfig" "
		preset $p defconfig.base
	"
done

test_expect_success TREE,CLOUD 'the Debian cloud config' '
	cp "$CLOUD" cloud.base &&
	test_grep -x CONFIG_X86_64=y cloud.base
'

test_expect_success TREE,CLOUD 'vm sticks on the Debian cloud config' '
	preset vm cloud.base &&
	# the cloud kernel has them as modules; vm wants them built in
	test_grep -x CONFIG_VIRTIO_FS=m cloud.base &&
	test_grep -x CONFIG_VIRTIO_FS=y vm-cloud/.config
'

test_expect_success TREE,CLOUD 'debug sticks on the Debian cloud config' '
	preset debug cloud.base &&
	test_grep -x CONFIG_UNWINDER_ORC=y cloud.base &&
	test_grep -x CONFIG_UNWINDER_FRAME_POINTER=y debug-cloud/.config
'

test_expect_success DEFCONFIG 'vm sticks on tinyconfig' '
	preset vm tinyconfig.base &&
	# what a kernel needs to boot the guest at all
	for s in PRINTK TTY SERIAL_8250_CONSOLE BLK_DEV_INITRD BINFMT_ELF \
		 VIRTIO_PCI VIRTIO_CONSOLE VIRTIO_FS DEVTMPFS ACPI; do
		test_grep -x "CONFIG_$s=y" vm-tinyconfig/.config || return 1
	done
'

test_expect_success DEFCONFIG 'debug sticks on tinyconfig' '
	preset debug tinyconfig.base
'

test_expect_success DEFCONFIG 'all presets stick together on defconfig' '
	frags=() &&
	for p in $ALL; do
		frags+=("$PRESETS/$p.config")
	done &&
	apply all-defconfig defconfig.base "${frags[@]}" &&
	stuck all-defconfig
'

test_expect_success DEFCONFIG 'x86: FRAME_POINTER=y alone does not stick' '
	echo CONFIG_FRAME_POINTER=y >fp.config &&
	apply fp defconfig.base fp.config &&
	test_must_fail stuck fp &&
	test_grep ! "^CONFIG_FRAME_POINTER=" fp/.config &&
	test_grep -x CONFIG_UNWINDER_ORC=y fp/.config
'

test_expect_success DEFCONFIG 'x86: kgdb sticks, STRICT_KERNEL_RWX stays on' '
	echo "# CONFIG_STRICT_KERNEL_RWX is not set" >rwx.config &&
	apply rwx defconfig.base "$PRESETS/kgdb.config" rwx.config &&
	test_must_fail stuck rwx 2>err &&
	echo "# CONFIG_STRICT_KERNEL_RWX is not set" >expect &&
	test_cmp expect rwx/missing &&
	test_grep -x CONFIG_STRICT_KERNEL_RWX=y rwx/.config
'

test_done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev config from-running [--localmod[=FILE]]

On Debian'"'"'s linux-source-6.1 (t/kernel/tree.sh) with Debian'"'"'s cloud
kernel config (from its image package, or the headers package): the
running kernel'"'"'s config resolved for the tree, the result a fixed point
of kdev'"'"'s and the kernel'"'"'s olddefconfig; --localmod with a module list
keeps the listed modules m and turns the others off; the order of the
places the running config is looked for (KDEV_RUNNING_ROOT stands for /);
/proc/modules; --json; errors.'
. "${0%/*}/test-lib.sh"

if ! TREE=$("$SRC_ROOT/t/kernel/tree.sh" path) ||
   ! CONF=$("$SRC_ROOT/t/kernel/tree.sh" conf); then
	test_skip_all "no kernel tree (t/kernel/tree.sh needs linux-source-6.1)"
fi
command -v jq >/dev/null && test_set_prereq JQ
unset KCONFIG_CONFIG CONFIG_ ARCH SRCARCH CROSS_COMPILE LLVM CC KBUILD_OUTPUT
unset KDEV_RUNNING_ROOT

# Debian's cloud kernel config: the image package's /boot/config-*, as
# t/kernel/lab.sh caches it, else the headers package's copy.
LAB=$KDEV_CACHE/debian
CLOUD=
for deb in "$LAB"/debs/linux-image-*-cloud-amd64-unsigned_*.deb; do
	test -f "$deb" || continue
	rel=${deb##*/linux-image-}
	rel=${rel%%-unsigned_*}
	if test -f "$LAB/root/boot/config-$rel"; then
		CLOUD=$LAB/root/boot/config-$rel
	elif dpkg-deb --fsys-tarfile "$deb" |
	     tar -x -O "./boot/config-$rel" >cloud.config 2>/dev/null &&
	     test -s cloud.config; then
		CLOUD=$PWD/cloud.config
	fi
done
if test -z "$CLOUD"; then
	CLOUD=$(ls -d /usr/src/linux-headers-6.1.0-*-cloud-amd64/.config \
		2>/dev/null | sort -V | tail -n1)
fi
test -n "$CLOUD" && test -f "$CLOUD" ||
	test_skip_all "no Debian cloud kernel config (t/kernel/lab.sh fetch, or linux-headers-cloud-amd64)"
cp "$CLOUD" cloud.config 2>/dev/null
RELEASE=$(uname -r)

# kc DIR ARGS...: kdev config in the tree, build directory DIR
kc() {
	local dir=$1
	shift
	kdev -C "$TREE" config "$@" O="$PWD/$dir"
}

# kolddef DIR: the kernel's own make olddefconfig on a copy of DIR/.config
kolddef() {
	rm -rf "$1.k" && cp -a "$CONF" "$1.k" && cp "$1/.config" "$1.k/.config" &&
	make -s -C "$TREE" O="$PWD/$1.k" olddefconfig >/dev/null 2>&1
}

test_expect_success 'from-running --from: the cloud config resolved for the tree' '
	mkdir a &&
	kc a from-running --from "$PWD/cloud.config" >a.out 2>err &&
	test_path_is_file a/.config &&
	grep -q "^CONFIG_VIRTIO_NET=m$" a/.config &&
	grep -q "^CONFIG_BTRFS_FS=m$" a/.config &&
	grep -q "^CONFIG_EXT4_FS=y$" a/.config &&
	n=$(grep -c . a.out) &&
	test "$n" -gt 0 &&
	grep "from .*cloud.config: this tree changed $n option" err &&
	! grep -v -E "^([-+]| )[A-Z0-9_]+ " a.out
'

test_expect_success 'from-running: the result is a fixed point of both olddefconfigs' '
	kc a olddefconfig --dry-run >out 2>err &&
	test_grep "(0 changes)" err &&
	kolddef a &&
	test_cmp a/.config a.k/.config
'

test_expect_success 'from-running: the changes listed are those between the two files' '
	kdev config diff cloud.config a/.config >diff &&
	test_cmp diff a.out
'

cat >mods <<EOF
# modprobed-db keeps one name a line
ext4
virtio-net   # a dash: virtio_net

fuse
xfs.ko
no_such_module_here
EOF

test_expect_success '--localmod=FILE: listed modules stay m, the others go' '
	mkdir l &&
	kc l from-running --from "$PWD/cloud.config" --localmod="$PWD/mods" \
		>out 2>err &&
	grep -q "^CONFIG_VIRTIO_NET=m$" l/.config &&
	grep -q "^CONFIG_FUSE_FS=m$" l/.config &&
	grep -q "^CONFIG_XFS_FS=m$" l/.config &&
	grep -q "^CONFIG_EXT4_FS=y$" l/.config &&
	grep -q "^# CONFIG_BTRFS_FS is not set$" l/.config &&
	grep -q "^# CONFIG_NF_TABLES is not set$" l/.config &&
	test_grep "^ BTRFS_FS m -> n$" out &&
	test_grep "1 module is not built by this tree: no_such_module_here" err &&
	off=$(sed -n "s/.*--localmod: 5 modules listed (4 in this tree), \([0-9]*\) options turned off, \([0-9]*\) left m$/\1/p" err) &&
	test "$off" -gt 500 &&
	left=$(grep -c "=m$" l/.config) &&
	grep "turned off, $left left m$" err &&
	test "$left" -lt 20
'

test_expect_success '--localmod: what a kept module needs stays on' '
	# virtio_net depends on VIRTIO, which only selectors turn on
	grep -q "^CONFIG_VIRTIO=m$" l/.config &&
	# xfs selects LIBCRC32C
	grep -q "^CONFIG_LIBCRC32C=[my]$" l/.config &&
	kdev -C "$TREE" config why O="$PWD/l" VIRTIO_NET >why &&
	test_grep "value: *m" why
'

test_expect_success '--localmod: a fixed point of both olddefconfigs' '
	kc l olddefconfig --dry-run 2>err &&
	test_grep "(0 changes)" err &&
	kolddef l &&
	test_cmp l/.config l.k/.config
'

test_expect_success '--localmod: then a preset, as the manual says' '
	cp -r l p &&
	kc p preset vm debug >out 2>err &&
	grep -q "^CONFIG_DEBUG_INFO=y$" p/.config &&
	# the vm preset builds virtio-net in; xfs stays a module
	grep -q "^CONFIG_VIRTIO_NET=y$" p/.config &&
	grep -q "^CONFIG_XFS_FS=m$" p/.config &&
	grep -q "^# CONFIG_BTRFS_FS is not set$" p/.config
'

test_expect_success 'from-running keeps the previous .config as .config.old' '
	cp l/.config l.before &&
	kc l from-running --from "$PWD/cloud.config" >out 2>err &&
	test_cmp l.before l/.config.old &&
	grep -q "^CONFIG_BTRFS_FS=m$" l/.config
'

test_expect_success '--dry-run writes nothing' '
	mkdir n &&
	kc n from-running --from "$PWD/cloud.config" --localmod="$PWD/mods" \
		--dry-run >out 2>err &&
	test_path_is_missing n/.config &&
	test_grep "dry run: .* not written" err &&
	test_grep "^ BTRFS_FS m -> n$" out
'

# root R: a stand-in for / with the running config in the places given
mark() {
	sed "s/^CONFIG_LOG_BUF_SHIFT=.*/CONFIG_LOG_BUF_SHIFT=$1/" cloud.config
}

test_expect_success 'the running config: build/.config, then /boot, then /proc/config.gz' '
	mkdir -p root/lib/modules/$RELEASE/build root/boot root/proc &&
	mark 13 >root/lib/modules/$RELEASE/build/.config &&
	mkdir s &&
	KDEV_RUNNING_ROOT=$PWD/root kc s from-running 2>err &&
	test_grep "from $PWD/root/lib/modules/$RELEASE/build/.config:" err &&
	grep -q "^CONFIG_LOG_BUF_SHIFT=13$" s/.config &&
	mark 14 >root/boot/config-$RELEASE &&
	KDEV_RUNNING_ROOT=$PWD/root kc s from-running 2>err &&
	test_grep "from $PWD/root/boot/config-$RELEASE:" err &&
	grep -q "^CONFIG_LOG_BUF_SHIFT=14$" s/.config &&
	mark 15 | gzip -9 >root/proc/config.gz &&
	KDEV_RUNNING_ROOT=$PWD/root kc s from-running >out 2>err &&
	test_grep "from $PWD/root/proc/config.gz:" err &&
	grep -q "^CONFIG_LOG_BUF_SHIFT=15$" s/.config &&
	grep -q "^CONFIG_LOG_BUF_SHIFT=14$" s/.config.old
'

test_expect_success '--from takes a compressed file too' '
	gzip -c cloud.config >cloud.config.gz &&
	mkdir z &&
	kc z from-running --from "$PWD/cloud.config.gz" 2>err &&
	test_cmp a/.config z/.config
'

test_expect_success '--localmod reads /proc/modules' '
	cat >root/proc/modules <<-EOF &&
	fuse 176128 3 - Live 0x0000000000000000
	virtio_net 73728 0 - Live 0x0000000000000000
	EOF
	mkdir m &&
	KDEV_RUNNING_ROOT=$PWD/root kc m from-running --localmod 2>err &&
	test_grep "2 modules listed (2 in this tree)" err &&
	grep -q "^CONFIG_FUSE_FS=m$" m/.config &&
	grep -q "^CONFIG_VIRTIO_NET=m$" m/.config &&
	grep -q "^# CONFIG_XFS_FS is not set$" m/.config &&
	KDEV_RUNNING_ROOT=$PWD/root kc m from-running --localmod \
		--localmod="$PWD/mods" 2>err &&
	test_grep "5 modules listed (4 in this tree)" err &&
	grep -q "^CONFIG_XFS_FS=m$" m/.config
'

test_expect_success JQ '--json: changes, source and the module counts' '
	mkdir j &&
	kc j from-running --json --from "$PWD/cloud.config" \
		--localmod="$PWD/mods" >out.json 2>err &&
	jq -e ".written == true and .source == \"$PWD/cloud.config\"" out.json &&
	jq -e ".localmod.modules == 5 and .localmod.turned_off > 500" out.json &&
	jq -e ".localmod.not_in_tree == [\"no_such_module_here\"]" out.json &&
	jq -e "[.changes[] | select(.symbol == \"BTRFS_FS\")][0].new == \"n\"" out.json &&
	jq -e ".localmod.kept | index(\"VIRTIO_NET\") != null" out.json &&
	test_cmp l.before j/.config
'

test_expect_success 'no running config anywhere: one line naming the three places' '
	mkdir -p empty e &&
	test_expect_code 1 env KDEV_RUNNING_ROOT=$PWD/empty \
		"$KDEV" -C "$TREE" config from-running O="$PWD/e" >out 2>err &&
	test_line_count = 1 err &&
	test_grep "error: no configuration of the running kernel $RELEASE: not in $PWD/empty/proc/config.gz (CONFIG_IKCONFIG_PROC), $PWD/empty/boot/config-$RELEASE nor $PWD/empty/lib/modules/$RELEASE/build/.config; name one with --from FILE" err &&
	test_path_is_missing e/.config
'

test_expect_success 'errors: a missing file, no /proc/modules, an empty list, arguments' '
	test_expect_code 1 kc e from-running --from "$PWD/nonexistent" 2>err &&
	test_grep "cannot read .*nonexistent" err &&
	test_expect_code 1 env KDEV_RUNNING_ROOT=$PWD/empty \
		"$KDEV" -C "$TREE" config from-running --from "$PWD/cloud.config" \
		--localmod O="$PWD/e" 2>err &&
	test_grep "cannot read .*/proc/modules.*--localmod=FILE" err &&
	printf "# nothing\n\n" >none &&
	test_expect_code 1 kc e from-running --from "$PWD/cloud.config" \
		--localmod="$PWD/none" 2>err &&
	test_grep "module list is empty" err &&
	test_expect_code 2 kc e from-running extra 2>err &&
	test_grep "from-running takes no arguments" err &&
	test_expect_code 2 kc e set --localmod 2>err &&
	test_grep "unknown option .--localmod." err &&
	test_path_is_missing e/.config
'

test_done

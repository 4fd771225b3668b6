#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev run --fs 9p: a real kernel with 9p (Debian generic kernel)

The lab'"'"'s cloud kernel has no 9p, so t/kernel/lab.sh fetch-generic
fetches Debian'"'"'s generic kernel of the same ABI (70 MB, once) and keeps
its vmlinuz and the modules kdev run loads. Boots under TCG with the
host'"'"'s / shared by QEMU'"'"'s own 9p server: as root with --fs 9p, and as
a user who is not root, for whom 9p is the default.'
. "${0%/*}/test-lib.sh"

lab=$SRC_ROOT/t/kernel/lab.sh

# No network, no package: nothing to test here. Any other failure of
# fetch-generic is a failure of the setup below.
if ! "$lab" fetch-generic 2>fetch.err &&
   grep -qE "apt-get download .* failed|missing package" fetch.err; then
	test_skip_all "cannot fetch the generic kernel: $(tail -n 1 fetch.err)"
fi

test_expect_success 'setup: the generic kernel and its modules' '
	"$lab" fetch-generic &&
	"$lab" paths >paths &&
	. ./paths &&
	test -s "$GVMLINUZ" &&
	test -f "$GKMODS/kernel/fs/9p/9p.ko" &&
	test -f "$GKMODS/kernel/net/9p/9pnet_virtio.ko" &&
	mkdir tmp &&
	echo "TMPDIR=$PWD/tmp" >>paths
'
test_lab_load

if test "$(id -u)" = 0 && command -v setpriv >/dev/null; then
	test_set_prereq ROOT
fi

run9p() {
	kdev run --fs 9p --kernel "$GVMLINUZ" --modules "$GKMODS" \
		--timeout 300 "$@"
}

test_expect_success '--dry-run: QEMU serves /, the 9p modules are loaded' '
	run9p --dry-run -- true >dry 2>err &&
	grep -- "-fsdev local,id=fs0,path=/,security_model=none,multidevs=remap,readonly=on -device virtio-9p-pci,fsdev=fs0,mount_tag=root\( \|\$\)" dry &&
	grep "^#       fstype=9p\$" dry &&
	for m in 9pnet 9pnet_virtio netfs fscache 9p overlay virtio_console; do
		grep "^#   lib/kdev/$m.ko (from " dry || return 1
	done &&
	test_must_fail grep -e virtiofs -e "^warning" dry err
'

test_expect_success 'stdout, stderr and the exit status come back apart' '
	test_expect_code 3 run9p -- sh -c "echo out; echo err >&2; exit 3" >out 2>err &&
	echo out >expect &&
	test_cmp expect out &&
	grep "^err\$" err &&
	test -z "$(ls tmp)"
'

test_expect_success 'writes to /etc and /tmp stay in the guest; --rwdir comes out; --rodir is read-only' '
	mkdir results ro &&
	echo x >ro/file &&
	name=kdev-t1210-$$ &&
	run9p --rwdir "$PWD/results" --rodir "$PWD/ro:/mnt/ro" -- sh -c "
		echo guest >/etc/$name && echo guest >/tmp/$name &&
		cat /etc/$name /tmp/$name /mnt/ro/file &&
		echo result >$PWD/results/out.txt &&
		if echo y >/mnt/ro/file; then exit 9; fi" >out 2>err &&
	printf "guest\nguest\nx\n" >expect &&
	test_cmp expect out &&
	grep "/mnt/ro/file: Read-only file system" err &&
	test_path_is_missing /etc/$name &&
	test_path_is_missing /tmp/$name &&
	echo result >expect &&
	test_cmp expect results/out.txt &&
	echo x >expect &&
	test_cmp expect ro/file
'

# Without multidevs=remap, the host'"'"'s /proc and /sys (inode 1 each, on
# different devices) are one directory to the guest: both show sysfs.
test_expect_success '/proc is procfs and /sys is sysfs (multidevs=remap)' '
	run9p -- sh -c "
		echo fstype \$(stat -f -c %T /proc /sys);
		echo osrelease \$(cat /proc/sys/kernel/osrelease);
		cat /proc/self/stat; cat /proc/mounts" >out &&
	echo "fstype proc sysfs" >expect &&
	grep "^fstype " out >actual &&
	test_cmp expect actual &&
	echo "osrelease $GRELEASE" >expect &&
	grep "^osrelease " out >actual &&
	test_cmp expect actual &&
	grep "^[0-9][0-9]* (cat) R [0-9]" out &&
	grep "^root / 9p ro," out &&
	grep "^proc /proc proc " out &&
	grep "^sysfs /sys sysfs " out
'

test_expect_success 'not even root in the guest, remounting /, writes to the host' '
	name=kdev-t1210-escape-$$ &&
	test_must_fail run9p --root-user -- sh -c "mount -o remount,rw / && touch /$name" 2>err &&
	grep "Read-only file system" err &&
	test_path_is_missing /$name
'

test_expect_success ROOT 'not root: 9p by default, a real boot' '
	# a copy nobody can read: the cache is under /root
	pub=$(mktemp -d /tmp/kdev-t1210.XXXXXX) &&
	chmod 1777 "$pub" &&
	cp "$GVMLINUZ" "$pub/bzImage" &&
	cp "$KDEV" "$pub/kdev" &&
	cp -R "$GKMODS" "$pub/mods" &&
	mkdir "$pub/res" "$pub/tmp" &&
	chmod -R a+rX "$pub" &&
	chmod 1777 "$pub/res" "$pub/tmp" &&
	as_nobody() {
		(cd "$pub" && env TMPDIR="$pub/tmp" XDG_CACHE_HOME="$pub/cache" \
			setpriv --reuid=nobody --regid=nogroup --clear-groups \
			./kdev run --kernel bzImage --modules mods --timeout 300 "$@")
	} &&
	test_expect_code 4 as_nobody --rwdir "$pub/res" -- sh -c "
		id -u; pwd; grep \" / \" /proc/mounts;
		echo result >$pub/res/out.txt; exit 4" >out 2>err &&
	grep "^kdev: not root: sharing files with QEMU.s 9p server" err &&
	printf "%s\n%s\n" "$(id -u nobody)" "$pub" >expect &&
	head -n 2 out >actual &&
	test_cmp expect actual &&
	grep "^root / 9p ro," out &&
	echo result >expect &&
	test_cmp expect "$pub/res/out.txt" &&
	test "$(stat -c %U "$pub/res/out.txt")" = nobody &&
	test -z "$(ls "$pub/tmp")" &&
	rm -rf "$pub"
'

# QEMU runs as the user, and cannot open what the user cannot: no
# overlay there, or overlayfs fails to mount (/root is mode 0700).
test_expect_success ROOT 'not root: no overlay on a directory the user cannot read' '
	d=$(mktemp -d /tmp/kdev-t1210.XXXXXX) &&
	chmod 755 "$d" &&
	mkdir "$d/etc" "$d/root" "$d/cwd" &&
	chmod 700 "$d/root" &&
	cp "$KDEV" "$d/kdev" &&
	cp "$GVMLINUZ" "$d/bzImage" &&
	chmod 755 "$d/kdev" && chmod 644 "$d/bzImage" &&
	(cd "$d/cwd" && env TMPDIR=/tmp setpriv --reuid=nobody \
		--regid=nogroup --clear-groups ../kdev run --root "$d" \
		--kernel ../bzImage --dry-run -- true) >dry &&
	grep "^#       overlay=/etc\$" dry &&
	test_must_fail grep "^#       overlay=/root\$" dry &&
	(cd "$d/cwd" && kdev run --root "$d" --kernel ../bzImage --dry-run -- true) >dry &&
	grep "^#       overlay=/root\$" dry &&
	rm -rf "$d"
'

test_expect_success ROOT 'virtiofs (the default as root) works with this kernel too' '
	grun() {
		kdev run --kernel "$GVMLINUZ" --modules "$GKMODS" --timeout 300 "$@"
	} &&
	grun --dry-run -- true >dry &&
	grep "^#   lib/kdev/virtiofs.ko (from " dry &&
	test_must_fail grep -e "9p.ko" -e fstype=9p -e virtio-9p dry &&
	grun -- sh -c "uname -r; grep \" / \" /proc/mounts" >out &&
	echo "$GRELEASE" >expect &&
	head -n 1 out >actual &&
	test_cmp expect actual &&
	grep "^root / virtiofs ro," out
'
test_done

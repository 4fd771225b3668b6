#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev list and kdev remove on a Debian root

The tiny kernel is installed by kdev next to a kernel a (fake, but real
to dpkg-query --admindir) Debian package owns and a stray kernel with no
owner; list tells them apart, remove takes away exactly what the
manifest lists and refuses every guard of kdev-remove(1).'
. "${0%/*}/test-lib.sh"
. "$TEST_DIRECTORY/lib-install.sh"

test_expect_success 'the tiny kernel is built' '
	tiny_setup &&
	echo "O=$O REL=$REL" >vars
'
. ./vars 2>/dev/null && test -n "$REL" && test_set_prereq TINY
HERE=$(pwd -P)
PKG=6.1.0-99-amd64

# A Debian package's kernel, owned in ROOT's dpkg database.
add_package_kernel() {
	local r=$1 d=$1/var/lib/dpkg
	mkdir -p "$d/info" "$d/updates" "$r/lib/modules/$PKG/kernel" &&
	head -c 5000 /dev/zero >"$r/boot/vmlinuz-$PKG" &&
	head -c 300 /dev/zero >"$r/boot/config-$PKG" &&
	head -c 700 /dev/zero >"$r/lib/modules/$PKG/modules.dep" &&
	printf "Package: linux-image-$PKG\nStatus: install ok installed\nArchitecture: amd64\nVersion: 6.1.999-1\nMaintainer: nobody <nobody@example.org>\nDescription: a test kernel\n\n" >"$d/status" &&
	printf "/.\n/boot\n/boot/vmlinuz-$PKG\n/boot/config-$PKG\n/lib/modules/$PKG\n/lib/modules/$PKG/modules.dep\n" >"$d/info/linux-image-$PKG.list"
}

# the sum of the sizes of the regular files at the paths given
sizes() {
	find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}

test_expect_success TINY,BUSYBOX,ROOT 'set up: a Debian root, its state before kdev' '
	make_root deb debian &&
	chroot deb /usr/sbin/update-grub &&
	: >deb/var/log/recorder.log &&
	tree_state deb >before-install
'

test_expect_success TINY,BUSYBOX,ROOT,DPKG 'list: the kdev kernel and a package-owned one' '
	kdev install --root deb O="$O" 2>err &&
	add_package_kernel deb &&
	chroot deb /usr/sbin/update-grub &&
	kdev list --root deb >out &&
	size=$(sizes deb/boot/vmlinuz-$REL deb/boot/System.map-$REL deb/boot/config-$REL deb/boot/initrd.img-$REL deb/lib/modules/$REL) &&
	test "$size" -gt 2000000 &&
	human=$(awk -v n=$size "BEGIN { printf \"%.1f MiB\", n / 1048576 }") &&
	cat >expect <<-EOF &&
	$PKG  origin: linux-image-$PKG  size: 5.9 KiB  running: no  default: yes
	    /boot/vmlinuz-$PKG
	    /boot/config-$PKG
	    /lib/modules/$PKG
	$REL  origin: kdev  size: $human  running: no  default: no
	    /lib/modules/$REL
	    /boot/vmlinuz-$REL
	    /boot/System.map-$REL
	    /boot/config-$REL
	    /boot/initrd.img-$REL
	EOF
	test_cmp expect out &&
	kdev list --root deb --json >json &&
	test_grep "^    \"release\": \"$REL\",\$" json &&
	test_grep "^    \"origin\": \"linux-image-$PKG\",\$" json &&
	test_grep "^    \"size\": $size,\$" json &&
	test_grep "^    \"size\": 6000,\$" json &&
	grep -c "^    \"running\": false,\$" json >n && echo 2 >expect && test_cmp expect n &&
	test_grep "^    \"default\": true,\$" json
'

test_expect_success TINY,BUSYBOX,ROOT,DPKG 'list: the default through grubenv saved_entry' '
	sed "s/^set default=.*/set default=\"\${saved_entry}\"/" deb/boot/grub/grub.cfg >cfg &&
	cp cfg deb/boot/grub/grub.cfg &&
	printf "# GRUB Environment Block\nsaved_entry=gnulinux-advanced-UUID>gnulinux-$REL-advanced-UUID\n" >deb/boot/grub/grubenv &&
	kdev list --root deb >out &&
	test_grep "^$REL  origin: kdev .* default: yes\$" out &&
	test_grep "^$PKG  .* default: no\$" out &&
	printf "saved_entry=no such entry\n" >deb/boot/grub/grubenv &&
	kdev list --root deb >out &&
	test_grep "^$REL  .* default: ?\$" out &&
	kdev list --root deb --json >json &&
	test_grep "\"default\": null" json
'

test_expect_success 'list: this machine marks the running kernel' '
	kdev list >out &&
	kdev list --json >json &&
	if test -d /lib/modules/$(uname -r) || test -e /boot/vmlinuz-$(uname -r); then
		test_grep "^$(uname -r)  .* running: yes" out
	else
		test_grep ! "running: yes" out
	fi
'

test_expect_success TINY,BUSYBOX,ROOT 'remove: refuses a pattern, a prefix, a path' '
	for bad in "*" "6.1.*" "6.1.19?" "../x" "$REL/" "/boot/vmlinuz-$REL" ""; do
		test_expect_code 1 kdev remove --root deb "$bad" 2>err &&
		test_grep "is not a kernel release: kdev remove takes exact release names" err ||
		return 1
	done &&
	test_expect_code 1 kdev remove --root deb 6.1 2>err &&
	test_grep "no kernel 6.1 is installed; kdev remove takes exact releases (kdev installed: $REL)" err &&
	test_expect_code 1 kdev remove --root deb --force 6.1 2>err &&
	test_grep "no kernel 6.1 is installed" err &&
	test_path_is_file deb/boot/vmlinuz-$REL
'

test_expect_success TINY,BUSYBOX,ROOT,DPKG 'remove: refuses a package-owned kernel, also with --force' '
	test_expect_code 1 kdev remove --root deb $PKG 2>err &&
	test_grep "$PKG belongs to the package .linux-image-$PKG.; remove it with the distribution" err &&
	test_expect_code 1 kdev remove --root deb --force $PKG 2>err &&
	test_grep "belongs to the package" err &&
	test_path_is_file deb/boot/vmlinuz-$PKG &&
	test_path_is_file deb/lib/modules/$PKG/modules.dep
'

test_expect_success 'remove: refuses the running kernel on /, also with --force and --dry-run' '
	run=$(uname -r) &&
	{ ls -la --time-style=full-iso /boot /lib/modules /usr/lib/modules >host-before 2>&1; true; } &&
	for opts in "" "--force" "--dry-run" "--force --dry-run"; do
		test_expect_code 1 kdev remove $opts $run >out 2>err &&
		test_grep "$run is the running kernel; boot another one" err &&
		! test -s out ||
		return 1
	done &&
	{ ls -la --time-style=full-iso /boot /lib/modules /usr/lib/modules >host-after 2>&1; true; } &&
	test_cmp host-before host-after
'

test_expect_success TINY,BUSYBOX,ROOT 'remove: a release kdev did not install needs --force, which takes exact names only' '
	for r in 6.1.0-stray 6.1.0-stray-rc1 6.1.0-strayx; do
		echo $r >deb/boot/vmlinuz-$r &&
		echo $r >deb/boot/config-$r &&
		echo $r >deb/boot/initrd.img-$r &&
		mkdir -p deb/lib/modules/$r/kernel || return 1
	done &&
	tree_state deb >before-stray &&
	test_expect_code 1 kdev remove --root deb 6.1.0-stray 2>err &&
	test_grep "kdev did not install 6.1.0-stray (no manifest in $HERE/deb/var/lib/kdev/installed); --force" err &&
	tree_state deb >after && test_cmp before-stray after &&
	kdev remove --root deb --force --dry-run 6.1.0-stray >plan &&
	cat >expect <<-EOF &&
	remove: $HERE/deb/boot/vmlinuz-6.1.0-stray
	remove: $HERE/deb/boot/config-6.1.0-stray
	remove: $HERE/deb/boot/initrd.img-6.1.0-stray
	remove: $HERE/deb/lib/modules/6.1.0-stray
	run: chroot $HERE/deb /usr/sbin/update-grub
	EOF
	test_cmp expect plan &&
	tree_state deb >after && test_cmp before-stray after &&
	kdev remove --root deb --force 6.1.0-stray &&
	test_path_is_missing deb/boot/vmlinuz-6.1.0-stray &&
	test_path_is_missing deb/lib/modules/6.1.0-stray &&
	for r in 6.1.0-stray-rc1 6.1.0-strayx; do
		test_path_is_file deb/boot/vmlinuz-$r &&
		test_path_is_file deb/boot/config-$r &&
		test_path_is_file deb/boot/initrd.img-$r &&
		test -d deb/lib/modules/$r/kernel || return 1
	done &&
	kdev remove --root deb --force 6.1.0-stray-rc1 6.1.0-strayx
'

test_expect_success TINY,BUSYBOX,ROOT 'remove --dry-run lists what would go and changes nothing' '
	tree_state deb >before &&
	kdev remove --root deb --dry-run $REL >plan &&
	tree_state deb >after &&
	test_cmp before after &&
	cat >expect <<-EOF &&
	run: chroot $HERE/deb /usr/sbin/update-initramfs -d -k $REL
	remove: $HERE/deb/lib/modules/$REL
	remove: $HERE/deb/boot/vmlinuz-$REL
	remove: $HERE/deb/boot/System.map-$REL
	remove: $HERE/deb/boot/config-$REL
	remove: $HERE/deb/boot/initrd.img-$REL
	run: chroot $HERE/deb /usr/sbin/update-grub
	remove: $HERE/deb/var/lib/kdev/installed/$REL
	EOF
	test_cmp expect plan
'

test_expect_success TINY,BUSYBOX,ROOT 'remove: exactly the manifest, the menu regenerated' '
	rm -rf deb/lib/modules/$PKG deb/boot/*-$PKG deb/var/lib/dpkg &&
	: >deb/var/log/recorder.log &&
	kdev remove --root deb $REL 2>err &&
	cat >expect <<-EOF &&
	update-initramfs -d -k $REL
	update-grub 
	EOF
	test_cmp expect deb/var/log/recorder.log &&
	test_grep ! "vmlinuz-$REL" deb/boot/grub/grub.cfg &&
	: >deb/var/log/recorder.log &&
	rm deb/boot/grub/grubenv deb/tmp/deleted-initrd-$REL &&
	tree_state deb | grep -v -e "^./var/lib/kdev" -e "\./var/log/recorder.log" >after &&
	tree_state deb | grep "^./var/lib/kdev" >kdev-left &&
	cat >expect <<-EOF &&
	./var/lib/kdev d 4096 
	./var/lib/kdev/installed d 4096 
	EOF
	test_cmp expect kdev-left &&
	grep -v -e "\./var/log/recorder.log" before-install >before &&
	test_cmp before after
'

test_expect_success TINY,BUSYBOX,ROOT 'remove: a half-done removal finishes when run again' '
	kdev install --root deb O="$O" 2>err &&
	rm -rf deb/boot/vmlinuz-$REL deb/lib/modules/$REL &&
	touch deb/etc/kdev-fail-update-grub &&
	test_expect_code 1 kdev remove --root deb $REL 2>err &&
	test_grep "update-grub failed (exit status 1); run .kdev remove $REL. again" err &&
	test_grep "removed in part; its manifest stays" err &&
	test_path_is_missing deb/boot/System.map-$REL &&
	test_path_is_file deb/var/lib/kdev/installed/$REL &&
	kdev list --root deb >out &&
	test_grep "^$REL  origin: kdev" out &&
	rm deb/etc/kdev-fail-update-grub &&
	kdev remove --root deb $REL 2>err &&
	test_path_is_missing deb/var/lib/kdev/installed/$REL &&
	kdev list --root deb >out &&
	! test -s out &&
	test_expect_code 1 kdev remove --root deb $REL 2>err &&
	test_grep "no kernel $REL is installed" err
'

test_expect_success TINY,BUSYBOX,ROOT 'remove: an interrupted install is removed whole' '
	make_root int debian &&
	tree_state int >before &&
	touch int/etc/kdev-fail-update-grub &&
	test_expect_code 1 kdev install --root int O="$O" 2>err &&
	rm int/etc/kdev-fail-update-grub &&
	kdev remove --root int $REL &&
	tree_state int | grep -v -e "^./var/lib/kdev" -e "\./var/log/recorder.log" -e "\./tmp/deleted-initrd" -e "\./boot/grub/grub.cfg" >after &&
	grep -v -e "\./var/log/recorder.log" before >expect &&
	test_cmp expect after
'

# write_manifest ROOT RELEASE TIME: a kdev kernel made by hand
write_manifest() {
	mkdir -p "$1/var/lib/kdev/installed" "$1/lib/modules/$2" &&
	echo "$2" >"$1/boot/vmlinuz-$2" &&
	printf "kdev-manifest 1\nrelease %s\ntime %s\nfamily debian\nfile /boot/vmlinuz-%s\ndir /lib/modules/%s\nundo update-grub\ncomplete\n" \
		"$2" "$3" "$2" "$2" >"$1/var/lib/kdev/installed/$2"
}

test_expect_success TINY,BUSYBOX,ROOT 'remove --keep N: all but the N newest by install time' '
	make_root keep debian &&
	write_manifest keep 6.1.0-a 300 &&
	write_manifest keep 6.9.0-b 100 &&
	write_manifest keep 6.5.0-c 200 &&
	kdev install --root keep O="$O" 2>err &&
	kdev remove --root keep --keep 2 --dry-run >plan 2>err &&
	test_grep "^remove: $HERE/keep/boot/vmlinuz-6.9.0-b\$" plan &&
	test_grep "^remove: $HERE/keep/boot/vmlinuz-6.5.0-c\$" plan &&
	test_grep ! "6.1.0-a" plan &&
	test_grep ! "$REL" plan &&
	test_path_is_file keep/boot/vmlinuz-6.9.0-b &&
	kdev remove --root keep --keep 2 2>err &&
	(cd keep/var/lib/kdev/installed && ls) >left &&
	printf "%s\n" 6.1.0-a $REL >expect &&
	test_cmp expect left &&
	test_path_is_missing keep/boot/vmlinuz-6.9.0-b &&
	test_path_is_missing keep/lib/modules/6.5.0-c &&
	test_path_is_file keep/boot/vmlinuz-6.1.0-a &&
	kdev remove --root keep --keep 0 &&
	test_path_is_missing keep/boot/vmlinuz-$REL &&
	test_expect_code 2 kdev remove --root keep --keep x 2>err &&
	test_grep "keep takes a number" err &&
	test_expect_code 2 kdev remove --root keep --keep 1 6.1.0-a 2>err &&
	test_expect_code 2 kdev remove --root keep 2>err
'

test_expect_success TINY,BUSYBOX,ROOT 'a forged manifest cannot remove anything outside the kernel'"'"'s files' '
	make_root forged debian &&
	mkdir -p forged/var/lib/kdev/installed &&
	echo keep >forged/etc/passwd &&
	printf "kdev-manifest 1\nrelease 6.1.0-f\ntime 1\nfile /boot/vmlinuz-6.1.0-f\nfile /etc/passwd\n" >forged/var/lib/kdev/installed/6.1.0-f &&
	test_expect_code 1 kdev remove --root forged 6.1.0-f 2>err &&
	test_grep "is not a valid manifest: path ./etc/passwd. is outside what kdev installs for 6.1.0-f" err &&
	test_path_is_file forged/etc/passwd &&
	printf "kdev-manifest 1\nrelease 6.1.0-f\ntime 1\ndir /boot/../etc/6.1.0-f\n" >forged/var/lib/kdev/installed/6.1.0-f &&
	test_expect_code 1 kdev remove --root forged 6.1.0-f 2>err &&
	test_grep "not a valid manifest" err &&
	rm -rf forged/boot && mkdir -p forged/elsewhere/6.1.0-f && ln -s elsewhere forged/boot &&
	printf "kdev-manifest 1\nrelease 6.1.0-f\ntime 1\ndir /boot/6.1.0-f\n" >forged/var/lib/kdev/installed/6.1.0-f &&
	kdev remove --root forged 6.1.0-f &&
	test_path_is_missing forged/elsewhere/6.1.0-f &&
	rm forged/boot && ln -s /boot forged/boot &&
	ls -la --time-style=full-iso /boot >host-before &&
	printf "kdev-manifest 1\nrelease 6.1.0-f\ntime 1\nfile /boot/x-6.1.0-f\n" >forged/var/lib/kdev/installed/6.1.0-f &&
	test_expect_code 1 kdev remove --root forged 6.1.0-f 2>err &&
	test_grep "leads out of $HERE/forged" err &&
	ls -la --time-style=full-iso /boot >host-after &&
	test_cmp host-before host-after
'

test_expect_success BUSYBOX,ROOT,DPKG 'list: merged /usr, dpkg knows the modules by their /lib name' '
	make_root merged arch &&
	printf "ID=debian\n" >merged/usr/lib/os-release &&
	add_package_kernel merged &&
	test -d merged/usr/lib/modules/$PKG &&
	kdev list --root merged >out &&
	test_grep "^$PKG  origin: linux-image-$PKG " out &&
	test_grep "^    /usr/lib/modules/$PKG\$" out
'

test_done

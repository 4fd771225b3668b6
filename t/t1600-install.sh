#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev install of the tiny kernel into Debian, Arch and Fedora roots

The kernel is the real one of t/kernel/tiny.sh (make modules_install runs
for real); the roots are temporary trees whose initramfs and boot loader
tools are recorders (t/lib-install.sh) run with chroot, so each test
checks the exact files written, the manifest and the argv each tool got.'
. "${0%/*}/test-lib.sh"
. "$TEST_DIRECTORY/lib-install.sh"

test_expect_success 'the tiny kernel is built' '
	tiny_setup &&
	echo "O=$O REL=$REL" >vars
'
. ./vars 2>/dev/null && test -n "$REL" && test_set_prereq TINY
HERE=$(pwd -P)

test_expect_success 'a tree that is not built is refused with a clear error' '
	mkdir notbuilt &&
	test_expect_code 1 kdev install --root notbuilt --tree notbuilt 2>err &&
	test_grep "is not a built kernel tree: no include/config/kernel.release" err &&
	test_line_count = 1 err &&
	test_expect_code 1 kdev install --root notbuilt O=nowhere 2>err &&
	test_grep "build directory .nowhere. does not exist" err &&
	test_expect_code 2 kdev install --bogus 2>err &&
	test_grep "unknown option" err
'

test_expect_success TINY,BUSYBOX,ROOT 'debian: --dry-run prints the plan and changes nothing' '
	make_root deb debian &&
	tree_state deb >before &&
	kdev install --root deb O="$O" --dry-run >plan 2>err &&
	tree_state deb >after &&
	test_cmp before after &&
	cat >expect <<-EOF &&
	write: $HERE/deb/var/lib/kdev/installed/$REL
	run: make -C $O modules_install INSTALL_MOD_PATH=$HERE/deb
	write: $HERE/deb/boot/vmlinuz-$REL (from $O/arch/x86/boot/bzImage)
	write: $HERE/deb/boot/System.map-$REL (from $O/System.map)
	write: $HERE/deb/boot/config-$REL (from $O/.config)
	run: chroot $HERE/deb /usr/sbin/update-initramfs -c -k $REL
	run: chroot $HERE/deb /usr/sbin/update-grub
	EOF
	test_cmp expect plan
'

test_expect_success TINY,BUSYBOX,ROOT 'debian: --strip adds INSTALL_MOD_STRIP=1, debug info is kept otherwise' '
	kdev install --root deb O="$O" --dry-run --strip >plan &&
	test_grep "^run: make -C $O modules_install INSTALL_MOD_PATH=$HERE/deb INSTALL_MOD_STRIP=1\$" plan &&
	kdev install --root deb O="$O" --dry-run --no-initramfs --no-bootloader >plan &&
	test_grep ! STRIP plan &&
	test_grep ! update- plan
'

test_expect_success TINY,BUSYBOX,ROOT 'debian: install writes the files, modules, manifest and runs the tools' '
	before=$(date +%s) &&
	kdev install --root deb O="$O" 2>err &&
	after=$(date +%s) &&
	(cd deb/boot && ls) >boot &&
	cat >expect <<-EOF &&
	System.map-$REL
	config-$REL
	grub
	initrd.img-$REL
	vmlinuz-$REL
	EOF
	test_cmp expect boot &&
	cmp deb/boot/vmlinuz-$REL "$O/arch/x86/boot/bzImage" &&
	cmp deb/boot/System.map-$REL "$O/System.map" &&
	cmp deb/boot/config-$REL "$O/.config" &&
	test -s deb/lib/modules/$REL/modules.dep.bin &&
	test_path_is_file deb/lib/modules/$REL/modules.order &&
	test_path_is_file deb/lib/modules/$REL/modules.builtin &&
	test_path_is_missing deb/usr/lib/modules/$REL &&
	cat >expect <<-EOF &&
	update-initramfs -c -k $REL
	update-grub 
	EOF
	test_cmp expect deb/var/log/recorder.log &&
	grep -v "^time " deb/var/lib/kdev/installed/$REL >manifest &&
	cat >expect <<-EOF &&
	# kdev install manifest: what '"'"'kdev remove'"'"' removes (man kdev-install)
	kdev-manifest 1
	release $REL
	family debian
	dir /lib/modules/$REL
	file /boot/vmlinuz-$REL
	file /boot/System.map-$REL
	file /boot/config-$REL
	file /boot/initrd.img-$REL
	undo update-initramfs
	undo update-grub
	complete
	EOF
	test_cmp expect manifest &&
	t=$(sed -n "s/^time //p" deb/var/lib/kdev/installed/$REL) &&
	test "$t" -ge "$before" && test "$t" -le "$after" &&
	test_grep "^+ chroot $HERE/deb /usr/sbin/update-grub\$" err &&
	test_grep "^+ make -C $O modules_install INSTALL_MOD_PATH=$HERE/deb\$" err
'

test_expect_success TINY,BUSYBOX,ROOT 'debian: --once picks the kernel'"'"'s own entry with grub-reboot' '
	: >deb/var/log/recorder.log &&
	kdev install --root deb O="$O" --once 2>err &&
	test_grep "reinstalling $REL" err &&
	cat >expect <<-EOF &&
	update-initramfs -c -k $REL
	update-grub 
	grub-reboot gnulinux-advanced-UUID>gnulinux-$REL-advanced-UUID
	EOF
	test_cmp expect deb/var/log/recorder.log &&
	echo "next_entry=gnulinux-advanced-UUID>gnulinux-$REL-advanced-UUID" >expect &&
	test_cmp expect deb/boot/grub/grubenv
'

test_expect_success TINY,BUSYBOX,ROOT 'a kernel of the same release that kdev did not install is not overwritten' '
	make_root deb2 debian &&
	mkdir -p deb2/lib/modules/$REL &&
	echo other >deb2/boot/vmlinuz-$REL &&
	test_expect_code 1 kdev install --root deb2 O="$O" 2>err &&
	test_grep "installed already, and not by kdev (no manifest); --force" err &&
	echo other >expect &&
	test_cmp expect deb2/boot/vmlinuz-$REL &&
	test_path_is_missing deb2/var/lib/kdev
'

test_expect_success TINY,BUSYBOX,ROOT 'a root whose /boot leads out of it is refused' '
	make_root esc debian &&
	rmdir esc/boot/grub esc/boot && ln -s /boot esc/boot &&
	test_expect_code 1 kdev install --root esc O="$O" 2>err &&
	test_grep "leads out of $HERE/esc through a symlink" err &&
	test_path_is_missing esc/var/lib/kdev
'

test_expect_success TINY,BUSYBOX,ROOT 'arch: vmlinuz-linux-R, both initramfs images, merged /usr modules' '
	make_root arch arch &&
	kdev install --root arch O="$O" --once 2>err &&
	(cd arch/boot && ls) >boot &&
	cat >expect <<-EOF &&
	System.map-$REL
	config-$REL
	grub
	initramfs-linux-$REL-fallback.img
	initramfs-linux-$REL.img
	vmlinuz-linux-$REL
	EOF
	test_cmp expect boot &&
	test -s arch/usr/lib/modules/$REL/modules.dep.bin &&
	test_path_is_file arch/usr/lib/modules/$REL/modules.dep &&
	cat >expect <<-EOF &&
	mkinitcpio -k $REL -g /boot/initramfs-linux-$REL.img
	mkinitcpio -k $REL -S autodetect -g /boot/initramfs-linux-$REL-fallback.img
	grub-mkconfig -o /boot/grub/grub.cfg
	grub-reboot gnulinux-advanced-UUID>gnulinux-linux-$REL-advanced-UUID
	EOF
	test_cmp expect arch/var/log/recorder.log &&
	grep -E "^(dir|file|undo) " arch/var/lib/kdev/installed/$REL >manifest &&
	cat >expect <<-EOF &&
	dir /usr/lib/modules/$REL
	file /boot/vmlinuz-linux-$REL
	file /boot/System.map-$REL
	file /boot/config-$REL
	file /boot/initramfs-linux-$REL.img
	file /boot/initramfs-linux-$REL-fallback.img
	undo grub-mkconfig /boot/grub/grub.cfg
	EOF
	test_cmp expect manifest &&
	test_grep "^family arch\$" arch/var/lib/kdev/installed/$REL
'

test_expect_success TINY,BUSYBOX,ROOT 'fedora with BLS: kernel-install adds the entry, --once uses bootctl' '
	make_root fed fedora &&
	kdev install --root fed O="$O" --once 2>err &&
	mid=0123456789abcdef0123456789abcdef &&
	(cd fed/boot && find . | LC_ALL=C sort) >boot &&
	cat >expect <<-EOF &&
	.
	./$mid
	./$mid/$REL
	./$mid/$REL/initrd
	./$mid/$REL/linux
	./System.map-$REL
	./config-$REL
	./loader
	./loader/entries
	./loader/entries/$mid-$REL.conf
	./loader/loader.conf
	./vmlinuz-$REL
	EOF
	test_cmp expect boot &&
	cat >expect <<-EOF &&
	kernel-install add $REL /boot/vmlinuz-$REL
	bootctl set-oneshot $mid-$REL.conf
	EOF
	test_cmp expect fed/var/log/recorder.log &&
	grep -E "^(dir|file|undo|complete)" fed/var/lib/kdev/installed/$REL >manifest &&
	cat >expect <<-EOF &&
	dir /usr/lib/modules/$REL
	file /boot/vmlinuz-$REL
	file /boot/System.map-$REL
	file /boot/config-$REL
	dir /boot/$mid/$REL
	file /boot/loader/entries/$mid-$REL.conf
	undo kernel-install
	complete
	EOF
	test_cmp expect manifest
'

test_expect_success TINY,BUSYBOX,ROOT 'fedora: files a tool made beyond the predicted ones are recorded' '
	make_root fed2 fedora &&
	recorder fed2 kernel-install "
read mid </etc/machine-id
mkdir -p /boot/\$mid/\$2 /boot/efi/EFI/Linux
: >/boot/loader/entries/\$mid-\$2.conf
: >/boot/efi/EFI/Linux/\$mid-\$2.efi
: >/boot/unrelated-file" &&
	kdev install --root fed2 O="$O" &&
	test_grep "^file /boot/efi/EFI/Linux/0123456789abcdef0123456789abcdef-$REL.efi\$" fed2/var/lib/kdev/installed/$REL &&
	test_grep ! unrelated fed2/var/lib/kdev/installed/$REL
'

test_expect_success TINY,BUSYBOX,ROOT 'a root without the tools: steps skipped with a note' '
	mkdir -p bare/etc bare/boot &&
	printf "ID=debian\n" >bare/etc/os-release &&
	kdev install --root bare O="$O" 2>err &&
	test_grep "initramfs skipped: $HERE/bare has no update-initramfs" err &&
	test_grep "boot menu skipped" err &&
	test_path_is_file bare/boot/vmlinuz-$REL &&
	test_grep "^complete\$" bare/var/lib/kdev/installed/$REL &&
	test_grep ! "^undo" bare/var/lib/kdev/installed/$REL
'

test_expect_success TINY,BUSYBOX,ROOT 'an interrupted install leaves a manifest of what it made' '
	make_root int debian &&
	touch int/etc/kdev-fail-update-grub &&
	test_expect_code 1 kdev install --root int O="$O" 2>err &&
	test_grep "update-grub failed (exit status 1); .kdev remove $REL. takes away" err &&
	test_grep ! "^complete" int/var/lib/kdev/installed/$REL &&
	test_grep "^file /boot/initrd.img-$REL\$" int/var/lib/kdev/installed/$REL &&
	test_grep "^undo update-grub\$" int/var/lib/kdev/installed/$REL
'

test_done

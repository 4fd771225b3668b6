# SPDX-License-Identifier: GPL-2.0
# Helpers for the kdev install/list/remove tests (t16xx): root trees laid
# out like Debian, Arch and Fedora, whose distribution tools are
# recorders: busybox-static sh scripts inside the root (chroot runs them)
# that append their name and arguments to ROOT/var/log/recorder.log and
# make the files the real tool would. A root with ROOT/etc/kdev-fail-NAME
# makes the recorder NAME fail (exit 1) after recording.

BUSYBOX=$(command -v busybox 2>/dev/null)
if test -n "$BUSYBOX" && file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
	test_set_prereq BUSYBOX
fi
if command -v dpkg-query >/dev/null 2>&1; then
	test_set_prereq DPKG
fi
if test "$(id -u)" = 0 && command -v chroot >/dev/null 2>&1; then
	test_set_prereq ROOT
fi

# The tiny test kernel: sets O and REL.
tiny_setup() {
	O=$("$SRC_ROOT/t/kernel/tiny.sh" built) &&
	REL=$(cat "$O/include/config/kernel.release") &&
	test -f "$O/arch/x86/boot/bzImage"
}

# recorder ROOT NAME BODY: /usr/sbin/NAME records "NAME ARGS" then runs
# BODY (busybox sh builtins only: the root has no other programs).
recorder() {
	{
		echo '#!/bin/busybox sh'
		echo 'echo "${0##*/} $*" >>/var/log/recorder.log'
		echo '[ -e /etc/kdev-fail-${0##*/} ] && exit 1'
		printf '%s\n' "$3"
	} >"$1/usr/sbin/$2" &&
	chmod 755 "$1/usr/sbin/$2"
}

# The -o/-g FILE argument of a recorded call, in $out.
GETOUT='out=; while [ $# -gt 0 ]; do case $1 in -o|-g) out=$2; shift;; esac; shift; done'

# A grub.cfg as grub-mkconfig makes it: the newest kernel first, then
# an "Advanced options" submenu with an entry (and a recovery one) for
# each. Images: /boot/vmlinuz-*.
GRUBCFG='{
echo "set default=\"0\""
first=1
for k in /boot/vmlinuz-*; do
	[ -e "$k" ] || continue
	v=${k#/boot/vmlinuz-}
	if [ $first = 1 ]; then
		echo "menuentry '"'"'GNU/Linux'"'"' \$menuentry_id_option '"'"'gnulinux-simple-UUID'"'"' {"
		echo "	linux	$k root=UUID=x ro"
		echo "}"
		echo "submenu '"'"'Advanced options for GNU/Linux'"'"' \$menuentry_id_option '"'"'gnulinux-advanced-UUID'"'"' {"
		first=0
	fi
	echo "	menuentry '"'"'GNU/Linux, with Linux $v'"'"' \$menuentry_id_option '"'"'gnulinux-$v-advanced-UUID'"'"' {"
	echo "		linux	$k root=UUID=x ro"
	echo "	}"
	echo "	menuentry '"'"'GNU/Linux, with Linux $v (recovery mode)'"'"' \$menuentry_id_option '"'"'gnulinux-$v-recovery-UUID'"'"' {"
	echo "		linux	$k root=UUID=x ro single"
	echo "	}"
done
[ $first = 1 ] || echo "}"
}'

# make_root DIR debian|arch|fedora
make_root() {
	local r=$1
	mkdir -p "$r/etc" "$r/boot" "$r/usr/sbin" "$r/usr/bin" "$r/usr/lib" \
		"$r/var/log" "$r/var/lib" "$r/bin" "$r/tmp" &&
	cp "$BUSYBOX" "$r/bin/busybox" &&
	case $2 in
	debian)
		# not merged: /lib is a directory of its own
		mkdir -p "$r/lib/modules" "$r/boot/grub" &&
		printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' >"$r/etc/os-release" &&
		recorder "$r" update-initramfs '
case $1 in
-c) : >/boot/initrd.img-$3 ;;
-d) [ -e /boot/initrd.img-$3 ] && : >/tmp/deleted-initrd-$3 ;;
esac' &&
		recorder "$r" update-grub "$GRUBCFG >/boot/grub/grub.cfg" &&
		recorder "$r" grub-reboot 'echo "next_entry=$1" >/boot/grub/grubenv'
		;;
	arch)
		# merged /usr: /lib is a link to usr/lib
		mkdir -p "$r/usr/lib/modules" "$r/boot/grub" &&
		ln -s usr/lib "$r/lib" &&
		printf 'NAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n' >"$r/usr/lib/os-release" &&
		recorder "$r" mkinitcpio "$GETOUT; : >\"\$out\"" &&
		recorder "$r" grub-mkconfig "$GETOUT; $GRUBCFG >\"\$out\"" &&
		recorder "$r" grub-reboot 'echo "next_entry=$1" >/boot/grub/grubenv'
		;;
	fedora)
		# systemd-boot and BLS entries, through kernel-install
		mkdir -p "$r/usr/lib/modules" "$r/boot/loader/entries" \
			"$r/etc/kernel" &&
		ln -s usr/lib "$r/lib" &&
		printf 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=39\n' >"$r/etc/os-release" &&
		echo 0123456789abcdef0123456789abcdef >"$r/etc/machine-id" &&
		printf 'layout=bls\n' >"$r/etc/kernel/install.conf" &&
		printf 'default 0123456789abcdef0123456789abcdef-*\ntimeout 3\n' >"$r/boot/loader/loader.conf" &&
		recorder "$r" kernel-install '
read mid </etc/machine-id
case $1 in
add)
	mkdir -p /boot/$mid/$2
	: >/boot/$mid/$2/linux
	: >/boot/$mid/$2/initrd
	printf "title Fedora Linux\nversion %s\nlinux /%s/%s/linux\ninitrd /%s/%s/initrd\n" $2 $mid $2 $mid $2 >/boot/loader/entries/$mid-$2.conf
	;;
remove)
	rm -rf /boot/$mid/$2 /boot/loader/entries/$mid-$2.conf 2>/dev/null
	echo "removed $2" >/tmp/kernel-install-removed
	;;
esac' &&
		recorder "$r" bootctl ':'
		;;
	esac
}

# A listing of every path under DIR with its type, size and contents'
# checksum, for "nothing changed" comparisons.
tree_state() {
	(cd "$1" && find . -printf '%p %y %s %l\n' | LC_ALL=C sort) &&
	(cd "$1" && find . -type f -exec md5sum {} + | LC_ALL=C sort)
}

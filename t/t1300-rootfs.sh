#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev rootfs: make a root filesystem for kdev run --root

The checks of the command line, of DIR and of the tools run with a PATH
of our own (fake debootstrap and mmdebstrap that must never run). One
Debian bookworm root filesystem is really made, with the host'"'"'s
debootstrap and apt mirror, into the cache (once; later runs find its
marker), and booted with kdev run on the kernel of t/kernel/lab.sh.'
. "${0%/*}/test-lib.sh"

CACHE=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}
ROOTFS=$CACHE/rootfs/debian-bookworm

if test "$(id -u)" = 0; then
	test_set_prereq ROOT
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null
	then
		test_set_prereq SETPRIV
	fi
fi

# An empty PATH, and one with a fake debootstrap that, if it ever runs,
# leaves a file behind and fails.
mkdir nobin fakebin
printf '#!/bin/sh\ntouch "%s/ran-debootstrap"\nexit 99\n' "$PWD" >fakebin/debootstrap
chmod 755 fakebin/debootstrap

test_must_be_empty() {
	test ! -s "$1" || { echo "'$1' is not empty:" >&2; cat "$1" >&2; return 1; }
}

test_expect_success 'kdev rootfs alone: its usage, status 2' '
	test_expect_code 2 kdev rootfs >out 2>err &&
	test_must_be_empty out &&
	test_grep "^usage: kdev rootfs create DIR" err
'

test_expect_success 'an unknown subcommand: one line, the usage, status 2' '
	test_expect_code 2 kdev rootfs frob 2>err &&
	head -n 1 err >first &&
	echo "error: '\''frob'\'' is not a rootfs command" >expect &&
	test_cmp expect first &&
	test_grep "^usage: kdev rootfs create DIR" err &&
	test_expect_code 2 kdev rootfs --frob 2>err &&
	test_grep "^error: unknown option '\''--frob'\''" err
'

test_expect_success '--help, create --help and kdev help rootfs' '
	kdev rootfs --help >out &&
	test_grep "^usage: kdev rootfs create DIR" out &&
	test_grep "^   create DIR" out &&
	kdev rootfs create --help >out &&
	test_grep "^usage: kdev rootfs create DIR .*--distro debian|arch" out &&
	test_grep -e "--mirror URL" out &&
	kdev help rootfs >out2 &&
	kdev rootfs --help >expect &&
	test_cmp expect out2
'

test_expect_success 'usage errors of create' '
	test_expect_code 2 kdev rootfs create 2>err &&
	test_grep "^error: no DIR given" err &&
	test_expect_code 2 kdev rootfs create a b 2>err &&
	test_grep "^error: too many arguments: '\''b'\''" err &&
	test_expect_code 2 kdev rootfs create --distro fedora d 2>err &&
	test_grep "^error: --distro takes debian or arch, not '\''fedora'\''" err &&
	test_expect_code 2 kdev rootfs create --distro arch --release sid d 2>err &&
	test_grep "^error: --release is for --distro debian" err &&
	test_expect_code 2 kdev rootfs create --mirror deb.debian.org d 2>err &&
	test_grep "^error: --mirror takes an http://" err &&
	test_expect_code 2 kdev rootfs create --include "kmod,,gdb" d 2>err &&
	test_grep "^error: --include: empty package name" err &&
	test_expect_code 2 kdev rootfs create --release "a b" d 2>err &&
	test_grep "^error: --release: '\''a b'\'' is not a release name" err &&
	test_expect_code 2 kdev rootfs create --include 2>err &&
	test_grep "^error: option '\''--include'\'' needs a value" err &&
	test_path_is_missing d
'

test_expect_success '--dry-run: the exact debootstrap command, nothing run' '
	PATH=$PWD/fakebin kdev rootfs create --dry-run --release trixie \
		--mirror http://mirror.example/debian/ --include gdb,kmod \
		--include "strace" "new root" >out 2>err &&
	cat >expect <<-\EOF &&
	debootstrap --variant=minbase --include=kmod,procps,iproute2,util-linux,gdb,strace trixie '\''new root'\'' http://mirror.example/debian/
	EOF
	test_cmp expect out &&
	test_must_be_empty err &&
	test_path_is_missing "new root" &&
	test_path_is_missing ran-debootstrap
'

test_expect_success '--dry-run: mmdebstrap is preferred when installed' '
	cp fakebin/debootstrap fakebin/mmdebstrap &&
	sed -i s/ran-debootstrap/ran-mmdebstrap/ fakebin/mmdebstrap &&
	PATH=$PWD/fakebin kdev rootfs create -n --release bookworm \
		--mirror http://deb.debian.org/debian r >out &&
	echo "mmdebstrap --variant=minbase --include=kmod,procps,iproute2,util-linux bookworm r http://deb.debian.org/debian" >expect &&
	test_cmp expect out &&
	rm fakebin/mmdebstrap &&
	test_path_is_missing ran-mmdebstrap &&
	test_path_is_missing r
'

test_expect_success '--dry-run for arch, and with no tool at all' '
	PATH=$PWD/nobin "$KDEV" rootfs create -n --distro arch --include vim a >out 2>err &&
	echo "pacstrap -c a base vim" >expect &&
	test_cmp expect out &&
	test_grep "^warning: pacstrap is not installed" err &&
	PATH=$PWD/nobin "$KDEV" rootfs create -n --release bookworm \
		--mirror http://deb.debian.org/debian d >out 2>err &&
	echo "debootstrap --variant=minbase --include=kmod,procps,iproute2,util-linux bookworm d http://deb.debian.org/debian" >expect &&
	test_cmp expect out &&
	test_grep "^warning: debootstrap is not installed (apt-get install debootstrap)" err
'

test_expect_success 'the defaults: the host'"'"'s release and apt mirror' '
	PATH=$PWD/fakebin kdev rootfs create -n d >out &&
	. /etc/os-release &&
	if test "$ID" = debian && test -n "$VERSION_CODENAME"; then
		rel=$VERSION_CODENAME
	else
		rel=bookworm
	fi &&
	test_grep "^debootstrap --variant=minbase --include=[^ ]* $rel d https\{0,1\}://[^ ]*\$" out &&
	if test "$ID" = debian && grep -q "^URIs: http://deb.debian.org/debian\$" \
		/etc/apt/sources.list.d/debian.sources 2>/dev/null; then
		test_grep " http://deb.debian.org/debian\$" out
	fi
'

test_expect_success 'a DIR that is not empty, a file, and / are refused' '
	mkdir full && echo precious >full/file &&
	test_expect_code 1 env PATH="$PWD/fakebin" "$KDEV" rootfs create full 2>err &&
	test_grep "^error: '\''full'\'' is not empty; refusing to install into it" err &&
	echo precious >expect && test_cmp expect full/file &&
	test_expect_code 1 env PATH="$PWD/fakebin" "$KDEV" rootfs create full/file 2>err &&
	test_grep "^error: '\''full/file'\'' exists and is not a directory" err &&
	for d in / // /.. /tmp/..; do
		test_expect_code 1 env PATH="$PWD/fakebin" "$KDEV" rootfs create "$d" 2>err &&
		test_grep "^error: refusing to make a root filesystem in '\''/" err ||
		return 1
	done &&
	test_expect_code 1 kdev rootfs create -n / 2>err &&
	test_grep "^error: refusing" err &&
	test_path_is_missing ran-debootstrap
'

test_expect_success 'a missing tool: one line naming the package, status 1' '
	test_expect_code 1 env PATH="$PWD/nobin" "$KDEV" rootfs create new 2>err &&
	echo "error: neither mmdebstrap nor debootstrap is installed: apt-get install debootstrap" >expect &&
	test_cmp expect err &&
	test_path_is_missing new &&
	test_expect_code 1 env PATH="$PWD/nobin" "$KDEV" rootfs create --distro arch new 2>err &&
	echo "error: pacstrap is not installed: it comes with the package arch-install-scripts" >expect &&
	test_cmp expect err &&
	test_path_is_missing new
'

# (in a directory everyone can reach: the trash may be under a 0700 one)
test_expect_success SETPRIV 'not root: says so, runs nothing' '
	pub=$(mktemp -d /tmp/kdev-t1300.XXXXXX) && chmod 755 "$pub" &&
	cp "$KDEV" "$pub/kdev" && cp -r fakebin "$pub/" && chmod -R a+rX "$pub" &&
	test_expect_code 1 env PATH="$pub/fakebin" "$(command -v setpriv)" --reuid=65534 \
		--regid=65534 --clear-groups "$pub/kdev" rootfs create "$pub/new" 2>err &&
	echo "error: debootstrap needs root; run: sudo kdev rootfs create $pub/new" >expect &&
	test_cmp expect err &&
	test_path_is_missing "$pub/new" &&
	test_path_is_missing ran-debootstrap &&
	rm -rf "$pub"
'

test_expect_success 'the tool fails: the error, and what was left behind' '
	test_expect_code 1 env PATH="$PWD/fakebin:$PATH" "$KDEV" rootfs create \
		--release bookworm --mirror http://deb.debian.org/debian fails 2>err &&
	test_path_is_file ran-debootstrap && rm ran-debootstrap &&
	test_grep "^kdev: running: debootstrap --variant=minbase" err &&
	test_grep "^error: debootstrap failed (exit status 99)" err &&
	test_grep "^kdev: nothing was left behind" err &&
	test_path_is_missing fails
'

test_expect_success 'a DIR made before (its marker): said so, status 0' '
	mkdir -p done/etc &&
	printf "distro=debian\nrelease=bookworm\ndate=2026-01-02T03:04:05Z\n" \
		>done/etc/kdev-rootfs &&
	PATH=$PWD/nobin "$KDEV" rootfs create done >out 2>err &&
	echo "kdev run --root done -- cat /etc/os-release" >expect &&
	test_cmp expect out &&
	echo "kdev: '\''done'\'' is already a root filesystem made by kdev (debian bookworm, 2026-01-02); nothing to do" >expect &&
	test_cmp expect err &&
	PATH=$PWD/nobin "$KDEV" rootfs create --release bookworm done >out &&
	test_expect_code 1 env PATH="$PWD/nobin" "$KDEV" rootfs create --release trixie done 2>err &&
	test_grep "^error: '\''done'\'' already holds debian bookworm, not trixie" err &&
	test_expect_code 1 env PATH="$PWD/nobin" "$KDEV" rootfs create --distro arch done 2>err &&
	test_grep "^error: '\''done'\'' already holds a root filesystem of debian, not arch" err
'

test_expect_success ROOT 'setup: a real Debian bookworm (debootstrap, cached)' '
	if test -d "$ROOTFS" && ! test -f "$ROOTFS/etc/kdev-rootfs"; then
		echo "removing the unfinished $ROOTFS" &&
		rm -rf "$ROOTFS"
	fi &&
	start=$(date +%s) &&
	if ! kdev rootfs create --release bookworm "$ROOTFS" >out 2>err; then
		cat err &&
		echo "kdev rootfs create failed (is the Debian mirror reachable?)" &&
		false
	fi &&
	echo "took $(($(date +%s) - start)) s" &&
	cat err &&
	printf "kdev run --root %s -- cat /etc/os-release\n" "$ROOTFS" >expect &&
	test_cmp expect out &&
	test_grep "^distro=debian\$" "$ROOTFS/etc/kdev-rootfs" &&
	test_grep "^release=bookworm\$" "$ROOTFS/etc/kdev-rootfs" &&
	test -x "$ROOTFS/usr/bin/dash" &&
	test_path_is_file "$ROOTFS/etc/debian_version" &&
	kdev rootfs create --release bookworm "$ROOTFS" >out 2>err &&
	test_grep "is already a root filesystem made by kdev (debian bookworm" err
'

test_expect_success ROOT 'setup: the kernel and its modules' '
	test_lab_setup
'
test_lab_load

test_expect_success ROOT 'kdev run --root boots it: its own /etc/debian_version' '
	test_path_is_file "$ROOTFS/etc/kdev-rootfs" &&
	run --root "$ROOTFS" -- cat /etc/debian_version >out &&
	test_cmp "$ROOTFS/etc/debian_version" out
'

test_expect_success ROOT 'what the guest writes under / stays out of DIR' '
	name=kdev-t1300-$$ &&
	run --root "$ROOTFS" -- sh -c "
		for d in /etc /root /tmp /var /usr; do
			echo guest >\$d/$name && cat \$d/$name || exit 1
		done
		echo guest >/$name && echo wrote /$name
		true" >out 2>err &&
	printf "guest\nguest\nguest\nguest\nguest\n" >expect &&
	test_cmp expect out &&
	test_grep "Read-only file system" err &&
	for d in etc root tmp var usr .; do
		test_path_is_missing "$ROOTFS/$d/$name" || return 1
	done &&
	test -z "$(ls tmp)"
'

test_expect_success ROOT '--rw writes through to DIR' '
	name=kdev-t1300-rw-$$ &&
	run --rw --root-user --root "$ROOTFS" -- sh -c "echo guest >/etc/$name" &&
	echo guest >expect &&
	test_cmp expect "$ROOTFS/etc/$name" &&
	rm -f "$ROOTFS/etc/$name"
'

test_done

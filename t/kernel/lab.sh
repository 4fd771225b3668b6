#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdev crash lab: boot the Debian cloud kernel in QEMU, load a module that
# oopses on purpose, then panic the kernel with sysrq-c, and capture the
# serial console.  The resulting log is real decoder input, and the cache
# holds the matching vmlinux (from the -dbg package) and kdevcrash.ko.
# fetch-generic adds Debian's generic kernel of the same ABI, which has 9p
# (the cloud kernel has not), for kdev run --fs 9p.
#
# usage: lab.sh fetch|fetch-generic|build|boot OUTFILE|paths|all OUTFILE
#
# Environment:
#   KDEV_CACHE         cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev)
#   KDEV_ACCEL         tcg|kvm, skip the KVM probe
#   KDEV_BOOT_TIMEOUT  hard limit for the QEMU boot in seconds (default 120)

set -eu

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
MOD_SRCDIR=$LAB_DIR/kdevcrash
CACHE=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}/debian
META_PKG=linux-headers-cloud-amd64

die() {
	printf 'lab.sh: %s\n' "$*" >&2
	exit 1
}

note() {
	printf 'lab.sh: %s\n' "$*" >&2
}

usage() {
	cat >&2 <<-EOF
	usage: lab.sh fetch          download/extract vmlinuz, modules, vmlinux (cached)
	       lab.sh fetch-generic  the generic kernel of the same ABI (9p): vmlinuz
	                             and the modules kdev run loads (cached)
	       lab.sh build          build kdevcrash.ko and the initramfs (cached)
	       lab.sh boot OUTFILE   boot in QEMU, write the console log to OUTFILE
	       lab.sh paths          print RELEASE= VMLINUZ= VMLINUX= MODDIR= ...
	                             GRELEASE= GVMLINUZ= GKMODS=
	       lab.sh all OUTFILE    fetch + build + boot
	EOF
	exit 2
}

# need_pkg PKG...: fail with a one-line message unless every PKG is installed
need_pkg() {
	local p st
	for p in "$@"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=
		[ "$st" = installed ] ||
			die "missing package $p (apt-get install $p)"
	done
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 || die "missing command $1"
}

# Set RELEASE (kernel ABI, e.g. 6.1.0-56-cloud-amd64) and VERSION (Debian
# package version) from what linux-headers-cloud-amd64 depends on, so that
# headers, image and debug info always come from the same build.
setup() {
	local dep
	need_pkg "$META_PKG"
	dep=$(dpkg-query -W -f='${Depends}' "$META_PKG")
	RELEASE=$(printf '%s\n' "$dep" |
		sed -n 's/.*linux-headers-\([^ ,]*-cloud-amd64\).*/\1/p')
	[ -n "$RELEASE" ] || die "cannot parse kernel release from $META_PKG Depends: $dep"
	need_pkg "linux-headers-$RELEASE"
	VERSION=$(dpkg-query -W -f='${Version}' "linux-headers-$RELEASE")

	DEBS=$CACHE/debs
	ROOT=$CACHE/root
	VMLINUZ=$ROOT/boot/vmlinuz-$RELEASE
	# shellcheck disable=SC2034 # used by cmd_paths via ${!v}
	KMODS=$ROOT/lib/modules/$RELEASE
	# shellcheck disable=SC2034 # used by cmd_paths via ${!v}
	VMLINUX=$ROOT/usr/lib/debug/boot/vmlinux-$RELEASE
	KDIR=/usr/src/linux-headers-$RELEASE
	BUILD=$CACHE/build/$RELEASE
	MODDIR=$BUILD/kdevcrash
	# shellcheck disable=SC2034 # DW_AT_name of the module's CU
	MODSRC=$MODDIR/kdevcrash.c
	KO=$MODDIR/kdevcrash.ko
	INITRD=$BUILD/initramfs.cpio.gz

	# the generic kernel of the same build: 6.1.0-56-amd64
	GRELEASE=${RELEASE%-cloud-amd64}-amd64
	GVMLINUZ=$ROOT/boot/vmlinuz-$GRELEASE
	GKMODS=$ROOT/lib/modules/$GRELEASE
}

# deb_path PKG: the cached .deb for PKG at $VERSION, downloaded if missing
deb_path() {
	local pkg=$1 deb tmp
	local -a opts=(-q=2)

	# apt-get download names files with ':' escaped as '%3a'
	deb=$DEBS/${pkg}_${VERSION//:/%3a}_amd64.deb
	if [ ! -s "$deb" ]; then
		need_cmd apt-get
		mkdir -p "$DEBS"
		tmp=$(mktemp -d "$DEBS/tmp.XXXXXX")
		# root's cache dir is not readable by the _apt sandbox user
		[ "$(id -u)" -ne 0 ] || opts+=(-o APT::Sandbox::User=root)
		note "downloading $pkg=$VERSION"
		if ! (cd "$tmp" && apt-get "${opts[@]}" download "$pkg=$VERSION") >&2; then
			rm -rf "$tmp"
			die "apt-get download $pkg=$VERSION failed"
		fi
		mv "$tmp"/*.deb "$deb" || die "apt-get download $pkg gave no $deb"
		rm -rf "$tmp"
	fi
	printf '%s\n' "$deb"
}

# extract DEB PATH: extract the single file ./PATH of DEB into $ROOT/PATH
extract() {
	local deb=$1 path=$2 tmp
	[ -s "$ROOT/$path" ] && return 0
	mkdir -p "$ROOT/${path%/*}"
	tmp=$(mktemp -d "$ROOT/tmp.XXXXXX")
	if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./$path"; then
		rm -rf "$tmp"
		die "cannot extract $path from $deb"
	fi
	mv "$tmp/$path" "$ROOT/$path"
	rm -rf "$tmp"
}

cmd_fetch() {
	setup
	extract "$(deb_path "linux-image-$RELEASE-unsigned")" \
		"boot/vmlinuz-$RELEASE"
	extract "$(deb_path "linux-image-$RELEASE-unsigned")" \
		"lib/modules/$RELEASE"
	extract "$(deb_path "linux-image-$RELEASE-dbg")" \
		"usr/lib/debug/boot/vmlinux-$RELEASE"
}

# What kdev run may load from the generic kernel (virtio, virtio-serial,
# 9p, virtiofs, overlayfs, virtio-net), relative to lib/modules/GRELEASE;
# fetch-generic adds what these need ("depends=" of each).
GENERIC_MODS=(
	kernel/drivers/virtio
	kernel/drivers/char/virtio_console.ko
	kernel/drivers/net/virtio_net.ko
	kernel/fs/9p
	kernel/net/9p
	kernel/fs/netfs
	kernel/fs/fuse
	kernel/fs/overlayfs
)

# extract_generic_modules DEB: GENERIC_MODS and their dependencies, and
# modules.builtin, into $GKMODS: a few MB of the package's 390 (the whole
# tree goes to a temporary directory first: one pass over the package,
# about 3 s).
extract_generic_modules() {
	local deb=$1 tmp all new f dep name modinfo
	local -A by_name=() keep=()
	local -a queue=()

	modinfo=$(command -v modinfo || echo /sbin/modinfo)
	[ -x "$modinfo" ] || die "missing command modinfo (apt-get install kmod)"
	mkdir -p "$ROOT"
	tmp=$(mktemp -d "$ROOT/tmp.XXXXXX")
	all=$tmp/lib/modules/$GRELEASE
	new=$tmp/keep
	if ! dpkg-deb --fsys-tarfile "$deb" |
	     tar -x -C "$tmp" "./lib/modules/$GRELEASE"; then
		rm -rf "$tmp"
		die "cannot extract lib/modules/$GRELEASE from $deb"
	fi
	while IFS= read -r f; do
		name=${f##*/}
		name=${name%.ko}
		by_name[${name//-/_}]=$f
	done < <(cd "$all" && find kernel -name '*.ko')
	for f in "${GENERIC_MODS[@]}"; do
		[ -e "$all/$f" ] || { rm -rf "$tmp"; die "no $f in $deb"; }
		mapfile -t -O "${#queue[@]}" queue < <(cd "$all" && find "$f" -name '*.ko')
	done
	while [ "${#queue[@]}" -gt 0 ]; do
		f=${queue[0]}
		queue=("${queue[@]:1}")
		[ -z "${keep[$f]:-}" ] || continue
		keep[$f]=1
		for dep in $("$modinfo" -F depends "$all/$f" | tr , ' '); do
			dep=${dep//-/_}
			[ -n "${by_name[$dep]:-}" ] ||
				{ rm -rf "$tmp"; die "$f needs $dep, not in $deb"; }
			queue+=("${by_name[$dep]}")
		done
	done
	for f in "${!keep[@]}"; do
		mkdir -p "$new/${f%/*}"
		mv "$all/$f" "$new/$f"
	done
	cp "$all/modules.builtin" "$new/"
	mkdir -p "${GKMODS%/*}"
	# another fetch-generic may have been first
	mv -T "$new" "$GKMODS" 2>/dev/null || [ -d "$GKMODS" ] ||
		{ rm -rf "$tmp"; die "cannot create $GKMODS"; }
	rm -rf "$tmp"
	note "$GKMODS: ${#keep[@]} modules"
}

cmd_fetch_generic() {
	local deb
	setup
	[ -s "$GVMLINUZ" ] && [ -d "$GKMODS" ] && return 0
	deb=$(deb_path "linux-image-$GRELEASE")
	extract "$deb" "boot/vmlinuz-$GRELEASE"
	[ -d "$GKMODS" ] || extract_generic_modules "$deb"
}

# The /init of the initramfs.  The oops happens in a child so that init
# survives it; then sysrq-c panics the kernel and QEMU exits (-no-reboot).
init_script() {
	cat <<-'EOF'
	#!/bin/sh
	mount -t devtmpfs devtmpfs /dev
	exec 0</dev/console 1>/dev/console 2>&1
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	echo 0 > /proc/sys/kernel/panic_on_oops
	echo 1 > /proc/sys/kernel/sysrq
	echo "KDEV-LAB: kernel $(uname -r)"
	insmod /kdevcrash.ko
	echo "KDEV-LAB: triggering oops"
	sh -c 'echo 1 > /proc/kdevcrash' &
	wait $!
	echo "KDEV-LAB: oops child exited with status $?"
	sleep 1
	echo "KDEV-LAB: triggering sysrq crash"
	echo c > /proc/sysrq-trigger
	echo "KDEV-LAB: still alive?"
	sleep 10
	EOF
}

build_module() {
	local f log uptodate=y
	for f in kdevcrash.c Kbuild; do
		cmp -s "$MOD_SRCDIR/$f" "$MODDIR/$f" || uptodate=n
	done
	[ "$uptodate" = y ] && [ -s "$KO" ] && return 0

	note "building kdevcrash.ko against $KDIR"
	rm -rf "$MODDIR"
	mkdir -p "$MODDIR"
	cp "$MOD_SRCDIR/kdevcrash.c" "$MOD_SRCDIR/Kbuild" "$MODDIR/"
	log=$BUILD/kdevcrash-build.log
	if ! make -C "$KDIR" M="$MODDIR" modules >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$KO"
		die "module build failed (log: $log)"
	fi
	[ -s "$KO" ] || die "module build produced no $KO"
}

build_initramfs() {
	local bb=/bin/busybox stage stamp new a tmp
	[ -x "$bb" ] || die "missing $bb (apt-get install busybox-static)"

	stamp=$BUILD/initramfs.stamp
	new=$({ init_script; sha256sum "$bb" "$KO"; } | sha256sum)
	[ -s "$INITRD" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$new" ] && return 0

	note "building $INITRD"
	stage=$BUILD/initramfs.d
	rm -rf "$stage"
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" "$stage/tmp"
	cp "$bb" "$stage/bin/busybox"
	for a in sh mount insmod sleep uname cat; do
		ln -s busybox "$stage/bin/$a"
	done
	init_script >"$stage/init"
	chmod 755 "$stage/init"
	cp "$KO" "$stage/kdevcrash.ko"
	find "$stage" -exec touch -h -d @0 {} +

	tmp=$INITRD.tmp
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9n >"$tmp"
	mv "$tmp" "$INITRD"
	printf '%s\n' "$new" >"$stamp"
}

cmd_build() {
	setup
	need_pkg build-essential busybox-static cpio kmod
	need_cmd make
	mkdir -p "$BUILD"
	build_module
	build_initramfs
}

# kvm_works: boot a 512-byte boot sector that writes 0x31 to isa-debug-exit
# (QEMU exits with (0x31 << 1) | 1 = 99) under the exact KVM options used
# for the real boot.  A broken KVM either errors out or hangs (timeout).
kvm_works() {
	local img rc=0
	[ -w /dev/kvm ] || return 1
	img=$(mktemp)
	# mov al, 0x31; out 0xf4, al; hlt; jmp $-1; ... 0x55 0xaa
	printf '\260\061\346\364\364\353\375' >"$img"
	truncate -s 510 "$img"
	printf '\125\252' >>"$img"
	# the subshell keeps bash's "Aborted" job message quiet
	(
		timeout -k 2 5 qemu-system-x86_64 -M pc -accel kvm -cpu host \
			-m 16M -nodefaults -display none -no-reboot \
			-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-drive "file=$img,format=raw,if=ide" >/dev/null 2>&1
		exit $?
	) 2>/dev/null || rc=$?
	rm -f "$img"
	[ "$rc" -eq 99 ]
}

cmd_boot() {
	local out=$1 accel tmp rc=0 start end
	local -a qopts
	local timeout=${KDEV_BOOT_TIMEOUT:-120}
	setup
	need_pkg qemu-system-x86
	[ -s "$VMLINUZ" ] || die "missing $VMLINUZ (run lab.sh fetch)"
	[ -s "$INITRD" ] || die "missing $INITRD (run lab.sh build)"

	case ${KDEV_ACCEL:-} in
	tcg|kvm) accel=$KDEV_ACCEL ;;
	'') if kvm_works; then accel=kvm; else accel=tcg; fi ;;
	*) die "KDEV_ACCEL must be tcg or kvm, not '$KDEV_ACCEL'" ;;
	esac
	qopts=(-accel "$accel")
	[ "$accel" = tcg ] || qopts+=(-cpu host)

	tmp=$(mktemp)
	start=$(date +%s%N)
	# KASLR stays on: real reports have randomized addresses, and decoders
	# must work from the sym+off/size names.  After the oops the kernel is
	# tainted 'D' and panic() no longer dumps the stack, so panic_print=0x40
	# (all-CPU backtrace on panic) is what puts sysrq_handle_crash in a trace.
	local -a qemu=(qemu-system-x86_64 -M pc -m 512M -smp 1
		"${qopts[@]}" -nodefaults -display none -no-reboot
		-serial "file:$tmp"
		-kernel "$VMLINUZ" -initrd "$INITRD"
		-append "console=ttyS0 panic=-1 panic_print=0x40")
	# say what runs: nothing hidden
	note "$(printf '%q ' "${qemu[@]}")"
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null >&2 || rc=$?
	end=$(date +%s%N)
	# the serial console ends lines with CRLF; store plain LF
	tr -d '\r' <"$tmp" >"$out"
	# a panic with panic=-1 reboots before the last newline
	[ ! -s "$out" ] || [ -z "$(tail -c 1 "$out")" ] || echo >>"$out"
	rm -f "$tmp"

	note "boot ($accel) finished in $(( (end - start) / 1000000000 )).$(( (end - start) / 100000000 % 10 )) s, exit $rc, log $out"
	case $rc in
	124|137) die "QEMU timed out after ${timeout}s (log: $out)" ;;
	esac
	[ "$rc" -eq 0 ] || die "QEMU failed with exit status $rc (log: $out)"
	grep -q 'BUG: kernel NULL pointer dereference' "$out" ||
		die "no kdevcrash oops in $out"
	grep -q 'sysrq triggered crash' "$out" ||
		die "no sysrq panic in $out"
}

cmd_paths() {
	local v
	setup
	for v in RELEASE VERSION VMLINUZ KMODS VMLINUX MODDIR MODSRC KO INITRD CACHE \
		GRELEASE GVMLINUZ GKMODS; do
		printf '%s=%q\n' "$v" "${!v}"
	done
}

[ $# -ge 1 ] || usage
case $1 in
fetch) [ $# -eq 1 ] || usage; cmd_fetch ;;
fetch-generic) [ $# -eq 1 ] || usage; cmd_fetch_generic ;;
build) [ $# -eq 1 ] || usage; cmd_build ;;
boot)  [ $# -eq 2 ] || usage; cmd_boot "$2" ;;
paths) [ $# -eq 1 ] || usage; cmd_paths ;;
all)   [ $# -eq 2 ] || usage; cmd_fetch; cmd_build; cmd_boot "$2" ;;
-h|--help|help) usage ;;
*) usage ;;
esac

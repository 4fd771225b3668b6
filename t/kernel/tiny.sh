#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A small real kernel built from Debian's linux-source-6.1 for the build,
# run, gdb and install tests: tinyconfig, then `kdev config preset vm
# debug kgdb` (kgdb is idle unless booted with kgdboc=, the tracers
# unless used, and one kernel is cheaper than two) and MODULES=y (so
# out-of-tree modules and modules_install work). It lives in one cached
# O= directory (the source tree is never modified), so a repeated `make
# check` only pays for make's no-op walk.
#
# usage: tiny.sh config   configure the O= directory once, print its path
#        tiny.sh built    also build it once with plain make, print its path
#        tiny.sh tree     print the source tree's path
#
# Environment:
#   KDEV_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev)
#   KDEV         the kdev binary that configures it (default: ./kdev of
#                this checkout)

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}
# Bump when the recipe below changes, so old caches are not reused.
VERSION=3
OBJ=$CACHE/tiny-6.1-v$VERSION
: "${KDEV:=$HERE/../../kdev}"

die() {
	printf 'tiny.sh: %s\n' "$*" >&2
	exit 1
}

configure() {
	[ -f "$OBJ/.kdev-configured" ] && return 0
	[ -x "$KDEV" ] || die "no kdev binary at $KDEV (run make first)"
	tmp=$OBJ.tmp
	rm -rf "$tmp"
	cp -a "$CONFOBJ" "$tmp"
	make -s -C "$TREE" O="$tmp" ARCH=x86_64 tinyconfig >/dev/null ||
		die "make tinyconfig failed"
	"$KDEV" config preset --tree "$TREE" O="$tmp" vm debug kgdb \
		>/dev/null || die "kdev config preset vm debug kgdb failed"
	"$KDEV" config set --tree "$TREE" O="$tmp" MODULES=y >/dev/null ||
		die "kdev config set MODULES=y failed"
	touch "$tmp/.kdev-configured"
	rm -rf "$OBJ"
	mv "$tmp" "$OBJ"
}

build() {
	[ -f "$OBJ/arch/x86/boot/bzImage" ] && [ -f "$OBJ/vmlinux" ] &&
		return 0
	printf 'tiny.sh: building the test kernel in %s (once per machine, some minutes)\n' \
		"$OBJ" >&2
	make -s -C "$TREE" O="$OBJ" -j"$(nproc)" >"$OBJ/.build.log" 2>&1 ||
		die "kernel build failed, see $OBJ/.build.log"
}

TREE=$("$HERE/tree.sh" path)
CONFOBJ=$("$HERE/tree.sh" conf)
mkdir -p "$CACHE"
exec 9>"$CACHE/.tiny.lock"
flock 9

case "${1:-}" in
config)	configure; printf '%s\n' "$OBJ" ;;
built)	configure; build; printf '%s\n' "$OBJ" ;;
tree)	printf '%s\n' "$TREE" ;;
*)	printf 'usage: tiny.sh config|built|tree\n' >&2; exit 2 ;;
esac

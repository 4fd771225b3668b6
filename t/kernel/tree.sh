#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real kernel tree for the kconfig tests: Debian's linux-source-6.1,
# extracted once per machine into the cache, never modified afterwards
# (tests build with O= directories of their own).
#
# usage: tree.sh path     extract when missing, print the tree's path
#        tree.sh conf     also build scripts/kconfig/conf once, in a
#                         cached O= directory, and print that directory
#
# Environment:
#   KDEV_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev)

set -eu

CACHE=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}
TARBALL=/usr/src/linux-source-6.1.tar.xz
TREE=$CACHE/linux-source-6.1
CONFOBJ=$CACHE/linux-source-6.1-kconfig

die() {
	printf 'tree.sh: %s\n' "$*" >&2
	exit 1
}

extract() {
	[ -f "$TREE/MAINTAINERS" ] && return 0
	[ -f "$TARBALL" ] ||
		die "missing $TARBALL (apt-get install linux-source-6.1)"
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.tree.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	printf 'tree.sh: extracting %s (once per machine)\n' "$TARBALL" >&2
	tar -C "$tmp" -xf "$TARBALL"
	rm -rf "$TREE"
	mv "$tmp/linux-source-6.1" "$TREE"
	trap - EXIT
	rm -rf "$tmp"
}

# The kernel's own conf, built once in its own O= dir (the tree stays clean).
build_conf() {
	[ -x "$CONFOBJ/scripts/kconfig/conf" ] && return 0
	tmp=$(mktemp -d "$CACHE/.conf.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# Any config target builds conf; defconfig is the cheapest.
	make -s -C "$TREE" O="$tmp" ARCH=x86_64 defconfig >/dev/null ||
		die "cannot build scripts/kconfig/conf"
	rm -f "$tmp/.config" "$tmp/.config.old"
	rm -rf "$CONFOBJ"
	mv "$tmp" "$CONFOBJ"
	trap - EXIT
}

case "${1:-}" in
path)	extract; printf '%s\n' "$TREE" ;;
conf)	extract; build_conf; printf '%s\n' "$CONFOBJ" ;;
*)	printf 'usage: tree.sh path|conf\n' >&2; exit 2 ;;
esac

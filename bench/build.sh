#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/build.sh: time `kdev build` against plain `make -j$(nproc)` on the
# same kernel tree (the tiny kernel of t/kernel/tiny.sh, in a private copy
# of its O= directory), for an incremental rebuild: one object removed,
# so one file is compiled again and vmlinux and bzImage are linked again.
# Runs are interleaved; kdev runs with --no-ccache, so that both run the
# very same make command line. Target: kdev's overhead under 2%.
# Then ccache on a rebuilt tree: `make clean` and `kdev build --ccache`
# with an empty cache (cold), then `make clean` and the same build again
# (warm), CCACHE_DIR in a temporary directory; the time saved is
# cold - warm. See bench/README.md.
#
# usage: bench/build.sh [-n N] [--only incremental|ccache] [--object PATH]
#
#   -n N, --runs N  timed runs of each command (default 5, after one
#                   untimed build that brings the copy up to date)
#   --only PART     run only one part
#   --object PATH   the object to rebuild (default kernel/sys.o)
#
# Environment:
#   KDEV_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev);
#                raw timings go to $KDEV_CACHE/bench/build/
#   KDEV         kdev binary to time (default: ./kdev, built by make kdev)
#   TMPDIR       temporary files (the ccache directory)
#
# The copy of the O= directory (about 700 MB) is kept in
# $KDEV_CACHE/bench/build-obj for the next run.

set -eu
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

RUNS=5
ONLY=
OBJECT=kernel/sys.o

. "$(dirname "$0")/lib.sh"

while [ $# -gt 0 ]; do
	case $1 in
	-n | --runs) [ $# -ge 2 ] || usage; RUNS=$2; shift ;;
	--runs=*) RUNS=${1#*=} ;;
	--only) [ $# -ge 2 ] || usage; ONLY=$2; shift ;;
	--only=*) ONLY=${1#*=} ;;
	--object) [ $# -ge 2 ] || usage; OBJECT=$2; shift ;;
	--object=*) OBJECT=${1#*=} ;;
	-h | --help) usage 0 ;;
	*) usage ;;
	esac
	shift
done
case $RUNS in
'' | *[!0-9]*) usage ;;
esac
[ "$RUNS" -ge 1 ] || usage
case $ONLY in
'' | incremental | ccache) ;;
*) usage ;;
esac

[ -n "${EPOCHREALTIME:-}" ] || die "needs bash 5 or later (\$EPOCHREALTIME)"
for c in make gcc awk sort flock; do
	command -v "$c" >/dev/null 2>&1 || die "missing command $c"
done
if [ "$ONLY" != incremental ] && ! command -v ccache >/dev/null 2>&1; then
	die "the ccache part needs ccache (apt-get install ccache), or use --only incremental"
fi

if [ -n "${KDEV:-}" ]; then
	KDEV=$(command -v "$KDEV") || die "no kdev binary $KDEV"
	KDEV=$(realpath "$KDEV")
else
	make -s kdev >&2 ||
		die "make kdev failed (KDEV=./kdev times the binary you have)"
	KDEV=$TOP/kdev
fi
export KDEV

CACHE=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}
TREE=$(t/kernel/tiny.sh tree) || die "t/kernel/tiny.sh tree failed"
TINY=$(t/kernel/tiny.sh built) || die "t/kernel/tiny.sh built failed"
OUT=$CACHE/bench/build
rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kdev-bench-build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
CPUS=$(nproc)

# timed FILE CMD...: append CMD's wall time in seconds to FILE
timed() {
	local times=$1 t0 t1 rc=0
	shift
	t0=$EPOCHREALTIME
	"$@" >"$TMP/last.out" 2>"$TMP/last.err" || rc=$?
	t1=$EPOCHREALTIME
	[ "$rc" = 0 ] || die "'$*' failed ($rc): $(tail -n3 "$TMP/last.err")"
	printf '%s %s\n' "$t0" "$t1" | awk '{ printf "%.6f\n", $2 - $1 }' >>"$times"
}

# stats FILE: "min median mean" in seconds
stats() {
	sort -g "$1" | awk '
		{ v[NR] = $1; sum += $1 }
		END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3f %.3f %.3f\n", v[1], m, sum / NR
		}'
}

pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }'
}

# The copy keeps the shared O= directory out of the measurements (and
# safe from them). Kbuild rebuilds a moved O= directory once: the copy
# is kept for the next run.
O=$CACHE/bench/build-obj
if [ ! -f "$O/vmlinux" ]; then
	note "copying $TINY to $O"
	rm -rf "$O"
	(flock 9; cp -a "$TINY" "$O") 9>"$CACHE/.tiny.lock"
fi
rm -rf "$O/.kdev"

plain_make() {
	make -C "$O" -j"$CPUS"
}

kdev_build() {
	"$KDEV" build --no-ccache -C "$O"
}

note "bringing the copy up to date (untimed)"
plain_make >"$OUT/first-make.log" 2>&1 || die "make in the copy failed: see $OUT/first-make.log"
"$KDEV" build -n --no-ccache -C "$O" >"$OUT/kdev-command.txt"
echo "make -C $O -j$CPUS" >"$OUT/make-command.txt"
cmp -s "$OUT/kdev-command.txt" "$OUT/make-command.txt" ||
	die "kdev build would not run the same make command: $(cat "$OUT/kdev-command.txt")"

if [ "$ONLY" != ccache ]; then
	[ -f "$O/$OBJECT" ] || die "no object $OBJECT in the tiny tree (--object PATH)"
	note "incremental: $RUNS runs each, $OBJECT rebuilt, vmlinux and bzImage relinked, interleaved"
	for i in $(seq "$RUNS"); do
		rm "$O/$OBJECT"
		timed "$OUT/make.times" plain_make
		grep -q "CC  *$OBJECT" "$TMP/last.out" || die "make did not rebuild $OBJECT"
		rm "$O/$OBJECT"
		timed "$OUT/kdev.times" kdev_build
		grep -q "CC  *$OBJECT" "$O/.kdev/build.log" || die "kdev build did not rebuild $OBJECT"
		grep -q "^kdev: built in .*, [0-9]* objects\? compiled" "$TMP/last.err" ||
			die "no summary from kdev build: $(cat "$TMP/last.err")"
	done
	read -r mmin mmed mmean <<<"$(stats "$OUT/make.times")"
	read -r kmin kmed kmean <<<"$(stats "$OUT/kdev.times")"
	printf '\n== incremental rebuild of %s (%d runs, -j%d, seconds)\n' "$OBJECT" "$RUNS" "$CPUS"
	printf '%-28s %8s %8s %8s\n' "" min median mean
	printf '%-28s %8s %8s %8s\n' "make -j$CPUS" "$mmin" "$mmed" "$mmean"
	printf '%-28s %8s %8s %8s\n' "kdev build --no-ccache" "$kmin" "$kmed" "$kmean"
	printf '%-28s %7s%% %7s%% %7s%%\n' "kdev overhead" "$(pct "$kmin" "$mmin")" \
		"$(pct "$kmed" "$mmed")" "$(pct "$kmean" "$mmean")"
fi

if [ "$ONLY" != incremental ]; then
	export CCACHE_DIR=$TMP/ccache
	mkdir -p "$CCACHE_DIR"
	note "ccache: make clean, cold cache build (some minutes)"
	make -s -C "$O" clean
	timed "$OUT/ccache-cold.times" "$KDEV" build --ccache -C "$O"
	cp "$TMP/last.err" "$OUT/ccache-cold.summary"
	note "ccache: make clean, warm cache build"
	make -s -C "$O" clean
	timed "$OUT/ccache-warm.times" "$KDEV" build --ccache -C "$O"
	cp "$TMP/last.err" "$OUT/ccache-warm.summary"
	cold=$(cat "$OUT/ccache-cold.times")
	warm=$(cat "$OUT/ccache-warm.times")
	printf '\n== ccache on a rebuilt tree (make clean, then kdev build --ccache, -j%d, seconds)\n' "$CPUS"
	printf 'cold cache  %8.1f   %s\n' "$cold" "$(grep '^kdev: built' "$OUT/ccache-cold.summary" | sed 's/^kdev: //')"
	printf 'warm cache  %8.1f   %s\n' "$warm" "$(grep '^kdev: built' "$OUT/ccache-warm.summary" | sed 's/^kdev: //')"
	awk -v c="$cold" -v w="$warm" 'BEGIN { printf "saved       %8.1f   (%.0f%% of the cold build)\n", c - w, (c - w) * 100 / c }'
fi
printf '\nload average at the end: %s (other work on the machine skews the numbers)\n' \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'raw timings: %s\n' "$OUT"

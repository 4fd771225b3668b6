#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/maintainers.sh: time `kdev maintainers` against the tree's own
# `perl scripts/get_maintainer.pl --no-git --no-git-fallback` on the same
# inputs, in the tree's top directory: single files (one process each), a
# 20-file patch, and 200 files (every 390th of the tree's sorted file
# list) both as 200 processes and as one process given all 200. Runs are
# interleaved (kdev, perl, kdev, perl...); the outputs of the first run
# are compared (ties in get_maintainer's order are random, so against a
# copy of it whose ties keep MAINTAINERS order, see t/t1900). Target:
# kdev at least 50 times faster.  See bench/README.md.
#
# usage: bench/maintainers.sh [-n N]
#
#   -n N, --runs N  timed runs of each case (default 5)
#
# Environment:
#   KDEV_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev);
#                inputs, outputs and raw times go to
#                $KDEV_CACHE/bench/maintainers/
#   KDEV         kdev binary to time (default: ./kdev, built by make kdev)

set -eu
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
RUNS=5

. "$(dirname "$0")/lib.sh"

while [ $# -gt 0 ]; do
	case $1 in
	-n | --runs) [ $# -ge 2 ] || usage; RUNS=$2; shift ;;
	--runs=*) RUNS=${1#*=} ;;
	-h | --help) usage 0 ;;
	*) usage ;;
	esac
	shift
done
case $RUNS in
'' | *[!0-9]*) usage ;;
esac
[ "$RUNS" -ge 1 ] || usage
[ -n "${EPOCHREALTIME:-}" ] || die "needs bash 5 or later (\$EPOCHREALTIME)"
TIMEFORMAT='%3U %3S'	# for the time keyword: user and system seconds
command -v perl >/dev/null || die "missing perl"

if [ -n "${KDEV:-}" ]; then
	KDEV=$(realpath "$(command -v "$KDEV")") || die "no kdev binary $KDEV"
else
	make -s kdev >&2 || die "make kdev failed (KDEV=./kdev times the binary you have)"
	KDEV=$TOP/kdev
fi
TREE=$(t/kernel/tree.sh path) || die "t/kernel/tree.sh path failed (see t/kernel/README.md)"
GM=$TREE/scripts/get_maintainer.pl
[ -f "$GM" ] || die "no $GM"

OUT=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}/bench/maintainers
rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kdev-bench-maintainers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

STABLE=$TMP/gm-stable.pl
sed 's/sort {\$hash{\$b} <=> \$hash{\$a}} keys %hash/sort {$hash{$b} <=> $hash{$a} || $a <=> $b} keys %hash/' \
	"$GM" >"$STABLE"

# ---------------------------------------------------------------- inputs

SINGLE=(net/netfilter/xt_recent.c drivers/net/ethernet/intel/e1000e/netdev.c
	fs/ext4/inode.c kernel/bpf/verifier.c arch/arm/boot/dts/imx6q.dtsi
	Documentation/devicetree/bindings/net/fsl,fec.yaml Makefile)
(cd "$TREE" && find . -type f | sed 's|^\./||' | sort) >"$TMP/all"
awk 'NR % 390 == 1' "$TMP/all" | head -200 >"$OUT/files200.txt"
[ "$(wc -l <"$OUT/files200.txt")" = 200 ] || die "could not pick 200 files"
mapfile -t FILES200 <"$OUT/files200.txt"
# the 20-file patch: line 20 of each file gets a comment
mkdir -p "$TMP/pa" "$TMP/pb"
n=0
for f in $(awk 'NR % 3000 == 5' "$TMP/all" | grep -v '\.yaml$'); do
	[ "$(wc -l <"$TREE/$f")" -ge 20 ] || continue
	mkdir -p "$TMP/pa/$(dirname "$f")" "$TMP/pb/$(dirname "$f")"
	cp "$TREE/$f" "$TMP/pa/$f"
	sed '20s|$| /* kdev bench */|' "$TREE/$f" >"$TMP/pb/$f"
	n=$((n + 1))
	[ $n -lt 20 ] || break
done
(cd "$TMP" && diff -ruN pa pb >"$OUT/twenty.patch") || :
[ "$(grep -c '^+++ ' "$OUT/twenty.patch")" = 20 ] || die "could not make the 20-file patch"

# ---------------------------------------------------------------- helpers

# timed TIMES REPS CMD...: run CMD REPS times in a row (in the tree, no
# subshell: forking bash would cost more than kdev does), append the
# wall time (s) of one run to TIMES and its CPU time (user + system of
# the children, s) to TIMES.cpu
timed() {
	local times=$1 reps=$2 t0 t1 rc=0 i
	shift 2
	t0=$EPOCHREALTIME
	# time's own line goes to the stderr around it, not the command's
	{ time for ((i = 0; i < reps; i++)); do
		"$@" >"$TMP/last.out" 2>"$TMP/last.err" || { rc=$?; break; }
	done; } 2>"$TMP/cpu"
	t1=$EPOCHREALTIME
	[ "$rc" = 0 ] || die "'$*' failed ($rc): $(tail -n3 "$TMP/last.err")"
	awk -v a="$t0" -v b="$t1" -v n="$reps" \
		'BEGIN { printf "%.6f\n", (b - a) / n }' >>"$times"
	awk -v n="$reps" '{ printf "%.5f\n", ($1 + $2) / n }' "$TMP/cpu" \
		>>"$times.cpu"
}

median() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		printf "%.4f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

each_kdev() {
	local f
	for f in "$@"; do "$KDEV" maintainers -f "$f" || return; done
}

each_perl() {
	local f
	for f in "$@"; do perl "$GM" --no-git --no-git-fallback -f "$f" || return; done
}

kdev_patch() { "$KDEV" maintainers "$OUT/twenty.patch"; }
perl_patch() { perl "$GM" --no-git --no-git-fallback "$OUT/twenty.patch"; }
kdev_all() { "$KDEV" maintainers -f "${FILES200[@]}"; }
perl_all() { perl "$GM" --no-git --no-git-fallback -f "${FILES200[@]}"; }

# ---------------------------------------------------------------- outputs

note "checking kdev's answers against get_maintainer.pl (ties in MAINTAINERS order)"
SAME=0 DIFF=0
for f in "${SINGLE[@]}" "${FILES200[@]}"; do
	(cd "$TREE" && "$KDEV" maintainers -f "$f" 2>/dev/null) >"$TMP/k"
	(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback -f "$f" 2>/dev/null) >"$TMP/p"
	if cmp -s "$TMP/k" "$TMP/p"; then
		SAME=$((SAME + 1))
	else
		DIFF=$((DIFF + 1))
		echo "$f" >>"$OUT/differ.txt"
	fi
done
for c in patch all; do
	(cd "$TREE" && kdev_$c 2>/dev/null) >"$TMP/k" ||
		die "kdev failed on the $c case"
	case $c in
	patch) (cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback "$OUT/twenty.patch" 2>/dev/null) >"$TMP/p" ;;
	all) (cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback -f "${FILES200[@]}" 2>/dev/null) >"$TMP/p" ;;
	esac
	if cmp -s "$TMP/k" "$TMP/p"; then SAME=$((SAME + 1)); else
		DIFF=$((DIFF + 1)); echo "($c)" >>"$OUT/differ.txt"; fi
done

# ---------------------------------------------------------------- timing

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
note "timing: $RUNS runs of each case, interleaved"
cd "$TREE"
for ((r = 0; r < RUNS; r++)); do
	# what starting any program costs here, through the same harness
	timed "$OUT/floor" 10 /bin/true
	for i in "${!SINGLE[@]}"; do
		timed "$OUT/kdev-single-$i" 10 "$KDEV" maintainers -f "${SINGLE[$i]}"
		timed "$OUT/perl-single-$i" 3 perl "$GM" --no-git --no-git-fallback -f "${SINGLE[$i]}"
	done
	timed "$OUT/kdev-patch" 10 kdev_patch
	timed "$OUT/perl-patch" 1 perl_patch
	timed "$OUT/kdev-all" 3 kdev_all
	timed "$OUT/perl-all" 1 perl_all
	timed "$OUT/kdev-each" 1 each_kdev "${FILES200[@]}"
	timed "$OUT/perl-each" 1 each_perl "${FILES200[@]}"
done
cd "$TOP"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report

rev=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "kdev maintainers benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, kdev at $rev"
echo "tree: $TREE; load average $LOAD_START at the start, $LOAD_END at the end"
echo "answers: $SAME the same as get_maintainer.pl (ties in MAINTAINERS order), $DIFF different"
echo
printf '%-46s %20s %20s %14s\n' "case (median of $RUNS)" "kdev wall / cpu" \
	"perl wall / cpu" "perl/kdev"
MIN=
MINCPU=
row() {
	local k p x kc pc xc
	k=$(median "$OUT/kdev-$2")
	p=$(median "$OUT/perl-$2")
	kc=$(median "$OUT/kdev-$2.cpu")
	pc=$(median "$OUT/perl-$2.cpu")
	x=$(awk -v a="$p" -v b="$k" 'BEGIN { printf "%.1f", a / b }')
	xc=$(awk -v a="$pc" -v b="$kc" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
	printf '%-46s %9.4f / %7.4f %9.4f / %7.4f %6sx /%6sx\n' "$1" "$k" "$kc" \
		"$p" "$pc" "$x" "$xc"
	if [ -z "$MIN" ] || awk -v a="$x" -v b="$MIN" 'BEGIN { exit !(a < b) }'; then
		MIN=$x
	fi
	if [ "$xc" != - ] && { [ -z "$MINCPU" ] ||
		awk -v a="$xc" -v b="$MINCPU" 'BEGIN { exit !(a < b) }'; }; then
		MINCPU=$xc
	fi
}
printf '%-46s %9.4f / %7.4f\n' "/bin/true (any process, for scale)" \
	"$(median "$OUT/floor")" "$(median "$OUT/floor.cpu")"
for i in "${!SINGLE[@]}"; do
	row "-f ${SINGLE[$i]}" "single-$i"
done
row "20-file patch" patch
row "200 files, one process" all
row "200 files, one process each" each
echo "(seconds per run; each sample is several runs in a row, divided: kdev 10,"
echo " or 3 for the 200 files in one process, 1 for one process each; perl 3 for"
echo " one file, else 1; cpu: user + system time, 1 ms resolution per sample)"
echo
if awk -v m="$MIN" 'BEGIN { exit !(m >= 50) }'; then
	echo "target (at least 50x faster in every case): met, the lowest wall-time ratio is ${MIN}x"
else
	echo "target (at least 50x faster in every case): missed, the lowest wall-time ratio is ${MIN}x (CPU time: ${MINCPU:-?}x)"
fi

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/config.sh: time `kdev config olddefconfig` against the kernel's own
# `make olddefconfig` (scripts/kconfig/conf already built) on the same
# tree and the same starting .config (x86_64 defconfig, Debian's cloud
# config), runs interleaved, outputs compared with cmp; then time
# `kdev config which` on a list of real paths (each alone, and the whole
# list in one run), with a plain grep of the Makefiles as the manual
# baseline.  Targets: olddefconfig no slower than make; which under 50 ms
# per file.  See bench/README.md.
#
# usage: bench/config.sh [-n N] [--only olddefconfig|which]
#
#   -n N, --runs N  timed runs of each command (default 10, after one
#                   untimed run that also checks the outputs)
#   --only PART     run only one part; the which part still makes its
#                   .config files with one make olddefconfig each
#
# Environment:
#   KDEV_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev);
#                configs, outputs and raw timings go to
#                $KDEV_CACHE/bench/config/
#   KDEV         kdev binary to time (default: ./kdev, built by make kdev)
#   KDEV_WHICH   kdev binary for the which part (default: $KDEV); the part
#                is skipped, with a message, when it has no `config which`
#   CLOUD_CONFIG Debian's cloud .config (default: the newest
#                /usr/src/linux-headers-6.1.0-*-cloud-amd64/.config)

set -eu
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

RUNS=10
ONLY=

. "$(dirname "$0")/lib.sh"

while [ $# -gt 0 ]; do
	case $1 in
	-n | --runs) [ $# -ge 2 ] || usage; RUNS=$2; shift ;;
	--runs=*) RUNS=${1#*=} ;;
	--only) [ $# -ge 2 ] || usage; ONLY=$2; shift ;;
	--only=*) ONLY=${1#*=} ;;
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
'' | olddefconfig | which) ;;
*) usage ;;
esac

# $EPOCHREALTIME (bash 5) reads the clock without a fork: the which runs
# take milliseconds, a `date` per timestamp would show
[ -n "${EPOCHREALTIME:-}" ] || die "needs bash 5 or later (\$EPOCHREALTIME)"
[ "$(uname -m)" = x86_64 ] ||
	die "the starting configs are x86_64 ones; run this on an x86_64 machine"
for c in make gcc cmp grep awk sort; do
	command -v "$c" >/dev/null 2>&1 || die "missing command $c"
done

if [ -n "${KDEV:-}" ]; then
	KDEV=$(command -v "$KDEV") || die "no kdev binary $KDEV"
	KDEV=$(realpath "$KDEV")
else
	make -s kdev >&2 ||
		die "make kdev failed (KDEV=./kdev times the binary you have)"
	KDEV=$TOP/kdev
fi
KDEV_WHICH=${KDEV_WHICH:-$KDEV}
KDEV_WHICH=$(command -v "$KDEV_WHICH") || die "no kdev binary $KDEV_WHICH"
KDEV_WHICH=$(realpath "$KDEV_WHICH")

TREE=$(t/kernel/tree.sh path) || die "t/kernel/tree.sh path failed (see t/kernel/README.md)"
CONF=$(t/kernel/tree.sh conf) || die "t/kernel/tree.sh conf failed"
[ -x "$CONF/scripts/kconfig/conf" ] || die "no scripts/kconfig/conf in $CONF"

if [ -z "${CLOUD_CONFIG:-}" ]; then
	CLOUD_CONFIG=$(printf '%s\n' /usr/src/linux-headers-6.1.0-*-cloud-amd64/.config |
		grep -v '\*' | sort -V | tail -n1) || :
fi

OUT=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}/bench/config
rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kdev-bench-config.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers

# timed TIMES CMD...: run CMD, append its wall time in seconds to TIMES;
# stdout and stderr go to $TMP/last.out and $TMP/last.err
timed() {
	local times=$1 t0 t1 rc=0
	shift
	t0=$EPOCHREALTIME
	"$@" >"$TMP/last.out" 2>"$TMP/last.err" || rc=$?
	t1=$EPOCHREALTIME
	[ "$rc" = 0 ] || die "'$*' failed ($rc): $(tail -n3 "$TMP/last.err")"
	printf '%s %s\n' "$t0" "$t1" | awk '{ printf "%.6f\n", $2 - $1 }' >>"$times"
}

# stats FILE SCALE: "min median mean" of the numbers in FILE, times SCALE
stats() {
	sort -g "$1" | awk -v s="$2" '
		{ v[NR] = $1 * s; sum += $1 * s }
		END {
			if (!NR) { print "- - -"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.4f %.4f %.4f\n", v[1], m, sum / NR
		}'
}

# ratio A B: A / B with two decimals
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

loadavg() {
	cut -d' ' -f1-3 /proc/loadavg
}

# ---------------------------------------------------------------- configs

# Starting configs: $OUT/start-NAME.config.  The defconfig is made once,
# with the kernel's make, in a copy of the conf directory.
note "making x86_64 defconfig with the kernel's make (once)"
cp -a "$CONF" "$TMP/defconfig-obj"
make -s -C "$TREE" O="$TMP/defconfig-obj" defconfig >"$TMP/defconfig.log" 2>&1 ||
	die "make defconfig failed: $(tail -n3 "$TMP/defconfig.log")"
grep -qx 'CONFIG_X86_64=y' "$TMP/defconfig-obj/.config" ||
	die "make defconfig did not give an x86_64 .config"
cp "$TMP/defconfig-obj/.config" "$OUT/start-defconfig.config"
rm -rf "$TMP/defconfig-obj"
NAMES=(defconfig)
declare -A LABEL=([defconfig]="x86_64 defconfig" [cloud]="Debian cloud")
if [ -n "$CLOUD_CONFIG" ] && [ -r "$CLOUD_CONFIG" ]; then
	cp "$CLOUD_CONFIG" "$OUT/start-cloud.config"
	NAMES+=(cloud)
else
	CLOUD_CONFIG=
fi
if [ -z "$CLOUD_CONFIG" ]; then
	note "no Debian cloud config (/usr/src/linux-headers-6.1.0-*-cloud-amd64/.config):" \
		"skipping it (apt-get install linux-headers-cloud-amd64)"
fi

# Per starting config: make's O= directory (a copy of the conf directory,
# so conf is not rebuilt) and kdev's (an empty one); both get the same
# .config back before every run, and no .config.old.
restore() {
	cp "$OUT/start-$1.config" "$2/.config"
	rm -f "$2/.config.old"
}

run_make() {
	make -s -C "$TREE" O="$1" olddefconfig
}

# kdev runs inside the tree, as a user would (the script cds there below)
run_kdev() {
	"$KDEV" config olddefconfig O="$1"
}

# from here on, everything runs in the tree (make and grep get it as an
# argument anyway)
cd "$TREE"

declare -A SAME
for n in "${NAMES[@]}"; do
	cp -a "$CONF" "$TMP/make-$n"
	mkdir "$TMP/kdev-$n"
	# the untimed first run of each: warms the page cache, gives the
	# outputs to compare, and the .config the which part uses
	restore "$n" "$TMP/make-$n"
	timed "$TMP/warm" run_make "$TMP/make-$n"
	cp "$TMP/last.err" "$OUT/make-$n.stderr"
	cp "$TMP/make-$n/.config" "$OUT/make-$n.config"
	restore "$n" "$TMP/kdev-$n"
	timed "$TMP/warm" run_kdev "$TMP/kdev-$n"
	cp "$TMP/last.err" "$OUT/kdev-$n.stderr"
	cp "$TMP/kdev-$n/.config" "$OUT/kdev-$n.config"
	if cmp -s "$OUT/make-$n.config" "$OUT/kdev-$n.config"; then
		SAME[$n]=1
	else
		SAME[$n]=0
		diff -u "$OUT/make-$n.config" "$OUT/kdev-$n.config" >"$OUT/$n.diff" || :
		note "${LABEL[$n]}: kdev's .config differs from make's (see $OUT/$n.diff)"
	fi
done

LOAD_START=$(loadavg)
UPTIME_START=$(uptime)

# ---------------------------------------------------------------- olddefconfig

if [ "$ONLY" != which ]; then
	note "olddefconfig: $RUNS runs each, interleaved kdev, make, kdev, make..."
	for n in "${NAMES[@]}"; do
		: >"$OUT/times-kdev-$n.txt"
		: >"$OUT/times-make-$n.txt"
		for ((i = 0; i < RUNS; i++)); do
			restore "$n" "$TMP/kdev-$n"
			timed "$OUT/times-kdev-$n.txt" run_kdev "$TMP/kdev-$n"
			restore "$n" "$TMP/make-$n"
			timed "$OUT/times-make-$n.txt" run_make "$TMP/make-$n"
		done
	done
fi

# ---------------------------------------------------------------- which

# The paths: drivers, fs, net, arch/x86, kernel code, composite module
# members, an assembler file, directories and module names (the last go
# through the tree scan for the Makefile that makes NAME.o).
WHICH_PATHS=(
	drivers/tty/sysrq.c
	drivers/char/random.c
	drivers/block/virtio_blk.c
	drivers/net/virtio_net.c
	drivers/net/ethernet/intel/e1000e/netdev.c
	drivers/scsi/sd.c
	drivers/usb/core/hub.c
	drivers/md/dm-crypt.c
	drivers/gpu/drm/i915/i915_driver.c
	sound/pci/hda/hda_intel.c
	fs/ext4/inode.c
	fs/btrfs/ctree.c
	fs/nfs/inode.c
	fs/fuse/virtio_fs.c
	net/netfilter/xt_recent.c
	net/ipv4/tcp.c
	net/bridge/br.c
	net/wireless/core.c
	arch/x86/kernel/cpu/common.c
	arch/x86/kvm/vmx/vmx.c
	arch/x86/events/intel/core.c
	arch/x86/entry/entry_64.S
	kernel/sched/core.c
	mm/slub.c
	block/blk-mq.c
	lib/crc32.c
	crypto/aes_generic.c
	drivers/net/ethernet/intel
	fs/ext4/
	xt_recent
	kvm-intel
	virtio_net
)
# grep baselines: the object name, and the path whose time it is set
# against
GREP_OBJS=(xt_recent.o sysrq.o inode.o)
GREP_FOR=(net/netfilter/xt_recent.c drivers/tty/sysrq.c fs/ext4/inode.c)

DO_WHICH=0
if [ "$ONLY" != olddefconfig ]; then
	if "$KDEV_WHICH" config which --help >/dev/null 2>&1; then
		DO_WHICH=1
	else
		note "'$KDEV_WHICH config which' does not work (not wired into" \
			"src/cmd/config.c yet?): skipping the which part;" \
			"set KDEV_WHICH to a kdev that has it"
	fi
fi

run_which() {
	"$KDEV_WHICH" config which O="$1" "${@:2}"
}

# the first line of each answer, by "CONFIG/INDEX"
declare -A ANSWER GREP_HITS
if [ "$DO_WHICH" = 1 ]; then
	for n in "${NAMES[@]}"; do
		mkdir "$TMP/which-$n"
		cp "$OUT/make-$n.config" "$TMP/which-$n/.config"
	done
	for p in "${WHICH_PATHS[@]}"; do
		[ -e "$TREE/$p" ] || [[ $p != */* ]] || die "no $p in $TREE"
	done
	note "which: ${#WHICH_PATHS[@]} paths x ${#NAMES[@]} configs, $RUNS runs each (round robin)"
	# untimed: the answers (first line, without "PATH: ")
	for n in "${NAMES[@]}"; do
		for i in "${!WHICH_PATHS[@]}"; do
			p=${WHICH_PATHS[$i]}
			timed "$TMP/warm" run_which "$TMP/which-$n" "$p"
			ANSWER[$n/$i]=$(head -n1 "$TMP/last.out" | sed 's/^[^ ]*: //')
			cat "$TMP/last.out" >>"$OUT/which-$n.txt"
			echo >>"$OUT/which-$n.txt"
		done
	done
	for ((r = 0; r < RUNS; r++)); do
		for n in "${NAMES[@]}"; do
			for i in "${!WHICH_PATHS[@]}"; do
				timed "$OUT/times-which-$n-$i.txt" run_which \
					"$TMP/which-$n" "${WHICH_PATHS[$i]}"
			done
			timed "$OUT/times-which-$n-all.txt" run_which \
				"$TMP/which-$n" "${WHICH_PATHS[@]}"
		done
	done
	note "grep baseline: ${GREP_OBJS[*]}, $RUNS runs each"
	for o in "${GREP_OBJS[@]}"; do
		GREP_HITS[$o]=$(grep -rn "$o" "$TREE" --include=Makefile --include=Kbuild |
			tee "$OUT/grep-$o.txt" | wc -l)
	done
	for ((r = 0; r < RUNS; r++)); do
		for o in "${GREP_OBJS[@]}"; do
			timed "$OUT/times-grep-$o.txt" \
				grep -rn "$o" "$TREE" --include=Makefile --include=Kbuild
		done
	done
fi

LOAD_END=$(loadavg)

# ---------------------------------------------------------------- report

rev=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=
[ -z "$(git -C "$TOP" status --porcelain --untracked-files=no 2>/dev/null)" ] ||
	dirty=" (uncommitted changes in the checkout)"
echo
echo "kdev config benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
	"kdev at $rev$dirty"
echo "tree: $TREE (Linux $(make -s -C "$TREE" kernelversion 2>/dev/null || echo '?'))"
echo "kdev: $KDEV"
[ "$KDEV_WHICH" = "$KDEV" ] || echo "kdev for which: $KDEV_WHICH"
[ -z "$CLOUD_CONFIG" ] || echo "Debian cloud config: $CLOUD_CONFIG"
echo "load average: $LOAD_START at the start, $LOAD_END at the end"
echo "uptime: $UPTIME_START"

SUMMARY=()
SAME_LINES=()
if [ "$ONLY" != which ]; then
	echo
	echo "olddefconfig, seconds: $RUNS runs each, interleaved, .config restored before each"
	echo "  kdev: cd TREE && kdev config olddefconfig O=DIR"
	echo "  make: make -s -C TREE O=DIR olddefconfig (DIR a copy of the one with conf built)"
	echo
	printf '%-20s %-5s %8s %8s %8s %10s\n' "starting config" tool min median mean "make/kdev"
	for n in "${NAMES[@]}"; do
		read -r kmin kmed kmean <<<"$(stats "$OUT/times-kdev-$n.txt" 1)"
		read -r mmin mmed mmean <<<"$(stats "$OUT/times-make-$n.txt" 1)"
		printf '%-20s %-5s %8.3f %8.3f %8.3f\n' "${LABEL[$n]}" kdev "$kmin" "$kmed" "$kmean"
		printf '%-20s %-5s %8.3f %8.3f %8.3f %10s\n' "" make "$mmin" "$mmed" "$mmean" \
			"$(ratio "$mmed" "$kmed")x"
		x=$(ratio "$mmed" "$kmed")
		if awk -v x="$x" 'BEGIN { exit !(x >= 1) }'; then
			speed="${x}× faster"
		else
			speed="$(ratio "$kmed" "$mmed")× slower"
		fi
		met=met
		awk -v k="$kmed" -v m="$mmed" 'BEGIN { exit !(k <= m) }' || met=missed
		if [ "${SAME[$n]}" = 1 ]; then
			same="byte-identical"
		else
			same="DIFFERENT (see $OUT/$n.diff)"
			met="missed (the outputs differ)"
		fi
		SUMMARY+=("$(printf 'olddefconfig (%s): kdev %.3f s vs make %.3f s (%s) — target %s' \
			"${LABEL[$n]}" "$kmed" "$mmed" "$speed" "$met")")
		SAME_LINES+=("  ${LABEL[$n]}: kdev's and make's .config $same (cmp)")
	done
	echo
	echo "medians compared; make/kdev above 1 means kdev is faster"
	printf '%s\n' "${SAME_LINES[@]}"
fi

if [ "$DO_WHICH" = 1 ]; then
	echo
	echo "which, milliseconds: median of $RUNS runs per path, each run one process"
	echo "  cd TREE && kdev config which O=DIR PATH (DIR: the .config make olddefconfig wrote)"
	echo
	hdr=$(printf '%-44s' path)
	for n in "${NAMES[@]}"; do
		hdr=$hdr$(printf ' %10s' "$n")
	done
	echo "$hdr  answer (${NAMES[-1]})"
	: >"$TMP/medians"
	for i in "${!WHICH_PATHS[@]}"; do
		line=$(printf '%-44s' "${WHICH_PATHS[$i]}")
		for n in "${NAMES[@]}"; do
			read -r _ med _ <<<"$(stats "$OUT/times-which-$n-$i.txt" 1000)"
			echo "$n $med" >>"$TMP/medians"
			line=$line$(printf ' %10.1f' "$med")
		done
		ans=${ANSWER[${NAMES[-1]}/$i]}
		[ "${#ans}" -le 48 ] || ans="${ans:0:45}..."
		echo "$line  $ans"
	done
	line=$(printf '%-44s' "whole list, one process (${#WHICH_PATHS[@]} paths)")
	per=$(printf '%-44s' "  the same, per path")
	for n in "${NAMES[@]}"; do
		read -r _ med _ <<<"$(stats "$OUT/times-which-$n-all.txt" 1000)"
		line=$line$(printf ' %10.1f' "$med")
		per=$per$(awk -v m="$med" -v c="${#WHICH_PATHS[@]}" 'BEGIN { printf " %10.1f", m / c }')
	done
	echo "$line"
	echo "$per"
	echo
	for n in "${NAMES[@]}"; do
		read -r fmed fmax <<<"$(awk -v n="$n" '$1 == n { print $2 }' "$TMP/medians" |
			sort -g | awk '{ v[NR] = $1 }
				END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
				      printf "%.1f %.1f", m, v[NR] }')"
		# the slowest single run, for the record
		worst=$(cat "$OUT"/times-which-"$n"-[0-9]*.txt | sort -g | tail -n1 |
			awk '{ printf "%.1f", $1 * 1000 }')
		met=met
		awk -v m="$fmax" 'BEGIN { exit !(m < 50) }' || met=missed
		echo "  ${LABEL[$n]}: median over the paths $fmed ms, slowest path (median)" \
			"$fmax ms, slowest single run $worst ms"
		SUMMARY+=("which (${LABEL[$n]}): median $fmed ms/file, max $fmax ms (target 50 ms) — $met")
	done

	echo
	echo "manual baseline, milliseconds: grep -rn 'NAME.o' TREE --include=Makefile --include=Kbuild"
	echo
	printf '%-14s %8s %6s   %-30s %8s\n' pattern median "lines" "kdev config which on" median
	for j in "${!GREP_OBJS[@]}"; do
		o=${GREP_OBJS[$j]}
		p=${GREP_FOR[$j]}
		read -r _ gmed _ <<<"$(stats "$OUT/times-grep-$o.txt" 1000)"
		k=-
		for i in "${!WHICH_PATHS[@]}"; do
			[ "${WHICH_PATHS[$i]}" = "$p" ] || continue
			read -r _ k _ <<<"$(stats "$OUT/times-which-${NAMES[-1]}-$i.txt" 1000)"
		done
		printf '%-14s %8.1f %6s   %-30s %8.1f\n' "$o" "$gmed" "${GREP_HITS[$o]}" "$p" "$k"
	done
	echo
	echo "grep only finds the first link: the line of the file's own Makefile (and every"
	echo "other Makefile with the same object name: inode.o is in many).  The chain up to"
	echo "the top (net/netfilter/Makefile -> net/Makefile -> Kbuild), the options' values"
	echo "in .config and the composite object a member belongs to take one more grep per"
	echo "level, by hand; kdev config which prints all of it."
fi

if [ "$ONLY" != olddefconfig ] && [ "$DO_WHICH" = 0 ]; then
	SUMMARY+=("which: skipped, '$KDEV_WHICH' has no 'config which'")
fi
echo
printf '%s\n' "${SUMMARY[@]}"
echo "outputs: $OUT"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh: time `kdev run -- true` (start to exit) on Debian's cloud
# kernel against the floor, a bare `qemu-system-x86_64 -kernel -initrd`
# of a static init that powers off at once (same kernel, accelerator,
# machine, CPUs and memory; no virtio devices, no virtiofsd, no modules),
# against "floor + modules" (the same init first loads the modules kdev
# puts in its initramfs) and against virtme-ng when it is installed.
# Target: kdev within 10% of the floor.  Then instrumented runs (console
# timestamps, kdev.debug=1, initcall_debug) show where kdev's extra time
# goes.  See
# bench/README.md.
#
# usage: bench/run.sh [--runs N] [--accel tcg|kvm] [--no-hyperfine]
#                     [--breakdown-runs N] [--no-breakdown]
#
#   --runs N        timed runs of each command (default 5, after 1 warmup)
#   --accel A       pass --accel A to kdev (default: what kdev picks); the
#                   floor always uses the accelerator kdev uses
#   --no-hyperfine  time with a shell loop (runs interleaved round-robin,
#                   which is fairer on a busy machine) even if hyperfine
#                   is installed
#   --breakdown-runs N  instrumented runs of each for the breakdown of
#                   where the time goes (default 3; medians are shown)
#   --no-breakdown  skip the breakdown (one check run of each remains)
#
# Environment:
#   KDEV_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev);
#                consoles and timings go to $KDEV_CACHE/bench/run/
#   KDEV         kdev binary to time (default: ./kdev, built by make kdev)

set -eu
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

RUNS=5
ACCEL=
USE_HYPERFINE=1
BREAKDOWN_RUNS=3
KDEV=${KDEV:-./kdev}

die() {
	printf 'bench/run.sh: %s\n' "$*" >&2
	exit 1
}

note() {
	printf 'bench/run.sh: %s\n' "$*" >&2
}

# usage [STATUS]: the usage text from the header; on stdout for -h
usage() {
	if [ "${1:-2}" = 0 ]; then
		sed -n 's/^# \{0,1\}//; /^usage:/,/^Environment/p' "$0" | sed '$d'
	else
		sed -n 's/^# \{0,1\}//; /^usage:/,/^Environment/p' "$0" | sed '$d' >&2
	fi
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || usage; RUNS=$2; shift ;;
	--runs=*) RUNS=${1#*=} ;;
	--accel) [ $# -ge 2 ] || usage; ACCEL=$2; shift ;;
	--accel=*) ACCEL=${1#*=} ;;
	--no-hyperfine) USE_HYPERFINE=0 ;;
	--no-breakdown) BREAKDOWN_RUNS=0 ;;
	--breakdown-runs) [ $# -ge 2 ] || usage; BREAKDOWN_RUNS=$2; shift ;;
	-h|--help) usage 0 ;;
	*) usage ;;
	esac
	shift
done
case $RUNS:$BREAKDOWN_RUNS in
:* | *: | *[!0-9:]*) usage ;;
esac
[ "$RUNS" -ge 1 ] || usage
case $ACCEL in
'' | tcg | kvm) ;;
*) usage ;;
esac

have() {
	command -v "$1" >/dev/null 2>&1
}

now() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		printf '%s\n' "$EPOCHREALTIME"
	else
		date +%s.%N
	fi
}

for c in gcc cpio awk timeout; do
	have "$c" || die "missing command $c"
done
[ -x "$KDEV" ] || die "no $KDEV: run make kdev first"

OUT=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}/bench/run
rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kdev-bench-run.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- kernel

t/kernel/lab.sh fetch >&2 || die "t/kernel/lab.sh fetch failed (see t/kernel/README.md)"
paths=$(t/kernel/lab.sh paths) || die "t/kernel/lab.sh paths failed"
eval "$paths"
: "${VMLINUZ:?}" "${KMODS:?}"
[ -s "$VMLINUZ" ] || die "no kernel image $VMLINUZ"
[ -d "$KMODS" ] || die "no module directory $KMODS"

KDEV_ARGS=(run ${ACCEL:+--accel "$ACCEL"} --kernel "$VMLINUZ" --modules "$KMODS")

# ------------------------------------------------- what kdev would run

# The dry run prints the QEMU command line (shell-quoted) and the
# initramfs contents; its stderr says which accelerator kdev picked.
"$KDEV" "${KDEV_ARGS[@]}" --dry-run -- true >"$OUT/dry-run.txt" 2>"$OUT/dry-run.err" ||
	die "kdev run --dry-run failed: $(cat "$OUT/dry-run.err")"
qline=$(grep -m1 -E '^([^ ]*/)?qemu-system-[^ ]+ ' "$OUT/dry-run.txt") ||
	die "no QEMU command line in kdev run --dry-run output ($OUT/dry-run.txt)"
# split it like a shell would, without running anything in it
mapfile -t QARGV < <(printf '%s\n' "$qline" | xargs printf '%s\n')

QEMU=${QARGV[0]}
FLOOR=("$QEMU")
kept=
dropped=
i=1
while [ "$i" -lt "${#QARGV[@]}" ]; do
	opt=${QARGV[$i]}
	val=${QARGV[$((i + 1))]:-}
	case $opt in
	-no-user-config | -nodefaults | -no-reboot)
		FLOOR+=("$opt"); kept="$kept $opt" ;;
	-display | -accel | -cpu | -smp | -m | -append)
		FLOOR+=("$opt" "$val"); kept="$kept $opt"; i=$((i + 1)) ;;
	-machine | -M)
		# memory-backend= is there for vhost-user (virtiofsd)
		val=$(printf '%s\n' "$val" | sed 's/,memory-backend=[^,]*//')
		FLOOR+=(-machine "$val"); kept="$kept $opt"; i=$((i + 1)) ;;
	-kernel | -initrd)
		i=$((i + 1)) ;;
	-*)
		case $val in
		-* | '') dropped="$dropped $opt" ;;
		*) dropped="$dropped $opt"; i=$((i + 1)) ;;
		esac ;;
	esac
	i=$((i + 1))
done

PICKED=
for ((i = 1; i < ${#FLOOR[@]}; i++)); do
	if [ "${FLOOR[$i]}" = -accel ]; then
		PICKED=${FLOOR[$((i + 1))]%%,*}
	fi
done
[ -n "$PICKED" ] || die "no -accel in kdev's QEMU command line"
why=$(grep -m1 -i -E 'kvm|tcg' "$OUT/dry-run.err" || true)
echo "accelerator: $PICKED${ACCEL:+ (--accel $ACCEL)}${why:+ ($why)}"
echo "floor: $(printf '%q ' "${FLOOR[@]}")-kernel VMLINUZ -initrd INIT.cpio -serial file:CONSOLE"
echo "  (kept kdev's$kept; dropped its$(printf '%s\n' "$dropped" | tr ' ' '\n' | sort -u | tr '\n' ' '| sed 's/ $//'))"

# the modules in kdev's initramfs, in kdev's load order
mapfile -t MODS < <(sed -n 's/^#   lib\/kdev\/[^ ]* (from \(.*\))$/\1/p' "$OUT/dry-run.txt")
echo "kdev's initramfs: $(sed -n 's/^# initramfs (\([0-9]*\) bytes.*/\1/p' "$OUT/dry-run.txt") bytes," \
	"${#MODS[@]} modules"

# ------------------------------------------------------- floor initramfs

mkdir -p "$TMP/floor" "$TMP/floor-mod/lib/kdev"
cat >"$TMP/init-floor.c" <<-'EOF'
	#include <sys/reboot.h>
	#include <unistd.h>

	int main(void)
	{
		reboot(RB_POWER_OFF);
		return 1;
	}
EOF
cat >"$TMP/init-mod.c" <<-'EOF'
	/* load the modules listed in /modules in order, then power off; on
	 * a failure exit, so that the kernel panics and does not power off */
	#define _GNU_SOURCE
	#include <fcntl.h>
	#include <stdio.h>
	#include <string.h>
	#include <sys/reboot.h>
	#include <sys/syscall.h>
	#include <unistd.h>

	int main(void)
	{
		char line[4096];
		FILE *f = fopen("/modules", "r");

		if (!f)
			return 1;
		while (fgets(line, sizeof(line), f)) {
			size_t n;
			int fd, flags = 0;

			line[strcspn(line, "\n")] = 0;
			n = strlen(line);
			if (!n)
				continue;
			if (n < 3 || strcmp(line + n - 3, ".ko"))
				flags = 4;	/* MODULE_INIT_COMPRESSED_FILE */
			fd = open(line, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || syscall(SYS_finit_module, fd, "", flags))
				return 1;
			close(fd);
		}
		reboot(RB_POWER_OFF);
		return 1;
	}
EOF
gcc -static -Os -o "$TMP/floor/init" "$TMP/init-floor.c" ||
	die "cannot build a static init (apt-get install libc6-dev)"
gcc -static -Os -o "$TMP/floor-mod/init" "$TMP/init-mod.c" ||
	die "cannot build a static init (apt-get install libc6-dev)"
: >"$TMP/floor-mod/modules"
for m in "${MODS[@]}"; do
	cp "$m" "$TMP/floor-mod/lib/kdev/"
	printf '/lib/kdev/%s\n' "${m##*/}" >>"$TMP/floor-mod/modules"
done
(cd "$TMP/floor" && printf 'init\n' | cpio -o -H newc --quiet >"$TMP/floor.cpio")
(cd "$TMP/floor-mod" && find . -mindepth 1 | sed 's|^\./||' | sort |
	cpio -o -H newc --quiet >"$TMP/floor-mod.cpio")
echo "floor initramfs: $(stat -c %s "$TMP/floor.cpio") bytes (init only);" \
	"floor+modules: $(stat -c %s "$TMP/floor-mod.cpio") bytes"

# floor_argv NAME CPIO: the floor's QEMU argv in FARGV, console in $TMP/NAME.console
floor_argv() {
	FARGV=("${FLOOR[@]}" -kernel "$VMLINUZ" -initrd "$2" -serial "file:$TMP/$1.console")
}

# ------------------------------------------------------------ commands

NAMES=()
CMDS=()
# add NAME ARGV...: one command to time
add() {
	local name=$1
	shift
	NAMES+=("$name")
	CMDS+=("$(printf '%q ' "$@")")
}

add kdev "$KDEV" "${KDEV_ARGS[@]}" -- true
floor_argv floor "$TMP/floor.cpio"
add floor "${FARGV[@]}"
if [ "${#MODS[@]}" -gt 0 ]; then
	floor_argv floor-mod "$TMP/floor-mod.cpio"
	add floor+modules "${FARGV[@]}"
fi

# ------------------------------------------------------ instrumented runs
#
# A round runs the floor, floor+modules and kdev once each, keeps their
# consoles and appends "NAME WALL RUN_INIT MODS STARTED CMD POWER_DOWN" to
# $OUT/phases.txt: seconds of wall time, then the guest clock from the
# console ("-" where there is no such point).  kdev runs with kdev.debug=1,
# whose init logs each module it loaded and when it started the command;
# the command is `sh -c 'echo kdev-bench: command starts >/dev/kmsg'`
# (hence --root-user): a console marker once the shell runs, and like
# `true` it goes through /bin/sh -c.  The first round also checks that
# every guest really reached init and powered off, before anything is
# timed.

ts_of() {
	tr -d '\r' <"$2" | grep -F -e "$1" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' |
		sed -n "${3:-1}p"
}

# elapsed T0: seconds since T0
elapsed() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}

# phases NAME WALL CONSOLE: one line to $OUT/phases.txt, or die
phases() {
	local init mods started cmd off
	init=$(ts_of 'Run /init' "$3")
	mods=$(ts_of 'kdev-init: loaded ' "$3" '$')
	started=$(ts_of 'kdev-init: started the command' "$3")
	cmd=$(ts_of 'kdev-bench: command starts' "$3")
	off=$(ts_of 'reboot: Power down' "$3")
	if [ -z "$init" ] || [ -z "$off" ]; then
		die "$1: the guest did not run /init and power off (see $3)"
	fi
	printf '%s %s %s %s %s %s %s\n' "$1" "$2" "$init" "${mods:--}" "${started:--}" \
		"${cmd:--}" "$off" >>"$OUT/phases.txt"
}

round() {
	local name t0
	for name in floor floor-mod; do
		if [ "$name" = floor-mod ] && [ "${#MODS[@]}" -eq 0 ]; then
			continue
		fi
		floor_argv "$name" "$TMP/$name.cpio"
		t0=$(now)
		timeout 600 "${FARGV[@]}" </dev/null >"$TMP/$name.out" 2>&1 ||
			die "$name: QEMU failed: $(tail -5 "$TMP/$name.out")"
		phases "$name" "$(elapsed "$t0")" "$TMP/$name.console"
		cp "$TMP/$name.console" "$OUT/$name.console"
	done
	t0=$(now)
	"$KDEV" "${KDEV_ARGS[@]}" --root-user --append kdev.debug=1 \
		--log "$OUT/kdev.console" -- \
		sh -c 'echo kdev-bench: command starts >/dev/kmsg' \
		</dev/null >"$TMP/kdev.out" 2>&1 ||
		die "kdev run failed: $(tail -5 "$TMP/kdev.out")"
	phases kdev "$(elapsed "$t0")" "$OUT/kdev.console"
}

note "checking that each guest boots and powers off"
round

if have vng; then
	VNG=(vng --run "$VMLINUZ")
	if [ "$PICKED" = tcg ]; then
		VNG+=(--disable-kvm)
	fi
	if timeout 600 "${VNG[@]}" -- true </dev/null >"$TMP/vng.out" 2>&1; then
		add virtme-ng "${VNG[@]}" -- true
	else
		note "virtme-ng is installed but '${VNG[*]} -- true' failed; skipping it:"
		tail -5 "$TMP/vng.out" >&2
	fi
else
	note "virtme-ng (vng) is not installed: skipping it (it is not packaged in Debian 12)"
fi

# ---------------------------------------------------------------- timing

# results: "NAME MEAN MIN" lines in $OUT/times.txt
load0=$(cut -d' ' -f1-3 /proc/loadavg)
HYPERFINE=
if [ "$USE_HYPERFINE" = 1 ] && have hyperfine; then
	HYPERFINE=hyperfine
fi
if [ -n "$HYPERFINE" ]; then
	note "timing with hyperfine: $RUNS runs of each after 1 warmup"
	hf=(hyperfine --warmup 1 --runs "$RUNS" --shell bash --style basic
		--export-csv "$OUT/hyperfine.csv" --export-json "$OUT/hyperfine.json")
	for i in "${!NAMES[@]}"; do
		hf+=(--command-name "${NAMES[$i]}" "${CMDS[$i]}")
	done
	"${hf[@]}" >&2
	# command,mean,stddev,median,user,system,min,max
	awk -F, 'NR > 1 { print $1, $2, $7 }' "$OUT/hyperfine.csv" >"$OUT/times.txt"
else
	if [ "$USE_HYPERFINE" = 1 ]; then
		note "no hyperfine: timing with a loop"
	fi
	note "timing with a loop: $RUNS rounds after 1 warmup, commands interleaved"
	for ((r = 0; r <= RUNS; r++)); do
		for i in "${!NAMES[@]}"; do
			t0=$(now)
			timeout 600 bash -c "${CMDS[$i]}" </dev/null >/dev/null 2>&1 ||
				die "${NAMES[$i]} failed in the timing loop"
			t1=$(now)
			if [ "$r" -gt 0 ]; then
				printf '%s %s\n' "${NAMES[$i]}" \
					"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" >>"$OUT/loop.txt"
			fi
		done
	done
	for n in "${NAMES[@]}"; do
		awk -v n="$n" '$1 == n { s += $2; c++; if (!c0++ || $2 < m) m = $2 }
			END { print n, s / c, m }' "$OUT/loop.txt"
	done >"$OUT/times.txt"
fi
load1=$(cut -d' ' -f1-3 /proc/loadavg)

F_MEAN=$(awk '$1 == "floor" { print $2 }' "$OUT/times.txt")
F_MIN=$(awk '$1 == "floor" { print $3 }' "$OUT/times.txt")
K_MEAN=$(awk '$1 == "kdev" { print $2 }' "$OUT/times.txt")
echo
echo "kdev run -- true vs the floor: kernel $(basename "$VMLINUZ"), accel $PICKED," \
	"$RUNS runs ($(date -u '+%Y-%m-%d %H:%M UTC'); load average $load0 before, $load1 after)"
awk -v fm="$F_MEAN" -v fn="$F_MIN" '
	BEGIN { printf "%-14s %8s %8s %12s %11s\n", "what", "mean s", "min s", "mean/floor", "min/floor" }
	{ printf "%-14s %8.3f %8.3f %12.2f %11.2f\n", $1, $2, $3, $2 / fm, $3 / fn }' "$OUT/times.txt"
K_MIN=$(awk '$1 == "kdev" { print $3 }' "$OUT/times.txt")
# verdict WHAT KDEV FLOOR
verdict() {
	awk -v w="$1" -v k="$2" -v f="$3" 'BEGIN {
		r = k / f
		if (r <= 1.10)
			printf "PASS (by %s): kdev is within 10%% of the floor (%+.0f%%)\n", w, (r - 1) * 100
		else
			printf "MISS (by %s): kdev is %+.0f%% (%.2f s) over the floor, target +10%%: %.2f s too slow\n",
				w, (r - 1) * 100, k - f, k - 1.10 * f
	}'
}
verdict mean "$K_MEAN" "$F_MEAN"
verdict min "$K_MIN" "$F_MIN"
if awk -v l="${load0%% *}" -v n="$(nproc)" 'BEGIN { exit !(l >= n / 2) }'; then
	note "the machine was busy (load average $load0 on $(nproc) CPUs): expect noise;" \
		"the min is the steadier figure, and --no-hyperfine interleaves the commands"
fi

# ------------------------------------------------------------- breakdown

[ "$BREAKDOWN_RUNS" -gt 0 ] || exit 0

echo
echo "where the time goes (median of $BREAKDOWN_RUNS instrumented runs; guest clock from the console):"
for ((r = 1; r < BREAKDOWN_RUNS; r++)); do
	round
done
# per run: NAME outside boot init->mods mods->started started->cmd
# cmd->off init->off wall
awk 'function d(a, b) { return a == "-" || b == "-" ? "-" : b - a }
	{ print $1, $2 - $7, $3, d($3, $4), d($4, $5), d($5, $6), d($6, $7), $7 - $3, $2 }' \
	"$OUT/phases.txt" >"$OUT/phases-derived.txt"
# median NAME COLUMN
median() {
	awk -v n="$1" -v c="$2" '$1 == n && $c != "-" { print $c }' "$OUT/phases-derived.txt" |
		sort -g | awk '{ v[NR] = $1 } END {
			if (!NR) print "-"
			else if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]
			else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# row TEXT COLUMN
row() {
	printf '  %-44s %7s %7s %7s\n' "$1" "$(median floor "$2")" "$(median floor-mod "$2")" \
		"$(median kdev "$2")"
}
printf '  %-44s %7s %7s %7s\n' "" floor +mods kdev
printf '  %s\n' "outside the guest clock: QEMU and firmware"
row "  start, decompression, host work, teardown" 2
row "kernel start -> Run /init" 3
row "Run /init -> all modules loaded" 4
row "  -> command started (mounts, lo, fork)" 5
row "  -> command runs (exec sh via virtiofs)" 6
row "  -> power down" 7
row "Run /init -> power down (floors: all of init)" 8
row "wall" 9

# host-side work before QEMU starts: kdev's dry run, with and without the KVM probe
dry_time() {
	local t0
	t0=$(now)
	"$KDEV" "$@" --dry-run -- true >/dev/null 2>&1
	elapsed "$t0"
}
echo "  kdev's host-side work before QEMU (kdev run --dry-run): $(dry_time "${KDEV_ARGS[@]}") s;" \
	"with --accel $PICKED (no KVM probe): $(dry_time "${KDEV_ARGS[@]}" --accel "$PICKED") s"

# per-module cost: initcall_debug shows each module's init and each
# device probe; the gaps between them are finit_module's load, signature
# check and relocation (ignore_loglevel slows the whole boot a little)
"$KDEV" "${KDEV_ARGS[@]}" --root-user \
	--append 'kdev.debug=1 initcall_debug ignore_loglevel' \
	--log "$OUT/kdev-initcall.console" -- \
	sh -c 'echo kdev-bench: command starts >/dev/kmsg' </dev/null >"$TMP/kdev-i.out" 2>&1 ||
	die "initcall_debug kdev run failed: $(tail -5 "$TMP/kdev-i.out")"
echo "  kdev's init, one run with kdev.debug=1 initcall_debug (s after Run /init):"
tr -d '\r' <"$OUT/kdev-initcall.console" | sed -n '/Run \/init/,$p' | awk '
	{ t = substr($0, 2, index($0, "]") - 2) + 0 }
	/Run \/init/ { t0 = t; next }
	/^\[ *[0-9.]*\] calling / {
		mod = $0; sub(/ @ [0-9]+$/, "", mod); sub(/.* /, "", mod); gsub(/[][]/, "", mod)
		next }
	/^\[ *[0-9.]*\] initcall .* returned .* after / {
		if ($(NF - 1) >= 5000)
			printf "    +%.3f    %s init took %.3f s\n", t - t0, mod, $(NF - 1) / 1e6
		next }
	/ probe of .* returned .* after / {
		d = $0; sub(/.* probe of /, "", d); sub(/ .*/, "", d)
		if ($(NF - 1) >= 5000)
			printf "    +%.3f      probe of %s took %.3f s\n", t - t0, d, $(NF - 1) / 1e6
		next }
	/kdev-init: (loaded|mounted root|switched|lo is up|started|the command exited)/ ||
	/kdev-bench: command starts/ || /reboot: Power down/ {
		sub(/^\[ *[0-9.]*\] /, "")
		printf "    +%.3f  %s\n", t - t0, $0 }'
echo "consoles and timings: $OUT"

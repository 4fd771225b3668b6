#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh: time `kdev run -- true` (start to exit) on Debian's cloud
# kernel against the floor, a bare `qemu-system-x86_64 -kernel -initrd`
# of a static init that powers off at once (same kernel, firmware,
# accelerator, machine, CPUs and memory; no virtio devices, no
# virtiofsd, no modules),
# against "floor + modules" (the same init first loads the modules kdev
# puts in its initramfs) and against virtme-ng when it is installed.
# Target: kdev within 10% of the floor.  Then instrumented runs (console
# timestamps, KDEV_TRACE=1, initcall_debug) show where kdev's extra time
# goes.  See bench/README.md.
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

. "$(dirname "$0")/lib.sh"

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
	# the same firmware too (kdev picks qboot when QEMU has it)
	-display | -accel | -cpu | -smp | -m | -append | -bios)
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
# A round runs the floor, floor+modules and kdev once each and keeps
# their consoles.  For the floors it appends "NAME WALL RUN_INIT
# POWER_DOWN" to $OUT/phases.txt: seconds of wall time, then the guest
# clock of the console.  kdev runs the timed command itself, `true`,
# with KDEV_TRACE=1: its stderr (kept as $OUT/kdev.trace) has kdev's
# own timed steps and its init's, each with the guest's clock (see
# kdev-run(1)); kdev_phases turns them into one line of
# $OUT/kdev-phases.txt.  The first round also checks that every guest
# really reached init and powered off, before anything is timed.

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
	local init off
	init=$(ts_of 'Run /init' "$3")
	off=$(ts_of 'reboot: Power down' "$3")
	if [ -z "$init" ] || [ -z "$off" ]; then
		die "$1: the guest did not run /init and power off (see $3)"
	fi
	printf '%s %s %s %s\n' "$1" "$2" "$init" "$off" >>"$OUT/phases.txt"
}

# kdev_phases WALL TRACE: one line to $OUT/kdev-phases.txt, or die:
#   wall, kdev's own steps (host clock: QEMU started, first console byte,
#   power-down line seen, all gone), the console's (Run /init, Power
#   down) and init's (its clock: started, early loader started and done,
#   all modules in, root mounted, new root, ports, exec, exited)
kdev_phases() {
	awk -v wall="$1" '
	function host() { return $3 + 0 }
	function con() { s = $0; sub(/.*console: \[ */, "", s); return s + 0 }
	function tin() { s = $0; sub(/.*kdev-init: t=/, "", s); return s + 0 }
	/^kdev: trace: [0-9.]* QEMU started/ { qs = host() }
	/^kdev: trace: [0-9.]* first console byte/ { fc = host() }
	/^kdev: trace: [0-9.]* console: .*Run \/init / { ri = con() }
	/^kdev: trace: [0-9.]* console: .*reboot: Power down/ { pd = con(); pdh = host() }
	/^kdev: trace: [0-9.]* QEMU and virtiofsd gone/ { end = host() }
	/kdev-init: t=[0-9.]* init started at / { is = $NF + 0 }
	/kdev-init: t=[0-9.]* early module loader started at / { es = $(NF - 2) + 0 }
	/kdev-init: t=[0-9.]* early module loader done/ { ed = tin() }
	/kdev-init: t=[0-9.]* all modules loaded/ { ml = tin() }
	/kdev-init: t=[0-9.]* mounted root / { mr = tin() }
	/kdev-init: t=[0-9.]* switched to the new root/ { sw = tin() }
	/kdev-init: t=[0-9.]* ports looked up/ { pl = tin() }
	/kdev-init: t=[0-9.]* exec / { ex = tin() }
	/kdev-init: t=[0-9.]* the command exited/ { ce = tin() }
	function v(x) { return x == "" ? "-" : x }
	function rel(x) { return x == "" || is == "" ? "-" : sprintf("%.3f", x - is) }
	END {
		if (ri == "" || pd == "" || is == "" || ce == "")
			exit 1
		printf "kdev %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s\n", wall,
			v(qs), v(fc), v(pdh), v(end), ri, pd,
			rel(es), rel(ed), rel(ml), rel(mr), rel(sw), rel(pl), rel(ex), rel(ce)
	}' "$2" >>"$OUT/kdev-phases.txt" ||
		die "kdev: no timed steps in its KDEV_TRACE output (see $2)"
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
	KDEV_TRACE=1 timeout 600 "$KDEV" "${KDEV_ARGS[@]}" --log "$OUT/kdev.console" \
		-- true </dev/null >"$TMP/kdev.out" 2>"$OUT/kdev.trace" ||
		die "kdev run failed: $(tail -5 "$OUT/kdev.trace")"
	kdev_phases "$(elapsed "$t0")" "$OUT/kdev.trace"
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
echo "where the time goes (median of $BREAKDOWN_RUNS instrumented runs):"
for ((r = 1; r < BREAKDOWN_RUNS; r++)); do
	round
done
# median FILE NAME COLUMN [EXPR]: the median of a column, or of an
# expression of the columns (awk) of the lines of NAME
median() {
	awk -v n="$2" '$1 == n { x = '"${4:-\$$3}"'; if (x != "" && x !~ /-$/ && x == x + 0) print x }' "$1" |
		sort -g | awk '{ v[NR] = $1 } END {
			if (!NR) print "-"
			else if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]
			else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
P=$OUT/phases.txt
K=$OUT/kdev-phases.txt
# phases.txt:      NAME WALL RUN_INIT POWER_DOWN
# kdev-phases.txt: kdev WALL QEMU CON OFF_SEEN END RUN_INIT POWER_DOWN
#                  EARLY_START EARLY_DONE MODS ROOT SWITCH PORTS EXEC EXITED
# (init's steps relative to its start; "-" where there is none)
line() {
	printf '  %-48s %7s %7s %7s\n' "$1" "$2" "$3" "$4"
}
line "" floor +mods kdev
line "outside the guest clock (QEMU, firmware, teardown)" \
	"$(median "$P" floor 0 '$2 - $4')" "$(median "$P" floor-mod 0 '$2 - $4')" \
	"$(median "$K" kdev 0 '$2 - $8')"
line "  kdev before QEMU starts" - - "$(median "$K" kdev 3)"
line "  QEMU start -> first console byte" - - "$(median "$K" kdev 0 '$4 - $3')"
line "  console says power down -> kdev exits" - - "$(median "$K" kdev 0 '$6 - $5')"
line "kernel start -> Run /init" "$(median "$P" floor 3)" "$(median "$P" floor-mod 3)" \
	"$(median "$K" kdev 7)"
line "Run /init -> power down (floors: all of init)" \
	"$(median "$P" floor 0 '$4 - $3')" "$(median "$P" floor-mod 0 '$4 - $3')" \
	"$(median "$K" kdev 0 '$8 - $7')"
line "  kdev's init, from its start (its own clock):" "" "" ""
line "    early module loader started (during boot)" - - "$(median "$K" kdev 9)"
line "    early module loader done" - - "$(median "$K" kdev 10)"
line "    root mounted" - - "$(median "$K" kdev 12)"
line "    overlays mounted, in the new root" - - "$(median "$K" kdev 13)"
line "    all modules in" - - "$(median "$K" kdev 11)"
line "    ports found" - - "$(median "$K" kdev 14)"
line "    command exec'd" - - "$(median "$K" kdev 15)"
line "    command exited" - - "$(median "$K" kdev 16)"
line "wall" "$(median "$P" floor 2)" "$(median "$P" floor-mod 2)" "$(median "$K" kdev 2)"

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
KDEV_TRACE=1 "$KDEV" "${KDEV_ARGS[@]}" --append 'initcall_debug ignore_loglevel' \
	--log "$OUT/kdev-initcall.console" -- true </dev/null >"$TMP/kdev-i.out" 2>&1 ||
	die "initcall_debug kdev run failed: $(tail -5 "$TMP/kdev-i.out")"
echo "  one run with initcall_debug (console clock, s after Run /init; before it: during the boot):"
tr -d '\r' <"$OUT/kdev-initcall.console" | awk '
	{ t = substr($0, 2, index($0, "]") - 2) + 0 }
	/Run \/init/ { t0 = t }
	# a module init: "initcall fn+0x0/0x1000 [module] returned 0 after N usecs"
	/^\[ *[0-9.]*\] initcall .*\] returned .* after / {
		mod = $0; sub(/\] returned .*/, "", mod); sub(/.*\[/, "", mod)
		line[++n] = sprintf("%.3f|    %s init took %.3f s", t, mod, $(NF - 1) / 1e6)
		next }
	# probes of the virtio devices and their PCI functions
	/ probe of (virtio[0-9]+|[0-9a-f]+:[0-9a-f]+:[0-9a-f]+\.[0-9]) returned .* after / {
		d = $0; sub(/.* probe of /, "", d); sub(/ .*/, "", d)
		line[++n] = sprintf("%.3f|      probe of %s took %.3f s", t, d, $(NF - 1) / 1e6)
		next }
	/kdev-init: t=[0-9.]* (all modules|mounted root|switched|exec |started the|the command exited)/ ||
	/Run \/init/ || /reboot: Power down/ {
		x = $0; sub(/^\[ *[0-9.]*\] /, "", x)
		line[++n] = sprintf("%.3f|  %s", t, x) }
	END {
		for (i = 1; i <= n; i++) {
			split(line[i], f, "|")
			d = f[1] - t0
			printf "    %+.3f %s\n", d == 0 ? 0 : d, f[2]
		} }'
echo "consoles and timings: $OUT"

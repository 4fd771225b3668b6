#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/decode.sh: time `kdev decode` on a real oops against the kernel's
# scripts/decode_stacktrace.sh (same log) and llvm-symbolizer (same
# addresses, one process, --inlining), count the frames each resolves and
# check that kdev and llvm-symbolizer agree on every frame.  See
# bench/README.md.
#
# usage: bench/decode.sh [--install] [--runs N] [--dst-runs N] [--log FILE]
#                        [--no-hyperfine]
#
#   --install      as root, apt-get install what is missing (jq, llvm-14,
#                  hyperfine, linux-source-6.1); otherwise missing optional
#                  tools are skipped with a message
#   --runs N       timed runs of kdev and llvm-symbolizer (default 5)
#   --dst-runs N   timed runs of decode_stacktrace.sh (default 1, it is slow)
#   --log FILE     oops log (default t/data/oops/debian-cloud-kdevcrash.log);
#                  it must match the vmlinux/modules of t/kernel/lab.sh
#   --no-hyperfine time with a shell loop even if hyperfine is installed
#
# Environment:
#   KDEV_CACHE        cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kdev);
#                     decode_stacktrace.sh and the outputs go to $KDEV_CACHE/bench
#   KDEV              kdev binary to time (default: ./kdev, built by make kdev)
#   LLVM_SYMBOLIZER   symbolizer to compare with (default llvm-symbolizer-14)

set -eu
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

INSTALL=0
USE_HYPERFINE=1
RUNS=5
DST_RUNS=1
LOG=t/data/oops/debian-cloud-kdevcrash.log
SRC_TAR=/usr/src/linux-source-6.1.tar.xz
DST_MEMBER=linux-source-6.1/scripts/decode_stacktrace.sh

. "$(dirname "$0")/lib.sh"

while [ $# -gt 0 ]; do
	case $1 in
	--install) INSTALL=1 ;;
	--no-hyperfine) USE_HYPERFINE=0 ;;
	--runs) [ $# -ge 2 ] || usage; RUNS=$2; shift ;;
	--dst-runs) [ $# -ge 2 ] || usage; DST_RUNS=$2; shift ;;
	--log) [ $# -ge 2 ] || usage; LOG=$2; shift ;;
	-h|--help) usage 0 ;;
	*) usage ;;
	esac
	shift
done
case $RUNS$DST_RUNS in
*[!0-9]*) usage ;;
esac
if [ "$RUNS" -lt 1 ] || [ "$DST_RUNS" -lt 1 ]; then
	usage
fi
[ -r "$LOG" ] || die "cannot read $LOG"
LOG=$(cd "$(dirname "$LOG")" && pwd)/$(basename "$LOG")

BENCH_CACHE=${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}/bench
OUT=$BENCH_CACHE/out
rm -rf "$OUT"
mkdir -p "$OUT"

# apt_install PKG...: install PKGs when --install was given and we are
# root; return 1 (after a message) otherwise
apt_install() {
	if [ "$INSTALL" != 1 ] || [ "$(id -u)" != 0 ]; then
		note "$* not installed; run as root with --install to install it"
		return 1
	fi
	note "installing $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$@" >&2 ||
		{ apt-get update -q >&2 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "$@" >&2; }
}

have() {
	command -v "$1" >/dev/null 2>&1
}

# ---------------------------------------------------------------- tools

for c in nm readelf addr2line awk; do
	have "$c" || die "missing command $c (apt-get install binutils)"
done
have jq || apt_install jq || die "jq is required"

LLVM=${LLVM_SYMBOLIZER:-llvm-symbolizer-14}
if ! have "$LLVM"; then
	if [ "$LLVM" = llvm-symbolizer-14 ] && apt_install llvm-14 && have "$LLVM"; then
		:
	else
		note "no $LLVM: skipping the llvm-symbolizer comparison"
		LLVM=
	fi
fi

HYPERFINE=
if [ "$USE_HYPERFINE" = 0 ]; then
	note "timing with a loop ($RUNS runs after 1 warmup)"
elif have hyperfine || apt_install hyperfine; then
	HYPERFINE=hyperfine
else
	note "no hyperfine: timing with a loop ($RUNS runs after 1 warmup)"
fi

# ---------------------------------------------------------------- inputs

lab_paths() {
	t/kernel/lab.sh paths 2>/dev/null
}
paths=$(lab_paths) || die "t/kernel/lab.sh paths failed (see t/kernel/README.md)"
eval "$paths"
if [ ! -s "$VMLINUX" ] || [ ! -s "$KO" ]; then
	note "lab artefacts missing: running t/kernel/lab.sh fetch && build"
	t/kernel/lab.sh fetch >&2
	t/kernel/lab.sh build >&2
	eval "$(lab_paths)"
fi
[ -s "$VMLINUX" ] || die "no vmlinux at $VMLINUX"
[ -s "$KO" ] || die "no kdevcrash.ko at $KO"
if [ -r "${LOG%.log}.release" ] && [ "$(cat "${LOG%.log}.release")" != "$RELEASE" ]; then
	die "$LOG is from $(cat "${LOG%.log}.release"), the lab has $RELEASE"
fi

if [ -n "${KDEV:-}" ]; then
	KDEV=$(command -v "$KDEV") || die "no kdev binary $KDEV"
else
	make -s kdev >&2 || die "make kdev failed"
	KDEV=$TOP/kdev
fi

DST=$BENCH_CACHE/$DST_MEMBER
if [ ! -s "$DST" ]; then
	[ -r "$SRC_TAR" ] || apt_install linux-source-6.1 ||
		die "need $SRC_TAR (apt-get install linux-source-6.1)"
	note "extracting $DST_MEMBER from $SRC_TAR (once)"
	tar -C "$BENCH_CACHE" -xJf "$SRC_TAR" "$DST_MEMBER"
fi
[ -s "$DST" ] || die "could not extract $DST_MEMBER"

# BASE_PATH as decode_stacktrace.sh's "auto" computes it (prefix of
# init/main.c for kernel_init), computed here so that it is not timed
ki=$(nm "$VMLINUX" | awk '$3 == "kernel_init" && ($2 == "t" || $2 == "T") { print $1; exit }')
[ -n "$ki" ] || die "no kernel_init in $VMLINUX"
BASEPATH=$(addr2line -e "$VMLINUX" "$ki" | sed -n 's|/init/main\.c:.*||p')
[ -n "$BASEPATH" ] || die "cannot find the base path of $VMLINUX"

# Read the whole vmlinux once so that every tool runs with a warm page
# cache (the first cold read of the ~600 MB file takes seconds).
cat "$VMLINUX" "$KO" >/dev/null

# ---------------------------------------------------------------- outputs

# kdev: the frames, and what kdev says about each
"$KDEV" decode --vmlinux "$VMLINUX" --modules "$MODDIR" "$LOG" >"$OUT/kdev.txt" ||
	die "kdev decode failed"
"$KDEV" decode --json --vmlinux "$VMLINUX" --modules "$MODDIR" "$LOG" >"$OUT/kdev.json" ||
	die "kdev decode --json failed"
# kind module symbol offset resolved innermost-file:line chain
jq -r '.reports[].frames[] | select(.symbol != null) |
	[.kind, (.module // "vmlinux"), .symbol, (.offset | tostring),
	 (if .resolved then "1" else "0" end),
	 (if .resolved and (.locations | length) > 0
	  then "\(.locations[0].file):\(.locations[0].line)" else "??" end),
	 ([.locations[]? | "\(.file):\(.line)"] | join(" "))] | @tsv' \
	"$OUT/kdev.json" >"$OUT/frames.tsv"
FRAMES=$(wc -l <"$OUT/frames.tsv")
[ "$FRAMES" -gt 0 ] || die "kdev found no frames in $LOG"
KDEV_OK=$(awk -F'\t' '$5 == 1' "$OUT/frames.tsv" | wc -l)

# decode_stacktrace.sh, run as its usage says; the frames it resolved are
# the lines it rewrote to "name (file:line ...)"
dst_rc=0
bash "$DST" "$VMLINUX" "$BASEPATH" "$MODDIR" <"$LOG" >"$OUT/dst.txt" 2>"$OUT/dst.err" ||
	dst_rc=$?
[ "$dst_rc" = 0 ] || die "decode_stacktrace.sh failed ($dst_rc), see $OUT/dst.err"
DST_IN=$(grep -cE '[^+ ]+\+0x[0-9a-f]+/0x[0-9a-f]+' "$LOG" || :)
DST_OK=$(grep -cE '^\[ *[0-9.]+\] (RIP: [0-9a-f]{4}:)?(\? )?[^ ]+ \([^ ()]+:[0-9]+' \
	"$OUT/dst.txt" || :)
grep -qE 'kdevcrash_[a-z]+ \([^ ]*kdevcrash\.c:[0-9]+' "$OUT/dst.txt" ||
	die "decode_stacktrace.sh did not resolve the kdevcrash frames ($OUT/dst.txt)"
grep -qE 'sysrq_handle_crash \([^ ]*drivers/tty/sysrq\.c:[0-9]+' "$OUT/dst.txt" ||
	die "decode_stacktrace.sh did not resolve the sysrq frames ($OUT/dst.txt)"

# llvm-symbolizer: the same addresses.  symbol from nm + offset, minus 1
# for return addresses (every frame but RIP), as kdev does; module frames
# use the .ko with .text-relative addresses (its sections all start at 0,
# so only symbols in .text are unambiguous).
find_ko() {
	local m=$1
	find "$MODDIR" -name "${m//_/[-_]}.ko" -print -quit
}

# address and ELF size of the first t/T symbol of each needed NAME in OBJ
# (written as "name addr size" to $OUT/syms.OBJTAG)
sym_table() {
	local obj=$1 tag=$2 names=$3
	nm -S "$obj" | awk -v names="$names" '
		BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		{ type = "" }
		NF == 4 { addr = $1; size = $2; type = $3; name = $4 }
		NF == 3 { addr = $1; size = "0"; type = $2; name = $3 }
		(type == "t" || type == "T") && (name in want) {
			if (!(name in seen)) print name, addr, size
			seen[name]++
		}
		END { for (s in seen) if (seen[s] > 1) print s " ambiguous " seen[s] > "/dev/stderr" }
	' >"$OUT/syms.$tag" 2>"$OUT/syms.$tag.dups"
}

declare -A ADDR
AMBIG=0
NOTEXT=0
LLVM_N=0
LLVM_SKIP=0
: >"$OUT/llvm.in"
: >"$OUT/llvm.idx"
if [ -n "$LLVM" ]; then
	# one symbol table per object
	while read -r mod; do
		if [ "$mod" = vmlinux ]; then
			obj=$VMLINUX
		else
			obj=$(find_ko "$mod") || obj=
			[ -n "$obj" ] || { note "no $mod.ko below $MODDIR"; continue; }
		fi
		names=$(awk -F'\t' -v m="$mod" '$2 == m { print $3 }' "$OUT/frames.tsv" |
			sort -u | tr '\n' ' ')
		sym_table "$obj" "$mod" "$names"
		AMBIG=$((AMBIG + $(wc -l <"$OUT/syms.$mod.dups")))
		textndx=
		if [ "$mod" != vmlinux ]; then
			textndx=$(readelf -SW "$obj" |
				sed -n 's/^ *\[ *\([0-9]*\)\] \.text .*/\1/p')
		fi
		while read -r name addr size; do
			if [ -n "$textndx" ]; then
				ndx=$(readelf -sW "$obj" |
					awk -v s="$name" '$8 == s { print $7; exit }')
				if [ "$ndx" != "$textndx" ]; then
					NOTEXT=$((NOTEXT + 1))
					continue
				fi
			fi
			ADDR[$mod/$name]=$obj:$addr:$size
		done <"$OUT/syms.$mod"
	done < <(cut -f2 "$OUT/frames.tsv" | sort -u)

	i=0
	while IFS=$'\t' read -r kind mod sym off _; do
		i=$((i + 1))
		ent=${ADDR[$mod/$sym]:-}
		if [ -z "$ent" ]; then
			LLVM_SKIP=$((LLVM_SKIP + 1))
			continue
		fi
		size=${ent##*:}
		ent=${ent%:*}
		base=${ent##*:}
		obj=${ent%:*}
		d=1
		[ "$kind" != RIP ] || d=0
		printf '"%s" 0x%x\n' "$obj" $((0x$base + off - d)) >>"$OUT/llvm.in"
		# why an address may have no DWARF: past the symbol's ELF size
		why=-
		if [ $((off - d)) -ge $((0x$size)) ]; then
			why=$(printf '0x%x is past the end of %s (ELF size 0x%x): padding' \
				$((0x$base + off - d)) "$sym" $((0x$size)))
		fi
		printf '%s\t%s\n' "$i" "$why" >>"$OUT/llvm.idx"
		LLVM_N=$((LLVM_N + 1))
	done <"$OUT/frames.tsv"

	"$LLVM" --inlining --output-style=JSON <"$OUT/llvm.in" >"$OUT/llvm.json" ||
		die "$LLVM failed"
	"$LLVM" --inlining <"$OUT/llvm.in" >"$OUT/llvm.txt"
	# innermost file:line, and the whole chain
	jq -r '[(.Symbol[0] | if (.FileName // "") == "" or .FileName == "??"
		 then "??" else "\(.FileName):\(.Line)" end),
		([.Symbol[] | if (.FileName // "") == "" then "??"
		  else "\(.FileName):\(.Line)" end] | join(" "))] | @tsv' \
		"$OUT/llvm.json" >"$OUT/llvm.tsv"
	[ "$(wc -l <"$OUT/llvm.tsv")" = "$LLVM_N" ] ||
		die "$LLVM answered $(wc -l <"$OUT/llvm.tsv") of $LLVM_N addresses"
fi
LLVM_OK=0
[ ! -s "$OUT/llvm.tsv" ] || LLVM_OK=$(grep -cv '^??' "$OUT/llvm.tsv" || :)

# ---------------------------------------------------------------- agreement

# same_loc KDEV_LOC LLVM_LOC: kdev prints paths relative to the tree,
# llvm-symbolizer prints DW_AT_name as recorded (build-dir prefixed)
same_loc() {
	local k=${1:-??} l=${2:-??}
	# neither giving a line (padding, no debug info) is agreement too
	[ "$k" = "??" ] && [ "$l" = "??" ] && return 0
	[ "$k" != "??" ] && [ "$l" != "??" ] || return 1
	[ "$k" = "$l" ] || [[ $l == */"$k" ]] || [[ $k == */"$l" ]]
}

same_chain() {
	local -a k l
	local j
	read -r -a k <<<"${1:-??}"
	read -r -a l <<<"${2:-??}"
	[ "${#k[@]}" = "${#l[@]}" ] || return 1
	for j in "${!k[@]}"; do
		same_loc "${k[$j]}" "${l[$j]}" || return 1
	done
}

AGREE=0
DISAGREE=0
CHAIN_AGREE=0
VM_AGREE=0
VM_N=0
: >"$OUT/disagree.txt"
: >"$OUT/chain-diff.txt"
if [ -n "$LLVM" ]; then
	while IFS=$'\t' read -r idx why lloc lchain; do
		line=$(sed -n "${idx}p" "$OUT/frames.tsv")
		IFS=$'\t' read -r kind mod sym off _ kloc kchain <<<"$line"
		[ "$mod" != vmlinux ] || VM_N=$((VM_N + 1))
		if same_loc "$kloc" "$lloc"; then
			AGREE=$((AGREE + 1))
			[ "$mod" != vmlinux ] || VM_AGREE=$((VM_AGREE + 1))
		else
			DISAGREE=$((DISAGREE + 1))
			printf '  %s %s+0x%x [%s]: kdev %s, llvm-symbolizer %s\n' \
				"$kind" "$sym" "$off" "$mod" "$kloc" "$lloc" >>"$OUT/disagree.txt"
			[ "$why" = - ] || printf '    (%s)\n' "$why" >>"$OUT/disagree.txt"
		fi
		if same_chain "$kchain" "$lchain"; then
			CHAIN_AGREE=$((CHAIN_AGREE + 1))
		else
			printf '  %s %s+0x%x [%s]:\n    kdev: %s\n    llvm: %s\n' \
				"$kind" "$sym" "$off" "$mod" "$kchain" "$lchain" >>"$OUT/chain-diff.txt"
		fi
	done < <(paste "$OUT/llvm.idx" "$OUT/llvm.tsv")
fi

# ---------------------------------------------------------------- timing

q() {
	printf '%q ' "$@"
}
KDEV_CMD="$(q "$KDEV" decode --vmlinux "$VMLINUX" --modules "$MODDIR" "$LOG")"
LLVM_CMD="$(q "$LLVM" --inlining)< $(q "$OUT/llvm.in")"
DST_CMD="$(q bash "$DST" "$VMLINUX" "$BASEPATH" "$MODDIR")< $(q "$LOG")"

now() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		printf '%s\n' "$EPOCHREALTIME"
	else
		date +%s.%N
	fi
}

# time_loop RUNS WARMUP CMD: "mean min" wall seconds of RUNS runs of CMD
time_loop() {
	local runs=$1 warm=$2 cmd=$3 i t0 t1 times=
	for ((i = 0; i < warm; i++)); do
		eval "$cmd" >/dev/null 2>&1
	done
	for ((i = 0; i < runs; i++)); do
		t0=$(now)
		eval "$cmd" >/dev/null 2>&1
		t1=$(now)
		times="$times $t0 $t1"
	done
	# shellcheck disable=SC2086 # one word per timestamp
	printf '%s\n' $times | awk '
		NR % 2 { t0 = $1; next }
		{ d = $1 - t0; s += d; n++; if (n == 1 || d < m) m = d }
		END { printf "%.4f %.4f", s / n, m }'
}

# hf_time FILE NAME: "mean min" from a hyperfine --export-json file
hf_time() {
	jq -r --arg n "$2" '.results[] | select(.command == $n) | "\(.mean) \(.min)"' "$1" |
		awk '{ printf "%.4f %.4f", $1, $2 }'
}

note "timing (kdev, llvm-symbolizer: $RUNS runs; decode_stacktrace.sh: $DST_RUNS)"
T_LLVM=
if [ -n "$HYPERFINE" ]; then
	set -- -n kdev "$KDEV_CMD"
	[ -z "$LLVM" ] || set -- "$@" -n llvm-symbolizer "$LLVM_CMD"
	hyperfine -S bash --style basic --warmup 2 --runs "$RUNS" \
		--export-json "$OUT/hyperfine.json" "$@" >&2
	T_KDEV=$(hf_time "$OUT/hyperfine.json" kdev)
	[ -z "$LLVM" ] || T_LLVM=$(hf_time "$OUT/hyperfine.json" llvm-symbolizer)
	if [ "$DST_RUNS" -ge 2 ]; then
		hyperfine -S bash --style basic --runs "$DST_RUNS" \
			--export-json "$OUT/hyperfine-dst.json" \
			-n decode_stacktrace.sh "$DST_CMD" >&2
		T_DST=$(hf_time "$OUT/hyperfine-dst.json" decode_stacktrace.sh)
	else
		# hyperfine wants 2 runs or more
		T_DST=$(time_loop "$DST_RUNS" 0 "$DST_CMD")
	fi
	TIMER="hyperfine (--warmup 2)"
else
	T_KDEV=$(time_loop "$RUNS" 1 "$KDEV_CMD")
	[ -z "$LLVM" ] || T_LLVM=$(time_loop "$RUNS" 1 "$LLVM_CMD")
	T_DST=$(time_loop "$DST_RUNS" 0 "$DST_CMD")
	TIMER="shell loop (1 warmup run)"
fi

# ---------------------------------------------------------------- report

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

row() {
	printf '%-22s %9s %9s %16s %12s\n' "$@"
}

# T_* are "mean min"
read -r KDEV_MEAN KDEV_MIN <<<"$T_KDEV"
read -r DST_MEAN DST_MIN <<<"$T_DST"
LLVM_MEAN=
LLVM_MIN=
[ -z "$LLVM" ] || read -r LLVM_MEAN LLVM_MIN <<<"$T_LLVM"

echo
echo "kdev decode benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, kernel $RELEASE"
echo "log: ${LOG#"$TOP"/} ($FRAMES frames; $(grep -c . "$LOG") lines)"
echo "timer: $TIMER; page cache warmed first"
echo
row tool "mean s" "min s" "frames resolved" "mean / kdev"
row "kdev decode" "$KDEV_MEAN" "$KDEV_MIN" "$KDEV_OK/$FRAMES" "1.00"
if [ -n "$LLVM" ]; then
	row "$LLVM" "$LLVM_MEAN" "$LLVM_MIN" "$LLVM_OK/$LLVM_N" \
		"$(ratio "$LLVM_MEAN" "$KDEV_MEAN")"
else
	row llvm-symbolizer skipped - - -
fi
row decode_stacktrace.sh "$DST_MEAN" "$DST_MIN" "$DST_OK/$DST_IN" \
	"$(ratio "$DST_MEAN" "$KDEV_MEAN")"
echo
echo "kdev decode: whole log (frames, inline chains, Code: disassembly)"
echo "decode_stacktrace.sh: whole log (its Code: lines need scripts/decodecode, not extracted)"
if [ -n "$LLVM" ]; then
	extra=
	[ "$NOTEXT" = 0 ] || extra=", $NOTEXT module symbols outside .text skipped"
	echo "llvm-symbolizer: the frames' addresses only, one process, --inlining" \
		"($LLVM_N addresses; $LLVM_SKIP frames without an address$extra)"
fi

if [ -n "$LLVM" ]; then
	echo
	echo "kdev vs llvm-symbolizer, innermost file:line: $AGREE agree, $DISAGREE disagree" \
		"(vmlinux frames: $VM_AGREE/$VM_N agree; module frames: $((AGREE - VM_AGREE))/$((LLVM_N - VM_N)))"
	[ ! -s "$OUT/disagree.txt" ] || cat "$OUT/disagree.txt"
	echo "whole inline chains identical: $CHAIN_AGREE/$LLVM_N"
	[ ! -s "$OUT/chain-diff.txt" ] || cat "$OUT/chain-diff.txt"
	[ "$AMBIG" = 0 ] ||
		echo "note: $AMBIG symbol names occur more than once in nm; the first was used"
fi

echo
dst_x=$(ratio "$DST_MEAN" "$KDEV_MEAN")
echo "target: >= 50x faster than decode_stacktrace.sh: ${dst_x}x -" \
	"$(awk -v r="$dst_x" 'BEGIN { print (r >= 50) ? "met" : "NOT met" }')"
if [ -n "$LLVM" ]; then
	echo "target: no slower than llvm-symbolizer (mean): kdev $KDEV_MEAN s," \
		"llvm-symbolizer $LLVM_MEAN s -" \
		"$(awk -v k="$KDEV_MEAN" -v l="$LLVM_MEAN" 'BEGIN { print (k <= l) ? "met" : "NOT met" }')" \
		"(min: $KDEV_MIN s vs $LLVM_MIN s)"
fi
echo "outputs: $OUT"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the unit test binaries ($KDEV_UNITS), a short fuzz pass over each
# fuzz target ($KDEV_FUZZERS) and every t/tNNNN-*.sh script; count the TAP
# results and end with one line "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p t/out
passed=0 failed=0 skipped=0
failed_names=()

count() {
	local name=$1 log=$2 rc=$3 p f s
	# TAP: "ok N # skip" (ours) and "not ok N # SKIP" (cmocka) are skips
	p=$(grep -cE '^ok [0-9]+' "$log" | head -1)
	s=$(grep -ciE '^(not )?ok [0-9]+ # skip' "$log" | head -1)
	f=$(grep -cE '^not ok [0-9]+' "$log" | head -1)
	p=$((p - $(grep -ciE '^ok [0-9]+ # skip' "$log" | head -1)))
	f=$((f - $(grep -ciE '^not ok [0-9]+ # skip' "$log" | head -1)))
	# a script that died without saying why counts as one failure
	if test "$rc" != 0 && test "$f" = 0; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if test "$f" != 0; then
		failed_names+=("$name")
		printf '%-40s FAIL (%d passed, %d failed)\n' "$name" "$p" "$f"
		grep -E -A30 '^not ok' "$log" | head -60 | sed 's/^/    /'
	else
		printf '%-40s ok (%d passed%s)\n' "$name" "$p" \
			"$(test "$s" != 0 && echo ", $s skipped")"
	fi
}

for u in ${KDEV_UNITS:-}; do
	name=$(basename "$u")
	log=t/out/$name.log
	CMOCKA_MESSAGE_OUTPUT=TAP "$u" >"$log" 2>&1
	count "$name" "$log" $?
done

for f in ${KDEV_FUZZERS:-}; do
	name=$(basename "$f")
	log=t/out/$name.log
	seeds=t/fuzz/corpus-${name#fuzz-}
	work=build/fuzz/work-$name
	mkdir -p "$work" "$seeds"
	# a short regression pass: the committed seeds plus 10 s of new input
	# (new inputs go to build/, never into the source tree)
	if "$f" -max_total_time="${KDEV_FUZZ_SECONDS:-10}" -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=build/fuzz/ \
		"$work" "$seeds" >"$log.raw" 2>&1; then
		echo "ok 1 - $name ran $(grep -o 'Done [0-9]* runs' "$log.raw" | tail -1)" >"$log"
		count "$name" "$log" 0
	else
		{ echo "not ok 1 - $name found a problem"; tail -40 "$log.raw"; } >"$log"
		count "$name" "$log" 1
	fi
done

for t in t/t[0-9][0-9][0-9][0-9]-*.sh; do
	name=$(basename "$t" .sh)
	log=t/out/$name.log
	bash "$t" >"$log" 2>&1 </dev/null
	count "$name" "$log" $?
done

echo
if test ${#failed_names[@]} != 0; then
	echo "failed: ${failed_names[*]} (logs in t/out/)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
test "$failed" = 0

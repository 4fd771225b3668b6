# SPDX-License-Identifier: GPL-2.0
# Test library in the style of git's t/test-lib.sh.
#
#   test_description='what this script covers'
#   . "${0%/*}/test-lib.sh"
#   test_expect_success [PREREQ] 'title' '
#   	cmd && cmd
#   '
#   test_done
#
# Tests run in the script's shell, as in git (variables set by one test
# are seen by the next), inside a fresh trash directory shared by the
# script; results are printed as TAP ("ok N - title").
# KDEV is the binary under test (default: build/san/kdev, the ASan+UBSan
# build that "make check" makes). -v shows the output of the commands.

TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd)
SRC_ROOT=$(cd "$TEST_DIRECTORY/.." && pwd)
TEST_NAME=$(basename "$0" .sh)
TRASH_DIRECTORY="$TEST_DIRECTORY/trash/$TEST_NAME"
: "${KDEV:=$SRC_ROOT/build/san/kdev}"
case "$KDEV" in /*) ;; *) KDEV="$SRC_ROOT/$KDEV" ;; esac
export KDEV SRC_ROOT TEST_DIRECTORY
export NO_COLOR=1
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
unset KBUILD_OUTPUT
# Downloads stay cached where they are (t/kernel/lab.sh, the rootfs);
# what kdev keeps for the user (kdev run's console logs) goes to the trash.
export KDEV_CACHE="${KDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdev}"
export XDG_CACHE_HOME="$TEST_DIRECTORY/trash/$TEST_NAME/.cache"

verbose=
for arg in "$@"; do
	case "$arg" in
	-v|--verbose) verbose=t ;;
	esac
done

test_count=0
test_failed=0
test_skipped=0
test_prereqs=" "

rm -rf "$TRASH_DIRECTORY"
mkdir -p "$TRASH_DIRECTORY" || exit 1
cd "$TRASH_DIRECTORY" || exit 1

# Run kdev as the tests mean it.
kdev() {
	"$KDEV" "$@"
}

test_set_prereq() {
	test_prereqs="$test_prereqs$1 "
}

test_have_prereq() {
	local p
	for p in $(echo "$1" | tr , ' '); do
		case "$test_prereqs" in
		*" $p "*) ;;
		*) return 1 ;;
		esac
	done
	return 0
}

test_run_() {
	local ret
	if test -n "$verbose"; then
		eval "$1"
		ret=$?
	else
		eval "$1" >"$TRASH_DIRECTORY/.out" 2>&1
		ret=$?
	fi
	cd "$TRASH_DIRECTORY" || exit 1
	return $ret
}

test_expect_success() {
	local prereq=
	if test $# = 3; then
		prereq=$1
		shift
	fi
	test_count=$((test_count + 1))
	if test -n "$prereq" && ! test_have_prereq "$prereq"; then
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count # skip $1 (missing $prereq)"
		return 0
	fi
	if test_run_ "$2"; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		if test -z "$verbose"; then
			sed 's/^/#	/' "$TRASH_DIRECTORY/.out"
		fi
		echo "$2" | sed 's/^/#	> /'
	fi
}

test_expect_failure() {
	echo "test_expect_failure is not used in this suite" >&2
	exit 1
}

test_done() {
	echo "1..$test_count"
	if test "$test_failed" = 0; then
		echo "# passed all $test_count test(s) ($test_skipped skipped)"
		exit 0
	fi
	echo "# failed $test_failed among $test_count test(s)"
	exit 1
}

test_skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# Helpers, as in git.
test_cmp() {
	diff -u "$1" "$2"
}

test_must_be_empty() {
	if test -s "$1"; then
		echo "test_must_be_empty: '$1' is not empty:" >&2
		cat "$1" >&2
		return 1
	fi
}

test_must_fail() {
	"$@"
	local code=$?
	if test $code = 0; then
		echo "test_must_fail: command succeeded: $*" >&2
		return 1
	fi
	if test $code -gt 128 && test $code != 134; then
		echo "test_must_fail: killed by signal: $*" >&2
		return 1
	fi
	if test $code = 134 || test $code = 139; then
		echo "test_must_fail: crashed: $*" >&2
		return 1
	fi
	return 0
}

test_expect_code() {
	local want=$1 code
	shift
	"$@"
	code=$?
	if test "$code" = "$want"; then
		return 0
	fi
	echo "test_expect_code: command exited $code, wanted $want: $*" >&2
	return 1
}

test_path_is_file() {
	test -f "$1" || { echo "file $1 does not exist" >&2; return 1; }
}

test_path_is_missing() {
	! test -e "$1" || { echo "'$1' exists" >&2; return 1; }
}

test_file_not_empty() {
	test -s "$1" || { echo "'$1' is empty" >&2; return 1; }
}

test_line_count() {
	local n
	n=$(wc -l <"$3")
	if ! test "$n" "$1" "$2"; then
		echo "test_line_count: $3 has $n lines, wanted $1 $2" >&2
		return 1
	fi
}

# grep that shows the file when it fails
test_grep() {
	local neg=
	if test "$1" = "!"; then
		neg=t
		shift
	fi
	local file
	for file; do :; done
	if test -n "$neg"; then
		if grep "$@" >/dev/null; then
			echo "test_grep: unexpected match for '$1' in $file:" >&2
			cat "$file" >&2
			return 1
		fi
		return 0
	fi
	if ! grep "$@" >/dev/null; then
		echo "test_grep: no match for '$1' in $file:" >&2
		cat "$file" >&2
		return 1
	fi
}

# The crash lab's kernel (t/kernel/lab.sh): fetch it (and, with "build",
# the kdevcrash module), write its paths to ./paths with a private TMPDIR
# for kdev run, so that a test can check nothing is left behind there.
test_lab_setup() {
	local lab=$SRC_ROOT/t/kernel/lab.sh
	"$lab" fetch &&
	if test "${1:-}" = build; then "$lab" build; fi &&
	"$lab" paths >paths &&
	. ./paths &&
	test -d "$KMODS" &&
	mkdir tmp &&
	echo "TMPDIR=$PWD/tmp" >>paths
}

# After test_lab_setup: the paths, and kdev run on the lab's kernel.
test_lab_load() {
	. ./paths 2>/dev/null
	export TMPDIR
}

run() {
	kdev run --kernel "$VMLINUZ" --modules "$KMODS" --timeout 300 "$@"
}

if ! test -x "$KDEV"; then
	echo "Bail out! $KDEV is not built (run make check)"
	exit 1
fi

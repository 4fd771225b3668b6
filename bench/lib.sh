# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the benchmarks: source it after setting nothing;
# messages are prefixed with the script's name (bench/NAME.sh).

BENCH_NAME="bench/${0##*/}"

die() {
	printf '%s: %s\n' "$BENCH_NAME" "$*" >&2
	exit 1
}

note() {
	printf '%s: %s\n' "$BENCH_NAME" "$*" >&2
}

# usage [STATUS]: the usage text from the script's header comment, from
# "usage:" up to "Environment"; on stdout for -h (STATUS 0), else stderr.
usage() {
	if [ "${1:-2}" = 0 ]; then
		sed -n 's/^# \{0,1\}//; /^usage:/,/^Environment/p' "$0" | sed '$d'
	else
		sed -n 's/^# \{0,1\}//; /^usage:/,/^Environment/p' "$0" | sed '$d' >&2
	fi
	exit "${1:-2}"
}

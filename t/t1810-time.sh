#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev time: time per line of bash and sh scripts

Scripts sleep for known lengths in functions, loops, subshells,
pipelines, command substitutions and a sourced file, and burn CPU in one
line; the report must put the time on those lines (lower bounds and
ordering only: sleeps are long enough apart that load cannot swap them;
a record read late by a busy kdev shortens its command, so the bounds
are 90% of the sleeps).
The script itself must not notice: same stdout, stderr, stdin and exit
status as when it runs alone.'
. "${0%/*}/test-lib.sh"

# jq FILE FILTER: one value from a JSON report
jqv() {
	jq -r "$2" "$1"
}

# line_field JSON FILE LINE FIELD
line_field() {
	jq -r --arg f "$2" --argjson l "$3" \
		".lines[] | select(.file == \$f and .line == \$l) | .$4" "$1"
}

write_scripts() {
	# $1: the #! line; the same body for both shells
	cat >lib.sh <<-\EOF
	lib_sleep() {
		sleep 0.23
	}
	lib_sleep
	EOF
	{
		echo "$1"
		cat <<-\EOF
		nap() {
			sleep 0.3
		}
		for i in 1 2 3; do
			sleep 0.1
		done
		nap
		( sleep 0.2 )
		sleep 0.21 | cat
		x=$(sleep 0.22; echo sub)
		. ./lib.sh
		awk 'BEGIN { for (i = 0; i < 4000000; i++) s += i; print "burnt" }'
		echo "done $x"
		EOF
	} >prog.sh
}

for shell in bash sh; do
	test_expect_success "$shell: every line's time where it was spent" '
		rm -rf $shell && mkdir $shell && cd $shell &&
		write_scripts "#!/bin/$shell" &&
		kdev time --json -o report.json prog.sh >out 2>err &&
		printf "burnt\ndone sub\n" >expect &&
		test_cmp expect out &&
		test_must_be_empty err &&
		test "$(jqv report.json .exit_status)" = 0 &&
		test "$(jqv report.json .shell)" = /bin/$shell &&
		# the function body: 0.3 s, once
		test "$(line_field report.json prog.sh 3 count)" = 1 &&
		test "$(line_field report.json prog.sh 3 total_us)" -ge 270000 &&
		# the loop: three times 0.1 s on one line
		test "$(line_field report.json prog.sh 6 count)" = 3 &&
		test "$(line_field report.json prog.sh 6 total_us)" -ge 270000 &&
		test "$(line_field report.json prog.sh 6 max_us)" -ge 90000 &&
		test "$(line_field report.json prog.sh 6 mean_us)" -ge 90000 &&
		# the call itself costs next to nothing: the time is in the body
		test "$(line_field report.json prog.sh 8 total_us)" -lt 200000 &&
		# subshell, pipeline, command substitution
		test "$(line_field report.json prog.sh 9 total_us)" -ge 180000 &&
		test "$(line_field report.json prog.sh 10 total_us)" -ge 180000 &&
		test "$(line_field report.json prog.sh 11 total_us)" -ge 180000 &&
		# the sourced file, under its own name
		test "$(line_field report.json ./lib.sh 2 total_us)" -ge 180000 &&
		test "$(line_field report.json ./lib.sh 2 source)" = "sleep 0.23" &&
		# CPU time goes to the awk line, and nowhere near as much elsewhere
		user=$(line_field report.json prog.sh 13 user_us) &&
		test "$user" -ge 50000 &&
		test "$(jq "[.lines[] | select(.line != 13 or .file != \"prog.sh\") | .user_us] | max" report.json)" -lt "$user" &&
		# the trace: every command with its line and a status
		test "$(jq "[.trace[] | select(.file == \"prog.sh\" and .line == 6)] | length" report.json)" = 3 &&
		# bash quotes words with spaces, dash does not
		jq -r ".trace[-1].command" report.json >last &&
		grep -x "echo .\{0,1\}done sub.\{0,1\}" last &&
		# the totals add up: nothing is counted twice
		wall=$(jqv report.json .wall_us) &&
		sum=$(jq "[.lines[].total_us] | add" report.json) &&
		test "$sum" -le "$wall" &&
		test "$wall" -ge 1400000
	'

	test_expect_success "$shell: the text report, slowest first" '
		cd $shell &&
		kdev time -n 30 prog.sh >out 2>report &&
		test_grep "^kdev time: /bin/$shell prog.sh" report &&
		# bash traces the for line too: 12 lines, sh 11
		n=$(sed -n "s/^slowest lines (\([0-9]*\) of \1):\$/\1/p" report) &&
		test "$n" -ge 11 &&
		sed -n "/^slowest/,/^\$/p" report | sed -n "3,$((n + 2))p" >top &&
		test_line_count = $n top &&
		# 0.3 s (three times 0.1, once 0.3) comes before the 0.2 s subshell
		grep -o -E "prog.sh:(3|6|9) " top | cut -d: -f2 | tr -d " " >order &&
		sed -n 3p order >last && echo 9 >expect && test_cmp expect last &&
		kdev time -n 2 prog.sh 2>report2 >out &&
		test_grep "^slowest lines (2 of $n)" report2 &&
		test_grep "^prog.sh:\$" report &&
		test_grep "^./lib.sh:\$" report &&
		test_grep -E "^ +6 +3 .* +sleep 0.1\$" report &&
		test_grep -E "^total: [0-9.]+s wall, .* exit status 0" report
	'
done

test_expect_success 'stdout, stderr, stdin and the exit status are the script'"'"'s' '
	cat >io.sh <<-\EOF &&
	#!/bin/bash
	read -r first
	echo "got $first"
	echo "to stderr" >&2
	printf "no newline" >&2
	cat
	echo "'"'"'quoted
	newline'"'"' $#:$1:$2" >&2
	exit 7
	EOF
	printf "line1\nline2\nline3\n" >in &&
	test_expect_code 7 bash io.sh "a b" c <in >out.direct 2>err.direct &&
	test_expect_code 7 kdev time -o rep io.sh "a b" c <in >out 2>err &&
	test_cmp out.direct out &&
	test_cmp err.direct err &&
	test_grep "exit status 7" rep &&
	# dash prints a traced newline as is: kdev cannot tell where such
	# a record ends (see kdev-time(1)), so no newline in arguments here
	sed -e "1s/bash/sh/" -e "/^echo .\{0,1\}.quoted/,/newline/d" io.sh >io-sh.sh &&
	! grep quoted io-sh.sh &&
	test_expect_code 7 sh io-sh.sh "a b" c <in >out.direct 2>err.direct &&
	test_expect_code 7 kdev time -o rep io-sh.sh "a b" c <in >out 2>err &&
	test_cmp out.direct out &&
	test_cmp err.direct err
'

test_expect_success 'sh: stderr passes through kdev untouched, also without newlines' '
	cat >noisy.sh <<-\EOF &&
	#!/bin/sh
	printf "\001kT| not ours\n" >&2
	printf "a" >&2
	printf "b" >&2
	i=0
	while [ $i -lt 50 ]; do printf "%s," $i >&2; i=$((i + 1)); done
	echo end >&2
	EOF
	sh noisy.sh 2>err.direct &&
	kdev time -o rep noisy.sh 2>err &&
	test_cmp err.direct err &&
	test_grep -E "^ +6 +[0-9]+ " rep
'

test_expect_success 'sh: pipelines trace at the same time; no trace line leaks' '
	# dash writes a trace line in pieces, and every command of a
	# pipeline writes its own at once: kdev must keep them apart
	cat >pipes.sh <<-\EOF &&
	#!/bin/sh
	i=0
	while [ $i -lt 150 ]; do
		true | true | cat
		i=$((i + 1))
	done
	EOF
	kdev time --json -o pipes.json pipes.sh 2>err &&
	test_must_be_empty err &&
	test "$(line_field pipes.json pipes.sh 4 count)" = 450 &&
	test "$(jq "[.trace[] | select(.file == \"\")] | length" pipes.json)" = 0
'

test_expect_success 'a script that fails mid-way still gets its report' '
	printf "#!/bin/sh\nset -e\necho before\nsleep 0.1\nfalse\necho never\n" >fail.sh &&
	test_expect_code 1 kdev time fail.sh >out 2>err &&
	echo before >expect &&
	test_cmp expect out &&
	test_grep -E "^ +5 +1 .* +1  false\$" err &&
	test_grep "exit status 1" err &&
	test_grep ! "echo never" err &&
	printf "#!/bin/bash\nsleep 0.1\nexit 3\n" >exit3.sh &&
	test_expect_code 3 kdev time --json exit3.sh 2>j.json &&
	test "$(jq .exit_status j.json)" = 3 &&
	test "$(jq ".lines[-1].line" j.json)" = 3
'

test_expect_success 'killed by a signal: the same status, and a report' '
	printf "#!/bin/bash\necho a\nkill -TERM \$\$\necho b\n" >sig.sh &&
	test_expect_code 143 bash sig.sh >out.direct &&
	test_expect_code 143 kdev time -o rep sig.sh >out &&
	test_cmp out.direct out &&
	test_grep "killed by signal 15" rep &&
	printf "#!/bin/sh\nsleep 0.1\nkill -KILL \$\$\n" >kill.sh &&
	test_expect_code 137 kdev time --json -o j.json kill.sh &&
	test "$(jq .signal j.json)" = 9
'

test_expect_success 'bad input: one clear line and a non-zero exit' '
	test_expect_code 127 kdev time nosuch.sh 2>err &&
	test_grep "cannot run .nosuch.sh.: no such file" err &&
	printf "#!/usr/bin/python3\nprint(1)\n" >py.sh &&
	test_must_fail kdev time py.sh 2>err &&
	test_grep "not a shell script" err &&
	test_must_fail kdev time --shell zsh bash/prog.sh 2>err &&
	test_grep "shell takes bash, sh" err &&
	test_expect_code 2 kdev time 2>err &&
	test_grep "which script" err &&
	test_expect_code 2 kdev time --top x bash/prog.sh 2>err &&
	test_expect_code 2 kdev time --in-vm --kernel x bash/prog.sh 2>err &&
	test_grep "end kdev run.s options with --" err
'

test_expect_success 'a script without #! runs under sh; --shell bash overrides' '
	printf "echo \$0\nsleep 0.1\n" >plain &&
	kdev time --json -o j.json plain >out &&
	test "$(jq -r .shell j.json)" = /bin/sh &&
	test "$(jq ".lines[1].line" j.json)" = 2 &&
	kdev time --shell bash --json -o j.json plain >out &&
	test "$(jq -r .shell j.json)" = bash &&
	echo plain >expect && test_cmp expect out &&
	test "$(jq ".lines[1].total_us" j.json)" -ge 100000
'

test_expect_success 'setup: a kernel to boot (the crash lab)' '
	test_lab_setup && test_set_prereq LAB
'
test_lab_load

test_expect_success LAB '--in-vm: the script runs in a guest, same report' '
	cat >vm.sh <<-\EOF &&
	#!/bin/sh
	uname -r
	sleep 0.3
	for i in 1 2; do sleep 0.1; done
	EOF
	kdev time --json -o "$PWD/vm.json" --in-vm --kernel "$VMLINUZ" \
		--modules "$KMODS" --timeout 300 -- ./vm.sh >out 2>err &&
	echo "$RELEASE" >expect &&
	test_cmp expect out &&
	test "$(jq .exit_status vm.json)" = 0 &&
	test "$(line_field vm.json ./vm.sh 3 total_us)" -ge 270000 &&
	test "$(line_field vm.json ./vm.sh 4 count)" = 2 &&
	kdev time --in-vm --kernel "$VMLINUZ" --modules "$KMODS" \
		--timeout 300 -- ./vm.sh >out 2>err &&
	test_cmp expect out &&
	test_grep -E "^ +3 +1 .*sleep 0.3\$" err
'

test_done

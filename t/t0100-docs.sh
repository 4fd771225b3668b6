#!/bin/bash
# SPDX-License-Identifier: GPL-2.0

test_description='man pages, bash completion and make install agree with kdev'

. "$(dirname "$0")"/test-lib.sh

DOC=$SRC_ROOT/doc
COMPLETION=$SRC_ROOT/contrib/completion/kdev.bash

if command -v man >/dev/null 2>&1; then
	test_set_prereq MAN
fi
if command -v groff >/dev/null 2>&1; then
	test_set_prereq GROFF
fi
if command -v make >/dev/null 2>&1 && test -x "$SRC_ROOT/kdev"; then
	test_set_prereq MAKE
fi

# The command names listed by "kdev help".
commands() {
	kdev help | sed -n '/^commands:/,/^$/s/^   \([a-z][a-z-]*\) .*/\1/p'
}

# Complete the words given, the last one being the word under the cursor.
complete_words() {
	bash -c '
		source "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_kdev || exit 1
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$COMPLETION" "$@"
}

# The long options a --help text mentions ("--list[=N]" gives "--list").
long_options() {
	grep -o -e '--[a-z][a-z-]*' | sort -u
}

# The commands with a page of their own and options to check.
PAGED="decode run config build install list remove dyndbg dmesg gdb time
maintainers patch trace doctor attach"

# The long options of command $1: for config and patch, those of their
# commands (which have a --help of their own). The options of other
# programs a --help names (get_maintainer.pl's, git's) are left out.
command_options() {
	case $1 in
	config)
		{ kdev config --help && kdev config which --help; } |
		long_options ;;
	patch)
		# --each-commit: kdev build's, which --build runs
		{ kdev patch check --help && kdev patch send --help; } |
		long_options | grep -v -x -e --each-commit ;;
	maintainers)
		kdev maintainers --help | long_options |
		grep -v -x -e --no-git -e --no-git-fallback -e --to-cmd \
			-e --cached ;;
	gdb)
		# kdev run --gdb, --kgdb: the guest's side
		kdev gdb --help | long_options | grep -v -x -e --gdb ;;
	*)
		kdev $1 --help | long_options ;;
	esac
}

# The words before option $2 of command $1 on a command line that takes
# it: "kdev config enable" for --deps.
option_context() {
	case $1:$2 in
	config:--deps) echo kdev config enable ;;
	config:--list | config:--print) echo kdev config preset ;;
	config:--from | config:--localmod) echo kdev config from-running ;;
	config:--enable | config:--output | config:--verbose)
		echo kdev config which ;;
	config:*) echo kdev config set ;;
	patch:*)
		if kdev patch check --help | long_options | grep -q -x -e "$2"
		then
			echo kdev patch check
		else
			echo kdev patch send
		fi ;;
	*) echo kdev $1 ;;
	esac
}

# The commands "kdev config --help" lists.
config_commands() {
	kdev config --help |
	sed -n '/^commands:/,/^$/s/^   \([a-z][a-z-]*\) .*/\1/p'
}

test_expect_success 'kdev help lists commands' '
	commands >cmds &&
	test_grep -x decode cmds &&
	test_grep -x help cmds &&
	test_grep -x version cmds
'

test_expect_success 'every command has a man page' '
	for c in $(commands); do
		case $c in
		help|version)
			grep -q -E "^\.BI? $c([^a-z-]|\$)" "$DOC/kdev.1" || {
				echo "kdev.1 does not describe $c" >&2
				return 1
			} ;;
		*)
			test_path_is_file "$DOC/kdev-$c.1" || return 1 ;;
		esac
	done
'

test_expect_success 'each man page is named after its file' '
	for f in "$DOC"/*.1; do
		name=$(basename "$f" .1) &&
		th=$(sed -n "s/^\.TH \([^ ]*\) 1 .*/\1/p" "$f" |
		     sed "s/\\\\-/-/g" | tr A-Z a-z) &&
		test "$th" = "$name" || {
			echo "$f: .TH names \"$th\", not $name" >&2
			return 1
		}
	done
'

test_expect_success MAN 'man renders every page without warnings' '
	for f in "$DOC"/*.1; do
		MANWIDTH=80 man --warnings -l "$f" >out 2>err || return 1
		test_file_not_empty out || return 1
		if test -s err; then
			echo "$f:" >&2
			cat err >&2
			return 1
		fi
		grep -q "^NAME" out && grep -q "^SYNOPSIS" out &&
		grep -q "^DESCRIPTION" out && grep -q "^SEE ALSO" out ||
		return 1
	done
'

test_expect_success GROFF 'groff -ww finds nothing to warn about' '
	groff -man -Tutf8 -ww -z "$DOC"/*.1 2>err &&
	if test -s err; then cat err >&2; false; fi
'

test_expect_success 'the command pages have the sections a man page needs' '
	for c in $PAGED; do
		for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" \
			 ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
			grep -q "^\.SH \"*$s\"*\$" "$DOC/kdev-$c.1" || {
				echo "kdev-$c.1: no .SH $s" >&2
				return 1
			}
		done || return 1
	done
'

test_expect_success 'kdev-run.1 describes the interactive shell' '
	grep -q "^\.SH INTERACTIVE\$" "$DOC/kdev-run.1"
'

test_expect_success 'kdev-config.1 describes every config command' '
	config_commands >subs &&
	test_grep -x olddefconfig subs &&
	test_grep -x which subs &&
	test_grep -x diff subs &&
	grep -q "^\.SH COMMANDS\$" "$DOC/kdev-config.1" &&
	sed -n "/^\.SH SYNOPSIS/,/^\.SH/p" "$DOC/kdev-config.1" >synopsis &&
	sed -n "/^\.SH COMMANDS/,/^\.SH/p" "$DOC/kdev-config.1" >cmds &&
	for s in $(cat subs); do
		grep -q "^\.B kdev config $s\$" synopsis &&
		grep -q -E "^(\.BI? |\\\\fB)$s([^a-z]|\$)" cmds || {
			echo "kdev-config.1 does not describe config $s" >&2
			return 1
		}
	done
'

test_expect_success 'kdev-config.1 lists every line of every preset' '
	grep -q "^\.SH PRESETS\$" "$DOC/kdev-config.1" &&
	sed -n "/^\.SH PRESETS/,/^\.SH/p" "$DOC/kdev-config.1" |
		sed "s/\\\\-/-/g" >presets &&
	kdev config preset --list >list &&
	test_line_count = 5 list &&
	for p in $(cut -d " " -f 1 list); do
		grep -q "^\.SS \"$p " presets || {
			echo "kdev-config.1: no .SS for preset $p" >&2
			return 1
		}
		sed -n "/^\.SS \"$p /,/^\.S[SH]/p" presets >section &&
		kdev config preset --print $p >lines &&
		test_line_count -gt 5 lines &&
		sed 1d lines >body &&
		while read -r line; do
			grep -q -x -F -e "$line" section || {
				echo "kdev-config.1: preset $p lacks: $line" >&2
				return 1
			}
		done <body || return 1
	done
'

test_expect_success 'every option of every command'"'"'s --help is documented' '
	command_options decode >opts.decode &&
	test_grep -x -e --vmlinux opts.decode &&
	test_grep -x -e --json opts.decode &&
	command_options run >opts.run &&
	test_grep -x -e --kernel opts.run &&
	test_grep -x -e --rwdir opts.run &&
	test_grep -x -e --dry-run opts.run &&
	command_options config >opts.config &&
	test_grep -x -e --deps opts.config &&
	test_grep -x -e --print opts.config &&
	test_grep -x -e --enable opts.config &&
	for c in $PAGED; do
		command_options $c >opts.$c &&
		sed "s/\\\\-/-/g" "$DOC/kdev-$c.1" >page &&
		for o in $(cat opts.$c); do
			grep -q -e "$o\\b" page || {
				echo "kdev-$c.1 does not mention $o" >&2
				return 1
			}
		done || return 1
	done
'

test_expect_success 'every option of every command'"'"'s --help is completed' '
	for c in $PAGED; do
		command_options $c >opts &&
		for o in $(cat opts); do
			complete_words $(option_context $c $o) "$o" >actual &&
			grep -q -x -e "$o=\\{0,1\\}" actual || {
				echo "kdev.bash does not complete $o for $c" >&2
				return 1
			}
		done || return 1
	done
'

test_expect_success 'every global option is documented and completed' '
	kdev help | sed -n "/^global options:/,\$p" | long_options >gopts &&
	test_grep -x -e --color gopts &&
	sed "s/\\\\-/-/g" "$DOC/kdev.1" >page &&
	for o in $(cat gopts); do
		grep -q -e "$o\\b" page && grep -q -e "$o\\b" "$COMPLETION" || {
			echo "$o missing from kdev.1 or kdev.bash" >&2
			return 1
		}
	done
'

test_expect_success 'the completion knows every command' '
	for c in $(commands); do
		grep -q "^_kdev_commands=.*\\b$c\\b" "$COMPLETION" || {
			echo "kdev.bash does not list $c" >&2
			return 1
		}
	done
'

test_expect_success 'completion: kdev dec completes to decode' '
	complete_words kdev dec >actual &&
	echo decode >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: kdev decode --vm completes to --vmlinux' '
	complete_words kdev decode --vm >actual &&
	echo --vmlinux >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: kdev help completes command names' '
	complete_words kdev help "" >actual &&
	commands >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: --color= values, split at = or not' '
	complete_words kdev --color = al >actual &&
	echo always >expect &&
	test_cmp expect actual &&
	complete_words kdev --color=n >actual &&
	echo --color=never >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: files and directories for decode' '
	mkdir -p tree.d sub &&
	: >vmlinux.x &&
	complete_words kdev decode --tree tr >actual &&
	echo tree.d >expect &&
	test_cmp expect actual &&
	complete_words kdev decode --vmlinux vml >actual &&
	echo vmlinux.x >expect &&
	test_cmp expect actual &&
	complete_words kdev -C tree.d decode --vm >actual &&
	echo --vmlinux >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: kdev run options and their values' '
	complete_words kdev run --acc >actual &&
	echo --accel >expect &&
	test_cmp expect actual &&
	complete_words kdev run --accel "" >actual &&
	printf "%s\n" kvm tcg >expect &&
	test_cmp expect actual &&
	complete_words kdev run --accel=t >actual &&
	echo --accel=tcg >expect &&
	test_cmp expect actual &&
	complete_words kdev run --net "" >actual &&
	echo user >expect &&
	test_cmp expect actual &&
	complete_words kdev run --cpus "" >actual &&
	test_grep ! . actual
'

test_expect_success 'completion: files and directories for run' '
	mkdir -p tree.d root.d &&
	: >vmlinux.x &&
	: >bzImage.x &&
	complete_words kdev run --kernel bzI >actual &&
	echo bzImage.x >expect &&
	test_cmp expect actual &&
	complete_words kdev run --vmlinux vml >actual &&
	echo vmlinux.x >expect &&
	test_cmp expect actual &&
	complete_words kdev run --rwdir roo >actual &&
	echo root.d >expect &&
	test_cmp expect actual &&
	complete_words kdev run --modules "" >actual &&
	test_grep -x auto actual &&
	test_grep -x tree.d actual &&
	test_grep ! -x vmlinux.x actual
'

test_expect_success 'completion: kdev run completes the command to run' '
	complete_words kdev run -- unam >actual &&
	test_grep -x uname actual &&
	complete_words kdev run --cpus 2 unam >actual &&
	test_grep -x uname actual &&
	complete_words kdev run -- uname vml >actual &&
	echo vmlinux.x >expect &&
	test_cmp expect actual &&
	complete_words kdev run -v -- sh -c -- >actual &&
	test_grep ! . actual
'

test_expect_success 'completion: kdev config commands and their options' '
	complete_words kdev config "" >actual &&
	config_commands >expect &&
	test_cmp expect actual &&
	complete_words kdev config pre >actual &&
	echo preset >expect &&
	test_cmp expect actual &&
	complete_words kdev config - >actual &&
	echo --help >expect &&
	test_cmp expect actual &&
	complete_words kdev config enable --d >actual &&
	printf "%s\n" --deps --dry-run >expect &&
	test_cmp expect actual &&
	complete_words kdev config set --d >actual &&
	echo --dry-run >expect &&
	test_cmp expect actual &&
	complete_words kdev config preset --l >actual &&
	echo --list >expect &&
	test_cmp expect actual &&
	complete_words kdev config which --enable= >actual &&
	printf "%s\n" --enable=y --enable=m >expect &&
	test_cmp expect actual &&
	complete_words kdev config which --enable = m >actual &&
	echo m >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: kdev config preset completes the presets' '
	kdev config preset --list | cut -d " " -f 1 >expect &&
	test_line_count = 5 expect &&
	complete_words kdev config preset "" >actual &&
	for p in $(cat expect); do
		test_grep -x $p actual || return 1
	done &&
	complete_words kdev config preset --print k >actual &&
	printf "%s\n" kasan kgdb >expect &&
	test_cmp expect actual &&
	complete_words kdev config preset debug l >actual &&
	printf "%s\n" lockdep >expect &&
	test_cmp expect actual
'

test_expect_success 'completion: files and directories for kdev config' '
	mkdir -p tree.d fake/arch/x86 fake/arch/arm64 &&
	: >frag.config &&
	complete_words kdev config merge fra >actual &&
	echo frag.config >expect &&
	test_cmp expect actual &&
	complete_words kdev config diff frag.config fr >actual &&
	echo frag.config >expect &&
	test_cmp expect actual &&
	complete_words kdev config set O=tr >actual &&
	echo O=tree.d >expect &&
	test_cmp expect actual &&
	complete_words kdev config merge frag.config O = tr >actual &&
	echo tree.d >expect &&
	test_cmp expect actual &&
	complete_words kdev config set O=fra >actual &&
	test_grep ! . actual &&
	complete_words kdev config which --output tr >actual &&
	echo tree.d >expect &&
	test_cmp expect actual &&
	complete_words kdev config set --tree fake ARCH=a >actual &&
	echo ARCH=arm64 >expect &&
	test_cmp expect actual &&
	complete_words kdev config set "" >actual &&
	test_grep -x O= actual &&
	test_grep -x ARCH= actual &&
	test_grep ! -x frag.config actual
'

test_expect_success MAKE 'make install puts kdev, man pages and completion in place' '
	inst=$PWD/inst &&
	make -s -C "$SRC_ROOT" -o kdev install DESTDIR="$inst" PREFIX=/usr \
		KDEV=kdev >out 2>&1 &&
	test -x "$inst/usr/bin/kdev" &&
	for f in "$DOC"/*.1; do
		test_path_is_file "$inst/usr/share/man/man1/$(basename "$f")" ||
		return 1
	done &&
	test_path_is_file "$inst/usr/share/man/man1/kdev.1" &&
	test_path_is_file "$inst/usr/share/man/man1/kdev-decode.1" &&
	test_path_is_file "$inst/usr/share/bash-completion/completions/kdev" &&
	cmp "$COMPLETION" "$inst/usr/share/bash-completion/completions/kdev" &&
	"$inst/usr/bin/kdev" --version >version &&
	test_grep "^kdev version " version
'

test_expect_success MAKE,MAN 'man finds the installed pages' '
	MANPATH=$PWD/inst/usr/share/man man -w kdev-decode >where &&
	test_grep "inst/usr/share/man/man1/kdev-decode.1" where
'

test_expect_success MAKE 'make uninstall removes what make install put there' '
	inst=$PWD/inst &&
	make -s -C "$SRC_ROOT" uninstall DESTDIR="$inst" PREFIX=/usr \
		KDEV=kdev >out 2>&1 &&
	find "$inst" -type f >left &&
	test_line_count = 0 left
'

test_done

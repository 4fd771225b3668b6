# SPDX-License-Identifier: GPL-2.0
# bash completion for kdev(1).
#
# Install as /usr/share/bash-completion/completions/kdev (make install
# does), or source it from ~/.bashrc.  Works with or without the
# bash-completion package.

# The commands, in the order "kdev help" lists them.
_kdev_commands="decode run rootfs config help version"

_kdev_global_opts="-C --color= --version --help"
_kdev_colors="auto always never"

# Per command: every option, which of them take a file or a directory,
# and which take some other value in a separate word (_kdev_values knows
# the choices of some; the others complete nothing).
_kdev_decode_opts="--vmlinux --modules --tree --sysroot --list= --json --help"
_kdev_decode_file_opts="--vmlinux"
_kdev_decode_dir_opts="--modules --tree --sysroot"
_kdev_decode_arg_opts=""

_kdev_run_opts="--kernel --tree --modules --vmlinux --decode-modules --root
	--rw --rwdir --rodir --root-user --fs --accel --cpus --memory --append
	--dyndbg --panic-on-warn --oops-panic --net --ssh --gdb --timeout --log
	--verbose --dry-run --help"
_kdev_run_file_opts="--kernel --vmlinux --log"
_kdev_run_dir_opts="--tree --modules --root --rwdir --rodir --decode-modules"
_kdev_run_arg_opts="--fs --accel --cpus --memory --append --dyndbg --net --ssh
	--timeout"

# The fixed choices for the value of option $2 of command $1, if any.
_kdev_values() {
	case $1:$2 in
	run:--accel) echo "kvm tcg" ;;
	run:--fs) echo "virtiofs 9p" ;;
	run:--net) echo "user" ;;
	run:--modules) echo "auto" ;;
	esac
}

# Does word list $2 contain word $1?
_kdev_in() {
	local w
	for w in $2; do
		[[ $w == "$1" ]] && return 0
	done
	return 1
}

# COMPREPLY entries are built for the whole current word, "--opt=value"
# included.  When COMP_WORDBREAKS split the word at '=', readline only
# replaces the part after it: strip what it will keep.
_kdev_fix_reply() {
	local joined=$1 raw=${COMP_WORDS[COMP_CWORD]} strip i
	[[ $joined == "$raw" ]] && return 0
	if [[ $raw == "=" ]]; then
		strip=$joined
	else
		strip=${joined%"$raw"}
	fi
	for i in "${!COMPREPLY[@]}"; do
		COMPREPLY[i]=${COMPREPLY[i]#"$strip"}
	done
}

# Add the words of $2 that start with $1.
_kdev_add_words() {
	local w
	for w in $2; do
		[[ $w == "$1"* ]] && COMPREPLY+=("$w")
	done
	return 0
}

# Add file (or with -d, directory) names starting with $2, each behind
# the prefix $3 ("--vmlinux=" for the joined form, or empty).
_kdev_add_paths() {
	local kind=$1 cur=$2 pre=$3 line
	local -a found=()

	if [[ $kind == -d ]]; then
		mapfile -t found < <(compgen -d -- "$cur")
	else
		mapfile -t found < <(compgen -f -- "$cur")
	fi
	for line in "${found[@]}"; do
		COMPREPLY+=("$pre$line")
	done
	# only possible while readline is completing
	compopt -o filenames 2>/dev/null
	return 0
}

# A word ending in '=' needs its value next: no space after it.
_kdev_nospace_if_eq() {
	local w
	for w in "${COMPREPLY[@]}"; do
		if [[ $w == *= ]]; then
			compopt -o nospace 2>/dev/null
			return 0
		fi
	done
	return 0
}

_kdev() {
	local -a words=()
	local cword=0 join=0 i w

	COMPREPLY=()
	# Rebuild the words as the shell will pass them to kdev: glue
	# "--opt" "=" "value" back together.
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if ((${#words[@]})) && { [[ $w == "=" ]] || ((join)); } &&
		   [[ ${words[${#words[@]}-1]} == -* ]]; then
			words[${#words[@]}-1]+=$w
			join=0
			[[ $w == "=" ]] && join=1
		else
			words+=("$w")
			join=0
		fi
		((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
		((i >= COMP_CWORD)) && break
	done
	# COMP_CWORD may point one past the last word (an empty one)
	if ((COMP_CWORD >= ${#COMP_WORDS[@]})); then
		words+=("")
		cword=$((${#words[@]} - 1))
	fi

	local cur=${words[cword]} prev=
	((cword > 0)) && prev=${words[cword - 1]}

	# Skip the global options to find the command.
	local cmd= cmdi=0
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-C | --color | --colour)
			((i++)) ;;
		-*)
			;;
		*)
			cmd=$w
			cmdi=$i
			break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		case $prev in
		-C)
			_kdev_add_paths -d "$cur" ""
			return 0 ;;
		--color | --colour)
			_kdev_add_words "$cur" "$_kdev_colors"
			return 0 ;;
		esac
		case $cur in
		--color=* | --colour=*)
			local opt=${cur%%=*}=
			local c
			for c in $_kdev_colors; do
				[[ $opt$c == "$cur"* ]] && COMPREPLY+=("$opt$c")
			done ;;
		-*)
			_kdev_add_words "$cur" "$_kdev_global_opts" ;;
		*)
			_kdev_add_words "$cur" "$_kdev_commands" ;;
		esac
		_kdev_nospace_if_eq
		_kdev_fix_reply "$cur"
		return 0
	fi

	case $cmd in
	help)
		((cword == cmdi + 1)) && _kdev_add_words "$cur" "$_kdev_commands"
		return 0 ;;
	version)
		return 0 ;;
	decode | run)
		;;
	*)
		return 0 ;;
	esac

	local opts_var=_kdev_${cmd}_opts file_var=_kdev_${cmd}_file_opts
	local dir_var=_kdev_${cmd}_dir_opts arg_var=_kdev_${cmd}_arg_opts
	local opts=${!opts_var} file_opts=${!file_var} dir_opts=${!dir_var}
	local arg_opts=${!arg_var}
	local dashdash=0 cmdstart=0 v

	# kdev run: its options end at "--" or at the first other word,
	# which starts the COMMAND to run in the guest.
	for ((i = cmdi + 1; i <= cword; i++)); do
		w=${words[i]}
		if ((i < cword)) && [[ $w == -- ]]; then
			dashdash=1
			cmdstart=$((i + 1))
			break
		fi
		[[ $cmd == run ]] || continue
		if ((i < cword)) &&
		   _kdev_in "$w" "$file_opts $dir_opts $arg_opts"; then
			((i++))
		elif [[ $w != -* ]]; then
			cmdstart=$i
			break
		fi
	done
	if [[ $cmd == run ]] && ((cmdstart)); then
		if ((cword == cmdstart)) && [[ $cur != */* ]]; then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		else
			_kdev_add_paths -f "$cur" ""
		fi
		return 0
	fi
	if ((dashdash)); then
		_kdev_add_paths -f "$cur" ""
		return 0
	fi
	# "--opt VALUE"
	v=$(_kdev_values "$cmd" "$prev")
	if _kdev_in "$prev" "$file_opts"; then
		_kdev_add_paths -f "$cur" ""
		return 0
	fi
	if _kdev_in "$prev" "$dir_opts"; then
		_kdev_add_words "$cur" "$v"
		_kdev_add_paths -d "$cur" ""
		return 0
	fi
	if _kdev_in "$prev" "$arg_opts"; then
		_kdev_add_words "$cur" "$v"
		return 0
	fi
	case $cur in
	--*=*)
		# "--opt=VALUE"
		local opt=${cur%%=*} val=${cur#*=}
		v=$(_kdev_values "$cmd" "$opt")
		if _kdev_in "$opt" "$file_opts"; then
			_kdev_add_paths -f "$val" "$opt="
		elif _kdev_in "$opt" "$dir_opts"; then
			for w in $v; do
				[[ $w == "$val"* ]] && COMPREPLY+=("$opt=$w")
			done
			_kdev_add_paths -d "$val" "$opt="
		elif _kdev_in "$opt" "$arg_opts"; then
			for w in $v; do
				[[ $w == "$val"* ]] && COMPREPLY+=("$opt=$w")
			done
		fi ;;
	-*)
		_kdev_add_words "$cur" "$opts"
		_kdev_nospace_if_eq ;;
	*)
		_kdev_add_paths -f "$cur" "" ;;
	esac
	_kdev_fix_reply "$cur"
	return 0
}

complete -F _kdev kdev

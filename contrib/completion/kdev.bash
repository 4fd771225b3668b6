# SPDX-License-Identifier: GPL-2.0
# bash completion for kdev(1).
#
# Install as /usr/share/bash-completion/completions/kdev (make install
# does), or source it from ~/.bashrc.  Works with or without the
# bash-completion package.

# The commands, in the order "kdev help" lists them.
_kdev_commands="decode run rootfs config build install list remove dyndbg dmesg gdb time maintainers patch doctor attach trace help version"

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
	--dyndbg --panic-on-warn --oops-panic --net --ssh --gdb --kgdb --timeout --log
	--name --verbose --dry-run --help"
_kdev_run_file_opts="--kernel --vmlinux --log"
_kdev_run_dir_opts="--tree --modules --root --rwdir --rodir --decode-modules"
_kdev_run_arg_opts="--fs --accel --cpus --memory --append --dyndbg --net --ssh
	--timeout --name"

_kdev_build_opts="--jobs --tree --dry-run --verbose --keep-going --ccache
	--no-ccache --distcc --icecc --each-commit --no-check --help"
_kdev_build_file_opts=""
_kdev_build_dir_opts="--tree"
_kdev_build_arg_opts="--jobs --each-commit"
_kdev_build_vars="O= ARCH= CROSS_COMPILE= LLVM=1 W=1 C=1 M= V=1 CC= HOSTCC="

_kdev_install_opts="--root --dry-run --once --strip --no-initramfs
	--no-bootloader --force --tree --help"
_kdev_install_file_opts=""
_kdev_install_dir_opts="--root --tree"
_kdev_install_arg_opts=""
_kdev_install_vars="O="

_kdev_list_opts="--root --json --help"
_kdev_list_file_opts=""
_kdev_list_dir_opts="--root"
_kdev_list_arg_opts=""

_kdev_remove_opts="--root --dry-run --force --keep --help"
_kdev_remove_file_opts=""
_kdev_remove_dir_opts="--root"
_kdev_remove_arg_opts="--keep"

_kdev_dyndbg_opts="--level --print-boot --json --control --dry-run --help"
_kdev_dyndbg_file_opts="--control"
_kdev_dyndbg_dir_opts=""
_kdev_dyndbg_arg_opts="--level"

_kdev_dmesg_opts="--follow --since --level --time --json --file --no-decode
	--vmlinux --modules --decode-modules --tree --sysroot --help"
_kdev_dmesg_file_opts="--file --vmlinux"
_kdev_dmesg_dir_opts="--modules --decode-modules --tree --sysroot"
_kdev_dmesg_arg_opts="--since --level --time"

_kdev_gdb_opts="--tree --vmlinux --port --kgdb --modules --no-lx --dry-run
	--batch -ex --list --module --context --help"
_kdev_gdb_file_opts="--vmlinux --module"
_kdev_gdb_dir_opts="--tree --modules"
_kdev_gdb_arg_opts="--port -ex --list --context"
_kdev_gdb_vars="O="

_kdev_time_opts="--output --json --top --shell --in-vm --help"
_kdev_time_file_opts="--output"
_kdev_time_dir_opts=""
_kdev_time_arg_opts="--top --shell"

_kdev_trace_opts="--func --module --graph --depth --json --top --host
	--tracefs --raw-output --vmlinux --tree --decode-modules --kernel
	--modules --root --rw --rwdir --rodir --fs --accel --cpus --memory
	--append --dyndbg --panic-on-warn --oops-panic --net --ssh --gdb --kgdb
	--timeout --log --name --verbose --dry-run --help"
_kdev_trace_file_opts="--vmlinux --raw-output --kernel --log"
_kdev_trace_dir_opts="--tracefs --tree --decode-modules --modules --root
	--rwdir --rodir"
_kdev_trace_arg_opts="--func --module --depth --top --fs --accel --cpus
	--memory --append --dyndbg --net --ssh --timeout --name"

# kdev attach [NAME] [-- COMMAND]: NAME from kdev attach --list
_kdev_attach_opts="-t -T --list --help"
_kdev_attach_file_opts=""
_kdev_attach_dir_opts=""
_kdev_attach_arg_opts=""

_kdev_maintainers_opts="--tree --file --json --roles --no-roles --sections
	--staged --no-cache --help"
_kdev_maintainers_file_opts=""
_kdev_maintainers_dir_opts="--tree"
_kdev_maintainers_arg_opts=""

# kdev patch: its commands, named patch_COMMAND below.
_kdev_patch_commands="check send"
_kdev_patch_check_opts="--tree --json --jobs --build --no-checkpatch --help"
_kdev_patch_check_file_opts=""
_kdev_patch_check_dir_opts="--tree"
_kdev_patch_check_arg_opts="--jobs"
_kdev_patch_send_opts="--tree --reroll-count --rfc --subject-prefix --to --cc --dry-run
	--output --send --force --jobs --no-checkpatch --help"
_kdev_patch_send_file_opts=""
_kdev_patch_send_dir_opts="--tree --output"
_kdev_patch_send_arg_opts="--reroll-count --subject-prefix --to --cc --jobs"

_kdev_doctor_opts="--tree --fix --dry-run --json --help"
_kdev_doctor_file_opts=""
_kdev_doctor_dir_opts="--tree"
_kdev_doctor_arg_opts=""
_kdev_doctor_vars="O= CC= CROSS_COMPILE= LLVM=1"

# kdev config: its commands, then the same per command (named
# config_COMMAND below), and the VAR=VALUE words each one takes as make
# does.
_kdev_config_commands="olddefconfig set unset merge preset enable why which
	diff from-running"
_kdev_config_presets="debug vm kasan lockdep kgdb"
_kdev_config_vars="O= ARCH= CC= CROSS_COMPILE= LLVM=1"
_kdev_config_olddefconfig_opts="--tree --dry-run --help"
_kdev_config_set_opts="--tree --dry-run --json --help"
_kdev_config_unset_opts=$_kdev_config_set_opts
_kdev_config_merge_opts=$_kdev_config_set_opts
_kdev_config_preset_opts="--tree --dry-run --json --list --print --help"
_kdev_config_enable_opts="--tree --deps --dry-run --json --help"
_kdev_config_why_opts="--tree --json --help"
_kdev_config_which_opts="--tree --output --json --enable --enable= --dry-run
	--verbose --help"
_kdev_config_which_vars="O= ARCH= KCONFIG_CONFIG="
_kdev_config_diff_opts="--json --help"
_kdev_config_diff_vars="O="
_kdev_config_from_running_opts="--tree --from --localmod --localmod= --dry-run
	--json --help"
_kdev_config_from_running_file_opts="--from"
_kdev_config_dir_opts="--tree --output"

# The fixed choices for the value of option $2 of command $1, if any.
_kdev_values() {
	case $1:$2 in
	run:--accel) echo "kvm tcg" ;;
	run:--fs) echo "virtiofs 9p" ;;
	run:--net) echo "user" ;;
	run:--modules) echo "auto" ;;
	trace:--accel) echo "kvm tcg" ;;
	trace:--fs) echo "virtiofs 9p" ;;
	trace:--net) echo "user" ;;
	trace:--modules) echo "auto" ;;
	config_which:--enable) echo "y m" ;;
	dyndbg:--level) echo "emerg alert crit err warning notice info debug
		restore" ;;
	dmesg:--level) echo "emerg alert crit err warn notice info debug" ;;
	dmesg:--time) echo "boot iso none" ;;
	time:--shell) echo "bash sh" ;;
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

# kdev config COMMAND: its command is the word right after "config".
# Before it is typed, offer the commands and return 1; else set _kdev's
# cmd to config_COMMAND and cmdi to its index.
_kdev_config_command() {
	local sub=${words[cmdi + 1]}

	if ((cword == cmdi + 1)); then
		case $cur in
		-*) _kdev_add_words "$cur" "--help" ;;
		*) _kdev_add_words "$cur" "$_kdev_config_commands" ;;
		esac
		return 1
	fi
	_kdev_in "$sub" "$_kdev_config_commands" || return 1
	cmd=config_${sub//-/_}
	cmdi=$((cmdi + 1))
	return 0
}

# kdev patch COMMAND, as _kdev_config_command does for config.
_kdev_patch_command() {
	local sub=${words[cmdi + 1]}

	if ((cword == cmdi + 1)); then
		case $cur in
		-*) _kdev_add_words "$cur" "--help" ;;
		*) _kdev_add_words "$cur" "$_kdev_patch_commands" ;;
		esac
		return 1
	fi
	_kdev_in "$sub" "$_kdev_patch_commands" || return 1
	cmd=patch_$sub
	cmdi=$((cmdi + 1))
	return 0
}

# The VAR=VALUE words of build, install and gdb: O= and M= take a
# directory; then files.
_kdev_var_args() {
	local cmd=$1 cur=$2 vars_var=_kdev_${1}_vars
	local vars=${!vars_var}

	case $cur in
	O=* | M=*)
		_kdev_in "${cur%%=*}=" "$vars" &&
			_kdev_add_paths -d "${cur#*=}" "${cur%%=*}="
		return 0 ;;
	*=*)
		return 0 ;;
	esac
	_kdev_add_paths -f "$cur" ""
	_kdev_add_words "$cur" "$vars"
	_kdev_nospace_if_eq
	return 0
}

# The names of the architectures of the tree (--tree, or here): the
# directories in arch/, with the ARCH values make maps onto x86.
_kdev_config_arches() {
	local tree=. i d

	for ((i = cmdi + 1; i < cword; i++)); do
		[[ ${words[i]} == --tree ]] && tree=${words[i + 1]}
		[[ ${words[i]} == --tree=* ]] && tree=${words[i]#--tree=}
	done
	for d in "$tree"/arch/*/; do
		[[ -d $d ]] || continue
		d=${d%/}
		echo "${d##*/}"
		[[ ${d##*/} == x86 ]] && echo "x86_64 i386"
	done
}

# The arguments of "kdev config COMMAND": VAR=VALUE words, preset
# names, files or paths.
_kdev_config_args() {
	local cmd=$1 cur=$2 var vars_var=_kdev_${1}_vars w
	local vars=${!vars_var:-$_kdev_config_vars}

	case $cur in
	O=* | KCONFIG_CONFIG=*)
		var=${cur%%=*}=
		_kdev_in "$var" "$vars" || return 0
		if [[ $var == O= ]]; then
			_kdev_add_paths -d "${cur#*=}" "$var"
		else
			_kdev_add_paths -f "${cur#*=}" "$var"
		fi
		return 0 ;;
	ARCH=*)
		_kdev_in "ARCH=" "$vars" || return 0
		for w in $(_kdev_config_arches); do
			[[ ARCH=$w == "$cur"* ]] && COMPREPLY+=("ARCH=$w")
		done
		return 0 ;;
	*=*)
		return 0 ;;
	esac
	case $cmd in
	config_preset)
		_kdev_add_words "$cur" "$_kdev_config_presets" ;;
	config_merge | config_diff | config_which)
		_kdev_add_paths -f "$cur" "" ;;
	esac
	# the variables, when the word may be one
	if [[ -n $cur || $cmd != @(config_merge|config_diff|config_which) ]]
	then
		_kdev_add_words "$cur" "$vars"
	fi
	_kdev_nospace_if_eq
	return 0
}

_kdev() {
	local -a words=()
	local cword=0 join=0 i w

	COMPREPLY=()
	# Rebuild the words as the shell will pass them to kdev: glue
	# "--opt" "=" "value" (and make's "O" "=" "DIR") back together.
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if ((${#words[@]})) && { [[ $w == "=" ]] || ((join)); } &&
		   [[ ${words[${#words[@]}-1]} == @(-*|+([A-Z0-9_])?(=)) ]]; then
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
	decode | run | build | install | list | remove | dyndbg | dmesg | \
	gdb | time | maintainers | trace | doctor | attach)
		;;
	config)
		_kdev_config_command || return 0 ;;
	patch)
		_kdev_patch_command || return 0 ;;
	*)
		return 0 ;;
	esac

	local opts_var=_kdev_${cmd}_opts file_var=_kdev_${cmd}_file_opts
	local dir_var=_kdev_${cmd}_dir_opts arg_var=_kdev_${cmd}_arg_opts
	local opts=${!opts_var} file_opts=${!file_var} dir_opts=${!dir_var}
	local arg_opts=${!arg_var}
	[[ $cmd == config_* ]] && dir_opts=$_kdev_config_dir_opts
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
	# kdev trace, kdev attach: the COMMAND after "--"
	if [[ $cmd == @(run|trace|attach) ]] && ((cmdstart)); then
		if ((cword == cmdstart)) && [[ $cur != */* ]]; then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		else
			_kdev_add_paths -f "$cur" ""
		fi
		return 0
	fi
	if ((dashdash)); then
		case $cmd in
		config_*) _kdev_config_args "$cmd" "$cur" ;;
		*) _kdev_add_paths -f "$cur" "" ;;
		esac
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
		elif [[ -n $v ]] || _kdev_in "$opt" "$arg_opts"; then
			for w in $v; do
				[[ $w == "$val"* ]] && COMPREPLY+=("$opt=$w")
			done
		fi ;;
	-*)
		_kdev_add_words "$cur" "$opts"
		_kdev_nospace_if_eq ;;
	*)
		case $cmd in
		config_*) _kdev_config_args "$cmd" "$cur" ;;
		build | install | gdb | doctor) _kdev_var_args "$cmd" "$cur" ;;
		remove)
			local r
			for r in /var/lib/kdev/installed/*; do
				[[ -f $r ]] || continue
				r=${r##*/}
				[[ $r == "$cur"* ]] && COMPREPLY+=("$r")
			done ;;
		dyndbg)
			[[ $cword == $((cmdi + 1)) ]] &&
				_kdev_add_words "$cur" "list reset"
			_kdev_add_words "$cur" "module file func format line
				class" ;;
		list) ;;
		attach)
			# the running guests' names; one NAME only
			local k=0
			for ((i = cmdi + 1; i < cword; i++)); do
				[[ ${words[i]} == -* ]] || k=1
			done
			((k)) || _kdev_add_words "$cur" \
				"$(kdev attach --list 2>/dev/null | cut -f1)" ;;
		*) _kdev_add_paths -f "$cur" "" ;;
		esac ;;
	esac
	_kdev_fix_reply "$cur"
	return 0
}

complete -F _kdev kdev

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev config set, unset, merge, preset, enable, why, diff

On Debian'"'"'s linux-source-6.1 (t/kernel/tree.sh), x86_64: values that
stick and values that do not, each with the reason Kconfig has for it;
merges checked byte for byte against the kernel'"'"'s merge_config.sh and
make olddefconfig; enable --deps; why on real symbols, checked against
the Kconfig text; diff; --dry-run; --json; errors.'
. "${0%/*}/test-lib.sh"

if ! TREE=$("$SRC_ROOT/t/kernel/tree.sh" path) ||
   ! CONF=$("$SRC_ROOT/t/kernel/tree.sh" conf); then
	test_skip_all "no kernel tree (t/kernel/tree.sh needs linux-source-6.1)"
fi
command -v jq >/dev/null && test_set_prereq JQ
unset KCONFIG_CONFIG CONFIG_ ARCH SRCARCH CROSS_COMPILE LLVM CC KBUILD_OUTPUT

DEFCONFIG=$TREE/arch/x86/configs/x86_64_defconfig

# kc DIR ARGS...: kdev config in the tree, build directory DIR
kc() {
	local dir=$1
	shift
	kdev -C "$TREE" config "$@" O="$PWD/$dir"
}

# fresh DIR [CONFIG]: a build directory holding CONFIG as .config
fresh() {
	rm -rf "$1" && mkdir "$1" &&
	if test -n "$2"; then cp "$2" "$1/.config"; fi
}

# line of "config SYM" in FILE, as file:line
defined_at() {
	echo "$2:$(grep -n -E "^(menu)?config $1\$" "$TREE/$2" | cut -d: -f1)"
}

test_expect_success 'setup: defconfig and tinyconfig, resolved by kdev' '
	fresh def "$DEFCONFIG" && kc def olddefconfig &&
	cp def/.config def.config &&
	cat "$TREE/kernel/configs/tiny-base.config" \
	    "$TREE/kernel/configs/tiny.config" \
	    "$TREE/arch/x86/configs/tiny.config" >tiny.in &&
	fresh tiny tiny.in && kc tiny olddefconfig &&
	cp tiny/.config tiny.config &&
	grep -q "^# CONFIG_NET is not set" tiny.config
'

test_expect_success 'set: a value that sticks; the old .config is kept' '
	fresh s def.config &&
	kc s set XFS_FS=m CONFIG_LOG_BUF_SHIFT=19 >out 2>err &&
	grep -q "^CONFIG_XFS_FS=m$" s/.config &&
	grep -q "^CONFIG_LOG_BUF_SHIFT=19$" s/.config &&
	test_cmp def.config s/.config.old &&
	grep -q "^ LOG_BUF_SHIFT 18 -> 19$" out &&
	test_must_fail grep -q "did not stick" err
'

test_expect_success 'set: the result is what merge_config.sh + make olddefconfig give' '
	printf "CONFIG_XFS_FS=m\nCONFIG_LOG_BUF_SHIFT=19\n" >frag &&
	mkdir -p km && cp def.config km/base &&
	"$TREE/scripts/kconfig/merge_config.sh" -m -O km km/base frag >/dev/null &&
	rm -rf kmo && cp -a "$CONF" kmo && cp km/.config kmo/.config &&
	make -s -C "$TREE" O="$PWD/kmo" olddefconfig >/dev/null 2>&1 &&
	test_cmp kmo/.config s/.config
'

test_expect_success 'set: 9P_FS without INET does not stick, and says why' '
	fresh t tiny.config &&
	test_expect_code 1 kc t set 9P_FS=y >out 2>err &&
	grep "CONFIG_9P_FS=y did not stick (now n; command line): depends on" err &&
	grep "9P_FS.*INET \[=n\]" err &&
	test_must_fail grep -q "^CONFIG_9P_FS=" t/.config
'

test_expect_success 'set: FRAME_POINTER alone is dropped on x86: the unwinder choice' '
	fresh f def.config &&
	test_expect_code 1 kc f set FRAME_POINTER=y 2>err &&
	grep "CONFIG_FRAME_POINTER=y did not stick" err &&
	grep "selected by UNWINDER_FRAME_POINTER \[=n\]" err
'

test_expect_success 'set: a choice that picked another member' '
	fresh c def.config &&
	test_expect_code 1 kc c set UNWINDER_FRAME_POINTER=y UNWINDER_ORC=y 2>err &&
	grep "CONFIG_UNWINDER_FRAME_POINTER=y did not stick.*the choice \"Choose kernel unwinder\" picked UNWINDER_ORC" err
'

test_expect_success 'set: a range, a bool set to m, a select' '
	fresh r def.config &&
	test_expect_code 1 kc r set NR_CPUS=100000 2>err &&
	grep "CONFIG_NR_CPUS=100000 did not stick (now 64.*out of range \[2 512\] (arch/x86/Kconfig:" err &&
	test_expect_code 1 kc r set NET=m 2>err &&
	grep "error: .m. is not a value for bool NET (y or n)" err &&
	test_expect_code 1 kc r set XFS_FS=m MODULES=n 2>err &&
	grep "CONFIG_XFS_FS=m did not stick (now y.*MODULES is n: tristates are y or n" err &&
	cp def.config r/.config &&
	test_expect_code 1 kc r unset CRC32 2>err &&
	grep "CONFIG_CRC32=n did not stick (now y.*selected by .*\[=y\].* and [0-9]* more$" err
'

test_expect_success 'set: unknown symbols and bad values change nothing' '
	fresh u def.config &&
	test_expect_code 1 kc u set NO_SUCH_SYMBOL_X=y 2>err &&
	grep "unknown symbol .NO_SUCH_SYMBOL_X." err &&
	test_expect_code 1 kc u set NET=maybe 2>err &&
	grep "is not a value for bool NET" err &&
	test_expect_code 1 kc u set "NET y" 2>err &&
	test_must_fail test -e u/.config.old &&
	test_cmp def.config u/.config
'

test_expect_success 'unset: a tristate goes to n, a string back to its default' '
	fresh n def.config &&
	kc n set DEFAULT_HOSTNAME=\"box\" &&
	grep -q "^CONFIG_DEFAULT_HOSTNAME=\"box\"$" n/.config &&
	kc n unset DEFAULT_HOSTNAME EXT4_FS 2>err &&
	grep -q "^CONFIG_DEFAULT_HOSTNAME=\"(none)\"$" n/.config &&
	grep -q "^# CONFIG_EXT4_FS is not set$" n/.config
'

test_expect_success '--dry-run shows the change and writes nothing' '
	fresh d def.config &&
	kc d set --dry-run LOG_BUF_SHIFT=20 >out 2>err &&
	grep -q "^ LOG_BUF_SHIFT 18 -> 20$" out &&
	grep -q "dry run" err &&
	test_cmp def.config d/.config &&
	test_must_fail test -e d/.config.old
'

test_expect_success 'KCONFIG_CONFIG names the file' '
	fresh k && cp def.config k/other.config &&
	KCONFIG_CONFIG=other.config kc k set LOG_BUF_SHIFT=20 &&
	grep -q "^CONFIG_LOG_BUF_SHIFT=20$" k/other.config &&
	test_must_fail test -e k/.config
'

test_expect_success 'merge: fragments, byte for byte as the kernel merges them' '
	printf "CONFIG_KGDB=y\nCONFIG_KGDB_SERIAL_CONSOLE=y\n# CONFIG_EXT4_FS is not set\nCONFIG_9P_FS=m\n" >f1 &&
	printf "CONFIG_9P_FS=y\nCONFIG_XFS_FS=m\n" >f2 &&
	fresh m def.config &&
	kc m merge "$PWD/f1" "$PWD/f2" >out 2>err &&
	mkdir -p km2 && cp def.config km2/base &&
	"$TREE/scripts/kconfig/merge_config.sh" -m -O km2 km2/base f1 f2 >/dev/null &&
	rm -rf kmo2 && cp -a "$CONF" kmo2 && cp km2/.config kmo2/.config &&
	make -s -C "$TREE" O="$PWD/kmo2" olddefconfig >/dev/null 2>&1 &&
	test_cmp kmo2/.config m/.config &&
	grep -q "^CONFIG_9P_FS=y$" m/.config
'

test_expect_success 'merge: what did not stick names the fragment line' '
	printf "CONFIG_LOG_BUF_SHIFT=17\nCONFIG_FRAME_POINTER=y\n" >f3 &&
	fresh m3 def.config &&
	test_expect_code 1 kc m3 merge "$PWD/f3" 2>err &&
	grep "CONFIG_FRAME_POINTER=y did not stick (now n; $PWD/f3:2)" err &&
	test_expect_code 1 kc m3 merge "$PWD/no-such-fragment" 2>err &&
	grep "cannot read fragment" err
'

test_expect_success 'preset --list and --print' '
	kdev config preset --list >list &&
	for p in debug vm kasan lockdep kgdb; do
		grep -q "^$p " list || return 1
	done &&
	kdev config preset --print debug >debug.print &&
	tail -n +2 debug.print >debug.lines &&
	grep -v "^#.*:" "$SRC_ROOT/t/data/presets/debug.config" |
		grep -E "^(CONFIG_|# CONFIG_)" >debug.expect &&
	test_cmp debug.expect debug.lines &&
	test_expect_code 1 kdev config preset --print nosuch 2>err &&
	grep "no preset .nosuch." err
'

test_expect_success 'preset debug: every line sticks, as with the kernel tools' '
	fresh p def.config &&
	kc p preset debug >out 2>err &&
	test_must_fail grep "did not stick" err &&
	grep -q "^CONFIG_UNWINDER_FRAME_POINTER=y$" p/.config &&
	grep -q "^CONFIG_FRAME_POINTER=y$" p/.config &&
	grep -q "^ UNWINDER_ORC y -> n$" out &&
	mkdir -p kp && cp def.config kp/base &&
	"$TREE/scripts/kconfig/merge_config.sh" -m -O kp kp/base \
		"$SRC_ROOT/t/data/presets/debug.config" >/dev/null &&
	rm -rf kpo && cp -a "$CONF" kpo && cp kp/.config kpo/.config &&
	make -s -C "$TREE" O="$PWD/kpo" olddefconfig >/dev/null 2>&1 &&
	test_cmp kpo/.config p/.config
'

test_expect_success 'preset vm on tinyconfig: all of it sticks' '
	fresh pv tiny.config &&
	kc pv preset vm 2>err &&
	test_must_fail grep "did not stick" err &&
	grep -q "^CONFIG_VIRTIO_FS=y$" pv/.config &&
	grep -q "^CONFIG_NET_9P_VIRTIO=y$" pv/.config
'

test_expect_success 'enable --deps: 9P_FS from tinyconfig turns on the network' '
	fresh e tiny.config &&
	kc e enable --deps 9P_FS >out 2>err &&
	grep -q "^CONFIG_9P_FS=y$" e/.config &&
	grep -q "^CONFIG_INET=y$" e/.config &&
	grep -q "^CONFIG_NET_9P=y$" e/.config &&
	grep "set .*NET=y.*INET=y.*9P_FS=y" err &&
	grep -q "^ NET n -> y$" out
'

test_expect_success 'enable --deps: FRAME_POINTER through the unwinder choice' '
	fresh e2 def.config &&
	kc e2 enable --deps FRAME_POINTER 2>err &&
	grep -q "^CONFIG_FRAME_POINTER=y$" e2/.config &&
	grep -q "^CONFIG_UNWINDER_FRAME_POINTER=y$" e2/.config
'

test_expect_success 'enable: without --deps, or impossible here, a clear failure' '
	fresh e3 tiny.config &&
	test_expect_code 1 kc e3 enable 9P_FS 2>err &&
	grep "cannot enable 9P_FS: 9P_FS stays n: depends on" err &&
	test_expect_code 1 kc e3 enable --deps X86_32 2>err &&
	grep "cannot enable X86_32: X86_32 has no prompt and nothing selects it" err &&
	test_expect_code 1 kc e3 enable --deps KASAN_SW_TAGS 2>err &&
	grep "cannot enable KASAN_SW_TAGS: .*HAVE_ARCH_KASAN_SW_TAGS" err &&
	test_cmp tiny.config e3/.config
'

# why SYM FILE: checks "defined at" against the Kconfig text
why_check() {
	kc def why "$1" >"why.$1" &&
	head -n 1 "why.$1" | grep -q "^CONFIG_$1: " &&
	grep -q -x "  defined at:  $(defined_at "$1" "$2")" "why.$1"
}

test_expect_success 'why: ten real symbols, defined where the Kconfig text says' '
	why_check KGDB lib/Kconfig.kgdb &&
	why_check FRAME_POINTER lib/Kconfig.debug &&
	why_check 9P_FS fs/9p/Kconfig &&
	why_check NETFILTER_XT_MATCH_RECENT net/netfilter/Kconfig &&
	why_check DEBUG_INFO_BTF lib/Kconfig.debug &&
	why_check UNWINDER_ORC arch/x86/Kconfig.debug &&
	why_check NR_CPUS arch/x86/Kconfig &&
	why_check DYNAMIC_DEBUG lib/Kconfig.debug &&
	why_check KASAN lib/Kconfig.kasan &&
	why_check VIRTIO_FS fs/fuse/Kconfig &&
	why_check MODULES kernel/module/Kconfig
'

test_expect_success 'why: the answers' '
	grep -q "^CONFIG_KGDB: bool \"KGDB: kernel debugger\"$" why.KGDB &&
	grep -q "depends on:  HAVE_ARCH_KGDB \[=y\]" why.KGDB &&
	grep -q "to turn on:  kdev config enable --deps KGDB" why.KGDB &&
	grep -q "selected by: UNWINDER_FRAME_POINTER \[=n\]" why.FRAME_POINTER &&
	grep -q "to turn on:  .*UNWINDER_FRAME_POINTER=y" why.FRAME_POINTER &&
	grep -q "depends on:  .*INET \[=y\] && NET_9P \[=y\]" why.9P_FS &&
	grep -q "depends on:  .*NETFILTER_XTABLES \[=y\]" why.NETFILTER_XT_MATCH_RECENT &&
	grep -q "depends on:  .*PAHOLE_VERSION" why.DEBUG_INFO_BTF &&
	grep -q "choice:      \"Choose kernel unwinder\", now UNWINDER_ORC" why.UNWINDER_ORC &&
	grep -q "value:       y" why.UNWINDER_ORC &&
	grep -q "range        NR_CPUS_RANGE_BEGIN \[=2\] NR_CPUS_RANGE_END \[=512\]" why.NR_CPUS &&
	grep -q "depends on:  DYNAMIC_DEBUG_CORE\|selects .*DYNAMIC_DEBUG_CORE" why.DYNAMIC_DEBUG &&
	grep -q "value:       y" why.MODULES
'

test_expect_success 'why: planning one symbol changes nothing for the next' '
	fresh wy tiny.config &&
	kc wy why 9P_FS NET >out &&
	grep -x "  to turn on:  kdev config enable --deps 9P_FS (sets NET=y NETWORK_FILESYSTEMS=y INET=y NET_9P=y 9P_FS=y)" out &&
	sed -n "/^CONFIG_NET:/,\$p" out >net &&
	grep -x "  value:       n (.config says n)" net &&
	grep -x "  to turn on:  kdev config enable --deps NET (sets NET=y)" net &&
	test_cmp tiny.config wy/.config
'

test_expect_success 'why: a symbol the tree does not define' '
	test_expect_code 1 kc def why NO_SUCH_SYMBOL_X 2>err &&
	grep "unknown symbol .NO_SUCH_SYMBOL_X." err
'

test_expect_success JQ 'why --json' '
	kc def why --json 9P_FS FRAME_POINTER >why.json &&
	jq -e ".[0].symbol == \"9P_FS\" and .[0].type == \"tristate\"" why.json &&
	jq -e ".[1].value == \"n\" and (.[1].to_enable | index(\"UNWINDER_FRAME_POINTER=y\"))" why.json &&
	jq -e ".[0].defined_at[0] == \"$(defined_at 9P_FS fs/9p/Kconfig)\"" why.json
'

test_expect_success JQ 'set --json lists changes and what did not stick' '
	fresh j def.config &&
	test_expect_code 1 kc j set --json LOG_BUF_SHIFT=20 FRAME_POINTER=y >j.json &&
	jq -e ".written == true" j.json &&
	jq -e ".changes[] | select(.symbol == \"LOG_BUF_SHIFT\") | .old == \"18\" and .new == \"20\"" j.json &&
	jq -e ".not_applied[0].symbol == \"FRAME_POINTER\" and .not_applied[0].value == \"n\"" j.json
'

test_expect_success 'diff: .config.old against .config, and two named files' '
	fresh df def.config &&
	kc df set LOG_BUF_SHIFT=20 XFS_FS=m >/dev/null &&
	kc df diff >out &&
	grep -x " LOG_BUF_SHIFT 18 -> 20" out &&
	grep -x " XFS_FS n -> m" out &&
	grep -x "+XFS_SUPPORT_V4 y" out &&
	sort -k1.2 out >sorted && test_cmp sorted out &&
	printf "CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n" >a &&
	printf "CONFIG_B=y\nCONFIG_C=y\nCONFIG_D=\"x\"\n" >b &&
	kdev config diff a b >out &&
	cat >expect <<-\EOF &&
	-A y
	 B m -> y
	 C n -> y
	+D "x"
	EOF
	test_cmp expect out &&
	test_expect_code 1 kdev config diff a missing 2>err &&
	grep "cannot read .missing." err
'

test_expect_success 'which --enable: turns on what builds xt_recent, as a module' '
	fresh w def.config &&
	kc w which --enable --dry-run net/netfilter/xt_recent.c >out 2>err &&
	grep "set NETFILTER_ADVANCED=y NETFILTER_XT_MATCH_RECENT=m" err &&
	test_cmp def.config w/.config &&
	kc w which --enable net/netfilter/xt_recent.c >out 2>err &&
	grep -q "^CONFIG_NETFILTER_XT_MATCH_RECENT=m$" w/.config &&
	kc w which net/netfilter/xt_recent.c >out &&
	head -n 1 out | grep "module xt_recent.ko"
'

test_expect_success 'no .config: set starts from the architecture defconfig' '
	fresh nd &&
	kc nd set LOG_BUF_SHIFT=20 >out 2>err &&
	grep "no .*nd/.config: starting from .*arch/x86/configs/x86_64_defconfig" err &&
	fresh def2 "$DEFCONFIG" && kc def2 set LOG_BUF_SHIFT=20 &&
	test_cmp def2/.config nd/.config
'

test_expect_success JQ 'olddefconfig --json and --dry-run; preset --list --json' '
	fresh o "$DEFCONFIG" &&
	kc o olddefconfig --dry-run >out 2>err &&
	grep -x "+64BIT y" out && grep "dry run" err &&
	test_cmp "$DEFCONFIG" o/.config &&
	kc o olddefconfig --json >o.json &&
	jq -e ".written == true and (.changes | length) > 1000" o.json &&
	test_cmp def.config o/.config &&
	kdev config preset --list --json >p.json &&
	jq -e "map(.name) == [\"debug\",\"vm\",\"kasan\",\"lockdep\",\"kgdb\"]" p.json &&
	jq -e ".[0].lines | index(\"CONFIG_UNWINDER_FRAME_POINTER=y\")" p.json &&
	test_expect_code 1 kc o enable NET=m 2>err &&
	grep "NET is a bool: it cannot be m" err
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 kdev config frobnicate 2>err &&
	grep "not a config command" err &&
	test_expect_code 2 kdev config set --bogus 2>err &&
	grep "unknown option" err &&
	test_expect_code 2 kc def set 2>err &&
	grep "nothing to do" err
'

test_done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev build: make command line, checks, progress, failure, ccache, distcc, --each-commit

Most tests build out-of-tree modules against Debian'"'"'s cloud kernel
headers in /usr/src (a real, prepared kernel tree: real make, real
compiler, real errors). A small fake tree (a Makefile that prints what
Kbuild prints) covers the progress line, the warnings summary and the
interrupt, where a real kernel would take minutes.'
. "${0%/*}/test-lib.sh"

HDR=$(ls -d /usr/src/linux-headers-*-cloud-amd64 2>/dev/null | tail -n1)
test -n "$HDR" && test -f "$HDR/.config" && test_set_prereq HEADERS
command -v ccache >/dev/null && test_set_prereq CCACHE
command -v distcc >/dev/null && command -v distccd >/dev/null &&
	test_set_prereq DISTCC
command -v script >/dev/null && test_set_prereq SCRIPT
command -v git >/dev/null && test_set_prereq GIT
CPUS=$(getconf _NPROCESSORS_ONLN)

# A fake kernel tree: Kconfig and a Makefile that prints Kbuild's lines
make_fake_tree() {
	mkdir -p "$1" &&
	: >"$1/Kconfig" &&
	{
		echo "all:"
		rule "@echo \"  CC      init/main.o\""
		rule "@echo \"init/main.c:12:5: warning: unused variable '"'"'x'"'"' [-Wunused-variable]\""
		rule "@echo \"   12 |     int x;\""
		rule "@echo \"  CC      kernel/fork.o\""
		rule "@echo \"kernel/fork.c:7:1: warning: no previous prototype for '"'"'f'"'"' [-Wmissing-prototypes]\" >&2"
		rule "@echo \"init/main.c:12:5: warning: unused variable '"'"'x'"'"' [-Wunused-variable]\""
		rule "@echo \"  LD      vmlinux\""
		rule "@echo \"Kernel: arch/x86/boot/bzImage is ready  (#1)\""
		rule "@touch made"
		echo "slow:"
		rule "@echo \"  CC      init/slow.o\""
		rule "@sleep 31.5"
		rule "@touch slow-done"
		echo "tinyconfig:"
		rule "@echo \"# configuration written to .config\" && touch .config"
	} >"$1/Makefile"
}

# rule TEXT: one recipe line (a tab, then TEXT)
rule() {
	printf '\t%s\n' "$1"
}

test_expect_success 'dry run: the exact make command line' '
	make_fake_tree tree &&
	(cd tree && kdev build -n -j3 --no-ccache O=../out ARCH=x86_64 W=1 \
		LLVM=1 KCFLAGS=-Og net/netfilter/xt_recent.o) >actual &&
	echo "make -j3 O=$PWD/out ARCH=x86_64 LLVM=1 W=1 KCFLAGS=-Og net/netfilter/xt_recent.o" >expect &&
	test_cmp expect actual &&
	test_path_is_missing out &&
	test_path_is_missing tree/made
'

test_expect_success 'dry run: --tree, -j from the CPUs, M= made absolute' '
	mkdir mod &&
	(cd mod && kdev build -n --no-ccache --tree ../tree M=. C=1 V=1 modules) >actual &&
	echo "make -C $PWD/tree -j$CPUS C=1 V=1 M=$PWD/mod modules" >expect &&
	test_cmp expect actual &&
	kdev build -n --no-ccache -C tree CROSS_COMPILE=aarch64-linux-gnu- ARCH=arm64 >actual &&
	echo "make -C $PWD/tree -j$CPUS ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" >expect &&
	test_cmp expect actual
'

test_expect_success CCACHE 'dry run: ccache by default when installed, in CC and HOSTCC' '
	kdev build -n -j2 -C tree >actual &&
	echo "make -C $PWD/tree -j2 '\''CC=ccache gcc'\'' '\''HOSTCC=ccache gcc'\''" >expect &&
	test_cmp expect actual &&
	kdev build -n -j2 -C tree LLVM=1 >actual &&
	echo "make -C $PWD/tree -j2 LLVM=1 '\''CC=ccache clang'\'' '\''HOSTCC=ccache clang'\''" >expect &&
	test_cmp expect actual
'

test_expect_success 'dry run: icecc alone, and behind ccache' '
	mkdir nocc && ln -s "$(command -v make)" nocc/make &&
	printf "#!/bin/sh\nexit 0\n" >nocc/icecc && chmod +x nocc/icecc &&
	PATH=$PWD/nocc kdev build -n -C tree --icecc >actual &&
	echo "make -C $PWD/tree -j$((4 * CPUS)) '\''CC=icecc gcc'\''" >expect &&
	test_cmp expect actual &&
	printf "#!/bin/sh\nexit 0\n" >nocc/ccache && chmod +x nocc/ccache &&
	PATH=$PWD/nocc kdev build -n -C tree --icecc -j7 >actual &&
	echo "CCACHE_PREFIX=icecc make -C $PWD/tree -j7 '\''CC=ccache gcc'\'' '\''HOSTCC=ccache gcc'\''" >expect &&
	test_cmp expect actual
'

test_expect_success DISTCC 'dry run: distcc takes -j from distcc -j' '
	DISTCC_HOSTS="127.0.0.1:1/5 127.0.0.2:1/7" kdev build -n --no-ccache -C tree --distcc >actual &&
	echo "make -C $PWD/tree -j$(DISTCC_HOSTS="127.0.0.1:1/5 127.0.0.2:1/7" distcc -j) '\''CC=distcc gcc'\''" >expect &&
	test_cmp expect actual
'

test_expect_success 'usage errors: one line, exit 2' '
	test_expect_code 2 kdev build -j 0 -C tree 2>err &&
	grep "^error: -j takes a number of jobs (1 to 4096), not .0.$" err &&
	test_expect_code 2 kdev build --bogus 2>err &&
	grep "^error: unknown option .--bogus.$" err &&
	test_expect_code 2 kdev build --each-commit 2>err &&
	grep "^error: option .--each-commit. needs a value$" err &&
	mkdir empty &&
	(cd empty && test_expect_code 1 kdev build) 2>err &&
	grep "^error: no kernel tree here: run kdev build in a kernel source or build directory (or give --tree DIR)$" err
'

test_expect_success 'no .config, not on a terminal: the commands to run, nothing created' '
	test_expect_code 1 kdev build --no-ccache -C tree O=out2 </dev/null >out 2>err &&
	grep "^error: no .config in $PWD/out2: configure the tree first" err &&
	grep "^   kdev config preset --tree $PWD/tree O=$PWD/out2 vm debug\$" err &&
	grep "^   make -C $PWD/tree O=$PWD/out2 defconfig\$" err &&
	test_must_fail test -s out &&
	test_path_is_missing out2 &&
	test_path_is_missing tree/made &&
	test_path_is_missing tree/.config
'

KTREE=$("$SRC_ROOT/t/kernel/tree.sh" path 2>/dev/null) &&
	test -f "$KTREE/Kconfig" && test_set_prereq KTREE

test_expect_success KTREE,SCRIPT 'no .config on a terminal: the presets are offered, the answer applied' '
	conf=$("$SRC_ROOT/t/kernel/tree.sh" conf) &&
	cp -a "$conf" pc &&
	test_path_is_missing pc/.config &&
	echo | TERM=xterm test_expect_code 1 script -qec "$KDEV build --no-ccache --tree $KTREE O=$PWD/pc kernelrelease" /dev/null >tty.out &&
	grep "kdev: .*/pc/.config does not exist: this tree is not configured" tty.out &&
	grep "^   vm  *" tty.out &&
	grep "^   debug  *" tty.out &&
	grep "error: no .config: nothing built (kdev config preset vm debug, or make defconfig)" tty.out &&
	test_path_is_missing pc/.config &&
	echo bogus | TERM=xterm test_expect_code 1 script -qec "$KDEV build --no-ccache --tree $KTREE O=$PWD/pc kernelrelease" /dev/null >tty.out &&
	grep "error: no preset .bogus." tty.out &&
	test_path_is_missing pc/.config &&
	echo "vm debug" | TERM=xterm script -qec "$KDEV build --no-ccache --tree $KTREE O=$PWD/pc kernelrelease" /dev/null >tty.out &&
	grep "^CONFIG_VIRTIO_FS=y" pc/.config &&
	grep "^CONFIG_DEBUG_INFO=y" pc/.config &&
	grep "^6\.1\.[0-9]*" tty.out
'

test_expect_success 'config targets need no .config' '
	kdev build --no-ccache --no-check -C tree tinyconfig 2>err &&
	test_path_is_file tree/.config
'

test_expect_success 'a missing host tool is named with its Debian package, make not run' '
	mkdir nobison &&
	for f in /usr/bin/* /bin/*; do
		case "${f##*/}" in bison|yacc|bison.yacc) continue ;; esac
		test -e "nobison/${f##*/}" || ln -s "$f" "nobison/${f##*/}"
	done &&
	test_path_is_missing nobison/bison &&
	PATH=$PWD/nobison test_expect_code 1 kdev build --no-ccache -C tree 2>err &&
	if grep -q "^ID=debian\|^ID_LIKE=.*debian" /etc/os-release; then
		grep "^error: missing bison .bison. (Kconfig.s and genksyms. parsers): install the debian package bison$" err
	else
		grep "^error: missing bison .bison." err
	fi &&
	grep "^kdev: nothing built: 1 host tool missing" err &&
	test_path_is_missing tree/made
'

test_expect_success 'not a terminal: no progress line, a summary, the log' '
	kdev build --no-ccache -C tree >out 2>err &&
	test_path_is_file tree/made &&
	test_must_fail test -s out &&
	test_must_fail grep "$(printf "\r")" err &&
	grep "^kdev: built in [0-9.]* s, 2 objects compiled, 2 warnings$" err &&
	grep "^   init/main.c:12:5: warning: unused variable .x. \[-Wunused-variable\]$" err &&
	grep "^   kernel/fork.c:7:1: warning: no previous prototype" err &&
	grep "^kdev: image: $PWD/tree/arch/x86/boot/bzImage$" err &&
	grep "^kdev: log: $PWD/tree/.kdev/build.log$" err &&
	grep "^  CC      kernel/fork.o$" tree/.kdev/build.log &&
	grep "^kernel/fork.c:7:1: warning" tree/.kdev/build.log &&
	kdev build --no-ccache -C tree 2>err &&
	test_path_is_file tree/.kdev/build.log.old
'

test_expect_success SCRIPT 'on a terminal: one live progress line; colour unless NO_COLOR' '
	esc=$(printf "\033") &&
	TERM=xterm NO_COLOR= script -qec "$KDEV build --no-ccache -C tree" /dev/null >tty.out &&
	# the estimate comes from the build before: 2 objects
	grep -F "${esc}[K${esc}[1m[1/~2 50%] 0:0" tty.out &&
	grep -F "${esc}[m CC init/main.o" tty.out &&
	grep -F "[2/~2 99%] 0:0" tty.out &&
	grep -F "${esc}[m CC kernel/fork.o" tty.out &&
	test_must_fail grep "^  CC  " tty.out &&
	grep "kdev: built in" tty.out &&
	TERM=xterm NO_COLOR=1 script -qec "$KDEV build --no-ccache -C tree" /dev/null >tty.out &&
	grep -F "${esc}[K[2/~2 99%] 0:0" tty.out &&
	grep -F " CC kernel/fork.o" tty.out &&
	test_must_fail grep -F "${esc}[1m" tty.out &&
	TERM=xterm script -qec "$KDEV build -v --no-ccache -C tree" /dev/null >tty.out &&
	grep "^  CC      kernel/fork.o" tty.out &&
	test_must_fail grep -F "${esc}[K" tty.out
'

test_expect_success 'interrupted: make'"'"'s process group is killed, the log kept, exit 130' '
	"$KDEV" build --no-ccache -C tree slow >out 2>err &
	pid=$! &&
	for i in $(seq 100); do
		grep -q "init/slow.o" tree/.kdev/build.log 2>/dev/null && break
		sleep 0.1
	done &&
	pgrep -f "sleep 31.5" >/dev/null &&
	kill -INT $pid &&
	{ wait $pid; code=$?; } &&
	test $code = 130 &&
	grep "^kdev: interrupted: make stopped; log: $PWD/tree/.kdev/build.log$" err &&
	grep "init/slow.o" tree/.kdev/build.log &&
	test_must_fail pgrep -f "sleep 31.5" &&
	test_path_is_missing tree/slow-done
'

test_expect_success HEADERS 'a compile error: its file:line first, the log, make'"'"'s status' '
	cp -r "$SRC_ROOT/t/data/build/badmod" badmod &&
	line=$(grep -n "KDEV-MARK: error" badmod/badmod.c | cut -d: -f1) &&
	(cd badmod && test_expect_code 2 kdev build --no-ccache --tree "$HDR" M=.) >out 2>err &&
	test_must_fail test -s out &&
	head -n 2 err >head &&
	printf "%s\n" "$PWD/badmod/badmod.c: In function ‘badmod_init’:" \
		"$PWD/badmod/badmod.c:$line:9: error: expected ‘,’ or ‘;’ before ‘return’" >expect &&
	test_cmp expect head &&
	sed -n 3p err | grep "^ *$line | *return x;" &&
	tail -n 2 err >tail &&
	printf "%s\n" "kdev: log: $PWD/badmod/.kdev/build.log" \
		"kdev: make exited with status 2" >expect &&
	test_cmp expect tail &&
	grep "^  CC \[M\]  $PWD/badmod/badmod.o$" badmod/.kdev/build.log &&
	grep "badmod.c:$line:9: error:" badmod/.kdev/build.log &&
	test_expect_code 2 make -s -C "$HDR" M="$PWD/badmod" >/dev/null 2>&1
'

test_expect_success HEADERS 'an out-of-tree module builds: kdevcrash' '
	cp -r "$SRC_ROOT/t/kernel/kdevcrash" kdevcrash &&
	kdev build --no-ccache --tree "$HDR" M="$PWD/kdevcrash" >out 2>err &&
	test_path_is_file kdevcrash/kdevcrash.ko &&
	modinfo kdevcrash/kdevcrash.ko | grep "^vermagic: *$(basename "$HDR" | sed "s/linux-headers-//") " &&
	grep "^kdev: built in [0-9.]* s, 2 objects compiled, 0 warnings$" err &&
	grep "^kdev: log: $PWD/kdevcrash/.kdev/build.log$" err
'

test_expect_success HEADERS,CCACHE 'ccache is used: the second build of the same module hits' '
	export CCACHE_DIR=$PWD/ccache &&
	kdev build --tree "$HDR" M="$PWD/kdevcrash" clean 2>err &&
	test_path_is_missing kdevcrash/kdevcrash.ko &&
	kdev build --tree "$HDR" M="$PWD/kdevcrash" 2>err1 &&
	grep "^kdev: built in .*, 2 objects compiled, ccache [0-9]* hits\?, [1-9][0-9]* miss" err1 &&
	kdev build --tree "$HDR" M="$PWD/kdevcrash" clean 2>err &&
	kdev build --tree "$HDR" M="$PWD/kdevcrash" 2>err2 &&
	grep "^kdev: built in .*, 2 objects compiled, ccache [1-9][0-9]* hits\?, 0 misses" err2 &&
	test_path_is_file kdevcrash/kdevcrash.ko &&
	ccache --print-stats >stats &&
	grep "^direct_cache_hit	[1-9]" stats &&
	unset CCACHE_DIR
'

test_expect_success HEADERS,DISTCC 'distcc is used: compiles go to a distccd on 127.0.0.1' '
	# distccd drops root for its own user, which must reach its log:
	# not below the trash directory, whose parents may be private
	dd=$(mktemp -d /tmp/kdev-t1500-distccd.XXXXXX) &&
	chmod 777 "$dd" &&
	rm -f distccd && ln -s "$dd" distccd &&
	port=$((20000 + $$ % 20000)) &&
	distccd --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port $port \
		--pid-file "$dd/pid" --log-file "$dd/log" \
		--log-level info --jobs 2 &&
	for i in $(seq 50); do test -s distccd/pid && break; sleep 0.1; done &&
	kdev build --tree "$HDR" M="$PWD/kdevcrash" clean 2>err &&
	{
		DISTCC_HOSTS="127.0.0.1:$port/3" DISTCC_FALLBACK=0 \
			kdev build --no-ccache --distcc --tree "$HDR" M="$PWD/kdevcrash" 2>err
		code=$?
		kill $(cat distccd/pid)
		test $code = 0
	} &&
	test_path_is_file kdevcrash/kdevcrash.ko &&
	grep "COMPILE_OK .*kdevcrash.c" distccd/log &&
	rm -rf "$dd" distccd
'

# A git repository of an out-of-tree module: 3 commits, the 2nd breaks
test_expect_success HEADERS,GIT '--each-commit: stops at the first commit that fails, names it' '
	git init -q series &&
	cp "$SRC_ROOT/t/kernel/kdevcrash/Kbuild" "$SRC_ROOT/t/kernel/kdevcrash/kdevcrash.c" series/ &&
	printf "*.o\n*.ko\n*.mod*\n.*.cmd\nModules.symvers\nModule.symvers\nmodules.order\n.kdev/\n" >series/.gitignore &&
	git -C series add . &&
	git -C series -c user.name=t -c user.email=t@t commit -qm "kdevcrash: the module" &&
	base=$(git -C series rev-parse HEAD) &&
	sed -i "s/return val + 1;/return val + 1/" series/kdevcrash.c &&
	git -C series -c user.name=t -c user.email=t@t commit -qam "kdevcrash: break it" &&
	bad=$(git -C series rev-parse HEAD) &&
	sed -i "s/return val + 1\$/return val + 1;/" series/kdevcrash.c &&
	echo "/* more */" >>series/kdevcrash.c &&
	git -C series -c user.name=t -c user.email=t@t commit -qam "kdevcrash: fix it" &&
	head=$(git -C series rev-parse HEAD) &&
	echo "/* work in progress */" >>series/kdevcrash.c &&
	git -C series status --porcelain >status.before &&
	(cd series && test_expect_code 2 kdev build --no-ccache --tree "$HDR" \
		M=. --each-commit $base~0..HEAD) >out 2>err &&
	git -C series log --format="ok   %h" -1 --abbrev=12 $base >/dev/null &&
	test $(wc -l <out) = 0 &&
	grep "^FAIL ${bad:0:12} kdevcrash: break it (" err &&
	grep "^kdev: commit 1 of 2 fails to build: ${bad:0:12} kdevcrash: break it$" err &&
	grep "kdevcrash.c:[0-9]*:[0-9]*: error: expected ‘;’" err &&
	grep "^kdev: make exited with status 2$" err &&
	test_must_fail grep "fix it" out &&
	test "$(git -C series rev-parse HEAD)" = "$head" &&
	git -C series status --porcelain >status.after &&
	test_cmp status.before status.after &&
	test_path_is_missing series/kdevcrash.ko &&
	test_path_is_missing series/.kdev &&
	grep -q "work in progress" series/kdevcrash.c
'

test_expect_success HEADERS,GIT '--each-commit: every commit builds: one line each' '
	(cd series && kdev build --no-ccache --tree "$HDR" M=. --each-commit $bad..HEAD) >out 2>err &&
	printf "ok   %s kdevcrash: fix it (" "${head:0:12}" >expect &&
	test $(wc -l <out) = 1 &&
	grep -F "$(cat expect)" out &&
	grep "^kdev: all 1 commit of $bad..HEAD build$" err &&
	test "$(git -C series rev-parse HEAD)" = "$head"
'

test_expect_success HEADERS,GIT '--each-commit: an empty range or no range is refused' '
	(cd series && test_expect_code 1 kdev build --tree "$HDR" M=. --each-commit HEAD..HEAD) 2>err &&
	grep "^error: --each-commit: no commits in .HEAD..HEAD.$" err &&
	(cd series && test_expect_code 1 kdev build --tree "$HDR" M=. --each-commit HEAD) 2>err &&
	grep "^error: --each-commit takes a range A..B, not .HEAD.$" err &&
	(cd series && test_expect_code 1 kdev build --tree "$HDR" M=. --each-commit nosuch..HEAD) 2>err &&
	grep "^error: --each-commit: git cannot list .nosuch..HEAD.:" err
'

test_done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev maintainers against the tree'\''s scripts/get_maintainer.pl

On Debian'\''s linux-source-6.1 (t/kernel/tree.sh), for about 230 files
(every 400th of the sorted file list plus tricky ones: X: excludes, N:
regexes, top-level files, Documentation/ and .yaml bindings, include/,
arch/*, tools/, directories, orphan and obsolete sections) and for
patches (diff -ruN with a new file, a K: keyword in the added lines, 20
files, git format-patch series, a commit range and --staged of a small
git tree made from the same files), kdev'\''s output is compared byte for
byte with get_maintainer.pl --no-git --no-git-fallback.

get_maintainer.pl orders sections of the same match depth by Perl'\''s
hash order, which changes from run to run (a test below shows it). The
byte-for-byte reference is therefore a copy of the script, made in the
trash directory, whose only change is that such ties keep MAINTAINERS
order, as kdev does; the unchanged script must then give the same lines
in some order. Reference answers are cached under
$KDEV_CACHE/maintainers-ref/ (keyed by the script, MAINTAINERS,
.mailmap and perl), so only the first run pays for the Perl runs.'
. "${0%/*}/test-lib.sh"

TREE=$("$SRC_ROOT/t/kernel/tree.sh" path 2>/dev/null) ||
	test_skip_all "no kernel tree (t/kernel/tree.sh path)"
test -f "$TREE/scripts/get_maintainer.pl" ||
	test_skip_all "no scripts/get_maintainer.pl in $TREE"
command -v perl >/dev/null || test_skip_all "no perl"
GM=$TREE/scripts/get_maintainer.pl

# the reference, ties in MAINTAINERS order; the sed must change exactly
# the two sorts of matched sections
STABLE=$TRASH_DIRECTORY/gm-stable.pl
sed 's/sort {\$hash{\$b} <=> \$hash{\$a}} keys %hash/sort {$hash{$b} <=> $hash{$a} || $a <=> $b} keys %hash/' \
	"$GM" >"$STABLE"
KEY=$(cat "$GM" "$TREE/MAINTAINERS" "$TREE/.mailmap" "$STABLE" |
	{ md5sum; perl -v | sed -n 2p; } | md5sum | cut -c1-16)
REF=$KDEV_CACHE/maintainers-ref/$KEY
mkdir -p "$REF/stable" "$REF/orig" || return 1

# ref_files: every file's answer from both scripts into $REF (cached),
# two at a time
ref_files() {
	local f k
	for f in "$@"; do
		k=$(printf '%s' "$f" | tr / %)
		test -s "$REF/stable/$k" || printf '%s\0' "$f"
	done | (cd "$TREE" && STABLE=$STABLE REF=$REF GM=$GM \
		xargs -0 -r -P2 -n1 sh -c '
		k=$(printf "%s" "$1" | tr / %)
		perl "$STABLE" --no-git --no-git-fallback -f "$1" >"$REF/stable/$k.tmp" 2>/dev/null &&
		perl "$GM" --no-git --no-git-fallback -f "$1" >"$REF/orig/$k" 2>/dev/null &&
		mv "$REF/stable/$k.tmp" "$REF/stable/$k"' _)
}

test_expect_success 'the reference copy differs only in the tie-break' '
	diff "$GM" "$STABLE" >d || :
	test "$(grep -c "^> .*|| \$a <=> \$b" d)" = 2 &&
	test "$(grep -c "^[<>]" d)" = 4
'

test_expect_success 'pick ~230 files: every 400th, plus tricky ones' '
	(cd "$TREE" && find . -type f | sed "s|^\./||" | LC_ALL=C sort) >all &&
	awk "NR % 400 == 1" all >files &&
	cat >>files <<-\EOF &&
	Makefile
	README
	COPYING
	MAINTAINERS
	Kconfig
	.mailmap
	Documentation/process/submitting-patches.rst
	Documentation/devicetree/bindings/net/fsl,fec.yaml
	include/uapi/linux/bpf.h
	include/linux/skbuff.h
	include/linux/netfilter.h
	arch/x86/kvm/vmx/vmx.c
	arch/x86/net/bpf_jit_comp32.c
	arch/arm/boot/dts/imx6q.dtsi
	arch/arm/mach-highbank/highbank.c
	arch/arm64/boot/dts/rockchip/rk3399.dtsi
	arch/powerpc/platforms/ps3/setup.c
	arch/riscv/kernel/setup.c
	arch/riscv/net/bpf_jit_comp64.c
	drivers/iio/light/adjd_s311.c
	drivers/net/wireless/atmel/at76c50x-usb.c
	drivers/net/ethernet/intel/e1000e/netdev.c
	drivers/soc/tegra/pmc.c
	drivers/platform/x86/wmi.c
	drivers/gpu/drm/tiny/cirrus.c
	net/netfilter/xt_recent.c
	kernel/bpf/verifier.c
	fs/ext4/inode.c
	rust/kernel/lib.rs
	tools/perf/builtin-record.c
	tools/lib/bpf/libbpf.c
	EOF
	for f in $(cat files); do test -f "$TREE/$f" || { echo "missing $f"; return 1; }; done &&
	test $(sort -u files | wc -l) -ge 220
'

test_expect_success 'get_maintainer.pl answers (cached in $KDEV_CACHE)' '
	ref_files $(cat files) &&
	for f in $(cat files); do
		test -f "$REF/stable/$(printf "%s" "$f" | tr / %)" || return 1
	done
'

test_expect_success 'every file: byte for byte the same as get_maintainer' '
	: >bad &&
	(cd "$TREE" && for f in $(cat "$TRASH_DIRECTORY/files"); do
		k=$(printf "%s" "$f" | tr / %)
		kdev maintainers -f "$f" >"$TRASH_DIRECTORY/out" 2>"$TRASH_DIRECTORY/err" ||
			{ echo "exit $?: $f" >>"$TRASH_DIRECTORY/bad"; continue; }
		cmp -s "$REF/stable/$k" "$TRASH_DIRECTORY/out" || {
			echo "differs: $f" >>"$TRASH_DIRECTORY/bad"
			diff "$REF/stable/$k" "$TRASH_DIRECTORY/out" >>"$TRASH_DIRECTORY/bad"
		}
		# the unchanged script: the same addresses in some order (a
		# tie may also give a list the other section name as role)
		sed "s/ (.*//" "$REF/orig/$k" | sort >"$TRASH_DIRECTORY/a"
		sed "s/ (.*//" "$TRASH_DIRECTORY/out" | sort >"$TRASH_DIRECTORY/b"
		cmp -s "$TRASH_DIRECTORY/a" "$TRASH_DIRECTORY/b" ||
			echo "other addresses than the unchanged script: $f" >>"$TRASH_DIRECTORY/bad"
	done) &&
	cat bad &&
	test ! -s bad &&
	n=$(wc -l <files) && echo "$n files compared"
'

test_expect_success 'the answers are not empty and use every kind of role' '
	cat "$REF"/stable/* >allref &&
	grep -q "(maintainer:" allref &&
	grep -q "(supporter:" allref &&
	grep -q "(reviewer:" allref &&
	grep -q "(odd fixer:" allref &&
	grep -q "(open list:" allref &&
	grep -q "(moderated list:" allref &&
	grep -q "(open list)$" allref &&
	grep -q "in file" allref &&
	grep -q "^\"" allref
'

test_expect_success 'get_maintainer itself orders ties at random; kdev is one of its orders' '
	f=arch/arm/mach-highbank/highbank.c &&
	(cd "$TREE" && for s in 1 2 3 4 5 6 7 8 9 10; do
		PERL_HASH_SEED=$s perl "$GM" --no-git \
			--no-git-fallback -f $f 2>/dev/null | md5sum
	done) | sort -u >orders &&
	test_line_count -ge 2 orders &&
	(cd "$TREE" && kdev maintainers -f $f 2>/dev/null) | md5sum >mine &&
	grep -qf mine orders
'

test_expect_success 'directories as arguments' '
	for d in drivers/net/ethernet/intel fs/ext4/ net/netfilter; do
		(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback -f $d) >expect 2>/dev/null &&
		(cd "$TREE" && kdev maintainers -f $d) >actual 2>/dev/null &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'several files in one run, and from a subdirectory' '
	(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback -f \
		net/netfilter/xt_recent.c fs/ext4/inode.c Makefile) >expect 2>/dev/null &&
	(cd "$TREE" && kdev maintainers -f net/netfilter/xt_recent.c \
		fs/ext4/inode.c Makefile) >actual 2>/dev/null &&
	test_cmp expect actual &&
	(cd "$TREE/fs/ext4" && kdev maintainers inode.c ../../Makefile) >actual2 2>/dev/null &&
	(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback -f \
		fs/ext4/inode.c Makefile) >expect2 2>/dev/null &&
	test_cmp expect2 actual2 &&
	kdev maintainers --tree "$TREE" -f "$TREE/fs/ext4/inode.c" >actual3 2>/dev/null &&
	(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback -f fs/ext4/inode.c) >expect3 2>/dev/null &&
	test_cmp expect3 actual3
'

# mkpatch NAME FILE...: a copy of FILEs and an edited copy (line 20 gets
# a comment), diff -ruN between them
mkpatch() {
	local name=$1 f
	shift
	rm -rf pa pb && mkdir pa pb &&
	for f in "$@"; do
		mkdir -p "pa/$(dirname "$f")" "pb/$(dirname "$f")" &&
		cp "$TREE/$f" "pa/$f" && cp "$TREE/$f" "pb/$f" &&
		sed -i "20s|\$| /* kdev $name */|" "pb/$f" || return 1
	done
	diff -ruN pa pb >"$name"
	test -s "$name"
}

# same_as_ref PATCH...: kdev and the reference agree on the patches
same_as_ref() {
	local p abs=()
	for p in "$@"; do abs+=("$TRASH_DIRECTORY/$p"); done
	(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback "${abs[@]}") >expect 2>/dev/null &&
	(cd "$TREE" && kdev maintainers "${abs[@]}") >actual 2>stderr &&
	test_cmp expect actual &&
	test -s actual
}

test_expect_success 'a multi-file patch with a new and a deleted file' '
	mkpatch multi.patch net/netfilter/xt_recent.c \
		drivers/net/ethernet/intel/e1000e/netdev.c fs/ext4/inode.c \
		Documentation/devicetree/bindings/net/fsl,fec.yaml \
		include/linux/skbuff.h &&
	rm -rf pa pb && mkdir -p pa/sound pb/net/netfilter &&
	echo gone >pa/sound/old.c && echo new >pb/net/netfilter/new.c &&
	diff -ruN pa pb >>multi.patch;
	grep -q "^+++ pb/net/netfilter/new.c" multi.patch &&
	same_as_ref multi.patch &&
	test_line_count -ge 15 actual
'

test_expect_success 'a K: keyword in the added lines pulls in its section' '
	mkpatch kw.patch fs/ext4/inode.c &&
	printf "%s\n" "+/* pidfd_open() of a bpf_prog */" >>kw.patch &&
	sed -i "s/^@@ -\(.*\) +\([0-9]*\),\([0-9]*\) @@/@@ -\1 +\2,\3 @@/" kw.patch &&
	same_as_ref kw.patch &&
	grep -q "PIDFD API" actual &&
	grep -q "BPF \[MISC\]" actual &&
	grep -q "PIDFD API: Maintained (K: keyword matched)" stderr &&
	mkpatch nokw.patch fs/ext4/inode.c &&
	same_as_ref nokw.patch &&
	! grep -q PIDFD actual
'

test_expect_success 'a 20-file patch across the tree' '
	for f in $(awk "NR % 3000 == 5" all | grep -v "\.yaml$"); do
		test $(wc -l <"$TREE/$f") -lt 20 || echo "$f"
	done | head -20 >twenty &&
	test_line_count = 20 twenty &&
	mkpatch twenty.patch $(cat twenty) &&
	same_as_ref twenty.patch
'

test_expect_success 'several patches in one run, and a patch on stdin' '
	same_as_ref multi.patch kw.patch twenty.patch &&
	(cd "$TREE" && kdev maintainers - <"$TRASH_DIRECTORY/multi.patch") >stdin.out 2>/dev/null &&
	(cd "$TREE" && kdev maintainers "$TRASH_DIRECTORY/multi.patch") >file.out 2>/dev/null &&
	test_cmp file.out stdin.out
'

# a small git tree: MAINTAINERS, .mailmap, what get_maintainer checks for
# a kernel tree, and the files the commits touch
test_expect_success 'a git tree made from a slice of linux-source-6.1' '
	mkdir repo && (cd "$TREE" &&
		cp --parents MAINTAINERS .mailmap COPYING CREDITS Kbuild \
			Makefile README net/netfilter/xt_recent.c \
			net/netfilter/Kconfig fs/ext4/inode.c fs/ext4/super.c \
			drivers/net/ethernet/intel/e1000e/netdev.c \
			"$TRASH_DIRECTORY/repo/") &&
	(cd repo && mkdir -p Documentation arch include drivers fs init ipc \
		kernel lib scripts && touch scripts/.keep Documentation/.keep &&
	git init -q && git config user.email t@example.org &&
	git config user.name Tester && git add -A &&
	git commit -q -m base &&
	echo "/* one */" >>net/netfilter/xt_recent.c &&
	echo "/* two */" >>fs/ext4/inode.c &&
	git commit -q -am "netfilter, ext4: two subsystems" &&
	echo "/* pidfd in e1000e */" >>drivers/net/ethernet/intel/e1000e/netdev.c &&
	git commit -q -am "e1000e: a pidfd" &&
	git format-patch -q -o ../series HEAD~2..HEAD) &&
	test $(ls series | wc -l) = 2
'

test_expect_success 'a commit range gives what get_maintainer gives for format-patch files' '
	(cd repo && perl "$STABLE" --no-git --no-git-fallback ../series/*.patch) >expect 2>/dev/null &&
	kdev maintainers --tree repo HEAD~2..HEAD >actual 2>/dev/null &&
	test_cmp expect actual &&
	grep -q PIDFD actual &&
	grep -q netfilter actual &&
	(cd repo && kdev maintainers HEAD) >one 2>/dev/null &&
	(cd repo && perl "$STABLE" --no-git --no-git-fallback ../series/0002-*.patch) >expect1 2>/dev/null &&
	test_cmp expect1 one
'

test_expect_success '--staged: the changes in the index' '
	(cd repo && echo "/* staged */" >>fs/ext4/super.c && git add fs/ext4/super.c &&
	 git diff --cached >../staged.diff &&
	 perl "$STABLE" --no-git --no-git-fallback ../staged.diff >../expect 2>/dev/null &&
	 kdev maintainers --staged >../actual 2>/dev/null) &&
	test_cmp expect actual &&
	grep -q "EXT4 FILE SYSTEM" actual &&
	(cd repo && git reset -q && test_must_fail kdev maintainers --staged 2>../err) &&
	grep "nothing is staged" err
'

test_expect_success '--json: people, lists, sections with status and trees (jq)' '
	command -v jq >/dev/null || { echo "no jq"; return 1; }
	(cd "$TREE" && kdev maintainers --json -f net/netfilter/xt_recent.c) >j.json &&
	jq -e ".people | length == 7" j.json &&
	jq -e ".people[0].email == \"Pablo Neira Ayuso <pablo@netfilter.org>\"" j.json &&
	jq -e ".people[0].roles[0].section == \"NETFILTER\"" j.json &&
	jq -e ".people[0].role == \"maintainer:NETFILTER\"" j.json &&
	jq -e "[.lists[].address] == [\"netfilter-devel@vger.kernel.org\", \"coreteam@netfilter.org\", \"netdev@vger.kernel.org\", \"linux-kernel@vger.kernel.org\"]" j.json &&
	jq -e ".sections[0].name == \"NETFILTER\" and .sections[0].status == \"Maintained\"" j.json &&
	jq -e ".sections[0].trees == [\"git git://git.kernel.org/pub/scm/linux/kernel/git/netfilter/nf.git\", \"git git://git.kernel.org/pub/scm/linux/kernel/git/netfilter/nf-next.git\"]" j.json &&
	jq -e ".sections[0].patchwork[0] | startswith(\"http://patchwork.ozlabs.org/\")" j.json &&
	jq -e ".sections[0].chat == [\"irc://irc.libera.chat/netfilter\"]" j.json &&
	jq -e ".trees[0].tree | endswith(\"netfilter/nf.git\")" j.json &&
	jq -e "[.sections[].name] | index(\"THE REST\") != null" j.json &&
	(cd "$TREE" && kdev maintainers -f net/netfilter/xt_recent.c 2>/dev/null) >t.txt &&
	test "$(jq "(.people | length) + (.lists | length)" j.json)" = "$(wc -l <t.txt)"
'

test_expect_success '--json for a patch: bug links and orphan flags' '
	mkpatch orphan.patch drivers/platform/x86/wmi.c drivers/clocksource/timer-vt8500.c &&
	(cd "$TREE" && kdev maintainers --json "$TRASH_DIRECTORY/orphan.patch") >o.json &&
	jq -e "[.sections[] | select(.orphan)] | length >= 1" o.json &&
	(cd "$TREE" && kdev maintainers --json -f kernel/bpf/verifier.c) >b.json &&
	jq -e "[.sections[] | select(.name == \"CLANG/LLVM BUILD SUPPORT\")][0] | .matched_by == \"keyword\" and (.bugs | length == 1)" b.json
'

test_expect_success 'sections: which tree to clone for a netfilter file' '
	(cd "$TREE" && kdev maintainers --sections -f net/netfilter/xt_recent.c) >s.out 2>s.err &&
	grep -qx "  NETFILTER: Maintained" s.out &&
	grep -qx "    tree: git git://git.kernel.org/pub/scm/linux/kernel/git/netfilter/nf.git" s.out &&
	grep -qx "    tree: git git://git.kernel.org/pub/scm/linux/kernel/git/netfilter/nf-next.git" s.out &&
	grep -qx "    web: http://www.netfilter.org/" s.out &&
	grep -qx "base your work on: git git://git.kernel.org/pub/scm/linux/kernel/git/netfilter/nf.git (NETFILTER)" s.out &&
	test ! -s s.err &&
	(cd "$TREE" && kdev maintainers -f net/netfilter/xt_recent.c) >p.out 2>p.err &&
	grep -q "base your work on" p.err &&
	! grep -q "base your work on" p.out &&
	head -n 11 s.out | cmp - p.out
'

test_expect_success 'orphan and obsolete sections are flagged' '
	(cd "$TREE" && kdev maintainers -f drivers/platform/x86/wmi.c) >/dev/null 2>e1 &&
	grep -q "^warning: .* is ORPHAN" e1 &&
	(cd "$TREE" && kdev maintainers -f drivers/gpu/drm/tiny/cirrus.c) >/dev/null 2>e2 &&
	grep -q "^warning: .* is OBSOLETE" e2
'

test_expect_success '--no-roles: addresses only' '
	(cd "$TREE" && perl "$STABLE" --no-git --no-git-fallback --norolestats -f fs/ext4/inode.c) >expect 2>/dev/null &&
	(cd "$TREE" && kdev maintainers --no-roles -f fs/ext4/inode.c) >actual 2>/dev/null &&
	test_cmp expect actual
'

test_expect_success 'MAINTAINERS split into a directory gives the same answer' '
	mkdir split &&
	for e in "$TREE"/* "$TREE/.mailmap"; do
		test "${e##*/}" = MAINTAINERS || ln -s "$e" split/ || return 1
	done &&
	mkdir split/MAINTAINERS &&
	awk "BEGIN { n = 0 } /^$/ { if (++c % 400 == 0) n++ }
	     { print > sprintf(\"split/MAINTAINERS/%03d\", n) }" \
		"$TREE/MAINTAINERS" &&
	test $(ls split/MAINTAINERS | wc -l) -ge 3 &&
	for f in net/netfilter/xt_recent.c arch/arm/boot/dts/imx6q.dtsi \
		 kernel/bpf/verifier.c drivers/net/wireless/atmel/at76c50x-usb.c; do
		(cd "$TREE" && kdev maintainers -f $f) >a 2>/dev/null &&
		(cd split && kdev maintainers -f $f) >b 2>/dev/null &&
		test_cmp a b && test -s b || return 1
	done
'

test_expect_success 'errors: missing MAINTAINERS, unreadable patch, outside the tree' '
	mkdir empty &&
	test_expect_code 1 kdev maintainers --tree empty -f x 2>err &&
	grep "^error: cannot read .*empty/MAINTAINERS.: no such file" err &&
	test_line_count = 1 err &&
	(cd "$TREE" && test_expect_code 1 kdev maintainers /nonexistent.patch) 2>err2 &&
	grep "^error: cannot open ./nonexistent.patch.: No such file" err2 &&
	echo "just some text" >notapatch.txt &&
	(cd "$TREE" && test_expect_code 1 kdev maintainers "$TRASH_DIRECTORY/notapatch.txt") 2>err3 &&
	grep "^error: .*notapatch.txt. is not a patch" err3 &&
	(cd "$TREE" && test_expect_code 1 kdev maintainers -f /etc/hostname) 2>err4 &&
	grep "^error: ./etc/hostname. is outside the tree" err4 &&
	(cd / && test_expect_code 1 kdev maintainers -f etc/hostname) 2>err5 &&
	grep "^error: no MAINTAINERS file here" err5 &&
	test_expect_code 2 kdev maintainers --bogus 2>err6 &&
	grep "unknown option" err6 &&
	head -c 3000 /dev/urandom >garbage.patch &&
	(cd "$TREE" && test_expect_code 0 kdev maintainers "$TRASH_DIRECTORY/garbage.patch") >g.out 2>g.err &&
	grep "does not look like a patch" g.err
'

test_expect_success 'broken MAINTAINERS lines: warnings with file:line, no crash' '
	mkdir broken && cat >broken/MAINTAINERS <<-\EOF &&
	M:	Before Section <early@example.org>
	GOOD SECTION
	M:	Good Person <good@example.org>
	L:	good-list@example.org
	S:	Maintained
	F:	drivers/good/
	Z:	unknown tag
	N:	(unclosed
	K:	fine[0-9]
	M:	no address here

	ANOTHER
	F:	[z-a]
	S:	Odd Fixes
	EOF
	kdev maintainers --tree broken -f broken/MAINTAINERS >out 2>err;
	test $? -lt 128 &&
	grep -q "MAINTAINERS:1: tag outside a section" err &&
	grep -q "MAINTAINERS:7: unknown tag" err &&
	grep -q "MAINTAINERS:8: cannot use N: pattern" err &&
	grep -q "MAINTAINERS:10: no e-mail address" err &&
	mkdir -p broken/drivers/good && echo x >broken/drivers/good/a.c &&
	kdev maintainers --tree broken -f broken/drivers/good/a.c >out 2>err &&
	grep -qx "Good Person <good@example.org> (maintainer:GOOD SECTION)" out &&
	grep -qx "good-list@example.org (open list:GOOD SECTION)" out
'

# the index cache: a small tree whose files are an hour old (a file
# changed in the last two seconds is not cached)
mk_ctree() {
	rm -rf ctree && mkdir -p ctree/drivers/foo ctree/drivers/bar &&
	cat >ctree/MAINTAINERS <<-\EOF &&
	FOO DRIVER
	M:	Foo Person <foo@old.example.org>
	L:	foo-list@example.org
	S:	Maintained
	F:	drivers/foo/
	N:	fooish

	BAR DRIVER
	M:	Bar Person <bar@example.org>
	S:	Odd Fixes
	F:	drivers/bar/
	K:	\bbar_magic\b

	THE REST
	M:	Linus Torvalds <torvalds@linux-foundation.org>
	L:	linux-kernel@vger.kernel.org
	S:	Buried alive in reporters
	F:	*
	F:	*/
	EOF
	printf "%s\n" "Foo Person <foo@new.example.org> <foo@old.example.org>" \
		>ctree/.mailmap &&
	echo "int bar_magic;" >ctree/drivers/foo/a.c &&
	echo x >ctree/drivers/bar/b.c &&
	touch -d "1 hour ago" ctree/MAINTAINERS ctree/.mailmap
}
CDIR=$XDG_CACHE_HOME/kdev/maintainers

test_expect_success 'index cache: written once, then used; same answer as --no-cache' '
	mk_ctree && rm -rf "$CDIR" &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >c1 2>e1 &&
	grep -qx "Foo Person <foo@new.example.org> (maintainer:FOO DRIVER)" c1 &&
	grep -qx "Bar Person <bar@example.org> (odd fixer:BAR DRIVER)" c1 &&
	test "$(ls "$CDIR" | wc -l)" = 1 &&
	idx=$(ls "$CDIR"/*.idx) &&
	touch -d "1 hour ago" "$idx" && before=$(stat -c %Y "$idx") &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >c2 2>e2 &&
	test "$(stat -c %Y "$idx")" = "$before" &&
	test_cmp c1 c2 && test_cmp e1 e2 &&
	kdev maintainers --no-cache --tree ctree -f ctree/drivers/foo/a.c >c3 2>e3 &&
	test_cmp c1 c3 && test_cmp e1 e3 &&
	rm -rf "$CDIR" &&
	KDEV_NO_CACHE=1 kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >c4 &&
	test_cmp c1 c4 && ! test -e "$CDIR" &&
	kdev maintainers --no-cache --tree ctree -f ctree/drivers/foo/a.c >c4 &&
	! test -e "$CDIR"
'

test_expect_success 'index cache: the real MAINTAINERS gives the same answers from it' '
	rm -rf "$CDIR" &&
	(cd "$TREE" && kdev maintainers -f net/netfilter/xt_recent.c kernel/bpf/verifier.c \
		arch/arm/boot/dts/imx6q.dtsi) >r1 2>re1 &&
	test "$(ls "$CDIR" | wc -l)" = 1 &&
	(cd "$TREE" && kdev maintainers -f net/netfilter/xt_recent.c kernel/bpf/verifier.c \
		arch/arm/boot/dts/imx6q.dtsi) >r2 2>re2 &&
	(cd "$TREE" && kdev maintainers --no-cache -f net/netfilter/xt_recent.c \
		kernel/bpf/verifier.c arch/arm/boot/dts/imx6q.dtsi) >r3 2>re3 &&
	test_cmp r1 r2 && test_cmp r1 r3 && test_cmp re1 re2 && test_cmp re1 re3 &&
	test_line_count -ge 10 r1
'

test_expect_success 'index cache: rebuilt when MAINTAINERS or .mailmap changes' '
	mk_ctree && rm -rf "$CDIR" &&
	kdev maintainers --tree ctree -f ctree/drivers/bar/b.c >c1 &&
	grep -q "^Bar Person <bar@example.org>" c1 &&
	sed -i "s/Bar Person <bar@example.org>/Baz Person <baz@example.org>/" \
		ctree/MAINTAINERS &&
	touch -d "1 hour ago" ctree/MAINTAINERS &&
	kdev maintainers --tree ctree -f ctree/drivers/bar/b.c >c2 &&
	grep -q "^Baz Person <baz@example.org> (odd fixer:BAR DRIVER)" c2 &&
	! grep -q "Bar Person" c2 &&
	kdev maintainers --tree ctree -f ctree/drivers/bar/b.c >c3 &&
	test_cmp c2 c3 &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >c4 &&
	grep -q "^Foo Person <foo@new.example.org>" c4 &&
	echo "Foo Newer <foo@newer.example.org> <foo@old.example.org>" \
		>ctree/.mailmap &&
	touch -d "1 hour ago" ctree/.mailmap &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >c5 &&
	grep -q "^Foo Newer <foo@newer.example.org> (maintainer:FOO DRIVER)" c5 &&
	rm ctree/.mailmap &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >c6 &&
	grep -q "^Foo Person <foo@old.example.org> (maintainer:FOO DRIVER)" c6 &&
	test "$(ls "$CDIR" | wc -l)" = 1
'

test_expect_success 'index cache: a truncated or corrupt cache is ignored' '
	mk_ctree && rm -rf "$CDIR" &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >good 2>good.err &&
	idx=$(ls "$CDIR"/*.idx) && cp "$idx" saved.idx &&
	size=$(stat -c %s saved.idx) &&
	for cut in 0 8 64 200 $((size / 2)) $((size - 8)) $((size - 1)); do
		head -c $cut saved.idx >"$idx" &&
		kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >out 2>err &&
		test_cmp good out && test_cmp good.err err || return 1
	done &&
	for off in 0 12 40 96 160 $((size / 3)) $((size / 2)) $((size - 16)); do
		cp saved.idx "$idx" &&
		printf "\377\377\377\377" |
			dd of="$idx" bs=1 seek=$off conv=notrunc 2>/dev/null &&
		kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >out 2>err &&
		test_cmp good out && test_cmp good.err err || return 1
	done &&
	head -c $size /dev/urandom >"$idx" &&
	kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >out 2>err &&
	test_cmp good out && test_cmp good.err err
'

test_expect_success 'index cache: a cache directory that cannot be written' '
	mk_ctree && echo "not a directory" >afile &&
	XDG_CACHE_HOME=$PWD/afile \
		kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >out 2>err &&
	grep -qx "Foo Person <foo@new.example.org> (maintainer:FOO DRIVER)" out &&
	! grep -q "error\|warning" err &&
	XDG_CACHE_HOME=/proc/version HOME=/proc/version \
		kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >out2 2>err2 &&
	test_cmp out out2 && test_cmp err err2 &&
	XDG_CACHE_HOME= HOME= \
		kdev maintainers --tree ctree -f ctree/drivers/foo/a.c >out3 &&
	test_cmp out out3
'

test_done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev patch check on a git repository made from linux-source-6.1

A slice of the tree (MAINTAINERS, scripts/checkpatch.pl and what it
reads, net/netfilter/, fs/fuse/) with a short history per subsystem
(t/lib-patch.sh); each test makes commits on top of it and checks what
the tree'\''s checkpatch.pl and kdev'\''s own checks say about them, under
which commit, and the exit status.'
. "${0%/*}/test-lib.sh"
. "$TEST_DIRECTORY/lib-patch.sh"

command -v jq >/dev/null && test_set_prereq JQ

# fresh BRANCH: a branch from master
fresh() {
	git -C "$R" checkout -q -B "$1" master
}

# commit SUBJECT BODY...: commit what is staged and modified, signed off
commit_s() {
	tick &&
	git -C "$R" commit -q -a -s -m "$@"
}

# commit_nos SUBJECT BODY...: the same, without Signed-off-by
commit_nos() {
	tick &&
	git -C "$R" commit -q -a -m "$@"
}

# comment FILE TEXT: a comment line before the first "static" function
comment() {
	sed -i "0,/^static /s||/* $2 */\\nstatic |" "$R/$1"
}

# section OUT HASH: the report lines of one commit (up to the next one)
section() {
	awk -v h="$(echo "$2" | cut -c1-12)" '
		/^(commit|patch) / { on = ($2 == h) }
		on' "$1"
}

test_expect_success 'setup: the slice repository' '
	patch_repo repo &&
	R=$PWD/repo &&
	test_path_is_file repo/MAINTAINERS &&
	test_path_is_file repo/scripts/checkpatch.pl &&
	git -C repo log --format=%s >hist &&
	test_grep "^fuse: " hist &&
	test_grep "^netfilter: nf_tables: " hist
'

test_expect_success 'a clean commit: exit 0, checkpatch ran, no findings' '
	fresh clean &&
	comment net/netfilter/nft_counter.c "Counters are per cpu." &&
	commit_s "netfilter: nft_counter: say that counters are per cpu" \
		-m "Readers of the file ask; the comment tells them." &&
	(cd repo && kdev patch check >../out 2>../err) &&
	test_grep "^commit $(git -C repo rev-parse --short=12 HEAD) netfilter: nft_counter: say" out &&
	test_grep "^  checkpatch: 0 errors, 0 warnings, 0 checks" out &&
	test_grep "^  => clean" out &&
	test_grep ! "kdev:" out &&
	test_grep "^1 commit checked: 0 with errors, 0 with warnings only, 1 clean" out
'

test_expect_success 'the same commit by --tree from elsewhere, and as a patch file' '
	kdev patch check --tree repo HEAD >out2 2>err &&
	git -C repo format-patch -q -1 -o "$PWD/pf" HEAD &&
	kdev patch check --tree repo pf/0001-*.patch >out3 2>err &&
	test_grep "^patch 0001-netfilter-nft_counter-say-that-counters-are-per-cpu.patch netfilter: nft_counter: say" out3 &&
	test_grep "^  => clean" out3
'

test_expect_success 'a checkpatch error: exit 2, the message under its commit' '
	fresh cperr &&
	comment fs/fuse/dev.c "A comment, then code." &&
	printf "static int fuse_kdev_test(void)\n{\n        return 1;\n}\n" \
		>>repo/fs/fuse/dev.c &&
	commit_s "fuse: add a helper that the tests need" \
		-m "The helper returns one, to have some code to check." &&
	bad=$(git -C repo rev-parse HEAD) &&
	comment fs/fuse/file.c "A good one after it." &&
	commit_s "fuse: comment the file operations" \
		-m "Say where the file operations start." &&
	good=$(git -C repo rev-parse HEAD) &&
	test_expect_code 2 kdev patch check --tree repo master..cperr >out &&
	section out $bad >bad.txt &&
	section out $good >good.txt &&
	test_grep "^  checkpatch: [1-9][0-9]* errors\\{0,1\\}," bad.txt &&
	test_grep "^    ERROR:CODE_INDENT: code indent should use tabs" bad.txt &&
	test_grep "^      at fs/fuse/dev.c:[0-9]" bad.txt &&
	test_grep "^  => errors" bad.txt &&
	test_grep ! "ERROR" good.txt &&
	test_grep "^  => clean" good.txt &&
	head -n1 out | grep -q "$(echo $bad | cut -c1-12)"
'

test_expect_success 'the checkpatch messages are those of checkpatch.pl itself' '
	(cd repo && perl scripts/checkpatch.pl --show-types --git $bad ||:) >raw &&
	grep -E "^(ERROR|WARNING|CHECK):" raw | sed "s/^/    /" >expect &&
	grep -E "^    (ERROR|WARNING|CHECK):" bad.txt >actual &&
	test_cmp expect actual
'

test_expect_success 'Fixes: with a short hash: a warning, exit 1' '
	fresh fixshort &&
	target=$(git -C repo log -1 --format=%h --abbrev=7 master~1) &&
	subj=$(git -C repo log -1 --format=%s master~1) &&
	comment fs/fuse/dir.c "Dentries again." &&
	commit_s "fuse: fix the dentry note" -m "The note was wrong.

Fixes: $target (\"$subj\")" &&
	test_expect_code 1 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "kdev: warning: .Fixes: $target .* has a 7-digit hash; use at least 12" out &&
	test_grep "\\[FIXES_SHORT_HASH\\]" out
'

test_expect_success 'Fixes: with the wrong subject: a warning naming the real one' '
	fresh fixsubj &&
	target=$(git -C repo rev-parse --short=12 master~1) &&
	subj=$(git -C repo log -1 --format=%s master~1) &&
	comment fs/fuse/dir.c "Dentries again." &&
	commit_s "fuse: fix the dentry note" -m "The note was wrong.

Fixes: $target (\"fuse: something else\")" &&
	test_expect_code 1 kdev patch check --tree repo >out &&
	test_grep "\\[FIXES_SUBJECT\\]" out &&
	test_grep -F "commit $target is (\"$subj\")" out
'

test_expect_success 'Fixes: of a commit that does not exist: an error, exit 2' '
	fresh fixnone &&
	comment fs/fuse/dir.c "Dentries again." &&
	commit_s "fuse: fix the dentry note" -m "The note was wrong.

Fixes: 0123456789ab (\"fuse: never was\")" &&
	test_expect_code 2 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "kdev: error: .Fixes: 0123456789ab .*no commit 0123456789ab in the tree" out &&
	test_grep "\\[FIXES_UNKNOWN\\]" out
'

test_expect_success 'a correct Fixes: tag is no finding' '
	fresh fixok &&
	target=$(git -C repo rev-parse --short=12 master~1) &&
	subj=$(git -C repo log -1 --format=%s master~1) &&
	comment fs/fuse/dir.c "Dentries again." &&
	commit_s "fuse: fix the dentry note" -m "The note was wrong.

Fixes: $target (\"$subj\")" &&
	kdev patch check --tree repo >out &&
	test_grep ! FIXES out &&
	test_grep "^  => clean" out
'

test_expect_success 'no Signed-off-by, or one not by the author: an error' '
	fresh nosob &&
	comment fs/fuse/inode.c "Superblocks." &&
	commit_nos "fuse: comment the superblock code" -m "Say what it holds." &&
	test_expect_code 2 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "kdev: error: no Signed-off-by: line" out &&
	test_grep "\\[NO_SIGNOFF\\]" out &&
	comment fs/fuse/inode.c "Superblocks again." &&
	commit_nos "fuse: comment the superblock code again" \
		-m "Say what it holds." \
		-m "Signed-off-by: Someone Else <else@example.com>" &&
	test_expect_code 2 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "no Signed-off-by from the author .A U Thor <author@example.com>." out &&
	comment fs/fuse/inode.c "Superblocks, third time." &&
	commit_nos "fuse: comment the superblock code a third time" \
		-m "Say what it holds." \
		-m "Signed-off-by: A. U. Thor <author@example.com>" &&
	test_expect_code 2 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "has the author.s address but not the author.s name .A U Thor." out
'

test_expect_success 'a Change-Id: an error, from kdev and from checkpatch' '
	fresh changeid &&
	comment fs/fuse/inode.c "Superblocks." &&
	commit_s "fuse: comment the superblock code" -m "Say what it holds.

Change-Id: I0123456789abcdef0123456789abcdef01234567" &&
	test_expect_code 2 kdev patch check --tree repo >out &&
	test_grep "kdev: error: .Change-Id: I0123456789abcdef.* is a Gerrit tag" out &&
	test_grep "ERROR:GERRIT_CHANGE_ID" out
'

test_expect_success 'a subject prefix the history does not use: a suggestion' '
	fresh prefix &&
	comment fs/fuse/file.c "Pages." &&
	commit_s "fs: fuse: comment the page cache code" \
		-m "Say how the page cache is used." &&
	test_expect_code 1 kdev patch check --tree repo >out &&
	test_grep "subject prefix .fs: fuse. is not what the history of these files uses; most common: .fuse. (4)" out &&
	test_grep "\\[SUBJECT_PREFIX_HISTORY\\]" out
'

test_expect_success 'no subject prefix at all: a warning' '
	fresh noprefix &&
	comment fs/fuse/file.c "Pages." &&
	commit_s "Comment the page cache code" \
		-m "Say how the page cache is used." &&
	test_expect_code 1 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "the subject has no .subsystem: . prefix" out
'

test_expect_success 'long body lines: a warning; quoted logs and links are fine' '
	fresh width &&
	comment fs/fuse/file.c "Pages." &&
	commit_s "fuse: comment the page cache code" -m "Say how the page cache is used; this sentence is far too long for one line of a commit message.

  [   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000000 in fuse_page_mkwrite
Link: https://lore.kernel.org/all/20240101000000.0000000-1-someone-with-a-long-name@example.com/" &&
	test_expect_code 1 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "1 line of the message is longer than 75 columns (first: body line 1, 9[0-9] columns)" out
'

test_expect_success 'a commit touching two subsystems: a warning naming both' '
	fresh mixed &&
	comment fs/fuse/file.c "Pages." &&
	comment net/netfilter/core.c "Hooks." &&
	commit_s "fuse: comment the page cache and netfilter hooks" \
		-m "Two unrelated comments in one commit." &&
	test_expect_code 1 kdev patch check --tree repo --no-checkpatch >out &&
	test_grep "touches 2 subsystems: FUSE: FILESYSTEM IN USERSPACE (fs/fuse/file.c); NETFILTER (net/netfilter/core.c); possibly not one logical change" out
'

test_expect_success 'files of one subsystem in two directories are one change' '
	fresh onesub &&
	comment net/netfilter/core.c "Hooks." &&
	printf "/* netfilter */\n" >>repo/include/linux/netfilter.h &&
	commit_s "netfilter: comment the hooks and their header" \
		-m "Both belong to netfilter." &&
	kdev patch check --tree repo --no-checkpatch >out &&
	test_grep ! MIXED out
'

test_expect_success JQ '--json: per commit hash, subject, checkpatch, findings; a summary' '
	test_expect_code 2 kdev patch check --tree repo --json master..cperr \
		>out.json &&
	jq -e ".commits | length == 2" out.json &&
	jq -e --arg h "$bad" ".commits[0].hash == \$h" out.json &&
	jq -e ".commits[0].subject == \"fuse: add a helper that the tests need\"" out.json &&
	jq -e ".commits[0].checkpatch.errors >= 1" out.json &&
	jq -e "[.commits[0].checkpatch.messages[] | select(.code == \"CODE_INDENT\" and .type == \"ERROR\" and .file == \"fs/fuse/dev.c\")] | length == 1" out.json &&
	jq -e ".commits[0].status == 2 and .commits[1].status == 0" out.json &&
	jq -e ".summary.status == 2 and .summary.commits == 2" out.json &&
	jq -e ".commits[1].author.email == \"author@example.com\"" out.json &&
	test_expect_code 2 kdev patch check --tree repo --json --no-checkpatch \
		changeid >c.json &&
	jq -e ".commits[0].checkpatch == null" c.json &&
	jq -e "[.commits[0].findings[] | select(.severity == \"error\" and .code == \"CHANGE_ID\")] | length == 1" c.json
'

test_expect_success '-j1 and -j2 give the same report' '
	test_expect_code 2 kdev patch check --tree repo -j1 master..cperr >j1 &&
	test_expect_code 2 kdev patch check --tree repo -j 2 master..cperr >j2 &&
	test_cmp j1 j2
'

test_expect_success '--build: the commit is built with kdev build --each-commit' '
	test_expect_code 2 kdev patch check --tree repo --no-checkpatch \
		--build clean >out 2>err &&
	test_grep "kdev: building $(git -C repo rev-parse --short=12 clean)" err &&
	test_grep "no .config in" err &&
	test_grep "the commit does not build (kdev build exit status 1" out
'

test_expect_success 'bad input: one clear line and exit 2' '
	test_expect_code 2 kdev patch check --tree repo no-such-rev 2>err &&
	test_grep "^error: .no-such-rev. is neither a patch file nor a commit" err &&
	test_expect_code 2 kdev patch check --tree /nonexistent 2>err &&
	test_grep "^error: cannot use the tree ./nonexistent." err &&
	test_expect_code 2 kdev patch check --tree repo -j 0 2>err &&
	test_grep "^error: -j takes a number" err &&
	test_expect_code 2 kdev patch check --bogus 2>err &&
	test_grep "^error: unknown option .--bogus." err &&
	test_expect_code 2 kdev patch 2>err &&
	test_grep "^error: name a command" err &&
	printf "not a patch\n" >junk.patch &&
	test_expect_code 2 kdev patch check --tree repo --no-checkpatch junk.patch >out 2>err &&
	test_grep "has no diff in it" err
'

test_done

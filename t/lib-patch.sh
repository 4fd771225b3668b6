# SPDX-License-Identifier: GPL-2.0
# A real git repository made from a slice of linux-source-6.1 for the
# kdev patch tests: MAINTAINERS, .mailmap, scripts/checkpatch.pl and the
# files it reads, the top-level files checkpatch.pl looks for, and two
# subsystems (net/netfilter/ with include/linux/netfilter*, and
# fs/fuse/ with include/uapi/linux/fuse.h), committed with a fixed
# author and date, then a short history per subsystem so that subject
# prefixes can be learnt from it. Built once into
# $KDEV_CACHE/patch-slice-<key> and cloned from there.
#
#   . "$TEST_DIRECTORY/lib-patch.sh"
#   patch_repo repo      # a fresh clone in ./repo, or test_skip_all

PATCH_SLICE_VERSION=1

export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.com'
export GIT_COMMITTER_NAME='A U Thor' GIT_COMMITTER_EMAIL='author@example.com'
export GIT_AUTHOR_DATE='2024-01-02 03:04:05 +0000'
export GIT_COMMITTER_DATE='2024-01-02 03:04:05 +0000'
export GIT_CONFIG_NOSYSTEM=1 HOME="$TRASH_DIRECTORY"
git config --global user.name "$GIT_AUTHOR_NAME"
git config --global user.email "$GIT_AUTHOR_EMAIL"
git config --global init.defaultBranch master
git config --global advice.detachedHead false

# tick: a later committer and author date for the next commit
patch_tick_n=0
tick() {
	patch_tick_n=$((patch_tick_n + 1))
	GIT_AUTHOR_DATE="2024-01-02 03:$((10 + patch_tick_n)):05 +0000"
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# hist FILE SUBJECT: a commit that appends a comment line to FILE
hist() {
	printf '/* %s */\n' "$2" >>"$1" &&
	git add "$1" &&
	tick &&
	git commit -q -s -m "$2" -m "Make the history of $1 tell its prefix."
}

patch_slice_build() {
	local tree=$1 dest=$2 f
	mkdir -p "$dest" &&
	(
		cd "$tree" &&
		cp --parents MAINTAINERS .mailmap COPYING CREDITS Kbuild \
			Makefile README scripts/checkpatch.pl \
			scripts/spelling.txt scripts/const_structs.checkpatch \
			scripts/get_maintainer.pl \
			Documentation/dev-tools/checkpatch.rst \
			Documentation/process/submitting-patches.rst \
			Documentation/process/submit-checklist.rst \
			Documentation/filesystems/fuse.rst \
			init/Makefile ipc/Makefile kernel/Makefile lib/Makefile \
			drivers/Makefile arch/Kconfig \
			include/uapi/linux/fuse.h "$dest" &&
		cp -r --parents net/netfilter fs/fuse "$dest" &&
		for f in include/linux/netfilter*; do
			cp -r --parents "$f" "$dest" || exit 1
		done
	) &&
	(
		cd "$dest" &&
		git init -q &&
		git add -A &&
		git commit -q -m "Import a slice of linux-source-6.1" &&
		hist net/netfilter/nf_tables_api.c "netfilter: nf_tables: tidy up the API" &&
		hist net/netfilter/nf_tables_core.c "netfilter: nf_tables: comment the core" &&
		hist net/netfilter/nft_counter.c "netfilter: nft_counter: note the percpu counters" &&
		hist net/netfilter/nf_conntrack_core.c "netfilter: conntrack: explain the hash" &&
		hist net/netfilter/nft_counter.c "netfilter: nf_tables: counter comment" &&
		hist fs/fuse/dev.c "fuse: note the request queue" &&
		hist fs/fuse/file.c "fuse: comment the page cache" &&
		hist fs/fuse/inode.c "fuse: say what the superblock holds" &&
		hist fs/fuse/dir.c "fuse: dentry revalidation note"
	)
}

# patch_repo DIR: a clone of the cached slice in DIR, on branch master
patch_repo() {
	local tree key base tmp
	tree=$("$SRC_ROOT/t/kernel/tree.sh" path 2>/dev/null) ||
		test_skip_all "no kernel tree (t/kernel/tree.sh path)"
	test -f "$tree/scripts/checkpatch.pl" ||
		test_skip_all "no scripts/checkpatch.pl in $tree"
	command -v perl >/dev/null || test_skip_all "no perl"
	command -v git >/dev/null || test_skip_all "no git"
	key=$(cat "$tree/MAINTAINERS" "$tree/scripts/checkpatch.pl" |
	      md5sum | cut -c1-12)
	base=$KDEV_CACHE/patch-slice-$PATCH_SLICE_VERSION-$key
	if ! test -f "$base/.git/kdev-ok"; then
		mkdir -p "$KDEV_CACHE" &&
		tmp=$(mktemp -d "$KDEV_CACHE/.patch-slice.XXXXXX") &&
		patch_slice_build "$tree" "$tmp/repo" >/dev/null &&
		touch "$tmp/repo/.git/kdev-ok" &&
		rm -rf "$base" &&
		mv "$tmp/repo" "$base" &&
		rm -rf "$tmp" || {
			rm -rf "$tmp"
			echo "Bail out! cannot build the test repository"
			exit 1
		}
	fi
	git clone -q "$base" "$1" &&
	git -C "$1" checkout -q -B master origin/master
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev patch send: per-patch recipients, a real SMTP round trip

On the linux-source-6.1 slice repository (t/lib-patch.sh), a series of
a netfilter patch and a fuse patch: each patch goes To its own
maintainers and Cc its lists (compared with the tree'\''s own
scripts/get_maintainer.pl on that patch alone), the cover letter to
all of them. Then --send really sends through git send-email to an
SMTP server on 127.0.0.1 (python3-aiosmtpd, started here), and the
test reads the messages it received: headers, envelope recipients,
threading and bodies byte for byte.'
. "${0%/*}/test-lib.sh"
. "$TEST_DIRECTORY/lib-patch.sh"

command -v git-send-email >/dev/null ||
	test -x "$(git --exec-path)/git-send-email" ||
	test_skip_all "no git send-email (apt-get install git-email)"

# Debian's python3-aiosmtpd lives in /usr/bin/python3's dist-packages;
# a python3 earlier in PATH (pyenv, a venv) may not see it
for PY in /usr/bin/python3 python3; do
	if "$PY" -c 'import aiosmtpd' 2>/dev/null; then
		test_set_prereq AIOSMTPD
		break
	fi
done

# comment FILE TEXT: a comment line before the first "static" function
comment() {
	sed -i "0,/^static /s||/* $2 */\\nstatic |" "$R/$1"
}

# gm PATCH: the addresses get_maintainer.pl gives for one patch, sorted
gm() {
	(cd "$R" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats "$1") | sed 's/.*<\(.*\)>.*/\1/' | sort
}

# header FILE NAME: one header of a mail, unfolded
header() {
	tr -d '\r' <"$1" | sed -n '1,/^$/p' |
	awk -v h="$2:" '
		tolower($1) == tolower(h) { on = 1; sub(/^[^:]*: */, ""); v = $0; next }
		on && /^[ \t]/ { sub(/^[ \t]+/, " "); v = v $0; next }
		{ on = 0 }
		END { print v }'
}

# addrs: the addresses of an address list on stdin, one a line, sorted
addrs() {
	tr ',' '\n' | sed -n 's/.*<\(.*\)>.*/\1/p; /</!s/^ *\([^ ]*@[^ ]*\) *$/\1/p' |
	tr A-Z a-z | sort -u
}

# body FILE: everything after the headers
body() {
	tr -d '\r' <"$1" | sed '1,/^$/d'
}

test_expect_success 'setup: a netfilter patch and a fuse patch' '
	patch_repo repo &&
	R=$PWD/repo &&
	git -C repo checkout -q -b series master &&
	comment net/netfilter/nft_counter.c "Counters are per cpu." &&
	tick && git -C repo commit -q -a -s \
		-m "netfilter: nft_counter: say that counters are per cpu" \
		-m "Readers of the file ask; the comment tells them." &&
	comment fs/fuse/dev.c "Requests wait here." &&
	tick && git -C repo commit -q -a -s \
		-m "fuse: say where requests wait" \
		-m "Name the queue in a comment.

Cc: Extra Person <extra@example.org>" &&
	kdev patch check --tree repo master..series >check.out
'

test_expect_success 'dry run: exit 0, a cover letter, v2 in the subjects' '
	kdev patch send --tree repo -v 2 -o out master..series >dry 2>dry.err &&
	ls out >files &&
	test_line_count = 3 files &&
	cover=$(ls out/v2-0000-cover-letter.patch) &&
	p1=$(ls out/v2-0001-netfilter-*.patch) &&
	p2=$(ls out/v2-0002-fuse-*.patch) &&
	test "$(header $cover Subject)" = "[PATCH v2 0/2] *** SUBJECT HERE ***" &&
	test "$(header $p1 Subject)" = "[PATCH v2 1/2] netfilter: nft_counter: say that counters are per cpu" &&
	test "$(header $p2 Subject)" = "[PATCH v2 2/2] fuse: say where requests wait" &&
	test_grep "^Changes in v2:" $cover &&
	test_grep "Dry-OK" dry &&
	test "$(grep -c "^Dry-OK" dry)" = 3 &&
	test_grep "a dry run: nothing was sent" dry.err
'

test_expect_success 'each patch goes to its own maintainers and lists only' '
	git -C repo format-patch -q -o "$PWD/ref" master..series &&
	gm "$PWD"/ref/0001-*.patch >gm1 &&
	gm "$PWD"/ref/0002-*.patch >gm2 &&
	test_grep -x pablo@netfilter.org gm1 &&
	test_grep -x miklos@szeredi.hu gm2 &&
	test_grep ! -x miklos@szeredi.hu gm1 &&
	{ header $p1 To; echo ,; header $p1 Cc; } | addrs >r1 &&
	{ header $p2 To; echo ,; header $p2 Cc; } | addrs >r2 &&
	test_cmp gm1 r1 &&
	echo extra@example.org >>gm2 && sort -o gm2 gm2 &&
	test_cmp gm2 r2
'

test_expect_success 'To: are the maintainers, Cc: the lists, reviewers and tags' '
	header $p1 To | addrs >to1 &&
	header $p1 Cc | addrs >cc1 &&
	printf "%s\n" davem@davemloft.net edumazet@google.com fw@strlen.de \
		kadlec@netfilter.org kuba@kernel.org pabeni@redhat.com \
		pablo@netfilter.org >expect &&
	test_cmp expect to1 &&
	printf "%s\n" coreteam@netfilter.org linux-kernel@vger.kernel.org \
		netdev@vger.kernel.org netfilter-devel@vger.kernel.org >expect &&
	test_cmp expect cc1 &&
	test "$(header $p2 To)" = "Miklos Szeredi <miklos@szeredi.hu>" &&
	header $p2 Cc | addrs >cc2 &&
	printf "%s\n" extra@example.org linux-fsdevel@vger.kernel.org \
		linux-kernel@vger.kernel.org >expect &&
	test_cmp expect cc2
'

test_expect_success 'the cover letter goes to everyone: nobody is dropped' '
	header $cover To | addrs >toc &&
	header $cover Cc | addrs >ccc &&
	sort -u to1 >expect && echo miklos@szeredi.hu >>expect &&
	sort -o expect expect &&
	test_cmp expect toc &&
	sort -u cc1 cc2 >expect &&
	test_cmp expect ccc
'

test_expect_success 'the table and the dry run say who gets what' '
	sed -n "/^v2-0002-/,\$p" dry >t2 &&
	test_grep "^    To: Miklos Szeredi <miklos@szeredi.hu>" t2 &&
	test_grep "^    Cc: linux-fsdevel@vger.kernel.org" t2 &&
	awk "/^Dry-OK/ { n++ } n == 3" dry | sed -n "s/^RCPT TO:<\(.*\)>/\1/p" |
		sort >rcpt3 &&
	cat r2 >expect &&
	test_cmp expect rcpt3 &&
	awk "/^Dry-OK/ { n++ } n == 2" dry | sed -n "s/^RCPT TO:<\(.*\)>/\1/p" |
		sort >rcpt2 &&
	test_cmp r1 rcpt2
'

test_expect_success 'a subject prefix is suggested from the T: trees' '
	test_grep "suggestion: --subject-prefix .PATCH nf-next. (NETFILTER.s tree nf-next takes new work; fixes go to .PATCH nf.)" dry.err
'

test_expect_success '--rfc, --subject-prefix, --to, --cc, one patch: no cover letter' '
	kdev patch send --tree repo --rfc --subject-prefix "PATCH nf-next" \
		--to "Boss <boss@example.org>" --cc cc@example.org \
		-o one series~1 >dry1 2>err &&
	ls one >files &&
	test_line_count = 1 files &&
	f=$(ls one/*.patch) &&
	test "$(header $f Subject)" = "[RFC PATCH nf-next] netfilter: nft_counter: say that counters are per cpu" &&
	header $f To | addrs >to &&
	test_grep -x boss@example.org to &&
	test_grep -x pablo@netfilter.org to &&
	header $f Cc | addrs >cc &&
	test_grep -x cc@example.org cc &&
	test_grep ! suggestion err
'

test_expect_success 'without -o the patches go to a new directory under TMPDIR' '
	mkdir tmp &&
	TMPDIR=$PWD/tmp kdev patch send --tree repo series >d 2>err &&
	ls tmp/kdev-patch-*/0001-fuse-say-where-requests-wait.patch
'

# --- a real SMTP server ---

cat >smtpd.py <<\EOF
import os, signal, socket, sys, threading
from aiosmtpd.controller import Controller

out = sys.argv[1]

class Handler:
    n = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.n += 1
        base = os.path.join(out, "msg%03d" % Handler.n)
        with open(base + ".rcpt", "w") as f:
            f.write("".join(r + "\n" for r in envelope.rcpt_tos))
        with open(base + ".from", "w") as f:
            f.write(envelope.mail_from + "\n")
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        with open(base + ".tmp", "wb") as f:
            f.write(data)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK"

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
c = Controller(Handler(), hostname="127.0.0.1", port=port)
c.start()
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write("%d\n" % port)
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: done.set())
done.wait()
c.stop()
EOF

stop_smtpd() {
	if test -s "$TRASH_DIRECTORY/smtpd.pid"; then
		kill "$(cat "$TRASH_DIRECTORY/smtpd.pid")" 2>/dev/null
		rm -f "$TRASH_DIRECTORY/smtpd.pid"
	fi
}
trap stop_smtpd EXIT

if test_have_prereq AIOSMTPD; then
	mkdir -p mail
	# a simple command, so that $! is python itself
	"$PY" smtpd.py "$PWD/mail" >smtpd.log 2>&1 &
	echo $! >smtpd.pid
	for i in $(seq 100); do
		test -s mail/port && break
		sleep 0.1
	done
	if test -s mail/port; then
		test_set_prereq SMTP
		PORT=$(cat mail/port)
		git -C repo config sendemail.smtpServer 127.0.0.1
		git -C repo config sendemail.smtpServerPort "$PORT"
		git -C repo config sendemail.smtpEncryption none
	fi
fi

test_expect_success SMTP '--send with git'\''s template cover letter: refused' '
	test_expect_code 2 kdev patch send --tree repo -v 2 -o out --send \
		master..series >o 2>err &&
	test_grep "the cover letter .*still has git.s template subject" err &&
	! ls mail/*.eml 2>/dev/null
'

test_expect_success SMTP '--send: the edited cover letter is kept, three mails sent' '
	sed -i -e "s/\*\*\* SUBJECT HERE \*\*\*/netfilter, fuse: comment two helpers/" \
		-e "s/^\*\*\* BLURB HERE \*\*\*\$/Two comments, for two subsystems./" \
		out/v2-0000-cover-letter.patch &&
	kdev patch send --tree repo -v 2 -o out --send master..series \
		>sent 2>err &&
	test_grep "kept the subject and text of the cover letter" err &&
	ls mail/*.eml >got &&
	test_line_count = 3 got
'

test_expect_success SMTP 'received: subjects, From, To and Cc as written' '
	test "$(header mail/msg001.eml Subject)" = "[PATCH v2 0/2] netfilter, fuse: comment two helpers" &&
	test "$(header mail/msg002.eml Subject)" = "[PATCH v2 1/2] netfilter: nft_counter: say that counters are per cpu" &&
	test "$(header mail/msg003.eml Subject)" = "[PATCH v2 2/2] fuse: say where requests wait" &&
	for n in 1 2 3; do
		test "$(header mail/msg00$n.eml From)" = "A U Thor <author@example.com>" &&
		test "$(cat mail/msg00$n.from)" = author@example.com || return 1
	done &&
	header mail/msg001.eml To | addrs >got && test_cmp toc got &&
	header mail/msg001.eml Cc | addrs >got && test_cmp ccc got &&
	header mail/msg002.eml To | addrs >got && test_cmp to1 got &&
	header mail/msg002.eml Cc | addrs >got && test_cmp cc1 got &&
	header mail/msg003.eml Cc | addrs >got && test_cmp cc2 got
'

test_expect_success SMTP 'received: envelope recipients are To and Cc of each mail' '
	sort -u toc ccc >expect && sort mail/msg001.rcpt >got &&
	test_cmp expect got &&
	sort mail/msg002.rcpt >got && test_cmp r1 got &&
	sort mail/msg003.rcpt >got && test_cmp r2 got &&
	test_grep ! -x miklos@szeredi.hu mail/msg002.rcpt &&
	test_grep ! -x pablo@netfilter.org mail/msg003.rcpt
'

test_expect_success SMTP 'received: each patch replies to the cover letter' '
	id=$(header mail/msg001.eml Message-Id) &&
	test -n "$id" &&
	test "$id" = "$(header out/v2-0000-cover-letter.patch Message-Id)" &&
	test -z "$(header mail/msg001.eml In-Reply-To)" &&
	for n in 2 3; do
		test "$(header mail/msg00$n.eml In-Reply-To)" = "$id" &&
		test "$(header mail/msg00$n.eml References)" = "$id" || return 1
	done
'

test_expect_success SMTP 'received: bodies byte for byte as format-patch wrote them' '
	body out/v2-0000-cover-letter.patch >expect && body mail/msg001.eml >got &&
	test_cmp expect got &&
	test_grep "^Two comments, for two subsystems.\$" got &&
	body ref/0001-*.patch >expect && body mail/msg002.eml >got &&
	test_cmp expect got &&
	body ref/0002-*.patch >expect && body mail/msg003.eml >got &&
	test_cmp expect got &&
	test "$(header mail/msg002.eml Content-Transfer-Encoding)" = 8bit &&
	! LC_ALL=C grep -q "[^ -~	]" got
'

test_expect_success SMTP '--send refused when kdev patch check finds errors; --force sends' '
	git -C repo checkout -q -b broken master &&
	comment fs/fuse/file.c "Pages." &&
	tick && git -C repo commit -q -a -m "fuse: comment the pages" \
		-m "No sign-off here." &&
	test_expect_code 2 kdev patch send --tree repo -o bad --send broken \
		>o 2>err &&
	test_grep "no Signed-off-by" err &&
	test_grep "kdev patch check found errors (above); fix them, or pass --force" err &&
	ls mail/*.eml >got &&
	test_line_count = 3 got &&
	kdev patch send --tree repo -o bad --send --force broken >o 2>err &&
	test_grep "sending anyway (--force)" err &&
	ls mail/*.eml >got &&
	test_line_count = 4 got &&
	test "$(header mail/msg004.eml Subject)" = "[PATCH] fuse: comment the pages" &&
	test "$(header mail/msg004.eml To)" = "Miklos Szeredi <miklos@szeredi.hu>"
'

test_expect_success SMTP 'stop the SMTP server' '
	stop_smtpd
'

test_expect_success 'bad input: one clear line, exit 2' '
	test_expect_code 2 kdev patch send --tree repo -v x 2>err &&
	test_grep "^error: -v takes a version number" err &&
	test_expect_code 2 kdev patch send --tree repo a..b c..d 2>err &&
	test_grep "^error: one revision range only" err &&
	test_must_fail kdev patch send --tree repo no-such-rev 2>err &&
	test_grep "^error: .no-such-rev. is neither a patch file nor a commit" err
'

test_done

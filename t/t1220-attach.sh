#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev attach: more sessions in a running kdev run guest

One guest of the lab kernel (Debian cloud kernel, TCG) runs a command
that waits for /tmp/stop in the guest. Sessions attach to it through
its kdev.attach port, several at once, with and without a pty; the
guest lives on after them, until a session creates /tmp/stop: then kdev
run ends with the command'"'"'s status.'
. "${0%/*}/test-lib.sh"

test_expect_success 'setup: the kernel and its modules' '
	test_lab_setup
'
test_lab_load

# the guests' sockets: here, not in the real $XDG_RUNTIME_DIR
mkdir -m 700 runtime
export XDG_RUNTIME_DIR=$PWD/runtime
NAME=t1220

# Wait for @1 to be in the list of running guests (QEMU is starting).
wait_listed() {
	for i in $(seq 150); do
		kdev attach --list | grep -q "^$1	" && return 0
		sleep 0.2
	done
	return 1
}

# Wait for the file @1 (the guest writes it), at most @2 seconds.
wait_file() {
	for i in $(seq $((${2:-120} * 5))); do
		test -e "$1" && return 0
		sleep 0.2
	done
	return 1
}

test_expect_success 'a guest with a long-running command, named; -v says the name' '
	mkdir shared &&
	{
		# a shell for the sessions that starts fast under TCG
		SHELL=/bin/sh "$KDEV" run --kernel "$VMLINUZ" --modules "$KMODS" \
			--timeout 900 -v --name $NAME --rwdir "$PWD/shared" -- sh -c \
			"echo up >$PWD/shared/up; while [ ! -e /tmp/stop ]; do sleep 0.2; done; echo main-done; exit 7" \
			>run.out 2>run.err </dev/null &
	} &&
	echo $! >run.pid &&
	wait_listed $NAME &&
	test "$(kdev attach --list | cut -f2)" = "$(cat run.pid)" &&
	wait_file shared/up &&
	grep "^kdev: this guest is .$NAME.: .kdev attach $NAME. opens another shell in it" run.err
'

test_expect_success 'its socket is private' '
	test "$(stat -c %a runtime/kdev)" = 700 &&
	test "$(stat -c %a runtime/kdev/$NAME.sock)" = 600
'

test_expect_success 'two sessions at once: outputs, stdout and stderr apart, exit statuses' '
	# a waits in the guest until b has been there: they overlap
	kdev attach $NAME -- sh -c "for i in \$(seq 600); do test -e /tmp/b-was-here && break; sleep 0.1; done; cat /tmp/b-was-here; uname -r; echo err-a >&2; exit 3" \
		>a.out 2>a.err </dev/null &
	pa=$! &&
	kdev attach $NAME -- sh -c "hostname >/tmp/b-was-here; cat /proc/1/comm; tr \" \" \"\\n\" </proc/cmdline | grep ^console=" \
		>b.out 2>b.err </dev/null &&
	{ wait $pa; code=$?; } &&
	test $code = 3 &&
	printf "kdev\n%s\n" "$RELEASE" >expect &&
	test_cmp expect a.out &&
	echo err-a >expect &&
	test_cmp expect a.err &&
	printf "init\nconsole=ttyS0\n" >expect &&
	test_cmp expect b.out &&
	test ! -s b.err
'

test_expect_success 'the guest lives on after them; no NAME: the only guest' '
	kill -0 $(cat run.pid) &&
	test_path_is_missing shared/stop &&
	kdev attach -- echo alive >out </dev/null &&
	echo alive >expect &&
	test_cmp expect out
'

test_expect_success 'as the command runs: same directory, user, environment, shares' '
	kdev attach $NAME -- sh -c "pwd; id -u; echo \$KDEV_RUN; echo hi >$PWD/shared/from-attach" >out </dev/null &&
	printf "%s\n%s\n1\n" "$PWD" "$(id -u)" >expect &&
	test_cmp expect out &&
	echo hi >expect &&
	test_cmp expect shared/from-attach
'

test_expect_success 'stdin reaches the command and ends; much data passes intact' '
	printf "one\ntwo\n" | kdev attach $NAME -- sh -c "cat; echo eof" >out &&
	printf "one\ntwo\neof\n" >expect &&
	test_cmp expect out &&
	seq 1 200000 >big &&
	kdev attach $NAME -- md5sum <big >out &&
	echo "$(md5sum <big)" >expect &&
	test_cmp expect out &&
	kdev attach $NAME -- seq 1 200000 </dev/null >out &&
	test_cmp big out
'

test_expect_success 'argv after -- is quoted for the guest shell' '
	kdev attach $NAME -- printf "%s|" "a b" "c'\''d" "\$HOME" </dev/null >out &&
	printf "a b|c'\''d|\$HOME|" >expect &&
	test_cmp expect out
'

test_expect_success 'killed by a signal: 128+N; SIGINT reaches the command' '
	test_expect_code 143 kdev attach $NAME -- sh -c "kill -TERM \$\$" </dev/null &&
	{
		env --default-signal=INT "$KDEV" attach $NAME -- sh -c "echo started; exec sleep 100" \
			>int.out </dev/null &
	} &&
	pid=$! &&
	for i in $(seq 300); do test -s int.out && break; sleep 0.1; done &&
	kill -INT $pid &&
	{ wait $pid; code=$?; } &&
	test $code = 130 &&
	kill -0 $(cat run.pid)
'

# onpty.py CMD...: run CMD on a pty of 33x111, type lines once their
# prompt shows, resize, print all it saw and its exit status.
cat >onpty.py <<\EOF
import os, pty, sys, time, select, struct, fcntl, termios
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
def size(rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
size(33, 111)
out = b''
def wait_for(pattern, timeout=120):
    global out
    end = time.time() + timeout
    while pattern not in out and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                break
            if not d:
                break
            out += d
    return pattern in out
ok = wait_for(b'# ') or wait_for(b'$ ')
os.write(fd, b'echo hi-$((6*7)); stty size; tty\r')
ok = ok and wait_for(b'hi-42') and wait_for(b'/dev/pts/')
size(40, 100)
os.kill(pid, 28)   # SIGWINCH, as a terminal sends it
time.sleep(1)
os.write(fd, b'stty size; exit 4\r')
wait_for(b'40 100')
wait_for(b'\0', 20)  # the rest, till the end
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
print('\nSTATUS %d' % os.waitstatus_to_exitcode(st))
EOF

test_expect_success 'an interactive shell on a pty: prompt, command, size, status' '
	TERM=xterm python3 onpty.py "$KDEV" attach $NAME >tty.out 2>&1 &&
	tr -d "\r" <tty.out >tty.txt &&
	grep "^hi-42\$" tty.txt &&
	grep "^33 111\$" tty.txt &&
	grep "^/dev/pts/[0-9]*\$" tty.txt &&
	grep "^40 100\$" tty.txt &&
	grep "^STATUS 4\$" tty.txt &&
	kill -0 $(cat run.pid)
'

test_expect_success '-t: a pty for a command; its output is the terminal'"'"'s' '
	kdev attach -t $NAME -- sh -c "tty; echo out; echo err >&2" </dev/null >out 2>err &&
	tr -d "\r" <out >out.txt &&
	grep "^/dev/pts/[0-9]*\$" out.txt &&
	grep "^err\$" out.txt &&
	test ! -s err &&
	kdev attach -T $NAME -- sh -c "tty; true" </dev/null >out &&
	echo "not a tty" >expect &&
	test_cmp expect out
'

test_expect_success 'completion: the running guests'"'"' names, then the command' '
	mkdir -p bin &&
	ln -sf "$KDEV" bin/kdev &&
	complete_attach() {
		PATH=$PWD/bin:$PATH bash -c '"'"'
			source "$1" || exit 1
			shift
			COMP_WORDS=("$@")
			COMP_CWORD=$(($# - 1))
			_kdev || exit 1
			printf "%s\n" "${COMPREPLY[@]}"
		'"'"' complete "$SRC_ROOT/contrib/completion/kdev.bash" "$@"
	} &&
	complete_attach kdev attach t12 >out &&
	echo $NAME >expect &&
	test_cmp expect out &&
	complete_attach kdev attach -t "" >out &&
	test_cmp expect out &&
	complete_attach kdev attach $NAME -- unam >out &&
	grep -x uname out &&
	complete_attach kdev attach --l >out &&
	echo --list >expect &&
	test_cmp expect out
'

test_expect_success 'a missing NAME: a clear error naming those running' '
	test_expect_code 125 kdev attach nosuch -- true 2>err &&
	echo "error: no guest named '\''nosuch'\'' is running; running: $NAME" >expect &&
	test_cmp expect err
'

test_expect_success 'two guests: no NAME is an error that lists them' '
	python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(4)
open(sys.argv[2], \"w\").close()
time.sleep(60)" runtime/kdev/other.sock ready &
	fake=$! &&
	wait_file ready 10 &&
	kdev attach --list >list &&
	kdev attach -- true 2>err;
	code=$?
	kill $fake
	wait $fake
	rm -f runtime/kdev/other.sock &&
	test $code = 125 &&
	printf "%s\t%s\n%s\t%s\n" $NAME "$(cat run.pid)" other $fake >expect &&
	sort list >sorted &&
	sort expect >expect.sorted &&
	test_cmp expect.sorted sorted &&
	echo "error: 2 guests are running (other, $NAME): name one, as in '\''kdev attach other'\''" >expect &&
	test_cmp expect err
'

test_expect_success 'a --name in use: an error before anything boots' '
	test_expect_code 125 run --name $NAME -- true 2>err &&
	grep "^error: a guest named .$NAME. is already running" err &&
	test "$(ls tmp | wc -l)" = 1 &&
	kill -0 $(cat run.pid)
'

test_expect_success 'a session closes when the guest stops; a session stops the guest' '
	kdev attach $NAME -- sleep 1000 >sleep.out 2>sleep.err </dev/null &
	psleep=$! &&
	sleep 1 &&
	kdev attach $NAME -- touch /tmp/stop </dev/null &&
	{ wait $(cat run.pid); code=$?; } &&
	test $code = 7 &&
	echo main-done >expect &&
	test_cmp expect run.out &&
	{ wait $psleep; code=$?; } &&
	test $code = 125 &&
	grep "^error: guest .$NAME.: the guest has stopped\|^error: guest .$NAME. stopped before the command ended" sleep.err &&
	test_path_is_missing runtime/kdev/$NAME.sock &&
	test -z "$(kdev attach --list)" &&
	test_expect_code 125 kdev attach -- true 2>err &&
	grep "^error: no guest is running: start one with .kdev run." err &&
	test -z "$(ls tmp)"
'

test_expect_success '--dry-run: the attach port' '
	run --dry-run -- true >dry &&
	grep -- "-device virtio-serial-pci,max_ports=6 " dry &&
	grep -- "-chardev socket,id=attach,path=$PWD/tmp/kdev-run\.[^ ]*/attach.sock -device virtserialport,chardev=attach,name=kdev.attach" dry &&
	test -z "$(ls runtime/kdev)"
'

test_expect_success 'usage errors' '
	test_expect_code 2 kdev run --name "a/b" -- true 2>err &&
	grep "^error: --name: .a/b. is not a name" err &&
	test_expect_code 2 kdev attach one two 2>err &&
	grep "^error: .two.: a command comes after .--." err &&
	test_expect_code 2 kdev attach one -- 2>err &&
	grep "^error: no command after .--." err &&
	test_expect_code 2 kdev attach --list one 2>err &&
	grep "^error: --list takes no NAME" err &&
	test_expect_code 2 kdev attach ../x -- true 2>err &&
	grep "^error: .\.\./x. is not a guest name" err
'

test_done

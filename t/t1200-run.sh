#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev run: a real kernel (Debian cloud kernel) under QEMU

Boots the kernel that t/kernel/lab.sh fetched, with its own modules and
the host'"'"'s / shared through virtiofsd, under TCG (KVM does not work on
our machines; kdev run must notice by itself).'
. "${0%/*}/test-lib.sh"


test_expect_success 'setup: the kernel, its modules, the -dbg vmlinux' '
	test_lab_setup build
'
test_lab_load

# A run started in the background has its console log: QEMU is starting.
wait_for_run() {
	for i in $(seq 100); do
		ls tmp/kdev-run.*/console.log >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# Nothing a run made is left: no run directory, no process.
nothing_left() {
	test -z "$(ls tmp)" && ! pgrep -f "$PWD/tmp/kdev-run" >/dev/null
}

test_expect_success 'stdout, stderr and the exit status come back apart' '
	test_expect_code 3 run -- sh -c "echo out; echo err >&2; uname -r; exit 3" >out 2>err &&
	printf "out\n%s\n" "$RELEASE" >expect &&
	test_cmp expect out &&
	grep "^err\$" err
'

test_expect_success 'KVM that does not work is noticed once; TCG is used' '
	if ! grep -qE "vmx|svm" /proc/cpuinfo; then
		test "$(grep -c "using TCG" err)" = 1
	fi
'

test_expect_success 'KDEV_TRACE: timed steps of kdev, QEMU and the guest init' '
	KDEV_TRACE=1 run -- true >out 2>err &&
	test ! -s out &&
	for step in "QEMU started" "virtiofsd waits for QEMU" \
		"first console byte from the guest" \
		"console: .*Run /init as init process" \
		"console: .*kdev-init: t=[0-9]*\.[0-9]* all modules loaded" \
		"console: .*kdev-init: t=[0-9.]* mounted overlay (overlay) on /newroot/etc" \
		"console: .*kdev-init: t=[0-9.]* exec /bin/sh -c" \
		"status from the guest: exit=0" "QEMU exited" \
		"QEMU and virtiofsd gone, run directory removed"; do
		grep "^kdev: trace: [0-9]*\.[0-9]\{6\} $step" err ||
		{ echo "no trace of: $step"; return 1; }
	done &&
	# the host clock only goes forward
	sed -n "s/^kdev: trace: \([0-9.]*\) .*/\1/p" err | sort -c -n &&
	test $(grep -c "kdev-init: t=[0-9]*\.[0-9]\{6\} " err) -gt 20 &&
	# this kernel runs modprobe as it boots: the modules load then
	grep "kdev-init: t=[0-9.]* early module loader done" err &&
	grep "kdev-init: t=[0-9.]* /lib/kdev/virtiofs.ko: loaded while the kernel booted" err
'

test_expect_success 'kdev.early_modules=0: init loads the modules itself' '
	KDEV_TRACE=1 run --append kdev.early_modules=0 -- true 2>err &&
	test_must_fail grep "early module loader" err &&
	for m in virtio_ring virtio_pci virtio_console fuse virtiofs overlay; do
		grep "kdev-init: t=[0-9.]* loaded /lib/kdev/$m.ko\$" err || return 1
	done
'

test_expect_success 'a plain word runs without sh, as sh would run it' '
	mkdir bin &&
	printf "#!/bin/sh\necho \"\$0|\$PWD|\$#\"\nexit 5\n" >bin/kdev-t1200-cmd &&
	printf "echo no-shebang\nexit 7\n" >bin/kdev-t1200-script &&
	chmod +x bin/kdev-t1200-cmd bin/kdev-t1200-script &&
	PATH="$PWD/bin:$PATH" KDEV_TRACE=1 test_expect_code 5 run -- kdev-t1200-cmd >out 2>err &&
	echo "$PWD/bin/kdev-t1200-cmd|$PWD|0" >expect &&
	test_cmp expect out &&
	grep "kdev-init: t=[0-9.]* exec kdev-t1200-cmd (a plain word: no /bin/sh -c)" err &&
	# what sh says and does when it cannot: 127, 126, a script without #!
	test_expect_code 127 run -- kdev-t1200-nosuch 2>err &&
	grep "kdev-t1200-nosuch: not found" err &&
	test_expect_code 126 run -- "$PWD/bin" 2>err &&
	grep "$PWD/bin: Permission denied" err &&
	PATH="$PWD/bin:$PATH" test_expect_code 7 run -- kdev-t1200-script >out &&
	echo no-shebang >expect &&
	test_cmp expect out
'

test_expect_success 'argv after -- is quoted for the guest shell' '
	run -- printf "%s|" "a b" "c'\''d" "\$HOME" >out &&
	printf "a b|c'\''d|\$HOME|" >expect &&
	test_cmp expect out
'

test_expect_success 'the guest starts in the current directory, as us; -v, --log' '
	run -v --log "$PWD/console.log" -- sh -c "pwd; id -u" >out 2>err &&
	printf "%s\n%s\n" "$PWD" "$(id -u)" >expect &&
	test_cmp expect out &&
	grep "Linux version $RELEASE" err &&
	grep "Linux version $RELEASE" console.log &&
	test_must_fail grep "^/" console.log
'

test_expect_success 'standard input reaches the command, and ends' '
	printf "line one\nline two\n" | run -- sh -c "cat; echo eof" >out &&
	printf "line one\nline two\neof\n" >expect &&
	test_cmp expect out
'

test_expect_success 'writes to /etc and /tmp stay in the guest; --rwdir comes out' '
	mkdir results &&
	name=kdev-t1200-$$ &&
	run --rwdir "$PWD/results" -- sh -c "echo guest >/etc/$name && echo guest >/tmp/$name && cat /etc/$name && echo result >$PWD/results/out.txt" >out &&
	echo guest >expect &&
	test_cmp expect out &&
	test_path_is_missing /etc/$name &&
	test_path_is_missing /tmp/$name &&
	echo result >expect &&
	test_cmp expect results/out.txt
'

test_expect_success 'not even root in the guest, remounting /, writes to the host' '
	name=kdev-t1200-escape-$$ &&
	test_must_fail run --root-user -- sh -c "mount -o remount,rw / && touch /$name" 2>err &&
	grep "Read-only file system" err &&
	test_path_is_missing /$name
'

test_expect_success 'a --rodir share cannot be written' '
	mkdir ro && echo x >ro/file &&
	test_must_fail run --rodir "$PWD/ro:/mnt/ro" -- sh -c "cat /mnt/ro/file && echo y >/mnt/ro/file" >out 2>err &&
	echo x >expect && test_cmp expect out &&
	grep -i "read-only" err &&
	echo x >expect && test_cmp expect ro/file
'

test_expect_success 'a WARNING: the warning status, decoded, output intact' '
	test_expect_code 101 run --vmlinux "$VMLINUX" --decode-modules "$MODDIR" -- sh -c "echo before; /sbin/insmod $MODDIR/kdevcrash.ko warn=1; echo after" >out 2>err &&
	printf "before\nafter\n" >expect &&
	test_cmp expect out &&
	grep "kdev: the kernel reported a warning" err &&
	grep "WARNING: CPU: .* kdevcrash_init" err &&
	L=$(grep -n "KDEV-MARK: warn " "$MODSRC" | cut -d: -f1) &&
	grep "RIP: 0010:kdevcrash_init+0x[0-9a-f]*/0x[0-9a-f]* \[kdevcrash\] .*kdevcrash.c:$L" err
'

test_expect_success '--panic-on-warn: the same WARNING panics the kernel' '
	test_expect_code 104 run --panic-on-warn --vmlinux "$VMLINUX" --decode-modules "$MODDIR" -- sh -c "/sbin/insmod $MODDIR/kdevcrash.ko warn=1; echo after" >out 2>err &&
	grep "kdev: the kernel reported a warning" err &&
	grep "Kernel panic - not syncing: kernel: panic_on_warn set" err &&
	test_must_fail grep after out
'

test_expect_success '--net user: a virtio-net interface' '
	run --net user -- cat /sys/class/net/eth0/address >out &&
	echo 52:54:00:12:34:56 >expect &&
	test_cmp expect out
'

test_expect_success 'sysrq-c: the panic status and the decoded panic' '
	test_expect_code 104 run --vmlinux "$VMLINUX" --root-user -- sh -c "echo 1 >/proc/sys/kernel/sysrq; echo c >/proc/sysrq-trigger" >out 2>err &&
	grep "kdev: the kernel reported a panic" err &&
	grep "Kernel panic - not syncing: sysrq triggered crash" err &&
	grep "  sysrq_handle_crash+0x[0-9a-f]*/0x[0-9a-f]* drivers/tty/sysrq.c:[0-9]*\$" err &&
	grep "kdev: the kernel reported a problem; console log: " err
'

test_expect_success 'an oops in a module: the oops status' '
	test_expect_code 103 run --vmlinux "$VMLINUX" --decode-modules "$MODDIR" --root-user -- sh -c "/sbin/insmod $MODDIR/kdevcrash.ko && echo 1 >/proc/kdevcrash; echo survived" >out 2>err &&
	grep "kdev: the kernel reported an oops" err &&
	grep "RIP: 0010:kdevcrash_middle+.* kdevcrash_poke at .*kdevcrash.c:" err
'

test_expect_success 'a hung command: --timeout, status 124, nothing left behind' '
	start=$(date +%s) &&
	test_expect_code 124 run --timeout 20 -- sleep 1000 >out 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 40 &&
	grep "did not finish within 20 s" err &&
	nothing_left
'

test_expect_success 'two runs at once do not collide' '
	run -- sh -c "echo one" >one.out 2>one.err &
	p1=$! &&
	run -- sh -c "echo two" >two.out 2>two.err &&
	wait $p1 &&
	echo one >expect && test_cmp expect one.out &&
	echo two >expect && test_cmp expect two.out &&
	test -z "$(ls tmp)"
'

# A background job of a script ignores SIGINT: give kdev the default back,
# as a terminal's Ctrl-C would find it.
test_expect_success 'Ctrl-C (SIGINT): exit 130, everything cleaned up' '
	env --default-signal=INT "$KDEV" run --kernel "$VMLINUZ" --modules "$KMODS" -- sleep 1000 >out 2>err &
	pid=$! &&
	wait_for_run &&
	sleep 2 &&
	kill -INT $pid &&
	{ wait $pid; code=$?; } &&
	test $code = 130 &&
	grep "^kdev: interrupted" err &&
	nothing_left
'

test_expect_success 'SIGTERM: exit 143, everything cleaned up' '
	"$KDEV" run --kernel "$VMLINUZ" --modules "$KMODS" -- sleep 1000 >out 2>err &
	pid=$! &&
	wait_for_run &&
	kill -TERM $pid &&
	{ wait $pid; code=$?; } &&
	test $code = 143 &&
	nothing_left
'

test_expect_success 'QEMU dies: a clear error, exit 125, cleaned up' '
	"$KDEV" run --kernel "$VMLINUZ" --modules "$KMODS" -- sleep 1000 >out 2>err &
	pid=$! &&
	for i in $(seq 100); do
		q=$(pgrep -f "qemu-system-x86_64.*$PWD/tmp/kdev-run") && break
		sleep 0.2
	done &&
	test -n "$q" &&
	kill -9 $q &&
	{ wait $pid; code=$?; } &&
	test $code = 125 &&
	grep "^error: the guest stopped without saying how the command ended" err &&
	nothing_left
'

# typed into the guest's shell once it is up (TCG: a few seconds)
interactive_input() {
	sleep 12
	printf '%s\r' 'echo hello-$((6*7)); exit 5'
	sleep 8
}

test_expect_success 'no COMMAND on a terminal: an interactive shell' '
	interactive_input |
	SHELL=/bin/sh script -qec "$KDEV run --kernel $VMLINUZ --modules $KMODS --timeout 120" /dev/null >tty.out 2>&1;
	test $? = 5 &&
	grep "hello-42" tty.out
'

test_expect_success '--dry-run prints the commands and runs nothing' '
	run --dry-run -- true >out &&
	grep "^/usr/lib/qemu/virtiofsd .*-o source=/ " out &&
	grep "^qemu-system-x86_64 .*-kernel $VMLINUZ " out &&
	grep "^#   init " out &&
	grep "^#   lib/kdev/virtiofs.ko " out &&
	grep "^#       cmd=true\$" out &&
	test "$(grep -c "^#       module=" out)" = "$(grep -c "^#       moddeps=[0-9]*:[0-9,]*\$" out)" &&
	grep "^#       moddeps=[0-9]*:[0-9]" out &&
	grep -- "-device virtio-serial-pci,max_ports=6 " out &&
	grep "^#   sbin/modprobe -> /init\$" out &&
	# qboot when QEMU has it; KDEV_BIOS chooses
	if test -f /usr/share/qemu/qboot.rom; then
		grep -- " -bios /usr/share/qemu/qboot.rom -kernel " out
	fi &&
	KDEV_BIOS=default run --dry-run -- true >out &&
	test_must_fail grep -- " -bios " out &&
	KDEV_BIOS=/no/such.rom test_expect_code 125 run --dry-run -- true 2>err &&
	grep "^error: KDEV_BIOS: cannot open ./no/such.rom." err &&
	test -z "$(ls tmp)"
'

test_expect_success '--fs 9p: QEMU serves the files (this kernel has no 9p: a clear error)' '
	run --fs 9p --dry-run -- true >dry 2>err &&
	grep -- "-fsdev local,id=fs0,path=/,security_model=none,multidevs=remap,readonly=on -device virtio-9p-pci,fsdev=fs0,mount_tag=root" dry &&
	grep "^#       fstype=9p\$" dry &&
	test_must_fail grep virtiofsd dry &&
	grep "^warning: module 9p not found in .$KMODS.; assuming it is built in" err &&
	test_expect_code 125 run --fs 9p -- true 2>err &&
	grep "^error: the guest could not run the command: cannot mount the root (9p root): No such device" err
'

test_expect_success 'not root: 9p, as virtiofsd needs root' '
	if command -v setpriv >/dev/null && test "$(id -u)" = 0; then
		# a copy nobody can read: the cache is under /root
		pub=$(mktemp -d /tmp/kdev-t1200.XXXXXX) &&
		chmod 1777 "$pub" &&
		cp "$VMLINUZ" "$pub/bzImage" &&
		cp "$KDEV" "$pub/kdev" &&
		(cd "$KMODS" && find kernel -name "*.ko" | cpio -pdm --quiet "$pub/mods") &&
		cp "$KMODS/modules.builtin" "$pub/mods/" &&
		chmod -R a+rX "$pub" &&
		as_nobody() {
			(cd "$pub" && TMPDIR=$pub setpriv --reuid=nobody --regid=nogroup \
				--clear-groups ./kdev run --kernel bzImage --modules mods "$@")
		} &&
		as_nobody --dry-run -- true >dry 2>err &&
		grep "^kdev: not root: sharing files with QEMU.s 9p server" err &&
		grep -- "-device virtio-9p-pci,fsdev=fs0,mount_tag=root" dry &&
		test_expect_code 125 as_nobody --fs virtiofs -- true 2>err &&
		grep "^error: virtiofsd needs root" err &&
		rm -rf "$pub"
	fi
'

test_expect_success 'usage errors' '
	test_expect_code 2 kdev run --cpus 0 -- true 2>err &&
	grep "^error: --cpus takes 1 to 256" err &&
	test_expect_code 2 kdev run --rwdir /nonexistent -- true 2>err &&
	grep "^error: --rwdir: ./nonexistent. is not a directory" err &&
	test_expect_code 2 kdev run --fs nfs -- true 2>err &&
	grep "^error: --fs takes virtiofs or 9p, not .nfs." err &&
	test_expect_code 2 kdev run </dev/null 2>err &&
	grep "^error: no COMMAND" err
'

test_expect_success 'a missing QEMU or virtiofsd: which package to install' '
	KDEV_QEMU=no-such-qemu test_expect_code 125 run -- true 2>err &&
	grep "^error: .no-such-qemu. not found: install it (Debian/Ubuntu: apt-get install qemu-system-x86" err &&
	KDEV_VIRTIOFSD=/no/virtiofsd test_expect_code 125 run -- true 2>err &&
	grep "^error: ./no/virtiofsd. not found: install it (Debian 12: apt-get install qemu-system-common" err &&
	test -z "$(ls tmp)"
'

test_expect_success '--modules auto: /lib/modules/RELEASE of the image' '
	if test -d /lib/modules/$RELEASE; then
		echo "$RELEASE is installed here: nothing to check"
	else
		test_expect_code 125 kdev run --kernel "$VMLINUZ" --modules auto -- true 2>err &&
		grep "^error: no modules for $RELEASE in /lib/modules/$RELEASE: pass --modules DIR" err
	fi
'

test_expect_success 'in a kernel tree: its bzImage and its modules' '
	mkdir -p tree/arch/x86/boot &&
	cp "$VMLINUZ" tree/arch/x86/boot/bzImage &&
	(cd "$KMODS" && find kernel -name "*.ko" | cpio -pdm --quiet "$OLDPWD/tree") &&
	cp "$KMODS/modules.builtin" tree/ &&
	(cd tree && kdev run --timeout 300 -- uname -r) >out &&
	echo "$RELEASE" >expect &&
	test_cmp expect out &&
	(cd tree && kdev run --dry-run -- true) >dry &&
	grep "^#   lib/kdev/virtiofs.ko (from ./kernel/fs/fuse/virtiofs.ko)" dry
'

test_expect_success 'no kernel: says how to get one' '
	mkdir notree &&
	(cd notree && test_expect_code 125 kdev run -- true) 2>err &&
	grep "^error: no kernel at .*arch/x86/boot/bzImage.: build one" err
'
test_done

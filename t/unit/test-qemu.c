// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the QEMU/virtiofsd argv builder (src/vm/qemu.c), checked
 * as the exact line "kdev run --dry-run" prints, and for the KVM probe
 * (src/vm/kvm.c) on whatever this machine has.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/strbuf.h"
#include "lib/strvec.h"
#include "lib/util.h"
#include "vm/kvm.h"
#include "vm/qemu.h"

/* Helpers */


/* What most runs have: a kernel, an initramfs, the console and status. */
static void base_config(struct vm_config *cfg)
{
	cfg->kernel = "/k/bzImage";
	cfg->initrd = "/run/kdev.1/initrd";
	cfg->console = "/dev/fd/5";
	cfg->status = "/dev/fd/6";
}

/* A command run: stdio ports and the host's / read-only. */
static void command_config(struct vm_config *cfg)
{
	base_config(cfg);
	cfg->stdin_socket = "/run/kdev.1/stdin.sock";
	cfg->stdout_path = "/dev/fd/7";
	cfg->stderr_path = "/dev/fd/8";
	vm_config_add_share(cfg, "root", "/", "/run/kdev.1/fs0.sock", 1);
}

/* The QEMU command line as --dry-run shows it, without the newline. */
static char *qemu_line(const struct vm_config *cfg)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(vm_qemu_argv(cfg, &argv), 0);
	vm_render_argv(&sb, &argv);
	strvec_clear(&argv);
	assert_true(sb.len && sb.buf[sb.len - 1] == '\n');
	strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static char *virtiofsd_line(const struct vm_config *cfg,
			    const struct vm_share *share)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(vm_virtiofsd_argv(cfg, share, &argv), 0);
	vm_render_argv(&sb, &argv);
	strvec_clear(&argv);
	strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static void assert_line(char *got, const char *want)
{
	if (strcmp(got, want))
		fail_msg("got:\n%s\nwant:\n%s", got, want);
	free(got);
}

/* The argv element after the first @opt, e.g. the -append value. */
static char *qemu_arg(const struct vm_config *cfg, const char *opt)
{
	struct strvec argv = STRVEC_INIT;
	char *val = NULL;
	size_t i;

	assert_int_equal(vm_qemu_argv(cfg, &argv), 0);
	for (i = 0; i + 1 < argv.nr && !val; i++)
		if (!strcmp(argv.v[i], opt))
			val = xstrdup(argv.v[i + 1]);
	strvec_clear(&argv);
	assert_non_null(val);
	return val;
}

#define HEAD(accel, cpu, smp, mem)					\
	"qemu-system-x86_64 -no-user-config -nodefaults -display none "	\
	"-no-reboot -machine q35,memory-backend=mem -accel " accel	\
	" -cpu " cpu " -smp " smp " -m " mem " -object "		\
	"memory-backend-memfd,id=mem,size=" mem "M,share=on "		\
	"-kernel /k/bzImage -initrd /run/kdev.1/initrd "
#define TCG_HEAD HEAD("tcg", "max", "1", "512")
#define BASE_CMDLINE "console=ttyS0 panic=-1 printk.devkmsg=on"
/* virtio-serial with @ports ports: port 0 (hvc0's) and one a channel */
#define CONSOLE_PORTS(ports)						\
	"-chardev file,id=con,path=/dev/fd/5,append=on "		\
	"-serial chardev:con -device virtio-serial-pci,max_ports=" ports " "
#define CONSOLE CONSOLE_PORTS("5")
#define STATUS								\
	"-chardev file,id=status,path=/dev/fd/6,append=on "		\
	"-device virtserialport,chardev=status,name=kdev.status "
#define STDIO								\
	"-chardev socket,id=stdin,path=/run/kdev.1/stdin.sock "	\
	"-device virtserialport,chardev=stdin,name=kdev.stdin "		\
	"-chardev file,id=stdout,path=/dev/fd/7,append=on "		\
	"-device virtserialport,chardev=stdout,name=kdev.stdout "	\
	"-chardev file,id=stderr,path=/dev/fd/8,append=on "		\
	"-device virtserialport,chardev=stderr,name=kdev.stderr "
#define ROOT_SHARE							\
	"-chardev socket,id=fs0,path=/run/kdev.1/fs0.sock "		\
	"-device vhost-user-fs-pci,queue-size=1024,chardev=fs0,tag=root"

/* Tests */

static void test_minimal_tcg(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' "
		    CONSOLE STATUS STDIO ROOT_SHARE);
	vm_config_release(&cfg);
	assert_null(cfg.shares);
	assert_int_equal(cfg.shares_nr, 0);
}

static void test_no_stdin(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	/* no stdin socket, no status: no such ports */
	base_config(&cfg);
	cfg.status = NULL;
	cfg.stdout_path = "/dev/fd/7";
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' " CONSOLE_PORTS("2")
		    "-chardev file,id=stdout,path=/dev/fd/7,append=on "
		    "-device virtserialport,chardev=stdout,name=kdev.stdout");
	vm_config_release(&cfg);
}

static void test_kvm_4cpus_2g(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	cfg.accel = VM_ACCEL_KVM;
	cfg.cpus = 4;
	cfg.memory_mib = 2048;
	cfg.qemu = "/opt/qemu/bin/qemu-system-x86_64";
	assert_line(qemu_line(&cfg),
		    "/opt/qemu/bin/" HEAD("kvm", "host", "4", "2048")
		    "-append '" BASE_CMDLINE "' "
		    CONSOLE STATUS STDIO ROOT_SHARE);

	/* an explicit CPU model wins, with either accelerator */
	cfg.cpu_model = "Skylake-Client";
	assert_line(qemu_arg(&cfg, "-cpu"), "Skylake-Client");
	cfg.accel = VM_ACCEL_TCG;
	assert_line(qemu_arg(&cfg, "-cpu"), "Skylake-Client");
	vm_config_release(&cfg);
}

static void test_interactive(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	base_config(&cfg);
	cfg.interactive = 1;
	vm_config_add_share(&cfg, "root", "/", "/run/kdev.1/fs0.sock", 1);
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' " CONSOLE_PORTS("2")
		    "-chardev stdio,id=tty,mux=on,signal=off "
		    "-device virtconsole,chardev=tty -mon chardev=tty "
		    STATUS ROOT_SHARE);
	vm_config_release(&cfg);
}

/* kdev attach's port: the last one, a socket as stdin's; also interactive */
static void test_attach(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

#define ATTACH_PORT							\
	"-chardev socket,id=attach,path=/run/kdev.1/a,,b.sock "		\
	"-device virtserialport,chardev=attach,name=kdev.attach "
	command_config(&cfg);
	cfg.attach_socket = "/run/kdev.1/a,b.sock";
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' " CONSOLE_PORTS("6")
		    STATUS STDIO ATTACH_PORT ROOT_SHARE);
	vm_config_release(&cfg);

	memset(&cfg, 0, sizeof(cfg));
	base_config(&cfg);
	cfg.interactive = 1;
	cfg.attach_socket = "/run/kdev.1/a,b.sock";
	vm_config_add_share(&cfg, "root", "/", "/run/kdev.1/fs0.sock", 1);
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' " CONSOLE_PORTS("3")
		    "-chardev stdio,id=tty,mux=on,signal=off "
		    "-device virtconsole,chardev=tty -mon chardev=tty "
		    STATUS ATTACH_PORT ROOT_SHARE);
	vm_config_release(&cfg);
#undef ATTACH_PORT
}

static void test_net_ssh(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	cfg.net_user = 1;
	cfg.ssh_port = 2222;
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' "
		    CONSOLE STATUS STDIO ROOT_SHARE
		    " -netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22"
		    " -device virtio-net-pci,netdev=net0");

	cfg.ssh_port = 0;
	assert_line(qemu_arg(&cfg, "-netdev"), "user,id=net0");
	vm_config_release(&cfg);
}

static void test_gdb(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	cfg.gdb_port = 1234;
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE " nokaslr' "
		    CONSOLE STATUS STDIO ROOT_SHARE
		    " -gdb tcp:127.0.0.1:1234");

	cfg.gdb_wait = 1;
	cfg.gdb_port = 5555;
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE " nokaslr' "
		    CONSOLE STATUS STDIO ROOT_SHARE
		    " -gdb tcp:127.0.0.1:5555 -S");
	vm_config_release(&cfg);
}

static void test_kgdb(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	cfg.kgdb_socket = "/run/d/kgdb.sock";
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE " nokaslr"
		    " kgdboc=ttyS1,115200 kgdbwait' "
		    "-chardev file,id=con,path=/dev/fd/5,append=on "
		    "-serial chardev:con -chardev socket,id=kgdb,"
		    "path=/run/d/kgdb.sock,server=on,wait=off "
		    "-serial chardev:kgdb "
		    "-device virtio-serial-pci,max_ports=5 "
		    STATUS STDIO ROOT_SHARE);
	/* with the gdb stub as well: nokaslr once */
	cfg.gdb_port = 1234;
	assert_line(qemu_arg(&cfg, "-append"),
		    BASE_CMDLINE " nokaslr kgdboc=ttyS1,115200 kgdbwait");
	vm_config_release(&cfg);
}

static void test_bios(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	/* the firmware goes before the kernel; none: QEMU's own */
	command_config(&cfg);
	cfg.bios = "/usr/share/qemu/qboot.rom";
	assert_line(qemu_line(&cfg),
		    "qemu-system-x86_64 -no-user-config -nodefaults -display "
		    "none -no-reboot -machine q35,memory-backend=mem -accel tcg "
		    "-cpu max -smp 1 -m 512 -object "
		    "memory-backend-memfd,id=mem,size=512M,share=on "
		    "-bios /usr/share/qemu/qboot.rom "
		    "-kernel /k/bzImage -initrd /run/kdev.1/initrd "
		    "-append '" BASE_CMDLINE "' "
		    CONSOLE STATUS STDIO ROOT_SHARE);
	assert_line(qemu_arg(&cfg, "-bios"), "/usr/share/qemu/qboot.rom");
	vm_config_release(&cfg);
}

static void test_panic_flags(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	cfg.oops_panic = 1;
	assert_line(qemu_arg(&cfg, "-append"), BASE_CMDLINE " oops=panic");
	cfg.panic_on_warn = 1;
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE
		    " oops=panic panic_on_warn=1' "
		    CONSOLE STATUS STDIO ROOT_SHARE);
	cfg.oops_panic = 0;
	assert_line(qemu_arg(&cfg, "-append"),
		    BASE_CMDLINE " panic_on_warn=1");
	vm_config_release(&cfg);
}

static void test_append_dyndbg(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;
	struct strbuf sb = STRBUF_INIT;

	command_config(&cfg);
	cfg.gdb_port = 1234;
	cfg.panic_on_warn = 1;
	strvec_push(&cfg.dyndbg, "module foo +p");
	strvec_push(&cfg.dyndbg, "virtio_net.dyndbg=+pf");
	strvec_push(&cfg.dyndbg, "file fs/fuse/* +p");
	strvec_push(&cfg.append, "loglevel=8 it's");
	strvec_push(&cfg.append, "");		/* skipped */
	strvec_push(&cfg.append, "init_on_free=1");

	/* the kernel sees one quoted parameter per query ... */
	assert_int_equal(vm_kernel_cmdline(&cfg, &sb), 0);
	assert_string_equal(sb.buf,
			    BASE_CMDLINE " panic_on_warn=1 nokaslr "
			    "dyndbg=\"module foo +p\" virtio_net.dyndbg=+pf "
			    "dyndbg=\"file fs/fuse/* +p\" loglevel=8 it's "
			    "init_on_free=1");
	/* ... which is one QEMU argument ... */
	assert_line(qemu_arg(&cfg, "-append"), sb.buf);
	/* ... and one shell word in the rendered line */
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE " panic_on_warn=1 "
		    "nokaslr dyndbg=\"module foo +p\" virtio_net.dyndbg=+pf "
		    "dyndbg=\"file fs/fuse/* +p\" loglevel=8 it'\\''s "
		    "init_on_free=1' "
		    CONSOLE STATUS STDIO ROOT_SHARE
		    " -gdb tcp:127.0.0.1:1234");
	strbuf_release(&sb);
	vm_config_release(&cfg);
}

static void test_two_shares(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	command_config(&cfg);
	vm_config_add_share(&cfg, "kdev1", "/home/me/out",
			    "/run/kdev.1/fs1.sock", 0);
	vm_config_add_share(&cfg, "kdev2", "/srv/data",
			    "/run/kdev.1/fs2.sock", 1);
	assert_int_equal(cfg.shares_nr, 3);
	assert_int_equal(cfg.shares[1].listen_fd, -1);
	assert_line(qemu_line(&cfg),
		    TCG_HEAD "-append '" BASE_CMDLINE "' "
		    CONSOLE STATUS STDIO ROOT_SHARE
		    " -chardev socket,id=fs1,path=/run/kdev.1/fs1.sock "
		    "-device vhost-user-fs-pci,queue-size=1024,chardev=fs1,"
		    "tag=kdev1 "
		    "-chardev socket,id=fs2,path=/run/kdev.1/fs2.sock "
		    "-device vhost-user-fs-pci,queue-size=1024,chardev=fs2,"
		    "tag=kdev2");
	vm_config_release(&cfg);
}

static void test_9p(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;
	struct strvec argv = STRVEC_INIT;
	struct strbuf line = STRBUF_INIT;

	base_config(&cfg);
	cfg.use_9p = 1;
	vm_config_add_share(&cfg, "root", "/", NULL, 1);
	vm_config_add_share(&cfg, "kdev1", "/home/me/out", NULL, 0);
	assert_int_equal(vm_qemu_argv(&cfg, &argv), 0);
	vm_render_argv(&line, &argv);
	assert_non_null(strstr(line.buf,
		"-fsdev local,id=fs0,path=/,security_model=none,multidevs=remap,readonly=on "
		"-device virtio-9p-pci,fsdev=fs0,mount_tag=root "
		"-fsdev local,id=fs1,path=/home/me/out,security_model=none,multidevs=remap "
		"-device virtio-9p-pci,fsdev=fs1,mount_tag=kdev1"));
	assert_null(strstr(line.buf, "vhost-user-fs"));
	strvec_clear(&argv);
	strbuf_release(&line);
	vm_config_release(&cfg);
}

static void test_virtiofsd(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;
	struct vm_share *s;

	command_config(&cfg);
	vm_config_add_share(&cfg, "kdev1", "/home/me/out",
			    "/run/kdev.1/fs1.sock", 0);
	/* read-only and read-write look the same: virtiofsd 7.2 has no ro */
	assert_line(virtiofsd_line(&cfg, &cfg.shares[0]),
		    "/usr/lib/qemu/virtiofsd "
		    "--socket-path=/run/kdev.1/fs0.sock -o source=/ "
		    "-o sandbox=chroot -o cache=auto");
	assert_line(virtiofsd_line(&cfg, &cfg.shares[1]),
		    "/usr/lib/qemu/virtiofsd "
		    "--socket-path=/run/kdev.1/fs1.sock -o source=/home/me/out "
		    "-o sandbox=chroot -o cache=auto");

	/* a socket kdev listens on; escapes for libfuse's -o parser */
	s = vm_config_add_share(&cfg, "kdev2", "/tmp/a,b\\c d'e",
				"/run/kdev.1/fs2.sock", 0);
	s->listen_fd = 9;
	cfg.virtiofsd = "/usr/libexec/virtiofsd";
	assert_line(virtiofsd_line(&cfg, s),
		    "/usr/libexec/virtiofsd --fd=9 "
		    "-o 'source=/tmp/a\\,b\\\\c d'\\''e' "
		    "-o sandbox=chroot -o cache=auto");
	vm_config_release(&cfg);
}

static void test_qemu_commas(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;

	/* QEMU option values double their commas; plain arguments do not */
	base_config(&cfg);
	cfg.kernel = "/k,1/bzImage";
	cfg.console = "/tmp/a,b/console";
	cfg.stdin_socket = "/tmp/a,b/in";
	vm_config_add_share(&cfg, "t,g", "/", "/tmp/a,b/fs", 1);
	assert_line(qemu_arg(&cfg, "-kernel"), "/k,1/bzImage");
	assert_line(qemu_line(&cfg),
		    "qemu-system-x86_64 -no-user-config -nodefaults -display "
		    "none -no-reboot -machine q35,memory-backend=mem -accel tcg "
		    "-cpu max -smp 1 -m 512 -object "
		    "memory-backend-memfd,id=mem,size=512M,share=on "
		    "-kernel /k,1/bzImage -initrd /run/kdev.1/initrd "
		    "-append '" BASE_CMDLINE "' "
		    "-chardev file,id=con,path=/tmp/a,,b/console,append=on "
		    "-serial chardev:con -device virtio-serial-pci,max_ports=3 "
		    STATUS
		    "-chardev socket,id=stdin,path=/tmp/a,,b/in "
		    "-device virtserialport,chardev=stdin,name=kdev.stdin "
		    "-chardev socket,id=fs0,path=/tmp/a,,b/fs "
		    "-device vhost-user-fs-pci,queue-size=1024,chardev=fs0,"
		    "tag=t,,g");
	vm_config_release(&cfg);
}

static void test_render_lines(void **state UNUSED)
{
	struct strvec a = STRVEC_INIT, b = STRVEC_INIT, empty = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	strvec_pushl(&a, "virtiofsd", "-o", "source=/x y", NULL);
	strvec_pushl(&b, "qemu", "-append", "a=\"b c\"", "", NULL);
	vm_render_argv(&sb, &a);
	vm_render_argv(&sb, &b);
	vm_render_argv(&sb, &empty);
	/* each line starts at the margin, even after another */
	assert_string_equal(sb.buf,
			    "virtiofsd -o 'source=/x y'\n"
			    "qemu -append 'a=\"b c\"' ''\n"
			    "\n");
	strbuf_release(&sb);
	strvec_clear(&a);
	strvec_clear(&b);
}

/* Each bad config fails with a message, and leaves @argv alone. */
static void expect_error(struct vm_config *cfg, const char *msg)
{
	struct strvec argv = STRVEC_INIT;
	struct stderr_capture cap;
	char *err;

	strvec_push(&argv, "untouched");
	stderr_capture_begin(&cap);
	assert_int_equal(vm_qemu_argv(cfg, &argv), -1);
	err = stderr_capture_end(&cap);
	if (!strstr(err, msg))
		fail_msg("error '%s' does not say '%s'", err, msg);
	free(err);
	assert_int_equal(argv.nr, 1);
	strvec_clear(&argv);
}

static void test_errors(void **state UNUSED)
{
	struct vm_config cfg = VM_CONFIG_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	struct stderr_capture cap;
	char *err;

	expect_error(&cfg, "no kernel");
	base_config(&cfg);
	cfg.initrd = NULL;
	expect_error(&cfg, "no initramfs");
	base_config(&cfg);
	cfg.console = NULL;
	expect_error(&cfg, "console");

	command_config(&cfg);
	cfg.interactive = 1;
	expect_error(&cfg, "interactive");
	cfg.interactive = 0;

	cfg.ssh_port = 2222;
	expect_error(&cfg, "--ssh needs --net user");
	cfg.net_user = 1;
	cfg.ssh_port = 65536;
	expect_error(&cfg, "65535");
	cfg.ssh_port = 0;

	strvec_push(&cfg.dyndbg, "format \"x\" +p");
	expect_error(&cfg, "no '\"' allowed");
	strvec_clear(&cfg.dyndbg);

	/* x86's COMMAND_LINE_SIZE: 2047 bytes pass, 2048 do not */
	strbuf_addchars(&sb, 'x', VM_CMDLINE_MAX -
			strlen(BASE_CMDLINE " "));
	strvec_push(&cfg.append, sb.buf);
	strbuf_reset(&sb);
	assert_int_equal(vm_kernel_cmdline(&cfg, &sb), 0);
	assert_int_equal(sb.len, VM_CMDLINE_MAX);
	strvec_push(&cfg.append, "");
	assert_int_equal(vm_qemu_argv(&cfg, &argv), 0);
	strvec_clear(&argv);
	strvec_push(&cfg.append, "y");
	expect_error(&cfg, "the limit is 2047");
	strvec_clear(&cfg.append);
	strbuf_release(&sb);

	cfg.shares[0].tag = "0123456789012345678901234567890123456";
	expect_error(&cfg, "1 to 36 bytes");
	cfg.shares[0].tag = "012345678901234567890123456789012345";
	assert_int_equal(vm_qemu_argv(&cfg, &argv), 0);
	strvec_clear(&argv);
	cfg.shares[0].socket = NULL;
	expect_error(&cfg, "has no socket");

	/* virtiofsd needs a directory and a socket or a descriptor */
	stderr_capture_begin(&cap);
	assert_int_equal(vm_virtiofsd_argv(&cfg, &cfg.shares[0], &argv), -1);
	cfg.shares[0].source = NULL;
	cfg.shares[0].listen_fd = 3;
	assert_int_equal(vm_virtiofsd_argv(&cfg, &cfg.shares[0], &argv), -1);
	err = stderr_capture_end(&cap);
	assert_non_null(strstr(err, "has no socket"));
	assert_non_null(strstr(err, "has no directory"));
	free(err);
	assert_int_equal(argv.nr, 0);
	vm_config_release(&cfg);
}

/* KVM probe */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void assert_no_children(void)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void test_kvm_usable(void **state UNUSED)
{
	struct strbuf why = STRBUF_INIT;
	long start = now_ms(), took;
	int ret = kvm_usable(KVM_PROBE_TIMEOUT_MS, &why);

	took = now_ms() - start;
	print_message("# kvm_usable() = %d in %ld ms%s%s\n", ret, took,
		      why.len ? ": " : "", why.buf);
	assert_true(ret == 0 || ret == 1);
	assert_true(took < KVM_PROBE_TIMEOUT_MS + 500);
	/* a reason exactly when the answer is no */
	assert_int_equal(!ret, why.len > 0);
	assert_no_children();
	strbuf_release(&why);
}

static void test_kvm_short_timeout(void **state UNUSED)
{
	struct strbuf why = STRBUF_INIT;
	long start = now_ms();
	int ret = kvm_usable(1, &why);

	/* even a hopeless limit answers in time and cleans up */
	assert_true(now_ms() - start < 1 + 500);
	assert_int_equal(!ret, why.len > 0);
	assert_no_children();
	strbuf_release(&why);
}

static void test_kvm_bogus_device(void **state UNUSED)
{
	struct strbuf why = STRBUF_INIT;

	assert_int_equal(kvm_probe("/nonexistent/kvm", 500, &why), 0);
	assert_true(starts_with(why.buf, "/nonexistent/kvm missing"));
	strbuf_reset(&why);

	/* a device that is not KVM: the ioctl fails in the child */
	assert_int_equal(kvm_probe("/dev/null", 500, &why), 0);
	assert_string_equal(why.buf, "/dev/null is not KVM "
			    "(API version -1, expected 12)");
	strbuf_reset(&why);

	/* a path that cannot be opened read-write */
	assert_int_equal(kvm_probe("/", 500, &why), 0);
	assert_string_equal(why.buf, "cannot open /: Is a directory");
	assert_no_children();
	strbuf_release(&why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_tcg),
		cmocka_unit_test(test_no_stdin),
		cmocka_unit_test(test_kvm_4cpus_2g),
		cmocka_unit_test(test_interactive),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_net_ssh),
		cmocka_unit_test(test_gdb),
		cmocka_unit_test(test_kgdb),
		cmocka_unit_test(test_bios),
		cmocka_unit_test(test_panic_flags),
		cmocka_unit_test(test_append_dyndbg),
		cmocka_unit_test(test_two_shares),
		cmocka_unit_test(test_9p),
		cmocka_unit_test(test_virtiofsd),
		cmocka_unit_test(test_qemu_commas),
		cmocka_unit_test(test_render_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_kvm_usable),
		cmocka_unit_test(test_kvm_short_timeout),
		cmocka_unit_test(test_kvm_bogus_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

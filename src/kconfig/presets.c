// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in config fragments of "kdev config preset" (presets.h).
 *
 * Written against Linux 6.1 on x86_64 and checked there with the
 * kernel's own scripts/kconfig (t/t1420-config-presets.sh). Lines come
 * in dependency order: what a symbol needs comes before it.
 */
#include <string.h>

#include "kconfig/presets.h"
#include "lib/util.h"

/* The lines of "debug", which "kgdb" starts with. */
#define DEBUG_LINES \
	"CONFIG_DEBUG_KERNEL=y", \
	"CONFIG_PRINTK=y", \
	"CONFIG_BUG=y", \
	"CONFIG_DEBUG_BUGVERBOSE=y", \
	"CONFIG_UNWINDER_FRAME_POINTER=y", \
	"# CONFIG_UNWINDER_ORC is not set", \
	"CONFIG_FRAME_POINTER=y", \
	"# CONFIG_DEBUG_INFO_NONE is not set", \
	"CONFIG_DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT=y", \
	"CONFIG_DEBUG_INFO=y", \
	"# CONFIG_DEBUG_INFO_REDUCED is not set", \
	"# CONFIG_DEBUG_INFO_SPLIT is not set", \
	"CONFIG_GDB_SCRIPTS=y", \
	"CONFIG_KALLSYMS=y", \
	"CONFIG_KALLSYMS_ALL=y", \
	"CONFIG_MAGIC_SYSRQ=y", \
	"CONFIG_DEBUG_FS=y", \
	"CONFIG_DEBUG_FS_ALLOW_ALL=y", \
	"CONFIG_DYNAMIC_DEBUG_CORE=y", \
	"CONFIG_DYNAMIC_DEBUG=y", \
	"CONFIG_FTRACE=y", \
	"CONFIG_FUNCTION_TRACER=y", \
	"CONFIG_FUNCTION_GRAPH_TRACER=y", \
	"CONFIG_DYNAMIC_FTRACE=y"

static const char *const debug_lines[] = {
	DEBUG_LINES,
	NULL
};

static const char debug_help[] =
"CONFIG_FRAME_POINTER's prompt is hidden on x86: only the frame\n"
"pointer unwinder selects it, and the unwinder is a choice that\n"
"defaults to ORC on x86_64. So the fragment picks\n"
"CONFIG_UNWINDER_FRAME_POINTER and turns CONFIG_UNWINDER_ORC off;\n"
"CONFIG_FRAME_POINTER=y on its own would be dropped without a word.\n"
"Frame pointers give gdb, perf and crash dumps stacks they can walk\n"
"without the ORC tables.\n"
"\n"
"CONFIG_DEBUG_INFO has no prompt at all. It is on when the \"Debug\n"
"information\" choice is anything but CONFIG_DEBUG_INFO_NONE; the\n"
"fragment picks the DWARF version the toolchain emits by default\n"
"(CONFIG_DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT). The information stays\n"
"whole: not reduced (CONFIG_DEBUG_INFO_REDUCED drops types, which gdb\n"
"and kgdb want), not split (CONFIG_DEBUG_INFO_SPLIT puts it in .dwo\n"
"files, and kdev decode reads vmlinux and the .ko files alone).\n"
"\n"
"CONFIG_GDB_SCRIPTS links the kernel's gdb helpers (lx-symbols,\n"
"lx-dmesg, ...) into the build directory, for kdev run --gdb.\n"
"\n"
"CONFIG_PRINTK and CONFIG_BUG are on by default but tinyconfig turns\n"
"them off: without them an oops is not printed, and BUG() and WARN()\n"
"print nothing at all. CONFIG_DEBUG_BUGVERBOSE adds the file and line\n"
"to those reports. CONFIG_KALLSYMS_ALL puts variables in kallsyms too,\n"
"not only functions.\n"
"\n"
"CONFIG_DEBUG_FS_ALLOW_ALL is the debugfs access choice: debugfs can\n"
"be mounted and used. CONFIG_DYNAMIC_DEBUG, which needs\n"
"CONFIG_DYNAMIC_DEBUG_CORE, turns pr_debug() messages on at run time\n"
"(kdev run --dyndbg, or <debugfs>/dynamic_debug/control).\n"
"\n"
"CONFIG_FUNCTION_TRACER and CONFIG_FUNCTION_GRAPH_TRACER (under the\n"
"CONFIG_FTRACE menu, which tinyconfig turns off) are the tracers kdev\n"
"trace uses; CONFIG_DYNAMIC_FTRACE patches the calls in only while a\n"
"function is traced, so an idle kernel runs at full speed.\n"
"\n"
"Only x86 has the CONFIG_UNWINDER_* choice; on other architectures\n"
"leave those two lines out.\n";

static const char *const vm_lines[] = {
	"CONFIG_64BIT=y",
	"CONFIG_PRINTK=y",
	"CONFIG_BUG=y",
	"CONFIG_TTY=y",
	"CONFIG_MULTIUSER=y",
	"CONFIG_FUTEX=y",
	"CONFIG_EPOLL=y",
	"CONFIG_SIGNALFD=y",
	"CONFIG_TIMERFD=y",
	"CONFIG_EVENTFD=y",
	"CONFIG_FILE_LOCKING=y",
	"CONFIG_POSIX_TIMERS=y",
	"CONFIG_ADVISE_SYSCALLS=y",
	"CONFIG_INOTIFY_USER=y",
	"CONFIG_BLK_DEV_INITRD=y",
	"CONFIG_BINFMT_ELF=y",
	"CONFIG_BINFMT_SCRIPT=y",
	"CONFIG_PROC_FS=y",
	"CONFIG_PROC_SYSCTL=y",
	"CONFIG_SYSFS=y",
	"CONFIG_DEVTMPFS=y",
	"CONFIG_DEVTMPFS_MOUNT=y",
	"CONFIG_SHMEM=y",
	"CONFIG_TMPFS=y",
	"CONFIG_UNIX98_PTYS=y",
	"CONFIG_DEBUG_FS=y",
	"CONFIG_DEBUG_FS_ALLOW_ALL=y",
	"CONFIG_ACPI=y",
	"CONFIG_PCI=y",
	"CONFIG_PCI_MSI=y",
	"CONFIG_SERIAL_8250=y",
	"CONFIG_SERIAL_8250_CONSOLE=y",
	"CONFIG_NET=y",
	"CONFIG_INET=y",
	"CONFIG_UNIX=y",
	"CONFIG_VIRTIO_MENU=y",
	"CONFIG_VIRTIO=y",
	"CONFIG_VIRTIO_PCI=y",
	"CONFIG_VIRTIO_CONSOLE=y",
	"CONFIG_FUSE_FS=y",
	"CONFIG_VIRTIO_FS=y",
	"CONFIG_NET_9P=y",
	"CONFIG_NET_9P_VIRTIO=y",
	"CONFIG_9P_FS=y",
	"CONFIG_OVERLAY_FS=y",
	"CONFIG_NETDEVICES=y",
	"CONFIG_NET_CORE=y",
	"CONFIG_VIRTIO_NET=y",
	NULL
};

static const char vm_help[] =
"Everything kdev run uses, built in (=y), so that the kernel boots\n"
"kdev's guest without loading a module; kdev run still puts in its\n"
"initramfs the modules a kernel lacks (see kdev-run(1)). It sticks on\n"
"top of tinyconfig too, for the smallest kernel that runs the guest.\n"
"\n"
"CONFIG_64BIT: the guest's init is a static x86_64 program, and\n"
"CONFIG_BLK_DEV_INITRD lets the kernel unpack the (uncompressed cpio)\n"
"initramfs it comes in. CONFIG_BINFMT_ELF runs it and every host\n"
"program, CONFIG_BINFMT_SCRIPT runs #! scripts.\n"
"\n"
"CONFIG_PRINTK through CONFIG_INOTIFY_USER, CONFIG_PROC_FS,\n"
"CONFIG_PROC_SYSCTL, CONFIG_SYSFS, CONFIG_SHMEM and CONFIG_UNIX98_PTYS\n"
"are on by default, but tinyconfig turns them off. The init switches\n"
"to your user and groups (CONFIG_MULTIUSER), writes\n"
"/proc/sys/kernel/printk_devkmsg (CONFIG_PROC_SYSCTL), mounts devpts\n"
"(CONFIG_UNIX98_PTYS) and tmpfs on /dev/shm, /run and under its\n"
"overlays (CONFIG_SHMEM, CONFIG_TMPFS); the host programs it runs use\n"
"futexes, epoll, signalfd, timerfd, eventfd, file locks, POSIX\n"
"timers, madvise and inotify. kdev run tells a warning or an oops\n"
"from the console, which needs CONFIG_PRINTK and CONFIG_BUG.\n"
"\n"
"CONFIG_DEVTMPFS: the init mounts devtmpfs on /dev itself;\n"
"CONFIG_DEVTMPFS_MOUNT does the same when a kernel boots from a disk.\n"
"CONFIG_DEBUG_FS: the init mounts debugfs on /sys/kernel/debug. It\n"
"mounts tracefs too when the kernel has a tracer, which vm leaves to\n"
"you.\n"
"\n"
"CONFIG_SERIAL_8250_CONSOLE: the kernel's console is ttyS0\n"
"(console=ttyS0), an 8250 UART. CONFIG_ACPI: the guest powers off\n"
"through ACPI when the command is done. CONFIG_PCI and CONFIG_PCI_MSI:\n"
"QEMU's q35 machine puts every virtio device on PCI.\n"
"\n"
"CONFIG_VIRTIO_MENU is the menu every virtio driver is in;\n"
"CONFIG_VIRTIO_PCI finds the devices. CONFIG_VIRTIO_CONSOLE: the\n"
"command's stdin, stdout and stderr, and kdev's status channel, are\n"
"virtio-serial ports. CONFIG_VIRTIO_FS, which needs CONFIG_FUSE_FS,\n"
"mounts the host's files shared by virtiofsd; CONFIG_9P_FS with\n"
"CONFIG_NET_9P and CONFIG_NET_9P_VIRTIO mounts them from QEMU's 9p\n"
"server instead (kdev run --fs 9p, and runs as a user other than\n"
"root). 9p needs CONFIG_NET and CONFIG_INET. CONFIG_OVERLAY_FS: the\n"
"tmpfs overlays on /etc, /tmp, /var and the like. CONFIG_INET and\n"
"CONFIG_UNIX: the init brings up lo, and programs use Unix sockets.\n"
"CONFIG_VIRTIO_NET, in the menus CONFIG_NETDEVICES and\n"
"CONFIG_NET_CORE: kdev run --net user.\n"
"\n"
"x86 only: kdev run boots x86_64 kernels; ttyS0, ACPI power-off and\n"
"q35 are what it uses there.\n";

static const char *const kasan_lines[] = {
	"CONFIG_SYSFS=y",
	"CONFIG_SLUB=y",
	"CONFIG_KASAN=y",
	"CONFIG_KASAN_GENERIC=y",
	"CONFIG_KASAN_INLINE=y",
	"# CONFIG_KASAN_OUTLINE is not set",
	"CONFIG_KASAN_VMALLOC=y",
	"CONFIG_VMAP_STACK=y",
	"CONFIG_SLUB_DEBUG=y",
	"CONFIG_STACKTRACE=y",
	NULL
};

static const char kasan_help[] =
"The generic software mode (CONFIG_KASAN_GENERIC, a choice; the tag\n"
"modes are for arm64) with inline checks (CONFIG_KASAN_INLINE, a\n"
"choice whose default is CONFIG_KASAN_OUTLINE): a much larger kernel\n"
"text, but a kernel up to about twice as fast as with outline calls.\n"
"\n"
"CONFIG_KASAN_VMALLOC checks vmalloc memory as well. It also keeps\n"
"CONFIG_VMAP_STACK, kernel stacks with guard pages, which KASAN without\n"
"it turns off. It needs an architecture with HAVE_ARCH_KASAN_VMALLOC\n"
"(x86_64, arm64 and a few others); elsewhere leave it out.\n"
"\n"
"KASAN needs SLUB (or SLAB) and CONFIG_SYSFS: the CONFIG_SLUB line is\n"
"there for tinyconfig, which picks SLOB. The generic mode selects\n"
"CONFIG_SLUB_DEBUG. CONFIG_STACKTRACE records the stacks that KASAN\n"
"reports show for where the object was allocated and freed.\n"
"\n"
"KASAN also needs a compiler with -fsanitize=kernel-address (gcc 8.3\n"
"or later, or clang); with another one, none of these lines sticks.\n";

static const char *const lockdep_lines[] = {
	"CONFIG_DEBUG_KERNEL=y",
	"CONFIG_PROVE_LOCKING=y",
	"CONFIG_LOCKDEP=y",
	"CONFIG_DEBUG_LOCK_ALLOC=y",
	"CONFIG_DEBUG_SPINLOCK=y",
	"CONFIG_DEBUG_MUTEXES=y",
	"CONFIG_DEBUG_RWSEMS=y",
	"CONFIG_DEBUG_WW_MUTEX_SLOWPATH=y",
	"CONFIG_PROVE_RCU=y",
	"CONFIG_TRACE_IRQFLAGS=y",
	"CONFIG_PREEMPT_COUNT=y",
	"CONFIG_DEBUG_ATOMIC_SLEEP=y",
	"CONFIG_STACKTRACE=y",
	NULL
};

static const char lockdep_help[] =
"CONFIG_PROVE_LOCKING is the one that matters: it selects\n"
"CONFIG_LOCKDEP (which has no prompt), CONFIG_DEBUG_LOCK_ALLOC,\n"
"CONFIG_DEBUG_SPINLOCK, CONFIG_DEBUG_MUTEXES, CONFIG_DEBUG_RWSEMS,\n"
"CONFIG_DEBUG_WW_MUTEX_SLOWPATH, CONFIG_TRACE_IRQFLAGS and\n"
"CONFIG_PREEMPT_COUNT, and CONFIG_PROVE_RCU follows it. They are\n"
"listed so that you can see them stick (a fragment cannot turn off\n"
"what PROVE_LOCKING selects); of them, the wait/wound mutex slow path\n"
"tests cost the most.\n"
"\n"
"CONFIG_DEBUG_ATOMIC_SLEEP reports sleeping functions called in\n"
"atomic context (\"BUG: sleeping function called from invalid\n"
"context\"). CONFIG_STACKTRACE gives lockdep's reports their stacks.\n"
"All of them need CONFIG_DEBUG_KERNEL. With PREEMPT_RT,\n"
"CONFIG_DEBUG_MUTEXES cannot be set: rt-mutexes replace mutexes.\n";

static const char *const kgdb_lines[] = {
	DEBUG_LINES,
	"CONFIG_TTY=y",
	"CONFIG_VT=y",
	"CONFIG_KGDB=y",
	"CONFIG_KGDB_SERIAL_CONSOLE=y",
	"CONFIG_KGDB_KDB=y",
	NULL
};

static const char kgdb_help[] =
"The debug preset (debug information, frame pointers, gdb scripts),\n"
"then the kernel's own debugger: CONFIG_KGDB with its serial console\n"
"driver, CONFIG_KGDB_SERIAL_CONSOLE (boot with kgdboc=ttyS0 and, as\n"
"Documentation/dev-tools/kgdb.rst advises, nokaslr), and the kdb\n"
"front end, CONFIG_KGDB_KDB. The serial driver depends on a hardware\n"
"console, which CONFIG_VT provides; tinyconfig has neither it nor\n"
"CONFIG_TTY. kdev run --gdb needs none of this: it is QEMU's gdb\n"
"stub, not the kernel's.\n"
"\n"
"kgdb.rst advises turning CONFIG_STRICT_KERNEL_RWX off where software\n"
"breakpoints cannot write to read-only kernel text. On x86 its prompt\n"
"is hidden (the architecture does not make it optional), so a\n"
"fragment cannot turn it off, and this one does not try: x86's kgdb\n"
"writes its breakpoints through text_poke() when the text is\n"
"read-only. On an architecture where it is optional and kgdb cannot do\n"
"that, add \"# CONFIG_STRICT_KERNEL_RWX is not set\", or use hardware\n"
"breakpoints.\n";

static const struct kconfig_preset presets[] = {
	{
		.name = "debug",
		.summary = "debug info, frame pointers, kallsyms, debugfs, "
			   "dynamic debug",
		.lines = debug_lines,
		.help = debug_help,
		.arch = "x86",
	},
	{
		.name = "vm",
		.summary = "everything kdev run needs, built in",
		.lines = vm_lines,
		.help = vm_help,
		.arch = "x86",
	},
	{
		.name = "kasan",
		.summary = "KASAN: generic, inline, vmalloc checked too",
		.lines = kasan_lines,
		.help = kasan_help,
	},
	{
		.name = "lockdep",
		.summary = "lockdep: locking correctness and atomic sleep "
			   "checks",
		.lines = lockdep_lines,
		.help = lockdep_help,
	},
	{
		.name = "kgdb",
		.summary = "kgdb and kdb on the serial console, with debug",
		.lines = kgdb_lines,
		.help = kgdb_help,
		.includes = "debug",
		.arch = "x86",
	},
};

const struct kconfig_preset *kconfig_preset_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(presets); i++)
		if (!strcmp(presets[i].name, name))
			return &presets[i];
	return NULL;
}

const struct kconfig_preset *kconfig_preset_list(size_t *nr)
{
	*nr = ARRAY_SIZE(presets);
	return presets;
}

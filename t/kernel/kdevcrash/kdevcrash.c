// SPDX-License-Identifier: GPL-2.0
/*
 * kdevcrash - a deliberately broken module for the kdev crash lab.
 *
 * Writing a non-zero number to /proc/kdevcrash oopses the kernel with a
 * NULL pointer dereference at the end of a nested call chain:
 *
 *   kdevcrash_write()          proc write handler
 *     kdevcrash_outer()        noinline
 *       kdevcrash_middle()     noinline
 *         kdevcrash_poke()     static __always_inline, does the NULL write
 *
 * The crash RIP is therefore inside kdevcrash_middle(), and the debug info
 * describes it as the inlined kdevcrash_poke() called from
 * kdevcrash_middle().  The "KDEV-MARK:" comments mark the exact lines the
 * test-suite expects a decoder to report; find them with grep -n.
 *
 * Do not change the code without updating the tests that grep for the
 * markers.
 */

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

/* Always NULL; read with READ_ONCE() so the compiler cannot know that. */
static int *kdevcrash_target;

static noinline __noclone int *kdevcrash_get_target(void)
{
	return READ_ONCE(kdevcrash_target);
}

static __always_inline void kdevcrash_poke(int *p, int val)
{
	WRITE_ONCE(*p, val); /* KDEV-MARK: crash */
}

static noinline __noclone int kdevcrash_middle(int val)
{
	int *p = kdevcrash_get_target();

	kdevcrash_poke(p, val); /* KDEV-MARK: call-inline */
	return val + 1;
}

static noinline __noclone int kdevcrash_outer(int val)
{
	int ret;

	ret = kdevcrash_middle(val * 2); /* KDEV-MARK: call-middle */
	pr_info("kdevcrash: survived with %d\n", ret);
	return ret;
}

static ssize_t kdevcrash_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	int val, ret;

	ret = kstrtoint_from_user(buf, count, 0, &val);
	if (ret)
		return ret;
	if (val)
		kdevcrash_outer(val); /* KDEV-MARK: call-outer */
	return count;
}

static const struct proc_ops kdevcrash_proc_ops = {
	.proc_write	= kdevcrash_write,
	.proc_lseek	= noop_llseek,
};

static struct proc_dir_entry *kdevcrash_entry;

/* insmod kdevcrash.ko warn=1: a WARNING at load, and nothing worse */
static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN once when loaded");

static int __init kdevcrash_init(void)
{
	kdevcrash_entry = proc_create("kdevcrash", 0200, NULL,
				      &kdevcrash_proc_ops);
	if (!kdevcrash_entry)
		return -ENOMEM;
	WARN(warn, "kdevcrash: a warning on request\n"); /* KDEV-MARK: warn */
	pr_info("kdevcrash: loaded, write 1 to /proc/kdevcrash to oops\n");
	return 0;
}

static void __exit kdevcrash_exit(void)
{
	proc_remove(kdevcrash_entry);
}

module_init(kdevcrash_init);
module_exit(kdevcrash_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kdev crash lab: NULL dereference through a nested call chain");
MODULE_AUTHOR("kdev developers");

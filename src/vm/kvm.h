/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_VM_KVM_H
#define KDEV_VM_KVM_H

#include "../lib/strbuf.h"

#define KVM_DEVICE		"/dev/kvm"
#define KVM_PROBE_TIMEOUT_MS	500

/*
 * Does KVM really run guest code? A forked child opens /dev/kvm, makes a
 * VM with one vCPU in 32-bit protected mode and runs a short loop (100000
 * iterations, well under a millisecond on hardware) ending in
 * "out %al,$0x10" with 0x42. The answer is 1 only when KVM_RUN comes back
 * with exactly that I/O exit, fast enough. Otherwise 0, and @why gets the
 * reason, e.g. "/dev/kvm missing", "cannot open /dev/kvm: Permission
 * denied", "KVM_RUN did not return within 500 ms", "KVM is too slow:
 * ...". The child is killed after @timeout_ms; the call takes at most
 * about @timeout_ms plus the time to reap it.
 */
int kvm_usable(int timeout_ms, struct strbuf *why);
/* The same with another device node (tests). */
int kvm_probe(const char *dev, int timeout_ms, struct strbuf *why);

#endif

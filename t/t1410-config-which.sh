#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
test_description='kdev config which on the real linux-source-6.1 tree

Each file is resolved against a defconfig build directory; the expected
chain is the Makefile lines found here with grep (line numbers included)
and the option values are the ones the .config holds.'
. "${0%/*}/test-lib.sh"

TREE=$("$SRC_ROOT"/t/kernel/tree.sh path 2>/dev/null) ||
	test_skip_all "no kernel tree (t/kernel/tree.sh path)"
if ! "$KDEV" config which --help >/dev/null 2>&1; then
	test_skip_all "kdev config which is not wired into kdev yet"
fi
OUT=$TRASH_DIRECTORY/out

# w PATH...: kdev config which on the tree with the defconfig
w() {
	kdev config which --tree "$TREE" O="$OUT" "$@"
}

# line FILE TEXT: the number of the first line of the tree's FILE that
# ends with TEXT, else of the first line that has it
line() {
	grep -nF -- "$2" "$TREE/$1" | awk -v t="$2" '
		!first { first = $0 }
		substr($0, length($0) - length(t) + 1) == t { end = $0; exit }
		END { sub(/:.*/, "", first); sub(/:.*/, "", end)
		      print end != "" ? end : first }'
}

# has_link OUT FILE TEXT LINK: OUT shows "FILE:N: LINK", N being the
# line of TEXT in FILE
has_link() {
	local n
	n=$(line "$2" "$3")
	test -n "$n" || { echo "no '$3' in $2" >&2; return 1; }
	test_grep -F "  $2:$n: $4" "$1"
}

# first OUT LINE: the first line of OUT is LINE
first() {
	echo "$2" >first.expect &&
	head -n1 "$1" >first.actual &&
	test_cmp first.expect first.actual
}

MAKE_CMD="make -C $TREE O=$OUT"

test_expect_success 'a defconfig build directory' '
	conf=$("$SRC_ROOT"/t/kernel/tree.sh conf) &&
	cp -a "$conf" out &&
	make -s -C "$TREE" O="$OUT" defconfig >/dev/null &&
	test -L out/source &&
	# what the expectations below take from this defconfig
	grep -x "CONFIG_NET=y" out/.config &&
	grep -x "CONFIG_NETFILTER=y" out/.config &&
	grep -x "CONFIG_EXT4_FS=y" out/.config &&
	grep -x "CONFIG_E1000=y" out/.config &&
	grep -x "CONFIG_DRM_I915=y" out/.config &&
	grep -x "# CONFIG_XFS_FS is not set" out/.config &&
	test_must_fail grep "^CONFIG_NETFILTER_XT_MATCH_RECENT=" out/.config
'

test_expect_success 'net: xt_recent.c, not set in defconfig' '
	w net/netfilter/xt_recent.c >actual &&
	first actual "net/netfilter/xt_recent.c: not built: CONFIG_NETFILTER_XT_MATCH_RECENT is not set (as a module: xt_recent.ko)" &&
	has_link actual net/netfilter/Makefile "obj-\$(CONFIG_NETFILTER_XT_MATCH_RECENT)" \
		"obj-\$(CONFIG_NETFILTER_XT_MATCH_RECENT) += xt_recent.o  (CONFIG_NETFILTER_XT_MATCH_RECENT=n)" &&
	has_link actual net/Makefile "obj-\$(CONFIG_NETFILTER)" \
		"obj-\$(CONFIG_NETFILTER) += netfilter/  (CONFIG_NETFILTER=y)" &&
	has_link actual Kbuild "obj-\$(CONFIG_NET)" \
		"obj-\$(CONFIG_NET) += net/  (CONFIG_NET=y)" &&
	test_grep -x "  build: $MAKE_CMD net/netfilter/xt_recent.o" actual &&
	test_grep -x "  build: $MAKE_CMD net/netfilter/xt_recent.ko" actual &&
	test_line_count = 6 actual
'

test_expect_success 'set to m: the module, with KCONFIG_CONFIG' '
	cp out/.config out/mod.config &&
	echo CONFIG_NETFILTER_XT_MATCH_RECENT=m >>out/mod.config &&
	KCONFIG_CONFIG=mod.config w net/netfilter/xt_recent.c >actual &&
	first actual "net/netfilter/xt_recent.c: module xt_recent.ko" &&
	test_grep -F "xt_recent.o  (CONFIG_NETFILTER_XT_MATCH_RECENT=m)" actual &&
	test_grep -x "  build: $MAKE_CMD net/netfilter/xt_recent.ko" actual &&
	w KCONFIG_CONFIG=mod.config net/netfilter/xt_recent.c >actual2 &&
	test_cmp actual actual2
'

test_expect_success 'modules by name: xt_recent.ko, xt-recent, e1000' '
	KCONFIG_CONFIG=mod.config w xt_recent.ko >actual &&
	first actual "xt_recent.ko: module xt_recent.ko" &&
	has_link actual net/netfilter/Makefile "obj-\$(CONFIG_NETFILTER_XT_MATCH_RECENT)" \
		"obj-\$(CONFIG_NETFILTER_XT_MATCH_RECENT) += xt_recent.o  (CONFIG_NETFILTER_XT_MATCH_RECENT=m)" &&
	test_grep -x "  build: $MAKE_CMD net/netfilter/xt_recent.ko" actual &&
	KCONFIG_CONFIG=mod.config w xt-recent >actual2 &&
	sed 1d actual >body && sed 1d actual2 >body2 && test_cmp body body2 &&
	w e1000 >actual &&
	first actual "e1000: built-in" &&
	has_link actual drivers/net/ethernet/intel/e1000/Makefile "obj-\$(CONFIG_E1000)" \
		"obj-\$(CONFIG_E1000) += e1000.o  (CONFIG_E1000=y)" &&
	test_grep -x "  build: $MAKE_CMD drivers/net/ethernet/intel/e1000/e1000.o" actual
'

test_expect_success 'fs: ext4/inode.c, part of ext4.o through ext4-y' '
	w fs/ext4/inode.c >actual &&
	first actual "fs/ext4/inode.c: built-in, part of fs/ext4/ext4.o" &&
	has_link actual fs/ext4/Makefile " inode.o " "ext4-y := inode.o" &&
	has_link actual fs/ext4/Makefile "obj-\$(CONFIG_EXT4_FS)" \
		"obj-\$(CONFIG_EXT4_FS) += ext4.o  (CONFIG_EXT4_FS=y)" &&
	has_link actual fs/Makefile "obj-\$(CONFIG_EXT4_FS)" \
		"obj-\$(CONFIG_EXT4_FS) += ext4/  (CONFIG_EXT4_FS=y)" &&
	has_link actual Kbuild "+= fs/" "obj-y += fs/" &&
	test_grep -x "  build: $MAKE_CMD fs/ext4/inode.o" actual &&
	test_must_fail grep "ext4.ko" actual
'

test_expect_success 'ext4 as a module: ext4.ko' '
	sed "s/^CONFIG_EXT4_FS=y/CONFIG_EXT4_FS=m/" out/.config >out/ext4m.config &&
	KCONFIG_CONFIG=ext4m.config w fs/ext4/inode.c >actual &&
	first actual "fs/ext4/inode.c: module ext4.ko" &&
	test_grep -x "  build: $MAKE_CMD fs/ext4/inode.o" actual &&
	test_grep -x "  build: $MAKE_CMD fs/ext4/ext4.ko" actual
'

test_expect_success 'drivers: e1000_main.c through e1000-objs, seven levels' '
	w drivers/net/ethernet/intel/e1000/e1000_main.c >actual &&
	first actual "drivers/net/ethernet/intel/e1000/e1000_main.c: built-in, part of drivers/net/ethernet/intel/e1000/e1000.o" &&
	has_link actual drivers/net/ethernet/intel/e1000/Makefile "e1000-objs" \
		"e1000-objs := e1000_main.o" &&
	has_link actual drivers/net/ethernet/intel/Makefile "obj-\$(CONFIG_E1000)" \
		"obj-\$(CONFIG_E1000) += e1000/  (CONFIG_E1000=y)" &&
	has_link actual drivers/net/ethernet/Makefile "obj-\$(CONFIG_NET_VENDOR_INTEL)" \
		"obj-\$(CONFIG_NET_VENDOR_INTEL) += intel/  (CONFIG_NET_VENDOR_INTEL=y)" &&
	has_link actual drivers/Makefile "+= net/" "obj-y += net/" &&
	has_link actual Kbuild "+= drivers/" "obj-y += drivers/" &&
	test_line_count = 9 actual
'

test_expect_success 'drivers: 8250_core.c through 8250-y' '
	w drivers/tty/serial/8250/8250_core.c >actual &&
	first actual "drivers/tty/serial/8250/8250_core.c: built-in, part of drivers/tty/serial/8250/8250.o" &&
	has_link actual drivers/tty/serial/8250/Makefile "8250-y" "8250-y := 8250_core.o" &&
	has_link actual drivers/tty/serial/8250/Makefile "obj-\$(CONFIG_SERIAL_8250)" \
		"obj-\$(CONFIG_SERIAL_8250) += 8250.o  (CONFIG_SERIAL_8250=y)"
'

test_expect_success 'arch/x86: head_64.S through $(BITS) and arch/$(SRCARCH)/' '
	w arch/x86/kernel/head_64.S >actual &&
	first actual "arch/x86/kernel/head_64.S: built-in" &&
	has_link actual arch/x86/kernel/Makefile "head_\$(BITS).o" \
		"obj-y += head_64.o (from head_\$(BITS).o)" &&
	has_link actual arch/x86/Kbuild "+= kernel/" "obj-y += kernel/" &&
	has_link actual Kbuild "+= arch/\$(SRCARCH)/" \
		"obj-y += arch/x86/ (from arch/\$(SRCARCH)/)"
'

test_expect_success 'arch/x86: audit_64.c inside ifeq ($(CONFIG_X86_64),y)' '
	w arch/x86/kernel/audit_64.c >actual &&
	first actual "arch/x86/kernel/audit_64.c: built-in" &&
	has_link actual arch/x86/kernel/Makefile "audit_64.o" \
		"obj-\$(CONFIG_AUDIT) += audit_64.o  (CONFIG_AUDIT=y)" &&
	n=$(line arch/x86/kernel/Makefile "ifeq (\$(CONFIG_X86_64),y)") &&
	test_grep -F "    under arch/x86/kernel/Makefile:$n: ifeq (\$(CONFIG_X86_64),y) -> true  (CONFIG_X86_64=y)" actual
'

test_expect_success 'arch/x86: pci/common.c through drivers-$(CONFIG_PCI) of arch/x86/Makefile' '
	w arch/x86/pci/common.c >actual &&
	first actual "arch/x86/pci/common.c: built-in" &&
	has_link actual arch/x86/Makefile "drivers-\$(CONFIG_PCI)" \
		"drivers-\$(CONFIG_PCI) += arch/x86/pci/  (CONFIG_PCI=y)"
'

test_expect_success 'lib: string.c in lib.a, libs-y of the top Makefile' '
	w lib/string.c >actual &&
	first actual "lib/string.c: built-in, in lib/lib.a" &&
	has_link actual lib/Makefile "lib-y :=" "lib-y := string.o" &&
	has_link actual Makefile "libs-y		:= lib/" "libs-y := lib/"
'

test_expect_success 'kernel: sched/idle.c, #included by build_policy.c' '
	w kernel/sched/idle.c >actual &&
	first actual "kernel/sched/idle.c: built-in" &&
	has_link actual kernel/sched/build_policy.c "#include \"idle.c\"" "#include \"idle.c\"" &&
	has_link actual kernel/sched/Makefile "build_policy.o" "obj-y += build_policy.o" &&
	has_link actual kernel/Makefile "+= sched/" "obj-y += sched/" &&
	test_grep -x "  build: $MAKE_CMD kernel/sched/build_policy.o" actual
'

test_expect_success 'net: ipv4/tcp.c on a continuation line, mm: slub.c' '
	w net/ipv4/tcp.c mm/slub.c >actual &&
	first actual "net/ipv4/tcp.c: built-in" &&
	has_link actual net/ipv4/Makefile "     tcp.o" "obj-y := tcp.o" &&
	has_link actual net/Makefile "obj-\$(CONFIG_INET)" \
		"obj-\$(CONFIG_INET) += ipv4/  (CONFIG_INET=y)" &&
	test_grep -x "mm/slub.c: built-in" actual &&
	has_link actual mm/Makefile "obj-\$(CONFIG_SLUB)" \
		"obj-\$(CONFIG_SLUB) += slub.o  (CONFIG_SLUB=y)" &&
	test_grep -x "" actual
'

test_expect_success 'directories: net/netfilter/, fs/ext4/, net/netfilter/ipvs/' '
	w net/netfilter/ "$TREE/fs/ext4" net/netfilter/ipvs >actual &&
	test_grep -x "net/netfilter/: built-in" actual &&
	test_grep -x "  build: $MAKE_CMD net/netfilter/" actual &&
	test_grep -x "fs/ext4/: built-in" actual &&
	test_grep -x "net/netfilter/ipvs/: not built: CONFIG_IP_VS is not set" actual &&
	has_link actual net/netfilter/Makefile "obj-\$(CONFIG_IP_VS)" \
		"obj-\$(CONFIG_IP_VS) += ipvs/  (CONFIG_IP_VS=n)"
'

test_expect_success 'substitutions: $(CONFIG_FCOE:m=y), $(subst m,y,$(CONFIG_IPV6))' '
	w drivers/net/ethernet/intel/ixgbe/ixgbe_fcoe.c net/netfilter/nf_conntrack_proto_icmpv6.c >actual &&
	has_link actual drivers/net/ethernet/intel/ixgbe/Makefile "ixgbe_fcoe.o" \
		"ixgbe-\$(CONFIG_FCOE:m=y) += ixgbe_fcoe.o  (CONFIG_FCOE=n)" &&
	test_grep -x "net/netfilter/nf_conntrack_proto_icmpv6.c: built-in, part of net/netfilter/nf_conntrack.o" actual &&
	has_link actual net/netfilter/Makefile "nf_conntrack_proto_icmpv6.o" \
		"nf_conntrack-\$(subst m,y,\$(CONFIG_IPV6)) += nf_conntrack_proto_icmpv6.o  (CONFIG_IPV6=y)"
'

test_expect_success 'fs/xfs/libxfs/xfs_ag.c: $(addprefix) in the Makefile above' '
	w fs/xfs/libxfs/xfs_ag.c >actual &&
	first actual "fs/xfs/libxfs/xfs_ag.c: not built: CONFIG_XFS_FS is not set (as a module: xfs.ko)" &&
	has_link actual fs/xfs/Makefile "\$(addprefix libxfs/" \
		"xfs-y += libxfs/xfs_ag.o (from \$(addprefix libxfs/, xfs_ag.o ...)" &&
	test_grep -x "  build: $MAKE_CMD fs/xfs/xfs.ko" actual
'

test_expect_success 'lists: $(hace-hash-y) and i915 $(gt-y)' '
	w drivers/crypto/aspeed/aspeed-hace-hash.c drivers/gpu/drm/i915/gt/intel_ggtt_gmch.c >actual &&
	test_grep -x "drivers/crypto/aspeed/aspeed-hace-hash.c: not built: CONFIG_CRYPTO_DEV_ASPEED_HACE_HASH is not set" actual &&
	has_link actual drivers/crypto/aspeed/Makefile "hace-hash-" \
		"hace-hash-\$(CONFIG_CRYPTO_DEV_ASPEED_HACE_HASH) := aspeed-hace-hash.o  (CONFIG_CRYPTO_DEV_ASPEED_HACE_HASH=n)" &&
	has_link actual drivers/crypto/aspeed/Makefile "\$(hace-hash-y)" \
		"aspeed_crypto-objs := \$(hace-hash-y)" &&
	test_grep -x "drivers/gpu/drm/i915/gt/intel_ggtt_gmch.c: built-in, part of drivers/gpu/drm/i915/i915.o" actual &&
	has_link actual drivers/gpu/drm/i915/Makefile "gt/intel_ggtt_gmch.o" \
		"gt-\$(CONFIG_X86) += gt/intel_ggtt_gmch.o  (CONFIG_X86=y)" &&
	has_link actual drivers/gpu/drm/i915/Makefile "i915-y += \$(gt-y)" \
		"i915-y += \$(gt-y)"
'

test_expect_success 'includes: nouveau nvkm/*/Kbuild, habanalabs common/Makefile' '
	w drivers/gpu/drm/nouveau/nvkm/engine/gr/base.c drivers/misc/habanalabs/common/asid.c >actual &&
	test_grep -x "drivers/gpu/drm/nouveau/nvkm/engine/gr/base.c: not built: CONFIG_DRM_NOUVEAU is not set (as a module: nouveau.ko)" actual &&
	has_link actual drivers/gpu/drm/nouveau/nvkm/engine/gr/Kbuild "gr/base.o" \
		"nvkm-y += nvkm/engine/gr/base.o" &&
	has_link actual drivers/gpu/drm/nouveau/Kbuild "nouveau-y += \$(nvkm-y)" \
		"nouveau-y += \$(nvkm-y)" &&
	test_grep "^drivers/misc/habanalabs/common/asid.c: not built: CONFIG_HABANA_AI is not set" actual &&
	has_link actual drivers/misc/habanalabs/Makefile "\$(HL_COMMON_FILES)" \
		"habanalabs-y += common/asid.o (from \$(HL_COMMON_FILES))"
'

test_expect_success 'a fragment others include: virt/kvm/Makefile.kvm' '
	sed "/^CONFIG_KVM=/d; /^# CONFIG_KVM is not set/d" out/.config >out/kvm.config &&
	echo CONFIG_KVM=m >>out/kvm.config &&
	KCONFIG_CONFIG=kvm.config w virt/kvm/kvm_main.c >actual &&
	first actual "virt/kvm/kvm_main.c: module kvm.ko" &&
	has_link actual virt/kvm/Makefile.kvm "kvm-y :=" \
		"kvm-y := ../../../virt/kvm/kvm_main.o (from \$(KVM)/kvm_main.o)" &&
	has_link actual arch/x86/kvm/Makefile "obj-\$(CONFIG_KVM)" \
		"obj-\$(CONFIG_KVM) += kvm.o  (CONFIG_KVM=m)" &&
	has_link actual arch/x86/Kbuild "obj-\$(CONFIG_KVM)" \
		"obj-\$(CONFIG_KVM) += kvm/  (CONFIG_KVM=m)" &&
	test_grep -x "  build: $MAKE_CMD arch/x86/kvm/" actual &&
	test_grep -x "  build: $MAKE_CMD arch/x86/kvm/kvm.ko" actual &&
	# only this architecture'\''s Makefiles: one chain
	test_must_fail grep "chain 1 of" actual
'

test_expect_success 'an ifeq around the whole Makefile that is false' '
	w drivers/clk/ti/apll.c >actual &&
	n=$(line drivers/clk/ti/Makefile "ifeq (\$(CONFIG_ARCH_OMAP2PLUS), y)") &&
	first actual "drivers/clk/ti/apll.c: not built: drivers/clk/ti/Makefile:$n: ifeq (\$(CONFIG_ARCH_OMAP2PLUS), y) is false (CONFIG_ARCH_OMAP2PLUS=n)" &&
	has_link actual drivers/clk/ti/Makefile "obj-\$(CONFIG_SOC_AM33XX)" \
		"obj-\$(CONFIG_SOC_AM33XX) += apll.o (from \$(clk-common))  (CONFIG_SOC_AM33XX=n)"
'

test_expect_success 'a host program: scripts/kconfig/conf.c' '
	w scripts/kconfig/conf.c >actual &&
	n=$(line scripts/kconfig/Makefile "hostprogs	+= conf") &&
	first actual "scripts/kconfig/conf.c: built by scripts/kconfig/Makefile:$n: hostprogs += conf, not linked into vmlinux"
'

test_expect_success 'JSON: the same chain, values and build commands' '
	test_expect_code 1 w --json net/netfilter/xt_recent.c fs/ext4/inode.c \
		include/linux/list.h nope.c >out.json 2>err &&
	test_grep "is a header" err &&
	python3 - "$TREE" "$OUT" \
		"$(line net/netfilter/Makefile "obj-\$(CONFIG_NETFILTER_XT_MATCH_RECENT)")" \
		"$(line fs/ext4/Makefile " inode.o ")" <<-\PY
	import json, sys
	tree, out, xt_line, inode_line = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
	d = json.load(open("out.json"))
	assert d["srctree"] == tree and d["objtree"] == out, d
	assert d["config"] == out + "/.config" and d["srcarch"] == "x86", d
	xt, ext4, hdr, nope = d["results"]
	assert nope["path"] == "nope.c" and "no such file" in nope["error"], nope
	assert xt["state"] == "not-built" and xt["input"] == "source", xt
	assert xt["module"] == "net/netfilter/xt_recent.ko", xt
	assert xt["target"] == "net/netfilter/xt_recent.o", xt
	opts = {o["name"]: o["value"] for o in xt["options"]}
	assert opts == {"CONFIG_NETFILTER_XT_MATCH_RECENT": "n", "CONFIG_NETFILTER": "y", "CONFIG_NET": "y"}, opts
	links = xt["chains"][0]["links"]
	assert [l["file"] for l in links] == ["net/netfilter/Makefile", "net/Makefile", "Kbuild"], links
	assert links[0]["line"] == xt_line and links[0]["value"] == "n", links[0]
	assert [l["kind"] for l in links] == ["obj", "obj", "top"], links
	assert xt["build"] == ["make -C %s O=%s net/netfilter/xt_recent.o" % (tree, out),
	                       "make -C %s O=%s net/netfilter/xt_recent.ko" % (tree, out)], xt["build"]
	assert ext4["state"] == "built-in" and ext4["module"] is None, ext4
	l0 = ext4["chains"][0]["links"][0]
	assert l0["kind"] == "member" and l0["holder"] == "fs/ext4/ext4.o", l0
	assert l0["line"] == inode_line, l0
	assert hdr["path"] == "include/linux/list.h" and "header" in hdr["error"], hdr
	PY
'

test_expect_success 'conditions in JSON: branch and value' '
	w --json arch/x86/kernel/audit_64.c >out.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("out.json"))["results"][0]
	c = r["chains"][0]["links"][0]["conditions"]
	assert len(c) == 1 and c[0]["text"] == "ifeq ($(CONFIG_X86_64),y)", c
	assert c[0]["branch"] == "if" and c[0]["value"] is True, c
	assert c[0]["options"] == [{"name": "CONFIG_X86_64", "value": "y"}], c
	PY
'

test_expect_success 'paths: relative to the current directory, in the tree and in O=' '
	(cd "$TREE/net/netfilter" && kdev config which O="$OUT" xt_recent.c) >actual &&
	first actual "net/netfilter/xt_recent.c: not built: CONFIG_NETFILTER_XT_MATCH_RECENT is not set (as a module: xt_recent.ko)" &&
	test_grep -x "  build: $MAKE_CMD net/netfilter/xt_recent.o" actual &&
	(cd out && kdev config which net/netfilter/xt_recent.c) >actual &&
	first actual "net/netfilter/xt_recent.c: not built: CONFIG_NETFILTER_XT_MATCH_RECENT is not set (as a module: xt_recent.ko)" &&
	test_grep -x "  build: make net/netfilter/xt_recent.o" actual &&
	(cd "$TREE" && kdev config which O="$OUT" "$TREE/fs/ext4/inode.c") >actual &&
	test_grep -x "  build: make O=$OUT fs/ext4/inode.o" actual
'

test_expect_success 'only the Makefiles on the path are read' '
	w -v net/netfilter/xt_recent.c >/dev/null 2>err &&
	n=$(sed -n "s/^kdev: read \([0-9]*\) Kbuild files in .*/\1/p" err) &&
	test -n "$n" && test "$n" -le 6
'

test_expect_success 'no .config: unknown, with the options it depends on' '
	mkdir empty &&
	kdev config which --tree "$TREE" O="$PWD/empty" net/netfilter/xt_recent.c >actual 2>err &&
	test_grep "no .config in .*empty.: option values are unknown" err &&
	first actual "net/netfilter/xt_recent.c: unknown: no .config; it depends on CONFIG_NETFILTER_XT_MATCH_RECENT, CONFIG_NETFILTER, CONFIG_NET (as a module: xt_recent.ko)" &&
	test_grep -F "(CONFIG_NET=?)" actual &&
	test_expect_code 1 kdev config which --tree "$TREE" O="$PWD/empty" \
		KCONFIG_CONFIG=missing.config fs/ext4/inode.c 2>err &&
	test_grep "cannot read .*missing.config" err
'

test_expect_success 'errors: no such file, headers, a file no Makefile builds' '
	test_expect_code 1 w no/such/file.c >actual 2>err &&
	test_grep "^error: no such file or directory: .no/such/file.c." err &&
	test_must_fail test -s actual &&
	test_expect_code 1 w include/linux/list.h 2>err &&
	test_grep "^error: .include/linux/list.h. is a header: it is not built by itself" err &&
	test_expect_code 1 w drivers/net/ethernet/intel/e1000/e1000.h 2>err &&
	test_grep "included by .*drivers/net/ethernet/intel/e1000/e1000_main.c" err &&
	test_expect_code 1 w drivers/comedi/drivers/ni_routing/tools/convert_c_to_py.c 2>err &&
	test_grep -F "error: '\''drivers/comedi/drivers/ni_routing/tools/convert_c_to_py.c'\'': no Kbuild file mentions '\''convert_c_to_py.o'\'' (looked at drivers/comedi/drivers/ni_routing/tools/Makefile)" err &&
	test_expect_code 1 w arch/x86/boot/ 2>err &&
	test_grep -F "no Kbuild file mentions '\''boot/'\'' (looked at arch/x86/Kbuild)" err &&
	test_expect_code 1 w no_such_module_xyz 2>err &&
	test_grep "no module .no_such_module_xyz. in the [0-9]* Kbuild files" err &&
	test_expect_code 1 w /etc/hostname 2>err &&
	test_grep "is not in the kernel tree" err
'

test_expect_success 'one bad path among good ones: the rest is printed, exit 1' '
	test_expect_code 1 w fs/ext4/inode.c nope.c lib/string.c >actual 2>err &&
	test_grep -x "fs/ext4/inode.c: built-in, part of fs/ext4/ext4.o" actual &&
	test_grep -x "lib/string.c: built-in, in lib/lib.a" actual &&
	test_line_count = 1 err
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 kdev config which 2>err &&
	test_grep "usage: kdev config which" err &&
	test_expect_code 2 kdev config which --bogus fs/ext4/inode.c 2>err &&
	test_grep "unknown option .--bogus." err &&
	test_expect_code 2 kdev config which --tree 2>err &&
	test_expect_code 1 kdev config which --tree "$TRASH_DIRECTORY" fs/ext4/inode.c 2>err &&
	test_grep "is not a kernel source tree" err &&
	kdev config which --help >out.txt &&
	test_grep "O=DIR" out.txt
'

test_done

// SPDX-License-Identifier: GPL-2.0
/*
 * libdw and libelf, loaded on first use (see dw.h).
 */
#include <dlfcn.h>
#include <stdio.h>

#define KDEV_DW_NO_MACROS
#include "dw.h"

#define LIBDW_SONAME "libdw.so.1"
#define LIBELF_SONAME "libelf.so.1"

struct kdev_dw kdev_dw;

int dw_load(const char **why)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	static char msg[512];
	void *dw, *elf;

	*why = msg;
	if (state)
		return state > 0 ? 0 : -1;
	state = -1;
	elf = dlopen(LIBELF_SONAME, RTLD_NOW | RTLD_LOCAL);
	dw = elf ? dlopen(LIBDW_SONAME, RTLD_NOW | RTLD_LOCAL) : NULL;
	if (!dw) {
		snprintf(msg, sizeof(msg), "cannot load %s, which reads ELF "
			 "and DWARF: %s (Debian: apt-get install libdw1)",
			 elf ? LIBDW_SONAME : LIBELF_SONAME, dlerror());
		return -1;
	}
#define X(f)								\
	do {								\
		*(void **)&kdev_dw.f = dlsym(#f[0] == 'd' ? dw : elf, #f); \
		if (!kdev_dw.f) {					\
			snprintf(msg, sizeof(msg), "'%s' lacks %s(), which " \
				 "kdev uses", #f[0] == 'd' ?		\
				 LIBDW_SONAME : LIBELF_SONAME, #f);	\
			return -1;					\
		}							\
	} while (0);
	KDEV_DW_FUNCS(X)
#undef X
	state = 1;
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDEV_DECODE_DW_H
#define KDEV_DECODE_DW_H

/*
 * libdw and libelf, loaded when kdev first reads an ELF file, not when
 * it starts: linked in, the dynamic loader maps and relocates them (and
 * libz, liblzma, libbz2 after them) for every command, which was half of
 * what "kdev version" or a "kdev maintainers -f FILE" cost. A file that
 * calls them includes this header instead of the elfutils ones and calls
 * dw_load() first; the calls then go through a table of pointers, under
 * their own names.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <libelf.h>

#define KDEV_DW_FUNCS(X) \
	X(dwarf_attr) \
	X(dwarf_attr_integrate) \
	X(dwarf_dieoffset) \
	X(dwarf_filesrc) \
	X(dwarf_formstring) \
	X(dwarf_formudata) \
	X(dwarf_getscopes) \
	X(dwarf_getscopes_die) \
	X(dwarf_getsrcfiles) \
	X(dwarf_offdie) \
	X(dwarf_tag) \
	X(dwfl_addrmodule) \
	X(dwfl_begin) \
	X(dwfl_end) \
	X(dwfl_errmsg) \
	X(dwfl_lineinfo) \
	X(dwfl_module_addrdie) \
	X(dwfl_module_addrinfo) \
	X(dwfl_module_build_id) \
	X(dwfl_module_getdwarf) \
	X(dwfl_module_getelf) \
	X(dwfl_module_getsrc) \
	X(dwfl_module_getsym_info) \
	X(dwfl_module_getsymtab) \
	X(dwfl_offline_section_address) \
	X(dwfl_report_begin) \
	X(dwfl_report_end) \
	X(dwfl_report_offline) \
	X(dwfl_standard_find_debuginfo) \
	X(elf_begin) \
	X(elf_end) \
	X(elf_errmsg) \
	X(elf_getdata) \
	X(elf_getscn) \
	X(elf_getshdrnum) \
	X(elf_getshdrstrndx) \
	X(elf_kind) \
	X(elf_nextscn) \
	X(elf_strptr) \
	X(elf_version) \
	X(gelf_getehdr) \
	X(gelf_getshdr)

struct kdev_dw {
#define KDEV_DW_MEMBER(f) __typeof__(f) *f;
#define X KDEV_DW_MEMBER
	KDEV_DW_FUNCS(X)
#undef X
#undef KDEV_DW_MEMBER
};

extern struct kdev_dw kdev_dw;

/*
 * Load them (once): 0, or -1 with *why set to a message (one line,
 * naming the package to install).
 */
int dw_load(const char **why);

#ifndef KDEV_DW_NO_MACROS
#define dwarf_attr (*kdev_dw.dwarf_attr)
#define dwarf_attr_integrate (*kdev_dw.dwarf_attr_integrate)
#define dwarf_dieoffset (*kdev_dw.dwarf_dieoffset)
#define dwarf_filesrc (*kdev_dw.dwarf_filesrc)
#define dwarf_formstring (*kdev_dw.dwarf_formstring)
#define dwarf_formudata (*kdev_dw.dwarf_formudata)
#define dwarf_getscopes (*kdev_dw.dwarf_getscopes)
#define dwarf_getscopes_die (*kdev_dw.dwarf_getscopes_die)
#define dwarf_getsrcfiles (*kdev_dw.dwarf_getsrcfiles)
#define dwarf_offdie (*kdev_dw.dwarf_offdie)
#define dwarf_tag (*kdev_dw.dwarf_tag)
#define dwfl_addrmodule (*kdev_dw.dwfl_addrmodule)
#define dwfl_begin (*kdev_dw.dwfl_begin)
#define dwfl_end (*kdev_dw.dwfl_end)
#define dwfl_errmsg (*kdev_dw.dwfl_errmsg)
#define dwfl_lineinfo (*kdev_dw.dwfl_lineinfo)
#define dwfl_module_addrdie (*kdev_dw.dwfl_module_addrdie)
#define dwfl_module_addrinfo (*kdev_dw.dwfl_module_addrinfo)
#define dwfl_module_build_id (*kdev_dw.dwfl_module_build_id)
#define dwfl_module_getdwarf (*kdev_dw.dwfl_module_getdwarf)
#define dwfl_module_getelf (*kdev_dw.dwfl_module_getelf)
#define dwfl_module_getsrc (*kdev_dw.dwfl_module_getsrc)
#define dwfl_module_getsym_info (*kdev_dw.dwfl_module_getsym_info)
#define dwfl_module_getsymtab (*kdev_dw.dwfl_module_getsymtab)
#define dwfl_offline_section_address (*kdev_dw.dwfl_offline_section_address)
#define dwfl_report_begin (*kdev_dw.dwfl_report_begin)
#define dwfl_report_end (*kdev_dw.dwfl_report_end)
#define dwfl_report_offline (*kdev_dw.dwfl_report_offline)
#define dwfl_standard_find_debuginfo (*kdev_dw.dwfl_standard_find_debuginfo)
#define elf_begin (*kdev_dw.elf_begin)
#define elf_end (*kdev_dw.elf_end)
#define elf_errmsg (*kdev_dw.elf_errmsg)
#define elf_getdata (*kdev_dw.elf_getdata)
#define elf_getscn (*kdev_dw.elf_getscn)
#define elf_getshdrnum (*kdev_dw.elf_getshdrnum)
#define elf_getshdrstrndx (*kdev_dw.elf_getshdrstrndx)
#define elf_kind (*kdev_dw.elf_kind)
#define elf_nextscn (*kdev_dw.elf_nextscn)
#define elf_strptr (*kdev_dw.elf_strptr)
#define elf_version (*kdev_dw.elf_version)
#define gelf_getehdr (*kdev_dw.gelf_getehdr)
#define gelf_getshdr (*kdev_dw.gelf_getshdr)
#endif

#endif

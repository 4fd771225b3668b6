// SPDX-License-Identifier: GPL-2.0
/*
 * kdev gdb: gdb on a kdev run guest, or a source listing without one.
 */
#include "../kdev.h"
#include "../lib/error.h"

int cmd_gdb(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("kdev gdb: not there yet") ? 1 : 0;
}

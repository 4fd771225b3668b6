// SPDX-License-Identifier: GPL-2.0
/* kdev list: placeholder until the command lands (being written now). */
#include "kdev.h"
#include "lib/error.h"

int cmd_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("'kdev list' is not built yet");
}

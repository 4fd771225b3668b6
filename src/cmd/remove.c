// SPDX-License-Identifier: GPL-2.0
/* kdev remove: placeholder until the command lands (being written now). */
#include "kdev.h"
#include "lib/error.h"

int cmd_remove(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("'kdev remove' is not built yet");
}

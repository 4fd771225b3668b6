// SPDX-License-Identifier: GPL-2.0
/* kdev install: placeholder until the command lands (being written now). */
#include "kdev.h"
#include "lib/error.h"

int cmd_install(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("'kdev install' is not built yet");
}

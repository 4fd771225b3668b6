// SPDX-License-Identifier: GPL-2.0
/* kdev build: placeholder until the command lands (being written now). */
#include "kdev.h"
#include "lib/error.h"

int cmd_build(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("'kdev build' is not built yet");
}

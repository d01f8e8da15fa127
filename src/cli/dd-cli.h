/* dd-cli.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DdCliExit:
 * @DD_CLI_EXIT_OK: the command did what was asked
 * @DD_CLI_EXIT_FAILURE: a runtime failure (database, file, state of the desk)
 * @DD_CLI_EXIT_USAGE: bad usage or invalid input; nothing was written
 *
 * The exit status of dutyctl.
 */
typedef enum
{
  DD_CLI_EXIT_OK      = 0,
  DD_CLI_EXIT_FAILURE = 1,
  DD_CLI_EXIT_USAGE   = 2,
} DdCliExit;

/* Runs dutyctl with @argv (argv[0] is the program). The caller has set up
 * the locale and gettext. Returns the exit status. */
int dd_cli_run (int    argc,
                char **argv);

G_END_DECLS

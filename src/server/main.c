/* main.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "dd-server-main.h"

int
main (int   argc,
      char *argv[])
{
  return dd_server_main (argc, argv);
}

/* main.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DdApplication) app = NULL;
  const char *localedir = g_getenv ("DUTY_DESK_LOCALEDIR");

  /* DUTY_DESK_LOCALEDIR lets tests use the translations in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* dd-server-main.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "dd-server-main.h"
#include "dd-sync-codec.h"

/* duty-desk-server: the provincial sync hub. This build only answers
 * --version and --help; serving, migrations, units and enrolment arrive
 * with the synchronization work (see src/sync/PROTOCOL.md when it lands). */
int
dd_server_main (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DUTY_DESK_LOCALEDIR") ? g_getenv ("DUTY_DESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("The provincial synchronization server of Duty Desk.\n"
                                  "This version only reports its version: serving desks is not built yet."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("duty-desk-server: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("duty-desk-server %s (libsoup %u.%u.%u, libpq %d, protocol %d)\n",
               PACKAGE_VERSION,
               soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
               PQlibVersion (), DD_SYNC_SCHEMA_VERSION);
      return 0;
    }

  g_printerr ("duty-desk-server: %s\n",
              _("serving desks is not built yet; this version only answers --version"));
  return 1;
}

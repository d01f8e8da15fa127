/* dd-server-main.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <stdio.h>

#include "dd-server-main.h"
#include "dd-server.h"
#include "dd-server-private.h"
#include "dd-sync-codec.h"

#define EXIT_FAILURE_CODE 1
#define EXIT_USAGE_CODE   2

static int
report_error (const GError *error)
{
  g_printerr ("duty-desk-server: %s\n", error->message);
  if (error->domain == G_OPTION_ERROR ||
      g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID))
    return EXIT_USAGE_CODE;
  return EXIT_FAILURE_CODE;
}

static int
usage_error (const char *message)
{
  g_autofree char *line = NULL;

  /* the same message as dutyctl's */
  line = g_strdup_printf (_("%s (see “%s”)"), message, "duty-desk-server --help");
  g_printerr ("duty-desk-server: %s\n", line);
  return EXIT_USAGE_CODE;
}

/* Parses the options of a subcommand; argv[0] is the subcommand. */
static gboolean
parse_command (const char         *name,
               const char         *parameters,
               const GOptionEntry *entries,
               int                *argc,
               char             ***argv,
               GError            **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autofree char *prgname = g_strdup_printf ("duty-desk-server %s", name);

  g_set_prgname (prgname);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

typedef struct
{
  DdServer  *server;
  GMainLoop *loop;
  gboolean   draining;
} Serving;

static void
on_drained_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Serving *serving = user_data;

  dd_server_drain_finish (DD_SERVER (source), result, NULL);
  g_main_loop_quit (serving->loop);
}

/* The first signal drains: no new connections, every request read is
 * answered; then the loop ends. */
static gboolean
on_signal_cb (gpointer user_data)
{
  Serving *serving = user_data;

  if (!serving->draining)
    {
      serving->draining = TRUE;
      g_printerr ("duty-desk-server: stopping: %u requests in flight\n",
                  dd_server_get_in_flight (serving->server));
      dd_server_drain_async (serving->server, NULL, on_drained_cb, serving);
    }
  return G_SOURCE_CONTINUE;
}

static int
serve (const char *database,
       const char *listen,
       gint64      max_body,
       int         pool_size,
       int         timeout,
       const char *tls_cert,
       const char *tls_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Serving serving = { NULL, NULL, FALSE };
  guint term_id, int_id;

  if (pool_size < 1 || pool_size > 64)
    return usage_error (_("--pool must be from 1 to 64"));
  if (timeout < 0)
    return usage_error (_("--timeout must be 0 or more seconds"));
  if ((tls_cert == NULL) != (tls_key == NULL))
    return usage_error (_("--tls-cert and --tls-key go together"));
  server = dd_server_new_full (database, (guint) pool_size, (guint) timeout, &error);
  if (server == NULL)
    return report_error (error);
  if (max_body > 0)
    dd_server_set_max_body_size (server, (gsize) max_body);
  if (tls_cert != NULL && !dd_server_set_tls_files (server, tls_cert, tls_key, &error))
    return report_error (error);
  if (!dd_server_listen (server, listen, &error))
    return report_error (error);

  loop = g_main_loop_new (NULL, FALSE);
  serving.server = server;
  serving.loop = loop;
  term_id = g_unix_signal_add (SIGTERM, on_signal_cb, &serving);
  int_id = g_unix_signal_add (SIGINT, on_signal_cb, &serving);

  g_print ("duty-desk-server: listening on port %u%s\n", dd_server_get_port (server),
           tls_cert != NULL ? " (https)" : "");
  fflush (stdout);

  g_main_loop_run (loop);

  /* Drained: every request read has been answered and written. */
  g_source_remove (term_id);
  g_source_remove (int_id);
  dd_server_shutdown (server);
  g_print ("duty-desk-server: stopped\n");
  return 0;
}

static int
run_command (const char  *database,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdServerDb) db = NULL;
  const char *command = argv[0];
  const char *sub = argc > 1 ? argv[1] : NULL;
  gboolean ok = FALSE;

  if (!g_str_equal (command, "migrate") && !g_str_equal (command, "enrol-code") &&
      !g_str_equal (command, "purge") &&
      !(g_str_equal (command, "unit") && (g_strcmp0 (sub, "import") == 0 || g_strcmp0 (sub, "add") == 0)) &&
      !(g_str_equal (command, "desk") && (g_strcmp0 (sub, "list") == 0 || g_strcmp0 (sub, "revoke") == 0)))
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), command);

      return usage_error (message);
    }

  db = dd_server_db_open (database, &error);
  if (db == NULL)
    return report_error (error);

  if (g_str_equal (command, "migrate"))
    {
      const GOptionEntry entries[] = { { NULL } };
      guint applied = 0;

      if (!parse_command ("migrate", NULL, entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 1)
        return usage_error (_("migrate takes no arguments"));
      if (!dd_server_db_migrate (db, &applied, &error))
        return report_error (error);
      g_print (_("Schema at version %u (%u migrations applied)\n"),
               dd_server_db_latest_version (), applied);
      return 0;
    }

  if (!dd_server_db_prepare (db, &error))
    return report_error (error);

  if (g_str_equal (command, "unit") && g_strcmp0 (sub, "import") == 0)
    {
      const GOptionEntry entries[] = { { NULL } };
      guint n_units = 0;

      if (!parse_command ("unit import", _("FILE.csv"), entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 3)
        return usage_error (_("unit import needs one CSV file"));
      if (!dd_server_unit_import (db, argv[2], &n_units, &error))
        return report_error (error);
      g_print (_("%u units imported\n"), n_units);
      return 0;
    }
  else if (g_str_equal (command, "unit") && g_strcmp0 (sub, "add") == 0)
    {
      g_autofree char *code = NULL;
      g_autofree char *name = NULL;
      g_autofree char *parent = NULL;
      const GOptionEntry entries[] = {
        { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The unit code, DIVISION-suffix"), N_("CODE") },
        { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The unit's name"), N_("NAME") },
        { "parent", 0, 0, G_OPTION_ARG_STRING, &parent, N_("The parent unit (default: the division)"), N_("CODE") },
        { NULL }
      };

      if (!parse_command ("unit add", NULL, entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 2)
        return usage_error (_("unit add takes options only"));
      ok = dd_server_unit_add (db, code, name, parent, &error);
    }
  else if (g_str_equal (command, "enrol-code"))
    {
      g_autofree char *unit = NULL;
      g_autofree char *expires = NULL;
      gboolean json = FALSE;
      const GOptionEntry entries[] = {
        { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("The unit the desk will belong to"), N_("CODE") },
        { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, N_("How long the code is valid (default 24h)"), N_("DURATION") },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write the result as JSON on standard output"), NULL },
        { NULL }
      };

      if (!parse_command ("enrol-code", NULL, entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 1)
        return usage_error (_("enrol-code takes options only"));
      ok = dd_server_enrol_code (db, unit, expires, json, &error);
    }
  else if (g_str_equal (command, "purge"))
    {
      int active_days = 30;
      gboolean json = FALSE;
      const GOptionEntry entries[] = {
        { "active-days", 0, 0, G_OPTION_ARG_INT, &active_days,
          N_("A desk not seen for this many days no longer holds the horizon back (default 30)"), N_("DAYS") },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write the result as JSON on standard output"), NULL },
        { NULL }
      };

      if (!parse_command ("purge", NULL, entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 1)
        return usage_error (_("purge takes options only"));
      if (active_days < 1)
        return usage_error (_("--active-days must be 1 or more"));
      ok = dd_server_purge (db, (guint) active_days, json, &error);
    }
  else if (g_str_equal (command, "desk") && g_strcmp0 (sub, "list") == 0)
    {
      gboolean json = FALSE;
      const GOptionEntry entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write the result as JSON on standard output"), NULL },
        { NULL }
      };

      if (!parse_command ("desk list", NULL, entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 2)
        return usage_error (_("desk list takes options only"));
      ok = dd_server_desk_list (db, json, &error);
    }
  else if (g_str_equal (command, "desk") && g_strcmp0 (sub, "revoke") == 0)
    {
      const GOptionEntry entries[] = { { NULL } };

      if (!parse_command ("desk revoke", _("ID"), entries, &argc, &argv, &error))
        return report_error (error);
      if (argc != 3)
        return usage_error (_("desk revoke needs one desk id"));
      ok = dd_server_desk_revoke (db, argv[2], &error);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), command);

      return usage_error (message);
    }

  return ok ? 0 : report_error (error);
}

int
dd_server_main (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *failpoint = NULL;
  gint64 max_body = 0;
  int pool_size = 4;
  int timeout = 30;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database,
      N_("The PostgreSQL connection string (default: $DUTY_DESK_SERVER_DATABASE)"), N_("CONNINFO") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("The address to serve on (default 127.0.0.1:8470)"), N_("HOST:PORT") },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &max_body,
      N_("The largest request body accepted, in bytes (default 1 MiB)"), N_("BYTES") },
    { "pool", 0, 0, G_OPTION_ARG_INT, &pool_size,
      N_("Database connections, each with a worker thread (default 4)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds a client may stall, a statement may run, a request may wait for a connection (default 30; 0: none)"),
      N_("SECONDS") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("Serve HTTPS with this PEM certificate (chain)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The PEM private key of --tls-cert"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    /* for the fault tests only: not in --help, not translated */
    { "failpoint", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &failpoint, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DUTY_DESK_LOCALEDIR") ? g_getenv ("DUTY_DESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("[COMMAND …]"));
  g_option_context_set_summary (context,
                                _("The provincial synchronization server of Duty Desk.\n\n"
                                  "Without a command it serves desks. Commands:\n"
                                  "  migrate                                 create or upgrade the schema\n"
                                  "  unit import FILE.csv                    import divisions (code,name,level,parent_code)\n"
                                  "  unit add --code CODE --name NAME [--parent CODE]\n"
                                  "  enrol-code --unit CODE [--expires 24h] [--json]\n"
                                  "  desk list [--json]\n"
                                  "  desk revoke ID\n"
                                  "  purge [--active-days 30] [--json]       purge tombstones past every active desk"));
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return report_error (error);

  if (version)
    {
      g_print ("duty-desk-server %s (libsoup %u.%u.%u, libpq %d, protocol %d)\n",
               PACKAGE_VERSION,
               soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
               PQlibVersion (), DD_SYNC_SCHEMA_VERSION);
      return 0;
    }

  if (database == NULL)
    database = g_strdup (g_getenv ("DUTY_DESK_SERVER_DATABASE"));
  if (database == NULL || database[0] == '\0')
    return usage_error (_("--database CONNINFO is required"));

  if (failpoint != NULL && !dd_server_set_failpoint (failpoint))
    {
      g_printerr ("duty-desk-server: unknown failpoint %s\n", failpoint);
      return EXIT_USAGE_CODE;
    }

  if (argc < 2)
    return serve (database, listen != NULL ? listen : "127.0.0.1:8470", max_body, pool_size, timeout,
                  tls_cert, tls_key);

  return run_command (database, argc - 1, argv + 1);
}

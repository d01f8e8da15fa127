/* test-sync-indicator-live.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync indicator against a real duty-desk-server on loopback, over a
 * throw-away PostgreSQL cluster (run by tests/server/with-pg.sh, under
 * Xvfb and dbus-run-session): a desk enrolled with the real dutyctl; the
 * server stopped (offline), started again but held with SIGSTOP while
 * Sync Now asks for a round (syncing), then let go (online). Each state
 * is shot with `import -window root` into the build directory.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <adwaita.h>

#include "dd-sync-indicator.h"
#include "dd-sync-service.h"

#include "gui-test-util.h"

static char *server_path;
static char *dutyctl_path;
static char *divisions_path;
static char *shots_dir;

/* Runs @argv to the end; its standard output. */
static char *
run_ok (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s %s failed: %s", argv[0], argv[1], err);
  return g_steal_pointer (&out);
}

static char *
server_admin (const char *a,
              const char *b,
              const char *c,
              const char *d,
              const char *e)
{
  const char *argv[] = { server_path, "--database", g_getenv ("DD_PG_CONNINFO"), a, b, c, d, e, NULL };

  return run_ok (argv);
}

/* duty-desk-server listening on @listen; the port it took. */
static GSubprocess *
server_start (const char *listen,
              guint      *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { server_path, "--database", g_getenv ("DD_PG_CONNINFO"), "--listen", listen, NULL };
  GSubprocess *process;
  const char *prefix = "duty-desk-server: listening on port ";

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  *port = (guint) g_ascii_strtoull (line + strlen (prefix), NULL, 10);
  g_assert_cmpuint (*port, >, 0);
  return process;
}

static void
server_stop (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGCONT);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
}

/* Lets the window draw, then shoots the screen. */
static void
shoot (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s/sync-indicator-%s.png", shots_dir, name);
  const char *argv[] = { "import", "-window", "root", file, NULL };
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  int status = 0;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", file);
}

static gboolean
text_has (GtkWidget  *indicator,
          const char *part)
{
  return strstr (dd_sync_indicator_get_text (DD_SYNC_INDICATOR (indicator)), part) != NULL;
}

static void
on_status_cb (DdSyncService *sync,
              GParamSpec    *pspec,
              GString       *seen)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DD_TYPE_SYNC_STATUS);

  g_string_append_printf (seen, "%s ", g_enum_get_value (klass, dd_sync_service_get_status (sync))->value_nick);
}

static void
test_offline_syncing_online (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dd-sync-live-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "desk.db", NULL);
  g_autofree char *answer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(JsonNode) code = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  DdSyncService *sync;
  GtkWidget *window, *indicator, *box;
  guint port = 0;

  g_assert_no_error (error);
  g_free (server_admin ("migrate", NULL, NULL, NULL, NULL));
  g_free (server_admin ("unit", "import", divisions_path, NULL, NULL));
  server = server_start ("127.0.0.1:0", &port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  listen = g_strdup_printf ("127.0.0.1:%u", port);

  /* a county desk, enrolled by dutyctl; its desk record waits to go up */
  answer = server_admin ("enrol-code", "--unit", "520102", "--json", NULL);
  code = json_from_string (answer, &error);
  g_assert_no_error (error);
  {
    const char *init[] = { dutyctl_path, "--db", db, "init", "--unit-code", "520102",
                           "--unit-name", "南明区值班室", NULL };
    const char *enrol[] = { dutyctl_path, "--db", db, "enrol", "--server", url, "--code",
                            json_object_get_string_member (json_node_get_object (code), "code"), NULL };

    g_free (run_ok (init));
    g_free (run_ok (enrol));
  }

  /* the server goes away: offline */
  server_stop (server);
  g_clear_object (&server);

  service = dd_store_service_new (db, "test");
  sync = dd_sync_service_new (service, NULL, 1);
  g_signal_connect (sync, "notify::status", G_CALLBACK (on_status_cb), seen);
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  indicator = dd_sync_indicator_new (sync);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Duty Desk — sync"));
  gtk_box_append (GTK_BOX (box), indicator);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 80);
  gtk_window_present (GTK_WINDOW (window));
  dd_sync_service_start (sync);

  WAIT_UNTIL (dd_sync_service_get_status (sync) == DD_SYNC_STATUS_OFFLINE);
  WAIT_UNTIL (text_has (indicator, "Offline since "));
  g_assert_cmpint (dd_sync_service_get_offline_since_ms (sync), >, 0);
  g_assert_cmpint (dd_sync_service_get_n_pending (sync), >, 0);
  shoot ("1-offline");

  /* back, but held: Sync Now asks for a round that cannot end yet */
  server = server_start (listen, &port);
  g_subprocess_send_signal (server, SIGSTOP);
  dd_sync_service_sync_now (sync);
  g_assert_cmpint (dd_sync_service_get_status (sync), ==, DD_SYNC_STATUS_CONNECTING);
  g_assert_true (text_has (indicator, "Syncing…"));
  shoot ("2-syncing");
  g_assert_cmpint (dd_sync_service_get_status (sync), ==, DD_SYNC_STATUS_CONNECTING);

  /* let go: the round goes through and the desk record is pushed */
  g_subprocess_send_signal (server, SIGCONT);
  WAIT_UNTIL (dd_sync_service_get_status (sync) == DD_SYNC_STATUS_ONLINE);
  WAIT_UNTIL (dd_sync_service_get_n_pending (sync) == 0);
  WAIT_UNTIL (text_has (indicator, "Synced just now"));
  g_assert_cmpint (dd_sync_service_get_offline_since_ms (sync), ==, 0);
  shoot ("3-online");
  g_test_message ("statuses: %s", seen->str);
  g_assert_nonnull (strstr (seen->str, "offline connecting online"));

  dd_sync_service_stop (sync);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (sync);
  server_stop (server);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "duty-desk-server", NULL },
    { "dutyctl", 0, 0, G_OPTION_ARG_FILENAME, &dutyctl_path, "dutyctl", NULL },
    { "divisions", 0, 0, G_OPTION_ARG_FILENAME, &divisions_path, "divisions CSV", NULL },
    { "shots", 0, 0, G_OPTION_ARG_FILENAME, &shots_dir, "where screenshots go", NULL },
    { NULL }
  };

  /* The assertions read English labels; this process needs no AT-SPI bus. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("DUTY_DESK_SECRET_STORE", "file", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      server_path == NULL || dutyctl_path == NULL || divisions_path == NULL || shots_dir == NULL ||
      g_getenv ("DD_PG_CONNINFO") == NULL)
    {
      g_printerr ("Run by with-pg.sh with --server, --dutyctl, --divisions and --shots\n");
      return 1;
    }
  /* A GUI test that cannot open a display fails; it never skips. */
  if (!gtk_init_check ())
    {
      g_printerr ("Cannot open a display: run under xvfb-run\n");
      return 1;
    }
  adw_init ();

  g_test_add_func ("/sync-ui/live/offline-syncing-online", test_offline_syncing_online);

  return g_test_run ();
}

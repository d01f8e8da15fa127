/* dd-cli-demo.c: dutyctl demo
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dd-cli-private.h"

typedef struct
{
  char       *path;
  DdDemoSize  size;
  guint32     seed;
} DemoRequest;

typedef struct
{
  char   *unit_code;
  char   *unit_name;
  guint   n_staff;
  gint64  n_audit;
  int     schema_version;
} DemoSummary;

typedef struct
{
  GMainLoop   *loop;
  DemoSummary *summary;
  GError      *error;
} DemoWait;

static void
demo_request_free (DemoRequest *request)
{
  g_free (request->path);
  g_free (request);
}

static void
demo_summary_free (DemoSummary *summary)
{
  g_free (summary->unit_code);
  g_free (summary->unit_name);
  g_free (summary);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoSummary, demo_summary_free)

/* Opens, fills and summarises the demo database; runs in the calling
 * thread, which owns the connection for its whole life. */
static DemoSummary *
fill_demo (const DemoRequest  *request,
           GError            **error)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(DemoSummary) summary = g_new0 (DemoSummary, 1);

  store = dd_store_open (request->path, error);
  if (store == NULL)
    return NULL;

  dd_store_set_actor (store, "dutyctl");

  if (!dd_store_fill_demo (store, request->size, request->seed, error))
    return NULL;

  desk = dd_store_get_desk (store, error);
  if (desk == NULL)
    return NULL;

  staff = dd_store_list_staff (store, error);
  if (staff == NULL)
    return NULL;

  summary->n_audit = dd_store_count_audit_entries (store, error);
  if (summary->n_audit < 0)
    return NULL;

  summary->unit_code = g_strdup (dd_desk_get_unit_code (desk));
  summary->unit_name = g_strdup (dd_desk_get_unit_name (desk));
  summary->n_staff = staff->len;
  summary->schema_version = dd_store_get_schema_version (store);

  return g_steal_pointer (&summary);
}

static void
fill_demo_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  DemoSummary *summary;

  summary = fill_demo (task_data, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) demo_summary_free);
}

static void
on_fill_demo_done_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DemoWait *wait = user_data;

  wait->summary = g_task_propagate_pointer (G_TASK (result), &wait->error);
  g_main_loop_quit (wait->loop);
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return 0;

  return buf.st_size;
}

static gboolean
on_progress_timeout_cb (gpointer user_data)
{
  const DemoRequest *request = user_data;
  static guint seconds;
  g_autofree char *wal = g_strconcat (request->path, "-wal", NULL);
  g_autofree char *size = NULL;
  g_autofree char *message = NULL;
  gboolean tty = isatty (STDERR_FILENO);

  seconds++;
  if (!tty && seconds % 2 != 0)
    return G_SOURCE_CONTINUE;

  size = g_format_size (file_size (request->path) + file_size (wal));
  /* TRANSLATORS: progress of "dutyctl demo --size large": seconds, then bytes written ("120 MB") */
  message = g_strdup_printf (_("demo: %u s, %s written…"), seconds, size);
  g_printerr ("%sdutyctl: %s%s", tty ? "\r" : "", message, tty ? "" : "\n");

  return G_SOURCE_CONTINUE;
}

/* Fills the large demo in a worker thread and reports progress on stderr
 * while it runs. */
static DemoSummary *
fill_demo_with_progress (DemoRequest  *request,
                         GError      **error)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  DemoWait wait = { loop, NULL, NULL };
  guint progress_id;

  g_printerr (_("dutyctl: creating a large demo desk in %s (at least a million journal rows); this takes a while…\n"),
              request->path);

  task = g_task_new (NULL, NULL, on_fill_demo_done_cb, &wait);
  g_task_set_source_tag (task, fill_demo_with_progress);
  g_task_set_task_data (task, request, NULL);
  g_task_run_in_thread (task, fill_demo_thread);

  progress_id = g_timeout_add_seconds (1, on_progress_timeout_cb, request);
  g_main_loop_run (loop);
  g_source_remove (progress_id);

  if (isatty (STDERR_FILENO))
    g_printerr ("\n");

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return NULL;
    }

  return wait.summary;
}

int
dd_cli_cmd_demo (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoSummary) summary = NULL;
  g_autofree char *size_str = NULL;
  g_autofree char *seed_str = NULL;
  g_autofree char *path_display = NULL;
  DemoRequest *request;
  DdDemoSize size = DD_DEMO_SIZE_SMALL;
  guint64 seed = 1;
  const GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_FILENAME, &size_str,
      N_("small (a desk and its staff) or large (at least a million journal rows, for benchmarks); default: small"),
      N_("SIZE") },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed_str,
      N_("The random seed: the same seed gives the same desk (default: 1)"), N_("N") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "demo", NULL,
                                       _("Create a new database holding a realistic, reproducible demo desk. "
                                         "--db PATH is required, and it never writes into an existing database."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  if (size_str == NULL || g_str_equal (size_str, "small"))
    size = DD_DEMO_SIZE_SMALL;
  else if (g_str_equal (size_str, "large"))
    size = DD_DEMO_SIZE_LARGE;
  else
    return dd_cli_usage_error (cli, _("unknown size “%s”: use small or large"), size_str);

  if (seed_str != NULL &&
      !g_ascii_string_to_unsigned (seed_str, 10, 0, G_MAXUINT32, &seed, NULL))
    return dd_cli_usage_error (cli, _("the seed must be a whole number from 0 to %u"), G_MAXUINT32);

  /* Never the default desk database: the demo goes where it is told. */
  if ((cli->command_db_path == NULL || *cli->command_db_path == '\0') &&
      (cli->db_path == NULL || *cli->db_path == '\0'))
    return dd_cli_usage_error (cli, _("--db PATH is required: the demo desk goes into a new database file"));

  request = g_new0 (DemoRequest, 1);
  request->path = dd_cli_dup_db_path (cli);
  request->size = size;
  request->seed = (guint32) seed;
  path_display = g_filename_display_name (request->path);

  /* An existing database is never touched, not even opened: opening it
   * could migrate it. An empty file (from mktemp) is not a database. */
  if (g_file_test (request->path, G_FILE_TEST_EXISTS) && file_size (request->path) > 0)
    {
      dd_cli_printerr (_("%s already exists: dutyctl demo only creates a new database and never writes into an existing one"),
                       path_display);
      demo_request_free (request);
      return DD_CLI_EXIT_FAILURE;
    }
  cli->created = !g_file_test (request->path, G_FILE_TEST_EXISTS);

  if (size == DD_DEMO_SIZE_LARGE)
    summary = fill_demo_with_progress (request, &error);
  else
    summary = fill_demo (request, &error);

  demo_request_free (request);

  if (summary == NULL)
    {
      int status = dd_cli_report_error (cli, error);

      dd_cli_discard_new_store (cli, NULL);
      return status;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, path_display);
      json_builder_set_member_name (builder, "size");
      json_builder_add_string_value (builder, size == DD_DEMO_SIZE_LARGE ? "large" : "small");
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, (gint64) seed);
      json_builder_set_member_name (builder, "unit_code");
      json_builder_add_string_value (builder, summary->unit_code);
      json_builder_set_member_name (builder, "unit_name");
      json_builder_add_string_value (builder, summary->unit_name);
      json_builder_set_member_name (builder, "staff");
      json_builder_add_int_value (builder, summary->n_staff);
      json_builder_set_member_name (builder, "audit_entries");
      json_builder_add_int_value (builder, summary->n_audit);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, summary->schema_version);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else
    {
      g_print (_("Created a demo desk of %s (%s) in %s (seed %u): %u staff, %lld journal entries.\n"),
               summary->unit_name, summary->unit_code, path_display,
               (guint) seed, summary->n_staff, (long long) summary->n_audit);
    }

  return DD_CLI_EXIT_OK;
}

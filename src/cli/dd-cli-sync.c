/* dd-cli-sync.c: dutyctl enrol, sync (status, parked, retry, drop),
 * conflicts (list, resolve)
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "dd-cli-incident.h"
#include "dd-cli-roster.h"
#include "dd-sync-client.h"
#include "dd-sync-store.h"

#define DEFAULT_WAIT_SECONDS 30

int
dd_cli_cmd_enrol (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdSyncState) state = NULL;
  g_autofree char *server = NULL;
  g_autofree char *code = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *secret_path = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("The provincial server, e.g. https://sync.example:8470"), N_("URL") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code,
      N_("The one-time enrolment code from the parent’s administrator"), N_("CODE") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca,
      N_("Trust only the certificate authority in this PEM file"), N_("FILE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "enrol", NULL,
                                       _("Enrol this desk with the provincial server once, with a one-time code."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (server == NULL || code == NULL)
    return dd_cli_usage_error (cli, _("--server and --code are required"));

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  db_path = dd_cli_dup_db_path (cli);
  if (!dd_sync_enrol (store, db_path, server, code, ca, &error) ||
      (state = dd_store_get_sync_state (store, &error)) == NULL)
    {
      /* a code for another unit (or used, or expired) is the caller's to fix */
      if (g_error_matches (error, DD_SYNC_ERROR, DD_SYNC_ERROR_ENROLMENT_REFUSED))
        {
          dd_cli_report_error (cli, error);
          return DD_CLI_EXIT_USAGE;
        }
      return dd_cli_report_error (cli, error);
    }

  secret_path = dd_sync_secret_path (db_path);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "desk_id", state->desk_id);
      dd_cli_json_add_string (builder, "unit", state->unit);
      dd_cli_json_add_string (builder, "server_url", state->server_url);
      dd_cli_json_add_string (builder, "server_epoch", state->server_epoch);
      dd_cli_json_add_string (builder, "secret_store", state->secret_store);
      dd_cli_json_add_string (builder, "secret_file",
                              g_str_equal (state->secret_store, DD_SYNC_SECRET_FILE) ? secret_path : NULL);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else
    {
      g_print (_("Enrolled as desk %s of %s at %s.\n"), state->desk_id, state->unit, state->server_url);
      if (g_str_equal (state->secret_store, DD_SYNC_SECRET_FILE))
        g_print (_("The desk secret is in %s (readable only by you).\n"), secret_path);
      else
        g_print ("%s\n", _("The desk secret is in your keyring."));
    }
  return DD_CLI_EXIT_OK;
}

typedef struct
{
  DdCli        *cli;
  GMainLoop    *loop;
  GCancellable *cancellable;
  JsonNode     *report;
  GError       *error;
  gboolean      json;
} SyncRun;

/* What `dutyctl sync --json` prints for a round: the counts
 * {"pushed","pulled","conflicts","pending","state"} first, then the
 * round's details ("acks" by status, "rejected", "changes", "rebased",
 * "resync", "clock_skew_ms", "clock_warning"), or "error" when the round
 * failed. @report is %NULL when it failed. */
static JsonNode *
sync_summary (DdCli        *cli,
              JsonNode     *report,
              const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdSyncState) state = NULL;
  JsonObject *object = report != NULL ? json_node_get_object (report) : NULL;
  JsonObject *pushed = object != NULL ? json_object_get_object_member (object, "pushed") : NULL;
  JsonArray *pulled = object != NULL ? json_object_get_array_member (object, "pulled") : NULL;
  const char *status = "online";
  gint64 n_pushed = 0;

  if (pushed != NULL)
    {
      GList *members = json_object_get_members (pushed);

      for (GList *l = members; l != NULL; l = l->next)
        n_pushed += json_object_get_int_member (pushed, l->data);
      g_list_free (members);
    }
  if (error != NULL)
    status = g_error_matches (error, DD_SYNC_ERROR, DD_SYNC_ERROR_NETWORK) ? "offline" : "error";
  /* the counts are the desk's after the round; a desk store that cannot be
   * read leaves them 0 (the round's own error says why) */
  store = dd_cli_open_desk_store (cli, NULL);
  if (store != NULL)
    state = dd_store_get_sync_state (store, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pushed");
  json_builder_add_int_value (builder, n_pushed);
  json_builder_set_member_name (builder, "pulled");
  json_builder_add_int_value (builder, pulled != NULL ? json_array_get_length (pulled) : 0);
  json_builder_set_member_name (builder, "conflicts");
  json_builder_add_int_value (builder, state != NULL ? state->n_conflicts : 0);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_int_value (builder, state != NULL ? state->n_pending : 0);
  dd_cli_json_add_string (builder, "state", status);
  if (object != NULL)
    {
      json_builder_set_member_name (builder, "acks");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, "pushed")));
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, "rejected")));
      json_builder_set_member_name (builder, "changes");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, "pulled")));
      json_builder_set_member_name (builder, "rebased");
      json_builder_add_int_value (builder, json_object_get_int_member (object, "rebased"));
      json_builder_set_member_name (builder, "resync");
      json_builder_add_boolean_value (builder, json_object_get_boolean_member (object, "resync"));
      json_builder_set_member_name (builder, "clock_skew_ms");
      json_builder_add_int_value (builder, json_object_get_int_member (object, "clock_skew_ms"));
      json_builder_set_member_name (builder, "clock_warning");
      json_builder_add_boolean_value (builder, json_object_get_boolean_member (object, "clock_warning"));
    }
  if (error != NULL)
    dd_cli_json_add_string (builder, "error", error->message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_report (DdCli    *cli,
              JsonNode *report,
              gboolean  json)
{
  g_autoptr(JsonNode) summary = sync_summary (cli, report, NULL);
  JsonObject *object = json_node_get_object (summary);
  JsonArray *rejected = json_object_get_array_member (object, "rejected");

  if (json)
    {
      dd_cli_print_json (summary);
      return;
    }
  g_print (_("Pushed %llu, pulled %u, rejected %u.\n"),
           (unsigned long long) json_object_get_int_member (object, "pushed"),
           (guint) json_object_get_int_member (object, "pulled"),
           json_array_get_length (rejected));
  for (guint i = 0; i < json_array_get_length (rejected); i++)
    {
      JsonObject *r = json_array_get_object_element (rejected, i);

      g_print (_("Rejected: %s %s: %s\n"), json_object_get_string_member (r, "record_kind"),
               json_object_get_string_member (r, "record_id"), json_object_get_string_member (r, "reason"));
    }
  if (json_object_get_boolean_member (object, "clock_warning"))
    g_print (_("Warning: this computer’s clock differs from the server’s by %lld s.\n"),
             (long long) (json_object_get_int_member (object, "clock_skew_ms") / 1000));
}

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SyncRun *run = user_data;

  run->report = dd_sync_client_sync_finish (DD_SYNC_CLIENT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SyncRun *run = user_data;

  dd_sync_client_run_finish (DD_SYNC_CLIENT (source), result, &run->error);
  if (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_error (&run->error);
  g_main_loop_quit (run->loop);
}

static void
on_round_done_cb (DdSyncClient *client,
                  JsonNode     *report,
                  gpointer      user_data)
{
  SyncRun *run = user_data;

  print_report (run->cli, report, run->json);
}

static gboolean
on_signal_cb (gpointer user_data)
{
  SyncRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       unix_ms)
{
  g_autofree char *text = unix_ms > 0 ? dd_cli_format_ms (unix_ms) : NULL;

  dd_cli_json_add_string (builder, member, text);
}

/* `sync status --record KIND:ID`: how far one record has got on its way
 * to the server (dd_store_sync_get_receipt()). */
static int
record_receipt (DdCli      *cli,
                const char *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdReceipt) receipt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) parts = g_strsplit (record, ":", 2);
  const char *state;

  if (parts[0] == NULL || parts[1] == NULL || *g_strstrip (parts[0]) == '\0' || *g_strstrip (parts[1]) == '\0')
    return dd_cli_usage_error (cli, _("--record takes KIND:ID, e.g. call:%s"), "0190…");

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL || (receipt = dd_store_sync_get_receipt (store, parts[0], parts[1], &error)) == NULL)
    return dd_cli_report_error (cli, error);
  state = dd_receipt_state_to_string (receipt->state);

  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "record_kind", receipt->record_kind);
  dd_cli_json_add_string (builder, "record_id", receipt->record_id);
  dd_cli_json_add_string (builder, "state", state);
  json_builder_set_member_name (builder, "enrolled");
  json_builder_add_boolean_value (builder, receipt->enrolled);
  json_builder_set_member_name (builder, "received");
  json_builder_add_boolean_value (builder, receipt->received);
  json_builder_set_member_name (builder, "ops");
  json_builder_add_int_value (builder, receipt->n_ops);
  add_time (builder, "sent_at", receipt->sent_at);
  add_time (builder, "accepted_at", receipt->accepted_at);
  json_builder_set_member_name (builder, "accepted_at_ms");
  if (receipt->accepted_at > 0)
    json_builder_add_int_value (builder, receipt->accepted_at);
  else
    json_builder_add_null_value (builder);
  dd_cli_json_add_string (builder, "reason", receipt->reason);
  dd_cli_json_add_string (builder, "detail", receipt->detail);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (cli->json)
    dd_cli_print_json (root);
  else
    {
      g_autofree char *accepted = receipt->accepted_at > 0 ? dd_cli_format_ms (receipt->accepted_at) : NULL;

      /* Translators: record kind, record id, the state's machine name */
      g_print (_("%s %s: %s\n"), receipt->record_kind, receipt->record_id, state);
      if (!receipt->enrolled)
        g_print (_("This desk is not enrolled with a server: its records stay on it.\n"));
      if (accepted != NULL)
        /* Translators: %s is the server's time, e.g. 2026-07-01T10:32:05+08:00 */
        g_print (_("Accepted by the server at %s\n"), accepted);
      if (receipt->reason != NULL)
        /* Translators: the server's reason (a machine word) and its English detail */
        g_print (_("Refused: %s. %s\n"), receipt->reason, receipt->detail != NULL ? receipt->detail : "");
    }
  return DD_CLI_EXIT_OK;
}

static int
sync_status (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdSyncState) state = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *parked = NULL;
  g_autofree char *record = NULL;
  const GOptionEntry entries[] = {
    { "record", 0, 0, G_OPTION_ARG_STRING, &record,
      N_("Only the receipt of one record (e.g. call:ID, incident:ID with its events, log_entry:ID): "
         "local, queued, sent, accepted (with the server’s time), parked or rejected (with the reason)"),
      N_("KIND:ID") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "sync status", NULL,
                                       _("Show the enrolment, the cursor and what waits to be pushed."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (record != NULL)
    return record_receipt (cli, record);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL || (state = dd_store_get_sync_state (store, &error)) == NULL ||
      (parked = dd_store_sync_list_parked (store, &error)) == NULL)
    return dd_cli_report_error (cli, error);

  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "server_url", state->server_url);
  dd_cli_json_add_string (builder, "desk_id", state->desk_id);
  dd_cli_json_add_string (builder, "unit", state->unit);
  dd_cli_json_add_string (builder, "server_epoch", state->server_epoch);
  dd_cli_json_add_string (builder, "cursor", state->cursor);
  dd_cli_json_add_string (builder, "secret_store", state->secret_store);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_int_value (builder, state->n_pending);
  json_builder_set_member_name (builder, "parked");
  json_builder_add_value (builder, json_from_string (parked, NULL));
  json_builder_set_member_name (builder, "conflicts");
  json_builder_add_int_value (builder, state->n_conflicts);
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, state->n_records);
  json_builder_set_member_name (builder, "last_push_at");
  json_builder_add_int_value (builder, state->last_push_at);
  json_builder_set_member_name (builder, "last_pull_at");
  json_builder_add_int_value (builder, state->last_pull_at);
  json_builder_set_member_name (builder, "clock_skew_ms");
  json_builder_add_int_value (builder, state->clock_skew_ms);
  json_builder_set_member_name (builder, "clock_warning");
  json_builder_add_boolean_value (builder, ABS (state->clock_skew_ms) > DD_SYNC_CLOCK_WARNING_MS);
  dd_cli_json_add_string (builder, "last_error", *state->last_error ? state->last_error : NULL);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (cli->json)
    dd_cli_print_json (root);
  else
    {
      g_print (_("Desk %s of %s at %s\n"), state->desk_id, state->unit, state->server_url);
      g_print (_("Waiting to be pushed: %lld; parked: %lld; conflicts: %lld\n"),
               (long long) state->n_pending, (long long) state->n_parked, (long long) state->n_conflicts);
      if (*state->last_error)
        g_print (_("Last error: %s\n"), state->last_error);
    }
  return DD_CLI_EXIT_OK;
}

/* Prints a JSON array from the store: as it is with --json, else one
 * line a row through @print_row (@empty if there is none). Takes @text. */
static int
print_list (DdCli       *cli,
            char        *text,
            GError      *error,
            const char  *empty,
            void       (*print_row) (JsonObject *row))
{
  g_autofree char *owned = text;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  if (owned == NULL || (list = json_from_string (owned, &error)) == NULL)
    {
      int status = dd_cli_report_error (cli, error);

      g_clear_error (&error);
      return status;
    }
  if (cli->json)
    {
      dd_cli_print_json (list);
      return DD_CLI_EXIT_OK;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    g_print ("%s\n", empty);
  for (guint i = 0; i < json_array_get_length (array); i++)
    print_row (json_array_get_object_element (array, i));
  return DD_CLI_EXIT_OK;
}

static void
print_parked_row (JsonObject *op)
{
  /* Translators: op id, operation, record kind, record id, reason, detail */
  g_print (_("%s  %s %s %s: %s (%s)\n"), json_object_get_string_member (op, "op_id"),
           json_object_get_string_member (op, "op"), json_object_get_string_member (op, "record_kind"),
           json_object_get_string_member (op, "record_id"), json_object_get_string_member (op, "reason"),
           json_object_get_string_member (op, "detail"));
}

static int
sync_parked (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;

  context = dd_cli_option_context_new (cli, "sync parked", NULL,
                                       _("List the ops the server rejected, parked with the later ops "
                                         "of their record, and why."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  return print_list (cli, dd_store_sync_list_parked (store, &error), g_steal_pointer (&error),
                     _("No parked ops."), print_parked_row);
}

/* dutyctl sync retry OP / sync drop OP */
static int
sync_settle_parked (DdCli  *cli,
                    int     argc,
                    char  **argv)
{
  gboolean retry = g_str_equal (argv[0], "retry");
  g_autofree char *name = g_strdup_printf ("sync %s", argv[0]);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  guint n = 0;

  context = dd_cli_option_context_new (cli, name, _("OP"),
                                       retry ? _("Put a parked op, and the later parked ops of its record, "
                                                 "back in the queue.")
                                             : _("Drop a parked op from the queue; the audit journal keeps it."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one op id (see “dutyctl sync parked”)"));

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  if (retry)
    {
      n = dd_store_sync_retry_parked (store, argv[1], 0, &error);
      if (error != NULL)
        return dd_cli_report_error (cli, error);
    }
  else if (!dd_store_sync_drop_parked (store, argv[1], &error))
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "op_id", argv[1]);
      json_builder_set_member_name (builder, retry ? "queued" : "dropped");
      json_builder_add_int_value (builder, retry ? n : 1);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else if (retry)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u op is queued again.\n", "%u ops are queued again.\n", n), n);
  else
    g_print (_("Dropped %s.\n"), argv[1]);
  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_sync (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdSyncState) state = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(DdSyncClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *db_path = NULL;
  gboolean once = FALSE;
  int wait = DEFAULT_WAIT_SECONDS;
  SyncRun run = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once,
      N_("One round: push what waits, pull what is new, and exit"), NULL },
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait,
      N_("Without --once: seconds each pull waits for news (default 30)"), N_("SECONDS") },
    { NULL }
  };

  if (argc > 1 && g_str_equal (argv[1], "status"))
    return sync_status (cli, argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "parked"))
    return sync_parked (cli, argc - 1, argv + 1);
  if (argc > 1 && (g_str_equal (argv[1], "retry") || g_str_equal (argv[1], "drop")))
    return sync_settle_parked (cli, argc - 1, argv + 1);

  context = dd_cli_option_context_new (cli, "sync", NULL,
                                       _("Push the outbox and pull the changes in this desk’s scope; "
                                         "without --once, keep doing it until interrupted."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (wait < 0 || wait > 60)
    return dd_cli_usage_error (cli, _("--wait must be from 0 to 60"));

  /* checked here, so that a desk that is not enrolled is told so at once */
  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL || (state = dd_store_get_sync_state (store, &error)) == NULL)
    return dd_cli_report_error (cli, error);
  g_clear_object (&store);
  if ((rules = dd_cli_load_incident_rules (&error)) == NULL)
    return dd_cli_report_error (cli, error);

  db_path = dd_cli_dup_db_path (cli);
  service = dd_store_service_new (db_path, "dutyctl");
  client = dd_sync_client_new (service, rules);
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.cli = cli;
  run.loop = loop;
  run.cancellable = cancellable;
  run.json = cli->json;

  if (once)
    dd_sync_client_sync_async (client, cancellable, on_sync_done_cb, &run);
  else
    {
      g_signal_connect (client, "round-done", G_CALLBACK (on_round_done_cb), &run);
      dd_sync_client_run_async (client, (guint) wait, cancellable, on_run_done_cb, &run);
    }
  {
    guint term_id = g_unix_signal_add (SIGTERM, on_signal_cb, &run);
    guint int_id = g_unix_signal_add (SIGINT, on_signal_cb, &run);

    g_main_loop_run (loop);
    g_source_remove (term_id);
    g_source_remove (int_id);
  }

  if (run.error != NULL)
    {
      /* a failed round still answers in the documented shape */
      if (cli->json && once)
        {
          g_autoptr(JsonNode) summary = sync_summary (cli, NULL, run.error);

          dd_cli_print_json (summary);
        }
      status = dd_cli_report_error (cli, run.error);
    }
  else
    {
      if (run.report != NULL)
        print_report (cli, run.report, cli->json);
      status = DD_CLI_EXIT_OK;
    }
  g_clear_error (&run.error);
  g_clear_pointer (&run.report, json_node_unref);
  return status;
}

static void
print_conflict_row (JsonObject *c)
{
  g_autofree char *winner = json_to_string (json_object_get_member (c, "winner_value"), FALSE);
  g_autofree char *loser = json_to_string (json_object_get_member (c, "loser_value"), FALSE);
  const char *resolution = json_object_get_string_member_with_default (c, "resolution", NULL);

  g_print (_("%s  %s %s, field %s: kept %s, lost %s"), json_object_get_string_member (c, "id"),
           json_object_get_string_member (c, "record_kind"),
           json_object_get_string_member (c, "record_id"), json_object_get_string_member (c, "field"),
           winner, loser);
  if (resolution != NULL)
    g_print (_(" (settled: %s)"), resolution);
  g_print ("\n");
}

/* Whether this desk's value of conflict @c is the one that won: this
 * desk is its winner, or (a conflict between two other desks, seen in a
 * pull) not its loser. */
static gboolean
conflict_mine_won (JsonObject *c,
                   const char *desk_id)
{
  const char *winner = json_object_get_string_member_with_default (c, "winner_desk", "");
  const char *loser = json_object_get_string_member_with_default (c, "loser_desk", "");

  return g_strcmp0 (winner, desk_id) == 0 || g_strcmp0 (loser, desk_id) != 0;
}

/* The store's rows in the documented shape: {"id", "record": "kind/id",
 * "field", "mine", "theirs", "winner": "mine"|"theirs", "resolved"}, then
 * the store's own members. */
static JsonNode *
conflicts_document (JsonArray  *rows,
                    const char *desk_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "conflicts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *c = json_array_get_object_element (rows, i);
      gboolean mine_won = conflict_mine_won (c, desk_id);
      g_autofree char *record = g_strdup_printf ("%s/%s", json_object_get_string_member (c, "record_kind"),
                                                 json_object_get_string_member (c, "record_id"));
      GList *members = json_object_get_members (c);

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "id", json_object_get_string_member (c, "id"));
      dd_cli_json_add_string (builder, "record", record);
      dd_cli_json_add_string (builder, "field", json_object_get_string_member (c, "field"));
      json_builder_set_member_name (builder, "mine");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (c, mine_won ? "winner_value"
                                                                                          : "loser_value")));
      json_builder_set_member_name (builder, "theirs");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (c, mine_won ? "loser_value"
                                                                                            : "winner_value")));
      dd_cli_json_add_string (builder, "winner", mine_won ? "mine" : "theirs");
      json_builder_set_member_name (builder, "resolved");
      json_builder_add_boolean_value (builder, !json_object_get_null_member (c, "resolution"));
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "id") && !g_str_equal (l->data, "field"))
          {
            json_builder_set_member_name (builder, l->data);
            json_builder_add_value (builder, json_node_copy (json_object_get_member (c, l->data)));
          }
      g_list_free (members);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
conflicts_list (DdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdSyncState) state = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *text = NULL;
  gboolean open_only = FALSE;
  const GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only those not settled yet"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "conflicts list", NULL,
                                       _("List the concurrent changes of one field that sync settled, "
                                         "with the value that lost."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  if (!cli->json)
    return print_list (cli, dd_store_sync_list_conflicts (store, open_only, &error), g_steal_pointer (&error),
                       _("No conflicts."), print_conflict_row);
  if ((text = dd_store_sync_list_conflicts (store, open_only, &error)) == NULL ||
      (rows = json_from_string (text, &error)) == NULL)
    return dd_cli_report_error (cli, error);
  /* a desk that is not enrolled has no conflicts; its own id is moot */
  state = dd_store_get_sync_state (store, NULL);
  document = conflicts_document (json_node_get_array (rows), state != NULL ? state->desk_id : NULL);
  dd_cli_print_json (document);
  return DD_CLI_EXIT_OK;
}

static int
conflicts_resolve (DdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *value = NULL;
  g_autofree char *take = NULL;
  gboolean keep = FALSE, take_other = FALSE;
  const char *resolution;
  const GOptionEntry entries[] = {
    { "take", 0, 0, G_OPTION_ARG_STRING, &take,
      N_("“mine” (this desk’s value), “theirs” (the other desk’s) or a new value (JSON, or plain "
         "text for a text field)"), N_("mine|theirs|VALUE") },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, N_("Keep the value sync kept"), NULL },
    { "take-other", 0, 0, G_OPTION_ARG_NONE, &take_other, N_("Write the value that lost again"), NULL },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value,
      N_("Write this value (JSON, or plain text for a text field)"), N_("VALUE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "conflicts resolve", _("ID"),
                                       _("Settle a conflict: keep the kept value, or write the other "
                                         "or a new one as a change that syncs."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one conflict id (see “dutyctl conflicts list”)"));
  if ((take != NULL ? 1 : 0) + (keep ? 1 : 0) + (take_other ? 1 : 0) + (value != NULL ? 1 : 0) != 1)
    return dd_cli_usage_error (cli, _("give one of --take mine, --take theirs and --take VALUE"));

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  if (take != NULL && (g_str_equal (take, "mine") || g_str_equal (take, "theirs")))
    {
      /* mine or theirs: keep the winner if it is that one, else write the other */
      g_autoptr(DdSyncState) state = dd_store_get_sync_state (store, NULL);
      g_autofree char *text = dd_store_sync_list_conflicts (store, FALSE, &error);
      g_autoptr(JsonNode) rows = text != NULL ? json_from_string (text, &error) : NULL;
      JsonObject *found = NULL;

      if (rows == NULL)
        return dd_cli_report_error (cli, error);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
        {
          JsonObject *c = json_array_get_object_element (json_node_get_array (rows), i);

          if (g_strcmp0 (json_object_get_string_member (c, "id"), argv[1]) == 0)
            found = c;
        }
      if (found == NULL)
        resolution = "keep";   /* the store says the id is unknown */
      else if (conflict_mine_won (found, state != NULL ? state->desk_id : NULL) == g_str_equal (take, "mine"))
        resolution = "keep";
      else
        resolution = "take_other";
    }
  else if (take != NULL)
    {
      resolution = "value";
      value = g_steal_pointer (&take);
    }
  else
    resolution = keep ? "keep" : take_other ? "take_other" : "value";

  if (!dd_store_sync_resolve_conflict (store, argv[1], resolution, value, &error))
    return dd_cli_report_error (cli, error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "id", argv[1]);
      dd_cli_json_add_string (builder, "resolution", resolution);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else
    g_print (_("Conflict %s is settled.\n"), argv[1]);
  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_conflicts (DdCli  *cli,
                      int     argc,
                      char  **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return conflicts_list (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "resolve"))
    return conflicts_resolve (cli, argc - 1, argv + 1);
  return dd_cli_usage_error (cli, _("which conflicts command? Use list or resolve"));
}

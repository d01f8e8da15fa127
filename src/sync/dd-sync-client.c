/* dd-sync-client.c: the desk's side of PROTOCOL.md
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-client.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dd-sync-codec.h"
#include "dd-sync-secret.h"
#include "dd-sync-store.h"

#define MAX_BACKOFF_SECONDS 60
#define TOKEN_MARGIN_US ((gint64) 5 * 60 * G_USEC_PER_SEC)

struct _DdSyncClient
{
  GObject          parent_instance;

  DdStoreService  *service;
  DdIncidentRules *rules;
  SoupSession     *session;
  char            *ca_file;
  char            *token;
  gint64           token_expires_us;

  GTask           *run;            /* the running dd_sync_client_run_async() */
  GCancellable    *poll;           /* the long poll being held, to end it early */
  gboolean         wake;           /* woken while not polling: poll no longer */
  guint            batch_size;     /* ops per push, changes per pull page */
};

enum {
  ROUND_DONE,
  ROUND_FAILED,
  RECEIPTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdSyncClient, dd_sync_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (dd-sync-error-quark, dd_sync_error)

/* One round of push then pull. */
typedef struct
{
  DdSyncState *state;
  guint        wait;
  gboolean     resynced;
  guint        rebased;
  gint64       skew_ms;
  GHashTable  *pushed;       /* status → count */
  JsonArray   *rejected;
  JsonArray   *pulled;
} Round;

static void
round_free (Round *round)
{
  g_clear_pointer (&round->state, dd_sync_state_free);
  g_hash_table_unref (round->pushed);
  json_array_unref (round->rejected);
  json_array_unref (round->pulled);
  g_free (round);
}

static void push_next (GTask *task);
static void pull_next (GTask *task);

/* ---------------------------------------------------------------- helpers */

static SoupSession *
new_session (const char  *ca_file,
             GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 4,
                                                                  "timeout", 120, NULL);

  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, error);

      if (database == NULL)
        return NULL;
      soup_session_set_tls_database (session, database);
    }
  return g_steal_pointer (&session);
}

static char *
join_url (const char *base,
          const char *path)
{
  gsize length = strlen (base);

  while (length > 0 && base[length - 1] == '/')
    length--;
  return g_strdup_printf ("%.*s%s", (int) length, base, path);
}

/* An error from a non-2xx answer: its "error" and "message". */
static void
set_answer_error (GError      **error,
                  guint         status,
                  JsonObject   *answer)
{
  const char *code = answer != NULL ? json_object_get_string_member_with_default (answer, "error", "") : "";
  const char *message = answer != NULL ? json_object_get_string_member_with_default (answer, "message", "") : "";

  if (g_strcmp0 (code, "desk_revoked") == 0)
    g_set_error_literal (error, DD_SYNC_ERROR, DD_SYNC_ERROR_REVOKED,
                         _("The server has revoked this desk"));
  else if (status >= 500 || status == SOUP_STATUS_CONFLICT)
    g_set_error (error, DD_SYNC_ERROR, DD_SYNC_ERROR_NETWORK,
                 _("The server cannot take the request now (%u %s): %s"), status, code, message);
  else
    g_set_error (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SERVER,
                 _("The server refused the request (%u %s): %s"), status, code, message);
}

static JsonObject *
parse_answer (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SERVER,
                           _("The server’s answer is not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static SoupMessage *
new_message (const char *method,
             const char *url,
             const char *token,
             const char *body)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* An answer's "server_time" in Unix ms, 0 if it has none. */
static gint64
server_time_ms (JsonObject *answer)
{
  const char *text = json_object_get_string_member_with_default (answer, "server_time", NULL);
  g_autoptr(GDateTime) server = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (server == NULL)
    return 0;
  return g_date_time_to_unix (server) * 1000 + g_date_time_get_microsecond (server) / 1000;
}

/* Server time minus our time, from an answer's "server_time". */
static gint64
clock_skew (JsonObject *answer)
{
  gint64 server = server_time_ms (answer);

  if (server == 0)
    return 0;
  return server - g_get_real_time () / 1000;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_get_int_member_with_default (object, name, 0);
}

static char *
member_json (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("null");
}

/* ---------------------------------------------------------------- store jobs */

static gpointer
load_state_job (DdStore   *store,
                gpointer   data,
                GError   **error)
{
  return dd_store_get_sync_state (store, error);
}

static gpointer
next_batch_job (DdStore   *store,
                gpointer   data,
                GError   **error)
{
  return dd_store_sync_next_batch (store, GPOINTER_TO_UINT (data), error);
}

/* An answer to store, with the strings its structs point into. */
typedef struct
{
  GArray     *acks;
  GArray     *changes;
  GArray     *conflicts;
  GPtrArray  *strings;
  DdSyncServerClock clock;
  DdIncidentRules *rules;
  guint       rebased;
} Answer;

static void
answer_free (Answer *answer)
{
  g_array_unref (answer->acks);
  g_array_unref (answer->changes);
  g_array_unref (answer->conflicts);
  g_ptr_array_unref (answer->strings);
  g_free (answer);
}

static Answer *
answer_new (void)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->acks = g_array_new (FALSE, TRUE, sizeof (DdSyncAck));
  answer->changes = g_array_new (FALSE, TRUE, sizeof (DdSyncChange));
  answer->conflicts = g_array_new (FALSE, TRUE, sizeof (DdSyncConflict));
  answer->strings = g_ptr_array_new_with_free_func (g_free);
  return answer;
}

/* Keeps @text alive as long as @answer. */
static const char *
keep (Answer *answer,
      char   *text)
{
  g_ptr_array_add (answer->strings, text);
  return text;
}

static gpointer
mark_sent_job (DdStore   *store,
               gpointer   data,
               GError   **error)
{
  if (!dd_store_sync_mark_sent (store, data, TRUE, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static gpointer
mark_queued_job (DdStore   *store,
                 gpointer   data,
                 GError   **error)
{
  if (!dd_store_sync_mark_sent (store, data, FALSE, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static gpointer
record_acks_job (DdStore   *store,
                 gpointer   data,
                 GError   **error)
{
  Answer *answer = data;

  if (!dd_store_sync_record_acks (store, (DdSyncAck *) answer->acks->data, answer->acks->len,
                                  (DdSyncConflict *) answer->conflicts->data, answer->conflicts->len,
                                  &answer->clock, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static gpointer
apply_page_job (DdStore   *store,
                gpointer   data,
                GError   **error)
{
  Answer *answer = data;

  if (!dd_store_sync_apply_page (store, answer->rules, (DdSyncChange *) answer->changes->data,
                                 answer->changes->len, (DdSyncConflict *) answer->conflicts->data,
                                 answer->conflicts->len, &answer->clock, &answer->rebased, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static gpointer
resync_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  if (!dd_store_sync_reset_for_resync (store, data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static gpointer
set_error_job (DdStore   *store,
               gpointer   data,
               GError   **error)
{
  if (!dd_store_sync_set_error (store, data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

/* ---------------------------------------------------------------- round */

static Round *
task_round (GTask *task)
{
  return g_task_get_task_data (task);
}

static void
fail_round (GTask  *task,
            GError *error)
{
  DdSyncClient *self = g_task_get_source_object (task);

  /* remembered for `dutyctl sync status`; its own failure is moot */
  if (task_round (task)->state != NULL)
    dd_store_service_run_async (self->service, set_error_job, g_strdup (error->message), g_free,
                                NULL, FALSE, NULL, NULL, NULL);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
finish_round (GTask *task)
{
  Round *round = task_round (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pushed");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, round->pushed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, GPOINTER_TO_INT (value));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), round->rejected));
  json_builder_set_member_name (builder, "pulled");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), round->pulled));
  json_builder_set_member_name (builder, "rebased");
  json_builder_add_int_value (builder, round->rebased);
  json_builder_set_member_name (builder, "resync");
  json_builder_add_boolean_value (builder, round->resynced);
  json_builder_set_member_name (builder, "clock_skew_ms");
  json_builder_add_int_value (builder, round->skew_ms);
  json_builder_set_member_name (builder, "clock_warning");
  json_builder_add_boolean_value (builder, ABS (round->skew_ms) > DD_SYNC_CLOCK_WARNING_MS);
  json_builder_end_object (builder);

  g_task_return_pointer (task, json_builder_get_root (builder), (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

/* The answer of a finished request as an object; %NULL after failing
 * the round, unless the status is 200 or @also_ok. */
static JsonObject *
take_answer (GObject      *source,
             GAsyncResult *result,
             GTask        *task,
             guint         also_ok,
             guint        *status)
{
  DdSyncClient *self = g_task_get_source_object (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      /* a push answer may be lost after the server committed: the same
       * batch goes again next time and acks as duplicate */
      g_prefix_error (&error, _("Cannot reach the server: "));
      error->domain = DD_SYNC_ERROR;
      error->code = DD_SYNC_ERROR_NETWORK;
      fail_round (task, error);
      return NULL;
    }
  *status = soup_message_get_status (msg);
  reply = parse_answer (body, NULL);
  if (reply == NULL || (*status != SOUP_STATUS_OK && *status != also_ok))
    {
      if (*status == SOUP_STATUS_UNAUTHORIZED)
        g_clear_pointer (&self->token, g_free);
      set_answer_error (&error, *status, reply);
      fail_round (task, error);
      return NULL;
    }
  return g_steal_pointer (&reply);
}

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  guint status = 0;

  if ((answer = take_answer (source, result, task, SOUP_STATUS_OK, &status)) == NULL)
    return;
  g_free (self->token);
  self->token = g_strdup (json_object_get_string_member_with_default (answer, "access_token", ""));
  self->token_expires_us = g_get_monotonic_time () + member_int (answer, "expires_in") * G_USEC_PER_SEC;
  task_round (task)->skew_ms = clock_skew (answer);
  push_next (task);
}

static void
on_secret_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GError *error = NULL;

  if ((secret = dd_sync_secret_load_finish (result, &error)) == NULL)
    {
      fail_round (task, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "desk_id");
  json_builder_add_string_value (builder, round->state->desk_id);
  json_builder_set_member_name (builder, "desk_secret");
  json_builder_add_string_value (builder, secret);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  url = join_url (round->state->server_url, "/v1/token");
  msg = new_message ("POST", url, NULL, body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_token_cb, task);
}

static void
get_token (GTask *task)
{
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);

  if (self->token != NULL && g_get_monotonic_time () + TOKEN_MARGIN_US < self->token_expires_us)
    {
      push_next (task);
      return;
    }
  /* the secret is read only to get a token */
  dd_sync_secret_load_async (round->state->secret_store, dd_store_service_get_path (self->service),
                             round->state->desk_id, g_task_get_cancellable (task), on_secret_cb, task);
}

static void
on_state_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);
  GError *error = NULL;

  round->state = dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error);
  if (round->state == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->session == NULL || g_strcmp0 (self->ca_file, round->state->ca_file) != 0)
    {
      g_clear_object (&self->session);
      self->session = new_session (round->state->ca_file, &error);
      if (self->session == NULL)
        {
          fail_round (task, error);
          return;
        }
      g_free (self->ca_file);
      self->ca_file = g_strdup (round->state->ca_file);
    }
  get_token (task);
}

static void
on_acks_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error) == NULL)
    {
      fail_round (task, error);
      return;
    }
  g_signal_emit (g_task_get_source_object (task), signals[RECEIPTS_CHANGED], 0);
  push_next (task);
}

static void
on_queued_again_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;

  /* left in flight otherwise: still sent again next time */
  if (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error) == NULL)
    g_warning ("Could not put unanswered ops back in the queue: %s", error->message);
  else
    g_signal_emit (self, signals[RECEIPTS_CHANGED], 0);
}

static void
count_pushed (Round      *round,
              const char *status)
{
  gpointer count = g_hash_table_lookup (round->pushed, status);

  g_hash_table_insert (round->pushed, g_strdup (status), GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
}

static void
on_pushed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);
  /* kept: failing the round may drop the task and its data */
  g_autoptr(DdSyncClient) kept = g_object_ref (self);
  g_autoptr(GPtrArray) ops = g_ptr_array_ref (g_object_get_data (G_OBJECT (task), "ops"));
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *acks;
  Answer *answer;
  guint status = 0;

  if ((reply = take_answer (source, result, task, SOUP_STATUS_OK, &status)) == NULL)
    {
      /* no answer to record: the batch waits in the queue again */
      dd_store_service_run_async (self->service, mark_queued_job, g_ptr_array_ref (ops),
                                  (GDestroyNotify) g_ptr_array_unref, NULL, FALSE, NULL,
                                  on_queued_again_cb, g_object_ref (self));
      return;
    }

  answer = answer_new ();
  acks = json_object_get_array_member (reply, "acks");
  for (guint i = 0; acks != NULL && i < json_array_get_length (acks); i++)
    {
      JsonObject *ack = json_array_get_object_element (acks, i);
      const DdOutboxOp *op = i < ops->len ? g_ptr_array_index (ops, i) : NULL;
      DdSyncAck entry = { 0 };
      JsonArray *conflicts = json_object_has_member (ack, "conflicts")
                             ? json_object_get_array_member (ack, "conflicts") : NULL;

      if (op == NULL)
        break;
      entry.op_id = keep (answer, g_strdup (json_object_get_string_member_with_default (ack, "op_id", "")));
      entry.status = keep (answer, g_strdup (json_object_get_string_member_with_default (ack, "status", "")));
      entry.server_seq = member_int (ack, "server_seq");
      entry.result = keep (answer, json_to_string (json_array_get_element (acks, i), FALSE));
      g_array_append_val (answer->acks, entry);
      count_pushed (round, entry.status);
      if (g_str_equal (entry.status, "rejected"))
        {
          JsonObject *rejected = json_object_new ();

          json_object_set_string_member (rejected, "op_id", entry.op_id);
          json_object_set_string_member (rejected, "record_kind", op->record_kind);
          json_object_set_string_member (rejected, "record_id", op->record_id);
          json_object_set_string_member (rejected, "reason",
                                         json_object_get_string_member_with_default (ack, "reason", ""));
          json_object_set_string_member (rejected, "detail",
                                         json_object_get_string_member_with_default (ack, "detail", ""));
          json_array_add_object_element (round->rejected, rejected);
        }
      for (guint j = 0; conflicts != NULL && j < json_array_get_length (conflicts); j++)
        {
          JsonObject *c = json_array_get_object_element (conflicts, j);
          gboolean mine = g_strcmp0 (json_object_get_string_member_with_default (c, "winner", ""), "mine") == 0;
          const char *other = json_object_get_string_member_with_default (c, "other_desk", "");
          DdSyncConflict conflict = { 0 };

          conflict.id = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "id", "")));
          conflict.record_kind = keep (answer, g_strdup (op->record_kind));
          conflict.record_id = keep (answer, g_strdup (op->record_id));
          conflict.field = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "field", "")));
          conflict.winner_value = keep (answer, member_json (c, mine ? "mine" : "theirs"));
          conflict.loser_value = keep (answer, member_json (c, mine ? "theirs" : "mine"));
          conflict.winner_desk = keep (answer, g_strdup (mine ? round->state->desk_id : other));
          conflict.loser_desk = keep (answer, g_strdup (mine ? other : round->state->desk_id));
          conflict.server_seq = entry.server_seq;
          g_array_append_val (answer->conflicts, conflict);
        }
    }
  round->skew_ms = clock_skew (reply);
  answer->clock.hlc = (DdHlc) member_int (reply, "hlc");
  answer->clock.skew_ms = round->skew_ms;
  /* one time per batch: when the server accepted each op of it */
  answer->clock.server_time_ms = server_time_ms (reply);
  dd_store_service_run_async (self->service, record_acks_job, answer, (GDestroyNotify) answer_free,
                              NULL, TRUE, g_task_get_cancellable (task), on_acks_stored_cb, task);
}

static void
on_marked_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;

  if (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error) == NULL)
    {
      fail_round (task, error);
      return;
    }
  g_signal_emit (self, signals[RECEIPTS_CHANGED], 0);

  url = join_url (task_round (task)->state->server_url, "/v1/push");
  msg = new_message ("POST", url, self->token, g_object_get_data (G_OBJECT (task), "body"));
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_pushed_cb, task);
}

static void
on_batch_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  GError *error = NULL;

  ops = dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error);
  if (ops == NULL)
    {
      fail_round (task, error);
      return;
    }
  if (ops->len == 0)
    {
      pull_next (task);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, DD_SYNC_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "desk_id");
  json_builder_add_string_value (builder, round->state->desk_id);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ops->len; i++)
    {
      const DdOutboxOp *op = g_ptr_array_index (ops, i);
      DdSyncOp wire = {
        .op_id = op->op_id, .desk_seq = op->seq, .op = op->op, .record_kind = op->record_kind,
        .record_id = op->record_id, .base_ver = op->base_ver, .hlc = op->hlc, .payload = op->payload,
        .owner_unit = op->owner_unit,
      };
      JsonNode *node = dd_sync_op_to_json (&wire, &error);

      if (node == NULL)
        {
          g_prefix_error (&error, _("Outbox op %lld: "), (long long) op->seq);
          fail_round (task, error);
          return;
        }
      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  /* in flight (kept so across a crash) before it goes */
  g_object_set_data_full (G_OBJECT (task), "body", g_steal_pointer (&body), g_free);
  dd_store_service_run_async (self->service, mark_sent_job, g_ptr_array_ref (ops),
                              (GDestroyNotify) g_ptr_array_unref, NULL, FALSE,
                              g_task_get_cancellable (task), on_marked_sent_cb, task);
  g_object_set_data_full (G_OBJECT (task), "ops", g_steal_pointer (&ops), (GDestroyNotify) g_ptr_array_unref);
}

static void
push_next (GTask *task)
{
  DdSyncClient *self = g_task_get_source_object (task);

  dd_store_service_run_async (self->service, next_batch_job, GUINT_TO_POINTER (self->batch_size), NULL,
                              (GDestroyNotify) g_ptr_array_unref, FALSE,
                              g_task_get_cancellable (task), on_batch_cb, task);
}

static void
on_resynced_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = task_round (task);
  GError *error = NULL;

  if (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error) == NULL)
    {
      fail_round (task, error);
      return;
    }
  g_clear_pointer (&round->state->cursor, g_free);
  round->state->cursor = g_strdup ("");
  push_next (task);
}

static void
on_page_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = task_round (task);
  Answer *answer = g_object_get_data (G_OBJECT (task), "page");
  gboolean more = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "more"));
  GError *error = NULL;

  if (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error) == NULL)
    {
      fail_round (task, error);
      return;
    }
  round->rebased += answer->rebased;
  g_free (round->state->cursor);
  round->state->cursor = g_strdup (answer->clock.cursor);
  g_object_set_data (G_OBJECT (task), "page", NULL);
  if (more)
    pull_next (task);
  else
    finish_round (task);
}

static void
on_pulled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *changes;
  Answer *answer;
  guint status = 0;
  GCancellable *poll = g_steal_pointer (&self->poll);

  /* a held poll ended early by dd_sync_client_wake(): the round is done */
  if (poll != NULL && g_cancellable_is_cancelled (poll) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GBytes) ignored = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

      g_object_unref (poll);
      finish_round (task);
      return;
    }
  g_clear_object (&poll);
  if ((reply = take_answer (source, result, task, round->resynced ? SOUP_STATUS_OK : SOUP_STATUS_GONE,
                            &status)) == NULL)
    return;
  if (status == SOUP_STATUS_GONE)
    {
      /* a recreated or restored server: download again, push again */
      round->resynced = TRUE;
      dd_store_service_run_async (self->service, resync_job,
                                  g_strdup (json_object_get_string_member_with_default (reply, "server_epoch", "")),
                                  g_free, NULL, TRUE, g_task_get_cancellable (task), on_resynced_cb, task);
      return;
    }

  answer = answer_new ();
  answer->rules = self->rules;
  changes = json_object_get_array_member (reply, "changes");
  for (guint i = 0; changes != NULL && i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      JsonArray *conflicts = json_object_has_member (c, "conflicts")
                             ? json_object_get_array_member (c, "conflicts") : NULL;
      JsonObject *summary = json_object_new ();
      DdSyncChange change = { 0 };

      change.server_seq = member_int (c, "server_seq");
      change.record_kind = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "record_kind", "")));
      change.record_id = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "record_id", "")));
      change.owner_unit = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "owner_unit", "")));
      change.op = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "op", "")));
      change.desk_id = keep (answer, g_strdup (json_object_get_string_member_with_default (c, "desk_id", "")));
      change.fields = keep (answer, member_json (c, "fields"));
      change.ver = member_int (c, "ver");
      change.hlc = (DdHlc) member_int (c, "hlc");
      change.deleted = json_object_get_boolean_member_with_default (c, "deleted", FALSE);
      g_array_append_val (answer->changes, change);

      json_object_set_int_member (summary, "server_seq", change.server_seq);
      json_object_set_string_member (summary, "record_kind", change.record_kind);
      json_object_set_string_member (summary, "record_id", change.record_id);
      json_object_set_string_member (summary, "owner_unit", change.owner_unit);
      json_object_set_string_member (summary, "op", change.op);
      json_object_set_int_member (summary, "ver", change.ver);
      json_array_add_object_element (round->pulled, summary);

      for (guint j = 0; conflicts != NULL && j < json_array_get_length (conflicts); j++)
        {
          JsonObject *k = json_array_get_object_element (conflicts, j);
          DdSyncConflict conflict = { 0 };

          conflict.id = keep (answer, g_strdup (json_object_get_string_member_with_default (k, "id", "")));
          conflict.record_kind = change.record_kind;
          conflict.record_id = change.record_id;
          conflict.field = keep (answer, g_strdup (json_object_get_string_member_with_default (k, "field", "")));
          conflict.winner_value = keep (answer, member_json (k, "winner_value"));
          conflict.loser_value = keep (answer, member_json (k, "loser_value"));
          conflict.winner_desk = keep (answer, g_strdup (json_object_get_string_member_with_default (k, "winner_desk", "")));
          conflict.loser_desk = keep (answer, g_strdup (json_object_get_string_member_with_default (k, "loser_desk", "")));
          conflict.server_seq = change.server_seq;
          g_array_append_val (answer->conflicts, conflict);
        }
    }
  round->skew_ms = clock_skew (reply);
  answer->clock.hlc = (DdHlc) member_int (reply, "hlc");
  answer->clock.skew_ms = round->skew_ms;
  answer->clock.epoch = keep (answer, g_strdup (json_object_get_string_member_with_default (reply, "server_epoch", "")));
  answer->clock.cursor = keep (answer, g_strdup (json_object_get_string_member_with_default (reply, "cursor", "")));

  g_object_set_data (G_OBJECT (task), "more",
                     GINT_TO_POINTER (json_object_get_boolean_member_with_default (reply, "more", FALSE)));
  /* the task keeps the page until it is stored; the job only borrows it */
  g_object_set_data_full (G_OBJECT (task), "page", answer, (GDestroyNotify) answer_free);
  dd_store_service_run_async (self->service, apply_page_job, answer, NULL, NULL, TRUE,
                              g_task_get_cancellable (task), on_page_stored_cb, task);
}

static void
pull_next (GTask *task)
{
  DdSyncClient *self = g_task_get_source_object (task);
  Round *round = task_round (task);
  g_autoptr(GString) path = g_string_new ("/v1/pull?limit=");
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint wait = self->wake ? 0 : round->wait;

  /* A held poll has a cancellable of its own, so that waking ends the
   * poll and not the round. */
  self->wake = FALSE;
  g_clear_object (&self->poll);
  if (wait > 0)
    cancellable = self->poll = g_cancellable_new ();
  g_string_append_printf (path, "%u&wait=%u", self->batch_size, wait);
  if (round->state->cursor != NULL && *round->state->cursor != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (round->state->cursor, NULL, FALSE);

      g_string_append_printf (path, "&cursor=%s", escaped);
    }
  url = join_url (round->state->server_url, path->str);
  msg = new_message ("GET", url, self->token, NULL);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_pulled_cb, task);
}

static void
start_round (DdSyncClient        *self,
             guint                wait,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Round *round = g_new0 (Round, 1);

  g_task_set_source_tag (task, dd_sync_client_sync_async);
  round->wait = wait;
  round->pushed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  round->rejected = json_array_new ();
  round->pulled = json_array_new ();
  g_task_set_task_data (task, round, (GDestroyNotify) round_free);
  dd_store_service_run_async (self->service, load_state_job, NULL, NULL,
                              (GDestroyNotify) dd_sync_state_free, FALSE, cancellable,
                              on_state_loaded_cb, task);
}

/* ---------------------------------------------------------------- run */

typedef struct
{
  guint  wait;
  guint  backoff;
  guint  timer;
  gulong cancel_id;
} Run;

/* Ends a run other than from its cancellable's handler; @error %NULL
 * when it was cancelled. */
static void
end_run (GTask  *task,
         GError *error)
{
  DdSyncClient *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  self->run = NULL;
  g_cancellable_disconnect (g_task_get_cancellable (task), run->cancel_id);
  run->cancel_id = 0;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_error_if_cancelled (task);
  g_object_unref (task);
}

static void run_round (GTask *task);

static gboolean
on_backoff_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->timer = 0;
  run_round (task);
  return G_SOURCE_REMOVE;
}

static void
on_run_round_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncClient *self = DD_SYNC_CLIENT (source);
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;

  report = dd_sync_client_sync_finish (self, result, &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      end_run (task, NULL);
      return;
    }
  if (report != NULL)
    {
      run->backoff = 0;
      g_signal_emit (self, signals[ROUND_DONE], 0, report);
      run_round (task);
      return;
    }
  if (g_error_matches (error, DD_SYNC_ERROR, DD_SYNC_ERROR_REVOKED) ||
      g_error_matches (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET) ||
      error->domain == DD_STORE_ERROR)
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }
  /* offline or refused for now: jittered exponential backoff */
  run->backoff = run->backoff == 0 ? 1 : MIN (run->backoff * 2, MAX_BACKOFF_SECONDS);
  g_debug ("sync: %s; again in about %u s", error->message, run->backoff);
  g_signal_emit (self, signals[ROUND_FAILED], 0, error, run->backoff);
  run->timer = g_timeout_add ((guint) g_random_int_range ((gint32) run->backoff * 500,
                                                          (gint32) run->backoff * 1000 + 1),
                              on_backoff_done_cb, task);
}

static void
on_run_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  DdSyncClient *self = g_task_get_source_object (task);

  /* a held poll has a cancellable of its own */
  if (self->poll != NULL)
    g_cancellable_cancel (self->poll);
  /* waiting out a backoff: end now */
  if (run->timer != 0)
    {
      self->run = NULL;
      g_clear_handle_id (&run->timer, g_source_remove);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
}

static void
run_round (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  start_round (g_task_get_source_object (task), run->wait, g_task_get_cancellable (task),
               on_run_round_cb, task);
}

/* ---------------------------------------------------------------- vfuncs */

static void
dd_sync_client_finalize (GObject *object)
{
  DdSyncClient *self = DD_SYNC_CLIENT (object);

  g_clear_object (&self->poll);
  g_clear_object (&self->session);
  g_clear_object (&self->service);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_free (self->ca_file);
  g_free (self->token);

  G_OBJECT_CLASS (dd_sync_client_parent_class)->finalize (object);
}

static void
dd_sync_client_class_init (DdSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_sync_client_finalize;

  /**
   * DdSyncClient::round-done:
   * @report: the round's report (a JSON object, see sync_async)
   */
  signals[ROUND_DONE] = g_signal_new ("round-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);

  /**
   * DdSyncClient::round-failed:
   * @error: why the round failed (the server cannot be reached, or refused)
   * @backoff: about how many seconds until the next round
   *
   * Emitted by a run when it backs off after a failed round.
   */
  signals[ROUND_FAILED] = g_signal_new ("round-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_UINT);

  /**
   * DdSyncClient::receipts-changed:
   *
   * Emitted when ops changed state on their way to the server: a batch
   * sent, its answer stored, or an unanswered batch queued again (see
   * dd_store_sync_get_receipt()).
   */
  signals[RECEIPTS_CHANGED] = g_signal_new ("receipts-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dd_sync_client_init (DdSyncClient *self)
{
}

/* ---------------------------------------------------------------- public */

DdSyncClient *
dd_sync_client_new (DdStoreService  *service,
                    DdIncidentRules *rules)
{
  DdSyncClient *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  self = g_object_new (DD_TYPE_SYNC_CLIENT, NULL);
  self->service = g_object_ref (service);
  self->rules = rules != NULL ? dd_incident_rules_ref (rules) : NULL;
  self->batch_size = DD_SYNC_MAX_BATCH;
  return self;
}

void
dd_sync_client_set_batch_size (DdSyncClient *self,
                               guint         batch_size)
{
  g_return_if_fail (DD_IS_SYNC_CLIENT (self));
  g_return_if_fail (batch_size >= 1 && batch_size <= DD_SYNC_MAX_BATCH);

  self->batch_size = batch_size;
}

void
dd_sync_client_sync_async (DdSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DD_IS_SYNC_CLIENT (self));

  start_round (self, 0, cancellable, callback, user_data);
}

JsonNode *
dd_sync_client_sync_finish (DdSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dd_sync_client_run_async (DdSyncClient        *self,
                          guint                wait,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (DD_IS_SYNC_CLIENT (self));
  g_return_if_fail (self->run == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_sync_client_run_async);
  run = g_new0 (Run, 1);
  run->wait = wait;
  g_task_set_task_data (task, run, g_free);
  self->run = task;
  if (cancellable != NULL)
    run->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_run_cancelled_cb), task, NULL);
  run_round (task);
}

void
dd_sync_client_wake (DdSyncClient *self)
{
  Run *run;

  g_return_if_fail (DD_IS_SYNC_CLIENT (self));

  if (self->run == NULL)
    return;
  run = g_task_get_task_data (self->run);
  if (run->timer != 0)
    {
      g_clear_handle_id (&run->timer, g_source_remove);
      run_round (self->run);
    }
  else if (self->poll != NULL)
    g_cancellable_cancel (self->poll);
  else
    self->wake = TRUE;
}

gboolean
dd_sync_client_run_finish (DdSyncClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dd_sync_enrol (DdStore     *store,
               const char  *db_path,
               const char  *server_url,
               const char  *code,
               const char  *ca_file,
               GError     **error)
{
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DdSyncState) state = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *url = NULL;
  const char *desk_id, *secret, *store_kind;

  if (!g_str_has_prefix (server_url, "http://") && !g_str_has_prefix (server_url, "https://"))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("“%s” is not an http:// or https:// address"), server_url);
      return FALSE;
    }
  if ((desk = dd_store_get_desk (store, error)) == NULL)
    return FALSE;
  state = dd_store_get_sync_state (store, &local_error);
  if (state != NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED,
                   _("This desk is enrolled already (desk %s at %s)"), state->desk_id, state->server_url);
      return FALSE;
    }
  if (!g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if ((session = new_session (ca_file, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "desk_unit");
  json_builder_add_string_value (builder, dd_desk_get_unit_code (desk));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  request = json_to_string (root, FALSE);
  url = join_url (server_url, "/v1/enrol");
  msg = new_message ("POST", url, NULL, request);
  body = soup_session_send_and_read (session, msg, NULL, error);
  if (body == NULL)
    {
      g_prefix_error (error, _("Cannot reach the server: "));
      return FALSE;
    }
  reply = parse_answer (body, error);
  if (reply == NULL)
    return FALSE;
  if (soup_message_get_status (msg) == SOUP_STATUS_FORBIDDEN &&
      g_strcmp0 (json_object_get_string_member_with_default (reply, "error", ""), "enrolment_refused") == 0)
    {
      /* Translators: the desk's unit code, then the server's reason (in English) */
      g_set_error (error, DD_SYNC_ERROR, DD_SYNC_ERROR_ENROLMENT_REFUSED,
                   _("The server refused the enrolment code for this desk’s unit %s: %s"),
                   dd_desk_get_unit_code (desk),
                   json_object_get_string_member_with_default (reply, "message", ""));
      return FALSE;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      set_answer_error (error, soup_message_get_status (msg), reply);
      return FALSE;
    }
  desk_id = json_object_get_string_member_with_default (reply, "desk_id", "");
  secret = json_object_get_string_member_with_default (reply, "desk_secret", "");
  if (strlen (desk_id) != 36 || strlen (secret) != 64)
    {
      g_set_error_literal (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SERVER,
                           _("The server’s enrolment answer lacks the desk id or secret"));
      return FALSE;
    }
  /* The secret first: a desk recorded as enrolled can always sign in. */
  if ((store_kind = dd_sync_secret_save (db_path, desk_id, secret, error)) == NULL)
    return FALSE;
  if (!dd_store_set_sync_enrolment (store, server_url, desk_id, dd_desk_get_unit_code (desk),
                                    json_object_get_string_member_with_default (reply, "server_epoch", ""),
                                    ca_file, store_kind, error))
    {
      dd_sync_secret_forget (store_kind, db_path, desk_id);
      return FALSE;
    }
  return TRUE;
}

/* dd-server.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-server.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <glib-unix.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "dd-server-private.h"
#include "dd-sync-codec.h"
#include "dd-uuid.h"

#define MAX_JSON_DEPTH 32
#define PULL_DEFAULT_LIMIT 500
#define PULL_MAX_LIMIT 1000
#define PULL_MAX_WAIT 60
#define LISTEN_RETRY_SECONDS 2
#define START_TIME_KEY "dd-server-start-us"

/* Upper bounds of the latency histogram, in seconds. */
static const double latency_buckets[] = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };

struct _DdServer
{
  GObject     parent_instance;

  DdServerDb *db;
  SoupServer *soup;
  char       *conninfo;
  char       *hmac_key;

  /* LISTEN dd_changes: every server process on the database is told when
   * a push commits, and wakes its long-polling pulls. */
  PGconn     *listen_conn;
  guint       listen_source;
  guint       listen_retry;
  GQueue      waiters;
  DdServerPushCounts push_counts;
  gsize       max_body;
  gboolean    log_requests;

  /* "path code" → guint64 count */
  GHashTable *requests;
  guint64     latency_counts[G_N_ELEMENTS (latency_buckets) + 1];
  double      latency_sum;
  guint64     latency_count;
};

G_DEFINE_FINAL_TYPE (DdServer, dd_server, G_TYPE_OBJECT)

/* A pull held open until a change in its scope commits or its time is up. */
typedef struct
{
  DdServer          *server;
  SoupServerMessage *msg;
  char              *desk_id;
  char              *unit;
  char              *cursor;
  guint              limit;
  guint              timeout_id;
  gulong             finished_id;
  GList             *link;
} Waiter;

static void start_listening (DdServer *self);

/* ---------------------------------------------------------------- helpers */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *text = json_to_string (root, FALSE);

  length = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  respond_json (msg, status, builder);
}

static void
respond_database_error (SoupServerMessage *msg,
                        const GError      *error)
{
  g_warning ("database: %s", error->message);
  respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                 "The database cannot be reached; retry later.");
}

/* The nesting depth of JSON text, strings skipped. */
static guint
json_depth (const char *text,
            gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0, max_depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        max_depth = MAX (max_depth, ++depth);
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return max_depth;
}

/* The request body as a JSON object, or %NULL after answering 400/413. */
static JsonObject *
read_json_body (DdServer          *self,
                SoupServerMessage *msg,
                JsonParser        *parser)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  JsonNode *root;

  data = g_bytes_get_data (bytes, &length);
  if (length > self->max_body)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                     "The request body is larger than the server accepts.");
      return NULL;
    }
  if (length == 0 || !g_utf8_validate (data, length, NULL) ||
      json_depth (data, length) > MAX_JSON_DEPTH ||
      !json_parser_load_from_data (parser, data, length, &error) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json",
                     "The request body is not a JSON object.");
      return NULL;
    }
  return json_node_get_object (root);
}

/* A string member, or %NULL after answering 400. */
static const char *
get_string_member (SoupServerMessage *msg,
                   JsonObject        *object,
                   const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *message = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  message = g_strdup_printf ("The member “%s” must be a string.", name);
  respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
  return NULL;
}

static char *
base64url (const guchar *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  for (char *end = text + strlen (text); end > text && end[-1] == '='; end--)
    end[-1] = '\0';
  return text;
}

static char *
make_token (DdServer   *self,
            const char *desk_id,
            const char *unit,
            gint64      expires)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *signed_part = NULL;
  g_autofree char *mac = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "desk");
  json_builder_add_string_value (builder, desk_id);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit);
  json_builder_set_member_name (builder, "exp");
  json_builder_add_int_value (builder, expires);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  encoded = base64url ((const guchar *) payload, strlen (payload));
  signed_part = g_strconcat ("v1.", encoded, NULL);
  mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->hmac_key,
                                   strlen (self->hmac_key), signed_part, -1);
  return g_strconcat (signed_part, ".", mac, NULL);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* qsort hands pointers to the elements */
static int
compare_keys (const void *a,
              const void *b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static const char *
path_label (const char *path)
{
  static const char * const known[] = { "/v1/health", "/v1/enrol", "/v1/token", "/v1/push",
                                        "/v1/pull", "/metrics" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (path, known[i]) == 0)
      return known[i];
  return "other";
}

/* ---------------------------------------------------------------- handlers */

static void
handle_health (DdServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) row = dd_server_db_exec (self->db, "health", 0, NULL, &error);

  json_builder_begin_object (builder);
  if (row == NULL)
    {
      g_warning ("health: %s", error->message);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, "unavailable");
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, "The database cannot be reached.");
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "error");
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, "unavailable");
      json_builder_end_object (builder);
      respond_json (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
      return;
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (row, 0, 0), NULL, 10));
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, DD_SYNC_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "server_epoch");
  json_builder_add_string_value (builder, PQgetvalue (row, 0, 1));
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_OK, builder);
}

static void
handle_enrol (DdServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) code_row = NULL;
  g_autoptr(PGresult) health = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *desk_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *secret_hash = NULL;
  const char *code, *desk_unit;
  const char *params[3];
  JsonObject *request;

  if ((request = read_json_body (self, msg, parser)) == NULL ||
      (code = get_string_member (msg, request, "code")) == NULL ||
      (desk_unit = get_string_member (msg, request, "desk_unit")) == NULL)
    return;

  hash = dd_server_hash_enrol_code (code);
  if (!dd_server_db_begin (self->db, &error))
    goto database_error;
  params[0] = hash;
  code_row = dd_server_db_exec (self->db, "code_lock", 1, params, &error);
  if (code_row == NULL)
    goto database_error;
  if (PQntuples (code_row) == 0 ||
      g_strcmp0 (PQgetvalue (code_row, 0, 1), "t") == 0 ||
      g_strcmp0 (PQgetvalue (code_row, 0, 2), "t") == 0 ||
      g_strcmp0 (PQgetvalue (code_row, 0, 0), desk_unit) != 0)
    {
      const char *why = "The enrolment code is unknown.";

      if (PQntuples (code_row) > 0)
        {
          if (g_strcmp0 (PQgetvalue (code_row, 0, 1), "t") == 0)
            why = "The enrolment code has been used already.";
          else if (g_strcmp0 (PQgetvalue (code_row, 0, 2), "t") == 0)
            why = "The enrolment code has expired.";
          else
            why = "The enrolment code is for another unit.";
        }
      dd_server_db_rollback (self->db);
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "enrolment_refused", why);
      return;
    }

  desk_id = dd_uuid7_new (g_get_real_time () / 1000);
  secret = dd_server_random_hex (32);
  secret_hash = dd_server_sha256 (secret);
  params[0] = desk_id;
  params[1] = desk_unit;
  params[2] = secret_hash;
  {
    g_autoptr(PGresult) inserted = dd_server_db_exec (self->db, "desk_insert", 3, params, &error);
    g_autoptr(PGresult) used = NULL;

    if (inserted == NULL)
      goto database_error;
    params[0] = hash;
    params[1] = desk_id;
    used = dd_server_db_exec (self->db, "code_use", 2, params, &error);
    if (used == NULL)
      goto database_error;
  }
  if (!dd_server_db_commit (self->db, &error))
    goto database_error;

  health = dd_server_db_exec (self->db, "health", 0, NULL, NULL);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "desk_id");
  json_builder_add_string_value (builder, desk_id);
  json_builder_set_member_name (builder, "desk_secret");
  json_builder_add_string_value (builder, secret);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, desk_unit);
  json_builder_set_member_name (builder, "server_epoch");
  json_builder_add_string_value (builder, health != NULL ? PQgetvalue (health, 0, 1) : "");
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_OK, builder);
  return;

database_error:
  dd_server_db_rollback (self->db);
  respond_database_error (msg, error);
}

static void
handle_token (DdServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) desk = NULL;
  g_autoptr(PGresult) seen = NULL;
  g_autoptr(PGresult) path = NULL;
  g_autofree char *secret_hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires_at = NULL;
  g_autofree char *now_text = NULL;
  const char *desk_id, *secret, *unit;
  const char *params[1];
  JsonObject *request;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if ((request = read_json_body (self, msg, parser)) == NULL ||
      (desk_id = get_string_member (msg, request, "desk_id")) == NULL ||
      (secret = get_string_member (msg, request, "desk_secret")) == NULL)
    return;

  if (!dd_uuid_is_valid (desk_id))
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials",
                     "Unknown desk or wrong secret.");
      return;
    }
  params[0] = desk_id;
  desk = dd_server_db_exec (self->db, "desk_get", 1, params, &error);
  if (desk == NULL)
    {
      respond_database_error (msg, error);
      return;
    }
  secret_hash = dd_server_sha256 (secret);
  if (PQntuples (desk) == 0 || g_strcmp0 (PQgetvalue (desk, 0, 1), secret_hash) != 0)
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials",
                     "Unknown desk or wrong secret.");
      return;
    }
  if (g_strcmp0 (PQgetvalue (desk, 0, 2), "t") == 0)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "desk_revoked", "This desk has been revoked.");
      return;
    }
  unit = PQgetvalue (desk, 0, 0);

  seen = dd_server_db_exec (self->db, "desk_seen", 1, params, &error);
  params[0] = unit;
  if (seen == NULL || (path = dd_server_db_exec (self->db, "unit_path", 1, params, &error)) == NULL)
    {
      respond_database_error (msg, error);
      return;
    }

  token = make_token (self, desk_id, unit, now + DD_SERVER_TOKEN_LIFETIME);
  expires_at = format_time (now + DD_SERVER_TOKEN_LIFETIME);
  now_text = format_time (now);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, DD_SERVER_TOKEN_LIFETIME);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_set_member_name (builder, "desk_id");
  json_builder_add_string_value (builder, desk_id);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit);
  json_builder_set_member_name (builder, "unit_path");
  json_builder_begin_array (builder);
  for (int i = 0; i < PQntuples (path); i++)
    json_builder_add_string_value (builder, PQgetvalue (path, i, 0));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now_text);
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_OK, builder);
}

/* The token's desk and unit, or FALSE after answering 401/403/503. */
static gboolean
authenticate (DdServer           *self,
              SoupServerMessage  *msg,
              char              **desk_id,
              char              **unit)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");
  const char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = header + 7;
  if (dd_server_check_token (self, token, g_get_real_time () / G_USEC_PER_SEC, desk_id, unit, &error))
    return TRUE;
  if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_REVOKED))
    respond_error (msg, SOUP_STATUS_FORBIDDEN, "desk_revoked", "This desk has been revoked.");
  else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_DATABASE))
    respond_database_error (msg, error);
  else
    respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "A valid access token is needed.");
  return FALSE;
}

static void
respond_resync (SoupServerMessage *msg,
                const char        *epoch)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, "resync_required");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "The cursor is from another server epoch: download again.");
  json_builder_set_member_name (builder, "server_epoch");
  json_builder_add_string_value (builder, epoch != NULL ? epoch : "");
  json_builder_end_object (builder);
  respond_json (msg, SOUP_STATUS_GONE, builder);
}

static void
respond_node (SoupServerMessage *msg,
              JsonNode          *root)
{
  char *text = json_to_string (root, FALSE);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
handle_push (DdServer          *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_id = NULL;
  g_autofree char *unit = NULL;
  JsonObject *request;
  gint64 last_seq = 0;

  if (!authenticate (self, msg, &desk_id, &unit) ||
      (request = read_json_body (self, msg, parser)) == NULL)
    return;

  answer = dd_server_push (self->db, desk_id, unit, request, &self->push_counts, &last_seq, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_PROTOCOL))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "schema_version", error->message);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_OUT_OF_SCOPE))
        respond_error (msg, SOUP_STATUS_FORBIDDEN, "out_of_scope", error->message);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_BUSY))
        respond_error (msg, SOUP_STATUS_CONFLICT, "push_in_progress", error->message);
      else
        respond_database_error (msg, error);
      return;
    }
  respond_node (msg, answer);
}

/* A query parameter as an integer in [min, max], @fallback when absent;
 * FALSE after answering 400. */
static gboolean
query_uint (SoupServerMessage *msg,
            GHashTable        *query,
            const char        *name,
            guint              min,
            guint              max,
            guint              fallback,
            guint             *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 number = 0;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    {
      g_autofree char *message = g_strdup_printf ("“%s” must be an integer from %u to %u.",
                                                  name, min, max);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

static void
waiter_free (Waiter *waiter)
{
  DdServer *self = waiter->server;

  if (waiter->link != NULL)
    g_queue_delete_link (&self->waiters, waiter->link);
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  g_clear_signal_handler (&waiter->finished_id, waiter->msg);
  g_object_unref (waiter->msg);
  g_free (waiter->desk_id);
  g_free (waiter->unit);
  g_free (waiter->cursor);
  g_free (waiter);
}

/* Answers @msg with the page after @cursor. Returns FALSE (and answers
 * nothing) when the page is empty and @final is FALSE; *@cursor then
 * becomes the page's cursor, so changes outside the scope are skipped once. */
static gboolean
answer_pull (DdServer           *self,
             SoupServerMessage  *msg,
             const char         *unit,
             char              **cursor,
             guint               limit,
             gboolean            final)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *epoch = NULL;
  guint n_changes = 0;

  page = dd_server_pull (self->db, unit, *cursor, limit, &n_changes, &epoch, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_RESYNC))
        respond_resync (msg, epoch);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
      else
        respond_database_error (msg, error);
      return TRUE;
    }
  if (n_changes == 0 && !final)
    {
      g_free (*cursor);
      *cursor = g_strdup (json_object_get_string_member (json_node_get_object (page), "cursor"));
      return FALSE;
    }
  respond_node (msg, page);
  return TRUE;
}

/* Answers a waiting pull if it has changes (or always when @final). */
static void
wake_waiter (Waiter   *waiter,
             gboolean  final)
{
  DdServer *self = waiter->server;
  g_autoptr(PGresult) desk = NULL;
  g_autoptr(GError) error = NULL;
  const char *params[1] = { waiter->desk_id };

  /* a revoked desk is stopped at once, even mid-wait */
  desk = dd_server_db_exec (self->db, "push_desk", 1, params, &error);
  if (desk == NULL)
    respond_database_error (waiter->msg, error);
  else if (PQntuples (desk) == 0 || g_str_equal (PQgetvalue (desk, 0, 0), "t"))
    respond_error (waiter->msg, SOUP_STATUS_FORBIDDEN, "desk_revoked", "This desk has been revoked.");
  else if (!answer_pull (self, waiter->msg, waiter->unit, &waiter->cursor, waiter->limit, final))
    return;
  soup_server_message_unpause (waiter->msg);
  waiter_free (waiter);
}

static void
wake_waiters (DdServer *self)
{
  GList *link = self->waiters.head;

  while (link != NULL)
    {
      GList *next = link->next;

      wake_waiter (link->data, FALSE);
      link = next;
    }
}

static gboolean
on_waiter_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timeout_id = 0;
  wake_waiter (waiter, TRUE);
  return G_SOURCE_REMOVE;
}

/* The client went away while its pull was held. */
static void
on_waiter_finished_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  Waiter *waiter = user_data;

  waiter->finished_id = 0;
  waiter_free (waiter);
}

static void
handle_pull (DdServer          *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autofree char *desk_id = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *cursor = NULL;
  Waiter *waiter;
  guint limit, wait;

  if (!authenticate (self, msg, &desk_id, &unit) ||
      !query_uint (msg, query, "limit", 1, PULL_MAX_LIMIT, PULL_DEFAULT_LIMIT, &limit) ||
      !query_uint (msg, query, "wait", 0, PULL_MAX_WAIT, 0, &wait))
    return;
  cursor = g_strdup (query != NULL ? g_hash_table_lookup (query, "cursor") : NULL);
  if (cursor != NULL && *cursor == '\0')
    g_clear_pointer (&cursor, g_free);

  if (answer_pull (self, msg, unit, &cursor, limit, wait == 0))
    return;

  waiter = g_new0 (Waiter, 1);
  waiter->server = self;
  waiter->msg = g_object_ref (msg);
  waiter->desk_id = g_steal_pointer (&desk_id);
  waiter->unit = g_steal_pointer (&unit);
  waiter->cursor = g_steal_pointer (&cursor);
  waiter->limit = limit;
  waiter->timeout_id = g_timeout_add_seconds (wait, on_waiter_timeout_cb, waiter);
  waiter->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_waiter_finished_cb), waiter);
  g_queue_push_tail (&self->waiters, waiter);
  waiter->link = self->waiters.tail;
  soup_server_message_pause (msg);
}

static gboolean
on_listen_retry_cb (gpointer user_data)
{
  DdServer *self = user_data;

  self->listen_retry = 0;
  start_listening (self);
  return G_SOURCE_REMOVE;
}

static void
listen_failed (DdServer *self)
{
  g_warning ("LISTEN connection: %s", self->listen_conn != NULL ? PQerrorMessage (self->listen_conn) : "");
  self->listen_source = 0;
  g_clear_pointer (&self->listen_conn, PQfinish);
  if (self->listen_retry == 0)
    self->listen_retry = g_timeout_add_seconds (LISTEN_RETRY_SECONDS, on_listen_retry_cb, self);
  /* a change may have committed while nobody listened */
  wake_waiters (self);
}

static gboolean
on_listen_readable_cb (int          fd,
                       GIOCondition condition,
                       gpointer     user_data)
{
  DdServer *self = user_data;
  PGnotify *notify;
  gboolean woken = FALSE;

  if (!PQconsumeInput (self->listen_conn))
    {
      listen_failed (self);
      return G_SOURCE_REMOVE;
    }
  while ((notify = PQnotifies (self->listen_conn)) != NULL)
    {
      woken = TRUE;
      PQfreemem (notify);
    }
  if (woken)
    wake_waiters (self);
  return G_SOURCE_CONTINUE;
}

static void
start_listening (DdServer *self)
{
  g_autoptr(PGresult) result = NULL;

  self->listen_conn = PQconnectdb (self->conninfo);
  if (PQstatus (self->listen_conn) != CONNECTION_OK)
    {
      listen_failed (self);
      return;
    }
  result = PQexec (self->listen_conn, "LISTEN dd_changes");
  if (PQresultStatus (result) != PGRES_COMMAND_OK || PQsetnonblocking (self->listen_conn, 1) != 0)
    {
      listen_failed (self);
      return;
    }
  self->listen_source = g_unix_fd_add (PQsocket (self->listen_conn), G_IO_IN,
                                       on_listen_readable_cb, self);
}

static void
handle_metrics (DdServer          *self,
                SoupServerMessage *msg)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;
  GString *out = g_string_new (NULL);
  guint64 cumulative = 0;
  gsize length;

  keys = g_hash_table_get_keys_as_array (self->requests, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_keys);
  g_string_append (out,
                   "# HELP dd_http_requests_total HTTP requests answered, by path and status.\n"
                   "# TYPE dd_http_requests_total counter\n");
  for (guint i = 0; i < n_keys; i++)
    {
      const char *key = keys[i];
      const char *space = strchr (key, ' ');
      guint64 *count = g_hash_table_lookup (self->requests, key);

      g_string_append_printf (out, "dd_http_requests_total{path=\"%.*s\",code=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              (int) (space - key), key, space + 1, *count);
    }
  g_string_append (out,
                   "# HELP dd_http_request_duration_seconds Time to answer a request.\n"
                   "# TYPE dd_http_request_duration_seconds histogram\n");
  for (guint i = 0; i < G_N_ELEMENTS (latency_buckets); i++)
    {
      char le[G_ASCII_DTOSTR_BUF_SIZE];

      cumulative += self->latency_counts[i];
      g_ascii_dtostr (le, sizeof le, latency_buckets[i]);
      g_string_append_printf (out, "dd_http_request_duration_seconds_bucket{le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              le, cumulative);
    }
  cumulative += self->latency_counts[G_N_ELEMENTS (latency_buckets)];
  g_string_append_printf (out, "dd_http_request_duration_seconds_bucket{le=\"+Inf\"} %" G_GUINT64_FORMAT "\n",
                          cumulative);
  {
    char sum[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_dtostr (sum, sizeof sum, self->latency_sum);
    g_string_append_printf (out, "dd_http_request_duration_seconds_sum %s\n", sum);
  }
  g_string_append_printf (out, "dd_http_request_duration_seconds_count %" G_GUINT64_FORMAT "\n",
                          self->latency_count);

  g_string_append_printf (out,
                          "# HELP dd_push_ops_total Pushed ops, by ack status.\n"
                          "# TYPE dd_push_ops_total counter\n"
                          "dd_push_ops_total{status=\"applied\"} %" G_GUINT64_FORMAT "\n"
                          "dd_push_ops_total{status=\"duplicate\"} %" G_GUINT64_FORMAT "\n"
                          "dd_push_ops_total{status=\"conflict_recorded\"} %" G_GUINT64_FORMAT "\n"
                          "dd_push_ops_total{status=\"rejected\"} %" G_GUINT64_FORMAT "\n"
                          "# HELP dd_pull_waiting Pulls held open, waiting for a change.\n"
                          "# TYPE dd_pull_waiting gauge\n"
                          "dd_pull_waiting %u\n",
                          self->push_counts.applied, self->push_counts.duplicate,
                          self->push_counts.conflict_recorded, self->push_counts.rejected,
                          self->waiters.length);

  length = out->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4", SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), length);
}

/* ---------------------------------------------------------------- callbacks */

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  DdServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_strcmp0 (method, "POST") == 0;
  gboolean get = g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;

  if (g_str_equal (path, "/v1/health") && get)
    handle_health (self, msg);
  else if (g_str_equal (path, "/metrics") && get)
    handle_metrics (self, msg);
  else if (g_str_equal (path, "/v1/enrol") && post)
    handle_enrol (self, msg);
  else if (g_str_equal (path, "/v1/token") && post)
    handle_token (self, msg);
  else if (g_str_equal (path, "/v1/push") && post)
    handle_push (self, msg);
  else if (g_str_equal (path, "/v1/pull") && get)
    handle_pull (self, msg, query);
  else if (g_str_equal (path, "/v1/health") || g_str_equal (path, "/metrics") ||
           g_str_equal (path, "/v1/enrol") || g_str_equal (path, "/v1/token") ||
           g_str_equal (path, "/v1/push") || g_str_equal (path, "/v1/pull"))
    respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                   "This method is not allowed here.");
  else
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such path.");
}

/* Refuses an announced oversized body before reading it. */
static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  DdServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* A body without a length (chunked) would be read whole before the
   * handler could count it: refuse it. */
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0 &&
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_NONE)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "length_required",
                     "A request body needs a Content-Length.");
    }
  else if (length > (goffset) self->max_body)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                     "The request body is larger than the server accepts.");
    }
}

static void
on_soup_request_started_cb (SoupServer        *server,
                            SoupServerMessage *msg,
                            gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), START_TIME_KEY, start, g_free);

  /* Nagle + delayed ACK stall small answers by ~40 ms on loopback. */
  if (socket != NULL &&
      (g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV4 ||
       g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV6))
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
on_soup_request_finished_cb (SoupServer        *server,
                             SoupServerMessage *msg,
                             gpointer           user_data)
{
  DdServer *self = user_data;
  gint64 *start = g_object_get_data (G_OBJECT (msg), START_TIME_KEY);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri != NULL ? g_uri_get_path (uri) : "";
  guint status = soup_server_message_get_status (msg);
  double seconds = start != NULL ? (g_get_monotonic_time () - *start) / 1e6 : 0;
  g_autofree char *key = g_strdup_printf ("%s %u", path_label (path), status);
  guint64 *count = g_hash_table_lookup (self->requests, key);
  guint bucket = 0;

  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (self->requests, g_steal_pointer (&key), count);
    }
  (*count)++;
  while (bucket < G_N_ELEMENTS (latency_buckets) && seconds > latency_buckets[bucket])
    bucket++;
  self->latency_counts[bucket]++;
  self->latency_sum += seconds;
  self->latency_count++;

  if (self->log_requests)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *time_text = g_date_time_format_iso8601 (now);
      g_autofree char *line = NULL;
      const char *remote = soup_server_message_get_remote_host (msg);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time_text);
      json_builder_set_member_name (builder, "remote");
      json_builder_add_string_value (builder, remote != NULL ? remote : "");
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, soup_server_message_get_method (msg));
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path_label (path));
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, status);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_double_value (builder, seconds * 1000);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      line = json_to_string (root, FALSE);
      g_printerr ("%s\n", line);
    }
}

/* ---------------------------------------------------------------- vfuncs */

static void
dd_server_dispose (GObject *object)
{
  DdServer *self = DD_SERVER (object);

  while (self->waiters.head != NULL)
    waiter_free (self->waiters.head->data);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_handle_id (&self->listen_source, g_source_remove);
  g_clear_handle_id (&self->listen_retry, g_source_remove);
  g_clear_pointer (&self->listen_conn, PQfinish);

  G_OBJECT_CLASS (dd_server_parent_class)->dispose (object);
}

static void
dd_server_finalize (GObject *object)
{
  DdServer *self = DD_SERVER (object);

  g_clear_pointer (&self->db, dd_server_db_free);
  g_clear_pointer (&self->hmac_key, g_free);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->requests, g_hash_table_unref);

  G_OBJECT_CLASS (dd_server_parent_class)->finalize (object);
}

static void
dd_server_class_init (DdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_server_dispose;
  object_class->finalize = dd_server_finalize;
}

static void
dd_server_init (DdServer *self)
{
  self->max_body = DD_SERVER_DEFAULT_MAX_BODY;
  self->log_requests = TRUE;
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* ---------------------------------------------------------------- public */

DdServer *
dd_server_new (const char  *conninfo,
               GError     **error)
{
  g_autoptr(DdServer) self = g_object_new (DD_TYPE_SERVER, NULL);
  g_autoptr(PGresult) key = NULL;

  self->conninfo = g_strdup (conninfo);
  self->db = dd_server_db_open (conninfo, error);
  if (self->db == NULL || !dd_server_db_prepare (self->db, error))
    return NULL;
  key = dd_server_db_exec (self->db, "server_key", 0, NULL, error);
  if (key == NULL)
    return NULL;
  self->hmac_key = g_strdup (PQgetvalue (key, 0, 0));

  self->soup = soup_server_new ("server-header", "duty-desk-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started",
                           G_CALLBACK (on_soup_request_started_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->soup, "request-finished",
                           G_CALLBACK (on_soup_request_finished_cb), self, G_CONNECT_DEFAULT);
  start_listening (self);
  return g_steal_pointer (&self);
}

gboolean
dd_server_listen (DdServer    *self,
                  const char  *listen,
                  GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  const char *host;

  g_return_val_if_fail (DD_IS_SERVER (self), FALSE);

  connectable = g_network_address_parse (listen, 8470, error);
  if (connectable == NULL)
    return FALSE;
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  if (g_strcmp0 (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("“%s” is not HOST:PORT with an IP address as the host"), listen);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, g_network_address_get_port (G_NETWORK_ADDRESS (connectable)));
  return soup_server_listen (self->soup, address, 0, error);
}

guint
dd_server_get_port (DdServer *self)
{
  GSList *uris;
  guint port = 0;

  g_return_val_if_fail (DD_IS_SERVER (self), 0);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

void
dd_server_set_max_body_size (DdServer *self,
                             gsize     max_body)
{
  g_return_if_fail (DD_IS_SERVER (self));

  self->max_body = max_body;
}

void
dd_server_set_log_requests (DdServer *self,
                            gboolean  log_requests)
{
  g_return_if_fail (DD_IS_SERVER (self));

  self->log_requests = log_requests;
}

static gboolean
unauthorized (GError **error)
{
  g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_UNAUTHORIZED,
                       "The access token is not valid.");
  return FALSE;
}

gboolean
dd_server_check_token (DdServer    *self,
                       const char  *token,
                       gint64       now,
                       char       **desk_id,
                       char       **unit,
                       GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *signed_part = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *padded = NULL;
  g_autofree guchar *payload = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PGresult) desk = NULL;
  JsonObject *object;
  JsonNode *root;
  const char *desk_text, *unit_text;
  const char *params[1];
  gsize payload_length = 0;
  guint diff = 0;

  g_return_val_if_fail (DD_IS_SERVER (self), FALSE);

  if (token == NULL)
    return unauthorized (error);
  parts = g_strsplit (token, ".", 4);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "v1"))
    return unauthorized (error);

  signed_part = g_strconcat ("v1.", parts[1], NULL);
  mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->hmac_key,
                                   strlen (self->hmac_key), signed_part, -1);
  if (strlen (mac) != strlen (parts[2]))
    return unauthorized (error);
  /* constant time */
  for (gsize i = 0; mac[i] != '\0'; i++)
    diff |= (guint) (mac[i] ^ parts[2][i]);
  if (diff != 0)
    return unauthorized (error);

  switch (strlen (parts[1]) % 4)
    {
    case 0:
      padded = g_strdup (parts[1]);
      break;
    case 2:
      padded = g_strconcat (parts[1], "==", NULL);
      break;
    case 3:
      padded = g_strconcat (parts[1], "=", NULL);
      break;
    default:
      return unauthorized (error);
    }
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  payload = g_base64_decode (padded, &payload_length);
  if (payload_length == 0 ||
      !json_parser_load_from_data (parser, (const char *) payload, (gssize) payload_length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return unauthorized (error);
  object = json_node_get_object (root);
  desk_text = json_object_get_string_member_with_default (object, "desk", NULL);
  unit_text = json_object_get_string_member_with_default (object, "unit", NULL);
  if (desk_text == NULL || unit_text == NULL || !dd_uuid_is_valid (desk_text) ||
      json_object_get_int_member_with_default (object, "exp", 0) <= now)
    return unauthorized (error);

  params[0] = desk_text;
  desk = dd_server_db_exec (self->db, "desk_get", 1, params, error);
  if (desk == NULL)
    return FALSE;
  if (PQntuples (desk) == 0 || g_strcmp0 (PQgetvalue (desk, 0, 0), unit_text) != 0)
    return unauthorized (error);
  if (g_strcmp0 (PQgetvalue (desk, 0, 2), "t") == 0)
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_REVOKED,
                           "This desk has been revoked.");
      return FALSE;
    }

  if (desk_id != NULL)
    *desk_id = g_strdup (desk_text);
  if (unit != NULL)
    *unit = g_strdup (unit_text);
  return TRUE;
}

void
dd_server_shutdown (DdServer *self)
{
  g_return_if_fail (DD_IS_SERVER (self));

  while (self->waiters.head != NULL)
    waiter_free (self->waiters.head->data);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}

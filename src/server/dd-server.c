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
#define IN_FLIGHT_KEY "dd-server-in-flight"
#define DEFAULT_POOL_SIZE 4
#define DEFAULT_TIMEOUT 30
#define LISTEN_BACKLOG 1024

/* Upper bounds of the latency histogram, in seconds. */
static const double latency_buckets[] = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };

struct _DdServer
{
  GObject       parent_instance;

  GMainContext *context;
  SoupServer   *soup;
  char         *conninfo;
  char         *hmac_key;

  /* The pool: one worker thread per PostgreSQL connection. A request is
   * paused on the main context, runs on a worker with a connection taken
   * from the queue (prepared statements are per connection), and is
   * answered back on the main context. */
  GPtrArray    *connections;
  GAsyncQueue  *idle_connections;
  GThreadPool  *workers;
  guint         timeout;

  /* LISTEN dd_changes: every server process on the database is told when
   * a push commits, and wakes its long-polling pulls. */
  PGconn       *listen_conn;
  guint         listen_source;
  guint         listen_retry;
  GQueue        waiters;
  gsize         max_body;
  gboolean      log_requests;

  /* Graceful shutdown: requests read and not yet answered and written. */
  guint         in_flight;
  guint         n_jobs;       /* queued or run by a worker, not yet completed */
  gboolean      draining;
  GTask        *drain_task;

  /* Statistics, written by workers and the main context. */
  GMutex        stats_lock;
  DdServerPushCounts push_counts;
  /* "path code" → guint64 count */
  GHashTable   *requests;
  guint64       latency_counts[G_N_ELEMENTS (latency_buckets) + 1];
  double        latency_sum;
  guint64       latency_count;
  guint         n_waiting;
};

G_DEFINE_FINAL_TYPE (DdServer, dd_server, G_TYPE_OBJECT)

typedef struct _Waiter Waiter;

/* One request as a worker sees it: what it needs of the message, copied
 * on the main context, and the answer it makes. */
typedef struct
{
  DdServer          *server;      /* a reference */
  SoupServerMessage *msg;         /* touched on the main context only */
  Waiter            *waiter;      /* a wake-up of a held pull */
  char              *path;
  char              *method;
  GHashTable        *query;
  char              *authorization;
  GBytes            *body;
  gint64             queued_at;

  guint              status;
  const char        *content_type;  /* JSON unless set */
  char              *text;
  /* a pull with nothing to answer yet: held by the main context */
  gboolean           hold;
  char              *desk_id;
  char              *unit;
  char              *cursor;
  guint              limit;
  guint              wait;
  char              *empty_page;
} Request;

/* A pull held open until a change in its scope commits or its time is
 * up. It holds no database connection while it waits. */
struct _Waiter
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
  char              *empty_page;  /* the last empty page, its cursor current */
  gboolean           busy;        /* a worker is looking for its changes */
  gboolean           again;       /* woken while busy */
  gboolean           final;       /* answer at the next look, even empty */
  gboolean           gone;        /* the client went away while busy */
};

static void start_listening (DdServer *self);
static void dispatch        (DdServer *self,
                             Request  *req);

/* ---------------------------------------------------------------- helpers */

static void
request_free (Request *req)
{
  g_clear_object (&req->msg);
  g_free (req->path);
  g_free (req->method);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->authorization);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->text);
  g_free (req->desk_id);
  g_free (req->unit);
  g_free (req->cursor);
  g_free (req->empty_page);
  g_clear_object (&req->server);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
respond_text (Request *req,
              guint    status,
              char    *text)
{
  req->status = status;
  g_free (req->text);
  req->text = text;
}

static void
respond_json (Request           *req,
              guint              status,
              JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  respond_text (req, status, json_to_string (root, FALSE));
}

static void
respond_error (Request           *req,
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
  respond_json (req, status, builder);
}

static void
respond_database_error (Request           *req,
                        const GError      *error)
{
  g_warning ("database: %s", error->message);
  respond_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
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
        {
          /* not inside MAX (): it evaluates its arguments twice */
          depth++;
          max_depth = MAX (max_depth, depth);
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return max_depth;
}

/* The request body as a JSON object, or %NULL after answering 400/413. */
static JsonObject *
read_json_body (DdServer          *self,
                Request           *req,
                JsonParser        *parser)
{
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length = 0;
  JsonNode *root;

  data = req->body != NULL ? g_bytes_get_data (req->body, &length) : NULL;
  if (length > self->max_body)
    {
      respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                     "The request body is larger than the server accepts.");
      return NULL;
    }
  if (length == 0 || !g_utf8_validate (data, length, NULL) ||
      json_depth (data, length) > MAX_JSON_DEPTH ||
      !json_parser_load_from_data (parser, data, length, &error) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "malformed_json",
                     "The request body is not a JSON object.");
      return NULL;
    }
  return json_node_get_object (root);
}

/* A string member, or %NULL after answering 400. */
static const char *
get_string_member (Request           *req,
                   JsonObject        *object,
                   const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *message = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  message = g_strdup_printf ("The member “%s” must be a string.", name);
  respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
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

static gboolean
is_route (const char *path)
{
  return !g_str_equal (path_label (path), "other");
}

/* ---------------------------------------------------------------- handlers */

static void
handle_health (DdServer          *self,
              DdServerDb        *db,
               Request           *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) row = dd_server_db_exec (db, "health", 0, NULL, &error);

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
      respond_json (req, SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
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
  respond_json (req, SOUP_STATUS_OK, builder);
}

static void
handle_enrol (DdServer          *self,
             DdServerDb        *db,
              Request           *req)
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

  if ((request = read_json_body (self, req, parser)) == NULL ||
      (code = get_string_member (req, request, "code")) == NULL ||
      (desk_unit = get_string_member (req, request, "desk_unit")) == NULL)
    return;

  hash = dd_server_hash_enrol_code (code);
  if (!dd_server_db_begin (db, &error))
    goto database_error;
  params[0] = hash;
  code_row = dd_server_db_exec (db, "code_lock", 1, params, &error);
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
      dd_server_db_rollback (db);
      respond_error (req, SOUP_STATUS_FORBIDDEN, "enrolment_refused", why);
      return;
    }

  desk_id = dd_uuid7_new (g_get_real_time () / 1000);
  secret = dd_server_random_hex (32);
  secret_hash = dd_server_sha256 (secret);
  params[0] = desk_id;
  params[1] = desk_unit;
  params[2] = secret_hash;
  {
    g_autoptr(PGresult) inserted = dd_server_db_exec (db, "desk_insert", 3, params, &error);
    g_autoptr(PGresult) used = NULL;

    if (inserted == NULL)
      goto database_error;
    params[0] = hash;
    params[1] = desk_id;
    used = dd_server_db_exec (db, "code_use", 2, params, &error);
    if (used == NULL)
      goto database_error;
  }
  if (!dd_server_db_commit (db, &error))
    goto database_error;

  health = dd_server_db_exec (db, "health", 0, NULL, NULL);
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
  respond_json (req, SOUP_STATUS_OK, builder);
  return;

database_error:
  dd_server_db_rollback (db);
  respond_database_error (req, error);
}

static void
handle_token (DdServer          *self,
             DdServerDb        *db,
              Request           *req)
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

  if ((request = read_json_body (self, req, parser)) == NULL ||
      (desk_id = get_string_member (req, request, "desk_id")) == NULL ||
      (secret = get_string_member (req, request, "desk_secret")) == NULL)
    return;

  if (!dd_uuid_is_valid (desk_id))
    {
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials",
                     "Unknown desk or wrong secret.");
      return;
    }
  params[0] = desk_id;
  desk = dd_server_db_exec (db, "desk_get", 1, params, &error);
  if (desk == NULL)
    {
      respond_database_error (req, error);
      return;
    }
  secret_hash = dd_server_sha256 (secret);
  if (PQntuples (desk) == 0 || g_strcmp0 (PQgetvalue (desk, 0, 1), secret_hash) != 0)
    {
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials",
                     "Unknown desk or wrong secret.");
      return;
    }
  if (g_strcmp0 (PQgetvalue (desk, 0, 2), "t") == 0)
    {
      respond_error (req, SOUP_STATUS_FORBIDDEN, "desk_revoked", "This desk has been revoked.");
      return;
    }
  unit = PQgetvalue (desk, 0, 0);

  seen = dd_server_db_exec (db, "desk_seen", 1, params, &error);
  params[0] = unit;
  if (seen == NULL || (path = dd_server_db_exec (db, "unit_path", 1, params, &error)) == NULL)
    {
      respond_database_error (req, error);
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
  respond_json (req, SOUP_STATUS_OK, builder);
}

static gboolean
unauthorized (GError **error)
{
  g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_UNAUTHORIZED,
                       "The access token is not valid.");
  return FALSE;
}

static gboolean
check_token (DdServer    *self,
             DdServerDb  *db,
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
  desk = dd_server_db_exec (db, "desk_get", 1, params, error);
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

/* The token's desk and unit, or FALSE after answering 401/403/503. */
static gboolean
authenticate (DdServer           *self,
              DdServerDb         *db,
              Request            *req,
              char              **desk_id,
              char              **unit)
{
  const char *header = req->authorization;
  const char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = header + 7;
  if (check_token (self, db, token, g_get_real_time () / G_USEC_PER_SEC, desk_id, unit, &error))
    {
      const char *params[1] = { *desk_id };
      g_autoptr(PGresult) seen = dd_server_db_exec (db, "desk_seen_lazily", 1, params, &error);

      if (seen == NULL)
        g_warning ("last seen: %s", error->message);
      return TRUE;
    }
  if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_REVOKED))
    respond_error (req, SOUP_STATUS_FORBIDDEN, "desk_revoked", "This desk has been revoked.");
  else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_DATABASE))
    respond_database_error (req, error);
  else
    respond_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "A valid access token is needed.");
  return FALSE;
}

static void
respond_resync (Request           *req,
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
  respond_json (req, SOUP_STATUS_GONE, builder);
}

static void
respond_node (Request           *req,
              JsonNode          *root)
{
  respond_text (req, SOUP_STATUS_OK, json_to_string (root, FALSE));
}

static void
handle_push (DdServer          *self,
            DdServerDb        *db,
             Request           *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_id = NULL;
  g_autofree char *unit = NULL;
  JsonObject *request;
  DdServerPushCounts counts = { 0 };
  gint64 last_seq = 0;

  if (!authenticate (self, db, req, &desk_id, &unit) ||
      (request = read_json_body (self, req, parser)) == NULL)
    return;

  answer = dd_server_push (db, desk_id, unit, request, &counts, &last_seq, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_PROTOCOL))
        respond_error (req, SOUP_STATUS_BAD_REQUEST, "schema_version", error->message);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID))
        respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_OUT_OF_SCOPE))
        respond_error (req, SOUP_STATUS_FORBIDDEN, "out_of_scope", error->message);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_BUSY))
        respond_error (req, SOUP_STATUS_CONFLICT, "push_in_progress", error->message);
      else
        respond_database_error (req, error);
      return;
    }
  g_mutex_lock (&self->stats_lock);
  self->push_counts.applied += counts.applied;
  self->push_counts.duplicate += counts.duplicate;
  self->push_counts.conflict_recorded += counts.conflict_recorded;
  self->push_counts.rejected += counts.rejected;
  g_mutex_unlock (&self->stats_lock);
  respond_node (req, answer);
}

/* A query parameter as an integer in [min, max], @fallback when absent;
 * FALSE after answering 400. */
static gboolean
query_uint (Request           *req,
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

      respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

/* Ends the wait of a held pull: no client socket timeout while it is
 * held (the wait is bounded), the usual one once it is answered. */
static void
set_held (DdServer          *self,
          SoupServerMessage *msg,
          gboolean           held)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_set_timeout (socket, held ? 0 : self->timeout);
}

static void
waiter_free (Waiter *waiter)
{
  DdServer *self = waiter->server;

  if (waiter->link != NULL)
    {
      g_queue_delete_link (&self->waiters, waiter->link);
      g_atomic_int_set (&self->n_waiting, self->waiters.length);
    }
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  g_clear_signal_handler (&waiter->finished_id, waiter->msg);
  g_object_unref (waiter->msg);
  g_free (waiter->desk_id);
  g_free (waiter->unit);
  g_free (waiter->cursor);
  g_free (waiter->empty_page);
  g_free (waiter);
}

/* Answers the held pull and lets it go. */
static void
waiter_answer (Waiter     *waiter,
               guint       status,
               const char *text)
{
  DdServer *self = waiter->server;
  SoupServerMessage *msg = waiter->msg;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
  if (self->draining)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  set_held (self, msg, FALSE);
  soup_server_message_unpause (msg);
  waiter_free (waiter);
}

/* Shutting down: the last empty page, its cursor where the desk is. */
static void
waiter_answer_empty (Waiter *waiter)
{
  waiter_answer (waiter, SOUP_STATUS_OK, waiter->empty_page);
}

/* Answers @req with the page after @cursor. Returns FALSE (and answers
 * nothing) when the page is empty and @final is FALSE; *@cursor then
 * becomes the page's cursor, so changes outside the scope are skipped
 * once, and the page is kept in @req. With @desk_id, the cursor is the
 * one the desk sent and is recorded for the purge horizon. */
static gboolean
answer_pull (DdServer           *self,
             DdServerDb         *db,
             Request            *req,
             const char         *desk_id,
             const char         *unit,
             char              **cursor,
             guint               limit,
             gboolean            final)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *next = NULL;
  g_autofree char *epoch = NULL;
  guint n_changes = 0;

  page = dd_server_pull (db, desk_id, unit, *cursor, limit, &n_changes, &next, &epoch, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_RESYNC))
        respond_resync (req, epoch);
      else if (g_error_matches (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID))
        respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);
      else
        respond_database_error (req, error);
      return TRUE;
    }
  if (n_changes == 0 && !final)
    {
      g_free (*cursor);
      *cursor = g_steal_pointer (&next);
      g_free (req->empty_page);
      req->empty_page = g_steal_pointer (&page);
      return FALSE;
    }
  respond_text (req, SOUP_STATUS_OK, g_steal_pointer (&page));
  return TRUE;
}

static void
handle_pull (DdServer          *self,
             DdServerDb        *db,
             Request           *req)
{
  g_autofree char *desk_id = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *cursor = NULL;
  guint limit, wait;

  if (!authenticate (self, db, req, &desk_id, &unit) ||
      !query_uint (req, req->query, "limit", 1, PULL_MAX_LIMIT, PULL_DEFAULT_LIMIT, &limit) ||
      !query_uint (req, req->query, "wait", 0, PULL_MAX_WAIT, 0, &wait))
    return;
  cursor = g_strdup (req->query != NULL ? g_hash_table_lookup (req->query, "cursor") : NULL);
  if (cursor != NULL && *cursor == '\0')
    g_clear_pointer (&cursor, g_free);

  if (answer_pull (self, db, req, desk_id, unit, &cursor, limit, wait == 0))
    return;

  /* nothing yet: the main context holds it, without a connection */
  req->hold = TRUE;
  req->desk_id = g_steal_pointer (&desk_id);
  req->unit = g_steal_pointer (&unit);
  req->cursor = g_steal_pointer (&cursor);
  req->limit = limit;
  req->wait = wait;
}

/* A held pull woken by a commit (or at its time-out, @req->wait 0). */
static void
handle_wake (DdServer          *self,
             DdServerDb        *db,
             Request           *req)
{
  g_autoptr(PGresult) desk = NULL;
  g_autoptr(GError) error = NULL;
  const char *params[1] = { req->desk_id };

  /* a revoked desk is stopped at once, even mid-wait */
  desk = dd_server_db_exec (db, "push_desk", 1, params, &error);
  if (desk == NULL)
    respond_database_error (req, error);
  else if (PQntuples (desk) == 0 || g_str_equal (PQgetvalue (desk, 0, 0), "t"))
    respond_error (req, SOUP_STATUS_FORBIDDEN, "desk_revoked", "This desk has been revoked.");
  else if (!answer_pull (self, db, req, NULL, req->unit, &req->cursor, req->limit, req->wait == 0))
    req->hold = TRUE;
}

/* Looks for the changes of a held pull on a worker. */
static void
waiter_look (Waiter *waiter)
{
  DdServer *self = waiter->server;
  Request *req;

  if (self->draining)
    {
      waiter_answer_empty (waiter);
      return;
    }
  req = g_new0 (Request, 1);
  waiter->busy = TRUE;
  waiter->again = FALSE;
  req->server = g_object_ref (self);
  req->waiter = waiter;
  req->desk_id = g_strdup (waiter->desk_id);
  req->unit = g_strdup (waiter->unit);
  req->cursor = g_strdup (waiter->cursor);
  req->limit = waiter->limit;
  req->wait = waiter->final ? 0 : 1;
  req->queued_at = g_get_monotonic_time ();
  dispatch (self, req);
}

static void
wake_waiters (DdServer *self)
{
  for (GList *link = self->waiters.head; link != NULL; link = link->next)
    {
      Waiter *waiter = link->data;

      if (waiter->busy)
        waiter->again = TRUE;
      else
        waiter_look (waiter);
    }
}

static gboolean
on_waiter_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timeout_id = 0;
  waiter->final = TRUE;
  if (!waiter->busy)
    waiter_look (waiter);
  return G_SOURCE_REMOVE;
}

/* The client went away while its pull was held. */
static void
on_waiter_finished_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  Waiter *waiter = user_data;

  waiter->finished_id = 0;
  if (waiter->busy)
    waiter->gone = TRUE;
  else
    waiter_free (waiter);
}

/* Holds the pull of @req (the main context; its message is paused). */
static void
hold_pull (DdServer *self,
           Request  *req)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->server = self;
  waiter->msg = g_steal_pointer (&req->msg);
  waiter->desk_id = g_steal_pointer (&req->desk_id);
  waiter->unit = g_steal_pointer (&req->unit);
  waiter->cursor = g_steal_pointer (&req->cursor);
  waiter->empty_page = g_steal_pointer (&req->empty_page);
  waiter->limit = req->limit;
  /* Not g_timeout_add_seconds(): its first tick may come up to a second
   * early, and a client is promised the whole wait. */
  waiter->timeout_id = g_timeout_add ((guint) req->wait * 1000, on_waiter_timeout_cb, waiter);
  waiter->finished_id = g_signal_connect (waiter->msg, "finished",
                                          G_CALLBACK (on_waiter_finished_cb), waiter);
  g_queue_push_tail (&self->waiters, waiter);
  waiter->link = self->waiters.tail;
  g_atomic_int_set (&self->n_waiting, self->waiters.length);
  set_held (self, waiter->msg, TRUE);
}

/* A held pull's look has come back from its worker. */
static void
complete_wake (DdServer *self,
               Request  *req)
{
  Waiter *waiter = req->waiter;

  waiter->busy = FALSE;
  if (waiter->gone)
    {
      waiter_free (waiter);
      return;
    }
  if (!req->hold)
    {
      waiter_answer (waiter, req->status, req->text);
      return;
    }
  g_free (waiter->cursor);
  waiter->cursor = g_steal_pointer (&req->cursor);
  g_free (waiter->empty_page);
  waiter->empty_page = g_steal_pointer (&req->empty_page);
  if (self->draining)
    waiter_answer_empty (waiter);
  else if (waiter->final || waiter->again)
    waiter_look (waiter);
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
                DdServerDb        *db,
                Request           *req)
{
  g_autofree gpointer *keys = NULL;
  g_autoptr(PGresult) seen = NULL;
  g_autoptr(GError) error = NULL;
  guint n_keys = 0;
  GString *out = g_string_new (NULL);
  guint64 cumulative = 0;

  /* shared by every server process: from the database */
  seen = dd_server_db_exec (db, "desks_seen", 0, NULL, &error);
  if (seen == NULL)
    {
      g_string_free (out, TRUE);
      respond_database_error (req, error);
      return;
    }

  g_mutex_lock (&self->stats_lock);
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
                          "# HELP dd_pull_waiting Long-polling pulls connected and held open, waiting for a change.\n"
                          "# TYPE dd_pull_waiting gauge\n"
                          "dd_pull_waiting %u\n",
                          self->push_counts.applied, self->push_counts.duplicate,
                          self->push_counts.conflict_recorded, self->push_counts.rejected,
                          g_atomic_int_get (&self->n_waiting));
  g_mutex_unlock (&self->stats_lock);

  g_string_append (out,
                   "# HELP dd_desk_last_seen_seconds When each desk last called, in Unix seconds.\n"
                   "# TYPE dd_desk_last_seen_seconds gauge\n");
  for (int i = 0; i < PQntuples (seen); i++)
    g_string_append_printf (out, "dd_desk_last_seen_seconds{desk=\"%s\"} %s\n",
                            PQgetvalue (seen, i, 0), PQgetvalue (seen, i, 1));

  req->content_type = "text/plain; version=0.0.4";
  respond_text (req, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

/* Answers an error on the main context, without a worker. */
static void
respond_now (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message,
             gboolean           close)
{
  g_autoptr(Request) answer = g_new0 (Request, 1);

  respond_error (answer, status, code, message);
  if (close)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  soup_server_message_set_status (msg, answer->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    answer->text, strlen (answer->text));
}

/* ---------------------------------------------------------------- workers */

/* Runs on a worker thread with a connection of the pool. */
static void
route (DdServer   *self,
       DdServerDb *db,
       Request    *req)
{
  const char *path = req->path;

  if (req->waiter != NULL)
    handle_wake (self, db, req);
  else if (g_str_equal (path, "/v1/health"))
    handle_health (self, db, req);
  else if (g_str_equal (path, "/metrics"))
    handle_metrics (self, db, req);
  else if (g_str_equal (path, "/v1/enrol"))
    handle_enrol (self, db, req);
  else if (g_str_equal (path, "/v1/token"))
    handle_token (self, db, req);
  else if (g_str_equal (path, "/v1/push"))
    handle_push (self, db, req);
  else
    handle_pull (self, db, req);
}

static gboolean
complete_request_cb (gpointer user_data)
{
  Request *req = user_data;
  DdServer *self = req->server;
  SoupServerMessage *msg = req->msg;

  self->n_jobs--;
  if (req->waiter != NULL)
    complete_wake (self, req);
  else if (req->hold && !self->draining)
    hold_pull (self, req);
  else
    {
      gsize length;

      /* shutting down: the empty page, with the same cursor */
      if (req->hold)
        respond_text (req, SOUP_STATUS_OK, g_steal_pointer (&req->empty_page));
      length = req->text != NULL ? strlen (req->text) : 0;
      soup_server_message_set_status (msg, req->status, NULL);
      soup_server_message_set_response (msg, req->content_type != NULL ? req->content_type : "application/json",
                                        SOUP_MEMORY_TAKE, g_steal_pointer (&req->text), length);
      if (self->draining)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      soup_server_message_unpause (msg);
    }
  request_free (req);
  return G_SOURCE_REMOVE;
}

static void
on_worker_cb (gpointer data,
              gpointer user_data)
{
  Request *req = data;
  DdServer *self = req->server;
  gint64 waited = g_get_monotonic_time () - req->queued_at;
  gint64 budget = (gint64) self->timeout * G_USEC_PER_SEC - waited;
  DdServerDb *db = NULL;

  /* every worker holds a connection only while it runs a request */
  if (self->timeout == 0)
    db = g_async_queue_pop (self->idle_connections);
  else if (budget > 0)
    db = g_async_queue_timeout_pop (self->idle_connections, (guint64) budget);
  if (db == NULL)
    respond_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                   "The server is too busy to answer in time; retry later.");
  else
    {
      route (self, db, req);
      g_async_queue_push (self->idle_connections, db);
    }
  g_main_context_invoke (self->context, complete_request_cb, req);
}

static void
dispatch (DdServer *self,
          Request  *req)
{
  g_autoptr(GError) error = NULL;

  self->n_jobs++;
  if (!g_thread_pool_push (self->workers, req, &error))
    g_error ("cannot queue a request: %s", error->message);
}

/* The drain is over once every request read has been answered and
 * written (or its client has gone). */
static void
check_drained (DdServer *self)
{
  GTask *task;

  if (self->drain_task == NULL || self->in_flight > 0)
    return;
  task = g_steal_pointer (&self->drain_task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
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
  gboolean want_post = g_str_equal (path, "/v1/enrol") || g_str_equal (path, "/v1/token") ||
                       g_str_equal (path, "/v1/push");
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Request *req;

  if (self->draining)
    {
      respond_now (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                   "The server is shutting down; retry later.", TRUE);
      return;
    }
  if (!is_route (path))
    {
      respond_now (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such path.", FALSE);
      return;
    }
  if ((want_post && !post) || (!want_post && !get))
    {
      respond_now (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                   "This method is not allowed here.", FALSE);
      return;
    }

  req = g_new0 (Request, 1);
  req->server = g_object_ref (self);
  req->msg = g_object_ref (msg);
  req->path = g_strdup (path);
  req->method = g_strdup (method);
  req->query = query != NULL ? g_hash_table_ref (query) : NULL;
  req->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  if (post)
    req->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  req->queued_at = g_get_monotonic_time ();

  /* counted until its answer is written: a drain waits for it */
  g_object_set_data (G_OBJECT (msg), IN_FLIGHT_KEY, GINT_TO_POINTER (TRUE));
  self->in_flight++;
  soup_server_message_pause (msg);
  dispatch (self, req);
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
      respond_now (msg, SOUP_STATUS_LENGTH_REQUIRED, "length_required",
                   "A request body needs a Content-Length.", TRUE);
    }
  else if (length > (goffset) self->max_body)
    {
      respond_now (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                   "The request body is larger than the server accepts.", TRUE);
    }
}

static void
on_soup_request_started_cb (SoupServer        *server,
                            SoupServerMessage *msg,
                            gpointer           user_data)
{
  DdServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), START_TIME_KEY, start, g_free);

  if (socket != NULL)
    {
      /* A client that stalls while sending or reading is cut off. */
      g_socket_set_timeout (socket, self->timeout);
      /* Nagle + delayed ACK stall small answers by ~40 ms on loopback. */
      if (g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV4 ||
          g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV6)
        g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
    }
}

/* A request read has been answered, or its client has gone. */
static void
request_done (DdServer          *self,
              SoupServerMessage *msg)
{
  if (g_object_steal_data (G_OBJECT (msg), IN_FLIGHT_KEY) == NULL)
    return;
  self->in_flight--;
  check_drained (self);
}

static void
on_soup_request_aborted_cb (SoupServer        *server,
                            SoupServerMessage *msg,
                            gpointer           user_data)
{
  request_done (user_data, msg);
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
  guint64 *count;
  guint bucket = 0;

  g_mutex_lock (&self->stats_lock);
  count = g_hash_table_lookup (self->requests, key);
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
  g_mutex_unlock (&self->stats_lock);

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
  request_done (self, msg);
}

/* ---------------------------------------------------------------- vfuncs */

static void
dd_server_dispose (GObject *object)
{
  DdServer *self = DD_SERVER (object);

  dd_server_shutdown (self);
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

  g_clear_pointer (&self->idle_connections, g_async_queue_unref);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_pointer (&self->hmac_key, g_free);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->stats_lock);

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
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->stats_lock);
}

/* ---------------------------------------------------------------- public */

DdServer *
dd_server_new (const char  *conninfo,
               GError     **error)
{
  return dd_server_new_full (conninfo, DEFAULT_POOL_SIZE, DEFAULT_TIMEOUT, error);
}

DdServer *
dd_server_new_full (const char  *conninfo,
                    guint        pool_size,
                    guint        timeout,
                    GError     **error)
{
  g_autoptr(DdServer) self = g_object_new (DD_TYPE_SERVER, NULL);
  g_autoptr(PGresult) key = NULL;

  g_return_val_if_fail (pool_size > 0, NULL);

  self->conninfo = g_strdup (conninfo);
  self->timeout = timeout;
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_server_db_free);
  self->idle_connections = g_async_queue_new ();
  for (guint i = 0; i < pool_size; i++)
    {
      DdServerDb *db = dd_server_db_open (conninfo, error);

      if (db == NULL)
        return NULL;
      g_ptr_array_add (self->connections, db);
      if (!dd_server_db_prepare (db, error) ||
          (timeout > 0 && !dd_server_db_set_statement_timeout (db, timeout * 1000, error)))
        return NULL;
      g_async_queue_push (self->idle_connections, db);
    }
  key = dd_server_db_exec (self->connections->pdata[0], "server_key", 0, NULL, error);
  if (key == NULL)
    return NULL;
  self->hmac_key = g_strdup (PQgetvalue (key, 0, 0));
  self->workers = g_thread_pool_new (on_worker_cb, NULL, (int) pool_size, FALSE, error);
  if (self->workers == NULL)
    return NULL;

  self->soup = soup_server_new ("server-header", "duty-desk-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started",
                           G_CALLBACK (on_soup_request_started_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->soup, "request-finished",
                           G_CALLBACK (on_soup_request_finished_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->soup, "request-aborted",
                           G_CALLBACK (on_soup_request_aborted_cb), self, G_CONNECT_DEFAULT);
  start_listening (self);
  return g_steal_pointer (&self);
}

gboolean
dd_server_set_tls_files (DdServer    *self,
                         const char  *cert_file,
                         const char  *key_file,
                         GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (DD_IS_SERVER (self), FALSE);

  if (g_tls_backend_get_default () == NULL || !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                           _("TLS is not available: install glib-networking"));
      return FALSE;
    }
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  if (certificate == NULL)
    {
      g_prefix_error (error, _("Cannot load the TLS certificate “%s” and key “%s”: "), cert_file, key_file);
      return FALSE;
    }
  soup_server_set_tls_certificate (self->soup, certificate);
  return TRUE;
}

gboolean
dd_server_listen (DdServer    *self,
                  const char  *listen,
                  GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
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

  /* GSocket's default backlog of 10 refuses connections when many desks
   * come back online at once */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  return soup_server_listen_socket (self->soup, socket,
                                    soup_server_get_tls_certificate (self->soup) != NULL
                                    ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                    error);
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

gboolean
dd_server_check_token (DdServer    *self,
                       const char  *token,
                       gint64       now,
                       char       **desk_id,
                       char       **unit,
                       GError     **error)
{
  DdServerDb *db;
  gboolean ok;

  g_return_val_if_fail (DD_IS_SERVER (self), FALSE);

  db = g_async_queue_pop (self->idle_connections);
  ok = check_token (self, db, token, now, desk_id, unit, error);
  g_async_queue_push (self->idle_connections, db);
  return ok;
}

/* Stops accepting connections; those open stay until answered. */
static void
stop_accepting (DdServer *self)
{
  GSList *listeners = soup_server_get_listeners (self->soup);

  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_shutdown (l->data, TRUE, FALSE, NULL);
  g_slist_free (listeners);
}

void
dd_server_drain_async (DdServer            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DD_IS_SERVER (self));
  g_return_if_fail (self->drain_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_server_drain_async);
  self->draining = TRUE;
  stop_accepting (self);
  /* held pulls: an empty page with the cursor where the desk is; those
   * a worker is looking at are answered when it is done */
  for (GList *link = self->waiters.head; link != NULL; )
    {
      Waiter *waiter = link->data;

      link = link->next;
      if (!waiter->busy)
        waiter_answer_empty (waiter);
    }
  self->drain_task = g_steal_pointer (&task);
  check_drained (self);
}

gboolean
dd_server_drain_finish (DdServer      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
dd_server_get_in_flight (DdServer *self)
{
  g_return_val_if_fail (DD_IS_SERVER (self), 0);

  return self->in_flight;
}

void
dd_server_shutdown (DdServer *self)
{
  g_return_if_fail (DD_IS_SERVER (self));

  self->draining = TRUE;
  g_clear_handle_id (&self->listen_source, g_source_remove);
  g_clear_handle_id (&self->listen_retry, g_source_remove);
  /* the workers finish what they run and what is queued; their answers
   * come back through the main context */
  if (self->workers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->workers), FALSE, TRUE);
  while (self->n_jobs > 0)
    g_main_context_iteration (self->context, TRUE);
  while (self->waiters.head != NULL)
    waiter_answer_empty (self->waiters.head->data);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}

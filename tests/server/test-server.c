/* test-server.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "dd-server.h"
#include "dd-server-db.h"
#include "dd-sync-codec.h"

#define WAIT_SECONDS 30

static const char *base_conninfo;
static guint database_counter;

/* ---------------------------------------------------------------- helpers */

static void
assert_pq_ok (PGconn   *conn,
              PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("PostgreSQL: %s", PQerrorMessage (conn));
}

/* A new, empty database on the test cluster; returns its conninfo. */
static char *
new_database (void)
{
  PGconn *conn = PQconnectdb (base_conninfo);
  g_autofree char *name = g_strdup_printf ("dd_test_%u_%u", (guint) getpid (), ++database_counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  assert_pq_ok (conn, result);
  PQclear (result);
  PQfinish (conn);
  /* libpq takes the last value of a repeated keyword */
  return g_strdup_printf ("%s dbname=%s", base_conninfo, name);
}

static char *
query_text (const char *conninfo,
            const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  char *value = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  assert_pq_ok (conn, result);
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

static gint64
query_int (const char *conninfo,
           const char *sql)
{
  g_autofree char *text = query_text (conninfo, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static const char *
server_binary (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "duty-desk-server", NULL);
  return path;
}

static GSubprocess *
spawn_server (GSubprocessFlags     flags,
              const char          *conninfo,
              const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) conninfo);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs duty-desk-server with @args; returns its exit status. */
static int
run_server (const char          *conninfo,
            char               **out,
            char               **err,
            const char * const  *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  process = spawn_server (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                          conninfo, args);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

#define RUN(conninfo, out, err, ...) \
  run_server ((conninfo), (out), (err), (const char * const[]) { __VA_ARGS__, NULL })

static char *
migrated_database_with_units (void)
{
  char *conninfo = new_database ();
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "..", "data", "divisions-guizhou.csv", NULL);

  g_assert_cmpint (RUN (conninfo, NULL, NULL, "migrate"), ==, 0);
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "import", csv), ==, 0);
  return conninfo;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* ---------------------------------------------------------------- HTTP client */

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Call;

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
on_send_and_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Call *call = user_data;

  call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);
  call->done = TRUE;
}

/* Sends a request to the server on 127.0.0.1:@port, with a bearer
 * @token unless %NULL; returns the body text. */
static char *
http_full (SoupSession *session,
           guint        port,
           const char  *token,
           const char  *method,
           const char  *path,
           const char  *body,
           gssize       body_length,
           gboolean     expect_continue,
           guint       *status)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  Call call = { NULL, NULL, FALSE };
  char *text;

  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (body != NULL)
    {
      bytes = g_bytes_new (body, body_length >= 0 ? (gsize) body_length : strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  if (expect_continue)
    soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                           SOUP_EXPECTATION_CONTINUE);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_send_and_read_cb, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  *status = soup_message_get_status (msg);
  text = g_strndup (g_bytes_get_data (call.body, NULL), g_bytes_get_size (call.body));
  g_bytes_unref (call.body);
  return text;
}

static char *
http (SoupSession *session,
      guint        port,
      const char  *method,
      const char  *path,
      const char  *body,
      gssize       body_length,
      gboolean     expect_continue,
      guint       *status)
{
  return http_full (session, port, NULL, method, path, body, body_length, expect_continue, status);
}

#define POST(fx, path, body, status) \
  http ((fx)->session, (fx)->port, "POST", (path), (body), -1, FALSE, (status))
#define GET(fx, path, status) \
  http ((fx)->session, (fx)->port, "GET", (path), NULL, -1, FALSE, (status))

static void
assert_error_body (const char *text,
                   const char *code)
{
  g_autoptr(JsonObject) object = parse_object (text);

  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
  g_assert_true (json_object_has_member (object, "message"));
}

typedef struct
{
  char        *conninfo;
  DdServer    *server;
  SoupSession *session;
  guint        port;
  char        *token;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->conninfo = migrated_database_with_units ();
  fx->server = dd_server_new (fx->conninfo, &error);
  g_assert_no_error (error);
  dd_server_set_log_requests (fx->server, FALSE);
  dd_server_listen (fx->server, "127.0.0.1:0", &error);
  g_assert_no_error (error);
  fx->port = dd_server_get_port (fx->server);
  g_assert_cmpuint (fx->port, >, 0);
  fx->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->session);
  dd_server_shutdown (fx->server);
  g_clear_object (&fx->server);
  /* let the closed connections' sources run */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fx->conninfo, g_free);
  g_clear_pointer (&fx->token, g_free);
}

static char *
make_enrol_code (const char *conninfo,
                 const char *unit)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpint (RUN (conninfo, &out, NULL, "enrol-code", "--unit", unit, "--json"), ==, 0);
  object = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (object, "unit"), ==, unit);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "expires"), "Z"));
  return g_strdup (json_object_get_string_member (object, "code"));
}

/* ---------------------------------------------------------------- tests */

static void
test_migrate_twice (void)
{
  g_autofree char *conninfo = new_database ();
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (RUN (conninfo, &out, NULL, "migrate"), ==, 0);
  g_assert_nonnull (strstr (out, "5 migrations applied"));
  g_assert_cmpint (RUN (conninfo, &out2, NULL, "migrate"), ==, 0);
  g_assert_nonnull (strstr (out2, "0 migrations applied"));
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM schema_migrations"), ==, 5);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM server_epoch"), ==, 1);
  g_assert_cmpint (query_int (conninfo, "SELECT last_seq FROM change_seq"), ==, 0);
}

static void
test_migrate_concurrent (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  const char * const args[] = { "migrate", NULL };

  first = spawn_server (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, conninfo, args);
  second = spawn_server (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, conninfo, args);
  g_subprocess_wait_check (first, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM schema_migrations"), ==, 5);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM server_epoch"), ==, 1);
}

static void
test_serve_needs_schema (void)
{
  g_autofree char *conninfo = new_database ();
  g_autofree char *err = NULL;

  g_assert_cmpint (RUN (conninfo, NULL, &err, "desk", "list"), ==, 1);
  g_assert_nonnull (strstr (err, "migrate"));
}

static void
test_unit_import (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autofree char *parent = NULL;
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "..", "data", "divisions-guizhou.csv", NULL);

  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM units"), ==, 98);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM units WHERE parent IS NULL"), ==, 1);
  parent = query_text (conninfo, "SELECT parent FROM units WHERE code = '520102'");
  g_assert_cmpstr (parent, ==, "520100");

  /* again: idempotent */
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "import", csv), ==, 0);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM units"), ==, 98);
}

static void
test_unit_import_bad (void)
{
  g_autofree char *conninfo = new_database ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_header = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *csv =
    "code,name,level,parent_code\n"
    "520000,贵州省,province,\n"          /* 2: fine */
    "52A100,贵阳市,prefecture,520000\n"  /* 3: bad code */
    "520200,,prefecture,520000\n"        /* 4: empty name */
    "520300,遵义市,city,520000\n"        /* 5: unknown level */
    "520102,南明区,county,529900\n"      /* 6: unknown parent */
    "520400,安顺市,prefecture\n"         /* 7: 3 columns */
    "520500,毕节市,prefecture,520000\n"; /* 8: fine */

  dir = g_dir_make_tmp ("dd-server-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "units.csv", NULL);
  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (RUN (conninfo, NULL, NULL, "migrate"), ==, 0);
  g_assert_cmpint (RUN (conninfo, NULL, &err, "unit", "import", path), ==, 2);
  for (guint line = 3; line <= 7; line++)
    {
      g_autofree char *needle = g_strdup_printf ("line %u:", line);

      g_assert_nonnull (strstr (err, needle));
    }
  g_assert_null (strstr (err, "line 2:"));
  g_assert_null (strstr (err, "line 8:"));
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM units"), ==, 0);

  bad_header = g_build_filename (dir, "header.csv", NULL);
  g_file_set_contents (bad_header, "code,name\n520000,贵州省\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "import", bad_header), ==, 2);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM units"), ==, 0);

  g_unlink (path);
  g_unlink (bad_header);
  g_rmdir (dir);
}

static void
test_unit_add (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autofree char *parent = NULL;
  g_autofree char *level = NULL;

  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "add", "--code", "520102-yjj",
                        "--name", "南明区应急管理局"), ==, 0);
  parent = query_text (conninfo, "SELECT parent FROM units WHERE code = '520102-yjj'");
  level = query_text (conninfo, "SELECT level FROM units WHERE code = '520102-yjj'");
  g_assert_cmpstr (parent, ==, "520102");
  g_assert_cmpstr (level, ==, "department");

  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "add", "--code", "520102-yjj", "--name", "x"), ==, 2);
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "add", "--code", "520102-YJJ", "--name", "x"), ==, 2);
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "add", "--code", "529999-yjj", "--name", "x"), ==, 1);
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "unit", "add", "--code", "520102-sw"), ==, 2);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM units"), ==, 99);

  g_assert_cmpint (RUN (conninfo, NULL, NULL, "enrol-code", "--unit", "529999"), ==, 1);
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "enrol-code", "--unit", "520102", "--expires", "soon"), ==, 2);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM enrol_codes"), ==, 0);
}

static void
test_enrol_and_token (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *code = make_enrol_code (fx->conninfo, "520102");
  g_autofree char *expired = make_enrol_code (fx->conninfo, "520102");
  g_autofree char *request = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *desk_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *list = NULL;
  g_autoptr(JsonObject) enrolled = NULL;
  g_autoptr(JsonObject) token = NULL;
  g_autoptr(JsonObject) desks = NULL;
  JsonArray *path;
  guint status = 0;

  /* another unit: refused, and the code is not used up */
  request = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"520103\"}", code);
  reply = POST (fx, "/v1/enrol", request, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "enrolment_refused");
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks"), ==, 0);

  /* an unknown code */
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/enrol", "{\"code\":\"AAAA-BBBB-CCCC\",\"desk_unit\":\"520102\"}", &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "enrolment_refused");

  /* the right one, lower case and without dashes */
  {
    g_autofree char *lower = g_ascii_strdown (code, -1);
    g_auto(GStrv) parts = g_strsplit (lower, "-", -1);
    g_autofree char *plain = g_strjoinv ("", parts);

    g_clear_pointer (&request, g_free);
    request = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"520102\"}", plain);
  }
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/enrol", request, &status);
  g_assert_cmpuint (status, ==, 200);
  enrolled = parse_object (reply);
  desk_id = g_strdup (json_object_get_string_member (enrolled, "desk_id"));
  secret = g_strdup (json_object_get_string_member (enrolled, "desk_secret"));
  g_assert_cmpuint (strlen (secret), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (enrolled, "unit"), ==, "520102");
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks"), ==, 1);
  /* only the hash is stored */
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks WHERE secret_hash = encode(sha256(convert_to('x', 'UTF8')), 'hex')"), ==, 0);

  /* reused: refused, nothing stored */
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/enrol", request, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "enrolment_refused");
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks"), ==, 1);

  /* expired */
  g_assert_cmpint (query_int (fx->conninfo,
                              "WITH e AS (UPDATE enrol_codes SET expires_at = now () - interval '1 hour'"
                              " WHERE used_at IS NULL RETURNING 1) SELECT count(*) FROM e"), ==, 1);
  g_clear_pointer (&request, g_free);
  request = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"520102\"}", expired);
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/enrol", request, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "enrolment_refused");
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks"), ==, 1);

  /* token */
  g_clear_pointer (&request, g_free);
  request = g_strdup_printf ("{\"desk_id\":\"%s\",\"desk_secret\":\"%s\"}", desk_id, secret);
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/token", request, &status);
  g_assert_cmpuint (status, ==, 200);
  token = parse_object (reply);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (token, "access_token"), "v1."));
  g_assert_cmpint (json_object_get_int_member (token, "expires_in"), ==, 3600);
  g_assert_cmpstr (json_object_get_string_member (token, "unit"), ==, "520102");
  path = json_object_get_array_member (token, "unit_path");
  g_assert_cmpuint (json_array_get_length (path), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (path, 0), ==, "520000");
  g_assert_cmpstr (json_array_get_string_element (path, 2), ==, "520102");
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks WHERE last_seen IS NOT NULL"), ==, 1);

  /* the token checks out, and not when forged or expired */
  {
    const char *access = json_object_get_string_member (token, "access_token");
    g_autofree char *checked_desk = NULL;
    g_autofree char *checked_unit = NULL;
    g_autofree char *forged = g_strdup (access);
    g_autoptr(GError) error = NULL;
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;

    g_assert_true (dd_server_check_token (fx->server, access, now, &checked_desk, &checked_unit, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (checked_desk, ==, desk_id);
    g_assert_cmpstr (checked_unit, ==, "520102");

    g_assert_false (dd_server_check_token (fx->server, access, now + 3601, NULL, NULL, &error));
    g_assert_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_UNAUTHORIZED);
    g_clear_error (&error);

    forged[5] = forged[5] == 'A' ? 'B' : 'A';
    g_assert_false (dd_server_check_token (fx->server, forged, now, NULL, NULL, &error));
    g_assert_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_UNAUTHORIZED);
    g_clear_error (&error);

    g_assert_false (dd_server_check_token (fx->server, "v1.e30.00", now, NULL, NULL, &error));
    g_assert_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_UNAUTHORIZED);
    g_clear_error (&error);

    g_free (fx->token);
    fx->token = g_strdup (access);
  }

  /* wrong secret */
  g_clear_pointer (&request, g_free);
  request = g_strdup_printf ("{\"desk_id\":\"%s\",\"desk_secret\":\"%064d\"}", desk_id, 0);
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/token", request, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error_body (reply, "invalid_credentials");

  /* revoked */
  g_assert_cmpint (RUN (fx->conninfo, NULL, NULL, "desk", "revoke", desk_id), ==, 0);
  g_clear_pointer (&request, g_free);
  request = g_strdup_printf ("{\"desk_id\":\"%s\",\"desk_secret\":\"%s\"}", desk_id, secret);
  g_clear_pointer (&reply, g_free);
  reply = POST (fx, "/v1/token", request, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "desk_revoked");
  {
    g_autoptr(GError) error = NULL;

    /* the token made before the revoke stops working at once */
    g_assert_false (dd_server_check_token (fx->server, fx->token, g_get_real_time () / G_USEC_PER_SEC,
                                           NULL, NULL, &error));
    g_assert_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_REVOKED);
  }

  g_assert_cmpint (RUN (fx->conninfo, &list, NULL, "desk", "list", "--json"), ==, 0);
  desks = parse_object (list);
  {
    JsonArray *array = json_object_get_array_member (desks, "desks");
    JsonObject *desk;

    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    desk = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (desk, "id"), ==, desk_id);
    g_assert_false (json_object_get_null_member (desk, "revoked_at"));
  }
}

static void
test_http_errors (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *big = g_malloc (4096);
  g_autoptr(JsonObject) health = NULL;
  char *reply;
  guint status = 0;
  const char *bad_bodies[] = {
    "{\"code\":",                             /* truncated */
    "[1,2]",                                  /* not an object */
    "\"text\"",
    "",
    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "{\"code\":\"\xff\xfe\",\"desk_unit\":\"520102\"}",   /* invalid UTF-8 */
  };

  dd_server_set_max_body_size (fx->server, 1024);
  memset (big, ' ', 4096);
  big[0] = '{';
  big[4095] = '}';

  /* announced and refused before the body is read */
  reply = http (fx->session, fx->port, "POST", "/v1/enrol", big, 4096, TRUE, &status);
  g_assert_cmpuint (status, ==, 413);
  assert_error_body (reply, "payload_too_large");
  g_free (reply);

  /* a body without a length (chunked) is refused before it is read */
  {
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/enrol", fx->port);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("{}", 2, NULL);
    Call call = { NULL, NULL, FALSE };

    soup_message_set_request_body (msg, "application/json", stream, -1);
    soup_session_send_and_read_async (fx->session, msg, G_PRIORITY_DEFAULT, NULL,
                                      on_send_and_read_cb, &call);
    wait_for (&call.done);
    g_assert_no_error (call.error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 411);
    g_bytes_unref (call.body);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    {
      reply = POST (fx, "/v1/enrol", bad_bodies[i], &status);
      g_assert_cmpuint (status, ==, 400);
      assert_error_body (reply, "malformed_json");
      g_free (reply);
    }

  reply = POST (fx, "/v1/enrol", "{\"code\":1,\"desk_unit\":\"520102\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (reply, "invalid_request");
  g_free (reply);

  reply = POST (fx, "/v1/token", "{\"desk_id\":\"not-a-uuid\",\"desk_secret\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error_body (reply, "invalid_credentials");
  g_free (reply);

  reply = GET (fx, "/v1/enrol", &status);
  g_assert_cmpuint (status, ==, 405);
  assert_error_body (reply, "method_not_allowed");
  g_free (reply);

  reply = GET (fx, "/v1/nothing", &status);
  g_assert_cmpuint (status, ==, 404);
  assert_error_body (reply, "not_found");
  g_free (reply);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM desks"), ==, 0);

  /* still serving */
  reply = GET (fx, "/v1/health", &status);
  g_assert_cmpuint (status, ==, 200);
  health = parse_object (reply);
  g_free (reply);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (health, "schema_version"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (health, "protocol"), ==, 1);

  reply = GET (fx, "/metrics", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (reply, "dd_http_requests_total{path=\"/v1/health\",code=\"200\"} 1\n"));
  g_assert_nonnull (strstr (reply, "dd_http_requests_total{path=\"/v1/enrol\",code=\"400\"} 7\n"));
  g_assert_nonnull (strstr (reply, "dd_http_requests_total{path=\"/v1/enrol\",code=\"413\"} 1\n"));
  g_assert_nonnull (strstr (reply, "dd_http_requests_total{path=\"/v1/enrol\",code=\"411\"} 1\n"));
  g_assert_nonnull (strstr (reply, "dd_http_requests_total{path=\"other\",code=\"404\"} 1\n"));
  g_assert_nonnull (strstr (reply, "# TYPE dd_http_request_duration_seconds histogram\n"));
  g_assert_nonnull (strstr (reply, "dd_http_request_duration_seconds_bucket{le=\"+Inf\"} 13\n"));
  g_assert_nonnull (strstr (reply, "dd_http_request_duration_seconds_count 13\n"));
  g_free (reply);
}

/* The real binary: serves on a free port, answers, stops cleanly on SIGTERM. */
static void
test_serve_sigterm (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *reply = NULL;
  const char * const args[] = { "--listen", "127.0.0.1:0", NULL };
  guint port = 0, status = 0;

  process = spawn_server (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          conninfo, args);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (sscanf (line, "duty-desk-server: listening on port %u", &port) == 1);

  reply = http (session, port, "GET", "/v1/health", NULL, -1, FALSE, &status);
  g_assert_cmpuint (status, ==, 200);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* Starts the real server on a free port with @args (after --database). */
static GSubprocess *
start_serving_with (const char          *conninfo,
                    const char * const  *args,
                    guint               *port)
{
  GSubprocess *process = spawn_server (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                       conninfo, args);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (sscanf (line, "duty-desk-server: listening on port %u", port) == 1);
  return process;
}

static GSubprocess *
start_serving (const char *conninfo,
               guint      *port)
{
  return start_serving_with (conninfo, (const char * const[]) { "--listen", "127.0.0.1:0", NULL }, port);
}

static void
stop_serving (GSubprocess  *process,
              char        **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* Two server processes on one database; the same code sent to both at
 * once: exactly one desk is enrolled. */
static void
test_two_servers (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autofree char *code = make_enrol_code (conninfo, "520103");
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"520103\"}", code);
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  SoupMessage *msgs[2];
  Call calls[2] = { { NULL, NULL, FALSE }, { NULL, NULL, FALSE } };
  guint ports[2] = { 0, 0 };
  guint ok = 0, refused = 0;

  first = start_serving (conninfo, &ports[0]);
  second = start_serving (conninfo, &ports[1]);
  g_assert_cmpuint (ports[0], !=, ports[1]);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/enrol", ports[i]);

      msgs[i] = soup_message_new ("POST", uri);
      soup_message_set_request_body_from_bytes (msgs[i], "application/json", bytes);
      soup_session_send_and_read_async (session, msgs[i], G_PRIORITY_DEFAULT, NULL,
                                        on_send_and_read_cb, &calls[i]);
    }
  for (guint i = 0; i < 2; i++)
    {
      wait_for (&calls[i].done);
      g_assert_no_error (calls[i].error);
      if (soup_message_get_status (msgs[i]) == 200)
        ok++;
      else if (soup_message_get_status (msgs[i]) == 403)
        refused++;
      g_bytes_unref (calls[i].body);
      g_object_unref (msgs[i]);
    }
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (refused, ==, 1);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM desks"), ==, 1);

  stop_serving (first, &err1);
  stop_serving (second, &err2);
  /* one structured line per request */
  g_assert_nonnull (strstr (err1, "\"path\":\"/v1/enrol\""));
  g_assert_nonnull (strstr (err2, "\"path\":\"/v1/enrol\""));
  g_assert_nonnull (strstr (err1[0] == '{' ? err1 : err2, "\"status\":"));
}

/* ---------------------------------------------------------------- sync */

typedef struct
{
  char *id;
  char *secret;
  char *token;
} Desk;

static void
desk_free (Desk *desk)
{
  g_free (desk->id);
  g_free (desk->secret);
  g_free (desk->token);
  g_free (desk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desk, desk_free)

/* Sends @method @path with a bearer token to 127.0.0.1:@port. */
static char *
http_auth (SoupSession *session,
           guint        port,
           const char  *token,
           const char  *method,
           const char  *path,
           const char  *body,
           guint       *status)
{
  return http_full (session, port, token, method, path, body, -1, FALSE, status);
}

static Desk *
enrol_desk (SoupSession *session,
            guint        port,
            const char  *conninfo,
            const char  *unit)
{
  g_autofree char *code = make_enrol_code (conninfo, unit);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"%s\"}", code, unit);
  g_autofree char *reply = NULL;
  g_autofree char *token_reply = NULL;
  g_autoptr(JsonObject) enrolled = NULL;
  g_autoptr(JsonObject) token = NULL;
  Desk *desk = g_new0 (Desk, 1);
  guint status = 0;

  reply = http (session, port, "POST", "/v1/enrol", body, -1, FALSE, &status);
  g_assert_cmpuint (status, ==, 200);
  enrolled = parse_object (reply);
  desk->id = g_strdup (json_object_get_string_member (enrolled, "desk_id"));
  desk->secret = g_strdup (json_object_get_string_member (enrolled, "desk_secret"));
  g_free (body);
  body = g_strdup_printf ("{\"desk_id\":\"%s\",\"desk_secret\":\"%s\"}", desk->id, desk->secret);
  token_reply = http (session, port, "POST", "/v1/token", body, -1, FALSE, &status);
  g_assert_cmpuint (status, ==, 200);
  token = parse_object (token_reply);
  desk->token = g_strdup (json_object_get_string_member (token, "access_token"));
  return desk;
}

#define ENROL(fx, unit) enrol_desk ((fx)->session, (fx)->port, (fx)->conninfo, (unit))

static gint64 op_counter;

/* One op as JSON text; a fresh op id and desk_seq each time. */
static char *
op_json (const char *op,
         const char *kind,
         const char *record_id,
         gint64      base_ver,
         gint64      hlc,
         const char *payload)
{
  gint64 n = ++op_counter;

  return g_strdup_printf ("{\"op_id\":\"019a3c1e-8c00-7000-8000-%012" G_GINT64_MODIFIER "x\","
                          "\"desk_seq\":%" G_GINT64_FORMAT ",\"op\":\"%s\",\"record_kind\":\"%s\","
                          "\"record_id\":\"%s\",\"base_ver\":%" G_GINT64_FORMAT ",\"hlc\":%" G_GINT64_FORMAT ","
                          "\"payload\":%s}",
                          n, n, op, kind, record_id, base_ver, hlc, payload);
}

static gint64
hlc_now (void)
{
  return (g_get_real_time () / 1000) << 16;
}

static char *
push_body (const Desk          *desk,
           const char * const  *ops)
{
  g_autofree char *joined = g_strjoinv (",", (char **) ops);

  return g_strdup_printf ("{\"schema_version\":1,\"desk_id\":\"%s\",\"hlc\":%" G_GINT64_FORMAT ","
                          "\"ops\":[%s]}", desk->id, hlc_now (), joined);
}

/* Pushes and returns the answer object (asserting 200). */
static JsonObject *
push_ok (Fixture    *fx,
         const Desk *desk,
         const char *body)
{
  g_autofree char *reply = NULL;
  guint status = 0;

  reply = http_auth (fx->session, fx->port, desk->token, "POST", "/v1/push", body, &status);
  if (status != 200)
    g_error ("push: %u %s", status, reply);
  return parse_object (reply);
}

static JsonObject *
ack_at (JsonObject *answer,
        guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (answer, "acks"), index);
}

static JsonObject *
pull_ok (Fixture    *fx,
         const Desk *desk,
         const char *query)
{
  g_autofree char *path = g_strdup_printf ("/v1/pull%s", query);
  g_autofree char *reply = NULL;
  guint status = 0;

  reply = http_auth (fx->session, fx->port, desk->token, "GET", path, NULL, &status);
  if (status != 200)
    g_error ("pull: %u %s", status, reply);
  return parse_object (reply);
}

/* Whether a pull page holds a change of @record_id. */
static gboolean
page_has (JsonObject *page,
          const char *record_id)
{
  JsonArray *changes = json_object_get_array_member (page, "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (changes, i), "record_id"),
                     record_id))
      return TRUE;
  return FALSE;
}

#define INCIDENT_ID "019a3c1e-8c00-7000-8000-00000000a001"
#define EVENT_ID    "019a3c1e-8c00-7000-8000-00000000e001"

/* Several ops of one record in one batch: each change keeps the state it
 * made, the record ends at the last; an op id named twice is refused. */
static void
test_sync_one_record_twice (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(Desk) county = ENROL (fx, "520102");
  g_autoptr(Desk) prefecture = ENROL (fx, "520100");
  g_autofree char *op1 = op_json ("insert", "incident", INCIDENT_ID, 0, hlc_now (),
                                  "{\"id\":\"" INCIDENT_ID "\",\"owner_unit\":\"520102\","
                                  "\"subtype\":\"flood\",\"description\":\"first\"}");
  g_autofree char *op2 = op_json ("patch", "incident", INCIDENT_ID, 1, hlc_now () + 1,
                                  "{\"description\":\"second\"}");
  g_autofree char *op3 = op_json ("patch", "incident", INCIDENT_ID, 2, hlc_now () + 2,
                                  "{\"status\":\"closed\"}");
  const char *ops[] = { op1, op2, op3, NULL };
  /* op1's id again, under a later desk sequence */
  g_autofree char *again = g_strdup_printf ("{\"op_id\":\"%.36s\",\"desk_seq\":999,\"op\":\"patch\","
                                            "\"record_kind\":\"incident\",\"record_id\":\"" INCIDENT_ID "\","
                                            "\"base_ver\":1,\"hlc\":%" G_GINT64_FORMAT ","
                                            "\"payload\":{\"description\":\"again\"}}",
                                            strstr (op1, "\"op_id\":\"") + strlen ("\"op_id\":\""), hlc_now ());
  const char *twice[] = { op1, again, NULL };
  g_autofree char *body = push_body (county, ops);
  g_autofree char *twice_body = push_body (county, twice);
  g_autofree char *reply = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) page = NULL;
  JsonArray *changes;
  guint status = 0;

  /* refused before anything is written */
  reply = http_auth (fx->session, fx->port, county->token, "POST", "/v1/push", twice_body, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (reply, "op_id"));
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 0);

  answer = push_ok (fx, county, body);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (ack_at (answer, i), "status"), ==, "applied");
      g_assert_cmpint (json_object_get_int_member (ack_at (answer, i), "ver"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (ack_at (answer, i), "server_seq"), ==, i + 1);
    }
  g_assert_cmpint (query_int (fx->conninfo,
                              "SELECT ver * 1000 + last_seq FROM records WHERE record_kind = 'incident'"),
                   ==, 3 * 1000 + 3);
  g_assert_cmpint (query_int (fx->conninfo,
                              "SELECT count(*) FROM records WHERE fields->>'description' = 'second'"
                              " AND fields->>'status' = 'closed' AND fields->>'subtype' = 'flood'"), ==, 1);

  page = pull_ok (fx, prefecture, "");
  changes = json_object_get_array_member (page, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const descriptions[] = { "first", "second", "second" };
      JsonObject *fields = json_object_get_object_member (json_array_get_object_element (changes, i), "fields");

      g_assert_cmpstr (json_object_get_string_member (fields, "description"), ==, descriptions[i]);
      g_assert_cmpint (json_object_has_member (fields, "status"), ==, i == 2);
    }
}

static void
test_sync_push_pull (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(Desk) county = ENROL (fx, "520102");
  g_autoptr(Desk) prefecture = ENROL (fx, "520100");
  g_autoptr(Desk) other = ENROL (fx, "520201");
  g_autoptr(Desk) province = ENROL (fx, "520000");
  g_autofree char *op1 = op_json ("insert", "incident", INCIDENT_ID, 0, hlc_now (),
                                  "{\"id\":\"" INCIDENT_ID "\",\"number\":\"520102-20260701-0001\","
                                  "\"owner_unit\":\"520102\",\"subtype\":\"flood\",\"ver\":1}");
  g_autofree char *op2 = op_json ("append", "incident_event", EVENT_ID, 0, hlc_now () + 1,
                                  "{\"id\":\"" EVENT_ID "\",\"incident_id\":\"" INCIDENT_ID "\","
                                  "\"kind\":\"log\",\"body\":\"{}\"}");
  const char *ops[] = { op1, op2, NULL };
  g_autofree char *body = push_body (county, ops);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(JsonObject) outside = NULL;
  g_autoptr(JsonObject) top = NULL;
  g_autofree char *cursor_query = NULL;
  JsonObject *change;

  first = push_ok (fx, county, body);
  g_assert_cmpstr (json_object_get_string_member (ack_at (first, 0), "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (ack_at (first, 0), "server_seq"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (ack_at (first, 0), "ver"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (ack_at (first, 1), "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (ack_at (first, 1), "server_seq"), ==, 2);
  g_assert_true (json_object_get_int_member (first, "hlc") >= hlc_now () - ((gint64) 60000 << 16));
  g_assert_cmpint (query_int (fx->conninfo, "SELECT last_seq FROM change_seq"), ==, 2);

  /* the answer was lost: the same batch again changes nothing */
  again = push_ok (fx, county, body);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (ack_at (again, i), "status"), ==, "duplicate");
      g_assert_cmpint (json_object_get_int_member (ack_at (again, i), "server_seq"), ==,
                       json_object_get_int_member (ack_at (first, i), "server_seq"));
      g_assert_cmpint (json_object_get_int_member (ack_at (again, i), "ver"), ==,
                       json_object_get_int_member (ack_at (first, i), "ver"));
    }
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 2);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT last_seq FROM change_seq"), ==, 2);

  /* the prefecture reads its county's incident */
  page = pull_ok (fx, prefecture, "");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 2);
  change = json_array_get_object_element (json_object_get_array_member (page, "changes"), 0);
  g_assert_cmpstr (json_object_get_string_member (change, "record_kind"), ==, "incident");
  g_assert_cmpstr (json_object_get_string_member (change, "owner_unit"), ==, "520102");
  g_assert_cmpstr (json_object_get_string_member (change, "desk_id"), ==, county->id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (change, "fields"), "subtype"),
                   ==, "flood");
  /* meta fields are not record fields */
  g_assert_false (json_object_has_member (json_object_get_object_member (change, "fields"), "ver"));
  change = json_array_get_object_element (json_object_get_array_member (page, "changes"), 1);
  g_assert_cmpstr (json_object_get_string_member (change, "owner_unit"), ==, "520102");
  g_assert_false (json_object_get_boolean_member (page, "more"));

  /* from its cursor: nothing new */
  cursor_query = g_strdup_printf ("?cursor=%s", json_object_get_string_member (page, "cursor"));
  empty = pull_ok (fx, prefecture, cursor_query);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (empty, "changes")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (empty, "cursor"), ==,
                   json_object_get_string_member (page, "cursor"));

  /* another prefecture's county sees nothing, but its cursor moves on */
  outside = pull_ok (fx, other, "");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (outside, "changes")), ==, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (outside, "cursor"), ":2"));

  /* the province sees everything below it; pages of one */
  top = pull_ok (fx, province, "?limit=1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "changes")), ==, 1);
  g_assert_true (json_object_get_boolean_member (top, "more"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (top, "cursor"), ":1"));
}

/* Pushes one incident of @unit's desk with @record_id (JSON-escaped). */
static void
push_incident (Fixture    *fx,
               const Desk *desk,
               const char *unit,
               const char *record_id,
               const char *description)
{
  g_autofree char *payload = g_strdup_printf ("{\"owner_unit\":\"%s\",\"description\":\"%s\"}",
                                              unit, description);
  g_autofree char *op = op_json ("insert", "incident", record_id, 0, hlc_now (), payload);
  const char *ops[] = { op, NULL };
  g_autofree char *body = push_body (desk, ops);
  g_autoptr(JsonObject) answer = push_ok (fx, desk, body);

  g_assert_cmpstr (json_object_get_string_member (ack_at (answer, 0), "status"), ==, "applied");
}

/* A desk whose scope holds few of the changes pages through the others
 * (they are looked for in windows of the sequence), and values come back
 * as they went up: strings with quotes, backslashes and control
 * characters, numbers, arrays, objects, null and booleans. */
static void
test_sync_pull_sparse (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(Desk) county = ENROL (fx, "520102");
  g_autoptr(Desk) other = ENROL (fx, "520201");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(JsonObject) whole = NULL;
  g_autofree char *query = NULL;
  JsonObject *change;

  /* sequence 11 and 22 of 22 */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("019a3c1e-8c00-7000-8000-0000000b%04x", i);

      if (i == 10)
        push_incident (fx, county, "520102", "quote\\\"back\\\\slash",
                       "山体滑坡\\ttab \\\"quoted\\\" \\\\ \\u0001");
      push_incident (fx, other, "520201", id, "elsewhere");
    }
  {
    /* values of every JSON type */
    g_autofree char *op = op_json ("insert", "incident", INCIDENT_ID, 0, hlc_now (),
                                   "{\"owner_unit\":\"520102\",\"area\":12.5,\"ratio\":1.0,\"count\":-3,"
                                   "\"tags\":[\"a\",{\"b\":null}],\"ok\":true}");
    const char *ops[] = { op, NULL };
    g_autofree char *body = push_body (county, ops);
    g_autoptr(JsonObject) answer = push_ok (fx, county, body);

    g_assert_cmpstr (json_object_get_string_member (ack_at (answer, 0), "status"), ==, "applied");
  }
  g_assert_cmpint (query_int (fx->conninfo, "SELECT last_seq FROM change_seq"), ==, 22);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes WHERE payload = state"
                                            " AND state @> '{\"area\":12.5,\"ratio\":1.0,\"count\":-3,"
                                            "\"tags\":[\"a\",{\"b\":null}],\"ok\":true}'"), ==, 1);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM records WHERE fields->>'ratio' = '1.0'"
                                            " AND stamps ? 'area'"), ==, 1);

  first = pull_ok (fx, county, "?limit=1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "changes")), ==, 1);
  g_assert_true (json_object_get_boolean_member (first, "more"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (first, "cursor"), ":11"));
  change = json_array_get_object_element (json_object_get_array_member (first, "changes"), 0);
  g_assert_cmpint (json_object_get_int_member (change, "server_seq"), ==, 11);
  g_assert_cmpstr (json_object_get_string_member (change, "record_id"), ==, "quote\"back\\slash");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (change, "fields"), "description"),
                   ==, "山体滑坡\ttab \"quoted\" \\ \001");

  /* eleven changes further on, in the fourth window */
  query = g_strdup_printf ("?limit=1&cursor=%s", json_object_get_string_member (first, "cursor"));
  second = pull_ok (fx, county, query);
  g_assert_true (page_has (second, INCIDENT_ID));
  {
    JsonObject *fields = json_object_get_object_member (json_array_get_object_element (
      json_object_get_array_member (second, "changes"), 0), "fields");
    JsonArray *tags = json_object_get_array_member (fields, "tags");

    g_assert_cmpfloat (json_object_get_double_member (fields, "area"), ==, 12.5);
    g_assert_cmpfloat (json_object_get_double_member (fields, "ratio"), ==, 1.0);
    g_assert_cmpint (json_object_get_int_member (fields, "count"), ==, -3);
    g_assert_true (json_object_get_boolean_member (fields, "ok"));
    g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "a");
    g_assert_true (json_object_get_null_member (json_array_get_object_element (tags, 1), "b"));
  }
  g_assert_true (json_object_get_boolean_member (second, "more"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (second, "cursor"), ":22"));

  g_free (query);
  query = g_strdup_printf ("?limit=1&cursor=%s", json_object_get_string_member (second, "cursor"));
  last = pull_ok (fx, county, query);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (last, "changes")), ==, 0);
  g_assert_false (json_object_get_boolean_member (last, "more"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (last, "cursor"), ":22"));

  /* a page larger than the scope: both, and every change examined */
  whole = pull_ok (fx, county, "?limit=5");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (whole, "changes")), ==, 2);
  g_assert_false (json_object_get_boolean_member (whole, "more"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (whole, "cursor"), ":22"));
}

static void
test_sync_scope (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(Desk) county = ENROL (fx, "520102");
  g_autoptr(Desk) neighbour = ENROL (fx, "520103");
  g_autoptr(Desk) prefecture = ENROL (fx, "520100");
  g_autofree char *insert = op_json ("insert", "incident", INCIDENT_ID, 0, hlc_now (),
                                     "{\"owner_unit\":\"520102\",\"grade\":\"\",\"status\":\"open\","
                                     "\"description\":\"水淹\"}");
  g_autofree char *body = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) from_parent = NULL;
  g_autoptr(JsonObject) from_neighbour = NULL;
  g_autoptr(JsonObject) stale = NULL;
  guint status = 0;

  {
    const char *ops[] = { insert, NULL };

    body = push_body (county, ops);
    answer = push_ok (fx, county, body);
    g_assert_cmpstr (json_object_get_string_member (ack_at (answer, 0), "status"), ==, "applied");
  }

  /* the body must name the token's desk */
  g_clear_pointer (&body, g_free);
  {
    const char *ops[] = { NULL };

    body = push_body (neighbour, ops);
  }
  reply = http_auth (fx->session, fx->port, county->token, "POST", "/v1/push", body, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "out_of_scope");
  g_clear_pointer (&reply, g_free);

  /* no token, a bad token */
  reply = http_auth (fx->session, fx->port, "v1.x.y", "GET", "/v1/pull", NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error_body (reply, "unauthorized");
  g_clear_pointer (&reply, g_free);

  /* a wrong schema_version, a malformed op: refused whole, nothing stored */
  reply = http_auth (fx->session, fx->port, county->token, "POST", "/v1/push",
                     "{\"schema_version\":99,\"ops\":[]}", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (reply, "schema_version");
  g_clear_pointer (&reply, g_free);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"schema_version\":1,\"desk_id\":\"%s\",\"ops\":[{\"op\":\"insert\"}]}", county->id);
  reply = http_auth (fx->session, fx->port, county->token, "POST", "/v1/push", body, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error_body (reply, "invalid_request");
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 1);

  /* the prefecture may set grade and status, append events; not the description */
  {
    g_autofree char *grade = op_json ("patch", "incident", INCIDENT_ID, 1, hlc_now (),
                                      "{\"grade\":\"II\"}");
    g_autofree char *event = op_json ("append", "incident_event", EVENT_ID, 0, hlc_now (),
                                      "{\"incident_id\":\"" INCIDENT_ID "\",\"kind\":\"regrade\"}");
    g_autofree char *description = op_json ("patch", "incident", INCIDENT_ID, 2, hlc_now (),
                                            "{\"description\":\"改写\"}");
    g_autofree char *after = op_json ("patch", "incident", INCIDENT_ID, 2, hlc_now (),
                                      "{\"status\":\"closed\"}");
    g_autofree char *unknown = op_json ("insert", "spaceship", "x1", 0, hlc_now (), "{}");
    const char *ops[] = { grade, event, description, after, unknown, NULL };
    g_autofree char *parent_body = NULL;

    /* an ancestor names the owner explicitly or the server finds it */
    parent_body = push_body (prefecture, ops);
    from_parent = push_ok (fx, prefecture, parent_body);
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_parent, 0), "status"), ==, "applied");
    g_assert_cmpint (json_object_get_int_member (ack_at (from_parent, 0), "ver"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_parent, 1), "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_parent, 2), "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_parent, 2), "reason"), ==, "out_of_scope");
    g_assert_false (json_object_get_boolean_member (ack_at (from_parent, 2), "retryable"));
    /* a later op of the rejected record is parked with it */
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_parent, 3), "reason"), ==, "parked");
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_parent, 4), "reason"), ==, "unknown_kind");
  }
  g_assert_cmpint (query_int (fx->conninfo,
                              "SELECT count(*) FROM records WHERE record_id = '" EVENT_ID "'"
                              " AND owner_unit = '520102'"), ==, 1);
  {
    g_autofree char *grade = query_text (fx->conninfo,
                                         "SELECT fields->>'grade' FROM records WHERE record_kind = 'incident'");
    g_autofree char *description = query_text (fx->conninfo,
                                               "SELECT fields->>'description' FROM records WHERE record_kind = 'incident'");

    g_assert_cmpstr (grade, ==, "II");
    g_assert_cmpstr (description, ==, "水淹");
  }

  /* a neighbouring county can neither write nor read it */
  {
    g_autofree char *patch = op_json ("patch", "incident", INCIDENT_ID, 2, hlc_now (),
                                      "{\"owner_unit\":\"520102\",\"status\":\"closed\"}");
    g_autofree char *event = op_json ("append", "incident_event", "019a3c1e-8c00-7000-8000-00000000e002", 0,
                                      hlc_now (), "{\"incident_id\":\"" INCIDENT_ID "\",\"kind\":\"log\"}");
    const char *ops[] = { patch, event, NULL };
    g_autofree char *neighbour_body = push_body (neighbour, ops);
    g_autoptr(JsonObject) page = NULL;

    from_neighbour = push_ok (fx, neighbour, neighbour_body);
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_neighbour, 0), "reason"), ==, "out_of_scope");
    g_assert_cmpstr (json_object_get_string_member (ack_at (from_neighbour, 1), "reason"), ==, "out_of_scope");
    page = pull_ok (fx, neighbour, "");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 0);
  }

  /* rosters: one writer, optimistic versions */
  {
    g_autofree char *add = op_json ("insert", "absence", "a1", 0, hlc_now (), "{\"who\":\"张三\"}");
    g_autofree char *edit = op_json ("patch", "absence", "a1", 1, hlc_now (), "{\"who\":\"李四\"}");
    g_autofree char *late = op_json ("patch", "absence", "a1", 1, hlc_now (), "{\"who\":\"王五\"}");
    const char *ops[] = { add, edit, late, NULL };
    g_autofree char *roster_body = push_body (county, ops);

    stale = push_ok (fx, county, roster_body);
    g_assert_cmpstr (json_object_get_string_member (ack_at (stale, 1), "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (ack_at (stale, 2), "reason"), ==, "stale_base");
  }

  /* a tombstone */
  {
    g_autofree char *gone = op_json ("delete", "absence", "a1", 2, hlc_now (), "{}");
    const char *ops[] = { gone, NULL };
    g_autofree char *delete_body = push_body (county, ops);
    g_autoptr(JsonObject) deleted = push_ok (fx, county, delete_body);
    g_autoptr(JsonObject) page = pull_ok (fx, prefecture, "");
    JsonArray *changes = json_object_get_array_member (page, "changes");
    JsonObject *last = json_array_get_object_element (changes, json_array_get_length (changes) - 1);

    g_assert_cmpstr (json_object_get_string_member (ack_at (deleted, 0), "status"), ==, "applied");
    g_assert_cmpstr (json_object_get_string_member (last, "op"), ==, "delete");
    g_assert_true (json_object_get_boolean_member (last, "deleted"));
    g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM records WHERE deleted"), ==, 1);
  }

  /* far in the future: applied, flagged */
  {
    g_autofree char *future = op_json ("insert", "staff", "019a3c1e-8c00-7000-8000-0000000000f1", 0,
                                       hlc_now () + ((gint64) 3600 * 1000 << 16), "{\"name\":\"张三\"}");
    const char *ops[] = { future, NULL };
    g_autofree char *future_body = push_body (county, ops);
    g_autoptr(JsonObject) flagged = push_ok (fx, county, future_body);

    g_assert_cmpstr (json_object_get_string_member (ack_at (flagged, 0), "status"), ==, "applied");
    g_assert_true (json_object_get_boolean_member (ack_at (flagged, 0), "flagged"));
    g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes WHERE flagged"), ==, 1);
    /* ordered by receipt: the stamp stored is the server's */
    g_assert_cmpint (query_int (fx->conninfo,
                                "SELECT count(*) FROM changes WHERE flagged AND hlc < "
                                "((extract (epoch FROM now ()) * 1000)::bigint + 60000) * 65536"), ==, 1);
  }
}

static void
test_sync_conflict (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(Desk) a = ENROL (fx, "520102");
  g_autoptr(Desk) b = ENROL (fx, "520102");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) page = NULL;
  gint64 t = hlc_now ();
  JsonObject *ack;
  JsonObject *conflict;

  {
    g_autofree char *add = op_json ("insert", "contact", "c1", 0, t,
                                    "{\"name\":\"值班室\",\"phone\":\"0851-1\",\"note\":\"\"}");
    const char *ops[] = { add, NULL };
    g_autofree char *body = push_body (a, ops);

    first = push_ok (fx, a, body);
  }
  /* both edit the phone from version 1; b also edits the note alone */
  {
    g_autofree char *edit = op_json ("patch", "contact", "c1", 1, t + 10, "{\"phone\":\"0851-A\"}");
    const char *ops[] = { edit, NULL };
    g_autofree char *body = push_body (a, ops);

    second = push_ok (fx, a, body);
    g_assert_cmpstr (json_object_get_string_member (ack_at (second, 0), "status"), ==, "applied");
  }
  {
    g_autofree char *edit = op_json ("patch", "contact", "c1", 1, t + 5,
                                     "{\"phone\":\"0851-B\",\"note\":\"24h\"}");
    const char *ops[] = { edit, NULL };
    g_autofree char *body = push_body (b, ops);

    third = push_ok (fx, b, body);
  }
  ack = ack_at (third, 0);
  g_assert_cmpstr (json_object_get_string_member (ack, "status"), ==, "conflict_recorded");
  g_assert_cmpint (json_object_get_int_member (ack, "ver"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ack, "conflicts")), ==, 1);
  conflict = json_array_get_object_element (json_object_get_array_member (ack, "conflicts"), 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (conflict, "mine"), ==, "0851-B");
  g_assert_cmpstr (json_object_get_string_member (conflict, "theirs"), ==, "0851-A");
  /* a's stamp is later */
  g_assert_cmpstr (json_object_get_string_member (conflict, "winner"), ==, "theirs");

  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM conflicts"), ==, 1);
  {
    g_autofree char *phone = query_text (fx->conninfo, "SELECT fields->>'phone' FROM records");
    g_autofree char *note = query_text (fx->conninfo, "SELECT fields->>'note' FROM records");
    g_autofree char *loser = query_text (fx->conninfo, "SELECT loser_value #>> '{}' FROM conflicts");

    g_assert_cmpstr (phone, ==, "0851-A");
    g_assert_cmpstr (note, ==, "24h");
    g_assert_cmpstr (loser, ==, "0851-B");
  }

  /* a learns of it when it pulls b's change */
  page = pull_ok (fx, a, "");
  {
    JsonArray *changes = json_object_get_array_member (page, "changes");
    JsonObject *last = json_array_get_object_element (changes, 2);
    JsonObject *fields = json_object_get_object_member (last, "fields");

    g_assert_cmpuint (json_array_get_length (changes), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (fields, "phone"), ==, "0851-A");
    conflict = json_array_get_object_element (json_object_get_array_member (last, "conflicts"), 0);
    g_assert_cmpstr (json_object_get_string_member (conflict, "id"), ==,
                     json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (ack, "conflicts"), 0), "id"));
    g_assert_cmpstr (json_object_get_string_member (conflict, "loser_value"), ==, "0851-B");
  }
}

static void
test_sync_resync_and_busy (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(Desk) county = ENROL (fx, "520102");
  g_autofree char *epoch = query_text (fx->conninfo, "SELECT epoch::text FROM server_epoch");
  g_autofree char *path = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *lock_sql = NULL;
  g_autoptr(JsonObject) gone = NULL;
  PGconn *holder;
  PGresult *result;
  guint status = 0;

  /* a cursor ahead of the server (a restored dump) */
  path = g_strdup_printf ("/v1/pull?cursor=%s:5", epoch);
  reply = http_auth (fx->session, fx->port, county->token, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 410);
  gone = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (gone, "error"), ==, "resync_required");
  g_assert_cmpstr (json_object_get_string_member (gone, "server_epoch"), ==, epoch);
  g_clear_pointer (&reply, g_free);
  g_clear_pointer (&path, g_free);

  /* a cursor of another epoch (a recreated server) */
  reply = http_auth (fx->session, fx->port, county->token, "GET",
                     "/v1/pull?cursor=6f1c2d4e-0000-4000-8000-000000000001:0", NULL, &status);
  g_assert_cmpuint (status, ==, 410);
  assert_error_body (reply, "resync_required");
  g_clear_pointer (&reply, g_free);

  reply = http_auth (fx->session, fx->port, county->token, "GET", "/v1/pull?cursor=junk", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, g_free);
  reply = http_auth (fx->session, fx->port, county->token, "GET", "/v1/pull?wait=61", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, g_free);

  /* another push of the same desk holds the lock */
  holder = PQconnectdb (fx->conninfo);
  lock_sql = g_strdup_printf ("SELECT pg_advisory_lock (hashtextextended ('push:%s', 0))", county->id);
  result = PQexec (holder, lock_sql);
  assert_pq_ok (holder, result);
  PQclear (result);
  {
    g_autofree char *op = op_json ("insert", "staff", "019a3c1e-8c00-7000-8000-0000000000f2", 0,
                                   hlc_now (), "{\"name\":\"李四\"}");
    const char *ops[] = { op, NULL };
    g_autofree char *body = push_body (county, ops);

    reply = http_auth (fx->session, fx->port, county->token, "POST", "/v1/push", body, &status);
    g_assert_cmpuint (status, ==, 409);
    assert_error_body (reply, "push_in_progress");
    g_clear_pointer (&reply, g_free);
    PQfinish (holder);
    g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 0);

    reply = http_auth (fx->session, fx->port, county->token, "POST", "/v1/push", body, &status);
    g_assert_cmpuint (status, ==, 200);
  }
}

typedef struct
{
  SoupMessage *msg;
  Call         call;
  gint64       sent_at;
  gint64       answered_at;
} Poll;

static void
on_poll_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Poll *poll = user_data;

  poll->answered_at = g_get_monotonic_time ();
  on_send_and_read_cb (source, result, &poll->call);
}

static void
start_poll (SoupSession *session,
            guint        port,
            const Desk  *desk,
            const char  *query,
            Poll        *poll)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/pull%s", port, query);
  g_autofree char *header = g_strdup_printf ("Bearer %s", desk->token);

  poll->msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (poll->msg), "Authorization", header);
  poll->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, poll->msg, G_PRIORITY_DEFAULT, NULL, on_poll_cb, poll);
}

/* Until the server counts @n pulls held open (its /metrics), iterating. */
static void
wait_for_waiting (SoupSession *session,
                  guint        port,
                  guint        n)
{
  g_autofree char *needle = g_strdup_printf ("dd_pull_waiting %u\n", n);

  for (guint tries = 0; tries < 1000; tries++)
    {
      g_autofree char *metrics = NULL;
      guint status = 0;

      metrics = http (session, port, "GET", "/metrics", NULL, -1, FALSE, &status);
      if (strstr (metrics, needle) != NULL)
        return;
    }
  g_error ("the pull was never held");
}

/* A long poll on one server process is woken by a push committed through
 * another process on the same database. */
static void
test_sync_long_poll_two_servers (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  /* two held pulls and the other requests to the same server at once */
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(Desk) county = NULL;
  g_autoptr(Desk) prefecture = NULL;
  g_autoptr(Desk) other = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *first_page = NULL;
  g_autofree char *query = NULL;
  guint ports[2] = { 0, 0 };
  guint status = 0;
  Poll poll = { 0 };
  Poll outside = { 0 };

  first = start_serving (conninfo, &ports[0]);
  second = start_serving (conninfo, &ports[1]);
  county = enrol_desk (session, ports[1], conninfo, "520102");
  prefecture = enrol_desk (session, ports[0], conninfo, "520100");
  other = enrol_desk (session, ports[0], conninfo, "520201");

  /* an empty page first: the prefecture is up to date */
  first_page = http_auth (session, ports[0], prefecture->token, "GET", "/v1/pull", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  page = parse_object (first_page);
  query = g_strdup_printf ("?wait=30&cursor=%s", json_object_get_string_member (page, "cursor"));
  g_clear_pointer (&page, json_object_unref);

  start_poll (session, ports[0], prefecture, query, &poll);
  start_poll (session, ports[0], other, query, &outside);
  wait_for_waiting (session, ports[0], 2);
  g_assert_false (poll.call.done);

  {
    g_autofree char *op = op_json ("insert", "incident", INCIDENT_ID, 0, hlc_now (),
                                   "{\"owner_unit\":\"520102\",\"grade\":\"II\"}");
    const char *ops[] = { op, NULL };
    g_autofree char *body = push_body (county, ops);

    reply = http_auth (session, ports[1], county->token, "POST", "/v1/push", body, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  wait_for (&poll.call.done);
  g_assert_no_error (poll.call.error);
  g_assert_cmpuint (soup_message_get_status (poll.msg), ==, 200);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (poll.call.body, NULL),
                                       g_bytes_get_size (poll.call.body));

    page = parse_object (text);
  }
  g_assert_true (page_has (page, INCIDENT_ID));
  /* within seconds, not at the end of the wait */
  g_assert_cmpint (poll.answered_at - poll.sent_at, <, 10 * G_USEC_PER_SEC);
  /* the other prefecture's desk is still waiting: not in its scope */
  g_assert_false (outside.call.done);
  wait_for_waiting (session, ports[0], 1);

  /* revoked while waiting: stopped at the next wake */
  g_assert_cmpint (RUN (conninfo, NULL, NULL, "desk", "revoke", other->id), ==, 0);
  {
    g_autofree char *op = op_json ("insert", "staff", "019a3c1e-8c00-7000-8000-0000000000f3", 0,
                                   hlc_now (), "{\"owner_unit\":\"520102\",\"name\":\"王五\"}");
    const char *ops[] = { op, NULL };
    g_autofree char *body = push_body (county, ops);

    g_free (reply);
    reply = http_auth (session, ports[1], county->token, "POST", "/v1/push", body, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  wait_for (&outside.call.done);
  g_assert_cmpuint (soup_message_get_status (outside.msg), ==, 403);
  g_free (reply);
  reply = http_auth (session, ports[0], other->token, "GET", "/v1/pull", NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "desk_revoked");

  g_bytes_unref (poll.call.body);
  g_bytes_unref (outside.call.body);
  g_object_unref (poll.msg);
  g_object_unref (outside.msg);
  stop_serving (first, &err1);
  stop_serving (second, &err2);
  g_assert_nonnull (strstr (err1, "\"path\":\"/v1/pull\""));
  g_assert_nonnull (strstr (err2, "\"path\":\"/v1/push\""));
}

/* ---------------------------------------------------------------- faults */

/* A batch of @n staff inserts, each op made once: pushing the same text
 * again is the desk's retry. */
static GPtrArray *
staff_ops (guint n)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("019a3c1e-8c00-7000-9000-%012" G_GINT64_MODIFIER "x",
                                             op_counter + 1);
      g_autofree char *payload = g_strdup_printf ("{\"owner_unit\":\"520102\",\"name\":\"值班员%u\","
                                                  "\"phone\":\"0851-%06u\"}", i, i);

      g_ptr_array_add (ops, op_json ("insert", "staff", id, 0, hlc_now (), payload));
    }
  return ops;
}

/* The push body of @ops[@from, @to). */
static char *
ops_body (const Desk *desk,
          GPtrArray  *ops,
          guint       from,
          guint       to)
{
  g_autoptr(GPtrArray) slice = g_ptr_array_new ();

  for (guint i = from; i < to; i++)
    g_ptr_array_add (slice, ops->pdata[i]);
  g_ptr_array_add (slice, NULL);
  return push_body (desk, (const char * const *) slice->pdata);
}

typedef struct
{
  SoupMessage  *msg;
  Call          call;
  GCancellable *cancellable;
} Pending;

static void
pending_clear (Pending *pending)
{
  g_clear_object (&pending->msg);
  g_clear_pointer (&pending->call.body, g_bytes_unref);
  g_clear_error (&pending->call.error);
  g_clear_object (&pending->cancellable);
}

/* Starts a POST /v1/push of @body on 127.0.0.1:@port. */
static void
start_push (SoupSession *session,
            guint        port,
            const Desk  *desk,
            const char  *body,
            Pending     *pending)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/push", port);
  g_autofree char *header = g_strdup_printf ("Bearer %s", desk->token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  pending->msg = soup_message_new ("POST", uri);
  pending->cancellable = g_cancellable_new ();
  soup_message_headers_replace (soup_message_get_request_headers (pending->msg), "Authorization", header);
  soup_message_set_request_body_from_bytes (pending->msg, "application/json", bytes);
  soup_session_send_and_read_async (session, pending->msg, G_PRIORITY_DEFAULT, pending->cancellable,
                                    on_send_and_read_cb, &pending->call);
}

/* A connection of the test holding the change_seq row lock: every push
 * applies its ops, then waits to number them. */
static PGconn *
hold_sequence (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, "BEGIN; SELECT last_seq FROM change_seq WHERE id = 1 FOR UPDATE");
  assert_pq_ok (conn, result);
  PQclear (result);
  return conn;
}

static void
release_sequence (PGconn *conn)
{
  PGresult *result = PQexec (conn, "COMMIT");

  assert_pq_ok (conn, result);
  PQclear (result);
  PQfinish (conn);
}

/* Until @sql (one integer) gives @expected, iterating the main context
 * so that the test's own requests go on. */
static void
wait_for_query (const char *conninfo,
                const char *sql,
                gint64      expected)
{
  for (guint tries = 0; tries < 5000; tries++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (query_int (conninfo, sql) == expected)
        return;
    }
  g_error ("“%s” never gave %" G_GINT64_FORMAT, sql, expected);
}

#define LOCK_WAITERS \
  "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%change_seq%'"
#define SERVER_BACKENDS \
  "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'" \
  " AND pid <> pg_backend_pid () AND datname = current_database ()"

/* Every ack of @answer has @status, and they are @n. */
static void
assert_acks (JsonObject *answer,
             guint       from,
             guint       to,
             const char *status)
{
  JsonArray *acks = json_object_get_array_member (answer, "acks");

  g_assert_cmpuint (json_array_get_length (acks), >=, to);
  for (guint i = from; i < to; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (acks, i), "status"),
                     ==, status);
}

static JsonObject *
pending_answer (Pending *pending,
                guint    expected_status)
{
  g_autofree char *text = NULL;

  wait_for (&pending->call.done);
  g_assert_no_error (pending->call.error);
  text = g_strndup (g_bytes_get_data (pending->call.body, NULL), g_bytes_get_size (pending->call.body));
  if (soup_message_get_status (pending->msg) != expected_status)
    g_error ("%u, not %u: %s", soup_message_get_status (pending->msg), expected_status, text);
  return parse_object (text);
}

/* SIGTERM while a 500-op batch is being applied: the server stops
 * accepting, finishes the batch, answers it, and exits 0; the desk's
 * retry of the same batch acks every op duplicate. */
static void
test_serve_drain_mid_batch (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupSession) retry_session = soup_session_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(GDataInputStream) errors = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(Desk) desk = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) retried = NULL;
  g_autofree char *body = NULL;
  g_autofree char *err = NULL;
  g_autofree char *reply = NULL;
  Pending pending = { 0 };
  PGconn *holder;
  guint port = 0, port2 = 0, status = 0;

  process = start_serving (conninfo, &port);
  desk = enrol_desk (session, port, conninfo, "520102");
  ops = staff_ops (DD_SYNC_MAX_BATCH);
  body = ops_body (desk, ops, 0, ops->len);

  holder = hold_sequence (conninfo);
  start_push (session, port, desk, body, &pending);
  wait_for_query (conninfo, LOCK_WAITERS, 1);

  g_subprocess_send_signal (process, SIGTERM);
  errors = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (errors), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (errors, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (strstr (line, "stopping: 1 requests in flight") != NULL)
        break;
    }
  /* no new connection is accepted while the batch finishes */
  for (guint tries = 0; refused == NULL && error == NULL && tries < 1000; tries++)
    {
      refused = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
      if (refused != NULL)
        g_clear_object (&refused);
      else
        break;
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);
  g_assert_false (pending.call.done);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, 0);

  release_sequence (holder);
  answer = pending_answer (&pending, 200);
  assert_acks (answer, 0, DD_SYNC_MAX_BATCH, "applied");
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, DD_SYNC_MAX_BATCH);
  g_assert_cmpint (query_int (conninfo, "SELECT max(server_seq) FROM changes"), ==, DD_SYNC_MAX_BATCH);

  /* the desk did not see the answer in time: it pushes the batch again */
  again = start_serving (conninfo, &port2);
  reply = http_auth (retry_session, port2, desk->token, "POST", "/v1/push", body, &status);
  g_assert_cmpuint (status, ==, 200);
  retried = parse_object (reply);
  assert_acks (retried, 0, DD_SYNC_MAX_BATCH, "duplicate");
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, DD_SYNC_MAX_BATCH);
  pending_clear (&pending);
  g_free (err);
  stop_serving (again, &err);
}

/* kill -9 while a batch waits to commit: nothing of it is stored; the
 * desk pushes it again with the batch before it, which had committed. */
static void
test_fault_kill_mid_batch (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupSession) retry_session = soup_session_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(Desk) desk = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) retried = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autofree char *first_body = NULL;
  g_autofree char *second_body = NULL;
  g_autofree char *all_body = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *err = NULL;
  Pending pending = { 0 };
  PGconn *holder;
  guint port = 0, port2 = 0, status = 0;

  process = start_serving (conninfo, &port);
  desk = enrol_desk (session, port, conninfo, "520102");
  ops = staff_ops (300);
  first_body = ops_body (desk, ops, 0, 100);
  second_body = ops_body (desk, ops, 100, 300);
  all_body = ops_body (desk, ops, 0, 300);

  reply = http_auth (session, port, desk->token, "POST", "/v1/push", first_body, &status);
  if (status != 200)
    g_error ("push: %u %s", status, reply);
  first = parse_object (reply);
  assert_acks (first, 0, 100, "applied");

  holder = hold_sequence (conninfo);
  start_push (session, port, desk, second_body, &pending);
  wait_for_query (conninfo, LOCK_WAITERS, 1);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (process));
  wait_for (&pending.call.done);
  g_assert_nonnull (pending.call.error);

  /* its backend runs on to the next command, finds the client gone and
   * rolls back */
  release_sequence (holder);
  wait_for_query (conninfo, SERVER_BACKENDS, 0);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, 100);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM records"), ==, 100);
  g_assert_cmpint (query_int (conninfo, "SELECT max(server_seq) FROM changes"), ==, 100);

  again = start_serving (conninfo, &port2);
  g_free (reply);
  reply = http_auth (retry_session, port2, desk->token, "POST", "/v1/push", all_body, &status);
  g_assert_cmpuint (status, ==, 200);
  retried = parse_object (reply);
  assert_acks (retried, 0, 100, "duplicate");
  assert_acks (retried, 100, 300, "applied");
  g_free (reply);
  reply = http_auth (retry_session, port2, desk->token, "POST", "/v1/push", all_body, &status);
  third = parse_object (reply);
  assert_acks (third, 0, 300, "duplicate");
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, 300);
  g_assert_cmpint (query_int (conninfo, "SELECT count(DISTINCT op_id) FROM changes"), ==, 300);
  g_assert_cmpint (query_int (conninfo, "SELECT max(server_seq) FROM changes"), ==, 300);
  pending_clear (&pending);
  stop_serving (again, &err);
}

/* The answer is lost (the desk's connection drops while the batch waits
 * to commit): the batch commits all the same, and the retry acks every
 * op duplicate with the sequence it was stored under. */
static void
test_fault_lost_answer (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(Desk) desk = ENROL (fx, "520102");
  g_autoptr(GPtrArray) ops = staff_ops (50);
  g_autofree char *body = ops_body (desk, ops, 0, ops->len);
  g_autoptr(JsonObject) retried = NULL;
  Pending pending = { 0 };
  PGconn *holder;

  holder = hold_sequence (fx->conninfo);
  start_push (fx->session, fx->port, desk, body, &pending);
  wait_for_query (fx->conninfo, LOCK_WAITERS, 1);
  g_cancellable_cancel (pending.cancellable);
  wait_for (&pending.call.done);
  g_assert_error (pending.call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  release_sequence (holder);
  wait_for_query (fx->conninfo, "SELECT count(*) FROM changes", 50);

  retried = push_ok (fx, desk, body);
  assert_acks (retried, 0, 50, "duplicate");
  for (guint i = 0; i < 50; i++)
    {
      JsonObject *ack = ack_at (retried, i);
      g_autofree char *sql = g_strdup_printf ("SELECT server_seq FROM changes WHERE op_id = '%s'",
                                              json_object_get_string_member (ack, "op_id"));

      g_assert_cmpint (json_object_get_int_member (ack, "server_seq"), ==, query_int (fx->conninfo, sql));
    }
  pending_clear (&pending);
}

/* A TCP relay between the desk and the server that the test can cut. */
typedef struct
{
  GSocketService *service;
  guint           port;
  guint           target;
  GCancellable   *cut;
} Relay;

static void
on_spliced_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
on_relay_incoming_cb (GSocketService    *service,
                      GSocketConnection *connection,
                      GObject           *source,
                      gpointer           user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;

  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) relay->target, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, relay->cut, on_spliced_cb, NULL);
  return TRUE;
}

static void
relay_start (Relay *relay,
             guint  target)
{
  g_autoptr(GError) error = NULL;

  relay->service = g_socket_service_new ();
  relay->target = target;
  relay->cut = g_cancellable_new ();
  relay->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (relay->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (relay->service, "incoming", G_CALLBACK (on_relay_incoming_cb), relay);
  g_socket_service_start (relay->service);
}

/* The network drops: every relayed connection is closed at once. */
static void
relay_cut (Relay *relay)
{
  g_cancellable_cancel (relay->cut);
  g_clear_object (&relay->cut);
  relay->cut = g_cancellable_new ();
}

static void
relay_stop (Relay *relay)
{
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  relay_cut (relay);
  g_clear_object (&relay->service);
  g_clear_object (&relay->cut);
}

/* The network drops while a pull is held: the desk sees an error, polls
 * again from the same cursor, and gets what was pushed meanwhile. */
static void
test_fault_long_poll_drop (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(Desk) county = ENROL (fx, "520102");
  g_autoptr(Desk) prefecture = ENROL (fx, "520100");
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) woken = NULL;
  g_autoptr(SoupSession) desk_session = soup_session_new ();
  g_autofree char *query = NULL;
  g_autofree char *id = g_strdup ("019a3c1e-8c00-7000-8000-0000000000d1");
  g_autofree char *op = op_json ("insert", "staff", id, 0, hlc_now (), "{\"owner_unit\":\"520102\",\"name\":\"赵六\"}");
  const char *ops[] = { op, NULL };
  g_autofree char *body = push_body (county, ops);
  g_autoptr(JsonObject) pushed = NULL;
  Relay relay = { 0 };
  Poll poll = { 0 };
  Poll retry = { 0 };

  relay_start (&relay, fx->port);
  page = pull_ok (fx, prefecture, "");
  query = g_strdup_printf ("?wait=30&cursor=%s", json_object_get_string_member (page, "cursor"));

  start_poll (desk_session, relay.port, prefecture, query, &poll);
  wait_for_waiting (fx->session, fx->port, 1);
  relay_cut (&relay);
  wait_for (&poll.call.done);
  g_assert_nonnull (poll.call.error);

  /* committed while the desk was cut off */
  pushed = push_ok (fx, county, body);
  assert_acks (pushed, 0, 1, "applied");

  start_poll (desk_session, relay.port, prefecture, query, &retry);
  wait_for (&retry.call.done);
  g_assert_no_error (retry.call.error);
  g_assert_cmpuint (soup_message_get_status (retry.msg), ==, 200);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (retry.call.body, NULL),
                                       g_bytes_get_size (retry.call.body));

    woken = parse_object (text);
  }
  g_assert_true (page_has (woken, id));

  g_clear_error (&poll.call.error);
  g_object_unref (poll.msg);
  g_bytes_unref (retry.call.body);
  g_object_unref (retry.msg);
  relay_stop (&relay);
}

#define N_DESKS 6
#define N_BATCHES 4
#define BATCH_OPS 50

/* Two server processes on one database, six desks pushing at once
 * through both, and a province desk following with long polls: the
 * sequence it pulls is gap-free and holds every op exactly once. */
static void
test_fault_two_servers_concurrent (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 16, NULL);
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(Desk) province = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  static const char * const units[N_DESKS] = { "520102", "520103", "520111", "520201", "520302", "520100" };
  Desk *desks[N_DESKS];
  GPtrArray *ops[N_DESKS];
  guint next_batch[N_DESKS] = { 0 };
  Pending pushes[N_DESKS] = { { 0 } };
  Poll poll = { 0 };
  guint ports[2];
  guint total = N_DESKS * N_BATCHES * BATCH_OPS, pushing = N_DESKS;
  gint64 last_seq = 0;

  first = start_serving (conninfo, &ports[0]);
  second = start_serving (conninfo, &ports[1]);
  province = enrol_desk (session, ports[0], conninfo, "520000");
  for (guint d = 0; d < N_DESKS; d++)
    {
      desks[d] = enrol_desk (session, ports[d % 2], conninfo, units[d]);
      ops[d] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < N_BATCHES * BATCH_OPS; i++)
        {
          g_autofree char *id = g_strdup_printf ("019a3c1e-8c00-7000-a000-%012" G_GINT64_MODIFIER "x",
                                                 op_counter + 1);
          g_autofree char *payload = g_strdup_printf ("{\"owner_unit\":\"%s\",\"name\":\"%u-%u\"}",
                                                      units[d], d, i);

          g_ptr_array_add (ops[d], op_json ("insert", "staff", id, 0, hlc_now (), payload));
        }
    }

  /* every desk's first batch at once, alternating servers; the follower
   * polls the first server */
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autofree char *body = ops_body (desks[d], ops[d], 0, BATCH_OPS);

      start_push (session, ports[d % 2], desks[d], body, &pushes[d]);
      next_batch[d] = 1;
    }
  start_poll (session, ports[0], province, "?wait=30&limit=1000", &poll);

  while (g_hash_table_size (seen) < total || pushing > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint d = 0; d < N_DESKS; d++)
        {
          g_autoptr(JsonObject) answer = NULL;

          if (pushes[d].msg == NULL || !pushes[d].call.done)
            continue;
          answer = pending_answer (&pushes[d], 200);
          assert_acks (answer, 0, BATCH_OPS, "applied");
          pending_clear (&pushes[d]);
          memset (&pushes[d], 0, sizeof pushes[d]);
          if (next_batch[d] < N_BATCHES)
            {
              g_autofree char *body = ops_body (desks[d], ops[d], next_batch[d] * BATCH_OPS,
                                                (next_batch[d] + 1) * BATCH_OPS);

              /* the next batch through the other server */
              start_push (session, ports[(d + next_batch[d]) % 2], desks[d], body, &pushes[d]);
              next_batch[d]++;
            }
          else
            pushing--;
        }
      if (poll.call.done)
        {
          g_autofree char *text = NULL;
          g_autofree char *query = NULL;
          g_autoptr(JsonObject) page = NULL;
          JsonArray *changes;

          g_assert_no_error (poll.call.error);
          g_assert_cmpuint (soup_message_get_status (poll.msg), ==, 200);
          text = g_strndup (g_bytes_get_data (poll.call.body, NULL), g_bytes_get_size (poll.call.body));
          page = parse_object (text);
          changes = json_object_get_array_member (page, "changes");
          for (guint i = 0; i < json_array_get_length (changes); i++)
            {
              JsonObject *change = json_array_get_object_element (changes, i);
              gint64 seq = json_object_get_int_member (change, "server_seq");

              /* the province sees every change: no gap, no repeat */
              g_assert_cmpint (seq, ==, last_seq + 1);
              last_seq = seq;
              g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (change,
                                                                                             "record_id"))));
            }
          g_free (cursor);
          cursor = g_strdup (json_object_get_string_member (page, "cursor"));
          g_clear_pointer (&poll.call.body, g_bytes_unref);
          g_clear_object (&poll.msg);
          poll.call.done = FALSE;
          if (g_hash_table_size (seen) < total)
            {
              query = g_strdup_printf ("?wait=30&limit=1000&cursor=%s", cursor);
              start_poll (session, ports[0], province, query, &poll);
            }
        }
    }

  g_assert_cmpint (last_seq, ==, total);
  g_assert_cmpint (query_int (conninfo, "SELECT count(DISTINCT op_id) FROM changes"), ==, total);
  g_assert_cmpint (query_int (conninfo, "SELECT max(server_seq) FROM changes"), ==, total);
  for (guint d = 0; d < N_DESKS; d++)
    {
      desk_free (desks[d]);
      g_ptr_array_unref (ops[d]);
    }
  stop_serving (first, &err1);
  stop_serving (second, &err2);
}

/* Tombstones go only once every active desk has pulled past them; a desk
 * behind the horizon downloads again, and its queued ops still land. */
static void
test_sync_purge (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(Desk) writer = ENROL (fx, "520102");
  g_autoptr(Desk) reader = ENROL (fx, "520100");
  g_autoptr(Desk) sleeper = ENROL (fx, "520102");
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) purged = NULL;
  g_autofree char *early_cursor = NULL;
  g_autofree char *query = NULL;
  g_autofree char *out = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *kept = g_strdup ("019a3c1e-8c00-7000-8000-0000000000b1");
  g_autofree char *gone = g_strdup ("019a3c1e-8c00-7000-8000-0000000000b2");
  g_autofree char *queued = g_strdup ("019a3c1e-8c00-7000-8000-0000000000b3");
  guint status = 0;

  {
    g_autofree char *op1 = op_json ("insert", "staff", kept, 0, hlc_now (), "{\"name\":\"留\"}");
    g_autofree char *op2 = op_json ("insert", "staff", gone, 0, hlc_now (), "{\"name\":\"删\"}");
    const char *ops[] = { op1, op2, NULL };
    g_autofree char *body = push_body (writer, ops);

    answer = push_ok (fx, writer, body);
  }
  /* every desk pulls once; the sleeper then falls behind */
  page = pull_ok (fx, sleeper, "");
  early_cursor = g_strdup (json_object_get_string_member (page, "cursor"));
  g_clear_pointer (&page, json_object_unref);
  query = g_strdup_printf ("?cursor=%s", early_cursor);
  g_clear_pointer (&page, json_object_unref);
  page = pull_ok (fx, sleeper, query);
  g_clear_pointer (&page, json_object_unref);
  {
    g_autofree char *op = op_json ("delete", "staff", gone, 1, hlc_now (), "{}");
    const char *ops[] = { op, NULL };
    g_autofree char *body = push_body (writer, ops);

    g_clear_pointer (&answer, json_object_unref);
    answer = push_ok (fx, writer, body);
    assert_acks (answer, 0, 1, "applied");
  }
  for (guint i = 0; i < 2; i++)
    {
      Desk *desk = i == 0 ? writer : reader;
      g_autoptr(JsonObject) first = pull_ok (fx, desk, "");
      g_autofree char *next = g_strdup_printf ("?cursor=%s", json_object_get_string_member (first, "cursor"));
      g_autoptr(JsonObject) second = pull_ok (fx, desk, next);
    }

  /* the sleeper, active and behind, holds the horizon back */
  g_assert_cmpint (RUN (fx->conninfo, &out, NULL, "purge", "--json"), ==, 0);
  purged = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (purged, "horizon"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (purged, "records"), ==, 0);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 3);

  /* forty days without a word: no longer active */
  g_free (query_text (fx->conninfo, "UPDATE desks SET last_seen = now () - interval '40 days'"
                                    " WHERE unit = '520102' AND pulled_seq = 2 RETURNING 1"));
  g_clear_pointer (&purged, json_object_unref);
  g_free (out);
  g_assert_cmpint (RUN (fx->conninfo, &out, NULL, "purge", "--json"), ==, 0);
  purged = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (purged, "horizon"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (purged, "records"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (purged, "changes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (purged, "purged_seq"), ==, 3);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 1);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM records WHERE deleted"), ==, 0);

  /* the sleeper wakes: its queued op lands, its cursor is refused, and
   * a download without one has no trace of the purged record */
  {
    g_autofree char *op = op_json ("insert", "staff", queued, 0, hlc_now (), "{\"name\":\"醒\"}");
    const char *ops[] = { op, NULL };
    g_autofree char *body = push_body (sleeper, ops);

    g_clear_pointer (&answer, json_object_unref);
    answer = push_ok (fx, sleeper, body);
    assert_acks (answer, 0, 1, "applied");
  }
  reply = http_auth (fx->session, fx->port, sleeper->token, "GET", query, NULL, &status);
  g_free (reply);
  g_free (query);
  query = g_strdup_printf ("/v1/pull?cursor=%s", early_cursor);
  reply = http_auth (fx->session, fx->port, sleeper->token, "GET", query, NULL, &status);
  g_assert_cmpuint (status, ==, 410);
  assert_error_body (reply, "resync_required");
  g_clear_pointer (&page, json_object_unref);
  page = pull_ok (fx, sleeper, "");
  g_assert_true (page_has (page, kept));
  g_assert_true (page_has (page, queued));
  g_assert_false (page_has (page, gone));

  /* the last-seen gauge names each desk */
  {
    g_autofree char *metrics = GET (fx, "/metrics", &status);
    g_autofree char *needle = g_strdup_printf ("dd_desk_last_seen_seconds{desk=\"%s\"} ", sleeper->id);

    g_assert_nonnull (strstr (metrics, needle));
  }
}

/* ---------------------------------------------------------------- failpoints */

static GSubprocess *
start_serving_failpoint (const char *conninfo,
                         const char *failpoint,
                         guint      *port)
{
  const char * const args[] = { "--listen", "127.0.0.1:0", "--failpoint", failpoint, NULL };

  return start_serving_with (conninfo, args, port);
}

static void
on_process_exited_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Until @process has ended at its failpoint. */
static void
wait_for_failpoint (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gboolean done = FALSE;

  /* iterating: the request that reaches the failpoint is sent from here */
  g_subprocess_wait_async (process, NULL, on_process_exited_cb, &done);
  wait_for (&done);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 86);
  g_assert_nonnull (strstr (err, "failpoint"));
}

/* Every change of @desk's scope from @cursor (NULL: none) on, page by
 * page; asserts each sequence comes once and in order; returns how many. */
static guint
pull_all (SoupSession *session,
          guint        port,
          const Desk  *desk,
          const char  *cursor,
          guint        limit,
          GHashTable  *record_ids)
{
  g_autofree char *next = g_strdup (cursor);
  gint64 last_seq = 0;
  guint n = 0;

  for (;;)
    {
      g_autofree char *path = NULL;
      g_autofree char *reply = NULL;
      g_autoptr(JsonObject) page = NULL;
      JsonArray *changes;
      guint status = 0;

      path = next != NULL ? g_strdup_printf ("/v1/pull?limit=%u&cursor=%s", limit, next)
                          : g_strdup_printf ("/v1/pull?limit=%u", limit);
      reply = http_auth (session, port, desk->token, "GET", path, NULL, &status);
      if (status != 200)
        g_error ("pull: %u %s", status, reply);
      page = parse_object (reply);
      changes = json_object_get_array_member (page, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          gint64 seq = json_object_get_int_member (change, "server_seq");

          g_assert_cmpint (seq, >, last_seq);
          last_seq = seq;
          if (record_ids != NULL)
            g_hash_table_add (record_ids, g_strdup (json_object_get_string_member (change, "record_id")));
          n++;
        }
      g_free (next);
      next = g_strdup (json_object_get_string_member (page, "cursor"));
      if (!json_object_get_boolean_member (page, "more"))
        return n;
    }
}

/* The server ends at a failpoint of a push batch (before or after its
 * commit) and is started again: the desk pushes the batch again, and
 * again (every batch sent twice); each op is stored once. */
static void
test_fault_failpoint_push (gconstpointer data)
{
  const char *failpoint = data;
  gboolean committed = g_str_equal (failpoint, "after-commit");
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupSession) retry_session = soup_session_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(Desk) desk = NULL;
  g_autoptr(Desk) reader = NULL;
  g_autoptr(JsonObject) retried = NULL;
  g_autoptr(JsonObject) twice = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *body = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *err = NULL;
  Pending pending = { 0 };
  guint port = 0, port2 = 0, status = 0;
  gint64 stored = committed ? 200 : 0;

  process = start_serving_failpoint (conninfo, failpoint, &port);
  desk = enrol_desk (session, port, conninfo, "520102");
  reader = enrol_desk (session, port, conninfo, "520100");
  ops = staff_ops (200);
  body = ops_body (desk, ops, 0, ops->len);

  start_push (session, port, desk, body, &pending);
  wait_for_failpoint (process);
  wait_for (&pending.call.done);
  g_assert_nonnull (pending.call.error);
  /* its backend finds the client gone (rolling back what did not commit) */
  wait_for_query (conninfo, SERVER_BACKENDS, 0);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, stored);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM records"), ==, stored);
  g_assert_cmpint (query_int (conninfo, "SELECT last_seq FROM change_seq"), ==, stored);

  again = start_serving (conninfo, &port2);
  reply = http_auth (retry_session, port2, desk->token, "POST", "/v1/push", body, &status);
  if (status != 200)
    g_error ("push: %u %s", status, reply);
  retried = parse_object (reply);
  assert_acks (retried, 0, 200, committed ? "duplicate" : "applied");
  g_clear_pointer (&reply, g_free);
  reply = http_auth (retry_session, port2, desk->token, "POST", "/v1/push", body, &status);
  g_assert_cmpuint (status, ==, 200);
  twice = parse_object (reply);
  assert_acks (twice, 0, 200, "duplicate");
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (json_object_get_int_member (ack_at (retried, i), "server_seq"), ==,
                     json_object_get_int_member (ack_at (twice, i), "server_seq"));

  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, 200);
  g_assert_cmpint (query_int (conninfo, "SELECT count(DISTINCT op_id) FROM changes"), ==, 200);
  g_assert_cmpint (query_int (conninfo, "SELECT max(server_seq) FROM changes"), ==, 200);
  /* the prefecture downloads each record once */
  g_assert_cmpuint (pull_all (retry_session, port2, reader, NULL, 64, ids), ==, 200);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 200);
  pending_clear (&pending);
  stop_serving (again, &err);
}

/* The server ends while it builds a pull page and is started again: the
 * desk pulls again from its cursor and gets every change once. */
static void
test_fault_failpoint_pull (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupSession) retry_session = soup_session_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(Desk) writer = NULL;
  g_autoptr(Desk) reader = NULL;
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(JsonObject) pushed = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *body = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  Poll poll = { 0 };
  guint port = 0, port2 = 0, status = 0;

  process = start_serving_failpoint (conninfo, "mid-pull-page", &port);
  writer = enrol_desk (session, port, conninfo, "520102");
  reader = enrol_desk (session, port, conninfo, "520100");
  /* an empty page builds nothing: the failpoint is not reached */
  reply = http_auth (session, port, reader->token, "GET", "/v1/pull", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  empty = parse_object (reply);
  cursor = g_strdup (json_object_get_string_member (empty, "cursor"));

  ops = staff_ops (300);
  body = ops_body (writer, ops, 0, ops->len);
  g_clear_pointer (&reply, g_free);
  reply = http_auth (session, port, writer->token, "POST", "/v1/push", body, &status);
  g_assert_cmpuint (status, ==, 200);
  pushed = parse_object (reply);
  assert_acks (pushed, 0, 300, "applied");

  path = g_strdup_printf ("?limit=100&cursor=%s", cursor);
  start_poll (session, port, reader, path, &poll);
  wait_for_failpoint (process);
  wait_for (&poll.call.done);
  g_assert_nonnull (poll.call.error);

  again = start_serving (conninfo, &port2);
  g_assert_cmpuint (pull_all (retry_session, port2, reader, cursor, 100, ids), ==, 300);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 300);
  /* and pulling again from the same cursor changes nothing */
  g_hash_table_remove_all (ids);
  g_assert_cmpuint (pull_all (retry_session, port2, reader, cursor, 100, ids), ==, 300);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 300);
  g_assert_cmpint (query_int (conninfo, "SELECT count(*) FROM changes"), ==, 300);
  g_clear_error (&poll.call.error);
  g_clear_object (&poll.msg);
  stop_serving (again, &err);
}

/* An unknown failpoint is a usage error. */
static void
test_fault_failpoint_unknown (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autofree char *err = NULL;

  g_assert_cmpint (RUN (conninfo, NULL, &err, "--failpoint", "nowhere"), ==, 2);
  g_assert_nonnull (strstr (err, "nowhere"));
}

/* ---------------------------------------------------------------- restore */

static void
run_pg_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", argv[0], err);
}

/* The server's database is restored from an older pg_dump: a desk whose
 * cursor is past the dump is told to resync, pushes its acked ops again
 * (those lost with the restore land once, the others ack duplicate) and
 * downloads its scope; an epoch rotated by hand is refused the same way. */
static void
test_fault_restore_dump (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  g_autofree char *restored = new_database ();
  g_autofree char *dir = g_dir_make_tmp ("dd-dump.XXXXXX", NULL);
  g_autofree char *dump = g_build_filename (dir, "older.sql", NULL);
  g_autofree char *pg_dump = g_build_filename (g_getenv ("PGBIN") ? g_getenv ("PGBIN") : "/usr/lib/postgresql/15/bin",
                                               "pg_dump", NULL);
  g_autofree char *psql = g_build_filename (g_getenv ("PGBIN") ? g_getenv ("PGBIN") : "/usr/lib/postgresql/15/bin",
                                            "psql", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(Desk) writer = NULL;
  g_autoptr(Desk) reader = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *all = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *err = NULL;
  g_autofree char *epoch = NULL;
  guint port = 0, port2 = 0, status = 0;

  g_assert_nonnull (dir);
  process = start_serving (conninfo, &port);
  writer = enrol_desk (session, port, conninfo, "520102");
  reader = enrol_desk (session, port, conninfo, "520100");
  ops = staff_ops (150);
  first = ops_body (writer, ops, 0, 100);
  second = ops_body (writer, ops, 100, 150);
  all = ops_body (writer, ops, 0, 150);

  reply = http_auth (session, port, writer->token, "POST", "/v1/push", first, &status);
  g_assert_cmpuint (status, ==, 200);
  run_pg_tool ((const char * const[]) { pg_dump, "--no-owner", "-f", dump, "-d", conninfo, NULL });
  g_clear_pointer (&reply, g_free);
  reply = http_auth (session, port, writer->token, "POST", "/v1/push", second, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (pull_all (session, port, reader, NULL, 500, NULL), ==, 150);
  {
    g_autoptr(JsonObject) page = pull_ok (&(Fixture) { .session = session, .port = port }, reader, "");

    cursor = g_strdup (json_object_get_string_member (page, "cursor"));
  }
  stop_serving (process, &err);

  run_pg_tool ((const char * const[]) { psql, "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null",
                                        "-f", dump, "-d", restored, NULL });
  g_assert_cmpint (query_int (restored, "SELECT count(*) FROM changes"), ==, 100);
  again = start_serving (restored, &port2);

  /* the reader's cursor is ahead of the restored server */
  path = g_strdup_printf ("/v1/pull?cursor=%s", cursor);
  g_clear_pointer (&reply, g_free);
  reply = http_auth (session, port2, reader->token, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 410);
  gone = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (gone, "error"), ==, "resync_required");

  /* the writer marks its acked ops pending again and pushes them */
  g_clear_pointer (&reply, g_free);
  reply = http_auth (session, port2, writer->token, "POST", "/v1/push", all, &status);
  g_assert_cmpuint (status, ==, 200);
  answer = parse_object (reply);
  assert_acks (answer, 0, 100, "duplicate");
  assert_acks (answer, 100, 150, "applied");
  g_clear_pointer (&reply, g_free);
  reply = http_auth (session, port2, writer->token, "POST", "/v1/push", all, &status);
  g_clear_pointer (&answer, json_object_unref);
  answer = parse_object (reply);
  assert_acks (answer, 0, 150, "duplicate");
  g_assert_cmpint (query_int (restored, "SELECT count(*) FROM changes"), ==, 150);
  g_assert_cmpint (query_int (restored, "SELECT count(DISTINCT op_id) FROM changes"), ==, 150);
  g_assert_cmpint (query_int (restored, "SELECT count(*) FROM records"), ==, 150);

  /* the reader downloads its scope again: every record once */
  g_assert_cmpuint (pull_all (session, port2, reader, NULL, 64, ids), ==, 150);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 150);

  /* an epoch rotated by hand: a cursor within the sequence is refused too */
  epoch = query_text (restored, "SELECT epoch::text FROM server_epoch");
  g_free (query_text (restored, "UPDATE server_epoch SET epoch = gen_random_uuid () RETURNING 1"));
  g_free (path);
  path = g_strdup_printf ("/v1/pull?cursor=%s:10", epoch);
  g_clear_pointer (&reply, g_free);
  reply = http_auth (session, port2, reader->token, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 410);
  assert_error_body (reply, "resync_required");
  g_clear_pointer (&ids, g_hash_table_unref);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpuint (pull_all (session, port2, reader, NULL, 64, ids), ==, 150);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 150);

  g_free (err);
  err = NULL;
  stop_serving (again, &err);
  g_unlink (dump);
  g_rmdir (dir);
}

/* ---------------------------------------------------------------- security */

/* A token signed with the server's key, for @desk_id, expiring at @exp. */
static char *
forge_token (const char *conninfo,
             const char *desk_id,
             const char *unit,
             gint64      exp)
{
  g_autofree char *key = query_text (conninfo, "SELECT hmac_key FROM server_key");
  g_autofree char *payload = g_strdup_printf ("{\"desk\":\"%s\",\"unit\":\"%s\",\"exp\":%" G_GINT64_FORMAT "}",
                                              desk_id, unit, exp);
  g_autofree char *encoded = g_base64_encode ((const guchar *) payload, strlen (payload));
  g_autofree char *signed_part = NULL;
  g_autofree char *mac = NULL;
  gsize len;

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  len = strlen (encoded);
  while (len > 0 && encoded[len - 1] == '=')
    encoded[--len] = '\0';
  signed_part = g_strconcat ("v1.", encoded, NULL);
  mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key), signed_part, -1);
  return g_strconcat (signed_part, ".", mac, NULL);
}

static void
assert_nothing_stored (Fixture *fx)
{
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 0);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM records"), ==, 0);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM conflicts"), ==, 0);
  g_assert_cmpint (query_int (fx->conninfo, "SELECT last_seq FROM change_seq"), ==, 0);
}

static void
assert_still_serving (Fixture *fx)
{
  g_autofree char *reply = NULL;
  g_autoptr(JsonObject) health = NULL;
  guint status = 0;

  reply = GET (fx, "/v1/health", &status);
  g_assert_cmpuint (status, ==, 200);
  health = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
}

/* Sends @body to /v1/push with @token and expects @status and @code. */
static void
assert_push_refused (Fixture    *fx,
                     const char *token,
                     const char *body,
                     gssize      length,
                     guint       expected,
                     const char *code)
{
  g_autofree char *reply = NULL;
  guint status = 0;

  reply = http_full (fx->session, fx->port, token, "POST", "/v1/push", body, length, FALSE, &status);
  if (status != expected)
    g_error ("push of %.60s: %u, not %u: %s", body, status, expected, reply);
  assert_error_body (reply, code);
  assert_nothing_stored (fx);
  assert_still_serving (fx);
}

/* Hostile requests: each a 4xx with a JSON error, nothing stored, the
 * server still serving. */
static void
test_security_refusals (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(Desk) desk = ENROL (fx, "520102");
  g_autoptr(Desk) other = ENROL (fx, "520201");
  g_autoptr(Desk) revoked = ENROL (fx, "520102");
  g_autofree char *op = op_json ("insert", "staff", "019a3c1e-8c00-7000-8000-0000000000c1", 0, hlc_now (),
                                 "{\"name\":\"钱七\"}");
  const char *ops[] = { op, NULL };
  g_autofree char *good = push_body (desk, ops);
  g_autofree char *expired = forge_token (fx->conninfo, desk->id, "520102", g_get_real_time () / G_USEC_PER_SEC - 10);
  g_autofree char *forged = g_strdup (desk->token);
  g_autofree char *truncated = g_strndup (good, strlen (good) / 2);
  g_autofree char *as_other = NULL;
  g_autofree char *huge_id = NULL;
  g_autofree char *huge_body = NULL;
  g_autofree char *bad_utf8 = NULL;
  g_autofree char *reply = NULL;
  guint status = 0;

  forged[strlen (forged) - 1] = forged[strlen (forged) - 1] == '0' ? '1' : '0';

  /* tokens */
  assert_push_refused (fx, NULL, good, -1, 401, "unauthorized");
  assert_push_refused (fx, "not-a-token", good, -1, 401, "unauthorized");
  assert_push_refused (fx, forged, good, -1, 401, "unauthorized");
  assert_push_refused (fx, expired, good, -1, 401, "unauthorized");
  reply = http_auth (fx->session, fx->port, expired, "GET", "/v1/pull", NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error_body (reply, "unauthorized");

  /* another desk's id in the body */
  as_other = g_strdup (good);
  memcpy (strstr (as_other, desk->id), other->id, strlen (other->id));
  assert_push_refused (fx, desk->token, as_other, -1, 403, "out_of_scope");

  /* a revoked desk: its token stops at once, for push and pull */
  g_assert_cmpint (RUN (fx->conninfo, NULL, NULL, "desk", "revoke", revoked->id), ==, 0);
  {
    g_autofree char *body = push_body (revoked, ops);

    assert_push_refused (fx, revoked->token, body, -1, 403, "desk_revoked");
  }
  g_clear_pointer (&reply, g_free);
  reply = http_auth (fx->session, fx->port, revoked->token, "GET", "/v1/pull", NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  assert_error_body (reply, "desk_revoked");

  /* malformed bodies */
  assert_push_refused (fx, desk->token, truncated, -1, 400, "malformed_json");
  assert_push_refused (fx, desk->token, "[]", -1, 400, "malformed_json");
  {
    g_autoptr(GString) deep = g_string_new (NULL);

    g_string_printf (deep, "{\"schema_version\":1,\"desk_id\":\"%s\",\"ops\":", desk->id);
    for (guint i = 0; i < 40; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 40; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    assert_push_refused (fx, desk->token, deep->str, -1, 400, "malformed_json");
  }
  bad_utf8 = g_strdup (good);
  {
    char *name = strstr (bad_utf8, "钱七");

    name[0] = '\xff';
    name[1] = '\xfe';
  }
  assert_push_refused (fx, desk->token, bad_utf8, -1, 400, "malformed_json");

  /* wrong types and out-of-range members */
  {
    const char *templates[] = {
      "{\"schema_version\":\"1\",\"desk_id\":\"DESK\",\"ops\":[]}",
      "{\"schema_version\":1,\"desk_id\":\"DESK\",\"ops\":{}}",
      "{\"schema_version\":1,\"desk_id\":\"DESK\",\"ops\":[1]}",
      "{\"schema_version\":1,\"desk_id\":\"DESK\",\"ops\":[{\"op_id\":\"019a3c1e-8c00-7000-8000-0000000000c2\","
        "\"desk_seq\":\"1\",\"op\":\"insert\",\"record_kind\":\"staff\",\"record_id\":\"x\",\"base_ver\":0,"
        "\"hlc\":1,\"payload\":{}}]}",
      "{\"schema_version\":1,\"desk_id\":\"DESK\",\"ops\":[{\"op_id\":\"019a3c1e-8c00-7000-8000-0000000000c3\","
        "\"desk_seq\":1,\"op\":\"insert\",\"record_kind\":\"staff\",\"record_id\":\"x\",\"base_ver\":0,"
        "\"hlc\":1,\"payload\":\"not an object\"}]}",
      "{\"schema_version\":1,\"desk_id\":\"DESK\",\"ops\":[{\"op_id\":\"019a3c1e-8c00-7000-8000-0000000000c4\","
        "\"desk_seq\":1,\"op\":\"explode\",\"record_kind\":\"staff\",\"record_id\":\"x\",\"base_ver\":0,"
        "\"hlc\":1,\"payload\":{}}]}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
      {
        g_auto(GStrv) parts = g_strsplit (templates[i], "DESK", -1);
        g_autofree char *body = g_strjoinv (desk->id, parts);

        assert_push_refused (fx, desk->token, body, -1, 400, "invalid_request");
      }
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"schema_version\":7,\"desk_id\":\"%s\",\"ops\":[]}", desk->id);

    assert_push_refused (fx, desk->token, body, -1, 400, "schema_version");
  }

  /* huge strings: a record id past its limit, a body past the body limit */
  {
    g_autofree char *long_id = g_strnfill (200, 'a');
    g_autofree char *long_op = op_json ("insert", "staff", long_id, 0, hlc_now (), "{\"name\":\"x\"}");
    const char *long_ops[] = { long_op, NULL };

    huge_id = push_body (desk, long_ops);
    assert_push_refused (fx, desk->token, huge_id, -1, 400, "invalid_request");
  }
  {
    g_autofree char *filler = g_strnfill (2 * 1024 * 1024, 'x');

    huge_body = g_strdup_printf ("{\"schema_version\":1,\"desk_id\":\"%s\",\"ops\":[],\"pad\":\"%s\"}",
                                 desk->id, filler);
    g_clear_pointer (&reply, g_free);
    reply = http_full (fx->session, fx->port, desk->token, "POST", "/v1/push", huge_body, -1, TRUE, &status);
    g_assert_cmpuint (status, ==, 413);
    assert_error_body (reply, "payload_too_large");
    assert_nothing_stored (fx);
    assert_still_serving (fx);
  }

  /* and the desk's proper push is stored after all that */
  {
    g_autoptr(JsonObject) answer = push_ok (fx, desk, good);

    assert_acks (answer, 0, 1, "applied");
    g_assert_cmpint (query_int (fx->conninfo, "SELECT count(*) FROM changes"), ==, 1);
  }
}

/* A client that sends half a request and stalls is cut off after the
 * timeout; a held pull is not. */
static void
test_serve_timeout (void)
{
  g_autofree char *conninfo = migrated_database_with_units ();
  const char * const args[] = { "--listen", "127.0.0.1:0", "--timeout", "1", NULL };
  g_autoptr(GSubprocess) process = spawn_server (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                 conninfo, args);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Desk) desk = NULL;
  g_autofree char *line = NULL;
  g_autofree char *err = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonObject) page = NULL;
  const char partial[] = "POST /v1/enrol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"co";
  char buffer[512];
  gssize n;
  gint64 started;
  guint port = 0, status = 0;
  Poll poll = { 0 };

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sscanf (line, "duty-desk-server: listening on port %u", &port) == 1);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), partial,
                             strlen (partial), NULL, NULL, &error);
  g_assert_no_error (error);
  /* a bound on the test's own read, far above the server's timeout */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
  started = g_get_monotonic_time ();
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                           sizeof buffer, NULL, &error);
  /* closed by the server (EOF or reset), not by the test's bound */
  g_assert_true (n == 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE));
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);

  /* a pull held for 2 s outlives the 1 s timeout */
  desk = enrol_desk (session, port, conninfo, "520102");
  {
    g_autofree char *reply = http_auth (session, port, desk->token, "GET", "/v1/pull", NULL, &status);

    page = parse_object (reply);
  }
  query = g_strdup_printf ("?wait=2&cursor=%s", json_object_get_string_member (page, "cursor"));
  start_poll (session, port, desk, query, &poll);
  wait_for (&poll.call.done);
  g_assert_no_error (poll.call.error);
  g_assert_cmpuint (soup_message_get_status (poll.msg), ==, 200);
  g_assert_cmpint (poll.answered_at - poll.sent_at, >=, 2 * G_USEC_PER_SEC - G_USEC_PER_SEC / 10);
  g_bytes_unref (poll.call.body);
  g_object_unref (poll.msg);
  stop_serving (process, &err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  base_conninfo = g_getenv ("DD_PG_CONNINFO");
  if (base_conninfo == NULL)
    g_error ("run through tests/server/with-pg.sh: DD_PG_CONNINFO is not set");

  g_test_add_func ("/server/migrate/twice", test_migrate_twice);
  g_test_add_func ("/server/migrate/concurrent", test_migrate_concurrent);
  g_test_add_func ("/server/migrate/required", test_serve_needs_schema);
  g_test_add_func ("/server/unit/import", test_unit_import);
  g_test_add_func ("/server/unit/import-bad", test_unit_import_bad);
  g_test_add_func ("/server/unit/add", test_unit_add);
  g_test_add ("/server/http/enrol-token", Fixture, NULL,
              fixture_set_up, test_enrol_and_token, fixture_tear_down);
  g_test_add ("/server/http/errors", Fixture, NULL,
              fixture_set_up, test_http_errors, fixture_tear_down);
  g_test_add_func ("/server/serve/sigterm", test_serve_sigterm);
  g_test_add_func ("/server/serve/two-servers", test_two_servers);
  g_test_add ("/server/sync/push-pull", Fixture, NULL,
              fixture_set_up, test_sync_push_pull, fixture_tear_down);
  g_test_add ("/server/sync/one-record-twice", Fixture, NULL,
              fixture_set_up, test_sync_one_record_twice, fixture_tear_down);
  g_test_add ("/server/sync/pull-sparse", Fixture, NULL,
              fixture_set_up, test_sync_pull_sparse, fixture_tear_down);
  g_test_add ("/server/sync/scope", Fixture, NULL,
              fixture_set_up, test_sync_scope, fixture_tear_down);
  g_test_add ("/server/sync/conflict", Fixture, NULL,
              fixture_set_up, test_sync_conflict, fixture_tear_down);
  g_test_add ("/server/sync/resync-busy", Fixture, NULL,
              fixture_set_up, test_sync_resync_and_busy, fixture_tear_down);
  g_test_add_func ("/server/sync/long-poll-two-servers", test_sync_long_poll_two_servers);
  g_test_add ("/server/sync/purge", Fixture, NULL,
              fixture_set_up, test_sync_purge, fixture_tear_down);
  g_test_add_func ("/server/serve/timeout", test_serve_timeout);
  g_test_add_func ("/server/serve/drain-mid-batch", test_serve_drain_mid_batch);
  g_test_add_func ("/server/fault/kill-mid-batch", test_fault_kill_mid_batch);
  g_test_add ("/server/fault/lost-answer", Fixture, NULL,
              fixture_set_up, test_fault_lost_answer, fixture_tear_down);
  g_test_add ("/server/fault/long-poll-drop", Fixture, NULL,
              fixture_set_up, test_fault_long_poll_drop, fixture_tear_down);
  g_test_add_func ("/server/fault/two-servers-concurrent", test_fault_two_servers_concurrent);
  g_test_add_data_func ("/server/fault/failpoint-before-commit", "before-commit", test_fault_failpoint_push);
  g_test_add_data_func ("/server/fault/failpoint-after-commit", "after-commit", test_fault_failpoint_push);
  g_test_add_func ("/server/fault/failpoint-mid-pull-page", test_fault_failpoint_pull);
  g_test_add_func ("/server/fault/failpoint-unknown", test_fault_failpoint_unknown);
  g_test_add_func ("/server/fault/restore-older-dump", test_fault_restore_dump);
  g_test_add ("/server/security/refusals", Fixture, NULL,
              fixture_set_up, test_security_refusals, fixture_tear_down);

  return g_test_run ();
}

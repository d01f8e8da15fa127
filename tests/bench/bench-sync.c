/* bench-sync.c: the provincial server under load, against a real
 * PostgreSQL (run through tests/server/with-pg.sh) over loopback HTTP.
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * a) push throughput: 4 desks at once, each pushing 5 batches of 100 new
 *    records through one server process (4 workers), in ops/s;
 * b) the floor under a): the same rows (change log and record state)
 *    written by a bare libpq loop, one transaction per 100 rows, in ops/s;
 * c) pull latency: from sending a push of one op to a waiting long poll
 *    of another desk receiving it, in ms.
 * Prints median, min and max of each measure and the ratio a/b; with
 * --pouchdb SCRIPT also the PouchDB yardstick it runs in node.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "bench-http.h"

#define N_DESKS 4
#define N_BATCHES 5
#define BATCH_OPS 100
#define PUSH_RUNS 5
#define LATENCY_RUNS 21

static guint64 counter;

static double
report (const char *label,
        double     *values,
        guint       n,
        const char *unit)
{
  double median;

  qsort (values, n, sizeof (double), compare_doubles);
  median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  printf ("%s: median %.1f %s, min %.1f %s, max %.1f %s (%u runs)\n",
          label, median, unit, values[0], unit, values[n - 1], unit, n);
  fflush (stdout);
  return median;
}

/* A desk of @unit, enrolled; returns its access token. */
static char *
enrol (const char *unit)
{
  const char * const code_args[] = { "enrol-code", "--unit", unit, "--json", NULL };
  g_autofree char *code_json = run_admin (code_args);
  g_autoptr(JsonNode) code = json_from_string (code_json, NULL);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"%s\"}",
                                           json_object_get_string_member (json_node_get_object (code), "code"),
                                           unit);
  g_autoptr(JsonObject) enrolled = NULL;
  g_autoptr(JsonObject) token = NULL;
  Call call;

  call_start (&call, "POST", "/v1/enrol", NULL, body);
  enrolled = call_finish (&call);
  g_free (body);
  body = g_strdup_printf ("{\"desk_id\":\"%s\",\"desk_secret\":\"%s\"}",
                          json_object_get_string_member (enrolled, "desk_id"),
                          json_object_get_string_member (enrolled, "desk_secret"));
  call_start (&call, "POST", "/v1/token", NULL, body);
  token = call_finish (&call);
  return g_strdup_printf ("%s %s", json_object_get_string_member (enrolled, "desk_id"),
                          json_object_get_string_member (token, "access_token"));
}

/* A push body of @n new staff records of @unit. */
static char *
batch_body (const char *desk_id,
            const char *unit,
            guint       n)
{
  GString *body = g_string_new (NULL);
  gint64 hlc = (g_get_real_time () / 1000) << 16;

  g_string_append_printf (body, "{\"schema_version\":1,\"desk_id\":\"%s\",\"hlc\":%" G_GINT64_FORMAT ",\"ops\":[",
                          desk_id, hlc);
  for (guint i = 0; i < n; i++)
    {
      guint64 k = ++counter;

      g_string_append_printf (body,
                              "%s{\"op_id\":\"019a3c1e-8c00-7000-8000-%012" G_GINT64_MODIFIER "x\","
                              "\"desk_seq\":%" G_GUINT64_FORMAT ",\"op\":\"insert\",\"record_kind\":\"staff\","
                              "\"record_id\":\"019a3c1e-8c00-7000-9000-%012" G_GINT64_MODIFIER "x\","
                              "\"hlc\":%" G_GINT64_FORMAT ",\"payload\":{\"owner_unit\":\"%s\","
                              "\"name\":\"值班员%" G_GUINT64_FORMAT "\",\"phone\":\"0851-%06u\"}}",
                              i > 0 ? "," : "", k, k, k, hlc + (gint64) i, unit, k, (guint) (k % 1000000));
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static const char * const units[N_DESKS] = { "520102", "520103", "520111", "520112" };

/* a) */
static double
run_push (char **desks)
{
  char *bodies[N_DESKS][N_BATCHES];
  Call calls[N_DESKS];
  guint next[N_DESKS] = { 0 };
  guint running = N_DESKS;
  gint64 start;

  for (guint d = 0; d < N_DESKS; d++)
    for (guint b = 0; b < N_BATCHES; b++)
      {
        g_auto(GStrv) parts = g_strsplit (desks[d], " ", 2);

        bodies[d][b] = batch_body (parts[0], units[d], BATCH_OPS);
      }

  start = g_get_monotonic_time ();
  for (guint d = 0; d < N_DESKS; d++)
    {
      call_start (&calls[d], "POST", "/v1/push", strchr (desks[d], ' ') + 1, bodies[d][0]);
      next[d] = 1;
    }
  while (running > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint d = 0; d < N_DESKS; d++)
        {
          g_autoptr(JsonObject) answer = NULL;

          if (calls[d].msg == NULL || !calls[d].done)
            continue;
          answer = call_finish (&calls[d]);
          if (json_array_get_length (json_object_get_array_member (answer, "acks")) != BATCH_OPS)
            g_error ("short answer");
          if (next[d] < N_BATCHES)
            call_start (&calls[d], "POST", "/v1/push", strchr (desks[d], ' ') + 1, bodies[d][next[d]++]);
          else
            running--;
        }
    }
  for (guint d = 0; d < N_DESKS; d++)
    for (guint b = 0; b < N_BATCHES; b++)
      g_free (bodies[d][b]);
  return N_DESKS * N_BATCHES * BATCH_OPS / ((g_get_monotonic_time () - start) / 1e6);
}

/* b) the same rows by a bare libpq loop: no HTTP, no JSON, no merge */
static double
run_floor (PGconn *conn)
{
  gint64 start = g_get_monotonic_time ();
  PGresult *result;

  result = PQexec (conn, "CREATE TEMP TABLE IF NOT EXISTS floor_changes (LIKE changes INCLUDING DEFAULTS INCLUDING INDEXES);"
                         "CREATE TEMP TABLE IF NOT EXISTS floor_records (LIKE records INCLUDING DEFAULTS INCLUDING INDEXES);"
                         "TRUNCATE floor_changes, floor_records");
  PQclear (result);
  for (guint b = 0; b < N_DESKS * N_BATCHES; b++)
    {
      PQclear (PQexec (conn, "BEGIN"));
      for (guint i = 0; i < BATCH_OPS; i++)
        {
          guint64 k = ++counter;
          g_autofree char *seq = g_strdup_printf ("%" G_GUINT64_FORMAT, k);
          g_autofree char *id = g_strdup_printf ("019a3c1e-8c00-7000-9000-%012" G_GINT64_MODIFIER "x", k);
          g_autofree char *payload = g_strdup_printf ("{\"owner_unit\":\"520102\",\"name\":\"值班员%"
                                                      G_GUINT64_FORMAT "\",\"phone\":\"0851-%06u\"}",
                                                      k, (guint) (k % 1000000));
          const char *params[4] = { seq, id, payload, id };

          result = PQexecParams (conn,
                                 "INSERT INTO floor_records (record_kind, owner_unit, record_id, ver, hlc,"
                                 " fields, last_seq) VALUES ('staff', '520102', $2, 1, 0, $3::jsonb, $1::bigint)",
                                 3, NULL, params, NULL, NULL, 0);
          if (PQresultStatus (result) != PGRES_COMMAND_OK)
            g_error ("floor: %s", PQerrorMessage (conn));
          PQclear (result);
          result = PQexecParams (conn,
                                 "INSERT INTO floor_changes (server_seq, desk_id, op_id, desk_seq, op,"
                                 " record_kind, record_id, owner_unit, ver, hlc, payload, state)"
                                 " VALUES ($1::bigint, gen_random_uuid (), $4::uuid, $1::bigint, 'insert', 'staff',"
                                 " $2, '520102', 1, 0, $3::jsonb, $3::jsonb)",
                                 4, NULL, params, NULL, NULL, 0);
          if (PQresultStatus (result) != PGRES_COMMAND_OK)
            g_error ("floor: %s", PQerrorMessage (conn));
          PQclear (result);
        }
      PQclear (PQexec (conn, "COMMIT"));
    }
  return N_DESKS * N_BATCHES * BATCH_OPS / ((g_get_monotonic_time () - start) / 1e6);
}

/* c) */
static double
run_latency (const char *pusher,
             const char *follower,
             char      **cursor)
{
  g_auto(GStrv) parts = g_strsplit (pusher, " ", 2);
  g_autofree char *body = batch_body (parts[0], "520102", 1);
  g_autofree char *query = g_strdup_printf ("/v1/pull?wait=30&cursor=%s", *cursor);
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) pushed = NULL;
  Call poll, push;
  gint64 sent;

  call_start (&poll, "GET", query, strchr (follower, ' ') + 1, NULL);
  /* held once the server counts it */
  for (guint tries = 0; ; tries++)
    {
      Call metrics;
      gboolean held;

      call_start (&metrics, "GET", "/metrics", NULL, NULL);
      while (!metrics.done)
        g_main_context_iteration (NULL, TRUE);
      held = metrics.body != NULL &&
             g_strstr_len (g_bytes_get_data (metrics.body, NULL), (gssize) g_bytes_get_size (metrics.body),
                           "dd_pull_waiting 1\n") != NULL;
      g_clear_pointer (&metrics.body, g_bytes_unref);
      g_clear_error (&metrics.error);
      g_clear_object (&metrics.msg);
      if (held)
        break;
      if (tries > 1000)
        g_error ("the pull was never held");
    }
  sent = g_get_monotonic_time ();
  call_start (&push, "POST", "/v1/push", parts[1], body);
  page = call_finish (&poll);
  if (json_array_get_length (json_object_get_array_member (page, "changes")) != 1)
    g_error ("the poll did not get the change");
  pushed = call_finish (&push);
  g_free (*cursor);
  *cursor = g_strdup (json_object_get_string_member (page, "cursor"));
  return (poll.done_at - sent) / 1e3;
}

/* The PouchDB yardstick: node replicating the same number of docs
 * between two in-memory databases; prints "ops/s". */
static gboolean
run_pouchdb (const char *script,
             double     *ops_per_second)
{
  g_autofree char *docs = g_strdup_printf ("%u", N_DESKS * N_BATCHES * BATCH_OPS);
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  node = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           script, docs, NULL);
  if (node == NULL || !g_subprocess_communicate_utf8 (node, NULL, NULL, &out, &err, &error) ||
      g_subprocess_get_exit_status (node) != 0)
    {
      printf ("PouchDB yardstick not run: %s\n", error != NULL ? error->message : err);
      return FALSE;
    }
  *ops_per_second = g_ascii_strtod (out, NULL);
  return *ops_per_second > 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *created = NULL;
  g_autofree char *csv = NULL;
  const char *pouchdb = NULL;
  double push[PUSH_RUNS], floor_rate[PUSH_RUNS], latency[LATENCY_RUNS], pouch[PUSH_RUNS];
  double push_median, floor_median, pouch_median;
  guint n_pouch = 0;
  char *desks[N_DESKS];
  g_autofree char *follower = NULL;
  PGconn *conn;

  if (argc < 3)
    g_error ("usage: bench-sync SERVER DIVISIONS.csv [--pouchdb SCRIPT]");
  server_path = argv[1];
  csv = g_strdup (argv[2]);
  if (argc == 5 && g_str_equal (argv[3], "--pouchdb"))
    pouchdb = argv[4];
  conninfo = g_getenv ("DD_PG_CONNINFO");
  if (conninfo == NULL)
    g_error ("run through tests/server/with-pg.sh");

  server = bench_start_server (csv, NULL);
  session = soup_session_new_with_options ("max-conns-per-host", 16, NULL);

  for (guint d = 0; d < N_DESKS; d++)
    desks[d] = enrol (units[d]);
  follower = enrol ("520100");

  conn = PQconnectdb (conninfo);
  for (guint r = 0; r < PUSH_RUNS; r++)
    {
      push[r] = run_push (desks);
      floor_rate[r] = run_floor (conn);
      if (pouchdb != NULL && run_pouchdb (pouchdb, &pouch[n_pouch]))
        n_pouch++;
    }
  PQfinish (conn);
  printf ("%u desks x %u batches of %u ops\n", N_DESKS, N_BATCHES, BATCH_OPS);
  push_median = report ("a) push through duty-desk-server", push, PUSH_RUNS, "ops/s");
  floor_median = report ("b) bare libpq INSERT loop, same rows", floor_rate, PUSH_RUNS, "ops/s");
  printf ("ratio a/b: %.2f\n", push_median / floor_median);
  if (n_pouch > 0)
    {
      pouch_median = report ("PouchDB 7 memory-to-memory replication, same number of docs", pouch, n_pouch,
                             "docs/s");
      printf ("ratio a/PouchDB: %.2f\n", push_median / pouch_median);
    }

  {
    g_autoptr(JsonObject) page = NULL;
    Call call;

    call_start (&call, "GET", "/v1/pull?limit=1000", strchr (follower, ' ') + 1, NULL);
    page = call_finish (&call);
    cursor = g_strdup (json_object_get_string_member (page, "cursor"));
    /* to the end of the log */
    while (json_object_get_boolean_member (page, "more"))
      {
        g_autofree char *query = g_strdup_printf ("/v1/pull?limit=1000&cursor=%s", cursor);

        g_clear_pointer (&page, json_object_unref);
        call_start (&call, "GET", query, strchr (follower, ' ') + 1, NULL);
        page = call_finish (&call);
        g_free (cursor);
        cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      }
  }
  for (guint r = 0; r < LATENCY_RUNS; r++)
    latency[r] = run_latency (desks[0], follower, &cursor);
  report ("c) pull latency, push sent to long poll answered", latency, LATENCY_RUNS, "ms");

  for (guint d = 0; d < N_DESKS; d++)
    g_free (desks[d]);
  g_clear_object (&session);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  return 0;
}

/* bench-sync-desks.c: the sync benchmarks of the issue, against a real
 * duty-desk-server and PostgreSQL (run through tests/server/with-pg.sh),
 * real HTTP over loopback.
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-sync-desks SERVER DIVISIONS.csv MODE [--pouchdb SCRIPT]
 *
 * transfer: 10,000 incident ops logged on one desk (SQLite desk file,
 *   dd_store_log_call(), untimed) are pushed by DdSyncClient, then a fresh
 *   desk of the same county pulls them (DdSyncClient: pages applied into
 *   its tables), with batches (push and pull page) of 100 and of 500. Each
 *   run uses another county, so a fresh desk pulls only that run's ops.
 *   Yardstick (with --pouchdb): PouchDB replicating 10,000 small docs into
 *   pouchdb-server over loopback, batch_size 100 and 500, in the same run.
 * propagation: 500 desks hold long polls (real held requests, re-polled
 *   at once when answered); a county desk pushes a grade II incident; the
 *   time from sending that push to the provincial desk's poll answering
 *   with it; p50 and p99.
 * throughput: 2,000 enrolled desks; 64 pushes in flight, each of a desk
 *   not already pushing (one incident insert); pushes/s, p50 and p99.
 *
 * Desks of propagation and throughput are enrolled through /v1/enrol and
 * /v1/token; their codes are written in bulk as `enrol-code` writes them
 * (one INSERT into enrol_codes per code). Nothing is asserted on times.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "bench-http.h"

#include "dd-incident-store.h"
#include "dd-rules-loader.h"
#include "dd-store-private.h"
#include "dd-store-service.h"
#include "dd-sync-client.h"
#include "dd-sync-store.h"

#define TRANSFER_OPS     10000
#define TRANSFER_RUNS    3
#define N_POLLERS        500
#define PROPAGATION_RUNS 101
#define N_PUSHERS        2000
#define IN_FLIGHT        64
#define ENROL_IN_FLIGHT  8
#define THROUGHPUT_PUSHES 2000
#define THROUGHPUT_RUNS  3

static guint64 counter;
static char *tmpdir;

static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint i;

  qsort (values, n, sizeof (double), compare_doubles);
  i = (guint) (p * (n - 1) + 0.5);
  return values[MIN (i, n - 1)];
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static char *
enrol_code (const char *unit)
{
  const char * const args[] = { "enrol-code", "--unit", unit, "--json", NULL };
  g_autofree char *json = run_admin (args);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "code"));
}

/* ------------------------------------------------------------ HTTP desks */

typedef struct
{
  char *unit;
  char *desk_id;
  char *token;
  char *cursor;
  Call  call;
} Desk;

/* Enrols a desk of each unit of @units (as codes of `enrol-code`, written
 * in bulk), IN_FLIGHT at a time through /v1/enrol and /v1/token. */
static Desk *
enrol_desks (PGconn     *conn,
             char      **units,
             guint       n)
{
  Desk *desks = g_new0 (Desk, n);
  guint next = 0, done = 0, running = 0;
  guint8 *stage = g_new0 (guint8, n);
  char **codes = g_new0 (char *, n + 1);
  PGresult *result;

  PQclear (PQexec (conn, "BEGIN"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *hash = NULL;
      const char *params[2];

      codes[i] = g_strdup_printf ("BENCH%08u%08X", i, g_random_int ());
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, codes[i], -1);
      params[0] = hash;
      params[1] = units[i];
      result = PQexecParams (conn, "INSERT INTO enrol_codes (code_hash, unit, expires_at)"
                                   " VALUES ($1, $2, now () + interval '1 day')",
                             2, NULL, params, NULL, NULL, 0);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("enrol code: %s", PQerrorMessage (conn));
      PQclear (result);
      desks[i].unit = g_strdup (units[i]);
      desks[i].call.index = i;
    }
  PQclear (PQexec (conn, "COMMIT"));

  while (done < n)
    {
      /* a few at a time: the server's listen backlog is short */
      while (running < ENROL_IN_FLIGHT && next < n)
        {
          g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"desk_unit\":\"%s\"}", codes[next], units[next]);

          call_start (&desks[next].call, "POST", "/v1/enrol", NULL, body);
          next++;
          running++;
        }
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < next; i++)
        {
          g_autoptr(JsonObject) answer = NULL;

          if (stage[i] == 2 || !desks[i].call.done)
            continue;
          answer = call_take (&desks[i].call);
          if (stage[i] == 0)
            {
              g_autofree char *body = g_strdup_printf ("{\"desk_id\":\"%s\",\"desk_secret\":\"%s\"}",
                                                       json_object_get_string_member (answer, "desk_id"),
                                                       json_object_get_string_member (answer, "desk_secret"));

              desks[i].desk_id = g_strdup (json_object_get_string_member (answer, "desk_id"));
              call_start (&desks[i].call, "POST", "/v1/token", NULL, body);
              stage[i] = 1;
            }
          else
            {
              desks[i].token = g_strdup (json_object_get_string_member (answer, "access_token"));
              stage[i] = 2;
              running--;
              done++;
            }
        }
    }
  g_strfreev (codes);
  g_free (stage);
  return desks;
}

/* A push body of one new grade II incident of @unit. */
static char *
incident_body (const char *desk_id,
               const char *unit)
{
  gint64 hlc = (g_get_real_time () / 1000) << 16;
  guint64 k = ++counter;

  return g_strdup_printf ("{\"schema_version\":1,\"desk_id\":\"%s\",\"hlc\":%" G_GINT64_FORMAT ",\"ops\":["
                          "{\"op_id\":\"019a3c1e-8c00-7000-8000-%012" G_GINT64_MODIFIER "x\","
                          "\"desk_seq\":%" G_GUINT64_FORMAT ",\"op\":\"insert\",\"record_kind\":\"incident\","
                          "\"record_id\":\"019a3c1e-8c00-7000-9000-%012" G_GINT64_MODIFIER "x\","
                          "\"hlc\":%" G_GINT64_FORMAT ",\"payload\":{\"owner_unit\":\"%s\","
                          "\"number\":\"%s-2026-%06" G_GUINT64_FORMAT "\",\"grade\":\"II\","
                          "\"status\":\"open\",\"summary\":\"山体滑坡，现场有人被困\"}}]}",
                          desk_id, hlc, k, k, k, hlc, unit, unit, k);
}

/* The units of the divisions file, by level. */
static void
load_units (const char *csv,
            GPtrArray  *counties,
            GPtrArray  *prefectures)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (csv, &text, NULL, NULL))
    g_error ("cannot read %s", csv);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 4);

      if (g_strv_length (fields) < 3)
        continue;
      if (g_str_equal (fields[2], "county"))
        g_ptr_array_add (counties, g_strdup (fields[0]));
      else if (g_str_equal (fields[2], "prefecture"))
        g_ptr_array_add (prefectures, g_strdup (fields[0]));
    }
}

static gboolean
metrics_say (const char *line)
{
  Call metrics = { 0 };
  gboolean found;

  call_start (&metrics, "GET", "/metrics", NULL, NULL);
  while (!metrics.done)
    g_main_context_iteration (NULL, TRUE);
  found = metrics.body != NULL &&
          g_strstr_len (g_bytes_get_data (metrics.body, NULL), (gssize) g_bytes_get_size (metrics.body),
                        line) != NULL;
  g_clear_pointer (&metrics.body, g_bytes_unref);
  g_clear_error (&metrics.error);
  g_clear_object (&metrics.msg);
  return found;
}

static void
poll_start (Desk *desk)
{
  g_autofree char *query = g_strdup_printf ("/v1/pull?wait=60&limit=1000%s%s",
                                            desk->cursor != NULL ? "&cursor=" : "",
                                            desk->cursor != NULL ? desk->cursor : "");

  call_start (&desk->call, "GET", query, desk->token, NULL);
}

/* ----------------------------------------------------------- propagation */

/* Polls again every poll answered (desk 1 pushes, it does not poll);
 * whether the province's answer held a change, its time since @sent in
 * @ms. */
static gboolean
serve_polls (Desk   *desks,
             Desk   *province,
             gint64  sent,
             double *ms)
{
  gboolean arrived = FALSE;

  for (guint i = 0; i < N_POLLERS + 1; i++)
    {
      g_autoptr(JsonObject) page = NULL;
      gint64 done_at = desks[i].call.done_at;

      if (i == 1 || !desks[i].call.done)
        continue;
      page = call_take (&desks[i].call);
      g_free (desks[i].cursor);
      desks[i].cursor = g_uri_escape_string (json_object_get_string_member (page, "cursor"), NULL, FALSE);
      if (&desks[i] == province && json_array_get_length (json_object_get_array_member (page, "changes")) > 0)
        {
          *ms = (done_at - sent) / 1e3;
          arrived = TRUE;
        }
      poll_start (&desks[i]);
    }
  return arrived;
}

static void
run_propagation (PGconn    *conn,
                 GPtrArray *counties,
                 GPtrArray *prefectures)
{
  g_autofree char *held = g_strdup_printf ("dd_pull_waiting %u\n", N_POLLERS);
  char **units = g_new0 (char *, N_POLLERS + 1);
  double latency[PROPAGATION_RUNS];
  Desk *desks, *province, *county;
  Desk pusher_desk = { 0 };
  gint64 start;

  /* desk 0: the province; 1: the pushing county's desk (it pushes, it
   * does not poll); the rest spread over every unit */
  units[0] = g_strdup ("520000");
  units[1] = g_strdup (counties->pdata[0]);
  for (guint i = 2; i < N_POLLERS + 1; i++)
    {
      guint k = i % (counties->len + prefectures->len + 1);

      units[i] = g_strdup (k < counties->len ? counties->pdata[k] :
                           k < counties->len + prefectures->len ? prefectures->pdata[k - counties->len] :
                           "520000");
    }
  start = g_get_monotonic_time ();
  desks = enrol_desks (conn, units, N_POLLERS + 1);
  printf ("propagation: %u desks enrolled in %.1f s\n", N_POLLERS + 1, (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);
  province = &desks[0];
  county = &desks[1];
  pusher_desk = *county;

  /* the pollers: every desk but the pusher; first to the end of the log */
  for (guint i = 0; i < N_POLLERS + 1; i++)
    if (i != 1)
      {
        g_autoptr(JsonObject) page = NULL;
        g_autofree char *query = g_strdup ("/v1/pull?limit=1000");

        call_start (&desks[i].call, "GET", query, desks[i].token, NULL);
        page = call_finish (&desks[i].call);
        desks[i].cursor = g_uri_escape_string (json_object_get_string_member (page, "cursor"), NULL, FALSE);
        poll_start (&desks[i]);
      }

  for (guint r = 0; r < PROPAGATION_RUNS; r++)
    {
      g_autofree char *body = incident_body (pusher_desk.desk_id, pusher_desk.unit);
      g_autoptr(JsonObject) acks = NULL;
      Call push = { 0 };
      gint64 sent;
      gboolean arrived = FALSE;

      for (guint tries = 0; !metrics_say (held); tries++)
        {
          double ignored;

          /* polls answered on time-out poll again */
          serve_polls (desks, province, 0, &ignored);
          if (tries > 100000)
            g_error ("the %u polls were never all held", N_POLLERS);
        }
      sent = g_get_monotonic_time ();
      call_start (&push, "POST", "/v1/push", pusher_desk.token, body);
      while (!arrived || !push.done)
        {
          g_main_context_iteration (NULL, TRUE);
          if (serve_polls (desks, province, sent, &latency[r]))
            arrived = TRUE;
        }
      acks = call_take (&push);
    }
  {
    /* one after the other: each sorts latency */
    double p50 = percentile (latency, PROPAGATION_RUNS, 0.5);
    double p99 = percentile (latency, PROPAGATION_RUNS, 0.99);

    printf ("propagation, %u desks long-polling, grade II incident push sent to the provincial desk's poll"
            " answered (%u runs): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
            N_POLLERS, PROPAGATION_RUNS, p50, p99, latency[PROPAGATION_RUNS - 1]);
  }
  (void) county;
  fflush (stdout);
}

/* ------------------------------------------------------------ throughput */

static void
run_throughput (PGconn    *conn,
                GPtrArray *counties)
{
  char **units = g_new0 (char *, N_PUSHERS + 1);
  double rate[THROUGHPUT_RUNS], p50[THROUGHPUT_RUNS], p99[THROUGHPUT_RUNS];
  double *latency = g_new (double, THROUGHPUT_PUSHES);
  Desk *desks;
  gint64 start;

  for (guint i = 0; i < N_PUSHERS; i++)
    units[i] = g_strdup (counties->pdata[i % counties->len]);
  start = g_get_monotonic_time ();
  desks = enrol_desks (conn, units, N_PUSHERS);
  printf ("throughput: %u desks enrolled in %.1f s\n", N_PUSHERS, (g_get_monotonic_time () - start) / 1e6);

  for (guint r = 0; r < THROUGHPUT_RUNS; r++)
    {
      guint next = 0, done = 0, running = 0;
      gint64 run_start;
      char **bodies = g_new0 (char *, THROUGHPUT_PUSHES + 1);

      for (guint i = 0; i < THROUGHPUT_PUSHES; i++)
        bodies[i] = incident_body (desks[i % N_PUSHERS].desk_id, desks[i % N_PUSHERS].unit);
      /* Enrolling (and each run) leaves idle keep-alive connections in
       * this one client's pool, and libsoup looks at every idle
       * connection each time it dispatches: with thousands of them the
       * client, not the server, set the pace (a core at 100 %, the server
       * at a third). The pushes open their own, at most as many as are
       * in flight. */
      soup_session_abort (session);
      run_start = g_get_monotonic_time ();
      while (done < THROUGHPUT_PUSHES)
        {
          /* desk i % N_PUSHERS: IN_FLIGHT < N_PUSHERS, so never two of a desk */
          /* connections opened a few at a time (the listen backlog is
           * short), then kept alive */
          while (running < MIN (IN_FLIGHT, done + 8) && next < THROUGHPUT_PUSHES)
            {
              Desk *desk = &desks[next % N_PUSHERS];

              desk->call.index = next;
              call_start (&desk->call, "POST", "/v1/push", desk->token, bodies[next]);
              next++;
              running++;
            }
          g_main_context_iteration (NULL, TRUE);
          for (guint i = 0; i < N_PUSHERS; i++)
            {
              g_autoptr(JsonObject) answer = NULL;

              if (!desks[i].call.done)
                continue;
              latency[desks[i].call.index] = (desks[i].call.done_at - desks[i].call.sent_at) / 1e3;
              answer = call_take (&desks[i].call);
              running--;
              done++;
            }
        }
      rate[r] = THROUGHPUT_PUSHES / ((g_get_monotonic_time () - run_start) / 1e6);
      p50[r] = percentile (latency, THROUGHPUT_PUSHES, 0.5);
      p99[r] = percentile (latency, THROUGHPUT_PUSHES, 0.99);
      printf ("throughput run %u: %.0f pushes/s, p50 %.1f ms, p99 %.1f ms\n", r, rate[r], p50[r], p99[r]);
      g_strfreev (bodies);
    }
  printf ("throughput, %u enrolled desks, %u pushes in flight, %u pushes of one incident each (%u runs):"
          " median %.0f pushes/s, latency p50 %.1f ms, p99 %.1f ms\n",
          N_PUSHERS, IN_FLIGHT, THROUGHPUT_PUSHES, THROUGHPUT_RUNS,
          median (rate, THROUGHPUT_RUNS), median (p50, THROUGHPUT_RUNS), median (p99, THROUGHPUT_RUNS));
  fflush (stdout);
  g_free (latency);
}

/* -------------------------------------------------------------- transfer */

typedef struct
{
  gboolean  done;
  JsonNode *report;
  GError   *error;
} Round;

static void
on_synced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Round *round = user_data;

  round->report = dd_sync_client_sync_finish (DD_SYNC_CLIENT (source), result, &round->error);
  round->done = TRUE;
}

/* One sync round of the desk at @path with batches of @batch; seconds. */
static double
sync_round (const char      *path,
            DdIncidentRules *rules,
            guint            batch,
            guint           *n_pushed,
            guint           *n_pulled)
{
  g_autoptr(DdStoreService) service = dd_store_service_new (path, "bench-sync-desks");
  g_autoptr(DdSyncClient) client = dd_sync_client_new (service, rules);
  Round round = { 0 };
  gint64 start;
  JsonObject *pushed;
  GList *members;

  dd_sync_client_set_batch_size (client, batch);
  start = g_get_monotonic_time ();
  dd_sync_client_sync_async (client, NULL, on_synced_cb, &round);
  while (!round.done)
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time () - start;
  if (round.error != NULL)
    g_error ("sync: %s", round.error->message);
  pushed = json_object_get_object_member (json_node_get_object (round.report), "pushed");
  members = json_object_get_members (pushed);
  *n_pushed = 0;
  for (GList *l = members; l != NULL; l = l->next)
    *n_pushed += (guint) json_object_get_int_member (pushed, l->data);
  g_list_free (members);
  *n_pulled = json_array_get_length (json_object_get_array_member (json_node_get_object (round.report), "pulled"));
  json_node_unref (round.report);
  return start / 1e6;
}

static guint
outbox_pending (DdStore *store)
{
  sqlite3_stmt *stmt = NULL;
  guint n;

  sqlite3_prepare_v2 (dd_store_get_handle (store),
                      "SELECT count(*) FROM sync_outbox WHERE state = 'pending'", -1, &stmt, NULL);
  sqlite3_step (stmt);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A desk of @unit at @path, enrolled; with @ops incident ops logged. */
static void
make_desk (const char      *path,
           const char      *unit,
           DdIncidentRules *rules,
           guint            ops)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (path, &error);
  g_autoptr(DdDesk) desk = NULL;
  g_autofree char *code = enrol_code (unit);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  guint i = 0;

  g_assert_no_error (error);
  desk = dd_store_init_desk (store, unit, NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  if (!dd_sync_enrol (store, path, url, code, NULL, &error))
    g_error ("enrol: %s", error->message);
  while (outbox_pending (store) < ops)
    {
      g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
      g_autofree char *summary = g_strdup_printf ("观山湖区发生山体滑坡，现场有人被困 %u", i++);
      g_autoptr(DdCall) call = NULL;
      DdCallInput input = { 0 };

      event->subtype = g_strdup ("natural.geological");
      dd_facts_set (&event->facts, DD_FACT_DEATHS, 3);
      dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);
      input.summary = summary;
      input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
      call = dd_store_log_call (store, rules, &input, event, &error);
      g_assert_no_error (error);
    }
}

static gboolean
run_pouchdb (const char *script,
             guint       batch,
             double     *seconds)
{
  g_autofree char *docs = g_strdup_printf ("%u", TRANSFER_OPS);
  g_autofree char *batch_size = g_strdup_printf ("%u", batch);
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  node = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           script, "--server", docs, batch_size, NULL);
  if (node == NULL || !g_subprocess_communicate_utf8 (node, NULL, NULL, &out, &err, &error) ||
      g_subprocess_get_exit_status (node) != 0)
    {
      printf ("PouchDB yardstick not run: %s\n", error != NULL ? error->message : err);
      return FALSE;
    }
  *seconds = g_ascii_strtod (out, NULL);
  return *seconds > 0;
}

static void
run_transfer (GPtrArray  *counties,
              const char *pouchdb)
{
  static const guint batches[] = { 100, 500 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  g_autoptr(DdReportingRules) reporting = dd_reporting_rules_load_default (&error);
  g_autoptr(DdIncidentRules) rules = NULL;
  guint county = 0;

  g_assert_no_error (error);
  rules = dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
  for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
    {
      double push[TRANSFER_RUNS], pull[TRANSFER_RUNS], total[TRANSFER_RUNS], pouch[TRANSFER_RUNS];
      guint n_pouch = 0, n_pushed = 0, n_pulled = 0, n_ops = 0;
      double total_median;

      for (guint r = 0; r < TRANSFER_RUNS; r++)
        {
          const char *unit = counties->pdata[county++];
          g_autofree char *from = g_strdup_printf ("%s/from-%s.db", tmpdir, unit);
          g_autofree char *to = g_strdup_printf ("%s/to-%s.db", tmpdir, unit);
          guint scratch;

          make_desk (from, unit, rules, TRANSFER_OPS);
          make_desk (to, unit, rules, 0);
          {
            g_autoptr(DdStore) store = dd_store_open (from, NULL);

            n_ops = outbox_pending (store);
          }
          push[r] = sync_round (from, rules, batches[b], &n_pushed, &scratch);
          pull[r] = sync_round (to, rules, batches[b], &scratch, &n_pulled);
          total[r] = push[r] + pull[r];
          printf ("transfer batch %u run %u (%s): %u ops pushed in %.2f s, %u changes pulled into a fresh desk"
                  " in %.2f s\n", batches[b], r, unit, n_pushed, push[r], n_pulled, pull[r]);
          if (pouchdb != NULL && run_pouchdb (pouchdb, batches[b], &pouch[n_pouch]))
            {
              printf ("  PouchDB into pouchdb-server, batch_size %u: %u docs in %.2f s\n", batches[b], TRANSFER_OPS,
                      pouch[n_pouch]);
              n_pouch++;
            }
          fflush (stdout);
        }
      total_median = median (total, TRANSFER_RUNS);
      printf ("transfer, batch %u, %u ops (%u runs): push median %.2f s, pull median %.2f s,"
              " push+pull median %.2f s\n", batches[b], n_ops, TRANSFER_RUNS,
              median (push, TRANSFER_RUNS), median (pull, TRANSFER_RUNS), total_median);
      if (n_pouch > 0)
        {
          double pouch_median = median (pouch, n_pouch);

          printf ("  yardstick PouchDB -> pouchdb-server, batch_size %u, %u docs: median %.2f s (%u runs);"
                  " ratio yardstick/push+pull %.1fx, yardstick/push %.1fx (target 20x)\n",
                  batches[b], TRANSFER_OPS, pouch_median, n_pouch, pouch_median / total_median,
                  pouch_median / median (push, TRANSFER_RUNS));
        }
      fflush (stdout);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) counties = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) prefectures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;
  g_autofree char *created = NULL;
  const char *mode, *pouchdb = NULL;
  struct rlimit limit;
  PGconn *conn;

  if (argc < 4)
    g_error ("usage: bench-sync-desks SERVER DIVISIONS.csv transfer|propagation|throughput [--pouchdb SCRIPT]");
  server_path = argv[1];
  mode = argv[3];
  if (argc == 6 && g_str_equal (argv[4], "--pouchdb"))
    pouchdb = argv[5];
  conninfo = g_getenv ("DD_PG_CONNINFO");
  if (conninfo == NULL)
    g_error ("run through tests/server/with-pg.sh");
  g_setenv ("DUTY_DESK_SECRET_STORE", "file", TRUE);
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  load_units (argv[2], counties, prefectures);
  tmpdir = g_dir_make_tmp ("bench-sync-desks-XXXXXX", &error);
  g_assert_no_error (error);

  {
    /* its request log, one line per request, beside the desks */
    g_autofree char *log = g_build_filename (tmpdir, "server.log", NULL);

    server = bench_start_server (argv[2], log);
  }
  session = soup_session_new_with_options ("max-conns", 4 * N_PUSHERS, "max-conns-per-host", 4 * N_PUSHERS,
                                           "timeout", 120, NULL);
  conn = PQconnectdb (conninfo);

  if (g_str_equal (mode, "transfer"))
    run_transfer (counties, pouchdb);
  else if (g_str_equal (mode, "propagation"))
    run_propagation (conn, counties, prefectures);
  else if (g_str_equal (mode, "throughput"))
    run_throughput (conn, counties);
  else
    g_error ("unknown mode %s", mode);

  PQfinish (conn);
  g_clear_object (&session);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  {
    const char *rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}

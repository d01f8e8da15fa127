/* bench-incident-search.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search benchmark of issue 4 (meson test --benchmark --suite store):
 * a desk with 1,000,000 calls (a few hundred incidents logged through
 * dd_store_log_call(), the rest inserted in bulk with bare SQL into the
 * calls table, untimed; the FTS triggers index them as the store would),
 * then searches as the search box makes them: Chinese substrings of 3 and
 * more characters (trigram index) and of 1–2 characters (LIKE fallback).
 * Measures dd_store_search_incidents() (limit 50, results as GObjects) and
 * the yardstick: the same queries as a bare LIKE '%…%' scan over
 * calls.summary, newest 50. Prints p50 and p95 of both. Target: p95 < 50 ms.
 *
 * Then the filters of the window's search on the same calls, with text
 * and without (the lists filtered): p50 and p95, target p95 < 50 ms.
 *
 * Then, on the same million calls, saving a call (issue 4: "Saving takes
 * under 50 ms"): dd_store_log_call() of a new grade III incident, in its
 * own transaction with its number, event, search indexes, journal entry
 * and outbox op, against the yardstick of a bare INSERT of one call row in
 * its own transaction (same file, same pragmas).
 */

#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-incident-store.h"
#include "dd-rules-loader.h"
#include "dd-store-private.h"

#define N_CALLS     1000000
#define N_INCIDENTS 300
#define ROUNDS      5
#define N_SAVES     100

static const char * const places[] = {
  "南明区", "云岩区", "花溪区", "乌当区", "白云区", "观山湖区", "清镇市", "修文县", "息烽县", "开阳县",
  "遵义市", "六盘水市", "安顺市", "毕节市", "铜仁市", "凯里市", "都匀市", "兴义市",
};
static const char * const what[] = {
  "发生山体滑坡", "发生泥石流", "居民楼火灾", "道路交通事故", "危险化学品泄漏", "森林火灾",
  "河水暴涨", "房屋倒塌", "群众咨询天气", "燃气泄漏", "桥梁受损", "停电", "矿山透水",
  "游客被困", "地面塌陷", "内涝积水",
};
static const char * const tails[] = {
  "，请求支援", "，已有人员受伤", "，现场有人被困", "，正在核实", "，暂无人员伤亡", "",
};
static const char * const queries[] = {
  "山体滑坡", "泥石流", "危险化学品", "观山湖区", "道路交通事故", "人员受伤", "被困",
  "燃气泄漏", "矿山透水", "地面塌陷", "花溪区发生", "请求支援", "暂无人员伤亡", "桥梁受损",
  "滑坡", "火灾", "停电", "区", "内涝", "不存在的词语", "地震", "雪",
};

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  guint index;

  g_array_sort (ms, compare_double);
  index = (guint) (p * (ms->len - 1) + 0.5);

  return g_array_index (ms, double, index);
}

static char *
make_summary (GRand *rand)
{
  return g_strdup_printf ("%s%s%s",
                          places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))],
                          what[g_rand_int_range (rand, 0, G_N_ELEMENTS (what))],
                          tails[g_rand_int_range (rand, 0, G_N_ELEMENTS (tails))]);
}

static void
build (DdStore *store,
       GRand   *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  g_autoptr(DdIncidentRules) rules = NULL;
  sqlite3 *db = dd_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = 1767225600000; /* 2026-01-01 */
  gint64 step = (gint64) 365 * 24 * 3600 * 1000 / N_CALLS;

  g_assert_no_error (error);
  rules = dd_incident_rules_new (grading, dd_taxonomy_get_default (), NULL);

  for (guint i = 0; i < N_INCIDENTS; i++)
    {
      g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
      g_autofree char *summary = make_summary (rand);
      g_autoptr(DdCall) call = NULL;
      DdCallInput input = { 0 };

      event->subtype = g_strdup ("natural.geological");
      dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);
      input.received_at = t0 + (gint64) i * step * (N_CALLS / N_INCIDENTS);
      input.summary = summary;
      input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
      call = dd_store_log_call (store, rules, &input, event, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO calls (id, received_at, channel, summary, disposition,"
                                       " non_incident_reason, hlc, created_at, updated_at)"
                                       " VALUES (?1, ?2, 'phone', ?3, 'non_incident', 'enquiry', 0, ?2, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = N_INCIDENTS; i < N_CALLS; i++)
    {
      g_autofree char *summary = make_summary (rand);
      g_autofree char *id = g_strdup_printf ("bench-%07u", i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, t0 + (gint64) i * step);
      sqlite3_bind_text (stmt, 3, summary, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO incident_fts (incident_fts) VALUES ('optimize'); ANALYZE",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Saves N_SAVES calls as the window does and as bare inserts; appends
 * the times in ms. */
static void
measure_saves (DdStore *store,
               GRand   *rand,
               GArray  *ours,
               GArray  *bare)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  g_autoptr(DdReportingRules) reporting = dd_reporting_rules_load_default (&error);
  g_autoptr(DdIncidentRules) rules = NULL;
  sqlite3 *db = dd_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  rules = dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO calls (id, received_at, channel, summary, disposition,"
                                       " non_incident_reason, hlc, created_at, updated_at)"
                                       " VALUES (?1, ?2, 'phone', ?3, 'non_incident', 'enquiry', 0, ?2, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_SAVES; i++)
    {
      g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
      g_autofree char *summary = make_summary (rand);
      g_autofree char *id = g_strdup_printf ("bare-%03u", i);
      g_autoptr(DdCall) call = NULL;
      DdCallInput input = { 0 };
      gint64 start;
      double ms;

      event->subtype = g_strdup ("accident.production_safety");
      dd_facts_set (&event->facts, DD_FACT_DEATHS, 3);
      dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);
      input.summary = summary;
      input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;

      start = g_get_monotonic_time ();
      call = dd_store_log_call (store, rules, &input, event, &error);
      ms = (g_get_monotonic_time () - start) / 1e3;
      g_assert_no_error (error);
      g_array_append_val (ours, ms);

      start = g_get_monotonic_time ();
      g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / 1000);
      sqlite3_bind_text (stmt, 3, summary, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      ms = (g_get_monotonic_time () - start) / 1e3;
      g_array_append_val (bare, ms);
    }
  sqlite3_finalize (stmt);
}

/* The filters of the window's search (days, grade, category, division,
 * status): with text (its best 100 hits of every kind) and without (the
 * newest 500 incidents or calls they leave, as the lists show them). */
static void
measure_filters (DdStore *store,
                 GArray  *ours)
{
  typedef struct
  {
    const char *name;
    const char *text;
    guint       kinds;
    guint       limit;
    int         from_day;   /* day of 2026 (0: none) */
    int         to_day;
    guint       grades;
    const char *category;
    const char *division;
    guint       statuses;
  } Case;
  static const Case cases[] = {
    { "滑坡, from day 200", "滑坡", 0, 100, 200, 0, 0, NULL, NULL, 0 },
    { "区, natural", "区", 0, 100, 0, 0, 0, "natural", NULL, 0 },
    { "火灾, open", "火灾", 0, 100, 0, 0, 0, NULL, NULL, 1u << DD_INCIDENT_STATUS_OPEN },
    { "被困, 520100", "被困", 0, 100, 0, 0, 0, NULL, "520100", 0 },
    { "incidents, open", "", 1u << DD_SEARCH_KIND_INCIDENT, 500, 0, 0, 0, NULL, NULL, 1u << DD_INCIDENT_STATUS_OPEN },
    { "incidents, natural", "", 1u << DD_SEARCH_KIND_INCIDENT, 500, 0, 0, 0, "natural", NULL, 0 },
    { "incidents, not graded", "", 1u << DD_SEARCH_KIND_INCIDENT, 500, 0, 0, 1u << DD_GRADE_NONE, NULL, NULL, 0 },
    { "incidents, grade I", "", 1u << DD_SEARCH_KIND_INCIDENT, 500, 0, 0, 1u << DD_GRADE_I, NULL, NULL, 0 },
    { "incidents, 520100", "", 1u << DD_SEARCH_KIND_INCIDENT, 500, 0, 0, 0, NULL, "520100", 0 },
    { "incidents, until day 30", "", 1u << DD_SEARCH_KIND_INCIDENT, 500, 0, 30, 0, NULL, NULL, 0 },
    { "calls, day 100", "", 1u << DD_SEARCH_KIND_CALL, 500, 100, 100, 0, NULL, NULL, 0 },
    { "calls, from day 3", "", 1u << DD_SEARCH_KIND_CALL, 500, 3, 0, 0, NULL, NULL, 0 },
    { "calls, until day 3", "", 1u << DD_SEARCH_KIND_CALL, 500, 0, 3, 0, NULL, NULL, 0 },
    { "calls, until day 200", "", 1u << DD_SEARCH_KIND_CALL, 500, 0, 200, 0, NULL, NULL, 0 },
    { "calls, days 100-130", "", 1u << DD_SEARCH_KIND_CALL, 500, 100, 130, 0, NULL, NULL, 0 },
    { "区, days 100-130", "区", 0, 100, 100, 130, 0, NULL, NULL, 0 },
    { "calls, open", "", 1u << DD_SEARCH_KIND_CALL, 500, 0, 0, 0, NULL, NULL, 1u << DD_INCIDENT_STATUS_OPEN },
  };

  for (guint round = 0; round < ROUNDS; round++)
    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        const Case *test = &cases[c];
        g_autoptr(GPtrArray) hits = NULL;
        g_autoptr(GError) error = NULL;
        DdSearchFilter filter = { 0 };
        GDate from, to;
        gint64 start;
        double ms;

        g_date_clear (&from, 1);
        g_date_clear (&to, 1);
        if (test->from_day > 0)
          {
            g_date_set_dmy (&from, 1, G_DATE_JANUARY, 2026);
            g_date_add_days (&from, test->from_day - 1);
            filter.from = &from;
          }
        if (test->to_day > 0)
          {
            g_date_set_dmy (&to, 1, G_DATE_JANUARY, 2026);
            g_date_add_days (&to, test->to_day - 1);
            filter.to = &to;
          }
        filter.grades = test->grades;
        filter.category = test->category;
        filter.division = test->division;
        filter.statuses = test->statuses;

        start = g_get_monotonic_time ();
        hits = dd_store_search_filtered (store, test->text, test->kinds, &filter, test->limit, &error);
        ms = (g_get_monotonic_time () - start) / 1e3;
        g_assert_no_error (error);
        g_array_append_val (ours, ms);

        if (round == ROUNDS - 1)
          printf ("  %-24s %8.2f ms  %u hits\n", test->name, ms, hits->len);
      }
}

static guint
bare_like (sqlite3    *db,
           const char *query)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", query);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id, summary, received_at FROM calls WHERE summary LIKE ?1"
                                       " ORDER BY received_at DESC LIMIT 50", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    n++;
  sqlite3_finalize (stmt);

  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dd-bench-incident-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db;
  gint64 start;

  g_assert_no_error (error);
  path = g_build_filename (dir, "desk.db", NULL);
  store = dd_store_open (path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  build (store, rand);
  printf ("built %" G_GINT64_FORMAT " calls in %.1f s (untimed)\n",
          dd_store_count_calls (store, NULL), (g_get_monotonic_time () - start) / 1e6);

  db = dd_store_get_handle (store);
  for (guint round = 0; round < ROUNDS; round++)
    {
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autoptr(GPtrArray) hits = NULL;
          double ms;
          guint n_bare;

          start = g_get_monotonic_time ();
          hits = dd_store_search_incidents (store, queries[q], 0, 50, &error);
          ms = (g_get_monotonic_time () - start) / 1e3;
          g_assert_no_error (error);
          g_array_append_val (ours, ms);

          start = g_get_monotonic_time ();
          n_bare = bare_like (db, queries[q]);
          ms = (g_get_monotonic_time () - start) / 1e3;
          g_array_append_val (bare, ms);

          if (round == ROUNDS - 1)
            printf ("  %-16s %8.2f ms  %u hits  (LIKE %8.2f ms, %u)\n", queries[q],
                    g_array_index (ours, double, ours->len - 1), hits->len, ms, n_bare);
        }
    }

  printf ("search: p50 %.2f ms, p95 %.2f ms (target p95 < 50 ms)\n",
          percentile (ours, 0.50), percentile (ours, 0.95));
  printf ("LIKE scan yardstick: p50 %.2f ms, p95 %.2f ms\n",
          percentile (bare, 0.50), percentile (bare, 0.95));

  g_array_set_size (ours, 0);
  measure_filters (store, ours);
  printf ("filters as the window sets them: p50 %.2f ms, p95 %.2f ms (target p95 < 50 ms)\n",
          percentile (ours, 0.50), percentile (ours, 0.95));

  g_array_set_size (ours, 0);
  g_array_set_size (bare, 0);
  measure_saves (store, rand, ours, bare);
  printf ("save a call (new grade III incident): p50 %.2f ms, p95 %.2f ms (target < 50 ms)\n",
          percentile (ours, 0.50), percentile (ours, 0.95));
  printf ("bare INSERT of a call row yardstick: p50 %.2f ms, p95 %.2f ms\n",
          percentile (bare, 0.50), percentile (bare, 0.95));

  g_clear_object (&store);
  rm_rf (dir);

  return 0;
}

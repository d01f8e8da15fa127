/* test-incident-store.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-duty-log-store.h"
#include "dd-incident-store.h"
#include "dd-paged-model.h"
#include "dd-rules-loader.h"
#include "dd-store-private.h"
#include "store-test-util.h"

#define MINUTE_MS (60 * 1000)
#define WAIT_TIMEOUT_S 60

typedef struct
{
  char            *dir;
  char            *path;
  DdStore         *store;
  DdIncidentRules *rules;
} Fixture;

static DdIncidentRules *
load_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  g_autoptr(DdReportingRules) reporting = NULL;

  g_assert_no_error (error);
  reporting = dd_reporting_rules_load_default (&error);
  g_assert_no_error (error);

  return dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;

  fixture->dir = g_dir_make_tmp ("dd-incident-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
  fixture->store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  dd_store_set_actor (fixture->store, "test");
  desk = dd_store_init_desk (fixture->store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  fixture->rules = load_rules ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->rules, dd_incident_rules_unref);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Unix ms of a Beijing wall time. */
static gint64
bj (int year,
    int month,
    int day,
    int hour,
    int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * 1000;
}

/* Logs a call that opens an incident of @subtype with @deaths (-1: none). */
static DdCall *
log_incident (Fixture    *fixture,
              gint64      received_at,
              const char *subtype,
              const char *summary,
              int         deaths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  DdCallInput call = { 0 };
  DdCall *saved;

  event->subtype = g_strdup (subtype);
  if (deaths >= 0)
    dd_facts_set (&event->facts, DD_FACT_DEATHS, deaths);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_LOCATION, "南明区某村");
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);

  call.received_at = received_at;
  call.channel = DD_CALL_CHANNEL_PHONE;
  call.caller_name = "张三";
  call.summary = summary;
  call.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;

  saved = dd_store_log_call (fixture->store, fixture->rules, &call, event, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);

  return saved;
}

/* ------------------------------------------------------------------- tests */

static void
test_numbering (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DdCall) a = log_incident (fixture, bj (2026, 7, 1, 9, 0), "natural.geological", "山体滑坡", 0);
  g_autoptr(DdCall) b = log_incident (fixture, bj (2026, 7, 1, 23, 59), "natural.geological", "泥石流", 0);
  /* 00:10 Beijing on 2 July is still 1 July in UTC: the Beijing day counts. */
  g_autoptr(DdCall) c = log_incident (fixture, bj (2026, 7, 2, 0, 10), "accident.fire", "火灾", 0);

  g_assert_cmpstr (dd_call_get_incident_number (a), ==, "520102-20260701-0001");
  g_assert_cmpstr (dd_call_get_incident_number (b), ==, "520102-20260701-0002");
  g_assert_cmpstr (dd_call_get_incident_number (c), ==, "520102-20260702-0001");
  g_assert_cmpint (dd_call_get_disposition (a), ==, DD_CALL_DISPOSITION_NEW_INCIDENT);
  g_assert_cmpstr (dd_call_get_caller_name (a), ==, "张三");
}

static void
test_append_only (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdCall) call = log_incident (fixture, bj (2026, 7, 1, 9, 0), "natural.geological", "山体滑坡", 1);
  sqlite3 *db = dd_store_get_handle (fixture->store);
  char *message = NULL;

  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM incident_events", NULL), ==, 1);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE incident_events SET text = 'x'", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM incident_events", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM incident_events", NULL), ==, 1);
}

static void
test_state_and_clocks (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 t0 = bj (2026, 7, 1, 10, 0);
  g_autoptr(DdCall) call = log_incident (fixture, t0, "natural.geological", "山体滑坡", 1);
  g_autoptr(DdIncidentDetail) detail = NULL;
  g_autoptr(DdIncidentDetail) later = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(DdIncidentEvent) update = NULL;
  g_autoptr(DdIncidentEvent) report = NULL;
  g_autoptr(DdIncidentEvent) regrade = NULL;
  g_autoptr(GError) error = NULL;
  DdReportClock *clock;
  const char *id = dd_call_get_incident_id (call);

  /* 1 death: grade IV, no clock for a county desk. */
  detail = dd_store_get_incident (fixture->store, fixture->rules, id, t0 + MINUTE_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (detail->state->effective_grade, ==, DD_GRADE_IV);
  g_assert_null (dd_reporting_result_find (detail->reporting, "report_province"));
  g_assert_cmpuint (detail->calls->len, ==, 1);
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* 10 deaths 30 minutes later: grade II, report to the province within 20 minutes. */
  update = dd_incident_event_new (NULL, id, DD_INCIDENT_EVENT_KIND_UPDATE, t0 + 30 * MINUTE_MS);
  dd_facts_set (&update->facts, DD_FACT_DEATHS, 10);
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, update, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_incident_summary_get_grade (summary), ==, DD_GRADE_II);
  g_assert_cmpint (dd_incident_summary_get_next_due_at (summary), ==, t0 + 50 * MINUTE_MS);
  g_clear_object (&summary);

  detail = dd_store_get_incident (fixture->store, fixture->rules,
                                  "520102-20260701-0001", t0 + 45 * MINUTE_MS, &error);
  g_assert_no_error (error);
  clock = dd_reporting_result_find (detail->reporting, "report_province");
  g_assert_nonnull (clock);
  g_assert_cmpint (clock->due_at, ==, t0 + 50 * MINUTE_MS);
  g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_DUE_SOON);
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* A report after due without a reason is refused, nothing written. */
  report = dd_incident_event_new (NULL, id, DD_INCIDENT_EVENT_KIND_REPORT, t0 + 55 * MINUTE_MS);
  report->report_kind = DD_REPORT_KIND_INITIAL;
  report->report_channel = DD_REPORT_CHANNEL_PHONE;
  report->report_to = g_strdup (DD_RECIPIENT_PROVINCE);
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, report, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (summary);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM incident_events", NULL), ==, 2);

  report->reason = g_strdup ("通信中断");
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, report, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_incident_summary_get_next_due_at (summary), ==, 0);
  g_clear_object (&summary);

  later = dd_store_get_incident (fixture->store, fixture->rules, id, t0 + 120 * MINUTE_MS, &error);
  g_assert_no_error (error);
  clock = dd_reporting_result_find (later->reporting, "report_province");
  g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_LATE);
  g_assert_cmpstr (clock->late_reason, ==, "通信中断");

  /* The officer's override. */
  regrade = dd_incident_event_new (NULL, id, DD_INCIDENT_EVENT_KIND_REGRADE, t0 + 60 * MINUTE_MS);
  regrade->grade = DD_GRADE_I;
  regrade->reason = g_strdup ("影响重大");
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, regrade, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_incident_summary_get_grade (summary), ==, DD_GRADE_I);
  g_assert_cmpint (dd_incident_summary_get_computed_grade (summary), ==, DD_GRADE_II);
}

static void
test_audit_outbox (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 ops_before = dd_store_count_pending_ops (fixture->store, NULL);
  g_autoptr(DdCall) call = log_incident (fixture, bj (2026, 7, 1, 9, 0), "natural.geological", "山体滑坡", 1);
  g_autoptr(DdCall) follow = NULL;
  g_autoptr(DdCall) wrong = NULL;
  g_autoptr(GError) error = NULL;
  DdCallInput input = { 0 };

  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before + 3);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM audit_journal WHERE entity_kind = 'incident'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM audit_journal WHERE entity_kind = 'incident_event'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM audit_journal WHERE entity_kind = 'call'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM sync_outbox WHERE record_kind = 'incident_event' AND op = 'append'", NULL), ==, 1);

  /* A follow-up call: an update event and the call. */
  input.received_at = bj (2026, 7, 1, 9, 20);
  input.channel = DD_CALL_CHANNEL_LOWER_LEVEL;
  input.summary = "续报：又发现2人遇难";
  input.disposition = DD_CALL_DISPOSITION_FOLLOW_UP;
  input.incident_id = dd_call_get_incident_number (call);
  follow = dd_store_log_call (fixture->store, fixture->rules, &input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_call_get_incident_id (follow), ==, dd_call_get_incident_id (call));
  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before + 5);

  /* A wrong number: only the call. */
  input.disposition = DD_CALL_DISPOSITION_NON_INCIDENT;
  input.non_incident_reason = DD_NON_INCIDENT_WRONG_NUMBER;
  input.summary = "打错了";
  input.incident_id = NULL;
  wrong = dd_store_log_call (fixture->store, fixture->rules, &input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_call_get_incident_id (wrong), ==, "");
  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before + 6);

  /* Bad input writes nothing. */
  input.summary = "   ";
  g_assert_null (dd_store_log_call (fixture->store, fixture->rules, &input, NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  input.summary = "x";
  input.disposition = DD_CALL_DISPOSITION_FOLLOW_UP;
  input.incident_id = "520102-20990101-0001";
  g_assert_null (dd_store_log_call (fixture->store, fixture->rules, &input, NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before + 6);
  g_assert_cmpint (dd_store_count_calls (fixture->store, NULL), ==, 3);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(DdCall) a = log_incident (fixture, bj (2026, 7, 1, 9, 0), "natural.geological", "花溪区发生山体滑坡", 0);
  g_autoptr(DdCall) b = log_incident (fixture, bj (2026, 7, 1, 10, 0), "accident.fire", "某小区居民楼火灾", 0);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = dd_store_search_incidents (fixture->store, "山体滑坡", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 2); /* the call and the incident at least */
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpstr (dd_search_hit_get_incident_id (g_ptr_array_index (hits, i)), ==,
                     dd_call_get_incident_id (a));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Two characters: a substring. */
  hits = dd_store_search_incidents (fixture->store, "滑坡", 1 << DD_SEARCH_KIND_CALL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (dd_search_hit_get_kind (g_ptr_array_index (hits, 0)), ==, DD_SEARCH_KIND_CALL);
  g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==, dd_call_get_id (a));
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = dd_store_search_incidents (fixture->store, "居民楼", 1 << DD_SEARCH_KIND_INCIDENT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==, dd_call_get_incident_id (b));
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = dd_store_search_incidents (fixture->store, "地震", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* No term and no filter: nothing listed. */
  hits = dd_store_search_incidents (fixture->store, " ", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);

  /* A call and an incident as listed, by id (the incident also by number). */
  {
    g_autoptr(DdCall) call = dd_store_get_call (fixture->store, dd_call_get_id (b), &error);
    g_autoptr(DdIncidentSummary) summary = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (dd_call_get_summary (call), ==, "某小区居民楼火灾");
    g_assert_cmpstr (dd_call_get_incident_number (call), ==, dd_call_get_incident_number (b));
    summary = dd_store_get_incident_summary (fixture->store, dd_call_get_incident_number (a), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (dd_incident_summary_get_id (summary), ==, dd_call_get_incident_id (a));
    g_assert_cmpstr (dd_incident_summary_get_subtype (summary), ==, "natural.geological");
  }
  g_assert_null (dd_store_get_call (fixture->store, "no-such-call", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dd_store_get_incident_summary (fixture->store, "no-such-incident", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
}

/* ------------------------------------------------- search against a scan */

static DdCall *
log_incident_in (Fixture    *fixture,
                 gint64      received_at,
                 const char *subtype,
                 const char *summary,
                 const char *division)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  DdCallInput call = { 0 };
  DdCall *saved;

  event->subtype = g_strdup (subtype);
  dd_facts_set (&event->facts, DD_FACT_DEATHS, 0);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DIVISION, division);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);
  call.received_at = received_at;
  call.summary = summary;
  call.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;

  saved = dd_store_log_call (fixture->store, fixture->rules, &call, event, &error);
  g_assert_no_error (error);

  return saved;
}

static const char * const scan_places[] = {
  "花溪区", "观山湖区", "南明区", "遵义市", "ABC大厦", "abc小区", "Ab路",
};
static const char * const scan_what[] = {
  "发生山体滑坡", "居民楼火灾", "道路交通事故", "咨询天气", "停电", "完成100%", "a_b通道积水",
};

/* Calls inserted with bare SQL (the triggers index them as the store's
 * writes would): @n of them, about @incident_id (NULL: non-incidents),
 * one a minute from @t0, with phone numbers in the text. */
static void
insert_calls (DdStore    *store,
              GRand      *rand,
              const char *incident_id,
              guint       n,
              gint64      t0)
{
  sqlite3 *db = dd_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO calls (id, received_at, channel, summary, disposition,"
                                       " incident_id, non_incident_reason, hlc, created_at, updated_at)"
                                       " VALUES (?1, ?2, 'phone', ?3, ?4, ?5, ?6, 0, ?2, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%05u", incident_id != NULL ? incident_id : "none", i);
      g_autofree char *summary = NULL;

      if (g_rand_int_range (rand, 0, 3) == 0)
        summary = g_strdup_printf ("来电 %s%04d%04d %s", g_rand_boolean (rand) ? "139" : "0851-86",
                                   g_rand_int_range (rand, 0, 10000), g_rand_int_range (rand, 0, 10000),
                                   scan_what[g_rand_int_range (rand, 0, G_N_ELEMENTS (scan_what))]);
      else
        summary = g_strconcat (scan_places[g_rand_int_range (rand, 0, G_N_ELEMENTS (scan_places))],
                               scan_what[g_rand_int_range (rand, 0, G_N_ELEMENTS (scan_what))], NULL);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, t0 + (gint64) i * MINUTE_MS);
      sqlite3_bind_text (stmt, 3, summary, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, incident_id != NULL ? "follow_up" : "non_incident", -1, SQLITE_STATIC);
      if (incident_id != NULL)
        sqlite3_bind_text (stmt, 5, incident_id, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 5);
      if (incident_id != NULL)
        sqlite3_bind_null (stmt, 6);
      else
        sqlite3_bind_text (stmt, 6, "enquiry", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

typedef struct
{
  char   *key;     /* "kind id" */
  double  score;
  gint64  at;
  gint64  rowid;
} ScanRow;

static void
scan_row_free (gpointer data)
{
  ScanRow *row = data;

  g_free (row->key);
  g_free (row);
}

static int
compare_scan_rows (gconstpointer a,
                   gconstpointer b)
{
  const ScanRow *x = *(ScanRow * const *) a, *y = *(ScanRow * const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->at != y->at)
    return x->at > y->at ? -1 : 1;
  return x->rowid > y->rowid ? -1 : x->rowid < y->rowid;
}

/* What the search must return, by a LIKE scan of every document: the
 * newest max (500, 10 × limit) that contain every term and pass @where,
 * ranked by the share of their text the terms make up (counted here),
 * then the newest. Keys "kind id". */
static GPtrArray *
scan_search (DdStore    *store,
             const char *text,
             const char *where,
             guint       limit)
{
  g_auto(GStrv) words = g_strsplit_set (text, " ", -1);
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (scan_row_free);
  g_autoptr(GString) sql = g_string_new ("SELECT d.kind, d.id, f.text, d.at, d.rowid"
                                         " FROM search_doc d JOIN incident_fts f ON f.rowid = d.rowid WHERE 1");
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (terms, words[i]);
  for (guint i = 0; i < terms->len; i++)
    g_string_append_printf (sql, " AND f.text LIKE ?%u ESCAPE '!'", i + 1);
  g_string_append_printf (sql, " AND (%s) ORDER BY d.rowid DESC LIMIT %u", where, MAX (500, limit * 10));

  g_assert_cmpint (sqlite3_prepare_v2 (dd_store_get_handle (store), sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < terms->len; i++)
    {
      GString *pattern = g_string_new ("%");

      for (const char *p = g_ptr_array_index (terms, i); *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '!')
            g_string_append_c (pattern, '!');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      sqlite3_bind_text (stmt, (int) i + 1, pattern->str, -1, SQLITE_TRANSIENT);
      g_string_free (pattern, TRUE);
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ScanRow *row = g_new0 (ScanRow, 1);
      const char *row_text = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *lower = g_ascii_strdown (row_text, -1);
      glong n_chars = g_utf8_strlen (row_text, -1);
      gint64 covered = 0;

      for (guint i = 0; i < terms->len; i++)
        {
          g_autofree char *term = g_ascii_strdown (g_ptr_array_index (terms, i), -1);
          const char *p = lower;

          while ((p = strstr (p, term)) != NULL)
            {
              covered += g_utf8_strlen (term, -1);
              p += strlen (term);
            }
        }

      row->key = g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
      row->score = covered * 1.0 / MAX (n_chars, 1);
      row->at = sqlite3_column_int64 (stmt, 3);
      row->rowid = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);

  g_ptr_array_sort (rows, compare_scan_rows);
  for (guint i = 0; i < rows->len && i < limit; i++)
    g_ptr_array_add (keys, g_strdup (((ScanRow *) g_ptr_array_index (rows, i))->key));

  return keys;
}

static void
assert_search_is_scan (DdStore              *store,
                       const char           *text,
                       guint                 kinds,
                       const DdSearchFilter *filter,
                       const char           *where,
                       guint                 limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = dd_store_search_filtered (store, text, kinds, filter, limit, &error);
  g_autoptr(GPtrArray) expected = scan_search (store, text, where, limit);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      DdSearchHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (got, "%s %s\n", dd_search_kind_to_string (dd_search_hit_get_kind (hit)),
                              dd_search_hit_get_id (hit));
    }
  for (guint i = 0; i < expected->len; i++)
    g_string_append_printf (want, "%s\n", (const char *) g_ptr_array_index (expected, i));

  if (!g_str_equal (got->str, want->str))
    g_test_message ("search “%s” where %s, limit %u", text, where, limit);
  g_assert_cmpstr (got->str, ==, want->str);
}

static void
test_search_is_scan (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const queries[] = {
    /* 1 and 2 characters: the character index */
    "滑", "区", "雪", "滑坡", "地震", "积水",
    /* 3 and more: the trigram index */
    "山体滑坡", "花溪区发生", "不存在的词语",
    /* digits and phone fragments */
    "8", "13", "139", "0851-86", "1-", "-8", "-", "100%", "%", "a_b", "_",
    /* ASCII in any case, as LIKE */
    "abc", "ABC", "aB", "b",
    /* several terms */
    "滑 区", "山体滑坡 13", "区 139 火灾", "0851 居民楼",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(DdCall) a = log_incident_in (fixture, bj (2026, 7, 1, 9, 0), "natural.geological", "花溪区山体滑坡", "520111");
  g_autoptr(DdCall) b = log_incident_in (fixture, bj (2026, 7, 2, 9, 0), "accident.fire", "居民楼火灾", "520102");
  g_autoptr(DdCall) c = log_incident_in (fixture, bj (2026, 7, 3, 9, 0), "accident.road_traffic", "遵义市道路交通事故", "520300");
  g_autoptr(DdIncidentEvent) regrade = NULL;
  g_autoptr(DdIncidentEvent) close = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where_a = g_strdup_printf ("d.incident_id = '%s'", dd_call_get_incident_id (a));
  g_autofree char *where_bc = g_strdup_printf ("d.incident_id IN ('%s', '%s')",
                                               dd_call_get_incident_id (b), dd_call_get_incident_id (c));
  g_autofree char *where_ab = g_strdup_printf ("d.incident_id IN ('%s', '%s')",
                                               dd_call_get_incident_id (a), dd_call_get_incident_id (b));
  g_autofree char *where_c = g_strdup_printf ("d.incident_id = '%s'", dd_call_get_incident_id (c));
  g_autofree char *where_july = g_strdup_printf ("d.at >= %" G_GINT64_FORMAT " AND d.at < %" G_GINT64_FORMAT,
                                                 bj (2026, 7, 2, 0, 0), bj (2026, 7, 3, 0, 0));
  g_autofree char *where_bc_incidents = g_strdup_printf ("d.kind = 'incident' AND %s", where_bc);
  g_autofree char *where_july_calls = g_strdup_printf ("d.kind = 'call' AND %s", where_july);
  DdSearchFilter filter = { 0 };
  GDate from, to;

  regrade = dd_incident_event_new (NULL, dd_call_get_incident_id (a), DD_INCIDENT_EVENT_KIND_REGRADE, bj (2026, 7, 1, 10, 0));
  regrade->grade = DD_GRADE_I;
  regrade->reason = g_strdup ("影响重大");
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, regrade, &error);
  g_assert_no_error (error);
  g_clear_object (&summary);
  close = dd_incident_event_new (NULL, dd_call_get_incident_id (c), DD_INCIDENT_EVENT_KIND_CLOSE, bj (2026, 7, 3, 12, 0));
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, close, &error);
  g_assert_no_error (error);

  /* Incident A's documents are more than a filter reads first, B's and
   * C's fewer: both ways of filtering are compared with the scan (on
   * fewer documents than the store would read first by default). */
  dd_store_set_search_filter_first (fixture->store, 2000);
  insert_calls (fixture->store, rand, dd_call_get_incident_id (a), 2000 + 100, bj (2026, 7, 1, 9, 0));
  insert_calls (fixture->store, rand, dd_call_get_incident_id (b), 120, bj (2026, 7, 2, 9, 0));
  insert_calls (fixture->store, rand, dd_call_get_incident_id (c), 60, bj (2026, 7, 3, 9, 0));
  insert_calls (fixture->store, rand, NULL, 1200, bj (2026, 6, 30, 0, 0));

  /* The indexes have the same documents under the same rowids. */
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM search_doc", NULL), ==,
                   count_sql (fixture->store, "SELECT count(*) FROM search_doc d JOIN incident_fts f ON f.rowid = d.rowid", NULL));
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM search_gram WHERE search_gram MATCH '滑'", NULL), ==,
                   count_sql (fixture->store, "SELECT count(*) FROM incident_fts WHERE text LIKE '%滑%' ESCAPE '!'", NULL));

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      assert_search_is_scan (fixture->store, queries[q], 0, NULL, "1", 50);
      assert_search_is_scan (fixture->store, queries[q], 0, NULL, "1", 100000);
      assert_search_is_scan (fixture->store, queries[q], 1 << DD_SEARCH_KIND_CALL, NULL, "d.kind = 'call'", 20);
      assert_search_is_scan (fixture->store, queries[q],
                             (1 << DD_SEARCH_KIND_INCIDENT) | (1 << DD_SEARCH_KIND_EVENT), NULL,
                             "d.kind IN ('incident', 'event')", 50);

      /* Filters that leave many documents, then few. */
      filter = (DdSearchFilter) { .grades = 1 << DD_GRADE_I };
      assert_search_is_scan (fixture->store, queries[q], 0, &filter, where_a, 50);
      filter = (DdSearchFilter) { .category = "accident" };
      assert_search_is_scan (fixture->store, queries[q], 0, &filter, where_bc, 50);
      filter = (DdSearchFilter) { .statuses = 1 << DD_INCIDENT_STATUS_CLOSED, .division = "520300" };
      assert_search_is_scan (fixture->store, queries[q], 0, &filter, where_c, 50);
      /* 520111 and 520102 are below 520100 (贵阳市), 520300 is not. */
      filter = (DdSearchFilter) { .division = "520100", .statuses = 1 << DD_INCIDENT_STATUS_OPEN };
      assert_search_is_scan (fixture->store, queries[q], 0, &filter, where_ab, 50);
      g_date_clear (&from, 1);
      g_date_clear (&to, 1);
      g_date_set_dmy (&from, 2, G_DATE_JULY, 2026);
      g_date_set_dmy (&to, 2, G_DATE_JULY, 2026);
      filter = (DdSearchFilter) { .from = &from, .to = &to };
      assert_search_is_scan (fixture->store, queries[q], 0, &filter, where_july, 50);
    }

  /* No term: every document the filter leaves, newest first. */
  filter = (DdSearchFilter) { .grades = 1 << DD_GRADE_I };
  assert_search_is_scan (fixture->store, "", 0, &filter, where_a, 50);
  filter = (DdSearchFilter) { .category = "accident" };
  assert_search_is_scan (fixture->store, " ", 1 << DD_SEARCH_KIND_INCIDENT, &filter, where_bc_incidents, 50);
  filter = (DdSearchFilter) { .statuses = 1 << DD_INCIDENT_STATUS_CLOSED, .division = "520300" };
  assert_search_is_scan (fixture->store, "", 0, &filter, where_c, 50);
  g_date_set_dmy (&from, 2, G_DATE_JULY, 2026);
  g_date_set_dmy (&to, 2, G_DATE_JULY, 2026);
  filter = (DdSearchFilter) { .from = &from, .to = &to };
  assert_search_is_scan (fixture->store, "", 0, &filter, where_july, 50);
  assert_search_is_scan (fixture->store, "", 1 << DD_SEARCH_KIND_CALL, &filter, where_july_calls, 20);

  /* Bad filters. */
  filter = (DdSearchFilter) { .category = "weather" };
  g_assert_null (dd_store_search_filtered (fixture->store, "滑", 0, &filter, 0, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  filter = (DdSearchFilter) { .division = "999999" };
  g_assert_null (dd_store_search_filtered (fixture->store, "滑", 0, &filter, 0, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_date_set_dmy (&from, 3, G_DATE_JULY, 2026);
  filter = (DdSearchFilter) { .from = &from, .to = &to };
  g_assert_null (dd_store_search_filtered (fixture->store, "滑", 0, &filter, 0, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
}

/* A new kind indexed as the comment at the top of 0006 says. */
static void
test_search_new_kind (Fixture       *fixture,
                      gconstpointer  data)
{
  sqlite3 *db = dd_store_get_handle (fixture->store);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) a = log_incident (fixture, bj (2026, 7, 1, 9, 0), "natural.geological", "花溪区山体滑坡", 0);
  g_autoptr(DdIncidentEvent) update = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE duty_log (id TEXT PRIMARY KEY, at INTEGER, text TEXT);"
                                 "CREATE TRIGGER duty_log_search_insert AFTER INSERT ON duty_log BEGIN"
                                 "  INSERT INTO search_doc (kind, id, incident_id, at)"
                                 "  VALUES ('log', NEW.id, '', NEW.at);"
                                 "  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.text);"
                                 "  INSERT INTO search_gram (rowid, grams)"
                                 "  VALUES (last_insert_rowid (),"
                                 "          (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));"
                                 " END;"
                                 "INSERT INTO duty_log VALUES ('log-1', 1, '交班：夜间雪情平稳');"
                                 "INSERT INTO duty_log VALUES ('log-2', 2, '接报山体滑坡');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  hits = dd_store_search_incidents (fixture->store, "雪", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (dd_search_hit_get_kind (g_ptr_array_index (hits, 0)), ==, DD_SEARCH_KIND_LOG);
  g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==, "log-1");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = dd_store_search_incidents (fixture->store, "山体滑坡", 1 << DD_SEARCH_KIND_LOG, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==, "log-2");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A changed description: the old words leave the indexes, the new
   * ones are found, by 1–2 characters too. */
  update = dd_incident_event_new (NULL, dd_call_get_incident_id (a), DD_INCIDENT_EVENT_KIND_UPDATE, bj (2026, 7, 1, 10, 0));
  dd_incident_event_set_text (update, DD_INCIDENT_TEXT_DESCRIPTION, "观山湖区泥石流");
  summary = dd_store_add_incident_event (fixture->store, fixture->rules, update, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM search_gram WHERE search_gram MATCH '花溪'", NULL), ==, 2);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM search_gram WHERE search_gram MATCH '泥'", NULL), ==, 2);
  hits = dd_store_search_incidents (fixture->store, "泥", 1 << DD_SEARCH_KIND_INCIDENT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = dd_store_search_incidents (fixture->store, "花溪", 1 << DD_SEARCH_KIND_INCIDENT, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_lists (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) close = NULL;
  g_autoptr(DdIncidentSummary) closed = NULL;
  DdIncidentFilter filter = { 0 };
  GDate from, to;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(DdCall) call = log_incident (fixture, bj (2026, 7, 1 + i, 9, 0), "accident.fire", "火灾", 0);
    }

  g_assert_cmpint (dd_store_count_incidents (fixture->store, NULL), ==, 5);
  g_assert_cmpint (dd_store_count_calls (fixture->store, NULL), ==, 5);
  page = dd_store_fetch_incidents (fixture->store, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (dd_incident_summary_get_number (g_ptr_array_index (page, 0)), ==, "520102-20260704-0001");
  g_clear_pointer (&page, g_ptr_array_unref);
  page = dd_store_fetch_calls (fixture->store, 4, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpstr (dd_call_get_incident_number (g_ptr_array_index (page, 0)), ==, "520102-20260701-0001");

  close = dd_incident_event_new (NULL, "520102-20260705-0001", DD_INCIDENT_EVENT_KIND_CLOSE, bj (2026, 7, 5, 12, 0));
  closed = dd_store_add_incident_event (fixture->store, fixture->rules, close, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_incident_summary_get_status (closed), ==, DD_INCIDENT_STATUS_CLOSED);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 2, G_DATE_JULY, 2026);
  g_date_set_dmy (&to, 5, G_DATE_JULY, 2026);
  filter.from = &from;
  filter.to = &to;
  list = dd_store_list_incidents (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.open_only = TRUE;
  list = dd_store_list_incidents (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (dd_incident_summary_get_number (g_ptr_array_index (list, 0)), ==, "520102-20260704-0001");
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.limit = 1;
  list = dd_store_list_incidents (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
}

static char *
numbers_of (GPtrArray *incidents)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < incidents->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                            dd_incident_summary_get_number (g_ptr_array_index (incidents, i)) + 7);

  return g_string_free (out, FALSE);
}

/* Lists in the order the user picks, each way round, ties by time. */
static void
test_list_orders (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) close = NULL;
  g_autoptr(DdIncidentSummary) closed = NULL;
  static const struct {
    guint       order;
    const char *numbers;
  } cases[] = {
    { DD_INCIDENT_ORDER_RECEIVED, "20260701-0001 20260702-0001 20260703-0001 20260704-0001" },
    { DD_INCIDENT_ORDER_RECEIVED | DD_ORDER_DESCENDING, "20260704-0001 20260703-0001 20260702-0001 20260701-0001" },
    /* Grade I first, the ungraded (manual sub-type) last either way. */
    { DD_INCIDENT_ORDER_GRADE, "20260703-0001 20260701-0001 20260704-0001 20260702-0001" },
    { DD_INCIDENT_ORDER_GRADE | DD_ORDER_DESCENDING, "20260704-0001 20260701-0001 20260703-0001 20260702-0001" },
    /* Open first; closed 07-04 last. */
    { DD_INCIDENT_ORDER_STATUS, "20260701-0001 20260702-0001 20260703-0001 20260704-0001" },
    { DD_INCIDENT_ORDER_STATUS | DD_ORDER_DESCENDING, "20260704-0001 20260703-0001 20260702-0001 20260701-0001" },
  };

  { g_autoptr(DdCall) c = log_incident (fixture, bj (2026, 7, 1, 9, 0), "accident.production_safety", "透水", 3); }
  { g_autoptr(DdCall) c = log_incident (fixture, bj (2026, 7, 2, 9, 0), "social.mass_incident", "聚集", -1); }
  { g_autoptr(DdCall) c = log_incident (fixture, bj (2026, 7, 3, 9, 0), "accident.production_safety", "爆炸", 30); }
  { g_autoptr(DdCall) c = log_incident (fixture, bj (2026, 7, 4, 9, 0), "accident.production_safety", "坍塌", 0); }
  close = dd_incident_event_new (NULL, "520102-20260704-0001", DD_INCIDENT_EVENT_KIND_CLOSE, bj (2026, 7, 4, 12, 0));
  closed = dd_store_add_incident_event (fixture->store, fixture->rules, close, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) page = dd_store_fetch_incidents_ordered (fixture->store, cases[i].order, 0, 10, &error);
      g_autofree char *numbers = NULL;

      g_assert_no_error (error);
      numbers = numbers_of (page);
      g_assert_cmpstr (numbers, ==, cases[i].numbers);
    }

  /* A page from an offset, by grade. */
  {
    g_autoptr(GPtrArray) page = dd_store_fetch_incidents_ordered (fixture->store, DD_INCIDENT_ORDER_GRADE, 1, 2, &error);
    g_autofree char *numbers = NULL;

    g_assert_no_error (error);
    numbers = numbers_of (page);
    g_assert_cmpstr (numbers, ==, "20260701-0001 20260704-0001");
  }

  /* Calls by channel: all phone here, so by time, either way. */
  {
    g_autoptr(GPtrArray) calls = dd_store_fetch_calls_ordered (fixture->store,
                                                               DD_CALL_ORDER_CHANNEL | DD_ORDER_DESCENDING,
                                                               0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (calls->len, ==, 4);
    g_assert_cmpstr (dd_call_get_incident_number (g_ptr_array_index (calls, 0)), ==, "520102-20260704-0001");
  }
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  return *slot;
}

static void
test_service (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  g_autoptr(DdCall) call = NULL;
  g_autoptr(DdIncidentDetail) detail = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdPagedModel) model = NULL;
  g_autoptr(DdCall) first = NULL;
  DdCallInput input = { 0 };

  g_clear_object (&fixture->store);
  service = dd_store_service_new (fixture->path, "test");

  event->subtype = g_strdup ("natural.geological");
  input.channel = DD_CALL_CHANNEL_SMS;
  input.summary = "观山湖区山体滑坡";
  input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  dd_store_service_log_call_async (service, fixture->rules, &input, event, NULL, on_result_cb, &result);
  call = dd_store_service_log_call_finish (service, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_clear_object (&result);

  dd_store_service_get_incident_async (service, fixture->rules, dd_call_get_incident_id (call), 0,
                                       NULL, on_result_cb, &result);
  detail = dd_store_service_get_incident_finish (service, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->state->subtype, ==, "natural.geological");
  g_clear_object (&result);

  dd_store_service_search_incidents_async (service, "滑坡", 0, NULL, 10, NULL, on_result_cb, &result);
  hits = dd_store_service_search_incidents_finish (service, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 1);
  g_clear_object (&result);

  /* The calls list as the window shows it. */
  model = dd_paged_model_new (service, DD_TYPE_CALL, dd_store_count_calls, dd_store_fetch_calls, 10);
  dd_paged_model_reload_async (model, NULL, on_result_cb, &result);
  g_assert_true (dd_paged_model_reload_finish (model, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  dd_paged_model_load_async (model, 0, NULL, on_result_cb, &result);
  g_assert_true (dd_paged_model_load_finish (model, wait_for (&result), &error));
  g_assert_no_error (error);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (dd_call_get_summary (first), ==, "观山湖区山体滑坡");
}

/* ------------------------------------------------- duty log and handover */

/* Journal and outbox rows, and rows of the duty log's tables. */
static gint64
count_history (DdStore *store)
{
  return count_sql (store, "SELECT (SELECT count(*) FROM audit_journal) + (SELECT count(*) FROM sync_outbox)"
                           " + (SELECT count(*) FROM log_entries) + (SELECT count(*) FROM instructions)"
                           " + (SELECT count(*) FROM instruction_completions) + (SELECT count(*) FROM call_callbacks)"
                           " + (SELECT count(*) FROM handover_acks) + (SELECT count(*) FROM handovers)", NULL);
}

static void
test_log_entries (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) call = log_incident (fixture, bj (2026, 7, 1, 10, 0), "natural.geological", "花溪区山体滑坡", 1);
  g_autoptr(DdLogEntry) entry = dd_log_entry_new (NULL, bj (2026, 7, 1, 10, 5), "值班室巡查通讯设备");
  g_autoptr(DdLogEntry) saved = NULL;
  g_autoptr(DdLogEntry) bad = dd_log_entry_new (NULL, bj (2026, 7, 1, 10, 6), "   ");
  g_autoptr(DdLogEntry) unknown = dd_log_entry_new (NULL, bj (2026, 7, 1, 10, 6), "x");
  g_autoptr(GPtrArray) shift = NULL;
  sqlite3 *db = dd_store_get_handle (fixture->store);
  const char *tables[] = { "log_entries", "instructions", "instruction_completions", "call_callbacks",
                           "handover_acks", "handovers" };
  gint64 before;

  entry->incident_id = g_strdup ("520102-20260701-0001");
  entry->author = g_strdup ("李四");
  saved = dd_store_add_log_entry (fixture->store, entry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->incident_id, ==, dd_call_get_incident_id (call));
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM audit_journal WHERE entity_kind = 'log_entry'"
                                              " AND entity_id = ?1", saved->id), ==, 1);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM sync_outbox WHERE record_kind = 'log_entry'"
                                              " AND op = 'append' AND record_id = ?1", saved->id), ==, 1);

  /* invalid input and an unknown incident write nothing */
  before = count_history (fixture->store);
  g_assert_null (dd_store_add_log_entry (fixture->store, bad, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  unknown->incident_id = g_strdup ("520102-20260701-0009");
  g_assert_null (dd_store_add_log_entry (fixture->store, unknown, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_history (fixture->store), ==, before);

  /* a shift's log: its bounds, the end excluded */
  shift = dd_store_list_log_entries (fixture->store, bj (2026, 7, 1, 8, 30), bj (2026, 7, 1, 10, 5), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shift->len, ==, 0);
  g_clear_pointer (&shift, g_ptr_array_unref);
  shift = dd_store_list_log_entries (fixture->store, bj (2026, 7, 1, 10, 5), 0, &error);
  g_assert_cmpuint (shift->len, ==, 1);

  /* history is append-only */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *pattern = g_strdup_printf ("%s_no_%%", tables[i]);

      g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                                  " AND name LIKE ?1", pattern), ==, 2);
    }
  g_assert_cmpint (sqlite3_exec (db, "UPDATE log_entries SET text = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM log_entries", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM log_entries WHERE text = ?1",
                              "值班室巡查通讯设备"), ==, 1);
}

/* needs the search kinds 'log' and 'instruction' of migration 0006 */
static void
test_log_search (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdLogEntry) entry = dd_log_entry_new (NULL, bj (2026, 7, 1, 10, 5), "检查卫星电话电量");
  g_autoptr(DdLogEntry) saved = NULL;
  g_autoptr(DdInstruction) instruction = dd_instruction_new (NULL, "立即核实卫星电话通联", "张副省长",
                                                             bj (2026, 7, 1, 10, 6));
  g_autoptr(DdInstruction) saved_instruction = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  saved = dd_store_add_log_entry (fixture->store, entry, &error);
  g_assert_no_error (error);
  saved_instruction = dd_store_add_instruction (fixture->store, instruction, &error);
  g_assert_no_error (error);

  hits = dd_store_search_incidents (fixture->store, "卫星电话", 1 << DD_SEARCH_KIND_LOG, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (dd_search_hit_get_kind (g_ptr_array_index (hits, 0)), ==, DD_SEARCH_KIND_LOG);
  g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==, saved->id);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = dd_store_search_incidents (fixture->store, "卫星电话", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = dd_store_search_incidents (fixture->store, "张副省长", 1 << DD_SEARCH_KIND_INSTRUCTION, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==, saved_instruction->id);
}

static void
test_instructions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdInstruction) instruction = dd_instruction_new (NULL, "请核实伤亡", "张副省长", bj (2026, 7, 1, 10, 0));
  g_autoptr(DdInstruction) saved = NULL;
  g_autoptr(DdInstruction) done = NULL;
  g_autoptr(GPtrArray) open = NULL;
  gint64 before;

  instruction->feedback_due = bj (2026, 7, 1, 11, 0);
  saved = dd_store_add_instruction (fixture->store, instruction, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->feedback_due, ==, bj (2026, 7, 1, 11, 0));
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM sync_outbox WHERE record_kind = 'instruction'"
                                              " AND record_id = ?1", saved->id), ==, 1);

  /* done late without a reason: refused, nothing written */
  before = count_history (fixture->store);
  g_assert_null (dd_store_complete_instruction (fixture->store, saved->id, bj (2026, 7, 1, 11, 1), " ", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_history (fixture->store), ==, before);

  done = dd_store_complete_instruction (fixture->store, saved->id, bj (2026, 7, 1, 11, 1), "领导外出", &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->done_at, ==, bj (2026, 7, 1, 11, 1));
  g_assert_cmpstr (done->done_reason, ==, "领导外出");
  g_assert_cmpint (dd_instruction_status_at (done, dd_incident_rules_get_reporting (fixture->rules),
                                             bj (2026, 7, 1, 12, 0), NULL), ==, DD_CLOCK_STATUS_LATE);

  g_assert_null (dd_store_complete_instruction (fixture->store, saved->id, bj (2026, 7, 1, 11, 2), "x", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* as known before the completion, it was open */
  open = dd_store_list_instructions (fixture->store, TRUE, bj (2026, 7, 1, 11, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (((DdInstruction *) g_ptr_array_index (open, 0))->done_at, ==, 0);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = dd_store_list_instructions (fixture->store, TRUE, bj (2026, 7, 1, 11, 1), &error);
  g_assert_cmpuint (open->len, ==, 0);
}

static void
ack_all (Fixture *fixture,
         gint64   at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = dd_store_list_handover_items (fixture->store, fixture->rules, at, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      const DdHandoverItem *item = g_ptr_array_index (items, i);
      g_autoptr(DdHandoverItem) acked = NULL;

      if (item->acked_at != 0)
        continue;
      acked = dd_store_ack_handover_item (fixture->store, fixture->rules, item->id, "王五", at, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (acked->acked_by, ==, "王五");
    }
}

static void
test_handover (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) call = log_incident (fixture, bj (2026, 7, 1, 10, 0), "natural.geological", "花溪区山体滑坡", 12);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) handovers = NULL;
  g_autoptr(DdHandover) handover = NULL;
  g_autoptr(DdHandoverItem) acked = NULL;
  g_autoptr(DdDailyReport) report = NULL;
  gint64 at = bj (2026, 7, 1, 10, 30);
  gint64 before;
  GDate day;

  g_assert_true (dd_store_request_callback (fixture->store, dd_call_get_id (call), bj (2026, 7, 1, 12, 0),
                                            bj (2026, 7, 1, 10, 1), &error));
  g_assert_no_error (error);

  items = dd_store_list_handover_items (fixture->store, fixture->rules, at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpint (((DdHandoverItem *) g_ptr_array_index (items, 0))->kind, ==, DD_HANDOVER_ITEM_INCIDENT);
  g_assert_cmpint (((DdHandoverItem *) g_ptr_array_index (items, 0))->status, ==, DD_CLOCK_STATUS_OVERDUE);
  g_assert_cmpint (((DdHandoverItem *) g_ptr_array_index (items, 1))->kind, ==, DD_HANDOVER_ITEM_CALLBACK);
  g_assert_cmpint (((DdHandoverItem *) g_ptr_array_index (items, 2))->kind, ==, DD_HANDOVER_ITEM_UNSYNCED);

  /* one item acknowledged: signing is refused and changes nothing */
  acked = dd_store_ack_handover_item (fixture->store, fixture->rules,
                                      ((DdHandoverItem *) g_ptr_array_index (items, 1))->id, "王五", at, &error);
  g_assert_no_error (error);
  g_assert_null (dd_store_ack_handover_item (fixture->store, fixture->rules, acked->id, "王五", at, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dd_store_ack_handover_item (fixture->store, fixture->rules, "incident:nothing", "王五", at, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  before = count_history (fixture->store);
  g_assert_null (dd_store_sign_handover (fixture->store, fixture->rules, "李四", "王五", NULL, at, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "incident:"));
  g_clear_error (&error);
  g_assert_cmpint (count_history (fixture->store), ==, before);

  ack_all (fixture, at);
  g_assert_null (dd_store_sign_handover (fixture->store, fixture->rules, "李四", " 李四 ", NULL, at, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  handover = dd_store_sign_handover (fixture->store, fixture->rules, "李四", "王五", "续报跟进", at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (handover->items->len, ==, 3);
  g_assert_cmpint (count_sql (fixture->store, "SELECT count(*) FROM sync_outbox WHERE record_kind = 'handover'"
                                              " AND record_id = ?1", handover->id), ==, 1);

  /* the acknowledgements were this handover's: the next one starts again */
  g_clear_pointer (&items, g_ptr_array_unref);
  items = dd_store_list_handover_items (fixture->store, fixture->rules, at, &error);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpint (((DdHandoverItem *) g_ptr_array_index (items, 0))->acked_at, ==, 0);

  /* the call-back made: no longer an item */
  g_assert_true (dd_store_complete_callback (fixture->store, dd_call_get_id (call), bj (2026, 7, 1, 10, 40), &error));
  g_assert_false (dd_store_complete_callback (fixture->store, dd_call_get_id (call), bj (2026, 7, 1, 10, 41), &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = dd_store_list_handover_items (fixture->store, fixture->rules, bj (2026, 7, 1, 10, 45), &error);
  g_assert_cmpuint (items->len, ==, 2);

  /* survives reopening */
  g_clear_object (&fixture->store);
  fixture->store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  handovers = dd_store_list_handovers (fixture->store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (handovers->len, ==, 1);
  g_clear_pointer (&handover, dd_handover_free);
  handover = dd_handover_copy (g_ptr_array_index (handovers, 0));
  g_assert_cmpstr (handover->incoming, ==, "王五");
  g_assert_cmpstr (handover->note, ==, "续报跟进");
  g_assert_cmpuint (handover->items->len, ==, 3);
  g_assert_cmpstr (((DdHandoverItem *) g_ptr_array_index (handover->items, 1))->acked_by, ==, "王五");

  /* the duty day of 2026-07-01, cut at 08:30 */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 7, 2026);
  report = dd_store_build_daily_report (fixture->store, fixture->rules, &day, bj (2026, 7, 2, 12, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->from, ==, bj (2026, 7, 1, 8, 30));
  g_assert_cmpint (report->at, ==, bj (2026, 7, 2, 8, 30));
  g_assert_cmpuint (report->n_calls, ==, 1);
  g_assert_cmpuint (report->n_incidents, ==, 1);
  g_assert_cmpuint (report->handovers->len, ==, 1);
  g_assert_cmpuint (report->n_clocks[DD_CLOCK_STATUS_OVERDUE], ==, 1);
}

static void
test_duty_log_service (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdLogEntry) entry = dd_log_entry_new (NULL, bj (2026, 7, 1, 9, 0), "接班");
  g_autoptr(DdLogEntry) saved = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_clear_object (&fixture->store);
  service = dd_store_service_new (fixture->path, "test");

  dd_store_service_add_log_entry_async (service, entry, NULL, on_result_cb, &result);
  saved = dd_store_service_add_log_entry_finish (service, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->text, ==, "接班");
  g_clear_object (&result);

  dd_store_service_list_log_entries_async (service, bj (2026, 7, 1, 8, 30), bj (2026, 7, 1, 17, 30),
                                           NULL, on_result_cb, &result);
  entries = dd_store_service_list_log_entries_finish (service, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_object (&result);

  dd_store_service_list_handover_items_async (service, fixture->rules, bj (2026, 7, 1, 9, 1),
                                              NULL, on_result_cb, &result);
  items = dd_store_service_list_handover_items_finish (service, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/incident-store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("numbering", test_numbering);
  ADD ("append-only", test_append_only);
  ADD ("state-and-clocks", test_state_and_clocks);
  ADD ("audit-outbox", test_audit_outbox);
  ADD ("search", test_search);
  ADD ("search-is-scan", test_search_is_scan);
  ADD ("search-new-kind", test_search_new_kind);
  ADD ("lists", test_lists);
  ADD ("list-orders", test_list_orders);
  ADD ("service", test_service);
  ADD ("log-entries", test_log_entries);
  ADD ("log-search", test_log_search);
  ADD ("instructions", test_instructions);
  ADD ("handover", test_handover);
  ADD ("duty-log-service", test_duty_log_service);

  return g_test_run ();
}

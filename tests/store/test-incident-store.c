/* test-incident-store.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

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

  dd_store_service_search_incidents_async (service, "滑坡", 0, 10, NULL, on_result_cb, &result);
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
  ADD ("lists", test_lists);
  ADD ("list-orders", test_list_orders);
  ADD ("service", test_service);

  return g_test_run ();
}

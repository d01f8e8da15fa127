/* test-incident.c: incident events, derived state, override, status, numbers
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-incident.h"
#include "dd-incident-number.h"
#include "dd-rules-loader.h"

#define INCIDENT "0190a1b2-0000-7000-8000-000000000001"

/* 2026-02-15 10:20 Beijing time */
static gint64
t (double minutes)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, 2, 2026);

  return dd_duty_date_time_ms (&date, 10 * 60 + 20) + (gint64) (minutes * 60000);
}

static DdIncidentEvent *
event_new (GPtrArray           *events,
           const char          *id,
           DdIncidentEventKind  kind,
           double               minutes)
{
  DdIncidentEvent *event = dd_incident_event_new (id, INCIDENT, kind, t (minutes));

  g_ptr_array_add (events, event);

  return event;
}

static GPtrArray *
events_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
}

static DdIncidentState *
derive (GPtrArray *events)
{
  g_autoptr(DdGradingRules) rules = dd_grading_rules_load_default (NULL);
  g_autoptr(GError) error = NULL;
  DdIncidentState *state;

  g_assert_nonnull (rules);
  state = dd_incident_derive (rules, dd_taxonomy_get_default (), events, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);

  return state;
}

static GError *
derive_error (GPtrArray *events)
{
  g_autoptr(DdGradingRules) rules = dd_grading_rules_load_default (NULL);
  GError *error = NULL;
  DdIncidentState *state = dd_incident_derive (rules, dd_taxonomy_get_default (), events, &error);

  g_assert_null (state);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);

  return error;
}

static void
test_derive_facts (void)
{
  g_autoptr(GPtrArray) events = events_new ();
  g_autoptr(DdIncidentState) state = NULL;
  DdIncidentEvent *e;
  DdIncidentHistoryEntry *entry;

  e = event_new (events, "e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
  e->subtype = g_strdup ("accident.road_traffic");
  e->note = g_strdup ("沪昆高速一客车侧翻");
  e->occurred_at = t (-15);
  dd_facts_set (&e->facts, DD_FACT_DEATHS, 2);
  dd_facts_set (&e->facts, DD_FACT_INJURED, 10);
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_LOCATION, "沪昆高速K2100处");
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_SOURCE, "高速交警 电话报告");

  /* given out of order: derive sorts by received time */
  e = event_new (events, "e3", DD_INCIDENT_EVENT_KIND_UPDATE, 40);
  dd_facts_set (&e->facts, DD_FACT_DEATHS, 4);           /* the new total, not +4 */
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_MEASURES, "交警、消防、医疗已到场");

  e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_UPDATE, 20);
  dd_facts_set (&e->facts, DD_FACT_DEATHS, 3);
  dd_facts_set (&e->facts, DD_FACT_SERIOUS_INJURIES, 2);
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_LOCATION, "沪昆高速K2101处");

  state = derive (events);
  g_assert_cmpstr (state->incident_id, ==, INCIDENT);
  g_assert_cmpstr (state->subtype, ==, "accident.road_traffic");
  g_assert_cmpint (state->received_at, ==, t (0));
  g_assert_cmpint (state->occurred_at, ==, t (-15));
  g_assert_cmpfloat (dd_facts_get_value (&state->facts, DD_FACT_DEATHS), ==, 4);
  g_assert_cmpfloat (dd_facts_get_value (&state->facts, DD_FACT_INJURED), ==, 10);
  g_assert_cmpfloat (dd_facts_get_value (&state->facts, DD_FACT_SERIOUS_INJURIES), ==, 2);
  g_assert_false (dd_facts_has (&state->facts, DD_FACT_MISSING));
  g_assert_cmpstr (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_LOCATION), ==, "沪昆高速K2101处");
  g_assert_cmpstr (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_SOURCE), ==, "高速交警 电话报告");
  g_assert_cmpstr (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_MEASURES), ==, "交警、消防、医疗已到场");
  g_assert_null (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_TREND));

  /* regraded automatically: 2 deaths IV, 3 deaths III */
  g_assert_cmpint (state->computed->grade, ==, DD_GRADE_III);
  g_assert_cmpint (state->effective_grade, ==, DD_GRADE_III);
  g_assert_cmpint (state->override_grade, ==, DD_GRADE_NONE);
  g_assert_cmpint (state->status, ==, DD_INCIDENT_STATUS_OPEN);

  g_assert_cmpuint (state->history->len, ==, 3);
  entry = g_ptr_array_index (state->history, 0);
  g_assert_cmpstr (entry->event->id, ==, "e1");
  g_assert_cmpint (entry->computed_grade, ==, DD_GRADE_IV);
  g_assert_true (entry->grade_changed);
  entry = g_ptr_array_index (state->history, 1);
  g_assert_cmpstr (entry->event->id, ==, "e2");
  g_assert_cmpint (entry->effective_grade, ==, DD_GRADE_III);
  g_assert_true (entry->grade_changed);
  g_assert_cmpuint (entry->facts_changed, ==, (1u << DD_FACT_DEATHS) | (1u << DD_FACT_SERIOUS_INJURIES));
  entry = g_ptr_array_index (state->history, 2);
  g_assert_cmpstr (entry->event->id, ==, "e3");
  g_assert_false (entry->grade_changed);
  g_assert_cmpuint (entry->facts_changed, ==, 1u << DD_FACT_DEATHS);
}

static void
test_override (void)
{
  g_autoptr(GPtrArray) events = events_new ();
  g_autoptr(DdIncidentState) state = NULL;
  g_autoptr(DdIncidentState) cleared = NULL;
  g_autoptr(DdIncidentState) manual = NULL;
  g_autoptr(GPtrArray) manual_events = events_new ();
  DdIncidentEvent *e;
  DdIncidentHistoryEntry *entry;

  e = event_new (events, "e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
  e->subtype = g_strdup ("natural.geological");
  dd_facts_set (&e->facts, DD_FACT_THREATENED, 120);   /* III */

  e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_REGRADE, 10);
  e->grade = DD_GRADE_II;
  e->reason = g_strdup ("涉及学校，按重大上报");

  e = event_new (events, "e3", DD_INCIDENT_EVENT_KIND_UPDATE, 20);
  dd_facts_set (&e->facts, DD_FACT_THREATENED, 90);    /* computed falls to IV */

  state = derive (events);
  /* the override wins; the computed grade and its basis are kept */
  g_assert_cmpint (state->effective_grade, ==, DD_GRADE_II);
  g_assert_cmpint (state->override_grade, ==, DD_GRADE_II);
  g_assert_cmpstr (state->override_reason, ==, "涉及学校，按重大上报");
  g_assert_cmpint (state->override_at, ==, t (10));
  g_assert_cmpint (state->computed->grade, ==, DD_GRADE_IV);
  g_assert_cmpuint (state->computed->basis->len, ==, 1);
  entry = g_ptr_array_index (state->history, 1);
  g_assert_cmpint (entry->computed_grade, ==, DD_GRADE_III);
  g_assert_cmpint (entry->effective_grade, ==, DD_GRADE_II);
  g_assert_true (entry->grade_changed);
  entry = g_ptr_array_index (state->history, 2);
  g_assert_cmpint (entry->computed_grade, ==, DD_GRADE_IV);
  g_assert_false (entry->grade_changed);

  /* a regrade to none clears the override: back to the computed grade */
  e = event_new (events, "e4", DD_INCIDENT_EVENT_KIND_REGRADE, 30);
  e->grade = DD_GRADE_NONE;
  e->reason = g_strdup ("撤销人工定级");
  cleared = derive (events);
  g_assert_cmpint (cleared->effective_grade, ==, DD_GRADE_IV);
  g_assert_cmpint (cleared->override_grade, ==, DD_GRADE_NONE);
  g_assert_null (cleared->override_reason);

  /* a manual sub-type has no grade until the officer sets one */
  e = event_new (manual_events, "m1", DD_INCIDENT_EVENT_KIND_LOG, 0);
  e->subtype = g_strdup ("social.mass_incident");
  e = event_new (manual_events, "m2", DD_INCIDENT_EVENT_KIND_REGRADE, 5);
  e->grade = DD_GRADE_III;
  e->reason = g_strdup ("聚集人数约300人");
  manual = derive (manual_events);
  g_assert_true (manual->computed->manual_required);
  g_assert_cmpint (manual->computed->grade, ==, DD_GRADE_NONE);
  g_assert_cmpint (manual->effective_grade, ==, DD_GRADE_III);
  entry = g_ptr_array_index (manual->history, 0);
  g_assert_cmpint (entry->effective_grade, ==, DD_GRADE_NONE);
  g_assert_false (entry->grade_changed);
}

/* Events of one instant (two desks regrading at the same minute) derive
 * alike in whatever order a desk received them: by id after the time. */
static void
test_same_instant (void)
{
  g_autoptr(DdIncidentState) first = NULL;

  for (guint order = 0; order < 2; order++)
    {
      g_autoptr(GPtrArray) events = events_new ();
      g_autoptr(DdIncidentState) state = NULL;
      DdIncidentEvent *e;
      const char *ids[2] = { "0190a1b2-0001-7000-8000-0000000000e2", "0190a1b2-0001-7000-8000-0000000000e3" };

      e = event_new (events, "0190a1b2-0001-7000-8000-0000000000e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
      e->subtype = g_strdup ("natural.geological");
      for (guint i = 0; i < 2; i++)
        {
          const char *id = ids[order == 0 ? i : 1 - i];

          e = event_new (events, id, DD_INCIDENT_EVENT_KIND_REGRADE, 10);
          e->grade = id == ids[0] ? DD_GRADE_I : DD_GRADE_III;
          e->reason = g_strdup (id);
          dd_incident_event_set_text (e, DD_INCIDENT_TEXT_DESCRIPTION, id);
        }
      state = derive (events);
      /* the later made counts last */
      g_assert_cmpint (state->effective_grade, ==, DD_GRADE_III);
      g_assert_cmpstr (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_DESCRIPTION), ==, ids[1]);
      g_assert_cmpstr (state->override_reason, ==, ids[1]);
      if (first != NULL)
        g_assert_cmpstr (((DdIncidentHistoryEntry *) g_ptr_array_index (state->history, 1))->event->id, ==,
                         ((DdIncidentHistoryEntry *) g_ptr_array_index (first->history, 1))->event->id);
      else
        first = g_steal_pointer (&state);
    }
}

static void
test_status_and_reports (void)
{
  g_autoptr(GPtrArray) events = events_new ();
  g_autoptr(DdIncidentState) state = NULL;
  g_autoptr(DdIncidentState) reopened = NULL;
  DdIncidentEvent *e;

  e = event_new (events, "e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
  e->subtype = g_strdup ("accident.fire");
  e = event_new (events, "r1", DD_INCIDENT_EVENT_KIND_REPORT, 10);
  e->report_kind = DD_REPORT_KIND_INITIAL;
  e->report_channel = DD_REPORT_CHANNEL_PHONE;
  e->report_to = g_strdup ("province");
  e = event_new (events, "r2", DD_INCIDENT_EVENT_KIND_REPORT, 60);
  e->report_kind = DD_REPORT_KIND_FOLLOWUP;
  e->report_to = g_strdup ("province");
  e = event_new (events, "r3", DD_INCIDENT_EVENT_KIND_REPORT, 120);
  e->report_kind = DD_REPORT_KIND_FINAL;
  e->report_to = g_strdup ("province");
  e = event_new (events, "c1", DD_INCIDENT_EVENT_KIND_CLOSE, 121);
  e = event_new (events, "c2", DD_INCIDENT_EVENT_KIND_CLOSE, 122);    /* no change */

  state = derive (events);
  g_assert_cmpint (state->status, ==, DD_INCIDENT_STATUS_CLOSED);
  g_assert_cmpint (state->closed_at, ==, t (121));
  g_assert_cmpuint (state->reports->len, ==, 3);
  g_assert_cmpuint (state->n_followups, ==, 1);
  g_assert_cmpstr (((DdIncidentEvent *) g_ptr_array_index (state->reports, 0))->id, ==, "r1");

  e = event_new (events, "o1", DD_INCIDENT_EVENT_KIND_REOPEN, 200);
  e->reason = g_strdup ("发现新的遇难者");
  reopened = derive (events);
  g_assert_cmpint (reopened->status, ==, DD_INCIDENT_STATUS_OPEN);
  g_assert_cmpint (reopened->closed_at, ==, 0);
}

static void
test_errors (void)
{
  struct {
    const char *what;
    const char *needle;
  } cases[] = {
    { "no-log", "no log event" },
    { "two-logs", "more than one log event" },
    { "before-log", "earlier than the incident was logged" },
    { "other-incident", "belongs to incident" },
    { "unknown-subtype", "unknown sub-type “natural.volcano”" },
    { "regrade-no-reason", "needs a reason" },
    { "report-no-recipient", "needs its recipient" },
    { "negative-fact", "deaths" },
    { "duplicate-id", "given twice" },
    { "log-no-subtype", "with its sub-type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) events = events_new ();
      g_autoptr(GError) error = NULL;
      DdIncidentEvent *log = NULL;
      DdIncidentEvent *e;
      const char *what = cases[i].what;

      if (!g_str_equal (what, "no-log"))
        {
          log = event_new (events, "e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
          log->subtype = g_strdup ("accident.fire");
        }

      if (g_str_equal (what, "no-log"))
        event_new (events, "e2", DD_INCIDENT_EVENT_KIND_UPDATE, 5);
      else if (g_str_equal (what, "two-logs"))
        {
          e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_LOG, 5);
          e->subtype = g_strdup ("accident.fire");
        }
      else if (g_str_equal (what, "before-log"))
        event_new (events, "e2", DD_INCIDENT_EVENT_KIND_UPDATE, -5);
      else if (g_str_equal (what, "other-incident"))
        {
          e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_UPDATE, 5);
          g_free (e->incident_id);
          e->incident_id = g_strdup ("another");
        }
      else if (g_str_equal (what, "unknown-subtype"))
        {
          e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_UPDATE, 5);
          e->subtype = g_strdup ("natural.volcano");
        }
      else if (g_str_equal (what, "regrade-no-reason"))
        {
          e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_REGRADE, 5);
          e->grade = DD_GRADE_I;
          e->reason = g_strdup ("  ");
        }
      else if (g_str_equal (what, "report-no-recipient"))
        event_new (events, "e2", DD_INCIDENT_EVENT_KIND_REPORT, 5);
      else if (g_str_equal (what, "negative-fact"))
        {
          e = event_new (events, "e2", DD_INCIDENT_EVENT_KIND_UPDATE, 5);
          dd_facts_set (&e->facts, DD_FACT_DEATHS, -1);
        }
      else if (g_str_equal (what, "duplicate-id"))
        event_new (events, "e1", DD_INCIDENT_EVENT_KIND_UPDATE, 5);
      else if (g_str_equal (what, "log-no-subtype"))
        g_clear_pointer (&log->subtype, g_free);

      g_test_message ("case %s", what);
      error = derive_error (events);
      g_assert_true (error->domain == DD_CORE_ERROR);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("%s: “%s” does not contain “%s”", what, error->message, cases[i].needle);
    }
}

static void
test_event_variant (void)
{
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new ("e9", INCIDENT,
                                                            DD_INCIDENT_EVENT_KIND_REPORT, t (3));
  g_autoptr(DdIncidentEvent) back = NULL;
  g_autoptr(DdIncidentEvent) copy = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) refused = NULL;

  event->recorded_by = g_strdup ("张三");
  event->note = g_strdup ("电话报省政府总值班室");
  event->occurred_at = t (-30);
  dd_facts_set (&event->facts, DD_FACT_DEATHS, 3);
  dd_facts_set (&event->facts, DD_FACT_MAGNITUDE, 4.5);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_TREND, "险情仍在发展");
  event->reason = g_strdup ("通信中断");
  event->report_kind = DD_REPORT_KIND_FOLLOWUP;
  event->report_channel = DD_REPORT_CHANNEL_WRITTEN;
  event->report_to = g_strdup ("province");
  event->report_content = g_strdup ("续报内容");

  variant = g_variant_ref_sink (dd_incident_event_to_variant (event));
  back = dd_incident_event_new_from_variant (variant, &error);
  g_assert_no_error (error);
  copy = dd_incident_event_copy (back);

  g_assert_cmpstr (copy->id, ==, "e9");
  g_assert_cmpstr (copy->incident_id, ==, INCIDENT);
  g_assert_cmpint (copy->kind, ==, DD_INCIDENT_EVENT_KIND_REPORT);
  g_assert_cmpint (copy->received_at, ==, t (3));
  g_assert_cmpint (copy->occurred_at, ==, t (-30));
  g_assert_cmpstr (copy->recorded_by, ==, "张三");
  g_assert_cmpstr (copy->note, ==, "电话报省政府总值班室");
  g_assert_cmpfloat (dd_facts_get_value (&copy->facts, DD_FACT_DEATHS), ==, 3);
  g_assert_cmpfloat (dd_facts_get_value (&copy->facts, DD_FACT_MAGNITUDE), ==, 4.5);
  g_assert_cmpstr (copy->texts[DD_INCIDENT_TEXT_TREND], ==, "险情仍在发展");
  g_assert_null (copy->texts[DD_INCIDENT_TEXT_SCOPE]);
  g_assert_cmpstr (copy->reason, ==, "通信中断");
  g_assert_cmpint (copy->report_kind, ==, DD_REPORT_KIND_FOLLOWUP);
  g_assert_cmpint (copy->report_channel, ==, DD_REPORT_CHANNEL_WRITTEN);
  g_assert_cmpstr (copy->report_to, ==, "province");
  g_assert_cmpstr (copy->report_content, ==, "续报内容");

  bad = g_variant_ref_sink (g_variant_new_parsed ("{'id': <'x'>, 'incident_id': <'y'>, 'kind': <'explode'>, 'received_at': <int64 5>}"));
  refused = dd_incident_event_new_from_variant (bad, &error);
  g_assert_null (refused);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "explode"));
}

static void
test_number (void)
{
  g_autofree char *number = NULL;
  g_autofree char *dept = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;
  guint sequence = 0;
  const char * const bad[] = {
    "520102-20260215-001", "520102-20260230-0001", "520102-20260215-0000", "-20260215-0001",
    "520102_20260215-0001", "52010220260215-0001", "520102-2026021-00001", "", "520102-yjj-2026O215-0001",
  };

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, 2, 2026);
  number = dd_incident_number_format ("520102", &date, 7);
  g_assert_cmpstr (number, ==, "520102-20260215-0007");

  /* 00:00 Beijing on the 15th (16:00 UTC on the 14th) is the 15th */
  dept = dd_incident_number_format_for_ms ("520102-yjj", t (-10 * 60 - 20), 9999);
  g_assert_cmpstr (dept, ==, "520102-yjj-20260215-9999");
  g_assert_null (dd_incident_number_format ("520102", &date, 0));
  g_assert_null (dd_incident_number_format ("520102", &date, 10000));
  g_assert_null (dd_incident_number_format ("5201 02", &date, 1));

  g_assert_true (dd_incident_number_parse ("520102-yjj-20260215-0042", &unit, &date, &sequence, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (unit, ==, "520102-yjj");
  g_assert_cmpuint (g_date_get_day (&date), ==, 15);
  g_assert_cmpuint (g_date_get_month (&date), ==, 2);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2026);
  g_assert_cmpuint (sequence, ==, 42);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (dd_incident_number_parse (bad[i], NULL, NULL, NULL, &error));
      g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/incident/derive-facts", test_derive_facts);
  g_test_add_func ("/incident/override", test_override);
  g_test_add_func ("/incident/same-instant", test_same_instant);
  g_test_add_func ("/incident/status-reports", test_status_and_reports);
  g_test_add_func ("/incident/errors", test_errors);
  g_test_add_func ("/incident/event-variant", test_event_variant);
  g_test_add_func ("/incident/number", test_number);

  return g_test_run ();
}

/* test-reporting.c: reporting clocks by level and grade, upgrades, downgrades,
 * met/late, due_soon/overdue at exact instants, next-change instants, rule validation
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-incident.h"
#include "dd-reporting.h"
#include "dd-rules-loader.h"

#define INCIDENT "0190a1b2-0000-7000-8000-000000000002"
#define MINUTE      G_GINT64_CONSTANT (60000)

static gint64
t0 (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, 2, 2026);

  return dd_duty_date_time_ms (&date, 10 * 60 + 20);
}

/* t0 + @minutes (+ @ms) */
static gint64
t (gint64 minutes,
   gint64 ms)
{
  return t0 () + minutes * MINUTE + ms;
}

typedef struct
{
  GPtrArray        *events;
  DdReportingRules *rules;
  DdGradingRules   *grading;
  DdIncidentState  *state;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
  f->rules = dd_reporting_rules_load_default (&error);
  g_assert_no_error (error);
  f->grading = dd_grading_rules_load_default (&error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->state, dd_incident_state_free);
  g_clear_pointer (&f->grading, dd_grading_rules_unref);
  g_clear_pointer (&f->rules, dd_reporting_rules_unref);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static DdIncidentEvent *
add_event (Fixture             *f,
           const char          *id,
           DdIncidentEventKind  kind,
           gint64               at)
{
  DdIncidentEvent *event = dd_incident_event_new (id, INCIDENT, kind, at);

  g_ptr_array_add (f->events, event);

  return event;
}

/* A road accident with @deaths (3: III, 10: II, 30: I; 0: IV) */
static DdIncidentEvent *
add_log (Fixture *f,
         double   deaths,
         gint64   at)
{
  DdIncidentEvent *event = add_event (f, "log", DD_INCIDENT_EVENT_KIND_LOG, at);

  event->subtype = g_strdup ("accident.road_traffic");
  dd_facts_set (&event->facts, DD_FACT_DEATHS, deaths);

  return event;
}

static DdIncidentEvent *
add_update (Fixture    *f,
            const char *id,
            double      deaths,
            gint64      at)
{
  DdIncidentEvent *event = add_event (f, id, DD_INCIDENT_EVENT_KIND_UPDATE, at);

  dd_facts_set (&event->facts, DD_FACT_DEATHS, deaths);

  return event;
}

static DdIncidentEvent *
add_report (Fixture         *f,
            const char      *id,
            const char      *to,
            DdReportChannel  channel,
            gint64           at)
{
  DdIncidentEvent *event = add_event (f, id, DD_INCIDENT_EVENT_KIND_REPORT, at);

  event->report_kind = DD_REPORT_KIND_INITIAL;
  event->report_channel = channel;
  event->report_to = g_strdup (to);

  return event;
}

static DdReportingResult *
compute (Fixture *f,
         DdLevel  level,
         gint64   at)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->state, dd_incident_state_free);
  f->state = dd_incident_derive (f->grading, dd_taxonomy_get_default (), f->events, &error);
  g_assert_no_error (error);

  return dd_reporting_compute (f->rules, level, f->state, at);
}

static DdReportClock *
clock_at (DdReportingResult *result,
          guint              i)
{
  g_assert_cmpuint (i, <, result->clocks->len);

  return g_ptr_array_index (result->clocks, i);
}

static DdClockStatus
status_at (Fixture    *f,
           DdLevel     level,
           const char *step,
           gint64      at)
{
  g_autoptr(DdReportingResult) result = compute (f, level, at);
  DdReportClock *clock = dd_reporting_result_find (result, step);

  g_assert_nonnull (clock);

  return clock->status;
}

/* Every level and grade: which steps, limits and recipients. */
static void
test_levels_and_grades (Fixture       *f,
                        gconstpointer  data)
{
  struct {
    DdLevel     level;
    double      deaths;
    const char *steps;     /* "step:minutes:recipient …" */
  } cases[] = {
    { DD_LEVEL_COUNTY,     30, "report_province:20:province" },
    { DD_LEVEL_COUNTY,     10, "report_province:20:province" },
    { DD_LEVEL_COUNTY,      3, "report_province:120:province" },
    { DD_LEVEL_COUNTY,      2, "" },
    { DD_LEVEL_PREFECTURE, 30, "report_province:20:province" },
    { DD_LEVEL_PREFECTURE, 10, "report_province:20:province" },
    { DD_LEVEL_PREFECTURE,  3, "report_province:120:province" },
    { DD_LEVEL_PREFECTURE,  0, "" },
    { DD_LEVEL_DEPARTMENT, 30, "report_province:20:province" },
    { DD_LEVEL_DEPARTMENT, 10, "report_province:20:province" },
    { DD_LEVEL_DEPARTMENT,  3, "report_province:120:province" },
    { DD_LEVEL_DEPARTMENT,  1, "" },
    { DD_LEVEL_PROVINCE,   30, "report_state_council_phone:30:state_council report_state_council_written:60:state_council" },
    { DD_LEVEL_PROVINCE,   10, "report_state_council_phone:30:state_council report_state_council_written:60:state_council" },
    { DD_LEVEL_PROVINCE,    3, "" },
    { DD_LEVEL_PROVINCE,    0, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DdReportingResult) result = NULL;
      g_auto(GStrv) expected = g_strsplit (cases[i].steps, " ", -1);
      guint n_expected = cases[i].steps[0] != '\0' ? g_strv_length (expected) : 0;

      g_test_message ("%s, %g deaths", dd_level_to_string (cases[i].level), cases[i].deaths);
      g_ptr_array_set_size (f->events, 0);
      add_log (f, cases[i].deaths, t0 ());
      result = compute (f, cases[i].level, t0 ());

      g_assert_cmpuint (result->clocks->len, ==, n_expected);
      for (guint c = 0; c < n_expected; c++)
        {
          DdReportClock *clock = clock_at (result, c);
          g_auto(GStrv) parts = g_strsplit (expected[c], ":", 3);

          g_assert_cmpstr (clock->step, ==, parts[0]);
          g_assert_cmpint (clock->limit_ms, ==, g_ascii_strtoll (parts[1], NULL, 10) * MINUTE);
          g_assert_cmpstr (clock->recipient, ==, parts[2]);
          g_assert_cmpint (clock->started_at, ==, t0 ());
          g_assert_cmpstr (clock->started_by, ==, "log");
          g_assert_cmpint (clock->due_at, ==, t0 () + clock->limit_ms);
          g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_PENDING);
          g_assert_cmpstr (clock->incident_id, ==, INCIDENT);
          g_assert_nonnull (clock->id);
        }
      g_assert_true (dd_reporting_result_has_running (result) == (n_expected > 0));
    }
}

/* 20 minutes: due soon 5 minutes before (a quarter), overdue after due. */
static void
test_exact_instants (Fixture       *f,
                     gconstpointer  data)
{
  struct {
    double      deaths;
    DdLevel     level;
    const char *step;
    gint64      limit;     /* minutes */
    gint64      warn_ms;   /* min (limit / 4, 10 min) */
  } cases[] = {
    { 10, DD_LEVEL_COUNTY,   "report_province",              20,  5 * MINUTE },
    {  3, DD_LEVEL_COUNTY,   "report_province",              120, 10 * MINUTE },
    { 30, DD_LEVEL_PROVINCE, "report_state_council_phone",   30,  7 * MINUTE + 30000 },
    { 30, DD_LEVEL_PROVINCE, "report_state_council_written", 60,  10 * MINUTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 due = t (cases[i].limit, 0);
      gint64 warn = due - cases[i].warn_ms;
      g_autoptr(DdReportingResult) pending = NULL;
      g_autoptr(DdReportingResult) soon = NULL;
      g_autoptr(DdReportingResult) over = NULL;
      DdReportClock *clock;

      g_test_message ("%s %" G_GINT64_FORMAT " min", cases[i].step, cases[i].limit);
      g_ptr_array_set_size (f->events, 0);
      add_log (f, cases[i].deaths, t0 ());

      g_assert_cmpint (dd_reporting_rules_get_warning_ms (f->rules, cases[i].limit * MINUTE), ==, cases[i].warn_ms);
      g_assert_cmpint (status_at (f, cases[i].level, cases[i].step, t0 ()), ==, DD_CLOCK_STATUS_PENDING);
      g_assert_cmpint (status_at (f, cases[i].level, cases[i].step, warn - 1), ==, DD_CLOCK_STATUS_PENDING);
      g_assert_cmpint (status_at (f, cases[i].level, cases[i].step, warn), ==, DD_CLOCK_STATUS_DUE_SOON);
      g_assert_cmpint (status_at (f, cases[i].level, cases[i].step, due), ==, DD_CLOCK_STATUS_DUE_SOON);
      g_assert_cmpint (status_at (f, cases[i].level, cases[i].step, due + 1), ==, DD_CLOCK_STATUS_OVERDUE);

      /* the next change: due soon at @warn, overdue at due + 1 ms, then nothing */
      pending = compute (f, cases[i].level, t0 ());
      clock = dd_reporting_result_find (pending, cases[i].step);
      g_assert_cmpint (clock->warn_at, ==, warn);
      g_assert_cmpint (clock->next_change_at, ==, warn);
      soon = compute (f, cases[i].level, warn);
      clock = dd_reporting_result_find (soon, cases[i].step);
      g_assert_cmpint (clock->next_change_at, ==, due + 1);
      over = compute (f, cases[i].level, due + 1);
      clock = dd_reporting_result_find (over, cases[i].step);
      g_assert_cmpint (clock->next_change_at, ==, G_MAXINT64);
    }
}

static void
test_next_change (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DdReportingResult) start = NULL;
  g_autoptr(DdReportingResult) between = NULL;
  g_autoptr(DdReportingResult) done = NULL;

  add_log (f, 30, t0 ());

  /* province: phone (30 min, warn 7.5) and written (60 min, warn 10) */
  start = compute (f, DD_LEVEL_PROVINCE, t0 ());
  g_assert_cmpint (start->next_change_at, ==, t (22, 30000));
  between = compute (f, DD_LEVEL_PROVINCE, t (30, 1));
  g_assert_cmpint (dd_reporting_result_find (between, "report_state_council_phone")->status, ==,
                   DD_CLOCK_STATUS_OVERDUE);
  g_assert_cmpint (between->next_change_at, ==, t (50, 0));

  add_report (f, "r1", "state_council", DD_REPORT_CHANNEL_WRITTEN, t (40, 0));
  done = compute (f, DD_LEVEL_PROVINCE, t (41, 0));
  g_assert_cmpint (done->next_change_at, ==, G_MAXINT64);
  g_assert_false (dd_reporting_result_has_running (done));
}

static void
test_met_and_late (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DdReportingResult) before = NULL;
  g_autoptr(DdReportingResult) met = NULL;
  g_autoptr(DdReportingResult) late = NULL;
  g_autoptr(DdReportingResult) later = NULL;
  DdIncidentEvent *report;
  DdReportClock *clock;

  add_log (f, 10, t0 ());
  /* a report to someone else does not count */
  add_report (f, "r0", "prefecture", DD_REPORT_CHANNEL_PHONE, t (5, 0));

  before = compute (f, DD_LEVEL_COUNTY, t (10, 0));
  g_assert_cmpint (clock_at (before, 0)->status, ==, DD_CLOCK_STATUS_PENDING);
  /* a report now would be in time */
  g_assert_false (dd_reporting_result_report_is_late (before, "province", DD_REPORT_CHANNEL_PHONE));

  /* exactly at due: met */
  report = add_report (f, "r1", "province", DD_REPORT_CHANNEL_PHONE, t (20, 0));
  met = compute (f, DD_LEVEL_COUNTY, t (30, 0));
  clock = clock_at (met, 0);
  g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpint (clock->met_at, ==, t (20, 0));
  g_assert_cmpstr (clock->met_by, ==, "r1");
  g_assert_null (clock->late_reason);
  g_assert_cmpint (clock->next_change_at, ==, G_MAXINT64);

  /* one millisecond after due: late, with its reason */
  report->received_at = t (20, 1);
  report->reason = g_strdup ("电话线路故障");
  late = compute (f, DD_LEVEL_COUNTY, t (30, 0));
  clock = clock_at (late, 0);
  g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_LATE);
  g_assert_cmpstr (clock->late_reason, ==, "电话线路故障");
  g_assert_cmpint (clock->met_at, ==, t (20, 1));
  report->received_at = t (25, 0);

  /* before the report was made, the clock was overdue and a report needs a reason */
  later = compute (f, DD_LEVEL_COUNTY, t (25, 0) - 1);
  clock = clock_at (later, 0);
  g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_OVERDUE);
  g_assert_cmpint (clock->met_at, ==, 0);
  g_assert_true (dd_reporting_result_report_is_late (later, "province", DD_REPORT_CHANNEL_SYSTEM));
  g_assert_false (dd_reporting_result_report_is_late (later, "prefecture", DD_REPORT_CHANNEL_SYSTEM));
}

static void
test_channels (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DdReportingResult) phone = NULL;
  g_autoptr(DdReportingResult) written = NULL;

  add_log (f, 30, t0 ());
  add_report (f, "r1", "state_council", DD_REPORT_CHANNEL_PHONE, t (10, 0));

  /* the phone report meets the phone step, not the written one */
  phone = compute (f, DD_LEVEL_PROVINCE, t (15, 0));
  g_assert_cmpint (dd_reporting_result_find (phone, "report_state_council_phone")->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpint (dd_reporting_result_find (phone, "report_state_council_written")->status, ==, DD_CLOCK_STATUS_PENDING);

  add_report (f, "r2", "state_council", DD_REPORT_CHANNEL_WRITTEN, t (55, 0));
  written = compute (f, DD_LEVEL_PROVINCE, t (70, 0));
  g_assert_cmpint (dd_reporting_result_find (written, "report_state_council_phone")->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpstr (dd_reporting_result_find (written, "report_state_council_phone")->met_by, ==, "r1");
  g_assert_cmpint (dd_reporting_result_find (written, "report_state_council_written")->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpstr (dd_reporting_result_find (written, "report_state_council_written")->met_by, ==, "r2");
}

/* III at t0 (2 h), II from the facts received at t0+50 (20 min from then). */
static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DdReportingResult) before = NULL;
  g_autoptr(DdReportingResult) after = NULL;
  g_autoptr(DdReportingResult) reported = NULL;
  DdReportClock *first, *second;

  add_log (f, 3, t0 ());
  add_report (f, "r1", "province", DD_REPORT_CHANNEL_PHONE, t (30, 0));
  add_update (f, "u1", 12, t (50, 0));

  /* as known before the update: one clock, met */
  before = compute (f, DD_LEVEL_COUNTY, t (45, 0));
  g_assert_cmpuint (before->clocks->len, ==, 1);
  g_assert_cmpint (clock_at (before, 0)->status, ==, DD_CLOCK_STATUS_MET);

  after = compute (f, DD_LEVEL_COUNTY, t (66, 0));
  g_assert_cmpuint (after->clocks->len, ==, 2);
  first = clock_at (after, 0);
  second = clock_at (after, 1);
  g_assert_cmpint (first->grade, ==, DD_GRADE_III);
  g_assert_cmpint (first->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpint (second->grade, ==, DD_GRADE_II);
  g_assert_cmpstr (second->step, ==, "report_province");
  g_assert_cmpint (second->started_at, ==, t (50, 0));
  g_assert_cmpstr (second->started_by, ==, "u1");
  g_assert_cmpint (second->due_at, ==, t (70, 0));
  /* the report made before the upgrade does not meet the new clock */
  g_assert_cmpint (second->status, ==, DD_CLOCK_STATUS_DUE_SOON);
  g_assert_cmpstr (dd_reporting_result_find (after, "report_province")->id, ==, second->id);

  add_report (f, "r2", "province", DD_REPORT_CHANNEL_PHONE, t (69, 0));
  reported = compute (f, DD_LEVEL_COUNTY, t (80, 0));
  g_assert_cmpint (clock_at (reported, 1)->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpstr (clock_at (reported, 1)->met_by, ==, "r2");
}

/* II at t0 (20 min); corrected to III at t0+10 before any report: the 20-minute
 * clock is cancelled (kept) and the 2-hour clock runs from t0. */
static void
test_downgrade (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DdReportingResult) result = NULL;
  g_autoptr(DdReportingResult) iv = NULL;
  DdReportClock *cancelled, *running;

  add_log (f, 10, t0 ());
  add_update (f, "u1", 4, t (10, 0));

  result = compute (f, DD_LEVEL_COUNTY, t (30, 0));
  g_assert_cmpuint (result->clocks->len, ==, 2);
  cancelled = clock_at (result, 0);
  running = clock_at (result, 1);
  g_assert_cmpint (cancelled->grade, ==, DD_GRADE_II);
  g_assert_cmpint (cancelled->status, ==, DD_CLOCK_STATUS_CANCELLED);
  g_assert_cmpint (cancelled->cancelled_at, ==, t (10, 0));
  g_assert_cmpstr (cancelled->cancelled_by, ==, "u1");
  g_assert_cmpint (cancelled->next_change_at, ==, G_MAXINT64);
  g_assert_cmpint (running->grade, ==, DD_GRADE_III);
  g_assert_cmpint (running->started_at, ==, t0 ());
  g_assert_cmpstr (running->started_by, ==, "log");
  g_assert_cmpint (running->due_at, ==, t (120, 0));
  g_assert_cmpint (running->status, ==, DD_CLOCK_STATUS_PENDING);
  g_assert_cmpint (result->next_change_at, ==, t (110, 0));

  /* down to IV: nothing is required any more */
  add_update (f, "u2", 1, t (40, 0));
  iv = compute (f, DD_LEVEL_COUNTY, t (200, 0));
  g_assert_cmpuint (iv->clocks->len, ==, 2);
  g_assert_cmpint (clock_at (iv, 1)->status, ==, DD_CLOCK_STATUS_CANCELLED);
  g_assert_cmpint (clock_at (iv, 1)->cancelled_at, ==, t (40, 0));
  g_assert_false (dd_reporting_result_has_running (iv));
}

/* A clock met before the downgrade stays met, and covers the lower grade. */
static void
test_downgrade_after_report (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(DdReportingResult) result = NULL;

  add_log (f, 10, t0 ());
  add_report (f, "r1", "province", DD_REPORT_CHANNEL_PHONE, t (15, 0));
  add_update (f, "u1", 4, t (30, 0));

  result = compute (f, DD_LEVEL_COUNTY, t (60, 0));
  g_assert_cmpuint (result->clocks->len, ==, 1);
  g_assert_cmpint (clock_at (result, 0)->status, ==, DD_CLOCK_STATUS_MET);
  g_assert_cmpint (clock_at (result, 0)->cancelled_at, ==, 0);
}

/* A manual sub-type: no clock until the officer's grade; then from that moment. */
static void
test_override_clock (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DdReportingResult) none = NULL;
  g_autoptr(DdReportingResult) graded = NULL;
  DdIncidentEvent *event;

  event = add_event (f, "log", DD_INCIDENT_EVENT_KIND_LOG, t0 ());
  event->subtype = g_strdup ("social.mass_incident");
  none = compute (f, DD_LEVEL_PREFECTURE, t (5, 0));
  g_assert_cmpuint (none->clocks->len, ==, 0);
  g_assert_cmpint (none->next_change_at, ==, G_MAXINT64);

  event = add_event (f, "g1", DD_INCIDENT_EVENT_KIND_REGRADE, t (8, 0));
  event->grade = DD_GRADE_II;
  event->reason = g_strdup ("聚集人数超过千人");
  graded = compute (f, DD_LEVEL_PREFECTURE, t (9, 0));
  g_assert_cmpuint (graded->clocks->len, ==, 1);
  g_assert_cmpint (clock_at (graded, 0)->started_at, ==, t (8, 0));
  g_assert_cmpint (clock_at (graded, 0)->due_at, ==, t (28, 0));
  g_assert_cmpstr (clock_at (graded, 0)->started_by, ==, "g1");
}

/* Local steps are off unless configured. */
static void
test_local_steps (Fixture       *f,
                  gconstpointer  data)
{
  const char *json =
    "{\"format\": 1, \"sources\": [\"local\"], \"due_soon\": {\"fraction\": 0.25, \"max_minutes\": 10},"
    " \"steps\": [{\"id\": \"notify_leader_on_duty\", \"levels\": [\"county\"], \"grades\": [\"I\", \"II\", \"III\", \"IV\"],"
    "   \"limit_minutes\": 10, \"recipient\": \"leader_on_duty\", \"local\": true, \"enabled\": true, \"source\": \"local\"}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdReportingRules) local = dd_reporting_rules_load_from_bytes (bytes, "local.json", &error);
  g_autoptr(DdReportingResult) shipped = NULL;
  g_autoptr(DdReportingResult) result = NULL;
  gboolean found_local = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < dd_reporting_rules_get_n_steps (f->rules); i++)
    {
      const DdReportingStep *step = dd_reporting_rules_get_step (f->rules, i);

      g_assert_nonnull (step->source);
      if (step->local)
        {
          found_local = TRUE;
          g_assert_false (step->enabled);
        }
      else
        g_assert_true (step->enabled);
    }
  g_assert_true (found_local);

  add_log (f, 1, t0 ());
  shipped = compute (f, DD_LEVEL_COUNTY, t0 ());
  g_assert_cmpuint (shipped->clocks->len, ==, 0);

  g_clear_pointer (&f->rules, dd_reporting_rules_unref);
  f->rules = dd_reporting_rules_ref (local);
  result = compute (f, DD_LEVEL_COUNTY, t0 ());
  g_assert_cmpuint (result->clocks->len, ==, 1);
  g_assert_cmpstr (clock_at (result, 0)->step, ==, "notify_leader_on_duty");
  g_assert_cmpint (clock_at (result, 0)->due_at, ==, t (10, 0));
  g_assert_cmpint (clock_at (result, 0)->warn_at, ==, t (7, 30000));
}

static const char *valid_reporting =
  "{\"format\": 1, \"sources\": [\"x\"], \"due_soon\": {\"fraction\": 0.25, \"max_minutes\": 10},"
  " \"steps\": [{\"id\": \"report_province\", \"levels\": [\"county\"], \"grades\": [\"I\", \"II\"],"
  "   \"limit_minutes\": 20, \"recipient\": \"province\", \"source\": \"x\"}]}";

static void
test_rule_validation (void)
{
  struct {
    const char *from;
    const char *to;
    const char *needle;
  } cases[] = {
    { "[\"I\", \"II\"]", "[\"I\", \"V\"]", "steps[0].grades[1]: unknown grade “V”" },
    { "[\"county\"]", "[\"village\"]", "steps[0].levels[0]: unknown level “village”" },
    { "\"limit_minutes\": 20", "\"limit_minutes\": -20", "steps[0].limit_minutes: -20 is negative" },
    { "\"limit_minutes\": 20", "\"limit_minutes\": 0", "steps[0].limit_minutes: 0 is not a whole number" },
    { "\"recipient\": \"province\", ", "", "steps[0]: the member “recipient” is missing" },
    { ", \"source\": \"x\"}", "}", "steps[0]: the member “source” is missing" },
    { "\"due_soon\": {\"fraction\": 0.25, \"max_minutes\": 10},", "", "the member “due_soon” is missing" },
    { "\"fraction\": 0.25", "\"fraction\": 1.5", "due_soon.fraction: 1.5 is not between 0 and 1" },
    { "\"source\": \"x\"}]", "\"source\": \"x\", \"channels\": [\"fax\"]}]", "steps[0].channels[0]: unknown channel “fax”" },
    { "\"source\": \"x\"}]",
      "\"source\": \"x\"}, {\"id\": \"report_province\", \"levels\": [\"county\"], \"grades\": [\"II\"], \"limit_minutes\": 30, \"recipient\": \"province\", \"source\": \"x\"}]",
      "steps[1]: the step “report_province” already has a rule" },
    { "\"grades\"", "\"grade\"", "steps[0]: unknown member “grade”" },
    { "\"steps\"", "\"alerts\": {\"repeat_due_soon_seconds\": 300}, \"steps\"",
      "alerts: the member “repeat_overdue_seconds” is missing" },
    { "\"steps\"", "\"alerts\": {\"repeat_due_soon_seconds\": 300, \"repeat_overdue_seconds\": 0.5}, \"steps\"",
      "alerts.repeat_overdue_seconds: 0.5 is not a whole number of seconds" },
    { "\"steps\"", "\"alerts\": {\"repeat_due_soon_seconds\": 300, \"repeat_overdue_seconds\": 120, \"every\": 1}, \"steps\"",
      "alerts: unknown member “every”" },
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (valid_reporting, strlen (valid_reporting));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdReportingRules) rules = dd_reporting_rules_load_from_bytes (bytes, "reporting.json", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dd_reporting_rules_get_n_steps (rules), ==, 1);
  /* Without "alerts", an alert is not repeated. */
  g_assert_cmpint (dd_reporting_rules_get_repeat_ms (rules, DD_CLOCK_STATUS_OVERDUE), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *s = g_string_new (valid_reporting);
      g_autofree char *json = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autoptr(DdReportingRules) r = NULL;

      g_assert_nonnull (strstr (valid_reporting, cases[i].from));
      g_string_replace (s, cases[i].from, cases[i].to, 1);
      json = g_string_free (s, FALSE);
      b = g_bytes_new (json, strlen (json));
      r = dd_reporting_rules_load_from_bytes (b, "reporting.json", &error);
      g_assert_null (r);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, cases[i].needle);
      g_assert_true (g_str_has_prefix (error->message, "reporting.json: "));
      g_clear_error (&error);
    }
}

/* The shipped alerts repeat every 5 minutes while due soon, every 2 once
 * overdue, and never for other statuses. */
static void
test_alert_repeat (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpint (dd_reporting_rules_get_repeat_ms (f->rules, DD_CLOCK_STATUS_DUE_SOON), ==, 5 * MINUTE);
  g_assert_cmpint (dd_reporting_rules_get_repeat_ms (f->rules, DD_CLOCK_STATUS_OVERDUE), ==, 2 * MINUTE);
  g_assert_cmpint (dd_reporting_rules_get_repeat_ms (f->rules, DD_CLOCK_STATUS_PENDING), ==, 0);
  g_assert_cmpint (dd_reporting_rules_get_repeat_ms (f->rules, DD_CLOCK_STATUS_MET), ==, 0);
}

static void
test_enums (void)
{
  DdClockStatus status;
  DdReportChannel channel;
  DdReportKind kind;

  g_assert_cmpstr (dd_clock_status_to_string (DD_CLOCK_STATUS_DUE_SOON), ==, "due_soon");
  g_assert_true (dd_clock_status_from_string ("overdue", &status));
  g_assert_cmpint (status, ==, DD_CLOCK_STATUS_OVERDUE);
  g_assert_true (dd_report_channel_from_string ("written", &channel));
  g_assert_cmpint (channel, ==, DD_REPORT_CHANNEL_WRITTEN);
  g_assert_true (dd_report_kind_from_string ("followup", &kind));
  g_assert_cmpint (kind, ==, DD_REPORT_KIND_FOLLOWUP);
  g_assert_false (dd_report_kind_from_string ("interim", &kind));
  g_assert_cmpstr (dd_report_kind_get_label (DD_REPORT_KIND_FINAL), ==, "Final report");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/reporting/levels-and-grades", test_levels_and_grades);
  ADD ("/reporting/exact-instants", test_exact_instants);
  ADD ("/reporting/next-change", test_next_change);
  ADD ("/reporting/met-and-late", test_met_and_late);
  ADD ("/reporting/channels", test_channels);
  ADD ("/reporting/upgrade", test_upgrade);
  ADD ("/reporting/downgrade", test_downgrade);
  ADD ("/reporting/downgrade-after-report", test_downgrade_after_report);
  ADD ("/reporting/override", test_override_clock);
  ADD ("/reporting/local-steps", test_local_steps);
  ADD ("/reporting/alert-repeat", test_alert_repeat);
  g_test_add_func ("/reporting/rule-validation", test_rule_validation);
  g_test_add_func ("/reporting/enums", test_enums);

#undef ADD

  return g_test_run ();
}

/* test-duty-log.c: instruction statuses at exact instants, handover items,
 * the duty day cut at the handover time, the daily report's counts
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-date.h"
#include "dd-duty-defaults.h"
#include "dd-error.h"
#include "dd-duty-log.h"
#include "dd-rules-loader.h"
#include "dd-shift-template.h"

#define MINUTE G_GINT64_CONSTANT (60000)

/* 2026-07-01 at @hour:@minute Beijing time */
static gint64
at_time (guint hour,
         guint minute)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 7, 2026);

  return dd_duty_date_time_ms (&date, hour * 60 + minute);
}

static DdReportingRules *
load_rules (void)
{
  g_autoptr(GError) error = NULL;
  DdReportingRules *rules = dd_reporting_rules_load_default (&error);

  g_assert_no_error (error);

  return rules;
}

static void
test_instruction_status (void)
{
  g_autoptr(DdReportingRules) rules = load_rules ();
  g_autoptr(DdInstruction) instruction = dd_instruction_new ("i1", "核实", "张", at_time (10, 0));
  gint64 due = at_time (11, 0);
  gint64 warn = due - dd_reporting_rules_get_warning_ms (rules, 60 * MINUTE);
  gint64 next = 0;

  instruction->feedback_due = due;
  g_assert_cmpint (warn, <, due);
  g_assert_cmpint (warn, >, at_time (10, 0));

  g_assert_cmpint (dd_instruction_status_at (instruction, rules, warn - 1, &next), ==, DD_CLOCK_STATUS_PENDING);
  g_assert_cmpint (next, ==, warn);
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, warn, &next), ==, DD_CLOCK_STATUS_DUE_SOON);
  g_assert_cmpint (next, ==, due + 1);
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, due, NULL), ==, DD_CLOCK_STATUS_DUE_SOON);
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, due + 1, &next), ==, DD_CLOCK_STATUS_OVERDUE);
  g_assert_cmpint (next, ==, G_MAXINT64);

  g_assert_false (dd_instruction_done_is_late (instruction, due));
  g_assert_true (dd_instruction_done_is_late (instruction, due + 1));

  /* done exactly at due: met; the status before the completion is unchanged */
  instruction->done_at = due;
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, due - 1, NULL), ==, DD_CLOCK_STATUS_DUE_SOON);
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, due, NULL), ==, DD_CLOCK_STATUS_MET);
  instruction->done_at = due + 1;
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, due + 1, NULL), ==, DD_CLOCK_STATUS_LATE);

  /* without a feedback time: pending until done, never changing by itself */
  instruction->feedback_due = 0;
  instruction->done_at = 0;
  g_assert_cmpint (dd_instruction_status_at (instruction, rules, at_time (23, 59), &next), ==, DD_CLOCK_STATUS_PENDING);
  g_assert_cmpint (next, ==, G_MAXINT64);
  g_assert_false (dd_instruction_done_is_late (instruction, at_time (23, 59)));
}

static void
test_instruction_validate (void)
{
  g_autoptr(DdInstruction) instruction = dd_instruction_new ("i1", "核实", "张", at_time (10, 0));
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_instruction_validate (instruction, &error));
  g_assert_no_error (error);

  instruction->feedback_due = at_time (10, 0);
  g_assert_false (dd_instruction_validate (instruction, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_clear_error (&error);

  instruction->feedback_due = 0;
  g_free (instruction->issued_by);
  instruction->issued_by = g_strdup ("  ");
  g_assert_false (dd_instruction_validate (instruction, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
}

static void
test_log_entry_validate (void)
{
  g_autoptr(DdLogEntry) entry = dd_log_entry_new ("l1", at_time (9, 0), "巡查");
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_log_entry_validate (entry, &error));
  g_free (entry->text);
  entry->text = g_strdup (" \n");
  g_assert_false (dd_log_entry_validate (entry, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (entry->text);
  entry->text = g_strdup ("\xff");
  g_assert_false (dd_log_entry_validate (entry, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING);
}

static void
test_duty_day_cut (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_template_unref);
  GDate day, expected;
  gint64 start, end;
  guint minute = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (defaults->handover_title, ==, "交接班记录");
  g_assert_cmpstr (defaults->daily_report_title, ==, "值班日报");

  /* the shipped templates: the leader's 24-hour shift starts at 08:30 */
  g_assert_true (dd_duty_day_handover_minute (defaults->templates, DD_REGIME_7X24, &minute, &error));
  g_assert_cmpuint (minute, ==, 8 * 60 + 30);

  /* no leader template: the earliest shift of the regime */
  g_ptr_array_add (officers, dd_shift_template_new ("night", "Night", DD_POSITION_OFFICER, DD_REGIME_7X24,
                                                    17 * 60, 9 * 60, 1));
  g_ptr_array_add (officers, dd_shift_template_new ("day", "Day", DD_POSITION_OFFICER, DD_REGIME_7X24,
                                                    9 * 60, 17 * 60, 1));
  g_assert_true (dd_duty_day_handover_minute (officers, DD_REGIME_7X24, &minute, &error));
  g_assert_cmpuint (minute, ==, 9 * 60);

  g_assert_false (dd_duty_day_handover_minute (none, DD_REGIME_7X24, &minute, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND);

  minute = 8 * 60 + 30;
  g_date_clear (&expected, 1);
  g_date_set_dmy (&expected, 1, 7, 2026);

  dd_duty_day_of (at_time (8, 30), minute, &day);
  g_assert_cmpint (g_date_compare (&day, &expected), ==, 0);
  dd_duty_day_of (at_time (8, 30) - 1, minute, &day);
  g_date_subtract_days (&expected, 1);
  g_assert_cmpint (g_date_compare (&day, &expected), ==, 0);

  g_date_add_days (&expected, 1);
  dd_duty_day_bounds (&expected, minute, &start, &end);
  g_assert_cmpint (start, ==, at_time (8, 30));
  g_assert_cmpint (end, ==, at_time (8, 30) + DD_MS_PER_DAY);
}

static DdIncidentState *
incident (DdGradingRules *grading,
          const char     *id,
          gint64          received_at,
          double          deaths,
          gint64          report_at)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *event_id = g_strconcat (id, "-log", NULL);
  DdIncidentEvent *log = dd_incident_event_new (event_id, id, DD_INCIDENT_EVENT_KIND_LOG, received_at);
  DdIncidentState *state;

  log->subtype = g_strdup ("natural.geological");
  log->note = g_strdup ("滑坡");
  dd_facts_set (&log->facts, DD_FACT_DEATHS, deaths);
  g_ptr_array_add (events, log);
  if (report_at != 0)
    {
      g_autofree char *report_id = g_strconcat (id, "-report", NULL);
      DdIncidentEvent *report = dd_incident_event_new (report_id, id, DD_INCIDENT_EVENT_KIND_REPORT, report_at);

      report->report_to = g_strdup ("province");
      report->report_channel = DD_REPORT_CHANNEL_PHONE;
      report->report_kind = DD_REPORT_KIND_INITIAL;
      g_ptr_array_add (events, report);
    }

  state = dd_incident_derive (grading, dd_taxonomy_get_default (), events, &error);
  g_assert_no_error (error);

  return state;
}

static void
test_handover_items (void)
{
  g_autoptr(DdReportingRules) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  g_autoptr(DdHandoverSnapshot) snapshot = dd_handover_snapshot_new (at_time (10, 5));
  g_autoptr(DdIncidentState) running = incident (grading, "a", at_time (10, 0), 12, 0);
  g_autoptr(DdIncidentState) met = incident (grading, "b", at_time (9, 0), 12, at_time (9, 10));
  g_autoptr(GPtrArray) items = NULL;
  DdHandoverIncident *hi;
  DdInstruction *open, *done;
  DdCallback *awaited, *made;
  DdHandoverItem *item;

  g_assert_no_error (error);

  hi = g_new0 (DdHandoverIncident, 1);
  hi->id = g_strdup ("a");
  hi->number = g_strdup ("520102-20260701-0002");
  hi->open = TRUE;
  hi->reporting = dd_reporting_compute (rules, DD_LEVEL_COUNTY, running, snapshot->at);
  g_ptr_array_add (snapshot->incidents, hi);
  /* closed with every clock met: nothing to hand over */
  hi = g_new0 (DdHandoverIncident, 1);
  hi->id = g_strdup ("b");
  hi->number = g_strdup ("520102-20260701-0001");
  hi->open = FALSE;
  hi->reporting = dd_reporting_compute (rules, DD_LEVEL_COUNTY, met, snapshot->at);
  g_ptr_array_add (snapshot->incidents, hi);

  open = dd_instruction_new ("i-open", "核实", "张", at_time (9, 0));
  done = dd_instruction_new ("i-done", "上报", "张", at_time (9, 0));
  done->done_at = at_time (10, 5);
  g_ptr_array_add (snapshot->instructions, open);
  g_ptr_array_add (snapshot->instructions, done);

  awaited = dd_callback_new ("c-awaited", at_time (10, 0));
  made = dd_callback_new ("c-made", at_time (10, 0));
  made->done_at = at_time (10, 1);
  g_ptr_array_add (snapshot->callbacks, awaited);
  g_ptr_array_add (snapshot->callbacks, made);
  snapshot->n_unsynced = 3;

  items = dd_handover_items (snapshot, rules);
  g_assert_cmpuint (items->len, ==, 4);

  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->id, ==, "incident:a");
  g_assert_cmpint (item->due_at, ==, at_time (10, 20));
  g_assert_cmpint (item->status, ==, DD_CLOCK_STATUS_PENDING);
  g_assert_nonnull (item->detail);

  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (item->id, ==, "instruction:i-open");
  item = g_ptr_array_index (items, 2);
  g_assert_cmpstr (item->id, ==, "callback:c-awaited");
  g_assert_cmpint (item->status, ==, DD_CLOCK_STATUS_OVERDUE);
  item = g_ptr_array_index (items, 3);
  g_assert_cmpstr (item->id, ==, "unsynced");
  g_assert_cmpint (item->kind, ==, DD_HANDOVER_ITEM_UNSYNCED);

  g_assert_true (dd_handover_items_find (items, "callback:c-awaited") == g_ptr_array_index (items, 2));
  g_assert_null (dd_handover_items_find (items, "callback:c-made"));
}

static void
test_daily_report (void)
{
  g_autoptr(DdReportingRules) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  /* received in the day, reported late */
  g_autoptr(DdIncidentState) late = incident (grading, "a", at_time (10, 0), 12, at_time (10, 30));
  /* received before the cut: not counted, but its report made today is */
  g_autoptr(DdIncidentState) before = incident (grading, "b", at_time (8, 29), 1, at_time (9, 0));
  g_autoptr(DdReportingResult) late_clocks = dd_reporting_compute (rules, DD_LEVEL_COUNTY, late, at_time (12, 0));
  g_autoptr(DdDailyReport) report = NULL;
  g_autoptr(DdInstruction) given = dd_instruction_new ("i1", "核实", "张", at_time (9, 0));
  g_autoptr(DdInstruction) old_done = dd_instruction_new ("i0", "旧", "张", at_time (8, 0));
  g_autoptr(DdHandover) handover = dd_handover_new ();
  const DdDailyCount *count;
  GDate day;

  g_assert_no_error (error);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 7, 2026);
  report = dd_daily_report_new (&day, 8 * 60 + 30, at_time (12, 0));
  g_assert_cmpint (report->from, ==, at_time (8, 30));
  g_assert_cmpint (report->at, ==, at_time (12, 0));

  dd_daily_report_add_channel (report, "phone", "Phone");
  dd_daily_report_add_channel (report, "fax", "Fax");
  g_assert_true (dd_daily_report_add_call (report, at_time (8, 30), "phone", "Phone"));
  g_assert_false (dd_daily_report_add_call (report, at_time (8, 30) - 1, "phone", "Phone"));
  g_assert_true (dd_daily_report_add_call (report, at_time (23, 0), "sms", "SMS"));
  g_assert_cmpuint (report->n_calls, ==, 2);
  g_assert_cmpuint (report->channels->len, ==, 3);
  count = g_ptr_array_index (report->channels, 1);
  g_assert_cmpstr (count->key, ==, "fax");
  g_assert_cmpuint (count->total, ==, 0);

  dd_daily_report_add_incident (report, dd_taxonomy_get_default (), "N2", late, late_clocks);
  dd_daily_report_add_incident (report, dd_taxonomy_get_default (), "N1", before, NULL);
  g_assert_cmpuint (report->n_incidents, ==, 1);
  count = g_ptr_array_index (report->categories, 0);
  g_assert_cmpstr (count->key, ==, "natural");
  g_assert_cmpuint (count->counts[DD_GRADE_II], ==, 1);
  g_assert_cmpuint (count->total, ==, 1);
  g_assert_cmpuint (report->n_reports[DD_REPORT_KIND_INITIAL], ==, 2);
  g_assert_cmpuint (report->n_clocks[DD_CLOCK_STATUS_LATE], ==, 1);

  g_assert_true (dd_daily_report_add_instruction (report, given, rules));
  old_done->done_at = at_time (8, 10);
  g_assert_false (dd_daily_report_add_instruction (report, old_done, rules));
  g_assert_cmpuint (report->instructions->len, ==, 1);
  g_assert_cmpuint (g_array_index (report->instruction_status, guint, 0), ==, DD_CLOCK_STATUS_PENDING);

  handover->id = g_strdup ("h1");
  handover->outgoing = g_strdup ("李四");
  handover->incoming = g_strdup ("王五");
  handover->signed_at = at_time (8, 30) + DD_MS_PER_DAY;
  g_assert_false (dd_daily_report_add_handover (report, handover));
  handover->signed_at = at_time (8, 30);
  g_assert_true (dd_daily_report_add_handover (report, handover));

  dd_daily_report_finish (report);
  g_assert_cmpuint (report->handovers->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/duty-log/instruction/status", test_instruction_status);
  g_test_add_func ("/duty-log/instruction/validate", test_instruction_validate);
  g_test_add_func ("/duty-log/entry/validate", test_log_entry_validate);
  g_test_add_func ("/duty-log/duty-day", test_duty_day_cut);
  g_test_add_func ("/duty-log/handover/items", test_handover_items);
  g_test_add_func ("/duty-log/daily-report", test_daily_report);

  return g_test_run ();
}

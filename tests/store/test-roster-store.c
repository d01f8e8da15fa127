/* test-roster-store.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-duty-date.h"
#include "dd-roster-store.h"
#include "dd-store-private.h"

#define WAIT_TIMEOUT_S 60

/* ------------------------------------------------------------------ helpers */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dd-roster-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static DdStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  DdStore *store = dd_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  dd_store_set_actor (store, "test");

  return store;
}

static DdStore *
open_desk (const char *path,
           DdRegime    regime)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  DdStore *store = open_store (path);

  desk = dd_store_init_desk (store, "520102", NULL, regime, FALSE, &error);
  g_assert_no_error (error);

  return store;
}

static char *
add_member (DdStore    *store,
            const char *name,
            DdRole      roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStaff) staff = dd_staff_new (NULL, name, roles, "13900000000", "值班室", TRUE);
  g_autoptr(DdStaff) saved = dd_store_add_staff (store, staff, &error);

  g_assert_no_error (error);

  return g_strdup (dd_staff_get_id (saved));
}

/* Four officers and three leaders; ids in @officers and @leaders. */
static void
add_team (DdStore   *store,
          GPtrArray *officers,
          GPtrArray *leaders)
{
  static const char * const officer_names[] = { "张三", "李四", "王五", "赵六" };
  static const char * const leader_names[] = { "领导甲", "领导乙", "领导丙" };

  for (guint i = 0; i < G_N_ELEMENTS (officer_names); i++)
    g_ptr_array_add (officers, add_member (store, officer_names[i], DD_ROLE_OFFICER));
  for (guint i = 0; i < G_N_ELEMENTS (leader_names); i++)
    g_ptr_array_add (leaders, add_member (store, leader_names[i], DD_ROLE_LEADER));
}

static GDate
date (const char *text)
{
  GDate result;

  g_assert_true (dd_duty_date_parse (text, &result));

  return result;
}

static gint64
count_sql (DdStore    *store,
           const char *sql,
           const char *bind)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (dd_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (bind != NULL)
    sqlite3_bind_text (stmt, 1, bind, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static gint64
outbox_of (DdStore    *store,
           const char *kind)
{
  return count_sql (store, "SELECT count(*) FROM sync_outbox WHERE record_kind = ?1", kind);
}

static gint64
audit_of (DdStore    *store,
          const char *kind)
{
  return count_sql (store, "SELECT count(*) FROM audit_journal WHERE entity_kind = ?1", kind);
}

static gint64
audit_total (DdStore *store)
{
  return dd_store_count_audit_entries (store, NULL);
}

/* The staff on @shift_id, sorted, joined by ",". */
static char *
people_on (DdStore    *store,
           const char *shift_id)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (dd_store_get_handle (store),
                                       "SELECT staff_id FROM roster_assignment WHERE shift_id = ?1 ORDER BY staff_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, shift_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len ? "," : "", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return g_string_free (out, FALSE);
}

static void
assert_audit_ok (DdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdAuditReport) report = dd_store_verify_audit (store, &error);

  g_assert_no_error (error);
  g_assert_true (report->ok);
}

/* ------------------------------------------------------------------ seed */

static void
test_seed_defaults (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autofree char *source = NULL;
  gint64 audit_before;
  gint64 outbox_before;
  GDate day = date ("2026-02-15");
  const char *holiday = NULL;

  outbox_before = dd_store_count_pending_ops (store, NULL);

  calendar = dd_store_load_calendar (store, &error);
  g_assert_no_error (error);
  g_assert_true (dd_duty_calendar_has_schedule (calendar, 2024));
  g_assert_true (dd_duty_calendar_has_schedule (calendar, 2025));
  g_assert_true (dd_duty_calendar_has_schedule (calendar, 2026));
  g_assert_false (dd_duty_calendar_has_schedule (calendar, 2027));
  g_assert_cmpint (dd_duty_calendar_get_day_kind (calendar, &day, &holiday), ==, DD_DAY_KIND_HOLIDAY);
  g_assert_cmpstr (holiday, ==, "春节");
  day = date ("2026-07-01");
  g_assert_true (dd_duty_calendar_in_flood_season (calendar, &day));

  templates = dd_store_list_shift_templates (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 5);
  g_assert_cmpstr (dd_shift_template_get_id (g_ptr_array_index (templates, 0)), ==, "leader_7x24");
  g_assert_cmpuint (dd_store_get_min_rest_hours (store, &error), ==, 12);

  schedules = dd_store_list_holiday_schedules (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, ==, 3);
  source = dd_store_dup_holiday_schedule_source (store, 2026, &error);
  g_assert_cmpstr (source, ==, "shipped");

  /* Seeding is journalled, not synchronized, and happens once. */
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM audit_journal WHERE action = 'roster.seed'", NULL), ==, 1);
  g_assert_cmpint (audit_of (store, "holiday_schedule"), ==, 3);
  g_assert_cmpint (dd_store_count_pending_ops (store, NULL), ==, outbox_before);
  audit_before = audit_total (store);
  g_clear_object (&store);

  store = open_store (fixture->path);
  g_clear_pointer (&templates, g_ptr_array_unref);
  templates = dd_store_list_shift_templates (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 5);
  g_assert_cmpint (audit_total (store), ==, audit_before);
  assert_audit_ok (store);
}

/* ------------------------------------------------------------------ records */

static void
test_records_persist_with_audit_and_outbox (Fixture       *fixture,
                                            gconstpointer  data)
{
  static const char schedule_text[] =
    "# notice: 测试通知\n"
    "2027 OFF 01-01..01-01 元旦\n"
    "2027 OFF 02-06..02-12 春节\n"
    "2027 WORK 02-14\n";
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(DdImportantPeriod) period = NULL;
  g_autoptr(DdShiftTemplate) template = NULL;
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(DdAbsence) saved_absence = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  g_autoptr(DdRosterSwap) swap = NULL;
  g_autoptr(DdRosterMark) mark = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) absences = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) swaps = NULL;
  g_autoptr(DdRosterMonthStatus) status = NULL;
  GDate first = date ("2027-03-01"), last = date ("2027-03-31"), day;
  const char *holiday = NULL;
  gboolean is_default = TRUE;

  add_team (store, officers, leaders);

  /* holiday_schedule: an imported 2027 schedule makes 2027 loaded */
  parsed = dd_holiday_schedule_parse (schedule_text, &error);
  g_assert_no_error (error);
  g_assert_true (dd_store_save_holiday_schedule (store, g_ptr_array_index (parsed, 0), "file:2027.txt", &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "holiday_schedule"), ==, 1);

  /* flood_season */
  day = date ("2027-05-15");
  last = date ("2027-08-15");
  g_assert_true (dd_store_set_flood_season (store, 2027, &day, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "flood_season"), ==, 1);
  last = date ("2027-03-31");

  /* period */
  day = date ("2027-03-05");
  period = dd_store_add_period (store, "全国两会", dd_duty_date_start_ms (&day),
                                dd_duty_date_start_ms (&day) + 7 * DD_MS_PER_DAY, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (period);
  g_assert_cmpint (outbox_of (store, "period"), ==, 1);

  /* shift_template: change the night shift to need two people */
  template = dd_shift_template_new ("officer_night", "Night", DD_POSITION_OFFICER, DD_REGIME_7X24,
                                    17 * 60 + 30, 8 * 60 + 30, 2);
  g_assert_true (dd_store_save_shift_template (store, template, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "shift_template"), ==, 1);
  g_assert_cmpint (count_sql (store, "SELECT base_ver FROM sync_outbox WHERE record_kind = 'shift_template'", NULL), ==, 1);

  /* absence */
  day = date ("2027-03-10");
  last = date ("2027-03-12");
  absence = dd_absence_new (NULL, g_ptr_array_index (officers, 0), DD_ABSENCE_KIND_TRAINING, &day, &last, "培训");
  saved_absence = dd_store_add_absence (store, absence, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved_absence->id);
  g_assert_cmpint (outbox_of (store, "absence"), ==, 1);
  last = date ("2027-03-31");

  /* assignment */
  problems = dd_store_assign (store, "2027-03-02/officer_day", g_ptr_array_index (officers, 1), NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  problems2 = dd_store_assign (store, "2027-03-03/officer_day", g_ptr_array_index (officers, 2), NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "assignment"), ==, 2);

  /* swap */
  swap = dd_store_swap (store, "2027-03-02/officer_day", g_ptr_array_index (officers, 1),
                        "2027-03-03/officer_day", g_ptr_array_index (officers, 2),
                        "李四", "值班科长", &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "swap"), ==, 1);

  /* roster_mark */
  mark = dd_store_mark_roster_month (store, 2027, 3, DD_ROSTER_MARK_CHECKED, "科长", &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "roster_mark"), ==, 1);

  /* setting */
  g_assert_true (dd_store_set_min_rest_hours (store, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_of (store, "setting"), ==, 1);
  /* unchanged: nothing written */
  g_assert_true (dd_store_set_min_rest_hours (store, 10, &error));
  g_assert_cmpint (outbox_of (store, "setting"), ==, 1);

  /* every write has its journal entry */
  g_assert_cmpint (audit_of (store, "holiday_schedule"), ==, 4);
  g_assert_cmpint (audit_of (store, "flood_season"), ==, 1);
  g_assert_cmpint (audit_of (store, "period"), ==, 1);
  g_assert_cmpint (audit_of (store, "absence"), ==, 1);
  g_assert_cmpint (audit_of (store, "assignment"), ==, 2 + 4);
  g_assert_cmpint (audit_of (store, "swap"), ==, 1);
  g_assert_cmpint (audit_of (store, "roster_mark"), ==, 1);
  g_assert_cmpint (outbox_of (store, "assignment"), ==, 2 + 4);
  assert_audit_ok (store);

  /* everything is there after reopening */
  g_clear_object (&store);
  store = open_store (fixture->path);

  calendar = dd_store_load_calendar (store, &error);
  g_assert_no_error (error);
  g_assert_true (dd_duty_calendar_has_schedule (calendar, 2027));
  g_assert_cmpstr (dd_holiday_schedule_get_notice (dd_duty_calendar_get_schedule (calendar, 2027)), ==, "测试通知");
  day = date ("2027-02-08");
  g_assert_cmpint (dd_duty_calendar_get_day_kind (calendar, &day, &holiday), ==, DD_DAY_KIND_HOLIDAY);
  g_assert_cmpstr (holiday, ==, "春节");
  day = date ("2027-02-14");
  g_assert_cmpint (dd_duty_calendar_get_day_kind (calendar, &day, NULL), ==, DD_DAY_KIND_ADJUSTED_WORKDAY);
  g_assert_true (dd_duty_calendar_get_flood_season (calendar, 2027, &day, &last, &is_default));
  g_assert_false (is_default);
  g_assert_cmpint (g_date_get_month (&day), ==, 5);
  day = date ("2027-03-06");
  g_assert_cmpuint (dd_duty_calendar_get_leaders (calendar, &day), ==, 2);

  periods = dd_store_list_periods (store, &error);
  g_assert_cmpuint (periods->len, ==, 1);
  g_assert_cmpstr (dd_important_period_get_name (g_ptr_array_index (periods, 0)), ==, "全国两会");

  absences = dd_store_list_absences (store, &first, NULL, &error);
  g_assert_cmpuint (absences->len, ==, 1);
  g_assert_cmpint (((DdAbsence *) g_ptr_array_index (absences, 0))->kind, ==, DD_ABSENCE_KIND_TRAINING);

  templates = dd_store_list_shift_templates (store, &error);
  for (guint i = 0; i < templates->len; i++)
    if (g_str_equal (dd_shift_template_get_id (g_ptr_array_index (templates, i)), "officer_night"))
      g_assert_cmpuint (dd_shift_template_get_required (g_ptr_array_index (templates, i)), ==, 2);

  swaps = dd_store_list_swaps (store, NULL, NULL, &error);
  g_assert_cmpuint (swaps->len, ==, 1);
  g_assert_cmpstr (((DdRosterSwap *) g_ptr_array_index (swaps, 0))->asked_by, ==, "李四");
  g_assert_cmpstr (((DdRosterSwap *) g_ptr_array_index (swaps, 0))->approved_by, ==, "值班科长");

  status = dd_store_get_roster_month_status (store, 2027, 3, &error);
  g_assert_nonnull (status->checked);
  g_assert_cmpstr (status->checked->by, ==, "科长");
  g_assert_null (status->submitted);
  g_assert_cmpuint (dd_store_get_min_rest_hours (store, NULL), ==, 10);
}

/* ------------------------------------------------------------------ generation */

static void
test_generate_keeps_manual_and_locked (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdRosterGeneration) again = NULL;
  g_autoptr(GPtrArray) check = NULL;
  g_autofree char *manual = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *locked_after = NULL;
  GDate first = date ("2026-03-01"), last = date ("2026-03-31");
  gint64 cleared;
  gint64 audit_before;

  add_team (store, officers, leaders);

  /* a person's assignment, and one that will be locked */
  problems = dd_store_assign (store, "2026-03-05/officer_day", g_ptr_array_index (officers, 3), NULL, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  generation = dd_store_generate_roster (store, &first, &last, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (generation->assignments->len, ==, 31 * 3 - 1);
  g_assert_cmpuint (generation->unfilled->len, ==, 0);
  for (guint i = 0; i < generation->assignments->len; i++)
    g_assert_cmpstr (((DdAssignment *) g_ptr_array_index (generation->assignments, i))->shift_id, !=,
                     "2026-03-05/officer_day");

  check = dd_store_check_roster (store, &first, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->len, ==, 0);

  locked = people_on (store, "2026-03-10/leader_7x24");
  g_assert_cmpint (dd_store_set_locked (store, "2026-03-10/leader_7x24", NULL, TRUE, &error), ==, 1);
  g_assert_no_error (error);
  /* locking twice changes nothing and writes nothing */
  audit_before = audit_total (store);
  g_assert_cmpint (dd_store_set_locked (store, "2026-03-10/leader_7x24", NULL, TRUE, &error), ==, 0);
  g_assert_cmpint (audit_total (store), ==, audit_before);

  /* Clearing drops generated, unlocked ones only; regeneration refills
   * around what a person made or locked. */
  cleared = dd_store_clear_generated (store, &first, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cleared, ==, 31 * 3 - 2);

  manual = people_on (store, "2026-03-05/officer_day");
  g_assert_cmpstr (manual, ==, g_ptr_array_index (officers, 3));
  locked_after = people_on (store, "2026-03-10/leader_7x24");
  g_assert_cmpstr (locked_after, ==, locked);

  again = dd_store_generate_roster (store, &first, &last, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->assignments->len, ==, 31 * 3 - 2);
  g_clear_pointer (&locked_after, g_free);
  locked_after = people_on (store, "2026-03-10/leader_7x24");
  g_assert_cmpstr (locked_after, ==, locked);
  g_clear_pointer (&manual, g_free);
  manual = people_on (store, "2026-03-05/officer_day");
  g_assert_cmpstr (manual, ==, g_ptr_array_index (officers, 3));

  /* generating a full range adds nothing */
  g_clear_pointer (&again, dd_roster_generation_free);
  again = dd_store_generate_roster (store, &first, &last, 9, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->assignments->len, ==, 0);

  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM roster_assignment WHERE generated = 0", NULL), ==, 1);
  assert_audit_ok (store);
}

static void
test_generate_reports_unfilled (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_5X8);
  g_autoptr(GError) error = NULL;
  g_autofree char *officer = add_member (store, "独一", DD_ROLE_OFFICER);
  g_autofree char *leader = add_member (store, "领导", DD_ROLE_LEADER);
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(DdAbsence) saved = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  GDate first = date ("2026-03-02"), last = date ("2026-03-06");
  GDate away = date ("2026-03-04");

  absence = dd_absence_new (NULL, officer, DD_ABSENCE_KIND_LEAVE, &away, &away, NULL);
  saved = dd_store_add_absence (store, absence, &error);
  g_assert_no_error (error);

  generation = dd_store_generate_roster (store, &first, &last, 1, &error);
  g_assert_no_error (error);
  /* a 5x8 week: leader and officer each day; the officer is away on the 4th */
  g_assert_cmpuint (generation->assignments->len, ==, 9);
  g_assert_cmpuint (generation->unfilled->len, ==, 1);
  g_assert_cmpstr (((DdUnfilled *) g_ptr_array_index (generation->unfilled, 0))->shift_id, ==,
                   "2026-03-04/officer_5x8");
  g_assert_cmpint (((DdUnfilled *) g_ptr_array_index (generation->unfilled, 0))->reason, ==,
                   DD_UNFILLED_REASON_UNAVAILABLE);
}

/* ------------------------------------------------------------------ edits */

static void
test_assign_rules (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *people = NULL;
  gint64 audit_before;
  gboolean found_role = FALSE;

  add_team (store, officers, leaders);
  /* the shipped defaults are copied at first use */
  g_assert_cmpuint (dd_store_get_min_rest_hours (store, NULL), ==, 12);
  audit_before = audit_total (store);

  /* refused, nothing written */
  g_assert_null (dd_store_assign (store, "2026-03-05/nonsense", g_ptr_array_index (officers, 0), NULL, FALSE, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dd_store_assign (store, "not-a-shift", g_ptr_array_index (officers, 0), NULL, FALSE, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dd_store_assign (store, "2026-03-05/officer_day", "no-such-person", NULL, FALSE, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (audit_total (store), ==, audit_before);

  /* a leader on an officer shift: saved, and the problem reported */
  problems = dd_store_assign (store, "2026-03-05/officer_day", g_ptr_array_index (leaders, 0), NULL, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    found_role |= ((DdRosterProblem *) g_ptr_array_index (problems, i))->kind == DD_PROBLEM_KIND_ROLE_MISMATCH;
  g_assert_true (found_role);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* full: refused; replacing works in one step */
  g_assert_null (dd_store_assign (store, "2026-03-05/officer_day", g_ptr_array_index (officers, 0), NULL, FALSE, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  problems = dd_store_assign (store, "2026-03-05/officer_day", g_ptr_array_index (officers, 0),
                              g_ptr_array_index (leaders, 0), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  people = people_on (store, "2026-03-05/officer_day");
  g_assert_cmpstr (people, ==, g_ptr_array_index (officers, 0));

  g_assert_true (dd_store_unassign (store, "2026-03-05/officer_day", g_ptr_array_index (officers, 0), &error));
  g_assert_no_error (error);
  g_assert_false (dd_store_unassign (store, "2026-03-05/officer_day", g_ptr_array_index (officers, 0), &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM roster_assignment", NULL), ==, 0);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM sync_outbox WHERE record_kind = 'assignment' AND op = 'delete'", NULL), ==, 2);
}

static void
test_swap_recorded (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdRosterSwap) swap = NULL;
  g_autoptr(GPtrArray) swaps = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *a_after = NULL;
  g_autofree char *b_after = NULL;
  GDate first = date ("2026-03-01"), last = date ("2026-03-10");
  g_autofree char *shift_b_owned = NULL;
  const char *shift_b;
  int rc;

  add_team (store, officers, leaders);
  generation = dd_store_generate_roster (store, &first, &last, 3, &error);
  g_assert_no_error (error);

  a = people_on (store, "2026-03-02/officer_day");
  for (guint d = 4; d <= 10; d++)
    {
      g_free (shift_b_owned);
      shift_b_owned = g_strdup_printf ("2026-03-%02u/officer_day", d);
      g_clear_pointer (&b, g_free);
      b = people_on (store, shift_b_owned);
      if (!g_str_equal (a, b))
        break;
    }
  shift_b = shift_b_owned;
  g_assert_cmpstr (a, !=, b);

  g_assert_null (dd_store_swap (store, "2026-03-02/officer_day", a, shift_b, b,
                                " ", "科长", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  swap = dd_store_swap (store, "2026-03-02/officer_day", a, shift_b, b, "张三", "值班科长", &error);
  g_assert_no_error (error);
  g_assert_nonnull (swap->id);
  g_assert_cmpstr (swap->asked_by, ==, "张三");
  g_assert_cmpstr (swap->approved_by, ==, "值班科长");

  a_after = people_on (store, "2026-03-02/officer_day");
  b_after = people_on (store, swap->shift_b);
  g_assert_cmpstr (a_after, ==, b);
  g_assert_cmpstr (b_after, ==, a);
  /* made by a person now */
  g_assert_cmpint (count_sql (store, "SELECT generated FROM roster_assignment WHERE shift_id = '2026-03-02/officer_day'", NULL), ==, 0);

  swaps = dd_store_list_swaps (store, &first, &last, &error);
  g_assert_cmpuint (swaps->len, ==, 1);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM sync_outbox WHERE record_kind = 'swap' AND op = 'append'"
                                     " AND json_extract (payload, '$.approved_by') = ?1", "值班科长"), ==, 1);

  /* append-only */
  rc = sqlite3_exec (dd_store_get_handle (store), "DELETE FROM roster_swap", NULL, NULL, NULL);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  rc = sqlite3_exec (dd_store_get_handle (store), "UPDATE roster_swap SET asked_by = 'x'", NULL, NULL, NULL);
  g_assert_cmpint (rc, !=, SQLITE_OK);
}

/* ------------------------------------------------------------------ marks */

static void
test_marks_and_diff (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdRosterMark) checked = NULL;
  g_autoptr(DdRosterMark) submitted = NULL;
  g_autoptr(DdRosterMark) resubmitted = NULL;
  g_autoptr(DdRosterMonthStatus) status = NULL;
  g_autoptr(GPtrArray) diff = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *before = NULL;
  g_autofree char *replacement = NULL;
  GDate first = date ("2026-04-01"), last = date ("2026-04-30");
  DdRosterDiff *change;

  add_team (store, officers, leaders);

  diff = dd_store_diff_roster_month (store, 2026, 4, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dd_store_mark_roster_month (store, 2026, 13, DD_ROSTER_MARK_CHECKED, "x", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  generation = dd_store_generate_roster (store, &first, &last, 11, &error);
  g_assert_no_error (error);

  checked = dd_store_mark_roster_month (store, 2026, 4, DD_ROSTER_MARK_CHECKED, "王科长", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checked->version, ==, 1);
  submitted = dd_store_mark_roster_month (store, 2026, 4, DD_ROSTER_MARK_SUBMITTED, "王科长", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (submitted->version, ==, 1);
  g_assert_cmpstr (submitted->by, ==, "王科长");

  status = dd_store_get_roster_month_status (store, 2026, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->version, ==, 1);
  g_assert_false (status->changed_since_submitted);
  g_clear_pointer (&status, dd_roster_month_status_free);

  diff = dd_store_diff_roster_month (store, 2026, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diff->len, ==, 0);
  g_clear_pointer (&diff, g_ptr_array_unref);

  /* a change after submission: a new version, and the difference */
  before = people_on (store, "2026-04-15/officer_night");
  for (guint i = 0; i < officers->len && replacement == NULL; i++)
    if (!g_str_equal (g_ptr_array_index (officers, i), before))
      replacement = g_strdup (g_ptr_array_index (officers, i));
  problems = dd_store_assign (store, "2026-04-15/officer_night", replacement, before, FALSE, &error);
  g_assert_no_error (error);

  status = dd_store_get_roster_month_status (store, 2026, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->version, ==, 2);
  g_assert_true (status->changed_since_submitted);
  g_assert_cmpuint (status->submitted->version, ==, 1);
  g_clear_pointer (&status, dd_roster_month_status_free);

  diff = dd_store_diff_roster_month (store, 2026, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diff->len, ==, 1);
  change = g_ptr_array_index (diff, 0);
  g_assert_cmpstr (change->shift_id, ==, "2026-04-15/officer_night");
  g_assert_cmpuint (g_strv_length (change->before), ==, 1);
  g_assert_cmpstr (change->before[0], ==, before);
  g_assert_cmpuint (g_strv_length (change->after), ==, 1);
  g_assert_cmpstr (change->after[0], ==, replacement);
  g_clear_pointer (&diff, g_ptr_array_unref);

  /* submitting again makes version 2 the submitted one */
  resubmitted = dd_store_mark_roster_month (store, 2026, 4, DD_ROSTER_MARK_SUBMITTED, "王科长", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resubmitted->version, ==, 2);
  diff = dd_store_diff_roster_month (store, 2026, 4, &error);
  g_assert_cmpuint (diff->len, ==, 0);

  /* append-only */
  g_assert_cmpint (sqlite3_exec (dd_store_get_handle (store), "DELETE FROM roster_mark", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM roster_mark", NULL), ==, 3);
  g_assert_cmpint (outbox_of (store, "roster_mark"), ==, 3);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM audit_journal WHERE action = 'roster.submit'", NULL), ==, 2);
}

/* ------------------------------------------------------------------ calendar import */

static void
test_import_checks_neighbours (Fixture       *fixture,
                               gconstpointer  data)
{
  /* 2026-10-03 (a Saturday) is a day off of National Day in the stored 2026
   * schedule: 2027's schedule cannot make it a working day. */
  static const char clash[] = "2027 OFF 01-01..01-01 元旦\n2027 WORK 2026-10-03\n";
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_5X8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autofree char *source = NULL;
  gint64 audit_before;

  calendar = dd_store_load_calendar (store, &error);
  g_assert_no_error (error);
  audit_before = audit_total (store);

  parsed = dd_holiday_schedule_parse (clash, &error);
  g_assert_no_error (error);
  g_assert_false (dd_store_save_holiday_schedule (store, g_ptr_array_index (parsed, 0), NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_cmpint (audit_total (store), ==, audit_before);
  source = dd_store_dup_holiday_schedule_source (store, 2027, NULL);
  g_assert_null (source);
}

/* ------------------------------------------------------------------ on call */

static void
test_on_call (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdOnCall) on_call = NULL;
  g_autofree char *day_officer = NULL;
  g_autofree char *night_officer = NULL;
  GDate first = date ("2026-05-01"), last = date ("2026-05-03"), day = date ("2026-05-02");
  DdOnCallEntry *entry;

  add_team (store, officers, leaders);
  generation = dd_store_generate_roster (store, &first, &last, 5, &error);
  g_assert_no_error (error);
  day_officer = people_on (store, "2026-05-02/officer_day");
  night_officer = people_on (store, "2026-05-02/officer_night");

  on_call = dd_store_get_on_call (store, dd_duty_date_time_ms (&day, 10 * 60), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_call->leaders->len, ==, 1);
  g_assert_cmpuint (on_call->officers->len, ==, 1);
  entry = g_ptr_array_index (on_call->officers, 0);
  g_assert_cmpstr (dd_staff_get_id (entry->staff), ==, day_officer);
  g_assert_cmpint (on_call->until_ms, ==, dd_duty_date_time_ms (&day, 17 * 60 + 30));
  g_assert_cmpuint (on_call->next_officers->len, ==, 1);
  entry = g_ptr_array_index (on_call->next_officers, 0);
  g_assert_cmpstr (dd_staff_get_id (entry->staff), ==, night_officer);
  g_assert_cmpuint (on_call->uncovered->len, ==, 0);
  g_clear_pointer (&on_call, dd_on_call_free);

  /* beyond the roster: shifts run but nobody is on them */
  day = date ("2026-05-20");
  on_call = dd_store_get_on_call (store, dd_duty_date_time_ms (&day, 10 * 60), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_call->leaders->len, ==, 0);
  g_assert_cmpuint (on_call->uncovered->len, ==, 2);
}

/* ------------------------------------------------------------------ service */

typedef struct
{
  guint done;
  guint changed;
  DdRoster *roster;
  GPtrArray *problems;
  DdDutyCalendar *calendar;
  DdRosterGeneration *generation;
} ServiceState;

static void
on_changed_cb (DdStoreService *service,
               ServiceState   *state)
{
  state->changed++;
}

static void
on_calendar_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->calendar = dd_store_service_load_calendar_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
  state->done++;
}

static void
on_generate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->generation = dd_store_service_generate_roster_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
  state->done++;
}

static void
on_roster_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->roster = dd_store_service_load_roster_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
  state->done++;
}

static void
on_check_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->problems = dd_store_service_check_roster_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
  state->done++;
}

static void
on_unassign_failed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_store_service_unassign_finish (DD_STORE_SERVICE (object), result, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  state->done++;
}

static void
test_service (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(DdStoreService) service = NULL;
  ServiceState state = { 0 };
  GDate first = date ("2026-06-01"), last = date ("2026-06-07");
  gint64 deadline;

  {
    g_autoptr(DdStore) store = open_desk (fixture->path, DD_REGIME_7X24);
    g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) leaders = g_ptr_array_new_with_free_func (g_free);

    add_team (store, officers, leaders);
  }

  service = dd_store_service_new (fixture->path, "service-test");
  g_signal_connect (service, "changed", G_CALLBACK (on_changed_cb), &state);

  dd_store_service_load_calendar_async (service, NULL, on_calendar_cb, &state);
  dd_store_service_generate_roster_async (service, &first, &last, 1, NULL, on_generate_cb, &state);
  dd_store_service_load_roster_async (service, &first, &last, NULL, on_roster_cb, &state);
  dd_store_service_check_roster_async (service, &first, &last, NULL, on_check_cb, &state);
  dd_store_service_unassign_async (service, "2026-06-01/officer_day", "nobody", NULL, on_unassign_failed_cb, &state);

  deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  while (state.done < 5 || state.changed < 1)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the service jobs");
    }

  g_assert_true (dd_duty_calendar_has_schedule (state.calendar, 2026));
  g_assert_cmpuint (state.generation->assignments->len, ==, 21);
  g_assert_cmpuint (dd_roster_get_assignments (state.roster)->len, ==, 21);
  g_assert_cmpuint (state.problems->len, ==, 0);

  g_clear_object (&state.calendar);
  g_clear_pointer (&state.generation, dd_roster_generation_free);
  g_clear_pointer (&state.roster, dd_roster_unref);
  g_clear_pointer (&state.problems, g_ptr_array_unref);
}

/* ------------------------------------------------------------------ main */

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/roster-store/seed-defaults", test_seed_defaults);
  ADD ("/roster-store/records", test_records_persist_with_audit_and_outbox);
  ADD ("/roster-store/generate/keeps-manual-and-locked", test_generate_keeps_manual_and_locked);
  ADD ("/roster-store/generate/unfilled", test_generate_reports_unfilled);
  ADD ("/roster-store/assign", test_assign_rules);
  ADD ("/roster-store/swap", test_swap_recorded);
  ADD ("/roster-store/marks", test_marks_and_diff);
  ADD ("/roster-store/import-neighbours", test_import_checks_neighbours);
  ADD ("/roster-store/on-call", test_on_call);
  ADD ("/roster-store/service", test_service);
#undef ADD

  return g_test_run ();
}

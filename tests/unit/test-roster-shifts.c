/* test-roster-shifts.c: shift templates, expansion of duty days into shifts, loads
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-duty-calendar.h"
#include "dd-duty-date.h"
#include "dd-duty-defaults.h"
#include "dd-error.h"
#include "dd-roster.h"
#include "dd-shift-template.h"

static GDate
ymd (int year,
     int month,
     int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return date;
}

/* Unix ms of a Beijing wall-clock time, computed independently. */
static gint64
beijing_ms (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static GPtrArray *
default_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);

  g_assert_no_error (error);

  return g_ptr_array_ref (defaults->templates);
}

static DdDutyCalendar *
default_calendar (void)
{
  g_autoptr(GError) error = NULL;
  DdDutyCalendar *calendar = dd_duty_calendar_new_default (&error);

  g_assert_no_error (error);

  return calendar;
}

static const DdShift *
find_shift (GPtrArray  *shifts,
            const char *id)
{
  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (g_str_equal (shift->id, id))
        return shift;
    }

  return NULL;
}

static void
test_default_templates (void)
{
  g_autoptr(GPtrArray) templates = default_templates ();
  static const struct {
    const char *id;
    DdPosition  position;
    DdRegime    regime;
    const char *start, *end;
    guint       minutes;
    gboolean    next_day;
  } expected[] = {
    { "leader_7x24",   DD_POSITION_LEADER,  DD_REGIME_7X24, "08:30", "08:30", 24 * 60, TRUE },
    { "officer_day",   DD_POSITION_OFFICER, DD_REGIME_7X24, "08:30", "17:30", 9 * 60,  FALSE },
    { "officer_night", DD_POSITION_OFFICER, DD_REGIME_7X24, "17:30", "08:30", 15 * 60, TRUE },
    { "leader_5x8",    DD_POSITION_LEADER,  DD_REGIME_5X8,  "08:30", "17:30", 9 * 60,  FALSE },
    { "officer_5x8",   DD_POSITION_OFFICER, DD_REGIME_5X8,  "08:30", "17:30", 9 * 60,  FALSE },
  };

  g_assert_cmpuint (templates->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < templates->len; i++)
    {
      DdShiftTemplate *template = g_ptr_array_index (templates, i);
      g_autofree char *start = dd_duty_time_of_day_to_string (dd_shift_template_get_start_minute (template));
      g_autofree char *end = dd_duty_time_of_day_to_string (dd_shift_template_get_end_minute (template));

      g_assert_cmpstr (dd_shift_template_get_id (template), ==, expected[i].id);
      g_assert_cmpint (dd_shift_template_get_position (template), ==, expected[i].position);
      g_assert_cmpint (dd_shift_template_get_regime (template), ==, expected[i].regime);
      g_assert_cmpstr (start, ==, expected[i].start);
      g_assert_cmpstr (end, ==, expected[i].end);
      g_assert_cmpuint (dd_shift_template_get_duration_minutes (template), ==, expected[i].minutes);
      g_assert_cmpint (dd_shift_template_ends_next_day (template), ==, expected[i].next_day);
      g_assert_cmpuint (dd_shift_template_get_required (template), ==, 1);
      g_assert_true (dd_shift_template_validate (template, NULL));
      /* LC_ALL=C.UTF-8: the untranslated name */
      g_assert_nonnull (strstr (dd_shift_template_get_name (template), "uty"));
    }
}

static void
test_template_validation (void)
{
  static const struct {
    const char *id, *name;
    DdPosition  position;
    DdRegime    regime;
    guint       start, end, required;
  } bad[] = {
    { "Bad Id", "x", DD_POSITION_LEADER, DD_REGIME_7X24, 0, 0, 1 },
    { "", "x", DD_POSITION_LEADER, DD_REGIME_7X24, 0, 0, 1 },
    { "ok", " ", DD_POSITION_LEADER, DD_REGIME_7X24, 0, 0, 1 },
    { "ok", "x", DD_POSITION_LEADER, DD_REGIME_NONE, 0, 0, 1 },
    { "ok", "x", DD_POSITION_LEADER, DD_REGIME_5X8, 1440, 0, 1 },
    { "ok", "x", DD_POSITION_LEADER, DD_REGIME_5X8, 0, 60, 0 },
    { "ok", "x", DD_POSITION_LEADER, DD_REGIME_5X8, 0, 60, 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DdShiftTemplate) template = NULL;
      g_autoptr(GError) error = NULL;

      template = dd_shift_template_new (bad[i].id, bad[i].name, bad[i].position, bad[i].regime,
                                        bad[i].start, bad[i].end, bad[i].required);
      g_assert_false (dd_shift_template_validate (template, &error));
      g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
    }
}

static void
test_template_key_file (void)
{
  static const char *bad[] = {
    "[Template a]\nname=A\nposition=driver\nregime=7x24\nstart=08:30\nend=17:30\nrequired=1\n",
    "[Template a]\nname=A\nposition=leader\nregime=24x7\nstart=08:30\nend=17:30\nrequired=1\n",
    "[Template a]\nname=A\nposition=leader\nregime=7x24\nstart=8.30\nend=17:30\nrequired=1\n",
    "[Template a]\nname=A\nposition=leader\nregime=7x24\nstart=08:30\nend=17:30\n",
    "[Template a]\nposition=leader\nregime=7x24\nstart=08:30\nend=17:30\nrequired=1\n",
    "[Template a]\nname=A\nposition=leader\nregime=7x24\nstart=08:30\nend=17:30\nrequired=1\n"
    "[Template a]\nname=B\n",
    "[Template a]\nname=A\nposition=leader\nregime=7x24\nstart=08:30\nend=17:30\nrequired=1\n"
    "[Template b]\nname=A\nposition=leader\nregime=7x24\nstart=08:30\nend=17:30\nrequired=-1\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) key_file = g_key_file_new ();
      g_autoptr(GPtrArray) templates = NULL;
      g_autoptr(GError) error = NULL;

      /* a duplicate group merges in GKeyFile: the merged group is still complete */
      if (!g_key_file_load_from_data (key_file, bad[i], -1, G_KEY_FILE_NONE, NULL))
        continue;
      templates = dd_shift_template_list_from_key_file (key_file, &error);
      if (i == 5)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (templates->len, ==, 1);
          g_assert_cmpstr (dd_shift_template_get_name (g_ptr_array_index (templates, 0)), ==, "B");
          continue;
        }
      if (templates != NULL)
        g_error ("case %u was accepted", i);
      g_assert_nonnull (error);
    }
}

static void
test_expand_7x24_day (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  GDate day = ymd (2026, 3, 10);  /* an ordinary Tuesday */
  const DdShift *leader, *dayshift, *night;

  shifts = dd_shift_expand (calendar, templates, DD_REGIME_7X24, &day, &day);
  g_assert_cmpuint (shifts->len, ==, 3);

  leader = find_shift (shifts, "2026-03-10/leader_7x24");
  dayshift = find_shift (shifts, "2026-03-10/officer_day");
  night = find_shift (shifts, "2026-03-10/officer_night");
  g_assert_nonnull (leader);
  g_assert_nonnull (dayshift);
  g_assert_nonnull (night);

  g_assert_cmpint (leader->start_ms, ==, beijing_ms (2026, 3, 10, 8, 30));
  g_assert_cmpint (leader->end_ms, ==, beijing_ms (2026, 3, 11, 8, 30));
  g_assert_cmpint (dayshift->start_ms, ==, beijing_ms (2026, 3, 10, 8, 30));
  g_assert_cmpint (dayshift->end_ms, ==, beijing_ms (2026, 3, 10, 17, 30));
  g_assert_cmpint (night->start_ms, ==, beijing_ms (2026, 3, 10, 17, 30));
  g_assert_cmpint (night->end_ms, ==, beijing_ms (2026, 3, 11, 8, 30));

  g_assert_cmpint (leader->position, ==, DD_POSITION_LEADER);
  g_assert_cmpint (night->position, ==, DD_POSITION_OFFICER);
  g_assert_cmpint (night->regime, ==, DD_REGIME_7X24);
  g_assert_cmpint (night->day_kind, ==, DD_DAY_KIND_WORKDAY);
  g_assert_cmpuint (leader->required, ==, 1);
  g_assert_true (dd_shift_is_night (leader));
  g_assert_true (dd_shift_is_night (night));
  g_assert_false (dd_shift_is_night (dayshift));
  g_assert_cmpint (dd_shift_get_minutes (night), ==, 15 * 60);
  g_assert_cmpint (g_date_get_day (&night->date), ==, 10);

  /* the day officer and the night officer cover the day without gap or overlap */
  g_assert_cmpint (dayshift->end_ms, ==, night->start_ms);
  g_assert_cmpint (night->end_ms, ==, leader->end_ms);

  /* sorted by start, then id */
  g_assert_cmpstr (((DdShift *) g_ptr_array_index (shifts, 0))->id, ==, "2026-03-10/leader_7x24");
  g_assert_cmpstr (((DdShift *) g_ptr_array_index (shifts, 1))->id, ==, "2026-03-10/officer_day");

  {
    g_autofree char *text = dd_shift_describe (night);

    g_assert_cmpstr (text, ==, "2026-03-10 17:30–08:30 (Duty officer)");
  }

  /* re-expansion gives the same ids and times */
  again = dd_shift_expand (calendar, templates, DD_REGIME_7X24, &day, &day);
  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *a = g_ptr_array_index (shifts, i);
      const DdShift *b = g_ptr_array_index (again, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->start_ms, ==, b->start_ms);
      g_assert_cmpint (a->end_ms, ==, b->end_ms);
    }
}

static void
test_expand_5x8_desk (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(GPtrArray) shifts = NULL;
  /* 2026-02-09 (Mon) .. 2026-03-01 (Sun): workdays, the Spring Festival
   * (02-15..02-23, 7x24), adjusted workdays 02-14 and 02-28 (Saturdays),
   * an ordinary weekend day 03-01 */
  GDate first = ymd (2026, 2, 9), last = ymd (2026, 3, 1);
  guint per_day[32] = { 0 };
  guint n_days = (guint) g_date_days_between (&first, &last) + 1;

  shifts = dd_shift_expand (calendar, templates, DD_REGIME_5X8, &first, &last);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      guint index = (guint) g_date_days_between (&first, &shift->date);

      g_assert_cmpuint (index, <, n_days);
      per_day[index]++;

      if (shift->day_kind == DD_DAY_KIND_HOLIDAY)
        g_assert_cmpint (shift->regime, ==, DD_REGIME_7X24);
      else
        {
          g_assert_cmpint (shift->regime, ==, DD_REGIME_5X8);
          g_assert_true (g_str_has_suffix (shift->template_id, "_5x8"));
          g_assert_false (dd_shift_is_night (shift));
        }
    }

  for (guint i = 0; i < n_days; i++)
    {
      GDate day = first;
      guint expected;

      g_date_add_days (&day, i);

      if (g_date_get_month (&day) == 2 && g_date_get_day (&day) >= 15 && g_date_get_day (&day) <= 23)
        expected = 3;   /* holiday: 7x24 */
      else if (g_date_get_month (&day) == 2 && (g_date_get_day (&day) == 14 || g_date_get_day (&day) == 28))
        expected = 2;   /* adjusted workday: 5x8 */
      else if (dd_duty_date_is_weekend (&day))
        expected = 0;   /* ordinary weekend: no duty */
      else
        expected = 2;

      if (per_day[i] != expected)
        {
          g_autofree char *str = dd_duty_date_to_string (&day);
          g_error ("%s: %u shifts, expected %u", str, per_day[i], expected);
        }
    }
}

static void
test_expand_double_leaders (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(DdImportantPeriod) period = NULL;
  GDate first = ymd (2026, 3, 4), last = ymd (2026, 3, 11);
  GDate from = ymd (2026, 3, 2), to = ymd (2026, 3, 13);
  guint leader_shifts = 0;

  period = dd_important_period_new_for_dates ("p1", "全国两会", &first, &last, 2);
  g_assert_true (dd_duty_calendar_add_period (calendar, period, NULL));

  shifts = dd_shift_expand (calendar, templates, DD_REGIME_5X8, &from, &to);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      gboolean inside = g_date_compare (&shift->date, &first) >= 0 && g_date_compare (&shift->date, &last) <= 0;

      if (shift->position == DD_POSITION_LEADER)
        {
          leader_shifts++;
          g_assert_cmpuint (shift->required, ==, inside ? 2 : 1);
          g_assert_cmpstr (shift->template_id, ==, inside ? "leader_7x24" : "leader_5x8");
        }
      else
        g_assert_cmpuint (shift->required, ==, 1);

      /* inside: every day is 7x24, weekends included */
      g_assert_cmpint (shift->regime, ==, inside ? DD_REGIME_7X24 : DD_REGIME_5X8);
    }

  /* 03-02, 03-03, 03-12, 03-13 are workdays; 03-04..03-11 are 8 days of 7x24 */
  g_assert_cmpuint (leader_shifts, ==, 4 + 8);
  g_assert_cmpuint (shifts->len, ==, 4 * 2 + 8 * 3);
}

static void
test_expand_year (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GDate first = ymd (2025, 1, 1), last = ymd (2025, 12, 31);

  shifts = dd_shift_expand (calendar, templates, DD_REGIME_7X24, &first, &last);
  g_assert_cmpuint (shifts->len, ==, 365 * 3);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      g_assert_true (g_hash_table_add (ids, shift->id));
      if (i > 0)
        g_assert_cmpint (((DdShift *) g_ptr_array_index (shifts, i - 1))->start_ms, <=, shift->start_ms);
    }
}

static void
test_records (void)
{
  g_autoptr(DdRoster) roster = dd_roster_new (12);
  g_autoptr(DdStaff) a = dd_staff_new ("a", "Ann", DD_ROLE_OFFICER, "1", "u", TRUE);
  g_autoptr(DdStaff) b = dd_staff_new ("b", "Bo", DD_ROLE_LEADER, "2", "u", TRUE);
  g_autoptr(DdShift) shift = NULL;
  g_autoptr(DdShift) copy = NULL;
  g_autoptr(DdAssignment) assignment = NULL;
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(GPtrArray) loads = NULL;
  g_autoptr(GError) error = NULL;
  GDate day = ymd (2026, 2, 16), other = ymd (2026, 2, 10);
  const DdStaffLoad *load;

  shift = dd_shift_new (&day, "officer_night", DD_POSITION_OFFICER, DD_REGIME_7X24, DD_DAY_KIND_HOLIDAY,
                        beijing_ms (2026, 2, 16, 17, 30), beijing_ms (2026, 2, 17, 8, 30), 1);
  g_assert_cmpstr (shift->id, ==, "2026-02-16/officer_night");
  copy = dd_shift_copy (shift);
  g_assert_cmpstr (copy->id, ==, shift->id);
  g_assert_true (copy->id != shift->id);

  dd_roster_add_shift (roster, shift);
  /* the same id again replaces */
  copy->required = 2;
  dd_roster_add_shift (roster, copy);
  g_assert_cmpuint (dd_roster_get_shifts (roster)->len, ==, 1);
  g_assert_cmpuint (dd_roster_lookup_shift (roster, shift->id)->required, ==, 2);

  dd_roster_add_staff (roster, a);
  dd_roster_add_staff (roster, b);
  g_assert_true (dd_roster_lookup_staff (roster, "a") == a);
  g_assert_null (dd_roster_lookup_staff (roster, "zz"));

  assignment = dd_assignment_new (shift->id, "a", TRUE, FALSE);
  dd_roster_add_assignment (roster, assignment);

  loads = dd_roster_compute_loads (roster, NULL, NULL);
  g_assert_cmpuint (loads->len, ==, 2);
  load = g_ptr_array_index (loads, 0);
  g_assert_cmpstr (load->staff_id, ==, "a");
  g_assert_cmpuint (load->shifts, ==, 1);
  g_assert_cmpint (load->minutes, ==, 15 * 60);
  g_assert_cmpuint (load->night_shifts, ==, 1);
  g_assert_cmpuint (load->holiday_shifts, ==, 1);
  g_assert_cmpuint (load->weekend_shifts, ==, 0);
  g_assert_cmpuint (((DdStaffLoad *) g_ptr_array_index (loads, 1))->shifts, ==, 0);
  g_clear_pointer (&loads, g_ptr_array_unref);

  /* out of range */
  loads = dd_roster_compute_loads (roster, &other, &other);
  g_assert_cmpuint (((DdStaffLoad *) g_ptr_array_index (loads, 0))->shifts, ==, 0);

  absence = dd_absence_new (NULL, "a", DD_ABSENCE_KIND_TRAINING, &day, &other, NULL);
  g_assert_false (dd_absence_validate (absence, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  absence->first = other;
  absence->last = day;
  g_assert_true (dd_absence_validate (absence, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shift-template/defaults", test_default_templates);
  g_test_add_func ("/shift-template/validation", test_template_validation);
  g_test_add_func ("/shift-template/key-file", test_template_key_file);
  g_test_add_func ("/shift-expand/7x24-day", test_expand_7x24_day);
  g_test_add_func ("/shift-expand/5x8-desk", test_expand_5x8_desk);
  g_test_add_func ("/shift-expand/double-leaders", test_expand_double_leaders);
  g_test_add_func ("/shift-expand/year", test_expand_year);
  g_test_add_func ("/roster/records", test_records);

  return g_test_run ();
}

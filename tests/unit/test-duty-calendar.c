/* test-duty-calendar.c: holiday schedules, day kinds, flood season, important periods, regimes
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd-duty-calendar.h"
#include "dd-duty-date.h"
#include "dd-duty-defaults.h"
#include "dd-enums.h"
#include "dd-error.h"
#include "dd-holiday-schedule.h"

/* The lines of the domain reference (holidays-cn.txt), copied verbatim: the
 * expected kinds below are computed from these with a parser of the test's
 * own, independent of the one under test. */
static const char * const published[] = {
  "2024 OFF  01-01 元旦",
  "2024 OFF  02-10..02-17 春节",
  "2024 OFF  04-04..04-06 清明节",
  "2024 OFF  05-01..05-05 劳动节",
  "2024 OFF  06-10 端午节",
  "2024 OFF  09-15..09-17 中秋节",
  "2024 OFF  10-01..10-07 国庆节",
  "2024 WORK 02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12",
  "2025 OFF  01-01 元旦",
  "2025 OFF  01-28..02-04 春节",
  "2025 OFF  04-04..04-06 清明节",
  "2025 OFF  05-01..05-05 劳动节",
  "2025 OFF  05-31..06-02 端午节",
  "2025 OFF  10-01..10-08 国庆节、中秋节",
  "2025 WORK 01-26 02-08 04-27 09-28 10-11",
  "2026 OFF  01-01..01-03 元旦",
  "2026 OFF  02-15..02-23 春节",
  "2026 OFF  04-04..04-06 清明节",
  "2026 OFF  05-01..05-05 劳动节",
  "2026 OFF  06-19..06-21 端午节",
  "2026 OFF  09-25..09-27 中秋节",
  "2026 OFF  10-01..10-07 国庆节",
  "2026 WORK 01-04 02-14 02-28 05-09 09-20 10-10",
};

typedef struct
{
  DdDayKind   kind;
  const char *name;
} Expected;

/* Expected kind of each day of 2024–2026, indexed by day of the three years. */
static Expected *
build_expected (GDate *origin,
                guint *n_days)
{
  GDate end;
  Expected *expected;

  g_date_clear (origin, 1);
  g_date_set_dmy (origin, 1, 1, 2024);
  g_date_clear (&end, 1);
  g_date_set_dmy (&end, 1, 1, 2027);
  *n_days = (guint) g_date_days_between (origin, &end);
  expected = g_new0 (Expected, *n_days);

  for (guint i = 0; i < *n_days; i++)
    {
      GDate day = *origin;
      GDateWeekday wd;

      g_date_add_days (&day, i);
      wd = g_date_get_weekday (&day);
      expected[i].kind = (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
                         ? DD_DAY_KIND_WEEKEND : DD_DAY_KIND_WORKDAY;
    }

  for (guint l = 0; l < G_N_ELEMENTS (published); l++)
    {
      const char *line = published[l];
      int year = atoi (line);
      int m1, d1, m2, d2, consumed = 0;

      if (strstr (line, " OFF ") != NULL)
        {
          const char *range = line + 9;   /* "YYYY OFF  " */
          const char *name;
          GDate a, b;

          if (sscanf (range, "%d-%d..%d-%d%n", &m1, &d1, &m2, &d2, &consumed) != 4)
            {
              g_assert_cmpint (sscanf (range, "%d-%d%n", &m1, &d1, &consumed), ==, 2);
              m2 = m1;
              d2 = d1;
            }
          name = range + consumed + 1;

          g_date_clear (&a, 1);
          g_date_set_dmy (&a, d1, m1, year);
          g_date_clear (&b, 1);
          g_date_set_dmy (&b, d2, m2, year);
          for (; g_date_compare (&a, &b) <= 0; g_date_add_days (&a, 1))
            {
              guint i = (guint) g_date_days_between (origin, &a);

              expected[i].kind = DD_DAY_KIND_HOLIDAY;
              expected[i].name = name;
            }
        }
      else
        {
          const char *p = line + 9;  /* "YYYY WORK" */

          while (sscanf (p, " %d-%d%n", &m1, &d1, &consumed) == 2)
            {
              GDate a;

              g_date_clear (&a, 1);
              g_date_set_dmy (&a, d1, m1, year);
              expected[g_date_days_between (origin, &a)].kind = DD_DAY_KIND_ADJUSTED_WORKDAY;
              p += consumed;
            }
        }
    }

  return expected;
}

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

static DdDutyCalendar *
default_calendar (void)
{
  g_autoptr(GError) error = NULL;
  DdDutyCalendar *calendar = dd_duty_calendar_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (calendar);

  return calendar;
}

static void
test_published_days (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autofree Expected *expected = NULL;
  GDate origin;
  guint n_days;
  guint counts[4] = { 0 };

  expected = build_expected (&origin, &n_days);
  g_assert_cmpuint (n_days, ==, 366 + 365 + 365);

  for (guint i = 0; i < n_days; i++)
    {
      GDate day = origin;
      const char *name = NULL;
      DdDayKind kind;

      g_date_add_days (&day, i);
      kind = dd_duty_calendar_get_day_kind (calendar, &day, &name);
      if (kind != expected[i].kind || g_strcmp0 (name, expected[i].name) != 0)
        {
          g_autofree char *str = dd_duty_date_to_string (&day);

          g_error ("%s: got %s (%s), expected %s (%s)", str,
                   dd_day_kind_to_string (kind), name,
                   dd_day_kind_to_string (expected[i].kind), expected[i].name);
        }
      counts[kind]++;
    }

  /* 2024: 1+8+3+5+1+3+7; 2025: 1+8+3+5+3+8; 2026: 3+9+3+5+3+3+7 */
  g_assert_cmpuint (counts[DD_DAY_KIND_HOLIDAY], ==, 28 + 28 + 33);
  g_assert_cmpuint (counts[DD_DAY_KIND_ADJUSTED_WORKDAY], ==, 8 + 5 + 6);

  for (guint year = 2024; year <= 2026; year++)
    {
      DdHolidaySchedule *schedule = dd_duty_calendar_get_schedule (calendar, year);

      g_assert_true (dd_duty_calendar_has_schedule (calendar, year));
      g_assert_nonnull (schedule);
      g_assert_cmpstr (dd_holiday_schedule_get_notice (schedule), !=, "");
    }
  g_assert_cmpstr (dd_holiday_schedule_get_notice (dd_duty_calendar_get_schedule (calendar, 2025)),
                   ==, "国办发明电〔2024〕12号");
  g_assert_false (dd_duty_calendar_has_schedule (calendar, 2023));
  g_assert_false (dd_duty_calendar_has_schedule (calendar, 2027));
}

static void
test_domain_file_parses (void)
{
  g_autofree char *text = g_strjoinv ("\n", (char **) published);
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GError) error = NULL;

  schedules = dd_holiday_schedule_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, ==, 3);
  g_assert_cmpuint (dd_holiday_schedule_get_year (g_ptr_array_index (schedules, 0)), ==, 2024);
  g_assert_cmpuint (dd_holiday_schedule_get_n_blocks (g_ptr_array_index (schedules, 1)), ==, 6);
  g_assert_cmpuint (dd_holiday_schedule_get_n_workdays (g_ptr_array_index (schedules, 2)), ==, 6);
  g_assert_cmpstr (dd_holiday_schedule_get_block (g_ptr_array_index (schedules, 1), 5)->name,
                   ==, "国庆节、中秋节");
}

static void
test_round_trip (void)
{
  for (guint year = 2024; year <= 2026; year++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdHolidaySchedule) schedule = dd_holiday_schedule_load_resource (year, &error);
      g_autoptr(GPtrArray) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text2 = NULL;

      g_assert_no_error (error);
      text = dd_holiday_schedule_to_text (schedule);
      again = dd_holiday_schedule_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (again->len, ==, 1);
      text2 = dd_holiday_schedule_to_text (g_ptr_array_index (again, 0));
      g_assert_cmpstr (text, ==, text2);
      g_assert_cmpstr (dd_holiday_schedule_get_notice (schedule), ==,
                       dd_holiday_schedule_get_notice (g_ptr_array_index (again, 0)));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DdHolidaySchedule) none = dd_holiday_schedule_load_resource (2027, &error);

    g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND);
    g_assert_null (none);
  }
}

typedef struct
{
  const char *text;
  int         code;
  const char *message_part;
} BadInput;

static void
test_parse_errors (void)
{
  static const BadInput bad[] = {
    /* adjusted working day on a Wednesday */
    { "# x\n2026 OFF 01-01 元旦\n2026 WORK 01-07\n", DD_CORE_ERROR_INVALID, "Line 3: " },
    /* both a day off and an adjusted working day */
    { "2026 WORK 02-14\n2026 OFF 02-13..02-15 春节\n", DD_CORE_ERROR_INVALID, "Line 2: " },
    { "2026 OFF 02-13..02-15 春节\n\n2026 WORK 02-14\n", DD_CORE_ERROR_INVALID, "Line 3: " },
    /* no such date */
    { "2026 OFF 02-30 春节\n", DD_CORE_ERROR_PARSE, "Line 1: " },
    { "2026 WORK 13-01\n", DD_CORE_ERROR_PARSE, "Line 1: " },
    /* neither OFF nor WORK */
    { "2026 ON 02-14 春节\n", DD_CORE_ERROR_PARSE, "Line 1: " },
    /* a block without a name */
    { "\n2026 OFF 02-14\n", DD_CORE_ERROR_PARSE, "Line 2: " },
    { "2026 OFF 02-14 \t \n", DD_CORE_ERROR_PARSE, "Line 1: " },
    /* overlapping blocks */
    { "2026 OFF 10-01..10-07 国庆节\n2026 OFF 10-07..10-08 中秋节\n", DD_CORE_ERROR_INVALID, "Line 2: " },
    /* a typing slip that would make a 100-day block */
    { "2026 OFF 10-01..01-08 国庆节\n", DD_CORE_ERROR_INVALID, "Line 1: " },
    /* full dates out of order, and out of reach of the year */
    { "2026 OFF 2026-10-07..2026-10-01 国庆节\n", DD_CORE_ERROR_INVALID, "Line 1: " },
    { "2026 OFF 2024-10-01..2024-10-02 国庆节\n", DD_CORE_ERROR_INVALID, "Line 1: " },
    { "2026 WORK 2028-01-01\n", DD_CORE_ERROR_INVALID, "Line 1: " },
    /* a block entirely in the previous year */
    { "2027 OFF 2026-12-30..2026-12-31 元旦\n", DD_CORE_ERROR_INVALID, "Line 1: " },
    /* listed twice */
    { "2026 WORK 02-14 02-14\n", DD_CORE_ERROR_INVALID, "Line 1: " },
    /* bad year, short line */
    { "26 OFF 01-01 元旦\n", DD_CORE_ERROR_PARSE, "Line 1: " },
    { "2026 WORK\n", DD_CORE_ERROR_PARSE, "Line 1: " },
    /* nothing at all */
    { "# only comments\n\n", DD_CORE_ERROR_PARSE, "no holiday schedule" },
    /* not UTF-8 */
    { "2026 OFF 01-01 \xd4\xaa\xb5\xa9\n", DD_CORE_ERROR_ENCODING, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schedules = dd_holiday_schedule_parse (bad[i].text, &error);

      if (error == NULL)
        g_error ("case %u parsed: %s", i, bad[i].text);
      g_assert_null (schedules);
      g_assert_error (error, DD_CORE_ERROR, bad[i].code);
      if (strstr (error->message, bad[i].message_part) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, bad[i].message_part);
    }
}

static void
test_cross_year (void)
{
  g_autoptr(DdDutyCalendar) calendar = dd_duty_calendar_new ();
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GPtrArray) conflicting = NULL;
  g_autoptr(GError) error = NULL;
  GDate day;
  const char *name = NULL;

  /* a 2026 block running into 2027, written MM-DD..MM-DD; a byte-order mark
   * and a notice comment; lines of two years mixed */
  schedules = dd_holiday_schedule_parse ("\xef\xbb\xbf# notice: test notice\n"
                                         "2026 OFF 12-31..01-02 元旦\n"
                                         "2027 WORK 2026-12-27\n"
                                         "2026 WORK 01-04\n",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, ==, 2);
  g_assert_cmpstr (dd_holiday_schedule_get_notice (g_ptr_array_index (schedules, 0)), ==, "test notice");

  g_assert_true (dd_duty_calendar_add_schedule (calendar, g_ptr_array_index (schedules, 0), &error));
  g_assert_no_error (error);

  day = ymd (2027, 1, 2);
  g_assert_cmpint (dd_duty_calendar_get_day_kind (calendar, &day, &name), ==, DD_DAY_KIND_HOLIDAY);
  g_assert_cmpstr (name, ==, "元旦");
  /* but 2027's own schedule is not loaded */
  g_assert_false (dd_duty_calendar_has_schedule (calendar, 2027));

  /* the 2027 schedule reaches back into 2026 */
  g_assert_true (dd_duty_calendar_add_schedule (calendar, g_ptr_array_index (schedules, 1), &error));
  g_assert_no_error (error);
  day = ymd (2026, 12, 27);
  g_assert_cmpint (dd_duty_calendar_get_day_kind (calendar, &day, NULL), ==, DD_DAY_KIND_ADJUSTED_WORKDAY);

  /* a 2027 schedule that makes 2027-01-02 a working day contradicts 2026's */
  conflicting = dd_holiday_schedule_parse ("2027 WORK 01-02\n", &error);
  g_assert_no_error (error);
  g_assert_false (dd_duty_calendar_add_schedule (calendar, g_ptr_array_index (conflicting, 0), &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2027-01-02"));
  g_clear_error (&error);

  /* the earlier 2027 schedule is still there; removing it works */
  g_assert_true (dd_duty_calendar_has_schedule (calendar, 2027));
  g_assert_true (dd_duty_calendar_remove_schedule (calendar, 2027));
  g_assert_false (dd_duty_calendar_remove_schedule (calendar, 2027));
  g_assert_cmpint (dd_duty_calendar_get_day_kind (calendar, &day, NULL), ==, DD_DAY_KIND_WEEKEND);

  {
    g_autoptr(GArray) years = dd_duty_calendar_list_schedule_years (calendar);

    g_assert_cmpuint (years->len, ==, 1);
    g_assert_cmpuint (g_array_index (years, guint, 0), ==, 2026);
  }
}

static void
test_schedule_records (void)
{
  g_autoptr(DdHolidaySchedule) schedule = dd_holiday_schedule_new (2030, NULL);
  g_autoptr(GError) error = NULL;
  GDate a = ymd (2030, 10, 1), b = ymd (2030, 10, 7), sat = ymd (2030, 9, 28);
  DdDayKind kind;

  g_assert_cmpstr (dd_holiday_schedule_get_notice (schedule), ==, "");
  g_assert_true (dd_holiday_schedule_add_block (schedule, &a, &b, " 国庆节 ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dd_holiday_schedule_get_block (schedule, 0)->name, ==, "国庆节");
  g_assert_true (dd_holiday_schedule_add_workday (schedule, &sat, &error));
  g_assert_no_error (error);
  g_assert_true (dd_holiday_schedule_lookup (schedule, &sat, &kind, NULL));
  g_assert_cmpint (kind, ==, DD_DAY_KIND_ADJUSTED_WORKDAY);

  /* end before start */
  g_assert_false (dd_holiday_schedule_add_block (schedule, &b, &a, "x", &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  /* an empty name */
  a = ymd (2030, 5, 1);
  g_assert_false (dd_holiday_schedule_add_block (schedule, &a, &a, "  ", &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
}

static void
test_regimes (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  static const struct {
    int         y, m, d;
    DdRegime    office;   /* a 5x8 desk */
    const char *why;
  } cases[] = {
    { 2026, 3, 10, DD_REGIME_5X8,  "Tuesday" },
    { 2026, 3, 14, DD_REGIME_NONE, "Saturday" },
    { 2026, 3, 15, DD_REGIME_NONE, "Sunday" },
    { 2026, 2, 14, DD_REGIME_5X8,  "adjusted workday (Saturday)" },
    { 2026, 2, 28, DD_REGIME_5X8,  "adjusted workday (Saturday)" },
    { 2026, 2, 16, DD_REGIME_7X24, "Spring Festival (Monday)" },
    { 2026, 2, 15, DD_REGIME_7X24, "Spring Festival (Sunday)" },
    { 2026, 10, 3, DD_REGIME_7X24, "National Day (Saturday)" },
    { 2025, 10, 8, DD_REGIME_7X24, "National Day (Wednesday)" },
    { 2025, 10, 9, DD_REGIME_5X8,  "after National Day" },
    { 2025, 10, 11, DD_REGIME_5X8, "adjusted workday" },
    { 2026, 5, 31, DD_REGIME_NONE, "Sunday before the flood season" },
    { 2026, 6, 1, DD_REGIME_7X24,  "flood season, Monday" },
    { 2026, 6, 6, DD_REGIME_7X24,  "flood season, Saturday" },
    { 2026, 7, 31, DD_REGIME_7X24, "flood season, last day" },
    { 2026, 8, 1, DD_REGIME_NONE,  "Saturday after the flood season" },
    { 2026, 8, 3, DD_REGIME_5X8,   "Monday after the flood season" },
    { 2027, 1, 1, DD_REGIME_5X8,   "no 2027 schedule: a plain Friday" },
    { 2027, 1, 2, DD_REGIME_NONE,  "no 2027 schedule: a plain Saturday" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate day = ymd (cases[i].y, cases[i].m, cases[i].d);
      g_autoptr(DdDutyDay) info = NULL;

      if (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day) != cases[i].office)
        g_error ("case %u (%s): wrong 5x8 regime", i, cases[i].why);
      g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_7X24, &day), ==, DD_REGIME_7X24);

      info = dd_duty_calendar_get_day (calendar, DD_REGIME_5X8, &day);
      g_assert_cmpint (info->regime, ==, cases[i].office);
      g_assert_cmpint (info->schedule_loaded, ==, cases[i].y <= 2026);
      g_assert_cmpint (info->flood_season, ==, cases[i].m >= 6 && cases[i].m <= 7);
      g_assert_cmpuint (info->leaders, ==, 1);
      g_assert_cmpuint (info->periods->len, ==, 0);
    }
}

static void
test_flood_season (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(DdDutyCalendar) empty = dd_duty_calendar_new ();
  g_autoptr(GError) error = NULL;
  GDate first, last, day;
  gboolean is_default = FALSE;

  /* the shipped default: 06-01..07-31 every year */
  for (guint year = 2024; year <= 2030; year++)
    {
      g_assert_true (dd_duty_calendar_get_flood_season (calendar, year, &first, &last, &is_default));
      g_assert_true (is_default);
      g_assert_cmpint (g_date_get_month (&first), ==, 6);
      g_assert_cmpint (g_date_get_day (&first), ==, 1);
      g_assert_cmpint (g_date_get_month (&last), ==, 7);
      g_assert_cmpint (g_date_get_day (&last), ==, 31);
      g_assert_cmpint (g_date_get_year (&last), ==, year);
    }

  /* edited for 2026 only */
  first = ymd (2026, 5, 20);
  last = ymd (2026, 8, 10);
  g_assert_true (dd_duty_calendar_set_flood_season (calendar, 2026, &first, &last, &error));
  g_assert_no_error (error);
  g_assert_true (dd_duty_calendar_get_flood_season (calendar, 2026, NULL, NULL, &is_default));
  g_assert_false (is_default);
  day = ymd (2026, 8, 8);   /* a Saturday */
  g_assert_true (dd_duty_calendar_in_flood_season (calendar, &day));
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_7X24);
  day = ymd (2025, 8, 9);   /* a Saturday, default season */
  g_assert_false (dd_duty_calendar_in_flood_season (calendar, &day));
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_NONE);

  dd_duty_calendar_reset_flood_season (calendar, 2026);
  day = ymd (2026, 8, 8);
  g_assert_false (dd_duty_calendar_in_flood_season (calendar, &day));

  /* errors: not in the year, reversed */
  first = ymd (2026, 12, 1);
  last = ymd (2027, 1, 31);
  g_assert_false (dd_duty_calendar_set_flood_season (calendar, 2026, &first, &last, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  first = ymd (2026, 7, 1);
  last = ymd (2026, 6, 1);
  g_assert_false (dd_duty_calendar_set_flood_season (calendar, 2026, &first, &last, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);

  /* an empty calendar has no flood season and no schedule */
  day = ymd (2026, 6, 15);
  g_assert_false (dd_duty_calendar_get_flood_season (empty, 2026, NULL, NULL, NULL));
  g_assert_false (dd_duty_calendar_in_flood_season (empty, &day));
  g_assert_cmpint (dd_duty_calendar_get_regime (empty, DD_REGIME_5X8, &day), ==, DD_REGIME_5X8);
}

static void
test_periods (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(DdImportantPeriod) congress = NULL;
  g_autoptr(DdImportantPeriod) evening = NULL;
  g_autoptr(DdImportantPeriod) renamed = NULL;
  g_autoptr(GPtrArray) on = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  GDate first = ymd (2026, 3, 4), last = ymd (2026, 3, 11), day, f, l;

  congress = dd_important_period_new_for_dates ("p1", "全国两会", &first, &last, 2);
  g_assert_true (dd_important_period_get_dates (congress, &f, &l));
  g_assert_cmpint (g_date_compare (&f, &first), ==, 0);
  g_assert_cmpint (g_date_compare (&l, &last), ==, 0);
  g_assert_true (dd_duty_calendar_add_period (calendar, congress, &error));
  g_assert_no_error (error);

  /* Saturday 2026-03-07 inside the period: 7x24 for a 5x8 desk, 2 leaders */
  day = ymd (2026, 3, 7);
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_7X24);
  g_assert_cmpuint (dd_duty_calendar_get_leaders (calendar, &day), ==, 2);
  /* both ends included */
  day = ymd (2026, 3, 11);
  g_assert_cmpuint (dd_duty_calendar_get_leaders (calendar, &day), ==, 2);
  day = ymd (2026, 3, 12);
  g_assert_cmpuint (dd_duty_calendar_get_leaders (calendar, &day), ==, 1);
  day = ymd (2026, 3, 3);
  g_assert_cmpuint (dd_duty_calendar_get_leaders (calendar, &day), ==, 1);
  day = ymd (2026, 3, 14);
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_NONE);

  /* a date-time period: Saturday 2026-03-14 20:00 to Sunday 02:00 touches both days */
  from = g_date_time_new (tz, 2026, 3, 14, 20, 0, 0);
  to = g_date_time_new (tz, 2026, 3, 15, 2, 0, 0);
  evening = dd_important_period_new ("p2", "Concert", g_date_time_to_unix (from) * 1000,
                                     g_date_time_to_unix (to) * 1000, 1);
  g_assert_false (dd_important_period_get_dates (evening, NULL, NULL));
  g_assert_true (dd_duty_calendar_add_period (calendar, evening, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_7X24);
  day = ymd (2026, 3, 15);
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_7X24);
  day = ymd (2026, 3, 16);
  on = dd_duty_calendar_list_periods_on (calendar, &day);
  g_assert_cmpuint (on->len, ==, 0);
  g_clear_pointer (&on, g_ptr_array_unref);

  day = ymd (2026, 3, 15);
  on = dd_duty_calendar_list_periods_on (calendar, &day);
  g_assert_cmpuint (on->len, ==, 1);
  g_assert_cmpstr (dd_important_period_get_name (g_ptr_array_index (on, 0)), ==, "Concert");
  g_clear_pointer (&on, g_ptr_array_unref);

  {
    g_autoptr(DdDutyDay) info = dd_duty_calendar_get_day (calendar, DD_REGIME_5X8, &day);

    g_assert_cmpint (info->kind, ==, DD_DAY_KIND_WEEKEND);
    g_assert_cmpint (info->regime, ==, DD_REGIME_7X24);
    g_assert_cmpuint (info->periods->len, ==, 1);
    g_assert_cmpuint (info->leaders, ==, 1);
  }

  /* same id replaces */
  renamed = dd_important_period_new_for_dates ("p1", "两会", &first, &first, 1);
  g_assert_true (dd_duty_calendar_add_period (calendar, renamed, &error));
  g_assert_no_error (error);
  on = dd_duty_calendar_list_periods (calendar);
  g_assert_cmpuint (on->len, ==, 2);
  g_assert_cmpstr (dd_important_period_get_name (g_ptr_array_index (on, 0)), ==, "两会");
  g_clear_pointer (&on, g_ptr_array_unref);
  day = ymd (2026, 3, 7);
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_NONE);

  g_assert_true (dd_duty_calendar_remove_period (calendar, "p2"));
  g_assert_false (dd_duty_calendar_remove_period (calendar, "p2"));
  day = ymd (2026, 3, 15);
  g_assert_cmpint (dd_duty_calendar_get_regime (calendar, DD_REGIME_5X8, &day), ==, DD_REGIME_NONE);

  /* validation */
  {
    static const struct { const char *id, *name; int leaders; gboolean reversed; } bad[] = {
      { "", "x", 1, FALSE },
      { "p", "  ", 1, FALSE },
      { "p", "x", 3, FALSE },
      { "p", "x", 0, FALSE },
      { "p", "x", 1, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(DdImportantPeriod) period = NULL;

        period = bad[i].reversed
                 ? dd_important_period_new (bad[i].id, bad[i].name, 2000, 1000, 1)
                 : dd_important_period_new_for_dates (bad[i].id, bad[i].name, &first, &last, bad[i].leaders);
        g_assert_false (dd_duty_calendar_add_period (calendar, period, &error));
        g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
}

static void
on_changed_cb (DdDutyCalendar *calendar,
               guint          *count)
{
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr(DdDutyCalendar) calendar = dd_duty_calendar_new ();
  g_autoptr(DdHolidaySchedule) schedule = dd_holiday_schedule_new (2026, "n");
  g_autoptr(DdImportantPeriod) period = NULL;
  GDate day = ymd (2026, 1, 5);
  guint count = 0;

  g_signal_connect (calendar, "changed", G_CALLBACK (on_changed_cb), &count);
  g_assert_true (dd_duty_calendar_add_schedule (calendar, schedule, NULL));
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (dd_duty_calendar_set_flood_season (calendar, 2026, &day, &day, NULL));
  g_assert_cmpuint (count, ==, 2);
  period = dd_important_period_new_for_dates ("p", "x", &day, &day, 1);
  g_assert_true (dd_duty_calendar_add_period (calendar, period, NULL));
  g_assert_cmpuint (count, ==, 3);
  dd_duty_calendar_reset_flood_season (calendar, 2026);
  dd_duty_calendar_reset_flood_season (calendar, 2026);
  g_assert_cmpuint (count, ==, 4);
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);
  g_autoptr(DdDutyDefaults) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (defaults->min_rest_hours, ==, 12);
  g_assert_cmpuint (defaults->holiday_years->len, ==, 3);
  g_assert_cmpuint (defaults->templates->len, ==, 5);
  g_assert_cmpint (defaults->flood_first_month, ==, 6);
  g_assert_cmpint (defaults->flood_last_day, ==, 31);

  bad = dd_duty_defaults_parse ("[FloodSeason]\nfirst=06-31\nlast=07-31\n", &error);
  g_assert_null (bad);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  g_clear_error (&error);

  bad = dd_duty_defaults_parse ("[FloodSeason]\nfirst=06-01\nlast=07-31\n[Rules]\nmin-rest-hours=100\n"
                                "[Holidays]\nyears=2026\n", &error);
  g_assert_null (bad);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
}

static void
test_dates (void)
{
  GDate date;
  guint minute = 0;
  g_autofree char *str = NULL;
  g_autofree char *tod = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);

  g_assert_true (dd_duty_date_parse (" 2024-02-29 ", &date));
  str = dd_duty_date_to_string (&date);
  g_assert_cmpstr (str, ==, "2024-02-29");
  g_assert_false (dd_duty_date_parse ("2025-02-29", &date));
  g_assert_false (dd_duty_date_parse ("2025-2-28", &date));
  g_assert_false (dd_duty_date_parse ("2025/02/28", &date));
  g_assert_false (dd_duty_date_parse (NULL, &date));

  g_assert_true (dd_duty_time_of_day_parse ("8:30", &minute));
  g_assert_cmpuint (minute, ==, 510);
  g_assert_true (dd_duty_time_of_day_parse ("23:59", &minute));
  g_assert_false (dd_duty_time_of_day_parse ("24:00", &minute));
  g_assert_false (dd_duty_time_of_day_parse ("08:60", &minute));
  g_assert_false (dd_duty_time_of_day_parse ("0830", &minute));
  tod = dd_duty_time_of_day_to_string (17 * 60 + 30);
  g_assert_cmpstr (tod, ==, "17:30");

  /* Beijing midnight, independently of dd-duty-date */
  date = ymd (2026, 7, 1);
  dt = g_date_time_new (tz, 2026, 7, 1, 8, 30, 0);
  g_assert_cmpint (dd_duty_date_time_ms (&date, 510), ==, g_date_time_to_unix (dt) * 1000);
  dd_duty_date_from_ms (g_date_time_to_unix (dt) * 1000 - 9 * 3600 * 1000, &date, &minute);
  g_assert_cmpint (g_date_get_day (&date), ==, 30);
  g_assert_cmpuint (minute, ==, 23 * 60 + 30);
}

static void
test_enum_strings (void)
{
  DdDayKind kind;
  DdPosition position;
  DdAbsenceKind absence;
  DdProblemKind problem;
  DdUnfilledReason reason;

  for (DdDayKind k = DD_DAY_KIND_WORKDAY; k <= DD_DAY_KIND_ADJUSTED_WORKDAY; k++)
    {
      g_assert_true (dd_day_kind_from_string (dd_day_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (dd_day_kind_get_label (k));
    }
  g_assert_cmpstr (dd_day_kind_to_string (DD_DAY_KIND_ADJUSTED_WORKDAY), ==, "adjusted_workday");
  g_assert_false (dd_day_kind_from_string ("holidays", &kind));

  g_assert_true (dd_position_from_string ("leader", &position));
  g_assert_cmpint (position, ==, DD_POSITION_LEADER);
  g_assert_cmpint (dd_position_get_role (DD_POSITION_OFFICER), ==, DD_ROLE_OFFICER);
  g_assert_false (dd_position_from_string ("both", &position));

  for (DdAbsenceKind k = DD_ABSENCE_KIND_LEAVE; k <= DD_ABSENCE_KIND_TRAINING; k++)
    {
      g_assert_true (dd_absence_kind_from_string (dd_absence_kind_to_string (k), &absence));
      g_assert_cmpint (absence, ==, k);
    }

  for (DdProblemKind k = DD_PROBLEM_KIND_UNCOVERED; k <= DD_PROBLEM_KIND_INACTIVE; k++)
    {
      g_assert_true (dd_problem_kind_from_string (dd_problem_kind_to_string (k), &problem));
      g_assert_cmpint (problem, ==, k);
      g_assert_nonnull (dd_problem_kind_get_label (k));
    }
  g_assert_cmpstr (dd_problem_kind_to_string (DD_PROBLEM_KIND_DOUBLE_BOOKED), ==, "double_booked");

  for (DdUnfilledReason k = DD_UNFILLED_REASON_NO_STAFF; k <= DD_UNFILLED_REASON_REST_RULE; k++)
    {
      g_assert_true (dd_unfilled_reason_from_string (dd_unfilled_reason_to_string (k), &reason));
      g_assert_cmpint (reason, ==, k);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/duty-calendar/published-days", test_published_days);
  g_test_add_func ("/duty-calendar/regimes", test_regimes);
  g_test_add_func ("/duty-calendar/flood-season", test_flood_season);
  g_test_add_func ("/duty-calendar/periods", test_periods);
  g_test_add_func ("/duty-calendar/cross-year", test_cross_year);
  g_test_add_func ("/duty-calendar/changed-signal", test_changed_signal);
  g_test_add_func ("/duty-calendar/defaults", test_defaults);
  g_test_add_func ("/holiday-schedule/domain-file", test_domain_file_parses);
  g_test_add_func ("/holiday-schedule/round-trip", test_round_trip);
  g_test_add_func ("/holiday-schedule/parse-errors", test_parse_errors);
  g_test_add_func ("/holiday-schedule/records", test_schedule_records);
  g_test_add_func ("/duty-date/parse-format", test_dates);
  g_test_add_func ("/enums/duty", test_enum_strings);

  return g_test_run ();
}

/* test-regime.c: the regime of a day and Beijing time
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-regime.h"
#include "dd-time.h"

static DdRegime
regime_on (DdRegime base,
           int      year,
           int      month,
           int      day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return dd_regime_for_date (base, &date);
}

static void
test_base_regimes (void)
{
  /* 2026-11-30 is a Monday, 2026-12-05 a Saturday */
  for (int day = 30; day <= 30; day++)
    g_assert_cmpint (regime_on (DD_REGIME_5X8, 2026, 11, day), ==, DD_REGIME_5X8);
  for (int day = 1; day <= 4; day++)
    g_assert_cmpint (regime_on (DD_REGIME_5X8, 2026, 12, day), ==, DD_REGIME_5X8);
  g_assert_cmpint (regime_on (DD_REGIME_5X8, 2026, 12, 5), ==, DD_REGIME_NONE);
  g_assert_cmpint (regime_on (DD_REGIME_5X8, 2026, 12, 6), ==, DD_REGIME_NONE);

  for (int day = 1; day <= 7; day++)
    g_assert_cmpint (regime_on (DD_REGIME_7X24, 2026, 12, day), ==, DD_REGIME_7X24);
}

static void
test_beijing_day_boundary (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 11, 29, 16, 30, 0);
  gint64 ms = g_date_time_to_unix (utc) * 1000;
  g_autoptr(GDateTime) beijing = dd_time_beijing_from_ms (ms);
  g_autoptr(GTimeZone) tz = dd_time_zone_beijing ();
  GDate date;

  /* 16:30 UTC on Sunday is 00:30 on Monday in Beijing */
  g_assert_cmpint (g_date_time_get_hour (beijing), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (beijing), ==, 30);
  g_assert_cmpint (g_date_time_get_utc_offset (beijing), ==, G_GINT64_CONSTANT (8) * G_TIME_SPAN_HOUR);

  dd_time_beijing_date (ms, &date);
  g_assert_cmpint (g_date_get_year (&date), ==, 2026);
  g_assert_cmpint (g_date_get_month (&date), ==, 11);
  g_assert_cmpint (g_date_get_day (&date), ==, 30);
  g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_MONDAY);
  g_assert_cmpint (dd_regime_for_date (DD_REGIME_5X8, &date), ==, DD_REGIME_5X8);

  /* one minute earlier it is still Sunday in Beijing */
  dd_time_beijing_date (ms - 31 * 60 * 1000, &date);
  g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_SUNDAY);
  g_assert_cmpint (dd_regime_for_date (DD_REGIME_5X8, &date), ==, DD_REGIME_NONE);

  /* the zone has no daylight saving: midsummer is +8 as well */
  g_assert_cmpint (g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_STANDARD, 1782864000)),
                   ==, 8 * 3600);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/regime/base", test_base_regimes);
  g_test_add_func ("/time/beijing-day-boundary", test_beijing_day_boundary);

  return g_test_run ();
}

/* dd-duty-date.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-date.h"

#include <string.h>

#include "dd-time.h"

static gboolean
parse_digits (const char *str,
              guint       n,
              guint      *value)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (str[i]))
        return FALSE;
      v = v * 10 + (guint) (str[i] - '0');
    }

  *value = v;

  return TRUE;
}

gboolean
dd_duty_date_parse (const char *str,
                    GDate      *date)
{
  g_autofree char *copy = NULL;
  const char *s;
  guint y, m, d;

  g_return_val_if_fail (date != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (str));
  s = copy;

  if (strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  if (!parse_digits (s, 4, &y) || !parse_digits (s + 5, 2, &m) || !parse_digits (s + 8, 2, &d))
    return FALSE;
  if (y < 1 || m < 1 || m > 12 || d < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);

  return TRUE;
}

char *
dd_duty_date_to_string (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

gint64
dd_duty_date_start_ms (const GDate *date)
{
  g_autoptr(GTimeZone) tz = dd_time_zone_beijing ();
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  dt = g_date_time_new (tz,
                        g_date_get_year (date),
                        g_date_get_month (date),
                        g_date_get_day (date),
                        0, 0, 0);
  g_return_val_if_fail (dt != NULL, 0);

  return g_date_time_to_unix (dt) * 1000;
}

gint64
dd_duty_date_time_ms (const GDate *date,
                      guint        minute_of_day)
{
  /* Beijing has kept UTC+8 without daylight saving since 1991, so a day is
   * always 24 hours long and minutes can be added to midnight. */
  return dd_duty_date_start_ms (date) + (gint64) minute_of_day * DD_MS_PER_MINUTE;
}

void
dd_duty_date_from_ms (gint64  unix_ms,
                      GDate  *date,
                      guint  *minute_of_day)
{
  g_autoptr(GDateTime) dt = dd_time_beijing_from_ms (unix_ms);

  g_return_if_fail (dt != NULL);

  if (date != NULL)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date,
                      (GDateDay) g_date_time_get_day_of_month (dt),
                      (GDateMonth) g_date_time_get_month (dt),
                      (GDateYear) g_date_time_get_year (dt));
    }

  if (minute_of_day != NULL)
    *minute_of_day = (guint) (g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt));
}

gboolean
dd_duty_time_of_day_parse (const char *str,
                           guint      *minute_of_day)
{
  g_autofree char *copy = NULL;
  const char *s;
  guint h, m;
  gsize len;

  if (str == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (str));
  s = copy;
  len = strlen (s);

  if (len == 4 && s[1] == ':')
    {
      if (!parse_digits (s, 1, &h) || !parse_digits (s + 2, 2, &m))
        return FALSE;
    }
  else if (len == 5 && s[2] == ':')
    {
      if (!parse_digits (s, 2, &h) || !parse_digits (s + 3, 2, &m))
        return FALSE;
    }
  else
    return FALSE;

  if (h > 23 || m > 59)
    return FALSE;

  if (minute_of_day != NULL)
    *minute_of_day = h * 60 + m;

  return TRUE;
}

char *
dd_duty_time_of_day_to_string (guint minute_of_day)
{
  g_return_val_if_fail (minute_of_day < DD_MINUTES_PER_DAY, NULL);

  return g_strdup_printf ("%02u:%02u", minute_of_day / 60, minute_of_day % 60);
}

gboolean
dd_duty_date_is_weekend (const GDate *date)
{
  GDateWeekday wd;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  wd = g_date_get_weekday (date);

  return wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY;
}

/* dd-time.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-time.h"

#include <stdio.h>

GTimeZone *
dd_time_zone_beijing (void)
{
  static GTimeZone *beijing;

  if (g_once_init_enter (&beijing))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");

      /* China has kept UTC+8 without daylight saving since 1991, so the
       * fixed offset gives the same answer for every date we handle. */
      if (tz == NULL)
        tz = g_time_zone_new_offset (8 * 3600);

      g_once_init_leave (&beijing, tz);
    }

  return g_time_zone_ref (beijing);
}

GDateTime *
dd_time_beijing_from_ms (gint64 unix_ms)
{
  g_autoptr(GTimeZone) tz = dd_time_zone_beijing ();
  g_autoptr(GDateTime) utc = NULL;

  utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  if (utc == NULL)
    return NULL;

  return g_date_time_to_timezone (utc, tz);
}

void
dd_time_beijing_date (gint64  unix_ms,
                      GDate  *date)
{
  g_autoptr(GDateTime) dt = dd_time_beijing_from_ms (unix_ms);

  g_return_if_fail (dt != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (dt),
                  g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

char *
dd_time_format_minutes (gint64 unix_ms)
{
  g_autoptr(GDateTime) dt = dd_time_beijing_from_ms (unix_ms);

  g_return_val_if_fail (dt != NULL, NULL);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

gboolean
dd_time_parse_minutes (const char *text,
                       gint64     *unix_ms)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int year, month, day, hour, minute;
  int second = 0;
  int end = 0;

  g_return_val_if_fail (unix_ms != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  if (sscanf (text, " %4d-%2d-%2d %2d:%2d%n", &year, &month, &day, &hour, &minute, &end) != 5)
    return FALSE;
  if (text[end] == ':')
    {
      int more = 0;

      if (sscanf (text + end, ":%2d%n", &second, &more) != 1)
        return FALSE;
      end += more;
    }
  while (g_ascii_isspace (text[end]))
    end++;
  if (text[end] != '\0' || second > 59)
    return FALSE;

  tz = dd_time_zone_beijing ();
  dt = g_date_time_new (tz, year, month, day, hour, minute, second);
  if (dt == NULL)
    return FALSE;

  *unix_ms = g_date_time_to_unix (dt) * 1000;
  return TRUE;
}

/* dd-duty-date.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Duty days are Beijing calendar days. These helpers read and write them in
 * the one form Duty Desk uses on the wire and the command line (ISO 8601,
 * "2026-02-15"), and turn a day and a time of day into Unix milliseconds. */

#define DD_MINUTES_PER_DAY (24 * 60)
#define DD_MS_PER_MINUTE   G_GINT64_CONSTANT (60000)
#define DD_MS_PER_DAY      (G_GINT64_CONSTANT (86400000))

/* "YYYY-MM-DD", a real date; surrounding spaces are allowed. */
gboolean  dd_duty_date_parse        (const char  *str,
                                     GDate       *date);
/* "YYYY-MM-DD" */
char     *dd_duty_date_to_string    (const GDate *date);
/* Unix ms of @date at 00:00 Beijing time. */
gint64    dd_duty_date_start_ms     (const GDate *date);
/* Unix ms of @date at @minute_of_day Beijing time; @minute_of_day may run
 * past the day (1440 is the next midnight). */
gint64    dd_duty_date_time_ms      (const GDate *date,
                                     guint        minute_of_day);
/* The Beijing day of @unix_ms and the minute of that day. */
void      dd_duty_date_from_ms      (gint64       unix_ms,
                                     GDate       *date,
                                     guint       *minute_of_day);

/* "HH:MM", 00:00 to 23:59 (also "H:MM"). */
gboolean  dd_duty_time_of_day_parse (const char  *str,
                                     guint       *minute_of_day);
/* "HH:MM" */
char     *dd_duty_time_of_day_to_string (guint    minute_of_day);

/* TRUE for Saturday and Sunday. */
gboolean  dd_duty_date_is_weekend   (const GDate *date);

G_END_DECLS

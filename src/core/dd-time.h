/* dd-time.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Asia/Shanghai (UTC+8, no daylight saving), or a fixed +08:00 where the
 * system has no time-zone data. Duty days are Beijing days everywhere. */
GTimeZone *dd_time_zone_beijing  (void);
/* @unix_ms as Beijing local time. */
GDateTime *dd_time_beijing_from_ms (gint64 unix_ms);
/* The Beijing calendar date of @unix_ms. */
void       dd_time_beijing_date  (gint64 unix_ms,
                                  GDate *date);

/* @unix_ms as Beijing wall time to the minute, "YYYY-MM-DD HH:MM": how
 * forms show and take a time. */
char      *dd_time_format_minutes (gint64       unix_ms);
/* "YYYY-MM-DD HH:MM" (seconds ":SS" allowed, blanks around) in Beijing
 * time into Unix ms; FALSE, @unix_ms untouched, for anything else. */
gboolean   dd_time_parse_minutes  (const char  *text,
                                   gint64      *unix_ms);

G_END_DECLS

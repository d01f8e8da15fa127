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

G_END_DECLS

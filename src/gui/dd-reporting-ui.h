/* dd-reporting-ui.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-incident-store.h"

G_BEGIN_DECLS

/* What the window's views of reporting clocks share: the shipped rules,
 * the running clocks of a dd_store_list_incident_clocks() result, and how
 * a countdown and a recipient are written. */

/**
 * DdRunningClock:
 * @detail: the incident (borrowed from the list given)
 * @clock: one of its clocks that is still running (borrowed)
 */
typedef struct
{
  DdIncidentDetail *detail;
  DdReportClock    *clock;
} DdRunningClock;

/* The shipped grading, taxonomy and reporting rules. A shipped file that
 * does not load (the data tests catch it) is a critical warning. */
DdIncidentRules *dd_reporting_ui_load_rules        (void);
/* The clocks in @details (DdIncidentDetail) that are pending, due soon or
 * overdue, most urgent (earliest due) first: a GPtrArray of
 * DdRunningClock that borrows from @details. @next_change_at (optional):
 * the earliest instant one of them changes status, G_MAXINT64 if none. */
GPtrArray       *dd_reporting_ui_collect_running   (GPtrArray  *details,
                                                    gint64     *next_change_at);
/* "12:34 left", "1:02:03 left", "overdue 3 min", or "" for a due time of 0. */
char            *dd_reporting_ui_format_countdown  (gint64      due_at,
                                                    gint64      now_ms);
/* A time allowed, in a sentence: "20 minutes", "2 hours" (whole hours
 * when a multiple of an hour, else minutes rounded down). */
char            *dd_reporting_ui_format_limit      (gint64      limit_ms);
/* A duration as "00:09:41" (hours, minutes, seconds; rounded up to the
 * second when @round_up, else down). */
char            *dd_reporting_ui_format_duration   (gint64      ms,
                                                    gboolean    round_up);

G_END_DECLS

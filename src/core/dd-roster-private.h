/* dd-roster-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-roster.h"

G_BEGIN_DECLS

struct _DdRoster
{
  gatomicrefcount  ref_count;
  guint            min_rest_hours;
  GPtrArray       *shifts;        /* DdShift, sorted when shifts_sorted */
  GHashTable      *shift_by_id;   /* id → DdShift (owned by shifts) */
  gboolean         shifts_sorted;
  GPtrArray       *assignments;   /* DdAssignment */
  GPtrArray       *staff;         /* DdStaff */
  GHashTable      *staff_by_id;   /* id → DdStaff (owned by staff) */
  GPtrArray       *absences;      /* DdAbsence */
};

/* Whether @date is within @first..@last, either of which may be NULL. */
gboolean dd_roster_date_in_range (const GDate *date,
                                  const GDate *first,
                                  const GDate *last);

/* Unix ms bounds of an absence: 00:00 of its first day to 00:00 after its last. */
void     dd_absence_get_span     (const DdAbsence *absence,
                                  gint64          *start_ms,
                                  gint64          *end_ms);

G_END_DECLS

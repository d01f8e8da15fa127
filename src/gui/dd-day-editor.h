/* dd-day-editor.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-roster-store.h"

G_BEGIN_DECLS

/* The shifts of one duty day and who is on them: assign someone eligible,
 * remove, lock or unlock, and swap two people's shifts (with who asked and
 * who approved). Every change goes through the store's async API; the
 * owner passes the reloaded roster back with dd_day_editor_set_data(). */
#define DD_TYPE_DAY_EDITOR (dd_day_editor_get_type ())
G_DECLARE_FINAL_TYPE (DdDayEditor, dd_day_editor, DD, DAY_EDITOR, AdwWindow)

DdDayEditor *dd_day_editor_new            (DdStoreService *service,
                                           GCancellable   *cancellable,
                                           const GDate    *date);
void         dd_day_editor_get_date       (DdDayEditor    *self,
                                           GDate          *date);
/* @roster must cover the day (and, for swaps, the days offered). */
void         dd_day_editor_set_data       (DdDayEditor    *self,
                                           DdDutyCalendar *calendar,
                                           DdRoster       *roster,
                                           DdRegime        base);
/* Changes sent to the store and not answered yet. */
guint        dd_day_editor_get_n_pending  (DdDayEditor    *self);

G_END_DECLS

/* dd-roster-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-day-editor.h"
#include "dd-month-grid.h"
#include "dd-roster-store.h"

G_BEGIN_DECLS

/* The Roster section: a month of duty (month grid, week list, one person's
 * schedule), the month's status (version, checked, submitted, changed
 * since), the day editor, "Generate…" (roster.generate, and
 * win.roster-generate once in a window) with Undo, and "Print…"
 * (roster.print / win.roster-print, Ctrl+P) through GtkPrintOperation. */
#define DD_TYPE_ROSTER_PAGE (dd_roster_page_get_type ())
G_DECLARE_FINAL_TYPE (DdRosterPage, dd_roster_page, DD, ROSTER_PAGE, AdwBin)

GtkWidget   *dd_roster_page_new             (void);

guint        dd_roster_page_get_year        (DdRosterPage            *self);
guint        dd_roster_page_get_month       (DdRosterPage            *self);
/* Shows @month (1–12) of @year and reloads it. */
void         dd_roster_page_set_month       (DdRosterPage            *self,
                                             guint                    year,
                                             guint                    month);
/* Whether the last reload has completed. */
gboolean     dd_roster_page_get_loaded      (DdRosterPage            *self);
/* (transfer none) */
DdMonthGrid *dd_roster_page_get_month_grid  (DdRosterPage            *self);
/* The problems of the shown month's last check, -1 before one. */
int          dd_roster_page_get_n_problems  (DdRosterPage            *self);

/* Opens the day editor on @date (modal to the page's window). (transfer none) */
DdDayEditor *dd_roster_page_open_day        (DdRosterPage            *self,
                                             const GDate             *date);
/* The open day editor, or %NULL. (transfer none) */
DdDayEditor *dd_roster_page_get_day_editor  (DdRosterPage            *self);

/* Prints the shown month (DdRosterDocument). With
 * %GTK_PRINT_OPERATION_ACTION_EXPORT, writes a PDF to @export_path. */
GtkPrintOperationResult
             dd_roster_page_print           (DdRosterPage            *self,
                                             GtkPrintOperationAction  action,
                                             const char              *export_path,
                                             GError                 **error);

G_END_DECLS

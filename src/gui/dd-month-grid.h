/* dd-month-grid.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-duty-calendar.h"
#include "dd-roster.h"

G_BEGIN_DECLS

/* A month of duty days, Monday to Sunday, six weeks: each day of the month
 * shows its number, its kind (holiday with its name, adjusted working day,
 * flood season, important period), the leader(s) and officers on duty and
 * how many positions are empty. Arrow keys move the focused day (across
 * months too: the grid then shows the new month and notifies "year" and
 * "month"), Page Up/Down change the month, Enter or a click activates a
 * day ("day-activated"). */
#define DD_TYPE_MONTH_GRID (dd_month_grid_get_type ())
G_DECLARE_FINAL_TYPE (DdMonthGrid, dd_month_grid, DD, MONTH_GRID, GtkWidget)

GtkWidget  *dd_month_grid_new                   (void);

guint       dd_month_grid_get_year              (DdMonthGrid    *self);
/* 1 to 12 */
guint       dd_month_grid_get_month             (DdMonthGrid    *self);
/* Shows @month (1–12) of @year; the data stays until set again. */
void        dd_month_grid_set_month             (DdMonthGrid    *self,
                                                 guint           year,
                                                 guint           month);
/* The days before and after the month that the six weeks show. */
void        dd_month_grid_get_range             (DdMonthGrid    *self,
                                                 GDate          *first,
                                                 GDate          *last);

/* What the days show: @calendar for their kinds, @roster (covering at
 * least the month) for the people, @base the desk's base regime. Either
 * may be %NULL (nothing shown). @today marks today's cell (may be %NULL). */
void        dd_month_grid_set_data              (DdMonthGrid    *self,
                                                 DdDutyCalendar *calendar,
                                                 DdRoster       *roster,
                                                 DdRegime        base,
                                                 const GDate    *today);

/* The day keyboard focus is on, or goes to when the grid takes focus. */
void        dd_month_grid_get_focus_date        (DdMonthGrid    *self,
                                                 GDate          *date);
/* Moves the focused day to @date (showing its month), taking the keyboard
 * focus when @grab. */
void        dd_month_grid_set_focus_date        (DdMonthGrid    *self,
                                                 const GDate    *date,
                                                 gboolean        grab);

/* The cell of @date when it is in the shown month, else %NULL. (transfer none) */
GtkWidget  *dd_month_grid_get_day_widget        (DdMonthGrid    *self,
                                                 const GDate    *date);
/* The sentence read out for @date's cell (its accessible label). */
const char *dd_month_grid_get_day_description   (DdMonthGrid    *self,
                                                 const GDate    *date);
/* Empty positions on @date. */
guint       dd_month_grid_get_day_uncovered     (DdMonthGrid    *self,
                                                 const GDate    *date);

G_END_DECLS

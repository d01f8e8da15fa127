/* dd-roster-document.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "dd-duty-calendar.h"
#include "dd-report-common.h"
#include "dd-roster.h"

G_BEGIN_DECLS

/* The month's duty roster as it is printed and signed (值班表): a title with
 * the unit's name, then one row per duty day with the columns Date, Weekday,
 * Leader on duty, Duty officers and Phone. Holidays are shaded and named,
 * adjusted working days, important periods and the main flood season marked.
 * Rows never split across pages; the header row repeats on every page; each
 * page has a footer "Page N of M" and the print date.
 *
 * Units are points (1/72 inch): in a GtkPrintOperation set the unit to
 * GTK_UNIT_POINTS, paginate with the print context's width and height and
 * zero margins, and draw each page on the context's cairo_t. Uses pango's
 * default cairo font map of the calling thread. */
#define DD_TYPE_ROSTER_DOCUMENT (dd_roster_document_get_type ())
G_DECLARE_FINAL_TYPE (DdRosterDocument, dd_roster_document, DD, ROSTER_DOCUMENT, GObject)

/* The rows of @roster's duty days from @first to @last (both included): a
 * day is a row when @roster has a shift on it. Reads @roster and @calendar
 * now; later changes to them do not show. */
DdRosterDocument *dd_roster_document_new            (DdRoster               *roster,
                                                     DdDutyCalendar         *calendar,
                                                     const char             *unit_name,
                                                     const GDate            *first,
                                                     const GDate            *last);
/* The whole month @month (1–12) of @year. */
DdRosterDocument *dd_roster_document_new_for_month  (DdRoster               *roster,
                                                     DdDutyCalendar         *calendar,
                                                     const char             *unit_name,
                                                     guint                   year,
                                                     guint                   month);

/* "南明区人民政府总值班室 2026年12月值班表" */
const char       *dd_roster_document_get_title      (DdRosterDocument       *self);
/* Rows: the duty days. */
guint             dd_roster_document_get_n_rows     (DdRosterDocument       *self);

/* The day printed in the footer; today in Beijing unless set. */
void              dd_roster_document_set_print_date (DdRosterDocument       *self,
                                                     const GDate            *date);
/* The font family list, "Noto Sans CJK SC, WenQuanYi Micro Hei, sans" unless
 * set. Takes effect at the next paginate(). */
void              dd_roster_document_set_font_family (DdRosterDocument      *self,
                                                      const char            *family);

/* Lays the rows out on pages of @page_width × @page_height points with
 * @margins (%NULL: DD_REPORT_DEFAULT_MARGIN all round). Returns the number of
 * pages, at least 1; 0 with @error set when the page cannot hold the title,
 * the header row and the footer. */
guint             dd_roster_document_paginate       (DdRosterDocument       *self,
                                                     double                  page_width,
                                                     double                  page_height,
                                                     const DdReportMargins  *margins,
                                                     GError                **error);
/* Pages of the last paginate(), 0 before. */
guint             dd_roster_document_get_n_pages    (DdRosterDocument       *self);
/* The first row on @page and how many there are. */
void              dd_roster_document_get_page_rows  (DdRosterDocument       *self,
                                                     guint                   page,
                                                     guint                  *first_row,
                                                     guint                  *n_rows);
/* Draws @page (from 0) of the last paginate() on @cr, whose user space is in
 * points with the page's top left corner at the origin. */
void              dd_roster_document_draw_page      (DdRosterDocument       *self,
                                                     cairo_t                *cr,
                                                     guint                   page);

/* Paginates for A4 portrait with the default margins and writes every page
 * to a PDF file at @path. */
gboolean          dd_roster_document_write_pdf      (DdRosterDocument       *self,
                                                     const char             *path,
                                                     GError                **error);

G_END_DECLS

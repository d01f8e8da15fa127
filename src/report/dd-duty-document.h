/* dd-duty-document.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "dd-duty-log.h"
#include "dd-roster-document.h"

G_BEGIN_DECLS

/* The printed documents of duty work: the handover record (交接班记录) with
 * the items handed over, their acknowledgements and both officers'
 * signatures, and the daily duty report (值班日报). A document is a title
 * and sections of paragraphs; a paragraph never splits across pages; each
 * page has a footer "Page N of M". Units and use as DdRosterDocument. */
#define DD_TYPE_DUTY_DOCUMENT (dd_duty_document_get_type ())
G_DECLARE_FINAL_TYPE (DdDutyDocument, dd_duty_document, DD, DUTY_DOCUMENT, GObject)

/* @title: the document's name (duty-defaults.ini [Documents]
 * handover-title); @items (DdHandoverItem) open at @at with their
 * acknowledgements; @handover (nullable): the signed handover, whose items
 * and officers are printed instead. */
DdDutyDocument *dd_duty_document_new_handover     (const char          *title,
                                                   const char          *unit_name,
                                                   GPtrArray           *items,
                                                   const DdHandover    *handover,
                                                   gint64               at);
/* @title: duty-defaults.ini [Documents] daily-report-title. */
DdDutyDocument *dd_duty_document_new_daily_report (const char          *title,
                                                   const DdDailyReport *report);

/* "南明区人民政府总值班室 交接班记录" */
const char     *dd_duty_document_get_title        (DdDutyDocument      *self);
/* The text of the document, paragraph by paragraph (for tests and
 * plain-text export). */
char           *dd_duty_document_dup_text         (DdDutyDocument      *self);

guint           dd_duty_document_paginate         (DdDutyDocument      *self,
                                                   double               page_width,
                                                   double               page_height,
                                                   const DdReportMargins *margins,
                                                   GError             **error);
guint           dd_duty_document_get_n_pages      (DdDutyDocument      *self);
void            dd_duty_document_draw_page        (DdDutyDocument      *self,
                                                   cairo_t             *cr,
                                                   guint                page);
gboolean        dd_duty_document_write_pdf        (DdDutyDocument      *self,
                                                   const char          *path,
                                                   GError             **error);

G_END_DECLS

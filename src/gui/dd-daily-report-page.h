/* dd-daily-report-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-duty-document.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The Daily Report section (值班日报): one duty day, cut at the desk's
 * handover time (the current one by default; previous, next, or a date
 * typed), with its calls by channel, incidents by category and grade,
 * reports and their timeliness, leader instructions and handover notes,
 * and Print… (the daily report document through GtkPrintOperation). It
 * loads when it is mapped and again on DdStoreService::changed. */
#define DD_TYPE_DAILY_REPORT_PAGE (dd_daily_report_page_get_type ())
G_DECLARE_FINAL_TYPE (DdDailyReportPage, dd_daily_report_page, DD, DAILY_REPORT_PAGE, AdwBin)

GtkWidget               *dd_daily_report_page_new               (void);
/* For tests and screenshots: the page as at @now_ms (Unix ms); 0 for the clock. */
void                     dd_daily_report_page_set_now_override  (DdDailyReportPage       *self,
                                                                 gint64                   now_ms);
/* Shows duty day @day; %NULL for the current one. */
void                     dd_daily_report_page_set_day           (DdDailyReportPage       *self,
                                                                 const GDate             *day);
/* The duty day shown (invalid before the first load of the current day). */
void                     dd_daily_report_page_get_day           (DdDailyReportPage       *self,
                                                                 GDate                   *day);
/* Whether the last load has completed. */
gboolean                 dd_daily_report_page_get_loaded        (DdDailyReportPage       *self);
/* (nullable): the report shown. */
const DdDailyReport     *dd_daily_report_page_get_report        (DdDailyReportPage       *self);
/* (nullable): the printed report of the day shown. */
DdDutyDocument          *dd_daily_report_page_build_document    (DdDailyReportPage       *self);
GtkPrintOperationResult  dd_daily_report_page_print             (DdDailyReportPage       *self,
                                                                 GtkPrintOperationAction  action,
                                                                 const char              *export_path,
                                                                 GError                 **error);

G_END_DECLS

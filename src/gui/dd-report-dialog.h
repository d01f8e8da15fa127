/* dd-report-dialog.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-enums.h"
#include "dd-incident-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdReportDialog:
 *
 * Records that a report about an incident was made upward (初报, 续报,
 * 终报): the kind, to whom, by which channel, when (Beijing time), by whom
 * and what was said. It shows live which reporting clock the report meets
 * and whether it is on time or late; a late report cannot be saved
 * without its reason. Saving appends a REPORT event through the store
 * service; on success ::saved is emitted and the dialog closes, on
 * failure the error shows and everything typed stays.
 *
 * Properties: "officer" (string: who made the report, the on-duty
 * officer's name by default), "kind" (#DdReportKind), "report-content"
 * (string, may be empty: what was reported) and the read-only "late" (boolean: a report with what is
 * typed now would be late).
 *
 * Signals: ::saved (#DdIncidentSummary: the incident after the report).
 */
#define DD_TYPE_REPORT_DIALOG (dd_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DdReportDialog, dd_report_dialog, DD, REPORT_DIALOG, AdwWindow)

/* @detail is read now (not kept). The recipient is that of @step's clock
 * ("report_province") when given, else that of the first running clock,
 * else the province. The kind is initial when no report was made yet,
 * else follow-up. */
DdReportDialog *dd_report_dialog_new                (DdStoreService   *service,
                                                     DdIncidentRules  *rules,
                                                     DdIncidentDetail *detail,
                                                     const char       *step);

const char     *dd_report_dialog_get_officer        (DdReportDialog   *self);
void            dd_report_dialog_set_officer        (DdReportDialog   *self,
                                                     const char       *officer);
DdReportKind    dd_report_dialog_get_kind           (DdReportDialog   *self);
void            dd_report_dialog_set_kind           (DdReportDialog   *self,
                                                     DdReportKind      kind);
/* (transfer full) */
char           *dd_report_dialog_dup_report_content (DdReportDialog   *self);
void            dd_report_dialog_set_report_content (DdReportDialog   *self,
                                                     const char       *content);
gboolean        dd_report_dialog_get_late           (DdReportDialog   *self);
/* Saves as the save button does (it does nothing while the input is
 * incomplete or a save is running). */
void            dd_report_dialog_save               (DdReportDialog   *self);

G_END_DECLS

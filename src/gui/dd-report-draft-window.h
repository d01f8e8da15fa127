/* dd-report-draft-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-enums.h"
#include "dd-incident-store.h"
#include "dd-report-dialog.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdReportDraftWindow:
 *
 * The draft of a report about an incident (初报, 续报N or 终报) in the
 * standard format, rendered by core from the incident, the desk's unit,
 * the officer and the leader on duty, editable before it goes out. Copy
 * puts the whole text on the clipboard; Print lays it out on pages (or a
 * PDF, through the print dialog). A final draft offers Confirm Final
 * Report, which after a confirmation records the final report (to the
 * province, in writing, by the officer) and closes the incident; an
 * initial or follow-up draft offers Record as Sent, which opens a
 * #DdReportDialog with the kind and the text.
 *
 * Properties: "kind" (#DdReportKind, construct only), "officer" and
 * "leader" (strings: who is on duty; the draft is rendered again when they
 * change, unless its text was edited).
 *
 * Signals: ::closed (#DdIncidentSummary: the incident after the final
 * report closed it; the window closes), ::report-saved
 * (#DdIncidentSummary: a report recorded through Record as Sent).
 */
#define DD_TYPE_REPORT_DRAFT_WINDOW (dd_report_draft_window_get_type ())
G_DECLARE_FINAL_TYPE (DdReportDraftWindow, dd_report_draft_window, DD, REPORT_DRAFT_WINDOW, AdwWindow)

/* @detail is read now for the incident's id (the window reads the
 * incident and the desk again through @service). */
DdReportDraftWindow    *dd_report_draft_window_new           (DdStoreService          *service,
                                                              DdIncidentRules         *rules,
                                                              DdIncidentDetail        *detail,
                                                              DdReportKind             kind);

DdReportKind            dd_report_draft_window_get_kind      (DdReportDraftWindow     *self);
const char             *dd_report_draft_window_get_officer   (DdReportDraftWindow     *self);
void                    dd_report_draft_window_set_officer   (DdReportDraftWindow     *self,
                                                              const char              *officer);
const char             *dd_report_draft_window_get_leader    (DdReportDraftWindow     *self);
void                    dd_report_draft_window_set_leader    (DdReportDraftWindow     *self,
                                                              const char              *leader);
/* Whether the draft is rendered (the incident and the desk are read). */
gboolean                dd_report_draft_window_is_ready      (DdReportDraftWindow     *self);
/* The text as shown (edits included). (transfer full) */
char                   *dd_report_draft_window_dup_text      (DdReportDraftWindow     *self);

/* What the buttons do. */
void                    dd_report_draft_window_copy          (DdReportDraftWindow     *self);
/* With %GTK_PRINT_OPERATION_ACTION_EXPORT, writes a PDF to @export_path. */
GtkPrintOperationResult dd_report_draft_window_print         (DdReportDraftWindow     *self,
                                                              GtkPrintOperationAction  action,
                                                              const char              *export_path,
                                                              GError                 **error);
/* A final draft: asks, then records the final report and closes the
 * incident. */
void                    dd_report_draft_window_confirm_final (DdReportDraftWindow     *self);
/* An initial or follow-up draft: opens the report dialog with the kind and
 * the text. (transfer none) */
DdReportDialog         *dd_report_draft_window_record_sent   (DdReportDraftWindow     *self);

G_END_DECLS

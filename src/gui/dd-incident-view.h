/* dd-incident-view.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-incident-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdIncidentView:
 *
 * One incident as the watch officer works on it: its number, sub-type,
 * grade and basis, the reporting clocks with their status, the facts and
 * texts as now known, who to call (directory suggestions for its sub-type
 * and division, with "Log Contact" to record a call made), and its whole
 * history of events. Actions (group "incident"): add-information (emits
 * #DdIncidentView::add-information, the owner opens a follow-up call),
 * edit (a #DdIncidentEditor on every element),
 * record-report (s: a step id or ""; a #DdReportDialog), draft (s:
 * initial, followup or final; a #DdReportDraftWindow), change-grade,
 * log-contact (s: a directory entry id), close and reopen. Every change is a new event appended through the store service;
 * the view reloads whenever the service reports a change.
 */
#define DD_TYPE_INCIDENT_VIEW (dd_incident_view_get_type ())
G_DECLARE_FINAL_TYPE (DdIncidentView, dd_incident_view, DD, INCIDENT_VIEW, GtkWidget)

void              dd_incident_view_set_rules       (DdIncidentView  *self,
                                                    DdIncidentRules *rules);
/* Shows the incident @id (loaded through the service), or nothing for %NULL. */
void              dd_incident_view_set_incident_id (DdIncidentView  *self,
                                                    const char      *incident_id);
const char       *dd_incident_view_get_incident_id (DdIncidentView  *self);
/* The incident as last loaded, or %NULL. */
DdIncidentDetail *dd_incident_view_get_detail      (DdIncidentView  *self);
void              dd_incident_view_record_report   (DdIncidentView  *self,
                                                    const char      *step);

G_END_DECLS

/* dd-calls-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-desk.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdCallsPage:
 *
 * The "Calls & Incidents" section: the incidents (a lazily paged
 * GtkColumnView with a live countdown of the running reporting clock), a
 * search over calls and incidents, the selected incident's facts, grade
 * and clocks, and the call intake form (win.new-call, Ctrl+N).
 */
#define DD_TYPE_CALLS_PAGE (dd_calls_page_get_type ())
G_DECLARE_FINAL_TYPE (DdCallsPage, dd_calls_page, DD, CALLS_PAGE, GtkWidget)

void        dd_calls_page_set_desk        (DdCallsPage *self,
                                           DdDesk      *desk);
/* Where the call form keeps its draft (default: the user state dir). */
void        dd_calls_page_set_draft_path  (DdCallsPage *self,
                                           const char  *path);
/* Opens the call form (or brings the open one forward), focus in the summary. */
void        dd_calls_page_new_call        (DdCallsPage *self);
void        dd_calls_page_show_incident   (DdCallsPage *self,
                                           const char  *incident_id);
/* The open call form, or %NULL. */
GtkWindow  *dd_calls_page_get_call_form   (DdCallsPage *self);
/* The rows shown (DdIncidentSummary). */
GListModel *dd_calls_page_get_model       (DdCallsPage *self);
/* "12:34 left", "overdue 3 min" or "" for a due time of 0, at @now_ms. */
char       *dd_calls_page_format_countdown (gint64      due_at,
                                            gint64      now_ms);

G_END_DECLS

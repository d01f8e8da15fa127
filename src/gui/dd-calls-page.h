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
 * GtkColumnView with a live countdown of the running reporting clock,
 * due soon from its warning time by the reporting rules) or the calls; a
 * search over calls, incidents and their updates, duty-log entries and
 * leader instructions, whose hits (of every kind) replace the list while
 * text is typed; filters (days, grade, category, division, status) that
 * narrow the search, or without text the list shown ("calls.clear-filters"
 * clears them); the selected incident's facts, grade and clocks; and the
 * call intake form (win.new-call, Ctrl+N). Activating a hit opens its
 * incident here, a log entry or instruction in the Duty Log section
 * (win.show-duty-log-item) when that lists it, else its details.
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
/* The rows of the Calls list (DdCall). */
GListModel *dd_calls_page_get_calls_model (DdCallsPage *self);
/* The results of the text search shown (DdSearchHit), best first. */
GListModel *dd_calls_page_get_search_results (DdCallsPage *self);
/* Whether a search or filtering is running (its rows not shown yet). */
gboolean    dd_calls_page_get_search_pending (DdCallsPage *self);
/* How many filters are set (dates, grade, category, division, status). */
guint       dd_calls_page_get_n_filters   (DdCallsPage *self);
/* "12:34 left", "overdue 3 min" or "" for a due time of 0, at @now_ms. */
char       *dd_calls_page_format_countdown (gint64      due_at,
                                            gint64      now_ms);

G_END_DECLS

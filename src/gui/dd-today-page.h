/* dd-today-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/* The Today section: the desk, today's regime from the duty calendar (with
 * the holiday and period names, and a flag when the year's holiday schedule
 * is missing), Beijing time, who is on duty now (copyable phone numbers),
 * until when and who takes over, sync state and pending outbox operations.
 * It refreshes at each shift boundary, on a new Beijing day and on
 * DdStoreService::changed. */
#define DD_TYPE_TODAY_PAGE (dd_today_page_get_type ())
G_DECLARE_FINAL_TYPE (DdTodayPage, dd_today_page, DD, TODAY_PAGE, AdwBin)

GtkWidget *dd_today_page_new      (void);
DdDesk    *dd_today_page_get_desk (DdTodayPage *self);
/* Shows @desk at once and reloads the rest through the service. */
void       dd_today_page_set_desk (DdTodayPage *self,
                                   DdDesk      *desk);
/* Whether the last reload has completed. */
gboolean   dd_today_page_get_loaded (DdTodayPage *self);
/* For tests and screenshots: show the page as at @now_ms (Unix ms) instead
 * of the real time; 0 goes back to the real time. Reloads. */
void       dd_today_page_set_now_override (DdTodayPage *self,
                                           gint64       now_ms);
gint64     dd_today_page_get_now_override (DdTodayPage *self);

G_END_DECLS

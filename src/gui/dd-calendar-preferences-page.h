/* dd-calendar-preferences-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-roster-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The "Duty calendar" page of the preferences: the main flood season per
 * year, important periods (add, delete) and staff leave (add, delete). Bad
 * input shows an inline error and saves nothing; deletions ask first. */
#define DD_TYPE_CALENDAR_PREFERENCES_PAGE (dd_calendar_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (DdCalendarPreferencesPage, dd_calendar_preferences_page,
                      DD, CALENDAR_PREFERENCES_PAGE, AdwPreferencesPage)

GtkWidget *dd_calendar_preferences_page_new        (DdStoreService *service);
/* Whether the last load has completed. */
gboolean   dd_calendar_preferences_page_get_loaded (DdCalendarPreferencesPage *self);

/* "YYYY-MM-DD" (the whole day) or "YYYY-MM-DD HH:MM" (Beijing time) for
 * @from and @to; a date for @to includes that day. Checks a name, the end
 * after the start and 1 or 2 leaders. */
gboolean   dd_calendar_preferences_parse_period    (const char      *name,
                                                    const char      *from,
                                                    const char      *to,
                                                    guint            leaders,
                                                    gint64          *start_ms,
                                                    gint64          *end_ms,
                                                    GError         **error);
/* Checks @absence (first <= last) against @existing (DdAbsence): another
 * absence of the same person on any of the same days is refused. */
gboolean   dd_calendar_preferences_check_absence   (GPtrArray       *existing,
                                                    const DdAbsence *absence,
                                                    GError         **error);

G_END_DECLS

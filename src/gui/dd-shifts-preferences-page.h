/* dd-shifts-preferences-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-roster-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The "Shifts" page of the preferences: the desk's shift templates (times
 * and people needed) and the least rest between two of a person's shifts.
 * Bad input shows an inline error and saves nothing. */
#define DD_TYPE_SHIFTS_PREFERENCES_PAGE (dd_shifts_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (DdShiftsPreferencesPage, dd_shifts_preferences_page,
                      DD, SHIFTS_PREFERENCES_PAGE, AdwPreferencesPage)

GtkWidget       *dd_shifts_preferences_page_new        (DdStoreService  *service);
gboolean         dd_shifts_preferences_page_get_loaded (DdShiftsPreferencesPage *self);

/* @template_ with new times ("HH:MM") and count, validated. */
DdShiftTemplate *dd_shifts_preferences_edit_template   (DdShiftTemplate *template_,
                                                        const char      *start,
                                                        const char      *end,
                                                        guint            required,
                                                        GError         **error);

G_END_DECLS

/* dd-preferences-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

#define DD_TYPE_PREFERENCES_WINDOW (dd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DdPreferencesWindow, dd_preferences_window, DD, PREFERENCES_WINDOW, AdwPreferencesWindow)

DdPreferencesWindow *dd_preferences_window_new (DdStoreService *service);

/* Whether @text may be saved as the server address: empty, or an
 * http:// or https:// URL with a host. */
gboolean             dd_preferences_validate_server_url (const char  *text,
                                                         GError     **error);

G_END_DECLS

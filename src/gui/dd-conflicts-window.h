/* dd-conflicts-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-sync-service.h"

G_BEGIN_DECLS

#define DD_TYPE_CONFLICTS_WINDOW (dd_conflicts_window_get_type ())
G_DECLARE_FINAL_TYPE (DdConflictsWindow, dd_conflicts_window, DD, CONFLICTS_WINDOW, AdwWindow)

/* The conflicts sync recorded, side by side (the kept value and the lost
 * one, which desks, when), settled by keeping, taking the other or
 * writing a value; and the changes the server refused, with its reason,
 * to send again or drop. */
GtkWidget *dd_conflicts_window_new (DdSyncService *sync_service);

G_END_DECLS

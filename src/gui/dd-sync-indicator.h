/* dd-sync-indicator.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dd-sync-service.h"

G_BEGIN_DECLS

#define DD_TYPE_SYNC_INDICATOR (dd_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (DdSyncIndicator, dd_sync_indicator, DD, SYNC_INDICATOR, GtkWidget)

/* The sync state in a header bar: synced just now, N waiting, offline
 * since HH:MM, the clock differs by N s, M conflicts; its popover has the
 * details, "Sync Now" and the conflicts and parked changes. */
GtkWidget     *dd_sync_indicator_new              (DdSyncService   *sync_service);
DdSyncService *dd_sync_indicator_get_sync_service (DdSyncIndicator *self);
void           dd_sync_indicator_set_sync_service (DdSyncIndicator *self,
                                                   DdSyncService   *sync_service);
/* What the button says, as shown. */
const char    *dd_sync_indicator_get_text         (DdSyncIndicator *self);

G_END_DECLS
